//! The checks `tonle check` runs on each event before publishing: what a row says about its
//! sources and its figures, where a careless export would mislead (a claim summed as a count,
//! a large figure from one outlet, an event dated after the report of it, a row with no
//! source). What the built outputs reveal is checked by `tonle check` itself.

use super::Problem;
use crate::diagnostics::{Code, Severity};
use crate::events::{Event, Status};
use crate::schema::Col;

/// The count from which a figure resting on one outlet is worth a second source:
/// `tonle check --large`'s default.
pub const DEFAULT_LARGE: u64 = 1000;

/// Every finding about one event, with the column at fault.
pub fn event(event: &Event, large: u64) -> Vec<(Col, Problem)> {
    let mut found = Vec::new();
    let outlets = event.outlets();
    if outlets.is_empty() {
        let hint = if event.text(Col::SourceId).is_empty() {
            "name the outlet in `source`"
        } else {
            "its `source_id`s name sources of a file: give it with --sources FILE"
        };
        found.push((
            Col::Source,
            Problem::new(Code::Unsourced, "the row has no source").hint(hint),
        ));
    }
    let involved = event.counts.involved();
    if let Some(n) = involved.filter(|n| *n >= large) {
        if outlets.len() == 1 && event.status() == Status::Reported {
            found.push((
                Col::Source,
                warning(
                    Code::SingleSource,
                    format!("{n} people rest on one outlet ({})", outlets[0]),
                    "add a second, independent source, or say how sure the figure is in `status` (confirmed, alleged, disputed)",
                ),
            ));
        }
    }
    if involved.is_some() && event.text(Col::Status).is_empty() {
        if let Some(word) = claim_word(event) {
            found.push((
                Col::Status,
                warning(
                    Code::ClaimWithoutStatus,
                    format!("the text says \"{word}\" but `status` is empty, so the count is summed as reported"),
                    "set `status` to alleged (or disputed) to keep the figure out of the totals, or to reported or confirmed to keep it in",
                ),
            ));
        }
    }
    if let (Some(start), Some(published)) = (event.date.start_day(), event.source_date) {
        if start > published {
            found.push((
                Col::Date,
                warning(
                    Code::DatedAfterSource,
                    format!(
                        "the event starts {start} at the earliest, after its source was published ({published})"
                    ),
                    "a source cannot report what had not happened: check the date and the source's date",
                ),
            ));
        }
    }
    found
}

fn warning(code: Code, message: String, hint: &'static str) -> Problem {
    Problem {
        severity: Severity::Warning,
        ..Problem::new(code, message).hint(hint)
    }
}

/// The first word of the title, description or count note that makes a figure a claim:
/// `estimate`, `claim` and their forms (`estimated`, `claims`).
fn claim_word(event: &Event) -> Option<String> {
    let text = [event.title(), event.description(), event.count_note()].join(" ");
    text.split(|c: char| !c.is_alphanumeric())
        .find(|w| {
            let w = w.to_lowercase();
            w.starts_with("estimat") || w.starts_with("claim")
        })
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(csv: &str) -> Vec<Event> {
        let gazetteer = crate::gazetteer::Gazetteer::builtin().expect("gazetteer");
        crate::read::test_events(&gazetteer, csv)
    }

    fn codes(event: &Event) -> Vec<Code> {
        super::event(event, DEFAULT_LARGE)
            .into_iter()
            .map(|(_, p)| p.code)
            .collect()
    }

    #[test]
    fn each_finding_fires_on_its_row_only() {
        let all = events(
            "id,date,type,title,place,people,status,source,source_date,count_note,source_id\n\
             ok,2022-08,raid,Raid,Bavet,2000,,A;B,2022-09-01,,\n\
             big,2022-08,raid,Raid,Bavet,2000,,A,2022-09-01,,\n\
             sure,2022-08,raid,Raid,Bavet,2000,confirmed,A,2022-09-01,,\n\
             claim,2022-08,report,Group claims 300 held,Bavet,300,,A,,,\n\
             est,2022-08,report,Held,Bavet,300,,A,,estimated,\n\
             said,2022-08,report,Group claims 300 held,Bavet,300,alleged,A,,,\n\
             late,2022-10,raid,Raid,Bavet,,,A,2022-09-01,,\n\
             noid,2022-08,raid,Raid,Bavet,,,,,,kt-1\n",
        );
        let got: Vec<(String, Vec<Code>)> =
            all.iter().map(|e| (e.id().to_owned(), codes(e))).collect();
        let want = |id: &str, c: &[Code]| (id.to_owned(), c.to_vec());
        assert_eq!(
            got,
            [
                want("ok", &[]),
                want("big", &[Code::SingleSource]),
                want("sure", &[]),
                want("claim", &[Code::ClaimWithoutStatus]),
                want("est", &[Code::ClaimWithoutStatus]),
                want("said", &[]),
                want("late", &[Code::DatedAfterSource]),
                want("noid", &[Code::Unsourced]),
            ]
        );
    }
}

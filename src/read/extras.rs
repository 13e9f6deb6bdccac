//! The extra columns of a run: each input's unknown columns joined into the run's list, named
//! for the outputs and said once in a note per input; and each row's values of them.

use crate::check::Problem;
use crate::diagnostics::{Code, Diagnostic, Location, Report, Severity};
use crate::events::{ExtraColumns, Extras, InputExtras};
use crate::export::props;
use crate::input::{extra_key, Cell, Header, Row};
use std::borrow::Cow;
use std::sync::Arc;

/// One input's extra columns: where each sits in the file and in the run.
pub struct InputColumns {
    columns: Arc<InputExtras>,
    /// Each column's position in the file, in the input's order.
    positions: Vec<usize>,
    /// Each column's name as the file gives it, for messages.
    names: Vec<String>,
}

/// Joins a header's extra columns to the run's and says in a note which they are (and any
/// carried under another name). With `fixed`, the run's columns were settled before reading
/// (the outputs have started): a column not among them is said in a warning and not carried.
pub fn join(
    header: &Header,
    at: &Location,
    run: &mut ExtraColumns,
    fixed: bool,
    report: &mut dyn Report,
) -> Option<InputColumns> {
    let mut columns = Vec::new();
    let mut positions = Vec::new();
    let mut names = Vec::new();
    let mut said = Vec::new();
    for (pos, name) in header.extras() {
        // The name becomes a property name in every output, tonle.qgs included.
        if let Err(mut problem) = crate::check::xml_text(name) {
            problem.message = problem.message.replacen("the field", "the column name", 1);
            report.report(finding(problem, at, pos, name));
            continue;
        }
        let key = extra_key(name);
        let index = match run.index_of(&key) {
            Some(index) => index,
            None if fixed => {
                report.report(late_column(at, name));
                continue;
            }
            None => {
                let carried = props::extra_name(name, run);
                run.push(key, carried.into())
            }
        };
        let Some(carried) = run.name(index) else {
            continue;
        };
        said.push(if **carried == *name {
            format!("`{name}`")
        } else {
            format!("`{name}` (as `{carried}`: tonle writes a property of that name)")
        });
        columns.push((index, carried.clone()));
        positions.push(pos);
        names.push(name.to_owned());
    }
    if columns.is_empty() {
        return None;
    }
    report.report(
        Diagnostic::new(
            at.clone(),
            Code::ExtraColumns,
            format!(
                "carried as text after the known columns, unchecked: {}",
                said.join(", ")
            ),
        )
        .with_severity(Severity::Note)
        .with_hint(
            "to read one as a known column, or to leave one out, map it with --columns FILE",
        ),
    );
    Some(InputColumns {
        columns: Arc::new(InputExtras::new(columns)),
        positions,
        names,
    })
}

fn late_column(at: &Location, name: &str) -> Diagnostic {
    Diagnostic::new(
        at.clone(),
        Code::ExtraColumns,
        format!(
            "the column `{name}` appeared after the outputs were started, so it is not carried"
        ),
    )
    .with_severity(Severity::Warning)
    .with_hint("the file changed while it was read: run again")
}

impl InputColumns {
    /// A row's values of the input's extra columns (trimmed); an unreadable cell, or one
    /// holding a character XML cannot carry, is a finding at its cell, and then there are no
    /// values.
    pub fn values(
        &self,
        row: &dyn Row,
        at: &Location,
        found: &mut Vec<Diagnostic>,
    ) -> Option<Extras> {
        let mut values: Vec<Cow<str>> = Vec::with_capacity(self.positions.len());
        let mut ok = true;
        for (&pos, name) in self.positions.iter().zip(&self.names) {
            match row.cell(pos) {
                Cell::Unreadable(why) => {
                    ok = false;
                    found.push(finding(crate::check::unreadable(why), at, pos, name));
                }
                cell => {
                    let value = cell.into_text().unwrap_or_default();
                    if let Err(problem) = crate::check::xml_text(&value) {
                        ok = false;
                        found.push(finding(problem, at, pos, name));
                    }
                    values.push(value);
                }
            }
        }
        ok.then(|| Extras::new(&self.columns, values.iter().map(|v| v.trim())))
    }
}

fn finding(problem: Problem, at: &Location, pos: usize, name: &str) -> Diagnostic {
    Diagnostic {
        location: at.at_column(pos as u64 + 1),
        field: Some(Cow::Owned(name.to_owned())),
        severity: problem.severity,
        code: problem.code,
        message: problem.message,
        hint: problem.hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::InputName;
    use crate::input::{Cells, Header};

    fn header(names: &[&str]) -> (Header, Location) {
        let at = Location {
            input: InputName::file("f.csv"),
            line: 1,
            column: None,
        };
        let row = Cells::text(1, names);
        let header = Header::parse(&row, &at, crate::schema::header_spec(), &mut Vec::new())
            .expect("a header");
        (header, at)
    }

    /// Columns are joined by their folded names across inputs, in order of first appearance;
    /// one named like a property tonle writes is carried under another name, and said so.
    #[test]
    fn columns_join_across_inputs_and_a_taken_name_is_renamed() {
        let mut run = ExtraColumns::default();
        let (first, at) = header(&[
            "id",
            "date",
            "type",
            "title",
            "source",
            "Precision",
            "Reporter",
        ]);
        let mut said = Vec::new();
        let columns = join(&first, &at, &mut run, false, &mut said).expect("extras");
        assert_eq!(
            run.names().collect::<Vec<_>>(),
            ["Precision (sheet)", "Reporter"]
        );
        assert_eq!(
            said[0].message,
            "carried as text after the known columns, unchecked: `Precision` (as `Precision (sheet)`: tonle writes a property of that name), `Reporter`"
        );
        let row = Cells::text(2, &["x", "2022", "raid", "T", "S", " exact ", ""]);
        let values = columns
            .values(&row, &at, &mut Vec::new())
            .expect("readable");
        assert_eq!(values.get(0), Some("exact"));
        assert_eq!(values.get(1), None);

        let (second, at) = header(&[
            "id", "date", "type", "title", "source", "REPORTER", "Case ref",
        ]);
        join(&second, &at, &mut run, false, &mut Vec::new()).expect("extras");
        assert_eq!(
            run.names().collect::<Vec<_>>(),
            ["Precision (sheet)", "Reporter", "Case ref"]
        );
        // Once the outputs have started, a column not met before is not carried.
        let (third, at) = header(&["id", "date", "type", "title", "source", "Late"]);
        let mut said = Vec::new();
        assert!(join(&third, &at, &mut run, true, &mut said).is_none());
        assert_eq!(said[0].severity, Severity::Warning);
        assert_eq!(run.len(), 3);
    }
}

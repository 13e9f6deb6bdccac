//! `tonle check`: before publishing, what the rows say (unsourced rows, large figures from one
//! outlet, claims counted as facts, events dated after their source) and what the public
//! outputs would reveal, looked for in the outputs themselves: they are built into a
//! temporary folder exactly as `tonle export` builds them, then searched for every confidential
//! row, private value and restricted row's exact place. Exit 1 when anything would be
//! published that should not be (or the input has errors); warnings alone exit 0.

use super::export::{private_extras, publish};
use super::{say, Inputs, Outcome, ReadEvents, CANNOT_PRINT};
use crate::check::publishing::{self, DEFAULT_LARGE};
use crate::diagnostics::{Code, Diagnostic, DiagnosticFormat, Report};
use crate::events::{Event, Sensitivity};
use crate::export::redact::{Profile, Publish, Redactor, DEFAULT_MIN_COUNT};
use crate::export::text::{coordinate, html};
use crate::export::{self, timeline::Group, write, Plan, SummaryBuilder};
use crate::gazetteer::{Gazetteer, PlaceIdx};
use crate::io::OutputSet;
use crate::read::ColumnsAt;
use crate::schema::Col;
use anyhow::Context as _;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Values shorter than this are not searched for in the outputs: a private `yes` or `n/a`
/// would be found everywhere and mean nothing.
const SHORTEST_SECRET: usize = 6;

/// Check event files before publishing them.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Event files: CSV, TSV or `;`-separated text, .xlsx, .xls or .ods (`-` for standard
    /// input). Default: the built-in dataset.
    files: Vec<PathBuf>,
    #[command(flatten)]
    read: super::ReadArgs,
    /// Columns to keep out of public outputs, as with `tonle export --private`.
    #[arg(long = "private", value_name = "COLUMN")]
    private: Vec<String>,
    /// The smallest published cell that counts a sensitive row, as with `tonle export`.
    #[arg(long, value_name = "K", default_value_t = DEFAULT_MIN_COUNT)]
    min_count: u64,
    /// The count from which a figure resting on one outlet is a warning.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_LARGE)]
    large: u64,
    #[command(flatten)]
    findings: super::FindingArgs,
}

/// Runs `tonle check`: findings to standard output, then a summary line.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let (gazetteer, mut printer) = match args.findings.open()? {
        Ok(both) => both,
        Err(outcome) => return Ok(outcome),
    };
    let publish = publish(Profile::Public, args.min_count, &args.private)?;
    let Some(inputs) = Inputs::new(&args.files, &gazetteer, &args.read, &mut printer)? else {
        let summary = ReadEvents::nothing().summary(printer.tally());
        printer.line(&format!("{summary}; nothing was checked"));
        printer.finish().context(CANNOT_PRINT)?;
        return Ok(Outcome::Findings);
    };
    let mut events = Vec::new();
    let read = inputs.stream(&mut printer, |e| events.push(e))?;
    // Outputs are built only from a valid input, as `tonle export` builds them.
    let valid = printer.tally().errors() == 0;
    for event in &events {
        for (col, problem) in publishing::event(event, args.large) {
            let at = read.columns.cell(&event.input, event.line, col);
            printer.report(problem.at(at, col));
        }
    }
    if valid && !events.is_empty() {
        let extras = private_extras(read.extras.clone(), &publish, &mut printer);
        let files = build(&events, &gazetteer, publish.clone(), extras)?;
        for d in exposures(&events, &files, &gazetteer, &publish, &read.columns) {
            printer.report(d);
        }
    }
    let summary = format!(
        "{}; checked before publishing",
        read.summary(printer.tally())
    );
    if args.findings.format == DiagnosticFormat::Text {
        printer.line(&summary);
    }
    let tally = printer.finish().context(CANNOT_PRINT)?;
    if args.findings.format == DiagnosticFormat::Json {
        say(&summary)?;
    }
    Ok(Outcome::of(&tally))
}

/// The public outputs of `events`, as `tonle export` writes them: (file name, text).
fn build(
    events: &[Event],
    gazetteer: &Gazetteer,
    publish: Publish,
    extras: crate::events::ExtraColumns,
) -> anyhow::Result<Vec<(String, String)>> {
    let mut redactor = Redactor::new(gazetteer, &publish);
    let mut public: Vec<Event> = events
        .iter()
        .filter_map(|e| redactor.apply(e.clone()))
        .collect();
    export::sort::sort(&mut public);
    let mut plan = Plan::new(&[], Group::default(), None).with_extras(extras);
    plan.publish = publish;
    plan.set_redactions(redactor.finish());
    let dir = tempfile::tempdir().context("cannot make a folder to build the outputs in")?;
    let mut outputs = OutputSet::new(dir.path()).context("cannot prepare the outputs")?;
    if !public.is_empty() {
        let summary = SummaryBuilder::of(&public, gazetteer);
        let events = public.into_iter().map(Ok);
        write::sorted(&plan, events, Some(&summary), gazetteer, &mut outputs, 1)
            .context("cannot build the public outputs")?;
    }
    let written = outputs
        .commit()
        .context("cannot build the public outputs")?;
    let mut files = Vec::new();
    for w in written {
        let bytes =
            std::fs::read(&w.path).with_context(|| format!("cannot read {}", w.path.display()))?;
        let name = w
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push((name, String::from_utf8_lossy(&bytes).into_owned()));
    }
    Ok(files)
}

/// What must not be found in any public output, for one row: the strings that would give it
/// away, the column they come from, and what finding their presence is.
struct Secret {
    col: Col,
    code: Code,
    what: String,
    needles: Vec<String>,
    /// Whether the gazetteer's own layer (`places.geojson`) may hold it (a place or a point of
    /// the gazetteer is no secret there).
    not_in_places: bool,
}

/// Every secret of a row found in a public output, as a finding at the row's cell.
fn exposures(
    events: &[Event],
    files: &[(String, String)],
    gazetteer: &Gazetteer,
    publish: &Publish,
    columns: &ColumnsAt,
) -> Vec<Diagnostic> {
    let published = published_places(events, gazetteer);
    let mut found = Vec::new();
    for event in events {
        for secret in secrets(event, gazetteer, publish, &published) {
            let hits = hits(&secret, files);
            if hits.is_empty() {
                continue;
            }
            let at = columns.cell(&event.input, event.line, secret.col);
            found.push(
                Diagnostic::new(
                    at,
                    secret.code,
                    format!("{} would be published in {}", secret.what, hits.join(", ")),
                )
                .with_field(secret.col.name())
                .with_hint("do not publish these outputs: another row may carry the same value (change one of them), or tonle's public profile missed it (a bug to report)"),
            );
        }
    }
    found
}

/// The outputs that hold every needle of a secret.
fn hits<'f>(secret: &Secret, files: &'f [(String, String)]) -> Vec<&'f str> {
    files
        .iter()
        .filter(|(name, _)| !(secret.not_in_places && name == "places.geojson"))
        .filter(|(_, text)| secret.needles.iter().all(|n| text.contains(n.as_str())))
        .map(|(name, _)| name.as_str())
        .collect()
}

/// The places the published (public and restricted, coarsened) rows name: a restricted row's
/// exact place is no secret when a public row names it too.
fn published_places(events: &[Event], gazetteer: &Gazetteer) -> BTreeSet<PlaceIdx> {
    let mut redactor = Redactor::new(gazetteer, &Publish::default());
    events
        .iter()
        .filter_map(|e| redactor.apply(e.clone()))
        .flat_map(|e| {
            let mut places: Vec<PlaceIdx> = [e.place, e.origin, e.destination]
                .into_iter()
                .flatten()
                .collect();
            places.extend(e.route.via);
            places
        })
        .collect()
}

/// A row's secrets: a confidential row's id, title and text; a restricted row's exact point,
/// place as written and places below their province; any row's private values.
fn secrets(
    event: &Event,
    gazetteer: &Gazetteer,
    publish: &Publish,
    published: &BTreeSet<PlaceIdx>,
) -> Vec<Secret> {
    let mut out = match event.sensitivity() {
        Sensitivity::Confidential => confidential(event),
        Sensitivity::Restricted => restricted(event, gazetteer, published),
        Sensitivity::Public => Vec::new(),
    };
    for col in publish.private_columns() {
        let what = "the private column's value";
        out.extend(text_secret(event, col, what, Code::PrivateValuePublished));
    }
    for (name, value) in event.extras() {
        if publish.is_private_extra(name) && value.chars().count() >= SHORTEST_SECRET {
            out.push(Secret {
                col: Col::Id,
                code: Code::PrivateValuePublished,
                what: format!("the private column `{name}`'s value `{value}`"),
                needles: vec![escaped(value)],
                not_in_places: false,
            });
        }
    }
    out
}

/// The value of a text column as a secret, when it is long enough to search for.
fn text_secret(event: &Event, col: Col, what: &str, code: Code) -> Option<Secret> {
    let value = event.text(col);
    (value.chars().count() >= SHORTEST_SECRET).then(|| Secret {
        col,
        code,
        what: format!("{what} `{value}`"),
        needles: vec![escaped(value)],
        not_in_places: false,
    })
}

/// A confidential row's id (as the outputs quote it), title, description and place as written.
fn confidential(event: &Event) -> Vec<Secret> {
    let id = event.id();
    let code = Code::PrivateValuePublished;
    let mut out = vec![Secret {
        col: Col::Id,
        code,
        what: format!("confidential row `{id}`"),
        needles: vec![format!("\"{id}\"")],
        not_in_places: false,
    }];
    out.extend(text_secret(
        event,
        Col::Title,
        "the title of a confidential row",
        code,
    ));
    let what = "the description of a confidential row";
    out.extend(text_secret(event, Col::Description, what, code));
    out.extend(text_secret(
        event,
        Col::PlaceText,
        "the place of a confidential row",
        code,
    ));
    out
}

/// A restricted row's exact point, place as written, and places below their province that no
/// published row names.
fn restricted(event: &Event, gazetteer: &Gazetteer, published: &BTreeSet<PlaceIdx>) -> Vec<Secret> {
    let code = Code::ExactPointPublished;
    let mut out = Vec::new();
    if let Some(p) = event.point {
        let (lat, lon) = (coordinate(p.lat), coordinate(p.lon));
        out.push(Secret {
            col: Col::Lat,
            code,
            what: format!(
                "the exact point of restricted row `{}` ({lat}, {lon})",
                event.id()
            ),
            needles: vec![lat, lon],
            not_in_places: true,
        });
    }
    let what = "the place as written of a restricted row";
    out.extend(text_secret(event, Col::PlaceText, what, code));
    for (col, place) in [
        (Col::Place, event.place),
        (Col::Origin, event.origin),
        (Col::Destination, event.destination),
    ] {
        let Some(p) = place.filter(|p| !published.contains(p)) else {
            continue;
        };
        let place = gazetteer.place(p);
        out.push(Secret {
            col,
            code,
            what: format!(
                "the place of restricted row `{}` ({}, below its province)",
                event.id(),
                place.name
            ),
            needles: vec![format!("\"{}\"", place.id)],
            not_in_places: true,
        });
    }
    out
}

/// A value as the outputs would hold it: its first line, which JSON, CSV and HTML all keep as
/// written unless it holds characters they escape (then its HTML form, the story page's).
fn escaped(value: &str) -> String {
    let first = value.lines().next().unwrap_or(value);
    if first.contains(['<', '>', '&', '"', '\'']) {
        html(first)
    } else {
        first.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_found_only_where_all_its_needles_are() {
        let files = vec![
            ("events.geojson".to_owned(), "[106.1401,11.0712]".to_owned()),
            ("places.geojson".to_owned(), "\"bavet\"".to_owned()),
        ];
        let secret = Secret {
            col: Col::Lat,
            code: Code::ExactPointPublished,
            what: String::new(),
            needles: vec!["11.0712".to_owned(), "106.1401".to_owned()],
            not_in_places: true,
        };
        assert_eq!(hits(&secret, &files), ["events.geojson"]);
        let place = Secret {
            needles: vec!["\"bavet\"".to_owned()],
            ..secret
        };
        assert!(
            hits(&place, &files).is_empty(),
            "the gazetteer's layer lists every place"
        );
        assert_eq!(escaped("a <b> & c\nsecond"), "a &lt;b&gt; &amp; c");
        assert_eq!(escaped("plain"), "plain");
    }
}

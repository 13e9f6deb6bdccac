//! `tonle fix`: read a sheet as `validate` does and write it back canonical (known columns in
//! schema order under their canonical names, extra columns after, EDTF dates, type names, ISO
//! codes, whole counts with count_note), with a report of every cell changed and the rule that
//! changed it. A sheet with errors is not written at all: the errors are listed, as by
//! `validate`, and nothing partial is left behind.

use super::{say, Inputs, Outcome, CANNOT_PRINT};
use crate::diagnostics::{Code, Diagnostic, DiagnosticFormat, Printer, Report};
use crate::events::{Event, ExtraColumns};
use crate::read::fixing::{canonical, changes, Change, Written};
use crate::schema::{Col, COLUMNS};
use anyhow::Context as _;
use std::path::{Path, PathBuf};

/// Write a sheet back in canonical form, with a report of each cell changed.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Event files: CSV, TSV or `;`-separated text, .xlsx, .xls or .ods (`-` for standard
    /// input), written one after the other into the output.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The canonical CSV to write.
    #[arg(short = 'o', long = "output", value_name = "OUT.csv")]
    output: PathBuf,
    /// Where to write the change report (default: OUT.changes.csv beside the output).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    #[command(flatten)]
    read: super::ReadArgs,
    #[command(flatten)]
    findings: super::FindingArgs,
}

/// Prints every finding but the notes saying how a cell was read: the change report lists
/// those, one line a cell.
struct Findings<'p, W: std::io::Write> {
    printer: &'p mut Printer<W>,
    read_as: u64,
}

impl<W: std::io::Write> Report for Findings<'_, W> {
    fn report(&mut self, diagnostic: Diagnostic) {
        if diagnostic.code == Code::ReadAs {
            self.read_as += 1;
        } else {
            self.printer.report(diagnostic);
        }
    }
}

/// Runs `tonle fix`.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    // Two files are written (the sheet, and its change report named after it), and only when
    // the input has no error: standard output cannot be either.
    for (flag, path) in [
        ("-o", Some(&args.output)),
        ("--report", args.report.as_ref()),
    ] {
        if path.is_some_and(|p| p == Path::new("-")) {
            anyhow::bail!(
                "{flag} -: tonle fix writes files, not standard output; give a file name, e.g. -o clean.csv"
            );
        }
    }
    let (gazetteer, mut printer) = match args.findings.open()? {
        Ok(both) => both,
        Err(outcome) => return Ok(outcome),
    };
    let mut findings = Findings {
        printer: &mut printer,
        read_as: 0,
    };
    let Some(mut inputs) = Inputs::new(&args.files, &gazetteer, &args.read, &mut findings)? else {
        printer.finish().context(CANNOT_PRINT)?;
        return Ok(Outcome::Findings);
    };
    inputs.keep_written();
    let mut events = Vec::new();
    let read = inputs.read_every(&mut findings, |e| events.push(e))?;
    let written = inputs.take_written();
    let tally = printer.tally().clone();
    if tally.errors() > 0 {
        let summary = format!(
            "{}; nothing written: tonle fix writes a sheet only when it has no errors",
            read.summary(&tally)
        );
        finish(printer, args.findings.format, &summary)?;
        return Ok(Outcome::Findings);
    }
    let report_path = args
        .report
        .clone()
        .unwrap_or_else(|| changes_path(&args.output));
    let table = Table::new(&events, &written, &read.extras);
    let (sheet, log, changed) = table.to_csv()?;
    replace(&args.output, &sheet)?;
    replace(&report_path, &log)?;
    let rows_changed = changed.iter().filter(|c| !c.is_empty()).count();
    let cells: usize = changed.iter().map(Vec::len).sum();
    let summary = format!(
        "{}; {} changed in {}: wrote {} and {}",
        read.summary(&tally),
        super::count(cells, "cell"),
        super::count(rows_changed, "row"),
        args.output.display(),
        report_path.display()
    );
    finish(printer, args.findings.format, &summary)?;
    Ok(Outcome::Clean)
}

/// Prints the summary after the findings (text) or on standard error (JSON).
fn finish(
    mut printer: Printer<std::io::Stdout>,
    format: DiagnosticFormat,
    summary: &str,
) -> anyhow::Result<()> {
    if format == DiagnosticFormat::Text {
        printer.line(summary);
    }
    printer.finish().context(CANNOT_PRINT)?;
    if format == DiagnosticFormat::Json {
        say(summary)?;
    }
    Ok(())
}

/// `clean.csv` -> `clean.changes.csv`.
fn changes_path(output: &Path) -> PathBuf {
    let stem = output
        .file_stem()
        .map_or_else(|| "fixed".into(), |s| s.to_string_lossy().into_owned());
    output.with_file_name(format!("{stem}.changes.csv"))
}

/// The canonical sheet and the change report, as CSV, and each row's changes.
type Fixed = (Vec<u8>, Vec<u8>, Vec<Vec<Change>>);

/// The canonical sheet: which columns it has, and its rows.
struct Table<'a> {
    known: Vec<Col>,
    extras: Vec<String>,
    rows: Vec<(&'a Event, &'a Written)>,
}

impl<'a> Table<'a> {
    /// The known columns any input has (and `id`, and `count_note` when a count reading fills
    /// it), then the extra columns in order of first appearance.
    fn new(events: &'a [Event], written: &'a [Written], extras: &ExtraColumns) -> Table<'a> {
        let rows: Vec<(&Event, &Written)> = events.iter().zip(written).collect();
        let known = COLUMNS
            .iter()
            .map(|c| c.col)
            .filter(|&col| {
                col == Col::Id
                    || rows.iter().any(|(e, w)| {
                        w.cells[col as usize].is_some() || !canonical(col, e, w).is_empty()
                    })
            })
            .collect();
        let extras = extras.names().map(str::to_owned).collect();
        Table {
            known,
            extras,
            rows,
        }
    }

    /// The sheet and the change report as CSV bytes, and each row's changes.
    fn to_csv(&self) -> anyhow::Result<Fixed> {
        let mut sheet = csv::Writer::from_writer(Vec::new());
        let header = self
            .known
            .iter()
            .map(|c| c.name())
            .chain(self.extras.iter().map(String::as_str));
        sheet.write_record(header)?;
        let mut log = csv::Writer::from_writer(Vec::new());
        log.write_record(["file", "row", "column", "before", "after", "rule"])?;
        let mut all = Vec::with_capacity(self.rows.len());
        for (event, written) in &self.rows {
            let known = self.known.iter().map(|&col| canonical(col, event, written));
            let extras = (0..self.extras.len()).map(|i| event.extra(i).unwrap_or("").into());
            sheet.write_record(
                known
                    .chain(extras)
                    .map(|c: std::borrow::Cow<str>| c.into_owned()),
            )?;
            let found = changes(event, written);
            for change in &found {
                log.write_record([
                    written.input.file.as_str(),
                    &written.line.to_string(),
                    change.col.name(),
                    &change.before,
                    &change.after,
                    &change.rule,
                ])?;
            }
            all.push(found);
        }
        let sheet = sheet.into_inner().context("cannot build the sheet")?;
        let log = log.into_inner().context("cannot build the change report")?;
        Ok((sheet, log, all))
    }
}

/// Writes a file whole: into a temporary file beside it, then renamed over it, so that a
/// failure leaves the old file (or none), never half of one.
fn replace(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let temporary = path.with_file_name(format!(".{name}.tonle-fix"));
    std::fs::write(&temporary, bytes)
        .with_context(|| format!("cannot write {}", temporary.display()))?;
    std::fs::rename(&temporary, path).with_context(|| {
        let _ = std::fs::remove_file(&temporary);
        format!("cannot write {}", path.display())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;
    use crate::gazetteer::Gazetteer;
    use crate::read::Loader;
    use proptest::prelude::*;

    static GAZETTEER: std::sync::LazyLock<Gazetteer> =
        std::sync::LazyLock::new(|| Gazetteer::builtin().expect("built-in gazetteer"));

    /// Fixes `input`: the canonical sheet, its change report and what reading it found.
    fn fix(input: &[u8], name: &str) -> (Vec<u8>, Vec<u8>, Vec<Diagnostic>) {
        let mut loader = Loader::new(&GAZETTEER);
        loader.keep_written();
        let mut found = Vec::new();
        let mut events = Vec::new();
        loader
            .read_from(input, name, &mut found, |e| events.push(e))
            .expect("reading from memory does not fail");
        let written = loader.take_written();
        assert_eq!(written.len(), events.len());
        let (sheet, log, _) = Table::new(&events, &written, loader.extras())
            .to_csv()
            .expect("CSV in memory");
        (sheet, log, found)
    }

    /// Cells an analyst writes, canonical or not; every one reads (none is an error).
    fn cell(options: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
        proptest::sample::select(options)
    }

    const DATES: &[&str] = &[
        "15/09/2022",
        "Sept 2022",
        "Q3 2022",
        "c. 2020",
        "2022-08-18 - 2022-09-10",
        "Jan-Mar 2023",
        "2023/02",
        "week of 12 Sep 2022",
        "2022-08-26 14:00",
        "late 2022",
        "18 Aug 2022",
        "2022-08",
        "2020-2022",
        "since Aug 2022",
        "Aug 2022?",
        "05/04/2023",
    ];
    const TYPES: &[&str] = &[
        "Police raid",
        "Crackdown",
        "raid",
        "Rescue",
        "arrested",
        "Deportation",
        "TIP report",
    ];
    const COUNTS: &[&str] = &[
        "30+",
        "~100",
        "unknown",
        "7 (incl. 2 minors)",
        "",
        "12",
        "over 30",
        "40-50",
        "twelve",
        "1 310",
        "n/a",
        "about 100",
    ];
    const NATIONALITIES: &[&str] = &[
        "Chinese, Vietnamese",
        "Indonesian",
        "Thai and Sri Lankan",
        "cn",
        "CN:62;VN:9",
        "62 Chinese",
        "kenyan;ugandan",
        "",
        "Burmese/Myanmar",
    ];
    const COUNT_NOTES: &[&str] = &["", "at least", "from police figures"];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        /// Fixing a fixed sheet changes nothing, and the fixed sheet validates with no note.
        #[test]
        fn fixing_is_idempotent_and_leaves_nothing_to_say(rows in proptest::collection::vec(
            (cell(DATES), cell(TYPES), cell(COUNTS), cell(COUNTS), cell(NATIONALITIES), cell(COUNT_NOTES)),
            1..12,
        )) {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(["Date", "Category", "Location", "Title", "Victims", "Arrested", "Nationalities", "count_note", "Source"]).expect("header");
            // One day over 12 settles the column's order (05/04/2023 alone is an error).
            writer.write_record(["15/09/2022", "raid", "Bavet", "T", "", "", "", "", "S"]).expect("row");
            for (date, kind, victims, arrested, nationalities, note) in &rows {
                writer.write_record([*date, *kind, "Sihanoukville", "T", *victims, *arrested, *nationalities, *note, "S"]).expect("row");
            }
            let input = writer.into_inner().expect("flush");
            let (sheet, _, found) = fix(&input, "messy.csv");
            let errors: Vec<_> = found.iter().filter(|d| d.severity == Severity::Error).collect();
            prop_assert!(errors.is_empty(), "{:?}", errors);
            let (again, log, found) = fix(&sheet, "fixed.csv");
            let text = String::from_utf8_lossy(&sheet);
            prop_assert_eq!(&again, &sheet, "fixing the fixed sheet changed it:\n{}", text);
            prop_assert_eq!(String::from_utf8_lossy(&log), "file,row,column,before,after,rule\n");
            prop_assert!(found.is_empty(), "the fixed sheet still has findings: {:?}\n{}", found, text);
        }
    }

    #[test]
    fn the_report_names_each_changed_cell_and_its_rules() {
        let input = "Date,Category,Location,Title,Victims,Source,Notes\n\
                     15/09/2022,Police raid,Otres,T,30+,S,kept\n";
        let (sheet, log, _) = fix(input.as_bytes(), "a.csv");
        assert_eq!(
            String::from_utf8_lossy(&sheet),
            "id,date,type,title,place,victims,count_note,source,notes\n\
             a-2,2022-09-15,raid,T,Otres,30,at least,S,kept\n"
        );
        assert_eq!(
            String::from_utf8_lossy(&log),
            "file,row,column,before,after,rule\n\
             a.csv,2,id,,a-2,id-made\n\
             a.csv,2,date,15/09/2022,2022-09-15,date-day-first\n\
             a.csv,2,type,Police raid,raid,type-synonym\n\
             a.csv,2,victims,30+,30,count-at-least\n\
             a.csv,2,count_note,,at least,count-at-least\n"
        );
    }
}

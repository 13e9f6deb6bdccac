//! `tonle fix`: read a sheet as `validate` does and write it back canonical (known columns in
//! schema order under their canonical names, extra columns after, EDTF dates, type names, ISO
//! codes, whole counts with count_note), with a report of every cell changed and the rule that
//! changed it. A sheet with errors is not written at all: the errors are listed, as by
//! `validate`, and nothing partial is left behind.

use super::{invalid_gazetteer, load_gazetteer, say, Inputs, Outcome, ReadEvents};
use crate::diagnostics::{Code, Diagnostic, DiagnosticFormat, Printer, Report};
use crate::events::Event;
use crate::read::fixing::{canonical, changes, Change, Written};
use crate::schema::{Col, COLUMNS};
use anyhow::Context as _;
use std::path::{Path, PathBuf};

const CANNOT_PRINT: &str = "cannot write the findings to standard output";

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
    /// A folder with provinces.csv, zones.csv and/or countries.csv to add to the built-in
    /// gazetteer.
    #[arg(long, value_name = "DIR")]
    gazetteer: Option<PathBuf>,
    /// How to print findings: `text` or `json`.
    #[arg(long, value_enum, default_value_t)]
    format: DiagnosticFormat,
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
    let mut printer = Printer::new(std::io::stdout(), args.format);
    let Some(gazetteer) = load_gazetteer(args.gazetteer.as_deref(), &mut printer)? else {
        let tally = printer.finish().context(CANNOT_PRINT)?;
        say(&invalid_gazetteer(&tally))?;
        return Ok(Outcome::Findings);
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
        finish(printer, args.format, &summary)?;
        return Ok(Outcome::Findings);
    }
    let report_path = args
        .report
        .clone()
        .unwrap_or_else(|| changes_path(&args.output));
    let table = Table::new(&events, &written, &read);
    let changed = table.write(&args.output, &report_path)?;
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
    finish(printer, args.format, &summary)?;
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

/// The canonical sheet: which columns it has, and its rows.
struct Table<'a> {
    known: Vec<Col>,
    extras: Vec<String>,
    rows: Vec<(&'a Event, &'a Written)>,
}

impl<'a> Table<'a> {
    /// The known columns any input has (and `id`, and `count_note` when a count reading fills
    /// it), then the extra columns in order of first appearance.
    fn new(events: &'a [Event], written: &'a [Written], read: &ReadEvents) -> Table<'a> {
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
        let extras = read.extras.names().map(str::to_owned).collect();
        Table {
            known,
            extras,
            rows,
        }
    }

    /// Writes the sheet and the change report, each whole or not at all; returns each row's
    /// changes.
    fn write(&self, output: &Path, report: &Path) -> anyhow::Result<Vec<Vec<Change>>> {
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
        replace(output, &sheet)?;
        replace(report, &log)?;
        Ok(all)
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

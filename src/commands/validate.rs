//! `tonle validate`: read every row of every file, report every problem, exit 1 if any.

use super::{gazetteer_and_printer, say, stream_events, Outcome, CANNOT_PRINT};
use crate::diagnostics::DiagnosticFormat;
use anyhow::Context as _;
use std::path::PathBuf;

/// Check event files against the schema and the gazetteer.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Event files: CSV, TSV or `;`-separated text, .xlsx, .xls or .ods (`-` for standard
    /// input). Default: the built-in dataset.
    files: Vec<PathBuf>,
    #[command(flatten)]
    read: super::ReadArgs,
    /// A folder with provinces.csv, zones.csv and/or countries.csv to add to the built-in
    /// gazetteer (rows with the same id replace built-in ones).
    #[arg(long, value_name = "DIR")]
    gazetteer: Option<PathBuf>,
    /// How to print findings: `text` (file:line:column: error: ...) or `json` (one object per
    /// line).
    #[arg(long, value_enum, default_value_t)]
    format: DiagnosticFormat,
}

/// Runs `tonle validate`. Findings go to standard output as they are found; the summary
/// follows them (text), or goes to standard error (JSON, so that standard output is JSON Lines
/// only). A reader that stops early (`| head -1`) does not change the exit status.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let (gazetteer, mut printer) =
        match gazetteer_and_printer(args.gazetteer.as_deref(), args.format)? {
            Ok(both) => both,
            Err(outcome) => return Ok(outcome),
        };
    let read = stream_events(&args.files, &gazetteer, &args.read, &mut printer, drop)?;
    let summary = read.summary(printer.tally());
    if args.format == DiagnosticFormat::Text {
        printer.line(&summary);
    }
    let tally = printer.finish().context(CANNOT_PRINT)?;
    if args.format == DiagnosticFormat::Json {
        say(&summary)?;
    }
    Ok(Outcome::of(&tally))
}

//! `tonle validate`: read every row of every file, report every problem, exit 1 if any.

use super::{say, stream_events, Outcome, CANNOT_PRINT};
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
    #[command(flatten)]
    findings: super::FindingArgs,
}

/// Runs `tonle validate`. Findings go to standard output as they are found; the summary
/// follows them (text), or goes to standard error (JSON, so that standard output is JSON Lines
/// only). A reader that stops early (`| head -1`) does not change the exit status.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let (gazetteer, mut printer) = match args.findings.open()? {
        Ok(both) => both,
        Err(outcome) => return Ok(outcome),
    };
    let read = stream_events(&args.files, &gazetteer, &args.read, &mut printer, drop)?;
    let summary = read.summary(printer.tally());
    if args.findings.format == DiagnosticFormat::Text {
        printer.line(&summary);
    }
    let tally = printer.finish().context(CANNOT_PRINT)?;
    if args.findings.format == DiagnosticFormat::Json {
        say(&summary)?;
    }
    Ok(Outcome::of(&tally))
}

//! `tonle validate`: read every row of every file, report every problem, exit 1 if any.

use super::{load_gazetteer, stream_events};
use crate::cli::Outcome;
use crate::diagnostics::{self, DiagnosticFormat};
use std::io::Write;
use std::path::PathBuf;

/// Check event files against the schema and the gazetteer.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Event CSV files (`-` for standard input). Default: the built-in dataset.
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

/// Runs `tonle validate`.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let gazetteer = match load_gazetteer(args.gazetteer.as_deref())? {
        Ok(g) => g,
        Err(found) => {
            diagnostics::write_all(&mut out, &found, args.format)?;
            eprintln!("the gazetteer has {} error(s)", found.len());
            return Ok(Outcome::Findings);
        }
    };
    let read = stream_events(&args.files, &gazetteer, &args.read, drop)?;
    diagnostics::write_all(&mut out, &read.diagnostics, args.format)?;
    out.flush()?;
    let summary = read.summary();
    match args.format {
        DiagnosticFormat::Text => writeln!(out, "{summary}")?,
        DiagnosticFormat::Json => eprintln!("{summary}"),
    }
    Ok(if read.diagnostics.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

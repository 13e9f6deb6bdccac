//! One module per subcommand, each with its `Args` and `run`; the loading they share is here.

pub mod export;
pub mod gazetteer;
pub mod validate;

use crate::diagnostics::{self, Diagnostic, DiagnosticFormat};
use crate::events::{Event, Loader, BUILTIN};
use crate::gazetteer::{Gazetteer, LoadError};
use std::path::{Path, PathBuf};

/// Loads the gazetteer, built-in or with a user's folder merged in. Invalid rows are findings
/// (returned as diagnostics); an unreadable folder is a hard error.
pub fn load_gazetteer(dir: Option<&Path>) -> anyhow::Result<Result<Gazetteer, Vec<Diagnostic>>> {
    match Gazetteer::load(dir) {
        Ok(g) => Ok(Ok(g)),
        Err(LoadError::Invalid(diagnostics)) => Ok(Err(diagnostics)),
        Err(e) => Err(e.into()),
    }
}

/// Every event of the given files (the built-in dataset when none), in reading order, with
/// the problems found and the number of files read.
pub struct ReadEvents {
    /// The valid events.
    pub events: Vec<Event>,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// Files read.
    pub files: usize,
}

/// The encoding named by `--encoding`, or an error listing what would be right.
pub fn encoding(label: Option<&str>) -> anyhow::Result<Option<&'static encoding_rs::Encoding>> {
    let Some(label) = label else { return Ok(None) };
    encoding_rs::Encoding::for_label(label.trim().as_bytes())
        .map(Some)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "--encoding {label}: unknown encoding; use a WHATWG label such as utf-8, windows-1252, latin1, utf-16le, utf-16be"
            )
        })
}

/// Reads event files, or the built-in dataset when `files` is empty.
pub fn read_events(
    files: &[PathBuf],
    gazetteer: &Gazetteer,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> anyhow::Result<ReadEvents> {
    // The built-in dataset is UTF-8 whatever the flag says.
    let mut loader = Loader::new(gazetteer).with_encoding(encoding.filter(|_| !files.is_empty()));
    let mut events = Vec::new();
    let mut diagnostics = Vec::new();
    if files.is_empty() {
        for (name, text) in BUILTIN {
            loader.read_from(text.as_bytes(), name, &mut diagnostics, |e| events.push(e))?;
        }
        return Ok(ReadEvents {
            events,
            diagnostics,
            files: BUILTIN.len(),
        });
    }
    for path in files {
        loader.read_path(path, &mut diagnostics, |e| events.push(e))?;
    }
    Ok(ReadEvents {
        events,
        diagnostics,
        files: files.len(),
    })
}

/// Prints diagnostics to standard error in the chosen format.
pub fn report(found: &[Diagnostic], format: DiagnosticFormat) -> anyhow::Result<()> {
    let stderr = std::io::stderr();
    diagnostics::write_all(&mut stderr.lock(), found, format)?;
    Ok(())
}

/// `1 event`, `2 events`.
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

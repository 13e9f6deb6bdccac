//! One module per subcommand, each with its `Args` and `run`; the loading they share is here.

pub mod export;
pub mod gazetteer;
pub mod validate;

use crate::diagnostics::{self, Diagnostic, DiagnosticFormat};
use crate::events::{Event, Loader, BUILTIN};
use crate::gazetteer::{Gazetteer, LoadError};
use crate::table::Limits;
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

/// What reading the given files (the built-in dataset when none) found: the problems, the
/// number of files and of valid events. The events themselves went to the caller one by one.
pub struct ReadEvents {
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// Files read.
    pub files: usize,
    /// Valid events read.
    pub count: usize,
}

/// How event files are read: their encoding and the limits that keep a broken file from
/// taking all the memory. Shared by `validate` and `export`.
#[derive(Debug, Clone, clap::Args)]
pub struct ReadArgs {
    /// Read the event files in this encoding instead of UTF-8 (e.g. `windows-1252`, `latin1`,
    /// `utf-16le`): for spreadsheets saved as plain "CSV" or "Unicode text".
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,
    /// The longest field accepted, in bytes.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_field_bytes)]
    max_field_bytes: u64,
    /// The most rows accepted per file.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_rows)]
    max_rows: u64,
}

impl ReadArgs {
    /// The encoding named by `--encoding`, or an error listing what would be right.
    fn encoding(&self) -> anyhow::Result<Option<&'static encoding_rs::Encoding>> {
        let Some(label) = &self.encoding else {
            return Ok(None);
        };
        encoding_rs::Encoding::for_label(label.trim().as_bytes())
            .map(Some)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "--encoding {label}: unknown encoding; use a WHATWG label such as utf-8, windows-1252, latin1, utf-16le, utf-16be"
                )
            })
    }

    fn limits(&self) -> Limits {
        Limits {
            max_field_bytes: self.max_field_bytes,
            max_rows: self.max_rows,
            ..Limits::default()
        }
    }
}

/// Reads event files, or the built-in dataset when `files` is empty, handing each valid event
/// to `on_event` as soon as it is read and keeping none: memory stays flat however long the
/// files are, unless the caller keeps them.
pub fn stream_events(
    files: &[PathBuf],
    gazetteer: &Gazetteer,
    how: &ReadArgs,
    mut on_event: impl FnMut(Event),
) -> anyhow::Result<ReadEvents> {
    let encoding = how.encoding()?;
    // The built-in dataset is UTF-8 whatever the flag says.
    let mut loader = Loader::new(gazetteer)
        .with_encoding(encoding.filter(|_| !files.is_empty()))
        .with_limits(how.limits());
    let mut count = 0;
    let mut diagnostics = Vec::new();
    let mut each = |e| {
        count += 1;
        on_event(e);
    };
    if files.is_empty() {
        for (name, text) in BUILTIN {
            loader.read_from(text.as_bytes(), name, &mut diagnostics, &mut each)?;
        }
    } else {
        for path in files {
            loader.read_path(path, &mut diagnostics, &mut each)?;
        }
    }
    Ok(ReadEvents {
        diagnostics,
        files: if files.is_empty() {
            BUILTIN.len()
        } else {
            files.len()
        },
        count,
    })
}

/// Prints diagnostics to standard error in the chosen format.
pub fn report(found: &[Diagnostic], format: DiagnosticFormat) -> anyhow::Result<()> {
    let stderr = std::io::stderr();
    diagnostics::write_all(&mut stderr.lock(), found, format)?;
    Ok(())
}

impl ReadEvents {
    /// `59 events, 0 errors in 1 file`.
    pub fn summary(&self) -> String {
        format!(
            "{}, {} in {}",
            count(self.count, "event"),
            count(self.diagnostics.len(), "error"),
            count(self.files, "file")
        )
    }
}

/// `1 event`, `2 events`.
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

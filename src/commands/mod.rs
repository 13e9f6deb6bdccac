//! One module per subcommand, each with its `Args` and `run`; the loading they share is here.

pub mod export;
pub mod gazetteer;
pub mod validate;

use crate::diagnostics::{Report, Tally};
use crate::events::{Event, BUILTIN};
use crate::gazetteer::{Gazetteer, LoadError};
use crate::input::Limits;
use crate::journeys::Journeys;
use crate::read::Loader;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What a command found, as far as the exit code is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing wrong.
    Clean,
    /// The input has problems, reported.
    Findings,
}

impl Outcome {
    /// Findings when the tally has errors (warnings and notes never fail a run).
    pub fn of(tally: &Tally) -> Outcome {
        if tally.errors() > 0 {
            Outcome::Findings
        } else {
            Outcome::Clean
        }
    }
}

/// Loads the gazetteer, built-in or with a user's folder merged in: the one place that turns
/// a gazetteer that does not load into findings. An invalid row is a finding, reported to
/// `report` (the command's findings stream), and there is no gazetteer; an unreadable folder
/// is a hard error.
pub fn load_gazetteer(
    dir: Option<&Path>,
    report: &mut dyn Report,
) -> anyhow::Result<Option<Gazetteer>> {
    match Gazetteer::load(dir) {
        Ok(g) => Ok(Some(g)),
        Err(LoadError::Invalid(found)) => {
            for d in found {
                report.report(d);
            }
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// What to say after an invalid gazetteer: `the gazetteer has 3 errors`.
pub fn invalid_gazetteer(tally: &Tally) -> String {
    format!(
        "the gazetteer has {}",
        crate::diagnostics::count_words(tally.errors(), "error")
    )
}

/// Writes a line of our own to standard error. A reader that went away is no error; any other
/// failure (a full device) is returned, never a panic.
pub fn say(text: &str) -> std::io::Result<()> {
    match writeln!(std::io::stderr(), "{text}") {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e),
        _ => Ok(()),
    }
}

/// What reading the given files (the built-in dataset when none) found: the number of files
/// and of valid events. The events went to the caller one by one, the findings to the report.
pub struct ReadEvents {
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
/// to `on_event` and each finding to `report` as soon as it is found, keeping neither: memory
/// stays flat however long the files are, unless the caller keeps them (the legs of journeys
/// told over several rows are noted, a few dozen bytes each, and checked across rows at the
/// end: their findings come after every row's).
pub fn stream_events(
    files: &[PathBuf],
    gazetteer: &Gazetteer,
    how: &ReadArgs,
    report: &mut dyn Report,
    mut on_event: impl FnMut(Event),
) -> anyhow::Result<ReadEvents> {
    let encoding = how.encoding()?;
    // The built-in dataset is UTF-8 whatever the flag says.
    let mut loader = Loader::new(gazetteer)
        .with_encoding(encoding.filter(|_| !files.is_empty()))
        .with_limits(how.limits());
    let mut count = 0;
    let mut journeys = Journeys::new();
    let mut each = |e: Event| {
        count += 1;
        journeys.add(&e);
        on_event(e);
    };
    if files.is_empty() {
        for (name, text) in BUILTIN {
            loader.read_from(text.as_bytes(), name, report, &mut each)?;
        }
    } else {
        for path in files {
            loader.read_path(path, report, &mut each)?;
        }
    }
    journeys.finish(gazetteer, report);
    Ok(ReadEvents {
        files: if files.is_empty() {
            BUILTIN.len()
        } else {
            files.len()
        },
        count,
    })
}

impl ReadEvents {
    /// `59 events, 0 errors in 1 file` (warnings and notes named when there are some).
    pub fn summary(&self, tally: &Tally) -> String {
        format!(
            "{}, {} in {}",
            count(self.count, "event"),
            tally.words(),
            count(self.files, "file")
        )
    }
}

/// `1 event`, `2 events`.
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

//! One module per subcommand, each with its `Args` and `run`; the loading they share is here.

pub mod check;
pub mod export;
pub mod fix;
pub mod gazetteer;
pub mod template;
pub mod validate;

use crate::diagnostics::{DiagnosticFormat, InputName, Printer, Report, Tally};
use crate::events::{Event, ExtraColumns, BUILTIN};
use crate::gazetteer::{Gazetteer, LoadError};
use crate::input::{columns, sniff, Limits, Mapping};
use crate::journeys::Journeys;
use crate::read::prescan::Flags;
use crate::read::{self, Loader};
use crate::readings::counts::Thousands;
use crate::readings::dates::DateOrder;
use anyhow::Context as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// What a command that prints its findings to standard output says when it cannot.
pub const CANNOT_PRINT: &str = "cannot write the findings to standard output";

/// What `validate`, `check` and `fix` are all told the same way: the gazetteer to read against
/// and how to print findings.
#[derive(clap::Args, Debug)]
pub struct FindingArgs {
    /// A folder with provinces.csv, zones.csv and/or countries.csv to add to the built-in
    /// gazetteer (rows with the same id replace built-in ones).
    #[arg(long, value_name = "DIR")]
    gazetteer: Option<PathBuf>,
    /// How to print findings: `text` (file:line:column: error: ...) or `json` (one object per
    /// line).
    #[arg(long, value_enum, default_value_t)]
    pub format: DiagnosticFormat,
}

impl FindingArgs {
    /// The gazetteer and the printer ([`gazetteer_and_printer`]).
    pub fn open(&self) -> anyhow::Result<Result<(Gazetteer, Printer<std::io::Stdout>), Outcome>> {
        gazetteer_and_printer(self.gazetteer.as_deref(), self.format)
    }
}

/// The gazetteer a command reads against (`dir` over the built-in one) and the printer of its
/// findings, on standard output in `format`. When the gazetteer's own rows are invalid, their
/// findings are printed with a line saying how many, and `Err` is the command's outcome.
pub fn gazetteer_and_printer(
    dir: Option<&Path>,
    format: DiagnosticFormat,
) -> anyhow::Result<Result<(Gazetteer, Printer<std::io::Stdout>), Outcome>> {
    let mut printer = Printer::new(std::io::stdout(), format);
    if let Some(gazetteer) = load_gazetteer(dir, &mut printer)? {
        return Ok(Ok((gazetteer, printer)));
    }
    let tally = printer.finish().context(CANNOT_PRINT)?;
    say(&invalid_gazetteer(&tally))?;
    Ok(Err(Outcome::Findings))
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
    /// The extra columns of the inputs (columns tonle does not know), in order of first
    /// appearance: what outputs carry after the known ones.
    pub extras: ExtraColumns,
    /// The inputs read, as messages name them (a workbook's with its sheet).
    pub inputs: Vec<Arc<InputName>>,
    /// Where each input has each known column.
    pub columns: read::ColumnsAt,
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
    /// The delimiter of text files: `,` `;` `tab` `|` (default: found from the header row).
    #[arg(long, value_name = "CHAR", value_parser = sniff::parse_delimiter)]
    delimiter: Option<u8>,
    /// The sheet of a workbook to read, by name or number from 1 (default: the first whose
    /// first row names known columns).
    #[arg(long, value_name = "NAME|N")]
    sheet: Option<String>,
    /// A TOML file mapping your header names to tonle's columns (`"Lieu" = "place"`), or
    /// to `"-"` to leave a column out.
    #[arg(long, value_name = "FILE")]
    columns: Option<PathBuf>,
    /// Read numeric dates such as 05/04/2023 day first (5 April 2023). Default: settled by
    /// the column (a cell with a day over 12), else an error.
    #[arg(long, conflicts_with = "month_first")]
    day_first: bool,
    /// Read numeric dates such as 05/04/2023 month first (May 4, 2023).
    #[arg(long)]
    month_first: bool,
    /// The thousands separator in counts: `,` (1,310 is 1310) or `.` (1.310 is 1310).
    /// Default: settled by the column's other values, else `1,310` is an error.
    #[arg(long, value_name = "CHAR", value_parser = parse_thousands)]
    thousands: Option<Thousands>,
    /// A file of sources (CSV, TSV or a workbook's sheet, with the columns `source_id`,
    /// `outlet`, `url`, `published`, `archived_url`, `sha256`) that events name by id in their
    /// `source_id` column.
    #[arg(long, value_name = "FILE")]
    sources: Option<PathBuf>,
    /// Threads to work with: rows parsed and checked on N workers (a text file cut into
    /// chunks); in `export`, sorting on another and each output formatted on its own. 1 does
    /// it all on one. Any number gives the same outputs and findings, in the same order.
    #[arg(long, value_name = "N", default_value_t = default_threads(), value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: u16,
    /// The size text is cut at to be parsed on several threads (default 256 KiB): a knob for
    /// tests, which cut small inputs into many chunks to show the cuts change nothing.
    #[arg(long, value_name = "BYTES", hide = true, value_parser = clap::value_parser!(u32).range(1..))]
    chunk_bytes: Option<u32>,
}

/// The cores of the machine (threads beyond them still help: the outputs wait on writes).
fn default_threads() -> u16 {
    std::thread::available_parallelism().map_or(1, |n| u16::try_from(n.get()).unwrap_or(u16::MAX))
}

/// `--thousands`: `,` or `.`.
fn parse_thousands(text: &str) -> Result<Thousands, String> {
    Thousands::from_flag(text).map_err(|e| format!("{} ({})", e.message, e.hint))
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

    /// How dates and counts are read, as the flags say.
    pub fn flags(&self) -> Flags {
        let order = match (self.day_first, self.month_first) {
            (true, _) => Some(DateOrder::DayFirst),
            (_, true) => Some(DateOrder::MonthFirst),
            _ => None,
        };
        Flags {
            order,
            thousands: self.thousands,
        }
    }

    fn limits(&self) -> Limits {
        Limits {
            max_field_bytes: self.max_field_bytes,
            max_rows: self.max_rows,
            ..Limits::default()
        }
    }

    /// The `--columns` mapping: `None` when the file has problems (reported); an unreadable
    /// file is a hard error.
    fn mapping(&self, report: &mut dyn Report) -> anyhow::Result<Option<Mapping>> {
        let Some(path) = &self.columns else {
            return Ok(Some(Mapping::default()));
        };
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("--columns {}: cannot read it", path.display()))?;
        let file = path.display().to_string();
        match columns::parse(&file, &text, crate::schema::header_spec()) {
            Ok(mapping) => Ok(Some(mapping)),
            Err(found) => {
                for d in found {
                    report.report(d);
                }
                Ok(None)
            }
        }
    }
}

/// The event inputs of a run and the loader that reads them, set up from the flags before
/// any is read.
pub struct Inputs<'g> {
    loader: Loader<'g>,
    files: Vec<PathBuf>,
}

impl<'g> Inputs<'g> {
    /// The inputs `files` (the built-in dataset when empty), read as `how` says. `None` when
    /// the `--columns` file has problems (reported): nothing can be read then.
    pub fn new(
        files: &[PathBuf],
        gazetteer: &'g Gazetteer,
        how: &ReadArgs,
        report: &mut dyn Report,
    ) -> anyhow::Result<Option<Inputs<'g>>> {
        let encoding = how.encoding()?;
        let Some(mapping) = how.mapping(report)? else {
            return Ok(None);
        };
        // The built-in dataset is UTF-8 CSV whatever the flags say.
        let options = read::Options {
            encoding: encoding.filter(|_| !files.is_empty()),
            delimiter: how.delimiter.filter(|_| !files.is_empty()),
            sheet: how.sheet.clone(),
            limits: how.limits(),
            flags: how.flags(),
            progress: crate::io::progress::for_files(files),
            threads: usize::from(how.threads),
            chunk_bytes: how.chunk_bytes.map(|n| n as usize),
        };
        let mut loader = Loader::new(gazetteer)
            .with_options(options)
            .with_mapping(&mapping);
        if let Some(path) = &how.sources {
            let Some(sources) = loader.read_sources(path, report)? else {
                return Ok(None);
            };
            loader = loader.with_sources(Some(sources));
        }
        Ok(Some(Inputs {
            loader,
            files: files.to_vec(),
        }))
    }

    /// Reads the header of every input, to know the run's extra columns before any row is
    /// read (for outputs that start before the first row).
    pub fn scan_extras(&mut self) -> anyhow::Result<ExtraColumns> {
        Ok(self.loader.scan_extras(&self.files)?.clone())
    }

    /// Reads every input, handing each valid event to `on_event` and each finding to
    /// `report` as soon as it is found, keeping neither.
    pub fn stream(
        mut self,
        report: &mut dyn Report,
        on_event: impl FnMut(Event),
    ) -> anyhow::Result<ReadEvents> {
        self.read_every(report, on_event)
    }

    /// Keeps each event's cells as written and how they were read, for [`Inputs::take_written`]
    /// (`tonle fix`).
    pub fn keep_written(&mut self) {
        self.loader.keep_written();
    }

    /// The cells as written of the events read since [`Inputs::keep_written`], in their order.
    pub fn take_written(&mut self) -> Vec<read::fixing::Written> {
        self.loader.take_written()
    }

    /// Reads every input, as [`Inputs::stream`] does, keeping the inputs.
    pub fn read_every(
        &mut self,
        report: &mut dyn Report,
        mut on_event: impl FnMut(Event),
    ) -> anyhow::Result<ReadEvents> {
        let mut count = 0;
        let mut journeys = Journeys::new();
        let mut each = |e: Event| {
            count += 1;
            journeys.add(&e);
            on_event(e);
        };
        if self.files.is_empty() {
            for (name, text) in BUILTIN {
                self.loader
                    .read_from(text.as_bytes(), name, report, &mut each)?;
            }
        } else {
            for path in &self.files {
                self.loader.read_path(path, report, &mut each)?;
            }
        }
        if let Some(bar) = &self.loader.options().progress {
            bar.finish_and_clear();
        }
        journeys.finish(self.loader.gazetteer(), report);
        Ok(ReadEvents {
            files: if self.files.is_empty() {
                BUILTIN.len()
            } else {
                self.files.len()
            },
            count,
            extras: self.loader.extras().clone(),
            inputs: self.loader.inputs().to_vec(),
            columns: self.loader.columns().clone(),
        })
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
    on_event: impl FnMut(Event),
) -> anyhow::Result<ReadEvents> {
    match Inputs::new(files, gazetteer, how, report)? {
        Some(inputs) => inputs.stream(report, on_event),
        None => Ok(ReadEvents::nothing()),
    }
}

impl ReadEvents {
    /// Nothing read (the flags said how to read and could not be used).
    pub fn nothing() -> Self {
        ReadEvents {
            files: 0,
            count: 0,
            extras: ExtraColumns::default(),
            inputs: Vec::new(),
            columns: read::ColumnsAt::default(),
        }
    }

    /// `59 events, 0 errors in 1 file` (warnings and notes named when there are some), and
    /// which sheet of each workbook was read: `... in 1 file (sheet `Events` of events.xlsx)`.
    pub fn summary(&self, tally: &Tally) -> String {
        let sheets: Vec<String> = self
            .inputs
            .iter()
            .filter_map(|i| {
                let sheet = i.sheet.as_deref()?;
                Some(format!(
                    "sheet `{}` of {}",
                    crate::diagnostics::escape(sheet),
                    crate::diagnostics::escape(&i.file)
                ))
            })
            .collect();
        let sheets = if sheets.is_empty() {
            String::new()
        } else {
            format!(" ({})", sheets.join(", "))
        };
        format!(
            "{}, {} in {}{sheets}",
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

//! Outputs: one module per file format, each a unit struct implementing [`Output`], all listed
//! once in [`OUTPUTS`] in the order they are written.
//!
//! An output is a streaming [`Sink`]: it is started with a [`Context`] (the gazetteer, the
//! plan, and for outputs that need it the [`Summary`] of every event to be written), fed the
//! events one at a time in output order, and finished. [`write::sorted`] feeds every planned
//! output the events merged by [`sort::Sorter`] (sorted in bounded memory, the summary computed
//! while they were read); [`write::streamed`] feeds them the events as they are read (`--order
//! input`), which only outputs that need no summary can take. Either way each output formats
//! on a thread of its own.
//! `--only`, the summary line, the refusals and the README all read this registry: no format
//! is named outside its own module.
//!
//! Adding an output: a module with a unit struct implementing [`Output`], one [`OUTPUTS`] line,
//! and a README entry; the tests in this file check its name, file and documentation.

mod activity;
mod countries;
pub mod csv;
mod events;
pub mod flows;
pub mod geojson;
#[cfg(feature = "geoparquet")]
mod geoparquet;
mod gpkg;
mod journeys;
pub mod legend;
mod movements;
pub mod period;
mod places;
mod plan;
pub mod props;
pub mod provinces;
pub mod qgis;
pub mod redact;
mod redactions;
pub mod sort;
pub mod story;
mod storymap;
mod summary;
pub mod tally;
pub mod text;
pub mod timeline;
mod timelinejs;
mod vis;
mod vis_css;
pub mod write;

pub use plan::{Plan, DEFAULT_TITLE};
pub use sort::sort;
pub use summary::{Summary, SummaryBuilder};

use crate::events::Event;
use crate::gazetteer::Gazetteer;
use std::io::{self, Write};

/// What an output's items are called, one and many: `1 feature`, `2 features`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Noun {
    /// One.
    pub one: &'static str,
    /// Several, or none.
    pub many: &'static str,
}

impl Noun {
    /// `n` items, with the right form of the noun.
    pub fn count(self, n: usize) -> String {
        format!("{n} {}", if n == 1 { self.one } else { self.many })
    }
}

/// What an output is, as the command line, the summary line and the README name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct About {
    /// Its `--only` name.
    pub name: &'static str,
    /// The file it writes.
    pub file: &'static str,
    /// What its items are called in the summary line.
    pub items: Noun,
    /// What it is, for `--only`'s help and the README.
    pub doc: &'static str,
    /// Whether it needs the [`Summary`] of every event before its first event: such an output
    /// cannot be written with `--order input`.
    pub needs_summary: bool,
}

/// One file `tonle export` can write.
pub trait Output: Sync {
    /// What it is.
    fn about(&self) -> &'static About;
    /// Whether it can be written with the rest of the plan; the message says what to add.
    fn check(&self, _plan: &Plan) -> Result<(), String> {
        Ok(())
    }
    /// Starts writing to `out`.
    fn start<'a>(&self, ctx: Context<'a>, out: &'a mut dyn Write)
        -> io::Result<Box<dyn Sink + 'a>>;

    /// Its `--only` name.
    fn name(&self) -> &'static str {
        self.about().name
    }
    /// The file it writes.
    fn file(&self) -> &'static str {
        self.about().file
    }
    /// What its items are called.
    fn items(&self) -> Noun {
        self.about().items
    }
    /// What it is.
    fn doc(&self) -> &'static str {
        self.about().doc
    }
    /// Whether it needs the summary of every event.
    fn needs_summary(&self) -> bool {
        self.about().needs_summary
    }
}

/// An output being written, one event at a time.
pub trait Sink {
    /// Adds an event (in output order).
    fn event(&mut self, event: &Event) -> io::Result<()>;
    /// Closes the file; returns how many items it holds.
    fn finish(self: Box<Self>) -> io::Result<usize>;
}

/// What an output is started with.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// Where places are.
    pub gazetteer: &'a Gazetteer,
    /// The whole export: which outputs, how timelines group, the boundaries.
    pub plan: &'a Plan<'a>,
    /// Every event to be written, summed up; there for outputs that need it.
    pub summary: Option<&'a Summary>,
}

impl<'a> Context<'a> {
    /// The summary, for an output that said it needs one; an error when a sum in it grew too
    /// large to hold.
    pub fn summary(&self) -> io::Result<&'a Summary> {
        let summary = self.summary.ok_or_else(|| {
            io::Error::other(
                "an output that needs the summary of every event was started without it",
            )
        })?;
        match &summary.overflow {
            Some(overflow) => Err(io::Error::new(
                io::ErrorKind::InvalidData,
                overflow.to_string(),
            )),
            None => Ok(summary),
        }
    }
}

/// Every output, in the order they are written (and listed in help and the README).
pub static OUTPUTS: &[&dyn Output] = &[
    &events::Events,
    &movements::Movements,
    &journeys::Journeys,
    &flows::FlowsLayer,
    &activity::Activity,
    &provinces::Provinces,
    &places::Places,
    &countries::Countries,
    &timelinejs::TimelineJs,
    &vis::Vis,
    &vis_css::VisCss,
    &csv::Csv,
    &flows::csv::FlowsCsv,
    #[cfg(feature = "geoparquet")]
    &geoparquet::GeoParquet,
    &qgis::Qgis,
    &gpkg::Gpkg,
    &story::Story,
    &storymap::StoryMap,
    &redactions::RedactionsCsv,
];

/// The output with this `--only` name.
pub fn by_name(name: &str) -> Option<&'static dyn Output> {
    OUTPUTS.iter().copied().find(|o| o.name() == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::BUILTIN;
    use crate::read::Loader;

    #[test]
    fn names_and_files_are_unique_and_every_output_is_documented() {
        let mut names: Vec<&str> = OUTPUTS.iter().map(|o| o.name()).collect();
        let mut files: Vec<&str> = OUTPUTS.iter().map(|o| o.file()).collect();
        names.sort_unstable();
        names.dedup();
        files.sort_unstable();
        files.dedup();
        assert_eq!(names.len(), OUTPUTS.len());
        assert_eq!(files.len(), OUTPUTS.len());
        let readme = include_str!("../../README.md");
        for o in OUTPUTS {
            assert!(o.doc().len() > 10, "{} has no doc", o.name());
            assert!(
                o.name().bytes().all(|b| b.is_ascii_lowercase()),
                "{}",
                o.name()
            );
            assert!(
                readme.contains(&format!("`out/{}`", o.file())),
                "the README's outputs table lacks {}",
                o.file()
            );
            assert!(
                readme.contains(&format!("`{}`", o.name())),
                "the README does not name `{}`",
                o.name()
            );
            assert_eq!(by_name(o.name()).map(super::Output::file), Some(o.file()));
        }
    }

    #[test]
    fn nouns_agree_with_their_count() {
        let noun = Noun {
            one: "feature",
            many: "features",
        };
        assert_eq!(noun.count(1), "1 feature");
        assert_eq!(noun.count(0), "0 features");
        assert_eq!(noun.count(2), "2 features");
    }

    pub(crate) fn builtin_events() -> Vec<Event> {
        let gazetteer = Gazetteer::builtin().expect("built-in gazetteer");
        let mut events = Vec::new();
        let mut found = Vec::new();
        for (name, text) in BUILTIN {
            Loader::new(&gazetteer)
                .read_from(text.as_bytes(), name, &mut found, |e| events.push(e))
                .expect("in memory");
        }
        assert!(found.is_empty(), "{found:?}");
        events
    }
}

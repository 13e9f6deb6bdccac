//! The plan of an export: which outputs, in write order, and what they are written with.

use super::flows::FlowLevel;
use super::period::Period;
use super::provinces::Boundaries;
use super::redact::{Publish, Redactions};
use super::timeline::Group;
use super::{Output, OUTPUTS};
use crate::events::ExtraColumns;
use std::borrow::Cow;
use std::sync::Mutex;

/// The title outputs carry when `--title` gives none.
pub const DEFAULT_TITLE: &str = "Human trafficking and scam compounds in Cambodia";

/// What an internal export adds to its title, so that it is never mistaken for a public one.
pub const INTERNAL_MARK: &str = "(INTERNAL: not for publication)";

/// Everything an export run needs besides the events.
pub struct Plan<'a> {
    /// The outputs to write, in the order of [`OUTPUTS`].
    pub outputs: Vec<&'static dyn Output>,
    /// How timelines group events.
    pub group: Group,
    /// The province outlines (a user's, or the shipped ones); the layers that draw provinces
    /// use the shipped ones when there are none.
    pub boundaries: Option<&'a Boundaries>,
    /// The inputs' extra columns (columns tonle does not know), which the GeoJSON layers and
    /// the CSV carry after their own: known before the first output starts, as the CSV header
    /// lists them.
    pub extras: ExtraColumns,
    /// `--title`: what the timelines' title slide, the story page, storymap.json and the QGIS
    /// project are called; see [`Plan::title`].
    pub title: Option<String>,
    /// The periods flows and activity are summed by (`--period`).
    pub period: Period,
    /// Where flows' ends are summed (`--flow-level`).
    pub flow_level: FlowLevel,
    /// The profile (public or internal), `--min-count` and `--private`.
    pub publish: Publish,
    /// What the public profile withheld and coarsened: filled while the events are read,
    /// complete before any output finishes (`redactions.csv` is written at its end).
    pub redactions: Mutex<Redactions>,
}

impl<'a> Plan<'a> {
    /// A plan for the outputs named (every output when none), in write order.
    pub fn new(names: &[String], group: Group, boundaries: Option<&'a Boundaries>) -> Self {
        let outputs = OUTPUTS
            .iter()
            .copied()
            .filter(|o| names.is_empty() || names.iter().any(|n| n == o.name()))
            .collect();
        Plan {
            outputs,
            group,
            boundaries,
            extras: ExtraColumns::default(),
            title: None,
            period: Period::default(),
            flow_level: FlowLevel::default(),
            publish: Publish::default(),
            redactions: Mutex::new(Redactions::default()),
        }
    }

    /// The same plan with the title `--title` gave (trimmed; `None` or blank: the default).
    #[must_use]
    pub fn with_title(mut self, title: Option<&str>) -> Self {
        self.title = title
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        self
    }

    /// The title of the export: `--title`, or [`DEFAULT_TITLE`]; an internal export says so
    /// in it, so that no one mistakes it for the public one.
    pub fn title(&self) -> Cow<'_, str> {
        let title = self.title.as_deref().unwrap_or(DEFAULT_TITLE);
        if self.publish.is_public() {
            Cow::Borrowed(title)
        } else {
            Cow::Owned(format!("{title} {INTERNAL_MARK}"))
        }
    }

    /// The top-level members the per-event GeoJSON layers carry: none for a public export; an
    /// internal one says what it is.
    pub fn members(&self) -> &'static [(&'static str, &'static str)] {
        if self.publish.is_public() {
            &[]
        } else {
            &[
                ("profile", "internal"),
                ("warning", "internal export: private columns and confidential rows included; not for publication"),
            ]
        }
    }

    /// What the public profile withheld and coarsened so far.
    pub fn redactions(&self) -> Redactions {
        self.redactions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Records what the public profile withheld and coarsened.
    pub fn set_redactions(&self, redactions: Redactions) {
        *self
            .redactions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = redactions;
    }

    /// The plan, writing these extra columns after the known ones.
    #[must_use]
    pub fn with_extras(mut self, extras: ExtraColumns) -> Self {
        self.extras = extras;
        self
    }

    /// Whether the plan writes `output`.
    pub fn has(&self, output: &dyn Output) -> bool {
        self.outputs.iter().any(|o| o.name() == output.name())
    }

    /// Whether every output can be written with the rest; the first that cannot says why.
    pub fn check(&self) -> Result<(), String> {
        self.outputs.iter().try_for_each(|o| o.check(self))
    }

    /// Whether every output can be written as events are read (`--order input`); if not, a
    /// message naming those that cannot and what can.
    pub fn check_streamable(&self) -> Result<(), String> {
        let cannot: Vec<&str> = self
            .outputs
            .iter()
            .filter(|o| o.needs_summary())
            .map(|o| o.file())
            .collect();
        if cannot.is_empty() {
            return Ok(());
        }
        let can: Vec<&str> = OUTPUTS
            .iter()
            .filter(|o| !o.needs_summary())
            .map(|o| o.name())
            .collect();
        Err(format!(
            "--order input streams events and cannot write {}: they need every event at once \
             (sorted, aggregated or scaled); add --only {}, or drop --order input",
            cannot.join(", "),
            can.join(",")
        ))
    }

    /// Whether the plan writes `output`'s layer: as its own file, or inside the GeoPackage.
    pub fn draws(&self, output: &dyn Output) -> bool {
        self.has(output) || (self.has(&super::gpkg::Gpkg) && super::gpkg::holds(output.name()))
    }

    /// Whether an output draws activity or flows, or is styled by them (the QGIS project and
    /// the GeoPackage): only then are they summed with the summary.
    pub fn sums_displacement(&self) -> bool {
        self.draws(&super::activity::Activity)
            || self.draws(&super::flows::FlowsLayer)
            || self.has(&super::flows::csv::FlowsCsv)
            || self.has(&super::qgis::Qgis)
    }

    /// Whether any output needs the summary of every event.
    pub fn needs_summary(&self) -> bool {
        self.outputs.iter().any(|o| o.needs_summary())
    }
}

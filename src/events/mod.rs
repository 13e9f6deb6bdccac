//! Events: one dated, sourced fact per row, joined to the gazetteer's places.
//!
//! The columns are declared in `crate::schema`. Reading (`crate::read::Loader`) runs each row
//! through `crate::input` (a source's raw cells), `crate::check` (typed values, every problem
//! reported) and `crate::join` (names resolved to places); what comes out is an [`Event`],
//! which is all the exporters need.

mod claim;
mod extras;
mod route;
mod sources;
mod text;

pub use claim::{Sensitivity, Status};
pub use extras::{ExtraColumns, Extras, InputExtras};
pub use route::{Leg, Mode, Route, Stage};
pub use sources::{SourceRecord, SourceRow, Sources, COLUMNS as SOURCE_COLUMNS};
pub use text::{EventText, TextBuilder};

use crate::dates::EventDate;
use crate::diagnostics::InputName;
use crate::gazetteer::PlaceIdx;
use crate::schema::{Col, Kind, COLUMNS, COUNT_SLOTS};
use chrono::NaiveDate;
use std::sync::Arc;

/// The values a column of kind `kind` takes when they form a closed list: the template's
/// drop-down lists are made from these. Here, beside the lists, so that the schema needs
/// nothing of the events. (No wildcard arm: a new kind says whether it has
/// one.)
pub fn choices(kind: Kind) -> Option<Vec<&'static str>> {
    match kind {
        Kind::EventType => Some(EventType::ALL.iter().map(|t| t.as_str()).collect()),
        Kind::Stage => Some(Stage::ALL.iter().map(|s| s.as_str()).collect()),
        Kind::Mode => Some(Mode::ALL.iter().map(|m| m.as_str()).collect()),
        Kind::Status => Some(Status::ALL.iter().map(|s| s.as_str()).collect()),
        Kind::Sensitivity => Some(Sensitivity::ALL.iter().map(|s| s.as_str()).collect()),
        Kind::Journey
        | Kind::Leg
        | Kind::Via
        | Kind::Id
        | Kind::Date
        | Kind::Text
        | Kind::Place
        | Kind::Coordinate
        | Kind::Count
        | Kind::Nationalities
        | Kind::List
        | Kind::Urls
        | Kind::Day => None,
    }
}

/// What happened. The list is closed so that maps can be styled and timelines grouped by it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum EventType {
    /// Police or task-force raid on a site.
    Raid,
    /// Arrests.
    Arrest,
    /// Victims rescued.
    Rescue,
    /// Victims returned home.
    Repatriation,
    /// People deported.
    Deportation,
    /// Operations moving elsewhere.
    Relocation,
    /// People moved by traffickers.
    TraffickingRoute,
    /// A site shut down.
    Closure,
    /// Figures, studies, official statistics.
    Report,
    /// Laws, rankings, official decisions.
    Policy,
    /// What an official or organisation said.
    Statement,
    /// Protests.
    Protest,
    /// Court cases.
    Trial,
    /// Anything else that happened.
    Incident,
}

impl EventType {
    /// Every type, in the order listed in the schema.
    pub const ALL: [EventType; 14] = [
        EventType::Raid,
        EventType::Arrest,
        EventType::Rescue,
        EventType::Repatriation,
        EventType::Deportation,
        EventType::Relocation,
        EventType::TraffickingRoute,
        EventType::Closure,
        EventType::Report,
        EventType::Policy,
        EventType::Statement,
        EventType::Protest,
        EventType::Trial,
        EventType::Incident,
    ];

    /// The name used in files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Raid => "raid",
            EventType::Arrest => "arrest",
            EventType::Rescue => "rescue",
            EventType::Repatriation => "repatriation",
            EventType::Deportation => "deportation",
            EventType::Relocation => "relocation",
            EventType::TraffickingRoute => "trafficking_route",
            EventType::Closure => "closure",
            EventType::Report => "report",
            EventType::Policy => "policy",
            EventType::Statement => "statement",
            EventType::Protest => "protest",
            EventType::Trial => "trial",
            EventType::Incident => "incident",
        }
    }

    /// Parses the name used in files.
    pub fn parse(text: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.as_str() == text)
    }

    /// A label for people: `Trafficking route`.
    pub fn label(self) -> &'static str {
        match self {
            EventType::Raid => "Raid",
            EventType::Arrest => "Arrest",
            EventType::Rescue => "Rescue",
            EventType::Repatriation => "Repatriation",
            EventType::Deportation => "Deportation",
            EventType::Relocation => "Relocation",
            EventType::TraffickingRoute => "Trafficking route",
            EventType::Closure => "Closure",
            EventType::Report => "Report",
            EventType::Policy => "Policy",
            EventType::Statement => "Statement",
            EventType::Protest => "Protest",
            EventType::Trial => "Trial",
            EventType::Incident => "Incident",
        }
    }
}

/// The people counts a row may give, one per count column of the schema; `None` is unknown,
/// never zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Counts([Option<u64>; COUNT_SLOTS]);

impl Counts {
    /// The count in column `col` (`None` for a column that holds no count).
    pub fn get(&self, col: Col) -> Option<u64> {
        col.count_slot().and_then(|slot| self.0[slot])
    }

    /// Sets the count of column `col` (a column that holds no count is ignored).
    pub fn set(&mut self, col: Col, value: Option<u64>) {
        if let Some(slot) = col.count_slot() {
            self.0[slot] = value;
        }
    }

    /// Each count column with its value, in schema order.
    pub fn iter(&self) -> impl Iterator<Item = (Col, Option<u64>)> + '_ {
        count_columns().zip(self.0)
    }

    /// The counts in schema order.
    pub fn values(&self) -> [Option<u64>; COUNT_SLOTS] {
        self.0
    }

    /// The largest known count: how many people the event involved, at least.
    pub fn involved(&self) -> Option<u64> {
        self.0.into_iter().flatten().max()
    }
}

/// The columns that hold counts of people, in schema order.
pub fn count_columns() -> impl Iterator<Item = Col> {
    COLUMNS
        .iter()
        .filter(|c| c.kind == Kind::Count)
        .map(|c| c.col)
}

/// A WGS84 point.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Point {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// A validated event with its places resolved.
///
/// Its serde encoding is what an export spills to disk while sorting (`crate::export::sort`):
/// every field must derive `Serialize` and `Deserialize`, so a new column flows through.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Event {
    /// Its text fields: see the accessors.
    pub text: EventText,
    /// When.
    pub date: EventDate,
    /// What happened.
    pub kind: EventType,
    /// Where it happened.
    pub place: Option<PlaceIdx>,
    /// Where people or operations moved from.
    pub origin: Option<PlaceIdx>,
    /// Where people or operations moved to.
    pub destination: Option<PlaceIdx>,
    /// An exact point overriding the gazetteer's.
    pub point: Option<Point>,
    /// People counts.
    pub counts: Counts,
    /// When the source was published.
    #[serde(with = "crate::io::spill::maybe_day")]
    pub source_date: Option<NaiveDate>,
    /// The journey its movement is a leg of, its stage, mode and stops.
    pub route: Route,
    /// The input the row came from.
    #[serde(with = "crate::io::spill::shared")]
    pub input: Arc<InputName>,
    /// The line the row starts on.
    pub line: u64,
    /// The values of its input's extra columns (columns tonle does not know).
    pub extras: Extras,
}

fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').filter(|s| !s.is_empty())
}

impl Event {
    /// Whether the event is a movement (has both an origin and a destination).
    pub fn movement(&self) -> Option<(PlaceIdx, PlaceIdx)> {
        self.origin.zip(self.destination)
    }

    /// The value of a text column (empty for a column that is not one).
    pub fn text(&self, col: Col) -> &str {
        self.text.get(col)
    }

    /// Stable, unique identifier.
    pub fn id(&self) -> &str {
        self.text.get(Col::Id)
    }

    /// Short headline.
    pub fn title(&self) -> &str {
        self.text.get(Col::Title)
    }

    /// The place as the source wrote it.
    pub fn place_text(&self) -> &str {
        self.text.get(Col::PlaceText)
    }

    /// How the counts are to be read.
    pub fn count_note(&self) -> &str {
        self.text.get(Col::CountNote)
    }

    /// A few sentences.
    pub fn description(&self) -> &str {
        self.text.get(Col::Description)
    }

    /// The outlets or bodies, `;`-separated.
    pub fn source(&self) -> &str {
        self.text.get(Col::Source)
    }

    /// `CN:62;VN:9` as written in the schema, canonical; empty when none.
    pub fn nationalities(&self) -> &str {
        self.text.get(Col::Nationalities)
    }

    /// Who acted, `;`-separated.
    pub fn actors(&self) -> &str {
        self.text.get(Col::Actors)
    }

    /// Free tags, `;`-separated.
    pub fn tags(&self) -> &str {
        self.text.get(Col::Tags)
    }

    /// Links to the source, `;`-separated.
    pub fn source_urls_text(&self) -> &str {
        self.text.get(Col::SourceUrl)
    }

    /// Links to the source (http or https only).
    pub fn source_urls(&self) -> impl Iterator<Item = &str> {
        items(self.source_urls_text())
    }

    /// How well its figures are established (`reported` when the row does not say).
    pub fn status(&self) -> Status {
        Status::parse(self.text.get(Col::Status)).unwrap_or_default()
    }

    /// Who may see it (`public` when the row does not say).
    pub fn sensitivity(&self) -> Sensitivity {
        Sensitivity::parse(self.text.get(Col::Sensitivity)).unwrap_or_default()
    }

    /// The outlets it is sourced to, in order (`source`, or those of its `source_id`s once
    /// resolved), each once.
    pub fn outlets(&self) -> Vec<&str> {
        let mut outlets: Vec<&str> = Vec::new();
        for outlet in items(self.source()) {
            if !outlets.iter().any(|o| o.eq_ignore_ascii_case(outlet)) {
                outlets.push(outlet);
            }
        }
        outlets
    }

    /// Each source as (outlet, link): `source` and `source_url` are aligned lists, so the n-th
    /// link is the n-th outlet's; one outlet owns every link; an outlet without links has
    /// none. Every outlet and every link appears once.
    pub fn sources(&self) -> Vec<(&str, Option<&str>)> {
        let outlets: Vec<&str> = items(self.source()).collect();
        let links: Vec<&str> = self.source_urls().collect();
        if links.is_empty() {
            return outlets.into_iter().map(|o| (o, None)).collect();
        }
        if outlets.len() == links.len() {
            return outlets
                .into_iter()
                .zip(links.into_iter().map(Some))
                .collect();
        }
        // One outlet with several links (the row checker refuses any other mismatch).
        let outlet = self.source();
        links.into_iter().map(|l| (outlet, Some(l))).collect()
    }

    /// The extra columns of the event's input (columns tonle does not know), each with its
    /// value as text (empty when blank), in the input's order. Outputs write the run's extra
    /// columns ([`ExtraColumns`]) with [`Event::extra`] instead, so that every row has the same
    /// columns whatever file it came from.
    pub fn extras(&self) -> impl Iterator<Item = (&str, &str)> {
        self.extras.iter()
    }

    /// The value of the run's extra column `index`; `None` when blank or when the event's
    /// input has no such column.
    pub fn extra(&self, index: usize) -> Option<&str> {
        self.extras.get(index)
    }
}

/// The embedded curated dataset: `events/*.csv` as (file name, contents).
pub const BUILTIN: &[(&str, &str)] = &[(
    "<built-in>/events/cambodia-2016-2022.csv",
    include_str!("../../events/cambodia-2016-2022.csv"),
)];

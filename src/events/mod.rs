//! Events: one dated, sourced fact per row, joined to the gazetteer's places.
//!
//! The schema is a spreadsheet's: a header row, columns in any order, only `id`, `date`,
//! `type`, `title` and `source` required, plus `place` or an `origin` and a `destination`.
//! Reading checks every field and reports every problem with its line and column (see
//! [`read`]); what comes out is an [`Event`] whose places are already resolved, which is all
//! the exporters need.

mod read;

pub use read::{Loader, ReadError, COLUMNS};

use crate::dates::EventDate;
use crate::gazetteer::PlaceIdx;
use chrono::NaiveDate;

/// What happened. The list is closed so that maps can be styled and timelines grouped by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

/// The people counts a row may give; `None` is unknown, never zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// People arrested.
    pub arrested: Option<u64>,
    /// People rescued.
    pub rescued: Option<u64>,
    /// People deported.
    pub deported: Option<u64>,
    /// Victims.
    pub victims: Option<u64>,
    /// People involved or moved, when the source gives no finer figure.
    pub people: Option<u64>,
}

impl Counts {
    /// The column names, in output order.
    pub const NAMES: [&'static str; 5] = ["arrested", "rescued", "deported", "victims", "people"];

    /// The counts in the order of [`Counts::NAMES`].
    pub fn values(&self) -> [Option<u64>; 5] {
        [
            self.arrested,
            self.rescued,
            self.deported,
            self.victims,
            self.people,
        ]
    }

    /// The largest known count: how many people the event involved, at least.
    pub fn involved(&self) -> Option<u64> {
        self.values().into_iter().flatten().max()
    }
}

/// One nationality with its count, if given: `CN:62`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nationality {
    /// ISO 3166-1 alpha-2.
    pub code: String,
    /// How many people, if the source says.
    pub count: Option<u64>,
}

/// A WGS84 point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// A validated event with its places resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Stable, unique identifier.
    pub id: String,
    /// When.
    pub date: EventDate,
    /// What happened.
    pub kind: EventType,
    /// Short headline.
    pub title: String,
    /// Where it happened.
    pub place: Option<PlaceIdx>,
    /// Where people or operations moved from.
    pub origin: Option<PlaceIdx>,
    /// Where people or operations moved to.
    pub destination: Option<PlaceIdx>,
    /// The place as the source wrote it.
    pub place_text: String,
    /// An exact point overriding the gazetteer's.
    pub point: Option<Point>,
    /// People counts.
    pub counts: Counts,
    /// How the counts are to be read ("at least", "4 or 5").
    pub count_note: String,
    /// Nationalities involved.
    pub nationalities: Vec<Nationality>,
    /// Who acted.
    pub actors: Vec<String>,
    /// A few sentences.
    pub description: String,
    /// The outlet or body.
    pub source: String,
    /// Links to the source (http or https only).
    pub source_urls: Vec<String>,
    /// When the source was published.
    pub source_date: Option<NaiveDate>,
    /// Free tags.
    pub tags: Vec<String>,
    /// The file the row came from.
    pub file: std::sync::Arc<str>,
    /// The line the row starts on.
    pub line: u64,
}

impl Event {
    /// Whether the event is a movement (has both an origin and a destination).
    pub fn movement(&self) -> Option<(PlaceIdx, PlaceIdx)> {
        self.origin.zip(self.destination)
    }

    /// `CN:62;VN:9` as written in the schema.
    pub fn nationalities_text(&self) -> String {
        let mut out = String::new();
        for (i, n) in self.nationalities.iter().enumerate() {
            if i > 0 {
                out.push(';');
            }
            out.push_str(&n.code);
            if let Some(count) = n.count {
                out.push(':');
                out.push_str(&count.to_string());
            }
        }
        out
    }
}

/// The embedded curated dataset: `events/*.csv` as (file name, contents).
pub const BUILTIN: &[(&str, &str)] = &[(
    "<built-in>/events/cambodia-2016-2022.csv",
    include_str!("../../events/cambodia-2016-2022.csv"),
)];

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

/// A WGS84 point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// The text fields of an event, in the order the reader checks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// Stable, unique identifier.
    Id,
    /// Short headline.
    Title,
    /// Nationalities in canonical form: `CN:62;VN`.
    Nationalities,
    /// The outlet or body.
    Source,
    /// Links to the source (http or https only), `;`-separated.
    SourceUrls,
    /// The place as the source wrote it.
    PlaceText,
    /// How the counts are to be read ("at least", "4 or 5").
    CountNote,
    /// Who acted, `;`-separated.
    Actors,
    /// A few sentences.
    Description,
    /// Free tags, `;`-separated.
    Tags,
}

const TEXTS: usize = 10;

/// An event's text fields in one string, one allocation a row instead of one a field: a
/// million events cost a million allocations, not fourteen million. Lists are kept in their
/// canonical `;`-separated form, which is also how every output writes them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventText {
    text: String,
    /// Where each field ends, in [`Text`] order; a field starts where the one before ends.
    ends: [usize; TEXTS],
}

impl EventText {
    /// One field.
    pub fn get(&self, field: Text) -> &str {
        let i = field as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..self.ends[i]).unwrap_or("")
    }
}

/// Writes an event's text fields, in [`Text`] order, into one [`EventText`].
#[derive(Debug, Default)]
pub struct TextBuilder {
    text: EventText,
    /// Fields finished so far.
    done: usize,
}

impl std::fmt::Write for TextBuilder {
    /// Adds formatted text to the current field.
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.push(s);
        Ok(())
    }
}

impl TextBuilder {
    /// A builder with room for `bytes` of text.
    pub fn with_capacity(bytes: usize) -> Self {
        TextBuilder {
            text: EventText {
                text: String::with_capacity(bytes),
                ends: [0; TEXTS],
            },
            done: 0,
        }
    }

    fn start(&self) -> usize {
        if self.done == 0 {
            0
        } else {
            self.text.ends[self.done - 1]
        }
    }

    /// Adds one item to the current list field, `;`-separated from the one before.
    pub fn item(&mut self, item: &str) {
        if self.text.text.len() > self.start() {
            self.text.text.push(';');
        }
        self.text.text.push_str(item);
    }

    /// Adds text to the current field.
    pub fn push(&mut self, text: &str) {
        self.text.text.push_str(text);
    }

    /// Finishes the current field.
    pub fn end(&mut self) {
        if self.done < TEXTS {
            self.text.ends[self.done] = self.text.text.len();
            self.done += 1;
        }
    }

    /// Adds a whole field.
    pub fn field(&mut self, text: &str) {
        self.push(text);
        self.end();
    }

    /// The text; fields never written are empty.
    pub fn finish(mut self) -> EventText {
        while self.done < TEXTS {
            self.end();
        }
        self.text
    }
}

/// A validated event with its places resolved.
#[derive(Debug, Clone, PartialEq)]
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
    pub source_date: Option<NaiveDate>,
    /// The file the row came from.
    pub file: std::sync::Arc<str>,
    /// The line the row starts on.
    pub line: u64,
}

fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').filter(|s| !s.is_empty())
}

impl Event {
    /// Whether the event is a movement (has both an origin and a destination).
    pub fn movement(&self) -> Option<(PlaceIdx, PlaceIdx)> {
        self.origin.zip(self.destination)
    }

    /// Stable, unique identifier.
    pub fn id(&self) -> &str {
        self.text.get(Text::Id)
    }

    /// Short headline.
    pub fn title(&self) -> &str {
        self.text.get(Text::Title)
    }

    /// The place as the source wrote it.
    pub fn place_text(&self) -> &str {
        self.text.get(Text::PlaceText)
    }

    /// How the counts are to be read.
    pub fn count_note(&self) -> &str {
        self.text.get(Text::CountNote)
    }

    /// A few sentences.
    pub fn description(&self) -> &str {
        self.text.get(Text::Description)
    }

    /// The outlet or body.
    pub fn source(&self) -> &str {
        self.text.get(Text::Source)
    }

    /// `CN:62;VN:9` as written in the schema, canonical; empty when none.
    pub fn nationalities(&self) -> &str {
        self.text.get(Text::Nationalities)
    }

    /// Who acted, `;`-separated.
    pub fn actors(&self) -> &str {
        self.text.get(Text::Actors)
    }

    /// Free tags, `;`-separated.
    pub fn tags(&self) -> &str {
        self.text.get(Text::Tags)
    }

    /// Links to the source, `;`-separated.
    pub fn source_urls_text(&self) -> &str {
        self.text.get(Text::SourceUrls)
    }

    /// Links to the source (http or https only).
    pub fn source_urls(&self) -> impl Iterator<Item = &str> {
        items(self.source_urls_text())
    }
}

/// The embedded curated dataset: `events/*.csv` as (file name, contents).
pub const BUILTIN: &[(&str, &str)] = &[(
    "<built-in>/events/cambodia-2016-2022.csv",
    include_str!("../../events/cambodia-2016-2022.csv"),
)];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_fields_come_back_as_written_and_lists_canonical() {
        let mut b = TextBuilder::with_capacity(8);
        b.field("kh-1");
        b.field("A raid");
        b.item("CN:62");
        b.item("VN");
        b.end();
        // Source, links and place text left empty; then the rest.
        b.field("");
        b.end();
        b.field("");
        b.field("at least");
        b.item("Police");
        b.end();
        b.field("Sihanoukville, ครั้ง ១");
        let text = b.finish();
        assert_eq!(text.get(Text::Id), "kh-1");
        assert_eq!(text.get(Text::Title), "A raid");
        assert_eq!(text.get(Text::Nationalities), "CN:62;VN");
        assert_eq!(text.get(Text::Source), "");
        assert_eq!(text.get(Text::SourceUrls), "");
        assert_eq!(text.get(Text::CountNote), "at least");
        assert_eq!(text.get(Text::Actors), "Police");
        assert_eq!(text.get(Text::Description), "Sihanoukville, ครั้ง ១");
        assert_eq!(text.get(Text::Tags), "", "never written, so empty");
    }
}

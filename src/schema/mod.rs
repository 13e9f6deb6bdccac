//! The event spreadsheet's columns, declared once.
//!
//! [`COLUMNS`] lists every column in the order the README documents them, with the header
//! spellings it accepts, whether it is required, the kind of value it holds, whether it is
//! public, and whether outputs carry it as a property. The header reader, the row checker,
//! the text slots of an event, the properties of GeoJSON and CSV, `validate`'s hints, the
//! bench generator and the README's column table (checked by a test) all derive from it.
//!
//! Adding a column: a [`Col`] variant, one [`COLUMNS`] entry, and the code that uses its value.
//! A column of kind [`Kind::Text`], [`Kind::List`] or [`Kind::Id`] needs nothing more: it gets
//! a text slot ([`Col::slot`]), `Event::text(col)` returns it, and if it is carried it becomes
//! a property of every feature and a CSV column.

use crate::input::HeaderSpec;
use std::fmt::Write as _;
use std::sync::LazyLock;

/// A column of the event spreadsheet. The order is [`COLUMNS`]'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)] // each is documented in COLUMNS
pub enum Col {
    Id,
    Date,
    Type,
    Title,
    Place,
    Origin,
    Destination,
    PlaceText,
    Province,
    Lat,
    Lon,
    Arrested,
    Rescued,
    Deported,
    Victims,
    People,
    CountNote,
    Nationalities,
    Actors,
    Description,
    Source,
    SourceUrl,
    SourceDate,
    Tags,
    Journey,
    Leg,
    Stage,
    Mode,
    Via,
    // Publishing safely (issue 16).
    Status,
    Sensitivity,
    Notes,
    SourceId,
}

/// What a column holds, and so which check reads it (one file per kind in `src/check/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A stable identifier, kept as text.
    Id,
    /// An EDTF date or interval.
    Date,
    /// One of the event types.
    EventType,
    /// Free text, kept as written (trimmed).
    Text,
    /// A place name, resolved against the gazetteer.
    Place,
    /// Decimal degrees.
    Coordinate,
    /// A whole number of people; empty is unknown.
    Count,
    /// ISO 3166-1 alpha-2 codes with optional counts, `;`-separated.
    Nationalities,
    /// A `;`-separated list, kept canonical.
    List,
    /// http(s) links, `;`-separated.
    Urls,
    /// A full calendar day, `YYYY-MM-DD`.
    Day,
    /// The id a journey's legs share: no white space.
    Journey,
    /// A leg's place in its journey: a whole number from 1.
    Leg,
    /// A journey stage (`crate::events::Stage`).
    Stage,
    /// A way of travelling (`crate::events::Mode`).
    Mode,
    /// Place names, `;`-separated, each resolved against the gazetteer.
    Via,
    /// A claim status (`crate::events::Status`), kept as text, canonical.
    Status,
    /// A sensitivity (`crate::events::Sensitivity`), kept as text, canonical.
    Sensitivity,
}

impl Kind {
    /// Whether the value is kept in the event's text (and so has a slot there).
    pub const fn is_text(self) -> bool {
        matches!(
            self,
            Kind::Id
                | Kind::Text
                | Kind::Nationalities
                | Kind::List
                | Kind::Urls
                | Kind::Journey
                | Kind::Via
                | Kind::Status
                | Kind::Sensitivity
        )
    }
}

/// Whether a header must have the column and a row must fill it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// Always.
    Yes,
    /// Never.
    No,
    /// Required unless the rule (a cross-field check in `src/check/rules.rs`) says otherwise.
    Unless(&'static str),
}

/// Who may see a column's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone: public outputs may carry it.
    Public,
    /// Only the people who keep the sheet: no public output carries it.
    Private,
}

/// Whether outputs carry a column's value as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carried {
    /// Not as such (outputs may derive other properties from it, as `place_id` from `place`).
    No,
    /// As a property of the same name on every GeoJSON feature, and a CSV column.
    AsProperty,
}

/// One column: everything the program and its documentation know about it.
#[derive(Debug)]
pub struct Column {
    /// Which column.
    pub col: Col,
    /// The canonical header name.
    pub name: &'static str,
    /// Other header spellings accepted (compared folded: case, spaces and punctuation aside).
    pub aliases: &'static [&'static str],
    /// Whether it must be there and filled.
    pub required: Required,
    /// What it holds.
    pub kind: Kind,
    /// Who may see it.
    pub access: Access,
    /// Whether outputs carry it.
    pub carried: Carried,
    /// What it means, for the README.
    pub doc: &'static str,
    /// A value, for the README.
    pub example: &'static str,
}

impl Column {
    const fn new(col: Col, name: &'static str, kind: Kind, doc: &'static str) -> Column {
        Column {
            col,
            name,
            aliases: &[],
            required: Required::No,
            kind,
            access: Access::Public,
            carried: Carried::No,
            doc,
            example: "",
        }
    }

    const fn aliases(mut self, aliases: &'static [&'static str]) -> Column {
        self.aliases = aliases;
        self
    }

    const fn required(mut self, required: Required) -> Column {
        self.required = required;
        self
    }

    const fn carried(mut self) -> Column {
        self.carried = Carried::AsProperty;
        self
    }

    const fn private(mut self) -> Column {
        self.access = Access::Private;
        self
    }

    const fn example(mut self, example: &'static str) -> Column {
        self.example = example;
        self
    }
}

/// Every column, in the order of the README's table (and of [`Col`]).
pub static COLUMNS: [Column; 33] = [
    Column::new(Col::Id, "id", Kind::Id, "stable, unique identifier; never reused; no spaces")
        .aliases(&["event id", "record id", "uid", "identifier"])
        .required(Required::Yes)
        .carried()
        .example("kh-2022-014"),
    Column::new(Col::Date, "date", Kind::Date, "an EDTF date or interval, see [Dates](#dates)")
        .aliases(&["event date", "date of event", "incident date", "date occurred", "when"])
        .required(Required::Yes)
        .carried()
        .example("2022-08/2022-10"),
    Column::new(Col::Type, "type", Kind::EventType, "`raid`, `arrest`, `rescue`, `repatriation`, `deportation`, `relocation` (operations move), `trafficking_route` (people moved), `closure`, `report` (figures, studies), `policy` (laws, rankings), `statement`, `protest`, `trial`, `incident`")
        .aliases(&["category", "event type", "type of event", "event category", "incident type", "kind"])
        .required(Required::Yes)
        .carried()
        .example("arrest"),
    Column::new(Col::Title, "title", Kind::Text, "a short headline")
        .aliases(&["headline", "summary", "event title", "short description"])
        .required(Required::Yes)
        .carried()
        .example("84 arrested for trafficking in Sihanoukville"),
    Column::new(Col::Place, "place", Kind::Place, "a gazetteer name, alias or id (`Cambodia` for national facts)")
        .aliases(&["location", "site", "where", "place name", "location name", "locality"])
        .required(Required::Unless("`origin` and `destination` are both given"))
        .example("Sihanoukville"),
    Column::new(Col::Origin, "origin", Kind::Place, "for movements: where people or operations went from (with `destination`)")
        .aliases(&["from", "place of origin", "origin place", "moved from"])
        .example("Bavet"),
    Column::new(Col::Destination, "destination", Kind::Place, "for movements: where they went to (with `origin`)")
        .aliases(&["to", "place of destination", "destination place", "moved to"])
        .example("Thailand"),
    Column::new(Col::PlaceText, "place_text", Kind::Text, "the place as the source wrote it")
        .aliases(&["place as written", "location as written", "location details", "address"])
        .example("a compound near the port"),
    Column::new(Col::Province, "province", Kind::Place, "the province (admin1) of `place`, when the sheet keeps one: a place is looked for in it first, and a place in another province is an error naming both")
        .aliases(&["admin1", "admin 1", "region", "province name", "province/city", "khaet", "state"])
        .example("Preah Sihanouk"),
    Column::new(Col::Lat, "lat", Kind::Coordinate, "an exact latitude that overrides the gazetteer's point (with `lon`; decimal degrees)")
        .aliases(&["latitude", "y"])
        .example("10.6093"),
    Column::new(Col::Lon, "lon", Kind::Coordinate, "the longitude of that point (with `lat`)")
        .aliases(&["long", "lng", "longitude", "x"])
        .example("103.5296"),
    Column::new(Col::Arrested, "arrested", Kind::Count, "people arrested: a whole number, 0 or more; blank = unknown. For a range or \"over N\", write the lowest figure and say so in `count_note`")
        .aliases(&["arrests", "number arrested", "people arrested", "persons arrested"])
        .carried()
        .example("84"),
    Column::new(Col::Rescued, "rescued", Kind::Count, "people rescued (a count, as `arrested`)")
        .aliases(&["rescues", "number rescued", "people rescued", "persons rescued"])
        .carried(),
    Column::new(Col::Deported, "deported", Kind::Count, "people deported (a count)")
        .aliases(&["deportations", "deportees", "number deported", "people deported"])
        .carried(),
    Column::new(Col::Victims, "victims", Kind::Count, "victims (a count)")
        .aliases(&["number of victims", "victim count", "victims count"])
        .carried(),
    Column::new(Col::People, "people", Kind::Count, "people involved or moved, when the source gives no finer figure (a count)")
        .aliases(&["persons", "number of people", "people involved", "people moved", "individuals"])
        .carried()
        .example("1200"),
    Column::new(Col::CountNote, "count_note", Kind::Text, "how to read the counts")
        .aliases(&["counts note", "count notes", "count qualifier"])
        .carried()
        .example("at least"),
    Column::new(Col::Nationalities, "nationalities", Kind::Nationalities, "ISO 3166-1 alpha-2 codes with optional counts, `;`-separated")
        .aliases(&["nationality", "victim nationalities", "citizenship", "citizenships"])
        .carried()
        .example("CN:62;VN:9;KH:13"),
    Column::new(Col::Actors, "actors", Kind::List, "who acted, `;`-separated")
        .aliases(&["actor", "agency", "agencies", "authorities", "organisations", "organizations"])
        .carried()
        .example("National Police;NCCT"),
    Column::new(Col::Description, "description", Kind::Text, "a few sentences")
        .aliases(&["details", "narrative", "event description", "full text"])
        .carried(),
    Column::new(Col::Source, "source", Kind::List, "the outlets or bodies, `;`-separated, in the order of `source_url`'s links (one outlet may have several links); a row may leave it empty when its `source_id` names sources of `--sources`; see [Publishing safely](#publishing-safely)")
        .aliases(&["source name", "sources", "outlet", "outlets", "publisher", "publication", "media", "news source", "reported by"])
        .required(Required::Yes)
        .carried()
        .example("Khmer Times"),
    Column::new(Col::SourceUrl, "source_url", Kind::Urls, "http(s) URLs, `;`-separated; anything else (`javascript:`, a bare domain) is an error")
        .aliases(&["link", "url", "links", "urls", "source link", "article link", "article url", "web link", "hyperlink"])
        .carried()
        .example("https://www.khmertimeskh.com/..."),
    Column::new(Col::SourceDate, "source_date", Kind::Day, "the publication date, `YYYY-MM-DD`")
        .aliases(&["publication date", "date published", "published", "published on", "article date", "date of publication"])
        .carried()
        .example("2022-09-02"),
    Column::new(Col::Tags, "tags", Kind::List, "free tags, `;`-separated")
        .aliases(&["tag", "keywords", "keyword", "labels"])
        .carried()
        .example("crackdown;sihanoukville"),
    Column::new(Col::Journey, "journey", Kind::Journey, "for a journey told over several rows, one leg a row: the id its legs share (with `leg`)")
        .example("xu-2022"),
    Column::new(Col::Leg, "leg", Kind::Leg, "the leg's place in its journey: 1, 2, ... in travel order, each leg's `origin` the last one's `destination` (with `journey`)")
        .example("2"),
    Column::new(Col::Stage, "stage", Kind::Stage, STAGE_DOC)
        .example("transit"),
    Column::new(Col::Mode, "mode", Kind::Mode, "how the movement was travelled: `road`, `boat`, `air`, `on_foot` (`on foot` is read too)")
        .example("road"),
    Column::new(Col::Via, "via", Kind::Via, "a journey in one row: the stops between `origin` and `destination`, `;`-separated; the row becomes one leg per stretch (not with `journey`)")
        .example("Vietnam;Bavet"),
    // Publishing safely: see the README's section of that name.
    Column::new(Col::Status, "status", Kind::Status, "how well the figures are established: `confirmed`, `reported` (default), `alleged`, `disputed`; totals add only confirmed and reported counts")
        .aliases(&["claim status", "verification", "confidence"])
        .carried()
        .example("alleged"),
    Column::new(Col::Sensitivity, "sensitivity", Kind::Sensitivity, "who may see the row: `public` (default), `restricted` (published at province level only), `confidential` (internal exports only)")
        .aliases(&["access", "visibility", "classification"])
        .carried()
        .example("restricted"),
    Column::new(Col::Notes, "notes", Kind::Text, "the analyst's own notes")
        .aliases(&["note", "internal notes", "comments", "comment", "remarks"])
        .private()
        .example("contact: ..."),
    Column::new(Col::SourceId, "source_id", Kind::List, "ids of rows of the `--sources` file, `;`-separated: their outlets and links are the event's sources")
        .aliases(&["source ids", "source ref", "source refs"])
        .carried()
        .example("kt-2022-09-02;cj-1"),
];

/// `stage`'s meaning: the HTCDS stages and the two added.
const STAGE_DOC: &str = "what the movement was for: `recruitment`, `transit`, `exploitation` (the Human Trafficking Case Data Standard's stages), `release` (escape, rescue, release) or `return` (the way home)";

/// How many columns keep their value in an event's text.
pub const TEXT_SLOTS: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < COLUMNS.len() {
        if COLUMNS[i].kind.is_text() {
            n += 1;
        }
        i += 1;
    }
    n
};

/// How many columns hold a count of people.
pub const COUNT_SLOTS: usize = slots(Kind::Count).1;

/// Each column's place among the columns of its kind: its slot in an event's text (text
/// kinds) or its counts (counts).
const SLOTS: [Option<u8>; COLUMNS.len()] = slots_of_text();
const COUNTS: [Option<u8>; COLUMNS.len()] = slots(Kind::Count).0;

/// For each column, its index among the columns of `kind`; and how many there are.
const fn slots(kind: Kind) -> ([Option<u8>; COLUMNS.len()], usize) {
    let mut slots = [None; COLUMNS.len()];
    let mut n: u8 = 0;
    let mut i = 0;
    while i < COLUMNS.len() {
        if COLUMNS[i].kind as u8 == kind as u8 {
            slots[i] = Some(n);
            n += 1;
        }
        i += 1;
    }
    (slots, n as usize)
}

const fn slots_of_text() -> [Option<u8>; COLUMNS.len()] {
    let mut slots = [None; COLUMNS.len()];
    let mut n = 0;
    let mut i = 0;
    while i < COLUMNS.len() {
        if COLUMNS[i].kind.is_text() {
            slots[i] = Some(n);
            n += 1;
        }
        i += 1;
    }
    slots
}

impl Col {
    /// Everything about the column.
    pub fn column(self) -> &'static Column {
        &COLUMNS[self as usize]
    }

    /// The canonical header name.
    pub fn name(self) -> &'static str {
        self.column().name
    }

    /// Where its value sits in an event's text, for a text column.
    pub const fn slot(self) -> Option<usize> {
        match SLOTS[self as usize] {
            Some(slot) => Some(slot as usize),
            None => None,
        }
    }

    /// Where its value sits in an event's counts, for a count column.
    pub const fn count_slot(self) -> Option<usize> {
        match COUNTS[self as usize] {
            Some(slot) => Some(slot as usize),
            None => None,
        }
    }

    /// The column at `index` in [`COLUMNS`]: what a header's `Field::Known(index)` names when
    /// the header was read with [`header_spec`].
    pub fn from_index(index: usize) -> Option<Col> {
        COLUMNS.get(index).map(|c| c.col)
    }

    /// Every column, in order.
    pub fn all() -> impl Iterator<Item = Col> {
        COLUMNS.iter().map(|c| c.col)
    }
}

/// The required columns' names, comma-separated: what a header needs at least.
pub fn required_names() -> Vec<&'static str> {
    COLUMNS
        .iter()
        .filter(|c| c.required == Required::Yes)
        .map(|c| c.name)
        .collect()
}

/// Required columns a file may lack all the same, because the reader makes their values: a
/// sheet without an `id` column gets ids made from the file name and row (`crate::read`).
pub const MADE_BY_THE_READER: &[Col] = &[Col::Id];

/// The event header: every column's name and aliases, and the required ones. Columns it does
/// not know are carried as extra columns; the columns of [`MADE_BY_THE_READER`] may be
/// absent.
pub fn header_spec() -> &'static HeaderSpec<'static> {
    static SPEC: LazyLock<HeaderSpec<'static>> = LazyLock::new(|| {
        let names: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
        let mut spec = HeaderSpec::new(&names, &required_names()).carry_extras();
        for col in MADE_BY_THE_READER {
            spec = spec.generated(*col as usize);
        }
        for (i, c) in COLUMNS.iter().enumerate() {
            for alias in c.aliases {
                spec = spec.alias(i, alias);
            }
        }
        spec
    });
    &SPEC
}

/// The README's column table, generated: a test keeps the README's copy equal to it.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| column | also accepted | required | meaning | example |\n|---|---|---|---|---|\n",
    );
    for c in &COLUMNS {
        let aliases: Vec<String> = c.aliases.iter().map(|a| format!("`{a}`")).collect();
        let required = match c.required {
            Required::Yes if MADE_BY_THE_READER.contains(&c.col) => {
                "yes, or made from the file name and row when the file has no such column"
                    .to_owned()
            }
            Required::Yes => "yes".to_owned(),
            Required::No => "no".to_owned(),
            Required::Unless(rule) => format!("yes, unless {rule}"),
        };
        let private = if c.access == Access::Private {
            " (private: only internal exports carry it)"
        } else {
            ""
        };
        let example = if c.example.is_empty() {
            String::new()
        } else {
            format!("`{}`", c.example)
        };
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "| `{}` | {} | {required} | {}{private} | {example} |",
            c.name,
            aliases.join(", "),
            c.doc
        );
    }
    out
}

#[cfg(test)]
mod tests;

//! Joining a checked row to the gazetteer: each place name becomes a place, or a finding at
//! its cell. Pure: it reads nothing but what it is given, so it is tested without CSV bytes and
//! serves a spreadsheet row as well as a CSV one.

use crate::check::{Name, Names, RawEvent};
use crate::diagnostics::{Code, Diagnostic, InputName, Location};
use crate::events::Event;
use crate::gazetteer::{Gazetteer, PlaceIdx, PlaceKind};
use crate::schema::Col;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// Why a name did not resolve, in words: what is wrong and what would be right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// What is wrong.
    pub message: String,
    /// What would be right.
    pub hint: Option<String>,
}

/// Turns a place name into a place. The gazetteer is one; [`Cached`] wraps one with a cache.
pub trait Resolve {
    /// The gazetteer places come from.
    fn gazetteer(&self) -> &Gazetteer;
    /// The place a name means.
    fn place_named(&self, name: &str) -> Result<PlaceIdx, Unresolved>;
}

impl Resolve for Gazetteer {
    fn gazetteer(&self) -> &Gazetteer {
        self
    }

    fn place_named(&self, name: &str) -> Result<PlaceIdx, Unresolved> {
        self.resolve(name).map(|m| m.place).map_err(|e| {
            let (message, hint) = self.explain(name, &e);
            Unresolved { message, hint }
        })
    }
}

/// At most this many distinct names are cached, so a file of unique names cannot grow the
/// cache without bound (beyond it names are resolved each time, as without a cache). Each
/// thread that checks rows has a cache of its own, so the bound is per thread.
const CACHE_MAX: usize = 1 << 13;

/// A gazetteer with the names already resolved in this run. A real file names a few hundred
/// places in many rows, so most lookups become one hash probe instead of normalising the name
/// and searching the gazetteer.
pub struct Cached<'g> {
    gazetteer: &'g Gazetteer,
    cache: RefCell<HashMap<Box<str>, Result<PlaceIdx, Unresolved>>>,
}

impl<'g> Cached<'g> {
    /// An empty cache over `gazetteer`.
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        Cached {
            gazetteer,
            cache: RefCell::new(HashMap::new()),
        }
    }
}

impl Resolve for Cached<'_> {
    fn gazetteer(&self) -> &Gazetteer {
        self.gazetteer
    }

    fn place_named(&self, name: &str) -> Result<PlaceIdx, Unresolved> {
        if let Some(found) = self.cache.borrow().get(name) {
            return found.clone();
        }
        let found = self.gazetteer.place_named(name);
        let mut cache = self.cache.borrow_mut();
        if cache.len() < CACHE_MAX {
            cache.insert(name.into(), found.clone());
        }
        found
    }
}

/// The places a row names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places {
    /// Where it happened.
    pub place: Option<PlaceIdx>,
    /// Where people or operations moved from.
    pub origin: Option<PlaceIdx>,
    /// Where they moved to.
    pub destination: Option<PlaceIdx>,
    /// The stops between, for a journey in one row.
    pub via: Vec<PlaceIdx>,
}

/// Resolves the place names of the row at `line` of `input`; every name that does not
/// resolve is a finding at its cell.
pub fn places(
    resolver: &dyn Resolve,
    names: &Names,
    input: &Arc<InputName>,
    line: u64,
) -> Result<Places, Vec<Diagnostic>> {
    let mut found = Vec::new();
    let at = |name: &Name| Location {
        input: input.clone(),
        line,
        column: Some(name.column),
    };
    let resolve = |name: &Option<Name>, found: &mut Vec<Diagnostic>| {
        let name = name.as_ref()?;
        named(resolver, name, &name.text, at(name), found)
    };
    let province = names.province.as_ref().and_then(|name| {
        let resolved = named(resolver, name, &name.text, at(name), &mut found);
        admin1(resolver, name, resolved?, at(name), &mut found)
    });
    let place = match (&names.place, province) {
        (Some(name), Some(province)) => in_province(resolver, name, province, at(name), &mut found),
        _ => resolve(&names.place, &mut found),
    };
    let mut places = Places {
        place,
        origin: resolve(&names.origin, &mut found),
        destination: resolve(&names.destination, &mut found),
        via: Vec::new(),
    };
    if let Some(via) = &names.via {
        // The list is canonical (`;`-separated, trimmed) by now.
        let stops = via.text.split(';').filter(|s| !s.is_empty());
        places.via = stops
            .filter_map(|stop| named(resolver, via, stop, at(via), &mut found))
            .collect();
        if let (Some(origin), Some(destination), true) =
            (places.origin, places.destination, found.is_empty())
        {
            let g = resolver.gazetteer();
            if let Some(problem) =
                crate::check::via::repeated_stop(g, origin, &places.via, destination)
            {
                found.push(problem.at(at(via), Col::Via));
            }
        }
    }
    if found.is_empty() {
        Ok(places)
    } else {
        Err(found)
    }
}

/// The place `text` (in the cell `name`, at `at`) means, or a finding saying why none.
fn named(
    resolver: &dyn Resolve,
    name: &Name,
    text: &str,
    at: Location,
    found: &mut Vec<Diagnostic>,
) -> Option<PlaceIdx> {
    match resolver.place_named(text) {
        Ok(place) => Some(place),
        Err(Unresolved { message, hint }) => {
            let mut d = Diagnostic::new(at, Code::UnknownPlace, message)
                .with_field(Cow::Borrowed(name.col.name()));
            d.hint = hint.map(Cow::Owned);
            found.push(d);
            None
        }
    }
}

/// The province (or a neighbour's first-level division) a `province` cell names: the place
/// itself, or the province a town in it stands for. A place in no province is a finding.
fn admin1(
    resolver: &dyn Resolve,
    name: &Name,
    idx: PlaceIdx,
    at: Location,
    found: &mut Vec<Diagnostic>,
) -> Option<PlaceIdx> {
    let g = resolver.gazetteer();
    let place = g.place(idx);
    if matches!(place.kind, PlaceKind::Province | PlaceKind::Region) {
        return Some(idx);
    }
    if place.province.is_none() {
        found.push(
            Diagnostic::new(
                at,
                Code::ProvinceMismatch,
                format!("`{}` is {}, not a province", name.text, g.describe(idx)),
            )
            .with_field(Cow::Borrowed(name.col.name()))
            .with_hint("write the province (admin1) the place is in, e.g. Preah Sihanouk, or leave the cell blank"),
        );
        return None;
    }
    place.province
}

/// `place` looked for in `province` first; a place found only elsewhere is a mismatch naming
/// both.
fn in_province(
    resolver: &dyn Resolve,
    name: &Name,
    province: PlaceIdx,
    at: Location,
    found: &mut Vec<Diagnostic>,
) -> Option<PlaceIdx> {
    let g = resolver.gazetteer();
    if let Ok(m) = g.resolve_in(&name.text, province) {
        return Some(m.place);
    }
    let place = named(resolver, name, &name.text, at.clone(), found)?;
    let is_in = g
        .province_of(place)
        .map_or_else(|| "in no province".to_owned(), |p| format!("in {}", p.name));
    found.push(
        Diagnostic::new(
            at,
            Code::ProvinceMismatch,
            format!(
                "`{}` is {is_in}, not in {} (the row's province): {}",
                name.text,
                g.place(province).name,
                g.describe(place)
            ),
        )
        .with_field(Cow::Borrowed(name.col.name()))
        .with_hint("correct the place or the province; a place the gazetteer lacks can be added with --gazetteer"),
    );
    None
}

/// A checked row joined to the gazetteer: the event, or what did not resolve.
#[inline]
pub fn join(resolver: &dyn Resolve, raw: RawEvent) -> Result<Event, Vec<Diagnostic>> {
    let places = places(resolver, &raw.names, &raw.input, raw.line)?;
    let mut route = raw.route;
    route.via = places.via;
    Ok(Event {
        text: raw.text,
        date: raw.date,
        kind: raw.kind,
        place: places.place,
        origin: places.origin,
        destination: places.destination,
        point: raw.point,
        counts: raw.counts,
        source_date: raw.source_date,
        route,
        input: raw.input,
        line: raw.line,
        extras: crate::events::Extras::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::InputName;
    use crate::events::{Counts, EventType, TextBuilder};

    fn gazetteer() -> Gazetteer {
        Gazetteer::builtin().expect("built-in gazetteer")
    }

    #[allow(clippy::unnecessary_wraps)] // as the Names fields take it
    fn name(text: &str, col: Col, column: u64) -> Option<Name<'_>> {
        let name = Name {
            text: text.into(),
            col,
            column,
        };
        Some(name)
    }

    fn raw(names: Names<'_>) -> RawEvent<'_> {
        let mut text = TextBuilder::default();
        text.field("kh-1");
        RawEvent {
            input: InputName::file("sheet.csv"),
            line: 7,
            text: text.finish(),
            date: crate::dates::parse("2022-08").expect("date"),
            kind: EventType::Raid,
            names,
            point: None,
            counts: Counts::default(),
            source_date: None,
            route: crate::events::Route::default(),
        }
    }

    #[test]
    fn names_become_places() {
        let g = gazetteer();
        let names = Names {
            place: name("Kampong Som", Col::Place, 5),
            ..Names::default()
        };
        let event = join(&g, raw(names)).expect("resolves");
        assert_eq!(event.place, g.by_id("sihanoukville"));
        assert_eq!((event.id(), event.line), ("kh-1", 7));

        let names = Names {
            origin: name("Bavet", Col::Origin, 6),
            destination: name("Thailand", Col::Destination, 7),
            ..Names::default()
        };
        let event = join(&Cached::new(&g), raw(names)).expect("resolves");
        assert_eq!(event.movement(), g.by_id("bavet").zip(g.by_id("thailand")));
    }

    #[test]
    fn every_unknown_name_is_a_finding_at_its_cell() {
        let g = gazetteer();
        let names = Names {
            place: name("Atlantis", Col::Place, 5),
            origin: name("Bavet", Col::Origin, 6),
            destination: name("Sihanoukvile", Col::Destination, 9),
            via: None,
            province: None,
        };
        let found = join(&g, raw(names)).expect_err("two names do not resolve");
        let at: Vec<String> = found.iter().map(|d| d.location.to_string()).collect();
        assert_eq!(at, ["sheet.csv:7:5", "sheet.csv:7:9"]);
        assert!(found.iter().all(|d| d.code == Code::UnknownPlace));
        assert_eq!(found[1].field.as_deref(), Some("destination"));
        assert!(found[1]
            .hint
            .as_deref()
            .is_some_and(|h| h.starts_with("did you mean `Sihanoukville")));
    }

    #[test]
    fn a_province_cell_is_checked_against_the_place() {
        let g = gazetteer();
        let names = Names {
            place: name("Otres", Col::Place, 5),
            province: name("Preah Sihanouk", Col::Province, 6),
            ..Names::default()
        };
        let event = join(&g, raw(names)).expect("Otres is in Preah Sihanouk");
        assert_eq!(event.place, g.by_id("otres"));
        // A town stands for its province.
        let names = Names {
            place: name("Otres", Col::Place, 5),
            province: name("Sihanoukville", Col::Province, 6),
            ..Names::default()
        };
        assert!(join(&g, raw(names)).is_ok());
        let names = Names {
            place: name("Otres", Col::Place, 5),
            province: name("Kampot", Col::Province, 6),
            ..Names::default()
        };
        let found = join(&g, raw(names)).expect_err("Otres is not in Kampot");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, Code::ProvinceMismatch);
        assert_eq!(found[0].location.to_string(), "sheet.csv:7:5");
        assert!(
            found[0]
                .message
                .starts_with("`Otres` is in Preah Sihanouk, not in Kampot (the row's province)"),
            "{}",
            found[0].message
        );
        let names = Names {
            place: name("Otres", Col::Place, 5),
            province: name("Cambodia", Col::Province, 6),
            ..Names::default()
        };
        let found = join(&g, raw(names)).expect_err("a country is no province");
        assert_eq!(found[0].location.to_string(), "sheet.csv:7:6");
    }

    #[test]
    fn the_cache_answers_as_the_gazetteer_does() {
        let g = gazetteer();
        let cached = Cached::new(&g);
        for name in [
            "Siem Reap",
            "siem reap",
            "Nowhere",
            "Siem Reap",
            "Nowhere",
            "",
        ] {
            assert_eq!(cached.place_named(name), g.place_named(name), "{name}");
        }
    }
}

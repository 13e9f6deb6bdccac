//! Joining a checked row to the gazetteer: each place name becomes a place, or a finding at
//! its cell. Pure: it reads nothing but what it is given, so it is tested without CSV bytes and
//! serves a spreadsheet row as well as a CSV one.

use crate::check::{Name, Names, RawEvent};
use crate::diagnostics::{Code, Diagnostic, InputName, Location};
use crate::events::Event;
use crate::gazetteer::{Gazetteer, PlaceIdx};
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
/// cache without bound (beyond it names are resolved each time, as without a cache).
const CACHE_MAX: usize = 1 << 16;

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
    let mut resolve_one = |name: &Name, text: &str| match resolver.place_named(text) {
        Ok(place) => Some(place),
        Err(Unresolved { message, hint }) => {
            let mut d = Diagnostic::new(at(name), Code::UnknownPlace, message)
                .with_field(Cow::Borrowed(name.col.name()));
            d.hint = hint.map(Cow::Owned);
            found.push(d);
            None
        }
    };
    let mut resolve = |name: &Option<Name>| {
        let name = name.as_ref()?;
        resolve_one(name, &name.text)
    };
    let mut places = Places {
        place: resolve(&names.place),
        origin: resolve(&names.origin),
        destination: resolve(&names.destination),
        via: Vec::new(),
    };
    if let Some(via) = &names.via {
        // The list is canonical (`;`-separated, trimmed) by now.
        let stops = via.text.split(';').filter(|s| !s.is_empty());
        places.via = stops.filter_map(|stop| resolve_one(via, stop)).collect();
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

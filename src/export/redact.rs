//! The public profile: what a public export withholds and coarsens before any output sees an
//! event, so that no output (present or future) can publish what it should not.
//!
//! - `confidential` rows are left out entirely (counted, never named).
//! - `restricted` rows keep their province and lose the rest of their place: the place below
//!   the province, the exact point (`lat`/`lon`) and the place as written (`place_text`); their
//!   point becomes their province's. Movements and `via` stops are coarsened the same way.
//! - Private columns are emptied: the schema's (`notes`) and those named with `--private`
//!   (a sheet's extra columns are hidden by the plan, and noted here).
//!
//! Every withheld or coarsened value is noted ([`Redactions`]), by event id and field, for
//! `redactions.csv`; confidential rows only as a count. The internal profile changes nothing.

use crate::events::{Event, Sensitivity};
use crate::gazetteer::{Gazetteer, PlaceIdx};
use crate::input::extra_key;
use crate::schema::{Access, Col, COLUMNS};

/// Which export: the public one (the default) or everything, for the people who keep the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Profile {
    /// Safe to publish: confidential rows left out, restricted ones coarsened to their province,
    /// private columns withheld, small cells of sensitive rows suppressed.
    #[default]
    Public,
    /// Everything, private columns included; every output says it is internal.
    Internal,
}

impl Profile {
    /// The name used on the command line and in the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Public => "public",
            Profile::Internal => "internal",
        }
    }
}

/// The cell size under which a public aggregate that counts a restricted or confidential row is
/// suppressed: `--min-count`'s default.
pub const DEFAULT_MIN_COUNT: u64 = 5;

/// What an export publishes: its profile and what it keeps private.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publish {
    /// Public or internal.
    pub profile: Profile,
    /// Cells that count a sensitive row and fewer events than this are suppressed (public).
    pub min_count: u64,
    /// Known text columns kept private besides the schema's (`--private`).
    pub private: Vec<Col>,
    /// Extra columns kept private (`--private`), by key (`crate::input::extra_key`).
    pub private_extras: Vec<String>,
}

impl Default for Publish {
    fn default() -> Self {
        Publish {
            profile: Profile::Public,
            min_count: DEFAULT_MIN_COUNT,
            private: Vec::new(),
            private_extras: Vec::new(),
        }
    }
}

impl Publish {
    /// Whether this is the public profile.
    pub fn is_public(&self) -> bool {
        self.profile == Profile::Public
    }

    /// Every known column kept out of a public export: the schema's private ones, then
    /// `--private`'s.
    pub fn private_columns(&self) -> Vec<Col> {
        let mut cols: Vec<Col> = COLUMNS
            .iter()
            .filter(|c| c.access == Access::Private)
            .map(|c| c.col)
            .collect();
        for col in &self.private {
            if !cols.contains(col) {
                cols.push(*col);
            }
        }
        cols
    }

    /// Whether the extra column of this name is private.
    pub fn is_private_extra(&self, name: &str) -> bool {
        let key = extra_key(name.trim_end_matches(" (sheet)"));
        self.private_extras.contains(&key)
    }

    /// Whether a cell of an aggregate is suppressed: a public export, a cell that counts a
    /// sensitive row, and fewer events than `--min-count`.
    pub fn suppresses(&self, events: u64, sensitive: u64) -> bool {
        self.is_public() && sensitive > 0 && events < self.min_count
    }
}

/// One value withheld or coarsened.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Redaction {
    /// The event's id.
    pub id: String,
    /// The field (a column or property name).
    pub field: String,
    /// What was done.
    pub action: &'static str,
}

/// Everything a public export withheld or coarsened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Redactions {
    /// Each value, in reading order (`redactions.csv` sorts them).
    pub rows: Vec<Redaction>,
    /// Confidential rows left out.
    pub confidential: u64,
    /// Restricted rows coarsened to their province.
    pub coarsened: u64,
    /// Rows with a private value withheld.
    pub private: u64,
}

impl Redactions {
    /// `2 confidential rows left out, 3 restricted rows coarsened to their province, private
    /// values withheld from 4 rows`: the summary line's account.
    pub fn words(&self) -> String {
        let n = |n: u64, noun: &str| format!("{n} {noun}{}", if n == 1 { "" } else { "s" });
        format!(
            "{} left out, {} coarsened to their province, private values withheld from {}",
            n(self.confidential, "confidential row"),
            n(self.coarsened, "restricted row"),
            n(self.private, "row"),
        )
    }
}

/// Applies the profile to each event as it is read.
pub struct Redactor<'g> {
    gazetteer: &'g Gazetteer,
    publish: Publish,
    private: Vec<Col>,
    log: Redactions,
}

impl<'g> Redactor<'g> {
    /// A redactor for `publish`'s profile.
    pub fn new(gazetteer: &'g Gazetteer, publish: &Publish) -> Self {
        Redactor {
            gazetteer,
            private: publish.private_columns(),
            publish: publish.clone(),
            log: Redactions::default(),
        }
    }

    /// The event as the profile publishes it; `None` when it is left out.
    pub fn apply(&mut self, mut event: Event) -> Option<Event> {
        if !self.publish.is_public() {
            return Some(event);
        }
        match event.sensitivity() {
            Sensitivity::Confidential => {
                self.log.confidential += 1;
                return None;
            }
            Sensitivity::Restricted => self.coarsen(&mut event),
            Sensitivity::Public => {}
        }
        self.withhold_private(&mut event);
        Some(event)
    }

    /// What was withheld and coarsened.
    pub fn finish(self) -> Redactions {
        self.log
    }

    fn note(&mut self, event: &Event, field: &str, action: &'static str) {
        self.log.rows.push(Redaction {
            id: event.id().to_owned(),
            field: field.to_owned(),
            action,
        });
    }

    /// A restricted row at province level: its places coarsened, its point and place as
    /// written withheld.
    fn coarsen(&mut self, event: &mut Event) {
        self.log.coarsened += 1;
        let coarse = |p: PlaceIdx| self.gazetteer.place(p).province.unwrap_or(p);
        let mut coarsened = Vec::new();
        for (field, place) in [
            ("place", &mut event.place),
            ("origin", &mut event.origin),
            ("destination", &mut event.destination),
        ] {
            if let Some(p) = *place {
                if coarse(p) != p {
                    *place = Some(coarse(p));
                    coarsened.push(field);
                }
            }
        }
        let via_before = std::mem::take(&mut event.route.via);
        // Coarsened stops that fall in the province before or after them are no stops.
        let mut last = event.origin;
        for stop in via_before.iter().map(|s| coarse(*s)) {
            if Some(stop) != last && Some(stop) != event.destination {
                event.route.via.push(stop);
                last = Some(stop);
            }
        }
        if event.route.via != via_before {
            coarsened.push("via");
        }
        for field in coarsened {
            self.note(event, field, "coarsened to its province (restricted row)");
        }
        if event.point.take().is_some() {
            self.note(event, "lat;lon", "withheld (restricted row)");
        }
        let mut emptied = Vec::new();
        for col in [Col::PlaceText, Col::Via] {
            if !event.text(col).is_empty() {
                emptied.push(col);
            }
        }
        if !emptied.is_empty() {
            event.text = event.text.without(&emptied);
            for col in emptied {
                self.note(event, col.name(), "withheld (restricted row)");
            }
        }
    }

    /// Private columns emptied, and private extra columns noted (the plan hides them).
    fn withhold_private(&mut self, event: &mut Event) {
        let filled: Vec<Col> = self
            .private
            .iter()
            .copied()
            .filter(|c| !event.text(*c).is_empty())
            .collect();
        let extras: Vec<String> = event
            .extras()
            .filter(|(name, value)| !value.is_empty() && self.publish.is_private_extra(name))
            .map(|(name, _)| name.to_owned())
            .collect();
        if filled.is_empty() && extras.is_empty() {
            return;
        }
        self.log.private += 1;
        if !filled.is_empty() {
            event.text = event.text.without(&filled);
        }
        for col in filled {
            self.note(event, col.name(), "withheld (private column)");
        }
        for name in extras {
            self.note(event, &name, "withheld (private column)");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(gazetteer: &Gazetteer, csv: &str) -> Vec<Event> {
        crate::read::test_events(gazetteer, csv)
    }

    const ROWS: &str = "id,date,type,title,place,origin,destination,via,place_text,lat,lon,sensitivity,notes,description,source\n\
        p,2022,raid,T,Bavet,,,,near the market,11.07,106.14,,a note,D,S\n\
        r,2022,raid,T,Bavet,,,,near the market,11.07,106.14,restricted,,D,S\n\
        m,2022,trafficking_route,T,,Bavet,Galaxy World,Otres,,,,restricted,,D,S\n\
        c,2022,raid,T,Bavet,,,,,,,confidential,secret,D,S\n";

    #[test]
    fn the_public_profile_coarsens_withholds_and_leaves_out() {
        let gazetteer = Gazetteer::builtin().expect("gazetteer");
        let place = |id: &str| gazetteer.by_id(id).expect("known");
        let publish = Publish {
            private: vec![Col::Description],
            ..Publish::default()
        };
        let mut redactor = Redactor::new(&gazetteer, &publish);
        let out: Vec<Event> = events(&gazetteer, ROWS)
            .into_iter()
            .filter_map(|e| redactor.apply(e))
            .collect();
        let ids: Vec<&str> = out.iter().map(Event::id).collect();
        assert_eq!(ids, ["p", "r", "m"], "the confidential row is left out");
        let (p, r, m) = (&out[0], &out[1], &out[2]);
        assert_eq!(
            p.place,
            Some(place("bavet")),
            "a public row keeps its place"
        );
        assert!(p.point.is_some() && !p.place_text().is_empty());
        assert_eq!(
            (p.text(Col::Notes), p.description()),
            ("", ""),
            "private columns"
        );
        assert_eq!(r.place, Some(place("svay-rieng")));
        assert_eq!((r.point, r.place_text()), (None, ""));
        assert_eq!(m.origin, Some(place("svay-rieng")));
        assert_eq!(m.destination, Some(place("preah-sihanouk")));
        assert_eq!(m.route.via, [], "Otres is in the destination's province");
        assert_eq!(m.text(Col::Via), "");
        let log = redactor.finish();
        assert_eq!((log.confidential, log.coarsened, log.private), (1, 2, 3));
        let fields: Vec<(&str, &str)> = log
            .rows
            .iter()
            .map(|r| (r.id.as_str(), r.field.as_str()))
            .collect();
        assert!(fields.contains(&("r", "lat;lon")) && fields.contains(&("m", "via")));
        assert!(!fields.iter().any(|(id, _)| *id == "c"), "never named");
    }

    #[test]
    fn the_internal_profile_changes_nothing() {
        let gazetteer = Gazetteer::builtin().expect("gazetteer");
        let publish = Publish {
            profile: Profile::Internal,
            ..Publish::default()
        };
        let mut redactor = Redactor::new(&gazetteer, &publish);
        let all = events(&gazetteer, ROWS);
        let out: Vec<Event> = all
            .iter()
            .cloned()
            .filter_map(|e| redactor.apply(e))
            .collect();
        assert_eq!(out, all);
        assert_eq!(redactor.finish(), Redactions::default());
    }
}

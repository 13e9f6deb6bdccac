//! `tonle export`'s filters (`--from`, `--to`, `--province`, `--type`, `--country`): each
//! flag's value read and resolved against the gazetteer before any event is read, and the
//! test of an event against them. Kept apart from `export.rs`, which keeps the run itself, so
//! that what each filter flag means is found in one place.

use super::Args;
use crate::events::{Event, EventType};
use crate::gazetteer::{Gazetteer, Place, PlaceIdx, PlaceKind};
use crate::readings::dates::{read_date, DateContext, DateOrder, OrderSource, SettledOrder};
use crate::readings::nationalities::read_nationalities;
use crate::readings::types::read_type;
use anyhow::bail;
use chrono::NaiveDate;

/// The filters, resolved before any event is read.
pub(super) struct Filters {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    provinces: Vec<PlaceIdx>,
    types: Vec<EventType>,
    /// ISO 3166-1 alpha-2 codes.
    countries: Vec<String>,
}

/// The first (or `last`) day a `--from`/`--to` date can mean, read as a date cell is (with the
/// day/month order of `--day-first` or `--month-first`).
fn bound(
    text: Option<&str>,
    flag: &str,
    last: bool,
    order: Option<DateOrder>,
) -> anyhow::Result<Option<NaiveDate>> {
    let Some(text) = text else { return Ok(None) };
    let context = DateContext {
        order: order.map(|order| SettledOrder {
            order,
            by: OrderSource::Flag,
        }),
    };
    let date = read_date(text, &context)
        .map_err(|e| anyhow::anyhow!("--{flag} {text}: {}; {}", e.message, e.hint))?
        .value;
    let day = if last {
        date.end_day()
    } else {
        date.start_day()
    };
    match day {
        Some(day) => Ok(Some(day)),
        None => bail!(
            "--{flag} {text}: the date has no {} day; give a date that does",
            if last { "last" } else { "first" }
        ),
    }
}

/// The ISO code a `--country` value names: a code (any case, alpha-2 or alpha-3), a name or a
/// demonym, as a nationalities cell is read.
fn country_code(text: &str) -> anyhow::Result<&'static str> {
    let read = read_nationalities(text)
        .map_err(|e| anyhow::anyhow!("--country {text}: {}; {}", e.message, e.hint))?;
    match read.value.as_slice() {
        [one] => Ok(one.code),
        _ => bail!("--country {text}: give one country per value (comma-separated for several)"),
    }
}

impl Filters {
    pub(super) fn new(args: &Args, gazetteer: &Gazetteer) -> anyhow::Result<Filters> {
        let order = args.read.flags().order;
        let from = bound(args.from.as_deref(), "from", false, order)?;
        let to = bound(args.to.as_deref(), "to", true, order)?;
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                bail!("--to {t} is before --from {f}");
            }
        }
        let mut provinces = Vec::new();
        for name in &args.province {
            let m = gazetteer.resolve(name).map_err(|e| {
                let (message, hint) = gazetteer.explain(name, &e);
                anyhow::anyhow!(
                    "--province {name}: {message}{}",
                    hint.map(|h| format!("; {h}")).unwrap_or_default()
                )
            })?;
            provinces
                .push(province_of(name, gazetteer.place(m.place)).map_err(anyhow::Error::msg)?);
        }
        let mut types = Vec::new();
        for name in &args.types {
            let read = read_type(name, true)
                .map_err(|e| anyhow::anyhow!("--type {name}: {}; {}", e.message, e.hint))?;
            // The readings name only event types (a test in src/check checks it).
            if let Some(kind) = EventType::parse(read.value) {
                types.push(kind);
            }
        }
        let countries = args
            .country
            .iter()
            .map(|c| country_code(c).map(str::to_owned))
            .collect::<anyhow::Result<Vec<String>>>()?;
        Ok(Filters {
            from,
            to,
            provinces,
            types,
            countries,
        })
    }

    pub(super) fn keep(&self, event: &Event, gazetteer: &Gazetteer) -> bool {
        let in_province = || {
            [event.place, event.origin, event.destination]
                .into_iter()
                .flatten()
                .filter_map(|p| gazetteer.place(p).province)
                .any(|p| self.provinces.contains(&p))
        };
        let in_country = || {
            [event.place, event.origin, event.destination]
                .into_iter()
                .flatten()
                .chain(event.route.via.iter().copied())
                .any(|p| self.countries.contains(&gazetteer.place(p).country))
        };
        event.date.overlaps(self.from, self.to)
            && (self.types.is_empty() || self.types.contains(&event.kind))
            && (self.provinces.is_empty() || in_province())
            && (self.countries.is_empty() || in_country())
    }
}

/// The province `--province NAME` stands for: the place's own (a town stands for its
/// province), or why there is none.
fn province_of(name: &str, place: &Place) -> Result<PlaceIdx, String> {
    match place.province {
        Some(p) => Ok(p),
        None if place.kind == PlaceKind::Country => Err(format!(
            "--province {name}: {} is a country, not a province",
            place.name
        )),
        None => Err(format!(
            "--province {name}: {} lies in no province",
            place.name
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No built-in place lies outside every province and is no country, but a place of the
    /// gazetteer that does (a cross-border one) gets a message rather than a panic.
    #[test]
    fn a_place_in_no_province_is_no_province_filter() {
        let gazetteer = Gazetteer::builtin().expect("gazetteer");
        let town = gazetteer.place(gazetteer.by_id("sihanoukville").expect("known"));
        assert_eq!(
            province_of("Kampong Som", town),
            Ok(gazetteer.by_id("preah-sihanouk").expect("known"))
        );
        let laos = gazetteer.place(gazetteer.by_id("laos").expect("known"));
        assert_eq!(
            province_of("Lao PDR", laos),
            Err("--province Lao PDR: Laos is a country, not a province".to_owned())
        );
        let border = Place {
            id: "border-market".to_owned(),
            kind: PlaceKind::Site,
            name: "Border market".to_owned(),
            province: None,
            ..laos.clone()
        };
        assert_eq!(
            province_of("the market", &border),
            Err("--province the market: Border market lies in no province".to_owned())
        );
    }
}

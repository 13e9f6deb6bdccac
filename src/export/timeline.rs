//! Timelines: TimelineJS3's JSON (<https://timeline.knightlab.com/docs/json-format.html>) and
//! vis-timeline's items and groups (<https://visjs.github.io/vis-timeline/docs/timeline/>).
//!
//! Both widgets insert our text as HTML, so every piece of event text is escaped. TimelineJS
//! also *decodes entities* in `display_date` and `group` before inserting them, so those two
//! carry no `<`, `>` or `&` at all ([`text::plain`]). Dates are only ever validated integers
//! (TimelineJS echoes an invalid date part into an error message as HTML).

use super::text::{html, plain};
use crate::dates::{End, PartialDate};
use crate::events::Event;
use crate::gazetteer::Gazetteer;
use chrono::Datelike;
use serde::Serialize;
use std::collections::BTreeMap;
// Writing to a String cannot fail, so `write!` results are ignored below.
use std::fmt::Write as _;
use std::io::{self, Write};

/// How timeline events are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Group {
    /// By event type (raid, rescue ...).
    #[default]
    Type,
    /// By province (or country, for places abroad).
    Province,
}

/// A TimelineJS date: only the parts the precision knows.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct TlDate {
    year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
}

impl From<&PartialDate> for TlDate {
    fn from(d: &PartialDate) -> Self {
        TlDate {
            year: d.year,
            month: d.month,
            day: d.day,
        }
    }
}

#[derive(Debug, Serialize)]
struct TlText {
    headline: String,
    text: String,
}

/// One TimelineJS slide.
#[derive(Debug, Serialize)]
struct Slide {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<TlDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<TlDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<String>,
    text: TlText,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<String>,
    autolink: bool,
}

#[derive(Serialize)]
struct TimelineJs<'a> {
    title: Slide,
    events: Lazy<'a, Slide>,
    scale: &'static str,
}

/// A JSON array whose items are made one at a time as they are written: a timeline of a
/// million events never holds a million slides.
struct Lazy<'a, T> {
    events: &'a [Event],
    make: &'a dyn Fn(&Event) -> Option<T>,
}

impl<T: Serialize> Serialize for Lazy<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.events.iter().filter_map(|e| (self.make)(e)))
    }
}

/// The TimelineJS start and end of an event, and the label to show when the dates alone would
/// mislead (a qualifier, or an open or unknown end).
pub fn tl_dates(event: &Event) -> (TlDate, Option<TlDate>, Option<String>) {
    let date = &event.date;
    let (start, end) = match (&date.start, &date.end) {
        (End::Date(s), End::Date(e)) => (TlDate::from(s), Some(TlDate::from(e)).filter(|_| s != e)),
        (End::Date(s), _) => (TlDate::from(s), None),
        (_, End::Date(e)) => (TlDate::from(e), None),
        // The parser never yields an interval without a date at either end.
        (_, _) => (
            TlDate {
                year: 0,
                month: None,
                day: None,
            },
            None,
        ),
    };
    let needs_label = date.qualifier() != crate::dates::Qualifier::default()
        || !matches!(date.start, End::Date(_))
        || !matches!(date.end, End::Date(_));
    (start, end, needs_label.then(|| plain(&date.label())))
}

/// The group an event falls in: its type's label, or its province (its country abroad, or
/// "Cross-border" for a movement without a place).
pub fn group_of(event: &Event, gazetteer: &Gazetteer, group: Group) -> (String, String) {
    match group {
        Group::Type => (
            event.kind.as_str().to_owned(),
            event.kind.label().to_owned(),
        ),
        Group::Province => match event.place {
            Some(p) => {
                let area = gazetteer
                    .province_of(p)
                    .unwrap_or_else(|| gazetteer.place(p));
                (area.id.clone(), area.name.clone())
            }
            None => ("cross-border".to_owned(), "Cross-border".to_owned()),
        },
    }
}

/// The slide body: description, place, counts, nationalities and the source, all escaped.
fn body(event: &Event, gazetteer: &Gazetteer) -> String {
    let mut out = String::new();
    if !event.description().is_empty() {
        let _ = write!(out, "<p>{}</p>", html(event.description()));
    }
    let mut place = Vec::new();
    if let Some(p) = event.place {
        let name = &gazetteer.place(p).name;
        match gazetteer.province_of(p).filter(|prov| prov.name != *name) {
            Some(prov) => place.push(format!("{name}, {}", prov.name)),
            None => place.push(name.clone()),
        }
    }
    if let Some((o, d)) = event.movement() {
        place.push(format!(
            "from {} to {}",
            gazetteer.place(o).name,
            gazetteer.place(d).name
        ));
    }
    if !event.place_text().is_empty() {
        place.push(format!("(as reported: {})", event.place_text()));
    }
    if !place.is_empty() {
        let _ = write!(out, "<p><b>Where:</b> {}</p>", html(&place.join("; ")));
    }
    let counts: Vec<String> = event
        .counts
        .iter()
        .filter_map(|(col, v)| v.map(|v| format!("{} {v}", col.name())))
        .collect();
    if !counts.is_empty() {
        let note = if event.count_note().is_empty() {
            String::new()
        } else {
            format!(" ({})", event.count_note())
        };
        let _ = write!(
            out,
            "<p><b>People:</b> {}{}</p>",
            html(&counts.join(", ")),
            html(&note)
        );
    }
    if !event.nationalities().is_empty() {
        let _ = write!(
            out,
            "<p><b>Nationalities:</b> {}</p>",
            html(&event.nationalities().replace(';', ", "))
        );
    }
    let mut source = html(event.source());
    if let Some(url) = event.source_urls().next() {
        source = format!(
            "<a href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer\">{source}</a>",
            html(url)
        );
    }
    if let Some(day) = event.source_date {
        let _ = write!(source, ", {day}");
    }
    let _ = write!(out, "<p><b>Source:</b> {source}</p>");
    out
}

/// Writes `timeline.json` for TimelineJS3.
pub fn write_timelinejs(
    out: &mut dyn Write,
    events: &[Event],
    gazetteer: &Gazetteer,
    group: Group,
) -> io::Result<usize> {
    let slide = |event: &Event| {
        let (start, end, display_date) = tl_dates(event);
        Some(Slide {
            start_date: Some(start),
            end_date: end,
            display_date,
            text: TlText {
                headline: html(event.title()),
                text: body(event, gazetteer),
            },
            group: Some(plain(&group_of(event, gazetteer, group).1)),
            unique_id: Some(plain(event.id())),
            autolink: false,
        })
    };
    // A slide's start year is its map start's year (the start, or the end's for an open start):
    // no need to build every slide's dates and labels twice.
    let years = || {
        events
            .iter()
            .filter_map(|e| e.date.map_start())
            .map(|d| d.year())
    };
    let (first, last) = (years().min(), years().max());
    let span = match (first, last) {
        (Some(a), Some(b)) if a != b => format!(", {a} to {b}"),
        (Some(a), _) => format!(", {a}"),
        _ => String::new(),
    };
    let sources: std::collections::BTreeSet<&str> = events.iter().map(Event::source).collect();
    let timeline = TimelineJs {
        title: Slide {
            start_date: None,
            end_date: None,
            display_date: None,
            text: TlText {
                headline: "Human trafficking and scam compounds in Cambodia".to_owned(),
                text: html(&format!(
                    "{} dated events{span}, from {} sources. Made with tonle.",
                    events.len(),
                    sources.len()
                )),
            },
            group: None,
            unique_id: Some("title".to_owned()),
            autolink: false,
        },
        events: Lazy {
            events,
            make: &slide,
        },
        scale: "human",
    };
    serde_json::to_writer_pretty(&mut *out, &timeline)?;
    out.write_all(b"\n")?;
    Ok(events.len())
}

/// One vis-timeline item.
#[derive(Debug, Serialize)]
struct VisItem {
    id: String,
    content: String,
    start: chrono::NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<chrono::NaiveDate>,
    #[serde(rename = "type")]
    kind: &'static str,
    group: String,
    title: String,
    #[serde(rename = "className")]
    class_name: String,
}

#[derive(Debug, Serialize)]
struct VisGroup {
    id: String,
    content: String,
    order: usize,
}

#[derive(Serialize)]
struct Vis<'a> {
    items: Lazy<'a, VisItem>,
    groups: Vec<VisGroup>,
}

/// Writes `timeline-vis.json` for vis-timeline. A value spanning several days is a `range`
/// whose `end` is the day after its last day (vis-timeline's ends are exclusive instants); a
/// single day, or a value with an open or unknown end, is a `point`.
pub fn write_vis(
    out: &mut dyn Write,
    events: &[Event],
    gazetteer: &Gazetteer,
    group: Group,
) -> io::Result<usize> {
    // First the groups and the count, then the items, made one at a time as they are written.
    let mut groups: BTreeMap<String, String> = BTreeMap::new();
    let mut count = 0;
    for event in events {
        if event.date.start_day().or(event.date.end_day()).is_some() {
            let (group_id, group_name) = group_of(event, gazetteer, group);
            groups.entry(group_id).or_insert(group_name);
            count += 1;
        }
    }
    let item = |event: &Event| {
        let (start, end) = match (event.date.start_day(), event.date.end_day()) {
            (Some(s), Some(e)) if s == e => (s, None),
            (Some(s), Some(e)) => (s, e.succ_opt()),
            (Some(s), None) => (s, None),
            (None, Some(e)) => (e, None),
            (None, None) => return None,
        };
        let place = event
            .place
            .or(event.destination)
            .map(|p| gazetteer.place(p).name.as_str())
            .unwrap_or_default();
        Some(VisItem {
            id: event.id().to_owned(),
            content: html(event.title()),
            start,
            end,
            kind: if end.is_some() { "range" } else { "point" },
            group: group_of(event, gazetteer, group).0,
            title: html(&format!(
                "{} | {place} | {}",
                event.date.label(),
                event.source()
            )),
            class_name: format!("tonle-{}", event.kind.as_str().replace('_', "-")),
        })
    };
    let order: Vec<String> = match group {
        Group::Type => crate::events::EventType::ALL
            .iter()
            .map(|t| t.as_str().to_owned())
            .filter(|id| groups.contains_key(id))
            .collect(),
        Group::Province => groups.keys().cloned().collect(),
    };
    let groups = order
        .into_iter()
        .enumerate()
        .map(|(i, id)| VisGroup {
            content: html(&groups[&id]),
            id,
            order: i,
        })
        .collect();
    let items = Lazy {
        events,
        make: &item,
    };
    serde_json::to_writer_pretty(&mut *out, &Vis { items, groups })?;
    out.write_all(b"\n")?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates;
    use proptest::prelude::*;

    fn event(date: &str) -> Event {
        let mut text = crate::events::TextBuilder::default();
        text.field("e");
        Event {
            text: text.finish(),
            date: dates::parse(date).expect("valid"),
            kind: crate::events::EventType::Raid,
            place: None,
            origin: None,
            destination: None,
            point: None,
            counts: crate::events::Counts::default(),
            source_date: None,
            input: crate::diagnostics::InputName::file("t"),
            line: 1,
        }
    }

    proptest! {
        /// A date of any precision maps to a TimelineJS date with exactly the parts it knows,
        /// and a label only when a qualifier would otherwise be lost.
        #[test]
        fn partial_dates_keep_their_precision(year in 1900i32..2100, month in 1u32..=12, day in 1u32..=28, precision in 0usize..3, q in 0usize..4) {
            let text = match precision {
                0 => format!("{year:04}"),
                1 => format!("{year:04}-{month:02}"),
                _ => format!("{year:04}-{month:02}-{day:02}"),
            } + ["", "?", "~", "%"][q];
            let (start, end, label) = tl_dates(&event(&text));
            prop_assert_eq!(start.year, year);
            prop_assert_eq!(start.month.is_some(), precision >= 1);
            prop_assert_eq!(start.day.is_some(), precision == 2);
            prop_assert!(end.is_none());
            prop_assert_eq!(label.is_some(), q > 0);
        }

        /// Whatever the text, the fields TimelineJS decodes entities in carry no markup, and
        /// escaped text carries no character that starts markup or ends an attribute.
        #[test]
        fn text_comes_out_inert(text in ".{0,60}") {
            prop_assert!(!plain(&text).contains(['<', '>', '&']));
            prop_assert!(!html(&text).contains(['<', '>', '"', '\'']));
        }
    }
}

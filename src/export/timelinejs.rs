//! `timeline.json` for TimelineJS3 (<https://timeline.knightlab.com/docs/json-format.html>): a
//! title slide and one slide per event, written as the events come.
//!
//! All event text is HTML-escaped ([`html`]); `display_date` and `group`, in which TimelineJS
//! decodes entities first, are plain text ([`plain`]). Dates are only ever validated integers
//! (TimelineJS echoes an invalid date part into an error message as HTML).

use super::text::{html, plain};
use super::timeline::{group_of, write_nested, Group, Items};
use super::{About, Context, Noun, Output, Sink, Summary};
use crate::dates::{End, PartialDate};
use crate::events::Event;
use crate::gazetteer::Gazetteer;
use chrono::Datelike;
use serde::Serialize;
// Writing to a String cannot fail, so `write!` results are ignored below.
use std::fmt::Write as _;
use std::io::{self, Write};

/// The TimelineJS timeline.
pub struct TimelineJs;

impl Output for TimelineJs {
    fn about(&self) -> &'static About {
        &About {
            name: "timelinejs",
            file: "timeline.json",
            items: Noun {
                one: "event",
                many: "events",
            },
            doc: "TimelineJS3: a title slide and one slide per event, grouped by category, type or province",
            needs_summary: true,
        }
    }

    fn start<'a>(
        &self,
        ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        out.write_all(b"{\n  \"title\": ")?;
        write_nested(out, &title(&ctx.plan.title(), ctx.summary()?), 1)?;
        out.write_all(b",\n  \"events\": [")?;
        Ok(Box::new(Slides {
            out,
            gazetteer: ctx.gazetteer,
            group: ctx.plan.group,
            written: Items::new(2),
        }))
    }
}

struct Slides<'a> {
    out: &'a mut dyn Write,
    gazetteer: &'a Gazetteer,
    group: Group,
    written: Items,
}

impl Sink for Slides<'_> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        let (start, end, display_date) = tl_dates(event);
        let slide = Slide {
            start_date: Some(start),
            end_date: end,
            display_date,
            text: TlText {
                headline: html(&headline(event)),
                text: body(event, self.gazetteer),
            },
            group: group_of(event, self.gazetteer, self.group).map(|(_, label)| plain(&label)),
            background: event.status().label().map(|_| Background {
                color: CLAIM_BACKGROUND,
            }),
            unique_id: Some(plain(event.id())),
            autolink: false,
        };
        self.written.item(self.out, &slide)
    }

    fn finish(self: Box<Self>) -> io::Result<usize> {
        let count = self.written.close(self.out)?;
        self.out.write_all(b",\n  \"scale\": \"human\"\n}\n")?;
        Ok(count)
    }
}

/// The title slide: the export's title, what the timeline holds, over which years, from how
/// many sources.
fn title(headline: &str, summary: &Summary) -> Slide {
    // A slide's start year is its map start's year (the start, or the end's for an open start).
    let span = match (summary.first_start, summary.last_start) {
        (Some(a), Some(b)) if a.year() != b.year() => format!(", {} to {}", a.year(), b.year()),
        (Some(a), _) => format!(", {}", a.year()),
        _ => String::new(),
    };
    Slide {
        start_date: None,
        end_date: None,
        display_date: None,
        text: TlText {
            headline: html(headline),
            text: html(&format!(
                "{} dated events{span}, from {} sources. Made with tonle.",
                summary.events,
                summary.sources.len()
            )),
        },
        group: None,
        background: None,
        unique_id: Some("title".to_owned()),
        autolink: false,
    }
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
            year: d.year(),
            month: d.month(),
            day: d.day(),
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
    background: Option<Background>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<String>,
    autolink: bool,
}

/// A slide's background (TimelineJS3's `background.color`): alleged and disputed events are
/// set apart from the facts.
#[derive(Debug, Serialize)]
struct Background {
    color: &'static str,
}

/// The background of an alleged or disputed event's slide: a pale sand, the story page's
/// colour of claims.
pub(super) const CLAIM_BACKGROUND: &str = "#f4ecd8";

/// An event's headline, `Alleged: ...` or `Disputed: ...` for a claim, so that no one reads it
/// as a fact.
pub fn headline(event: &Event) -> std::borrow::Cow<'_, str> {
    match event.status().label() {
        Some(label) => std::borrow::Cow::Owned(format!("{label}: {}", event.title())),
        None => std::borrow::Cow::Borrowed(event.title()),
    }
}

/// The TimelineJS start and end of an event, and the label to show when the dates alone would
/// mislead (a qualifier, or an open or unknown end).
pub fn tl_dates(event: &Event) -> (TlDate, Option<TlDate>, Option<String>) {
    let date = &event.date;
    let start = TlDate::from(date.anchor());
    let end = match (date.start(), date.end()) {
        (End::Date(s), End::Date(e)) if s != e => Some(TlDate::from(&e)),
        _ => None,
    };
    let needs_label = date.qualifier() != crate::dates::Qualifier::default()
        || !matches!(date.start(), End::Date(_))
        || !matches!(date.end(), End::Date(_));
    (start, end, needs_label.then(|| plain(&date.label())))
}

/// The slide body: description, place, counts, nationalities and the source, all escaped.
pub(super) fn body(event: &Event, gazetteer: &Gazetteer) -> String {
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
    if let Some(label) = event.status().label() {
        let _ = write!(
            out,
            "<p><b>Status:</b> {label}: a claim, not an established figure; its counts are not in the totals</p>"
        );
    }
    let _ = write!(
        out,
        "<p><b>{}:</b> {}</p>",
        sources_label(event),
        sources_html(event)
    );
    out
}

/// `Source` or `Sources (2 outlets)`.
fn sources_label(event: &Event) -> String {
    match event.outlets().len() {
        0 | 1 => "Source".to_owned(),
        n => format!("Sources ({n} outlets)"),
    }
}

/// Every source, each outlet linked to its own page, escaped; the publication date last.
pub(super) fn sources_html(event: &Event) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (outlet, url) in event.sources() {
        parts.push(match url {
            Some(url) => format!(
                "<a href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer\">{}</a>",
                html(url),
                html(outlet)
            ),
            None => html(outlet),
        });
    }
    let mut source = parts.join("; ");
    if let Some(day) = event.source_date {
        let _ = write!(source, ", {day}");
    }
    source
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
            route: crate::events::Route::default(),
            input: crate::diagnostics::InputName::file("t"),
            line: 1,
            extras: crate::events::Extras::default(),
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

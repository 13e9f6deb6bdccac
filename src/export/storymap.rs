//! `storymap.json` for Knight Lab's StoryMapJS (<https://storymap.knightlab.com/>), for those
//! who already publish with it: an overview slide, then one slide per event with a place, in
//! date order, each at its place's point with a zoom that matches how precise the point is.
//!
//! StoryMapJS inserts a slide's `headline` and `text` as HTML, so every piece of event text is
//! escaped ([`html`]), as in the TimelineJS slides, whose body this output shares. Slides are
//! not joined by lines (`show_lines: false`): consecutive events are not a route. A slide has
//! no media (StoryMapJS would load a `media.url` from the network); its source and link are in
//! its text, and the outlet in `media.credit`. Events without a place (movements, facts with no
//! location) have no slide: the overview says where they are.

use super::text::html;
use super::timeline::Items;
use super::timelinejs::body;
use super::{About, Context, Noun, Output, Sink, Summary};
use crate::events::Event;
use crate::gazetteer::Gazetteer;
use chrono::Datelike;
use serde::Serialize;
use std::io::{self, Write};

/// The StoryMapJS story map.
pub struct StoryMap;

impl Output for StoryMap {
    fn about(&self) -> &'static About {
        &About {
            name: "storymap",
            file: "storymap.json",
            items: Noun {
                one: "slide",
                many: "slides",
            },
            doc: "StoryMapJS: an overview slide and one slide per event with a place",
            needs_summary: true,
        }
    }

    fn start<'a>(
        &self,
        ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        // The options StoryMapJS reads from the data, then the slides.
        out.write_all(
            b"{\n  \"storymap\": {\n    \"language\": \"en\",\n    \"map_type\": \"osm:standard\",\n    \
              \"calculate_zoom\": false,\n    \"show_lines\": false,\n    \"slides\": [",
        )?;
        let mut slides = Items::new(3);
        slides.item(out, &overview(&ctx.plan.title(), ctx.summary()?))?;
        Ok(Box::new(Slides {
            out,
            gazetteer: ctx.gazetteer,
            written: slides,
        }))
    }
}

struct Slides<'a> {
    out: &'a mut dyn Write,
    gazetteer: &'a Gazetteer,
    written: Items,
}

impl Sink for Slides<'_> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        match slide(event, self.gazetteer) {
            Some(slide) => self.written.item(self.out, &slide),
            None => Ok(()),
        }
    }

    fn finish(self: Box<Self>) -> io::Result<usize> {
        let count = self.written.close(self.out)?;
        self.out.write_all(b"\n  }\n}\n")?;
        Ok(count)
    }
}

/// One StoryMapJS slide.
#[derive(Debug, Serialize)]
struct Slide {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location>,
    text: Text,
    media: Media,
    /// Alleged and disputed events on a background of their own (StoryMapJS's
    /// `background.color`), as on the timelines.
    #[serde(skip_serializing_if = "Option::is_none")]
    background: Option<Background>,
}

#[derive(Debug, Serialize)]
struct Background {
    color: &'static str,
}

#[derive(Debug, Serialize)]
struct Location {
    lat: f64,
    lon: f64,
    zoom: u8,
}

#[derive(Debug, Serialize)]
struct Text {
    headline: String,
    text: String,
}

#[derive(Debug, Serialize)]
struct Media {
    url: &'static str,
    credit: String,
    caption: &'static str,
}

/// The first slide: the title, the years, the sources, and where the events without a place
/// are.
fn overview(title: &str, summary: &Summary) -> Slide {
    let years = match (summary.first_start, summary.last_start) {
        (Some(a), Some(b)) if a.year() != b.year() => format!(" from {} to {}", a.year(), b.year()),
        (Some(a), _) => format!(" in {}", a.year()),
        _ => String::new(),
    };
    Slide {
        kind: Some("overview"),
        date: String::new(),
        location: None,
        text: Text {
            headline: html(title),
            text: html(&format!(
                "Dated events{years} from {} sources, one slide per event with a place, in date \
                 order. Movements and facts without a place are in story.html and timeline.json. \
                 Made with tonle.",
                summary.sources.len()
            )),
        },
        media: Media {
            url: "",
            credit: String::new(),
            caption: "",
        },
        background: None,
    }
}

/// The slide of an event with a place, at its point; `None` for an event without one.
fn slide(event: &Event, gazetteer: &Gazetteer) -> Option<Slide> {
    let place = gazetteer.place(event.place?);
    let (lat, lon, level) = match event.point {
        Some(p) => (p.lat, p.lon, 1),
        None => (place.lat, place.lon, place.geo_precision()),
    };
    let label = event.date.label();
    Some(Slide {
        kind: None,
        date: label.clone(),
        location: Some(Location {
            lat: super::text::round6(lat),
            lon: super::text::round6(lon),
            zoom: zoom(level),
        }),
        text: Text {
            headline: html(&super::timelinejs::headline(event)),
            text: format!("<p><b>{}</b></p>{}", html(&label), body(event, gazetteer)),
        },
        media: Media {
            url: "",
            credit: html(&event.outlets().join("; ")),
            caption: "",
        },
        background: event.status().label().map(|_| Background {
            color: super::timelinejs::CLAIM_BACKGROUND,
        }),
    })
}

/// The map zoom for a point of this geo precision: a site close up, a country whole.
fn zoom(geo_precision: u8) -> u8 {
    match geo_precision {
        1 => 12,
        2 => 10,
        3 => 8,
        _ => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::builtin_events;
    use crate::export::{timeline::Group, Plan, SummaryBuilder};

    fn storymap(plan: &Plan) -> serde_json::Value {
        let gazetteer = Gazetteer::builtin().expect("gazetteer");
        let mut events = builtin_events();
        crate::export::sort(&mut events);
        let summary = SummaryBuilder::of(&events, &gazetteer);
        let mut out = Vec::new();
        let ctx = Context {
            gazetteer: &gazetteer,
            plan,
            summary: Some(&summary),
        };
        let mut sink = StoryMap.start(ctx, &mut out).expect("start");
        for e in &events {
            sink.event(e).expect("event");
        }
        let placed = events.iter().filter(|e| e.place.is_some()).count();
        assert_eq!(sink.finish().expect("finish"), placed + 1);
        serde_json::from_slice(&out).expect("JSON")
    }

    /// The shape StoryMapJS reads (its `StoryMap`, `Map` and `Slide` classes): `storymap.slides`,
    /// an overview first, then slides whose `location` has numeric `lat`, `lon` and `zoom`.
    #[test]
    fn an_overview_then_a_located_slide_per_placed_event() {
        let plan = Plan::new(&[], Group::default(), None).with_title(Some("Compounds <2022>"));
        let doc = storymap(&plan);
        let slides = doc["storymap"]["slides"].as_array().expect("slides");
        assert_eq!(slides.len(), 50, "the overview and the 49 placed events");
        assert_eq!(slides[0]["type"], "overview");
        assert_eq!(slides[0]["text"]["headline"], "Compounds &lt;2022&gt;");
        assert!(slides[0].get("location").is_none());
        for s in &slides[1..] {
            let at = &s["location"];
            let (lat, lon) = (
                at["lat"].as_f64().expect("lat"),
                at["lon"].as_f64().expect("lon"),
            );
            assert!((-90.0..=90.0).contains(&lat) && lat != 0.0, "{s}");
            assert!((-180.0..=180.0).contains(&lon), "{s}");
            assert!([5, 8, 10, 12].contains(&at["zoom"].as_u64().expect("zoom")));
            assert!(s["text"]["text"]
                .as_str()
                .expect("text")
                .contains("<b>Source"));
            assert_eq!(s["media"]["url"], "", "no media is fetched");
            assert!(!s["date"].as_str().expect("date").is_empty());
        }
        assert_eq!(doc["storymap"]["show_lines"], false);
        assert_eq!(doc["storymap"]["calculate_zoom"], false);
    }
}

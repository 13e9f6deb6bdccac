//! `story.html`: one self-contained page with the map and the timeline of the events, linked,
//! that works from `file://` or any static host and makes no network request.
//!
//! The page is the three parts in `story/` (styles, markup, script: see `story/README.md`) with
//! the data between them as JSON in a `<script type="application/json">` element, written
//! exactly as that README's template says, so that the development assembler
//! (`tests/fixtures/story/assemble.js`) gives the same bytes for the same data. Events are
//! streamed into the data one at a time; what comes before them (title, range, types, the
//! outlines) comes from the [`Summary`](super::Summary).
//!
//! The JSON is written the way JavaScript's `JSON.stringify` writes it (numbers included, see
//! [`JsNumbers`]), then made safe inside a script element: every `<` becomes `\u003c` and the
//! line separators U+2028 and U+2029 their escapes, so no text can close the element.

mod data;
mod map;

use super::text::html;
use super::{About, Context, Noun, Output, Sink};
use crate::boundaries;
use crate::events::Event;
use crate::gazetteer::Gazetteer;
use serde::Serialize;
use std::io::{self, Write};

/// The page's styles, markup and script, included byte for byte.
const CSS: &str = include_str!("story/story.css");
const BODY: &str = include_str!("story/story.body.html");
const SCRIPT: &str = include_str!("story/story.js");

/// The offline story page.
pub struct Story;

impl Output for Story {
    fn about(&self) -> &'static About {
        &About {
            name: "story",
            file: "story.html",
            items: Noun {
                one: "event",
                many: "events",
            },
            doc: "one offline page with a map and a timeline of the events, linked: no network, no install",
            needs_summary: true,
        }
    }

    fn start<'a>(
        &self,
        ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        let summary = ctx.summary()?;
        let title = ctx.plan.title();
        let title = &*title;
        let range = data::Range::of(summary);
        let head = data::Head {
            version: 1,
            title,
            generator: format!("tonle {}", env!("CARGO_PKG_VERSION")),
            profile: ctx.plan.publish.profile.as_str(),
            attribution: vec![boundaries::ATTRIBUTION, LICENCE_LINE],
            period: data::period(&range),
            range,
            types: data::types(summary),
            statuses: data::statuses(),
            map: map::MapData::new(ctx.gazetteer, &summary.countries),
        };
        out.write_all(page_head(title).as_bytes())?;
        let mut json = script_json(&head)?;
        // The head is an object: reopen it for the events.
        json.pop();
        json.extend_from_slice(br#","events":["#);
        out.write_all(&json)?;
        Ok(Box::new(Page {
            out,
            gazetteer: ctx.gazetteer,
            count: 0,
        }))
    }
}

/// The licence the outlines, and so the page, are under.
const LICENCE_LINE: &str = "The outlines, and this page's copy of them, are available under the \
     Open Database License (ODbL) 1.0, https://opendatacommons.org/licenses/odbl/1-0/";

struct Page<'a> {
    out: &'a mut dyn Write,
    gazetteer: &'a Gazetteer,
    count: usize,
}

impl Sink for Page<'_> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        if self.count > 0 {
            self.out.write_all(b",")?;
        }
        let json = script_json(&data::StoryEvent::new(event, self.gazetteer))?;
        self.out.write_all(&json)?;
        self.count += 1;
        Ok(())
    }

    fn finish(self: Box<Self>) -> io::Result<usize> {
        // Flows are aggregated by the displacement outputs; until they are, the page shows
        // each movement's own arrow and no aggregate.
        self.out.write_all(br#"],"flows":[]}"#)?;
        self.out.write_all(page_tail().as_bytes())?;
        Ok(self.count)
    }
}

/// Everything before the data: the document head with the styles, the markup, the data
/// element's start tag.
fn page_head(title: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{CSS}</style></head>\n<body>{BODY}\n\
         <script type=\"application/json\" id=\"tonle-data\">",
        html(title)
    )
}

/// Everything after the data: the script.
fn page_tail() -> String {
    format!("</script>\n<script>{SCRIPT}</script></body></html>\n")
}

/// `value` as JSON text that can stand inside a script element: written as `JSON.stringify`
/// writes it, then every `<`, U+2028 and U+2029 as a `\u` escape (which only occur inside
/// strings, where the escape means the same character).
pub fn script_json(value: &impl Serialize) -> io::Result<Vec<u8>> {
    let mut raw = Vec::new();
    value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut raw, JsNumbers,
    ))?;
    let mut out = Vec::with_capacity(raw.len() + 16);
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'<' => out.extend_from_slice(br"\u003c"),
            0xE2 if raw.get(i + 1) == Some(&0x80)
                && matches!(raw.get(i + 2), Some(0xA8 | 0xA9)) =>
            {
                out.extend_from_slice(if raw[i + 2] == 0xA8 {
                    br"\u2028"
                } else {
                    br"\u2029"
                });
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    Ok(out)
}

/// A JSON formatter that writes numbers as JavaScript does (`100`, not `100.0`; `1e-7`;
/// `1e+21`), so the page's data is byte for byte what `JSON.stringify` gives for it.
pub struct JsNumbers;

impl serde_json::ser::Formatter for JsNumbers {
    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        writer.write_all(js_number(value).as_bytes())
    }
}

/// A finite number as JavaScript's `Number.prototype.toString` writes it: the shortest digits
/// that read back as the same number, in decimal notation from 1e-6 to below 1e21 and in
/// exponent notation (with a sign) outside it.
fn js_number(v: f64) -> String {
    if v == 0.0 {
        return "0".to_owned();
    }
    if (1e-6..1e21).contains(&v.abs()) {
        // Rust's Display is the shortest round-trip decimal, never in exponent notation.
        return format!("{v}");
    }
    let text = format!("{v:e}");
    match text.split_once('e') {
        Some((mantissa, exp)) if !exp.starts_with('-') => format!("{mantissa}e+{exp}"),
        _ => text,
    }
}

#[cfg(test)]
mod tests;

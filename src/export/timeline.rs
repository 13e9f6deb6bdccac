//! What both timelines share: how events are grouped, and writing one JSON value after
//! another into a pretty-printed document (TimelineJS3 in [`super::timelinejs`], vis-timeline in
//! [`super::vis`]).
//!
//! Both widgets insert our text as HTML, so every piece of event text is escaped. TimelineJS
//! also *decodes entities* in `display_date` and `group` before inserting them, so those two
//! carry no `<`, `>` or `&` at all ([`super::text::plain`]).

use super::legend::Category;
use crate::events::Event;
use crate::gazetteer::Gazetteer;
use serde::Serialize;
use std::io::{self, Write};

/// How timeline events are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Group {
    /// By a coarse category of the type: enforcement, movement, official, other (four rows fit
    /// a 600 px TimelineJS embed).
    #[default]
    Category,
    /// By event type (raid, rescue ...): a row per type.
    Type,
    /// By province (or country, for places abroad).
    Province,
    /// No groups: one band of events.
    None,
}

/// The group an event falls in, as (id, label): its category, its type, or its province (its
/// country abroad, or "Cross-border" for a movement without a place); `None` without groups.
pub fn group_of(event: &Event, gazetteer: &Gazetteer, group: Group) -> Option<(String, String)> {
    Some(match group {
        Group::Category => {
            let category = Category::of(event.kind);
            (category.as_str().to_owned(), category.label().to_owned())
        }
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
        Group::None => return None,
    })
}

/// Writes `value` pretty-printed (two-space indents, as `serde_json::to_writer_pretty`) as if
/// it stood `depth` levels deep in a larger document: the streamed timelines come out byte for
/// byte as the whole document printed at once would.
pub fn write_nested(out: &mut dyn Write, value: &impl Serialize, depth: usize) -> io::Result<()> {
    let text = serde_json::to_vec_pretty(value)?;
    let indent = "  ".repeat(depth);
    // JSON text has no raw line breaks inside strings: every one is between tokens.
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
            out.write_all(indent.as_bytes())?;
        }
        out.write_all(line)?;
    }
    Ok(())
}

/// A JSON array written one item at a time inside a pretty-printed document.
pub struct Items {
    depth: usize,
    count: usize,
}

impl Items {
    /// An array whose items stand `depth` levels deep (the `[` was written already).
    pub fn new(depth: usize) -> Self {
        Items { depth, count: 0 }
    }

    /// Writes the next item.
    pub fn item(&mut self, out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
        out.write_all(if self.count == 0 { b"\n" } else { b",\n" })?;
        out.write_all("  ".repeat(self.depth).as_bytes())?;
        write_nested(out, value, self.depth)?;
        self.count += 1;
        Ok(())
    }

    /// Writes the `]`; returns how many items there were.
    pub fn close(self, out: &mut dyn Write) -> io::Result<usize> {
        if self.count > 0 {
            out.write_all(b"\n")?;
            out.write_all("  ".repeat(self.depth - 1).as_bytes())?;
        }
        out.write_all(b"]")?;
        Ok(self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items written one at a time give the bytes of the whole document printed at once.
    #[test]
    fn streamed_items_are_the_pretty_document() {
        #[derive(Serialize)]
        struct Doc {
            title: serde_json::Value,
            items: Vec<serde_json::Value>,
            last: &'static str,
        }
        for n in 0..3 {
            let items: Vec<serde_json::Value> = (0..n)
                .map(|i| serde_json::json!({"id": i, "nested": {"a": [1, 2], "b": "x\ny"}, "empty": []}))
                .collect();
            let title = serde_json::json!({"text": {"headline": "h"}});
            let whole = serde_json::to_vec_pretty(&Doc {
                title: title.clone(),
                items: items.clone(),
                last: "z",
            })
            .expect("json");
            let mut out = Vec::new();
            out.extend_from_slice(b"{\n  \"title\": ");
            write_nested(&mut out, &title, 1).expect("write");
            out.extend_from_slice(b",\n  \"items\": [");
            let mut array = Items::new(2);
            for item in &items {
                array.item(&mut out, item).expect("write");
            }
            array.close(&mut out).expect("write");
            out.extend_from_slice(b",\n  \"last\": \"z\"\n}");
            assert_eq!(
                String::from_utf8(out).expect("utf8"),
                String::from_utf8(whole).expect("utf8"),
                "{n} items"
            );
        }
    }
}

//! `timeline-vis.json` for vis-timeline (<https://visjs.github.io/vis-timeline/docs/timeline/>):
//! `{"items": [...], "groups": [...]}`. Items are written as the events come; the groups, which
//! follow them in the file, are gathered on the way, so this output needs no summary.
//!
//! A value spanning several days is a `range` whose `end` is the day after its last day
//! (vis-timeline's ends are exclusive instants); a single day, or a value with an open or
//! unknown end, is a `point`.

use super::legend::Category;
use super::text::html;
use super::timeline::{group_of, write_nested, Group, Items};
use super::{About, Context, Noun, Output, Sink};
use crate::dates::Precision;
use crate::events::{Event, EventType};
use crate::gazetteer::Gazetteer;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The vis-timeline timeline.
pub struct Vis;

impl Output for Vis {
    fn about(&self) -> &'static About {
        &About {
            name: "vis",
            file: "timeline-vis.json",
            items: Noun {
                one: "item",
                many: "items",
            },
            doc: "vis-timeline items and groups, one item per dated event (styled by timeline-vis.css)",
            needs_summary: false,
        }
    }

    fn start<'a>(
        &self,
        ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        out.write_all(b"{\n  \"items\": [")?;
        Ok(Box::new(Timeline {
            out,
            gazetteer: ctx.gazetteer,
            group: ctx.plan.group,
            items: Items::new(2),
            groups: BTreeMap::new(),
        }))
    }
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
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
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

struct Timeline<'a> {
    out: &'a mut dyn Write,
    gazetteer: &'a Gazetteer,
    group: Group,
    items: Items,
    /// Group id -> name, of the groups that have an item.
    groups: BTreeMap<String, String>,
}

impl Sink for Timeline<'_> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        let (start, end) = match (event.date.start_day(), event.date.end_day()) {
            (Some(s), Some(e)) if s == e => (s, None),
            (Some(s), Some(e)) => (s, e.succ_opt()),
            (Some(s), None) => (s, None),
            (None, Some(e)) => (e, None),
            (None, None) => return Ok(()),
        };
        let group = group_of(event, self.gazetteer, self.group);
        let place = event
            .place
            .or(event.destination)
            .map(|p| self.gazetteer.place(p).name.as_str())
            .unwrap_or_default();
        let item = VisItem {
            id: event.id().to_owned(),
            content: html(&super::timelinejs::headline(event)),
            start,
            end,
            kind: if end.is_some() { "range" } else { "point" },
            group: group.as_ref().map(|(id, _)| id.clone()),
            title: html(&format!(
                "{} | {place} | {}",
                event.date.label(),
                event.outlets().join("; ")
            )),
            class_name: classes(event),
        };
        if let Some((id, name)) = group {
            self.groups.entry(id).or_insert(name);
        }
        self.items.item(self.out, &item)
    }

    fn finish(self: Box<Self>) -> io::Result<usize> {
        let Timeline {
            out,
            group,
            items,
            groups,
            ..
        } = *self;
        let count = items.close(out)?;
        out.write_all(b",\n  \"groups\": ")?;
        write_nested(out, &group_list(groups, group), 1)?;
        out.write_all(b"\n}\n")?;
        Ok(count)
    }
}

/// An item's classes, which `timeline-vis.css` styles: its type (`tonle-raid`), and how well its
/// date is known (`tonle-month`, `tonle-year`; `tonle-uncertain`, `tonle-approximate`).
pub fn classes(event: &Event) -> String {
    let mut out = type_class(event.kind);
    match event.date.precision() {
        Precision::Day => {}
        Precision::Month => out.push_str(" tonle-month"),
        Precision::Year => out.push_str(" tonle-year"),
    }
    let qualifier = event.date.qualifier();
    if qualifier.uncertain {
        out.push_str(" tonle-uncertain");
    }
    if qualifier.approximate {
        out.push_str(" tonle-approximate");
    }
    if event.status().label().is_some() {
        out.push_str(" tonle-");
        out.push_str(event.status().as_str());
    }
    out
}

/// The class of a type: `tonle-trafficking-route`.
pub fn type_class(kind: EventType) -> String {
    format!("tonle-{}", kind.as_str().replace('_', "-"))
}

/// The groups in display order: categories and types in the order of their lists, provinces
/// by id; none without groups.
fn group_list(mut groups: BTreeMap<String, String>, group: Group) -> Vec<VisGroup> {
    let order: Vec<String> = match group {
        Group::Category => Category::ALL
            .iter()
            .map(|c| c.as_str().to_owned())
            .filter(|id| groups.contains_key(id))
            .collect(),
        Group::Type => EventType::ALL
            .iter()
            .map(|t| t.as_str().to_owned())
            .filter(|id| groups.contains_key(id))
            .collect(),
        Group::Province => groups.keys().cloned().collect(),
        Group::None => Vec::new(),
    };
    order
        .into_iter()
        .enumerate()
        .map(|(i, id)| VisGroup {
            content: html(&groups.remove(&id).unwrap_or_default()),
            id,
            order: i,
        })
        .collect()
}

//! The styling decisions of `tonle.qgs`: which layers, how each is drawn (colours by type,
//! sizes by people involved, classes of provinces), labels. [`super::xml`] writes them out.

use super::super::events::Events;
use super::super::movements::Movements;
use super::super::places::Places;
use super::super::provinces::Provinces;
use super::super::{legend, Output, Plan, Summary};
use crate::events::{count_columns, EventType};
use std::collections::BTreeSet;

/// The largest known count of an event, as a QGIS expression over the exported fields; QGIS's
/// `max()` skips NULLs and is NULL when all are.
fn involved() -> String {
    let fields: Vec<String> = count_columns()
        .map(|c| format!("\"{}\"", c.name()))
        .collect();
    format!("max({})", fields.join(", "))
}

/// A colour per event type, shared by points and lines so that the legend reads the same (and
/// with the story page and the timelines: the table is [`legend::colour`]).
fn colour(kind: EventType) -> String {
    legend::colour(kind).qgis()
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Geometry {
    Point,
    Line,
    Polygon,
}

impl Geometry {
    pub(super) fn names(self) -> (&'static str, &'static str, &'static str) {
        // (maplayer geometry, wkbType, symbol type)
        match self {
            Geometry::Point => ("Point", "Point", "marker"),
            Geometry::Line => ("Line", "LineString", "line"),
            Geometry::Polygon => ("Polygon", "MultiPolygon", "fill"),
        }
    }
}

/// One symbol layer: a QGIS class with its options and data-defined overrides.
pub(super) struct SymbolLayer {
    pub(super) class: &'static str,
    pub(super) options: Vec<(&'static str, String)>,
    /// (property name, expression)
    pub(super) data_defined: Vec<(&'static str, String)>,
    pub(super) sub: Option<Symbol>,
}

pub(super) struct Symbol {
    pub(super) kind: &'static str,
    pub(super) layers: Vec<SymbolLayer>,
}

pub(super) enum Renderer {
    Single(Symbol),
    Categorized {
        attr: &'static str,
        categories: Vec<(String, String, Symbol)>,
    },
    Graduated {
        attr: &'static str,
        method: &'static str,
        ranges: Vec<(u64, u64, String, Symbol)>,
    },
}

pub(super) struct Layer {
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    /// The GeoJSON file it shows, beside the project.
    pub(super) file: &'static str,
    pub(super) geometry: Geometry,
    pub(super) visible: bool,
    pub(super) temporal: bool,
    pub(super) renderer: Renderer,
    pub(super) label: Option<String>,
}

fn opts(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
}

fn marker(shape: &str, fill: &str, outline: &str, size: &str) -> SymbolLayer {
    SymbolLayer {
        class: "SimpleMarker",
        options: opts(&[
            ("name", shape),
            ("color", fill),
            ("outline_color", outline),
            ("outline_width", "0.2"),
            ("size", size),
            ("size_unit", "MM"),
        ]),
        data_defined: Vec::new(),
        sub: None,
    }
}

/// A point symbol per event type, sized by the people involved where the source gives a count.
fn event_symbol(kind: EventType, max_involved: u64) -> Symbol {
    let involved = involved();
    let mut dot = marker(
        "circle",
        &format!("{},220", colour(kind)),
        "35,35,35,255",
        "2",
    );
    if max_involved > 0 {
        // Flannery's exponent: the circle's apparent area grows with the count.
        dot.data_defined.push((
            "size",
            format!("coalesce(scale_exp({involved}, 0, {max_involved}, 1.6, 9, 0.57), 1.6)"),
        ));
    }
    Symbol {
        kind: "marker",
        layers: vec![dot],
    }
}

/// A line per movement type with an arrowhead at the destination, wider with more people.
fn movement_symbol(kind: EventType, max_involved: u64) -> Symbol {
    let involved = involved();
    let rgb = colour(kind);
    let mut line = SymbolLayer {
        class: "SimpleLine",
        options: opts(&[
            ("line_color", &format!("{rgb},230")),
            ("line_width", "0.5"),
            ("line_width_unit", "MM"),
            ("capstyle", "round"),
        ]),
        data_defined: Vec::new(),
        sub: None,
    };
    if max_involved > 0 {
        line.data_defined.push((
            "outlineWidth",
            format!("coalesce(scale_linear({involved}, 0, {max_involved}, 0.4, 2.6), 0.4)"),
        ));
    }
    let head = SymbolLayer {
        class: "MarkerLine",
        options: opts(&[("placement", "lastvertex"), ("rotate", "1")]),
        data_defined: Vec::new(),
        sub: Some(Symbol {
            kind: "marker",
            layers: vec![marker(
                "filled_arrowhead",
                &format!("{rgb},255"),
                &format!("{rgb},255"),
                "3.2",
            )],
        }),
    };
    Symbol {
        kind: "line",
        layers: vec![line, head],
    }
}

/// Up to four classes above zero, with integer bounds, for counts from 1 to `max`.
fn classes(max: u64) -> Vec<(u64, u64)> {
    let mut out = vec![(0, 0)];
    let n = max.min(4);
    let mut lower = 0;
    for i in 1..=n {
        let upper = (max * i).div_ceil(n);
        if upper > lower {
            out.push((lower, upper));
            lower = upper;
        }
    }
    out
}

fn class_label(lower: u64, upper: u64) -> String {
    if upper == 0 {
        "0".to_owned()
    } else if lower + 1 == upper {
        format!("{upper}")
    } else {
        format!("{}–{upper}", lower + 1)
    }
}

/// The provinces layer: seats sized, or polygons shaded, by how many events each holds.
fn provinces_renderer(max_events: u64, polygons: bool) -> Renderer {
    const SHADES: [&str; 5] = [
        "240,240,240,255",
        "254,204,92,255",
        "253,141,60,255",
        "240,59,32,255",
        "189,0,38,255",
    ];
    let bounds = classes(max_events);
    let ranges = bounds
        .iter()
        .enumerate()
        .map(|(i, &(lower, upper))| {
            let symbol = if polygons {
                Symbol {
                    kind: "fill",
                    layers: vec![SymbolLayer {
                        class: "SimpleFill",
                        options: opts(&[
                            ("color", SHADES[i.min(4)]),
                            ("outline_color", "110,110,110,255"),
                            ("outline_width", "0.2"),
                        ]),
                        data_defined: Vec::new(),
                        sub: None,
                    }],
                }
            } else {
                let size = ["1.5", "3", "4.5", "6", "7.5"][i.min(4)];
                Symbol {
                    kind: "marker",
                    layers: vec![marker("circle", "255,255,255,0", "120,40,40,255", size)],
                }
            };
            (lower, upper, class_label(lower, upper), symbol)
        })
        .collect();
    Renderer::Graduated {
        attr: "events",
        method: if polygons {
            "GraduatedColor"
        } else {
            "GraduatedSize"
        },
        ranges,
    }
}

/// A category per event type present, in the order of [`EventType::ALL`].
fn by_type(present: &BTreeSet<EventType>, symbol: impl Fn(EventType) -> Symbol) -> Renderer {
    Renderer::Categorized {
        attr: "type",
        categories: present
            .iter()
            .copied()
            .map(|k| (k.as_str().to_owned(), k.label().to_owned(), symbol(k)))
            .collect(),
    }
}

/// The GeoJSON outputs a project can show, from the top of the layer tree down.
pub(super) const LAYERS: [&dyn Output; 4] = [&Movements, &Events, &Provinces, &Places];

/// The styled layers for the GeoJSON files the plan writes, from the top of the tree down.
pub(super) fn layers(plan: &Plan, summary: &Summary) -> Vec<Layer> {
    layers_where(summary, plan.boundaries.is_some(), |o| plan.has(o))
}

/// The styled layers for the outputs `has` picks (`polygons`: provinces are drawn as outlines).
pub(super) fn layers_where(
    summary: &Summary,
    polygons: bool,
    has: impl Fn(&dyn Output) -> bool,
) -> Vec<Layer> {
    let mut layers = Vec::new();
    if has(&Movements) {
        layers.push(movements_layer(summary));
    }
    if has(&Events) {
        layers.push(events_layer(summary));
    }
    if has(&Provinces) {
        layers.push(provinces_layer(summary, polygons));
    }
    if has(&Places) {
        layers.push(places_layer());
    }
    layers
}

fn movements_layer(summary: &Summary) -> Layer {
    Layer {
        id: "tonle_movements",
        name: Movements.name(),
        file: Movements.file(),
        geometry: Geometry::Line,
        visible: true,
        temporal: true,
        renderer: by_type(&summary.line_types, |k| {
            movement_symbol(k, summary.line_scale)
        }),
        label: None,
    }
}

fn events_layer(summary: &Summary) -> Layer {
    Layer {
        id: "tonle_events",
        name: Events.name(),
        file: Events.file(),
        geometry: Geometry::Point,
        visible: true,
        temporal: true,
        renderer: by_type(&summary.point_types, |k| {
            event_symbol(k, summary.point_scale)
        }),
        label: Some(r#"if(length("title") > 40, left("title", 39) || '…', "title")"#.to_owned()),
    }
}

fn provinces_layer(summary: &Summary, polygons: bool) -> Layer {
    let max_events = summary
        .provinces
        .values()
        .map(|a| a.tally.events)
        .max()
        .unwrap_or(0);
    Layer {
        id: "tonle_provinces",
        name: Provinces.name(),
        file: Provinces.file(),
        geometry: if polygons {
            Geometry::Polygon
        } else {
            Geometry::Point
        },
        visible: true,
        temporal: false,
        renderer: provinces_renderer(max_events, polygons),
        label: None,
    }
}

fn places_layer() -> Layer {
    Layer {
        id: "tonle_places",
        name: Places.name(),
        file: Places.file(),
        geometry: Geometry::Point,
        visible: false,
        temporal: false,
        renderer: Renderer::Single(Symbol {
            kind: "marker",
            layers: vec![marker(
                "circle",
                "150,150,150,255",
                "255,255,255,255",
                "1.4",
            )],
        }),
        label: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_cover_every_count_once() {
        for max in 0..40 {
            let c = classes(max);
            assert_eq!(c[0], (0, 0));
            assert!(c.len() <= 5);
            // Every count from 1 to max falls in exactly one class (lower, upper].
            for n in 1..=max {
                assert_eq!(c.iter().filter(|(l, u)| *l < n && n <= *u).count(), 1);
            }
            assert_eq!(c.last().map(|c| c.1), Some(max));
        }
    }
}

//! The styling decisions of `tonle.qgs`: which layers, in which order, and how each is drawn
//! (colours by type, sizes by people, classes of activity, outlines, labels and the scales
//! they show at). [`super::xml`] writes them out.
//!
//! The map reads offline: the shipped country and province outlines lie at the bottom, the
//! province activity of the period is shaded over them, and the events and flows are drawn on
//! top. Events at one place are spread in rings around it (QGIS's point displacement), so that
//! eleven events in Sihanoukville are eleven symbols; labels name places, not events.

use super::super::activity::Activity;
use super::super::countries::Countries;
use super::super::events::Events;
use super::super::flows::FlowsLayer;
use super::super::movements::Movements;
use super::super::places::Places;
use super::super::provinces::Provinces;
use super::super::{legend, Output, Plan, Summary};
use super::model::{Geometry, Label, Layer, Placement, Range, Renderer, Symbol, SymbolLayer};
use crate::events::{count_columns, EventType};
use std::collections::BTreeSet;

/// What the data adds up to, for the classes and widths of the layers that sum it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Measures {
    /// The most events of one province in one period.
    pub(super) activity_max: u64,
    /// The most people of one flow.
    pub(super) flow_people_max: u64,
}

/// The GeoJSON outputs a project can show.
pub(super) const LAYERS: [&dyn Output; 7] = [
    &FlowsLayer,
    &Movements,
    &Events,
    &Activity,
    &Provinces,
    &Countries,
    &Places,
];

/// Layer ids, which themes and layouts refer to.
pub(super) mod id {
    pub(in super::super) const FLOWS: &str = "tonle_flows";
    pub(in super::super) const MOVEMENTS: &str = "tonle_movements";
    pub(in super::super) const EVENTS: &str = "tonle_events";
    pub(in super::super) const ACTIVITY: &str = "tonle_activity";
    pub(in super::super) const PROVINCES: &str = "tonle_provinces";
    pub(in super::super) const BORDERS: &str = "tonle_borders";
    pub(in super::super) const COUNTRIES: &str = "tonle_countries";
    pub(in super::super) const PLACES: &str = "tonle_places";
}

/// Shades of activity, light to dark (ColorBrewer's YlOrRd), one per class.
const SHADES: [&str; 4] = [
    "254,204,92,255",
    "253,141,60,255",
    "240,59,32,255",
    "189,0,38,255",
];

/// The flows' colour: apart from every event type's, so a flow never reads as an event.
const FLOW_COLOUR: &str = "37,52,148";

/// Flows with an end that is no place (Cambodia as a whole): grey, in the background.
const NATIONAL_COLOUR: &str = "150,150,160";

/// The styled layers for the GeoJSON files the plan writes, from the top of the tree down.
/// `home` is the gazetteer's id of Cambodia as a whole.
pub(super) fn layers(
    plan: &Plan,
    summary: &Summary,
    measures: Measures,
    home: Option<&str>,
) -> Vec<Layer> {
    layers_where(summary, measures, home, |o| plan.has(o))
}

/// The styled layers of the outputs `has` picks, from the top of the tree down.
pub(super) fn layers_where(
    summary: &Summary,
    measures: Measures,
    home: Option<&str>,
    has: impl Fn(&dyn Output) -> bool,
) -> Vec<Layer> {
    let mut layers = Vec::new();
    if has(&FlowsLayer) {
        layers.push(flows_layer(measures.flow_people_max, home));
    }
    if has(&Movements) {
        layers.push(movements_layer(summary));
    }
    if has(&Events) {
        layers.push(events_layer(summary));
    }
    if has(&Activity) {
        layers.push(activity_layer(measures.activity_max));
    }
    if has(&Provinces) {
        layers.push(provinces_layer(summary));
        layers.push(borders_layer());
    }
    if has(&Countries) {
        layers.push(countries_layer());
    }
    if has(&Places) {
        layers.push(places_layer());
    }
    layers
}

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
            ("outline_width", "0.25"),
            ("size", size),
            ("size_unit", "MM"),
        ]),
        data_defined: Vec::new(),
        sub: None,
    }
}

fn fill(colour: &str, outline: &str, width: &str) -> Symbol {
    Symbol {
        kind: "fill",
        layers: vec![SymbolLayer {
            class: "SimpleFill",
            options: opts(&[
                ("color", colour),
                ("style", if colour.is_empty() { "no" } else { "solid" }),
                ("outline_color", outline),
                ("outline_width", width),
                ("outline_width_unit", "MM"),
            ]),
            data_defined: Vec::new(),
            sub: None,
        }],
    }
}

/// A point symbol per event type, sized by the people involved where the source gives a
/// count; a fact about a whole country abroad is a square, never a dot like a town's event.
fn event_symbol(kind: EventType, max_involved: u64) -> Symbol {
    let involved = involved();
    let mut dot = marker(
        "circle",
        &format!("{},235", colour(kind)),
        "255,255,255,255",
        "2.4",
    );
    dot.data_defined.push((
        "name",
        "if(\"place_kind\" = 'country', 'square', 'circle')".to_owned(),
    ));
    if max_involved > 0 {
        // Flannery's exponent: the circle's apparent area grows with the count.
        dot.data_defined.push((
            "size",
            format!("coalesce(scale_exp({involved}, 0, {max_involved}, 2.4, 9, 0.57), 2.4)"),
        ));
    }
    Symbol {
        kind: "marker",
        layers: vec![dot],
    }
}

/// A line with an arrowhead at its last vertex (the destination), `width` an expression.
fn arrow(rgb: &str, width: Option<String>, base: &str) -> Symbol {
    let mut line = SymbolLayer {
        class: "SimpleLine",
        options: opts(&[
            ("line_color", &format!("{rgb},210")),
            ("line_width", base),
            ("line_width_unit", "MM"),
            ("capstyle", "round"),
        ]),
        data_defined: Vec::new(),
        sub: None,
    };
    let mut head = marker(
        "filled_arrowhead",
        &format!("{rgb},255"),
        &format!("{rgb},255"),
        "3",
    );
    if let Some(width) = width {
        head.data_defined
            .push(("size", format!("2.6 + 1.4 * ({width})")));
        line.data_defined.push(("outlineWidth", width));
    }
    let head = SymbolLayer {
        class: "MarkerLine",
        options: opts(&[("placement", "lastvertex"), ("rotate", "1")]),
        data_defined: Vec::new(),
        sub: Some(Symbol {
            kind: "marker",
            layers: vec![head],
        }),
    };
    Symbol {
        kind: "line",
        layers: vec![line, head],
    }
}

/// Up to four classes of counts from 1 to `max`, each `(first, last)` inclusive as QGIS
/// tests a value (`lower <= value <= upper`, the first class that holds it), so that 0 falls
/// in none. The bounds grow as squares (1, 2–3, 4–6, 7–9 for 9): most cells hold a few events,
/// and a class of their own sets them apart.
fn classes(max: u64) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    let n = max.min(4);
    let mut last = 0;
    for i in 1..=n {
        // In u128, where max * 16 cannot overflow; the result is at most max.
        let upper = (u128::from(max) * u128::from(i * i)).div_ceil(u128::from(n * n));
        let upper = u64::try_from(upper).unwrap_or(max).max(last + 1).min(max);
        if upper > last {
            out.push((last + 1, upper));
            last = upper;
        }
    }
    out
}

fn class_label(first: u64, last: u64) -> String {
    if first == last {
        format!("{last}")
    } else {
        format!("{first}–{last}")
    }
}

/// Polygons shaded by how many events each holds; a polygon without any is in no class and
/// not drawn: the borders beneath show it, unlike a place with events. `noun`: one, many.
fn shaded_by_events(max: u64, noun: (&str, &str)) -> Renderer {
    let ranges = classes(max)
        .into_iter()
        .enumerate()
        .map(|(i, (lower, upper))| Range {
            lower,
            upper,
            label: format!(
                "{} {}",
                class_label(lower, upper),
                if upper == 1 { noun.0 } else { noun.1 }
            ),
            symbol: fill(SHADES[i.min(3)], "255,255,255,255", "0.3"),
        })
        .collect();
    Renderer::Graduated {
        attr: "events",
        method: "GraduatedColor",
        ranges,
    }
}

/// A category per event type present, in the order of [`EventType::ALL`].
fn by_type(present: &BTreeSet<EventType>, symbol: impl Fn(EventType) -> Symbol) -> Renderer {
    Renderer::Categorized {
        attr: "type".to_owned(),
        categories: present
            .iter()
            .copied()
            .map(|k| (k.as_str().to_owned(), k.label().to_owned(), symbol(k)))
            .collect(),
    }
}

fn label(expression: &str, max_scale: u32, size: f64, colour: &'static str) -> Label {
    Label {
        expression: expression.to_owned(),
        max_scale,
        size,
        colour,
        bold: false,
        italic: false,
        spacing: 0.0,
        placement: Placement::RightOfPoint,
        priority: None,
    }
}

/// Flows between places in blue, wider with more people; a flow to or from Cambodia as a
/// whole (a national fact: its end is drawn at the country's centre, which is no place) in
/// grey, so that it does not read as a flow to Kampong Thom.
fn flows_layer(max_people: u64, home: Option<&str>) -> Layer {
    // A flow whose events gave no count is drawn thin and dashed: "not counted", not "none".
    let width = (max_people > 0).then(|| {
        format!("if(\"people\" > 0, scale_exp(\"people\", 0, {max_people}, 0.7, 2.6, 0.5), 0.5)")
    });
    let dashed = |mut symbol: Symbol| {
        symbol.layers[0].data_defined.push((
            "outlineStyle",
            "if(\"people\" > 0, 'solid', 'dash')".to_owned(),
        ));
        symbol
    };
    let between = dashed(arrow(FLOW_COLOUR, width, "0.5"));
    let renderer = match home {
        Some(home) => Renderer::Categorized {
            attr: format!(
                "if('{home}' IN (\"origin_id\", \"destination_id\"), 'national', 'places')"
            ),
            categories: vec![
                ("places".to_owned(), "Between places".to_owned(), between),
                (
                    "national".to_owned(),
                    "To or from Cambodia as a whole (no place)".to_owned(),
                    dashed(arrow(NATIONAL_COLOUR, None, "0.5")),
                ),
            ],
        },
        None => Renderer::Single(between),
    };
    Layer {
        id: id::FLOWS,
        name: "Flows: people moved (dashed: not counted)",
        file: FlowsLayer.file(),
        geometry: Geometry::Line,
        visible: true,
        temporal: true,
        renderer,
        label: None,
        opacity: 1.0,
    }
}

fn movements_layer(summary: &Summary) -> Layer {
    let width = (summary.line_scale > 0).then(|| {
        format!(
            "coalesce(scale_linear({}, 0, {}, 0.4, 2.6), 0.4)",
            involved(),
            summary.line_scale
        )
    });
    Layer {
        id: id::MOVEMENTS,
        name: "Movements: each leg, by type",
        file: Movements.file(),
        geometry: Geometry::Line,
        visible: false,
        temporal: true,
        renderer: by_type(&summary.line_types, |k| {
            arrow(&colour(k), width.clone(), "0.4")
        }),
        label: None,
        opacity: 1.0,
    }
}

fn events_layer(summary: &Summary) -> Layer {
    let by_type = by_type(&summary.point_types, |k| {
        event_symbol(k, summary.point_scale)
    });
    let mut place = label("\"place_name\"", 6_000_000, 7.5, "25,25,25,255");
    place.bold = true;
    // Where events stack, the town's name wins over a compound's or a commune's.
    place.priority =
        Some("if(\"place_kind\" IN ('capital', 'city', 'town', 'province'), 9, 6)".to_owned());
    Layer {
        id: id::EVENTS,
        name: "Events, by type (size: people)",
        file: Events.file(),
        geometry: Geometry::Point,
        visible: true,
        temporal: true,
        renderer: Renderer::Displacement {
            inner: Box::new(by_type),
            tolerance: 1.5,
            centre: Symbol {
                kind: "marker",
                layers: vec![marker("circle", "60,60,60,255", "255,255,255,255", "1.2")],
            },
        },
        label: Some(place),
        opacity: 1.0,
    }
}

fn activity_layer(max: u64) -> Layer {
    Layer {
        id: id::ACTIVITY,
        name: "Province activity: events in the period",
        file: Activity.file(),
        geometry: Geometry::Polygon,
        visible: true,
        temporal: true,
        renderer: shaded_by_events(max, ("event", "events")),
        label: None,
        opacity: 0.85,
    }
}

fn provinces_layer(summary: &Summary) -> Layer {
    let max = summary
        .provinces
        .values()
        .map(|a| a.tally.events)
        .max()
        .unwrap_or(0);
    Layer {
        id: id::PROVINCES,
        name: "Provinces: events, all time",
        file: Provinces.file(),
        geometry: Geometry::Polygon,
        visible: false,
        temporal: false,
        renderer: shaded_by_events(max, ("event", "events")),
        label: None,
        opacity: 0.85,
    }
}

/// Every province's outline and name, whatever its events: the map's frame of reference.
fn borders_layer() -> Layer {
    let mut name = label("\"name\"", 7_000_000, 7.0, "80,80,80,255");
    name.italic = true;
    name.placement = Placement::Centroid;
    name.priority = Some("3".to_owned());
    Layer {
        id: id::BORDERS,
        name: "Province borders",
        file: Provinces.file(),
        geometry: Geometry::Polygon,
        visible: true,
        temporal: false,
        renderer: Renderer::Single(fill("", "120,120,120,255", "0.25")),
        label: Some(name),
        opacity: 1.0,
    }
}

/// Land and borders: Cambodia white, its neighbours grey, the sea the map's background.
fn countries_layer() -> Layer {
    let mut land = fill("232,229,222,255", "140,140,140,255", "0.4");
    land.layers[0].data_defined.push((
        "fillColor",
        "if(\"iso_a2\" = 'KH', '255,255,255,255', '232,229,222,255')".to_owned(),
    ));
    let mut name = label(
        "if(\"iso_a2\" = 'KH', NULL, upper(\"name\"))",
        40_000_000,
        9.0,
        "125,125,125,255",
    );
    name.spacing = 1.5;
    name.placement = Placement::Centroid;
    name.priority = Some("1".to_owned());
    Layer {
        id: id::COUNTRIES,
        name: "Countries",
        file: Countries.file(),
        geometry: Geometry::Polygon,
        visible: true,
        temporal: false,
        renderer: Renderer::Single(land),
        label: Some(name),
        opacity: 1.0,
    }
}

fn places_layer() -> Layer {
    Layer {
        id: id::PLACES,
        name: "Places (gazetteer)",
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
        opacity: 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_cover_every_count_once() {
        for max in 0..40 {
            let c = classes(max);
            assert!(c.len() <= 4);
            // Every count from 0 to max falls in exactly one class, 0 in none: a province
            // without events is not shaded.
            for n in 0..=max {
                let holding = c.iter().filter(|(l, u)| *l <= n && n <= *u).count();
                assert_eq!(holding, usize::from(n > 0), "{n} of {max}");
            }
            assert_eq!(c.first().map(|c| c.0), (max > 0).then_some(1));
            assert_eq!(c.last().map(|c| c.1), (max > 0).then_some(max));
        }
    }

    #[test]
    fn small_counts_get_classes_of_their_own() {
        assert_eq!(classes(9), [(1, 1), (2, 3), (4, 6), (7, 9)]);
        assert_eq!(classes(2), [(1, 1), (2, 2)]);
        assert_eq!(classes(u64::MAX).last().map(|c| c.1), Some(u64::MAX));
    }

    #[test]
    fn class_labels_name_their_counts() {
        assert_eq!(class_label(1, 1), "1");
        assert_eq!(class_label(2, 3), "2–3");
    }
}

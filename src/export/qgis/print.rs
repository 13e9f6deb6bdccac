//! The print layouts and map themes of `tonle.qgs`, decided here and written by
//! [`super::xml`]: an A4 page of the whole map (every event, the provinces by their events
//! over all time) and one of a single period's activity, each with a title, the map, a legend,
//! a scale bar and the credits the data asks for (the sources, and the outlines' ODbL notice).

use super::model::{mercator, Item, Layer, Layout, Rect, Theme};
use super::style::id;
use crate::boundaries;
use crate::export::period::Span;
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// The map theme of one period: activity shaded, the Temporal Controller showing the period.
pub(super) const BY_PERIOD: &str = "By period";

/// The map theme of the whole time: provinces shaded by all their events.
pub(super) const ALL_TIME: &str = "All time";

/// What a layout map shows, in WGS84 (west, south, east, north): Cambodia, the border zones
/// of its neighbours and Bangkok, at about 1:4,500,000 on the page.
pub(super) const PRINT_VIEW: [f64; 4] = [99.6, 9.0, 108.4, 15.4];

/// The sea, behind the countries.
pub(super) const SEA: &str = "214,230,240,255";

const WHOLE_MAP: &str = "{a3c1e0f2-0001-4c6e-9d1a-7a2b6c0d1e01}";
const PERIOD_MAP: &str = "{a3c1e0f2-0002-4c6e-9d1a-7a2b6c0d1e02}";

/// The page: A4 landscape, in mm.
const PAGE: (f64, f64) = (297.0, 210.0);
const MARGIN: f64 = 8.0;
const MAP: Rect = Rect {
    x: MARGIN,
    y: 24.0,
    width: 200.0,
    height: 178.0,
};
/// The column right of the map: legend, then credits.
const SIDE_X: f64 = MAP.x + MAP.width + 5.0;

/// The two themes, over the layers the project has.
pub(super) fn themes(layers: &[Layer]) -> Vec<Theme> {
    let present: BTreeSet<&str> = layers.iter().map(|l| l.id).collect();
    let pick = |ids: &[&'static str]| -> Vec<&'static str> {
        ids.iter()
            .copied()
            .filter(|i| present.contains(i))
            .collect()
    };
    let base = [id::FLOWS, id::EVENTS];
    let under = [id::BORDERS, id::COUNTRIES];
    vec![
        Theme {
            name: BY_PERIOD,
            layers: pick(&[&base[..], &[id::ACTIVITY], &under[..]].concat()),
        },
        Theme {
            name: ALL_TIME,
            layers: pick(&[&base[..], &[id::PROVINCES], &under[..]].concat()),
        },
    ]
}

/// What the layouts say besides the map.
pub(super) struct Texts<'a> {
    /// The export's title.
    pub(super) title: &'a str,
    /// How many events, and over which days.
    pub(super) events: usize,
    pub(super) range: Option<(NaiveDate, NaiveDate)>,
    /// The events' sources.
    pub(super) sources: &'a BTreeSet<String>,
}

/// The layouts: the whole map, and the period with the most activity (when there is one).
pub(super) fn layouts(layers: &[Layer], texts: &Texts, busiest: Option<Span>) -> Vec<Layout> {
    let mut out = vec![Layout {
        name: "Map: all events".to_owned(),
        items: page(
            layers,
            texts,
            &whole_subtitle(texts),
            Item::Map {
                uuid: WHOLE_MAP,
                rect: MAP,
                extent: extent(MAP),
                theme: ALL_TIME,
                time: None,
                background: SEA,
            },
            &[id::FLOWS, id::EVENTS, id::PROVINCES],
        ),
    }];
    if let Some(span) = busiest.filter(|_| layers.iter().any(|l| l.id == id::ACTIVITY)) {
        let subtitle = format!(
            "{}: {} to {}. Province activity, flows and events of the period.",
            span.label(),
            span.start,
            span.end()
        );
        out.push(Layout {
            name: format!("Activity: {}", span.label()),
            items: page(
                layers,
                texts,
                &subtitle,
                Item::Map {
                    uuid: PERIOD_MAP,
                    rect: MAP,
                    extent: extent(MAP),
                    theme: BY_PERIOD,
                    time: Some((span.start, span.next().start)),
                    background: SEA,
                },
                &[id::FLOWS, id::EVENTS, id::ACTIVITY],
            ),
        });
    }
    out
}

fn whole_subtitle(texts: &Texts) -> String {
    let mut text = format!("{} events", texts.events);
    if let Some((from, to)) = texts.range {
        let last = to.pred_opt().unwrap_or(to);
        // Writing into a String cannot fail.
        let _ = write!(text, ", {from} to {last}");
    }
    text.push_str(". Provinces shaded by their events over the whole time; flows of every period.");
    text
}

/// A page: title, subtitle, the map, its legend for `legend` (those present), a scale bar and
/// the credits.
fn page(
    layers: &[Layer],
    texts: &Texts,
    subtitle: &str,
    map: Item,
    legend: &[&'static str],
) -> Vec<Item> {
    let Item::Map { uuid, .. } = map else {
        return Vec::new();
    };
    let legend = legend
        .iter()
        .filter_map(|i| layers.iter().find(|l| l.id == *i))
        .map(|l| (l.id, l.name, l.file))
        .collect();
    let side = PAGE.0 - MARGIN - SIDE_X;
    vec![
        map,
        Item::Text {
            id: "title",
            rect: Rect {
                x: MARGIN,
                y: 6.0,
                width: PAGE.0 - 2.0 * MARGIN,
                height: 10.0,
            },
            text: literal(texts.title),
            size: 18.0,
            bold: true,
            colour: "20,20,20,255",
        },
        Item::Text {
            id: "subtitle",
            rect: Rect {
                x: MARGIN,
                y: 16.0,
                width: PAGE.0 - 2.0 * MARGIN,
                height: 6.0,
            },
            text: literal(subtitle),
            size: 10.0,
            bold: false,
            colour: "60,60,60,255",
        },
        Item::Legend {
            rect: Rect {
                x: SIDE_X,
                y: MAP.y,
                width: side,
                height: 120.0,
            },
            map: uuid,
            title: "Legend",
            layers: legend,
        },
        Item::ScaleBar {
            rect: Rect {
                x: MAP.x + 4.0,
                y: MAP.y + MAP.height - 12.0,
                width: 60.0,
                height: 8.0,
            },
            map: uuid,
            segment_km: 50,
        },
        Item::Text {
            id: "credits",
            rect: Rect {
                x: SIDE_X,
                y: 150.0,
                width: side,
                height: MAP.y + MAP.height - 150.0,
            },
            text: literal(&credits(texts.sources)),
            size: 6.5,
            bold: false,
            colour: "70,70,70,255",
        },
    ]
}

/// Text as a layout label shows it as written: QGIS evaluates `[% ... %]` in a label as an
/// expression, so a title or a source holding one gets a zero-width space after its `[`.
fn literal(text: &str) -> String {
    text.replace("[%", "[\u{200b}%")
}

/// The sources of the events and the outlines' attribution.
fn credits(sources: &BTreeSet<String>) -> String {
    const LISTED: usize = 12;
    let mut listed: Vec<&str> = sources.iter().take(LISTED).map(String::as_str).collect();
    let more = sources.len().saturating_sub(LISTED);
    let more = if more > 0 {
        format!(" and {more} more (see each event's source)")
    } else {
        String::new()
    };
    if listed.is_empty() {
        listed.push("none given");
    }
    format!(
        "Events: {}{more}.\n{}\n{}\nMade with tonle.",
        listed.join("; "),
        boundaries::CREDIT,
        boundaries::NOTICE
    )
}

/// [`PRINT_VIEW`] in EPSG:3857, widened to the map's shape so that QGIS draws it unstretched.
fn extent(rect: Rect) -> [f64; 4] {
    let (x0, y0) = mercator(PRINT_VIEW[0], PRINT_VIEW[1]);
    let (x1, y1) = mercator(PRINT_VIEW[2], PRINT_VIEW[3]);
    let (cx, cy) = (f64::midpoint(x0, x1), f64::midpoint(y0, y1));
    let (mut w, mut h) = (x1 - x0, y1 - y0);
    let shape = rect.width / rect.height;
    if w / h > shape {
        h = w / shape;
    } else {
        w = h * shape;
    }
    [cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_extent_has_the_map_items_shape_and_holds_the_view() {
        let [x0, y0, x1, y1] = extent(MAP);
        assert!(((x1 - x0) / (y1 - y0) - MAP.width / MAP.height).abs() < 1e-9);
        let (a, b) = mercator(PRINT_VIEW[0], PRINT_VIEW[1]);
        let (c, d) = mercator(PRINT_VIEW[2], PRINT_VIEW[3]);
        assert!(x0 <= a && y0 <= b && x1 >= c && y1 >= d);
    }

    #[test]
    fn credits_name_the_sources_and_the_licence() {
        let sources: BTreeSet<String> = (0..15).map(|i| format!("Source {i:02}")).collect();
        let text = credits(&sources);
        assert!(text.contains("Source 00; Source 01"));
        assert!(text.contains("and 3 more"));
        assert!(text.contains("ODbL") && text.contains("Natural Earth"));
    }

    #[test]
    fn expressions_in_texts_stay_text() {
        assert_eq!(literal("a [% 1 + 1 %] b"), "a [\u{200b}% 1 + 1 %] b");
        assert_eq!(literal("plain [x]"), "plain [x]");
    }

    #[test]
    fn items_stay_on_the_page() {
        let sources = BTreeSet::new();
        let texts = Texts {
            title: "t",
            events: 0,
            range: None,
            sources: &sources,
        };
        for layout in layouts(&[], &texts, None) {
            for item in &layout.items {
                let rect = match item {
                    Item::Text { rect, .. }
                    | Item::Map { rect, .. }
                    | Item::Legend { rect, .. }
                    | Item::ScaleBar { rect, .. } => rect,
                };
                assert!(rect.x >= 0.0 && rect.x + rect.width <= PAGE.0, "{rect:?}");
                assert!(rect.y >= 0.0 && rect.y + rect.height <= PAGE.1, "{rect:?}");
            }
        }
    }
}

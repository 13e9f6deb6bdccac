//! `tonle.qgs`: a QGIS project over the GeoJSON layers written beside it, styled and with the
//! Temporal Controller set up, so that opening it and pressing play animates the events.
//!
//! The project is built here element by element (no template file, no binary blobs) and holds
//! only what QGIS (3.22 and later) needs; QGIS fills every other setting with its defaults.
//! Layers are referenced by relative path (`./events.geojson`), so the folder can be zipped.

use super::provinces;
use super::Plan;
use crate::events::{Event, EventType};
use chrono::{Datelike, NaiveDate};
use quick_xml::events::BytesText;
use quick_xml::Writer;
use std::collections::BTreeSet;
use std::io::{self, Write};

/// The project's CRS: Web Mercator, so that an OpenStreetMap or satellite basemap added by the
/// user lines up without reprojection.
const PROJECT_CRS: Crs = Crs {
    authid: "EPSG:3857",
    srsid: 3857,
    srid: 3857,
    proj4: "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs",
    description: "WGS 84 / Pseudo-Mercator",
    geographic: false,
};

/// The layers' CRS: GeoJSON is WGS84 longitude/latitude (RFC 7946).
const LAYER_CRS: Crs = Crs {
    authid: "EPSG:4326",
    srsid: 3452,
    srid: 4326,
    proj4: "+proj=longlat +datum=WGS84 +no_defs",
    description: "WGS 84",
    geographic: true,
};

/// The view the project opens on: Cambodia and its neighbours (west, south, east, north).
pub const VIEW: [f64; 4] = [97.0, 5.0, 110.0, 23.5];

/// The project's title, and its metadata's.
const TITLE: &str = "tonle: human trafficking in Cambodia";

/// Labels show at this scale (1:N) and closer: province level, not the regional view.
const LABEL_MAX_SCALE: u32 = 3_000_000;

/// Temporal Controller frames per second when playing.
const FRAME_RATE: u32 = 2;

/// The largest known count of an event, as a QGIS expression over the exported fields; QGIS's
/// `max()` skips NULLs and is NULL when all are.
const INVOLVED: &str = r#"max("arrested", "rescued", "deported", "victims", "people")"#;

/// A colour per event type, shared by points and lines so that the legend reads the same.
fn colour(kind: EventType) -> &'static str {
    match kind {
        EventType::Raid => "214,39,40",
        EventType::Arrest => "148,103,189",
        EventType::Rescue => "44,160,44",
        EventType::Repatriation => "23,190,207",
        EventType::Deportation => "31,119,180",
        EventType::Relocation => "255,127,14",
        EventType::TraffickingRoute => "140,86,75",
        EventType::Closure => "127,127,127",
        EventType::Report => "188,189,34",
        EventType::Policy => "227,119,194",
        EventType::Statement => "174,199,232",
        EventType::Protest => "255,187,120",
        EventType::Trial => "152,223,138",
        EventType::Incident => "255,152,150",
    }
}

struct Crs {
    authid: &'static str,
    srsid: u32,
    srid: u32,
    proj4: &'static str,
    description: &'static str,
    geographic: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Geometry {
    Point,
    Line,
    Polygon,
}

impl Geometry {
    fn names(self) -> (&'static str, &'static str, &'static str) {
        // (maplayer geometry, wkbType, symbol type)
        match self {
            Geometry::Point => ("Point", "Point", "marker"),
            Geometry::Line => ("Line", "LineString", "line"),
            Geometry::Polygon => ("Polygon", "MultiPolygon", "fill"),
        }
    }
}

/// One symbol layer: a QGIS class with its options and data-defined overrides.
struct SymbolLayer {
    class: &'static str,
    options: Vec<(&'static str, String)>,
    /// (property name, expression)
    data_defined: Vec<(&'static str, String)>,
    sub: Option<Symbol>,
}

struct Symbol {
    kind: &'static str,
    layers: Vec<SymbolLayer>,
}

enum Renderer {
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

struct Layer {
    id: &'static str,
    name: &'static str,
    geometry: Geometry,
    visible: bool,
    temporal: bool,
    renderer: Renderer,
    label: Option<String>,
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
            format!("coalesce(scale_exp({INVOLVED}, 0, {max_involved}, 1.6, 9, 0.57), 1.6)"),
        ));
    }
    Symbol {
        kind: "marker",
        layers: vec![dot],
    }
}

/// A line per movement type with an arrowhead at the destination, wider with more people.
fn movement_symbol(kind: EventType, max_involved: u64) -> Symbol {
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
            format!("coalesce(scale_linear({INVOLVED}, 0, {max_involved}, 0.4, 2.6), 0.4)"),
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

/// The count at which symbols reach their largest size: the 90th percentile of the known
/// counts, so that one national total (hundreds of thousands) does not shrink every raid of a
/// few hundred people to the smallest size. Larger counts get the largest size.
fn scale_top<'a>(events: impl Iterator<Item = &'a Event>) -> u64 {
    let mut counts: Vec<u64> = events.filter_map(|e| e.counts.involved()).collect();
    if counts.is_empty() {
        return 0;
    }
    counts.sort_unstable();
    let at = (counts.len() * 9).div_ceil(10).saturating_sub(1);
    counts[at.min(counts.len() - 1)]
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

/// The first day of `day`'s month.
fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The first day of the month after `day`'s.
fn next_month(day: NaiveDate) -> NaiveDate {
    month_start(day)
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(day)
}

/// The project's temporal range: whole months from the first start to the last day any event
/// covers, so that every frame is a calendar month.
fn time_range(events: &[Event]) -> Option<(NaiveDate, NaiveDate)> {
    let first = events.iter().filter_map(|e| e.date.map_start()).min()?;
    let last = events
        .iter()
        .filter_map(|e| e.date.end_day().or(e.date.map_start()))
        .max()?;
    Some((month_start(first), next_month(last)))
}

/// Web Mercator from WGS84.
fn mercator(lon: f64, lat: f64) -> (f64, f64) {
    const R: f64 = 6_378_137.0;
    let x = R * lon.to_radians();
    let y = R
        * (std::f64::consts::FRAC_PI_4 + lat.to_radians() / 2.0)
            .tan()
            .ln();
    (x, y)
}

/// The project metadata's abstract: what the layers hold and where the events come from.
fn abstract_text(events: &[Event], range: Option<(NaiveDate, NaiveDate)>) -> String {
    // Writing into a String cannot fail; the results are ignored for that reason.
    use std::fmt::Write as _;
    const LISTED: usize = 40;
    let sources: BTreeSet<&str> = events.iter().map(Event::source).collect();
    let mut text = format!(
        "Human trafficking in Cambodia and its region: {} events",
        events.len()
    );
    if let Some((from, to)) = range {
        let _ = write!(text, " from {from} to {}", to.pred_opt().unwrap_or(to));
    }
    text.push_str(", exported by tonle. Sources: ");
    let listed: Vec<&str> = sources.iter().take(LISTED).copied().collect();
    text.push_str(&listed.join("; "));
    if sources.len() > LISTED {
        let _ = write!(text, " and {} more", sources.len() - LISTED);
    }
    text.push_str(". Each event's source and source_url are in its attributes.");
    text
}

/// A category per event type present, in the order of [`EventType::ALL`].
fn by_type<'a>(
    events: impl Iterator<Item = &'a Event>,
    symbol: impl Fn(EventType) -> Symbol,
) -> Renderer {
    let present: BTreeSet<EventType> = events.map(|e| e.kind).collect();
    Renderer::Categorized {
        attr: "type",
        categories: present
            .into_iter()
            .map(|k| (k.as_str().to_owned(), k.label().to_owned(), symbol(k)))
            .collect(),
    }
}

/// The styled layers for the GeoJSON files `plan` writes, from the top of the tree down.
fn layers<'a>(
    events: &[Event],
    plan: &Plan,
    aggregates: &dyn Fn() -> &'a provinces::Aggregates,
) -> Vec<Layer> {
    use super::Format;
    let has = |f: Format| plan.formats.contains(&f);
    let points = || events.iter().filter(|e| e.place.is_some());
    let lines = || events.iter().filter(|e| e.movement().is_some());
    let (max_point, max_moved) = (scale_top(points()), scale_top(lines()));

    // From the top of the layer tree down.
    let mut layers = Vec::new();
    if has(Format::Movements) {
        layers.push(Layer {
            id: "tonle_movements",
            name: "movements",
            geometry: Geometry::Line,
            visible: true,
            temporal: true,
            renderer: by_type(lines(), |k| movement_symbol(k, max_moved)),
            label: None,
        });
    }
    if has(Format::Events) {
        layers.push(Layer {
            id: "tonle_events",
            name: "events",
            geometry: Geometry::Point,
            visible: true,
            temporal: true,
            renderer: by_type(points(), |k| event_symbol(k, max_point)),
            label: Some(
                r#"if(length("title") > 40, left("title", 39) || '…', "title")"#.to_owned(),
            ),
        });
    }
    if has(Format::Provinces) {
        let max_events = aggregates().values().map(|a| a.events).max().unwrap_or(0);
        let polygons = plan.boundaries.is_some();
        layers.push(Layer {
            id: "tonle_provinces",
            name: "provinces",
            geometry: if polygons {
                Geometry::Polygon
            } else {
                Geometry::Point
            },
            visible: true,
            temporal: false,
            renderer: provinces_renderer(max_events, polygons),
            label: None,
        });
    }
    if has(Format::Places) {
        layers.push(Layer {
            id: "tonle_places",
            name: "places",
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
        });
    }
    layers
}

/// Writes `tonle.qgs` for the GeoJSON layers `plan` writes; returns how many layers it holds.
/// `aggregates` gives the provinces layer's aggregates (computed once for both outputs).
pub fn write<'a>(
    out: &mut dyn Write,
    events: &[Event],
    plan: &Plan,
    aggregates: &dyn Fn() -> &'a provinces::Aggregates,
) -> io::Result<usize> {
    let layers = layers(events, plan, aggregates);
    // `tonle export` refuses `--only qgis` without a layer before reading; this is the backstop
    // for other callers. With a layer there is always the basemap beneath it.
    if layers.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "tonle.qgs shows the GeoJSON layers written with it; add events, movements, \
             provinces or places to --only",
        ));
    }

    let range = time_range(events);
    let mut w = Writer::new_with_indent(out, b' ', 1);
    w.get_mut()
        .write_all(b"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n")?;
    w.create_element("qgis")
        .with_attributes([("version", "3.22.0"), ("projectname", "tonle")])
        .write_inner_content(|w| {
            w.create_element("homePath")
                .with_attribute(("path", ""))
                .write_empty()?;
            text(w, "title", TITLE)?;
            w.create_element("projectCrs")
                .write_inner_content(|w| crs(w, &PROJECT_CRS))?;
            layer_tree(w, &layers)?;
            map_canvas(w)?;
            w.create_element("projectlayers").write_inner_content(|w| {
                layers.iter().try_for_each(|l| map_layer(w, l))?;
                basemap_layer(w)
            })?;
            w.create_element("layerorder").write_inner_content(|w| {
                for id in layers.iter().map(|l| l.id).chain([BASEMAP_ID]) {
                    w.create_element("layer")
                        .with_attribute(("id", id))
                        .write_empty()?;
                }
                Ok(())
            })?;
            properties(w)?;
            w.create_element("projectMetadata")
                .write_inner_content(|w| {
                    text(w, "identifier", "tonle")?;
                    text(w, "language", "en")?;
                    text(w, "type", "dataset")?;
                    text(w, "title", TITLE)?;
                    text(w, "abstract", &abstract_text(events, range))?;
                    w.create_element("keywords")
                        .with_attribute(("vocabulary", "tonle"))
                        .write_inner_content(|w| {
                            for k in ["human trafficking", "Cambodia", "scam compounds"] {
                                text(w, "keyword", k)?;
                            }
                            Ok(())
                        })?;
                    text(w, "author", "tonle")?;
                    Ok(())
                })?;
            view_settings(w)?;
            time_settings(w, range)?;
            Ok(())
        })?;
    w.get_mut().write_all(b"\n")?;
    Ok(layers.len() + 1)
}

fn text<W: Write>(w: &mut Writer<W>, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

fn typed<W: Write>(w: &mut Writer<W>, name: &str, kind: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .with_attribute(("type", kind))
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

fn crs<W: Write>(w: &mut Writer<W>, crs: &Crs) -> io::Result<()> {
    w.create_element("spatialrefsys").write_inner_content(|w| {
        text(w, "proj4", crs.proj4)?;
        text(w, "srsid", &crs.srsid.to_string())?;
        text(w, "srid", &crs.srid.to_string())?;
        text(w, "authid", crs.authid)?;
        text(w, "description", crs.description)?;
        text(
            w,
            "geographicflag",
            if crs.geographic { "true" } else { "false" },
        )
    })?;
    Ok(())
}

fn layer_tree<W: Write>(w: &mut Writer<W>, layers: &[Layer]) -> io::Result<()> {
    w.create_element("layer-tree-group")
        .write_inner_content(|w| {
            for l in layers {
                let source = format!("./{}.geojson", l.name);
                w.create_element("layer-tree-layer")
                    .with_attributes([
                        ("id", l.id),
                        ("name", l.name),
                        ("providerKey", "ogr"),
                        ("source", source.as_str()),
                        (
                            "checked",
                            if l.visible {
                                "Qt::Checked"
                            } else {
                                "Qt::Unchecked"
                            },
                        ),
                        ("expanded", if l.visible { "1" } else { "0" }),
                    ])
                    .write_empty()?;
            }
            w.create_element("layer-tree-layer")
                .with_attributes([
                    ("id", BASEMAP_ID),
                    ("name", "OpenStreetMap"),
                    ("providerKey", "wms"),
                    ("source", BASEMAP_SOURCE),
                    ("checked", "Qt::Checked"),
                    ("expanded", "0"),
                ])
                .write_empty()?;
            Ok(())
        })?;
    Ok(())
}

const BASEMAP_ID: &str = "tonle_basemap";

/// OpenStreetMap's standard tiles, as QGIS's own XYZ Tiles entry has them.
const BASEMAP_SOURCE: &str =
    "type=xyz&url=https://tile.openstreetmap.org/%7Bz%7D/%7Bx%7D/%7By%7D.png&zmax=19&zmin=0";

/// The basemap at the bottom: context for the points (coasts, borders, towns) when online;
/// offline QGIS draws nothing for it and the other layers are unaffected.
fn basemap_layer<W: Write>(w: &mut Writer<W>) -> io::Result<()> {
    w.create_element("maplayer")
        .with_attributes([
            ("type", "raster"),
            ("styleCategories", "AllStyleCategories"),
        ])
        .write_inner_content(|w| {
            text(w, "id", BASEMAP_ID)?;
            text(w, "datasource", BASEMAP_SOURCE)?;
            text(w, "layername", "OpenStreetMap")?;
            w.create_element("srs")
                .write_inner_content(|w| crs(w, &PROJECT_CRS))?;
            text(w, "provider", "wms")?;
            w.create_element("attribution").write_inner_content(|w| {
                w.create_element("title")
                    .write_text_content(BytesText::new("© OpenStreetMap contributors"))?;
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

/// The view, in project coordinates.
/// [`VIEW`] in project coordinates, as (name, value) pairs: `xmin`, `ymin`, `xmax`, `ymax`.
fn view_extent() -> [(&'static str, String); 4] {
    let (xmin, ymin) = mercator(VIEW[0], VIEW[1]);
    let (xmax, ymax) = mercator(VIEW[2], VIEW[3]);
    [
        ("xmin", format!("{xmin:.0}")),
        ("ymin", format!("{ymin:.0}")),
        ("xmax", format!("{xmax:.0}")),
        ("ymax", format!("{ymax:.0}")),
    ]
}

fn extent<W: Write>(w: &mut Writer<W>, name: &str) -> io::Result<()> {
    w.create_element(name).write_inner_content(|w| {
        view_extent()
            .iter()
            .try_for_each(|(corner, value)| text(w, corner, value))
    })?;
    Ok(())
}

fn map_canvas<W: Write>(w: &mut Writer<W>) -> io::Result<()> {
    w.create_element("mapcanvas")
        .with_attributes([("name", "theMapCanvas"), ("annotationsVisible", "1")])
        .write_inner_content(|w| {
            text(w, "units", "meters")?;
            extent(w, "extent")?;
            text(w, "rotation", "0")?;
            w.create_element("destinationsrs")
                .write_inner_content(|w| crs(w, &PROJECT_CRS))?;
            Ok(())
        })?;
    Ok(())
}

fn view_settings<W: Write>(w: &mut Writer<W>) -> io::Result<()> {
    let corners = view_extent();
    w.create_element("ProjectViewSettings")
        .with_attributes([("UseProjectScales", "0"), ("rotation", "0")])
        .write_inner_content(|w| {
            w.create_element("Scales").write_empty()?;
            w.create_element("DefaultViewExtent")
                .with_attributes(corners.iter().map(|(k, v)| (*k, v.as_str())))
                .write_inner_content(|w| crs(w, &PROJECT_CRS))?;
            Ok(())
        })?;
    Ok(())
}

fn time_settings<W: Write>(
    w: &mut Writer<W>,
    range: Option<(NaiveDate, NaiveDate)>,
) -> io::Result<()> {
    let rate = FRAME_RATE.to_string();
    w.create_element("ProjectTimeSettings")
        .with_attributes([
            ("timeStep", "1"),
            ("timeStepUnit", "mon"),
            ("frameRate", rate.as_str()),
            ("cumulativeTemporalRange", "0"),
        ])
        .write_inner_content(|w| {
            if let Some((from, to)) = range {
                w.create_element("TemporalRange").write_inner_content(|w| {
                    text(w, "start", &format!("{from}T00:00:00Z"))?;
                    text(w, "end", &format!("{to}T00:00:00Z"))
                })?;
            }
            Ok(())
        })?;
    Ok(())
}

fn properties<W: Write>(w: &mut Writer<W>) -> io::Result<()> {
    w.create_element("properties").write_inner_content(|w| {
        w.create_element("Paths")
            .write_inner_content(|w| typed(w, "Absolute", "bool", "false"))?;
        w.create_element("SpatialRefSys")
            .write_inner_content(|w| typed(w, "ProjectionsEnabled", "int", "1"))?;
        // 1 is the Temporal Controller's "animated" mode: the play button works at once.
        w.create_element("TemporalControllerWidget")
            .write_inner_content(|w| typed(w, "NavigationMode", "int", "1"))?;
        Ok(())
    })?;
    Ok(())
}

fn map_layer<W: Write>(w: &mut Writer<W>, layer: &Layer) -> io::Result<()> {
    let (geometry, wkb, _) = layer.geometry.names();
    w.create_element("maplayer")
        .with_attributes([
            ("type", "vector"),
            ("geometry", geometry),
            ("wkbType", wkb),
            (
                "labelsEnabled",
                if layer.label.is_some() { "1" } else { "0" },
            ),
            ("styleCategories", "AllStyleCategories"),
            ("hasScaleBasedVisibilityFlag", "0"),
        ])
        .write_inner_content(|w| {
            text(w, "id", layer.id)?;
            text(w, "datasource", &format!("./{}.geojson", layer.name))?;
            text(w, "layername", layer.name)?;
            w.create_element("srs")
                .write_inner_content(|w| crs(w, &LAYER_CRS))?;
            w.create_element("provider")
                .with_attribute(("encoding", "UTF-8"))
                .write_text_content(BytesText::new("ogr"))?;
            temporal(w, layer.temporal)?;
            renderer(w, &layer.renderer, layer.geometry)?;
            if let Some(expression) = &layer.label {
                labeling(w, expression)?;
            }
            Ok(())
        })?;
    Ok(())
}

/// Start and end from the `start` and `end` fields. `limitMode` 1 includes the end: `end` is
/// the last day an event covers (a date, which QGIS reads as that day's midnight), so a frame
/// beginning on that day must still show it.
fn temporal<W: Write>(w: &mut Writer<W>, active: bool) -> io::Result<()> {
    let (enabled, mode, start, end) = if active {
        ("1", "2", "start", "end")
    } else {
        ("0", "0", "", "")
    };
    w.create_element("temporal")
        .with_attributes([
            ("enabled", enabled),
            ("mode", mode),
            ("startField", start),
            ("endField", end),
            ("limitMode", "1"),
            ("accumulate", "0"),
            ("durationUnit", "d"),
            ("fixedDuration", "0"),
        ])
        .write_empty()?;
    Ok(())
}

fn renderer<W: Write>(w: &mut Writer<W>, r: &Renderer, geometry: Geometry) -> io::Result<()> {
    let (_, _, kind) = geometry.names();
    let mut symbols: Vec<&Symbol> = Vec::new();
    let element = w.create_element("renderer-v2");
    let element = match r {
        Renderer::Single(symbol) => {
            symbols.push(symbol);
            element.with_attributes([("type", "singleSymbol"), ("symbollevels", "0")])
        }
        Renderer::Categorized { attr, .. } => {
            element.with_attributes([("type", "categorizedSymbol"), ("attr", *attr)])
        }
        Renderer::Graduated { attr, method, .. } => element.with_attributes([
            ("type", "graduatedSymbol"),
            ("attr", *attr),
            ("graduatedMethod", *method),
        ]),
    };
    element.write_inner_content(|w| {
        match r {
            Renderer::Single(_) => {}
            Renderer::Categorized { categories, .. } => {
                w.create_element("categories").write_inner_content(|w| {
                    for (i, (value, label, symbol)) in categories.iter().enumerate() {
                        let name = i.to_string();
                        w.create_element("category")
                            .with_attributes([
                                ("value", value.as_str()),
                                ("symbol", name.as_str()),
                                ("label", label.as_str()),
                                ("render", "true"),
                            ])
                            .write_empty()?;
                        symbols.push(symbol);
                    }
                    Ok(())
                })?;
            }
            Renderer::Graduated { ranges, .. } => {
                w.create_element("ranges").write_inner_content(|w| {
                    for (i, (lower, upper, label, symbol)) in ranges.iter().enumerate() {
                        let (name, lower, upper) =
                            (i.to_string(), lower.to_string(), upper.to_string());
                        w.create_element("range")
                            .with_attributes([
                                ("symbol", name.as_str()),
                                ("lower", lower.as_str()),
                                ("upper", upper.as_str()),
                                ("label", label.as_str()),
                                ("render", "true"),
                            ])
                            .write_empty()?;
                        symbols.push(symbol);
                    }
                    Ok(())
                })?;
            }
        }
        w.create_element("symbols").write_inner_content(|w| {
            for (i, symbol) in symbols.iter().enumerate() {
                debug_assert_eq!(symbol.kind, kind);
                write_symbol(w, &i.to_string(), symbol)?;
            }
            Ok(())
        })?;
        Ok(())
    })?;
    Ok(())
}

fn write_symbol<W: Write>(w: &mut Writer<W>, name: &str, symbol: &Symbol) -> io::Result<()> {
    w.create_element("symbol")
        .with_attributes([
            ("name", name),
            ("type", symbol.kind),
            ("alpha", "1"),
            ("clip_to_extent", "1"),
        ])
        .write_inner_content(|w| {
            for (i, layer) in symbol.layers.iter().enumerate() {
                w.create_element("layer")
                    .with_attributes([
                        ("class", layer.class),
                        ("enabled", "1"),
                        ("locked", "0"),
                        ("pass", "0"),
                    ])
                    .write_inner_content(|w| {
                        w.create_element("Option")
                            .with_attribute(("type", "Map"))
                            .write_inner_content(|w| {
                                for (k, v) in &layer.options {
                                    option(w, k, "QString", v)?;
                                }
                                Ok(())
                            })?;
                        data_defined(w, &layer.data_defined)?;
                        if let Some(sub) = &layer.sub {
                            write_symbol(w, &format!("@{name}@{i}"), sub)?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    Ok(())
}

fn option<W: Write>(w: &mut Writer<W>, name: &str, kind: &str, value: &str) -> io::Result<()> {
    w.create_element("Option")
        .with_attributes([("name", name), ("type", kind), ("value", value)])
        .write_empty()?;
    Ok(())
}

/// QGIS's data-defined property collection: each property an expression (type 3).
fn data_defined<W: Write>(w: &mut Writer<W>, properties: &[(&str, String)]) -> io::Result<()> {
    w.create_element("data_defined_properties")
        .write_inner_content(|w| {
            w.create_element("Option")
                .with_attribute(("type", "Map"))
                .write_inner_content(|w| {
                    option(w, "name", "QString", "")?;
                    w.create_element("Option")
                        .with_attributes([("name", "properties"), ("type", "Map")])
                        .write_inner_content(|w| {
                            for (name, expression) in properties {
                                w.create_element("Option")
                                    .with_attributes([("name", *name), ("type", "Map")])
                                    .write_inner_content(|w| {
                                        option(w, "active", "bool", "true")?;
                                        option(w, "expression", "QString", expression)?;
                                        option(w, "type", "int", "3")
                                    })?;
                            }
                            Ok(())
                        })?;
                    option(w, "type", "QString", "collection")
                })?;
            Ok(())
        })?;
    Ok(())
}

/// A short title beside each point, only when zoomed in past [`LABEL_MAX_SCALE`].
fn labeling<W: Write>(w: &mut Writer<W>, expression: &str) -> io::Result<()> {
    let scale = LABEL_MAX_SCALE.to_string();
    w.create_element("labeling")
        .with_attribute(("type", "simple"))
        .write_inner_content(|w| {
            w.create_element("settings").write_inner_content(|w| {
                w.create_element("text-style")
                    .with_attributes([
                        ("fieldName", expression),
                        ("isExpression", "1"),
                        ("fontSize", "8"),
                        ("fontSizeUnit", "Point"),
                        ("textColor", "40,40,40,255"),
                    ])
                    .write_inner_content(|w| {
                        w.create_element("text-buffer")
                            .with_attributes([
                                ("bufferDraw", "1"),
                                ("bufferSize", "0.8"),
                                ("bufferSizeUnits", "MM"),
                                ("bufferColor", "255,255,255,255"),
                                ("bufferOpacity", "0.8"),
                            ])
                            .write_empty()?;
                        Ok(())
                    })?;
                w.create_element("placement")
                    .with_attributes([("placement", "6"), ("dist", "1"), ("distUnits", "MM")])
                    .write_empty()?;
                w.create_element("rendering")
                    .with_attributes([
                        ("scaleVisibility", "1"),
                        ("scaleMin", "0"),
                        ("scaleMax", scale.as_str()),
                        ("obstacle", "1"),
                    ])
                    .write_empty()?;
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
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

    #[test]
    fn months_wrap_at_year_end() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        assert_eq!(next_month(d(2022, 12, 31)), d(2023, 1, 1));
        assert_eq!(next_month(d(2022, 8, 1)), d(2022, 9, 1));
        assert_eq!(month_start(d(2022, 8, 17)), d(2022, 8, 1));
    }

    #[test]
    fn mercator_matches_known_points() {
        // EPSG:3857 of (180, 0) is the half-circumference; of (0, 85.0511) about the same.
        let (x, y) = mercator(180.0, 0.0);
        assert!((x - 20_037_508.34).abs() < 0.01 && y.abs() < 1e-6);
        let (_, y) = mercator(0.0, 85.051_128_78);
        assert!((y - 20_037_508.34).abs() < 1.0);
    }
}

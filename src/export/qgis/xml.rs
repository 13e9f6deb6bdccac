//! Writing `tonle.qgs`: the project document element by element (no template file, no binary
//! blobs), holding only what QGIS (3.22 and later) needs; QGIS fills every other setting with its
//! defaults. What the layers look like is decided in [`super::style`].

use super::style::{Geometry, Layer, Renderer, Symbol};
use chrono::NaiveDate;
use quick_xml::events::BytesText;
use quick_xml::Writer;
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
pub(super) const TITLE: &str = "tonle: human trafficking in Cambodia";

/// Labels show at this scale (1:N) and closer: province level, not the regional view.
const LABEL_MAX_SCALE: u32 = 3_000_000;

/// Temporal Controller frames per second when playing.
const FRAME_RATE: u32 = 2;

pub(super) struct Crs {
    authid: &'static str,
    srsid: u32,
    srid: u32,
    proj4: &'static str,
    description: &'static str,
    geographic: bool,
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

/// Writes the project: the layers (the basemap beneath them), the view, the metadata, and the
/// Temporal Controller set to `range`.
pub(super) fn document(
    out: &mut dyn Write,
    layers: &[Layer],
    range: Option<(NaiveDate, NaiveDate)>,
    abstract_text: &str,
) -> io::Result<()> {
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
            layer_tree(w, layers)?;
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
                    text(w, "abstract", abstract_text)?;
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
    Ok(())
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
                let source = format!("./{}", l.file);
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
            text(w, "datasource", &format!("./{}", layer.file))?;
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
pub(super) fn temporal<W: Write>(w: &mut Writer<W>, active: bool) -> io::Result<()> {
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

pub(super) fn renderer<W: Write>(
    w: &mut Writer<W>,
    r: &Renderer,
    geometry: Geometry,
) -> io::Result<()> {
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
pub(super) fn labeling<W: Write>(w: &mut Writer<W>, expression: &str) -> io::Result<()> {
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
    fn mercator_matches_known_points() {
        // EPSG:3857 of (180, 0) is the half-circumference; of (0, 85.0511) about the same.
        let (x, y) = mercator(180.0, 0.0);
        assert!((x - 20_037_508.34).abs() < 0.01 && y.abs() < 1e-6);
        let (_, y) = mercator(0.0, 85.051_128_78);
        assert!((y - 20_037_508.34).abs() < 1.0);
    }
}

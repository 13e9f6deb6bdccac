//! The layers of `tonle.qgs`: the layer tree, and each `maplayer` with its source, temporal
//! settings, renderer, symbols and labels.

use super::{crs, text, LAYER_CRS, PROJECT_CRS};
use crate::export::qgis::model::{Geometry, Label, Layer, Placement, Renderer, Symbol};
use quick_xml::events::BytesText;
use quick_xml::Writer;
use std::io::{self, Write};

pub(super) const BASEMAP_ID: &str = "tonle_basemap";
const BASEMAP_NAME: &str = "OpenStreetMap (online only)";

/// OpenStreetMap's standard tiles, as QGIS's own XYZ Tiles entry has them.
const BASEMAP_SOURCE: &str =
    "type=xyz&url=https://tile.openstreetmap.org/%7Bz%7D/%7Bx%7D/%7By%7D.png&zmax=19&zmin=0";

fn checked(on: bool) -> &'static str {
    if on {
        "Qt::Checked"
    } else {
        "Qt::Unchecked"
    }
}

/// The layer tree (what the Layers panel shows), top down, the basemap last and unticked: the
/// shipped outlines make the map without it, and offline it draws nothing.
pub(super) fn tree<W: Write>(w: &mut Writer<W>, layers: &[Layer]) -> io::Result<()> {
    w.create_element("layer-tree-group")
        .write_inner_content(|w| {
            for l in layers {
                tree_layer(w, l.id, l.name, l.file, l.visible)?;
            }
            w.create_element("layer-tree-layer")
                .with_attributes([
                    ("id", BASEMAP_ID),
                    ("name", BASEMAP_NAME),
                    ("providerKey", "wms"),
                    ("source", BASEMAP_SOURCE),
                    ("checked", checked(false)),
                    ("expanded", "0"),
                ])
                .write_empty()?;
            Ok(())
        })?;
    Ok(())
}

/// One layer's node in a layer tree (the project's, or a legend's).
pub(super) fn tree_layer<W: Write>(
    w: &mut Writer<W>,
    id: &str,
    name: &str,
    file: &str,
    visible: bool,
) -> io::Result<()> {
    let source = format!("./{file}");
    w.create_element("layer-tree-layer")
        .with_attributes([
            ("id", id),
            ("name", name),
            ("providerKey", "ogr"),
            ("source", source.as_str()),
            ("checked", checked(visible)),
            ("expanded", if visible { "1" } else { "0" }),
        ])
        .write_empty()?;
    Ok(())
}

/// The basemap at the bottom, for users online: coasts, roads and towns under the data.
pub(super) fn basemap<W: Write>(w: &mut Writer<W>) -> io::Result<()> {
    w.create_element("maplayer")
        .with_attributes([
            ("type", "raster"),
            ("styleCategories", "AllStyleCategories"),
        ])
        .write_inner_content(|w| {
            text(w, "id", BASEMAP_ID)?;
            text(w, "datasource", BASEMAP_SOURCE)?;
            text(w, "layername", BASEMAP_NAME)?;
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

pub(super) fn map_layer<W: Write>(w: &mut Writer<W>, layer: &Layer) -> io::Result<()> {
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
            style(w, layer)
        })?;
    Ok(())
}

/// One layer's style as a QML document: what QGIS keeps in a GeoPackage's `layer_styles`
/// table, the same renderer, labels and temporal settings as the layer has in the project.
pub(in crate::export::qgis) fn qml(layer: &Layer) -> io::Result<String> {
    let mut qml = Vec::new();
    let mut w = Writer::new(&mut qml);
    w.get_mut()
        .write_all(b"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n")?;
    w.create_element("qgis")
        .with_attributes([
            ("version", "3.22.0"),
            ("styleCategories", "AllStyleCategories"),
            (
                "labelsEnabled",
                if layer.label.is_some() { "1" } else { "0" },
            ),
        ])
        .write_inner_content(|w| style(w, layer))?;
    String::from_utf8(qml).map_err(io::Error::other)
}

/// What a layer looks like, the same in the project and in a stored style: its temporal
/// settings, renderer, labels and opacity.
fn style<W: Write>(w: &mut Writer<W>, layer: &Layer) -> io::Result<()> {
    temporal(w, layer.temporal)?;
    renderer(w, &layer.renderer, layer.geometry)?;
    if let Some(label) = &layer.label {
        labeling(w, label)?;
    }
    text(w, "layerOpacity", &layer.opacity.to_string())
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
    match r {
        Renderer::Displacement {
            inner,
            tolerance,
            centre,
        } => {
            let tolerance = tolerance.to_string();
            w.create_element("renderer-v2")
                .with_attributes([
                    ("type", "pointDisplacement"),
                    ("placement", "1"),
                    ("tolerance", tolerance.as_str()),
                    ("toleranceUnit", "MM"),
                    ("circleWidth", "0.3"),
                    ("circleColor", "90,90,90,255"),
                    ("circleRadiusAddition", "0.4"),
                    ("labelAttributeName", ""),
                    ("symbollevels", "0"),
                ])
                .write_inner_content(|w| {
                    renderer(w, inner, geometry)?;
                    write_symbol(w, "centerSymbol", centre)
                })?;
            Ok(())
        }
        _ => classified(w, r, geometry),
    }
}

/// A single, categorized or graduated renderer with its symbols.
fn classified<W: Write>(w: &mut Writer<W>, r: &Renderer, geometry: Geometry) -> io::Result<()> {
    let (_, _, kind) = geometry.names();
    let mut symbols: Vec<&Symbol> = Vec::new();
    let element = w.create_element("renderer-v2");
    let element = match r {
        Renderer::Single(symbol) => {
            symbols.push(symbol);
            element.with_attributes([("type", "singleSymbol"), ("symbollevels", "0")])
        }
        Renderer::Categorized { attr, categories } => {
            symbols.extend(categories.iter().map(|c| &c.2));
            element.with_attributes([("type", "categorizedSymbol"), ("attr", attr.as_str())])
        }
        Renderer::Graduated {
            attr,
            method,
            ranges,
        } => {
            symbols.extend(ranges.iter().map(|r| &r.symbol));
            element.with_attributes([
                ("type", "graduatedSymbol"),
                ("attr", *attr),
                ("graduatedMethod", *method),
            ])
        }
        Renderer::Displacement { .. } => element,
    };
    element.write_inner_content(|w| {
        classes(w, r)?;
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

/// The categories or ranges of a renderer, each naming its symbol by position.
fn classes<W: Write>(w: &mut Writer<W>, r: &Renderer) -> io::Result<()> {
    match r {
        Renderer::Categorized { categories, .. } => {
            w.create_element("categories").write_inner_content(|w| {
                for (i, (value, label, _)) in categories.iter().enumerate() {
                    let name = i.to_string();
                    w.create_element("category")
                        .with_attributes([
                            ("value", value.as_str()),
                            ("symbol", name.as_str()),
                            ("label", label.as_str()),
                            ("render", "true"),
                        ])
                        .write_empty()?;
                }
                Ok(())
            })?;
        }
        Renderer::Graduated { ranges, .. } => {
            w.create_element("ranges").write_inner_content(|w| {
                for (i, range) in ranges.iter().enumerate() {
                    let (name, lower, upper) = (
                        i.to_string(),
                        range.lower.to_string(),
                        range.upper.to_string(),
                    );
                    w.create_element("range")
                        .with_attributes([
                            ("symbol", name.as_str()),
                            ("lower", lower.as_str()),
                            ("upper", upper.as_str()),
                            ("label", range.label.as_str()),
                            ("render", "true"),
                        ])
                        .write_empty()?;
                }
                Ok(())
            })?;
        }
        Renderer::Single(_) | Renderer::Displacement { .. } => {}
    }
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

/// QGIS's data-defined property collection of a symbol layer.
fn data_defined<W: Write>(w: &mut Writer<W>, properties: &[(&str, String)]) -> io::Result<()> {
    data_defined_in(w, "data_defined_properties", properties)
}

/// A data-defined property collection in element `element`: each property an expression
/// (type 3).
fn data_defined_in<W: Write>(
    w: &mut Writer<W>,
    element: &str,
    properties: &[(&str, String)],
) -> io::Result<()> {
    w.create_element(element).write_inner_content(|w| {
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

/// A layer's labels: the text, its look, where it sits and the scales it shows at.
fn labeling<W: Write>(w: &mut Writer<W>, label: &Label) -> io::Result<()> {
    let size = label.size.to_string();
    let spacing = label.spacing.to_string();
    let weight = if label.bold { "75" } else { "50" };
    let italic = if label.italic { "1" } else { "0" };
    // QgsPalLayerSettings::Placement 1 is "offset from point" (a polygon's centroid), in
    // the quadrant given: 5 right of it, 4 over it.
    let (quadrant, offset) = match label.placement {
        Placement::RightOfPoint => ("5", "3"),
        Placement::Centroid => ("4", "0"),
    };
    let scale = label.max_scale.to_string();
    w.create_element("labeling")
        .with_attribute(("type", "simple"))
        .write_inner_content(|w| {
            w.create_element("settings").write_inner_content(|w| {
                w.create_element("text-style")
                    .with_attributes([
                        ("fieldName", label.expression.as_str()),
                        ("isExpression", "1"),
                        ("fontSize", size.as_str()),
                        ("fontSizeUnit", "Point"),
                        ("fontWeight", weight),
                        ("fontItalic", italic),
                        ("fontLetterSpacing", spacing.as_str()),
                        ("textColor", label.colour),
                    ])
                    .write_inner_content(|w| {
                        w.create_element("text-buffer")
                            .with_attributes([
                                ("bufferDraw", "1"),
                                ("bufferSize", "0.7"),
                                ("bufferSizeUnits", "MM"),
                                ("bufferColor", "255,255,255,255"),
                                ("bufferOpacity", "0.75"),
                            ])
                            .write_empty()?;
                        Ok(())
                    })?;
                w.create_element("placement")
                    .with_attributes([
                        ("placement", "1"),
                        ("quadOffset", quadrant),
                        ("xOffset", offset),
                        ("yOffset", "0"),
                        ("offsetUnits", "MM"),
                        ("centroidInside", "1"),
                    ])
                    .write_empty()?;
                w.create_element("rendering")
                    .with_attributes([
                        ("scaleVisibility", "1"),
                        ("scaleMin", "0"),
                        ("scaleMax", scale.as_str()),
                        ("obstacle", "1"),
                        ("displayAll", "0"),
                    ])
                    .write_empty()?;
                let priority: Vec<(&str, String)> = label
                    .priority
                    .iter()
                    .map(|p| ("Priority", p.clone()))
                    .collect();
                data_defined_in(w, "dd_properties", &priority)?;
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

//! Writing `tonle.qgs`: the project document element by element (no template file, no binary
//! blobs), holding only what QGIS (3.22 and later) needs; QGIS fills every other setting with
//! its defaults. What the project shows is decided in [`super::style`] and [`super::print`];
//! [`layer`] writes the layers, [`layout`] the print layouts.

mod layer;
pub(super) use layer::qml;
mod layout;

use super::model::{mercator, Layer, Layout, Theme};
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

/// The view the project opens on: Cambodia, its neighbours' border zones and Bangkok (west,
/// south, east, north), where province names show.
pub const VIEW: [f64; 4] = [99.0, 8.0, 109.0, 16.5];

/// Temporal Controller frames per second when playing.
const FRAME_RATE: u32 = 2;

struct Crs {
    authid: &'static str,
    srsid: u32,
    srid: u32,
    proj4: &'static str,
    description: &'static str,
    geographic: bool,
}

/// Everything the document holds.
pub(in super::super) struct Document<'a> {
    pub(in super::super) title: &'a str,
    pub(in super::super) abstract_text: &'a str,
    /// From the top of the layer tree down.
    pub(in super::super) layers: &'a [Layer],
    pub(in super::super) themes: &'a [Theme],
    pub(in super::super) layouts: &'a [Layout],
    /// The Temporal Controller's range: first day, day after the last.
    pub(in super::super) range: Option<(NaiveDate, NaiveDate)>,
    /// The Temporal Controller's step: how many of which QGIS unit (`mon`, `y`).
    pub(in super::super) step: (u32, &'static str),
    /// The canvas background (the sea), `r,g,b,a`.
    pub(in super::super) background: &'static str,
}

/// Writes the project: the layers (the basemap beneath them), the view, the themes, the
/// layouts, the metadata, and the Temporal Controller.
pub(in super::super) fn document(out: &mut dyn Write, doc: &Document) -> io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 1);
    w.get_mut()
        .write_all(b"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n")?;
    w.create_element("qgis")
        .with_attributes([("version", "3.22.0"), ("projectname", "tonle")])
        .write_inner_content(|w| {
            w.create_element("homePath")
                .with_attribute(("path", ""))
                .write_empty()?;
            text(w, "title", doc.title)?;
            w.create_element("projectCrs")
                .write_inner_content(|w| crs(w, &PROJECT_CRS))?;
            layer::tree(w, doc.layers)?;
            map_canvas(w)?;
            w.create_element("projectlayers").write_inner_content(|w| {
                doc.layers.iter().try_for_each(|l| layer::map_layer(w, l))?;
                layer::basemap(w)
            })?;
            w.create_element("layerorder").write_inner_content(|w| {
                for id in doc.layers.iter().map(|l| l.id).chain([layer::BASEMAP_ID]) {
                    w.create_element("layer")
                        .with_attribute(("id", id))
                        .write_empty()?;
                }
                Ok(())
            })?;
            properties(w, doc.background)?;
            themes(w, doc.themes)?;
            metadata(w, doc)?;
            view_settings(w)?;
            time_settings(w, doc.range, doc.step)?;
            layout::layouts(w, doc.layouts)?;
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

fn metadata<W: Write>(w: &mut Writer<W>, doc: &Document) -> io::Result<()> {
    w.create_element("projectMetadata")
        .write_inner_content(|w| {
            text(w, "identifier", "tonle")?;
            text(w, "language", "en")?;
            text(w, "type", "dataset")?;
            text(w, "title", doc.title)?;
            text(w, "abstract", doc.abstract_text)?;
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
    Ok(())
}

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

fn map_canvas<W: Write>(w: &mut Writer<W>) -> io::Result<()> {
    w.create_element("mapcanvas")
        .with_attributes([("name", "theMapCanvas"), ("annotationsVisible", "1")])
        .write_inner_content(|w| {
            text(w, "units", "meters")?;
            w.create_element("extent").write_inner_content(|w| {
                view_extent()
                    .iter()
                    .try_for_each(|(corner, value)| text(w, corner, value))
            })?;
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
    (step, unit): (u32, &str),
) -> io::Result<()> {
    let rate = FRAME_RATE.to_string();
    let step = step.to_string();
    w.create_element("ProjectTimeSettings")
        .with_attributes([
            ("timeStep", step.as_str()),
            ("timeStepUnit", unit),
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

/// `r,g,b,a` as QGIS's canvas colour entries want it.
fn channels(rgba: &str) -> [&str; 3] {
    let mut parts = rgba.split(',');
    [(); 3].map(|()| parts.next().unwrap_or("255"))
}

fn properties<W: Write>(w: &mut Writer<W>, background: &str) -> io::Result<()> {
    w.create_element("properties").write_inner_content(|w| {
        w.create_element("Paths")
            .write_inner_content(|w| typed(w, "Absolute", "bool", "false"))?;
        w.create_element("SpatialRefSys")
            .write_inner_content(|w| typed(w, "ProjectionsEnabled", "int", "1"))?;
        let [r, g, b] = channels(background);
        w.create_element("Gui").write_inner_content(|w| {
            typed(w, "CanvasColorRedPart", "int", r)?;
            typed(w, "CanvasColorGreenPart", "int", g)?;
            typed(w, "CanvasColorBluePart", "int", b)
        })?;
        // 1 is the Temporal Controller's "animated" mode: the play button works at once.
        w.create_element("TemporalControllerWidget")
            .write_inner_content(|w| typed(w, "NavigationMode", "int", "1"))?;
        Ok(())
    })?;
    Ok(())
}

/// The map themes: each a set of visible layers, with their legends expanded.
fn themes<W: Write>(w: &mut Writer<W>, themes: &[Theme]) -> io::Result<()> {
    w.create_element("visibility-presets")
        .write_inner_content(|w| {
            for theme in themes {
                w.create_element("visibility-preset")
                    .with_attributes([
                        ("name", theme.name),
                        ("has-expanded-info", "1"),
                        ("has-checked-group-info", "1"),
                    ])
                    .write_inner_content(|w| {
                        for id in &theme.layers {
                            w.create_element("layer")
                                .with_attributes([
                                    ("id", *id),
                                    ("visible", "1"),
                                    ("expanded", "1"),
                                    ("style", "default"),
                                ])
                                .write_empty()?;
                        }
                        w.create_element("checked-group-nodes").write_empty()?;
                        w.create_element("expanded-group-nodes").write_empty()?;
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    Ok(())
}

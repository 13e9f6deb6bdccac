//! The print layouts of `tonle.qgs`: each an A4 page with its items (title, map, legend,
//! scale bar, credits), as [`crate::export::qgis::print`] places them.

use super::layer::tree_layer;
use crate::export::qgis::model::{Item, Layout, Rect};
use chrono::NaiveDate;
use quick_xml::Writer;
use std::io::{self, Write};

/// QgsLayoutItemRegistry's item types.
const PAGE: &str = "65638";
const MAP: &str = "65639";
const LABEL: &str = "65641";
const LEGEND: &str = "65642";
const SCALE_BAR: &str = "65646";

/// The typeface of every text on the page (Debian's and QGIS's default sans).
const FONT: &str = "DejaVu Sans";

/// A fixed uuid for item `z` of layout `n`, so that the project is the same at every run.
fn uuid(n: usize, z: usize) -> String {
    format!("{{7e3d1a52-{n:04}-4000-8000-{z:012}}}")
}

pub(super) fn layouts<W: Write>(w: &mut Writer<W>, layouts: &[Layout]) -> io::Result<()> {
    w.create_element("Layouts").write_inner_content(|w| {
        for (n, layout) in layouts.iter().enumerate() {
            w.create_element("Layout")
                .with_attributes([
                    ("name", layout.name.as_str()),
                    ("units", "mm"),
                    ("printResolution", "300"),
                ])
                .write_inner_content(|w| {
                    w.create_element("PageCollection")
                        .write_inner_content(|w| {
                            let page = Common {
                                kind: PAGE,
                                id: "",
                                uuid: &uuid(n, 0),
                                rect: Rect {
                                    x: 0.0,
                                    y: 0.0,
                                    width: 297.0,
                                    height: 210.0,
                                },
                                z: 0,
                                framed: false,
                                background: Some("255,255,255,255"),
                            };
                            item(w, &page, &[], |_| Ok(()))
                        })?;
                    for (z, it) in layout.items.iter().enumerate() {
                        write_item(w, it, &uuid(n, z + 1), z + 1)?;
                    }
                    Ok(())
                })?;
        }
        Ok(())
    })?;
    Ok(())
}

/// A Qt font description: family, points, pixels (-1: by points), style hint, weight,
/// italic, underline, strike out, fixed pitch, raw.
fn font(size: f64, bold: bool) -> String {
    format!(
        "{FONT},{size},-1,5,{},0,0,0,0,0",
        if bold { 75 } else { 50 }
    )
}

fn write_item<W: Write>(w: &mut Writer<W>, it: &Item, own_uuid: &str, z: usize) -> io::Result<()> {
    let common = |kind, id, rect, background| Common {
        kind,
        id,
        uuid: own_uuid,
        rect,
        z,
        framed: false,
        background,
    };
    match it {
        Item::Text {
            id,
            rect,
            text,
            size,
            bold,
            colour,
        } => text_item(
            w,
            &common(LABEL, id, *rect, None),
            text,
            &font(*size, *bold),
            colour,
        ),
        Item::Map {
            uuid,
            rect,
            extent,
            theme,
            time,
            background,
        } => {
            let map = Common {
                uuid,
                framed: true,
                ..common(MAP, "map", *rect, Some(background))
            };
            map_item(w, &map, extent, theme, *time)
        }
        Item::Legend {
            rect,
            map,
            title,
            layers: shown,
        } => {
            let legend_common = Common {
                framed: true,
                ..common(LEGEND, "legend", *rect, Some("255,255,255,255"))
            };
            legend(w, &legend_common, map, title, shown)
        }
        Item::ScaleBar {
            rect,
            map,
            segment_km,
        } => {
            let bar = common(SCALE_BAR, "scalebar", *rect, Some("255,255,255,200"));
            scale_bar(w, &bar, map, *segment_km)
        }
    }
}

fn text_item<W: Write>(
    w: &mut Writer<W>,
    common: &Common,
    text: &str,
    font: &str,
    colour: &str,
) -> io::Result<()> {
    let attrs = [
        ("labelText", text),
        ("halign", "1"),
        ("valign", "32"),
        ("marginX", "0"),
        ("marginY", "0"),
        ("htmlState", "0"),
    ];
    item(w, common, &attrs, |w| {
        w.create_element("LabelFont")
            .with_attributes([("description", font), ("style", "")])
            .write_empty()?;
        colour_element(w, "FontColor", colour)
    })
}

/// A map following `theme`, over `extent`, for the days `time` (first, day after the last)
/// or all of them.
fn map_item<W: Write>(
    w: &mut Writer<W>,
    common: &Common,
    extent: &[f64; 4],
    theme: &str,
    time: Option<(NaiveDate, NaiveDate)>,
) -> io::Result<()> {
    let (begin, end) = time.map_or((String::new(), String::new()), |(b, e)| {
        (format!("{b}T00:00:00Z"), format!("{e}T00:00:00Z"))
    });
    let attrs = [
        ("followPreset", "true"),
        ("followPresetName", theme),
        ("keepLayerSet", "false"),
        ("drawCanvasItems", "true"),
        ("mapRotation", "0"),
        ("labelMargin", "0,mm"),
        ("mapFlags", "0"),
        ("isTemporal", if time.is_some() { "1" } else { "0" }),
        ("temporalRangeBegin", begin.as_str()),
        ("temporalRangeEnd", end.as_str()),
    ];
    item(w, common, &attrs, |w| {
        let corners = extent.map(|v| format!("{v:.0}"));
        w.create_element("Extent")
            .with_attributes([
                ("xmin", corners[0].as_str()),
                ("ymin", corners[1].as_str()),
                ("xmax", corners[2].as_str()),
                ("ymax", corners[3].as_str()),
            ])
            .write_empty()?;
        w.create_element("LayerSet").write_empty()?;
        w.create_element("AtlasMap")
            .with_attributes([
                ("atlasDriven", "0"),
                ("scalingMode", "2"),
                ("margin", "0.1"),
            ])
            .write_empty()?;
        Ok(())
    })
}

/// Two segments of `segment_km`, labelled in kilometres.
fn scale_bar<W: Write>(
    w: &mut Writer<W>,
    common: &Common,
    map: &str,
    segment_km: u32,
) -> io::Result<()> {
    // In map units (metres), shown in kilometres.
    let segment = (u64::from(segment_km) * 1000).to_string();
    let attrs = [
        ("mapUuid", map),
        ("style", "Single Box"),
        ("unitType", "kilometers"),
        ("unitLabel", "km"),
        ("numUnitsPerSegment", segment.as_str()),
        ("numMapUnitsPerScaleBarUnit", "1000"),
        ("numSegments", "2"),
        ("numSegmentsLeft", "0"),
        ("numSubdivisions", "1"),
        ("segmentSizeMode", "0"),
        ("height", "2"),
        ("labelBarSpace", "2"),
        ("boxContentSpace", "1.5"),
    ];
    item(w, common, &attrs, |w| {
        w.create_element("text-style")
            .with_attributes([
                ("fontFamily", FONT),
                ("fontSize", "7"),
                ("fontSizeUnit", "Point"),
                ("textColor", "40,40,40,255"),
            ])
            .write_empty()?;
        Ok(())
    })
}

fn legend<W: Write>(
    w: &mut Writer<W>,
    frame: &Common,
    map: &str,
    title: &str,
    shown: &[(&str, &str, &str)],
) -> io::Result<()> {
    let attrs = [
        ("map_uuid", map),
        ("title", title),
        ("resizeToContents", "1"),
        ("columnCount", "1"),
        ("symbolWidth", "10"),
        ("symbolHeight", "4"),
        ("legendFilterByMap", "0"),
        ("splitLayer", "0"),
        ("wrapChar", ""),
        ("boxSpace", "2"),
        ("titleAlignment", "1"),
    ];
    item(w, frame, &attrs, |w| {
        w.create_element("styles").write_inner_content(|w| {
            for (name, size, bold, margin) in [
                ("title", 11.0, true, ("marginBottom", "2")),
                ("group", 9.0, true, ("marginTop", "2")),
                ("subgroup", 8.0, true, ("marginTop", "2.5")),
                ("symbol", 7.0, false, ("marginTop", "1")),
                ("symbolLabel", 7.0, false, ("marginLeft", "2")),
            ] {
                w.create_element("style")
                    .with_attributes([("name", name), ("alignment", "1"), margin])
                    .write_inner_content(|w| {
                        let description = font(size, bold);
                        w.create_element("styleFont")
                            .with_attributes([("description", description.as_str()), ("style", "")])
                            .write_empty()?;
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
        w.create_element("layer-tree-group")
            .write_inner_content(|w| {
                for (id, name, file) in shown {
                    tree_layer(w, id, name, file, true)?;
                }
                Ok(())
            })?;
        Ok(())
    })
}

fn colour_element<W: Write>(w: &mut Writer<W>, name: &str, rgba: &str) -> io::Result<()> {
    let mut parts = rgba.split(',');
    let [red, green, blue, alpha] = [(); 4].map(|()| parts.next().unwrap_or("255"));
    w.create_element(name)
        .with_attributes([
            ("red", red),
            ("green", green),
            ("blue", blue),
            ("alpha", alpha),
        ])
        .write_empty()?;
    Ok(())
}

/// What every layout item has.
#[derive(Clone, Copy)]
struct Common<'a> {
    kind: &'a str,
    /// The item's id, as the Items panel shows it.
    id: &'a str,
    uuid: &'a str,
    rect: Rect,
    z: usize,
    framed: bool,
    /// `r,g,b,a`, or none for a transparent item.
    background: Option<&'a str>,
}

/// A layout item: the attributes every item has, then its own, then its children.
fn item<W: Write>(
    w: &mut Writer<W>,
    f: &Common,
    own: &[(&str, &str)],
    children: impl FnOnce(&mut Writer<W>) -> io::Result<()>,
) -> io::Result<()> {
    let position = format!("{},{},mm", f.rect.x, f.rect.y);
    let size = format!("{},{},mm", f.rect.width, f.rect.height);
    let z = f.z.to_string();
    let mut attrs: Vec<(&str, &str)> = vec![
        ("type", f.kind),
        ("id", f.id),
        ("uuid", f.uuid),
        ("templateUuid", f.uuid),
        ("position", position.as_str()),
        ("positionOnPage", position.as_str()),
        ("size", size.as_str()),
        ("zValue", z.as_str()),
        ("referencePoint", "0"),
        ("visibility", "1"),
        ("opacity", "1"),
        ("itemRotation", "0"),
        ("positionLock", "false"),
        ("blendMode", "0"),
        ("excludeFromExports", "0"),
        ("outlineWidthM", "0.3,mm"),
        ("frameJoinStyle", "miter"),
        ("frame", if f.framed { "true" } else { "false" }),
        (
            "background",
            if f.background.is_some() {
                "true"
            } else {
                "false"
            },
        ),
    ];
    attrs.extend_from_slice(own);
    w.create_element("LayoutItem")
        .with_attributes(attrs)
        .write_inner_content(|w| {
            colour_element(w, "CommonColor", "90,90,90,255")?;
            colour_element(
                w,
                "BackgroundColor",
                f.background.unwrap_or("255,255,255,0"),
            )?;
            children(w)
        })?;
    Ok(())
}

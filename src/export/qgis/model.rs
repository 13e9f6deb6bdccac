//! What a `tonle.qgs` is made of, as [`super::style`] and [`super::print`] decide it and
//! [`super::xml`] writes it: layers with their renderers, symbols and labels, map themes and
//! print layouts. Plain data, in QGIS's own terms, with nothing written yet.

use chrono::NaiveDate;

/// A layer's geometry type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Geometry {
    Point,
    Line,
    Polygon,
}

impl Geometry {
    /// (maplayer geometry, wkbType, symbol type), as QGIS names them.
    pub(super) fn names(self) -> (&'static str, &'static str, &'static str) {
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
    /// The marker of a marker line (an arrowhead).
    pub(super) sub: Option<Symbol>,
}

/// A symbol: `marker`, `line` or `fill`, drawn as its layers from the bottom up.
pub(super) struct Symbol {
    pub(super) kind: &'static str,
    pub(super) layers: Vec<SymbolLayer>,
}

/// One class of a graduated renderer: `lower <= value <= upper`, as QGIS tests it.
pub(super) struct Range {
    pub(super) lower: u64,
    pub(super) upper: u64,
    pub(super) label: String,
    pub(super) symbol: Symbol,
}

/// How a layer's features are drawn.
pub(super) enum Renderer {
    /// One symbol for all.
    Single(Symbol),
    /// A symbol per value of `attr` (a field, or an expression): (value, legend label,
    /// symbol).
    Categorized {
        attr: String,
        categories: Vec<(String, String, Symbol)>,
    },
    /// A symbol per class of a number.
    Graduated {
        attr: &'static str,
        method: &'static str,
        ranges: Vec<Range>,
    },
    /// QGIS's point displacement: points closer than `tolerance` (mm) drawn in rings around
    /// their place, each with the symbol `inner` gives it, `centre` marking the place.
    Displacement {
        inner: Box<Renderer>,
        tolerance: f64,
        centre: Symbol,
    },
}

/// Where a label sits.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Placement {
    /// Right of a point, always at the same offset: the labels of several features at one
    /// place fall on one another, and QGIS draws one of them.
    RightOfPoint,
    /// At a polygon's centre, inside it.
    Centroid,
}

/// A layer's labels.
pub(super) struct Label {
    /// A QGIS expression giving the text (NULL: no label).
    pub(super) expression: String,
    /// Shown at 1:`max_scale` and closer.
    pub(super) max_scale: u32,
    /// Points.
    pub(super) size: f64,
    /// `r,g,b,a`.
    pub(super) colour: &'static str,
    pub(super) bold: bool,
    pub(super) italic: bool,
    /// Letters set apart, in points (country names).
    pub(super) spacing: f64,
    pub(super) placement: Placement,
    /// An expression of 0..10: which labels win a place when labels collide (QGIS's
    /// default, 5, when none).
    pub(super) priority: Option<String>,
}

/// One layer of the project.
pub(super) struct Layer {
    pub(super) id: &'static str,
    /// As the layer tree and the legend show it.
    pub(super) name: &'static str,
    /// The GeoJSON file it shows, beside the project.
    pub(super) file: &'static str,
    pub(super) geometry: Geometry,
    /// Ticked when the project opens.
    pub(super) visible: bool,
    /// Animated by the Temporal Controller from its `start` and `end` fields.
    pub(super) temporal: bool,
    pub(super) renderer: Renderer,
    pub(super) label: Option<Label>,
    /// 0..1.
    pub(super) opacity: f64,
}

/// A map theme: a named set of visible layers, which a layout's map follows.
pub(super) struct Theme {
    pub(super) name: &'static str,
    /// The ids of the layers it shows.
    pub(super) layers: Vec<&'static str>,
}

/// A rectangle on the page, in millimetres from its top left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Rect {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) width: f64,
    pub(super) height: f64,
}

/// An item of a print layout.
pub(super) enum Item {
    /// Text; `id` names the item (`title`, `credits`).
    Text {
        id: &'static str,
        rect: Rect,
        text: String,
        size: f64,
        bold: bool,
        colour: &'static str,
    },
    /// The map, showing `extent` (EPSG:3857: xmin, ymin, xmax, ymax) with the layers of
    /// `theme`, for the days `time` (first day, day after the last) or all of them.
    Map {
        uuid: &'static str,
        rect: Rect,
        extent: [f64; 4],
        theme: &'static str,
        time: Option<(NaiveDate, NaiveDate)>,
        background: &'static str,
    },
    /// The legend of the map `map`, for these layers (id, name, file).
    Legend {
        rect: Rect,
        map: &'static str,
        title: &'static str,
        layers: Vec<(&'static str, &'static str, &'static str)>,
    },
    /// A scale bar in kilometres for the map `map`.
    ScaleBar {
        rect: Rect,
        map: &'static str,
        segment_km: u32,
    },
}

/// A print layout: an A4 landscape page of items.
pub(super) struct Layout {
    pub(super) name: String,
    pub(super) items: Vec<Item>,
}

/// Web Mercator (EPSG:3857, the project's CRS) from WGS84.
pub(super) fn mercator(lon: f64, lat: f64) -> (f64, f64) {
    const R: f64 = 6_378_137.0;
    let x = R * lon.to_radians();
    let y = R
        * (std::f64::consts::FRAC_PI_4 + lat.to_radians() / 2.0)
            .tan()
            .ln();
    (x, y)
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

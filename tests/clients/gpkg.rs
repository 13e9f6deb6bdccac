//! `tonle.gpkg` as GDAL and QGIS read it: every layer, with the GeoJSON layer's feature count
//! and geometry type, typed fields, valid by GDAL's GeoPackage validator, and styled in QGIS
//! from its `layer_styles` table.

use super::{clients, export, json, need_gdal, need_qgis};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The package's layers, each the GeoJSON output of the same name.
const LAYERS: [&str; 7] = [
    "events",
    "movements",
    "journeys",
    "flows",
    "activity",
    "provinces",
    "places",
];

fn features(geojson: &Path) -> usize {
    json(geojson)["features"]
        .as_array()
        .map(Vec::len)
        .expect("features")
}

/// `ogrinfo -so` of one layer of the package.
fn layer_info(gpkg: &Path, layer: &str) -> String {
    let output = Command::new("ogrinfo")
        .args(["-ro", "-so"])
        .arg(gpkg)
        .arg(layer)
        .output()
        .expect("ogrinfo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{layer}: {stderr}");
    assert!(!stderr.contains("Warning"), "{layer}: {stderr}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// GDAL's GeoPackage validator (python3-gdal's samples), where it is installed.
fn validator() -> Option<PathBuf> {
    [
        "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py",
        "/usr/share/doc/python3-gdal/examples/validate_gpkg.py",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
}

/// Each layer of the package in `dir` has its GeoJSON layer's features, geometry type and
/// fields, typed as GDAL types the GeoJSON.
fn layers_match_the_geojson(dir: &Path) {
    let gpkg = dir.join("tonle.gpkg");
    for layer in LAYERS {
        let geojson = dir.join(format!("{layer}.geojson"));
        let info = layer_info(&gpkg, layer);
        let expected = features(&geojson);
        assert!(
            info.contains(&format!("Feature Count: {expected}\n")),
            "{layer}: {expected} features:\n{info}"
        );
        let geojson_info = super::ogrinfo(&geojson);
        let geometry = |info: &str| {
            info.lines()
                .find(|l| l.starts_with("Geometry: "))
                .map(str::to_owned)
        };
        assert_eq!(geometry(&info), geometry(&geojson_info), "{layer}");
        // Every property is a field, of the type GDAL gives it from the GeoJSON.
        let field_lines = |info: &str| -> Vec<String> {
            info.lines()
                .skip_while(|l| !l.starts_with("Geometry Column") && !l.starts_with("FID Column"))
                .filter(|l| l.contains(": ") && !l.contains("Column ="))
                .map(|l| {
                    l.replace("Integer64", "Integer")
                        .replace("Integer(Boolean)", "Integer")
                })
                .collect()
        };
        let ours = field_lines(&info);
        assert!(
            expected == 0 || !ours.is_empty(),
            "{layer}: no field\n{info}"
        );
        for line in field_lines(&geojson_info) {
            // GDAL types a GeoJSON property that is null everywhere as text; the package
            // gives the schema's type (a count none of the events gave is still a number).
            if line.contains(": String")
                && ours
                    .iter()
                    .any(|l| l.starts_with(&line[..=line.find(':').unwrap_or(0)]))
            {
                continue;
            }
            assert!(ours.contains(&line), "{layer}: {line} missing from\n{info}");
        }
    }
}

#[test]
#[ignore = "needs the real clients: bash tests/clients/setup.sh, then cargo test -- --include-ignored"]
fn gdal_reads_every_layer_of_the_geopackage_as_the_geojson_and_validates_it() {
    need_gdal();
    // The built-in dataset tells no journey; the fixture tells two.
    let journeys = export(&["--events", "tests/fixtures/good/journeys.csv"]);
    layers_match_the_geojson(journeys.path());
    let out = export(&[]);
    layers_match_the_geojson(out.path());
    let gpkg = out.path().join("tonle.gpkg");
    for (layer, dates) in [
        ("events", &["start", "end", "source_date"][..]),
        ("movements", &["start", "end"]),
        ("flows", &["start", "end"]),
        ("activity", &["start", "end"]),
    ] {
        let info = layer_info(&gpkg, layer);
        for field in dates {
            assert!(
                info.contains(&format!("\n{field}: Date ")),
                "{layer}: {field} is not Date:\n{info}"
            );
        }
    }
    let validate = validator().expect("GDAL's validate_gpkg.py (python3-gdal)");
    let output = Command::new("/usr/bin/python3")
        .arg(validate)
        .arg(&gpkg)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success() && output.stdout.is_empty(),
        "validate_gpkg.py: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
#[ignore = "needs the real clients: bash tests/clients/setup.sh, then cargo test -- --include-ignored"]
fn qgis_opens_every_layer_of_the_geopackage_valid_and_styled() {
    need_qgis();
    let out = export(&[]);
    let gpkg = out.path().join("tonle.gpkg");
    let output = Command::new("/usr/bin/python3")
        .arg(clients().join("qgis_gpkg.py"))
        .arg(&gpkg)
        .args(LAYERS)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    for layer in LAYERS {
        let r = &report[layer];
        assert_eq!(r["valid"], true, "{layer}: {r}");
        let expected = features(&out.path().join(format!("{layer}.geojson")));
        assert_eq!(r["features"], expected, "{layer}");
        assert_eq!(r["ids"], expected, "{layer}: every feature read");
    }
    // The styles of tonle.qgs, from layer_styles: events spread where they stack, around the
    // by-type renderer.
    for (layer, renderer, attribute) in [
        ("events", "pointDisplacement", Value::Null),
        ("movements", "categorizedSymbol", Value::from("type")),
        ("provinces", "graduatedSymbol", Value::from("events")),
        ("places", "singleSymbol", Value::Null),
    ] {
        let r = &report[layer];
        assert_eq!(r["renderer"], renderer, "{layer}: {r}");
        assert_eq!(r["renderer_attribute"], attribute, "{layer}: {r}");
        assert_eq!(r["default_style"], true, "{layer}: {r}");
    }
    assert_eq!(report["events"]["labels"], true);
    assert_eq!(report["events"]["fields"]["start"], "Date");
    for layer in ["events", "movements"] {
        let r = &report[layer];
        assert_eq!(r["start_field"], "start", "{layer}");
        assert_eq!(r["end_field"], "end", "{layer}");
        assert_eq!(r["limit_mode"], 1, "{layer}: the end day is included");
        assert_eq!(r["temporal_after_default_style"], true, "{layer}: {r}");
    }
    assert_eq!(report["places"]["temporal_after_default_style"], false);
}

//! The GeoPackage's own tables (GeoPackage 1.2: §1.1.2 `gpkg_spatial_ref_sys`, §1.1.3
//! `gpkg_contents`, §2.1.5 `gpkg_geometry_columns`, §2.1.6 the feature tables, F.3 the R-tree
//! spatial index, with GDAL's `gpkg_ogr_contents` feature counts and QGIS's `layer_styles`),
//! made once every layer has been gathered. Everything written is derived from the data:
//! `last_change` is the last day the events cover, not the clock, so the file is the same
//! bytes for the same input.

use super::geometry::SRS_ID;
use super::layer::Layer;
use rusqlite::{params, Connection};

/// WGS84 as GDAL writes it into `gpkg_spatial_ref_sys`.
const WGS84: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#;

/// The tables every GeoPackage of features has, and the two its readers use.
const CORE: &str = r"
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
  identifier TEXT UNIQUE, description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL,
  m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
  definition TEXT NOT NULL, scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
CREATE TABLE gpkg_ogr_contents (table_name TEXT NOT NULL PRIMARY KEY,
  feature_count INTEGER DEFAULT NULL);
CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256),
  f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256),
  styleName TEXT(30), styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT,
  owner TEXT(30), ui TEXT(30), update_time DATETIME);
";

/// The R-tree triggers of GeoPackage 1.2-1.3 (F.3), which GDAL and QGIS keep up to date on
/// edits; `{t}` is the table. They run only when a reader edits the layer (the package is
/// filled before they exist: the functions they call are the reader's).
const RTREE_TRIGGERS: &str = r#"
CREATE TRIGGER "rtree_{t}_geom_insert" AFTER INSERT ON "{t}"
WHEN (new."geom" NOT NULL AND NOT ST_IsEmpty(NEW."geom"))
BEGIN INSERT OR REPLACE INTO "rtree_{t}_geom" VALUES (NEW."fid",
  ST_MinX(NEW."geom"), ST_MaxX(NEW."geom"), ST_MinY(NEW."geom"), ST_MaxY(NEW."geom")); END;
CREATE TRIGGER "rtree_{t}_geom_update1" AFTER UPDATE OF "geom" ON "{t}"
WHEN OLD."fid" = NEW."fid" AND (NEW."geom" NOTNULL AND NOT ST_IsEmpty(NEW."geom"))
BEGIN INSERT OR REPLACE INTO "rtree_{t}_geom" VALUES (NEW."fid",
  ST_MinX(NEW."geom"), ST_MaxX(NEW."geom"), ST_MinY(NEW."geom"), ST_MaxY(NEW."geom")); END;
CREATE TRIGGER "rtree_{t}_geom_update2" AFTER UPDATE OF "geom" ON "{t}"
WHEN OLD."fid" = NEW."fid" AND (NEW."geom" ISNULL OR ST_IsEmpty(NEW."geom"))
BEGIN DELETE FROM "rtree_{t}_geom" WHERE id = OLD."fid"; END;
CREATE TRIGGER "rtree_{t}_geom_update3" AFTER UPDATE ON "{t}"
WHEN OLD."fid" != NEW."fid" AND (NEW."geom" NOTNULL AND NOT ST_IsEmpty(NEW."geom"))
BEGIN DELETE FROM "rtree_{t}_geom" WHERE id = OLD."fid";
  INSERT OR REPLACE INTO "rtree_{t}_geom" VALUES (NEW."fid",
  ST_MinX(NEW."geom"), ST_MaxX(NEW."geom"), ST_MinY(NEW."geom"), ST_MaxY(NEW."geom")); END;
CREATE TRIGGER "rtree_{t}_geom_update4" AFTER UPDATE ON "{t}"
WHEN OLD."fid" != NEW."fid" AND (NEW."geom" ISNULL OR ST_IsEmpty(NEW."geom"))
BEGIN DELETE FROM "rtree_{t}_geom" WHERE id IN (OLD."fid", NEW."fid"); END;
CREATE TRIGGER "rtree_{t}_geom_delete" AFTER DELETE ON "{t}" WHEN old."geom" NOT NULL
BEGIN DELETE FROM "rtree_{t}_geom" WHERE id = OLD."fid"; END;
CREATE TRIGGER "trigger_insert_feature_count_{t}" AFTER INSERT ON "{t}"
BEGIN UPDATE gpkg_ogr_contents SET feature_count = feature_count + 1
  WHERE lower(table_name) = lower('{t}'); END;
CREATE TRIGGER "trigger_delete_feature_count_{t}" AFTER DELETE ON "{t}"
BEGIN UPDATE gpkg_ogr_contents SET feature_count = feature_count - 1
  WHERE lower(table_name) = lower('{t}'); END;
"#;

/// An identifier in double quotes.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Makes the package's tables in `db`, from the gathered layers and their styles (by layer
/// name); `last_change` is an ISO 8601 instant.
pub fn build(
    db: &Connection,
    layers: &[Layer],
    styles: &[(&'static str, String)],
    last_change: &str,
) -> rusqlite::Result<()> {
    db.execute_batch(CORE)?;
    db.execute(
        "INSERT INTO gpkg_spatial_ref_sys VALUES
         ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
         ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
         ('WGS 84 geodetic', ?1, 'EPSG', 4326, ?2, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')",
        params![SRS_ID, WGS84],
    )?;
    for layer in layers {
        feature_table(db, layer, last_change)?;
    }
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change)
         VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS styles of the layers', ?1)",
        params![last_change],
    )?;
    for (name, qml) in styles {
        if layers.iter().any(|l| l.name == *name) {
            db.execute(
                "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name,
                 f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description,
                 owner, ui, update_time) VALUES ('', '', ?1, 'geom', ?1, ?2, '', 1,
                 'tonle', '', NULL, ?3)",
                params![name, qml, last_change],
            )?;
        }
    }
    Ok(())
}

/// One layer's table, filled from its scratch table, its R-tree and its rows in the
/// GeoPackage's tables.
fn feature_table(db: &Connection, layer: &Layer, last_change: &str) -> rusqlite::Result<()> {
    let t = layer.name;
    let geometry_type = match layer.geometry_types.as_slice() {
        [one] => *one,
        _ => "GEOMETRY",
    };
    let mut columns = format!(
        "CREATE TABLE {} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom {geometry_type}",
        quoted(t)
    );
    let mut names = String::from("fid, geom");
    let mut scratch = String::from("rowid, geom");
    for (i, c) in layer.columns.iter().enumerate() {
        let name = quoted(&c.name);
        columns.extend([", ", &name, " ", c.declared()]);
        names.extend([", ", &name]);
        scratch.extend([", c", &i.to_string()]);
    }
    columns.push_str(");");
    db.execute_batch(&columns)?;
    db.execute_batch(&format!(
        "INSERT INTO {table} ({names}) SELECT {scratch} FROM {from} ORDER BY rowid;
         CREATE VIRTUAL TABLE \"rtree_{t}_geom\" USING rtree(id, minx, maxx, miny, maxy);
         INSERT INTO \"rtree_{t}_geom\" SELECT rowid, minx, maxx, miny, maxy FROM {from}
           WHERE minx IS NOT NULL ORDER BY rowid;
         DROP TABLE {from};",
        table = quoted(t),
        from = layer.scratch,
    ))?;
    let extent = layer.extent.map(|[x0, x1, y0, y1]| [x0, y0, x1, y1]);
    db.execute(
        "INSERT INTO gpkg_contents VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            t,
            layer.description,
            last_change,
            extent.map(|e| e[0]),
            extent.map(|e| e[1]),
            extent.map(|e| e[2]),
            extent.map(|e| e[3]),
            SRS_ID
        ],
    )?;
    db.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', ?2, ?3, 0, 0)",
        params![t, geometry_type, SRS_ID],
    )?;
    db.execute(
        "INSERT INTO gpkg_extensions VALUES (?1, 'geom', 'gpkg_rtree_index',
         'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
        params![t],
    )?;
    db.execute(
        "INSERT INTO gpkg_ogr_contents VALUES (?1, ?2)",
        params![t, i64::try_from(layer.count).unwrap_or(i64::MAX)],
    )?;
    db.execute_batch(&RTREE_TRIGGERS.replace("{t}", t))
}

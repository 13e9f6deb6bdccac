//! Reading the gazetteer's CSV files, built-in and user-supplied, and merging an override
//! folder's rows into the built-in ones.

use super::build::Builder;
use super::files::{Row, Spec, ADMIN, COUNTRIES, PROVINCES, ZONES};
use super::Gazetteer;
use crate::diagnostics::{Code, Diagnostic};
use crate::table::{read_rows, utf8_field, Limits};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Why a gazetteer could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file in the override folder exists but could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The override folder does not exist or is not a folder.
    #[error("{} is not a folder; --gazetteer takes a folder holding provinces.csv, zones.csv, admin.csv and/or countries.csv", path.display())]
    NotAFolder {
        /// The path given.
        path: PathBuf,
    },
    /// Some rows are invalid.
    #[error("the gazetteer has {} error(s)", .0.len())]
    Invalid(Vec<Diagnostic>),
}

fn nfc(text: &str) -> String {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text.to_owned(),
        _ => text.nfc().collect(),
    }
}

fn read_table(
    file: &str,
    bytes: &[u8],
    spec: &Spec,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Row> {
    let mut rows = Vec::new();
    // Reading from memory cannot fail with an I/O error.
    let _ = read_rows(
        bytes,
        file,
        spec.columns,
        spec.required,
        Limits::default(),
        diagnostics,
        |header, line, record, diagnostics| {
            let mut fields = Vec::with_capacity(spec.columns.len());
            let mut columns = Vec::with_capacity(spec.columns.len());
            for (k, name) in spec.columns.iter().enumerate() {
                let column = header.position(k).map_or(0, |pos| pos as u64 + 1);
                let value = header.position(k).and_then(|pos| {
                    utf8_field(file, line, &record[pos], column, name, diagnostics)
                });
                let value = nfc(value.unwrap_or("").trim());
                if let Some(c) = crate::chars::hidden(&value) {
                    diagnostics.push(
                        Diagnostic::field(
                            file,
                            line,
                            column,
                            name,
                            Code::InvisibleCharacter,
                            format!(
                                "`{name}` holds the invisible character {}, which makes different names and ids look alike",
                                c.escape_unicode()
                            ),
                        )
                        .with_hint("delete it: retype the value, or paste it as plain text"),
                    );
                }
                fields.push(value);
                columns.push(column);
            }
            rows.push(Row {
                file: file.to_owned(),
                line,
                fields,
                columns,
            });
        },
    );
    rows
}

/// Reads the built-in table and, if the override folder has the same file, merges its rows
/// in: a row whose `id` is already there replaces it (a column the override file does not
/// have keeps the built-in value, so an older override folder keeps a zone's `code` and
/// `within`), a new `id` is added. Linear: one map from id to row.
pub(super) fn read_merged(
    spec: &Spec,
    dir: Option<&Path>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<Row>, LoadError> {
    let file = format!("<built-in>/gazetteer/{}", spec.name);
    let mut rows = read_table(&file, spec.builtin.as_bytes(), spec, diagnostics);
    let Some(dir) = dir else { return Ok(rows) };
    let path = dir.join(spec.name);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(rows),
        Err(source) => return Err(LoadError::Io { path, source }),
    };
    let extra = read_table(&path.display().to_string(), &bytes, spec, diagnostics);
    let mut at: HashMap<String, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.get(spec.columns, "id").to_owned(), i))
        .collect();
    let mut seen: HashMap<String, u64> = HashMap::with_capacity(extra.len());
    for row in extra {
        let id = row.get(spec.columns, "id").to_owned();
        if let Some(first) = seen.insert(id.clone(), row.line) {
            diagnostics.push(
                Diagnostic::line(
                    &row.file,
                    row.line,
                    Code::DuplicateId,
                    format!("id `{id}` is already used on line {first} of this file"),
                )
                .with_hint("give each place its own id"),
            );
            continue;
        }
        if let Some(&i) = at.get(&id) {
            let mut row = row;
            for (k, column) in row.columns.iter().enumerate() {
                if *column == 0 {
                    row.fields[k] = std::mem::take(&mut rows[i].fields[k]);
                }
            }
            rows[i] = row;
        } else {
            at.insert(id, rows.len());
            rows.push(row);
        }
    }
    Ok(rows)
}

impl Gazetteer {
    /// The gazetteer embedded in the binary.
    pub fn builtin() -> Result<Gazetteer, LoadError> {
        Gazetteer::load(None)
    }

    /// The built-in gazetteer with the rows of `dir` (any of `provinces.csv`, `zones.csv`,
    /// `admin.csv`, `countries.csv`) added or replacing rows with the same id.
    pub fn load(dir: Option<&Path>) -> Result<Gazetteer, LoadError> {
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(LoadError::NotAFolder {
                    path: dir.to_owned(),
                });
            }
        }
        let mut diagnostics = Vec::new();
        let provinces = read_merged(&PROVINCES, dir, &mut diagnostics)?;
        let zones = read_merged(&ZONES, dir, &mut diagnostics)?;
        let admin = read_merged(&ADMIN, dir, &mut diagnostics)?;
        let countries = read_merged(&COUNTRIES, dir, &mut diagnostics)?;
        let mut builder = Builder::default();
        builder.expect_countries(&countries);
        builder.provinces(&provinces, &mut diagnostics);
        builder.zones(&zones, &mut diagnostics);
        builder.admin(&admin, &mut diagnostics);
        builder.countries(&countries, &mut diagnostics);
        let gazetteer = builder.finish(&zones, &mut diagnostics);
        if diagnostics.is_empty() {
            Ok(gazetteer)
        } else {
            Err(LoadError::Invalid(diagnostics))
        }
    }
}

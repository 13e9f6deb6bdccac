//! Reading a `--sources` file with the event files' reader: CSV, TSV, `;`-separated text or a
//! workbook (its first sheet whose first row names the sources' columns), every cell located
//! as an event file's are (`sources.xlsx:Sources!C4`).

use super::Loader;
use crate::diagnostics::Report;
use crate::events::{SourceRow, Sources, SOURCE_COLUMNS};
use crate::input::{HeaderSpec, ReadError, Table};
use std::path::Path;
use std::sync::Arc;

impl Loader<'_> {
    /// Reads a sources file. `Ok(None)` when it has problems (each reported); an unreadable
    /// file is an error. `--sheet` is for the event files: a workbook's sheet of sources is
    /// found by its header.
    pub fn read_sources(
        &mut self,
        path: &Path,
        report: &mut dyn Report,
    ) -> Result<Option<Sources>, ReadError> {
        let spec = Arc::new(HeaderSpec::new(&SOURCE_COLUMNS, &SOURCE_COLUMNS[..2]));
        let events_spec = std::mem::replace(&mut self.spec, spec.clone());
        let sheet = self.options.sheet.take();
        let read = self.open_path(path, report, |this, source, report| {
            let Some(mut table) = Table::open(source, &spec, this.options.limits, report)? else {
                return Ok(None);
            };
            let positions: Vec<Option<u64>> = (0..SOURCE_COLUMNS.len())
                .map(|k| table.header().position(k).map(|p| p as u64 + 1))
                .collect();
            let mut rows = Vec::new();
            while let Some(row) = table.next(report)? {
                let cells = (0..SOURCE_COLUMNS.len())
                    .map(|k| {
                        let pos = row.header.position(k)?;
                        let text = row.row.cell(pos).into_text()?;
                        let text = text.trim();
                        (!text.is_empty()).then(|| text.to_owned())
                    })
                    .collect();
                rows.push(SourceRow {
                    at: row.at(),
                    cells,
                });
            }
            Ok(Some((rows, positions)))
        });
        self.spec = events_spec;
        self.options.sheet = sheet;
        let Some(Some((rows, positions))) = read? else {
            return Ok(None);
        };
        match Sources::from_rows(&rows, &positions) {
            Ok(sources) => Ok(Some(sources)),
            Err(found) => {
                for d in found {
                    report.report(d);
                }
                Ok(None)
            }
        }
    }
}

//! An .xlsx sheet, streamed: calamine's cell reader hands the cells in file order, and rows are
//! assembled from them one at a time, so a sheet of any length costs one row of memory (beside
//! the workbook's shared strings, which calamine holds).

use super::cells::{self, Spare};
use super::guard::guarded;
use super::{bad_workbook, too_long};
use crate::diagnostics::{InputName, Report};
use crate::input::{Cells, Limits, Next, ReadError, Row, Source, Value};
use crate::readings::dates::SerialSystem;
use calamine::XlsxCellReader;
use std::io::{Read, Seek};
use std::sync::Arc;

/// The rows of one .xlsx sheet.
pub struct XlsxSource<'a, RS: Read + Seek> {
    input: Arc<InputName>,
    cells: XlsxCellReader<'a, RS>,
    system: SerialSystem,
    limits: Limits,
    /// The first cell of the next row, read while finding where the last one ended.
    pending: Option<(u32, u32, Value)>,
    row: Cells,
    spare: Spare,
    stopped: bool,
    /// The cell reader said the sheet ended (asking it again is an error).
    ended: bool,
}

impl<'a, RS: Read + Seek> XlsxSource<'a, RS> {
    /// Rows from a sheet's cell reader.
    pub fn new(
        input: Arc<InputName>,
        cells: XlsxCellReader<'a, RS>,
        system: SerialSystem,
        limits: Limits,
    ) -> Self {
        XlsxSource {
            input,
            cells,
            system,
            limits,
            pending: None,
            row: Cells {
                line: 0,
                values: Vec::new(),
            },
            spare: Spare::default(),
            stopped: false,
            ended: false,
        }
    }

    /// The next cell with its 0-based row and column, `None` at the end of the sheet.
    /// What went wrong is calamine's error, or its panic on a damaged part.
    fn next_cell(&mut self) -> Result<Option<(u32, u32, Value)>, String> {
        if let Some(cell) = self.pending.take() {
            return Ok(Some(cell));
        }
        if self.ended {
            return Ok(None);
        }
        let (reader, spare) = (&mut self.cells, &mut self.spare);
        let next = guarded(|| {
            reader.next_cell().map(|next| {
                next.map(|cell| {
                    let (row, column) = cell.get_position();
                    let value = cells::from_ref(cell.get_value().clone(), spare);
                    (row, column, value)
                })
            })
        })?
        .map_err(|e| e.to_string())?;
        self.ended = next.is_none();
        Ok(next)
    }

    /// Reads the cells of the next row that holds a value into `self.row`: `false` at the end.
    fn read_row(&mut self, report: &mut dyn Report) -> bool {
        let mut current = None;
        let mut any = false;
        loop {
            let (row, column, value) = match self.next_cell() {
                Ok(Some(cell)) => cell,
                Ok(None) if any => return true,
                Ok(None) => return false,
                Err(e) => {
                    let line = current.map_or(self.row.line, |r: u32| u64::from(r) + 1);
                    report.report(bad_workbook(&self.input, line, &e));
                    self.stopped = true;
                    return false;
                }
            };
            match current {
                Some(r) if r != row && any => {
                    self.pending = Some((row, column, value));
                    return true;
                }
                Some(r) if r == row => {}
                // A new row, or the row before held nothing: start afresh.
                _ => {
                    self.spare.recycle(&mut self.row.values);
                    self.row.line = u64::from(row) + 1;
                    current = Some(row);
                }
            }
            if value == Value::Empty {
                continue;
            }
            if let Value::Text(text) = &value {
                if text.len() as u64 > self.limits.max_field_bytes {
                    let column = u64::from(column) + 1;
                    report.report(too_long(
                        &self.input,
                        self.row.line,
                        column,
                        text.len(),
                        self.limits,
                    ));
                    self.stopped = true;
                    return false;
                }
            }
            let pos = column as usize;
            if self.row.values.len() <= pos {
                self.row.values.resize(pos + 1, Value::Empty);
            }
            self.row.values[pos] = value;
            any = true;
        }
    }
}

impl<RS: Read + Seek> Source for XlsxSource<'_, RS> {
    fn input(&self) -> &Arc<InputName> {
        &self.input
    }

    fn advance(&mut self, report: &mut dyn Report) -> Result<Next, ReadError> {
        if self.stopped {
            return Ok(Next::Stopped);
        }
        if self.read_row(report) {
            Ok(Next::Row)
        } else if self.stopped {
            Ok(Next::Stopped)
        } else {
            Ok(Next::End)
        }
    }

    fn row(&self) -> &dyn Row {
        &self.row
    }

    fn detach(&mut self) -> crate::input::Detached {
        crate::input::Detached::Cells(self.row.clone())
    }

    fn date_system(&self) -> Option<SerialSystem> {
        Some(self.system)
    }

    fn loose_width(&self) -> bool {
        true
    }
}

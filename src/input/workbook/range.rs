//! A sheet calamine reads whole (.xls, .ods, .xlsb: their formats cannot be streamed), handed
//! out row by row. The range starts at its first used cell; positions are put back on the
//! sheet's own grid, so that column C is column C in every message.

use super::cells;
use super::too_long;
use crate::diagnostics::{InputName, Report};
use crate::input::{Cells, Limits, Next, ReadError, Row, Source, Value};
use crate::readings::dates::SerialSystem;
use calamine::{Data, Range};
use std::sync::Arc;

/// The rows of one sheet read whole.
pub struct RangeSource {
    input: Arc<InputName>,
    range: Range<Data>,
    system: SerialSystem,
    limits: Limits,
    /// The next row of the range to hand out, 0-based within it.
    next: usize,
    row: Cells,
    stopped: bool,
}

impl RangeSource {
    /// Rows from a sheet's range.
    pub fn new(
        input: Arc<InputName>,
        range: Range<Data>,
        system: SerialSystem,
        limits: Limits,
    ) -> Self {
        RangeSource {
            input,
            range,
            system,
            limits,
            next: 0,
            row: Cells {
                line: 0,
                values: Vec::new(),
            },
            stopped: false,
        }
    }
}

impl Source for RangeSource {
    fn input(&self) -> &Arc<InputName> {
        &self.input
    }

    fn advance(&mut self, report: &mut dyn Report) -> Result<Next, ReadError> {
        if self.stopped {
            return Ok(Next::Stopped);
        }
        let (top, left) = self.range.start().unwrap_or((0, 0));
        let (height, width) = self.range.get_size();
        while self.next < height {
            let at = self.next;
            self.next += 1;
            self.row.values.clear();
            self.row.line = u64::from(top) + at as u64 + 1;
            let mut any = false;
            for column in 0..width {
                let value = self
                    .range
                    .get((at, column))
                    .map_or(Value::Empty, cells::from_data);
                if value == Value::Empty {
                    continue;
                }
                let pos = left as usize + column;
                if let Value::Text(text) = &value {
                    if text.len() as u64 > self.limits.max_field_bytes {
                        let line = self.row.line;
                        report.report(too_long(
                            &self.input,
                            line,
                            pos as u64 + 1,
                            text.len(),
                            self.limits,
                        ));
                        self.stopped = true;
                        return Ok(Next::Stopped);
                    }
                }
                if self.row.values.len() <= pos {
                    self.row.values.resize(pos + 1, Value::Empty);
                }
                self.row.values[pos] = value;
                any = true;
            }
            if any {
                return Ok(Next::Row);
            }
        }
        Ok(Next::End)
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

impl RangeSource {
    /// Back to the first row, after a look at it.
    pub fn rewind(&mut self) {
        self.next = 0;
    }
}

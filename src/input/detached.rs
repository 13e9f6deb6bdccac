//! A row taken out of its source, so that it can be checked on another thread while the
//! source reads on (`crate::read`'s parallel path). A detached row owns its cells: the CSV
//! source hands its row over and starts the next afresh; a workbook's row is copied.

use super::csv_row::CsvRow;
use super::{Cell, Cells, Row};

/// A source's current row, owned: a CSV record as it was read (its bytes checked as UTF-8
/// once), or a workbook's typed cells.
#[derive(Debug, Clone)]
pub enum Detached {
    /// A row of delimited text.
    Csv(CsvRow),
    /// A row of a workbook.
    Cells(Cells),
}

impl Detached {
    fn inner(&self) -> &dyn Row {
        match self {
            Detached::Csv(row) => row,
            Detached::Cells(row) => row,
        }
    }
}

impl Row for Detached {
    fn line(&self) -> u64 {
        self.inner().line()
    }

    fn width(&self) -> usize {
        self.inner().width()
    }

    fn cell(&self, pos: usize) -> Cell<'_> {
        self.inner().cell(pos)
    }

    fn is_blank(&self, pos: usize) -> bool {
        self.inner().is_blank(pos)
    }

    fn size_hint(&self, pos: usize) -> usize {
        self.inner().size_hint(pos)
    }

    fn raw(&self, pos: usize) -> Option<&[u8]> {
        self.inner().raw(pos)
    }
}

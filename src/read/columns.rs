//! Where each input read has each known column, kept after reading so that a finding made
//! later (`tonle check`'s) points at a cell as the row checker's do.

use crate::diagnostics::{InputName, Location};
use crate::schema::Col;
use std::sync::Arc;

/// Where each input read has each known column (1-based), so that a finding made after reading
/// (`tonle check`) points at a cell as the row checker's do.
#[derive(Debug, Clone, Default)]
pub struct ColumnsAt(Vec<(Arc<InputName>, Vec<Option<u64>>)>);

impl ColumnsAt {
    /// The cell of column `col` in the row at `line` of `input` (no column when the input has
    /// none).
    pub fn cell(&self, input: &Arc<InputName>, line: u64, col: Col) -> Location {
        let column = self
            .0
            .iter()
            .find(|(i, _)| Arc::ptr_eq(i, input) || **i == **input)
            .and_then(|(_, at)| at.get(col as usize).copied().flatten());
        Location {
            input: input.clone(),
            line,
            column,
        }
    }
}

impl ColumnsAt {
    /// Notes where `input` has each known column (`None` for one it lacks), in schema order.
    pub(super) fn push(&mut self, input: Arc<InputName>, at: Vec<Option<u64>>) {
        self.0.push((input, at));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_found_by_input_and_column() {
        let input = InputName::file("a.csv");
        let mut at = ColumnsAt::default();
        let mut columns = vec![None; Col::all().count()];
        columns[Col::Status as usize] = Some(7);
        at.push(input.clone(), columns);
        assert_eq!(at.cell(&input, 3, Col::Status).column, Some(7));
        assert_eq!(at.cell(&input, 3, Col::Notes).column, None);
        let other = InputName::file("b.csv");
        assert_eq!(at.cell(&other, 3, Col::Status).column, None);
        assert_eq!(at.cell(&other, 3, Col::Status).line, 3);
    }
}

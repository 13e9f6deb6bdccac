//! Extra columns: the columns of a sheet that tonle does not know (`Notes`, `Reporter`,
//! `Case number`), kept rather than refused. Their values are carried as text, unchecked, after
//! the known columns of events.geojson, movements.geojson and events.csv.
//!
//! A run's extra columns ([`ExtraColumns`]) are the union of its inputs', in order of first
//! appearance; each input's ([`InputExtras`]) says where its own sit in that union, and each
//! event keeps the values of its input's columns ([`Extras`]). An event of a file without extra
//! columns holds nothing.

use crate::schema::Col;
use std::sync::Arc;

/// The extra columns of a run, in order of first appearance across its inputs: what the
/// outputs write after the known columns, and what the CSV header lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtraColumns {
    /// The property names, as the outputs write them.
    names: Vec<Arc<str>>,
    /// What makes two inputs' columns one column (`crate::input::extra_key`).
    keys: Vec<String>,
    /// Columns left out of the outputs (private ones), by index.
    hidden: Vec<usize>,
    /// Private known columns (`notes`) the outputs write after the extra columns: only in an
    /// internal export.
    revealed: Vec<Col>,
}

impl ExtraColumns {
    /// The property names, in order.
    pub fn names(&self) -> impl ExactSizeIterator<Item = &str> {
        self.names.iter().map(|n| &**n)
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The index of the column with this key, if the run has it.
    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.keys.iter().position(|k| k == key)
    }

    /// The property name of column `index`.
    pub fn name(&self, index: usize) -> Option<&Arc<str>> {
        self.names.get(index)
    }

    /// Whether a property name is already taken by one of the columns.
    pub fn has_name(&self, name: &str) -> bool {
        self.names.iter().any(|n| n.eq_ignore_ascii_case(name))
    }

    /// Adds a column (the caller checked that its key is new); returns its index.
    pub fn push(&mut self, key: String, name: Arc<str>) -> usize {
        self.keys.push(key);
        self.names.push(name);
        self.names.len() - 1
    }

    /// Leaves column `index` out of the outputs (a private column), the other columns keeping
    /// their indices (the events' values are found by index).
    pub fn hide(&mut self, index: usize) {
        if !self.hidden.contains(&index) {
            self.hidden.push(index);
        }
    }

    /// Writes the private known column `col` after the extra columns (an internal export).
    pub fn reveal(&mut self, col: Col) {
        if !self.revealed.contains(&col) {
            self.revealed.push(col);
        }
    }

    /// The private known columns the outputs write after the extra columns.
    pub fn revealed(&self) -> &[Col] {
        &self.revealed
    }

    /// Whether column `index` is left out of the outputs.
    pub fn is_hidden(&self, index: usize) -> bool {
        self.hidden.contains(&index)
    }

    /// The columns the outputs write, each with its index, in order: all but the hidden ones.
    pub fn visible(&self) -> impl Iterator<Item = (usize, &str)> {
        self.names
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.hidden.contains(i))
            .map(|(i, n)| (i, &**n))
    }
}

/// One input's extra columns, in the input's order: each one's index among the run's
/// [`ExtraColumns`] and its property name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputExtras {
    columns: Vec<(usize, Arc<str>)>,
}

impl InputExtras {
    /// From (run index, property name) pairs in the input's order.
    pub fn new(columns: Vec<(usize, Arc<str>)>) -> Self {
        InputExtras { columns }
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.columns.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }
}

/// What separates the values of one event: no cell holds it (a NUL is an unreadable cell).
const SEPARATOR: char = '\0';

/// One event's values of its input's extra columns, in one string.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Extras(
    #[serde(with = "crate::io::spill::shared_pair")] Option<(Arc<InputExtras>, Box<str>)>,
);

impl Extras {
    /// The values of `columns` (one per column, in the input's order; none may hold a NUL);
    /// nothing is kept when every value is empty.
    pub fn new<'v>(columns: &Arc<InputExtras>, values: impl IntoIterator<Item = &'v str>) -> Self {
        let mut text = String::new();
        let mut any = false;
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                text.push(SEPARATOR);
            }
            any |= !value.is_empty();
            text.push_str(value);
        }
        if any {
            Extras(Some((columns.clone(), text.into_boxed_str())))
        } else {
            Extras(None)
        }
    }

    /// The bytes of the values, for estimates of memory.
    pub fn text_len(&self) -> usize {
        self.0.as_ref().map_or(0, |(_, text)| text.len())
    }

    /// Each extra column of the event's input with its value (empty when blank), in the
    /// input's order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().flat_map(|(columns, text)| {
            columns
                .columns
                .iter()
                .map(|(_, name)| &**name)
                .zip(text.split(SEPARATOR))
        })
    }

    /// The value of the run's extra column `index` ([`ExtraColumns`]), `None` when the event's
    /// input has no such column or the cell is blank.
    pub fn get(&self, index: usize) -> Option<&str> {
        let (columns, text) = self.0.as_ref()?;
        let at = columns.columns.iter().position(|(i, _)| *i == index)?;
        text.split(SEPARATOR).nth(at).filter(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_back_by_input_order_and_by_run_index() {
        let mut run = ExtraColumns::default();
        let notes = run.push("notes".to_owned(), "Notes".into());
        let reporter = run.push("reporter".to_owned(), "Reporter".into());
        // This input has the run's columns the other way round.
        let columns = Arc::new(InputExtras::new(vec![
            (reporter, "Reporter".into()),
            (notes, "Notes".into()),
        ]));
        let extras = Extras::new(&columns, ["Ana", ""]);
        assert_eq!(
            extras.iter().collect::<Vec<_>>(),
            [("Reporter", "Ana"), ("Notes", "")]
        );
        assert_eq!(extras.get(reporter), Some("Ana"));
        assert_eq!(extras.get(notes), None, "blank");
        assert_eq!(extras.get(7), None, "not this input's");
        assert_eq!(Extras::new(&columns, ["", ""]), Extras::default());
        assert_eq!(Extras::default().iter().count(), 0);
        assert_eq!(run.names().collect::<Vec<_>>(), ["Notes", "Reporter"]);
        assert!(run.has_name("NOTES"));
        run.hide(notes);
        assert_eq!(run.visible().collect::<Vec<_>>(), [(reporter, "Reporter")]);
        assert_eq!(run.index_of("reporter"), Some(reporter), "indices are kept");
    }
}

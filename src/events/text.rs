//! An event's text columns in one string.

use crate::schema::{Col, TEXT_SLOTS};

/// An event's text columns in one string, one allocation a row instead of one a column: a
/// million events cost a million allocations, not ten million. The slots are the schema's
/// text columns in schema order ([`Col::slot`]). Lists are kept in their canonical
/// `;`-separated form, which is also how every output writes them.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct EventText {
    text: String,
    /// Where each slot ends; a slot starts where the one before ends.
    ends: [usize; TEXT_SLOTS],
}

impl EventText {
    /// The value of a text column; empty for a column that is not one.
    pub fn get(&self, col: Col) -> &str {
        col.slot().map_or("", |slot| self.slot(slot))
    }

    /// The same text with the columns `cols` emptied: what a public export keeps of a row
    /// whose private or withheld columns must not reach any output.
    #[must_use]
    pub fn without(&self, cols: &[Col]) -> EventText {
        let empty: Vec<(Col, &str)> = cols.iter().map(|c| (*c, "")).collect();
        self.with(&empty)
    }

    /// The same text with the columns of `values` set to those values (canonical, as the row
    /// checker writes them): a row's sources once its `source_id`s are resolved.
    #[must_use]
    pub fn with(&self, values: &[(Col, &str)]) -> EventText {
        let mut out = TextBuilder::with_capacity(self.text.len());
        for col in Col::all().filter(|c| c.slot().is_some()) {
            match values.iter().find(|(c, _)| *c == col) {
                Some((_, value)) => out.push(value),
                None => out.push(self.get(col)),
            }
            out.end();
        }
        out.finish()
    }

    /// The bytes held for the text, for estimates of memory.
    pub fn capacity(&self) -> usize {
        self.text.capacity()
    }

    fn slot(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..self.ends[i]).unwrap_or("")
    }
}

/// Writes an event's text columns, slot by slot in schema order, into one [`EventText`].
#[derive(Debug, Default)]
pub struct TextBuilder {
    text: EventText,
    /// Slots finished so far.
    done: usize,
}

impl std::fmt::Write for TextBuilder {
    /// Adds formatted text to the current slot.
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.push(s);
        Ok(())
    }
}

impl TextBuilder {
    /// A builder with room for `bytes` of text.
    pub fn with_capacity(bytes: usize) -> Self {
        TextBuilder {
            text: EventText {
                text: String::with_capacity(bytes),
                ends: [0; TEXT_SLOTS],
            },
            done: 0,
        }
    }

    fn start(&self) -> usize {
        if self.done == 0 {
            0
        } else {
            self.text.ends[self.done - 1]
        }
    }

    /// Adds one item to the current list slot, `;`-separated from the one before.
    pub fn item(&mut self, item: &str) {
        if self.text.text.len() > self.start() {
            self.text.text.push(';');
        }
        self.text.text.push_str(item);
    }

    /// Adds text to the current slot.
    pub fn push(&mut self, text: &str) {
        self.text.text.push_str(text);
    }

    /// Finishes the current slot.
    pub fn end(&mut self) {
        if self.done < TEXT_SLOTS {
            self.text.ends[self.done] = self.text.text.len();
            self.done += 1;
        }
    }

    /// Adds a whole slot.
    pub fn field(&mut self, text: &str) {
        self.push(text);
        self.end();
    }

    /// The text; slots never written are empty.
    pub fn finish(mut self) -> EventText {
        while self.done < TEXT_SLOTS {
            self.end();
        }
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `values` (one per text column, in slot order; lists as slices) and reads them back.
    #[test]
    fn text_columns_come_back_as_written_and_lists_canonical() {
        let mut b = TextBuilder::with_capacity(8);
        for col in Col::all().filter(|c| c.slot().is_some()) {
            match col {
                Col::Id => b.field("kh-1"),
                Col::Nationalities => {
                    b.item("CN:62");
                    b.item("VN");
                    b.end();
                }
                Col::Description => b.field("Sihanoukville, ครั้ง ១"),
                Col::Tags => break, // never written, so empty
                _ => b.end(),
            }
        }
        let text = b.finish();
        assert_eq!(text.get(Col::Id), "kh-1");
        assert_eq!(text.get(Col::Nationalities), "CN:62;VN");
        assert_eq!(text.get(Col::Source), "");
        assert_eq!(text.get(Col::Description), "Sihanoukville, ครั้ง ១");
        assert_eq!(text.get(Col::Tags), "");
        assert_eq!(text.get(Col::Date), "", "not a text column");
        let without = text.without(&[Col::Id]);
        assert_eq!(without.get(Col::Id), "");
        assert_eq!(without.get(Col::Nationalities), "CN:62;VN");
        assert_eq!(without.get(Col::Description), "Sihanoukville, ครั้ง ១");
    }
}

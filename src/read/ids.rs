//! Ids seen so far in a run, so that a duplicate in a second file is caught too; and the ids
//! made for a sheet that has no `id` column.

use crate::diagnostics::{Code, Diagnostic, InputName, Location};
use crate::events::Event;
use crate::schema::Col;
use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Ids read so far, by a 64-bit hash of the id, with the row where each was first read as one
/// number (see [`Ids::inputs`]): 16 bytes an id however long, so a million rows cost tens of
/// megabytes, not hundreds. Two different ids sharing a hash (about one chance in 10^7 for a
/// million ids) would be reported as a duplicate.
#[derive(Debug, Default)]
pub struct Ids {
    /// Id hash -> the row it was first read on, numbered across the run's inputs.
    seen: HashMap<u64, u64>,
    /// Each input with the row number its line 0 has: lines of later inputs count on from
    /// the last line of the one before.
    inputs: Vec<(Arc<InputName>, u64)>,
    /// The highest row number so far.
    last: u64,
}

impl Ids {
    /// Records an event's id; a second use is a finding at `column` (the id's; none for an id
    /// made from the row), naming where the first was.
    pub fn first_use(&mut self, event: &Event, column: Option<u64>) -> Result<(), Diagnostic> {
        // SipHash with fixed keys: the same ids give the same hashes on every run.
        // Compared in NFC: `é` typed as one character or as `e` and a combining accent is
        // one id.
        let mut hasher = std::hash::DefaultHasher::new();
        nfc(event.id()).hash(&mut hasher);
        let key = hasher.finish();
        if !self
            .inputs
            .last()
            .is_some_and(|(i, _)| Arc::ptr_eq(i, &event.input))
        {
            self.inputs.push((event.input.clone(), self.last));
        }
        let base = self.inputs.last().map_or(0, |(_, base)| *base);
        // Lines start at 1, so a row number is always above its input's base.
        let row = base + event.line;
        // One probe of the table: it is far bigger than the cache, so each probe is a miss.
        let first = match self.seen.entry(key) {
            Entry::Vacant(slot) => {
                slot.insert(row);
                self.last = self.last.max(row);
                return Ok(());
            }
            Entry::Occupied(seen) => *seen.get(),
        };
        let (file, line) = self.place(first);
        let at = Location {
            input: event.input.clone(),
            line: event.line,
            column,
        };
        Err(Diagnostic::new(
            at,
            Code::DuplicateId,
            format!("id `{}` is already used at {file}:{line}", event.id()),
        )
        .with_field(Col::Id.name())
        .with_hint("ids are unique and never reused: give this event a new id"))
    }

    /// The file and line of a row number.
    fn place(&self, row: u64) -> (&str, u64) {
        let i = self.inputs.partition_point(|(_, base)| *base < row);
        match i.checked_sub(1).and_then(|i| self.inputs.get(i)) {
            Some((input, base)) => (&input.file, row - base),
            None => ("?", row),
        }
    }
}

/// The id in Unicode's composed form (NFC), borrowed when it already is (nearly always).
fn nfc(id: &str) -> Cow<'_, str> {
    match is_nfc_quick(id.chars()) {
        IsNormalized::Yes => Cow::Borrowed(id),
        _ => Cow::Owned(id.nfc().collect()),
    }
}

/// The start of the ids made for the rows of a file with no `id` column: its name without
/// extension or folders, in lower case, each run of other characters than letters and digits
/// one hyphen (`My events 2022.xlsx` gives `my-events-2022`, and its row 7 `my-events-2022-7`).
/// Standard input is `stdin`.
pub fn stem(file: &str) -> String {
    if file == "-" {
        return "stdin".to_owned();
    }
    let name = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "row".to_owned()
    } else {
        out.to_owned()
    }
}

/// The id made for the row at `line` of a file whose ids start with `stem`.
pub fn made(stem: &str, line: u64) -> String {
    format!("{stem}-{line}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_ids_come_from_the_file_name_and_row() {
        assert_eq!(made(&stem("data/events.xlsx"), 7), "events-7");
        assert_eq!(stem("My Events (2022).xlsx"), "my-events-2022");
        assert!(!stem("ព្រឹត្តិការណ៍.csv").is_empty());
        assert_eq!(stem("-"), "stdin");
        assert_eq!(stem("__.csv"), "row");
        assert_eq!(stem("a/b.c/Ev_ents.v2.xlsx"), "ev-ents-v2");
    }

    #[test]
    fn ids_are_compared_in_nfc() {
        assert_eq!(nfc("kh-caf\u{e9}"), nfc("kh-cafe\u{301}"));
        assert!(matches!(nfc("kh-2022-001"), Cow::Borrowed(_)));
    }
}

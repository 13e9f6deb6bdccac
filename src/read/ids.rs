//! Ids seen so far in a run, so that a duplicate in a second file is caught too; and the ids
//! made for a sheet that has no `id` column.

use crate::diagnostics::{Code, Diagnostic, InputName, Location, Severity};
use crate::events::Event;
use crate::schema::Col;
use std::borrow::Cow;
use std::hash::BuildHasher;
use std::sync::Arc;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Ids read so far, each with the row where it was first read as one number (see
/// [`Ids::inputs`]). The ids themselves are kept, end to end in one string, so that a hash
/// match is checked against the id: two ids that share a hash are still two ids. A fast
/// non-cryptographic hash (foldhash, fixed seed) finds the candidates; about 40 bytes an id,
/// so a million rows cost tens of megabytes.
#[derive(Default)]
pub struct Ids {
    /// Positions in `seen`, found by the hash of their id.
    table: hashbrown::HashTable<u32>,
    /// Each id's row and where its text ends in `text` (it starts where the one before ends).
    seen: Vec<(u64, usize)>,
    /// Every id, end to end.
    text: String,
    /// Each input with the row number its line 0 has: lines of later inputs count on from
    /// the last line of the one before.
    inputs: Vec<(Arc<InputName>, u64)>,
    /// The highest row number so far.
    last: u64,
}

/// The hash of ids: fixed, so that runs behave the same.
const HASH: foldhash::fast::FixedState = foldhash::fast::FixedState::with_seed(0x0074_6f6e_6c65);

impl Ids {
    /// The id at `position` of `seen`.
    fn id(&self, position: u32) -> &str {
        let at = position as usize;
        let start = at.checked_sub(1).map_or(0, |p| self.seen[p].1);
        self.text.get(start..self.seen[at].1).unwrap_or("")
    }

    /// The row of `id` if it was seen; else records it at `row`.
    fn first_row(&mut self, id: &str, row: u64) -> Option<u64> {
        let hash = HASH.hash_one(id);
        if let Some(&at) = self.table.find(hash, |&at| self.id(at) == id) {
            return Some(self.seen[at as usize].0);
        }
        // Past 4 billion ids (far past any input's row limit) positions would wrap; a wrapped
        // one only makes a message name the wrong earlier row.
        let position = u32::try_from(self.seen.len()).unwrap_or(u32::MAX);
        self.text.push_str(id);
        self.seen.push((row, self.text.len()));
        let (seen, text) = (&self.seen, &self.text);
        self.table.insert_unique(hash, position, |&at| {
            let at = at as usize;
            let start = at.checked_sub(1).map_or(0, |p| seen[p].1);
            HASH.hash_one(text.get(start..seen[at].1).unwrap_or(""))
        });
        None
    }

    /// Records an event's id; a second use is a finding at `column` (the id's; none for an id
    /// made from the row), naming where the first was.
    pub fn first_use(&mut self, event: &Event, column: Option<u64>) -> Result<(), Diagnostic> {
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
        // Compared in NFC: `é` typed as one character or as `e` and a combining accent is one
        // id.
        let Some(first) = self.first_row(&nfc(event.id()), row) else {
            self.last = self.last.max(row);
            return Ok(());
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

/// The note that a file's ids are made from its name and rows.
pub(super) fn made_ids(at: &Location, stem: &str) -> Diagnostic {
    Diagnostic::new(
        at.clone(),
        Code::GeneratedIds,
        format!(
            "no `id` column: each row's id is made from the file name and row number (`{}` for row {})",
            made(stem, at.line + 1),
            at.line + 1
        ),
    )
    .with_severity(Severity::Note)
    .with_hint("these ids change when rows move; to keep them, add an `id` column (`tonle fix` writes one)")
}

/// The error that two files' made ids would collide.
pub(super) fn same_made_ids(at: &Location, stem: &str, other: &str) -> Diagnostic {
    Diagnostic::new(
        at.clone(),
        Code::GeneratedIds,
        format!(
            "no `id` column, and the ids made from this file's name (`{}`) would be those made for `{other}`",
            made(stem, 2)
        ),
    )
    .with_hint("add an `id` column to one of the two files, or rename one")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids that share their first letters, their length, or nothing: each is new once, and
    /// seen again after (an exact check, whatever the hashes do).
    #[test]
    fn every_id_is_new_once_and_found_again_with_its_row() {
        let mut ids = Ids::default();
        let all: Vec<String> = (0..20_000)
            .map(|i| format!("kh-{i}"))
            .chain(["", "a", "ab", "ba", "é", "kh-1 "].map(str::to_owned))
            .collect();
        for (row, id) in (1..).zip(&all) {
            assert_eq!(ids.first_row(id, row), None, "{id:?}");
        }
        for (row, id) in (1..).zip(&all) {
            assert_eq!(ids.first_row(id, 999_999), Some(row), "{id:?}");
        }
    }

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

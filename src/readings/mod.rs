//! Readings: how a cell an analyst wrote (`15/09/2022`, `Sept 2022`, `30+`, `62 Chinese`,
//! `Police raid`) becomes the canonical value tonle stores (EDTF `2022-09-15`, a count with its
//! count_note, `CN:62`, `raid`), by stated rules.
//!
//! Every function here is pure: text (or a spreadsheet number) in, a [`Reading`] or a
//! [`ReadingError`] out, with no file, line or column; the reader adds those. A reading that
//! changed the cell carries one [`Note`] naming the [`Rule`]s applied, which the reader reports
//! and `tonle fix` prints as its change report. A cell already in canonical form gives the
//! same value back with no note, so reading the output of any reading changes nothing. Where a
//! cell can mean two things (`05/04/2023`, `1,310`, `Korean`) the answer is an error giving
//! both readings, never a guess. The rules, with examples, are listed in docs/readings.md.

pub mod counts;
pub mod dates;
pub mod nationalities;
mod rules;
pub mod types;

pub use rules::{Example, Given, Rule, RuleKind};

use std::fmt::Write as _;

/// A cell read into its canonical value, with the note saying how, when anything changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading<T> {
    /// The canonical value.
    pub value: T,
    /// How the cell was read; `None` when it was already canonical.
    pub note: Option<Note>,
}

impl<T> Reading<T> {
    /// A cell that was already canonical.
    pub fn unchanged(value: T) -> Self {
        Reading { value, note: None }
    }
}

/// One rule applied to a cell, with what it saw (`the column has 15/09/2022`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The rule.
    pub rule: Rule,
    /// What decided it, when the rule's label alone does not say.
    pub detail: Option<String>,
}

impl Applied {
    /// A rule with nothing more to say.
    pub fn rule(rule: Rule) -> Self {
        Applied { rule, detail: None }
    }

    /// A rule with what decided it.
    pub fn with(rule: Rule, detail: impl Into<String>) -> Self {
        Applied {
            rule,
            detail: Some(detail.into()),
        }
    }
}

/// How one cell was read: one line of `tonle fix`'s change report, and one `note` diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The cell as written (trimmed).
    pub before: String,
    /// What it was read as, as the canonical file writes it (empty for a blank).
    pub after: String,
    /// The rules applied, each once, in the order they applied.
    pub applied: Vec<Applied>,
}

impl Note {
    /// A note for a cell read by `applied`; rules named twice are merged, their details joined.
    pub fn new(before: &str, after: impl Into<String>, applied: Vec<Applied>) -> Self {
        let mut merged: Vec<Applied> = Vec::with_capacity(applied.len());
        for a in applied {
            match merged.iter_mut().find(|m| m.rule == a.rule) {
                Some(m) => match (&mut m.detail, a.detail) {
                    (Some(d), Some(more)) if !d.contains(&more) => {
                        d.push_str(", ");
                        d.push_str(&more);
                    }
                    (None, more @ Some(_)) => m.detail = more,
                    _ => {}
                },
                None => merged.push(a),
            }
        }
        Note {
            before: before.to_owned(),
            after: after.into(),
            applied: merged,
        }
    }

    /// The rules' ids joined by `+` (`date-approximate+date-month-name`): the change report's
    /// rule column, stable across versions.
    pub fn rule_ids(&self) -> String {
        let ids: Vec<&str> = self.applied.iter().map(|a| a.rule.id()).collect();
        ids.join("+")
    }

    /// The note for people: `read "Sept 2022" as 2022-09 (English month name)`.
    pub fn text(&self) -> String {
        let mut out = format!("read \"{}\" as ", self.before);
        if self.after.is_empty() {
            out.push_str("blank");
        } else {
            out.push_str(&self.after);
        }
        out.push_str(" (");
        for (i, a) in self.applied.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            out.push_str(a.rule.label());
            if let Some(detail) = &a.detail {
                // Writing to a String cannot fail.
                let _ = write!(out, ": {detail}");
            }
        }
        out.push(')');
        out
    }
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

/// Why a cell could not be read: what was wrong, what would be right, and, when the cell can
/// mean more than one thing, every canonical value it could mean.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ReadingError {
    /// A stable code for the kind of problem (`ambiguous-date`), as diagnostics carry.
    pub code: &'static str,
    /// What is wrong, naming the cell's text.
    pub message: String,
    /// What would be right.
    pub hint: String,
    /// The canonical values an ambiguous cell could mean (empty when it means none).
    pub readings: Vec<String>,
}

impl ReadingError {
    /// A problem with no competing readings.
    pub fn new(code: &'static str, message: impl Into<String>, hint: impl Into<String>) -> Self {
        ReadingError {
            code,
            message: message.into(),
            hint: hint.into(),
            readings: Vec::new(),
        }
    }

    /// A cell that can mean each of `readings`.
    #[must_use]
    pub fn with_readings(mut self, readings: Vec<String>) -> Self {
        self.readings = readings;
        self
    }
}

/// Collapses runs of white space (including no-break and other Unicode spaces) to one space
/// and trims: what every reader does first, so that a pasted cell reads like a typed one.
pub(crate) fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
#[path = "curated_tests.rs"]
mod curated_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_merges_a_rule_named_twice_and_says_blank_for_nothing() {
        let note = Note::new(
            "62 Chinese, Vietnamese",
            "CN:62;VN",
            vec![
                Applied::with(Rule::NationalityDemonym, "Chinese = CN"),
                Applied::rule(Rule::NationalityCount),
                Applied::with(Rule::NationalityDemonym, "Vietnamese = VN"),
            ],
        );
        assert_eq!(
            note.text(),
            "read \"62 Chinese, Vietnamese\" as CN:62;VN (English demonym: Chinese = CN, Vietnamese = VN; count written with the name)"
        );
        assert_eq!(note.rule_ids(), "nationality-demonym+nationality-count");
        let blank = Note::new("n/a", "", vec![Applied::rule(Rule::CountUnknown)]);
        assert_eq!(blank.text(), "read \"n/a\" as blank (unknown: left blank)");
    }

    #[test]
    fn squeezing_folds_every_kind_of_space() {
        assert_eq!(squeeze(" 15\u{a0}Sep \t 2022\u{2009}"), "15 Sep 2022");
    }
}

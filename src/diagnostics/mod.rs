//! Findings about the input, each pointing at a file and a line, a column or a sheet's cell.
//!
//! Every check in tonle reports a [`Diagnostic`] to a [`Report`] as soon as it finds it, so
//! that `validate`, `export` and the gazetteer loader print the same
//! `file:line:column: error: message` lines (and the same JSON objects), a run reports every
//! problem rather than stopping at the first, and a million bad rows cost no memory: the
//! [`Printer`] writes each finding at once and keeps only counts. Only findings of severity
//! [`Severity::Error`] fail a run.

mod code;
mod escape;
mod sink;

pub use code::Code;
pub use escape::{escape, is_unsafe};
pub use sink::{count_words, Printer, Report, Tally};

use serde::Serialize;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// How serious a finding is: only errors stop an export or fail `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input is wrong; nothing is written.
    Error,
    /// Probably wrong, or read in a way the user should check; the run goes on.
    Warning,
    /// How a value was read, for the record.
    Note,
}

impl Severity {
    /// The word printed before the message.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// What an input is called in messages: a file as the user named it (`-` for standard input,
/// `<built-in>/...` for embedded data), and for a workbook the sheet. Shared by every location
/// in it, so a location costs a pointer, not a copy of the name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InputName {
    /// The file.
    pub file: String,
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
}

impl InputName {
    /// A plain file (CSV, TSV).
    pub fn file(file: impl Into<String>) -> Arc<InputName> {
        Arc::new(InputName {
            file: file.into(),
            sheet: None,
        })
    }
}

/// Where something is: a line (the row's first line) and column of a text file, printed
/// `file:line:column`, or a sheet's cell, printed `file:Sheet!C7`. `line` is the row either way.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The file (and sheet).
    pub input: Arc<InputName>,
    /// 1-based line (text) or row (sheet) where the record starts.
    pub line: u64,
    /// 1-based column, when the finding is in one field.
    pub column: Option<u64>,
}

impl Location {
    /// The same row, at column `column` (1-based).
    #[must_use]
    pub fn at_column(&self, column: u64) -> Location {
        Location {
            column: Some(column),
            ..self.clone()
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = escape(&self.input.file);
        match (&self.input.sheet, self.column) {
            (Some(sheet), Some(column)) => write!(
                f,
                "{file}:{}!{}{}",
                escape(sheet),
                column_letters(column),
                self.line
            ),
            (Some(sheet), None) => write!(f, "{file}:{}!{}", escape(sheet), self.line),
            (None, Some(column)) => write!(f, "{file}:{}:{column}", self.line),
            (None, None) => write!(f, "{file}:{}", self.line),
        }
    }
}

/// A spreadsheet's column name: 1 is `A`, 27 is `AA`.
fn column_letters(mut column: u64) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        column -= 1;
        letters.push(b'A' + u8::try_from(column % 26).unwrap_or(0));
        column /= 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// One finding about an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where.
    pub location: Location,
    /// The column's name, when the finding is in one field.
    pub field: Option<Cow<'static, str>>,
    /// How serious it is.
    pub severity: Severity,
    /// What kind of finding, for scripts.
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// What would be right.
    pub hint: Option<Cow<'static, str>>,
}

impl Diagnostic {
    /// An error at a location.
    pub fn new(location: Location, code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            location,
            field: None,
            severity: Severity::Error,
            code,
            message: message.into(),
            hint: None,
        }
    }

    /// An error about a whole line of a text file.
    pub fn line(file: &str, line: u64, code: Code, message: impl Into<String>) -> Self {
        let location = Location {
            input: InputName::file(file),
            line,
            column: None,
        };
        Diagnostic::new(location, code, message)
    }

    /// An error in one field of a text file.
    pub fn field(
        file: &str,
        line: u64,
        column: u64,
        field: &str,
        code: Code,
        message: impl Into<String>,
    ) -> Self {
        let mut d = Diagnostic::line(file, line, code, message);
        d.location.column = Some(column);
        d.with_field(field.to_owned())
    }

    /// Adds what would be right.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<Cow<'static, str>>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Names the column the finding is in.
    #[must_use]
    pub fn with_field(mut self, field: impl Into<Cow<'static, str>>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Sets how serious the finding is.
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// The text form: `file:line:column: error: message`, then `  hint: ...`. Everything that came
/// from an input is escaped ([`escape`]), so a message is always exactly these lines.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.location,
            self.severity.as_str(),
            escape(&self.message)
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", escape(hint))?;
        }
        Ok(())
    }
}

/// The JSON form, field by field, escaped like the text form.
#[derive(Serialize)]
struct Json<'a> {
    file: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<Cow<'a, str>>,
    line: u64,
    column: Option<u64>,
    field: Option<Cow<'a, str>>,
    severity: Severity,
    code: Code,
    message: Cow<'a, str>,
    hint: Option<Cow<'a, str>>,
}

impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Json {
            file: escape(&self.location.input.file),
            sheet: self.location.input.sheet.as_deref().map(escape),
            line: self.location.line,
            column: self.location.column,
            field: self.field.as_deref().map(escape),
            severity: self.severity,
            code: self.code,
            message: escape(&self.message),
            hint: self.hint.as_deref().map(escape),
        }
        .serialize(serializer)
    }
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum DiagnosticFormat {
    /// `file:line:column: error: message` and a hint line.
    #[default]
    Text,
    /// One JSON object per finding, one per line (JSON Lines).
    Json,
}

/// Writes one diagnostic in the chosen format, ending with a newline.
pub fn write_one(
    out: &mut impl std::io::Write,
    diagnostic: &Diagnostic,
    format: DiagnosticFormat,
) -> std::io::Result<()> {
    match format {
        DiagnosticFormat::Text => writeln!(out, "{diagnostic}"),
        DiagnosticFormat::Json => {
            serde_json::to_writer(&mut *out, diagnostic)?;
            writeln!(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_form_points_at_file_line_and_column() {
        let d = Diagnostic::field(
            "a.csv",
            3,
            5,
            "type",
            Code::UnknownType,
            "unknown type `rade`",
        )
        .with_hint("did you mean `raid`?");
        assert_eq!(
            d.to_string(),
            "a.csv:3:5: error: unknown type `rade`\n  hint: did you mean `raid`?"
        );
        let d = Diagnostic::line("a.csv", 1, Code::EmptyFile, "the file is empty")
            .with_severity(Severity::Warning);
        assert_eq!(d.to_string(), "a.csv:1: warning: the file is empty");
    }

    #[test]
    fn a_sheet_cell_prints_in_a1_notation() {
        let input = Arc::new(InputName {
            file: "events.xlsx".to_owned(),
            sheet: Some("Events".to_owned()),
        });
        let at = Location {
            input,
            line: 7,
            column: Some(3),
        };
        assert_eq!(at.to_string(), "events.xlsx:Events!C7");
        assert_eq!(at.at_column(28).to_string(), "events.xlsx:Events!AB7");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(703), "AAA");
    }

    /// Cell content cannot forge a line, colour the terminal or reverse the text, in either
    /// format: issue 13's terminal attack, at the printer.
    #[test]
    fn nothing_from_a_file_reaches_the_terminal_raw() {
        let d = Diagnostic::field(
            "evil\u{1b}]52;c;cGF5\u{7}.csv",
            2,
            4,
            "ti\u{202e}tle",
            Code::BadDate,
            "`x\nother.csv:9:9: error: fake` is not a date",
        )
        .with_hint("\u{1b}[2J");
        let text = d.to_string();
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(!text.chars().any(|c| is_unsafe(c) && c != '\n'), "{text}");
        assert!(
            text.contains("`x\\u{a}other.csv:9:9: error: fake`"),
            "{text}"
        );
        let json = serde_json::to_string(&d).expect("JSON");
        let value: serde_json::Value = serde_json::from_str(&json).expect("parses");
        for key in ["file", "field", "message", "hint"] {
            let decoded = value[key].as_str().expect(key);
            assert!(!decoded.chars().any(is_unsafe), "{key}: {decoded:?}");
        }
        assert_eq!(value["field"], "ti\\u{202e}tle");
        assert_eq!(value["severity"], "error");
        assert_eq!(value["code"], "bad-date");
    }
}

//! Findings about the input, each pointing at a file, a line and a column.
//!
//! Every check in tonle reports through [`Diagnostic`] so that `validate`, `export` and the
//! gazetteer loader print the same `file:line:column: error: message` lines (and the same JSON
//! objects), and so that a run reports every problem rather than stopping at the first.

use serde::Serialize;
use std::fmt;

/// One problem found in an input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file as the user named it (`-` for standard input, `<built-in>/...` for embedded data).
    pub file: String,
    /// 1-based line where the record starts.
    pub line: u64,
    /// 1-based column (the field's position in the header), when the problem is in one field.
    pub column: Option<u64>,
    /// The column's name, when the problem is in one field.
    pub field: Option<String>,
    /// A stable machine-readable code, e.g. `unknown-place`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// What would be right.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A finding for a whole line (no column).
    pub fn line(file: &str, line: u64, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_owned(),
            line,
            column: None,
            field: None,
            code,
            message: message.into(),
            hint: None,
        }
    }

    /// A finding in one field.
    pub fn field(
        file: &str,
        line: u64,
        column: u64,
        field: &str,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            column: Some(column),
            field: Some(field.to_owned()),
            ..Diagnostic::line(file, line, code, message)
        }
    }

    /// Adds what would be right.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:", self.file, self.line)?;
        if let Some(column) = self.column {
            write!(f, "{column}:")?;
        }
        write!(f, " error: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
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

/// Writes diagnostics in the chosen format.
pub fn write_all(
    out: &mut impl std::io::Write,
    diagnostics: &[Diagnostic],
    format: DiagnosticFormat,
) -> std::io::Result<()> {
    for diagnostic in diagnostics {
        match format {
            DiagnosticFormat::Text => writeln!(out, "{diagnostic}")?,
            DiagnosticFormat::Json => {
                serde_json::to_writer(&mut *out, diagnostic)?;
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_form_points_at_file_line_and_column() {
        let d = Diagnostic::field("a.csv", 3, 5, "type", "unknown-type", "unknown type `rade`")
            .with_hint("did you mean `raid`?");
        assert_eq!(
            d.to_string(),
            "a.csv:3:5: error: unknown type `rade`\n  hint: did you mean `raid`?"
        );
        let d = Diagnostic::line("a.csv", 1, "empty", "the file is empty");
        assert_eq!(d.to_string(), "a.csv:1: error: the file is empty");
    }
}

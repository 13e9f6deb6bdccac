//! `--columns FILE`: a user's own header spellings, for the columns no built-in spelling
//! reaches. A TOML file of `"Header as written" = "column"` lines; `"-"` drops a column:
//!
//! ```toml
//! "Lieu" = "place"
//! "Date de l'événement" = "date"
//! "Ignore me" = "-"
//! ```
//!
//! Spellings are compared folded, as every header is (case, spaces and punctuation aside); a
//! column may be named by its canonical name or any spelling the schema accepts. Every line
//! that cannot be used is reported at its line and column, and none of the file is used then.

use super::spec::{fold, HeaderSpec, Mapping, Target};
use crate::diagnostics::{Code, Diagnostic, InputName, Location};
use crate::suggest::did_you_mean;
use std::ops::Range;
use std::sync::Arc;

/// What a mapping value names a column with to say "do not read it".
pub const DROP: &str = "-";

/// Reads a mapping file's text against the columns of `spec`: the mapping, or every problem
/// in it, located in `file`.
pub fn parse(file: &str, text: &str, spec: &HeaderSpec) -> Result<Mapping, Vec<Diagnostic>> {
    let input = InputName::file(file);
    let table = match toml::de::DeTable::parse(text) {
        Ok(table) => table.into_inner(),
        Err(e) => {
            let at = located(&input, text, e.span().unwrap_or(0..0));
            let message = e.message().trim().to_owned();
            return Err(vec![Diagnostic::new(
                at,
                Code::BadColumns,
                format!("not TOML: {message}"),
            )
            .with_hint(
                "write one mapping per line: \"Header as written\" = \"column\"",
            )]);
        }
    };
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    let mut mapping = Mapping::default();
    let mut found = Vec::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    for (key, value) in entries {
        let spelling = key.get_ref().as_ref();
        let at = located(&input, text, key.span());
        let folded = fold(spelling);
        if folded.is_empty() {
            found.push(bad(
                at,
                format!("`{spelling}` is no header spelling: it has no letter or digit"),
                "a header names its column in letters or digits",
            ));
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(f, _)| *f == folded) {
            found.push(bad(
                at,
                format!("`{spelling}` and `{first}` are the same header spelling (case, spaces and punctuation aside)"),
                "keep one of the two lines",
            ));
            continue;
        }
        seen.push((folded, spelling.to_owned()));
        let at = located(&input, text, value.span());
        let Some(column) = value.get_ref().as_str() else {
            found.push(bad(
                at,
                format!("the value for `{spelling}` is not text"),
                "write the column's name in quotes, e.g. \"place\", or \"-\" to drop the column",
            ));
            continue;
        };
        match target(column, spec) {
            Ok(target) => mapping.add(spelling, target),
            Err(hint) => found.push(bad(
                at,
                format!("`{column}` (for `{spelling}`) is not a column"),
                hint,
            )),
        }
    }
    if found.is_empty() {
        Ok(mapping)
    } else {
        Err(found)
    }
}

/// The column a mapping value names, or a hint saying what it could be.
fn target(column: &str, spec: &HeaderSpec) -> Result<Target, String> {
    if column.trim() == DROP {
        return Ok(Target::Drop);
    }
    if let Some(k) = spec.lookup(column) {
        return Ok(Target::Column(k));
    }
    let names: Vec<&str> = (0..spec.len()).map(|k| spec.name(k)).collect();
    Err(match did_you_mean(&fold(column), names.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? Or \"-\" to drop the column"),
        None => format!(
            "the columns are {}; or \"-\" to drop the column",
            names.join(", ")
        ),
    })
}

fn bad(at: Location, message: String, hint: impl Into<String>) -> Diagnostic {
    Diagnostic::new(at, Code::BadColumns, message).with_hint(hint.into())
}

/// The line and column (1-based, in characters) where a byte span starts.
fn located(input: &Arc<InputName>, text: &str, span: Range<usize>) -> Location {
    let start = span.start.min(text.len());
    let before = text.get(..start).unwrap_or("");
    let line = before.matches('\n').count() as u64 + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.chars().count() as u64)
        + 1;
    Location {
        input: input.clone(),
        line,
        column: Some(column),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> HeaderSpec<'static> {
        HeaderSpec::new(&["date", "place", "source_date"], &[]).alias(1, "location")
    }

    #[test]
    fn spellings_map_to_columns_or_are_dropped() {
        let text = "\"Lieu\" = \"place\"\n\"Date de l'événement\" = \"date\"\n\"Ignore me\" = \"-\"\n'Publié' = 'Source date'\n";
        let mapping = parse("cols.toml", text, &spec()).expect("valid");
        let spec = spec().with_mapping(&mapping);
        assert_eq!(spec.lookup("LIEU"), Some(1));
        assert_eq!(
            spec.lookup("date de l evenement"),
            None,
            "accents are letters"
        );
        assert_eq!(spec.lookup("Date de l'événement"), Some(0));
        assert_eq!(spec.lookup("publié"), Some(2));
        assert_eq!(spec.lookup("ignore_me"), None);
        assert!(spec.is_dropped("Ignore-Me"));
    }

    #[test]
    fn every_bad_line_is_located() {
        let text = "\"Lieu\" = \"plase\"\n\"lieu\" = \"place\"\n\"N\" = 3\n\"?\" = \"date\"\n";
        let found = parse("cols.toml", text, &spec()).expect_err("invalid");
        let lines: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "cols.toml:1:10: error: `plase` (for `Lieu`) is not a column\n  hint: did you mean `place`? Or \"-\" to drop the column",
                "cols.toml:2:1: error: `lieu` and `Lieu` are the same header spelling (case, spaces and punctuation aside)\n  hint: keep one of the two lines",
                "cols.toml:3:7: error: the value for `N` is not text\n  hint: write the column's name in quotes, e.g. \"place\", or \"-\" to drop the column",
                "cols.toml:4:1: error: `?` is no header spelling: it has no letter or digit\n  hint: a header names its column in letters or digits",
            ]
        );
        let found = parse("cols.toml", "\"Lieu\" = \n", &spec()).expect_err("not TOML");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].to_string().starts_with("cols.toml:1:"),
            "{}",
            found[0]
        );
    }
}

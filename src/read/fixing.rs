//! What `tonle fix` needs of each row beyond its event: every known cell as written (before
//! any id was made for it) and how each changed cell was read.

use super::Loader;
use crate::check::Readings;
use crate::diagnostics::InputName;
use crate::events::Event;
use crate::input::TableRow;
use crate::schema::{Col, Kind, COLUMNS};
use std::borrow::Cow;
use std::sync::Arc;

/// A row's known cells as written, and its readings.
#[derive(Debug, Clone)]
pub struct Written {
    /// The input.
    pub input: Arc<InputName>,
    /// The row.
    pub line: u64,
    /// Each known column's cell as written; `None` where the header has no such column.
    pub cells: [Option<String>; COLUMNS.len()],
    /// How each changed cell was read.
    pub readings: Readings,
}

impl Written {
    /// The known cells of a row, as written.
    pub fn of(row: &TableRow) -> Written {
        let cells = std::array::from_fn(|k| {
            let pos = row.header.position(k)?;
            if row.header.is_generated(k) {
                return Some(String::new());
            }
            let text = row.row.cell(pos).into_text()?;
            Some(text.into_owned())
        });
        Written {
            input: row.input.clone(),
            line: row.line(),
            cells,
            readings: Vec::new(),
        }
    }

    /// The cell of `col` as written (empty where there is none).
    pub fn cell(&self, col: Col) -> &str {
        self.cells[col as usize].as_deref().unwrap_or("")
    }
}

impl Loader<'_> {
    /// Keeps, for each event read from now on, its cells as written and their readings: what
    /// [`Loader::take_written`] hands to `tonle fix`.
    pub fn keep_written(&mut self) {
        self.fixing.get_or_insert_with(Vec::new);
    }

    /// What was kept since [`Loader::keep_written`], one per event, in the order of the events.
    pub fn take_written(&mut self) -> Vec<Written> {
        self.fixing.as_mut().map(std::mem::take).unwrap_or_default()
    }
}

/// The canonical text of an event's cell of `col`, as `tonle fix` writes it: EDTF dates, type
/// names, whole counts, canonical lists and codes; places and coordinates as written, trimmed.
pub fn canonical<'e>(col: Col, event: &'e Event, written: &'e Written) -> Cow<'e, str> {
    let kind = col.column().kind;
    match kind {
        Kind::Date => Cow::Owned(event.date.edtf()),
        Kind::EventType => Cow::Borrowed(event.kind.as_str()),
        Kind::Count => event
            .counts
            .get(col)
            .map_or(Cow::Borrowed(""), |n| Cow::Owned(n.to_string())),
        Kind::Day if col == Col::SourceDate => event.source_date.map_or(Cow::Borrowed(""), |d| {
            Cow::Owned(d.format("%Y-%m-%d").to_string())
        }),
        Kind::Leg => event
            .route
            .leg
            .map_or(Cow::Borrowed(""), |n| Cow::Owned(n.to_string())),
        Kind::Stage => Cow::Borrowed(event.route.stage.map_or("", |s| s.as_str())),
        Kind::Mode => Cow::Borrowed(event.route.mode.map_or("", |m| m.as_str())),
        _ if kind.is_text() => Cow::Borrowed(event.text(col)),
        _ => Cow::Borrowed(written.cell(col).trim()),
    }
}

/// One changed cell: a line of `tonle fix`'s change report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The column.
    pub col: Col,
    /// The cell as written.
    pub before: String,
    /// As `tonle fix` writes it.
    pub after: String,
    /// The ids of the rules that read it (docs/readings.md), `+`-joined; `id-made` for an id
    /// made from the file name and row, `canonical-form` for spaces and list separators.
    pub rule: String,
}

/// The changed cells of an event, in column order.
pub fn changes(event: &Event, written: &Written) -> Vec<Change> {
    let mut out = Vec::new();
    for col in Col::all() {
        let before = written.cell(col);
        let after = canonical(col, event, written);
        if before == after {
            continue;
        }
        let rules: Vec<String> = written
            .readings
            .iter()
            .filter(|(c, _)| *c == col)
            .map(|(_, note)| note.rule_ids())
            .collect();
        let rule = if !rules.is_empty() {
            rules.join("+")
        } else if col == Col::Id && before.is_empty() {
            "id-made".to_owned()
        } else {
            "canonical-form".to_owned()
        };
        out.push(Change {
            col,
            before: before.to_owned(),
            after: after.into_owned(),
            rule,
        });
    }
    out
}

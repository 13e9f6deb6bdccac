//! One row through check and join, in two steps: the work that needs nothing but the row and
//! what is fixed for its input ([`Work::row`], which may run on any thread), then what must
//! see the rows in order ([`settle`]: the id index, the cells kept for `tonle fix`, and the
//! findings in the order of the row's cells).

use super::fixing;
use super::ids::{self, Ids};
use super::Current;
use crate::check::{self, Checked};
use crate::diagnostics::{Diagnostic, Report};
use crate::events::{Event, Sources};
use crate::input::{Cell, Row, TableRow};
use crate::join::{self, Resolve};
use crate::schema::Col;

/// What is the same for every row of one input: shared, read only, by the threads that check
/// its rows.
#[derive(Clone, Copy)]
pub(super) struct Work<'a> {
    /// The input's columns, ids and cell readings.
    pub current: &'a Current,
    /// The `--sources` file that `source_id`s name.
    pub sources: Option<&'a Sources>,
    /// Whether each event's cells as written are kept (`tonle fix`).
    pub fixing: bool,
}

/// What checking and joining one row gave, before its id is checked against the ids before
/// it.
pub(super) struct Outcome {
    /// The joined event, and whether it is kept once its id is known to be new: `false` when a
    /// `source_id` is unknown (reported in `found`; the id still counts as used).
    event: Option<(Event, bool)>,
    /// The id's column for a finding on a second use (none for an id made from the row).
    id_column: Option<u64>,
    /// The row's findings so far.
    found: Vec<Diagnostic>,
    /// The cells as written, for `tonle fix`.
    written: Option<fixing::Written>,
}

impl Work<'_> {
    /// Checks and joins one row, with places resolved by `resolver`.
    pub fn row(self, resolver: &impl Resolve, row: &TableRow) -> Outcome {
        let mut found = Vec::new();
        let extras = match &self.current.extras {
            Some(columns) => columns.values(row.row, &row.at(), &mut found),
            None => Some(crate::events::Extras::default()),
        };
        let mut written = self.fixing.then(|| fixing::Written::of(row));
        let made;
        let with_id;
        let row = match (&self.current.stem, row.header.position(Col::Id as usize)) {
            (Some(stem), Some(pos)) => {
                made = MadeId {
                    inner: row.row,
                    pos,
                    id: ids::made(stem, row.line()),
                };
                with_id = TableRow { row: &made, ..*row };
                &with_id
            }
            _ => row,
        };
        let readings = written.as_mut().map(|w| &mut w.readings);
        let event = match check::row(row, &self.current.context, readings, &mut found) {
            // Valid: no error so far (warnings and notes do not stop an event).
            Checked::Valid(raw) => match (join::join(resolver, raw), extras) {
                (Ok(event), Some(extras)) => Some(self.sourced(event, extras, row, &mut found)),
                (Ok(_), None) => None,
                (Err(d), _) => {
                    found.extend(d);
                    None
                }
            },
            Checked::Invalid(names) => {
                if let Err(d) = join::places(resolver, &names, row.input, row.line()) {
                    found.extend(d);
                }
                None
            }
        };
        let id_column = match self.current.stem {
            Some(_) => None,
            None => Some(
                row.header
                    .position(Col::Id as usize)
                    .map_or(1, |p| p as u64 + 1),
            ),
        };
        Outcome {
            event,
            id_column,
            found,
            written,
        }
    }

    /// The event with its extra columns and its `source_id`s resolved; `false` with it when
    /// one is unknown (reported).
    fn sourced(
        self,
        mut event: Event,
        extras: crate::events::Extras,
        row: &TableRow,
        found: &mut Vec<Diagnostic>,
    ) -> (Event, bool) {
        event.extras = extras;
        let Some(sources) = self.sources else {
            return (event, true);
        };
        let column = row.header.position(Col::SourceId as usize);
        let at = row.at().at_column(column.map_or(0, |p| p as u64 + 1));
        let unknown = sources.resolve(&mut event, &at);
        let resolved = unknown.is_empty();
        found.extend(unknown);
        (event, resolved)
    }
}

/// The rows' order matters from here: the event's id is checked against those before it, its
/// cells kept for `tonle fix`, the event handed to `on_event`, and the row's findings reported
/// in the order of its cells, whichever step found them.
pub(super) fn settle(
    outcome: Outcome,
    ids: &mut Ids,
    fixing: &mut Option<Vec<fixing::Written>>,
    report: &mut dyn Report,
    on_event: &mut impl FnMut(Event),
) {
    let Outcome {
        event,
        id_column,
        mut found,
        written,
    } = outcome;
    if let Some((event, keep)) = event {
        match ids.first_use(&event, id_column) {
            Ok(()) if keep => {
                if let (Some(fixing), Some(written)) = (fixing, written) {
                    fixing.push(written);
                }
                on_event(event);
            }
            Ok(()) => {}
            Err(d) => found.push(d),
        }
    }
    found.sort_by_key(|d| d.location.column);
    for d in found {
        report.report(d);
    }
}

/// A row with the id made for it at the `id` column's place (past the file's last field).
struct MadeId<'r> {
    inner: &'r dyn Row,
    pos: usize,
    id: String,
}

impl Row for MadeId<'_> {
    fn line(&self) -> u64 {
        self.inner.line()
    }

    fn width(&self) -> usize {
        self.inner.width()
    }

    fn cell(&self, pos: usize) -> Cell<'_> {
        if pos == self.pos {
            Cell::Text(&self.id)
        } else {
            self.inner.cell(pos)
        }
    }

    fn is_blank(&self, pos: usize) -> bool {
        pos != self.pos && self.inner.is_blank(pos)
    }

    fn size_hint(&self, pos: usize) -> usize {
        if pos == self.pos {
            self.id.len()
        } else {
            self.inner.size_hint(pos)
        }
    }

    fn raw(&self, pos: usize) -> Option<&[u8]> {
        if pos == self.pos {
            Some(self.id.as_bytes())
        } else {
            self.inner.raw(pos)
        }
    }
}

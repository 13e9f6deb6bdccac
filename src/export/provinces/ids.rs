//! Each province's event ids, in output order: gathered once per run from the sorted events
//! as they go to the outputs (`export::write`), and listed by the provinces layer and by the
//! GeoPackage's copy of it. A province of a million-event run lists most of them, so they are
//! kept as text in chunks: about 13 bytes an id, without a growing string's spare half.

use super::aggregate::provinces_of;
use crate::events::Event;
use crate::gazetteer::{Gazetteer, PlaceIdx};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// A chunk of ids is this long at most (an id longer than it gets a chunk of its own).
const CHUNK: usize = 1 << 16;

/// Each province's event ids; a province with none is not there.
#[derive(Debug, Clone, Default)]
pub struct ProvinceIds {
    by_province: BTreeMap<PlaceIdx, IdList>,
}

impl ProvinceIds {
    /// Adds an event's id to each province it belongs to. Events come in output order.
    pub fn add(&mut self, gazetteer: &Gazetteer, event: &Event) {
        for p in provinces_of(gazetteer, event) {
            self.by_province.entry(p).or_default().push(event.id());
        }
    }

    /// A province's ids (none: empty).
    pub fn of(&self, province: PlaceIdx) -> &IdList {
        static NONE: IdList = IdList { chunks: Vec::new() };
        self.by_province.get(&province).unwrap_or(&NONE)
    }
}

/// Ids, `;`-separated when written.
#[derive(Debug, Clone, Default)]
pub struct IdList {
    /// The ids, each chunk `;`-separated within and joined by `;` to the next.
    chunks: Vec<String>,
}

impl IdList {
    fn push(&mut self, id: &str) {
        match self.chunks.last_mut() {
            Some(last) if last.len() + 1 + id.len() <= CHUNK => {
                last.push(';');
                last.push_str(id);
            }
            _ => {
                let mut chunk = String::with_capacity(CHUNK.max(id.len()));
                chunk.push_str(id);
                self.chunks.push(chunk);
            }
        }
    }
}

impl fmt::Display for IdList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, chunk) in self.chunks.iter().enumerate() {
            if i > 0 {
                f.write_str(";")?;
            }
            f.write_str(chunk)?;
        }
        Ok(())
    }
}

impl Serialize for IdList {
    /// As one string, written chunk by chunk (never joined in memory).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_written_as_one_list_across_chunks() {
        let mut list = IdList::default();
        let ids: Vec<String> = (0..20_000).map(|i| format!("event-{i}")).collect();
        for id in &ids {
            list.push(id);
        }
        assert!(list.chunks.len() > 1);
        assert_eq!(list.to_string(), ids.join(";"));
        let json = serde_json::to_string(&list).expect("serialises");
        assert_eq!(json, format!("\"{}\"", ids.join(";")));
        assert_eq!(IdList::default().to_string(), "");
    }
}

//! The event type: a closed list, read by the rules of `crate::readings::types` (type names in
//! any case, a documented table of synonyms: `Police raid` is a raid).

use super::{reading, Problem};
use crate::diagnostics::Code;
use crate::events::EventType;
use crate::readings::types::read_type;
use crate::readings::Reading;

/// Reads an event type (non-empty). `has_route` says whether the row has an origin and a
/// destination, which makes `Trafficking` a trafficking_route.
pub fn event_type(text: &str, has_route: bool) -> Result<Reading<EventType>, Problem> {
    reading::refuse_unsafe(text, Code::UnknownType)?;
    let read = read_type(text, has_route).map_err(|e| reading::error(e, Code::UnknownType))?;
    match EventType::parse(read.value) {
        Some(kind) => Ok(Reading {
            value: kind,
            note: read.note,
        }),
        // The readings name only the types of EventType::ALL (a test checks it).
        None => Err(Problem::new(
            Code::UnknownType,
            format!("`{text}` reads as `{}`, which is no type", read.value),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_the_readings_name_is_a_type() {
        for name in crate::readings::types::NAMES {
            assert!(EventType::parse(name).is_some(), "{name}");
        }
        let read = event_type("Police raid", false).expect("a synonym");
        assert_eq!(read.value, EventType::Raid);
        assert!(read.note.is_some());
        let p = event_type("Police", false).expect_err("who, not what");
        assert!(
            !p.hint.as_deref().unwrap_or("").contains("`policy`"),
            "{p:?}"
        );
    }
}

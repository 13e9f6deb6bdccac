//! The event type: a closed list, matched without regard to case, spaces or hyphens.

use super::Problem;
use crate::diagnostics::Code;
use crate::events::EventType;
use crate::suggest::did_you_mean;

/// Reads an event type (non-empty): `Trafficking route` is `trafficking_route`.
pub fn event_type(text: &str) -> Result<EventType, Problem> {
    // Most sheets write the name as it is: no copy for them.
    if let Some(kind) = EventType::parse(text) {
        return Ok(kind);
    }
    let lower = text.to_ascii_lowercase().replace([' ', '-'], "_");
    if let Some(kind) = EventType::parse(&lower) {
        return Ok(kind);
    }
    let names: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
    let hint = match did_you_mean(&lower, names.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? The types are: {}", names.join(", ")),
        None => format!("one of: {}", names.join(", ")),
    };
    Err(Problem::new(Code::UnknownType, format!("unknown event type `{text}`")).hint(hint))
}

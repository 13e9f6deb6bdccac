//! `;`-separated lists (`actors`, `tags`), kept in one canonical form: items trimmed, empty
//! items dropped.

use crate::events::TextBuilder;

/// Writes the list, canonical, as the builder's current field.
pub fn list(text: &str, out: &mut TextBuilder) {
    for item in text.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        out.item(item);
    }
    out.end();
}

//! The schema's tests, kept apart from `mod.rs` so the column registry stays one readable
//! declaration: the registry's order and uniqueness, what public outputs may carry, and the
//! README's column table.

use super::*;
use crate::input::fold;
use std::collections::HashMap;

#[test]
fn columns_are_in_col_order() {
    for (i, c) in COLUMNS.iter().enumerate() {
        assert_eq!(c.col as usize, i, "{}", c.name);
        assert_eq!(Col::from_index(i), Some(c.col));
    }
    assert_eq!(Col::from_index(COLUMNS.len()), None);
}

/// No two columns answer to the same folded spelling, and every name is already folded
/// apart from its underscores (so a header can always use the canonical name).
#[test]
fn names_and_folded_aliases_are_unique() {
    let mut seen: HashMap<String, Col> = HashMap::new();
    for c in &COLUMNS {
        for spelling in std::iter::once(&c.name).chain(c.aliases) {
            let key = fold(spelling);
            assert!(!key.is_empty(), "{spelling}");
            if let Some(other) = seen.insert(key.clone(), c.col) {
                assert_eq!(
                    other, c.col,
                    "`{spelling}` folds to `{key}`, which {other:?} has too"
                );
            }
        }
        assert_eq!(c.name, c.name.to_ascii_lowercase());
    }
}

#[test]
fn no_public_output_carries_a_private_column() {
    for c in &COLUMNS {
        if c.access == Access::Private {
            assert_eq!(c.carried, Carried::No, "{} is private", c.name);
        }
    }
}

#[test]
fn the_type_column_lists_every_event_type() {
    for kind in crate::events::EventType::ALL {
        assert!(
            Col::Type
                .column()
                .doc
                .contains(&format!("`{}`", kind.as_str())),
            "{kind:?}"
        );
    }
}

#[test]
fn text_slots_follow_the_text_columns() {
    assert_eq!(Col::Id.slot(), Some(0));
    assert_eq!(Col::Date.slot(), None);
    assert_eq!(Col::Title.slot(), Some(1));
    let slots: Vec<usize> = Col::all().filter_map(Col::slot).collect();
    assert_eq!(slots, (0..TEXT_SLOTS).collect::<Vec<_>>());
}

/// The README's table is the generated one (between the `columns` markers).
#[test]
fn the_readme_documents_every_column() {
    let readme = include_str!("../../README.md");
    let start = "<!-- columns: generated from src/schema/mod.rs -->\n";
    let end = "<!-- /columns -->";
    let table = readme
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(table, _)| table);
    assert_eq!(
        table,
        Some(markdown_table().as_str()),
        "the README's column table is out of date; put this between the markers:\n{}",
        markdown_table()
    );
}

use super::*;
use crate::readings::counts::{self, CountContext, SettledThousands, Thousands, ThousandsSource};
use crate::readings::dates::{self, DateContext, SerialSystem};
use crate::readings::{nationalities, types, Note};

#[test]
fn the_table_is_in_declaration_order_with_unique_ids() {
    for (i, row) in TABLE.iter().enumerate() {
        assert_eq!(row.0 as usize, i, "{}", row.1);
        assert_eq!(Rule::from_id(row.1), Some(row.0));
        assert!(row.1.starts_with(match row.0.kind() {
            RuleKind::Date => "date-",
            RuleKind::Count => "count-",
            RuleKind::Nationality => "nationality-",
            RuleKind::Type => "type-",
        }));
    }
    let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), Rule::ALL.len());
}

/// Reads a rule's example with the reader of its kind.
fn note_of(rule: Rule) -> Option<Note> {
    let ex = rule.example();
    let serial = |system| {
        let value: f64 = ex.input.parse().expect("a number");
        dates::read_serial(value, system).expect("reads").note
    };
    match (rule.kind(), ex.given) {
        (RuleKind::Date, Given::Serial1900) => serial(SerialSystem::Excel1900),
        (RuleKind::Date, Given::Serial1904) => serial(SerialSystem::Excel1904),
        (RuleKind::Date, _) => {
            dates::read_date(ex.input, &DateContext::default())
                .expect(ex.input)
                .note
        }
        (RuleKind::Count, given) => {
            let context = CountContext {
                thousands: (given == Given::ThousandsComma).then_some(SettledThousands {
                    separator: Thousands::Comma,
                    by: ThousandsSource::Flag,
                }),
            };
            counts::read_count(ex.input, &context).expect(ex.input).note
        }
        (RuleKind::Nationality, _) => {
            nationalities::read_nationalities(ex.input)
                .expect(ex.input)
                .note
        }
        (RuleKind::Type, given) => {
            types::read_type(ex.input, given == Given::Route)
                .expect(ex.input)
                .note
        }
    }
}

#[test]
fn every_example_reads_as_it_says_by_its_rule() {
    for rule in Rule::ALL {
        let note = note_of(rule).unwrap_or_else(|| panic!("{}: no note", rule.id()));
        assert_eq!(note.after, rule.example().output, "{}", rule.id());
        assert!(
            note.applied.iter().any(|a| a.rule == rule),
            "{}: {}",
            rule.id(),
            note.text()
        );
    }
}

const DOCS: &str = include_str!("../../docs/readings.md");

#[test]
fn the_docs_list_every_rule_with_its_example() {
    for rule in Rule::ALL {
        let ex = rule.example();
        let row = format!("| `{}` | `{}` | `{}` |", rule.id(), ex.input, ex.output);
        let row = row.replace("``", "(blank)");
        assert!(DOCS.contains(&row), "docs/readings.md lacks the row\n{row}");
    }
}

#[test]
fn the_docs_list_every_type_synonym() {
    for (name, synonyms) in types::SYNONYMS {
        let row = format!("| `{name}` | {} |", synonyms.join(", "));
        assert!(DOCS.contains(&row), "docs/readings.md lacks the row\n{row}");
    }
}

//! The curated event set is canonical: every cell the rules read comes back unchanged, with
//! no note, so wiring the rules into the reader changes no output.

use super::counts::{read_count, CountContext};
use super::dates::{read_date, DateContext};
use super::nationalities::read_nationalities;
use super::types::read_type;

const CURATED: &str = include_str!("../../events/cambodia-2016-2022.csv");

#[test]
fn every_curated_cell_is_already_canonical() {
    let mut reader = csv::Reader::from_reader(CURATED.as_bytes());
    let header = reader.headers().expect("a header").clone();
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (date, kind, origin, nationalities) = (
        column("date"),
        column("type"),
        column("origin"),
        column("nationalities"),
    );
    let counts: Vec<usize> = ["arrested", "rescued", "deported", "victims", "people"]
        .iter()
        .map(|c| column(c))
        .collect();
    let mut rows = 0;
    for record in reader.records() {
        let record = record.expect("a row");
        let cell = |k: usize| record.get(k).unwrap_or("");
        let id = cell(0);
        let date = read_date(cell(date), &DateContext::default()).expect(id);
        assert_eq!(date.note, None, "{id}: date");
        let route = !cell(origin).is_empty();
        assert_eq!(
            read_type(cell(kind), route).expect(id).note,
            None,
            "{id}: type"
        );
        for &k in &counts {
            let count = read_count(cell(k), &CountContext::default()).expect(id);
            assert_eq!(count.note, None, "{id}: {}", &header[k]);
        }
        assert_eq!(
            read_nationalities(cell(nationalities)).expect(id).note,
            None,
            "{id}: nationalities"
        );
        rows += 1;
    }
    assert!(rows > 50, "the curated set has its rows ({rows})");
}

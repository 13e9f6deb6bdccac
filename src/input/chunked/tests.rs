//! Cut into chunks of any size and parsed chunk by chunk (falling back to one thread where a
//! chunk cannot be parsed alone), any bytes give the rows, lines and findings one thread
//! gives.

use super::{parse, Cut};
use crate::diagnostics::{Diagnostic, InputName};
use crate::input::{CsvOptions, CsvSource, Limits, Next, Row, Source};
use proptest::prelude::*;

/// A row as the tests compare it: its line and its fields' bytes.
type Seen = (u64, Vec<Vec<u8>>);

fn seen(row: &dyn Row) -> Seen {
    let fields = (0..row.width())
        .map(|pos| row.raw(pos).unwrap_or_default().to_vec())
        .collect();
    (row.line(), fields)
}

fn open(
    input: &[u8],
    limits: Limits,
    chunk_bytes: Option<usize>,
) -> (CsvSource<'_>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let options = CsvOptions {
        delimiter: Some(b','),
        chunk_bytes,
        ..CsvOptions::default()
    };
    let source = CsvSource::open(input, InputName::file("t.csv"), options, limits, &mut found)
        .expect("reading from memory");
    (source, found)
}

/// Every row (the header first) and finding, read on one thread from `source`.
fn read_on(source: &mut CsvSource, rows: &mut Vec<Seen>, found: &mut Vec<Diagnostic>) {
    while let Ok(Next::Row) = source.advance(found) {
        rows.push(seen(source.row()));
    }
}

fn one_thread(input: &[u8], limits: Limits) -> (Vec<Seen>, Vec<String>) {
    let (mut source, mut found) = open(input, limits, None);
    let mut rows = Vec::new();
    read_on(&mut source, &mut rows, &mut found);
    (
        rows,
        found
            .iter()
            .map(|d| format!("{}: {}", d.location.line, d.message))
            .collect(),
    )
}

/// The header on this thread, then chunks parsed as a worker parses them, in order, until
/// one cannot be parsed alone; then the rest on this thread.
fn in_chunks(input: &[u8], limits: Limits, chunk_bytes: usize) -> (Vec<Seen>, Vec<String>, usize) {
    let (mut source, mut found) = open(input, limits, Some(chunk_bytes));
    let mut rows = Vec::new();
    let mut parsed = 0;
    if let Ok(Next::Row) = source.advance(&mut found) {
        rows.push(seen(source.row()));
        while let Some(cut) = source.cut() {
            match cut {
                Cut::Chunk(chunk) => {
                    let mut these = Vec::new();
                    if !parse(&chunk, |row| these.push(seen(row))) {
                        source.resume(&[chunk]);
                        break;
                    }
                    parsed += 1;
                    rows.extend(these);
                }
                Cut::End => break,
                Cut::Stuck => {
                    source.resume(&[]);
                    break;
                }
            }
        }
    }
    read_on(&mut source, &mut rows, &mut found);
    let found = found
        .iter()
        .map(|d| format!("{}: {}", d.location.line, d.message))
        .collect();
    (rows, found, parsed)
}

fn limits(max_field_bytes: u64) -> Limits {
    Limits {
        max_field_bytes,
        ..Limits::default()
    }
}

#[test]
fn plain_rows_are_parsed_in_chunks_with_their_lines() {
    let mut input = b"a,b\n".to_vec();
    for k in 0..200 {
        input.extend_from_slice(format!("{k},\"x\ny\"\n\n").as_bytes());
    }
    let (rows, found) = one_thread(&input, Limits::default());
    let (chunked, chunk_found, parsed) = in_chunks(&input, Limits::default(), 64);
    assert_eq!(chunked, rows);
    assert_eq!(chunk_found, found);
    assert!(parsed > 20, "only {parsed} chunks parsed apart");
    assert_eq!(rows.len(), 201);
    assert_eq!(rows[1].0, 2);
}

#[test]
fn a_stray_quote_falls_back_to_one_thread_from_its_chunk() {
    // `5'10"` opens no quoted field: the count of quotes is wrong from there on.
    let mut input = b"a,b\n".to_vec();
    for k in 0..100 {
        let b = if k == 30 { "5'10\"" } else { "x" };
        input.extend_from_slice(format!("{k},{b}\n").as_bytes());
    }
    input.extend_from_slice(b"100,\"quoted\nacross\"\n");
    let (rows, found) = one_thread(&input, Limits::default());
    let (chunked, _, parsed) = in_chunks(&input, Limits::default(), 32);
    assert_eq!(chunked, rows);
    assert!(found.is_empty(), "{found:?}");
    assert!(parsed > 3, "{parsed}");
    assert_eq!(rows.len(), 102);
}

#[test]
fn rows_past_the_size_limits_stop_where_one_thread_stops_them() {
    let mut input = b"a,b\n1,x\n2,".to_vec();
    input.extend(std::iter::repeat_n(b'y', 300));
    input.extend_from_slice(b"\n3,z\n");
    for max in [10, 100, 299, 300, 301] {
        let (rows, found) = one_thread(&input, limits(max));
        let (chunked, chunk_found, _) = in_chunks(&input, limits(max), 4);
        assert_eq!(chunked, rows, "max {max}");
        assert_eq!(chunk_found, found, "max {max}");
    }
}

proptest! {
    /// Any bytes, any chunk size, any field limit: the same rows, lines and findings.
    #[test]
    fn chunks_give_what_one_thread_gives(
        body in proptest::collection::vec(proptest::sample::select(b"ab,,\"\"\n\n\r \xef\xbb\xbf\xff\x00".to_vec()), 0..300),
        chunk_bytes in 1usize..64,
        max in proptest::sample::select(vec![3u64, 16, 1 << 20]),
    ) {
        let mut input = b"id,x,y\n".to_vec();
        input.extend_from_slice(&body);
        let (rows, found) = one_thread(&input, limits(max));
        let (chunked, chunk_found, _) = in_chunks(&input, limits(max), chunk_bytes);
        prop_assert_eq!(chunked, rows);
        prop_assert_eq!(chunk_found, found);
    }
}

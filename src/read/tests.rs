//! The loader's tests, in their own file so that `mod.rs` holds the reading code alone: a
//! read failure mid-file says where it stopped, and (properties) every row of a CSV or a
//! workbook that yields no event is explained by a finding.

use super::*;
use proptest::prelude::*;

/// The lines where data rows start, as the csv crate sees them after line ends are made LF,
/// the header and blank rows aside: what the reader must account for, row by row.
fn row_lines(input: &[u8]) -> Vec<u64> {
    let mut normalised = Vec::new();
    for (i, &b) in input.iter().enumerate() {
        match b {
            b'\r' => normalised.push(b'\n'),
            b'\n' if i > 0 && input[i - 1] == b'\r' => {}
            b => normalised.push(b),
        }
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(normalised.as_slice());
    let mut lines = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut first = true;
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        if std::mem::take(&mut first) {
            continue;
        }
        if record.iter().all(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        lines.push(record.position().map_or(0, csv::Position::line));
    }
    lines
}

/// Bytes, then a failure: a disk error or a file cut short under the reader.
struct FailsAfter<'a>(&'a [u8]);

impl Read for FailsAfter<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.0.is_empty() {
            return Err(std::io::Error::other("the disk went away"));
        }
        let n = self.0.len().min(buf.len()).min(64);
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

/// A failure part-way through a file is a read error naming the last line read, not
/// "cannot open". (A stream is read row by row when the flags settle every column; else
/// it is read whole first, for the pre-scan, and a failure leaves no event read.)
#[test]
fn a_failure_mid_file_says_where_reading_stopped() {
    let gazetteer = Gazetteer::builtin().expect("built-in gazetteer");
    let mut input = b"id,date,type,title,place,source\n".to_vec();
    for i in 0..100 {
        input.extend_from_slice(format!("kh-{i},2022,raid,T,Bavet,S\n").as_bytes());
    }
    let mut events = 0;
    let e = Loader::new(&gazetteer)
        .read_from(FailsAfter(&input), "big.csv", &mut Vec::new(), |_| {
            events += 1;
        })
        .expect_err("the read fails");
    assert_eq!(e.to_string(), "cannot read big.csv");
    assert_eq!(events, 0, "nothing is read from a stream that failed");
    let flags = prescan::Flags {
        order: Some(crate::readings::dates::DateOrder::DayFirst),
        thousands: Some(crate::readings::counts::Thousands::Comma),
    };
    let options = Options {
        flags,
        ..Options::default()
    };
    let e = Loader::new(&gazetteer)
        .with_options(options)
        .read_from(FailsAfter(&input), "big.csv", &mut Vec::new(), |_| {
            events += 1;
        })
        .expect_err("the read fails");
    assert!(
        matches!(e, ReadError::Read { line, .. } if line > 1),
        "{e:?}"
    );
    assert!(
        e.to_string().starts_with("cannot read big.csv after line "),
        "{e}"
    );
    assert!(events > 0, "the rows before the failure were read");
}

proptest! {
    /// Whatever bytes follow a valid header, reading ends in events or diagnostics, never a
    /// panic; and every row that yields no event is explained: a finding on its line, or
    /// one that stopped the file at or before it.
    #[test]
    fn every_row_without_an_event_is_explained(body in proptest::collection::vec(proptest::sample::select(b"kh-1,2022-08,raid,T,Sihanoukville,S\n\"x;\xff\x00 9".to_vec()), 0..200)) {
        let gazetteer = Gazetteer::builtin().expect("built-in gazetteer");
        let mut input = b"id,date,type,title,place,source\n".to_vec();
        input.extend_from_slice(&body);
        let mut found = Vec::new();
        let mut events = Vec::new();
        Loader::new(&gazetteer)
            .read_from(input.as_slice(), "p.csv", &mut found, |e| events.push(e.line))
            .expect("reading from memory does not fail");
        let stopped_at = found
            .iter()
            .filter(|d| matches!(d.code, crate::diagnostics::Code::TooLong | crate::diagnostics::Code::Csv))
            .map(|d| d.location.line)
            .min();
        for line in row_lines(&input) {
            if events.contains(&line) {
                continue;
            }
            let explained = found.iter().any(|d| d.location.line == line)
                || stopped_at.is_some_and(|at| at <= line);
            prop_assert!(explained, "row at line {} has no event and no finding: {:?}", line, found);
        }
    }

    /// Rows of plausible fields: the same guarantee with text that reaches every check.
    #[test]
    fn any_fields_give_an_event_or_a_finding_on_their_line(fields in proptest::collection::vec("[ -~]{0,12}", 6)) {
        let gazetteer = Gazetteer::builtin().expect("built-in gazetteer");
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(["id", "date", "type", "title", "place", "source"]).expect("header");
        writer.write_record(&fields).expect("row");
        let input = writer.into_inner().expect("flush");
        let mut found = Vec::new();
        let mut events = 0;
        Loader::new(&gazetteer)
            .read_from(input.as_slice(), "p.csv", &mut found, |_| events += 1)
            .expect("reading from memory does not fail");
        let blank = fields.iter().all(|f| f.trim().is_empty());
        prop_assert!(blank || events == 1 || found.iter().any(|d| d.location.line == 2), "{:?}", found);
    }
}

/// Loaded once for every case of the property test below.
static GAZETTEER: std::sync::LazyLock<Gazetteer> =
    std::sync::LazyLock::new(|| Gazetteer::builtin().expect("built-in gazetteer"));

/// A cell of a generated workbook row.
#[derive(Debug, Clone)]
enum Generated {
    Text(String),
    Number(f64),
    Day(u16, u8, u8),
    Blank,
}

fn generated_cell() -> impl Strategy<Value = Generated> {
    prop_oneof![
        "[ -~]{0,12}".prop_map(Generated::Text),
        proptest::sample::select(vec![
            "kh-1",
            "2022-08",
            "raid",
            "Bavet",
            "Police raid",
            "#N/A",
            "2022-08-26 14:00",
            ""
        ])
        .prop_map(|t| Generated::Text(t.to_owned())),
        (-1e6f64..1e6).prop_map(Generated::Number),
        (1900u16..2100, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Generated::Day(y, m, d)),
        Just(Generated::Blank),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// Whatever a workbook's cells hold, reading it ends in events or findings, never a
    /// panic, and every row that yields no event has a finding on its row.
    #[test]
    fn any_workbook_cells_give_an_event_or_a_finding_on_their_row(rows in proptest::collection::vec(proptest::collection::vec(generated_cell(), 0..8), 0..12)) {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        let day = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        for (col, name) in (0u16..).zip(["id", "date", "type", "title", "place", "source", "Notes"]) {
            ws.write_string(0, col, name).expect("header");
        }
        for (row, cells) in (1u32..).zip(&rows) {
            for (col, cell) in (0u16..).zip(cells) {
                match cell {
                    Generated::Text(t) => { ws.write_string(row, col, t).expect("text"); }
                    Generated::Number(n) => { ws.write_number(row, col, *n).expect("number"); }
                    Generated::Day(y, m, d) => {
                        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, *d).expect("a day");
                        ws.write_datetime_with_format(row, col, date, &day).expect("date");
                    }
                    Generated::Blank => {}
                }
            }
        }
        let bytes = wb.save_to_buffer().expect("saved");
        let mut found = Vec::new();
        let mut events = Vec::new();
        Loader::new(&GAZETTEER)
            .read_from(bytes.as_slice(), "p.xlsx", &mut found, |e| events.push(e.line))
            .expect("reading from memory does not fail");
        for (line, cells) in (2u64..).zip(&rows) {
            let blank = cells.iter().all(|c| match c {
                Generated::Text(t) => t.trim().is_empty(),
                Generated::Blank => true,
                _ => false,
            });
            if blank || events.contains(&line) {
                continue;
            }
            prop_assert!(found.iter().any(|d| d.location.line == line), "row {} has no event and no finding: {:?}", line, found);
        }
    }
}

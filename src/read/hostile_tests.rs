//! Any bytes, read as a CSV or as a damaged workbook (.xlsx, .ods, .xls), give events or
//! located findings and never a panic: the bounded, in-`cargo test` shape of the fuzz targets
//! in tests/fuzz (`events`, `sheets`). Workbooks are damaged inside their zip (an entry's XML
//! cut or overwritten, then zipped again, so calamine's parsers see the damage rather than the
//! zip reader refusing it) and as raw bytes.

use super::Loader;
use crate::diagnostics::{Diagnostic, Severity};
use crate::gazetteer::Gazetteer;
use proptest::prelude::*;
use std::io::{Cursor, Read as _, Write as _};
use std::sync::LazyLock;

static GAZETTEER: LazyLock<Gazetteer> =
    LazyLock::new(|| Gazetteer::builtin().expect("the built-in gazetteer loads"));

static XLSX: &[u8] = include_bytes!("../../tests/fixtures/sheets/analyst-libreoffice.xlsx");
static ODS: &[u8] = include_bytes!("../../tests/fixtures/sheets/analyst.ods");
static XLS: &[u8] = include_bytes!("../../tests/fixtures/sheets/analyst.xls");

/// Reads `bytes` as the file `name`; checks what every read must give, and returns the
/// findings.
fn read(bytes: &[u8], name: &str) -> Result<Vec<Diagnostic>, TestCaseError> {
    let mut found: Vec<Diagnostic> = Vec::new();
    let mut events = 0u64;
    let rows = Loader::new(&GAZETTEER)
        .read_from(bytes, name, &mut found, |_| events += 1)
        .map_err(|e| TestCaseError::fail(format!("from memory: {e}")))?;
    prop_assert!(events <= rows, "{} events from {} rows", events, rows);
    let errors = found
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    prop_assert!(
        events == rows || errors > 0,
        "a row lost without a finding: {:?}",
        found
    );
    for finding in &found {
        prop_assert!(finding.location.line >= 1, "unlocated: {}", finding);
        prop_assert!(
            finding.location.input.file == name,
            "elsewhere: {}",
            finding
        );
    }
    Ok(found)
}

/// The zip `bytes` with entry `entry` (modulo their number) edited: cut at `cut` (modulo its
/// length) when `truncate`, else each `(offset, byte)` written over it.
fn damaged_zip(
    bytes: &[u8],
    entry: usize,
    truncate: bool,
    cut: usize,
    edits: &[(usize, u8)],
) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let chosen = entry % zip.len();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).expect("an entry");
        let name = file.name().expect("a name").into_owned();
        let mut content = Vec::new();
        file.read_to_end(&mut content).expect("read");
        if i == chosen && !content.is_empty() {
            if truncate {
                content.truncate(cut % content.len());
            } else {
                for &(at, byte) in edits {
                    let at = at % content.len();
                    content[at] = byte;
                }
            }
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        out.write_all(&content).expect("write");
    }
    out.finish().expect("zip").into_inner()
}

/// Bytes that XML and CSV parsers treat specially, to be written over a file's own.
fn hostile_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        any::<u8>(),
        proptest::sample::select(b"<>/\"'&;=#x0123456789-\x00\xff\xef\r\n,".to_vec()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any bytes as a CSV, after a valid header or none.
    #[test]
    fn any_bytes_as_a_csv_give_events_or_located_findings(
        header in any::<bool>(),
        body in proptest::collection::vec(prop_oneof![
            any::<u8>(),
            proptest::sample::select(b"kh-1,2022-08,raid,T,Sihanoukville,S\n\"\r".to_vec()),
        ], 0..400),
    ) {
        let mut input = Vec::new();
        if header {
            input.extend_from_slice(b"id,date,type,title,place,origin,destination,lat,lon,people,nationalities,source,source_url\n");
        }
        input.extend_from_slice(&body);
        read(&input, "any.csv")?;
    }

    /// An .xlsx or .ods with one part cut short or overwritten: the zip is whole, its XML not.
    #[test]
    fn a_damaged_workbook_part_gives_located_findings(
        ods in any::<bool>(),
        entry in 0usize..64,
        truncate in any::<bool>(),
        cut in any::<usize>(),
        edits in proptest::collection::vec((any::<usize>(), hostile_byte()), 1..24),
    ) {
        let (base, name) = if ods { (ODS, "any.ods") } else { (XLSX, "any.xlsx") };
        read(&damaged_zip(base, entry, truncate, cut, &edits), name)?;
    }

    /// Any workbook's raw bytes overwritten or cut: the zip or the OLE container damaged.
    #[test]
    fn damaged_workbook_bytes_give_located_findings(
        which in 0usize..3,
        cut in proptest::option::of(any::<usize>()),
        edits in proptest::collection::vec((any::<usize>(), hostile_byte()), 0..24),
    ) {
        let (base, name) = [(XLSX, "any.xlsx"), (ODS, "any.ods"), (XLS, "any.xls")][which];
        let mut bytes = base.to_vec();
        for (at, byte) in edits {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut % bytes.len());
        }
        read(&bytes, name)?;
    }
}

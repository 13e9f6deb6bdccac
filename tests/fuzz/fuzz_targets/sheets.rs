//! The workbook reader: any bytes read as an .xlsx, .ods or .xls give events or located
//! findings, never a panic (calamine's own panics on damaged files are caught at the
//! workbook's edge). The first byte picks how the input is used: as a whole file, or as edits
//! (offset, byte pairs) over one of the real workbooks in tests/fixtures/sheets, so that the
//! fuzzer reaches the parsers behind a valid container quickly.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tonle::diagnostics::Diagnostic;
use tonle::gazetteer::Gazetteer;
use tonle::read::Loader;

static XLSX: &[u8] = include_bytes!("../../fixtures/sheets/analyst-libreoffice.xlsx");
static ODS: &[u8] = include_bytes!("../../fixtures/sheets/analyst.ods");
static XLS: &[u8] = include_bytes!("../../fixtures/sheets/analyst.xls");

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::builtin().expect("the built-in gazetteer loads"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&how, rest)) = data.split_first() else {
        return;
    };
    let (base, name) = [(XLSX, "f.xlsx"), (ODS, "f.ods"), (XLS, "f.xls")][usize::from(how % 3)];
    let bytes = if how & 0x80 == 0 {
        // Edits over a real workbook: 3 bytes each, a 16-bit offset and the new byte; a
        // final odd byte cuts the file at that fraction of its length.
        let mut bytes = base.to_vec();
        let mut edits = rest.chunks_exact(3);
        for edit in edits.by_ref() {
            let at = usize::from(u16::from_le_bytes([edit[0], edit[1]])) % bytes.len();
            bytes[at] = edit[2];
        }
        if let [cut, ..] = edits.remainder() {
            bytes.truncate(bytes.len() * usize::from(*cut) / 256);
        }
        bytes
    } else {
        // The input itself, behind the container's magic so that it is read as a workbook.
        let mut bytes = base[..8].to_vec();
        bytes.extend_from_slice(rest);
        bytes
    };
    let mut found: Vec<Diagnostic> = Vec::new();
    let mut events = 0u64;
    let rows = Loader::new(gazetteer())
        .read_from(bytes.as_slice(), name, &mut found, |_| events += 1)
        .expect("reading from memory does not fail");
    assert!(events <= rows);
    assert!(events == rows || !found.is_empty());
    assert!(found.iter().all(|f| f.location.line >= 1 && f.location.input.file == name));
});

//! A look at an .xls before calamine opens it. calamine reserves room for as many cells as a
//! sheet's DIMENSIONS record claims (rows × columns, read from the file); a damaged record
//! claiming a billion rows makes it ask for hundreds of gigabytes, and a failed allocation
//! aborts the process: it is not a panic, so [`super::guard`] cannot catch it (the fuzz target
//! `sheets` found one with two bytes changed). This follows the compound file's directory to
//! the `Workbook` stream, walks its records, and finds a DIMENSIONS record claiming more cells
//! than an .xls sheet can hold (65,536 rows × 256 columns), counted as calamine counts them.
//! A container it cannot follow is left to calamine, which reports it.

/// The most cells an .xls (BIFF8) sheet holds.
const MAX_CELLS: u64 = 65_536 * 256;
/// The end of a sector chain.
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// The (rows, columns) a sheet of the workbook claims when they are more cells than an .xls
/// can hold: in its DIMENSIONS record, or spanned by its cells (calamine makes the sheet a
/// dense grid from the first to the last row and column used, so one cell at column 60,000
/// is a grid of that width); `None` when every sheet is within bounds or the file cannot be
/// followed.
pub fn oversized_sheet(file: &[u8]) -> Option<(u64, u64)> {
    let stream = workbook_stream(file)?;
    let too_many = |(rows, columns): (u64, u64)| rows.saturating_mul(columns) > MAX_CELLS;
    let mut span = Span::default();
    let mut at = 0;
    while let (Some(kind), Some(len)) = (u16_at(&stream, at), u16_at(&stream, at + 2)) {
        let data = stream.get(at + 4..at + 4 + usize::from(len))?;
        match kind {
            // BOF: a sheet's records start.
            0x0809 => span = Span::default(),
            0x0200 => {
                if let Some(claim) = claimed(data).filter(|&c| too_many(c)) {
                    return Some(claim);
                }
            }
            // Number, Label, RString, BoolErr, RK, LabelSst, Formula: row, then column.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                span.add(u16_at(data, 0), u16_at(data, 2));
            }
            // MulRk, MulBlank: row, first column, ..., last column.
            0x00BD | 0x00BE => {
                span.add(u16_at(data, 0), u16_at(data, 2));
                span.add(
                    u16_at(data, 0),
                    data.len().checked_sub(2).and_then(|l| u16_at(data, l)),
                );
            }
            _ => {}
        }
        if too_many(span.size()) {
            return Some(span.size());
        }
        at += 4 + usize::from(len);
    }
    None
}

/// The rows and columns a sheet's cells span so far.
#[derive(Default)]
struct Span {
    rows: Option<(u16, u16)>,
    columns: Option<(u16, u16)>,
}

impl Span {
    fn add(&mut self, row: Option<u16>, column: Option<u16>) {
        let widen = |range: Option<(u16, u16)>, x: u16| {
            Some(range.map_or((x, x), |(lo, hi)| (lo.min(x), hi.max(x))))
        };
        if let (Some(row), Some(column)) = (row, column) {
            self.rows = widen(self.rows, row);
            self.columns = widen(self.columns, column);
        }
    }

    fn size(&self) -> (u64, u64) {
        let len = |range: Option<(u16, u16)>| range.map_or(0, |(lo, hi)| u64::from(hi - lo) + 1);
        (len(self.rows), len(self.columns))
    }
}

/// The rows and columns calamine reserves for a DIMENSIONS record (its own arithmetic, in
/// u32 as it does it, wrapping where it would in a release build).
fn claimed(data: &[u8]) -> Option<(u64, u64)> {
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)?),
            u32::from(u16_at(data, 2)?),
            u32::from(u16_at(data, 4)?),
            u32::from(u16_at(data, 6)?),
        ),
        14 | 16 => (
            u32_at(data, 0)?,
            u32_at(data, 4)?,
            u32::from(u16_at(data, 8)?),
            u32::from(u16_at(data, 10)?),
        ),
        _ => return None,
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row == 0 || last_col == 0 {
        return Some((1, 1));
    }
    let rows = (last_row - 1).wrapping_sub(first_row).wrapping_add(1);
    let columns = (last_col - 1).wrapping_sub(first_col).wrapping_add(1);
    Some((u64::from(rows), u64::from(columns)))
}

/// The `Workbook` (BIFF8) or `Book` (BIFF5) stream of a compound file.
fn workbook_stream(file: &[u8]) -> Option<Vec<u8>> {
    let cfb = Compound::parse(file)?;
    let directory = cfb.chain(u32_at(file, 0x30)?);
    let entries = directory.chunks_exact(128);
    let root = entries.clone().next()?;
    for entry in entries {
        let name_len = usize::from(u16_at(entry, 64)?).min(64);
        let name: Vec<u16> = entry
            .get(..name_len.saturating_sub(2))?
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let name = String::from_utf16_lossy(&name);
        if entry.get(66) != Some(&2) || !(name == "Workbook" || name == "Book") {
            continue;
        }
        let start = u32_at(entry, 116)?;
        let size = usize::try_from(u32_at(entry, 120)?).ok()?;
        let mut bytes = if size < usize::try_from(u32_at(file, 0x38)?).ok()? {
            cfb.mini_chain(start, &cfb.chain(u32_at(root, 116)?))?
        } else {
            cfb.chain(start)
        };
        bytes.truncate(size);
        return Some(bytes);
    }
    None
}

/// A compound file's sectors and allocation table.
struct Compound<'f> {
    file: &'f [u8],
    sector: usize,
    fat: Vec<u32>,
}

impl<'f> Compound<'f> {
    fn parse(file: &'f [u8]) -> Option<Self> {
        if file.get(..8)? != b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" {
            return None;
        }
        let sector = match u16_at(file, 0x1E)? {
            9 => 512,
            12 => 4096,
            _ => return None,
        };
        let mut this = Compound {
            file,
            sector,
            fat: Vec::new(),
        };
        // The allocation table's sectors: 109 in the header, then a chain of DIFAT sectors.
        let mut fat_sectors: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(file, 0x4C + 4 * i))
            .collect();
        let mut difat = u32_at(file, 0x44)?;
        for _ in 0..u32_at(file, 0x48)?.min(1 << 16) {
            let block = this.sector_bytes(difat)?;
            let per = sector / 4 - 1;
            fat_sectors.extend((0..per).filter_map(|i| u32_at(block, 4 * i)));
            difat = u32_at(block, 4 * per)?;
        }
        fat_sectors.truncate(usize::try_from(u32_at(file, 0x2C)?).ok()?);
        let mut fat = Vec::new();
        for s in fat_sectors {
            let Some(block) = this.sector_bytes(s) else {
                break;
            };
            fat.extend(
                block
                    .chunks_exact(4)
                    .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
            );
        }
        this.fat = fat;
        Some(this)
    }

    /// Sector `id`, or as much of it as the file holds when it is cut short (calamine reads a
    /// cut file's last sector so too).
    fn sector_bytes(&self, id: u32) -> Option<&'f [u8]> {
        let start = (usize::try_from(id).ok()? + 1).checked_mul(self.sector)?;
        let end = start.checked_add(self.sector)?.min(self.file.len());
        self.file.get(start..end)
    }

    /// The sectors of the chain from `start`, in order, as far as the file and the table
    /// go (what calamine may read of a damaged file, so that it is checked too); at most as
    /// many as the file has, so a looping chain ends.
    fn chain(&self, start: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut id = start;
        for _ in 0..=self.file.len() / self.sector {
            let Some(bytes) = self.sector_bytes(id) else {
                break;
            };
            out.extend_from_slice(bytes);
            match usize::try_from(id).ok().and_then(|i| self.fat.get(i)) {
                Some(&next) if next != END_OF_CHAIN => id = next,
                _ => break,
            }
        }
        out
    }

    /// The 64-byte mini sectors of the chain from `start` in the mini stream `mini`.
    fn mini_chain(&self, start: u32, mini: &[u8]) -> Option<Vec<u8>> {
        let minifat: Vec<u32> = self
            .chain(u32_at(self.file, 0x3C)?)
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = mini.len() / 64 + 1;
        while id != END_OF_CHAIN {
            steps = steps.checked_sub(1)?;
            let at = usize::try_from(id).ok()?.checked_mul(64)?;
            out.extend_from_slice(mini.get(at..at + 64)?);
            id = *minifat.get(usize::try_from(id).ok()?)?;
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static XLS: &[u8] = include_bytes!("../../../tests/fixtures/sheets/analyst.xls");

    #[test]
    fn a_real_workbook_is_followed_and_within_bounds() {
        let stream = workbook_stream(XLS).expect("the Workbook stream");
        assert_eq!(u16_at(&stream, 0), Some(0x0809), "starts with BOF");
        assert_eq!(oversized_sheet(XLS), None);
    }

    /// The fuzz target's finding: two bytes changed, one of them DIMENSIONS' last row.
    #[test]
    fn a_dimensions_record_claiming_a_billion_rows_is_found() {
        let mut bytes = XLS.to_vec();
        bytes[7074] = 0xf9;
        bytes[3881] = 0x3c;
        // 1,006,633,000 rows by 14 columns: 563,714,480,000 bytes of 40-byte cells, as calamine
        // asked for before aborting.
        assert_eq!(oversized_sheet(&bytes), Some((1_006_633_000, 14)));
    }

    /// The fuzz target's second finding: cells whose columns span a grid of billions.
    #[test]
    fn cells_spanning_more_than_a_sheet_holds_are_found() {
        let mut bytes = XLS.to_vec();
        // Five edits (offset, byte), then the file cut at 255/256 of its length.
        let edits = b"\x21\x5a\x32\x9f\x12\xff\xff\x12\x71\xa9\x21\x5a\xff\xff\xff";
        for edit in edits.chunks_exact(3) {
            let at = usize::from(u16::from_le_bytes([edit[0], edit[1]])) % bytes.len();
            bytes[at] = edit[2];
        }
        bytes.truncate(bytes.len() * 255 / 256);
        let (rows, columns) = oversized_sheet(&bytes).expect("found");
        assert!(rows * columns > MAX_CELLS, "{rows} by {columns}");
    }

    proptest::proptest! {
        /// Any damage to the container: an answer, never a panic.
        #[test]
        fn any_damage_is_an_answer(edits in proptest::collection::vec((0usize..8704, proptest::num::u8::ANY), 0..16), cut in 0usize..9000) {
            let mut bytes = XLS.to_vec();
            for (at, byte) in edits {
                bytes[at] = byte;
            }
            bytes.truncate(cut);
            let _ = oversized_sheet(&bytes);
        }
    }
}

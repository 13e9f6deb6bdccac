//! A row of delimited text as the CSV source and the chunk parser hand it out: the record's
//! fields, checked for UTF-8 and NUL bytes once a row.

use super::{guess_encoding, Cell, Row, Unreadable};

/// The last row read: valid UTF-8 rows are held as text (checked once for the whole row, so
/// fields are plain slices); only a row with invalid bytes is decoded field by field, to say
/// which field holds them.
#[derive(Debug, Clone)]
pub struct CsvRow {
    pub(super) record: Record,
    pub(super) line: u64,
    has_nul: bool,
}

#[derive(Debug, Clone)]
pub(super) enum Record {
    Text(csv::StringRecord),
    Bytes(csv::ByteRecord),
    /// Only while a row is being read.
    Empty,
}

impl CsvRow {
    /// The row's fields as bytes, their buffers to be reused.
    pub(super) fn into_bytes(self) -> csv::ByteRecord {
        match self.record {
            Record::Text(text) => text.into_byte_record(),
            Record::Bytes(bytes) => bytes,
            Record::Empty => csv::ByteRecord::new(),
        }
    }

    /// A row of these fields, starting on `line`: held as text when its bytes are UTF-8.
    pub(super) fn of(bytes: csv::ByteRecord, line: u64) -> CsvRow {
        let has_nul = bytes.as_slice().contains(&0);
        let record = match csv::StringRecord::from_byte_record(bytes) {
            Ok(text) => Record::Text(text),
            Err(e) => Record::Bytes(e.into_byte_record()),
        };
        CsvRow {
            record,
            line,
            has_nul,
        }
    }
}

impl Row for CsvRow {
    fn line(&self) -> u64 {
        self.line
    }

    fn width(&self) -> usize {
        match &self.record {
            Record::Text(r) => r.len(),
            Record::Bytes(r) => r.len(),
            Record::Empty => 0,
        }
    }

    fn cell(&self, pos: usize) -> Cell<'_> {
        let text = match &self.record {
            Record::Text(r) => r.get(pos),
            Record::Bytes(r) => match r.get(pos).map(std::str::from_utf8) {
                Some(Ok(text)) => Some(text),
                Some(Err(e)) => {
                    let raw = &r[pos];
                    return Cell::Unreadable(Unreadable::NotUtf8 {
                        byte: raw[e.valid_up_to()],
                        offset: e.valid_up_to(),
                        looks_like: guess_encoding(raw),
                    });
                }
                None => None,
            },
            Record::Empty => None,
        };
        match text {
            None => Cell::Empty,
            Some(text) if self.has_nul && text.contains('\0') => Cell::Unreadable(Unreadable::Nul),
            Some(text) => Cell::Text(text),
        }
    }

    fn is_blank(&self, pos: usize) -> bool {
        self.raw(pos).is_none_or(|raw| raw.trim_ascii().is_empty())
    }

    fn size_hint(&self, pos: usize) -> usize {
        self.raw(pos).map_or(0, <[u8]>::len)
    }

    fn raw(&self, pos: usize) -> Option<&[u8]> {
        match &self.record {
            Record::Text(r) => r.get(pos).map(str::as_bytes),
            Record::Bytes(r) => r.get(pos),
            Record::Empty => None,
        }
    }
}

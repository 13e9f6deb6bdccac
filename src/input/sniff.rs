//! Looking at the start of an input before reading it: whether its bytes are a workbook, and
//! which delimiter a text table uses. Spreadsheets save "CSV" with commas or, where the comma
//! is the decimal mark, with semicolons, and "Text" with tabs; the header row tells them
//! apart, as the right delimiter is the one that splits it into the column names tonle knows.

use super::HeaderSpec;
use std::io::{self, Read};

/// How much of a text input is looked at for its header row: a header is a few hundred
/// bytes, and one longer than this is read with the default delimiter.
pub const HEAD_LIMIT: usize = 1 << 16;

/// The delimiters tried, in order of preference when two split the header equally well.
pub const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];

/// What an input's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Magic {
    /// A zip archive: an .xlsx, .xlsm or .ods workbook.
    Zip,
    /// An OLE compound file: an .xls workbook (Excel 97-2003).
    Ole,
    /// Anything else: read as text.
    Text,
}

/// The kind of file `head` (its first bytes) starts.
pub fn magic(head: &[u8]) -> Magic {
    if head.starts_with(b"PK\x03\x04") {
        Magic::Zip
    } else if head.starts_with(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) {
        Magic::Ole
    } else {
        Magic::Text
    }
}

/// Reads from `input` into `head` until it holds the first line (a line break outside double
/// quotes), `limit` bytes, or all of the input.
pub fn read_first_line(input: &mut dyn Read, head: &mut Vec<u8>, limit: usize) -> io::Result<()> {
    let mut chunk = [0u8; 4096];
    loop {
        if first_line_end(head).is_some() || head.len() >= limit {
            return Ok(());
        }
        let n = match input.read(&mut chunk) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        head.extend_from_slice(&chunk[..n]);
    }
}

/// Where the first line ends (the offset of its line break), quotes taken into account.
fn first_line_end(bytes: &[u8]) -> Option<usize> {
    let mut quoted = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// The delimiter that splits the header row into the most column names `spec` knows; when
/// none names any, the one that splits it into the most fields; a comma when nothing tells.
pub fn delimiter(head: &[u8], spec: &HeaderSpec) -> u8 {
    let line = &head[..first_line_end(head).unwrap_or(head.len())];
    let score = |delimiter: u8| {
        let fields = split(line, delimiter);
        let known = fields
            .iter()
            .filter(|f| spec.lookup(&String::from_utf8_lossy(f)).is_some())
            .count();
        (known, fields.len())
    };
    let scores: Vec<(u8, usize, usize)> = DELIMITERS
        .iter()
        .map(|&d| {
            let (known, fields) = score(d);
            (d, known, fields)
        })
        .collect();
    // `max_by_key` keeps the last of equals: walking backwards, the first preferred wins.
    let by_known = scores.iter().rev().max_by_key(|s| s.1).filter(|s| s.1 > 0);
    let by_fields = scores.iter().rev().max_by_key(|s| s.2).filter(|s| s.2 > 1);
    by_known.or(by_fields).map_or(b',', |s| s.0)
}

/// The fields of one line split at `delimiter` outside double quotes, each trimmed, without
/// its quotes or a byte-order mark.
fn split(line: &[u8], delimiter: u8) -> Vec<&[u8]> {
    let mut fields = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, &b) in line.iter().enumerate() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            fields.push(clean(&line[start..i]));
            start = i + 1;
        }
    }
    fields.push(clean(&line[start..]));
    fields
}

fn clean(field: &[u8]) -> &[u8] {
    let field = field.strip_prefix("\u{feff}".as_bytes()).unwrap_or(field);
    let field = field.trim_ascii();
    field
        .strip_prefix(b"\"")
        .and_then(|f| f.strip_suffix(b"\""))
        .unwrap_or(field)
}

/// How a delimiter is named in messages: `tab-separated`.
pub fn describe(delimiter: u8) -> String {
    match delimiter {
        b',' => "comma-separated".to_owned(),
        b'\t' => "tab-separated".to_owned(),
        b';' => "semicolon-separated".to_owned(),
        b'|' => "pipe-separated".to_owned(),
        other => format!("`{}`-separated", char::from(other)),
    }
}

/// The delimiter `--delimiter` names: one ASCII character, or `tab`, `comma`, `semicolon`.
pub fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => return Ok(b'\t'),
        "comma" => return Ok(b','),
        "semicolon" => return Ok(b';'),
        "pipe" => return Ok(b'|'),
        _ => {}
    }
    match text.as_bytes() {
        [b] if b.is_ascii() && !b.is_ascii_alphanumeric() && *b != b'"' && *b != b'\n' => Ok(*b),
        _ => Err(format!(
            "--delimiter {text}: give one character such as `,` `;` `|`, or `tab`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> HeaderSpec<'static> {
        HeaderSpec::new(&["id", "date", "type", "title"], &[]).alias(3, "event title")
    }

    #[test]
    fn the_delimiter_that_names_known_columns_wins() {
        let spec = spec();
        assert_eq!(delimiter(b"id,date,type\n1,2,3", &spec), b',');
        assert_eq!(delimiter(b"id\tdate\ttype\n", &spec), b'\t');
        assert_eq!(
            delimiter(b"\xef\xbb\xbfid;date;\"Event title\"\r\n", &spec),
            b';'
        );
        // Commas inside the names of a semicolon file: the semicolons split it into names.
        assert_eq!(delimiter(b"id;date;\"title, short\";type", &spec), b';');
        // A comma inside quotes does not split.
        assert_eq!(delimiter(b"\"id,date\"|type|title", &spec), b'|');
        // Nothing known: the delimiter that splits the most; one field: a comma.
        assert_eq!(delimiter(b"a;b;c,d", &spec), b';');
        assert_eq!(delimiter(b"nothing", &spec), b',');
        assert_eq!(delimiter(b"", &spec), b',');
    }

    #[test]
    fn the_first_line_is_read_whole_and_no_further_than_needed() {
        let mut head = Vec::new();
        let text = b"id,\"a\nb\",c\nrow,2,3\n";
        read_first_line(&mut text.as_slice(), &mut head, HEAD_LIMIT).expect("memory");
        assert_eq!(first_line_end(&head), Some(10), "{head:?}");
        let mut head = Vec::new();
        read_first_line(&mut [b'x'; 100].as_slice(), &mut head, 10).expect("memory");
        assert!(head.len() >= 10);
    }

    #[test]
    fn workbooks_are_known_by_their_first_bytes() {
        assert_eq!(magic(b"PK\x03\x04rest"), Magic::Zip);
        assert_eq!(
            magic(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]),
            Magic::Ole
        );
        assert_eq!(magic(b"id,date"), Magic::Text);
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert!(parse_delimiter("ab").is_err());
        assert!(parse_delimiter("a").is_err());
    }
}

//! Two byte-level layers under the CSV parser: line ends made LF (so that line numbers are
//! right), and a guard that stops a row that never ends (an unclosed quote, a binary file)
//! before it fills memory.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

/// Turns CRLF and lone CR line ends into LF before the CSV parser sees them. The csv crate
/// counts lines by LF and puts a CRLF file's rows one line early (a row's position is the LF
/// that ends the row before it); with LF alone every line number is right. Inside a quoted
/// field a CRLF becomes LF too, which is what a line break in text means anyway.
pub struct Newlines<R> {
    inner: R,
    /// The last byte handed on was a CR turned into LF: an LF right after it is dropped.
    skip_lf: bool,
}

impl<R> Newlines<R> {
    /// Normalises the line ends of `inner`.
    pub fn new(inner: R) -> Self {
        Newlines {
            inner,
            skip_lf: false,
        }
    }
}

impl<R: Read> Read for Newlines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            // The common case, an LF file: nothing to change (`contains` is a memchr).
            if !self.skip_lf && !buf[..n].contains(&b'\r') {
                return Ok(n);
            }
            // In place: the output is never longer than the input.
            let mut w = 0;
            for r in 0..n {
                let b = buf[r];
                if std::mem::take(&mut self.skip_lf) && b == b'\n' {
                    continue;
                }
                self.skip_lf = b == b'\r';
                buf[w] = if b == b'\r' { b'\n' } else { b };
                w += 1;
            }
            if w > 0 {
                return Ok(w);
            }
        }
    }
}

/// Marks the I/O error [`Guard`] raises.
#[derive(Debug)]
pub struct TooLong;

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("row too long")
    }
}

impl std::error::Error for TooLong {}

/// How many bytes the current record has taken so far; the reader resets it to 0 at each
/// record, the guard adds to it.
pub type RecordBytes = Rc<Cell<u64>>;

/// Fails a read once more than `limit` bytes arrive without a record ending, so one endless
/// row cannot fill memory. Blank lines before a record are not part of it (the parser skips
/// them without holding them), so they are not counted: five million empty lines followed by a
/// short row are no row too long.
pub struct Guard<R> {
    inner: R,
    since_record: RecordBytes,
    limit: u64,
}

impl<R> Guard<R> {
    /// Guards `inner`; `since_record` is shared with the reader, which resets it.
    pub fn new(inner: R, since_record: RecordBytes, limit: u64) -> Self {
        Guard {
            inner,
            since_record,
            limit,
        }
    }
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let so_far = self.since_record.get();
        let counted = if so_far == 0 {
            // Nothing of this record yet: leading line ends are blank lines, not the record.
            let blank = buf[..n].iter().take_while(|&&b| b == b'\n').count();
            n - blank
        } else {
            n
        };
        let total = so_far + counted as u64;
        self.since_record.set(total);
        if total > self.limit {
            return Err(io::Error::new(io::ErrorKind::InvalidData, TooLong));
        }
        Ok(n)
    }
}

/// Whether a CSV error is the guard's.
pub fn is_too_long(e: &csv::Error) -> bool {
    matches!(e.kind(), csv::ErrorKind::Io(io) if io.get_ref().is_some_and(<dyn std::error::Error + Send + Sync>::is::<TooLong>))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out `input` `chunk` bytes at a time.
    struct Chunks<'a>(&'a [u8], usize);

    impl Read for Chunks<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(self.1).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// Reads everything through [`Newlines`], `chunk` bytes at a time.
    fn through_newlines(input: &[u8], chunk: usize) -> Vec<u8> {
        let mut out = Vec::new();
        Newlines::new(Chunks(input, chunk))
            .read_to_end(&mut out)
            .expect("reading from memory");
        out
    }

    #[test]
    fn line_ends_become_lf_whatever_the_chunking() {
        for chunk in 1..8 {
            assert_eq!(
                through_newlines(b"a\r\nb\rc\n\r\n\r", chunk),
                b"a\nb\nc\n\n\n"
            );
            assert_eq!(through_newlines(b"\r\n\r\n", chunk), b"\n\n");
            assert_eq!(through_newlines(b"plain\nlf\n", chunk), b"plain\nlf\n");
        }
    }

    #[test]
    fn blank_lines_before_a_record_do_not_count_towards_the_limit() {
        let mut input = vec![b'\n'; 100_000];
        input.extend_from_slice(b"short\n");
        let since = RecordBytes::default();
        let mut guard = Guard::new(Chunks(&input, 4096), since.clone(), 1000);
        let mut out = Vec::new();
        guard.read_to_end(&mut out).expect("not too long");
        assert_eq!(out.len(), input.len());

        let endless = vec![b'x'; 100_000];
        let mut guard = Guard::new(Chunks(&endless, 4096), RecordBytes::default(), 1000);
        let e = guard.read_to_end(&mut Vec::new()).expect_err("too long");
        assert!(e
            .get_ref()
            .is_some_and(<dyn std::error::Error + Send + Sync>::is::<TooLong>));
    }

    proptest::proptest! {
        /// Any bytes: the same as replacing CRLF, then CR, with LF in one go.
        #[test]
        fn newlines_match_a_plain_replace(input in proptest::collection::vec(proptest::sample::select(vec![b'a', b'\r', b'\n', b'"']), 0..64), chunk in 1usize..9) {
            let text = String::from_utf8(input.clone()).expect("ASCII");
            let expected = text.replace("\r\n", "\n").replace('\r', "\n");
            proptest::prop_assert_eq!(through_newlines(&input, chunk), expected.into_bytes());
        }
    }
}

//! Opening one input as a source: a workbook, known by its first bytes, goes to
//! `crate::input::workbook` (a file as it is, since calamine seeks; a stream read into memory
//! first); anything else is delimited text for `crate::input::CsvSource`.

use super::Loader;
use crate::diagnostics::{InputName, Report};
use crate::input::sniff::{self, HEAD_LIMIT};
use crate::input::workbook::{self, Format, SheetOptions, MAGIC_BYTES};
use crate::input::{CsvOptions, CsvSource, ReadError, Source};
use std::io::{BufReader, Cursor, Read, Seek};
use std::path::Path;

impl Loader<'_> {
    /// Opens a file and hands its source to `with`; `None` when there is nothing to read (a
    /// workbook that cannot be opened, a sheet it lacks: reported).
    pub(super) fn open_path<T>(
        &mut self,
        path: &Path,
        report: &mut dyn Report,
        with: impl FnOnce(&mut Self, &mut dyn Source, &mut dyn Report) -> Result<T, ReadError>,
    ) -> Result<Option<T>, ReadError> {
        let file = path.display().to_string();
        let failed = |source| ReadError::Read {
            file: file.clone(),
            line: 0,
            source,
        };
        let mut handle = std::fs::File::open(path).map_err(|source| ReadError::Open {
            file: file.clone(),
            source,
        })?;
        let mut head = Vec::with_capacity(MAGIC_BYTES);
        (&mut handle)
            .take(MAGIC_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(failed)?;
        handle.rewind().map_err(failed)?;
        match Format::of(&head, path) {
            Some(format) => self.open_workbook(BufReader::new(handle), format, &file, report, with),
            None => match self.options.progress.clone() {
                Some(bar) => self.open_text(bar.wrap_read(handle), &file, report, with),
                None => self.open_text(handle, &file, report, with),
            },
        }
    }

    /// Opens a stream (standard input, embedded text) and hands its source to `with`; a
    /// workbook is read into memory first, as calamine needs to seek.
    pub(super) fn open_stream<T>(
        &mut self,
        mut input: impl Read,
        file: &str,
        report: &mut dyn Report,
        with: impl FnOnce(&mut Self, &mut dyn Source, &mut dyn Report) -> Result<T, ReadError>,
    ) -> Result<Option<T>, ReadError> {
        let failed = |source| ReadError::Read {
            file: file.to_owned(),
            line: 0,
            source,
        };
        let mut head = Vec::with_capacity(MAGIC_BYTES);
        (&mut input)
            .take(MAGIC_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(failed)?;
        match Format::of(&head, Path::new(file)) {
            Some(format) => {
                input.read_to_end(&mut head).map_err(failed)?;
                self.open_workbook(Cursor::new(head), format, file, report, with)
            }
            None => self.open_text(Cursor::new(head).chain(input), file, report, with),
        }
    }

    fn open_text<T>(
        &mut self,
        input: impl Read,
        file: &str,
        report: &mut dyn Report,
        with: impl FnOnce(&mut Self, &mut dyn Source, &mut dyn Report) -> Result<T, ReadError>,
    ) -> Result<Option<T>, ReadError> {
        let spec = self.spec.clone();
        let options = CsvOptions {
            encoding: self.options.encoding,
            delimiter: self.options.delimiter,
            spec: Some(&spec),
            chunk_bytes: (self.options.threads > 1).then(|| {
                self.options
                    .chunk_bytes
                    .unwrap_or(crate::input::chunked::TARGET)
            }),
        };
        let mut source = CsvSource::open(
            input,
            InputName::file(file),
            options,
            self.options.limits,
            report,
        )?;
        with(self, &mut source, report).map(Some)
    }

    fn open_workbook<T>(
        &mut self,
        reader: impl Read + Seek,
        format: Format,
        file: &str,
        report: &mut dyn Report,
        with: impl FnOnce(&mut Self, &mut dyn Source, &mut dyn Report) -> Result<T, ReadError>,
    ) -> Result<Option<T>, ReadError> {
        let spec = self.spec.clone();
        let sheet = self.options.sheet.clone();
        let options = SheetOptions {
            sheet: sheet.as_deref(),
            spec: &spec,
            limits: self.options.limits,
        };
        workbook::with_sheet(reader, format, file, options, report, |source, report| {
            with(self, source, report)
        })
    }
}

/// Reads the start of a stream that can be read only once (standard input) far enough to
/// know its header: a workbook whole, a text as far as the end of its first line. The bytes
/// are read again, first, by the read that follows.
pub fn read_ahead(mut input: impl Read, file: &str) -> Result<Vec<u8>, ReadError> {
    let failed = |source| ReadError::Read {
        file: file.to_owned(),
        line: 0,
        source,
    };
    let mut head = Vec::with_capacity(MAGIC_BYTES);
    (&mut input)
        .take(MAGIC_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(failed)?;
    if Format::of(&head, Path::new(file)).is_some() {
        input.read_to_end(&mut head).map_err(failed)?;
    } else {
        sniff::read_first_line(&mut input, &mut head, HEAD_LIMIT).map_err(failed)?;
    }
    Ok(head)
}

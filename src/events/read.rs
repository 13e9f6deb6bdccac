//! Reading event CSV: streaming, every field checked, every problem reported with its place.

use super::{Counts, Event, EventType, Point, TextBuilder};
use crate::dates;
use crate::diagnostics::{Code, Diagnostic};
use crate::gazetteer::{Gazetteer, PlaceIdx, PlaceKind};
use crate::table::{did_you_mean, read_rows, utf8_field, Header, Limits};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{BufRead, Read};
use std::sync::Arc;

/// Every column the schema knows, in the order of its documentation.
pub const COLUMNS: &[&str] = &[
    "id",
    "date",
    "type",
    "title",
    "place",
    "origin",
    "destination",
    "place_text",
    "lat",
    "lon",
    "arrested",
    "rescued",
    "deported",
    "victims",
    "people",
    "count_note",
    "nationalities",
    "actors",
    "description",
    "source",
    "source_url",
    "source_date",
    "tags",
];
const REQUIRED: &[&str] = &["id", "date", "type", "title", "source"];

// Positions in COLUMNS, so that a row's fields are looked up without string compares.
const ID: usize = 0;
const DATE: usize = 1;
const TYPE: usize = 2;
const TITLE: usize = 3;
const PLACE: usize = 4;
const ORIGIN: usize = 5;
const DESTINATION: usize = 6;
const PLACE_TEXT: usize = 7;
const LAT: usize = 8;
const LON: usize = 9;
const COUNTS: usize = 10;
const COUNT_NOTE: usize = 15;
const NATIONALITIES: usize = 16;
const ACTORS: usize = 17;
const DESCRIPTION: usize = 18;
const SOURCE: usize = 19;
const SOURCE_URL: usize = 20;
const SOURCE_DATE: usize = 21;
const TAGS: usize = 22;

/// A failure to read an input at all (as opposed to a finding in it).
#[derive(Debug, thiserror::Error)]
#[error("cannot open {file}")]
pub struct ReadError {
    /// The file as the user named it.
    pub file: String,
    /// The cause.
    pub source: std::io::Error,
}

/// Reads event files against a gazetteer, remembering ids across files so that a duplicate
/// in a second file is caught too.
pub struct Loader<'g> {
    gazetteer: &'g Gazetteer,
    /// Ids read so far, by a 64-bit hash of the id, with where they were read (file index in
    /// the top 16 bits, line below): 16 bytes an id however long, so a million rows cost tens
    /// of megabytes, not hundreds. Two different ids sharing a hash (about one chance in 10^7
    /// for a million ids) would be reported as a duplicate.
    seen: HashMap<u64, u64>,
    files: Vec<Arc<str>>,
    cache: PlaceCache,
    encoding: Option<&'static encoding_rs::Encoding>,
    limits: Limits,
}

impl<'g> Loader<'g> {
    /// A loader that resolves places in `gazetteer`.
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        Loader {
            gazetteer,
            seen: HashMap::new(),
            files: Vec::new(),
            cache: PlaceCache::new(),
            encoding: None,
            limits: Limits::default(),
        }
    }

    /// Reads with these limits on field size and rows per file.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Reads files in this encoding (e.g. Windows-1252, UTF-16) instead of UTF-8; a byte-order
    /// mark still wins.
    #[must_use]
    pub fn with_encoding(mut self, encoding: Option<&'static encoding_rs::Encoding>) -> Self {
        self.encoding = encoding;
        self
    }

    /// Reads a file (`-` for standard input) with [`Loader::read_from`]; the path as given
    /// names the file in every message.
    pub fn read_path(
        &mut self,
        path: &std::path::Path,
        diagnostics: &mut Vec<Diagnostic>,
        on_event: impl FnMut(Event),
    ) -> Result<u64, ReadError> {
        let file = path.display().to_string();
        let input = crate::io::open(path).map_err(|source| ReadError {
            file: file.clone(),
            source,
        })?;
        self.read_from(input, &file, diagnostics, on_event)
    }

    /// Reads one CSV stream, passing each valid event to `on_event` as soon as it is read and
    /// adding every problem found to `diagnostics`. Returns the number of data rows read.
    pub fn read_from<R: Read>(
        &mut self,
        input: R,
        file: &str,
        diagnostics: &mut Vec<Diagnostic>,
        mut on_event: impl FnMut(Event),
    ) -> Result<u64, ReadError> {
        let file: Arc<str> = Arc::from(file);
        let io_error = |source| ReadError {
            file: file.to_string(),
            source,
        };
        let input: Box<dyn Read + '_> = if let Some(encoding) = self.encoding {
            Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(Some(encoding))
                    .build(input),
            )
        } else {
            let mut input = std::io::BufReader::new(input);
            if let Some(found) = utf16_bom(input.fill_buf().map_err(io_error)?) {
                diagnostics.push(
                    Diagnostic::line(
                        &file,
                        1,
                        Code::NotUtf8,
                        format!("the file is {found} (Excel's \"Unicode text\"), not UTF-8"),
                    )
                    .with_hint(
                        "read it as it is with `--encoding utf-16`, or save it as \"CSV UTF-8\"",
                    ),
                );
                return Ok(0);
            }
            Box::new(input)
        };
        let limits = self.limits;
        let Loader {
            gazetteer,
            seen,
            cache,
            files,
            ..
        } = self;
        let file_index = files.len();
        files.push(file.clone());
        let rows = read_rows(
            input,
            &file,
            COLUMNS,
            REQUIRED,
            limits,
            diagnostics,
            |header, line, record, diagnostics| {
                let mut row = RowReader {
                    whole: std::str::from_utf8(record.as_slice()).ok(),
                    has_nul: record.as_slice().contains(&0),
                    cache: &mut *cache,
                    file: &file,
                    line,
                    header,
                    record,
                    diagnostics,
                    gazetteer,
                    ok: true,
                };
                if let Some(event) = row.event(&file) {
                    let column = header.position(ID).map_or(1, |p| p as u64 + 1);
                    if first_use(seen, files, file_index, &event, column, diagnostics) {
                        on_event(event);
                    }
                }
            },
        )
        .map_err(io_error)?;
        Ok(rows)
    }
}

/// The encoding a UTF-16 byte-order mark names, if the bytes start with one.
fn utf16_bom(head: &[u8]) -> Option<&'static str> {
    match head {
        [0xff, 0xfe, ..] => Some("UTF-16 little-endian"),
        [0xfe, 0xff, ..] => Some("UTF-16 big-endian"),
        _ => None,
    }
}

/// Records an event's id; a second use is reported and the event dropped.
fn first_use(
    seen: &mut HashMap<u64, u64>,
    files: &[Arc<str>],
    file_index: usize,
    event: &Event,
    column: u64,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: the same ids give the same hashes on every run.
    let mut hasher = std::hash::DefaultHasher::new();
    event.id().hash(&mut hasher);
    let key = hasher.finish();
    if let Some(&at) = seen.get(&key) {
        let first_file = usize::try_from(at >> LINE_BITS)
            .ok()
            .and_then(|i| files.get(i))
            .map_or("?", |f| &**f);
        let first_line = at & ((1 << LINE_BITS) - 1);
        diagnostics.push(
            Diagnostic::field(
                &event.file,
                event.line,
                column,
                "id",
                Code::DuplicateId,
                format!(
                    "id `{}` is already used at {first_file}:{first_line}",
                    event.id()
                ),
            )
            .with_hint("ids are unique and never reused: give this event a new id"),
        );
        return false;
    }
    let index = u64::try_from(file_index).unwrap_or(u64::MAX);
    seen.insert(
        key,
        (index << LINE_BITS) | event.line.min((1 << LINE_BITS) - 1),
    );
    true
}

/// Bits of a `seen` entry that hold the line (the rest hold the file's index).
const LINE_BITS: u32 = 48;

/// Place names already resolved in this run, with the outcome. A real file names a few
/// hundred places in many rows, so most lookups become one hash probe instead of normalising
/// the name and searching the gazetteer.
type PlaceCache = HashMap<Box<str>, Result<PlaceIdx, (String, Option<String>)>>;

/// At most this many distinct names are cached, so a file of unique names cannot grow the
/// cache without bound (beyond it names are resolved each time, as without a cache).
const CACHE_MAX: usize = 1 << 16;

/// Checks the fields of one row.
struct RowReader<'a> {
    /// The whole row as text, when it is valid UTF-8 (checked once, not field by field);
    /// fields are slices of it.
    whole: Option<&'a str>,
    /// Whether the row has a NUL byte anywhere (one memchr a row, not one a field).
    has_nul: bool,
    cache: &'a mut PlaceCache,
    file: &'a str,
    line: u64,
    header: &'a Header,
    record: &'a csv::ByteRecord,
    diagnostics: &'a mut Vec<Diagnostic>,
    gazetteer: &'a Gazetteer,
    ok: bool,
}

impl<'a> RowReader<'a> {
    fn column(&self, k: usize) -> u64 {
        self.header.position(k).map_or(0, |p| p as u64 + 1)
    }

    /// The trimmed text of column `k`, empty when the file has no such column.
    fn text(&mut self, k: usize) -> &'a str {
        let Some(pos) = self.header.position(k) else {
            return "";
        };
        let record: &'a csv::ByteRecord = self.record;
        // A valid row is sliced; only a row with invalid bytes is decoded field by field, to
        // say which field holds them.
        let sliced = self
            .whole
            .zip(record.range(pos))
            .and_then(|(whole, range)| whole.get(range));
        let text = sliced.or_else(|| {
            utf8_field(
                self.file,
                self.line,
                &record[pos],
                pos as u64 + 1,
                COLUMNS[k],
                self.diagnostics,
            )
        });
        match text {
            Some(text) if self.has_nul && text.contains('\0') => {
                self.report(
                    k,
                    Code::NulByte,
                    "the field contains a NUL byte".to_owned(),
                    "remove it; a CSV of text has none",
                );
                ""
            }
            Some(text) => text.trim(),
            None => {
                self.ok = false;
                ""
            }
        }
    }

    /// The raw size of column `k`, to size an event's text before it is decoded.
    fn raw_len(&self, k: usize) -> usize {
        self.header
            .position(k)
            .map_or(0, |pos| self.record[pos].len())
    }

    fn report(&mut self, k: usize, code: Code, message: String, hint: &str) {
        self.ok = false;
        let d = Diagnostic::field(
            self.file,
            self.line,
            self.column(k),
            COLUMNS[k],
            code,
            message,
        );
        self.diagnostics.push(if hint.is_empty() {
            d
        } else {
            d.with_hint(hint.to_owned())
        });
    }

    /// Whether the file has column `k` and the row has something in it (before decoding).
    fn given(&self, k: usize) -> bool {
        self.header
            .position(k)
            .is_some_and(|pos| !self.record[pos].trim_ascii().is_empty())
    }

    fn required(&mut self, k: usize) -> &'a str {
        let value = self.text(k);
        // A field that is there but could not be read was reported already.
        if value.is_empty() && self.header.position(k).is_some() && !self.given(k) {
            self.report(
                k,
                Code::MissingValue,
                format!("`{}` is empty", COLUMNS[k]),
                "every event needs one",
            );
        }
        value
    }

    fn event(&mut self, file: &Arc<str>) -> Option<Event> {
        // Every text field goes into one string, in the order of `Text`, which is also the
        // order the fields are checked in (and so the order of the diagnostics).
        let room = [
            ID,
            TITLE,
            NATIONALITIES,
            SOURCE,
            SOURCE_URL,
            PLACE_TEXT,
            COUNT_NOTE,
            ACTORS,
            DESCRIPTION,
            TAGS,
        ]
        .iter()
        .map(|&k| self.raw_len(k))
        .sum();
        let mut text = TextBuilder::with_capacity(room);
        let id = self.required(ID);
        if id.chars().any(char::is_whitespace) {
            self.report(
                ID,
                Code::BadId,
                format!("id `{id}` contains white space"),
                "use letters, digits and hyphens, e.g. kh-2022-014",
            );
        }
        text.field(id);
        let date = self.date();
        let kind = self.kind();
        text.field(self.required(TITLE));
        let (place, origin, destination) = self.places();
        let point = self.point();
        let counts = Counts {
            arrested: self.count(COUNTS),
            rescued: self.count(COUNTS + 1),
            deported: self.count(COUNTS + 2),
            victims: self.count(COUNTS + 3),
            people: self.count(COUNTS + 4),
        };
        self.nationalities(&mut text);
        text.field(self.required(SOURCE));
        self.urls(&mut text);
        let source_date = self.source_date();
        text.field(self.text(PLACE_TEXT));
        text.field(self.text(COUNT_NOTE));
        self.list(ACTORS, &mut text);
        text.field(self.text(DESCRIPTION));
        self.list(TAGS, &mut text);
        if !self.ok {
            return None;
        }
        Some(Event {
            text: text.finish(),
            date: date?,
            kind: kind?,
            place,
            origin,
            destination,
            point,
            counts,
            source_date,
            file: file.clone(),
            line: self.line,
        })
    }

    fn date(&mut self) -> Option<dates::EventDate> {
        let text = self.required(DATE);
        if text.is_empty() {
            return None;
        }
        match dates::parse(text) {
            Ok(date) => Some(date),
            Err(e) => {
                self.report(DATE, Code::BadDate, e.message, e.hint);
                None
            }
        }
    }

    fn kind(&mut self) -> Option<EventType> {
        let text = self.required(TYPE);
        if text.is_empty() {
            return None;
        }
        let lower = text.to_ascii_lowercase().replace([' ', '-'], "_");
        if let Some(kind) = EventType::parse(&lower) {
            return Some(kind);
        }
        let names: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
        let hint = match did_you_mean(&lower, names.iter().copied()) {
            Some(best) => format!("did you mean `{best}`? The types are: {}", names.join(", ")),
            None => format!("one of: {}", names.join(", ")),
        };
        self.report(
            TYPE,
            Code::UnknownType,
            format!("unknown event type `{text}`"),
            &hint,
        );
        None
    }

    fn resolve(&mut self, k: usize) -> Option<PlaceIdx> {
        let text = self.text(k);
        if text.is_empty() {
            return None;
        }
        let resolved = if let Some(r) = self.cache.get(text) {
            r.clone()
        } else {
            let r = match self.gazetteer.resolve(text) {
                Ok(m) => Ok(m.place),
                Err(e) => Err(self.gazetteer.explain(text, &e)),
            };
            if self.cache.len() < CACHE_MAX {
                self.cache.insert(text.into(), r.clone());
            }
            r
        };
        match resolved {
            Ok(place) => Some(place),
            Err((message, hint)) => {
                self.report(
                    k,
                    Code::UnknownPlace,
                    message,
                    hint.as_deref().unwrap_or(""),
                );
                None
            }
        }
    }

    fn places(&mut self) -> (Option<PlaceIdx>, Option<PlaceIdx>, Option<PlaceIdx>) {
        // Each field is decoded once, in `resolve`; whether it was given is read from the raw
        // bytes, so an undecodable place is reported as such and not also as missing.
        let (has_place, has_origin, has_destination) = (
            self.given(PLACE),
            self.given(ORIGIN),
            self.given(DESTINATION),
        );
        let place = self.resolve(PLACE);
        let origin = self.resolve(ORIGIN);
        let destination = self.resolve(DESTINATION);
        if has_origin != has_destination {
            let (k, missing) = if has_origin {
                (DESTINATION, "destination")
            } else {
                (ORIGIN, "origin")
            };
            self.report(
                k,
                Code::HalfMovement,
                format!("a movement needs both an origin and a destination; `{missing}` is empty"),
                "fill in both, or move the place to the `place` column",
            );
        } else if !has_place && !has_origin {
            self.report(
                PLACE,
                Code::NoPlace,
                "the event has no place: `place` is empty and there is no origin and destination".to_owned(),
                "name a place (a gazetteer name, alias or id; `Cambodia` for national facts), or an origin and a destination",
            );
        }
        (place, origin, destination)
    }

    fn point(&mut self) -> Option<Point> {
        let lat_text = self.text(LAT);
        let lon_text = self.text(LON);
        if lat_text.is_empty() && lon_text.is_empty() {
            return None;
        }
        if lat_text.is_empty() || lon_text.is_empty() {
            let k = if lat_text.is_empty() { LAT } else { LON };
            self.report(
                k,
                Code::HalfPoint,
                "give both `lat` and `lon`, or neither".to_owned(),
                "the point overrides the gazetteer's; leave both empty to use it",
            );
            return None;
        }
        let lat = self.coordinate(LAT, lat_text);
        let lon = self.coordinate(LON, lon_text);
        let (lat, lon) = (lat?, lon?);
        if lat.abs() > 90.0 {
            let hint = if lon.abs() <= 90.0 {
                "lat and lon look swapped: latitude comes first and Cambodia's is about 10 to 15"
            } else {
                "latitude is between -90 and 90"
            };
            self.report(
                LAT,
                Code::OutOfRange,
                format!("latitude {lat_text} is out of range"),
                hint,
            );
            return None;
        }
        if lon.abs() > 180.0 {
            self.report(
                LON,
                Code::OutOfRange,
                format!("longitude {lon_text} is out of range"),
                "longitude is between -180 and 180",
            );
            return None;
        }
        Some(Point { lat, lon })
    }

    fn coordinate(&mut self, k: usize, text: &str) -> Option<f64> {
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Some(v),
            _ => {
                self.report(
                    k,
                    Code::BadNumber,
                    format!("`{text}` is not a coordinate"),
                    "write decimal degrees with a dot, e.g. 10.609 (not NaN, infinity or degrees-minutes-seconds)",
                );
                None
            }
        }
    }

    fn count(&mut self, k: usize) -> Option<u64> {
        let text = self.text(k);
        if text.is_empty() {
            return None;
        }
        if let Ok(n) = text.parse::<u64>() {
            return Some(n);
        }
        let hint = if text.contains([',', ' ', '\u{a0}', '.', '\''])
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || ", .'\u{a0}".contains(c))
        {
            "write the number without thousands separators (1310, not 1,310); a decimal is not a count of people"
        } else if text.starts_with('-') {
            "counts are whole numbers of people, 0 or more"
        } else {
            "a whole number of people, or empty when unknown; for \"over 100\" or \"4 or 5\" write the lowest figure and say so in count_note"
        };
        self.report(
            k,
            Code::BadCount,
            format!("`{}` is not a whole number: `{text}`", COLUMNS[k]),
            hint,
        );
        None
    }

    /// Checks the nationalities and writes them, canonical, as the next text field.
    fn nationalities(&mut self, out: &mut TextBuilder) {
        let text = self.text(NATIONALITIES);
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (code, count) = match part.split_once(':') {
                Some((code, count)) => (code.trim(), Some(count.trim())),
                None => (part, None),
            };
            if !crate::countries::is_alpha2(code) {
                let upper = code.to_ascii_uppercase();
                let hint = if crate::countries::is_alpha2(&upper) {
                    format!("write country codes in capitals: `{upper}`")
                } else if let Some(country) = self
                    .gazetteer
                    .resolve(code)
                    .ok()
                    .map(|m| self.gazetteer.place(m.place))
                    .filter(|p| p.kind == PlaceKind::Country)
                {
                    format!(
                        "write the ISO 3166-1 alpha-2 code: `{}` for {}",
                        country.country, country.name
                    )
                } else {
                    "ISO 3166-1 alpha-2 codes separated by `;`, with optional counts: CN:62;VN:9;KH:13".to_owned()
                };
                self.report(
                    NATIONALITIES,
                    Code::BadNationality,
                    format!("`{code}` is not an ISO 3166-1 alpha-2 country code"),
                    &hint,
                );
                continue;
            }
            let count = match count.map(str::parse::<u64>) {
                None => None,
                Some(Ok(n)) => Some(n),
                Some(Err(_)) => {
                    self.report(
                        NATIONALITIES,
                        Code::BadCount,
                        format!("the count for {code} in `{part}` is not a whole number"),
                        "write CODE:COUNT, e.g. CN:62",
                    );
                    continue;
                }
            };
            out.item(code);
            if let Some(count) = count {
                // Writing to a String cannot fail.
                let _ = write!(out, ":{count}");
            }
        }
        out.end();
    }

    /// Checks the source links and writes the good ones as the next text field.
    fn urls(&mut self, out: &mut TextBuilder) {
        let text = self.text(SOURCE_URL);
        for url in text.split(';').map(str::trim).filter(|u| !u.is_empty()) {
            let rest = url
                .strip_prefix("https://")
                .or_else(|| url.strip_prefix("http://"));
            let host_ok = rest.is_some_and(|r| {
                let host = r.split(['/', '?', '#']).next().unwrap_or("");
                !host.is_empty() && host.contains('.')
            });
            if host_ok
                && !url.contains(|c: char| {
                    c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>'
                })
            {
                out.item(url);
            } else {
                self.report(
                    SOURCE_URL,
                    Code::BadUrl,
                    format!("`{url}` is not an http(s) URL"),
                    "only links of the form https://host/path are kept; separate several with `;`",
                );
            }
        }
        out.end();
    }

    fn source_date(&mut self) -> Option<chrono::NaiveDate> {
        let text = self.text(SOURCE_DATE);
        if text.is_empty() {
            return None;
        }
        match dates::parse_day(text) {
            Ok(day) => Some(day),
            Err(e) => {
                self.report(SOURCE_DATE, Code::BadDate, e.message, e.hint);
                None
            }
        }
    }

    /// A `;`-separated list, trimmed, empty items dropped, as the next text field.
    fn list(&mut self, k: usize, out: &mut TextBuilder) {
        for item in self
            .text(k)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            out.item(item);
        }
        out.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever bytes arrive, reading ends in events or diagnostics, never a panic; and
        /// every line that yields no event is explained.
        #[test]
        fn any_bytes_give_events_or_diagnostics(body in proptest::collection::vec(any::<u8>(), 0..400)) {
            let gazetteer = Gazetteer::builtin().expect("built-in gazetteer");
            let mut input = b"id,date,type,title,place,source\n".to_vec();
            input.extend_from_slice(&body);
            let mut diagnostics = Vec::new();
            let mut events = 0;
            let rows = Loader::new(&gazetteer)
                .read_from(input.as_slice(), "p.csv", &mut diagnostics, |_| events += 1)
                .expect("reading from memory does not fail");
            prop_assert!(events <= rows);
            prop_assert!(events == rows || !diagnostics.is_empty());
        }

        /// Rows of plausible fields: the same guarantee with text that reaches every check.
        #[test]
        fn any_fields_give_events_or_diagnostics(fields in proptest::collection::vec("[ -~]{0,12}", 6)) {
            let gazetteer = Gazetteer::builtin().expect("built-in gazetteer");
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(["id", "date", "type", "title", "place", "source"]).expect("header");
            writer.write_record(&fields).expect("row");
            let input = writer.into_inner().expect("flush");
            let mut diagnostics = Vec::new();
            let mut events = 0;
            Loader::new(&gazetteer)
                .read_from(input.as_slice(), "p.csv", &mut diagnostics, |_| events += 1)
                .expect("reading from memory does not fail");
            prop_assert!(events == 1 || !diagnostics.is_empty());
        }
    }
}

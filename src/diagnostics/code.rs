//! The stable codes that name each kind of finding: the `code` of `--format json`, and what
//! scripts and tests match on. One enum, so that a code is never a string typed twice.

use serde::Serialize;

/// Declares [`Code`] with each code's kebab-case name and what it means.
macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal,)*) => {
        /// What kind of finding a diagnostic is. The names are stable (`unknown-place`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case name printed in JSON and documented in the README.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// The code of a kebab-case name (`crate::readings` names its errors' kinds so).
            pub fn from_name(name: &str) -> Option<Code> {
                match name {
                    $($name => Some(Code::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

codes! {
    // Reading a file: encodings, framing, limits.
    /// Bytes that are not UTF-8 (a header, a field or the whole file).
    NotUtf8 = "not-utf8",
    /// A NUL byte inside a field.
    NulByte = "nul-byte",
    /// The CSV parser refused the bytes.
    Csv = "csv",
    /// A row or field over the size limit.
    TooLong = "too-long",
    /// A header with more columns than any table of ours has.
    TooManyColumns = "too-many-columns",
    /// More rows than `--max-rows`.
    TooManyRows = "too-many-rows",
    /// A row with more or fewer fields than the header.
    RaggedRow = "ragged-row",
    /// A quote that opens a field and is never closed, swallowing the rows after it.
    UnclosedQuote = "unclosed-quote",
    /// A file with no header row at all.
    EmptyFile = "empty-file",
    /// A header and no data rows.
    NoRows = "no-rows",
    /// A workbook calamine cannot read (damaged, encrypted, not a workbook).
    BadWorkbook = "bad-workbook",
    /// `--sheet` names no sheet of the workbook, or no sheet has a header.
    UnknownSheet = "unknown-sheet",
    /// Which sheet of a workbook was read, and which were not (a note).
    SheetRead = "sheet-read",
    /// The delimiter found from the header row, when it is not a comma (a note).
    Delimiter = "delimiter",
    /// A spreadsheet cell holding a formula's error (`#N/A`, `#REF!`).
    CellError = "cell-error",
    // The header.
    /// A first row that names none of the known columns.
    NoHeader = "no-header",
    /// A column named twice.
    DuplicateColumn = "duplicate-column",
    /// A column the table does not know.
    UnknownColumn = "unknown-column",
    /// A required column absent from the header.
    MissingColumn = "missing-column",
    /// Header spellings read as a column's canonical name (a note).
    ColumnNames = "column-names",
    /// Columns tonle does not know, carried into the outputs as they are (a note).
    ExtraColumns = "extra-columns",
    /// Values under a header cell that names no column: not read.
    UnnamedColumn = "unnamed-column",
    /// A `--columns` mapping file that cannot be used.
    BadColumns = "bad-columns",
    /// Ids made from the file name and row, for a sheet with no `id` column (a note).
    GeneratedIds = "generated-ids",
    // Values.
    /// A required value left empty.
    MissingValue = "missing-value",
    /// An id that is not well formed.
    BadId = "bad-id",
    /// An id used twice.
    DuplicateId = "duplicate-id",
    /// A date that is not EDTF (or not a full day where one is needed).
    BadDate = "bad-date",
    /// An event type outside the closed list.
    UnknownType = "unknown-type",
    /// A place name the gazetteer does not resolve.
    UnknownPlace = "unknown-place",
    /// An origin without a destination, or the reverse.
    HalfMovement = "half-movement",
    /// An event with neither a place nor a movement.
    NoPlace = "no-place",
    /// A latitude without a longitude, or the reverse.
    HalfPoint = "half-point",
    /// A number outside its range.
    OutOfRange = "out-of-range",
    /// Text where a number should be.
    BadNumber = "bad-number",
    /// A count that is not a whole number of people.
    BadCount = "bad-count",
    /// A nationality that is not an ISO 3166-1 alpha-2 code.
    BadNationality = "bad-nationality",
    /// A link that is not an http(s) URL.
    BadUrl = "bad-url",
    // Readings (docs/readings.md).
    /// How a cell was read by a stated rule (`read "Sept 2022" as 2022-09`): a note.
    ReadAs = "read-as",
    /// What settled a column's day/month order or thousands separator: a note naming the cell.
    ColumnSettled = "column-settled",
    /// A date that can mean two things (`05/04/2023` with no order settled).
    AmbiguousDate = "ambiguous-date",
    /// A date column whose order nothing settles (no flag, no day over 12).
    AmbiguousDateOrder = "ambiguous-date-order",
    /// A date column with cells only day first and others only month first.
    ConflictingDateOrder = "conflicting-date-order",
    /// A year outside the years tonle reads.
    YearOutOfRange = "year-out-of-range",
    /// A count that can mean two things (`1,310` with no thousands separator settled).
    AmbiguousCount = "ambiguous-count",
    /// A count column whose cells settle the thousands separator both ways.
    ConflictingThousands = "conflicting-thousands",
    /// A count with no figure (`dozens`).
    VagueCount = "vague-count",
    /// A word for more than one country (`Korean`).
    AmbiguousNationality = "ambiguous-nationality",
    /// A word that names no country.
    UnknownNationality = "unknown-nationality",
    /// A type cell whose words name two types (`Raid and rescue`).
    AmbiguousType = "ambiguous-type",
    /// A `province` cell that is not the province of the row's place.
    ProvinceMismatch = "province-mismatch",
    // Journeys.
    /// A journey id that is not well formed.
    BadJourney = "bad-journey",
    /// A leg number that is not a whole number from 1.
    BadLeg = "bad-leg",
    /// A stage outside the closed list.
    UnknownStage = "unknown-stage",
    /// A mode of travel outside the closed list.
    UnknownMode = "unknown-mode",
    /// A journey, leg, stage, mode or via on a row that is not a movement.
    NotAMovement = "not-a-movement",
    /// A journey without a leg number, or the reverse.
    HalfLeg = "half-leg",
    /// `via` on a row that is a leg of a journey spread over rows.
    ViaInJourney = "via-in-journey",
    /// A stop named twice in a row, which would make a leg from a place to itself.
    RepeatedStop = "repeated-stop",
    /// A journey whose leg does not start where the one before ends.
    BrokenJourney = "broken-journey",
    /// A journey with a gap in its leg numbers.
    MissingLeg = "missing-leg",
    /// A journey with two legs of the same number.
    DuplicateLeg = "duplicate-leg",
    /// A journey whose legs' dates go backwards (a warning).
    JourneyBackwards = "journey-backwards",
    /// A journey id that is also the id of a row with `via` (a journey of its own).
    JourneyIdClash = "journey-id-clash",
    // Publishing safely.
    /// A status outside the closed list.
    UnknownStatus = "unknown-status",
    /// A sensitivity outside the closed list.
    UnknownSensitivity = "unknown-sensitivity",
    /// `source` and `source_url` lists of different lengths.
    MisalignedSources = "misaligned-sources",
    /// A `source_id` the `--sources` file does not have.
    UnknownSource = "unknown-source",
    /// A row with no source at all (`tonle check`).
    Unsourced = "unsourced",
    /// A large count resting on one outlet (`tonle check`, a warning).
    SingleSource = "single-source",
    /// A count whose text says "estimate" or "claim" but whose status says nothing (`tonle check`).
    ClaimWithoutStatus = "claim-without-status",
    /// An event dated after its source was published (`tonle check`).
    DatedAfterSource = "dated-after-source",
    /// A restricted row whose exact point or place would be published (`tonle check`).
    ExactPointPublished = "exact-point-published",
    /// A private value or a confidential row found in a public output (`tonle check`).
    PrivateValuePublished = "private-value-published",
    // The gazetteer.
    /// An ISO or P-code that is not well formed.
    BadCode = "bad-code",
    /// Two provinces with one code.
    DuplicateCode = "duplicate-code",
    /// A zone kind outside the list.
    UnknownKind = "unknown-kind",
    /// A point precision outside the list.
    UnknownPrecision = "unknown-precision",
    /// A zone naming a province the gazetteer does not have.
    UnknownProvince = "unknown-province",
    /// A name two places share with no rule to decide between them.
    AmbiguousName = "ambiguous-name",
    /// An invisible or bidi-control character in an id or a name.
    InvisibleCharacter = "invisible-character",
    /// A character XML 1.0 cannot carry (a C0 control, U+FFFE, U+FFFF) in a text cell.
    NotXmlText = "not-xml-text",
    /// A national code the list of official units does not have.
    UnknownCode = "unknown-code",
    /// An official unit naming a parent unit the list does not have.
    UnknownUnit = "unknown-unit",
    /// An official unit whose code puts it in another province than the row says.
    WrongProvince = "wrong-province",
    /// A zone's `within` naming a place that cannot contain it.
    BadParent = "bad-parent",
    /// A zone's `within` naming no place of the gazetteer.
    UnknownParent = "unknown-parent",
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert!(names.iter().all(|n| n
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')));
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "a code name is declared twice");
    }
}

//! Where diagnostics go as they are found: a [`Report`]. The [`Printer`] writes each one at
//! once and keeps only counts, so memory does not grow with the number of findings; a `Vec`
//! collects them where a caller needs them all (tests, a gazetteer that must load whole).

use super::{write_one, Code, Diagnostic, DiagnosticFormat, Severity};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Receives every diagnostic as soon as it is found.
pub trait Report {
    /// Takes one finding.
    fn report(&mut self, diagnostic: Diagnostic);
}

impl Report for Vec<Diagnostic> {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.push(diagnostic);
    }
}

/// How many findings of each severity and code a run had: all a run keeps of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    by_severity: [u64; 3],
    by_code: BTreeMap<Code, u64>,
}

impl Tally {
    /// Counts one finding.
    pub fn add(&mut self, diagnostic: &Diagnostic) {
        self.by_severity[diagnostic.severity as usize] += 1;
        *self.by_code.entry(diagnostic.code).or_default() += 1;
    }

    /// Findings of one severity.
    pub fn count(&self, severity: Severity) -> u64 {
        self.by_severity[severity as usize]
    }

    /// Errors: what fails a run.
    pub fn errors(&self) -> u64 {
        self.count(Severity::Error)
    }

    /// Findings of one code.
    pub fn of_code(&self, code: Code) -> u64 {
        self.by_code.get(&code).copied().unwrap_or(0)
    }

    /// `3 errors`, `0 errors, 1 warning`: errors always, warnings and notes when there are some.
    pub fn words(&self) -> String {
        let mut parts = vec![count_words(self.errors(), "error")];
        for (severity, noun) in [(Severity::Warning, "warning"), (Severity::Note, "note")] {
            if self.count(severity) > 0 {
                parts.push(count_words(self.count(severity), noun));
            }
        }
        parts.join(", ")
    }
}

/// `1 error`, `2 errors`.
pub fn count_words(n: u64, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Prints each diagnostic as it arrives and counts it. A reader that went away (a closed pipe,
/// `tonle validate | head -1`) stops the printing but not the counting, so the exit status still
/// says whether there were findings; any other write failure (a full disk) is kept and returned
/// by [`Printer::finish`], and never panics.
pub struct Printer<W: Write> {
    out: io::BufWriter<W>,
    format: DiagnosticFormat,
    tally: Tally,
    /// The reader closed the stream: nothing more is written, and that is no error.
    closed: bool,
    /// The first write failure other than a closed reader.
    failed: Option<io::Error>,
}

impl<W: Write> Printer<W> {
    /// A printer writing `format` to `out`.
    pub fn new(out: W, format: DiagnosticFormat) -> Self {
        Printer {
            out: io::BufWriter::new(out),
            format,
            tally: Tally::default(),
            closed: false,
            failed: None,
        }
    }

    /// What was reported so far.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// Writes a line of our own (a summary) to the same stream, in order with the findings.
    pub fn line(&mut self, text: &str) {
        self.write(|out, _| writeln!(out, "{text}"));
    }

    /// Flushes and returns the counts, or the write failure that lost findings or lines (a
    /// closed reader is not one).
    pub fn finish(mut self) -> io::Result<Tally> {
        self.write(|out, _| out.flush());
        match self.failed {
            Some(e) => Err(e),
            None => Ok(self.tally),
        }
    }

    fn write(&mut self, f: impl FnOnce(&mut io::BufWriter<W>, DiagnosticFormat) -> io::Result<()>) {
        if self.closed || self.failed.is_some() {
            return;
        }
        match f(&mut self.out, self.format) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => self.closed = true,
            Err(e) => self.failed = Some(e),
        }
    }
}

impl<W: Write> Report for Printer<W> {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.tally.add(&diagnostic);
        self.write(|out, format| write_one(out, &diagnostic, format));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that fails every write with `kind`.
    struct Failing(io::ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(self.0))
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::Error::from(self.0))
        }
    }

    fn finding() -> Diagnostic {
        Diagnostic::line("a.csv", 2, Code::BadDate, "bad")
    }

    #[test]
    fn a_closed_reader_stops_printing_but_not_counting() {
        let mut printer = Printer::new(Failing(io::ErrorKind::BrokenPipe), DiagnosticFormat::Text);
        for _ in 0..10_000 {
            printer.report(finding());
        }
        printer.line("summary");
        let tally = printer.finish().expect("a closed pipe is no error");
        assert_eq!(tally.errors(), 10_000);
        assert_eq!(tally.of_code(Code::BadDate), 10_000);
    }

    #[test]
    fn a_full_device_is_returned_not_panicked() {
        let mut printer = Printer::new(Failing(io::ErrorKind::StorageFull), DiagnosticFormat::Json);
        for _ in 0..10_000 {
            printer.report(finding());
        }
        let e = printer.finish().expect_err("the failure is kept");
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);
    }

    #[test]
    fn words_name_errors_always_and_the_rest_when_present() {
        let mut tally = Tally::default();
        assert_eq!(tally.words(), "0 errors");
        tally.add(&finding());
        tally.add(&finding().with_severity(Severity::Warning));
        assert_eq!(tally.words(), "1 error, 1 warning");
    }
}

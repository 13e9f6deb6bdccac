//! Text cells: what makes a cell unreadable as text, and the characters no text cell may hold
//! because an output could not carry them, each as a problem.

use super::Problem;
use crate::chars::not_xml;
use crate::diagnostics::Code;
use crate::input::{Unreadable, NOT_UTF8_HINT};

/// Why a cell could not be read, as a problem to report against it.
pub fn unreadable(why: Unreadable) -> Problem {
    match why {
        Unreadable::NotUtf8 {
            byte,
            offset,
            looks_like,
        } => Problem::new(
            Code::NotUtf8,
            format!("the field is not valid UTF-8 (byte 0x{byte:02X} at offset {offset}); the file looks like {looks_like}"),
        )
        .hint(NOT_UTF8_HINT),
        Unreadable::Nul => {
            Problem::new(Code::NulByte, "the field contains a NUL byte").hint("remove it; a CSV of text has none")
        }
        Unreadable::CellError(error) => Problem::new(
            Code::CellError,
            format!("the cell holds the spreadsheet error {error}: its formula failed"),
        )
        .hint("fix the formula, or replace it by the value it should give (Paste Special > Values)"),
    }
}

/// A text cell holding `c`, which XML 1.0 cannot carry: tonle.qgs would not open in QGIS and
/// strict parsers would refuse it, so the cell is refused at validation, whatever its column.
pub fn not_xml_problem(c: char) -> Problem {
    Problem::new(
        Code::NotXmlText,
        format!(
            "the field holds the character U+{:04X}, which XML 1.0 (tonle.qgs) cannot carry",
            u32::from(c)
        ),
    )
    .hint("delete it: it is invisible, usually pasted by accident; retype the text or paste it as plain text")
}

/// Checks a text cell: the problem its first character XML cannot carry makes, if any.
pub fn xml_text(text: &str) -> Result<(), Problem> {
    not_xml(text).map_or(Ok(()), |c| Err(not_xml_problem(c)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, Severity};
    use crate::export::{qgis::Qgis, Context, Output, Plan, SummaryBuilder};
    use crate::gazetteer::Gazetteer;
    use std::sync::LazyLock;

    static GAZETTEER: LazyLock<Gazetteer> =
        LazyLock::new(|| Gazetteer::builtin().expect("the built-in gazetteer loads"));

    #[test]
    fn the_problem_names_the_character() {
        let problem = xml_text("a\u{fffe}").expect_err("refused");
        assert!(problem.message.contains("U+FFFE"), "{}", problem.message);
        assert!(xml_text("\u{1}")
            .expect_err("refused")
            .message
            .contains("U+0001"));
        assert_eq!(xml_text("tab\tand\nlines"), Ok(()));
    }

    fn quoted(text: &str) -> String {
        format!("\"{}\"", text.replace('"', "\"\""))
    }

    /// The project written for the events of `csv` (every one valid), with `title`.
    fn project(csv: &str, title: &str) -> Result<String, Vec<Diagnostic>> {
        let mut events = Vec::new();
        let mut found: Vec<Diagnostic> = Vec::new();
        crate::read::Loader::new(&GAZETTEER)
            .read_from(csv.as_bytes(), "t.csv", &mut found, |e| events.push(e))
            .expect("in memory");
        found.retain(|d| d.severity == Severity::Error);
        if !found.is_empty() {
            return Err(found);
        }
        let names = ["qgis".to_owned(), "events".to_owned()];
        let plan = Plan::new(&names, crate::export::timeline::Group::default(), None)
            .with_title(Some(title));
        let summary = SummaryBuilder::of(&events, &GAZETTEER);
        let ctx = Context {
            gazetteer: &GAZETTEER,
            plan: &plan,
            summary: Some(&summary),
        };
        let mut out = Vec::new();
        let sink = Qgis.start(ctx, &mut out).expect("starts");
        sink.finish().expect("writes");
        Ok(String::from_utf8(out).expect("UTF-8"))
    }

    /// Whether `xml` parses to its end with quick-xml (end names checked), and the text it
    /// holds, unescaped. quick-xml does not check characters, so the caller does.
    fn parse(xml: &str) -> Result<String, String> {
        let mut reader = quick_xml::Reader::from_str(xml);
        reader.config_mut().check_end_names = true;
        let mut text = String::new();
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => return Ok(text),
                Ok(quick_xml::events::Event::Text(t)) => {
                    text.push_str(&t.decode().map_err(|e| e.to_string())?);
                }
                Ok(quick_xml::events::Event::GeneralRef(r)) => {
                    let name = r.decode().map_err(|e| e.to_string())?;
                    let one = quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| format!("unknown entity &{name};"))?;
                    text.push_str(one);
                }
                Ok(_) => {}
                Err(e) => return Err(format!("at {}: {e}", reader.error_position())),
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Any text in `source`, `title` and an extra column is either refused at validation,
        /// naming a character XML cannot carry, or gives a tonle.qgs that is well-formed XML
        /// 1.0 (parsed back to its end, every character allowed) holding the source as written.
        #[test]
        fn any_accepted_text_makes_a_well_formed_project(
            source in "[\\PC\\x00-\\x1f\\u{fffe}\\u{ffff}<>&\"'\\]]{1,12}",
            title in "[\\PC\\x01-\\x1f\\u{fffe}]{1,8}",
            extra in "[\\PC\\x01-\\x1f\\u{ffff}]{0,8}",
        ) {
            let source = format!("S{source}");
            let csv = format!(
                "id,date,type,title,place,source,Reporter\nkh-1,2022-08,raid,{},Sihanoukville,{},{}\n",
                quoted(&format!("T{title}")), quoted(&source), quoted(&extra)
            );
            let bad = [&source, &title, &extra]
                .iter()
                .any(|t| crate::chars::not_xml(&t.replace(['\r', '\n', '\t'], " ")).is_some());
            match project(&csv, "Title") {
                Err(found) => {
                    proptest::prop_assert!(bad, "refused for another reason: {:?}", found);
                    proptest::prop_assert!(
                        found.iter().all(|d| d.message.contains("U+") || d.message.contains("NUL")),
                        "{:?}", found
                    );
                }
                Ok(xml) => {
                    proptest::prop_assert!(!bad, "accepted: {:?}", csv);
                    proptest::prop_assert_eq!(crate::chars::not_xml(&xml), None);
                    let text = parse(&xml);
                    proptest::prop_assert!(text.is_ok(), "{:?}", text);
                    let source = source.replace("\r\n", "\n").replace('\r', "\n");
                    let text = text.unwrap_or_default();
                    // `source` is a `;` list of outlets: each is named.
                    for outlet in source.split(';').map(str::trim).filter(|o| !o.is_empty()) {
                        proptest::prop_assert!(text.contains(outlet), "{:?} not in {}", outlet, text);
                    }
                }
            }
        }
    }
}

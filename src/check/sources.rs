//! A row's sources: `source` and `source_url` are aligned `;` lists (the n-th link is the
//! n-th outlet's), and a row names its sources one way or another (`source`, or `source_id`
//! into a `--sources` file).

use super::Problem;
use crate::diagnostics::Code;
use crate::schema::Col;

/// What is wrong with a row's source lists, with the column at fault. The lists are
/// canonical (`;`-separated, no empty item). One outlet may have any number of links; several
/// outlets need one link each, or none.
pub fn sources(source: &str, urls: &str, source_id: &str) -> Option<(Col, Problem)> {
    let count = |text: &str| text.split(';').filter(|s| !s.is_empty()).count();
    let (outlets, links) = (count(source), count(urls));
    if outlets == 0 && source_id.is_empty() {
        return Some((
            Col::Source,
            Problem::new(Code::MissingValue, "`source` is empty").hint("every event needs one"),
        ));
    }
    if outlets > 1 && links > 0 && outlets != links {
        return Some((
            Col::SourceUrl,
            Problem::new(
                Code::MisalignedSources,
                format!(
                    "`source` names {outlets} outlets but `source_url` has {links} link{}",
                    if links == 1 { "" } else { "s" }
                ),
            )
            .hint("give one link per outlet, in the same order (or no link at all)"),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_align_or_say_by_how_much_they_do_not() {
        assert!(sources("Khmer Times", "", "").is_none());
        assert!(sources("Khmer Times", "https://a.b/1;https://a.b/2", "").is_none());
        assert!(sources("A;B", "https://a.b/1;https://c.d/2", "").is_none());
        assert!(sources("A;B;C", "", "").is_none());
        assert!(sources("", "", "kt-1").is_none());
        let (col, p) = sources("A;B", "https://a.b/1", "").expect("misaligned");
        assert_eq!((col, p.code), (Col::SourceUrl, Code::MisalignedSources));
        assert!(p.message.contains("2 outlets") && p.message.ends_with("has 1 link"));
        let (col, p) = sources("", "https://a.b/1", "").expect("unsourced");
        assert_eq!((col, p.code), (Col::Source, Code::MissingValue));
    }
}

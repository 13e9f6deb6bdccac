//! Source links: only `http(s)://host/...` with a dotted host and nothing that could break out
//! of an attribute; anything else (`javascript:`, a bare domain) is refused.

use super::Problem;
use crate::diagnostics::Code;
use crate::events::TextBuilder;

/// Writes the good links, `;`-separated, as the builder's current field; each bad one is a
/// problem.
pub fn urls(text: &str, out: &mut TextBuilder, problem: &mut dyn FnMut(Problem)) {
    for url in text.split(';').map(str::trim).filter(|u| !u.is_empty()) {
        if is_http_url(url) {
            out.item(url);
        } else {
            problem(
                Problem::new(Code::BadUrl, format!("`{url}` is not an http(s) URL")).hint(
                    "only links of the form https://host/path are kept; separate several with `;`",
                ),
            );
        }
    }
    out.end();
}

pub(super) fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host_ok = rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && host.contains('.')
    });
    host_ok
        && !url.contains(|c: char| {
            c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>'
        })
}

//! Source links: only `http(s)://host/...` with a valid host (dotted, no empty label), no
//! user name before it, and nothing that could break out of an attribute or make the link read
//! as another (`javascript:`, a bare domain, `https://.`, `https://evil.example\@good.example`,
//! an invisible or bidi-control character) is kept; anything else is refused.

use super::Problem;
use crate::diagnostics::Code;
use crate::events::TextBuilder;

const FORM: &str = "only links of the form https://host/path are kept; separate several with `;`";

/// Writes the good links, `;`-separated, as the builder's current field; each bad one is a
/// problem.
pub fn urls(text: &str, out: &mut TextBuilder, problem: &mut dyn FnMut(Problem)) {
    for url in text.split(';').map(str::trim).filter(|u| !u.is_empty()) {
        match http_url(url) {
            Ok(()) => out.item(url),
            Err(why) => {
                let shown = crate::chars::show_hidden(url);
                problem(Problem::new(Code::BadUrl, format!("`{shown}` {why}")).hint(FORM));
            }
        }
    }
    out.end();
}

/// Whether `url` is a link tonle keeps (the `--sources` file's links are checked with it).
pub(super) fn is_http_url(url: &str) -> bool {
    http_url(url).is_ok()
}

/// Why `url` is not a link tonle keeps, as the end of a sentence about it.
fn http_url(url: &str) -> Result<(), String> {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return Err("is not an http(s) URL".to_owned());
    };
    if let Some(c) = url.chars().find(|&c| {
        crate::chars::is_hidden(c) || c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\\')
    }) {
        return Err(format!(
            "holds U+{:04X}, which a link cannot hold (it would read as another link or break out of the page)",
            u32::from(c)
        ));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(
            "names a user before its host (`user@host`), which can disguise where it leads"
                .to_owned(),
        );
    }
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if is_port(port) => host,
        Some(_) => return Err("has a port that is not a number from 1 to 65535".to_owned()),
        None => authority,
    };
    if is_host(host) {
        Ok(())
    } else {
        Err(format!(
            "has no valid host (`{host}`): a host is two or more labels of letters, digits and hyphens, joined by dots, none empty"
        ))
    }
}

fn is_port(port: &str) -> bool {
    (1..=5).contains(&port.len())
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u32>().is_ok_and(|p| (1..=65_535).contains(&p))
}

/// A DNS name of at least two labels, each 1 to 63 characters of ASCII letters, digits and
/// inner hyphens, or of other scripts (internationalised names; their combining marks are not
/// letters to Rust, so any character beyond ASCII but the look-alikes of `.` and `/` that
/// IDNA or a reader would take for them); 253 bytes at most.
fn is_host(host: &str) -> bool {
    let char_ok = |c: char| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric() || c == '-'
        } else {
            !matches!(
                c,
                '\u{3002}' | '\u{ff0e}' | '\u{ff61}' | '\u{2044}' | '\u{2215}' | '\u{ff0f}'
            )
        }
    };
    let label = |l: &str| {
        (1..=63).contains(&l.chars().count())
            && l.chars().all(char_ok)
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    host.len() <= 253 && host.split('.').count() >= 2 && host.split('.').all(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_users_and_hidden_characters() {
        for good in [
            "https://www.khmertimeskh.com/501/x?y=1#z",
            "http://example.org",
            "https://news.example:8443/a",
            "https://ខ្មែរ.example/ទំព័រ",
            "https://1.2.3.4/x",
        ] {
            assert_eq!(http_url(good), Ok(()), "{good}");
        }
        for bad in [
            "https://.",
            "https://./x",
            "https://example..org",
            "https://.example.org",
            "https://example.org.",
            "https://-x.org",
            "https://localhost/",
            "https://evil.example\\@good.example",
            "https://user@good.example/",
            "https://user:pw@good.example/",
            "https://good.example:0/",
            "https://good.example:99999/",
            "https://good.example:/",
            "https://exa\u{200b}mple.org/",
            "https://example.org/\u{202e}fdp.exe",
            "https://example.org/\u{7}",
            "https://exam_ple.org/",
            "https://evil.example\u{2215}good.example",
            "https://good\u{3002}example",
            "javascript:alert(1)",
        ] {
            assert!(http_url(bad).is_err(), "{bad}");
        }
        assert_eq!(
            http_url("https://evil.example\\@good.example"),
            Err("holds U+005C, which a link cannot hold (it would read as another link or break out of the page)".to_owned())
        );
    }
}

//! `timeline-vis.css`, written beside `timeline-vis.json`: vis-timeline draws every item in the
//! same pale blue unless a page styles the classes tonle gives each item ([`super::vis::classes`]).
//! This sheet does: each type in its colour ([`super::legend::colour`], the colours of the map and
//! the story page), items known only to the year or marked uncertain faded, approximate dates
//! dotted, and alleged or disputed events hollow and dashed (the `tonle-alleged` and
//! `tonle-disputed` classes).
//!
//! It depends on no event: the same sheet serves any `timeline-vis.json` tonle writes.

use super::legend::colour;
use super::vis::type_class;
use super::{About, Context, Noun, Output, Sink};
use crate::events::{Event, EventType};
use std::fmt::Write as _;
use std::io::{self, Write};

/// The vis-timeline style sheet.
pub struct VisCss;

impl Output for VisCss {
    fn about(&self) -> &'static About {
        &About {
            name: "viscss",
            file: "timeline-vis.css",
            items: Noun {
                one: "rule",
                many: "rules",
            },
            doc: "a style sheet for timeline-vis.json: type colours, faded uncertain or year-only items, hollow alleged or disputed ones",
            needs_summary: false,
        }
    }

    fn start<'a>(
        &self,
        _ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        Ok(Box::new(Sheet { out }))
    }
}

struct Sheet<'a> {
    out: &'a mut dyn Write,
}

impl Sink for Sheet<'_> {
    fn event(&mut self, _event: &Event) -> io::Result<()> {
        Ok(())
    }

    fn finish(self: Box<Self>) -> io::Result<usize> {
        let text = sheet();
        self.out.write_all(text.as_bytes())?;
        Ok(text.lines().filter(|l| l.ends_with('}')).count())
    }
}

/// The rules that do not depend on the type; they come after the type colours so that, at the
/// same specificity, they win.
const STATES: &str = "\
/* Known to the month only: a little lighter; to the year only, or uncertain (?): faded. */
.vis-item.tonle-month { opacity: 0.8; }
.vis-item.tonle-year, .vis-item.tonle-uncertain { opacity: 0.5; }
/* Approximate (~): a dotted edge. */
.vis-item.vis-range.tonle-approximate, .vis-item.vis-box.tonle-approximate, .vis-item.vis-dot.tonle-approximate { border-style: dotted; }
/* Alleged or disputed: hollow, with a dashed edge in the type's colour. */
.vis-item.vis-range.tonle-alleged, .vis-item.vis-box.tonle-alleged,
.vis-item.vis-range.tonle-disputed, .vis-item.vis-box.tonle-disputed { background-color: #fff; color: #1a1a1a; border-style: dashed; border-width: 2px; }
.vis-item.vis-dot.tonle-alleged, .vis-item.vis-dot.tonle-disputed { background-color: #fff; border-style: dashed; border-width: 2px; }
/* The selected item: a dark ring, whatever its colour. */
.vis-item.vis-selected { box-shadow: 0 0 0 2px #1a1a1a; }
";

/// The whole sheet.
pub fn sheet() -> String {
    let mut out = String::from(
        "/* timeline-vis.css, written by tonle: load it after vis-timeline's own style sheet. */\n\
         /* Each type in its colour (the colours of tonle's map, QGIS project and story page). */\n",
    );
    for kind in EventType::ALL {
        let (class, hex) = (type_class(kind), colour(kind).hex());
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            ".vis-item.vis-range.{class}, .vis-item.vis-box.{class} {{ background-color: {hex}; border-color: {hex}; color: #fff; }}\n\
             .vis-item.vis-dot.{class}, .vis-item.vis-line.{class} {{ border-color: {hex}; }}"
        );
    }
    out.push_str(STATES);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_its_colour_and_the_states_follow_the_colours() {
        let css = sheet();
        for kind in EventType::ALL {
            assert!(
                css.contains(&format!(
                    ".vis-item.vis-dot.{}, .vis-item.vis-line.{} {{ border-color: {}; }}",
                    type_class(kind),
                    type_class(kind),
                    colour(kind).hex()
                )),
                "{kind:?}"
            );
        }
        let last_colour = css.rfind("border-color: #").expect("colours");
        assert!(css.find(".tonle-alleged").expect("alleged") > last_colour);
        assert!(css.find(".tonle-year").expect("year") > last_colour);
        // Balanced braces: every rule closes.
        assert_eq!(css.matches('{').count(), css.matches('}').count());
    }
}

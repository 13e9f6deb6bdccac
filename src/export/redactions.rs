//! `redactions.csv`: what the public profile withheld or coarsened, one row per value (event
//! id, field, what was done), sorted; confidential rows only as a count, so that the file names
//! none of them. An internal export writes one row saying that nothing was withheld.

use super::text::formula_safe;
use super::{About, Context, Noun, Output, Plan, Sink};
use crate::events::Event;
use std::io::{self, Write};

/// The account of a public export.
pub struct RedactionsCsv;

impl Output for RedactionsCsv {
    fn about(&self) -> &'static About {
        &About {
            name: "redactions",
            file: "redactions.csv",
            items: Noun {
                one: "row",
                many: "rows",
            },
            doc: "what the public profile withheld or coarsened: event id, field, what was done (confidential rows as a count)",
            needs_summary: false,
        }
    }

    fn start<'a>(
        &self,
        ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        Ok(Box::new(Account {
            plan: ctx.plan,
            out,
        }))
    }
}

/// Written at the end, once every event has been read (and so redacted).
struct Account<'a> {
    plan: &'a Plan<'a>,
    out: &'a mut dyn Write,
}

impl Sink for Account<'_> {
    fn event(&mut self, _event: &Event) -> io::Result<()> {
        Ok(())
    }

    fn finish(self: Box<Self>) -> io::Result<usize> {
        let log = self.plan.redactions();
        let mut rows = log.rows.clone();
        rows.sort();
        let mut writer = csv::Writer::from_writer(self.out);
        writer.write_record(["id", "field", "action"])?;
        let mut count = 0;
        if !self.plan.publish.is_public() {
            writer.write_record(["", "", "internal profile: nothing withheld or coarsened"])?;
            count += 1;
        }
        for r in &rows {
            writer.write_record([r.id.as_str(), &formula_safe(&r.field), r.action])?;
            count += 1;
        }
        if log.confidential > 0 {
            let action = format!(
                "left out: {} confidential row{}",
                log.confidential,
                if log.confidential == 1 { "" } else { "s" }
            );
            writer.write_record(["", "", action.as_str()])?;
            count += 1;
        }
        writer.flush()?;
        Ok(count)
    }
}

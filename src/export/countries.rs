//! `countries.geojson`: the shipped outlines of Cambodia and the countries around it
//! ([`crate::boundaries::COUNTRIES`]), written as they are shipped, so that the QGIS project
//! draws land, borders and neighbours under the data without internet tiles. The file carries
//! its `attribution` and `license` members (the ODbL asks for them).

use super::{About, Context, Output, Sink};
use crate::boundaries;
use crate::events::Event;
use std::io::{self, Write};

/// The country outlines layer.
pub struct Countries;

impl Output for Countries {
    fn about(&self) -> &'static About {
        &About {
            name: "countries",
            file: "countries.geojson",
            items: super::geojson::FEATURES,
            doc: "a MultiPolygon per country around Cambodia (the shipped outlines), for the map's background",
            needs_summary: false,
        }
    }

    fn start<'a>(
        &self,
        _ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        Ok(Box::new(Layer { out }))
    }
}

/// Writes the shipped file when finished; the events change nothing.
struct Layer<'a> {
    out: &'a mut dyn Write,
}

impl Sink for Layer<'_> {
    fn event(&mut self, _event: &Event) -> io::Result<()> {
        Ok(())
    }

    fn finish(self: Box<Self>) -> io::Result<usize> {
        self.out.write_all(boundaries::COUNTRIES.as_bytes())?;
        Ok(boundaries::countries().len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_the_shipped_one_with_every_country() {
        let mut out = Vec::new();
        let n = Box::new(Layer { out: &mut out })
            .finish()
            .expect("in memory");
        assert_eq!(out, boundaries::COUNTRIES.as_bytes());
        let text = String::from_utf8(out).expect("UTF-8");
        assert_eq!(n, text.matches("\"type\":\"Feature\"").count());
        assert!(n >= 5, "{n}");
    }
}

//! `places.geojson`: the gazetteer's places in Cambodia (provinces and zones), whatever the
//! events. Countries are left out: their points would stretch the layer to the whole world.

use super::geojson::{in_cambodia, write_places};
use super::{About, Context, Output, Sink};
use crate::events::Event;
use crate::gazetteer::Gazetteer;
use std::io::{self, Write};

/// The places layer.
pub struct Places;

impl Output for Places {
    fn about(&self) -> &'static About {
        &About {
            name: "places",
            file: "places.geojson",
            items: super::geojson::FEATURES,
            doc: "the gazetteer's places in Cambodia (provinces and zones)",
            needs_summary: false,
        }
    }

    fn start<'a>(
        &self,
        ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        Ok(Box::new(PlaceLayer {
            out,
            gazetteer: ctx.gazetteer,
        }))
    }
}

/// Writes the places when finished; the events change nothing.
struct PlaceLayer<'a> {
    out: &'a mut dyn Write,
    gazetteer: &'a Gazetteer,
}

impl Sink for PlaceLayer<'_> {
    fn event(&mut self, _event: &Event) -> io::Result<()> {
        Ok(())
    }

    fn finish(self: Box<Self>) -> io::Result<usize> {
        let places = self
            .gazetteer
            .places()
            .map(|(_, p)| p)
            .filter(|p| in_cambodia(p));
        write_places(self.out, "places", places, self.gazetteer)
    }
}

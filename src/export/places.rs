//! `places.geojson`: the gazetteer's places in Cambodia with a point of their own, whatever the
//! events. Countries and places abroad are left out (their points would stretch the layer to the
//! whole world), and so are official units whose point is only their province's seat.

use super::geojson::write_places;
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
            doc: "the gazetteer's places in Cambodia with a point of their own (provinces, towns, sites)",
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
            .filter(|p| p.on_places_map());
        write_places(self.out, "places", places, self.gazetteer)
    }
}

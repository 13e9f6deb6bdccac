//! `tonle.gpkg`: every map layer in one GeoPackage (QGIS's native format), each with an R-tree
//! spatial index, typed DATE fields, and the QGIS style of `tonle.qgs` in its `layer_styles`.
//!
//! Each layer is the GeoJSON output of the same name, read back feature by feature as it is
//! written ([`layer`]): the package can never carry other properties, other values or other
//! features than the GeoJSON layers. SQLite needs a file, so the package is built in a
//! temporary file and then copied into the export's staging file, like every other output.

mod geometry;
mod layer;
mod package;

use super::{by_name, About, Context, Noun, Output, Sink};
use crate::events::Event;
use layer::Layer;
use rusqlite::Connection;
use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::{Rc, Weak};

/// The GeoPackage.
pub struct Gpkg;

/// The outputs whose features the package holds, one table each, in this order.
/// Whether the package holds the layer of the output named `name`.
pub fn holds(name: &str) -> bool {
    LAYERS.contains(&name)
}

const LAYERS: [&str; 8] = [
    "events",
    "movements",
    "journeys",
    "flows",
    "activity",
    "provinces",
    "places",
    "countries",
];

impl Output for Gpkg {
    fn about(&self) -> &'static About {
        &About {
            name: "gpkg",
            file: "tonle.gpkg",
            items: Noun {
                one: "layer",
                many: "layers",
            },
            doc: "a GeoPackage of every map layer (events, movements, journeys, flows, activity, provinces, places, countries), spatially indexed and styled for QGIS",
            needs_summary: true,
        }
    }

    fn start<'a>(
        &self,
        ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        let file = tempfile::Builder::new()
            .prefix(".tonle-gpkg-")
            .suffix(".gpkg")
            .tempfile()?;
        let db = Connection::open(file.path()).map_err(|e| sql_error(&e))?;
        // A scratch file: nothing to recover if the run stops, so no journal and no syncing.
        // The layers gathered in temporary tables stay on disk and the page cache is bounded,
        // so memory does not grow with the events.
        db.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
             PRAGMA temp_store = FILE; PRAGMA cache_size = -4096;
             PRAGMA application_id = 1196444487; PRAGMA user_version = 10200;",
        )
        .map_err(|e| sql_error(&e))?;
        let mut layers = Vec::with_capacity(LAYERS.len());
        for (slot, name) in LAYERS.iter().enumerate() {
            layers.push(Layer::new(&db, name, slot)?);
        }
        let store = Rc::new(RefCell::new(Store { db, layers }));
        let mut sinks = Vec::with_capacity(LAYERS.len());
        for (slot, name) in LAYERS.iter().enumerate() {
            let output = by_name(name).ok_or_else(|| {
                io::Error::other(format!("the GeoPackage's layer {name} is no output"))
            })?;
            // Each layer's GeoJSON writer borrows its feed for as long as the package lives,
            // and the package owns both: a feed is leaked (a few bytes per layer and run) so
            // that the borrow needs no owner. It holds the store weakly, so the store itself
            // is dropped with the package.
            let feed: &'a mut Feed = Box::leak(Box::new(Feed {
                store: Rc::downgrade(&store),
                slot,
            }));
            sinks.push(output.start(ctx, feed)?);
        }
        Ok(Box::new(Package {
            out,
            file,
            store,
            sinks,
            styles: super::qgis::Styles::new(ctx)?,
            summary: ctx.summary()?,
        }))
    }
}

fn sql_error(e: &rusqlite::Error) -> io::Error {
    io::Error::other(format!("writing the GeoPackage: {e}"))
}

/// The package's connection and its layers as they are gathered.
struct Store {
    db: Connection,
    layers: Vec<Layer>,
}

/// Where one layer's GeoJSON writer writes: into its [`Layer`].
struct Feed {
    store: Weak<RefCell<Store>>,
    slot: usize,
}

impl Write for Feed {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let store = self
            .store
            .upgrade()
            .ok_or_else(|| io::Error::other("a GeoPackage layer was written after its package"))?;
        let mut store = store.borrow_mut();
        let Store { db, layers } = &mut *store;
        layers[self.slot].take(db, bytes)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The package being written.
struct Package<'a> {
    out: &'a mut dyn Write,
    file: tempfile::NamedTempFile,
    store: Rc<RefCell<Store>>,
    sinks: Vec<Box<dyn Sink + 'a>>,
    /// The sums the layers' QGIS styles follow.
    styles: super::qgis::Styles<'a>,
    summary: &'a super::Summary,
}

impl Sink for Package<'_> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        self.styles.event(event)?;
        self.sinks.iter_mut().try_for_each(|s| s.event(event))
    }

    /// Returns how many layers the package holds.
    fn finish(self: Box<Self>) -> io::Result<usize> {
        let Package {
            out,
            file,
            store,
            sinks,
            styles,
            summary,
        } = *self;
        for sink in sinks {
            sink.finish()?;
        }
        let store = Rc::try_unwrap(store)
            .map_err(|_| io::Error::other("a GeoPackage layer outlived its package"))?
            .into_inner();
        if let Some(layer) = store.layers.iter().find(|l| l.unfinished()) {
            return Err(io::Error::other(format!(
                "the GeoPackage's {} layer ended in the middle of a feature",
                layer.name
            )));
        }
        let styles = styles.qml()?;
        // The last day the events cover: the same input gives the same package.
        let last_change = summary
            .last_day
            .or(summary.first_start)
            .map_or_else(|| "1970-01-01".to_owned(), |d| d.to_string());
        let last_change = format!("{last_change}T00:00:00.000Z");
        let db = store.db;
        db.execute_batch("BEGIN")
            .and_then(|()| package::build(&db, &store.layers, &styles, &last_change))
            .and_then(|()| db.execute_batch("COMMIT"))
            .map_err(|e| sql_error(&e))?;
        db.close().map_err(|(_, e)| sql_error(&e))?;
        io::copy(&mut file.reopen()?, out)?;
        Ok(store.layers.len())
    }
}

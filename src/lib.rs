//! tonle turns a spreadsheet of dated, sourced events about human trafficking in Cambodia into
//! maps (RFC 7946 GeoJSON for QGIS, a flat CSV for kepler.gl) and timelines (TimelineJS3 and
//! vis-timeline JSON).
//!
//! The pipeline is: [`gazetteer`] (where places are) + [`events`] (what happened, read and
//! validated against the gazetteer) -> [`export`] (one module per output format). The
//! command-line edge lives in [`cli`] and [`commands`].

pub mod check;
pub mod cli;
pub mod commands;
pub mod countries;
pub mod dates;
pub mod diagnostics;
pub mod events;
pub mod export;
pub mod gazetteer;
pub mod input;
pub mod io;
pub mod join;
pub mod schema;
pub mod suggest;
pub mod table;

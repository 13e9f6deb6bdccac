//! tonle turns a spreadsheet of dated, sourced events about human trafficking in Cambodia into
//! maps (RFC 7946 GeoJSON for QGIS, a flat CSV for kepler.gl) and timelines (TimelineJS3 and
//! vis-timeline JSON).
//!
//! The pipeline: [`read`] takes each row of each input through [`input`] (a source's raw
//! cells), [`check`] (typed values; the columns are [`schema`]'s) and [`join`] (names to the
//! [`gazetteer`]'s places) into [`events`]; [`export`] feeds them to every output, one module
//! per format. Findings go to a [`diagnostics`] sink as they are found. The command-line edge
//! lives in [`cli`] and [`commands`].

pub mod boundaries;
pub mod chars;
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
pub mod journeys;
pub mod read;
pub mod readings;
pub mod schema;
pub mod suggest;
pub mod table;

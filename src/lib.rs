//! thrive — a terminal console that facilitators project in THRIVE Framework workshops.
//!
//! The map of the crate, domain first (none of these import ratatui):
//! - [`thrive`]: the five groupings and eight principles, their names and wording.
//! - [`script`]: workshop scripts — the model, loading and validation.
//! - [`diagnostic`]: located problems in files people write, rendered `FILE:LINE:COL`.
//! - [`source`]: text files people write, decoded with every encoding problem located.
//! - [`text`]: which characters may never reach a terminal.
//! - [`map`]: the site map — services on the groupings, CSV import, coverage and gaps.
//! - [`event`]: the event record and its store; [`event::document`] the whole event as data.
//! - [`export`]: action lists, notes, the map and the report written to files.
//!
//! Then the console:
//! - `app`: the Model, Message and `update()`; keys map to actions through `keymap`.
//! - `ui`: `view()` — one file per screen, colours only through `theme`.
//! - `terminal`: init/restore, signals and the event loop.
//! - `cli`: the subcommands (`check`, `render`) behind `main.rs`.

pub mod app;
pub mod cli;
pub mod diagnostic;
pub mod event;
pub mod export;
pub mod ids;
pub mod input;
pub mod map;
pub mod present;
pub mod room;
pub mod script;
pub mod source;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod thrive;
pub mod ui;

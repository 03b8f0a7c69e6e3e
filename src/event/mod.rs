//! The event record: what actually happened when a script was run — the agenda's timings,
//! notes and actions — and the store that keeps it through a crash.
//!
//! Everything here takes `now` (and `today`) from the caller, so tests drive the clock and
//! nothing reads the system time.

pub mod assessment;
pub mod capture;
pub mod document;
pub mod due;
pub mod record;
pub mod room;
mod run;
pub mod store;
pub mod vote;

pub use run::{AgendaRun, Interval, RunState, SegmentRun, TimePhase};

//! The event store: one SQLite database for every event, so a series can carry its actions
//! forward. WAL with `synchronous=FULL`: every change a person makes is one transaction,
//! committed before the screen calls it saved. The schema is versioned by `user_version`
//! with forward migrations; a database from a newer thrive is refused, a damaged one is
//! refused and left untouched.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, Row, params};

use super::record::{
    Action, ActionFields, ActionId, Decision, Draft, DraftSlot, EventId, EventInfo, EventSummary,
    Note, NoteId, Status,
};
use super::run::{AgendaRun, Interval, RunState, SegmentRun};
use crate::diagnostic::Problem;
use crate::map::{Ages, Groupings, KnownServices, Localities, Service, ServiceFields, ServiceId};
use crate::script::Script;
use crate::thrive::{Grouping, Principle};

mod actions;
mod assessment;
mod clash;
mod copy;
mod drafts;
mod error;
mod events;
mod lock;
mod notes;
mod open;
mod room;
mod services;
mod values;
mod vote;

use clash::*;
use drafts::*;
use lock::*;
use open::*;
use services::*;
use values::*;

pub(in crate::event) use actions::{ActionValues, action_columns};
pub use clash::{Check, Clash};
pub use copy::{ActionName, Names};
pub use error::StoreError;
pub(in crate::event) use events::write_run;
pub use lock::clean_close_mark;
pub(in crate::event) use services::{ServiceValues, service_columns};
pub use values::content_hash;
pub(in crate::event) use vote::insert_candidate;

/// Each entry moves the schema up one version, in one transaction.
const MIGRATIONS: &[&str] = &[
    include_str!("schema_v1.sql"),
    include_str!("schema_v2.sql"),
    include_str!("schema_v3.sql"),
    include_str!("schema_v4.sql"),
    include_str!("schema_v5.sql"),
    include_str!("schema_v6.sql"),
    include_str!("schema_v7.sql"),
    include_str!("schema_v8.sql"),
    include_str!("schema_v9.sql"),
];

/// Written into every thrive database's header ("THRV"), so another program's SQLite file
/// is never mistaken for one and written into.
const APPLICATION_ID: i64 = 0x5448_5256;

/// How long a write waits for another console's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub(in crate::event) const TIME: &str = "%Y-%m-%dT%H:%M:%S";
pub(in crate::event) const DATE: &str = "%Y-%m-%d";

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// This console's name for its drafts; another console's drafts are never its own.
    console: String,
    /// Held while the console runs: a console whose lock is free has gone (crashed or quit),
    /// and its drafts can be offered back.
    _lock: Option<ConsoleLock>,
    /// For a database from an older thrive opened only to read: the folder holding the
    /// up-to-date copy that is read instead, removed with the store.
    _scratch: Option<tempfile::TempDir>,
    /// Whether opening looked at every page (the file was not as a clean close left it).
    checked: bool,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// Where the database lives when neither `--db` nor `THRIVE_DB` says.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "thrive", "thrive")
        .map(|d| d.data_dir().join("thrive.db"))
}

pub type Result<T> = std::result::Result<T, StoreError>;

impl Store {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// For tests that need to break things (a size limit standing in for a full disk).
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        match classify(&self.path, e) {
            // Who holds it decides what a person does: wait for a console's import, or
            // close the program that has the file open.
            StoreError::Busy { .. } => StoreError::Busy {
                by_console: other_consoles_running(&self.path, &self.console),
            },
            other => other,
        }
    }

    /// How long a write waits for the lock before it says busy. The console waits only a
    /// moment, so its screen keeps drawing and reading keys, and retries by itself; a
    /// command waits as long as another console's write could take.
    pub fn set_patience(&self, wait: Duration) -> Result<()> {
        self.conn.busy_timeout(wait).map_err(|e| self.err(e))
    }

    /// Runs `f` in one immediate transaction: all of it is committed, or none.
    pub(in crate::event) fn write<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T> {
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )
        .map_err(|e| self.err(e))?;
        let value = f(&tx).map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(value)
    }

    /// A fingerprint of an event's notes, actions and services: it changes when any is added,
    /// edited, deleted or moved on, and not when only drafts or timings are written.
    pub fn fingerprint(&self, _event: EventId) -> Result<String> {
        // Kept by triggers on every table a console shows (schema 5): one row to read.
        self.conn
            .query_row("SELECT n FROM revision", [], |r| r.get::<_, i64>(0))
            .map(|n| n.to_string())
            .map_err(|e| self.err(e))
    }

    /// Whether opening checked every page of the file: it does unless the file is exactly as
    /// the last console left it at a clean close.
    pub fn checked_at_open(&self) -> bool {
        self.checked
    }

    /// Changes whenever another connection (a second console) commits.
    pub fn data_version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

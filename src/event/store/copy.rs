//! Names that outlive the database — each event's, note's, action's and service's `uid`.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::OptionalExtension;

use super::{DATE, Result, Store, StoreError};
use crate::event::record::{ActionId, EventId, EventInfo, NoteId};
use crate::map::ServiceId;

/// The uids of one event's records, by row id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    pub event: String,
    pub notes: HashMap<NoteId, String>,
    pub actions: HashMap<ActionId, ActionName>,
    pub services: HashMap<ServiceId, ActionName>,
}

/// A record's uid, the uid of the record of an earlier event it carries on, and (for an
/// action) the uid of the first action of that chain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionName {
    pub uid: String,
    pub origin: Option<String>,
    pub thread: String,
}

impl Store {
    /// Each record of `table` of the event by its row id: its uid, the one it carries on, and
    /// its chain (the column `thread`).
    fn chain_names<K: rusqlite::types::FromSql + Eq + std::hash::Hash>(
        &self,
        table: &str,
        thread: &str,
        event: EventId,
    ) -> Result<HashMap<K, ActionName>> {
        let err = |e| self.err(e);
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT id, uid, origin, {thread} FROM {table} WHERE event_id = ?1"
            ))
            .map_err(err)?;
        let rows = stmt
            .query_map([event], |r| {
                Ok((
                    r.get(0)?,
                    ActionName {
                        uid: r.get(1)?,
                        origin: r.get(2)?,
                        thread: r.get(3)?,
                    },
                ))
            })
            .map_err(err)?;
        rows.map(|row| row.map_err(err)).collect()
    }

    pub fn names(&self, event: EventId) -> Result<Names> {
        let err = |e| self.err(e);
        let uid: String = self
            .conn
            .query_row("SELECT uid FROM events WHERE id = ?1", [event], |r| {
                r.get(0)
            })
            .map_err(err)?;
        let mut names = Names {
            event: uid,
            ..Names::default()
        };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, uid FROM notes WHERE event_id = ?1")
            .map_err(err)?;
        for row in stmt
            .query_map([event], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(err)?
        {
            let (id, uid) = row.map_err(err)?;
            names.notes.insert(id, uid);
        }
        names.actions = self.chain_names("actions", "thread", event)?;
        // A service's chain is its uid: services are carried, not threaded.
        names.services = self.chain_names("services", "uid", event)?;
        Ok(names)
    }

    /// The date the event's script planned (it may have been run on another day).
    pub fn planned_date(&self, event: EventId) -> Result<NaiveDate> {
        let s: String = self
            .conn
            .query_row(
                "SELECT script_date FROM events WHERE id = ?1",
                [event],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        NaiveDate::parse_from_str(&s, DATE)
            .map_err(|_| StoreError::Other(format!("event {event} has no planned date")))
    }

    /// The event that bears `uid`, if this database holds it.
    pub fn event_by_uid(&self, uid: &str) -> Result<Option<EventInfo>> {
        let id: Option<EventId> = self
            .conn
            .query_row("SELECT id FROM events WHERE uid = ?1", [uid], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))?;
        id.map(|id| self.event(id)).transpose()
    }
}

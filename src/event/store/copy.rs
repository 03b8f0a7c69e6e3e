//! Names that outlive the database — each event's, note's, action's and service's `uid` —
//! and a whole event read back in from its document (`thrive import-event`), in one
//! transaction.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::{DATE, Result, Store, StoreError, TIME, content_hash};
use crate::event::document::{Document, parse_state};
use crate::event::record::{ActionId, EventId, EventInfo, NoteId};
use crate::event::{AgendaRun, Interval, RunState, SegmentRun};
use crate::map::{Groupings, ServiceId};
use crate::script::Script;

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
        for (table, into) in [
            ("actions", &mut names.actions),
            ("services", &mut names.services),
        ] {
            let thread = if table == "actions" { "thread" } else { "uid" };
            let mut stmt = self
                .conn
                .prepare_cached(&format!(
                    "SELECT id, uid, origin, {thread} FROM {table} WHERE event_id = ?1"
                ))
                .map_err(err)?;
            for row in stmt
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
                .map_err(err)?
            {
                let (id, name) = row.map_err(err)?;
                into.insert(id, name);
            }
        }
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

    /// A new event holding everything `doc` records, in one transaction: all of it, or
    /// none. `script` is the document's script, already read. A record carried from an
    /// earlier event is linked to it when this database holds it too.
    pub fn import_document(&self, doc: &Document, script: &Script) -> Result<EventInfo> {
        let e = &doc.event;
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO events (uid, title, site, series, date, script_date, script_hash, script_text, created_at, rehearsal)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    e.uid,
                    e.title,
                    e.site,
                    e.series,
                    e.date.format(DATE).to_string(),
                    e.planned_date.format(DATE).to_string(),
                    content_hash(&doc.script),
                    doc.script,
                    e.created_at.format(TIME).to_string(),
                    e.rehearsal,
                ],
            )?;
            let id = tx.last_insert_rowid();
            super::write_run(tx, id, script, &run_of(doc, script))?;
            let mut note = tx.prepare_cached(
                "INSERT INTO notes (uid, event_id, created_at, updated_at, segment_id, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for n in &doc.notes {
                note.execute(params![
                    n.uid,
                    id,
                    n.created_at.format(TIME).to_string(),
                    n.updated_at.map(|t| t.format(TIME).to_string()),
                    n.segment,
                    n.text,
                ])?;
            }
            let mut action = tx.prepare_cached(
                "INSERT INTO actions (uid, event_id, created_at, updated_at, text, owners, due, status, segment_id,
                                      grouping, principle, thread, origin, carried_from)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
                         (SELECT o.id FROM actions o WHERE o.uid = ?13 AND o.event_id <> ?2 ORDER BY o.id LIMIT 1))",
            )?;
            for a in &doc.actions {
                action.execute(params![
                    a.uid,
                    id,
                    a.created_at.format(TIME).to_string(),
                    a.updated_at.map(|t| t.format(TIME).to_string()),
                    a.text,
                    crate::event::record::owners_to_store(&a.owners),
                    a.due.map(|d| d.format(DATE).to_string()),
                    a.status.name(),
                    a.segment,
                    a.grouping.map(crate::thrive::Grouping::slug),
                    a.principle.map(crate::thrive::Principle::slug),
                    if a.thread.is_empty() { &a.uid } else { &a.thread },
                    a.carried_from,
                ])?;
            }
            let mut service = tx.prepare_cached(
                "INSERT INTO services (uid, event_id, created_at, updated_at, name, provider, sector, groupings,
                                       age_from, age_to, locality, access_route, notes, origin, carried_from)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
                         (SELECT o.id FROM services o WHERE o.uid = ?14 AND o.event_id <> ?2 ORDER BY o.id LIMIT 1))",
            )?;
            let mut locality = tx.prepare_cached(
                "INSERT OR IGNORE INTO localities (event_id, name, created_at) VALUES (?1, ?2, ?3)",
            )?;
            for name in &doc.localities {
                locality.execute(params![id, name, doc.event.created_at.format(TIME).to_string()])?;
            }
            for s in &doc.services {
                let groupings = Groupings::of(&s.groupings);
                service.execute(params![
                    s.uid,
                    id,
                    s.created_at.format(TIME).to_string(),
                    s.updated_at.map(|t| t.format(TIME).to_string()),
                    s.name,
                    s.provider,
                    s.sector,
                    groupings.bits(),
                    s.age_from,
                    s.age_to,
                    crate::map::Localities::from_iter(&s.localities).to_string(),
                    s.access_route,
                    s.notes,
                    s.carried_from,
                ])?;
            }
            Ok(id)
        })?;
        self.event(id)
    }
}

/// The agenda a document records, fitted to its script: segments by id, as a stored run is.
fn run_of(doc: &Document, script: &Script) -> AgendaRun {
    let mut run = AgendaRun::new(script);
    for item in &doc.agenda {
        if let Some(i) = script.segments.iter().position(|s| s.id == item.id) {
            run.segments[i] = SegmentRun {
                intervals: item
                    .intervals
                    .iter()
                    .map(|i| Interval {
                        start: i.start,
                        end: i.end,
                    })
                    .collect(),
                extra_minutes: item.extra_minutes,
            };
        }
    }
    let e = &doc.event;
    run.current = e
        .current_segment
        .as_ref()
        .and_then(|id| script.segments.iter().position(|s| &s.id == id))
        .unwrap_or(0);
    run.state = parse_state(&e.state).unwrap_or(RunState::NotStarted);
    run.started_on = e.started_on;
    run
}

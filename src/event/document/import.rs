//! A whole event read back in from its document (`thrive import-event`), in one
//! transaction: the document builds on the store, never the other way round.

use rusqlite::params;

use super::Document;
use crate::event::record::{EventId, EventInfo};
use crate::event::store::{DATE, Result, Store, TIME, content_hash, write_run};
use crate::event::{AgendaRun, Interval, RunState, SegmentRun};
use crate::map::Groupings;
use crate::script::Script;

impl Store {
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
            let id = EventId(tx.last_insert_rowid());
            write_run(tx, id, script, &run_of(doc, script))?;
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
    run.state = RunState::from_slug(&e.state).unwrap_or(RunState::NotStarted);
    run.started_on = e.started_on;
    run
}

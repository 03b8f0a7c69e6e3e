//! A whole event read back in from its document (`thrive import-event`), in one
//! transaction: the document builds on the store, never the other way round.

use rusqlite::params;

use super::Document;
use crate::event::record::{EventId, EventInfo};
use crate::event::store::{
    ActionValues, DATE, Result, ServiceValues, Store, TIME, action_columns, content_hash,
    service_columns, write_run,
};
use crate::event::{AgendaRun, Interval, RunState, SegmentRun};
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
                    // The mark travels as the tag: a document that says private keeps it.
                    if n.private && !crate::event::capture::is_private(&n.text) {
                        crate::event::capture::toggle_private(&n.text)
                    } else {
                        n.text.clone()
                    },
                ])?;
            }
            let mut action = tx.prepare_cached(concat!(
                "INSERT INTO actions (uid, event_id, created_at, updated_at, ",
                action_columns!(),
                ", status, thread, origin, carried_from)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
                         (SELECT o.id FROM actions o WHERE o.uid = ?13 AND o.event_id <> ?2 ORDER BY o.id LIMIT 1))"
            ))?;
            for a in &doc.actions {
                let fields = crate::event::record::ActionFields {
                    text: a.text.clone(),
                    owners: a.owners.clone(),
                    due: a.due,
                    grouping: a.grouping,
                    principle: a.principle,
                };
                let row = ActionValues::of(&fields, a.segment.as_deref());
                let created = a.created_at.format(TIME).to_string();
                let updated = a.updated_at.map(|t| t.format(TIME).to_string());
                let thread = if a.thread.is_empty() { &a.uid } else { &a.thread };
                let head: [&dyn rusqlite::ToSql; 4] = [&a.uid, &id, &created, &updated];
                let tail: [&dyn rusqlite::ToSql; 3] = [&a.status.name(), thread, &a.carried_from];
                action.execute(rusqlite::params_from_iter(
                    head.into_iter().chain(row.values()).chain(tail),
                ))?;
            }
            let mut service = tx.prepare_cached(concat!(
                "INSERT INTO services (uid, event_id, created_at, updated_at, ",
                service_columns!(),
                ", origin, carried_from)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                         (SELECT o.id FROM services o WHERE o.uid = ?18 AND o.event_id <> ?2 ORDER BY o.id LIMIT 1))"
            ))?;
            let mut locality = tx.prepare_cached(
                "INSERT OR IGNORE INTO localities (event_id, name, created_at) VALUES (?1, ?2, ?3)",
            )?;
            for name in &doc.localities {
                locality.execute(params![id, name, doc.event.created_at.format(TIME).to_string()])?;
            }
            let at = doc.event.created_at.format(TIME).to_string();
            for c in doc
                .assessment
                .iter()
                .filter(|c| c.score.is_some() || !c.rationale.trim().is_empty())
            {
                tx.execute(
                    "INSERT OR REPLACE INTO assessment (event_id, principle, level, score, rationale, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![id, c.principle, c.level, c.score, c.rationale, at],
                )?;
            }
            if let Some(v) = &doc.vote {
                import_vote(tx, id, v, &script.vote_rules().voters, &at)?;
            }
            for s in &doc.services {
                let fields = s.fields();
                let row = ServiceValues::of(&fields);
                let created = s.created_at.format(TIME).to_string();
                let updated = s.updated_at.map(|t| t.format(TIME).to_string());
                let head: [&dyn rusqlite::ToSql; 4] = [&s.uid, &id, &created, &updated];
                service.execute(rusqlite::params_from_iter(
                    head.into_iter()
                        .chain(row.values())
                        .chain([&s.carried_from as &dyn rusqlite::ToSql]),
                ))?;
            }
            Ok(id)
        })?;
        self.event(id)
    }
}

/// The vote: voters added, each candidate with its links (by uid, to this event's records
/// as just read in) and its dots, and the reveal.
fn import_vote(
    tx: &rusqlite::Transaction<'_>,
    id: EventId,
    v: &super::VoteDoc,
    scripted: &[String],
    at: &str,
) -> rusqlite::Result<()> {
    // Each voter under one spelling, the script's (or the first added), as the console reads.
    let named: Vec<&String> = scripted.iter().chain(&v.added_voters).collect();
    let spelt = |voter: &str| -> String {
        named
            .iter()
            .find(|n| n.trim().eq_ignore_ascii_case(voter.trim()))
            .map_or_else(|| voter.trim().to_owned(), |n| n.trim().to_owned())
    };
    for name in &v.added_voters {
        tx.execute(
            "INSERT OR IGNORE INTO voters (event_id, name, created_at) VALUES (?1, ?2, ?3)",
            params![id, name, at],
        )?;
    }
    let row_of = |table: &str, uid: &Option<String>| -> rusqlite::Result<Option<i64>> {
        use rusqlite::OptionalExtension;
        match uid {
            Some(uid) => tx
                .query_row(
                    &format!("SELECT id FROM {table} WHERE uid = ?1 AND event_id = ?2"),
                    params![uid, id],
                    |r| r.get(0),
                )
                .optional(),
            None => Ok(None),
        }
    };
    for c in &v.candidates {
        let source = match c.origin.as_str() {
            "note" => row_of("notes", &c.source)?,
            "action" => row_of("actions", &c.source)?,
            _ => None,
        };
        let action = row_of("actions", &c.action)?;
        let candidate = crate::event::store::insert_candidate(
            tx,
            id,
            &crate::event::vote::Candidate {
                id: Default::default(),
                text: c.text.clone(),
                action_text: if c.action_text.trim().is_empty() {
                    c.text.clone()
                } else {
                    c.action_text.clone()
                },
                origin: crate::event::vote::Origin::from_slug(&c.origin)
                    .unwrap_or(crate::event::vote::Origin::Typed),
                grouping: c.grouping,
                ages: c.ages.clone(),
                locality: c.locality.clone(),
                source,
                action: action.map(crate::ids::ActionId),
            },
            at,
        )?;
        for d in c.dots.iter().filter(|d| d.dots > 0) {
            tx.execute(
                "INSERT INTO dots (candidate_id, voter, n, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (candidate_id, voter) DO UPDATE SET n = n + ?3",
                params![candidate, spelt(&d.voter), d.dots, at],
            )?;
        }
    }
    tx.execute(
        "INSERT INTO votes (event_id, revealed, updated_at) VALUES (?1, ?2, ?3)",
        params![id, v.revealed, at],
    )?;
    Ok(())
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

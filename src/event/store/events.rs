//! The `events` table and the agenda as run (`runs`, `extensions`, `intervals`).

use super::*;

impl Store {
    // ---- events

    /// The script's event of `day` (same title and site), unless `new` asks for another.
    /// Returns the event and whether it was resumed.
    pub fn open_event(
        &self,
        script: &Script,
        script_text: &str,
        day: NaiveDate,
        now: NaiveDateTime,
        new: bool,
    ) -> Result<(EventInfo, bool)> {
        self.open_event_for(script, script_text, day, now, new, false)
    }

    /// The script's event of `day` (same title and site; a rehearsal if `rehearsal`), unless
    /// `new` asks for another. Returns the event and whether it was resumed. A resumed event
    /// takes the script's current text, so a typo fixed between sessions does not split the
    /// day.
    pub fn open_event_for(
        &self,
        script: &Script,
        script_text: &str,
        day: NaiveDate,
        now: NaiveDateTime,
        new: bool,
        rehearsal: bool,
    ) -> Result<(EventInfo, bool)> {
        let w = &script.workshop;
        let hash = content_hash(script_text);
        if !new {
            let found: Option<EventId> = self
                .conn
                .query_row(
                    "SELECT id FROM events WHERE title = ?1 AND site = ?2 AND date = ?3 AND rehearsal = ?4
                     ORDER BY id DESC LIMIT 1",
                    params![w.title, w.site, day.format(DATE).to_string(), rehearsal],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| self.err(e))?;
            if let Some(id) = found {
                let refreshed = self.write(|tx| {
                    tx.execute(
                        "UPDATE events SET script_hash = ?2, script_text = ?3, series = ?4 WHERE id = ?1 AND script_hash <> ?2",
                        params![id, hash, script_text, w.series],
                    )
                });
                // A read-only database still resumes (for reading); its copy stays as it was.
                match refreshed {
                    Ok(_) | Err(StoreError::ReadOnly) => {}
                    Err(e) => return Err(e),
                }
                return Ok((self.event(id)?, true));
            }
        }
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO events (title, site, series, date, script_date, script_hash, script_text, created_at, rehearsal)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    w.title,
                    w.site,
                    w.series,
                    day.format(DATE).to_string(),
                    w.date.format(DATE).to_string(),
                    hash,
                    script_text,
                    now.format(TIME).to_string(),
                    rehearsal,
                ],
            )?;
            let id = EventId(tx.last_insert_rowid());
            start_map(tx, id, &script.services, now)?;
            Ok(id)
        })?;
        Ok((self.event(id)?, false))
    }

    /// The event `spec` names — its id, or a date (the latest event run that day) — or, with no
    /// spec, the event most recently created.
    pub fn find_event(&self, spec: Option<&str>) -> Result<Option<EventInfo>> {
        let spec = spec.map(str::trim).filter(|s| !s.is_empty());
        let id: Option<EventId> = match spec {
            None => self
                .conn
                // The latest real event; a rehearsal only when there is nothing else.
                .query_row(
                    "SELECT id FROM events ORDER BY rehearsal, created_at DESC, id DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional(),
            Some(s) if s.parse::<EventId>().is_ok() => self
                .conn
                .query_row("SELECT id FROM events WHERE id = ?1", [s], |r| r.get(0))
                .optional(),
            Some(s) => self
                .conn
                .query_row(
                    "SELECT id FROM events WHERE date = ?1 ORDER BY created_at DESC, id DESC LIMIT 1",
                    [s],
                    |r| r.get(0),
                )
                .optional(),
        }
        .map_err(|e| self.err(e))?;
        id.map(|id| self.event(id)).transpose()
    }

    /// The copy of its script an event keeps.
    pub fn script_text(&self, event: EventId) -> Result<String> {
        self.conn
            .query_row(
                "SELECT script_text FROM events WHERE id = ?1",
                [event],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    pub fn event(&self, id: EventId) -> Result<EventInfo> {
        self.conn
            .query_row(
                "SELECT id, title, site, series, date, created_at, rehearsal FROM events WHERE id = ?1",
                [id],
                |r| {
                    Ok(EventInfo {
                        id: r.get(0)?,
                        title: crate::text::from_store(r.get(1)?),
                        site: crate::text::from_store(r.get(2)?),
                        series: r.get::<_, Option<String>>(3)?.map(crate::text::from_store),
                        date: date(r, 4)?,
                        created_at: time(r, 5)?,
                        rehearsal: r.get(6)?,
                    })
                },
            )
            .map_err(|e| self.err(e))
    }

    /// Every event, newest first, with its counts.
    pub fn summaries(&self) -> Result<Vec<EventSummary>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT e.id, e.date, e.site, e.title, e.series,
                    (SELECT count(*) FROM notes n WHERE n.event_id = e.id AND n.deleted_at IS NULL),
                    (SELECT count(*) FROM actions a WHERE a.event_id = e.id),
                    (SELECT count(*) FROM actions a WHERE a.event_id = e.id AND a.status IN ('open', 'doing')
                        AND a.reviewed_in IS NULL),
                    e.rehearsal
                 FROM events e ORDER BY e.date DESC, e.id DESC",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(EventSummary {
                    id: r.get(0)?,
                    date: date(r, 1)?,
                    site: r.get(2)?,
                    title: r.get(3)?,
                    series: r.get(4)?,
                    notes: r.get(5)?,
                    actions: r.get(6)?,
                    open_actions: r.get(7)?,
                    rehearsal: r.get(8)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Removes rehearsals — of the script with `title` and `site`, or every one — with all
    /// they recorded, in one transaction. Returns how many went. A real event is never
    /// touched: review decisions are never written from a rehearsal, so nothing else
    /// points at one.
    pub fn remove_rehearsals(&self, of: Option<(&str, &str)>) -> Result<usize> {
        self.write(|tx| {
            let (title, site) = of.unzip();
            tx.execute(
                "UPDATE actions SET reviewed_in = NULL WHERE reviewed_in IN
                   (SELECT id FROM events WHERE rehearsal = 1 AND (?1 IS NULL OR (title = ?1 AND site = ?2)))",
                params![title, site],
            )?;
            tx.execute(
                "UPDATE actions SET carried_from = NULL WHERE carried_from IN
                   (SELECT a.id FROM actions a JOIN events e ON e.id = a.event_id
                    WHERE e.rehearsal = 1 AND (?1 IS NULL OR (e.title = ?1 AND e.site = ?2)))",
                params![title, site],
            )?;
            tx.execute(
                "DELETE FROM events WHERE rehearsal = 1 AND (?1 IS NULL OR (title = ?1 AND site = ?2))",
                params![title, site],
            )
        })
    }

    /// The event before this one in its series (or at its site, if it has no series). A
    /// rehearsal is never one: it stays out of the series.
    pub fn previous_event(&self, event: &EventInfo) -> Result<Option<EventInfo>> {
        let id: Option<EventId> = self
            .conn
            .query_row(
                "SELECT id FROM events
                 WHERE id <> ?1 AND rehearsal = 0
                   AND ((?2 IS NOT NULL AND series = ?2) OR (?2 IS NULL AND site = ?3))
                   AND (date < ?4 OR (date = ?4 AND id < ?1))
                 ORDER BY date DESC, id DESC LIMIT 1",
                params![
                    event.id,
                    event.series,
                    event.site,
                    event.date.format(DATE).to_string()
                ],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        id.map(|id| self.event(id)).transpose()
    }

    // ---- the agenda as run

    /// Stores the whole run in one transaction (it is small): state, extensions, intervals.
    pub fn save_run(&self, event: EventId, script: &Script, run: &AgendaRun) -> Result<()> {
        self.write(|tx| write_run(tx, event, script, run))
    }

    /// The stored run, fitted to the script as it is now (segments are matched by id, so an
    /// edited script keeps the times of the segments it still has).
    pub fn load_run(&self, event: EventId, script: &Script) -> Result<AgendaRun> {
        let mut run = AgendaRun::new(script);
        let (current, state, started_on): (Option<String>, String, Option<String>) = self
            .conn
            .query_row(
                "SELECT run_current, run_state, run_started_on FROM events WHERE id = ?1",
                [event],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(|e| self.err(e))?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT segment_id, extra_minutes, intervals FROM segment_runs WHERE event_id = ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([event], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i32>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        for row in rows {
            let (id, extra, intervals) = row.map_err(|e| self.err(e))?;
            let Some(i) = script.segments.iter().position(|s| s.id == id) else {
                continue;
            };
            run.segments[i] = SegmentRun {
                intervals: intervals
                    .split_whitespace()
                    .filter_map(parse_interval)
                    .collect(),
                extra_minutes: extra,
            };
        }
        run.current = current
            .and_then(|id| script.segments.iter().position(|s| s.id == id))
            .unwrap_or(0);
        run.state = match state.as_str() {
            "running" => RunState::Running,
            "paused" => RunState::Paused,
            "finished" => RunState::Finished,
            _ => RunState::NotStarted,
        };
        run.started_on = started_on.and_then(|d| NaiveDate::parse_from_str(&d, DATE).ok());
        Ok(run)
    }
}

/// The whole run of an event, in the transaction `tx`: state, extensions, intervals.
pub(in crate::event) fn write_run(
    tx: &rusqlite::Transaction<'_>,
    event: EventId,
    script: &Script,
    run: &AgendaRun,
) -> rusqlite::Result<()> {
    let state = run.state.slug();
    tx.execute(
        "UPDATE events SET run_current = ?2, run_state = ?3, run_started_on = ?4 WHERE id = ?1",
        params![
            event,
            script.segments.get(run.current).map(|s| s.id.as_str()),
            state,
            run.started_on.map(|d| d.format(DATE).to_string()),
        ],
    )?;
    tx.execute("DELETE FROM segment_runs WHERE event_id = ?1", [event])?;
    let mut insert = tx.prepare_cached(
                "INSERT INTO segment_runs (event_id, segment_id, extra_minutes, intervals) VALUES (?1, ?2, ?3, ?4)",
            )?;
    for (seg, seg_run) in script.segments.iter().zip(&run.segments) {
        if seg_run.intervals.is_empty() && seg_run.extra_minutes == 0 {
            continue;
        }
        let intervals: Vec<String> = seg_run
            .intervals
            .iter()
            .map(|i| {
                let end = i
                    .end
                    .map(|e| e.format(TIME).to_string())
                    .unwrap_or_default();
                format!("{}/{end}", i.start.format(TIME))
            })
            .collect();
        insert.execute(params![
            event,
            seg.id,
            seg_run.extra_minutes,
            intervals.join(" ")
        ])?;
    }
    Ok(())
}

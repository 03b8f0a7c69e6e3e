//! The `assessment` table: an event's scores and rationales, and the earlier assessments of
//! its series (or site) to compare with.

use super::*;
use crate::event::assessment::{Assessment, Cell, Level};

fn write_cell(
    tx: &rusqlite::Transaction<'_>,
    event: EventId,
    principle: Principle,
    level: Level,
    cell: &Cell,
    now: NaiveDateTime,
) -> rusqlite::Result<()> {
    if cell.score.is_none() && cell.rationale.trim().is_empty() {
        tx.execute(
            "DELETE FROM assessment WHERE event_id = ?1 AND principle = ?2 AND level = ?3",
            params![event, principle.slug(), level.slug()],
        )?;
        return Ok(());
    }
    tx.execute(
        "INSERT INTO assessment (event_id, principle, level, score, rationale, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (event_id, principle, level) DO UPDATE SET
             score = ?4, rationale = ?5, updated_at = ?6",
        params![
            event,
            principle.slug(),
            level.slug(),
            cell.score,
            cell.rationale.trim(),
            now.format(TIME).to_string()
        ],
    )
    .map(|_| ())
}

impl Store {
    /// Sets one cell: its score (or none) and its rationale, in one transaction. A cell left
    /// with neither is removed.
    pub fn save_assessment_cell(
        &self,
        event: EventId,
        principle: Principle,
        level: Level,
        cell: &Cell,
        now: NaiveDateTime,
    ) -> Result<()> {
        self.write(|tx| write_cell(tx, event, principle, level, cell, now))
    }

    /// Sets a cell's evidence as typed, and takes this console's draft of it away, in one
    /// transaction: a crash leaves the words saved or still a draft, never both or neither.
    pub fn save_rationale(
        &self,
        event: EventId,
        principle: Principle,
        level: Level,
        cell: &Cell,
        now: NaiveDateTime,
    ) -> Result<()> {
        self.write(|tx| {
            write_cell(tx, event, principle, level, cell, now)?;
            clear_draft(
                tx,
                event,
                &self.console,
                DraftSlot::Rationale(principle, level),
            )
        })
    }

    /// The event's assessment, as stored (an unknown principle or level, from a newer
    /// thrive, is left out rather than misread).
    pub fn assessment(&self, event: EventId) -> Result<Assessment> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT principle, level, score, rationale FROM assessment WHERE event_id = ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([event], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    crate::text::from_store(r.get(3)?),
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut a = Assessment::default();
        for row in rows {
            let (p, l, score, rationale) = row.map_err(|e| self.err(e))?;
            let (Some(p), Some(l)) = (Principle::parse(&p), Level::from_slug(&l)) else {
                continue;
            };
            let score = score
                .and_then(|s| u8::try_from(s).ok())
                .filter(|s| (1..=4).contains(s));
            a.cells.insert((p, l), Cell { score, rationale });
        }
        Ok(a)
    }

    /// The earlier events of this one's series (or, with no series, its site) that have an
    /// assessment, oldest first, rehearsals never: the first is the baseline, the last the
    /// one before this.
    pub fn earlier_assessments(&self, event: &EventInfo) -> Result<Vec<(EventInfo, Assessment)>> {
        let ids: Vec<EventId> = self
            .conn
            .prepare_cached(
                // As `previous_event` reads the series: the same series, or the same site.
                "SELECT e.id FROM events e
                 WHERE e.id <> ?1 AND e.rehearsal = 0
                   AND ((?2 IS NOT NULL AND e.series = ?2) OR (?2 IS NULL AND e.site = ?3))
                   AND (e.date < ?4 OR (e.date = ?4 AND e.id < ?1))
                   AND EXISTS (SELECT 1 FROM assessment a WHERE a.event_id = e.id)
                 ORDER BY e.date, e.id",
            )
            .and_then(|mut s| {
                s.query_map(
                    params![
                        event.id,
                        event.series,
                        event.site,
                        event.date.format(DATE).to_string()
                    ],
                    |r| r.get(0),
                )?
                .collect()
            })
            .map_err(|e| self.err(e))?;
        ids.into_iter()
            .map(|id| Ok((self.event(id)?, self.assessment(id)?)))
            .collect()
    }
}

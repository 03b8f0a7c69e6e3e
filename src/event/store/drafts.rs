//! The `drafts` table: each console's unsaved text, and what a crashed one left.

use super::*;

impl Store {
    // ---- drafts (each console keeps its own)

    pub fn save_draft(
        &self,
        event: EventId,
        slot: DraftSlot,
        text: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        self.write(|tx| {
            if text.trim().is_empty() {
                return clear_draft(tx, event, &self.console, slot);
            }
            tx.execute(
                "INSERT INTO drafts (event_id, console, slot, text, saved_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (event_id, console, slot) DO UPDATE SET text = excluded.text, saved_at = excluded.saved_at",
                params![event, self.console, slot.key(), text, now.format(TIME).to_string()],
            )
            .map(|_| ())
        })
    }

    pub fn discard_draft(&self, event: EventId, slot: DraftSlot) -> Result<()> {
        self.write(|tx| clear_draft(tx, event, &self.console, slot))
    }

    /// Drafts left by consoles that are no longer running (crashed, killed, flat battery):
    /// the ones to offer back. A console still running keeps its own.
    pub fn orphaned_drafts(&self, event: EventId) -> Result<Vec<Draft>> {
        let mut stmt = self
            .conn
            .prepare("SELECT console, slot, text, saved_at FROM drafts WHERE event_id = ?1 AND console <> ?2 ORDER BY saved_at")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![event, self.console], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    time(r, 3)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (console, slot, text, saved_at) = row.map_err(|e| self.err(e))?;
            if let Some(slot) = DraftSlot::from_key(&slot)
                && !console_running(&self.path, &console)
            {
                let text = crate::text::from_store(text);
                out.push(Draft {
                    console,
                    slot,
                    text,
                    saved_at,
                });
            }
        }
        Ok(out)
    }

    /// A recovered draft was taken back or thrown away: it is no longer offered. Once a gone
    /// console has no drafts left, its lock file goes too.
    /// Takes a recovered draft out of the store, in one transaction, and says whether this
    /// console was the one to take it: two consoles offered the same draft never both keep it.
    pub fn resolve_orphan(&self, event: EventId, draft: &Draft) -> Result<bool> {
        let taken = self.write(|tx| {
            tx.execute(
                "DELETE FROM drafts WHERE event_id = ?1 AND console = ?2 AND slot = ?3",
                params![event, draft.console, draft.slot.key()],
            )
        })? > 0;
        let left: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM drafts WHERE console = ?1",
                [&draft.console],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        if left == 0 && !draft.console.is_empty() {
            let _ = std::fs::remove_file(lock_path(&self.path, &draft.console));
        }
        Ok(taken)
    }

    /// This console's own draft for a slot, if any (a test asks; the console knows its own).
    pub fn own_draft(&self, event: EventId, slot: DraftSlot) -> Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT text FROM drafts WHERE event_id = ?1 AND console = ?2 AND slot = ?3",
                params![event, self.console, slot.key()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }
}

pub(super) fn clear_draft(
    tx: &rusqlite::Transaction<'_>,
    event: EventId,
    console: &str,
    slot: DraftSlot,
) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM drafts WHERE event_id = ?1 AND console = ?2 AND slot = ?3",
        params![event, console, slot.key()],
    )
    .map(|_| ())
}

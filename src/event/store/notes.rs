//! The `notes` table.

use super::*;

impl Store {
    // ---- notes

    /// Stores a new note and clears its draft, in one transaction.
    pub fn add_note(
        &self,
        event: EventId,
        text: &str,
        segment_id: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<Note> {
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO notes (event_id, created_at, segment_id, text) VALUES (?1, ?2, ?3, ?4)",
                params![event, now.format(TIME).to_string(), segment_id, text],
            )?;
            let id = NoteId(tx.last_insert_rowid());
            clear_draft(tx, event, &self.console, DraftSlot::NewNote)?;
            Ok(id)
        })?;
        Ok(Note {
            id,
            created_at: now,
            updated_at: None,
            segment_id: segment_id.map(str::to_owned),
            text: text.to_owned(),
        })
    }

    /// Stores an edited note. `before` is the text the edit started from: with
    /// [`Check::Clashes`], a note another console changed or deleted since is left as it is.
    pub fn update_note(
        &self,
        event: EventId,
        id: NoteId,
        before: &str,
        text: &str,
        now: NaiveDateTime,
        check: Check,
    ) -> Result<()> {
        let clash = self.write(|tx| {
            let current: Option<(String, bool)> = tx
                .query_row(
                    "SELECT text, deleted_at IS NOT NULL FROM notes WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if check == Check::Clashes {
                match &current {
                    None | Some((_, true)) => return Ok(Some(StoreError::Gone)),
                    Some((theirs, false)) if theirs != before && theirs != text => {
                        return Ok(Some(StoreError::Changed(vec![Clash {
                            field: "text",
                            theirs: theirs.clone(),
                            mine: text.to_owned(),
                        }])));
                    }
                    Some(_) => {}
                }
            }
            tx.execute(
                "UPDATE notes SET text = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, text, now.format(TIME).to_string()],
            )?;
            clear_draft(tx, event, &self.console, DraftSlot::EditNote(id))?;
            Ok(None)
        })?;
        clash.map_or(Ok(()), Err)
    }

    /// Deleting only marks the note, so the last delete can be undone.
    pub fn delete_note(&self, id: NoteId, now: NaiveDateTime) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE notes SET deleted_at = ?2 WHERE id = ?1",
                params![id, now.format(TIME).to_string()],
            )
            .map(|_| ())
        })
    }

    pub fn undelete_note(&self, id: NoteId) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE notes SET deleted_at = NULL WHERE id = ?1", [id])
                .map(|_| ())
        })
    }

    /// The event's notes, oldest first.
    /// The newest `limit` notes of the event, oldest first, and how many notes it has in
    /// all: what the screens show, at a cost that does not grow with the record.
    pub fn recent_notes(&self, event: EventId, limit: usize) -> Result<(Vec<Note>, usize)> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, created_at, updated_at, segment_id, text FROM notes
                 WHERE event_id = ?1 AND deleted_at IS NULL
                 ORDER BY created_at DESC, id DESC LIMIT ?2",
            )
            .map_err(|e| self.err(e))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt
            .query_map(params![event, limit], note_row)
            .map_err(|e| self.err(e))?;
        let mut notes = rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        notes.reverse();
        let total: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM notes WHERE event_id = ?1 AND deleted_at IS NULL")
            .and_then(|mut s| s.query_row([event], |r| r.get(0)))
            .map_err(|e| self.err(e))?;
        Ok((notes, usize::try_from(total).unwrap_or(0)))
    }

    pub fn notes(&self, event: EventId) -> Result<Vec<Note>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, created_at, updated_at, segment_id, text FROM notes
                 WHERE event_id = ?1 AND deleted_at IS NULL ORDER BY created_at, id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([event], note_row).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }
}

/// A note from `SELECT id, created_at, updated_at, segment_id, text`.
pub(super) fn note_row(r: &Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get(0)?,
        created_at: time(r, 1)?,
        updated_at: optional_time(r, 2)?,
        segment_id: r.get(3)?,
        text: crate::text::from_store(r.get(4)?),
    })
}

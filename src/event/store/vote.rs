//! The dot vote's tables: `candidates`, `voters` (those added at the event), `dots` and
//! `votes` (whether it is revealed). Each change is one transaction; a dot is checked
//! against the voter's budget inside it, so two consoles entering dots at once cannot
//! together spend more than a table has.

use super::actions::insert_action;
use super::*;
use crate::event::vote::{Candidate, Origin, Refused, Rules, Vote};
use crate::ids::CandidateId;

/// The one place a candidate row is written: added at the console or read in from a
/// document.
pub(in crate::event) fn insert_candidate(
    tx: &rusqlite::Transaction<'_>,
    event: EventId,
    c: &Candidate,
    at: &str,
) -> rusqlite::Result<CandidateId> {
    tx.execute(
        "INSERT INTO candidates (event_id, text, action_text, origin, grouping, ages, locality, source_id, action_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            event,
            c.text,
            c.action_text,
            c.origin.slug(),
            c.grouping.map(|g| g.slug()),
            c.ages,
            c.locality,
            c.source,
            c.action,
            at
        ],
    )?;
    Ok(CandidateId(tx.last_insert_rowid()))
}

impl Store {
    pub fn add_candidate(
        &self,
        event: EventId,
        c: &Candidate,
        now: NaiveDateTime,
    ) -> Result<CandidateId> {
        self.write(|tx| insert_candidate(tx, event, c, &now.format(TIME).to_string()))
    }

    /// Takes a candidate off the vote if no dot is on it, as the store holds it now (another
    /// console may have put one there): whether it went.
    pub fn remove_candidate(&self, event: EventId, id: CandidateId) -> Result<bool> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM candidates WHERE id = ?1 AND event_id = ?2
                   AND NOT EXISTS (SELECT 1 FROM dots WHERE candidate_id = ?1)",
                params![id, event],
            )
            .map(|n| n > 0)
        })
    }

    pub fn add_voter(&self, event: EventId, name: &str, now: NaiveDateTime) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO voters (event_id, name, created_at) VALUES (?1, ?2, ?3)",
                params![event, name, now.format(TIME).to_string()],
            )
            .map(|_| ())
        })
    }

    /// One dot more (`by = 1`) or one less (`by = -1`) from `voter` on `candidate`, checked
    /// against the rules as the store holds the vote now.
    pub fn change_dot(
        &self,
        event: EventId,
        candidate: CandidateId,
        voter: &str,
        by: i32,
        rules: &Rules,
        now: NaiveDateTime,
    ) -> Result<std::result::Result<(), Refused>> {
        self.write(|tx| {
            // One voter, one budget, however its name is typed: the spelling its dots
            // already have wins.
            let stored: Option<String> = tx
                .query_row(
                    "SELECT d.voter FROM dots d JOIN candidates c ON c.id = d.candidate_id
                     WHERE c.event_id = ?1 AND d.voter = ?2 COLLATE NOCASE LIMIT 1",
                    params![event, voter],
                    |r| r.get(0),
                )
                .optional()?;
            let voter = stored.as_deref().unwrap_or(voter);
            let on: u32 = tx
                .query_row(
                    "SELECT coalesce(sum(d.n), 0) FROM dots d JOIN candidates c ON c.id = d.candidate_id
                     WHERE d.candidate_id = ?1 AND d.voter = ?2 AND c.event_id = ?3",
                    params![candidate, voter, event],
                    |r| r.get(0),
                )?;
            if by < 0 {
                if on == 0 {
                    return Ok(Err(Refused::NoDot));
                }
                if on == 1 {
                    tx.execute(
                        "DELETE FROM dots WHERE candidate_id = ?1 AND voter = ?2",
                        params![candidate, voter],
                    )?;
                } else {
                    tx.execute(
                        "UPDATE dots SET n = n - 1, updated_at = ?3 WHERE candidate_id = ?1 AND voter = ?2",
                        params![candidate, voter, now.format(TIME).to_string()],
                    )?;
                }
                return Ok(Ok(()));
            }
            let spent: u32 = tx.query_row(
                "SELECT coalesce(sum(d.n), 0) FROM dots d JOIN candidates c ON c.id = d.candidate_id
                 WHERE c.event_id = ?1 AND d.voter = ?2",
                params![event, voter],
                |r| r.get(0),
            )?;
            if spent >= rules.dots {
                return Ok(Err(Refused::Spent { budget: rules.dots }));
            }
            if let Some(most) = rules.per_candidate.filter(|&m| on >= m) {
                return Ok(Err(Refused::Cap { most }));
            }
            tx.execute(
                "INSERT INTO dots (candidate_id, voter, n, updated_at) VALUES (?1, ?2, 1, ?3)
                 ON CONFLICT (candidate_id, voter) DO UPDATE SET n = n + 1, updated_at = ?3",
                params![candidate, voter, now.format(TIME).to_string()],
            )?;
            Ok(Ok(()))
        })
    }

    /// Shows the tallies to the room, or hides them again.
    pub fn set_revealed(&self, event: EventId, revealed: bool, now: NaiveDateTime) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO votes (event_id, revealed, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (event_id) DO UPDATE SET revealed = ?2, updated_at = ?3",
                params![event, revealed, now.format(TIME).to_string()],
            )
            .map(|_| ())
        })
    }

    /// Makes an action of each candidate, tagged with its grouping and linked to it, in one
    /// transaction: the actions made, in the order given.
    pub fn priorities_to_actions(
        &self,
        event: EventId,
        chosen: &[(CandidateId, ActionFields)],
        segment_id: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<Vec<Action>> {
        let ids = self.write(|tx| {
            let mut ids = Vec::new();
            for (candidate, fields) in chosen {
                // Made already (perhaps by another console): never a second action.
                let made: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM candidates c JOIN actions a ON a.id = c.action_id
                                    WHERE c.id = ?1)",
                    [candidate],
                    |r| r.get(0),
                )?;
                if made {
                    continue;
                }
                let id = insert_action(tx, event, fields, segment_id, now, None)?;
                tx.execute(
                    "UPDATE candidates SET action_id = ?2 WHERE id = ?1",
                    params![candidate, id],
                )?;
                ids.push(id);
            }
            Ok(ids)
        })?;
        ids.into_iter().map(|id| self.action(id)).collect()
    }

    /// The event's vote as stored: candidates in the order added. A candidate of an origin
    /// a newer thrive wrote reads as typed rather than being lost.
    pub fn vote(&self, event: EventId) -> Result<Vote> {
        let mut vote = Vote::default();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, text, action_text, origin, grouping, ages, locality, source_id, action_id
                 FROM candidates WHERE event_id = ?1 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([event], |r| {
                Ok(Candidate {
                    id: r.get(0)?,
                    text: crate::text::from_store(r.get(1)?),
                    action_text: crate::text::from_store(r.get(2)?),
                    origin: Origin::from_slug(&r.get::<_, String>(3)?).unwrap_or(Origin::Typed),
                    grouping: r
                        .get::<_, Option<String>>(4)?
                        .and_then(|g| crate::thrive::Grouping::parse(&g)),
                    ages: r.get::<_, Option<String>>(5)?.map(crate::text::from_store),
                    locality: r.get::<_, Option<String>>(6)?.map(crate::text::from_store),
                    source: r.get(7)?,
                    action: r.get(8)?,
                })
            })
            .map_err(|e| self.err(e))?;
        for row in rows {
            vote.candidates.push(row.map_err(|e| self.err(e))?);
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT name FROM voters WHERE event_id = ?1 ORDER BY created_at, rowid",
            )
            .map_err(|e| self.err(e))?;
        vote.added = stmt
            .query_map([event], |r| {
                r.get::<_, String>(0).map(crate::text::from_store)
            })
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT d.candidate_id, d.voter, d.n FROM dots d JOIN candidates c ON c.id = d.candidate_id
                 WHERE c.event_id = ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([event], |r| {
                Ok((
                    r.get::<_, CandidateId>(0)?,
                    crate::text::from_store(r.get(1)?),
                    r.get::<_, u32>(2)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        for row in rows {
            let (c, v, n) = row.map_err(|e| self.err(e))?;
            vote.dots.insert((c, v), n);
        }
        vote.revealed = self
            .conn
            .query_row(
                "SELECT revealed FROM votes WHERE event_id = ?1",
                [event],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?
            .unwrap_or(false);
        Ok(vote)
    }
}

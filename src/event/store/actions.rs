//! The `actions` table and the review of last time's (`decisions`).

use super::*;

impl Store {
    // ---- actions

    pub fn add_action(
        &self,
        event: EventId,
        fields: &ActionFields,
        segment_id: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<Action> {
        let id = self.write(|tx| {
            let id = insert_action(tx, event, fields, segment_id, now, None)?;
            clear_draft(tx, event, &self.console, DraftSlot::NewAction)?;
            Ok(id)
        })?;
        self.action(id)
    }

    /// Stores an edited action: the fields `after` changes from `before` (what the edit
    /// started from), so another console's change to another field stays. With
    /// [`Check::Clashes`], a field both changed is left as the other console made it, and
    /// nothing is written.
    pub fn update_action(
        &self,
        event: EventId,
        id: ActionId,
        before: &ActionFields,
        after: &ActionFields,
        now: NaiveDateTime,
        check: Check,
    ) -> Result<Action> {
        let clash = self.write(|tx| {
            let current = tx
                .query_row(
                    &format!("{} WHERE id = ?1", action_select()),
                    [id],
                    action_row,
                )
                .optional()?;
            let Some(current) = current.map(|a| a.fields()) else {
                return Ok(Some(StoreError::Gone));
            };
            if check == Check::Clashes {
                let found = clashes(before, &current, after, ACTION_CLASH_FIELDS);
                if !found.is_empty() {
                    return Ok(Some(StoreError::Changed(found)));
                }
            }
            // Each field as this console left it where it changed it, else as stored now.
            let fields = ActionFields {
                text: pick(&before.text, &current.text, &after.text).clone(),
                owners: pick(&before.owners, &current.owners, &after.owners).clone(),
                due: *pick(&before.due, &current.due, &after.due),
                grouping: *pick(&before.grouping, &current.grouping, &after.grouping),
                principle: *pick(&before.principle, &current.principle, &after.principle),
            };
            let fields = &fields;
            tx.execute(
                "UPDATE actions SET text = ?2, owners = ?3, due = ?4, grouping = ?5, principle = ?6, updated_at = ?7 WHERE id = ?1",
                params![
                    id,
                    fields.text,
                    crate::event::record::owners_to_store(&fields.owners),
                    fields.due.map(|d| d.format(DATE).to_string()),
                    fields.grouping.map(Grouping::slug),
                    fields.principle.map(Principle::slug),
                    now.format(TIME).to_string(),
                ],
            )?;
            clear_draft(tx, event, &self.console, DraftSlot::EditAction(id))?;
            Ok(None)
        })?;
        match clash {
            Some(e) => Err(e),
            None => self.action(id),
        }
    }

    pub fn set_status(&self, id: ActionId, status: Status, now: NaiveDateTime) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE actions SET status = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, status.name(), now.format(TIME).to_string()],
            )
            .map(|_| ())
        })
    }

    pub fn action(&self, id: ActionId) -> Result<Action> {
        self.conn
            .query_row(
                &format!("{} WHERE id = ?1", action_select()),
                [id],
                action_row,
            )
            .map_err(|e| self.err(e))
    }

    /// The event's actions, oldest first.
    pub fn actions(&self, event: EventId) -> Result<Vec<Action>> {
        self.action_list(
            &format!("{} WHERE event_id = ?1 ORDER BY id", action_select()),
            params![event],
        )
    }

    fn action_list(&self, sql: &str, args: impl rusqlite::Params) -> Result<Vec<Action>> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map(args, action_row).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// The actions to review at `current`: every action of an earlier event in its series
    /// (or at its site) still open and not yet reviewed, and those this event has already
    /// decided, with the decision. Oldest event first.
    pub fn review(&self, current: &EventInfo) -> Result<Vec<(Action, Option<Decision>)>> {
        let sql = format!(
            "SELECT {},
                EXISTS (SELECT 1 FROM actions c WHERE c.carried_from = a.id AND c.event_id = ?1),
                a.reviewed_in
             FROM actions a JOIN events e ON e.id = a.event_id
             WHERE a.event_id <> ?1 AND e.rehearsal = 0
               AND ((?2 IS NOT NULL AND e.series = ?2) OR (?2 IS NULL AND e.site = ?3))
               AND (e.date < ?4 OR (e.date = ?4 AND e.id < ?1))
               AND ((a.status IN ('open', 'doing') AND a.reviewed_in IS NULL) OR a.reviewed_in = ?1)
             ORDER BY e.date, e.id, a.id",
            action_fields("a.")
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(
                params![
                    current.id,
                    current.series,
                    current.site,
                    current.date.format(DATE).to_string()
                ],
                |r| {
                    let action = action_row(r)?;
                    let kept: bool = r.get(12)?;
                    let reviewed: Option<EventId> = r.get(13)?;
                    let decision = match (kept, reviewed == Some(current.id), action.status) {
                        (true, _, _) => Some(Decision::Kept),
                        (false, true, Status::Done) => Some(Decision::Done),
                        (false, true, Status::Dropped) => Some(Decision::Dropped),
                        _ => None,
                    };
                    Ok((action, decision))
                },
            )
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Records a review decision in one transaction. Done and dropped change the earlier
    /// action; kept leaves it as it was and carries a copy (with its status) into this event.
    /// A changed mind replaces the decision — unless the carried copy has been worked on since,
    /// which is refused rather than thrown away.
    pub fn decide(
        &self,
        action: &Action,
        decision: Decision,
        current: EventId,
        segment_id: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<()> {
        let stamp = now.format(TIME).to_string();
        let changed = self.write(|tx| {
            let copy: Option<(ActionId, Option<String>, Option<EventId>)> = tx
                .query_row(
                    "SELECT id, updated_at, reviewed_in FROM actions WHERE carried_from = ?1 AND event_id = ?2",
                    params![action.id, current],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            if let Some((id, updated, reviewed)) = copy {
                if updated.is_some() || reviewed.is_some() {
                    return Ok(false);
                }
                tx.execute("DELETE FROM actions WHERE id = ?1", [id])?;
            }
            match decision {
                Decision::Done | Decision::Dropped => {
                    let status = if decision == Decision::Done { Status::Done } else { Status::Dropped };
                    tx.execute(
                        "UPDATE actions SET status = ?2, reviewed_in = ?3, updated_at = ?4 WHERE id = ?1",
                        params![action.id, status.name(), current, stamp],
                    )?;
                }
                Decision::Kept => {
                    // Back to still-to-do if an earlier decision had closed it.
                    let status = if action.status.is_open() { action.status } else { Status::Open };
                    tx.execute(
                        "UPDATE actions SET status = ?2, reviewed_in = ?3 WHERE id = ?1",
                        params![action.id, status.name(), current],
                    )?;
                    let id = insert_action(tx, current, &action.fields(), segment_id, now, Some(action.id))?;
                    tx.execute("UPDATE actions SET status = ?2 WHERE id = ?1", params![id, status.name()])?;
                }
            }
            Ok(true)
        })?;
        if changed {
            Ok(())
        } else {
            Err(StoreError::Other(
                "its carried copy has been changed since; change it on the actions screen".into(),
            ))
        }
    }
}

/// The fields of an action two consoles can change at once, as a person reads them.
pub(super) const ACTION_CLASH_FIELDS: &[ClashField<ActionFields>] = &[
    ("text", |f| f.text.clone()),
    ("owner", |f| crate::event::record::owners_text(&f.owners)),
    ("due", |f| {
        f.due
            .map(|d| d.format(DATE).to_string())
            .unwrap_or_default()
    }),
    ("grouping", |f| {
        f.grouping.map(|g| g.name().to_owned()).unwrap_or_default()
    }),
    ("principle", |f| {
        f.principle.map(|p| p.name().to_owned()).unwrap_or_default()
    }),
];

/// What an action says, as its columns store it, in the order of [`ActionValues::values`]:
/// written once for a new action and the event document's import.
macro_rules! action_columns {
    () => {
        "text, owners, due, segment_id, grouping, principle"
    };
}
pub(in crate::event) use action_columns;

/// An action's fields (and the agenda item it was agreed in) as [`action_columns!`] stores
/// them.
pub(in crate::event) struct ActionValues<'a> {
    text: &'a str,
    owners: String,
    due: Option<String>,
    segment: Option<&'a str>,
    grouping: Option<&'static str>,
    principle: Option<&'static str>,
}

impl<'a> ActionValues<'a> {
    pub(in crate::event) fn of(f: &'a ActionFields, segment: Option<&'a str>) -> ActionValues<'a> {
        ActionValues {
            text: &f.text,
            owners: crate::event::record::owners_to_store(&f.owners),
            due: f.due.map(|d| d.format(DATE).to_string()),
            segment,
            grouping: f.grouping.map(Grouping::slug),
            principle: f.principle.map(Principle::slug),
        }
    }

    pub(in crate::event) fn values(&self) -> [&dyn rusqlite::ToSql; 6] {
        [
            &self.text,
            &self.owners,
            &self.due,
            &self.segment,
            &self.grouping,
            &self.principle,
        ]
    }
}

/// Every column [`action_row`] reads, in its order.
pub(super) const ACTION_FIELDS: [&str; 12] = [
    "id",
    "event_id",
    "created_at",
    "updated_at",
    "text",
    "owners",
    "due",
    "status",
    "segment_id",
    "grouping",
    "principle",
    "carried_from",
];

/// "a.id, a.event_id, …" for a query whose actions table goes by `prefix`.
pub(super) fn action_fields(prefix: &str) -> String {
    ACTION_FIELDS.map(|f| format!("{prefix}{f}")).join(", ")
}

pub(super) fn action_select() -> String {
    format!("SELECT {} FROM actions", action_fields(""))
}

pub(super) fn action_row(r: &Row<'_>) -> rusqlite::Result<Action> {
    let owners: String = r.get(5)?;
    let status: String = r.get(7)?;
    let grouping: Option<String> = r.get(9)?;
    let principle: Option<String> = r.get(10)?;
    Ok(Action {
        id: r.get(0)?,
        event_id: r.get(1)?,
        created_at: time(r, 2)?,
        updated_at: optional_time(r, 3)?,
        text: crate::text::from_store(r.get(4)?),
        owners: crate::event::record::owners_from_store(&crate::text::from_store(owners)),
        due: optional_date(r, 6)?,
        status: Status::parse(&status).unwrap_or(Status::Open),
        segment_id: r.get(8)?,
        // Stored as slugs: matched as written first, the forgiving reader only for old rows.
        grouping: grouping.as_deref().and_then(|g| {
            Grouping::ALL
                .into_iter()
                .find(|x| x.slug() == g)
                .or_else(|| Grouping::parse(g))
        }),
        principle: principle.as_deref().and_then(|p| {
            Principle::ALL
                .into_iter()
                .find(|x| x.slug() == p)
                .or_else(|| Principle::parse(p))
        }),
        carried_from: r.get(11)?,
    })
}

pub(super) fn insert_action(
    tx: &rusqlite::Transaction<'_>,
    event: EventId,
    fields: &ActionFields,
    segment_id: Option<&str>,
    now: NaiveDateTime,
    carried_from: Option<ActionId>,
) -> rusqlite::Result<ActionId> {
    let at = now.format(TIME).to_string();
    let row = ActionValues::of(fields, segment_id);
    let head: [&dyn rusqlite::ToSql; 2] = [&event, &at];
    tx.execute(
        concat!(
            "INSERT INTO actions (event_id, created_at, ",
            action_columns!(),
            ", status, carried_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'open', ?9)"
        ),
        rusqlite::params_from_iter(
            head.into_iter()
                .chain(row.values())
                .chain([&carried_from as &dyn rusqlite::ToSql]),
        ),
    )?;
    Ok(ActionId(tx.last_insert_rowid()))
}

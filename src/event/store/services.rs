//! The site map: the `services` and `localities` tables.

use super::*;

impl Store {
    // ---- the site map

    pub fn add_service(
        &self,
        event: EventId,
        fields: &ServiceFields,
        now: NaiveDateTime,
    ) -> Result<Service> {
        let id = self.write(|tx| {
            let id = insert_service(tx, event, fields, now, None)?;
            clear_draft(tx, event, &self.console, DraftSlot::NewService)?;
            Ok(id)
        })?;
        self.service(id)
    }

    /// Many services in one transaction (an import): all of them, or none.
    pub fn add_services(
        &self,
        event: EventId,
        services: &[ServiceFields],
        now: NaiveDateTime,
    ) -> Result<Vec<ServiceId>> {
        self.import_services(event, services, &[], now)
    }

    /// Services and the new localities they bring, in one transaction: all or nothing.
    pub fn import_services(
        &self,
        event: EventId,
        services: &[ServiceFields],
        new_localities: &[String],
        now: NaiveDateTime,
    ) -> Result<Vec<ServiceId>> {
        self.write(|tx| {
            let mut add = tx.prepare_cached(
                "INSERT OR IGNORE INTO localities (event_id, name, created_at) VALUES (?1, ?2, ?3)",
            )?;
            for name in new_localities {
                add.execute(params![event, name.trim(), now.format(TIME).to_string()])?;
            }
            services
                .iter()
                .map(|f| insert_service(tx, event, f, now, None))
                .collect()
        })
    }

    /// Writes only the fields that differ between `before` (what the person saw) and `after`,
    /// so two people editing one service at once each keep the fields they changed. Groupings
    /// likewise: only the ones switched on or off here change.
    pub fn update_service(
        &self,
        id: ServiceId,
        before: &ServiceFields,
        after: &ServiceFields,
        now: NaiveDateTime,
    ) -> Result<Service> {
        self.save_service(id, before, after, now, Check::Overwrite)
    }

    /// [`Store::update_service`], and with [`Check::Clashes`] a service another console
    /// deleted, or whose field it changed that this edit changes too, is left as it is.
    pub fn save_service(
        &self,
        id: ServiceId,
        before: &ServiceFields,
        after: &ServiceFields,
        now: NaiveDateTime,
        check: Check,
    ) -> Result<Service> {
        let clash = self.write(|tx| {
            if check == Check::Clashes {
                let current = tx
                    .query_row(
                        &format!(
                            "SELECT {SERVICE_FIELDS} FROM services WHERE id = ?1 AND deleted_at IS NULL"
                        ),
                        [id],
                        service_row,
                    )
                    .optional()?;
                let Some(current) = current else {
                    return Ok(Some(StoreError::Gone));
                };
                let found = clashes(before, &current.fields, after, SERVICE_CLASH_FIELDS);
                if !found.is_empty() {
                    return Ok(Some(StoreError::Changed(found)));
                }
            }
            update_service_fields(tx, id, before, after, now)?;
            Ok(None)
        })?;
        match clash {
            Some(e) => Err(e),
            None => self.service(id),
        }
    }

    /// Puts a service in a grouping or takes it out, leaving its other groupings as they are
    /// in the store (another console may have just changed one).
    pub fn set_grouping(
        &self,
        id: ServiceId,
        grouping: crate::thrive::Grouping,
        on: bool,
        now: NaiveDateTime,
    ) -> Result<Service> {
        let bit = i64::from(Groupings::bit(grouping));
        let changed = self.write(|tx| {
            let sql = if on {
                "UPDATE services SET groupings = groupings | ?2, rev = rev + 1, updated_at = ?3 WHERE id = ?1 AND deleted_at IS NULL"
            } else {
                "UPDATE services SET groupings = groupings & ~?2, rev = rev + 1, updated_at = ?3 WHERE id = ?1 AND deleted_at IS NULL"
            };
            tx.execute(sql, params![id, bit, now.format(TIME).to_string()])
        })?;
        // Deleted (or merged away) by another console: never placed in secret.
        if changed == 0 {
            return Err(StoreError::Gone);
        }
        self.service(id)
    }

    /// Deleting only marks the service, so a delete can be undone.
    pub fn delete_service(&self, id: ServiceId, now: NaiveDateTime) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE services SET deleted_at = ?2, rev = rev + 1 WHERE id = ?1",
                params![id, now.format(TIME).to_string()],
            )
            .map(|_| ())
        })
    }

    pub fn undelete_service(&self, id: ServiceId) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE services SET deleted_at = NULL, rev = rev + 1 WHERE id = ?1",
                [id],
            )
            .map(|_| ())
        })
    }

    /// Two records of one service become `keep`, with everything from both; `other` is
    /// deleted (and can be brought back like any delete). One transaction.
    pub fn merge_services(
        &self,
        keep: &Service,
        other: &Service,
        now: NaiveDateTime,
    ) -> Result<Service> {
        let merged = keep.fields.merged(&other.fields);
        self.write(|tx| {
            update_service_fields(tx, keep.id, &keep.fields, &merged, now)?;
            tx.execute(
                "UPDATE services SET deleted_at = ?2, rev = rev + 1 WHERE id = ?1",
                params![other.id, now.format(TIME).to_string()],
            )
            .map(|_| ())
        })?;
        self.service(keep.id)
    }

    pub fn service(&self, id: ServiceId) -> Result<Service> {
        self.conn
            .query_row(
                &format!("SELECT {SERVICE_FIELDS} FROM services WHERE id = ?1"),
                [id],
                service_row,
            )
            .map_err(|e| self.err(e))
    }

    /// The event's map, oldest first.
    pub fn services(&self, event: EventId) -> Result<Vec<Service>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {SERVICE_FIELDS} FROM services WHERE event_id = ?1 AND deleted_at IS NULL ORDER BY id"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([event], service_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// The localities confirmed at the event beyond its script's list, in the order added.
    pub fn localities(&self, event: EventId) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT name FROM localities WHERE event_id = ?1 ORDER BY created_at, rowid",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([event], |r| {
                r.get::<_, String>(0).map(crate::text::from_store)
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Confirms new localities for the event's map, in one transaction; one already there is
    /// left as it is.
    pub fn add_localities(
        &self,
        event: EventId,
        names: &[String],
        now: NaiveDateTime,
    ) -> Result<()> {
        self.import_services(event, &[], names, now).map(|_| ())
    }
}

/// The fields of a service two consoles can change at once. Groupings are not among
/// them: each console's switches are kept, whichever came first.
pub(super) const SERVICE_CLASH_FIELDS: &[ClashField<ServiceFields>] = &[
    ("name", |f| f.name.clone()),
    ("provider", |f| f.provider.clone()),
    ("sector", |f| f.sector.clone().unwrap_or_default()),
    ("ages", |f| {
        f.ages.map(|a| a.to_string()).unwrap_or_default()
    }),
    ("locality", |f| f.localities.to_string()),
    ("route", |f| f.access_route.clone()),
    ("notes", |f| f.notes.clone()),
];

/// A new event's map: the last event's (of its series, else at its site), then the script's
/// `[[service]]`s not already on it.
pub(super) fn start_map(
    tx: &rusqlite::Transaction<'_>,
    event: EventId,
    seeds: &[ServiceFields],
    now: NaiveDateTime,
) -> rusqlite::Result<()> {
    let previous: Option<EventId> = tx
        .query_row(
            "SELECT p.id FROM events p, events e
             WHERE e.id = ?1 AND p.id <> e.id AND p.rehearsal = 0
               AND ((e.series IS NOT NULL AND p.series = e.series) OR (e.series IS NULL AND p.site = e.site))
               AND EXISTS (SELECT 1 FROM services s WHERE s.event_id = p.id AND s.deleted_at IS NULL)
             ORDER BY p.date DESC, p.id DESC LIMIT 1",
            [event],
            |r| r.get(0),
        )
        .optional()?;
    // The localities confirmed last time carry on with the map (of the last real event of
    // the series, whether or not it had services).
    tx.execute(
        "INSERT OR IGNORE INTO localities (event_id, name, created_at)
         SELECT ?1, l.name, l.created_at FROM localities l
         WHERE l.event_id = (SELECT p.id FROM events p, events e
                             WHERE e.id = ?1 AND p.id <> e.id AND p.rehearsal = 0
                               AND ((e.series IS NOT NULL AND p.series = e.series) OR (e.series IS NULL AND p.site = e.site))
                             ORDER BY p.date DESC, p.id DESC LIMIT 1)",
        [event],
    )?;
    if let Some(previous) = previous {
        tx.execute(
            concat!(
                "INSERT INTO services (event_id, created_at, ",
                service_columns!(),
                ", carried_from, directory_said) SELECT ?1, ?2, ",
                service_columns!(),
                ", id, directory_said FROM services WHERE event_id = ?3 AND deleted_at IS NULL ORDER BY id"
            ),
            params![event, now.format(TIME).to_string(), previous],
        )?;
    }
    let mut seen: KnownServices<()> = KnownServices::default();
    {
        let mut stmt =
            tx.prepare("SELECT name, provider, locality FROM services WHERE event_id = ?1")?;
        let rows = stmt.query_map([event], |r| {
            Ok(ServiceFields {
                name: r.get(0)?,
                provider: r.get(1)?,
                localities: Localities::parse(&r.get::<_, String>(2)?),
                ..ServiceFields::default()
            })
        })?;
        for f in rows {
            seen.insert(&f?, ());
        }
    }
    for seed in seeds {
        if seen.find(seed).is_none() {
            insert_service(tx, event, seed, now, None)?;
            seen.insert(seed, ());
        }
    }
    Ok(())
}

/// A service's own columns, in the order of [`ServiceValues::of`]: written once, for every
/// insert, the map carried to the next event, the event document's import and every read.
macro_rules! service_columns {
    () => {
        "name, provider, sector, groupings, age_from, age_to, locality, access_route, notes, \
         directory_id, assured_date, directory_status, directory_max_age"
    };
}
pub(in crate::event) use service_columns;

/// What [`service_row`] reads: the row's own facts, then the columns.
pub(super) const SERVICE_FIELDS: &str = concat!(
    "id, event_id, created_at, updated_at, carried_from, ",
    service_columns!()
);

/// A service's fields as the columns of [`service_columns!`] store them, in that order.
pub(in crate::event) struct ServiceValues<'a> {
    fields: &'a ServiceFields,
    groupings: i64,
    from: Option<u8>,
    to: Option<u8>,
    localities: String,
    directory_id: Option<&'a str>,
    assured: Option<String>,
    status: Option<&'a str>,
    max_age: Option<u16>,
}

impl<'a> ServiceValues<'a> {
    pub(in crate::event) fn of(fields: &'a ServiceFields) -> ServiceValues<'a> {
        ServiceValues {
            fields,
            groupings: fields.groupings.bits(),
            from: fields.ages.map(|a| a.from),
            to: fields.ages.map(|a| a.to),
            localities: fields.localities.to_string(),
            directory_id: fields.directory.as_ref().map(|d| d.id.as_str()),
            assured: fields
                .directory
                .as_ref()
                .and_then(|d| d.assured)
                .map(|d| d.format(DATE).to_string()),
            status: fields.directory.as_ref().and_then(|d| d.status.as_deref()),
            max_age: fields.directory.as_ref().and_then(|d| d.max_age),
        }
    }

    pub(in crate::event) fn values(&self) -> [&dyn rusqlite::ToSql; 13] {
        let f = self.fields;
        [
            &f.name,
            &f.provider,
            &f.sector,
            &self.groupings,
            &self.from,
            &self.to,
            &self.localities,
            &f.access_route,
            &f.notes,
            &self.directory_id,
            &self.assured,
            &self.status,
            &self.max_age,
        ]
    }
}

pub(super) fn service_row(r: &Row<'_>) -> rusqlite::Result<Service> {
    let from: Option<u8> = r.get(9)?;
    let to: Option<u8> = r.get(10)?;
    let text = |i| r.get::<_, String>(i).map(crate::text::from_store);
    Ok(Service {
        id: r.get(0)?,
        event_id: r.get(1)?,
        created_at: time(r, 2)?,
        updated_at: optional_time(r, 3)?,
        carried_from: r.get(4)?,
        fields: ServiceFields {
            name: text(5)?,
            provider: text(6)?,
            sector: r.get::<_, Option<String>>(7)?.map(crate::text::from_store),
            groupings: Groupings::from_bits(r.get(8)?),
            ages: from.zip(to).map(|(from, to)| Ages { from, to }),
            localities: Localities::parse(&text(11)?),
            access_route: text(12)?,
            notes: text(13)?,
            directory: listing(r, 14)?,
        },
    })
}

/// The directory's record, from the four columns starting at `at`: none without an id.
fn listing(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<crate::map::Listing>> {
    let Some(id) = r.get::<_, Option<String>>(at)? else {
        return Ok(None);
    };
    let assured = r
        .get::<_, Option<String>>(at + 1)?
        .and_then(|d| NaiveDate::parse_from_str(&d, DATE).ok());
    Ok(Some(crate::map::Listing {
        id: crate::text::from_store(id),
        assured,
        status: r
            .get::<_, Option<String>>(at + 2)?
            .map(crate::text::from_store),
        max_age: r.get(at + 3)?,
    }))
}

pub(super) fn insert_service(
    tx: &rusqlite::Transaction<'_>,
    event: EventId,
    f: &ServiceFields,
    now: NaiveDateTime,
    carried_from: Option<ServiceId>,
) -> rusqlite::Result<ServiceId> {
    // Prepared once per connection: an import stores thousands in one transaction.
    let at = now.format(TIME).to_string();
    let row = ServiceValues::of(f);
    let head: [&dyn rusqlite::ToSql; 2] = [&event, &at];
    tx.prepare_cached(concat!(
        "INSERT INTO services (event_id, created_at, ",
        service_columns!(),
        ", carried_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
    ))?
    .execute(rusqlite::params_from_iter(
        head.into_iter()
            .chain(row.values())
            .chain([&carried_from as &dyn rusqlite::ToSql]),
    ))?;
    Ok(ServiceId(tx.last_insert_rowid()))
}

/// Sets the columns whose value differs between `before` and `after`, and nothing else.
pub(super) fn update_service_fields(
    tx: &rusqlite::Transaction<'_>,
    id: ServiceId,
    before: &ServiceFields,
    after: &ServiceFields,
    now: NaiveDateTime,
) -> rusqlite::Result<()> {
    use rusqlite::types::Value;
    let mut sets: Vec<&str> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let mut text = |sets: &mut Vec<&str>, col, a: &String, b: &String| {
        if a != b {
            sets.push(col);
            values.push(Value::Text(b.clone()));
        }
    };
    text(&mut sets, "name", &before.name, &after.name);
    text(&mut sets, "provider", &before.provider, &after.provider);
    text(
        &mut sets,
        "locality",
        &before.localities.to_string(),
        &after.localities.to_string(),
    );
    text(
        &mut sets,
        "access_route",
        &before.access_route,
        &after.access_route,
    );
    text(&mut sets, "notes", &before.notes, &after.notes);
    if before.sector != after.sector {
        sets.push("sector");
        values.push(after.sector.clone().map_or(Value::Null, Value::Text));
    }
    if before.ages != after.ages {
        sets.push("age_from");
        values.push(
            after
                .ages
                .map_or(Value::Null, |a| Value::Integer(i64::from(a.from))),
        );
        sets.push("age_to");
        values.push(
            after
                .ages
                .map_or(Value::Null, |a| Value::Integer(i64::from(a.to))),
        );
    }
    let added = after.groupings.bits() & !before.groupings.bits();
    let removed = before.groupings.bits() & !after.groupings.bits();
    let mut sql: Vec<String> = sets
        .iter()
        .enumerate()
        .map(|(i, col)| format!("{col} = ?{}", i + 2))
        .collect();
    if added != 0 || removed != 0 {
        sql.push(format!("groupings = (groupings | {added}) & ~{removed}"));
    }
    if sql.is_empty() {
        return Ok(());
    }
    sql.push(format!("updated_at = ?{}", values.len() + 2));
    values.push(Value::Text(now.format(TIME).to_string()));
    sql.push("rev = rev + 1".into());
    let mut params: Vec<Value> = vec![Value::Integer(id.0)];
    params.extend(values);
    tx.execute(
        &format!("UPDATE services SET {} WHERE id = ?1", sql.join(", ")),
        rusqlite::params_from_iter(params),
    )
    .map(|_| ())
}

/// What an import from the area's directory did to the map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryImport {
    pub added: usize,
    /// Services already on the map whose directory record changed (or was linked to it).
    pub updated: usize,
    pub unchanged: usize,
    /// Fields the room had changed and the directory changed too: the room's are kept.
    pub kept: Vec<(String, Vec<&'static str>)>,
    /// Services on the map the directory now marks inactive or no longer lists, with the
    /// status they are marked with.
    pub marked: Vec<(String, String)>,
}

impl Store {
    /// Services from the area's directory, in one transaction: new ones added, those already
    /// on the map (by the directory's id, or linked by name) updated in the fields the room
    /// has not changed since the directory last said them. `statuses` are services the
    /// directory lists as not active and the import left out: one already on the map is
    /// marked so. With `whole` (every id of a whole directory), a service it came from that
    /// the directory no longer lists is marked [`crate::map::UNLISTED`]. Nothing is deleted.
    pub fn import_directory(
        &self,
        event: EventId,
        records: &[crate::map::directory::Record],
        statuses: &[(String, String)],
        whole: Option<&std::collections::HashSet<String>>,
        new_localities: &[String],
        now: NaiveDateTime,
    ) -> Result<DirectoryImport> {
        use crate::map::directory::Matched;
        self.write(|tx| {
            let mut done = DirectoryImport::default();
            let mut add = tx.prepare_cached(
                "INSERT OR IGNORE INTO localities (event_id, name, created_at) VALUES (?1, ?2, ?3)",
            )?;
            for name in new_localities {
                add.execute(params![event, name.trim(), now.format(TIME).to_string()])?;
            }
            let at = now.format(TIME).to_string();
            for r in records {
                let said = said(&r.fields);
                let Some((id, how)) = r.on_map else {
                    let id = insert_service(tx, event, &r.fields, now, None)?;
                    tx.prepare_cached("UPDATE services SET directory_said = ?2 WHERE id = ?1")?
                        .execute(params![id, said])?;
                    done.added += 1;
                    continue;
                };
                let current = tx
                    .query_row(
                        &format!("SELECT {SERVICE_FIELDS}, directory_said FROM services WHERE id = ?1"),
                        [id],
                        |row| Ok((service_row(row)?, row.get::<_, Option<String>>(18)?)),
                    )
                    .optional()?;
                let Some((current, before)) = current else {
                    continue;
                };
                let before = match how {
                    Matched::ById => before.as_deref().and_then(read_said),
                    Matched::ByName => None,
                };
                let (after, kept) = directory_update(before.as_ref(), &current.fields, &r.fields);
                if !kept.is_empty() {
                    done.kept.push((current.fields.name.clone(), kept));
                }
                let listing_changed = current.fields.directory != r.fields.directory;
                if after == current.fields && !listing_changed {
                    done.unchanged += 1;
                } else {
                    done.updated += 1;
                }
                update_service_fields(tx, id, &current.fields, &after, now)?;
                let l = ServiceValues::of(&r.fields);
                let v = l.values();
                tx.prepare_cached(
                    "UPDATE services SET directory_id = ?2, assured_date = ?3, directory_status = ?4,
                         directory_max_age = ?5, directory_said = ?6,
                         rev = rev + (directory_id IS NOT ?2 OR assured_date IS NOT ?3
                                      OR directory_status IS NOT ?4 OR directory_max_age IS NOT ?5),
                         updated_at = CASE WHEN directory_status IS NOT ?4 THEN ?7 ELSE updated_at END
                     WHERE id = ?1",
                )?
                .execute(params![id, v[9], v[10], v[11], v[12], said, at])?;
            }
            let mut mark = |id: &str, status: &str| -> rusqlite::Result<()> {
                let mut stmt = tx.prepare_cached(
                    "UPDATE services SET directory_status = ?3, rev = rev + 1, updated_at = ?4
                     WHERE event_id = ?1 AND directory_id = ?2 AND deleted_at IS NULL
                       AND directory_status IS NOT ?3
                     RETURNING name",
                )?;
                let names = stmt
                    .query_map(params![event, id, status, at], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                for n in names {
                    done.marked.push((crate::text::from_store(n), status.to_owned()));
                }
                Ok(())
            };
            for (id, status) in statuses {
                mark(id, status)?;
            }
            if let Some(listed) = whole {
                let gone: Vec<String> = {
                    let mut stmt = tx.prepare_cached(
                        "SELECT directory_id FROM services
                         WHERE event_id = ?1 AND directory_id IS NOT NULL AND deleted_at IS NULL",
                    )?;
                    stmt.query_map([event], |r| r.get::<_, String>(0))?
                        .filter_map(std::result::Result::ok)
                        .filter(|id| !listed.contains(id))
                        .collect()
                };
                for id in gone {
                    mark(&id, crate::map::UNLISTED)?;
                }
            }
            Ok(done)
        })
    }
}

/// The fields a directory gave, as a re-import compares them: what the room had from it.
fn said(fields: &ServiceFields) -> String {
    let map: serde_json::Map<String, serde_json::Value> = SERVICE_CLASH_FIELDS
        .iter()
        .map(|(name, get)| ((*name).to_owned(), serde_json::Value::String(get(fields))))
        .collect();
    serde_json::Value::Object(map).to_string()
}

fn read_said(text: &str) -> Option<HashMapSaid> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let o = v.as_object()?;
    Some(
        SERVICE_CLASH_FIELDS
            .iter()
            .map(|(name, _)| {
                (
                    *name,
                    o.get(*name)
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                )
            })
            .collect(),
    )
}

type HashMapSaid = std::collections::HashMap<&'static str, String>;

/// A service on the map brought up to date with its directory record: a field the directory
/// changed since it last said it is taken, unless the room changed it too (then the room's is
/// kept, and named). Not knowing what the directory said before (a service the team added,
/// now linked), only the fields the room left empty are filled. Groupings are the room's.
fn directory_update(
    before: Option<&HashMapSaid>,
    current: &ServiceFields,
    new: &ServiceFields,
) -> (ServiceFields, Vec<&'static str>) {
    let mut after = current.clone();
    let mut kept = Vec::new();
    for (name, get) in SERVICE_CLASH_FIELDS {
        let (now, then) = (get(current), get(new));
        let take = match before.and_then(|b| b.get(name)) {
            Some(said) if *said == then => false,
            Some(said) if *said == now => true,
            Some(_) => {
                if now != then {
                    kept.push(*name);
                }
                false
            }
            None => now.trim().is_empty() && !then.trim().is_empty(),
        };
        if take {
            match *name {
                "name" => after.name.clone_from(&new.name),
                "provider" => after.provider.clone_from(&new.provider),
                "sector" => after.sector.clone_from(&new.sector),
                "ages" => after.ages = new.ages,
                "locality" => after.localities = new.localities.clone(),
                "route" => after.access_route.clone_from(&new.access_route),
                "notes" => after.notes.clone_from(&new.notes),
                _ => {}
            }
        }
    }
    after.directory.clone_from(&new.directory);
    (after, kept)
}

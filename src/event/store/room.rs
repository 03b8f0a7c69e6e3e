//! The `room` table: what the projector shows, as the driving console decides it. Writing it
//! never moves the revision the consoles watch, so a console's screen change costs the
//! others nothing but one small read.

use super::*;
use crate::event::room::{Directive, Mode, Shown};

impl Store {
    /// This connection's console name, as the room row records who moved it.
    pub fn console(&self) -> &str {
        &self.console
    }

    /// Whether the console of that name still runs (holds its lock).
    pub fn console_is_running(&self, console: &str) -> bool {
        console_running(&self.path, console)
    }

    /// Records what the room is shown: one transaction, one row per event.
    pub fn save_room(
        &self,
        event: EventId,
        mode: Mode,
        shown: Shown,
        blank: bool,
        seat: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO room (event_id, mode, shown, blank, console, seat, moved_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (event_id) DO UPDATE SET mode = ?2, shown = ?3, blank = ?4,
                     console = ?5, seat = ?6, moved_at = ?7",
                params![
                    event,
                    mode.slug(),
                    shown.slug(),
                    blank,
                    self.console,
                    seat,
                    now.format(TIME).to_string()
                ],
            )
            .map(|_| ())
        })
    }

    /// What the room of `event` is shown, if a console has said.
    pub fn room(&self, event: EventId) -> Result<Option<Directive>> {
        self.conn
            .prepare_cached(
                "SELECT mode, shown, blank, console, seat, moved_at FROM room WHERE event_id = ?1",
            )
            .and_then(|mut s| {
                s.query_row([event], |r| {
                    Ok(Directive {
                        mode: Mode::from_slug(&r.get::<_, String>(0)?),
                        shown: Shown::from_slug(&r.get::<_, String>(1)?),
                        blank: r.get(2)?,
                        console: r.get(3)?,
                        seat: r.get(4)?,
                        moved_at: time(r, 5)?,
                    })
                })
                .optional()
            })
            .map_err(|e| self.err(e))
    }

    /// The event whose room a console moved last on `today`: the one a projector given no
    /// event follows (yesterday's event is not put back on the wall).
    pub fn live_room(&self, today: NaiveDate) -> Result<Option<EventInfo>> {
        let id: Option<EventId> = self
            .conn
            .query_row(
                "SELECT r.event_id FROM room r JOIN events e ON e.id = r.event_id
                 WHERE substr(r.moved_at, 1, 10) = ?1
                 ORDER BY e.rehearsal, r.moved_at DESC, r.rowid DESC LIMIT 1",
                [today.format(DATE).to_string()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        id.map(|id| self.event(id)).transpose()
    }

    /// Opens a database only to follow it, as the projector does: read-only, `query_only`
    /// on top. While a console runs, as one more reader of the WAL it writes (never a copy,
    /// which would stand still); with none, the file as it is, leaving nothing beside it.
    /// `None`: a console stopped without closing and its last changes wait in its WAL,
    /// which only a console may fold in. One from an older thrive is refused: the console
    /// must bring it up to date first.
    ///
    /// The projector opens it afresh for every look and closes it again, so a console that
    /// quits is never kept from tidying its WAL away by a reader it does not know about.
    pub fn open_to_follow(path: &Path) -> Result<Option<Store>> {
        refuse_folder(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let console = other_consoles_running(path, "");
        let wal_left = std::fs::metadata(side_file(path, "-wal")).is_ok_and(|m| m.len() > 0);
        if !console && wal_left {
            return Ok(None);
        }
        let conn = if console {
            Connection::open_with_flags(path, flags)
        } else {
            Connection::open_with_flags(immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)
        }
        .map_err(|e| classify(path, e))?;
        let err = |e| classify(path, e);
        conn.pragma_update(None, "query_only", true).map_err(err)?;
        conn.busy_timeout(Duration::from_millis(200)).map_err(err)?;
        let (version, app, tables) = header(&conn).map_err(err)?;
        let known = MIGRATIONS.len() as i64;
        if (app != 0 && app != APPLICATION_ID) || (version == 0 && tables > 0) {
            return Err(StoreError::NotThrive {
                path: path.to_path_buf(),
            });
        }
        if version > known {
            return Err(StoreError::Newer {
                path: path.to_path_buf(),
                found: version,
                known,
            });
        }
        if version < known {
            return Err(StoreError::Older {
                path: path.to_path_buf(),
                found: version,
            });
        }
        Ok(Some(Store {
            conn,
            path: path.to_path_buf(),
            console: "projector".to_owned(),
            _lock: None,
            _scratch: None,
            checked: false,
        }))
    }
}

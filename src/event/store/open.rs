//! Opening a database: refusing what is not ours, migrating, WAL, and read-only copies.

use super::*;

impl Store {
    /// Opens (creating if absent) the database at `path` and brings its schema up to date.
    /// A read-only database opens for reading; writes then fail with [`StoreError::ReadOnly`].
    pub fn open(path: &Path) -> Result<Store> {
        refuse_folder(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.exists()
        {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
                path: path.to_path_buf(),
                detail: format!("cannot create its folder: {e}"),
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let existed = path.exists();
        let sides_existed = ["-wal", "-shm"].map(|s| side_file(path, s).exists());
        // Read before SQLite opens the file: closing any other handle to it would drop the
        // POSIX locks SQLite holds on it, and another program closing its connection would
        // then take itself for the last one and delete the WAL this console writes into.
        let unchanged = clean_close::matches(path);
        let opened = Connection::open_with_flags(path, flags)
            .map_err(|e| classify(path, e))
            .and_then(|conn| Store::setup(conn, path, unchanged));
        match opened {
            Ok(store) => Ok(store),
            // SQLite says "disk I/O error" when it cannot grow its shared-memory file: ask
            // the disk itself, so a full disk is named as one.
            Err(StoreError::Full | StoreError::Other(_)) if disk_full(path) => {
                // What this open made and could not fill goes: nothing is left behind. (An
                // empty WAL holds nothing; one with frames is kept for the next open.)
                for (suffix, was_there) in ["-wal", "-shm"].into_iter().zip(sides_existed) {
                    let side = side_file(path, suffix);
                    let empty_wal =
                        suffix == "-shm" || std::fs::metadata(&side).is_ok_and(|m| m.len() == 0);
                    if !was_there && empty_wal {
                        let _ = std::fs::remove_file(side);
                    }
                }
                if !existed {
                    let _ = std::fs::remove_file(path);
                }
                Err(StoreError::NoRoom {
                    path: path.to_path_buf(),
                })
            }
            Err(e) => Err(e),
        }
    }

    /// Opens an existing database for reading only: nothing is created or changed (`thrive
    /// render`, `thrive events`, `thrive export`) — but one from an older thrive is first
    /// brought up to date. An empty file reads as a database with no events.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        refuse_folder(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        // Before the connection, as in `open`: never another handle on a file SQLite holds.
        let unchanged = clean_close::matches(path);
        let wal_left = std::fs::metadata(side_file(path, "-wal")).is_ok_and(|m| m.len() > 0);
        let console = other_consoles_running(path, "");
        if wal_left && !console {
            // A console was killed and left its last changes in the WAL: read them from a
            // copy, since folding them in would write the file (and needs a writable folder).
            return Store::read_copy(path);
        }
        let conn = if console {
            // A console writes it now: read as one more connection of the WAL it keeps.
            Connection::open_with_flags(path, flags)
        } else {
            // Nobody writes it: read the file as it is, making no -shm or -wal beside it,
            // so reading works from a read-only folder or stick and leaves nothing behind.
            Connection::open_with_flags(immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)
        }
        .map_err(|e| classify(path, e))?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| classify(path, e))?;
        if version == 0 && table_count(&conn).map_err(|e| classify(path, e))? == 0 {
            return Store::in_memory();
        }
        // A damaged file is refused by every command alike, not read from as if whole: the
        // same whole-file check as a console's open, skipped on the same terms.
        if version > 0 && !unchanged {
            let check: String = conn
                .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
                .map_err(|e| classify(path, e))?;
            if check != "ok" {
                return Err(StoreError::Damaged {
                    path: path.to_path_buf(),
                    detail: check,
                });
            }
        }
        if version > 0 && version < MIGRATIONS.len() as i64 {
            // Written by an older thrive: read from an up-to-date copy, so the file itself
            // is never changed by a command that only reads (it may be an archive, or on a
            // read-only stick); the console brings it up to date when it next opens it.
            let scratch = tempfile::tempdir().map_err(|e| StoreError::Open {
                path: path.to_path_buf(),
                detail: format!("no room for a temporary copy to read: {e}"),
            })?;
            let copy = scratch.path().join("thrive.db");
            conn.execute("VACUUM INTO ?1", [copy.to_string_lossy()])
                .map_err(|e| classify(path, e))?;
            drop(conn);
            // What is wrong with the copy is said of the file the person named.
            let mut store = Store::open(&copy).map_err(|e| e.of(path))?;
            store._scratch = Some(scratch);
            return Ok(store);
        }
        Store::setup(conn, path, unchanged)
    }

    /// The database and its WAL copied into a temporary folder, and the copy opened: what a
    /// killed console left, read without changing the file.
    fn read_copy(path: &Path) -> Result<Store> {
        let open_error = |e: std::io::Error| StoreError::Open {
            path: path.to_path_buf(),
            detail: format!("no room for a temporary copy to read: {e}"),
        };
        let scratch = tempfile::tempdir().map_err(open_error)?;
        let copy = scratch.path().join("thrive.db");
        std::fs::copy(path, &copy).map_err(open_error)?;
        std::fs::copy(side_file(path, "-wal"), side_file(&copy, "-wal")).map_err(open_error)?;
        let mut store = Store::open(&copy).map_err(|e| e.of(path))?;
        store._scratch = Some(scratch);
        Ok(store)
    }

    /// A database that lives only as long as the store: for tests and `render`.
    pub fn in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory().map_err(|e| classify(Path::new(":memory:"), e))?;
        Store::setup(conn, Path::new(":memory:"), false)
    }

    /// `clean` says the file is as the last console left it at a clean close, read before
    /// the connection was opened.
    fn setup(conn: Connection, path: &Path, clean: bool) -> Result<Store> {
        let err = |e| classify(path, e);
        conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
        let (version, app, tables) = header(&conn).map_err(err)?;
        // Ours is known positively: our mark in the header, or (a file from before the mark)
        // our own tables. Anything else is another program's, whatever its user_version says.
        // Our five tables, and in them the columns every version has: a file with tables of
        // the same names and other columns is another program's (migrating it would fail
        // after switching it to WAL).
        let unmarked_ours = || -> rusqlite::Result<bool> {
            conn.query_row(
                "SELECT (SELECT count(*) = 5 FROM sqlite_master WHERE type = 'table'
                           AND name IN ('events', 'segment_runs', 'notes', 'actions', 'drafts'))
                    AND (SELECT count(*) = 3 FROM pragma_table_info('events')
                           WHERE name IN ('title', 'site', 'date'))
                    AND (SELECT count(*) = 3 FROM pragma_table_info('notes')
                           WHERE name IN ('event_id', 'created_at', 'text'))",
                [],
                |r| r.get(0),
            )
        };
        let foreign = (app != 0 && app != APPLICATION_ID)
            || (version == 0 && tables > 0)
            || (app == 0 && version > 0 && !unmarked_ours().map_err(err)?);
        if foreign {
            return Err(StoreError::NotThrive {
                path: path.to_path_buf(),
            });
        }
        // Our mark but not our tables: a file thrive did not finish, or one emptied since.
        if app == APPLICATION_ID && version > 0 && !unmarked_ours().map_err(err)? {
            return Err(StoreError::Damaged {
                path: path.to_path_buf(),
                detail: "it carries thrive's mark but not thrive's tables".into(),
            });
        }
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::Newer {
                path: path.to_path_buf(),
                found: version,
                known,
            });
        }
        let read_only = conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false);
        if read_only && version < known {
            // Cannot bring it up to date: say so rather than fail on a missing table later.
            return Err(StoreError::ReadOnly);
        }
        let mut unchanged = false;
        if version > 0 && !read_only {
            // Look at every page before writing anything, even the journal mode: a damaged
            // file is refused whole, not written into. Unless the file is exactly as the last
            // console left it when it closed cleanly: then its pages were checked by use, and
            // the check would cost more the bigger the record grows.
            unchanged = clean;
            // From here on this console may write: the mark no longer holds.
            clean_close::forget(path);
            if !unchanged {
                let check: String = conn
                    .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
                    .map_err(err)?;
                if check != "ok" {
                    return Err(StoreError::Damaged {
                        path: path.to_path_buf(),
                        detail: check,
                    });
                }
            }
        }
        if !read_only {
            // WAL: readers never block the writer, so a second console can share the file.
            wal(&conn).map_err(err)?;
        }
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(err)?;
        let in_memory = path.as_os_str() == ":memory:";
        let console = if in_memory {
            "memory".to_owned()
        } else {
            console_name()
        };
        let lock = (!in_memory && !read_only)
            .then(|| ConsoleLock::claim(path, &console))
            .flatten();
        let store = Store {
            conn,
            path: path.to_path_buf(),
            console,
            _lock: lock,
            _scratch: None,
            checked: version > 0 && !read_only && !unchanged,
        };
        if !read_only {
            store.migrate()?;
        }
        Ok(store)
    }

    /// Brings the schema up to date, one version per transaction. The version is read inside
    /// each transaction, so two consoles starting together on a new file migrate it once.
    fn migrate(&self) -> Result<()> {
        // Every step in one transaction: a file whose tables only look like thrive's fails
        // part-way and is left exactly as it was, never half brought up to date.
        self.write(|tx| {
            for (i, sql) in MIGRATIONS.iter().enumerate() {
                let target = i as i64 + 1;
                let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
                if version < target {
                    tx.execute_batch(sql)?;
                    tx.pragma_update(None, "user_version", target)?;
                    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
                }
            }
            Ok(())
        })
        .map_err(|e| match e {
            StoreError::Other(detail) => StoreError::Damaged {
                path: self.path.clone(),
                detail: format!(
                    "its tables are not as thrive makes them: {}",
                    crate::text::cut_to_width(&detail, 80)
                ),
            },
            other => other,
        })
    }
}

/// The schema version, the application mark and how many objects the file has, in one
/// statement, so one snapshot: a console creating the file at the same moment is seen either
/// before its first migration or after it, never half-way. (The first read: it fails here for
/// a file that is not a database.)
pub(super) fn header(conn: &Connection) -> rusqlite::Result<(i64, i64, i64)> {
    conn.query_row(
        "SELECT (SELECT user_version FROM pragma_user_version),
                (SELECT application_id FROM pragma_application_id),
                (SELECT count(*) FROM sqlite_master)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// A folder where the database should be is said as one, not as "disk I/O error".
pub(super) fn refuse_folder(path: &Path) -> Result<()> {
    // A pipe or device is never opened: SQLite would wait on it, or read it for ever.
    if let Some(kind) = std::fs::metadata(path)
        .ok()
        .and_then(|m| crate::input::not_a_file(&m))
    {
        return Err(StoreError::Open {
            path: path.to_path_buf(),
            detail: format!("this is {kind}, not a database file; give --db a file's path"),
        });
    }
    if path.is_dir() {
        return Err(StoreError::Open {
            path: path.to_path_buf(),
            detail: format!(
                "this is a folder, not a database file; give the file in it, e.g. --db {}",
                path.join("thrive.db").display()
            ),
        });
    }
    Ok(())
}

pub(super) fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(err, msg) => {
            let detail = msg.clone().unwrap_or_else(|| err.to_string());
            match err.code {
                ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => StoreError::Damaged {
                    path: path.to_path_buf(),
                    detail,
                },
                ErrorCode::ReadOnly | ErrorCode::PermissionDenied => StoreError::ReadOnly,
                ErrorCode::DiskFull => StoreError::Full,
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::Busy {
                    by_console: other_consoles_running(path, ""),
                },
                ErrorCode::CannotOpen => StoreError::Open {
                    path: path.to_path_buf(),
                    detail,
                },
                _ => StoreError::Other(detail),
            }
        }
        other => StoreError::Other(other.to_string()),
    }
}

/// Whether the disk holding `db` has no room for a small write (a probe file beside it,
/// removed at once).
pub(super) fn disk_full(db: &Path) -> bool {
    use std::io::Write;
    let dir = match db.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut probe = match tempfile::Builder::new()
        .prefix(".thrive-room-")
        .tempfile_in(dir)
    {
        Ok(probe) => probe,
        Err(e) => return e.kind() == std::io::ErrorKind::StorageFull,
    };
    let wrote = probe
        .write_all(&[0u8; 64 * 1024])
        .and_then(|()| probe.as_file().sync_all());
    matches!(wrote, Err(e) if e.kind() == std::io::ErrorKind::StorageFull)
}

/// `thrive.db-wal`, `thrive.db-shm`: SQLite's files beside the database.
pub(super) fn side_file(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// `file:/path/to/thrive.db?immutable=1`, the path escaped as a URI needs.
pub(super) fn immutable_uri(path: &Path) -> String {
    let full = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for b in full.as_os_str().as_encoded_bytes() {
        match b {
            b'%' | b'?' | b'#' => uri.push_str(&format!("%{b:02X}")),
            b if b.is_ascii_graphic() => uri.push(char::from(*b)),
            b => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// Puts the file in WAL mode (it stays so). Switching needs the file to itself, and SQLite
/// answers "busy" at once rather than wait when another console is opening it too: so wait
/// here, as long as any other write would.
pub(super) fn wal(conn: &Connection) -> rusqlite::Result<()> {
    let started = std::time::Instant::now();
    loop {
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
        if mode.eq_ignore_ascii_case("wal") {
            return Ok(());
        }
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)) {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == ErrorCode::DatabaseBusy && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            // An in-memory database stays in memory mode; that is its answer.
            other => return other.map(|_| ()),
        }
    }
}

pub(super) fn table_count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
}

//! The event store: one SQLite database for every event, so a series can carry its actions
//! forward. WAL with `synchronous=FULL`: every change a person makes is one transaction,
//! committed before the screen calls it saved. The schema is versioned by `user_version`
//! with forward migrations; a database from a newer thrive is refused, a damaged one is
//! refused and left untouched.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, Row, params};

use super::record::{
    Action, ActionFields, ActionId, Decision, Draft, DraftSlot, EventId, EventInfo, EventSummary,
    Note, NoteId, Status,
};
use super::run::{AgendaRun, Interval, RunState, SegmentRun};
use crate::diagnostic::Problem;
use crate::map::{Ages, Groupings, KnownServices, Localities, Service, ServiceFields, ServiceId};
use crate::script::Script;
use crate::thrive::{Grouping, Principle};

mod copy;
pub use copy::{ActionName, Names};

/// Each entry moves the schema up one version, in one transaction.
const MIGRATIONS: &[&str] = &[
    include_str!("schema_v1.sql"),
    include_str!("schema_v2.sql"),
    include_str!("schema_v3.sql"),
    include_str!("schema_v4.sql"),
    include_str!("schema_v5.sql"),
];

/// Written into every thrive database's header ("THRV"), so another program's SQLite file
/// is never mistaken for one and written into.
const APPLICATION_ID: i64 = 0x5448_5256;

/// How long a write waits for another console's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub(in crate::event) const TIME: &str = "%Y-%m-%dT%H:%M:%S";
pub(in crate::event) const DATE: &str = "%Y-%m-%d";

/// What can go wrong with the store, each in words a facilitator can act on.
#[derive(Debug)]
pub enum StoreError {
    /// Not a SQLite database, or one whose pages are damaged.
    Damaged {
        path: PathBuf,
        detail: String,
    },
    /// Written by a newer thrive, with a schema this one does not know.
    Newer {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    /// A SQLite database, but another program's.
    NotThrive {
        path: PathBuf,
    },
    /// The file or its folder cannot be written.
    ReadOnly,
    /// The disk (or the database's size limit) is full.
    Full,
    /// The disk is full at start, before the database could be made or opened.
    NoRoom {
        path: PathBuf,
    },
    /// The database stayed locked longer than the busy timeout: by another console, or by
    /// another program (an SQLite browser, a backup tool) when no other console runs.
    Busy {
        by_console: bool,
    },
    /// Another console changed these fields of the record since this one read it: nothing
    /// was written, so the person can choose.
    Changed(Vec<Clash>),
    /// Another console deleted (or merged away) the record being saved: nothing was written.
    Gone,
    /// The file could not be opened at all.
    Open {
        path: PathBuf,
        detail: String,
    },
    Other(String),
}

impl StoreError {
    /// Short, for the status line: "the disk is full".
    pub fn short(&self) -> String {
        match self {
            StoreError::Damaged { .. } => "the database is damaged".into(),
            StoreError::Newer { .. } => "the database is from a newer thrive".into(),
            StoreError::NotThrive { .. } => "the file is another program's database".into(),
            StoreError::ReadOnly => "the database cannot be written (read-only)".into(),
            StoreError::Full | StoreError::NoRoom { .. } => "the disk is full".into(),
            // A console runs, so it may be the one writing; a program may hold it as well.
            StoreError::Busy { by_console: true } => {
                "the database is busy (in use by another console or program)".into()
            }
            StoreError::Busy { by_console: false } => {
                "the database is locked by another program".into()
            }
            StoreError::Changed(_) => "changed in another console meanwhile".into(),
            StoreError::Gone => "deleted in another console meanwhile".into(),
            StoreError::Open { detail, .. } => format!("the database cannot be opened: {detail}"),
            StoreError::Other(detail) => format!("the database failed: {detail}"),
        }
    }

    /// The same problem, said of `path` (a temporary copy's error, of the file it copies).
    fn of(self, path: &Path) -> StoreError {
        let path = path.to_path_buf();
        match self {
            StoreError::Damaged { detail, .. } => StoreError::Damaged { path, detail },
            StoreError::Newer { found, known, .. } => StoreError::Newer { path, found, known },
            StoreError::NotThrive { .. } => StoreError::NotThrive { path },
            StoreError::Open { detail, .. } => StoreError::Open { path, detail },
            StoreError::NoRoom { .. } => StoreError::NoRoom { path },
            other => other,
        }
    }

    /// Who holds the lock a write waited for, in the words the console's "waiting" shows.
    pub fn holder(&self) -> Option<&'static str> {
        match self {
            StoreError::Busy { by_console: true } => Some("another console or program"),
            StoreError::Busy { by_console: false } => Some("locked by another program"),
            _ => None,
        }
    }

    /// A problem that refusing to start is the right answer to (as opposed to one a retry
    /// may cure).
    pub fn is_fatal(&self) -> bool {
        matches!(
            self,
            StoreError::Damaged { .. }
                | StoreError::Newer { .. }
                | StoreError::Open { .. }
                | StoreError::NoRoom { .. }
        )
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = |path: &Path, message: String, help: &str| {
            Problem::new(path.display().to_string(), message).help(help)
        };
        let problem = match self {
            StoreError::Damaged { path, detail } => at(
                path,
                format!("this is not a thrive database, or it is damaged ({detail})"),
                "it is left exactly as it is; start a new one with --db NEW.db, and keep this file for recovery",
            ),
            StoreError::Newer { path, found, known } => at(
                path,
                format!("this database was written by a newer thrive (schema {found}; this thrive knows up to {known})"),
                "install the newer thrive, or use --db NEW.db for a separate database",
            ),
            StoreError::NotThrive { path } => at(
                path,
                "this is another program's SQLite database, not thrive's".to_owned(),
                "it is left exactly as it is; give thrive its own file with --db NEW.db",
            ),
            StoreError::Open { path, detail } => at(
                path,
                format!("the database cannot be opened: {detail}"),
                "check the path and its folder's permissions, or use --db PATH",
            ),
            StoreError::NoRoom { path } => at(
                path,
                "the disk it is on is full".to_owned(),
                "free some space there, or give --db a path on another disk; nothing was written",
            ),
            StoreError::Busy { by_console } => Problem::new("", self.short()).help(format!(
                "{}, then run this again; nothing was changed",
                if *by_console {
                    "wait for the other console's import to finish, or close the program that has the database open"
                } else {
                    "close the program that has the database open (an SQLite browser, a backup tool)"
                }
            )),
            other => return f.write_str(&other.short()),
        };
        write!(f, "{problem}")
    }
}

impl std::error::Error for StoreError {}

/// One field two consoles changed at once: what it was when this console read it, what
/// the other console made it, and what this one typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    pub field: &'static str,
    pub theirs: String,
    pub mine: String,
}

/// Whether a save checks that nobody else changed what it changes since it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Refuse with [`StoreError::Changed`] or [`StoreError::Gone`] if anyone did.
    Clashes,
    /// Write this console's changes over whatever is there (the person chose to).
    Overwrite,
}

/// A field of a record by the name a person reads, and its value as text.
type ClashField<T> = (&'static str, fn(&T) -> String);

/// A field as this console left it where it changed it (`after` differs from `before`),
/// else as it is stored now.
fn pick<'a, T: PartialEq>(before: &'a T, current: &'a T, after: &'a T) -> &'a T {
    if after != before { after } else { current }
}

/// The fields `after` changes from `before` that another console changed too, to
/// something else: (field, theirs, mine).
fn clashes<T: PartialEq>(
    before: &T,
    current: &T,
    after: &T,
    fields: &[ClashField<T>],
) -> Vec<Clash> {
    fields
        .iter()
        .filter_map(|(field, get)| {
            let (b, c, a) = (get(before), get(current), get(after));
            (a != b && c != b && c != a).then_some(Clash {
                field,
                theirs: c,
                mine: a,
            })
        })
        .collect()
}

/// A folder where the database should be is said as one, not as "disk I/O error".
fn refuse_folder(path: &Path) -> Result<()> {
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

fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
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

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// This console's name for its drafts; another console's drafts are never its own.
    console: String,
    /// Held while the console runs: a console whose lock is free has gone (crashed or quit),
    /// and its drafts can be offered back.
    _lock: Option<ConsoleLock>,
    /// For a database from an older thrive opened only to read: the folder holding the
    /// up-to-date copy that is read instead, removed with the store.
    _scratch: Option<tempfile::TempDir>,
    /// Whether opening looked at every page (the file was not as a clean close left it).
    checked: bool,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// Where the database lives when neither `--db` nor `THRIVE_DB` says.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "thrive", "thrive")
        .map(|d| d.data_dir().join("thrive.db"))
}

pub type Result<T> = std::result::Result<T, StoreError>;

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
        // The first read fails here for a file that is not a database.
        // One statement, so one snapshot: a console creating the file at the same moment is
        // seen either before its first migration or after it, never half-way.
        let (version, app, tables): (i64, i64, i64) = conn
            .query_row(
                "SELECT (SELECT user_version FROM pragma_user_version),
                        (SELECT application_id FROM pragma_application_id),
                        (SELECT count(*) FROM sqlite_master)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(err)?;
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

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// For tests that need to break things (a size limit standing in for a full disk).
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        match classify(&self.path, e) {
            // Who holds it decides what a person does: wait for a console's import, or
            // close the program that has the file open.
            StoreError::Busy { .. } => StoreError::Busy {
                by_console: other_consoles_running(&self.path, &self.console),
            },
            other => other,
        }
    }

    /// How long a write waits for the lock before it says busy. The console waits only a
    /// moment, so its screen keeps drawing and reading keys, and retries by itself; a
    /// command waits as long as another console's write could take.
    pub fn set_patience(&self, wait: Duration) -> Result<()> {
        self.conn.busy_timeout(wait).map_err(|e| self.err(e))
    }

    /// Runs `f` in one immediate transaction: all of it is committed, or none.
    pub(in crate::event) fn write<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T> {
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )
        .map_err(|e| self.err(e))?;
        let value = f(&tx).map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(value)
    }

    /// A fingerprint of an event's notes, actions and services: it changes when any is added,
    /// edited, deleted or moved on, and not when only drafts or timings are written.
    pub fn fingerprint(&self, _event: EventId) -> Result<String> {
        // Kept by triggers on every table a console shows (schema 5): one row to read.
        self.conn
            .query_row("SELECT n FROM revision", [], |r| r.get::<_, i64>(0))
            .map(|n| n.to_string())
            .map_err(|e| self.err(e))
    }

    /// Whether opening checked every page of the file: it does unless the file is exactly as
    /// the last console left it at a clean close.
    pub fn checked_at_open(&self) -> bool {
        self.checked
    }

    /// Changes whenever another connection (a second console) commits.
    pub fn data_version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(|e| self.err(e))
    }

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

/// Where the clean-close mark of the database at `db` is kept: for tests.
#[doc(hidden)]
pub fn clean_close_mark(db: &Path) -> Option<PathBuf> {
    clean_close::mark_path(db)
}

/// Whether the disk holding `db` has no room for a small write (a probe file beside it,
/// removed at once).
fn disk_full(db: &Path) -> bool {
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
fn side_file(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// `file:/path/to/thrive.db?immutable=1`, the path escaped as a URI needs.
fn immutable_uri(path: &Path) -> String {
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
fn wal(conn: &Connection) -> rusqlite::Result<()> {
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

fn table_count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
}

/// A name no other console shares: the process and the moment it started.
fn console_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{}-{nanos}", std::process::id())
}

/// `thrive.db.consoles/NAME.lock`, beside the database.
fn lock_path(db: &Path, console: &str) -> PathBuf {
    let mut dir = db.as_os_str().to_owned();
    dir.push(".consoles");
    PathBuf::from(dir).join(format!("{console}.lock"))
}

impl Drop for Store {
    /// The last console to close a file leaves a mark of its state (its WAL folded in), so
    /// the next open can tell nothing has touched it since and skip the whole-file check;
    /// and the consoles' folder goes once no console's lock is in it.
    fn drop(&mut self) {
        self.mark_clean_close();
        if let Some(lock) = self._lock.take() {
            let folder = lock.path.parent().map(Path::to_path_buf);
            drop(lock);
            // Only an empty folder is removed: another console's lock keeps it. (An older
            // thrive kept its clean-close mark in it.)
            if let Some(folder) = folder {
                let _ = std::fs::remove_file(folder.join("clean"));
                remove_gone_locks(&folder);
                let _ = std::fs::remove_dir(folder);
            }
        }
    }
}

impl Store {
    fn mark_clean_close(&mut self) {
        if self._lock.is_none() || self._scratch.is_some() {
            return;
        }
        if other_consoles_running(&self.path, &self.console) {
            return;
        }
        let folded: rusqlite::Result<i64> =
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0));
        if folded != Ok(0) {
            return;
        }
        // Closed first, so nothing SQLite does at close can change the file after the mark.
        let Ok(spare) = Connection::open_in_memory() else {
            return;
        };
        let conn = std::mem::replace(&mut self.conn, spare);
        if conn.close().is_ok() {
            clean_close::mark(&self.path);
        }
    }
}

/// Lock files whose console has gone (killed: nothing removed its file). Their drafts are
/// still offered: a console with no lock file counts as gone.
fn remove_gone_locks(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten().take(10_000) {
        let path = entry.path();
        // A console making its lock this moment has the file before it holds the lock.
        let settled = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(2));
        if path.extension().is_none_or(|e| e != "lock") || !settled {
            continue;
        }
        let free = std::fs::File::open(&path).is_ok_and(|f| {
            let free = f.try_lock().is_ok();
            let _ = f.unlock();
            free
        });
        if free {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Whether a console other than `me` holds its lock on the database.
fn other_consoles_running(db: &Path, me: &str) -> bool {
    let Some(dir) = lock_path(db, me).parent().map(Path::to_path_buf) else {
        return true;
    };
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        // No folder: no console has a lock.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return false,
        Err(_) => return true,
    };
    entries.flatten().any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        name.strip_suffix(".lock")
            .is_some_and(|console| console != me && console_running(db, console))
    })
}

/// The state a database file was left in by the last console to close it cleanly: its
/// size, its modification time and its header. Kept in thrive's own cache folder, not beside
/// the database, so a console that closes cleanly leaves only the database there.
mod clean_close {
    use std::io::Read;
    use std::path::{Path, PathBuf};

    /// Marks are one short line each; a folder of them is never read past this many.
    const MOST_MARKS: usize = 1000;

    fn folder() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "thrive", "thrive")
            .map(|d| d.cache_dir().join("clean-close"))
    }

    /// The database's own path, whole, names its mark.
    fn key(db: &Path) -> Option<String> {
        let full = std::fs::canonicalize(db).ok()?;
        Some(full.display().to_string())
    }

    pub(crate) fn mark_path(db: &Path) -> Option<PathBuf> {
        Some(folder()?.join(super::content_hash(&key(db)?)))
    }

    /// What the file is now; `None` when it cannot be read, or a WAL is left beside it.
    fn state(db: &Path) -> Option<String> {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        if std::fs::metadata(PathBuf::from(wal)).is_ok_and(|m| m.len() > 0) {
            return None;
        }
        let meta = std::fs::metadata(db).ok()?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        let mut header = [0u8; 100];
        std::fs::File::open(db).ok()?.read_exact(&mut header).ok()?;
        let header: String = header.iter().map(|b| format!("{b:02x}")).collect();
        Some(format!("{}\n{} {modified} {header}", key(db)?, meta.len()))
    }

    fn read(path: &Path) -> Option<String> {
        // A mark is two short lines (a path and a state): never read more.
        let mut said = String::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(8192).read_to_string(&mut said))
            .ok()?;
        Some(said)
    }

    pub(super) fn matches(db: &Path) -> bool {
        let (Some(now), Some(mark)) = (state(db), mark_path(db)) else {
            return false;
        };
        read(&mark).is_some_and(|said| said.trim() == now)
    }

    pub(super) fn forget(db: &Path) {
        if let Some(mark) = mark_path(db) {
            let _ = std::fs::remove_file(mark);
        }
    }

    pub(super) fn mark(db: &Path) {
        let (Some(now), Some(mark)) = (state(db), mark_path(db)) else {
            return;
        };
        let Some(dir) = mark.parent() else {
            return;
        };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        prune(dir);
        // Whole or not at all: a torn mark must never match.
        if let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir) {
            use std::io::Write;
            if tmp.write_all(now.as_bytes()).is_ok() {
                let _ = tmp.persist(mark);
            }
        }
    }

    /// Marks of databases that are no longer there go, so the folder does not grow.
    fn prune(dir: &Path) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten().take(MOST_MARKS) {
            let gone = read(&entry.path())
                .and_then(|said| said.lines().next().map(|p| !Path::new(p).exists()))
                .unwrap_or(false);
            if gone {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// An exclusive lock held for as long as a console runs; removed when it quits.
struct ConsoleLock {
    file: std::fs::File,
    path: PathBuf,
}

impl ConsoleLock {
    fn claim(db: &Path, console: &str) -> Option<ConsoleLock> {
        let path = lock_path(db, console);
        // The last console to close removes the empty folder: made again if it just went.
        for _ in 0..3 {
            std::fs::create_dir_all(path.parent()?).ok()?;
            match std::fs::File::create(&path) {
                Ok(file) => {
                    file.try_lock().ok()?;
                    return Some(ConsoleLock { file, path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(_) => return None,
            }
        }
        None
    }
}

impl Drop for ConsoleLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether the console that wrote drafts as `console` still runs. A console that could not
/// be asked (no lock file to try) is taken as gone only if its file is missing.
fn console_running(db: &Path, console: &str) -> bool {
    if console.is_empty() {
        return false;
    }
    let Ok(file) = std::fs::File::open(lock_path(db, console)) else {
        return false;
    };
    match file.try_lock() {
        Ok(()) => {
            let _ = file.unlock();
            false
        }
        Err(_) => true,
    }
}

/// The fields of an action two consoles can change at once, as a person reads them.
const ACTION_CLASH_FIELDS: &[ClashField<ActionFields>] = &[
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

/// The fields of a service two consoles can change at once. Groupings are not among
/// them: each console's switches are kept, whichever came first.
const SERVICE_CLASH_FIELDS: &[ClashField<ServiceFields>] = &[
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

/// The columns `action_row` reads, in its order.
const ACTION_FIELDS: [&str; 12] = [
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
fn action_fields(prefix: &str) -> String {
    ACTION_FIELDS.map(|f| format!("{prefix}{f}")).join(", ")
}

fn action_select() -> String {
    format!("SELECT {} FROM actions", action_fields(""))
}

/// A note from `SELECT id, created_at, updated_at, segment_id, text`.
fn note_row(r: &Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get(0)?,
        created_at: time(r, 1)?,
        updated_at: optional_time(r, 2)?,
        segment_id: r.get(3)?,
        text: crate::text::from_store(r.get(4)?),
    })
}

fn action_row(r: &Row<'_>) -> rusqlite::Result<Action> {
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

fn insert_action(
    tx: &rusqlite::Transaction<'_>,
    event: EventId,
    fields: &ActionFields,
    segment_id: Option<&str>,
    now: NaiveDateTime,
    carried_from: Option<ActionId>,
) -> rusqlite::Result<ActionId> {
    tx.execute(
        "INSERT INTO actions (event_id, created_at, text, owners, due, status, segment_id, grouping, principle, carried_from)
         VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?7, ?8, ?9)",
        params![
            event,
            now.format(TIME).to_string(),
            fields.text,
            crate::event::record::owners_to_store(&fields.owners),
            fields.due.map(|d| d.format(DATE).to_string()),
            segment_id,
            fields.grouping.map(Grouping::slug),
            fields.principle.map(Principle::slug),
            carried_from,
        ],
    )?;
    Ok(ActionId(tx.last_insert_rowid()))
}

/// A new event's map: the last event's (of its series, else at its site), then the script's
/// `[[service]]`s not already on it.
fn start_map(
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
            "INSERT INTO services (event_id, created_at, name, provider, sector, groupings, age_from, age_to,
                                   locality, access_route, notes, carried_from)
             SELECT ?1, ?2, name, provider, sector, groupings, age_from, age_to, locality, access_route, notes, id
             FROM services WHERE event_id = ?3 AND deleted_at IS NULL ORDER BY id",
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

const SERVICE_FIELDS: &str = "id, event_id, created_at, updated_at, carried_from, name, provider, sector, groupings, age_from, age_to, locality, access_route, notes";

fn service_row(r: &Row<'_>) -> rusqlite::Result<Service> {
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
        },
    })
}

fn insert_service(
    tx: &rusqlite::Transaction<'_>,
    event: EventId,
    f: &ServiceFields,
    now: NaiveDateTime,
    carried_from: Option<ServiceId>,
) -> rusqlite::Result<ServiceId> {
    // Prepared once per connection: an import stores thousands in one transaction.
    tx.prepare_cached(
        "INSERT INTO services (event_id, created_at, name, provider, sector, groupings, age_from, age_to,
                               locality, access_route, notes, carried_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
            event,
            now.format(TIME).to_string(),
            f.name,
            f.provider,
            f.sector,
            f.groupings.bits(),
            f.ages.map(|a| a.from),
            f.ages.map(|a| a.to),
            f.localities.to_string(),
            f.access_route,
            f.notes,
            carried_from,
        ])?;
    Ok(ServiceId(tx.last_insert_rowid()))
}

/// Sets the columns whose value differs between `before` and `after`, and nothing else.
fn update_service_fields(
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

fn clear_draft(
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

fn bad_value(i: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, what.into())
}

// Read in place, without a copy, by chrono's fixed-format parsers: thousands of rows are
// read at every open, and the format-string parser was most of their cost.
fn text_at<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    match r.get_ref(i)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        v => v.as_str().map(Some).map_err(|_| bad_value(i, "not text")),
    }
}

fn parse_time(s: &str) -> Option<NaiveDateTime> {
    s.parse::<NaiveDateTime>()
        .ok()
        .or_else(|| NaiveDateTime::parse_from_str(s, TIME).ok())
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    s.parse::<NaiveDate>()
        .ok()
        .or_else(|| NaiveDate::parse_from_str(s, DATE).ok())
}

fn time(r: &Row<'_>, i: usize) -> rusqlite::Result<NaiveDateTime> {
    optional_time(r, i)?.ok_or_else(|| bad_value(i, "not a time"))
}

fn optional_time(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDateTime>> {
    text_at(r, i)?
        .map(|s| parse_time(s).ok_or_else(|| bad_value(i, "not a time")))
        .transpose()
}

fn date(r: &Row<'_>, i: usize) -> rusqlite::Result<NaiveDate> {
    optional_date(r, i)?.ok_or_else(|| bad_value(i, "not a date"))
}

fn optional_date(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    text_at(r, i)?
        .map(|s| parse_date(s).ok_or_else(|| bad_value(i, "not a date")))
        .transpose()
}

/// "2026-12-03T10:15:00/2026-12-03T10:40:00", the end empty while open.
fn parse_interval(s: &str) -> Option<Interval> {
    let (start, end) = s.split_once('/')?;
    Some(Interval {
        start: NaiveDateTime::parse_from_str(start, TIME).ok()?,
        end: if end.is_empty() {
            None
        } else {
            Some(NaiveDateTime::parse_from_str(end, TIME).ok()?)
        },
    })
}

/// FNV-1a, 64-bit: a stable fingerprint of a script's text, the same on every platform and
/// thrive version (std's hasher promises neither).
pub fn content_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

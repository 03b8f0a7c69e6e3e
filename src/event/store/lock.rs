//! Which consoles have the file open (a lock file each), and the clean-close mark.

use super::*;

/// Where the clean-close mark of the database at `db` is kept: for tests.
#[doc(hidden)]
pub fn clean_close_mark(db: &Path) -> Option<PathBuf> {
    clean_close::mark_path(db)
}

/// A name no other console shares: the process and the moment it started.
pub(super) fn console_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{}-{nanos}", std::process::id())
}

/// `thrive.db.consoles/NAME.lock`, beside the database.
pub(super) fn lock_path(db: &Path, console: &str) -> PathBuf {
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
pub(super) fn remove_gone_locks(folder: &Path) {
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
pub(super) fn other_consoles_running(db: &Path, me: &str) -> bool {
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
pub(super) mod clean_close {
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

    pub(in crate::event) fn matches(db: &Path) -> bool {
        let (Some(now), Some(mark)) = (state(db), mark_path(db)) else {
            return false;
        };
        read(&mark).is_some_and(|said| said.trim() == now)
    }

    pub(in crate::event) fn forget(db: &Path) {
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
pub(super) struct ConsoleLock {
    file: std::fs::File,
    path: PathBuf,
}

impl ConsoleLock {
    pub(super) fn claim(db: &Path, console: &str) -> Option<ConsoleLock> {
        let path = lock_path(db, console);
        // The last console to close removes the empty folder: made again if it just went.
        for _ in 0..3 {
            std::fs::create_dir_all(path.parent()?).ok()?;
            match std::fs::File::create(&path) {
                Ok(file) => {
                    // Another program asking whether this console runs holds the lock for a
                    // moment (shared, to read it): wait that moment out, never run unlocked.
                    for _ in 0..20 {
                        if file.try_lock().is_ok() {
                            return Some(ConsoleLock { file, path });
                        }
                        std::thread::sleep(std::time::Duration::from_millis(5));
                    }
                    return None;
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
pub(super) fn console_running(db: &Path, console: &str) -> bool {
    if console.is_empty() {
        return false;
    }
    let Ok(file) = std::fs::File::open(lock_path(db, console)) else {
        return false;
    };
    // Shared: two programs asking at once never take each other for a running console.
    match file.try_lock_shared() {
        Ok(()) => {
            let _ = file.unlock();
            false
        }
        Err(_) => true,
    }
}

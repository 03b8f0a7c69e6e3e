//! What can go wrong with the store, said the way a person can act on it.

use super::*;

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
    /// Written by an older thrive, and opened only to follow: the console brings it up to
    /// date when it opens it.
    Older {
        path: PathBuf,
        found: i64,
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
            StoreError::Older { .. } => "the database is from an older thrive".into(),
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
    pub(super) fn of(self, path: &Path) -> StoreError {
        let path = path.to_path_buf();
        match self {
            StoreError::Damaged { detail, .. } => StoreError::Damaged { path, detail },
            StoreError::Newer { found, known, .. } => StoreError::Newer { path, found, known },
            StoreError::Older { found, .. } => StoreError::Older { path, found },
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
            StoreError::Older { path, found } => at(
                path,
                format!("this database was written by an older thrive (schema {found})"),
                "open it with the console first (thrive SCRIPT --db PATH): it is brought up to date then, and the room follows it",
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
            // No file to name: the place is the command that met it.
            other => Problem::new("", other.short()),
        };
        write!(f, "{problem}")
    }
}

impl std::error::Error for StoreError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// A command refusing on any store error prints `error:`, with its place where the
    /// error has one (the ones without a file used to print their sentence bare).
    #[test]
    fn every_store_error_prints_as_an_error() {
        let path = PathBuf::from("x.db");
        let all = [
            StoreError::Damaged {
                path: path.clone(),
                detail: "d".into(),
            },
            StoreError::Newer {
                path: path.clone(),
                found: 9,
                known: 5,
            },
            StoreError::NotThrive { path: path.clone() },
            StoreError::Older {
                path: path.clone(),
                found: 5,
            },
            StoreError::ReadOnly,
            StoreError::Full,
            StoreError::NoRoom { path: path.clone() },
            StoreError::Busy { by_console: true },
            StoreError::Changed(Vec::new()),
            StoreError::Gone,
            StoreError::Open {
                path,
                detail: "d".into(),
            },
            StoreError::Other("o".into()),
        ];
        for e in all {
            let said = e.to_string();
            assert!(
                said.starts_with("x.db: error: ") || said.starts_with("error: "),
                "{said}"
            );
        }
    }
}

//! What people leave the room with: an event's actions, notes, services and report written to
//! files, in the formats the people receiving them use — CSV for a spreadsheet, Markdown for
//! reading, ICS for a calendar, JSON or TOML for another thrive. Every writer reads one
//! [`Document`], so a file says the same whatever format it is in.
//!
//! Files are written atomically (a temporary file in the same folder, synced, then renamed),
//! so a failure part-way leaves any earlier file whole. Nothing here knows the terminal.

mod csv;
mod data;
pub mod hsds;
mod html;
mod ics;
mod markdown;
pub mod pdf;

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

pub use crate::event::document::Document;

/// Which part of the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    Actions,
    Notes,
    Services,
    /// The i-THRIVE assessment: each principle at each level, its change and evidence.
    Assessment,
    /// The dot vote: the ranking, each voter's dots, the actions it made.
    Priorities,
    Report,
    /// The default set of files into a folder; with --format, the whole event in one file.
    All,
}

impl What {
    pub fn name(self) -> &'static str {
        match self {
            What::Actions => "actions",
            What::Notes => "notes",
            What::Services => "services",
            What::Assessment => "assessment",
            What::Priorities => "priorities",
            What::Report => "report",
            What::All => "all",
        }
    }

    /// The format a part is written in when none is asked for.
    pub fn default_format(self) -> Option<Format> {
        match self {
            What::Actions | What::Services | What::Assessment | What::Priorities => {
                Some(Format::Csv)
            }
            What::Notes | What::Report => Some(Format::Md),
            What::All => None,
        }
    }

    /// The formats this part can be written in.
    pub fn formats(self) -> &'static [Format] {
        match self {
            What::Actions => &[
                Format::Csv,
                Format::Md,
                Format::Json,
                Format::Toml,
                Format::Ics,
            ],
            What::Services => &[
                Format::Csv,
                Format::Md,
                Format::Json,
                Format::Toml,
                Format::Hsds,
                Format::HsdsJson,
            ],
            What::Notes | What::Assessment | What::Priorities => {
                &[Format::Csv, Format::Md, Format::Json, Format::Toml]
            }
            What::Report => &[
                Format::Md,
                Format::Html,
                Format::Pdf,
                Format::Json,
                Format::Toml,
            ],
            What::All => &[Format::Md, Format::Json, Format::Toml],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    /// One self-contained page to look at: opens in any browser, prints to A4.
    Html,
    /// The same page printed through a headless Chromium.
    Pdf,
    Csv,
    Json,
    Toml,
    Ics,
    /// Open Referral UK (HSDS 3.0) tabular data package: a `.zip`, or a folder.
    Hsds,
    /// Open Referral UK (HSDS 3.0) service list page, as JSON.
    HsdsJson,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Toml => "toml",
            Format::Ics => "ics",
            Format::Hsds => "zip",
            Format::HsdsJson => "json",
        }
    }
}

/// One file of an export: its name in the folder and what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub what: What,
    pub format: Format,
}

impl Part {
    /// `actions.csv`, `report.md`, `event.json` (the whole event).
    pub fn file_name(self) -> String {
        let stem = match self.what {
            What::All | What::Report if matches!(self.format, Format::Json | Format::Toml) => {
                "event"
            }
            What::All => "report",
            What::Services if matches!(self.format, Format::Hsds | Format::HsdsJson) => {
                "services-hsds"
            }
            other => other.name(),
        };
        format!("{stem}.{}", self.format.extension())
    }
}

/// What the console's one key writes, and `thrive export` without --what or --format: what a
/// site takes away — the actions for a spreadsheet, to read and for a calendar, and the report.
pub const DEFAULT_SET: [Part; 5] = [
    Part {
        what: What::Actions,
        format: Format::Csv,
    },
    Part {
        what: What::Actions,
        format: Format::Md,
    },
    Part {
        what: What::Actions,
        format: Format::Ics,
    },
    Part {
        what: What::Report,
        format: Format::Md,
    },
    Part {
        what: What::Report,
        format: Format::Html,
    },
];

/// A part asked for in a format it has no writer for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    pub what: What,
    pub format: Format,
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known: Vec<&str> = self.what.formats().iter().map(|f| f.extension()).collect();
        write!(
            f,
            "{} cannot be written as {}; it can be: {}",
            self.what.name(),
            self.format.extension(),
            known.join(", ")
        )
    }
}

/// The bytes of one part. `stamp` is the moment of export in UTC, which a calendar file
/// must carry; everything else comes from the document.
pub fn render(doc: &Document, part: Part, stamp: DateTime<Utc>) -> Result<Vec<u8>, Unsupported> {
    let unsupported = Unsupported {
        what: part.what,
        format: part.format,
    };
    if !part.what.formats().contains(&part.format) {
        return Err(unsupported);
    }
    // Everything but the event document (for another thrive) is for others: private notes
    // never reach it.
    let others = doc.for_others();
    let doc = match part.format {
        Format::Json | Format::Toml => doc,
        _ => &others,
    };
    Ok(match (part.what, part.format) {
        (What::Actions, Format::Csv) => csv::actions(doc),
        (What::Notes, Format::Csv) => csv::notes(doc),
        (What::Services, Format::Csv) => csv::services(doc),
        (What::Assessment, Format::Csv) => csv::assessment(doc),
        (What::Priorities, Format::Csv) => csv::priorities(doc),
        (What::Assessment, Format::Md) => markdown::assessment(doc).into_bytes(),
        (What::Priorities, Format::Md) => markdown::priorities(doc).into_bytes(),
        (What::Actions, Format::Md) => markdown::actions(doc).into_bytes(),
        (What::Notes, Format::Md) => markdown::notes(doc).into_bytes(),
        (What::Services, Format::Md) => markdown::services(doc).into_bytes(),
        (What::Report | What::All, Format::Md) => markdown::report(doc).into_bytes(),
        (What::Report, Format::Html) => html::report(doc).into_bytes(),
        (What::Actions, Format::Ics) => ics::actions(doc, stamp).into_bytes(),
        (What::Services, Format::Hsds) => hsds::zip(&hsds::package(doc)).unwrap_or_default(),
        (What::Services, Format::HsdsJson) => hsds::list_page(doc),
        (what, Format::Json) => data::json(&data::only(doc, what)).into_bytes(),
        (what, Format::Toml) => data::toml(&data::only(doc, what)).into_bytes(),
        _ => return Err(unsupported),
    })
}

/// The folder an event's files go in: `2026-12-03-fenwold-thrive-engagement-event`.
pub fn folder_name(doc: &Document) -> String {
    folder_name_for(&doc.event.title, doc.event.date, doc.event.rehearsal)
}

/// [`folder_name`] from the event's title and the day it was run; a rehearsal's ends
/// `-rehearsal`, so its files are never taken for the event's.
pub fn folder_name_for(title: &str, date: chrono::NaiveDate, rehearsal: bool) -> String {
    let name = plain_folder_name(title, date);
    if rehearsal {
        format!("{name}-rehearsal")
    } else {
        name
    }
}

fn plain_folder_name(title: &str, date: chrono::NaiveDate) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_matches('-').chars().take(60).collect();
    let slug = slug.trim_end_matches('-');
    let date = date.format("%Y-%m-%d");
    if slug.is_empty() {
        format!("{date}-event")
    } else {
        format!("{date}-{slug}")
    }
}

/// Writes `bytes` to `path` so that a reader sees the old file or the new one, never half of
/// either: a temporary file in the same folder, synced to disk, then renamed over it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, bytes, true, || Ok(()))
}

/// The folder a path is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// The start of every part file or folder's name: this process's id is in it, so a later
/// export can tell a part whose writer was killed from one being written now.
fn part_prefix() -> String {
    format!(".thrive-{}-", std::process::id())
}

/// A temporary file in `dir` named as a part, made as any program makes one (the umask
/// decides), not the owner-only file a temporary one would be.
fn part_file(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    let prefix = part_prefix();
    builder.prefix(&prefix).suffix(".part");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Whether the process that wrote a part still runs. Where that cannot be asked (no
/// `/proc`), a part counts as live for an hour.
fn writer_running(pid: Option<u32>, entry: &std::fs::DirEntry) -> bool {
    let proc = Path::new("/proc");
    match pid {
        Some(pid) if pid == std::process::id() => true,
        Some(pid) if proc.is_dir() => proc.join(pid.to_string()).exists(),
        _ => entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_none_or(|age| age < std::time::Duration::from_secs(3600)),
    }
}

/// Removes the part files and folders an export left in `dir` when it was killed: only
/// thrive's own (`.thrive-PID-….part`), and only those whose writer has gone.
pub fn remove_stale_parts(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    // A folder of exports holds a handful of entries; never walk an endless one.
    for entry in entries.flatten().take(10_000) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Some(rest) = name
            .strip_prefix(".thrive-")
            .and_then(|r| r.strip_suffix(".part"))
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if writer_running(pid, &entry) {
            continue;
        }
        let path = entry.path();
        let _ = match entry.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
    }
}

/// [`write_atomic`]; with `replace` false, a file already at `path` is an error, not
/// written over. `before_rename` runs just before the rename: a test's injected failure.
fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    replace: bool,
    before_rename: impl FnOnce() -> io::Result<()>,
) -> io::Result<()> {
    let dir = folder_of(path);
    remove_stale_parts(dir);
    let mut tmp = part_file(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    before_rename()?;
    if replace {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    sync_folder(dir);
    Ok(())
}

/// A rename is durable only once its folder is synced.
fn sync_folder(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// What to do when the folder already holds files of an earlier export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Write over them (each file still atomically).
    Replace,
    /// Leave them, and use the first free `NAME-2`, `NAME-3`… beside the folder.
    Number,
}

/// The files of `parts` that `dir` already holds.
pub fn already_there(dir: &Path, parts: &[Part]) -> Vec<String> {
    parts
        .iter()
        .map(|p| p.file_name())
        .filter(|name| dir.join(name).exists())
        .collect()
}

/// `dir`, or with `Number` and earlier files in it, the first `dir-N` without any.
pub fn free_folder(dir: &Path, parts: &[Part]) -> PathBuf {
    if already_there(dir, parts).is_empty() {
        return dir.to_path_buf();
    }
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    (2..)
        .map(|n| dir.with_file_name(format!("{name}-{n}")))
        .find(|d| already_there(d, parts).is_empty())
        .unwrap_or_else(|| dir.to_path_buf())
}

/// Writes every part into `dir` and returns the folder used and the files written. A set
/// is all there or not there: a new folder is written whole under a part name and renamed
/// into place; into a folder that exists, every file is written as a part first and only
/// then renamed in, none over a file not asked to be replaced.
pub fn write_set(
    doc: &Document,
    dir: &Path,
    parts: &[Part],
    existing: Existing,
    stamp: DateTime<Utc>,
) -> Result<(PathBuf, Vec<PathBuf>), SetError> {
    write_set_with(doc, dir, parts, existing, stamp, |_| Ok(()))
}

/// [`write_set`]; `before_file` runs before each file is written: a test's injected failure.
fn write_set_with(
    doc: &Document,
    dir: &Path,
    parts: &[Part],
    existing: Existing,
    stamp: DateTime<Utc>,
    mut before_file: impl FnMut(usize) -> io::Result<()>,
) -> Result<(PathBuf, Vec<PathBuf>), SetError> {
    let dir = match existing {
        Existing::Replace => dir.to_path_buf(),
        Existing::Number => free_folder(dir, parts),
    };
    let mut files = Vec::with_capacity(parts.len());
    for part in parts {
        files.push((
            part.file_name(),
            render(doc, *part, stamp).map_err(|e| SetError::new(&dir, e.to_string()))?,
        ));
    }
    let not_written = |path: &Path, e: io::Error| SetError::new(path, format!("not written: {e}"));
    if !dir.exists() {
        let parent = folder_of(&dir);
        std::fs::create_dir_all(parent)
            .map_err(|e| SetError::new(parent, format!("cannot create the folder: {e}")))?;
        remove_stale_parts(parent);
        let tmp = parent.join(format!(
            "{}{}.part",
            part_prefix(),
            chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
        ));
        let result = (|| -> io::Result<()> {
            std::fs::create_dir(&tmp)?;
            for (i, (name, bytes)) in files.iter().enumerate() {
                before_file(i)?;
                let mut f = std::fs::File::create(tmp.join(name))?;
                f.write_all(bytes)?;
                f.sync_all()?;
            }
            sync_folder(&tmp);
            std::fs::rename(&tmp, &dir)
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(SetError::new(
                &dir,
                format!("not written: {e} (nothing of the set was written)"),
            ));
        }
        sync_folder(parent);
        let written = files.iter().map(|(name, _)| dir.join(name)).collect();
        return Ok((dir, written));
    }
    remove_stale_parts(&dir);
    let replace = existing == Existing::Replace;
    if !replace && let Some(name) = already_there(&dir, parts).first() {
        // A numbered folder was free when chosen; a file that appears in it since is kept.
        return Err(not_written(
            &dir.join(name),
            io::Error::from(io::ErrorKind::AlreadyExists),
        ));
    }
    let mut staged = Vec::with_capacity(files.len());
    for (i, (name, bytes)) in files.iter().enumerate() {
        let path = dir.join(name);
        let mut write = || -> io::Result<tempfile::NamedTempFile> {
            before_file(i)?;
            let mut tmp = part_file(&dir)?;
            tmp.write_all(bytes)?;
            tmp.as_file().sync_all()?;
            Ok(tmp)
        };
        // A failure here drops the parts already staged: nothing of the set is renamed in.
        staged.push((path.clone(), write().map_err(|e| not_written(&path, e))?));
    }
    let mut written = Vec::with_capacity(staged.len());
    for (path, tmp) in staged {
        let persisted = if replace {
            tmp.persist(&path).map_err(|e| e.error)
        } else {
            tmp.persist_noclobber(&path).map_err(|e| e.error)
        };
        persisted.map_err(|e| {
            let mut problem = not_written(&path, e);
            problem.message += &format!(
                " ({} written before it)",
                crate::text::plural(written.len(), "file")
            );
            problem
        })?;
        written.push(path);
    }
    sync_folder(&dir);
    Ok((dir, written))
}

/// Why a set of files was not written: the file or folder, and what went wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetError {
    pub path: PathBuf,
    pub message: String,
}

impl SetError {
    fn new(path: &Path, message: String) -> SetError {
        SetError {
            path: path.to_path_buf(),
            message,
        }
    }

    /// As the command line reports it, with what to do.
    pub fn problem(&self, help: &str) -> crate::diagnostic::Problem {
        crate::diagnostic::Problem::new(shown(&self.path), &self.message).help(help)
    }
}

/// `PATH: what went wrong`, as the console's status line says it.
impl std::fmt::Display for SetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", shown(&self.path), self.message)
    }
}

/// A path as it may be printed.
pub fn shown(path: &Path) -> String {
    crate::text::printable(&path.display().to_string())
}

/// Text as it may go into any output: nothing that a terminal would act on (controls, escape
/// sequences, bidirectional overrides) — each becomes `�` — and tabs become spaces. Line
/// breaks stay; each writer decides what a line break becomes.
pub(crate) fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| crate::text::is_unsafe(c) || c == '\t') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(crate::text::from_store(s.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_before_the_rename_leaves_the_old_file_whole_and_no_litter() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("actions.csv");
        write_atomic(&path, b"the old file\n").expect("first write");
        let failed = write_atomic_with(&path, b"the new file, half", true, || {
            Err(io::Error::other("the disk went away"))
        });
        assert!(failed.is_err());
        assert_eq!(
            std::fs::read(&path).expect("still there"),
            b"the old file\n"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("actions.csv")]);
        write_atomic(&path, b"the new file\n").expect("then it works");
        assert_eq!(std::fs::read(&path).expect("read"), b"the new file\n");
        // Made as any other file is (the umask decides), not owner-only as a temporary one.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let plain = dir.path().join("plain");
            std::fs::write(&plain, b"x").expect("write");
            let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode(&path), mode(&plain));
            std::fs::remove_file(&plain).expect("rm");
        }
        // Told not to replace, a file found in the way is kept and said.
        let kept = write_atomic_with(&path, b"another", false, || Ok(()));
        assert_eq!(
            kept.map_err(|e| e.kind()),
            Err(io::ErrorKind::AlreadyExists)
        );
        assert_eq!(std::fs::read(&path).expect("read"), b"the new file\n");
    }

    fn sample() -> Document {
        serde_json::from_str(include_str!(
            "../../tests/snapshots/export__event_json.snap.json"
        ))
        .expect("golden")
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_set_that_fails_part_way_leaves_nothing_new_folder_or_old() {
        let root = tempfile::tempdir().expect("dir");
        let dir = root.path().join("2026-12-03-day");
        let stamp = DateTime::<Utc>::from_timestamp(0, 0).expect("time");
        let fail_third = |i: usize| {
            if i == 2 {
                Err(io::Error::other("the stick was pulled out"))
            } else {
                Ok(())
            }
        };
        let doc = sample();
        let failed = write_set_with(
            &doc,
            &dir,
            &DEFAULT_SET,
            Existing::Number,
            stamp,
            fail_third,
        );
        assert!(failed.is_err());
        assert!(names(root.path()).is_empty(), "{:?}", names(root.path()));
        // Into a folder that exists: none of the four renamed in, no part left.
        std::fs::create_dir(&dir).expect("mkdir");
        std::fs::write(dir.join("photo.jpg"), b"theirs").expect("write");
        let failed = write_set_with(
            &doc,
            &dir,
            &DEFAULT_SET,
            Existing::Replace,
            stamp,
            fail_third,
        );
        assert!(failed.is_err());
        assert_eq!(names(&dir), ["photo.jpg"]);
        let (used, written) =
            write_set(&doc, &dir, &DEFAULT_SET, Existing::Replace, stamp).expect("then it works");
        assert_eq!((used, written.len()), (dir.clone(), DEFAULT_SET.len()));
        assert_eq!(names(&dir).len(), DEFAULT_SET.len() + 1);
    }

    #[test]
    fn parts_a_killed_export_left_are_removed_and_a_live_ones_kept() {
        let root = tempfile::tempdir().expect("dir");
        // No process has this id (Linux's largest is 4194304).
        let dead_file = root.path().join(".thrive-999999999-abc.part");
        let dead_dir = root.path().join(".thrive-999999999-1234.part");
        let live = root.path().join(format!("{}x.part", part_prefix()));
        let theirs = root.path().join(".thrive-notes.txt");
        std::fs::write(&dead_file, b"half").expect("write");
        std::fs::create_dir(&dead_dir).expect("mkdir");
        std::fs::write(dead_dir.join("report.md"), b"half").expect("write");
        std::fs::write(&live, b"being written").expect("write");
        std::fs::write(&theirs, b"not ours").expect("write");
        let stamp = DateTime::<Utc>::from_timestamp(0, 0).expect("time");
        write_set(
            &sample(),
            &root.path().join("day"),
            &DEFAULT_SET,
            Existing::Number,
            stamp,
        )
        .expect("written");
        assert!(!dead_file.exists() && !dead_dir.exists());
        assert!(live.exists() && theirs.exists());
    }

    #[test]
    fn a_numbered_folder_is_found_beside_one_already_used() {
        let root = tempfile::tempdir().expect("dir");
        let dir = root.path().join("2026-12-03-day");
        assert_eq!(free_folder(&dir, &DEFAULT_SET), dir);
        std::fs::create_dir_all(&dir).expect("mkdir");
        // A folder with other files in it is still free.
        std::fs::write(dir.join("photo.jpg"), b"x").expect("write");
        assert_eq!(free_folder(&dir, &DEFAULT_SET), dir);
        std::fs::write(dir.join("report.md"), b"x").expect("write");
        assert_eq!(
            free_folder(&dir, &DEFAULT_SET),
            root.path().join("2026-12-03-day-2")
        );
        std::fs::create_dir_all(root.path().join("2026-12-03-day-2")).expect("mkdir");
        std::fs::write(root.path().join("2026-12-03-day-2/actions.csv"), b"x").expect("w");
        assert_eq!(
            free_folder(&dir, &DEFAULT_SET),
            root.path().join("2026-12-03-day-3")
        );
    }

    #[test]
    fn clean_text_has_no_terminal_controls_but_keeps_line_breaks() {
        assert_eq!(clean("plain"), "plain");
        assert_eq!(
            clean("a\u{1b}[31mred\tb\nc\u{202E}"),
            "a\u{FFFD}[31mred b\nc\u{FFFD}"
        );
    }
}

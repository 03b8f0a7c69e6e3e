//! Faults met through the real binary: a half-typed note after `kill -9`, a read-only
//! database, a damaged one, one from a newer thrive, and two consoles on one file.

mod common;

use std::process::Command;

use assert_cmd::prelude::*;
use common::pty::Session;
use predicates::prelude::*;

use common::thrive_on as thrive;

fn notes_in(db: &std::path::Path) -> Vec<String> {
    common::rows(db, "SELECT text FROM notes ORDER BY id")
}

#[test]
fn a_half_typed_note_comes_back_after_kill_9() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut s = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
    s.wait_for("Agenda · ");
    s.send("n");
    s.send("the point Priya was making when the battery died");
    s.wait_for("draft kept");
    s.kill9();

    let mut again = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
    again.wait_for("Recovered a note you were writing at");
    again.wait_for("the point Priya was making");
    again.send("k");
    again.wait_for("New note");
    again.send(", and what we agreed");
    again.send("\r");
    again.wait_for("✓ note saved · 1 note");
    again.send("q");
    assert!(again.finish().success());
    assert_eq!(
        notes_in(&db),
        ["the point Priya was making when the battery died, and what we agreed"]
    );
}

/// The evidence for a cell of the assessment is a draft while it is typed, as a note is.
#[test]
fn a_half_typed_piece_of_evidence_comes_back_after_kill_9() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut s = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
    s.wait_for("Agenda · ");
    s.send("P");
    s.send("s");
    s.wait_for("THRIVE-like?");
    s.send("3");
    s.send("\r");
    s.send("waiting lists are shared between");
    s.wait_for("draft kept");
    s.kill9();

    let mut again = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
    again.wait_for("Recovered the evidence for a cell of the assessment");
    again.send("k");
    again.wait_for("Evidence · Common language");
    again.send(" the agencies");
    again.send("\r");
    again.wait_for("✓ evidence saved · Common language · Commissioning");
    again.wait_for("the agencies");
    again.send("q");
    assert!(again.finish().success());
    assert_eq!(
        common::rows(&db, "SELECT score || ' ' || rationale FROM assessment"),
        ["3 waiting lists are shared between the agencies"]
    );
    assert!(
        common::rows(&db, "SELECT slot FROM drafts").is_empty(),
        "the draft went with the save"
    );
}

#[test]
fn a_read_only_database_keeps_the_text_in_the_field_and_says_so() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    // A database with today's event in it, then made unwritable.
    let mut s = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
    s.wait_for("Agenda · ");
    s.send("q");
    assert!(s.finish().success());
    {
        let c = rusqlite::Connection::open(&db).expect("open");
        c.pragma_update(None, "journal_mode", "DELETE")
            .expect("leave wal");
    }
    let _guard = common::unwritable(&db);

    let mut s = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
    s.wait_for("Agenda · ");
    s.send("n");
    s.send("words that must not vanish");
    s.send("\r");
    s.wait_for("NOT SAVED: the database cannot be written (read-only)");
    s.wait_for("not saved: the database cannot be written");
    assert!(
        s.contents().contains("words that must not vanish"),
        "the text stays in the field:\n{}",
        s.contents()
    );
    // Quitting with something unsaved asks first.
    s.send("\u{1b}");
    // Esc with the next key hard on its heels reads as Alt-key: let the field close first.
    s.wait_for("put away");
    s.send("q");
    s.wait_for("Quit with changes not saved?");
    s.send("y");
    assert!(s.finish().success());
    s.assert_restored();
}

#[test]
fn a_damaged_database_is_refused_with_exit_2_and_left_as_it_was() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 31 % 255) as u8).collect();
    std::fs::write(&db, &garbage).expect("write");
    thrive(&db)
        .arg("tests/fixtures/day.toml")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "this is not a thrive database, or it is damaged",
        ))
        .stderr(predicate::str::contains("start a new one with --db NEW.db"));
    thrive(&db).args(["events"]).assert().code(2);
    assert_eq!(
        std::fs::read(&db).expect("read"),
        garbage,
        "never overwritten"
    );
}

/// A real database with damaged pages is refused by every command alike — the reading ones
/// too — and left as it was (issue 11, item 8).
#[test]
fn a_damaged_database_is_refused_by_every_command() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    {
        let store = thrive::event::store::Store::open(&db).expect("create");
        let script =
            thrive::script::load(std::path::Path::new("tests/fixtures/day.toml")).expect("script");
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 3)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("time");
        let (event, _) = store
            .open_event(&script, "x", at.date(), at, false)
            .expect("event");
        for i in 0..300 {
            store
                .add_note(event.id, &format!("note {i} {}", "x".repeat(200)), None, at)
                .expect("note");
        }
    }
    let mut bytes = std::fs::read(&db).expect("read");
    for b in &mut bytes[4096..24576] {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).expect("scribble");
    // Refused on opening, before any read happens to reach a damaged page.
    assert!(matches!(
        thrive::event::store::Store::open_read_only(&db),
        Err(thrive::event::store::StoreError::Damaged { .. })
    ));
    for args in [
        &["events"][..],
        &["export", "--what", "report", "-o", "-"],
        &["render", "--screen", "notes", "tests/fixtures/day.toml"],
    ] {
        let out = thrive(&db).args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("damaged"),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        std::fs::read(&db).expect("read"),
        bytes,
        "never overwritten"
    );
}

#[test]
fn a_database_from_a_newer_thrive_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    drop(thrive::event::store::Store::open(&db).expect("create"));
    rusqlite::Connection::open(&db)
        .expect("open")
        .pragma_update(None, "user_version", 10)
        .expect("bump");
    thrive(&db)
        .arg("tests/fixtures/day.toml")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "written by a newer thrive (schema 10; this thrive knows up to 9)",
        ));
}

#[test]
fn two_consoles_write_one_database_and_see_each_others_notes() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut a = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
    a.wait_for("Agenda · ");
    let mut b = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
    b.wait_for("Resumed today's event");
    for i in 0..5 {
        a.send("n");
        a.send(&format!("from the facilitator {i}\r"));
        b.send("n");
        b.send(&format!("from the second table {i}\r"));
    }
    a.wait_for("✓ note saved");
    b.wait_for("✓ note saved");
    a.send("N");
    // A picks up B's notes by itself (it looks every second).
    a.wait_for("from the second table 4");
    a.send("q");
    b.send("q");
    assert!(a.finish().success() && b.finish().success());
    let notes = notes_in(&db);
    assert_eq!(notes.len(), 10, "{notes:?}");
}

#[test]
fn events_lists_what_was_recorded() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    thrive(&db)
        .args(["events"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("No events recorded yet"));
    thrive(&db)
        .args(["events", "--json"])
        .assert()
        .success()
        .stdout("[]\n");
    let mut s = Session::with_note(&db, "one note");
    s.send("a");
    s.send("one action @lee due:fri\r");
    s.wait_for("✓ action saved");
    s.send("q");
    assert!(s.finish().success());
    let out = thrive(&db)
        .args(["events", "--json"])
        .output()
        .expect("runs");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(list[0]["title"], "Northants THRIVE engagement event");
    assert_eq!(list[0]["notes"], 1);
    assert_eq!(list[0]["open_actions"], 1);
    thrive(&db)
        .args(["events"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Northamptonshire      1      1/1  Northants THRIVE engagement event",
        ));
}

#[test]
fn a_joined_console_and_the_first_map_together_and_see_each_other() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut a = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
    a.wait_for("Agenda · ");
    // The second console needs no script: it joins the event on the database.
    let mut b = Session::start_on(&db, &["--join"], &[]);
    b.wait_for("Joined Northants THRIVE engagement event");
    a.send("m");
    b.send("m");
    a.send("+");
    a.send("Kooth / voluntary / 11-25\r");
    a.send("2");
    b.send("+");
    b.send("School nursing / NHS / 5-18\r");
    b.send("1");
    // Each picks up the other's service by itself (it looks every second).
    b.wait_for("Kooth");
    a.wait_for("School nursing");
    a.send("q");
    b.send("q");
    assert!(a.finish().success() && b.finish().success());
    let store = thrive::event::store::Store::open(&db).expect("db");
    let event = store.find_event(None).expect("find").expect("event");
    let mut names: Vec<String> = store
        .services(event.id)
        .expect("services")
        .into_iter()
        .map(|s| format!("{} {}", s.fields.name, s.fields.groupings.numbers()))
        .collect();
    names.sort();
    assert_eq!(names, ["Kooth 2", "School nursing 1"]);
}

/// Every file in `dir` with a checksum of its bytes.
fn listing(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("list")
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let sum = if e.path().is_file() {
                let bytes = std::fs::read(e.path()).expect("read");
                thrive::event::store::content_hash(&String::from_utf8_lossy(&bytes))
                    + &bytes.len().to_string()
            } else {
                "folder".to_owned()
            };
            (name, sum)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_clean_close_leaves_only_the_database_and_reading_it_leaves_it_so() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut s = Session::with_note(&db, "said before the close");
    s.send("q");
    assert!(s.finish().success());
    let closed = listing(dir.path());
    assert_eq!(
        closed.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["thrive.db"],
        "nothing beside the database"
    );
    for args in [
        vec!["events"],
        vec!["render", "tests/fixtures/day.toml"],
        vec!["export", "--what", "notes", "--format", "csv", "-o", "-"],
    ] {
        let out = thrive(&db).args(&args).output().expect("run");
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert_eq!(listing(dir.path()), closed, "{args:?} changed nothing");
    }
}

#[test]
fn after_kill_9_the_reading_commands_see_the_last_note_and_change_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut s = Session::with_note(&db, "the last thing said");
    s.kill9();
    let left = listing(dir.path());
    assert!(left.iter().any(|(n, _)| n == "thrive.db-wal"), "{left:?}");
    let out = thrive(&db)
        .args(["export", "--what", "notes", "--format", "csv", "-o", "-"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("the last thing said"));
    assert!(thrive(&db).arg("events").status().expect("run").success());
    assert_eq!(
        listing(dir.path()),
        left,
        "the killed console's files are as it left them"
    );
}

/// A 512 KiB tmpfs filled to the brim, unmounted when dropped. Mounting needs root (as CI
/// runs); elsewhere the test says it cannot run, rather than pass without looking.
struct FullDisk(tempfile::TempDir);

impl FullDisk {
    fn mount() -> Option<FullDisk> {
        use std::io::Read;
        let dir = tempfile::tempdir().expect("dir");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=512k", "tmpfs"])
            .arg(dir.path())
            .output()
            .is_ok_and(|o| o.status.success());
        if !mounted {
            eprintln!(
                "NOT RUN: mounting a full tmpfs needs root; run the tests as root to check the full disk"
            );
            return None;
        }
        let fill = std::fs::File::create(dir.path().join("fill")).expect("fill");
        let mut fill = std::io::BufWriter::new(fill);
        let _ = std::io::copy(&mut std::io::repeat(0).take(1 << 22), &mut fill);
        drop(fill);
        Some(FullDisk(dir))
    }
}

impl Drop for FullDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0.path()).status();
    }
}

#[test]
fn a_full_disk_at_start_is_named_and_nothing_is_left_on_it() {
    let Some(disk) = FullDisk::mount() else {
        return;
    };
    let db = disk.0.path().join("thrive.db");
    let out = thrive(&db)
        .args(["import", "tests/fixtures/import/messy.csv"])
        .args(["--script", "tests/fixtures/day.toml"])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("thrive.db: error: the disk it is on is full"),
        "{stderr}"
    );
    let mut s = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
    s.wait_for("the disk it is on is full");
    assert_eq!(s.finish().exit_code(), 2);
    let left: Vec<_> = std::fs::read_dir(disk.0.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(
        left,
        ["fill"],
        "nothing made on the full disk is left there"
    );
    // An existing database on a disk that has since filled: refused the same way, and the
    // open leaves no -wal or -shm of its own beside it.
    std::fs::remove_file(disk.0.path().join("fill")).expect("room");
    thrive(&db)
        .args(["import", "tests/fixtures/import/messy.csv", "--skip-bad"])
        .args(["--script", "tests/fixtures/day.toml"])
        .output()
        .expect("run");
    assert!(db.exists());
    let fill = std::fs::File::create(disk.0.path().join("fill")).expect("fill");
    let mut fill = std::io::BufWriter::new(fill);
    let _ = std::io::copy(
        &mut std::io::Read::take(std::io::repeat(0), 1 << 22),
        &mut fill,
    );
    drop(fill);
    let before = listing(disk.0.path());
    let mut s = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
    s.wait_for("the disk it is on is full");
    s.finish();
    assert_eq!(listing(disk.0.path()), before, "nothing new beside it");
}

#[test]
fn a_delete_and_its_undo_in_one_console_show_in_the_other_by_themselves() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut a = Session::with_note(&db, "the note both consoles show");
    let mut b = Session::start_on(&db, &["--join"], &[]);
    b.wait_for("Joined");
    b.send("N");
    b.wait_for("the note both consoles show");
    a.send("N");
    a.wait_for("Notes · 1");
    a.send("d");
    a.wait_for("Delete this note?");
    a.send("y");
    a.wait_for("note deleted");
    // No key is pressed in B: it looks at the database by itself.
    b.wait_for_gone("the note both consoles show");
    a.send("u");
    a.wait_for("✓ note restored");
    b.wait_for("the note both consoles show");
    a.send("q");
    b.send("q");
    assert!(a.finish().success() && b.finish().success());
}

/// A file of another program's: what it is, and how to write it at a path.
type Foreign = (&'static str, fn(&std::path::Path));

/// SQLite files of other programs, and files that are not databases at all, each in a
/// folder of its own.
fn foreign_corpus() -> Vec<Foreign> {
    fn sql(path: &std::path::Path, batch: &str) {
        let c = rusqlite::Connection::open(path).expect("open");
        c.execute_batch(batch).expect("batch");
    }
    vec![
        ("an address book", |p| {
            sql(
                p,
                "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Priya');",
            )
        }),
        ("an app in WAL mode at user_version 3", |p| {
            sql(
                p,
                "PRAGMA journal_mode=WAL; CREATE TABLE events (x); CREATE TABLE notes (y);
                 PRAGMA user_version=3;",
            )
        }),
        ("a GeoPackage (application_id GPKG)", |p| {
            sql(
                p,
                "PRAGMA application_id=1196444487; PRAGMA user_version=10300;
                 CREATE TABLE gpkg_contents (table_name TEXT);",
            )
        }),
        ("thrive's table names, another app's id", |p| {
            sql(
                p,
                "PRAGMA application_id=42; CREATE TABLE events (x); CREATE TABLE segment_runs (x);
                 CREATE TABLE notes (x); CREATE TABLE actions (x); CREATE TABLE drafts (x);
                 PRAGMA user_version=2;",
            )
        }),
        ("a schema from the future of another app", |p| {
            sql(p, "CREATE TABLE t (x); PRAGMA user_version=7;")
        }),
        ("thrive's mark and no tables", |p| {
            sql(
                p,
                "PRAGMA application_id=1414025814; PRAGMA user_version=5;",
            )
        }),
        (
            "thrive's five table names, other columns, at user_version 2",
            |p| {
                sql(
                p,
                "CREATE TABLE events (x); CREATE TABLE segment_runs (x); CREATE TABLE notes (x);
                 CREATE TABLE actions (x); CREATE TABLE drafts (x); PRAGMA user_version=2;",
            )
            },
        ),
        ("a text file", |p| {
            std::fs::write(p, "name,provider\nKooth,Kooth plc\n").expect("write")
        }),
        ("a JPEG", |p| {
            std::fs::write(p, b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01").expect("write")
        }),
    ]
}

#[test]
fn no_command_changes_a_byte_of_another_programs_file() {
    for (what, make) in foreign_corpus() {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("theirs.db");
        make(&db);
        let before = listing(dir.path());
        let commands: Vec<Vec<&str>> = vec![
            vec!["events"],
            vec!["render", "tests/fixtures/day.toml"],
            vec!["export", "--what", "notes", "--format", "csv", "-o", "-"],
            vec![
                "import",
                "tests/fixtures/import/messy.csv",
                "--check",
                "--script",
                "tests/fixtures/day.toml",
            ],
            vec![
                "import",
                "tests/fixtures/import/messy.csv",
                "--skip-bad",
                "--script",
                "tests/fixtures/day.toml",
            ],
            vec!["remove-rehearsals"],
        ];
        for args in commands {
            let out = thrive(&db).args(&args).output().expect("run");
            assert_eq!(out.status.code(), Some(2), "{what}, {args:?}: {out:?}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                !stderr.contains("newer thrive"),
                "{what}, {args:?}: only ours is ever newer: {stderr}"
            );
            assert!(
                stderr.contains("theirs.db: error"),
                "{what}, {args:?}: names the file given, not a copy: {stderr}"
            );
            assert_eq!(listing(dir.path()), before, "{what}, {args:?} changed it");
        }
        let mut s = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
        s.wait_for_any(&["another program's", "not a thrive database"]);
        assert_eq!(s.finish().exit_code(), 2, "{what}");
        assert_eq!(
            listing(dir.path()),
            before,
            "{what}: the console changed it"
        );
    }
}

#[test]
fn a_killed_consoles_lock_goes_with_the_next_clean_close() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut s = Session::with_note(&db, "before the crash");
    s.kill9();
    // Older than a lock being made this moment.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let mut again = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
    again.wait_for("Resumed");
    again.send("q");
    assert!(again.finish().success());
    let names: Vec<String> = listing(dir.path()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["thrive.db"], "only the database is left");
}

#[test]
fn a_missing_folder_or_standard_input_as_db_is_refused_by_every_command() {
    let dir = tempfile::tempdir().expect("dir");
    let gone = dir.path().join("unplugged").join("thrive.db");
    for args in [vec!["events"], vec!["render", "tests/fixtures/day.toml"]] {
        let out = thrive(&gone).args(&args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
    }
    let out = thrive(&dir.path().join("x.db"))
        .current_dir(dir.path())
        .env(
            "THRIVE_CONFIG",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/config/empty.toml"
            ),
        )
        .args(["--db", "-", "events"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not standard input"));
    assert!(!dir.path().join("-").exists());
    assert!(!dir.path().join("unplugged").exists());
}

//! A lock held by something that is not a thrive console (an SQLite browser, a backup tool,
//! `BEGIN EXCLUSIVE` in a shell): the console keeps drawing and reading keys, keeps what is
//! typed, says it is waiting and for what, and writes everything once the lock goes; a
//! command says the database is locked and changes nothing.

mod common;

use common::pty::Session;

use common::{rows, thrive_on as thrive};

/// Another program's connection holding the write lock until dropped or committed.
fn hold_lock(db: &std::path::Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(db).expect("open");
    c.execute_batch("BEGIN EXCLUSIVE").expect("take the lock");
    c
}

#[test]
fn a_locked_database_never_freezes_the_console_and_loses_nothing_typed() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut s = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
    s.wait_for("Agenda · ");
    // The countdown runs, so a frame that changes shows the loop is alive.
    s.send(" ");
    s.wait_for("14:5");

    let holder = hold_lock(&db);
    s.send("n");
    s.wait_for("New note");
    s.send("first, said while the database was locked\r");
    s.wait_for("⏳ waiting for the database (locked by another program)");
    s.wait_for("1 item kept");
    // Keys keep echoing: the next note is typed into a field of its own.
    s.send("n");
    s.wait_for("New note");
    s.send("second, still locked");
    s.wait_for("second, still locked");
    s.send("\r");
    s.wait_for("2 items kept");
    s.send("N");
    s.wait_for("⏳ 2 more notes waiting for the database");
    // The screen keeps drawing: the countdown moves on while the lock is held.
    let before = s.contents();
    s.wait_for_change(&before);
    assert!(
        rows(&db, "SELECT text FROM notes").is_empty(),
        "nothing can be written through the lock"
    );

    holder.execute_batch("COMMIT").expect("let go");
    drop(holder);
    s.wait_for("● saved");
    assert!(!s.contents().contains("waiting for the database"));
    s.send("q");
    assert!(s.finish().success());
    assert_eq!(
        rows(&db, "SELECT text FROM notes ORDER BY created_at, id"),
        [
            "first, said while the database was locked",
            "second, still locked"
        ]
    );
}

#[test]
fn an_edit_saved_under_a_lock_waits_in_its_field_and_is_saved_when_it_goes() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut s = Session::with_note(&db, "the first word");
    s.send("N");
    s.wait_for("Notes");
    let holder = hold_lock(&db);
    s.send("\r");
    s.wait_for("Edit note");
    s.send(", and the second\r");
    s.wait_for("kept here; saved when it is free");
    drop(holder);
    s.wait_for("✓ note saved");
    s.send("q");
    assert!(s.finish().success());
    assert_eq!(
        rows(&db, "SELECT text FROM notes"),
        ["the first word, and the second"]
    );
}

#[test]
fn an_import_under_another_programs_lock_says_so_and_imports_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let import = || {
        thrive(&db)
            .args(["import", "tests/fixtures/import/messy.csv", "--skip-bad"])
            .args(["--script", "tests/fixtures/day.toml"])
            .output()
            .expect("run")
    };
    let first = import();
    assert_eq!(first.status.code(), Some(0), "{first:?}");
    let before = rows(&db, "SELECT name FROM services ORDER BY id");
    assert!(!before.is_empty());
    let holder = hold_lock(&db);
    let out = import();
    drop(holder);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("locked by another program"),
        "says who holds it: {stderr}"
    );
    assert!(
        !stderr.contains("another console"),
        "no console runs: {stderr}"
    );
    assert_eq!(rows(&db, "SELECT name FROM services ORDER BY id"), before);
}

#[test]
fn a_long_write_of_another_consoles_is_waited_for_and_said() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut s = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
    s.wait_for("Agenda · ");
    // Another console (its own lock file beside the database) in a long import.
    let other = thrive::event::store::Store::open(&db).expect("another console");
    other
        .connection()
        .execute_batch("BEGIN IMMEDIATE")
        .expect("its transaction");
    s.send("n");
    s.wait_for("New note");
    s.send("said during the import\r");
    s.wait_for("⏳ waiting for the database (another console or program)");
    other.connection().execute_batch("COMMIT").expect("done");
    s.wait_for("● saved");
    s.send("q");
    assert!(s.finish().success());
    assert_eq!(
        rows(&db, "SELECT text FROM notes"),
        ["said during the import"]
    );
}

#[test]
fn an_agenda_step_under_the_lock_is_kept_counted_and_written_first() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut s = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
    s.wait_for("Agenda · ");
    s.send(" ");
    s.wait_for("running");
    let holder = hold_lock(&db);
    // → moves to the next segment: a write the lock holds back.
    s.send("\x1b[C");
    s.wait_for("⏳ waiting for the database");
    s.send("n");
    s.wait_for("New note");
    s.send("said in the second segment\r");
    s.wait_for("2 items kept");
    drop(holder);
    s.wait_for("● saved");
    s.send("q");
    assert!(s.finish().success());
    assert_eq!(rows(&db, "SELECT run_current FROM events"), ["overview"]);
    assert_eq!(
        rows(&db, "SELECT segment_id FROM notes"),
        ["overview"],
        "the note belongs to the segment it was said in"
    );
}

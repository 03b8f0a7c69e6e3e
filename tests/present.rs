//! `thrive present` beside a driving console, each in its own pseudo-terminal, on one
//! database: the projector follows every change within its polling, never shows a prompt, a
//! draft, a field being typed or a private note, survives the console being killed, and no
//! key of its own changes anything.
//!
//! Waits poll the screens with a generous deadline; the one-second aim is the benchmark's.

mod common;

use common::pty::Session;

/// One of the bundled script's private prompts (shown on the console with `p`).
const PROMPT: &str = "About four in five young people are Thriving";

/// Reads the projector's screen for a moment and checks no private marker is on it.
fn clean(projector: &mut Session) {
    projector.pump();
    let seen = projector.contents();
    for marker in [
        "PRIVMARK",
        "DRAFTMARK",
        PROMPT,
        "PRIVATE",
        "? help",
        "saved",
        "thrive.db",
    ] {
        assert!(!seen.contains(marker), "the room saw {marker:?}:\n{seen}");
    }
}

#[test]
fn the_projector_follows_the_console_and_never_shows_a_private_word() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    // Started first: it waits calmly for the console.
    let mut projector = Session::start_on(&db, &["present"], &[]);
    projector.wait_for("Waiting for the console");
    assert!(projector.screen.screen().alternate_screen());

    let mut console = Session::start_on(&db, &[], &[]);
    console.wait_for("Space starts the clock");
    projector.wait_for("Segment 1 of 14 · talk");

    console.send(" ");
    console.send("\x1b[C");
    projector.wait_for("Segment 2 of 14 · talk");
    clean(&mut projector);

    // The prompts, and a note half-typed then put away: the projector sees neither.
    console.send("p");
    console.wait_for("PRIVATE");
    console.send("n");
    console.wait_for("New note");
    console.send("DRAFTMARK what Jo said");
    console.wait_for("DRAFTMARK");
    clean(&mut projector);
    console.send("\x1b");
    console.wait_for_gone("New note");
    // (The next note opens on the text put away: the private one below holds it.)

    // A private note and a note for all; the notes screen follows.
    console.send("n");
    console.send("PRIVMARK follow up with Jo #private\r");
    console.send("n");
    console.send("PUBMARK the waiting list is the first gap\r");
    console.send("N");
    console.wait_for("PUBMARK");
    projector.wait_for("PUBMARK the waiting list");
    clean(&mut projector);

    // Pinned to the notes, the room stays there while the console moves on.
    console.send("v");
    console.wait_for("PINNED");
    console.send("g");
    console.wait_for("Room: PINNED — the notes");
    clean(&mut projector);
    assert!(projector.contents().contains("PUBMARK"));
    // Following again: the groupings.
    console.send("v");
    projector.wait_for("1 Thriving");

    // Blank, and back.
    console.send("b");
    projector.wait_for("Thu 3 Dec · Kettlebridge Community Hub");
    projector.wait_for_gone("1 Thriving");
    console.send(".");
    projector.wait_for("1 Thriving");

    // The export dialog (with its path) and help stay on the console.
    console.send("e");
    console.wait_for("┌ Export ");
    clean(&mut projector);
    console.send("\x1b");
    console.wait_for_gone("┌ Export ");
    console.send("?");
    console.wait_for("┌ Keys ");
    clean(&mut projector);
    console.send("?");
    console.wait_for_gone("┌ Keys ");

    // The console is killed and started again: the projector carries on from the database.
    console.kill9();
    clean(&mut projector);
    let mut again = Session::start_on(&db, &[], &[]);
    again.wait_for("Resumed today's event");
    again.send("m");
    projector.wait_for("Getting Advice");
    projector.wait_for("Kooth");
    clean(&mut projector);
    again.send("q");
    assert!(again.finish().success());

    // q leaves the projector, and the terminal as it was.
    projector.send("q");
    assert!(projector.finish().success());
    projector.assert_restored();
}

/// Every key a keyboard sends, to a projector: nothing in the database changes, nothing
/// is made beside it, and only q quits.
#[test]
fn no_key_of_the_projectors_changes_anything() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut console = Session::with_note(&db, "a note before the projector");
    console.send("m");
    console.send("q");
    assert!(console.finish().success());
    let before = std::fs::read(&db).expect("db");
    let files = |dir: &std::path::Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let listed = files(dir.path());

    let mut projector = Session::start_on(&db, &["present"], &[]);
    projector.wait_for("Getting Advice");
    let mut keys: Vec<String> = (0x20u8..0x7f)
        .filter(|&b| b != b'q')
        .map(|b| (b as char).to_string())
        .collect();
    for seq in [
        "\r", "\t", "\x1b[Z", "\x7f", "\x1b[A", "\x1b[B", "\x1b[C", "\x1b[D", "\x1b[5~", "\x1b[6~",
        "\x1b[H", "\x1b[F", "\x1b[3~", "\x1bOP", "\x1b[15~", "\x01", "\x04", "\x0e", "\x10",
        "\x1a",
    ] {
        keys.push(seq.to_owned());
    }
    for k in &keys {
        projector.send(k);
    }
    projector.pump();
    assert!(
        projector.contents().contains("Getting Advice"),
        "still the map"
    );
    projector.send("q");
    assert!(projector.finish().success());
    projector.assert_restored();
    assert_eq!(
        std::fs::read(&db).expect("db"),
        before,
        "the database changed"
    );
    assert_eq!(
        files(dir.path()),
        listed,
        "files appeared beside the database"
    );
}

#[test]
fn a_database_from_an_older_thrive_waits_for_the_console_to_bring_it_up() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    {
        let c = rusqlite::Connection::open(&db).expect("open");
        for sql in [
            include_str!("../src/event/schema_v1.sql"),
            include_str!("../src/event/schema_v2.sql"),
            include_str!("../src/event/schema_v3.sql"),
            include_str!("../src/event/schema_v4.sql"),
            include_str!("../src/event/schema_v5.sql"),
        ] {
            c.execute_batch(sql).expect("schema");
        }
        c.pragma_update(None, "user_version", 5).expect("version");
        c.pragma_update(None, "application_id", 0x5448_5256)
            .expect("mark");
    }
    let mut projector = Session::start_on(&db, &["present"], &[]);
    projector.wait_for("written by an older thrive");
    projector.wait_for("Open the event with the console first");
    let mut console = Session::start_on(&db, &[], &[]);
    console.wait_for("Space starts the clock");
    projector.wait_for("Segment 1 of 14 · talk");
    console.send("q");
    assert!(console.finish().success());
    projector.send("q");
    assert!(projector.finish().success());
}

#[test]
fn another_programs_database_is_refused_before_the_terminal_is_touched() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("other.db");
    rusqlite::Connection::open(&db)
        .expect("open")
        .execute_batch("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);")
        .expect("theirs");
    let out = common::thrive_on(&db).arg("present").output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("another program's SQLite database"), "{said}");
}

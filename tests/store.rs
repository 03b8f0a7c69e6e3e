//! The event store against real files: schema and refusals, faults (read-only, full,
//! damaged, newer, two writers), and every kind of record read back as written.

mod common;

use std::path::Path;
use thrive::ids::{ActionId, EventId, ServiceId};

use chrono::{NaiveDate, TimeDelta};
use common::{at, day};
use thrive::event::record::{ActionFields, Decision, DraftSlot, Status};
use thrive::event::store::{Store, StoreError};
use thrive::event::{AgendaRun, RunState};
use thrive::thrive::Grouping;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 3).expect("date")
}

fn open(path: &Path) -> Store {
    Store::open(path).unwrap_or_else(|e| panic!("{e}"))
}

fn fields(text: &str) -> ActionFields {
    ActionFields {
        text: text.into(),
        owners: vec!["priya".into()],
        due: NaiveDate::from_ymd_opt(2026, 12, 5),
        grouping: Some(Grouping::GettingHelp),
        principle: None,
    }
}

#[test]
fn a_new_database_gets_the_schema_wal_and_full_sync() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("sub/folder/thrive.db");
    let store = open(&path);
    let c = store.connection();
    let version: i64 = c
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    let mode: String = c
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("mode");
    let sync: i64 = c
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .expect("sync");
    let fk: i64 = c
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .expect("fk");
    assert_eq!((version, mode.as_str(), sync, fk), (9, "wal", 2, 1));
    drop(store);
    // Reopening runs no migration twice.
    let again = open(&path);
    assert!(again.summaries().expect("summaries").is_empty());
}

#[test]
fn a_database_from_a_newer_thrive_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("newer.db");
    drop(open(&path));
    let c = rusqlite::Connection::open(&path).expect("open");
    c.pragma_update(None, "user_version", 99).expect("set");
    drop(c);
    let err = Store::open(&path).expect_err("refused");
    assert!(
        matches!(
            err,
            StoreError::Newer {
                found: 99,
                known: 9,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("written by a newer thrive (schema 99; this thrive knows up to 9)")
    );
}

#[test]
fn a_damaged_file_is_refused_and_left_exactly_as_it_was() {
    let dir = tempfile::tempdir().expect("dir");
    // Not a database at all.
    let garbage = dir.path().join("garbage.db");
    let bytes: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&garbage, &bytes).expect("write");
    let err = Store::open(&garbage).expect_err("refused");
    assert!(matches!(err, StoreError::Damaged { .. }), "{err:?}");
    assert!(
        err.to_string().contains("start a new one with --db NEW.db"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&garbage).expect("read"),
        bytes,
        "never overwritten"
    );

    // A real database with its pages scribbled over.
    let real = dir.path().join("real.db");
    {
        let store = open(&real);
        let (event, _) = store
            .open_event(&day(), "x", today(), at(9, 0, 0), false)
            .expect("event");
        for i in 0..300 {
            store
                .add_note(
                    event.id,
                    &format!("note {i} {}", "x".repeat(200)),
                    None,
                    at(9, 1, 0),
                )
                .expect("note");
        }
        store
            .connection()
            .pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .expect("checkpoint");
    }
    let mut bytes = std::fs::read(&real).expect("read");
    for b in &mut bytes[4096..24576] {
        *b = 0xA5;
    }
    std::fs::write(&real, &bytes).expect("scribble");
    let err = Store::open(&real).expect_err("refused");
    assert!(matches!(err, StoreError::Damaged { .. }), "{err:?}");
    assert_eq!(
        std::fs::read(&real).expect("read"),
        bytes,
        "never overwritten"
    );
}

#[test]
fn a_read_only_database_opens_for_reading_and_refuses_writes_clearly() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ro.db");
    let event_id = {
        let store = open(&path);
        let (event, _) = store
            .open_event(&day(), "x", today(), at(9, 0, 0), false)
            .expect("event");
        store
            .add_note(event.id, "kept", None, at(9, 1, 0))
            .expect("note");
        store
            .connection()
            .pragma_update(None, "journal_mode", "DELETE")
            .expect("leave wal");
        event.id
    };
    let _guard = common::unwritable(&path);
    let store = open(&path);
    assert!(
        store
            .connection()
            .is_readonly(rusqlite::MAIN_DB)
            .unwrap_or(false)
    );
    assert_eq!(store.notes(event_id).expect("read").len(), 1);
    let err = store
        .add_note(event_id, "lost?", None, at(9, 2, 0))
        .expect_err("refused");
    assert!(matches!(err, StoreError::ReadOnly), "{err:?}");
    assert_eq!(err.short(), "the database cannot be written (read-only)");
}

#[test]
fn a_full_disk_fails_the_write_whole_and_the_next_one_succeeds() {
    let dir = tempfile::tempdir().expect("dir");
    let store = open(&dir.path().join("full.db"));
    let (event, _) = store
        .open_event(&day(), "x", today(), at(9, 0, 0), false)
        .expect("event");
    let c = store.connection();
    let pages: i64 = c
        .pragma_query_value(None, "page_count", |r| r.get(0))
        .expect("pages");
    // The page limit stands in for a full disk: SQLite answers SQLITE_FULL either way.
    c.pragma_update(None, "max_page_count", pages)
        .expect("limit");
    let big = "x".repeat(64 * 1024);
    let err = store
        .add_note(event.id, &big, None, at(9, 1, 0))
        .expect_err("full");
    assert!(matches!(err, StoreError::Full), "{err:?}");
    assert!(
        store.notes(event.id).expect("read").is_empty(),
        "nothing half-written"
    );
    c.pragma_update(None, "max_page_count", 1_000_000)
        .expect("room again");
    store
        .add_note(event.id, &big, None, at(9, 2, 0))
        .expect("saved on retry");
    assert_eq!(store.notes(event.id).expect("read").len(), 1);
}

#[test]
fn two_connections_write_the_same_event_at_once() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("shared.db");
    let a = open(&path);
    let b = open(&path);
    let (ea, resumed_a) = a
        .open_event(&day(), "x", today(), at(9, 0, 0), false)
        .expect("a");
    let (eb, resumed_b) = b
        .open_event(&day(), "x", today(), at(9, 0, 5), false)
        .expect("b");
    assert_eq!(
        (ea.id, resumed_a, resumed_b),
        (eb.id, false, true),
        "the second console resumes the first's event"
    );
    let before = a.data_version().expect("version");
    let writers: Vec<_> = [(a, "a"), (b, "b")]
        .into_iter()
        .map(|(store, who)| {
            std::thread::spawn(move || {
                for i in 0..100 {
                    store
                        .add_note(ea.id, &format!("{who}{i}"), None, at(9, 1, 0))
                        .expect("writes");
                }
                store
            })
        })
        .collect();
    let mut stores: Vec<Store> = writers
        .into_iter()
        .map(|w| w.join().expect("thread"))
        .collect();
    let a = stores.remove(0);
    assert_eq!(a.notes(ea.id).expect("read").len(), 200);
    assert_ne!(
        a.data_version().expect("version"),
        before,
        "a sees that b wrote"
    );
}

#[test]
fn the_run_reads_back_and_survives_an_edited_script() {
    let store = Store::in_memory().expect("store");
    let script = day();
    let (event, _) = store
        .open_event(&script, "x", today(), at(9, 0, 0), false)
        .expect("event");
    let mut run = AgendaRun::new(&script);
    run.start_pause(at(9, 31, 0));
    run.next(at(9, 45, 0));
    run.extend(&script, 5);
    run.start_pause(at(9, 50, 0));
    store.save_run(event.id, &script, &run).expect("save");
    assert_eq!(store.load_run(event.id, &script).expect("load"), run);

    // The script loses its first segment: the others keep their times.
    let mut edited = script.clone();
    edited.segments.remove(0);
    let back = store.load_run(event.id, &edited).expect("load");
    assert_eq!(back.current, 0);
    assert_eq!(back.state, RunState::Paused);
    assert_eq!(back.segments[0], run.segments[1]);
}

#[test]
fn todays_event_is_resumed_and_new_event_starts_another() {
    let store = Store::in_memory().expect("store");
    let script = day();
    let (first, resumed) = store
        .open_event(&script, "v1", today(), at(9, 0, 0), false)
        .expect("open");
    assert!(!resumed);
    let (again, resumed) = store
        .open_event(&script, "v2 edited", today(), at(13, 0, 0), false)
        .expect("open");
    assert_eq!((again.id, resumed), (first.id, true));
    let (other, resumed) = store
        .open_event(&script, "v2", today(), at(13, 5, 0), true)
        .expect("open");
    assert!(!resumed && other.id != first.id);
    let tomorrow = today().succ_opt().expect("date");
    let (next_day, resumed) = store
        .open_event(&script, "v2", tomorrow, at(9, 0, 0), false)
        .expect("open");
    assert!(!resumed && next_day.id != other.id);
    let list = store.summaries().expect("list");
    assert_eq!(list.len(), 3);
    assert_eq!(list[0].id, next_day.id, "newest first");
}

#[test]
fn notes_edit_delete_and_undo() {
    let store = Store::in_memory().expect("store");
    let (event, _) = store
        .open_event(&day(), "x", today(), at(9, 0, 0), false)
        .expect("event");
    let n = store
        .add_note(
            event.id,
            "first 字 😀\nsecond line",
            Some("welcome"),
            at(9, 1, 0),
        )
        .expect("add");
    store
        .update_note(
            event.id,
            n.id,
            &n.text,
            "first, edited",
            at(9, 2, 0),
            thrive::event::store::Check::Clashes,
        )
        .expect("edit");
    let notes = store.notes(event.id).expect("read");
    assert_eq!(notes[0].text, "first, edited");
    assert_eq!(notes[0].updated_at, Some(at(9, 2, 0)));
    store.delete_note(n.id, at(9, 3, 0)).expect("delete");
    assert!(store.notes(event.id).expect("read").is_empty());
    store.undelete_note(n.id).expect("undo");
    assert_eq!(store.notes(event.id).expect("read").len(), 1);
    assert_eq!(store.summaries().expect("list")[0].notes, 1);
}

#[test]
fn actions_and_a_review_of_last_times() {
    let store = Store::in_memory().expect("store");
    let script = day();
    let (last, _) = store
        .open_event(&script, "x", today(), at(9, 0, 0), false)
        .expect("event");
    let a = store
        .add_action(
            last.id,
            &fields("Ask school nurses"),
            Some("mapping"),
            at(10, 0, 0),
        )
        .expect("a");
    let b = store
        .add_action(last.id, &fields("Send the list"), None, at(10, 1, 0))
        .expect("b");
    let c = store
        .add_action(last.id, &fields("Book the room"), None, at(10, 2, 0))
        .expect("c");
    let d = store
        .add_action(last.id, &fields("Already done"), None, at(10, 3, 0))
        .expect("d");
    store
        .set_status(d.id, Status::Done, at(10, 4, 0))
        .expect("status");
    assert_eq!(store.action(a.id).expect("read").owners, ["priya"]);

    let next_day = today() + TimeDelta::days(30);
    let (now, _) = store
        .open_event(&script, "x", next_day, at(14, 0, 0), false)
        .expect("event");
    let previous = store.previous_event(&now).expect("query").expect("found");
    assert_eq!(previous.id, last.id);
    let review = store.review(&now).expect("review");
    assert_eq!(review.len(), 3, "the done one is not reviewed again");
    store
        .decide(&a, Decision::Done, now.id, Some("review"), at(14, 5, 0))
        .expect("done");
    store
        .decide(&b, Decision::Kept, now.id, Some("review"), at(14, 6, 0))
        .expect("kept");
    store
        .decide(&c, Decision::Dropped, now.id, Some("review"), at(14, 7, 0))
        .expect("dropped");
    let review = store.review(&now).expect("review");
    let decisions: Vec<Option<Decision>> = review.iter().map(|(_, d)| *d).collect();
    assert_eq!(
        decisions,
        [
            Some(Decision::Done),
            Some(Decision::Kept),
            Some(Decision::Dropped)
        ]
    );
    let carried = store.actions(now.id).expect("actions");
    assert_eq!(carried.len(), 1);
    assert_eq!(
        (carried[0].text.as_str(), carried[0].carried_from),
        ("Send the list", Some(b.id))
    );
    // Changing one's mind replaces the decision rather than adding to it.
    store
        .decide(&b, Decision::Dropped, now.id, None, at(14, 8, 0))
        .expect("redo");
    assert!(store.actions(now.id).expect("actions").is_empty());
    assert_eq!(store.action(b.id).expect("read").status, Status::Dropped);
}

#[test]
fn drafts_are_kept_per_slot_and_cleared_by_the_save() {
    let store = Store::in_memory().expect("store");
    let (event, _) = store
        .open_event(&day(), "x", today(), at(9, 0, 0), false)
        .expect("event");
    let own = |slot| store.own_draft(event.id, slot).expect("draft");
    store
        .save_draft(event.id, DraftSlot::NewNote, "half a tho", at(9, 1, 0))
        .expect("draft");
    store
        .save_draft(event.id, DraftSlot::NewNote, "half a thought", at(9, 1, 2))
        .expect("draft");
    store
        .save_draft(event.id, DraftSlot::NewAction, "call @lee", at(9, 1, 3))
        .expect("draft");
    assert_eq!(own(DraftSlot::NewNote).as_deref(), Some("half a thought"));
    store
        .add_note(event.id, "half a thought, finished", None, at(9, 2, 0))
        .expect("note");
    assert_eq!(
        own(DraftSlot::NewNote),
        None,
        "saving the note cleared its draft in the same transaction"
    );
    assert_eq!(own(DraftSlot::NewAction).as_deref(), Some("call @lee"));
    store
        .save_draft(event.id, DraftSlot::NewAction, "   ", at(9, 3, 0))
        .expect("blank");
    assert_eq!(own(DraftSlot::NewAction), None, "a blank draft is no draft");
}

#[test]
fn a_consoles_drafts_are_offered_to_another_only_once_it_has_gone() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("thrive.db");
    let a = open(&path);
    let b = open(&path);
    let (event, _) = a
        .open_event(&day(), "x", today(), at(9, 0, 0), false)
        .expect("event");
    a.save_draft(
        event.id,
        DraftSlot::NewNote,
        "A is still typing this",
        at(9, 1, 0),
    )
    .expect("draft");
    b.save_draft(event.id, DraftSlot::NewNote, "B's own words", at(9, 1, 1))
        .expect("draft");
    assert!(
        b.orphaned_drafts(event.id).expect("drafts").is_empty(),
        "A is running: its draft is its own"
    );
    b.add_note(event.id, "B saves", None, at(9, 2, 0))
        .expect("note");
    assert_eq!(
        a.own_draft(event.id, DraftSlot::NewNote)
            .expect("draft")
            .as_deref(),
        Some("A is still typing this"),
        "B's save clears B's draft, not A's"
    );
    drop(a); // A's console has gone
    let offered = b.orphaned_drafts(event.id).expect("drafts");
    assert_eq!(offered.len(), 1);
    assert_eq!(offered[0].text, "A is still typing this");
    // A third console was offered the same draft: exactly one of them takes it (issue 11,
    // item 4: two consoles each kept it, and it was saved twice).
    let c = open(&path);
    let also = c.orphaned_drafts(event.id).expect("drafts");
    assert_eq!(also.len(), 1);
    assert!(
        b.resolve_orphan(event.id, &offered[0]).expect("resolve"),
        "b takes it"
    );
    assert!(
        !c.resolve_orphan(event.id, &also[0]).expect("resolve"),
        "c is told it has gone"
    );
    assert!(b.orphaned_drafts(event.id).expect("drafts").is_empty());
}

#[test]
fn another_programs_sqlite_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("contacts.db");
    {
        let c = rusqlite::Connection::open(&path).expect("open");
        c.execute_batch(
            "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Priya');",
        )
        .expect("create");
    }
    let before = std::fs::read(&path).expect("read");
    let err = Store::open(&path).expect_err("refused");
    assert!(matches!(err, StoreError::NotThrive { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("another program's SQLite database"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "not a byte written"
    );
    assert!(!dir.path().join("contacts.db-wal").exists());

    // Another program that numbers its own schema (user_version 1–4, or 7) is still not ours,
    // and never "a newer thrive" (issue 11, item 7).
    for version in [1, 3, 4, 7] {
        let path = dir.path().join(format!("app-v{version}.db"));
        {
            let c = rusqlite::Connection::open(&path).expect("open");
            c.execute_batch("CREATE TABLE events (what TEXT); CREATE TABLE notes (x);")
                .expect("create");
            c.pragma_update(None, "user_version", version)
                .expect("version");
        }
        let before = std::fs::read(&path).expect("read");
        for err in [
            Store::open(&path).expect_err("refused"),
            Store::open_read_only(&path).expect_err("refused"),
        ] {
            assert!(
                matches!(err, StoreError::NotThrive { .. }),
                "v{version}: {err:?}"
            );
        }
        assert_eq!(
            std::fs::read(&path).expect("read"),
            before,
            "v{version}: not a byte"
        );
        assert!(!dir.path().join(format!("app-v{version}.db-wal")).exists());
    }
}

#[test]
fn two_consoles_starting_together_on_a_new_file_both_open() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("new.db");
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || Store::open(&path).map(|_| ()).map_err(|e| e.to_string()))
        })
        .collect();
    for h in handles {
        h.join().expect("thread").expect("both open");
    }
}

#[test]
fn an_empty_file_lists_no_events() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").expect("write");
    let store = Store::open_read_only(&path).expect("opens");
    assert!(store.summaries().expect("list").is_empty());
}

#[test]
fn a_schema_1_database_is_brought_up_to_date_keeping_its_drafts() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("v1.db");
    {
        let c = rusqlite::Connection::open(&path).expect("open");
        c.execute_batch(include_str!("../src/event/schema_v1.sql"))
            .expect("v1");
        c.pragma_update(None, "user_version", 1).expect("version");
        c.execute_batch(
            "INSERT INTO events (id, title, site, date, script_date, script_hash, script_text, created_at)
                 VALUES (1, 'Northants THRIVE engagement event', 'Northamptonshire', '2026-12-03', '2026-12-03', 'h', 'x', '2026-12-03T09:00:00');
             INSERT INTO drafts (event_id, slot, text, saved_at) VALUES (1, 'note', 'left in schema 1', '2026-12-03T09:10:00');",
        )
        .expect("data");
    }
    let store = open(&path);
    let version: i64 = store
        .connection()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("v");
    let app: i64 = store
        .connection()
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .expect("id");
    assert_eq!((version, app), (9, 0x5448_5256));
    let offered = store.orphaned_drafts(EventId(1)).expect("drafts");
    assert_eq!(offered.len(), 1);
    assert_eq!(
        (offered[0].text.as_str(), offered[0].console.as_str()),
        ("left in schema 1", "")
    );
}

#[test]
fn the_review_reaches_past_an_event_in_between_and_keeping_changes_nothing_else() {
    let store = Store::in_memory().expect("store");
    let script = day();
    let (first, _) = store
        .open_event(&script, "x", today(), at(9, 0, 0), false)
        .expect("event");
    let a = store
        .add_action(first.id, &fields("Ask nurses"), None, at(10, 0, 0))
        .expect("a");
    store
        .set_status(a.id, Status::Doing, at(10, 1, 0))
        .expect("doing");
    let a = store.action(a.id).expect("a");
    // A rehearsal with no actions of its own, in between.
    let (_rehearsal, _) = store
        .open_event(
            &script,
            "x",
            today() + TimeDelta::days(7),
            at(9, 0, 0),
            false,
        )
        .expect("event");
    let (now, _) = store
        .open_event(
            &script,
            "x",
            today() + TimeDelta::days(30),
            at(14, 0, 0),
            false,
        )
        .expect("event");
    let review = store.review(&now).expect("review");
    assert_eq!(
        review.len(),
        1,
        "the open action two events back is still to review"
    );
    store
        .decide(&a, Decision::Kept, now.id, None, at(14, 1, 0))
        .expect("kept");
    let copy = &store.actions(now.id).expect("actions")[0];
    assert_eq!(
        copy.status,
        Status::Doing,
        "kept as it was, doing stays doing"
    );
    assert_eq!(store.action(a.id).expect("a").status, Status::Doing);
    let list = store.summaries().expect("summaries");
    let open_of = |id| list.iter().find(|e| e.id == id).map(|e| e.open_actions);
    assert_eq!(
        open_of(first.id),
        Some(0),
        "carried on: counted once, where it now lives"
    );
    assert_eq!(open_of(now.id), Some(1));
    // Worked on since: changing the decision would throw that away, so it is refused.
    store
        .set_status(copy.id, Status::Done, at(14, 5, 0))
        .expect("done");
    let err = store
        .decide(&a, Decision::Dropped, now.id, None, at(14, 6, 0))
        .expect_err("refused");
    assert!(
        err.short().contains("carried copy has been changed"),
        "{err:?}"
    );
    assert_eq!(store.action(copy.id).expect("copy").status, Status::Done);
}

#[test]
fn a_schema_3_database_gets_names_for_every_record_and_keeps_its_links() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("v3.db");
    {
        let c = rusqlite::Connection::open(&path).expect("open");
        for sql in [
            include_str!("../src/event/schema_v1.sql"),
            include_str!("../src/event/schema_v2.sql"),
            include_str!("../src/event/schema_v3.sql"),
        ] {
            c.execute_batch(sql).expect("schema");
        }
        c.pragma_update(None, "user_version", 3).expect("version");
        c.pragma_update(None, "application_id", 0x5448_5256)
            .expect("id");
        c.execute_batch(
            "INSERT INTO events (id, title, site, date, script_date, script_hash, script_text, created_at)
                 VALUES (1, 'A', 'S', '2026-10-01', '2026-10-01', 'h', 'x', '2026-10-01T09:00:00'),
                        (2, 'B', 'S', '2026-12-01', '2026-12-01', 'h', 'x', '2026-12-01T09:00:00');
             INSERT INTO actions (id, event_id, created_at, text) VALUES (1, 1, '2026-10-01T10:00:00', 'Ask');
             INSERT INTO actions (id, event_id, created_at, text, carried_from) VALUES (2, 2, '2026-12-01T10:00:00', 'Ask', 1);
             INSERT INTO services (id, event_id, created_at, name) VALUES (1, 1, '2026-10-01T10:00:00', 'Kooth');
             INSERT INTO services (id, event_id, created_at, name, carried_from) VALUES (2, 2, '2026-12-01T10:00:00', 'Kooth', 1);",
        )
        .expect("data");
    }
    // `thrive events` or `thrive export` on it: read from an up-to-date copy, the file untouched.
    let before = std::fs::read(&path).expect("bytes");
    // Even from an archive that cannot be written.
    let locked = common::unwritable(&path);
    let store = Store::open_read_only(&path).expect("opens");
    assert_eq!(store.summaries().expect("list").len(), 2);
    let (first, second) = (
        store.names(EventId(1)).expect("names"),
        store.names(EventId(2)).expect("names"),
    );
    assert_eq!(first.event.len(), 32);
    assert_ne!(first.event, second.event);
    assert_eq!(
        second.actions[&ActionId(2)].origin.as_deref(),
        Some(first.actions[&ActionId(1)].uid.as_str())
    );
    assert_eq!(
        second.services[&ServiceId(2)].origin.as_deref(),
        Some(first.services[&ServiceId(1)].uid.as_str())
    );
    drop(store);
    drop(locked);
    assert_eq!(std::fs::read(&path).expect("bytes"), before, "only read");
    // The console brings the file itself up to date; a record written from then on is named
    // as it is written.
    let store = Store::open(&path).expect("opens");
    assert_eq!(store.names(EventId(1)).expect("names").event.len(), 32);
    let a = store
        .add_action(EventId(2), &fields("Book the room"), None, at(11, 0, 0))
        .expect("add");
    store
        .set_status(a.id, thrive::event::record::Status::Done, at(11, 5, 0))
        .expect("status");
    let names = store.names(EventId(2)).expect("names");
    assert_eq!(names.actions[&a.id].uid.len(), 32);
    assert_eq!(names.actions[&a.id].thread, names.actions[&a.id].uid);
    // A carried action is the same action across the series: its thread is the first's uid.
    assert_eq!(
        second.actions[&ActionId(2)].thread,
        first.actions[&ActionId(1)].uid
    );
}

/// A rehearsal stays out of the series: never "last time" for the real event, its actions
/// never reviewed there, its map never inherited; and removing rehearsals leaves every real
/// event as it was.
#[test]
fn a_rehearsal_is_never_last_time_and_goes_whole() {
    let store = Store::in_memory().expect("store");
    let script = day();
    let (earlier, _) = store
        .open_event(
            &script,
            "x",
            today() - TimeDelta::days(60),
            at(9, 0, 0),
            false,
        )
        .expect("earlier event");
    store
        .add_action(earlier.id, &fields("From the autumn"), None, at(10, 0, 0))
        .expect("action");
    // The night before: a rehearsal, dated for the day, with an action and a service.
    let (rehearsal, _) = store
        .open_event_for(&script, "x", today(), at(20, 0, 0), false, true)
        .expect("rehearsal");
    assert!(rehearsal.rehearsal);
    assert_eq!(
        store
            .previous_event(&rehearsal)
            .expect("previous")
            .map(|e| e.id),
        Some(earlier.id),
        "a rehearsal may look back at the series"
    );
    store
        .add_action(
            rehearsal.id,
            &fields("Rehearsal action"),
            None,
            at(20, 5, 0),
        )
        .expect("action");
    store
        .add_service(
            rehearsal.id,
            &thrive::map::ServiceFields::named("Practice service"),
            at(20, 6, 0),
        )
        .expect("service");

    // The real event of the same day is another event: the rehearsal is not resumed.
    let (real, resumed) = store
        .open_event(&script, "x", today(), at(9, 0, 0), false)
        .expect("real event");
    assert!(!resumed && real.id != rehearsal.id && !real.rehearsal);
    assert_eq!(
        store.previous_event(&real).expect("previous").map(|e| e.id),
        Some(earlier.id),
        "the rehearsal is not last time"
    );
    let texts: Vec<String> = store
        .review(&real)
        .expect("review")
        .into_iter()
        .map(|(a, _)| a.text)
        .collect();
    assert_eq!(texts, ["From the autumn"]);
    assert!(
        store.services(real.id).expect("services").is_empty(),
        "no map inherited from a rehearsal"
    );

    assert_eq!(store.remove_rehearsals(None).expect("removed"), 1);
    let left: Vec<(EventId, bool)> = store
        .summaries()
        .expect("list")
        .iter()
        .map(|e| (e.id, e.rehearsal))
        .collect();
    assert_eq!(left, [(real.id, false), (earlier.id, false)]);
    assert_eq!(store.remove_rehearsals(None).expect("none left"), 0);
}

/// The whole-file check is skipped only for a file exactly as the last console left it at a
/// clean close: after a crash, a second console, or any change to the file, it runs — and a
/// damaged file is refused before anything is written to it.
#[test]
fn the_whole_file_check_is_skipped_only_after_a_clean_close_of_an_unchanged_file() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("thrive.db");
    let fill = |store: &Store| {
        let (event, _) = store
            .open_event(&day(), "x", today(), at(9, 0, 0), false)
            .expect("event");
        for i in 0..300 {
            store
                .add_note(
                    event.id,
                    &format!("note {i} {}", "words ".repeat(20)),
                    None,
                    at(9, 1, 0),
                )
                .expect("note");
        }
    };
    let marked = |path: &std::path::Path| {
        thrive::event::store::clean_close_mark(path).is_some_and(|m| m.exists())
    };
    let first = open(&path);
    assert!(!first.checked_at_open(), "a new file has nothing to check");
    fill(&first);
    drop(first);
    let clean = open(&path);
    assert!(!clean.checked_at_open(), "as the last console left it");
    // While a console is open there is no mark: a crash (tests/kill.rs) leaves none.
    assert!(!marked(&path));
    // A second console is open when the first closes: no mark; the last to close leaves it.
    let second = open(&path);
    assert!(
        second.checked_at_open(),
        "the first console took the mark away"
    );
    drop(clean);
    assert!(!marked(&path));
    drop(second);
    let again = open(&path);
    assert!(
        !again.checked_at_open(),
        "the last of the two left it clean"
    );
    drop(again);
    // Damage after a clean close: the file changed, so it is checked and refused.
    assert!(marked(&path));
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(beside, ["thrive.db"], "the mark is kept elsewhere");
    let mut before = std::fs::read(&path).expect("bytes");
    for b in &mut before[4096..24576] {
        *b = 0xA5;
    }
    std::fs::write(&path, &before).expect("scribble");
    let err = Store::open(&path).expect_err("a damaged file is refused");
    assert!(matches!(err, StoreError::Damaged { .. }), "{err:?}");
    assert_eq!(
        std::fs::read(&path).expect("bytes"),
        before,
        "and not written to"
    );
}

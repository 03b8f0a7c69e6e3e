//! Two consoles on one database saving the same record: the second save never goes in
//! silently over the first. It asks (keep mine, keep theirs, both), a save of something
//! deleted elsewhere offers to save it as new, and each console's lists show what the other
//! deleted, restored or changed within a second of its clock.

mod common;

use chrono::TimeDelta;
use common::{model, press, screen, type_text, wait};
use thrive::app::{Model, Overlay};
use thrive::event::store::Store;

/// Two consoles on one new database file, on the same event.
fn two_consoles(dir: &tempfile::TempDir) -> (Model, Model) {
    let path = dir.path().join("thrive.db");
    let mut a = model();
    a.open_event(Store::open(&path).expect("a"), "", false)
        .expect("event");
    let mut b = model();
    b.open_event(Store::open(&path).expect("b"), "", false)
        .expect("event");
    assert_eq!(
        a.record.event.as_ref().map(|e| e.id),
        b.record.event.as_ref().map(|e| e.id),
        "the second console resumes the first's event"
    );
    (a, b)
}

fn settle(a: &mut Model, b: &mut Model) {
    wait(a, TimeDelta::seconds(2));
    wait(b, TimeDelta::seconds(2));
}

fn note_texts(m: &Model) -> Vec<String> {
    let event = m.record.event.as_ref().expect("event").id;
    m.store
        .notes(event)
        .expect("notes")
        .into_iter()
        .map(|n| n.text)
        .collect()
}

/// Both consoles open the one note for editing and type their own ending; A saves first.
fn both_edit_one_note(a: &mut Model, b: &mut Model) {
    press(a, &["n"]);
    type_text(a, "the waiting list");
    press(a, &["enter"]);
    settle(a, b);
    for (m, words) in [(&mut *a, " is 18 weeks"), (&mut *b, " is 12 weeks")] {
        press(m, &["N", "enter"]);
        type_text(m, words);
    }
    press(a, &["enter"]);
    assert!(a.editor().is_none(), "the first save goes in");
    press(b, &["enter"]);
}

#[test]
fn the_second_save_of_one_note_asks_and_shows_both_texts() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut a, mut b) = two_consoles(&dir);
    both_edit_one_note(&mut a, &mut b);
    assert_eq!(b.overlay(), Some(Overlay::Clash));
    let shown = screen(&b, 100, 30);
    assert!(
        shown.contains("This note was changed in another console"),
        "{shown}"
    );
    assert!(
        shown.contains("theirs  the waiting list is 18 weeks"),
        "{shown}"
    );
    assert!(
        shown.contains("yours   the waiting list is 12 weeks"),
        "{shown}"
    );
    assert_eq!(
        note_texts(&b),
        ["the waiting list is 18 weeks"],
        "nothing written yet"
    );
    insta::assert_snapshot!(shown);

    press(&mut b, &["b"]);
    assert_eq!(
        note_texts(&b),
        ["the waiting list is 18 weeks\nthe waiting list is 12 weeks"]
    );
    assert!(b.overlay().is_none() && b.editor().is_none());
}

#[test]
fn keep_mine_keep_theirs_and_back_to_the_text() {
    for (answer, expected) in [
        ("m", "the waiting list is 12 weeks"),
        ("t", "the waiting list is 18 weeks"),
    ] {
        let dir = tempfile::tempdir().expect("dir");
        let (mut a, mut b) = two_consoles(&dir);
        both_edit_one_note(&mut a, &mut b);
        press(&mut b, &[answer]);
        assert_eq!(note_texts(&b), [expected], "answer {answer}");
        // The list shows what the database holds, whichever was kept.
        assert!(
            b.record.notes.iter().any(|n| n.text == expected),
            "answer {answer}"
        );
    }
    let dir = tempfile::tempdir().expect("dir");
    let (mut a, mut b) = two_consoles(&dir);
    both_edit_one_note(&mut a, &mut b);
    press(&mut b, &["esc"]);
    let editor = b.editor().expect("back in the field");
    assert_eq!(editor.text(), "the waiting list is 12 weeks");
    // Saved again from there, it goes in over theirs, which it has now seen.
    press(&mut b, &["enter"]);
    assert_eq!(note_texts(&b), ["the waiting list is 12 weeks"]);
}

#[test]
fn one_action_owner_changed_in_two_consoles_asks_whose() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut a, mut b) = two_consoles(&dir);
    press(&mut a, &["a"]);
    type_text(&mut a, "Ask schools about the survey");
    press(&mut a, &["enter"]);
    settle(&mut a, &mut b);
    for (m, owner) in [(&mut a, " @priya"), (&mut b, " @sam")] {
        press(m, &["A", "enter"]);
        type_text(m, owner);
    }
    press(&mut a, &["enter"]);
    press(&mut b, &["enter"]);
    assert_eq!(b.overlay(), Some(Overlay::Clash));
    let shown = screen(&b, 100, 30);
    assert!(shown.contains("owner"), "{shown}");
    assert!(shown.contains("theirs  @priya"), "{shown}");
    assert!(shown.contains("yours   @sam"), "{shown}");
    press(&mut b, &["b"]);
    let event = b.record.event.as_ref().expect("event").id;
    let actions = b.store.actions(event).expect("actions");
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0].owners, ["priya"], "theirs kept in the field");
    assert_eq!(
        actions[0].text, "Ask schools about the survey (also: owner @sam)",
        "yours beside it"
    );
}

#[test]
fn a_note_deleted_elsewhere_while_edited_here_is_offered_as_new() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut a, mut b) = two_consoles(&dir);
    press(&mut a, &["n"]);
    type_text(&mut a, "the first point");
    press(&mut a, &["enter"]);
    settle(&mut a, &mut b);
    press(&mut b, &["N", "enter"]);
    type_text(&mut b, ", and a second");
    press(&mut a, &["N", "d", "y"]);
    assert!(note_texts(&a).is_empty());
    press(&mut b, &["enter"]);
    assert_eq!(b.overlay(), Some(Overlay::Clash));
    let shown = screen(&b, 100, 30);
    assert!(
        shown.contains("This note was deleted in another console"),
        "{shown}"
    );
    assert!(shown.contains("save yours as new"), "{shown}");
    assert!(
        note_texts(&b).is_empty(),
        "never written into the deleted note"
    );
    press(&mut b, &["m"]);
    assert_eq!(note_texts(&b), ["the first point, and a second"]);
}

#[test]
fn a_deleted_elsewhere_note_leaves_the_list_and_its_undo_brings_it_back_within_a_second() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut a, mut b) = two_consoles(&dir);
    press(&mut a, &["n"]);
    type_text(&mut a, "kept after all");
    press(&mut a, &["enter"]);
    settle(&mut a, &mut b);
    press(&mut b, &["N"]);
    assert!(screen(&b, 100, 30).contains("kept after all"));
    press(&mut a, &["N", "d", "y"]);
    wait(&mut b, TimeDelta::seconds(1));
    assert!(!screen(&b, 100, 30).contains("kept after all"));
    press(&mut a, &["u"]);
    wait(&mut b, TimeDelta::seconds(1));
    assert!(screen(&b, 100, 30).contains("kept after all"));
    // An edit elsewhere shows with its new words, not the old.
    press(&mut a, &["enter"]);
    type_text(&mut a, ", said twice");
    press(&mut a, &["enter"]);
    wait(&mut b, TimeDelta::seconds(1));
    assert!(
        screen(&b, 100, 30).contains("kept after all, said twice"),
        "{}",
        screen(&b, 100, 30)
    );
}

#[test]
fn a_service_deleted_elsewhere_is_never_placed_and_leaves_the_board() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut a, mut b) = two_consoles(&dir);
    press(&mut a, &["m", "+"]);
    type_text(&mut a, "Youth club");
    press(&mut a, &["enter"]);
    settle(&mut a, &mut b);
    press(&mut b, &["m"]);
    assert_eq!(
        b.selected_service().map(|s| s.fields.name.as_str()),
        Some("Youth club")
    );
    press(&mut a, &["d", "y"]);
    // B presses a grouping before its next look at the database.
    press(&mut b, &["3"]);
    let event = b.record.event.as_ref().expect("event").id;
    assert!(b.store.services(event).expect("services").is_empty());
    let said = screen(&b, 100, 30);
    assert!(said.contains("deleted in another console"), "{said}");
    assert!(
        b.record.services.is_empty(),
        "the board shows what is there"
    );
}

#[test]
fn one_services_provider_changed_in_two_forms_keeps_both_words() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut a, mut b) = two_consoles(&dir);
    press(&mut a, &["m", "+"]);
    type_text(&mut a, "Kooth");
    press(&mut a, &["enter"]);
    settle(&mut a, &mut b);
    press(&mut b, &["m"]);
    for (m, provider) in [(&mut a, "Kooth plc"), (&mut b, "XenZone")] {
        // The form: Enter opens it, Tab goes to the provider.
        press(m, &["enter", "tab"]);
        type_text(m, provider);
    }
    press(&mut a, &["enter"]);
    assert!(a.form().is_none(), "{}", screen(&a, 100, 30));
    press(&mut b, &["enter"]);
    assert_eq!(b.overlay(), Some(Overlay::Clash), "{}", screen(&b, 100, 30));
    let shown = screen(&b, 100, 30);
    assert!(
        shown.contains("“Kooth” was changed in another console"),
        "{shown}"
    );
    press(&mut b, &["b"]);
    let event = b.record.event.as_ref().expect("event").id;
    let services = b.store.services(event).expect("services");
    assert_eq!(services.len(), 1);
    assert_eq!(services[0].fields.provider, "Kooth plc");
    assert!(
        services[0]
            .fields
            .notes
            .contains("provider also given as “XenZone”"),
        "{:?}",
        services[0].fields.notes
    );
}

#[test]
fn a_joined_console_leaves_the_agenda_alone_unless_it_drives() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut a, mut b) = two_consoles(&dir);
    b.seat = thrive::app::Seat::Joined;
    press(&mut b, &["space", "right"]);
    assert_eq!(b.run.state, thrive::event::RunState::NotStarted);
    let said = screen(&b, 100, 30);
    assert!(
        said.contains("the agenda runs on the facilitator's console"),
        "{said}"
    );
    settle(&mut a, &mut b);
    assert_eq!(a.run.state, thrive::event::RunState::NotStarted);

    b.seat = thrive::app::Seat::JoinedDriving;
    press(&mut b, &["space"]);
    let said = screen(&b, 120, 30);
    assert!(said.contains("you moved the shared agenda"), "{said}");
    wait(&mut a, TimeDelta::seconds(1));
    assert_eq!(a.run.state, thrive::event::RunState::Running);
    let said = screen(&a, 120, 30);
    assert!(
        said.contains("⇄ a joined console moved the agenda: Welcome"),
        "the facilitator is told: {said}"
    );
    // The facilitator's own move is told to the joined console the same way.
    press(&mut a, &["right"]);
    wait(&mut b, TimeDelta::seconds(1));
    let said = screen(&b, 120, 30);
    assert!(
        said.contains("⇄ another console moved the agenda: THRIVE in 15"),
        "{said}"
    );
}

#[test]
fn an_edit_settled_by_the_question_leaves_no_draft_to_recover() {
    for answer in ["m", "t"] {
        let dir = tempfile::tempdir().expect("dir");
        let (mut a, mut b) = two_consoles(&dir);
        press(&mut a, &["n"]);
        type_text(&mut a, "base note");
        press(&mut a, &["enter"]);
        settle(&mut a, &mut b);
        press(&mut b, &["N", "enter"]);
        type_text(&mut b, " edited");
        // Long enough for the edit's draft to be written.
        wait(&mut b, TimeDelta::seconds(3));
        press(&mut a, &["N", "d", "y"]);
        press(&mut b, &["enter", answer]);
        let event = b.record.event.as_ref().expect("event").id;
        let left = b.store.orphaned_drafts(event).expect("drafts");
        assert!(left.is_empty(), "answer {answer}: {left:?}");
        let mine: Vec<_> = rusqlite::Connection::open(dir.path().join("thrive.db"))
            .expect("open")
            .prepare("SELECT count(*) FROM drafts")
            .expect("q")
            .query_row([], |r| r.get::<_, i64>(0))
            .into_iter()
            .collect();
        assert_eq!(mine, [0], "answer {answer}: no draft row at all");
    }
}

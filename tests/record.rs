//! Notes, actions, drafts and the review driven through `update()` as a facilitator types
//! them, with the store checked after each step: what the screen calls saved is stored.

mod common;

use chrono::TimeDelta;
use common::{at, model, press, screen, type_text, wait};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use thrive::app::record::Saved;
use thrive::app::{Message, Model, Overlay, Screen, update};
use thrive::event::record::{Decision, DraftSlot, Status};
use thrive::event::store::Store;
use thrive::thrive::{Grouping, Principle};

fn stored_notes(m: &Model) -> Vec<String> {
    let id = m.record.event.as_ref().expect("event").id;
    m.store
        .notes(id)
        .expect("notes")
        .into_iter()
        .map(|n| n.text)
        .collect()
}

#[test]
fn a_note_from_any_screen_is_stamped_and_stored_before_it_shows_as_saved() {
    let mut m = model();
    update(&mut m, Message::Tick(at(10, 20, 0)));
    press(&mut m, &["right", "right", "right", "space", "g", "n"]);
    assert_eq!(
        m.screen,
        Screen::Groupings,
        "the note field opens over the screen"
    );
    type_text(
        &mut m,
        "Schools report long waits #3 #needs-led\nsecond line",
    );
    assert!(stored_notes(&m).is_empty(), "nothing is a note until Enter");
    press(&mut m, &["enter"]);
    assert!(m.editor().is_none());
    assert_eq!(
        stored_notes(&m),
        ["Schools report long waits #3 #needs-led\nsecond line"]
    );
    assert_eq!(m.saved, Saved::At(at(10, 20, 0)));
    assert_eq!(m.status_text(), Some("✓ note saved · 1 note"));
    let note = &m.record.notes[0];
    assert_eq!(note.created_at, at(10, 20, 0));
    assert_eq!(note.segment_id.as_deref(), Some("mapping"));
    assert_eq!(note.tags().groupings, [Grouping::GettingHelp]);
    assert_eq!(note.tags().principles, [Principle::NeedsLed]);
}

#[test]
fn keys_typed_into_a_note_do_not_act() {
    let mut m = model();
    press(&mut m, &["n"]);
    type_text(&mut m, "q g ? space");
    assert!(!m.quit);
    assert_eq!(m.screen, Screen::Agenda);
    assert_eq!(m.editor().map(|e| e.text()), Some("q g ? space".into()));
}

#[test]
fn paste_arrives_whole_and_clean() {
    let mut m = model();
    press(&mut m, &["n"]);
    update(
        &mut m,
        Message::Paste("pasted\r\nparagraph\u{1b}[2J".into()),
    );
    assert_eq!(
        m.editor().map(|e| e.text()),
        Some("pasted\nparagraph[2J".into())
    );
    update(&mut m, Message::Paste("ignored without an editor".into()));
}

#[test]
fn esc_puts_a_note_away_with_its_text_kept_and_n_brings_it_back() {
    let mut m = model();
    press(&mut m, &["n"]);
    type_text(&mut m, "half a thought");
    press(&mut m, &["esc"]);
    assert!(m.editor().is_none());
    let event = m.record.event.as_ref().expect("event").id;
    let draft = m.store.own_draft(event, DraftSlot::NewNote).expect("draft");
    assert_eq!(
        draft.as_deref(),
        Some("half a thought"),
        "kept in the store too"
    );
    press(&mut m, &["n"]);
    assert_eq!(m.editor().map(|e| e.text()), Some("half a thought".into()));
    type_text(&mut m, ", finished");
    press(&mut m, &["enter"]);
    assert_eq!(stored_notes(&m), ["half a thought, finished"]);
    assert_eq!(
        m.store.own_draft(event, DraftSlot::NewNote).expect("draft"),
        None,
        "the save took the draft"
    );
}

#[test]
fn the_draft_is_written_within_two_seconds_of_typing() {
    let mut m = model();
    let event = m.record.event.as_ref().expect("event").id;
    press(&mut m, &["n"]);
    for c in "typed at speaking pace".chars() {
        update(
            &mut m,
            Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
        wait(&mut m, TimeDelta::milliseconds(150));
    }
    let drafted = m.store.own_draft(event, DraftSlot::NewNote).expect("draft");
    assert!(drafted.is_some(), "written while typing went on");
    wait(&mut m, TimeDelta::milliseconds(600));
    let draft = m.store.own_draft(event, DraftSlot::NewNote).expect("draft");
    assert_eq!(draft.as_deref(), Some("typed at speaking pace"));
}

#[test]
fn a_failed_save_keeps_the_text_in_the_field_and_enter_retries() {
    let mut m = model();
    common::refuse_writes(&m);
    press(&mut m, &["n"]);
    type_text(&mut m, "must not be lost");
    press(&mut m, &["enter"]);
    let editor = m.editor().expect("still open");
    assert_eq!(editor.text(), "must not be lost");
    assert!(
        editor
            .problem
            .as_deref()
            .unwrap_or("")
            .starts_with("not saved: the database cannot be written")
    );
    assert!(matches!(m.saved, Saved::Failed { .. }));
    let text = screen(&m, 100, 30);
    assert!(
        text.contains("⚠ NOT SAVED: the database cannot be written (read-only)"),
        "{text}"
    );
    common::allow_writes(&m);
    press(&mut m, &["enter"]);
    assert!(m.editor().is_none());
    assert_eq!(stored_notes(&m), ["must not be lost"]);
    assert!(matches!(m.saved, Saved::At(_)));
}

#[test]
fn timings_owed_after_a_failure_go_with_the_next_change() {
    let mut m = model();
    common::refuse_writes(&m);
    press(&mut m, &["space"]);
    assert!(m.record.run_dirty);
    common::allow_writes(&m);
    press(&mut m, &["n"]);
    type_text(&mut m, "x");
    press(&mut m, &["enter"]);
    assert!(!m.record.run_dirty);
    let event = m.record.event.as_ref().expect("event").id;
    let run = m.store.load_run(event, &m.script).expect("run");
    assert_eq!(run.state, thrive::event::RunState::Running);
}

#[test]
fn notes_edit_delete_with_confirmation_undo_and_filter() {
    let mut m = model();
    for text in [
        "first about schools",
        "second #thriving",
        "third about the coast",
    ] {
        press(&mut m, &["n"]);
        type_text(&mut m, text);
        press(&mut m, &["enter"]);
    }
    press(&mut m, &["N"]);
    assert_eq!(
        m.selected_note().map(|n| n.text.as_str()),
        Some("third about the coast")
    );
    press(&mut m, &["up", "enter"]);
    type_text(&mut m, " (edited)");
    press(&mut m, &["enter"]);
    assert_eq!(stored_notes(&m)[1], "second #thriving (edited)");

    press(&mut m, &["d"]);
    assert!(matches!(m.overlay(), Some(Overlay::ConfirmDelete(_))));
    press(&mut m, &["n"]);
    assert_eq!(stored_notes(&m).len(), 3, "any other key keeps it");
    press(&mut m, &["d", "y"]);
    assert_eq!(stored_notes(&m).len(), 2);
    press(&mut m, &["u"]);
    assert_eq!(stored_notes(&m).len(), 3, "undo brings it back");
    assert_eq!(
        m.record.notes[1].text, "second #thriving (edited)",
        "in its place"
    );

    press(&mut m, &["/"]);
    type_text(&mut m, "#1");
    assert_eq!(m.notes_view.visible.len(), 1, "#1 is Thriving, by alias");
    press(&mut m, &["enter"]);
    assert!(screen(&m, 100, 30).contains("Notes · 1 of 3 · filter: #1"));
    press(&mut m, &["/", "esc"]);
    assert_eq!(m.notes_view.visible.len(), 3, "Esc in the filter clears it");
}

#[test]
fn actions_are_read_from_one_line_and_sorted_filtered_and_moved_on() {
    let mut m = model();
    update(&mut m, Message::Tick(at(10, 0, 0)));
    for line in [
        "Ask school nurses to join @priya due:fri #getting-advice",
        "Send the list to the ICB @lee due:2026-12-01",
        "Book the room @Priya due:next tue",
        "No owner yet",
    ] {
        press(&mut m, &["a"]);
        type_text(&mut m, line);
        press(&mut m, &["enter"]);
    }
    let event = m.record.event.as_ref().expect("event").id;
    let stored = m.store.actions(event).expect("actions");
    assert_eq!(stored.len(), 4);
    assert_eq!(stored[0].text, "Ask school nurses to join");
    assert_eq!(
        stored[0].due.map(|d| d.to_string()).as_deref(),
        Some("2026-12-04")
    );
    assert_eq!(stored[0].grouping, Some(Grouping::GettingAdvice));

    press(&mut m, &["A"]);
    let order = |m: &Model| -> Vec<String> {
        m.actions_view
            .order
            .iter()
            .map(|&i| m.record.actions[i].text.clone())
            .collect()
    };
    assert_eq!(
        order(&m)[0],
        "Send the list to the ICB",
        "due date first, undated last"
    );
    assert_eq!(order(&m)[3], "No owner yet");
    assert!(
        screen(&m, 120, 40).contains("⚠ OVERDUE 1 Dec"),
        "overdue by symbol and word"
    );

    press(&mut m, &["o"]);
    assert_eq!(m.actions_view.sort, thrive::app::lists::SortBy::Owner);
    assert_eq!(
        order(&m)[0],
        "Send the list to the ICB",
        "@lee before @priya"
    );

    press(&mut m, &["/"]);
    type_text(&mut m, "@pri");
    assert_eq!(order(&m), ["Ask school nurses to join", "Book the room"]);
    press(&mut m, &["enter", "home", "s"]);
    let first = m.selected_action().expect("selected").id;
    assert_eq!(m.store.action(first).expect("action").status, Status::Doing);
    press(&mut m, &["s", "s", "s"]);
    assert_eq!(
        m.store.action(first).expect("action").status,
        Status::Open,
        "round the four"
    );

    // Edit any field through the same line: it opens with the fields first, as it reads back.
    press(&mut m, &["enter"]);
    let line = m.editor().map(|e| e.text()).unwrap_or_default();
    assert_eq!(
        line,
        "@priya due:2026-12-04 #getting-advice Ask school nurses to join"
    );
    for _ in 0..line.chars().count() {
        press(&mut m, &["backspace"]);
    }
    type_text(
        &mut m,
        "Ask school nurses to join @priya @sam due:2026-12-04 #risk",
    );
    press(&mut m, &["enter"]);
    let edited = m.store.action(first).expect("action");
    assert_eq!(edited.grouping, Some(Grouping::GettingRiskSupport));
    assert_eq!(edited.owners, ["priya", "sam"]);
}

#[test]
fn an_action_that_is_only_fields_is_refused_in_place() {
    let mut m = model();
    press(&mut m, &["a"]);
    type_text(&mut m, "@priya due:fri");
    press(&mut m, &["enter"]);
    let problem = m
        .editor()
        .and_then(|e| e.problem.clone())
        .unwrap_or_default();
    assert!(problem.contains("an action needs some words"), "{problem}");
}

#[test]
fn drafts_found_after_a_crash_are_offered_back() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("thrive.db");
    let mut m = model();
    m.open_event(Store::open(&path).expect("store"), "x", false)
        .expect("event");
    press(&mut m, &["n"]);
    type_text(&mut m, "the words before the crash");
    wait(&mut m, TimeDelta::seconds(2));
    drop(m); // the process dies: no Esc, no Enter

    let mut again = model();
    again
        .open_event(Store::open(&path).expect("store"), "x", false)
        .expect("event");
    // A second console opened after the crash is offered the same draft.
    let mut other = model();
    other
        .open_event(Store::open(&path).expect("store"), "x", false)
        .expect("event");
    thrive::app::offer_recovered(&mut again);
    thrive::app::offer_recovered(&mut other);
    assert_eq!(again.overlay(), Some(Overlay::RecoverDraft));
    assert_eq!(other.overlay(), Some(Overlay::RecoverDraft));
    assert!(screen(&again, 100, 30).contains("Recovered a note you were writing at 09:20"));
    press(&mut again, &["k"]);
    assert_eq!(
        again.editor().map(|e| e.text()),
        Some("the words before the crash".into())
    );
    // Exactly one console keeps it: the other is told, and has nothing to save.
    press(&mut other, &["k"]);
    assert!(other.editor().is_none());
    assert_eq!(
        other.status_text(),
        Some("another console took that draft — it is not kept twice")
    );
    press(&mut again, &["enter"]);
    assert_eq!(stored_notes(&again), ["the words before the crash"]);
}

#[test]
fn last_times_open_actions_are_reviewed_done_kept_or_dropped() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("thrive.db");
    let mut first = model();
    first
        .open_event(Store::open(&path).expect("store"), "x", false)
        .expect("event");
    for line in [
        "Ask nurses @priya",
        "Send the list @lee",
        "Book the room",
        "Map the coast",
    ] {
        press(&mut first, &["a"]);
        type_text(&mut first, line);
        press(&mut first, &["enter"]);
    }
    drop(first);

    let mut next = model();
    update(&mut next, Message::Tick(at(9, 20, 0) + TimeDelta::days(35)));
    next.open_event(Store::open(&path).expect("store"), "x", false)
        .expect("event");
    assert_eq!(next.record.review.len(), 4);
    press(&mut next, &["R"]);
    let text = screen(&next, 100, 30);
    assert!(text.contains("4 of 4 still to review"), "{text}");
    press(&mut next, &["d", "k", "x"]);
    let decisions: Vec<Option<Decision>> = next.record.review.iter().map(|(_, d)| *d).collect();
    assert_eq!(
        decisions,
        [
            Some(Decision::Done),
            Some(Decision::Kept),
            Some(Decision::Dropped),
            None
        ]
    );
    assert_eq!(
        next.record.actions.len(),
        1,
        "the kept one is carried into this event"
    );
    assert_eq!(next.record.actions[0].text, "Send the list");
    assert!(screen(&next, 100, 30).contains("1 of 4 still to review"));
}

/// One note has a sane size: a paste of megabytes is refused with the reason, the text kept
/// in the field (issue 11, item 15).
#[test]
fn a_note_too_long_is_refused_and_kept_in_the_field() {
    let mut m = model();
    m.open_event(Store::in_memory().expect("store"), "x", false)
        .expect("event");
    press(&mut m, &["n"]);
    let big = "the waiting list ".repeat(2_000);
    thrive::app::update(&mut m, thrive::app::Message::Paste(big.clone()));
    press(&mut m, &["enter"]);
    let problem = m
        .editor()
        .and_then(|e| e.problem.clone())
        .unwrap_or_default();
    assert!(problem.contains("at most 20000 characters"), "{problem}");
    assert!(stored_notes(&m).is_empty());
    assert_eq!(m.editor().map(|e| e.text().len()), Some(big.len()));
}

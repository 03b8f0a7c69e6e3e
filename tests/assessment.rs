//! The i-THRIVE assessment by keys through `update()`: scoring, the evidence line, taking a
//! score off, the store keeping every cell, the change since an earlier event of the site,
//! and the room's view of it (the grid, never the evidence).

mod common;

use chrono::TimeDelta;
use common::{at, model, model_with, press, type_text, wait};
use thrive::app::{Message, Model, Screen, update};
use thrive::event::assessment::Level;
use thrive::event::room::Shown;
use thrive::event::store::Store;
use thrive::room::{Ask, Room};
use thrive::script;
use thrive::thrive::Principle;
use thrive::ui::theme::ThemeName;

fn on_db(db: &std::path::Path, text: &str, now: chrono::NaiveDateTime) -> Model {
    let script = script::parse("day.toml", text.as_bytes()).expect("script");
    let mut m = model_with(script, ThemeName::Light, false);
    update(&mut m, Message::Tick(now));
    m.open_event(Store::open(db).expect("db"), text, false)
        .expect("event");
    wait(&mut m, TimeDelta::zero());
    m
}

#[test]
fn scores_and_evidence_are_typed_stored_and_taken_off_again() {
    let mut m = model();
    // From the principles screen, on the principle selected there.
    press(&mut m, &["P", "2", "s"]);
    assert_eq!(m.screen, Screen::Assessment);
    assert_eq!(m.assessment_view.principle, Principle::NeedsLed);
    press(&mut m, &["3", "right", "2", "right", "4"]);
    press(&mut m, &["left", "enter"]);
    type_text(&mut m, "Single point of access,   but waits of 14 weeks");
    press(&mut m, &["enter"]);
    let id = m.record.event.as_ref().expect("event").id;
    let stored = m.store.assessment(id).expect("read");
    assert_eq!(stored, m.record.assessments.now);
    assert_eq!(
        stored.score(Principle::NeedsLed, Level::Commissioning),
        Some(3)
    );
    assert_eq!(stored.score(Principle::NeedsLed, Level::Services), Some(2));
    assert_eq!(
        stored.score(Principle::NeedsLed, Level::Individual),
        Some(4)
    );
    assert_eq!(
        stored.rationale(Principle::NeedsLed, Level::Services),
        "Single point of access, but waits of 14 weeks"
    );
    // The summary counts THRIVE-like cells (3 or more).
    let text = common::screen(&m, 120, 40);
    assert!(text.contains("In all: 2 of 3 THRIVE-like"), "{text}");
    assert!(text.contains("3 ✓"), "{text}");
    insta::assert_snapshot!("assessment_120x40", text);
    insta::assert_snapshot!("assessment_80x24", common::screen(&m, 80, 24));
    // 0 takes the score off; the evidence stays.
    press(&mut m, &["0"]);
    let stored = m.store.assessment(id).expect("read");
    assert_eq!(stored.score(Principle::NeedsLed, Level::Services), None);
    assert!(
        !stored
            .rationale(Principle::NeedsLed, Level::Services)
            .is_empty()
    );
    // Up and down wrap through the eight.
    press(&mut m, &["up", "up"]);
    assert_eq!(m.assessment_view.principle, Principle::Accessibility);
}

#[test]
fn a_later_event_of_the_site_shows_the_change_since_the_baseline() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut first = on_db(&db, common::DAY, at(10, 0, 0));
    press(&mut first, &["P", "2", "s", "2", "right", "3"]);
    drop(first);
    let next_text = common::DAY.replace("2026-12-03", "2026-12-10");
    let mut next = on_db(&db, &next_text, at(10, 0, 0) + TimeDelta::days(7));
    assert_eq!(next.record.assessments.earlier.len(), 1, "the baseline");
    press(&mut next, &["P", "2", "s", "3", "right", "3"]);
    let text = common::screen(&next, 120, 40);
    assert!(text.contains("3 ✓  (2 → 3 ↑)"), "{text}");
    assert!(text.contains("3 ✓  (3 → 3 =)"), "{text}");
    assert!(text.contains("Change since Thu 3 Dec 2026"), "{text}");
    assert!(
        text.contains("In all: 2 of 2 THRIVE-like · baseline (3 Dec 2026) 1 of 2 THRIVE-like"),
        "{text}"
    );
    insta::assert_snapshot!("assessment_with_baseline_120x40", text);
    // Each principle's THRIVE-like cells, now and at the baseline, beside its row.
    assert!(text.contains("2/2 (was 1/2)"), "{text}");
    // Without colour the grid reads by its symbols alone.
    let mut plain = model_with(next.script.clone(), ThemeName::Light, true);
    plain.record.assessments = next.record.assessments.clone();
    press(&mut plain, &["P", "s"]);
    let buf = common::draw(&plain, 120, 40);
    assert!(
        buf.content
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset),
        "NO_COLOR: no colour"
    );
    insta::assert_snapshot!("assessment_no_color_120x40", thrive::ui::buffer_text(&buf));
    // The room sees the grid large, with its change, and never the evidence.
    press(&mut next, &["enter"]);
    type_text(&mut next, "EVIDENCEMARK agreed by the room");
    press(&mut next, &["enter"]);
    assert_eq!(next.room_showing(), Shown::Assessment);
    let room = Room::build(&next.room_sources(), &Ask::Shown(Shown::Assessment));
    for (w, h) in [(100, 30), (240, 67)] {
        let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
        thrive::ui::room::render(&room, &next.theme, buf.area, &mut buf);
        let text = thrive::ui::buffer_text(&buf);
        assert!(!text.contains("EVIDENCEMARK"), "{text}");
        let changed = text.contains("(2 → 3 ↑)") || text.contains("3 ✓ 2→3↑");
        assert!(text.contains("2 Needs-led") && changed, "{text}");
        insta::assert_snapshot!(format!("assessment_room_{w}x{h}"), text);
    }
    // The facilitator shows the room one cell's evidence: s, and s again keeps it back.
    press(&mut next, &["s"]);
    assert_eq!(
        next.room_showing(),
        Shown::Evidence(Principle::NeedsLed, Level::Services)
    );
    let stored = next
        .store
        .room(next.record.event.as_ref().expect("event").id)
        .expect("read")
        .expect("row");
    assert_eq!(
        stored.shown,
        Shown::Evidence(Principle::NeedsLed, Level::Services)
    );
    let room = Room::build(&next.room_sources(), &Ask::Shown(stored.shown));
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 240, 67));
    thrive::ui::room::render(&room, &next.theme, buf.area, &mut buf);
    let text = thrive::ui::buffer_text(&buf);
    assert!(text.contains("EVIDENCEMARK agreed by the room"), "{text}");
    assert!(text.contains("▶ 3 ✓"), "the cell marked:\n{text}");
    insta::assert_snapshot!("assessment_room_evidence_240x67", text);
    press(&mut next, &["s"]);
    assert_eq!(next.room_showing(), Shown::Assessment);
}

#[test]
fn o_on_an_assessment_segment_opens_the_grid() {
    let text = common::DAY.replacen("kind = \"gaps\"", "kind = \"assessment\"", 1);
    let script = script::parse("day.toml", text.as_bytes()).expect("script");
    let mut m = model_with(script, ThemeName::Light, false);
    let at_it = m
        .script
        .segments
        .iter()
        .position(|s| s.kind == script::Kind::Assessment)
        .expect("the segment");
    for _ in 0..at_it {
        press(&mut m, &["down"]);
    }
    press(&mut m, &["enter", "o"]);
    assert_eq!(m.screen, Screen::Assessment);
}

#[test]
fn a_script_may_leave_out_a_level_and_the_grid_and_room_follow_it() {
    let text = common::DAY.replacen(
        "kind = \"gaps\"",
        "kind = \"assessment\"\nlevels = [\"Individual interactions\", \"services\"]",
        1,
    );
    let script = script::parse("day.toml", text.as_bytes()).expect("script");
    let mut m = model_with(script, ThemeName::Light, false);
    // In the grid's order, whatever order the script names them in.
    assert_eq!(m.levels(), vec![Level::Services, Level::Individual]);
    press(&mut m, &["P", "s"]);
    // The cursor lands on a level the event scores, and moves only among them.
    assert_eq!(m.assessment_view.level, Level::Services);
    press(&mut m, &["3", "right", "2", "right"]);
    let a = &m.record.assessments.now;
    assert_eq!(a.score(Principle::CommonLanguage, Level::Services), Some(3));
    assert_eq!(
        a.score(Principle::CommonLanguage, Level::Individual),
        Some(2)
    );
    assert_eq!(
        a.score(Principle::CommonLanguage, Level::Commissioning),
        None
    );
    let text = common::screen(&m, 120, 40);
    assert!(!text.contains("Commissioning"), "{text}");
    assert!(text.contains("In all: 1 of 2 THRIVE-like"), "{text}");
    let room = Room::build(&m.room_sources(), &Ask::Shown(Shown::Assessment));
    let thrive::room::Body::Assessment(card) = room.body else {
        panic!("the grid");
    };
    assert_eq!(card.levels, vec![Level::Services, Level::Individual]);
    // A level the script does not know is named, with the place.
    let bad = common::DAY.replacen(
        "kind = \"gaps\"",
        "kind = \"assessment\"\nlevels = [\"servces\"]",
        1,
    );
    let err = script::parse("day.toml", bad.as_bytes()).expect_err("unknown level");
    let shown = err.to_string();
    assert!(shown.contains("unknown level \"servces\""), "{shown}");
    assert!(shown.contains("did you mean \"services\""), "{shown}");
}

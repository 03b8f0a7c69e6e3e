//! The room's view: every room screen at a laptop-projector size (100x30) and a 1080p
//! projector's (240x67); what it never holds (prompts, private notes, anything typed); the
//! keys that decide what it shows; and how it reads in every theme.

mod common;

use chrono::TimeDelta;
use common::{at, key, model_with, press, type_text, wait};
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;
use thrive::app::{Message, Model, update};
use thrive::event::room::{Dimension, Mode, Shown};
use thrive::room::{Ask, Room};
use thrive::script;
use thrive::thrive::{Grouping, Principle};
use thrive::ui::theme::{Theme, ThemeName};

const PRIVATE: &str = "PRIVMARK Jo annoyed at the waiting list question";
/// Typed into whatever field is open; saved as a note it is a private one.
const TYPED: &str = "TYPEDMARK half a sentence #private";

fn bundled(theme: ThemeName) -> Model {
    let script = match script::parse(script::EXAMPLE_NAME, script::EXAMPLE.as_bytes()) {
        Ok(s) => s,
        Err(r) => panic!("the bundled script loads:\n{r}"),
    };
    model_with(script, theme, false)
}

/// The bundled event in mapping, with a note for all, a private one and an action.
fn event(theme: ThemeName) -> Model {
    let mut m = bundled(theme);
    update(&mut m, Message::Tick(at(9, 30, 0)));
    press(&mut m, &["space"]);
    for minutes in [15, 20, 25, 10, 15, 25] {
        wait(&mut m, TimeDelta::minutes(minutes));
        press(&mut m, &["right"]);
    }
    wait(&mut m, TimeDelta::minutes(25));
    press(&mut m, &["n"]);
    type_text(
        &mut m,
        "Tables agree the waiting list is the first gap to close",
    );
    press(&mut m, &["enter", "n"]);
    type_text(&mut m, &format!("{PRIVATE} #private"));
    press(&mut m, &["enter", "a"]);
    type_text(
        &mut m,
        "Ask the ICB for waiting-list figures @priya due:2026-12-10",
    );
    press(&mut m, &["enter"]);
    m
}

fn draw_room(room: &Room, theme: &Theme, w: u16, h: u16) -> Buffer {
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    thrive::ui::room::render(room, theme, buf.area, &mut buf);
    buf
}

fn room_text(room: &Room, m: &Model, w: u16, h: u16) -> String {
    thrive::ui::buffer_text(&draw_room(room, &m.theme, w, h))
}

fn shown_for_snapshots() -> Vec<(&'static str, Shown)> {
    vec![
        ("title", Shown::Title),
        ("segment", Shown::Segment),
        ("groupings", Shown::Groupings),
        ("grouping_2", Shown::Grouping(Grouping::GettingAdvice)),
        (
            "principle_3",
            Shown::Principles(Principle::SharedDecisionMaking),
        ),
        ("map", Shown::Map),
        ("coverage_age", Shown::Coverage(Dimension::Age)),
        ("coverage_sector", Shown::Coverage(Dimension::Sector)),
        ("coverage_locality", Shown::Coverage(Dimension::Locality)),
        ("gaps", Shown::Gaps(0)),
        ("actions", Shown::Actions),
        ("notes", Shown::Notes),
        ("review", Shown::Review),
    ]
}

#[test]
fn every_room_screen_at_100x30_and_240x67() {
    let m = event(ThemeName::Light);
    for (name, shown) in shown_for_snapshots() {
        let room = Room::build(&m.room_sources(), &Ask::Shown(shown));
        for (w, h) in [(100, 30), (240, 67)] {
            let text = room_text(&room, &m, w, h);
            assert!(!text.contains("PRIVMARK"), "{name} {w}x{h}:\n{text}");
            insta::assert_snapshot!(format!("room_{name}_{w}x{h}"), text);
        }
    }
    let waiting = Room::waiting("Waiting for the console to open today's event", m.now);
    for (w, h) in [(100, 30), (240, 67)] {
        insta::assert_snapshot!(
            format!("room_waiting_{w}x{h}"),
            room_text(&waiting, &m, w, h)
        );
    }
}

#[test]
fn a_break_says_when_the_room_is_back() {
    let mut m = event(ThemeName::Light);
    // Mapping by age, then lunch.
    wait(&mut m, TimeDelta::minutes(25));
    press(&mut m, &["right"]);
    wait(&mut m, TimeDelta::minutes(25));
    press(&mut m, &["right"]);
    wait(&mut m, TimeDelta::minutes(5));
    let room = Room::build(&m.room_sources(), &Ask::Shown(Shown::Segment));
    let text = room_text(&room, &m, 100, 30);
    insta::assert_snapshot!("room_break_100x30", text);
    let thrive::room::Body::Segment(card) = &room.body else {
        panic!("a segment card");
    };
    // Lunch started at 12:35 (five minutes late) for 45 minutes.
    assert_eq!(card.back_at.as_deref(), Some("Back at 13:20"));
}

#[test]
fn the_notes_screen_leaves_private_notes_out_and_the_console_marks_them() {
    let m = event(ThemeName::Light);
    let room = Room::build(&m.room_sources(), &Ask::Shown(Shown::Notes));
    assert!(
        room.texts()
            .iter()
            .any(|t| t.contains("waiting list is the first gap"))
    );
    assert!(!room.texts().iter().any(|t| t.contains("PRIVMARK")));
    // The console itself shows it.
    let mut console = m.clone();
    press(&mut console, &["N"]);
    assert!(common::screen(&console, 100, 30).contains("PRIVMARK"));
}

#[test]
fn the_room_follows_the_screen_and_pin_blank_and_follow_change_it() {
    let mut m = event(ThemeName::Light);
    assert_eq!(m.room_showing(), Shown::Segment);
    press(&mut m, &["m"]);
    assert_eq!(m.room_showing(), Shown::Map);
    press(&mut m, &["v"]);
    assert_eq!((m.room.mode, m.room_showing()), (Mode::Pin, Shown::Map));
    press(&mut m, &["N"]);
    assert_eq!(m.room_showing(), Shown::Map, "pinned: the room stays");
    assert!(m.presenter_strip().contains("PINNED — the map"));
    press(&mut m, &["v"]);
    assert_eq!(
        (m.room.mode, m.room_showing()),
        (Mode::Follow, Shown::Notes)
    );
    press(&mut m, &["b"]);
    assert_eq!(m.room_showing(), Shown::Title);
    assert!(m.presenter_strip().starts_with("Room: BLANK"));
    press(&mut m, &["g"]);
    assert_eq!(
        m.room_showing(),
        Shown::Title,
        "blank holds while the screens change"
    );
    press(&mut m, &["."]);
    assert_eq!(m.room_showing(), Shown::Groupings);
    // Every change was written for the projector.
    let rows = m
        .store
        .room(m.record.event.as_ref().expect("event").id)
        .expect("read")
        .expect("a row");
    assert_eq!(
        (rows.mode, rows.shown, rows.blank),
        (Mode::Follow, Shown::Groupings, false)
    );
}

#[test]
fn a_clicker_moves_the_segment_from_the_agenda_and_the_big_screens() {
    let mut m = event(ThemeName::Light);
    let at_start = m.run.current;
    press(&mut m, &["pagedown"]);
    assert_eq!(m.run.current, at_start + 1);
    press(&mut m, &["g", "pagedown"]);
    assert_eq!(m.run.current, at_start + 2);
    press(&mut m, &["P", "pageup"]);
    assert_eq!(m.run.current, at_start + 1);
    press(&mut m, &["3", "pagedown"]);
    assert_eq!(m.run.current, at_start + 2);
    // On a list, PageDown still pages the list.
    press(&mut m, &["N", "pagedown"]);
    assert_eq!(m.run.current, at_start + 2);
}

#[test]
fn one_window_shows_the_room_and_an_open_field_alone() {
    let mut m = event(ThemeName::Light);
    press(&mut m, &["p", "W"]);
    let text = common::screen(&m, 100, 30);
    assert!(!text.contains("PRIVATE") && !text.contains("? help") && !text.contains("saved"));
    assert!(text.contains("Segment 7 of 14 · mapping"), "{text}");
    press(&mut m, &["n"]);
    type_text(&mut m, "PUBLICTYPING for the room");
    let text = common::screen(&m, 100, 30);
    assert!(
        text.contains("PUBLICTYPING"),
        "the field being typed shows:\n{text}"
    );
    assert!(
        !text.contains("Segment 7 of 14"),
        "nothing else shows:\n{text}"
    );
    // Marked private, its text goes from the window.
    press(&mut m, &["ctrl-p"]);
    let text = common::screen(&m, 100, 30);
    assert!(!text.contains("PUBLICTYPING"), "{text}");
    assert!(
        text.contains("A private note is being written at the console"),
        "{text}"
    );
    press(&mut m, &["esc"]);
    // A question, help or the export dialog (a path) never show: only that one is busy.
    for keys in [&["e"][..], &["?"], &["N", "d"]] {
        press(&mut m, keys);
        let text = common::screen(&m, 100, 30);
        assert!(
            text.contains("One moment — the facilitator is at the console"),
            "{keys:?}:\n{text}"
        );
        for private in ["PRIVMARK", "Export", "Keys", "Delete", "/"] {
            assert!(
                !text.contains(private),
                "{keys:?} showed {private}:\n{text}"
            );
        }
        press(&mut m, &["esc"]);
    }
    press(&mut m, &["W"]);
    assert!(common::screen(&m, 100, 30).contains("? help"));
}

#[test]
fn a_series_event_opens_with_the_room_on_its_title_card() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let text = common::DAY;
    // The first event leaves an open action.
    let mut first = common::model();
    first
        .open_event(
            thrive::event::store::Store::open(&db).expect("db"),
            text,
            false,
        )
        .expect("open");
    press(&mut first, &["a"]);
    type_text(&mut first, "Write to the schools @sam");
    press(&mut first, &["enter"]);
    drop(first);
    // The next of the series, a week on.
    let next_text = text.replace("2026-12-03", "2026-12-10");
    let script = script::parse("next.toml", next_text.as_bytes()).expect("script");
    let mut next = model_with(script, ThemeName::Light, false);
    update(&mut next, Message::Tick(at(9, 0, 0) + TimeDelta::days(7)));
    next.open_event(
        thrive::event::store::Store::open(&db).expect("db"),
        &next_text,
        false,
    )
    .expect("open");
    let now = next.now;
    update(&mut next, Message::Tick(now));
    assert_eq!(next.screen, thrive::app::Screen::Review);
    assert_eq!(
        next.room_showing(),
        Shown::Title,
        "the review is not on the wall yet"
    );
    let room = next.room_view();
    assert!(
        !room
            .texts()
            .iter()
            .any(|t| t.contains("Write to the schools"))
    );
    press(&mut next, &["b"]);
    assert_eq!(next.room_showing(), Shown::Review);
}

/// Every text the room sees, drawn, at both sizes.
fn room_screens(m: &Model) -> String {
    let room = m.room_view();
    let mut all = room.texts().join("\n");
    for (w, h) in [(100, 30), (240, 67)] {
        all.push_str(&room_text(&room, m, w, h));
    }
    all
}

fn prompts(m: &Model) -> Vec<String> {
    m.script
        .segments
        .iter()
        .flat_map(|s| s.prompts.iter().cloned())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever keys are pressed — screens, overlays, prompts, half-typed fields, dialogs —
    /// the room's state and its drawing hold no prompt, no private note and nothing typed.
    #[test]
    fn the_room_never_holds_a_prompt_a_private_note_or_typing(
        keys in prop::collection::vec(0usize..KEYS.len(), 1..40)
    ) {
        let mut m = event(ThemeName::Light);
        let prompts = prompts(&m);
        for k in keys {
            match KEYS[k] {
                "TYPE" => type_text(&mut m, TYPED),
                name => update(&mut m, Message::Key(key(name))),
            }
            wait(&mut m, TimeDelta::seconds(7));
            let seen = room_screens(&m);
            prop_assert!(!seen.contains("PRIVMARK"), "a private note reached the room");
            // Typing never reaches the room; a saved action or service is the room's, and so
            // is a saved note whose tag was typed over (`#privatep` is not the private tag).
            let saved = m.record.actions.iter().any(|a| a.text.contains("TYPEDMARK"))
                || m.record.services.iter().any(|s| s.fields.name.contains("TYPEDMARK"))
                || m.record.notes.iter().any(|n| !n.is_private() && n.text.contains("TYPEDMARK"))
                || m.record.vote.candidates.iter().any(|c| c.text.contains("TYPEDMARK"));
            prop_assert!(saved || !seen.contains("TYPEDMARK"), "typing reached the room");
            for p in &prompts {
                prop_assert!(!seen.contains(p.as_str()), "a prompt reached the room: {p}");
            }
        }
    }
}

const KEYS: [&str; 39] = [
    "space", "right", "left", "p", "o", "g", "1", "2", "3", "P", "4", "m", "G", "t", "N", "A", "R",
    "n", "a", "TYPE", "enter", "esc", "e", "?", "v", "b", ".", "W", "tab", "backtab", "pagedown",
    "pageup", "d", "q", "D", "c", "i", "r", "+",
];

#[test]
fn every_room_screen_reads_in_every_theme() {
    let m = event(ThemeName::Light);
    for (name, shown) in shown_for_snapshots() {
        let room = Room::build(&m.room_sources(), &Ask::Shown(shown));
        for theme_name in [ThemeName::Light, ThemeName::Dark, ThemeName::HighContrast] {
            let theme = Theme::new(theme_name, false);
            let buf = draw_room(&room, &theme, 240, 67);
            for cell in buf.content.iter().filter(|c| c.symbol().trim() != "") {
                let (fg, bg) = (cell.fg, cell.bg);
                assert!(
                    fg == Color::Reset || fg != bg,
                    "{name} in {theme_name:?}: text drawn in its background's colour"
                );
            }
        }
        // NO_COLOR: no colour at all.
        let buf = draw_room(&room, &Theme::new(ThemeName::Light, true), 100, 30);
        assert!(
            buf.content
                .iter()
                .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
            "{name} has colour under NO_COLOR"
        );
    }
}

#[test]
fn the_editors_private_key_marks_the_note_and_takes_the_mark_off_again() {
    let mut m = event(ThemeName::Light);
    press(&mut m, &["n"]);
    type_text(&mut m, "KEYMARK asked not to be named");
    press(&mut m, &["ctrl-p"]);
    let text = common::screen(&m, 100, 30);
    assert!(
        text.contains("Private note · never on the projector"),
        "{text}"
    );
    press(&mut m, &["enter"]);
    let note = m.record.notes.last().expect("saved");
    assert_eq!(note.text, "KEYMARK asked not to be named #private");
    assert!(note.is_private());
    let room = Room::build(&m.room_sources(), &Ask::Shown(Shown::Notes));
    assert!(!room.texts().iter().any(|t| t.contains("KEYMARK")));
    // Edited, the same key makes it public.
    press(&mut m, &["N", "end", "enter", "ctrl-p", "enter"]);
    let note = m.record.notes.last().expect("saved");
    assert_eq!(note.text, "KEYMARK asked not to be named");
    let room = Room::build(&m.room_sources(), &Ask::Shown(Shown::Notes));
    assert!(room.texts().iter().any(|t| t.contains("KEYMARK")));
}

#[test]
fn the_console_flashes_at_low_time_and_at_zero_and_rings_only_when_asked() {
    let mut m = event(ThemeName::Light);
    m.bell = true;
    // Mapping by locality: 45 minutes, 20 left. Low time starts at 9 minutes left.
    wait(&mut m, TimeDelta::minutes(10));
    assert!(!m.flashing());
    wait(&mut m, TimeDelta::seconds(61));
    assert!(m.flashing(), "the last fifth begins");
    assert!(std::mem::take(&mut m.room.bell), "the bell is owed");
    wait(&mut m, TimeDelta::seconds(4));
    assert!(!m.flashing(), "a moment, not for the rest of the segment");
    wait(&mut m, TimeDelta::minutes(9));
    assert!(m.flashing(), "zero");
    let header: String = common::screen(&m, 100, 30)
        .lines()
        .next()
        .unwrap_or("")
        .to_owned();
    let buf = common::draw(&m, 100, 30);
    assert_eq!(
        buf[(1, 0)].bg,
        m.theme.over.bg.unwrap_or(Color::Reset),
        "{header}"
    );
    // Never in the room's view: one window shows no flash.
    press(&mut m, &["W"]);
    let buf = common::draw(&m, 100, 30);
    assert_ne!(buf[(1, 0)].bg, m.theme.over.bg.unwrap_or(Color::Reset));
    // Without `bell = true`, no bell.
    let mut quiet = event(ThemeName::Light);
    wait(&mut quiet, TimeDelta::seconds(11 * 60 + 1));
    assert!(quiet.flashing() && !quiet.room.bell);
}

#[test]
fn running_late_the_console_proposes_taking_flexible_minutes_and_one_key_applies_it() {
    let text = common::DAY.replacen("minutes = 45\n", "minutes = 45\nflex = 10\n", 2);
    let script = script::parse("day.toml", text.as_bytes()).expect("a script with flex");
    assert!(script.segments.iter().filter(|s| s.flex == 10).count() >= 1);
    let mut m = model_with(script, ThemeName::Light, false);
    // Not started, an hour after the planned start: nothing has run over, nothing is offered.
    update(&mut m, Message::Tick(at(10, 30, 0)));
    assert!(m.run.rebalance(&m.script, m.now).is_empty());
    assert!(!m.presenter_strip().contains("min from later items"));
    update(&mut m, Message::Tick(at(9, 30, 0)));
    press(&mut m, &["space"]);
    // The first item runs 12 minutes over.
    let first = m.script.segments[0].minutes;
    wait(&mut m, TimeDelta::minutes(i64::from(first) + 12));
    press(&mut m, &["right"]);
    let late = m.run.minutes_late(&m.script, m.now);
    assert_eq!(late, 12);
    let plan = m.run.rebalance(&m.script, m.now);
    let can: u32 = plan.iter().map(|p| p.1).sum();
    assert!(can > 0 && can <= 12, "{plan:?}");
    assert!(
        m.presenter_strip().contains(&format!("f takes {can} min")),
        "{}",
        m.presenter_strip()
    );
    let planned: Vec<u32> = m.script.segments.iter().map(|s| s.minutes).collect();
    press(&mut m, &["f"]);
    assert_eq!(m.run.minutes_late(&m.script, m.now), i64::from(12 - can));
    // The plan stays the plan: only the minutes taken are recorded beside it.
    assert_eq!(
        m.script
            .segments
            .iter()
            .map(|s| s.minutes)
            .collect::<Vec<_>>(),
        planned
    );
    for (i, taken) in &plan {
        assert_eq!(m.run.segments[*i].extra_minutes, -(*taken as i32));
    }
    // Stored: a console opened again reads the same timings.
    let id = m.record.event.as_ref().expect("event").id;
    let back = m.store.load_run(id, &m.script).expect("run");
    assert_eq!(back.segments, m.run.segments);
    // Nothing more may go.
    assert!(m.run.rebalance(&m.script, m.now).is_empty() || can < 12);
}

/// Every room screen at every size from a corner of a window to 300x90 draws without a
/// panic; from 80x24 up each one shows the event or its heading.
#[test]
fn every_room_screen_reflows_from_tiny_to_300x90() {
    let m = event(ThemeName::Light);
    let mut asks: Vec<Ask> = Shown::all().into_iter().map(Ask::Shown).collect();
    asks.push(Ask::Waiting("Waiting for the console".into()));
    for ask in &asks {
        let room = Room::build(&m.room_sources(), ask);
        for w in [
            1, 2, 5, 10, 19, 20, 21, 30, 40, 59, 60, 80, 100, 120, 160, 200, 240, 300,
        ] {
            for h in [1, 2, 5, 6, 7, 10, 14, 15, 20, 24, 30, 40, 50, 67, 90] {
                let text = room_text(&room, &m, w, h);
                if w >= 80 && h >= 24 {
                    let shows = text.contains("Fenwold")
                        || text.contains("Waiting for the console")
                        || text.contains('█')
                        || text.contains('▀');
                    assert!(shows, "{ask:?} at {w}x{h}:\n{text}");
                }
            }
        }
    }
}

/// With two consoles that may drive, the last to move the room decides, and both say so.
#[test]
fn the_last_console_to_move_the_room_decides_and_both_say_so() {
    use thrive::event::store::Store;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("thrive.db");
    let mut a = common::model();
    a.open_event(Store::open(&path).expect("a"), common::DAY, false)
        .expect("event");
    wait(&mut a, TimeDelta::zero());
    let info = a.record.event.clone().expect("event");
    let mut b = common::model();
    b.seat = thrive::app::Seat::JoinedDriving;
    b.join_event(Store::open(&path).expect("b"), info)
        .expect("join");
    let settle = |a: &mut Model, b: &mut Model| {
        wait(a, TimeDelta::seconds(2));
        wait(b, TimeDelta::seconds(2));
        wait(a, TimeDelta::seconds(2));
    };
    settle(&mut a, &mut b);
    assert!(a.room.driving && !b.room.driving);
    // The joined console's screens do not move the room until it takes it.
    press(&mut b, &["m"]);
    settle(&mut a, &mut b);
    assert_eq!(a.room_showing(), Shown::Segment);
    press(&mut b, &["v"]);
    settle(&mut a, &mut b);
    assert!(!a.room.driving && b.room.driving);
    assert_eq!(a.room_showing(), Shown::Map);
    assert!(
        a.presenter_strip().contains("moved by a joined console"),
        "{}",
        a.presenter_strip()
    );
    assert!(common::screen(&a, 100, 30).contains("⇄ a joined console moved the room"));
    // The facilitator takes it back.
    press(&mut a, &["b"]);
    settle(&mut a, &mut b);
    assert!(a.room.driving && !b.room.driving);
    assert_eq!(b.room_showing(), Shown::Title);
    assert!(
        b.presenter_strip()
            .contains("moved by the facilitator's console")
    );
    // A console joined only for the map cannot move it.
    let mut c = common::model();
    c.seat = thrive::app::Seat::Joined;
    c.join_event(
        Store::open(&path).expect("c"),
        a.record.event.clone().expect("event"),
    )
    .expect("join");
    press(&mut c, &["b"]);
    assert!(!c.room.driving);
    assert!(common::screen(&c, 100, 30).contains("the room is moved from the facilitator"));
}

/// An edit that breaks a private note's tag (a letter typed onto it, the tag deleted) keeps
/// the note private: only the private key makes it public.
#[test]
fn editing_a_private_note_never_makes_it_public_by_accident() {
    let mut m = event(ThemeName::Light);
    press(&mut m, &["N", "end", "enter"]);
    type_text(&mut m, "ly");
    press(&mut m, &["enter"]);
    let note = m.record.notes.last().expect("note");
    assert!(
        note.text.contains("PRIVMARK") && note.is_private(),
        "{}",
        note.text
    );
    let room = Room::build(&m.room_sources(), &Ask::Shown(Shown::Notes));
    assert!(!room.texts().iter().any(|t| t.contains("PRIVMARK")));
}

/// The gap the facilitator has selected is the one the room sees, marked, however far down
/// the list it is.
#[test]
fn the_room_shows_the_selected_gap_marked() {
    let mut m = event(ThemeName::Light);
    press(&mut m, &["G", "4"]);
    for _ in 0..40 {
        press(&mut m, &["down"]);
    }
    assert_eq!(m.room_showing(), Shown::Gaps(40));
    let room = m.room_view();
    for (w, h) in [(100, 30), (240, 67)] {
        let text = room_text(&room, &m, w, h);
        let marked: Vec<&str> = text.lines().filter(|l| l.contains("▶ 41.")).collect();
        assert_eq!(marked.len(), 1, "{w}x{h}:\n{text}");
        assert!(text.contains("… 39 earlier"), "{w}x{h}:\n{text}");
    }
    // Stored by name for the projector.
    let id = m.record.event.as_ref().expect("event").id;
    let row = m.store.room(id).expect("read").expect("row");
    assert_eq!(row.shown, Shown::Gaps(40));
}

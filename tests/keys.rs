//! Key sequences driven through `update()` with an injected clock: what the facilitator's keys
//! do to the agenda's timings and to the screens. Nothing here sleeps.

mod common;

use chrono::TimeDelta;
use common::{at, key, model, press, screen, wait};
use ratatui::crossterm::event::{KeyEvent, KeyEventKind, KeyEventState};
use thrive::app::{Message, Overlay, Screen, update};
use thrive::event::{RunState, TimePhase};
use thrive::thrive::{Grouping, Principle};

fn mins(n: i64) -> TimeDelta {
    TimeDelta::minutes(n)
}

#[test]
fn space_starts_the_clock_and_next_moves_on_recording_actual_times() {
    let mut m = model();
    update(&mut m, Message::Tick(at(9, 32, 0)));
    press(&mut m, &["space"]);
    assert_eq!(m.run.state, RunState::Running);
    assert_eq!(m.run.segments[0].actual_start(), Some(at(9, 32, 0)));

    wait(&mut m, mins(10));
    assert_eq!(m.run.remaining(&m.script, m.now), mins(5));
    press(&mut m, &["right"]);
    assert_eq!(m.run.current, 1);
    assert_eq!(m.run.segments[0].actual_end(), Some(at(9, 42, 0)));
    assert_eq!(m.run.segments[1].actual_start(), Some(at(9, 42, 0)));
    assert_eq!(
        m.agenda_cursor, 1,
        "the selection follows the current segment"
    );
    // Welcome took 10 of its 15 minutes: the day is now 3 minutes ahead (it started 2 late).
    assert_eq!(m.run.minutes_late(&m.script, m.now), -3);
    assert!(screen(&m, 100, 30).contains("3 min ahead — ends 13:07 (planned 13:10)"));
}

#[test]
fn pause_stops_the_countdown_and_resume_carries_on() {
    let mut m = model();
    update(&mut m, Message::Tick(at(9, 30, 0)));
    press(&mut m, &["space"]);
    wait(&mut m, mins(4));
    press(&mut m, &["space"]);
    assert_eq!(m.run.state, RunState::Paused);
    wait(&mut m, mins(20));
    assert_eq!(
        m.run.remaining(&m.script, m.now),
        mins(11),
        "paused time does not count"
    );
    let text = screen(&m, 100, 30);
    assert!(text.contains("‖ paused · 11:00 left of 15:00"), "{text}");
    // The 20 paused minutes push the end of the day out.
    assert!(
        text.contains("Running 20 min late — ends 13:30 (planned 13:10)"),
        "{text}"
    );
    press(&mut m, &["space"]);
    wait(&mut m, mins(1));
    assert_eq!(m.run.remaining(&m.script, m.now), mins(10));
    assert_eq!(m.run.segments[0].intervals.len(), 2);
}

#[test]
fn plus_and_minus_five_change_the_current_segment_and_the_projection() {
    let mut m = model();
    update(&mut m, Message::Tick(at(9, 30, 0)));
    press(&mut m, &["space", "+", "+"]);
    assert_eq!(m.run.allotted(&m.script, 0), mins(25));
    assert_eq!(m.run.minutes_late(&m.script, m.now), 10);
    assert!(screen(&m, 100, 30).contains("Running 10 min late — ends 13:20 (planned 13:10)"));
    press(&mut m, &["-", "-", "-", "-", "-", "-"]);
    assert_eq!(
        m.run.allotted(&m.script, 0),
        mins(1),
        "never below one minute"
    );
    assert_eq!(m.status_text(), Some("Welcome · 欢迎 · Croeso: now 1 min"));
}

#[test]
fn the_last_fifth_is_low_and_past_the_end_is_over_in_words_and_symbols() {
    let mut m = model();
    update(&mut m, Message::Tick(at(9, 30, 0)));
    press(&mut m, &["space"]);
    wait(&mut m, mins(11));
    assert_eq!(m.run.phase(&m.script, m.now), TimePhase::Plenty);
    wait(&mut m, mins(1));
    assert_eq!(m.run.phase(&m.script, m.now), TimePhase::Low);
    let text = screen(&m, 100, 30);
    assert!(
        text.contains("⚠ 3:00 left of 15:00 — time to wrap up"),
        "{text}"
    );
    wait(&mut m, mins(5));
    assert_eq!(m.run.phase(&m.script, m.now), TimePhase::Over);
    let text = screen(&m, 100, 30);
    assert!(
        text.contains("⏰ OVER 2:00 of 15:00 — time to move on"),
        "{text}"
    );
    assert!(
        text.contains("⏰+2:00"),
        "the agenda row says it too: {text}"
    );
}

#[test]
fn going_back_resumes_the_previous_segment_and_forgets_a_slip() {
    let mut m = model();
    update(&mut m, Message::Tick(at(9, 30, 0)));
    press(&mut m, &["space"]);
    wait(&mut m, mins(5));
    press(&mut m, &["l"]);
    wait(&mut m, TimeDelta::seconds(10));
    press(&mut m, &["h"]);
    assert_eq!(m.run.current, 0);
    assert!(
        !m.run.segments[1].started(),
        "ten seconds in the next segment was a slip"
    );
    wait(&mut m, mins(1));
    assert_eq!(
        m.run.segments[0].elapsed(m.now),
        mins(6) + TimeDelta::seconds(10),
        "the first segment never stopped: the slip's seconds count for it"
    );
    // Going back from a segment that really ran keeps its time.
    press(&mut m, &["l"]);
    wait(&mut m, mins(3));
    press(&mut m, &["h"]);
    assert_eq!(m.run.segments[1].elapsed(m.now), mins(3));
}

#[test]
fn select_and_enter_jumps_skipping_what_is_between() {
    let mut m = model();
    update(&mut m, Message::Tick(at(9, 30, 0)));
    press(&mut m, &["space"]);
    wait(&mut m, mins(15));
    press(&mut m, &["down", "down", "down"]);
    assert_eq!(m.agenda_cursor, 3);
    assert!(screen(&m, 100, 30).contains("Enter: go to “Mapping our services”"));
    press(&mut m, &["enter"]);
    assert_eq!(m.run.current, 3);
    assert_eq!(m.run.state, RunState::Running);
    let text = screen(&m, 100, 30);
    assert!(text.contains("– skip"), "{text}");
    assert!(text.contains("✓ 15m"), "{text}");
}

#[test]
fn before_the_start_moving_only_changes_what_is_next() {
    let mut m = model();
    press(&mut m, &["right", "right"]);
    assert_eq!(m.run.current, 2);
    assert_eq!(m.run.state, RunState::NotStarted);
    assert!(m.run.segments.iter().all(|s| !s.started()));
    let text = screen(&m, 100, 30);
    assert!(text.contains("Next: The five groupings"), "{text}");
    press(&mut m, &["left", "left", "left"]);
    assert_eq!(m.run.current, 0);
}

#[test]
fn the_last_next_finishes_the_event() {
    let mut m = model();
    update(&mut m, Message::Tick(at(9, 30, 0)));
    press(&mut m, &["space"]);
    for _ in 0..9 {
        wait(&mut m, mins(5));
        press(&mut m, &["right"]);
    }
    assert_eq!(m.run.state, RunState::Finished);
    let text = screen(&m, 100, 30);
    assert!(text.contains("Finished at 10:15 — 175 min early"), "{text}");
    press(&mut m, &["right", "space"]);
    assert_eq!(
        m.run.state,
        RunState::Finished,
        "nothing runs after the end"
    );
}

#[test]
fn prompts_are_hidden_until_asked_for() {
    let mut m = model();
    assert!(!screen(&m, 100, 30).contains("PRIVATE"));
    press(&mut m, &["p"]);
    let text = screen(&m, 100, 30);
    assert!(text.contains("PRIVATE · your prompts · p hides"), "{text}");
    assert!(text.contains("• Thank the hosts"), "{text}");
    press(&mut m, &["p"]);
    assert!(!screen(&m, 100, 30).contains("Thank the hosts"));
}

#[test]
fn groupings_open_one_full_screen_and_esc_walks_back() {
    let mut m = model();
    press(&mut m, &["g"]);
    assert_eq!(m.screen, Screen::Groupings);
    press(&mut m, &["3"]);
    assert_eq!(m.screen, Screen::Grouping(Grouping::GettingHelp));
    assert!(screen(&m, 100, 30).contains("Grouping 3 of 5"));
    press(&mut m, &["right", "right"]);
    assert_eq!(m.screen, Screen::Grouping(Grouping::GettingRiskSupport));
    press(&mut m, &["right"]);
    assert_eq!(
        m.screen,
        Screen::Grouping(Grouping::Thriving),
        "wraps round"
    );
    press(&mut m, &["esc"]);
    assert_eq!(m.screen, Screen::Groupings);
    assert_eq!(m.grouping_cursor, Grouping::Thriving);
    press(&mut m, &["right", "enter"]);
    assert_eq!(m.screen, Screen::Grouping(Grouping::GettingAdvice));
    press(&mut m, &["esc", "esc"]);
    assert_eq!(m.screen, Screen::Agenda);
}

#[test]
fn principles_select_by_arrow_and_number() {
    let mut m = model();
    press(&mut m, &["P"]);
    assert_eq!(m.screen, Screen::Principles);
    press(&mut m, &["8"]);
    assert_eq!(m.principle_cursor, Principle::Accessibility);
    press(&mut m, &["down"]);
    assert_eq!(m.principle_cursor, Principle::CommonLanguage);
    press(&mut m, &["up", "up"]);
    assert_eq!(m.principle_cursor, Principle::ReducingStigma);
    assert!(screen(&m, 100, 30).contains("Principle 7 of 8"));
}

#[test]
fn tab_cycles_the_screens() {
    let mut m = model();
    press(&mut m, &["tab"]);
    assert_eq!(m.screen, Screen::Groupings);
    press(&mut m, &["tab"]);
    assert_eq!(m.screen, Screen::Principles);
    press(&mut m, &["tab"]);
    assert_eq!(m.screen, Screen::Map);
    press(&mut m, &["tab"]);
    assert_eq!(m.screen, Screen::Coverage);
    press(&mut m, &["tab"]);
    assert_eq!(m.screen, Screen::Notes);
    press(&mut m, &["tab"]);
    assert_eq!(m.screen, Screen::Actions);
    press(&mut m, &["tab"]);
    assert_eq!(m.screen, Screen::Agenda);
    press(&mut m, &["backtab"]);
    assert_eq!(m.screen, Screen::Actions);
}

#[test]
fn open_shows_the_current_segments_grouping() {
    let mut m = model();
    press(&mut m, &["right", "right", "right"]);
    assert!(screen(&m, 100, 30).contains("o: show the map (0 services) on screen"));
    press(&mut m, &["o"]);
    assert_eq!(m.screen, Screen::Map, "a mapping segment opens the map");
    let column = &m.map_view.columns[m.map_view.column];
    assert_eq!(
        column.grouping,
        Some(Grouping::GettingHelp),
        "on its grouping's column"
    );
    press(&mut m, &["esc", "right", "right"]);
    press(&mut m, &["o"]);
    assert_eq!(
        m.screen,
        Screen::Coverage,
        "a gaps segment opens the coverage grid"
    );
    press(&mut m, &["esc", "left", "left", "left"]);
    press(&mut m, &["o"]);
    assert_eq!(
        m.screen,
        Screen::Groupings,
        "a groupings segment opens the overview"
    );
}

#[test]
fn help_is_modal_and_q_inside_it_closes_rather_than_quits() {
    let mut m = model();
    press(&mut m, &["?"]);
    assert_eq!(m.overlay(), Some(Overlay::Help { scroll: 0 }));
    press(&mut m, &["space"]);
    assert_eq!(
        m.run.state,
        RunState::NotStarted,
        "keys under help do not reach the agenda"
    );
    press(&mut m, &["q"]);
    assert_eq!(m.overlay(), None);
    assert!(!m.quit);
    press(&mut m, &["g", "?"]);
    assert!(screen(&m, 100, 30).contains("On the groupings screen"));
    press(&mut m, &["esc"]);
    assert_eq!(m.overlay(), None);
    assert_eq!(m.screen, Screen::Groupings);
}

#[test]
fn quit_asks_only_when_something_could_not_be_saved() {
    let mut running = model();
    press(&mut running, &["space", "q"]);
    assert!(running.quit, "the clock is saved as it runs: quit at once");

    let mut m = model();
    common::refuse_writes(&m);
    press(&mut m, &["space"]);
    assert!(m.unsaved(), "the run could not be written");
    press(&mut m, &["q"]);
    assert_eq!(m.overlay(), Some(Overlay::ConfirmQuit));
    assert!(screen(&m, 100, 30).contains("Quit with changes not saved?"));
    press(&mut m, &["n"]);
    assert!(!m.quit);
    assert_eq!(m.overlay(), None);
    press(&mut m, &["q", "y"]);
    assert!(m.quit);

    let mut idle = model();
    press(&mut idle, &["ctrl-c"]);
    assert!(idle.quit, "nothing running: quit at once");
}

#[test]
fn only_key_presses_act() {
    let mut m = model();
    let mut release = key("space");
    release.kind = KeyEventKind::Release;
    update(&mut m, Message::Key(release));
    assert_eq!(m.run.state, RunState::NotStarted);
    let repeat = KeyEvent {
        kind: KeyEventKind::Repeat,
        state: KeyEventState::NONE,
        ..key("g")
    };
    update(&mut m, Message::Key(repeat));
    assert_eq!(m.screen, Screen::Agenda);
}

#[test]
fn a_terminate_signal_quits_even_while_running() {
    let mut m = model();
    press(&mut m, &["space"]);
    update(&mut m, Message::Terminate);
    assert!(m.quit);
}

#[test]
fn the_status_line_fades() {
    let mut m = model();
    press(&mut m, &["+"]);
    assert!(m.status_text().is_some());
    wait(&mut m, TimeDelta::seconds(5));
    assert_eq!(m.status_text(), None);
}

/// Preparing the real event before its day: the map and notes work, the agenda does not
/// start; a rehearsal is marked in the header and leaves last time's actions alone.
#[test]
fn preparing_keeps_the_agenda_waiting_and_the_header_says_which_run_it_is() {
    let mut m = common::model();
    m.day = thrive::app::Day::Preparing;
    common::press(&mut m, &["space"]);
    assert_eq!(m.run.state, thrive::event::RunState::NotStarted);
    let shown = common::screen(&m, 100, 30);
    assert!(shown.contains("PREPARING ·"), "{shown}");
    assert!(
        shown.contains("preparing — agenda starts Thu 3 Dec"),
        "{shown}"
    );
    assert!(shown.contains("Starts Thu 3 Dec"), "{shown}");
    assert!(!shown.contains("behind"), "{shown}");
    assert!(shown.contains("the clock starts on the day"), "{shown}");
    assert!(!shown.contains("Space starts the clock"), "{shown}");
    m.day = thrive::app::Day::Rehearsal;
    common::press(&mut m, &["space"]);
    assert_eq!(
        m.run.state,
        thrive::event::RunState::Running,
        "a rehearsal runs"
    );
    assert!(common::screen(&m, 100, 30).contains("REHEARSAL ·"));
}

/// The "make the window larger" screen hides everything: a clicker's presses there must not
/// move the agenda or save anything blind. Only quit and help act until it fits.
#[test]
fn only_quit_and_help_act_while_the_window_is_too_small() {
    let mut m = model();
    update(&mut m, Message::Tick(at(9, 30, 0)));
    update(&mut m, Message::Resize(50, 12));
    assert!(screen(&m, 50, 12).contains("Make the window larger"));
    press(&mut m, &["space", "right", "right", "a"]);
    common::type_text(&mut m, "blind action");
    press(&mut m, &["enter"]);
    assert_eq!(m.run.state, RunState::NotStarted);
    assert_eq!(m.run.current, 0);
    assert!(m.editor().is_none());
    assert!(m.record.actions.is_empty(), "nothing saved blind");
    press(&mut m, &["?"]);
    assert!(matches!(m.overlay(), Some(Overlay::Help { .. })));
    press(&mut m, &["esc"]);
    assert_eq!(m.overlay(), None);
    update(&mut m, Message::Resize(100, 30));
    press(&mut m, &["space"]);
    assert_eq!(
        m.run.state,
        RunState::Running,
        "keys act again once it fits"
    );
    update(&mut m, Message::Resize(59, 15));
    press(&mut m, &["q"]);
    assert!(m.quit);
}

/// A message answers the key that made it, on its screen: the next key replaces or clears it.
#[test]
fn a_message_belongs_to_the_key_and_screen_that_made_it() {
    let mut m = model();
    update(&mut m, Message::Tick(at(9, 30, 0)));
    press(&mut m, &["space"]);
    assert_eq!(m.status_text(), Some("▶ Welcome · 欢迎 · Croeso running"));
    press(&mut m, &["right"]);
    assert_ne!(
        m.status_text(),
        Some("▶ Welcome · 欢迎 · Croeso running"),
        "not the segment that has ended"
    );
    press(&mut m, &["+"]);
    assert!(m.status_text().is_some());
    press(&mut m, &["g"]);
    assert_eq!(
        m.status_text(),
        None,
        "another screen: the message is gone at once"
    );
}

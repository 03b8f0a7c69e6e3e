//! Every window size from 1x1 to 250x70 draws every screen without panicking.

mod common;

use chrono::TimeDelta;
use common::{at, draw, model, press, wait};
use thrive::app::{Message, Model, update};

fn sweep(m: &Model) {
    for w in 1..=250u16 {
        for h in 1..=70u16 {
            shows_its_frame(m, w, h);
        }
    }
}

/// What every screen must show at a size: below the minimum, the card that asks for a
/// larger window (with the size it is); from the minimum up, the header on the first row
/// and the footer with the help key on the last, whatever is open (help itself, which may
/// fill the window, says how to close it).
fn shows_its_frame(m: &Model, w: u16, h: u16) {
    let text = thrive::ui::buffer_text(&draw(m, w, h));
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), usize::from(h));
    if w < thrive::ui::MIN_WIDTH || h < thrive::ui::MIN_HEIGHT {
        if w >= 24 && h >= 6 {
            let card = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                card.contains("Make the window larger") && card.contains(&format!("{w}×{h}")),
                "{w}x{h} is too small and does not say so:\n{text}"
            );
        }
        return;
    }
    if matches!(m.overlay(), Some(thrive::app::Overlay::Help { .. })) {
        // Help may take the whole window; it always says how to close it.
        assert!(
            text.contains("Esc closes"),
            "{w}x{h}: help does not say how to close it:\n{text}"
        );
        return;
    }
    assert!(
        !rows[0].trim().is_empty(),
        "{w}x{h}: the header row is empty:\n{text}"
    );
    assert!(
        rows[rows.len() - 1].trim_end().ends_with("? help"),
        "{w}x{h}: the footer has no help key:\n{text}"
    );
}

/// A coarser grid for the heavy stress states, always including the sizes where a layout
/// changes (the minimum, 80x24, the 100- and 120-column switches, the largest).
fn sweep_sampled(m: &Model) {
    let edges_w = [59, 60, 61, 79, 80, 99, 100, 101, 119, 120, 121, 249, 250];
    let edges_h = [14, 15, 16, 23, 24, 29, 30, 31, 39, 40, 41, 69, 70];
    let widths = (1..=250u16).step_by(7).chain(edges_w);
    for w in widths {
        let heights = (1..=70u16).step_by(3).chain(edges_h);
        for h in heights {
            shows_its_frame(m, w, h);
        }
    }
}

fn running(keys: &[&str], minutes: i64) -> Model {
    let mut m = model();
    update(&mut m, Message::Tick(at(9, 30, 0)));
    press(&mut m, &["space"]);
    press(&mut m, keys);
    wait(&mut m, TimeDelta::minutes(minutes));
    m
}

#[test]
fn agenda_at_every_size() {
    sweep(&model());
}

#[test]
fn agenda_running_with_prompts_and_overtime_at_every_size() {
    sweep(&running(&["p", "down", "down"], 40));
}

#[test]
fn groupings_at_every_size() {
    sweep(&running(&["g"], 3));
}

#[test]
fn one_grouping_at_every_size() {
    sweep(&running(&["g", "4"], 3));
}

#[test]
fn principles_at_every_size() {
    sweep(&running(&["P", "4"], 3));
}

#[test]
fn help_at_every_size() {
    sweep(&running(&["?"], 3));
}

#[test]
fn confirm_quit_at_every_size() {
    let mut m = running(&[], 3);
    common::refuse_writes(&m);
    press(&mut m, &["right", "q"]);
    assert_eq!(m.overlay(), Some(thrive::app::Overlay::ConfirmQuit));
    sweep(&m);
}

/// A script built to strain the layout: forty segments, long titles with wide and combining
/// characters, long prompts and projected text, and a site's wording of some length.
fn stress_script(description_bytes: usize) -> thrive::script::Script {
    use std::fmt::Write;
    let mut s = String::from(
        "[workshop]\ntitle = \"A very long event title that goes on and on 欢迎 😀 e\u{301}\"\n\
         site = \"S\"\ndate = 2026-12-03\nstart = \"08:00\"\nfacilitator = \"F\"\n",
    );
    let description = "words 字字 ".repeat(description_bytes / 13 + 1);
    let _ = write!(
        s,
        "[framework.groupings]\nthriving = \"{description}\"\n[framework.principles]\naccessibility = \"{description}\"\n"
    );
    for i in 0..40 {
        let _ = write!(
            s,
            "[[segment]]\nid = \"s{i}\"\ntitle = \"Segment {i} with a long title 欢迎欢迎 😀😀 and more words\"\n\
             minutes = {}\nkind = \"mapping\"\ngrouping = {}\n\
             text = \"\"\"\n{}\n\"\"\"\nprompts = [\"{}\", \"{}\"]\n",
            1 + i % 30,
            1 + i % 5,
            "Projected line 字 😀 that is long enough to wrap. ".repeat(6),
            "A prompt that runs well past the width of any panel 字字 ".repeat(4),
            "Second prompt".repeat(3),
        );
    }
    match thrive::script::parse("stress.toml", s.as_bytes()) {
        Ok(script) => script,
        Err(r) => panic!("{r}"),
    }
}

fn stress(keys: &[&str], minutes: i64) -> Model {
    let mut m = common::model_with(
        stress_script(2_000),
        thrive::ui::theme::ThemeName::Dark,
        false,
    );
    update(&mut m, Message::Tick(at(8, 0, 0)));
    press(&mut m, keys);
    wait(&mut m, TimeDelta::minutes(minutes));
    m
}

#[test]
fn a_long_agenda_paused_with_the_selection_far_away_at_every_size() {
    let down = ["down"; 33];
    let mut keys = vec!["space", "right", "right", "space", "p"];
    keys.extend(down);
    sweep_sampled(&stress(&keys, 90));
}

#[test]
fn finished_and_low_time_at_every_size() {
    let mut ends = vec!["space"];
    ends.extend(["right"; 40]);
    sweep_sampled(&stress(&ends, 1));
    sweep(&running(&["right"], 13));
}

#[test]
fn long_wording_on_the_groupings_and_principles_at_every_size() {
    sweep_sampled(&stress(&["g"], 0));
    sweep_sampled(&stress(&["P", "8"], 0));
}

#[test]
fn huge_text_cannot_overflow_the_layout() {
    // Over a megabyte of wording: wrapped at 16 columns it is more rows than a u16 holds.
    let m = common::model_with(
        stress_script(1_200_000),
        thrive::ui::theme::ThemeName::Auto,
        false,
    );
    for keys in [&["g"][..], &["g", "1"], &["P", "8"], &["p"]] {
        let mut m = m.clone();
        press(&mut m, keys);
        for (w, h) in [(60, 15), (80, 24), (100, 30), (250, 70)] {
            shows_its_frame(&m, w, h);
        }
    }
}

/// A model with notes and actions of every shape, on the given screen.
fn recorded(keys_after: &[&str]) -> Model {
    let mut m = running(&[], 3);
    for text in [
        "Schools report long waits #3 #needs-led",
        "Family hubs 👪 missing in the Wolds 字幕 e\u{301}\nsecond line",
        &"a long note ".repeat(40),
    ] {
        press(&mut m, &["n"]);
        update(&mut m, Message::Paste(text.to_owned()));
        press(&mut m, &["enter"]);
    }
    for line in [
        "Ask school nurses @priya due:fri #2",
        "Send the list 📋 @lee due:2026-12-01",
        &format!("{} @sam @jo due:next tue #5", "a long action ".repeat(20)),
    ] {
        press(&mut m, &["a"]);
        update(&mut m, Message::Paste(line.to_owned()));
        press(&mut m, &["enter"]);
    }
    press(&mut m, keys_after);
    m
}

#[test]
fn notes_screen_at_every_size() {
    sweep(&recorded(&["N"]));
}

#[test]
fn actions_screen_at_every_size() {
    sweep(&recorded(&["A", "up"]));
}

#[test]
fn review_screen_at_every_size() {
    sweep(&recorded(&["R"]));
}

#[test]
fn the_editors_and_questions_at_every_size() {
    let mut note = recorded(&["n"]);
    update(
        &mut note,
        Message::Paste("a note being typed 字幕 ".repeat(30)),
    );
    sweep_sampled(&note);
    let mut action = recorded(&["a"]);
    update(
        &mut action,
        Message::Paste("an action @lee due:soonish #thrivng".into()),
    );
    sweep_sampled(&action);
    sweep_sampled(&recorded(&["N", "d"]));
    let mut recover = recorded(&[]);
    recover.record.recovered.push(thrive::event::record::Draft {
        console: String::new(),
        slot: thrive::event::record::DraftSlot::NewNote,
        text: "recovered 字幕 ".repeat(50),
        saved_at: at(9, 40, 0),
    });
    thrive::app::offer_recovered(&mut recover);
    sweep_sampled(&recover);
}

/// A map with services of every shape: long and wide names, many localities, one in every
/// grouping, one in none, a duplicate.
fn mapped(keys_after: &[&str]) -> Model {
    let mut m = running(&["m"], 3);
    for line in [
        "Kooth / Kooth plc / voluntary / 11-25 / online / #2 #3",
        &format!(
            "{} / NHS / 0-25 / #1 #2 #3 #4 #5",
            "A very long service name ".repeat(8)
        ),
        "家族支援 👪 / voluntary / 0-4 / @Upper Wolds e\u{301} / #1",
        "KOOTH",
        "Youth café / local authority / 13-19 / @North",
        "Crisis / NHS / 16+ / @West / #5",
        "Early help / social care / under 5 / @Saltby Coast and Marshes / #2",
    ] {
        press(&mut m, &["+"]);
        update(&mut m, Message::Paste(line.to_owned()));
        press(&mut m, &["enter", "a"]);
    }
    press(&mut m, &["esc"]);
    press(&mut m, keys_after);
    m
}

#[test]
fn map_board_and_form_at_every_size() {
    sweep(&mapped(&[]));
    sweep_sampled(&mapped(&["enter", "tab", "tab", "tab"]));
    sweep_sampled(&mapped(&["+"]));
}

#[test]
fn coverage_and_gaps_at_every_size() {
    sweep(&mapped(&["G", "1", "right", "right", "down"]));
    sweep_sampled(&mapped(&[
        "G", "2", "right", "right", "right", "right", "right", "right",
    ]));
    sweep_sampled(&mapped(&["G", "3", "right", "right", "right"]));
    sweep_sampled(&mapped(&["G", "4", "down", "down", "down"]));
}

#[test]
fn the_export_question_and_its_answer_at_every_size() {
    let mut m = recorded(&[]);
    let dir = tempfile::tempdir().expect("dir");
    // A deep folder with a wide name: the path wraps, it is never cut.
    m.export_dir = dir
        .path()
        .join("共有フォルダ 📁")
        .join("a folder ".repeat(12));
    press(&mut m, &["e"]);
    sweep_sampled(&m);
    let mut folder = m.clone();
    press(&mut folder, &["f"]);
    sweep_sampled(&folder);
    if let Some(d) = m.export_mut() {
        d.earlier = vec!["actions.csv".into(), "report.md".into()];
    }
    sweep_sampled(&m);
    if let Some(d) = m.export_mut() {
        d.done = Some(Err("the disk is full ".repeat(10)));
    }
    sweep_sampled(&m);
}

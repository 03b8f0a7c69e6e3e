//! Every screen drawn at 80x24 and 120x40 and kept as an insta snapshot, plus what the themes
//! promise: NO_COLOR has no colour at all, the painted themes paint every cell.

mod common;

use chrono::TimeDelta;
use common::{
    at, day, draw, model, model_with, press, screen, screen_with_reverse, type_text, wait,
};
use ratatui::style::Color;
use thrive::app::{Message, Model, update};
use thrive::script;
use thrive::ui::theme::ThemeName;
use unicode_width::UnicodeWidthStr;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(name: &str, m: &Model) {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(m, w, h));
    }
}

/// The mapping segment ten minutes in, as the README shows it.
fn mapping_running() -> Model {
    let mut m = model();
    update(&mut m, Message::Tick(at(9, 30, 0)));
    press(&mut m, &["space"]);
    for minutes in [15, 17, 15] {
        wait(&mut m, TimeDelta::minutes(minutes));
        press(&mut m, &["right"]);
    }
    wait(&mut m, TimeDelta::seconds(21 * 60 + 19));
    m
}

#[test]
fn agenda_before_the_event() {
    snap("agenda_before", &model());
}

#[test]
fn agenda_running_late_with_private_prompts() {
    let mut m = mapping_running();
    press(&mut m, &["p"]);
    snap("agenda_running_prompts", &m);
}

#[test]
fn agenda_at_projector_size_doubles_the_countdown() {
    let m = mapping_running();
    let text = screen(&m, 200, 56);
    insta::assert_snapshot!("agenda_projector_200x56", text);
    let tall = text.lines().filter(|l| l.contains("████████")).count();
    assert!(tall >= 8, "the countdown is drawn at double size:\n{text}");
}

#[test]
fn agenda_low_time() {
    let mut m = mapping_running();
    wait(&mut m, TimeDelta::minutes(19));
    snap("agenda_low", &m);
}

#[test]
fn agenda_overtime() {
    let mut m = mapping_running();
    wait(&mut m, TimeDelta::minutes(26));
    snap("agenda_over", &m);
}

#[test]
fn agenda_paused_with_a_selection_elsewhere() {
    let mut m = mapping_running();
    press(&mut m, &["space", "down", "down"]);
    snap("agenda_paused", &m);
}

#[test]
fn agenda_finished() {
    let mut m = mapping_running();
    for _ in 0..6 {
        wait(&mut m, TimeDelta::minutes(20));
        press(&mut m, &["right"]);
    }
    snap("agenda_finished", &m);
}

#[test]
fn agenda_of_the_bundled_example() {
    let example = match script::parse(script::EXAMPLE_NAME, script::EXAMPLE.as_bytes()) {
        Ok(s) => s,
        Err(r) => panic!("{r}"),
    };
    let mut m = model_with(example, ThemeName::Auto, false);
    let start = m.script.start_at();
    update(&mut m, Message::Tick(start + TimeDelta::minutes(50)));
    m.run = thrive::event::AgendaRun::on_plan(&m.script, m.now);
    m.agenda_cursor = m.run.current;
    snap("agenda_example", &m);
}

#[test]
fn groupings_overview() {
    let mut m = model();
    press(&mut m, &["g", "right", "right"]);
    snap("groupings", &m);
}

#[test]
fn each_grouping_full_screen() {
    for n in 1..=5 {
        let mut m = model();
        press(&mut m, &["g", &n.to_string()]);
        snap(&format!("grouping_{n}"), &m);
    }
}

#[test]
fn principles() {
    let mut m = model();
    press(&mut m, &["P", "4"]);
    snap("principles", &m);
}

#[test]
fn help_over_the_agenda_and_over_the_groupings() {
    let mut m = model();
    press(&mut m, &["?"]);
    snap("help_agenda", &m);
    press(&mut m, &["esc", "g", "?"]);
    snap("help_groupings", &m);
}

#[test]
fn header_shows_the_countdown_away_from_the_agenda() {
    let mut m = mapping_running();
    press(&mut m, &["g"]);
    let text = screen(&m, 120, 40);
    let header = text.lines().next().unwrap_or_default();
    assert!(
        header.contains("▶ 23:41 left · Mapping our services"),
        "{header}"
    );
}

#[test]
fn confirm_quit_with_changes_not_saved() {
    let mut m = mapping_running();
    common::refuse_writes(&m);
    press(&mut m, &["right", "q"]);
    snap("confirm_quit", &m);
}

#[test]
fn too_small_asks_for_a_larger_window() {
    let m = model();
    insta::assert_snapshot!("too_small_59x15", screen(&m, 59, 15));
    insta::assert_snapshot!("too_small_30x8", screen(&m, 30, 8));
    // 60x15 is the smallest real screen.
    assert!(screen(&m, 60, 15).contains("Agenda"));
}

/// Every screen and state the snapshots cover, for the theme checks.
fn every_screen(theme: ThemeName, no_color: bool) -> Vec<Model> {
    let base = || {
        let mut m = model_with(day(), theme, no_color);
        update(&mut m, Message::Tick(at(9, 30, 0)));
        m
    };
    let keys: [&[&str]; 9] = [
        &[],
        &["space", "p"],
        &["g"],
        &["g", "3"],
        &["P"],
        &["?"],
        &["space", "?"],
        &["space", "+", "space"],
        &["space", "-", "-"],
    ];
    let mut models: Vec<Model> = keys
        .iter()
        .map(|k| {
            let mut m = base();
            press(&mut m, k);
            wait(&mut m, TimeDelta::minutes(14));
            m
        })
        .collect();
    let map_keys: [&[&str]; 7] = [
        &[],
        &["enter"],
        &["G"],
        &["G", "2"],
        &["G", "3"],
        &["G", "4"],
        &["+"],
    ];
    for k in map_keys {
        let mut m = mapped(theme, no_color);
        press(&mut m, k);
        models.push(m);
    }
    models
}

/// A map part-way through the exercise: twelve services typed and placed at a site with two
/// localities, on the board.
fn mapped(theme: ThemeName, no_color: bool) -> Model {
    let text = std::fs::read_to_string("tests/fixtures/day.toml").expect("fixture");
    let text = text.replacen(
        "[workshop]\n",
        "[workshop]\nlocalities = [\"North\", \"West\"]\nsectors = [\"Youth justice\"]\n",
        1,
    );
    let script = script::parse("day.toml", text.as_bytes()).expect("valid");
    let mut m = model_with(script, theme, no_color);
    update(&mut m, Message::Tick(at(10, 40, 0)));
    press(&mut m, &["m"]);
    for (line, groupings) in MAPPED {
        press(&mut m, &["+"]);
        type_text(&mut m, line);
        press(&mut m, &["enter"]);
        for g in groupings.chars() {
            press(&mut m, &[&g.to_string()]);
        }
    }
    // One more, not placed yet, and one typed twice.
    press(&mut m, &["+"]);
    type_text(&mut m, "Youth café / voluntary / 13-19 / @North");
    press(&mut m, &["enter", "+"]);
    type_text(&mut m, "kooth");
    press(&mut m, &["enter", "a", "left", "up"]);
    m.status = None;
    m
}

const MAPPED: [(&str, &str); 12] = [
    (
        "Kooth / Kooth plc / voluntary / 11-25 / online / @All",
        "23",
    ),
    ("School nursing / NHS / 5-18 / drop-in / @All", "12"),
    (
        "CAMHS community team / NHS / 0-17 / professional referral / @North",
        "34",
    ),
    (
        "Youth club North / local authority / 11-18 / drop-in / @North",
        "1",
    ),
    ("Crisis line / NHS / 0-25 / phone / @All", "5"),
    ("Parenting programme / local authority / 0-10 / @West", "12"),
    (
        "Eating disorders service / NHS / 8-18 / GP referral / @West",
        "4",
    ),
    ("Youth offending team / Youth justice / 10-17 / @West", "5"),
    ("Samaritans / voluntary / 16-25 / phone / @All", "25"),
    (
        "School counselling / education / 11-18 / school referral / @West",
        "3",
    ),
    ("Health visiting / NHS / 0-4 / drop-in / @North", "12"),
    (
        "Young carers project / voluntary / 8-18 / self-referral / @West",
        "12",
    ),
];

#[test]
fn the_mapping_board() {
    snap("map_board", &mapped(ThemeName::Auto, false));
}

#[test]
fn the_service_form() {
    let mut m = mapped(ThemeName::Auto, false);
    press(&mut m, &["enter", "tab", "tab", "tab"]);
    snap("map_form", &m);
}

#[test]
fn the_add_service_line_with_its_preview() {
    let mut m = mapped(ThemeName::Auto, false);
    press(&mut m, &["+"]);
    type_text(&mut m, "Mind Ed / Mind / voluntary / 5-25 / online / #1 #2");
    snap("map_add_line", &m);
}

#[test]
fn the_coverage_grids_and_the_gaps() {
    for (key, name) in [
        ("1", "age"),
        ("2", "sector"),
        ("3", "locality"),
        ("4", "gaps"),
    ] {
        let mut m = mapped(ThemeName::Auto, false);
        press(&mut m, &["G", key]);
        snap(&format!("coverage_{name}"), &m);
    }
}

/// With NO_COLOR the board's selection, the grid's cursor and the selected gap are still
/// seen: by reverse video as well as by the ▶ mark and the words.
#[test]
fn the_map_and_its_gaps_under_no_color() {
    for (keys, name) in [
        (&[][..], "board"),
        (&["G", "1", "down", "right"][..], "age"),
        (&["G", "2"][..], "sector"),
        (&["G", "3"][..], "locality"),
        (&["G", "4", "down"][..], "gaps"),
    ] {
        let mut m = mapped(ThemeName::Auto, true);
        press(&mut m, keys);
        for (w, h) in SIZES {
            insta::assert_snapshot!(
                format!("no_color_{name}_{w}x{h}"),
                screen_with_reverse(&m, w, h)
            );
        }
    }
}

#[test]
fn no_color_means_no_colour_anywhere() {
    for m in every_screen(ThemeName::Light, true) {
        for (w, h) in SIZES {
            let buf = draw(&m, w, h);
            for cell in buf.content() {
                assert_eq!(
                    (cell.fg, cell.bg),
                    (Color::Reset, Color::Reset),
                    "{:?}",
                    m.screen
                );
            }
        }
    }
}

#[test]
fn painted_themes_paint_every_cell_and_auto_keeps_the_terminal_background() {
    for theme in [ThemeName::Light, ThemeName::Dark, ThemeName::HighContrast] {
        for m in every_screen(theme, false) {
            let buf = draw(&m, 120, 40);
            // The cell a wide character (CJK, emoji) covers is reset by ratatui; the terminal
            // paints it with the character's own background.
            let bare = buf
                .content()
                .iter()
                .enumerate()
                .filter(|&(i, c)| {
                    let covered = i % 120 > 0 && buf.content()[i - 1].symbol().width() == 2;
                    c.bg == Color::Reset && !covered
                })
                .count();
            assert_eq!(
                bare, 0,
                "{theme:?} {:?} left {bare} cells unpainted",
                m.screen
            );
        }
    }
    let m = model();
    let buf = draw(&m, 120, 40);
    let body = buf[(60, 20)].bg;
    assert_eq!(
        body,
        Color::Reset,
        "auto keeps the terminal's own background"
    );
}

#[test]
fn the_theme_changes_colours_not_words() {
    let texts: Vec<String> = [
        ThemeName::Auto,
        ThemeName::Light,
        ThemeName::Dark,
        ThemeName::HighContrast,
    ]
    .into_iter()
    .map(|t| {
        let mut m = model_with(day(), t, false);
        press(&mut m, &["space"]);
        wait(&mut m, TimeDelta::minutes(20));
        screen(&m, 100, 30)
    })
    .collect();
    assert!(texts.windows(2).all(|w| w[0] == w[1]));
    assert!(texts[0].contains("⏰ OVER"));
}

/// An event with notes and actions of every shape: unicode, long text, tags, overdue.
fn recorded() -> Model {
    let mut m = mapping_running();
    let notes = [
        "Schools report long waits for #3 — a #needs-led issue",
        "Family hubs 👪 are missing from the map in the Wolds; the coast has two. 字幕 café naïve e\u{301}",
        "A very long note that runs on well past the width of any panel so that it has to wrap over several lines, and then keeps going to be sure the wrapping is right at every size we draw it at.",
        "Short.\nWith a second line\nand a third",
    ];
    for text in notes {
        press(&mut m, &["n"]);
        type_text(&mut m, text);
        press(&mut m, &["enter"]);
        wait(&mut m, TimeDelta::minutes(3));
    }
    let actions = [
        "Ask school nurses to join the map @priya due:fri #getting-advice",
        "Send the service list to the ICB @lee due:2026-12-01",
        "Draft an 18–25 crisis pathway with adult services 🚑 @sam @jo due:next tue #5 #partnership-working",
        "Book the January community-of-practice room",
    ];
    for line in actions {
        press(&mut m, &["a"]);
        type_text(&mut m, line);
        press(&mut m, &["enter"]);
    }
    wait(&mut m, TimeDelta::days(2));
    m
}

#[test]
fn notes_screen_with_unicode_and_long_text() {
    let mut m = recorded();
    press(&mut m, &["N"]);
    snap("notes", &m);
    press(&mut m, &["/"]);
    type_text(&mut m, "#needs-led");
    press(&mut m, &["enter"]);
    snap("notes_filtered", &m);
}

#[test]
fn actions_screen_sorted_with_overdue_and_status() {
    let mut m = recorded();
    press(&mut m, &["A", "down", "s", "s"]);
    snap("actions", &m);
    press(&mut m, &["o"]);
    snap("actions_by_owner", &m);
}

#[test]
fn the_editor_over_the_agenda() {
    let mut m = mapping_running();
    press(&mut m, &["n"]);
    type_text(
        &mut m,
        "Half a thought about the coast 🌊\nand a second line",
    );
    snap("editor_note", &m);
    press(&mut m, &["esc", "a"]);
    type_text(&mut m, "Map the coast @lee due:soonish #thrivng");
    snap("editor_action", &m);
}

#[test]
fn review_of_last_times_actions() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("thrive.db");
    let mut first = model();
    first
        .open_event(
            thrive::event::store::Store::open(&path).expect("store"),
            "x",
            false,
        )
        .expect("event");
    for line in [
        "Ask school nurses to join the map @priya due:fri #2",
        "Send the service list to the ICB 📋 @lee due:2026-12-01",
        "Draft an 18–25 crisis pathway with adult services, a long one that will not fit @sam @jo",
        "Book the January room",
    ] {
        press(&mut first, &["a"]);
        type_text(&mut first, line);
        press(&mut first, &["enter"]);
    }
    // One is under way: the review says so, not "open".
    let booking = first
        .record
        .actions
        .iter()
        .find(|a| a.text.starts_with("Book"))
        .expect("booking")
        .id;
    first
        .store
        .set_status(booking, thrive::event::record::Status::Doing, at(11, 0, 0))
        .expect("doing");
    drop(first);
    let mut next = model();
    update(&mut next, Message::Tick(at(14, 0, 0) + TimeDelta::days(49)));
    next.open_event(
        thrive::event::store::Store::open(&path).expect("store"),
        "x",
        false,
    )
    .expect("event");
    press(&mut next, &["R", "d", "k"]);
    let shown = screen(&next, 120, 40);
    assert!(shown.contains("◐ still doing"), "{shown}");
    assert!(shown.contains("○ still open"), "{shown}");
    snap("review", &next);
}

#[test]
fn the_selected_action_row_is_highlighted_across_every_cell() {
    let mut m = recorded();
    // A painted theme, and a row whose date is not overdue (it has no style of its own).
    m.theme = thrive::ui::theme::Theme::new(ThemeName::Light, false);
    press(&mut m, &["A", "home", "down", "down"]);
    assert!(
        m.selected_action()
            .is_some_and(|a| a.due.is_some() && !a.overdue(m.now.date()))
    );
    let buf = draw(&m, 120, 40);
    let row: Vec<_> = (1..119).map(|x| buf[(x, 5)].style()).collect();
    let selected = m.theme.selected;
    assert!(
        row.iter().all(|s| s.bg == selected.bg),
        "every cell of the selected row has the selection's background"
    );
}

/// Counts say "1 segment", not "1 segments".
#[test]
fn a_one_segment_agenda_says_one_segment() {
    let text = std::fs::read_to_string("tests/fixtures/day.toml").expect("fixture");
    let first_end = text
        .match_indices("[[segment]]")
        .nth(1)
        .map(|(i, _)| i)
        .expect("two segments");
    let one = thrive::script::parse("one.toml", &text.as_bytes()[..first_end]).expect("valid");
    let m = model_with(one, ThemeName::Auto, false);
    let shown = screen(&m, 100, 30);
    assert!(shown.contains("Agenda · 1 segment ·"), "{shown}");
}

/// The text field shows every warning (wrapped, never cut at the box edge), widens with the
/// window, and keeps the start of a long line in sight.
#[test]
fn the_field_shows_every_warning_widens_and_keeps_a_long_lines_start() {
    let mut m = model();
    press(&mut m, &["a"]);
    type_text(
        &mut m,
        "Map the coast villages with the youth workers, the school nurses and the GP surgeries @lee due:soonish #thrivng",
    );
    let small = screen(&m, 80, 24);
    assert!(small.contains("Map the coast villages"), "{small}");
    assert!(small.contains("“soonish” is not a due date"), "{small}");
    assert!(small.contains("did you mean #thriving?"), "{small}");
    let wide = screen(&m, 160, 40);
    let border = wide
        .lines()
        .find(|l| l.contains("New action"))
        .expect("the field's top border");
    let width = border.trim().trim_matches('│').trim().width();
    assert!(width > 120, "{width} columns at 160: {border}");
}

/// A gap sentence too long for its row is read in full when selected: the place at its end
/// is the finding.
#[test]
fn a_long_gap_sentence_is_shown_whole_when_selected() {
    let mut m = mapped(ThemeName::Auto, false);
    press(&mut m, &["G", "4"]);
    let long = m
        .coverage
        .gaps
        .iter()
        .position(|g| g.sentence().chars().count() > 76)
        .expect("a long sentence in the fixture");
    for _ in 0..long {
        press(&mut m, &["down"]);
    }
    let sentence = m.coverage.gaps[long].sentence();
    let shown = screen(&m, 80, 24);
    let end: String = sentence
        .split_whitespace()
        .rev()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let flat = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    let last_words: Vec<&str> = sentence.split_whitespace().rev().take(3).collect();
    assert!(
        last_words.iter().all(|w| flat.contains(w)),
        "“{end}” of “{sentence}” not on screen:\n{shown}"
    );
    assert!(
        shown.contains("in North") || shown.contains("in West"),
        "{shown}"
    );
}

/// The questions and the export dialog, each over the screen it is asked on.
#[test]
fn the_questions_and_the_export_dialog() {
    let mut m = model();
    m.export_dir = std::path::PathBuf::from("/srv/thrive-events");
    press(&mut m, &["e"]);
    snap("export_dialog", &m);

    let mut m = model();
    press(&mut m, &["n"]);
    type_text(&mut m, "Schools want a single front door");
    press(&mut m, &["enter", "N", "d"]);
    snap("confirm_delete_note", &m);

    let mut m = model();
    press(&mut m, &["m", "+"]);
    type_text(&mut m, "Kooth / Kooth plc / 11-25");
    press(&mut m, &["enter", "d"]);
    snap("confirm_delete_service", &m);

    let mut m = model();
    press(&mut m, &["m", "+"]);
    type_text(&mut m, "Kooth / Kooth plc / 11-25");
    press(&mut m, &["enter", "+"]);
    type_text(&mut m, "kooth");
    press(&mut m, &["enter"]);
    assert_eq!(m.overlay(), Some(thrive::app::Overlay::Duplicate));
    snap("duplicate_question", &m);

    let mut m = model();
    m.push(thrive::app::Layer::Recover(thrive::event::record::Draft {
        console: "gone".into(),
        slot: thrive::event::record::DraftSlot::NewNote,
        text: "the point Priya was making when the battery died".into(),
        saved_at: at(9, 41, 0),
    }));
    snap("recovered_draft_question", &m);
}

//! The mapping exercise driven by keys through `update()`: thirty services typed and placed,
//! duplicates caught and merged, the full form, delete and undo, the filter, a gap turned into
//! an action, and a second console's services arriving within a second of the clock.

mod common;

use chrono::TimeDelta;
use common::{day, model, model_with, press, screen, type_text, wait};
use thrive::app::map::{CoverageTab, FormField};
use thrive::app::{Message, Model, Overlay, Screen, update};
use thrive::event::store::Store;
use thrive::map::{Ages, Groupings};
use thrive::thrive::Grouping;
use thrive::ui::theme::ThemeName;

/// Thirty services as a team of two would call them out, with the groupings they press.
pub const THIRTY: [(&str, &str); 30] = [
    ("Kooth / Kooth plc / voluntary / 11-25 / online", "23"),
    ("School nursing / NHS / 5-18 / drop-in", "12"),
    (
        "CAMHS community team / NHS / 0-17 / professional referral",
        "34",
    ),
    ("Youth club North / local authority / 11-18 / drop-in", "1"),
    ("Crisis line / NHS / 0-25 / phone", "5"),
    ("MindEd / Health Education England / online / 0-25", "12"),
    (
        "Educational psychology / education / 0-25 / professional referral",
        "3",
    ),
    (
        "Early Help hub / local authority / 0-18 / self-referral",
        "23",
    ),
    ("Parenting programme / local authority / 0-10", "12"),
    ("Eating disorders service / NHS / 8-18 / GP referral", "4"),
    ("Youth offending team / Youth justice / 10-17", "5"),
    ("Samaritans / voluntary / 16-25 / phone", "25"),
    ("Social prescribing / NHS / 16-25 / GP referral", "12"),
    (
        "School counselling / education / 11-18 / school referral",
        "3",
    ),
    (
        "Mental health support team / NHS / 5-18 / school referral",
        "23",
    ),
    ("Perinatal mental health / NHS / 0-1 / GP referral", "34"),
    ("Health visiting / NHS / 0-4 / drop-in", "12"),
    (
        "Young carers project / voluntary / 8-18 / self-referral",
        "12",
    ),
    ("LGBTQ+ youth group / voluntary / 13-25 / drop-in", "12"),
    (
        "Bereavement support / voluntary / 5-18 / self-referral",
        "3",
    ),
    (
        "Self-harm outreach / NHS / 11-25 / professional referral",
        "45",
    ),
    (
        "Children's social care / social care / 0-17 / professional referral",
        "45",
    ),
    (
        "Libraries reading well / local authority / 0-25 / drop-in",
        "12",
    ),
    ("Sports for all / voluntary / 5-16 / drop-in", "1"),
    ("Autism support service / NHS / 4-18 / GP referral", "34"),
    (
        "Drug and alcohol young people / NHS / 11-25 / self-referral",
        "35",
    ),
    (
        "Transition to adult services / NHS / 16-25 / professional referral",
        "4",
    ),
    ("Family therapy / NHS / 5-17 / professional referral", "3"),
    ("Text line SHOUT / voluntary / 13-25 / phone", "25"),
    ("Community paediatrics / NHS / 0-16 / GP referral", "3"),
];

fn add(m: &mut Model, line: &str, groupings: &str) {
    press(m, &["+"]);
    type_text(m, line);
    press(m, &["enter"]);
    for g in groupings.chars() {
        press(m, &[&g.to_string()]);
    }
}

fn event(m: &Model) -> thrive::ids::EventId {
    m.record.event.as_ref().expect("event").id
}

fn day_with_localities() -> thrive::script::Script {
    let text = std::fs::read_to_string("tests/fixtures/day.toml").expect("fixture");
    let text = text.replacen(
        "[workshop]\n",
        "[workshop]\nlocalities = [\"North\", \"West\"]\nsectors = [\"Youth justice\"]\n",
        1,
    );
    thrive::script::parse("day.toml", text.as_bytes()).expect("valid")
}

#[test]
fn thirty_services_are_typed_and_placed_by_keyboard() {
    let mut m = model_with(day_with_localities(), ThemeName::Auto, false);
    press(&mut m, &["m"]);
    assert_eq!(m.screen, Screen::Map);
    for (line, groupings) in THIRTY {
        add(&mut m, line, groupings);
    }
    let stored = m.store.services(event(&m)).expect("services");
    assert_eq!(stored.len(), 30, "every service is in the store");
    let kooth = &stored[0].fields;
    assert_eq!(kooth.provider, "Kooth plc");
    assert_eq!(kooth.sector.as_deref(), Some("voluntary sector"));
    assert_eq!(kooth.ages, Some(Ages { from: 11, to: 25 }));
    assert_eq!(kooth.access_route, "online");
    assert_eq!(kooth.groupings.numbers(), "2 3");
    assert_eq!(stored[10].fields.sector.as_deref(), Some("Youth justice"));
    let risk = stored
        .iter()
        .filter(|s| s.fields.groupings.contains(Grouping::GettingRiskSupport))
        .count();
    assert_eq!(risk, 7);
    // The board: every column headed with its count; a service in two groupings marked ◆.
    let shown = screen(&m, 160, 40);
    assert!(shown.contains("Map · 30 services"), "{shown}");
    assert!(shown.contains("5 Getting Risk Support (7)"), "{shown}");
    assert!(shown.contains("◆ Kooth"), "{shown}");
    assert!(!shown.contains("Not placed"), "all placed: {shown}");
}

#[test]
fn a_new_service_waits_in_not_placed_until_a_digit_places_it() {
    let mut m = model();
    press(&mut m, &["m", "+"]);
    type_text(&mut m, "Youth club");
    press(&mut m, &["enter"]);
    let shown = screen(&m, 100, 30);
    assert!(shown.contains("Not placed (1)"), "{shown}");
    assert!(shown.contains("▶ Youth club"), "selected: {shown}");
    press(&mut m, &["1", "3"]);
    let s = m.selected_service().expect("still selected");
    assert_eq!(s.fields.groupings.numbers(), "1 3");
    assert!(!screen(&m, 100, 30).contains("Not placed"));
    press(&mut m, &["3"]);
    assert_eq!(
        m.selected_service()
            .expect("selected")
            .fields
            .groupings
            .numbers(),
        "1",
        "a second press takes it out again"
    );
}

#[test]
fn a_line_that_cannot_be_read_stays_in_the_field_with_the_reason() {
    let mut m = model();
    press(&mut m, &["m", "+"]);
    type_text(&mut m, "CAMHS / NHS / 16-30");
    press(&mut m, &["enter"]);
    let editor = m.editor().expect("still open");
    assert_eq!(editor.text(), "CAMHS / NHS / 16-30");
    assert!(
        editor
            .problem
            .as_deref()
            .is_some_and(|p| p.contains("0–25")),
        "{:?}",
        editor.problem
    );
    assert!(m.record.services.is_empty());
}

#[test]
fn a_duplicate_name_is_caught_and_merged_or_added() {
    let mut m = model();
    press(&mut m, &["m"]);
    add(&mut m, "Kooth / Kooth plc / 11-18", "2");
    press(&mut m, &["+"]);
    type_text(&mut m, "KOOTH. / voluntary / 16-25 / #3");
    assert!(
        screen(&m, 100, 30).contains("“Kooth” is already on the map — saving offers to merge"),
        "warned while typing"
    );
    press(&mut m, &["enter"]);
    assert_eq!(m.overlay(), Some(Overlay::Duplicate));
    assert!(screen(&m, 100, 30).contains("m merge into it"));
    press(&mut m, &["m"]);
    assert_eq!(m.record.services.len(), 1, "merged, not doubled");
    let f = &m.store.services(event(&m)).expect("services")[0].fields;
    assert_eq!(f.name, "Kooth");
    assert_eq!(f.sector.as_deref(), Some("voluntary sector"));
    assert_eq!(f.ages, Some(Ages { from: 11, to: 25 }));
    assert_eq!(f.groupings.numbers(), "2 3");

    // Esc goes back to the text; "a" adds it as another service, and the board then offers
    // to merge the two.
    press(&mut m, &["+"]);
    type_text(&mut m, "kooth");
    press(&mut m, &["enter", "esc"]);
    assert_eq!(m.editor().map(|e| e.text()), Some("kooth".to_owned()));
    press(&mut m, &["enter", "a"]);
    assert_eq!(m.record.services.len(), 2);
    assert!(screen(&m, 120, 40).contains("⚠ on the map twice: also as “Kooth” — M merges them"));
    press(&mut m, &["M"]);
    assert_eq!(m.store.services(event(&m)).expect("services").len(), 1);
    press(&mut m, &["u"]);
    assert_eq!(
        m.store.services(event(&m)).expect("services").len(),
        2,
        "undo brings the merged-away record back"
    );
}

/// A duplicate is the same name and provider in overlapping localities: the same name in
/// another locality is another service, and one service may name several localities.
#[test]
fn the_same_name_in_another_locality_is_another_service() {
    let mut m = model_with(day_with_localities(), ThemeName::Auto, false);
    press(&mut m, &["m"]);
    add(&mut m, "School Nursing / NHS Trust / 5-19 / @North", "1");
    press(&mut m, &["+"]);
    type_text(&mut m, "School Nursing / NHS Trust / 5-19 / @West");
    let shown = screen(&m, 120, 40);
    assert!(
        shown
            .contains("“School Nursing” is also on the map in North — this one is another service"),
        "{shown}"
    );
    press(&mut m, &["enter"]);
    assert_eq!(
        m.overlay(),
        None,
        "no duplicate question for another locality"
    );
    assert_eq!(m.record.services.len(), 2);
    assert!(!screen(&m, 120, 40).contains("on the map twice:"));

    // Overlapping localities are the same service, and so is one typed with no locality.
    press(&mut m, &["+"]);
    type_text(&mut m, "school nursing / @West @North");
    press(&mut m, &["enter"]);
    assert_eq!(m.overlay(), Some(Overlay::Duplicate));
    press(&mut m, &["m"]);
    assert_eq!(m.record.services.len(), 2, "merged into one of the two");

    // One service in two localities counts once in each locality's column.
    add(&mut m, "Kooth / voluntary / 11-25 / @North @West", "2");
    let kooth = m
        .record
        .services
        .iter()
        .find(|s| s.fields.name == "Kooth")
        .expect("Kooth");
    assert_eq!(kooth.fields.localities.names(), ["North", "West"]);
    let grid = m.coverage.locality.as_ref().expect("grid");
    assert_eq!(grid.columns, ["North", "West"]);
    let advice = grid.row(Grouping::GettingAdvice);
    assert_eq!((advice[0].count, advice[1].count), (1, 1));
    let thriving = grid.row(Grouping::Thriving);
    assert_eq!(
        (thriving[0].count, thriving[1].count),
        (1, 1),
        "both nursing services"
    );
}

#[test]
fn delete_asks_first_and_undo_brings_it_back() {
    let mut m = model();
    press(&mut m, &["m"]);
    add(&mut m, "Youth club", "1");
    add(&mut m, "Crisis line", "5");
    press(&mut m, &["d"]);
    assert!(matches!(
        m.overlay(),
        Some(Overlay::ConfirmDeleteService(_))
    ));
    press(&mut m, &["n"]);
    assert_eq!(m.record.services.len(), 2, "any other key keeps it");
    press(&mut m, &["d", "y"]);
    assert_eq!(m.store.services(event(&m)).expect("services").len(), 1);
    press(&mut m, &["u"]);
    let names: Vec<String> = m
        .store
        .services(event(&m))
        .expect("services")
        .into_iter()
        .map(|s| s.fields.name)
        .collect();
    assert_eq!(names, ["Youth club", "Crisis line"]);
}

/// Kooth added on the map in grouping 2, and opened in the service form.
fn open_kooth_in_the_form(m: &mut Model) {
    press(m, &["m"]);
    add(m, "Kooth / Kooth plc / voluntary / 11-25 / online", "2");
    press(m, &["enter"]);
}

/// The form's grouping boxes are ticked by the map's own grouping keys, so a config that
/// moves them moves both (issue 12: the form's digits bypassed the keymap).
#[test]
fn the_forms_grouping_boxes_follow_the_maps_grouping_keys() {
    let mut m = model_with(day_with_localities(), ThemeName::Auto, false);
    let config = thrive::app::config::parse(
        "config.toml",
        b"[keys.map]\ntoggle-1 = [\"!\"]\ntoggle-4 = [\"f4\"]\n",
    )
    .expect("config");
    m.keymap = config.keymap;
    open_kooth_in_the_form(&mut m);
    press(&mut m, &["tab", "tab", "tab"]);
    assert_eq!(m.form().map(|f| f.focus), Some(FormField::Groupings));
    // "1" is no longer a grouping key, and "3" still is; "!" is the new one.
    press(&mut m, &["1", "3"]);
    let ticked = m.form().map(|f| f.groupings.numbers());
    assert_eq!(ticked.as_deref(), Some("2 3"));
    // A key that is not a character works too.
    press(&mut m, &["!", "f4"]);
    let ticked = m.form().map(|f| f.groupings.numbers());
    assert_eq!(ticked.as_deref(), Some("1 2 3 4"));
    let screen = thrive::ui::buffer_text(&common::draw(&m, 100, 30));
    assert!(
        screen.contains("! 2 3 F4 5 put it in a grouping"),
        "{screen}"
    );
}

#[test]
fn the_form_edits_every_field_and_refuses_what_it_cannot_read() {
    let mut m = model_with(day_with_localities(), ThemeName::Auto, false);
    open_kooth_in_the_form(&mut m);
    assert!(m.form().is_some());
    // Tab to the groupings line: digits there tick boxes rather than type.
    press(&mut m, &["tab", "tab", "tab", "3", "2"]);
    assert_eq!(m.form().map(|f| f.focus), Some(FormField::Groupings));
    press(&mut m, &["tab", "backspace", "backspace"]);
    type_text(&mut m, "19");
    press(&mut m, &["tab"]);
    type_text(&mut m, "west");
    press(&mut m, &["backtab", "backtab", "backtab"]);
    for _ in 0..20 {
        press(&mut m, &["backspace"]);
    }
    type_text(&mut m, "educaton");
    press(&mut m, &["enter"]);
    let form = m.form().expect("refused, still open");
    assert_eq!(form.focus, FormField::Sector);
    assert!(
        form.problem
            .as_deref()
            .is_some_and(|p| p.contains("did you mean “education”")),
        "{:?}",
        form.problem
    );
    for _ in 0..8 {
        press(&mut m, &["backspace"]);
    }
    type_text(&mut m, "education");
    press(&mut m, &["enter"]);
    assert!(m.form().is_none(), "saved");
    let f = &m.store.services(event(&m)).expect("services")[0].fields;
    assert_eq!(f.groupings.numbers(), "3", "2 untick, 3 ticked");
    assert_eq!(f.ages, Some(Ages { from: 11, to: 19 }));
    assert_eq!(f.localities.to_string(), "West", "the script's spelling");
    assert_eq!(f.sector.as_deref(), Some("education"));
    assert_eq!(f.provider, "Kooth plc", "untouched fields stay");
}

#[test]
fn the_filter_reads_sector_locality_age_and_grouping() {
    let mut m = model_with(day_with_localities(), ThemeName::Auto, false);
    press(&mut m, &["m"]);
    for (line, groupings) in &THIRTY[..12] {
        add(&mut m, line, groupings);
    }
    press(&mut m, &["/"]);
    type_text(&mut m, "voluntary 17");
    assert_eq!(m.map_view.shown, 2, "Kooth and Samaritans");
    assert!(screen(&m, 120, 40).contains("filter: voluntary 17 (2 shown)"));
    press(&mut m, &["esc"]);
    assert_eq!(m.map_view.shown, 12, "Esc clears it");
    press(&mut m, &["/"]);
    type_text(&mut m, "#5 nhs");
    press(&mut m, &["enter"]);
    assert_eq!(m.map_view.shown, 1, "the crisis line");
}

#[test]
fn one_key_turns_a_gap_into_an_action_tagged_with_its_grouping() {
    let mut m = model();
    press(&mut m, &["m"]);
    add(&mut m, "Kooth / 11-25", "23");
    add(&mut m, "Crisis line / 0-25", "5");
    press(&mut m, &["G", "4"]);
    assert_eq!(m.coverage_view.tab, CoverageTab::Gaps);
    assert!(!m.coverage.gaps.is_empty());
    let gap = m.selected_gap().expect("a gap is selected");
    press(&mut m, &["enter"]);
    let actions = m.store.actions(event(&m)).expect("actions");
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0].text, gap.action_text());
    assert_eq!(actions[0].grouping, Some(gap.grouping));
    press(&mut m, &["enter"]);
    assert_eq!(
        m.store.actions(event(&m)).expect("actions").len(),
        1,
        "a second press does not double it"
    );
    assert!(screen(&m, 120, 40).contains("→ action"));
    // A message belongs to the screen that made it.
    assert_eq!(m.status_text(), Some("already an action — A shows it"));
    press(&mut m, &["A"]);
    assert_eq!(m.status_text(), None);
}

/// A filter that hides the selected service moves the selection to the first match, so the
/// arrows and 1–5 always have a service to act on.
#[test]
fn a_filter_that_hides_the_selected_service_selects_the_first_match() {
    let mut m = model_with(day_with_localities(), ThemeName::Auto, false);
    press(&mut m, &["m"]);
    add(&mut m, "Youth club", "");
    add(&mut m, "Kooth / 11-25 / @North", "2");
    press(&mut m, &["/"]);
    type_text(&mut m, "unplaced");
    press(&mut m, &["enter"]);
    let selected = |m: &Model| m.selected_service().map(|s| s.fields.name.clone());
    assert_eq!(selected(&m).as_deref(), Some("Youth club"));
    press(&mut m, &["3"]);
    let club = m
        .store
        .services(event(&m))
        .expect("services")
        .into_iter()
        .find(|s| s.fields.name == "Youth club")
        .expect("club");
    assert_eq!(
        club.fields.groupings.numbers(),
        "3",
        "the digit acts on the first match"
    );

    press(&mut m, &["/"]);
    for _ in 0.."unplaced".len() {
        press(&mut m, &["backspace"]);
    }
    press(&mut m, &["enter"]);
    add(&mut m, "Nurses / 5-18 / @West", "1");
    add(&mut m, "Kooth 2 / 11-25 / @North", "2");
    press(&mut m, &["/"]);
    type_text(&mut m, "west");
    press(&mut m, &["enter"]);
    assert_eq!(selected(&m).as_deref(), Some("Nurses"));
    press(&mut m, &["4"]);
    assert!(
        m.selected_service()
            .expect("still selected")
            .fields
            .groupings
            .contains(Grouping::GettingMoreHelp)
    );
}

#[test]
fn another_consoles_service_shows_within_a_second_of_the_clock() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("thrive.db");
    let mut m = model();
    m.open_event(Store::open(&path).expect("open"), "", false)
        .expect("event");
    press(&mut m, &["m"]);
    wait(&mut m, TimeDelta::seconds(1));
    // The second console: its own connection, writing one service.
    let other = Store::open(&path).expect("second");
    let fields = thrive::map::ServiceFields {
        groupings: Groupings::NONE.with(Grouping::GettingHelp, true),
        ..thrive::map::ServiceFields::named("School counselling")
    };
    other
        .add_service(event(&m), &fields, m.now)
        .expect("written");
    wait(&mut m, TimeDelta::seconds(1));
    assert!(
        screen(&m, 120, 40).contains("School counselling"),
        "{}",
        screen(&m, 120, 40)
    );
}

#[test]
fn two_people_editing_one_service_keep_both_changes() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("thrive.db");
    let a = Store::open(&path).expect("a");
    let b = Store::open(&path).expect("b");
    let (info, _) = a
        .open_event(
            &day(),
            "",
            common::morning().date(),
            common::morning(),
            false,
        )
        .expect("event");
    let seen = a
        .add_service(
            info.id,
            &thrive::map::ServiceFields::named("Kooth"),
            common::morning(),
        )
        .expect("added");
    // Both start from the same record; A changes the provider, B the groupings and ages.
    let mut by_a = seen.fields.clone();
    by_a.provider = "Kooth plc".into();
    let mut by_b = seen.fields.clone();
    by_b.groupings = Groupings::parse("2 3").expect("groupings");
    by_b.ages = Some(Ages { from: 11, to: 25 });
    a.update_service(seen.id, &seen.fields, &by_a, common::morning())
        .expect("a");
    b.update_service(seen.id, &seen.fields, &by_b, common::morning())
        .expect("b");
    b.set_grouping(seen.id, Grouping::Thriving, true, common::morning())
        .expect("b toggles");
    let now = a.service(seen.id).expect("read").fields;
    assert_eq!(now.provider, "Kooth plc");
    assert_eq!(now.groupings.numbers(), "1 2 3");
    assert_eq!(now.ages, Some(Ages { from: 11, to: 25 }));
    // Both add a service at once: both survive.
    a.add_service(
        info.id,
        &thrive::map::ServiceFields::named("One"),
        common::morning(),
    )
    .expect("one");
    b.add_service(
        info.id,
        &thrive::map::ServiceFields::named("Two"),
        common::morning(),
    )
    .expect("two");
    assert_eq!(a.services(info.id).expect("list").len(), 3);
}

#[test]
fn a_new_event_of_the_series_starts_from_the_last_map_and_the_scripts_seeds() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("thrive.db");
    let store = Store::open(&path).expect("open");
    let text = std::fs::read_to_string("workshops/engagement-event.toml").expect("example");
    let script = thrive::script::parse("x.toml", text.as_bytes()).expect("valid");
    let first_day = common::morning();
    let (first, _) = store
        .open_event(&script, &text, first_day.date(), first_day, false)
        .expect("first");
    let seeded = store.services(first.id).expect("services");
    assert_eq!(seeded.len(), script.services.len(), "the script's seeds");
    store
        .add_service(
            first.id,
            &thrive::map::ServiceFields::named("Added on the day"),
            first_day,
        )
        .expect("added");
    let later = first_day + TimeDelta::days(30);
    let (second, _) = store
        .open_event(&script, &text, later.date(), later, false)
        .expect("second");
    let carried = store.services(second.id).expect("services");
    assert_eq!(carried.len(), seeded.len() + 1, "seeds are not doubled");
    assert!(carried.iter().all(|s| s.carried_from.is_some()));
}

#[test]
fn the_mapping_segment_and_its_keys_open_the_map_and_coverage() {
    let mut m = model();
    update(&mut m, Message::Tick(common::at(9, 30, 0)));
    press(&mut m, &["G"]);
    assert_eq!(m.screen, Screen::Coverage);
    let shown = screen(&m, 100, 30);
    assert!(shown.contains("Nothing is mapped yet"), "{shown}");
    press(&mut m, &["m"]);
    assert!(screen(&m, 100, 30).contains("No services on the map yet."));
}

/// A locality the event does not know is a typo until the facilitator says it is new: the
/// first Enter asks (naming the one it is near), the second confirms, and the new locality
/// is the map's from then on. A typo never becomes a column of its own unasked.
#[test]
fn a_new_locality_is_asked_about_and_a_typo_never_becomes_a_place() {
    let mut m = model_with(day_with_localities(), ThemeName::Auto, false);
    press(&mut m, &["m", "+"]);
    type_text(&mut m, "Youth club / 11-18 / @Wset");
    let shown = screen(&m, 120, 40);
    assert!(
        shown.contains("“Wset” is not one of the localities — did you mean “West”?"),
        "{shown}"
    );
    press(&mut m, &["enter"]);
    assert!(m.record.services.is_empty(), "not saved on the first Enter");
    let problem = m
        .editor()
        .and_then(|e| e.problem.clone())
        .unwrap_or_default();
    assert!(problem.contains("Enter again adds it as new"), "{problem}");
    // The typo fixed: saved at once, in the known locality.
    for _ in 0.."Wset".len() {
        press(&mut m, &["backspace"]);
    }
    type_text(&mut m, "West");
    press(&mut m, &["enter"]);
    assert_eq!(m.record.services.len(), 1);
    assert!(m.record.localities.is_empty());

    // A new place: asked, then confirmed, and then it is the map's.
    press(&mut m, &["+"]);
    type_text(&mut m, "Coast hub / @Saltby");
    press(&mut m, &["enter", "enter"]);
    assert_eq!(m.record.services.len(), 2);
    assert_eq!(m.record.localities, ["Saltby"]);
    assert_eq!(m.store.localities(event(&m)).expect("stored"), ["Saltby"]);
    let grid = m.coverage.locality.as_ref().expect("grid");
    assert_eq!(grid.columns, ["North", "West", "Saltby"]);
    press(&mut m, &["+"]);
    type_text(&mut m, "Second hub / @saltby");
    press(&mut m, &["enter"]);
    assert_eq!(m.record.services.len(), 3, "known now: no question");
}

/// Undo after a merge puts both records back as they were: the one merged away returns and
/// the one kept loses what the merge gave it.
#[test]
fn undo_after_a_merge_puts_both_back_as_they_were() {
    let mut m = model();
    press(&mut m, &["m"]);
    add(&mut m, "Family hub / local authority / 0-17", "1");
    press(&mut m, &["+"]);
    type_text(&mut m, "family hub / 5-25 / #3");
    press(&mut m, &["enter", "a"]);
    assert_eq!(m.record.services.len(), 2);
    press(&mut m, &["M"]);
    let merged = &m.store.services(event(&m)).expect("services")[0].fields;
    assert_eq!(merged.ages, Some(Ages { from: 0, to: 25 }));
    press(&mut m, &["u"]);
    let back = m.store.services(event(&m)).expect("services");
    assert_eq!(back.len(), 2);
    assert_eq!(back[0].fields.ages, Some(Ages { from: 0, to: 17 }));
    assert_eq!(back[0].fields.groupings.numbers(), "1");
    assert_eq!(back[1].fields.ages, Some(Ages { from: 5, to: 25 }));
    assert_eq!(
        m.record.services[0].fields, back[0].fields,
        "the screen too"
    );
}

/// A typed line merged into a service already on the map (the question's m) is undone too.
#[test]
fn undo_after_merging_a_typed_line_puts_the_service_back() {
    let mut m = model();
    press(&mut m, &["m"]);
    add(&mut m, "Kooth / Kooth plc / 11-18", "2");
    press(&mut m, &["+"]);
    type_text(&mut m, "KOOTH. / voluntary / 16-25 / #3");
    press(&mut m, &["enter", "m"]);
    let merged = &m.store.services(event(&m)).expect("services")[0].fields;
    assert_eq!(merged.ages, Some(Ages { from: 11, to: 25 }));
    press(&mut m, &["u"]);
    let back = &m.store.services(event(&m)).expect("services")[0].fields;
    assert_eq!(back.ages, Some(Ages { from: 11, to: 18 }));
    assert_eq!(back.groupings.numbers(), "2");
    assert_eq!(back.sector, None);
    assert_eq!(
        m.status_text(),
        Some("✓ merge undone: the service is as it was")
    );
}

/// The selection is a service: another console adding one at the same moment never moves it
/// onto theirs, and a digit then changes the service this console chose (issue 11, item 3).
#[test]
fn the_selection_stays_on_its_service_when_another_console_adds_one() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("thrive.db");
    let mut m = model();
    m.open_event(Store::open(&path).expect("open"), "", false)
        .expect("event");
    press(&mut m, &["m"]);
    add(&mut m, "Zebra club", "");
    // The other console's add lands a moment before this one's: it takes the lower id.
    let other = Store::open(&path).expect("second");
    other
        .add_service(
            event(&m),
            &thrive::map::ServiceFields::named("Another console's"),
            m.now,
        )
        .expect("written");
    add(&mut m, "Youth hub", "");
    let chosen = m.selected_service().expect("selected").id;
    assert_eq!(
        m.selected_service().map(|s| s.fields.name.as_str()),
        Some("Youth hub")
    );
    wait(&mut m, TimeDelta::seconds(2));
    assert!(
        m.record
            .services
            .iter()
            .any(|s| s.fields.name == "Another console's")
    );
    assert_eq!(m.selected_service().map(|s| s.id), Some(chosen));
    press(&mut m, &["2"]);
    let theirs = m
        .store
        .services(event(&m))
        .expect("services")
        .into_iter()
        .find(|s| s.fields.name == "Another console's")
        .expect("theirs");
    assert!(theirs.fields.groupings.is_empty(), "theirs untouched");
}

//! Priorities by dot vote, by keys through `update()`: candidates from the gaps, notes,
//! actions and typing; five tables calling out their dots; the budget and the cap refused
//! with a message and nothing lost; a dot taken back; blind until the reveal (the room sees
//! who has voted and never a tally), ties shown as ties, un-reveal; the top priorities into
//! actions tagged with their grouping and linked; and two consoles sharing one budget.

mod common;

use chrono::TimeDelta;
use common::{model_with, press, type_text, wait};
use thrive::app::{Message, Model, Screen, update};
use thrive::event::room::Shown;
use thrive::event::store::Store;
use thrive::event::vote::{Origin, Refused};
use thrive::room::{Ask, Body, Room, VoteCard};
use thrive::script;
use thrive::ui::theme::{Theme, ThemeName};

/// The fixture's day with five tables voting, three dots each.
fn script_text(extra: &str) -> String {
    let old = "kind = \"priorities\"\n";
    assert!(common::DAY.contains(old));
    let day = common::DAY.replace(
        old,
        &format!(
            "kind = \"priorities\"\nvoters = [\"Table 1\", \"Table 2\", \"Table 3\", \"Table 4\", \"Table 5\"]\n{extra}"
        ),
    );
    // One service on the map, so the coverage has gaps to vote on.
    format!(
        "{day}\n[[service]]\nname = \"Kooth\"\ngroupings = [\"Getting Help\"]\nages = \"11-25\"\n"
    )
}

fn voting(extra: &str) -> Model {
    let text = script_text(extra);
    let script = script::parse("day.toml", text.as_bytes()).expect("script");
    let mut m = model_with(script, ThemeName::Light, false);
    update(&mut m, Message::Tick(common::at(9, 0, 0)));
    // Model::new opens the script's event on an in-memory store.
    wait(&mut m, TimeDelta::zero());
    m
}

fn on_db(db: &std::path::Path, extra: &str) -> Model {
    let text = script_text(extra);
    let script = script::parse("day.toml", text.as_bytes()).expect("script");
    let mut m = model_with(script, ThemeName::Light, false);
    update(&mut m, Message::Tick(common::at(9, 0, 0)));
    m.open_event(Store::open(db).expect("db"), &text, false)
        .expect("event");
    wait(&mut m, TimeDelta::zero());
    m
}

/// Three candidates typed at the vote.
fn with_candidates(m: &mut Model, texts: &[&str]) {
    press(m, &["D"]);
    assert_eq!(m.screen, Screen::Priorities);
    for t in texts {
        press(m, &["i"]);
        type_text(m, t);
        press(m, &["enter"]);
    }
    press(m, &["up"; 10]);
}

fn message(m: &Model) -> String {
    m.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn room_text(m: &Model, w: u16, h: u16) -> String {
    let room = m.room_view();
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
    thrive::ui::room::render(&room, &m.theme, buf.area, &mut buf);
    thrive::ui::buffer_text(&buf)
}

#[test]
fn tables_call_out_their_dots_within_their_budget() {
    let mut m = voting("");
    with_candidates(
        &mut m,
        &[
            "Waiting times for 14-18s",
            "A single front door #3",
            "Parents' evenings",
        ],
    );
    assert_eq!(m.record.vote.candidates.len(), 3);
    // A typed #3 tags the grouping, the tag leaves the words.
    let door = &m.record.vote.candidates[1];
    assert_eq!(door.text, "A single front door");
    assert_eq!(door.grouping, Some(thrive::thrive::Grouping::GettingHelp));
    assert_eq!(door.origin, Origin::Typed);
    // Table 3: two on the first, one on the second — several on one is allowed by default.
    press(&mut m, &["3", "+", "+", "down", "+"]);
    assert!(
        message(&m).contains("Table 3: 1 dot on this · 0 dots left"),
        "{}",
        message(&m)
    );
    // A fourth dot is refused with a plain message; the three stay.
    press(&mut m, &["down", "+"]);
    let said = message(&m);
    assert!(said.contains("Table 3 has spent its 3 dots"), "{said}");
    let id = m.record.event.as_ref().expect("event").id;
    let stored = m.store.vote(id).expect("read");
    assert_eq!(stored, m.record.vote);
    assert_eq!(stored.spent("Table 3"), 3);
    assert_eq!(stored.total(stored.candidates[2].id), 0);
    // Taken back, it can go elsewhere; nothing to take back is said, not an error.
    press(&mut m, &["up", "-", "down", "+"]);
    let v = &m.record.vote;
    assert_eq!(v.on(v.candidates[1].id, "Table 3"), 0);
    assert_eq!(v.on(v.candidates[2].id, "Table 3"), 1);
    press(&mut m, &["up", "-"]);
    assert!(message(&m).contains("Table 3 has no dot on this one to take back"));
    // Right moves to the next table.
    press(&mut m, &["right", "+"]);
    assert_eq!(m.record.vote.spent("Table 4"), 1);
    assert_eq!(m.record.vote.unspent(&m.vote_rules()), 15 - 4);
}

#[test]
fn the_script_can_allow_one_dot_per_candidate_and_more_dots() {
    let mut m = voting("dots = 5\nper_candidate = 1\n");
    with_candidates(&mut m, &["One", "Two"]);
    press(&mut m, &["1", "+", "+"]);
    assert!(
        message(&m).contains("Table 1 may put at most 1 dot on one candidate"),
        "{}",
        message(&m)
    );
    assert_eq!(m.record.vote.spent("Table 1"), 1);
    let rules = m.vote_rules();
    assert_eq!((rules.dots, rules.per_candidate), (5, Some(1)));
}

#[test]
fn candidates_come_from_the_gaps_notes_and_actions_keeping_where_they_came_from() {
    let mut m = voting("");
    // The gaps list: c puts the selected gap to the vote; twice is once.
    press(&mut m, &["G", "4", "c", "c"]);
    assert_eq!(m.record.vote.candidates.len(), 1, "{}", message(&m));
    let gap = m.record.vote.candidates[0].clone();
    assert_eq!(gap.origin, Origin::Gap);
    assert!(gap.grouping.is_some());
    assert!(
        gap.action_text.starts_with("Find")
            || gap.action_text.starts_with("Ask")
            || gap.action_text.starts_with("Cover"),
        "{}",
        gap.action_text
    );
    // A note, with its tag as the grouping; a private note is refused.
    press(&mut m, &["n"]);
    type_text(&mut m, "Schools want a named contact #2");
    press(&mut m, &["enter", "n"]);
    type_text(&mut m, "Jo is unhappy about this #private");
    press(&mut m, &["enter", "N", "end", "c"]);
    assert!(
        message(&m).contains("a private note stays at the console"),
        "{}",
        message(&m)
    );
    press(&mut m, &["up", "c"]);
    let note = m.record.vote.candidates.last().expect("note").clone();
    assert_eq!(
        (note.origin, note.text.as_str()),
        (Origin::Note, "Schools want a named contact")
    );
    assert_eq!(note.grouping, Some(thrive::thrive::Grouping::GettingAdvice));
    // An action: already an action, so it is linked from the start.
    press(&mut m, &["a"]);
    type_text(&mut m, "Ask the ICB about crisis beds #5");
    press(&mut m, &["enter", "A", "c"]);
    let action = m.record.vote.candidates.last().expect("action").clone();
    assert_eq!(action.origin, Origin::Action);
    assert_eq!(action.action, Some(m.record.actions[0].id));
    assert_eq!(m.record.vote.candidates.len(), 3);
    // A typed candidate marked private is refused: a candidate is for the room.
    press(&mut m, &["D", "i"]);
    type_text(&mut m, "Ask Jo about her son #private");
    press(&mut m, &["enter"]);
    // The field stays open with the words and the reason; nothing typed is lost.
    let shown = common::screen(&m, 120, 40);
    assert!(shown.contains("a candidate is for the room"), "{shown}");
    assert!(shown.contains("Ask Jo about her son"), "{shown}");
    press(&mut m, &["esc"]);
    assert_eq!(m.record.vote.candidates.len(), 3);
    // Every one kept by the store, with where it came from.
    let id = m.record.event.as_ref().expect("event").id;
    assert_eq!(
        m.store.vote(id).expect("read").candidates,
        m.record.vote.candidates
    );
}

#[test]
fn the_room_sees_who_has_voted_until_the_reveal_then_the_ranking_with_ties() {
    let mut m = voting("");
    with_candidates(
        &mut m,
        &[
            "Waiting times",
            "Front door",
            "Transitions at 18",
            "Peer support",
        ],
    );
    press(&mut m, &["v"]);
    assert_eq!(m.room_showing(), Shown::Priorities);
    // Five tables: Waiting times 5, Front door 5 (a tie), Transitions 3, Peer support 0;
    // Table 5 keeps two dots.
    for (table, keys) in [
        ("1", &["+", "+", "down", "+"][..]),
        ("2", &["+", "down", "+", "+"]),
        ("3", &["+", "down", "+", "down", "+"]),
        ("4", &["+", "down", "down", "+", "+"]),
        ("5", &["+"]),
    ] {
        press(&mut m, &["up", "up", "up", "up", table]);
        press(&mut m, keys);
    }
    let v = &m.record.vote;
    let totals: Vec<u32> = v.candidates.iter().map(|c| v.total(c.id)).collect();
    assert_eq!(totals, vec![6, 4, 3, 0], "as entered");
    // Blind: no tally anywhere in the room's state or its drawing.
    let room = m.room_view();
    let Body::Priorities(VoteCard::Voting { voters, .. }) = &room.body else {
        panic!("voting: {:?}", room.body);
    };
    assert_eq!(voters[4], ("Table 5".to_owned(), 1, 3));
    for (w, h) in [(100, 30), (240, 67)] {
        let seen = room_text(&m, w, h);
        assert!(seen.contains("Table 1  ✓ voted"), "{seen}");
        assert!(seen.contains("Table 5  ●○○ 2 left"), "{seen}");
        for tally in ["6 dots", "4 dots", "3 dots", "Priorities"] {
            assert!(
                !seen.contains(tally),
                "{tally} reached the room before the reveal:\n{seen}"
            );
        }
    }
    insta::assert_snapshot!("vote_room_blind_100x30", room_text(&m, 100, 30));
    insta::assert_snapshot!("vote_console_blind_120x40", common::screen(&m, 120, 40));
    // The reveal: the ranking, with the unspent dots counted.
    press(&mut m, &["r"]);
    let seen = room_text(&m, 100, 30);
    assert!(
        seen.contains("6 dots") && seen.contains("2 dots not spent (Table 5)"),
        "{seen}"
    );
    insta::assert_snapshot!("vote_room_revealed_100x30", seen);
    insta::assert_snapshot!("vote_room_revealed_240x67", room_text(&m, 240, 67));
    insta::assert_snapshot!("vote_console_revealed_120x40", common::screen(&m, 120, 40));
    insta::assert_snapshot!("vote_console_revealed_80x24", common::screen(&m, 80, 24));
    // Un-reveal: a facilitator who revealed too early.
    press(&mut m, &["r"]);
    assert!(!room_text(&m, 100, 30).contains("6 dots"));
    assert!(
        !m.store
            .vote(m.record.event.as_ref().expect("e").id)
            .expect("read")
            .revealed
    );
    // A tie is a tie: Table 5 makes it 6 and 6... on Front door twice.
    press(&mut m, &["5", "up", "up", "up", "down", "+", "+", "r"]);
    let Body::Priorities(VoteCard::Revealed { ranking, unspent }) = m.room_view().body else {
        panic!("revealed");
    };
    let places: Vec<(&str, u32)> = ranking.iter().map(|r| (r.0.as_str(), r.2)).collect();
    assert_eq!(places, vec![("=1", 6), ("=1", 6), ("3", 3), ("4", 0)]);
    assert_eq!(unspent, None, "every dot spent");
}

#[test]
fn no_color_draws_the_vote_by_symbols() {
    let text = script_text("");
    let script = script::parse("day.toml", text.as_bytes()).expect("script");
    let mut m = model_with(script, ThemeName::Light, true);
    update(&mut m, Message::Tick(common::at(9, 0, 0)));
    with_candidates(&mut m, &["Waiting times", "Front door"]);
    press(&mut m, &["1", "+", "+", "2", "+"]);
    let theme = Theme::new(ThemeName::Light, true);
    let room = Room::build(&m.room_sources(), &Ask::Shown(Shown::Priorities));
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 100, 30));
    thrive::ui::room::render(&room, &theme, buf.area, &mut buf);
    for cell in buf.content.iter() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset, "NO_COLOR: no colour");
    }
    insta::assert_snapshot!("vote_room_no_color_100x30", thrive::ui::buffer_text(&buf));
    insta::assert_snapshot!("vote_console_no_color_80x24", common::screen(&m, 80, 24));
}

#[test]
fn the_top_priorities_become_actions_tagged_and_linked_once() {
    let mut m = voting("top = 2\n");
    with_candidates(
        &mut m,
        &["Waiting times #3", "Front door #2", "Transitions at 18 #4"],
    );
    // Waiting times 2, Front door 1 + 2, Transitions none.
    press(&mut m, &["1", "+", "+", "down", "+", "2", "+", "+"]);
    // Not before the reveal: the room agrees on what it can see.
    press(&mut m, &["enter"]);
    assert!(
        message(&m).contains("reveal the vote first"),
        "{}",
        message(&m)
    );
    assert!(m.record.actions.is_empty());
    press(&mut m, &["r", "enter"]);
    let v = &m.record.vote;
    let totals: Vec<u32> = v.candidates.iter().map(|c| v.total(c.id)).collect();
    assert_eq!(totals, vec![2, 3, 0]);
    assert_eq!(m.record.actions.len(), 2, "{}", message(&m));
    let texts: Vec<(&str, Option<thrive::thrive::Grouping>)> = m
        .record
        .actions
        .iter()
        .map(|a| (a.text.as_str(), a.grouping))
        .collect();
    assert_eq!(
        texts,
        vec![
            ("Front door", Some(thrive::thrive::Grouping::GettingAdvice)),
            ("Waiting times", Some(thrive::thrive::Grouping::GettingHelp)),
        ]
    );
    // Linked, and a second Enter makes no second copy.
    let v = &m.record.vote;
    assert_eq!(v.candidates[1].action, Some(m.record.actions[0].id));
    press(&mut m, &["D", "enter"]);
    assert!(message(&m).contains("already actions"), "{}", message(&m));
    assert_eq!(m.record.actions.len(), 2);
    // Picked ones instead of the top: x picks, Enter makes those.
    press(&mut m, &["down", "down", "down", "x", "enter"]);
    assert_eq!(m.record.actions.len(), 3);
    assert_eq!(m.record.actions[2].text, "Transitions at 18");
    // The store holds the links.
    let id = m.record.event.as_ref().expect("event").id;
    let stored = m.store.vote(id).expect("read");
    assert!(stored.candidates.iter().all(|c| c.action.is_some()));
}

#[test]
fn a_voter_added_at_the_event_votes_and_is_kept() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut m = on_db(&db, "");
    with_candidates(&mut m, &["Waiting times"]);
    press(&mut m, &["T"]);
    type_text(&mut m, "Young   advisers");
    press(&mut m, &["enter", "+", "+"]);
    assert_eq!(
        m.voters().last().map(String::as_str),
        Some("Young advisers")
    );
    assert_eq!(m.record.vote.spent("Young advisers"), 2);
    // A name already voting is chosen, not added twice.
    press(&mut m, &["T"]);
    type_text(&mut m, "table 2");
    press(&mut m, &["enter"]);
    assert_eq!(m.voters().len(), 6);
    assert_eq!(m.vote_view.voter, 1);
    drop(m);
    let again = on_db(&db, "");
    assert_eq!(again.voters().len(), 6);
    assert_eq!(again.record.vote.spent("Young advisers"), 2);
}

#[test]
fn two_consoles_entering_dots_for_one_table_share_its_budget() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut a = on_db(&db, "");
    with_candidates(&mut a, &["Waiting times", "Front door"]);
    let mut b = on_db(&db, "");
    wait(&mut b, TimeDelta::seconds(2));
    press(&mut b, &["D"]);
    assert_eq!(
        b.record.vote.candidates.len(),
        2,
        "the other console sees the candidates"
    );
    // Each enters dots for Table 1, not yet seeing the other's.
    press(&mut a, &["1", "+", "+"]);
    press(&mut b, &["1", "down", "+", "+"]);
    assert!(
        message(&b).contains("Table 1 has spent its 3 dots"),
        "{}",
        message(&b)
    );
    let id = a.record.event.as_ref().expect("event").id;
    let stored = a.store.vote(id).expect("read");
    assert_eq!(stored.spent("Table 1"), 3);
    wait(&mut a, TimeDelta::seconds(2));
    assert_eq!(
        a.record.vote.spent("Table 1"),
        3,
        "a console reads the other's dots"
    );
    // The store itself refuses past the budget, whatever a console believed.
    let rules = a.vote_rules();
    let refused = a
        .store
        .change_dot(
            id,
            stored.candidates[0].id,
            "Table 1",
            1,
            &rules,
            common::at(9, 30, 0),
        )
        .expect("write");
    assert_eq!(refused, Err(Refused::Spent { budget: 3 }));
}

#[test]
fn bad_vote_settings_in_a_script_are_named_with_their_place() {
    for (extra, says) in [
        ("dots = 0\n", "`dots` must be a whole number from 1 to 20"),
        (
            "per_candidate = 4\n",
            "`per_candidate` is 4, more than the 3 dots each voter has",
        ),
        ("voters = [\"A\", \"a\"]\n", "voter \"a\" is named twice"),
    ] {
        let text = common::DAY.replace(
            "kind = \"priorities\"\n",
            &format!("kind = \"priorities\"\n{extra}"),
        );
        let err = script::parse("day.toml", text.as_bytes()).expect_err(extra);
        let shown = err.to_string();
        assert!(shown.contains(says), "{extra}: {shown}");
        assert!(shown.contains("day.toml:"), "{shown}");
    }
    let text = common::DAY.replace("kind = \"gaps\"\n", "kind = \"gaps\"\nvoters = [\"A\"]\n");
    let shown = script::parse("day.toml", text.as_bytes())
        .expect_err("voters on gaps")
        .to_string();
    assert!(
        shown.contains("`voters` belongs on a priorities segment, not a gaps one"),
        "{shown}"
    );
}

#[test]
fn a_vote_with_no_voters_or_no_candidates_draws_at_every_size() {
    let mut m = common::model();
    press(&mut m, &["D"]);
    for revealed in [false, true] {
        if revealed {
            press(&mut m, &["r"]);
        }
        for (w, h) in [(1, 1), (20, 5), (80, 24), (100, 30), (240, 67), (300, 90)] {
            let _ = room_text(&m, w, h);
            let _ = common::screen(&m, w, h);
        }
    }
    assert!(common::screen(&m, 100, 30).contains("No candidates yet"));
}

/// What two consoles and a stale screen could do wrong: a second spelling of one table
/// spending a second budget, a candidate deleted with another console's dots on it, the
/// winners made into actions twice.
#[test]
fn two_consoles_never_split_a_budget_lose_a_dot_or_double_the_actions() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut a = on_db(&db, "top = 1\n");
    with_candidates(&mut a, &["Waiting times", "Front door"]);
    let mut b = on_db(&db, "top = 1\n");
    press(&mut b, &["D"]);
    let id = a.record.event.as_ref().expect("event").id;
    let rules = a.vote_rules();
    let first = a.record.vote.candidates[0].id;
    // One table, however it is typed, has one budget.
    for voter in ["Table 1", "table 1", "TABLE 1"] {
        a.store
            .change_dot(id, first, voter, 1, &rules, common::at(9, 1, 0))
            .expect("write")
            .expect("within the budget");
    }
    let again = a
        .store
        .change_dot(id, first, "Table 1 ".trim(), 1, &rules, common::at(9, 1, 0))
        .expect("write");
    assert_eq!(again, Err(Refused::Spent { budget: 3 }));
    assert_eq!(a.store.vote(id).expect("read").spent("Table 1"), 3);
    // Console B puts a dot on Front door; A, not yet synced, tries to take it off the vote.
    press(&mut b, &["2", "down", "+"]);
    press(&mut a, &["down", "d"]);
    assert!(
        message(&a).contains("another console has put dots on it"),
        "{}",
        message(&a)
    );
    assert_eq!(a.record.vote.candidates.len(), 2);
    // Both reveal and make the top priority an action, one after the other: one action.
    press(&mut a, &["r"]);
    wait(&mut b, TimeDelta::seconds(2));
    assert!(b.record.vote.revealed, "B reads the reveal");
    press(&mut a, &["enter"]);
    press(&mut b, &["enter"]);
    let actions = a.store.actions(id).expect("actions");
    assert_eq!(actions.len(), 1, "{actions:?}");
}

#[test]
fn a_candidate_whose_note_turns_private_leaves_the_room_and_the_files_for_others() {
    let dir = tempfile::tempdir().expect("dir");
    let mut m = on_db(&dir.path().join("thrive.db"), "");
    press(&mut m, &["n"]);
    type_text(&mut m, "NOTEMARK schools want a named contact");
    press(&mut m, &["enter", "N", "c", "D", "1", "+", "v"]);
    assert!(room_text(&m, 100, 30).contains("NOTEMARK"));
    // The note is made private afterwards: its candidate goes from the room and the report.
    press(&mut m, &["N", "enter", "ctrl-p", "enter"]);
    assert!(m.record.notes[0].is_private());
    press(&mut m, &["D"]);
    assert!(!room_text(&m, 100, 30).contains("NOTEMARK"));
    press(&mut m, &["r"]);
    assert!(!room_text(&m, 100, 30).contains("NOTEMARK"));
    let id = m.record.event.as_ref().expect("event").id;
    let doc = thrive::event::document::Document::build(&m.store, id, common::at(12, 0, 0))
        .expect("document");
    let part = |what, format| {
        let bytes = thrive::export::render(
            &doc,
            thrive::export::Part { what, format },
            chrono::DateTime::from_timestamp(0, 0).expect("stamp"),
        )
        .expect("render");
        String::from_utf8(bytes).expect("utf-8")
    };
    use thrive::export::{Format, What};
    for (what, format) in [
        (What::Report, Format::Md),
        (What::Priorities, Format::Csv),
        (What::Priorities, Format::Md),
    ] {
        assert!(
            !part(what, format).contains("NOTEMARK"),
            "{what:?} {format:?}"
        );
    }
    // The event document keeps it, marked, for another thrive.
    let json = part(What::All, Format::Json);
    assert!(json.contains("NOTEMARK") && json.contains("\"private\": true"));
}

#[test]
fn a_voters_name_reaches_the_spreadsheet_as_text_and_evidence_marked_private_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let mut m = on_db(&dir.path().join("thrive.db"), "");
    with_candidates(&mut m, &["Waiting times"]);
    press(&mut m, &["T"]);
    type_text(&mut m, "=HYPERLINK(\"http://x\")");
    press(&mut m, &["enter", "+"]);
    let id = m.record.event.as_ref().expect("event").id;
    let doc = thrive::event::document::Document::build(&m.store, id, common::at(12, 0, 0))
        .expect("document");
    let csv = thrive::export::render(
        &doc,
        thrive::export::Part {
            what: thrive::export::What::Priorities,
            format: thrive::export::Format::Csv,
        },
        chrono::DateTime::from_timestamp(0, 0).expect("stamp"),
    )
    .expect("render");
    let header = String::from_utf8(csv).expect("utf-8");
    let header = header.lines().next().expect("a header");
    assert!(header.contains("\"'=HYPERLINK"), "{header}");
    // Evidence may be shown to the room: #private is refused, the words kept.
    press(&mut m, &["P", "s", "enter"]);
    type_text(&mut m, "Jo's complaint #private");
    press(&mut m, &["enter"]);
    let shown = common::screen(&m, 120, 40);
    assert!(
        shown.contains("the evidence may be shown to the room"),
        "{shown}"
    );
    press(&mut m, &["esc"]);
    assert!(m.record.assessments.now.is_empty());
}

//! A fixed series of two events for the export tests: an engagement event in October and a
//! community-of-practice meeting in December that reviews its actions and moves its map on.
//! Every time is fixed and every uid is set by hand, so each export is the same byte for byte.

use chrono::{NaiveDate, NaiveDateTime};
use thrive::event::AgendaRun;
use thrive::event::record::{ActionFields, Decision, EventId, Status};
use thrive::event::store::Store;
use thrive::map::{Ages, Groupings, ServiceFields};
use thrive::script::{self, Script};
use thrive::thrive::{Grouping, Principle};

pub const AUTUMN: &str = include_str!("../fixtures/export/autumn.toml");
pub const WINTER: &str = include_str!("../fixtures/export/winter.toml");

pub fn t(month: u32, day: u32, hour: u32, minute: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, month, day)
        .and_then(|d| d.and_hms_opt(hour, minute, 0))
        .expect("a time")
}

fn parse(name: &str, text: &str) -> Script {
    match script::parse(name, text.as_bytes()) {
        Ok(s) => s,
        Err(r) => panic!("fixture must load:\n{r}"),
    }
}

/// name, provider, sector, groupings, ages, locality, access route, notes.
type Line<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a [u8],
    (u8, u8),
    &'a str,
    &'a str,
    &'a str,
);

fn service(line: Line<'_>) -> ServiceFields {
    let (name, provider, sector, groupings, (from, to), locality, route, notes) = line;
    ServiceFields {
        name: name.into(),
        provider: provider.into(),
        sector: Some(sector.into()),
        groupings: groupings.iter().fold(Groupings::NONE, |g, n| {
            g.with(Grouping::from_number(i64::from(*n)).expect("1-5"), true)
        }),
        ages: Some(Ages { from, to }),
        localities: thrive::map::Localities::parse(locality),
        access_route: route.into(),
        notes: notes.into(),
        directory: None,
    }
}

fn action(text: &str, owners: &[&str], due: Option<(u32, u32)>) -> ActionFields {
    ActionFields {
        text: text.into(),
        owners: owners.iter().map(|o| (*o).to_owned()).collect(),
        due: due.and_then(|(m, d)| NaiveDate::from_ymd_opt(2026, m, d)),
        grouping: None,
        principle: None,
    }
}

/// The two events in `store`: (October's, December's).
pub fn build(store: &Store) -> (EventId, EventId) {
    let autumn = parse("autumn.toml", AUTUMN);
    let (first, _) = store
        .open_event(
            &autumn,
            AUTUMN,
            autumn.workshop.date,
            t(10, 15, 9, 0),
            false,
        )
        .expect("first event");
    let first = first.id;
    let mut run = AgendaRun::new(&autumn);
    run.start_pause(t(10, 15, 9, 32));
    run.next(t(10, 15, 9, 49));
    run.extend(&autumn, 5);
    run.next(t(10, 15, 10, 41));
    run.next(t(10, 15, 11, 5));
    store.save_run(first, &autumn, &run).expect("run");
    store
        .add_services(
            first,
            &[
                service((
                    "Kooth",
                    "Kooth plc",
                    "voluntary sector",
                    &[2, 3],
                    (11, 25),
                    "All",
                    "online",
                    "kooth.com",
                )),
                service((
                    "School nursing",
                    "Northants NHS",
                    "NHS",
                    &[1, 2],
                    (5, 18),
                    "All",
                    "drop-in",
                    "",
                )),
                service((
                    "CAMHS community team",
                    "Northants NHS",
                    "NHS",
                    &[3, 4],
                    (0, 17),
                    "North",
                    "professional referral",
                    "",
                )),
                service((
                    "Youth club North",
                    "North Council",
                    "local authority",
                    &[1],
                    (11, 18),
                    "North",
                    "drop-in",
                    "",
                )),
                service((
                    "Crisis line",
                    "Northants NHS",
                    "NHS",
                    &[5],
                    (0, 25),
                    "All",
                    "phone",
                    "24/7",
                )),
            ],
            t(10, 15, 10, 0),
        )
        .expect("services");
    store
        .add_note(
            first,
            "Schools want one number to call",
            Some("mapping"),
            t(10, 15, 10, 5),
        )
        .expect("note");
    let ask = store
        .add_action(
            first,
            &ActionFields {
                grouping: Some(Grouping::GettingRiskSupport),
                ..action(
                    "Ask the ICB about an 18–25 crisis pathway",
                    &["priya"],
                    Some((11, 20)),
                )
            },
            Some("actions"),
            t(10, 15, 10, 50),
        )
        .expect("action");
    let room = store
        .add_action(
            first,
            &action("Book the December room", &["jo"], Some((11, 1))),
            Some("actions"),
            t(10, 15, 10, 52),
        )
        .expect("action");
    let nurses = store
        .add_action(
            first,
            &action(
                "Invite the school nurses to the map",
                &["sam", "priya"],
                None,
            ),
            Some("actions"),
            t(10, 15, 10, 55),
        )
        .expect("action");
    let dropped = store
        .add_action(
            first,
            &action("Print the map on A0", &[], None),
            None,
            t(10, 15, 11, 0),
        )
        .expect("action");
    store
        .set_status(dropped.id, Status::Dropped, t(10, 15, 11, 2))
        .expect("status");

    let winter = parse("winter.toml", WINTER);
    let (second, _) = store
        .open_event(
            &winter,
            WINTER,
            winter.workshop.date,
            t(12, 3, 13, 50),
            false,
        )
        .expect("second event");
    let second = second.id;
    let info = store.event(second).expect("event");
    let review = store.review(&info).expect("review");
    let by_id = |id| {
        review
            .iter()
            .find(|(a, _)| a.id == id)
            .map(|(a, _)| a.clone())
            .expect("in review")
    };
    store
        .decide(
            &by_id(ask.id),
            Decision::Kept,
            second,
            Some("review"),
            t(12, 3, 14, 5),
        )
        .expect("kept");
    store
        .decide(
            &by_id(room.id),
            Decision::Done,
            second,
            Some("review"),
            t(12, 3, 14, 7),
        )
        .expect("done");
    let _ = nurses;

    let mut run = AgendaRun::new(&winter);
    run.start_pause(t(12, 3, 14, 2));
    run.next(t(12, 3, 14, 25));
    run.start_pause(t(12, 3, 14, 40));
    run.start_pause(t(12, 3, 14, 44));
    run.next(t(12, 3, 14, 55));
    store.save_run(second, &winter, &run).expect("run");

    // The map moves on: one service closes, one changes grouping, two are new.
    let map = store.services(second).expect("map");
    let named = |n: &str| {
        map.iter()
            .find(|s| s.fields.name == n)
            .expect("on the map")
            .clone()
    };
    store
        .delete_service(named("Youth club North").id, t(12, 3, 14, 30))
        .expect("delete");
    store
        .set_grouping(
            named("Crisis line").id,
            Grouping::GettingMoreHelp,
            true,
            t(12, 3, 14, 31),
        )
        .expect("move");
    store
        .add_services(
            second,
            &[
                service((
                    "Young carers | West",
                    "Carers `Trust`",
                    "voluntary sector",
                    &[1, 2],
                    (8, 18),
                    "West",
                    "self-referral",
                    "Meets Tuesdays\nat the library",
                )),
                service((
                    "=HYPERLINK(\"http://x\")",
                    "+44 Trust",
                    "other",
                    &[],
                    (16, 25),
                    "",
                    "",
                    "",
                )),
            ],
            t(12, 3, 14, 33),
        )
        .expect("new services");

    store
        .add_note(
            second,
            "Present: Tom (chair), Priya (ICB), Sam (school nursing), Jo #present",
            Some("review"),
            t(12, 3, 14, 3),
        )
        .expect("note");
    store
        .add_note(
            second,
            "Jade waited 14 weeks | no one called <back>.\n# Not a heading: the `first` contact was school.\n\u{1b}[31mred\u{202e} — 欢迎 😀",
            Some("case"),
            t(12, 3, 14, 50),
        )
        .expect("note");
    store
        .add_note(
            second,
            "A note from before the meeting started",
            None,
            t(12, 3, 13, 55),
        )
        .expect("note");
    // For the facilitators: in the event document (marked), in no file for others.
    store
        .add_note(
            second,
            "PRIVMARK Jo was upset by the waiting list question, call her #private",
            Some("case"),
            t(12, 3, 14, 52),
        )
        .expect("note");
    for (text, owners, due, grouping, principle, status) in [
        (
            "=HYPERLINK(\"http://evil\",\"click\")",
            &["sam", "jo"][..],
            Some((12, 10)),
            Some(Grouping::GettingHelp),
            None,
            Status::Open,
        ),
        (
            "+1 more youth worker for the West",
            &["jo"][..],
            Some((12, 4)),
            None,
            Some(Principle::Accessibility),
            Status::Doing,
        ),
        (
            "-2 waiting lists; ask why | check `stats`",
            &[][..],
            None,
            None,
            None,
            Status::Open,
        ),
        (
            "@the ICB: the 18–25 gap, in writing",
            &["priya"][..],
            Some((1, 15)),
            Some(Grouping::GettingRiskSupport),
            None,
            Status::Done,
        ),
    ] {
        let a = store
            .add_action(
                second,
                &ActionFields {
                    grouping,
                    principle,
                    ..action(text, owners, due)
                },
                Some("next"),
                t(12, 3, 15, 10),
            )
            .expect("action");
        if status != Status::Open {
            store
                .set_status(a.id, status, t(12, 3, 15, 12))
                .expect("status");
        }
    }

    // The assessment: a baseline in October, scored again in December.
    let cell = |score: u8, why: &str| thrive::event::assessment::Cell {
        score: Some(score),
        rationale: why.to_owned(),
    };
    use thrive::thrive::Level;
    for (event, p, l, c, at) in [
        (
            first,
            Principle::NeedsLed,
            Level::Services,
            cell(2, "Waits of 14 weeks"),
            t(10, 15, 11, 0),
        ),
        (
            first,
            Principle::NeedsLed,
            Level::Individual,
            cell(3, ""),
            t(10, 15, 11, 0),
        ),
        (
            first,
            Principle::Accessibility,
            Level::Commissioning,
            cell(1, "No joint budget"),
            t(10, 15, 11, 0),
        ),
        (
            first,
            Principle::CommonLanguage,
            Level::Services,
            cell(2, ""),
            t(10, 15, 11, 0),
        ),
        (
            second,
            Principle::NeedsLed,
            Level::Services,
            cell(3, "Single point of access since November"),
            t(12, 3, 14, 50),
        ),
        (
            second,
            Principle::NeedsLed,
            Level::Individual,
            cell(3, ""),
            t(12, 3, 14, 50),
        ),
        (
            second,
            Principle::Accessibility,
            Level::Commissioning,
            cell(2, "A joint budget <b>agreed</b> in principle"),
            t(12, 3, 14, 51),
        ),
        (
            second,
            Principle::CommonLanguage,
            Level::Services,
            cell(2, ""),
            t(12, 3, 14, 51),
        ),
        (
            second,
            Principle::OutcomeInformed,
            Level::Services,
            cell(1, "No routine outcome measures yet"),
            t(12, 3, 14, 52),
        ),
    ] {
        store
            .save_assessment_cell(event, p, l, &c, at)
            .expect("assessment");
    }
    // The vote: three tables, a tie at the top, a dot left unspent; the top two into actions.
    use thrive::event::vote::{Candidate, Origin};
    let candidate = |text: &str,
                     action_text: &str,
                     origin,
                     grouping,
                     ages: Option<&str>,
                     locality: Option<&str>| Candidate {
        id: Default::default(),
        text: text.to_owned(),
        action_text: action_text.to_owned(),
        origin,
        grouping: Some(grouping),
        ages: ages.map(str::to_owned),
        locality: locality.map(str::to_owned),
        source: None,
        action: None,
    };
    let ids: Vec<_> = [
        candidate(
            "Getting Risk Support: nothing for 18–25 in West",
            "Find or commission Getting Risk Support for 18–25 in West",
            Origin::Gap,
            Grouping::GettingRiskSupport,
            Some("18–25"),
            Some("West"),
        ),
        candidate(
            "One number for schools to call",
            "One number for schools to call",
            Origin::Typed,
            Grouping::GettingAdvice,
            None,
            None,
        ),
        candidate(
            "Transitions at 18, \"no cliff edge\"",
            "Plan transitions at 18 with adult services",
            Origin::Typed,
            Grouping::GettingHelp,
            None,
            None,
        ),
    ]
    .iter()
    .map(|c| {
        store
            .add_candidate(second, c, t(12, 3, 14, 55))
            .expect("candidate")
    })
    .collect();
    let rules = winter.vote_rules();
    for (voter, on) in [
        ("Table 1", [0, 0, 1]),
        ("Table 2", [0, 1, 2]),
        ("Table 3", [2, 2, 2]),
    ] {
        for (k, &c) in on.iter().enumerate() {
            // Table 3 puts two on the third and keeps one back.
            if voter == "Table 3" && k == 2 {
                continue;
            }
            store
                .change_dot(second, ids[c], voter, 1, &rules, t(12, 3, 15, 0))
                .expect("dot")
                .expect("within the budget");
        }
    }
    store
        .set_revealed(second, true, t(12, 3, 15, 2))
        .expect("reveal");
    let vote = store.vote(second).expect("vote");
    let chosen: Vec<_> = vote
        .top(rules.top)
        .into_iter()
        .map(|i| {
            let c = &vote.candidates[i];
            (
                c.id,
                ActionFields {
                    grouping: c.grouping,
                    ..action(&c.action_text, &[], None)
                },
            )
        })
        .collect();
    store
        .priorities_to_actions(second, &chosen, Some("priorities"), t(12, 3, 15, 3))
        .expect("priorities into actions");

    // Names fixed by hand, so every export is the same each run.
    store
        .connection()
        .execute_batch(
            "UPDATE events SET uid = 'event-' || id;
             UPDATE notes SET uid = 'note-' || id;
             UPDATE actions SET uid = 'action-' || id;
             UPDATE services SET uid = 'service-' || id;
             UPDATE actions SET origin = (SELECT o.uid FROM actions o WHERE o.id = actions.carried_from);
             UPDATE actions SET thread = uid WHERE carried_from IS NULL;
             UPDATE actions SET thread = (SELECT o.thread FROM actions o WHERE o.id = actions.carried_from)
                 WHERE carried_from IS NOT NULL;
             UPDATE services SET origin = (SELECT o.uid FROM services o WHERE o.id = services.carried_from);",
        )
        .expect("fixed names");
    (first, second)
}

/// When the fixture's exports are written.
pub fn written_at() -> NaiveDateTime {
    t(12, 3, 16, 0)
}

pub fn stamp() -> chrono::DateTime<chrono::Utc> {
    written_at().and_utc()
}

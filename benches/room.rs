//! The room's view: a frame at a 1080p projector's size (aim ≤ 1 ms), and the projector's
//! look at the database — when nothing changed (four a second: the follow loop's cost while
//! the room sits still, aim < 1 % of a core) and just after a console's change (the read
//! that stands between a commit and the next frame; with a look every 250 ms the median
//! delay is about 125 ms plus this, aim ≤ 250 ms).

use std::hint::black_box;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use thrive::app::keymap::Keymap;
use thrive::app::{Message, Model, update};
use thrive::event::room::{Mode, Shown};
use thrive::event::store::Store;
use thrive::present::Follower;
use thrive::room::{Ask, Room};
use thrive::ui::theme::{Theme, ThemeName};

fn at(h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 3)
        .and_then(|d| d.and_hms_opt(h, m, 0))
        .expect("time")
}

/// The bundled event twenty-five minutes into mapping, on `store`.
fn console(store: Store) -> Model {
    let script =
        thrive::script::parse("example", thrive::script::EXAMPLE.as_bytes()).expect("example");
    let keymap = Keymap::defaults().expect("keys");
    let mut m = Model::new(
        script,
        keymap,
        Theme::new(ThemeName::Light, false),
        at(9, 20),
    );
    m.open_event(store, thrive::script::EXAMPLE, false)
        .expect("event");
    update(&mut m, Message::Tick(at(9, 30)));
    update(
        &mut m,
        Message::Key(ratatui::crossterm::event::KeyEvent::from(
            ratatui::crossterm::event::KeyCode::Char(' '),
        )),
    );
    update(&mut m, Message::Tick(at(11, 45)));
    m
}

fn frame(c: &mut Criterion) {
    let m = console(Store::in_memory().expect("db"));
    let theme = Theme::new(ThemeName::Light, false);
    for (name, shown) in [
        ("segment", Shown::Segment),
        ("map", Shown::Map),
        ("gaps", Shown::Gaps(0)),
    ] {
        c.bench_function(&format!("room frame 240x67 {name}"), |b| {
            let mut buf = Buffer::empty(Rect::new(0, 0, 240, 67));
            b.iter(|| {
                let room = Room::build(&m.room_sources(), &Ask::Shown(shown));
                thrive::ui::room::render(black_box(&room), &theme, buf.area, &mut buf);
            });
        });
    }
}

fn key(m: &mut Model, c: char) {
    update(
        m,
        Message::Key(ratatui::crossterm::event::KeyEvent::from(
            ratatui::crossterm::event::KeyCode::Char(c),
        )),
    );
}

fn keys(m: &mut Model, names: &[ratatui::crossterm::event::KeyCode]) {
    for &k in names {
        update(
            m,
            Message::Key(ratatui::crossterm::event::KeyEvent::from(k)),
        );
    }
}

/// The assessment fully scored and a vote of twenty candidates by the example's six voters,
/// every dot spent: the console's screens and the room's at a projector's size (aim ≤ 1 ms).
fn exercises(c: &mut Criterion) {
    use ratatui::crossterm::event::KeyCode;
    let mut m = console(Store::in_memory().expect("db"));
    key(&mut m, 'P');
    key(&mut m, 's');
    for p in 0..8 {
        for l in 0..3 {
            key(&mut m, char::from(b'1' + ((p + l) % 4) as u8));
            keys(&mut m, &[KeyCode::Right]);
        }
        keys(&mut m, &[KeyCode::Left, KeyCode::Left, KeyCode::Down]);
    }
    key(&mut m, 'D');
    for i in 0..20 {
        key(&mut m, 'i');
        for ch in
            format!("Candidate {i}: waiting times for the {i}th group of young people").chars()
        {
            key(&mut m, ch);
        }
        keys(&mut m, &[KeyCode::Enter]);
    }
    for voter in 1..=6u8 {
        key(&mut m, char::from(b'0' + voter));
        for step in 0..3 {
            keys(&mut m, &[KeyCode::Up; 20]);
            for _ in 0..(usize::from(voter) * 3 + step) % 20 {
                keys(&mut m, &[KeyCode::Down]);
            }
            key(&mut m, '+');
        }
    }
    assert_eq!(m.record.vote.unspent(&m.vote_rules()), 0, "every dot spent");
    let theme = Theme::new(ThemeName::Light, false);
    let mut buf = Buffer::empty(Rect::new(0, 0, 240, 67));
    for (name, screen) in [
        ("assessment", thrive::app::Screen::Assessment),
        ("priorities", thrive::app::Screen::Priorities),
    ] {
        m.screen = screen;
        c.bench_function(&format!("console frame 240x67 {name}"), |b| {
            b.iter(|| thrive::ui::render(black_box(&m), buf.area, &mut buf));
        });
    }
    for revealed in [false, true] {
        if m.record.vote.revealed != revealed {
            key(&mut m, 'r');
        }
        let name = if revealed { "revealed" } else { "blind" };
        c.bench_function(&format!("room frame 240x67 priorities {name}"), |b| {
            b.iter(|| {
                let room = Room::build(&m.room_sources(), &Ask::Shown(Shown::Priorities));
                thrive::ui::room::render(black_box(&room), &theme, buf.area, &mut buf);
            });
        });
    }
    c.bench_function("room frame 240x67 assessment", |b| {
        b.iter(|| {
            let room = Room::build(&m.room_sources(), &Ask::Shown(Shown::Assessment));
            thrive::ui::room::render(black_box(&room), &theme, buf.area, &mut buf);
        });
    });
}

fn follow(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let m = console(Store::open(&db).expect("db"));
    let id = m.record.event.as_ref().expect("event").id;
    let mut follower = Follower::new(&db, None);
    let now = at(11, 45);
    follower.look(now);
    assert!(matches!(
        follower.room(now).body,
        thrive::room::Body::Segment(_)
    ));
    c.bench_function("projector look, nothing changed", |b| {
        b.iter(|| follower.look(black_box(now)));
    });
    let mut flip = false;
    c.bench_function("projector look after the console moved the room", |b| {
        b.iter(|| {
            flip = !flip;
            let shown = if flip { Shown::Map } else { Shown::Segment };
            m.store
                .save_room(
                    id,
                    Mode::Follow,
                    shown,
                    false,
                    "bench",
                    now + TimeDelta::seconds(1),
                )
                .expect("write");
            follower.look(now);
            black_box(follower.room(now));
        });
    });
}

criterion_group!(benches, frame, exercises, follow);
criterion_main!(benches);

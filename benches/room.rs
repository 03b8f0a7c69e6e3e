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

criterion_group!(benches, frame, follow);
criterion_main!(benches);

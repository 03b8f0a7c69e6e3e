//! The event store at the sizes a long series reaches: 50,000 notes and 5,000 actions.
//! - opening the event and loading what the screens show (aim: under 150 ms);
//! - one committed note, median and p99, beside a bare fsync on the same file system (the
//!   floor any durable write pays);
//! - one frame of the actions screen with 5,000 actions (aim: under 2 ms).

use std::hint::black_box;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use rusqlite::params;
use thrive::app::keymap::Keymap;
use thrive::app::{Model, Screen};
use thrive::event::store::Store;
use thrive::script;
use thrive::ui::theme::{Theme, ThemeName};

const NOTES: usize = 50_000;
const ACTIONS: usize = 5_000;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 3)
        .and_then(|d| d.and_hms_opt(16, 0, 0))
        .expect("time")
}

fn model() -> Model {
    let s = script::parse(script::EXAMPLE_NAME, script::EXAMPLE.as_bytes()).expect("example");
    Model::new(
        s,
        Keymap::defaults().expect("keys"),
        Theme::new(ThemeName::Light, false),
        now(),
    )
}

/// A database holding one event with 50,000 notes and 5,000 actions, written in bulk.
fn populate(path: &Path) {
    let mut m = model();
    m.open_event(Store::open(path).expect("store"), script::EXAMPLE, false)
        .expect("event");
    let event = m.record.event.as_ref().expect("event").id;
    let c = m.store.connection();
    c.execute_batch("BEGIN").expect("begin");
    let start = now() - TimeDelta::hours(7);
    for i in 0..NOTES {
        c.execute(
            "INSERT INTO notes (event_id, created_at, segment_id, text) VALUES (?1, ?2, ?3, ?4)",
            params![
                event,
                (start + TimeDelta::milliseconds(i as i64 * 500))
                    .format("%Y-%m-%dT%H:%M:%S")
                    .to_string(),
                m.script.segments[i % m.script.segments.len()].id,
                format!(
                    "Note {i}: schools and the coast #{} — what the table said about waits",
                    1 + i % 5
                ),
            ],
        )
        .expect("note");
    }
    for i in 0..ACTIONS {
        c.execute(
            "INSERT INTO actions (event_id, created_at, text, owners, due, status, grouping) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                event,
                start.format("%Y-%m-%dT%H:%M:%S").to_string(),
                format!("Action {i}: ask the school nurses to join the map"),
                ["priya", "lee", "sam jo", "ana"][i % 4],
                (NaiveDate::from_ymd_opt(2026, 11, 1).expect("date") + TimeDelta::days((i % 90) as i64)).to_string(),
                ["open", "doing", "done", "dropped"][i % 4],
                ["thriving", "getting-help", "getting-risk-support"][i % 3],
            ],
        )
        .expect("action");
    }
    c.execute_batch("COMMIT").expect("commit");
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Median and p99 of `n` runs of `f`.
fn latencies(n: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.99))
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("dir");
    let path = dir.path().join("thrive.db");
    populate(&path);

    // Opening the event in a console already made (the script parsed, the keys read): the
    // part that could grow with the record. The console it returns is closed untimed.
    c.bench_function("open_event_50k_notes_5k_actions", |b| {
        b.iter_batched(
            model,
            |mut m| {
                m.open_event(Store::open(&path).expect("store"), script::EXAMPLE, false)
                    .expect("open");
                black_box(m.record.notes.len() + m.actions_view.order.len());
                m
            },
            // One console at a time, as a facilitator opens it: each open finds the file as
            // the last one closed it.
            criterion::BatchSize::PerIteration,
        )
    });

    // The floor it is measured against, side by side: the database opened with no check,
    // the actions and the newest 200 notes loaded.
    c.bench_function("floor_open_actions_newest_200_notes", |b| {
        b.iter(|| {
            let store = Store::open_read_only(&path).expect("store");
            let event = store.find_event(None).expect("event").expect("one").id;
            let (notes, total) = store.recent_notes(event, 200).expect("notes");
            let actions = store.actions(event).expect("actions");
            black_box(notes.len() + total + actions.len())
        })
    });
    c.bench_function("quick_check_50k_notes", |b| {
        let store = Store::open_read_only(&path).expect("store");
        b.iter(|| {
            let check: String = store
                .connection()
                .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
                .expect("check");
            black_box(check)
        })
    });

    // One committed note against the floor: a bare write + fsync of a file beside it.
    let mut m = model();
    m.open_event(Store::open(&path).expect("store"), script::EXAMPLE, false)
        .expect("open");
    let event = m.record.event.as_ref().expect("event").id;
    let store = &m.store;
    let (note_p50, note_p99) = latencies(1000, || {
        store
            .add_note(
                event,
                "a note typed at speaking pace #2",
                Some("welcome"),
                now(),
            )
            .expect("note");
    });
    let mut file = std::fs::File::create(dir.path().join("fsync-floor")).expect("file");
    let (sync_p50, sync_p99) = latencies(1000, || {
        file.write_all(&[b'x'; 128]).expect("write");
        file.sync_all().expect("fsync");
    });
    println!(
        "one committed note: median {:.0} µs, p99 {:.0} µs; bare fsync on the same file system: median {:.0} µs, p99 {:.0} µs",
        note_p50.as_secs_f64() * 1e6,
        note_p99.as_secs_f64() * 1e6,
        sync_p50.as_secs_f64() * 1e6,
        sync_p99.as_secs_f64() * 1e6,
    );
    c.bench_function("commit_one_note", |b| {
        b.iter(|| {
            store.add_note(
                event,
                "a note typed at speaking pace #2",
                Some("welcome"),
                now(),
            )
        })
    });

    // Another console's delete reaching this one: its next look at the database (once a
    // second of the clock) finds the change and reads the lists again. The delay a person
    // sees is at most that second plus this.
    let other = Store::open(&path).expect("second console");
    let victim = m.record.notes.last().expect("a note").id;
    let mut clock = now();
    let mut deleted = false;
    c.bench_function("sync_after_another_consoles_delete_50k_notes", |b| {
        b.iter(|| {
            if deleted {
                other.undelete_note(victim).expect("undo");
            } else {
                other.delete_note(victim, now()).expect("delete");
            }
            deleted = !deleted;
            clock += chrono::TimeDelta::seconds(1);
            thrive::app::update(&mut m, thrive::app::Message::Tick(clock));
            black_box(m.record.notes.len())
        })
    });

    m.screen = Screen::Actions;
    let mut buf = Buffer::empty(Rect::new(0, 0, 120, 40));
    c.bench_function("actions_frame_5k_120x40", |b| {
        b.iter(|| {
            buf.reset();
            thrive::ui::render(black_box(&m), buf.area, &mut buf);
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);

//! Exporting at the size a long series reaches: one event with 5,000 actions (and 500 notes,
//! 500 services). Reading the whole event out of the store into its document, then writing
//! it in each format (aim: under 100 ms each).

use std::hint::black_box;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use criterion::{Criterion, criterion_group, criterion_main};
use rusqlite::params;
use thrive::event::document::Document;
use thrive::event::store::Store;
use thrive::export::{self, Format, Part, What};

const ACTIONS: usize = 5_000;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 3)
        .and_then(|d| d.and_hms_opt(16, 0, 0))
        .expect("time")
}

/// One event, written in bulk: the bundled script, 5,000 actions with owners, dates,
/// statuses and groupings (some text that needs escaping in every format), 500 notes and 500
/// services.
fn populate(store: &Store) -> thrive::ids::EventId {
    let script =
        thrive::script::parse("example", thrive::script::EXAMPLE.as_bytes()).expect("example");
    let (info, _) = store
        .open_event(&script, thrive::script::EXAMPLE, now().date(), now(), false)
        .expect("event");
    let c = store.connection();
    c.execute_batch("BEGIN").expect("begin");
    let start = now() - TimeDelta::hours(6);
    let stamp = |i: usize| {
        (start + TimeDelta::seconds(i as i64 * 4))
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string()
    };
    const STATUS: [&str; 4] = ["open", "doing", "done", "dropped"];
    const GROUPING: [Option<&str>; 6] = [
        Some("thriving"),
        Some("getting-advice"),
        None,
        Some("getting-help"),
        Some("getting-more-help"),
        Some("getting-risk-support"),
    ];
    for i in 0..ACTIONS {
        let text = match i % 5 {
            0 => format!("=Ask the ICB about pathway {i} | in writing"),
            1 => format!("Book room {i}, with `hearing loop`; check access"),
            _ => format!("Follow up gap {i} for 18–25 in the West"),
        };
        c.execute(
            "INSERT INTO actions (event_id, created_at, text, owners, due, status, segment_id, grouping) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                info.id,
                stamp(i),
                text,
                ["priya", "sam jo", "", "lee"][i % 4],
                (i % 3 != 2).then(|| (now().date() + TimeDelta::days((i % 90) as i64)).to_string()),
                STATUS[i % 4],
                script.segments[i % script.segments.len()].id,
                GROUPING[i % GROUPING.len()],
            ],
        )
        .expect("action");
    }
    for i in 0..500 {
        c.execute(
            "INSERT INTO notes (event_id, created_at, segment_id, text) VALUES (?1, ?2, ?3, ?4)",
            params![
                info.id,
                stamp(i),
                script.segments[i % script.segments.len()].id,
                format!("Note {i}: the room said | <this>\nand a second line #thriving")
            ],
        )
        .expect("note");
        c.execute(
            "INSERT INTO services (event_id, created_at, name, provider, sector, groupings, age_from, age_to, locality) VALUES (?1, ?2, ?3, 'Provider', 'NHS', ?4, 5, 18, 'All')",
            params![info.id, stamp(i), format!("Service {i}"), (i % 31 + 1) as i64],
        )
        .expect("service");
    }
    c.execute_batch("COMMIT").expect("commit");
    info.id
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(&dir.path().join("thrive.db")).expect("db");
    let id = populate(&store);
    let stamp = now().and_utc();
    c.bench_function("document_from_store_5k_actions", |b| {
        b.iter(|| Document::build(&store, black_box(id), now()).expect("document"))
    });
    let doc = Document::build(&store, id, now()).expect("document");
    for (what, format) in [
        (What::Actions, Format::Csv),
        (What::Actions, Format::Md),
        (What::Actions, Format::Ics),
        (What::Actions, Format::Json),
        (What::Actions, Format::Toml),
        (What::Report, Format::Md),
        // The page to look at: aim ≤ 50 ms with 5,000 actions and 500 services.
        (What::Report, Format::Html),
        (What::All, Format::Json),
        (What::All, Format::Toml),
    ] {
        let part = Part { what, format };
        let bytes = export::render(&doc, part, stamp).expect("written").len();
        println!(
            "{} of {}: {} KiB",
            part.file_name(),
            what.name(),
            bytes / 1024
        );
        c.bench_function(
            &format!("{}_{}_5k_actions", what.name(), format.extension()),
            |b| b.iter(|| export::render(black_box(&doc), part, stamp).expect("written")),
        );
    }
    let out = dir.path().join("out");
    c.bench_function("default_set_written_atomically_5k_actions", |b| {
        b.iter(|| {
            export::write_set(
                &doc,
                &out,
                &export::DEFAULT_SET,
                export::Existing::Replace,
                stamp,
            )
            .expect("written")
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! `thrive import` at the size of a whole county's services sheet: 5,000 rows, written the
//! way spreadsheets export them (BOM, CRLF, quoted cells, a line break inside some notes,
//! groupings by name, alias and number). Reading and checking every row, and then storing
//! the good ones in one transaction. Criterion reports rows per second.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use thrive::event::store::Store;
use thrive::map::Catalog;
use thrive::map::import;

const ROWS: usize = 5_000;

fn sheet(rows: usize) -> Vec<u8> {
    const SECTORS: [&str; 7] = [
        "NHS",
        "Council",
        "voluntary",
        "education",
        "social care",
        "VCSE",
        "",
    ];
    const GROUPINGS: [&str; 6] = [
        "Thriving",
        "2;3",
        "getting help; more help",
        "Risk",
        "Coping;1",
        "",
    ];
    const PLACES: [&str; 5] = ["North", "West", "All", "south", ""];
    let mut out = String::from(
        "\u{feff}Name,Provider,Sector,Groupings,Age From,Age To,Locality,Access Route,Notes\r\n",
    );
    for i in 0..rows {
        let from = (i * 7) % 20;
        let notes = if i % 9 == 0 {
            format!("\"Tuesdays, 4–6pm\r\nat the library ({i})\"")
        } else {
            format!("Call 0800 {i:04}")
        };
        out.push_str(&format!(
            "Service {i},\"Provider {}, Ltd\",{},{},{from},{},{},{},{notes}\r\n",
            i % 97,
            SECTORS[i % SECTORS.len()],
            if GROUPINGS[i % GROUPINGS.len()].contains(';') {
                format!("\"{}\"", GROUPINGS[i % GROUPINGS.len()])
            } else {
                GROUPINGS[i % GROUPINGS.len()].to_owned()
            },
            (from + 5).min(25),
            PLACES[i % PLACES.len()],
            ["online", "drop-in", "self-referral", "GP referral"][i % 4],
        ));
    }
    out.into_bytes()
}

fn bench(c: &mut Criterion) {
    let bytes = sheet(ROWS);
    let catalog = Catalog::with(&[], &["North".into(), "West".into(), "South".into()]);
    let existing = Default::default();
    let parsed = import::parse(&bytes, &catalog, &existing).expect("the sheet reads");
    assert_eq!(parsed.good.len() + parsed.bad.len(), ROWS);
    println!(
        "{ROWS} rows, {} KiB: {} good, {} bad",
        bytes.len() / 1024,
        parsed.good.len(),
        parsed.bad.len()
    );
    let mut group = c.benchmark_group("import");
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("read_and_check_5k_rows", |b| {
        b.iter(|| import::parse(black_box(&bytes), &catalog, &existing))
    });
    let fields: Vec<_> = parsed.good.iter().map(|r| r.fields.clone()).collect();
    let now = NaiveDate::from_ymd_opt(2026, 12, 3)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("time");
    let script =
        thrive::script::parse("example", thrive::script::EXAMPLE.as_bytes()).expect("example");
    group.sample_size(10);
    group.bench_function("store_5k_rows_in_one_transaction", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("dir");
                let store = Store::open(&dir.path().join("t.db")).expect("db");
                let (info, _) = store
                    .open_event(&script, thrive::script::EXAMPLE, now.date(), now, false)
                    .expect("event");
                (dir, store, info.id)
            },
            |(_dir, store, id)| store.add_services(id, &fields, now).expect("stored"),
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

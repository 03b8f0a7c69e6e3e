//! Loading and validating a 500-segment script, beside a bare `toml::from_str` of the same
//! text: the cost of the located checks over TOML parsing itself (aim: at most 2×).

use std::fmt::Write;

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn generated_script(segments: usize) -> String {
    let mut s = String::from(
        "[workshop]\ntitle = \"Generated event\"\nsite = \"Benchshire\"\ndate = 2026-12-03\n\
         start = \"08:00\"\nfacilitator = \"Priya Shah\"\nseries = \"Bench series\"\n\n\
         [framework.groupings]\ngetting-help = \"Our own words for getting help\"\n",
    );
    let kinds = [
        "talk",
        "groupings",
        "principles",
        "mapping",
        "gaps",
        "discussion",
        "break",
    ];
    for i in 0..segments {
        let _ = write!(
            s,
            "\n[[segment]]\nid = \"segment-{i}\"\ntitle = \"Segment number {i} of the day\"\n\
             minutes = {}\nkind = \"{}\"\ngrouping = {}\nprinciple = \"needs-led\"\n\
             text = \"\"\"\nWhat the room reads for segment {i}.\nA second line of it.\n\"\"\"\n\
             prompts = [\"Ask the room about {i}\", \"Watch the time\"]\n",
            5 + i % 40,
            kinds[i % kinds.len()],
            1 + i % 5
        );
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = generated_script(500);
    assert!(thrive::script::parse("bench.toml", text.as_bytes()).is_ok());
    let mut group = c.benchmark_group("script_500_segments");
    group.bench_function("thrive_load_and_validate", |b| {
        b.iter(|| thrive::script::parse("bench.toml", black_box(text.as_bytes())))
    });
    group.bench_function("bare_toml_from_str", |b| {
        b.iter(|| toml::from_str::<toml::Table>(black_box(&text)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

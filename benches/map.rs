//! The site map at the size a large site reaches over a series: 5,000 services.
//! - building each coverage grid (aim: all three under 2 ms, so a key press redraws at once);
//! - the totals behind the bar chart, and the gaps list (and, on a young map of 40 services
//!   with many gaps, their sentences);
//! - one frame of the mapping board and of the coverage screen (aim: under 2 ms), and the
//!   whole recount a change to the map costs (board columns, duplicates, grids, gaps).

use std::hint::black_box;
use thrive::ids::{EventId, ServiceId};

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use thrive::app::keymap::Keymap;
use thrive::app::{Model, Screen};
use thrive::map::coverage::{self, Dimension};
use thrive::map::{Ages, Catalog, Groupings, SECTORS, Service, ServiceFields};
use thrive::thrive::Grouping;
use thrive::ui::theme::{Theme, ThemeName};

const SERVICES: usize = 5_000;

/// The localities the script lists; services also name "Coast", which it does not.
const LOCALITIES: [&str; 5] = ["North", "South", "East", "West", "Central"];

/// `n` services as a site writes them, the same every run: most in one to three groupings,
/// the usual age ranges, the built-in sectors (some by alias, some not given; none from the
/// script's own "Youth justice", so it shows as a gap), six localities in various spellings
/// with some site-wide or not given, and a few not placed yet.
fn services(n: usize) -> Vec<Service> {
    const NAMES: [&str; 12] = [
        "Kooth",
        "School nurse team",
        "CAMHS",
        "Mind youth service",
        "Youth club",
        "Early help hub",
        "Crisis line",
        "Eating disorder service",
        "Parenting group",
        "Counselling in schools",
        "Young carers project",
        "Transition clinic",
    ];
    const AGES: [Option<(u8, u8)>; 10] = [
        Some((0, 4)),
        Some((5, 11)),
        Some((11, 18)),
        Some((11, 25)),
        Some((16, 25)),
        Some((0, 18)),
        Some((5, 18)),
        Some((14, 25)),
        Some((0, 25)),
        None,
    ];
    const PLACES: [&str; 10] = [
        "North",
        "south",
        "East",
        "WEST",
        "Central",
        "Coast",
        "coast ",
        "All areas",
        "North",
        "",
    ];
    let start = NaiveDate::from_ymd_opt(2026, 12, 3)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("time");
    // A fixed linear congruential sequence: varied, yet the same map every run.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |below: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % below
    };
    (0..n)
        .map(|i| {
            // Skewed as real maps are: lots of Thriving and Getting Help, little Risk Support.
            let mut groupings = Groupings::NONE;
            if next(100) >= 3 {
                for _ in 0..1 + next(3) {
                    let g = [0, 0, 1, 1, 2, 2, 2, 3, 3, 4][next(10)];
                    groupings = groupings.with(Grouping::ALL[g], true);
                }
            }
            let sector = match next(20) {
                0 => None,
                1 => Some("voluntary".to_owned()),
                k => Some(SECTORS[k % SECTORS.len()].to_owned()),
            };
            let ages = AGES[next(AGES.len())].map(|(from, to)| Ages { from, to });
            Service {
                id: ServiceId(i as i64 + 1),
                event_id: EventId(1),
                created_at: start,
                updated_at: None,
                carried_from: None,
                fields: ServiceFields {
                    name: format!("{} {}", NAMES[next(NAMES.len())], i),
                    provider: String::new(),
                    sector,
                    groupings,
                    ages,
                    localities: thrive::map::Localities::parse(PLACES[next(PLACES.len())]),
                    access_route: String::new(),
                    notes: String::new(),
                    directory: None,
                },
            }
        })
        .collect()
}

fn catalog() -> Catalog {
    let localities: Vec<String> = LOCALITIES.iter().map(|l| (*l).to_owned()).collect();
    Catalog::with(&["Youth justice".to_owned()], &localities)
}

/// The console with `services` on its map, the script listing the bench's localities.
fn model(services: &[Service]) -> Model {
    // The bench's localities, and none of the example's seeded services (they name its own).
    let example = thrive::script::EXAMPLE;
    let seeds = example.find("[[service]]").unwrap_or(example.len());
    let text = example[..seeds].replace(
        "localities = [\"Fenwold Town\", \"Kettlebridge\", \"Saltby Coast\", \"Upper Wolds\"]",
        "localities = [\"North\", \"South\", \"East\", \"West\", \"Central\"]",
    );
    let script = thrive::script::parse("bench.toml", text.as_bytes()).expect("script");
    let now = script.start_at();
    let mut m = Model::new(
        script,
        Keymap::defaults().expect("keys"),
        Theme::new(ThemeName::Light, false),
        now,
    );
    m.record.services = services.to_vec();
    m.refresh_map();
    m
}

fn bench(c: &mut Criterion) {
    let big = services(SERVICES);
    // A big map has few gaps; a young one has many, and each becomes a sentence on screen.
    let young = services(40);
    let catalog = catalog();

    for dimension in Dimension::ALL {
        let name = format!("grid_{}_5k", dimension.name().replace(' ', "_"));
        c.bench_function(&name, |b| {
            b.iter(|| coverage::grid(black_box(&big), &catalog, dimension))
        });
    }
    c.bench_function("grids_all_three_5k", |b| {
        b.iter(|| Dimension::ALL.map(|d| coverage::grid(black_box(&big), &catalog, d)))
    });
    c.bench_function("totals_5k", |b| {
        b.iter(|| coverage::totals(black_box(&big)))
    });
    c.bench_function("gaps_5k", |b| {
        b.iter(|| coverage::gaps(black_box(&big), &catalog))
    });

    c.bench_function("gaps_and_sentences_40", |b| {
        b.iter(|| {
            coverage::gaps(black_box(&young), &catalog)
                .iter()
                .map(|g| g.sentence().len())
                .sum::<usize>()
        })
    });

    let mut m = model(&big);
    c.bench_function("refresh_map_5k", |b| b.iter(|| m.refresh_map()));
    // One keystroke of the board's filter: the board redrawn from the filter, nothing
    // recounted (refresh_map, above, is what a change to the services costs).
    m.map_view.filter = "nhs 11-17".into();
    c.bench_function("filter_keystroke_5k", |b| b.iter(|| m.refresh_board()));
    m.map_view.filter.clear();
    m.refresh_board();
    for (screen, name) in [(Screen::Map, "board"), (Screen::Coverage, "coverage")] {
        m.screen = screen;
        for (w, h) in [(120u16, 40u16), (250, 70)] {
            let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
            c.bench_function(&format!("{name}_frame_5k_{w}x{h}"), |b| {
                b.iter(|| {
                    buf.reset();
                    thrive::ui::render(black_box(&m), buf.area, &mut buf);
                })
            });
        }
    }

    for (label, map) in [("5,000", &big), ("40", &young)] {
        let gaps = coverage::gaps(map, &catalog);
        let thin = gaps.iter().filter(|g| g.count == 1).count();
        println!(
            "{label} services: {} gaps ({} empty, {thin} thin)",
            gaps.len(),
            gaps.len() - thin
        );
        for g in gaps.iter().step_by(gaps.len().div_ceil(6).max(1)) {
            println!("  {}  →  {}", g.sentence(), g.action_text());
        }
    }
    println!(
        "locality columns: {:?}",
        coverage::grid(&big, &catalog, Dimension::Locality).columns
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = bench
}
criterion_main!(benches);

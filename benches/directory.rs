//! The area's directory at a county's size: 20,000 services as an HSDS tabular package
//! (read and checked, then written onto a map in one transaction) and as list pages shaped
//! like the UK profile's `/services` (read and checked, in MB/s of JSON); and 5,000 services
//! given back as a package.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use thrive::event::document::Document;
use thrive::event::store::Store;
use thrive::map::Catalog;
use thrive::map::directory::{OnMap, Options, Reader, tabular};

const SERVICES: usize = 20_000;
const PLACES: [&str; 5] = [
    "North",
    "West",
    "South Coast",
    "The whole of Fenwold",
    "Elsewhere",
];

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 3)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("time")
}

fn id(kind: u32, i: usize) -> String {
    format!("{kind:08x}-0000-4000-8000-{i:012}")
}

/// A package as a county's directory team would download it.
fn package(dir: &Path, n: usize) {
    let mut services = String::from(
        "id,organization_id,name,description,url,email,status,fees,accreditations,minimum_age,maximum_age,assured_date,assurer_email,alert,last_modified\r\n",
    );
    let mut areas = String::from("id,service_id,name,extent,extent_type,uri,service_area\r\n");
    let mut attributes = String::from("id,link_id,taxonomy_term_id,link_type\r\n");
    let mut orgs =
        String::from("id,name,description,email,website,logo,uri,parent_organization_id\r\n");
    for o in 0..200 {
        let _ = write!(
            orgs,
            "{},\"Provider {o}, CIC\",Local provider,,,,,\r\n",
            id(1, o)
        );
    }
    for i in 0..n {
        let s = id(2, i);
        let _ = write!(
            services,
            "{s},{},Service {i},\"<p>Support for young people, <b>{i}</b> &amp; families.</p>\",https://example.org/{i},,{},,,{},{},2025-{:02}-14,,,2026-01-01T10:00:00Z\r\n",
            id(1, i % 200),
            if i % 25 == 0 { "inactive" } else { "active" },
            i % 18,
            (i % 18) + 4 + (i % 20),
            i % 12 + 1
        );
        let _ = write!(
            areas,
            "{},{s},{},,,,\r\n",
            id(3, i),
            PLACES[i % PLACES.len()]
        );
        let _ = write!(attributes, "{},{s},{},service\r\n", id(4, i), id(5, i % 3));
    }
    let terms = format!(
        "id,name,description,parent_id,taxonomy,taxonomy_id,term_uri,term\r\n{},Self referral,,,,{},,\r\n{},Drop in,,,,{},,\r\n{},Counselling,,,,{},,\r\n",
        id(5, 0),
        id(6, 0),
        id(5, 1),
        id(6, 0),
        id(5, 2),
        id(6, 0)
    );
    let files = [
        ("service", "services.csv", services),
        ("organization", "organizations.csv", orgs),
        ("service_area", "service_areas.csv", areas),
        ("attribute", "attribute.csv", attributes),
        ("taxonomy_term", "taxonomy_terms.csv", terms),
    ];
    let resources: Vec<serde_json::Value> = files
        .iter()
        .map(|(name, path, _)| serde_json::json!({"name": name, "path": path}))
        .collect();
    std::fs::write(
        dir.join("datapackage.json"),
        serde_json::json!({"name": "county", "resources": resources}).to_string(),
    )
    .expect("write");
    for (_, path, text) in files {
        std::fs::write(dir.join(path), text).expect("write");
    }
}

/// Pages of 1,000 services, each shaped like the UK profile's service list.
fn pages(n: usize) -> Vec<Vec<u8>> {
    let per = 1_000;
    let total = n.div_ceil(per);
    (0..total)
        .map(|p| {
            let contents: Vec<serde_json::Value> = (p * per..((p + 1) * per).min(n))
                .map(|i| {
                    serde_json::json!({
                        "id": id(2, i),
                        "name": format!("Service {i}"),
                        "description": format!("<p>Counselling for young people aged 11 to 25 ({i}).</p>"),
                        "url": format!("https://example.org/{i}"),
                        "email": "hello@example.org",
                        "status": if i % 25 == 0 { "inactive" } else { "active" },
                        "fees": "Free",
                        "accreditations": "BACP",
                        "minimum_age": i % 18,
                        "maximum_age": (i % 18) + 7,
                        "assured_date": "2025-06-01",
                        "assurer_email": "checks@example.org",
                        "alert": "",
                        "last_modified": "2026-01-01T10:00:00.000Z",
                        "organization": {"id": id(1, i % 200), "name": format!("Provider {}", i % 200), "description": "Local", "email": "o@example.org", "website": "https://example.org", "logo": "", "uri": "", "parent_organization_id": null},
                        "service_areas": [{"id": id(3, i), "name": PLACES[i % PLACES.len()], "extent": null, "extent_type": null, "uri": null}],
                        "contacts": [{"id": id(7, i), "name": "Reception", "title": "Reception", "phones": [{"id": id(8, i), "number": "01632 960000"}]}],
                        "attributes": [{"id": id(4, i), "link_type": "service", "taxonomy_term": {"id": id(5, i % 3), "name": "Self referral", "description": "", "taxonomy": "Access", "term": "Self referral"}}]
                    })
                })
                .collect();
            serde_json::to_vec(&serde_json::json!({
                "total_items": n, "total_pages": total, "page_number": p + 1, "size": per,
                "first_page": p == 0, "last_page": p + 1 == total, "empty": false,
                "contents": contents,
            }))
            .expect("json")
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let catalog = Catalog::with(&[], &["North".into(), "West".into(), "South Coast".into()]);
    let on_map = OnMap::default();
    let options = Options {
        site: "Fenwold".into(),
        ..Options::default()
    };
    let dir = tempfile::tempdir().expect("dir");
    package(dir.path(), SERVICES);
    let read = || {
        let mut reader = Reader::new(&catalog, &on_map, &options);
        tabular::read(dir.path(), &mut reader).expect("reads");
        reader.out
    };
    let out = read();
    println!(
        "package of {SERVICES}: {} ready, {} skipped, {} warnings",
        out.records.len(),
        out.skipped.len(),
        out.warnings.len()
    );
    let mut group = c.benchmark_group("directory");
    group.throughput(Throughput::Elements(SERVICES as u64));
    group.sample_size(10);
    // What was read is kept for the store to write: its freeing is not the reading.
    group.bench_function("package_read_and_check_20k_services", |b| {
        b.iter_with_large_drop(read)
    });

    let script =
        thrive::script::parse("example", thrive::script::EXAMPLE.as_bytes()).expect("example");
    group.bench_function("package_store_20k_services_in_one_transaction", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("dir");
                let store = Store::open(&dir.path().join("t.db")).expect("db");
                let (info, _) = store
                    .open_event(&script, thrive::script::EXAMPLE, now().date(), now(), false)
                    .expect("event");
                (dir, store, info.id)
            },
            |(_dir, store, id)| {
                store
                    .import_directory(id, &out.records, &[], Some(&out.listed), &[], now())
                    .expect("stored")
            },
            criterion::BatchSize::PerIteration,
        )
    });

    let pages = pages(SERVICES);
    let bytes: usize = pages.iter().map(Vec::len).sum();
    println!(
        "{} list pages: {} MiB of JSON",
        pages.len(),
        bytes / (1024 * 1024)
    );
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("pages_read_and_check_20k_services", |b| {
        b.iter(|| {
            let mut reader = Reader::new(&catalog, &on_map, &options);
            for (i, p) in pages.iter().enumerate() {
                reader
                    .json(&format!("page-{i}.json"), black_box(p))
                    .expect("reads");
            }
            reader.out.records.len()
        })
    });

    // 5,000 of them given back.
    let store_dir = tempfile::tempdir().expect("dir");
    let store = Store::open(&store_dir.path().join("t.db")).expect("db");
    let (info, _) = store
        .open_event(&script, thrive::script::EXAMPLE, now().date(), now(), false)
        .expect("event");
    store
        .import_directory(info.id, &out.records[..5_000], &[], None, &[], now())
        .expect("stored");
    let doc = Document::build(&store, info.id, now()).expect("document");
    let zipped = thrive::export::hsds::zip(&thrive::export::hsds::package(&doc)).expect("zip");
    println!(
        "package of 5,000 services: {} KiB zipped",
        zipped.len() / 1024
    );
    group.throughput(Throughput::Elements(5_000));
    group.bench_function("export_5k_services_as_a_package", |b| {
        b.iter(|| {
            thrive::export::hsds::zip(&thrive::export::hsds::package(black_box(&doc))).expect("zip")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! The area's service directory in the Open Referral UK standard (HSDS 3.0): saved list
//! pages, a single service and a tabular package (folder or zip) onto the map unplaced, each
//! problem named by file and JSON path or line; a second import updating by the directory's
//! id and keeping what the room did; and the reader never panicking, whatever the bytes.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use common::{rows, thrive_on};
use proptest::prelude::*;
use thrive::map::directory::{OnMap, Options, Reader};
use thrive::map::{Catalog, ServiceId};

const SCRIPT: &str = "tests/fixtures/directory/fenwold.toml";
const PAGES: &str = "tests/fixtures/directory/pages";
const PACKAGE: &str = "tests/fixtures/directory/package";

fn import(db: &Path, args: &[&str]) -> (i32, String) {
    let out = thrive_on(db)
        .args(["import", "--script", SCRIPT])
        .args(args)
        .output()
        .expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn row(db: &Path, name: &str, cols: &str) -> String {
    rows(
        db,
        &format!("SELECT {cols} FROM services WHERE name = '{name}' AND deleted_at IS NULL"),
    )
    .join(" / ")
}

fn fields(cols: &[&str]) -> String {
    cols.iter()
        .map(|c| format!("ifnull({c}, '-')"))
        .collect::<Vec<_>>()
        .join(" || '|' || ")
}

#[test]
fn saved_list_pages_land_unplaced_with_ages_provider_locality_and_each_problem_by_json_path() {
    let dir = tempfile::tempdir().expect("temp");
    let db = dir.path().join("t.db");
    let (code, said) = import(&db, &[PAGES]);
    assert_eq!(code, 0, "{said}");
    for line in [
        "page-2.json:contents[2]: duplicate: “Saltby Coast Youth Counselling” has the id of the service at tests/fixtures/directory/pages/page-1.json:contents[1]",
        "page-2.json:contents[1]: skipped: “Closed Youth Club” — the directory marks it inactive",
        "page-3.json:contents[0]: skipped: “Adult Talking Therapies” — it is for ages 26 and over",
        "page-2.json:contents[3].service_areas[0]: warning: “Northamptonshire” is not one of the event's localities",
        "pages: 10 services read: 7 ready, 1 duplicate, 2 skipped",
        "1 service names no service area or address",
        "imported 7 services (6 new, 1 updated)",
    ] {
        assert!(said.contains(line), "missing {line:?} in\n{said}");
    }
    let cols = fields(&[
        "provider",
        "sector",
        "groupings",
        "age_from",
        "age_to",
        "locality",
        "directory_id",
        "assured_date",
        "directory_max_age",
    ]);
    assert_eq!(
        row(&db, "Kettlebridge CAMHS", &cols),
        "Fenwold NHS Foundation Trust|NHS|0|0|18|Kettlebridge|c1a1e5b0-0001-4000-8000-000000000001|2026-06-15|-"
    );
    assert_eq!(
        row(&db, "Kettlebridge CAMHS", "notes"),
        "Specialist child & adolescent mental health.\nReferral via GP.\nContact: 01632 960001"
    );
    // Two service areas: one service counted in both.
    assert_eq!(
        row(
            &db,
            "Saltby Coast Youth Counselling",
            "locality || '|' || sector"
        ),
        "Saltby Coast; Upper Wolds|voluntary sector"
    );
    // Ages past 25 are drawn to 25 and kept as the directory says; a bell character is gone.
    assert_eq!(
        row(
            &db,
            "Fenwold Town Drop-in Cafe",
            &fields(&["age_to", "directory_max_age", "access_route"])
        ),
        "25|30|drop-in"
    );
    // No ages given: unknown, never 0–25. A location's address gives the locality.
    assert_eq!(
        row(
            &db,
            "Upper Wolds Parenting Group",
            &fields(&["age_from", "locality", "sector"])
        ),
        "-|Upper Wolds|local authority"
    );
    // "all residents of Fenwold" (the site) means every locality.
    assert_eq!(
        row(&db, "Kooth", &fields(&["locality", "groupings"])),
        "All|2"
    );
    // The team's Kooth is the directory's: linked, its notes and placement kept.
    assert_eq!(
        row(&db, "Kooth", &fields(&["notes", "directory_id"])),
        "typed at the last event|c1a1e5b0-0001-4000-8000-000000000003"
    );
    assert_eq!(row(&db, "School Nurse Service", &fields(&["locality"])), "");
    assert_eq!(
        rows(
            &db,
            "SELECT CAST(count(*) AS TEXT) FROM services WHERE name = 'Closed Youth Club'"
        ),
        ["0"]
    );
}

/// A copy of the fixture pages to change, as the directory changes between two downloads.
fn pages_copy(into: &Path) -> PathBuf {
    let to = into.join("pages");
    std::fs::create_dir_all(&to).expect("folder");
    for n in 1..=3 {
        let name = format!("page-{n}.json");
        std::fs::copy(Path::new(PAGES).join(&name), to.join(&name)).expect("copy");
    }
    to
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn a_second_import_updates_by_the_directory_id_and_keeps_what_the_room_did() {
    let dir = tempfile::tempdir().expect("temp");
    let db = dir.path().join("t.db");
    let pages = pages_copy(dir.path());
    let pages_arg = pages.to_str().expect("path");
    assert_eq!(import(&db, &[pages_arg]).0, 0);

    // The room places CAMHS in 3 and rewrites Saltby's provider.
    {
        use thrive::event::store::Store;
        let store = Store::open(&db).expect("open");
        let event = store.find_event(None).expect("find").expect("event");
        let services = store.services(event.id).expect("services");
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 3)
            .and_then(|d| d.and_hms_opt(11, 0, 0))
            .expect("time");
        let camhs = services
            .iter()
            .find(|s| s.fields.name == "Kettlebridge CAMHS")
            .expect("camhs");
        store
            .set_grouping(camhs.id, thrive::thrive::Grouping::GettingHelp, true, at)
            .expect("placed");
        let saltby = services
            .iter()
            .find(|s| s.fields.name == "Saltby Coast Youth Counselling")
            .expect("saltby");
        let mut after = saltby.fields.clone();
        after.provider = "Saltby Mind (the room's words)".into();
        store
            .update_service(saltby.id, &saltby.fields, &after, at)
            .expect("edited");
    }

    // The directory changes: CAMHS takes from age 2, Saltby's provider and description
    // change, Kooth closes, the school nurses are no longer listed.
    let p1 = pages.join("page-1.json");
    edit(&p1, "\"minimum_age\": 0,", "\"minimum_age\": 2,");
    edit(
        &p1,
        "\"name\": \"Fenwold Mind\"",
        "\"name\": \"Fenwold Mind CIC\"",
    );
    edit(
        &p1,
        "Free counselling for young people.",
        "Free counselling, now on Saturdays too.",
    );
    edit(
        &p1,
        "\"status\": \"active\",\n      \"organization\": {\n        \"id\": \"00000004",
        "\"status\": \"defunct\",\n      \"organization\": {\n        \"id\": \"00000004",
    );
    let p3 = pages.join("page-3.json");
    edit(&p3, "School Nurse Service", "School Nurse Service (moved)");
    edit(
        &p3,
        "c1a1e5b0-0001-4000-8000-000000000009",
        "c1a1e5b0-0001-4000-8000-000000000099",
    );

    let (code, said) = import(&db, &[pages_arg]);
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("kept the room's provider of “Saltby Coast Youth Counselling”"),
        "{said}"
    );
    assert!(
        said.contains("marked “Kooth” on the map: the directory now marks it defunct"),
        "{said}"
    );
    assert!(
        said.contains("marked “School Nurse Service” on the map: the directory no longer lists it (nothing deleted)"),
        "{said}"
    );
    assert_eq!(
        row(
            &db,
            "Kettlebridge CAMHS",
            &fields(&["groupings", "age_from"])
        ),
        "4|2"
    );
    assert_eq!(
        row(
            &db,
            "Saltby Coast Youth Counselling",
            &fields(&["provider", "notes"])
        ),
        "Saltby Mind (the room's words)|Free counselling, now on Saturdays too."
    );
    assert_eq!(
        row(&db, "Kooth", &fields(&["directory_status", "groupings"])),
        "defunct|2"
    );
    assert_eq!(
        row(&db, "School Nurse Service", &fields(&["directory_status"])),
        "unlisted"
    );
    // One record per directory id: updated, never added twice.
    assert_eq!(
        rows(
            &db,
            "SELECT CAST(count(*) AS TEXT) FROM services WHERE directory_id = 'c1a1e5b0-0001-4000-8000-000000000001'"
        ),
        ["1"]
    );

    // Pages that are not the whole list mark nothing as gone.
    let (code, said) = import(&db, &[p1.to_str().expect("path")]);
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("pages 2, 3 of 3 missing: services on the map that these pages do not list are left as they are"), "{said}");
    assert_eq!(
        row(
            &db,
            "Fenwold Town Drop-in Cafe",
            &fields(&["directory_status"])
        ),
        "-"
    );
}

fn zip_of(folder: &Path, inside: &str, to: &Path) {
    let file = std::fs::File::create(to).expect("zip");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut names: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("list")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    for p in names {
        let name = p.file_name().and_then(|n| n.to_str()).expect("name");
        zip.start_file(format!("{inside}{name}"), options)
            .expect("start");
        zip.write_all(&std::fs::read(&p).expect("read"))
            .expect("write");
    }
    zip.finish().expect("finish");
}

#[test]
fn a_tabular_package_reads_alike_as_a_folder_its_datapackage_and_a_zip() {
    let dir = tempfile::tempdir().expect("temp");
    let zipped = dir.path().join("fenwold-directory.zip");
    zip_of(Path::new(PACKAGE), "fenwold-directory/", &zipped);
    let datapackage = format!("{PACKAGE}/datapackage.json");
    // Some directories give their tables without the description: read by the usual names.
    let bare = dir.path().join("bare");
    std::fs::create_dir(&bare).expect("folder");
    for e in std::fs::read_dir(PACKAGE).expect("list") {
        let p = e.expect("entry").path();
        if p.file_name().is_some_and(|n| n != "datapackage.json") {
            std::fs::copy(&p, bare.join(p.file_name().expect("name"))).expect("copy");
        }
    }
    let bare_zip = dir.path().join("bare.zip");
    zip_of(&bare, "download/", &bare_zip);
    let mut maps = Vec::new();
    for (i, input) in [
        PACKAGE,
        datapackage.as_str(),
        zipped.to_str().expect("path"),
        bare.to_str().expect("path"),
        bare_zip.to_str().expect("path"),
    ]
    .into_iter()
    .enumerate()
    {
        let db = dir.path().join(format!("{i}.db"));
        // One bad service: nothing is written without --skip-bad.
        let (code, said) = import(&db, &[input]);
        assert_eq!(code, 2, "{said}");
        assert!(
            said.contains("services.csv:5: error: column maximum_age: “abc” is not an age"),
            "{said}"
        );
        assert!(said.contains("services.csv:4: skipped: “Kettlebridge School Counsellor” — the directory marks it temporarily closed"), "{said}");
        assert!(
            said.contains(
                "service_areas.csv:4: warning: “Saltby Coastt” is not one of the event's localities"
            ) && said.contains("did you mean “Saltby Coast”?"),
            "{said}"
        );
        assert!(
            said.contains("nothing imported — fix the 1 bad service, or run again with --skip-bad"),
            "{said}"
        );
        assert_eq!(
            rows(
                &db,
                "SELECT CAST(count(*) AS TEXT) FROM services WHERE directory_id IS NOT NULL"
            ),
            ["0"]
        );
        let (code, said) = import(&db, &["--skip-bad", input]);
        assert_eq!(code, 0, "{said}");
        assert_eq!(
            said.contains("there is no datapackage.json: its tables were found by their usual file names (address.csv, attribute.csv, locations.csv, organizations.csv, service_areas.csv, service_at_location.csv, services.csv, taxonomies.csv, taxonomy_terms.csv)"),
            i >= 3,
            "{said}"
        );
        maps.push(rows(
            &db,
            &format!(
                "SELECT {} FROM services WHERE directory_id IS NOT NULL ORDER BY directory_id",
                fields(&[
                    "name",
                    "provider",
                    "sector",
                    "age_from",
                    "age_to",
                    "locality",
                    "access_route",
                    "assured_date",
                    "notes"
                ])
            ),
        ));
    }
    assert_eq!(
        maps[0],
        [
            "Upper Wolds Mental Health Support Team|Fenwold NHS Foundation Trust|NHS|5|18|Upper Wolds||2026-09-01|Support in schools.",
            "Saltby Coast Peer Mentoring|Saltby Coast Youth Trust|other|-|-|Saltby Coast|self-referral|2025-08-01|Peer mentors, 1:1.\nContact: mentors@example.org",
            "Fenwold Town Eating Disorders|Fenwold NHS Foundation Trust|NHS|12|25|Fenwold Town||-|",
        ]
    );
    for other in &maps[1..] {
        assert_eq!(&maps[0], other);
    }
}

#[test]
fn input_that_is_not_a_directory_is_refused_with_its_place_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp");
    let db = dir.path().join("t.db");
    let cut = dir.path().join("cut.json");
    let page = std::fs::read_to_string(Path::new(PAGES).join("page-1.json")).expect("read");
    std::fs::write(&cut, &page[..page.len() / 2]).expect("write");
    let (code, said) = import(&db, &[cut.to_str().expect("path")]);
    assert_eq!(code, 2, "{said}");
    assert!(said.contains("cut.json: error: line "), "{said}");
    assert!(said.contains("EOF while parsing"), "{said}");

    let odd = dir.path().join("odd.json");
    std::fs::write(
        &odd,
        r#"{"contents": [{"id": "x1", "name": "A"}, 7, {"id": "x3"}]}"#,
    )
    .expect("write");
    let (code, said) = import(&db, &[odd.to_str().expect("path")]);
    assert_eq!(code, 2, "{said}");
    assert!(
        said.contains("odd.json:contents[1]: error: this is the number 7, not a service"),
        "{said}"
    );
    assert!(
        said.contains("odd.json:contents[2].name: error: the service has no name"),
        "{said}"
    );

    // A page of organisations or taxonomy terms saved by mistake is not read as services.
    for (file, body, said_of) in [
        (
            "organizations.json",
            r#"{"total_items": 1, "contents": [{"id": "o1", "name": "Fenwold Council", "website": "https://example.org", "logo": ""}]}"#,
            "contents[0] is an organisation, not a service",
        ),
        (
            "term.json",
            r#"{"id": "t1", "code": "G1", "name": "Thriving", "taxonomy_id": "x"}"#,
            "the file is a taxonomy or one of its terms, not a service",
        ),
    ] {
        let page = dir.path().join(file);
        std::fs::write(&page, body).expect("write");
        let (code, said) = import(&db, &[page.to_str().expect("path")]);
        assert_eq!(code, 2, "{said}");
        assert!(
            said.contains(&format!("{file}: error: line 1, column ")),
            "{said}"
        );
        assert!(said.contains(said_of), "{said}");
        assert!(
            said.contains("import the pages of its service list"),
            "{said}"
        );
    }

    let bad_zip = dir.path().join("directory.zip");
    std::fs::write(&bad_zip, b"PK\x03\x04 not really").expect("write");
    let (code, said) = import(&db, &[bad_zip.to_str().expect("path")]);
    assert_eq!(code, 2, "{said}");
    assert!(
        said.contains("directory.zip: error: this is not a zip archive that can be read"),
        "{said}"
    );

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("folder");
    std::fs::write(
        empty.join("datapackage.json"),
        r#"{"resources": [{"name": "organization", "path": "o.csv"}]}"#,
    )
    .expect("write");
    let (code, said) = import(&db, &[empty.to_str().expect("path")]);
    assert_eq!(code, 2, "{said}");
    assert!(
        said.contains("datapackage.json names no services table"),
        "{said}"
    );

    // --check reads and writes nothing.
    let (code, said) = import(&db, &["--check", PAGES]);
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("checked, nothing imported: 7 services ready"),
        "{said}"
    );
    assert_eq!(
        rows(
            &db,
            "SELECT CAST(count(*) AS TEXT) FROM services WHERE directory_id IS NOT NULL"
        ),
        ["0"]
    );
}

fn read_json(bytes: &[u8]) {
    let catalog = Catalog::with(&[], &["North".into(), "West".into()]);
    let mut on_map = OnMap::default();
    on_map
        .by_id
        .insert("c1a1e5b0-0001-4000-8000-000000000001".into(), ServiceId(1));
    let options = Options {
        site: "Fenwold".into(),
        ..Options::default()
    };
    let mut reader = Reader::new(&catalog, &on_map, &options);
    let _ = reader.json("page.json", bytes);
    let _ = thrive::map::directory::report("page.json", &reader.out, "checked");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_reader_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        read_json(&bytes);
    }

    /// A real-shaped page with bytes changed, cut or repeated at random places.
    #[test]
    fn the_reader_never_panics_on_a_mutated_page(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8)
    ) {
        let mut bytes = include_bytes!("fixtures/directory/pages/page-1.json").to_vec();
        for (at, byte, how) in edits {
            let i = at.index(bytes.len().max(1)).min(bytes.len().saturating_sub(1));
            match how {
                0 => bytes[i] = byte,
                1 => bytes.truncate(i),
                _ => {
                    let tail = bytes[i..].to_vec();
                    bytes.extend_from_slice(&tail[..tail.len().min(50)]);
                }
            }
            if bytes.is_empty() {
                break;
            }
        }
        read_json(&bytes);
    }
}

/// The map the fixtures make: pages and the package imported, one service placed in two
/// groupings, another with no provider.
fn mapped(dir: &Path) -> PathBuf {
    let db = dir.join("mapped.db");
    assert_eq!(import(&db, &[PAGES]).0, 0);
    assert_eq!(import(&db, &["--skip-bad", PACKAGE]).0, 0);
    let c = rusqlite::Connection::open(&db).expect("open");
    c.execute_batch(
        "UPDATE services SET groupings = 6 WHERE name = 'Kettlebridge CAMHS';
         UPDATE services SET provider = '' WHERE name = 'School Nurse Service';",
    )
    .expect("placed");
    db
}

fn export(db: &Path, args: &[&str]) -> String {
    let out = thrive_on(db)
        .arg("export")
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn export_services(db: &Path, format: &str, to: &Path) -> String {
    export(
        db,
        &[
            "--what",
            "services",
            "--format",
            format,
            "-o",
            to.to_str().expect("path"),
        ],
    )
}

const MAP: &str = "SELECT name || '|' || provider || '|' || ifnull(sector, '-') || '|' || groupings || '|' || ifnull(age_from, '-') || '|' || ifnull(age_to, '-') || '|' || locality || '|' || ifnull(directory_id, '-') || '|' || ifnull(assured_date, '-') || '|' || ifnull(directory_max_age, '-') || '|' || access_route FROM services WHERE deleted_at IS NULL ORDER BY name";

#[test]
fn the_map_goes_out_as_a_package_or_a_list_page_and_comes_back_the_same() {
    let dir = tempfile::tempdir().expect("temp");
    let db = mapped(dir.path());
    let before = rows(&db, MAP);
    assert!(
        before
            .iter()
            .any(|r| r.starts_with("Kettlebridge CAMHS|Fenwold NHS Foundation Trust|NHS|6|"))
    );
    let folder = dir.path().join("package");
    let zipped = dir.path().join("map.zip");
    let page = dir.path().join("page.json");
    export_services(&db, "hsds", &folder);
    export_services(&db, "hsds", &zipped);
    export_services(&db, "hsds-json", &page);
    for (i, input) in [&folder, &zipped, &page].into_iter().enumerate() {
        let fresh = dir.path().join(format!("fresh-{i}.db"));
        let (code, said) = import(&fresh, &[input.to_str().expect("path")]);
        assert_eq!(code, 0, "{said}");
        // The fixture script seeds a Kooth; the package's Kooth is it, linked by name.
        assert_eq!(rows(&fresh, MAP), before, "{}", input.display());
    }
    // A second export of the same map is the same, byte for byte.
    let again = dir.path().join("again.zip");
    export_services(&db, "hsds", &again);
    assert_eq!(
        std::fs::read(&zipped).expect("read"),
        std::fs::read(&again).expect("read")
    );
    // A folder already holding a package is not written over unasked.
    let out = thrive_on(&db)
        .args([
            "export",
            "--what",
            "services",
            "--format",
            "hsds",
            "-o",
            folder.to_str().expect("path"),
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already holds a data package"));
}

/// What HSDS 3.0 and its UK profile require of the tables this writes, written out here from
/// the specification: each table's required fields, which must be present and filled.
const REQUIRED: &[(&str, &[&str])] = &[
    ("service", &["id", "name", "status", "organization_id"]),
    ("organization", &["id", "name", "description"]),
    ("service_area", &["id"]),
    ("taxonomy", &["id", "name", "description"]),
    ("taxonomy_term", &["id", "name", "description"]),
    ("attribute", &["id", "link_id", "taxonomy_term_id"]),
];

/// The UK profile's file names for them (its datapackage.json).
const FILES: &[(&str, &str)] = &[
    ("service", "services.csv"),
    ("organization", "organizations.csv"),
    ("service_area", "service_areas.csv"),
    ("taxonomy", "taxonomies.csv"),
    ("taxonomy_term", "taxonomy_terms.csv"),
    ("attribute", "attribute.csv"),
];

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

#[test]
fn the_package_has_what_the_standard_requires_and_its_keys_hold() {
    let dir = tempfile::tempdir().expect("temp");
    let db = mapped(dir.path());
    let folder = dir.path().join("package");
    export_services(&db, "hsds", &folder);
    let described: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("datapackage.json")).expect("read"))
            .expect("json");
    assert_eq!(described["profile"], "tabular-data-package");
    let mut tables: std::collections::HashMap<
        String,
        Vec<std::collections::HashMap<String, String>>,
    > = std::collections::HashMap::new();
    for (name, file) in FILES {
        let resource = described["resources"]
            .as_array()
            .expect("resources")
            .iter()
            .find(|r| r["name"] == *name)
            .unwrap_or_else(|| panic!("{name} not described"));
        assert_eq!(resource["path"], *file, "{name}");
        let mut reader = csv::Reader::from_path(folder.join(file)).expect("table");
        let header: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_owned)
            .collect();
        let described_fields: Vec<String> = resource["schema"]["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| f["name"].as_str().expect("name").to_owned())
            .collect();
        assert_eq!(
            header, described_fields,
            "{file}: the header is the described fields"
        );
        let required = REQUIRED
            .iter()
            .find(|(t, _)| t == name)
            .map(|(_, r)| *r)
            .expect("listed");
        let mut list = Vec::new();
        for (i, r) in reader.records().enumerate() {
            let r = r.expect("row");
            let row: std::collections::HashMap<String, String> = header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect();
            for field in required {
                assert!(
                    !row[*field].is_empty(),
                    "{file} row {}: {field} is required",
                    i + 2
                );
            }
            for (k, v) in &row {
                if (k == "id" || k.ends_with("_id")) && !v.is_empty() {
                    assert!(is_uuid(v), "{file} row {}: {k} {v:?} is not a uuid", i + 2);
                }
                if (k == "minimum_age" || k == "maximum_age") && !v.is_empty() {
                    assert!(v.parse::<u32>().is_ok(), "{file}: {k} {v:?}");
                }
                if k == "assured_date" && !v.is_empty() {
                    assert!(
                        chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok(),
                        "{v}"
                    );
                }
            }
            list.push(row);
        }
        tables.insert((*name).to_owned(), list);
    }
    let ids = |t: &str| -> std::collections::HashSet<String> {
        tables[t].iter().map(|r| r["id"].clone()).collect()
    };
    let (services, orgs, terms, taxonomies) = (
        ids("service"),
        ids("organization"),
        ids("taxonomy_term"),
        ids("taxonomy"),
    );
    assert_eq!(
        services.len(),
        tables["service"].len(),
        "service ids are unique"
    );
    for r in &tables["service"] {
        assert!(orgs.contains(&r["organization_id"]), "{r:?}");
    }
    for r in &tables["attribute"] {
        assert!(
            services.contains(&r["link_id"]) && terms.contains(&r["taxonomy_term_id"]),
            "{r:?}"
        );
    }
    for r in &tables["service_area"] {
        assert!(services.contains(&r["service_id"]), "{r:?}");
    }
    for r in &tables["taxonomy_term"] {
        assert!(taxonomies.contains(&r["taxonomy_id"]), "{r:?}");
    }
    // Every grouping is a term of the THRIVE taxonomy, and a placement is an attribute.
    let thrive: Vec<&String> = tables["taxonomy_term"]
        .iter()
        .filter(|t| t["taxonomy"] == "THRIVE Framework groupings")
        .map(|t| &t["name"])
        .collect();
    assert_eq!(
        thrive,
        [
            "Thriving",
            "Getting Advice and Signposting",
            "Getting Help",
            "Getting More Help",
            "Getting Risk Support"
        ]
    );
    let camhs = tables["service"]
        .iter()
        .find(|s| s["name"] == "Kettlebridge CAMHS")
        .expect("camhs");
    let placed: Vec<&String> = tables["attribute"]
        .iter()
        .filter(|a| a["link_id"] == camhs["id"])
        .filter_map(|a| {
            tables["taxonomy_term"]
                .iter()
                .find(|t| t["id"] == a["taxonomy_term_id"])
        })
        .filter(|t| t["taxonomy"] == "THRIVE Framework groupings")
        .map(|t| &t["name"])
        .collect();
    assert_eq!(placed, ["Getting Advice and Signposting", "Getting Help"]);
}

#[test]
fn a_single_full_service_comes_in_with_its_contacts_route_and_check_date() {
    let dir = tempfile::tempdir().expect("temp");
    let db = dir.path().join("t.db");
    let (code, said) = import(&db, &["tests/fixtures/directory/service.json"]);
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("service.json: 1 service read: 1 ready"),
        "{said}"
    );
    assert_eq!(
        row(
            &db,
            "Kettlebridge Young Carers",
            &fields(&[
                "provider",
                "sector",
                "age_from",
                "age_to",
                "locality",
                "access_route",
                "assured_date",
                "groupings"
            ])
        ),
        "Fenwold County Council|local authority|8|18|Kettlebridge|self-referral|2026-07-07|0"
    );
    assert_eq!(
        row(&db, "Kettlebridge Young Carers", "notes"),
        "Support for young carers aged 8–18.\nContact: 01632 960010; 01632 960011; carers@example.org; https://example.org/young-carers"
    );
    // One service is not the whole directory: nothing else is marked as gone.
    assert_eq!(
        rows(
            &db,
            "SELECT CAST(count(*) AS TEXT) FROM services WHERE directory_status IS NOT NULL"
        ),
        ["0"]
    );
}

#[test]
fn a_service_at_location_list_reads_each_service_with_its_place() {
    let dir = tempfile::tempdir().expect("temp");
    let db = dir.path().join("t.db");
    let page = dir.path().join("service-at-location.json");
    // The first area is a sentence, as real feeds write them: the address says where it is,
    // and no command is offered that would add the sentence as a locality.
    std::fs::write(
        &page,
        r#"{"total_items": 2, "total_pages": 1, "page_number": 1, "contents": [
          {"id": "sal1", "service": {"id": "s-1", "name": "Wolds Listening Service", "status": "active",
             "minimum_age": 11, "maximum_age": 18,
             "service_areas": [{"name": "Available to all residents of the county who can show they live here"}]},
           "location": {"id": "l1", "name": "Kettlebridge Library",
             "addresses": [{"address_1": "1 High St", "city": "Kettlebridge", "postal_code": "FW2 1AA", "country": "GB"}]}},
          {"id": "sal2", "service": {"id": "s-2", "name": "Coast Drop-in", "status": "active"},
           "location": {"id": "l2", "name": "Saltby Coast"}}
        ]}"#,
    )
    .expect("write");
    let (code, said) = import(&db, &[page.to_str().expect("path")]);
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("service-at-location.json:contents[0].service.service_areas[0]: warning:"),
        "{said}"
    );
    assert!(
        said.contains("it reads as a description rather than a place's name"),
        "{said}"
    );
    assert!(!said.contains("--new-locality \"Available"), "{said}");
    assert_eq!(
        row(
            &db,
            "Wolds Listening Service",
            &fields(&["age_from", "age_to", "locality", "directory_id"])
        ),
        "11|18|Kettlebridge|s-1"
    );
    assert_eq!(
        row(&db, "Coast Drop-in", &fields(&["locality", "access_route"])),
        "Saltby Coast|drop-in"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A package whose services table (or its description) is any bytes at all.
    #[test]
    fn a_package_of_arbitrary_bytes_is_read_or_refused_never_a_panic(
        services in proptest::collection::vec(any::<u8>(), 0..300),
        described in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..120)),
    ) {
        let dir = tempfile::tempdir().expect("temp");
        let package = std::fs::read_to_string(Path::new(PACKAGE).join("datapackage.json")).expect("read");
        std::fs::write(dir.path().join("datapackage.json"), described.unwrap_or_else(|| package.into_bytes())).expect("write");
        std::fs::write(dir.path().join("services.csv"), &services).expect("write");
        let catalog = Catalog::with(&[], &["North".into()]);
        let on_map = OnMap::default();
        let options = Options::default();
        let mut reader = Reader::new(&catalog, &on_map, &options);
        let _ = thrive::map::directory::tabular::read(dir.path(), &mut reader);
        let _ = thrive::map::directory::report("p", &reader.out, "checked");
    }
}

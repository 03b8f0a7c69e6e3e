//! Services from spreadsheet exports: a messy real-looking export read row by row with its
//! exact report, the encodings and separators spreadsheets write, files refused as a whole,
//! and `parse` never panicking whatever the bytes.

use proptest::prelude::*;
use thrive::map::import::{self, Delimiter, DuplicateOf, Encoding, Outcome, Parsed};
use thrive::map::{Ages, Catalog, KnownServices, ServiceFields, ServiceId};

const MESSY: &[u8] = include_bytes!("fixtures/import/messy.csv");

fn catalog() -> Catalog {
    Catalog::with(
        &["Youth justice".into()],
        &["North".into(), "West".into(), "Coast".into()],
    )
}

/// Samaritans is already on the event's map.
fn existing() -> KnownServices<ServiceId> {
    let mut known = KnownServices::default();
    known.insert(&ServiceFields::named("Samaritans"), ServiceId(1));
    known
}

fn parse(bytes: &[u8]) -> Parsed {
    match import::parse(bytes, &catalog(), &existing()) {
        Ok(p) => p,
        Err(e) => panic!("refused: {}", e.report("test.csv")),
    }
}

fn refused(bytes: &[u8]) -> String {
    match import::parse(bytes, &catalog(), &KnownServices::default()) {
        Ok(p) => panic!("read, not refused: {p:?}"),
        Err(e) => e.report("test.csv"),
    }
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        if big_endian {
            bytes.extend(unit.to_be_bytes());
        } else {
            bytes.extend(unit.to_le_bytes());
        }
    }
    bytes
}

/// One service per locality is not a duplicate: the same name and provider in another
/// locality is another service, and `North; West` in one cell is one service in both.
#[test]
fn the_same_service_in_two_localities_is_two_services_not_a_duplicate() {
    let csv = "name,provider,ages,locality\n\
        School Nursing (5–19),NHS Trust,5-19,North\n\
        School Nursing (5–19),NHS Trust,5-19,West\n\
        School nursing (5-19),NHS trust,5-19, north \n\
        Kooth,Kooth plc,11-25,North; West\n";
    let p = parse(csv.as_bytes());
    let got: Vec<(String, String)> = p
        .good
        .iter()
        .map(|r| (r.fields.name.clone(), r.fields.localities.to_string()))
        .collect();
    assert_eq!(
        got,
        [
            ("School Nursing (5–19)".to_owned(), "North".to_owned()),
            ("School Nursing (5–19)".to_owned(), "West".to_owned()),
            ("Kooth".to_owned(), "North; West".to_owned()),
        ]
    );
    assert_eq!(p.duplicates.len(), 1, "the same service in North twice");
    assert_eq!(p.duplicates[0].of, DuplicateOf::Row { line: 2, row: 2 });
}

#[test]
fn the_messy_export_gets_its_exact_report() {
    let parsed = parse(MESSY);
    insta::assert_snapshot!(
        "messy_refused",
        import::report("services.csv", &parsed, parsed.outcome(false))
    );
    insta::assert_snapshot!(
        "messy_skip_bad",
        import::report("services.csv", &parsed, parsed.outcome(true))
    );
}

#[test]
fn the_messy_export_reads_its_good_rows_as_meant() {
    let p = parse(MESSY);
    let row = |name: &str| {
        p.good
            .iter()
            .find(|r| r.fields.name == name)
            .unwrap_or_else(|| panic!("no good row {name}"))
    };

    let kooth = row("Kooth");
    assert_eq!((kooth.line, kooth.row), (2, 2));
    assert_eq!(kooth.fields.sector.as_deref(), Some("voluntary sector"));
    assert_eq!(kooth.fields.groupings.numbers(), "2 3");
    assert_eq!(kooth.fields.ages, Some(Ages { from: 11, to: 25 }));
    assert_eq!(kooth.fields.localities.to_string(), "all areas");
    assert_eq!(kooth.fields.access_route, "online");
    assert_eq!(
        kooth.fields.notes,
        "Free, safe and anonymous online support; Contact: kooth.com"
    );

    let nurses = row("School nurses");
    assert_eq!(nurses.fields.provider, "Hill Trust, NHS");
    assert_eq!(nurses.fields.sector.as_deref(), Some("NHS"));
    assert_eq!(nurses.fields.groupings.numbers(), "1 2");
    assert_eq!(nurses.fields.ages, Some(Ages { from: 5, to: 18 }));
    assert_eq!(nurses.fields.localities.to_string(), "North");
    assert_eq!(nurses.fields.access_route, "school referral");
    assert_eq!(
        nurses.fields.notes,
        "Drop-in at lunchtime\nTuesdays and Thursdays; Contact: 0300 123 4567"
    );

    // The line break in School nurses' notes: lines and rows part ways after it.
    let camhs = row("CAMHS");
    assert_eq!((camhs.line, camhs.row), (5, 4));
    assert_eq!(
        camhs.fields.notes,
        "Waiting list about 18 weeks; ask about the \"single point of access\""
    );

    let youth = row("Youth club");
    assert_eq!(youth.fields.localities.to_string(), "West");
    assert_eq!(youth.fields.access_route, "drop-in");
    assert_eq!(youth.fields.sector.as_deref(), Some("voluntary sector"));

    let social = row("Social prescribing");
    assert_eq!(social.fields.ages, Some(Ages { from: 16, to: 25 }));

    // An export's '= and '@ marks are undone; the formula cell is kept as its text.
    let shout = row("Shout 85258");
    assert_eq!(
        shout.fields.notes,
        "=free 24/7 text support; Contact: @GiveUsAShout"
    );
    assert_eq!(shout.fields.access_route, "phone");
    assert!(
        p.good
            .iter()
            .any(|r| r.fields.name.starts_with("=HYPERLINK(\"https://"))
    );

    let peer = row("Peer support group");
    assert_eq!(peer.fields.notes, "Meets in the library on Fridays");

    let cafe = row("Wellbeing café");
    assert_eq!(cafe.fields.provider, "Hill Mind, the local Mind");
    assert_eq!(cafe.fields.notes, "Tuesdays 4–6pm, \"no need to book\"");

    assert_eq!(p.encoding, Encoding::Utf8Bom);
    assert_eq!(p.delimiter, Delimiter::Comma);
    assert_eq!(
        p.rows_read,
        p.good.len() + p.bad_rows() + p.duplicates.len()
    );
    let dups: Vec<(&str, DuplicateOf)> = p
        .duplicates
        .iter()
        .map(|d| (d.name.as_str(), d.of))
        .collect();
    assert_eq!(
        dups,
        vec![
            ("Samaritans", DuplicateOf::Map),
            ("KOOTH.", DuplicateOf::Row { line: 2, row: 2 }),
            ("school nurses", DuplicateOf::Row { line: 3, row: 3 }),
        ]
    );
}

#[test]
fn a_semicolon_separated_windows_1252_export_reads() {
    let bytes = b"Name;Provider;Ages;Notes;Area\r\n\
        Wellbeing caf\xe9;Hill Mind;16+;\x93drop in\x94, \xa35 a session;Coast\r\n\
        Youth club;Westside Youth Trust;11 to 19;Mon\x96Wed;west\r\n";
    let p = parse(bytes);
    assert_eq!(p.encoding, Encoding::Windows1252);
    assert_eq!(p.delimiter, Delimiter::Semicolon);
    assert!(p.bad.is_empty(), "{:?}", p.bad);
    let cafe = &p.good[0].fields;
    assert_eq!(cafe.name, "Wellbeing café");
    assert_eq!(cafe.ages, Some(Ages { from: 16, to: 25 }));
    assert_eq!(cafe.notes, "“drop in”, £5 a session");
    assert_eq!(cafe.localities.to_string(), "Coast");
    assert_eq!(p.good[1].fields.notes, "Mon–Wed");
    assert_eq!(p.good[1].fields.localities.to_string(), "West");
    insta::assert_snapshot!(import::report(
        "services.csv",
        &p,
        p.outcome(false)
    ), @r"
    services.csv: note: read as Windows-1252, not UTF-8 (byte 0xE9 on line 2 is not UTF-8) — check that letters like é and signs like £ came through
    services.csv: 2 rows read (Windows-1252, semicolon-separated): 2 good
    services.csv: imported 2 services
    ");
}

#[test]
fn a_utf16_unicode_text_export_reads_tab_separated() {
    let text = "Service name\tProvider\tGrouping\tMin age\tMax age\tContact\r\n\
                Kooth\tKooth plc\tGetting Advice; Getting Help\t11\t25\tkooth.com\r\n\
                \"Ysgol nurses\tCymru\"\tHill Trust\tThriving\t5\t\t\r\n\
                Ŵyth 🙂\tCymru\t1\t\t\t\r\n";
    for big_endian in [false, true] {
        let p = parse(&utf16(text, big_endian));
        assert_eq!(
            p.encoding,
            if big_endian {
                Encoding::Utf16Be
            } else {
                Encoding::Utf16Le
            }
        );
        assert_eq!(p.delimiter, Delimiter::Tab);
        assert!(p.bad.is_empty(), "{:?}", p.bad);
        let names: Vec<&str> = p.good.iter().map(|r| r.fields.name.as_str()).collect();
        assert_eq!(names, ["Kooth", "Ysgol nurses Cymru", "Ŵyth 🙂"]);
        assert_eq!(p.good[0].fields.groupings.numbers(), "2 3");
        assert_eq!(p.good[0].fields.notes, "Contact: kooth.com");
        assert_eq!(p.good[1].fields.ages, Some(Ages { from: 5, to: 25 }));
    }
}

#[test]
fn a_utf16_export_without_its_mark_still_reads() {
    let bytes: Vec<u8> = "name,provider\nKooth,Kooth plc\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let p = parse(&bytes);
    assert_eq!(p.encoding, Encoding::Utf16Le);
    assert_eq!(p.good[0].fields.provider, "Kooth plc");
    assert!(p.notes[0].contains("no byte-order mark"), "{:?}", p.notes);
}

#[test]
fn a_header_alone_imports_nothing_and_says_so() {
    let p = parse(b"name,provider,sector\r\n,,\r\n");
    assert_eq!(p.rows_read, 0);
    assert_eq!(
        import::report("services.csv", &p, p.outcome(false)),
        "services.csv: 0 rows read (UTF-8, comma-separated): 0 good\n\
         services.csv: nothing to import — the file has a header but no services under it\n"
    );
}

#[test]
fn whole_file_problems_are_refused_with_help() {
    insta::assert_snapshot!(refused(b""), @r"
    test.csv: error: the file is empty
      = help: a service list starts with a header row naming the columns: name,provider,sector,groupings,age_from,age_to,locality,access_route,notes
    ");
    assert!(refused(b"\xEF\xBB\xBF\r\n \r\n").contains("error: the file is empty"));
    assert!(refused(b",,,\n,,\n \n").contains("only empty cells"));

    insta::assert_snapshot!(refused(b"Provider,Sector,Ages\nKooth plc,voluntary,11-25\n"), @r"
    test.csv: error: the header (line 1) has no name column
      = help: add a column called name for the services' names; the header reads: Provider, Sector, Ages
    ");
    insta::assert_snapshot!(refused(b"Nmae,Provider\nKooth,Kooth plc\n"), @r"
    test.csv: error: the header (line 1) has no name column
      = help: did you mean name for “Nmae”? Every service needs a name; the header reads: Nmae, Provider
    ");
    insta::assert_snapshot!(refused(b"Kooth,Kooth plc,voluntary,11-25\n"), @r"
    test.csv: error: no header row: line 1 does not name the columns
      = help: the first row must name the columns, like name,provider,sector,groupings,age_from,age_to,locality,access_route,notes; line 1 reads: Kooth, Kooth plc, voluntary, 11-25
    ");
    insta::assert_snapshot!(refused(b"PK\x03\x04\x14\x00\x06\x00"), @r"
    test.csv: error: this is a zip file — most likely an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods), not CSV
      = help: in the spreadsheet, save the services sheet as CSV (Excel: File → Save As → “CSV UTF-8”; Google Sheets: File → Download → CSV)
    ");
    assert!(refused(b"name\nKooth\0\0\x01\x02").contains("does not look like a text file"));
    assert!(refused(b"\"name,provider\nKooth,x\n").contains("never closed"));
}

#[test]
fn a_huge_file_is_refused_before_it_is_read() {
    let bytes = vec![b'a'; import::MAX_BYTES + 1];
    let report = refused(&bytes);
    assert!(
        report.starts_with("test.csv: error: the file is 50 MiB; a service list is far smaller"),
        "{report}"
    );
}

#[test]
fn title_rows_above_the_header_are_passed_over() {
    let p = parse(
        b"Hill services directory,,\nUpdated March 2026,,\n,,\nService,Area,Route\nKooth,all,web\n",
    );
    assert_eq!(p.good[0].line, 5);
    assert_eq!(p.good[0].fields.access_route, "online");
    assert_eq!(
        p.notes,
        ["lines 1–2 above the header were not read (the header is line 4)"]
    );
}

#[test]
fn columns_not_read_are_named_with_a_suggestion() {
    let p = parse(b"name,Grupings,Funding,,notes,Comments\nKooth,2,LA,x,a,b\nQwell,,,,,\n");
    assert_eq!(
        p.notes,
        [
            "column B (Grupings) not read — did you mean groupings?",
            "column C (Funding) not read — the columns read are name, provider, sector, groupings, age_from, age_to, locality, access_route, notes",
            "column F (Comments) read into notes too, as “Comments: …”",
            "column D has no header, so its 1 filled cell was not read",
        ]
    );
    assert_eq!(p.good[0].fields.notes, "a; Comments: b");
}

#[test]
fn a_space_before_a_quote_is_forgiven_or_explained() {
    let p = parse(
        b"name, provider, notes\nKooth, \"Kooth plc\", online\nCAMHS, \"Hill Trust, NHS\", x\n",
    );
    assert_eq!(p.good[0].fields.provider, "Kooth plc");
    assert_eq!(p.bad.len(), 1);
    assert!(
        p.bad[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("no space before the quote")),
        "{:?}",
        p.bad
    );
}

#[test]
fn the_checked_outcome_imports_nothing() {
    let p = parse(MESSY);
    let report = import::report("services.csv", &p, Outcome::Checked);
    assert!(
        report.ends_with(
            "services.csv: checked, nothing imported: 14 services ready; fix the 8 bad rows or use --skip-bad\n"
        ),
        "{report}"
    );
}

/// Small random edits to the messy export: bytes replaced, inserted and removed.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((0..MESSY.len(), any::<u8>(), 0..3u8), 1..40).prop_map(|edits| {
        let mut bytes = MESSY.to_vec();
        for (at, byte, how) in edits {
            let at = at.min(bytes.len());
            match how {
                0 if at < bytes.len() => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ if at < bytes.len() => {
                    bytes.remove(at);
                }
                _ => {}
            }
        }
        bytes
    })
}

/// Bytes made of what CSV parsers trip on.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        &b","[..],
        b";",
        b"\t",
        b"\"",
        b"\"\"",
        b"\r",
        b"\n",
        b"\r\n",
        b"name",
        b"age_from",
        b"ages",
        b"locality",
        b"groupings",
        b"Kooth",
        b"30",
        b"11.0",
        b"'=",
        b"=",
        b"\xEF\xBB\xBF",
        b"\xFF\xFE",
        b"\xE9",
        b"\x00",
        b"\x1b[31m",
        "\u{202E}".as_bytes(),
        " ".as_bytes(),
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|p| p.concat())
}

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let catalog = catalog();
    match import::parse(bytes, &catalog, &existing()) {
        Err(problem) => {
            let shown = problem.report("x.csv");
            prop_assert!(!shown.chars().any(thrive::text::is_unsafe));
        }
        Ok(p) => {
            prop_assert_eq!(
                p.rows_read,
                p.good.len() + p.bad_rows() + p.duplicates.len()
            );
            for r in &p.good {
                let f = &r.fields;
                prop_assert!(!f.name.is_empty());
                let localities = f.localities.to_string();
                for text in [&f.name, &f.provider, &localities, &f.access_route, &f.notes] {
                    prop_assert!(
                        !text
                            .chars()
                            .any(|c| thrive::text::is_unsafe(c) || c == '\t')
                    );
                }
                prop_assert!(r.row <= r.line);
            }
            // No two good rows are one service.
            for (i, a) in p.good.iter().enumerate() {
                for b in &p.good[i + 1..] {
                    prop_assert!(!thrive::map::same_service(&a.fields, &b.fields));
                }
            }
            for outcome in [Outcome::Refused, Outcome::Checked, Outcome::Imported] {
                let shown = import::report("x.csv", &p, outcome);
                prop_assert!(!shown.chars().any(thrive::text::is_unsafe));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parse_never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes)?;
    }

    #[test]
    fn parse_never_panics_on_csvish_bytes(bytes in csvish()) {
        check(&bytes)?;
    }

    #[test]
    fn parse_never_panics_on_a_mutated_export(bytes in mutated()) {
        check(&bytes)?;
    }
}

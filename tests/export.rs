//! Every output people leave the room with, from one fixed series of two events: a byte-exact
//! snapshot of each format, CSV injection, the calendar parsed back, the JSON and TOML read back into a
//! new database with nothing lost, and the console's one key.

mod common;

use thrive::ids::EventId;

use common::series::{self, stamp, written_at};
use thrive::event::document::{self, Document};
use thrive::event::store::Store;
use thrive::export::{self, DEFAULT_SET, Existing, Format, Part, What};

fn fixture() -> (tempfile::TempDir, Store, Document) {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(&dir.path().join("thrive.db")).expect("db");
    let (_, second) = series::build(&store);
    let doc = Document::build(&store, second, written_at()).expect("document");
    (dir, store, doc)
}

fn render(doc: &Document, what: What, format: Format) -> Vec<u8> {
    export::render(doc, Part { what, format }, stamp()).expect("a writer for it")
}

const EVERY_PART: [(What, Format, &str); 17] = [
    (What::Assessment, Format::Csv, "assessment.csv"),
    (What::Assessment, Format::Md, "assessment.md"),
    (What::Priorities, Format::Csv, "priorities.csv"),
    (What::Priorities, Format::Md, "priorities.md"),
    (What::Actions, Format::Csv, "actions.csv"),
    (What::Actions, Format::Md, "actions.md"),
    (What::Actions, Format::Ics, "actions.ics"),
    (What::Actions, Format::Json, "actions.json"),
    (What::Notes, Format::Csv, "notes.csv"),
    (What::Notes, Format::Md, "notes.md"),
    (What::Services, Format::Csv, "services.csv"),
    (What::Services, Format::Md, "services.md"),
    (What::Services, Format::Toml, "services.toml"),
    (What::Report, Format::Md, "report.md"),
    (What::Report, Format::Html, "report.html"),
    (What::All, Format::Json, "event.json"),
    (What::All, Format::Toml, "event.toml"),
];

#[test]
fn every_format_matches_its_snapshot_byte_for_byte() {
    let (_dir, _store, doc) = fixture();
    for (what, format, name) in EVERY_PART {
        // Byte for byte (the CSV's mark and CRLF, the calendar's folding): a binary
        // snapshot keeps the file exactly as written, and readable beside its metadata.
        let (stem, ext) = name.split_once('.').expect("a name with an extension");
        insta::assert_binary_snapshot!(&format!("{stem}_{ext}.{ext}"), render(&doc, what, format));
    }
}

#[test]
fn a_private_note_is_in_the_event_document_marked_and_in_no_file_for_others() {
    let (dir, _store, doc) = fixture();
    for (what, format, name) in EVERY_PART {
        let text = String::from_utf8(render(&doc, what, format)).expect("UTF-8");
        let data = matches!(format, Format::Json | Format::Toml) && what != What::Actions;
        let data = data && what != What::Services;
        assert_eq!(text.contains("PRIVMARK"), data, "{name}");
    }
    let json = String::from_utf8(render(&doc, What::All, Format::Json)).expect("UTF-8");
    assert!(json.contains("\"private\": true"), "{json}");
    // Read back — even from a document whose text lost its tag — the note is still
    // private: the mark is kept.
    let fresh = Store::open(&dir.path().join("again.db")).expect("db");
    let json = json.replace("call her #private", "call her");
    let back = document::read("event.json", json.as_bytes()).expect("reads");
    let info = fresh
        .import_document(&back.document, &back.script)
        .expect("imports");
    let notes = fresh.notes(info.id).expect("notes");
    let private: Vec<_> = notes.iter().filter(|n| n.is_private()).collect();
    assert_eq!(private.len(), 1);
    assert!(private[0].text.contains("PRIVMARK"));
}

#[test]
fn no_output_carries_a_terminal_control_sequence() {
    let (_dir, _store, doc) = fixture();
    for (what, format, name) in EVERY_PART {
        let text = String::from_utf8(render(&doc, what, format)).expect("UTF-8");
        // CSV and ICS end lines CRLF, as their readers expect; nothing else is a control.
        let text = text.replace("\r\n", "\n");
        // The CSV starts with a byte-order mark on purpose, so Excel reads UTF-8.
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        if let Some(c) = text.chars().find(|c| thrive::text::is_unsafe(*c)) {
            panic!("{name} holds {c:?}");
        }
        // The escape itself is gone: what is left is shown, never obeyed.
        let text = text.replace("\\[", "[");
        assert!(
            !text.contains("[31m") || text.contains("\u{FFFD}[31m"),
            "{name}"
        );
    }
}

#[test]
fn the_actions_csv_opens_in_a_spreadsheet_with_no_formula_run() {
    let (_dir, _store, doc) = fixture();
    let bytes = render(&doc, What::Actions, Format::Csv);
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "a BOM for Excel");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header = reader.headers().expect("header").clone();
    assert_eq!(&header[0], "action");
    assert_eq!(&header[1], "owners");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), doc.actions.len());
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet would run: {cell:?}"
            );
        }
    }
    let texts: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    for dangerous in [
        "'=HYPERLINK(\"http://evil\",\"click\")",
        "'+1 more youth worker for the West",
        "'-2 waiting lists; ask why | check `stats`",
        "'@the ICB: the 18–25 gap, in writing",
    ] {
        assert!(texts.contains(&dangerous), "{dangerous} in {texts:?}");
    }
    // One owner list per cell.
    assert!(rows.iter().any(|r| &r[1] == "sam, jo"), "{rows:?}");
    // The services sheet, formula-looking name and all, goes back in through thrive import.
    let sheet = render(&doc, What::Services, Format::Csv);
    let catalog = doc.catalog();
    let parsed = thrive::map::import::parse(&sheet, &catalog, &Default::default()).expect("reads");
    assert!(parsed.bad.is_empty(), "{:?}", parsed.bad);
    let names: Vec<&str> = parsed.good.iter().map(|r| r.fields.name.as_str()).collect();
    let want: Vec<&str> = doc.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, want);
}

/// A link or image typed in a note or an action never becomes live in a Markdown file.
#[test]
fn links_and_images_typed_in_text_stay_text_in_markdown() {
    let (_dir, _store, mut doc) = fixture();
    let hostile = "see [the plan](javascript:alert(1)) and ![](http://evil.example/x.png)";
    doc.notes[0].text = hostile.to_owned();
    doc.actions[0].text = hostile.to_owned();
    for what in [What::Report, What::Actions, What::Notes] {
        let text = String::from_utf8(render(&doc, what, Format::Md)).expect("UTF-8");
        assert!(text.contains("\\[the plan\\]"), "{what:?}:\n{text}");
        let unescaped = text.replace("\\[", "").replace("\\]", "");
        for live in ["](", "![", "[the plan"] {
            assert!(
                !unescaped.contains(live),
                "{what:?} has a live {live}:\n{text}"
            );
        }
    }
}

#[test]
fn markdown_tables_keep_their_columns_whatever_the_text() {
    let (_dir, _store, doc) = fixture();
    for (what, name) in [
        (What::Report, "report"),
        (What::Actions, "actions"),
        (What::Services, "services"),
    ] {
        let text = String::from_utf8(render(&doc, what, Format::Md)).expect("UTF-8");
        let mut columns = None;
        for line in text.lines() {
            if !line.starts_with('|') {
                columns = None;
                continue;
            }
            // Pipes that are not escaped divide cells.
            let bars = line
                .char_indices()
                .filter(|&(i, c)| c == '|' && (i == 0 || line.as_bytes()[i - 1] != b'\\'))
                .count();
            match columns {
                None => columns = Some(bars),
                Some(n) => assert_eq!(n, bars, "{name}: a row with a stray pipe: {line}"),
            }
        }
        assert!(
            !text.contains("<back>"),
            "{name}: HTML is shown, not obeyed"
        );
    }
}

#[test]
fn the_calendar_parses_back_with_one_entry_per_dated_action_and_stable_uids() {
    use icalendar::{Calendar, CalendarComponent, Component};
    let (_dir, store, doc) = fixture();
    let text = String::from_utf8(render(&doc, What::Actions, Format::Ics)).expect("UTF-8");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line over 75 octets: {line:?}");
    }
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "every line ends CRLF"
    );
    let calendar: Calendar = text.parse().expect("RFC 5545");
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    let dated: Vec<_> = doc.actions.iter().filter(|a| a.due.is_some()).collect();
    assert_eq!(events.len(), dated.len());
    for (event, action) in events.iter().zip(&dated) {
        assert_eq!(
            event.get_uid(),
            Some(format!("{}@thrive.events", action.thread).as_str())
        );
        let summary = event.get_summary().expect("summary");
        assert!(
            summary.ends_with(&action.text),
            "{summary:?} for {:?}",
            action.text
        );
        let due = action.due.expect("dated");
        assert_eq!(
            event.get_start(),
            Some(icalendar::DatePerhapsTime::Date(due)),
            "all day, on its due date"
        );
    }
    // The action carried on from October is October's calendar entry, not a second one.
    let october = Document::build(&store, EventId(1), written_at()).expect("first event");
    let carried = doc
        .actions
        .iter()
        .find(|a| a.carried_from.is_some())
        .expect("carried");
    let original = october
        .actions
        .iter()
        .find(|a| Some(&a.uid) == carried.carried_from.as_ref())
        .expect("original");
    let october_ics =
        String::from_utf8(render(&october, What::Actions, Format::Ics)).expect("UTF-8");
    let uid = format!("UID:{}@thrive.events", original.uid);
    assert!(october_ics.contains(&uid) && text.contains(&uid), "{uid}");
    let sequence = |ics: &str, uid: &str| -> i64 {
        let at = ics.find(uid).expect("the entry");
        ics[at..]
            .lines()
            .find_map(|l| l.strip_prefix("SEQUENCE:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("a sequence")
    };
    assert!(
        sequence(&text, &uid) > sequence(&october_ics, &uid),
        "December's copy is newer"
    );
    // A change later: the same UID, a higher SEQUENCE, so the calendar updates the entry.
    let first = dated[1];
    let id = store
        .actions(EventId(2))
        .expect("actions")
        .into_iter()
        .find(|a| a.text == first.text)
        .expect("the action")
        .id;
    store
        .set_status(
            id,
            thrive::event::record::Status::Done,
            series::t(12, 4, 9, 0),
        )
        .expect("done");
    let again = Document::build(&store, EventId(2), written_at()).expect("document");
    let later = String::from_utf8(render(&again, What::Actions, Format::Ics)).expect("UTF-8");
    let uid = format!("UID:{}@thrive.events", first.thread);
    assert!(
        later.contains(&uid) && later.contains("SUMMARY:Done: "),
        "{later}"
    );
    assert!(
        sequence(&later, &uid) > sequence(&text, &uid),
        "the change counts higher"
    );
}

/// The document as data, leaving out what a lone event in another database cannot know.
fn own_parts(mut doc: Document) -> Document {
    doc.since_last_time = None;
    doc.assessment_before.clear();
    doc
}

#[test]
fn json_and_toml_read_back_into_a_new_database_with_nothing_lost() {
    let (_dir, _store, doc) = fixture();
    for format in [Format::Json, Format::Toml] {
        let bytes = render(&doc, What::All, format);
        let read = document::read("event", &bytes).expect("reads back");
        let dir = tempfile::tempdir().expect("dir");
        let fresh = Store::open(&dir.path().join("new.db")).expect("db");
        let info = fresh
            .import_document(&read.document, &read.script)
            .expect("imported");
        let back = Document::build(&fresh, info.id, written_at()).expect("document");
        assert_eq!(
            own_parts(back.clone()),
            own_parts(doc.clone()),
            "{format:?}"
        );
        // Unicode and line breaks survive byte for byte.
        let note = back
            .notes
            .iter()
            .find(|n| n.text.contains("Jade"))
            .expect("the note");
        assert!(note.text.contains("\n# Not a heading") && note.text.contains("欢迎 😀"));
        // Read in twice is refused, and changes nothing.
        assert_eq!(
            fresh
                .event_by_uid(&doc.event.uid)
                .expect("lookup")
                .map(|e| e.id),
            Some(info.id)
        );
    }
}

#[test]
fn a_whole_series_read_back_in_order_gives_the_same_report_since_last_time() {
    let (_dir, store, doc) = fixture();
    let first = Document::build(&store, EventId(1), written_at()).expect("first");
    let dir = tempfile::tempdir().expect("dir");
    let fresh = Store::open(&dir.path().join("new.db")).expect("db");
    for d in [&first, &doc] {
        let bytes = render(d, What::All, Format::Json);
        let read = document::read("event", &bytes).expect("reads back");
        fresh
            .import_document(&read.document, &read.script)
            .expect("imported");
    }
    let back = Document::build(&fresh, EventId(2), written_at()).expect("document");
    assert_eq!(back, doc);
    assert_eq!(
        render(&back, What::All, Format::Json),
        render(&doc, What::All, Format::Json)
    );
    let since = back.since_last_time.expect("since last time");
    let outcomes: Vec<(&str, &str)> = since
        .actions
        .iter()
        .map(|a| (a.text.as_str(), a.outcome.as_str()))
        .collect();
    assert_eq!(
        outcomes,
        vec![
            ("Ask the ICB about an 18–25 crisis pathway", "kept"),
            ("Book the December room", "done"),
            ("Invite the school nurses to the map", "open"),
            ("Print the map on A0", "dropped"),
        ]
    );
    assert_eq!(since.removed, vec!["Youth club North"]);
    assert_eq!(since.added.len(), 2);
    assert_eq!(since.moved.len(), 1);
    assert_eq!(since.moved[0].name, "Crisis line");
}

/// Version 1 wrote one `locality` text per service; it still reads, as a list.
#[test]
fn a_version_1_document_with_one_locality_text_still_reads() {
    let (_dir, _store, doc) = fixture();
    let good = String::from_utf8(render(&doc, What::All, Format::Json)).expect("UTF-8");
    let v1 = good
        .replacen("\"version\": 2", "\"version\": 1", 1)
        .replacen(
            "\"localities\": [\n        \"North\"\n      ]",
            "\"locality\": \"North; West\"",
            1,
        );
    assert_ne!(v1, good);
    let read = document::read("v1.json", v1.as_bytes()).expect("a version 1 document reads");
    assert!(
        read.document
            .services
            .iter()
            .any(|s| s.localities == ["North", "West"]),
        "{:?}",
        read.document.services
    );
}

/// Version 3 had no assessment and no vote; it reads, with neither.
#[test]
fn a_version_3_document_without_an_assessment_or_a_vote_still_reads() {
    let (_dir, _store, doc) = fixture();
    let good = String::from_utf8(render(&doc, What::All, Format::Json)).expect("UTF-8");
    let mut value: serde_json::Value = serde_json::from_str(&good).expect("json");
    let object = value.as_object_mut().expect("an object");
    object.remove("assessment").expect("an assessment");
    object.remove("vote").expect("a vote");
    object.insert("version".into(), 3.into());
    let v3 = serde_json::to_string_pretty(&value).expect("json");
    let read = document::read("v3.json", v3.as_bytes()).expect("a version 3 document reads");
    assert!(read.document.assessment.is_empty() && read.document.vote.is_none());
    let dir = tempfile::tempdir().expect("dir");
    let fresh = Store::open(&dir.path().join("new.db")).expect("db");
    let info = fresh
        .import_document(&read.document, &read.script)
        .expect("imported");
    assert!(fresh.vote(info.id).expect("vote").is_empty());
}

#[test]
fn a_bad_event_document_is_refused_with_its_line_and_column() {
    let (_dir, _store, doc) = fixture();
    let good = String::from_utf8(render(&doc, What::All, Format::Json)).expect("UTF-8");
    for (broken, want) in [
        (
            good.replacen("\"status\": \"doing\"", "\"status\": \"busy\"", 1),
            "“busy” is not a status",
        ),
        (
            good.replacen("\"version\": 4", "\"version\": 9", 1),
            "this document is version 9",
        ),
        (
            good.replacen("\"format\": \"thrive-event\"", "\"format\": \"other\"", 1),
            "`format` is “other”",
        ),
        (
            good.replacen("\"age_to\": 18", "\"age_to\": 40", 1),
            "has ages 5 to 40",
        ),
        (good.replacen("},\n", "}\n", 1), "not an event document"),
        (
            "{\"hello\": 1}".to_owned(),
            "not an event document: missing field",
        ),
        (
            good.replacen(
                "\"thread\": \"action-1\"",
                "\"thread\": \"x\\r\\nBEGIN:VALARM\\u001b[31m\"",
                1,
            ),
            "this action's `thread` is not a uid thrive writes",
        ),
        (
            good.replacen("\"uid\": \"event-2\"", "\"uid\": \"evt\\n# Injected\"", 1),
            "has the uid “evt",
        ),
        (
            good.replacen("\"uid\": \"note-3\"", "\"uid\": \"action-5\"", 1),
            "two records have the uid “action-5”",
        ),
        (
            good.replacen("\"score\": 1", "\"score\": 7", 1),
            "a score of 7 for outcome-informed at services",
        ),
        (
            good.replacen(
                "\"principle\": \"needs-led\"",
                "\"principle\": \"kindness\"",
                1,
            ),
            "“kindness” is not one of the eight principles",
        ),
        (
            good.replacen("\"dots\": 2\n", "\"dots\": 5\n", 1),
            "Table 1 spent 6 dots; the script gives each voter 3",
        ),
        (
            good.replacen("\"voter\": \"Table 3\"", "\"voter\": \"Table 9\"", 1),
            "dots from “Table 9”, who is not a voter of this event",
        ),
        (
            good.replacen("\"dots\": 2\n", "\"dots\": 4294967295\n", 2),
            "spent 4294967295 dots",
        ),
        (
            good.replacen("\"origin\": \"typed\"", "\"origin\": \"dream\"", 1),
            "“dream” is not where a candidate comes from",
        ),
    ] {
        let report = document::read("x.json", broken.as_bytes())
            .expect_err(want)
            .to_string();
        assert!(report.contains(want), "{want}:\n{report}");
        let first = report.lines().next().unwrap_or_default();
        let place: Vec<&str> = first.splitn(4, ':').collect();
        assert!(
            place.len() == 4
                && place[1].parse::<usize>().is_ok()
                && place[2].parse::<usize>().is_ok(),
            "located x.json:LINE:COL — {first}"
        );
    }
    let toml = String::from_utf8(render(&doc, What::All, Format::Toml)).expect("UTF-8");
    let broken = toml.replacen("status = \"doing\"", "status = \"busy\"", 1);
    let report = document::read("x.toml", broken.as_bytes())
        .expect_err("refused")
        .to_string();
    assert!(
        report.contains("“busy” is not a status") && report.starts_with("x.toml:"),
        "{report}"
    );
}

#[test]
fn the_default_set_is_written_whole_and_an_earlier_one_is_never_overwritten_unasked() {
    let (_dir, _store, doc) = fixture();
    let root = tempfile::tempdir().expect("dir");
    let dir = root.path().join(export::folder_name(&doc));
    assert_eq!(
        dir.file_name().and_then(|n| n.to_str()),
        Some("2026-12-03-northants-community-of-practice-winter-check-in")
    );
    let (used, files) =
        export::write_set(&doc, &dir, &DEFAULT_SET, Existing::Number, stamp()).expect("written");
    assert_eq!(used, dir);
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "actions.csv",
            "actions.md",
            "actions.ics",
            "report.md",
            "report.html"
        ]
    );
    std::fs::write(dir.join("report.md"), "kept by hand").expect("edit");
    let (again, _) =
        export::write_set(&doc, &dir, &DEFAULT_SET, Existing::Number, stamp()).expect("written");
    assert_eq!(
        again,
        root.path()
            .join("2026-12-03-northants-community-of-practice-winter-check-in-2")
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("report.md")).expect("read"),
        "kept by hand"
    );
    export::write_set(&doc, &dir, &DEFAULT_SET, Existing::Replace, stamp()).expect("replaced");
    assert!(
        std::fs::read_to_string(dir.join("report.md"))
            .expect("read")
            .starts_with("# Northants")
    );
}

/// The key that puts the export's answer away also does what it always does: one q quits.
#[test]
fn the_key_that_puts_the_export_answer_away_also_acts() {
    use common::{model, press};
    use thrive::app::Screen;
    let mut m = model();
    m.open_event(Store::in_memory().expect("db"), common::DAY, false)
        .expect("opened");
    let root = tempfile::tempdir().expect("dir");
    m.export_dir = root.path().to_path_buf();
    press(&mut m, &["e", "enter"]);
    assert!(
        m.export().is_some_and(|d| d.done.is_some()),
        "the answer shows"
    );
    press(&mut m, &["N"]);
    assert!(m.export().is_none());
    assert_eq!(m.screen, Screen::Notes, "N is not swallowed");
    press(&mut m, &["e", "enter", "esc"]);
    assert_eq!(m.screen, Screen::Notes, "Esc only puts the answer away");
    press(&mut m, &["e", "enter", "q"]);
    assert!(m.quit, "one q quits");
}

#[test]
fn one_key_in_the_console_writes_the_set_and_says_where() {
    use common::{model, press};
    let mut m = model();
    // The event as the console opens it: with the copy of its script an export reads.
    m.open_event(Store::in_memory().expect("db"), common::DAY, false)
        .expect("opened");
    let root = tempfile::tempdir().expect("dir");
    m.export_dir = root.path().to_path_buf();
    press(&mut m, &["a"]);
    common::type_text(&mut m, "Send the list to the ICB @priya due:fri");
    press(&mut m, &["enter", "e"]);
    let dialog = m.export().cloned().expect("the export question");
    let folder = root
        .path()
        .join("2026-12-03-northants-thrive-engagement-event");
    assert_eq!(dialog.dir, folder);
    let screen = common::screen(&m, 100, 30);
    assert!(
        screen.contains("actions.csv  actions.md  actions.ics  report.md  report.html"),
        "{screen}"
    );
    press(&mut m, &["enter"]);
    let said = common::screen(&m, 100, 30);
    assert!(said.contains("✓ 5 files written to"), "{said}");
    let csv = std::fs::read_to_string(folder.join("actions.csv")).expect("written");
    assert!(
        csv.contains("Send the list to the ICB,priya,2026-12-04,open"),
        "{csv}"
    );
    press(&mut m, &["x"]);
    assert!(m.export().is_none(), "any key puts the answer away");

    // Again: the earlier files are named, Enter writes beside them, r replaces them.
    press(&mut m, &["e"]);
    let asked = common::screen(&m, 100, 30);
    assert!(asked.contains("It already holds actions.csv"), "{asked}");
    press(&mut m, &["enter", "x"]);
    assert!(
        root.path()
            .join("2026-12-03-northants-thrive-engagement-event-2/report.md")
            .exists()
    );
    press(&mut m, &["e", "r", "x"]);
    assert!(
        !root
            .path()
            .join("2026-12-03-northants-thrive-engagement-event-3")
            .exists()
    );

    // f chooses another folder; Esc closes without writing.
    press(&mut m, &["e", "f"]);
    for _ in 0..200 {
        press(&mut m, &["backspace"]);
    }
    let other = root.path().join("for the ICB");
    common::type_text(&mut m, &other.display().to_string());
    press(&mut m, &["enter"]);
    assert_eq!(m.export().map(|d| d.dir.clone()), Some(other.clone()));
    press(&mut m, &["esc"]);
    assert!(m.export().is_none() && !other.exists());
}

#[test]
fn the_next_event_of_a_series_opens_on_last_times_open_actions() {
    use thrive::app::{Model, Screen};
    use thrive::event::record::{ActionFields, Status};
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("thrive.db");
    let script = |text: &str| thrive::script::parse("s.toml", text.as_bytes()).expect("script");
    {
        let store = Store::open(&path).expect("db");
        let autumn = script(series::AUTUMN);
        let (first, _) = store
            .open_event(
                &autumn,
                series::AUTUMN,
                autumn.workshop.date,
                series::t(10, 15, 9, 0),
                false,
            )
            .expect("event");
        for text in ["Ask the ICB about 18–25", "Book the room"] {
            let fields = ActionFields {
                text: text.into(),
                ..ActionFields::default()
            };
            let a = store
                .add_action(first.id, &fields, None, series::t(10, 15, 10, 0))
                .expect("action");
            if text == "Book the room" {
                store
                    .set_status(a.id, Status::Done, series::t(10, 15, 10, 5))
                    .expect("done");
            }
        }
    }
    let open = || {
        let mut m = Model::new(
            script(series::WINTER),
            thrive::app::keymap::Keymap::defaults().expect("keys"),
            thrive::ui::theme::Theme::new(thrive::ui::theme::ThemeName::Auto, false),
            series::t(12, 3, 13, 55),
        );
        m.open_event(Store::open(&path).expect("db"), series::WINTER, false)
            .expect("opened");
        m
    };
    let m = open();
    assert_eq!(m.screen, Screen::Review);
    let text = common::screen(&m, 100, 30);
    assert!(
        text.contains("1 open action from last time to review"),
        "{text}"
    );
    assert!(text.contains("Ask the ICB about 18–25"), "{text}");
    assert!(
        !text.contains("Book the room"),
        "done last time: nothing to review\n{text}"
    );
    drop(m);
    // Opened again that day, the meeting resumes where it was: on the agenda.
    assert_eq!(open().screen, Screen::Agenda);
}

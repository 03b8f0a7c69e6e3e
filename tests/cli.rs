//! The command line as a user meets it: `check`, `render`, the console refusing bad input
//! before it touches the terminal, and a bad key config.

use std::io::Write;
use std::process::Command;

use assert_cmd::prelude::*;
use predicates::prelude::*;

fn thrive() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_thrive"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env("THRIVE_CONFIG", "tests/fixtures/config/empty.toml")
        // The fixtures' day (and the bundled event's), so no test depends on today's date.
        .env("THRIVE_TODAY", "2026-12-03")
        // Never the developer's own database: a file nothing here creates (the tests that
        // write give their own).
        .env(
            "THRIVE_DB",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/cli-tests-never-made.db"),
        );
    cmd
}

#[test]
fn check_passes_every_bundled_workshop() {
    let out = thrive()
        .args([
            "check",
            "workshops/engagement-event.toml",
            "workshops/community-of-practice.toml",
            "workshops/mapping-sprint.toml",
        ])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    for line in stdout.lines() {
        assert!(line.starts_with("ok  workshops/"), "{line}");
        assert!(line.contains(" segments, "), "{line}");
    }
    assert!(
        stdout.contains("community-of-practice.toml — ") && stdout.contains("1:30 planned"),
        "{stdout}"
    );
    assert!(
        stdout.contains("mapping-sprint.toml — ") && stdout.contains("0:45 planned"),
        "{stdout}"
    );
}

/// A segment whose words for the room run far past a big screen is mentioned, at its line,
/// and the script still passes: it is advice, not a refusal (issue 13).
#[test]
fn check_mentions_a_room_text_far_longer_than_a_big_screen_shows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("long.toml");
    let bundled = std::fs::read_to_string("workshops/engagement-event.toml").expect("bundled");
    let long = "word ".repeat(60);
    let edited = bundled.replacen("text = \"\"\"\n", &format!("text = \"\"\"\n{long}\n"), 1);
    std::fs::write(&path, &edited).expect("write");
    let line = edited
        .lines()
        .position(|l| l.starts_with("text = "))
        .expect("a text")
        + 1;
    let out = thrive().arg("check").arg(&path).assert().success();
    let said = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        said.contains(&format!(
            "long.toml:{line}: warning: the room text of segment “welcome” is 88 words; a big screen shows about 25"
        )) && said.contains("= help: keep a few short lines for the room"),
        "{said}"
    );
    // The bundled scripts themselves stay quiet.
    thrive()
        .args(["check", "workshops/engagement-event.toml"])
        .assert()
        .success()
        .stderr("");
}

#[test]
fn check_reports_good_and_bad_files_together_and_exits_2() {
    thrive()
        .args(["check", "tests/fixtures/day.toml", "tests/fixtures/bad/minutes-zero.toml", "no/such/file.toml"])
        .assert()
        .code(2)
        .stdout("ok  tests/fixtures/day.toml — 9 segments, 3:40 planned\n")
        .stderr(predicate::str::contains(
            "tests/fixtures/bad/minutes-zero.toml:11:11: error: `minutes` must be between 1 and 480, found 0",
        ))
        .stderr(predicate::str::contains("no/such/file.toml: error: cannot read the script"))
        .stderr(predicate::str::ends_with("2 of 3 scripts could not be used\n"));
}

#[test]
fn check_refuses_a_file_over_10_mib_without_reading_it_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.toml");
    let mut f = std::fs::File::create(&path).expect("create");
    let line = "# a very long comment line that goes on\n".repeat(1000);
    for _ in 0..270 {
        f.write_all(line.as_bytes()).expect("write");
    }
    drop(f);
    thrive()
        .arg("check")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            ":1:1: error: the file is 10.3 MiB; a workshop script may be at most 10 MiB",
        ));
}

#[test]
fn the_console_refuses_a_bad_script_with_the_same_message_before_the_terminal() {
    let check = thrive()
        .args(["check", "tests/fixtures/bad/unknown-key-typo.toml"])
        .output()
        .expect("runs");
    let console = thrive()
        .arg("tests/fixtures/bad/unknown-key-typo.toml")
        .output()
        .expect("runs");
    assert_eq!(console.status.code(), Some(2));
    let console_err = String::from_utf8_lossy(&console.stderr);
    let check_err = String::from_utf8_lossy(&check.stderr);
    assert!(
        check_err.starts_with(console_err.as_ref()),
        "console:\n{console_err}\ncheck:\n{check_err}"
    );
    assert!(console_err.contains("did you mean `minutes`?"));
    // No escape sequences: the terminal was never set up.
    assert!(
        !console.stdout.contains(&0x1b),
        "the console wrote to the terminal"
    );
}

#[test]
fn the_console_says_it_needs_a_terminal_instead_of_garbling_a_pipe() {
    thrive()
        .arg("tests/fixtures/day.toml")
        .assert()
        .failure()
        .stderr(predicate::str::contains("the console needs a terminal"));
}

#[test]
fn render_draws_a_screen_as_text_at_the_size_asked() {
    let out = thrive()
        .args([
            "render",
            "--screen",
            "agenda",
            "--size",
            "100x30",
            "--at",
            "10:21",
            "tests/fixtures/day.toml",
        ])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert_eq!(text.lines().count(), 30);
    assert!(
        text.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 100)
    );
    assert!(text.contains("Now: Mapping our services"), "{text}");
    assert!(text.contains("On time — ends 13:10"), "{text}");
    assert!(!text.contains('\u{1b}'), "plain text, no escape sequences");
}

#[test]
fn render_knows_every_screen_and_uses_the_bundled_example_by_default() {
    for screen in [
        "agenda",
        "groupings",
        "grouping-1",
        "grouping-5",
        "principles",
        "help",
    ] {
        let out = thrive()
            .args(["render", "--screen", screen, "--size", "80x24"])
            .assert()
            .success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert_eq!(text.lines().count(), 24, "{screen}");
    }
    let groupings = thrive()
        .args(["render", "--screen", "groupings", "--size", "80x24"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&groupings.stdout);
    assert!(text.contains("5  Getting Risk Support"), "{text}");
    assert!(
        text.contains("A good first conversation"),
        "the example's own wording: {text}"
    );
}

#[test]
fn render_rejects_bad_arguments_clearly() {
    thrive()
        .args(["render", "--screen", "grouping-6"])
        .assert()
        .code(2)
        // clap names the bad value and lists every screen, from the one enum.
        .stderr(
            predicate::str::contains("invalid value 'grouping-6' for '--screen")
                .and(predicate::str::contains("grouping-5"))
                .and(predicate::str::contains("coverage-locality")),
        );
    thrive()
        .args(["render", "--size", "wide"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--size must look like 120x40"));
    thrive()
        .args(["render", "--at", "noon"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--at must be a time like 10:20"));
    thrive()
        .args(["render", "--theme", "sepia"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "possible values: auto, light, dark, high-contrast",
        ));
}

#[test]
fn render_honours_a_user_key_config() {
    let out = thrive()
        .env("THRIVE_CONFIG", "tests/fixtures/config/rebind.toml")
        .args(["render", "--size", "100x30"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let footer = text.lines().last().unwrap_or_default();
    assert!(
        footer.contains("PgDn next"),
        "the footer follows the user's keys: {footer}"
    );
}

#[test]
fn a_bad_key_config_is_a_located_error_not_a_panic() {
    thrive()
        .env("THRIVE_CONFIG", "tests/fixtures/config/clash.toml")
        .args(["render"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "tests/fixtures/config/clash.toml:3:11: error: key g is bound to both `prompts` in [keys.agenda] and `groupings` in [keys.everywhere]",
        ));
    thrive()
        .env("THRIVE_CONFIG", "tests/fixtures/config/missing.toml")
        .args(["render"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read the config file"));
}

#[test]
fn import_names_every_bad_row_and_imports_nothing_unless_told() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let run = |args: &[&str]| {
        thrive()
            .env("THRIVE_DB", &db)
            .args(["import", "tests/fixtures/import/messy.csv"])
            .args(args)
            .output()
            .expect("runs")
    };
    // No database, no script: nothing to import into, said how to fix.
    let none = run(&[]);
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("give --script WORKSHOP.toml"));

    let refused = run(&["--script", "tests/fixtures/day.toml"]);
    assert_eq!(refused.status.code(), Some(2));
    let report = String::from_utf8_lossy(&refused.stderr);
    assert!(
        report.contains(
            ":13: error: spreadsheet row 11, column F (age-to): “30” — THRIVE covers ages 0–25"
        ),
        "{report}"
    );
    assert!(
        report.contains("error: nothing imported — fix the"),
        "{report}"
    );
    let store = thrive::event::store::Store::open(&db).expect("db");
    let event = store.find_event(None).expect("find").expect("an event");
    assert!(
        store.services(event.id).expect("services").is_empty(),
        "nothing imported"
    );

    let imported = run(&["--skip-bad"]);
    assert_eq!(imported.status.code(), Some(0));
    let said = String::from_utf8_lossy(&imported.stdout);
    assert!(
        said.contains("imported 16 services; skipped 7 bad rows and 2 duplicates"),
        "{said}"
    );
    assert!(said.contains("onto the map of event 1"), "{said}");
    assert_eq!(store.services(event.id).expect("services").len(), 16);

    // Again: every good row is now a duplicate of the map, and none is doubled; nothing
    // came in and some rows are bad, so it fails.
    let again = run(&["--skip-bad"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("is already on the map"));
    assert_eq!(store.services(event.id).expect("services").len(), 16);
}

#[test]
fn join_without_an_event_says_what_to_do() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    thrive()
        .env("THRIVE_DB", &db)
        .arg("--join")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "there is no event database here to join",
        ));
}

#[test]
fn options_may_come_before_or_after_the_command() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("elsewhere.db");
    let db = db.to_str().expect("utf-8 path");
    for args in [
        &["--db", db, "events"][..],
        &["events", "--db", db][..],
        &["--theme", "light", "events", "--db", db][..],
    ] {
        thrive().args(args).assert().success().stdout(
            predicate::str::contains("No events recorded yet in")
                .and(predicate::str::contains("elsewhere.db")),
        );
    }
    thrive()
        .args(["--theme", "dark", "check", "tests/fixtures/day.toml"])
        .assert()
        .success();
}

mod common;

/// A database holding the export tests' series of two events.
fn series_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let store = thrive::event::store::Store::open(&db).expect("db");
    common::series::build(&store);
    (dir, db)
}

#[test]
fn export_writes_the_default_set_one_part_or_stdout_and_refuses_what_it_cannot_write() {
    let (dir, db) = series_db();
    let out = thrive()
        .env("THRIVE_DB", &db)
        .current_dir(dir.path())
        .arg("export")
        .assert()
        .success();
    let said = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let folder = dir
        .path()
        .join("2026-12-03-northants-community-of-practice-winter-check-in");
    assert!(
        said.starts_with("wrote 5 files to 2026-12-03-northants-community-of-practice-winter-check-in/: actions.csv, actions.md, actions.ics, report.md, report.html"),
        "{said}"
    );
    for name in [
        "actions.csv",
        "actions.md",
        "actions.ics",
        "report.md",
        "report.html",
    ] {
        assert!(folder.join(name).is_file(), "{name}");
    }
    // The October event by its date, one part, to the terminal.
    thrive()
        .env("THRIVE_DB", &db)
        .args(["export", "2026-10-15", "--what", "report", "-o", "-"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "# Northants THRIVE engagement event\n",
        ));
    let path = dir.path().join("mine.json");
    thrive()
        .env("THRIVE_DB", &db)
        .args(["export", "1", "--format", "json", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("wrote ").and(predicate::str::contains("mine.json")));
    assert!(
        std::fs::read_to_string(&path)
            .expect("json")
            .contains("\"format\": \"thrive-event\"")
    );
    thrive()
        .env("THRIVE_DB", &db)
        .args(["export", "--what", "notes", "--format", "ics"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(
                "notes cannot be written as ics; it can be: csv, md, json, toml",
            )
            .and(predicate::str::contains(
                "help: --what actions --format ics",
            )),
        );
    // A format only one part is written in names that part; one that several are asks which.
    thrive()
        .env("THRIVE_DB", &db)
        .args(["export", "--format", "html", "-o", "-"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("<!doctype html>"));
    thrive()
        .env("THRIVE_DB", &db)
        .args(["export", "--format", "ics", "-o", "-"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("BEGIN:VCALENDAR"));
    thrive()
        .env("THRIVE_DB", &db)
        .args(["export", "--format", "csv", "-o", "-"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "help: --what actions --format csv",
        ));
    thrive()
        .env("THRIVE_DB", &db)
        .args(["export", "7"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "nothing to export: it has no event 7",
        ));
    // A set that cannot be written (a folder stands where --replace would put a file) is
    // refused like every other problem: the place, `error:`, and what to do.
    let set = dir.path().join("set");
    std::fs::create_dir_all(set.join("actions.csv")).expect("folder");
    let out = thrive()
        .env("THRIVE_DB", &db)
        .args(["export", "--replace", "-o"])
        .arg(&set)
        .assert()
        .code(2);
    let said = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        said.contains("actions.csv: error: not written")
            && said.contains("\n  = help: choose another folder with -o PATH"),
        "{said}"
    );
    assert!(set.join("actions.csv").is_dir() && !set.join("report.md").exists());
}

#[test]
fn import_event_reads_an_export_into_a_new_database_once() {
    let (dir, db) = series_db();
    let json = dir.path().join("event.json");
    thrive()
        .env("THRIVE_DB", &db)
        .args(["export", "--what", "all", "--format", "json", "-o"])
        .arg(&json)
        .assert()
        .success();
    let other = dir.path().join("other.db");
    thrive()
        .env("THRIVE_DB", &other)
        .arg("import-event")
        .arg(&json)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("imported as event 1 of").and(predicate::str::contains(
                "4 notes, 7 actions, 6 services, 5 assessed cells, a vote on 3 candidates",
            )),
        );
    thrive()
        .env("THRIVE_DB", &other)
        .arg("import-event")
        .arg(&json)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("this event is already in")
                .and(predicate::str::contains("nothing was changed")),
        );
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        "{\n  \"format\": \"thrive-event\",\n  \"version\": 1,\n  oops\n}\n",
    )
    .expect("write");
    thrive()
        .env("THRIVE_DB", &other)
        .arg("import-event")
        .arg(&broken)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "broken.json:4:3: error: not an event document: key must be a string",
        ));
}

#[test]
fn events_lists_one_series() {
    let (_dir, db) = series_db();
    let out = thrive()
        .env("THRIVE_DB", &db)
        .args(["events", "--series", "northants thrive 2026–27"])
        .assert()
        .success();
    let listed = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert_eq!(listed.lines().count(), 4, "{listed}");
    thrive()
        .env("THRIVE_DB", &db)
        .args(["events", "--series", "Elsewhere"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "No events of the series “Elsewhere”",
        ));
}

/// An event is the script run for its own date. Opened before that day with no choice given
/// and no terminal to ask on, the console says what the day is and how to choose; an import
/// with --script before the day lands on the real event; a rehearsal is marked and removable.
#[test]
fn before_its_day_a_script_asks_rehearse_or_prepare_and_imports_land_on_its_day() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let early = || {
        let mut cmd = thrive();
        cmd.env("THRIVE_TODAY", "2026-12-01").env("THRIVE_DB", &db);
        cmd
    };
    early()
        .arg("tests/fixtures/day.toml")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is for Thu 3 Dec 2026; today is Tue 1 Dec.",
        ))
        .stderr(predicate::str::contains(
            "r  rehearse it now: the clock set to Thu 3 Dec 09:30",
        ))
        .stderr(predicate::str::contains(
            "choose with --rehearse or --prepare",
        ));
    assert!(!db.exists(), "nothing is recorded until a choice is made");

    early()
        .args([
            "import",
            "tests/fixtures/import/messy.csv",
            "--script",
            "tests/fixtures/day.toml",
            "--skip-bad",
        ])
        .assert()
        .success();
    let listed = early().args(["events", "--json"]).output().expect("runs");
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(text.contains("\"date\": \"2026-12-03\""), "{text}");
    assert!(!text.contains("2026-12-01"), "{text}");

    // A rehearsal (as the console makes one) is marked in the list, and goes in one command.
    let (script, script_text) =
        thrive::script::load_with_text(std::path::Path::new("tests/fixtures/day.toml"))
            .expect("script");
    let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 3)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("time");
    let (rehearsal, _) = thrive::event::store::Store::open(&db)
        .expect("db")
        .open_event_for(&script, &script_text, at.date(), at, false, true)
        .expect("rehearsal");
    early()
        .arg("events")
        .assert()
        .success()
        .stdout(predicate::str::contains("REHEARSAL · "));
    // An export is the real event's unless a rehearsal is asked for, and then it says so.
    early()
        .args(["export", "--what", "report", "-o", "-"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "# Northants THRIVE engagement event",
        ));
    early()
        .args([
            "export",
            &rehearsal.id.to_string(),
            "--what",
            "report",
            "-o",
            "-",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("# REHEARSAL · Northants"));
    early()
        .args(["remove-rehearsals", "tests/fixtures/day.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("removed 1 rehearsal of "));
    let after = early().arg("events").output().expect("runs");
    let after = String::from_utf8_lossy(&after.stdout);
    assert!(!after.contains("REHEARSAL"), "{after}");
    assert!(
        after.contains("2026-12-03"),
        "the real event stays: {after}"
    );
}

/// The review screen of a series script not opened yet shows last time's actions, though the
/// read-only render cannot create the event.
#[test]
fn render_review_of_a_series_script_not_opened_yet_shows_last_time() {
    let (dir, db) = series_db();
    let spring = dir.path().join("spring.toml");
    let text = include_str!("fixtures/export/winter.toml")
        .replacen(
            "title = \"Northants community of practice | winter `check-in`\"",
            "title = \"Northants spring check-in\"",
            1,
        )
        .replacen("date = 2026-12-03", "date = 2027-02-04", 1);
    std::fs::write(&spring, text).expect("script");
    let out = thrive()
        .args(["render", "--screen", "review", "--size", "120x30", "--db"])
        .arg(&db)
        .arg(&spring)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.contains("Northants community of practice"),
        "last time named: {text}"
    );
    assert!(!text.contains("No earlier event"), "{text}");
    let events = thrive::event::store::Store::open_read_only(&db)
        .expect("db")
        .summaries()
        .expect("events");
    assert_eq!(events.len(), 2, "render wrote nothing");
}

/// On the command line a locality the event does not list is a bad row, named with the one
/// it is near or how to add it; --new-locality adds it to the map.
#[test]
fn import_refuses_an_unlisted_locality_unless_it_is_named_new() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let sheet = dir.path().join("sheet.csv");
    std::fs::write(
        &sheet,
        "name,locality\nKooth,All\nNursing,Saltby Cost\nHub,Saltby Coast\n",
    )
    .expect("sheet");
    let script = dir.path().join("day.toml");
    let text = std::fs::read_to_string("tests/fixtures/day.toml").expect("fixture");
    std::fs::write(
        &script,
        text.replacen(
            "[workshop]\n",
            "[workshop]\nlocalities = [\"North\", \"West\"]\n",
            1,
        ),
    )
    .expect("script");
    let run = |extra: &[&str]| {
        thrive()
            .env("THRIVE_DB", &db)
            .arg("import")
            .arg(&sheet)
            .arg("--script")
            .arg(&script)
            .args(extra)
            .output()
            .expect("runs")
    };
    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("“Saltby Cost” is not one of the event's localities"),
        "{said}"
    );
    assert!(
        said.contains("run again with --new-locality \"Saltby Cost\""),
        "{said}"
    );
    let imported = run(&["--new-locality", "Saltby Coast", "--skip-bad"]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let store = thrive::event::store::Store::open(&db).expect("db");
    let event = store.find_event(None).expect("event").expect("one");
    assert_eq!(
        store.localities(event.id).expect("localities"),
        ["Saltby Coast"]
    );
    let said = String::from_utf8_lossy(&imported.stdout);
    assert!(said.contains("imported 2 services"), "{said}");
}

/// An earlier export is never written over unasked, from the command line as in the console:
/// the set goes to a numbered folder beside it, a single file to a numbered name; --replace
/// writes over them.
#[test]
fn export_never_writes_over_an_earlier_one_unless_told() {
    let (dir, db) = series_db();
    let run = |extra: &[&str]| {
        thrive()
            .env("THRIVE_DB", &db)
            .current_dir(dir.path())
            .arg("export")
            .args(extra)
            .output()
            .expect("runs")
    };
    assert!(run(&[]).status.success());
    let first = dir
        .path()
        .join("2026-12-03-northants-community-of-practice-winter-check-in");
    let mine = first.join("actions.md");
    std::fs::write(&mine, "my own edits\n").expect("edit");
    let again = run(&[]);
    let said = String::from_utf8_lossy(&again.stdout);
    assert!(said.contains("check-in-2/"), "{said}");
    assert_eq!(
        std::fs::read_to_string(&mine).expect("kept"),
        "my own edits\n"
    );
    let one = run(&["--what", "report", "-o", "one.md"]);
    assert!(one.status.success());
    std::fs::write(dir.path().join("one.md"), "mine\n").expect("edit");
    let said =
        String::from_utf8_lossy(&run(&["--what", "report", "-o", "one.md"]).stdout).into_owned();
    assert!(said.contains("one-2.md"), "{said}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("one.md")).expect("kept"),
        "mine\n"
    );
    assert!(run(&["--replace"]).status.success());
    assert_ne!(
        std::fs::read_to_string(&mine).expect("replaced"),
        "my own edits\n"
    );
}

/// `--skip-bad` with every row bad imported nothing: exit 2, not 0 (issue 11, item 21).
#[test]
fn skip_bad_with_nothing_good_left_fails() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let sheet = dir.path().join("bad.csv");
    std::fs::write(&sheet, "name,ages\n,5-10\nClub,16-30\n").expect("sheet");
    let out = thrive()
        .env("THRIVE_DB", &db)
        .arg("import")
        .arg(&sheet)
        .args(["--script", "tests/fixtures/day.toml", "--skip-bad"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("nothing to import — every row is bad"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `import --check` changes nothing on disk: no database made, no event, no zero-byte file
/// filled in (issue 11, item 9).
#[test]
fn import_check_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let check = |db: &std::path::Path| {
        thrive()
            .env("THRIVE_DB", db)
            .args(["import", "tests/fixtures/import/messy.csv", "--check"])
            .args(["--script", "tests/fixtures/day.toml"])
            .output()
            .expect("runs")
    };
    let out = check(&db);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("checked, nothing imported")
            || String::from_utf8_lossy(&out.stderr).contains("checked, nothing imported"),
        "{out:?}"
    );
    assert!(!db.exists(), "no database made by a check");
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").expect("file");
    check(&empty);
    assert_eq!(
        std::fs::metadata(&empty).expect("file").len(),
        0,
        "left empty"
    );
}

/// A folder missing from a path the user gave is refused, never made (an unplugged stick must
/// not become a folder on the laptop), and a folder given as the database is named as one
/// (issue 11, items 11–12).
#[test]
fn a_missing_folder_or_a_folder_for_a_file_is_named_not_made() {
    let dir = tempfile::tempdir().expect("dir");
    let gone = dir.path().join("USBSTICK").join("thrive.db");
    let out = thrive()
        .arg("--db")
        .arg(&gone)
        .args([
            "import",
            "tests/fixtures/import/messy.csv",
            "--script",
            "tests/fixtures/day.toml",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("USBSTICK does not exist"));
    assert!(!dir.path().join("USBSTICK").exists(), "not made");
    let out = thrive()
        .arg("--db")
        .arg(dir.path())
        .arg("events")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("this is a folder, not a database file"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_series, db) = series_db();
    let out = thrive()
        .env("THRIVE_DB", &db)
        .arg("export")
        .arg("-o")
        .arg(dir.path().join("NOSTICK").join("report.md"))
        .args(["--what", "report"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("NOSTICK").exists(), "not made");
}

#[test]
fn drive_is_only_for_a_joined_console() {
    thrive()
        .args(["--drive", "tests/fixtures/day.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--join"));
}

/// The event document snapshot with one change made by `edit`, read by import-event.
fn import_edited_event(edit: impl FnOnce(&mut serde_json::Value)) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("dir");
    let mut doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/snapshots/export__event_json.snap.json").expect("golden"),
    )
    .expect("json");
    edit(&mut doc);
    let file = dir.path().join("event.json");
    std::fs::write(&file, serde_json::to_string_pretty(&doc).expect("json")).expect("write");
    let out = thrive()
        .env("THRIVE_DB", dir.path().join("thrive.db"))
        .arg("import-event")
        .arg(&file)
        .output()
        .expect("runs");
    assert!(
        !dir.path().join("thrive.db").exists() || out.status.success(),
        "a refused document creates nothing"
    );
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn import_event_refuses_an_agenda_that_cannot_be() {
    let (code, stderr) =
        import_edited_event(|d| d["agenda"][0]["extra_minutes"] = (-999_999).into());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("event.json:")
            && stderr.contains(
                "“review” is planned for 20 min and has 999999 taken off: less than nothing"
            ),
        "{stderr}"
    );
    let (code, stderr) = import_edited_event(|d| {
        d["agenda"][1]["intervals"][0]["end"] = "2026-12-03T14:00:00".into();
    });
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("“map-updates” has a stretch that ends (2026-12-03 14:00:00) before it starts (2026-12-03 14:25:00)"),
        "{stderr}"
    );
    let (code, stderr) = import_edited_event(|d| {
        d["agenda"][1]["intervals"][1]["start"] = "2026-12-03T14:30:00".into();
    });
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("“map-updates” has a stretch starting 2026-12-03 14:30:00 before the one before it ends (2026-12-03 14:40:00)"),
        "{stderr}"
    );
    let (code, stderr) = import_edited_event(|d| d["notes"][1]["segment"] = "nowhere".into());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("a note is for the agenda item “nowhere”, which its script does not have")
            && stderr.contains("its script's agenda items are review, map-updates, case"),
        "{stderr}"
    );
    let (code, stderr) = import_edited_event(|d| d["event"]["date"] = "2026-13-45".into());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("error: this date or time cannot be read: input is out of range")
            && stderr.contains("a date is written 2026-12-03"),
        "{stderr}"
    );
}

#[test]
fn a_huge_bad_value_is_quoted_only_in_part() {
    let (code, stderr) = import_edited_event(|d| d["version"] = "v".repeat(100_000).into());
    assert_eq!(code, Some(2), "{}", &stderr[..stderr.len().min(400)]);
    assert!(stderr.len() < 2_000, "{} bytes of error", stderr.len());
    assert!(stderr.contains("…"), "{stderr}");
}

#[test]
fn import_event_refuses_a_note_past_the_limit_one_note_may_hold() {
    let (code, stderr) = import_edited_event(|d| d["notes"][0]["text"] = "x".repeat(20_001).into());
    assert_eq!(code, Some(2), "{}", &stderr[..stderr.len().min(400)]);
    assert!(
        stderr.contains("a note holds at most 20000 characters and this one has 20001"),
        "{stderr}"
    );
}

#[test]
fn skip_bad_with_every_row_already_on_the_map_exits_2() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let csv = dir.path().join("services.csv");
    std::fs::write(&csv, "name,provider\nKooth,Kooth plc\nSchool nursing,NHS\n").expect("csv");
    let import = || {
        thrive()
            .env("THRIVE_DB", &db)
            .arg("import")
            .arg(&csv)
            .args(["--skip-bad", "--script", "tests/fixtures/day.toml"])
            .output()
            .expect("runs")
    };
    assert_eq!(import().status.code(), Some(0));
    let again = import();
    assert_eq!(again.status.code(), Some(2), "{again:?}");
    assert!(String::from_utf8_lossy(&again.stderr).contains("already on the map"));
}

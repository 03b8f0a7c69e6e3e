//! `kill -9` at random moments while notes are being written, fifty times over one database:
//! every note the screen had shown as saved is in the database afterwards, and the database
//! passes `PRAGMA integrity_check`. The console is resumed each time, as a facilitator would
//! restart it.

mod common;

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::pty::Session;

const RUNS: usize = 50;

/// xorshift64*: enough randomness for kill moments, with the seed printed to replay a failure.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn stored(db: &std::path::Path) -> (BTreeSet<String>, String) {
    let c = rusqlite::Connection::open(db).expect("open after the kill");
    let mut stmt = c
        .prepare("SELECT text FROM notes WHERE deleted_at IS NULL")
        .expect("query");
    let notes = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .expect("rows")
        .collect::<Result<BTreeSet<_>, _>>()
        .expect("read");
    let check: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    (notes, check)
}

#[test]
fn every_note_shown_as_saved_survives_kill_9() {
    let seed = std::env::var("THRIVE_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    eprintln!("kill test seed: {seed} (THRIVE_KILL_SEED={seed} replays it)");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut saved: BTreeSet<String> = BTreeSet::new();

    for run in 0..RUNS {
        let mut s = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
        // A draft left by the last kill is offered back first: throw it away.
        while s.wait_for_any(&["Agenda · ", "Recovered draft"]) == 1
            && s.contents().contains("Recovered draft")
        {
            s.send("d");
            std::thread::sleep(Duration::from_millis(30));
            s.pump();
            if !s.contents().contains("Recovered draft") {
                break;
            }
        }
        if run == 0 {
            s.send(" ");
        }
        let notes = rng.below(4);
        for j in 0..notes {
            let text = format!(
                "run {run} note {j} {}",
                "x".repeat(1 + rng.below(200) as usize)
            );
            s.send("n");
            s.send(&text);
            s.send("\r");
            let count = saved.len() + 1;
            let plural = if count == 1 { "" } else { "s" };
            s.wait_for(&format!("✓ note saved · {count} note{plural}"));
            saved.insert(text);
        }
        // The last moment: mid-typing, right after Enter (a save in flight), or idle.
        match rng.below(3) {
            0 => {
                s.send("n");
                s.send("typed but never entered");
            }
            1 => {
                s.send("n");
                s.send(&format!("run {run} in flight"));
                s.send("\r");
            }
            _ => {}
        }
        std::thread::sleep(Duration::from_millis(rng.below(40)));
        s.kill9();

        let (notes, check) = stored(&db);
        assert_eq!(
            check, "ok",
            "run {run}: integrity check failed (seed {seed})"
        );
        let lost: Vec<&String> = saved.difference(&notes).collect();
        assert!(
            lost.is_empty(),
            "run {run}: notes shown as saved are gone: {lost:?} (seed {seed})"
        );
        // A note in flight may or may not have made it; if it did, it counts from now on.
        saved = notes;
    }
    eprintln!("{RUNS} kills, {} notes kept", saved.len());
    assert!(
        saved.len() >= RUNS / 2,
        "the test wrote too few notes to mean much: {}",
        saved.len()
    );
}

/// A console killed leaves no clean-close mark, so the next open checks every page; one that
/// quits leaves the mark, and the next open skips the check.
#[test]
fn after_kill_9_the_next_open_checks_the_whole_file() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut s = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
    s.wait_for("Agenda");
    s.kill9();
    let store = thrive::event::store::Store::open(&db).expect("opens after the kill");
    assert!(store.checked_at_open(), "killed: checked");
    drop(store);
    let mut s = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
    s.wait_for("Agenda");
    s.send("q");
    s.finish();
    let store = thrive::event::store::Store::open(&db).expect("opens after a quit");
    assert!(!store.checked_at_open(), "quit cleanly: the mark holds");
}

/// `kill -9` in the middle of a dot vote: every dot the screen said was put down, the
/// candidates and the reveal are in the database, and the console opened again shows them.
#[test]
fn a_vote_killed_midway_keeps_every_dot_shown() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let script = "workshops/engagement-event.toml";
    let mut s = Session::start_on(&db, &[script], &[]);
    s.wait_for("Agenda");
    s.send("D");
    s.wait_for("Priorities");
    for text in ["Waiting times for 14-18s", "One front door"] {
        s.send("i");
        s.send(text);
        s.send("\r");
        s.wait_for("✓ candidate");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Table 1 (the second voter): two on the first candidate; the young advisers one on the second.
    s.send("2");
    s.send("k");
    s.send("+");
    s.wait_for("1 dot on this");
    s.send("+");
    s.wait_for("2 dots on this");
    s.send("1");
    s.send("j");
    s.send("+");
    s.wait_for("Young advisers: 1 dot on this · 2 dots left");
    s.send("r");
    s.wait_for("revealed");
    // A dot in flight as the kill lands: it may or may not be there, never half.
    s.send("+");
    s.kill9();
    let c = rusqlite::Connection::open(&db).expect("open after the kill");
    let dots: Vec<(String, i64)> = c
        .prepare("SELECT voter, sum(n) FROM dots GROUP BY voter ORDER BY voter")
        .expect("query")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("read");
    assert_eq!(dots[0], ("Table 1".to_owned(), 2), "{dots:?}");
    assert!(
        dots[1].0 == "Young advisers" && (1..=2).contains(&dots[1].1),
        "{dots:?}"
    );
    let revealed: i64 = c
        .query_row("SELECT revealed FROM votes", [], |r| r.get(0))
        .expect("the reveal");
    assert_eq!(revealed, 1);
    let check: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");
    drop(c);
    // Opened again, the vote is as it was left: revealed, the ranking first.
    let mut s = Session::start_on(&db, &[script], &[]);
    s.wait_for("Agenda");
    s.send("D");
    s.wait_for("REVEALED to the room");
    assert!(
        s.contents().contains("Waiting times for 14-18s"),
        "{}",
        s.contents()
    );
    s.send("q");
    s.finish();
}

/// Every entry under `root`, as paths relative to it.
fn tree(root: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("list").flatten() {
            let path = e.path();
            out.push(
                path.strip_prefix(root)
                    .expect("under root")
                    .display()
                    .to_string(),
            );
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn an_export_killed_at_any_moment_leaves_a_whole_set_or_none() {
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64 | 1);
    eprintln!("kill seed {seed}");
    let mut rng = Rng(seed);
    let data = tempfile::tempdir().expect("dir");
    let db = data.path().join("thrive.db");
    common::series::build(&thrive::event::store::Store::open(&db).expect("db"));
    let out = tempfile::tempdir().expect("out");
    let export = || {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_thrive"));
        cmd.current_dir(out.path())
            .env(
                "THRIVE_CONFIG",
                concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/tests/fixtures/config/empty.toml"
                ),
            )
            .env("THRIVE_TODAY", "2026-12-03")
            .env("THRIVE_DB", &db)
            .arg("export")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        cmd
    };
    let mut killed_midway = 0;
    for _ in 0..30 {
        let mut child = export().spawn().expect("spawn");
        std::thread::sleep(Duration::from_micros(rng.below(8_000)));
        let _ = child.kill();
        let status = child.wait().expect("wait");
        if !status.success() {
            killed_midway += 1;
        }
        for folder in tree(out.path())
            .into_iter()
            .filter(|p| !p.contains('/') && !p.starts_with(".thrive-"))
        {
            let files = tree(&out.path().join(&folder));
            assert_eq!(
                files,
                [
                    "actions.csv",
                    "actions.ics",
                    "actions.md",
                    "report.html",
                    "report.md"
                ],
                "{folder} is a whole set (seed {seed})"
            );
        }
    }
    eprintln!("{killed_midway} of 30 exports killed before they finished");
    assert!(export().status().expect("run").success());
    let litter: Vec<String> = tree(out.path())
        .into_iter()
        .filter(|p| p.contains(".part"))
        .collect();
    assert!(
        litter.is_empty(),
        "part files left after the next export: {litter:?}"
    );
}

/// Every note's text with how many live rows hold it.
fn note_rows(db: &std::path::Path) -> std::collections::BTreeMap<String, usize> {
    let c = rusqlite::Connection::open(db).expect("open after the kill");
    let mut stmt = c
        .prepare("SELECT text FROM notes WHERE deleted_at IS NULL")
        .expect("query");
    let mut rows = std::collections::BTreeMap::new();
    for text in stmt.query_map([], |r| r.get::<_, String>(0)).expect("rows") {
        *rows.entry(text.expect("text")).or_insert(0) += 1;
    }
    rows
}

/// Takes every recovered draft offered, as both people at two consoles would, and saves it.
fn keep_recovered(s: &mut Session) {
    for _ in 0..10 {
        std::thread::sleep(Duration::from_millis(150));
        s.pump();
        if !s.contents().contains("Recovered a note") {
            return;
        }
        s.send("k");
        if s.wait_for_any(&["New note", "another console took that draft"]) == 0 {
            s.send("\r");
            s.wait_for("✓ note saved");
        }
    }
}

#[test]
fn two_consoles_killed_again_and_again_lose_nothing_and_double_nothing() {
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64 | 1);
    eprintln!("two-console kill seed {seed}");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let mut saved: BTreeSet<String> = BTreeSet::new();
    let runs = 8;
    for run in 0..runs {
        let mut a = Session::start_on(&db, &["tests/fixtures/day.toml"], &[]);
        a.wait_for_any(&["Agenda · ", "Recovered a note"]);
        let mut b = Session::start_on(&db, &["--join"], &[]);
        b.wait_for_any(&["Joined", "Recovered a note"]);
        // Both are offered what the last kill left, and both say keep: one takes each.
        keep_recovered(&mut a);
        keep_recovered(&mut b);
        for (who, s) in [("A", &mut a), ("B", &mut b)] {
            for j in 0..rng.below(3) {
                let text = format!("run {run} {who} note {j}");
                s.send("n");
                s.wait_for("New note");
                s.send(&text);
                s.send("\r");
                s.wait_for("✓ note saved");
                saved.insert(text);
            }
            // Half a sentence when the battery dies: kept as a draft, offered next time.
            s.send("n");
            s.wait_for("New note");
            s.send(&format!("run {run} {who} half typed"));
            s.wait_for("draft kept");
        }
        std::thread::sleep(Duration::from_millis(rng.below(30)));
        a.kill9();
        b.kill9();
        let rows = note_rows(&db);
        let doubled: Vec<_> = rows.iter().filter(|(_, n)| **n > 1).collect();
        assert!(
            doubled.is_empty(),
            "run {run}: rows doubled {doubled:?} (seed {seed})"
        );
        let lost: Vec<&String> = saved.iter().filter(|t| !rows.contains_key(*t)).collect();
        assert!(lost.is_empty(), "run {run}: lost {lost:?} (seed {seed})");
        saved = rows.into_keys().collect();
    }
    let recovered = saved.iter().filter(|t| t.contains("half typed")).count();
    eprintln!(
        "{runs} double kills: {} notes, {recovered} of them recovered drafts",
        saved.len()
    );
    assert!(recovered >= runs, "the drafts were recovered: {recovered}");
}

/// Another program that opens the database, reads and closes it while a console runs must
/// not take itself for the last connection and delete the WAL the console writes into —
/// which it did when the console's own start-up had dropped SQLite's locks on the file.
#[test]
fn another_program_reading_the_database_never_takes_the_consoles_wal() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    // A cache folder of its own, so the clean-close mark is kept and found.
    let cache = dir.path().join("cache");
    let env = [("XDG_CACHE_HOME", cache.to_str().expect("utf-8"))];
    let note = |s: &mut Session, text: &str| {
        s.send("n");
        s.wait_for("New note");
        s.send(&format!("{text}\r"));
        s.wait_for("✓ note saved");
    };
    let mut s = Session::start_on(&db, &["tests/fixtures/day.toml"], &env);
    s.wait_for("Agenda · ");
    note(&mut s, "before the restart");
    s.send("q");
    assert!(s.finish().success());
    assert!(
        cache.join("thrive").exists(),
        "the clean close left its mark"
    );
    // Reopened as the last console left it: the path that skips the whole-file check.
    let mut s = Session::start_on(&db, &["tests/fixtures/day.toml"], &env);
    s.wait_for("Resumed");
    // While the console sits idle, before its first write.
    {
        let other = rusqlite::Connection::open(&db).expect("another program");
        let n: i64 = other
            .query_row("SELECT count(*) FROM notes", [], |r| r.get(0))
            .expect("read");
        assert_eq!(n, 1);
    }
    note(&mut s, "after the other program looked");
    s.kill9();
    let (notes, check) = stored(&db);
    assert_eq!(check, "ok");
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes.contains("after the other program looked"));
}

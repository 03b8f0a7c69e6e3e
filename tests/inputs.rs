//! Inputs that never end or are far too large: a named pipe with no writer, a device, an
//! endless standard input. Every command refuses them at once, with the file named and
//! exit code 2, and reads no more than its stated limit — here under a memory cap, so a
//! reader that grew without bound would fail the test rather than the machine.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn thrive(db: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_thrive"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("THRIVE_CONFIG", "tests/fixtures/config/empty.toml")
        .env("THRIVE_TODAY", "2026-12-03")
        .env("THRIVE_DB", db)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Address space for the process: far above what thrive needs for its largest allowed
/// input, far below what an unbounded read of an endless stream would take.
const MEMORY_CAP: u64 = 2 * 1024 * 1024 * 1024;

/// The command under a memory cap, through util-linux's `prlimit` (every Debian system has
/// it; CI's too). Without it the test says so and fails rather than pass uncapped.
fn capped(db: &std::path::Path) -> Command {
    let found = Command::new("prlimit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "these tests need prlimit (apt-get install util-linux)"
    );
    let plain = thrive(db);
    let mut cmd = Command::new("prlimit");
    cmd.arg(format!("--as={MEMORY_CAP}"))
        .arg("--")
        .arg(plain.get_program())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .envs(plain.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Runs to the end, or fails the test if it is still running after a generous limit (a
/// command blocked on a pipe never ends by itself).
fn run(cmd: &mut Command) -> (Option<i32>, String) {
    let mut child = cmd.spawn().expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let out = child.wait_with_output().expect("output");
            return (
                status.code(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            );
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{cmd:?} never finished: it waits on its input");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_named_pipe_with_no_writer_is_refused_by_every_command_that_reads_one() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let fifo = dir.path().join("pipe");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).expect("mkfifo");
    let f = fifo.to_str().expect("utf-8 path");
    let day = "tests/fixtures/day.toml";
    let cases: Vec<Vec<&str>> = vec![
        vec!["check", f],
        vec!["render", f],
        vec!["import", f, "--script", day],
        vec!["import-event", f],
        vec!["--db", f, "events"],
        vec!["--db", f, "render", day],
        vec!["--config", f, "render", day],
    ];
    for args in cases {
        let (code, stderr) = run(thrive(&db).args(&args));
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(f), "{args:?} names the path: {stderr}");
        assert!(stderr.contains("named pipe"), "{args:?}: {stderr}");
    }
    assert!(!db.exists(), "nothing was created");
}

#[test]
fn a_device_is_refused_as_every_kind_of_input() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let day = "tests/fixtures/day.toml";
    let cases: Vec<Vec<&str>> = vec![
        vec!["check", "/dev/zero"],
        vec!["import", "/dev/zero", "--script", day],
        vec!["import-event", "/dev/urandom"],
        vec!["--config", "/dev/zero", "render", day],
        vec!["--db", "/dev/zero", "events"],
    ];
    for args in cases {
        let (code, stderr) = run(capped(&db).args(&args));
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("a device"), "{args:?}: {stderr}");
    }
}

#[test]
fn an_endless_standard_input_is_read_only_to_its_limit() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("thrive.db");
    let day = "tests/fixtures/day.toml";
    for (args, limit) in [
        (vec!["check", "-"], "10 MiB"),
        (vec!["import", "-", "--script", day], "50 MiB"),
        (vec!["import-event", "-"], "64 MiB"),
    ] {
        let zero = std::fs::File::open("/dev/zero").expect("zero");
        let (code, stderr) = run(capped(&db).args(&args).stdin(zero));
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!("more than {limit} came in")),
            "{args:?}: {stderr}"
        );
    }
    assert!(!db.exists(), "nothing was created");
}

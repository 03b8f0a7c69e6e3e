//! The corpus of bad scripts in `tests/fixtures/bad/`: `thrive check` on each exits 2 with the
//! exact message checked in as a snapshot, names FILE:LINE:COL, and never echoes a control
//! character to the terminal.

use std::path::Path;
use std::process::Command;

fn check(path: &Path) -> (Option<i32>, String, String) {
    let root = env!("CARGO_MANIFEST_DIR");
    let relative = path.strip_prefix(root).unwrap_or(path);
    let out = Command::new(env!("CARGO_BIN_EXE_thrive"))
        .current_dir(root)
        .arg("check")
        .arg(relative)
        .output()
        .expect("thrive runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_bad_script_gets_its_exact_message_and_exit_2() {
    insta::glob!("fixtures/bad/*.toml", |path| {
        let (code, stdout, stderr) = check(path);
        assert_eq!(code, Some(2), "{}", path.display());
        assert!(
            stdout.is_empty(),
            "nothing on stdout for a bad file: {stdout}"
        );
        let first = stderr.lines().next().unwrap_or_default();
        let located = first.split(": error: ").next().unwrap_or_default();
        let mut parts = located.rsplitn(3, ':');
        let col = parts.next().and_then(|c| c.parse::<u32>().ok());
        let line = parts.next().and_then(|l| l.parse::<u32>().ok());
        assert!(col.is_some() && line.is_some(), "no LINE:COL in {first:?}");
        assert!(stderr.contains("= help: "), "no help line:\n{stderr}");
        assert!(
            !stderr
                .chars()
                .any(|c| thrive::text::is_unsafe(c) && c != '\n'),
            "a control character reached the terminal:\n{stderr:?}"
        );
        insta::assert_snapshot!(stderr);
    });
}

#[test]
fn the_corpus_has_at_least_twenty_scripts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    let count = std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0);
    assert!(count >= 20, "only {count} bad scripts");
}

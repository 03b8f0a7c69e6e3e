//! The terminal disappearing under the console (a tmux pane killed, an ssh session dropped)
//! must end the process, not leave it spinning on a dead terminal. Driven through tmux,
//! the way it was found; skipped, saying so, where tmux is not installed.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn tmux(socket: &str, args: &[&str]) -> Option<String> {
    let out = Command::new("tmux")
        .arg("-L")
        .arg(socket)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

#[test]
fn killing_the_terminal_ends_the_console() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: skipped");
        return;
    }
    let socket = format!("thrive-test-{}", std::process::id());
    let binary = env!("CARGO_BIN_EXE_thrive");
    let data = tempfile::tempdir().expect("temp dir");
    let db = data.path().join("thrive.db");
    let command = format!(
        "THRIVE_CONFIG=tests/fixtures/config/empty.toml THRIVE_TODAY=2026-12-03 THRIVE_DB={} {binary} tests/fixtures/day.toml",
        db.display()
    );
    tmux(
        &socket,
        &[
            "new-session",
            "-d",
            "-x",
            "100",
            "-y",
            "30",
            "-c",
            env!("CARGO_MANIFEST_DIR"),
            &command,
        ],
    )
    .expect("tmux starts");
    let pid = tmux(&socket, &["display-message", "-p", "#{pane_pid}"]).expect("pane pid");
    let proc_dir = Path::new("/proc").join(&pid);

    let deadline = Instant::now() + Duration::from_secs(30);
    while !tmux(&socket, &["capture-pane", "-p"])
        .unwrap_or_default()
        .contains("Agenda · ")
    {
        assert!(
            Instant::now() < deadline,
            "the console never drew its agenda"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    tmux(&socket, &["send-keys", " "]);
    tmux(&socket, &["kill-server"]);

    let deadline = Instant::now() + Duration::from_secs(20);
    while proc_dir.exists() && is_thrive(&proc_dir) {
        if Instant::now() > deadline {
            let _ = Command::new("kill").arg("-9").arg(&pid).status();
            panic!("thrive (pid {pid}) was still running 20 s after its terminal went away");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The pid is still our process (not reused, not a zombie awaiting its parent).
fn is_thrive(proc_dir: &Path) -> bool {
    let stat = std::fs::read_to_string(proc_dir.join("stat")).unwrap_or_default();
    stat.contains("(thrive)") && !stat.contains(") Z ")
}

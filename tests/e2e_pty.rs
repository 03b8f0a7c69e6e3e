//! The real binary in a pseudo-terminal, its screen read back through a vt100 parser: open the
//! bundled example, run a countdown, show groupings, principles and help, quit — and the
//! terminal is left as it was found (main screen, cursor shown, cooked mode), also on SIGTERM.
//!
//! Waits poll the screen until the expected words appear (with a generous limit for a slow
//! machine); nothing here measures time.

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use nix::sys::termios::LocalFlags;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;
const LIMIT: Duration = Duration::from_secs(30);

struct Session {
    /// The session's own database, gone with it.
    _data: tempfile::TempDir,
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    screen: vt100::Parser,
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a screen has rows and columns")
}

impl Session {
    fn start(args: &[&str]) -> Session {
        Session::start_with(args, &[])
    }

    fn start_with(args: &[&str], env: &[(&str, &str)]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_thrive"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("THRIVE_CONFIG", "tests/fixtures/config/empty.toml");
        let data = tempfile::tempdir().expect("temp dir");
        cmd.env("THRIVE_DB", data.path().join("thrive.db"));
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn thrive");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Session {
            _data: data,
            master: pair.master,
            child,
            writer,
            output,
            screen: vt100::Parser::new(nonzero(ROWS), nonzero(COLS), 0),
        }
    }

    fn contents(&self) -> String {
        self.screen.screen().contents()
    }

    /// Reads output until the screen shows `text`.
    fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + LIMIT;
        while !self.contents().contains(text) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "never saw {text:?}; the screen:\n{}",
                self.contents()
            );
            if let Ok(bytes) = self
                .output
                .recv_timeout(left.min(Duration::from_millis(100)))
            {
                self.screen.process(&bytes);
            }
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("type");
        self.writer.flush().expect("flush");
    }

    /// Waits for the process to end, taking in what it wrote on the way out.
    fn finish(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + LIMIT;
        loop {
            while let Ok(bytes) = self.output.try_recv() {
                self.screen.process(&bytes);
            }
            if let Some(status) = self.child.try_wait().expect("wait") {
                // The last bytes may still be in the pipe.
                while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(300)) {
                    self.screen.process(&bytes);
                }
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "thrive did not exit; the screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn assert_restored(&self) {
        let screen = self.screen.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "the cursor is still hidden");
        let termios = self.master.get_termios().expect("termios of the pty");
        assert!(
            termios
                .local_flags
                .contains(LocalFlags::ICANON | LocalFlags::ECHO),
            "raw mode was left on: {:?}",
            termios.local_flags
        );
    }
}

#[test]
fn a_facilitator_runs_the_bundled_example_and_quits_cleanly() {
    let mut s = Session::start(&[]);
    s.wait_for("Agenda · ");
    assert!(
        s.screen.screen().alternate_screen(),
        "the console uses the alternate screen"
    );
    s.wait_for("Space starts the clock");

    s.send(" ");
    s.wait_for(" left of ");
    s.send("p");
    s.wait_for("PRIVATE");
    s.send("p");

    s.send("g");
    s.wait_for("THRIVE — needs-based groupings");
    s.send("3");
    s.wait_for("Grouping 3 of 5");
    s.send("?");
    s.wait_for("On the grouping screen");
    s.send("?");
    s.send("P");
    s.wait_for("Principle 1 of 8");
    s.send("8");
    s.wait_for("Principle 8 of 8");

    // Everything is saved as it happens: quitting does not ask.
    s.send("q");
    let status = s.finish();
    assert!(status.success(), "exit status {status:?}");
    s.assert_restored();
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    use nix::sys::signal::Signal;
    for signal in [Signal::SIGTERM, Signal::SIGHUP] {
        let mut s = Session::start(&["tests/fixtures/day.toml"]);
        s.wait_for("Agenda · ");
        s.send(" ");
        s.wait_for(" left of ");
        let pid = s.child.process_id().expect("pid");
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid as i32), signal).expect("signal");
        let status = s.finish();
        assert!(status.success(), "{signal}: exit status {status:?}");
        s.assert_restored();
    }
}

#[test]
fn a_panic_restores_the_terminal_and_says_what_happened() {
    let mut s = Session::start_with(
        &["tests/fixtures/day.toml"],
        &[("THRIVE_TEST_PANIC", "1"), ("RUST_BACKTRACE", "0")],
    );
    s.wait_for("Agenda · ");
    s.send("!");
    let status = s.finish();
    assert!(!status.success());
    s.assert_restored();
    s.wait_for("a panic asked for by THRIVE_TEST_PANIC");
    // The cursor is left below the message, so the shell's prompt cannot overwrite it.
    let contents = s.contents();
    let message_row = contents
        .lines()
        .position(|l| l.contains("a panic asked for"))
        .expect("message on screen");
    let (cursor_row, _) = s.screen.screen().cursor_position();
    assert!(
        usize::from(cursor_row) > message_row,
        "cursor on row {cursor_row}, above the message on row {message_row}:\n{contents}"
    );
}

#[test]
fn a_bad_script_never_touches_the_terminal() {
    let mut s = Session::start(&["tests/fixtures/bad/minutes-zero.toml"]);
    s.wait_for("error: `minutes` must be between 1 and 480");
    let status = s.finish();
    assert!(!status.success());
    assert!(!s.screen.screen().alternate_screen());
    s.assert_restored();
}

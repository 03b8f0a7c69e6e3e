//! The real binary in a pseudo-terminal, its screen read back through a vt100 parser, for the
//! end-to-end tests. Waits poll the screen until the expected words appear, with a generous
//! limit for a slow machine; nothing here measures time.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use nix::sys::termios::LocalFlags;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;
const LIMIT: Duration = Duration::from_secs(30);

pub struct Session {
    /// The session's own database when none was given, gone with it.
    _data: Option<tempfile::TempDir>,
    master: Box<dyn MasterPty + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    pub screen: vt100::Parser,
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a screen has rows and columns")
}

impl Session {
    /// The console on its own new database.
    pub fn start(args: &[&str]) -> Session {
        Session::start_with(args, &[])
    }

    pub fn start_with(args: &[&str], env: &[(&str, &str)]) -> Session {
        let data = tempfile::tempdir().expect("temp dir");
        let db = data.path().join("thrive.db");
        let mut s = Session::start_on(&db, args, env);
        s._data = Some(data);
        s
    }

    /// The console on the database at `db` (which outlives the session).
    pub fn start_on(db: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Session {
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
        cmd.env("THRIVE_DB", db);
        // The fixtures' day (and the bundled event's), so no test depends on today's date.
        cmd.env("THRIVE_TODAY", "2026-12-03");
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
            _data: None,
            master: pair.master,
            child,
            writer,
            output,
            screen: vt100::Parser::new(nonzero(ROWS), nonzero(COLS), 0),
        }
    }

    pub fn contents(&self) -> String {
        self.screen.screen().contents()
    }

    /// Reads output until the screen shows `text`.
    pub fn wait_for(&mut self, text: &str) {
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

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("type");
        self.writer.flush().expect("flush");
    }

    /// Waits for the process to end, taking in what it wrote on the way out.
    pub fn finish(&mut self) -> portable_pty::ExitStatus {
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

    pub fn assert_restored(&self) {
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

impl Session {
    /// Takes in whatever output is waiting, without waiting for more.
    pub fn pump(&mut self) {
        while let Ok(bytes) = self.output.try_recv() {
            self.screen.process(&bytes);
        }
    }

    /// A console on the day's script at `db` with one note typed and saved: where most
    /// fault tests start.
    pub fn with_note(db: &std::path::Path, text: &str) -> Session {
        let mut s = Session::start_on(db, &["tests/fixtures/day.toml"], &[]);
        s.wait_for("Agenda · ");
        s.send("n");
        s.wait_for("New note");
        s.send(&format!("{text}\r"));
        s.wait_for("✓ note saved");
        s
    }

    /// Waits until `text` is no longer on the screen.
    pub fn wait_for_gone(&mut self, text: &str) {
        let deadline = Instant::now() + LIMIT;
        while self.contents().contains(text) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "{text:?} never went; the screen:\n{}",
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

    /// Waits until the screen is no longer `before`: the console is still drawing.
    pub fn wait_for_change(&mut self, before: &str) {
        let deadline = Instant::now() + LIMIT;
        while self.contents() == before {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "the screen never changed:\n{before}");
            if let Ok(bytes) = self
                .output
                .recv_timeout(left.min(Duration::from_millis(100)))
            {
                self.screen.process(&bytes);
            }
        }
    }

    /// Waits until one of `texts` shows; returns which.
    pub fn wait_for_any(&mut self, texts: &[&str]) -> usize {
        let deadline = Instant::now() + LIMIT;
        loop {
            let contents = self.contents();
            if let Some(i) = texts.iter().position(|t| contents.contains(t)) {
                return i;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "never saw any of {texts:?}; the screen:\n{contents}"
            );
            if let Ok(bytes) = self
                .output
                .recv_timeout(left.min(Duration::from_millis(100)))
            {
                self.screen.process(&bytes);
            }
        }
    }

    /// `kill -9`: no handler runs, nothing is flushed, the terminal is left as it was.
    pub fn kill9(&mut self) {
        let pid = self.child.process_id().expect("pid");
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid as i32),
            nix::sys::signal::Signal::SIGKILL,
        )
        .expect("SIGKILL");
        let _ = self.child.wait();
    }
}

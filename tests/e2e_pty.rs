//! The real binary in a pseudo-terminal, its screen read back through a vt100 parser: open the
//! bundled example, run a countdown, show groupings, principles and help, quit — and the
//! terminal is left as it was found (main screen, cursor shown, cooked mode), also on SIGTERM.
//!
//! Waits poll the screen until the expected words appear (with a generous limit for a slow
//! machine); nothing here measures time.

mod common;

use common::pty::Session;

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

//! The live terminal: raw mode and the alternate screen on, the event loop, and the terminal
//! put back on every way out — quit, error, panic (ratatui's hook, chained after
//! color-eyre's), SIGTERM, SIGHUP, SIGINT and SIGQUIT.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use color_eyre::eyre::{Result, WrapErr};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};

use crate::app::{Message, Model, update};

/// How often the clock ticks when no key arrives; the countdown shows whole seconds.
const TICK: Duration = Duration::from_millis(200);

/// Restores the terminal when dropped, so an early `?` return cannot leave raw mode behind.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        // In a panic, the hook has restored already; leaving the alternate screen a second
        // time would move the cursor back over the panic message.
        if !std::thread::panicking() {
            restore();
        }
    }
}

/// Turns off what thrive turned on beyond ratatui's own (bracketed paste), then ratatui's.
fn restore() {
    let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
}

/// How far the console's clock is moved from the computer's, in seconds: `--today` and
/// rehearsals set it, once, before anything reads the clock.
static CLOCK_OFFSET: AtomicI64 = AtomicI64::new(0);

/// Moves the clock so it reads `now` at this moment and runs on from there.
pub fn set_clock(now: chrono::NaiveDateTime) {
    let offset = now - chrono::Local::now().naive_local();
    CLOCK_OFFSET.store(offset.num_seconds(), Ordering::Relaxed);
}

pub fn wall_clock() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
        + chrono::TimeDelta::seconds(CLOCK_OFFSET.load(Ordering::Relaxed))
}

/// Debug builds only: with `THRIVE_TEST_PANIC` set, `!` panics, so a test can prove the
/// terminal is restored after a panic. Release builds have no such key.
#[cfg(debug_assertions)]
fn panic_for_tests(key: &ratatui::crossterm::event::KeyEvent) {
    if key.code == ratatui::crossterm::event::KeyCode::Char('!')
        && std::env::var_os("THRIVE_TEST_PANIC").is_some()
    {
        panic!("a panic asked for by THRIVE_TEST_PANIC");
    }
}

#[cfg(not(debug_assertions))]
fn panic_for_tests(_: &ratatui::crossterm::event::KeyEvent) {}

/// How long the loop has, after a signal, to leave by itself before the signal thread does it.
const GRACE: Duration = Duration::from_secs(1);

/// SIGTERM, SIGHUP, SIGINT and SIGQUIT (Ctrl-C is a key in raw mode; these come from outside:
/// kill, timeout, a closed ssh session or tmux pane) ask the loop to stop. When the terminal
/// itself has gone, crossterm can be stuck re-reading it and never return to the loop
/// (crossterm-rs/crossterm#793), so after a grace period this thread restores and exits.
fn watch_signals(stop: Arc<AtomicBool>) -> Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])
        .wrap_err("could not listen for signals")?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            stop.store(true, Ordering::Relaxed);
            std::thread::sleep(GRACE);
            restore();
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

/// The console draws on a terminal and reads keys from one; say so plainly if either is a
/// pipe or a file.
pub fn check_terminal() -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        color_eyre::eyre::bail!(
            "the console needs a terminal; to print a screen without one, use `thrive render`"
        );
    }
    Ok(())
}

pub fn run(mut model: Model) -> Result<()> {
    check_terminal()?;
    let stop = Arc::new(AtomicBool::new(false));
    watch_signals(Arc::clone(&stop))?;
    // Before init: if init fails half-way (raw mode on, alternate screen not), this still
    // puts the terminal back.
    let _restore = Restore;
    let mut terminal = ratatui::try_init().wrap_err("could not set up the terminal")?;
    // Pasted text arrives whole (a paragraph into a note), not as keys that would act.
    ratatui::crossterm::execute!(std::io::stdout(), EnableBracketedPaste)
        .wrap_err("could not turn on bracketed paste")?;
    // ratatui's panic hook restores raw mode and the screen; paste is ours to turn off.
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
        ratatui_hook(info);
    }));
    event_loop(&mut terminal, &mut model, &stop)
}

/// The projector's loop: look at the database every quarter second, draw the room's view when
/// it changed (or the window did), and leave on the quit key. No other key does anything.
pub fn present(
    mut follower: crate::present::Follower,
    theme: crate::theme::Theme,
    keymap: crate::app::keymap::Keymap,
) -> Result<()> {
    use crate::app::keymap::{Action, Context, Key};
    check_terminal()?;
    let stop = Arc::new(AtomicBool::new(false));
    watch_signals(Arc::clone(&stop))?;
    let _restore = Restore;
    let mut terminal = ratatui::try_init().wrap_err("could not set up the terminal")?;
    let mut last: Option<(crate::room::Room, ratatui::layout::Size)> = None;
    loop {
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        let now = wall_clock();
        follower.poll(now);
        let room = follower.room(now);
        let size = terminal.size()?;
        if last.as_ref() != Some(&(room.clone(), size)) {
            terminal.draw(|frame| {
                crate::ui::room::render(&room, &theme, frame.area(), frame.buffer_mut());
                crate::ui::for_the_terminal(frame.buffer_mut());
            })?;
            last = Some((room, size));
        }
        if event::poll(Duration::from_millis(250))? {
            match event::read()? {
                Event::Key(key)
                    if key.kind == event::KeyEventKind::Press
                        && keymap.action(Context::Everywhere, Key::from_event(&key))
                            == Some(Action::Quit) =>
                {
                    return Ok(());
                }
                Event::Resize(..) => {
                    terminal.clear()?;
                    last = None;
                }
                _ => {}
            }
        }
    }
}

fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    model: &mut Model,
    stop: &AtomicBool,
) -> Result<()>
where
    B::Error: Send + Sync + 'static,
{
    // The model knows the size the view draws at, so keys never act on a screen that the
    // "make the window larger" notice hides.
    let size = terminal.size()?;
    update(model, Message::Resize(size.width, size.height));
    loop {
        update(model, Message::Tick(wall_clock()));
        if stop.load(Ordering::Relaxed) {
            update(model, Message::Terminate);
        }
        if model.quit {
            return Ok(());
        }
        if std::mem::take(&mut model.room.bell) {
            // The facilitator asked for it (`bell = true`): BEL, between frames.
            use std::io::Write;
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\x07").and_then(|()| out.flush());
        }
        terminal.draw(|frame| {
            crate::ui::view(model, frame);
            crate::ui::for_the_terminal(frame.buffer_mut());
        })?;
        if event::poll(TICK)? {
            // Drain everything queued so a fast typist or a held key never lags the screen.
            loop {
                match event::read()? {
                    Event::Key(key) => {
                        panic_for_tests(&key);
                        update(model, Message::Tick(wall_clock()));
                        update(model, Message::Key(key));
                    }
                    Event::Paste(text) => {
                        update(model, Message::Tick(wall_clock()));
                        update(model, Message::Paste(text));
                    }
                    Event::Resize(width, height) => update(model, Message::Resize(width, height)),
                    _ => {}
                }
                if model.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
    }
}

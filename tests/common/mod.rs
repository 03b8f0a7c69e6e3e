//! Shared by the integration tests: a model on a fixed script and clock, keys fed through
//! `update()`, and screens drawn to text the way `thrive render` draws them.
#![allow(dead_code)]

pub mod pty;
pub mod series;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use thrive::app::keymap::{Key, Keymap};
use thrive::app::{Message, Model, update};
use thrive::script::{self, Script};
use thrive::ui::theme::{Theme, ThemeName};

pub const DAY: &str = include_str!("../fixtures/day.toml");

/// The real binary on the database at `db`, run from the crate's folder on the fixtures'
/// config and day, so no test depends on the developer's config or today's date.
pub fn thrive_on(db: &std::path::Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_thrive"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("THRIVE_CONFIG", "tests/fixtures/config/empty.toml")
        .env("THRIVE_TODAY", "2026-12-03")
        .env("THRIVE_DB", db);
    cmd
}

/// The first column of every row `sql` selects, as text.
pub fn rows(db: &std::path::Path, sql: &str) -> Vec<String> {
    let c = rusqlite::Connection::open(db).expect("open");
    let mut stmt = c.prepare(sql).expect("query");
    stmt.query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("read")
}

pub fn day() -> Script {
    match script::parse("tests/fixtures/day.toml", DAY.as_bytes()) {
        Ok(s) => s,
        Err(r) => panic!("fixture must load:\n{r}"),
    }
}

/// 09:20 on the fixture's date: ten minutes before it is planned to start.
pub fn morning() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 3)
        .and_then(|d| d.and_hms_opt(9, 20, 0))
        .expect("valid time")
}

pub fn at(hour: u32, minute: u32, second: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 3)
        .and_then(|d| d.and_hms_opt(hour, minute, second))
        .expect("valid time")
}

pub fn model() -> Model {
    model_with(day(), ThemeName::Auto, false)
}

pub fn model_with(script: Script, theme: ThemeName, no_color: bool) -> Model {
    let keymap = match Keymap::defaults() {
        Ok(k) => k,
        Err(r) => panic!("default keys must load:\n{r}"),
    };
    Model::new(script, keymap, Theme::new(theme, no_color), morning())
}

/// A key press as a terminal reports it: "P" comes with Shift, "ctrl-c" with Control.
pub fn key(name: &str) -> KeyEvent {
    let k = Key::parse(name).unwrap_or_else(|| panic!("not a key name: {name}"));
    let mut mods = KeyModifiers::NONE;
    if k.ctrl {
        mods |= KeyModifiers::CONTROL;
    }
    if k.alt {
        mods |= KeyModifiers::ALT;
    }
    if let ratatui::crossterm::event::KeyCode::Char(c) = k.code
        && c.is_uppercase()
    {
        mods |= KeyModifiers::SHIFT;
    }
    KeyEvent::new(k.code, mods)
}

/// Presses keys in order, each at the model's current time.
pub fn press(model: &mut Model, keys: &[&str]) {
    for k in keys {
        update(model, Message::Key(key(k)));
    }
}

/// Types text into the open editor key by key, as a person does (a paste arrives whole);
/// a line break is Alt-Enter.
pub fn type_text(model: &mut Model, text: &str) {
    for c in text.chars() {
        let k = match c {
            '\n' => key("alt-enter"),
            c => KeyEvent::new(
                ratatui::crossterm::event::KeyCode::Char(c),
                KeyModifiers::NONE,
            ),
        };
        update(model, Message::Key(k));
    }
}

/// Moves the clock on.
pub fn wait(model: &mut Model, by: TimeDelta) {
    let now = model.now + by;
    update(model, Message::Tick(now));
}

pub fn draw(model: &Model, width: u16, height: u16) -> Buffer {
    let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
    thrive::ui::render(model, buf.area, &mut buf);
    buf
}

pub fn screen(model: &Model, width: u16, height: u16) -> String {
    thrive::ui::buffer_text(&draw(model, width, height))
}

/// Makes a file unwritable for as long as the guard lives — even for root, with `chattr +i`
/// where the file system allows it, else by permissions.
pub struct Unwritable(std::path::PathBuf, bool);

pub fn unwritable(path: &std::path::Path) -> Unwritable {
    let immutable = std::process::Command::new("chattr")
        .arg("+i")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    if !immutable {
        let mut perms = std::fs::metadata(path).expect("metadata").permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(path, perms).expect("chmod");
    }
    Unwritable(path.to_path_buf(), immutable)
}

impl Drop for Unwritable {
    fn drop(&mut self) {
        if self.1 {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.0)
                .status();
        }
    }
}

/// Makes every later write of the model's store fail (SQLite answers "read-only"), until
/// `allow_writes`; for the paths a read-only or full database takes.
pub fn refuse_writes(model: &Model) {
    let c = model.store.connection();
    c.pragma_update(None, "query_only", true)
        .expect("query_only");
}

pub fn allow_writes(model: &Model) {
    let c = model.store.connection();
    c.pragma_update(None, "query_only", false)
        .expect("query_only");
}

/// The screen as text, then what is drawn in reverse video row by row: with NO_COLOR the
/// reverse is all that marks a selection, so a snapshot of it shows the selection survives.
pub fn screen_with_reverse(model: &Model, width: u16, height: u16) -> String {
    use ratatui::style::Modifier;
    let buf = draw(model, width, height);
    let mut out = thrive::ui::buffer_text(&buf);
    out.push_str("--- in reverse video ---\n");
    for y in 0..height {
        let mut row = String::new();
        let mut any = false;
        for x in 0..width {
            let cell = &buf[(x, y)];
            if cell.modifier.contains(Modifier::REVERSED) {
                any = true;
                row.push_str(cell.symbol());
            } else {
                row.push(' ');
            }
        }
        if any {
            out.push_str(&format!("{y:>3}|{}\n", row.trim_end()));
        }
    }
    out
}

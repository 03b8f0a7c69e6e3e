//! The Elm core of the console: the [`Model`] (all state), [`Message`] (everything that can
//! happen) and [`update`]. Keys become actions through the [`keymap`]; `ui::view` draws the
//! model and never changes it.

pub mod config;
pub mod keymap;

use chrono::{NaiveDateTime, TimeDelta};
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

use crate::event::{AgendaRun, RunState};
use crate::script::{Focus, Script};
use crate::thrive::{Grouping, Principle};
use crate::ui::theme::Theme;
use keymap::{Action, Context, Key, Keymap};

/// The screens, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Agenda,
    Groupings,
    /// One grouping full-screen.
    Grouping(Grouping),
    Principles,
}

impl Screen {
    pub fn context(self) -> Context {
        match self {
            Screen::Agenda => Context::Agenda,
            Screen::Groupings => Context::Groupings,
            Screen::Grouping(_) => Context::Grouping,
            Screen::Principles => Context::Principles,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Screen::Agenda => "Agenda",
            Screen::Groupings => "Groupings",
            Screen::Grouping(_) => "Grouping",
            Screen::Principles => "Principles",
        }
    }
}

/// Something drawn over the screen that takes the keys until it closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help { scroll: u16 },
    ConfirmQuit,
}

/// A short message in the header, gone after a few seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub until: NaiveDateTime,
}

const STATUS_FOR: TimeDelta = TimeDelta::seconds(4);

#[derive(Debug, Clone)]
pub struct Model {
    pub script: Script,
    pub run: AgendaRun,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    /// The facilitator's private prompts panel. Hidden at start: the room sees the projector
    /// from the first frame.
    pub prompts_visible: bool,
    /// The agenda row selected for "go to".
    pub agenda_cursor: usize,
    pub grouping_cursor: Grouping,
    pub principle_cursor: Principle,
    pub keymap: Keymap,
    pub theme: Theme,
    /// The wall clock, as last told by a `Tick`.
    pub now: NaiveDateTime,
    pub status: Option<Status>,
    pub quit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// The clock moved; the terminal loop sends one before every frame, tests send their own.
    Tick(NaiveDateTime),
    Key(KeyEvent),
    /// SIGTERM or SIGHUP: leave now, restoring the terminal.
    Terminate,
}

impl Model {
    pub fn new(script: Script, keymap: Keymap, theme: Theme, now: NaiveDateTime) -> Model {
        Model {
            run: AgendaRun::new(&script),
            script,
            screen: Screen::Agenda,
            overlay: None,
            prompts_visible: false,
            agenda_cursor: 0,
            grouping_cursor: Grouping::Thriving,
            principle_cursor: Principle::CommonLanguage,
            keymap,
            theme,
            now,
            status: None,
            quit: false,
        }
    }

    fn say(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            until: self.now + STATUS_FOR,
        });
    }

    /// The status text, while it is fresh.
    pub fn status_text(&self) -> Option<&str> {
        self.status
            .as_ref()
            .filter(|s| s.until > self.now)
            .map(|s| s.text.as_str())
    }

    /// The context whose keys apply now: the overlay's, else the screen's.
    pub fn context(&self) -> Context {
        match self.overlay {
            Some(Overlay::Help { .. }) => Context::Help,
            _ => self.screen.context(),
        }
    }
}

pub fn update(model: &mut Model, msg: Message) {
    match msg {
        Message::Tick(now) => model.now = now,
        Message::Terminate => model.quit = true,
        // Windows also reports releases; only a press acts.
        Message::Key(key) if key.kind == KeyEventKind::Press => on_key(model, key),
        Message::Key(_) => {}
    }
}

fn on_key(model: &mut Model, key: KeyEvent) {
    let key = Key::from_event(&key);
    if model.overlay == Some(Overlay::ConfirmQuit) {
        model.overlay = None;
        let yes = model.keymap.action(Context::Confirm, key) == Some(Action::Yes);
        if yes || model.keymap.action(Context::Everywhere, key) == Some(Action::Quit) {
            model.quit = true;
        }
        return;
    }
    let ctx = model.context();
    let Some(action) = model.keymap.action(ctx, key) else {
        return;
    };
    if let Some(Overlay::Help { scroll }) = model.overlay {
        let last =
            crate::ui::help_line_count(&model.keymap, model.screen.context()).saturating_sub(1);
        model.overlay = help_key(action, scroll).map(|o| match o {
            // Never past the last line, so Up works at once after scrolling too far.
            Overlay::Help { scroll } => Overlay::Help {
                scroll: scroll.min(last),
            },
            other => other,
        });
        return;
    }
    if global(model, action) {
        return;
    }
    match model.screen {
        Screen::Agenda => agenda(model, action),
        Screen::Groupings => groupings(model, action),
        Screen::Grouping(g) => grouping(model, g, action),
        Screen::Principles => principles(model, action),
    }
}

fn help_key(action: Action, scroll: u16) -> Option<Overlay> {
    let scroll = match action {
        Action::Close => return None,
        Action::Up => scroll.saturating_sub(1),
        Action::Down => scroll.saturating_add(1),
        Action::PageUp => scroll.saturating_sub(10),
        Action::PageDown => scroll.saturating_add(10),
        _ => scroll,
    };
    Some(Overlay::Help { scroll })
}

/// The keys that work on every screen. Returns whether the action was one of them.
fn global(model: &mut Model, action: Action) -> bool {
    match action {
        Action::Quit => {
            if matches!(model.run.state, RunState::Running | RunState::Paused) {
                model.overlay = Some(Overlay::ConfirmQuit);
            } else {
                model.quit = true;
            }
        }
        Action::Help => model.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::ShowGroupings => model.screen = Screen::Groupings,
        Action::ShowPrinciples => model.screen = Screen::Principles,
        Action::NextScreen => model.screen = cycle(model, 1),
        Action::PreviousScreen => model.screen = cycle(model, -1),
        Action::Back => {
            model.screen = match model.screen {
                Screen::Grouping(g) => {
                    model.grouping_cursor = g;
                    Screen::Groupings
                }
                _ => Screen::Agenda,
            }
        }
        _ => return false,
    }
    true
}

fn cycle(model: &Model, step: isize) -> Screen {
    let order = [Screen::Agenda, Screen::Groupings, Screen::Principles];
    let at = match model.screen {
        Screen::Grouping(_) => 1,
        s => order.iter().position(|o| *o == s).unwrap_or(0),
    };
    crate::thrive::cycled(&order, at, step)
}

fn agenda(model: &mut Model, action: Action) {
    let now = model.now;
    let last = model.script.segments.len() - 1;
    match action {
        Action::StartPause => {
            model.run.start_pause(now);
            let title = &model.script.segments[model.run.current].title;
            let said = match model.run.state {
                RunState::Running => format!("▶ {title} running"),
                RunState::Paused => {
                    let key = model.keymap.hint(Context::Agenda, Action::StartPause);
                    format!("‖ paused — {} resumes", key.unwrap_or_default())
                }
                _ => String::new(),
            };
            if !said.is_empty() {
                model.say(said);
            }
        }
        Action::NextSegment => {
            model.run.next(now);
            if model.run.state == RunState::Finished {
                model.say("✓ the last segment is done — the event has finished");
            }
            model.agenda_cursor = model.run.current;
        }
        Action::PreviousSegment => {
            model.run.previous(now);
            model.agenda_cursor = model.run.current;
        }
        Action::AddFive | Action::TakeFive => {
            let delta = if action == Action::AddFive { 5 } else { -5 };
            model.run.extend(&model.script, delta);
            let minutes = model
                .run
                .allotted(&model.script, model.run.current)
                .num_minutes();
            let title = &model.script.segments[model.run.current].title;
            model.say(format!("{title}: now {minutes} min"));
        }
        Action::Up => model.agenda_cursor = model.agenda_cursor.saturating_sub(1),
        Action::Down => model.agenda_cursor = (model.agenda_cursor + 1).min(last),
        Action::GoToSelected => {
            model.run.jump(model.agenda_cursor, now);
            if model.run.state == RunState::Running {
                let title = &model.script.segments[model.run.current].title;
                model.say(format!("▶ {title} running"));
            }
        }
        Action::TogglePrompts => {
            model.prompts_visible = !model.prompts_visible;
        }
        Action::OpenSegment => open_segment(model),
        _ => {}
    }
}

/// Shows the screen that goes with the current segment: its grouping or principle, or the
/// overview for a groupings or principles segment.
fn open_segment(model: &mut Model) {
    model.screen = match model.script.segments[model.run.current].focus() {
        Some(Focus::Grouping(g)) => Screen::Grouping(g),
        Some(Focus::Principle(p)) => {
            model.principle_cursor = p;
            Screen::Principles
        }
        Some(Focus::AllPrinciples) => Screen::Principles,
        Some(Focus::AllGroupings) => Screen::Groupings,
        None => {
            model.say("this segment has no grouping or principle to show");
            Screen::Agenda
        }
    };
}

fn groupings(model: &mut Model, action: Action) {
    match action {
        Action::Open(n) => {
            if let Some(g) = Grouping::from_number(i64::from(n)) {
                model.grouping_cursor = g;
                model.screen = Screen::Grouping(g);
            }
        }
        Action::Previous => model.grouping_cursor = model.grouping_cursor.step(-1),
        Action::Next => model.grouping_cursor = model.grouping_cursor.step(1),
        Action::OpenSelected => model.screen = Screen::Grouping(model.grouping_cursor),
        _ => {}
    }
}

fn grouping(model: &mut Model, g: Grouping, action: Action) {
    let to = match action {
        Action::Open(n) => Grouping::from_number(i64::from(n)),
        Action::Previous => Some(g.step(-1)),
        Action::Next => Some(g.step(1)),
        _ => None,
    };
    if let Some(to) = to {
        model.grouping_cursor = to;
        model.screen = Screen::Grouping(to);
    }
}

fn principles(model: &mut Model, action: Action) {
    model.principle_cursor = match action {
        Action::Previous => model.principle_cursor.step(-1),
        Action::Next => model.principle_cursor.step(1),
        Action::Open(n) => Principle::from_number(i64::from(n)).unwrap_or(model.principle_cursor),
        _ => model.principle_cursor,
    };
}

//! The Elm core of the console: the [`Model`] (all state), [`Message`] (everything that can
//! happen) and [`update`]. Keys become actions through the [`keymap`]; `ui::view` draws the
//! model and never changes it.

pub mod assessment;
pub mod clash;
pub mod config;
pub mod editor;
mod filter;
pub mod form;
pub mod keymap;
pub mod layer;
pub mod lists;
pub mod map;
pub mod outputs;
pub mod record;
pub mod room;
pub mod vote;

use std::rc::Rc;

use chrono::{NaiveDateTime, TimeDelta};
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

use crate::event::record::{Decision, DraftSlot};
use crate::event::store::Store;
use crate::event::{AgendaRun, RunState};
use crate::script::{Focus, Script};
use crate::theme::Theme;
use crate::thrive::{Grouping, Principle};
use editor::{Editor, List, Purpose};
use keymap::{Action, Context, Key, Keymap};
use lists::{ActionsView, NotesView, ReviewView};
use record::{Record, Saved};

/// The screens, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Agenda,
    Groupings,
    /// One grouping full-screen.
    Grouping(Grouping),
    Principles,
    Notes,
    Actions,
    /// Last time's open actions, for the review at the start of a meeting.
    Review,
    /// The site map: services on the five groupings.
    Map,
    /// How many services each grouping has by age, sector and locality, and the gaps.
    Coverage,
    /// The i-THRIVE assessment: the eight principles scored at three levels.
    Assessment,
    /// The dot vote: candidates, voters and their dots, the reveal.
    Priorities,
}

impl Screen {
    pub fn context(self) -> Context {
        match self {
            Screen::Agenda => Context::Agenda,
            Screen::Groupings => Context::Groupings,
            Screen::Grouping(_) => Context::Grouping,
            Screen::Principles => Context::Principles,
            Screen::Notes => Context::Notes,
            Screen::Actions => Context::Actions,
            Screen::Review => Context::Review,
            Screen::Map => Context::Map,
            Screen::Coverage => Context::Coverage,
            Screen::Assessment => Context::Assessment,
            Screen::Priorities => Context::Priorities,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Screen::Agenda => "Agenda",
            Screen::Groupings => "Groupings",
            Screen::Grouping(_) => "Grouping",
            Screen::Principles => "Principles",
            Screen::Notes => "Notes",
            Screen::Actions => "Actions",
            Screen::Review => "Review",
            Screen::Map => "Map",
            Screen::Coverage => "Coverage",
            Screen::Assessment => "Assessment",
            Screen::Priorities => "Priorities",
        }
    }
}

pub use layer::{Layer, Overlay};

/// A short message in the header: it answers the key that made it, on the screen it was
/// made on, and is gone at the next key, on another screen, or after a few seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub until: NaiveDateTime,
    pub screen: Screen,
}

const STATUS_FOR: TimeDelta = TimeDelta::seconds(4);

pub use crate::event::record::MAX_NOTE_CHARS;

/// Below this the screens cannot be read; a "make the window larger" screen shows instead,
/// and keys do nothing but quit and help (the view and `update()` share these).
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

/// Which run of its script a console is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Day {
    /// The event itself, recorded for the day the clock reads.
    #[default]
    OnTheDay,
    /// A run before the day, its clock set to the script's day: kept apart from the series.
    Rehearsal,
    /// The real event opened before its day: its map, imports and notes, its agenda not
    /// started.
    Preparing,
}

/// Where a console sits at the event: the facilitator's, which runs the agenda, or one
/// joined to it (`--join`), for the map and notes unless it was given `--drive`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Seat {
    #[default]
    Facilitator,
    Joined,
    JoinedDriving,
}

impl Seat {
    pub fn moves_agenda(self) -> bool {
        self != Seat::Joined
    }

    /// Who moved the shared agenda, as this console names the other one that did.
    pub(crate) fn other(self) -> &'static str {
        match self {
            Seat::Facilitator => "a joined console",
            Seat::Joined | Seat::JoinedDriving => "another console",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Model {
    pub script: Script,
    pub day: Day,
    pub seat: Seat,
    /// The terminal's size as the last `Resize` said; `None` (tests, `render`) draws at
    /// whatever size the view is given, and keys always act.
    pub size: Option<(u16, u16)>,
    pub run: AgendaRun,
    pub screen: Screen,
    /// What sits over the screen and takes the keys, bottom first: the top one gets them.
    pub layers: Vec<Layer>,
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
    /// Where everything is written; an in-memory one unless `open_event` gave a file.
    pub store: Rc<Store>,
    pub record: Record,
    pub saved: Saved,
    pub notes_view: NotesView,
    pub actions_view: ActionsView,
    pub review_view: ReviewView,
    /// The last deleted note, for undo.
    pub undo: Option<crate::event::record::Note>,
    pub map_view: map::MapView,
    pub coverage_view: map::CoverageView,
    pub coverage: map::Coverage,
    /// The last deleted (or merged away) service, for undo.
    pub undo_service: Option<map::UndoService>,
    /// Where an export's folder is made: beside the script (the current folder without one).
    pub export_dir: std::path::PathBuf,
    pub assessment_view: assessment::AssessmentView,
    pub vote_view: vote::VoteView,
    /// What the room sees, and whether this console decides it.
    pub room: room::RoomControl,
    /// Ring the terminal's bell when time runs low or out (`bell = true` in config.toml).
    pub bell: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// The clock moved; the terminal loop sends one before every frame, tests send their own.
    Tick(NaiveDateTime),
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste): it goes to the open editor.
    Paste(String),
    /// The terminal's size (columns, rows): the loop sends one at start and on every change.
    Resize(u16, u16),
    /// SIGTERM or SIGHUP: leave now, restoring the terminal.
    Terminate,
}

impl Model {
    /// A model on an in-memory store with a fresh event: what tests and `render` start from.
    /// The console then calls [`Model::open_event`] with the real database.
    pub fn new(script: Script, keymap: Keymap, theme: Theme, now: NaiveDateTime) -> Model {
        let mut model = Model {
            day: Day::OnTheDay,
            seat: Seat::Facilitator,
            size: None,
            run: AgendaRun::new(&script),
            script,
            screen: Screen::Agenda,
            layers: Vec::new(),
            prompts_visible: false,
            agenda_cursor: 0,
            grouping_cursor: Grouping::Thriving,
            principle_cursor: Principle::CommonLanguage,
            keymap,
            theme,
            now,
            status: None,
            quit: false,
            // An in-memory database only fails to open when memory runs out.
            store: Rc::new(Store::in_memory().expect("an in-memory database")),
            record: Record::default(),
            saved: Saved::Nothing,
            notes_view: NotesView::default(),
            actions_view: ActionsView::default(),
            review_view: ReviewView::default(),
            undo: None,
            map_view: map::MapView::default(),
            coverage_view: map::CoverageView::default(),
            coverage: map::Coverage::default(),
            undo_service: None,
            export_dir: std::path::PathBuf::from("."),
            assessment_view: assessment::AssessmentView::default(),
            vote_view: vote::VoteView::default(),
            room: room::RoomControl::default(),
            bell: false,
        };
        let store = Rc::clone(&model.store);
        // In memory nothing can refuse the event.
        if let Ok((info, _)) = store.open_event(&model.script, "", now.date(), now, false) {
            model.record.services = store.services(info.id).unwrap_or_default();
            model.record.event = Some(info);
        }
        model.refresh_map();
        model
    }

    fn say(&mut self, text: impl Into<String>) {
        self.say_for(text, STATUS_FOR);
    }

    fn say_for(&mut self, text: impl Into<String>, how_long: TimeDelta) {
        self.status = Some(Status {
            text: text.into(),
            until: self.now + how_long,
            screen: self.screen,
        });
    }

    /// The first key of an action, as help writes it.
    pub fn hint(&self, ctx: Context, action: Action) -> String {
        self.keymap.hint(ctx, action).unwrap_or_default()
    }

    /// The status text, while it is fresh.
    /// The "make the window larger" screen is showing: nothing else can be seen, so keys
    /// must not act.
    pub fn too_small(&self) -> bool {
        self.size
            .is_some_and(|(w, h)| w < MIN_WIDTH || h < MIN_HEIGHT)
    }

    pub fn status_text(&self) -> Option<&str> {
        self.status
            .as_ref()
            .filter(|s| s.until > self.now && s.screen == self.screen)
            .map(|s| s.text.as_str())
    }

    /// The context whose keys apply now: the top layer's, else the screen's.
    pub fn context(&self) -> Context {
        self.top()
            .map_or_else(|| self.screen.context(), Layer::context)
    }

    /// Changes that could not be written yet: quitting now would lose them.
    pub fn unsaved(&self) -> bool {
        self.record.run_dirty
            || !self.record.outbox.is_empty()
            || matches!(self.saved, Saved::Failed { .. } | Saved::Waiting { .. })
    }
}

pub fn update(model: &mut Model, msg: Message) {
    on_message(model, msg);
    model.room_after_update();
}

fn on_message(model: &mut Model, msg: Message) {
    match msg {
        Message::Tick(now) => {
            model.now = now;
            model.tick();
        }
        Message::Terminate => {
            // The terminal is going (a closed ssh session, kill): keep what is being typed.
            if let Some(editor) = model.editor()
                && let Some(slot) = editor.slot()
                && editor.changed()
            {
                let text = editor.text();
                model.keep_draft(slot, &text);
            }
            model.quit = true;
        }
        Message::Resize(width, height) => model.size = Some((width, height)),
        // Nothing goes blind into a field the "make the window larger" screen hides.
        Message::Paste(_) if model.too_small() => {}
        Message::Paste(text) => {
            if let Some(editor) = model.editor_mut() {
                editor.insert(&text);
                edited(model);
            } else if let Some(input) = model.form_mut().and_then(|f| f.input_mut()) {
                let clean: String = text
                    .chars()
                    .map(|c| {
                        if c == '\n' || c == '\r' || c == '\t' {
                            ' '
                        } else {
                            c
                        }
                    })
                    .filter(|c| !crate::text::is_unsafe(*c))
                    .collect();
                input.insert_str(clean);
            }
        }
        // Windows also reports releases; only a press acts.
        Message::Key(key) if key.kind == KeyEventKind::Press => on_key(model, key),
        Message::Key(_) => {}
    }
}

fn on_key(model: &mut Model, event: KeyEvent) {
    let key = Key::from_event(&event);
    // A message answers the key that made it: the next key's replaces it, or clears it.
    model.status = None;
    if model.too_small() {
        too_small_key(model, key);
        return;
    }
    // The top layer takes the key. Each answers from its own keymap section.
    match model.top() {
        Some(Layer::Editor(_)) => return editor_key(model, key, event),
        Some(Layer::Form(_)) => return form_key(model, key, event),
        Some(Layer::Export(dialog)) => {
            if dialog.done.is_none() {
                return outputs::export_key(model, key);
            }
            // The answer has been read: the key puts it away and, unless it is one of the
            // question's own keys, does what it always does — one q quits, N shows the notes.
            model.close_export();
            if model.keymap.action(Context::Export, key).is_some() {
                return;
            }
        }
        Some(Layer::ConfirmQuit) => {
            model.pop();
            let yes = model.keymap.action(Context::Confirm, key) == Some(Action::Yes);
            if yes || model.keymap.action(Context::Everywhere, key) == Some(Action::Quit) {
                model.quit = true;
            }
            return;
        }
        Some(&Layer::ConfirmDelete(id)) => {
            model.pop();
            if model.keymap.action(Context::Confirm, key) == Some(Action::Yes) {
                model.delete_note(id);
            }
            return;
        }
        Some(&Layer::ConfirmDeleteService(id)) => {
            model.pop();
            if model.keymap.action(Context::Confirm, key) == Some(Action::Yes) {
                model.delete_service(id);
            }
            return;
        }
        Some(Layer::Recover(_)) => return recover_key(model, key),
        Some(Layer::Duplicate(_)) => return duplicate_answer(model, key),
        Some(Layer::Clash(q)) => {
            let gone = q.gone;
            match model.keymap.action(Context::Clash, key) {
                Some(Action::KeepMine) => model.answer_clash(clash::Answer::Mine),
                Some(Action::KeepTheirs) => model.answer_clash(clash::Answer::Theirs),
                Some(Action::KeepBoth) if !gone => model.answer_clash(clash::Answer::Both),
                Some(Action::Cancel) => model.back_from_clash(),
                _ => {}
            }
            return;
        }
        Some(&Layer::Help { scroll }) => {
            let Some(action) = model.keymap.action(Context::Help, key) else {
                return;
            };
            let last = model
                .keymap
                .help_line_count(model.screen.context())
                .saturating_sub(1);
            model.pop();
            // Never past the last line, so Up works at once after scrolling too far.
            if let Some(scroll) = help_key(action, scroll) {
                model.push(Layer::Help {
                    scroll: scroll.min(last),
                });
            }
            return;
        }
        None => {}
    }
    let ctx = model.context();
    let Some(action) = model.keymap.action(ctx, key) else {
        return;
    };
    if global(model, action) || model.room_key(action) {
        return;
    }
    match model.screen {
        Screen::Agenda => agenda(model, action),
        Screen::Groupings => groupings(model, action),
        Screen::Grouping(g) => grouping(model, g, action),
        Screen::Principles => principles(model, action),
        Screen::Notes => notes(model, action),
        Screen::Actions => actions(model, action),
        Screen::Review => review(model, action),
        Screen::Map => map::board(model, action),
        Screen::Coverage => map::coverage_keys(model, action),
        Screen::Assessment => assessment::keys(model, action),
        Screen::Priorities => vote::keys(model, action),
    }
}

/// Keys in the service form: moving between fields and saving are the keymap's; on the
/// Groupings line the map's grouping keys put the service in that grouping or take it out;
/// every other key is the focused field's text.
fn form_key(model: &mut Model, key: Key, event: KeyEvent) {
    let action = model.keymap.action(Context::Form, key);
    let toggle = match model.keymap.action(Context::Map, key) {
        Some(Action::Toggle(n)) => crate::thrive::Grouping::from_number(i64::from(n)),
        _ => None,
    };
    let Some(form) = model.form_mut() else {
        return;
    };
    match action {
        Some(Action::NextField) => form.step(1),
        Some(Action::PreviousField) => form.step(-1),
        Some(Action::Save) => model.save_form(),
        Some(Action::Cancel) => {
            model.take_form();
            model.say("closed — nothing changed");
        }
        _ if form.focus == map::FormField::Groupings => {
            // The keys that place a service on the board tick its boxes here, whatever
            // keys they are; nothing is typed on this line.
            if let Some(g) = toggle {
                form.groupings = form.groupings.with(g, !form.groupings.contains(g));
            }
        }
        _ => {
            let ratatui::crossterm::event::KeyCode::Char(c) = event.code else {
                if let Some(input) = form.input_mut() {
                    input.input(event);
                }
                return;
            };
            if crate::text::is_unsafe(c) {
                return;
            }
            if let Some(input) = form.input_mut() {
                input.input(event);
                form.problem = None;
            }
        }
    }
}

/// The answer to "a service of this name is on the map": merge, add anyway, or (Esc) back
/// to the text as typed.
fn duplicate_answer(model: &mut Model, key: Key) {
    match model.keymap.action(Context::Duplicate, key) {
        Some(Action::MergeDuplicate) => model.resolve_pending(true),
        Some(Action::AddAnyway) => model.resolve_pending(false),
        Some(Action::Cancel) => {
            if let Some(Layer::Duplicate(p)) = model.pop() {
                let mut editor = Editor::new(Purpose::Record(DraftSlot::NewService), &p.line);
                editor.original = String::new();
                model.push(Layer::Editor(Box::new(editor)));
            }
        }
        _ => {}
    }
}

/// Keys while text is being typed: save, new line and put away are the keymap's; every other
/// key is the text's.
fn editor_key(model: &mut Model, key: Key, event: KeyEvent) {
    let action = model.keymap.action(Context::Editor, key);
    let Some(editor) = model.editor_mut() else {
        return;
    };
    match action {
        Some(Action::Save) => save_editor(model),
        Some(Action::Newline) => {
            if editor.multiline() {
                editor.area.insert_newline();
                edited(model);
            }
        }
        Some(Action::Cancel) => put_away_editor(model),
        Some(Action::TogglePrivate) => {
            if editor.multiline() {
                editor.toggle_private();
                edited(model);
            }
        }
        _ => {
            // A control or bidirectional character typed (or pasted without bracketed paste)
            // never enters the text.
            if let ratatui::crossterm::event::KeyCode::Char(c) = event.code
                && crate::text::is_unsafe(c)
            {
                return;
            }
            if editor.area.input(event) {
                edited(model);
            }
        }
    }
}

/// The editor's text changed: a record's is drafted soon, a filter applies at once.
fn edited(model: &mut Model) {
    let now = model.now;
    let Some(editor) = model.editor_mut() else {
        return;
    };
    // Changed after Enter: the text is no longer what was asked to be saved.
    editor.waiting = false;
    match editor.purpose {
        Purpose::Record(_) => editor.touched(now),
        Purpose::Folder | Purpose::Candidate | Purpose::Voter => {}
        Purpose::Filter(list) => {
            let text = editor.text();
            model.set_filter(list, text);
        }
    }
}

/// Why a field's text was not saved. Either way the text stays, nothing typed is lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unsaved {
    /// The reason, said under the field: fix it and save again.
    Refused(String),
    /// Another console changed the same record: its question now sits over the field.
    Asked,
}

/// As the header says it.
impl std::fmt::Display for Unsaved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unsaved::Refused(reason) => f.write_str(reason),
            Unsaved::Asked => f.write_str("changed in another console meanwhile"),
        }
    }
}

/// A store's or a parser's message refuses the save as it is.
impl From<String> for Unsaved {
    fn from(reason: String) -> Unsaved {
        Unsaved::Refused(reason)
    }
}

impl Model {
    /// Opens the filter field of `list`, holding its filter as it is.
    pub(super) fn open_filter(&mut self, list: List) {
        let filter = match list {
            List::Notes => &self.notes_view.filter,
            List::Actions => &self.actions_view.filter,
            List::Map => &self.map_view.filter,
        };
        let editor = Editor::new(Purpose::Filter(list), filter);
        self.push(Layer::Editor(Box::new(editor)));
    }

    /// A filter changed: only what its list shows is worked out again (never the coverage).
    pub(super) fn set_filter(&mut self, list: List, text: String) {
        match list {
            List::Notes => self.notes_view.filter = text,
            List::Actions => self.actions_view.filter = text,
            List::Map => {
                self.map_view.filter = text;
                self.refresh_board();
                return;
            }
        }
        self.refresh_lists();
    }
}

pub(crate) fn save_editor(model: &mut Model) {
    let Some(editor) = model.take_editor() else {
        return;
    };
    let text = editor.text();
    let result = match editor.purpose {
        Purpose::Filter(_) => Ok(()),
        Purpose::Folder => model.set_export_folder(&text),
        Purpose::Record(DraftSlot::Rationale(p, l)) => model.save_rationale(p, l, &text),
        Purpose::Candidate => model.save_candidate(&text),
        Purpose::Voter => model.save_voter(&text),
        Purpose::Record(DraftSlot::NewNote | DraftSlot::EditNote(_)) if text.trim().is_empty() => {
            Err(Unsaved::Refused(format!(
                "a note needs some words; {} puts the field away",
                model.hint(Context::Editor, Action::Cancel)
            )))
        }
        Purpose::Record(DraftSlot::NewNote | DraftSlot::EditNote(_))
            if text.chars().count() > MAX_NOTE_CHARS =>
        {
            Err(Unsaved::Refused(format!(
                "a note holds at most {MAX_NOTE_CHARS} characters and this one has {} — split it into two",
                text.chars().count()
            )))
        }
        Purpose::Record(DraftSlot::NewNote) => model.add_note(text.trim_end()),
        Purpose::Record(DraftSlot::EditNote(id)) => {
            // A private note stays private unless the private key made it public: an edit
            // that breaks its tag ("#privately", a deleted word) never shows it to the room.
            let text = text.trim_end();
            let kept;
            let text = if crate::event::capture::is_private(&editor.original)
                && !crate::event::capture::is_private(text)
                && !editor.made_public
            {
                kept = crate::event::capture::toggle_private(text);
                &kept
            } else {
                text
            };
            model.update_note(id, &editor.original, text)
        }
        Purpose::Record(DraftSlot::NewAction) => model.save_action(None, &text),
        Purpose::Record(DraftSlot::EditAction(id)) => {
            model.save_action(Some((id, &editor.original)), &text)
        }
        Purpose::Record(DraftSlot::NewService) => model.add_service_line(text.trim()),
    };
    match result {
        Ok(()) => {}
        Err(Unsaved::Asked) => {
            // Another console's change is asked about, over this text: Esc comes back to it.
            model.under_top(Layer::Editor(Box::new(editor)));
            return;
        }
        Err(Unsaved::Refused(problem)) => {
            // Nothing typed is lost: the field stays open with the text and the reason.
            let mut editor = editor;
            editor.problem = Some(problem);
            editor.waiting = matches!(model.saved, Saved::Waiting { .. });
            model.push(Layer::Editor(Box::new(editor)));
            return;
        }
    }
    offer_recovered(model);
}

/// Esc: a record's text is kept as a draft (and offered again next time); a filter is cleared.
fn put_away_editor(model: &mut Model) {
    let Some(editor) = model.take_editor() else {
        return;
    };
    match editor.purpose {
        Purpose::Record(slot) if !editor.changed() => {
            // Opened and put away untouched: nothing to keep, and nothing to offer back.
            model.discard_draft(slot);
        }
        Purpose::Record(slot) => {
            let text = editor.text();
            model.keep_draft(slot, &text);
            if !text.trim().is_empty() {
                model.say("put away — the text is kept for next time");
            }
        }
        // Back to the export question, its folder as it was.
        Purpose::Folder | Purpose::Candidate | Purpose::Voter => {}
        Purpose::Filter(list) => model.set_filter(list, String::new()),
    }
    offer_recovered(model);
}

/// Opens the editor for a slot, with its kept draft if there is one, else `text`.
pub(crate) fn open_editor(model: &mut Model, slot: DraftSlot, text: &str) {
    let text = model
        .record
        .drafts
        .get(&slot)
        .cloned()
        .unwrap_or_else(|| text.to_owned());
    model.push(Layer::Editor(Box::new(Editor::new(
        Purpose::Record(slot),
        &text,
    ))));
}

fn recover_key(model: &mut Model, key: Key) {
    let action = model.keymap.action(Context::Recover, key);
    match action {
        Some(Action::KeepDraft | Action::DiscardDraft) => {}
        // Esc: decide later. The drafts stay in the store and are offered next time.
        Some(Action::Cancel) => {
            model.pop();
            model.record.recovered.clear();
            return;
        }
        _ => return,
    }
    let Some(Layer::Recover(draft)) = model.pop() else {
        return;
    };
    if !model.resolve_recovered(&draft) {
        // Another console answered first: exactly one keeps it.
        model.say("another console took that draft — it is not kept twice");
        offer_recovered(model);
        return;
    }
    if action == Some(Action::KeepDraft) {
        let slot = match draft.slot {
            // The note or action it edited may have gone since.
            DraftSlot::EditNote(id) if !model.record.notes.iter().any(|n| n.id == id) => {
                DraftSlot::NewNote
            }
            DraftSlot::EditAction(id) if !model.record.actions.iter().any(|a| a.id == id) => {
                DraftSlot::NewAction
            }
            slot => slot,
        };
        // Evidence is typed over its grid: the grid comes back with the cell selected.
        if let DraftSlot::Rationale(principle, level) = slot {
            model.assessment_view.principle = principle;
            model.assessment_view.level = level;
            model.screen = Screen::Assessment;
        }
        // Opened as changed text: it is written as this console's draft straight away.
        let mut editor = Editor::new(Purpose::Record(slot), &draft.text);
        editor.original = String::new();
        editor.touched(model.now - TimeDelta::seconds(2));
        model.push(Layer::Editor(Box::new(editor)));
    } else {
        offer_recovered(model);
    }
}

/// Offers the next recovered draft, if any: taken from the list into the question.
pub fn offer_recovered(model: &mut Model) {
    if model.editor().is_none() && !model.record.recovered.is_empty() {
        let draft = model.record.recovered.remove(0);
        model.push(Layer::Recover(draft));
    }
}

/// The "make the window larger" screen hides everything, so a key there never acts blind:
/// only quitting (and its question) and help work until the window is larger.
fn too_small_key(model: &mut Model, key: Key) {
    let everywhere = model.keymap.action(Context::Everywhere, key);
    match model.top() {
        Some(Layer::ConfirmQuit) => {
            model.pop();
            if model.keymap.action(Context::Confirm, key) == Some(Action::Yes)
                || everywhere == Some(Action::Quit)
            {
                model.quit = true;
            }
        }
        Some(&Layer::Help { scroll }) => {
            if let Some(action) = model.keymap.action(Context::Help, key) {
                model.pop();
                if let Some(scroll) = help_key(action, scroll) {
                    model.push(Layer::Help { scroll });
                }
            }
        }
        top => {
            let typing = matches!(
                top,
                Some(Layer::Editor(_) | Layer::Form(_) | Layer::Export(_))
            );
            match everywhere {
                Some(Action::Quit) => {
                    // As a closed terminal does: text being typed is kept as a draft.
                    if let Some(editor) = model.editor()
                        && let Some(slot) = editor.slot()
                        && editor.changed()
                    {
                        let text = editor.text();
                        model.keep_draft(slot, &text);
                    }
                    if model.unsaved() {
                        model.push(Layer::ConfirmQuit);
                    } else {
                        model.quit = true;
                    }
                }
                Some(Action::Help) if !typing => model.push(Layer::Help { scroll: 0 }),
                _ => {}
            }
        }
    }
}

/// Help's scroll after a key; `None` closes it.
fn help_key(action: Action, scroll: u16) -> Option<u16> {
    Some(match action {
        Action::Close => return None,
        Action::Up => scroll.saturating_sub(1),
        Action::Down => scroll.saturating_add(1),
        Action::PageUp => scroll.saturating_sub(10),
        Action::PageDown => scroll.saturating_add(10),
        _ => scroll,
    })
}

/// The keys that work on every screen. Returns whether the action was one of them.
fn global(model: &mut Model, action: Action) -> bool {
    match action {
        Action::Quit => {
            // Everything is saved as it happens; ask only when something could not be.
            if model.unsaved() {
                model.push(Layer::ConfirmQuit);
            } else {
                model.quit = true;
            }
        }
        Action::Help => model.push(Layer::Help { scroll: 0 }),
        Action::ShowGroupings => model.screen = Screen::Groupings,
        Action::ShowPrinciples => model.screen = Screen::Principles,
        Action::ShowNotes => model.screen = Screen::Notes,
        Action::ShowActions => model.screen = Screen::Actions,
        Action::ShowPriorities => model.screen = Screen::Priorities,
        Action::ShowReview => model.screen = Screen::Review,
        Action::ShowMap => model.screen = Screen::Map,
        Action::ShowCoverage => model.screen = Screen::Coverage,
        Action::NewNote => open_editor(model, DraftSlot::NewNote, ""),
        Action::NewAction => open_editor(model, DraftSlot::NewAction, ""),
        Action::Export => model.open_export(),
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
    let order = [
        Screen::Agenda,
        Screen::Groupings,
        Screen::Principles,
        Screen::Map,
        Screen::Coverage,
        Screen::Notes,
        Screen::Actions,
    ];
    let at = match model.screen {
        Screen::Grouping(_) | Screen::Assessment => {
            if model.screen == Screen::Assessment {
                2
            } else {
                1
            }
        }
        Screen::Review => 0,
        s => order.iter().position(|o| *o == s).unwrap_or(0),
    };
    crate::thrive::cycled(&order, at, step)
}

fn agenda(model: &mut Model, action: Action) {
    let now = model.now;
    let moves_the_clock = matches!(
        action,
        Action::StartPause | Action::NextSegment | Action::PreviousSegment
    );
    if model.day == Day::Preparing && moves_the_clock {
        model.say(format!(
            "preparing — agenda starts {}",
            model.script.workshop.date.format("%a %-d %b")
        ));
        return;
    }
    let moves_the_agenda = action.moves_agenda();
    if moves_the_agenda && !model.seat.moves_agenda() {
        model.say("the agenda runs on the facilitator's console");
        return;
    }
    if moves_the_agenda && model.seat == Seat::JoinedDriving {
        // Said after the move, so it names where the agenda is now.
        agenda_moved(model, action, now);
        let title = &model.script.segments[model.run.current].title;
        model.say(format!(
            "you moved the shared agenda: {} · {} · every console follows",
            crate::text::cut_to_width(title, 30),
            model.run.state.name()
        ));
        return;
    }
    agenda_moved(model, action, now);
}

/// The agenda keys, once this console may move the agenda.
fn agenda_moved(model: &mut Model, action: Action, now: NaiveDateTime) {
    let last = model.script.segments.len() - 1;
    match action {
        Action::StartPause => {
            model.run.start_pause(now);
            model.save_run();
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
            model.save_run();
            if model.run.state == RunState::Finished {
                model.say("✓ the last segment is done — the event has finished");
            }
            model.agenda_cursor = model.run.current;
        }
        Action::PreviousSegment => {
            model.run.previous(now);
            model.save_run();
            model.agenda_cursor = model.run.current;
        }
        Action::AddFive | Action::TakeFive => {
            let delta = if action == Action::AddFive { 5 } else { -5 };
            model.run.extend(&model.script, delta);
            model.save_run();
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
            model.save_run();
            if model.run.state == RunState::Running {
                let title = &model.script.segments[model.run.current].title;
                model.say(format!("▶ {title} running"));
            }
        }
        Action::TogglePrompts => {
            model.prompts_visible = !model.prompts_visible;
        }
        Action::OpenSegment => open_segment(model),
        Action::Rebalance => rebalance(model),
        _ => {}
    }
}

/// Running late: the proposal (on the agenda, for the facilitator) taken in one key.
fn rebalance(model: &mut Model) {
    let plan = model.run.rebalance(&model.script, model.now);
    if plan.is_empty() {
        let late = model.run.minutes_late(&model.script, model.now);
        model.say(if late > 0 {
            "no later item has minutes that may go (flex = 10 in the script marks them)".to_owned()
        } else {
            "on time — nothing to take".to_owned()
        });
        return;
    }
    model.run.apply_rebalance(&plan);
    model.save_run();
    let taken: Vec<String> = plan
        .iter()
        .map(|&(i, m)| {
            let title = crate::text::cut_to_width(&model.script.segments[i].title, 24);
            format!("{title} −{m}")
        })
        .collect();
    let end = model.run.projected_end(&model.script, model.now);
    model.say(format!(
        "taken: {} · ends {}",
        taken.join(", "),
        end.format("%H:%M")
    ));
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
        Some(Focus::Review) => Screen::Review,
        Some(Focus::Map) => {
            // A mapping round about one grouping starts on its column.
            if let Some(g) = model.script.segments[model.run.current].grouping
                && let Some(c) = model
                    .map_view
                    .columns
                    .iter()
                    .position(|c| c.grouping == Some(g))
            {
                model.map_view.column = c;
                model.map_view.row = 0;
            }
            Screen::Map
        }
        Some(Focus::Gaps) => Screen::Coverage,
        Some(Focus::Actions) => Screen::Actions,
        Some(Focus::Assessment) => {
            model.keep_assessment_cursor();
            Screen::Assessment
        }
        Some(Focus::Priorities) => Screen::Priorities,
        None => {
            model.say("this segment has no grouping or principle to show");
            Screen::Agenda
        }
    };
}

fn groupings(model: &mut Model, action: Action) {
    match action {
        Action::NextSegment | Action::PreviousSegment => agenda(model, action),
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
    if action.moves_agenda() {
        return agenda(model, action);
    }
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
    if action.moves_agenda() {
        return agenda(model, action);
    }
    model.principle_cursor = match action {
        Action::Previous => model.principle_cursor.step(-1),
        Action::Next => model.principle_cursor.step(1),
        Action::Open(n) => Principle::from_number(i64::from(n)).unwrap_or(model.principle_cursor),
        Action::OpenAssessment => {
            model.assessment_view.principle = model.principle_cursor;
            model.keep_assessment_cursor();
            model.screen = Screen::Assessment;
            model.principle_cursor
        }
        _ => model.principle_cursor,
    };
}

fn notes(model: &mut Model, action: Action) {
    let view = &mut model.notes_view;
    view.cursor = lists::moved(action, view.cursor, view.visible.len());
    match action {
        Action::Edit => {
            if let Some(note) = model.selected_note() {
                let (id, text) = (note.id, note.text.clone());
                open_editor(model, DraftSlot::EditNote(id), &text);
            }
        }
        Action::Delete => {
            if let Some(note) = model.selected_note() {
                model.push(Layer::ConfirmDelete(note.id));
            }
        }
        Action::Undo => model.undo_delete(),
        Action::Filter => model.open_filter(List::Notes),
        Action::Candidate => model.note_to_candidate(),
        _ => {}
    }
}

fn actions(model: &mut Model, action: Action) {
    let view = &mut model.actions_view;
    view.cursor = lists::moved(action, view.cursor, view.order.len());
    match action {
        Action::Edit => {
            if let Some(a) = model.selected_action() {
                let (id, line) = (a.id, a.line());
                open_editor(model, DraftSlot::EditAction(id), &line);
            }
        }
        Action::CycleStatus => {
            if let Some(id) = model.selected_action().map(|a| a.id) {
                model.cycle_status(id);
            }
        }
        Action::Sort => {
            model.actions_view.sort = model.actions_view.sort.next();
            model.refresh_lists();
            model.say(format!("sorted by {}", model.actions_view.sort.name()));
        }
        Action::Filter => model.open_filter(List::Actions),
        Action::Candidate => model.action_to_candidate(),
        _ => {}
    }
}

fn review(model: &mut Model, action: Action) {
    let len = model.record.review.len();
    let cursor = model.review_view.cursor;
    match action {
        Action::Up => model.review_view.cursor = lists::step(cursor, len, -1),
        Action::Down => model.review_view.cursor = lists::step(cursor, len, 1),
        Action::MarkDone | Action::Keep | Action::Drop => {
            let decision = match action {
                Action::MarkDone => Decision::Done,
                Action::Keep => Decision::Kept,
                _ => Decision::Dropped,
            };
            model.decide(cursor, decision);
            model.review_view.cursor = lists::step(cursor, len, 1);
        }
        _ => {}
    }
}

impl Model {
    /// What the person reads when a write did not happen: why, and that the text is kept.
    pub(crate) fn not_saved(&self, e: &crate::event::store::StoreError) -> String {
        use crate::event::store::StoreError;
        match e {
            StoreError::Busy { .. } => format!(
                "⏳ waiting for the database ({}) — kept here; saved when it is free",
                e.holder().unwrap_or_default()
            ),
            _ => format!(
                "not saved: {} — your text is still here; {} tries again",
                e.short(),
                self.hint(Context::Editor, Action::Save)
            ),
        }
    }
}

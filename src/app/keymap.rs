//! Keys as data: `assets/keys.toml` holds the defaults, a user's `config.toml` may replace any
//! action's keys, and conflicts are refused at load. Help and footer hints are generated from
//! the same table, so they can never disagree with what the keys do.

use std::collections::HashMap;
use std::ops::Range;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use toml::Spanned;
use toml::de::{DeTable, DeValue};
use unicode_width::UnicodeWidthChar;

use crate::diagnostic::{Diagnostic, Report};
use crate::thrive::closest;

pub const DEFAULT_KEYS_NAME: &str = "assets/keys.toml (built in)";
pub const DEFAULT_KEYS: &str = include_str!("../../assets/keys.toml");

/// Where a key is looked up. Screens fall through to `Everywhere`; the help overlay is modal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Everywhere,
    Agenda,
    Groupings,
    Grouping,
    Principles,
    Notes,
    Actions,
    Review,
    Map,
    Coverage,
    /// The i-THRIVE assessment grid.
    Assessment,
    /// The dot vote.
    Priorities,
    Help,
    Confirm,
    Editor,
    Recover,
    Form,
    Duplicate,
    /// Two consoles changed one record at once: whose to keep.
    Clash,
    Export,
}

impl Context {
    pub const ALL: [Context; 20] = [
        Context::Everywhere,
        Context::Agenda,
        Context::Groupings,
        Context::Grouping,
        Context::Principles,
        Context::Notes,
        Context::Actions,
        Context::Review,
        Context::Map,
        Context::Coverage,
        Context::Assessment,
        Context::Priorities,
        Context::Help,
        Context::Confirm,
        Context::Editor,
        Context::Recover,
        Context::Form,
        Context::Duplicate,
        Context::Clash,
        Context::Export,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Everywhere => "everywhere",
            Context::Agenda => "agenda",
            Context::Groupings => "groupings",
            Context::Grouping => "grouping",
            Context::Principles => "principles",
            Context::Notes => "notes",
            Context::Actions => "actions",
            Context::Review => "review",
            Context::Map => "map",
            Context::Coverage => "coverage",
            Context::Assessment => "assessment",
            Context::Priorities => "priorities",
            Context::Form => "form",
            Context::Duplicate => "duplicate",
            Context::Clash => "clash",
            Context::Export => "export",
            Context::Help => "help",
            Context::Confirm => "confirm",
            Context::Editor => "editor",
            Context::Recover => "recover",
        }
    }

    fn falls_through(self) -> bool {
        !matches!(
            self,
            Context::Everywhere
                | Context::Help
                | Context::Confirm
                | Context::Editor
                | Context::Recover
                | Context::Form
                | Context::Duplicate
                | Context::Clash
                | Context::Export
        )
    }
}

/// What a key asks for. Which screen acts on it is decided by `update`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Help,
    ShowGroupings,
    ShowPrinciples,
    NextScreen,
    PreviousScreen,
    Back,
    StartPause,
    NextSegment,
    PreviousSegment,
    AddFive,
    TakeFive,
    Up,
    Down,
    GoToSelected,
    TogglePrompts,
    OpenSegment,
    /// Open (or select) item N of the screen, 1-based.
    Open(u8),
    Previous,
    Next,
    OpenSelected,
    Close,
    PageUp,
    PageDown,
    Yes,
    NewNote,
    NewAction,
    ShowNotes,
    ShowActions,
    ShowReview,
    First,
    Last,
    Edit,
    Delete,
    Undo,
    Filter,
    CycleStatus,
    Sort,
    MarkDone,
    Keep,
    Drop,
    Save,
    Newline,
    Cancel,
    KeepDraft,
    DiscardDraft,
    ShowMap,
    ShowCoverage,
    Left,
    Right,
    AddService,
    /// Put the selected service in grouping N, or take it out.
    Toggle(u8),
    Merge,
    NextTab,
    GapAction,
    NextField,
    PreviousField,
    MergeDuplicate,
    AddAnyway,
    KeepMine,
    KeepTheirs,
    KeepBoth,
    /// Write the event's files (the export question).
    Export,
    Replace,
    ChooseFolder,
    /// Pin the room to this screen, or (pinned) let it follow this console's screen again.
    RoomPin,
    /// Blank the room to the title card, or show it again.
    RoomBlank,
    /// The console's own window shows the room's view (no second screen).
    OneWindow,
    /// Mark the note being written private (for the facilitators only), or not.
    TogglePrivate,
    /// Finish on time: take the proposed minutes from the later flexible segments.
    Rebalance,
    /// The assessment: score the selected cell 1–4, or take its score off.
    Score(u8),
    ClearScore,
    /// From the principles: score them at each level (the assessment grid).
    OpenAssessment,
    /// The dot vote: its screen, a candidate from the gaps, notes or actions, a dot from the
    /// selected voter or one taken back, the reveal, a candidate picked, the picked (or top)
    /// into actions, and a candidate or voter typed in.
    ShowPriorities,
    Candidate,
    AddDot,
    TakeDot,
    Reveal,
    Pick,
    MakeActions,
    AddCandidate,
    AddVoter,
    /// The assessment: show the room the selected cell's evidence, or not.
    ShowEvidence,
}

impl Action {
    /// Moves the shared agenda: its clock, its segment or its minutes.
    pub fn moves_agenda(self) -> bool {
        matches!(
            self,
            Action::Rebalance
                | Action::StartPause
                | Action::NextSegment
                | Action::PreviousSegment
                | Action::AddFive
                | Action::TakeFive
                | Action::GoToSelected
        )
    }
}

/// Every action a context knows: its name in files and its line in help.
#[rustfmt::skip]
const ACTIONS: &[(Context, &str, Action, &str)] = &[
    (Context::Everywhere, "quit", Action::Quit, "quit"),
    (Context::Everywhere, "help", Action::Help, "show or hide these keys"),
    (Context::Everywhere, "note", Action::NewNote, "write a note"),
    (Context::Everywhere, "action", Action::NewAction, "write an action: text @owner due:fri #tag"),
    (Context::Everywhere, "groupings", Action::ShowGroupings, "the five groupings"),
    (Context::Everywhere, "principles", Action::ShowPrinciples, "the eight principles"),
    (Context::Everywhere, "notes", Action::ShowNotes, "all notes"),
    (Context::Everywhere, "actions", Action::ShowActions, "all actions"),
    (Context::Everywhere, "priorities", Action::ShowPriorities, "the dot vote: priorities"),
    (Context::Everywhere, "review", Action::ShowReview, "last time's actions, to review"),
    (Context::Everywhere, "map", Action::ShowMap, "the map: services on the groupings"),
    (Context::Everywhere, "coverage", Action::ShowCoverage, "coverage grids and the gaps"),
    (Context::Everywhere, "export", Action::Export, "export the actions and the report to files"),
    (Context::Everywhere, "next-screen", Action::NextScreen, "next screen"),
    (Context::Everywhere, "previous-screen", Action::PreviousScreen, "previous screen"),
    (Context::Everywhere, "back", Action::Back, "back (to the agenda)"),
    (Context::Everywhere, "room-pin", Action::RoomPin, "pin the room to this screen, or follow yours again"),
    (Context::Everywhere, "room-blank", Action::RoomBlank, "blank the room to the title card, or show it again"),
    (Context::Everywhere, "one-window", Action::OneWindow, "this window shows what the room sees (no projector)"),
    (Context::Agenda, "start-pause", Action::StartPause, "start, pause or resume the clock"),
    (Context::Agenda, "next-segment", Action::NextSegment, "next segment (ends this one)"),
    (Context::Agenda, "previous-segment", Action::PreviousSegment, "back to the previous segment"),
    (Context::Agenda, "add-five", Action::AddFive, "5 more minutes for this segment"),
    (Context::Agenda, "take-five", Action::TakeFive, "5 minutes less for this segment"),
    (Context::Agenda, "up", Action::Up, "select the segment above"),
    (Context::Agenda, "down", Action::Down, "select the segment below"),
    (Context::Agenda, "go-to-selected", Action::GoToSelected, "run the selected segment now"),
    (Context::Agenda, "prompts", Action::TogglePrompts, "show or hide your private prompts"),
    (Context::Agenda, "open-segment", Action::OpenSegment, "show this segment's grouping, principle or review"),
    (Context::Agenda, "finish-on-time", Action::Rebalance, "running late: take the proposed minutes from later flexible items"),
    (Context::Groupings, "open-1", Action::Open(1), "open that grouping full-screen"),
    (Context::Groupings, "open-2", Action::Open(2), "open that grouping full-screen"),
    (Context::Groupings, "open-3", Action::Open(3), "open that grouping full-screen"),
    (Context::Groupings, "open-4", Action::Open(4), "open that grouping full-screen"),
    (Context::Groupings, "open-5", Action::Open(5), "open that grouping full-screen"),
    (Context::Groupings, "previous", Action::Previous, "select the previous grouping"),
    (Context::Groupings, "next", Action::Next, "select the next grouping"),
    (Context::Groupings, "open-selected", Action::OpenSelected, "open the selected grouping"),
    (Context::Groupings, "next-segment", Action::NextSegment, "next segment (a clicker's forward)"),
    (Context::Groupings, "previous-segment", Action::PreviousSegment, "previous segment (a clicker's back)"),
    (Context::Grouping, "open-1", Action::Open(1), "show that grouping"),
    (Context::Grouping, "open-2", Action::Open(2), "show that grouping"),
    (Context::Grouping, "open-3", Action::Open(3), "show that grouping"),
    (Context::Grouping, "open-4", Action::Open(4), "show that grouping"),
    (Context::Grouping, "open-5", Action::Open(5), "show that grouping"),
    (Context::Grouping, "previous", Action::Previous, "previous grouping"),
    (Context::Grouping, "next", Action::Next, "next grouping"),
    (Context::Grouping, "next-segment", Action::NextSegment, "next segment (a clicker's forward)"),
    (Context::Grouping, "previous-segment", Action::PreviousSegment, "previous segment (a clicker's back)"),
    (Context::Principles, "previous", Action::Previous, "previous principle"),
    (Context::Principles, "next", Action::Next, "next principle"),
    (Context::Principles, "open-1", Action::Open(1), "show that principle"),
    (Context::Principles, "open-2", Action::Open(2), "show that principle"),
    (Context::Principles, "open-3", Action::Open(3), "show that principle"),
    (Context::Principles, "open-4", Action::Open(4), "show that principle"),
    (Context::Principles, "open-5", Action::Open(5), "show that principle"),
    (Context::Principles, "open-6", Action::Open(6), "show that principle"),
    (Context::Principles, "open-7", Action::Open(7), "show that principle"),
    (Context::Principles, "open-8", Action::Open(8), "show that principle"),
    (Context::Principles, "assess", Action::OpenAssessment, "the assessment: score each principle at each level"),
    (Context::Principles, "next-segment", Action::NextSegment, "next segment (a clicker's forward)"),
    (Context::Principles, "previous-segment", Action::PreviousSegment, "previous segment (a clicker's back)"),
    (Context::Notes, "up", Action::Up, "the note above"),
    (Context::Notes, "down", Action::Down, "the note below"),
    (Context::Notes, "page-up", Action::PageUp, "ten notes up"),
    (Context::Notes, "page-down", Action::PageDown, "ten notes down"),
    (Context::Notes, "first", Action::First, "the first note"),
    (Context::Notes, "last", Action::Last, "the latest note"),
    (Context::Notes, "edit", Action::Edit, "edit the note"),
    (Context::Notes, "delete", Action::Delete, "delete the note (asks first)"),
    (Context::Notes, "undo", Action::Undo, "undo the last delete"),
    (Context::Notes, "filter", Action::Filter, "filter by words or #tag"),
    (Context::Notes, "candidate", Action::Candidate, "put the selected note to the vote"),
    (Context::Actions, "up", Action::Up, "the action above"),
    (Context::Actions, "down", Action::Down, "the action below"),
    (Context::Actions, "page-up", Action::PageUp, "ten actions up"),
    (Context::Actions, "page-down", Action::PageDown, "ten actions down"),
    (Context::Actions, "first", Action::First, "the first action"),
    (Context::Actions, "last", Action::Last, "the last action"),
    (Context::Actions, "edit", Action::Edit, "edit the action (any field)"),
    (Context::Actions, "status", Action::CycleStatus, "status: open → doing → done → dropped"),
    (Context::Actions, "sort", Action::Sort, "sort by due date, owner, status, when added"),
    (Context::Actions, "filter", Action::Filter, "filter: words, @owner, #tag, overdue, done"),
    (Context::Actions, "candidate", Action::Candidate, "put the selected action to the vote"),
    (Context::Review, "up", Action::Up, "the action above"),
    (Context::Review, "down", Action::Down, "the action below"),
    (Context::Review, "done", Action::MarkDone, "it was done"),
    (Context::Review, "keep", Action::Keep, "keep it open: carry it into this event"),
    (Context::Review, "drop", Action::Drop, "drop it"),
    (Context::Map, "add", Action::AddService, "add a service: name / provider / sector / 11-25 / route"),
    (Context::Map, "toggle-1", Action::Toggle(1), "put the service in that grouping, or take it out"),
    (Context::Map, "toggle-2", Action::Toggle(2), "put the service in that grouping, or take it out"),
    (Context::Map, "toggle-3", Action::Toggle(3), "put the service in that grouping, or take it out"),
    (Context::Map, "toggle-4", Action::Toggle(4), "put the service in that grouping, or take it out"),
    (Context::Map, "toggle-5", Action::Toggle(5), "put the service in that grouping, or take it out"),
    (Context::Map, "up", Action::Up, "the service above"),
    (Context::Map, "down", Action::Down, "the service below"),
    (Context::Map, "left", Action::Left, "the column to the left"),
    (Context::Map, "right", Action::Right, "the column to the right"),
    (Context::Map, "page-up", Action::PageUp, "ten services up"),
    (Context::Map, "page-down", Action::PageDown, "ten services down"),
    (Context::Map, "first", Action::First, "the top of the column"),
    (Context::Map, "last", Action::Last, "the bottom of the column"),
    (Context::Map, "edit", Action::Edit, "edit every field of the service"),
    (Context::Map, "delete", Action::Delete, "delete the service (asks first)"),
    (Context::Map, "undo", Action::Undo, "undo the last delete or merge"),
    (Context::Map, "filter", Action::Filter, "filter: words, sector, locality, age, #grouping"),
    (Context::Map, "merge", Action::Merge, "merge the service with the other of its name"),
    (Context::Coverage, "open-1", Action::Open(1), "tab: age bands, sectors, localities, gaps"),
    (Context::Coverage, "open-2", Action::Open(2), "tab: age bands, sectors, localities, gaps"),
    (Context::Coverage, "open-3", Action::Open(3), "tab: age bands, sectors, localities, gaps"),
    (Context::Coverage, "open-4", Action::Open(4), "tab: age bands, sectors, localities, gaps"),
    (Context::Coverage, "next-tab", Action::NextTab, "the next tab"),
    (Context::Coverage, "up", Action::Up, "the row or gap above"),
    (Context::Coverage, "down", Action::Down, "the row or gap below"),
    (Context::Coverage, "left", Action::Left, "the cell to the left"),
    (Context::Coverage, "right", Action::Right, "the cell to the right"),
    (Context::Coverage, "page-up", Action::PageUp, "ten gaps up"),
    (Context::Coverage, "page-down", Action::PageDown, "ten gaps down"),
    (Context::Coverage, "gap-action", Action::GapAction, "turn the selected gap into an action"),
    (Context::Coverage, "candidate", Action::Candidate, "put the selected gap to the vote"),
    (Context::Priorities, "up", Action::Up, "the candidate above"),
    (Context::Priorities, "down", Action::Down, "the candidate below"),
    (Context::Priorities, "left", Action::Left, "the voter before"),
    (Context::Priorities, "right", Action::Right, "the next voter"),
    (Context::Priorities, "voter-1", Action::Open(1), "voter 1 … 9"),
    (Context::Priorities, "voter-2", Action::Open(2), "voter 1 … 9"),
    (Context::Priorities, "voter-3", Action::Open(3), "voter 1 … 9"),
    (Context::Priorities, "voter-4", Action::Open(4), "voter 1 … 9"),
    (Context::Priorities, "voter-5", Action::Open(5), "voter 1 … 9"),
    (Context::Priorities, "voter-6", Action::Open(6), "voter 1 … 9"),
    (Context::Priorities, "voter-7", Action::Open(7), "voter 1 … 9"),
    (Context::Priorities, "voter-8", Action::Open(8), "voter 1 … 9"),
    (Context::Priorities, "voter-9", Action::Open(9), "voter 1 … 9"),
    (Context::Priorities, "dot", Action::AddDot, "one of the voter's dots on the candidate"),
    (Context::Priorities, "take-back", Action::TakeDot, "take one of the voter's dots back"),
    (Context::Priorities, "reveal", Action::Reveal, "reveal the ranking to the room, or hide it again"),
    (Context::Priorities, "pick", Action::Pick, "pick the candidate to become an action (or not)"),
    (Context::Priorities, "to-actions", Action::MakeActions, "the picked (or the top) priorities into actions"),
    (Context::Priorities, "add", Action::AddCandidate, "type a candidate"),
    (Context::Priorities, "add-voter", Action::AddVoter, "add a table (a voter)"),
    (Context::Priorities, "delete", Action::Delete, "take a candidate with no dots off the vote"),
    (Context::Assessment, "up", Action::Up, "the principle above"),
    (Context::Assessment, "down", Action::Down, "the principle below"),
    (Context::Assessment, "left", Action::Left, "the level to the left"),
    (Context::Assessment, "right", Action::Right, "the level to the right"),
    (Context::Assessment, "score-1", Action::Score(1), "score it: 1 considerable improvement needed … 4 fully THRIVE-like"),
    (Context::Assessment, "score-2", Action::Score(2), "score it: 1 considerable improvement needed … 4 fully THRIVE-like"),
    (Context::Assessment, "score-3", Action::Score(3), "score it: 1 considerable improvement needed … 4 fully THRIVE-like"),
    (Context::Assessment, "score-4", Action::Score(4), "score it: 1 considerable improvement needed … 4 fully THRIVE-like"),
    (Context::Assessment, "clear", Action::ClearScore, "take the score off (not scored)"),
    (Context::Assessment, "rationale", Action::Edit, "the evidence the room agreed, one line"),
    (Context::Assessment, "show-evidence", Action::ShowEvidence, "show the room the selected cell's evidence, or keep it on the console"),
    (Context::Form, "next-field", Action::NextField, "next field"),
    (Context::Form, "previous-field", Action::PreviousField, "previous field"),
    (Context::Form, "save", Action::Save, "save the service"),
    (Context::Form, "cancel", Action::Cancel, "close without saving"),
    (Context::Duplicate, "merge", Action::MergeDuplicate, "merge into the service already on the map"),
    (Context::Duplicate, "add-anyway", Action::AddAnyway, "add it as another service"),
    (Context::Duplicate, "back", Action::Cancel, "back to the text as typed"),
    (Context::Clash, "mine", Action::KeepMine, "keep yours (or save it as new, if theirs was deleted)"),
    (Context::Clash, "theirs", Action::KeepTheirs, "keep theirs; yours is let go"),
    (Context::Clash, "both", Action::KeepBoth, "keep theirs, and yours into the text beside it"),
    (Context::Clash, "back", Action::Cancel, "back to your text"),
    (Context::Export, "write", Action::Save, "write the files"),
    (Context::Export, "replace", Action::Replace, "write over the earlier export's files"),
    (Context::Export, "folder", Action::ChooseFolder, "choose another folder"),
    (Context::Export, "cancel", Action::Cancel, "close without writing"),
    (Context::Editor, "save", Action::Save, "save"),
    (Context::Editor, "newline", Action::Newline, "new line (in a note)"),
    (Context::Editor, "private", Action::TogglePrivate, "mark the note private: never on the projector or in the report"),
    (Context::Editor, "cancel", Action::Cancel, "put away (the text is kept)"),
    (Context::Recover, "keep", Action::KeepDraft, "keep the recovered draft"),
    (Context::Recover, "discard", Action::DiscardDraft, "throw it away"),
    (Context::Recover, "later", Action::Cancel, "decide later (offered again next time)"),
    (Context::Help, "close", Action::Close, "close help"),
    (Context::Help, "up", Action::Up, "scroll up"),
    (Context::Help, "down", Action::Down, "scroll down"),
    (Context::Help, "page-up", Action::PageUp, "page up"),
    (Context::Help, "page-down", Action::PageDown, "page down"),
    (Context::Confirm, "yes", Action::Yes, "yes"),
];

/// Each screen's footer, in order: the actions it offers (named as in `keys.toml`, the
/// screen's own or `everywhere`; `open-*` is `open-1`, `open-2`…) and the short label shown
/// after their keys. The keys themselves always come from the live keymap.
#[rustfmt::skip]
const FOOTER: &[(Context, &[&str], &str)] = &[
    (Context::Agenda, &["start-pause"], "start/pause"),
    (Context::Agenda, &["next-segment"], "next"),
    (Context::Agenda, &["previous-segment"], "back"),
    (Context::Agenda, &["add-five", "take-five"], "5 min"),
    (Context::Agenda, &["note"], "note"),
    (Context::Agenda, &["action"], "action"),
    (Context::Agenda, &["prompts"], "prompts"),
    (Context::Agenda, &["groupings"], "groupings"),
    (Context::Agenda, &["principles"], "principles"),
    (Context::Agenda, &["quit"], "quit"),
    (Context::Groupings, &["open-*"], "open one"),
    (Context::Groupings, &["note"], "note"),
    (Context::Groupings, &["principles"], "principles"),
    (Context::Groupings, &["back"], "agenda"),
    (Context::Groupings, &["quit"], "quit"),
    (Context::Grouping, &["previous", "next"], "other groupings"),
    (Context::Grouping, &["note"], "note"),
    (Context::Grouping, &["back"], "all groupings"),
    (Context::Grouping, &["quit"], "quit"),
    (Context::Principles, &["previous", "next"], "choose"),
    (Context::Principles, &["note"], "note"),
    (Context::Principles, &["groupings"], "groupings"),
    (Context::Principles, &["back"], "agenda"),
    (Context::Principles, &["quit"], "quit"),
    (Context::Notes, &["note"], "new"),
    (Context::Notes, &["edit"], "edit"),
    (Context::Notes, &["delete"], "delete"),
    (Context::Notes, &["undo"], "undo"),
    (Context::Notes, &["filter"], "filter"),
    (Context::Notes, &["back"], "agenda"),
    (Context::Actions, &["action"], "new"),
    (Context::Actions, &["edit"], "edit"),
    (Context::Actions, &["status"], "status"),
    (Context::Actions, &["sort"], "sort"),
    (Context::Actions, &["filter"], "filter"),
    (Context::Actions, &["export"], "export"),
    (Context::Actions, &["back"], "agenda"),
    (Context::Map, &["add"], "add"),
    (Context::Map, &["toggle-*"], "grouping"),
    (Context::Map, &["edit"], "edit"),
    (Context::Map, &["filter"], "filter"),
    (Context::Map, &["delete"], "delete"),
    (Context::Map, &["coverage"], "coverage"),
    (Context::Map, &["merge"], "merge"),
    (Context::Map, &["back"], "agenda"),
    (Context::Coverage, &["open-*"], "tabs"),
    (Context::Coverage, &["gap-action"], "gap → action"),
    (Context::Coverage, &["map"], "map"),
    (Context::Coverage, &["back"], "agenda"),
    (Context::Priorities, &["dot"], "dot"),
    (Context::Priorities, &["take-back"], "take back"),
    (Context::Priorities, &["voter-*"], "voter"),
    (Context::Priorities, &["reveal"], "reveal"),
    (Context::Priorities, &["to-actions"], "→ actions"),
    (Context::Priorities, &["add"], "candidate"),
    (Context::Assessment, &["score-*"], "score"),
    (Context::Assessment, &["rationale"], "evidence"),
    (Context::Assessment, &["clear"], "clear"),
    (Context::Assessment, &["show-evidence"], "show evidence"),
    (Context::Assessment, &["principles"], "principles"),
    (Context::Assessment, &["back"], "agenda"),
    (Context::Review, &["done"], "done"),
    (Context::Review, &["keep"], "keep"),
    (Context::Review, &["drop"], "drop"),
    (Context::Review, &["back"], "agenda"),
];

/// One footer hint, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// "Space", "→/←", "1–5": the first key of each action, from the live keymap.
    pub keys: String,
    pub label: &'static str,
    /// Offered only to a console that moves the shared agenda.
    pub moves_agenda: bool,
}

/// The actions a footer entry names in `ctx`: its own first, then `everywhere`'s.
fn footer_actions(ctx: Context, names: &[&str]) -> Vec<Action> {
    let mut out = Vec::new();
    for name in names {
        let matches = |n: &str| match name.strip_suffix('*') {
            Some(prefix) => n
                .strip_prefix(prefix)
                .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit())),
            None => n == *name,
        };
        let named_in = |ctx: Context| -> Vec<Action> {
            ACTIONS
                .iter()
                .filter(|&&(c, n, _, _)| c == ctx && matches(n))
                .map(|&(_, _, a, _)| a)
                .collect()
        };
        let own = named_in(ctx);
        out.extend(if own.is_empty() {
            named_in(Context::Everywhere)
        } else {
            own
        });
    }
    out
}

/// One key as the keymap knows it. Shift is part of the character ("P"), not a modifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub fn from_event(e: &KeyEvent) -> Key {
        Key {
            code: e.code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Reads a key name from a file: "q", "P", "space", "ctrl-c", "f5", "pageup".
    pub fn parse(name: &str) -> Option<Key> {
        let mut rest = name;
        let (mut ctrl, mut alt) = (false, false);
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            // A key must be something a person can see on the key and in help: no controls,
            // no combining or zero-width marks.
            (Some(c), None) if !crate::text::is_unsafe(c) && c.width().unwrap_or(0) > 0 => {
                KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c })
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "space" => KeyCode::Char(' '),
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" | "shift-tab" => KeyCode::BackTab,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" => KeyCode::PageUp,
                "pagedown" => KeyCode::PageDown,
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" => KeyCode::Insert,
                f if f.starts_with('f') => {
                    let n: u8 = f[1..].parse().ok()?;
                    if !(1..=12).contains(&n) {
                        return None;
                    }
                    KeyCode::F(n)
                }
                _ => return None,
            },
        };
        Some(Key { code, ctrl, alt })
    }

    /// How the key is written in help and the footer.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char('-') => "−".to_owned(),
            KeyCode::Char(c) if self.ctrl => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "Shift-Tab".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Backspace => "Backspace".to_owned(),
            KeyCode::Delete => "Del".to_owned(),
            KeyCode::Insert => "Ins".to_owned(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        match (self.ctrl, self.alt) {
            (true, true) => format!("Ctrl-Alt-{base}"),
            (true, false) => format!("Ctrl-{base}"),
            (false, true) => format!("Alt-{base}"),
            (false, false) => base,
        }
    }
}

/// The live key table.
#[derive(Debug, Clone)]
pub struct Keymap {
    /// Keys of each action, in the order written (the first is shown in the footer).
    keys: HashMap<(Context, Action), Vec<Key>>,
    lookup: HashMap<(Context, Key), Action>,
}

/// Where an action's keys were last set: the user's file (with the span) or the defaults.
type Origins = HashMap<(Context, Action), Range<usize>>;

impl Keymap {
    /// The two sections help shows: the screen's own keys, then those that work everywhere.
    pub fn help_sections(screen: Context) -> [Context; 2] {
        [screen, Context::Everywhere]
    }

    /// Lines the help text has for a screen: per section a heading and its rows, a blank
    /// between, and the closing line.
    pub fn help_line_count(&self, screen: Context) -> u16 {
        let rows: usize = Keymap::help_sections(screen)
            .iter()
            .map(|ctx| self.help_rows(*ctx).len() + 1)
            .sum();
        u16::try_from(rows + 1).unwrap_or(u16::MAX)
    }

    /// The built-in keys alone.
    pub fn defaults() -> Result<Keymap, Report> {
        Keymap::with_user(None)
    }

    /// The built-in keys with a user's `[keys]` table (its file path, text and table) on top.
    pub fn with_user(user: Option<(&str, &str, &DeTable<'_>)>) -> Result<Keymap, Report> {
        let mut keys = HashMap::new();
        let root = DeTable::parse(DEFAULT_KEYS).map_err(|e| {
            Report::single(
                DEFAULT_KEYS_NAME,
                DEFAULT_KEYS,
                Diagnostic::new(e.message().to_owned(), e.span()),
            )
        })?;
        let mut errors = Vec::new();
        apply(
            &mut keys,
            root.get_ref(),
            "",
            &mut errors,
            &mut Origins::new(),
        );
        if !errors.is_empty() {
            return Err(Report {
                path: DEFAULT_KEYS_NAME.into(),
                source: DEFAULT_KEYS.into(),
                diagnostics: errors,
            });
        }
        let mut origins = Origins::new();
        let (path, source) = match user {
            Some((path, source, table)) => {
                apply(&mut keys, table, "keys.", &mut errors, &mut origins);
                (path, source)
            }
            None => (DEFAULT_KEYS_NAME, DEFAULT_KEYS),
        };
        if errors.is_empty() {
            conflicts(&keys, &origins, &mut errors);
        }
        if !errors.is_empty() {
            return Err(Report {
                path: path.into(),
                source: source.into(),
                diagnostics: errors,
            });
        }
        let mut lookup = HashMap::new();
        for (&(ctx, action), list) in &keys {
            for &key in list {
                lookup.insert((ctx, key), action);
            }
        }
        Ok(Keymap { keys, lookup })
    }

    /// The action a key press means in `ctx`, falling through to the keys that work everywhere.
    pub fn action(&self, ctx: Context, key: Key) -> Option<Action> {
        self.lookup.get(&(ctx, key)).copied().or_else(|| {
            ctx.falls_through()
                .then(|| self.lookup.get(&(Context::Everywhere, key)).copied())
                .flatten()
        })
    }

    pub fn keys(&self, ctx: Context, action: Action) -> &[Key] {
        self.keys.get(&(ctx, action)).map_or(&[], Vec::as_slice)
    }

    /// The first key of an action, as the footer shows it; falls back to `everywhere`.
    pub fn hint(&self, ctx: Context, action: Action) -> Option<String> {
        self.keys(ctx, action)
            .first()
            .or_else(|| self.keys(Context::Everywhere, action).first())
            .map(Key::label)
    }

    /// The footer of a screen, from [`FOOTER`]: an entry whose actions have no key is left out.
    pub fn footer(&self, ctx: Context) -> Vec<Hint> {
        FOOTER
            .iter()
            .filter(|(c, _, _)| *c == ctx)
            .filter_map(|&(_, names, label)| {
                let actions = footer_actions(ctx, names);
                let labels: Vec<String> =
                    actions.iter().filter_map(|&a| self.hint(ctx, a)).collect();
                if labels.is_empty() {
                    return None;
                }
                let numbered = actions.len() > 2
                    && actions
                        .iter()
                        .all(|a| matches!(a, Action::Open(_) | Action::Toggle(_)));
                let keys = if numbered {
                    compress_digits(&labels)
                } else {
                    labels.join("/")
                };
                Some(Hint {
                    keys,
                    label,
                    moves_agenda: actions.iter().any(|a| a.moves_agenda()),
                })
            })
            .collect()
    }

    /// Help lines for a context: (keys, what they do), in the table's order. Runs of
    /// numbered "open" actions are merged into one line ("1–5").
    pub fn help_rows(&self, ctx: Context) -> Vec<(String, &'static str)> {
        let mut rows: Vec<(String, &'static str)> = Vec::new();
        let mut numbered: Vec<String> = Vec::new();
        let mut numbered_help = "";
        for &(c, _, action, help) in ACTIONS {
            if c != ctx {
                continue;
            }
            let labels: Vec<String> = self.keys(ctx, action).iter().map(Key::label).collect();
            if labels.is_empty() {
                continue;
            }
            if let Action::Open(_) | Action::Toggle(_) = action {
                numbered.extend(labels);
                numbered_help = help;
                continue;
            }
            rows.push((labels.join("  "), help));
        }
        if !numbered.is_empty() {
            rows.insert(0, (compress_digits(&numbered), numbered_help));
        }
        rows
    }
}

/// "1 2 3 4 5" → "1–5" when the keys are consecutive digits.
pub fn compress_digits(labels: &[String]) -> String {
    let digits: Option<Vec<u32>> = labels
        .iter()
        .map(|l| {
            let mut c = l.chars();
            match (c.next(), c.next()) {
                (Some(d), None) => d.to_digit(10),
                _ => None,
            }
        })
        .collect();
    match digits {
        Some(d) if d.len() > 2 && d.windows(2).all(|w| w[1] == w[0] + 1) => {
            format!("{}–{}", d[0], d[d.len() - 1])
        }
        _ => labels.join(" "),
    }
}

fn apply(
    keys: &mut HashMap<(Context, Action), Vec<Key>>,
    root: &DeTable<'_>,
    prefix: &str,
    errors: &mut Vec<Diagnostic>,
    origins: &mut Origins,
) {
    let contexts: Vec<&str> = Context::ALL.iter().map(|c| c.name()).collect();
    for (ctx_key, ctx_value) in root.iter() {
        let ctx_name: &str = ctx_key.get_ref();
        let Some(ctx) = Context::ALL.into_iter().find(|c| c.name() == ctx_name) else {
            errors.push(unknown(
                ctx_key,
                &format!("key section [{prefix}{ctx_name}]"),
                &contexts,
            ));
            continue;
        };
        let DeValue::Table(table) = ctx_value.get_ref() else {
            errors.push(
                Diagnostic::at(
                    ctx_value.span(),
                    format!("[{prefix}{ctx_name}] must be a table"),
                )
                .help(format!(
                    "write [{prefix}{ctx_name}] and then action = [\"key\", …] lines"
                )),
            );
            continue;
        };
        let names: Vec<&str> = ACTIONS.iter().filter(|a| a.0 == ctx).map(|a| a.1).collect();
        for (action_key, value) in table.iter() {
            let action_name: &str = action_key.get_ref();
            let Some(&(_, _, action, _)) =
                ACTIONS.iter().find(|a| a.0 == ctx && a.1 == action_name)
            else {
                errors.push(unknown(
                    action_key,
                    &format!("action `{action_name}` in [{prefix}{ctx_name}]"),
                    &names,
                ));
                continue;
            };
            if let Some(list) = key_list(value, errors) {
                keys.insert((ctx, action), list);
                origins.insert((ctx, action), value.span());
            }
        }
    }
}

fn unknown(key: &Spanned<std::borrow::Cow<'_, str>>, what: &str, known: &[&str]) -> Diagnostic {
    let name: &str = key.get_ref();
    let help = match closest(name, known.iter().copied()) {
        Some(g) => format!("did you mean `{g}`? Known here: {}", known.join(", ")),
        None => format!("known here: {}", known.join(", ")),
    };
    Diagnostic::at(key.span(), format!("unknown {what}")).help(help)
}

fn key_list(value: &Spanned<DeValue<'_>>, errors: &mut Vec<Diagnostic>) -> Option<Vec<Key>> {
    let one = |v: &Spanned<DeValue<'_>>, errors: &mut Vec<Diagnostic>| -> Option<Key> {
        let parsed = v.get_ref().as_str().and_then(Key::parse);
        if parsed.is_none() {
            let shown = v
                .get_ref()
                .as_str()
                .map(crate::text::printable)
                .unwrap_or_default();
            errors.push(
                Diagnostic::at(v.span(), format!("`{shown}` is not a key name"))
                    .help("use a character (\"q\"), or space, enter, esc, tab, left, right, up, down, pageup, f1…f12, with ctrl- or alt- in front if needed"),
            );
        }
        parsed
    };
    match value.get_ref() {
        DeValue::String(_) => one(value, errors).map(|k| vec![k]),
        DeValue::Array(items) => {
            let list: Vec<Option<Key>> = items.iter().map(|v| one(v, errors)).collect();
            list.into_iter().collect()
        }
        _ => {
            errors.push(
                Diagnostic::at(value.span(), "keys must be a list of key names")
                    .help("write it like next-segment = [\"right\", \"l\"]"),
            );
            None
        }
    }
}

/// A key bound twice in one context, or shadowing an `everywhere` key, is an error.
fn conflicts(
    keys: &HashMap<(Context, Action), Vec<Key>>,
    origins: &Origins,
    errors: &mut Vec<Diagnostic>,
) {
    let name = |ctx: Context, action: Action| {
        ACTIONS
            .iter()
            .find(|a| a.0 == ctx && a.2 == action)
            .map_or("?", |a| a.1)
    };
    for ctx in Context::ALL {
        let mut seen: Vec<(Key, Action)> = Vec::new();
        // In table order, so the message names the same pair every time.
        for &(c, _, action, _) in ACTIONS.iter().filter(|a| a.0 == ctx) {
            for &key in keys.get(&(c, action)).map_or(&[][..], Vec::as_slice) {
                let clash = seen
                    .iter()
                    .find(|(k, a)| *k == key && *a != action)
                    .map(|&(_, a)| (ctx, a))
                    .or_else(|| {
                        ctx.falls_through()
                            .then(|| {
                                ACTIONS
                                    .iter()
                                    .filter(|e| e.0 == Context::Everywhere)
                                    .find(|e| {
                                        keys.get(&(Context::Everywhere, e.2))
                                            .is_some_and(|l| l.contains(&key))
                                    })
                                    .map(|e| (Context::Everywhere, e.2))
                            })
                            .flatten()
                    });
                if let Some((other_ctx, other)) = clash {
                    let span = origins
                        .get(&(ctx, action))
                        .or_else(|| origins.get(&(other_ctx, other)))
                        .cloned()
                        .unwrap_or(0..0);
                    errors.push(
                        Diagnostic::at(
                            span,
                            format!(
                                "key {} is bound to both `{}` in [keys.{}] and `{}` in [keys.{}]",
                                key.label(),
                                name(ctx, action),
                                ctx.name(),
                                name(other_ctx, other),
                                other_ctx.name()
                            ),
                        )
                        .help(format!(
                            "give one of them another key: take {} out of `{}` here, or set `{}` in [keys.{}] to another",
                            key.label(),
                            name(ctx, action),
                            name(other_ctx, other),
                            other_ctx.name()
                        )),
                    );
                }
                seen.push((key, action));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_keys_load_without_conflicts() {
        let map = Keymap::defaults().map_err(|r| r.to_string());
        let map = map.expect("defaults load");
        let q = Key::parse("q").expect("q");
        assert_eq!(map.action(Context::Agenda, q), Some(Action::Quit));
        assert_eq!(map.action(Context::Help, q), Some(Action::Close));
        let space = Key::parse("space").expect("space");
        assert_eq!(map.action(Context::Agenda, space), Some(Action::StartPause));
        assert_eq!(map.action(Context::Groupings, space), None);
    }

    #[test]
    fn every_action_in_the_table_has_a_default_key() {
        let map = Keymap::defaults()
            .map_err(|r| r.to_string())
            .expect("defaults");
        for &(ctx, name, action, _) in ACTIONS {
            assert!(
                !map.keys(ctx, action).is_empty(),
                "{}.{name} has no key",
                ctx.name()
            );
        }
    }

    /// A footer entry naming an action its screen does not have would silently vanish.
    #[test]
    fn every_footer_entry_names_actions_its_screen_has() {
        for &(ctx, names, label) in FOOTER {
            for name in names {
                assert!(
                    !footer_actions(ctx, &[name]).is_empty(),
                    "footer of [{}] names {name:?} ({label}), which is not an action there",
                    ctx.name()
                );
            }
        }
    }

    #[test]
    fn key_names_parse_and_label() {
        let cases = [
            ("q", "q"),
            ("P", "P"),
            ("space", "Space"),
            ("ctrl-c", "Ctrl-C"),
            ("Ctrl-Alt-x", "Ctrl-Alt-X"),
            ("f5", "F5"),
            ("backtab", "Shift-Tab"),
            ("-", "−"),
            ("right", "→"),
        ];
        for (name, label) in cases {
            assert_eq!(
                Key::parse(name).map(|k| k.label()),
                Some(label.to_owned()),
                "{name}"
            );
        }
        for bad in [
            "", "ctrl-", "f13", "spacebar", "\u{1b}", "\u{202e}", "\u{301}", "\u{200b}",
        ] {
            assert_eq!(Key::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn help_rows_merge_numbered_keys() {
        let map = Keymap::defaults()
            .map_err(|r| r.to_string())
            .expect("defaults");
        let rows = map.help_rows(Context::Groupings);
        assert_eq!(
            rows[0],
            ("1–5".to_owned(), "open that grouping full-screen")
        );
    }
}

//! What an event keeps: notes, actions and their statuses, drafts being typed, and the
//! summaries `thrive events` lists. Plain data; the store reads and writes it.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

pub use super::capture::ActionFields;
use super::capture::{self, Tags};
use crate::thrive::{Grouping, Principle};

pub use crate::ids::{ActionId, EventId, NoteId};

/// The most one note may hold: pages of speech, and a bound on what the screens lay out.
pub const MAX_NOTE_CHARS: usize = 20_000;

/// One run of a script, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventInfo {
    pub id: EventId,
    pub title: String,
    pub site: String,
    pub series: Option<String>,
    /// The day it is for: the script's date (or, run on another day, that day).
    pub date: NaiveDate,
    pub created_at: NaiveDateTime,
    /// A run before the day: marked everywhere, never part of the series.
    pub rehearsal: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: NoteId,
    pub created_at: NaiveDateTime,
    pub updated_at: Option<NaiveDateTime>,
    /// The segment running (or next) when it was taken.
    pub segment_id: Option<String>,
    pub text: String,
}

impl Note {
    pub fn tags(&self) -> Tags {
        capture::tags(&self.text)
    }

    /// Tagged `#private`: never in the room, the report or the exports for others.
    pub fn is_private(&self) -> bool {
        capture::is_private(&self.text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Open,
    Doing,
    Done,
    Dropped,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Open, Status::Doing, Status::Done, Status::Dropped];

    pub fn name(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Doing => "doing",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }

    /// Shown beside the word, never instead of it.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::Open => "○",
            Status::Doing => "◐",
            Status::Done => "✓",
            Status::Dropped => "✗",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.name() == s)
    }

    /// The status one key press moves to: open → doing → done → dropped → open.
    pub fn next(self) -> Status {
        crate::thrive::cycled(&Status::ALL, self as usize, 1)
    }

    pub fn is_open(self) -> bool {
        matches!(self, Status::Open | Status::Doing)
    }
}

/// How many actions stand at each status: the one count of actions every screen and file
/// shows. "Open" is the status alone; open and doing together are "to do".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActionCounts([usize; 4]);

impl ActionCounts {
    pub fn of(statuses: impl IntoIterator<Item = Status>) -> ActionCounts {
        let mut c = ActionCounts::default();
        for s in statuses {
            c.0[s as usize] += 1;
        }
        c
    }

    pub fn get(&self, status: Status) -> usize {
        self.0[status as usize]
    }

    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }

    /// Still to do: open or doing.
    pub fn to_do(&self) -> usize {
        Status::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| self.get(*s))
            .sum()
    }

    /// "6 open · 1 doing · 1 done · 1 dropped", every status, joined by `sep`.
    pub fn summary(&self, sep: &str) -> String {
        Status::ALL
            .iter()
            .map(|s| format!("{} {}", self.get(*s), s.name()))
            .collect::<Vec<_>>()
            .join(sep)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub id: ActionId,
    pub event_id: EventId,
    pub created_at: NaiveDateTime,
    pub updated_at: Option<NaiveDateTime>,
    pub text: String,
    pub owners: Vec<String>,
    pub due: Option<NaiveDate>,
    pub status: Status,
    pub segment_id: Option<String>,
    pub grouping: Option<Grouping>,
    pub principle: Option<Principle>,
    /// The action of an earlier event this one carries on.
    pub carried_from: Option<ActionId>,
}

impl Action {
    /// Still to do and past its date.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.status.is_open() && self.due.is_some_and(|d| d < today)
    }

    /// The one line the edit field starts from; it reads back into the same fields.
    pub fn line(&self) -> String {
        capture::format_action(&self.fields())
    }

    pub fn fields(&self) -> ActionFields {
        ActionFields {
            text: self.text.clone(),
            owners: self.owners.clone(),
            due: self.due,
            grouping: self.grouping,
            principle: self.principle,
        }
    }

    /// "@priya @sam", or "—" with no owner.
    pub fn owners_text(&self) -> String {
        owners_text(&self.owners)
    }
}

/// "@priya @sam", or "—" with no owner; an owner who is a name shows as the name
/// (`Dr Okafor`).
pub fn owners_text(owners: &[String]) -> String {
    if owners.is_empty() {
        return "—".into();
    }
    owners
        .iter()
        .map(|o| {
            if o.contains(' ') {
                o.clone()
            } else {
                format!("@{o}")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Owners as one text in the store: handles separated by spaces, as they always were; a
/// list with a name of several words in it is separated by `;` instead.
pub fn owners_to_store(owners: &[String]) -> String {
    if owners.iter().any(|o| o.contains(char::is_whitespace)) {
        format!("{};", owners.join(";"))
    } else {
        owners.join(" ")
    }
}

/// The owners [`owners_to_store`] wrote.
pub fn owners_from_store(text: &str) -> Vec<String> {
    if text.contains(';') {
        text.split(';')
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(str::to_owned)
            .collect()
    } else {
        text.split_whitespace().map(str::to_owned).collect()
    }
}

/// What a review of last time's actions decides for one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Done,
    /// Still open: carried into this event.
    Kept,
    Dropped,
}

impl Decision {
    pub fn name(self) -> &'static str {
        match self {
            Decision::Done => "done",
            Decision::Kept => "kept",
            Decision::Dropped => "dropped",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Decision::Done => "✓",
            Decision::Kept => "→",
            Decision::Dropped => "✗",
        }
    }
}

/// Where an action of last time stands: decided here (`✓ done`, `→ kept`, `✗ dropped`) or,
/// not yet, at its own status (`○ still open`, `◐ still doing`). One wording for the review
/// screen and the report.
pub fn standing(status: Status, decision: Option<Decision>) -> String {
    match decision {
        Some(d) => format!("{} {}", d.symbol(), d.name()),
        None => format!("{} still {}", status.symbol(), status.name()),
    }
}

/// Where text being typed belongs; one draft is kept per slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DraftSlot {
    NewNote,
    EditNote(NoteId),
    NewAction,
    EditAction(ActionId),
    /// The one-line "add a service" field of the map. (The service form keeps no draft:
    /// it is closed only by saving or by Esc, which says nothing changed.)
    NewService,
    /// The evidence for one cell of the assessment.
    Rationale(crate::thrive::Principle, crate::thrive::Level),
}

impl DraftSlot {
    pub fn key(self) -> String {
        match self {
            DraftSlot::NewNote => "note".into(),
            DraftSlot::EditNote(id) => format!("note:{id}"),
            DraftSlot::NewAction => "action".into(),
            DraftSlot::EditAction(id) => format!("action:{id}"),
            DraftSlot::NewService => "service".into(),
            DraftSlot::Rationale(p, l) => format!("rationale:{}:{}", p.slug(), l.slug()),
        }
    }

    pub fn from_key(key: &str) -> Option<DraftSlot> {
        match key.split_once(':') {
            None if key == "note" => Some(DraftSlot::NewNote),
            None if key == "action" => Some(DraftSlot::NewAction),
            None if key == "service" => Some(DraftSlot::NewService),
            Some(("note", id)) => id.parse().ok().map(DraftSlot::EditNote),
            Some(("action", id)) => id.parse().ok().map(DraftSlot::EditAction),
            Some(("rationale", cell)) => {
                let (p, l) = cell.split_once(':')?;
                Some(DraftSlot::Rationale(
                    crate::thrive::Principle::parse(p)?,
                    crate::thrive::Level::from_slug(l)?,
                ))
            }
            _ => None,
        }
    }

    pub fn is_note(self) -> bool {
        matches!(self, DraftSlot::NewNote | DraftSlot::EditNote(_))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The console that was typing it.
    pub console: String,
    pub slot: DraftSlot,
    pub text: String,
    pub saved_at: NaiveDateTime,
}

/// One line of `thrive events`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventSummary {
    pub id: EventId,
    pub date: NaiveDate,
    pub site: String,
    pub title: String,
    pub series: Option<String>,
    pub notes: i64,
    pub actions: i64,
    /// Actions still to do (open or doing) and not carried on to a later event: each counted
    /// once in a series, where it now lives.
    pub open_actions: i64,
    pub rehearsal: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One count of actions for every screen and file: each status by its own name, dropped
    /// included, and "to do" for open and doing together.
    #[test]
    fn action_counts_name_every_status_and_to_do_is_open_and_doing() {
        use Status::*;
        let c = ActionCounts::of([Open, Open, Doing, Done, Dropped, Open]);
        assert_eq!(c.summary(" · "), "3 open · 1 doing · 1 done · 1 dropped");
        assert_eq!((c.to_do(), c.total()), (4, 6));
        assert_eq!(standing(Doing, None), "◐ still doing");
        assert_eq!(standing(Open, None), "○ still open");
        assert_eq!(standing(Open, Some(Decision::Kept)), "→ kept");
    }

    #[test]
    fn statuses_cycle_with_one_key_and_read_back() {
        assert_eq!(Status::Open.next(), Status::Doing);
        assert_eq!(Status::Dropped.next(), Status::Open);
        for s in Status::ALL {
            assert_eq!(Status::parse(s.name()), Some(s));
        }
    }

    #[test]
    fn draft_slots_read_back() {
        for slot in [
            DraftSlot::NewNote,
            DraftSlot::EditNote(NoteId(7)),
            DraftSlot::NewAction,
            DraftSlot::EditAction(ActionId(12)),
            DraftSlot::NewService,
            DraftSlot::Rationale(
                crate::thrive::Principle::OutcomeInformed,
                crate::thrive::Level::Individual,
            ),
        ] {
            assert_eq!(DraftSlot::from_key(&slot.key()), Some(slot));
        }
        assert_eq!(DraftSlot::from_key("note:x"), None);
        assert_eq!(DraftSlot::from_key("rationale:kindness:services"), None);
    }
}

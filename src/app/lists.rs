//! The notes, actions and review screens' state: selection, filter and sort, and the
//! filtered, sorted order derived from the record. It is recomputed in `update` whenever the
//! record or a filter changes, so drawing a frame never sorts or searches 5,000 actions.

use chrono::NaiveDate;

use super::Model;
use crate::event::record::{Action, ActionId, Note, NoteId, Status};
use crate::thrive::{Grouping, Principle};

#[derive(Debug, Clone, Default)]
pub struct NotesView {
    /// Position in `visible`.
    pub cursor: usize,
    pub filter: String,
    /// Indices into the record's notes that pass the filter, oldest first.
    pub visible: Vec<usize>,
    selected: Option<NoteId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Due,
    Owner,
    Status,
    Added,
}

impl SortBy {
    pub fn name(self) -> &'static str {
        match self {
            SortBy::Due => "due date",
            SortBy::Owner => "owner",
            SortBy::Status => "status",
            SortBy::Added => "when added",
        }
    }

    pub fn next(self) -> SortBy {
        crate::thrive::cycled(
            &[SortBy::Due, SortBy::Owner, SortBy::Status, SortBy::Added],
            self as usize,
            1,
        )
    }
}

#[derive(Debug, Clone, Default)]
pub struct ActionsView {
    pub cursor: usize,
    pub filter: String,
    pub sort: SortBy,
    /// Indices into the record's actions that pass the filter, in the sort order.
    pub order: Vec<usize>,
    selected: Option<ActionId>,
}

impl NotesView {
    /// Moves the selection to `id` at the next refresh (a note just written).
    pub fn select(&mut self, id: NoteId) {
        self.selected = Some(id);
    }
}

impl ActionsView {
    /// Keeps `id` selected through the next refresh (a new action, say).
    pub fn select(&mut self, id: ActionId) {
        self.selected = Some(id);
    }
}

#[derive(Debug, Clone, Default)]
pub struct ReviewView {
    pub cursor: usize,
}

/// One word of a filter. Several words must all match.
enum Term {
    Tag(Option<Grouping>, Option<Principle>, String),
    Owner(String),
    Status(Status),
    Overdue,
    Text(String),
}

fn terms(filter: &str) -> Vec<Term> {
    filter
        .split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            if let Some(tag) = lower.strip_prefix('#') {
                let grouping = Grouping::parse(tag);
                let principle = if grouping.is_none() {
                    Principle::parse(tag)
                } else {
                    None
                };
                Term::Tag(grouping, principle, lower.clone())
            } else if let Some(owner) = lower.strip_prefix('@').filter(|o| !o.is_empty()) {
                Term::Owner(owner.to_owned())
            } else if lower == "overdue" {
                Term::Overdue
            } else if let Some(s) = Status::parse(&lower) {
                Term::Status(s)
            } else {
                Term::Text(lower)
            }
        })
        .collect()
}

fn note_matches(note: &Note, terms: &[Term]) -> bool {
    let text = note.text.to_lowercase();
    let tags = note.tags();
    terms.iter().all(|t| match t {
        Term::Tag(Some(g), _, _) => tags.groupings.contains(g),
        Term::Tag(None, Some(p), _) => tags.principles.contains(p),
        Term::Tag(None, None, raw) => text.contains(raw.as_str()),
        Term::Owner(o) => text.contains(&format!("@{o}")),
        Term::Status(s) => text.contains(s.name()),
        Term::Overdue => text.contains("overdue"),
        Term::Text(w) => text.contains(w.as_str()),
    })
}

fn action_matches(action: &Action, terms: &[Term], today: NaiveDate) -> bool {
    let text = action.text.to_lowercase();
    terms.iter().all(|t| match t {
        Term::Tag(Some(g), _, _) => action.grouping == Some(*g),
        Term::Tag(None, Some(p), _) => action.principle == Some(*p),
        Term::Tag(None, None, raw) => text.contains(raw.as_str()),
        Term::Owner(o) => action
            .owners
            .iter()
            .any(|a| a.to_lowercase().starts_with(o.as_str())),
        Term::Status(s) => action.status == *s,
        Term::Overdue => action.overdue(today),
        Term::Text(w) => {
            text.contains(w.as_str())
                || action
                    .owners
                    .iter()
                    .any(|a| a.to_lowercase().contains(w.as_str()))
        }
    })
}

impl Model {
    /// Recomputes the screens' filtered and sorted orders, keeping each selection on the same
    /// note or action where it still shows.
    pub(super) fn refresh_lists(&mut self) {
        let today = self.now.date();
        let record = &self.record;

        let notes = &mut self.notes_view;
        let keep = notes.selected.take().or_else(|| {
            notes
                .visible
                .get(notes.cursor)
                .and_then(|&i| record.notes.get(i))
                .map(|n| n.id)
        });
        let t = terms(&notes.filter);
        notes.visible = (0..record.notes.len())
            .filter(|&i| note_matches(&record.notes[i], &t))
            .collect();
        notes.cursor = keep
            .and_then(|id| notes.visible.iter().position(|&i| record.notes[i].id == id))
            .unwrap_or(notes.visible.len().saturating_sub(1));

        let actions = &mut self.actions_view;
        let keep = actions.selected.take().or_else(|| {
            actions
                .order
                .get(actions.cursor)
                .and_then(|&i| record.actions.get(i))
                .map(|a| a.id)
        });
        let t = terms(&actions.filter);
        let mut order: Vec<usize> = (0..record.actions.len())
            .filter(|&i| action_matches(&record.actions[i], &t, today))
            .collect();
        let list = &record.actions;
        let owner = |a: &Action| a.owners.first().map(|o| o.to_lowercase());
        match actions.sort {
            // Undated last: a date is a promise, so those come first.
            SortBy::Due => order.sort_by_key(|&i| (list[i].due.is_none(), list[i].due, list[i].id)),
            SortBy::Owner => order.sort_by_key(|&i| {
                (
                    owner(&list[i]).is_none(),
                    owner(&list[i]),
                    list[i].due,
                    list[i].id,
                )
            }),
            SortBy::Status => order.sort_by_key(|&i| {
                (
                    list[i].status,
                    list[i].due.is_none(),
                    list[i].due,
                    list[i].id,
                )
            }),
            SortBy::Added => order.sort_by_key(|&i| list[i].id),
        }
        actions.order = order;
        actions.cursor = keep
            .and_then(|id| {
                actions
                    .order
                    .iter()
                    .position(|&i| record.actions[i].id == id)
            })
            .unwrap_or(0)
            .min(actions.order.len().saturating_sub(1));

        self.review_view.cursor = self
            .review_view
            .cursor
            .min(self.record.review.len().saturating_sub(1));
    }

    pub fn selected_note(&self) -> Option<&Note> {
        let i = *self.notes_view.visible.get(self.notes_view.cursor)?;
        self.record.notes.get(i)
    }

    pub fn selected_action(&self) -> Option<&Action> {
        let i = *self.actions_view.order.get(self.actions_view.cursor)?;
        self.record.actions.get(i)
    }
}

/// Where a list's cursor goes for a movement key; other keys leave it.
pub(super) fn moved(action: super::keymap::Action, cursor: usize, len: usize) -> usize {
    use super::keymap::Action;
    match action {
        Action::Up => step(cursor, len, -1),
        Action::Down => step(cursor, len, 1),
        Action::PageUp => step(cursor, len, -10),
        Action::PageDown => step(cursor, len, 10),
        Action::First => 0,
        Action::Last => len.saturating_sub(1),
        _ => cursor,
    }
}

/// Moves a cursor in a list of `len` by `step`, clamped to the ends.
pub(super) fn step(cursor: usize, len: usize, step: isize) -> usize {
    if len == 0 {
        return 0;
    }
    (cursor as isize + step).clamp(0, len as isize - 1) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_words_read_as_tags_owners_statuses_and_text() {
        let t = terms("#2 @Pri overdue done nurses #tier3");
        assert!(matches!(
            t[0],
            Term::Tag(Some(Grouping::GettingAdvice), None, _)
        ));
        assert!(matches!(&t[1], Term::Owner(o) if o == "pri"));
        assert!(matches!(t[2], Term::Overdue));
        assert!(matches!(t[3], Term::Status(Status::Done)));
        assert!(matches!(&t[4], Term::Text(w) if w == "nurses"));
        assert!(matches!(&t[5], Term::Tag(None, None, raw) if raw == "#tier3"));
    }

    #[test]
    fn cursor_steps_stop_at_the_ends() {
        assert_eq!(step(0, 5, -1), 0);
        assert_eq!(step(4, 5, 10), 4);
        assert_eq!(step(2, 0, 1), 0);
    }
}

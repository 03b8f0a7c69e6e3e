//! Text being typed: a note (several lines), an action (one line), or a filter. The editor
//! holds the text until it is saved, so a failed save never loses a word, and says when its
//! draft was last written to the store.

use chrono::NaiveDateTime;
use ratatui_textarea::TextArea;

use crate::event::record::DraftSlot;

/// What the text is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A note or an action, new or being edited; drafted as it is typed.
    Record(DraftSlot),
    /// The filter of one list; applied as it is typed, never drafted.
    Filter(List),
    /// The folder an export goes in.
    Folder,
    /// A candidate typed at the vote, and a voter added there; one line each.
    Candidate,
    Voter,
}

/// A list a filter narrows: the field knows which, whatever screen is behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Notes,
    Actions,
    Map,
}

#[derive(Debug, Clone)]
pub struct Editor {
    pub purpose: Purpose,
    pub area: TextArea<'static>,
    /// When the text last changed without that change being in the stored draft.
    pub unsaved_since: Option<NaiveDateTime>,
    pub last_change: Option<NaiveDateTime>,
    /// When the draft was last written, for the editor's footer.
    pub draft_saved_at: Option<NaiveDateTime>,
    /// Why the last save did not happen, or what could not be read; shown under the text.
    pub problem: Option<String>,
    /// The text it opened with: put away unchanged, it leaves no draft behind.
    pub original: String,
    /// Enter was pressed while the database was locked: saved by itself when it is free,
    /// unless the text is changed first.
    pub waiting: bool,
    /// The private key took a note's `#private` tag off: it is meant to be public now.
    /// (A tag lost by editing the text alone is put back at save.)
    pub made_public: bool,
}

impl Editor {
    pub fn new(purpose: Purpose, text: &str) -> Editor {
        let lines: Vec<String> = if text.is_empty() {
            vec![String::new()]
        } else {
            text.split('\n').map(str::to_owned).collect()
        };
        let mut area = TextArea::new(lines);
        area.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        Editor {
            purpose,
            area,
            unsaved_since: None,
            last_change: None,
            draft_saved_at: None,
            problem: None,
            original: text.to_owned(),
            waiting: false,
            made_public: false,
        }
    }

    pub fn changed(&self) -> bool {
        self.text() != self.original
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// Notes take several lines; actions and filters are one line.
    pub fn multiline(&self) -> bool {
        matches!(self.purpose, Purpose::Record(slot) if slot.is_note())
    }

    pub fn slot(&self) -> Option<DraftSlot> {
        match self.purpose {
            Purpose::Record(slot) => Some(slot),
            Purpose::Filter(_) | Purpose::Folder | Purpose::Candidate | Purpose::Voter => None,
        }
    }

    /// Records that the text changed at `now`.
    pub fn touched(&mut self, now: NaiveDateTime) {
        self.unsaved_since.get_or_insert(now);
        self.last_change = Some(now);
        self.problem = None;
    }

    /// Puts the `#private` tag on a note, or takes it off: the rest of the text as it was,
    /// the cursor at its end.
    pub fn toggle_private(&mut self) {
        self.made_public = crate::event::capture::is_private(&self.text());
        let text = crate::event::capture::toggle_private(&self.text());
        let lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        let mut area = TextArea::new(lines);
        area.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        self.area = area;
    }

    /// Pasted or typed text, cleaned of anything a terminal must not show: line breaks become
    /// spaces on a one-line field, tabs become spaces, controls are dropped.
    pub fn insert(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let multiline = self.multiline();
        let clean: String = text
            .chars()
            .filter_map(|c| match c {
                '\n' if multiline => Some('\n'),
                '\n' | '\t' => Some(' '),
                c if crate::text::is_unsafe(c) => None,
                c => Some(c),
            })
            .collect();
        self.area.insert_str(clean);
    }

    /// A draft is due when the text has waited half a second since the last key, or has been
    /// unsaved for a second and a half while typing goes on: either way it is in the store
    /// within two seconds of any keystroke.
    pub fn draft_due(&self, now: NaiveDateTime) -> bool {
        let (Some(first), Some(last)) = (self.unsaved_since, self.last_change) else {
            return false;
        };
        now - last >= chrono::TimeDelta::milliseconds(500)
            || now - first >= chrono::TimeDelta::milliseconds(1500)
    }

    pub fn draft_written(&mut self, now: NaiveDateTime) {
        self.unsaved_since = None;
        self.draft_saved_at = Some(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: u32, ms: u32) -> NaiveDateTime {
        let start = chrono::NaiveDate::from_ymd_opt(2026, 12, 3)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .expect("time");
        start + chrono::TimeDelta::milliseconds(i64::from(s) * 1000 + i64::from(ms))
    }

    #[test]
    fn paste_is_cleaned_for_the_field_it_lands_in() {
        let mut note = Editor::new(Purpose::Record(DraftSlot::NewNote), "");
        note.insert("line one\r\nline\ttwo\u{1b}[31m\u{202e}");
        assert_eq!(note.text(), "line one\nline two[31m");
        let mut action = Editor::new(Purpose::Record(DraftSlot::NewAction), "");
        action.insert("call\nthe ICB");
        assert_eq!(action.text(), "call the ICB");
    }

    #[test]
    fn a_draft_is_due_within_two_seconds_of_any_keystroke() {
        let mut e = Editor::new(Purpose::Record(DraftSlot::NewNote), "");
        assert!(!e.draft_due(at(0, 0)));
        // Typing without a pause: a key every 200 ms.
        for i in 0..8 {
            e.touched(at(0, 200 * i));
        }
        assert!(
            e.draft_due(at(1, 500)),
            "1.5 s of unsaved typing is written even mid-flow"
        );
        e.draft_written(at(1, 500));
        e.touched(at(2, 0));
        assert!(!e.draft_due(at(2, 300)));
        assert!(e.draft_due(at(2, 500)), "half a second after the last key");
    }
}

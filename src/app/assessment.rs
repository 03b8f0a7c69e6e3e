//! The assessment screen's state and keys: the 8 × 3 grid, a cell selected, a digit to score
//! it, Enter for its rationale. Every change is one write, and the earlier assessments of the
//! series are read when the event opens, for the change since the baseline.

use chrono::NaiveDateTime;

use super::keymap::{Action, Context};
use super::{Model, Unsaved};
pub use crate::event::assessment::Assessments;
use crate::event::assessment::{Cell, Level};
use crate::event::record::DraftSlot;
use crate::thrive::Principle;

/// Where the assessment's cursor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssessmentView {
    pub principle: Principle,
    pub level: Level,
    /// The room sees the selected cell's evidence (the facilitator chose to show it).
    pub showing: bool,
}

impl Default for AssessmentView {
    fn default() -> Self {
        AssessmentView {
            principle: Principle::CommonLanguage,
            level: Level::Commissioning,
            showing: false,
        }
    }
}

impl Model {
    /// The levels this event scores: the script's `levels`, else all three.
    pub fn levels(&self) -> Vec<Level> {
        self.script.levels()
    }

    /// The cursor on a level this event scores (a script may leave some out).
    pub(super) fn keep_assessment_cursor(&mut self) {
        let levels = self.levels();
        if !levels.contains(&self.assessment_view.level) {
            self.assessment_view.level = levels.first().copied().unwrap_or(Level::Services);
        }
    }

    /// Reads the assessments again (at open, and when another console changed one).
    pub(super) fn load_assessments(&mut self) {
        let Some(info) = self.record.event.clone() else {
            return;
        };
        let store = std::rc::Rc::clone(&self.store);
        if let Ok(now) = store.assessment(info.id) {
            self.record.assessments.now = now;
        }
        if let Ok(earlier) = store.earlier_assessments(&info) {
            self.record.assessments.earlier = earlier;
        }
    }

    /// Writes a cell; with `typed`, the evidence just typed, whose draft goes with it.
    fn set_cell(&mut self, p: Principle, l: Level, cell: Cell, typed: bool) -> Result<(), Unsaved> {
        let now: NaiveDateTime = self.now;
        let written = cell.clone();
        self.write(|s, e| {
            if typed {
                s.save_rationale(e, p, l, &written, now)
            } else {
                s.save_assessment_cell(e, p, l, &written, now)
            }
        })
        .map_err(|e| Unsaved::Refused(self.not_saved(&e)))?;
        if typed {
            self.record.drafts.remove(&DraftSlot::Rationale(p, l));
        }
        if cell.score.is_none() && cell.rationale.trim().is_empty() {
            self.record.assessments.now.cells.remove(&(p, l));
        } else {
            self.record.assessments.now.cells.insert((p, l), cell);
        }
        Ok(())
    }

    /// Saves the rationale typed for a cell, keeping its score.
    pub(super) fn save_rationale(
        &mut self,
        p: Principle,
        l: Level,
        text: &str,
    ) -> Result<(), Unsaved> {
        if crate::event::capture::is_private(text) {
            return Err(Unsaved::Refused(
                "the evidence may be shown to the room: take #private out, or write a private note (n)".into(),
            ));
        }
        let score = self.record.assessments.now.score(p, l);
        let rationale = text.split_whitespace().collect::<Vec<_>>().join(" ");
        self.set_cell(p, l, Cell { score, rationale }, true)?;
        self.say(format!(
            "✓ evidence saved · {} · {}",
            p.name(),
            l.short_name()
        ));
        Ok(())
    }
}

/// The assessment screen's keys.
pub(super) fn keys(model: &mut Model, action: Action) {
    model.keep_assessment_cursor();
    let levels = model.levels();
    let view = &mut model.assessment_view;
    let at = levels.iter().position(|&l| l == view.level).unwrap_or(0);
    match action {
        Action::Up => view.principle = view.principle.step(-1),
        Action::Down => view.principle = view.principle.step(1),
        Action::Left => view.level = levels[at.saturating_sub(1)],
        Action::Right => view.level = levels[(at + 1).min(levels.len() - 1)],
        Action::Score(n) => score(model, Some(n)),
        Action::ClearScore => score(model, None),
        Action::ShowEvidence => {
            view.showing = !view.showing;
            let key = model.hint(Context::Assessment, Action::ShowEvidence);
            model.say(if model.assessment_view.showing {
                format!("the room sees the selected cell's evidence · {key} hides it")
            } else {
                format!("the evidence stays on the console · {key} shows the room")
            });
        }
        Action::Edit => {
            let AssessmentView {
                principle, level, ..
            } = model.assessment_view;
            let text = model
                .record
                .assessments
                .now
                .rationale(principle, level)
                .to_owned();
            super::open_editor(model, DraftSlot::Rationale(principle, level), &text);
        }
        _ => {}
    }
}

fn score(model: &mut Model, score: Option<u8>) {
    let AssessmentView {
        principle, level, ..
    } = model.assessment_view;
    let rationale = model
        .record
        .assessments
        .now
        .rationale(principle, level)
        .to_owned();
    match model.set_cell(principle, level, Cell { score, rationale }, false) {
        Ok(()) => model.say(match score {
            Some(s) => format!(
                "{} · {}: {s} — {}",
                principle.name(),
                level.short_name(),
                crate::event::assessment::meaning(s)
            ),
            None => format!("{} · {}: not scored", principle.name(), level.short_name()),
        }),
        Err(e) => model.say(e.to_string()),
    }
}

//! Two consoles saving one record at once. A save carries what its edit started from; the
//! store refuses it when another console changed the same field since (or deleted the
//! record), and the person whose save came second chooses: keep mine, keep theirs, or both
//! (theirs kept, mine written beside it in the record's text). Nothing typed is lost on the
//! way: Esc goes back to the text.

use super::{Layer, Model};
use crate::event::record::{ActionFields, ActionId, NoteId};
use crate::event::store::{Check, Clash, StoreError};
use crate::map::{ServiceFields, ServiceId};

/// What was being saved, with what its edit started from and what was typed.
#[derive(Debug, Clone)]
pub enum Target {
    Note {
        id: NoteId,
        before: String,
        mine: String,
    },
    Action {
        id: ActionId,
        before: ActionFields,
        mine: ActionFields,
    },
    Service {
        id: ServiceId,
        before: Box<ServiceFields>,
        mine: Box<ServiceFields>,
    },
}

/// The question on screen while a clash is open.
#[derive(Debug, Clone)]
pub struct Question {
    pub target: Target,
    /// The fields both changed; empty when the other console deleted the record.
    pub clashes: Vec<Clash>,
    pub gone: bool,
}

impl Question {
    /// "this note", "this action", "“Kooth”".
    pub fn what(&self) -> String {
        match &self.target {
            Target::Note { .. } => "this note".into(),
            Target::Action { .. } => "this action".into(),
            Target::Service { before, .. } => {
                format!("“{}”", crate::text::cut_to_width(&before.name, 40))
            }
        }
    }
}

/// The answer chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Mine,
    Theirs,
    Both,
}

impl Model {
    /// A save refused because of another console: ask, unless the error was another kind
    /// (then the caller says it as usual). True when the question is now open.
    pub(super) fn ask_clash(&mut self, target: Target, e: &StoreError) -> bool {
        let (clashes, gone) = match e {
            StoreError::Changed(c) => (c.clone(), false),
            StoreError::Gone => (Vec::new(), true),
            _ => return false,
        };
        // Over the field being saved, which the caller puts back just under it.
        self.push(Layer::Clash(Box::new(Question {
            target,
            clashes,
            gone,
        })));
        // Behind the question, the lists show what the other console wrote.
        self.sync_now();
        true
    }

    /// Writes the answer; a save that clashes again (a third change in the meantime) asks
    /// again.
    pub(super) fn answer_clash(&mut self, answer: Answer) {
        let Some(Layer::Clash(q)) = self.pop() else {
            return;
        };
        let q = *q;
        let now = self.now;
        let gone = q.gone;
        if answer == Answer::Theirs {
            self.say(if gone {
                format!("{} stays deleted; yours was let go", q.what())
            } else {
                "kept theirs; yours was let go".to_owned()
            });
            self.close_field();
            self.sync_now();
            return;
        }
        match q.target.clone() {
            Target::Note { mine, .. } if gone => match self.add_note(&mine) {
                Ok(()) => self.close_field(),
                Err(problem) => self.reopen_clash(q, problem.to_string()),
            },
            Target::Note { id, before, mine } => {
                let text = match (answer, q.clashes.first()) {
                    (Answer::Both, Some(c)) => format!("{}\n{mine}", c.theirs),
                    _ => mine,
                };
                let result =
                    self.write(|s, e| s.update_note(e, id, &before, &text, now, Check::Overwrite));
                match result {
                    Ok(()) => {
                        self.say("✓ note saved");
                        self.close_field();
                        self.sync_now();
                    }
                    Err(e) => self.reopen_clash(q, self.not_saved(&e)),
                }
            }
            Target::Action { mine, .. } if gone => {
                let segment = self.segment_id();
                match self.write(|s, e| s.add_action(e, &mine, segment.as_deref(), now)) {
                    Ok(_) => {
                        self.say("✓ saved as a new action");
                        self.close_field();
                        self.sync_now();
                    }
                    Err(e) => self.reopen_clash(q, self.not_saved(&e)),
                }
            }
            Target::Action { id, before, mine } => {
                let mut after = mine.clone();
                if answer == Answer::Both {
                    let Ok(current) = self.store.action(id).map(|a| a.fields()) else {
                        return self.reopen_clash(q, "could not read it again".into());
                    };
                    after = both_action(&before, &current, &mine, &q.clashes);
                }
                let result = self
                    .write(|s, e| s.update_action(e, id, &before, &after, now, Check::Overwrite));
                match result {
                    Ok(_) => {
                        self.say("✓ action saved");
                        self.close_field();
                        self.sync_now();
                    }
                    Err(e) => self.reopen_clash(q, self.not_saved(&e)),
                }
            }
            Target::Service { mine, .. } if gone => {
                match self.write(|s, e| s.add_service(e, &mine, now)) {
                    Ok(service) => {
                        self.map_view.select(service.id);
                        self.say("✓ saved as a new service");
                        self.close_field();
                        self.sync_now();
                    }
                    Err(e) => self.reopen_clash(q, self.not_saved(&e)),
                }
            }
            Target::Service { id, before, mine } => {
                let mut after = (*mine).clone();
                if answer == Answer::Both {
                    let Ok(current) = self.store.service(id).map(|s| s.fields) else {
                        return self.reopen_clash(q, "could not read it again".into());
                    };
                    after = both_service(&before, &current, &mine, &q.clashes);
                }
                let result =
                    self.write(|s, _| s.save_service(id, &before, &after, now, Check::Overwrite));
                match result {
                    Ok(service) => {
                        self.map_view.select(service.id);
                        self.say(format!(
                            "✓ {} saved",
                            crate::text::cut_to_width(&service.fields.name, 40)
                        ));
                        self.close_field();
                        self.sync_now();
                    }
                    Err(e) => self.reopen_clash(q, self.not_saved(&e)),
                }
            }
        }
    }

    /// Esc: back to the text as typed, to change it and save again.
    pub(super) fn back_from_clash(&mut self) {
        let Some(Layer::Clash(q)) = self.pop() else {
            return;
        };
        let save = self.hint(super::keymap::Context::Editor, super::keymap::Action::Save);
        let problem = if q.gone {
            format!("deleted in another console meanwhile — {save} saves it as new")
        } else {
            "changed in another console meanwhile — theirs is on the list".to_owned()
        };
        match self.layers.last_mut() {
            Some(Layer::Editor(editor)) => {
                // Saving again compares with what the other console wrote: it is seen now.
                if let (Target::Note { .. }, Some(c)) = (&q.target, q.clashes.first()) {
                    editor.original = c.theirs.clone();
                }
                editor.problem = Some(problem);
            }
            Some(Layer::Form(form)) => {
                form.problem = Some("changed in another console meanwhile".into());
            }
            _ => {}
        }
        self.sync_now();
    }

    /// The answer is written: the field it was about closes.
    fn close_field(&mut self) {
        if !matches!(self.top(), Some(Layer::Editor(_) | Layer::Form(_))) {
            return;
        }
        // The edit is settled, whichever way: its draft goes, or it would come back as a
        // recovered draft at the next start and be saved twice.
        if let Some(Layer::Editor(editor)) = self.pop()
            && let Some(slot) = editor.slot()
        {
            self.discard_draft(slot);
        }
    }

    fn reopen_clash(&mut self, q: Question, problem: String) {
        self.say(problem);
        self.push(Layer::Clash(Box::new(q)));
    }
}

/// Theirs in every field both changed, and this console's words for those fields added to
/// the action's text, so nothing either typed is lost.
fn both_action(
    before: &ActionFields,
    current: &ActionFields,
    mine: &ActionFields,
    clashes: &[Clash],
) -> ActionFields {
    let mut after = mine.clone();
    let mut also = Vec::new();
    for c in clashes {
        match c.field {
            "text" => after.text = current.text.clone(),
            "owner" => after.owners = current.owners.clone(),
            "due" => after.due = current.due,
            "grouping" => after.grouping = current.grouping,
            "principle" => after.principle = current.principle,
            _ => {}
        }
        also.push(if c.field == "text" {
            c.mine.clone()
        } else {
            format!("{} {}", c.field, c.mine)
        });
    }
    let base = if after.text == before.text {
        &current.text
    } else {
        &after.text
    };
    after.text = format!("{base} (also: {})", also.join("; "));
    after
}

/// Theirs in every field both changed, and this console's values written into the
/// service's notes.
fn both_service(
    before: &ServiceFields,
    current: &ServiceFields,
    mine: &ServiceFields,
    clashes: &[Clash],
) -> ServiceFields {
    let mut after = mine.clone();
    let mut also = Vec::new();
    for c in clashes {
        match c.field {
            "name" => after.name = current.name.clone(),
            "provider" => after.provider = current.provider.clone(),
            "sector" => after.sector = current.sector.clone(),
            "ages" => after.ages = current.ages,
            "locality" => after.localities = current.localities.clone(),
            "route" => after.access_route = current.access_route.clone(),
            "notes" => after.notes = current.notes.clone(),
            _ => {}
        }
        if c.field == "notes" {
            also.push(c.mine.clone());
        } else {
            also.push(format!("{} also given as “{}”", c.field, c.mine));
        }
    }
    let base = if after.notes == before.notes {
        current.notes.clone()
    } else {
        after.notes.clone()
    };
    let sep = if base.trim().is_empty() { "" } else { "; " };
    after.notes = format!("{base}{sep}{}", also.join("; "));
    after
}

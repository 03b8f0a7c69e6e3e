//! The dot vote's state and keys: a candidate and a voter selected, a key for a dot and one to
//! take it back, the reveal, and the top priorities into actions. Candidates come from the
//! gaps, notes and actions screens (one key each) or are typed here.

use std::collections::BTreeSet;

use chrono::TimeDelta;

use super::editor::{Editor, Purpose};
use super::keymap::{Action, Context};
use super::{Layer, Model, Unsaved};
use crate::event::capture::ActionFields;
use crate::event::vote::{self, Candidate, Origin, Refused, Rules};
use crate::ids::CandidateId;

/// Where the vote's cursors are, and the candidates picked to become actions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VoteView {
    pub candidate: usize,
    pub voter: usize,
    pub picked: BTreeSet<CandidateId>,
}

impl Model {
    pub fn vote_rules(&self) -> Rules {
        self.script.vote_rules()
    }

    /// Every voter: the script's, then those added at the event.
    pub fn voters(&self) -> Vec<String> {
        self.record.vote.voters(&self.vote_rules())
    }

    /// Reads the vote again (at open, and when another console changed it).
    pub(super) fn load_vote(&mut self) {
        let Some(id) = self.record.event.as_ref().map(|e| e.id) else {
            return;
        };
        // The cursors stay on the same candidate and the same voter, by id and name: another
        // console's change can move them in the lists, and a dot must never land elsewhere.
        let candidate = self
            .record
            .vote
            .candidates
            .get(self.vote_view.candidate)
            .map(|c| c.id);
        let voter = self.voters().get(self.vote_view.voter).cloned();
        let store = std::rc::Rc::clone(&self.store);
        if let Ok(vote) = store.vote(id) {
            self.record.vote = vote;
        }
        let voters = self.voters();
        let view = &mut self.vote_view;
        let ids: BTreeSet<CandidateId> = self.record.vote.candidates.iter().map(|c| c.id).collect();
        view.picked.retain(|id| ids.contains(id));
        let candidates = &self.record.vote.candidates;
        view.candidate = candidate
            .and_then(|id| candidates.iter().position(|c| c.id == id))
            .unwrap_or(view.candidate)
            .min(candidates.len().saturating_sub(1));
        view.voter = voter
            .and_then(|name| voters.iter().position(|v| v.eq_ignore_ascii_case(&name)))
            .unwrap_or(view.voter)
            .min(voters.len().saturating_sub(1));
    }

    /// Adds a candidate unless one with the same words is there already (then selects it).
    fn add_candidate(&mut self, candidate: Candidate) {
        let text = candidate.text.trim().to_owned();
        if let Some(at) = self
            .record
            .vote
            .candidates
            .iter()
            .position(|c| c.text.eq_ignore_ascii_case(&text))
        {
            self.vote_view.candidate = at;
            self.say(format!(
                "already a candidate — {} shows the vote",
                self.hint(Context::Everywhere, Action::ShowPriorities)
            ));
            return;
        }
        let now = self.now;
        match self.write(|s, e| s.add_candidate(e, &candidate, now)) {
            Ok(id) => {
                self.record
                    .vote
                    .candidates
                    .push(Candidate { id, ..candidate });
                self.vote_view.candidate = self.record.vote.candidates.len() - 1;
                let key = self.hint(Context::Everywhere, Action::ShowPriorities);
                self.say_for(
                    format!(
                        "✓ candidate {}: {} · {key} for the vote",
                        self.record.vote.candidates.len(),
                        crate::text::cut_to_width(&text, 50)
                    ),
                    TimeDelta::seconds(8),
                );
            }
            Err(e) => self.say(self.not_saved(&e)),
        }
    }

    /// The gap selected on the coverage screen, as a candidate.
    pub(super) fn gap_to_candidate(&mut self) {
        let Some(gap) = self.selected_gap() else {
            self.say("this cell is not a gap: it has more than one service");
            return;
        };
        self.add_candidate(Candidate {
            id: CandidateId::default(),
            text: gap.sentence(),
            action_text: gap.action_text(),
            origin: Origin::Gap,
            grouping: Some(gap.grouping),
            ages: gap
                .ages
                .filter(|a| *a != crate::map::Ages::ALL)
                .map(|a| a.to_string()),
            locality: gap.locality.clone(),
            source: None,
            action: None,
        });
    }

    pub(super) fn note_to_candidate(&mut self) {
        let Some(note) = self.selected_note() else {
            self.say("no note selected");
            return;
        };
        if note.is_private() {
            self.say("a private note stays at the console: as a candidate the room would read it");
            return;
        }
        let tags = crate::event::capture::tags(&note.text);
        let text = one_line(&crate::event::capture::strip_tags(&note.text));
        if text.is_empty() {
            self.say("this note is only tags: there are no words to vote on");
            return;
        }
        let candidate = Candidate {
            id: CandidateId::default(),
            action_text: text.clone(),
            text,
            origin: Origin::Note,
            grouping: tags.groupings.first().copied(),
            ages: None,
            locality: None,
            source: Some(note.id.0),
            action: None,
        };
        self.add_candidate(candidate);
    }

    pub(super) fn action_to_candidate(&mut self) {
        let Some(a) = self.selected_action() else {
            self.say("no action selected");
            return;
        };
        let text = one_line(&a.text);
        let candidate = Candidate {
            id: CandidateId::default(),
            action_text: text.clone(),
            text,
            origin: Origin::Action,
            grouping: a.grouping,
            ages: None,
            locality: None,
            source: Some(a.id.0),
            action: Some(a.id),
        };
        self.add_candidate(candidate);
    }

    /// A candidate typed at the vote (Enter in its field).
    pub(super) fn save_candidate(&mut self, text: &str) -> Result<(), Unsaved> {
        if crate::event::capture::is_private(text) {
            return Err(Unsaved::Refused(
                "a candidate is for the room to vote on: take #private out, or write a private note (n)".into(),
            ));
        }
        let tags = crate::event::capture::tags(text);
        let words = one_line(&crate::event::capture::strip_tags(text));
        if words.is_empty() {
            return Err(Unsaved::Refused(
                "a candidate needs some words: what would the room change?".into(),
            ));
        }
        self.add_candidate(Candidate {
            id: CandidateId::default(),
            action_text: words.clone(),
            text: words,
            origin: Origin::Typed,
            grouping: tags.groupings.first().copied(),
            ages: None,
            locality: None,
            source: None,
            action: None,
        });
        Ok(())
    }

    /// A voter added at the event (Enter in its field).
    pub(super) fn save_voter(&mut self, text: &str) -> Result<(), Unsaved> {
        let name = one_line(text);
        if name.is_empty() || name.chars().count() > vote::MAX_NAME_CHARS {
            return Err(Unsaved::Refused(format!(
                "a voter's name is 1 to {} characters: \"Table 6\"",
                vote::MAX_NAME_CHARS
            )));
        }
        let voters = self.voters();
        if let Some(at) = voters.iter().position(|v| v.eq_ignore_ascii_case(&name)) {
            self.vote_view.voter = at;
            self.say(format!("{} votes already", voters[at]));
            return Ok(());
        }
        if voters.len() >= vote::MAX_VOTERS {
            return Err(Unsaved::Refused(format!(
                "a vote takes at most {} voters: group people into tables",
                vote::MAX_VOTERS
            )));
        }
        let now = self.now;
        self.write(|s, e| s.add_voter(e, &name, now))
            .map_err(|e| Unsaved::Refused(self.not_saved(&e)))?;
        // Read back: another console may have added the same table, spelt its own way.
        self.load_vote();
        let voters = self.voters();
        self.vote_view.voter = voters
            .iter()
            .position(|v| v.eq_ignore_ascii_case(&name))
            .unwrap_or(voters.len().saturating_sub(1));
        self.say(format!(
            "✓ {name} votes, with {}",
            vote::dots_words(self.vote_rules().dots)
        ));
        Ok(())
    }

    fn change_dot(&mut self, by: i32) {
        let voters = self.voters();
        let Some(voter) = voters.get(self.vote_view.voter).cloned() else {
            let key = self.hint(Context::Priorities, Action::AddVoter);
            self.say(format!(
                "no voters yet: {key} adds a table (or name them in the script)"
            ));
            return;
        };
        let Some(candidate) = self
            .record
            .vote
            .candidates
            .get(self.vote_view.candidate)
            .map(|c| c.id)
        else {
            self.say(
                "no candidates yet: add gaps (c on the gaps list), notes, actions, or type one",
            );
            return;
        };
        let (rules, now) = (self.vote_rules(), self.now);
        match self.write(|s, e| s.change_dot(e, candidate, &voter, by, &rules, now)) {
            Ok(Ok(())) => {
                // Read back: another console may have entered dots for this table too.
                self.load_vote();
                let left = rules.dots.saturating_sub(self.record.vote.spent(&voter));
                self.say(format!(
                    "{voter}: {} on this · {} left",
                    vote::dots_words(self.record.vote.on(candidate, &voter)),
                    vote::dots_words(left)
                ));
            }
            Ok(Err(refused)) => {
                self.load_vote();
                let back = self.hint(Context::Priorities, Action::TakeDot);
                self.say(match refused {
                    Refused::Spent { budget } => format!(
                        "{voter} has spent its {} · {back} takes one back",
                        vote::dots_words(budget)
                    ),
                    Refused::Cap { most } => format!(
                        "{voter} may put at most {} on one candidate (the script says so)",
                        vote::dots_words(most)
                    ),
                    Refused::NoDot => format!("{voter} has no dot on this one to take back"),
                });
            }
            Err(e) => self.say(self.not_saved(&e)),
        }
    }

    fn toggle_reveal(&mut self) {
        // From the reveal as stored: another console may have revealed it already.
        self.load_vote();
        let (revealed, now) = (!self.record.vote.revealed, self.now);
        match self.write(|s, e| s.set_revealed(e, revealed, now)) {
            Ok(()) => {
                self.record.vote.revealed = revealed;
                let key = self.hint(Context::Priorities, Action::Reveal);
                self.say(if revealed {
                    format!("revealed: the room sees the ranking · {key} hides it again")
                } else {
                    format!(
                        "hidden again: the room sees who has voted, not the dots · {key} reveals"
                    )
                });
            }
            Err(e) => self.say(self.not_saved(&e)),
        }
    }

    fn remove_candidate(&mut self) {
        let Some(c) = self
            .record
            .vote
            .candidates
            .get(self.vote_view.candidate)
            .cloned()
        else {
            return;
        };
        let dots = self.record.vote.total(c.id);
        if dots > 0 {
            let back = self.hint(Context::Priorities, Action::TakeDot);
            self.say(format!(
                "it has {}: take them back first ({back}), so no table's vote is lost",
                vote::dots_words(dots)
            ));
            return;
        }
        match self.write(|s, e| s.remove_candidate(e, c.id)) {
            Ok(false) => {
                self.load_vote();
                self.say("another console has put dots on it: it stays on the vote");
            }
            Ok(true) => {
                self.record.vote.candidates.retain(|x| x.id != c.id);
                self.vote_view.picked.remove(&c.id);
                self.vote_view.candidate = self
                    .vote_view
                    .candidate
                    .min(self.record.vote.candidates.len().saturating_sub(1));
                self.say(format!(
                    "taken off the vote: {}",
                    crate::text::cut_to_width(&c.text, 50)
                ));
            }
            Err(e) => self.say(self.not_saved(&e)),
        }
    }

    /// The candidates in the order the screen lists them: as added until the reveal, by rank
    /// after it (so ↑ and ↓ move down the list the facilitator sees).
    pub fn vote_order(&self) -> Vec<usize> {
        let v = &self.record.vote;
        if v.revealed {
            v.ranking().iter().map(|r| r.candidate).collect()
        } else {
            (0..v.candidates.len()).collect()
        }
    }

    /// The candidates Enter would make actions of: those picked, else the top places.
    pub fn vote_chosen(&self) -> Vec<usize> {
        let vote = &self.record.vote;
        if self.vote_view.picked.is_empty() {
            vote.top(self.vote_rules().top)
        } else {
            vote.candidates
                .iter()
                .enumerate()
                .filter(|(_, c)| self.vote_view.picked.contains(&c.id))
                .map(|(i, _)| i)
                .collect()
        }
    }

    fn priorities_to_actions(&mut self) {
        if !self.record.vote.revealed {
            let key = self.hint(Context::Priorities, Action::Reveal);
            self.say(format!(
                "reveal the vote first ({key}): the room agrees its priorities on what it can see"
            ));
            return;
        }
        let chosen = self.vote_chosen();
        if chosen.is_empty() {
            self.say("no candidate has a dot yet: nothing to turn into actions");
            return;
        }
        let vote = &self.record.vote;
        let known: BTreeSet<_> = self.record.actions.iter().map(|a| a.id).collect();
        let todo: Vec<(CandidateId, ActionFields)> = chosen
            .iter()
            .map(|&i| &vote.candidates[i])
            .filter(|c| !c.action.is_some_and(|a| known.contains(&a)))
            .map(|c| {
                (
                    c.id,
                    ActionFields {
                        text: c.action_text.clone(),
                        grouping: c.grouping,
                        ..ActionFields::default()
                    },
                )
            })
            .collect();
        if todo.is_empty() {
            let show = self.hint(Context::Everywhere, Action::ShowActions);
            self.say(format!("already actions — {show} shows them"));
            return;
        }
        let (now, segment) = (self.now, self.segment_id());
        match self.write(|s, e| s.priorities_to_actions(e, &todo, segment.as_deref(), now)) {
            Ok(made) => {
                let n = made.len();
                // The links are read back with the vote: the store skips any made already.
                self.record.actions.extend(made);
                self.vote_view.picked.clear();
                self.load_vote();
                self.refresh_lists();
                let show = self.hint(Context::Everywhere, Action::ShowActions);
                self.say_for(
                    format!(
                        "✓ {} from the vote · {show} to give them owners and dates",
                        crate::text::plural(n, "action")
                    ),
                    TimeDelta::seconds(8),
                );
            }
            Err(e) => self.say(self.not_saved(&e)),
        }
    }
}

/// Words on one line, runs of space made one, cut to a candidate's length.
fn one_line(text: &str) -> String {
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    words.chars().take(vote::MAX_TEXT_CHARS).collect()
}

/// The vote screen's keys.
pub(super) fn keys(model: &mut Model, action: Action) {
    let order = model.vote_order();
    let voters = model.voters().len();
    let view = &mut model.vote_view;
    let at = order.iter().position(|&i| i == view.candidate).unwrap_or(0);
    match action {
        Action::Up => view.candidate = order.get(at.saturating_sub(1)).copied().unwrap_or(0),
        Action::Down => {
            let next = (at + 1).min(order.len().saturating_sub(1));
            view.candidate = order.get(next).copied().unwrap_or(0);
        }
        Action::Left => view.voter = view.voter.saturating_sub(1),
        Action::Right => view.voter = (view.voter + 1).min(voters.saturating_sub(1)),
        Action::Open(n) => {
            let at = usize::from(n).saturating_sub(1);
            if at < voters {
                view.voter = at;
                let name = model.voters()[at].clone();
                let left = model
                    .vote_rules()
                    .dots
                    .saturating_sub(model.record.vote.spent(&name));
                model.say(format!("{name}: {} left", vote::dots_words(left)));
            } else {
                model.say(format!("there are {voters} voters"));
            }
        }
        Action::AddDot => model.change_dot(1),
        Action::TakeDot => model.change_dot(-1),
        Action::Reveal => model.toggle_reveal(),
        Action::Pick => {
            if let Some(id) = model
                .record
                .vote
                .candidates
                .get(model.vote_view.candidate)
                .map(|c| c.id)
                && !model.vote_view.picked.remove(&id)
            {
                model.vote_view.picked.insert(id);
            }
        }
        Action::MakeActions => model.priorities_to_actions(),
        Action::Delete => model.remove_candidate(),
        Action::AddCandidate => {
            let editor = Editor::new(Purpose::Candidate, "");
            model.push(Layer::Editor(Box::new(editor)));
        }
        Action::AddVoter => {
            let editor = Editor::new(Purpose::Voter, "");
            model.push(Layer::Editor(Box::new(editor)));
        }
        _ => {}
    }
}

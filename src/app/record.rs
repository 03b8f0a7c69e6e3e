//! The event record as the console holds it, and every write to the store. A change is one
//! transaction, committed before the screen calls it saved; a write that fails leaves the
//! text where it was typed, says why, and is tried again on the next change.

use super::Unsaved;
use std::collections::HashMap;
use std::rc::Rc;

use chrono::{NaiveDateTime, TimeDelta};

use super::Model;
use crate::event::capture;
use crate::event::record::{
    Action, ActionCounts, ActionId, Decision, Draft, DraftSlot, EventId, EventInfo, Note, NoteId,
};
use crate::event::store::{Check, Store, StoreError};
use crate::text::plural;

/// How many of the newest notes a console holds: more than any event takes, and a cost that
/// does not grow with the record (`thrive export --what notes` has every one).
pub const NOTES_SHOWN: usize = 1000;

/// What the console has of the event, mirrored from the store.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// `None` while the event could not be stored yet (a read-only database): every write
    /// tries to create it first.
    pub event: Option<EventInfo>,
    /// The newest [`NOTES_SHOWN`] notes, oldest first.
    pub notes: Vec<Note>,
    /// Every note the event has, shown or not.
    pub notes_total: usize,
    pub actions: Vec<Action>,
    /// The site map, oldest first.
    pub services: Vec<crate::map::Service>,
    /// Localities confirmed at the event beyond the script's list.
    pub localities: Vec<String>,
    /// The event before this one in its series (or at its site), for the review.
    pub previous: Option<EventInfo>,
    pub review: Vec<(Action, Option<Decision>)>,
    /// This event's assessment and the earlier ones of its series.
    pub assessments: super::assessment::Assessments,
    /// This event's dot vote.
    pub vote: crate::event::vote::Vote,
    /// Text kept after Esc, until it is saved or thrown away.
    pub drafts: HashMap<DraftSlot, String>,
    /// Drafts found when the event was opened (after a crash), offered back one at a time.
    pub recovered: Vec<Draft>,
    /// The agenda's timings changed but are not yet stored.
    pub run_dirty: bool,
    /// The script's text and whether a new event was asked for, for creating the event later
    /// if the database could not take it at start.
    pub(super) script_text: String,
    pub(super) new_event: bool,
    /// New notes and actions typed while the database was locked: kept here, in the order
    /// typed, and written as soon as it is free.
    pub outbox: Vec<Pending>,
    data_version: i64,
    fingerprint: String,
    last_sync: Option<NaiveDateTime>,
    last_retry: Option<NaiveDateTime>,
}

/// Something typed and closed while the database was locked, waiting to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Note {
        text: String,
        segment: Option<String>,
        at: NaiveDateTime,
    },
    Action {
        line: String,
        segment: Option<String>,
        at: NaiveDateTime,
    },
}

/// The header's promise about the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    Nothing,
    At(NaiveDateTime),
    Failed {
        reason: String,
        since: NaiveDateTime,
    },
    /// The database is locked (by another program, or a long write of another console's):
    /// what could not be written is kept and tried again. `reason` says who holds it.
    Waiting {
        reason: String,
        since: NaiveDateTime,
    },
}

/// How often another console's changes are looked for, and failed writes retried.
const SYNC_EVERY: TimeDelta = TimeDelta::seconds(1);
const RETRY_EVERY: TimeDelta = TimeDelta::seconds(5);
/// While the database is locked, how often anything is tried again: each try may wait
/// [`PATIENCE`], so trying every frame would slow the screen.
const RETRY_LOCKED: TimeDelta = TimeDelta::seconds(1);

/// How long one of the console's writes waits for a lock before it is kept to try again:
/// short enough that the screen never stops drawing or reading keys.
pub const PATIENCE: std::time::Duration = std::time::Duration::from_millis(200);

impl Model {
    /// Opens today's event for the script in `store` (or a new one), with everything it
    /// already holds. Only a store that cannot be used at all is an error; a read-only one
    /// opens, and says that nothing can be saved.
    pub fn open_event(
        &mut self,
        store: Store,
        script_text: &str,
        new_event: bool,
    ) -> Result<(), StoreError> {
        store.set_patience(PATIENCE)?;
        self.store = Rc::new(store);
        self.record = Record {
            script_text: script_text.to_owned(),
            new_event,
            ..Record::default()
        };
        let now = self.now;
        let (day, rehearsal) = self.event_day();
        match self
            .store
            .open_event_for(&self.script, script_text, day, now, new_event, rehearsal)
        {
            Ok((info, resumed)) => {
                let row = self.store.room(info.id)?;
                self.load(info, true)?;
                let to_review = self
                    .record
                    .review
                    .iter()
                    .filter(|(_, d)| d.is_none())
                    .count();
                let series = !resumed && !self.record.review.is_empty();
                if !resumed && to_review > 0 {
                    // The next meeting of a series starts from what the last one agreed.
                    self.screen = super::Screen::Review;
                    self.say_for(
                        format!(
                            "{} from last time to review",
                            plural(to_review, "open action")
                        ),
                        TimeDelta::seconds(10),
                    );
                } else if resumed {
                    let r = &self.record;
                    let what = match self.day {
                        super::Day::Rehearsal => "the rehearsal".to_owned(),
                        super::Day::Preparing => format!(
                            "the event of {}",
                            self.script.workshop.date.format("%a %-d %b")
                        ),
                        super::Day::OnTheDay => "today's event".to_owned(),
                    };
                    self.say_for(
                        format!(
                            "Resumed {what}: {}, {}",
                            plural(r.notes_total, "note"),
                            plural(r.actions.len(), "action")
                        ),
                        TimeDelta::seconds(10),
                    );
                }
                // After the screen it opens on is chosen: moving off that screen is a move.
                self.open_room(row, series);
                Ok(())
            }
            Err(e) if e.is_fatal() => Err(e),
            Err(e) => {
                self.failed(&e);
                // The event cannot be created (a read-only database, `thrive render`), but
                // what opening it would show can still be read: last time's event and its
                // open actions. The first write that succeeds creates it and reloads these.
                self.preview_review();
                Ok(())
            }
        }
    }

    /// Last time's event and its actions to review, for an event the store cannot hold yet:
    /// it stands in with an id later than every stored event's, as the one created will be.
    fn preview_review(&mut self) {
        let w = &self.script.workshop;
        let (date, rehearsal) = self.event_day();
        let info = EventInfo {
            id: EventId(i64::MAX),
            title: w.title.clone(),
            site: w.site.clone(),
            series: w.series.clone(),
            date,
            created_at: self.now,
            rehearsal,
        };
        let store = Rc::clone(&self.store);
        self.record.previous = store.previous_event(&info).ok().flatten();
        self.record.review = store.review(&info).unwrap_or_default();
        self.refresh_lists();
        // Every count from the same (empty) record: no gaps left over from before.
        self.refresh_map();
    }

    /// The day this console's event is for, and whether it is a rehearsal. A prepared event
    /// is the one of its own day, opened early.
    fn event_day(&self) -> (chrono::NaiveDate, bool) {
        match self.day {
            super::Day::Preparing => (self.script.workshop.date, false),
            super::Day::Rehearsal => (self.now.date(), true),
            super::Day::OnTheDay => (self.now.date(), false),
        }
    }

    /// Joins an event already in the store (another console runs it): everything it holds,
    /// and every write goes to it.
    pub fn join_event(&mut self, store: Store, info: EventInfo) -> Result<(), StoreError> {
        store.set_patience(PATIENCE)?;
        self.store = Rc::new(store);
        let script_text = self.store.script_text(info.id)?;
        self.record = Record {
            script_text,
            ..Record::default()
        };
        let said = format!("Joined {} · {}", info.title, info.date.format("%a %-d %b"));
        let row = self.store.room(info.id)?;
        self.load(info, true)?;
        self.open_room(row, false);
        self.say_for(
            format!("{said} · {}", plural(self.record.services.len(), "service")),
            TimeDelta::seconds(10),
        );
        Ok(())
    }

    /// Reads the event's record. `with_run` false keeps the agenda as it is in memory: an
    /// event created late (the database was read-only at start) has nothing better.
    fn load(&mut self, info: EventInfo, with_run: bool) -> Result<(), StoreError> {
        let store = Rc::clone(&self.store);
        if with_run {
            self.run = store.load_run(info.id, &self.script)?;
            self.agenda_cursor = self.run.current;
        }
        (self.record.notes, self.record.notes_total) = store.recent_notes(info.id, NOTES_SHOWN)?;
        self.record.actions = store.actions(info.id)?;
        self.record.services = store.services(info.id)?;
        self.record.localities = store.localities(info.id)?;
        self.record.recovered = store.orphaned_drafts(info.id)?;
        self.record.previous = store.previous_event(&info)?;
        self.record.review = store.review(&info)?;
        self.record.data_version = store.data_version()?;
        self.record.fingerprint = store.fingerprint(info.id)?;
        self.record.event = Some(info);
        self.load_assessments();
        self.load_vote();
        self.refresh_lists();
        self.refresh_map();
        Ok(())
    }

    fn failed(&mut self, e: &StoreError) {
        let since = match &self.saved {
            Saved::Failed { since, .. } | Saved::Waiting { since, .. } => *since,
            _ => self.now,
        };
        self.saved = match e.holder() {
            Some(holder) => Saved::Waiting {
                reason: holder.to_owned(),
                since,
            },
            None => Saved::Failed {
                reason: e.short(),
                since,
            },
        };
    }

    /// The database is locked: background writes wait for their turn.
    fn waiting(&self) -> bool {
        matches!(self.saved, Saved::Waiting { .. })
    }

    /// Runs one write against the store: creates the event first if it could not be created
    /// before, reopens a database that was read-only once (it may have been fixed), and keeps
    /// the header's promise up to date. After any success, timings still owed are written.
    pub(super) fn write<T>(
        &mut self,
        f: impl Fn(&Store, EventId) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let result = self.try_write(&f).or_else(|e| match e {
            StoreError::ReadOnly if self.reopen() => self.try_write(&f),
            e => Err(e),
        });
        match &result {
            Ok(_) => {
                self.saved = Saved::At(self.now);
                if self.record.run_dirty {
                    self.flush_run();
                }
                if !self.record.outbox.is_empty() {
                    self.flush_outbox();
                }
            }
            // The database is well; another console's change is asked about instead.
            Err(StoreError::Changed(_) | StoreError::Gone) => {}
            Err(e) => self.failed(e),
        }
        result
    }

    fn try_write<T>(
        &mut self,
        f: &impl Fn(&Store, EventId) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let event = match &self.record.event {
            Some(e) => e.id,
            None => {
                let (text, new) = (self.record.script_text.clone(), self.record.new_event);
                let (day, rehearsal) = self.event_day();
                let (info, _) = self.store.open_event_for(
                    &self.script,
                    &text,
                    day,
                    self.now,
                    new,
                    rehearsal,
                )?;
                let id = info.id;
                self.load(info, false)?;
                self.record.run_dirty = true;
                super::offer_recovered(self);
                id
            }
        };
        f(&self.store, event)
    }

    /// A connection opened read-only stays so: open the file again in case it is writable now.
    fn reopen(&mut self) -> bool {
        let path = self.store.path().to_path_buf();
        if path.as_os_str() == ":memory:" {
            return false;
        }
        match Store::open(&path) {
            Ok(store)
                if !store
                    .connection()
                    .is_readonly(rusqlite::MAIN_DB)
                    .unwrap_or(true)
                    && store.set_patience(PATIENCE).is_ok() =>
            {
                self.store = Rc::new(store);
                true
            }
            _ => false,
        }
    }

    /// Stores the agenda's timings; if that fails they are owed, and go with the next write.
    pub(super) fn save_run(&mut self) {
        self.record.run_dirty = true;
        self.flush_run();
    }

    fn flush_run(&mut self) {
        let script = self.script.clone();
        let run = self.run.clone();
        self.record.run_dirty = false;
        if self.write(|s, e| s.save_run(e, &script, &run)).is_err() {
            self.record.run_dirty = true;
        }
    }

    /// The clock moved: write a draft that is due, retry what failed, and pick up what
    /// another console wrote.
    pub(super) fn tick(&mut self) {
        let now = self.now;
        let due = |last: Option<NaiveDateTime>, every| last.is_none_or(|t| now - t >= every);
        // While the database is locked, one try a second for everything waiting together.
        if self.waiting() {
            if !due(self.record.last_retry, RETRY_LOCKED) {
                if due(self.record.last_sync, SYNC_EVERY) {
                    self.record.last_sync = Some(now);
                    self.sync();
                }
                return;
            }
            self.record.last_retry = Some(now);
            let draft_due = self
                .editor()
                .is_some_and(|e| e.slot().is_some() && e.draft_due(now));
            // The agenda's step first: it was owed before anything typed after it (and a
            // successful write flushes the outbox behind it).
            if self.record.run_dirty {
                self.flush_run();
            } else if !self.record.outbox.is_empty() {
                self.flush_outbox();
            } else if self.editor().is_some_and(|e| e.waiting) {
                super::save_editor(self);
            } else if !draft_due {
                // Nothing of ours waits: an empty write says whether the lock has gone.
                if self.write(|_, _| Ok(())).is_ok() {
                    self.saved = Saved::Nothing;
                }
            }
            // The draft below is this second's one try, unless something else was.
            if self.waiting() && (!draft_due || !self.record.outbox.is_empty()) {
                return;
            }
        }
        if let Some(editor) = self.editor()
            && let Some(slot) = editor.slot()
            && editor.draft_due(now)
        {
            let text = editor.text();
            if self.write(|s, e| s.save_draft(e, slot, &text, now)).is_ok()
                && let Some(editor) = self.editor_mut()
            {
                editor.draft_written(now);
            }
        }
        if self.record.run_dirty && due(self.record.last_retry, RETRY_EVERY) {
            self.record.last_retry = Some(now);
            self.flush_run();
        }
        if due(self.record.last_sync, SYNC_EVERY) {
            self.record.last_sync = Some(now);
            self.sync();
        }
    }

    /// Reads the record again now, as if another console had just written.
    pub(super) fn sync_now(&mut self) {
        self.record.data_version = i64::MIN;
        self.record.fingerprint.clear();
        self.sync();
    }

    /// Picks up what another console wrote since the last look: notes, actions and the review
    /// when any of them changed, and the agenda unless this console has timings of its own
    /// still to write. (SQLite moves `data_version` only for other connections' commits.)
    fn sync(&mut self) {
        let Some(event) = self.record.event.clone() else {
            return;
        };
        let store = Rc::clone(&self.store);
        let Ok(version) = store.data_version() else {
            return;
        };
        if version == self.record.data_version {
            return;
        }
        self.record.data_version = version;
        if let Ok(row) = store.room(event.id) {
            self.room_synced(row);
        }
        if !self.record.run_dirty
            && let Ok(run) = store.load_run(event.id, &self.script)
        {
            let moved = (run.current, run.state) != (self.run.current, self.run.state);
            self.run = run;
            if moved {
                // A console that did not move the agenda is told who did, and where to.
                let title = &self.script.segments[self.run.current].title;
                self.say_for(
                    format!(
                        "⇄ {} moved the agenda: {} · {}",
                        self.seat.other(),
                        crate::text::cut_to_width(title, 30),
                        self.run.state.name()
                    ),
                    TimeDelta::seconds(8),
                );
            }
        }
        let Ok(fingerprint) = store.fingerprint(event.id) else {
            return;
        };
        if fingerprint == self.record.fingerprint {
            return;
        }
        self.record.fingerprint = fingerprint;
        if let (Ok((notes, total)), Ok(actions)) = (
            store.recent_notes(event.id, NOTES_SHOWN),
            store.actions(event.id),
        ) {
            self.record.notes = notes;
            self.record.notes_total = total;
            self.record.actions = actions;
        }
        if let Ok(services) = store.services(event.id) {
            // The selection is a service, not a place in the list: another console's add
            // moves the places, never what is selected.
            if let Some(id) = self.selected_service().map(|s| s.id) {
                self.map_view.select(id);
            }
            self.record.services = services;
            if let Ok(localities) = store.localities(event.id) {
                self.record.localities = localities;
            }
            self.refresh_map();
        }
        if let Ok(review) = store.review(&event) {
            self.record.review = review;
        }
        self.load_assessments();
        self.load_vote();
        self.refresh_lists();
    }

    pub(super) fn segment_id(&self) -> Option<String> {
        self.script
            .segments
            .get(self.run.current)
            .map(|s| s.id.clone())
    }

    // ---- notes

    pub(super) fn add_note(&mut self, text: &str) -> Result<(), Unsaved> {
        let (now, segment) = (self.now, self.segment_id());
        if !self.record.outbox.is_empty() {
            // Behind what is already waiting, so the record keeps the order things were said.
            return self.keep_pending(Pending::Note {
                text: text.to_owned(),
                segment,
                at: now,
            });
        }
        let note = match self.write(|s, e| s.add_note(e, text, segment.as_deref(), now)) {
            Ok(note) => note,
            Err(StoreError::Busy { .. }) => {
                return self.keep_pending(Pending::Note {
                    text: text.to_owned(),
                    segment,
                    at: now,
                });
            }
            Err(e) => return Err(self.not_saved(&e).into()),
        };
        self.notes_view.select(note.id);
        self.record.notes.push(note);
        self.record.notes_total += 1;
        self.record.drafts.remove(&DraftSlot::NewNote);
        self.refresh_lists();
        self.say(format!(
            "✓ note saved · {}",
            plural(self.record.notes_total, "note")
        ));
        Ok(())
    }

    pub(super) fn update_note(
        &mut self,
        id: NoteId,
        before: &str,
        text: &str,
    ) -> Result<(), Unsaved> {
        let now = self.now;
        let result = self.write(|s, e| s.update_note(e, id, before, text, now, Check::Clashes));
        if let Err(e) = result {
            let target = super::clash::Target::Note {
                id,
                before: before.to_owned(),
                mine: text.to_owned(),
            };
            if self.ask_clash(target, &e) {
                return Err(Unsaved::Asked);
            }
            return Err(self.not_saved(&e).into());
        }
        if let Some(n) = self.record.notes.iter_mut().find(|n| n.id == id) {
            n.text = text.to_owned();
            n.updated_at = Some(now);
        }
        self.record.drafts.remove(&DraftSlot::EditNote(id));
        self.refresh_lists();
        self.say("✓ note saved");
        Ok(())
    }

    pub(super) fn delete_note(&mut self, id: NoteId) {
        let now = self.now;
        match self.write(|s, _| s.delete_note(id, now)) {
            Ok(()) => {
                if let Some(i) = self.record.notes.iter().position(|n| n.id == id) {
                    self.undo = Some(self.record.notes.remove(i));
                }
                self.record.notes_total = self.record.notes_total.saturating_sub(1);
                self.refresh_lists();
                let key = self.hint(super::keymap::Context::Notes, super::keymap::Action::Undo);
                self.say(format!("note deleted · {key} undoes"));
            }
            Err(e) => self.say(self.not_saved(&e)),
        }
    }

    pub(super) fn undo_delete(&mut self) {
        let Some(note) = self.undo.take() else {
            self.say("nothing to undo");
            return;
        };
        match self.write(|s, _| s.undelete_note(note.id)) {
            Ok(()) => {
                let at = self
                    .record
                    .notes
                    .partition_point(|n| (n.created_at, n.id) < (note.created_at, note.id));
                self.record.notes.insert(at, note);
                self.record.notes_total += 1;
                self.refresh_lists();
                self.say("✓ note restored");
            }
            Err(e) => {
                self.undo = Some(note);
                self.say(self.not_saved(&e));
            }
        }
    }

    /// A new note or action the locked database could not take: the field closes as if it
    /// were saved (the next one can be typed), and it is written as soon as the lock goes.
    fn keep_pending(&mut self, pending: Pending) -> Result<(), Unsaved> {
        let slot = match pending {
            Pending::Note { .. } => DraftSlot::NewNote,
            Pending::Action { .. } => DraftSlot::NewAction,
        };
        self.record.drafts.remove(&slot);
        self.record.outbox.push(pending);
        self.say_for(
            format!(
                "⏳ kept: {} to save as soon as the database is free",
                plural(self.record.outbox.len(), "item")
            ),
            TimeDelta::seconds(8),
        );
        Ok(())
    }

    /// Writes what waited for the lock, oldest first, each as it was typed (its time and
    /// its agenda item); stops at the first that still cannot be written.
    fn flush_outbox(&mut self) {
        while let Some(pending) = self.record.outbox.first().cloned() {
            let written = match &pending {
                Pending::Note { text, segment, at } => self
                    .try_write(&|s: &Store, e| s.add_note(e, text, segment.as_deref(), *at))
                    .map(|note| {
                        self.record.notes.push(note);
                        self.record.notes_total += 1;
                    }),
                Pending::Action { line, segment, at } => {
                    let fields = capture::parse_action(line, at.date()).fields;
                    self.try_write(&|s: &Store, e| {
                        s.add_action(e, &fields, segment.as_deref(), *at)
                    })
                    .map(|action| self.record.actions.push(action))
                }
            };
            match written {
                Ok(()) => {
                    self.record.outbox.remove(0);
                    // Saved only once nothing is owed: the agenda's step may still be.
                    if !self.record.run_dirty {
                        self.saved = Saved::At(self.now);
                    }
                }
                Err(e) => {
                    self.failed(&e);
                    break;
                }
            }
        }
        self.refresh_lists();
    }

    // ---- actions

    /// Reads the line, stores it, and says what could not be read (it stays in the text).
    /// `edit` is the action edited and the line its edit started from.
    pub(super) fn save_action(
        &mut self,
        edit: Option<(ActionId, &str)>,
        line: &str,
    ) -> Result<(), Unsaved> {
        let id = edit.map(|(id, _)| id);
        let before = edit.map(|(_, from)| capture::parse_action(from, self.now.date()).fields);
        let parsed = capture::parse_action(line, self.now.date());
        if parsed.fields.text.trim().is_empty() {
            return Err(Unsaved::Refused(
                "an action needs some words, not only @owners, due: and #tags".into(),
            ));
        }
        let fields = parsed.fields.clone();
        let (now, segment) = (self.now, self.segment_id());
        let pending = || Pending::Action {
            line: line.to_owned(),
            segment: segment.clone(),
            at: now,
        };
        if id.is_none() && !self.record.outbox.is_empty() {
            return self.keep_pending(pending());
        }
        let saved = match (id, &before) {
            (Some(id), Some(before)) => {
                self.write(|s, e| s.update_action(e, id, before, &fields, now, Check::Clashes))
            }
            _ => self.write(|s, e| s.add_action(e, &fields, segment.as_deref(), now)),
        };
        let saved = match saved {
            Ok(saved) => saved,
            Err(StoreError::Busy { .. }) if id.is_none() => return self.keep_pending(pending()),
            Err(e) => {
                if let (Some(id), Some(before)) = (id, before) {
                    let target = super::clash::Target::Action {
                        id,
                        before,
                        mine: fields,
                    };
                    if self.ask_clash(target, &e) {
                        return Err(Unsaved::Asked);
                    }
                }
                return Err(self.not_saved(&e).into());
            }
        };
        match self.record.actions.iter_mut().find(|a| a.id == saved.id) {
            Some(existing) => *existing = saved.clone(),
            None => self.record.actions.push(saved.clone()),
        }
        self.record.drafts.remove(&match id {
            None => DraftSlot::NewAction,
            Some(id) => DraftSlot::EditAction(id),
        });
        self.actions_view.select(saved.id);
        self.refresh_lists();
        let mut said = format!("✓ action saved · {} to do", self.to_do());
        if let Some(problem) = parsed.unread.first() {
            said = format!("✓ action saved; {problem}");
        }
        self.say_for(said, TimeDelta::seconds(8));
        Ok(())
    }

    /// Actions still to do (open or doing), as every count of them says.
    pub fn to_do(&self) -> usize {
        ActionCounts::of(self.record.actions.iter().map(|a| a.status)).to_do()
    }

    pub(super) fn cycle_status(&mut self, id: ActionId) {
        let Some(action) = self.record.actions.iter().find(|a| a.id == id) else {
            return;
        };
        let status = action.status.next();
        let now = self.now;
        match self.write(|s, _| s.set_status(id, status, now)) {
            Ok(()) => {
                if let Some(a) = self.record.actions.iter_mut().find(|a| a.id == id) {
                    a.status = status;
                    a.updated_at = Some(now);
                }
                self.refresh_lists();
                self.say(format!("{} {}", status.symbol(), status.name()));
            }
            Err(e) => self.say(self.not_saved(&e)),
        }
    }

    pub(super) fn decide(&mut self, index: usize, decision: Decision) {
        let Some((action, _)) = self.record.review.get(index).cloned() else {
            return;
        };
        // Done or dropped changes last time's action: a rehearsal must leave the series alone.
        if self.day == super::Day::Rehearsal {
            self.say("a rehearsal changes nothing from last time — decide these on the day");
            return;
        }
        let (now, segment) = (self.now, self.segment_id());
        let Some(current) = self.record.event.as_ref().map(|e| e.id) else {
            self.say("not saved: the event is not stored yet");
            return;
        };
        match self.write(|s, _| s.decide(&action, decision, current, segment.as_deref(), now)) {
            Ok(()) => {
                self.record.review[index].1 = Some(decision);
                if let Ok(actions) = self.store.actions(current) {
                    self.record.actions = actions;
                }
                self.refresh_lists();
                self.say(format!(
                    "“{}”: {}",
                    crate::text::cut_to_width(&action.text, 40),
                    decision.name()
                ));
            }
            Err(e) => self.say(self.not_saved(&e)),
        }
    }

    // ---- drafts

    /// Writes the editor's text as the draft now (on Esc), so it is there after a crash too.
    pub(super) fn keep_draft(&mut self, slot: DraftSlot, text: &str) {
        let now = self.now;
        if text.trim().is_empty() {
            self.record.drafts.remove(&slot);
        } else {
            self.record.drafts.insert(slot, text.to_owned());
        }
        let _ = self.write(|s, e| s.save_draft(e, slot, text, now));
    }

    pub(super) fn discard_draft(&mut self, slot: DraftSlot) {
        self.record.drafts.remove(&slot);
        let _ = self.write(|s, e| s.discard_draft(e, slot));
    }

    /// A recovered draft was kept (into the editor) or thrown away: no longer offered.
    /// Takes a recovered draft from the store; false when another console took it first (or
    /// the store could not be written, and it stays to be offered again).
    pub(super) fn resolve_recovered(&mut self, draft: &Draft) -> bool {
        self.write(|s, e| s.resolve_orphan(e, draft))
            .unwrap_or(false)
    }
}

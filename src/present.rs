//! `thrive present`: the projector's process. It reads the database the console writes —
//! read-only, `query_only` — and nothing else: no socket, no server, so either side can crash
//! and come back. It holds the event's record without drafts, prompts or anything typed at a
//! console, and draws only the [`Room`] built from it.

use std::path::{Path, PathBuf};

use chrono::{NaiveDateTime, TimeDelta};

use crate::event::AgendaRun;
use crate::event::record::{Action, Decision, EventInfo, Note};
use crate::event::room::{Directive, Shown};
use crate::event::store::{Store, StoreError};
use crate::map::Service;
use crate::room::{Ask, Room, Sources};
use crate::script::Script;

/// How often the database is looked at: well inside the one second the room may lag.
pub const LOOK_EVERY: TimeDelta = TimeDelta::milliseconds(250);

/// The most notes the room's notes screen reads (it shows the newest that fit).
const NOTES_READ: usize = 200;

/// What the projector follows, and what it last read.
pub struct Follower {
    path: PathBuf,
    /// The event asked for (`thrive present EVENT`); without one, the event a console is
    /// moving the room of today.
    spec: Option<String>,
    held: Option<Held>,
    /// Why there is nothing to show yet, for the waiting card.
    why: String,
    last_look: Option<NaiveDateTime>,
    /// When the looks began to fail, while they do.
    failing_since: Option<NaiveDateTime>,
}

/// How long the last picture stays up while the database cannot be read.
const KEEP_FOR: TimeDelta = TimeDelta::seconds(5);

/// The waiting card's words for a database it cannot read: a fixed sentence for each kind,
/// never SQLite's detail (which can hold the file's path).
fn waiting_for(e: &StoreError) -> String {
    let what = match e {
        StoreError::Busy { .. } => "it is busy",
        StoreError::Damaged { .. } => "it cannot be read",
        StoreError::Newer { .. } => "it is from a newer thrive",
        StoreError::NotThrive { .. } => "it is not an event database",
        _ => "it cannot be opened just now",
    };
    format!("Waiting for the database — {what}")
}

/// The followed event, as read: the record's shared parts only.
struct Held {
    info: EventInfo,
    script: Script,
    run: AgendaRun,
    notes: Vec<Note>,
    actions: Vec<Action>,
    services: Vec<Service>,
    localities: Vec<String>,
    review: Vec<(Action, Option<Decision>)>,
    assessments: crate::event::assessment::Assessments,
    vote: crate::event::vote::Vote,
    directive: Option<Directive>,
    fingerprint: String,
}

impl Follower {
    pub fn new(path: &Path, spec: Option<String>) -> Follower {
        Follower {
            path: path.to_path_buf(),
            spec: spec.filter(|s| !s.trim().is_empty()),
            held: None,
            why: "Waiting for the console".to_owned(),
            last_look: None,
            failing_since: None,
        }
    }

    /// Looks at the database if it is time to: a few small reads when nothing changed.
    pub fn poll(&mut self, now: NaiveDateTime) {
        if self
            .last_look
            .is_some_and(|t| now >= t && now - t < LOOK_EVERY)
        {
            return;
        }
        self.last_look = Some(now);
        self.look(now);
    }

    /// Looks at the database now: opened, read and closed again. A look that fails keeps
    /// the last picture for a few seconds (a console's long write, a backup tool's lock):
    /// the room sees the waiting card only when the database stays out of reach.
    pub fn look(&mut self, now: NaiveDateTime) {
        let failed = match self.open() {
            Ok(Some(store)) => self.read(&store, now).err().map(|e| waiting_for(&e)),
            // The console was killed: its last changes wait in its WAL until it is back.
            // The room keeps what it was showing (the countdown runs on) meanwhile.
            Ok(None) if self.held.is_some() => None,
            Ok(None) => Some(
                "Waiting for the console — it stopped; the room follows again when it is back"
                    .to_owned(),
            ),
            Err(why) => Some(why),
        };
        match failed {
            None => self.failing_since = None,
            Some(why) => {
                let since = *self.failing_since.get_or_insert(now);
                if self.held.is_none() || now - since >= KEEP_FOR {
                    self.held = None;
                    self.why = why;
                }
            }
        }
    }

    fn open(&self) -> Result<Option<Store>, String> {
        if !self.path.exists() {
            // Never the path: the room is not shown where the laptop keeps its files.
            return Err("Waiting for the console — the event has not been opened yet".to_owned());
        }
        match Store::open_to_follow(&self.path) {
            Ok(found) => Ok(found),
            Err(StoreError::Older { .. }) => Err("This database was written by an older thrive. \
                 Open the event with the console first: it is brought up to date then, and the \
                 room follows it."
                .to_owned()),
            Err(e) => Err(waiting_for(&e)),
        }
    }

    fn read(&mut self, store: &Store, now: NaiveDateTime) -> Result<(), StoreError> {
        let info = match &self.spec {
            Some(spec) => store.find_event(Some(spec))?,
            None => store.live_room(now.date())?,
        };
        let Some(info) = info else {
            self.held = None;
            self.why = match &self.spec {
                Some(spec) => format!(
                    "Waiting for event {} — it is not in this database yet",
                    crate::text::printable(spec)
                ),
                None => "Waiting for the console to open today's event".to_owned(),
            };
            return Ok(());
        };
        if self.held.as_ref().is_none_or(|h| h.info.id != info.id) {
            let text = store.script_text(info.id)?;
            let label = format!("event {}'s script", info.id);
            let Ok(script) = crate::script::parse(&label, text.as_bytes()) else {
                self.held = None;
                self.why = "The event's script cannot be read by this thrive".to_owned();
                return Ok(());
            };
            self.held = Some(Held {
                run: AgendaRun::new(&script),
                script,
                notes: Vec::new(),
                actions: Vec::new(),
                services: Vec::new(),
                localities: Vec::new(),
                review: Vec::new(),
                assessments: Default::default(),
                vote: Default::default(),
                directive: None,
                fingerprint: String::new(),
                info,
            });
        }
        let Some(held) = self.held.as_mut() else {
            return Ok(());
        };
        let id = held.info.id;
        held.run = store.load_run(id, &held.script)?;
        held.directive = store.room(id)?;
        // The lists only when one of them changed: the revision moves with every change.
        let fingerprint = store.fingerprint(id)?;
        if fingerprint != held.fingerprint {
            held.notes = store.recent_notes(id, NOTES_READ)?.0;
            held.actions = store.actions(id)?;
            held.services = store.services(id)?;
            held.localities = store.localities(id)?;
            held.review = store.review(&held.info)?;
            held.assessments = crate::event::assessment::Assessments {
                now: store.assessment(id)?,
                earlier: store.earlier_assessments(&held.info)?,
            };
            held.vote = store.vote(id)?;
            held.fingerprint = fingerprint;
        }
        Ok(())
    }

    /// What the room sees now: the screen the console chose, or the waiting card.
    pub fn room(&self, now: NaiveDateTime) -> Room {
        let Some(held) = &self.held else {
            return Room::waiting(&self.why, now);
        };
        let src = Sources {
            script: &held.script,
            event: Some(&held.info),
            run: &held.run,
            notes: &held.notes,
            actions: &held.actions,
            services: &held.services,
            localities: &held.localities,
            review: &held.review,
            assessments: &held.assessments,
            vote: &held.vote,
            now,
        };
        // An event no console has moved the room of yet shows its title card.
        let shown = held
            .directive
            .as_ref()
            .map_or(Shown::Title, Directive::showing);
        Room::build(&src, &Ask::Shown(shown))
    }
}

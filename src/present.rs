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
    store: Option<Store>,
    held: Option<Held>,
    /// Why there is nothing to show yet, for the waiting card.
    why: String,
    version: Option<i64>,
    last_look: Option<NaiveDateTime>,
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
    directive: Option<Directive>,
    fingerprint: String,
}

impl Follower {
    pub fn new(path: &Path, spec: Option<String>) -> Follower {
        Follower {
            path: path.to_path_buf(),
            spec: spec.filter(|s| !s.trim().is_empty()),
            store: None,
            held: None,
            why: "Waiting for the console".to_owned(),
            version: None,
            last_look: None,
        }
    }

    /// Looks at the database if it is time to: cheap when nothing changed (one pragma).
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

    /// Looks at the database now.
    pub fn look(&mut self, now: NaiveDateTime) {
        if self.store.is_none() {
            match self.open() {
                Ok(store) => self.store = Some(store),
                Err(why) => {
                    self.held = None;
                    self.why = why;
                    return;
                }
            }
        }
        let Some(store) = &self.store else { return };
        let version = match store.data_version() {
            Ok(v) => v,
            Err(e) => {
                // Opened again next time: the file may have been replaced or restored.
                self.store = None;
                self.version = None;
                self.why = format!("Waiting for the database: {}", e.short());
                return;
            }
        };
        if self.version == Some(version) && self.held.is_some() {
            return;
        }
        if let Err(e) = self.read(now) {
            self.held = None;
            self.why = format!("Waiting for the database: {}", e.short());
            return;
        }
        self.version = Some(version);
    }

    fn open(&self) -> Result<Store, String> {
        if !self.path.exists() {
            // Never the path: the room is not shown where the laptop keeps its files.
            return Err("Waiting for the console — the event has not been opened yet".to_owned());
        }
        Store::open_to_follow(&self.path).map_err(|e| match e {
            StoreError::Older { .. } => {
                "This database was written by an older thrive. Open the event \
                 with the console first: it is brought up to date then, and the room follows it."
                    .to_owned()
            }
            e => format!("Waiting for the database: {}", e.short()),
        })
    }

    fn read(&mut self, now: NaiveDateTime) -> Result<(), StoreError> {
        let Some(store) = &self.store else {
            return Ok(());
        };
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
        let same = self.held.as_ref().is_some_and(|h| h.info.id == info.id);
        if !same {
            let text = store.script_text(info.id)?;
            let label = format!("event {}'s script", info.id);
            let script = match crate::script::parse(&label, text.as_bytes()) {
                Ok(s) => s,
                Err(_) => {
                    self.held = None;
                    self.why = "The event's script cannot be read by this thrive".to_owned();
                    return Ok(());
                }
            };
            let run = store.load_run(info.id, &script)?;
            self.held = Some(Held {
                run,
                script,
                notes: Vec::new(),
                actions: Vec::new(),
                services: Vec::new(),
                localities: Vec::new(),
                review: Vec::new(),
                directive: None,
                fingerprint: String::new(),
                info,
            });
        }
        let Some(held) = self.held.as_mut() else {
            return Ok(());
        };
        let id = held.info.id;
        if same {
            held.run = store.load_run(id, &held.script)?;
        }
        held.directive = store.room(id)?;
        let fingerprint = store.fingerprint(id)?;
        if fingerprint != held.fingerprint || !same {
            held.notes = store.recent_notes(id, NOTES_READ)?.0;
            held.actions = store.actions(id)?;
            held.services = store.services(id)?;
            held.localities = store.localities(id)?;
            held.review = store.review(&held.info)?;
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

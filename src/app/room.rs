//! What the room sees, as this console decides it: following the facilitator's screen, pinned
//! to one, or blanked to the title card. The decision is written to the store (a screen's
//! name, never its text) for the projector, `thrive present`, to read.

use chrono::{NaiveDateTime, TimeDelta};

use super::keymap::{Action, Context};
use super::{Model, Screen, Seat};
use crate::event::room::{Dimension, Directive, Mode, Shown};
use crate::event::{RunState, TimePhase};
use crate::room::{Ask, Room, Sources};

/// How this console stands towards the room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomControl {
    pub mode: Mode,
    /// The screen the room is pinned to (in [`Mode::Pin`]).
    pub pinned: Shown,
    pub blank: bool,
    /// The blank a series event opens with, so last time's actions reach the room only when
    /// the facilitator moves on: the first move lets it go.
    pub opening: Option<(Screen, usize, RunState)>,
    /// This console moved the room last, so the room goes with it.
    pub driving: bool,
    /// Who moved the room last, when it was another console: its seat, in words.
    pub other: Option<String>,
    /// What was last written, so only a change is written.
    written: Option<(Mode, Shown, bool)>,
    /// A write that failed (a locked database) is tried again a second later, not per frame.
    failed_at: Option<NaiveDateTime>,
    /// The console's own window shows the room's view (no second screen).
    pub one_window: bool,
    /// When the countdown last crossed into low time or zero, for the facilitator's flash.
    pub flash_since: Option<NaiveDateTime>,
    /// The time phase seen last frame, to notice it change.
    last_phase: Option<(usize, TimePhase)>,
    /// A bell is owed to the terminal (rung by the loop, never drawn).
    pub bell: bool,
}

impl Default for RoomControl {
    fn default() -> Self {
        RoomControl {
            mode: Mode::Follow,
            pinned: Shown::Title,
            blank: false,
            opening: None,
            driving: true,
            other: None,
            written: None,
            failed_at: None,
            one_window: false,
            flash_since: None,
            last_phase: None,
            bell: false,
        }
    }
}

/// How long the header flashes when time runs low or out.
pub const FLASH_FOR: TimeDelta = TimeDelta::seconds(3);

impl Seat {
    /// How the room row names this seat, and the presenter strip the other one.
    pub fn words(self) -> &'static str {
        match self {
            Seat::Facilitator => "the facilitator's console",
            Seat::Joined | Seat::JoinedDriving => "a joined console",
        }
    }
}

impl Model {
    /// The screen the room would see following this console.
    pub fn screen_for_room(&self) -> Shown {
        match self.screen {
            Screen::Agenda => Shown::Segment,
            Screen::Groupings => Shown::Groupings,
            Screen::Grouping(g) => Shown::Grouping(g),
            Screen::Principles => Shown::Principles(self.principle_cursor),
            Screen::Notes => Shown::Notes,
            Screen::Actions => Shown::Actions,
            Screen::Review => Shown::Review,
            Screen::Map => Shown::Map,
            Screen::Assessment => {
                let v = self.assessment_view;
                let levels = self.levels();
                if v.showing && levels.contains(&v.level) {
                    Shown::Evidence(v.principle, v.level)
                } else {
                    Shown::Assessment
                }
            }
            Screen::Priorities => Shown::Priorities,
            Screen::Coverage => match self.coverage_view.tab {
                super::map::CoverageTab::Age => Shown::Coverage(Dimension::Age),
                super::map::CoverageTab::Sector => Shown::Coverage(Dimension::Sector),
                super::map::CoverageTab::Locality => Shown::Coverage(Dimension::Locality),
                super::map::CoverageTab::Gaps => {
                    Shown::Gaps(u32::try_from(self.coverage_view.gap).unwrap_or(0))
                }
            },
        }
    }

    /// The screen the room is set to, blank or not.
    pub fn room_shown(&self) -> Shown {
        match self.room.mode {
            Mode::Pin => self.room.pinned,
            Mode::Follow if self.room.driving => self.screen_for_room(),
            // Another console drives: its screen, as it last wrote it.
            Mode::Follow => self.room.pinned,
        }
    }

    /// What the room sees now.
    pub fn room_showing(&self) -> Shown {
        if self.room.blank {
            Shown::Title
        } else {
            self.room_shown()
        }
    }

    /// The event as the room view reads it.
    pub fn room_sources(&self) -> Sources<'_> {
        Sources {
            script: &self.script,
            event: self.record.event.as_ref(),
            run: &self.run,
            notes: &self.record.notes,
            actions: &self.record.actions,
            services: &self.record.services,
            localities: &self.record.localities,
            review: &self.record.review,
            assessments: &self.record.assessments,
            vote: &self.record.vote,
            now: self.now,
        }
    }

    /// The room's view as the projector draws it now.
    pub fn room_view(&self) -> Room {
        Room::build(&self.room_sources(), &Ask::Shown(self.room_showing()))
    }

    /// At open: carry on with the room as it was left, or — for a series event opened fresh —
    /// start on the title card.
    pub(super) fn open_room(&mut self, row: Option<Directive>, review: bool) {
        let driving = self.seat == Seat::Facilitator;
        self.room = RoomControl {
            driving,
            ..RoomControl::default()
        };
        match row {
            Some(d) => {
                self.room.mode = d.mode;
                self.room.pinned = d.shown;
                self.room.blank = d.blank;
                if !driving {
                    // As it stands: only a later change is news.
                    self.room.written = Some((d.mode, d.shown, d.blank));
                    self.room.other = Some(d.seat);
                }
            }
            None if review && driving => {
                self.room.blank = true;
                self.room.opening = Some((self.screen, self.run.current, self.run.state));
            }
            None => {}
        }
    }

    /// Another console wrote the room: it drives it now, unless the row is this console's.
    pub(super) fn room_synced(&mut self, row: Option<Directive>) {
        let Some(d) = row else { return };
        // Its own row, or one left by a console that has gone (this one's own run before a
        // restart): nobody else is moving the room.
        if d.console == self.store.console() || !self.store.console_is_running(&d.console) {
            return;
        }
        let moved = self.room.written != Some((d.mode, d.shown, d.blank));
        if moved {
            // The console that moved the room last decides it; this one is told so.
            let showing = if d.blank { Shown::Title } else { d.shown };
            self.say_for(
                format!("⇄ {} moved the room: {}", d.seat, showing.describe()),
                TimeDelta::seconds(8),
            );
        }
        self.room.driving = false;
        self.room.other = Some(d.seat.clone());
        self.room.mode = d.mode;
        self.room.pinned = d.shown;
        self.room.blank = d.blank;
        self.room.opening = None;
        self.room.written = Some((d.mode, d.shown, d.blank));
    }

    /// After every message: let the opening blank go at the first move, and write what the
    /// room should see when it changed.
    pub(super) fn room_after_update(&mut self) {
        if let Some(at) = self.room.opening
            && at != (self.screen, self.run.current, self.run.state)
        {
            self.room.opening = None;
            self.room.blank = false;
        }
        self.notice_time_phase();
        if !self.room.driving || self.record.event.is_none() {
            return;
        }
        let want = (self.room.mode, self.room_shown(), self.room.blank);
        if self.room.written == Some(want) {
            return;
        }
        if let Some(at) = self.room.failed_at
            && self.now - at < TimeDelta::seconds(1)
        {
            return;
        }
        let (mode, shown, blank) = want;
        let Some(event) = self.record.event.as_ref().map(|e| e.id) else {
            return;
        };
        // Straight to the store, not through the record's writes: the room's screen is not
        // something the facilitator typed, so it never changes the header's "saved".
        match self
            .store
            .save_room(event, mode, shown, blank, self.seat.words(), self.now)
        {
            Ok(()) => {
                self.room.written = Some(want);
                self.room.failed_at = None;
            }
            Err(_) => self.room.failed_at = Some(self.now),
        }
    }

    /// The facilitator's signal: the header flashes (and the bell rings, if asked for) when
    /// the running segment reaches low time and when it reaches zero.
    fn notice_time_phase(&mut self) {
        let phase = (self.run.state == RunState::Running)
            .then(|| (self.run.current, self.run.phase(&self.script, self.now)));
        let before = self.room.last_phase;
        self.room.last_phase = phase;
        if let (Some((was_at, was)), Some((at, now_phase))) = (before, phase)
            && was_at == at
            && was != now_phase
            && now_phase != TimePhase::Plenty
        {
            self.room.flash_since = Some(self.now);
            self.room.bell = self.bell;
        }
    }

    /// The header is flashing now.
    pub fn flashing(&self) -> bool {
        self.room
            .flash_since
            .is_some_and(|at| self.now >= at && self.now - at < FLASH_FOR)
    }

    /// The room keys: pin or follow, blank, and the one-window view.
    pub(super) fn room_key(&mut self, action: Action) -> bool {
        if !matches!(
            action,
            Action::RoomPin | Action::RoomBlank | Action::OneWindow
        ) {
            return false;
        }
        if action == Action::OneWindow {
            self.room.one_window = !self.room.one_window;
            return true;
        }
        if !self.seat.moves_agenda() {
            self.say(
                "the room is moved from the facilitator's console (or one joined with --drive)",
            );
            return true;
        }
        let took_over = !self.room.driving;
        if took_over {
            // The room goes where this console is, from where the other left it.
            self.room.driving = true;
            self.room.other = None;
        }
        self.room.opening = None;
        let here = self.screen_for_room();
        let pin = self.hint(Context::Everywhere, Action::RoomPin);
        let blank = self.hint(Context::Everywhere, Action::RoomBlank);
        match action {
            Action::RoomBlank => {
                self.room.blank = !self.room.blank;
                if self.room.blank {
                    self.say(format!(
                        "the room sees the title card — {blank} shows it again"
                    ));
                } else {
                    self.say(format!("the room sees {}", self.room_shown().describe()));
                }
            }
            _ => {
                self.room.blank = false;
                if self.room.mode == Mode::Pin && !took_over {
                    self.room.mode = Mode::Follow;
                    self.say("the room follows your screen again");
                } else {
                    self.room.mode = Mode::Pin;
                    self.room.pinned = here;
                    self.say(format!(
                        "the room is pinned to {} — {pin} follows your screen again",
                        here.describe()
                    ));
                }
            }
        }
        true
    }

    /// The presenter strip: what the room sees, what comes next, and the private timer.
    pub fn presenter_strip(&self) -> String {
        let showing = self.room_showing();
        let mut room = match (self.room.blank, self.room.mode) {
            (true, _) if self.room.opening.is_some() => {
                "Room: BLANK — the title card until you move on".to_owned()
            }
            (true, _) => "Room: BLANK — the title card".to_owned(),
            (false, Mode::Pin) => format!("Room: PINNED — {}", showing.describe()),
            (false, Mode::Follow) => format!("Room: {}", showing.describe()),
        };
        if let Some(other) = self.room.other.as_ref().filter(|_| !self.room.driving) {
            room.push_str(&format!(" · moved by {other}"));
        }
        if self.room.failed_at.is_some() {
            // The projector still shows what it was last told.
            room.push_str(" · ⚠ NOT SENT: the database is busy, trying again");
        }
        let mut parts = vec![room];
        if let Some(next) = self.script.segments.get(self.run.current + 1) {
            parts.push(format!("next: {}", next.title));
        }
        let remaining = self.run.remaining(&self.script, self.now);
        match self.run.state {
            RunState::Running | RunState::Paused if remaining >= TimeDelta::zero() => {
                parts.push(format!("{} left", crate::room::clock(remaining)));
            }
            RunState::Running | RunState::Paused => {
                let over = TimeDelta::seconds(-remaining.num_seconds());
                parts.push(format!("{} over", crate::room::clock(over)));
            }
            _ => {}
        }
        // Running late with minutes that may go: the proposal, and its key.
        let can: u32 = self
            .run
            .rebalance(&self.script, self.now)
            .iter()
            .map(|p| p.1)
            .sum();
        if can > 0 && self.seat.moves_agenda() {
            let key = self.hint(Context::Agenda, Action::Rebalance);
            parts.push(format!(
                "{key} takes {can} min from later items to finish on time"
            ));
        }
        parts.join("  ·  ")
    }
}

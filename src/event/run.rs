//! The agenda as it is run: when each segment actually started and ended, pauses and
//! extensions, and where the day is heading.
//!
//! Every operation takes `now` from the caller, so tests drive the clock and nothing here
//! reads the system time.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use crate::script::Script;

/// One stretch of time a segment ran, from start or resume to pause or leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: NaiveDateTime,
    pub end: Option<NaiveDateTime>,
}

/// What happened to one segment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SegmentRun {
    /// Every stretch it ran; the gaps between them are pauses (or time spent elsewhere).
    pub intervals: Vec<Interval>,
    /// Minutes added (+) or taken off (−) the planned length during the event.
    pub extra_minutes: i32,
}

impl SegmentRun {
    pub fn started(&self) -> bool {
        !self.intervals.is_empty()
    }

    pub fn actual_start(&self) -> Option<NaiveDateTime> {
        self.intervals.first().map(|i| i.start)
    }

    /// When it was last left (None while it is open).
    pub fn actual_end(&self) -> Option<NaiveDateTime> {
        self.intervals.last().and_then(|i| i.end)
    }

    pub fn elapsed(&self, now: NaiveDateTime) -> TimeDelta {
        self.intervals
            .iter()
            .map(|i| (i.end.unwrap_or(now) - i.start).max(TimeDelta::zero()))
            .sum()
    }

    fn is_open(&self) -> bool {
        self.intervals.last().is_some_and(|i| i.end.is_none())
    }

    fn open(&mut self, now: NaiveDateTime) {
        if !self.is_open() {
            self.intervals.push(Interval {
                start: now,
                end: None,
            });
        }
    }

    fn close(&mut self, now: NaiveDateTime) {
        if let Some(last) = self.intervals.last_mut()
            && last.end.is_none()
        {
            last.end = Some(now.max(last.start));
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunState {
    /// Nothing has started; moving between segments only changes what is next.
    NotStarted,
    Running,
    Paused,
    Finished,
}

impl RunState {
    pub const ALL: [RunState; 4] = [
        RunState::NotStarted,
        RunState::Running,
        RunState::Paused,
        RunState::Finished,
    ];

    /// Its name in the store and in event documents.
    pub fn slug(self) -> &'static str {
        match self {
            RunState::NotStarted => "not-started",
            RunState::Running => "running",
            RunState::Paused => "paused",
            RunState::Finished => "finished",
        }
    }

    pub fn from_slug(slug: &str) -> Option<RunState> {
        RunState::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// In words, for a message.
    pub fn name(self) -> &'static str {
        match self {
            RunState::NotStarted => "not started",
            RunState::Running => "running",
            RunState::Paused => "paused",
            RunState::Finished => "finished",
        }
    }
}

/// How the current segment's time stands, for wording and symbols on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimePhase {
    Plenty,
    /// The last 20 % of its time.
    Low,
    Over,
}

/// The agenda as it is being run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaRun {
    pub segments: Vec<SegmentRun>,
    pub current: usize,
    pub state: RunState,
    /// The day the event started; until then, planned times are read on today's date.
    pub started_on: Option<NaiveDate>,
}

/// Longest a segment can be stretched to with +5 (a whole working day).
const MAX_ALLOTTED_MINUTES: i64 = 720;

/// A segment left within this long after it was entered was a slip of the finger: going back
/// forgets it rather than recording a start time that never really happened.
const MISTAKE: TimeDelta = TimeDelta::seconds(60);

impl AgendaRun {
    pub fn new(script: &Script) -> Self {
        AgendaRun {
            segments: vec![SegmentRun::default(); script.segments.len()],
            current: 0,
            state: RunState::NotStarted,
            started_on: None,
        }
    }

    /// The day the plan is read on: the day the event started, or today before it has.
    pub fn day(&self, now: NaiveDateTime) -> NaiveDate {
        self.started_on.unwrap_or(now.date())
    }

    pub fn planned_starts(&self, script: &Script, now: NaiveDateTime) -> Vec<NaiveDateTime> {
        script.planned_starts(self.day(now))
    }

    pub fn planned_end(&self, script: &Script, now: NaiveDateTime) -> NaiveDateTime {
        script.planned_end(self.day(now))
    }

    /// The run as it would stand at `at` had every segment started on its planned time;
    /// `thrive render --at` uses it to preview the screen.
    pub fn on_plan(script: &Script, at: NaiveDateTime) -> Self {
        let mut run = AgendaRun::new(script);
        let starts = script.planned_starts(at.date());
        for (i, &start) in starts.iter().enumerate() {
            if start > at {
                break;
            }
            if i > 0 {
                run.next(start);
            } else {
                run.start_pause(start);
            }
        }
        let end = script.planned_end(at.date());
        if at >= end && run.state != RunState::NotStarted {
            run.next(end);
        }
        run
    }

    fn current_run(&mut self) -> &mut SegmentRun {
        &mut self.segments[self.current]
    }

    /// Space: start the event, pause, or resume.
    pub fn start_pause(&mut self, now: NaiveDateTime) {
        match self.state {
            RunState::NotStarted | RunState::Paused => {
                self.started_on.get_or_insert(now.date());
                self.current_run().open(now);
                self.state = RunState::Running;
            }
            RunState::Running => {
                self.current_run().close(now);
                self.state = RunState::Paused;
            }
            RunState::Finished => {}
        }
    }

    /// Leave the current segment and start the next; past the last one the event finishes.
    pub fn next(&mut self, now: NaiveDateTime) {
        let last = self.segments.len() - 1;
        match self.state {
            RunState::NotStarted => self.current = (self.current + 1).min(last),
            RunState::Running | RunState::Paused => {
                self.current_run().close(now);
                if self.current == last {
                    self.state = RunState::Finished;
                } else {
                    self.current += 1;
                    self.current_run().open(now);
                    self.state = RunState::Running;
                }
            }
            RunState::Finished => {}
        }
    }

    /// Go back to the previous segment and carry on with it (its clock continues).
    pub fn previous(&mut self, now: NaiveDateTime) {
        match self.state {
            RunState::NotStarted => self.current = self.current.saturating_sub(1),
            RunState::Running | RunState::Paused => {
                if self.current == 0 {
                    return;
                }
                self.current_run().close(now);
                let left = &self.segments[self.current];
                let back = &self.segments[self.current - 1];
                // A slip: the segment was entered straight from the one before it (that one's
                // last stretch ended as this one began) and left again within a minute.
                let slip = left.elapsed(now) < MISTAKE
                    && left.extra_minutes == 0
                    && back.actual_end().is_some()
                    && back.actual_end() == left.actual_start();
                if slip {
                    self.current_run().intervals.clear();
                }
                self.current -= 1;
                let back = self.current_run();
                match back.intervals.last_mut() {
                    // The previous segment never really stopped: its last stretch carries on,
                    // so the seconds spent on the slip count for it.
                    Some(last) if slip => last.end = None,
                    _ => back.open(now),
                }
                self.state = RunState::Running;
            }
            RunState::Finished => {
                self.current_run().open(now);
                self.state = RunState::Running;
            }
        }
    }

    /// Go to any segment: before the event it only changes what is next; during it, the
    /// current segment is left and `to` runs.
    pub fn jump(&mut self, to: usize, now: NaiveDateTime) {
        if to >= self.segments.len() {
            return;
        }
        match self.state {
            RunState::NotStarted => self.current = to,
            RunState::Finished if to == self.current => {
                self.current_run().open(now);
                self.state = RunState::Running;
            }
            _ if to == self.current => {
                if self.state != RunState::Running {
                    self.start_pause(now);
                }
            }
            _ => {
                self.started_on.get_or_insert(now.date());
                self.current_run().close(now);
                self.current = to;
                self.current_run().open(now);
                self.state = RunState::Running;
            }
        }
    }

    /// +5 / −5: change the current segment's allotted time (never below one minute).
    pub fn extend(&mut self, script: &Script, minutes: i32) {
        let planned = i64::from(script.segments[self.current].minutes);
        let run = &mut self.segments[self.current];
        let allotted = (planned + i64::from(run.extra_minutes) + i64::from(minutes))
            .clamp(1, MAX_ALLOTTED_MINUTES);
        run.extra_minutes = i32::try_from(allotted - planned).unwrap_or(0);
    }

    /// How to finish on time when the day runs late: minutes to take from the segments
    /// after this one that the script marks flexible (`flex`), the earliest first, never
    /// more than a segment's flex (less what was taken from it already). Empty when on
    /// time, or when nothing may go.
    pub fn rebalance(&self, script: &Script, now: NaiveDateTime) -> Vec<(usize, u32)> {
        // Only a day under way is late: before the start (or before the day, preparing) the
        // plan is read against today's clock, and nothing has run over yet.
        if !matches!(self.state, RunState::Running | RunState::Paused) {
            return Vec::new();
        }
        let mut late = self.minutes_late(script, now).max(0);
        let mut out = Vec::new();
        for i in self.current + 1..self.segments.len() {
            if late == 0 {
                break;
            }
            let taken = i64::from(-self.segments[i].extra_minutes.min(0));
            let may = (i64::from(script.segments[i].flex) - taken).max(0);
            let take = may.min(late);
            if take > 0 {
                out.push((i, u32::try_from(take).unwrap_or(0)));
                late -= take;
            }
        }
        out
    }

    /// Takes the proposed minutes off those segments: their plan stays as the script says,
    /// the minutes taken are kept beside it, as +5/−5 keeps its changes.
    pub fn apply_rebalance(&mut self, plan: &[(usize, u32)]) {
        for &(i, minutes) in plan {
            if let Some(run) = self.segments.get_mut(i) {
                run.extra_minutes -= i32::try_from(minutes).unwrap_or(0);
            }
        }
    }

    pub fn allotted(&self, script: &Script, i: usize) -> TimeDelta {
        let planned = i64::from(script.segments[i].minutes);
        TimeDelta::minutes(planned + i64::from(self.segments[i].extra_minutes))
    }

    /// Time left in the current segment; negative once it is over.
    pub fn remaining(&self, script: &Script, now: NaiveDateTime) -> TimeDelta {
        self.allotted(script, self.current) - self.segments[self.current].elapsed(now)
    }

    pub fn phase(&self, script: &Script, now: NaiveDateTime) -> TimePhase {
        let remaining = self.remaining(script, now);
        let allotted = self.allotted(script, self.current);
        if remaining < TimeDelta::zero() {
            TimePhase::Over
        } else if remaining * 5 <= allotted && self.state != RunState::NotStarted {
            TimePhase::Low
        } else {
            TimePhase::Plenty
        }
    }

    /// When the event will end if everything after now takes its allotted time.
    pub fn projected_end(&self, script: &Script, now: NaiveDateTime) -> NaiveDateTime {
        let after: TimeDelta = (self.current + 1..self.segments.len())
            .map(|i| self.allotted(script, i))
            .sum();
        match self.state {
            RunState::NotStarted => {
                let planned = self.planned_starts(script, now)[self.current];
                now.max(planned) + self.allotted(script, self.current) + after
            }
            RunState::Running | RunState::Paused => {
                now + self.remaining(script, now).max(TimeDelta::zero()) + after
            }
            RunState::Finished => self.segments[self.current].actual_end().unwrap_or(now),
        }
    }

    /// Whole minutes late (+) or early (−) against the script's planned end.
    pub fn minutes_late(&self, script: &Script, now: NaiveDateTime) -> i64 {
        let diff = self.projected_end(script, now) - self.planned_end(script, now);
        // Round to the nearest minute so a few seconds either way read as "on time".
        (diff.num_seconds() as f64 / 60.0).round() as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{EXAMPLE, EXAMPLE_NAME, parse};

    fn script() -> Script {
        let s = parse(EXAMPLE_NAME, EXAMPLE.as_bytes()).map_err(|r| r.to_string());
        s.expect("example loads")
    }

    #[test]
    fn on_plan_is_on_time() {
        let s = script();
        let starts = s.planned_starts(s.workshop.date);
        let at = starts[1] + TimeDelta::minutes(1);
        let run = AgendaRun::on_plan(&s, at);
        assert_eq!(run.current, 1);
        assert_eq!(run.state, RunState::Running);
        assert_eq!(run.minutes_late(&s, at), 0);
        let planned_end = s.planned_end(s.workshop.date);
        let end = AgendaRun::on_plan(&s, planned_end);
        assert_eq!(end.state, RunState::Finished);
        assert_eq!(end.minutes_late(&s, planned_end), 0);
    }

    #[test]
    fn the_plan_is_read_on_the_day_the_event_runs_not_the_scripts_date() {
        let s = script();
        let week_early = s.start_at() - TimeDelta::days(8) + TimeDelta::minutes(2);
        let mut run = AgendaRun::new(&s);
        assert_eq!(
            run.minutes_late(&s, week_early),
            2,
            "not started, two minutes behind"
        );
        run.start_pause(week_early);
        assert_eq!(run.minutes_late(&s, week_early), 2);
        // Past midnight the plan stays on the day the event started.
        let late_night = week_early + TimeDelta::hours(20);
        assert_eq!(run.planned_end(&s, late_night).date(), week_early.date());
    }

    #[test]
    fn going_back_after_a_jump_keeps_both_segments_times() {
        let s = script();
        let t0 = s.start_at();
        let mut run = AgendaRun::new(&s);
        run.start_pause(t0);
        run.jump(5, t0 + TimeDelta::minutes(10));
        run.previous(t0 + TimeDelta::minutes(10) + TimeDelta::seconds(20));
        assert_eq!(run.current, 4);
        assert!(
            run.segments[5].started(),
            "a jump then back is not a slip from segment 4"
        );
        assert!(run.segments[4].started());
        assert_eq!(
            run.segments[0].actual_end(),
            Some(t0 + TimeDelta::minutes(10))
        );
    }

    #[test]
    fn enter_on_the_last_segment_after_the_end_reopens_it() {
        let s = script();
        let t0 = s.start_at();
        let last = s.segments.len() - 1;
        let mut run = AgendaRun::new(&s);
        run.start_pause(t0);
        run.jump(last, t0);
        run.next(t0 + TimeDelta::minutes(5));
        assert_eq!(run.state, RunState::Finished);
        run.jump(last, t0 + TimeDelta::minutes(6));
        assert_eq!(run.state, RunState::Running);
        assert_eq!(run.current, last);
    }

    #[test]
    fn going_back_straight_away_forgets_the_slip() {
        let s = script();
        let t0 = s.start_at();
        let mut run = AgendaRun::new(&s);
        run.start_pause(t0);
        run.next(t0 + TimeDelta::minutes(10));
        run.previous(t0 + TimeDelta::minutes(10) + TimeDelta::seconds(5));
        assert!(!run.segments[1].started());
        assert_eq!(run.current, 0);
        assert_eq!(
            run.segments[0].elapsed(t0 + TimeDelta::minutes(11)),
            TimeDelta::minutes(11),
            "the slip's seconds count for the segment that never stopped"
        );
        assert_eq!(run.segments[0].intervals.len(), 1);
    }
}

//! The room's view: what the projector shows, as plain data built from the event record and
//! the screen the facilitator chose. A [`Room`] has no field for a prompt, a draft, the text
//! of an open field, a dialog, help, a path or a status message, so no drawing of one can
//! show them; private notes are left out where the notes are read in.

use chrono::{NaiveDateTime, TimeDelta};

use crate::event::assessment::{Assessments, Level};
use crate::event::record::{Action, Decision, EventInfo, Note, Status};
use crate::event::room::Shown;
use crate::event::vote::{self, Vote};
use crate::event::{AgendaRun, RunState, TimePhase};
use crate::map::Service;
use crate::map::coverage::{self, Grid};
use crate::script::{Kind, Script};
use crate::thrive::{Grouping, Principle};

/// What the room view is drawn from: the event as the store (or the console) holds it.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    pub script: &'a Script,
    pub event: Option<&'a EventInfo>,
    pub run: &'a AgendaRun,
    pub notes: &'a [Note],
    pub actions: &'a [Action],
    pub services: &'a [Service],
    /// Localities confirmed at the event beyond the script's.
    pub localities: &'a [String],
    pub review: &'a [(Action, Option<Decision>)],
    pub assessments: &'a Assessments,
    pub vote: &'a Vote,
    pub now: NaiveDateTime,
}

/// One screen for the room, whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Room {
    pub title: String,
    pub site: String,
    /// "Thu 3 Dec · Kettlebridge Community Hub"
    pub when: String,
    /// The time of day, minutes only: the room never sees seconds tick on a wall clock.
    pub clock: String,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// No event to show yet, and why, in a calm sentence.
    Waiting(String),
    Title,
    Segment(SegmentCard),
    Groupings(Vec<GroupingCard>),
    Grouping(GroupingCard),
    Principle {
        principle: Principle,
        summary: String,
        description: String,
    },
    Map(Vec<Column>),
    Coverage(Grid),
    /// The gaps, and the one selected at the console.
    Gaps(Vec<String>, usize),
    Actions(Vec<ActionLine>),
    Notes(Vec<NoteLine>),
    Review(Vec<ActionLine>),
    Assessment(AssessmentCard),
    Priorities(VoteCard),
}

/// The dot vote as the room reads it. Until the reveal it holds no tally at all: the
/// candidates in the order they were added, and each voter's dots left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoteCard {
    Voting {
        candidates: Vec<String>,
        /// Each voter: its name, dots put down, and its budget.
        voters: Vec<(String, u32, u32)>,
    },
    Revealed {
        /// Place ("1", "=2"), candidate, dots.
        ranking: Vec<(String, String, u32)>,
        /// "2 dots not spent (Table 4)", when some were not.
        unspent: Option<String>,
    },
}

/// A cell's score now, and the previous assessment's.
pub type Scores = (Option<u8>, Option<u8>);

/// The assessment as the room reads it: the scores and their change, never the rationales.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentCard {
    pub levels: Vec<Level>,
    /// Each principle: for each level, the score now and the previous assessment's.
    pub rows: Vec<(Principle, Vec<Scores>)>,
    /// "Change since Thu 15 Oct" — the previous assessment's day, if there was one.
    pub compared: Option<String>,
    /// Per level, then in all: "Services: 5 of 8 THRIVE-like · baseline 3 of 8".
    pub summary: Vec<String>,
    /// Each principle's THRIVE-like cells of those scored, with the baseline's: "2/3 (was
    /// 1/2)"; "·" when none is scored.
    pub per_principle: Vec<String>,
    /// The cell the facilitator chose to show with its evidence: where, and the words.
    pub evidence: Option<(Principle, Level, String)>,
}

/// The current segment, as the room reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentCard {
    pub title: String,
    /// "Segment 7 of 14 · mapping"
    pub position: String,
    /// The big number: time left, "+3:10" over, the planned length before it starts.
    pub countdown: String,
    pub phase: Phase,
    /// The countdown in words, so it reads without colour: "20 min left", "over time".
    pub words: String,
    /// How much of its time has gone, while it runs.
    pub gone: Option<f64>,
    /// The segment's text for the room (never its prompts).
    pub text: String,
    /// A break: "Back at 13:15".
    pub back_at: Option<String>,
    /// "Next: Mapping by age: 0–25"
    pub next: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    NotStarted,
    Running,
    Low,
    Over,
    Paused,
    Finished,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupingCard {
    pub grouping: Grouping,
    pub summary: String,
    pub description: String,
    pub services: Vec<String>,
}

/// A column of the map: a grouping (or the services not placed yet) and its services.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub grouping: Option<Grouping>,
    pub services: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionLine {
    pub text: String,
    pub who: String,
    pub due: String,
    pub status: String,
    pub open: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteLine {
    /// "11:42"
    pub at: String,
    pub text: String,
}

/// What to build: a screen of the event, or a waiting card before there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    Shown(Shown),
    Waiting(String),
}

impl Room {
    /// The room's screen `ask` asks for, from `src` and nothing else.
    pub fn build(src: &Sources<'_>, ask: &Ask) -> Room {
        let w = &src.script.workshop;
        let title = src.event.map_or(w.title.clone(), |e| e.title.clone());
        let site = src.event.map_or(w.site.clone(), |e| e.site.clone());
        let date = src.event.map_or(w.date, |e| e.date);
        let mut when = date.format("%a %-d %b").to_string();
        if let Some(venue) = &w.venue {
            when.push_str(" · ");
            when.push_str(venue);
        }
        let body = match ask {
            Ask::Waiting(why) => Body::Waiting(why.clone()),
            Ask::Shown(shown) => body(src, *shown),
        };
        Room {
            title,
            site,
            when,
            clock: src.now.format("%H:%M").to_string(),
            body,
        }
    }

    /// The card a projector shows before it has an event to follow.
    pub fn waiting(why: &str, now: NaiveDateTime) -> Room {
        Room {
            title: "thrive".to_owned(),
            site: String::new(),
            when: String::new(),
            clock: now.format("%H:%M").to_string(),
            body: Body::Waiting(why.to_owned()),
        }
    }

    /// Every text the room shows, for the tests that prove what it never shows.
    pub fn texts(&self) -> Vec<String> {
        let mut all = vec![self.title.clone(), self.site.clone(), self.when.clone()];
        match &self.body {
            Body::Waiting(s) => all.push(s.clone()),
            Body::Title => {}
            Body::Segment(c) => {
                all.extend([c.title.clone(), c.position.clone(), c.text.clone()]);
                all.extend([c.words.clone(), c.countdown.clone()]);
                all.extend(c.back_at.iter().chain(c.next.iter()).cloned());
            }
            Body::Groupings(cards) => {
                for c in cards {
                    all.push(c.summary.clone());
                    all.extend(c.services.iter().cloned());
                }
            }
            Body::Grouping(c) => {
                all.extend([c.summary.clone(), c.description.clone()]);
                all.extend(c.services.iter().cloned());
            }
            Body::Principle {
                summary,
                description,
                ..
            } => all.extend([summary.clone(), description.clone()]),
            Body::Map(cols) => cols
                .iter()
                .for_each(|c| all.extend(c.services.iter().cloned())),
            Body::Coverage(g) => all.extend(g.columns.iter().cloned()),
            Body::Gaps(g, _) => all.extend(g.iter().cloned()),
            Body::Actions(a) | Body::Review(a) => {
                for a in a {
                    all.extend([
                        a.text.clone(),
                        a.who.clone(),
                        a.due.clone(),
                        a.status.clone(),
                    ]);
                }
            }
            Body::Assessment(c) => {
                all.extend(c.summary.iter().cloned());
                all.extend(c.evidence.iter().map(|e| e.2.clone()));
            }
            Body::Priorities(VoteCard::Voting { candidates, voters }) => {
                all.extend(candidates.iter().cloned());
                all.extend(voters.iter().map(|v| v.0.clone()));
            }
            Body::Priorities(VoteCard::Revealed { ranking, unspent }) => {
                all.extend(ranking.iter().map(|r| r.1.clone()));
                all.extend(unspent.clone());
            }
            Body::Notes(n) => all.extend(n.iter().flat_map(|n| [n.at.clone(), n.text.clone()])),
        }
        all
    }
}

fn body(src: &Sources<'_>, shown: Shown) -> Body {
    let script = src.script;
    match shown {
        Shown::Title => Body::Title,
        Shown::Segment => Body::Segment(segment(src)),
        Shown::Groupings => Body::Groupings(
            Grouping::ALL
                .iter()
                .map(|&g| grouping_card(src, g))
                .collect(),
        ),
        Shown::Grouping(g) => Body::Grouping(grouping_card(src, g)),
        Shown::Principles(p) => {
            let wording = script.framework.principle(p);
            Body::Principle {
                principle: p,
                summary: wording.summary.clone(),
                description: wording.description.clone(),
            }
        }
        Shown::Map => {
            let mut columns = Vec::with_capacity(6);
            let unplaced = names(
                src.services
                    .iter()
                    .filter(|s| s.fields.groupings.is_empty()),
            );
            if !unplaced.is_empty() {
                columns.push(Column {
                    grouping: None,
                    services: unplaced,
                });
            }
            for g in Grouping::ALL {
                columns.push(Column {
                    grouping: Some(g),
                    services: in_grouping(src, g),
                });
            }
            Body::Map(columns)
        }
        Shown::Coverage(d) => Body::Coverage(coverage::grid(src.services, &catalog(src), d)),
        Shown::Gaps(at) => Body::Gaps(
            coverage::gaps(src.services, &catalog(src))
                .iter()
                .map(|g| g.sentence())
                .collect(),
            usize::try_from(at).unwrap_or(0),
        ),
        Shown::Actions => Body::Actions(src.actions.iter().map(|a| action_line(src, a)).collect()),
        Shown::Review => Body::Review(
            src.review
                .iter()
                .map(|(a, decision)| {
                    let mut line = action_line(src, a);
                    if let Some(d) = decision {
                        line.status = format!("{} {}", d.symbol(), d.name());
                        line.open = false;
                    }
                    line
                })
                .collect(),
        ),
        Shown::Assessment => {
            Body::Assessment(assessment_card(src.assessments, &src.script.levels()))
        }
        Shown::Evidence(p, l) => {
            let mut card = assessment_card(src.assessments, &src.script.levels());
            card.evidence = Some((p, l, src.assessments.now.rationale(p, l).to_owned()));
            Body::Assessment(card)
        }
        Shown::Priorities => {
            // A candidate from a note made private since is the facilitators' only.
            let vote = src.vote.without(|c| {
                c.origin == vote::Origin::Note
                    && src
                        .notes
                        .iter()
                        .any(|n| Some(n.id.0) == c.source && n.is_private())
            });
            Body::Priorities(vote_card(&vote, &src.script.vote_rules()))
        }
        Shown::Notes => Body::Notes(
            src.notes
                .iter()
                // The one place notes enter the room: a private one never does.
                .filter(|n| !n.is_private())
                .map(|n| NoteLine {
                    at: n.created_at.format("%H:%M").to_string(),
                    text: n.text.clone(),
                })
                .collect(),
        ),
    }
}

/// The vote for the room: blind (who has voted, dots left) until revealed, then the ranking.
pub fn vote_card(v: &Vote, rules: &vote::Rules) -> VoteCard {
    if !v.revealed {
        return VoteCard::Voting {
            candidates: v.candidates.iter().map(|c| c.text.clone()).collect(),
            voters: v
                .voters(rules)
                .into_iter()
                .map(|name| {
                    let spent = v.spent(&name);
                    (name, spent, rules.dots)
                })
                .collect(),
        };
    }
    let ranking = v
        .ranking()
        .iter()
        .map(|r| {
            (
                Vote::place_words(r),
                v.candidates[r.candidate].text.clone(),
                r.dots,
            )
        })
        .collect();
    let left: Vec<String> = v
        .voters(rules)
        .into_iter()
        .filter(|name| v.spent(name) < rules.dots)
        .collect();
    let unspent = (!left.is_empty()).then(|| {
        format!(
            "{} not spent ({})",
            vote::dots_words(v.unspent(rules)),
            left.join(", ")
        )
    });
    VoteCard::Revealed { ranking, unspent }
}

/// The grid with its change since the previous assessment and its summary against the
/// baseline (the series' first).
pub fn assessment_card(a: &Assessments, levels: &[Level]) -> AssessmentCard {
    let previous = a.previous().map(|(_, p)| p);
    let rows = Principle::ALL
        .iter()
        .map(|&p| {
            let cells = levels
                .iter()
                .map(|&l| (a.now.score(p, l), previous.and_then(|b| b.score(p, l))))
                .collect();
            (p, cells)
        })
        .collect();
    let on = |levels: &[Level]| {
        let levels = levels.to_vec();
        move |_: Principle, l: Level| levels.contains(&l)
    };
    let mut summary = Vec::new();
    for &l in levels {
        let mut line = format!("{}: {}", l.name(), a.now.tally(on(&[l])).words());
        if let Some((_, base)) = a.baseline() {
            line.push_str(&format!(" · baseline {}", base.tally(on(&[l])).words()));
        }
        summary.push(line);
    }
    let mut all = format!("In all: {}", a.now.tally(on(levels)).words());
    if let Some((info, base)) = a.baseline() {
        all.push_str(&format!(
            " · baseline ({}) {}",
            info.date.format("%-d %b %Y"),
            base.tally(on(levels)).words()
        ));
    }
    summary.push(all);
    let short = |t: crate::event::assessment::Tally| format!("{}/{}", t.thrive_like, t.scored);
    let per_principle = Principle::ALL
        .iter()
        .map(|&p| {
            let of = |a: &crate::event::assessment::Assessment| {
                a.tally(|q, l| q == p && levels.contains(&l))
            };
            let now = of(&a.now);
            let base = a.baseline().map(|(_, b)| of(b)).filter(|t| t.scored > 0);
            match (now.scored, base) {
                (0, None) => "·".to_owned(),
                (0, Some(b)) => format!("· (was {})", short(b)),
                (_, None) => short(now),
                (_, Some(b)) => format!("{} (was {})", short(now), short(b)),
            }
        })
        .collect();
    AssessmentCard {
        levels: levels.to_vec(),
        rows,
        per_principle,
        compared: a
            .previous()
            .map(|(info, _)| format!("Change since {}", info.date.format("%a %-d %b %Y"))),
        summary,
        evidence: None,
    }
}

fn catalog(src: &Sources<'_>) -> crate::map::Catalog {
    src.script
        .workshop
        .catalog()
        .with_localities(src.localities)
}

fn names<'a>(services: impl Iterator<Item = &'a Service>) -> Vec<String> {
    services.map(|s| s.fields.name.clone()).collect()
}

fn in_grouping(src: &Sources<'_>, g: Grouping) -> Vec<String> {
    names(
        src.services
            .iter()
            .filter(|s| s.fields.groupings.contains(g)),
    )
}

fn grouping_card(src: &Sources<'_>, g: Grouping) -> GroupingCard {
    let wording = src.script.framework.grouping(g);
    GroupingCard {
        grouping: g,
        summary: wording.summary.clone(),
        description: wording.description.clone(),
        services: in_grouping(src, g),
    }
}

fn action_line(src: &Sources<'_>, a: &Action) -> ActionLine {
    let who = a
        .owners
        .iter()
        .map(|o| src.script.who(o))
        .collect::<Vec<_>>()
        .join(", ");
    ActionLine {
        text: a.text.clone(),
        who,
        due: a
            .due
            .map(|d| format!("by {}", d.format("%a %-d %b")))
            .unwrap_or_default(),
        status: format!("{} {}", a.status.symbol(), a.status.name()),
        open: a.status.is_open() && a.status != Status::Dropped,
    }
}

fn segment(src: &Sources<'_>) -> SegmentCard {
    let (script, run, now) = (src.script, src.run, src.now);
    let i = run.current;
    let seg = &script.segments[i];
    let allotted = run.allotted(script, i);
    let remaining = run.remaining(script, now);
    let phase = match (run.state, run.phase(script, now)) {
        (RunState::NotStarted, _) => Phase::NotStarted,
        (RunState::Finished, _) => Phase::Finished,
        (RunState::Paused, _) => Phase::Paused,
        (RunState::Running, TimePhase::Over) => Phase::Over,
        (RunState::Running, TimePhase::Low) => Phase::Low,
        (RunState::Running, TimePhase::Plenty) => Phase::Running,
    };
    let over = remaining < TimeDelta::zero();
    let countdown = match phase {
        Phase::Finished => "DONE".to_owned(),
        Phase::NotStarted => clock(allotted),
        _ if over => format!("+{}", clock(TimeDelta::seconds(-remaining.num_seconds()))),
        _ => clock(remaining),
    };
    let minutes_left = (remaining.num_seconds() + 59) / 60;
    let words = match phase {
        Phase::NotStarted => format!("{} minutes · about to start", allotted.num_minutes()),
        Phase::Finished => "✓ the event has finished — thank you".to_owned(),
        Phase::Paused if over => "‖ paused · over time".to_owned(),
        Phase::Paused => "‖ paused".to_owned(),
        Phase::Over => "⏰ over time — time to move on".to_owned(),
        Phase::Low => format!("⚠ {} left — time to wrap up", minutes(minutes_left)),
        Phase::Running => format!("▶ {} left", minutes(minutes_left)),
    };
    let gone = matches!(
        phase,
        Phase::Running | Phase::Low | Phase::Over | Phase::Paused
    )
    .then(|| {
        let secs = allotted.num_seconds().max(1) as f64;
        (run.segments[i].elapsed(now).num_seconds() as f64 / secs).clamp(0.0, 1.0)
    });
    let back_at = (seg.kind == Kind::Break && phase != Phase::Finished).then(|| {
        let back = match phase {
            Phase::NotStarted => run.planned_starts(script, now)[i].max(now) + allotted,
            _ => now + remaining.max(TimeDelta::zero()),
        };
        format!("Back at {}", back.format("%H:%M"))
    });
    let next = script
        .segments
        .get(i + 1)
        .filter(|_| phase != Phase::Finished)
        .map(|s| format!("Next: {}", s.title));
    SegmentCard {
        title: seg.title.clone(),
        position: format!(
            "Segment {} of {} · {}",
            i + 1,
            script.segments.len(),
            seg.kind.name()
        ),
        countdown,
        phase,
        words,
        gone,
        text: seg.text.clone(),
        back_at,
        next,
    }
}

fn minutes(n: i64) -> String {
    if n == 1 {
        "1 minute".to_owned()
    } else {
        format!("{n} minutes")
    }
}

/// "23:41", or "1:05:00" from an hour up; rounds up, so a fresh 45-minute segment reads 45:00.
pub fn clock(d: TimeDelta) -> String {
    let secs = (d.num_milliseconds().max(0) + 999) / 1000;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

//! One whole event as a document: the versioned shape `thrive export --format json|toml`
//! writes and `thrive import-event` reads back into another database. Everything the event
//! owns is here — a copy of its script, the agenda as run, notes, actions, the service map —
//! and, for readers who were not there, what is derived from it: planned and taken minutes,
//! the gaps, and what changed since the last event of the series. Derived parts are written
//! for readers and recomputed, never read back.
//!
//! Every record carries its `uid`, the name it keeps wherever the event goes (a calendar
//! entry's UID comes from it), never the database's row id.
//!
//! Version 2 (see [`VERSION`]). A reader refuses a document of a later version rather than
//! guess at it, and reads version 1.

mod import;
mod read;

use std::collections::HashMap;

/// An event document larger than this is refused before it is read: a long day with a few
/// hundred services and notes is a few MiB; parsing is held to a few times this in memory.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::record::{Action, ActionId, Decision, EventId, Note, Status};
use super::run::{AgendaRun, RunState};
use super::store::{Names, Result, Store, StoreError};
use crate::map::coverage::{self, GapCount, GapKind};
use crate::map::{Ages, Catalog, Service, ServiceId};
use crate::script::Script;
use crate::thrive::{Grouping, Principle};

pub use read::{Read, read};

/// The `format` every event document names, so another JSON file is never taken for one.
pub const FORMAT: &str = "thrive-event";
/// The version this thrive writes, and the newest it reads.
///
/// 2: a service has `localities` (a list; version 1's one `locality` text is read as a list),
/// and a gap has a `kind` (nothing, thin, partly) and the `partly` services.
/// 3: a note may be `private` (for the facilitators only: never in the room, the report or
/// the files for others); earlier versions have none.
/// 4: the i-THRIVE `assessment` (each scored cell with its evidence) and the dot `vote`
/// (candidates with where they came from and each voter's dots, voters added at the event,
/// the reveal, and the ranking derived); earlier versions have neither.
pub const VERSION: u32 = 4;

impl Document {
    /// The document as the files for others read it: private notes left out.
    pub fn for_others(&self) -> Document {
        let mut doc = self.clone();
        doc.notes
            .retain(|n| !n.private && !crate::event::capture::is_private(&n.text));
        if let Some(v) = &mut doc.vote {
            // Dots on what is left out are still spent; the places are those of what is
            // left, so a ranking for others starts at 1 and hints at nothing removed.
            for c in v.candidates.iter().filter(|c| c.private) {
                for d in &c.dots {
                    *v.withheld.entry(d.voter.clone()).or_insert(0) += d.dots;
                }
            }
            v.candidates.retain(|c| !c.private);
            for r in crate::event::vote::rank(v.candidates.iter().map(|c| c.total)) {
                v.candidates[r.candidate].place = crate::event::vote::Vote::place_words(&r);
            }
        }
        doc
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Always "thrive-event".
    pub format: String,
    pub version: u32,
    /// When the document was written. Derived parts (minutes taken, gaps) are as of then.
    pub exported_at: NaiveDateTime,
    /// "thrive 0.1.0".
    pub exported_by: String,
    pub event: EventPart,
    /// The agenda, in order: planned against actual.
    #[serde(default)]
    pub agenda: Vec<AgendaItem>,
    #[serde(default)]
    pub notes: Vec<NoteDoc>,
    #[serde(default)]
    pub actions: Vec<ActionDoc>,
    #[serde(default)]
    pub services: Vec<ServiceDoc>,
    /// Localities confirmed at the event beyond the script's list: they are the map's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub localities: Vec<String>,
    /// Derived: every empty or thin place on the map.
    #[serde(default)]
    pub gaps: Vec<GapDoc>,
    /// Derived: the last event of the series and what became of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since_last_time: Option<SinceLastTime>,
    /// The i-THRIVE assessment: each cell scored or given its evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessment: Vec<CellDoc>,
    /// Derived: the earlier assessments of the series (or site), oldest first — the first is
    /// the baseline, the last the one before this — their scores only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessment_before: Vec<EarlierAssessment>,
    /// The dot vote, if the event held one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote: Option<VoteDoc>,
    /// The workshop script the event ran, as its file was (TOML).
    pub script: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventPart {
    pub uid: String,
    pub title: String,
    pub site: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    #[serde(default)]
    pub facilitator: String,
    /// The day it was run.
    pub date: NaiveDate,
    /// The day the script planned (it may have been run on another).
    pub planned_date: NaiveDate,
    pub created_at: NaiveDateTime,
    /// not-started, running, paused or finished.
    pub state: String,
    /// The segment the agenda stood on, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_segment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_on: Option<NaiveDate>,
    /// A run before the day, kept out of the series.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rehearsal: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgendaItem {
    /// The segment's id in the script.
    pub id: String,
    pub title: String,
    pub kind: String,
    /// Derived: when the plan had it start.
    pub planned_start: NaiveDateTime,
    pub planned_minutes: u32,
    /// Minutes added (+) or taken off (−) during the event.
    #[serde(default)]
    pub extra_minutes: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_start: Option<NaiveDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_end: Option<NaiveDateTime>,
    /// Derived: whole minutes it ran, pauses left out; absent if it never ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_taken: Option<i64>,
    /// Every stretch it ran, from start or resume to pause or leave.
    #[serde(default)]
    pub intervals: Vec<IntervalDoc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntervalDoc {
    pub start: NaiveDateTime,
    /// Absent while it is still running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoteDoc {
    pub uid: String,
    pub created_at: NaiveDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<NaiveDateTime>,
    /// The segment running (or next) when it was taken, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    pub text: String,
    /// For the facilitators only (tagged `#private`): kept here, left out of the room, the
    /// report and every file for others.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
}

/// One cell of the assessment: a principle at a level, its score (1–4) and its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellDoc {
    /// The principle's slug, `needs-led`.
    pub principle: String,
    /// `commissioning`, `services` or `individual`.
    pub level: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EarlierAssessment {
    pub event_uid: String,
    pub title: String,
    pub date: NaiveDate,
    #[serde(default)]
    pub cells: Vec<CellDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteDoc {
    /// Whether the room has been shown the ranking.
    #[serde(default)]
    pub revealed: bool,
    /// Derived: every voter, the script's and those added, in order.
    #[serde(default)]
    pub voters: Vec<String>,
    /// Voters added at the event (the script names the rest).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added_voters: Vec<String>,
    /// Derived: the dots each voter had.
    #[serde(default)]
    pub dots_each: u32,
    #[serde(default)]
    pub candidates: Vec<CandidateDoc>,
    /// Each voter's dots on candidates left out of the copy for others (from notes made
    /// private); never written: the event document keeps those candidates, marked.
    #[serde(skip)]
    pub withheld: std::collections::BTreeMap<String, u32>,
}

impl VoteDoc {
    /// The candidates by dots, most first, ties in the order added: the ranking.
    pub fn ranked(&self) -> Vec<&CandidateDoc> {
        let mut order: Vec<&CandidateDoc> = self.candidates.iter().collect();
        order.sort_by_key(|c| std::cmp::Reverse(c.total));
        order
    }

    /// The dots `voter` put down in all.
    pub fn spent(&self, voter: &str) -> u32 {
        self.candidates.iter().map(|c| c.from(voter)).sum::<u32>()
            + self.withheld.get(voter).copied().unwrap_or(0)
    }
}

impl CandidateDoc {
    /// "gap · Getting Help · 16–25 · West": where it came from, for the report.
    pub fn from_words(&self) -> String {
        let mut parts = vec![self.origin.clone()];
        parts.extend(self.grouping.map(|g| g.name().to_owned()));
        parts.extend(self.ages.clone());
        parts.extend(self.locality.clone());
        parts.join(" · ")
    }

    /// The dots `voter` put on this one.
    pub fn from(&self, voter: &str) -> u32 {
        self.dots
            .iter()
            .filter(|d| d.voter == voter)
            .map(|d| d.dots)
            .sum()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateDoc {
    pub text: String,
    /// What it becomes as an action.
    #[serde(default)]
    pub action_text: String,
    /// `gap`, `note`, `action` or `typed`.
    pub origin: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "optional_grouping"
    )]
    pub grouping: Option<Grouping>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ages: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    /// The uid of the note or action it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The uid of the action made from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Each voter's dots on it.
    #[serde(default)]
    pub dots: Vec<DotsDoc>,
    /// It came from a note since made private: kept here, never in the files for others.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
    /// Derived: all its dots, and its place in the ranking ("=2" for a tie).
    #[serde(default)]
    pub total: u32,
    #[serde(default)]
    pub place: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DotsDoc {
    pub voter: String,
    pub dots: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionDoc {
    pub uid: String,
    pub created_at: NaiveDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<NaiveDateTime>,
    pub text: String,
    #[serde(default)]
    pub owners: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    #[serde(with = "status_name")]
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "optional_grouping"
    )]
    pub grouping: Option<Grouping>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "optional_principle"
    )]
    pub principle: Option<Principle>,
    /// The uid of the action of an earlier event this one carries on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_from: Option<String>,
    /// The uid of the first action of the chain it carries on (its own if it is new): the
    /// same action across a series, and so the same calendar entry.
    #[serde(default)]
    pub thread: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceDoc {
    pub uid: String,
    pub created_at: NaiveDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<NaiveDateTime>,
    pub name: String,
    #[serde(default)]
    pub provider: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// By slug: thriving, getting-advice, getting-help, getting-more-help, getting-risk-support.
    #[serde(default, with = "grouping_list")]
    pub groupings: Vec<Grouping>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_from: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_to: Option<u8>,
    /// The localities it is offered in (`All` for every one); version 1 wrote one text.
    #[serde(default, alias = "locality", deserialize_with = "one_or_many")]
    pub localities: Vec<String>,
    #[serde(default)]
    pub access_route: String,
    #[serde(default)]
    pub notes: String,
    /// The uid of the service of the last event this one continues.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_from: Option<String>,
    /// The area's directory's record of it (Open Referral UK), when it came from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory: Option<ListingDoc>,
}

/// What the area's directory said of a service: its id there, when the record was last
/// checked, its status when not active, its maximum age when past 25.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingDoc {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assured_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_age: Option<u16>,
}

impl ServiceDoc {
    /// The service as the map holds it (a document is read only if its ages have both ends).
    pub fn fields(&self) -> crate::map::ServiceFields {
        crate::map::ServiceFields {
            name: self.name.clone(),
            provider: self.provider.clone(),
            sector: self.sector.clone(),
            groupings: crate::map::Groupings::of(&self.groupings),
            ages: self
                .age_from
                .zip(self.age_to)
                .map(|(from, to)| crate::map::Ages { from, to }),
            localities: self.localities.iter().collect(),
            access_route: self.access_route.clone(),
            notes: self.notes.clone(),
            directory: self.directory.as_ref().map(|d| crate::map::Listing {
                id: d.id.clone(),
                assured: d.assured_date,
                status: d.status.clone(),
                max_age: d.maximum_age,
            }),
        }
    }
}

/// Derived: one empty or thin place on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GapDoc {
    #[serde(with = "grouping_slug")]
    pub grouping: Grouping,
    /// "18–25", or absent when the gap is not about ages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ages: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// nothing, thin (one service) or partly (only services covering part of the ages).
    #[serde(with = "gap_kind", default = "nothing")]
    pub kind: GapKind,
    /// Services covering the whole place: 0 or 1.
    pub services: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only: Option<String>,
    /// For a `partly` gap, the services covering part of the ages, with the part: "Youth
    /// club, to 18".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partly: Vec<String>,
    pub sentence: String,
    /// Derived: when every service the place rests on has a directory record not checked in
    /// the year before the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale: Option<String>,
}

/// Derived: the last event of the series, what became of its actions and how the map moved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SinceLastTime {
    pub event_uid: String,
    pub title: String,
    pub date: NaiveDate,
    #[serde(default)]
    pub actions: Vec<Outcome>,
    /// Services on this map that were not on the last one.
    #[serde(default)]
    pub added: Vec<String>,
    /// Services on the last map that are not on this one.
    #[serde(default)]
    pub removed: Vec<String>,
    #[serde(default)]
    pub moved: Vec<Moved>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub uid: String,
    pub text: String,
    #[serde(default)]
    pub owners: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// done, kept (carried into this event), dropped, or not reviewed yet: open or doing.
    pub outcome: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Moved {
    pub name: String,
    #[serde(with = "grouping_list")]
    pub from: Vec<Grouping>,
    #[serde(with = "grouping_list")]
    pub to: Vec<Grouping>,
}

fn nothing() -> GapKind {
    GapKind::Nothing
}

impl Document {
    /// How many gaps of each kind: the count the report and every other file shows.
    pub fn gap_count(&self) -> GapCount {
        GapCount::of_kinds(self.gaps.iter().map(|g| g.kind))
    }

    /// The event `id` as it stands in `store`, derived parts computed as of `now`.
    pub fn build(store: &Store, id: EventId, now: NaiveDateTime) -> Result<Document> {
        let info = store.event(id)?;
        let names = store.names(id)?;
        let script_text = store.script_text(id)?;
        let script = crate::script::parse("the event's copy of its script", script_text.as_bytes())
            .map_err(|_| {
                StoreError::Other(format!(
                    "event {id}'s copy of its script no longer reads; export it with a thrive of the version that ran it"
                ))
            })?;
        let run = store.load_run(id, &script)?;
        let planned_date = store.planned_date(id)?;
        let notes = store.notes(id)?;
        let actions = store.actions(id)?;
        let services = store.services(id)?;
        let localities = store.localities(id)?;
        let assessment = store.assessment(id)?;
        let vote = store.vote(id)?;
        let mut assessment_before = Vec::new();
        for (earlier, a) in store.earlier_assessments(&info)? {
            assessment_before.push(EarlierAssessment {
                event_uid: store.names(earlier.id)?.event,
                title: earlier.title.clone(),
                date: earlier.date,
                cells: cells(&a, false),
            });
        }
        let w = &script.workshop;
        let catalog = w.catalog().with_localities(&localities);
        let since_last_time = match store.previous_event(&info)? {
            Some(prev) => Some(since_last_time(store, &info, &prev, &services)?),
            None => None,
        };
        Ok(Document {
            format: FORMAT.to_owned(),
            version: VERSION,
            // To the second, as every other time in the document.
            exported_at: now.with_nanosecond(0).unwrap_or(now),
            exported_by: format!("thrive {}", env!("CARGO_PKG_VERSION")),
            event: EventPart {
                uid: names.event.clone(),
                title: info.title.clone(),
                site: info.site.clone(),
                series: info.series.clone(),
                venue: w.venue.clone(),
                facilitator: w.facilitator.clone(),
                date: info.date,
                planned_date,
                created_at: info.created_at,
                state: run.state.slug().to_owned(),
                current_segment: (run.state != RunState::NotStarted)
                    .then(|| script.segments.get(run.current).map(|s| s.id.clone()))
                    .flatten(),
                started_on: run.started_on,
                rehearsal: info.rehearsal,
            },
            agenda: agenda(&script, &run, now),
            notes: notes.iter().map(|n| note_doc(n, &names)).collect(),
            actions: actions.iter().map(|a| action_doc(a, &names)).collect(),
            services: services.iter().map(|s| service_doc(s, &names)).collect(),
            localities,
            gaps: coverage::gaps(&services, &catalog)
                .iter()
                .map(|g| GapDoc {
                    grouping: g.grouping,
                    ages: g.ages.map(|a| a.to_string()),
                    locality: g.locality.clone(),
                    sector: g.sector.clone(),
                    kind: g.kind(),
                    services: g.count,
                    only: g.only.clone(),
                    partly: g
                        .partly
                        .iter()
                        .map(|p| format!("{}, {}", p.name, p.reach(g.ages.unwrap_or(Ages::ALL))))
                        .collect(),
                    sentence: g.sentence(),
                    stale: g.stale_note(&services, info.date),
                })
                .collect(),
            since_last_time,
            assessment: cells(&assessment, true),
            assessment_before,
            vote: vote_doc(&vote, &script.vote_rules(), &names, &notes),
            script: script_text,
        })
    }

    /// The script the event ran, parsed from its copy.
    pub fn parsed_script(&self) -> std::result::Result<Script, crate::diagnostic::Report> {
        crate::script::parse("the event's copy of its script", self.script.as_bytes())
    }

    /// The map as services, for the coverage grids (ids are positions in the document).
    pub fn services_on_map(&self) -> Vec<Service> {
        self.services
            .iter()
            .zip(1..)
            .map(|(s, id)| Service {
                id: ServiceId(id),
                event_id: EventId(0),
                created_at: s.created_at,
                updated_at: s.updated_at,
                carried_from: None,
                fields: s.fields(),
            })
            .collect()
    }

    /// The sectors and localities the event's script names (the built-in ones if its copy
    /// no longer reads).
    pub fn catalog(&self) -> Catalog {
        self.parsed_script()
            .map(|s| s.workshop.catalog())
            .unwrap_or_default()
            .with_localities(&self.localities)
    }

    /// The agenda item a note or action was taken in, by segment id.
    pub fn segment_title(&self, id: Option<&str>) -> Option<&str> {
        let id = id?;
        self.agenda
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.title.as_str())
    }
}

fn agenda(script: &Script, run: &AgendaRun, now: NaiveDateTime) -> Vec<AgendaItem> {
    let starts = run.planned_starts(script, now);
    script
        .segments
        .iter()
        .zip(&run.segments)
        .zip(starts)
        .map(|((seg, r), planned_start)| AgendaItem {
            id: seg.id.clone(),
            title: seg.title.clone(),
            kind: seg.kind.name().to_owned(),
            planned_start,
            planned_minutes: seg.minutes,
            extra_minutes: r.extra_minutes,
            actual_start: r.actual_start(),
            actual_end: r.actual_end(),
            // Rounded to the nearest minute, as a person reads a clock.
            minutes_taken: r
                .started()
                .then(|| (r.elapsed(now).num_seconds() + 30) / 60),
            intervals: r
                .intervals
                .iter()
                .map(|i| IntervalDoc {
                    start: i.start,
                    end: i.end,
                })
                .collect(),
        })
        .collect()
}

/// An assessment's cells, with their evidence or (for an earlier event's) scores only.
fn cells(a: &crate::event::assessment::Assessment, evidence: bool) -> Vec<CellDoc> {
    a.cells
        .iter()
        .filter(|(_, c)| evidence || c.score.is_some())
        .map(|(&(p, l), c)| CellDoc {
            principle: p.slug().to_owned(),
            level: l.slug().to_owned(),
            score: c.score,
            rationale: if evidence {
                c.rationale.clone()
            } else {
                String::new()
            },
        })
        .collect()
}

impl Document {
    /// The assessment read back from the document: this event's, and the earlier ones'
    /// (baseline first) as an [`Assessments`](crate::event::assessment::Assessments) the
    /// console's grid and summaries read.
    pub fn assessments(&self) -> crate::event::assessment::Assessments {
        let read = |cells: &[CellDoc]| {
            let mut a = crate::event::assessment::Assessment::default();
            for c in cells {
                if let (Some(p), Some(l)) = (
                    Principle::parse(&c.principle),
                    crate::thrive::Level::from_slug(&c.level),
                ) {
                    a.cells.insert(
                        (p, l),
                        crate::event::assessment::Cell {
                            score: c.score,
                            rationale: c.rationale.clone(),
                        },
                    );
                }
            }
            a
        };
        crate::event::assessment::Assessments {
            now: read(&self.assessment),
            earlier: self
                .assessment_before
                .iter()
                .map(|e| {
                    (
                        crate::event::record::EventInfo {
                            id: EventId(0),
                            title: e.title.clone(),
                            site: self.event.site.clone(),
                            series: self.event.series.clone(),
                            date: e.date,
                            created_at: e.date.and_hms_opt(0, 0, 0).unwrap_or_default(),
                            rehearsal: false,
                        },
                        read(&e.cells),
                    )
                })
                .collect(),
        }
    }
}

/// The vote as a document, or none when the event held none. A candidate from a note made
/// private since is marked, so the files for others leave it out and another thrive that
/// reads the document in (linking it to the note, private there too) does as well.
fn vote_doc(
    v: &crate::event::vote::Vote,
    rules: &crate::event::vote::Rules,
    names: &Names,
    notes: &[Note],
) -> Option<VoteDoc> {
    if v.is_empty() && !v.revealed {
        return None;
    }
    let places: HashMap<usize, String> = v
        .ranking()
        .iter()
        .map(|r| (r.candidate, crate::event::vote::Vote::place_words(r)))
        .collect();
    let action_uid = |id: ActionId| names.actions.get(&id).map(|n| n.uid.clone());
    Some(VoteDoc {
        revealed: v.revealed,
        voters: v.voters(rules),
        added_voters: v.added.clone(),
        dots_each: rules.dots,
        withheld: std::collections::BTreeMap::new(),
        candidates: v
            .candidates
            .iter()
            .enumerate()
            .map(|(i, c)| CandidateDoc {
                text: c.text.clone(),
                action_text: c.action_text.clone(),
                origin: c.origin.slug().to_owned(),
                grouping: c.grouping,
                ages: c.ages.clone(),
                locality: c.locality.clone(),
                private: c.origin == crate::event::vote::Origin::Note
                    && notes
                        .iter()
                        .any(|n| Some(n.id.0) == c.source && n.is_private()),
                source: c.source.and_then(|s| match c.origin {
                    crate::event::vote::Origin::Note => notes
                        .iter()
                        .find(|n| n.id.0 == s)
                        .and_then(|n| names.notes.get(&n.id).cloned()),
                    crate::event::vote::Origin::Action => action_uid(ActionId(s)),
                    _ => None,
                }),
                action: c.action.and_then(action_uid),
                dots: v
                    .dots
                    .iter()
                    .filter(|((id, _), _)| *id == c.id)
                    .map(|((_, voter), &n)| DotsDoc {
                        voter: voter.clone(),
                        dots: n,
                    })
                    .collect(),
                total: v.total(c.id),
                place: places.get(&i).cloned().unwrap_or_default(),
            })
            .collect(),
    })
}

fn note_doc(n: &Note, names: &Names) -> NoteDoc {
    NoteDoc {
        uid: names.notes.get(&n.id).cloned().unwrap_or_default(),
        created_at: n.created_at,
        updated_at: n.updated_at,
        segment: n.segment_id.clone(),
        text: n.text.clone(),
        private: n.is_private(),
    }
}

fn action_doc(a: &Action, names: &Names) -> ActionDoc {
    let name = names.actions.get(&a.id);
    ActionDoc {
        uid: name.map(|n| n.uid.clone()).unwrap_or_default(),
        created_at: a.created_at,
        updated_at: a.updated_at,
        text: a.text.clone(),
        owners: a.owners.clone(),
        due: a.due,
        status: a.status,
        segment: a.segment_id.clone(),
        grouping: a.grouping,
        principle: a.principle,
        carried_from: name.and_then(|n| n.origin.clone()),
        thread: name.map(|n| n.thread.clone()).unwrap_or_default(),
    }
}

fn service_doc(s: &Service, names: &Names) -> ServiceDoc {
    let name = names.services.get(&s.id);
    let f = &s.fields;
    ServiceDoc {
        uid: name.map(|n| n.uid.clone()).unwrap_or_default(),
        created_at: s.created_at,
        updated_at: s.updated_at,
        name: f.name.clone(),
        provider: f.provider.clone(),
        sector: f.sector.clone(),
        groupings: f.groupings.iter().collect(),
        age_from: f.ages.map(|a| a.from),
        age_to: f.ages.map(|a| a.to),
        localities: f.localities.names().to_vec(),
        access_route: f.access_route.clone(),
        notes: f.notes.clone(),
        carried_from: name.and_then(|n| n.origin.clone()),
        directory: f.directory.as_ref().map(|d| ListingDoc {
            id: d.id.clone(),
            assured_date: d.assured,
            status: d.status.clone(),
            maximum_age: d.max_age,
        }),
    }
}

/// What became of the last event's actions, and how its map moved on into this one.
fn since_last_time(
    store: &Store,
    current: &super::record::EventInfo,
    previous: &super::record::EventInfo,
    services: &[Service],
) -> Result<SinceLastTime> {
    let prev_names = store.names(previous.id)?;
    let decided: HashMap<ActionId, Decision> = store
        .review(current)?
        .into_iter()
        .filter_map(|(a, d)| d.map(|d| (a.id, d)))
        .collect();
    let actions = store
        .actions(previous.id)?
        .into_iter()
        .map(|a| {
            let outcome = match (decided.get(&a.id), a.status) {
                (Some(Decision::Kept), _) => "kept",
                (_, Status::Done) => "done",
                (_, Status::Dropped) => "dropped",
                (_, Status::Doing) => "doing",
                _ => "open",
            };
            Outcome {
                uid: prev_names
                    .actions
                    .get(&a.id)
                    .map(|n| n.uid.clone())
                    .unwrap_or_default(),
                text: a.text,
                owners: a.owners,
                due: a.due,
                outcome: outcome.to_owned(),
            }
        })
        .collect();
    let before = store.services(previous.id)?;
    let carried: HashMap<ServiceId, &Service> = services
        .iter()
        .filter_map(|s| s.carried_from.map(|from| (from, s)))
        .collect();
    let before_ids: std::collections::HashSet<ServiceId> = before.iter().map(|s| s.id).collect();
    let added = services
        .iter()
        .filter(|s| !s.carried_from.is_some_and(|f| before_ids.contains(&f)))
        .map(|s| s.fields.name.clone())
        .collect();
    let mut removed = Vec::new();
    let mut moved = Vec::new();
    for old in &before {
        match carried.get(&old.id) {
            None => removed.push(old.fields.name.clone()),
            Some(now) if now.fields.groupings != old.fields.groupings => moved.push(Moved {
                name: now.fields.name.clone(),
                from: old.fields.groupings.iter().collect(),
                to: now.fields.groupings.iter().collect(),
            }),
            Some(_) => {}
        }
    }
    Ok(SinceLastTime {
        event_uid: prev_names.event,
        title: previous.title.clone(),
        date: previous.date,
        actions,
        added,
        removed,
        moved,
    })
}

// ---- how the framework's words are written in a document: by slug, read by any name

mod status_name {
    use super::*;

    pub fn serialize<S: Serializer>(s: &Status, ser: S) -> std::result::Result<S::Ok, S::Error> {
        ser.serialize_str(s.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(de: D) -> std::result::Result<Status, D::Error> {
        let s = String::deserialize(de)?;
        Status::parse(s.trim()).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "“{s}” is not a status; one of open, doing, done, dropped"
            ))
        })
    }
}

fn read_grouping<E: serde::de::Error>(s: &str) -> std::result::Result<Grouping, E> {
    Grouping::parse(s).ok_or_else(|| {
        E::custom(format!(
            "“{s}” is not a grouping; one of thriving, getting-advice, getting-help, getting-more-help, getting-risk-support"
        ))
    })
}

mod grouping_slug {
    use super::*;

    pub fn serialize<S: Serializer>(g: &Grouping, ser: S) -> std::result::Result<S::Ok, S::Error> {
        ser.serialize_str(g.slug())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        de: D,
    ) -> std::result::Result<Grouping, D::Error> {
        read_grouping(&String::deserialize(de)?)
    }
}

mod optional_grouping {
    use super::*;

    pub fn serialize<S: Serializer>(
        g: &Option<Grouping>,
        ser: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        match g {
            Some(g) => ser.serialize_str(g.slug()),
            None => ser.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        de: D,
    ) -> std::result::Result<Option<Grouping>, D::Error> {
        Option::<String>::deserialize(de)?
            .map(|s| read_grouping(&s))
            .transpose()
    }
}

mod grouping_list {
    use super::*;

    pub fn serialize<S: Serializer>(
        list: &[Grouping],
        ser: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        ser.collect_seq(list.iter().map(|g| g.slug()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        de: D,
    ) -> std::result::Result<Vec<Grouping>, D::Error> {
        Vec::<String>::deserialize(de)?
            .iter()
            .map(|s| read_grouping(s))
            .collect()
    }
}

mod optional_principle {
    use super::*;

    pub fn serialize<S: Serializer>(
        p: &Option<Principle>,
        ser: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        match p {
            Some(p) => ser.serialize_str(p.slug()),
            None => ser.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        de: D,
    ) -> std::result::Result<Option<Principle>, D::Error> {
        Option::<String>::deserialize(de)?
            .map(|s| {
                Principle::parse(&s).ok_or_else(|| {
                    serde::de::Error::custom(format!("“{s}” is not one of the eight principles"))
                })
            })
            .transpose()
    }
}

/// A list, or (as version 1 wrote a service's locality) one text: `"North; West"` too.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(text) => crate::map::Localities::parse(&text).names().to_vec(),
        OneOrMany::Many(list) => list,
    })
}

mod gap_kind {
    use super::GapKind;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(kind: &GapKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(kind.slug())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<GapKind, D::Error> {
        let text = String::deserialize(d)?;
        [GapKind::Nothing, GapKind::Thin, GapKind::Partly]
            .into_iter()
            .find(|k| k.slug() == text)
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "“{text}” is not a kind of gap: nothing, thin or partly"
                ))
            })
    }
}

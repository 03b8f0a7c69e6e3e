//! Markdown to read: the actions, the notes, the map, and the event report written for a
//! commissioner who was not in the room. Every table cell has its pipes and backticks
//! escaped and its line breaks as `<br>`; text never carries HTML or a terminal control.

use std::fmt::Write as _;

use chrono::{NaiveDate, NaiveDateTime};

use super::{Document, clean};
use crate::event::capture;
use crate::event::document::{ActionDoc, NoteDoc, ServiceDoc};
use crate::event::record::{ActionCounts, Decision, Status, standing};
use crate::map::coverage::{self, Dimension, GapCount, Grid};
use crate::text::plural;
use crate::thrive::Grouping;

/// A table cell: pipes, backticks and brackets escaped (so no link or image can form), HTML
/// made inert, line breaks as `<br>`.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).trim().chars() {
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '|' => out.push_str("\\|"),
            '`' => out.push_str("\\`"),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    if out.is_empty() {
        "—".to_owned()
    } else {
        out
    }
}

/// Free text under a list item: every line indented into the item, nothing at a line's
/// start read as a heading, quote, list or rule, backticks, HTML and brackets shown as typed
/// (a link or image typed in a note never becomes live in the file).
fn prose(s: &str, indent: &str) -> String {
    let mut out = String::new();
    for (i, line) in clean(s).trim_end().split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(indent);
        }
        let line = line.trim_end();
        let body = line.trim_start();
        out.push_str(&line[..line.len() - body.len()]);
        if body.starts_with(['#', '>', '-', '+', '*', '=', '_']) {
            out.push('\\');
        }
        // "1. x" or "1) x" would become an ordered list.
        let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        for (at, c) in body.char_indices() {
            if digits > 0 && at == digits && matches!(c, '.' | ')') {
                out.push('\\');
            }
            match c {
                '`' => out.push_str("\\`"),
                '\\' => out.push_str("\\\\"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '|' => out.push_str("\\|"),
                '[' => out.push_str("\\["),
                ']' => out.push_str("\\]"),
                c => out.push(c),
            }
        }
    }
    out
}

/// A table; the columns in `numbers` hold counts and are set right.
fn table(out: &mut String, header: &[&str], rows: &[Vec<String>], numbers: &[usize]) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let rule: Vec<&str> = (0..header.len())
        .map(|i| if numbers.contains(&i) { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", rule.join("|"));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push('\n');
}

pub(super) fn day(d: NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

pub(super) fn clock(t: NaiveDateTime) -> String {
    t.format("%H:%M").to_string()
}

fn heading(out: &mut String, what: &str, doc: &Document) {
    let e = &doc.event;
    // Said in the title: a rehearsal's file must never pass for the event's record.
    let rehearsal = if e.rehearsal { "REHEARSAL · " } else { "" };
    let _ = writeln!(out, "# {rehearsal}{what}{}\n", cell(&e.title));
    let mut about = vec![
        format!("**Site:** {}", cell(&e.site)),
        format!("**Date:** {}", day(e.date)),
    ];
    if let Some(v) = &e.venue {
        about.push(format!("**Venue:** {}", cell(v)));
    }
    if !e.facilitator.trim().is_empty() {
        about.push(format!("**Facilitator:** {}", cell(&e.facilitator)));
    }
    if let Some(s) = &e.series {
        about.push(format!("**Series:** {}", cell(s)));
    }
    let _ = writeln!(out, "{}\n", about.join(" · "));
}

fn footer(out: &mut String, doc: &Document) {
    let _ = writeln!(
        out,
        "---\n\n*Written by {} on {} at {} from the event record (event {}).*",
        doc.exported_by,
        doc.exported_at.format("%-d %B %Y"),
        clock(doc.exported_at),
        cell(&doc.event.uid)
    );
}

// ---- actions

pub(super) fn status_text(a: &ActionDoc, today: NaiveDate) -> String {
    let word = format!("{} {}", a.status.symbol(), a.status.name());
    if a.status.is_open() && a.due.is_some_and(|d| d < today) {
        format!("⚠ overdue · {word}")
    } else {
        word
    }
}

/// The owners as the script's `[[people]]` name them ("Priya Shah (ICB)"), else as typed;
/// empty when there are none.
pub(super) fn owner_names(list: &[String], script: Option<&crate::script::Script>) -> String {
    list.iter()
        .map(|o| script.map_or_else(|| o.clone(), |s| s.who(o)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn owners(list: &[String], script: Option<&crate::script::Script>) -> String {
    cell(&owner_names(list, script))
}

pub(super) fn due(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "—".to_owned(), |d| d.format("%a %-d %b %Y").to_string())
}

/// Still to do first, soonest due first; then done; then dropped.
pub(super) fn in_order(actions: &[ActionDoc]) -> Vec<&ActionDoc> {
    let mut list: Vec<&ActionDoc> = actions.iter().collect();
    list.sort_by_key(|a| {
        let rank = match a.status {
            Status::Open | Status::Doing => 0,
            Status::Done => 1,
            Status::Dropped => 2,
        };
        (rank, a.due.is_none(), a.due, a.created_at)
    });
    list
}

fn actions_table(out: &mut String, doc: &Document) {
    let today = doc.exported_at.date();
    let script = doc.parsed_script().ok();
    let rows: Vec<Vec<String>> = in_order(&doc.actions)
        .iter()
        .zip(1..)
        .map(|(a, n)| {
            vec![
                n.to_string(),
                cell(&a.text),
                owners(&a.owners, script.as_ref()),
                due(a.due),
                status_text(a, today),
                a.grouping.map_or("—".to_owned(), |g| g.name().to_owned()),
            ]
        })
        .collect();
    if rows.is_empty() {
        out.push_str("No actions were recorded.\n\n");
        return;
    }
    table(
        out,
        &["#", "Action", "Owners", "Due", "Status", "Grouping"],
        &rows,
        &[0],
    );
}

pub(super) fn action_counts(actions: &[ActionDoc]) -> String {
    format!(
        "{}: {}.",
        plural(actions.len(), "action"),
        ActionCounts::of(actions.iter().map(|a| a.status)).summary(", ")
    )
}

pub(super) fn actions(doc: &Document) -> String {
    let mut out = String::new();
    heading(&mut out, "Actions · ", doc);
    let _ = writeln!(out, "{}\n", action_counts(&doc.actions));
    actions_table(&mut out, doc);
    footer(&mut out, doc);
    out
}

// ---- notes

pub(super) fn is_attendance(n: &NoteDoc) -> bool {
    capture::is_attendance(&n.text)
}

pub(super) fn note_counts(doc: &Document) -> capture::NoteCounts {
    capture::NoteCounts::of(doc.notes.iter().map(|n| n.text.as_str()))
}

/// The notes that say who came, without their tags; said so when there are none.
fn who_was_there(out: &mut String, doc: &Document, level: &str) {
    let _ = writeln!(out, "{level} Who was there\n");
    let present: Vec<&NoteDoc> = doc.notes.iter().filter(|n| is_attendance(n)).collect();
    if present.is_empty() {
        out.push_str("Not recorded (a note tagged `#present` at the event lists who came).\n\n");
        return;
    }
    for n in present {
        let text: Vec<&str> = n
            .text
            .split_whitespace()
            .filter(|w| !capture::is_attendance_tag(w))
            .collect();
        let _ = writeln!(out, "- {}", prose(&text.join(" "), "  "));
    }
    out.push('\n');
}

fn note_item(out: &mut String, n: &NoteDoc) {
    let _ = writeln!(
        out,
        "- **{}** {}",
        clock(n.created_at),
        prose(&n.text, "  ")
    );
}

/// Notes under the agenda item they were taken in, in agenda order; the rest last.
fn notes_by_segment(out: &mut String, doc: &Document, level: &str) {
    let notes: Vec<&NoteDoc> = doc.notes.iter().filter(|n| !is_attendance(n)).collect();
    if notes.is_empty() {
        out.push_str("No notes were taken.\n\n");
        return;
    }
    for item in &doc.agenda {
        let here: Vec<&&NoteDoc> = notes
            .iter()
            .filter(|n| n.segment.as_deref() == Some(item.id.as_str()))
            .collect();
        if here.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{level} {}\n", cell(&item.title));
        for n in here {
            note_item(out, n);
        }
        out.push('\n');
    }
    let rest: Vec<&&NoteDoc> = notes
        .iter()
        .filter(|n| doc.segment_title(n.segment.as_deref()).is_none())
        .collect();
    if !rest.is_empty() {
        let title = if doc.agenda.is_empty() {
            "All notes"
        } else {
            "Other notes"
        };
        let _ = writeln!(out, "{level} {title}\n");
        for n in rest {
            note_item(out, n);
        }
        out.push('\n');
    }
}

pub(super) fn notes(doc: &Document) -> String {
    let mut out = String::new();
    heading(&mut out, "Notes · ", doc);
    let _ = writeln!(out, "{}.\n", note_counts(doc).summary());
    if note_counts(doc).attendance > 0 {
        who_was_there(&mut out, doc, "##");
    }
    notes_by_segment(&mut out, doc, "##");
    footer(&mut out, doc);
    out
}

// ---- the map

pub(super) fn ages(s: &ServiceDoc) -> String {
    let past = s.directory.as_ref().and_then(|d| d.maximum_age);
    match (s.age_from, s.age_to) {
        (Some(a), Some(_)) if past.is_some() => format!("{a}–25+"),
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => "—".to_owned(),
    }
}

/// "checked 14 months ago ⌛", counted from the event's day; empty for a service the team
/// added.
fn checked(s: &ServiceDoc, day: chrono::NaiveDate) -> String {
    cell(&checked_words(s, day))
}

pub(super) fn checked_words(s: &ServiceDoc, day: chrono::NaiveDate) -> String {
    let Some(d) = &s.directory else {
        return String::new();
    };
    let listing = crate::map::Listing {
        id: d.id.clone(),
        assured: d.assured_date,
        status: d.status.clone(),
        max_age: d.maximum_age,
    };
    let mut words = listing.checked(day);
    if !listing.active() {
        words = format!(
            "⊘ {} · {words}",
            if d.status.as_deref() == Some(crate::map::UNLISTED) {
                "no longer listed"
            } else {
                d.status.as_deref().unwrap_or("")
            }
        );
    } else if listing.stale(day) {
        words.push_str(" ⌛");
    }
    words
}

/// How current the area's directory was, counted from the event's day: "31 of 212 services
/// from the area's directory not checked since Nov 2025".
fn freshness(out: &mut String, doc: &Document) {
    if let Some(s) = freshness_sentence(doc) {
        let _ = writeln!(out, "{s}\n");
    }
}

pub(super) fn freshness_sentence(doc: &Document) -> Option<String> {
    let mut out = String::new();
    let listed: Vec<&ServiceDoc> = doc
        .services
        .iter()
        .filter(|s| s.directory.is_some())
        .collect();
    if listed.is_empty() {
        return None;
    }
    let day = doc.event.date;
    let since = day - chrono::Days::new(crate::map::STALE_AFTER_DAYS as u64);
    let stale = listed
        .iter()
        .filter(|s| {
            s.directory
                .as_ref()
                .is_some_and(|d| d.assured_date.is_none_or(|a| a < since))
        })
        .count();
    let gone = listed
        .iter()
        .filter(|s| s.directory.as_ref().is_some_and(|d| d.status.is_some()))
        .count();
    let _ = write!(
        out,
        "From the area's directory: {stale} of {} not checked since {} (⌛).",
        plural(listed.len(), "service"),
        since.format("%b %Y")
    );
    if gone > 0 {
        let _ = write!(
            out,
            " {} the directory no longer offers (⊘) still on the map.",
            plural(gone, "service")
        );
    }
    out.push_str(" A gap is only as real as the directory behind it.");
    Some(out)
}

/// Whether any service came from the area's directory: only then has the map a freshness.
pub(super) fn from_directory(doc: &Document) -> bool {
    doc.services.iter().any(|s| s.directory.is_some())
}

/// The services placed in `grouping`, or in none when it is `None`, in the map's order.
pub(super) fn placed_in(
    doc: &Document,
    grouping: Option<Grouping>,
) -> impl Iterator<Item = &ServiceDoc> {
    doc.services.iter().filter(move |s| match grouping {
        Some(g) => s.groupings.contains(&g),
        None => s.groupings.is_empty(),
    })
}

fn service_rows(doc: &Document, grouping: Option<Grouping>) -> Vec<Vec<String>> {
    placed_in(doc, grouping)
        .map(|s| {
            let also: Vec<String> = s
                .groupings
                .iter()
                .filter(|g| Some(**g) != grouping)
                .map(|g| g.number().to_string())
                .collect();
            let mut row = vec![
                cell(&s.name),
                cell(&s.provider),
                cell(s.sector.as_deref().unwrap_or("")),
                ages(s),
                cell(&s.localities.join("; ")),
                cell(&s.access_route),
            ];
            if from_directory(doc) {
                row.push(checked(s, doc.event.date));
            }
            if grouping.is_some() {
                row.push(if also.is_empty() {
                    "—".to_owned()
                } else {
                    also.join(", ")
                });
            }
            row
        })
        .collect()
}

fn map_by_grouping(out: &mut String, doc: &Document, level: &str) {
    if doc.services.is_empty() {
        out.push_str("No services were mapped.\n\n");
        return;
    }
    let fresh = from_directory(doc);
    let header = |also: bool| {
        let mut h = vec![
            "Service", "Provider", "Sector", "Ages", "Locality", "Access",
        ];
        if fresh {
            h.push("Directory record");
        }
        if also {
            h.push("Also in");
        }
        h
    };
    for g in Grouping::ALL {
        let rows = service_rows(doc, Some(g));
        let _ = writeln!(
            out,
            "{level} {} · {} ({})\n",
            g.number(),
            g.name(),
            rows.len()
        );
        if rows.is_empty() {
            out.push_str("· none: no service was placed here.\n\n");
            continue;
        }
        table(out, &header(true), &rows, &[]);
    }
    let rest = service_rows(doc, None);
    if !rest.is_empty() {
        let _ = writeln!(
            out,
            "{level} Not placed in a grouping yet ({})\n",
            rest.len()
        );
        table(out, &header(false), &rest, &[]);
    }
}

/// A coverage grid as a table: counts, with `· none`, `1 thin` and `◐ 1 part` in words.
fn grid_table(out: &mut String, grid: &Grid) {
    let mut header = vec!["Grouping".to_owned()];
    header.extend(grid.columns.iter().map(|c| cell(c)));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = Grouping::ALL
        .iter()
        .map(|g| {
            let mut row = vec![g.short_name().to_owned()];
            row.extend(
                grid.row(*g)
                    .iter()
                    .enumerate()
                    .map(|(c, cell)| cell.label(grid.makes_gaps(c))),
            );
            row
        })
        .collect();
    let counts: Vec<usize> = (1..header.len()).collect();
    table(out, &header, &rows, &counts);
}

/// The gaps in one sentence, for both reports: places (an age band in a locality) apart from
/// sectors, since "no service from education" is not a place with no service at all. `marks`
/// adds the grid's marks (·, 1, ◐) where the report draws them as text.
pub(super) fn gap_summary(doc: &Document, marks: bool) -> String {
    if doc.gaps.is_empty() {
        return if doc.services.iter().all(|s| s.groupings.is_empty()) {
            "No service was placed in a grouping, so no gaps could be found.".to_owned()
        } else {
            "No gaps: every grouping has at least two services everywhere it is counted.".to_owned()
        };
    }
    let mark = |m: &str| {
        if marks {
            format!(" ({m})")
        } else {
            String::new()
        }
    };
    let (places, sectors) = gap_counts(doc);
    let mut parts = Vec::new();
    if places.total() > 0 {
        let partly = if places.partly > 0 {
            format!(
                ", {} covered only for part of the ages{}",
                places.partly,
                mark("◐")
            )
        } else {
            String::new()
        };
        parts.push(format!(
            "{} with nothing{}, {} resting on one service{}{partly}",
            plural(places.nothing, "place"),
            mark("·"),
            places.thin,
            mark("1")
        ));
    }
    if sectors.total() > 0 {
        parts.push(format!(
            "{} a grouping has no service from a sector, and {} only one",
            plural(sectors.nothing, "time"),
            sectors.thin
        ));
    }
    format!("{}.", parts.join("; "))
}

/// The gaps counted by kind, those of places (an age band in a locality) apart from those of
/// sectors.
pub(super) fn gap_counts(doc: &Document) -> (GapCount, GapCount) {
    let of = |sector: bool| {
        GapCount::of_kinds(
            doc.gaps
                .iter()
                .filter(|g| g.sector.is_some() == sector)
                .map(|g| g.kind),
        )
    };
    (of(false), of(true))
}

fn gaps_table(out: &mut String, doc: &Document) {
    let _ = writeln!(out, "{}\n", gap_summary(doc, true));
    if doc.gaps.is_empty() {
        return;
    }
    let rows: Vec<Vec<String>> = doc
        .gaps
        .iter()
        .map(|g| {
            let finding = g
                .sentence
                .split_once(": ")
                .map_or(g.sentence.as_str(), |(_, rest)| rest);
            let finding = match &g.stale {
                Some(note) => format!("{finding} ({note})"),
                None => finding.to_owned(),
            };
            vec![
                g.kind.mark().to_owned(),
                g.grouping.name().to_owned(),
                cell(&finding),
            ]
        })
        .collect();
    table(out, &["", "Grouping", "Gap"], &rows, &[]);
}

fn coverage(out: &mut String, doc: &Document, level: &str) {
    let services = doc.services_on_map();
    let catalog = doc.catalog();
    let _ = writeln!(
        out,
        "{level} Coverage by age band\n\nThe number of services in each grouping that cover every age of the band; `· none` is a gap, `1 thin` rests on one service, `◐ 1 part` has only a service that covers part of the band (a youth club for 11–18 in 18–25).\n"
    );
    grid_table(out, &coverage::grid(&services, &catalog, Dimension::Age));
    let localities = coverage::grid(&services, &catalog, Dimension::Locality);
    if !localities.columns.is_empty() {
        let _ = writeln!(out, "{level} Coverage by locality\n");
        grid_table(out, &localities);
    }
    let _ = writeln!(out, "{level} Gaps\n");
    gaps_table(out, doc);
}

/// "N services on the map", every grouping with its services, then the coverage and gaps.
fn map_section(out: &mut String, doc: &Document, level: &str, more: &str) {
    let _ = writeln!(
        out,
        "{} on the map.{more}\n",
        plural(doc.services.len(), "service")
    );
    freshness(out, doc);
    map_by_grouping(out, doc, level);
    if !doc.services.is_empty() {
        coverage(out, doc, level);
    }
}

pub(super) fn services(doc: &Document) -> String {
    let mut out = String::new();
    heading(&mut out, "Services · ", doc);
    map_section(&mut out, doc, "##", "");
    footer(&mut out, doc);
    out
}

// ---- the report

pub(super) fn minutes(n: i64) -> String {
    format!("{n} min")
}

/// "3 over", "2 under", "on time".
pub(super) fn over_under(taken: i64, planned: i64) -> String {
    match taken - planned {
        0 => "on time".to_owned(),
        d if d > 0 => format!("{d} over"),
        d => format!("{} under", -d),
    }
}

/// The evidence agreed for each cell that has some: "Needs-led · Services", its score as
/// " (3)" (or nothing) and its words.
pub(super) fn evidence(a: &crate::event::assessment::Assessments) -> Vec<(String, String, &str)> {
    a.now
        .cells
        .iter()
        .filter(|(_, c)| !c.rationale.trim().is_empty())
        .map(|(&(p, l), c)| {
            let score = c.score.map(|s| format!(" ({s})")).unwrap_or_default();
            (
                format!("{} · {}", p.name(), l.short_name()),
                score,
                c.rationale.as_str(),
            )
        })
        .collect()
}

/// Whether the agenda item is under way as the report is written.
pub(super) fn running(item: &crate::event::document::AgendaItem) -> bool {
    item.intervals.last().is_some_and(|i| i.end.is_none())
}

fn agenda_table(out: &mut String, doc: &Document) {
    let mut planned_total = 0_i64;
    // Only the items that ran are weighed against their plan.
    let mut planned_run = 0_i64;
    let mut taken_total = 0_i64;
    let mut rows: Vec<Vec<String>> = doc
        .agenda
        .iter()
        .map(|item| {
            let planned = i64::from(item.planned_minutes);
            planned_total += planned;
            let given = match item.extra_minutes {
                0 => String::new(),
                n => format!(" ({n:+} given)"),
            };
            let running = running(item);
            let (taken, difference) = match item.minutes_taken {
                Some(t) if running => {
                    taken_total += t;
                    planned_run += planned;
                    (format!("{} so far", minutes(t)), "running".to_owned())
                }
                Some(t) => {
                    taken_total += t;
                    planned_run += planned;
                    (minutes(t), over_under(t, planned))
                }
                None => ("—".to_owned(), "not run".to_owned()),
            };
            vec![
                clock(item.planned_start),
                cell(&item.title),
                item.actual_start.map_or("—".to_owned(), clock),
                format!("{}{given}", minutes(planned)),
                taken,
                difference,
            ]
        })
        .collect();
    let ran = doc.agenda.iter().any(|a| a.minutes_taken.is_some());
    rows.push(vec![
        String::new(),
        "**Whole event**".to_owned(),
        String::new(),
        format!("**{}**", minutes(planned_total)),
        if ran {
            format!("**{}**", minutes(taken_total))
        } else {
            "—".to_owned()
        },
        if ran {
            format!("**{}**", over_under(taken_total, planned_run))
        } else {
            "not run".to_owned()
        },
    ]);
    table(
        out,
        &[
            "Planned",
            "Agenda item",
            "Started",
            "Planned for",
            "Took",
            "Over / under",
        ],
        &rows,
        &[],
    );
}

pub(super) fn day_summary(doc: &Document) -> String {
    let first = doc.agenda.first().map(|a| a.planned_start);
    let last = doc
        .agenda
        .last()
        .map(|a| a.planned_start + chrono::TimeDelta::minutes(i64::from(a.planned_minutes)));
    let started = doc.agenda.iter().filter_map(|a| a.actual_start).min();
    let ended = doc.agenda.iter().filter_map(|a| a.actual_end).max();
    let planned = match (first, last) {
        (Some(a), Some(b)) => format!("planned {}–{}", clock(a), clock(b)),
        _ => "nothing planned".to_owned(),
    };
    match (started, ended, doc.event.state.as_str()) {
        (None, _, _) => format!("The agenda was not run ({planned})."),
        (Some(s), Some(e), "finished") => format!("Ran {}–{} ({planned}).", clock(s), clock(e)),
        (Some(s), _, _) => format!(
            "Started {} ({planned}); still under way when this was written.",
            clock(s)
        ),
    }
}

fn since_last_time(out: &mut String, doc: &Document) {
    let script = doc.parsed_script().ok();
    let Some(s) = &doc.since_last_time else {
        if doc.event.series.is_some() {
            out.push_str(
                "## Since last time\n\nThis is the first event of its series recorded here.\n\n",
            );
        }
        return;
    };
    let _ = writeln!(
        out,
        "## Since last time\n\nThe last event of the series was **{}** on {}.\n",
        cell(&s.title),
        day(s.date)
    );
    let _ = writeln!(out, "{}\n", since_counts(s));
    if !s.actions.is_empty() {
        let rows: Vec<Vec<String>> = s
            .actions
            .iter()
            .map(|a| {
                let now = outcome_words(&a.outcome);
                vec![
                    cell(&a.text),
                    owners(&a.owners, script.as_ref()),
                    due(a.due),
                    now,
                ]
            })
            .collect();
        table(out, &["Action", "Owners", "Due", "Now"], &rows, &[]);
    }
    let names = |list: &[String]| list.iter().map(|n| cell(n)).collect::<Vec<_>>().join(", ");
    if s.added.is_empty() && s.removed.is_empty() && s.moved.is_empty() {
        out.push_str("The service map is as it was.\n\n");
        return;
    }
    out.push_str("The service map since then:\n\n");
    if !s.added.is_empty() {
        let _ = writeln!(out, "- **{} added:** {}", s.added.len(), names(&s.added));
    }
    if !s.removed.is_empty() {
        let _ = writeln!(
            out,
            "- **{} removed:** {}",
            s.removed.len(),
            names(&s.removed)
        );
    }
    if !s.moved.is_empty() {
        let moved: Vec<String> = s.moved.iter().map(|m| moved_words(m, cell)).collect();
        let _ = writeln!(
            out,
            "- **{} moved grouping:** {}",
            s.moved.len(),
            moved.join("; ")
        );
    }
    out.push('\n');
}

// ---- the assessment and the vote

/// The grid (principles down, levels across), each cell its score, ✓ for THRIVE-like and the
/// change since the previous assessment; the tallies against the baseline; the evidence.
fn assessment_section(out: &mut String, doc: &Document, level: &str) {
    let a = doc.assessments();
    let card = card(doc);
    let _ = writeln!(out, "{}\n", assessment_intro(&card));
    let mut header = vec!["Principle"];
    header.extend(card.levels.iter().map(|l| l.name()));
    header.push("THRIVE-like");
    let rows: Vec<Vec<String>> = card
        .rows
        .iter()
        .zip(&card.per_principle)
        .map(|((p, scores), tally)| {
            let mut row = vec![cell(&format!("{} {}", p.number(), p.name()))];
            row.extend(scores.iter().map(|&(now, before)| match now {
                None => "·".to_owned(),
                Some(s) => {
                    let mark = if s >= crate::event::assessment::THRIVE_LIKE {
                        " ✓"
                    } else {
                        ""
                    };
                    match crate::event::assessment::change(before, now) {
                        Some(c) => format!("{s}{mark} ({c})"),
                        None => format!("{s}{mark}"),
                    }
                }
            }));
            row.push(tally.clone());
            row
        })
        .collect();
    table(out, &header, &rows, &[]);
    for line in &card.summary {
        let _ = writeln!(out, "- {}", cell(line));
    }
    out.push('\n');
    let evidence: Vec<String> = evidence(&a)
        .into_iter()
        .map(|(cell_name, score, why)| format!("- **{cell_name}**{score}: {}", cell(why)))
        .collect();
    if !evidence.is_empty() {
        let _ = writeln!(out, "{level} The evidence agreed\n");
        for e in evidence {
            let _ = writeln!(out, "{e}");
        }
        out.push('\n');
    }
}

/// The ranking with its dots and where each came from, the dots left unspent, each voter's
/// dots, and the actions the vote made.
fn priorities_section(out: &mut String, doc: &Document, level: &str) {
    let Some(v) = &doc.vote else {
        return;
    };
    let _ = writeln!(out, "{}\n", vote_intro(v, cell));
    let actions: std::collections::HashMap<&str, &str> = doc
        .actions
        .iter()
        .map(|a| (a.uid.as_str(), a.text.as_str()))
        .collect();
    let order = v.ranked();
    let rows: Vec<Vec<String>> = order
        .iter()
        .map(|c| {
            vec![
                cell(&c.place),
                cell(&c.text),
                c.total.to_string(),
                cell(&c.from_words()),
                c.action
                    .as_deref()
                    .and_then(|uid| actions.get(uid))
                    .map_or_else(|| "—".to_owned(), |t| cell(t)),
            ]
        })
        .collect();
    table(
        out,
        &["Place", "Priority", "Dots", "From", "Action"],
        &rows,
        &[2],
    );
    if !v.voters.is_empty() && !order.is_empty() {
        let _ = writeln!(out, "{level} Each table's dots\n");
        let mut header = vec!["Priority"];
        header.extend(v.voters.iter().map(String::as_str));
        let escaped: Vec<String> = header.iter().map(|h| cell(h)).collect();
        let header: Vec<&str> = escaped.iter().map(String::as_str).collect();
        let rows: Vec<Vec<String>> = order
            .iter()
            .map(|c| {
                let mut row = vec![cell(&c.text)];
                row.extend(v.voters.iter().map(|voter| c.from(voter).to_string()));
                row
            })
            .collect();
        let numbers: Vec<usize> = (1..header.len()).collect();
        table(out, &header, &rows, &numbers);
    }
}

pub(super) fn assessment(doc: &Document) -> String {
    let mut out = String::new();
    heading(&mut out, "The THRIVE assessment · ", doc);
    if doc.assessment.is_empty() {
        out.push_str("Nothing was scored at this event.\n\n");
    } else {
        assessment_section(&mut out, doc, "##");
    }
    footer(&mut out, doc);
    out
}

pub(super) fn priorities(doc: &Document) -> String {
    let mut out = String::new();
    heading(&mut out, "Priorities · ", doc);
    if doc.vote.is_none() {
        out.push_str("There was no dot vote at this event.\n\n");
    } else {
        priorities_section(&mut out, doc, "##");
    }
    footer(&mut out, doc);
    out
}

// ---- sentences both reports say

/// The event's levels and its assessment as the room's card shows them.
pub(super) fn card(doc: &Document) -> crate::room::AssessmentCard {
    let levels = doc
        .parsed_script()
        .map(|s| s.levels())
        .unwrap_or_else(|_| crate::thrive::Level::ALL.to_vec());
    crate::room::assessment_card(&doc.assessments(), &levels)
}

/// "3 voters, 3 dots each; 1 dot not spent (Table 3). The ranking was shown to the room.",
/// each voter's name as `name` writes it for the format.
pub(super) fn vote_intro(
    v: &crate::event::document::VoteDoc,
    name: impl Fn(&str) -> String,
) -> String {
    let left: Vec<String> = v
        .voters
        .iter()
        .filter(|n| v.spent(n) < v.dots_each)
        .map(|n| name(n))
        .collect();
    let unspent: u32 = v
        .voters
        .iter()
        .map(|n| v.dots_each.saturating_sub(v.spent(n)))
        .sum();
    format!(
        "{}, {} each{}. {}",
        plural(v.voters.len(), "voter"),
        crate::event::vote::dots_words(v.dots_each),
        if unspent > 0 {
            format!(
                "; {} not spent ({})",
                crate::event::vote::dots_words(unspent),
                left.join(", ")
            )
        } else {
            String::new()
        },
        if v.revealed {
            "The ranking was shown to the room."
        } else {
            "The ranking was not shown to the room."
        }
    )
}

/// "Of its 4 actions: 1 done, 1 carried into this event, …", or that it agreed none.
pub(super) fn since_counts(s: &crate::event::document::SinceLastTime) -> String {
    let count = |what: &str| s.actions.iter().filter(|a| a.outcome == what).count();
    if s.actions.is_empty() {
        return "It agreed no actions.".to_owned();
    }
    format!(
        "Of its {}: {} done, {} carried into this event, {} still open, {} still doing, {} dropped.",
        plural(s.actions.len(), "action"),
        count("done"),
        count("kept"),
        count("open"),
        count("doing"),
        count("dropped")
    )
}

/// What became of one of last time's actions, in the review's words.
pub(super) fn outcome_words(outcome: &str) -> String {
    match outcome {
        "kept" => "→ carried into this event".to_owned(),
        "done" => standing(Status::Done, Some(Decision::Done)),
        "dropped" => standing(Status::Dropped, Some(Decision::Dropped)),
        "doing" => standing(Status::Doing, None),
        _ => standing(Status::Open, None),
    }
}

/// "Crisis line (Getting Risk Support → Getting More Help, Getting Risk Support)", the name
/// as `name` writes it for the format.
pub(super) fn moved_words(
    m: &crate::event::document::Moved,
    name: impl Fn(&str) -> String,
) -> String {
    let list = |gs: &[Grouping]| {
        if gs.is_empty() {
            "none".to_owned()
        } else {
            gs.iter()
                .map(|g| g.short_name())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    format!("{} ({} → {})", name(&m.name), list(&m.from), list(&m.to))
}

/// How the scores are read, and what they are compared with.
pub(super) fn assessment_intro(card: &crate::room::AssessmentCard) -> String {
    format!(
        "Each principle scored at each level from 1 (considerable improvement needed) to 4 (fully THRIVE-like); 3 or more is THRIVE-like, marked ✓; · is not scored.{}",
        card.compared
            .as_ref()
            .map(|c| format!(" {c}: before → now."))
            .unwrap_or_default()
    )
}

pub(super) fn report(doc: &Document) -> String {
    let mut out = String::new();
    heading(&mut out, "", doc);
    let to_do = ActionCounts::of(doc.actions.iter().map(|a| a.status)).to_do();
    let _ = writeln!(
        out,
        "{} {}, {} ({to_do} still to do), {} mapped with {} to look at.\n",
        day_summary(doc),
        note_counts(doc).summary(),
        plural(doc.actions.len(), "action"),
        plural(doc.services.len(), "service"),
        plural(doc.gap_count().total(), "gap"),
    );
    who_was_there(&mut out, doc, "##");
    since_last_time(&mut out, doc);
    out.push_str("## The agenda: planned and actual\n\n");
    agenda_table(&mut out, doc);
    out.push_str("## The service map\n\n");
    map_section(
        &mut out,
        doc,
        "###",
        " A service can meet needs in more than one grouping; \"Also in\" names the others.",
    );
    if !doc.assessment.is_empty() {
        out.push_str("## How THRIVE-like are we? The assessment\n\n");
        assessment_section(&mut out, doc, "###");
    }
    if doc.vote.is_some() {
        out.push_str("## Priorities: the dot vote\n\n");
        priorities_section(&mut out, doc, "###");
    }
    out.push_str("## Notes\n\n");
    notes_by_segment(&mut out, doc, "###");
    out.push_str("## Actions\n\n");
    let _ = writeln!(out, "{}\n", action_counts(&doc.actions));
    actions_table(&mut out, doc);
    footer(&mut out, doc);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_cells_escape_pipes_backticks_and_html() {
        assert_eq!(cell("a | b `c` <b>\nd"), "a \\| b \\`c\\` &lt;b&gt;<br>d");
        assert_eq!(cell("  "), "—");
        assert_eq!(cell("\u{1b}[2J"), "\u{FFFD}\\[2J");
    }

    #[test]
    fn prose_never_starts_a_heading_or_list_by_accident() {
        assert_eq!(
            prose(
                "# not a heading\n- nor a list\n  # nor this\n1. nor this\n___",
                "  "
            ),
            "\\# not a heading\n  \\- nor a list\n    \\# nor this\n  1\\. nor this\n  \\___"
        );
    }
}

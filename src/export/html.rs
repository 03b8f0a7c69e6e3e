//! The report as one page to look at: a first page that stands alone (who, where, the
//! headline findings), the coverage as heat maps, the day against its plan, the assessment,
//! the priorities, the actions and the notes. Everything is drawn here as inline SVG and
//! plain tables: no script, no network, no font to fetch, a light theme that prints in
//! greyscale — empty and thin cells say so by pattern and word as well as by shade.
//!
//! The page is an askama template (`templates/report.html`), which escapes every text it is
//! given; the text is cleaned first of anything a terminal or a bidi override would act on.

use askama::Template;
use std::ops::Range;

use chrono::{NaiveDateTime, TimeDelta, Timelike};

use super::markdown::{
    action_counts, ages, assessment_intro, card, checked_words, clock, day, day_summary, due,
    evidence, freshness_sentence, from_directory, gap_counts, gap_summary, in_order, is_attendance,
    minutes, moved_words, note_counts, outcome_words, over_under, owner_names, placed_in, running,
    since_counts, status_text, vote_intro,
};
use super::{Document, clean};
use crate::event::capture;
use crate::event::document::NoteDoc;
use crate::event::record::ActionCounts;
use crate::map::coverage::{self, Cell, Dimension, GapKind, Grid};
use crate::text::plural;
use crate::thrive::Grouping;

/// Text as the page may carry it: cleaned and trimmed (askama escapes it).
fn t(s: &str) -> String {
    clean(s).trim().to_owned()
}

/// Text cut to `n` characters with a mark, for an SVG label that cannot wrap.
fn short(s: &str, n: usize) -> String {
    let s = t(s);
    if s.chars().count() <= n {
        return s;
    }
    let cut: String = s.chars().take(n.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if cut[..i].chars().count() > n / 2 => cut[..i].to_owned(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

#[derive(Template)]
#[template(path = "report.html")]
struct Page {
    title: String,
    rehearsal: bool,
    facts: Vec<(&'static str, String)>,
    present: Vec<String>,
    summary: String,
    headlines: Vec<String>,
    since: Option<Since>,
    map: Option<MapPart>,
    day: Option<Day>,
    assessment: Option<Assessment>,
    priorities: Option<Priorities>,
    notes: Vec<NoteGroup>,
    actions: Option<Actions>,
    footer: String,
}

// ---- the heat maps

/// The shades of a covered cell, lightest first: they step in lightness, so they read in
/// greyscale; the text on the two darkest is white.
const SHADES: [&str; 5] = ["#eef4fa", "#c6dbef", "#8fb8dc", "#4a89c0", "#1d5a8e"];

struct Heat {
    id: String,
    across: &'static str,
    caption: String,
    width: u32,
    height: u32,
    /// Each column's middle, its label on one or two lines (the second empty for one), and
    /// its whole name for the table a screen reader reads.
    columns: Vec<(u32, String, String, String)>,
    rows: Vec<HeatRow>,
}

struct HeatRow {
    label_y: u32,
    label: String,
    cells: Vec<HeatCell>,
}

struct HeatCell {
    x: u32,
    y: u32,
    w: u32,
    h: u32,
    x2: u32,
    y2: u32,
    tx: u32,
    ty: u32,
    wy: u32,
    /// The outline behind the text, so it reads over a pattern.
    halo: &'static str,
    fill: &'static str,
    /// The pattern over the fill: `none` or `thin`.
    pattern: Option<&'static str>,
    /// Covered for part of the ages: drawn half filled.
    half: bool,
    count: String,
    word: &'static str,
    ink: &'static str,
    title: String,
    /// What the cell holds, in words, for the grid's table.
    said: String,
}

const LABEL_W: u32 = 200;
const CELL_W: u32 = 110;
const CELL_H: u32 = 48;
const HEAD_H: u32 = 40;

/// The most characters of a column label's line that fit its cell in bold.
const COLUMN_LINE: usize = 13;

/// A column label on one line, or on two split at the space that makes them most even, so
/// "Fenwold Town" beside "Kettlebridge" does not run into it; a word too long is shortened.
fn two_lines(label: &str) -> (String, String) {
    let label = t(label);
    let half = label.chars().count() / 2;
    let split = label
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| i)
        .min_by_key(|i| label[..*i].chars().count().abs_diff(half));
    match split {
        Some(i) if label.chars().count() > 10 => (
            short(&label[..i], COLUMN_LINE),
            short(&label[i + 1..], COLUMN_LINE),
        ),
        _ => (short(&label, COLUMN_LINE), String::new()),
    }
}

/// The most columns one grid is drawn with: wider, it would shrink on an A4 page until its
/// words were too small to read, so a long list of localities is drawn as several grids.
const MOST_COLUMNS: usize = 6;

/// The columns of a grid in runs of at most [`MOST_COLUMNS`], as even as they can be
/// (13 localities are 5, 4 and 4, not 6, 6 and 1).
fn column_runs(columns: usize) -> Vec<Range<usize>> {
    let runs = columns.div_ceil(MOST_COLUMNS).max(1);
    let (each, over) = (columns / runs, columns % runs);
    let mut start = 0;
    (0..runs)
        .map(|i| {
            let end = start + each + usize::from(i < over);
            let run = start..end;
            start = end;
            run
        })
        .collect()
}

/// The heat maps of one grid: one, or several of at most [`MOST_COLUMNS`] columns each, all
/// shaded against the same most so a shade means the same number in each.
fn heats(id: &str, caption: &str, grid: &Grid) -> Vec<Heat> {
    let runs = column_runs(grid.columns.len());
    let whole = runs.len();
    runs.into_iter()
        .enumerate()
        .map(|(i, run)| {
            if whole == 1 {
                return heat(id, caption.to_owned(), grid, run);
            }
            let caption = format!(
                "{caption} ({} of {whole}: {} to {})",
                i + 1,
                t(&grid.columns[run.start]),
                t(&grid.columns[run.end - 1])
            );
            heat(&format!("{id}-{}", i + 1), caption, grid, run)
        })
        .collect()
}

fn heat(id: &str, caption: String, grid: &Grid, run: Range<usize>) -> Heat {
    let most = Grouping::ALL
        .iter()
        .flat_map(|g| grid.row(*g).iter().map(|c| c.count))
        .max()
        .unwrap_or(0);
    let first = run.start;
    let columns: Vec<(u32, String, String, String)> = grid.columns[run.clone()]
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (top, under) = two_lines(c);
            (LABEL_W + CELL_W * i as u32 + CELL_W / 2, top, under, t(c))
        })
        .collect();
    let rows = Grouping::ALL
        .iter()
        .enumerate()
        .map(|(r, g)| {
            let y = HEAD_H + CELL_H * r as u32;
            let cells = grid.row(*g)[run.clone()]
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    let c = first + i;
                    heat_cell(
                        cell,
                        grid.makes_gaps(c),
                        most,
                        LABEL_W + CELL_W * i as u32,
                        y,
                        &format!("{}, {}", g.name(), t(&grid.columns[c])),
                    )
                })
                .collect();
            HeatRow {
                label_y: y + CELL_H / 2 + 5,
                label: format!("{} {}", g.number(), g.short_name()),
                cells,
            }
        })
        .collect();
    Heat {
        id: id.to_owned(),
        across: if grid.dimension == Dimension::Age {
            "age band"
        } else {
            "locality"
        },
        caption,
        width: LABEL_W + CELL_W * run.len() as u32 + 2,
        height: HEAD_H + CELL_H * 5 + 2,
        columns,
        rows,
    }
}

fn heat_cell(cell: &Cell, gaps: bool, most: usize, x: u32, y: u32, place: &str) -> HeatCell {
    let (fill, pattern, count, word, said) = if cell.is_partial() {
        (
            SHADES[0],
            Some("part"),
            format!("◐ {}", cell.partial),
            "part",
            format!(
                "{} covering part of the ages",
                plural(cell.partial, "service")
            ),
        )
    } else if cell.count == 0 {
        let word = if gaps { "none" } else { "" };
        (
            "#ffffff",
            gaps.then_some("none"),
            "0".to_owned(),
            word,
            "no service".to_owned(),
        )
    } else if cell.count == 1 && gaps {
        (
            SHADES[0],
            Some("thin"),
            "1".to_owned(),
            "thin",
            "one service only".to_owned(),
        )
    } else {
        // Two services is the lightest full shade; the most on the map the darkest.
        let step = if most <= 2 {
            1
        } else {
            1 + (cell.count.saturating_sub(2) * 3).div_ceil(most - 2).min(3)
        };
        (
            SHADES[step.min(4)],
            None,
            cell.count.to_string(),
            "",
            plural(cell.count, "service"),
        )
    };
    let ink = if SHADES[3..].contains(&fill) {
        "#ffffff"
    } else {
        "#111111"
    };
    HeatCell {
        x,
        y,
        w: CELL_W,
        h: CELL_H,
        x2: x + CELL_W,
        y2: y + CELL_H,
        tx: x + CELL_W / 2,
        ty: y + if word.is_empty() { 30 } else { 24 },
        wy: y + 40,
        halo: fill,
        fill,
        half: pattern == Some("part"),
        pattern: pattern.filter(|p| *p != "part"),
        count,
        word,
        ink,
        title: format!("{place}: {said}"),
        said,
    }
}

// ---- the map

struct Bar {
    y: u32,
    label: String,
    width: u32,
    count: usize,
}

struct Bars {
    height: u32,
    rows: Vec<Bar>,
}

struct ServiceRow {
    name: String,
    provider: String,
    sector: String,
    ages: String,
    localities: String,
    access: String,
    checked: String,
    stale: bool,
    also: String,
}

struct GroupList {
    heading: String,
    rows: Vec<ServiceRow>,
}

/// One grouping's gaps by kind, each place said in a few words.
struct GapRow {
    grouping: &'static str,
    none: Vec<String>,
    thin: Vec<String>,
    part: Vec<String>,
}

struct MapPart {
    count: String,
    fresh: Option<String>,
    directory: bool,
    heats: Vec<Heat>,
    gap_summary: String,
    gaps: Vec<GapRow>,
    bars: Bars,
    groups: Vec<GroupList>,
}

const BAR_MAX_W: u32 = 440;

fn bars(doc: &Document) -> Bars {
    let totals = coverage::totals(&doc.services_on_map());
    let mut rows: Vec<(String, usize)> = Grouping::ALL
        .iter()
        .map(|g| {
            (
                format!("{} {}", g.number(), g.short_name()),
                totals.grouping(*g),
            )
        })
        .collect();
    if totals.unplaced > 0 {
        rows.push(("Not placed yet".to_owned(), totals.unplaced));
    }
    let most = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    Bars {
        height: 30 * rows.len() as u32 + 4,
        rows: rows
            .into_iter()
            .enumerate()
            .map(|(i, (label, count))| Bar {
                y: 30 * i as u32 + 4,
                label,
                width: (BAR_MAX_W as usize * count / most) as u32,
                count,
            })
            .collect(),
    }
}

fn service_rows(doc: &Document, grouping: Option<Grouping>) -> Vec<ServiceRow> {
    placed_in(doc, grouping)
        .map(|s| {
            let checked = checked_words(s, doc.event.date);
            ServiceRow {
                name: t(&s.name),
                provider: t(&s.provider),
                sector: t(s.sector.as_deref().unwrap_or("")),
                ages: ages(s),
                localities: t(&s.localities.join("; ")),
                access: t(&s.access_route),
                stale: checked.contains('⌛') || checked.contains('⊘'),
                checked: t(&checked),
                also: s
                    .groupings
                    .iter()
                    .filter(|g| Some(**g) != grouping)
                    .map(|g| g.short_name())
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        })
        .collect()
}

fn map_part(doc: &Document) -> Option<MapPart> {
    if doc.services.is_empty() {
        return None;
    }
    let services = doc.services_on_map();
    let catalog = doc.catalog();
    let mut grids = heats(
        "ages",
        "Coverage by age band: services in each grouping that cover every age of the band",
        &coverage::grid(&services, &catalog, Dimension::Age),
    );
    let localities = coverage::grid(&services, &catalog, Dimension::Locality);
    if !localities.columns.is_empty() {
        grids.extend(heats("localities", "Coverage by locality", &localities));
    }
    let gap_summary = gap_summary(doc, false);
    let gaps = Grouping::ALL
        .iter()
        .map(|grouping| {
            let mut row = GapRow {
                grouping: grouping.name(),
                none: Vec::new(),
                thin: Vec::new(),
                part: Vec::new(),
            };
            for g in doc.gaps.iter().filter(|g| g.grouping == *grouping) {
                let finding = gap_place(&g.sentence);
                // The column says "nothing" or "only": the place is what is left.
                let place = finding
                    .strip_prefix("nothing ")
                    .or_else(|| finding.strip_prefix("only "))
                    .unwrap_or(finding);
                let place = match &g.stale {
                    Some(note) => t(&format!("{place} ({note})")),
                    None => t(place),
                };
                match g.kind {
                    GapKind::Nothing => row.none.push(place),
                    GapKind::Thin => row.thin.push(place),
                    GapKind::Partly => row.part.push(place),
                }
            }
            row
        })
        .filter(|r| !(r.none.is_empty() && r.thin.is_empty() && r.part.is_empty()))
        .collect();
    let mut groups: Vec<GroupList> = Grouping::ALL
        .iter()
        .map(|g| {
            let rows = service_rows(doc, Some(*g));
            GroupList {
                heading: format!("{} · {} ({})", g.number(), g.name(), rows.len()),
                rows,
            }
        })
        .collect();
    let rest = service_rows(doc, None);
    if !rest.is_empty() {
        groups.push(GroupList {
            heading: format!("Not placed in a grouping yet ({})", rest.len()),
            rows: rest,
        });
    }
    Some(MapPart {
        count: format!(
            "{} on the map. A service can meet needs in more than one grouping.",
            plural(doc.services.len(), "service")
        ),
        fresh: freshness_sentence(doc),
        directory: from_directory(doc),
        heats: grids,
        gap_summary,
        gaps,
        bars: bars(doc),
        groups,
    })
}

// ---- the day

struct Segment {
    y: u32,
    label: String,
    title: String,
    planned_x: u32,
    planned_w: u32,
    /// The part that ran within its plan, and any overrun after it.
    ran: Option<(u32, u32)>,
    over: Option<(u32, u32)>,
    over_label: String,
    said: String,
}

struct Day {
    label_x: u32,
    summary: String,
    finish: String,
    width: u32,
    height: u32,
    ticks: Vec<(u32, String)>,
    segments: Vec<Segment>,
    rows: Vec<[String; 6]>,
}

const DAY_LABEL_W: u32 = 230;
const DAY_W: u32 = 500;
const DAY_ROW_H: u32 = 26;

fn day_part(doc: &Document) -> Option<Day> {
    if doc.agenda.is_empty() {
        return None;
    }
    let end_of = |a: &crate::event::document::AgendaItem| {
        a.planned_start + TimeDelta::minutes(i64::from(a.planned_minutes))
    };
    let ran_end = |a: &crate::event::document::AgendaItem| match (a.actual_start, a.minutes_taken) {
        (Some(s), Some(m)) => Some(a.actual_end.unwrap_or(s + TimeDelta::minutes(m))),
        _ => None,
    };
    let first = doc
        .agenda
        .iter()
        .flat_map(|a| [Some(a.planned_start), a.actual_start])
        .flatten()
        .min()?;
    let last = doc
        .agenda
        .iter()
        .flat_map(|a| [Some(end_of(a)), ran_end(a)])
        .flatten()
        .max()?;
    // Whole quarter hours either side, so the ticks fall on the clock's own marks.
    let from = first - TimeDelta::minutes(i64::from(first.minute() % 15));
    let span = ((last - from).num_minutes()).max(15);
    let x = |at: NaiveDateTime| {
        DAY_LABEL_W + (((at - from).num_minutes().clamp(0, span) * i64::from(DAY_W)) / span) as u32
    };
    let mut ticks = Vec::new();
    // Ticks on the clock's own marks, never more than about ten: a day left open overnight
    // spans many hours.
    let step = [15, 30, 60, 120, 180, 240, 360, 720, 1440, 2880]
        .into_iter()
        .find(|m| span / m <= 10)
        .unwrap_or(span.max(1));
    let of_day = i64::from(from.hour() * 60 + from.minute());
    let mut at = from + TimeDelta::minutes((step - of_day % step) % step);
    while at <= from + TimeDelta::minutes(span) {
        ticks.push((x(at), clock(at)));
        at += TimeDelta::minutes(step);
    }
    let segments = doc
        .agenda
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let y = 30 + DAY_ROW_H * i as u32;
            let planned_x = x(a.planned_start);
            let planned_w = x(end_of(a)).saturating_sub(planned_x).max(2);
            // Over its plan, as the table says "3 over": minutes given on the day are the
            // table's note, not a new plan, so the hatch and its label agree with the table.
            let planned = i64::from(a.planned_minutes);
            let over_label = match a.minutes_taken {
                Some(m) if m > planned => format!("+{}", minutes(m - planned)),
                _ => String::new(),
            };
            let (ran, over, said) = match (a.actual_start, ran_end(a), a.minutes_taken) {
                (Some(s), Some(e), Some(m)) => {
                    let within = s + TimeDelta::minutes(m.min(planned));
                    let rx = x(s);
                    let over =
                        (m > planned).then(|| (x(within), x(e).saturating_sub(x(within)).max(2)));
                    (
                        Some((rx, x(within).saturating_sub(rx).max(2))),
                        over,
                        format!(
                            "planned {} for {}; ran {}–{}, {} ({})",
                            clock(a.planned_start),
                            minutes(i64::from(a.planned_minutes)),
                            clock(s),
                            clock(e),
                            minutes(m),
                            over_under(m, i64::from(a.planned_minutes))
                        ),
                    )
                }
                _ => (
                    None,
                    None,
                    format!(
                        "planned {} for {}; not run",
                        clock(a.planned_start),
                        minutes(i64::from(a.planned_minutes))
                    ),
                ),
            };
            Segment {
                y,
                label: short(&a.title, 28),
                title: t(&a.title),
                planned_x,
                planned_w,
                ran,
                over,
                over_label,
                said,
            }
        })
        .collect::<Vec<_>>();
    let rows = doc
        .agenda
        .iter()
        .map(|a| {
            let running = running(a);
            let planned = i64::from(a.planned_minutes);
            let (took, diff) = match a.minutes_taken {
                Some(m) if running => (format!("{} so far", minutes(m)), "running".to_owned()),
                Some(m) => (minutes(m), over_under(m, planned)),
                None => ("—".to_owned(), "not run".to_owned()),
            };
            [
                clock(a.planned_start),
                t(&a.title),
                a.actual_start.map_or("—".to_owned(), clock),
                minutes(planned),
                took,
                diff,
            ]
        })
        .collect();
    let planned_end = doc.agenda.last().map(end_of);
    let actual_end = doc.agenda.iter().filter_map(ran_end).max();
    let finish = match (planned_end, actual_end, doc.event.state.as_str()) {
        (Some(p), Some(a), "finished") => {
            let late = (a - p).num_minutes();
            // An early finish may be items left out, not time saved: say which it was.
            let not_run = doc
                .agenda
                .iter()
                .filter(|item| item.actual_start.is_none())
                .count();
            let left_out = match not_run {
                0 => String::new(),
                n => format!(
                    " {} of its {} {} not run.",
                    n,
                    plural(doc.agenda.len(), "item"),
                    if n == 1 { "was" } else { "were" }
                ),
            };
            let said = match late {
                0 => format!("Finished on time, at {}.", clock(a)),
                l if l > 0 => format!(
                    "Finished at {}, {} after the planned {}.",
                    clock(a),
                    plural(l as usize, "minute"),
                    clock(p)
                ),
                l => format!(
                    "Finished at {}, {} before the planned {}.",
                    clock(a),
                    plural((-l) as usize, "minute"),
                    clock(p)
                ),
            };
            format!("{said}{left_out}")
        }
        (Some(p), Some(last), _) if doc.exported_at.date() > doc.event.date => {
            // Written on a later day for a day never closed: how far behind "now" is means
            // nothing, so say what the record holds.
            format!(
                "The day was not closed in thrive: the last time recorded is {}, against a plan that ended at {}.",
                clock(last),
                clock(p)
            )
        }
        (Some(p), Some(_), _) => {
            // Where the day stands against its plan: the item under way (or the last one
            // run) is due to end when its minutes are up, or now if they already are.
            let at = doc.exported_at;
            let drift = doc
                .agenda
                .iter()
                .filter(|a| a.actual_start.is_some())
                .max_by_key(|a| a.actual_start)
                .and_then(|a| {
                    // Minutes given or taken away on the day move when it is due to end.
                    let allowed =
                        (i64::from(a.planned_minutes) + i64::from(a.extra_minutes)).max(0);
                    let due = if running(a) {
                        Some(at.max(a.actual_start? + TimeDelta::minutes(allowed)))
                    } else {
                        ran_end(a)
                    };
                    Some((due? - end_of(a)).num_minutes())
                })
                .unwrap_or(0);
            let stands = match drift {
                0 => "on its plan".to_owned(),
                d if d > 0 => format!("{} behind its plan", plural(d as usize, "minute")),
                d => format!("{} ahead of its plan", plural((-d) as usize, "minute")),
            };
            format!(
                "Still under way when this was written at {}: the day stood {stands}, which ends at {}.",
                clock(at),
                clock(p)
            )
        }
        _ => "The agenda was not run.".to_owned(),
    };
    Some(Day {
        label_x: DAY_LABEL_W - 8,
        // An event still under way says so once, in `finish`.
        summary: if doc.event.state == "finished" {
            day_summary(doc)
        } else {
            String::new()
        },
        finish,
        // Room on the right for the last overrun's "+35 min".
        width: DAY_LABEL_W + DAY_W + 80,
        height: 30 + DAY_ROW_H * doc.agenda.len() as u32 + 6,
        ticks,
        segments,
        rows,
    })
}

// ---- the assessment and the vote

struct Score {
    text: String,
    class: &'static str,
}

struct Assessment {
    intro: String,
    levels: Vec<&'static str>,
    rows: Vec<(String, Vec<Score>, String)>,
    summary: Vec<String>,
    evidence: Vec<(String, String)>,
}

fn assessment_part(doc: &Document) -> Option<Assessment> {
    if doc.assessment.is_empty() {
        return None;
    }
    let a = doc.assessments();
    let card = card(doc);
    let like = crate::event::assessment::THRIVE_LIKE;
    let rows = card
        .rows
        .iter()
        .zip(&card.per_principle)
        .map(|((p, scores), tally)| {
            let cells = scores
                .iter()
                .map(|&(now, before)| match now {
                    None => Score {
                        text: "·".to_owned(),
                        class: "unscored",
                    },
                    Some(s) => {
                        let mark = if s >= like { " ✓" } else { "" };
                        let change = crate::event::assessment::change(before, now)
                            .map(|c| format!(" ({c})"))
                            .unwrap_or_default();
                        Score {
                            text: format!("{s}{mark}{change}"),
                            class: ["s1", "s1", "s2", "s3", "s4"][usize::from(s.min(4))],
                        }
                    }
                })
                .collect();
            (format!("{} {}", p.number(), p.name()), cells, tally.clone())
        })
        .collect();
    let evidence = evidence(&a)
        .into_iter()
        .map(|(cell_name, score, why)| (format!("{cell_name}{score}"), t(why)))
        .collect();
    Some(Assessment {
        intro: assessment_intro(&card),
        levels: card.levels.iter().map(|l| l.name()).collect(),
        rows,
        summary: card.summary.iter().map(|s| t(s)).collect(),
        evidence,
    })
}

struct Ranked {
    place: String,
    text: String,
    total: u32,
    dots: DotRow,
    from: String,
    action: String,
}

/// A candidate's dots as drawn: one per dot given (up to 40), each at its x, closer and
/// smaller past ten so a row never grows wider than ten dots' room.
struct DotRow {
    xs: Vec<u32>,
    r: u32,
    width: u32,
}

impl DotRow {
    fn of(total: u32) -> DotRow {
        let drawn = total.min(40);
        let step = if drawn <= 10 { 16 } else { 160 / drawn };
        DotRow {
            xs: (0..drawn).map(|i| 8 + i * step).collect(),
            r: (step * 2 / 5).clamp(2, 6),
            width: 16 + step * drawn.saturating_sub(1),
        }
    }
}

struct Priorities {
    intro: String,
    ranked: Vec<Ranked>,
    voters: Vec<String>,
    by_voter: Vec<(String, Vec<u32>)>,
}

fn priorities_part(doc: &Document) -> Option<Priorities> {
    let v = doc.vote.as_ref().filter(|v| !v.candidates.is_empty())?;
    let intro = vote_intro(v, t);
    let actions: std::collections::HashMap<&str, &str> = doc
        .actions
        .iter()
        .map(|a| (a.uid.as_str(), a.text.as_str()))
        .collect();
    let order = v.ranked();
    let ranked = order
        .iter()
        .map(|c| Ranked {
            place: t(&c.place),
            text: t(&c.text),
            total: c.total,
            dots: DotRow::of(c.total),
            from: t(&c.from_words()),
            action: c
                .action
                .as_deref()
                .and_then(|uid| actions.get(uid))
                .map_or_else(String::new, |a| t(a)),
        })
        .collect();
    Some(Priorities {
        intro,
        ranked,
        voters: v.voters.iter().map(|n| t(n)).collect(),
        by_voter: order
            .iter()
            .map(|c| (t(&c.text), v.voters.iter().map(|n| c.from(n)).collect()))
            .collect(),
    })
}

// ---- actions, notes, since last time

struct ActionRow {
    text: String,
    owners: String,
    due: String,
    status: String,
    open: bool,
    overdue: bool,
    grouping: String,
}

struct Actions {
    summary: String,
    rows: Vec<ActionRow>,
}

fn actions_part(doc: &Document) -> Option<Actions> {
    if doc.actions.is_empty() {
        return None;
    }
    let today = doc.exported_at.date();
    let script = doc.parsed_script().ok();
    Some(Actions {
        summary: action_counts(&doc.actions),
        rows: in_order(&doc.actions)
            .into_iter()
            .map(|a| ActionRow {
                text: t(&a.text),
                owners: t(&owner_names(&a.owners, script.as_ref())),
                due: due(a.due),
                status: status_text(a, today),
                open: a.status.is_open(),
                overdue: a.status.is_open() && a.due.is_some_and(|d| d < today),
                grouping: a.grouping.map_or(String::new(), |g| g.name().to_owned()),
            })
            .collect(),
    })
}

struct NoteGroup {
    heading: String,
    notes: Vec<(String, String)>,
}

fn notes_part(doc: &Document) -> Vec<NoteGroup> {
    let notes: Vec<&NoteDoc> = doc.notes.iter().filter(|n| !is_attendance(n)).collect();
    let item = |n: &&NoteDoc| (clock(n.created_at), t(&n.text));
    let mut out: Vec<NoteGroup> = doc
        .agenda
        .iter()
        .map(|a| NoteGroup {
            heading: t(&a.title),
            notes: notes
                .iter()
                .filter(|n| n.segment.as_deref() == Some(a.id.as_str()))
                .map(item)
                .collect(),
        })
        .filter(|g| !g.notes.is_empty())
        .collect();
    let rest: Vec<(String, String)> = notes
        .iter()
        .filter(|n| doc.segment_title(n.segment.as_deref()).is_none())
        .map(item)
        .collect();
    if !rest.is_empty() {
        out.push(NoteGroup {
            heading: if doc.agenda.is_empty() {
                "All notes".to_owned()
            } else {
                "Other notes".to_owned()
            },
            notes: rest,
        });
    }
    out
}

struct Since {
    intro: String,
    counts: String,
    rows: Vec<[String; 4]>,
    map: Vec<String>,
}

fn since_part(doc: &Document) -> Option<Since> {
    let s = doc.since_last_time.as_ref()?;
    let script = doc.parsed_script().ok();
    let counts = since_counts(s);
    let rows = s
        .actions
        .iter()
        .map(|a| {
            [
                t(&a.text),
                t(&owner_names(&a.owners, script.as_ref())),
                due(a.due),
                outcome_words(&a.outcome),
            ]
        })
        .collect();
    let names = |list: &[String]| list.iter().map(|n| t(n)).collect::<Vec<_>>().join(", ");
    let mut map = Vec::new();
    if !s.added.is_empty() {
        map.push(format!("{} added: {}", s.added.len(), names(&s.added)));
    }
    if !s.removed.is_empty() {
        map.push(format!(
            "{} removed: {}",
            s.removed.len(),
            names(&s.removed)
        ));
    }
    if !s.moved.is_empty() {
        let moved: Vec<String> = s.moved.iter().map(|m| moved_words(m, t)).collect();
        map.push(format!(
            "{} moved grouping: {}",
            s.moved.len(),
            moved.join("; ")
        ));
    }
    Some(Since {
        intro: format!(
            "The last event of the series was {} on {}.",
            t(&s.title),
            day(s.date)
        ),
        counts,
        rows,
        map,
    })
}

// ---- the first page

/// Three to five sentences someone who was not there reads first: the largest gaps, the
/// assessment's change, the top priorities, how the day went, the actions and who owns them.
fn headlines(doc: &Document, run: Option<&Day>, priorities: Option<&Priorities>) -> Vec<String> {
    let mut out = Vec::new();
    if !doc.services.is_empty() {
        out.push(map_headline(doc));
    }
    if !doc.assessment.is_empty() {
        let card = card(doc);
        let (mut up, mut down) = (0, 0);
        for (_, scores) in &card.rows {
            for &(now, before) in scores {
                if let (Some(n), Some(b)) = (now, before) {
                    up += usize::from(n > b);
                    down += usize::from(n < b);
                }
            }
        }
        if let Some(all) = card.summary.last() {
            let all = t(all);
            let all = all.strip_prefix("In all: ").unwrap_or(&all);
            let moved = if card.compared.is_some() {
                format!(
                    "; since the last assessment {} went up and {} down",
                    plural(up, "score"),
                    down
                )
            } else {
                String::new()
            };
            out.push(format!(
                "The assessment: {}{moved}.",
                all.replace(" · baseline", ", against the baseline")
            ));
        }
    }
    if let Some(p) = priorities
        && !p.ranked.is_empty()
    {
        let top: Vec<String> = p
            .ranked
            .iter()
            .take(3)
            .map(|r| format!("“{}” ({})", r.text, crate::event::vote::dots_words(r.total)))
            .collect();
        out.push(format!("The top priorities: {}.", top.join(", ")));
    }
    if let Some(d) = run
        && !d.finish.starts_with("The agenda was not run")
    {
        out.push(d.finish.clone());
    }
    if !doc.actions.is_empty() {
        out.push(actions_headline(doc));
    }
    // A day with little in it still has three things worth reading first, if it has them.
    if out.len() < 3
        && let Some(s) = &doc.since_last_time
    {
        let done = s.actions.iter().filter(|a| a.outcome == "done").count();
        out.push(if s.actions.is_empty() {
            format!("The last event, on {}, agreed no actions.", day(s.date))
        } else {
            format!(
                "Of the {} agreed at the last event, on {}, {done} {} done.",
                plural(s.actions.len(), "action"),
                day(s.date),
                if done == 1 { "is" } else { "are" }
            )
        });
    }
    if out.len() < 3 && !doc.services.is_empty() {
        out.extend(fewest_and_most(doc));
    }
    if out.len() < 3
        && let Some(fresh) = freshness_sentence(doc)
    {
        out.push(t(&fresh));
    }
    out.truncate(5);
    out
}

/// The map in one sentence: how many places (an age band in a locality) have no service in
/// a grouping, how many rest on one, and some of the empty ones. Sector gaps are the gaps
/// table's: "nothing from education" is not a place with nothing at all.
fn map_headline(doc: &Document) -> String {
    let mapped = plural(doc.services.len(), "service");
    let (count, _) = gap_counts(doc);
    if count.total() == 0 {
        return format!("{mapped} mapped. {}", gap_summary(doc, false));
    }
    let empty: Vec<String> = doc
        .gaps
        .iter()
        .filter(|g| g.sector.is_none() && g.kind == GapKind::Nothing)
        .take(3)
        .map(|g| {
            format!(
                "{} ({})",
                t(gap_place(&g.sentence)),
                g.grouping.short_name()
            )
        })
        .collect();
    if empty.is_empty() {
        format!(
            "{mapped} mapped; no place is without a service, but {} rest on a single one.",
            plural(count.thin, "place")
        )
    } else {
        format!(
            "{mapped} mapped; {} have no service at all in a grouping and {} rest on one. Among them: {}.",
            plural(count.nothing, "place"),
            count.thin,
            empty.join("; ")
        )
    }
}

/// A gap's sentence without its grouping: "Thriving: nothing for 0–4 in North" → the rest.
fn gap_place(sentence: &str) -> &str {
    sentence.split_once(": ").map_or(sentence, |(_, rest)| rest)
}

/// How many actions, how many still to do and who owns them, in one sentence.
fn actions_headline(doc: &Document) -> String {
    let open: Vec<_> = doc.actions.iter().filter(|a| a.status.is_open()).collect();
    let mut owners: Vec<&str> = open
        .iter()
        .flat_map(|a| a.owners.iter().map(String::as_str))
        .collect();
    owners.sort_unstable();
    owners.dedup();
    let unowned = open.iter().filter(|a| a.owners.is_empty()).count();
    let to_do = ActionCounts::of(doc.actions.iter().map(|a| a.status)).to_do();
    let all = plural(doc.actions.len(), "action");
    if to_do == 0 {
        return format!("{all}, none still to do.");
    }
    if owners.is_empty() {
        return format!("{all}, {to_do} still to do, and none has an owner yet.");
    }
    let by = match owners.len() {
        1 => "1 person".to_owned(),
        n => format!("{n} people"),
    };
    if unowned > 0 {
        format!("{all}, {to_do} still to do, owned by {by}; {unowned} with no owner yet.")
    } else {
        format!("{all}, {to_do} still to do, owned by {by}.")
    }
}

/// The groupings with the fewest and the most services placed, when they differ.
fn fewest_and_most(doc: &Document) -> Option<String> {
    // Counted as the bars count them, so the sentence and the picture agree.
    let totals = coverage::totals(&doc.services_on_map());
    let counts: Vec<(Grouping, usize)> = Grouping::ALL
        .iter()
        .map(|g| (*g, totals.grouping(*g)))
        .collect();
    let least = counts.iter().map(|c| c.1).min()?;
    let most = counts.iter().map(|c| c.1).max()?;
    if least == most {
        return None;
    }
    let named = |n: usize| {
        counts
            .iter()
            .filter(|c| c.1 == n)
            .map(|c| c.0.name())
            .collect::<Vec<_>>()
            .join(" and ")
    };
    Some(format!(
        "Fewest services: {} ({least}); most: {} ({most}).",
        named(least),
        named(most)
    ))
}

/// The whole page. Private notes never reach it: the caller gives the document for others.
pub(super) fn report(doc: &Document) -> String {
    let e = &doc.event;
    let mut facts = vec![("Site", t(&e.site)), ("Date", day(e.date))];
    if let Some(v) = &e.venue {
        facts.push(("Venue", t(v)));
    }
    if !e.facilitator.trim().is_empty() {
        facts.push(("Facilitator", t(&e.facilitator)));
    }
    if let Some(s) = &e.series {
        facts.push(("Series", t(s)));
    }
    let present = doc
        .notes
        .iter()
        .filter(|n| is_attendance(n))
        .map(|n| {
            t(&n.text
                .split_whitespace()
                .filter(|w| !capture::is_attendance_tag(w))
                .collect::<Vec<_>>()
                .join(" "))
        })
        .collect();
    let day = day_part(doc);
    let priorities = priorities_part(doc);
    let headlines = headlines(doc, day.as_ref(), priorities.as_ref());
    let to_do = ActionCounts::of(doc.actions.iter().map(|a| a.status)).to_do();
    let page = Page {
        title: t(&e.title),
        rehearsal: e.rehearsal,
        facts,
        present,
        summary: format!(
            "{} {}, {} ({to_do} still to do), {} mapped with {} to look at.",
            day_summary(doc),
            note_counts(doc).summary(),
            plural(doc.actions.len(), "action"),
            plural(doc.services.len(), "service"),
            plural(doc.gap_count().total(), "gap"),
        ),
        headlines,
        since: since_part(doc),
        map: map_part(doc),
        day,
        assessment: assessment_part(doc),
        priorities,
        notes: notes_part(doc),
        actions: actions_part(doc),
        footer: format!(
            "Written by {} on {} at {} from the event record (event {}).",
            doc.exported_by,
            doc.exported_at.format("%-d %B %Y"),
            clock(doc.exported_at),
            t(&e.uid)
        ),
    };
    // The template is checked when the crate is built; rendering it only writes strings.
    page.render().unwrap_or_else(|e| {
        format!("<!doctype html><title>report</title><p>The report could not be drawn: {e}</p>")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_labels_split_at_the_most_even_space_and_long_words_are_shortened() {
        let s = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        assert_eq!(two_lines("North"), s("North", ""));
        assert_eq!(two_lines("Kettlebridge"), s("Kettlebridge", ""));
        assert_eq!(two_lines("Fenwold Town"), s("Fenwold", "Town"));
        assert_eq!(two_lines("Upper Wolds of Fen"), s("Upper Wolds", "of Fen"));
        assert_eq!(two_lines("Northamptonshireshire"), s("Northamptons…", ""));
    }

    #[test]
    fn a_row_of_dots_stays_within_ten_dots_room_however_many_were_given() {
        for total in [0, 1, 3, 10, 11, 25, 40, 400] {
            let row = DotRow::of(total);
            assert_eq!(row.xs.len() as u32, total.min(40));
            assert!(row.width <= 176, "{total}: {}", row.width);
            let last = row.xs.last().copied().unwrap_or(0);
            assert!(last + row.r <= row.width, "{total}: the last dot is cut");
        }
    }

    #[test]
    fn columns_run_evenly_in_grids_of_at_most_six() {
        let lens = |n| column_runs(n).iter().map(|r| r.len()).collect::<Vec<_>>();
        assert_eq!(lens(0), [0]);
        assert_eq!(lens(4), [4]);
        assert_eq!(lens(6), [6]);
        assert_eq!(lens(7), [4, 3]);
        assert_eq!(lens(13), [5, 4, 4]);
        assert_eq!(column_runs(13)[2], 9..13);
    }
}

//! The room's screens: drawn from a [`Room`] and the theme alone, for the back of the room —
//! headings in big letters where they fit, fewer and larger rows, nothing of the console's
//! chrome (no key hints, no database state, no seconds on the wall clock).

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Widget};
use unicode_width::UnicodeWidthStr;

use super::big::Big;
use super::theme::Theme;
use super::{truncate, wrap_at_most};
use crate::event::vote;
use crate::room::{ActionLine, Body, Column, GroupingCard, Phase, Room, SegmentCard, VoteCard};
use crate::thrive::Grouping;

/// A window this tall is a projector's (1080p at a readable font is about 67 rows): rows
/// get air between them and headings their doubled size.
const TALL: u16 = 40;

pub fn render(room: &Room, t: &Theme, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, t.base);
    if area.width < 20 || area.height < 6 {
        Line::styled(truncate(&room.title, area.width as usize), t.title).render(area, buf);
        return;
    }
    let margin = if area.width >= 120 { 4 } else { 2 };
    let inner = area.inner(Margin::new(margin, 1));
    let [top, _, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(area.height >= TALL)),
        Constraint::Fill(1),
    ])
    .areas(inner);
    if !matches!(room.body, Body::Title | Body::Waiting(_)) {
        top_line(room, t, top, buf);
    }
    let body = if matches!(room.body, Body::Title | Body::Waiting(_)) {
        inner
    } else {
        body
    };
    match &room.body {
        Body::Waiting(why) => waiting(room, why, t, body, buf),
        Body::Title => title_card(room, t, body, buf),
        Body::Segment(card) => segment(card, t, body, buf),
        Body::Groupings(cards) => groupings(cards, t, body, buf),
        Body::Grouping(card) => grouping(card, t, body, buf),
        Body::Principle {
            principle,
            summary,
            description,
        } => big_page(
            &format!("Principle {} of 8", principle.number()),
            principle.name(),
            summary,
            description,
            t,
            body,
            buf,
        ),
        Body::Map(columns) => map(columns, t, body, buf),
        Body::Assessment(card) => {
            let tall = body.height >= TALL;
            let used = heading(
                "THRIVE-like?",
                t.heading,
                if tall { 8 } else { 1 },
                body,
                buf,
            );
            let rest = Rect {
                y: body.y + used + 1,
                height: body.height.saturating_sub(used + 1),
                ..body
            };
            // The evidence shown, at the foot in large type's place: the grid above it.
            let foot = match &card.evidence {
                Some((p, l, words)) => {
                    let words = if words.trim().is_empty() {
                        "no evidence written yet".to_owned()
                    } else {
                        words.clone()
                    };
                    let mut lines = vec![format!("{} · {}", p.name(), l.name())];
                    let mut wrapped = wrap_at_most(&words, rest.width.saturating_sub(4), 4);
                    fit_lines(&mut wrapped, 3, rest.width.saturating_sub(4) as usize);
                    lines.extend(wrapped);
                    lines
                }
                None => Vec::new(),
            };
            let foot_height =
                (foot.len() as u16 + u16::from(!foot.is_empty())).min(rest.height / 2);
            let grid_area = Rect {
                height: rest.height - foot_height,
                ..rest
            };
            // Rows spread over the window: the grid is the whole screen.
            let marked = card.evidence.as_ref().map(|(p, l, _)| (*p, *l));
            super::assessment::grid(card, marked, true, t, grid_area, buf);
            for (i, l) in foot.iter().enumerate() {
                let y = grid_area.bottom() + 1 + i as u16;
                if y < rest.bottom() {
                    let style = if i == 0 {
                        t.accent.add_modifier(Modifier::BOLD)
                    } else {
                        t.heading.add_modifier(Modifier::BOLD)
                    };
                    Line::styled(l.clone(), style)
                        .alignment(Alignment::Center)
                        .render(Rect::new(rest.x, y, rest.width, 1), buf);
                }
            }
        }
        Body::Coverage(grid) => coverage(grid, t, body, buf),
        Body::Priorities(card) => priorities(card, t, body, buf),
        Body::Gaps(gaps, at) => {
            let items: Vec<(String, String)> = gaps
                .iter()
                .enumerate()
                .map(|(i, g)| (format!("{}.", i + 1), g.clone()))
                .collect();
            list_page(
                "Gaps",
                "no gaps: every grouping has services for every age band and place",
                &items,
                Keep::Around(*at),
                t,
                body,
                buf,
            );
        }
        Body::Actions(actions) => action_page("Actions", actions, t, body, buf),
        Body::Review(actions) => action_page("Since last time", actions, t, body, buf),
        Body::Notes(notes) => {
            let items: Vec<(String, String)> = notes
                .iter()
                .map(|n| (n.at.clone(), n.text.clone()))
                .collect();
            list_page("Notes", "no notes yet", &items, Keep::Last, t, body, buf);
        }
    }
}

/// The event's title on the left and the time (minutes only) on the right.
fn top_line(room: &Room, t: &Theme, area: Rect, buf: &mut Buffer) {
    let clock = room.clock.as_str();
    let room_for_title = (area.width as usize).saturating_sub(clock.width() + 2);
    let title = format!("{} · {}", room.title, room.site);
    Line::styled(truncate(&title, room_for_title), t.muted).render(area, buf);
    Line::styled(clock, t.muted)
        .alignment(Alignment::Right)
        .render(area, buf);
}

/// A heading in big letters if it fits in `max_height`, else one bold line; returns the
/// rows it took.
fn heading(text: &str, style: Style, max_height: u16, area: Rect, buf: &mut Buffer) -> u16 {
    let style = style.add_modifier(Modifier::BOLD);
    match Big::fit(text, area.width, max_height.min(area.height), style) {
        Some(big) => {
            big.render(
                Rect {
                    height: big.height,
                    ..area
                },
                buf,
            );
            big.height
        }
        None => {
            let mut lines = wrap_at_most(text, area.width, 2);
            fit_lines(&mut lines, 2, area.width as usize);
            for (i, l) in lines.iter().enumerate() {
                if let Some(row) = row(area, i as u16) {
                    Line::styled(l.clone(), style)
                        .alignment(Alignment::Center)
                        .render(row, buf);
                }
            }
            lines.len() as u16
        }
    }
}

fn row(area: Rect, y: u16) -> Option<Rect> {
    (y < area.height).then(|| Rect::new(area.x, area.y + y, area.width, 1))
}

/// Centred wrapped text, as many lines as fit, the last marked when more was cut.
fn centred_text(text: &str, style: Style, area: Rect, buf: &mut Buffer) {
    let width = area.width.min(100);
    let area = Rect {
        x: area.x + (area.width - width) / 2,
        width,
        ..area
    };
    let mut lines: Vec<String> = Vec::new();
    for para in text.lines() {
        lines.extend(wrap_at_most(para, width, usize::from(area.height) + 1));
    }
    fit_lines(&mut lines, area.height as usize, width as usize);
    for (i, l) in lines.iter().enumerate() {
        if let Some(r) = row(area, i as u16) {
            Line::styled(l.clone(), style)
                .alignment(Alignment::Center)
                .render(r, buf);
        }
    }
}

/// Keeps the lines that fit in `height`, marking the last kept one with "…" when some are cut.
fn fit_lines(lines: &mut Vec<String>, height: usize, width: usize) {
    if lines.len() > height && height > 0 {
        lines.truncate(height);
        if let Some(last) = lines.last_mut() {
            *last = truncate(&format!("{last} …"), width);
        }
    }
}

fn waiting(room: &Room, why: &str, t: &Theme, area: Rect, buf: &mut Buffer) {
    let tall = area.height >= TALL;
    let [_, head, _, words, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(if tall { 16 } else { 8 }),
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Fill(1),
    ])
    .areas(area);
    heading(&room.title, t.accent, head.height, head, buf);
    centred_text(why, t.muted, words, buf);
}

fn title_card(room: &Room, t: &Theme, area: Rect, buf: &mut Buffer) {
    let tall = area.height >= TALL;
    let [_, head, _, site, when, _, clock, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(if tall { 34 } else { 12 }),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    let used = heading(&room.title, t.accent, head.height, head, buf);
    // The space a short title leaves goes below the lines, so the card sits centred.
    let shift = head.height.saturating_sub(used) / 2;
    let down = |r: Rect| Rect {
        y: r.y.saturating_sub(shift),
        ..r
    };
    Line::styled(room.site.clone(), t.heading.add_modifier(Modifier::BOLD))
        .alignment(Alignment::Center)
        .render(down(site), buf);
    Line::styled(room.when.clone(), t.heading)
        .alignment(Alignment::Center)
        .render(down(when), buf);
    Line::styled(room.clock.clone(), t.muted)
        .alignment(Alignment::Center)
        .render(down(clock), buf);
}

fn segment(card: &SegmentCard, t: &Theme, area: Rect, buf: &mut Buffer) {
    let tall = area.height >= TALL;
    let style = match card.phase {
        Phase::Over => t.over_text,
        Phase::Low => t.low,
        Phase::Paused => t.paused,
        _ => t.countdown,
    };
    // "Next" keeps the bottom row where there is room for it; everything else goes top down,
    // clipped to what is left, the countdown and its words before the text.
    let next_row = card.next.is_some() && area.height >= 10;
    let body = Rect {
        height: area.height - u16::from(next_row),
        ..area
    };
    let h = body.height;
    let title_max = match h {
        h if h >= TALL => 16,
        h if h >= 16 => 4,
        _ => 1,
    };
    // A laptop-size window keeps rows for the segment's text under a smaller countdown.
    let big_max = match h {
        h if h >= TALL => 16,
        h if h >= 26 => 8,
        h if h >= 12 => 4,
        _ => 1,
    };
    let gap = u16::from(h >= 12);
    let mut y = body.y;
    let take = |y: &mut u16, rows: u16| {
        let top = (*y).min(body.bottom());
        let r = Rect::new(body.x, top, body.width, rows.min(body.bottom() - top));
        *y = top + r.height;
        r
    };
    if h >= 8 {
        let position = take(&mut y, 1);
        Line::styled(card.position.clone(), t.muted)
            .alignment(Alignment::Center)
            .render(position, buf);
    }
    let title_area = take(&mut y, title_max);
    let used = heading(&card.title, t.heading, title_max, title_area, buf);
    y = title_area.y + used.min(title_area.height);
    take(&mut y, gap + u16::from(tall));
    let big_text = card
        .back_at
        .clone()
        .unwrap_or_else(|| card.countdown.clone());
    let big_area = take(&mut y, big_max);
    let used = heading(&big_text, style, big_max, big_area, buf);
    y = big_area.y + used.min(big_area.height);
    take(&mut y, gap);
    let words = if card.back_at.is_some() && card.phase != Phase::NotStarted {
        format!("{} · {}", card.words, card.countdown)
    } else {
        card.words.clone()
    };
    let words_area = take(&mut y, 1);
    Line::styled(
        truncate(&words, body.width as usize),
        style.add_modifier(Modifier::BOLD),
    )
    .alignment(Alignment::Center)
    .render(words_area, buf);
    if let Some(gone) = card.gone {
        let bar = take(&mut y, 1);
        let width = bar.width.min(80);
        let bar = Rect {
            x: bar.x + (bar.width - width) / 2,
            width,
            ..bar
        };
        // Thick for the time gone, dashed for the time left: it reads without colour.
        LineGauge::default()
            .ratio(gone)
            .label("")
            .filled_symbol(ratatui::symbols::line::THICK_HORIZONTAL)
            .unfilled_symbol("╌")
            .filled_style(style)
            .unfilled_style(t.muted)
            .render(bar, buf);
    }
    take(&mut y, gap + u16::from(tall));
    let rest = body.bottom().saturating_sub(y);
    let text_area = take(&mut y, rest);
    centred_text(&card.text, t.heading, text_area, buf);
    if let Some(next) = card.next.as_ref().filter(|_| next_row) {
        let r = Rect::new(area.x, area.bottom() - 1, area.width, 1);
        Line::styled(truncate(next, area.width as usize), t.muted)
            .alignment(Alignment::Center)
            .render(r, buf);
    }
}

fn groupings(cards: &[GroupingCard], t: &Theme, area: Rect, buf: &mut Buffer) {
    let rows = Layout::vertical([Constraint::Fill(1); 5]).split(area);
    // The names big only if every one fits so: five rows that look alike.
    let name_of = |c: &GroupingCard| format!("{} {}", c.grouping.number(), c.grouping.short_name());
    let all_big = rows.iter().all(|r| r.height >= 5)
        && cards
            .iter()
            .all(|c| name_of(c).len() as u16 * 4 + 2 <= area.width * 3 / 5);
    for (card, r) in cards.iter().zip(rows.iter()) {
        let r = *r;
        let count = match card.services.len() {
            0 => String::new(),
            1 => "1 service".to_owned(),
            n => format!("{n} services"),
        };
        let name = name_of(card);
        // The name large on the left where the rows are tall enough; the summary beside it.
        let big = all_big
            .then(|| Big::at_size(super::big::Size::Quadrant, &name, r.width * 3 / 5, t.accent))
            .flatten()
            .filter(|b| b.height <= r.height);
        let widest = cards
            .iter()
            .map(|c| name_of(c).len() as u16)
            .max()
            .unwrap_or(0);
        let name_width = match &big {
            Some(_) => widest * 4 + 2,
            None => (widest + 2).min(r.width / 2),
        };
        let [left, right] =
            Layout::horizontal([Constraint::Length(name_width), Constraint::Fill(1)]).areas(r);
        match big {
            Some(b) => b.render(
                Rect {
                    height: b.height,
                    ..left
                },
                buf,
            ),
            None => {
                Line::styled(
                    truncate(&name, left.width as usize),
                    t.accent.add_modifier(Modifier::BOLD),
                )
                .render(left, buf);
            }
        }
        // The summary, then as much of the description as the row holds above the count.
        let text_width = right.width.saturating_sub(1);
        let room_for = right.height.saturating_sub(2) as usize;
        let mut lines = wrap_at_most(&card.summary, text_width, right.height as usize);
        let mut more = Vec::new();
        for para in card.description.lines() {
            more.extend(wrap_at_most(para, text_width, room_for + 1));
        }
        // Every row alike: as much of each description as its row holds, the cut marked.
        let space = room_for.saturating_sub(lines.len());
        if space > 0 {
            fit_lines(&mut more, space, text_width as usize);
            lines.extend(more);
        }
        fit_lines(
            &mut lines,
            right.height.saturating_sub(1).max(1) as usize,
            right.width as usize,
        );
        let right = Rect {
            x: right.x + 1,
            width: right.width.saturating_sub(1),
            ..right
        };
        let summary_rows = wrap_at_most(&card.summary, text_width, right.height as usize).len();
        for (i, l) in lines.iter().enumerate() {
            if let Some(rr) = row(right, i as u16) {
                let style = if i < summary_rows {
                    t.heading.add_modifier(Modifier::BOLD)
                } else {
                    t.heading
                };
                Line::styled(l.clone(), style).render(rr, buf);
            }
        }
        if let Some(rr) = row(right, lines.len() as u16) {
            Line::styled(count, t.muted).render(rr, buf);
        }
    }
}

fn grouping(card: &GroupingCard, t: &Theme, area: Rect, buf: &mut Buffer) {
    let g = card.grouping;
    let mut description = card.description.clone();
    if !card.services.is_empty() {
        description.push_str("\n\n");
        description.push_str(&match card.services.len() {
            1 => "1 service on the map: ".to_owned(),
            n => format!("{n} services on the map: "),
        });
        description.push_str(&card.services.join(" · "));
    }
    big_page(
        &format!("Grouping {} of 5", g.number()),
        &format!("{} {}", g.number(), g.name()),
        &card.summary,
        &description,
        t,
        area,
        buf,
    );
}

/// A name large, where it sits, its summary and its words: a grouping or a principle.
fn big_page(
    position: &str,
    name: &str,
    summary: &str,
    text: &str,
    t: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let tall = area.height >= TALL;
    Line::styled(position.to_owned(), t.muted)
        .alignment(Alignment::Center)
        .render(Rect { height: 1, ..area }, buf);
    let head = Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(2),
        ..area
    };
    let used = heading(
        name,
        t.accent,
        if tall { 16 } else { area.height / 3 },
        head,
        buf,
    );
    let y = head.y + used + 1 + u16::from(tall);
    let rest = Rect::new(
        area.x,
        y.min(area.bottom()),
        area.width,
        area.bottom().saturating_sub(y),
    );
    let summary_rows =
        (wrap_at_most(summary, rest.width.min(100), 3).len() as u16).min(rest.height);
    centred_text(
        summary,
        t.heading.add_modifier(Modifier::BOLD),
        Rect {
            height: summary_rows,
            ..rest
        },
        buf,
    );
    let below = Rect {
        y: rest.y + summary_rows + 1,
        height: rest.height.saturating_sub(summary_rows + 1),
        ..rest
    };
    centred_text(text, t.heading, below, buf);
}

/// Which items a list that does not fit keeps: the first (actions, gaps) or the newest
/// (notes, taken down as the room speaks).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    First,
    Last,
    /// From just before this item (the one the facilitator has selected), which is marked.
    Around(usize),
}

/// A list screen: its title, then each item as a short label and its wrapped text (the first
/// line bold, the rest muted), and a count of what did not fit.
fn list_page(
    title: &str,
    empty: &str,
    items: &[(String, String)],
    keep: Keep,
    t: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let tall = area.height >= TALL;
    let used = heading(title, t.heading, if tall { 8 } else { 1 }, area, buf);
    let list = Rect {
        y: area.y + used + 1,
        height: area.height.saturating_sub(used + 1),
        ..area
    };
    if items.is_empty() {
        centred_text(empty, t.muted, list, buf);
        return;
    }
    let label_width = items.iter().map(|(l, _)| l.width()).max().unwrap_or(0) as u16 + 2;
    let text_width = list.width.saturating_sub(label_width + 2).max(10);
    let gap = u16::from(tall);
    let most = if tall { 6 } else { 3 };
    let wrapped = |text: &str| {
        let mut lines = Vec::new();
        for para in text.lines() {
            lines.extend(wrap_at_most(para, text_width, most + 1));
        }
        fit_lines(&mut lines, most, text_width as usize);
        lines
    };
    // Whole items only, with one row kept for the count of the others.
    let (start, focus) = match keep {
        Keep::Around(at) => {
            let at = at.min(items.len() - 1);
            (at.saturating_sub(1), Some(at))
        }
        _ => (0, None),
    };
    let order: Vec<usize> = match keep {
        Keep::First | Keep::Around(_) => (start..items.len()).collect(),
        Keep::Last => (0..items.len()).rev().collect(),
    };
    let mut shown: Vec<(usize, Vec<String>)> = Vec::new();
    // A row for "… N earlier" above the first one shown.
    let mut rows = u16::from(start > 0);
    for &i in &order {
        let lines = wrapped(&items[i].1);
        let need = lines.len() as u16 + if shown.is_empty() { 0 } else { gap };
        let reserve = u16::from(start + shown.len() + 1 < items.len());
        if rows + need + reserve > list.height && !shown.is_empty() {
            break;
        }
        rows += need;
        shown.push((i, lines));
    }
    let (before, after) = match keep {
        Keep::Last => (items.len() - shown.len(), 0),
        _ => (start, items.len() - start - shown.len()),
    };
    if keep == Keep::Last {
        shown.reverse();
    }
    let mut y = list.y;
    let say = |y: &mut u16, n: usize, text: String, buf: &mut Buffer| {
        if n > 0 && *y < list.bottom() {
            Line::styled(text, t.muted).render(Rect::new(list.x, *y, list.width, 1), buf);
            *y += 1;
        }
    };
    say(&mut y, before, format!("… {before} earlier"), buf);
    for (n, (i, lines)) in shown.iter().enumerate() {
        // Air between items, not after the last: the row kept for the count stays free.
        if n > 0 {
            y += gap;
        }
        for (k, l) in lines.iter().enumerate() {
            if y >= list.bottom() {
                break;
            }
            let label = if k == 0 { items[*i].0.as_str() } else { "" };
            let marked = focus == Some(*i);
            let style = match (k, marked) {
                (_, true) => t.selected.add_modifier(Modifier::BOLD),
                (0, false) => t.heading.add_modifier(Modifier::BOLD),
                _ => t.heading,
            };
            // The one being talked about: marked by a symbol as well as by its colour.
            let lead = if marked && k == 0 { "▶ " } else { "  " };
            Line::from(vec![
                Span::styled(lead, t.accent),
                Span::styled(format!("{label:<w$}", w = label_width as usize), t.muted),
                Span::styled(l.clone(), style),
            ])
            .render(Rect::new(list.x, y, list.width, 1), buf);
            y += 1;
        }
    }
    say(&mut y, after, format!("… and {after} more"), buf);
}

/// The vote: while voting, the candidates (no tallies) and each table's dots left at the
/// foot; revealed, the ranking with each candidate's dots drawn and counted.
fn priorities(card: &VoteCard, t: &Theme, area: Rect, buf: &mut Buffer) {
    let (title, items, foot, empty) = match card {
        VoteCard::Voting { candidates, voters } => {
            let items: Vec<(String, String)> = candidates
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("{}.", i + 1), c.clone()))
                .collect();
            let mut foot = vec!["The dots stay hidden until the reveal".to_owned()];
            foot.extend(voters.iter().map(|(name, spent, budget)| {
                let left = budget.saturating_sub(*spent);
                if left == 0 {
                    format!("{name}  ✓ voted")
                } else {
                    format!(
                        "{name}  {}{} {left} left",
                        "●".repeat(*spent as usize),
                        "○".repeat(left as usize)
                    )
                }
            }));
            ("Dot vote", items, foot, "no candidates yet")
        }
        VoteCard::Revealed { ranking, unspent } => {
            return revealed(ranking, unspent.as_deref(), t, area, buf);
        }
    };
    // The foot's first line alone, then the voters in columns, each whole.
    let mut lines: Vec<String> = Vec::new();
    if let Some((first, cells)) = foot.split_first() {
        lines.push(truncate(first, area.width as usize));
        let cell = cells.iter().map(|c| c.width()).max().unwrap_or(0) + 4;
        let columns = (area.width as usize / cell.max(1)).max(1);
        // Every row as wide as a full one, so the columns line up when centred.
        let full = (cell * columns.min(cells.len())).saturating_sub(4);
        for row in cells.chunks(columns) {
            let line: String = row
                .iter()
                .map(|c| format!("{c:<cell$}", cell = cell))
                .collect();
            let line = format!("{:<full$}", line.trim_end());
            lines.push(truncate(&line, area.width as usize));
        }
    }
    lines.truncate((area.height / 3) as usize);
    let foot_height = lines.len() as u16;
    let list = Rect {
        height: area
            .height
            .saturating_sub(foot_height + u16::from(foot_height > 0)),
        ..area
    };
    list_page(title, empty, &items, Keep::First, t, list, buf);
    for (i, l) in lines.iter().enumerate() {
        let y = area.bottom().saturating_sub(foot_height) + i as u16;
        let style = if i == 0 {
            t.muted
        } else {
            t.heading.add_modifier(Modifier::BOLD)
        };
        if y >= area.y && y < area.bottom() {
            Line::styled(l.clone(), style)
                .alignment(Alignment::Center)
                .render(Rect::new(area.x, y, area.width, 1), buf);
        }
    }
}

/// The ranking, large: each place in big figures where the window is tall, the candidate's
/// words bold beside it, and its dots drawn as a row of dots with their number. Ties share
/// their place ("=2"); the dots nobody spent are counted at the foot.
fn revealed(
    ranking: &[(String, String, u32)],
    unspent: Option<&str>,
    t: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let tall = area.height >= TALL;
    let used = heading("Priorities", t.heading, if tall { 8 } else { 1 }, area, buf);
    let foot = u16::from(unspent.is_some());
    let list = Rect {
        y: area.y + used + 1,
        height: area.height.saturating_sub(used + 1 + foot * 2),
        ..area
    };
    if ranking.is_empty() {
        centred_text("no candidates were voted on", t.muted, list, buf);
        return;
    }
    let n = ranking.len() as u16;
    // Rows as tall as the window allows for the candidates there are: big places need four.
    let per = if tall {
        (list.height / n.max(1)).clamp(3, 7)
    } else {
        (list.height / n.max(1)).clamp(2, 3)
    };
    let big_places = tall && per >= 4;
    let place_width: u16 = if big_places { 14 } else { 6 };
    let fits = (list.height / per).max(1) as usize;
    let (shown, more) = if ranking.len() > fits {
        (fits.saturating_sub(1).max(1), true)
    } else {
        (ranking.len(), false)
    };
    let most_dots = ranking.iter().map(|r| r.2).max().unwrap_or(0).max(1);
    let text_width = list.width.saturating_sub(place_width + 4);
    // The words big too where every one shown fits so (rows that look alike), a row kept
    // for the dots.
    let big_words: Option<Vec<Big>> = big_places
        .then(|| {
            ranking
                .iter()
                .take(shown)
                .map(|(_, text, _)| {
                    Big::at_size(super::big::Size::Quadrant, text, text_width, t.accent)
                        .filter(|b| b.height < per)
                })
                .collect()
        })
        .flatten();
    for (i, (place, text, dots)) in ranking.iter().take(shown).enumerate() {
        let y = list.y + i as u16 * per;
        if y >= list.bottom() {
            break;
        }
        let rows = per.min(list.bottom() - y);
        let top = *dots > 0
            && place
                .trim_start_matches('=')
                .parse::<usize>()
                .is_ok_and(|p| p <= 3);
        let style = if top {
            t.accent.add_modifier(Modifier::BOLD)
        } else {
            t.heading.add_modifier(Modifier::BOLD)
        };
        let left = Rect::new(list.x + 2, y, place_width.min(list.width), rows);
        match big_places
            .then(|| Big::at_size(super::big::Size::Quadrant, place, place_width, style))
            .flatten()
            .filter(|b| b.height <= rows)
        {
            Some(b) => b.render(left, buf),
            None => Line::styled(place.clone(), style).render(left, buf),
        }
        let x = list.x + 2 + place_width;
        let width = text_width;
        let words_height = match big_words.as_ref().and_then(|b| b.get(i)) {
            Some(_) => {
                let b = Big::at_size(super::big::Size::Quadrant, text, width, style);
                match b {
                    Some(b) => {
                        b.render(Rect::new(x, y, width, b.height), buf);
                        b.height
                    }
                    None => 0,
                }
            }
            None => {
                let most = rows.saturating_sub(1).max(1) as usize;
                let mut lines = wrap_at_most(text, width, most + 1);
                fit_lines(&mut lines, most, width as usize);
                for (k, l) in lines.iter().enumerate() {
                    Line::styled(l.clone(), style)
                        .render(Rect::new(x, y + k as u16, width, 1), buf);
                }
                lines.len() as u16
            }
        };
        // The dots as a bar the back of the room can compare: spaced where there is room.
        let bar_y = y + words_height;
        if bar_y < y + rows {
            let words = format!("  {}", vote::dots_words(*dots));
            let room_for = (width as usize).saturating_sub(words.width());
            let spaced = (*dots as usize) * 2 <= room_for && tall;
            let mut bar = if spaced {
                "● ".repeat(*dots as usize).trim_end().to_owned()
            } else {
                let most = room_for * (*dots as usize) / most_dots as usize;
                vote::dots_drawn(*dots, most.max(usize::from(*dots > 0)))
            };
            bar.push_str(&words);
            Line::styled(
                bar.trim_start().to_owned(),
                if top { t.accent } else { t.muted },
            )
            .render(Rect::new(x, bar_y, width, 1), buf);
        }
    }
    if more {
        let y = list.y + shown as u16 * per;
        if y < list.bottom() {
            Line::styled(format!("… and {} more", ranking.len() - shown), t.muted)
                .render(Rect::new(list.x + 2, y, list.width, 1), buf);
        }
    }
    if let Some(u) = unspent {
        let y = area.bottom().saturating_sub(1);
        Line::styled(truncate(u, area.width as usize), t.muted)
            .alignment(Alignment::Center)
            .render(Rect::new(area.x, y, area.width, 1), buf);
    }
}

fn action_page(title: &str, actions: &[ActionLine], t: &Theme, area: Rect, buf: &mut Buffer) {
    // Open ones first: what is still to do is what the room discusses.
    let mut order: Vec<&ActionLine> = actions.iter().filter(|a| a.open).collect();
    order.extend(actions.iter().filter(|a| !a.open));
    let items: Vec<(String, String)> = order
        .iter()
        .map(|a| {
            let mut about = vec![a.who.clone(), a.due.clone()];
            about.retain(|s| !s.is_empty());
            let about = if about.is_empty() {
                String::new()
            } else {
                format!("\n— {}", about.join(" · "))
            };
            (a.status.clone(), format!("{}{about}", a.text))
        })
        .collect();
    let empty = if title == "Actions" {
        "no actions yet"
    } else {
        "nothing was left open last time"
    };
    list_page(title, empty, &items, Keep::First, t, area, buf);
}

fn map(columns: &[Column], t: &Theme, area: Rect, buf: &mut Buffer) {
    let tall = area.height >= TALL;
    let n = columns.len().max(1) as u32;
    let cells = Layout::horizontal(vec![Constraint::Ratio(1, n); columns.len()])
        .spacing(1)
        .split(area);
    let name = |c: &Column| match c.grouping {
        Some(g) => format!("{} {}", g.number(), g.short_name()),
        None => "Not placed yet".to_owned(),
    };
    // Every column's heading as tall as the tallest, so the lists start level.
    let name_rows = columns
        .iter()
        .zip(cells.iter())
        .map(|(c, cell)| wrap_at_most(&name(c), cell.width, 2).len() as u16)
        .max()
        .unwrap_or(1);
    for (column, cell) in columns.iter().zip(cells.iter()) {
        let cell = *cell;
        let name = name(column);
        let style = if column.grouping.is_some() {
            t.accent
        } else {
            t.low
        };
        // The count large: how full each grouping is reads from the back of the room.
        let count = column.services.len().to_string();
        let big = Big::fit(
            &count,
            cell.width,
            (if tall { 8 } else { 4 }).min(cell.height / 3),
            style.add_modifier(Modifier::BOLD),
        );
        let count_height = big.as_ref().map_or(1, |b| b.height);
        let mut y = cell.y;
        match big {
            Some(b) => b.render(Rect::new(cell.x, y, cell.width, b.height), buf),
            None => Line::styled(count, style.add_modifier(Modifier::BOLD))
                .alignment(Alignment::Center)
                .render(Rect::new(cell.x, y, cell.width, 1), buf),
        }
        y += count_height;
        for (i, l) in wrap_at_most(&name, cell.width, 2).into_iter().enumerate() {
            if let Some(r) = row(Rect { y, ..cell }, i as u16) {
                Line::styled(l, style.add_modifier(Modifier::BOLD))
                    .alignment(Alignment::Center)
                    .render(r, buf);
            }
        }
        y = (y + name_rows).min(cell.bottom());
        if y < cell.bottom() {
            Line::styled("─".repeat(cell.width as usize), t.muted)
                .render(Rect::new(cell.x, y, cell.width, 1), buf);
            y += 1;
        }
        let gap = u16::from(tall);
        let text_width = cell.width.saturating_sub(2);
        // Names whole (up to four lines) when the column holds them so; two lines each when
        // it is full, so more services show.
        let rows_for = |most: usize| -> usize {
            column
                .services
                .iter()
                .map(|s| wrap_at_most(s, text_width, most).len().min(most) + usize::from(gap))
                .sum()
        };
        let most = if rows_for(4) <= usize::from(cell.bottom().saturating_sub(y)) {
            4
        } else {
            2
        };
        for (i, s) in column.services.iter().enumerate() {
            let left = column.services.len() - i;
            let mut lines = wrap_at_most(s, text_width, most);
            fit_lines(&mut lines, most, text_width as usize);
            if y + lines.len() as u16 + 1 > cell.bottom() && left > 1 {
                if y < cell.bottom() {
                    Line::styled(format!("+ {left} more"), t.muted)
                        .render(Rect::new(cell.x, y, cell.width, 1), buf);
                }
                break;
            }
            for (k, l) in lines.iter().enumerate() {
                if y >= cell.bottom() {
                    break;
                }
                let mark = if k == 0 { "• " } else { "  " };
                Line::styled(format!("{mark}{l}"), t.heading)
                    .render(Rect::new(cell.x, y, cell.width, 1), buf);
                y += 1;
            }
            y += gap;
        }
    }
}

fn coverage(grid: &crate::map::coverage::Grid, t: &Theme, area: Rect, buf: &mut Buffer) {
    let tall = area.height >= TALL;
    let title = format!("Coverage: {}", grid.dimension.name());
    let used = heading(&title, t.heading, if tall { 8 } else { 1 }, area, buf);
    let table = Rect {
        y: area.y + used + 1,
        height: area.height.saturating_sub(used + 1),
        ..area
    };
    // As wide as the longest grouping's name needs at this width, the rest for the counts.
    let names_width = if table.width >= 100 { 24 } else { 16 };
    let label_width = names_width.min(table.width / 3);
    let columns = grid.columns.len().max(1) as u16;
    let cell_width = (table.width.saturating_sub(label_width) / columns).max(4);
    let row_height = if tall {
        (table.height / 7).clamp(1, 6)
    } else {
        2
    };
    // The header: each column's label, cut cleanly with a mark.
    for (c, label) in grid.columns.iter().enumerate() {
        let x = table.x + label_width + c as u16 * cell_width;
        if x + cell_width > table.right() {
            break;
        }
        Line::styled(
            super::coverage::column_label(label, cell_width.saturating_sub(1) as usize),
            t.muted.add_modifier(Modifier::BOLD),
        )
        .alignment(Alignment::Center)
        .render(Rect::new(x, table.y, cell_width, 1), buf);
    }
    for (r, g) in Grouping::ALL.iter().enumerate() {
        let y = table.y + 2 + r as u16 * row_height;
        if y >= table.bottom() {
            break;
        }
        // The console's short names where the long ones do not fit ("4 More Help").
        let name = format!(
            "{} {}",
            g.number(),
            super::coverage::row_label(*g, if table.width >= 100 { 22 } else { 13 })
        );
        Line::styled(
            truncate(&name, label_width as usize - 1),
            t.accent.add_modifier(Modifier::BOLD),
        )
        .render(Rect::new(table.x, y, label_width, 1), buf);
        for (c, cell) in grid.row(*g).iter().enumerate() {
            let x = table.x + label_width + c as u16 * cell_width;
            if x + cell_width > table.right() {
                break;
            }
            let gaps = grid.makes_gaps(c);
            let style = if cell.is_empty() && gaps {
                t.over
            } else if cell.is_thin() && gaps {
                t.low
            } else {
                t.heading.add_modifier(Modifier::BOLD)
            };
            Line::styled(cell.label(gaps), style)
                .alignment(Alignment::Center)
                .render(Rect::new(x, y, cell_width, 1), buf);
        }
    }
    let key_y = table.y + 2 + 5 * row_height;
    if key_y < table.bottom() {
        Line::styled(
            "· none = no service   thin = one service   ◐ part = covers part of the band",
            t.muted,
        )
        .alignment(Alignment::Center)
        .render(Rect::new(table.x, key_y, table.width, 1), buf);
    }
    if grid.unplaced > 0 && key_y + 1 < table.bottom() {
        Line::styled(
            format!("{} not placed in a grouping yet", grid.unplaced),
            t.muted,
        )
        .alignment(Alignment::Center)
        .render(Rect::new(table.x, key_y + 1, table.width, 1), buf);
    }
}

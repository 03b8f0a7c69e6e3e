//! Coverage: how many services each grouping has by age band, sector and locality, and the
//! gaps as sentences. An empty cell is the finding, so it says `· none` in words (and a thin
//! one `1 thin`): it reads without colour on a washed-out projector. A bar chart of services
//! per grouping sits under the grid when there is room.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Tabs, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::truncate;
use crate::app::Model;
use crate::app::keymap::{Action, Context};
use crate::app::map::CoverageTab;
use crate::map::coverage::{GapCount, GapKind, Grid};
use crate::text::plural;
use crate::thrive::Grouping;

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let services = model.record.services.len();
    let title = format!(
        " Coverage · {} · an empty cell is a gap ",
        plural(services, "service")
    );
    let block = Block::bordered().border_style(t.border).title(Line::styled(
        truncate(&title, area.width.saturating_sub(4) as usize),
        t.title,
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height < 6 || inner.width < 30 {
        return;
    }
    let [tabs_area, _, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let view = &model.coverage_view;
    let gaps = GapCount::of(&model.coverage.gaps).total();
    let titles: Vec<String> = CoverageTab::ALL
        .iter()
        .enumerate()
        .map(|(i, tab)| match tab {
            CoverageTab::Gaps => format!("{} {} ({gaps})", i + 1, tab.title()),
            _ => format!("{} {}", i + 1, tab.title()),
        })
        .collect();
    let selected = CoverageTab::ALL.iter().position(|x| *x == view.tab);
    Tabs::new(titles)
        .select(selected)
        .style(t.muted)
        .highlight_style(t.selected)
        .divider("│")
        .render(tabs_area, buf);
    if services == 0 {
        let add = model.hint(Context::Everywhere, Action::ShowMap);
        Paragraph::new(vec![
            Line::styled(
                "Nothing is mapped yet, so nothing can be counted.",
                t.heading,
            ),
            Line::raw(""),
            Line::raw(format!(
                "{add} opens the map, where services are added and placed."
            )),
        ])
        .wrap(Wrap { trim: false })
        .render(body, buf);
        return;
    }
    match model.coverage.grid(view.tab) {
        Some(grid) => grid_screen(model, grid, body, buf),
        None => gap_list(model, body, buf),
    }
}

/// Column width of one count: wide enough for "· none" and most labels.
const CELL: u16 = 9;

pub(super) fn row_label(g: Grouping, width: u16) -> String {
    if width >= 22 {
        g.short_name().to_owned()
    } else {
        match g {
            Grouping::GettingAdvice => "Advice".into(),
            Grouping::GettingHelp => "Help".into(),
            Grouping::GettingMoreHelp => "More Help".into(),
            Grouping::GettingRiskSupport => "Risk Support".into(),
            Grouping::Thriving => "Thriving".into(),
        }
    }
}

/// A column's label cut to `room`, with the usual short forms for the long sector names.
pub(super) fn column_label(label: &str, room: usize) -> String {
    if label.width() <= room {
        return label.to_owned();
    }
    let short = match label {
        "local authority" => "council",
        "voluntary sector" => "voluntary",
        "social care" => "soc. care",
        "commissioner" => "commiss.",
        "education" => "educ.",
        other => other,
    };
    truncate(short, room)
}

fn grid_screen(model: &Model, grid: &Grid, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let view = &model.coverage_view;
    let label_width: u16 = if area.width >= 100 { 22 } else { 13 };
    if grid.columns.is_empty() {
        let words = match view.tab {
            CoverageTab::Locality => {
                "No localities yet: list them in the script ([workshop] localities = [\"North\", \"West\"]) or give services one (@West)."
            }
            _ => "Nothing to count here yet.",
        };
        Paragraph::new(Line::styled(words, t.muted))
            .wrap(Wrap { trim: false })
            .render(area, buf);
        return;
    }
    let cols = grid.columns.len();
    // The room the window gives each column, within reason: a projector window spreads the
    // grid out rather than leaving most of the screen empty.
    let room = area.width.saturating_sub(label_width) / cols.max(1) as u16;
    let cell = room.clamp(CELL, if area.width >= 140 { 22 } else { 14 });
    let fit = usize::from(area.width.saturating_sub(label_width) / cell).max(1);
    let first = (view.col + 1)
        .saturating_sub(fit)
        .min(cols.saturating_sub(fit));
    let shown = first..(first + fit).min(cols);

    let mut y = area.y;
    let mut header = vec![Span::raw(" ".repeat(usize::from(label_width)))];
    for c in shown.clone() {
        let label = column_label(&grid.columns[c], usize::from(cell) - 1);
        header.push(Span::styled(
            format!("{label:>w$} ", w = usize::from(cell) - 1),
            t.heading,
        ));
    }
    Line::from(header).render(Rect::new(area.x, y, area.width, 1), buf);
    y += 1;
    for (r, g) in Grouping::ALL.iter().enumerate() {
        if y >= area.bottom() {
            return;
        }
        let mut spans = vec![Span::styled(
            format!(
                "{:<w$}",
                truncate(&row_label(*g, label_width), usize::from(label_width) - 1),
                w = usize::from(label_width)
            ),
            t.heading,
        )];
        for c in shown.clone() {
            let cellv = &grid.rows[r][c];
            let not_given = !grid.makes_gaps(c);
            let text = cellv.label(!not_given);
            let selected = r == view.row && c == view.col;
            let style = match (selected, cellv.count) {
                (true, _) => t.selected,
                _ if not_given => t.muted,
                (false, 0) if cellv.partial > 0 => t.low.add_modifier(Modifier::BOLD),
                (false, 0) => t.over_text.add_modifier(Modifier::BOLD),
                (false, 1) => t.low,
                _ => t.base,
            };
            spans.push(Span::styled(
                format!("{text:>w$}", w = usize::from(cell) - 1),
                style,
            ));
            spans.push(Span::raw(" "));
        }
        Line::from(spans).render(Rect::new(area.x, y, area.width, 1), buf);
        y += 1;
    }
    if shown.end < cols || shown.start > 0 {
        let more = format!(
            "columns {}–{} of {cols} · ←/→ for the rest",
            shown.start + 1,
            shown.end
        );
        if y < area.bottom() {
            Line::styled(more, t.muted).render(Rect::new(area.x, y, area.width, 1), buf);
        }
        y += 1;
    }
    y += 1;
    // What the selected cell means, in words.
    if y < area.bottom() {
        let line = match model.selected_gap() {
            Some(gap) => {
                let key = model.hint(Context::Coverage, Action::GapAction);
                let done = if model.gap_has_action(&gap) {
                    " (already an action)".to_owned()
                } else {
                    let vote = model.hint(Context::Coverage, Action::Candidate);
                    format!(" — {key} makes it an action, {vote} puts it to the vote")
                };
                let stale = gap
                    .stale_note(&model.record.services, super::map::event_day(model))
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                Line::from(vec![
                    Span::styled(gap.sentence(), t.heading),
                    Span::styled(stale, t.low),
                    Span::styled(done, t.muted),
                ])
            }
            None => {
                let cell = grid
                    .rows
                    .get(view.row)
                    .and_then(|r| r.get(view.col))
                    .copied()
                    .unwrap_or_default();
                let part = if cell.partial > 0 {
                    format!(", and ◐ {} for part of the ages", cell.partial)
                } else {
                    String::new()
                };
                Line::styled(
                    format!(
                        "{} × {}: {}{part}",
                        Grouping::ALL[view.row.min(4)].short_name(),
                        grid.columns.get(view.col).map_or("", String::as_str),
                        plural(cell.count, "service")
                    ),
                    t.base,
                )
            }
        };
        Paragraph::new(line).wrap(Wrap { trim: true }).render(
            Rect::new(area.x, y, area.width, 2.min(area.bottom() - y)),
            buf,
        );
        y += 3;
    }
    if y + 6 <= area.bottom() {
        bars(
            model,
            Rect::new(area.x, y, area.width, area.bottom() - y),
            buf,
        );
    }
}

/// Services per grouping, as bars of █ with the number after: it reads in monochrome too.
fn bars(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let Some(totals) = &model.coverage.totals else {
        return;
    };
    let label_width: usize = if area.width >= 100 { 22 } else { 13 };
    let mut lines = vec![Line::styled("Services per grouping", t.heading)];
    let max = totals
        .per_grouping
        .iter()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let room = usize::from(area.width)
        .saturating_sub(label_width + 6)
        .min(60);
    for (g, &n) in Grouping::ALL.iter().zip(totals.per_grouping.iter()) {
        let len = if n == 0 { 0 } else { (n * room).div_ceil(max) };
        let count = if n == 0 {
            "· none".to_owned()
        } else {
            n.to_string()
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "{:<label_width$}",
                    truncate(&row_label(*g, label_width as u16), label_width - 1)
                ),
                t.base,
            ),
            Span::styled("█".repeat(len), t.accent),
            Span::styled(format!(" {count}"), t.heading),
        ]));
    }
    if totals.unplaced > 0 {
        lines.push(Line::styled(
            format!("{} not placed in any grouping yet", totals.unplaced),
            t.muted,
        ));
    }
    Paragraph::new(lines).render(area, buf);
}

fn gap_list(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let gaps = &model.coverage.gaps;
    let view = &model.coverage_view;
    let count = GapCount::of(gaps);
    let key = model.hint(Context::Coverage, Action::GapAction);
    let vote = model.hint(Context::Coverage, Action::Candidate);
    let head = Line::from(vec![
        Span::styled(
            format!("Gaps: {} · {}", count.total(), count.summary()),
            t.heading,
        ),
        Span::styled(
            format!("   {key} makes the selected one an action · {vote} puts it to the vote"),
            t.muted,
        ),
    ]);
    Paragraph::new(head)
        .wrap(Wrap { trim: true })
        .render(Rect { height: 1, ..area }, buf);
    if gaps.is_empty() {
        Line::styled(
            "No gaps: every grouping has more than one service for every age and place.",
            t.base,
        )
        .render(Rect::new(area.x, area.y + 2, area.width, 1), buf);
        return;
    }
    // A sentence too long for its row is read in full below the list, wrapped: the place
    // at its end ("… in Saltby Coast") is the finding.
    let day = super::map::event_day(model);
    let selected_text = gaps
        .get(view.gap)
        .map(|g| {
            let stale = g
                .stale_note(&model.record.services, day)
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            format!("▶ {} {}{stale}", g.kind().mark(), g.sentence())
        })
        .unwrap_or_default();
    let full_rows: u16 = if selected_text.width() + 10 > usize::from(area.width) {
        3
    } else {
        0
    };
    let rows = usize::from(area.height.saturating_sub(2 + full_rows));
    if rows == 0 {
        return;
    }
    if full_rows > 0 && area.height > full_rows {
        let at = Rect::new(
            area.x,
            area.bottom() - full_rows + 1,
            area.width,
            full_rows - 1,
        );
        Paragraph::new(Line::styled(selected_text, t.heading))
            .wrap(Wrap { trim: true })
            .render(at, buf);
    }
    let offset = (view.gap + 1).saturating_sub(rows);
    for (k, gap) in gaps.iter().enumerate().skip(offset).take(rows) {
        let selected = k == view.gap;
        let mark = gap.kind().mark();
        let done = if model.gap_has_action(gap) {
            "  → action"
        } else {
            ""
        };
        let style = if selected {
            t.selected
        } else if gap.kind() != GapKind::Thin {
            t.base
        } else {
            t.muted
        };
        let y = area.y + 2 + (k - offset) as u16;
        let stale = if gap
            .stale_note(&model.record.services, super::map::event_day(model))
            .is_some()
        {
            " ⌛"
        } else {
            ""
        };
        let text = format!(
            "{} {mark} {}{stale}",
            if selected { "▶" } else { " " },
            gap.sentence()
        );
        let room = usize::from(area.width).saturating_sub(done.width());
        if selected {
            buf.set_style(Rect::new(area.x, y, area.width, 1), t.selected);
        }
        Line::from(vec![
            Span::styled(truncate(&text, room), style),
            Span::styled(done, if selected { t.selected } else { t.done }),
        ])
        .render(Rect::new(area.x, y, area.width, 1), buf);
    }
}

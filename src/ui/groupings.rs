//! The five needs-based groupings: all five side by side (or stacked on a narrow window), and
//! one grouping full-screen with its description, for the room to read while people talk.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::big::{Big, Size};
use super::{text_lines, truncate, wording_lines, wrapped_height};
use crate::app::Model;
use crate::thrive::Grouping;

/// Columns need this much width; below it the groupings stack as rows.
const COLUMNS_FROM: u16 = 100;

pub fn render_all(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let [title_area, body] =
        Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(area);
    Line::styled("THRIVE — needs-based groupings", t.heading)
        .alignment(Alignment::Center)
        .render(title_area, buf);
    if let Some(size) = big_rows_size(body) {
        big_rows(model, size, body, buf);
    } else if area.width >= COLUMNS_FROM {
        columns(model, body, buf);
    } else {
        rows(model, body, buf);
    }
}

/// The longest name drawn big: grouping 2 goes by its short name there ("Getting Advice").
const LONGEST_SHORT_NAME: u16 = 20;

/// The largest letter size at which the five groupings fit as rows of key and name in big
/// letters, each with its summary beneath; `None` if even the smallest does not.
fn big_rows_size(area: Rect) -> Option<Size> {
    Size::ALL.into_iter().find(|size| {
        let (w, h) = size.cells();
        // Marker, key, a gap of one glyph, the name.
        let width = 2 + w + w + LONGEST_SHORT_NAME * w;
        let height = 5 * (h + 1);
        width <= area.width && height <= area.height
    })
}

/// Key and name in big letters, for reading from the back of the room; the selection is
/// marked with ▶ and the accent, the summary sits under each name.
fn big_rows(model: &Model, size: Size, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let (w, h) = size.cells();
    let row_height = h + 1;
    // Spare rows go between the groupings, so the five spread over the screen.
    let gap = ((area.height - 5 * row_height) / 5).min(2);
    let used = 5 * row_height + 4 * gap;
    let mut y = area.y + (area.height - used) / 2;
    let name_x = area.x + 2 + w * 2;
    for g in Grouping::ALL {
        let selected = g == model.grouping_cursor;
        let style = if selected { t.accent } else { t.heading };
        if selected {
            Line::styled("▶", t.accent).render(Rect::new(area.x, y + h / 2, 1, 1), buf);
        }
        let key_area = Rect::new(area.x + 2, y, w, h);
        if let Some(key) = Big::at_size(size, &g.number().to_string(), w, t.accent) {
            key.render(key_area, buf);
        }
        let name_area = Rect::new(name_x, y, area.right().saturating_sub(name_x), h);
        if let Some(name) = Big::at_size(size, g.short_name(), name_area.width, style) {
            name.render(name_area, buf);
        }
        let wording = model.script.framework.grouping(g);
        let summary = if g.short_name() == g.name() {
            wording.summary.clone()
        } else {
            format!("{} — {}", g.name(), wording.summary)
        };
        let summary_area = Rect::new(name_x, y + h, name_area.width, 1);
        Line::styled(
            truncate(&summary, usize::from(summary_area.width)),
            t.heading.remove_modifier(Modifier::BOLD),
        )
        .render(summary_area, buf);
        y += row_height + gap;
    }
}

fn columns(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let areas = Layout::horizontal([Constraint::Ratio(1, 5); 5]).split(area);
    let inners: Vec<Rect> = areas
        .iter()
        .map(|&col| {
            Block::bordered()
                .inner(col)
                .inner(ratatui::layout::Margin::new(1, 0))
        })
        .collect();
    // Rows the tallest column's text needs, with or without the descriptions.
    let tallest = |descriptions: bool| {
        Grouping::ALL
            .iter()
            .zip(&inners)
            .map(|(g, inner)| column_height(model, *g, inner.width, descriptions))
            .max()
            .unwrap_or(0)
    };
    let height = inners.first().map_or(0, |r| r.height);
    // Descriptions for all five or for none, so the columns read as a set; they matter more
    // than a big key number, so the number shrinks into the name line to make room.
    let (big, descriptions) = if tallest(true) <= split_heights(height, true).1 {
        (true, true)
    } else if tallest(true) <= height {
        (false, true)
    } else {
        (true, false)
    };
    let (big_room, _) = split_heights(height, big);
    let content = big_room.saturating_add(tallest(descriptions));
    // Centred as a block, and aligned across the five columns.
    let top = height.saturating_sub(content) / 2;
    for ((g, &col), &inner) in Grouping::ALL.iter().zip(areas.iter()).zip(&inners) {
        let selected = *g == model.grouping_cursor;
        let block =
            Block::bordered().border_style(if selected { t.border_focus } else { t.border });
        block.render(col, buf);
        let inner = Rect {
            y: inner.y + top,
            height: inner.height - top,
            ..inner
        };
        if inner.height == 0 {
            continue;
        }
        let big = Big::fit(&g.number().to_string(), inner.width, big_room, t.accent);
        let big_height = big.as_ref().map_or(0, |b| b.height);
        let [big_area, text_area] =
            Layout::vertical([Constraint::Length(big_height), Constraint::Fill(1)]).areas(inner);
        if let Some(b) = big {
            b.render(big_area, buf);
        }
        let wording = model.script.framework.grouping(*g);
        let name_style = if selected { t.selected } else { t.heading };
        let marker = if selected { "▶ " } else { "" };
        let name = if big_height > 0 {
            format!("{marker}{}", g.name())
        } else {
            format!("{marker}{} {}", g.number(), g.name())
        };
        let mut lines = vec![
            Line::styled(name, name_style),
            Line::raw(""),
            Line::styled(
                wording.summary.clone(),
                t.heading.remove_modifier(Modifier::BOLD),
            ),
        ];
        // The description only whole: a sentence cut off mid-way reads worse than none.
        if descriptions {
            lines.push(Line::raw(""));
            lines.extend(text_lines(&wording.description, t.muted));
        }
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .render(text_area, buf);
    }
}

/// Rows one column's text takes at `width`: name, summary and perhaps the description.
fn column_height(model: &Model, g: Grouping, width: u16, description: bool) -> u16 {
    let wording = model.script.framework.grouping(g);
    let mut rows = wrapped_height(&format!("▶ {} {}", g.number(), g.name()), width)
        .saturating_add(1)
        .saturating_add(wrapped_height(&wording.summary, width));
    if description {
        rows = rows
            .saturating_add(1)
            .saturating_add(wrapped_height(&wording.description, width));
    }
    rows
}

/// Rows for the big key number and for the text under it, in a column `height` rows tall.
/// The number is large on a tall window: it is what people call out ("that's a 3").
fn split_heights(height: u16, big: bool) -> (u16, u16) {
    let big = if !big {
        0
    } else if height >= 30 {
        8
    } else if height >= 16 {
        4
    } else {
        0
    };
    (big, height - big)
}

fn rows(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let text_width = area.width.saturating_sub(7);
    // Room for a blank line between groupings only when everything else fits.
    let needed = Grouping::ALL
        .iter()
        .map(|g| wrapped_height(&model.script.framework.grouping(*g).summary, text_width))
        .fold(5u16, u16::saturating_add);
    let spaced = needed.saturating_add(4) <= area.height;
    let mut lines = Vec::new();
    for g in Grouping::ALL {
        let selected = g == model.grouping_cursor;
        let style = if selected { t.selected } else { t.heading };
        let marker = if selected { "▶" } else { " " };
        lines.push(Line::from(vec![
            Span::styled(format!("{marker} {}  ", g.number()), style.patch(t.accent)),
            Span::styled(g.name(), style),
        ]));
        lines.push(Line::raw(format!(
            "     {}",
            model.script.framework.grouping(g).summary
        )));
        if spaced {
            lines.push(Line::raw(""));
        }
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(area.inner(ratatui::layout::Margin::new(1, 0)), buf);
}

pub fn render_one(model: &Model, g: Grouping, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let wording = model.script.framework.grouping(g);
    let area = area.inner(ratatui::layout::Margin::new(2, 1));
    let [position, _, rest, nav] = {
        let big = Big::fit(
            &format!("{} {}", g.number(), g.name()),
            area.width,
            (area.height / 2).min(16),
            t.accent,
        );
        let title_height = big.as_ref().map_or(2, |b| b.height);
        let areas = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(title_height),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        match big {
            Some(b) => b.render(areas[1], buf),
            None => Line::styled(format!("{}  {}", g.number(), g.name()), t.accent)
                .alignment(Alignment::Center)
                .render(areas[1], buf),
        }
        areas
    };
    Line::styled(format!("Grouping {} of 5", g.number()), t.muted)
        .alignment(Alignment::Center)
        .render(position, buf);

    // A readable measure: long lines are hard to follow from the back of a room.
    let text_width = rest.width.min(90);
    let text_area = Rect {
        x: rest.x + (rest.width - text_width) / 2,
        width: text_width,
        y: rest.y + u16::from(rest.height > 6),
        height: rest.height.saturating_sub(u16::from(rest.height > 6)),
    };
    Paragraph::new(wording_lines(wording, t.heading))
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(text_area, buf);

    let (prev, next) = (g.step(-1), g.step(1));
    let half = (nav.width / 2).saturating_sub(2) as usize;
    let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(nav);
    Line::styled(
        truncate(&format!("← {} {}", prev.number(), prev.short_name()), half),
        t.muted,
    )
    .render(left, buf);
    Line::styled(
        truncate(&format!("{} {} →", next.number(), next.short_name()), half),
        t.muted,
    )
    .alignment(Alignment::Right)
    .render(right, buf);
}

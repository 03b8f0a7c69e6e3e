//! The assessment grid: the eight principles down, the levels across, each cell its score and
//! (against the previous assessment) its change. THRIVE-like is marked by ✓ and the word in
//! the key, not by colour alone. The console adds the selected cell's evidence; the room's
//! view draws the same grid larger, without the evidence.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::theme::Theme;
use super::truncate;
use crate::app::Model;
use crate::app::keymap::{Action, Context};
use crate::event::assessment::{self, Level, THRIVE_LIKE};
use crate::room::{AssessmentCard, assessment_card};
use crate::thrive::Principle;

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let card = assessment_card(&model.record.assessments, &model.levels());
    let title =
        " THRIVE-like? The assessment · 1 considerable improvement needed … 4 fully THRIVE-like ";
    let Some(inner) = super::panel(t, title, area, buf) else {
        return;
    };
    let mut view = model.assessment_view;
    // As the keys will read it: on a level this event scores.
    if !card.levels.contains(&view.level) {
        view.level = card.levels.first().copied().unwrap_or(view.level);
    }
    // The grid as tall as it needs (the comparison line, the levels, eight rows, the key),
    // then the selected cell's evidence and the summary right under it.
    let grid_height = 13.min(inner.height);
    let grid_area = Rect {
        height: grid_height,
        ..inner
    };
    grid(
        &card,
        Some((view.principle, view.level)),
        false,
        t,
        grid_area,
        buf,
    );
    let rest = Rect {
        y: inner.y + grid_height,
        height: inner.height - grid_height,
        ..inner
    };
    if rest.height == 0 {
        return;
    }
    let rationale = model
        .record
        .assessments
        .now
        .rationale(view.principle, view.level);
    let key = model.hint(Context::Assessment, Action::Edit);
    let evidence = if rationale.is_empty() {
        Line::styled(
            format!(
                "{} · {}: no evidence yet — {key} writes the line the room agreed",
                view.principle.name(),
                view.level.short_name()
            ),
            t.muted,
        )
    } else {
        Line::from(vec![
            Span::styled(
                format!("{} · {}: ", view.principle.name(), view.level.short_name()),
                t.muted,
            ),
            Span::styled(rationale.to_owned(), t.heading),
        ])
    };
    // "In all" first: on a short window it is the line that must not fall off the bottom.
    let mut lines = vec![evidence, Line::raw("")];
    if let Some((all, per_level)) = card.summary.split_last() {
        lines.push(Line::styled(
            all.clone(),
            t.heading.add_modifier(Modifier::BOLD),
        ));
        lines.extend(per_level.iter().map(|s| Line::styled(s.clone(), t.heading)));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(rest, buf);
}

/// The grid itself, for the console (with a selected cell) and the room (`large`: rows
/// spread over the height).
pub(super) fn grid(
    card: &AssessmentCard,
    selected: Option<(Principle, Level)>,
    large: bool,
    t: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    if area.height < 3 || area.width < 20 {
        return;
    }
    let levels = card.levels.len().max(1) as u16;
    // Each principle's tally at the right where the window is wide enough for it too.
    let tally_width = card
        .per_principle
        .iter()
        .map(|s| s.chars().count() as u16)
        .max()
        .unwrap_or(0)
        .max(11)
        + 2;
    let tallies = area.width >= 37 + levels * 14 + tally_width;
    let width = if tallies {
        area.width - tally_width
    } else {
        area.width
    };
    // The principles' names whole where the levels keep room for "Commissioning".
    let name_width = 37.min(width.saturating_sub(levels * 14)).max(width / 4);
    let cell_width = (width - name_width) / levels;
    let tally_x = area.x + name_width + levels * cell_width;
    let rows_free = area
        .height
        .saturating_sub(2 + u16::from(card.compared.is_some()));
    let step = if large {
        (rows_free / 8).clamp(1, 5)
    } else {
        1
    };
    let mut y = area.y;
    if let Some(compared) = &card.compared {
        Line::styled(compared.clone(), t.muted)
            .alignment(Alignment::Right)
            .render(Rect::new(area.x, y, area.width, 1), buf);
        y += 1;
    }
    for (i, l) in card.levels.iter().enumerate() {
        let x = area.x + name_width + i as u16 * cell_width;
        let label = if cell_width >= 26 {
            l.name()
        } else {
            l.short_name()
        };
        Line::styled(
            truncate(label, cell_width.saturating_sub(1) as usize),
            t.muted.add_modifier(Modifier::BOLD),
        )
        .alignment(Alignment::Center)
        .render(Rect::new(x, y, cell_width, 1), buf);
    }
    if tallies {
        Line::styled("THRIVE-like", t.muted.add_modifier(Modifier::BOLD))
            .alignment(Alignment::Center)
            .render(Rect::new(tally_x, y, tally_width, 1), buf);
    }
    y += 1;
    for (row, (p, cells)) in card.rows.iter().enumerate() {
        if y >= area.bottom() {
            break;
        }
        let name = format!("{} {}", p.number(), p.name());
        Line::styled(
            truncate(&name, name_width.saturating_sub(1) as usize),
            t.accent.add_modifier(Modifier::BOLD),
        )
        .render(Rect::new(area.x, y, name_width, 1), buf);
        for (i, (&(now, before), l)) in cells.iter().zip(&card.levels).enumerate() {
            let x = area.x + name_width + i as u16 * cell_width;
            let chosen = selected == Some((*p, *l));
            let text = cell_text(now, before, cell_width);
            let style = match (chosen, now) {
                (true, _) => t.selected,
                (false, Some(s)) if s >= THRIVE_LIKE => t.done.add_modifier(Modifier::BOLD),
                (false, Some(_)) => t.heading.add_modifier(Modifier::BOLD),
                (false, None) => t.muted,
            };
            let text = if chosen { format!("▶ {text}") } else { text };
            Line::styled(text, style)
                .alignment(Alignment::Center)
                .render(Rect::new(x, y, cell_width, 1), buf);
        }
        if tallies && let Some(words) = card.per_principle.get(row) {
            Line::styled(words.clone(), t.heading)
                .alignment(Alignment::Center)
                .render(Rect::new(tally_x, y, tally_width, 1), buf);
        }
        y += step;
    }
    y += 1;
    if y < area.bottom() {
        Line::styled(
            truncate(
                "✓ THRIVE-like (3 or 4)   · not scored   2 → 3 ↑ the change since the one before",
                area.width as usize,
            ),
            t.muted,
        )
        .alignment(Alignment::Center)
        .render(Rect::new(area.x, y, area.width, 1), buf);
    }
}

/// "3 ✓", "2", "·", with the change where there was an earlier score: "3 ✓  (2 → 3 ↑)".
fn cell_text(now: Option<u8>, before: Option<u8>, width: u16) -> String {
    let Some(score) = now else {
        return "·".to_owned();
    };
    let mark = if score >= THRIVE_LIKE { " ✓" } else { "" };
    let base = format!("{score}{mark}");
    match assessment::change(before, now) {
        Some(change) if width >= 20 => format!("{base}  ({change})"),
        // Narrow: the same change without its spaces, "3 ✓ 2→3↑".
        Some(change) if width >= 12 => format!("{base} {}", change.replace(' ', "")),
        _ => base,
    }
}

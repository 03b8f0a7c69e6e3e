//! Last time's open actions, for the review that opens a community-of-practice meeting:
//! each one marked done, kept (carried into this event) or dropped, in the room.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::truncate;
use crate::app::Model;
use crate::event::record::{Decision, standing};

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let review = &model.record.review;
    let title = match &model.record.previous {
        Some(prev) => {
            let open = review.iter().filter(|(_, d)| d.is_none()).count();
            format!(
                " Last time: {} · {} · {} of {} still to review ",
                prev.title,
                prev.date.format("%a %-d %b %Y"),
                open,
                review.len()
            )
        }
        None => " Last time's actions ".to_owned(),
    };
    let block = Block::bordered().border_style(t.border).title(Line::styled(
        truncate(&title, area.width.saturating_sub(4) as usize),
        t.title,
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 || inner.width < 20 {
        return;
    }
    if model.record.previous.is_none() || review.is_empty() {
        let text = if model.record.previous.is_none() {
            "No earlier event in this series (or at this site) has been run with thrive on this database: nothing to review."
        } else {
            "Every action from last time is done or dropped: nothing to review."
        };
        Paragraph::new(Line::styled(text, t.heading))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
        return;
    }
    let rows = usize::from(inner.height);
    let cursor = model.review_view.cursor.min(review.len() - 1);
    let offset = (cursor + 1).saturating_sub(rows);
    let decision_width = 14;
    for (k, (action, decision)) in review.iter().enumerate().skip(offset).take(rows) {
        let y = inner.y + (k - offset) as u16;
        let selected = k == cursor;
        let style = if selected { t.selected } else { t.base };
        let mark = standing(action.status, *decision);
        let mark_style = match decision {
            None => t.muted,
            Some(Decision::Done) => t.done,
            Some(Decision::Kept) => t.accent,
            Some(Decision::Dropped) => t.muted,
        };
        let owners = if action.owners.is_empty() {
            String::new()
        } else {
            action.owners_text()
        };
        let due = action
            .due
            .map(|d| d.format("%-d %b").to_string())
            .unwrap_or_default();
        let lead = format!(
            "{} {:<12} {:<7} ",
            if selected { "▶" } else { " " },
            truncate(&owners, 12),
            due
        );
        let room = (inner.width as usize).saturating_sub(lead.width() + decision_width + 1);
        let text = truncate(&action.text, room);
        let pad = room.saturating_sub(text.width());
        let row = Rect::new(inner.x, y, inner.width, 1);
        buf.set_style(row, style);
        Line::from(vec![
            Span::styled(lead, style),
            Span::styled(text, style),
            Span::styled(" ".repeat(pad + 1), style),
            Span::styled(format!("{mark:>decision_width$}"), mark_style.patch(style)),
        ])
        .render(row, buf);
    }
}

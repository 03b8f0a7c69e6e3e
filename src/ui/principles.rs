//! The eight principles: the list, and the selected one large with its description.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::big::Big;
use super::{truncate, wording_lines};
use crate::app::Model;
use crate::thrive::Principle;

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let list_width = (area.width * 2 / 5).clamp(24, 42);
    let [list_area, detail_area] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Fill(1)]).areas(area);

    let block = Block::bordered()
        .border_style(t.border)
        .title(Line::styled(" THRIVE principles ", t.title));
    let inner = block.inner(list_area);
    block.render(list_area, buf);
    // Spread the eight over the height when there is room, so the list reads from afar.
    let spacing = if inner.height >= 16 { 2 } else { 1 };
    for (i, p) in Principle::ALL.iter().enumerate() {
        let y = inner.y + (i as u16) * spacing;
        if y >= inner.bottom() {
            break;
        }
        let selected = *p == model.principle_cursor;
        let style = if selected { t.selected } else { t.heading };
        let marker = if selected { "▶" } else { " " };
        let name = truncate(p.name(), (inner.width as usize).saturating_sub(5));
        let pad = (inner.width as usize).saturating_sub(5 + name.width());
        Line::from(vec![
            Span::styled(format!("{marker} {} ", p.number()), style.patch(t.accent)),
            Span::styled(format!(" {name}{}", " ".repeat(pad)), style),
        ])
        .render(Rect::new(inner.x, y, inner.width, 1), buf);
    }

    let p = model.principle_cursor;
    let wording = model.script.framework.principle(p);
    let detail = detail_area.inner(Margin::new(2, 1));
    let big = Big::fit(
        p.name(),
        detail.width,
        (detail.height / 2).min(12),
        t.accent,
    );
    let title_height = big.as_ref().map_or(1, |b| b.height);
    let [position, title_area, _, text_area] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(title_height),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(detail);
    Line::styled(format!("Principle {} of 8", p.number()), t.muted)
        .alignment(Alignment::Center)
        .render(position, buf);
    match big {
        Some(b) => b.render(title_area, buf),
        None => Line::styled(p.name(), t.accent)
            .alignment(Alignment::Center)
            .render(title_area, buf),
    }
    Paragraph::new(wording_lines(wording, t.heading))
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(text_area, buf);
}

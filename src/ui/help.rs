//! The `?` overlay: every key of the current screen and those that work everywhere, generated
//! from the live keymap so it always tells the truth.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::centered;
use crate::app::Model;
use crate::app::keymap::{Action, Context, Keymap};

pub fn render(model: &Model, scroll: u16, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let here = model.screen.context();
    let rows: Vec<(String, &str)> = Keymap::help_sections(here)
        .iter()
        .flat_map(|ctx| model.keymap.help_rows(*ctx))
        .collect();
    let key_width = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0);

    let mut lines: Vec<Line> = Vec::new();
    for ctx in Keymap::help_sections(here) {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        let heading = if ctx == Context::Everywhere {
            "Everywhere".to_owned()
        } else {
            format!("On the {} screen", model.screen.title().to_lowercase())
        };
        lines.push(Line::styled(heading, t.heading));
        for (keys, what) in model.keymap.help_rows(ctx) {
            let pad = key_width - keys.width();
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(keys, t.key),
                Span::raw(" ".repeat(pad + 3)),
                Span::raw(what),
            ]));
        }
    }

    let close = model
        .keymap
        .hint(Context::Help, Action::Close)
        .unwrap_or_default();
    let content_width = lines.iter().map(Line::width).max().unwrap_or(0) as u16;
    let popup = centered(area, content_width + 6, lines.len() as u16 + 2);
    let visible = popup.height.saturating_sub(2);
    let max_scroll = (lines.len() as u16).saturating_sub(visible);
    let scroll = scroll.min(max_scroll);
    let more = if max_scroll > 0 {
        " · ↑↓ scroll"
    } else {
        ""
    };
    let block = Block::bordered()
        .border_style(t.border_focus)
        .style(t.base)
        .title(Line::styled(" Keys ", t.title))
        .title_bottom(Line::styled(format!(" {close} closes{more} "), t.muted));
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(block)
        .scroll((scroll, 0))
        .render(popup, buf);
}

//! The full form of one service over the board: a line per field, the focused one marked,
//! the groupings as five boxes that the map's grouping keys (1–5) tick. What cannot be read is said under the form.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::truncate;
use crate::app::Model;
use crate::app::keymap::{Action, Context};
use crate::app::map::{FormField, ServiceForm};
use crate::thrive::Grouping;

const LABEL: u16 = 16;

pub fn render(model: &Model, form: &ServiceForm, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let rows = FormField::ALL.len() as u16 + 2 + u16::from(form.problem.is_some());
    let width = area.width.min(90);
    let height = (rows + 2).min(area.height);
    let popup = super::centered(area, width, height);
    Clear.render(popup, buf);
    buf.set_style(popup, t.base);
    let next = model.hint(Context::Form, Action::NextField);
    let save = model.hint(Context::Form, Action::Save);
    let cancel = model.hint(Context::Form, Action::Cancel);
    let title = match form.id {
        Some(_) => " Edit service ",
        None => " New service ",
    };
    let block = Block::bordered()
        .border_style(t.border_focus)
        .title(Line::styled(title, t.title))
        .title_bottom(Line::styled(
            format!(" {next} next field · {save} saves · {cancel} closes without saving "),
            t.key,
        ));
    let inner = block.inner(popup);
    block.render(popup, buf);
    let mut y = inner.y;
    for field in FormField::ALL {
        if y >= inner.bottom() {
            return;
        }
        let focused = form.focus == field;
        let label_style = if focused {
            t.heading.add_modifier(Modifier::BOLD)
        } else {
            t.muted
        };
        let marker = if focused { "▶ " } else { "  " };
        Line::from(vec![
            Span::styled(marker, label_style),
            Span::styled(field.label(), label_style),
        ])
        .render(Rect::new(inner.x, y, LABEL.min(inner.width), 1), buf);
        let value_area = Rect::new(
            inner.x + LABEL.min(inner.width),
            y,
            inner.width.saturating_sub(LABEL),
            1,
        );
        if field == FormField::Groupings {
            groupings(model, form, focused, value_area, buf);
        } else if let Some(input) = form.input(field) {
            let mut w = input.clone();
            w.set_cursor_line_style(ratatui::style::Style::new());
            w.set_style(if focused { t.selected } else { t.base });
            // Only the focused field shows a cursor.
            w.set_cursor_style(if focused {
                t.selected.add_modifier(Modifier::REVERSED)
            } else {
                t.base
            });
            (&w).render(value_area, buf);
        }
        y += 1;
    }
    y += 1;
    if y < inner.bottom() {
        let hint = match form.focus {
            FormField::Groupings => {
                let keys: Vec<String> = (1..=5)
                    .filter_map(|n| model.keymap.hint(Context::Map, Action::Toggle(n)))
                    .collect();
                format!(
                    "{} put it in a grouping or take it out",
                    crate::app::keymap::compress_digits(&keys)
                )
            }
            FormField::Sector => model.catalog().sectors.join(", "),
            FormField::Ages => "e.g. 11-25, 16+, under 5 — THRIVE covers 0–25".to_owned(),
            FormField::Locality if !model.catalog().localities.is_empty() => {
                format!("{}, or All", model.catalog().localities.join(", "))
            }
            FormField::Route => crate::map::ROUTES.join(", "),
            _ => String::new(),
        };
        Line::styled(truncate(&hint, usize::from(inner.width)), t.muted)
            .render(Rect::new(inner.x, y, inner.width, 1), buf);
        y += 1;
    }
    if let Some(problem) = &form.problem
        && y < inner.bottom()
    {
        Line::styled(
            truncate(&format!("⚠ {problem}"), usize::from(inner.width)),
            t.over,
        )
        .render(Rect::new(inner.x, y, inner.width, 1), buf);
    }
}

fn groupings(model: &Model, form: &ServiceForm, focused: bool, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let mut spans = Vec::new();
    for g in Grouping::ALL {
        let on = form.groupings.contains(g);
        let mark = if on { "[x]" } else { "[ ]" };
        let name = if area.width >= 66 {
            match g {
                Grouping::Thriving => "Thriving",
                Grouping::GettingAdvice => "Advice",
                Grouping::GettingHelp => "Help",
                Grouping::GettingMoreHelp => "More Help",
                Grouping::GettingRiskSupport => "Risk",
            }
        } else {
            ""
        };
        let style = match (focused, on) {
            (true, true) => t.selected.add_modifier(Modifier::BOLD),
            (true, false) => t.selected,
            (false, true) => t.heading,
            (false, false) => t.muted,
        };
        spans.push(Span::styled(
            format!(
                "{mark} {}{} ",
                g.number(),
                if name.is_empty() {
                    String::new()
                } else {
                    format!(" {name}")
                }
            ),
            style,
        ));
    }
    Line::from(spans).render(area, buf);
}

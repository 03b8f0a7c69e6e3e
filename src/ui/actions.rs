//! The actions of the event as a table — status, due, owners, action, segment, grouping —
//! in the chosen sort and filter, the selected one in full underneath. Only the rows on
//! screen are built. Overdue is marked with ⚠ and the word, not colour alone.

use chrono::{Datelike, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, Widget, Wrap};

use super::{segment_title, truncate};
use crate::app::Model;
use crate::app::keymap::{Action as Key, Context};
use crate::event::record::{Action, ActionCounts};
use unicode_width::UnicodeWidthStr;

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let view = &model.actions_view;
    let actions = &model.record.actions;
    let counts = ActionCounts::of(actions.iter().map(|a| a.status));
    let mut title = format!(
        " Actions · {} · sorted by {} ",
        counts.summary(" · "),
        view.sort.name()
    );
    if !view.filter.is_empty() {
        title.push_str(&format!(
            "· filter: {} ({} shown) ",
            view.filter,
            view.order.len()
        ));
    }
    let block = Block::bordered().border_style(t.border).title(Line::styled(
        truncate(&title, area.width.saturating_sub(4) as usize),
        t.title,
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height < 3 || inner.width < 20 {
        return;
    }
    if view.order.is_empty() {
        empty(model, inner, buf);
        return;
    }

    // The selected action in full under the table, as long text never fits a cell.
    let detail_height = if inner.height >= 12 { 3 } else { 0 };
    let [table_area, detail_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(detail_height)]).areas(inner);
    let rows_room = usize::from(table_area.height.saturating_sub(1)).max(1);
    let cursor = view.cursor.min(view.order.len() - 1);
    let offset = (cursor + 1).saturating_sub(rows_room);
    let today = model.now.date();

    let wide = table_area.width >= 110;
    let medium = table_area.width >= 90;
    // Wide enough for every date shown ("⚠ OVERDUE 12 Dec 25" is the widest).
    let due_width = view.order[offset..]
        .iter()
        .take(rows_room)
        .map(|&i| due_text(&actions[i], today).width())
        .max()
        .unwrap_or(3)
        .max(3) as u16;
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(9),
        Constraint::Length(due_width),
        Constraint::Length(14),
        Constraint::Fill(1),
    ];
    let mut header = vec!["", "status", "due", "owners", "action"];
    if wide {
        widths.push(Constraint::Length(18));
        header.push("segment");
    }
    if medium {
        widths.push(Constraint::Length(16));
        header.push("grouping");
    }
    let rows: Vec<Row> = view.order[offset..]
        .iter()
        .take(rows_room)
        .enumerate()
        .map(|(k, &i)| {
            let a = &actions[i];
            let selected = offset + k == cursor;
            let mut cells = vec![
                // The selection in the text too, so it shows without colour.
                Cell::from(if selected { "▶" } else { " " }),
                Cell::from(format!("{} {}", a.status.symbol(), a.status.name())),
                // Only an overdue date has a style of its own; others take the row's.
                if a.overdue(today) {
                    Cell::from(due_text(a, today)).style(t.low)
                } else {
                    Cell::from(due_text(a, today))
                },
                Cell::from(a.owners_text()),
                Cell::from(a.text.clone()),
            ];
            if wide {
                cells.push(Cell::from(segment_title(model, a.segment_id.as_deref())));
            }
            if medium {
                cells.push(Cell::from(a.grouping.map_or("—", |g| g.short_name())));
            }
            let row = Row::new(cells);
            if selected {
                row.style(t.selected)
            } else if !a.status.is_open() {
                row.style(t.done)
            } else {
                row
            }
        })
        .collect();
    Table::new(rows, widths)
        .header(Row::new(header).style(t.muted))
        .column_spacing(1)
        .render(table_area, buf);

    if detail_height > 0
        && let Some(a) = model.selected_action()
    {
        detail(model, a, detail_area, buf);
    }
}

/// "Fri 5 Dec", "⚠ OVERDUE 1 Dec"; the year only when it is not this year's.
fn due_text(a: &Action, today: NaiveDate) -> String {
    let Some(due) = a.due else {
        return "—".into();
    };
    let same_year = due.year() == today.year();
    if a.overdue(today) {
        return format!(
            "⚠ OVERDUE {}",
            due.format(if same_year { "%-d %b" } else { "%-d %b %y" })
        );
    }
    due.format(if same_year { "%a %-d %b" } else { "%-d %b %Y" })
        .to_string()
}

fn detail(model: &Model, a: &Action, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let today = model.now.date();
    let mut about = vec![
        Span::styled(
            format!("{} {}", a.status.symbol(), a.status.name()),
            t.heading,
        ),
        Span::raw(format!(
            " · due {} · {} · {}",
            due_text(a, today),
            a.owners_text(),
            segment_title(model, a.segment_id.as_deref())
        )),
    ];
    if let Some(g) = a.grouping {
        about.push(Span::raw(format!(" · {}", g.name())));
    }
    if let Some(p) = a.principle {
        about.push(Span::raw(format!(" · {}", p.name())));
    }
    if a.carried_from.is_some() {
        about.push(Span::styled(" · carried from last time", t.muted));
    }
    let lines = vec![Line::from(about), Line::raw(a.text.clone())];
    Paragraph::new(lines)
        .block(
            Block::new()
                .borders(ratatui::widgets::Borders::TOP)
                .border_style(t.border),
        )
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

fn empty(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let new = model.hint(Context::Everywhere, Key::NewAction);
    let lines = if model.actions_view.filter.is_empty() {
        vec![
            Line::styled("No actions yet.", t.heading),
            Line::raw(format!(
                "Press {new} on any screen and type it in one line: Ask school nurses to join @priya due:fri #getting-advice"
            )),
        ]
    } else {
        vec![
            Line::styled(
                format!("No actions match “{}”.", model.actions_view.filter),
                t.heading,
            ),
            Line::raw(
                "Filter words: text, @owner, #grouping, open, doing, done, dropped, overdue.",
            ),
        ]
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

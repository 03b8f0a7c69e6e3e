//! The notes of the event, oldest first, under the segment they were taken in; long text
//! wraps under its time. Only the notes that fit are laid out, counted back from the
//! selection, so 50,000 notes draw as fast as ten.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::{segment_title, truncate, wrap_at_most};
use crate::app::Model;
use crate::app::keymap::{Action, Context};
use crate::event::record::Note;

/// Columns before a note's text: marker, time, gap.
const INDENT: u16 = 9;

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let view = &model.notes_view;
    let total = model.record.notes_total;
    let mut title = format!(" Notes · {total} ");
    if model.record.notes.len() < total {
        // Said, so a count never disagrees with what the list holds.
        title = format!(
            " Notes · {total} · the newest {} here; thrive export --what notes has all ",
            model.record.notes.len()
        );
    }
    // Typed while the database was locked: not in the list until written, but never unsaid.
    let waiting = model
        .record
        .outbox
        .iter()
        .filter(|p| matches!(p, crate::app::record::Pending::Note { .. }))
        .count();
    if waiting > 0 {
        title = format!(
            "{}· ⏳ {} waiting for the database ",
            title,
            crate::text::plural(waiting, "more note")
        );
    }
    if !view.filter.is_empty() {
        title = format!(
            " Notes · {} of {total} · filter: {} ",
            view.visible.len(),
            view.filter
        );
    }
    let block = Block::bordered().border_style(t.border).title(Line::styled(
        truncate(&title, area.width.saturating_sub(4) as usize),
        t.title,
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 || inner.width <= INDENT {
        return;
    }
    if view.visible.is_empty() {
        empty(model, inner, buf);
        return;
    }
    let text_width = inner.width - INDENT;
    let notes: Vec<&Note> = view
        .visible
        .iter()
        .map(|&i| &model.record.notes[i])
        .collect();
    // A heading where the segment changes, and always over the first note drawn, so a
    // scrolled list still says which segment it is in.
    let header_at = |k: usize, first: usize| -> Option<String> {
        let seg = notes[k].segment_id.as_deref();
        let changed = k == first || notes[k - 1].segment_id.as_deref() != seg;
        changed.then(|| segment_title(model, seg))
    };
    let header = |k: usize| header_at(k, 0);
    let room = usize::from(inner.height);
    // No note is laid out past what the panel can show.
    let lines_of = |k: usize| wrap_at_most(&notes[k].text, text_width, room);
    let height =
        |k: usize| -> usize { usize::from(header(k).is_some()) + lines_of(k).len().max(1) };

    // The first note drawn: as far back from the selection as the screen holds.
    let cursor = view.cursor.min(notes.len() - 1);
    let mut first = cursor;
    let mut used = height(cursor);
    while first > 0 && used + height(first - 1) <= room {
        first -= 1;
        used += height(first);
    }

    let mut y = inner.y;
    for (k, note) in notes.iter().enumerate().skip(first) {
        if y >= inner.bottom() {
            break;
        }
        if let Some(h) = header_at(k, first) {
            Line::styled(truncate(&h, inner.width as usize), t.heading)
                .render(Rect::new(inner.x, y, inner.width, 1), buf);
            y += 1;
        }
        let selected = k == cursor;
        // A private note is marked by its colour as well as by its #private tag in the text
        // (which NO_COLOR keeps): other consoles see it, the room never does.
        let style = match (selected, note.is_private()) {
            (true, _) => t.selected,
            (false, true) => t.private,
            (false, false) => Style::new(),
        };
        let time = note.created_at.format("%H:%M").to_string();
        let edited = if note.updated_at.is_some() { "*" } else { " " };
        let wrapped = wrap_at_most(&note.text, text_width, room);
        let total = wrapped.len();
        for (j, line) in wrapped.into_iter().enumerate() {
            if y >= inner.bottom() {
                break;
            }
            // The last row of a note cut by the panel says so; Enter shows it whole.
            let line = if y + 1 == inner.bottom() && j + 1 < total && selected {
                let open = model.hint(Context::Notes, Action::Edit);
                if total > room {
                    format!("… more — {open} shows it all")
                } else {
                    format!("… {} more lines — {open} shows it all", total - j)
                }
            } else {
                line
            };
            let lead = match (j, selected) {
                (0, true) => format!("▶ {time}{edited} "),
                (0, false) => format!("  {time}{edited} "),
                _ => " ".repeat(usize::from(INDENT)),
            };
            let row = Rect::new(inner.x, y, inner.width, 1);
            buf.set_style(row, style);
            Line::from(vec![
                Span::styled(lead, style.patch(t.muted)),
                Span::styled(line, style),
            ])
            .render(row, buf);
            y += 1;
        }
    }
}

fn empty(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let new = model.hint(Context::Everywhere, Action::NewNote);
    let filter = model.hint(Context::Notes, Action::Filter);
    let lines = if model.notes_view.filter.is_empty() {
        vec![
            Line::styled("No notes yet.", t.heading),
            Line::raw(format!(
                "Press {new} on any screen to write one; it is saved when you press {}.",
                model.hint(Context::Editor, Action::Save)
            )),
        ]
    } else {
        vec![
            Line::styled(
                format!("No notes match “{}”.", model.notes_view.filter),
                t.heading,
            ),
            Line::raw(format!(
                "{filter} changes the filter; {} inside it clears it.",
                model.hint(Context::Editor, Action::Cancel)
            )),
        ]
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

//! The mapping board: one column per grouping (and one for services not placed yet), the
//! services in each, the selected one in full underneath. A service in several groupings shows
//! in each, marked ◆; an empty column says "· none" in words, so the gap reads without colour
//! on a washed-out projector. Only the rows on screen are built.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::truncate;
use crate::app::Model;
use crate::app::keymap::{Action, Context};
use crate::app::map::MapColumn;
use crate::map::Service;
use crate::text::plural;
use crate::thrive::Grouping;

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let view = &model.map_view;
    let services = &model.record.services;
    let unplaced = services
        .iter()
        .filter(|s| s.fields.groupings.is_empty())
        .count();
    let mut title = format!(" Map · {}", plural(services.len(), "service"));
    if unplaced > 0 {
        title.push_str(&format!(" · {unplaced} not placed"));
    }
    if !view.filter.is_empty() {
        title.push_str(&format!(
            " · filter: {} ({} shown)",
            view.filter, view.shown
        ));
    }
    title.push(' ');
    let Some(inner) = super::panel(t, &title, area, buf) else {
        return;
    };
    if services.is_empty() {
        empty(model, inner, buf);
        return;
    }

    let detail_height = if inner.height >= 14 { 3 } else { 1 };
    let [board_area, detail_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(detail_height)]).areas(inner);
    let n = view.columns.len().max(1) as u16;
    let areas = Layout::horizontal((0..n).map(|_| Constraint::Ratio(1, u32::from(n))))
        .spacing(1)
        .split(board_area);
    for (c, (column, col_area)) in view.columns.iter().zip(areas.iter()).enumerate() {
        draw_column(model, c, column, *col_area, buf);
    }
    detail(model, detail_area, buf);
}

/// The column's name, cut to fit, and its count, never cut: "4 More H… (2)".
fn column_title(grouping: Option<Grouping>, width: u16, count: usize) -> String {
    let count = format!(" ({count})");
    let name = match grouping {
        None => "Not placed".to_owned(),
        Some(g) if width >= 26 => format!("{} {}", g.number(), g.short_name()),
        Some(g) => {
            let short = match g {
                Grouping::Thriving => "Thriving",
                Grouping::GettingAdvice => "Advice",
                Grouping::GettingHelp => "Help",
                Grouping::GettingMoreHelp => "More Help",
                Grouping::GettingRiskSupport => "Risk",
            };
            format!("{} {short}", g.number())
        }
    };
    let room = usize::from(width).saturating_sub(count.width());
    format!("{}{count}", truncate(&name, room))
}

fn draw_column(model: &Model, c: usize, column: &MapColumn, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let view = &model.map_view;
    let focused = c == view.column;
    let heading_style = if focused {
        t.heading.add_modifier(Modifier::UNDERLINED)
    } else {
        t.heading
    };
    let width = usize::from(area.width);
    Line::styled(
        truncate(
            &column_title(column.grouping, area.width, column.items.len()),
            width,
        ),
        heading_style,
    )
    .render(Rect { height: 1, ..area }, buf);
    let rows = usize::from(area.height.saturating_sub(1));
    if rows == 0 {
        return;
    }
    if column.items.is_empty() {
        let words = if view.filter.is_empty() {
            "·  none"
        } else {
            "·  none shown"
        };
        Line::styled(words, t.muted).render(Rect::new(area.x, area.y + 1, area.width, 1), buf);
        return;
    }
    let offset = if focused {
        (view.row + 1).saturating_sub(rows)
    } else {
        0
    };
    let more_below = column.items.len() > offset + rows;
    let shown = if more_below { rows - 1 } else { rows };
    for (k, &i) in column.items.iter().skip(offset).take(shown).enumerate() {
        let s = &model.record.services[i];
        let selected = focused && offset + k == view.row;
        let marker = if selected { "▶" } else { " " };
        let mut flags = String::new();
        if s.fields.groupings.len() > 1 {
            flags.push('◆');
        }
        if view.duplicates.contains_key(&s.id) {
            flags.push('⚠');
        }
        if let Some(d) = &s.fields.directory {
            if !d.active() {
                flags.push('⊘');
            } else if d.stale(event_day(model)) {
                flags.push('⌛');
            }
        }
        let flags = format!("{flags} ");
        let room = width.saturating_sub(1 + flags.width());
        let style = if selected { t.selected } else { t.base };
        let line = Line::from(vec![
            Span::styled(marker, style),
            Span::styled(flags, if selected { t.selected } else { t.accent }),
            Span::styled(truncate(&s.fields.name, room), style),
        ]);
        let y = area.y + 1 + k as u16;
        if selected {
            buf.set_style(Rect::new(area.x, y, area.width, 1), t.selected);
        }
        line.render(Rect::new(area.x, y, area.width, 1), buf);
    }
    if more_below {
        let left = column.items.len() - offset - shown;
        Line::styled(format!(" … {left} more"), t.muted).render(
            Rect::new(area.x, area.y + 1 + shown as u16, area.width, 1),
            buf,
        );
    }
}

/// The selected service in full, and what the marks mean.
fn detail(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    // The marks explained, each only when the board shows it.
    let mut legend = "◆ in more than one grouping".to_owned();
    if !model.map_view.duplicates.is_empty() {
        legend.push_str("   ⚠ on the map twice");
    }
    let day = event_day(model);
    let listings = model
        .record
        .services
        .iter()
        .filter_map(|s| s.fields.directory.as_ref());
    if listings.clone().any(|d| d.active() && d.stale(day)) {
        legend.push_str("   ⌛ directory record not checked for over a year");
    }
    if listings.clone().any(|d| !d.active()) {
        legend.push_str("   ⊘ the directory no longer offers it");
    }
    let Some(s) = model.selected_service() else {
        Line::styled(legend.clone(), t.muted).render(Rect { height: 1, ..area }, buf);
        return;
    };
    let mut lines = vec![Line::from(summary_spans(model, s))];
    if area.height > 1 {
        let mut notes = Vec::new();
        if let Some(d) = &s.fields.directory {
            notes.push(Span::styled(listing_words(d, day), t.muted));
        }
        if !s.fields.notes.is_empty() {
            notes.push(Span::styled(s.fields.notes.replace('\n', " "), t.base));
        }
        if let Some(other) = model
            .map_view
            .duplicates
            .get(&s.id)
            .and_then(|id| model.record.services.iter().find(|o| o.id == *id))
        {
            let merge = model.hint(Context::Map, Action::Merge);
            notes.push(Span::styled(
                format!(
                    "  ⚠ on the map twice: also as “{}” — {merge} merges them",
                    truncate(&other.fields.name, 30)
                ),
                t.low,
            ));
        }
        lines.push(Line::from(notes));
        lines.push(Line::styled(legend, t.muted));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// The day freshness is counted from: the event's.
pub(crate) fn event_day(model: &Model) -> chrono::NaiveDate {
    model
        .record
        .event
        .as_ref()
        .map_or(model.script.workshop.date, |e| e.date)
}

/// "From the directory, checked 14 months ago (⌛ over a year) · ", or what its status is.
pub(crate) fn listing_words(d: &crate::map::Listing, day: chrono::NaiveDate) -> String {
    let status = match d.status.as_deref() {
        Some(crate::map::UNLISTED) => " · ⊘ no longer listed".to_owned(),
        Some(s) => format!(" · ⊘ {s}"),
        None if d.stale(day) => " (⌛ over a year)".to_owned(),
        None => String::new(),
    };
    let past = d
        .max_age
        .map(|m| format!(" · the directory says to {m}"))
        .unwrap_or_default();
    format!("Directory: {}{status}{past} · ", d.checked(day))
}

/// "Kooth · Kooth plc · voluntary sector · 11–25 · online · West · in 2, 3".
pub(crate) fn summary_spans(model: &Model, s: &Service) -> Vec<Span<'static>> {
    let t = &model.theme;
    let f = &s.fields;
    let mut spans = vec![Span::styled(
        f.name.clone(),
        t.heading.add_modifier(Modifier::BOLD),
    )];
    let mut part = |text: String| {
        if !text.is_empty() {
            spans.push(Span::styled(" · ", t.muted));
            spans.push(Span::styled(text, t.base));
        }
    };
    part(f.provider.clone());
    part(f.sector.clone().unwrap_or_default());
    part(
        f.ages
            .map(|a| {
                // Past 25 the directory's figure is kept; our grids stop at 25.
                if a.to == crate::map::MAX_AGE
                    && f.directory.as_ref().is_some_and(|d| d.max_age.is_some())
                {
                    format!("ages {} to 25+", a.from)
                } else {
                    format!("ages {a}")
                }
            })
            .unwrap_or_default(),
    );
    part(f.access_route.clone());
    part(f.localities.to_string());
    part(if f.groupings.is_empty() {
        "not placed yet".to_owned()
    } else {
        format!(
            "in\u{a0}{}",
            f.groupings
                .iter()
                .map(|g| format!("{}\u{a0}{}", g.number(), g.short_name()))
                .collect::<Vec<_>>()
                .join(", ")
        )
    });
    spans
}

fn empty(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let add = model.hint(Context::Map, Action::AddService);
    let lines = vec![
        Line::raw(""),
        Line::styled("No services on the map yet.", t.heading),
        Line::raw(""),
        Line::from(vec![
            Span::styled(add, t.key),
            Span::raw(" adds one, typed on one line:"),
        ]),
        Line::styled(
            "   Kooth / Kooth plc / voluntary / 11-25 / online",
            t.accent,
        ),
        Line::raw("then 1–5 put it in its groupings. A service can sit in several."),
        Line::raw(""),
        Line::styled(
            "A spreadsheet of services comes in with: thrive import services.csv",
            t.muted,
        ),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(area, buf);
}

//! The agenda (home): the segments with their planned times and what happened, the current
//! one's countdown large enough for the room, where the day is heading, and the private
//! prompts panel when the facilitator opens it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, LineGauge, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::big::Big;
use super::{clock, clock_over, projection, text_lines, time_status, truncate, wrapped_height};
use crate::app::Model;
use crate::app::keymap::{Action, Context};
use crate::event::{RunState, TimePhase};
use crate::script::Focus;
use crate::text::plural;

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let prompts_height = if model.prompts_visible {
        prompts_height(model, area)
    } else {
        0
    };
    let [main, prompts_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(prompts_height)]).areas(area);
    // The countdown needs 42 columns at full size (5 glyphs of 8 and the border), the long
    // projection line about 52; the list takes the rest, so long titles show whole.
    let now_width = if main.width >= 100 { 52 } else { 42 };
    let list_width = main.width.saturating_sub(now_width).clamp(30, 60);
    let [list_area, now_area] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Fill(1)]).areas(main);
    list(model, list_area, buf);
    now(model, now_area, buf);
    if prompts_height > 0 {
        prompts(model, prompts_area, buf);
    }
}

/// Rows the prompts need, wrapped at the panel's width, up to half the screen: they are for a
/// glance, and the agenda must stay in view.
fn prompts_height(model: &Model, area: Rect) -> u16 {
    let seg = &model.script.segments[model.run.current];
    let width = area.width.saturating_sub(2);
    let rows = seg
        .prompts
        .iter()
        .map(|p| wrapped_height(&format!("• {p}"), width))
        .fold(0u16, u16::saturating_add)
        .max(1);
    rows.saturating_add(2).min(area.height / 2).max(3)
}

/// Width of the right-hand column of the list ("✓ 17m", "⚠ 4:59", "⏰+12:30").
const STATUS_WIDTH: usize = 7;

fn list(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let script = &model.script;
    let run = &model.run;
    let total = super::super::script::hours_minutes(script.planned_minutes());
    let block = Block::bordered().border_style(t.border).title(Line::styled(
        format!(
            " Agenda · {} · {total} ",
            crate::text::plural(script.segments.len(), "segment")
        ),
        t.title,
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 || inner.width < 10 {
        return;
    }

    // The bottom row says what Enter will do when the selection is not the current segment.
    let goto = (model.agenda_cursor != run.current).then(|| {
        let key = model
            .keymap
            .hint(Context::Agenda, Action::GoToSelected)
            .unwrap_or_default();
        let seg = &script.segments[model.agenda_cursor];
        format!("{key}: go to “{}”", seg.title)
    });
    let rows_height = inner.height.saturating_sub(u16::from(goto.is_some())) as usize;
    let n = script.segments.len();
    let offset = list_offset(n, rows_height, run.current, model.agenda_cursor);

    let starts = run.planned_starts(script, model.now);
    let title_width = (inner.width as usize).saturating_sub(2 + 5 + 1 + STATUS_WIDTH + 1);
    for (row, i) in (offset..n).take(rows_height).enumerate() {
        let seg = &script.segments[i];
        let seg_run = &run.segments[i];
        let is_current = i == run.current && run.state != RunState::Finished;
        let (status, status_style) = row_status(model, i);
        // The selection is marked in the text too, so it shows without colour.
        let marker = if is_current {
            "▶"
        } else if i == model.agenda_cursor && i != run.current {
            "›"
        } else {
            " "
        };
        let mut style = if is_current {
            t.current
        } else if seg_run.started() || (i < run.current && run.state != RunState::NotStarted) {
            t.done
        } else {
            Style::new()
        };
        if i == model.agenda_cursor && !is_current {
            style = t.selected;
        }
        let title = truncate(&seg.title, title_width);
        let pad = title_width.saturating_sub(title.width());
        let line = Line::from(vec![
            Span::styled(format!("{marker} "), style),
            Span::styled(starts[i].format("%H:%M").to_string(), style),
            Span::styled(" ", style),
            Span::styled(title, style),
            Span::styled(" ".repeat(pad + 1), style),
            Span::styled(
                pad_left(&status, STATUS_WIDTH),
                status_style.patch(style_for_status(style, t)),
            ),
        ]);
        let y = inner.y + row as u16;
        line.render(Rect::new(inner.x, y, inner.width, 1), buf);
    }
    if let Some(goto) = goto {
        let y = inner.bottom() - 1;
        Line::styled(
            truncate(&goto, inner.width as usize),
            t.muted.add_modifier(Modifier::ITALIC),
        )
        .render(Rect::new(inner.x, y, inner.width, 1), buf);
    }
}

/// The first row shown: the current segment a third of the way down where it can be, and the
/// selection always in view (it is what Enter acts on).
fn list_offset(rows: usize, height: usize, current: usize, cursor: usize) -> usize {
    if rows <= height || height == 0 {
        return 0;
    }
    let mut offset = current.saturating_sub(height / 3);
    if cursor < offset {
        offset = cursor;
    } else if cursor >= offset + height {
        offset = cursor + 1 - height;
    }
    offset.min(rows - height)
}

/// Right-aligns by display columns (`format!` pads by characters, and "⏰" takes two columns).
fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}

/// A selected row keeps its reverse look across the status column too.
fn style_for_status(row: Style, t: &super::theme::Theme) -> Style {
    if row == t.selected {
        t.selected
    } else {
        Style::new()
    }
}

/// The right-hand column of one agenda row, and its style.
fn row_status(model: &Model, i: usize) -> (String, Style) {
    let t = &model.theme;
    let run = &model.run;
    let seg_run = &run.segments[i];
    let allotted = run.allotted(&model.script, i).num_minutes();
    let changed = if seg_run.extra_minutes != 0 { "*" } else { "" };
    let is_current = i == run.current && run.state != RunState::Finished;
    if is_current && run.state != RunState::NotStarted {
        let (symbol, _, style) = time_status(model);
        let remaining = run.remaining(&model.script, model.now);
        let text = match run.phase(&model.script, model.now) {
            TimePhase::Over => format!("{symbol}+{}", clock_over(-remaining)),
            _ => format!("{symbol} {}", clock(remaining)),
        };
        return (text, style);
    }
    if seg_run.started() {
        let minutes = (seg_run.elapsed(model.now).num_seconds() + 30) / 60;
        return (format!("✓ {minutes}m"), t.done);
    }
    if i < run.current && run.state != RunState::NotStarted {
        return ("– skip".to_owned(), t.muted);
    }
    (format!("{allotted}m{changed}"), t.muted)
}

fn now(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let script = &model.script;
    let run = &model.run;
    let seg = &script.segments[run.current];
    let heading = match run.state {
        RunState::NotStarted => format!(" Next: {} ", seg.title),
        RunState::Finished => " The event has finished ".to_owned(),
        _ => format!(" Now: {} ", seg.title),
    };
    let block = Block::bordered()
        .border_style(t.border_focus)
        .title(Line::styled(
            truncate(&heading, area.width.saturating_sub(4) as usize),
            t.title,
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let inner = if inner.width > 42 {
        inner.inner(ratatui::layout::Margin::new(1, 0))
    } else {
        inner
    };

    let (symbol, status, status_style) = time_status(model);
    let remaining = run.remaining(script, model.now);
    let allotted = run.allotted(script, run.current);
    let phase = run.phase(script, model.now);
    let big_text = match (run.state, phase) {
        (RunState::Finished, _) => "DONE".to_owned(),
        (RunState::NotStarted, _) => clock(allotted),
        (_, TimePhase::Over) => format!("+{}", clock_over(-remaining)),
        _ => clock(remaining),
    };
    let big_style = match (run.state, phase) {
        (RunState::Paused, _) => t.paused,
        (_, TimePhase::Over) => t.over_text,
        (_, TimePhase::Low) => t.low,
        _ => t.countdown,
    };

    let about = about_line(model);
    let status_line = match run.state {
        // A prepared event's clock waits for its day: never offer a key that is refused.
        RunState::NotStarted if model.day == crate::app::Day::Preparing => {
            format!("{} planned · the clock starts on the day", clock(allotted))
        }
        RunState::NotStarted => {
            let key = model
                .keymap
                .hint(Context::Agenda, Action::StartPause)
                .unwrap_or_default();
            format!("{} planned · {key} starts the clock", clock(allotted))
        }
        RunState::Finished => format!("{symbol} {status}"),
        _ => {
            let of = format!(" of {}", clock(allotted));
            match phase {
                TimePhase::Over => format!("{symbol} {status}{of} — time to move on"),
                TimePhase::Low => format!("{symbol} {status}{of} — time to wrap up"),
                TimePhase::Plenty => format!("{symbol} {status}{of}"),
            }
        }
    };
    // Rows other than the big countdown: about, blank, status, gauge, projection.
    let fixed = 5u16;
    let room = inner.height.saturating_sub(fixed);
    // The doubled size only on a projector-size window, leaving room for the projected text.
    let max_big = if room >= 26 { 16 } else { 8 };
    let big = Big::fit(
        &big_text,
        inner.width,
        room.min(max_big),
        big_style.add_modifier(Modifier::BOLD),
    );
    let big_height = big.as_ref().map_or(1, |b| b.height);

    let [
        about_area,
        _,
        big_area,
        status_area,
        gauge_area,
        projection_area,
        _,
        text_area,
    ] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(inner.height > 8)),
        Constraint::Length(big_height),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);

    Line::styled(truncate(&about, about_area.width as usize), t.muted).render(about_area, buf);
    match big {
        Some(b) => b.render(big_area, buf),
        None => Line::styled(big_text, big_style.add_modifier(Modifier::BOLD))
            .alignment(Alignment::Center)
            .render(big_area, buf),
    }
    Line::styled(
        truncate(&status_line, status_area.width as usize),
        status_style,
    )
    .alignment(Alignment::Center)
    .render(status_area, buf);

    if matches!(run.state, RunState::Running | RunState::Paused) && gauge_area.width > 10 {
        let elapsed = run.segments[run.current].elapsed(model.now);
        let ratio = if allotted.num_seconds() > 0 {
            elapsed.num_seconds() as f64 / allotted.num_seconds() as f64
        } else {
            1.0
        };
        let label = format!("{:>3} %", (ratio * 100.0).round() as i64);
        // Thick for the time gone, dashed for the time left: the bar reads without colour
        // (NO_COLOR, a washed-out projector, greyscale print of a screenshot).
        LineGauge::default()
            .ratio(ratio.clamp(0.0, 1.0))
            .label(label)
            .filled_symbol(ratatui::symbols::line::THICK_HORIZONTAL)
            .unfilled_symbol("╌")
            .filled_style(big_style)
            .unfilled_style(t.muted)
            .render(gauge_area, buf);
    }
    Line::styled(projection(model, projection_area.width as usize), t.heading)
        .alignment(Alignment::Center)
        .render(projection_area, buf);

    if text_area.height > 0 {
        let mut lines = text_lines(&seg.text, t.heading);
        if let Some(hint) = open_hint(model) {
            if !lines.is_empty() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(hint, t.muted));
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(text_area, buf);
    }
}

/// "mapping · 45 min planned · focus: Getting Help", or how the day went once it is over.
fn about_line(model: &Model) -> String {
    let run = &model.run;
    if run.state == RunState::Finished {
        let began = run.segments.iter().find_map(|s| s.actual_start());
        let ended = run.segments[run.current].actual_end();
        let ran = run.segments.iter().filter(|s| s.started()).count();
        return match (began, ended) {
            (Some(b), Some(e)) => format!(
                "{ran} of {} run · {} to {}",
                crate::text::plural(run.segments.len(), "segment"),
                b.format("%H:%M"),
                e.format("%H:%M")
            ),
            _ => format!(
                "{ran} of {} run",
                crate::text::plural(run.segments.len(), "segment")
            ),
        };
    }
    let seg = &model.script.segments[run.current];
    let mut about = format!("{} · {} min planned", seg.kind, seg.minutes);
    let extra = run.segments[run.current].extra_minutes;
    if extra != 0 {
        about.push_str(&format!(" ({extra:+} min)"));
    }
    if let Some(g) = seg.grouping {
        about.push_str(&format!(" · focus: {}", g.short_name()));
    }
    if let Some(p) = seg.principle {
        about.push_str(&format!(" · principle: {}", p.name()));
    }
    about
}

/// What `open-segment` would show for this segment, if anything.
fn open_hint(model: &Model) -> Option<String> {
    let key = model.keymap.hint(Context::Agenda, Action::OpenSegment)?;
    let what = match model.script.segments[model.run.current].focus()? {
        Focus::Grouping(g) => g.name().to_owned(),
        Focus::Principle(p) => format!("the principle “{}”", p.name()),
        Focus::AllPrinciples => "the principles".to_owned(),
        Focus::AllGroupings => "the groupings".to_owned(),
        Focus::Map => format!(
            "the map ({})",
            plural(model.record.services.len(), "service")
        ),
        Focus::Gaps => "the coverage grid and the gaps".to_owned(),
        Focus::Assessment => "the assessment grid".to_owned(),
        Focus::Priorities => format!(
            "the dot vote ({})",
            plural(model.record.vote.candidates.len(), "candidate")
        ),
        Focus::Actions => format!(
            "the actions ({})",
            plural(model.record.actions.len(), "action")
        ),
        Focus::Review => {
            let open = model
                .record
                .review
                .iter()
                .filter(|(_, d)| d.is_none())
                .count();
            match &model.record.previous {
                Some(prev) => format!(
                    "last time's actions ({open} to review, from {})",
                    prev.date.format("%-d %b")
                ),
                None => "last time's actions (none found)".to_owned(),
            }
        }
    };
    Some(format!("{key}: show {what} on screen"))
}

fn prompts(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let seg = &model.script.segments[model.run.current];
    let key = model
        .keymap
        .hint(Context::Agenda, Action::TogglePrompts)
        .unwrap_or_default();
    let block = Block::bordered()
        .border_style(t.private)
        .title(Line::styled(
            format!(" PRIVATE · your prompts · {key} hides "),
            t.private,
        ));
    let lines: Vec<Line> = if seg.prompts.is_empty() {
        vec![Line::styled("No prompts for this segment.", t.muted)]
    } else {
        seg.prompts
            .iter()
            .map(|p| Line::raw(format!("• {p}")))
            .collect()
    };
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

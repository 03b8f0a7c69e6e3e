//! `view()`: draws the [`Model`] and nothing else — no I/O, no clock, no changes. One file per
//! screen; colours only through [`theme::Theme`]. The same function draws the live terminal,
//! `thrive render` and the snapshot tests.

mod actions;
mod agenda;
mod assessment;
mod big;
mod coverage;
mod editor;
mod export;
mod form;
mod groupings;
mod help;
mod map;
mod notes;
mod principles;
mod review;
pub mod room;
mod vote;
// The colours live outside the view, so the model can hold them without naming `ui`.
pub use crate::theme;

use chrono::{NaiveDateTime, TimeDelta};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::app::keymap::{Action, Context, Hint};
use crate::app::record::Saved;
use crate::app::{Layer, Model, Screen};
use crate::event::{RunState, TimePhase};

pub use crate::app::{MIN_HEIGHT, MIN_WIDTH};

pub fn view(model: &Model, frame: &mut Frame) {
    render(model, frame.area(), frame.buffer_mut());
}

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, model.theme.base);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(model, area, buf);
        return;
    }
    if model.room.one_window {
        return one_window(model, area, buf);
    }
    let [header_area, body, strip_area, footer_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    header(model, header_area, buf);
    presenter_strip(model, strip_area, buf);
    match model.screen {
        Screen::Agenda => agenda::render(model, body, buf),
        Screen::Groupings => groupings::render_all(model, body, buf),
        Screen::Grouping(g) => groupings::render_one(model, g, body, buf),
        Screen::Principles => principles::render(model, body, buf),
        Screen::Notes => notes::render(model, body, buf),
        Screen::Actions => actions::render(model, body, buf),
        Screen::Review => review::render(model, body, buf),
        Screen::Map => map::render(model, body, buf),
        Screen::Coverage => coverage::render(model, body, buf),
        Screen::Assessment => assessment::render(model, body, buf),
        Screen::Priorities => vote::render(model, body, buf),
    }
    footer(model, footer_area, buf);
    // Every layer, bottom first: a question drawn over the field it is about.
    for layer in &model.layers {
        draw_layer(model, layer, area, body, buf);
    }
}

/// The console's own window as the room's view: nothing of the console's chrome. While
/// something is open over the screen the room's view stands at its title card. A field for
/// the room's record (a note, an action, a service) is drawn alone over it, so nothing else
/// shows while the facilitator types; a private note's text, a question, help or the export
/// dialog never are (they hold drafts, other notes, paths and key hints): the card says
/// only that the facilitator is busy at the console.
fn one_window(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let Some(top) = model.layers.last() else {
        return room::render(&model.room_view(), t, area, buf);
    };
    let title = crate::room::Room::build(
        &model.room_sources(),
        &crate::room::Ask::Shown(crate::event::room::Shown::Title),
    );
    room::render(&title, t, area, buf);
    let body = area.inner(ratatui::layout::Margin::new(0, 1));
    let field = match top {
        Layer::Editor(e) => {
            matches!(e.purpose, crate::app::editor::Purpose::Record(_))
                && !crate::event::capture::is_private(&e.text())
        }
        Layer::Form(_) => true,
        _ => false,
    };
    if field {
        return draw_layer(model, top, area, body, buf);
    }
    let said = match top {
        Layer::Editor(e) if matches!(e.purpose, crate::app::editor::Purpose::Record(_)) => {
            "A private note is being written at the console"
        }
        _ => "One moment — the facilitator is at the console",
    };
    let line = Rect::new(area.x, area.bottom().saturating_sub(2), area.width, 1);
    Line::styled(said, t.muted)
        .alignment(Alignment::Center)
        .render(line, buf);
}

/// The facilitator's line about the room: what it sees, what comes next, the time left.
fn presenter_strip(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    buf.set_style(area, t.private);
    let text = format!(" ▣ {}", model.presenter_strip());
    Line::styled(truncate(&text, area.width as usize), t.private).render(area, buf);
}

fn draw_layer(model: &Model, layer: &Layer, area: Rect, body: Rect, buf: &mut Buffer) {
    match layer {
        Layer::Help { scroll } => help::render(model, *scroll, area, buf),
        Layer::ConfirmQuit => confirm_quit(model, area, buf),
        Layer::ConfirmDelete(id) => editor::confirm_delete(model, *id, body, buf),
        Layer::ConfirmDeleteService(id) => editor::confirm_delete_service(model, *id, body, buf),
        Layer::Duplicate(pending) => editor::duplicate(model, pending, body, buf),
        Layer::Recover(draft) => editor::recover(model, draft, body, buf),
        Layer::Clash(q) => editor::clash(model, q, body, buf),
        Layer::Form(f) => form::render(model, f, body, buf),
        Layer::Export(d) => export::render(model, d, body, buf),
        Layer::Editor(e) => editor::render(model, e, body, buf),
    }
}

/// Regional indicators (the letters flags are made of) drawn as their plain letters, as
/// the last step before a frame goes to a real terminal: terminals disagree about how wide a
/// flag is, and one that draws it narrower than ratatui counted leaves stale cells behind
/// (`🇬🇧` becomes `GB`, the same two columns). `render` and tests see the text as it is.
pub fn for_the_terminal(buf: &mut Buffer) {
    const FIRST: u32 = 0x1F1E6;
    let is_indicator = |c: char| (FIRST..FIRST + 26).contains(&u32::from(c));
    for cell in &mut buf.content {
        if cell.symbol().chars().any(is_indicator) {
            let plain: String = cell
                .symbol()
                .chars()
                .map(|c| {
                    if is_indicator(c) {
                        char::from(b'A' + (u32::from(c) - FIRST) as u8)
                    } else {
                        c
                    }
                })
                .collect();
            cell.set_symbol(&plain);
        }
    }
}

/// A buffer as plain text, one line per row, trailing blanks trimmed: what `thrive render`
/// prints and what snapshots hold.
pub fn buffer_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            line.push_str(symbol);
            skip = symbol.width().saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn too_small(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let text = vec![
        Line::styled("Make the window larger", t.heading),
        Line::raw(""),
        Line::raw(format!("thrive needs at least {MIN_WIDTH}×{MIN_HEIGHT};")),
        Line::raw(format!("this window is {}×{}.", area.width, area.height)),
        Line::raw(""),
        Line::styled(
            format!("{} quits", model.hint(Context::Everywhere, Action::Quit)),
            t.muted,
        ),
    ];
    let height = (text.len() as u16).min(area.height);
    let top = area.y + area.height.saturating_sub(height) / 2;
    let inner = Rect::new(area.x, top, area.width, height);
    Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}

fn header(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    // Time running low or out: the facilitator's header flashes for a moment (the room's
    // view never does).
    let bar = if model.flashing() { t.over } else { t.header };
    let header_style = bar;
    buf.set_style(area, bar);
    let w = &model.script.workshop;
    // Said first, in words: a rehearsal must never be taken for the real record.
    let marked = match model.day {
        crate::app::Day::Rehearsal => " REHEARSAL ·",
        crate::app::Day::Preparing => " PREPARING ·",
        crate::app::Day::OnTheDay => "",
    };
    // The day of the event as recorded (a script run on another day says that day).
    let day = model.record.event.as_ref().map_or(w.date, |e| e.date);
    let mut left = format!("{marked} {} · {}", w.title, day.format("%a %-d %b"));
    if let Some(venue) = &w.venue {
        left.push_str(&format!(" · {venue}"));
    } else {
        left.push_str(&format!(" · {}", w.site));
    }

    // The promise about the store first: it is never cut to make room for a message.
    let mut saved: Vec<Span> = Vec::new();
    match &model.saved {
        Saved::At(at) => saved.push(Span::raw(format!("● saved {}  ", at.format("%H:%M:%S")))),
        Saved::Failed { reason, .. } => {
            saved.push(Span::styled(format!(" ⚠ NOT SAVED: {reason} "), t.over));
            saved.push(Span::raw("  "));
        }
        Saved::Waiting { reason, .. } => {
            // The agenda's step owed counts as one of what is kept.
            let owed = model.record.outbox.len() + usize::from(model.record.run_dirty);
            let kept = match owed {
                0 => String::new(),
                n => format!(" · {} kept", crate::text::plural(n, "item")),
            };
            let mut said = format!(" ⏳ waiting for the database ({reason}){kept} ");
            // Who holds the lock is said in full where the title keeps some room.
            if said.width() + 28 > usize::from(area.width) {
                said = format!(" ⏳ waiting for the database{kept} ");
            }
            saved.push(Span::styled(said, t.over));
            saved.push(Span::raw("  "));
        }
        Saved::Nothing => {}
    }
    let clock = Span::raw(format!("{} ", model.now.format("%H:%M")));
    let kept: usize = saved.iter().map(|s| s.content.width()).sum::<usize>() + clock.width();
    let mut right: Vec<Span> = Vec::new();
    if let Some(status) = model.status_text() {
        let room =
            usize::from(area.width / 2).min(usize::from(area.width).saturating_sub(kept + 12));
        right.push(Span::styled(
            format!("{}  ", truncate(status, room)),
            header_style,
        ));
    } else if model.screen != Screen::Agenda && model.run.state != RunState::NotStarted {
        let (symbol, text, _) = time_status(model);
        let title = &model.script.segments[model.run.current].title;
        right.push(Span::raw(format!(
            "{symbol} {text} · {}  ",
            truncate(title, 24)
        )));
    }
    right.extend(saved);
    right.push(clock);
    let right_width: usize = right.iter().map(|s| s.content.width()).sum();
    let room = (area.width as usize).saturating_sub(right_width + 1);
    Line::from(Span::styled(
        truncate(&left, room),
        header_style.add_modifier(ratatui::style::Modifier::BOLD),
    ))
    .render(area, buf);
    let right_area = Rect {
        x: area.right().saturating_sub(right_width as u16),
        width: (right_width as u16).min(area.width),
        ..area
    };
    Line::from(right).render(right_area, buf);
}

fn footer(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    buf.set_style(area, t.footer);
    let ctx = model.screen.context();
    let help = model
        .keymap
        .hint(Context::Everywhere, Action::Help)
        .map(|k| format!("{k} help "))
        .unwrap_or_default();
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1 + help.width();
    for Hint {
        keys,
        label,
        moves_agenda,
    } in model.keymap.footer(ctx)
    {
        // A console joined for the map and notes is not offered the agenda's keys.
        if moves_agenda && !model.seat.moves_agenda() {
            continue;
        }
        let width = keys.width() + 1 + label.width() + 2;
        if used + width > area.width as usize {
            break;
        }
        used += width;
        spans.push(Span::styled(
            keys,
            t.footer.add_modifier(ratatui::style::Modifier::BOLD),
        ));
        spans.push(Span::raw(format!(" {label}  ")));
    }
    Line::from(spans).render(area, buf);
    let help_width = (help.width() as u16).min(area.width);
    let help_area = Rect {
        x: area.right() - help_width,
        width: help_width,
        ..area
    };
    Line::from(help).render(help_area, buf);
}

fn confirm_quit(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let reason = match &model.saved {
        Saved::Failed { reason, .. } => reason.clone(),
        Saved::Waiting { reason, .. } => format!("waiting for the database ({reason})"),
        _ => "the agenda's latest timings are not written yet".to_owned(),
    };
    let lines = vec![
        Line::styled("Quit with changes not saved?", t.heading),
        Line::raw(""),
        Line::raw(format!("Not saved: {reason}.")),
        Line::raw("Quitting now loses them; staying retries on the next change."),
        Line::raw(""),
        Line::from(vec![
            Span::styled(yes_keys(model), t.key),
            Span::raw(" quit · any other key stays"),
        ]),
    ];
    question(model, area, buf, 66, " Quit? ", lines, Alignment::Center);
}

/// "y or q": the keys that answer yes to the quit question, from the live keymap.
fn yes_keys(model: &Model) -> String {
    let mut keys: Vec<String> = model
        .keymap
        .keys(Context::Confirm, Action::Yes)
        .iter()
        .chain(model.keymap.keys(Context::Everywhere, Action::Quit).first())
        .map(|k| k.label())
        .collect();
    keys.dedup();
    keys.join(" or ")
}

/// A question or notice in a bordered box over the screen, centred, as tall as its lines
/// need once wrapped, and never taller than the screen.
pub(crate) fn question(
    model: &Model,
    area: Rect,
    buf: &mut Buffer,
    width: u16,
    title: &str,
    lines: Vec<Line<'_>>,
    alignment: Alignment,
) {
    let t = &model.theme;
    let inner_width = width.min(area.width).saturating_sub(2);
    let height = lines
        .iter()
        .map(|l| wrapped_height(&l.to_string(), inner_width))
        .fold(2u16, u16::saturating_add);
    let popup = centered(area, width, height);
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(
            ratatui::widgets::Block::bordered()
                .border_style(t.border_focus)
                .style(t.base)
                .title(Line::styled(title.to_owned(), t.title)),
        )
        .alignment(alignment)
        .wrap(Wrap { trim: false })
        .render(popup, buf);
}

/// A box of at most `width`×`height`, centred and clamped to `area`.
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Cuts text to `max` columns, marking the cut with "…".
/// A screen's bordered panel with its title (cut to fit), drawn; the area inside it, or
/// `None` when that is too small to draw the screen in (under 20 × 4).
pub(crate) fn panel(
    t: &crate::theme::Theme,
    title: &str,
    area: Rect,
    buf: &mut Buffer,
) -> Option<Rect> {
    let block = ratatui::widgets::Block::bordered()
        .border_style(t.border)
        .title(Line::styled(
            truncate(title, area.width.saturating_sub(4) as usize),
            t.title,
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    (inner.height >= 4 && inner.width >= 20).then_some(inner)
}

pub(crate) fn truncate(text: &str, max: usize) -> String {
    crate::text::cut_to_width(text, max)
}

/// "23:41", or "1:05:00" from an hour up. Rounds up, so a fresh 45-minute segment reads 45:00.
pub(crate) fn clock(d: TimeDelta) -> String {
    crate::room::clock(d)
}

/// Overtime, rounded down: the first second past the end reads "0:00" over, not "0:01".
pub(crate) fn clock_over(d: TimeDelta) -> String {
    clock(TimeDelta::seconds(d.num_seconds().max(0)))
}

/// How the current segment's time stands: a symbol, words, and the style for them. The symbol
/// and words carry the meaning; colour only adds to it.
pub(crate) fn time_status(model: &Model) -> (&'static str, String, Style) {
    let t = &model.theme;
    let run = &model.run;
    let remaining = run.remaining(&model.script, model.now);
    let over = clock_over(-remaining);
    let left = clock(remaining);
    match (run.state, run.phase(&model.script, model.now)) {
        (RunState::NotStarted, _) => ("·", "not started".to_owned(), t.muted),
        (RunState::Finished, _) => ("✓", "finished".to_owned(), t.done),
        (RunState::Paused, TimePhase::Over) => ("‖", format!("paused · OVER {over}"), t.over),
        (RunState::Paused, _) => ("‖", format!("paused · {left} left"), t.paused),
        (RunState::Running, TimePhase::Over) => ("⏰", format!("OVER {over}"), t.over),
        (RunState::Running, TimePhase::Low) => ("⚠", format!("{left} left"), t.low),
        (RunState::Running, TimePhase::Plenty) => ("▶", format!("{left} left"), t.current),
    }
}

/// "Running 4 min late — ends 13:04 (planned 13:00)", or its on-time and early forms; the
/// short form ("4 min late · ends 13:04") where the long one does not fit `width`.
pub(crate) fn projection(model: &Model, width: usize) -> String {
    let script = &model.script;
    let run = &model.run;
    let planned_end = run.planned_end(script, model.now);
    let starts = run.planned_starts(script, model.now);
    let end = run.projected_end(script, model.now);
    let late = run.minutes_late(script, model.now);
    let hm = |t: NaiveDateTime| t.format("%H:%M").to_string();
    let off = |n: i64| {
        if n.abs() == 1 {
            "1 min".to_owned()
        } else {
            format!("{} min", n.abs())
        }
    };
    let (end, planned) = (hm(end), hm(planned_end));
    let (long, short) = match run.state {
        // Before its day the plan is read on its day, not against this one's clock.
        RunState::NotStarted if model.day == crate::app::Day::Preparing => {
            let w = &script.workshop;
            let on = w.date.format("%a %-d %b");
            let starts = w.start.format("%H:%M");
            (
                format!("Starts {on} at {starts} · ends {planned} as planned"),
                format!("Starts {on} {starts}"),
            )
        }
        RunState::NotStarted => {
            let planned_start = hm(starts[run.current]);
            if model.now <= starts[run.current] {
                (
                    format!("Starts {planned_start} · ends {planned} as planned"),
                    format!("Starts {planned_start} · ends {planned}"),
                )
            } else if late > 0 {
                (
                    format!(
                        "Not started — {} behind · ends {end} (planned {planned})",
                        off(late)
                    ),
                    format!("{} behind · ends {end}", off(late)),
                )
            } else {
                (
                    format!("Not started · ends {planned} as planned"),
                    format!("Ends {planned}"),
                )
            }
        }
        RunState::Finished => {
            let how = match late {
                0 => "on time".to_owned(),
                n if n > 0 => format!("{} late", off(n)),
                n => format!("{} early", off(n)),
            };
            (
                format!("Finished at {end} — {how}"),
                format!("Ended {end} · {how}"),
            )
        }
        RunState::Running | RunState::Paused => match late {
            0 => (
                format!("On time — ends {end}"),
                format!("On time · ends {end}"),
            ),
            n if n > 0 => {
                // The way back to time, for the facilitator's eyes (the room's view has its
                // own screens): what may go, and the key that takes it.
                let can: u32 = run.rebalance(script, model.now).iter().map(|p| p.1).sum();
                let key = model.hint(Context::Agenda, Action::Rebalance);
                let long = format!("Running {} late — ends {end} (planned {planned})", off(n));
                let with = format!("{long} · {key} takes {can} min from flexible items");
                (
                    if can > 0 && model.seat.moves_agenda() && with.width() <= width {
                        with
                    } else {
                        long
                    },
                    format!("{} late · ends {end}", off(n)),
                )
            }
            n => (
                format!("{} ahead — ends {end} (planned {planned})", off(n)),
                format!("{} ahead · ends {end}", off(n)),
            ),
        },
    };
    if long.width() <= width {
        long
    } else {
        truncate(&short, width)
    }
}

/// A segment's title by id, or "—" for none (a note or action taken before any segment, or
/// of a segment the script no longer has).
pub(crate) fn segment_title(model: &Model, id: Option<&str>) -> String {
    id.and_then(|id| model.script.segments.iter().find(|s| s.id == id))
        .map_or_else(|| "—".to_owned(), |s| s.title.clone())
}

/// A grouping's or principle's summary over its description, as the full-screen views show it.
pub(crate) fn wording_lines(
    wording: &crate::thrive::Wording,
    heading: Style,
) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(wording.summary.clone(), heading),
        Line::raw(""),
    ];
    lines.extend(text_lines(&wording.description, Style::new()));
    lines
}

/// Text that may hold line breaks (a site's wording, projected text) as lines: a `Line` with
/// a newline inside would run the two lines together.
pub(crate) fn text_lines(text: &str, style: Style) -> Vec<Line<'static>> {
    text.lines()
        .map(|l| Line::styled(l.to_owned(), style))
        .collect()
}

/// Rows `text` takes when word-wrapped to `width` columns (as `Paragraph` with `trim` wraps
/// it, closely enough to decide whether a block of text fits whole).
pub(crate) fn wrapped_height(text: &str, width: u16) -> u16 {
    u16::try_from(wrap(text, width).len()).unwrap_or(u16::MAX)
}

/// Word-wraps `text` to `width` display columns: each line break starts a new line, words
/// too wide for a line are broken, and wide characters (CJK, emoji) count two columns.
pub(crate) fn wrap(text: &str, width: u16) -> Vec<String> {
    wrap_at_most(text, width, usize::MAX)
}

/// [`wrap`], stopping once it has more than `most` lines: a frame lays out only what it can
/// show, so a note of megabytes costs no more to draw than a screenful.
/// At most the first `bytes` bytes of `text`, cut at a character.
fn prefix(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The width of `word`, counted no further than `limit`.
fn width_upto(word: &str, limit: usize) -> usize {
    let mut used = 0;
    for c in word.chars() {
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used > limit {
            break;
        }
    }
    used
}

pub(crate) fn wrap_at_most(text: &str, width: u16, most: usize) -> Vec<String> {
    let width = usize::from(width.max(1));
    // No more of the text is looked at than `most` lines could hold (with room for wide
    // and combining characters): a note of megabytes costs what its first screen costs.
    let text = prefix(
        text,
        (most.saturating_add(2))
            .saturating_mul(width + 1)
            .saturating_mul(8),
    );
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        if lines.len() > most {
            return lines;
        }
        let mut line = String::new();
        let mut used = 0usize;
        for word in paragraph.split_whitespace() {
            // Measured only as far as a line: one unbroken word of megabytes costs a line's
            // worth of work, not its whole length.
            let w = width_upto(word, width + 1);
            if used > 0 && used + 1 + w <= width {
                line.push(' ');
                line.push_str(word);
                used += 1 + w;
                continue;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
                if lines.len() > most {
                    return lines;
                }
            }
            if w <= width {
                line.push_str(word);
                used = w;
                continue;
            }
            // Too wide for any line: break it by characters.
            for c in word.chars() {
                let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if used + cw > width && used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                    if lines.len() > most {
                        return lines;
                    }
                }
                line.push(c);
                used += cw;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod wrap_tests {
    use super::*;

    /// A note of megabytes costs a frame no more than a screenful (issue 11, item 15).
    #[test]
    fn flags_reach_the_terminal_as_letters_of_the_same_width() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        buf.set_string(0, 0, "🇬🇧🇫🇷x", Style::default());
        for_the_terminal(&mut buf);
        assert_eq!(buffer_text(&buf), "GBFRx\n");
        assert_eq!(buf[(0, 0)].symbol(), "GB");
        assert_eq!(buf[(2, 0)].symbol(), "FR");
        assert_eq!(buf[(4, 0)].symbol(), "x");
    }

    #[test]
    fn wrapping_stops_at_what_can_be_shown() {
        let huge = "word ".repeat(2_000_000);
        let lines = wrap_at_most(&huge, 80, 30);
        // One unbroken word is cut as soon as the room is full, too.
        let word = "x".repeat(1_000_000);
        assert!(wrap_at_most(&word, 80, 30).len() <= 31);
        assert_eq!(lines.len(), 31);
        assert_eq!(wrap_at_most("a b", 80, 30), wrap("a b", 80));
    }
}

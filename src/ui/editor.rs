//! The text field over any screen (a note, an action, a filter), the recovered-draft
//! question and the delete question. The field says what its keys do and when its draft was
//! last kept; an action shows what it will be read as before it is saved.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::truncate;
use crate::app::Model;
use crate::app::editor::{Editor, Purpose};
use crate::app::keymap::{Action, Context};
use crate::event::capture;
use crate::event::record::{Draft, DraftSlot};

/// How many rows `line` takes wrapped at `width` columns.
fn rows(line: &Line<'_>, width: u16) -> u16 {
    let w = line.width().max(1);
    u16::try_from(w.div_ceil(usize::from(width.max(1)))).unwrap_or(u16::MAX)
}

pub fn render(model: &Model, editor: &Editor, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let multiline = editor.multiline();
    // As wide as a line of speech needs, and wider with the window: at 160 columns and up a
    // long service line still fits on one row.
    let width = area.width.min(100).max(area.width * 9 / 10).min(area.width);
    let inner_width = width.saturating_sub(2);
    let preview = match editor.purpose {
        Purpose::Record(DraftSlot::NewAction | DraftSlot::EditAction(_)) => {
            action_preview(model, editor)
        }
        Purpose::Record(DraftSlot::NewService) => service_preview(model, editor),
        _ => Vec::new(),
    };
    let problem = editor
        .problem
        .as_ref()
        .map(|p| Line::styled(p.clone(), t.over));
    let text_rows: u16 = if multiline {
        (area.height / 3).clamp(3, 12)
    } else {
        // A long line wraps, so its start stays in sight (one column kept for the cursor).
        let typed = Line::raw(format!("{} ", editor.text()));
        rows(&typed, inner_width).clamp(1, 4)
    };
    let extra_rows: u16 = preview
        .iter()
        .chain(problem.iter())
        .map(|l| rows(l, inner_width))
        .sum();
    let height = (text_rows + extra_rows + 2).min(area.height);
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.bottom().saturating_sub(height + 1).max(area.y),
        width,
        height,
    );
    Clear.render(popup, buf);
    buf.set_style(popup, t.base);

    let save = model.hint(Context::Editor, Action::Save);
    let newline = model.hint(Context::Editor, Action::Newline);
    let cancel = model.hint(Context::Editor, Action::Cancel);
    let keys = match editor.purpose {
        Purpose::Filter(_) => format!(" {save} keeps the filter · {cancel} clears it "),
        Purpose::Folder => format!(" {save} uses this folder · {cancel} keeps the one before "),
        Purpose::Candidate | Purpose::Voter => {
            format!(" {save} saves · {cancel} closes, unchanged ")
        }
        _ if multiline => {
            format!(" {save} saves · {newline} new line · {cancel} puts away (kept) ")
        }
        _ => format!(" {save} saves · {cancel} puts away (kept) "),
    };
    let drafted = editor
        .draft_saved_at
        .map(|at| format!(" draft kept {} ", at.format("%H:%M:%S")))
        .unwrap_or_default();
    let block = Block::bordered()
        .border_style(t.border_focus)
        .title(Line::styled(
            truncate(&title(model, editor), width.saturating_sub(4) as usize),
            t.title,
        ))
        .title_bottom(Line::styled(keys, t.key))
        .title_bottom(Line::styled(drafted, t.muted).alignment(Alignment::Right));
    let inner = block.inner(popup);
    block.render(popup, buf);
    if inner.height == 0 {
        return;
    }
    let text_area = Rect {
        height: text_rows.min(inner.height),
        ..inner
    };
    let mut area_widget = editor.area.clone();
    area_widget.set_cursor_line_style(ratatui::style::Style::new());
    area_widget.set_style(t.base);
    area_widget.set_cursor_style(t.selected);
    (&area_widget).render(text_area, buf);

    // Every warning, wrapped: a problem cut at the box edge is a problem unread.
    let mut y = text_area.bottom();
    for line in preview.into_iter().chain(problem) {
        if y >= inner.bottom() {
            break;
        }
        let h = rows(&line, inner.width).min(inner.bottom() - y);
        Paragraph::new(line)
            .wrap(Wrap { trim: false })
            .render(Rect::new(inner.x, y, inner.width, h), buf);
        y += h;
    }
}

fn title(model: &Model, editor: &Editor) -> String {
    let segment = model
        .script
        .segments
        .get(model.run.current)
        .map(|s| s.title.as_str())
        .unwrap_or("");
    let at = model.now.format("%H:%M");
    match editor.purpose {
        Purpose::Record(DraftSlot::NewNote | DraftSlot::EditNote(_))
            if crate::event::capture::is_private(&editor.text()) =>
        {
            let key = model.hint(Context::Editor, Action::TogglePrivate);
            format!(" Private note · never on the projector · {key} makes it public ")
        }
        Purpose::Record(DraftSlot::NewNote) => format!(" New note · {at} · {segment} "),
        Purpose::Record(DraftSlot::EditNote(_)) => " Edit note ".to_owned(),
        Purpose::Record(DraftSlot::NewAction) => format!(" New action · {at} · {segment} "),
        Purpose::Record(DraftSlot::EditAction(_)) => " Edit action ".to_owned(),
        Purpose::Record(DraftSlot::NewService) => {
            format!(
                " Add a service · {} on the map ",
                model.record.services.len()
            )
        }
        Purpose::Filter(_) => " Filter ".to_owned(),
        Purpose::Folder => " Export into which folder? ".to_owned(),
        Purpose::Record(DraftSlot::Rationale(p, l)) => {
            format!(" Evidence · {} · {} ", p.name(), l.name())
        }
        Purpose::Candidate => " A candidate for the vote (#1–#5 tags its grouping) ".to_owned(),
        Purpose::Voter => " A table (or person) that votes ".to_owned(),
    }
}

/// What the action line will be read as: the grammar, then the fields found so far.
fn action_preview<'a>(model: &Model, editor: &Editor) -> Vec<Line<'a>> {
    let t = &model.theme;
    let parsed = capture::parse_action(&editor.text(), model.now.date());
    let fields = &parsed.fields;
    let mut found: Vec<Span> = vec![Span::styled("→ ", t.muted)];
    let mut push = |label: &str, value: String| {
        found.push(Span::styled(format!("{label} "), t.muted));
        found.push(Span::styled(format!("{value}  "), t.heading));
    };
    if !fields.owners.is_empty() {
        push("owners", crate::event::record::owners_text(&fields.owners));
    }
    if let Some(d) = fields.due {
        push("due", d.format("%a %-d %b %Y").to_string());
    }
    if let Some(g) = fields.grouping {
        push("grouping", g.short_name().to_owned());
    }
    if let Some(p) = fields.principle {
        push("principle", p.name().to_owned());
    }
    let mut lines = vec![Line::styled(
        "type: what to do  @owner  due:fri / next tue / +2w / 3 Dec  #grouping",
        t.muted,
    )];
    if found.len() > 1 {
        lines.push(Line::from(found));
    }
    for unread in &parsed.unread {
        lines.push(Line::styled(format!("⚠ {unread}"), t.low));
    }
    lines
}

/// What the service line will be read as, and whether its name is already on the map.
fn service_preview<'a>(model: &Model, editor: &Editor) -> Vec<Line<'a>> {
    let t = &model.theme;
    let text = editor.text();
    let read = crate::map::line::parse(&text, &model.catalog());
    let f = &read.fields;
    let mut found: Vec<Span> = vec![Span::styled("→ ", t.muted)];
    let mut push = |label: &str, value: String| {
        if !value.is_empty() {
            found.push(Span::styled(format!("{label} "), t.muted));
            found.push(Span::styled(format!("{value}  "), t.heading));
        }
    };
    push("provider", f.provider.clone());
    push("sector", f.sector.clone().unwrap_or_default());
    push("ages", f.ages.map(|a| a.to_string()).unwrap_or_default());
    push("route", f.access_route.clone());
    push("locality", f.localities.to_string());
    push("groupings", f.groupings.numbers());
    push("notes", truncate(&f.notes, 30));
    let mut lines = vec![Line::styled(
        "type: name / provider / sector / 11-25 / route / @locality / #2 #3 / notes: …",
        t.muted,
    )];
    if found.len() > 1 {
        lines.push(Line::from(found));
    }
    let named = !crate::map::duplicate_key(&f.name).is_empty();
    let duplicate = named
        .then(|| {
            model
                .record
                .services
                .iter()
                .find(|s| crate::map::same_service(&s.fields, f))
        })
        .flatten();
    // The same name offered in other localities is another service: said, not asked.
    let elsewhere: Vec<&str> = if named && duplicate.is_none() {
        let key = crate::map::duplicate_key(&f.name);
        model
            .record
            .services
            .iter()
            .filter(|s| crate::map::duplicate_key(&s.fields.name) == key)
            .flat_map(|s| s.fields.localities.names().iter().map(String::as_str))
            .collect()
    } else {
        Vec::new()
    };
    if !text.trim().is_empty() {
        for problem in &read.problems {
            lines.push(Line::styled(format!("⚠ {problem}"), t.low));
        }
    }
    let unknown = model.catalog().unknown_localities(&f.localities);
    // Once asked (the first Enter), the question below the field says it; not twice.
    if !unknown.is_empty() && editor.problem.is_none() {
        let save = model.hint(Context::Editor, Action::Save);
        lines.push(Line::styled(
            format!(
                "⚠ {}",
                crate::map::new_locality_question(&unknown, &format!("{save}, then {save} again,"))
            ),
            t.low,
        ));
    }
    if let Some(d) = duplicate {
        lines.push(Line::styled(
            format!(
                "⚠ “{}” is already on the map — saving offers to merge",
                truncate(&d.fields.name, 40)
            ),
            t.low,
        ));
    } else if !elsewhere.is_empty() {
        lines.push(Line::styled(
            format!(
                "“{}” is also on the map in {} — this one is another service",
                truncate(&f.name, 40),
                truncate(&elsewhere.join(", "), 40)
            ),
            t.muted,
        ));
    }
    lines
}

/// "A service of this name is on the map": merge, add anyway, or back to the text.
pub fn duplicate(
    model: &Model,
    pending: &crate::app::map::PendingService,
    area: Rect,
    buf: &mut Buffer,
) {
    let t = &model.theme;
    let existing = model
        .record
        .services
        .iter()
        .find(|s| s.id == pending.existing);
    let merge = model.hint(Context::Duplicate, Action::MergeDuplicate);
    let add = model.hint(Context::Duplicate, Action::AddAnyway);
    let back = model.hint(Context::Duplicate, Action::Cancel);
    let mut lines = vec![
        Line::styled(
            format!(
                "“{}” is already on the map",
                truncate(&pending.fields.name, 50)
            ),
            t.heading,
        ),
        Line::raw(""),
    ];
    if let Some(s) = existing {
        lines.push(Line::from(super::map::summary_spans(model, s)));
        lines.push(Line::raw(""));
    }
    lines.push(Line::from(vec![
        Span::styled(merge, t.key),
        Span::raw(" merge into it (groupings and details together) · "),
        Span::styled(add, t.key),
        Span::raw(" add as another service · "),
        Span::styled(back, t.key),
        Span::raw(" back to the text"),
    ]));
    super::question(model, area, buf, 76, " Same name ", lines, Alignment::Left);
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Another console changed (or deleted) what this one saved: theirs and mine side by side,
/// and whose to keep.
pub fn clash(model: &Model, q: &crate::app::clash::Question, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let key = |a| model.hint(Context::Clash, a);
    let width = area.width.min(84);
    let room = usize::from(width.saturating_sub(14));
    let mut lines = Vec::new();
    if q.gone {
        lines.push(Line::styled(
            format!("{} was deleted in another console", capitalised(&q.what())),
            t.heading,
        ));
        lines.push(Line::raw("while you were changing it here."));
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled(key(Action::KeepMine), t.key),
            Span::raw(" save yours as new · "),
            Span::styled(key(Action::KeepTheirs), t.key),
            Span::raw(" let it go · "),
            Span::styled(key(Action::Cancel), t.key),
            Span::raw(" back to your text"),
        ]));
    } else {
        lines.push(Line::styled(
            format!("{} was changed in another console", capitalised(&q.what())),
            t.heading,
        ));
        lines.push(Line::raw("while you were changing it here."));
        for c in &q.clashes {
            lines.push(Line::raw(""));
            lines.push(Line::styled(c.field.to_owned(), t.heading));
            for (who, text) in [("theirs", &c.theirs), ("yours ", &c.mine)] {
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                lines.push(Line::from(vec![
                    Span::styled(format!("  {who}  "), t.muted),
                    Span::raw(truncate(
                        if text.is_empty() { "(empty)" } else { &text },
                        room,
                    )),
                ]));
            }
        }
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled(key(Action::KeepMine), t.key),
            Span::raw(" keep yours · "),
            Span::styled(key(Action::KeepTheirs), t.key),
            Span::raw(" keep theirs · "),
            Span::styled(key(Action::KeepBoth), t.key),
            Span::raw(" both (yours added to the text) · "),
            Span::styled(key(Action::Cancel), t.key),
            Span::raw(" back"),
        ]));
    }
    super::question(
        model,
        area,
        buf,
        width,
        " Saved elsewhere too ",
        lines,
        Alignment::Left,
    );
}

pub fn confirm_delete_service(
    model: &Model,
    id: crate::map::ServiceId,
    area: Rect,
    buf: &mut Buffer,
) {
    let name = model
        .record
        .services
        .iter()
        .find(|s| s.id == id)
        .map_or("", |s| s.fields.name.as_str());
    let question = "Delete this service from the map?";
    confirm_delete_of(model, question, name, Context::Map, area, buf);
}

/// The delete question: what is deleted, quoted, and the keys that delete it and undo it.
fn confirm_delete_of(
    model: &Model,
    question: &str,
    what: &str,
    screen: Context,
    area: Rect,
    buf: &mut Buffer,
) {
    let t = &model.theme;
    let yes = model.hint(Context::Confirm, Action::Yes);
    let undo = model.hint(screen, Action::Undo);
    let lines = vec![
        Line::styled(question.to_owned(), t.heading),
        Line::raw(""),
        Line::raw(format!("“{}”", truncate(what, 120))),
        Line::raw(""),
        Line::from(vec![
            Span::styled(yes, t.key),
            Span::raw(" deletes · any other key keeps it · "),
            Span::styled(undo, t.key),
            Span::raw(" undoes a delete"),
        ]),
    ];
    super::question(model, area, buf, 64, " Delete? ", lines, Alignment::Center);
}

pub fn recover(model: &Model, draft: &Draft, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let keep = model.hint(Context::Recover, Action::KeepDraft);
    let discard = model.hint(Context::Recover, Action::DiscardDraft);
    let later = model.hint(Context::Recover, Action::Cancel);
    let what = match draft.slot {
        DraftSlot::NewNote | DraftSlot::EditNote(_) => "a note",
        DraftSlot::NewAction | DraftSlot::EditAction(_) => "an action",
        DraftSlot::NewService => "a service",
        DraftSlot::Rationale(..) => "the evidence for a cell of the assessment",
    };
    let more = model.record.recovered.len();
    let heading = format!(
        "Recovered {what} you were writing at {}{}",
        draft.saved_at.format("%H:%M"),
        if more > 0 {
            format!(" ({more} more after it)")
        } else {
            String::new()
        }
    );
    let keys = Line::from(vec![
        Span::styled(keep, t.key),
        Span::raw(" keep it · "),
        Span::styled(discard, t.key),
        Span::raw(" throw it away · "),
        Span::styled(later, t.key),
        Span::raw(" decide later"),
    ]);
    let width = area.width.min(72);
    let inner_width = width.saturating_sub(2);
    // The keys always show: the draft gets what room is left, and says if it is cut.
    let room = area.height.saturating_sub(2 + 4).max(1);
    let text = super::wrap(&draft.text, inner_width);
    let shown = text.len().min(usize::from(room));
    let mut lines = vec![Line::styled(heading, t.heading), Line::raw("")];
    lines.extend(
        text.iter()
            .take(shown)
            .map(|l| Line::styled(l.clone(), t.base)),
    );
    if shown < text.len() {
        lines.push(Line::styled(
            format!("… {} more lines", text.len() - shown),
            t.muted,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(keys);
    super::question(
        model,
        area,
        buf,
        width,
        " Recovered draft ",
        lines,
        Alignment::Left,
    );
}

pub fn confirm_delete(
    model: &Model,
    id: crate::event::record::NoteId,
    area: Rect,
    buf: &mut Buffer,
) {
    let text = model
        .record
        .notes
        .iter()
        .find(|n| n.id == id)
        .map_or("", |n| n.text.as_str());
    confirm_delete_of(model, "Delete this note?", text, Context::Notes, area, buf);
}

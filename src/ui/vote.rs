//! The dot vote at the console: the voters across the top with their dots left (the selected
//! one marked), then the candidates with the selected voter's dots and everyone's, in the
//! order added until the reveal and by rank after it. The room's view of the same vote is
//! blind until the reveal; the console is the facilitator's and shows the counts.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::truncate;
use crate::app::Model;
use crate::app::keymap::{Action, Context};
use crate::event::vote::{self, Vote};

pub fn render(model: &Model, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let v = &model.record.vote;
    let rules = model.vote_rules();
    let reveal = model.hint(Context::Priorities, Action::Reveal);
    let state = if v.revealed {
        format!("REVEALED to the room ({reveal} hides it)")
    } else {
        format!("blind: the room sees no dots ({reveal} reveals)")
    };
    let title = format!(
        " Priorities · {} each{} · {state} ",
        vote::dots_words(rules.dots),
        rules
            .per_candidate
            .map(|m| format!(", at most {m} on one"))
            .unwrap_or_default()
    );
    let Some(inner) = super::panel(t, &title, area, buf) else {
        return;
    };
    let view = &model.vote_view;
    let voters = model.voters();
    // The voters, packed into lines: "1 Table 1 ●●○" — the selected one reversed and ▶.
    let mut lines: Vec<Vec<Span<'static>>> = vec![vec![Span::styled("Voters  ", t.muted)]];
    let mut used = 8usize;
    if voters.is_empty() {
        let key = model.hint(Context::Priorities, Action::AddVoter);
        lines[0].push(Span::styled(
            format!("none yet — {key} adds a table, or name them in the script (voters = [...])"),
            t.muted,
        ));
    }
    for (i, name) in voters.iter().enumerate() {
        let spent = v.spent(name);
        let left = rules.dots.saturating_sub(spent);
        let chosen = i == view.voter;
        let label = format!(
            "{}{} {name} {}{}",
            if chosen { "▶" } else { " " },
            i + 1,
            "●".repeat(spent.min(vote::MAX_DOTS) as usize),
            "○".repeat(left.min(vote::MAX_DOTS) as usize),
        );
        let style = if chosen {
            t.selected.add_modifier(Modifier::BOLD)
        } else if left == 0 {
            t.done
        } else {
            t.heading
        };
        let w = label.width() + 2;
        if used + w > inner.width as usize && used > 8 {
            lines.push(vec![Span::raw("        ")]);
            used = 8;
        }
        used += w;
        if let Some(line) = lines.last_mut() {
            line.push(Span::styled(label, style));
            line.push(Span::raw("  "));
        }
    }
    // At most four lines of voters (forty tables at 80 columns need five).
    let keep = lines.len().min(4);
    let voter_height = keep as u16;
    for (n, spans) in lines.into_iter().take(keep).enumerate() {
        Line::from(spans).render(Rect::new(inner.x, inner.y + n as u16, inner.width, 1), buf);
    }
    let selected_voter = voters.get(view.voter).cloned();
    let list = Rect {
        y: inner.y + voter_height + 1,
        height: inner.height.saturating_sub(voter_height + 3),
        ..inner
    };
    candidates(model, selected_voter.as_deref(), list, buf);
    // The foot: what Enter would do, and the dots not yet spent.
    let foot_y = inner.bottom() - 1;
    let chosen = model.vote_chosen();
    let enter = model.hint(Context::Priorities, Action::MakeActions);
    let pick = model.hint(Context::Priorities, Action::Pick);
    let what = if !view.picked.is_empty() {
        format!("{enter} makes actions of the {} picked", view.picked.len())
    } else if v.revealed && !chosen.is_empty() {
        format!(
            "{enter} makes actions of the top {} ({} with ties) · {pick} picks others",
            rules.top,
            chosen.len()
        )
    } else if v.revealed {
        "no dots yet: nothing to make actions of".to_owned()
    } else {
        format!(
            "after the reveal, {enter} makes actions of the top {}",
            rules.top
        )
    };
    let foot = format!("{} unspent · {what}", vote::dots_words(v.unspent(&rules)));
    Line::styled(truncate(&foot, inner.width as usize), t.muted)
        .render(Rect::new(inner.x, foot_y, inner.width, 1), buf);
}

fn candidates(model: &Model, voter: Option<&str>, area: Rect, buf: &mut Buffer) {
    let t = &model.theme;
    let v = &model.record.vote;
    let view = &model.vote_view;
    if area.height < 2 {
        return;
    }
    if v.candidates.is_empty() {
        let add = model.hint(Context::Priorities, Action::AddCandidate);
        let gap = model.hint(Context::Coverage, Action::Candidate);
        let lines = vec![
            Line::styled("No candidates yet.", t.heading),
            Line::styled(
                format!(
                    "{gap} on the gaps list (or on a note or an action) puts it to the vote; {add} types one here."
                ),
                t.muted,
            ),
        ];
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .render(area, buf);
        return;
    }
    // Revealed, the console reads as the room does: by rank, places shared by ties.
    let order: Vec<(String, usize)> = if v.revealed {
        v.ranking()
            .iter()
            .map(|r| (Vote::place_words(r), r.candidate))
            .collect()
    } else {
        (0..v.candidates.len())
            .map(|i| (format!("{}.", i + 1), i))
            .collect()
    };
    let voter_name = voter.unwrap_or("—");
    let mine_width = (voter_name.width().max(6) + 1).min(14);
    let head = format!(
        "  {:<5} {:<w$} {:>4}  Candidate",
        if v.revealed { "Place" } else { "No." },
        truncate(voter_name, mine_width - 1),
        "All",
        w = mine_width
    );
    Line::styled(
        truncate(&head, area.width as usize),
        t.muted.add_modifier(Modifier::BOLD),
    )
    .render(Rect::new(area.x, area.y, area.width, 1), buf);
    let rows = (area.height - 1) as usize;
    let at = order
        .iter()
        .position(|&(_, i)| i == view.candidate)
        .unwrap_or(0);
    let start = at.saturating_sub(rows.saturating_sub(1));
    let known: std::collections::BTreeSet<_> = model.record.actions.iter().map(|a| a.id).collect();
    for (n, (place, i)) in order.iter().skip(start).take(rows).enumerate() {
        let c = &v.candidates[*i];
        let chosen = *i == view.candidate;
        let picked = view.picked.contains(&c.id);
        let mine = voter.map_or(0, |name| v.on(c.id, name));
        let total = v.total(c.id);
        let lead = match (chosen, picked) {
            (true, true) => "▶x",
            (true, false) => "▶ ",
            (false, true) => " x",
            _ => "  ",
        };
        let made = if c.action.is_some_and(|a| known.contains(&a)) {
            " → action"
        } else {
            ""
        };
        // A gap's sentence says its grouping and place already; say only where it came from.
        let text = format!("{}{made}  · {}", c.text, c.origin.slug());
        let fixed = format!(
            "{lead}{place:<5} {:<w$} {total:>4}  ",
            vote::dots_drawn(mine, mine_width - 1),
            w = mine_width
        );
        let rest = (area.width as usize).saturating_sub(fixed.width());
        let style = if chosen {
            t.selected.add_modifier(Modifier::BOLD)
        } else {
            t.heading
        };
        Line::from(vec![
            Span::styled(fixed, if chosen { style } else { t.accent }),
            Span::styled(truncate(&text, rest), style),
        ])
        .render(Rect::new(area.x, area.y + 1 + n as u16, area.width, 1), buf);
    }
}

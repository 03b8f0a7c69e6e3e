//! Actions with a due date as a calendar (RFC 5545): each one an all-day event on its due
//! date, which every calendar imports (to-dos are not imported by most). Its UID is the
//! action's thread — the same action carried from one event of a series to the next keeps
//! it — and its SEQUENCE counts the seconds to its last change, so importing a later export
//! updates the entry instead of adding a second one. Lines end CRLF and fold at 75 octets.

use chrono::{DateTime, Utc};

use super::{Document, clean};
use crate::event::record::Status;

/// The domain part of every UID: names this program as the one that made it.
const UID_DOMAIN: &str = "thrive.events";

pub(super) fn actions(doc: &Document, stamp: DateTime<Utc>) -> String {
    let mut out = String::new();
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        &format!("PRODID:-//thrive//thrive {}//EN", env!("CARGO_PKG_VERSION")),
    );
    // No METHOD: this is a calendar file to import, not a scheduling message (RFC 5546).
    line(&mut out, "CALSCALE:GREGORIAN");
    line(
        &mut out,
        &format!(
            "X-WR-CALNAME:{}",
            text(&format!("Actions · {}", doc.event.title))
        ),
    );
    let from = format!(
        "{}, {}",
        doc.event.title,
        doc.event.date.format("%-d %B %Y")
    );
    for a in &doc.actions {
        let Some(due) = a.due else { continue };
        line(&mut out, "BEGIN:VEVENT");
        let thread = if a.thread.is_empty() {
            &a.uid
        } else {
            &a.thread
        };
        line(&mut out, &format!("UID:{}@{UID_DOMAIN}", uid(thread)));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{}", due.format("%Y%m%d")),
        );
        let next = due.succ_opt().unwrap_or(due);
        line(
            &mut out,
            &format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
        );
        line(
            &mut out,
            &format!(
                "SEQUENCE:{}",
                sequence(a.updated_at.unwrap_or(a.created_at))
            ),
        );
        let summary = match a.status {
            Status::Done => format!("Done: {}", a.text),
            Status::Dropped => format!("Dropped: {}", a.text),
            _ => a.text.clone(),
        };
        line(&mut out, &format!("SUMMARY:{}", text(&summary)));
        let mut about = Vec::new();
        if !a.owners.is_empty() {
            about.push(format!("Owners: {}", a.owners.join(", ")));
        }
        about.push(format!("Status: {}", a.status.name()));
        if let Some(g) = a.grouping {
            about.push(format!("Grouping: {}", g.name()));
        }
        if let Some(p) = a.principle {
            about.push(format!("Principle: {}", p.name()));
        }
        let agreed = match doc.segment_title(a.segment.as_deref()) {
            Some(segment) => format!("Agreed at: {from} ({segment})"),
            None => format!("Agreed at: {from}"),
        };
        about.push(agreed);
        line(
            &mut out,
            &format!("DESCRIPTION:{}", text(&about.join("\n"))),
        );
        let mut categories = vec!["THRIVE".to_owned()];
        categories.extend(a.grouping.map(|g| g.name().to_owned()));
        let categories: Vec<String> = categories.iter().map(|c| text(c)).collect();
        line(&mut out, &format!("CATEGORIES:{}", categories.join(",")));
        let status = if a.status == Status::Dropped {
            "CANCELLED"
        } else {
            "CONFIRMED"
        };
        line(&mut out, &format!("STATUS:{status}"));
        // An action is a reminder, not a meeting: the day stays free.
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// A revision number that only grows: the seconds from 2020 to the action's last change.
/// A later change, here or at the next event of the series, always counts higher.
fn sequence(changed: chrono::NaiveDateTime) -> i64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(2020, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    // SEQUENCE is a 32-bit integer to most calendars (enough until 2088).
    (changed - epoch)
        .num_seconds()
        .clamp(0, i64::from(i32::MAX))
}

/// A uid as a UID value: only the characters thrive's uids are made of, whatever a file said.
fn uid(name: &str) -> String {
    name.chars()
        .map(|c| if crate::text::is_name_char(c) { c } else { '-' })
        .collect()
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, line breaks
/// written `\n`.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded (§3.1): no line longer than 75 octets, each continuation
/// starting with a space, never splitting a character.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        // The first line holds 75 octets; a continuation's leading space is one of its 75.
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut out = String::new();
        let long = format!(
            "SUMMARY:{}",
            "Ask the school nurses — all of them — ".repeat(6)
        );
        line(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l:?}", l.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }

    #[test]
    fn text_values_escape_what_ics_reserves() {
        assert_eq!(text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }
}

//! Reading an event document back (`thrive import-event`): JSON or TOML, told apart by what
//! the file starts with. Every problem is located — the parser's own line and column, or for
//! a value that parses but cannot be right, the record it is in — and said with what to do.

use std::ops::Range;

use super::{Document, FORMAT, VERSION};
use crate::diagnostic::{Diagnostic, Report};
use crate::map::MAX_AGE;
use crate::script::Script;

/// A document read and checked, with its script.
#[derive(Debug, Clone)]
pub struct Read {
    pub document: Document,
    pub script: Script,
}

/// Reads the document in `bytes`; `path` names the file in messages.
pub fn read(path: &str, bytes: &[u8]) -> Result<Read, Report> {
    let text = crate::source::read(path, bytes)?;
    let at = |span: Range<usize>, message: String, help: &str| {
        Report::single(
            path,
            text.as_str(),
            Diagnostic::at(span, message).help(help),
        )
    };
    let json = text.trim_start().starts_with('{');
    let parsed: Result<Document, (Range<usize>, String)> = if json {
        serde_json::from_str(&text).map_err(|e| {
            let offset = offset_of(&text, e.line(), e.column());
            (offset..offset + 1, without_position(&e.to_string()))
        })
    } else {
        toml::from_str(&text).map_err(|e| (e.span().unwrap_or(0..0), e.message().to_owned()))
    };
    let mut doc = match parsed {
        Ok(d) => d,
        Err((span, message)) => {
            let help = if text.contains(FORMAT) {
                "fix that line, or export the event again with thrive export --format json"
            } else {
                "this does not look like an event exported by thrive (thrive export --format json or toml)"
            };
            return Err(at(span, format!("not an event document: {message}"), help));
        }
    };
    let whole = 0..text.find(['\n']).unwrap_or(text.len()).min(80);
    if doc.format != FORMAT {
        return Err(at(
            find(&text, "format").unwrap_or(whole),
            format!(
                "`format` is “{}”, not “{FORMAT}”",
                crate::text::printable(&doc.format)
            ),
            "import-event reads the JSON or TOML that thrive export writes",
        ));
    }
    if doc.version > VERSION || doc.version == 0 {
        return Err(at(
            find(&text, "version").unwrap_or(whole),
            format!(
                "this document is version {}; this thrive reads version {VERSION}",
                doc.version
            ),
            "import it with the thrive that wrote it, or a newer one",
        ));
    }
    clean(&mut doc);
    let script = crate::script::parse("the document's script", doc.script.as_bytes()).map_err(
        |report| {
            let first = report
                .diagnostics
                .first()
                .map(|d| crate::text::printable(&d.message))
                .unwrap_or_default();
            at(
                find(&text, "script").unwrap_or(whole),
                format!("its copy of the workshop script does not read: {first}"),
                "the script is kept as it was run; export the event again, or fix the script's text",
            )
        },
    )?;
    let mut problems = Vec::new();
    check(&doc, &text, &mut problems);
    if !problems.is_empty() {
        return Err(Report {
            path: path.to_owned(),
            source: text,
            diagnostics: problems,
        });
    }
    Ok(Read {
        document: doc,
        script,
    })
}

/// What parses but cannot be stored: a missing uid, two records with one uid, ages outside
/// 0–25, an owner of two words. Each is located at its record.
fn check(doc: &Document, text: &str, problems: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    let mut uid = |kind: &str, uid: &str, problems: &mut Vec<Diagnostic>| {
        let span = find_value(text, uid).unwrap_or(0..0);
        if uid.trim().is_empty() {
            problems.push(
                Diagnostic::at(span, format!("a {kind} has no uid"))
                    .help("every record of an exported event has its uid; export it again"),
            );
        } else if !seen.insert(uid.to_owned()) {
            problems.push(
                Diagnostic::at(span, format!("two records have the uid “{uid}”"))
                    .help("each record's uid is its own; export the event again"),
            );
        }
    };
    uid("event", &doc.event.uid, problems);
    for n in &doc.notes {
        uid("note", &n.uid, problems);
    }
    for a in &doc.actions {
        uid("action", &a.uid, problems);
        if let Some(o) = a.owners.iter().find(|o| o.split_whitespace().count() != 1) {
            problems.push(
                Diagnostic::at(
                    find_value(text, &a.uid).unwrap_or(0..0),
                    format!("the owner “{o}” of this action is not one word"),
                )
                .help("an owner is one word, as typed after @: write “priya” or “priya-shah”"),
            );
        }
    }
    for s in &doc.services {
        uid("service", &s.uid, problems);
        let span = find_value(text, &s.uid).unwrap_or(0..0);
        if s.name.trim().is_empty() {
            problems.push(
                Diagnostic::at(span.clone(), "a service has no name")
                    .help("give it the name people call it"),
            );
        }
        match (s.age_from, s.age_to) {
            (Some(a), Some(b)) if a > b || b > MAX_AGE => problems.push(
                Diagnostic::at(span, format!("“{}” has ages {a} to {b}", s.name))
                    .help("ages run from 0 to 25, the lower first"),
            ),
            (Some(_), None) | (None, Some(_)) => problems.push(
                Diagnostic::at(span, format!("“{}” has only one end of its ages", s.name))
                    .help("give both age_from and age_to, or neither"),
            ),
            _ => {}
        }
    }
    if super::parse_state(&doc.event.state).is_none() {
        problems.push(
            Diagnostic::at(
                find_value(text, &doc.event.state).unwrap_or(0..0),
                format!("“{}” is not a state of an event", doc.event.state),
            )
            .help("one of not-started, running, paused, finished"),
        );
    }
}

/// Every text of the document made safe to store and draw: a JSON escape (`\u001b`) can put
/// a control character where the file's own bytes had none.
fn clean(doc: &mut Document) {
    let c = |s: &mut String| {
        if s.chars().any(|c| crate::text::is_unsafe(c) || c == '\t') {
            *s = crate::text::from_store(std::mem::take(s));
        }
    };
    let e = &mut doc.event;
    for s in [&mut e.title, &mut e.site, &mut e.facilitator] {
        c(s);
    }
    for s in [&mut e.series, &mut e.venue].into_iter().flatten() {
        c(s);
    }
    for n in &mut doc.notes {
        c(&mut n.text);
    }
    for a in &mut doc.actions {
        c(&mut a.text);
        a.owners.iter_mut().for_each(c);
    }
    for s in &mut doc.services {
        for f in [
            &mut s.name,
            &mut s.provider,
            &mut s.locality,
            &mut s.access_route,
            &mut s.notes,
        ] {
            c(f);
        }
        if let Some(sector) = &mut s.sector {
            c(sector);
        }
    }
}

/// The byte offset of a 1-based line and column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// serde_json's message without its own " at line L column C", which the report says.
fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Where a key is first written (`"format"` or `format =`).
fn find(text: &str, key: &str) -> Option<Range<usize>> {
    let quoted = format!("\"{key}\"");
    text.find(&quoted)
        .map(|i| i + 1..i + 1 + key.len())
        .or_else(|| {
            text.match_indices(key)
                .find(|(i, _)| *i == 0 || text.as_bytes()[i - 1] == b'\n')
                .map(|(i, _)| i..i + key.len())
        })
}

/// Where a string value is first written, quotes and all.
fn find_value(text: &str, value: &str) -> Option<Range<usize>> {
    if value.is_empty() {
        return None;
    }
    let quoted = format!("\"{value}\"");
    text.find(&quoted).map(|i| i..i + quoted.len())
}

//! Reading an event document back (`thrive import-event`): JSON or TOML, told apart by what
//! the file starts with. Every problem is located — the parser's own line and column, or for
//! a value that parses but cannot be right, the record it is in — and said with what to do.

use std::collections::HashMap;
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
        Err((span, message)) if is_date_problem(&message) => {
            return Err(at(
                span,
                format!("this date or time cannot be read: {message}"),
                "a date is written 2026-12-03 and a time 2026-12-03T09:30:00, each a real day and time of day",
            ));
        }
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
                "this document is version {}; this thrive reads versions 1 to {VERSION}",
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
    check_agenda(&doc, &script, &text, &mut problems);
    check_exercises(&doc, &script, &text, &mut problems);
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

/// Whether `name` can be a record's uid or an id: letters, digits and `-_.:@`, as every
/// export writes them, so a name never carries a line break or a control into a calendar
/// or a report.
fn is_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 128 && name.chars().all(crate::text::is_name_char)
}

/// What parses but cannot be stored: a missing or malformed uid, two records with one uid,
/// ages outside 0–25, an owner of two words. Each is located at its record; the file is
/// searched only for a record with a problem, so a large good file reads in one pass.
fn check(doc: &Document, text: &str, problems: &mut Vec<Diagnostic>) {
    // The `nth` place `value` is written as a string, quotes and all.
    let at = |value: &str, nth: usize| find_value(text, value, nth).unwrap_or(0..0);
    let mut seen = std::collections::HashMap::new();
    let mut uid = |kind: &str, uid: &str, problems: &mut Vec<Diagnostic>| {
        if !is_name(uid) {
            let shown = crate::text::printable(uid);
            problems.push(
                Diagnostic::at(
                    at(uid, 0),
                    format!("{kind} has the uid “{shown}”, which is not a name thrive writes"),
                )
                .help("a uid is letters, digits and - _ . : @ only; export the event again"),
            );
            return;
        }
        let count = seen.entry(uid.to_owned()).or_insert(0);
        *count += 1;
        if *count > 1 {
            problems.push(
                Diagnostic::at(
                    at(uid, *count - 1),
                    format!("two records have the uid “{uid}”"),
                )
                .help("each record's uid is its own; export the event again"),
            );
        }
    };
    uid("the event", &doc.event.uid, problems);
    for n in &doc.notes {
        uid("a note", &n.uid, problems);
        let chars = n.text.chars().count();
        if chars > crate::event::record::MAX_NOTE_CHARS {
            problems.push(
                Diagnostic::at(
                    at(&n.uid, 0),
                    format!(
                        "a note holds at most {} characters and this one has {chars}",
                        crate::event::record::MAX_NOTE_CHARS
                    ),
                )
                .help("split it into notes of its paragraphs, or export the event again"),
            );
        }
    }
    let mut threads = std::collections::HashSet::new();
    for a in &doc.actions {
        uid("an action", &a.uid, problems);
        let names = [
            ("thread", a.thread.as_str()),
            ("carried_from", a.carried_from.as_deref().unwrap_or("-")),
        ];
        for (field, name) in names {
            if !name.is_empty() && !is_name(name) {
                problems.push(
                    Diagnostic::at(
                        at(&a.uid, 0),
                        format!("this action's `{field}` is not a uid thrive writes"),
                    )
                    .help("a uid is letters, digits and - _ . : @ only; export the event again"),
                );
            }
        }
        if !a.thread.is_empty() && !threads.insert(a.thread.as_str()) {
            problems.push(
                Diagnostic::at(
                    at(&a.uid, 0),
                    format!(
                        "two actions of this event carry on one thread, “{}”",
                        crate::text::printable(&a.thread)
                    ),
                )
                .help("an action is carried into an event once; export the event again"),
            );
        }
        if let Some(o) = a
            .owners
            .iter()
            .find(|o| o.trim().is_empty() || o.contains(';'))
        {
            problems.push(
                Diagnostic::at(
                    at(&a.uid, 0),
                    format!("the owner “{o}” of this action is not a name"),
                )
                .help("an owner is a handle or a name, as typed after @: “priya”, “Dr Okafor”; never empty, never with “;”"),
            );
        }
    }
    for s in &doc.services {
        uid("a service", &s.uid, problems);
        if s.carried_from.as_deref().is_some_and(|c| !is_name(c)) {
            problems.push(
                Diagnostic::at(
                    at(&s.uid, 0),
                    "this service's `carried_from` is not a uid thrive writes",
                )
                .help("a uid is letters, digits and - _ . : @ only; export the event again"),
            );
        }
        if s.name.trim().is_empty() {
            problems.push(
                Diagnostic::at(at(&s.uid, 0), "a service has no name")
                    .help("give it the name people call it"),
            );
        }
        match (s.age_from, s.age_to) {
            (Some(a), Some(b)) if a > b || b > MAX_AGE => problems.push(
                Diagnostic::at(at(&s.uid, 0), format!("“{}” has ages {a} to {b}", s.name))
                    .help("ages run from 0 to 25, the lower first"),
            ),
            (Some(_), None) | (None, Some(_)) => problems.push(
                Diagnostic::at(
                    at(&s.uid, 0),
                    format!("“{}” has only one end of its ages", s.name),
                )
                .help("give both age_from and age_to, or neither"),
            ),
            _ => {}
        }
        if let Some(d) = &s.directory {
            let id = d.id.trim();
            if id.is_empty() || id.chars().count() > 200 || crate::text::find_unsafe(id).is_some() {
                problems.push(
                    Diagnostic::at(
                        at(&s.uid, 0),
                        format!("“{}” has a directory id thrive would not have written", s.name),
                    )
                    .help("the directory's id for a service is one line of at most 200 characters; export the event again"),
                );
            }
            if d.status.as_deref().is_some_and(|st| {
                st.trim().is_empty()
                    || st.chars().count() > 40
                    || crate::text::find_unsafe(st).is_some()
            }) {
                problems.push(
                    Diagnostic::at(
                        at(&s.uid, 0),
                        format!(
                            "“{}” has a directory status thrive would not have written",
                            s.name
                        ),
                    )
                    .help("a directory status is a word such as inactive, defunct or unlisted"),
                );
            }
        }
    }
    // Segment ids are matched against the script's; one that is not a name matches nothing.
    let segments = doc
        .notes
        .iter()
        .filter_map(|n| n.segment.as_deref())
        .chain(doc.actions.iter().filter_map(|a| a.segment.as_deref()))
        .chain(doc.event.current_segment.as_deref())
        .chain(doc.agenda.iter().map(|a| a.id.as_str()));
    if let Some(bad) = segments.into_iter().find(|s| !is_name(s)) {
        problems.push(
            Diagnostic::at(
                at(bad, 0),
                format!(
                    "“{}” is not an agenda item's id",
                    crate::text::printable(bad)
                ),
            )
            .help("agenda items are named by their id in the script; export the event again"),
        );
    }
    if crate::event::RunState::from_slug(&doc.event.state).is_none() {
        problems.push(
            Diagnostic::at(
                at(&doc.event.state, 0),
                format!(
                    "“{}” is not a state of an event",
                    crate::text::printable(&doc.event.state)
                ),
            )
            .help("one of not-started, running, paused, finished"),
        );
    }
}

/// The longest a segment may be made by added minutes: a day.
const MAX_SEGMENT_MINUTES: i64 = 24 * 60;

/// The assessment and the vote as the script allows them: known principles and levels,
/// scores 1 to 4; candidates with words and a known origin; voters with names, none spending
/// more dots than the script gives. Each problem is located at its cell or candidate.
fn check_exercises(doc: &Document, script: &Script, text: &str, problems: &mut Vec<Diagnostic>) {
    let at = |value: &str| find_value(text, value, 0).unwrap_or(0..0);
    for c in &doc.assessment {
        if crate::thrive::Principle::parse(&c.principle).is_none() {
            problems.push(
                Diagnostic::at(
                    at(&c.principle),
                    format!(
                        "“{}” is not one of the eight principles",
                        crate::text::printable(&c.principle)
                    ),
                )
                .help("a cell names its principle by slug: common-language, needs-led, …"),
            );
        }
        if crate::thrive::Level::from_slug(&c.level).is_none() {
            problems.push(
                Diagnostic::at(
                    at(&c.level),
                    format!(
                        "“{}” is not a level of the assessment",
                        crate::text::printable(&c.level)
                    ),
                )
                .help("levels are commissioning, services and individual"),
            );
        }
        if c.score.is_some_and(|s| !(1..=4).contains(&s)) {
            problems.push(
                Diagnostic::at(at(&c.principle), format!("a score of {} for {} at {}", c.score.unwrap_or(0), c.principle, c.level))
                    .help("scores run from 1 (considerable improvement needed) to 4 (fully THRIVE-like); leave it out for not scored"),
            );
        }
    }
    let Some(v) = &doc.vote else {
        return;
    };
    let rules = script.vote_rules();
    let max = crate::event::vote::MAX_NAME_CHARS;
    for name in &v.added_voters {
        let n = name.trim().chars().count();
        if n == 0 || n > max {
            problems.push(
                Diagnostic::at(
                    at(name),
                    format!("a voter's name must be 1 to {max} characters"),
                )
                .help("name the table as the room called it; export the event again"),
            );
        }
    }
    if v.added_voters.len() > crate::event::vote::MAX_VOTERS {
        problems.push(
            Diagnostic::at(
                at("added_voters"),
                format!(
                    "{} voters added; a vote takes at most {}",
                    v.added_voters.len(),
                    crate::event::vote::MAX_VOTERS
                ),
            )
            .help("export the event again"),
        );
    }
    // Voters by name as the console reads them: one voter whatever its case.
    let known: Vec<String> = rules
        .voters
        .iter()
        .chain(&v.added_voters)
        .map(|n| n.trim().to_lowercase())
        .collect();
    // By the name as the console reads it; said as the document spells it.
    let mut spent: HashMap<String, (String, u32)> = HashMap::new();
    for c in &v.candidates {
        if c.text.trim().is_empty() || c.text.chars().count() > crate::event::vote::MAX_TEXT_CHARS {
            problems.push(
                Diagnostic::at(
                    at(&c.origin),
                    format!(
                        "a candidate must have 1 to {} characters of words",
                        crate::event::vote::MAX_TEXT_CHARS
                    ),
                )
                .help("give each candidate the words the room voted on"),
            );
        }
        if crate::event::vote::Origin::from_slug(&c.origin).is_none() {
            problems.push(
                Diagnostic::at(
                    at(&c.origin),
                    format!(
                        "“{}” is not where a candidate comes from",
                        crate::text::printable(&c.origin)
                    ),
                )
                .help("origin is gap, note, action or typed"),
            );
        }
        for d in &c.dots {
            let name = d.voter.trim().to_lowercase();
            if !known.contains(&name) {
                problems.push(
                    Diagnostic::at(at(&d.voter), format!("dots from “{}”, who is not a voter of this event", crate::text::printable(&d.voter)))
                        .help("a voter is named in the script's `voters` or in `added_voters`; export the event again"),
                );
            }
            let total = spent.entry(name).or_insert_with(|| (d.voter.clone(), 0));
            total.1 = total.1.saturating_add(d.dots);
            if let Some(most) = rules.per_candidate.filter(|&m| d.dots > m) {
                problems.push(
                    Diagnostic::at(
                        at(&d.voter),
                        format!(
                            "{} dots from {} on one candidate; the script allows {most}",
                            d.dots,
                            crate::text::printable(&d.voter)
                        ),
                    )
                    .help("the document's script sets `per_candidate`; export the event again"),
                );
            }
        }
    }
    let mut over: Vec<(&String, u32)> = spent
        .values()
        .filter(|(_, n)| *n > rules.dots)
        .map(|(voter, n)| (voter, *n))
        .collect();
    over.sort();
    if let Some((voter, n)) = over.first() {
        problems.push(
            Diagnostic::at(
                at(voter),
                format!("{} spent {n} dots; the script gives each voter {}", crate::text::printable(voter), rules.dots),
            )
            .help("the document's script sets `dots` on its priorities segment; export the event again"),
        );
    }
    if let Some((bad, _)) = spent.values().find(|(v, _)| v.trim().is_empty()) {
        problems.push(
            Diagnostic::at(at(bad), "a candidate's dots name no voter")
                .help("each dot is a voter's: export the event again"),
        );
    }
}

/// The agenda as the script has it: every item, note and action names one of its segments,
/// minutes taken off leave a segment some time (a re-planned agenda writes such minutes
/// too), and every interval ends after it starts.
fn check_agenda(doc: &Document, script: &Script, text: &str, problems: &mut Vec<Diagnostic>) {
    let at = |value: &str| find_value(text, value, 0).unwrap_or(0..0);
    let item_at = |id: &str| find_pair(text, "id", id).unwrap_or_else(|| at(id));
    let known = |id: &str| script.segments.iter().any(|s| s.id == id);
    let ids: Vec<&str> = script.segments.iter().map(|s| s.id.as_str()).collect();
    let help = format!(
        "its script's agenda items are {}; export the event again",
        crate::text::printable(&ids.join(", "))
    );
    let unknown = |what: &str, id: &str, problems: &mut Vec<Diagnostic>| {
        if is_name(id) && !known(id) {
            problems.push(
                Diagnostic::at(
                    at(id),
                    format!("{what} is for the agenda item “{id}”, which its script does not have"),
                )
                .help(&help),
            );
        }
    };
    for item in &doc.agenda {
        if is_name(&item.id) && !known(&item.id) {
            problems.push(
                Diagnostic::at(
                    item_at(&item.id),
                    format!("the agenda item “{}” is not in its script", item.id),
                )
                .help(&help),
            );
        }
        let minutes = i64::from(item.planned_minutes) + i64::from(item.extra_minutes);
        if minutes < 0 {
            problems.push(
                Diagnostic::at(
                    item_at(&item.id),
                    format!(
                        "“{}” is planned for {} min and has {} taken off: less than nothing",
                        item.id, item.planned_minutes, -item.extra_minutes
                    ),
                )
                .help("minutes taken off can bring a segment to 0, not below; extra_minutes is at least minus its planned minutes"),
            );
        } else if minutes > MAX_SEGMENT_MINUTES {
            problems.push(
                Diagnostic::at(
                    item_at(&item.id),
                    format!(
                        "“{}” is made {minutes} min long by its extra minutes",
                        item.id
                    ),
                )
                .help("a segment runs at most a day (1440 min); check extra_minutes"),
            );
        }
        // The stretches of one segment follow one another: an overlap would count its
        // minutes twice.
        for pair in item.intervals.windows(2) {
            if let Some(end) = pair[0].end
                && pair[1].start < end
            {
                problems.push(
                    Diagnostic::at(
                        item_at(&item.id),
                        format!(
                            "“{}” has a stretch starting {} before the one before it ends ({})",
                            item.id,
                            pair[1].start.format("%Y-%m-%d %H:%M:%S"),
                            end.format("%Y-%m-%d %H:%M:%S")
                        ),
                    )
                    .help(
                        "each interval starts after the one before it ends; export the event again",
                    ),
                );
            }
        }
        for i in &item.intervals {
            if let Some(end) = i.end
                && end < i.start
            {
                problems.push(
                    Diagnostic::at(
                        item_at(&item.id),
                        format!(
                            "“{}” has a stretch that ends ({}) before it starts ({})",
                            item.id,
                            end.format("%Y-%m-%d %H:%M:%S"),
                            i.start.format("%Y-%m-%d %H:%M:%S")
                        ),
                    )
                    .help("each interval's end is after its start; export the event again"),
                );
            }
        }
    }
    if let Some(current) = &doc.event.current_segment {
        unknown("the event's current segment", current, problems);
    }
    for n in &doc.notes {
        if let Some(segment) = &n.segment {
            unknown("a note", segment, problems);
        }
    }
    for a in &doc.actions {
        if let Some(segment) = &a.segment {
            unknown("an action", segment, problems);
        }
    }
}

/// chrono's words for a date or time that cannot be, as the parsers pass them on.
fn is_date_problem(message: &str) -> bool {
    [
        "input is out of range",
        "input contains invalid characters",
        "premature end of input",
        "trailing input",
        "input is not enough for unique date and time",
        "no possible date and time matching input",
    ]
    .iter()
    .any(|m| message.contains(m))
}

/// Every text of the document made safe to store and draw: a JSON escape (`\u001b`) can put
/// a control character where the file's own bytes had none.
fn clean(doc: &mut Document) {
    let c = |s: &mut String| *s = crate::text::from_store(std::mem::take(s));
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
    for cell in &mut doc.assessment {
        c(&mut cell.rationale);
    }
    if let Some(v) = &mut doc.vote {
        v.added_voters.iter_mut().for_each(c);
        for cand in &mut v.candidates {
            c(&mut cand.text);
            c(&mut cand.action_text);
            cand.dots.iter_mut().for_each(|d| c(&mut d.voter));
        }
    }
    for a in &mut doc.actions {
        c(&mut a.text);
        a.owners.iter_mut().for_each(c);
    }
    for s in &mut doc.services {
        for f in [
            &mut s.name,
            &mut s.provider,
            &mut s.access_route,
            &mut s.notes,
        ] {
            c(f);
        }
        if let Some(sector) = &mut s.sector {
            c(sector);
        }
        s.localities.iter_mut().for_each(c);
    }
    for l in &mut doc.localities {
        c(l);
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

/// Where `key` is given the string `value` (`"id": "x"` in JSON, `id = "x"` in TOML): the
/// value, quotes and all.
fn find_pair(text: &str, key: &str, value: &str) -> Option<Range<usize>> {
    let quoted = format!("\"{value}\"");
    text.match_indices(&quoted).find_map(|(i, _)| {
        let before = text[..i].trim_end();
        let before = before
            .strip_suffix(':')
            .or_else(|| before.strip_suffix('='))?
            .trim_end();
        let named = before.strip_suffix(&format!("\"{key}\"")).is_some()
            || before.strip_suffix(key).is_some();
        named.then(|| i..i + quoted.len())
    })
}

/// Where a string value is written for the `nth` time (from 0), quotes and all.
fn find_value(text: &str, value: &str, nth: usize) -> Option<Range<usize>> {
    if value.is_empty() {
        return None;
    }
    let quoted = format!("\"{value}\"");
    text.match_indices(&quoted)
        .nth(nth)
        .map(|(i, _)| i..i + quoted.len())
}

//! What a facilitator types, read into fields: `#tags` in a note, and the one-line action
//! grammar — `Ask school nurses to join @priya @sam due:fri #getting-advice`. Whatever cannot
//! be read stays in the text, and is said: nothing typed is ever dropped.

use chrono::NaiveDate;

use super::due;
use crate::thrive::{Grouping, Principle};

/// The fields of an action as typed: what the grammar reads from a line, and what
/// `add_action` and `update_action` store.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActionFields {
    pub text: String,
    pub owners: Vec<String>,
    pub due: Option<NaiveDate>,
    pub grouping: Option<Grouping>,
    pub principle: Option<Principle>,
}

/// The groupings and principles a text is tagged with (`#thriving`, `#2`, `#needs-led`).
/// A number names a grouping; principles go by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags {
    pub groupings: Vec<Grouping>,
    pub principles: Vec<Principle>,
}

pub fn tags(text: &str) -> Tags {
    let mut found = Tags::default();
    for word in text.split_whitespace() {
        let Some(tag) = tag_name(word) else { continue };
        if let Some(g) = Grouping::parse(tag) {
            if !found.groupings.contains(&g) {
                found.groupings.push(g);
            }
        } else if let Some(p) = principle_tag(tag)
            && !found.principles.contains(&p)
        {
            found.principles.push(p);
        }
    }
    found
}

/// The words without their tags, on one line: a note's words as a vote's candidate, its
/// grouping kept apart (from [`tags`]).
pub fn strip_tags(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| tag_name(w).is_none())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The tags that mark a note as saying who came.
pub const PRESENT_TAGS: [&str; 4] = ["present", "attending", "attendance", "here"];

/// Whether a word is one of [`PRESENT_TAGS`], read as every tag is (`#Present,` too).
pub fn is_attendance_tag(word: &str) -> bool {
    tag_name(word).is_some_and(|t| PRESENT_TAGS.iter().any(|p| t.eq_ignore_ascii_case(p)))
}

/// A note saying who was there: tagged `#present` (or `#attending`, `#attendance`, `#here`).
pub fn is_attendance(text: &str) -> bool {
    text.split_whitespace().any(is_attendance_tag)
}

/// The tag that keeps a note from the room, the report and the exports meant for others:
/// the consoles of the event see it, marked.
pub const PRIVATE_TAG: &str = "private";

/// A note for the facilitators only: tagged `#private` (read as every tag is: `#Private.`).
pub fn is_private(text: &str) -> bool {
    text.split_whitespace()
        .any(|w| tag_name(w).is_some_and(|t| t.eq_ignore_ascii_case(PRIVATE_TAG)))
}

/// The text with its `#private` tag added, or (if it has one) every such tag taken out:
/// the editor's private key.
pub fn toggle_private(text: &str) -> String {
    if !is_private(text) {
        let trimmed = text.trim_end();
        let sep = if trimmed.is_empty() { "" } else { " " };
        return format!("{trimmed}{sep}#{PRIVATE_TAG}");
    }
    // Only the lines holding the tag change (their words rejoined by single spaces, as
    // `is_private` reads words by any whitespace); a line that held nothing else goes.
    let is_tag = |w: &str| tag_name(w).is_some_and(|t| t.eq_ignore_ascii_case(PRIVATE_TAG));
    let lines: Vec<String> = text
        .split('\n')
        .filter_map(|line| {
            if !line.split_whitespace().any(is_tag) {
                return Some(line.to_owned());
            }
            let kept: Vec<&str> = line.split_whitespace().filter(|w| !is_tag(w)).collect();
            (!kept.is_empty()).then(|| kept.join(" "))
        })
        .collect();
    lines.join("\n").trim_end().to_owned()
}

/// How many notes an event has, and how many of them say who came: the one count of notes
/// every screen and file shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoteCounts {
    pub total: usize,
    pub attendance: usize,
}

impl NoteCounts {
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> NoteCounts {
        let mut c = NoteCounts::default();
        for t in texts {
            c.total += 1;
            c.attendance += usize::from(is_attendance(t));
        }
        c
    }

    /// "4 notes (1 on who was there)", "3 notes".
    pub fn summary(&self) -> String {
        let all = crate::text::plural(self.total, "note");
        if self.attendance == 0 {
            all
        } else {
            format!("{all} ({} on who was there)", self.attendance)
        }
    }
}

/// "(#getting-help," → "getting-help".
fn tag_name(word: &str) -> Option<&str> {
    let word = word.trim_start_matches(['(', '[', '"', '\'', '“', '‘']);
    let tag = word.strip_prefix('#')?;
    let tag = tag.trim_end_matches(|c: char| {
        matches!(
            c,
            ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '"' | '\'' | '”' | '’'
        )
    });
    (!tag.is_empty()).then_some(tag)
}

/// Principles by name only: "#2" is grouping 2.
fn principle_tag(tag: &str) -> Option<Principle> {
    if tag.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Principle::parse(tag)
}

/// An action as typed on one line, read into its fields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActionLine {
    pub fields: ActionFields,
    /// What looked like a field but could not be read (it is still in the text), as sentences.
    pub unread: Vec<String>,
}

/// Longest due phrase tried after `due:` ("end of next month" is four words).
const MAX_DUE_WORDS: usize = 4;

pub fn parse_action(line: &str, today: NaiveDate) -> ActionLine {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut action = ActionLine::default();
    let fields = &mut action.fields;
    let mut text: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        // An owner who is a name of several words: @"Dr Okafor", or a title and a name
        // (@Dr. Okafor, @Cllr Patel).
        if let Some((name, used)) = owner_name(&words[i..]) {
            if !fields.owners.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
                fields.owners.push(name);
            }
            i += used;
            continue;
        }
        if let Some((owners, rest)) = owner_tokens(word) {
            for owner in owners {
                if !fields.owners.iter().any(|o| o.eq_ignore_ascii_case(&owner)) {
                    fields.owners.push(owner);
                }
            }
            text.extend(rest);
            i += 1;
            continue;
        }
        if let Some(rest) = strip_prefix_ignore_case(word.trim_start_matches('('), "due:") {
            match read_due(rest, &words[i + 1..], today) {
                Some((date, used)) if fields.due.is_none() => {
                    fields.due = Some(date);
                    i += 1 + used;
                }
                Some(_) => {
                    action
                        .unread
                        .push("only one due date is kept; the second stays in the text".into());
                    text.push(word.to_owned());
                    i += 1;
                }
                None => {
                    let shown = if rest.is_empty() {
                        words.get(i + 1).copied().unwrap_or("")
                    } else {
                        rest
                    };
                    action.unread.push(format!(
                        "“{shown}” is not a due date thrive can read (try fri, next tue, +2w, 3 Dec, 2026-12-01, end of month)"
                    ));
                    text.push(word.to_owned());
                    i += 1;
                }
            }
            continue;
        }
        if let Some(tag) = tag_name(word) {
            if let Some(g) = Grouping::parse(tag).filter(|_| fields.grouping.is_none()) {
                fields.grouping = Some(g);
                i += 1;
                continue;
            }
            if let Some(p) = principle_tag(tag).filter(|_| fields.principle.is_none()) {
                fields.principle = Some(p);
                i += 1;
                continue;
            }
            if Grouping::parse(tag).is_none() && principle_tag(tag).is_none() {
                // Most likely a typo of a grouping or principle: say which.
                if let Some(guess) = Grouping::suggest(tag).or_else(|| Principle::suggest(tag)) {
                    action.unread.push(format!(
                        "“#{tag}” is not a grouping or principle — did you mean #{}?",
                        guess.replace(' ', "-")
                    ));
                }
            }
        }
        text.push(word.to_owned());
        i += 1;
    }
    fields.text = text.join(" ");
    action
}

fn strip_prefix_ignore_case<'a>(word: &'a str, prefix: &str) -> Option<&'a str> {
    let head = word.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &word[prefix.len()..])
}

/// Titles that come before a name, so `@Dr. Okafor` is one owner, not "Dr".
const TITLES: [&str; 9] = ["dr", "mr", "mrs", "ms", "mx", "miss", "prof", "cllr", "rev"];

/// A name of several words at the start of `words`, and how many words it took:
/// `@"Dr Okafor"` (straight or curly quotes), or a title and the next word, `@Dr. Okafor`.
fn owner_name(words: &[&str]) -> Option<(String, usize)> {
    let first = words.first()?.strip_prefix('@')?;
    if let Some(open) = first.strip_prefix(['"', '“']) {
        let mut parts = vec![open];
        for (k, w) in words.iter().enumerate() {
            if k > 0 {
                parts.push(w);
            }
            let last = parts.last().copied().unwrap_or("");
            let closed = last.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
            if let Some(end) = closed.strip_suffix(['"', '”']) {
                if let Some(l) = parts.last_mut() {
                    *l = end;
                }
                let name = parts.join(" ").trim().to_owned();
                return (!name.is_empty()).then_some((name, k + 1));
            }
        }
        return None;
    }
    let title = first.trim_end_matches('.');
    let next = words.get(1)?;
    (TITLES.contains(&title.to_lowercase().as_str()) && next.starts_with(char::is_uppercase)).then(
        || {
            let surname = next.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
            (format!("{title} {surname}"), 2)
        },
    )
}

/// "@sam,@jo" → (["sam", "jo"], []). An owner starts with a letter ("@10am" is not one), and
/// each of several needs its "@": in "@sam,jo" the "jo" stays in the text. `None` if the word
/// names no owner.
fn owner_tokens(word: &str) -> Option<(Vec<String>, Option<String>)> {
    let mut owners = Vec::new();
    let mut rest: Vec<&str> = Vec::new();
    for part in word.split(',') {
        let name = part
            .strip_prefix('@')
            .map(|n| n.trim_end_matches(['.', ';', ':', '!', '?', ')']))
            .filter(|n| n.starts_with(char::is_alphabetic));
        match name {
            Some(n) if rest.is_empty() => owners.push(n.to_owned()),
            // "@sam," leaves nothing of its own in the text.
            _ if part.is_empty() => {}
            _ => rest.push(part),
        }
    }
    (!owners.is_empty()).then(|| (owners, (!rest.is_empty()).then(|| rest.join(","))))
}

/// The date after `due:`: the text glued to it, then up to three more words, longest first.
/// Returns the date and how many following words it used.
fn read_due(glued: &str, following: &[&str], today: NaiveDate) -> Option<(NaiveDate, usize)> {
    let most = following
        .len()
        .min(MAX_DUE_WORDS - usize::from(!glued.is_empty()));
    (0..=most).rev().find_map(|n| {
        let mut phrase: Vec<&str> = Vec::with_capacity(n + 1);
        if !glued.is_empty() {
            phrase.push(glued);
        }
        phrase.extend(&following[..n]);
        if phrase.is_empty() {
            return None;
        }
        // A sentence may end on the date: "due:fri."
        let joined = phrase.join(" ");
        due::parse(joined.trim_end_matches(['.', ',', ';', ')']), today).map(|d| (d, n))
    })
}

/// The one line that reads back into the same fields: what the edit field starts from. The
/// fields come first: read from the left, they are taken before anything in the text that
/// looks like a second date or tag, so saving an edit unchanged changes nothing.
pub fn format_action(fields: &ActionFields) -> String {
    let mut parts: Vec<String> = fields.owners.iter().map(|o| format!("@{o}")).collect();
    if let Some(d) = fields.due {
        parts.push(format!("due:{}", d.format("%Y-%m-%d")));
    }
    if let Some(g) = fields.grouping {
        parts.push(format!("#{}", g.slug()));
    }
    if let Some(p) = fields.principle {
        parts.push(format!("#{}", p.slug()));
    }
    parts.push(fields.text.clone());
    parts.join(" ")
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_private_tag_marks_a_note_and_the_key_adds_or_takes_it_out() {
        assert!(is_private("Jo annoyed #private"));
        assert!(is_private("(#Private.) follow up"));
        assert!(!is_private("private word, no tag"));
        assert!(!is_private("#privately"));
        assert_eq!(toggle_private("Jo annoyed  "), "Jo annoyed #private");
        assert_eq!(toggle_private(""), "#private");
        assert_eq!(toggle_private("Jo #private annoyed"), "Jo annoyed");
        assert_eq!(toggle_private("a\nb #Private"), "a\nb");
        assert!(!is_private(&toggle_private("x #private #PRIVATE")));
        // Read by any whitespace, taken out by any; a line of the tag alone goes.
        assert_eq!(toggle_private("Jo\u{a0}#private"), "Jo");
        assert_eq!(toggle_private("#private\nJo  said  this"), "Jo  said  this");
    }
    use super::*;

    /// British "friday week", and owners who are names: `@"Dr Okafor"`, `@Dr. Okafor`.
    #[test]
    fn friday_week_and_owners_who_are_names() {
        // Wednesday 25 November 2026.
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let a = parse_action("Call the ICB due:friday week @priya", today);
        assert_eq!(a.fields.due, NaiveDate::from_ymd_opt(2026, 12, 4));
        assert_eq!(a.fields.text, "Call the ICB", "no “week” left behind");
        let a = parse_action("Write to @Dr. Okafor about waits", today);
        assert_eq!(a.fields.owners, ["Dr Okafor"]);
        assert_eq!(a.fields.text, "Write to about waits");
        let a = parse_action("Ask @\"Amira Haddad\" and @sam, in writing", today);
        assert_eq!(a.fields.owners, ["Amira Haddad", "sam"]);
        assert_eq!(a.fields.text, "Ask and in writing");
        let a = parse_action("Ask @“Jo Bloggs”. Soon due:a week on tuesday", today);
        assert_eq!(a.fields.owners, ["Jo Bloggs"]);
        assert_eq!(a.fields.due, NaiveDate::from_ymd_opt(2026, 12, 8));
        let owners = vec!["Dr Okafor".to_owned(), "sam".to_owned()];
        let stored = crate::event::record::owners_to_store(&owners);
        assert_eq!(crate::event::record::owners_from_store(&stored), owners);
        assert_eq!(
            crate::event::record::owners_from_store("priya sam"),
            ["priya", "sam"],
            "as older records wrote them"
        );
        assert_eq!(crate::event::record::owners_text(&owners), "Dr Okafor @sam");
    }

    /// A note on who came is a note: counted with the rest, and said apart.
    #[test]
    fn notes_count_every_note_and_say_how_many_are_on_who_came() {
        let c = NoteCounts::of([
            "Present: Tom, Priya #present,",
            "Waiting lists",
            "(#Here) Jo",
        ]);
        assert_eq!(
            c,
            NoteCounts {
                total: 3,
                attendance: 2
            }
        );
        assert_eq!(c.summary(), "3 notes (2 on who was there)");
        assert_eq!(NoteCounts::of(["one"]).summary(), "1 note");
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date")
    }

    #[test]
    fn an_action_line_reads_into_its_fields() {
        let a = parse_action(
            "Ask school nurses to join the map @priya @Sam,@jo due:next tue #getting-advice #needs-led",
            today(),
        );
        let f = &a.fields;
        assert_eq!(f.text, "Ask school nurses to join the map");
        assert_eq!(f.owners, ["priya", "Sam", "jo"]);
        assert_eq!(f.due, NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(f.grouping, Some(Grouping::GettingAdvice));
        assert_eq!(f.principle, Some(Principle::NeedsLed));
        assert!(a.unread.is_empty());
    }

    #[test]
    fn fields_may_come_anywhere_and_due_phrases_span_words() {
        let cases = [
            (
                "@lee send the list due:end of month",
                "send the list",
                "2026-11-30",
            ),
            ("due: fri book the room", "book the room", "2026-11-27"),
            ("book the room DUE:+2w", "book the room", "2026-12-09"),
            (
                "draft the pathway due:3 Dec 2026 with adults",
                "draft the pathway with adults",
                "2026-12-03",
            ),
            ("call the ICB due:2026-12-01.", "call the ICB", "2026-12-01"),
            ("ring the school (due:fri)", "ring the school", "2026-11-27"),
            ("meet @10am with @sam,jo", "meet @10am with jo", ""),
        ];
        for (line, text, due) in cases {
            let a = parse_action(line, today());
            assert_eq!(a.fields.text, text, "{line}");
            let got = a.fields.due.map(|d| d.to_string()).unwrap_or_default();
            assert_eq!(got, due, "{line}");
        }
        assert_eq!(
            parse_action("meet @10am with @sam,jo", today())
                .fields
                .owners,
            ["sam"]
        );
    }

    #[test]
    fn what_cannot_be_read_stays_in_the_text_and_is_said() {
        let a = parse_action("Map the coast due:soonish #tier3 #3 #4 @ #thrivng", today());
        assert_eq!(
            a.fields.text,
            "Map the coast due:soonish #tier3 #4 @ #thrivng"
        );
        assert_eq!(a.fields.grouping, Some(Grouping::GettingHelp));
        assert_eq!(a.fields.due, None);
        assert_eq!(a.unread.len(), 2, "{:?}", a.unread);
        assert!(
            a.unread[0].contains("“soonish” is not a due date"),
            "{:?}",
            a.unread
        );
        assert_eq!(
            a.unread[1],
            "“#thrivng” is not a grouping or principle — did you mean #thriving?"
        );
        let twice = parse_action("x due:fri due:mon", today());
        assert_eq!(twice.fields.text, "x due:mon");
        assert_eq!(twice.unread.len(), 1);
    }

    #[test]
    fn formatting_reads_back_the_same() {
        let cases = [
            "Book the room @priya due:fri #5 #accessibility",
            "Map #3 #4 the coast",
            "x due:fri due:mon @lee",
            "meet @10am with @sam,jo due:+2w",
            "(due:eom) nothing but words #tier3",
        ];
        for line in cases {
            let a = parse_action(line, today());
            let again = parse_action(&format_action(&a.fields), today());
            assert_eq!(
                again.fields,
                a.fields,
                "{line} → {}",
                format_action(&a.fields)
            );
        }
        let a = parse_action("Book the room @priya due:fri #5 #accessibility", today());
        assert_eq!(
            format_action(&a.fields),
            "@priya due:2026-11-27 #getting-risk-support #accessibility Book the room"
        );
    }

    #[test]
    fn note_tags_find_groupings_and_principles() {
        let t = tags("Schools see this most (#thriving, #2) — a #needs-led issue #tier3 #3.");
        assert_eq!(
            t.groupings,
            [
                Grouping::Thriving,
                Grouping::GettingAdvice,
                Grouping::GettingHelp
            ]
        );
        assert_eq!(t.principles, [Principle::NeedsLed]);
        assert_eq!(tags("no tags # here"), Tags::default());
    }
}

//! What a facilitator types, read into fields: `#tags` in a note, and the one-line action
//! grammar — `Ask school nurses to join @priya @sam due:fri #getting-advice`. Whatever cannot
//! be read stays in the text, and is said: nothing typed is ever dropped.

use chrono::NaiveDate;

use super::due;
use crate::thrive::{Grouping, Principle};

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
    pub text: String,
    pub owners: Vec<String>,
    pub due: Option<NaiveDate>,
    pub grouping: Option<Grouping>,
    pub principle: Option<Principle>,
    /// What looked like a field but could not be read (it is still in `text`), as sentences.
    pub unread: Vec<String>,
}

/// Longest due phrase tried after `due:` ("end of next month" is four words).
const MAX_DUE_WORDS: usize = 4;

pub fn parse_action(line: &str, today: NaiveDate) -> ActionLine {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut action = ActionLine::default();
    let mut text: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        if let Some(owners) = owner_tokens(word) {
            for owner in owners {
                if !action.owners.iter().any(|o| o.eq_ignore_ascii_case(&owner)) {
                    action.owners.push(owner);
                }
            }
            i += 1;
            continue;
        }
        if let Some(rest) = strip_prefix_ignore_case(word, "due:") {
            match read_due(rest, &words[i + 1..], today) {
                Some((date, used)) if action.due.is_none() => {
                    action.due = Some(date);
                    i += 1 + used;
                }
                Some(_) => {
                    action
                        .unread
                        .push("only one due date is kept; the second stays in the text".into());
                    text.push(word);
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
                    text.push(word);
                    i += 1;
                }
            }
            continue;
        }
        if let Some(tag) = tag_name(word) {
            if let Some(g) = Grouping::parse(tag).filter(|_| action.grouping.is_none()) {
                action.grouping = Some(g);
                i += 1;
                continue;
            }
            if let Some(p) = principle_tag(tag).filter(|_| action.principle.is_none()) {
                action.principle = Some(p);
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
        text.push(word);
        i += 1;
    }
    action.text = text.join(" ");
    action
}

fn strip_prefix_ignore_case<'a>(word: &'a str, prefix: &str) -> Option<&'a str> {
    let head = word.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &word[prefix.len()..])
}

/// "@sam,@jo" → ["sam", "jo"]; `None` if the word is not an owner mention.
fn owner_tokens(word: &str) -> Option<Vec<String>> {
    if !word.starts_with('@') || word.len() < 2 {
        return None;
    }
    let owners: Vec<String> = word
        .split(',')
        .map(|w| {
            w.trim_start_matches('@')
                .trim_end_matches(['.', ';', ':', '!', '?', ')'])
                .to_owned()
        })
        .filter(|w| !w.is_empty())
        .collect();
    (!owners.is_empty()).then_some(owners)
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
        due::parse(joined.trim_end_matches(['.', ',', ';']), today).map(|d| (d, n))
    })
}

/// The one line that reads back into the same fields: what the edit field starts from.
pub fn format_action(
    text: &str,
    owners: &[String],
    due: Option<NaiveDate>,
    grouping: Option<Grouping>,
    principle: Option<Principle>,
) -> String {
    let mut line = text.to_owned();
    for owner in owners {
        line.push_str(&format!(" @{owner}"));
    }
    if let Some(d) = due {
        line.push_str(&format!(" due:{}", d.format("%Y-%m-%d")));
    }
    if let Some(g) = grouping {
        line.push_str(&format!(" #{}", g.slug()));
    }
    if let Some(p) = principle {
        line.push_str(&format!(" #{}", p.slug()));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date")
    }

    #[test]
    fn an_action_line_reads_into_its_fields() {
        let a = parse_action(
            "Ask school nurses to join the map @priya @Sam,@jo due:next tue #getting-advice #needs-led",
            today(),
        );
        assert_eq!(a.text, "Ask school nurses to join the map");
        assert_eq!(a.owners, ["priya", "Sam", "jo"]);
        assert_eq!(a.due, NaiveDate::from_ymd_opt(2026, 12, 8));
        assert_eq!(a.grouping, Some(Grouping::GettingAdvice));
        assert_eq!(a.principle, Some(Principle::NeedsLed));
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
        ];
        for (line, text, due) in cases {
            let a = parse_action(line, today());
            assert_eq!(a.text, text, "{line}");
            assert_eq!(
                a.due.map(|d| d.to_string()).unwrap_or_default(),
                due,
                "{line}"
            );
        }
    }

    #[test]
    fn what_cannot_be_read_stays_in_the_text_and_is_said() {
        let a = parse_action("Map the coast due:soonish #tier3 #3 #4 @", today());
        assert_eq!(a.text, "Map the coast due:soonish #tier3 #4 @");
        assert_eq!(a.grouping, Some(Grouping::GettingHelp));
        assert_eq!(a.due, None);
        assert_eq!(a.unread.len(), 1);
        assert!(
            a.unread[0].contains("“soonish” is not a due date"),
            "{:?}",
            a.unread
        );
        let twice = parse_action("x due:fri due:mon", today());
        assert_eq!(twice.text, "x due:mon");
        assert_eq!(twice.unread.len(), 1);
    }

    #[test]
    fn formatting_reads_back_the_same() {
        let a = parse_action("Book the room @priya due:fri #5 #accessibility", today());
        let line = format_action(&a.text, &a.owners, a.due, a.grouping, a.principle);
        assert_eq!(
            line,
            "Book the room @priya due:2026-11-27 #getting-risk-support #accessibility"
        );
        assert_eq!(parse_action(&line, today()), a);
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

//! The bundled scripts tell the facilitator which keys to press ("Press o to put the
//! principle on screen"). Every such sentence is read here, the key pressed on that segment,
//! and what happened checked against what the sentence promised. A sentence this test cannot
//! read is a failure too: teach it, rather than let a script's words drift from the keys.

mod common;

use common::{model_with, press};
use thrive::app::{Model, Screen};
use thrive::event::RunState;
use thrive::ui::theme::ThemeName;

const SCRIPTS: [&str; 3] = [
    "workshops/engagement-event.toml",
    "workshops/community-of-practice.toml",
    "workshops/mapping-sprint.toml",
];

/// One key a script names, and what it says the key does.
#[derive(Debug)]
struct Mention {
    segment: usize,
    key: String,
    promise: String,
}

/// Every "press KEY to/for WHAT" in a segment's text and prompts, and every "→ moves on".
fn mentions(script: &thrive::script::Script) -> Vec<Mention> {
    let mut out = Vec::new();
    for (i, seg) in script.segments.iter().enumerate() {
        let lines =
            std::iter::once(seg.text.as_str()).chain(seg.prompts.iter().map(String::as_str));
        for line in lines {
            for sentence in line.split(['.', ';']) {
                let lower = sentence.trim().to_lowercase();
                if let Some(at) = lower.find("press ") {
                    let rest = &lower[at + "press ".len()..];
                    let (key, promise) = rest.split_once(' ').unwrap_or((rest, ""));
                    out.push(Mention {
                        segment: i,
                        key: key.to_owned(),
                        promise: promise.to_owned(),
                    });
                }
                if let Some(at) = lower.find("→ ") {
                    out.push(Mention {
                        segment: i,
                        key: "→".to_owned(),
                        promise: lower[at + "→ ".len()..].to_owned(),
                    });
                }
            }
        }
    }
    out
}

/// The key as `press` names it.
fn key_name(word: &str) -> &str {
    match word {
        "→" => "right",
        "←" => "left",
        other => other,
    }
}

fn on_segment(script: &thrive::script::Script, segment: usize) -> Model {
    let mut m = model_with(script.clone(), ThemeName::Auto, false);
    m.run.current = segment;
    m.agenda_cursor = segment;
    m
}

#[test]
fn every_key_a_bundled_script_names_does_what_it_says() {
    let mut checked = 0;
    for path in SCRIPTS {
        let script = thrive::script::load(std::path::Path::new(path)).expect("bundled script");
        for mention in mentions(&script) {
            let seg = &script.segments[mention.segment];
            let said = format!("{path}, segment “{}”: {mention:?}", seg.id);
            let mut m = on_segment(&script, mention.segment);
            let before = (m.run.current, m.prompts_visible);
            press(&mut m, &[key_name(&mention.key)]);
            let p = mention.promise.as_str();
            if p.contains("full-screen") || p.contains("this grouping") {
                let g = seg.grouping.expect("a segment that names its grouping");
                assert_eq!(m.screen, Screen::Grouping(g), "{said}");
            } else if p.contains("principle") {
                assert_eq!(m.screen, Screen::Principles, "{said}");
                if let Some(principle) = seg.principle {
                    assert_eq!(m.principle_cursor, principle, "{said}");
                }
            } else if p.contains("coverage") || p.contains("gaps") {
                assert_eq!(m.screen, Screen::Coverage, "{said}");
            } else if p.contains("groupings") {
                assert_eq!(m.screen, Screen::Groupings, "{said}");
            } else if p.contains("map") {
                assert_eq!(m.screen, Screen::Map, "{said}");
            } else if p.contains("last time") || p.contains("review") {
                assert_eq!(m.screen, Screen::Review, "{said}");
            } else if p.contains("actions") {
                assert_eq!(m.screen, Screen::Actions, "{said}");
            } else if p.contains("start") {
                assert_eq!(m.run.state, RunState::Running, "{said}");
            } else if p.contains("moves on") || p.contains("next") {
                assert_eq!(m.run.current, before.0 + 1, "{said}");
            } else if p.contains("prompts") {
                assert_ne!(m.prompts_visible, before.1, "{said}");
            } else {
                panic!("this test cannot tell what the script promises — teach it: {said}");
            }
            checked += 1;
        }
    }
    assert!(
        checked >= 5,
        "the bundled scripts name their keys ({checked} found)"
    );
}

/// `o` on any segment either shows what the segment is about or says, in words, that there
/// is nothing to show: never silence, and never a screen the agenda line did not offer.
#[test]
fn o_on_every_bundled_segment_shows_its_subject_or_says_why_not() {
    for path in SCRIPTS {
        let script = thrive::script::load(std::path::Path::new(path)).expect("bundled script");
        for (i, seg) in script.segments.iter().enumerate() {
            let mut m = on_segment(&script, i);
            press(&mut m, &["o"]);
            if seg.focus().is_some() {
                assert_ne!(m.screen, Screen::Agenda, "{path} {}: o shows it", seg.id);
            } else {
                assert_eq!(m.screen, Screen::Agenda, "{path} {}", seg.id);
                assert!(
                    m.status_text().is_some(),
                    "{path} {}: o says why not",
                    seg.id
                );
            }
        }
    }
}

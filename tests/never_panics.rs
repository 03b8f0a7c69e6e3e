//! Properties: script and config parsing never panic, whatever the bytes, and every refusal is
//! a located report. Mutations of real scripts reach the schema checks that random bytes miss.

use proptest::prelude::*;
use thrive::script;

const EXAMPLES: [&str; 4] = [
    include_str!("../workshops/engagement-event.toml"),
    include_str!("../workshops/community-of-practice.toml"),
    include_str!("../workshops/mapping-sprint.toml"),
    include_str!("fixtures/day.toml"),
];

/// Parses, and checks that a refusal renders and names a place.
fn parse_never_panics(bytes: &[u8]) {
    match script::parse("fuzz.toml", bytes) {
        Ok(s) => {
            assert!(!s.segments.is_empty());
            assert!(
                s.segments
                    .iter()
                    .all(|seg| (1..=480).contains(&seg.minutes))
            );
        }
        Err(report) => {
            assert!(!report.diagnostics.is_empty());
            let text = report.to_string();
            assert!(text.starts_with("fuzz.toml"), "{text}");
            assert!(
                !text
                    .chars()
                    .any(|c| thrive::text::is_unsafe(c) && c != '\n'),
                "control character in {text:?}"
            );
        }
    }
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    Replace(usize, u8),
    Duplicate(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let interesting = prop::sample::select(vec![
        b"[".to_vec(),
        b"]]".to_vec(),
        b"\"".to_vec(),
        b"'''".to_vec(),
        b"=".to_vec(),
        b"\n".to_vec(),
        b"\r".to_vec(),
        b"\0".to_vec(),
        b"\xff".to_vec(),
        b"\x1b[31m".to_vec(),
        "\u{202e}".as_bytes().to_vec(),
        b"\\u001b".to_vec(),
        b"minutes = 0\n".to_vec(),
        b"minutes = 481\n".to_vec(),
        b"grouping = 9\n".to_vec(),
        b"principle = \"x\"\n".to_vec(),
        b"[[segment]]\n".to_vec(),
        b"[framework.groupings]\n".to_vec(),
        b"id = \"welcome\"\n".to_vec(),
        b"kind = \"mapping\"\n".to_vec(),
        b"-9223372036854775808".to_vec(),
        b"1979-05-27T07:32:00Z".to_vec(),
        "字😀\u{301}".as_bytes().to_vec(),
    ]);
    prop_oneof![
        (any::<usize>(), 1..40usize).prop_map(|(a, n)| Edit::Delete(a, n)),
        (any::<usize>(), interesting).prop_map(|(a, b)| Edit::Insert(a, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Edit::Replace(a, b)),
        (any::<usize>(), 1..200usize).prop_map(|(a, n)| Edit::Duplicate(a, n)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len().max(1);
        match e {
            Edit::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Edit::Insert(at, b) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            Edit::Replace(at, b) => {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    bytes[at] = *b;
                }
            }
            Edit::Duplicate(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    let copy = bytes[at..end].to_vec();
                    bytes.splice(end..end, copy);
                }
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        parse_never_panics(&bytes);
    }

    #[test]
    fn arbitrary_text(text in "\\PC{0,400}") {
        parse_never_panics(text.as_bytes());
    }

    #[test]
    fn mutated_valid_scripts(which in 0..EXAMPLES.len(), edits in prop::collection::vec(edit(), 1..8)) {
        let bytes = apply(EXAMPLES[which].as_bytes().to_vec(), &edits);
        parse_never_panics(&bytes);
    }

    #[test]
    fn key_configs(text in "(\\[keys\\.(agenda|help|everywhere|nope)\\]\n)?([a-z-]{1,16} = \\[\"[a-zA-Z\\-\\x00-\\x1f]{0,10}\"\\]\n){0,4}") {
        match thrive::app::config::parse("config.toml", text.as_bytes()) {
            Ok(_) => {}
            Err(report) => prop_assert!(report.to_string().starts_with("config.toml")),
        }
    }
}

#[test]
fn every_bundled_workshop_is_valid() {
    for (i, text) in EXAMPLES.iter().enumerate() {
        if let Err(r) = script::parse("example.toml", text.as_bytes()) {
            panic!("example {i} is invalid:\n{r}");
        }
    }
}

/// `thrive import-event` on any file: a document, or a located refusal; never a panic.
fn document_never_panics(bytes: &[u8]) {
    if let Err(report) = thrive::event::document::read("event.json", bytes) {
        assert!(report.to_string().starts_with("event.json"));
    }
}

const EVENT_JSON: &str = include_str!("snapshots/export__event_json.snap.json");
const EVENT_TOML: &str = include_str!("snapshots/export__event_toml.snap.toml");

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn event_documents_of_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        document_never_panics(&bytes);
    }

    #[test]
    fn mutated_event_documents(toml in any::<bool>(), edits in prop::collection::vec(edit(), 1..8)) {
        let source = if toml { EVENT_TOML } else { EVENT_JSON };
        document_never_panics(&apply(source.as_bytes().to_vec(), &edits));
    }
}

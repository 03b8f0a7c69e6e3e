//! Workshop scripts: the TOML file a facilitator writes before an event. This module holds the
//! model, [`load`] (bytes from disk with the size/encoding checks) and [`parse`]; the schema
//! walk that turns a TOML tree into a [`Script`] with located problems is in `validate`.

mod validate;

use std::fmt;
use std::io::Read;
use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::diagnostic::{Diagnostic, Report};
use crate::text::{describe_char, is_bidi_control};
use crate::thrive::{Framework, Grouping, Principle};

/// Scripts larger than this are refused before they are read whole.
pub const MAX_BYTES: u64 = 10 * 1024 * 1024;

/// The bundled example: a full-day engagement event. `thrive` with no argument opens it.
pub const EXAMPLE_NAME: &str = "workshops/engagement-event.toml";
pub const EXAMPLE: &str = include_str!("../../workshops/engagement-event.toml");

/// A loaded, valid workshop script.
#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    pub workshop: Workshop,
    pub segments: Vec<Segment>,
    pub framework: Framework,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Workshop {
    pub title: String,
    pub site: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub facilitator: String,
    pub series: Option<String>,
    pub venue: Option<String>,
}

/// One agenda item.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub id: String,
    pub title: String,
    pub minutes: u32,
    pub kind: Kind,
    /// Shown to the room.
    pub text: String,
    /// For the facilitator's eyes only.
    pub prompts: Vec<String>,
    pub grouping: Option<Grouping>,
    pub principle: Option<Principle>,
}

/// What a segment is for; it decides which screen `open` shows for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Talk,
    Groupings,
    Principles,
    Mapping,
    Gaps,
    Discussion,
    Priorities,
    Actions,
    Review,
    Break,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Talk,
        Kind::Groupings,
        Kind::Principles,
        Kind::Mapping,
        Kind::Gaps,
        Kind::Discussion,
        Kind::Priorities,
        Kind::Actions,
        Kind::Review,
        Kind::Break,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Talk => "talk",
            Kind::Groupings => "groupings",
            Kind::Principles => "principles",
            Kind::Mapping => "mapping",
            Kind::Gaps => "gaps",
            Kind::Discussion => "discussion",
            Kind::Priorities => "priorities",
            Kind::Actions => "actions",
            Kind::Review => "review",
            Kind::Break => "break",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim().to_lowercase();
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Script {
    /// When the event is planned to begin, on the script's own date.
    pub fn start_at(&self) -> NaiveDateTime {
        self.workshop.date.and_time(self.workshop.start)
    }

    pub fn planned_minutes(&self) -> u32 {
        self.segments.iter().map(|s| s.minutes).sum()
    }

    /// Planned start of every segment on `day`, from the script's start time. The day is the
    /// one the event is run on, which need not be the script's date (a rehearsal, a script
    /// reused from last time).
    pub fn planned_starts(&self, day: NaiveDate) -> Vec<NaiveDateTime> {
        let mut at = day.and_time(self.workshop.start);
        self.segments
            .iter()
            .map(|s| {
                let this = at;
                at += Duration::minutes(i64::from(s.minutes));
                this
            })
            .collect()
    }

    pub fn planned_end(&self, day: NaiveDate) -> NaiveDateTime {
        day.and_time(self.workshop.start) + Duration::minutes(i64::from(self.planned_minutes()))
    }
}

/// Formats minutes as `H:MM`, as `thrive check` reports a plan.
pub fn hours_minutes(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// Reads and validates a script file. Every problem comes back located in a [`Report`].
pub fn load(path: &Path) -> Result<Script, Report> {
    let shown = path.display().to_string();
    let bytes = read_limited(path).map_err(|d| Report::single(&shown, "", d))?;
    parse(&shown, &bytes)
}

fn read_limited(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let io = |e: std::io::Error| {
        Diagnostic::new(format!("cannot read the script: {e}"), None)
            .help("check the path; a workshop script is a .toml file (see workshops/README.md)")
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(Diagnostic::new("this is a folder, not a script", None)
            .help("name a .toml file inside it, e.g. workshops/engagement-event.toml"));
    }
    let mut bytes = Vec::new();
    // `take` as well as the size check: a pipe or device reports no size.
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_BYTES || meta.len() > MAX_BYTES {
        let size = meta.len().max(bytes.len() as u64);
        return Err(Diagnostic::at(
            0..0,
            format!(
                "the file is {:.1} MiB; a workshop script may be at most 10 MiB",
                size as f64 / (1024.0 * 1024.0)
            ),
        )
        .help("is this the right file? Keep long service lists in a CSV and import them"));
    }
    Ok(bytes)
}

/// Validates script text. `path` is only used to name the file in messages.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Script, Report> {
    let text = decode(bytes).map_err(|(source, d)| Report::single(path, source, d))?;
    let mut report = Report::new(path, text);
    scan_characters(&report.source, &mut report.diagnostics);
    if !report.diagnostics.is_empty() {
        return Err(report);
    }
    match validate::script(&report.source) {
        Ok(script) => Ok(script),
        Err(diagnostics) => {
            report.diagnostics = diagnostics;
            Err(report)
        }
    }
}

/// Bytes to text: refuses UTF-16, invalid UTF-8 and NUL with a located message; drops a
/// UTF-8 byte-order mark (spreadsheet and Windows editors write one).
fn decode(bytes: &[u8]) -> Result<String, (String, Diagnostic)> {
    if bytes.len() as u64 > MAX_BYTES {
        let d = Diagnostic::at(
            0..0,
            "the text is over 10 MiB; a workshop script may be at most 10 MiB",
        )
        .help("is this the right file? Keep long service lists in a CSV and import them");
        return Err((String::new(), d));
    }
    if let Some(shown) = utf16_text(bytes) {
        let d = Diagnostic::at(0..0, "the file is UTF-16 text, not UTF-8")
            .help("save it again as UTF-8 (in Notepad: Save As → Encoding: UTF-8)");
        return Err((shown, d));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        Err(e) => {
            let at = e.valid_up_to();
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let d = Diagnostic::at(
                at..at + 1,
                format!("the file is not UTF-8 text (byte 0x{:02X} here)", bytes[at]),
            )
            .help(
                "save the script as UTF-8; it was probably written as Latin-1 or Windows-1252 \
                 (in most editors: Save As → Encoding: UTF-8)",
            );
            return Err((lossy, d));
        }
    };
    if let Some(at) = text.find('\0') {
        let d = Diagnostic::at(at..at + 1, "the file contains a NUL byte")
            .help("a workshop script is plain UTF-8 text; this looks like a binary or UTF-16 file");
        return Err((text, d));
    }
    Ok(text)
}

/// A UTF-16 file's text (by its byte-order mark), decoded only to quote it in the message.
fn utf16_text(bytes: &[u8]) -> Option<String> {
    let big_endian = match bytes {
        [0xFF, 0xFE, ..] => false,
        [0xFE, 0xFF, ..] => true,
        _ => return None,
    };
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|c| {
            if big_endian {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        })
        .collect();
    Some(String::from_utf16_lossy(&units))
}

/// Control characters and bidirectional overrides anywhere in the file, comments included:
/// they could change what the terminal shows, or make the text read differently from what it is.
/// Tabs and line endings (LF, CRLF) are fine.
fn scan_characters(text: &str, out: &mut Vec<Diagnostic>) {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\r' && matches!(chars.peek(), Some((_, '\n'))) {
            continue;
        }
        if !crate::text::is_unsafe(c) {
            continue;
        }
        let span = i..i + c.len_utf8();
        let d = if is_bidi_control(c) {
            Diagnostic::at(
                span,
                format!("bidirectional control {} in the file", describe_char(c)),
            )
            .help("remove it: it makes text display in a different order from how it reads")
        } else {
            Diagnostic::at(
                span,
                format!("control character {} in the file", describe_char(c)),
            )
            .help("remove it: control characters can change what the terminal shows")
        };
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_example_is_valid() {
        let script = parse(EXAMPLE_NAME, EXAMPLE.as_bytes()).map_err(|r| r.to_string());
        let script = script.expect("bundled example must load");
        assert!(script.segments.len() >= 8);
    }

    #[test]
    fn planned_starts_follow_the_minutes() {
        let src = "[workshop]\ntitle='t'\nsite='s'\ndate=2026-12-03\nstart='09:30'\nfacilitator='f'\n\
                   [[segment]]\nid='a'\ntitle='A'\nminutes=15\n[[segment]]\nid='b'\ntitle='B'\nminutes=45\n";
        let s = parse("t.toml", src.as_bytes()).map_err(|r| r.to_string());
        let s = s.expect("valid");
        let starts: Vec<String> = s
            .planned_starts(s.workshop.date)
            .iter()
            .map(|t| t.format("%H:%M").to_string())
            .collect();
        assert_eq!(starts, ["09:30", "09:45"]);
        let end = s.planned_end(s.workshop.date);
        assert_eq!(end.format("%Y-%m-%d %H:%M").to_string(), "2026-12-03 10:30");
        assert_eq!(hours_minutes(s.planned_minutes()), "1:00");
    }

    #[test]
    fn byte_level_problems_are_located() {
        let r = parse("x.toml", b"[workshop]\ntitle = \"caf\xE9\"\n").err();
        let r = r.map(|r| r.to_string()).unwrap_or_default();
        assert!(
            r.starts_with("x.toml:2:13: error: the file is not UTF-8 text (byte 0xE9 here)"),
            "{r}"
        );
        let r = parse("x.toml", b"a = 1\n\0")
            .err()
            .map(|r| r.to_string())
            .unwrap_or_default();
        assert!(
            r.starts_with("x.toml:2:1: error: the file contains a NUL byte"),
            "{r}"
        );
        let r = parse("x.toml", "# \u{202E}x\n".as_bytes())
            .err()
            .map(|r| r.to_string());
        assert!(
            r.unwrap_or_default()
                .starts_with("x.toml:1:3: error: bidirectional control U+202E")
        );
    }
}

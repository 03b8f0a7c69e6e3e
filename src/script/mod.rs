//! Workshop scripts: the TOML file a facilitator writes before an event. This module holds the
//! model, [`load`] (bytes from disk with the size/encoding checks) and [`parse`]; the schema
//! walk that turns a TOML tree into a [`Script`] with located problems is in `validate`.

mod validate;
pub mod vote;

use std::fmt;
use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::diagnostic::{Diagnostic, Report};
use crate::thrive::{Framework, Grouping, Principle};

/// Scripts larger than this are refused before they are read whole.
pub const MAX_BYTES: u64 = 10 * 1024 * 1024;

/// The bundled example: a full-day engagement event. `thrive` with no argument opens it.
pub const EXAMPLE_NAME: &str = "workshops/engagement-event.toml";
pub const EXAMPLE: &str = include_str!("../../workshops/engagement-event.toml");

/// About as many words as the room reads on one big-text screen from the back of the room.
pub const ROOM_WORDS: usize = 25;

/// A loaded, valid workshop script.
#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    pub workshop: Workshop,
    pub segments: Vec<Segment>,
    pub framework: Framework,
    /// Services the map starts with when the event is first opened (`[[service]]`).
    pub services: Vec<crate::map::ServiceFields>,
    /// Who the handles typed after @ are (`[[people]]`).
    pub people: Vec<Person>,
}

/// Someone an action may be given to: the handle typed after @, and who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub handle: String,
    pub name: String,
    pub organisation: Option<String>,
}

impl Script {
    /// The vote's rules: the first `priorities` segment's, else the defaults.
    pub fn vote_rules(&self) -> vote::Rules {
        self.segments
            .iter()
            .find_map(|s| s.vote.clone())
            .unwrap_or_default()
    }

    /// The levels the assessment scores: the first `assessment` segment's, else all three.
    pub fn levels(&self) -> Vec<crate::thrive::Level> {
        self.segments
            .iter()
            .find(|s| s.kind == Kind::Assessment && !s.levels.is_empty())
            .map_or_else(|| crate::thrive::Level::ALL.to_vec(), |s| s.levels.clone())
    }

    /// How an owner reads in a report: "Priya Shah (ICB)" for a listed handle, else as typed.
    pub fn who(&self, owner: &str) -> String {
        match self
            .people
            .iter()
            .find(|p| p.handle.eq_ignore_ascii_case(owner.trim_start_matches('@')))
        {
            Some(p) => match &p.organisation {
                Some(o) => format!("{} ({o})", p.name),
                None => p.name.clone(),
            },
            None => owner.to_owned(),
        }
    }
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
    /// The site's localities, in the order the coverage grid shows them.
    pub localities: Vec<String>,
    /// Sectors this site adds to the built-in ones.
    pub sectors: Vec<String>,
    /// The sector of each organisation or taxonomy term the area's directory names, for
    /// `thrive import` of a directory (`directory_sectors`).
    pub directory_sectors: Vec<(String, String)>,
    /// The age bands the coverage grid counts by; empty for the usual five.
    pub age_bands: Vec<crate::map::Ages>,
}

impl Workshop {
    /// The sectors, localities and age bands this script's map knows.
    pub fn catalog(&self) -> crate::map::Catalog {
        crate::map::Catalog::with(&self.sectors, &self.localities).with_age_bands(&self.age_bands)
    }
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
    /// Minutes that may go when the day runs late (`flex = 10`): the console proposes taking
    /// them to finish on time.
    pub flex: u32,
    /// The levels an `assessment` segment scores (`levels = [...]`); empty for all three.
    pub levels: Vec<crate::thrive::Level>,
    /// A `priorities` segment's vote: its voters, dots, cap and top (always set on one).
    pub vote: Option<vote::Rules>,
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
    /// The i-THRIVE assessment: the principles scored at each level.
    Assessment,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
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
        Kind::Assessment,
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
            Kind::Assessment => "assessment",
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

/// What a segment puts on screen when the facilitator asks for it (`o` on the agenda).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Grouping(Grouping),
    Principle(Principle),
    AllGroupings,
    AllPrinciples,
    /// Last time's open actions.
    Review,
    /// The site map: services on the groupings.
    Map,
    /// The coverage grids and the gaps list.
    Gaps,
    /// This event's actions.
    Actions,
    /// The assessment grid.
    Assessment,
    /// The dot vote.
    Priorities,
}

impl Segment {
    /// Its grouping or principle if it names one, else the overview its kind is about.
    pub fn focus(&self) -> Option<Focus> {
        match (self.grouping, self.principle, self.kind) {
            // The exercise is the point of these, whatever grouping they start from.
            (_, _, Kind::Mapping) => Some(Focus::Map),
            (_, _, Kind::Gaps) => Some(Focus::Gaps),
            (_, _, Kind::Actions) => Some(Focus::Actions),
            (_, _, Kind::Assessment) => Some(Focus::Assessment),
            (_, _, Kind::Priorities) => Some(Focus::Priorities),
            (Some(g), _, _) => Some(Focus::Grouping(g)),
            (None, Some(p), _) => Some(Focus::Principle(p)),
            (None, None, Kind::Principles) => Some(Focus::AllPrinciples),
            (None, None, Kind::Groupings) => Some(Focus::AllGroupings),
            (None, None, Kind::Review) => Some(Focus::Review),
            _ => None,
        }
    }
}

impl Script {
    /// When the event is planned to begin, on the script's own date.
    pub fn start_at(&self) -> NaiveDateTime {
        self.workshop.date.and_time(self.workshop.start)
    }

    /// Segments whose words for the room run far past what a big screen can show (about
    /// 25 words): each with its word count, for `thrive check` to mention.
    pub fn long_room_texts(&self) -> Vec<(&Segment, usize)> {
        self.segments
            .iter()
            .map(|s| (s, s.text.split_whitespace().count()))
            .filter(|&(_, words)| words > 2 * ROOM_WORDS)
            .collect()
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
    load_with_text(path).map(|(script, _)| script)
}

/// As [`load`], with the file's text (an event keeps a copy of the script it ran).
pub fn load_with_text(path: &Path) -> Result<(Script, String), Report> {
    let shown = path.display().to_string();
    let bytes = read_limited(path).map_err(|d| Report::single(&shown, "", d))?;
    let script = parse(&shown, &bytes)?;
    Ok((script, String::from_utf8_lossy(&bytes).into_owned()))
}

fn read_limited(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    use crate::input::InputError;
    crate::input::read_limited(path, MAX_BYTES).map_err(|e| match &e {
        InputError::Io(io) => Diagnostic::new(format!("cannot read the script: {io}"), None)
            .help("check the path; a workshop script is a .toml file (see workshops/README.md)"),
        InputError::Folder => Diagnostic::new("this is a folder, not a script", None)
            .help("name a .toml file inside it, e.g. workshops/engagement-event.toml"),
        InputError::TooBig { .. } => Diagnostic::at(0..0, e.message("a workshop script"))
            .help("is this the right file? Keep long service lists in a CSV and import them"),
        InputError::NotAFile(_) => {
            Diagnostic::new(e.message("a workshop script"), None).help(e.help())
        }
    })
}

/// Validates script text. `path` is only used to name the file in messages.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Script, Report> {
    if bytes.len() as u64 > MAX_BYTES {
        let d = Diagnostic::at(
            0..0,
            "the text is over 10 MiB; a workshop script may be at most 10 MiB",
        )
        .help("is this the right file? Keep long service lists in a CSV and import them");
        return Err(Report::single(path, "", d));
    }
    let mut report = Report::new(path, crate::source::read(path, bytes)?);
    match validate::script(&report.source) {
        Ok(script) => Ok(script),
        Err(diagnostics) => {
            report.diagnostics = diagnostics;
            Err(report)
        }
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
    fn a_script_saved_with_windows_line_endings_loads_the_same() {
        let crlf = EXAMPLE.replace('\n', "\r\n");
        let lf = parse(EXAMPLE_NAME, EXAMPLE.as_bytes()).map_err(|r| r.to_string());
        let crlf = parse(EXAMPLE_NAME, crlf.as_bytes()).map_err(|r| r.to_string());
        assert_eq!(crlf, lf);
        let with_bom = [&b"\xEF\xBB\xBF"[..], EXAMPLE.as_bytes()].concat();
        assert_eq!(
            parse(EXAMPLE_NAME, &with_bom).map_err(|r| r.to_string()),
            lf
        );
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

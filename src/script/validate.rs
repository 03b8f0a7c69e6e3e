//! The schema walk: a spanned TOML tree in, a [`Script`] or every located problem out.
//!
//! Walking the tree by hand (rather than `serde` into structs) is what lets each message name
//! the exact key or value, suggest the key that was meant, and report all problems at once.

use std::collections::HashMap;
use std::ops::Range;

use chrono::{NaiveDate, NaiveTime};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::vote::{MAX_DOTS, MAX_NAME_CHARS, MAX_VOTERS, Rules};
use super::{Kind, Person, Script, Segment, Workshop};
use crate::diagnostic::{Diagnostic, line_col};
use crate::map::{Ages, Catalog, Groupings, Localities, ServiceFields};
use crate::text::{describe_char, expand_tabs, find_unsafe};
use crate::thrive::{Framework, Grouping, Level, Principle, closest, normalise_name};

type Value<'i> = Spanned<DeValue<'i>>;

const TOP_KEYS: &[&str] = &["workshop", "segment", "framework", "service", "people"];
const PERSON_KEYS: &[&str] = &["handle", "name", "organisation"];
const WORKSHOP_KEYS: &[&str] = &[
    "title",
    "site",
    "date",
    "start",
    "facilitator",
    "series",
    "venue",
    "localities",
    "sectors",
    "age_bands",
    "directory_sectors",
];
const SERVICE_KEYS: &[&str] = &[
    "name",
    "provider",
    "sector",
    "groupings",
    "ages",
    "locality",
    "localities",
    "access_route",
    "notes",
];
const SEGMENT_KEYS: &[&str] = &[
    "id",
    "title",
    "minutes",
    "kind",
    "text",
    "prompts",
    "grouping",
    "principle",
    "flex",
    "levels",
    "voters",
    "dots",
    "per_candidate",
    "top",
];
/// Keys that belong to one kind of segment only.
const KIND_KEYS: &[(&str, Kind, &str)] = &[
    (
        "levels",
        Kind::Assessment,
        "levels = [\"services\", \"individual\"]",
    ),
    (
        "voters",
        Kind::Priorities,
        "voters = [\"Table 1\", \"Table 2\"]",
    ),
    ("dots", Kind::Priorities, "dots = 3"),
    ("per_candidate", Kind::Priorities, "per_candidate = 1"),
    ("top", Kind::Priorities, "top = 3"),
];
const FRAMEWORK_KEYS: &[&str] = &["groupings", "principles"];
const WORDING_KEYS: &[&str] = &["summary", "description"];
/// Words people use for a key that spelling alone would not lead to ("location" looks like
/// `localities`, but means the venue).
const SYNONYMS: &[(&str, &str)] = &[
    ("location", "venue"),
    ("place", "venue"),
    ("room", "venue"),
    ("address", "venue"),
    ("area", "locality"),
    ("areas", "localities"),
    ("ages", "ages"),
    ("age", "ages"),
    ("description", "text"),
];
const MAX_MINUTES: i64 = 480;
const MAX_ID_CHARS: usize = 64;

pub(super) fn script(source: &str) -> Result<Script, Vec<Diagnostic>> {
    let root = match DeTable::parse(source) {
        Ok(root) => root,
        Err(e) => return Err(vec![syntax_error(source, &e)]),
    };
    let mut w = Walker {
        source,
        errors: Vec::new(),
    };
    let top = w.fields(root.get_ref(), TOP_KEYS, "at the top of a script", "");

    let workshop = match top.get("workshop") {
        Some(v) => w.table(v, "workshop").and_then(|t| w.workshop(t, v.span())),
        None => {
            w.error(
                Diagnostic::at(0..0, "the script has no [workshop] table")
                    .help("start the file with [workshop] and its title, site, date, start and facilitator (see workshops/README.md)"),
            );
            None
        }
    };
    let segments = w.segments(top.get("segment"), source.len());
    let framework = match top.get("framework") {
        Some(v) => w.table(v, "framework").map(|t| w.framework(t)),
        None => Some(Framework::default()),
    };
    let catalog = workshop.as_ref().map(Workshop::catalog).unwrap_or_default();
    let services = match top.get("service") {
        Some(v) => w.services(v, &catalog),
        None => Some(Vec::new()),
    };
    let people = match top.get("people") {
        Some(v) => w.people(v),
        None => Some(Vec::new()),
    };

    match (workshop, segments, framework, services, people) {
        (Some(workshop), Some(segments), Some(framework), Some(services), Some(people))
            if w.errors.is_empty() =>
        {
            Ok(Script {
                workshop,
                segments,
                framework,
                services,
                people,
            })
        }
        _ => Err(w.errors),
    }
}

/// TOML's own syntax errors, with a help line for the mistakes people make most.
fn syntax_error(source: &str, e: &toml::de::Error) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    if let Some(d) = unquoted_text(source, span.start) {
        return d;
    }
    let message = e
        .message()
        .lines()
        .next()
        .unwrap_or("invalid TOML")
        .to_owned();
    let found = source.get(span.clone()).unwrap_or("").trim();
    let key = line_key(source, span.start);
    let help = if message.contains("duplicate key") {
        "each key may appear once in a table; a new agenda item needs its own [[segment]] line"
            .to_owned()
    } else if let Some((what, help)) = key.and_then(value_help) {
        let key = key.unwrap_or_default();
        return Diagnostic::at(span, format!("`{key}` is not written as {what}")).help(help);
    } else if message.contains("must be quoted") {
        "put text in quotes, e.g. title = \"Welcome and purpose\"; numbers and dates go without"
            .to_owned()
    } else if message.contains("string") {
        "a string is not closed; text over several lines goes in triple quotes \"\"\" … \"\"\""
            .to_owned()
    } else {
        "this is not valid TOML; each line is `key = value`, a [table] or a [[segment]] header \
         (see workshops/README.md)"
            .to_owned()
    };
    let message = if message == "duplicate key" && !found.is_empty() {
        format!("`{found}` is set twice")
    } else {
        format!("invalid TOML: {message}")
    };
    Diagnostic::at(span, message).help(help)
}

/// The key on the line holding `at`, if the line is `key = value`.
fn line_key(source: &str, at: usize) -> Option<&str> {
    let at = at.min(source.len());
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = source[line_start..].lines().next().unwrap_or("");
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    (!key.is_empty() && !key.starts_with('[')).then_some(key)
}

/// How to write the values people most often get wrong, by key: what it should be, and how.
fn value_help(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        "date" => (
            "a date",
            "write the date as year-month-day, without quotes: date = 2026-12-03",
        ),
        "start" => (
            "a time",
            "write the time in quotes, on the 24-hour clock: start = \"09:30\"",
        ),
        "minutes" => (
            "a number",
            "write a whole number of minutes, without quotes: minutes = 15",
        ),
        "prompts" => (
            "a list",
            "write prompts as a list in square brackets: prompts = [\"First\", \"Second\"]",
        ),
        _ => return None,
    })
}

/// `site = Fenwold`: TOML reads a bare word as a misspelt `false` or `nan`, and says so. Said
/// the way a facilitator can act on: the text needs quotes.
fn unquoted_text(source: &str, at: usize) -> Option<Diagnostic> {
    let at = at.min(source.len());
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    let line = &source[line_start..line_end];
    let eq = line.find('=')?;
    let key = line[..eq].trim();
    let value_start = line_start + eq + 1;
    if at < value_start || key.is_empty() || key.starts_with('[') {
        return None;
    }
    let raw = line[eq + 1..].split(" #").next().unwrap_or("").trim();
    let bare = raw.starts_with(|c: char| c.is_alphabetic())
        && !matches!(raw, "true" | "false" | "inf" | "nan");
    if !bare {
        return None;
    }
    let offset = value_start + (line[eq + 1..].len() - line[eq + 1..].trim_start().len());
    Some(
        Diagnostic::at(
            offset..offset + raw.len(),
            format!("the text `{raw}` needs quotes"),
        )
        .help(format!("write it as {key} = \"{raw}\"")),
    )
}

struct Walker<'s> {
    source: &'s str,
    errors: Vec<Diagnostic>,
}

/// The entries of one table by key, after unknown keys were reported.
type Fields<'t, 'i> = HashMap<&'static str, &'t Value<'i>>;

impl Walker<'_> {
    fn error(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    /// Reports keys not in `allowed` (with the one probably meant) and returns the rest.
    fn fields<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        allowed: &[&'static str],
        place: &str,
        extra_help: &str,
    ) -> Fields<'t, 'i> {
        let mut out = HashMap::new();
        for (key, value) in table.iter() {
            let name: &str = key.get_ref();
            if let Some(known) = allowed.iter().find(|a| **a == name) {
                out.insert(*known, value);
                continue;
            }
            let lowered = name.to_lowercase();
            let guess = SYNONYMS
                .iter()
                .find(|(word, key)| *word == lowered && allowed.contains(key))
                .map(|(_, key)| *key)
                .or_else(|| closest(&lowered, allowed.iter().copied()));
            let list = allowed.join(", ");
            let help = match guess {
                Some(g) => format!("did you mean `{g}`? Keys here: {list}{extra_help}"),
                None => format!("keys here: {list}{extra_help}"),
            };
            self.error(
                Diagnostic::at(key.span(), format!("unknown key `{name}` {place}")).help(help),
            );
        }
        out
    }

    fn table<'t, 'i>(&mut self, v: &'t Value<'i>, name: &str) -> Option<&'t DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.error(
                    Diagnostic::at(
                        v.span(),
                        format!("`{name}` must be a table, found {}", type_name(other)),
                    )
                    .help(format!("write it as a [{name}] header with its keys below")),
                );
                None
            }
        }
    }

    fn missing(&mut self, at: Range<usize>, key: &str, place: &str, example: &str) {
        self.error(
            Diagnostic::at(at, format!("{place} is missing `{key}`"))
                .help(format!("add a line such as {example}")),
        );
    }

    fn wrong_type(&mut self, v: &Value<'_>, key: &str, want: &str, example: &str) {
        self.error(
            Diagnostic::at(
                v.span(),
                format!("`{key}` must be {want}, found {}", type_name(v.get_ref())),
            )
            .help(format!("write it like {example}")),
        );
    }

    /// A text value: no control characters (escapes included), tabs expanded; `one_line`
    /// refuses line breaks, for names and titles.
    fn text(&mut self, v: &Value<'_>, key: &str, one_line: bool, example: &str) -> Option<String> {
        let DeValue::String(s) = v.get_ref() else {
            self.wrong_type(v, key, "text in quotes", example);
            return None;
        };
        let s = expand_tabs(s);
        let unsafe_char = if one_line {
            s.chars()
                .find(|&c| c == '\n' || crate::text::is_unsafe(c))
                .map(|c| (0, c))
        } else {
            find_unsafe(&s)
        };
        if let Some((_, c)) = unsafe_char {
            let d = if c == '\n' {
                Diagnostic::at(v.span(), format!("`{key}` must be one line"))
                    .help("put it on a single line; longer text belongs in the segment's `text`")
            } else {
                Diagnostic::at(v.span(), format!("`{key}` contains {}", describe_char(c)))
                    .help("remove the escape for it: control characters are never shown on screen")
            };
            self.error(d);
            return None;
        }
        Some(s)
    }

    fn required_text(
        &mut self,
        f: &Fields<'_, '_>,
        key: &str,
        table_span: &Range<usize>,
        place: &str,
        example: &str,
    ) -> Option<String> {
        let Some(v) = f.get(key) else {
            self.missing(table_span.clone(), key, place, example);
            return None;
        };
        let s = self.text(v, key, true, example)?;
        if s.trim().is_empty() {
            self.error(
                Diagnostic::at(v.span(), format!("`{key}` is empty"))
                    .help(format!("give it a value, e.g. {example}")),
            );
            return None;
        }
        Some(s.trim().to_owned())
    }

    fn optional_text(&mut self, f: &Fields<'_, '_>, key: &str, example: &str) -> Option<String> {
        let v = f.get(key)?;
        let s = self.text(v, key, true, example)?;
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_owned())
    }

    fn workshop(&mut self, t: &DeTable<'_>, span: Range<usize>) -> Option<Workshop> {
        let f = self.fields(t, WORKSHOP_KEYS, "in [workshop]", "");
        let place = "[workshop]";
        let title = self.required_text(
            &f,
            "title",
            &span,
            place,
            "title = \"THRIVE engagement event\"",
        );
        let site = self.required_text(&f, "site", &span, place, "site = \"Northamptonshire\"");
        let facilitator = self.required_text(
            &f,
            "facilitator",
            &span,
            place,
            "facilitator = \"Priya Shah\"",
        );
        let date = match f.get("date") {
            Some(v) => self.date(v),
            None => {
                self.missing(span.clone(), "date", place, "date = 2026-12-03");
                None
            }
        };
        let start = match f.get("start") {
            Some(v) => self.time(v),
            None => {
                self.missing(span.clone(), "start", place, "start = \"09:30\"");
                None
            }
        };
        let series = self.optional_text(&f, "series", "series = \"Northants THRIVE 2026–27\"");
        let venue = self.optional_text(&f, "venue", "venue = \"The Guildhall\"");
        let localities = match f.get("localities") {
            Some(v) => self.text_list(v, "localities", "localities = [\"North\", \"West\"]"),
            None => Some(Vec::new()),
        };
        let sectors = match f.get("sectors") {
            Some(v) => self.text_list(v, "sectors", "sectors = [\"Youth justice\"]"),
            None => Some(Vec::new()),
        };
        let age_bands = match f.get("age_bands") {
            Some(v) => self.age_bands(v),
            None => Some(Vec::new()),
        };
        let directory_sectors = match (f.get("directory_sectors"), &sectors) {
            (Some(v), Some(extra)) => self.directory_sectors(v, extra),
            _ => Some(Vec::new()),
        };
        Some(Workshop {
            title: title?,
            site: site?,
            date: date?,
            start: start?,
            facilitator: facilitator?,
            series,
            venue,
            localities: localities?,
            sectors: sectors?,
            age_bands: age_bands?,
            directory_sectors: directory_sectors?,
        })
    }

    /// `directory_sectors = { "Fenwold Council" = "local authority" }`: the sector of each
    /// organisation (or taxonomy term) a directory names, each a sector the map knows.
    fn directory_sectors(
        &mut self,
        v: &Value<'_>,
        extra: &[String],
    ) -> Option<Vec<(String, String)>> {
        const EXAMPLE: &str = "directory_sectors = { \"Fenwold Council\" = \"local authority\" }";
        let DeValue::Table(t) = v.get_ref() else {
            self.wrong_type(
                v,
                "directory_sectors",
                "a table of names and sectors",
                EXAMPLE,
            );
            return None;
        };
        let catalog = crate::map::Catalog::with(extra, &[]);
        let mut out = Vec::with_capacity(t.len());
        let mut ok = true;
        for (name, value) in t {
            let Some(text) = self.text(value, "directory_sectors", true, EXAMPLE) else {
                ok = false;
                continue;
            };
            match catalog.sector(&text) {
                Ok(sector) => out.push((name.get_ref().to_string(), sector)),
                Err(e) => {
                    self.error(Diagnostic::at(value.span(), e.to_string()).help(format!(
                        "write one of the map's sectors: {}",
                        catalog.sectors.join(", ")
                    )));
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    /// `age_bands = ["0-4", "5-11", "12-17", "18-25"]`: each a range, youngest first, none
    /// overlapping the next.
    fn age_bands(&mut self, v: &Value<'_>) -> Option<Vec<Ages>> {
        const EXAMPLE: &str = "age_bands = [\"0-4\", \"5-11\", \"12-17\", \"18-25\"]";
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(v, "age_bands", "a list of age ranges", EXAMPLE);
            return None;
        };
        let mut out: Vec<Ages> = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            let Some(text) = self.text(item, "age_bands", true, EXAMPLE) else {
                ok = false;
                continue;
            };
            match Ages::parse(&text) {
                Ok(Some(band)) => {
                    if let Some(last) = out.last()
                        && band.from <= last.to
                    {
                        self.error(
                            Diagnostic::at(
                                item.span(),
                                format!("age band {band} starts before the band above it ends ({last})"),
                            )
                            .help(format!("list the bands youngest first, each starting after the last ends: {EXAMPLE}")),
                        );
                        ok = false;
                    }
                    out.push(band);
                }
                Ok(None) => {
                    self.error(
                        Diagnostic::at(item.span(), "an age band is empty")
                            .help(format!("write each band as a range: {EXAMPLE}")),
                    );
                    ok = false;
                }
                Err(e) => {
                    self.error(
                        Diagnostic::at(item.span(), e).help(format!("write it like {EXAMPLE}")),
                    );
                    ok = false;
                }
            }
        }
        if ok && out.len() > 26 {
            self.error(
                Diagnostic::at(v.span(), "more age bands than there are ages (0–25)").help(
                    format!("a grid reads best with four or five bands: {EXAMPLE}"),
                ),
            );
            ok = false;
        }
        ok.then_some(out)
    }

    /// A list of one-line names (localities, sectors); a single text is a list of one.
    fn text_list(&mut self, v: &Value<'_>, key: &str, example: &str) -> Option<Vec<String>> {
        let items: Vec<&Value<'_>> = match v.get_ref() {
            DeValue::String(_) => vec![v],
            DeValue::Array(items) => items.iter().collect(),
            _ => {
                self.wrong_type(v, key, "a list of names", example);
                return None;
            }
        };
        let mut out: Vec<String> = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            match self.text(item, key, true, example) {
                Some(s) if s.trim().is_empty() => {}
                Some(s) => {
                    let s = s.trim().to_owned();
                    if out.iter().any(|o| normalise_name(o) == normalise_name(&s)) {
                        self.error(
                            Diagnostic::at(
                                item.span(),
                                format!("`{s}` is listed twice in `{key}`"),
                            )
                            .help("list each name once"),
                        );
                        ok = false;
                    } else {
                        out.push(s);
                    }
                }
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// A one-line text read by `read`, whose message becomes the diagnostic. Empty is `None`.
    fn read<T>(
        &mut self,
        f: &Fields<'_, '_>,
        key: &str,
        example: &str,
        read: impl Fn(&str) -> Result<T, crate::map::FieldError>,
    ) -> Option<T> {
        let v = f.get(key)?;
        let s = self.text(v, key, true, example)?;
        if s.trim().is_empty() {
            return None;
        }
        match read(s.trim()) {
            Ok(value) => Some(value),
            Err(e) => {
                self.error(Diagnostic::at(v.span(), e).help(format!("write it like {example}")));
                None
            }
        }
    }

    /// `[[service]]` tables: services the map starts with when the event is first opened.
    /// `[[people]]`: who the handles typed after @ are, so reports say who, not a handle.
    fn people(&mut self, v: &Value<'_>) -> Option<Vec<Person>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.error(
                Diagnostic::at(v.span(), "`people` must be a list of people")
                    .help("write each person under its own [[people]] header (double brackets)"),
            );
            return None;
        };
        let mut out: Vec<Person> = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items.iter() {
            let DeValue::Table(t) = item.get_ref() else {
                self.error(
                    Diagnostic::at(item.span(), "each person must be a table")
                        .help("write each person under its own [[people]] header"),
                );
                ok = false;
                continue;
            };
            let f = self.fields(t, PERSON_KEYS, "in a [[people]]", "");
            let place = "this [[people]]";
            let handle =
                self.required_text(&f, "handle", &item.span(), place, "handle = \"priya\"");
            let name = self.required_text(&f, "name", &item.span(), place, "name = \"Priya Shah\"");
            let organisation = self.optional_text(&f, "organisation", "organisation = \"ICB\"");
            let handle = handle.map(|h| h.trim_start_matches('@').to_owned());
            if let Some(h) = &handle
                && (h.is_empty() || h.contains(char::is_whitespace))
            {
                let at = f.get("handle").map_or(item.span(), |v| v.span());
                self.error(
                    Diagnostic::at(at, format!("the handle “{h}” is not one word"))
                        .help("a handle is what is typed after @ in an action: handle = \"priya\""),
                );
                ok = false;
                continue;
            }
            match (handle, name) {
                (Some(handle), Some(name)) => {
                    if out.iter().any(|p| p.handle.eq_ignore_ascii_case(&handle)) {
                        let at = f.get("handle").map_or(item.span(), |v| v.span());
                        self.error(
                            Diagnostic::at(at, format!("the handle “{handle}” is listed twice"))
                                .help("give each person their own handle"),
                        );
                        ok = false;
                    } else {
                        out.push(Person {
                            handle,
                            name,
                            organisation,
                        });
                    }
                }
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn services(&mut self, v: &Value<'_>, catalog: &Catalog) -> Option<Vec<ServiceFields>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.error(
                Diagnostic::at(v.span(), "`service` must be a list of services")
                    .help("write each service under its own [[service]] header (double brackets)"),
            );
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items.iter() {
            let DeValue::Table(t) = item.get_ref() else {
                self.error(
                    Diagnostic::at(item.span(), "each service must be a table")
                        .help("write each service under its own [[service]] header"),
                );
                ok = false;
                continue;
            };
            match self.service(t, item.span(), catalog) {
                Some(s) => out.push(s),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn service(
        &mut self,
        t: &DeTable<'_>,
        span: Range<usize>,
        catalog: &Catalog,
    ) -> Option<ServiceFields> {
        let f = self.fields(t, SERVICE_KEYS, "in a [[service]]", "");
        let place = "this [[service]]";
        let before = self.errors.len();
        let name = self.required_text(&f, "name", &span, place, "name = \"Kooth\"");
        let mut fields = ServiceFields::named(name.as_deref().unwrap_or(""));
        fields.provider = self
            .optional_text(&f, "provider", "provider = \"Kooth plc\"")
            .unwrap_or_default();
        fields.sector = self
            .read(&f, "sector", "sector = \"voluntary sector\"", |s| {
                catalog.sector(s).map(Some)
            })
            .flatten();
        fields.ages = self
            .read(&f, "ages", "ages = \"11-25\"", Ages::parse)
            .flatten();
        if let Some(v) = f.get("groupings") {
            let example = "groupings = [\"Getting Advice\", 3]";
            let items: Vec<&Value<'_>> = match v.get_ref() {
                DeValue::Array(items) => items.iter().collect(),
                _ => vec![v],
            };
            for item in items {
                if let DeValue::String(s) = item.get_ref()
                    && s.contains([';', ','])
                {
                    match Groupings::parse(s) {
                        Ok(g) => fields.groupings = fields.groupings.union(g),
                        Err(e) => self.error(
                            Diagnostic::at(item.span(), e).help(format!("write it like {example}")),
                        ),
                    }
                } else if let Some(g) = self.grouping(item) {
                    fields.groupings = fields.groupings.with(g, true);
                }
            }
        }
        let mut localities = self
            .optional_text(&f, "locality", "locality = \"West\"")
            .map(|l| Localities::parse(&l))
            .unwrap_or_default();
        if let Some(v) = f.get("localities")
            && let Some(list) =
                self.text_list(v, "localities", "localities = [\"North\", \"West\"]")
        {
            localities = localities.union(&list.iter().collect());
        }
        let localities = localities.spelled(catalog);
        // The script's own list is the truth: a service elsewhere is a typo or a place to
        // add to it, never a locality of its own.
        if !catalog.localities.is_empty() {
            let at = f
                .get("locality")
                .or_else(|| f.get("localities"))
                .map_or(span.clone(), |v| v.span());
            for (name, near) in catalog.unknown_localities(&localities) {
                let help = match near {
                    Some(k) => {
                        format!("did you mean “{k}”? Or add “{name}” to [workshop] localities")
                    }
                    None => format!(
                        "add “{name}” to [workshop] localities, or write one of: {}, All",
                        catalog.localities.join(", ")
                    ),
                };
                self.error(
                    Diagnostic::at(at.clone(), format!("“{name}” is not one of the localities"))
                        .help(help),
                );
            }
        }
        fields.localities = localities;
        fields.access_route = self
            .optional_text(&f, "access_route", "access_route = \"self-referral\"")
            .map(|r| crate::map::find_route(&r).map(str::to_owned).unwrap_or(r))
            .unwrap_or_default();
        fields.notes = match f.get("notes") {
            Some(v) => self
                .text(v, "notes", false, "notes = \"0800 …\"")
                .map(|s| s.trim().to_owned())
                .unwrap_or_default(),
            None => String::new(),
        };
        (self.errors.len() == before && name.is_some()).then_some(fields)
    }

    fn date(&mut self, v: &Value<'_>) -> Option<NaiveDate> {
        let parsed = match v.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() => dt.date.and_then(|d| {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }),
            DeValue::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                Diagnostic::at(v.span(), "`date` must be a date written year-month-day")
                    .help("write it like date = 2026-12-03"),
            );
        }
        parsed
    }

    fn time(&mut self, v: &Value<'_>) -> Option<NaiveTime> {
        let parsed = match v.get_ref() {
            DeValue::Datetime(dt) if dt.date.is_none() && dt.offset.is_none() => dt
                .time
                .and_then(|t| NaiveTime::from_hms_opt(u32::from(t.hour), u32::from(t.minute), 0)),
            DeValue::String(s) => NaiveTime::parse_from_str(s.trim(), "%H:%M").ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                Diagnostic::at(
                    v.span(),
                    "`start` must be a time of day on the 24-hour clock",
                )
                .help("write it like start = \"09:30\" (or \"13:15\" for a quarter past one)"),
            );
        }
        parsed
    }

    fn segments(&mut self, v: Option<&&Value<'_>>, len: usize) -> Option<Vec<Segment>> {
        let Some(v) = v else {
            self.error(
                Diagnostic::at(
                    len..len,
                    "the agenda is empty: the script has no [[segment]]",
                )
                .help("add one [[segment]] per agenda item with its id, title and minutes"),
            );
            return None;
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.error(
                Diagnostic::at(v.span(), "`segment` must be a list of agenda items").help(
                    "write each agenda item under its own [[segment]] header (double brackets)",
                ),
            );
            return None;
        };
        if items.is_empty() {
            self.error(
                Diagnostic::at(v.span(), "the agenda is empty")
                    .help("add one [[segment]] per agenda item with its id, title and minutes"),
            );
            return None;
        }
        let mut seen: HashMap<String, Range<usize>> = HashMap::new();
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items.iter() {
            let DeValue::Table(t) = item.get_ref() else {
                self.error(
                    Diagnostic::at(item.span(), "each agenda item must be a table")
                        .help("write each agenda item under its own [[segment]] header"),
                );
                ok = false;
                continue;
            };
            let (segment, id) = self.segment(t, item.span());
            // Ids are compared even when the rest of the segment has problems.
            if let Some((id, id_span)) = id {
                let key = id.to_lowercase();
                if let Some(first) = seen.get(&key).cloned() {
                    let (line, _) = line_col(self.source, first.start);
                    self.error(
                        Diagnostic::at(id_span, format!("segment id `{id}` is used twice")).help(
                            format!("the first is on line {line}; give each segment its own id"),
                        ),
                    );
                    ok = false;
                } else {
                    seen.insert(key, id_span);
                }
            }
            match segment {
                Some(segment) => out.push(segment),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// The segment if it is valid, and its id (with where it is) if that is.
    #[allow(clippy::type_complexity)]
    fn segment(
        &mut self,
        t: &DeTable<'_>,
        span: Range<usize>,
    ) -> (Option<Segment>, Option<(String, Range<usize>)>) {
        let f = self.fields(t, SEGMENT_KEYS, "in a [[segment]]", "");
        let place = "this [[segment]]";
        let id = match f.get("id") {
            Some(v) => self.id(v),
            None => {
                let title = f
                    .get("title")
                    .and_then(|v| v.get_ref().as_str())
                    .unwrap_or("welcome");
                self.missing(
                    span.clone(),
                    "id",
                    place,
                    &format!("id = \"{}\"", slug(title)),
                );
                None
            }
        };
        let title =
            self.required_text(&f, "title", &span, place, "title = \"Welcome and purpose\"");
        let minutes = match f.get("minutes") {
            Some(v) => self.minutes(v),
            None => {
                self.missing(span.clone(), "minutes", place, "minutes = 15");
                None
            }
        };
        let kind = match f.get("kind") {
            Some(v) => self.kind(v),
            None => Some(Kind::Talk),
        };
        let text = match f.get("text") {
            Some(v) => self.text(v, "text", false, "text = \"What we will do today\""),
            None => Some(String::new()),
        };
        let prompts = match f.get("prompts") {
            Some(v) => self.prompts(v),
            None => Some(Vec::new()),
        };
        let grouping = match f.get("grouping") {
            Some(v) => self.grouping(v).map(Some),
            None => Some(None),
        };
        let principle = match f.get("principle") {
            Some(v) => self.principle(v).map(Some),
            None => Some(None),
        };
        let flex = match (f.get("flex"), minutes) {
            (Some(v), Some(m)) => self.flex(v, m),
            (Some(_), None) | (None, _) => Some(0),
        };
        for &(key, belongs, example) in KIND_KEYS {
            if let (Some(v), Some(k)) = (f.get(key), kind)
                && k != belongs
            {
                self.error(
                    Diagnostic::at(
                        v.span(),
                        format!(
                            "`{key}` belongs on a {} segment, not a {} one",
                            belongs.name(),
                            k.name()
                        ),
                    )
                    .help(format!(
                        "set kind = \"{}\" here, or move {example} to the {} segment",
                        belongs.name(),
                        belongs.name()
                    )),
                );
            }
        }
        let levels = match f.get("levels") {
            Some(v) => self.levels(v),
            None => Some(Vec::new()),
        };
        let vote = if kind == Some(Kind::Priorities) {
            self.rules(&f)
        } else {
            Some(None)
        };
        let segment = (|| {
            Some(Segment {
                levels: levels?,
                vote: vote?,
                id: id.as_ref()?.0.clone(),
                title: title?,
                minutes: minutes?,
                kind: kind?,
                text: text?.trim_end().to_owned(),
                prompts: prompts?,
                grouping: grouping?,
                principle: principle?,
                flex: flex?,
            })
        })();
        (segment, id)
    }

    fn id(&mut self, v: &Value<'_>) -> Option<(String, Range<usize>)> {
        let id = self.text(v, "id", true, "id = \"welcome\"")?;
        let id = id.trim().to_owned();
        let valid = !id.is_empty()
            && id.chars().count() <= MAX_ID_CHARS
            && id
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if !valid {
            let suggestion = slug(&id);
            let help = if suggestion.is_empty() {
                "an id is a short name of letters, digits, - and _, e.g. id = \"welcome\""
                    .to_owned()
            } else {
                format!(
                    "an id is a short name of letters, digits, - and _ (at most {MAX_ID_CHARS}); try id = \"{suggestion}\""
                )
            };
            self.error(
                Diagnostic::at(v.span(), format!("segment id `{id}` is not a short name"))
                    .help(help),
            );
            return None;
        }
        Some((id, v.span()))
    }

    fn minutes(&mut self, v: &Value<'_>) -> Option<u32> {
        let n = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            DeValue::Float(_) => {
                self.error(
                    Diagnostic::at(v.span(), "`minutes` must be a whole number of minutes")
                        .help("round it, e.g. minutes = 15"),
                );
                return None;
            }
            DeValue::String(s) if s.trim().parse::<i64>().is_ok() => {
                self.error(
                    Diagnostic::at(v.span(), "`minutes` must be a number, found text in quotes")
                        .help(format!("remove the quotes: minutes = {}", s.trim())),
                );
                return None;
            }
            _ => {
                self.wrong_type(v, "minutes", "a whole number", "minutes = 15");
                return None;
            }
        };
        match n {
            Some(n) if (1..=MAX_MINUTES).contains(&n) => u32::try_from(n).ok(),
            _ => {
                let shown = match v.get_ref() {
                    DeValue::Integer(i) => i.as_str().to_owned(),
                    _ => String::new(),
                };
                self.error(
                    Diagnostic::at(
                        v.span(),
                        format!("`minutes` must be between 1 and {MAX_MINUTES}, found {shown}"),
                    )
                    .help("a segment lasts from 1 minute to 8 hours; split a longer block into several segments"),
                );
                None
            }
        }
    }

    /// `flex = 10`: minutes of the segment that may go on a late day, fewer than it has.
    fn flex(&mut self, v: &Value<'_>, minutes: u32) -> Option<u32> {
        let help =
            "flex is how many of the segment's minutes may go when the day runs late: flex = 10";
        let n = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => {
                self.wrong_type(v, "flex", "a whole number of minutes", "flex = 10");
                return None;
            }
        };
        match n {
            Some(n) if (0..i64::from(minutes)).contains(&n) => u32::try_from(n).ok(),
            _ => {
                self.error(
                    Diagnostic::at(
                        v.span(),
                        format!("`flex` must be from 0 to {} (fewer than the segment's {minutes} minutes)", minutes - 1),
                    )
                    .help(help),
                );
                None
            }
        }
    }

    /// `levels = ["services", "individual"]`: the levels an assessment scores, in the
    /// grid's order whatever order they are written in.
    fn levels(&mut self, v: &Value<'_>) -> Option<Vec<Level>> {
        let example = "levels = [\"commissioning\", \"services\", \"individual\"]";
        let names = "commissioning, services, individual";
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(v, "levels", "a list of levels", example);
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            let Some(text) = self.text(item, "levels", true, example) else {
                ok = false;
                continue;
            };
            match Level::parse(&text) {
                Some(l) if !out.contains(&l) => out.push(l),
                Some(_) => {}
                None => {
                    let guess = closest(
                        &text.to_lowercase(),
                        ["commissioning", "services", "individual"],
                    );
                    let help = match guess {
                        Some(g) => format!("did you mean \"{g}\"? Levels: {names}"),
                        None => format!("levels: {names}"),
                    };
                    self.error(
                        Diagnostic::at(
                            item.span(),
                            format!("unknown level \"{}\"", crate::text::printable(&text)),
                        )
                        .help(help),
                    );
                    ok = false;
                }
            }
        }
        if ok && out.is_empty() {
            self.error(
                Diagnostic::at(
                    v.span(),
                    "`levels` is empty: an assessment scores at least one level",
                )
                .help(format!(
                    "leave `levels` out for all three, or name some: {example}"
                )),
            );
            return None;
        }
        out.sort();
        ok.then_some(out)
    }

    /// The vote's rules on a `priorities` segment: its voters, dots, cap and top.
    fn rules(&mut self, f: &Fields<'_, '_>) -> Option<Option<Rules>> {
        let mut rules = Rules::default();
        let mut ok = true;
        if let Some(v) = f.get("voters") {
            match self.voters(v) {
                Some(list) => rules.voters = list,
                None => ok = false,
            }
        }
        let number = |w: &mut Self, key: &str, most: u32, example: &str| -> Option<Option<u32>> {
            let Some(v) = f.get(key) else {
                return Some(None);
            };
            let n = match v.get_ref() {
                DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
                _ => None,
            };
            match n {
                Some(n) if (1..=i64::from(most)).contains(&n) => Some(u32::try_from(n).ok()),
                _ => {
                    w.error(
                        Diagnostic::at(
                            v.span(),
                            format!("`{key}` must be a whole number from 1 to {most}"),
                        )
                        .help(format!("e.g. {example}")),
                    );
                    None
                }
            }
        };
        match number(self, "dots", MAX_DOTS, "dots = 3") {
            Some(n) => rules.dots = n.unwrap_or(rules.dots),
            None => ok = false,
        }
        match number(self, "per_candidate", MAX_DOTS, "per_candidate = 1") {
            Some(n) => rules.per_candidate = n,
            None => ok = false,
        }
        match number(self, "top", 50, "top = 3") {
            Some(n) => rules.top = n.unwrap_or(rules.top),
            None => ok = false,
        }
        if let (Some(most), Some(v)) = (rules.per_candidate, f.get("per_candidate"))
            && most > rules.dots
        {
            self.error(
                Diagnostic::at(
                    v.span(),
                    format!("`per_candidate` is {most}, more than the {} dots each voter has", rules.dots),
                )
                .help("per_candidate caps one voter's dots on one candidate: per_candidate = 1 means one each"),
            );
            ok = false;
        }
        ok.then_some(Some(rules))
    }

    fn voters(&mut self, v: &Value<'_>) -> Option<Vec<String>> {
        let example = "voters = [\"Table 1\", \"Table 2\", \"Table 3\"]";
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(v, "voters", "a list of names", example);
            return None;
        };
        let mut out: Vec<String> = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            let Some(name) = self.text(item, "voters", true, example) else {
                ok = false;
                continue;
            };
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
                self.error(
                    Diagnostic::at(
                        item.span(),
                        format!("a voter's name must be 1 to {MAX_NAME_CHARS} characters"),
                    )
                    .help("name the table or person as the room calls it: \"Table 3\""),
                );
                ok = false;
            } else if out.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
                self.error(
                    Diagnostic::at(item.span(), format!("voter \"{name}\" is named twice"))
                        .help("each table votes once; give each its own name"),
                );
                ok = false;
            } else {
                out.push(name);
            }
        }
        if out.len() > MAX_VOTERS {
            self.error(
                Diagnostic::at(
                    v.span(),
                    format!(
                        "{} voters is more than the {MAX_VOTERS} one vote can take",
                        out.len()
                    ),
                )
                .help("a dot vote by keyboard is for tables; group people into tables"),
            );
            ok = false;
        }
        ok.then_some(out)
    }

    fn kind(&mut self, v: &Value<'_>) -> Option<Kind> {
        let example = "kind = \"discussion\"";
        let s = self.text(v, "kind", true, example)?;
        let kind = Kind::parse(&s);
        if kind.is_none() {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            let guess = closest(&s.to_lowercase(), names.iter().copied());
            let list = names.join(", ");
            let help = match guess {
                Some(g) => format!("did you mean \"{g}\"? Kinds: {list}"),
                None => format!("kinds: {list}"),
            };
            self.error(
                Diagnostic::at(v.span(), format!("unknown segment kind \"{s}\"")).help(help),
            );
        }
        kind
    }

    fn prompts(&mut self, v: &Value<'_>) -> Option<Vec<String>> {
        let example = "prompts = [\"Ask each table …\", \"Remind …\"]";
        match v.get_ref() {
            DeValue::String(_) => {
                let s = self.text(v, "prompts", false, example)?;
                Some(vec![s.trim().to_owned()])
            }
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut ok = true;
                for item in items.iter() {
                    match self.text(item, "prompts", false, example) {
                        Some(s) if !s.trim().is_empty() => out.push(s.trim().to_owned()),
                        Some(_) => {}
                        None => ok = false,
                    }
                }
                ok.then_some(out)
            }
            _ => {
                self.wrong_type(v, "prompts", "a list of text", example);
                None
            }
        }
    }

    fn name_or_number<T>(
        &mut self,
        v: &Value<'_>,
        key: &str,
        parse: fn(&str) -> Option<T>,
        suggest: fn(&str) -> Option<&'static str>,
        all: &str,
    ) -> Option<T> {
        let raw = match v.get_ref() {
            DeValue::String(s) => s.to_string(),
            DeValue::Integer(i) => i.as_str().to_owned(),
            other => {
                self.error(
                    Diagnostic::at(
                        v.span(),
                        format!(
                            "`{key}` must be a name or number, found {}",
                            type_name(other)
                        ),
                    )
                    .help(format!("{key}s: {all}")),
                );
                return None;
            }
        };
        let parsed = parse(&raw);
        if parsed.is_none() {
            let shown = crate::text::printable(&raw);
            let help = match suggest(&raw) {
                Some(g) => format!("did you mean \"{g}\"? {key}s: {all}"),
                None => format!("{key}s: {all}"),
            };
            self.error(Diagnostic::at(v.span(), format!("unknown {key} \"{shown}\"")).help(help));
        }
        parsed
    }

    fn grouping(&mut self, v: &Value<'_>) -> Option<Grouping> {
        self.name_or_number(
            v,
            "grouping",
            Grouping::parse,
            Grouping::suggest,
            "1 thriving, 2 getting-advice, 3 getting-help, 4 getting-more-help, 5 getting-risk-support",
        )
    }

    fn principle(&mut self, v: &Value<'_>) -> Option<Principle> {
        self.name_or_number(
            v,
            "principle",
            Principle::parse,
            Principle::suggest,
            "1 common-language, 2 needs-led, 3 shared-decision-making, 4 proactive-prevention, \
             5 partnership-working, 6 outcome-informed, 7 reducing-stigma, 8 accessibility",
        )
    }

    fn framework(&mut self, t: &DeTable<'_>) -> Framework {
        let mut fw = Framework::default();
        let f = self.fields(t, FRAMEWORK_KEYS, "in [framework]", "");
        if let Some(v) = f.get("groupings") {
            self.wordings(
                v,
                "framework.groupings",
                Walker::grouping,
                Grouping::name,
                |g, s, d| fw.set_grouping(g, s, d),
            );
        }
        if let Some(v) = f.get("principles") {
            self.wordings(
                v,
                "framework.principles",
                Walker::principle,
                Principle::name,
                |p, s, d| fw.set_principle(p, s, d),
            );
        }
        fw
    }

    /// One `[framework.groupings]` or `[framework.principles]` table: each entry named by any
    /// name of its item, worded once.
    fn wordings<T: Copy + std::hash::Hash + Eq>(
        &mut self,
        v: &Value<'_>,
        table_name: &str,
        parse: fn(&mut Self, &Value<'_>) -> Option<T>,
        name: fn(T) -> &'static str,
        mut set: impl FnMut(T, Option<String>, Option<String>),
    ) {
        let Some(t) = self.table(v, table_name) else {
            return;
        };
        let mut seen = HashMap::new();
        for (key, value) in in_file_order(t) {
            let key_value = Spanned::new(key.span(), DeValue::String(key.get_ref().clone()));
            if let Some(item) = parse(self, &key_value)
                && self.once(&mut seen, item, key.span(), name(item))
                && let Some((summary, description)) = self.wording(value)
            {
                set(item, summary, description);
            }
        }
    }

    /// A grouping or principle worded twice under two of its names (`advice` and
    /// `getting-advice`): which wording wins would be an accident of spelling.
    fn once<T: std::hash::Hash + Eq>(
        &mut self,
        seen: &mut HashMap<T, Range<usize>>,
        item: T,
        span: Range<usize>,
        name: &str,
    ) -> bool {
        if let Some(first) = seen.get(&item) {
            let (line, _) = line_col(self.source, first.start);
            self.error(
                Diagnostic::at(span, format!("“{name}” is worded twice in [framework]"))
                    .help(format!("the first is on line {line}; keep one of them")),
            );
            return false;
        }
        seen.insert(item, span);
        true
    }

    /// One piece of a site's wording; blank is refused, as it would wipe the words off the
    /// projector.
    fn wording_text(&mut self, v: &Value<'_>, key: &str, one_line: bool) -> Option<String> {
        let example = format!("{key} = \"In our words …\"");
        let s = self.text(v, key, one_line, &example)?;
        if s.trim().is_empty() {
            self.error(
                Diagnostic::at(v.span(), format!("the {key} is empty")).help(
                    "give the site's own words, or leave the line out to keep the standard wording",
                ),
            );
            return None;
        }
        Some(s.trim().to_owned())
    }

    /// A site's wording: a string (the description) or a table with summary and description.
    #[allow(clippy::type_complexity)]
    fn wording(&mut self, v: &Value<'_>) -> Option<(Option<String>, Option<String>)> {
        match v.get_ref() {
            DeValue::String(_) => {
                let d = self.wording_text(v, "description", false)?;
                Some((None, Some(d)))
            }
            DeValue::Table(t) => {
                let f = self.fields(t, WORDING_KEYS, "in a framework wording", "");
                let summary = match f.get("summary") {
                    Some(v) => Some(self.wording_text(v, "summary", true)?),
                    None => None,
                };
                let description = match f.get("description") {
                    Some(v) => Some(self.wording_text(v, "description", false)?),
                    None => None,
                };
                Some((summary, description))
            }
            other => {
                self.error(
                    Diagnostic::at(
                        v.span(),
                        format!(
                            "a framework wording must be text or a table, found {}",
                            type_name(other)
                        ),
                    )
                    .help("write it like getting-help = \"Our words for it\""),
                );
                None
            }
        }
    }
}

/// A table's entries as they stand in the file (the parsed map is ordered by key), so "the
/// first" in a message is the first a reader meets.
fn in_file_order<'t, 'i>(
    t: &'t DeTable<'i>,
) -> Vec<(&'t Spanned<std::borrow::Cow<'i, str>>, &'t Value<'i>)> {
    let mut entries: Vec<_> = t.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date or time",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// A likely id for a title: "Welcome and purpose" → "welcome-and-purpose".
fn slug(title: &str) -> String {
    let mut out = String::new();
    for word in title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_lowercase());
        if out.chars().count() >= 40 {
            break;
        }
    }
    out
}

//! The site map: local services placed on the THRIVE groupings. A [`Service`] is plain data;
//! the store keeps it, [`line`](self::line) reads the one line a team types, [`import`] reads a
//! spreadsheet export, and [`coverage`] counts what the room needs to see — the gaps.
//!
//! Nothing here knows about the terminal or the database.

pub mod coverage;
pub mod directory;
pub mod import;
pub mod line;

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};

use crate::ids::EventId;
use crate::thrive::{Grouping, closest, normalise_name};

pub use crate::ids::ServiceId;

/// THRIVE is for children and young people aged 0–25.
pub const MAX_AGE: u8 = 25;

/// The age bands the coverage grid counts by, unless a script sets its own (`age_bands`).
pub const AGE_BANDS: [Ages; 5] = [
    Ages { from: 0, to: 4 },
    Ages { from: 5, to: 10 },
    Ages { from: 11, to: 15 },
    Ages { from: 16, to: 17 },
    Ages { from: 18, to: 25 },
];

/// The sectors every site has; a script may add its own after these.
pub const SECTORS: [&str; 7] = [
    "NHS",
    "local authority",
    "education",
    "voluntary sector",
    "social care",
    "commissioner",
    "other",
];

/// Other ways people write the built-in sectors, normalised (see [`normalise_name`]).
fn sector_aliases(sector: &str) -> &'static [&'static str] {
    match sector {
        "NHS" => &["nhs", "health", "nhs trust", "camhs", "gp", "primary care"],
        "local authority" => &["la", "council", "local council", "local government"],
        "education" => &["school", "schools", "college", "colleges", "university"],
        "voluntary sector" => &[
            "voluntary",
            "vcs",
            "vcse",
            "vcfse",
            "charity",
            "third sector",
            "community",
            "voluntary and community",
            "voluntary and community sector",
        ],
        "social care" => &["childrens social care", "social services", "csc"],
        "commissioner" => &["commissioners", "commissioning", "icb", "ccg"],
        "other" => &["private", "independent"],
        _ => &[],
    }
}

/// The access routes a team is offered as words to type; any other route is kept as written.
pub const ROUTES: [&str; 7] = [
    "self-referral",
    "professional referral",
    "GP referral",
    "school referral",
    "drop-in",
    "online",
    "phone",
];

fn route_aliases(route: &str) -> &'static [&'static str] {
    match route {
        "self-referral" => &["self referral", "self", "self refer"],
        "professional referral" => &["referral", "professional", "referral only"],
        "GP referral" => &["gp referral", "via gp"],
        "school referral" => &["school referral", "via school"],
        "drop-in" => &["drop in", "dropin", "walk in"],
        "online" => &["web", "website", "app", "digital", "online chat", "chat"],
        "phone" => &["telephone", "helpline", "phone line", "text", "sms"],
        _ => &[],
    }
}

/// A set of groupings: a service can meet needs in several.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Groupings(u8);

impl Groupings {
    pub const NONE: Groupings = Groupings(0);

    pub fn from_bits(bits: i64) -> Groupings {
        Groupings((bits & 0x1f) as u8)
    }

    pub fn bits(self) -> i64 {
        i64::from(self.0)
    }

    pub fn bit(g: Grouping) -> u8 {
        1 << (g.number() - 1)
    }

    pub fn contains(self, g: Grouping) -> bool {
        self.0 & Self::bit(g) != 0
    }

    pub fn with(self, g: Grouping, on: bool) -> Groupings {
        if on {
            Groupings(self.0 | Self::bit(g))
        } else {
            Groupings(self.0 & !Self::bit(g))
        }
    }

    /// The set of the groupings `list` names.
    pub fn of<'a>(list: impl IntoIterator<Item = &'a Grouping>) -> Groupings {
        list.into_iter()
            .fold(Groupings::NONE, |set, g| set.with(*g, true))
    }

    pub fn union(self, other: Groupings) -> Groupings {
        Groupings(self.0 | other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn iter(self) -> impl Iterator<Item = Grouping> {
        Grouping::ALL.into_iter().filter(move |g| self.contains(*g))
    }

    /// "1 3 5": the numbers, as typed.
    pub fn numbers(self) -> String {
        self.iter()
            .map(|g| g.number().to_string())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Reads `Getting Help; 4; risk` — names, aliases or numbers separated by `;`, `,`, `/`,
    /// `|` or spaces between numbers ("1 3").
    pub fn parse(text: &str) -> Result<Groupings, FieldError> {
        let mut set = Groupings::NONE;
        for part in text.split([';', ',', '/', '|', '+']) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let words: Vec<&str> = part.split_whitespace().collect();
            if words.len() > 1 && words.iter().all(|w| w.parse::<u8>().is_ok()) {
                for w in words {
                    set = set.with(grouping(w)?, true);
                }
            } else {
                set = set.with(grouping(part)?, true);
            }
        }
        Ok(set)
    }
}

fn grouping(word: &str) -> Result<Grouping, FieldError> {
    let word = word.trim().trim_start_matches('#');
    Grouping::parse(word).ok_or_else(|| FieldError::NotAGrouping {
        word: word.to_owned(),
        suggestion: Grouping::suggest(word).map(str::to_owned),
    })
}

/// A service's field that cannot be read, said so the person can put it right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    NotAGrouping {
        word: String,
        suggestion: Option<String>,
    },
    /// An age past the 0–25 THRIVE covers.
    PastMaxAge(u8),
    Backwards {
        from: u8,
        to: u8,
    },
    NotAnAgeRange(String),
    NotASector {
        text: String,
        suggestion: Option<String>,
        sectors: Vec<String>,
    },
}

impl FieldError {
    /// What is wrong, and what to write instead: a report shows them on two lines.
    pub fn parts(&self) -> (String, Option<String>) {
        match self {
            FieldError::NotAGrouping { word, suggestion } => (
                format!("“{word}” is not a grouping"),
                Some(match suggestion {
                    Some(s) => format!("did you mean “{s}”?"),
                    None => "use 1–5 or a name such as “Getting Help”".to_owned(),
                }),
            ),
            FieldError::PastMaxAge(age) => (
                format!("{age}: THRIVE covers ages 0–{MAX_AGE}"),
                Some(format!("write {MAX_AGE} for “and over”")),
            ),
            FieldError::Backwards { from, to } => (
                format!("{from}–{to} runs backwards"),
                Some(format!("write {to}–{from}")),
            ),
            FieldError::NotAnAgeRange(text) => (
                format!("“{text}” is not an age range"),
                Some("write it like 11-25, 16+ or under 5".to_owned()),
            ),
            FieldError::NotASector {
                text,
                suggestion,
                sectors,
            } => {
                let suggestion = suggestion
                    .as_ref()
                    .map(|s| format!("did you mean “{s}”? "))
                    .unwrap_or_default();
                (
                    format!("“{text}” is not a sector"),
                    Some(format!(
                        "{suggestion}sectors are {}; a script may add its own under [workshop] sectors",
                        sectors.join(", ")
                    )),
                )
            }
        }
    }
}

/// One line: "what is wrong — what to write" (or "; " where the help reads on from it).
impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (reason, help) = self.parts();
        let sep = match self {
            FieldError::PastMaxAge(_) | FieldError::Backwards { .. } => "; ",
            _ => " — ",
        };
        match help {
            Some(help) => write!(f, "{reason}{sep}{help}"),
            None => f.write_str(&reason),
        }
    }
}

/// Where a message is all the caller keeps (a row's reason, a field's problem).
impl From<FieldError> for String {
    fn from(e: FieldError) -> String {
        e.to_string()
    }
}

/// An age range, both ends included, within 0–25.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ages {
    pub from: u8,
    pub to: u8,
}

impl Ages {
    pub const ALL: Ages = Ages {
        from: 0,
        to: MAX_AGE,
    };

    pub fn new(from: u8, to: u8) -> Result<Ages, FieldError> {
        if from > MAX_AGE || to > MAX_AGE {
            return Err(FieldError::PastMaxAge(from.max(to)));
        }
        if from > to {
            return Err(FieldError::Backwards { from, to });
        }
        Ok(Ages { from, to })
    }

    pub fn overlaps(self, other: Ages) -> bool {
        self.from <= other.to && other.from <= self.to
    }

    pub fn covers(self, age: u8) -> bool {
        (self.from..=self.to).contains(&age)
    }

    /// The smallest range covering both.
    pub fn span(self, other: Ages) -> Ages {
        Ages {
            from: self.from.min(other.from),
            to: self.to.max(other.to),
        }
    }

    /// Reads `11-25`, `11–25`, `11 to 25`, `16+`, `under 5`, `all`, or one age `14`.
    /// `Ok(None)` for an empty text.
    pub fn parse(text: &str) -> Result<Option<Ages>, FieldError> {
        let t = text.trim().to_lowercase();
        if t.is_empty() {
            return Ok(None);
        }
        let t = t
            .strip_prefix("ages ")
            .or(t.strip_prefix("age "))
            .unwrap_or(&t);
        if matches!(t, "all" | "all ages" | "any" | "0-25" | "0–25") {
            return Ok(Some(Ages::ALL));
        }
        let bad = || FieldError::NotAnAgeRange(text.trim().to_owned());
        let age = |s: &str| -> Result<u8, FieldError> {
            let s = s
                .trim()
                .trim_end_matches(" years")
                .trim_end_matches("yrs")
                .trim();
            // Spreadsheets write whole numbers as 11.0.
            let s = s.strip_suffix(".0").unwrap_or(s);
            s.parse::<u8>().map_err(|_| bad())
        };
        if let Some(n) = t.strip_suffix('+') {
            return Ages::new(age(n)?, MAX_AGE).map(Some);
        }
        if let Some(n) = t.strip_prefix("under ").or(t.strip_prefix('<')) {
            let n = age(n)?;
            if n == 0 {
                return Err(bad());
            }
            return Ages::new(0, n - 1).map(Some);
        }
        for sep in ["-", "–", "—", " to "] {
            if let Some((a, b)) = t.split_once(sep) {
                return Ages::new(age(a)?, age(b)?).map(Some);
            }
        }
        let n = age(t)?;
        Ages::new(n, n).map(Some)
    }
}

impl fmt::Display for Ages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}–{}", self.from, self.to)
        }
    }
}

/// The sectors, localities and age bands an event knows: the built-in sectors plus the
/// script's own, the script's localities (a service may name any other locality too), and
/// the age bands its grid counts by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    pub sectors: Vec<String>,
    pub localities: Vec<String>,
    /// In order, none overlapping (the script's check makes sure).
    pub age_bands: Vec<Ages>,
}

impl Default for Catalog {
    fn default() -> Catalog {
        Catalog {
            sectors: SECTORS.iter().map(|s| (*s).to_owned()).collect(),
            localities: Vec::new(),
            age_bands: AGE_BANDS.to_vec(),
        }
    }
}

/// A locality that means "everywhere at the site": such a service counts in every locality.
pub fn is_site_wide(locality: &str) -> bool {
    matches!(
        normalise_name(locality).as_str(),
        "all"
            | "all areas"
            | "all localities"
            | "site wide"
            | "sitewide"
            | "everywhere"
            | "whole area"
    )
}

impl Catalog {
    /// The catalog with a script's extra sectors and its localities.
    pub fn with(extra_sectors: &[String], localities: &[String]) -> Catalog {
        let mut c = Catalog::default();
        for s in extra_sectors {
            if c.find_sector(s).is_none() {
                c.sectors.push(s.clone());
            }
        }
        c.localities = localities.to_vec();
        c
    }

    /// The same catalog knowing `more` localities too (those confirmed at the event), after
    /// its own.
    pub fn with_localities(mut self, more: &[String]) -> Catalog {
        for l in more {
            if self.find_locality(l).is_none() && !l.trim().is_empty() {
                self.localities.push(l.trim().to_owned());
            }
        }
        self
    }

    /// The localities `names` holds that the catalog does not know (nor are site-wide), as
    /// written, each with the known one it is near, if any: a typo to fix or a new place to
    /// confirm.
    pub fn unknown_localities(&self, names: &Localities) -> Vec<(String, Option<String>)> {
        names
            .names()
            .iter()
            .filter(|l| !is_site_wide(l) && self.find_locality(l).is_none())
            .map(|l| (l.clone(), self.near_locality(l).map(str::to_owned)))
            .collect()
    }

    /// The known locality `text` is a typo of: close in spelling and a letter or two away.
    pub fn near_locality(&self, text: &str) -> Option<&str> {
        let norm = normalise_name(text);
        let folded: Vec<String> = self.localities.iter().map(|l| normalise_name(l)).collect();
        closest(&norm, folded.iter().map(String::as_str))
            // Jaro-Winkler alone calls "Westbury" a near miss of "West"; a typo is a letter
            // or two, so the edit distance must be small too.
            .filter(|c| strsim::osa_distance(&norm, c) <= (c.chars().count() / 4).max(1))
            .and_then(|c| folded.iter().position(|f| f == c))
            .and_then(|i| self.localities.get(i))
            .map(String::as_str)
    }

    /// The same catalog counting by `bands` (the defaults when `bands` is empty).
    pub fn with_age_bands(mut self, bands: &[Ages]) -> Catalog {
        if !bands.is_empty() {
            self.age_bands = bands.to_vec();
        }
        self
    }

    /// The sector `text` names, by name or alias, in its own spelling.
    pub fn find_sector(&self, text: &str) -> Option<&str> {
        let norm = normalise_name(&text.replace('\'', ""));
        self.sectors
            .iter()
            .find(|s| normalise_name(s) == norm || sector_aliases(s).contains(&norm.as_str()))
            .map(String::as_str)
    }

    /// Like [`Catalog::find_sector`], with a message saying what would be read.
    pub fn sector(&self, text: &str) -> Result<String, FieldError> {
        if let Some(s) = self.find_sector(text) {
            return Ok(s.to_owned());
        }
        let norm = normalise_name(text);
        let names = self
            .sectors
            .iter()
            .flat_map(|s| std::iter::once(s.as_str()).chain(sector_aliases(s).iter().copied()));
        let suggestion = closest(&norm, names)
            .and_then(|n| self.find_sector(n))
            .map(str::to_owned);
        Err(FieldError::NotASector {
            text: text.trim().to_owned(),
            suggestion,
            sectors: self.sectors.clone(),
        })
    }

    /// The script's spelling of a locality written any other way, if it lists it.
    pub fn find_locality(&self, text: &str) -> Option<&str> {
        let norm = normalise_name(text);
        self.localities
            .iter()
            .find(|l| normalise_name(l) == norm)
            .map(String::as_str)
    }
}

/// The localities a service is offered in: one service in two localities stays one service
/// and counts once in each. `All` (or another site-wide word, [`is_site_wide`]) means every
/// locality; none given means not known. Written as one text, `North; West`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Localities(Vec<String>);

impl Localities {
    /// Reads `North; West` (also `North | West`): each name trimmed, a name given twice
    /// (however written) kept once, in the order first written.
    pub fn parse(text: &str) -> Localities {
        let mut out = Localities::default();
        for part in text.split([';', '|']) {
            out.add(part);
        }
        out
    }

    /// Adds one name unless it is blank or already there.
    pub fn add(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() || self.has(name) {
            return;
        }
        self.0.push(name.to_owned());
    }

    /// Whether `name` is one of them, written any way (not counting site-wide).
    pub fn has(&self, name: &str) -> bool {
        let norm = normalise_name(name);
        self.0.iter().any(|l| normalise_name(l) == norm)
    }

    pub fn names(&self) -> &[String] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn is_site_wide(&self) -> bool {
        self.0.iter().any(|l| is_site_wide(l))
    }

    /// Whether a service here could be the same one as a service in `other`: they share a
    /// locality, either is site-wide, or either is not known.
    pub fn overlaps(&self, other: &Localities) -> bool {
        self.is_empty()
            || other.is_empty()
            || self.is_site_wide()
            || other.is_site_wide()
            || self.0.iter().any(|l| other.has(l))
    }

    /// Every name in the catalog's spelling where the catalog lists it.
    pub fn spelled(self, catalog: &Catalog) -> Localities {
        Localities(
            self.0
                .into_iter()
                .map(|l| catalog.find_locality(&l).map_or(l, str::to_owned))
                .collect(),
        )
    }

    /// Both sets together, this one's first.
    pub fn union(&self, other: &Localities) -> Localities {
        let mut out = self.clone();
        for l in &other.0 {
            out.add(l);
        }
        out
    }
}

impl fmt::Display for Localities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("; "))
    }
}

impl<S: AsRef<str>> FromIterator<S> for Localities {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Localities {
        let mut out = Localities::default();
        for s in iter {
            out.add(s.as_ref());
        }
        out
    }
}

/// What to ask before a service brings new localities onto the map: each one, the known one
/// it is near, and how to confirm. `unknown` is [`Catalog::unknown_localities`].
pub fn new_locality_question(unknown: &[(String, Option<String>)], confirm: &str) -> String {
    let quoted = |s: &str| format!("“{s}”");
    let names: Vec<String> = unknown.iter().map(|(n, _)| quoted(n)).collect();
    // One name: "did you mean “Saltby Coast”?"; several: say which is near which.
    let near: Vec<String> = unknown
        .iter()
        .filter_map(|(n, near)| {
            near.as_ref().map(|k| {
                if unknown.len() == 1 {
                    quoted(k)
                } else {
                    format!("{} for {}", quoted(k), quoted(n))
                }
            })
        })
        .collect();
    let (is, it) = if names.len() == 1 {
        ("is not one of the localities", "it")
    } else {
        ("are not among the localities", "them")
    };
    let mut out = format!("{} {is}", names.join(" and "));
    if !near.is_empty() {
        out.push_str(&format!(" — did you mean {}?", near.join(", ")));
    } else {
        out.push('.');
    }
    out.push_str(&format!(" {confirm} adds {it} as new."));
    out
}

/// A known access route in its usual spelling; `None` for any other words.
pub fn find_route(text: &str) -> Option<&'static str> {
    let norm = normalise_name(text);
    ROUTES
        .into_iter()
        .find(|r| normalise_name(r) == norm || route_aliases(r).contains(&norm.as_str()))
}

/// What a team writes about a service. Text fields are empty when not given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ServiceFields {
    pub name: String,
    pub provider: String,
    pub sector: Option<String>,
    pub groupings: Groupings,
    pub ages: Option<Ages>,
    pub localities: Localities,
    pub access_route: String,
    /// Contact details and anything else worth knowing.
    pub notes: String,
    /// The area's directory's record of it, when it came from one.
    pub directory: Option<Listing>,
}

/// What the area's service directory (Open Referral UK) says of a service brought in from it:
/// how to find it there again, and how current the directory was.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Listing {
    /// The directory's id for the service, kept so a second import updates it.
    pub id: String,
    /// When a person last checked the record (`assured_date`).
    pub assured: Option<NaiveDate>,
    /// The directory's status when it is not `active` (`inactive`, `defunct`, `temporarily
    /// closed`), or [`UNLISTED`] once the whole directory no longer lists it.
    pub status: Option<String>,
    /// The directory's maximum age when it is past 25: the grids draw "to 25+", the
    /// directory's figure is kept for the report and the export.
    pub max_age: Option<u16>,
}

/// A directory's status for a service it no longer lists at all.
pub const UNLISTED: &str = "unlisted";

/// A record not checked for longer than this is stale: a gap is only as real as the
/// directory behind it.
pub const STALE_AFTER_DAYS: i64 = 365;

impl Listing {
    /// Whether the record was last checked over a year before `today` (or never said).
    pub fn stale(&self, today: NaiveDate) -> bool {
        self.assured
            .is_none_or(|d| (today - d).num_days() > STALE_AFTER_DAYS)
    }

    /// "checked 14 months ago", "checked this month", "never checked", counted from `today`.
    pub fn checked(&self, today: NaiveDate) -> String {
        let Some(d) = self.assured else {
            return "no check date".into();
        };
        let months = months_between(d, today);
        match months {
            m if m < 0 => format!("checked {}", d.format("%-d %b %Y")),
            0 => "checked this month".into(),
            1 => "checked last month".into(),
            m if m < 24 => format!("checked {m} months ago"),
            m => format!("checked {} years ago", m / 12),
        }
    }

    /// Whether the directory still offers the service.
    pub fn active(&self) -> bool {
        self.status.is_none()
    }
}

/// Whole months from `from` to `to` (negative when `to` is earlier).
pub fn months_between(from: NaiveDate, to: NaiveDate) -> i32 {
    use chrono::Datelike;
    let mut m = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if to.day() < from.day() {
        m -= 1;
    }
    m
}

impl ServiceFields {
    pub fn named(name: &str) -> ServiceFields {
        ServiceFields {
            name: name.to_owned(),
            ..ServiceFields::default()
        }
    }

    /// What two records of one service become: groupings together, ages widened, every
    /// field this one lacks taken from the other, and both sets of notes kept.
    pub fn merged(&self, other: &ServiceFields) -> ServiceFields {
        let pick = |a: &String, b: &String| {
            if a.trim().is_empty() {
                b.clone()
            } else {
                a.clone()
            }
        };
        let notes = match (self.notes.trim(), other.notes.trim()) {
            (a, b) if b.is_empty() || a == b => self.notes.clone(),
            ("", _) => other.notes.clone(),
            (a, b) => format!("{a}; {b}"),
        };
        ServiceFields {
            name: pick(&self.name, &other.name),
            provider: pick(&self.provider, &other.provider),
            sector: self.sector.clone().or_else(|| other.sector.clone()),
            groupings: self.groupings.union(other.groupings),
            ages: match (self.ages, other.ages) {
                (Some(a), Some(b)) => Some(a.span(b)),
                (a, b) => a.or(b),
            },
            localities: self.localities.union(&other.localities),
            access_route: pick(&self.access_route, &other.access_route),
            notes,
            directory: self.directory.clone().or_else(|| other.directory.clone()),
        }
    }
}

/// A service on an event's map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub id: ServiceId,
    pub event_id: EventId,
    pub created_at: NaiveDateTime,
    pub updated_at: Option<NaiveDateTime>,
    /// The service of the previous event in the series this one continues.
    pub carried_from: Option<ServiceId>,
    pub fields: ServiceFields,
}

/// The form of a name two records of one service share: case, spacing and punctuation
/// ignored ("Kooth", "KOOTH ", "Kooth." are one).
pub fn duplicate_key(name: &str) -> String {
    name.replace('&', "and")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether two records are one service: the same name (by [`duplicate_key`]), the same
/// provider (likewise; a record with no provider matches any, and one written shorter —
/// "Hill Trust" for "Hill Trust, NHS" — matches the longer), and localities that overlap
/// ([`Localities::overlaps`]). The same name in other localities is another service.
pub fn same_service(a: &ServiceFields, b: &ServiceFields) -> bool {
    duplicate_key(&a.name) == duplicate_key(&b.name)
        && same_provider(&duplicate_key(&a.provider), &duplicate_key(&b.provider))
        && a.localities.overlaps(&b.localities)
}

fn same_provider(a: &str, b: &str) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// Services looked up by the [`same_service`] rule, each with a tag of the caller's (an id,
/// a row): for checking thousands of rows against a map without comparing every pair.
#[derive(Debug, Clone)]
pub struct KnownServices<T> {
    by_name: std::collections::HashMap<String, Vec<(String, Localities, T)>>,
}

impl<T> Default for KnownServices<T> {
    fn default() -> Self {
        KnownServices {
            by_name: std::collections::HashMap::new(),
        }
    }
}

impl<T> KnownServices<T> {
    pub fn insert(&mut self, f: &ServiceFields, tag: T) {
        self.by_name
            .entry(duplicate_key(&f.name))
            .or_default()
            .push((duplicate_key(&f.provider), f.localities.clone(), tag));
    }

    /// The tag of a record of the same service as `f`, or else `f` is added with `tag`: one
    /// reading of its name and provider for both.
    pub fn find_or_insert(&mut self, f: &ServiceFields, tag: T) -> Option<&T> {
        let provider = duplicate_key(&f.provider);
        let list = self.by_name.entry(duplicate_key(&f.name)).or_default();
        match list
            .iter()
            .position(|(p, l, _)| same_provider(p, &provider) && l.overlaps(&f.localities))
        {
            Some(i) => list.get(i).map(|(_, _, t)| t),
            None => {
                list.push((provider, f.localities.clone(), tag));
                None
            }
        }
    }

    /// The tag of a record of the same service as `f`.
    pub fn find(&self, f: &ServiceFields) -> Option<&T> {
        if self.by_name.is_empty() {
            return None;
        }
        let provider = duplicate_key(&f.provider);
        self.by_name
            .get(&duplicate_key(&f.name))?
            .iter()
            .find(|(p, l, _)| same_provider(p, &provider) && l.overlaps(&f.localities))
            .map(|(_, _, tag)| tag)
    }

    /// The localities of other services of the same name (for "also in North").
    pub fn elsewhere(&self, f: &ServiceFields) -> Localities {
        let mut out = Localities::default();
        for (_, l, _) in self
            .by_name
            .get(&duplicate_key(&f.name))
            .into_iter()
            .flatten()
        {
            if !l.overlaps(&f.localities) {
                out = out.union(l);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_the_ways_people_write_them() {
        let r = |s| Ages::parse(s);
        assert_eq!(r("11-25"), Ok(Some(Ages { from: 11, to: 25 })));
        assert_eq!(r(" 11 – 25 "), Ok(Some(Ages { from: 11, to: 25 })));
        assert_eq!(r("16+"), Ok(Some(Ages { from: 16, to: 25 })));
        assert_eq!(r("under 5"), Ok(Some(Ages { from: 0, to: 4 })));
        assert_eq!(r("14"), Ok(Some(Ages { from: 14, to: 14 })));
        assert_eq!(r("All"), Ok(Some(Ages::ALL)));
        assert_eq!(r(""), Ok(None));
        assert_eq!(r("16-30"), Err(FieldError::PastMaxAge(30)));
        assert_eq!(r("18-11"), Err(FieldError::Backwards { from: 18, to: 11 }));
        assert!(
            r("teens")
                .expect_err("refused")
                .to_string()
                .contains("11-25")
        );
    }

    #[test]
    fn groupings_read_names_aliases_and_numbers() {
        let g = Groupings::parse("Getting Help; 4 ; risk").expect("reads");
        assert_eq!(g.numbers(), "3 4 5");
        assert_eq!(Groupings::parse("1 3").expect("reads").numbers(), "1 3");
        assert_eq!(Groupings::parse("").expect("reads"), Groupings::NONE);
        assert!(
            Groupings::parse("Getting Helpp")
                .expect_err("refused")
                .to_string()
                .contains("did you mean “getting help”")
        );
    }

    #[test]
    fn sectors_read_aliases_and_suggest() {
        let c = Catalog::with(&["Youth justice".into()], &["West".into()]);
        assert_eq!(c.sector("Voluntary").as_deref(), Ok("voluntary sector"));
        assert_eq!(
            c.sector("CHILDREN'S social care").as_deref(),
            Ok("social care")
        );
        assert_eq!(c.sector("youth-justice").as_deref(), Ok("Youth justice"));
        assert!(
            c.sector("educaton")
                .expect_err("refused")
                .to_string()
                .contains("did you mean “education”")
        );
        assert_eq!(c.find_locality(" west "), Some("West"));
    }

    #[test]
    fn duplicates_ignore_case_spacing_and_punctuation() {
        assert_eq!(duplicate_key("Kooth"), duplicate_key(" KOOTH. "));
        assert_eq!(duplicate_key("Mind Ed"), duplicate_key("MindEd"));
        assert_ne!(duplicate_key("Kooth"), duplicate_key("Qwell"));
    }

    #[test]
    fn merging_keeps_everything_from_both() {
        let a = ServiceFields {
            name: "Kooth".into(),
            groupings: Groupings::NONE.with(Grouping::GettingAdvice, true),
            ages: Some(Ages { from: 11, to: 18 }),
            notes: "chat".into(),
            ..ServiceFields::default()
        };
        let b = ServiceFields {
            name: "KOOTH".into(),
            provider: "Kooth plc".into(),
            groupings: Groupings::NONE.with(Grouping::GettingHelp, true),
            ages: Some(Ages { from: 16, to: 25 }),
            notes: "online".into(),
            ..ServiceFields::default()
        };
        let m = a.merged(&b);
        assert_eq!(m.name, "Kooth");
        assert_eq!(m.provider, "Kooth plc");
        assert_eq!(m.groupings.numbers(), "2 3");
        assert_eq!(m.ages, Some(Ages { from: 11, to: 25 }));
        assert_eq!(m.notes, "chat; online");
    }
}

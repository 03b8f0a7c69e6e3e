//! Services from the area's own directory, in the Open Referral UK standard (HSDS 3.0): a
//! service list page saved from its API (or several), a single service, or a tabular data
//! package. Each service is read into [`Hsds`] — only what the map uses, with where each part
//! was found — and then onto the map's [`ServiceFields`] with the directory's [`Listing`]:
//! name, provider, ages, localities, sector, route, notes, its id, status and check date.
//!
//! Like the spreadsheet import, nothing is guessed: a service that cannot be read is *bad*
//! and named by file and place (`page-2.json:contents[17].minimum_age`,
//! `services.csv:41`), a locality the event does not list is reported with the one it is
//! near and never made up, and the caller writes what was read in one transaction.
//!
//! A directory has no THRIVE groupings, so its services arrive unplaced: placing them is the
//! room's exercise. A package this console wrote does carry them, as terms of its own
//! [`GROUPINGS`] taxonomy, and they are read back.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::import::{FileProblem, Kind, clean};
use super::{
    Ages, Catalog, Groupings, KnownServices, Listing, Localities, MAX_AGE, ServiceFields,
    ServiceId, find_route,
};
use crate::diagnostic::Problem;
use crate::text::{plural, printable};
use crate::thrive::{Grouping, normalise_name};

mod html;
mod json;
pub mod tabular;

pub use html::to_text;

/// At most this many messages of each kind are listed; the rest are counted.
const MAX_LISTED: usize = 20;

/// A taxonomy this console publishes its words in, so they survive a directory's round trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Taxonomy {
    /// Stable across every export: a directory may hold on to it.
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
}

/// The THRIVE Framework's five needs-based groupings, one term per grouping.
pub const GROUPINGS: Taxonomy = Taxonomy {
    id: "8ebea952-c92b-4447-abb6-03959e599922",
    name: "THRIVE Framework groupings",
    description: "The five needs-based groupings of the THRIVE Framework for system change (Wolpert et al., 2019)",
};

/// The sector a service is provided from, as a THRIVE mapping exercise records it.
pub const SECTORS: Taxonomy = Taxonomy {
    id: "046c79eb-73eb-45ec-83ea-da36ec661f27",
    name: "THRIVE mapping sectors",
    description: "The sector each service is provided from, as recorded in a THRIVE mapping exercise",
};

/// How people reach a service, as a THRIVE mapping exercise records it.
pub const ROUTES: Taxonomy = Taxonomy {
    id: "970711f0-dfa6-4005-bd46-83033eb59d52",
    name: "THRIVE mapping access routes",
    description: "How children and young people reach each service, as recorded in a THRIVE mapping exercise",
};

/// The organisation a package this console writes gives a service whose provider was not
/// recorded (HSDS requires one); read back, it is no provider.
pub const NO_PROVIDER: &str = "Provider not recorded";

/// A classification a directory gives a service (an HSDS attribute's taxonomy term).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Term {
    /// The taxonomy's id and name where the directory says them.
    pub taxonomy_id: String,
    pub taxonomy: String,
    pub code: String,
    pub name: String,
}

impl Term {
    fn is_in(&self, t: &Taxonomy) -> bool {
        self.taxonomy_id == t.id || normalise_name(&self.taxonomy) == normalise_name(t.name)
    }

    /// The term's words: its name, else its code.
    fn words(&self) -> &str {
        if self.name.trim().is_empty() {
            &self.code
        } else {
            &self.name
        }
    }
}

/// Where a part of a service was found, for a message: `page.json:contents[3]` or
/// `services.csv:17`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spot {
    pub place: String,
    /// A JSON path takes a field as `.field`; a table's line says `column field`.
    pub json: bool,
}

impl Spot {
    pub fn json(file: &str, path: &str) -> Spot {
        Spot {
            place: if path.is_empty() {
                file.to_owned()
            } else {
                format!("{file}:{path}")
            },
            json: true,
        }
    }

    pub fn line(file: &str, line: u64) -> Spot {
        Spot {
            place: format!("{file}:{line}"),
            json: false,
        }
    }

    /// The place of one field, and the words that say it inside the message.
    fn field(&self, field: &str) -> (String, String) {
        if self.json {
            let sep = if self.place.contains(':') { "." } else { ":" };
            (format!("{}{sep}{field}", self.place), String::new())
        } else {
            (self.place.clone(), format!("column {field}: "))
        }
    }
}

/// One service as the directory describes it: only what the map uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hsds {
    pub spot: Spot,
    pub id: String,
    pub name: String,
    pub status: String,
    pub description: String,
    pub url: String,
    pub email: String,
    pub phones: Vec<String>,
    /// As written: a number, or text that should be one.
    pub minimum_age: Option<String>,
    pub maximum_age: Option<String>,
    pub assured_date: Option<String>,
    pub organization: String,
    /// Each service area's name, with where it was found.
    pub areas: Vec<(String, String)>,
    /// Each location's address words (city, then the address's second line, region, the
    /// location's name), with where it was found.
    pub addresses: Vec<(String, Vec<String>)>,
    pub terms: Vec<Term>,
    /// What made the record unreadable as a service, with where.
    pub problems: Vec<Found>,
}

/// A message about one place in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub place: String,
    pub message: String,
    pub help: Option<String>,
}

impl Found {
    fn new(place: impl Into<String>, message: impl Into<String>) -> Found {
        Found {
            place: place.into(),
            message: message.into(),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Found {
        self.help = Some(help.into());
        self
    }
}

/// What one JSON file was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    Page(Paging),
    Service,
    List(usize),
}

/// A list page's paging fields, as far as it gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paging {
    pub total_items: Option<u64>,
    pub total_pages: Option<u64>,
    pub page_number: Option<u64>,
    pub first_page: Option<bool>,
    pub last_page: Option<bool>,
    /// Services in its `contents`.
    pub services: usize,
}

impl Paging {
    fn from_fields(m: &Map<String, Value>, services: usize) -> Paging {
        let n = |k: &str| m.get(k).and_then(Value::as_u64);
        let b = |k: &str| m.get(k).and_then(Value::as_bool);
        Paging {
            total_items: n("total_items"),
            total_pages: n("total_pages"),
            page_number: n("page_number"),
            first_page: b("first_page"),
            last_page: b("last_page"),
            services,
        }
    }
}

/// Where each service read goes.
pub type Sink<'a> = dyn FnMut(Hsds) + 'a;

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A field's text: a string as it is, a number written out, anything else nothing.
fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// The first text unless it is blank, else the second: a field a directory may write under
/// either of two names (`name` or `term`, `name` or `service_area`).
pub(crate) fn either(first: &str, second: impl FnOnce() -> String) -> String {
    if first.trim().is_empty() {
        second()
    } else {
        first.to_owned()
    }
}

fn list<'v>(v: &'v Value, key: &str) -> impl Iterator<Item = (usize, &'v Value)> {
    v.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
}

impl Hsds {
    /// A service object of a JSON file; `path` is where it is (`contents[3]`, or empty for
    /// the whole file).
    pub fn from_json(v: &Value, file: &str, path: &str) -> Hsds {
        let spot = Spot::json(file, path);
        let mut h = Hsds {
            spot: spot.clone(),
            ..Hsds::default()
        };
        let Some(obj) = v.as_object() else {
            h.problems.push(
                Found::new(
                    spot.place.clone(),
                    format!("this is {}, not a service", json_kind(v)),
                )
                .help("each entry of `contents` is a service object, with its id and name"),
            );
            return h;
        };
        // A service-at-location list names each service with one of its places.
        if let (Some(service @ Value::Object(_)), None) = (obj.get("service"), obj.get("name")) {
            let mut h = Hsds::from_json(service, file, &join(path, "service"));
            if let Some(loc) = obj.get("location") {
                h.location(loc, file, &join(path, "location"));
            }
            return h;
        }
        let t = |k: &str| text_of(obj.get(k));
        h.id = t("id");
        h.name = t("name");
        h.status = t("status");
        h.description = t("description");
        h.url = t("url");
        h.email = t("email");
        let age = |k: &str| match obj.get(k) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(v @ (Value::Array(_) | Value::Object(_))) => Some(json_kind(v)),
            Some(v) => Some(text_of(Some(v))),
        };
        h.minimum_age = age("minimum_age");
        h.maximum_age = age("maximum_age");
        h.assured_date = Some(t("assured_date")).filter(|s| !s.trim().is_empty());
        if let Some(o @ Value::Object(_)) = obj.get("organization") {
            h.organization = text_of(o.get("name"));
        }
        let phones = |v: &Value, out: &mut Vec<String>| {
            for (_, p) in list(v, "phones") {
                let n = text_of(p.get("number"));
                if !n.trim().is_empty() && !out.contains(&n) {
                    out.push(n);
                }
            }
        };
        phones(v, &mut h.phones);
        for (_, c) in list(v, "contacts") {
            phones(c, &mut h.phones);
        }
        for (i, a) in list(v, "service_areas") {
            let name = either(&text_of(a.get("name")), || text_of(a.get("service_area")));
            if !name.trim().is_empty() {
                h.areas.push((
                    Spot::json(file, &join(path, &format!("service_areas[{i}]"))).place,
                    name,
                ));
            }
        }
        for (i, sal) in list(v, "service_at_locations") {
            let Some(loc) = sal.get("location") else {
                continue;
            };
            h.location(
                loc,
                file,
                &join(path, &format!("service_at_locations[{i}].location")),
            );
        }
        for (_, a) in list(v, "attributes") {
            let Some(term) = a.get("taxonomy_term") else {
                continue;
            };
            let detail = term.get("taxonomy_detail");
            h.terms.push(Term {
                taxonomy_id: either(&text_of(term.get("taxonomy_id")), || {
                    text_of(detail.and_then(|d| d.get("id")))
                }),
                taxonomy: either(&text_of(term.get("taxonomy")), || {
                    text_of(detail.and_then(|d| d.get("name")))
                }),
                code: text_of(term.get("code")),
                name: either(&text_of(term.get("name")), || text_of(term.get("term"))),
            });
        }
        h
    }

    fn at(&self, field: &str) -> (String, String) {
        self.spot.field(field)
    }

    /// The places a location's addresses name, or else its own name.
    fn location(&mut self, loc: &Value, file: &str, at: &str) {
        let mut any = false;
        for (j, a) in list(loc, "addresses") {
            any = true;
            self.addresses.push((
                Spot::json(file, &format!("{at}.addresses[{j}]")).place,
                address_words(
                    &text_of(a.get("city")),
                    &text_of(a.get("address_2")),
                    &text_of(a.get("region")),
                    "",
                ),
            ));
        }
        let name = text_of(loc.get("name"));
        if !any && !name.trim().is_empty() {
            self.addresses
                .push((Spot::json(file, at).place, vec![name]));
        }
    }
}

/// What a directory object is when it is plainly not a service, by the fields only the
/// other kinds have: a page of organisations or of taxonomy terms saved by mistake is said
/// to be so, not read as services named after organisations.
pub fn not_a_service(v: &Value) -> Option<&'static str> {
    let o = v.as_object()?;
    let has = |keys: &[&str]| keys.iter().any(|k| o.contains_key(*k));
    if has(&[
        "status",
        "organization",
        "organization_id",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "service_areas",
        "service_at_locations",
        "service",
    ]) {
        return None;
    }
    if has(&[
        "logo",
        "parent_organization_id",
        "organization_identifiers",
        "website",
        "services",
        "legal_status",
        "year_incorporated",
    ]) {
        return Some("an organisation");
    }
    if has(&[
        "version",
        "taxonomy_id",
        "parent_id",
        "term_type",
        "code",
        "taxonomy_detail",
    ]) {
        return Some("a taxonomy or one of its terms");
    }
    if has(&["latitude", "longitude", "location_type", "addresses"]) {
        return Some("a location");
    }
    None
}

/// The words of an address worth matching against localities, most specific first.
pub fn address_words(city: &str, line_2: &str, region: &str, name: &str) -> Vec<String> {
    [city, line_2, region, name]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

fn json_kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(_) => "true or false".into(),
        Value::Number(n) => format!("the number {n}"),
        Value::String(_) => "text".into(),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// What the caller decides about an import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Import services the directory marks inactive, defunct or temporarily closed too.
    pub inactive: bool,
    /// The event's site: a service area of that name means every locality.
    pub site: String,
    /// A script's sector for an organisation or a taxonomy term, by its name.
    pub sectors: Vec<(String, String)>,
}

/// The map as the import finds it: each service by the directory id it came with, and all of
/// them by name, provider and locality.
#[derive(Debug, Clone, Default)]
pub struct OnMap {
    pub by_id: HashMap<String, ServiceId>,
    pub known: KnownServices<ServiceId>,
}

/// A service read from the directory, to write onto the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub place: String,
    pub fields: ServiceFields,
    /// The map's service it updates: the one with its directory id, or by name.
    pub on_map: Option<(ServiceId, Matched)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    /// The map's service came from this directory record.
    ById,
    /// A service the team added that is the same one (name, provider, locality).
    ByName,
}

/// A service read and left out on purpose: not active, or for adults only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub place: String,
    pub name: String,
    pub id: String,
    pub why: String,
    /// The directory's status when that is why.
    pub status: Option<String>,
}

/// Everything read from one import (one or more files).
#[derive(Debug, Clone, Default)]
pub struct Read {
    pub records: Vec<Record>,
    /// Problems of services not imported; a service may have several.
    pub bad: Vec<Found>,
    pub duplicates: Vec<Found>,
    pub warnings: Vec<Found>,
    pub skipped: Vec<Skipped>,
    /// How the input was read, said once.
    pub notes: Vec<String>,
    /// Services in the input, whatever became of them.
    pub read: usize,
    /// Services not imported because of a problem.
    pub bad_services: usize,
    /// Every id the directory lists, imported or not.
    pub listed: HashSet<String>,
    /// Whether the input is the whole directory: a package, or every page of a list. Only
    /// then does a service it no longer lists get marked so.
    pub complete: bool,
    /// Localities the services name that the event does not list, with the one each is near.
    pub unknown_localities: Vec<(String, Option<String>)>,
    pub other_sector: usize,
    pub no_locality: usize,
    /// Whether it came as list pages, which often leave areas and locations out.
    pub pages: bool,
}

impl Read {
    /// With bad services, nothing is imported unless the caller was told to skip them.
    pub fn refused(&self, skip_bad: bool) -> bool {
        self.bad_services > 0 && !skip_bad
    }
}

/// Where the first service with an id went.
#[derive(Debug, Clone, Copy)]
enum First {
    Record(usize),
    Skipped(usize),
    /// Read, and left out for a problem found after its id.
    Pending,
}

/// Turns each [`Hsds`] into a [`Record`] (or says why not), checking against the event.
pub struct Reader<'a> {
    catalog: &'a Catalog,
    on_map: &'a OnMap,
    options: &'a Options,
    /// Each id read so far, and where its service went: a record, or those left out.
    ids: HashMap<String, First>,
    /// The records so far, by name, provider and locality (their index).
    seen: KnownServices<usize>,
    /// What each area or address text matched, and each unknown one's words: a county's
    /// directory names the same few places thousands of times.
    places: HashMap<String, Option<Localities>>,
    unknown: HashMap<String, (String, String)>,
    /// Each provider's (and its terms') sector, once worked out.
    sectors: HashMap<String, Option<String>>,
    pub out: Read,
}

impl<'a> Reader<'a> {
    pub fn new(catalog: &'a Catalog, on_map: &'a OnMap, options: &'a Options) -> Reader<'a> {
        Reader {
            catalog,
            on_map,
            options,
            ids: HashMap::new(),
            seen: KnownServices::default(),
            places: HashMap::new(),
            unknown: HashMap::new(),
            sectors: HashMap::new(),
            out: Read::default(),
        }
    }

    /// One JSON file, by its content: a list page, a service, or a list of services.
    pub fn json(&mut self, file: &str, bytes: &[u8]) -> Result<Shape, FileProblem> {
        let mut sink = |h: Hsds| self.take(h);
        json::read(bytes, file, &mut sink)
    }

    /// One service as read.
    pub fn take(&mut self, h: Hsds) {
        self.out.read += 1;
        if !h.id.trim().is_empty() {
            self.out.listed.insert(h.id.trim().to_owned());
        }
        let mut bad = h.problems.clone();
        let place = h.spot.place.clone();
        if bad.is_empty() && h.id.trim().is_empty() {
            let (id_at, id_col) = h.at("id");
            bad.push(
                Found::new(id_at, format!("{id_col}the service has no id"))
                    .help("a directory gives every service an id; without one it could not be updated next time"),
            );
        }
        let name = line(&h.name);
        if bad.is_empty() && name.is_empty() {
            let (at, col) = h.at("name");
            bad.push(Found::new(at, format!("{col}the service has no name")));
        }
        if !bad.is_empty() {
            self.out.bad_services += 1;
            self.out.bad.extend(bad);
            return;
        }
        let id = h.id.trim().to_owned();
        if let Some(first) = self.ids.get(&id) {
            let first = match *first {
                First::Record(i) => self.out.records.get(i).map(|r| r.place.as_str()),
                First::Skipped(i) => self.out.skipped.get(i).map(|s| s.place.as_str()),
                First::Pending => None,
            }
            .unwrap_or("an earlier place");
            self.out.duplicates.push(Found::new(
                place,
                format!("“{name}” has the id of the service at {first} — not imported twice"),
            ));
            return;
        }
        self.ids.insert(id.clone(), First::Pending);

        let status = h.status.trim().to_lowercase();
        let active = status.is_empty() || status == "active";
        if !active && !self.options.inactive {
            self.ids
                .insert(id.clone(), First::Skipped(self.out.skipped.len()));
            self.out.skipped.push(Skipped {
                place,
                name,
                id,
                why: format!("the directory marks it {status}"),
                status: Some(status),
            });
            return;
        }

        let mut problems = Vec::new();
        let min = age(&h, "minimum_age", h.minimum_age.as_deref(), &mut problems);
        let max = age(&h, "maximum_age", h.maximum_age.as_deref(), &mut problems);
        if let (Some(a), Some(b)) = (min, max)
            && a > b
        {
            let (at, col) = h.at("minimum_age");
            problems.push(
                Found::new(at, format!("{col}the ages run backwards: from {a} to {b}"))
                    .help("minimum_age is the youngest the service takes, maximum_age the oldest"),
            );
        }
        if !problems.is_empty() {
            self.out.bad_services += 1;
            self.out.bad.extend(problems);
            return;
        }
        if let Some(a) = min.filter(|&a| a > u16::from(MAX_AGE)) {
            self.ids
                .insert(id.clone(), First::Skipped(self.out.skipped.len()));
            self.out.skipped.push(Skipped {
                place,
                name,
                id,
                why: format!("it is for ages {a} and over: THRIVE is for 0–25"),
                status: None,
            });
            return;
        }
        let ages = match (min, max) {
            (None, None) => None,
            (from, to) => {
                let from = from.unwrap_or(0) as u8;
                let to = to.map_or(MAX_AGE, |t| t.min(u16::from(MAX_AGE)) as u8);
                Some(Ages { from, to })
            }
        };
        let max_age = max.filter(|&m| m > u16::from(MAX_AGE));

        let assured = h.assured_date.as_deref().and_then(|d| {
            let day = d.trim().get(..10).unwrap_or(d.trim());
            let parsed = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok();
            if parsed.is_none() {
                let (at, col) = h.at("assured_date");
                self.out.warnings.push(
                    Found::new(
                        at,
                        format!(
                            "{col}“{}” is not a date: the record's check date is left unknown",
                            printable(d.trim())
                        ),
                    )
                    .help("dates are written 2025-11-30"),
                );
            }
            parsed
        });

        let localities = self.localities(&h);
        let groupings = h
            .terms
            .iter()
            .filter(|t| t.is_in(&GROUPINGS))
            .filter_map(|t| {
                Grouping::ALL.into_iter().find(|g| {
                    normalise_name(g.name()) == normalise_name(t.words()) || g.slug() == t.code
                })
            })
            .fold(Groupings::NONE, |set, g| set.with(g, true));
        let sector = self.sector(&h);
        let access_route = h
            .terms
            .iter()
            .filter(|t| t.is_in(&ROUTES))
            .map(|t| t.words().trim().to_owned())
            .find(|w| !w.is_empty())
            .or_else(|| {
                h.terms
                    .iter()
                    .find_map(|t| find_route(t.words()))
                    .map(str::to_owned)
            })
            .or_else(|| route_in_name(&name).map(str::to_owned))
            .unwrap_or_default();

        let fields = ServiceFields {
            name: name.clone(),
            provider: Some(line(&h.organization))
                .filter(|p| p != NO_PROVIDER)
                .unwrap_or_default(),
            sector: Some(sector),
            groupings,
            ages,
            localities,
            access_route,
            notes: notes(&h),
            directory: Some(Listing {
                id: id.clone(),
                assured,
                status: (!active).then_some(status),
                max_age,
            }),
        };
        if let Some(&first) = self.seen.find_or_insert(&fields, self.out.records.len()) {
            let first = self.out.records.get(first).map_or("", |r| r.place.as_str());
            self.out.duplicates.push(Found::new(
                place,
                format!("“{name}” is the same service as the one at {first} (name, provider and locality) — not imported twice"),
            ));
            return;
        }
        self.ids
            .insert(id.clone(), First::Record(self.out.records.len()));
        let on_map = match self.on_map.by_id.get(&id) {
            Some(&s) => Some((s, Matched::ById)),
            None => self
                .on_map
                .known
                .find(&fields)
                .map(|&s| (s, Matched::ByName)),
        };
        self.out.records.push(Record {
            place,
            fields,
            on_map,
        });
    }

    /// The event's localities the service's areas and addresses name; each one it does not
    /// list is said, and the service keeps those it matched.
    fn localities(&mut self, h: &Hsds) -> Localities {
        let mut out = Localities::default();
        // A map without localities counts none: the areas are not its business.
        if self.catalog.localities.is_empty() {
            return out;
        }
        let mut any = false;
        let mut unknown: Vec<(String, String)> = Vec::new();
        for (at, area) in &h.areas {
            any = true;
            match self.match_place(area) {
                Some(found) => out = out.union(&found),
                None => unknown.push((at.clone(), area.clone())),
            }
        }
        // Addresses say where a service is when no area says where it is offered, or when
        // what the areas say is no place the event knows (a sentence, a county).
        if out.is_empty() {
            for (at, words) in &h.addresses {
                any = true;
                let mut found = None;
                for w in words {
                    found = self.match_place(w);
                    if found.is_some() {
                        break;
                    }
                }
                match found {
                    Some(found) => out = out.union(&found),
                    None => unknown.push((at.clone(), words.first().cloned().unwrap_or_default())),
                }
            }
        }
        if !any {
            self.out.no_locality += 1;
        }
        for (at, text) in unknown {
            if out.is_site_wide() {
                continue;
            }
            if !self.unknown.contains_key(&text) {
                let near = self.catalog.near_locality(&text).map(str::to_owned);
                let said = self.unknown_words(&text, near.as_deref());
                self.unknown.insert(text.clone(), said);
                if !self
                    .out
                    .unknown_localities
                    .iter()
                    .any(|(n, _)| normalise_name(n) == normalise_name(&text))
                {
                    self.out
                        .unknown_localities
                        .push((text.trim().to_owned(), near));
                }
            }
            let (shown, help) = self.unknown.get(&text).cloned().unwrap_or_default();
            let what = if out.is_empty() {
                "its locality is left unknown"
            } else {
                "the service keeps the localities that are"
            };
            self.out.warnings.push(
                Found::new(
                    at,
                    format!("“{shown}” is not one of the event's localities: {what}"),
                )
                .help(help),
            );
        }
        out
    }

    /// How an unknown place is shown, and what to do about it.
    fn unknown_words(&self, text: &str, near: Option<&str>) -> (String, String) {
        let whole = line(text);
        let shown = crate::text::cut_to_width(&whole, 60);
        // A sentence is no locality's name: a command that adds it would add nonsense.
        let sentence = shown != whole || whole.split_whitespace().count() > 6;
        let help = match near {
            None if sentence => "it reads as a description rather than a place's name: give the service its locality on the map (Enter on it), or ask the directory team to name the area".to_owned(),
            Some(n) => format!(
                "did you mean “{n}”? Or run again with --new-locality \"{shown}\" to add it to the map"
            ),
            None if self.catalog.localities.is_empty() => format!(
                "the workshop lists no localities; run again with --new-locality \"{shown}\" to add it"
            ),
            None => format!(
                "the event's localities are {}; run again with --new-locality \"{shown}\" to add it",
                self.catalog.localities.join(", ")
            ),
        };
        (shown, help)
    }

    /// The localities one area or address names: one of the event's by name, those named
    /// as words inside a longer text ("North Fenwold" names North), or every one when it
    /// names the site itself.
    fn match_place(&mut self, text: &str) -> Option<Localities> {
        if let Some(found) = self.places.get(text) {
            return found.clone();
        }
        let found = self.find_place(text);
        self.places.insert(text.to_owned(), found.clone());
        found
    }

    fn find_place(&self, text: &str) -> Option<Localities> {
        if let Some(l) = self.catalog.find_locality(text) {
            return Some(Localities::parse(l));
        }
        if super::is_site_wide(text) {
            return Some(Localities::parse("All"));
        }
        let words = words_of(text);
        let has = |name: &str| {
            let n = words_of(name);
            !n.is_empty() && words.windows(n.len()).any(|w| w == n.as_slice())
        };
        let named: Localities = self.catalog.localities.iter().filter(|l| has(l)).collect();
        if !named.is_empty() {
            return Some(named);
        }
        (!self.options.site.trim().is_empty() && has(&self.options.site))
            .then(|| Localities::parse("All"))
    }

    /// The sector: this console's own term, the script's word for the organisation or a
    /// term, a term or organisation that is a sector's name, else `other` (counted).
    fn sector(&mut self, h: &Hsds) -> String {
        let mut key = h.organization.clone();
        for t in &h.terms {
            key.push('\u{1f}');
            key.push_str(&t.taxonomy_id);
            key.push_str(t.words());
        }
        let found = match self.sectors.get(&key) {
            Some(found) => found.clone(),
            None => {
                let found = self.find_sector(h);
                self.sectors.insert(key, found.clone());
                found
            }
        };
        found.unwrap_or_else(|| {
            self.out.other_sector += 1;
            "other".into()
        })
    }

    fn find_sector(&self, h: &Hsds) -> Option<String> {
        if let Some(s) = h
            .terms
            .iter()
            .filter(|t| t.is_in(&SECTORS))
            .find_map(|t| self.catalog.find_sector(t.words()))
        {
            return Some(s.to_owned());
        }
        let names = std::iter::once(h.organization.as_str()).chain(h.terms.iter().map(Term::words));
        for n in names.clone() {
            let norm = normalise_name(n);
            if let Some((_, s)) = self
                .options
                .sectors
                .iter()
                .find(|(k, _)| !norm.is_empty() && normalise_name(k) == norm)
            {
                return Some(s.clone());
            }
        }
        for n in names {
            if let Some(s) = self.catalog.find_sector(n) {
                return Some(s.to_owned());
            }
        }
        if let Some(s) = sector_in_name(&h.organization).and_then(|s| self.catalog.find_sector(s)) {
            return Some(s.to_owned());
        }
        None
    }
}

/// The words of a text, lower case, without punctuation: "Fenwold." names Fenwold.
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The route a service's own name says plainly: a "helpline" or "text line" is reached by
/// phone, a "drop-in" by walking in, a "web chat" online. Nothing else is guessed.
fn route_in_name(name: &str) -> Option<&'static str> {
    let words = words_of(name);
    let has = |phrase: &[&str]| words.windows(phrase.len()).any(|w| w == phrase);
    if has(&["helpline"]) || has(&["text", "line"]) || has(&["phone", "line"]) {
        Some("phone")
    } else if has(&["drop", "in"]) || has(&["dropin"]) {
        Some("drop-in")
    } else if has(&["web", "chat"]) || has(&["online"]) {
        Some("online")
    } else {
        None
    }
}

/// The sector an organisation's own name says plainly: an NHS trust, a council, a school.
fn sector_in_name(name: &str) -> Option<&'static str> {
    let words = words_of(name);
    let has = |w: &str| words.iter().any(|x| x == w);
    if has("nhs") {
        Some("NHS")
    } else if has("council") || has("borough") {
        Some("local authority")
    } else if has("school") || has("college") || has("academy") {
        Some("education")
    } else {
        None
    }
}

/// An age as the directory writes it: a whole number, or `None` when not given.
fn age(h: &Hsds, field: &str, v: Option<&str>, problems: &mut Vec<Found>) -> Option<u16> {
    let v = v?.trim();
    let n = v.strip_suffix(".0").unwrap_or(v);
    match n.parse::<u16>() {
        Ok(n) if n <= 150 => Some(n),
        _ => {
            let (at, col) = h.at(field);
            problems.push(
                Found::new(at, format!("{col}“{}” is not an age", printable(v)))
                    .help(format!("{field} is a whole number of years, such as 11")),
            );
            None
        }
    }
}

/// The description as words, then the ways to get in touch.
fn notes(h: &Hsds) -> String {
    let mut out = to_text(&h.description);
    let mut contact: Vec<&str> = h.phones.iter().map(|p| p.trim()).collect();
    for c in [h.email.trim(), h.url.trim()] {
        if !c.is_empty() {
            contact.push(c);
        }
    }
    if !contact.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = write!(out, "Contact: {}", contact.join("; "));
    }
    clean(&out, Kind::Notes).text
}

/// One line of text from the directory: controls and direction marks out, spaces folded.
fn line(s: &str) -> String {
    clean(s, Kind::Line).text
}

/// Whether the pages read make the whole list: every page from 1 to the last, once.
pub fn whole_list(pages: &[Paging]) -> Result<(), String> {
    if pages.is_empty() {
        return Err("no list page".into());
    }
    let total = pages.iter().find_map(|p| p.total_pages);
    let Some(total) = total else {
        return if pages.len() == 1
            && pages[0].first_page != Some(false)
            && pages[0].last_page != Some(false)
        {
            Ok(())
        } else {
            Err("the pages do not say how many there are".into())
        };
    };
    let mut have: Vec<u64> = pages.iter().filter_map(|p| p.page_number).collect();
    have.sort_unstable();
    have.dedup();
    let missing: Vec<String> = (1..=total.min(10_000))
        .filter(|n| !have.contains(n))
        .map(|n| n.to_string())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else if missing.len() > 5 {
        Err(format!(
            "{} of its {total} pages are missing",
            missing.len()
        ))
    } else {
        Err(format!(
            "{} {} of {total} missing",
            if missing.len() == 1 { "page" } else { "pages" },
            missing.join(", ")
        ))
    }
}

/// The report on an import, for the terminal: each problem by file and place, a count, and
/// what was done (`done` is the last line: what the caller did).
pub fn report(label: &str, read: &Read, done: &str) -> String {
    let label = printable(label);
    let mut out = String::new();
    for note in &read.notes {
        let _ = writeln!(out, "{label}: note: {}", printable(note));
    }
    let list = |out: &mut String, items: &[Found], warn: bool, what: &str| {
        for f in items.iter().take(MAX_LISTED) {
            let mut p = if warn {
                Problem::warning(printable(&f.place), printable(&f.message))
            } else {
                Problem::new(printable(&f.place), printable(&f.message))
            };
            p.help = f.help.as_deref().map(printable);
            let _ = writeln!(out, "{p}");
        }
        if items.len() > MAX_LISTED {
            let _ = writeln!(
                out,
                "{label}: … and {} more {what} not listed",
                items.len() - MAX_LISTED
            );
        }
    };
    list(&mut out, &read.bad, false, "errors");
    for d in read.duplicates.iter().take(MAX_LISTED) {
        let _ = writeln!(
            out,
            "{}: duplicate: {}",
            printable(&d.place),
            printable(&d.message)
        );
    }
    if read.duplicates.len() > MAX_LISTED {
        let _ = writeln!(
            out,
            "{label}: … and {} more duplicates not listed",
            read.duplicates.len() - MAX_LISTED
        );
    }
    for s in read.skipped.iter().take(MAX_LISTED) {
        let _ = writeln!(
            out,
            "{}: skipped: “{}” — {}",
            printable(&s.place),
            s.name,
            printable(&s.why)
        );
    }
    if read.skipped.len() > MAX_LISTED {
        let _ = writeln!(
            out,
            "{label}: … and {} more skipped not listed",
            read.skipped.len() - MAX_LISTED
        );
    }
    list(&mut out, &read.warnings, true, "warnings");

    let mut summary = format!(
        "{label}: {} read: {} ready",
        plural(read.read, "service"),
        read.records.len()
    );
    if read.bad_services > 0 {
        let _ = write!(summary, ", {} bad", read.bad_services);
    }
    if !read.duplicates.is_empty() {
        let _ = write!(summary, ", {}", plural(read.duplicates.len(), "duplicate"));
    }
    if !read.skipped.is_empty() {
        let _ = write!(summary, ", {} skipped", read.skipped.len());
    }
    let _ = writeln!(out, "{summary}");
    if read.no_locality > 0 {
        let why = if read.pages {
            " (a list page often leaves them out; the directory's full records or its tabular download have them)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{label}: {} no service area or address: {} unknown{why}",
            if read.no_locality == 1 {
                "1 service names".to_owned()
            } else {
                format!("{} services name", read.no_locality)
            },
            if read.no_locality == 1 {
                "its locality is"
            } else {
                "their localities are"
            }
        );
    }
    if read.other_sector > 0 {
        let _ = writeln!(
            out,
            "{label}: {} no sector the map knows: counted as other (directory_sectors under [workshop] in the script gives each organisation its sector)",
            if read.other_sector == 1 {
                "1 service's provider names".to_owned()
            } else {
                format!("{} services' providers name", read.other_sector)
            }
        );
    }
    if !read.skipped.is_empty() && read.skipped.iter().any(|s| s.status.is_some()) {
        let _ = writeln!(
            out,
            "{label}: services the directory marks inactive, defunct or closed are left out; --include-inactive brings them in, marked"
        );
    }
    let _ = writeln!(out, "{label}: {done}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_list_needs_every_page() {
        let page = |n, of| Paging {
            page_number: Some(n),
            total_pages: Some(of),
            ..Paging::default()
        };
        assert_eq!(whole_list(&[page(1, 3), page(3, 3), page(2, 3)]), Ok(()));
        assert_eq!(
            whole_list(&[page(1, 3), page(3, 3)]),
            Err("page 2 of 3 missing".into())
        );
        assert_eq!(whole_list(&[Paging::default()]), Ok(()));
        assert!(whole_list(&[Paging::default(), Paging::default()]).is_err());
    }
}

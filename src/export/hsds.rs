//! The map back in the area's own standard, Open Referral UK (HSDS 3.0): a tabular data
//! package (`datapackage.json` naming each CSV and its fields, the files named as the UK
//! profile's package names them) or a service list page in JSON. The THRIVE groupings are a
//! taxonomy of this console's own, one term per grouping and an attribute per placement;
//! sector and access route are taxonomies too, so a second import reads them back.
//!
//! Every id is stable: a service keeps the directory's id it came with, and otherwise one made
//! from its own uid (the first event's, through a series); organisations, areas, terms and
//! attributes get name-based (version 5) UUIDs of what they are, so two exports of one map
//! are the same, id for id.

use serde_json::{Value, json};
use uuid::Uuid;

use super::Document;
use super::csv::neutralise;
use crate::event::document::ServiceDoc;
use crate::map::directory::{GROUPINGS, ROUTES, SECTORS, Taxonomy};
use crate::thrive::Grouping;

pub use crate::map::directory::NO_PROVIDER;

fn namespace() -> Uuid {
    Uuid::parse_str(GROUPINGS.id).unwrap_or(Uuid::NAMESPACE_OID)
}

/// A stable id for `what`, named by its kind and its words.
fn id_of(kind: &str, words: &str) -> String {
    Uuid::new_v5(&namespace(), format!("{kind}\u{1f}{words}").as_bytes()).to_string()
}

/// The service's id in the package: the directory's, else one from its own uid.
fn service_id(s: &ServiceDoc) -> String {
    if let Some(d) = &s.directory {
        return d.id.clone();
    }
    let uid = s.carried_from.as_deref().unwrap_or(&s.uid);
    match Uuid::try_parse(uid) {
        Ok(u) => u.to_string(),
        Err(_) => id_of("service", uid),
    }
}

fn provider(s: &ServiceDoc) -> &str {
    if s.provider.trim().is_empty() {
        NO_PROVIDER
    } else {
        s.provider.trim()
    }
}

/// What the groupings mean, for their terms' required description.
fn grouping_words(g: Grouping) -> &'static str {
    match g {
        Grouping::Thriving => {
            "Children and young people whose need is to keep well: prevention and the promotion of wellbeing"
        }
        Grouping::GettingAdvice => {
            "Those who need advice and signposting: managing their own wellbeing with light-touch help"
        }
        Grouping::GettingHelp => "Those who need focused, goals-based input",
        Grouping::GettingMoreHelp => {
            "Those who need more extensive and specialised goals-based help"
        }
        Grouping::GettingRiskSupport => {
            "Those who are not benefiting from help, or cannot use it, but are of such a risk that they are still in contact with services"
        }
    }
}

/// A taxonomy term of ours.
struct OurTerm {
    id: String,
    taxonomy: &'static Taxonomy,
    name: String,
    description: String,
    code: String,
}

fn grouping_term(g: Grouping) -> OurTerm {
    OurTerm {
        id: id_of("grouping", g.slug()),
        taxonomy: &GROUPINGS,
        name: g.name().to_owned(),
        description: grouping_words(g).to_owned(),
        code: g.slug().to_owned(),
    }
}

fn word_term(taxonomy: &'static Taxonomy, kind: &str, word: &str) -> OurTerm {
    let code = crate::thrive::normalise_name(word).replace(' ', "-");
    OurTerm {
        id: id_of(kind, &code),
        taxonomy,
        name: word.to_owned(),
        description: format!("{}: {word}", taxonomy.name),
        code,
    }
}

/// The terms one service has: each grouping, its sector, its route.
fn terms_of(s: &ServiceDoc) -> Vec<OurTerm> {
    let mut out: Vec<OurTerm> = s.groupings.iter().map(|g| grouping_term(*g)).collect();
    if let Some(sector) = s.sector.as_deref().filter(|x| !x.trim().is_empty()) {
        out.push(word_term(&SECTORS, "sector", sector.trim()));
    }
    if !s.access_route.trim().is_empty() {
        out.push(word_term(&ROUTES, "route", s.access_route.trim()));
    }
    out
}

/// The localities as a directory's service areas: `All` becomes the site's name, which reads
/// back as every locality.
fn areas_of<'a>(s: &'a ServiceDoc, site: &'a str) -> Vec<&'a str> {
    s.localities
        .iter()
        .map(|l| {
            if crate::map::is_site_wide(l) && !site.trim().is_empty() {
                site
            } else {
                l.as_str()
            }
        })
        .collect()
}

fn max_age(s: &ServiceDoc) -> Option<u16> {
    s.directory
        .as_ref()
        .and_then(|d| d.maximum_age)
        .or(s.age_to.map(u16::from))
}

fn status(s: &ServiceDoc) -> &str {
    match s.directory.as_ref().and_then(|d| d.status.as_deref()) {
        // A service the directory no longer lists was still on our map: active there.
        Some(crate::map::UNLISTED) | None => "active",
        Some(other) => other,
    }
}

fn modified(s: &ServiceDoc) -> String {
    s.updated_at
        .unwrap_or(s.created_at)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// A table's fields as the package describes them: name, type, format, required.
type Fields = &'static [(&'static str, &'static str, Option<&'static str>, bool)];

const ORGANIZATION: Fields = &[
    ("id", "string", Some("uuid"), true),
    ("name", "string", None, true),
    ("description", "string", None, true),
    ("email", "string", Some("email"), false),
    ("website", "string", Some("uri"), false),
    ("logo", "string", None, false),
    ("uri", "string", Some("uri"), false),
    ("parent_organization_id", "string", Some("uuid"), false),
];
const SERVICE: Fields = &[
    ("id", "string", Some("uuid"), true),
    ("organization_id", "string", Some("uuid"), true),
    ("name", "string", None, true),
    ("description", "string", None, false),
    ("url", "string", Some("uri"), false),
    ("email", "string", Some("email"), false),
    ("status", "string", None, true),
    ("fees", "string", None, false),
    ("accreditations", "string", None, false),
    ("minimum_age", "number", None, false),
    ("maximum_age", "number", None, false),
    ("assured_date", "date", None, false),
    ("assurer_email", "string", Some("email"), false),
    ("alert", "string", None, false),
    ("last_modified", "datetime", None, false),
];
const SERVICE_AREA: Fields = &[
    ("id", "string", Some("uuid"), true),
    ("service_id", "string", Some("uuid"), false),
    ("name", "string", None, false),
    ("extent", "string", None, false),
    ("extent_type", "string", None, false),
    ("uri", "string", None, false),
    ("service_area", "string", None, false),
];
const TAXONOMY: Fields = &[
    ("id", "string", Some("uuid"), true),
    ("name", "string", None, true),
    ("description", "string", None, true),
    ("uri", "string", Some("uri"), false),
    ("version", "string", None, false),
];
const TAXONOMY_TERM: Fields = &[
    ("id", "string", Some("uuid"), true),
    ("name", "string", None, true),
    ("description", "string", None, true),
    ("parent_id", "string", Some("uuid"), false),
    ("taxonomy", "string", None, false),
    ("taxonomy_id", "string", Some("uuid"), false),
    ("term_uri", "string", Some("uri"), false),
    ("term", "string", None, false),
];
const ATTRIBUTE: Fields = &[
    ("id", "string", Some("uuid"), true),
    ("link_id", "string", Some("uuid"), true),
    ("taxonomy_term_id", "string", Some("uuid"), true),
    ("link_type", "string", None, false),
];

/// The tables, as the UK profile's package names them: resource, file, fields, and the
/// resource and field each foreign key points at.
/// A foreign key: the field, and the resource whose `id` it names.
type Keys = &'static [(&'static str, &'static str)];

const TABLES: &[(&str, &str, Fields, Keys)] = &[
    ("organization", "organizations.csv", ORGANIZATION, &[]),
    (
        "service",
        "services.csv",
        SERVICE,
        &[("organization_id", "organization")],
    ),
    (
        "service_area",
        "service_areas.csv",
        SERVICE_AREA,
        &[("service_id", "service")],
    ),
    ("taxonomy", "taxonomies.csv", TAXONOMY, &[]),
    (
        "taxonomy_term",
        "taxonomy_terms.csv",
        TAXONOMY_TERM,
        &[("taxonomy_id", "taxonomy")],
    ),
    (
        "attribute",
        "attribute.csv",
        ATTRIBUTE,
        &[("taxonomy_term_id", "taxonomy_term")],
    ),
];

/// The table names and files of a package this console writes, for those who check one.
pub fn tables() -> impl Iterator<Item = (&'static str, &'static str, Fields)> {
    TABLES.iter().map(|(r, f, fields, _)| (*r, *f, *fields))
}

fn csv_table(fields: Fields, rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(fields.iter().map(|f| f.0));
    for row in rows {
        let _ = w.write_record(row.iter().map(|c| neutralise(c)));
    }
    w.into_inner().unwrap_or_default()
}

/// Everything of the package but its description, table by table, in [`TABLES`] order.
fn rows(doc: &Document) -> Vec<Vec<Vec<String>>> {
    let site = doc.event.site.as_str();
    let mut orgs: Vec<Vec<String>> = Vec::new();
    let mut services = Vec::with_capacity(doc.services.len());
    let mut areas = Vec::new();
    let mut attributes = Vec::new();
    let mut terms: Vec<OurTerm> = Grouping::ALL.iter().map(|g| grouping_term(*g)).collect();
    let mut org_seen = std::collections::HashSet::new();
    for s in &doc.services {
        let id = service_id(s);
        let org = id_of("organization", &crate::map::duplicate_key(provider(s)));
        if org_seen.insert(org.clone()) {
            orgs.push(vec![
                org.clone(),
                provider(s).to_owned(),
                format!("Provides services on the {site} THRIVE map"),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        let n = |v: Option<u16>| v.map(|n| n.to_string()).unwrap_or_default();
        services.push(vec![
            id.clone(),
            org,
            s.name.clone(),
            s.notes.clone(),
            String::new(),
            String::new(),
            status(s).to_owned(),
            String::new(),
            String::new(),
            n(s.age_from.map(u16::from)),
            n(max_age(s).filter(|_| s.age_to.is_some())),
            s.directory
                .as_ref()
                .and_then(|d| d.assured_date)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            String::new(),
            String::new(),
            modified(s),
        ]);
        for area in areas_of(s, site) {
            areas.push(vec![
                id_of("service_area", &format!("{id}\u{1f}{area}")),
                id.clone(),
                area.to_owned(),
                String::new(),
                String::new(),
                String::new(),
                area.to_owned(),
            ]);
        }
        for t in terms_of(s) {
            attributes.push(vec![
                id_of("attribute", &format!("{id}\u{1f}{}", t.id)),
                id.clone(),
                t.id.clone(),
                "service".to_owned(),
            ]);
            if !terms.iter().any(|k| k.id == t.id) {
                terms.push(t);
            }
        }
    }
    let taxonomies = [&GROUPINGS, &SECTORS, &ROUTES]
        .iter()
        .map(|t| {
            vec![
                t.id.to_owned(),
                t.name.to_owned(),
                t.description.to_owned(),
                String::new(),
                "1".to_owned(),
            ]
        })
        .collect();
    let terms = terms
        .into_iter()
        .map(|t| {
            vec![
                t.id,
                t.name,
                t.description,
                String::new(),
                t.taxonomy.name.to_owned(),
                t.taxonomy.id.to_owned(),
                String::new(),
                t.code,
            ]
        })
        .collect();
    vec![orgs, services, areas, taxonomies, terms, attributes]
}

/// `datapackage.json`: each table's file, fields and keys.
fn description(doc: &Document) -> Value {
    let resources: Vec<Value> = TABLES
        .iter()
        .map(|(name, path, fields, keys)| {
            let fields: Vec<Value> = fields
                .iter()
                .map(|(n, t, format, required)| {
                    let mut f = json!({"name": n, "type": t});
                    if let Some(fmt) = format {
                        f["format"] = json!(fmt);
                    }
                    if *required {
                        f["constraints"] = json!({"required": true});
                    }
                    f
                })
                .collect();
            let mut schema = json!({"fields": fields, "primaryKey": "id"});
            if !keys.is_empty() {
                schema["foreignKeys"] = Value::Array(
                    keys.iter()
                        .map(|(field, resource)| {
                            json!({"fields": field, "reference": {"resource": resource, "fields": "id"}})
                        })
                        .collect(),
                );
            }
            json!({
                "name": name,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            })
        })
        .collect();
    json!({
        "name": super::folder_name(doc),
        "title": format!("{} — services mapped on the THRIVE groupings", doc.event.title),
        "description": format!(
            "The services of {}'s THRIVE map on {}, in Open Referral UK (HSDS 3.0) tabular form; the THRIVE groupings each service meets are terms of the taxonomy \"{}\".",
            doc.event.site, doc.event.date, GROUPINGS.name
        ),
        "profile": "tabular-data-package",
        "version": "3.0",
        "resources": resources,
    })
}

/// The package's files: `datapackage.json` and one CSV per table.
pub fn package(doc: &Document) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![(
        "datapackage.json".to_owned(),
        serde_json::to_vec_pretty(&description(doc)).unwrap_or_default(),
    )];
    for ((_, path, fields, _), rows) in TABLES.iter().zip(rows(doc)) {
        files.push(((*path).to_owned(), csv_table(fields, &rows)));
    }
    files
}

/// The package as one `.zip`, its files at the top.
pub fn zip(files: &[(String, Vec<u8>)]) -> std::io::Result<Vec<u8>> {
    use std::io::Write as _;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // A fixed time, so the same map gives the same bytes.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options)
            .map_err(std::io::Error::other)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}

/// A service list page holding the whole map, as the API's `/services` gives one.
pub fn list_page(doc: &Document) -> Vec<u8> {
    let site = doc.event.site.as_str();
    let contents: Vec<Value> = doc
        .services
        .iter()
        .map(|s| {
            let id = service_id(s);
            let mut v = json!({
                "id": id,
                "name": s.name,
                "description": s.notes,
                "status": status(s),
                "last_modified": modified(s),
                "organization": {
                    "id": id_of("organization", &crate::map::duplicate_key(provider(s))),
                    "name": provider(s),
                    "description": format!("Provides services on the {site} THRIVE map"),
                },
                "service_areas": areas_of(s, site).iter().map(|a| json!({
                    "id": id_of("service_area", &format!("{id}\u{1f}{a}")),
                    "service_id": id,
                    "name": a,
                })).collect::<Vec<_>>(),
                "attributes": terms_of(s).iter().map(|t| json!({
                    "id": id_of("attribute", &format!("{id}\u{1f}{}", t.id)),
                    "link_id": id,
                    "link_type": "service",
                    "link_entity": "service",
                    "taxonomy_term_id": t.id,
                    "taxonomy_term": {
                        "id": t.id,
                        "code": t.code,
                        "name": t.name,
                        "description": t.description,
                        "taxonomy": t.taxonomy.name,
                        "taxonomy_id": t.taxonomy.id,
                        "taxonomy_detail": {
                            "id": t.taxonomy.id,
                            "name": t.taxonomy.name,
                            "description": t.taxonomy.description,
                        },
                    },
                })).collect::<Vec<_>>(),
            });
            if let Some(from) = s.age_from {
                v["minimum_age"] = json!(from);
            }
            if s.age_to.is_some()
                && let Some(to) = max_age(s)
            {
                v["maximum_age"] = json!(to);
            }
            if let Some(d) = s.directory.as_ref().and_then(|d| d.assured_date) {
                v["assured_date"] = json!(d.to_string());
            }
            v
        })
        .collect();
    let n = contents.len();
    let page = json!({
        "total_items": n,
        "total_pages": 1,
        "page_number": 1,
        "size": n,
        "first_page": true,
        "last_page": true,
        "empty": n == 0,
        "contents": contents,
    });
    let mut out = serde_json::to_vec_pretty(&page).unwrap_or_default();
    out.push(b'\n');
    out
}

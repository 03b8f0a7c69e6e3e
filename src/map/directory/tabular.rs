//! An HSDS tabular data package: `datapackage.json` naming one CSV file per table, in a
//! folder or a `.zip`. The file names are read from the package (the UK profile writes
//! `attribute.csv` where the HSDS examples write `attributes.csv`). The small tables are read
//! first and kept by id; `services` is read last, a row at a time, so a county's directory of
//! 20,000 services is never held twice.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Hsds, Reader, Spot, Term, address_words, either};
use crate::map::import::FileProblem;

/// `datapackage.json` is a list of tables: a megabyte is far more than any has.
const PACKAGE_MAX_BYTES: u64 = 4 * 1024 * 1024;

/// One table's file may be this large (uncompressed): a county's attributes table is tens
/// of megabytes. Read through this limit whatever its header claims.
pub const TABLE_MAX_BYTES: u64 = 1024 * 1024 * 1024;

/// A zip with more entries than this is not a directory's download.
const MAX_ENTRIES: usize = 10_000;

/// Where the package's files are.
enum Source {
    Folder(PathBuf),
    Zip(Box<zip::ZipArchive<std::fs::File>>, String),
}

impl Source {
    fn open(path: &Path) -> Result<Source, FileProblem> {
        if path.is_dir() {
            return Ok(Source::Folder(path.to_path_buf()));
        }
        let file = std::fs::File::open(path).map_err(|e| {
            FileProblem::new(format!("the file cannot be read: {e}"), "check the path")
        })?;
        let zip = zip::ZipArchive::new(file).map_err(|e| {
            FileProblem::new(
                format!("this is not a zip archive that can be read: {e}"),
                "download the directory's tabular data package again, or unzip it and name the folder",
            )
        })?;
        if zip.len() > MAX_ENTRIES {
            return Err(FileProblem::new(
                format!(
                    "the archive holds {} files; a data package has a few dozen",
                    zip.len()
                ),
                "is this the directory's tabular download?",
            ));
        }
        // The package may sit in a folder inside the archive; without a description, the
        // folder is the one its services table is in.
        let within = |file: &str| {
            let mut prefix: Option<&str> = None;
            for name in zip.file_names() {
                if let Some(p) = name.strip_suffix(file)
                    && (p.is_empty() || p.ends_with('/'))
                    && prefix.is_none_or(|q| p.len() < q.len())
                {
                    prefix = Some(p);
                }
            }
            prefix.map(str::to_owned)
        };
        let prefix = within("datapackage.json")
            .or_else(|| TABLES[0].1.iter().find_map(|f| within(f)))
            .unwrap_or_default();
        Ok(Source::Zip(Box::new(zip), prefix))
    }

    fn has(&mut self, name: &str) -> bool {
        match self {
            Source::Folder(dir) => dir.join(name).is_file(),
            Source::Zip(zip, prefix) => zip.index_for_name(&format!("{prefix}{name}")).is_some(),
        }
    }

    /// The label a message names a file by.
    fn label(&self, package: &str, name: &str) -> String {
        match self {
            Source::Folder(_) => crate::text::printable(name),
            Source::Zip(..) => format!("{package}/{}", crate::text::printable(name)),
        }
    }

    /// The file's bytes, read through `limit`; `None` when it is not there.
    fn bytes(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, FileProblem> {
        if name.contains("..") || name.starts_with('/') {
            return Err(FileProblem::new(
                format!(
                    "the package names a file outside itself: {}",
                    crate::text::printable(name)
                ),
                "a data package's paths are relative to its own folder",
            ));
        }
        let too_big = |what: &str| {
            FileProblem::new(
                format!(
                    "{} is larger than {} MiB",
                    crate::text::printable(what),
                    limit / (1024 * 1024)
                ),
                "is this the directory's tabular download?",
            )
        };
        let mut out = Vec::new();
        match self {
            Source::Folder(dir) => {
                let p = dir.join(name);
                if !p.exists() {
                    return Ok(None);
                }
                match crate::input::read_limited(&p, limit) {
                    Ok(b) => out = b,
                    Err(crate::input::InputError::TooBig { .. }) => return Err(too_big(name)),
                    Err(e) => {
                        return Err(FileProblem::new(
                            format!("{}: {}", crate::text::printable(name), e.message("a table")),
                            e.help(),
                        ));
                    }
                }
            }
            Source::Zip(zip, prefix) => {
                let full = format!("{prefix}{name}");
                let mut f = match zip.by_name(&full) {
                    Ok(f) => f,
                    Err(zip::result::ZipError::FileNotFound) => return Ok(None),
                    Err(e) => {
                        return Err(FileProblem::new(
                            format!(
                                "{} cannot be read from the archive: {e}",
                                crate::text::printable(name)
                            ),
                            "download the package again",
                        ));
                    }
                };
                if f.size() > limit {
                    return Err(too_big(name));
                }
                (&mut f)
                    .take(limit + 1)
                    .read_to_end(&mut out)
                    .map_err(|e| {
                        FileProblem::new(
                            format!(
                                "{} cannot be read from the archive: {e}",
                                crate::text::printable(name)
                            ),
                            "download the package again",
                        )
                    })?;
                if out.len() as u64 > limit {
                    return Err(too_big(name));
                }
            }
        }
        Ok(Some(out))
    }
}

/// The tables this reads and the file names a package without a `datapackage.json` is
/// likely to give them (the HSDS examples' plural, the UK profile's singular): services first.
const TABLES: &[(&str, &[&str])] = &[
    ("services", &["services.csv", "service.csv"]),
    (
        "organizations",
        &["organizations.csv", "organization.csv", "organisations.csv"],
    ),
    ("service_areas", &["service_areas.csv", "service_area.csv"]),
    ("locations", &["locations.csv", "location.csv"]),
    ("addresses", &["addresses.csv", "address.csv"]),
    (
        "service_at_locations",
        &["service_at_location.csv", "service_at_locations.csv"],
    ),
    ("taxonomies", &["taxonomies.csv", "taxonomy.csv"]),
    (
        "taxonomy_terms",
        &["taxonomy_terms.csv", "taxonomy_term.csv"],
    ),
    ("attributes", &["attributes.csv", "attribute.csv"]),
    ("contacts", &["contacts.csv", "contact.csv"]),
    ("phones", &["phones.csv", "phone.csv"]),
];

/// Whether a folder holds a directory's tables without their description.
pub fn has_services_table(folder: &Path) -> bool {
    TABLES[0].1.iter().any(|f| folder.join(f).is_file())
}

/// The tables this reads, by the names a package gives them (singular or plural).
fn role(name: &str) -> Option<&'static str> {
    Some(match name.trim().to_ascii_lowercase().as_str() {
        "service" | "services" => "services",
        "organization" | "organizations" | "organisation" | "organisations" => "organizations",
        "service_area" | "service_areas" => "service_areas",
        "location" | "locations" => "locations",
        "address" | "addresses" => "addresses",
        "service_at_location" | "service_at_locations" => "service_at_locations",
        "taxonomy" | "taxonomies" => "taxonomies",
        "taxonomy_term" | "taxonomy_terms" => "taxonomy_terms",
        "attribute" | "attributes" => "attributes",
        "contact" | "contacts" => "contacts",
        "phone" | "phones" => "phones",
        _ => return None,
    })
}

/// One table's header, by which its cells are found.
struct Table {
    label: String,
    headers: Vec<String>,
}

impl Table {
    fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }
}

fn decode(bytes: Vec<u8>) -> String {
    let mut bytes = bytes;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn header(label: &str, reader: &mut csv::Reader<&[u8]>) -> Result<Vec<String>, FileProblem> {
    Ok(reader
        .headers()
        .map_err(|e| {
            FileProblem::new(
                format!("{label}: the header cannot be read: {e}"),
                "save the table as CSV",
            )
        })?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect())
}

/// Each row of a table, with its line, read one at a time into one record: a side table of
/// 60,000 attributes is never held as rows as well as by id.
fn each_row(
    t: &Table,
    text: &str,
    mut f: impl FnMut(&u64, &csv::StringRecord),
) -> Result<(), FileProblem> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let _ = reader.headers();
    let mut lines = LineCount::new(text);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(e) => {
                return Err(FileProblem::new(
                    format!("{}: {e}", t.label),
                    "save the table as CSV again",
                ));
            }
        }
        let line = lines.at(&record);
        f(&line, &record);
    }
}

/// The line a record starts on, counted from the bytes: csv's own count falls one short in a
/// file with CRLF endings, as spreadsheets and Python write them.
struct LineCount<'t> {
    text: &'t [u8],
    byte: usize,
    line: u64,
}

impl<'t> LineCount<'t> {
    fn new(text: &'t str) -> LineCount<'t> {
        LineCount {
            text: text.as_bytes(),
            byte: 0,
            line: 1,
        }
    }

    fn at(&mut self, r: &csv::StringRecord) -> u64 {
        let mut to = r
            .position()
            .map_or(self.byte, |p| p.byte() as usize)
            .clamp(self.byte, self.text.len());
        // csv says where it began reading, before the line ending (or blank lines) it
        // skipped on the way to the record.
        while matches!(self.text.get(to), Some(b'\r' | b'\n')) {
            to += 1;
        }
        self.line += self.text[self.byte..to]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.byte = to;
        self.line
    }
}

/// A cell by column name: empty when the table has no such column.
fn cell(r: &csv::StringRecord, col: Option<usize>) -> &str {
    col.and_then(|c| r.get(c)).unwrap_or("").trim()
}

/// Reads the package at `path` (a folder, its `datapackage.json`, or a `.zip`), handing each
/// service to `reader`.
pub fn read(path: &Path, reader: &mut Reader<'_>) -> Result<(), FileProblem> {
    let package = crate::text::printable(&path.display().to_string());
    let mut source = Source::open(path)?;
    let files = match source.bytes("datapackage.json", PACKAGE_MAX_BYTES)? {
        Some(bytes) => described(&bytes)?,
        None => {
            let files = by_file_names(&mut source);
            if !files.contains_key("services") {
                return Err(FileProblem::new(
                    "there is no datapackage.json in it, and no services.csv",
                    "a tabular data package names its tables in datapackage.json; name the folder or .zip the directory gave",
                ));
            }
            let mut found: Vec<&str> = files.values().map(String::as_str).collect();
            found.sort_unstable();
            reader.out.notes.push(format!(
                "there is no datapackage.json: its tables were found by their usual file names ({})",
                found.join(", ")
            ));
            files
        }
    };
    read_tables(&package, &mut source, &files, reader)
}

/// Each table's file, found by the HSDS names when a package does not describe itself.
fn by_file_names(source: &mut Source) -> HashMap<&'static str, String> {
    let mut files = HashMap::new();
    for (role, names) in TABLES {
        if let Some(name) = names.iter().find(|n| source.has(n)) {
            files.insert(*role, (*name).to_owned());
        }
    }
    files
}

/// Each table's file, as `datapackage.json` names it.
fn described(bytes: &[u8]) -> Result<HashMap<&'static str, String>, FileProblem> {
    let described: Value = serde_json::from_slice(
        bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes),
    )
    .map_err(|e| {
        FileProblem::new(
            format!(
                "datapackage.json, line {}, column {}: {e}",
                e.line(),
                e.column()
            ),
            "the package's description is JSON; download the package again",
        )
    })?;
    let mut files: HashMap<&'static str, String> = HashMap::new();
    for (i, r) in described
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let name = r.get("name").and_then(Value::as_str).unwrap_or("");
        let Some(role) = role(name) else { continue };
        let Some(file) = r.get("path").and_then(Value::as_str) else {
            return Err(FileProblem::new(
                format!("datapackage.json:resources[{i}] names the table {name} but not its file"),
                "each resource gives its file as \"path\": \"services.csv\"",
            ));
        };
        files.entry(role).or_insert_with(|| file.to_owned());
    }
    if !files.contains_key("services") {
        return Err(FileProblem::new(
            "datapackage.json names no services table",
            "a directory's package lists a resource named \"service\" with its path, such as services.csv",
        ));
    }
    Ok(files)
}

/// The side tables into their maps, then the services a row at a time.
fn read_tables(
    package: &str,
    source: &mut Source,
    files: &HashMap<&'static str, String>,
    reader: &mut Reader<'_>,
) -> Result<(), FileProblem> {
    let services_file = files["services"].clone();
    let mut table = |role: &str,
                     source: &mut Source|
     -> Result<Option<(Table, String)>, FileProblem> {
        let Some(file) = files.get(role) else {
            return Ok(None);
        };
        let label = source.label(package, file);
        match source.bytes(file, TABLE_MAX_BYTES)? {
            Some(b) => {
                let text = decode(b);
                let mut reader = csv::ReaderBuilder::new()
                    .flexible(true)
                    .from_reader(text.as_bytes());
                let headers = header(&label, &mut reader)?;
                Ok(Some((Table { label, headers }, text)))
            }
            None => {
                reader.out.notes.push(format!(
                    "datapackage.json names {file} for {role}, but it is not in the package: read without it"
                ));
                Ok(None)
            }
        }
    };

    let mut organizations: HashMap<String, String> = HashMap::new();
    if let Some((t, text)) = table("organizations", source)? {
        let (id, name) = (t.column("id"), t.column("name"));
        each_row(&t, &text, |_line, r| {
            organizations.insert(cell(r, id).to_owned(), cell(r, name).to_owned());
        })?;
    }
    let mut taxonomies: HashMap<String, String> = HashMap::new();
    if let Some((t, text)) = table("taxonomies", source)? {
        let (id, name) = (t.column("id"), t.column("name"));
        each_row(&t, &text, |_line, r| {
            taxonomies.insert(cell(r, id).to_owned(), cell(r, name).to_owned());
        })?;
    }
    let mut terms: HashMap<String, Term> = HashMap::new();
    if let Some((t, text)) = table("taxonomy_terms", source)? {
        let c = |n| t.column(n);
        let (id, code, name, term, tax, tax_id) = (
            c("id"),
            c("code"),
            c("name"),
            c("term"),
            c("taxonomy"),
            c("taxonomy_id"),
        );
        each_row(&t, &text, |_line, r| {
            let taxonomy_id = cell(r, tax_id).to_owned();
            let taxonomy = either(cell(r, tax), || {
                taxonomies.get(&taxonomy_id).cloned().unwrap_or_default()
            });
            terms.insert(
                cell(r, id).to_owned(),
                Term {
                    taxonomy_id,
                    taxonomy,
                    code: cell(r, code).to_owned(),
                    name: either(cell(r, name), || cell(r, term).to_owned()),
                },
            );
        })?;
    }
    let mut attributes: HashMap<String, Vec<Term>> = HashMap::new();
    if let Some((t, text)) = table("attributes", source)? {
        let (link, term, entity) = (
            t.column("link_id"),
            t.column("taxonomy_term_id"),
            t.column("link_entity"),
        );
        each_row(&t, &text, |_line, r| {
            let e = cell(r, entity);
            if !(e.is_empty() || e.eq_ignore_ascii_case("service")) {
                return;
            }
            if let Some(found) = terms.get(cell(r, term)) {
                attributes
                    .entry(cell(r, link).to_owned())
                    .or_default()
                    .push(found.clone());
            }
        })?;
    }
    let mut areas: HashMap<String, Vec<(String, String)>> = HashMap::new();
    if let Some((t, text)) = table("service_areas", source)? {
        let (service, name, area) = (
            t.column("service_id"),
            t.column("name"),
            t.column("service_area"),
        );
        each_row(&t, &text, |line, r| {
            let text = either(cell(r, name), || cell(r, area).to_owned());
            if !text.is_empty() {
                areas
                    .entry(cell(r, service).to_owned())
                    .or_default()
                    .push((Spot::line(&t.label, *line).place, text.to_owned()));
            }
        })?;
    }
    let mut location_names: HashMap<String, (String, String)> = HashMap::new();
    if let Some((t, text)) = table("locations", source)? {
        let (id, name) = (t.column("id"), t.column("name"));
        each_row(&t, &text, |line, r| {
            location_names.insert(
                cell(r, id).to_owned(),
                (Spot::line(&t.label, *line).place, cell(r, name).to_owned()),
            );
        })?;
    }
    let mut addresses: HashMap<String, Vec<(String, Vec<String>)>> = HashMap::new();
    if let Some((t, text)) = table("addresses", source)? {
        let c = |n| t.column(n);
        let (loc, city, line_2, region) =
            (c("location_id"), c("city"), c("address_2"), c("region"));
        each_row(&t, &text, |line, r| {
            addresses.entry(cell(r, loc).to_owned()).or_default().push((
                Spot::line(&t.label, *line).place,
                address_words(cell(r, city), cell(r, line_2), cell(r, region), ""),
            ));
        })?;
    }
    let mut service_locations: HashMap<String, Vec<String>> = HashMap::new();
    if let Some((t, text)) = table("service_at_locations", source)? {
        let (service, loc) = (t.column("service_id"), t.column("location_id"));
        each_row(&t, &text, |_line, r| {
            service_locations
                .entry(cell(r, service).to_owned())
                .or_default()
                .push(cell(r, loc).to_owned());
        })?;
    }
    let mut contact_service: HashMap<String, String> = HashMap::new();
    if let Some((t, text)) = table("contacts", source)? {
        let (id, service) = (t.column("id"), t.column("service_id"));
        each_row(&t, &text, |_line, r| {
            let s = cell(r, service);
            if !s.is_empty() {
                contact_service.insert(cell(r, id).to_owned(), s.to_owned());
            }
        })?;
    }
    let mut phones: HashMap<String, Vec<String>> = HashMap::new();
    if let Some((t, text)) = table("phones", source)? {
        let (service, contact, number) = (
            t.column("service_id"),
            t.column("contact_id"),
            t.column("number"),
        );
        each_row(&t, &text, |_line, r| {
            let owner = Some(cell(r, service))
                .filter(|s| !s.is_empty())
                .or_else(|| contact_service.get(cell(r, contact)).map(String::as_str));
            let n = cell(r, number);
            if let Some(owner) = owner
                && !n.is_empty()
            {
                let list = phones.entry(owner.to_owned()).or_default();
                if !list.iter().any(|p| p == n) {
                    list.push(n.to_owned());
                }
            }
        })?;
    }

    let label = source.label(package, &services_file);
    let Some(bytes) = source.bytes(&services_file, TABLE_MAX_BYTES)? else {
        return Err(FileProblem::new(
            format!(
                "datapackage.json names {} for services, but it is not in the package",
                crate::text::printable(&services_file)
            ),
            "download the package again: the services table is the one it cannot do without",
        ));
    };
    let text = decode(bytes);
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = csv
        .headers()
        .map_err(|e| {
            FileProblem::new(
                format!("{label}: the header cannot be read: {e}"),
                "save the table as CSV",
            )
        })?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let col = |n: &str| headers.iter().position(|h| h == n);
    let c = [
        "id",
        "name",
        "status",
        "description",
        "url",
        "email",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "organization_id",
    ]
    .map(col);
    if c[0].is_none() || c[1].is_none() {
        return Err(FileProblem::new(
            format!("{label}: the services table has no id or no name column"),
            "the services table's header starts id,organization_id,name,…",
        ));
    }
    let mut record = csv::StringRecord::new();
    let mut lines = LineCount::new(&text);
    loop {
        match csv.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(FileProblem::new(
                    format!("{label}: {e}"),
                    "save the table as CSV again",
                ));
            }
        }
        let line = lines.at(&record);
        let get = |i: usize| c[i].and_then(|c| record.get(c)).unwrap_or("");
        let opt = |i: usize| {
            Some(get(i))
                .filter(|s| !s.trim().is_empty())
                .map(str::to_owned)
        };
        let id = get(0).trim().to_owned();
        let mut addrs = Vec::new();
        for loc in service_locations.get(&id).into_iter().flatten() {
            match addresses.get(loc) {
                Some(list) => addrs.extend(list.iter().cloned()),
                None => {
                    if let Some((at, name)) = location_names.get(loc)
                        && !name.is_empty()
                    {
                        addrs.push((at.clone(), vec![name.clone()]));
                    }
                }
            }
        }
        let h = Hsds {
            spot: Spot::line(&label, line),
            name: get(1).to_owned(),
            status: get(2).to_owned(),
            description: get(3).to_owned(),
            url: get(4).to_owned(),
            email: get(5).to_owned(),
            phones: phones.remove(&id).unwrap_or_default(),
            minimum_age: opt(6),
            maximum_age: opt(7),
            assured_date: opt(8),
            organization: organizations
                .get(get(9).trim())
                .cloned()
                .unwrap_or_default(),
            areas: areas.remove(&id).unwrap_or_default(),
            addresses: addrs,
            terms: attributes.remove(&id).unwrap_or_default(),
            problems: Vec::new(),
            id,
        };
        reader.take(h);
    }
    Ok(())
}

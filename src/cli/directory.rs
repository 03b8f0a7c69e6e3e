//! `thrive import` of the area's service directory (Open Referral UK / HSDS 3.0), and how an
//! import's input is told apart: a spreadsheet, JSON pages, or a tabular data package.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{EXIT_BAD_INPUT, ImportArgs, refuse};
use crate::diagnostic::Problem;
use crate::event::record::EventInfo;
use crate::event::store::Store;
use crate::map::directory::{self, OnMap, Options, Reader, Shape};
use crate::map::{Catalog, import};
use crate::text::{plural, printable};

/// A directory's JSON file may be this large: a county's whole directory saved as one page
/// of full records is tens of megabytes.
pub const JSON_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// At most this many pages in one import (a folder of saved pages).
const MAX_PAGES: usize = 10_000;

/// What `thrive import` was given, known by its content.
pub enum ImportInput {
    Csv { label: String, bytes: Vec<u8> },
    Directory(DirectoryInput),
}

/// The area's directory: JSON files, or a tabular data package.
pub enum DirectoryInput {
    Json(Vec<(String, Vec<u8>)>),
    /// The pages of one folder, by the folder's name.
    Folder(String, Vec<(String, Vec<u8>)>),
    Package(PathBuf),
}

impl DirectoryInput {
    fn label(&self) -> String {
        match self {
            DirectoryInput::Json(files) => match files.as_slice() {
                [(one, _)] => one.clone(),
                [(first, _), rest @ ..] => {
                    format!("{first} and {}", plural(rest.len(), "more page"))
                }
                [] => String::new(),
            },
            DirectoryInput::Folder(name, _) => name.clone(),
            DirectoryInput::Package(p) => printable(&p.display().to_string()),
        }
    }
}

fn label(p: &Path) -> String {
    printable(&p.display().to_string())
}

fn read(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, Problem> {
    crate::input::read_limited(path, limit).map_err(|e| {
        let help = match e {
            crate::input::InputError::TooBig { .. } => "is this the right file?",
            _ => e.help(),
        };
        Problem::new(label(path), e.message(what)).help(help)
    })
}

/// Only a plain file is opened to look: opening a named pipe would wait for its writer.
fn starts_as_zip(path: &Path) -> bool {
    use std::io::Read as _;
    if !path.metadata().is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| &magic == b"PK\x03\x04")
}

fn is_json(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    matches!(
        b.iter().find(|c| !c.is_ascii_whitespace()),
        Some(b'{' | b'[')
    )
}

impl ImportInput {
    pub fn read(files: &[PathBuf]) -> Result<ImportInput, Problem> {
        if let [one] = files {
            if one.is_dir() {
                if one.join("datapackage.json").is_file()
                    || directory::tabular::has_services_table(one)
                {
                    return Ok(ImportInput::Directory(DirectoryInput::Package(one.clone())));
                }
                return pages_in(one).map(|i| match i {
                    ImportInput::Directory(DirectoryInput::Json(pages)) => {
                        ImportInput::Directory(DirectoryInput::Folder(label(one), pages))
                    }
                    other => other,
                });
            }
            if one.file_name().is_some_and(|n| n == "datapackage.json") {
                let folder = one
                    .parent()
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
                return Ok(ImportInput::Directory(DirectoryInput::Package(folder)));
            }
            if one
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
            {
                return Ok(ImportInput::Directory(DirectoryInput::Package(one.clone())));
            }
            // A package may be larger than any page: known by its first bytes, it is read
            // table by table under the package's own limits.
            if one != Path::new("-") && starts_as_zip(one) {
                return Ok(ImportInput::Directory(DirectoryInput::Package(one.clone())));
            }
            // Standard input has no size to look at first: it is read only as far as a
            // spreadsheet may be.
            let bytes = if one == Path::new("-") {
                read(one, import::MAX_BYTES as u64, "a services CSV")?
            } else {
                read(one, JSON_MAX_BYTES, "a services file")?
            };
            if is_json(&bytes) {
                return Ok(ImportInput::Directory(DirectoryInput::Json(vec![(
                    label(one),
                    bytes,
                )])));
            }
            if bytes.starts_with(b"PK\x03\x04") {
                return Ok(ImportInput::Directory(DirectoryInput::Package(one.clone())));
            }
            if bytes.len() as u64 > import::MAX_BYTES as u64 {
                return Err(Problem::new(
                    label(one),
                    format!(
                        "the file is {} MiB; a services CSV may be at most {} MiB",
                        bytes.len() / (1024 * 1024),
                        import::MAX_BYTES / (1024 * 1024)
                    ),
                )
                .help("save only the services sheet as CSV"));
            }
            return Ok(ImportInput::Csv {
                label: label(one),
                bytes,
            });
        }
        if files.len() > MAX_PAGES {
            return Err(Problem::new(
                label(&files[0]),
                format!(
                    "{} files named; one import reads at most {MAX_PAGES} pages",
                    files.len()
                ),
            )
            .help("put the pages in one folder and name the folder"));
        }
        let mut pages = Vec::with_capacity(files.len());
        for f in files {
            if f.is_dir() {
                return Err(Problem::new(label(f), "a folder among several files")
                    .help("name one folder of pages, or the page files themselves"));
            }
            let bytes = read(f, JSON_MAX_BYTES, "a directory page")?;
            if !is_json(&bytes) {
                return Err(Problem::new(label(f), "this is not a JSON page of the directory")
                    .help("several files are read as the pages of one service list; import a spreadsheet on its own"));
            }
            pages.push((label(f), bytes));
        }
        Ok(ImportInput::Directory(DirectoryInput::Json(pages)))
    }
}

/// Every `.json` file of a folder, in name order, as the pages of one list.
fn pages_in(folder: &Path) -> Result<ImportInput, Problem> {
    let entries = std::fs::read_dir(folder).map_err(|e| {
        Problem::new(label(folder), format!("the folder cannot be read: {e}"))
            .help("check the path")
    })?;
    let mut names: Vec<PathBuf> = entries
        .filter_map(std::result::Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        })
        .take(MAX_PAGES + 1)
        .collect();
    if names.is_empty() {
        return Err(Problem::new(
            label(folder),
            "this folder holds no datapackage.json and no .json pages",
        )
        .help("name the directory's tabular download (its folder or .zip) or the JSON pages saved from its API"));
    }
    // page-2 before page-10, as a person numbers them.
    names.sort_by_key(|p| natural_key(&p.display().to_string()));
    match ImportInput::read(&names)? {
        ImportInput::Directory(d) => Ok(ImportInput::Directory(d)),
        csv @ ImportInput::Csv { .. } => Ok(csv),
    }
}

fn natural_key(s: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                out.push((
                    std::mem::take(&mut text),
                    digits.parse().unwrap_or(u64::MAX),
                ));
                digits.clear();
            }
            text.push(c);
        }
    }
    out.push((text, digits.parse().unwrap_or(0)));
    out
}

/// The event an import writes to, as the caller found it.
pub struct Target<'a> {
    pub store: &'a Store,
    pub info: &'a EventInfo,
    /// The localities confirmed at the event.
    pub confirmed: &'a [String],
    /// Whether the event lists localities at all.
    pub listed: bool,
}

/// `thrive import` of a directory: read everything, then write the good services in one
/// transaction (or nothing, with a bad one and no --skip-bad).
#[allow(clippy::too_many_arguments)]
pub fn import(
    args: &ImportArgs,
    target: &Target<'_>,
    catalog: &Catalog,
    on_map: &OnMap,
    options: &Options,
    input: &DirectoryInput,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let label = input.label();
    let mut reader = Reader::new(catalog, on_map, options);
    match input {
        DirectoryInput::Json(files) | DirectoryInput::Folder(_, files) => {
            let mut pages = Vec::new();
            let mut whole = true;
            for (file, bytes) in files {
                match reader.json(file, bytes) {
                    Ok(Shape::Page(p)) => pages.push(p),
                    Ok(Shape::List(_)) => {}
                    Ok(Shape::Service) => whole = false,
                    Err(problem) => {
                        let _ = write!(err, "{}", problem.report(file));
                        let _ = writeln!(err, "{}", Problem::new(&label, "nothing imported"));
                        return ExitCode::from(EXIT_BAD_INPUT);
                    }
                }
            }
            reader.out.pages = !pages.is_empty();
            if !pages.is_empty() {
                match directory::whole_list(&pages) {
                    Ok(()) => {
                        let said: Option<u64> = pages.iter().find_map(|p| p.total_items);
                        let got: usize = pages.iter().map(|p| p.services).sum();
                        if let Some(n) = said.filter(|&n| n != got as u64) {
                            reader.out.notes.push(format!(
                                "the pages say the list has {n} services; {got} were in them"
                            ));
                        }
                    }
                    Err(why) => {
                        whole = false;
                        reader.out.notes.push(format!(
                            "{why}: services on the map that these pages do not list are left as they are"
                        ));
                    }
                }
            }
            reader.out.complete = whole;
        }
        DirectoryInput::Package(path) => {
            if let Err(problem) = directory::tabular::read(path, &mut reader) {
                let _ = write!(err, "{}", problem.report(&label));
                let _ = writeln!(err, "{}", Problem::new(&label, "nothing imported"));
                return ExitCode::from(EXIT_BAD_INPUT);
            }
            reader.out.complete = true;
        }
    }
    let read = reader.out;
    let good = read.records.len();
    let services = plural(good, "service");
    if args.check {
        let done = if read.bad_services > 0 {
            format!(
                "checked, nothing imported: {services} ready; fix the {} or use --skip-bad",
                plural(read.bad_services, "bad service")
            )
        } else {
            format!("checked, nothing imported: {services} ready")
        };
        let _ = write!(err, "{}", directory::report(&label, &read, &done));
        return ExitCode::from(if read.bad_services > 0 {
            EXIT_BAD_INPUT
        } else {
            0
        });
    }
    if read.refused(args.skip_bad) {
        let mut done = format!(
            "nothing imported — fix the {}",
            plural(read.bad_services, "bad service")
        );
        if good > 0 {
            done +=
                &format!(", or run again with --skip-bad to import the {services} that are good");
        }
        let _ = write!(err, "{}", directory::report(&label, &read, &done));
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    if good == 0 && read.skipped.is_empty() {
        let _ = write!(
            err,
            "{}",
            directory::report(&label, &read, "nothing to import")
        );
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let mut new_localities = crate::map::Localities::default();
    for l in &args.new_locality {
        if !target
            .confirmed
            .iter()
            .any(|c| crate::map::Localities::parse(c).has(l))
        {
            new_localities.add(l);
        }
    }
    let statuses: Vec<(String, String)> = read
        .skipped
        .iter()
        .filter_map(|s| s.status.clone().map(|st| (s.id.clone(), st)))
        .collect();
    let done = match target.store.import_directory(
        target.info.id,
        &read.records,
        &statuses,
        read.complete.then_some(&read.listed),
        new_localities.names(),
        crate::terminal::wall_clock(),
    ) {
        Ok(d) => d,
        Err(e) => {
            let _ = write!(
                err,
                "{}",
                directory::report(&label, &read, "nothing imported")
            );
            return refuse(
                err,
                Problem::new(&label, format!("nothing imported: {}", e.short())),
            );
        }
    };
    let mut report = String::new();
    for (name, fields) in done.kept.iter().take(20) {
        report += &format!(
            "{label}: kept the room's {} of “{}”: the directory changed {} too\n",
            fields.join(" and "),
            printable(name),
            if fields.len() == 1 { "it" } else { "them" }
        );
    }
    for (name, status) in done.marked.iter().take(20) {
        let why = if status == crate::map::UNLISTED {
            "the directory no longer lists it".to_owned()
        } else {
            format!("the directory now marks it {status}")
        };
        report += &format!(
            "{label}: marked “{}” on the map: {why} (nothing deleted)\n",
            printable(name)
        );
    }
    let mut parts = vec![format!("{} new", done.added)];
    if done.updated > 0 {
        parts.push(format!("{} updated", done.updated));
    }
    if done.unchanged > 0 {
        parts.push(format!("{} unchanged", done.unchanged));
    }
    if !done.marked.is_empty() {
        parts.push(format!("{} marked", done.marked.len()));
    }
    let summary = format!(
        "imported {services} ({}) onto the map of event {}: {}, {} ({})",
        parts.join(", "),
        target.info.id,
        printable(&target.info.title),
        target.info.date.format("%a %-d %b %Y"),
        printable(&target.info.site)
    );
    let _ = write!(
        out,
        "{}{report}",
        directory::report(&label, &read, &summary)
    );
    ExitCode::SUCCESS
}

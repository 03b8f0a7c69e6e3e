//! `thrive export` and `thrive import-event`: an event out to files, and an exported event
//! back into a database.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{DataArgs, EXIT_BAD_INPUT, ExportArgs, no_data_folder, refuse as bad};
use crate::diagnostic::Problem;
use crate::event::document::{self, Document};
use crate::event::store::Store;
use crate::export::{self, DEFAULT_SET, Existing, Part, What, shown};
use crate::text::printable;

/// `thrive export`: reads the event (the database is only read), writes the files.
pub fn export(
    args: &ExportArgs,
    data: &DataArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let Some(path) = data.path() else {
        return bad(err, no_data_folder());
    };
    let db = shown(&path);
    if !path.exists() {
        return bad(
            err,
            Problem::new(&db, "there is no event database here, so nothing to export")
                .help("give the database the event was run with: --db PATH"),
        );
    }
    let store = match Store::open_read_only(&path) {
        Ok(s) => s,
        Err(e) => return bad(err, e),
    };
    let info = match store.find_event(args.event.as_deref()) {
        Ok(Some(info)) => info,
        Ok(None) => {
            let what = args.event.as_deref().map_or_else(
                || "no event has been recorded in it yet".to_owned(),
                |e| format!("it has no event {}", printable(e)),
            );
            return bad(
                err,
                Problem::new(&db, format!("nothing to export: {what}"))
                    .help("thrive events lists the events; give an id or a date (2026-12-03)"),
            );
        }
        Err(e) => return bad(err, e),
    };
    let doc = match Document::build(&store, info.id, crate::terminal::wall_clock()) {
        Ok(d) => d,
        Err(e) => return bad(err, Problem::new(&db, e.short())),
    };
    let stamp = chrono::Utc::now();
    // A format only one part is written in names that part: --format pdf is the report.
    let what = args.what.unwrap_or_else(|| {
        args.format
            .filter(|f| !What::All.formats().contains(f))
            .and_then(|f| {
                let mut holding = WHATS.iter().filter(|w| w.formats().contains(&f));
                match (holding.next(), holding.next()) {
                    (Some(only), None) => Some(*only),
                    _ => None,
                }
            })
            .unwrap_or(What::All)
    });
    let Some(format) = args.format.or(what.default_format()) else {
        return export_set(&doc, args.output.as_deref(), args.replace, out, err, stamp);
    };
    let part = Part { what, format };
    // A package named by a folder (not a .zip) is written as its files.
    if format == export::Format::Hsds
        && let Some(dir) = args.output.as_deref().filter(|p| {
            *p != Path::new("-") && !p.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"))
        })
    {
        return package_folder(&doc, dir, args.replace, out, err);
    }
    // A PDF is the HTML page printed by a browser, when there is one.
    let printed = (format == export::Format::Pdf).then(|| {
        let html = Part {
            what,
            format: export::Format::Html,
        };
        export::render(&doc, html, stamp)
            .map(|page| export::pdf::print(&page).map_err(|e| (e, page)))
    });
    let bytes = match printed {
        Some(Ok(Ok(pdf))) => Ok(pdf),
        Some(Ok(Err((why, page)))) => {
            return no_pdf(&doc, &why, &page, args.output.as_deref(), err);
        }
        Some(Err(e)) => Err(e),
        None => export::render(&doc, part, stamp),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            // Offer the part that can be written in the format asked for, else the format
            // this part can be written in.
            let help = WHATS
                .iter()
                .find(|w| w.formats().contains(&format))
                .filter(|_| !what.formats().contains(&format))
                .map_or_else(
                    || {
                        format!(
                            "--what {} --format {}",
                            what.name(),
                            what.formats()[0].extension()
                        )
                    },
                    |w| format!("--what {} --format {}", w.name(), format.extension()),
                );
            return bad(err, Problem::new("thrive export", e.to_string()).help(help));
        }
    };
    let target = match args.output.as_deref() {
        Some(p) if p == Path::new("-") => {
            let _ = out.write_all(&bytes);
            return ExitCode::SUCCESS;
        }
        Some(p) if p.is_dir() => p.join(part.file_name()),
        Some(p) => p.to_path_buf(),
        None => PathBuf::from(export::folder_name(&doc)).join(part.file_name()),
    };
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        return bad(
            err,
            Problem::new(shown(dir), format!("cannot create the folder: {e}")),
        );
    }
    // An earlier file is never written over unasked: the new one goes beside it, numbered.
    let replaced = target.exists() && args.replace;
    let target = if target.exists() && !args.replace {
        free_file_name(&target)
    } else {
        target
    };
    if let Err(e) = export::write_atomic(&target, &bytes) {
        return bad(
            err,
            Problem::new(shown(&target), format!("not written: {e}"))
                .help("choose another place with -o PATH"),
        );
    }
    let _ = writeln!(
        out,
        "wrote {}{}",
        shown(&target),
        if replaced {
            " (replacing the earlier one)"
        } else {
            ""
        }
    );
    ExitCode::SUCCESS
}

/// Every part but the whole, in the order a format's part is looked for.
const WHATS: [What; 6] = [
    What::Report,
    What::Actions,
    What::Services,
    What::Notes,
    What::Assessment,
    What::Priorities,
];

/// No PDF could be printed: the page is left where the PDF would have gone, as HTML, and the
/// one line says how to get a PDF from it.
fn no_pdf(
    doc: &Document,
    why: &export::pdf::PdfError,
    page: &[u8],
    output: Option<&Path>,
    err: &mut dyn Write,
) -> ExitCode {
    let html = Part {
        what: What::Report,
        format: export::Format::Html,
    };
    let target = match output {
        Some(p) if p == Path::new("-") => None,
        Some(p) if p.is_dir() => Some(p.join(html.file_name())),
        Some(p) => Some(p.with_extension("html")),
        None => Some(PathBuf::from(export::folder_name(doc)).join(html.file_name())),
    };
    // Beside an earlier page, never over it.
    let written = target
        .map(|t| if t.exists() { free_file_name(&t) } else { t })
        .filter(|t| {
            t.parent()
                .filter(|d| !d.as_os_str().is_empty())
                .is_none_or(|d| std::fs::create_dir_all(d).is_ok())
                && export::write_atomic(t, page).is_ok()
        });
    let _ = writeln!(
        err,
        "{}",
        Problem::new(
            "thrive export",
            match (&written, why) {
                // Name the page that was left, which is not always report.html.
                (Some(p), export::pdf::PdfError::NoBrowser) => format!(
                    "no Chromium is installed to print the PDF: open {} in a browser and print it to PDF (or install chromium, or name one in THRIVE_CHROMIUM)",
                    shown(p)
                ),
                (Some(p), _) => format!("{why}; the page is at {}", shown(p)),
                // Nothing was left to open (to standard output, or the page would not write).
                (None, export::pdf::PdfError::NoBrowser) => "no Chromium is installed to print the PDF: write the page with --format html and print it from a browser (or install chromium, or name one in THRIVE_CHROMIUM)".to_owned(),
                (None, _) => format!("{why}; --format html writes the page to print from a browser"),
            }
        )
    );
    ExitCode::FAILURE
}

/// The Open Referral package as a folder of its files; files of an earlier package there are
/// written over only with --replace.
fn package_folder(
    doc: &Document,
    dir: &Path,
    replace: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let files = export::hsds::package(doc);
    if !replace && files.iter().any(|(name, _)| dir.join(name).exists()) {
        return bad(
            err,
            Problem::new(shown(dir), "this folder already holds a data package")
                .help("name an empty folder, or a .zip; --replace writes over it"),
        );
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        return bad(
            err,
            Problem::new(shown(dir), format!("cannot create the folder: {e}")),
        );
    }
    for (name, bytes) in &files {
        let target = dir.join(name);
        if let Err(e) = export::write_atomic(&target, bytes) {
            return bad(
                err,
                Problem::new(shown(&target), format!("not written: {e}"))
                    .help("choose another place with -o PATH"),
            );
        }
    }
    let _ = writeln!(
        out,
        "wrote {} (an Open Referral UK data package: {} files)",
        shown(dir),
        files.len()
    );
    ExitCode::SUCCESS
}

/// `report-2.md`, `report-3.md`…: the first name beside `path` that is free.
fn free_file_name(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (2..)
        .map(|n| path.with_file_name(format!("{stem}-{n}{ext}")))
        .find(|p| !p.exists())
        .unwrap_or_else(|| path.to_path_buf())
}

/// The default set into a folder: `-o` names it, else one named after the event here.
fn export_set(
    doc: &Document,
    output: Option<&Path>,
    replace: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
    stamp: chrono::DateTime<chrono::Utc>,
) -> ExitCode {
    let dir = match output {
        Some(p) if p == Path::new("-") => {
            return bad(
                err,
                Problem::new(
                    "thrive export",
                    "the default set is five files, and - is the terminal",
                )
                .help("give a folder with -o, or one part: --what report -o -"),
            );
        }
        Some(p) if p.is_file() => {
            return bad(
                err,
                Problem::new(shown(p), "this is a file; the default set needs a folder")
                    .help("give a folder with -o, or one part with --what and --format"),
            );
        }
        Some(p) => p.to_path_buf(),
        None => PathBuf::from(export::folder_name(doc)),
    };
    let earlier = export::already_there(&dir, &DEFAULT_SET);
    let existing = if replace {
        Existing::Replace
    } else {
        Existing::Number
    };
    match export::write_set(doc, &dir, &DEFAULT_SET, existing, stamp) {
        Ok((dir, files)) => {
            let names: Vec<String> = files
                .iter()
                .filter_map(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect();
            let _ = writeln!(
                out,
                "wrote {} to {}{}: {}",
                crate::text::plural(files.len(), "file"),
                shown(&dir),
                std::path::MAIN_SEPARATOR,
                names.join(", ")
            );
            if !earlier.is_empty() && replace {
                let _ = writeln!(out, "(replacing the earlier {})", earlier.join(", "));
            } else if !earlier.is_empty() {
                let _ = writeln!(
                    out,
                    "(an earlier export is in the first folder, untouched; --replace writes over it)"
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => bad(err, e.problem("choose another folder with -o PATH")),
    }
}

/// `thrive import-event FILE`: the whole event, as a new event of this database.
pub fn import_event(
    file: &Path,
    data: &DataArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let label = shown(file);
    let bytes = match crate::input::read_limited(file, document::MAX_BYTES) {
        Ok(b) => b,
        Err(e) => {
            let help = match e {
                crate::input::InputError::TooBig { .. } => {
                    "give the JSON or TOML file that thrive export wrote"
                }
                _ => e.help(),
            };
            return bad(
                err,
                Problem::new(&label, e.message("an event document")).help(help),
            );
        }
    };
    let read = match document::read(&label, &bytes) {
        Ok(r) => r,
        Err(report) => {
            let _ = write!(err, "{report}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let Some(path) = data.path() else {
        return bad(err, no_data_folder());
    };
    let store = match Store::open(&path) {
        Ok(s) => s,
        Err(e) => return bad(err, e),
    };
    let doc = &read.document;
    match store.event_by_uid(&doc.event.uid) {
        Ok(Some(there)) => {
            return bad(
                err,
                Problem::new(
                    &label,
                    format!(
                        "this event is already in {} as event {} ({}, {})",
                        shown(&path),
                        there.id,
                        printable(&there.title),
                        there.date
                    ),
                )
                .help("nothing was changed; import it into another database with --db PATH"),
            );
        }
        Ok(None) => {}
        Err(e) => return bad(err, e),
    }
    match store.import_document(doc, &read.script) {
        Ok(info) => {
            let p = crate::text::plural;
            // The exercises are said only when the event held them.
            let mut more = String::new();
            if !doc.assessment.is_empty() {
                more.push_str(&format!(", {}", p(doc.assessment.len(), "assessed cell")));
            }
            if let Some(v) = &doc.vote {
                more.push_str(&format!(
                    ", a vote on {}",
                    p(v.candidates.len(), "candidate")
                ));
            }
            let _ = writeln!(
                out,
                "{label}: imported as event {} of {}: {}, {} ({}) — {}, {}, {}{more}",
                info.id,
                shown(&path),
                printable(&info.title),
                info.date.format("%a %-d %b %Y"),
                printable(&info.site),
                p(doc.notes.len(), "note"),
                p(doc.actions.len(), "action"),
                p(doc.services.len(), "service"),
            );
            ExitCode::SUCCESS
        }
        Err(e) => bad(
            err,
            Problem::new(&label, format!("nothing imported: {}", e.short())),
        ),
    }
}

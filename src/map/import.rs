//! Services from a spreadsheet export: a CSV file a site's team saved from Excel, LibreOffice
//! or Google Sheets, read into [`ServiceFields`], with every row that cannot be read said in
//! words and located by line.
//!
//! Real exports are messy, and the people holding them are facilitators, not data clerks, so
//! this reads generously: any encoding a spreadsheet writes (UTF-8 with or without a mark,
//! UTF-16 "Unicode text", Windows-1252), any line ending, `,` `;` or tab between cells,
//! column names in any case, order and common wording, cells with stray spaces. What it cannot
//! read with confidence — an age of 30, a grouping it does not know, a cell past the last
//! column — makes the row *bad*, and a bad row is never guessed at: the report says where it
//! is and how to fix it, and the caller decides whether to import the good rows without it.
//!
//! The module is pure: the caller reads the file, gives the event's [`Catalog`] and the
//! services already on its map (matched by [`crate::map::same_service`]), and writes
//! [`Parsed::good`] in one transaction:
//!
//! ```no_run
//! # use thrive::map::{Catalog, KnownServices, import};
//! # let bytes = Vec::new(); let catalog = Catalog::default(); let existing = KnownServices::default();
//! # let skip_bad = false;
//! match import::parse(&bytes, &catalog, &existing) {
//!     Err(problem) => eprint!("{}", problem.report("services.csv")),
//!     Ok(parsed) => {
//!         let outcome = parsed.outcome(skip_bad);
//!         if outcome == import::Outcome::Imported {
//!             // insert parsed.good in one transaction
//!         }
//!         eprint!("{}", import::report("services.csv", &parsed, outcome));
//!     }
//! }
//! ```
//!
//! A cell that starts with `=` is a spreadsheet formula the export wrote out instead of its
//! value. It is kept as the plain text it is — nothing here or in the store ever evaluates
//! it — but the report warns about it, because `=HYPERLINK("…","Kooth")` is almost never what
//! the team meant to import. (Anything that writes the map back out as CSV must neutralise
//! such cells again; the exported `'=` form is undone here.)

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use super::{
    Ages, Catalog, FieldError, Groupings, KnownServices, Localities, MAX_AGE, ServiceFields,
    ServiceId, duplicate_key, find_route, is_site_wide,
};
use crate::diagnostic::Problem;
use crate::text::{is_unsafe, plural, printable};
use crate::thrive::closest;

mod columns;
mod decode;
mod report;
mod rows;

use columns::*;
use decode::*;
pub use report::report;
use rows::*;
pub(crate) use rows::{Kind, clean};

/// Larger files are refused before reading: a service list is kilobytes, so 50 MiB is some
/// other file, and reading it would stall the console on a projector in front of a room.
pub const MAX_BYTES: usize = 50 * 1024 * 1024;

/// At most this many messages of each kind are listed; the rest are counted.
const MAX_LISTED: usize = 20;

/// How many non-blank rows are looked through for the header: exports often put a title and
/// a date above the table.
const HEADER_SEARCH: usize = 10;

/// The columns in the order the site-map template has them.
pub const HEADER: &str =
    "name,provider,sector,groupings,age_from,age_to,locality,access_route,notes";

/// A row that reads as a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// The line of the file where the row starts, 1-based, the header's line counted.
    pub line: u64,
    /// The row a spreadsheet shows it on (the header is usually row 1). It differs from
    /// `line` once a cell above holds a line break.
    pub row: u64,
    pub fields: ServiceFields,
}

/// One problem that stops a row being imported. A row with several problems has several
/// entries, all with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    pub line: u64,
    pub row: u64,
    /// Where in the row, in the words the report uses: `column E (age_from)`, or
    /// `columns E (age_from) and F (age_to)`; `None` for the row as a whole.
    pub column: Option<String>,
    pub reason: String,
    pub help: Option<String>,
}

/// Where a duplicate's service already is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateOf {
    /// An earlier good row of the same file.
    Row { line: u64, row: u64 },
    /// A service already on the event's map.
    Map,
}

/// A good row naming a service that is already in the file or on the map (see
/// [`crate::map::same_service`]): reported, and not imported twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub line: u64,
    pub row: u64,
    /// The name as this row writes it.
    pub name: String,
    pub of: DuplicateOf,
    /// What the row said, should a caller want to merge it ([`ServiceFields::merged`]).
    pub fields: ServiceFields,
}

/// Something worth a look in a row that is still imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub line: u64,
    pub row: u64,
    pub column: Option<String>,
    pub message: String,
    pub help: Option<String>,
}

/// How the bytes were read as text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Encoding {
    #[default]
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
            Encoding::Windows1252 => "Windows-1252",
        })
    }
}

/// What separates the cells, as found on the header line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Delimiter {
    #[default]
    Comma,
    Semicolon,
    Tab,
}

impl Delimiter {
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }
    }

    fn word(self) -> &'static str {
        match self {
            Delimiter::Comma => "comma",
            Delimiter::Semicolon => "semicolon",
            Delimiter::Tab => "tab",
        }
    }
}

impl fmt::Display for Delimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-separated", self.word())
    }
}

/// Everything read from one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Rows to import, in file order, no two of the same service.
    pub good: Vec<ImportRow>,
    /// Problems in rows that are not imported, in file order.
    pub bad: Vec<BadRow>,
    pub duplicates: Vec<Duplicate>,
    pub warnings: Vec<Warning>,
    /// How the file was read, said once: the encoding when it was not UTF-8, columns read
    /// into notes or not read at all, rows above the header, characters removed.
    pub notes: Vec<String>,
    /// Rows that were not blank: good + bad rows + duplicates.
    pub rows_read: usize,
    pub encoding: Encoding,
    pub delimiter: Delimiter,
}

impl Parsed {
    /// How many rows are bad (a row may have several problems).
    pub fn bad_rows(&self) -> usize {
        let mut lines: Vec<u64> = self.bad.iter().map(|b| b.line).collect();
        lines.dedup();
        lines.len()
    }

    /// What to do with this file: with bad rows, nothing is imported unless the caller was
    /// told to skip them.
    pub fn outcome(&self, skip_bad: bool) -> Outcome {
        if self.bad.is_empty() || skip_bad {
            Outcome::Imported
        } else {
            Outcome::Refused
        }
    }
}

/// What the caller did with a [`Parsed`] file, for the last line of the [`report`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing written: there are bad rows and `--skip-bad` was not given.
    Refused,
    /// Nothing written on purpose: the file was only checked.
    Checked,
    /// Every good row was written.
    Imported,
}

/// A file that cannot be read as a service list at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub message: String,
    pub help: String,
}

impl FileProblem {
    pub(crate) fn new(message: impl Into<String>, help: impl Into<String>) -> FileProblem {
        FileProblem {
            message: message.into(),
            help: help.into(),
        }
    }

    /// `PATH: error: …` and `  = help: …`, as the project reports a file it refuses.
    pub fn report(&self, path_label: &str) -> String {
        let problem = Problem::new(path_label, &self.message).help(&self.help);
        format!("{problem}\n")
    }
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FileProblem {}

const SAVE_AS_CSV: &str = "in the spreadsheet, save the services sheet as CSV \
     (Excel: File → Save As → “CSV UTF-8”; Google Sheets: File → Download → CSV)";

/// Reads a spreadsheet export into services. `existing` holds the services already on the
/// event's map. Never panics, whatever the bytes.
pub fn parse(
    bytes: &[u8],
    catalog: &Catalog,
    existing: &KnownServices<ServiceId>,
) -> Result<Parsed, FileProblem> {
    let Decoded {
        text,
        encoding,
        notes,
    } = decode(bytes)?;
    let delimiter = detect_delimiter(&text);
    let unclosed = unclosed_quote(&text, delimiter.byte());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter.byte())
        .from_reader(text.as_bytes());
    let mut lines = Lines {
        text: text.as_bytes(),
        embedded: 0,
    };
    let mut record = csv::StringRecord::new();
    let mut parsed = Parsed {
        encoding,
        delimiter,
        notes,
        ..Parsed::default()
    };

    let mut above: Vec<(Place, Vec<String>)> = Vec::new();
    let (header_at, columns) = loop {
        if !read(&mut reader, &mut record)? {
            // A quote that never closes swallows the rest of the file, header and all.
            return Err(match unclosed {
                Some(open) => unclosed_in_header(open),
                None => no_header(&above, parsed.delimiter),
            });
        }
        let at = lines.place(&record);
        let cells: Vec<String> = record.iter().map(|c| clean(c, Kind::Line).text).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if let Some(columns) = Columns::read(&cells) {
            break (at, columns);
        }
        above.push((at, cells));
        if above.len() >= HEADER_SEARCH {
            return Err(no_header(&above, parsed.delimiter));
        }
    };
    let header_end = header_at.line + embedded_lines(&record);
    if let Some(open) = unclosed.filter(|l| (header_at.line..=header_end).contains(l)) {
        return Err(unclosed_in_header(open));
    }
    if let (Some((first, _)), Some((last, _))) = (above.first(), above.last()) {
        parsed.notes.push(if first.line == last.line {
            format!(
                "line {} above the header was not read (the header is line {})",
                first.line, header_at.line
            )
        } else {
            format!(
                "lines {}–{} above the header were not read (the header is line {})",
                first.line, last.line, header_at.line
            )
        });
    }
    parsed.notes.extend(columns.notes());

    let mut rows = Rows {
        catalog,
        existing,
        columns: &columns,
        delimiter,
        seen: KnownServices::default(),
        cleaned: Vec::new(),
        stray: vec![0; columns.headers.len()],
    };
    while read(&mut reader, &mut record)? {
        let at = lines.place(&record);
        let last_line = at.line + embedded_lines(&record);
        let cut = unclosed.filter(|&l| (at.line..=last_line).contains(&l));
        rows.read(&record, at, cut, &mut parsed);
    }
    parsed.notes.extend(rows.stray_notes());
    if let Some(note) = cleaned_note(&rows.cleaned) {
        parsed.notes.push(note);
    }
    Ok(parsed)
}

fn unclosed_in_header(open: u64) -> FileProblem {
    FileProblem::new(
        format!(
            "a quote opened on line {open} is never closed, so the rest of the file was read as one cell"
        ),
        format!(
            "look for a stray \" on line {open}: a cell that starts with a quote must end with one"
        ),
    )
}

fn read(
    reader: &mut csv::Reader<&[u8]>,
    record: &mut csv::StringRecord,
) -> Result<bool, FileProblem> {
    // The text is valid UTF-8 and the reader is flexible, so csv has nothing left to refuse;
    // should it ever, the file is refused in words rather than the console panicking.
    reader.read_record(record).map_err(|e| {
        FileProblem::new(
            format!("the file could not be read as CSV: {e}"),
            SAVE_AS_CSV,
        )
    })
}

fn embedded_lines(record: &csv::StringRecord) -> u64 {
    record
        .iter()
        .map(|f| f.bytes().filter(|&b| b == b'\n').count() as u64)
        .sum()
}

/// Where a row is: the file's line and the spreadsheet's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    line: u64,
    row: u64,
}

/// Turns csv's record positions into lines and rows.
struct Lines<'a> {
    text: &'a [u8],
    /// Line breaks inside quoted cells so far: each is a line of the file but not a row of
    /// the spreadsheet.
    embedded: u64,
}

impl Lines<'_> {
    fn place(&mut self, record: &csv::StringRecord) -> Place {
        // csv gives the position where it began reading, which is before any blank lines it
        // skipped; those are rows in a spreadsheet too, so they are counted here.
        let (byte, mut line) = record
            .position()
            .map_or((0, 1), |p| (p.byte() as usize, p.line()));
        line += self
            .text
            .get(byte..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b'\n')
            .count() as u64;
        let at = Place {
            line,
            row: line.saturating_sub(self.embedded).max(1),
        };
        self.embedded += embedded_lines(record);
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::with(&[], &["North".into(), "West".into()])
    }

    fn read(text: &str) -> Parsed {
        match parse(text.as_bytes(), &catalog(), &KnownServices::default()) {
            Ok(p) => p,
            Err(e) => panic!("refused: {e:?}"),
        }
    }

    #[test]
    fn column_letters_go_past_z() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn headers_fold_case_spacing_and_punctuation() {
        for h in [
            "age_from",
            " Age From ",
            "AGE-FROM",
            "Age (from)*",
            "min. age",
        ] {
            assert_eq!(Field::for_header(h), Some(Field::AgeFrom), "{h}");
        }
        assert_eq!(Field::for_header("Service name"), Some(Field::Name));
        assert_eq!(Field::for_header("Area"), Some(Field::Locality));
        assert_eq!(Field::for_header("Funding"), None);
    }

    #[test]
    fn cells_lose_controls_marks_and_spaces() {
        let c = clean("  Kooth\u{1b}[31m \u{202E}online ", Kind::Line);
        assert_eq!(c.text, "Kooth[31m online");
        assert!(c.removed);
        assert_eq!(clean("'=SUM(A1)", Kind::Line).text, "=SUM(A1)");
        assert!(!clean("'=SUM(A1)", Kind::Line).formula);
        assert!(clean("=SUM(A1)", Kind::Line).formula);
        assert_eq!(clean("'quoted'", Kind::Line).text, "'quoted'");
        assert_eq!(clean("a\n b\tc", Kind::Line).text, "a b c");
        assert_eq!(clean("a\nb\tc", Kind::Notes).text, "a\nb c");
        assert_eq!(
            clean(" \"Hill \"\"Trust\"\"\"", Kind::Line).text,
            "Hill \"Trust\""
        );
    }

    #[test]
    fn ages_from_and_to_read_spreadsheet_numbers() {
        assert_eq!(age("11"), Ok(11));
        assert_eq!(age("11.0"), Ok(11));
        assert_eq!(age("18 years"), Ok(18));
        assert!(age("30").is_err_and(|(r, _)| r.contains("0–25")));
        assert!(age("300").is_err_and(|(r, _)| r.contains("0–25")));
        assert!(age("11.5").is_err_and(|(r, _)| r.contains("whole")));
        assert!(age("-1").is_err_and(|(r, _)| r.contains("not an age")));
    }

    #[test]
    fn one_age_alone_means_from_or_up_to() {
        let p = read("name,age_from,age_to\nA,16,\nB,,10\nC,14,12\n");
        assert_eq!(p.good[0].fields.ages, Some(Ages { from: 16, to: 25 }));
        assert_eq!(p.good[1].fields.ages, Some(Ages { from: 0, to: 10 }));
        assert_eq!(p.bad.len(), 1);
        assert!(p.bad[0].reason.contains("backwards"), "{:?}", p.bad);
    }

    #[test]
    fn lines_and_rows_count_blank_lines_and_breaks_in_cells() {
        let p = read("name,notes\n\"A\",\"two\nlines\"\n\n\nB,x\r\nC,y\rD,z");
        let places: Vec<(u64, u64)> = p.good.iter().map(|r| (r.line, r.row)).collect();
        assert_eq!(places, vec![(2, 2), (6, 5), (7, 6), (8, 7)]);
    }

    #[test]
    fn an_unclosed_quote_is_said_not_swallowed() {
        let p = read("name,notes\nA,\"oops\nB,x\nC,y\n");
        assert_eq!(p.good.len(), 0);
        assert!(p.bad[0].reason.contains("never closed"), "{:?}", p.bad);
        assert_eq!(p.bad[0].line, 2);
    }

    #[test]
    fn a_locality_the_event_does_not_list_is_a_bad_row_named_with_its_near_miss() {
        let p = read("name,locality\nA,wset\nB,Westbury\nC,all areas\nD,north\nE,North; West\n");
        assert_eq!(p.bad.len(), 2);
        assert!(
            p.bad[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean “West”")
        );
        assert!(
            p.bad[1]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("run again with --new-locality Westbury"),
            "{:?}",
            p.bad[1]
        );
        let places: Vec<String> = p
            .good
            .iter()
            .map(|r| r.fields.localities.to_string())
            .collect();
        assert_eq!(places, vec!["all areas", "North", "North; West"]);
        // Named new, it is one of them.
        let catalog = catalog().with_localities(&["Westbury".into()]);
        let p = parse(
            b"name,locality\nB,westbury\n",
            &catalog,
            &KnownServices::default(),
        )
        .expect("reads");
        assert_eq!(p.good[0].fields.localities.to_string(), "Westbury");
    }

    #[test]
    fn windows_1252_decodes_its_own_table() {
        assert_eq!(windows_1252(b"\x80 \x93x\x94 caf\xe9 \xa3"), "€ “x” café £");
    }

    #[test]
    fn delimiter_is_the_one_the_header_uses_most() {
        assert_eq!(detect_delimiter("name;notes,x;y\n"), Delimiter::Semicolon);
        assert_eq!(detect_delimiter("name\tnotes\n"), Delimiter::Tab);
        assert_eq!(detect_delimiter("\"a;b\",c\n"), Delimiter::Comma);
        assert_eq!(detect_delimiter("name\n"), Delimiter::Comma);
    }
}

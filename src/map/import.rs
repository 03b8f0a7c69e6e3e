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
    fn new(message: impl Into<String>, help: impl Into<String>) -> FileProblem {
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

// ----- bytes to text -----------------------------------------------------------------------

struct Decoded {
    text: String,
    encoding: Encoding,
    notes: Vec<String>,
}

/// Bytes to text with one kind of line break (LF), the way the file was most likely written.
fn decode(bytes: &[u8]) -> Result<Decoded, FileProblem> {
    if bytes.len() > MAX_BYTES {
        return Err(FileProblem::new(
            format!(
                "the file is {:.0} MiB; a service list is far smaller, so this is refused (the limit is {} MiB)",
                bytes.len() as f64 / (1024.0 * 1024.0),
                MAX_BYTES / (1024 * 1024)
            ),
            "check this is the services CSV; a spreadsheet of services saves as a few hundred KiB at most",
        ));
    }
    if let Some(problem) = known_binary(bytes) {
        return Err(problem);
    }
    let mut notes = Vec::new();
    let (text, encoding) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (utf16(rest, false, &mut notes), Encoding::Utf16Le),
        [0xFE, 0xFF, rest @ ..] => (utf16(rest, true, &mut notes), Encoding::Utf16Be),
        [0xEF, 0xBB, 0xBF, rest @ ..] => {
            let text = String::from_utf8_lossy(rest);
            if std::str::from_utf8(rest).is_err() {
                notes.push(
                    "some bytes are not UTF-8, though the file starts with the UTF-8 mark; they show as �"
                        .into(),
                );
            }
            (text.into_owned(), Encoding::Utf8Bom)
        }
        _ => match utf16_without_mark(bytes) {
            Some(big_endian) => {
                notes.push(format!(
                    "read as UTF-16 {}: the file has no byte-order mark, but every other byte is zero",
                    if big_endian { "BE" } else { "LE" }
                ));
                let text = utf16(bytes, big_endian, &mut notes);
                let encoding = if big_endian {
                    Encoding::Utf16Be
                } else {
                    Encoding::Utf16Le
                };
                (text, encoding)
            }
            None => match std::str::from_utf8(bytes) {
                Ok(t) => (t.to_owned(), Encoding::Utf8),
                Err(e) => {
                    let at = e.valid_up_to();
                    let line = line_of(bytes, at);
                    let byte = bytes.get(at).copied().unwrap_or_default();
                    notes.push(format!(
                        "read as Windows-1252, not UTF-8 (byte 0x{byte:02X} on line {line} is not UTF-8) — check that letters like é and signs like £ came through"
                    ));
                    (windows_1252(bytes), Encoding::Windows1252)
                }
            },
        },
    };
    if text.contains('\0') || looks_binary(&text) {
        return Err(FileProblem::new(
            "this does not look like a text file: it holds control bytes that CSV never has",
            format!("it may be a workbook, an image or a compressed file; {SAVE_AS_CSV}"),
        ));
    }
    let text = one_line_ending(&text);
    if text.trim().is_empty() {
        return Err(FileProblem::new(
            "the file is empty",
            format!("a service list starts with a header row naming the columns: {HEADER}"),
        ));
    }
    Ok(Decoded {
        text,
        encoding,
        notes,
    })
}

/// Files people pick by mistake, recognised by their first bytes, so the help can say what
/// to do instead.
fn known_binary(bytes: &[u8]) -> Option<FileProblem> {
    let what = match bytes {
        [b'P', b'K', 3, 4, ..] => {
            "this is a zip file — most likely an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods), not CSV"
        }
        [0xD0, 0xCF, 0x11, 0xE0, ..] => "this is an old Excel workbook (.xls), not CSV",
        [b'%', b'P', b'D', b'F', ..] => "this is a PDF, not CSV",
        _ => return None,
    };
    Some(FileProblem::new(what, SAVE_AS_CSV))
}

/// Many controls early on: a binary file that happens to decode.
fn looks_binary(text: &str) -> bool {
    let sample = text.chars().take(4096);
    let (mut chars, mut controls) = (0usize, 0usize);
    for c in sample {
        chars += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{b}' | '\u{c}') {
            controls += 1;
        }
    }
    controls >= 8 && controls * 10 > chars
}

fn line_of(bytes: &[u8], at: usize) -> u64 {
    let before = bytes.get(..at).unwrap_or(bytes);
    let mut line = 1;
    let mut prev = 0u8;
    for &b in before {
        if b == b'\n' && prev != b'\r' || b == b'\r' {
            line += 1;
        }
        prev = b;
    }
    line
}

fn utf16(bytes: &[u8], big_endian: bool, notes: &mut Vec<String>) -> String {
    let units = bytes.chunks_exact(2).map(|c| match c {
        [a, b] if big_endian => u16::from_be_bytes([*a, *b]),
        [a, b] => u16::from_le_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    let mut bad = 0usize;
    let text = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                bad += 1;
                '\u{FFFD}'
            })
        })
        .collect();
    if bad > 0 {
        notes.push(format!(
            "{bad} characters were not valid UTF-16 and show as �"
        ));
    }
    text
}

/// Some tools write UTF-16 with no byte-order mark; its ASCII has a zero byte beside every
/// letter, which no CSV has otherwise.
fn utf16_without_mark(bytes: &[u8]) -> Option<bool> {
    let sample = bytes.get(..bytes.len().min(1024) & !1)?;
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros = |offset: usize| {
        sample
            .iter()
            .skip(offset)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 10 >= pairs * 9 && even * 20 <= pairs {
        Some(false)
    } else if even * 10 >= pairs * 9 && odd * 20 <= pairs {
        Some(true)
    } else {
        None
    }
}

/// Windows-1252's 0x80–0x9F, where it differs from Latin-1; the five unassigned bytes keep
/// their C1 code points and are removed later as controls.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

fn windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH
                .get(usize::from(b - 0x80))
                .copied()
                .unwrap_or('\u{FFFD}'),
            _ => char::from(b),
        })
        .collect()
}

/// CRLF and a lone CR (old Mac exports) become LF, inside quoted cells too, so csv counts
/// every kind of line and a cell's line break is one character.
fn one_line_ending(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// The delimiter used most on the first line that has any, outside quotes; a comma when none
/// is found (a file with one column).
fn detect_delimiter(text: &str) -> Delimiter {
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(HEADER_SEARCH)
    {
        let (mut comma, mut semicolon, mut tab) = (0, 0, 0);
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => comma += 1,
                ';' if !quoted => semicolon += 1,
                '\t' if !quoted => tab += 1,
                _ => {}
            }
        }
        if comma + semicolon + tab == 0 {
            continue;
        }
        return if tab > comma && tab > semicolon {
            Delimiter::Tab
        } else if semicolon > comma {
            Delimiter::Semicolon
        } else {
            Delimiter::Comma
        };
    }
    Delimiter::Comma
}

/// The line of a quote that opens a cell and never closes, read the way csv reads quotes:
/// csv then takes the rest of the file as that one cell, silently.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<u64> {
    #[derive(PartialEq)]
    enum State {
        Start,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::Start;
    let (mut line, mut opened) = (1u64, 1u64);
    for &b in text.as_bytes() {
        state = match state {
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            State::QuoteInQuoted if b == b'"' => State::Quoted,
            State::Start if b == b'"' => {
                opened = line;
                State::Quoted
            }
            _ if b == b'\n' || b == delimiter => State::Start,
            _ => State::Unquoted,
        };
        if b == b'\n' {
            line += 1;
        }
    }
    (state == State::Quoted).then_some(opened)
}

// ----- the header --------------------------------------------------------------------------

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Field {
    Name,
    Provider,
    Sector,
    Groupings,
    AgeFrom,
    AgeTo,
    Ages,
    Locality,
    Route,
    Notes,
    /// Phone, email, website: appended to the notes with the column's name.
    Contact,
}

impl Field {
    const ALL: [Field; 11] = [
        Field::Name,
        Field::Provider,
        Field::Sector,
        Field::Groupings,
        Field::AgeFrom,
        Field::AgeTo,
        Field::Ages,
        Field::Locality,
        Field::Route,
        Field::Notes,
        Field::Contact,
    ];

    fn canonical(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Provider => "provider",
            Field::Sector => "sector",
            Field::Groupings => "groupings",
            Field::AgeFrom => "age_from",
            Field::AgeTo => "age_to",
            Field::Ages => "ages",
            Field::Locality => "locality",
            Field::Route => "access_route",
            Field::Notes => "notes",
            Field::Contact => "contact",
        }
    }

    /// The ways a header names it, as [`header_key`] folds them.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Name => &[
                "name",
                "service",
                "service name",
                "services",
                "name of service",
            ],
            Field::Provider => &[
                "provider",
                "providers",
                "provided by",
                "provider name",
                "organisation",
                "organization",
                "org",
                "run by",
                "delivered by",
                "agency",
            ],
            Field::Sector => &["sector", "sectors", "sector type", "provider type"],
            Field::Groupings => &[
                "groupings",
                "grouping",
                "thrive grouping",
                "thrive groupings",
                "thrive",
                "needs based grouping",
                "needs based groupings",
            ],
            Field::AgeFrom => &[
                "age from",
                "ages from",
                "from age",
                "from",
                "min age",
                "minimum age",
                "age min",
                "age minimum",
                "lower age",
                "age lower",
                "youngest",
            ],
            Field::AgeTo => &[
                "age to",
                "ages to",
                "to age",
                "to",
                "up to age",
                "max age",
                "maximum age",
                "age max",
                "age maximum",
                "upper age",
                "age upper",
                "oldest",
            ],
            Field::Ages => &["ages", "age", "age range", "ages covered", "age group"],
            Field::Locality => &[
                "locality",
                "localities",
                "area",
                "areas",
                "location",
                "place",
                "where",
                "neighbourhood",
            ],
            Field::Route => &[
                "access route",
                "access routes",
                "route",
                "access",
                "referral route",
                "how to access",
                "how to refer",
                "referral",
            ],
            Field::Notes => &[
                "notes",
                "note",
                "comments",
                "comment",
                "description",
                "details",
                "info",
                "information",
            ],
            Field::Contact => &[
                "contact",
                "contacts",
                "contact details",
                "contact info",
                "phone",
                "telephone",
                "tel",
                "email",
                "e mail",
                "website",
                "web site",
                "web",
                "url",
                "address",
            ],
        }
    }

    fn for_header(header: &str) -> Option<Field> {
        let key = header_key(header);
        Field::ALL
            .into_iter()
            .find(|f| f.aliases().contains(&key.as_str()))
    }
}

/// A header folded the way people vary it: any case, `_` `-` `.` or spaces between words,
/// brackets and stars dropped ("Age (from)*" is "age from").
fn header_key(header: &str) -> String {
    header
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The header, read: what each column holds.
struct Columns {
    /// The header cells as written (cleaned), for messages.
    headers: Vec<String>,
    /// What each column is read into; `None` for a column not read.
    fields: Vec<Option<Field>>,
    /// The column of each single-valued field.
    at: HashMap<Field, usize>,
    /// Notes on columns, said once in the report.
    notes: Vec<String>,
}

impl Columns {
    /// `None` unless the row names a `name` column: then it is the header.
    fn read(cells: &[String]) -> Option<Columns> {
        if !cells
            .iter()
            .any(|c| Field::for_header(c) == Some(Field::Name))
        {
            return None;
        }
        let mut at: HashMap<Field, usize> = HashMap::new();
        let mut fields = Vec::with_capacity(cells.len());
        let mut notes = Vec::new();
        for (i, header) in cells.iter().enumerate() {
            let here = column_words(i, header);
            let field = match Field::for_header(header) {
                Some(Field::Contact) => {
                    notes.push(format!(
                        "{here} read into notes, as “{}: …”",
                        shorten(header, 30)
                    ));
                    Some(Field::Contact)
                }
                Some(Field::Notes) if at.contains_key(&Field::Notes) => {
                    notes.push(format!(
                        "{here} read into notes too, as “{}: …”",
                        shorten(header, 30)
                    ));
                    Some(Field::Contact)
                }
                Some(f) => match at.get(&f) {
                    Some(&first) => {
                        notes.push(format!(
                            "{here} not read — {} is already read as {}",
                            column_words(first, cells.get(first).map_or("", String::as_str)),
                            f.canonical()
                        ));
                        None
                    }
                    None => {
                        at.insert(f, i);
                        Some(f)
                    }
                },
                None if header.is_empty() => None,
                None => {
                    notes.push(unknown_column(&here, header));
                    None
                }
            };
            fields.push(field);
        }
        if let Some(&ages) = at.get(&Field::Ages)
            && (at.contains_key(&Field::AgeFrom) || at.contains_key(&Field::AgeTo))
        {
            notes.push(format!(
                "{} read only in rows where age_from and age_to are blank",
                column_words(ages, cells.get(ages).map_or("", String::as_str))
            ));
        }
        Some(Columns {
            headers: cells.to_vec(),
            fields,
            at,
            notes,
        })
    }

    fn notes(&self) -> Vec<String> {
        self.notes.clone()
    }

    /// `column E (age_from)` for a field's column.
    fn words(&self, field: Field) -> String {
        let i = self.at.get(&field).copied().unwrap_or_default();
        column_words(i, self.headers.get(i).map_or("", String::as_str))
    }

    fn letter_and_header(&self, field: Field) -> String {
        let i = self.at.get(&field).copied().unwrap_or_default();
        letter_and_header(i, self.headers.get(i).map_or("", String::as_str))
    }
}

fn unknown_column(here: &str, header: &str) -> String {
    let key = header_key(header);
    let names = Field::ALL.iter().flat_map(|f| f.aliases().iter().copied());
    match closest(&key, names).and_then(Field::for_header) {
        Some(f) => format!("{here} not read — did you mean {}?", f.canonical()),
        None => format!(
            "{here} not read — the columns read are {}",
            HEADER.replace(',', ", ")
        ),
    }
}

/// `A`, `B`, … `Z`, `AA`: the spreadsheet's name for column `i` (0-based).
fn column_letter(i: usize) -> String {
    let mut n = i + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

fn letter_and_header(i: usize, header: &str) -> String {
    if header.is_empty() {
        column_letter(i)
    } else {
        format!("{} ({})", column_letter(i), shorten(header, 30))
    }
}

fn column_words(i: usize, header: &str) -> String {
    format!("column {}", letter_and_header(i, header))
}

fn no_header(above: &[(Place, Vec<String>)], delimiter: Delimiter) -> FileProblem {
    let Some((at, cells)) = above.first() else {
        return FileProblem::new(
            "the file has no text in it, only empty cells",
            format!("a service list starts with a header row naming the columns: {HEADER}"),
        );
    };
    let shown = shorten(&cells.join(", "), 60);
    let known: Vec<&String> = cells
        .iter()
        .filter(|c| Field::for_header(c).is_some())
        .collect();
    let near_name = cells
        .iter()
        .find(|c| closest(&header_key(c), Field::Name.aliases().iter().copied()).is_some());
    if let Some(near) = near_name {
        return FileProblem::new(
            format!("the header (line {}) has no name column", at.line),
            format!(
                "did you mean name for “{}”? Every service needs a name; the header reads: {shown}",
                shorten(near, 30)
            ),
        );
    }
    if !known.is_empty() {
        return FileProblem::new(
            format!("the header (line {}) has no name column", at.line),
            format!("add a column called name for the services' names; the header reads: {shown}"),
        );
    }
    let mut help = format!(
        "the first row must name the columns, like {HEADER}; line {} reads: {shown}",
        at.line
    );
    if cells.len() == 1 && delimiter == Delimiter::Comma {
        help.push_str(" (one cell: the columns are separated by commas, semicolons or tabs)");
    }
    let message = match above.len() {
        1 => format!("no header row: line {} does not name the columns", at.line),
        n => format!("no header row: none of the first {n} rows names a name column"),
    };
    FileProblem::new(message, help)
}

// ----- cells -------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// One line: line breaks and runs of spaces become one space.
    Line,
    /// Line breaks kept.
    Notes,
}

struct Cell {
    text: String,
    /// Control or direction-changing characters were taken out.
    removed: bool,
    /// The cell is a formula written out as text.
    formula: bool,
    /// A quote after a space: the writer meant a quoted cell, but CSV only quotes a cell
    /// whose first character is the quote.
    spaced_quote: bool,
}

fn clean(raw: &str, kind: Kind) -> Cell {
    let mut removed = false;
    let mut text = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\t' => text.push(' '),
            // Older exports write a line break inside a cell as a vertical tab.
            '\u{b}' | '\u{c}' | '\u{2028}' | '\u{2029}' => text.push('\n'),
            '\u{FEFF}' => {}
            c if is_unsafe(c) => removed = true,
            c => text.push(c),
        }
    }
    let trimmed = text.trim();
    let spaced_quote = raw.starts_with(char::is_whitespace) && trimmed.starts_with('"');
    let mut text = match trimmed.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) if spaced_quote => inner.trim().replace("\"\"", "\""),
        _ => trimmed.to_owned(),
    };
    // Exports put `'` before a leading = + - @ so a spreadsheet will not run the cell as a
    // formula; here it is text either way, so the mark goes.
    let neutralised = text
        .strip_prefix('\'')
        .is_some_and(|rest| rest.trim_start().starts_with(['=', '+', '-', '@']));
    if neutralised {
        text = text.split_off(1);
    }
    let formula = !neutralised && text.len() > 1 && text.starts_with('=');
    if kind == Kind::Line && text.contains(char::is_whitespace) {
        text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    Cell {
        text,
        removed,
        formula,
        spaced_quote: spaced_quote && !raw.trim_end().ends_with('"'),
    }
}

/// At most `max` characters, line breaks shown as ↵, for quoting in a message.
fn shorten(text: &str, max: usize) -> String {
    let mut out: String = text
        .chars()
        .take(max)
        .map(|c| if c == '\n' { '↵' } else { c })
        .collect();
    if text.chars().nth(max).is_some() {
        out.pop();
        out.push('…');
    }
    out
}

fn quoted(text: &str) -> String {
    format!("“{}”", shorten(text, 40))
}

/// A message from the map's parsers, "what — how to fix it", as reason and help.
/// `text` as one word for a shell: quoted when it has spaces or quotes.
fn shell_word(text: &str) -> String {
    if text
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        text.to_owned()
    } else {
        format!("\"{}\"", text.replace('"', "\\\""))
    }
}

// ----- rows --------------------------------------------------------------------------------

struct Rows<'a> {
    catalog: &'a Catalog,
    existing: &'a KnownServices<ServiceId>,
    columns: &'a Columns,
    delimiter: Delimiter,
    /// The good rows so far, to find a row of the same service ([`crate::map::same_service`]).
    seen: KnownServices<Place>,
    /// Lines where characters were taken out of a cell.
    cleaned: Vec<u64>,
    /// Non-blank cells per column that is not read, for the notes.
    stray: Vec<usize>,
}

/// The problems of one row, gathered before it is judged.
struct Problems {
    at: Place,
    list: Vec<BadRow>,
}

impl Problems {
    fn push(&mut self, column: Option<String>, reason: String, help: Option<String>) {
        self.list.push(BadRow {
            line: self.at.line,
            row: self.at.row,
            column,
            reason,
            help,
        });
    }
}

impl Rows<'_> {
    fn read(
        &mut self,
        record: &csv::StringRecord,
        at: Place,
        cut: Option<u64>,
        parsed: &mut Parsed,
    ) {
        let cols = self.columns;
        let cells: Vec<Cell> = record
            .iter()
            .enumerate()
            .map(|(i, raw)| {
                let kind = match cols.fields.get(i) {
                    Some(Some(Field::Notes | Field::Contact)) => Kind::Notes,
                    _ => Kind::Line,
                };
                clean(raw, kind)
            })
            .collect();
        if cells.iter().all(|c| c.text.is_empty()) {
            return;
        }
        parsed.rows_read += 1;
        if cells.iter().any(|c| c.removed) {
            self.cleaned.push(at.line);
        }
        let cell = |field: Field| -> &str {
            cols.at
                .get(&field)
                .and_then(|&i| cells.get(i))
                .map_or("", |c| c.text.as_str())
        };
        let mut problems = Problems {
            at,
            list: Vec::new(),
        };
        let mut f = ServiceFields::default();

        if let Some(open) = cut {
            problems.push(
                None,
                format!(
                    "a quote opened on line {open} is never closed, so everything after it was read as one cell"
                ),
                Some(
                    "look for a stray \" in this row: a cell that starts with a quote must end with one"
                        .into(),
                ),
            );
        }

        let name = cell(Field::Name);
        if name.is_empty() {
            problems.push(
                Some(cols.words(Field::Name)),
                "no name".into(),
                Some("every service needs a name; fill it in or delete the row".into()),
            );
        } else if duplicate_key(name).is_empty() {
            problems.push(
                Some(cols.words(Field::Name)),
                format!(
                    "{} is not a name: it has no letters or digits",
                    quoted(name)
                ),
                None,
            );
        }
        f.name = name.to_owned();
        f.provider = cell(Field::Provider).to_owned();

        let sector = cell(Field::Sector);
        if !sector.is_empty() {
            match self.catalog.sector(sector) {
                Ok(s) => f.sector = Some(s),
                Err(e) => {
                    let (reason, help) = e.parts();
                    problems.push(Some(cols.words(Field::Sector)), reason, help);
                }
            }
        }

        let groupings = cell(Field::Groupings);
        if !groupings.is_empty() {
            // A list typed with Alt+Enter in the cell is one grouping a line.
            match Groupings::parse(&groupings.replace('\n', ";")) {
                Ok(g) => f.groupings = g,
                Err(e) => {
                    let (reason, help) = e.parts();
                    problems.push(Some(cols.words(Field::Groupings)), reason, help);
                }
            }
        }

        f.ages = self.ages(&cell, &mut problems);

        // One service offered in several localities is one row: `North; West`.
        for locality in Localities::parse(cell(Field::Locality)).names() {
            match self.locality(locality) {
                Ok(l) => f.localities.add(&l),
                Err((reason, help)) => {
                    problems.push(Some(cols.words(Field::Locality)), reason, Some(help));
                }
            }
        }

        let route = cell(Field::Route);
        f.access_route = find_route(route).unwrap_or(route).to_owned();

        let mut notes: Vec<String> = Vec::new();
        let main_notes = cell(Field::Notes);
        if !main_notes.is_empty() {
            notes.push(main_notes.to_owned());
        }
        for (i, c) in cells.iter().enumerate() {
            match cols.fields.get(i) {
                Some(Some(Field::Contact)) if !c.text.is_empty() => {
                    let header = cols.headers.get(i).map_or("", String::as_str);
                    notes.push(format!("{header}: {}", c.text));
                }
                Some(Some(_)) => {}
                Some(None) => {
                    if !c.text.is_empty()
                        && let Some(n) = self.stray.get_mut(i)
                    {
                        *n += 1;
                    }
                }
                None => {
                    if !c.text.is_empty() {
                        problems.push(
                            Some(format!("column {}", column_letter(i))),
                            format!(
                                "this row has {} cells but the header has {}: {} is past the last column",
                                cells.len(),
                                cols.headers.len(),
                                quoted(&c.text)
                            ),
                            Some(self.extra_cells_help(&cells)),
                        );
                        break;
                    }
                }
            }
        }
        f.notes = notes.join("; ");

        if !problems.list.is_empty() {
            parsed.bad.append(&mut problems.list);
            return;
        }
        for (i, c) in cells.iter().enumerate().filter(|(_, c)| c.formula) {
            let header = cols.headers.get(i).map_or("", String::as_str);
            parsed.warnings.push(Warning {
                line: at.line,
                row: at.row,
                column: Some(column_words(i, header)),
                message: format!(
                    "{} is a spreadsheet formula; it is imported as the text it is",
                    quoted(&c.text)
                ),
                help: Some(
                    "if you meant what the formula shows, copy the column and Paste Special → Values before saving as CSV"
                        .into(),
                ),
            });
        }
        let of = if self.existing.find(&f).is_some() {
            Some(DuplicateOf::Map)
        } else {
            self.seen.find(&f).map(|first| DuplicateOf::Row {
                line: first.line,
                row: first.row,
            })
        };
        match of {
            Some(of) => parsed.duplicates.push(Duplicate {
                line: at.line,
                row: at.row,
                name: f.name.clone(),
                of,
                fields: f,
            }),
            None => {
                self.seen.insert(&f, at);
                parsed.good.push(ImportRow {
                    line: at.line,
                    row: at.row,
                    fields: f,
                });
            }
        }
    }

    /// Ages from `age_from`/`age_to`, or from one `ages` cell when those are blank. One end
    /// alone means "from here up" or "up to here".
    fn ages<'c>(&self, cell: &impl Fn(Field) -> &'c str, problems: &mut Problems) -> Option<Ages> {
        let cols = self.columns;
        let (from_text, to_text) = (cell(Field::AgeFrom), cell(Field::AgeTo));
        if from_text.is_empty() && to_text.is_empty() {
            let text = cell(Field::Ages);
            return match Ages::parse(text) {
                Ok(a) => a,
                Err(e) => {
                    let (reason, help) = ages_message(text, &e);
                    problems.push(Some(cols.words(Field::Ages)), reason, help);
                    None
                }
            };
        }
        let mut one = |field: Field, text: &str| -> Option<u8> {
            if text.is_empty() {
                return None;
            }
            match age(text) {
                Ok(n) => Some(n),
                Err((reason, help)) => {
                    problems.push(Some(cols.words(field)), reason, Some(help));
                    None
                }
            }
        };
        let from = one(Field::AgeFrom, from_text);
        let to = one(Field::AgeTo, to_text);
        let (from, to) = match (from, to) {
            (Some(from), Some(to)) => (from, to),
            (Some(from), None) if to_text.is_empty() => (from, MAX_AGE),
            (None, Some(to)) if from_text.is_empty() => (0, to),
            _ => return None,
        };
        match Ages::new(from, to) {
            Ok(a) => Some(a),
            Err(_) => {
                problems.push(
                    Some(format!(
                        "columns {} and {}",
                        cols.letter_and_header(Field::AgeFrom),
                        cols.letter_and_header(Field::AgeTo)
                    )),
                    format!("{from} to {to} runs backwards"),
                    Some(format!("write the younger age first: {to} and {from}")),
                );
                None
            }
        }
    }

    /// A locality the event knows, in its spelling. With a list of localities (the
    /// script's, those confirmed at the event, and `--new-locality`), any other name is a
    /// bad row — a typo (with the name it is near) or a place to confirm — so a misspelt
    /// place never becomes a locality of its own. With no list, names are kept as written.
    fn locality(&self, text: &str) -> Result<String, (String, String)> {
        if text.is_empty() {
            return Ok(String::new());
        }
        if let Some(l) = self.catalog.find_locality(text) {
            return Ok(l.to_owned());
        }
        let listed = &self.catalog.localities;
        if listed.is_empty() || is_site_wide(text) {
            return Ok(text.to_owned());
        }
        let reason = format!("{} is not one of the event's localities", quoted(text));
        Err(match self.catalog.near_locality(text) {
            Some(l) => (
                reason,
                format!(
                    "did you mean “{l}”? The localities are {}",
                    listed.join(", ")
                ),
            ),
            None => (
                reason,
                format!(
                    "if it is a new one, run again with --new-locality {}; the localities are {}",
                    shell_word(text),
                    listed.join(", ")
                ),
            ),
        })
    }

    fn extra_cells_help(&self, cells: &[Cell]) -> String {
        if cells.iter().any(|c| c.spaced_quote) {
            return "a cell in quotes must start with the quote: write ,\"Hill Trust, NHS\" with no space before the quote".into();
        }
        let d = self.delimiter;
        format!(
            "a cell with a {} in it needs double quotes around it (spreadsheets add them when they save as CSV); or delete what is past the last column",
            d.word()
        )
    }

    fn stray_notes(&self) -> Vec<String> {
        self.stray
            .iter()
            .enumerate()
            .filter(|(i, n)| **n > 0 && self.columns.headers.get(*i).is_some_and(String::is_empty))
            .map(|(i, n)| {
                format!(
                    "column {} has no header, so its {n} filled {} not read",
                    column_letter(i),
                    if *n == 1 { "cell was" } else { "cells were" }
                )
            })
            .collect()
    }
}

/// A whole number of years in 0–25 from an `age_from` or `age_to` cell; `11.0` is eleven
/// (spreadsheets write whole numbers so).
fn age(text: &str) -> Result<u8, (String, String)> {
    let t = text.to_lowercase();
    let t = t
        .trim_end_matches("years")
        .trim_end_matches("yrs")
        .trim_end();
    let (whole, fraction) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || fraction.bytes().all(|b| b.is_ascii_digit())) {
        return Err((
            format!("{} is not an age", quoted(text)),
            format!("write a whole number of years from 0 to {MAX_AGE}"),
        ));
    }
    if fraction.bytes().any(|b| b != b'0') {
        return Err((
            format!("{} is not a whole number of years", quoted(text)),
            format!("write whole years from 0 to {MAX_AGE}: 11.5 is 11"),
        ));
    }
    match whole.parse::<u8>() {
        Ok(n) if n <= MAX_AGE => Ok(n),
        _ => Err((
            format!("{} — THRIVE covers ages 0–{MAX_AGE}", quoted(text)),
            format!("write {MAX_AGE} for “and over”"),
        )),
    }
}

/// [`Ages::parse`]'s message in the report's shape.
fn ages_message(text: &str, e: &FieldError) -> (String, Option<String>) {
    match e {
        FieldError::PastMaxAge(_) => (
            format!("{} — THRIVE covers ages 0–{MAX_AGE}", quoted(text)),
            Some(format!("write {MAX_AGE} for “and over”")),
        ),
        _ => e.parts(),
    }
}

fn cleaned_note(lines: &[u64]) -> Option<String> {
    let (first, rest) = lines.split_first()?;
    let mut listed = first.to_string();
    for line in rest.iter().take(4) {
        let _ = write!(listed, ", {line}");
    }
    if rest.len() > 4 {
        listed.push_str(", …");
    }
    Some(format!(
        "control or text-direction characters were taken out of {} (line{} {listed})",
        if lines.len() == 1 {
            "one row"
        } else {
            "some rows"
        },
        if lines.len() == 1 { "" } else { "s" },
    ))
}

// ----- the report --------------------------------------------------------------------------

/// `spreadsheet row 12, column E (age_from): ` — the row said only when it differs from the
/// line, so a file without line breaks in cells reads plainly.
fn place(line: u64, row: u64, column: Option<&str>) -> String {
    match (line != row, column) {
        (true, Some(c)) => format!("spreadsheet row {row}, {c}: "),
        (true, None) => format!("spreadsheet row {row}: "),
        (false, Some(c)) => format!("{c}: "),
        (false, None) => String::new(),
    }
}

fn line_and_row(line: u64, row: u64) -> String {
    if line == row {
        format!("line {line}")
    } else {
        format!("line {line}, spreadsheet row {row}")
    }
}

/// The report on one file, for the terminal: how it was read, each bad row, duplicate and
/// warning by line (`PATH:LINE: error: …` and `  = help: …`), a count, and what was done.
pub fn report(path_label: &str, parsed: &Parsed, outcome: Outcome) -> String {
    let path = printable(path_label);
    let mut out = String::new();
    for note in &parsed.notes {
        let _ = writeln!(out, "{path}: note: {}", printable(note));
    }

    // Messages of every kind by line; each kind is capped on its own so a file of bad rows
    // does not hide its duplicates.
    let mut items: Vec<(u64, String)> = Vec::new();
    for b in parsed.bad.iter().take(MAX_LISTED) {
        let mut problem = Problem::new(
            format!("{path}:{}", b.line),
            format!("{}{}", place(b.line, b.row, b.column.as_deref()), b.reason),
        );
        problem.help.clone_from(&b.help);
        items.push((b.line, format!("{problem}\n")));
    }
    for d in parsed.duplicates.iter().take(MAX_LISTED) {
        let whose = match d.of {
            DuplicateOf::Row { line, row } => {
                format!("is already in the file ({})", line_and_row(line, row))
            }
            DuplicateOf::Map => "is already on the map".into(),
        };
        items.push((
            d.line,
            format!(
                "{path}:{}: duplicate: {}{} {whose} — not imported twice\n",
                d.line,
                place(d.line, d.row, None),
                quoted(&d.name),
            ),
        ));
    }
    for w in parsed.warnings.iter().take(MAX_LISTED) {
        let mut problem = Problem::warning(
            format!("{path}:{}", w.line),
            format!("{}{}", place(w.line, w.row, w.column.as_deref()), w.message),
        );
        problem.help.clone_from(&w.help);
        items.push((w.line, format!("{problem}\n")));
    }
    items.sort_by_key(|(line, _)| *line);
    for (_, s) in items {
        out.push_str(&printable_lines(&s));
    }
    for (count, what) in [
        (parsed.bad.len(), "errors"),
        (parsed.duplicates.len(), "duplicates"),
        (parsed.warnings.len(), "warnings"),
    ] {
        if count > MAX_LISTED {
            let _ = writeln!(
                out,
                "{path}: … and {} more {what} not listed",
                count - MAX_LISTED
            );
        }
    }

    let good = parsed.good.len();
    let bad = parsed.bad_rows();
    let dups = parsed.duplicates.len();
    let mut summary = format!(
        "{path}: {} read ({}, {}): {good} good",
        plural(parsed.rows_read, "row"),
        parsed.encoding,
        parsed.delimiter
    );
    if bad > 0 {
        let _ = write!(summary, ", {bad} bad");
    }
    if dups > 0 {
        let _ = write!(summary, ", {}", plural(dups, "duplicate"));
    }
    let _ = writeln!(out, "{summary}");

    let bad_rows = if bad == 1 {
        "the bad row".to_owned()
    } else {
        format!("the {bad} bad rows")
    };
    let good_ones = if good == 1 {
        "the good one".to_owned()
    } else {
        format!("the {good} good ones")
    };
    let services = plural(good, "service");
    let last = match outcome {
        Outcome::Refused => {
            let mut said = format!("nothing imported — fix {bad_rows}");
            if good > 0 {
                said += &format!(", or run again with --skip-bad to import {good_ones}");
            }
            let _ = writeln!(out, "{}", Problem::new(path_label, said));
            return out;
        }
        Outcome::Checked if bad > 0 && good > 0 => {
            format!("checked, nothing imported: {services} ready; fix {bad_rows} or use --skip-bad")
        }
        Outcome::Checked => format!("checked, nothing imported: {services} ready"),
        Outcome::Imported if good == 0 => {
            let why = if parsed.rows_read == 0 {
                "the file has a header but no services under it"
            } else if bad > 0 && dups == 0 {
                "every row is bad"
            } else if bad == 0 {
                "every service in it is already on the map or earlier in the file"
            } else {
                "every row is bad or a duplicate"
            };
            format!("nothing to import — {why}")
        }
        Outcome::Imported => {
            let mut skipped = Vec::new();
            if bad > 0 {
                skipped.push(plural(bad, "bad row"));
            }
            if dups > 0 {
                skipped.push(plural(dups, "duplicate"));
            }
            if skipped.is_empty() {
                format!("imported {services}")
            } else {
                format!("imported {services}; skipped {}", skipped.join(" and "))
            }
        }
    };
    let _ = writeln!(out, "{path}: {last}");
    out
}

/// Makes each line of a message safe to print, keeping the line breaks between them.
fn printable_lines(s: &str) -> String {
    s.split('\n').map(printable).collect::<Vec<_>>().join("\n")
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

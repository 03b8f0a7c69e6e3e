//! Cells and rows: each row read into a service, or the reasons it cannot be.

use super::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// One line: line breaks and runs of spaces become one space.
    Line,
    /// Line breaks kept.
    Notes,
}

pub(crate) struct Cell {
    pub(crate) text: String,
    /// Control or direction-changing characters were taken out.
    pub(crate) removed: bool,
    /// The cell is a formula written out as text.
    pub(super) formula: bool,
    /// A quote after a space: the writer meant a quoted cell, but CSV only quotes a cell
    /// whose first character is the quote.
    pub(super) spaced_quote: bool,
}

pub(crate) fn clean(raw: &str, kind: Kind) -> Cell {
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
pub(super) fn shorten(text: &str, max: usize) -> String {
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

pub(super) fn quoted(text: &str) -> String {
    format!("“{}”", shorten(text, 40))
}

/// A message from the map's parsers, "what — how to fix it", as reason and help.
/// `text` as one word for a shell: quoted when it has spaces or quotes.
pub(super) fn shell_word(text: &str) -> String {
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

pub(super) struct Rows<'a> {
    pub(super) catalog: &'a Catalog,
    pub(super) existing: &'a KnownServices<ServiceId>,
    pub(super) columns: &'a Columns,
    pub(super) delimiter: Delimiter,
    /// The good rows so far, to find a row of the same service ([`crate::map::same_service`]).
    pub(super) seen: KnownServices<Place>,
    /// Lines where characters were taken out of a cell.
    pub(super) cleaned: Vec<u64>,
    /// Non-blank cells per column that is not read, for the notes.
    pub(super) stray: Vec<usize>,
}

/// The problems of one row, gathered before it is judged.
pub(super) struct Problems {
    pub(super) at: Place,
    pub(super) list: Vec<BadRow>,
}

impl Problems {
    pub(super) fn push(&mut self, column: Option<String>, reason: String, help: Option<String>) {
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
    pub(super) fn read(
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
    pub(super) fn ages<'c>(
        &self,
        cell: &impl Fn(Field) -> &'c str,
        problems: &mut Problems,
    ) -> Option<Ages> {
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
    pub(super) fn locality(&self, text: &str) -> Result<String, (String, String)> {
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

    pub(super) fn extra_cells_help(&self, cells: &[Cell]) -> String {
        if cells.iter().any(|c| c.spaced_quote) {
            return "a cell in quotes must start with the quote: write ,\"Hill Trust, NHS\" with no space before the quote".into();
        }
        let d = self.delimiter;
        format!(
            "a cell with a {} in it needs double quotes around it (spreadsheets add them when they save as CSV); or delete what is past the last column",
            d.word()
        )
    }

    pub(super) fn stray_notes(&self) -> Vec<String> {
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
pub(super) fn age(text: &str) -> Result<u8, (String, String)> {
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
pub(super) fn ages_message(text: &str, e: &FieldError) -> (String, Option<String>) {
    match e {
        FieldError::PastMaxAge(_) => (
            format!("{} — THRIVE covers ages 0–{MAX_AGE}", quoted(text)),
            Some(format!("write {MAX_AGE} for “and over”")),
        ),
        _ => e.parts(),
    }
}

pub(super) fn cleaned_note(lines: &[u64]) -> Option<String> {
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

//! The report on one file: every bad row, duplicate and warning by line, and what was done.

use super::*;

/// `spreadsheet row 12, column E (age_from): ` — the row said only when it differs from the
/// line, so a file without line breaks in cells reads plainly.
pub(super) fn place(line: u64, row: u64, column: Option<&str>) -> String {
    match (line != row, column) {
        (true, Some(c)) => format!("spreadsheet row {row}, {c}: "),
        (true, None) => format!("spreadsheet row {row}: "),
        (false, Some(c)) => format!("{c}: "),
        (false, None) => String::new(),
    }
}

pub(super) fn line_and_row(line: u64, row: u64) -> String {
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
pub(super) fn printable_lines(s: &str) -> String {
    s.split('\n').map(printable).collect::<Vec<_>>().join("\n")
}

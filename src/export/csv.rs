//! CSV for a spreadsheet: a header row, UTF-8 with a byte-order mark (so Excel reads the
//! accents right), CRLF line ends, one cell per field. Every cell that a spreadsheet would
//! take as a formula — starting `=`, `+`, `-`, `@`, a tab or a carriage return — gets a
//! leading `'`, as OWASP's CSV-injection advice says; `thrive import` takes the mark off
//! again. The services file has the header `thrive import` reads, so a map goes round.

use super::{Document, clean};
use crate::thrive::Grouping;

const BOM: &[u8] = "\u{feff}".as_bytes();

/// A cell a spreadsheet will show as written and never evaluate.
pub(super) fn neutralise(cell: &str) -> String {
    let clean = clean(cell);
    // Judged on the cell as given (a tab or CR is cleaned away below) and as written (a
    // spreadsheet may skip the spaces in front of a formula).
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
        || clean.trim_start().starts_with(['=', '+', '-', '@']);
    if formula {
        format!("'{clean}")
    } else {
        clean.into_owned()
    }
}

fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut out = BOM.to_vec();
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail; a row of the header's width is all that is written.
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(row.iter().map(|c| neutralise(c)));
    }
    out.extend(w.into_inner().unwrap_or_default());
    out
}

fn time(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

pub(super) fn actions(doc: &Document) -> Vec<u8> {
    table(
        &[
            "action",
            "owners",
            "due",
            "status",
            "grouping",
            "principle",
            "agenda_item",
            "added",
            "event",
            "event_date",
            "uid",
        ],
        doc.actions.iter().map(|a| {
            vec![
                a.text.clone(),
                a.owners.join(", "),
                a.due.map(|d| d.to_string()).unwrap_or_default(),
                a.status.name().to_owned(),
                a.grouping.map(|g| g.name().to_owned()).unwrap_or_default(),
                a.principle.map(|p| p.name().to_owned()).unwrap_or_default(),
                doc.segment_title(a.segment.as_deref())
                    .unwrap_or_default()
                    .to_owned(),
                time(a.created_at),
                doc.event.title.clone(),
                doc.event.date.to_string(),
                a.uid.clone(),
            ]
        }),
    )
}

pub(super) fn notes(doc: &Document) -> Vec<u8> {
    table(
        &["time", "agenda_item", "note", "groupings", "principles"],
        doc.notes.iter().map(|n| {
            let tags = crate::event::capture::tags(&n.text);
            vec![
                time(n.created_at),
                doc.segment_title(n.segment.as_deref())
                    .unwrap_or_default()
                    .to_owned(),
                n.text.clone(),
                tags.groupings
                    .iter()
                    .map(|g| g.name())
                    .collect::<Vec<_>>()
                    .join("; "),
                tags.principles
                    .iter()
                    .map(|p| p.name())
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        }),
    )
}

/// The header `thrive import` reads.
pub(super) fn services(doc: &Document) -> Vec<u8> {
    table(
        &[
            "name",
            "provider",
            "sector",
            "groupings",
            "age_from",
            "age_to",
            "locality",
            "access_route",
            "notes",
        ],
        doc.services.iter().map(|s| {
            vec![
                s.name.clone(),
                s.provider.clone(),
                s.sector.clone().unwrap_or_default(),
                s.groupings
                    .iter()
                    .map(|g: &Grouping| g.short_name())
                    .collect::<Vec<_>>()
                    .join("; "),
                s.age_from.map(|a| a.to_string()).unwrap_or_default(),
                s.age_to.map(|a| a.to_string()).unwrap_or_default(),
                s.localities.join("; "),
                s.access_route.clone(),
                s.notes.clone(),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn every_cell_a_spreadsheet_would_run_gets_a_leading_apostrophe() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+44 1234", "'+44 1234"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "' =1"),
            ("\r=1", "'\u{FFFD}=1"),
            ("  =1+1", "'  =1+1"),
            ("Ask = nurses", "Ask = nurses"),
            ("priya", "priya"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), written, "{cell:?}");
        }
    }
}

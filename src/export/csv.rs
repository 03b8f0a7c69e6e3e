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
    // A header can hold what people typed (a voter's name): neutralised as every cell is.
    let _ = w.write_record(header.iter().map(|h| neutralise(h)));
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

/// One row a cell of the assessment, every principle at every level the event scores (a
/// cell not scored is a row too, so the sheet is the grid): its score, whether THRIVE-like,
/// the previous and baseline scores, the change, and the evidence.
pub(super) fn assessment(doc: &Document) -> Vec<u8> {
    let a = doc.assessments();
    let levels = doc
        .parsed_script()
        .map(|s| s.levels())
        .unwrap_or_else(|_| crate::thrive::Level::ALL.to_vec());
    let previous = a.previous().map(|(_, p)| p);
    let baseline = a.baseline().map(|(_, b)| b);
    let score = |s: Option<u8>| s.map(|s| s.to_string()).unwrap_or_default();
    let rows = crate::thrive::Principle::ALL.iter().flat_map(|&p| {
        let a = &a;
        levels.iter().map(move |&l| {
            let now = a.now.score(p, l);
            let before = previous.and_then(|b| b.score(p, l));
            vec![
                p.name().to_owned(),
                l.name().to_owned(),
                score(now),
                match now {
                    Some(s) if s >= crate::event::assessment::THRIVE_LIKE => "yes".into(),
                    Some(_) => "no".into(),
                    None => String::new(),
                },
                score(before),
                score(baseline.and_then(|b| b.score(p, l))),
                crate::event::assessment::change(before, now).unwrap_or_default(),
                a.now.rationale(p, l).to_owned(),
            ]
        })
    });
    table(
        &[
            "principle",
            "level",
            "score",
            "thrive_like",
            "previous",
            "baseline",
            "change",
            "evidence",
        ],
        rows.collect::<Vec<_>>().into_iter(),
    )
}

/// One row a candidate, in the ranking's order: its place, words, dots in all and where it
/// came from, the action made of it, then one column of dots per voter.
pub(super) fn priorities(doc: &Document) -> Vec<u8> {
    let Some(v) = &doc.vote else {
        return table(&["place", "candidate", "dots"], std::iter::empty());
    };
    let mut header: Vec<&str> = vec![
        "place",
        "tied",
        "candidate",
        "dots",
        "origin",
        "grouping",
        "ages",
        "locality",
        "action",
    ];
    header.extend(v.voters.iter().map(String::as_str));
    let actions: std::collections::HashMap<&str, &str> = doc
        .actions
        .iter()
        .map(|a| (a.uid.as_str(), a.text.as_str()))
        .collect();
    let rows = v.ranked().into_iter().map(|c| {
        // "=2" would open as a formula: the place and the tie in columns of their own.
        let mut row = vec![
            c.place.trim_start_matches('=').to_owned(),
            if c.place.starts_with('=') {
                "yes"
            } else {
                "no"
            }
            .to_owned(),
            c.text.clone(),
            c.total.to_string(),
            c.origin.clone(),
            c.grouping.map(|g| g.name().to_owned()).unwrap_or_default(),
            c.ages.clone().unwrap_or_default(),
            c.locality.clone().unwrap_or_default(),
            c.action
                .as_deref()
                .and_then(|uid| actions.get(uid))
                .map(|t| (*t).to_owned())
                .unwrap_or_default(),
        ];
        row.extend(v.voters.iter().map(|voter| c.from(voter).to_string()));
        row
    });
    table(&header, rows.collect::<Vec<_>>().into_iter())
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

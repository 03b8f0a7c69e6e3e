//! The event as data, for another thrive (`thrive import-event`) or another program: the
//! versioned shape of [`Document`] as JSON or TOML.

use super::{Document, What};

/// The document with only the part asked for: `--what actions` keeps the event, its script
/// and the actions (still a document `import-event` reads), and leaves the rest out.
pub(super) fn only(doc: &Document, what: What) -> Document {
    let mut doc = doc.clone();
    let keep = |part: What| matches!(what, What::All | What::Report) || what == part;
    if !keep(What::Notes) {
        doc.notes.clear();
    }
    if !keep(What::Actions) {
        doc.actions.clear();
    }
    if !keep(What::Services) {
        doc.services.clear();
        doc.gaps.clear();
    }
    if !keep(What::Assessment) {
        doc.assessment.clear();
        doc.assessment_before.clear();
    }
    if !keep(What::Priorities) {
        doc.vote = None;
    }
    if !matches!(what, What::All | What::Report) {
        doc.agenda.clear();
        doc.since_last_time = None;
    }
    doc
}

pub(super) fn json(doc: &Document) -> String {
    // A document is plain data: strings, numbers, lists and tables only.
    let mut out = serde_json::to_string_pretty(doc).unwrap_or_default();
    out.push('\n');
    out
}

pub(super) fn toml(doc: &Document) -> String {
    toml::to_string_pretty(doc).unwrap_or_default()
}

//! The board's filter: words that each narrow what the board shows — a grouping (`1`–`5`),
//! `unplaced`, a sector, a locality, an age or range, or any other word in a service's text.

use crate::map::{Ages, Catalog, ServiceFields};
use crate::thrive::{Grouping, normalise_name};

/// One word of the board's filter. Several words must all match.
pub(super) enum Term {
    Grouping(Grouping),
    Unplaced,
    Sector(String),
    Locality(String),
    Age(u8),
    Ages(Ages),
    Text(String),
}

pub(super) fn terms(filter: &str, catalog: &Catalog) -> Vec<Term> {
    // A locality of several words ("Saltby Coast") is read whole, longest first, so a
    // site-wide service still shows under it.
    let mut rest = filter.to_lowercase();
    let mut out = Vec::new();
    let mut long: Vec<&String> = catalog
        .localities
        .iter()
        .filter(|l| l.trim().contains(' '))
        .collect();
    long.sort_by_key(|l| std::cmp::Reverse(l.len()));
    for l in long {
        let name = l.trim().to_lowercase();
        for pattern in [format!("@{name}"), format!("locality:{name}"), name.clone()] {
            if let Some(i) = rest.find(&pattern) {
                rest.replace_range(i..i + pattern.len(), " ");
                out.push(Term::Locality(normalise_name(l)));
                break;
            }
        }
    }
    out.extend(terms_of_words(&rest, catalog));
    out
}

fn terms_of_words(filter: &str, catalog: &Catalog) -> Vec<Term> {
    filter
        .split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            if let Some(tag) = lower.strip_prefix('#')
                && let Some(g) = Grouping::parse(tag)
            {
                return Term::Grouping(g);
            }
            if matches!(lower.as_str(), "unplaced" | "not-placed") {
                return Term::Unplaced;
            }
            if let Some(place) = lower
                .strip_prefix('@')
                .or(lower.strip_prefix("locality:"))
                .filter(|p| !p.is_empty())
            {
                return Term::Locality(normalise_name(place));
            }
            if let Some(s) = lower.strip_prefix("sector:") {
                return Term::Sector(
                    catalog
                        .find_sector(s)
                        .map_or_else(|| s.to_owned(), str::to_lowercase),
                );
            }
            let age = lower.strip_prefix("age:").unwrap_or(&lower);
            if age.starts_with(|c: char| c.is_ascii_digit())
                && let Ok(Some(a)) = Ages::parse(age)
            {
                return if a.from == a.to {
                    Term::Age(a.from)
                } else {
                    Term::Ages(a)
                };
            }
            if let Some(s) = catalog.find_sector(&lower) {
                return Term::Sector(s.to_lowercase());
            }
            if let Some(l) = catalog.find_locality(&lower) {
                return Term::Locality(normalise_name(l));
            }
            Term::Text(lower)
        })
        .collect()
}

pub(super) fn service_matches(s: &ServiceFields, terms: &[Term]) -> bool {
    terms.iter().all(|t| match t {
        Term::Grouping(g) => s.groupings.contains(*g),
        Term::Unplaced => s.groupings.is_empty(),
        Term::Sector(sector) => s.sector.as_deref().map(str::to_lowercase).as_ref() == Some(sector),
        Term::Locality(l) => s.localities.has(l) || s.localities.is_site_wide(),
        Term::Age(a) => s.ages.is_some_and(|r| r.covers(*a)),
        Term::Ages(a) => s.ages.is_some_and(|r| r.overlaps(*a)),
        Term::Text(w) => {
            [&s.name, &s.provider, &s.access_route, &s.notes]
                .iter()
                .any(|f| f.to_lowercase().contains(w.as_str()))
                || s.localities
                    .names()
                    .iter()
                    .any(|l| l.to_lowercase().contains(w.as_str()))
                || s.sector
                    .as_deref()
                    .is_some_and(|x| x.to_lowercase().contains(w.as_str()))
        }
    })
}

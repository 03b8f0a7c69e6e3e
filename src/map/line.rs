//! The one line a team types to add a service, fast:
//!
//! `Kooth / Kooth plc / voluntary / 11-25 / online / @West / #2 #3 / notes: chat 12–10pm`
//!
//! The name comes first; every other part is optional and read by what it looks like — an
//! age range, a sector, a known locality or access route, `@locality` (several: `@North
//! @West`, for one service offered in both), `#grouping` tags, or
//! `key: value`. Words that are none of those fill the provider, then the access route, then
//! the notes, so `name / provider / sector / ages / route` reads as people write it.

use super::{Ages, Catalog, Groupings, Localities, ServiceFields, find_route};

/// A line read into fields, with whatever could not be read said in words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceLine {
    pub fields: ServiceFields,
    /// Problems that stop it being saved as it is: a bad age range, an unknown grouping.
    pub problems: Vec<String>,
}

/// The `key:` names a part may start with.
fn keyed(part: &str) -> Option<(&'static str, &str)> {
    let (key, value) = part.split_once(':')?;
    let key = match key.trim().to_lowercase().as_str() {
        "name" => "name",
        "provider" | "by" => "provider",
        "sector" => "sector",
        "ages" | "age" => "ages",
        "locality" | "loc" | "area" | "where" => "locality",
        "route" | "access" | "access route" => "route",
        "notes" | "note" | "contact" => "notes",
        "groupings" | "grouping" => "groupings",
        _ => return None,
    };
    Some((key, value.trim()))
}

fn looks_like_ages(part: &str) -> bool {
    let lower = part.trim().to_lowercase();
    lower.starts_with(|c: char| c.is_ascii_digit())
        || lower.starts_with("under ")
        || lower.starts_with('<')
        || lower.starts_with("ages ")
        || matches!(lower.as_str(), "all ages")
}

pub fn parse(line: &str, catalog: &Catalog) -> ServiceLine {
    let mut out = ServiceLine::default();
    let f = &mut out.fields;
    let problems = &mut out.problems;
    let mut parts = line.split('/').map(str::trim).peekable();
    let mut first = true;
    while let Some(raw) = parts.next() {
        let part = take_tags(raw, &mut f.groupings, problems);
        let part = part.trim();
        if first {
            first = false;
            f.name = part.to_owned();
            continue;
        }
        if part.is_empty() {
            continue;
        }
        if let Some(at) = part.strip_prefix('@') {
            let named = Localities::parse(&at.replace('@', ";")).spelled(catalog);
            f.localities = f.localities.union(&named);
            continue;
        }
        if let Some((key, value)) = keyed(part) {
            match key {
                "name" => f.name = value.to_owned(),
                "provider" => f.provider = value.to_owned(),
                "sector" => match catalog.sector(value) {
                    Ok(s) => f.sector = Some(s),
                    Err(e) => problems.push(e.to_string()),
                },
                "ages" => match Ages::parse(value) {
                    Ok(a) => f.ages = a,
                    Err(e) => problems.push(e.to_string()),
                },
                "locality" => {
                    let named = Localities::parse(value).spelled(catalog);
                    f.localities = f.localities.union(&named);
                }
                "route" => f.access_route = find_route(value).unwrap_or(value).to_owned(),
                "groupings" => match Groupings::parse(value) {
                    Ok(g) => f.groupings = f.groupings.union(g),
                    Err(e) => problems.push(e.to_string()),
                },
                _ => {
                    // Notes take the rest of the line, slashes and all.
                    let mut notes = value.to_owned();
                    for rest in parts.by_ref() {
                        notes.push_str(" / ");
                        notes.push_str(rest);
                    }
                    f.notes = notes;
                }
            }
            continue;
        }
        if looks_like_ages(part) {
            match Ages::parse(part) {
                Ok(a) => f.ages = a,
                Err(e) => problems.push(e.to_string()),
            }
        } else if f.sector.is_none()
            && let Some(s) = catalog.find_sector(part)
        {
            f.sector = Some(s.to_owned());
        } else if let Some(l) = catalog
            .find_locality(part)
            .filter(|_| f.localities.is_empty())
        {
            f.localities.add(l);
        } else if let Some(r) = find_route(part).filter(|_| f.access_route.is_empty()) {
            f.access_route = r.to_owned();
        } else if f.provider.is_empty() {
            f.provider = part.to_owned();
        } else if f.access_route.is_empty() {
            f.access_route = part.to_owned();
        } else if f.notes.is_empty() {
            f.notes = part.to_owned();
        } else {
            f.notes = format!("{} / {part}", f.notes);
        }
    }
    if f.name.trim().is_empty() {
        problems.insert(
            0,
            "a service needs a name first: name / provider / sector / ages / route".into(),
        );
    }
    out
}

/// Takes `#grouping` words out of a part into the set; the rest of the part is returned.
fn take_tags(part: &str, set: &mut Groupings, problems: &mut Vec<String>) -> String {
    if !part.contains('#') {
        return part.to_owned();
    }
    let mut rest = Vec::new();
    for word in part.split_whitespace() {
        match word.strip_prefix('#').filter(|t| !t.is_empty()) {
            Some(tag) => match Groupings::parse(tag) {
                Ok(g) => *set = set.union(g),
                Err(e) => problems.push(e.to_string()),
            },
            None => rest.push(word),
        }
    }
    rest.join(" ")
}

/// The line that reads back as `fields` (used for drafts and tests).
pub fn format(fields: &ServiceFields) -> String {
    let mut parts = vec![fields.name.clone()];
    let mut push = |key: &str, value: &str| {
        if !value.trim().is_empty() {
            parts.push(format!("{key}: {value}"));
        }
    };
    push("provider", &fields.provider);
    push("sector", fields.sector.as_deref().unwrap_or(""));
    push(
        "ages",
        &fields.ages.map(|a| a.to_string()).unwrap_or_default(),
    );
    push("locality", &fields.localities.to_string());
    push("route", &fields.access_route);
    push("groupings", &fields.groupings.numbers());
    push("notes", &fields.notes);
    parts.join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::Ages;

    fn catalog() -> Catalog {
        Catalog::with(&[], &["North".into(), "West".into()])
    }

    #[test]
    fn the_issue_line_reads_in_order() {
        let l = parse("Kooth / Kooth plc / voluntary / 11-25 / online", &catalog());
        assert!(l.problems.is_empty(), "{:?}", l.problems);
        let f = l.fields;
        assert_eq!(f.name, "Kooth");
        assert_eq!(f.provider, "Kooth plc");
        assert_eq!(f.sector.as_deref(), Some("voluntary sector"));
        assert_eq!(f.ages, Some(Ages { from: 11, to: 25 }));
        assert_eq!(f.access_route, "online");
    }

    #[test]
    fn parts_are_read_by_what_they_look_like() {
        let l = parse(
            "School nurses #2 / NHS / west / 5-18 / drop in / @North / Brook Trust",
            &catalog(),
        );
        assert!(l.problems.is_empty(), "{:?}", l.problems);
        let f = l.fields;
        assert_eq!(f.name, "School nurses");
        assert_eq!(f.groupings.numbers(), "2");
        assert_eq!(f.sector.as_deref(), Some("NHS"));
        // "west" is a known locality; @North adds another: one service offered in both.
        assert_eq!(f.localities.names(), ["West", "North"]);
        assert_eq!(f.access_route, "drop-in");
        assert_eq!(f.provider, "Brook Trust");
    }

    #[test]
    fn only_a_name_is_enough_and_no_name_is_a_problem() {
        let l = parse("Youth club", &catalog());
        assert!(l.problems.is_empty());
        assert_eq!(l.fields, ServiceFields::named("Youth club"));
        assert!(parse(" / NHS", &catalog()).problems[0].contains("needs a name"));
    }

    #[test]
    fn bad_parts_are_problems_not_dropped() {
        let l = parse("CAMHS / NHS / 16-30 / #helpp", &catalog());
        assert_eq!(l.problems.len(), 2, "{:?}", l.problems);
        assert!(l.problems[0].contains("0–25"));
        assert!(l.problems[1].contains("did you mean"));
    }

    #[test]
    fn several_localities_make_one_service_offered_in_each() {
        let l = parse(
            "School Nursing / NHS / @North @Saltby Coast / @west",
            &Catalog::with(&[], &["North".into(), "West".into()]),
        );
        assert_eq!(
            l.fields.localities.names(),
            ["North", "Saltby Coast", "West"]
        );
        let l = parse("Kooth / locality: North; NORTH ; All", &catalog());
        assert_eq!(l.fields.localities.to_string(), "North; All");
    }

    #[test]
    fn notes_take_the_rest_of_the_line() {
        let l = parse("Crisis line / notes: call 0800 / text SHOUT", &catalog());
        assert_eq!(l.fields.notes, "call 0800 / text SHOUT");
    }

    #[test]
    fn a_formatted_line_reads_back_the_same() {
        let f = ServiceFields {
            name: "Mind Ed".into(),
            provider: "Mind".into(),
            sector: Some("voluntary sector".into()),
            groupings: Groupings::parse("1 2").expect("reads"),
            ages: Some(Ages { from: 5, to: 10 }),
            localities: Localities::parse("Hill Ward; North"),
            access_route: "self-referral".into(),
            notes: "mind.org / 0300 123".into(),
            directory: None,
        };
        assert_eq!(
            parse(&format(&f), &catalog()),
            ServiceLine {
                fields: f,
                problems: vec![]
            }
        );
    }
}

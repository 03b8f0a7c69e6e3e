//! The header: which column holds which field, under the many names spreadsheets give them.

use super::*;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Field {
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

    pub(super) fn canonical(self) -> &'static str {
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
    pub(super) fn aliases(self) -> &'static [&'static str] {
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

    pub(super) fn for_header(header: &str) -> Option<Field> {
        let key = header_key(header);
        Field::ALL
            .into_iter()
            .find(|f| f.aliases().contains(&key.as_str()))
    }
}

/// A header folded the way people vary it: any case, `_` `-` `.` or spaces between words,
/// brackets and stars dropped ("Age (from)*" is "age from").
pub(super) fn header_key(header: &str) -> String {
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
pub(super) struct Columns {
    /// The header cells as written (cleaned), for messages.
    pub(super) headers: Vec<String>,
    /// What each column is read into; `None` for a column not read.
    pub(super) fields: Vec<Option<Field>>,
    /// The column of each single-valued field.
    pub(super) at: HashMap<Field, usize>,
    /// Notes on columns, said once in the report.
    pub(super) notes: Vec<String>,
}

impl Columns {
    /// `None` unless the row names a `name` column: then it is the header.
    pub(super) fn read(cells: &[String]) -> Option<Columns> {
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

    pub(super) fn notes(&self) -> Vec<String> {
        self.notes.clone()
    }

    /// `column E (age_from)` for a field's column.
    pub(super) fn words(&self, field: Field) -> String {
        let i = self.at.get(&field).copied().unwrap_or_default();
        column_words(i, self.headers.get(i).map_or("", String::as_str))
    }

    pub(super) fn letter_and_header(&self, field: Field) -> String {
        let i = self.at.get(&field).copied().unwrap_or_default();
        letter_and_header(i, self.headers.get(i).map_or("", String::as_str))
    }
}

pub(super) fn unknown_column(here: &str, header: &str) -> String {
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
pub(super) fn column_letter(i: usize) -> String {
    let mut n = i + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

pub(super) fn letter_and_header(i: usize, header: &str) -> String {
    if header.is_empty() {
        column_letter(i)
    } else {
        format!("{} ({})", column_letter(i), shorten(header, 30))
    }
}

pub(super) fn column_words(i: usize, header: &str) -> String {
    format!("column {}", letter_and_header(i, header))
}

pub(super) fn no_header(above: &[(Place, Vec<String>)], delimiter: Delimiter) -> FileProblem {
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

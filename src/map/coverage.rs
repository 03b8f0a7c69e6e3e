//! The numbers behind the gap grids: how many services meet each grouping, split by age band,
//! sector or locality, and the gaps — places with nothing, or with only one service — as
//! sentences a room can read aloud and turn into actions.
//!
//! - [`grid`]: one grouping × dimension table, each cell a count and, when it is one, which
//!   service, so a screen can say "only Kooth".
//! - [`totals`]: services per grouping, for a bar chart, and how many lack ages or a place.
//! - [`gaps`]: every empty or thin place as a [`Gap`], with [`Gap::sentence`] and
//!   [`Gap::action_text`].
//!
//! How services count:
//! - in every grouping they are in; a service in no grouping is in no row (`unplaced`);
//! - by age, in every [`AGE_BANDS`] band its ages overlap; with no ages, in none;
//! - by locality, in its own locality, or in every locality when it is site-wide
//!   ([`is_site_wide`]); with none given, in none;
//! - by sector, in its own sector; with none given, in none.
//!
//! Locality and sector names match the catalog's however they are written ("west", "West ")
//! and show in the catalog's spelling. Names the catalog lacks get columns of their own after
//! the catalog's, sorted, one per name however it is written, spelled as first seen.

use std::collections::HashMap;
use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use super::{AGE_BANDS, Ages, Catalog, Service, ServiceId, is_site_wide};
use crate::thrive::{Grouping, normalise_name};

/// The label of the column that counts services with no value for a grid's dimension.
pub const NOT_GIVEN: &str = "not given";

/// Sectors that do not provide services themselves, so having none from them is no gap.
const NOT_PROVIDERS: [&str; 2] = ["other", "commissioner"];

/// How wide a service's name may be in a sentence before it is cut with "…": a gap line
/// must stay one line on a projected screen.
const NAME_WIDTH: usize = 40;

/// What a grid splits the groupings by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    Age,
    Sector,
    Locality,
}

impl Dimension {
    pub const ALL: [Dimension; 3] = [Dimension::Age, Dimension::Sector, Dimension::Locality];

    /// For a title: "groupings × age band".
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Age => "age band",
            Dimension::Sector => "sector",
            Dimension::Locality => "locality",
        }
    }
}

/// One grouping × column count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cell {
    pub count: usize,
    /// The one service, when `count == 1` (for "only Kooth").
    pub only: Option<ServiceId>,
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Exactly one service: everything there rests on it.
    pub fn is_thin(&self) -> bool {
        self.count == 1
    }
}

/// Groupings × one dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub dimension: Dimension,
    /// Column labels in display order: the age bands ("0–4"), or the catalog's sectors or
    /// localities then any others seen; last, [`NOT_GIVEN`] when `not_given` is set.
    pub columns: Vec<String>,
    /// One row per grouping, in [`Grouping::ALL`] order, one cell per column.
    pub rows: [Vec<Cell>; 5],
    /// The last column counts placed services with no value for this dimension. It is there
    /// only when there are some, and it never makes gaps: it is missing data, not missing help.
    pub not_given: bool,
    /// Services placed in no grouping yet: they are in no row.
    pub unplaced: usize,
}

impl Grid {
    pub fn row(&self, grouping: Grouping) -> &[Cell] {
        &self.rows[grouping as usize]
    }

    /// Whether an empty or thin cell in this column is a gap: not for the not-given column,
    /// nor for the sectors that commission rather than provide ("other", "commissioner").
    pub fn makes_gaps(&self, column: usize) -> bool {
        if column >= self.columns.len() || (self.not_given && column + 1 == self.columns.len()) {
            return false;
        }
        self.dimension != Dimension::Sector || provides(&self.columns[column])
    }

    /// Cells with no service, in columns that make gaps.
    pub fn empty_cells(&self) -> usize {
        self.count_cells(Cell::is_empty)
    }

    /// Cells with exactly one service, in columns that make gaps.
    pub fn thin_cells(&self) -> usize {
        self.count_cells(Cell::is_thin)
    }

    fn count_cells(&self, pick: fn(&Cell) -> bool) -> usize {
        self.rows
            .iter()
            .map(|row| {
                row.iter()
                    .enumerate()
                    .filter(|(c, cell)| pick(cell) && self.makes_gaps(*c))
                    .count()
            })
            .sum()
    }

    /// The gap a cell shows, to turn into an action: `None` when the cell has two or more
    /// services or its column makes no gaps. `services` are the ones the grid was built
    /// from, for the one service's name.
    pub fn gap(&self, grouping: Grouping, column: usize, services: &[Service]) -> Option<Gap> {
        let cell = *self.row(grouping).get(column)?;
        if cell.count > 1 || !self.makes_gaps(column) {
            return None;
        }
        let label = &self.columns[column];
        let only = cell
            .only
            .and_then(|id| services.iter().find(|s| s.id == id));
        Some(Gap {
            grouping,
            ages: (self.dimension == Dimension::Age)
                .then(|| AGE_BANDS.get(column).copied())
                .flatten(),
            locality: (self.dimension == Dimension::Locality).then(|| label.clone()),
            sector: (self.dimension == Dimension::Sector).then(|| label.clone()),
            count: cell.count,
            only: only.map(|s| s.fields.name.clone()),
            only_id: cell.only,
        })
    }
}

/// Builds the grid of groupings × `dimension`.
pub fn grid(services: &[Service], catalog: &Catalog, dimension: Dimension) -> Grid {
    let (mut columns, slots) = match dimension {
        Dimension::Age => (
            AGE_BANDS.iter().map(ToString::to_string).collect(),
            services.iter().map(|s| age_slot(s.fields.ages)).collect(),
        ),
        Dimension::Sector => {
            let n = sectors(services, catalog);
            (n.labels, n.slots)
        }
        Dimension::Locality => {
            let n = localities(services, catalog);
            (n.labels, n.slots)
        }
    };
    let named = columns.len();
    let not_given = services
        .iter()
        .zip(&slots)
        .any(|(s, slot)| !s.fields.groupings.is_empty() && *slot == Slot::NotGiven);
    if not_given {
        columns.push(NOT_GIVEN.to_owned());
    }
    let mut rows: [Vec<Tally>; 5] = std::array::from_fn(|_| vec![Tally::default(); columns.len()]);
    let mut unplaced = 0;
    for (i, (s, slot)) in services.iter().zip(&slots).enumerate() {
        if s.fields.groupings.is_empty() {
            unplaced += 1;
            continue;
        }
        for g in s.fields.groupings.iter() {
            let row = &mut rows[g as usize];
            match *slot {
                Slot::Column(c) => row[c].add(i),
                Slot::Bands(mask) => {
                    for (b, cell) in row.iter_mut().enumerate().take(AGE_BANDS.len()) {
                        if mask & 1 << b != 0 {
                            cell.add(i);
                        }
                    }
                }
                Slot::Everywhere => row[..named].iter_mut().for_each(|cell| cell.add(i)),
                Slot::NotGiven => row[named].add(i),
            }
        }
    }
    Grid {
        dimension,
        columns,
        rows: rows.map(|row| row.iter().map(|t| t.cell(services)).collect()),
        not_given,
        unplaced,
    }
}

/// How many services there are and where: for a bar chart of the groupings, and for saying
/// why a gap may not be real ("3 services have no ages").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Services in each grouping, in [`Grouping::ALL`] order; one in several counts in each.
    pub per_grouping: [usize; 5],
    /// Services placed in no grouping yet.
    pub unplaced: usize,
    /// Every service, placed or not.
    pub services: usize,
    /// Placed services with no ages: they count in no age band, so in no age gap.
    pub no_ages: usize,
    /// Placed services with no locality: they count in no locality's gaps.
    pub no_locality: usize,
    /// Placed services with no sector.
    pub no_sector: usize,
}

impl Totals {
    pub fn grouping(&self, grouping: Grouping) -> usize {
        self.per_grouping[grouping as usize]
    }
}

pub fn totals(services: &[Service]) -> Totals {
    let mut t = Totals {
        services: services.len(),
        ..Totals::default()
    };
    for s in services {
        let f = &s.fields;
        if f.groupings.is_empty() {
            t.unplaced += 1;
            continue;
        }
        for g in f.groupings.iter() {
            t.per_grouping[g as usize] += 1;
        }
        t.no_ages += usize::from(f.ages.is_none());
        t.no_locality += usize::from(f.locality.trim().is_empty());
        t.no_sector += usize::from(f.sector.as_deref().is_none_or(|s| s.trim().is_empty()));
    }
    t
}

/// A place where a grouping has nothing, or only one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub grouping: Grouping,
    /// The ages it is about: a run of whole bands, [`Ages::ALL`] for every band. `None` when
    /// the gap is not about ages (a sector gap, a locality-grid cell).
    pub ages: Option<Ages>,
    /// The locality, in the catalog's spelling; `None` when the gap is about the whole site.
    pub locality: Option<String>,
    /// The sector it is about, for a sector gap.
    pub sector: Option<String>,
    /// 0 (nothing) or 1 (only one service).
    pub count: usize,
    /// The one service's name as written, when `count == 1`.
    pub only: Option<String>,
    pub only_id: Option<ServiceId>,
}

impl Gap {
    /// `Getting Risk Support: nothing for 18–25 in West`,
    /// `Getting Help: only Kooth for 11–15 in West`,
    /// `Getting More Help: nothing from education`.
    pub fn sentence(&self) -> String {
        let finding = match self.only_name() {
            Some(name) => format!("only {name}"),
            None => "nothing".to_owned(),
        };
        let from = self
            .sector
            .as_deref()
            .map(|s| format!(" from {}", sector_phrase(s)))
            .unwrap_or_default();
        format!("{}: {finding}{from}{}", self.grouping.name(), self.place())
    }

    /// A short action a team can own: `Find or commission Getting Risk Support for 18–25 in
    /// West`. The caller tags it with the grouping; the text carries no tag.
    pub fn action_text(&self) -> String {
        let grouping = self.grouping.name();
        let place = self.place();
        let now = self
            .only_name()
            .map(|name| format!(" (only {name} now)"))
            .unwrap_or_default();
        match (&self.sector, self.only_name()) {
            (Some(sector), None) => format!(
                "Ask {} what it offers for {grouping}{place}",
                sector_phrase(sector)
            ),
            (Some(sector), Some(_)) => format!(
                "Ask {} what else it offers for {grouping}{place}{now}",
                sector_phrase(sector)
            ),
            // "Find or commission Thriving" reads as if wellbeing could be bought.
            (None, None) if self.grouping == Grouping::Thriving => {
                format!("Find or commission Thriving support{place}")
            }
            (None, None) => format!("Find or commission {grouping}{place}"),
            (None, Some(_)) => format!("Find a second {grouping} service{place}{now}"),
        }
    }

    /// The service's name, cut to fit a line; `None` for nothing.
    fn only_name(&self) -> Option<String> {
        if self.count != 1 {
            return None;
        }
        let name = self.only.as_deref().unwrap_or("").trim();
        Some(if name.is_empty() {
            "one unnamed service".to_owned()
        } else {
            fit(name, NAME_WIDTH)
        })
    }

    /// " for 11–15 in West": the ages and locality. Every age goes without saying where a
    /// locality or sector already says where; alone it is "for any age", so the sentence
    /// never ends bare.
    fn place(&self) -> String {
        let mut out = String::new();
        match self.ages {
            Some(Ages::ALL) if self.locality.is_none() && self.sector.is_none() => {
                out.push_str(" for any age");
            }
            Some(Ages::ALL) | None => {}
            Some(a) => out.push_str(&format!(" for {a}")),
        }
        if let Some(l) = &self.locality {
            out.push_str(&format!(" in {l}"));
        }
        out
    }
}

/// Every empty or thin place, as gaps in reading order: by grouping (1 → 5); within a
/// grouping, by locality (the grid's column order), then by age, youngest first, so a run of
/// sentences reads like the grid's row left to right; then the grouping's sector gaps in
/// catalog order.
///
/// A place is grouping × locality × age band when any locality is named (in the catalog or on
/// a service), else grouping × age band. Adjacent bands with the same finding — nothing, or
/// only the same service — make one gap ("nothing for 16–25"). Sector gaps are per grouping,
/// for the catalog's sectors but "other" and "commissioner".
///
/// Empty when no service is placed on a grouping yet: the screen says to map some first
/// rather than listing every place as a gap.
pub fn gaps(services: &[Service], catalog: &Catalog) -> Vec<Gap> {
    if services.iter().all(|s| s.fields.groupings.is_empty()) {
        return Vec::new();
    }
    let places = localities(services, catalog);
    let sectors = sectors(services, catalog);
    let bands = AGE_BANDS.len();
    // With no localities the whole site is the one place.
    let place_count = places.labels.len().max(1);
    let known_sectors = catalog.sectors.len();
    let mut by_age = vec![Tally::default(); Grouping::ALL.len() * place_count * bands];
    let mut by_sector = vec![Tally::default(); Grouping::ALL.len() * known_sectors];
    for (i, s) in services.iter().enumerate() {
        let mask = match age_slot(s.fields.ages) {
            Slot::Bands(mask) => mask,
            _ => 0,
        };
        let in_places: Range<usize> = if places.labels.is_empty() {
            0..1
        } else {
            match places.slots[i] {
                Slot::Column(c) => c..c + 1,
                Slot::Everywhere => 0..place_count,
                Slot::Bands(_) | Slot::NotGiven => 0..0,
            }
        };
        for g in s.fields.groupings.iter() {
            let g = g as usize;
            for p in in_places.clone() {
                let at = (g * place_count + p) * bands;
                for (b, cell) in by_age[at..at + bands].iter_mut().enumerate() {
                    if mask & 1 << b != 0 {
                        cell.add(i);
                    }
                }
            }
            if let Slot::Column(c) = sectors.slots[i]
                && c < known_sectors
            {
                by_sector[g * known_sectors + c].add(i);
            }
        }
    }

    let mut out = Vec::new();
    for grouping in Grouping::ALL {
        let g = grouping as usize;
        for p in 0..place_count {
            let at = (g * place_count + p) * bands;
            let row = &by_age[at..at + bands];
            let mut b = 0;
            while b < bands {
                let cell = row[b];
                let end = b + row[b..].iter().take_while(|c| **c == cell).count();
                if cell.count <= 1 {
                    out.push(cell.gap(
                        grouping,
                        services,
                        Some(AGE_BANDS[b].span(AGE_BANDS[end - 1])),
                        places.labels.get(p).cloned(),
                        None,
                    ));
                }
                b = end;
            }
        }
        for (c, sector) in catalog.sectors.iter().enumerate() {
            let cell = by_sector[g * known_sectors + c];
            if cell.count <= 1 && provides(sector) {
                out.push(cell.gap(grouping, services, None, None, Some(sector.clone())));
            }
        }
    }
    out
}

/// A count while building, naming the one service by its index in the slice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Tally {
    count: usize,
    only: Option<usize>,
}

impl Tally {
    fn add(&mut self, service: usize) {
        self.only = if self.count == 0 { Some(service) } else { None };
        self.count += 1;
    }

    fn cell(&self, services: &[Service]) -> Cell {
        Cell {
            count: self.count,
            only: self.only.map(|i| services[i].id),
        }
    }

    fn gap(
        &self,
        grouping: Grouping,
        services: &[Service],
        ages: Option<Ages>,
        locality: Option<String>,
        sector: Option<String>,
    ) -> Gap {
        let only = self.only.map(|i| &services[i]);
        Gap {
            grouping,
            ages,
            locality,
            sector,
            count: self.count,
            only: only.map(|s| s.fields.name.clone()),
            only_id: only.map(|s| s.id),
        }
    }
}

/// Where one service falls on a dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Column(usize),
    /// The age bands it overlaps, one bit per band.
    Bands(u8),
    /// Site-wide: every named column.
    Everywhere,
    NotGiven,
}

fn age_slot(ages: Option<Ages>) -> Slot {
    let mask = ages.map_or(0, |a| {
        AGE_BANDS
            .iter()
            .enumerate()
            .filter(|(_, band)| a.overlaps(**band))
            .fold(0u8, |m, (b, _)| m | 1 << b)
    });
    if mask == 0 {
        Slot::NotGiven
    } else {
        Slot::Bands(mask)
    }
}

/// The columns of a dimension named in words, and each service's slot in them.
struct Named {
    labels: Vec<String>,
    slots: Vec<Slot>,
}

fn localities(services: &[Service], catalog: &Catalog) -> Named {
    named(
        services.iter().map(|s| s.fields.locality.as_str()),
        &catalog.localities,
        |t| catalog.find_locality(t),
        is_site_wide,
    )
}

fn sectors(services: &[Service], catalog: &Catalog) -> Named {
    named(
        services
            .iter()
            .map(|s| s.fields.sector.as_deref().unwrap_or("")),
        &catalog.sectors,
        |t| catalog.find_sector(t),
        |_| false,
    )
}

/// The catalog's names, then the others seen on services, and where each service falls.
///
/// A map repeats a handful of names thousands of times, so each distinct text is read once:
/// matching it to the catalog normalises and allocates, which would dominate the grid.
fn named<'s, 'c>(
    values: impl ExactSizeIterator<Item = &'s str>,
    known: &'c [String],
    find: impl Fn(&str) -> Option<&'c str>,
    everywhere: fn(&str) -> bool,
) -> Named {
    let mut slots = Vec::with_capacity(values.len());
    let mut seen = Memo::default();
    // Names the catalog lacks, by normalised key, numbered as first seen after the catalog's.
    let mut others: HashMap<String, usize> = HashMap::new();
    let mut other_labels: Vec<(String, &'s str)> = Vec::new();
    for value in values {
        let slot = match seen.get(value) {
            Some(slot) => slot,
            None => {
                let text = value.trim();
                let slot = if text.is_empty() {
                    Slot::NotGiven
                } else if let Some(c) = known
                    .iter()
                    .position(|k| k == text)
                    .or_else(|| find(text).and_then(|f| known.iter().position(|k| k == f)))
                {
                    Slot::Column(c)
                } else if everywhere(text) {
                    Slot::Everywhere
                } else {
                    let key = normalise_name(text);
                    if key.is_empty() {
                        Slot::NotGiven
                    } else {
                        let next = known.len() + other_labels.len();
                        let c = *others.entry(key.clone()).or_insert_with(|| {
                            other_labels.push((key, text));
                            next
                        });
                        Slot::Column(c)
                    }
                };
                seen.insert(value, slot);
                slot
            }
        };
        slots.push(slot);
    }
    // Numbered as first seen; shown sorted.
    let mut order: Vec<usize> = (0..other_labels.len()).collect();
    order.sort_by(|a, b| other_labels[*a].0.cmp(&other_labels[*b].0));
    let mut column = vec![0; order.len()];
    for (rank, i) in order.iter().enumerate() {
        column[*i] = known.len() + rank;
    }
    for slot in &mut slots {
        if let Slot::Column(c) = slot
            && *c >= known.len()
        {
            *c = column[*c - known.len()];
        }
    }
    let labels = known
        .iter()
        .cloned()
        .chain(order.iter().map(|i| other_labels[*i].1.to_owned()))
        .collect();
    Named { labels, slots }
}

/// What each distinct text was read as. A map repeats a handful of texts, so scanning a short
/// list beats hashing every one of thousands of services (at 5,000 it took the sector grid
/// from 250 to 155 µs); a map with many distinct texts hashes the rest.
#[derive(Default)]
struct Memo<'s> {
    few: Vec<(&'s str, Slot)>,
    rest: HashMap<&'s str, Slot>,
}

impl<'s> Memo<'s> {
    const FEW: usize = 16;

    fn get(&self, text: &str) -> Option<Slot> {
        self.few
            .iter()
            .find(|(t, _)| *t == text)
            .map(|(_, slot)| *slot)
            .or_else(|| self.rest.get(text).copied())
    }

    fn insert(&mut self, text: &'s str, slot: Slot) {
        if self.few.len() < Self::FEW {
            self.few.push((text, slot));
        } else {
            self.rest.insert(text, slot);
        }
    }
}

fn provides(sector: &str) -> bool {
    !NOT_PROVIDERS.contains(&normalise_name(sector).as_str())
}

/// How a sector reads after "from" or "ask": "the NHS", "education".
fn sector_phrase(sector: &str) -> String {
    match sector {
        "NHS" | "local authority" | "voluntary sector" => format!("the {sector}"),
        _ => sector.to_owned(),
    }
}

/// `text` cut to `max` columns, the cut marked "…", at the end of a word when one ends in the
/// second half: "Run…" reads better than "Run Joi…".
fn fit(text: &str, max: usize) -> String {
    let width = |c: char| c.width().unwrap_or(0);
    if text.chars().map(width).sum::<usize>() <= max {
        return text.to_owned();
    }
    let mut end = 0;
    let mut used = 0;
    for (i, c) in text.char_indices() {
        if used + width(c) + 1 > max {
            break;
        }
        used += width(c);
        end = i + c.len_utf8();
    }
    let mid_word = !text[end..].starts_with(char::is_whitespace);
    if mid_word
        && let Some(space) = text[..end].rfind(char::is_whitespace)
        && text[..space].chars().map(width).sum::<usize>() >= max / 2
    {
        end = space;
    }
    let mut out = text[..end].trim_end().to_owned();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::{Groupings, ServiceFields};
    use chrono::NaiveDate;

    fn service(
        id: ServiceId,
        name: &str,
        groupings: &[u8],
        ages: Option<(u8, u8)>,
        sector: Option<&str>,
        locality: &str,
    ) -> Service {
        let groupings = groupings.iter().fold(Groupings::NONE, |set, n| {
            set.with(
                Grouping::from_number(i64::from(*n)).expect("grouping"),
                true,
            )
        });
        Service {
            id,
            event_id: 1,
            created_at: NaiveDate::from_ymd_opt(2026, 12, 3)
                .and_then(|d| d.and_hms_opt(10, 0, 0))
                .expect("time"),
            updated_at: None,
            carried_from: None,
            fields: ServiceFields {
                name: name.to_owned(),
                sector: sector.map(str::to_owned),
                groupings,
                ages: ages.map(|(from, to)| Ages::new(from, to).expect("ages")),
                locality: locality.to_owned(),
                ..ServiceFields::default()
            },
        }
    }

    fn catalog() -> Catalog {
        Catalog::with(&[], &["West".into(), "East".into()])
    }

    /// A site-wide service in two groupings, one with no ages, one with no locality, one
    /// unplaced, localities the catalog lacks (one written two ways), and a sector by alias.
    fn map() -> Vec<Service> {
        vec![
            service(
                1,
                "Kooth",
                &[2, 3],
                Some((11, 25)),
                Some("voluntary sector"),
                "All areas",
            ),
            service(2, "West CAMHS", &[3, 4], Some((5, 17)), Some("NHS"), "West"),
            service(
                3,
                "School nurses",
                &[1, 2],
                Some((5, 15)),
                Some("education"),
                "east",
            ),
            service(4, "Youth club", &[1], None, Some("voluntary"), "North"),
            service(5, "Crisis line", &[5], Some((16, 25)), Some("NHS"), ""),
            service(
                6,
                "Parenting group",
                &[],
                Some((0, 4)),
                Some("local authority"),
                "West",
            ),
            service(
                7,
                "Coastal drop-in",
                &[2],
                Some((16, 25)),
                Some("other"),
                "coast",
            ),
            service(
                8,
                "Hub",
                &[1],
                Some((0, 4)),
                Some("local authority"),
                "NORTH ",
            ),
        ]
    }

    /// A row as `count` or `count:id` for the one service.
    fn row(grid: &Grid, g: Grouping) -> Vec<String> {
        grid.row(g)
            .iter()
            .map(|c| match c.only {
                Some(id) => format!("{}:{id}", c.count),
                None => c.count.to_string(),
            })
            .collect()
    }

    fn rows(grid: &Grid) -> Vec<Vec<String>> {
        Grouping::ALL.iter().map(|g| row(grid, *g)).collect()
    }

    #[test]
    fn age_grid_counts_every_overlapped_band_and_ages_not_given() {
        let g = grid(&map(), &catalog(), Dimension::Age);
        assert_eq!(
            g.columns,
            ["0–4", "5–10", "11–15", "16–17", "18–25", "not given"]
        );
        assert!(g.not_given);
        assert_eq!(g.unplaced, 1);
        assert_eq!(
            rows(&g),
            [
                ["1:8", "1:3", "1:3", "0", "0", "1:4"],
                ["0", "1:3", "2", "2", "2", "0"],
                ["0", "1:2", "2", "2", "1:1", "0"],
                ["0", "1:2", "1:2", "1:2", "0", "0"],
                ["0", "0", "0", "1:5", "1:5", "0"],
            ]
        );
        // The not-given column is never a gap.
        assert!(g.makes_gaps(4));
        assert!(!g.makes_gaps(5));
        assert_eq!(g.empty_cells(), 9);
        assert_eq!(g.thin_cells(), 11);
    }

    #[test]
    fn sector_grid_has_every_catalog_sector_and_no_empty_not_given_column() {
        let g = grid(&map(), &catalog(), Dimension::Sector);
        assert_eq!(
            g.columns,
            [
                "NHS",
                "local authority",
                "education",
                "voluntary sector",
                "social care",
                "commissioner",
                "other",
            ]
        );
        assert!(!g.not_given);
        assert_eq!(
            rows(&g),
            [
                ["0", "1:8", "1:3", "1:4", "0", "0", "0"],
                ["0", "0", "1:3", "1:1", "0", "0", "1:7"],
                ["1:2", "0", "0", "1:1", "0", "0", "0"],
                ["1:2", "0", "0", "0", "0", "0", "0"],
                ["1:5", "0", "0", "0", "0", "0", "0"],
            ]
        );
        assert!(g.makes_gaps(4));
        assert!(!g.makes_gaps(5), "commissioner");
        assert!(!g.makes_gaps(6), "other");
    }

    #[test]
    fn locality_grid_counts_site_wide_everywhere_and_adds_unlisted_localities_sorted() {
        let g = grid(&map(), &catalog(), Dimension::Locality);
        // "North" and "NORTH " are one column, spelled as first seen; sorted after the catalog's.
        assert_eq!(g.columns, ["West", "East", "coast", "North", "not given"]);
        assert_eq!(
            rows(&g),
            [
                ["0", "1:3", "0", "2", "0"],
                ["1:1", "2", "2", "1:1", "0"],
                ["2", "1:1", "1:1", "1:1", "0"],
                ["1:2", "0", "0", "0", "0"],
                ["0", "0", "0", "0", "1:5"],
            ]
        );
        assert_eq!(g.unplaced, 1);
    }

    #[test]
    fn a_grid_cell_becomes_a_gap_naming_its_one_service() {
        let services = map();
        let g = grid(&services, &catalog(), Dimension::Locality);
        let gap = g
            .gap(Grouping::GettingHelp, 1, &services)
            .expect("thin cell");
        assert_eq!(gap.sentence(), "Getting Help: only Kooth in East");
        assert_eq!(gap.only_id, Some(1));
        assert_eq!(
            g.gap(Grouping::GettingRiskSupport, 0, &services)
                .expect("empty cell")
                .action_text(),
            "Find or commission Getting Risk Support in West"
        );
        assert_eq!(g.gap(Grouping::GettingHelp, 0, &services), None, "two");
        assert_eq!(g.gap(Grouping::Thriving, 4, &services), None, "not given");
        assert_eq!(g.gap(Grouping::Thriving, 9, &services), None, "no column");

        let ages = grid(&services, &catalog(), Dimension::Age);
        let gap = ages
            .gap(Grouping::GettingRiskSupport, 4, &services)
            .expect("thin");
        assert_eq!(
            gap.sentence(),
            "Getting Risk Support: only Crisis line for 18–25"
        );
        let sectors = grid(&services, &catalog(), Dimension::Sector);
        let gap = sectors
            .gap(Grouping::GettingMoreHelp, 2, &services)
            .expect("empty");
        assert_eq!(gap.sentence(), "Getting More Help: nothing from education");
        assert_eq!(sectors.gap(Grouping::GettingMoreHelp, 5, &services), None);
    }

    #[test]
    fn totals_count_each_grouping_a_service_is_in() {
        assert_eq!(
            totals(&map()),
            Totals {
                per_grouping: [3, 3, 2, 1, 1],
                unplaced: 1,
                services: 8,
                no_ages: 1,
                no_locality: 1,
                no_sector: 0,
            }
        );
        assert_eq!(totals(&[]), Totals::default());
    }

    #[test]
    fn gaps_read_as_sentences_in_order() {
        let got: Vec<String> = gaps(&map(), &catalog()).iter().map(Gap::sentence).collect();
        let want = [
            "Thriving: nothing in West",
            "Thriving: nothing for 0–4 in East",
            "Thriving: only School nurses for 5–15 in East",
            "Thriving: nothing for 16–25 in East",
            "Thriving: nothing in coast",
            "Thriving: only Hub for 0–4 in North",
            "Thriving: nothing for 5–25 in North",
            "Thriving: nothing from the NHS",
            "Thriving: only Hub from the local authority",
            "Thriving: only School nurses from education",
            "Thriving: only Youth club from the voluntary sector",
            "Thriving: nothing from social care",
            "Getting Advice and Signposting: nothing for 0–10 in West",
            "Getting Advice and Signposting: only Kooth for 11–25 in West",
            "Getting Advice and Signposting: nothing for 0–4 in East",
            "Getting Advice and Signposting: only School nurses for 5–10 in East",
            "Getting Advice and Signposting: only Kooth for 16–25 in East",
            "Getting Advice and Signposting: nothing for 0–10 in coast",
            "Getting Advice and Signposting: only Kooth for 11–15 in coast",
            "Getting Advice and Signposting: nothing for 0–10 in North",
            "Getting Advice and Signposting: only Kooth for 11–25 in North",
            "Getting Advice and Signposting: nothing from the NHS",
            "Getting Advice and Signposting: nothing from the local authority",
            "Getting Advice and Signposting: only School nurses from education",
            "Getting Advice and Signposting: only Kooth from the voluntary sector",
            "Getting Advice and Signposting: nothing from social care",
            "Getting Help: nothing for 0–4 in West",
            "Getting Help: only West CAMHS for 5–10 in West",
            "Getting Help: only Kooth for 18–25 in West",
            "Getting Help: nothing for 0–10 in East",
            "Getting Help: only Kooth for 11–25 in East",
            "Getting Help: nothing for 0–10 in coast",
            "Getting Help: only Kooth for 11–25 in coast",
            "Getting Help: nothing for 0–10 in North",
            "Getting Help: only Kooth for 11–25 in North",
            "Getting Help: only West CAMHS from the NHS",
            "Getting Help: nothing from the local authority",
            "Getting Help: nothing from education",
            "Getting Help: only Kooth from the voluntary sector",
            "Getting Help: nothing from social care",
            "Getting More Help: nothing for 0–4 in West",
            "Getting More Help: only West CAMHS for 5–17 in West",
            "Getting More Help: nothing for 18–25 in West",
            "Getting More Help: nothing in East",
            "Getting More Help: nothing in coast",
            "Getting More Help: nothing in North",
            "Getting More Help: only West CAMHS from the NHS",
            "Getting More Help: nothing from the local authority",
            "Getting More Help: nothing from education",
            "Getting More Help: nothing from the voluntary sector",
            "Getting More Help: nothing from social care",
            "Getting Risk Support: nothing in West",
            "Getting Risk Support: nothing in East",
            "Getting Risk Support: nothing in coast",
            "Getting Risk Support: nothing in North",
            "Getting Risk Support: only Crisis line from the NHS",
            "Getting Risk Support: nothing from the local authority",
            "Getting Risk Support: nothing from education",
            "Getting Risk Support: nothing from the voluntary sector",
            "Getting Risk Support: nothing from social care",
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn without_localities_places_are_age_bands_and_runs_merge() {
        let services = vec![
            service(
                1,
                "Kooth",
                &[3],
                Some((11, 25)),
                Some("voluntary sector"),
                "",
            ),
            service(2, "Clinic", &[3], Some((0, 10)), Some("NHS"), ""),
            service(3, "Clinic 2", &[3], Some((0, 4)), Some("NHS"), ""),
            service(4, "Helpline", &[5], Some((0, 25)), Some("NHS"), ""),
        ];
        let got: Vec<Gap> = gaps(&services, &Catalog::default())
            .into_iter()
            .filter(|g| g.sector.is_none())
            .collect();
        let sentences: Vec<String> = got.iter().map(Gap::sentence).collect();
        assert_eq!(
            sentences,
            [
                "Thriving: nothing for any age",
                "Getting Advice and Signposting: nothing for any age",
                "Getting Help: only Clinic for 5–10",
                "Getting Help: only Kooth for 11–25",
                "Getting More Help: nothing for any age",
                "Getting Risk Support: only Helpline for any age",
            ]
        );
        assert_eq!(got[3].ages, Some(Ages { from: 11, to: 25 }));
        assert_eq!(got[3].count, 1);
        assert_eq!(got[3].only.as_deref(), Some("Kooth"));
        assert_eq!(got[3].only_id, Some(1));
        assert_eq!(got[0].count, 0);
        assert_eq!(got[0].only, None);
        assert_eq!(got[0].locality, None);
    }

    #[test]
    fn sector_gaps_skip_other_and_commissioner_but_keep_a_scripts_own_sectors() {
        let catalog = Catalog::with(&["Youth justice".into()], &[]);
        let services = vec![service(
            1,
            "Kooth",
            &[4],
            Some((0, 25)),
            Some("commissioner"),
            "",
        )];
        let sectors: Vec<String> = gaps(&services, &catalog)
            .iter()
            .filter(|g| g.grouping == Grouping::GettingMoreHelp && g.sector.is_some())
            .map(Gap::sentence)
            .collect();
        assert_eq!(
            sectors,
            [
                "Getting More Help: nothing from the NHS",
                "Getting More Help: nothing from the local authority",
                "Getting More Help: nothing from education",
                "Getting More Help: nothing from the voluntary sector",
                "Getting More Help: nothing from social care",
                "Getting More Help: nothing from Youth justice",
            ]
        );
    }

    #[test]
    fn no_gaps_until_a_service_is_placed() {
        assert_eq!(gaps(&[], &catalog()), []);
        let unplaced = vec![service(1, "Kooth", &[], Some((11, 25)), None, "West")];
        assert_eq!(gaps(&unplaced, &catalog()), []);
        let g = grid(&[], &catalog(), Dimension::Locality);
        assert_eq!(g.columns, ["West", "East"]);
        assert_eq!(g.empty_cells(), 10);
    }

    #[test]
    fn actions_say_what_a_team_can_do() {
        let gap = |grouping,
                   ages: Option<(u8, u8)>,
                   locality: Option<&str>,
                   sector: Option<&str>,
                   only: Option<&str>| Gap {
            grouping,
            ages: ages.map(|(from, to)| Ages { from, to }),
            locality: locality.map(str::to_owned),
            sector: sector.map(str::to_owned),
            count: usize::from(only.is_some()),
            only: only.map(str::to_owned),
            only_id: only.map(|_| 7),
        };
        let risk = gap(
            Grouping::GettingRiskSupport,
            Some((18, 25)),
            Some("West"),
            None,
            None,
        );
        assert_eq!(
            risk.sentence(),
            "Getting Risk Support: nothing for 18–25 in West"
        );
        assert_eq!(
            risk.action_text(),
            "Find or commission Getting Risk Support for 18–25 in West"
        );
        let thin = gap(
            Grouping::GettingHelp,
            Some((11, 15)),
            Some("West"),
            None,
            Some("Kooth"),
        );
        assert_eq!(
            thin.sentence(),
            "Getting Help: only Kooth for 11–15 in West"
        );
        assert_eq!(
            thin.action_text(),
            "Find a second Getting Help service for 11–15 in West (only Kooth now)"
        );
        let all = gap(Grouping::Thriving, Some((0, 25)), Some("West"), None, None);
        assert_eq!(all.sentence(), "Thriving: nothing in West");
        assert_eq!(
            all.action_text(),
            "Find or commission Thriving support in West"
        );
        let sector = gap(
            Grouping::GettingMoreHelp,
            None,
            None,
            Some("education"),
            None,
        );
        assert_eq!(
            sector.action_text(),
            "Ask education what it offers for Getting More Help"
        );
        let sector = gap(
            Grouping::GettingHelp,
            None,
            None,
            Some("NHS"),
            Some("West CAMHS"),
        );
        assert_eq!(
            sector.action_text(),
            "Ask the NHS what else it offers for Getting Help (only West CAMHS now)"
        );
        for g in [risk, thin, all, sector] {
            assert!(!g.action_text().contains('#'), "{}", g.action_text());
        }
    }

    #[test]
    fn long_names_are_cut_and_odd_ones_kept() {
        let long = "The Very Long Name Of A Service Run Jointly By Three Trusts";
        let services = vec![
            service(1, long, &[5], Some((0, 25)), None, ""),
            service(2, "Ünïcode & <Co> #2", &[4], Some((0, 25)), None, ""),
        ];
        let got = gaps(&services, &Catalog::default());
        let risk = got
            .iter()
            .find(|g| g.grouping == Grouping::GettingRiskSupport && g.sector.is_none())
            .expect("risk gap");
        assert_eq!(
            risk.sentence(),
            "Getting Risk Support: only The Very Long Name Of A Service Run… for any age"
        );
        assert_eq!(risk.only.as_deref(), Some(long), "kept whole in the data");
        let more = got
            .iter()
            .find(|g| g.grouping == Grouping::GettingMoreHelp && g.sector.is_none())
            .expect("more help gap");
        assert_eq!(
            more.sentence(),
            "Getting More Help: only Ünïcode & <Co> #2 for any age"
        );
        assert_eq!(fit("日本語の長いサービス名", 9), "日本語の…");
        assert_eq!(fit("exactly", 7), "exactly");
        assert_eq!(fit("cut here now", 9), "cut here…");
        assert_eq!(
            fit("a Supercalifragilistic", 9),
            "a Superc…",
            "no word end late enough"
        );
    }
}

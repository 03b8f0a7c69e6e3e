//! The numbers behind the gap grids: how many services meet each grouping, split by age band,
//! sector or locality, and the gaps — places with nothing, with only one service, or covered
//! only in part — as sentences a room can read aloud and turn into actions.
//!
//! - [`grid`]: one grouping × dimension table, each cell a count and, when it is one, which
//!   service, so a screen can say "only Kooth"; and the services that cover the cell's ages
//!   only in part.
//! - [`totals`]: services per grouping, for a bar chart, and how many lack ages or a place.
//! - [`gaps`]: every empty, thin or partly covered place as a [`Gap`], with
//!   [`Gap::sentence`] and [`Gap::action_text`]; [`GapCount`] is the one count of them every
//!   screen and file shows.
//!
//! How services count:
//! - in every grouping they are in; a service in no grouping is in no row (`unplaced`);
//! - by age, in every age band (the catalog's) its ages cover **whole**; a band it only
//!   touches (a youth club for 11–18 in the 18–25 band) counts it as *partial*, never as
//!   covered, so "many services stop at 18" shows as the gap it is; with no ages, in none;
//! - by locality, once in each of its localities, or in every locality when it is site-wide
//!   ([`is_site_wide`]); with none given, in none;
//! - by sector, in its own sector; with none given, in none.
//!
//! Locality and sector names match the catalog's however they are written ("west", "West ")
//! and show in the catalog's spelling. Names the catalog lacks get columns of their own after
//! the catalog's, sorted, one per name however it is written, spelled as first seen.

use std::collections::HashMap;

use unicode_width::UnicodeWidthChar;

use super::{Ages, Catalog, Service, ServiceId, is_site_wide};
use crate::text::plural;
use crate::thrive::{Grouping, normalise_name};

/// The label of the column that counts services with no value for a grid's dimension.
pub const NOT_GIVEN: &str = "not given";

/// Sectors that do not provide services themselves, so having none from them is no gap.
const NOT_PROVIDERS: [&str; 2] = ["other", "commissioner"];

/// How wide a service's name may be in a sentence before it is cut with "…": a gap line
/// must stay one line on a projected screen.
const NAME_WIDTH: usize = 40;

/// How many part-age services a gap sentence names before it only counts them.
const PARTS_NAMED: usize = 2;

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
    /// Services that cover the whole column (for an age band, every age in it).
    pub count: usize,
    /// The one service, when `count == 1` (for "only Kooth").
    pub only: Option<ServiceId>,
    /// Services that cover only some of the band's ages: not counted in `count`.
    pub partial: usize,
    /// The one part-age service, when `partial == 1`.
    pub partial_only: Option<ServiceId>,
}

impl Cell {
    /// Nothing at all, not even in part.
    pub fn is_empty(&self) -> bool {
        self.count == 0 && self.partial == 0
    }

    /// Exactly one service: everything there rests on it.
    pub fn is_thin(&self) -> bool {
        self.count == 1
    }

    /// Only services that cover part of the band's ages.
    pub fn is_partial(&self) -> bool {
        self.count == 0 && self.partial > 0
    }

    /// What the cell says in words and symbols, so it reads without colour: `· none`,
    /// `◐ 1 part`, `1 thin`, `4`. `gaps` is false for a column that makes no gaps.
    pub fn label(&self, gaps: bool) -> String {
        match (self.count, gaps) {
            (0, _) if self.partial > 0 => format!("◐ {} part", self.partial),
            (0, false) => "–".to_owned(),
            (0, true) => "· none".to_owned(),
            (1, true) => "1 thin".to_owned(),
            (n, _) => n.to_string(),
        }
    }
}

/// Groupings × one dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub dimension: Dimension,
    /// Column labels in display order: the age bands ("0–4"), or the catalog's sectors or
    /// localities then any others seen; last, [`NOT_GIVEN`] when `not_given` is set.
    pub columns: Vec<String>,
    /// The age band of each column, for the age grid (empty for the others).
    pub bands: Vec<Ages>,
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

    /// Cells with no service at all, in columns that make gaps.
    pub fn empty_cells(&self) -> usize {
        self.count_cells(Cell::is_empty)
    }

    /// Cells with exactly one service, in columns that make gaps.
    pub fn thin_cells(&self) -> usize {
        self.count_cells(Cell::is_thin)
    }

    /// Cells covered only in part, in columns that make gaps.
    pub fn partial_cells(&self) -> usize {
        self.count_cells(Cell::is_partial)
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
    /// from, for the services' names.
    pub fn gap(&self, grouping: Grouping, column: usize, services: &[Service]) -> Option<Gap> {
        let cell = *self.row(grouping).get(column)?;
        if cell.count > 1 || !self.makes_gaps(column) {
            return None;
        }
        let label = &self.columns[column];
        let find = |id: Option<ServiceId>| id.and_then(|id| services.iter().find(|s| s.id == id));
        let ages = self.bands.get(column).copied();
        let mut partly = Vec::new();
        if cell.count == 0
            && let Some(s) = find(cell.partial_only)
        {
            partly.push(Part::of(s));
        }
        Some(Gap {
            grouping,
            ages,
            locality: (self.dimension == Dimension::Locality).then(|| label.clone()),
            sector: (self.dimension == Dimension::Sector).then(|| label.clone()),
            count: cell.count,
            only: find(cell.only).map(|s| s.fields.name.clone()),
            only_id: cell.only,
            partial: if cell.count == 0 { cell.partial } else { 0 },
            partly,
        })
    }
}

/// Builds the grid of groupings × `dimension`.
pub fn grid(services: &[Service], catalog: &Catalog, dimension: Dimension) -> Grid {
    let bands = &catalog.age_bands;
    let (mut columns, slots) = match dimension {
        Dimension::Age => (
            bands.iter().map(ToString::to_string).collect(),
            services
                .iter()
                .map(|s| age_slot(s.fields.ages, bands))
                .collect(),
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
            match slot {
                Slot::Column(c) => row[*c].add(i),
                Slot::Columns(cs) => cs.iter().for_each(|c| row[*c].add(i)),
                Slot::Bands { full, part } => {
                    for (b, cell) in row.iter_mut().enumerate().take(bands.len()) {
                        if full & 1 << b != 0 {
                            cell.add(i);
                        } else if part & 1 << b != 0 {
                            cell.add_part(i);
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
        bands: if dimension == Dimension::Age {
            bands.clone()
        } else {
            Vec::new()
        },
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
        t.no_locality += usize::from(f.localities.is_empty());
        t.no_sector += usize::from(f.sector.as_deref().is_none_or(|s| s.trim().is_empty()));
    }
    t
}

/// What kind of gap a place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GapKind {
    /// No service at all.
    Nothing,
    /// Everything rests on one service.
    Thin,
    /// Only services that cover part of the ages.
    Partly,
}

impl GapKind {
    /// The mark a gap list shows before the sentence, readable without colour.
    pub fn mark(self) -> &'static str {
        match self {
            GapKind::Nothing => "·",
            GapKind::Thin => "1",
            GapKind::Partly => "◐",
        }
    }

    /// The kind's name in a document: `nothing`, `thin`, `partly`.
    pub fn slug(self) -> &'static str {
        match self {
            GapKind::Nothing => "nothing",
            GapKind::Thin => "thin",
            GapKind::Partly => "partly",
        }
    }
}

/// A service that covers only part of a gap's ages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub id: ServiceId,
    /// The service's own ages.
    pub ages: Ages,
}

impl Part {
    fn of(s: &Service) -> Part {
        Part {
            name: s.fields.name.clone(),
            id: s.id,
            ages: s.fields.ages.unwrap_or(Ages::ALL),
        }
    }

    /// Which of `band`'s ages it covers, as a reader says it: "to 18", "from 20", "12–14".
    pub fn reach(&self, band: Ages) -> String {
        let from = self.ages.from.max(band.from);
        let to = self.ages.to.min(band.to);
        if from == band.from {
            format!("to {to}")
        } else if to == band.to {
            format!("from {from}")
        } else if from == to {
            format!("at {from}")
        } else {
            format!("{from}–{to}")
        }
    }
}

/// A place where a grouping has nothing, only one service, or only services covering part
/// of the ages.
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
    /// Services covering the whole place: 0 (nothing, or only in part) or 1 (thin).
    pub count: usize,
    /// The one service's name as written, when `count == 1`.
    pub only: Option<String>,
    pub only_id: Option<ServiceId>,
    /// With `count == 0`, how many services cover part of the ages; the first few are in
    /// `partly`.
    pub partial: usize,
    pub partly: Vec<Part>,
}

impl Gap {
    pub fn kind(&self) -> GapKind {
        match (self.count, self.partial) {
            (0, 0) => GapKind::Nothing,
            (0, _) => GapKind::Partly,
            _ => GapKind::Thin,
        }
    }

    /// `Getting Risk Support: nothing for 18–25 in West`,
    /// `Getting Help: only Kooth for 11–15 in West`,
    /// `Thriving: only Youth club, to 18, for 18–25 in West`,
    /// `Getting More Help: nothing from education`.
    pub fn sentence(&self) -> String {
        let finding = match (self.kind(), self.only_name()) {
            (GapKind::Thin, Some(name)) => format!("only {name}"),
            (GapKind::Partly, _) => self.partly_finding(),
            _ => "nothing".to_owned(),
        };
        let from = self
            .sector
            .as_deref()
            .map(|s| format!(" from {}", sector_phrase(s)))
            .unwrap_or_default();
        format!("{}: {finding}{from}{}", self.grouping.name(), self.place())
    }

    /// "only Youth club, to 18," · "only Youth club, to 18, and Hub, from 20," · "only
    /// partly, by 3 services," — what there is, then the place.
    fn partly_finding(&self) -> String {
        let band = self.ages.unwrap_or(Ages::ALL);
        let named: Vec<String> = self
            .partly
            .iter()
            .map(|p| format!("{}, {},", fit(p.name.trim(), NAME_WIDTH), p.reach(band)))
            .collect();
        if self.partial <= PARTS_NAMED && named.len() == self.partial {
            format!("only {}", named.join(" and "))
        } else {
            format!("only partly, by {},", plural(self.partial, "service"))
        }
    }

    /// A short action a team can own: `Find or commission Getting Risk Support for 18–25 in
    /// West`. The caller tags it with the grouping; the text carries no tag.
    pub fn action_text(&self) -> String {
        let grouping = self.grouping.name();
        let place = self.place();
        let now = match self.kind() {
            GapKind::Thin => self
                .only_name()
                .map(|name| format!(" (only {name} now)"))
                .unwrap_or_default(),
            GapKind::Partly => match self.partly.as_slice() {
                [p] if self.partial == 1 => format!(
                    " ({} covers {} now)",
                    fit(p.name.trim(), NAME_WIDTH),
                    p.reach(self.ages.unwrap_or(Ages::ALL))
                ),
                _ => format!(
                    " ({} cover part of it now)",
                    plural(self.partial, "service")
                ),
            },
            GapKind::Nothing => String::new(),
        };
        match (&self.sector, self.kind()) {
            (Some(sector), GapKind::Nothing) => format!(
                "Ask {} what it offers for {grouping}{place}",
                sector_phrase(sector)
            ),
            (Some(sector), _) => format!(
                "Ask {} what else it offers for {grouping}{place}{now}",
                sector_phrase(sector)
            ),
            (None, GapKind::Partly) => format!("Cover every age: {grouping}{place}{now}"),
            // "Find or commission Thriving" reads as if wellbeing could be bought.
            (None, GapKind::Nothing) if self.grouping == Grouping::Thriving => {
                format!("Find or commission Thriving support{place}")
            }
            (None, GapKind::Nothing) => format!("Find or commission {grouping}{place}"),
            (None, GapKind::Thin) => format!("Find a second {grouping} service{place}{now}"),
        }
    }

    /// The services a thin or partly covered place rests on.
    pub fn resting_on(&self) -> Vec<ServiceId> {
        self.only_id
            .into_iter()
            .chain(self.partly.iter().map(|p| p.id))
            .collect()
    }

    /// "⌛ its directory record was last checked 3 years ago" when every service the place
    /// rests on came from the area's directory and none was checked in the last year: a gap
    /// is only as real as the directory behind it.
    pub fn stale_note(&self, services: &[Service], day: chrono::NaiveDate) -> Option<String> {
        let behind: Vec<&crate::map::Listing> = self
            .resting_on()
            .iter()
            .filter_map(|id| services.iter().find(|s| s.id == *id))
            .map(|s| s.fields.directory.as_ref())
            .collect::<Option<Vec<_>>>()?;
        if behind.is_empty() || !behind.iter().all(|l| l.stale(day)) {
            return None;
        }
        Some(match behind.as_slice() {
            [one] => format!("⌛ its directory record was last {}", one.checked(day)),
            _ => "⌛ their directory records were not checked in the last year".to_owned(),
        })
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

/// How many gaps of each kind: the one count every screen and file shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GapCount {
    pub nothing: usize,
    pub thin: usize,
    pub partly: usize,
}

impl GapCount {
    pub fn of(gaps: &[Gap]) -> GapCount {
        GapCount::of_kinds(gaps.iter().map(Gap::kind))
    }

    pub fn of_kinds(kinds: impl IntoIterator<Item = GapKind>) -> GapCount {
        let mut c = GapCount::default();
        for k in kinds {
            match k {
                GapKind::Nothing => c.nothing += 1,
                GapKind::Thin => c.thin += 1,
                GapKind::Partly => c.partly += 1,
            }
        }
        c
    }

    /// Every gap, of any kind.
    pub fn total(&self) -> usize {
        self.nothing + self.thin + self.partly
    }

    /// "12 with nothing · 6 thin · 3 only partly".
    pub fn summary(&self) -> String {
        let mut parts = vec![format!("{} with nothing", self.nothing)];
        parts.push(format!("{} thin", self.thin));
        if self.partly > 0 {
            parts.push(format!("{} only partly", self.partly));
        }
        parts.join(" · ")
    }
}

/// Every empty, thin or partly covered place, as gaps in reading order: by grouping (1 → 5);
/// within a grouping, by locality (the grid's column order), then by age, youngest first, so
/// a run of sentences reads like the grid's row left to right; then the grouping's sector
/// gaps in catalog order.
///
/// A place is grouping × locality × age band when any locality is named (in the catalog or on
/// a service), else grouping × age band. Adjacent bands with the same finding — nothing, or
/// only the same service — make one gap ("nothing for 16–25"); a band covered only in part is
/// a gap of its own, since what covers it differs band to band. Sector gaps are per grouping,
/// for the catalog's sectors but "other" and "commissioner".
///
/// Empty when no service is placed on a grouping yet: the screen says to map some first
/// rather than listing every place as a gap.
pub fn gaps(services: &[Service], catalog: &Catalog) -> Vec<Gap> {
    if services.iter().all(|s| s.fields.groupings.is_empty()) {
        return Vec::new();
    }
    let age_bands = &catalog.age_bands;
    let places = localities(services, catalog);
    let sectors = sectors(services, catalog);
    let bands = age_bands.len();
    // With no localities the whole site is the one place.
    let place_count = places.labels.len().max(1);
    let known_sectors = catalog.sectors.len();
    let mut by_age = vec![Tally::default(); Grouping::ALL.len() * place_count * bands];
    let mut by_sector = vec![Tally::default(); Grouping::ALL.len() * known_sectors];
    let mut in_places: Vec<usize> = Vec::new();
    for (i, s) in services.iter().enumerate() {
        let (full, part) = match age_slot(s.fields.ages, age_bands) {
            Slot::Bands { full, part } => (full, part),
            _ => (0, 0),
        };
        in_places.clear();
        if places.labels.is_empty() {
            in_places.push(0);
        } else {
            match &places.slots[i] {
                Slot::Column(c) => in_places.push(*c),
                Slot::Columns(cs) => in_places.extend(cs),
                Slot::Everywhere => in_places.extend(0..place_count),
                Slot::Bands { .. } | Slot::NotGiven => {}
            }
        }
        for g in s.fields.groupings.iter() {
            let g = g as usize;
            for p in &in_places {
                let at = (g * place_count + p) * bands;
                for (b, cell) in by_age[at..at + bands].iter_mut().enumerate() {
                    if full & 1 << b != 0 {
                        cell.add(i);
                    } else if part & 1 << b != 0 {
                        cell.add_part(i);
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
                let end = if cell.is_partial() {
                    b + 1
                } else {
                    b + row[b..]
                        .iter()
                        .take_while(|c| c.same_finding(&cell))
                        .count()
                };
                if cell.count <= 1 {
                    out.push(cell.gap(
                        grouping,
                        services,
                        Some(age_bands[b].span(age_bands[end - 1])),
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

/// A count while building, naming the services by their index in the slice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Tally {
    count: usize,
    only: Option<usize>,
    partial: usize,
    /// The first part-age services, for the sentence.
    parts: [Option<usize>; PARTS_NAMED],
}

impl Tally {
    fn add(&mut self, service: usize) {
        self.only = if self.count == 0 { Some(service) } else { None };
        self.count += 1;
    }

    fn add_part(&mut self, service: usize) {
        if let Some(slot) = self.parts.get_mut(self.partial) {
            *slot = Some(service);
        }
        self.partial += 1;
    }

    fn is_partial(&self) -> bool {
        self.count == 0 && self.partial > 0
    }

    /// Whether two bands read as one: nothing in both, or only the same one service.
    fn same_finding(&self, other: &Tally) -> bool {
        !self.is_partial() && self.count == other.count && self.only == other.only
    }

    fn cell(&self, services: &[Service]) -> Cell {
        Cell {
            count: self.count,
            only: self.only.map(|i| services[i].id),
            partial: self.partial,
            partial_only: (self.partial == 1)
                .then_some(self.parts[0])
                .flatten()
                .map(|i| services[i].id),
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
        let partial = if self.count == 0 { self.partial } else { 0 };
        Gap {
            grouping,
            ages,
            locality,
            sector,
            count: self.count,
            only: only.map(|s| s.fields.name.clone()),
            only_id: only.map(|s| s.id),
            partial,
            partly: if partial > 0 {
                self.parts
                    .iter()
                    .flatten()
                    .map(|i| Part::of(&services[*i]))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
}

/// Where one service falls on a dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot {
    Column(usize),
    /// Several localities: one column each.
    Columns(Vec<usize>),
    /// The age bands its ages cover whole (`full`) and in part (`part`), one bit per band.
    Bands {
        full: u32,
        part: u32,
    },
    /// Site-wide: every named column.
    Everywhere,
    NotGiven,
}

fn age_slot(ages: Option<Ages>, bands: &[Ages]) -> Slot {
    let (mut full, mut part) = (0u32, 0u32);
    if let Some(a) = ages {
        for (b, band) in bands.iter().enumerate().take(32) {
            if a.from <= band.from && band.to <= a.to {
                full |= 1 << b;
            } else if a.overlaps(*band) {
                part |= 1 << b;
            }
        }
    }
    if full | part == 0 {
        Slot::NotGiven
    } else {
        Slot::Bands { full, part }
    }
}

/// The columns of a dimension named in words, and each service's slot in them.
struct Named {
    labels: Vec<String>,
    slots: Vec<Slot>,
}

fn localities(services: &[Service], catalog: &Catalog) -> Named {
    named(
        services.iter().map(|s| s.fields.localities.names()),
        &catalog.localities,
        |t| catalog.find_locality(t),
        is_site_wide,
    )
}

fn sectors(services: &[Service], catalog: &Catalog) -> Named {
    named(
        services.iter().map(|s| s.fields.sector.as_slice()),
        &catalog.sectors,
        |t| catalog.find_sector(t),
        |_| false,
    )
}

/// Where one name falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resolved {
    Column(usize),
    Everywhere,
    Blank,
}

/// The catalog's names, then the others seen on services, and where each service falls: a
/// service with several names counts once in each of their columns.
///
/// A map repeats a handful of names thousands of times, so each distinct text is read once:
/// matching it to the catalog normalises and allocates, which would dominate the grid.
fn named<'s, 'c>(
    values: impl ExactSizeIterator<Item = &'s [String]>,
    known: &'c [String],
    find: impl Fn(&str) -> Option<&'c str>,
    everywhere: fn(&str) -> bool,
) -> Named {
    let mut slots = Vec::with_capacity(values.len());
    let mut seen = Memo::default();
    // Names the catalog lacks, by normalised key, numbered as first seen after the catalog's.
    let mut others: HashMap<String, usize> = HashMap::new();
    let mut other_labels: Vec<(String, &'s str)> = Vec::new();
    let mut resolve = |value: &'s str| -> Resolved {
        if let Some(r) = seen.get(value) {
            return r;
        }
        let text = value.trim();
        let r = if text.is_empty() {
            Resolved::Blank
        } else if let Some(c) = known
            .iter()
            .position(|k| k == text)
            .or_else(|| find(text).and_then(|f| known.iter().position(|k| k == f)))
        {
            Resolved::Column(c)
        } else if everywhere(text) {
            Resolved::Everywhere
        } else {
            let key = normalise_name(text);
            if key.is_empty() {
                Resolved::Blank
            } else {
                let next = known.len() + other_labels.len();
                let c = *others.entry(key.clone()).or_insert_with(|| {
                    other_labels.push((key, text));
                    next
                });
                Resolved::Column(c)
            }
        };
        seen.insert(value, r);
        r
    };
    for names in values {
        let slot = match names {
            [] => Slot::NotGiven,
            [one] => match resolve(one) {
                Resolved::Column(c) => Slot::Column(c),
                Resolved::Everywhere => Slot::Everywhere,
                Resolved::Blank => Slot::NotGiven,
            },
            many => {
                let mut columns: Vec<usize> = Vec::with_capacity(many.len());
                let mut everywhere = false;
                for name in many {
                    match resolve(name) {
                        Resolved::Column(c) if !columns.contains(&c) => columns.push(c),
                        Resolved::Everywhere => everywhere = true,
                        _ => {}
                    }
                }
                match columns.as_slice() {
                    _ if everywhere => Slot::Everywhere,
                    [] => Slot::NotGiven,
                    [c] => Slot::Column(*c),
                    _ => Slot::Columns(columns),
                }
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
    let renumber = |c: &mut usize| {
        if *c >= known.len() {
            *c = column[*c - known.len()];
        }
    };
    for slot in &mut slots {
        match slot {
            Slot::Column(c) => renumber(c),
            Slot::Columns(cs) => cs.iter_mut().for_each(renumber),
            _ => {}
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
    few: Vec<(&'s str, Resolved)>,
    rest: HashMap<&'s str, Resolved>,
}

impl<'s> Memo<'s> {
    const FEW: usize = 16;

    fn get(&self, text: &str) -> Option<Resolved> {
        self.few
            .iter()
            .find(|(t, _)| *t == text)
            .map(|(_, r)| *r)
            .or_else(|| self.rest.get(text).copied())
    }

    fn insert(&mut self, text: &'s str, r: Resolved) {
        if self.few.len() < Self::FEW {
            self.few.push((text, r));
        } else {
            self.rest.insert(text, r);
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
        id: i64,
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
            id: ServiceId(id),
            event_id: crate::ids::EventId(1),
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
                localities: crate::map::Localities::parse(locality),
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
        assert_eq!(gap.only_id, Some(ServiceId(1)));
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

    /// A band counts a service only when the service covers every age in it; one that only
    /// touches it is partial, shown as partial, and a gap of its own kind.
    #[test]
    fn a_service_that_only_touches_a_band_is_partial_not_cover() {
        let services = vec![
            service(1, "Youth club", &[1], Some((11, 18)), None, "West"),
            service(2, "School nursing", &[2], Some((5, 18)), None, "West"),
            service(3, "Kooth", &[2], Some((11, 25)), None, "West"),
        ];
        let catalog = Catalog::with(&[], &["West".into()]);
        let g = grid(&services, &catalog, Dimension::Age);
        let thriving = g.row(Grouping::Thriving);
        assert_eq!(
            thriving[3].label(true),
            "1 thin",
            "16–17: every age covered"
        );
        assert_eq!(thriving[4].count, 0, "18–25 is not covered by a club to 18");
        assert_eq!(thriving[4].partial, 1);
        assert_eq!(thriving[4].label(true), "◐ 1 part");
        assert_eq!(thriving[1].label(true), "· none");
        let advice = g.row(Grouping::GettingAdvice);
        assert_eq!(
            (advice[4].count, advice[4].partial),
            (1, 1),
            "18–25: Kooth covers it, School nursing only to 18"
        );
        assert_eq!(advice[4].label(true), "1 thin");
        assert_eq!(g.partial_cells(), 1);

        let sentences: Vec<String> = gaps(&services, &catalog)
            .iter()
            .filter(|g| g.sector.is_none())
            .map(Gap::sentence)
            .collect();
        assert!(
            sentences.contains(&"Thriving: only Youth club, to 18, for 18–25 in West".to_owned()),
            "{sentences:#?}"
        );
        assert!(
            sentences.contains(&"Thriving: only Youth club for 11–17 in West".to_owned()),
            "{sentences:#?}"
        );
        // School nursing 5–18 reads as what it covers, not 5–25.
        assert!(
            sentences.contains(
                &"Getting Advice and Signposting: only School nursing for 5–10 in West".to_owned()
            ),
            "{sentences:#?}"
        );
        assert!(
            !sentences.iter().any(|s| s.contains("for 5–25")),
            "{sentences:#?}"
        );
        let partly = gaps(&services, &catalog)
            .into_iter()
            .find(|g| g.kind() == GapKind::Partly)
            .expect("a partly gap");
        assert_eq!(
            partly.action_text(),
            "Cover every age: Thriving for 18–25 in West (Youth club covers to 18 now)"
        );
        let count = GapCount::of(&gaps(&services, &catalog));
        assert_eq!(count.partly, 1);
        assert_eq!(count.total(), gaps(&services, &catalog).len());
    }

    #[test]
    fn a_script_sets_its_own_age_bands() {
        let bands: Vec<Ages> = [(0, 4), (5, 11), (12, 17), (18, 25)]
            .map(|(from, to)| Ages { from, to })
            .to_vec();
        let catalog = Catalog::default().with_age_bands(&bands);
        let services = vec![service(1, "Club", &[1], Some((12, 18)), None, "")];
        let g = grid(&services, &catalog, Dimension::Age);
        assert_eq!(g.columns, ["0–4", "5–11", "12–17", "18–25"]);
        assert_eq!(g.row(Grouping::Thriving)[2].label(true), "1 thin");
        assert_eq!(g.row(Grouping::Thriving)[3].label(true), "◐ 1 part");
        let gap = g.gap(Grouping::Thriving, 3, &services).expect("partial");
        assert_eq!(gap.sentence(), "Thriving: only Club, to 18, for 18–25");
    }

    #[test]
    fn a_service_in_two_localities_counts_once_in_each() {
        let catalog = Catalog::with(&[], &["North".into(), "West".into(), "East".into()]);
        let services = vec![service(
            1,
            "Nursing",
            &[1],
            Some((5, 19)),
            None,
            "North; West",
        )];
        let g = grid(&services, &catalog, Dimension::Locality);
        let row: Vec<usize> = g.row(Grouping::Thriving).iter().map(|c| c.count).collect();
        assert_eq!(row, [1, 1, 0]);
        assert!(!g.not_given);
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
        assert_eq!(got[3].only_id, Some(ServiceId(1)));
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
            only_id: only.map(|_| ServiceId(7)),
            partial: 0,
            partly: Vec::new(),
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

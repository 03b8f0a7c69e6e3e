//! TEMPORARY stand-in until the coverage branch lands.
use super::{Ages, Catalog, Service, ServiceId};
use crate::thrive::Grouping;
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    Age,
    Sector,
    Locality,
}
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    pub count: usize,
    pub only: Option<ServiceId>,
}
#[derive(Debug, Clone)]
pub struct Grid {
    pub dimension: Dimension,
    pub columns: Vec<String>,
    pub rows: [Vec<Cell>; 5],
}
#[derive(Debug, Clone, Default)]
pub struct Totals {
    pub per_grouping: [usize; 5],
    pub unplaced: usize,
    pub services: usize,
}
#[derive(Debug, Clone)]
pub struct Gap {
    pub grouping: Grouping,
    pub ages: Option<Ages>,
    pub locality: Option<String>,
    pub sector: Option<String>,
    pub count: usize,
    pub only: Option<String>,
}
impl Gap {
    pub fn sentence(&self) -> String {
        String::new()
    }
    pub fn action_text(&self) -> String {
        String::new()
    }
}
pub fn grid(_s: &[Service], _c: &Catalog, dimension: Dimension) -> Grid {
    Grid {
        dimension,
        columns: vec![],
        rows: Default::default(),
    }
}
pub fn totals(_s: &[Service]) -> Totals {
    Totals::default()
}
pub fn gaps(_s: &[Service], _c: &Catalog) -> Vec<Gap> {
    vec![]
}
impl Grid {
    pub fn gap_at(&self, _r: usize, _c: usize) -> Option<Gap> {
        None
    }
}
impl Grid {
    pub fn is_not_given(&self, _c: usize) -> bool {
        false
    }
}

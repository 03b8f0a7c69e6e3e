//! The i-THRIVE implementation assessment: each of the eight principles scored at three
//! levels from 1 (considerable improvement needed) to 4 (fully THRIVE-like), 3 or more counting
//! as THRIVE-like, each score with the evidence the room agreed. A site scores a baseline, then
//! again at later events to see change.

use std::collections::BTreeMap;

use crate::thrive::Principle;

pub use crate::thrive::Level;

/// The lowest and highest scores.
pub const LOWEST: u8 = 1;
pub const HIGHEST: u8 = 4;

/// A score of this or more counts as THRIVE-like.
pub const THRIVE_LIKE: u8 = 3;

/// What a score means, in words (the scale's own).
pub fn meaning(score: u8) -> &'static str {
    match score {
        1 => "considerable improvement needed",
        2 => "some improvement needed",
        3 => "THRIVE-like",
        _ => "fully THRIVE-like",
    }
}

/// One cell of the grid as scored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    pub score: Option<u8>,
    /// The evidence the room agreed, one line.
    pub rationale: String,
}

/// An event's assessment: the cells scored so far (a cell absent is unscored).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Assessment {
    pub cells: BTreeMap<(Principle, Level), Cell>,
}

impl Assessment {
    pub fn score(&self, p: Principle, l: Level) -> Option<u8> {
        self.cells.get(&(p, l)).and_then(|c| c.score)
    }

    pub fn rationale(&self, p: Principle, l: Level) -> &str {
        self.cells.get(&(p, l)).map_or("", |c| c.rationale.as_str())
    }

    /// Nothing scored and nothing said.
    pub fn is_empty(&self) -> bool {
        self.cells
            .values()
            .all(|c| c.score.is_none() && c.rationale.is_empty())
    }

    /// How many of the cells `among` picks are scored, and how many of those THRIVE-like.
    pub fn tally(&self, among: impl Fn(Principle, Level) -> bool) -> Tally {
        let mut t = Tally::default();
        for (&(p, l), c) in &self.cells {
            if let Some(s) = c.score.filter(|_| among(p, l)) {
                t.scored += 1;
                t.thrive_like += usize::from(s >= THRIVE_LIKE);
            }
        }
        t
    }
}

/// This event's assessment and the earlier ones it is compared with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assessments {
    pub now: Assessment,
    /// Earlier events of the series (or site) with an assessment, oldest first: the first is
    /// the baseline, the last the one before this.
    pub earlier: Vec<(crate::event::record::EventInfo, Assessment)>,
}

impl Assessments {
    pub fn baseline(&self) -> Option<&(crate::event::record::EventInfo, Assessment)> {
        self.earlier.first()
    }

    pub fn previous(&self) -> Option<&(crate::event::record::EventInfo, Assessment)> {
        self.earlier.last()
    }
}

/// Scored cells, and how many of them are THRIVE-like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub scored: usize,
    pub thrive_like: usize,
}

impl Tally {
    /// "5 of 8 THRIVE-like", or "none scored".
    pub fn words(self) -> String {
        if self.scored == 0 {
            "none scored".to_owned()
        } else {
            format!("{} of {} THRIVE-like", self.thrive_like, self.scored)
        }
    }
}

/// A cell's score against an earlier one: `2 → 3 ↑`.
pub fn change(before: Option<u8>, now: Option<u8>) -> Option<String> {
    let (b, n) = (before?, now?);
    let arrow = match n.cmp(&b) {
        std::cmp::Ordering::Greater => "↑",
        std::cmp::Ordering::Less => "↓",
        std::cmp::Ordering::Equal => "=",
    };
    Some(format!("{b} → {n} {arrow}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_or_more_is_thrive_like_and_change_reads_both_ways() {
        let mut a = Assessment::default();
        for (p, l, s) in [
            (Principle::NeedsLed, Level::Services, 3),
            (Principle::NeedsLed, Level::Individual, 2),
            (Principle::Accessibility, Level::Services, 4),
        ] {
            a.cells.insert(
                (p, l),
                Cell {
                    score: Some(s),
                    rationale: String::new(),
                },
            );
        }
        let all = a.tally(|_, _| true);
        assert_eq!((all.scored, all.thrive_like), (3, 2));
        assert_eq!(
            a.tally(|_, l| l == Level::Services).words(),
            "2 of 2 THRIVE-like"
        );
        assert_eq!(
            a.tally(|p, _| p == Principle::ReducingStigma).words(),
            "none scored"
        );
        assert_eq!(change(Some(2), Some(3)).as_deref(), Some("2 → 3 ↑"));
        assert_eq!(change(Some(3), Some(2)).as_deref(), Some("3 → 2 ↓"));
        assert_eq!(change(Some(3), Some(3)).as_deref(), Some("3 → 3 ="));
        assert_eq!(change(None, Some(3)), None);
    }
}

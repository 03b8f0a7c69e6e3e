//! What the room is shown, as the driving console decides it and the projector reads it: the
//! names of screens only. Nothing typed at a console can be put in one of these.

use chrono::NaiveDateTime;

pub use crate::map::coverage::Dimension;
use crate::thrive::{Grouping, Level, Principle};

/// A screen the room can be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The calm title card: the event's title, site and the time.
    Title,
    /// The current segment of the agenda, large.
    Segment,
    Groupings,
    Grouping(Grouping),
    /// The eight principles, one of them large.
    Principles(Principle),
    Map,
    Coverage(Dimension),
    /// The gaps, with the one the facilitator has selected (from 0): the one being talked
    /// about is the one the room sees marked.
    Gaps(u32),
    Actions,
    Notes,
    /// Last time's actions, for the review.
    Review,
    /// The assessment grid (its scores and change; never the rationales).
    Assessment,
    /// The dot vote: who has voted until the reveal, then the ranking.
    Priorities,
    /// The assessment grid with one cell marked and its evidence, which the facilitator
    /// chose to show.
    Evidence(Principle, Level),
}

impl Shown {
    /// Every screen, with each grouping, principle and grid: for tests and the pin list.
    pub fn all() -> Vec<Shown> {
        let mut all = vec![Shown::Title, Shown::Segment, Shown::Groupings];
        all.extend(Grouping::ALL.map(Shown::Grouping));
        all.extend(Principle::ALL.map(Shown::Principles));
        all.extend([
            Shown::Map,
            Shown::Coverage(Dimension::Age),
            Shown::Coverage(Dimension::Sector),
            Shown::Coverage(Dimension::Locality),
            Shown::Gaps(0),
            Shown::Actions,
            Shown::Notes,
            Shown::Review,
            Shown::Assessment,
            Shown::Priorities,
            Shown::Evidence(Principle::NeedsLed, Level::Services),
        ]);
        all
    }

    /// As the store keeps it.
    pub fn slug(self) -> String {
        match self {
            Shown::Title => "title".into(),
            Shown::Segment => "segment".into(),
            Shown::Groupings => "groupings".into(),
            Shown::Grouping(g) => format!("grouping-{}", g.number()),
            Shown::Principles(p) => format!("principles-{}", p.number()),
            Shown::Map => "map".into(),
            Shown::Coverage(Dimension::Age) => "coverage-age".into(),
            Shown::Coverage(Dimension::Sector) => "coverage-sector".into(),
            Shown::Coverage(Dimension::Locality) => "coverage-locality".into(),
            Shown::Gaps(0) => "gaps".into(),
            Shown::Gaps(n) => format!("gaps-{}", n + 1),
            Shown::Actions => "actions".into(),
            Shown::Notes => "notes".into(),
            Shown::Review => "review".into(),
            Shown::Assessment => "assessment".into(),
            Shown::Priorities => "priorities".into(),
            Shown::Evidence(p, l) => format!("evidence-{}-{}", p.slug(), l.slug()),
        }
    }

    /// A name a newer thrive wrote, or one damaged, reads as the title card: never as a
    /// screen that might show more than was meant.
    pub fn from_slug(slug: &str) -> Shown {
        if let Some(n) = slug
            .strip_prefix("gaps-")
            .and_then(|n| n.parse::<u32>().ok())
            && n >= 1
        {
            return Shown::Gaps(n - 1);
        }
        if let Some(rest) = slug.strip_prefix("evidence-") {
            for p in Principle::ALL {
                for l in Level::ALL {
                    if rest == format!("{}-{}", p.slug(), l.slug()) {
                        return Shown::Evidence(p, l);
                    }
                }
            }
        }
        Shown::all()
            .into_iter()
            .find(|s| s.slug() == slug)
            .unwrap_or(Shown::Title)
    }

    /// A few words for the presenter strip: what the room sees.
    pub fn describe(self) -> String {
        match self {
            Shown::Title => "the title card".into(),
            Shown::Segment => "the current segment".into(),
            Shown::Groupings => "the five groupings".into(),
            Shown::Grouping(g) => format!("grouping {}: {}", g.number(), g.short_name()),
            Shown::Principles(p) => format!("principle {}: {}", p.number(), p.name()),
            Shown::Map => "the map".into(),
            Shown::Coverage(Dimension::Age) => "coverage by age".into(),
            Shown::Coverage(Dimension::Sector) => "coverage by sector".into(),
            Shown::Coverage(Dimension::Locality) => "coverage by locality".into(),
            Shown::Gaps(0) => "the gaps".into(),
            Shown::Gaps(n) => format!("the gaps, at gap {}", n + 1),
            Shown::Actions => "the actions".into(),
            Shown::Notes => "the notes".into(),
            Shown::Review => "last time's actions".into(),
            Shown::Assessment => "the assessment".into(),
            Shown::Priorities => "the dot vote".into(),
            Shown::Evidence(p, l) => format!("the evidence for {} · {}", p.name(), l.short_name()),
        }
    }
}

/// Whether the room goes with the driving console's screen or stays where it was put.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Follow,
    Pin,
}

impl Mode {
    pub fn slug(self) -> &'static str {
        match self {
            Mode::Follow => "follow",
            Mode::Pin => "pin",
        }
    }

    pub fn from_slug(slug: &str) -> Mode {
        if slug == "pin" {
            Mode::Pin
        } else {
            Mode::Follow
        }
    }
}

/// What the room is shown, and who decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub mode: Mode,
    pub shown: Shown,
    /// Blanked to the title card; `shown` is where it goes back to.
    pub blank: bool,
    /// The console that moved the room last (its store name), and its seat in words.
    pub console: String,
    pub seat: String,
    pub moved_at: NaiveDateTime,
}

impl Directive {
    /// What the room sees now.
    pub fn showing(&self) -> Shown {
        if self.blank { Shown::Title } else { self.shown }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_screen_reads_back_from_its_name() {
        for s in Shown::all() {
            assert_eq!(Shown::from_slug(&s.slug()), s);
        }
        assert_eq!(Shown::from_slug("something-newer"), Shown::Title);
        assert_eq!(Shown::from_slug(&Shown::Gaps(40).slug()), Shown::Gaps(40));
        for p in Principle::ALL {
            for l in Level::ALL {
                let e = Shown::Evidence(p, l);
                assert_eq!(Shown::from_slug(&e.slug()), e);
            }
        }
        assert_eq!(Shown::from_slug("evidence-kindness-services"), Shown::Title);
        assert_eq!(Shown::from_slug("gaps-0"), Shown::Title);
    }
}

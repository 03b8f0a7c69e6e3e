//! Priorities by dot vote: candidates (from the gaps, notes, actions, or typed), voters (the
//! tables named in the script or added at the event), each with a budget of dots the
//! facilitator enters as the table calls them out. Blind until revealed: the room sees who has
//! voted and how many dots are left, never the tallies, until the reveal.

use std::collections::BTreeMap;

use crate::ids::{ActionId, CandidateId};
use crate::thrive::Grouping;

pub use crate::script::vote::{
    DEFAULT_DOTS, DEFAULT_TOP, MAX_DOTS, MAX_NAME_CHARS, MAX_TEXT_CHARS, MAX_VOTERS, Rules,
};

/// Where a candidate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// The gaps list: a grouping with nothing (or one service) for an age band or locality.
    Gap,
    Note,
    Action,
    /// Typed in at the vote.
    Typed,
}

impl Origin {
    pub const ALL: [Origin; 4] = [Origin::Gap, Origin::Note, Origin::Action, Origin::Typed];

    pub fn slug(self) -> &'static str {
        match self {
            Origin::Gap => "gap",
            Origin::Note => "note",
            Origin::Action => "action",
            Origin::Typed => "typed",
        }
    }

    pub fn from_slug(s: &str) -> Option<Origin> {
        Origin::ALL.into_iter().find(|o| o.slug() == s)
    }
}

/// One thing the room may vote for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: CandidateId,
    /// What the room reads: "Getting Help: nothing for 16–25 in West".
    pub text: String,
    /// What it becomes as an action: "Find or commission Getting Help for 16–25 in West".
    pub action_text: String,
    pub origin: Origin,
    pub grouping: Option<Grouping>,
    /// The age band and locality of a gap, as the gaps list wrote them.
    pub ages: Option<String>,
    pub locality: Option<String>,
    /// The note or action it came from (its id in this event).
    pub source: Option<i64>,
    /// The action made from it, once made.
    pub action: Option<ActionId>,
}

/// An event's vote as stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Vote {
    pub candidates: Vec<Candidate>,
    /// Voters added at the event, after the script's.
    pub added: Vec<String>,
    /// Dots by candidate and voter (a pair absent has none).
    pub dots: BTreeMap<(CandidateId, String), u32>,
    pub revealed: bool,
}

/// Why a dot was not added or taken back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The voter has spent its whole budget.
    Spent { budget: u32 },
    /// The script allows only this many on one candidate from one voter.
    Cap { most: u32 },
    /// There was no dot to take back.
    NoDot,
}

/// One line of the ranking: its place (shared by ties), the candidate and its dots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub place: usize,
    /// Another candidate has the same number of dots.
    pub tied: bool,
    pub candidate: usize,
    pub dots: u32,
}

impl Vote {
    /// The voters in order: the script's, then those added at the event. A name added that
    /// the script has too counts once.
    pub fn voters(&self, rules: &Rules) -> Vec<String> {
        let mut all = rules.voters.clone();
        for v in &self.added {
            if !all.iter().any(|a| a.eq_ignore_ascii_case(v)) {
                all.push(v.clone());
            }
        }
        all
    }

    /// How many dots `voter` has put down.
    pub fn spent(&self, voter: &str) -> u32 {
        self.dots
            .iter()
            .filter(|((_, v), _)| v.eq_ignore_ascii_case(voter))
            .map(|(_, n)| n)
            .sum()
    }

    pub fn on(&self, candidate: CandidateId, voter: &str) -> u32 {
        self.dots
            .iter()
            .filter(|((c, v), _)| *c == candidate && v.eq_ignore_ascii_case(voter))
            .map(|(_, n)| n)
            .sum()
    }

    pub fn total(&self, candidate: CandidateId) -> u32 {
        self.dots
            .iter()
            .filter(|((c, _), _)| *c == candidate)
            .map(|(_, n)| n)
            .sum()
    }

    /// Whether `voter` may put one more dot on `candidate`.
    pub fn may_add(
        &self,
        rules: &Rules,
        candidate: CandidateId,
        voter: &str,
    ) -> Result<(), Refused> {
        if self.spent(voter) >= rules.dots {
            return Err(Refused::Spent { budget: rules.dots });
        }
        match rules.per_candidate {
            Some(most) if self.on(candidate, voter) >= most => Err(Refused::Cap { most }),
            _ => Ok(()),
        }
    }

    /// Dots not yet put down, in all.
    pub fn unspent(&self, rules: &Rules) -> u32 {
        self.voters(rules)
            .iter()
            .map(|v| rules.dots.saturating_sub(self.spent(v)))
            .sum()
    }

    /// The candidates by dots, most first; equal dots share a place ("=2") and keep the order
    /// they were added in. Candidates with no dots come last, placed too.
    pub fn ranking(&self) -> Vec<Ranked> {
        rank(self.candidates.iter().map(|c| self.total(c.id)))
    }

    /// "=2" for a tie, "2" otherwise.
    pub fn place_words(r: &Ranked) -> String {
        if r.tied {
            format!("={}", r.place)
        } else {
            r.place.to_string()
        }
    }

    /// The candidates the top `n` places hold: ties at the edge come in whole, so the room
    /// is never told one of two equal priorities lost by the order they were typed.
    pub fn top(&self, n: u32) -> Vec<usize> {
        let n = n as usize;
        self.ranking()
            .into_iter()
            .filter(|r| r.dots > 0 && r.place <= n)
            .map(|r| r.candidate)
            .collect()
    }

    /// The vote without the candidates `hidden` says (and their dots): what the room and
    /// the files for others may see when a candidate's note has since been made private.
    pub fn without(&self, hidden: impl Fn(&Candidate) -> bool) -> Vote {
        let mut v = self.clone();
        let gone: std::collections::BTreeSet<CandidateId> = v
            .candidates
            .iter()
            .filter(|c| hidden(c))
            .map(|c| c.id)
            .collect();
        v.candidates.retain(|c| !gone.contains(&c.id));
        v.dots.retain(|(c, _), _| !gone.contains(c));
        v
    }

    pub fn is_empty(&self) -> bool {
        self.candidates.is_empty() && self.added.is_empty() && self.dots.is_empty()
    }
}

/// "1 dot" · "3 dots".
pub fn dots_words(n: u32) -> String {
    if n == 1 {
        "1 dot".to_owned()
    } else {
        format!("{n} dots")
    }
}

/// Each dot as a symbol: "●●●" (up to a width), then the number.
pub fn dots_drawn(n: u32, most: usize) -> String {
    let shown = (n as usize).min(most);
    let mut s = "●".repeat(shown);
    if shown < n as usize {
        s.push('…');
    }
    s
}

/// Candidates ranked by their dots (in the order they were added), most first; equal dots
/// share a place ("=2") and keep that order. Candidates with no dots come last, placed too.
pub fn rank(totals: impl IntoIterator<Item = u32>) -> Vec<Ranked> {
    let mut order: Vec<(usize, u32)> = totals.into_iter().enumerate().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out: Vec<Ranked> = Vec::with_capacity(order.len());
    for (at, &(i, dots)) in order.iter().enumerate() {
        let place = match out.last() {
            Some(last) if last.dots == dots => last.place,
            _ => at + 1,
        };
        out.push(Ranked {
            place,
            tied: false,
            candidate: i,
            dots,
        });
    }
    let counts = out.iter().fold(BTreeMap::new(), |mut m, r| {
        *m.entry(r.place).or_insert(0usize) += 1;
        m
    });
    for r in &mut out {
        r.tied = counts[&r.place] > 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vote(totals: &[u32]) -> Vote {
        let mut v = Vote::default();
        for (i, &n) in totals.iter().enumerate() {
            let id = CandidateId(i as i64 + 1);
            v.candidates.push(Candidate {
                id,
                text: format!("c{i}"),
                action_text: format!("c{i}"),
                origin: Origin::Typed,
                grouping: None,
                ages: None,
                locality: None,
                source: None,
                action: None,
            });
            if n > 0 {
                v.dots.insert((id, "T".into()), n);
            }
        }
        v
    }

    #[test]
    fn ties_share_a_place_and_the_top_takes_a_tie_whole() {
        let v = vote(&[2, 5, 2, 0, 5]);
        let r = v.ranking();
        let words: Vec<(String, usize, u32)> = r
            .iter()
            .map(|r| (Vote::place_words(r), r.candidate, r.dots))
            .collect();
        assert_eq!(
            words,
            vec![
                ("=1".into(), 1, 5),
                ("=1".into(), 4, 5),
                ("=3".into(), 0, 2),
                ("=3".into(), 2, 2),
                ("5".into(), 3, 0),
            ]
        );
        assert_eq!(v.top(1), vec![1, 4]);
        assert_eq!(v.top(3), vec![1, 4, 0, 2]);
        // No dots is never a priority.
        assert_eq!(vote(&[0, 0]).top(3), Vec::<usize>::new());
    }

    #[test]
    fn the_budget_and_the_cap_refuse_a_dot() {
        let mut v = vote(&[2, 0]);
        let rules = Rules {
            voters: vec!["T".into(), "U".into()],
            dots: 3,
            per_candidate: Some(2),
            top: 3,
        };
        let (a, b) = (CandidateId(1), CandidateId(2));
        assert_eq!(v.may_add(&rules, a, "T"), Err(Refused::Cap { most: 2 }));
        assert_eq!(v.may_add(&rules, b, "T"), Ok(()));
        v.dots.insert((b, "T".into()), 1);
        assert_eq!(v.may_add(&rules, b, "T"), Err(Refused::Spent { budget: 3 }));
        assert_eq!(v.unspent(&rules), 3);
    }
}

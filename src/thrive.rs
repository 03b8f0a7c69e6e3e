//! The THRIVE Framework itself: the five needs-based groupings and the eight principles,
//! their built-in wording, the names a script may use for them, and a site's overrides.
//!
//! Nothing here knows about the terminal; screens read a [`Framework`].

use std::fmt;

/// One of the five needs-based groupings, always in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grouping {
    Thriving,
    GettingAdvice,
    GettingHelp,
    GettingMoreHelp,
    GettingRiskSupport,
}

impl Grouping {
    pub const ALL: [Grouping; 5] = [
        Grouping::Thriving,
        Grouping::GettingAdvice,
        Grouping::GettingHelp,
        Grouping::GettingMoreHelp,
        Grouping::GettingRiskSupport,
    ];

    /// The key a facilitator presses and the framework numbers it by: 1–5.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    pub fn from_number(n: i64) -> Option<Grouping> {
        from_number(&Self::ALL, n)
    }

    /// The grouping `step` places on, wrapping round (after 5 comes 1).
    pub fn step(self, step: isize) -> Grouping {
        cycled(&Self::ALL, self as usize, step)
    }

    /// The full current name, as shown on screen.
    pub fn name(self) -> &'static str {
        match self {
            Grouping::Thriving => "Thriving",
            Grouping::GettingAdvice => "Getting Advice and Signposting",
            Grouping::GettingHelp => "Getting Help",
            Grouping::GettingMoreHelp => "Getting More Help",
            Grouping::GettingRiskSupport => "Getting Risk Support",
        }
    }

    /// The short name used where space is tight (table columns, tags).
    pub fn short_name(self) -> &'static str {
        match self {
            Grouping::Thriving => "Thriving",
            Grouping::GettingAdvice => "Getting Advice",
            Grouping::GettingHelp => "Getting Help",
            Grouping::GettingMoreHelp => "Getting More Help",
            Grouping::GettingRiskSupport => "Getting Risk Support",
        }
    }

    /// The canonical key used in files (`[framework.groupings.getting-advice]`, tags).
    pub fn slug(self) -> &'static str {
        match self {
            Grouping::Thriving => "thriving",
            Grouping::GettingAdvice => "getting-advice",
            Grouping::GettingHelp => "getting-help",
            Grouping::GettingMoreHelp => "getting-more-help",
            Grouping::GettingRiskSupport => "getting-risk-support",
        }
    }

    /// Every name a file may use for this grouping, normalised (see [`normalise_name`]).
    /// "Coping" is the older name of grouping 2 and is still read.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Grouping::Thriving => &["thriving"],
            Grouping::GettingAdvice => &[
                "getting advice and signposting",
                "getting advice",
                "advice and signposting",
                "advice",
                "signposting",
                "coping",
            ],
            Grouping::GettingHelp => &["getting help", "help"],
            Grouping::GettingMoreHelp => &["getting more help", "more help"],
            Grouping::GettingRiskSupport => &["getting risk support", "risk support", "risk"],
        }
    }

    /// Reads a grouping by name, alias (any case, hyphens or spaces) or number "1"–"5".
    pub fn parse(name: &str) -> Option<Grouping> {
        parse_named(&Self::ALL, Self::aliases, name)
    }

    /// The name a file most likely meant, for "did you mean" help.
    pub fn suggest(name: &str) -> Option<&'static str> {
        suggest_named(&Self::ALL, Self::aliases, name)
    }

    pub fn default_summary(self) -> &'static str {
        match self {
            Grouping::Thriving => "Prevention and promotion of wellbeing for everyone",
            Grouping::GettingAdvice => "Signposting, self-management and one-off contact",
            Grouping::GettingHelp => "Focused, goal-based help with an agreed end",
            Grouping::GettingMoreHelp => "Extensive, specialised, longer-term help",
            Grouping::GettingRiskSupport => "Risk keeps them in contact though help is not working",
        }
    }

    pub fn default_description(self) -> &'static str {
        match self {
            Grouping::Thriving => {
                "Most children and young people, most of the time — roughly four in five. \
                 What they need is met in everyday life: schools, communities and families \
                 that look after wellbeing and prevent problems before they start."
            }
            Grouping::GettingAdvice => {
                "Mild or temporary difficulties. What helps is good information and knowing \
                 where to turn: the community, peers and online resources as much as services, \
                 and ways to manage for themselves."
            }
            Grouping::GettingHelp => {
                "A defined need, met by evidence-based help with clear aims agreed at the \
                 start and an agreed end. If it is not helping, it is stopped or changed."
            }
            Grouping::GettingMoreHelp => {
                "More complex needs, which call for help that goes on for longer and draws on \
                 specialist skills. It may include inpatient care."
            }
            Grouping::GettingRiskSupport => {
                "Young people who are not benefiting from help, or cannot use it, but whose \
                 risk keeps them in contact with services. Agencies work together on managing \
                 risk and reducing harm."
            }
        }
    }
}

impl fmt::Display for Grouping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One of the eight principles that sites assess themselves against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Principle {
    CommonLanguage,
    NeedsLed,
    SharedDecisionMaking,
    ProactivePrevention,
    PartnershipWorking,
    OutcomeInformed,
    ReducingStigma,
    Accessibility,
}

impl Principle {
    pub const ALL: [Principle; 8] = [
        Principle::CommonLanguage,
        Principle::NeedsLed,
        Principle::SharedDecisionMaking,
        Principle::ProactivePrevention,
        Principle::PartnershipWorking,
        Principle::OutcomeInformed,
        Principle::ReducingStigma,
        Principle::Accessibility,
    ];

    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    pub fn from_number(n: i64) -> Option<Principle> {
        from_number(&Self::ALL, n)
    }

    /// The principle `step` places on, wrapping round (after 8 comes 1).
    pub fn step(self, step: isize) -> Principle {
        cycled(&Self::ALL, self as usize, step)
    }

    pub fn name(self) -> &'static str {
        match self {
            Principle::CommonLanguage => "Common language",
            Principle::NeedsLed => "Needs-led",
            Principle::SharedDecisionMaking => "Shared decision making",
            Principle::ProactivePrevention => "Proactive prevention and promotion",
            Principle::PartnershipWorking => "Partnership working",
            Principle::OutcomeInformed => "Outcome-informed",
            Principle::ReducingStigma => "Reducing stigma",
            Principle::Accessibility => "Accessibility",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Principle::CommonLanguage => "common-language",
            Principle::NeedsLed => "needs-led",
            Principle::SharedDecisionMaking => "shared-decision-making",
            Principle::ProactivePrevention => "proactive-prevention",
            Principle::PartnershipWorking => "partnership-working",
            Principle::OutcomeInformed => "outcome-informed",
            Principle::ReducingStigma => "reducing-stigma",
            Principle::Accessibility => "accessibility",
        }
    }

    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Principle::CommonLanguage => &["common language", "language"],
            Principle::NeedsLed => &["needs led", "needs based"],
            Principle::SharedDecisionMaking => &["shared decision making", "shared decisions"],
            Principle::ProactivePrevention => &[
                "proactive prevention and promotion",
                "proactive prevention",
                "prevention and promotion",
                "prevention",
                "promotion",
            ],
            Principle::PartnershipWorking => &["partnership working", "partnership"],
            Principle::OutcomeInformed => &["outcome informed", "outcomes informed", "outcomes"],
            Principle::ReducingStigma => &["reducing stigma", "stigma"],
            Principle::Accessibility => &["accessibility", "accessible", "access"],
        }
    }

    /// Reads a principle by name, alias (any case, hyphens or spaces) or number "1"–"8".
    pub fn parse(name: &str) -> Option<Principle> {
        parse_named(&Self::ALL, Self::aliases, name)
    }

    pub fn suggest(name: &str) -> Option<&'static str> {
        suggest_named(&Self::ALL, Self::aliases, name)
    }

    pub fn default_summary(self) -> &'static str {
        match self {
            Principle::CommonLanguage => "Words about mental health and help that all understand",
            Principle::NeedsLed => "Needs defined with the young person, not by severity",
            Principle::SharedDecisionMaking => "The young person's views drive the help",
            Principle::ProactivePrevention => "Wellbeing supported before problems arise",
            Principle::PartnershipWorking => "Across sectors, with young people and families",
            Principle::OutcomeInformed => "Goals agreed, progress reviewed, help changed",
            Principle::ReducingStigma => "Talking openly; seeking help is normal",
            Principle::Accessibility => "Help easy to find and reach, when and where needed",
        }
    }

    pub fn default_description(self) -> &'static str {
        match self {
            Principle::CommonLanguage => {
                "Everyone — young people, families and every sector — talks about mental \
                 health and about help in words that all of them understand."
            }
            Principle::NeedsLed => {
                "Needs are defined together with the young person and their family, not by \
                 severity, diagnosis or the pathway a service happens to offer."
            }
            Principle::SharedDecisionMaking => {
                "The young person's views on what matters to them and what should change \
                 drive the choice of help, alongside the evidence and the professional's view."
            }
            Principle::ProactivePrevention => {
                "Wellbeing is supported before problems arise, across the whole population, \
                 in schools, communities and families."
            }
            Principle::PartnershipWorking => {
                "Agencies and sectors work together, and with young people and families, so \
                 that there is no wrong door."
            }
            Principle::OutcomeInformed => {
                "Goals are agreed up front, progress towards them is reviewed, and help is \
                 changed or ended if it is not working."
            }
            Principle::ReducingStigma => {
                "People talk openly about mental health; asking for help is normal and \
                 expected, not a mark against anyone."
            }
            Principle::Accessibility => {
                "Help is easy to find and to reach, when and where it is needed, for every \
                 young person and family."
            }
        }
    }
}

impl fmt::Display for Principle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The item `step` places on from `at` in a non-empty list, wrapping round both ways.
pub fn cycled<T: Copy>(all: &[T], at: usize, step: isize) -> T {
    let len = all.len() as isize;
    all[(at as isize + step).rem_euclid(len) as usize]
}

/// Item `n` (1-based) of a numbered list.
fn from_number<T: Copy>(all: &[T], n: i64) -> Option<T> {
    let i = usize::try_from(n).ok()?.checked_sub(1)?;
    all.get(i).copied()
}

/// An item by its number or any of its names.
fn parse_named<T: Copy>(
    all: &[T],
    aliases: fn(T) -> &'static [&'static str],
    name: &str,
) -> Option<T> {
    // Numbers first, before "-" is folded into a space: "-1" is not item 1.
    if let Ok(n) = name.trim().parse::<i64>() {
        return from_number(all, n);
    }
    let norm = normalise_name(name);
    all.iter()
        .copied()
        .find(|&item| aliases(item).contains(&norm.as_str()))
}

fn suggest_named<T: Copy>(
    all: &[T],
    aliases: fn(T) -> &'static [&'static str],
    name: &str,
) -> Option<&'static str> {
    let names = all.iter().flat_map(|&item| aliases(item).iter().copied());
    closest(&normalise_name(name), names)
}

/// Folds the ways people write a name into one: any case, `-`/`_`/`&`, runs of spaces.
pub fn normalise_name(name: &str) -> String {
    let lowered = name.trim().to_lowercase().replace('&', " and ");
    lowered
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The candidate nearest to `word`, if it is near enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The wording a screen shows for one grouping or principle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    pub summary: String,
    pub description: String,
}

/// The framework as this site words it: the built-in defaults with the script's overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Framework {
    groupings: [Wording; 5],
    principles: [Wording; 8],
}

impl Default for Framework {
    fn default() -> Self {
        Framework {
            groupings: Grouping::ALL.map(|g| Wording {
                summary: g.default_summary().to_owned(),
                description: g.default_description().to_owned(),
            }),
            principles: Principle::ALL.map(|p| Wording {
                summary: p.default_summary().to_owned(),
                description: p.default_description().to_owned(),
            }),
        }
    }
}

impl Framework {
    pub fn grouping(&self, g: Grouping) -> &Wording {
        &self.groupings[g as usize]
    }

    pub fn principle(&self, p: Principle) -> &Wording {
        &self.principles[p as usize]
    }

    /// Replaces the parts of a grouping's wording that a site gave.
    pub fn set_grouping(
        &mut self,
        g: Grouping,
        summary: Option<String>,
        description: Option<String>,
    ) {
        apply(&mut self.groupings[g as usize], summary, description);
    }

    pub fn set_principle(
        &mut self,
        p: Principle,
        summary: Option<String>,
        description: Option<String>,
    ) {
        apply(&mut self.principles[p as usize], summary, description);
    }
}

fn apply(w: &mut Wording, summary: Option<String>, description: Option<String>) {
    if let Some(s) = summary {
        w.summary = s;
    }
    if let Some(d) = description {
        w.description = d;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groupings_read_by_name_alias_case_and_number() {
        let cases = [
            ("Thriving", Grouping::Thriving),
            ("THRIVING", Grouping::Thriving),
            ("1", Grouping::Thriving),
            ("getting-advice", Grouping::GettingAdvice),
            ("Getting Advice & Signposting", Grouping::GettingAdvice),
            ("Coping", Grouping::GettingAdvice),
            ("2", Grouping::GettingAdvice),
            ("getting_help", Grouping::GettingHelp),
            ("More  Help", Grouping::GettingMoreHelp),
            (" risk support ", Grouping::GettingRiskSupport),
            ("5", Grouping::GettingRiskSupport),
        ];
        for (text, want) in cases {
            assert_eq!(Grouping::parse(text), Some(want), "{text:?}");
        }
        for bad in ["0", "6", "-1", "", "getting", "tier 3"] {
            assert_eq!(Grouping::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn principles_read_by_name_alias_and_number() {
        assert_eq!(Principle::parse("Needs-led"), Some(Principle::NeedsLed));
        assert_eq!(Principle::parse("8"), Some(Principle::Accessibility));
        assert_eq!(
            Principle::parse("outcome-informed"),
            Some(Principle::OutcomeInformed)
        );
        assert_eq!(Principle::parse("9"), None);
        for p in Principle::ALL {
            assert_eq!(Principle::parse(p.name()), Some(p));
            assert_eq!(Principle::parse(p.slug()), Some(p));
        }
        for g in Grouping::ALL {
            assert_eq!(Grouping::parse(g.name()), Some(g));
            assert_eq!(Grouping::parse(g.slug()), Some(g));
        }
    }

    #[test]
    fn typos_get_a_suggestion() {
        assert_eq!(Grouping::suggest("thrivng"), Some("thriving"));
        assert_eq!(
            Grouping::suggest("getting more hlep"),
            Some("getting more help")
        );
        assert_eq!(Principle::suggest("acessibility"), Some("accessibility"));
        assert_eq!(Grouping::suggest("zzzz"), None);
    }

    #[test]
    fn overrides_replace_only_what_was_given() {
        let mut f = Framework::default();
        f.set_grouping(Grouping::GettingHelp, None, Some("Our words".into()));
        assert_eq!(f.grouping(Grouping::GettingHelp).description, "Our words");
        assert_eq!(
            f.grouping(Grouping::GettingHelp).summary,
            Grouping::GettingHelp.default_summary()
        );
    }
}

/// The i-THRIVE assessment's levels of the system, at which each principle is scored.
/// Where in the system a principle is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Commissioning and inter-agency work.
    Commissioning,
    Services,
    /// Individual interactions with children, young people and families.
    Individual,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Commissioning, Level::Services, Level::Individual];

    pub fn name(self) -> &'static str {
        match self {
            Level::Commissioning => "Commissioning and inter-agency",
            Level::Services => "Services",
            Level::Individual => "Individual interactions",
        }
    }

    /// For a narrow column heading.
    pub fn short_name(self) -> &'static str {
        match self {
            Level::Commissioning => "Commissioning",
            Level::Services => "Services",
            Level::Individual => "Individual",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Level::Commissioning => "commissioning",
            Level::Services => "services",
            Level::Individual => "individual",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.slug() == slug)
    }

    /// A level as a script may name it: its slug, its name, or the first word of either.
    pub fn parse(text: &str) -> Option<Level> {
        let t = text.trim().to_lowercase();
        Level::ALL.into_iter().find(|l| {
            t == l.slug()
                || t == l.name().to_lowercase()
                || t == l.short_name().to_lowercase()
                || (l == &Level::Individual && (t == "individuals" || t == "interactions"))
                || (l == &Level::Commissioning && (t == "inter-agency" || t == "commissioners"))
                || (l == &Level::Services && t == "service")
        })
    }
}

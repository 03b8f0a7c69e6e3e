//! What a script says about its dot vote, on its `priorities` segment; the vote itself is
//! in `event::vote`.

/// Dots each voter has when the script does not say.
pub const DEFAULT_DOTS: u32 = 3;
/// How many of the ranking become actions when none are selected, unless the script says.
pub const DEFAULT_TOP: u32 = 3;
/// The most dots a script may give a voter, and the most voters one vote may have: beyond
/// these a room is not calling out dots any more.
pub const MAX_DOTS: u32 = 20;
pub const MAX_VOTERS: usize = 40;
/// Longest voter name and candidate text kept.
pub const MAX_NAME_CHARS: usize = 40;
pub const MAX_TEXT_CHARS: usize = 300;

/// What a script says about its vote (on its `priorities` segment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// The tables (or people) that vote, in the order the script names them.
    pub voters: Vec<String>,
    /// Dots each voter has.
    pub dots: u32,
    /// The most dots one voter may put on one candidate (`None`: as many as it has).
    pub per_candidate: Option<u32>,
    /// How many of the ranking become actions when none are selected.
    pub top: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            voters: Vec::new(),
            dots: DEFAULT_DOTS,
            per_candidate: None,
            top: DEFAULT_TOP,
        }
    }
}

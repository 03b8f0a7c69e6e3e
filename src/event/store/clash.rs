//! Two consoles changing one record at once: which fields clash, and how to check.

/// One field two consoles changed at once: what it was when this console read it, what
/// the other console made it, and what this one typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    pub field: &'static str,
    pub theirs: String,
    pub mine: String,
}

/// Whether a save checks that nobody else changed what it changes since it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Refuse with [`StoreError::Changed`] or [`StoreError::Gone`] if anyone did.
    Clashes,
    /// Write this console's changes over whatever is there (the person chose to).
    Overwrite,
}

/// A field of a record by the name a person reads, and its value as text.
pub(super) type ClashField<T> = (&'static str, fn(&T) -> String);

/// A field as this console left it where it changed it (`after` differs from `before`),
/// else as it is stored now.
pub(super) fn pick<'a, T: PartialEq>(before: &'a T, current: &'a T, after: &'a T) -> &'a T {
    if after != before { after } else { current }
}

/// The fields `after` changes from `before` that another console changed too, to
/// something else: (field, theirs, mine).
pub(super) fn clashes<T: PartialEq>(
    before: &T,
    current: &T,
    after: &T,
    fields: &[ClashField<T>],
) -> Vec<Clash> {
    fields
        .iter()
        .filter_map(|(field, get)| {
            let (b, c, a) = (get(before), get(current), get(after));
            (a != b && c != b && c != a).then_some(Clash {
                field,
                theirs: c,
                mine: a,
            })
        })
        .collect()
}

//! The row ids of the store's records, in a leaf module every part of the domain can name
//! without naming another: the event record, the map and the store all use them.
//!
//! Each is its own type, so a service's id cannot be passed where a note's is meant; the
//! store reads and writes them as SQLite integers, the event document as plain numbers.

use std::fmt;

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

macro_rules! row_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            Default,
            serde::Serialize,
            serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                i64::column_result(value).map($name)
            }
        }
    };
}

row_id!(
    /// An event: one day of one workshop (or a rehearsal of it).
    EventId
);
row_id!(
    /// A note taken at an event.
    NoteId
);
row_id!(
    /// An action agreed at an event.
    ActionId
);
row_id!(
    /// A service on an event's map.
    ServiceId
);
row_id!(
    /// A candidate of an event's dot vote.
    CandidateId
);

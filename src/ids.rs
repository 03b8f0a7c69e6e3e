//! The row ids of the store's records, in a leaf module every part of the domain can name
//! without naming another: the event record, the map and the store all use them.

pub type EventId = i64;
pub type NoteId = i64;
pub type ActionId = i64;
pub type ServiceId = i64;

//! Reading SQLite values back into the record's types: times, dates, intervals.

use super::*;

pub(super) fn bad_value(i: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, what.into())
}

// Read in place, without a copy, by chrono's fixed-format parsers: thousands of rows are
// read at every open, and the format-string parser was most of their cost.
pub(super) fn text_at<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    match r.get_ref(i)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        v => v.as_str().map(Some).map_err(|_| bad_value(i, "not text")),
    }
}

pub(super) fn parse_time(s: &str) -> Option<NaiveDateTime> {
    s.parse::<NaiveDateTime>()
        .ok()
        .or_else(|| NaiveDateTime::parse_from_str(s, TIME).ok())
}

pub(super) fn parse_date(s: &str) -> Option<NaiveDate> {
    s.parse::<NaiveDate>()
        .ok()
        .or_else(|| NaiveDate::parse_from_str(s, DATE).ok())
}

pub(super) fn time(r: &Row<'_>, i: usize) -> rusqlite::Result<NaiveDateTime> {
    optional_time(r, i)?.ok_or_else(|| bad_value(i, "not a time"))
}

pub(super) fn optional_time(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDateTime>> {
    text_at(r, i)?
        .map(|s| parse_time(s).ok_or_else(|| bad_value(i, "not a time")))
        .transpose()
}

pub(super) fn date(r: &Row<'_>, i: usize) -> rusqlite::Result<NaiveDate> {
    optional_date(r, i)?.ok_or_else(|| bad_value(i, "not a date"))
}

pub(super) fn optional_date(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    text_at(r, i)?
        .map(|s| parse_date(s).ok_or_else(|| bad_value(i, "not a date")))
        .transpose()
}

/// "2026-12-03T10:15:00/2026-12-03T10:40:00", the end empty while open.
pub(super) fn parse_interval(s: &str) -> Option<Interval> {
    let (start, end) = s.split_once('/')?;
    Some(Interval {
        start: NaiveDateTime::parse_from_str(start, TIME).ok()?,
        end: if end.is_empty() {
            None
        } else {
            Some(NaiveDateTime::parse_from_str(end, TIME).ok()?)
        },
    })
}

/// FNV-1a, 64-bit: a stable fingerprint of a script's text, the same on every platform and
/// thrive version (std's hasher promises neither).
pub fn content_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

//! Due dates as people say them in the room: "fri", "next tue", "+2w", "2026-12-01",
//! "end of month", "3 Dec". Always read against a given today, so tests pin the calendar.
//!
//! Conventions (British): a bare weekday is the next one after today ("fri" on a Friday is a
//! week away); "next tue" is the Tuesday of next week (the week from Monday); dates with
//! slashes are day/month/year.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// The date a phrase means, or `None` if it is not a date phrase thrive knows.
pub fn parse(phrase: &str, today: NaiveDate) -> Option<NaiveDate> {
    let lowered = phrase.trim().to_lowercase();
    let words: Vec<&str> = lowered
        .split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [] => None,
        ["today"] => Some(today),
        ["tomorrow" | "tmrw" | "tmw"] => today.checked_add_days(Days::new(1)),
        [day] if weekday(day).is_some() => weekday(day).and_then(|w| after(today, w)),
        // British: "friday week", "a week on friday" — a week after the coming Friday.
        [day, "week"] | ["a", "week", "on" | "from", day] if weekday(day).is_some() => weekday(day)
            .and_then(|w| after(today, w))
            .and_then(|d| d.checked_add_days(Days::new(7))),
        ["this", day] => weekday(day).and_then(|w| this_or_next(today, w)),
        ["next", "week"] => after(today, Weekday::Mon),
        ["next", "month"] => first_of_next_month(today),
        ["next", day] => {
            let monday = after(today, Weekday::Mon)?;
            weekday(day).and_then(|w| {
                monday.checked_add_days(Days::new(u64::from(w.num_days_from_monday())))
            })
        }
        ["end", "of", "week"] | ["eow"] => this_or_next(today, Weekday::Fri),
        ["end", "of", "next", "week"] => {
            this_or_next(today, Weekday::Fri).and_then(|d| d.checked_add_days(Days::new(7)))
        }
        ["end", "of", "month"] | ["eom"] => last_of_month(today),
        ["end", "of", "next", "month"] => first_of_next_month(today).and_then(last_of_month),
        ["in", n, unit] => offset(today, n, unit),
        [single]
            if single.starts_with('+')
                || split_number(single).is_some_and(|(_, u)| unit_of(u).is_some()) =>
        {
            let (n, unit) = split_number(single.trim_start_matches('+'))?;
            offset(today, n, unit)
        }
        ["+", n, unit] | [n, unit]
            if n.chars().all(|c| c.is_ascii_digit()) && unit_of(unit).is_some() =>
        {
            // "+ 2 weeks" or "2 weeks"
            offset(today, n, unit)
        }
        _ => calendar_date(&words, today),
    }
}

fn weekday(word: &str) -> Option<Weekday> {
    Some(match word.trim_end_matches('.') {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "weds" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// The first `w` strictly after `today`.
fn after(today: NaiveDate, w: Weekday) -> Option<NaiveDate> {
    let ahead =
        (7 + w.num_days_from_monday() as i64 - today.weekday().num_days_from_monday() as i64) % 7;
    let ahead = if ahead == 0 { 7 } else { ahead };
    today.checked_add_days(Days::new(ahead as u64))
}

/// `today` if it is a `w`, else the next `w`.
fn this_or_next(today: NaiveDate, w: Weekday) -> Option<NaiveDate> {
    if today.weekday() == w {
        Some(today)
    } else {
        after(today, w)
    }
}

fn first_of_next_month(today: NaiveDate) -> Option<NaiveDate> {
    today.with_day(1)?.checked_add_months(Months::new(1))
}

fn last_of_month(day: NaiveDate) -> Option<NaiveDate> {
    first_of_next_month(day)?.pred_opt()
}

#[derive(Clone, Copy)]
enum Unit {
    Days,
    Weeks,
    Months,
}

fn unit_of(word: &str) -> Option<Unit> {
    Some(match word {
        "d" | "day" | "days" => Unit::Days,
        "w" | "wk" | "wks" | "week" | "weeks" => Unit::Weeks,
        "m" | "mo" | "month" | "months" => Unit::Months,
        _ => return None,
    })
}

/// "2w" → ("2", "w").
fn split_number(s: &str) -> Option<(&str, &str)> {
    let digits = s.find(|c: char| !c.is_ascii_digit())?;
    (digits > 0).then(|| s.split_at(digits))
}

fn offset(today: NaiveDate, n: &str, unit: &str) -> Option<NaiveDate> {
    let n: u32 = n
        .parse()
        .ok()
        .or_else(|| number_word(n))
        .filter(|n| *n <= 3650)?;
    match unit_of(unit)? {
        Unit::Days => today.checked_add_days(Days::new(u64::from(n))),
        Unit::Weeks => today.checked_add_days(Days::new(u64::from(n) * 7)),
        Unit::Months => today.checked_add_months(Months::new(n)),
    }
}

/// "two" → 2: how people say a small count aloud ("in two weeks").
fn number_word(word: &str) -> Option<u32> {
    const WORDS: [&str; 12] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    match word {
        "a" | "an" => Some(1),
        _ => WORDS.iter().position(|w| *w == word).map(|i| i as u32 + 1),
    }
}

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    let names = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    names
        .iter()
        .position(|name| {
            w.len() >= 3 && name.starts_with(w) || (w == "sept" && *name == "september")
        })
        .map(|i| i as u32 + 1)
}

/// "1st" → 1.
fn day_number(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_number(word: &str) -> Option<i32> {
    let y: i32 = word.parse().ok()?;
    match word.len() {
        2 => Some(2000 + y),
        4 => Some(y),
        _ => None,
    }
}

/// A day and month without a year: the next time it comes round (29 Feb waits for a leap
/// year).
fn upcoming(today: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    (0..=8)
        .filter_map(|ahead| NaiveDate::from_ymd_opt(today.year() + ahead, month, day))
        .find(|d| *d >= today)
}

/// ISO dates, day/month[/year] with slashes, and "3 Dec [2026]" or "Dec 3 [2026]".
fn calendar_date(words: &[&str], today: NaiveDate) -> Option<NaiveDate> {
    match words {
        [one] if one.contains('-') => NaiveDate::parse_from_str(one, "%Y-%m-%d").ok(),
        [one] if one.contains('/') => {
            let parts: Vec<&str> = one.split('/').collect();
            if parts.len() > 3 {
                return None;
            }
            let day: u32 = parts.first()?.parse().ok()?;
            let month: u32 = parts.get(1)?.parse().ok()?;
            match parts.get(2) {
                Some(y) => NaiveDate::from_ymd_opt(year_number(y)?, month, day),
                None => upcoming(today, month, day),
            }
        }
        [d, m] => match (day_number(d), month(m), month(d), day_number(m)) {
            (Some(day), Some(mon), _, _) | (_, _, Some(mon), Some(day)) => {
                upcoming(today, mon, day)
            }
            _ => None,
        },
        [d, m, y] => {
            let year = year_number(y.trim_end_matches(','))?;
            let d = d.trim_end_matches(',');
            let m = m.trim_end_matches(',');
            match (day_number(d), month(m), month(d), day_number(m)) {
                (Some(day), Some(mon), _, _) | (_, _, Some(mon), Some(day)) => {
                    NaiveDate::from_ymd_opt(year, mon, day)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wednesday 25 November 2026.
    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date")
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn phrases_against_a_fixed_wednesday() {
        let cases = [
            ("today", d(2026, 11, 25)),
            ("tomorrow", d(2026, 11, 26)),
            ("fri", d(2026, 11, 27)),
            ("Friday", d(2026, 11, 27)),
            ("wed", d(2026, 12, 2)),
            ("this wed", d(2026, 11, 25)),
            ("next tue", d(2026, 12, 1)),
            ("next fri", d(2026, 12, 4)),
            ("next wed", d(2026, 12, 2)),
            ("next mon", d(2026, 11, 30)),
            ("2w", d(2026, 12, 9)),
            ("29 feb", d(2028, 2, 29)),
            ("next week", d(2026, 11, 30)),
            ("next month", d(2026, 12, 1)),
            ("+2w", d(2026, 12, 9)),
            ("+3d", d(2026, 11, 28)),
            ("+1m", d(2026, 12, 25)),
            ("in 2 weeks", d(2026, 12, 9)),
            ("2 weeks", d(2026, 12, 9)),
            ("2026-12-01", d(2026, 12, 1)),
            ("1/12/2026", d(2026, 12, 1)),
            ("1/12/26", d(2026, 12, 1)),
            ("1/12", d(2026, 12, 1)),
            ("3/1", d(2027, 1, 3)),
            ("3 Dec", d(2026, 12, 3)),
            ("3rd December", d(2026, 12, 3)),
            ("Dec 3", d(2026, 12, 3)),
            ("3 dec 2027", d(2027, 12, 3)),
            ("Jan 15, 2027", d(2027, 1, 15)),
            ("1 nov", d(2027, 11, 1)),
            ("end of month", d(2026, 11, 30)),
            ("EOM", d(2026, 11, 30)),
            ("end of next month", d(2026, 12, 31)),
            ("end of week", d(2026, 11, 27)),
            ("end of next week", d(2026, 12, 4)),
        ];
        for (phrase, want) in cases {
            assert_eq!(parse(phrase, today()), want, "{phrase:?}");
        }
    }

    #[test]
    fn what_is_not_a_date_is_none() {
        for phrase in [
            "",
            "soon",
            "asap",
            "31/2/2026",
            "2026-13-01",
            "next",
            "+w",
            "+9999d",
            "32 dec",
            "in twenty weeks",
            "fri 3pm",
            "ma",
        ] {
            assert_eq!(parse(phrase, today()), None, "{phrase:?}");
        }
    }

    /// British usage: "friday week" is the Friday after the coming one; counts may be said
    /// in words.
    #[test]
    fn friday_week_and_counts_in_words() {
        // today() is Wednesday 25 November 2026.
        assert_eq!(parse("friday week", today()), d(2026, 12, 4));
        assert_eq!(parse("fri week", today()), d(2026, 12, 4));
        assert_eq!(parse("a week on friday", today()), d(2026, 12, 4));
        assert_eq!(parse("a week on tuesday", today()), d(2026, 12, 8));
        assert_eq!(parse("in two weeks", today()), d(2026, 12, 9));
        assert_eq!(parse("in three days", today()), d(2026, 11, 28));
        assert_eq!(parse("in a month", today()), d(2026, 12, 25));
    }

    #[test]
    fn a_bare_weekday_on_that_day_is_a_week_away() {
        let friday = NaiveDate::from_ymd_opt(2026, 11, 27).expect("a date");
        assert_eq!(parse("fri", friday), d(2026, 12, 4));
        assert_eq!(parse("end of week", friday), Some(friday));
    }

    #[test]
    fn end_of_month_across_the_year_and_leap_february() {
        let dec = NaiveDate::from_ymd_opt(2026, 12, 10).expect("a date");
        assert_eq!(parse("end of next month", dec), d(2027, 1, 31));
        let jan = NaiveDate::from_ymd_opt(2028, 1, 31).expect("a date");
        assert_eq!(parse("end of next month", jan), d(2028, 2, 29));
        assert_eq!(parse("+1m", jan), d(2028, 2, 29));
    }
}

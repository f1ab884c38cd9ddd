//! Validated values, parsed once at the edge: an email address, an IANA time
//! zone, a holiday region, a day, a local start time. Each parser's error
//! names the bad input and shows a good one.

use std::fmt;
use std::str::FromStr;

use jiff::Zoned;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::error::InvalidValue;

/// An email address: one `@`, something before it, a dotted domain after it,
/// no spaces. Deliberately loose: it catches slips, not exotic valid forms.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Email {
    type Err = InvalidValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let bad = || InvalidValue::new(s, "an email address like name@example.com");
        let (local, domain) = t.split_once('@').ok_or_else(bad)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@');
        if local.is_empty() || !domain_ok || t.chars().any(char::is_whitespace) {
            return Err(bad());
        }
        Ok(Self(t.to_owned()))
    }
}

impl TryFrom<String> for Email {
    type Error = InvalidValue;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Email> for String {
    fn from(e: Email) -> Self {
        e.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An IANA time zone name that exists in the bundled time zone database,
/// with the zone it names (found once, when the name is parsed: a planner
/// asks for a contact's zone for every task).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeZoneName(String, TimeZone);

impl PartialEq for TimeZoneName {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for TimeZoneName {}

impl std::hash::Hash for TimeZoneName {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl TimeZoneName {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The zone itself.
    pub fn zone(&self) -> TimeZone {
        self.1.clone()
    }
}

impl FromStr for TimeZoneName {
    type Err = InvalidValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        match TimeZone::get(t) {
            Ok(tz) => Ok(Self(tz.iana_name().unwrap_or(t).to_owned(), tz)),
            Err(_) => Err(InvalidValue::new(
                s,
                "a time zone from the IANA database, such as America/New_York, Europe/London or UTC",
            )),
        }
    }
}

impl TryFrom<String> for TimeZoneName {
    type Error = InvalidValue;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<TimeZoneName> for String {
    fn from(z: TimeZoneName) -> Self {
        z.0
    }
}

impl fmt::Display for TimeZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The years a date typed by a user may fall in: the calendar's range, the
/// same as `holidays --year` and the timeline reader accept. A year outside
/// it (`0001`, `9999`) is a slip, and would give holidays and business days
/// nobody checked.
pub const YEARS: std::ops::RangeInclusive<i16> = 1900..=2200;

/// Parses a calendar day written `YYYY-MM-DD`, telling a malformed day from
/// one that does not exist (`2026-02-30`) and from one outside [`YEARS`].
pub fn parse_day(s: &str) -> Result<Date, InvalidValue> {
    let t = s.trim();
    let shape_ok = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !shape_ok {
        return Err(InvalidValue::new(s, "a date in the form YYYY-MM-DD, such as 2026-11-20"));
    }
    let day = t
        .parse::<Date>()
        .map_err(|_| InvalidValue::new(s, "a date that exists (check the month and the day)"))?;
    in_years(s, day)
}

/// Parses a day as [`parse_day`] does, or written with the year last in
/// the user's date order (`order`): `20/11/2026`, `20.11.2026` or
/// `20-11-2026` day first, `11/20/2026` month first.
pub fn parse_day_in(s: &str, order: crate::kinds::DateOrder) -> Result<Date, InvalidValue> {
    use crate::kinds::DateOrder;
    let t = s.trim();
    let example = match order {
        DateOrder::DayMonth => "20/11/2026",
        DateOrder::MonthDay => "11/20/2026",
    };
    if t.len() == 10 && t.as_bytes().get(4) == Some(&b'-') {
        return parse_day(s);
    }
    let bad = || InvalidValue::new(s, format!("a date such as 2026-11-20 or {example}"));
    let parts: Vec<&str> = t.split(['/', '.', '-']).collect();
    let [a, b, y] = parts[..] else { return Err(bad()) };
    let digits =
        |p: &str, max: usize| !p.is_empty() && p.len() <= max && p.bytes().all(|c| c.is_ascii_digit());
    if !(digits(a, 2) && digits(b, 2) && y.len() == 4 && digits(y, 4)) {
        return Err(bad());
    }
    let (a, b, y): (i8, i8, i16) =
        (a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?, y.parse().map_err(|_| bad())?);
    let (month, day) = match order {
        DateOrder::DayMonth => (b, a),
        DateOrder::MonthDay => (a, b),
    };
    if !YEARS.contains(&y) {
        return Err(InvalidValue::new(
            s,
            format!("a date from {} to {} (check the year)", YEARS.start(), YEARS.end()),
        ));
    }
    Date::new(y, month, day).map_err(|_| {
        InvalidValue::new(s, format!("a date that exists, such as {example} (check the month and the day)"))
    })
}

/// Refuses a day outside [`YEARS`], naming the range.
fn in_years(s: &str, day: Date) -> Result<Date, InvalidValue> {
    if YEARS.contains(&day.year()) {
        Ok(day)
    } else {
        Err(InvalidValue::new(
            s,
            format!("a date from {} to {} (check the year)", YEARS.start(), YEARS.end()),
        ))
    }
}

/// Parses an interview's start, read in `zone`:
/// - a local time, `2026-11-20T14:00` or `2026-11-20 14:00`: that time in
///   `zone`; a time the clocks skip or pass twice there is refused, with the
///   fix (give the offset);
/// - an instant, `…T10:00-08:00` or `…T18:00Z`: that instant, in `zone`;
/// - a time with its zone, `…T14:00-05:00[America/New_York]`: as written,
///   unless the user named another zone for it (`explicit`), which is a
///   conflict to settle, not a silent choice.
///
/// A date alone is refused: a start needs its time (the thank-you's 48
/// hours count from it).
pub fn parse_start(s: &str, zone: &TimeZone, explicit: bool) -> Result<Zoned, InvalidValue> {
    let t = s.trim();
    let form = "a start time in the form YYYY-MM-DDTHH:MM, such as 2026-11-20T14:00";
    let normalised = t.replacen(' ', "T", 1);
    let Some((day, time)) = normalised.split_once('T') else {
        return Err(match parse_day(t) {
            Ok(_) => InvalidValue::new(s, format!("a start with its time, such as {t}T14:00")),
            // A day that does not exist, or is out of range, says so.
            Err(e) if e.expected.starts_with("a date that") || e.expected.starts_with("a date from") => {
                InvalidValue::new(s, e.expected)
            }
            Err(_) => InvalidValue::new(s, form),
        });
    };
    // A day in the right form that does not exist says so; anything else
    // is not in the form.
    parse_day(day).map_err(|e| {
        let known = e.expected.starts_with("a date that") || e.expected.starts_with("a date from");
        InvalidValue::new(s, if known { e.expected } else { form.into() })
    })?;
    if let Some((_, name)) = time.strip_suffix(']').and_then(|x| x.split_once('[')) {
        let z: Zoned = normalised.parse().map_err(|_| InvalidValue::new(s, form))?;
        in_years(s, z.date())?;
        if explicit && zone.iana_name() != Some(name) {
            return Err(InvalidValue::new(
                s,
                format!(
                    "a start in the time zone you gave ({}): it names {name}; drop one of the two",
                    zone.iana_name().unwrap_or("a fixed offset")
                ),
            ));
        }
        return Ok(z);
    }
    let has_offset = time.ends_with(['Z', 'z']) || time.rfind(['+', '-']).is_some();
    if has_offset {
        let instant: jiff::Timestamp = normalised.parse().map_err(|_| InvalidValue::new(s, form))?;
        let z = instant.to_zoned(zone.clone());
        // An offset can carry the day across a year's end (`2200-12-31T23:00-05:00`).
        in_years(s, z.date())?;
        return Ok(z);
    }
    let civil: DateTime = normalised.parse().map_err(|_| InvalidValue::new(s, form))?;
    zone.to_ambiguous_zoned(civil).unambiguous().map_err(|_| {
        InvalidValue::new(
            s,
            format!(
                "a time that exists once in {} (the clocks change then): give it with its offset, such as {normalised}-05:00",
                zone.iana_name().unwrap_or("that time zone")
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!("maria@acme.example".parse::<Email>().is_ok());
        for bad in ["maria", "@acme.com", "maria@acme", "maria@.com", "ma ria@acme.com", "a@b..c"] {
            assert!(bad.parse::<Email>().is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn days_in_the_users_order() {
        use crate::kinds::DateOrder::{DayMonth, MonthDay};
        let d = Date::constant(2026, 11, 1);
        assert_eq!(parse_day_in("2026-11-01", DayMonth), Ok(d));
        assert_eq!(parse_day_in("01/11/2026", DayMonth), Ok(d));
        assert_eq!(parse_day_in("1.11.2026", DayMonth), Ok(d));
        assert_eq!(parse_day_in("11/1/2026", MonthDay), Ok(d));
        assert!(parse_day_in("31/02/2026", DayMonth).unwrap_err().to_string().contains("exists"));
        assert!(parse_day_in("11/13/2026", DayMonth).is_err());
        for bad in ["", "1/11/26", "tomorrow", "1/2/3/2026", "2026-13-01", "01/11/2026x"] {
            assert!(parse_day_in(bad, DayMonth).is_err(), "{bad}");
        }
        assert!(parse_day_in("01/11/1800", DayMonth).unwrap_err().to_string().contains("check the year"));
    }

    #[test]
    fn time_zones() {
        assert_eq!("Europe/London".parse::<TimeZoneName>().unwrap().as_str(), "Europe/London");
        let err = "Mars/Olympus".parse::<TimeZoneName>().unwrap_err();
        assert!(err.to_string().starts_with("\"Mars/Olympus\" is not a time zone"));
    }

    #[test]
    fn days() {
        assert_eq!(parse_day("2028-02-29").unwrap(), jiff::civil::date(2028, 2, 29));
        assert_eq!(
            parse_day("2026-13-01").unwrap_err().to_string(),
            "\"2026-13-01\" is not a date that exists (check the month and the day)"
        );
        assert!(parse_day("20/11/2026").unwrap_err().to_string().contains("YYYY-MM-DD"));
        assert!(parse_day("2027-02-29").is_err());
    }

    /// Regression (issue 9): year 0001 was accepted as a day and a start.
    #[test]
    fn years_outside_the_calendar_are_refused_with_the_range() {
        for bad in ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"] {
            let e = parse_day(bad).unwrap_err().to_string();
            assert!(e.contains("a date from 1900 to 2200 (check the year)"), "{bad}: {e}");
        }
        assert!(parse_day("1900-01-01").is_ok() && parse_day("2200-12-31").is_ok());
        let ny = TimeZone::get("America/New_York").unwrap();
        for bad in ["0001-01-01T10:00", "0001-01-01T10:00Z", "0001-01-01T10:00+00:00[UTC]"] {
            let e = parse_start(bad, &ny, false).unwrap_err().to_string();
            assert!(e.contains("a date from 1900 to 2200"), "{bad}: {e}");
        }
        let e = parse_start("2200-12-31T23:30-05:00", &TimeZone::UTC, false).unwrap_err().to_string();
        assert!(e.contains("a date from 1900 to 2200"), "the offset carries it into 2201: {e}");
    }

    #[test]
    fn starts() {
        let ny = TimeZone::get("America/New_York").unwrap();
        let z = parse_start("2026-11-20 14:00", &ny, false).unwrap();
        assert_eq!(z.to_string(), "2026-11-20T14:00:00-05:00[America/New_York]");
        let full = parse_start("2026-11-20T09:30:00+00:00[Europe/London]", &ny, false).unwrap();
        assert_eq!(full.time_zone().iana_name(), Some("Europe/London"));
        assert!(parse_start("tomorrow", &ny, false).is_err());
    }

    /// Regression (issue 9): an offset was dropped (10:00-08:00 stored as
    /// 10:00 Eastern), `Z` was refused, a bracketed zone silently beat the
    /// zone the user gave, a bare date became midnight, a time the clocks
    /// skip was silently moved, and a day that does not exist was called the
    /// wrong form.
    #[test]
    fn starts_keep_their_instant_and_refuse_what_is_unclear() {
        let ny = TimeZone::get("America/New_York").unwrap();
        let at = |s: &str| parse_start(s, &ny, true).map(|z| z.to_string());
        assert_eq!(at("2026-12-02T10:00-08:00").unwrap(), "2026-12-02T13:00:00-05:00[America/New_York]");
        assert_eq!(at("2026-12-02T18:00Z").unwrap(), "2026-12-02T13:00:00-05:00[America/New_York]");
        let e = at("2026-12-02T10:00+09:00[Asia/Tokyo]").unwrap_err().to_string();
        assert!(e.contains("it names Asia/Tokyo; drop one of the two"), "{e}");
        assert!(
            parse_start("2026-12-02T10:00+09:00[Asia/Tokyo]", &ny, false).is_ok(),
            "no zone given: as written"
        );
        let e = at("2026-11-19").unwrap_err().to_string();
        assert!(e.contains("a start with its time, such as 2026-11-19T14:00"), "{e}");
        let e = at("2026-03-08T02:30").unwrap_err().to_string();
        assert!(e.contains("exists once in America/New_York"), "{e}");
        assert!(at("2026-11-01T01:30").is_err(), "passed twice when the clocks go back");
        let e = at("2026-02-30T15:00").unwrap_err().to_string();
        assert!(e.contains("a date that exists"), "{e}");
        let e = at("next tuesday").unwrap_err().to_string();
        assert!(e.contains("is not a start time in the form YYYY-MM-DDTHH:MM"), "{e}");
    }
}

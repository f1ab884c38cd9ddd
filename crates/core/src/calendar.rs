//! Business days for a holiday region (RULEBOOK §1): Monday to Friday, less
//! the region's public holidays (with their observed days) and any extra
//! closure days the user imported. Holiday rules come from `holidays-rs`,
//! which knows ~90 countries; `US`, `UK` and `none` are the names the
//! rulebook uses.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use holidays_rs::Country;
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

use crate::error::InvalidValue;

/// A holiday region: no holidays at all, or one country's public holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Region {
    None,
    Country(Country),
}

impl Region {
    pub const US: Region = Region::Country(Country::UnitedStates);
    pub const UK: Region = Region::Country(Country::UnitedKingdom);
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

impl FromStr for Region {
    type Err = InvalidValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = squash(s);
        match key.as_str() {
            "none" | "" => return Ok(Region::None),
            "us" | "usa" | "unitedstatesofamerica" => return Ok(Region::US),
            "uk" | "gb" | "greatbritain" | "england" | "englandandwales" => return Ok(Region::UK),
            _ => {}
        }
        Country::ALL.iter().find(|c| squash(c.name()) == key).map(|c| Region::Country(*c)).ok_or_else(|| {
            let mut expected =
                "a known holiday region: US, UK, none, or a country such as Germany or New Zealand"
                    .to_owned();
            let names = Country::ALL.iter().map(|c| c.name());
            if let Some(near) = crate::suggest::closest(s, names) {
                expected.push_str(&format!(" (did you mean \"{near}\"?)"));
            }
            InvalidValue::new(s, expected)
        })
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Region::None => f.write_str("none"),
            Region::US => f.write_str("US"),
            Region::UK => f.write_str("UK"),
            Region::Country(c) => f.write_str(c.name()),
        }
    }
}

/// One holiday: its observed day and its name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Holiday {
    pub date: Date,
    pub name: String,
}

/// A business-day calendar. Each year's holidays are worked out once and
/// kept, so that day arithmetic in a loop stays cheap.
#[derive(Debug)]
pub struct Calendar {
    region: Region,
    extra: BTreeSet<Date>,
    /// Each year's observed holidays, worked out once. A short list: a plan
    /// touches two or three years.
    years: Mutex<Vec<(i16, Arc<[Date]>)>>,
}

impl Clone for Calendar {
    fn clone(&self) -> Self {
        Self { region: self.region, extra: self.extra.clone(), years: Mutex::new(Vec::new()) }
    }
}

fn to_jiff(d: holidays_rs::Date) -> Option<Date> {
    Date::new(i16::try_from(d.year).ok()?, i8::try_from(d.month).ok()?, i8::try_from(d.day).ok()?).ok()
}

impl Calendar {
    pub fn new(region: Region) -> Self {
        Self { region, extra: BTreeSet::new(), years: Mutex::new(Vec::new()) }
    }

    /// Adds closure days (a company's own, a one-off bank holiday).
    pub fn with_extra(mut self, days: impl IntoIterator<Item = Date>) -> Self {
        self.extra.extend(days);
        self
    }

    pub fn region(&self) -> Region {
        self.region
    }

    /// The region's public holidays observed in `year`, with their names.
    pub fn holidays_in(&self, year: i16) -> Vec<Holiday> {
        match self.region {
            Region::None => Vec::new(),
            Region::Country(c) => holidays_rs::Calendar::new(c)
                .holidays_in(i32::from(year))
                .into_iter()
                .filter_map(|(d, name)| Some(Holiday { date: to_jiff(d)?, name: name.to_owned() }))
                .collect(),
        }
    }

    fn year(&self, year: i16) -> Arc<[Date]> {
        let mut years = self.years.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, days)) = years.iter().find(|(y, _)| *y == year) {
            return days.clone();
        }
        let days: Arc<[Date]> = self.holidays_in(year).into_iter().map(|h| h.date).collect();
        years.push((year, days.clone()));
        days
    }

    /// A public holiday of the region, or an imported closure day.
    pub fn is_holiday(&self, d: Date) -> bool {
        self.extra.contains(&d) || self.year(d.year()).contains(&d)
    }

    pub fn is_business_day(&self, d: Date) -> bool {
        !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && !self.is_holiday(d)
    }

    /// `d` itself when it is a business day, else the next one.
    pub fn roll_forward(&self, d: Date) -> Date {
        let mut day = d;
        while !self.is_business_day(day) {
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => return day,
            }
        }
        day
    }

    /// The first business day strictly after `d`.
    pub fn next_business_day(&self, d: Date) -> Date {
        d.tomorrow().map_or(d, |t| self.roll_forward(t))
    }

    /// The last business day strictly before `d`.
    pub fn previous_business_day(&self, d: Date) -> Date {
        let mut day = d;
        loop {
            match day.yesterday() {
                Ok(prev) => day = prev,
                Err(_) => return day,
            }
            if self.is_business_day(day) {
                return day;
            }
        }
    }

    /// The `n`th business day after `d` (`d` itself is not counted; `n = 0`
    /// gives `d`).
    pub fn add_business_days(&self, d: Date, n: u32) -> Date {
        (0..n).fold(d, |day, _| self.next_business_day(day))
    }

    /// How many business days lie in `(from, to]`: the inverse of
    /// [`Calendar::add_business_days`]. Zero when `to <= from`.
    pub fn business_days_between(&self, from: Date, to: Date) -> u32 {
        let mut count = 0;
        let mut day = from;
        while day < to {
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
            if self.is_business_day(day) {
                count += 1;
            }
        }
        count
    }

    /// The `n`th business day of a month (1-based).
    pub fn nth_business_day_of_month(&self, year: i16, month: i8, n: u32) -> Option<Date> {
        let first = Date::new(year, month, 1).ok()?;
        let first_business = self.roll_forward(first);
        Some(self.add_business_days(first_business, n.checked_sub(1)?))
    }
}

/// Monday of the ISO week that contains `d`.
pub fn monday_of(d: Date) -> Date {
    d.saturating_sub((d.weekday().to_monday_zero_offset() as i32).days())
}

/// The first `weekday` strictly after `d`.
pub fn next_weekday_after(d: Date, weekday: Weekday) -> Date {
    d.tomorrow()
        .ok()
        .and_then(|t| t.nth_weekday(0, weekday).ok())
        .or_else(|| d.nth_weekday(1, weekday).ok())
        .unwrap_or(d)
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// "Fri 4 Dec": how afterview writes a day in a sentence. Hand-rolled
/// because it runs for every task of every application on the agenda.
pub fn short_day(d: Date) -> String {
    let mut out = String::with_capacity(10);
    push_short_day(&mut out, d);
    out
}

/// Writes [`short_day`] onto `out`, without a `String` of its own.
pub fn push_short_day(out: &mut String, d: Date) {
    // Writing to a String cannot fail.
    let _ = write_short_day(out, d);
}

fn write_short_day(out: &mut impl std::fmt::Write, d: Date) -> std::fmt::Result {
    out.write_str(WEEKDAYS[d.weekday().to_monday_zero_offset() as usize])?;
    out.write_char(' ')?;
    // A day of the month is 1 to 31: one or two digits.
    let day = d.day().unsigned_abs();
    if day >= 10 {
        out.write_char(char::from(b'0' + day / 10))?;
    }
    out.write_char(char::from(b'0' + day % 10))?;
    out.write_char(' ')?;
    out.write_str(MONTHS[(d.month() - 1) as usize])
}

/// [`short_day`] as a value to format (`format!("by {}", ShortDay(d))`):
/// the day is written straight into the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShortDay(pub Date);

impl std::fmt::Display for ShortDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_short_day(f, self.0)
    }
}

/// "Fri 4 Dec 2026".
pub fn long_day(d: Date) -> String {
    format!("{} {}", ShortDay(d), d.year())
}

/// The last day of `d`'s month.
pub fn last_of_month(d: Date) -> Date {
    d.last_of_month()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn regions_parse_by_code_or_country_name() {
        assert_eq!("us".parse::<Region>().unwrap(), Region::US);
        assert_eq!("GB".parse::<Region>().unwrap(), Region::UK);
        assert_eq!("none".parse::<Region>().unwrap(), Region::None);
        assert_eq!("new zealand".parse::<Region>().unwrap().to_string(), "New Zealand");
        let err = "Germny".parse::<Region>().unwrap_err().to_string();
        assert!(err.contains("did you mean \"Germany\"?"), "{err}");
    }

    #[test]
    fn us_observes_saturday_on_friday_and_sunday_on_monday() {
        let us = Calendar::new(Region::US);
        assert!(!us.is_business_day(date(2026, 7, 3)), "July 4th 2026 is a Saturday");
        assert!(!us.is_business_day(date(2027, 12, 31)), "New Year 2028 is a Saturday");
        assert!(!us.is_business_day(date(2022, 12, 26)), "Christmas 2022 is a Sunday");
        assert!(!us.is_business_day(date(2026, 11, 26)), "Thanksgiving");
        assert!(us.is_business_day(date(2026, 11, 27)), "the day after Thanksgiving is not federal");
    }

    #[test]
    fn uk_has_easter_and_substitute_days() {
        let uk = Calendar::new(Region::UK);
        assert!(!uk.is_business_day(date(2026, 4, 3)), "Good Friday");
        assert!(!uk.is_business_day(date(2026, 4, 6)), "Easter Monday");
        assert!(!uk.is_business_day(date(2026, 12, 28)), "Boxing Day substitute");
        assert!(!uk.is_business_day(date(2027, 12, 27)) && !uk.is_business_day(date(2027, 12, 28)));
        assert!(uk.is_business_day(date(2026, 11, 26)), "no Thanksgiving in the UK");
    }

    #[test]
    fn arithmetic() {
        let us = Calendar::new(Region::US);
        // Wed 25 Nov 2026 + 2 business days skips Thanksgiving: Fri 27, Mon 30.
        assert_eq!(us.add_business_days(date(2026, 11, 25), 2), date(2026, 11, 30));
        assert_eq!(us.next_business_day(date(2026, 12, 24)), date(2026, 12, 28));
        assert_eq!(us.previous_business_day(date(2026, 12, 28)), date(2026, 12, 24));
        assert_eq!(us.roll_forward(date(2026, 11, 21)), date(2026, 11, 23));
        assert_eq!(us.business_days_between(date(2026, 11, 20), date(2026, 11, 30)), 5);
        assert_eq!(us.nth_business_day_of_month(2027, 1, 3), Some(date(2027, 1, 6)));
        let none = Calendar::new(Region::None);
        assert!(none.is_business_day(date(2026, 12, 25)));
    }

    #[test]
    fn extra_closure_days_count_as_holidays() {
        let cal = Calendar::new(Region::None).with_extra([date(2026, 12, 24)]);
        assert_eq!(cal.next_business_day(date(2026, 12, 23)), date(2026, 12, 25));
    }

    #[test]
    fn days_are_written_as_people_read_them() {
        assert_eq!(short_day(date(2026, 12, 4)), "Fri 4 Dec");
        assert_eq!(format!("by {}.", ShortDay(date(2026, 12, 14))), "by Mon 14 Dec.");
        assert_eq!(long_day(date(2027, 1, 31)), "Sun 31 Jan 2027");
        let mut d = date(2026, 1, 1);
        for _ in 0..400 {
            assert_eq!(long_day(d), d.strftime("%a %-d %b %Y").to_string());
            assert_eq!(short_day(d), d.strftime("%a %-d %b").to_string());
            d = d.tomorrow().unwrap();
        }
    }

    #[test]
    fn weeks() {
        assert_eq!(monday_of(date(2026, 11, 22)), date(2026, 11, 16), "Sunday belongs to the week before");
        assert_eq!(monday_of(date(2026, 11, 16)), date(2026, 11, 16));
        assert_eq!(next_weekday_after(date(2026, 11, 19), Weekday::Thursday), date(2026, 11, 26));
        assert_eq!(next_weekday_after(date(2026, 11, 18), Weekday::Thursday), date(2026, 11, 19));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn day() -> impl Strategy<Value = Date> {
            (1990i16..2100, 1i8..=12, 1i8..=31).prop_map(|(y, m, d)| {
                Date::new(y, m, d.min(jiff::civil::date(y, m, 1).days_in_month())).unwrap()
            })
        }

        fn calendar() -> impl Strategy<Value = Calendar> {
            prop_oneof![
                Just(Calendar::new(Region::US)),
                Just(Calendar::new(Region::UK)),
                Just(Calendar::new(Region::None)),
                Just(Calendar::new("Germany".parse().unwrap())),
                Just(Calendar::new(Region::US).with_extra([date(2026, 12, 24), date(2026, 12, 31)])),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            #[test]
            fn adding_business_days_lands_on_a_business_day(cal in calendar(), d in day(), n in 1u32..40) {
                let end = cal.add_business_days(d, n);
                prop_assert!(cal.is_business_day(end), "{d} + {n} = {end}");
                let weekday = end.weekday();
                prop_assert!(weekday != Weekday::Saturday && weekday != Weekday::Sunday);
                prop_assert!(!cal.is_holiday(end));
            }

            #[test]
            fn adding_business_days_is_monotonic(cal in calendar(), d in day(), n in 0u32..40, more in 1u32..10) {
                let a = cal.add_business_days(d, n);
                let b = cal.add_business_days(d, n + more);
                prop_assert!(a < b, "{d} + {n} = {a}, + {} = {b}", n + more);
                prop_assert!(cal.add_business_days(d, n) >= d);
            }

            #[test]
            fn counting_round_trips_with_adding(cal in calendar(), d in day(), n in 0u32..60) {
                let end = cal.add_business_days(d, n);
                prop_assert_eq!(cal.business_days_between(d, end), n);
            }

            #[test]
            fn rolling_forward_is_the_first_business_day_on_or_after(cal in calendar(), d in day()) {
                let r = cal.roll_forward(d);
                prop_assert!(r >= d && cal.is_business_day(r));
                prop_assert_eq!(cal.business_days_between(d, r), u32::from(r > d));
                prop_assert_eq!(cal.next_business_day(d), cal.roll_forward(d.tomorrow().unwrap()));
                let p = cal.previous_business_day(d);
                prop_assert!(p < d && cal.is_business_day(p));
                prop_assert_eq!(cal.next_business_day(p), cal.roll_forward(d));
            }
        }
    }
}

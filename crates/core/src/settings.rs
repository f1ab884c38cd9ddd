//! The user's settings as one typed struct: who they are (for drafts), where
//! they live (time zone, holiday region), and every threshold of the
//! rulebook, with the rulebook's numbers as defaults. Loading from a file and
//! the environment happens at the edge (the store crate); this module only
//! knows the shape, the defaults and what makes a value valid.

use serde::{Deserialize, Serialize};

use crate::calendar::Region;
use crate::kinds::{DateOrder, PhonePolicy};
use crate::values::TimeZoneName;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub user: User,
    pub calendar: Calendar,
    pub planner: Planner,
    pub checker: Checker,
}

/// Who the user is: used to sign and personalise drafts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct User {
    pub name: String,
    pub email: String,
    /// The lines under a message, e.g. "Maya Patel\n+1 555 0100".
    pub signature: String,
    /// A short profile of strengths, woven into drafts.
    pub profile: String,
    /// IANA time zone; empty means the computer's own.
    pub time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Calendar {
    /// Holiday region for business days (RULEBOOK §1): US, UK or none.
    pub region: String,
    /// How to read 12/4: month-day or day-month.
    pub date_order: DateOrder,
}

impl Default for Calendar {
    fn default() -> Self {
        Self { region: "US".to_owned(), date_order: DateOrder::MonthDay }
    }
}

/// The planner's thresholds (RULEBOOK §3–§5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Planner {
    /// C1: whether status checks may be calls.
    pub phone_policy: PhonePolicy,
    /// T2: the thank-you is due within this many hours of the interview's end.
    pub thank_you_hours: u32,
    /// T5: with no timeline, the status check is due this many days after the interview…
    pub status_check_after_days: u32,
    /// T5: …and at the latest this many days after it.
    pub status_check_latest_days: u32,
    /// T4: business days of grace after the first day a status check is due.
    pub status_check_grace_business_days: u32,
    /// F1: days between unanswered status checks.
    pub follow_up_gap_days: u32,
    /// F1: never two outbound messages to one company within this many business days.
    pub min_gap_business_days: u32,
    /// F2: status checks that may go unanswered before the planner stops chasing.
    pub max_unanswered_checks: u32,
    /// C2: suggest a paper card when the decision is at least this many business days away.
    pub card_min_business_days: u32,
    /// T7: the holiday greeting is due from this day of December…
    pub holiday_greeting_from_day: u8,
    /// T7: …until this day of December.
    pub holiday_greeting_until_day: u8,
    /// F8: fewer active applications than this and the agenda says keep searching.
    pub min_active_applications: u32,
    /// C4: call windows in the contact's time zone, "HH:MM-HH:MM".
    pub call_windows: Vec<String>,
}

impl Default for Planner {
    fn default() -> Self {
        Self {
            phone_policy: PhonePolicy::WhenInvited,
            thank_you_hours: 48,
            status_check_after_days: 7,
            status_check_latest_days: 10,
            status_check_grace_business_days: 2,
            follow_up_gap_days: 7,
            min_gap_business_days: 5,
            max_unanswered_checks: 2,
            card_min_business_days: 5,
            holiday_greeting_from_day: 15,
            holiday_greeting_until_day: 22,
            min_active_applications: 3,
            call_windows: vec!["08:00-09:30".to_owned(), "16:30-17:30".to_owned()],
        }
    }
}

/// The checker's limits (RULEBOOK §6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Checker {
    pub thank_you_max_words: u32,
    pub other_max_words: u32,
    pub max_paragraphs: u32,
    pub max_questions: u32,
}

impl Default for Checker {
    fn default() -> Self {
        Self { thank_you_max_words: 250, other_max_words: 150, max_paragraphs: 5, max_questions: 2 }
    }
}

/// A setting with a value that cannot work, named by its dotted key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("setting {key}: {problem}")]
pub struct SettingError {
    pub key: String,
    pub problem: String,
}

impl SettingError {
    fn new(key: &str, problem: impl Into<String>) -> Self {
        Self { key: key.to_owned(), problem: problem.into() }
    }
}

/// Parses a holiday region ("us", "GB", "None", "Germany").
pub fn parse_region(s: &str) -> Result<Region, crate::error::InvalidValue> {
    s.parse()
}

/// Each number setting's range: what the rulebook's rules can mean. A
/// limit keeps a typo (200000000 hours) from planning a task centuries
/// away, or taking minutes to count business days to it.
pub const RANGES: &[(&str, u32, u32)] = &[
    ("planner.thank_you_hours", 1, 336),
    ("planner.status_check_after_days", 1, 90),
    ("planner.status_check_latest_days", 1, 120),
    ("planner.status_check_grace_business_days", 0, 20),
    ("planner.follow_up_gap_days", 1, 60),
    ("planner.min_gap_business_days", 0, 30),
    ("planner.max_unanswered_checks", 1, 10),
    ("planner.card_min_business_days", 0, 60),
    ("planner.min_active_applications", 0, 1000),
    ("checker.thank_you_max_words", 1, 5000),
    ("checker.other_max_words", 1, 5000),
    ("checker.max_paragraphs", 1, 100),
    ("checker.max_questions", 0, 100),
];

/// The range of a number setting, if it has one.
pub fn range_of(key: &str) -> Option<(u32, u32)> {
    RANGES.iter().find(|(k, _, _)| *k == key).map(|&(_, min, max)| (min, max))
}

impl Settings {
    /// Checks every value that the types alone do not constrain.
    pub fn validate(&self) -> Result<(), SettingError> {
        let u = &self.user;
        if !u.time_zone.is_empty() {
            u.time_zone
                .parse::<TimeZoneName>()
                .map_err(|e| SettingError::new("user.time_zone", e.to_string()))?;
        }
        if !u.email.is_empty() {
            u.email
                .parse::<crate::values::Email>()
                .map_err(|e| SettingError::new("user.email", e.to_string()))?;
        }
        parse_region(&self.calendar.region)
            .map_err(|e| SettingError::new("calendar.region", e.to_string()))?;
        let p = &self.planner;
        // Each number within what the rulebook's rules can mean: a limit keeps
        // a typo (200000000 hours) from planning a task centuries away, or
        // taking minutes to count business days to it.
        let c = &self.checker;
        let value = |key: &str| match key {
            "planner.thank_you_hours" => p.thank_you_hours,
            "planner.status_check_after_days" => p.status_check_after_days,
            "planner.status_check_latest_days" => p.status_check_latest_days,
            "planner.status_check_grace_business_days" => p.status_check_grace_business_days,
            "planner.follow_up_gap_days" => p.follow_up_gap_days,
            "planner.min_gap_business_days" => p.min_gap_business_days,
            "planner.max_unanswered_checks" => p.max_unanswered_checks,
            "planner.card_min_business_days" => p.card_min_business_days,
            "planner.min_active_applications" => p.min_active_applications,
            "checker.thank_you_max_words" => c.thank_you_max_words,
            "checker.other_max_words" => c.other_max_words,
            "checker.max_paragraphs" => c.max_paragraphs,
            _ => c.max_questions,
        };
        for &(key, min, max) in RANGES {
            let value = value(key);
            if !(min..=max).contains(&value) {
                return Err(SettingError::new(key, format!("{value} is out of range: use {min} to {max}")));
            }
        }
        if p.status_check_latest_days < p.status_check_after_days {
            return Err(SettingError::new(
                "planner.status_check_latest_days",
                format!(
                    "{} is before planner.status_check_after_days ({}); make it at least that",
                    p.status_check_latest_days, p.status_check_after_days
                ),
            ));
        }
        let (from, until) = (p.holiday_greeting_from_day, p.holiday_greeting_until_day);
        if !(1..=31).contains(&from) || !(1..=31).contains(&until) || from > until {
            return Err(SettingError::new(
                "planner.holiday_greeting_from_day",
                format!("the December days {from}..{until} must be 1 to 31, first not after last"),
            ));
        }
        for window in &p.call_windows {
            parse_call_window(window)
                .map_err(|problem| SettingError::new("planner.call_windows", problem))?;
        }
        Ok(())
    }

    /// The holiday region (validated by `validate`; US if it is not).
    pub fn region(&self) -> Region {
        parse_region(&self.calendar.region).unwrap_or(Region::US)
    }
}

/// Parses "08:00-09:30" into its two times.
pub fn parse_call_window(s: &str) -> Result<(jiff::civil::Time, jiff::civil::Time), String> {
    let bad = || format!("\"{s}\" is not a call window like 08:00-09:30");
    let (a, b) = s.split_once('-').ok_or_else(bad)?;
    let a: jiff::civil::Time = a.trim().parse().map_err(|_| bad())?;
    let b: jiff::civil::Time = b.trim().parse().map_err(|_| bad())?;
    if a >= b {
        return Err(format!("\"{s}\" ends before it starts"));
    }
    Ok((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_rulebook_numbers_and_valid() {
        let s = Settings::default();
        assert_eq!(s.planner.thank_you_hours, 48);
        assert_eq!(s.planner.max_unanswered_checks, 2);
        assert_eq!(s.checker.thank_you_max_words, 250);
        assert_eq!(s.region(), Region::US);
        s.validate().unwrap();
    }

    #[test]
    fn errors_name_the_key() {
        let mut s = Settings::default();
        s.calendar.region = "Atlantis".into();
        let e = s.validate().unwrap_err();
        assert_eq!(e.key, "calendar.region");
        assert!(e.to_string().contains("\"Atlantis\" is not a known holiday region"), "{e}");

        let mut s = Settings::default();
        s.user.time_zone = "Europe/Londn".into();
        assert_eq!(s.validate().unwrap_err().key, "user.time_zone");

        let mut s = Settings::default();
        s.planner.call_windows = vec!["9-5".into()];
        assert_eq!(s.validate().unwrap_err().key, "planner.call_windows");
    }

    /// Regression: `planner.thank_you_hours 200000000` was accepted, and the
    /// agenda then panicked; a huge grace period made it run for minutes.
    #[test]
    fn numbers_are_kept_within_their_range() {
        let mut s = Settings::default();
        s.planner.thank_you_hours = 200_000_000;
        let e = s.validate().unwrap_err();
        assert_eq!(e.to_string(), "setting planner.thank_you_hours: 200000000 is out of range: use 1 to 336");
        let mut s = Settings::default();
        s.planner.status_check_grace_business_days = 200_000_000;
        assert_eq!(s.validate().unwrap_err().key, "planner.status_check_grace_business_days");
        let mut s = Settings::default();
        s.checker.max_paragraphs = 0;
        assert_eq!(s.validate().unwrap_err().key, "checker.max_paragraphs");
        assert!(Settings::default().validate().is_ok(), "the defaults are within range");
    }

    #[test]
    fn regions_normalise() {
        assert_eq!(parse_region("gb"), Ok(Region::UK));
        assert_eq!(parse_region("None"), Ok(Region::None));
        assert_eq!(parse_region("us"), Ok(Region::US));
    }
}

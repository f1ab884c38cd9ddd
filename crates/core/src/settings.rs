//! The user's settings as one typed struct: who they are (for drafts), where
//! they live (time zone, holiday region), and every threshold of the
//! rulebook, with the rulebook's numbers as defaults. Loading from a file and
//! the environment happens at the edge (the store crate); this module only
//! knows the shape, the defaults and what makes a value valid.

use serde::{Deserialize, Serialize};

use crate::calendar::Region;
use crate::kinds::{DateOrder, NotifyChannel, PhonePolicy, SmtpSecurity};
use crate::values::TimeZoneName;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub user: User,
    pub calendar: Calendar,
    pub planner: Planner,
    pub checker: Checker,
    pub notify: Notify,
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

/// A password or token. Its `Debug` says only whether it is set, so no
/// error, log line or panic message can show it; serde reads and writes it
/// as the plain string it is (the settings file and the environment hold it).
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_set(&self) -> bool {
        !self.0.is_empty()
    }

    /// How every listing shows it: "(set)" or "(unset)".
    pub fn shown(&self) -> &'static str {
        if self.is_set() { "(set)" } else { "(unset)" }
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secret{}", self.shown())
    }
}

/// The dotted keys whose values are secrets: listings show them as set or
/// unset, never their value.
pub const SECRETS: &[&str] = &["notify.smtp_password", "notify.ntfy_token"];

/// Whether a dotted key holds a secret.
pub fn is_secret(key: &str) -> bool {
    SECRETS.contains(&key)
}

/// `afterview notify`: where the day's digest goes, and when the timer
/// sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Notify {
    pub channel: NotifyChannel,
    /// The time of day the timer sends the digest, "HH:MM" on the user's clock.
    pub at: String,
    pub smtp_host: String,
    /// 0 means the usual port of `smtp_security` (587, 465 or 25).
    pub smtp_port: u32,
    pub smtp_security: SmtpSecurity,
    /// Empty: send without logging in (a local relay).
    pub smtp_user: String,
    pub smtp_password: Secret,
    /// The sender; empty means the recipient's own address.
    pub from: String,
    /// The recipient; empty means `user.email`.
    pub to: String,
    /// The topic's full address, e.g. "https://ntfy.sh/my-secret-topic".
    pub ntfy_url: String,
    /// An access token for a protected topic (sent as a Bearer token).
    pub ntfy_token: Secret,
    /// ntfy's priority, 1 (min) to 5 (max); 3 is its default.
    pub ntfy_priority: u32,
}

impl Default for Notify {
    fn default() -> Self {
        Self {
            channel: NotifyChannel::None,
            at: "08:00".to_owned(),
            smtp_host: String::new(),
            smtp_port: 0,
            smtp_security: SmtpSecurity::Starttls,
            smtp_user: String::new(),
            smtp_password: Secret::default(),
            from: String::new(),
            to: String::new(),
            ntfy_url: String::new(),
            ntfy_token: Secret::default(),
            ntfy_priority: 3,
        }
    }
}

impl Notify {
    /// The port to connect to.
    pub fn port(&self) -> u16 {
        match u16::try_from(self.smtp_port) {
            Ok(0) | Err(_) => self.smtp_security.usual_port(),
            Ok(port) => port,
        }
    }

    /// Who the email goes to: `to`, else the user's own address.
    pub fn recipient<'a>(&'a self, user: &'a User) -> &'a str {
        if self.to.is_empty() { &user.email } else { &self.to }
    }

    /// Who the email is from: `from`, else the recipient.
    pub fn sender<'a>(&'a self, user: &'a User) -> &'a str {
        if self.from.is_empty() { self.recipient(user) } else { &self.from }
    }

    /// The time of day to send, validated by `Settings::validate`.
    pub fn time(&self) -> jiff::civil::Time {
        parse_clock(&self.at).unwrap_or(jiff::civil::time(8, 0, 0, 0))
    }

    /// Whether the chosen channel has everything it needs to send. Not part
    /// of `validate`, so the keys can be set one at a time in any order;
    /// `notify` and `doctor` ask it.
    pub fn ready(&self, user: &User) -> Result<(), SettingError> {
        let missing = |key: &str, what: &str| {
            SettingError::new(key, format!("is empty; set {what} with `afterview config set {key} …`"))
        };
        match self.channel {
            NotifyChannel::None => Err(SettingError::new(
                "notify.channel",
                "is \"none\"; choose \"email\" or \"ntfy\" (see the README's \"Reminders on your phone\")",
            )),
            NotifyChannel::Email => {
                if self.smtp_host.is_empty() {
                    return Err(missing("notify.smtp_host", "your mail provider's SMTP server"));
                }
                if self.recipient(user).is_empty() {
                    return Err(missing("notify.to", "the address to send reminders to (or user.email)"));
                }
                if self.smtp_user.is_empty() == self.smtp_password.is_set() {
                    return Err(SettingError::new(
                        "notify.smtp_password",
                        "a login needs both notify.smtp_user and the password \
                         (AFTERVIEW_NOTIFY_SMTP_PASSWORD); set both, or neither for a relay that needs no login",
                    ));
                }
                Ok(())
            }
            NotifyChannel::Ntfy if self.ntfy_url.is_empty() => Err(missing(
                "notify.ntfy_url",
                "your topic's address, e.g. https://ntfy.sh/a-long-secret-name,",
            )),
            NotifyChannel::Ntfy => Ok(()),
        }
    }

    fn validate(&self) -> Result<(), SettingError> {
        parse_clock(&self.at).map_err(|problem| SettingError::new("notify.at", problem))?;
        let host = self.smtp_host.trim();
        if !host.is_empty() {
            let fine = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']' | '_');
            if !host.chars().all(fine) {
                return Err(SettingError::new(
                    "notify.smtp_host",
                    format!("\"{host}\" is not a host name; give the server alone, e.g. smtp.example.com"),
                ));
            }
            let bare = host.trim_start_matches('[').trim_end_matches(']');
            if host.contains(':') && bare.parse::<std::net::Ipv6Addr>().is_err() {
                return Err(SettingError::new(
                    "notify.smtp_host",
                    format!("\"{host}\": give the server alone here and its port in notify.smtp_port"),
                ));
            }
            if self.smtp_security == SmtpSecurity::None && !is_loopback(host) {
                return Err(SettingError::new(
                    "notify.smtp_security",
                    format!(
                        "\"none\" would send your password and your reminders unencrypted to {host}; it is \
                         allowed only to this computer (localhost, 127.0.0.1, ::1), such as a local relay. \
                         Use \"starttls\" or \"tls\""
                    ),
                ));
            }
        }
        for (key, address) in [("notify.from", &self.from), ("notify.to", &self.to)] {
            if !address.is_empty() {
                address.parse::<crate::values::Email>().map_err(|e| SettingError::new(key, e.to_string()))?;
            }
        }
        if !self.ntfy_url.is_empty() {
            parse_ntfy_url(&self.ntfy_url)
                .map_err(|problem| SettingError::new("notify.ntfy_url", problem))?;
        }
        // It becomes an HTTP header: a space or a line break would break it.
        if self.ntfy_token.expose().chars().any(|c| !c.is_ascii_graphic()) {
            return Err(SettingError::new(
                "notify.ntfy_token",
                "has spaces or characters a token cannot have; paste the token alone (tk_…)",
            ));
        }
        Ok(())
    }
}

/// Whether a host name is this computer: `localhost`, 127.0.0.0/8 or ::1.
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// An ntfy topic's address, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NtfyUrl {
    pub https: bool,
    pub host: String,
    pub port: Option<u16>,
    /// From the first `/`: the topic, e.g. "/my-topic".
    pub path: String,
}

/// Checks an ntfy topic address: https (or http to this computer only),
/// a host, and a topic; no login in the address (that is `ntfy_token`).
pub fn parse_ntfy_url(s: &str) -> Result<NtfyUrl, String> {
    let example = "like https://ntfy.sh/a-long-secret-name";
    let (https, rest) = if let Some(rest) = s.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = s.strip_prefix("http://") {
        (false, rest)
    } else {
        return Err(format!("\"{s}\" is not a topic address {example}"));
    };
    if s.chars().any(|c| !c.is_ascii_graphic()) || s.contains(['?', '#']) {
        return Err(format!("\"{s}\" has spaces or a query; give the topic's address alone, {example}"));
    }
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    if authority.contains('@') {
        return Err(
            "put no login in the address; set notify.ntfy_token (or AFTERVIEW_NOTIFY_NTFY_TOKEN) instead"
                .into(),
        );
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(':') && !port.contains(']') => {
            let port = port.parse::<u16>().map_err(|_| format!("\"{port}\" in \"{s}\" is not a port"))?;
            (host, Some(port))
        }
        _ => (authority, None),
    };
    if host.is_empty() || path.trim_matches('/').is_empty() {
        return Err(format!("\"{s}\" has no host or no topic; give the topic's full address, {example}"));
    }
    if !https && !is_loopback(host) {
        return Err(format!(
            "\"{s}\" is plain http: use https, so nobody on the way reads your reminders (http is allowed only to this computer)"
        ));
    }
    Ok(NtfyUrl { https, host: host.to_owned(), port, path: path.to_owned() })
}

/// Parses "08:00" (hours and minutes, 24-hour clock).
fn parse_clock(s: &str) -> Result<jiff::civil::Time, String> {
    let bad = || format!("\"{s}\" is not a time of day like 08:00");
    let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
    if !(1..=2).contains(&h.len()) || m.len() != 2 {
        return Err(bad());
    }
    let (h, m): (i8, i8) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    jiff::civil::Time::new(h, m, 0, 0).map_err(|_| bad())
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
    ("notify.smtp_port", 0, 65535),
    ("notify.ntfy_priority", 1, 5),
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
            "notify.smtp_port" => self.notify.smtp_port,
            "notify.ntfy_priority" => self.notify.ntfy_priority,
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
        self.notify.validate()
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
    fn notify_settings_are_checked_where_they_are_set() {
        let with = |f: &dyn Fn(&mut Notify)| {
            let mut s = Settings::default();
            f(&mut s.notify);
            s.validate()
        };
        assert!(with(&|_| {}).is_ok(), "the defaults send nothing and are valid");
        let e = with(&|n| {
            n.smtp_host = "smtp.example.com".into();
            n.smtp_security = SmtpSecurity::None;
        })
        .unwrap_err();
        assert_eq!(e.key, "notify.smtp_security");
        assert!(e.problem.contains("unencrypted") && e.problem.contains("only to this computer"), "{e}");
        for host in ["localhost", "127.0.0.1", "::1", "[::1]", "127.3.2.1"] {
            assert!(
                with(&|n| {
                    n.smtp_host = host.into();
                    n.smtp_security = SmtpSecurity::None;
                })
                .is_ok(),
                "{host} is this computer"
            );
        }
        assert_eq!(
            with(&|n| n.smtp_host = "smtp.example.com:587".into()).unwrap_err().key,
            "notify.smtp_host"
        );
        assert!(with(&|n| n.smtp_host = "smtp.example.com".into()).is_ok());
        assert_eq!(with(&|n| n.smtp_host = "smtp example".into()).unwrap_err().key, "notify.smtp_host");
        assert_eq!(with(&|n| n.to = "me-at-home".into()).unwrap_err().key, "notify.to");
        assert_eq!(with(&|n| n.at = "8am".into()).unwrap_err().key, "notify.at");
        assert_eq!(with(&|n| n.at = "24:00".into()).unwrap_err().key, "notify.at");
        assert_eq!(with(&|n| n.at = "7:5".into()).unwrap_err().key, "notify.at");
        assert!(with(&|n| n.at = "7:05".into()).is_ok());
        assert_eq!(
            with(&|n| n.ntfy_priority = 9).unwrap_err().to_string(),
            "setting notify.ntfy_priority: 9 is out of range: use 1 to 5"
        );
        assert_eq!(
            with(&|n| n.ntfy_token = Secret::new("tk_a\r\nX-Evil: 1")).unwrap_err().key,
            "notify.ntfy_token"
        );
    }

    #[test]
    fn ntfy_addresses_are_https_or_this_computer() {
        let url = parse_ntfy_url("https://ntfy.sh/maya-reminders-7f3a").unwrap();
        assert_eq!(
            (url.https, url.host.as_str(), url.port, url.path.as_str()),
            (true, "ntfy.sh", None, "/maya-reminders-7f3a")
        );
        let url = parse_ntfy_url("http://127.0.0.1:8080/topic").unwrap();
        assert_eq!((url.host.as_str(), url.port), ("127.0.0.1", Some(8080)));
        assert!(parse_ntfy_url("http://[::1]:80/t").is_ok());
        let e = parse_ntfy_url("http://ntfy.sh/topic").unwrap_err();
        assert!(e.contains("use https"), "{e}");
        assert!(parse_ntfy_url("https://ntfy.sh/").unwrap_err().contains("no topic"));
        assert!(parse_ntfy_url("ntfy.sh/topic").is_err());
        assert!(parse_ntfy_url("https://user:pw@ntfy.sh/topic").unwrap_err().contains("ntfy_token"));
        assert!(parse_ntfy_url("https://ntfy.sh/topic?x=1").is_err());
        assert!(parse_ntfy_url("https://ntfy.sh:99999/topic").is_err());
    }

    #[test]
    fn a_channel_is_ready_only_with_what_it_needs() {
        let user = User { email: "maya@example.com".into(), ..User::default() };
        let mut n = Notify { channel: NotifyChannel::Email, ..Notify::default() };
        assert_eq!(n.ready(&user).unwrap_err().key, "notify.smtp_host");
        n.smtp_host = "smtp.example.com".into();
        assert!(n.ready(&user).is_ok());
        assert_eq!(n.recipient(&user), "maya@example.com");
        assert_eq!(n.sender(&user), "maya@example.com");
        assert_eq!(n.ready(&User::default()).unwrap_err().key, "notify.to");
        n.smtp_user = "maya".into();
        assert_eq!(n.ready(&user).unwrap_err().key, "notify.smtp_password", "a user without a password");
        n.smtp_password = Secret::new("hunter2");
        assert!(n.ready(&user).is_ok());
        assert_eq!(n.port(), 587);
        n.smtp_security = SmtpSecurity::Tls;
        assert_eq!(n.port(), 465);
        n.smtp_port = 2525;
        assert_eq!(n.port(), 2525);
        let n = Notify { channel: NotifyChannel::Ntfy, ..Notify::default() };
        assert_eq!(n.ready(&user).unwrap_err().key, "notify.ntfy_url");
        assert_eq!(Notify::default().ready(&user).unwrap_err().key, "notify.channel");
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let mut s = Settings::default();
        s.notify.smtp_password = Secret::new("hunter2");
        let shown = format!("{s:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("Secret(set)") && shown.contains("Secret(unset)"));
        assert!(SECRETS.iter().all(|k| is_secret(k)) && !is_secret("notify.smtp_user"));
    }

    #[test]
    fn regions_normalise() {
        assert_eq!(parse_region("gb"), Ok(Region::UK));
        assert_eq!(parse_region("None"), Ok(Region::None));
        assert_eq!(parse_region("us"), Ok(Region::US));
    }
}

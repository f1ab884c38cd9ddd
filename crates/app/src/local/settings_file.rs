//! Loading settings as defaults → the commented TOML file in the config
//! folder → `AFTERVIEW_<SECTION>_<KEY>` environment variables, and changing
//! one key in the file without losing the user's comments. Every problem is
//! reported with the dotted key it concerns.

use std::collections::BTreeMap;
use std::path::Path;

use afterview_core::settings::{SettingError, Settings};
use afterview_core::suggest::closest;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::local::paths::{Paths, create_private_dir, with_lock, write_atomically};

/// The file written on the first `afterview config set`: every key with its
/// default and a line on what it does.
pub const TEMPLATE: &str = r#"# afterview settings. Every key shows its default; change what you like,
# or use `afterview config set KEY VALUE`. Environment variables such as
# AFTERVIEW_CALENDAR_REGION=UK override this file.

[user]
# Your name, used to sign drafts.
name = ""
# Your email address, used in ready-to-send .eml drafts.
email = ""
# The lines under your messages (use \n for a new line).
signature = ""
# A short profile of your strengths, woven into thank-you drafts.
profile = ""
# Your IANA time zone, e.g. "Europe/London"; empty means this computer's.
time_zone = ""

[calendar]
# Holiday region for business days: US, UK, none, or a country by name (Germany, New Zealand, ...).
region = "US"
# How to read 12/4: "month-day" or "day-month".
date_order = "month-day"

[planner]
# Whether a status check may be a call: "when-invited" or "allowed".
phone_policy = "when-invited"
# Thank-you notes are due within this many hours of the interview's end.
thank_you_hours = 48
# With no timeline, check in this many days after the interview...
status_check_after_days = 7
# ...and at the latest this many days after it.
status_check_latest_days = 10
# Business days of grace after a status check first becomes due.
status_check_grace_business_days = 2
# Days between two unanswered status checks.
follow_up_gap_days = 7
# Never two messages to one company within this many business days.
min_gap_business_days = 5
# Stop chasing after this many unanswered status checks.
max_unanswered_checks = 2
# Suggest a paper card when a decision is at least this many business days away.
card_min_business_days = 5
# Holiday greetings go out from this day of December...
holiday_greeting_from_day = 15
# ...until this day of December.
holiday_greeting_until_day = 22
# With fewer active applications than this, the agenda says keep searching.
min_active_applications = 3
# When to suggest calling, in the other person's time zone.
call_windows = ["08:00-09:30", "16:30-17:30"]

[checker]
# A thank-you note longer than this many words gets a warning.
thank_you_max_words = 250
# Other messages longer than this many words get a warning.
other_max_words = 150
# A message with more paragraphs than this gets a warning.
max_paragraphs = 5
# A message asking more questions than this gets a warning.
max_questions = 2

[notify]
# Where `afterview notify` sends the day's tasks: "none", "email" or "ntfy".
channel = "none"
# When the timer (`afterview notify --install-timer`) sends them, on your clock.
at = "08:00"
# Email: your provider's SMTP server, e.g. "smtp.fastmail.com".
smtp_host = ""
# 0 means the usual port for smtp_security (587 starttls, 465 tls, 25 none).
smtp_port = 0
# "starttls", "tls", or "none" (only to this computer, e.g. a local relay).
smtp_security = "starttls"
# The login; empty to send without one.
smtp_user = ""
# Better kept out of this file: set AFTERVIEW_NOTIFY_SMTP_PASSWORD instead.
smtp_password = ""
# The sender; empty means the recipient's own address.
from = ""
# The recipient; empty means user.email.
to = ""
# ntfy: the topic's full address, e.g. "https://ntfy.sh/a-long-secret-name".
ntfy_url = ""
# An access token for a protected topic (or AFTERVIEW_NOTIFY_NTFY_TOKEN).
ntfy_token = ""
# The push's priority, 1 (min) to 5 (max).
ntfy_priority = 3
"#;

/// What a setting is for, in the words of its comment in [`TEMPLATE`]
/// (the one place they are written), for a settings page to show beside
/// the key: `planner.thank_you_hours` → "Thank-you notes are due within
/// this many hours of the interview's end."
pub fn about(key: &str) -> Option<String> {
    let mut section = "";
    let mut comment: Vec<&str> = Vec::new();
    for line in TEMPLATE.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
            comment.clear();
        } else if let Some(text) = line.strip_prefix('#') {
            comment.push(text.trim());
        } else if let Some((name, _)) = line.split_once('=') {
            if format!("{section}.{}", name.trim()) == key && !comment.is_empty() {
                return Some(comment.join(" "));
            }
            comment.clear();
        } else {
            comment.clear();
        }
    }
    None
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Default,
    File,
    Env(String),
    /// On a server: the server's own (its mail server, from its environment).
    Server,
    /// On a server: the account's (its email, where reminders go).
    Account,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Default => f.write_str("default"),
            Self::File => f.write_str("file"),
            Self::Env(var) => write!(f, "environment {var}"),
            Self::Server => f.write_str("server"),
            Self::Account => f.write_str("your account"),
        }
    }
}

/// The effective settings, and where each key's value came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub settings: Settings,
    /// Dotted key → (value as TOML, source), in key order.
    pub values: BTreeMap<String, (toml::Value, Source)>,
}

/// Loads the effective settings for these paths and this environment.
pub fn load(paths: &Paths) -> Result<Loaded> {
    let file = read_file(&paths.config_file)?;
    load_from(file.as_deref(), &paths.config_file, |var| std::env::var(var).ok())
}

fn read_file(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::Storage(afterview_store::Error::io(path, e))),
    }
}

/// A settings file or value that cannot be used.
fn settings_error(problem: String) -> Error {
    Error::invalid_input(problem)
}

/// The environment variable that overrides a dotted key.
pub fn env_var(key: &str) -> String {
    format!("AFTERVIEW_{}", key.to_ascii_uppercase().replace('.', "_"))
}

/// Every dotted key with its default value.
fn defaults() -> BTreeMap<String, toml::Value> {
    let mut out = BTreeMap::new();
    if let Ok(toml::Value::Table(sections)) = toml::Value::try_from(Settings::default()) {
        for (section, table) in sections {
            if let toml::Value::Table(table) = table {
                for (key, value) in table {
                    out.insert(format!("{section}.{key}"), value);
                }
            }
        }
    }
    out
}

fn unknown_key(key: &str, known: &BTreeMap<String, toml::Value>) -> String {
    let mut msg = format!("there is no setting \"{key}\"; `afterview config list` shows them all");
    if let Some(near) = closest(key, known.keys().map(String::as_str)) {
        msg.push_str(&format!(" (did you mean \"{near}\"?)"));
    }
    msg
}

/// The testable core of [`load`]: `file` is the file's text if it exists.
pub fn load_from(
    file: Option<&str>,
    file_path: &Path,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Loaded> {
    load_layered(file, file_path, &[], &[], env)
}

/// One value of a layer around a settings text: its dotted key, the value
/// as an environment variable would give it, and where it came from.
pub type Layered<'a> = (&'a str, &'a str, Source);

/// [`load_from`] with layers: defaults → `under` → the text → `over` →
/// the environment. A server puts its own mail server and the account's
/// email around a user's text this way.
pub fn load_layered(
    file: Option<&str>,
    file_path: &Path,
    under: &[Layered<'_>],
    over: &[Layered<'_>],
    env: impl Fn(&str) -> Option<String>,
) -> Result<Loaded> {
    let known = defaults();
    let mut values: BTreeMap<String, (toml::Value, Source)> =
        known.iter().map(|(k, v)| (k.clone(), (v.clone(), Source::Default))).collect();
    let layer = |layer: &[Layered<'_>], values: &mut BTreeMap<String, (toml::Value, Source)>| {
        for (key, raw, source) in layer {
            let default = known.get(*key).ok_or_else(|| settings_error(unknown_key(key, &known)))?;
            let whence = match source {
                Source::Env(var) => var.clone(),
                other => other.to_string(),
            };
            let value =
                typed_value(key, default, raw).map_err(|e| settings_error(format!("{whence}: {e}")))?;
            values.insert((*key).to_owned(), (value, source.clone()));
        }
        Ok::<_, Error>(())
    };
    layer(under, &mut values)?;

    if let Some(text) = file {
        let in_file = |msg: String| settings_error(format!("{}: {msg}", file_path.display()));
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| in_file(e.to_string()))?;
        for (section, inner) in table {
            let toml::Value::Table(inner) = inner else {
                return Err(in_file(format!(
                    "\"{section}\" should be a [section]; see `afterview config list`"
                )));
            };
            for (field, value) in inner {
                let key = format!("{section}.{field}");
                let Some(default) = known.get(&key) else {
                    return Err(in_file(unknown_key(&key, &known)));
                };
                if default.type_str() != value.type_str() {
                    return Err(in_file(format!(
                        "setting {key}: expected {}, found {}",
                        describe_type(default),
                        describe_type(&value)
                    )));
                }
                values.insert(key, (value, Source::File));
            }
        }
    }
    layer(over, &mut values)?;

    for (key, default) in &known {
        let var = env_var(key);
        if let Some(raw) = env(&var) {
            let value = typed_value(key, default, &raw).map_err(|e| settings_error(format!("{var}: {e}")))?;
            values.insert(key.clone(), (value, Source::Env(var)));
        }
    }

    // Say where a bad value came from: an environment variable is easy to
    // forget, the file is named.
    let settings = build(&values).map_err(|e| {
        let whence = match values.get(&e.key).map(|(_, source)| source) {
            Some(Source::Env(var)) => format!("{var}: "),
            Some(Source::File) if !file_path.as_os_str().is_empty() => format!("{}: ", file_path.display()),
            Some(s @ (Source::Server | Source::Account)) => format!("{s}: "),
            _ => String::new(),
        };
        settings_error(format!("{whence}{e}"))
    })?;
    Ok(Loaded { settings, values })
}

/// Deserialises and validates; a failure names the key that caused it.
fn build(values: &BTreeMap<String, (toml::Value, Source)>) -> std::result::Result<Settings, SettingError> {
    let table = |only: Option<&str>| {
        let mut sections = toml::Table::new();
        for (key, (value, _)) in values {
            let (section, field) = key.split_once('.').unwrap_or((key, ""));
            let value = match only {
                Some(k) if k != key => defaults().remove(key).unwrap_or_else(|| value.clone()),
                _ => value.clone(),
            };
            if let toml::Value::Table(t) =
                sections.entry(section.to_owned()).or_insert_with(|| toml::Value::Table(toml::Table::new()))
            {
                t.insert(field.to_owned(), value);
            }
        }
        toml::Value::Table(sections)
    };
    match Settings::deserialize(table(None)) {
        Ok(settings) => {
            settings.validate()?;
            Ok(settings)
        }
        Err(whole) => {
            // Find the culprit: the first key that fails on its own.
            for (key, (value, _)) in values {
                if Settings::deserialize(table(Some(key))).is_err() {
                    let shown = value.to_string();
                    // A number too big (or below zero) for its type says its range.
                    let range = afterview_core::settings::range_of(key)
                        .filter(|_| value.is_integer())
                        .map(|(min, max)| format!("{shown} is out of range: use {min} to {max}"));
                    let why = range.or_else(|| {
                        Settings::deserialize(table(Some(key))).err().map(|e| e.message().to_owned())
                    });
                    return Err(SettingError {
                        key: key.clone(),
                        problem: why.unwrap_or_else(|| format!("{shown} is not a valid value")),
                    });
                }
            }
            Err(SettingError { key: "(settings)".into(), problem: whole.message().to_owned() })
        }
    }
}

fn describe_type(v: &toml::Value) -> &'static str {
    match v {
        toml::Value::String(_) => "text in quotes",
        toml::Value::Integer(_) => "a whole number",
        toml::Value::Float(_) => "a number",
        toml::Value::Boolean(_) => "true or false",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "a list",
        toml::Value::Table(_) => "a section",
    }
}

/// Reads a raw string as a value of the same type as `default`.
fn typed_value(key: &str, default: &toml::Value, raw: &str) -> std::result::Result<toml::Value, String> {
    match default {
        toml::Value::Integer(_) => raw
            .trim()
            .parse::<i64>()
            .map(toml::Value::Integer)
            .map_err(|_| format!("setting {key} takes a whole number, not \"{raw}\"")),
        toml::Value::Boolean(_) => match raw.trim() {
            "true" | "yes" | "1" => Ok(toml::Value::Boolean(true)),
            "false" | "no" | "0" => Ok(toml::Value::Boolean(false)),
            _ => Err(format!("setting {key} takes true or false, not \"{raw}\"")),
        },
        toml::Value::Array(_) => Ok(toml::Value::Array(
            raw.split(',')
                .map(|s| toml::Value::String(s.trim().to_owned()))
                .filter(|v| v.as_str() != Some(""))
                .collect(),
        )),
        _ => Ok(toml::Value::String(raw.replace("\\n", "\n"))),
    }
}

/// A value as `config get` prints it: strings bare, the rest as TOML.
pub fn display_value(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Array(items) => items.iter().map(display_value).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// Sets one key in the settings file, keeping the file's comments. The new
/// file is validated whole before it replaces the old one, so a bad value
/// changes nothing.
pub fn set(paths: &Paths, key: &str, raw: &str) -> Result<()> {
    with_lock(paths, || set_locked(paths, key, raw))
}

fn set_locked(paths: &Paths, key: &str, raw: &str) -> Result<()> {
    let value = typed(key, raw)?;
    let current = read_file(&paths.config_file)?;
    let text = edit(current.as_deref(), key, value, &paths.config_file)?;
    if let Some(dir) = paths.config_file.parent() {
        create_private_dir(dir)?;
    }
    write_atomically(&paths.config_file, &text)
}

/// Sets one key in the text of a settings file (`None`: no file yet, so
/// the commented [`TEMPLATE`] is the start), keeping its comments, and
/// returns the new text, validated whole: a bad value is an error and
/// changes nothing. The local file and a server user's settings both
/// change through this.
pub fn set_in_text(text: Option<&str>, key: &str, raw: &str) -> Result<String> {
    let value = typed(key, raw)?;
    edit(text, key, value, Path::new("your settings"))
}

/// A known key's new value, read as the type of its default.
fn typed(key: &str, raw: &str) -> Result<toml::Value> {
    let known = defaults();
    let default = known.get(key).ok_or_else(|| settings_error(unknown_key(key, &known)))?;
    typed_value(key, default, raw).map_err(settings_error)
}

/// [`set_in_text`] with a value already typed; `whence` names the text in
/// the error when it does not parse.
fn edit(current: Option<&str>, key: &str, value: toml::Value, whence: &Path) -> Result<String> {
    let mut doc: toml_edit::DocumentMut = current
        .unwrap_or(TEMPLATE)
        .parse()
        .map_err(|e: toml_edit::TomlError| settings_error(format!("{}: {e}", whence.display())))?;
    let (section, field) = key.split_once('.').unwrap_or((key, ""));
    let item = match value {
        toml::Value::String(s) => toml_edit::value(s),
        toml::Value::Integer(i) => toml_edit::value(i),
        toml::Value::Boolean(b) => toml_edit::value(b),
        toml::Value::Array(items) => {
            let mut array = toml_edit::Array::new();
            for v in items.iter().filter_map(toml::Value::as_str) {
                array.push(v);
            }
            toml_edit::value(array)
        }
        other => toml_edit::value(other.to_string()),
    };
    if !doc.contains_table(section) {
        doc.insert(section, toml_edit::Item::Table(toml_edit::Table::new()));
    }
    if let Some(table) = doc.get_mut(section).and_then(toml_edit::Item::as_table_mut) {
        // Replacing the value in place keeps the comment above the key.
        match table.get_mut(field) {
            Some(existing) => *existing = item,
            None => {
                table.insert(field, item);
            }
        }
    }
    let text = doc.to_string();
    // Checked as the file would be, but worded as the value given: the
    // file itself is not written unless it passes.
    load_from(Some(&text), Path::new(""), |_| None)?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn the_template_is_exactly_the_defaults() {
        let loaded = load_from(Some(TEMPLATE), Path::new("config.toml"), no_env).unwrap();
        // Every key has its words, for the settings page.
        for key in loaded.values.keys() {
            assert!(
                about(key).is_some_and(|a| a.ends_with('.') || a.ends_with(')')),
                "{key}: {:?}",
                about(key)
            );
        }
        assert_eq!(
            about("planner.thank_you_hours").as_deref(),
            Some("Thank-you notes are due within this many hours of the interview's end.")
        );
        assert_eq!(loaded.settings, Settings::default());
        assert_eq!(loaded.values.len(), defaults().len(), "the template lists every key");
    }

    #[test]
    fn file_then_environment_override_defaults() {
        let file = "[calendar]\nregion = \"UK\"\n[planner]\nthank_you_hours = 24\n";
        let env = |var: &str| (var == "AFTERVIEW_PLANNER_THANK_YOU_HOURS").then(|| "36".to_owned());
        let loaded = load_from(Some(file), Path::new("c.toml"), env).unwrap();
        assert_eq!(loaded.settings.calendar.region, "UK");
        assert_eq!(loaded.settings.planner.thank_you_hours, 36);
        assert_eq!(
            loaded.values["planner.thank_you_hours"].1,
            Source::Env("AFTERVIEW_PLANNER_THANK_YOU_HOURS".into())
        );
        assert_eq!(loaded.values["calendar.region"].1, Source::File);
        assert_eq!(loaded.values["user.name"].1, Source::Default);
    }

    #[test]
    fn problems_name_the_key() {
        let err = |file: &str| load_from(Some(file), Path::new("c.toml"), no_env).unwrap_err().to_string();
        assert!(err("[planner]\nthank_you_hour = 3\n").contains("did you mean \"planner.thank_you_hours\"?"));
        assert!(
            err("[planner]\nthank_you_hours = \"soon\"\n")
                .contains("setting planner.thank_you_hours: expected a whole number")
        );
        assert!(
            err("[planner]\nphone_policy = \"always\"\n")
                .contains("setting planner.phone_policy: \"always\" is not a known phone policy")
        );
        assert!(err("[planner]\nthank_you_hours = -4\n").contains("setting planner.thank_you_hours"));
        let env = |var: &str| (var == "AFTERVIEW_PLANNER_STATUS_CHECK_AFTER_DAYS").then(|| "300".to_owned());
        let e = load_from(None, Path::new("c.toml"), env).unwrap_err().to_string();
        assert_eq!(
            e,
            "AFTERVIEW_PLANNER_STATUS_CHECK_AFTER_DAYS: setting planner.status_check_after_days: 300 is out of range: use 1 to 90"
        );
        // Too big for its type: the range, not the type's name (issue 9).
        assert!(
            err("[planner]\nthank_you_hours = 99999999999999\n")
                .contains("setting planner.thank_you_hours: 99999999999999 is out of range: use 1 to 336")
        );
        assert!(err("[calendar\n").starts_with("c.toml: "));
        let env = |var: &str| (var == "AFTERVIEW_CHECKER_MAX_QUESTIONS").then(|| "many".to_owned());
        let e = load_from(None, Path::new("c.toml"), env).unwrap_err().to_string();
        assert_eq!(
            e,
            "AFTERVIEW_CHECKER_MAX_QUESTIONS: setting checker.max_questions takes a whole number, not \"many\""
        );
    }

    #[test]
    fn set_in_text_is_what_set_writes() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::in_folder(dir.path());
        set(&paths, "calendar.region", "UK").unwrap();
        let written = std::fs::read_to_string(&paths.config_file).unwrap();
        assert_eq!(set_in_text(None, "calendar.region", "UK").unwrap(), written);
        let again = set_in_text(Some(&written), "planner.thank_you_hours", "24").unwrap();
        set(&paths, "planner.thank_you_hours", "24").unwrap();
        assert_eq!(std::fs::read_to_string(&paths.config_file).unwrap(), again);
        assert!(set_in_text(Some(&again), "calendar.region", "Mars").is_err());
        let e = set_in_text(Some("[calendar\n"), "calendar.region", "UK").unwrap_err().to_string();
        assert!(e.starts_with("your settings: "), "{e}");
    }

    #[test]
    fn set_keeps_comments_and_refuses_bad_values() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::in_folder(dir.path());
        set(&paths, "calendar.region", "UK").unwrap();
        let text = std::fs::read_to_string(&paths.config_file).unwrap();
        assert!(text.contains("region = \"UK\""));
        assert!(text.contains("# Holiday region for business days"), "comments survive");
        assert!(set(&paths, "calendar.region", "Mars").is_err());
        assert!(set(&paths, "user.time_zone", "Europe/Londn").is_err());
        assert_eq!(
            std::fs::read_to_string(&paths.config_file).unwrap(),
            text,
            "a refused value changes nothing"
        );
        set(&paths, "planner.call_windows", "07:30-08:30, 17:00-18:00").unwrap();
        let loaded = load(&paths).unwrap();
        assert_eq!(loaded.settings.planner.call_windows, ["07:30-08:30", "17:00-18:00"]);
    }
}

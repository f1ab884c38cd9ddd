//! The server's own mail server, so that a job seeker on a server needs no
//! SMTP account of their own for the morning digest: the server's
//! environment (`AFTERVIEW_NOTIFY_SMTP_HOST`, `…_SMTP_PORT`,
//! `…_SMTP_SECURITY`, `…_SMTP_USER`, `…_SMTP_PASSWORD`, `…_FROM`, the names
//! [`settings_file::env_var`] gives those keys) is read once at start
//! ([`ServerMail::from_env`]), and [`settings_for`] puts it around each
//! user's own settings text, with the account's email as `notify.to`.
//!
//! The mail server is taken whole, from the server or from the user, never
//! mixed: a user whose text names a `notify.smtp_host` of their own sends
//! through theirs with their own port, security and login; everyone else
//! sends through the server's exactly as its environment sets it (their
//! own port or login beside the server's host is not used). So the
//! server's login is never sent to a host a user typed, and a user cannot
//! move the server's mail to another port of its host. The sender is the
//! server's `AFTERVIEW_NOTIFY_FROM` when it sets one and its mail server is
//! used, so nobody sends as someone else through the institution's server.

use std::path::Path;

use afterview_core::values::Email;

use crate::error::{Error, Result};
use crate::local::settings_file::{self, Layered, Loaded, Source};

/// The `[notify]` keys a server's environment may give every account.
const KEYS: [&str; 6] = [
    "notify.smtp_host",
    "notify.smtp_port",
    "notify.smtp_security",
    "notify.smtp_user",
    "notify.smtp_password",
    "notify.from",
];

/// How a user's own settings text is named in errors.
pub(crate) const YOURS: &str = "your settings";

/// The server's mail server, as its environment gives it; empty when it
/// gives none (then each user names their own).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ServerMail {
    /// Dotted key → the value as the environment gave it, in [`KEYS`] order.
    values: Vec<(&'static str, String)>,
}

impl std::fmt::Debug for ServerMail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("ServerMail");
        for (key, value) in &self.values {
            let shown = if *key == "notify.smtp_password" { "(set)" } else { value.as_str() };
            d.field(key, &shown);
        }
        d.finish()
    }
}

impl ServerMail {
    /// The server's mail server from its environment (`env` is
    /// `std::env::var` in the program, a table in tests). A value that
    /// cannot be used is an error naming its variable, so a server with a
    /// bad one does not start (every account's settings are made with it).
    pub fn from_env(env: impl Fn(&str) -> Option<String>) -> Result<Self> {
        let values: Vec<(&'static str, String)> = KEYS
            .iter()
            .filter_map(|key| {
                let value = env(&settings_file::env_var(key))?;
                Some((*key, value)).filter(|(_, v)| !v.trim().is_empty())
            })
            .collect();
        let mail = Self { values };
        let host_var = settings_file::env_var("notify.smtp_host");
        if mail.host().is_none() {
            if let Some((key, _)) = mail.values.first() {
                return Err(Error::invalid_input(format!(
                    "{} is set, but {host_var} is not: the server's mail settings need its mail server's \
                     host; set {host_var}, or unset the others",
                    settings_file::env_var(key)
                )));
            }
            return Ok(mail);
        }
        // Checked as every account will load them, worded by variable.
        let over: Vec<Layered<'_>> = mail
            .values
            .iter()
            .map(|(k, v)| (*k, v.as_str(), Source::Env(settings_file::env_var(k))))
            .collect();
        let loaded = settings_file::load_layered(None, Path::new(""), &[], &over, |_| None)?;
        let n = &loaded.settings.notify;
        if n.smtp_user.is_empty() == n.smtp_password.is_set() {
            return Err(Error::invalid_input(format!(
                "{} and {} go together: set both for a mail server that needs a login, or neither",
                settings_file::env_var("notify.smtp_user"),
                settings_file::env_var("notify.smtp_password"),
            )));
        }
        Ok(mail)
    }

    /// Whether the server has a mail server of its own.
    pub fn is_set(&self) -> bool {
        self.host().is_some()
    }

    /// The server's mail server's host, when it has one.
    pub fn host(&self) -> Option<&str> {
        self.values.iter().find(|(k, _)| *k == "notify.smtp_host").map(|(_, v)| v.trim())
    }

    fn layer(&self) -> Vec<Layered<'_>> {
        self.values.iter().map(|(k, v)| (*k, v.as_str(), Source::Server)).collect()
    }
}

/// A user's effective settings on a server, and where each value came
/// from: defaults → the account's email as `notify.to` → their own text
/// → the server's mail server, unless their text names a mail server of
/// its own (see the module's documentation). No other environment
/// variable reaches a user's settings.
pub fn settings_for(text: Option<&str>, email: Option<&str>, mail: &ServerMail) -> Result<Loaded> {
    // An address the settings would refuse is left out rather than making
    // every page of the account fail; accounts' emails are checked anyway.
    let under: Vec<Layered<'_>> = email
        .filter(|e| e.parse::<Email>().is_ok())
        .map(|e| ("notify.to", e, Source::Account))
        .into_iter()
        .collect();
    let over = if names_own_mail_server(text, mail) { Vec::new() } else { mail.layer() };
    settings_file::load_layered(text, Path::new(YOURS), &under, &over, |_| None)
}

/// Whether the text names a mail server (`notify.smtp_host`) other than
/// the server's own. One that cannot be read names none (loading it then
/// says what is wrong with it).
fn names_own_mail_server(text: Option<&str>, mail: &ServerMail) -> bool {
    let host = text
        .and_then(|t| t.parse::<toml::Table>().ok())
        .and_then(|t| t.get("notify")?.get("smtp_host")?.as_str().map(|h| h.trim().to_owned()))
        .unwrap_or_default();
    !host.is_empty() && !mail.host().is_some_and(|h| h.eq_ignore_ascii_case(&host))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use afterview_core::kinds::SmtpSecurity;

    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        move |var| map.get(var).cloned()
    }

    fn relay() -> ServerMail {
        ServerMail::from_env(env(&[
            ("AFTERVIEW_NOTIFY_SMTP_HOST", "smtp.career.example.edu"),
            ("AFTERVIEW_NOTIFY_SMTP_PORT", "2587"),
            ("AFTERVIEW_NOTIFY_SMTP_USER", "afterview"),
            ("AFTERVIEW_NOTIFY_SMTP_PASSWORD", "relay-secret"),
            ("AFTERVIEW_NOTIFY_FROM", "afterview@career.example.edu"),
            // Not one of the server's mail keys: never reaches a user.
            ("AFTERVIEW_CALENDAR_REGION", "UK"),
        ]))
        .unwrap()
    }

    fn source(l: &Loaded, key: &str) -> Source {
        l.values[key].1.clone()
    }

    #[test]
    fn the_servers_mail_server_comes_under_nothing_a_user_named() {
        let l = settings_for(None, Some("ann@example.com"), &relay()).unwrap();
        let n = &l.settings.notify;
        assert_eq!(n.smtp_host, "smtp.career.example.edu");
        assert_eq!(n.port(), 2587);
        assert_eq!(n.smtp_security, SmtpSecurity::Starttls, "the default, as the server leaves it");
        assert_eq!((n.smtp_user.as_str(), n.smtp_password.expose()), ("afterview", "relay-secret"));
        assert_eq!(n.from, "afterview@career.example.edu");
        assert_eq!(n.recipient(&l.settings.user), "ann@example.com");
        assert_eq!(source(&l, "notify.smtp_host"), Source::Server);
        assert_eq!(source(&l, "notify.to"), Source::Account);
        assert_eq!(source(&l, "notify.smtp_security"), Source::Default);
        assert_eq!(l.settings.calendar.region, "US", "only the mail keys come from the server");
        assert!(!format!("{:?}", relay()).contains("relay-secret"));
    }

    #[test]
    fn a_users_own_values_win_and_their_own_mail_server_is_theirs_whole() {
        // Their own address and channel; the server's mail server still.
        let text = "[notify]\nchannel = \"email\"\nto = \"ann.lee@example.org\"\nat = \"07:15\"\n";
        let l = settings_for(Some(text), Some("ann@example.com"), &relay()).unwrap();
        assert_eq!(l.settings.notify.recipient(&l.settings.user), "ann.lee@example.org");
        assert_eq!(source(&l, "notify.to"), Source::File);
        assert_eq!(l.settings.notify.smtp_host, "smtp.career.example.edu");

        // A port or login of theirs beside the server's host is not used:
        // the server's login goes only where the server sends it.
        let text = "[notify]\nsmtp_port = 25\nsmtp_user = \"ann\"\nsmtp_password = \"x\"\nfrom = \"dean@example.edu\"\n";
        let n = settings_for(Some(text), None, &relay()).unwrap().settings.notify;
        assert_eq!(
            (n.port(), n.smtp_user.as_str(), n.smtp_password.expose()),
            (2587, "afterview", "relay-secret")
        );
        assert_eq!(
            n.from, "afterview@career.example.edu",
            "nobody sends as someone else through the server's"
        );

        // Their own mail server: all of it theirs, nothing of the server's.
        let text = "[notify]\nsmtp_host = \"smtp.fastmail.com\"\nsmtp_user = \"ann\"\nsmtp_password = \"own\"\nfrom = \"ann@fastmail.com\"\n";
        let l = settings_for(Some(text), Some("ann@example.com"), &relay()).unwrap();
        let n = &l.settings.notify;
        assert_eq!((n.smtp_host.as_str(), n.port()), ("smtp.fastmail.com", 587));
        assert_eq!((n.smtp_user.as_str(), n.smtp_password.expose()), ("ann", "own"));
        assert_eq!(n.from, "ann@fastmail.com");
        assert_eq!(source(&l, "notify.smtp_port"), Source::Default);
        assert_eq!(n.recipient(&l.settings.user), "ann@example.com", "still to the account's address");

        // Naming the server's own host is using the server's.
        let text = "[notify]\nsmtp_host = \"SMTP.career.example.edu\"\nsmtp_port = 25\n";
        let n = settings_for(Some(text), None, &relay()).unwrap().settings.notify;
        assert_eq!((n.port(), n.smtp_user.as_str()), (2587, "afterview"));
    }

    #[test]
    fn without_a_server_mail_server_a_user_names_their_own() {
        let l = settings_for(None, Some("ann@example.com"), &ServerMail::default()).unwrap();
        assert_eq!(l.settings.notify.smtp_host, "");
        assert_eq!(l.settings.notify.recipient(&l.settings.user), "ann@example.com");
        // An account address the settings would refuse is left out.
        let l = settings_for(None, Some("not an address"), &ServerMail::default()).unwrap();
        assert_eq!(l.settings.notify.to, "");
    }

    #[test]
    fn a_bad_server_value_is_named_by_its_variable() {
        let e = |pairs: &[(&str, &str)]| ServerMail::from_env(env(pairs)).unwrap_err().to_string();
        assert_eq!(
            e(&[("AFTERVIEW_NOTIFY_SMTP_HOST", "smtp.example.edu"), ("AFTERVIEW_NOTIFY_SMTP_PORT", "five")]),
            "AFTERVIEW_NOTIFY_SMTP_PORT: setting notify.smtp_port takes a whole number, not \"five\""
        );
        assert!(
            e(&[
                ("AFTERVIEW_NOTIFY_SMTP_HOST", "smtp.example.edu"),
                ("AFTERVIEW_NOTIFY_SMTP_SECURITY", "none")
            ])
            .starts_with("AFTERVIEW_NOTIFY_SMTP_SECURITY: setting notify.smtp_security: \"none\" would send")
        );
        assert!(
            e(&[("AFTERVIEW_NOTIFY_SMTP_PORT", "25")])
                .starts_with("AFTERVIEW_NOTIFY_SMTP_PORT is set, but AFTERVIEW_NOTIFY_SMTP_HOST is not")
        );
        assert!(
            e(&[("AFTERVIEW_NOTIFY_SMTP_HOST", "smtp.example.edu"), ("AFTERVIEW_NOTIFY_SMTP_USER", "a")])
                .contains("go together")
        );
        assert!(
            e(&[("AFTERVIEW_NOTIFY_SMTP_HOST", "smtp.example.edu"), ("AFTERVIEW_NOTIFY_FROM", "nobody")])
                .starts_with("AFTERVIEW_NOTIFY_FROM: ")
        );
        // Nothing set, or only empty values: no server mail server.
        assert!(!ServerMail::from_env(env(&[("AFTERVIEW_NOTIFY_SMTP_HOST", " ")])).unwrap().is_set());
        // A relay on the server's own machine may go unencrypted.
        let local = ServerMail::from_env(env(&[
            ("AFTERVIEW_NOTIFY_SMTP_HOST", "127.0.0.1"),
            ("AFTERVIEW_NOTIFY_SMTP_PORT", "25"),
            ("AFTERVIEW_NOTIFY_SMTP_SECURITY", "none"),
        ]))
        .unwrap();
        assert_eq!(local.host(), Some("127.0.0.1"));
    }
}

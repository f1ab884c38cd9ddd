//! The multi-user installation: many people's job searches in one
//! PostgreSQL database, as [`crate::local::Local`] is one person's on their
//! own computer. A [`Server`] is the database; [`Server::home`] is one
//! user's corner of it (their store handle and their effective settings),
//! and every use case of the single-user app runs unchanged over it.
//!
//! A user's settings are the defaults, then their own settings text (the
//! same TOML a local settings file holds, kept in their row and changed
//! through [`settings_file::set_in_text`]), with the server's own mail
//! server and the account's email around it ([`settings_for`]); nothing
//! else of the server's environment reaches one user's settings. The
//! server sends each user's morning digest itself ([`send_due`]). Moving a
//! data folder onto the server ([`import_user`]) and taking a user's snapshot ([`export_user`]) go
//! through [`crate::snapshot`], so both speak the same JSON.

use std::path::Path;

use afterview_core::export::snapshot::Snapshot;
use afterview_core::kinds::MessageKind;
use afterview_core::settings::Settings;
use afterview_postgres::{PgPool, PgStore};
use afterview_store::accounts::{Account, Accounts};
use afterview_store::{Profile, Store, UserId};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

mod digests;
mod mail;

pub use digests::{Delivery, Due, Outcome, Pace, Round, Step, deliver, due, send_due};
pub use mail::{ServerMail, settings_for};

use crate::accounts::{self, Link};
use crate::error::{Error, Result};
use crate::local::settings_file::{self, Source};
use crate::setup::{self, SettingRow};
use crate::snapshot::{self, Restored};

use mail::YOURS;

/// One afterview database on a PostgreSQL server, shared by every user.
#[derive(Debug, Clone)]
pub struct Server {
    pub pool: PgPool,
    /// The server's own mail server, every account's default for sending
    /// its digest by email (empty: each names their own).
    pub mail: ServerMail,
}

impl Server {
    /// Connects to the database at `url`, brings its schema up to date,
    /// and reads the server's mail server from the environment
    /// (`AFTERVIEW_NOTIFY_SMTP_HOST` …, see [`ServerMail::from_env`]).
    pub fn connect(url: &str) -> Result<Self> {
        let mail = ServerMail::from_env(|var| std::env::var(var).ok())?;
        Ok(Self { pool: PgPool::connect(url)?, mail })
    }

    /// A server over this pool without a mail server of its own (each
    /// user names theirs); tests and tools that send nothing.
    pub fn new(pool: PgPool) -> Self {
        Self { pool, mail: ServerMail::default() }
    }

    /// One user's home on the server: their store handle and effective
    /// settings (defaults → the account's email as `notify.to` → their own
    /// settings text → the server's mail server, see [`settings_for`]).
    pub fn home(&self, user: UserId) -> Result<Home> {
        let settings = self.settings(user)?.settings;
        Ok(Home { store: self.pool.open(user)?, settings })
    }

    /// A user's effective settings, with where each value came from.
    fn settings(&self, user: UserId) -> Result<settings_file::Loaded> {
        let (text, email) = self.pool.settings_and_email(user)?;
        settings_for(text.as_deref(), email.as_deref(), &self.mail)
    }
}

/// A user's settings text loaded over the defaults alone.
fn load(text: Option<&str>) -> Result<settings_file::Loaded> {
    settings_file::load_from(text, Path::new(YOURS), |_| None)
}

/// One user's job search on the server.
pub struct Home {
    pub store: PgStore,
    pub settings: Settings,
}

impl Home {
    /// The user's own time zone: their setting, else the server's.
    pub fn zone(&self) -> TimeZone {
        crate::local::user_zone(&self.settings)
    }

    /// Today in the user's time zone, unless a day was given.
    pub fn today(&self, given: Option<Date>) -> Date {
        given.unwrap_or_else(|| Timestamp::now().to_zoned(self.zone()).date())
    }
}

/// A user's effective settings, and every key with its value and where it
/// came from: "default", "yours", "server" (its mail server) or "your
/// account" (its email). Secrets only as "(set)" or "(unset)".
pub fn config_list(server: &Server, user: UserId) -> Result<(Settings, Vec<SettingRow>)> {
    let loaded = server.settings(user)?;
    Ok(setup::listing(loaded, |source| match source {
        Source::File => "yours".to_owned(),
        other => other.to_string(),
    }))
}

/// Sets one of a user's settings; a bad value changes nothing. Two changes
/// at once both land (the text is held while it is changed). A user's
/// text holds only what they set (nobody reads a server's comments; the
/// settings page words each key), so every other key stays "default".
pub fn config_set(server: &Server, user: UserId, key: &str, value: &str) -> Result<()> {
    server.pool.edit_settings_text(user, |text| {
        Ok((settings_file::set_in_text(Some(text.unwrap_or("")), key, value)?, ()))
    })
}

/// A user's whole job search as a snapshot: their records, words,
/// templates and settings text (the JSON of `afterview export json`).
pub fn export_user(server: &Server, user: UserId) -> Result<Snapshot> {
    let store = server.pool.open(user)?;
    snapshot::take(&store, &store, server.pool.settings_text(user)?)
}

/// A data folder moved into an account.
#[derive(Debug, Clone)]
pub struct Imported {
    pub account: Account,
    /// Whether the account was made for this (it had none).
    pub created: bool,
    pub restored: Restored,
    /// For an account without a password yet: the reset link its owner
    /// sets one with.
    pub link: Option<Link>,
}

/// Moves a single-user data folder's snapshot into the account with this
/// email, made (a member, without a password) when there is none. Refused
/// when the account already holds anything; the records, words, templates
/// and settings text land in one transaction, so on any failure nothing
/// changed (an account made for it is removed again). An account without
/// a password gets a reset link to set one.
pub fn import_user(server: &Server, email: &str, s: &Snapshot, now: Timestamp) -> Result<Imported> {
    if let Some(text) = &s.settings {
        // Settings that cannot be loaded would stop every page of theirs.
        load(Some(text)).map_err(|e| {
            Error::invalid_input(format!("the folder's settings cannot be used ({e}); nothing was moved"))
        })?;
    }
    let acc = &server.pool;
    let (account, created) = match acc.account_by_email(email)? {
        Some(a) => (a, false),
        None => {
            let name = s
                .settings
                .as_deref()
                .and_then(|t| load(Some(t)).ok())
                .map(|l| l.settings.user.name)
                .unwrap_or_default();
            match accounts::create_without_password(acc, email, &name, now)? {
                Some(a) => (a, true),
                // Made by someone else a moment ago: theirs, not ours to fill.
                None => {
                    return Err(Error::refused(format!(
                        "an account for {email} was made meanwhile; try again"
                    )));
                }
            }
        }
    };
    let restored = restore_into(server, &account, s);
    let restored = match restored {
        Ok(r) => r,
        Err(e) => {
            if created {
                // Nothing of it may stay: the account was made for this.
                let _ = acc.remove_user(account.id);
            }
            return Err(e);
        }
    };
    let link = match acc.password_hash(account.id)? {
        Some(_) => None,
        None => Some(accounts::reset_link(acc, &account.email, now)?),
    };
    Ok(Imported { account, created, restored, link })
}

fn restore_into(server: &Server, account: &Account, s: &Snapshot) -> Result<Restored> {
    let mut store = server.pool.open(account.id)?;
    let has_profile = !store.words()?.is_empty()
        || MessageKind::ALL
            .iter()
            .map(|k| store.template(*k))
            .collect::<Result<Vec<_>, _>>()?
            .iter()
            .any(Option::is_some)
        || server.pool.settings_text(account.id)?.is_some();
    if has_profile || store.application_count()? > 0 {
        return Err(already_holds(account));
    }
    snapshot::restore_with(&mut store, s, |tx| {
        tx.replace_words(&s.words)?;
        for t in &s.templates {
            tx.set_template(t.kind, Some(&t.text))?;
        }
        tx.set_settings_text(s.settings.as_deref())?;
        Ok(Vec::new())
    })
    .map_err(|e| match e {
        Error::Refused { .. } => already_holds(account),
        other => other,
    })
}

fn already_holds(account: &Account) -> Error {
    Error::refused(format!(
        "the account of {} already holds data, and a data folder moves only into an empty one; \
         nothing was changed. Export it first and remove what it holds, or move the folder into a new account",
        account.email
    ))
}

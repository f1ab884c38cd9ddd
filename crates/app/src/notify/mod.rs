//! `afterview notify`: the day's digest (what is due today and overdue,
//! from the agenda, made by [`afterview_core::notify::digest`]) sent through
//! the channel set in `[notify]`: an email over SMTP ([`email`]) or a push to
//! an ntfy topic ([`ntfy`]), or printed for cron to mail. What was sent is
//! recorded, so a task goes out once a day per channel; a send that fails
//! records nothing, and one that succeeds records all of its tasks in one
//! transaction.

mod email;
mod ntfy;

use std::collections::HashSet;

use afterview_core::agenda::{self, closed_since};
use afterview_core::kinds::NotifyChannel;
use afterview_core::notify::{Digest, digest};
use afterview_core::settings::Settings;
use afterview_store::{Notification, Store, Tx};
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::error::{Error, Result};

/// Where a digest goes: the channel of the settings, or standard output
/// (`--to-stdout`, for cron to mail), recorded under its own name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Channel(NotifyChannel),
    Stdout,
}

impl Route {
    /// The name it is recorded under: `email`, `ntfy`, `stdout`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Channel(c) => c.as_str(),
            Self::Stdout => "stdout",
        }
    }
}

/// What is due and not yet sent today through `route`.
#[derive(Debug, Clone)]
pub struct Pending {
    /// `None` when nothing is left to send.
    pub digest: Option<Digest>,
    /// Tasks due today or overdue that were already sent today this way.
    pub already_sent: usize,
}

/// The digest of what is due on `today` and not yet sent through `route`;
/// nothing is sent or recorded (this is `--dry-run`).
pub fn pending(
    store: &impl Store,
    settings: &Settings,
    today: Date,
    zone: &TimeZone,
    route: Route,
) -> Result<Pending> {
    let facts = store.facts(closed_since(today))?;
    let agenda = agenda::build(&facts, settings, today);
    let sent: HashSet<_> = store
        .notifications(today)?
        .into_iter()
        .filter(|n| n.channel == route.name())
        .map(|n| n.task)
        .collect();
    let due = agenda.due_today.iter().chain(&agenda.overdue).filter_map(|i| i.task.as_ref());
    let already_sent = due.filter(|t| sent.contains(*t)).count();
    Ok(Pending { digest: digest(&agenda, &sent, zone), already_sent })
}

/// What a run did.
#[derive(Debug, Clone)]
pub enum Notified {
    /// Nothing due that was not already sent today.
    Nothing { already_sent: usize },
    /// Sent (and recorded): the digest, and where it went, as the user
    /// would say it ("maya@example.com", "your ntfy topic on ntfy.sh").
    Sent { digest: Digest, to: String },
}

/// Sends what is pending through `route` with `send`, which returns where
/// it went or the server's reason for refusing it; only after a send that
/// worked are its tasks recorded, in one transaction.
pub fn notify(
    store: &mut impl Store,
    settings: &Settings,
    today: Date,
    zone: &TimeZone,
    route: Route,
    now: jiff::Timestamp,
    send: impl FnOnce(&Digest) -> Result<String>,
) -> Result<Notified> {
    let Pending { digest, already_sent } = pending(store, settings, today, zone, route)?;
    let Some(digest) = digest else {
        return Ok(Notified::Nothing { already_sent });
    };
    let to = send(&digest)?;
    let sent: Vec<Notification> = digest
        .tasks
        .iter()
        .map(|task| Notification {
            day: today,
            task: task.clone(),
            channel: route.name().to_owned(),
            sent_at: now,
        })
        .collect();
    store.write(|tx| tx.record_notifications(&sent)).map_err(|e| {
        Error::refused(format!(
            "the reminder went to {to}, but it could not be recorded ({e}), so the next run today will send it again"
        ))
    })?;
    Ok(Notified::Sent { digest, to })
}

/// Sends a digest through the channel of the settings (no network but
/// the server named there). Returns where it went, or the server's reason.
pub fn send(settings: &Settings, digest: &Digest) -> Result<String> {
    let n = &settings.notify;
    n.ready(&settings.user).map_err(|e| Error::refused(format!("cannot send reminders yet: {e}")))?;
    match n.channel {
        NotifyChannel::Email => email::send(n, &settings.user, digest),
        NotifyChannel::Ntfy => ntfy::send(n, digest),
        NotifyChannel::None => Err(Error::refused("notify.channel is \"none\"")),
    }
}

/// The channel in one line, for `doctor` and `config list`: where the
/// reminders go, or what is missing. Never shows a password or token.
pub fn describe_channel(settings: &Settings) -> String {
    let n = &settings.notify;
    let what = match n.channel {
        NotifyChannel::None => {
            return "none (`afterview notify` sends nothing; see the README's \"Reminders on your phone\")"
                .into();
        }
        NotifyChannel::Email => format!(
            "email to {} through {}:{} ({}{}) at {}",
            Some(n.recipient(&settings.user)).filter(|s| !s.is_empty()).unwrap_or("(no address)"),
            Some(n.smtp_host.as_str()).filter(|s| !s.is_empty()).unwrap_or("(no server)"),
            n.port(),
            n.smtp_security,
            if n.smtp_user.is_empty() {
                String::new()
            } else {
                format!(", login {}, password {}", n.smtp_user, n.smtp_password.shown())
            },
            n.at
        ),
        NotifyChannel::Ntfy => format!(
            "ntfy push to {} (priority {}, token {}) at {}",
            ntfy::place(&n.ntfy_url),
            n.ntfy_priority,
            n.ntfy_token.shown(),
            n.at
        ),
    };
    match n.ready(&settings.user) {
        Ok(()) => what,
        Err(e) => format!("{what}; not ready: {e}"),
    }
}

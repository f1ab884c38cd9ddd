//! The morning digests a server sends by itself, in place of each local
//! user's timer: each account whose `notify.channel` is set gets the
//! digest of `afterview notify` ([`crate::notify::notify`]: what is due
//! today and overdue, not sent yet today) once it is `notify.at` on its own
//! clock (`user.time_zone`), through its channel.
//!
//! [`due`] says which accounts are due at an instant; [`send_due`] sends
//! them one after the other, each through its own store, and says per
//! account what happened; one account's failure never stops the others.
//! The sender is a parameter ([`deliver`] in the server, a recording one in
//! tests), and no clock is read: `now` is given.
//!
//! Of a server's processes only one sends at a time: a round holds the
//! database's [`Job::Digests`] lock, and a process that finds it taken does
//! nothing that round. What was sent is read and recorded inside it, so a
//! digest goes out once however many processes there are. An account is
//! looked at again a quarter of an hour after a round that sent it or found
//! nothing for it, and one that failed waits longer each time ([`Pace`]).

use std::collections::HashMap;
use std::net::IpAddr;

use afterview_core::kinds::NotifyChannel;
use afterview_core::notify::Digest;
use afterview_core::settings::{Settings, parse_ntfy_url};
use afterview_postgres::Job;
use afterview_store::UserId;
use afterview_store::accounts::Account;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::{Server, settings_for};
use crate::error::{Error, Result};
use crate::notify::{self, Notified, Route};

/// An account whose digest is due: its settings, its zone and today there,
/// and what it would send now.
#[derive(Debug, Clone)]
pub struct Due {
    pub account: Account,
    pub settings: Settings,
    pub zone: TimeZone,
    pub today: Date,
    pub digest: Digest,
}

/// What happened to one account in a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Sent and recorded: how many tasks, and where it went as the user
    /// would say it (an address: never for the log).
    Sent { tasks: usize, to: String },
    /// Nothing due that was not already sent today.
    Nothing,
    /// Not sent (or sent and not recorded, at [`Step::Record`]: then the
    /// next try sends it again); `reason` is the user's to read, not the
    /// log's (it can name their address or their mail server).
    Failed { step: Step, reason: String },
    /// It failed before and is tried again at `until`.
    Waiting { until: Timestamp },
}

/// Where a failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Reading the account's data, before anything was sent.
    Read,
    /// Sending: the channel refused or could not be reached.
    Send,
    /// Recording what was sent, after it went out.
    Record,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Send => "send",
            Self::Record => "record",
        }
    }
}

/// One account's share of a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub user: UserId,
    pub channel: NotifyChannel,
    pub outcome: Outcome,
}

/// A round of [`send_due`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Round {
    /// This process sent: every account past its time, in id order.
    Done(Vec<Delivery>),
    /// Another process holds the lock (it is sending now): nothing done.
    Elsewhere,
}

/// When each account is looked at next, kept by the process that sends
/// between its rounds (another process keeps its own). An account a round
/// sent to, or found nothing for, is looked at again 15 minutes later, not
/// every minute: reading an agenda is most of a round's work, and a task
/// that becomes due later in the day (something was recorded meanwhile)
/// still goes out within a quarter of an hour. One that failed waits 5 minutes, then 10, 20, 40, then an hour
/// each time, so a mail server that is down is not asked every minute for
/// every account.
#[derive(Debug, Default)]
pub struct Pace {
    next: HashMap<UserId, Next>,
}

#[derive(Debug, Clone, Copy)]
struct Next {
    at: Timestamp,
    /// Failures in a row (0 after a look that worked).
    failures: u32,
}

impl Pace {
    const AGAIN: SignedDuration = SignedDuration::from_mins(15);
    const FIRST_RETRY: SignedDuration = SignedDuration::from_mins(5);
    const LONGEST_RETRY: SignedDuration = SignedDuration::from_hours(1);

    /// When `user` is looked at next, if later than `now`, and whether
    /// that is because the last try failed.
    pub fn waiting(&self, user: UserId, now: Timestamp) -> Option<(Timestamp, bool)> {
        self.next.get(&user).filter(|n| n.at > now).map(|n| (n.at, n.failures > 0))
    }

    fn looked(&mut self, user: UserId, now: Timestamp) {
        self.next.insert(user, Next { at: now + Self::AGAIN, failures: 0 });
    }

    fn failed(&mut self, user: UserId, now: Timestamp) {
        let failures = self.next.get(&user).map_or(0, |n| n.failures).saturating_add(1);
        let wait = (1..failures).fold(Self::FIRST_RETRY, |w, _| (w * 2).min(Self::LONGEST_RETRY));
        self.next.insert(user, Next { at: now + wait, failures });
    }
}

/// A candidate for a round: past its time with a channel that can send.
struct Candidate {
    account: Account,
    settings: Settings,
    zone: TimeZone,
    today: Date,
}

impl Candidate {
    fn route(&self) -> Route {
        Route::Channel(self.settings.notify.channel)
    }
}

/// The accounts past their `notify.at` at `now` on their own clock: not
/// disabled, with a channel other than `none` that has what it needs
/// (`Notify::ready`; one that does not is the settings page's to say, not
/// a failure every minute). Settings that cannot be loaded send nothing
/// (every page of that account says why). No agenda is read here.
fn candidates(server: &Server, now: Timestamp) -> Result<Vec<Candidate>> {
    let mut out = Vec::new();
    for (account, text) in server.pool.accounts_with_settings()? {
        if account.disabled {
            continue;
        }
        let Ok(loaded) = settings_for(text.as_deref(), Some(&account.email), &server.mail) else {
            continue;
        };
        let settings = loaded.settings;
        let n = &settings.notify;
        if n.channel == NotifyChannel::None || n.ready(&settings.user).is_err() {
            continue;
        }
        let zone = crate::local::user_zone(&settings);
        let here = now.to_zoned(zone.clone());
        if here.time() < n.time() {
            continue;
        }
        out.push(Candidate { today: here.date(), account, settings, zone });
    }
    Ok(out)
}

/// The accounts due at `now`: past their `notify.at` today on their own
/// clock, not disabled, their channel set (and ready), and today's digest
/// still has something unsent. Nothing is sent or recorded; an account
/// whose data cannot be read is left out (a round reports it).
pub fn due(server: &Server, now: Timestamp) -> Result<Vec<Due>> {
    let mut out = Vec::new();
    for c in candidates(server, now)? {
        let Ok(store) = server.pool.open(c.account.id) else { continue };
        let Ok(pending) = notify::pending(&store, &c.settings, c.today, &c.zone, c.route()) else {
            continue;
        };
        if let Some(digest) = pending.digest {
            out.push(Due { account: c.account, settings: c.settings, zone: c.zone, today: c.today, digest });
        }
    }
    Ok(out)
}

/// One round: under the server's digests lock (or nothing, [`Round::Elsewhere`],
/// when another process holds it), every account past its time gets what
/// is due and unsent through [`notify::notify`] with `send` (given the
/// account, its settings and the digest; it returns where the digest went,
/// or why not), recorded when sent. An account looked at a moment ago
/// ([`Pace`]) is left for a later round: after a failure it is listed as
/// [`Outcome::Waiting`], otherwise not at all. An error is returned only
/// when the round could not start (no lock, no list of accounts).
pub fn send_due(
    server: &Server,
    now: Timestamp,
    pace: &mut Pace,
    mut send: impl FnMut(&Account, &Settings, &Digest) -> Result<String>,
) -> Result<Round> {
    let Some(mut lock) = server.pool.try_lock_job(Job::Digests)? else {
        return Ok(Round::Elsewhere);
    };
    let candidates = candidates(server, now)?;
    // Accounts not sending now (before their time, turned off, removed)
    // start afresh when they are back.
    pace.next.retain(|user, _| candidates.iter().any(|c| c.account.id == *user));
    let mut done = Vec::with_capacity(candidates.len());
    for c in candidates {
        let (user, channel) = (c.account.id, c.settings.notify.channel);
        match pace.waiting(user, now) {
            Some((until, true)) => {
                done.push(Delivery { user, channel, outcome: Outcome::Waiting { until } });
                continue;
            }
            Some((_, false)) => continue,
            None => {}
        }
        let mut step = Step::Read;
        let mut lost = false;
        let result = server.pool.open(user).map_err(Error::from).and_then(|mut store| {
            notify::notify(&mut store, &c.settings, c.today, &c.zone, c.route(), now, |digest| {
                // Its connection was cut: the lock may be another's by now.
                if !lock.held() {
                    lost = true;
                    return Err(Error::refused("the digests' lock was lost"));
                }
                step = Step::Send;
                let to = send(&c.account, &c.settings, digest)?;
                step = Step::Record;
                Ok(to)
            })
        });
        if lost {
            break;
        }
        let outcome = match result {
            Ok(Notified::Nothing { .. }) => Outcome::Nothing,
            Ok(Notified::Sent { digest, to }) => Outcome::Sent { tasks: digest.tasks.len(), to },
            Err(e) => Outcome::Failed { step, reason: e.to_string() },
        };
        match outcome {
            Outcome::Failed { .. } => pace.failed(user, now),
            _ => pace.looked(user, now),
        }
        done.push(Delivery { user, channel, outcome });
    }
    drop(lock);
    Ok(Round::Done(done))
}

/// Sends a digest as the server does: through the channel of the settings
/// ([`notify::send`]), except to a place on the server's own machine or
/// network that a user named (a mail server or an ntfy topic on loopback,
/// a private or link-local address): the server would otherwise reach,
/// for anyone with an account, what only it can reach. The server's own
/// mail server may be anywhere. (A name is not resolved here, so a public
/// name pointing inward is not caught; a firewall is the place for that.)
pub fn deliver(server: &Server, settings: &Settings, digest: &Digest) -> Result<String> {
    let n = &settings.notify;
    let inward = match n.channel {
        NotifyChannel::Email => {
            let host = n.smtp_host.trim();
            let servers = server.mail.host().is_some_and(|h| h.eq_ignore_ascii_case(host));
            (!servers && inward(host)).then(|| format!("the mail server {host}"))
        }
        NotifyChannel::Ntfy => parse_ntfy_url(&n.ntfy_url)
            .ok()
            .filter(|u| inward(&u.host))
            .map(|u| format!("the ntfy server {}", u.host)),
        NotifyChannel::None => None,
    };
    if let Some(what) = inward {
        return Err(Error::refused(format!(
            "{what} is on this server's own machine or network, where it sends nothing for an account; \
             name one on the internet{}",
            if server.mail.is_set() && n.channel == NotifyChannel::Email {
                ", or leave notify.smtp_host empty to send through the server's"
            } else {
                ""
            }
        )));
    }
    notify::send(settings, digest)
}

/// A host on this machine or its private network, by its name or address.
fn inward(host: &str) -> bool {
    let bare = host.trim().trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
    if bare == "localhost" || bare.ends_with(".localhost") {
        return true;
    }
    match bare.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => {
            let [a, b, ..] = ip.octets();
            ip.is_loopback()
                || ip.is_private()
                || ip.is_link_local()
                || ip.is_unspecified()
                || ip.is_broadcast()
                // Carrier-grade NAT, 100.64.0.0/10: inside someone's network.
                || (a == 100 && (64..128).contains(&b))
        }
        Ok(IpAddr::V6(ip)) => {
            ip.is_loopback()
                || ip.is_unspecified()
                || ip.is_unique_local()
                || ip.is_unicast_link_local()
                || ip.to_ipv4_mapped().is_some_and(|v4| inward(&v4.to_string()))
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_looked_at_again_later_and_a_failing_one_later_each_time() {
        let t0: Timestamp = "2026-11-20T08:00:00Z".parse().unwrap();
        let user = UserId(7);
        let mut pace = Pace::default();
        assert_eq!(pace.waiting(user, t0), None);
        pace.looked(user, t0);
        let again = t0 + SignedDuration::from_mins(15);
        assert_eq!(pace.waiting(user, t0 + SignedDuration::from_mins(14)), Some((again, false)));
        assert_eq!(pace.waiting(user, again), None);
        let mut waits = Vec::new();
        let mut now = again;
        for _ in 0..6 {
            pace.failed(user, now);
            let (until, failed) = pace.waiting(user, now).unwrap();
            assert!(failed);
            waits.push(until.duration_since(now).as_mins());
            assert_eq!(pace.waiting(user, until), None, "tried again at the time it says");
            now = until;
        }
        assert_eq!(waits, [5, 10, 20, 40, 60, 60]);
        pace.looked(user, now);
        pace.failed(user, now);
        assert_eq!(pace.waiting(user, now).map(|(u, _)| u.duration_since(now).as_mins()), Some(5), "afresh");
    }

    #[test]
    fn inward_places_are_known_by_name_and_address() {
        for host in [
            "localhost",
            "LocalHost",
            "x.localhost",
            "127.0.0.1",
            "127.1.2.3",
            "10.1.2.3",
            "172.16.0.9",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "[::1]",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
        ] {
            assert!(inward(host), "{host}");
        }
        for host in ["smtp.fastmail.com", "ntfy.sh", "8.8.8.8", "100.128.0.1", "2001:db8::1", "172.32.0.1"] {
            assert!(!inward(host), "{host}");
        }
    }
}

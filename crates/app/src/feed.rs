//! The subscribable calendar feed: a URL with a secret in it that a
//! calendar program fetches again and again, so it always holds the live
//! agenda (new tasks appear, done or skipped ones become cancelled events).
//! The secret is the feed's only key, since calendar programs send no
//! cookie: it is random, kept in the store's meta table, and can be
//! replaced, which cuts off every old subscription at once.

use afterview_store::{Store, Tx};
use jiff::civil::Date;

use crate::agenda::{CalendarExport, export_ics};
use crate::error::{Error, Kind, Result};
use afterview_core::settings::Settings;

/// The `meta` key the secret is kept under.
const SECRET_KEY: &str = "feed_secret";

/// The shortest secret accepted: a guessable one would open the agenda to
/// anyone on the network.
const MIN_SECRET: usize = 32;

/// The feed's secret, if one was made.
pub fn secret(store: &impl Store) -> Result<Option<String>> {
    Ok(store.meta(SECRET_KEY)?)
}

/// The feed's secret, made from `fresh` when there is none yet.
pub fn ensure_secret(store: &mut impl Store, fresh: impl FnOnce() -> String) -> Result<String> {
    if let Some(s) = secret(store)? {
        return Ok(s);
    }
    rotate(store, fresh())
}

/// Replaces the secret: every URL with the old one stops working.
pub fn rotate(store: &mut impl Store, new: String) -> Result<String> {
    if new.len() < MIN_SECRET || !new.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::invalid("secret", format!("needs {MIN_SECRET} letters or digits at least")));
    }
    store.write(|tx| tx.set_meta(SECRET_KEY, &new))?;
    Ok(new)
}

/// Compares in time that does not depend on where the texts differ, so the
/// secret cannot be found a byte at a time by timing.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The calendar file for a request that gave `given` as the secret; a
/// wrong or missing secret is "not found", the same as no feed at all.
pub fn calendar(
    store: &mut impl Store,
    settings: &Settings,
    today: Date,
    now: jiff::Timestamp,
    given: &str,
) -> Result<CalendarExport> {
    match secret(store)? {
        Some(s) if same(s.as_bytes(), given.as_bytes()) => export_ics(store, settings, today, now),
        _ => Err(Error::not_found(Kind::Feed, "at that address")),
    }
}

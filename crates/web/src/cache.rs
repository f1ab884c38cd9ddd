//! A rendered page kept while nothing it shows can have changed: the same
//! day, the same settings, the same session, and no commit to the database
//! since, by this server or by the command line beside it. A connection
//! kept open only to ask SQLite's `PRAGMA data_version` notices any commit,
//! from any process. The version is read *before* the page's data, so a
//! commit in between makes the next request compute afresh: a kept page
//! is never older than its version says.

use std::path::PathBuf;
use std::sync::Mutex;

use afterview_core::settings::Settings;
use afterview_sqlite::SqliteStore;
use axum::body::Bytes;
use jiff::civil::Date;

/// What a kept page depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    version: i64,
    today: Date,
    settings: Settings,
    csrf: String,
}

pub struct PageCache {
    database: PathBuf,
    /// Opened at the first lookup; dropped (and reopened) after an error.
    watch: Mutex<Option<SqliteStore>>,
    kept: Mutex<Option<(Key, Bytes)>>,
}

impl PageCache {
    pub fn new(database: PathBuf) -> Self {
        Self { database, watch: Mutex::new(None), kept: Mutex::new(None) }
    }

    /// The key of a page computed from now on; `None` when the database
    /// cannot be watched (then nothing is kept).
    pub fn key(&self, today: Date, settings: &Settings, csrf: &str) -> Option<Key> {
        let mut watch = self.watch.lock().ok()?;
        if watch.is_none() {
            *watch = SqliteStore::open(&self.database).ok();
        }
        match watch.as_ref()?.data_version() {
            Ok(version) => Some(Key { version, today, settings: settings.clone(), csrf: csrf.to_owned() }),
            Err(_) => {
                *watch = None;
                None
            }
        }
    }

    /// The page kept under `key`, if it is still the one.
    pub fn get(&self, key: &Key) -> Option<Bytes> {
        let kept = self.kept.lock().ok()?;
        kept.as_ref().filter(|(k, _)| k == key).map(|(_, page)| page.clone())
    }

    pub fn put(&self, key: Key, page: Bytes) {
        if let Ok(mut kept) = self.kept.lock() {
            *kept = Some((key, page));
        }
    }
}

//! The automatic daily backups of the database: before anything is changed
//! on a day (at the first open of the day, by any command that can write),
//! a consistent copy goes to `backups/afterview-YYYY-MM-DD.db` in the data
//! folder, private like the rest, and only the last [`KEEP`] days are kept.
//! A damaged database is never copied (the copy would push a good backup
//! out), so a corrupted or mistaken database can always be rolled back with
//! `doctor --restore`.

use std::path::{Path, PathBuf};

use afterview_sqlite::SqliteStore;
use afterview_store::Store;
use jiff::civil::Date;

use crate::error::{Error, Result};
use crate::local::paths::{Paths, create_private_dir};

/// How many daily backups are kept.
pub const KEEP: usize = 7;

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub path: PathBuf,
    /// The day it was made, from its name.
    pub day: Date,
    pub bytes: u64,
}

/// Where the backups are.
pub fn dir(paths: &Paths) -> PathBuf {
    paths.data_dir.join("backups")
}

fn io(path: &Path, e: std::io::Error) -> Error {
    Error::Storage(afterview_store::Error::io(path, e))
}

/// The backups there are, newest first.
pub fn list(paths: &Paths) -> Result<Vec<Backup>> {
    let dir = dir(paths);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(&dir, e)),
    };
    let mut found: Vec<Backup> = entries
        .filter_map(std::result::Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let day = name.strip_prefix("afterview-")?.strip_suffix(".db")?.parse::<Date>().ok()?;
            let bytes = entry.metadata().ok()?.len();
            Some(Backup { path: entry.path(), day, bytes })
        })
        .collect();
    found.sort_by_key(|b| std::cmp::Reverse(b.day));
    Ok(found)
}

/// Today's backup, unless there is one already, and the oldest pruned.
/// Returns the new backup's path. An empty database is not backed up.
/// Refuses with [`afterview_store::Error::Damaged`] when the database fails
/// its quick check.
pub fn daily(store: &SqliteStore, paths: &Paths, today: Date) -> Result<Option<PathBuf>> {
    let dir = dir(paths);
    let dest = dir.join(format!("afterview-{today}.db"));
    if dest.exists() || store.application_count()? == 0 {
        return Ok(None);
    }
    create_private_dir(&dir)?;
    store.backup(&dest)?;
    prune(paths)?;
    Ok(Some(dest))
}

/// Keeps the newest [`KEEP`] backups, and removes copies that a killed
/// afterview left half made (an hour old or more: none is still being made).
fn prune(paths: &Paths) -> Result<()> {
    for old in list(paths)?.into_iter().skip(KEEP) {
        std::fs::remove_file(&old.path).map_err(|e| io(&old.path, e))?;
    }
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in std::fs::read_dir(dir(paths)).map_err(|e| io(&dir(paths), e))?.flatten() {
        let stale = entry.file_name().to_string_lossy().ends_with(".partial")
            && entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t < hour_ago);
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use afterview_core::demo;
    use afterview_store::Tx;

    fn store_with_data(paths: &Paths) -> SqliteStore {
        std::fs::create_dir_all(&paths.data_dir).unwrap();
        let mut store = SqliteStore::open(&paths.database()).unwrap();
        let bundle = demo::showcase(jiff::civil::date(2026, 11, 20)).remove(0);
        store.write(|tx| tx.import_bundle(&bundle)).unwrap();
        store
    }

    #[test]
    fn one_backup_a_day_and_only_the_last_seven_days() {
        let tmp = tempfile::tempdir().unwrap();
        let paths = Paths::in_folder(tmp.path());
        let store = store_with_data(&paths);
        let first = jiff::civil::date(2026, 11, 1);
        for n in 0..10 {
            let day = first + jiff::ToSpan::days(n);
            let made = daily(&store, &paths, day).unwrap();
            assert_eq!(made, Some(dir(&paths).join(format!("afterview-{day}.db"))));
            assert_eq!(
                daily(&store, &paths, day).unwrap(),
                None,
                "a second open on the same day copies nothing"
            );
        }
        let kept: Vec<Date> = list(&paths).unwrap().into_iter().map(|b| b.day).collect();
        let expected: Vec<Date> = (3..10).rev().map(|n| first + jiff::ToSpan::days(n)).collect();
        assert_eq!(kept, expected);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&list(&paths).unwrap()[0].path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "backups are private");
            let mode = std::fs::metadata(dir(&paths)).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "the backups folder is private");
        }
    }

    #[test]
    fn an_empty_database_is_not_backed_up() {
        let tmp = tempfile::tempdir().unwrap();
        let paths = Paths::in_folder(tmp.path());
        let store = SqliteStore::open(&paths.database()).unwrap();
        assert_eq!(daily(&store, &paths, jiff::civil::date(2026, 11, 1)).unwrap(), None);
        assert!(list(&paths).unwrap().is_empty());
    }
}

//! Looking after the database file itself: `check` runs SQLite's full
//! integrity check and lists the backups there are; `restore` puts a backup
//! back, after checking it, and keeps the file it replaces aside (renamed,
//! never deleted), so that even a mistaken restore can be undone.

use std::path::{Path, PathBuf};

use afterview_sqlite::SqliteStore;
use afterview_store::Maintenance;

use crate::error::{Error, Result};
use crate::local::backups::{self, Backup};
use crate::local::{Local, paths};

/// What `check` found.
#[derive(Debug)]
pub struct Report {
    pub database: PathBuf,
    pub health: Health,
    /// The schema version of a database that could be opened.
    pub schema_version: Option<i64>,
    /// Why the database can only be read here, when it can.
    pub read_only: Option<String>,
    pub backups_dir: PathBuf,
    /// Newest first.
    pub backups: Vec<Backup>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Health {
    /// There is no database yet (nothing recorded).
    Missing,
    /// Every page and index checked out.
    Whole,
    /// What is wrong, in SQLite's words or afterview's.
    Damaged(Vec<String>),
}

impl Report {
    pub fn is_damaged(&self) -> bool {
        matches!(self.health, Health::Damaged(_))
    }
}

/// The full integrity check of the database, and the backups there are.
pub fn check(local: &Local) -> Result<Report> {
    let database = local.paths.database();
    let mut report = Report {
        health: Health::Missing,
        schema_version: None,
        read_only: None,
        backups_dir: backups::dir(&local.paths),
        backups: backups::list(&local.paths)?,
        database,
    };
    if !report.database.exists() {
        return Ok(report);
    }
    match SqliteStore::open_existing(&report.database) {
        Ok(store) => {
            let problems = Maintenance::problems(&store, true)?;
            report.health = if problems.is_empty() { Health::Whole } else { Health::Damaged(problems) };
            report.schema_version = store.schema_version().ok();
            report.read_only = store.read_only().map(str::to_owned);
        }
        Err(afterview_store::Error::Damaged { problem, .. }) => {
            report.health = Health::Damaged(vec![problem])
        }
        Err(e) => return Err(e.into()),
    }
    Ok(report)
}

/// What `restore` did.
#[derive(Debug)]
pub struct Restored {
    pub database: PathBuf,
    pub from: Backup,
    /// The files the restored database replaced, renamed beside it.
    pub kept_aside: Vec<PathBuf>,
}

/// Puts a backup back in place of the database: `which` is a backup's day
/// (`2026-11-20`) or file; without it, the newest backup that checks out
/// whole. The backup is copied, brought up to date and checked before
/// anything is moved; the database it replaces (and its WAL files, which
/// must not be applied to another file) is renamed to
/// `afterview.db.replaced-TIME` beside it. Run it while no other afterview
/// is running.
pub fn restore(local: &Local, which: Option<&str>) -> Result<Restored> {
    let all = backups::list(&local.paths)?;
    let candidates: Vec<Backup> = match which {
        None => all.clone(),
        Some(w) => match all.iter().find(|b| b.day.to_string() == w || b.path == Path::new(w)) {
            Some(b) => vec![b.clone()],
            None if Path::new(w).is_file() => {
                let path = PathBuf::from(w);
                let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                vec![Backup { path, day: jiff::Timestamp::now().to_zoned(local.zone()).date(), bytes }]
            }
            None => {
                return Err(Error::invalid_with_fix(
                    "restore",
                    format!("there is no backup {w:?}"),
                    available(&all),
                ));
            }
        },
    };
    if candidates.is_empty() {
        return Err(Error::refused(format!(
            "there are no backups in {} to restore from",
            backups::dir(&local.paths).display()
        )));
    }
    let database = local.paths.database();
    let mut refusals = Vec::new();
    for backup in candidates {
        let copy = database.with_file_name(format!(".afterview.db.restoring-{}", std::process::id()));
        match verified_copy(&backup.path, &copy) {
            Ok(()) => {
                let kept_aside = paths::with_lock(&local.paths, || swap_in(&copy, &database))?;
                return Ok(Restored { database, from: backup, kept_aside });
            }
            Err(problem) => {
                for f in [copy.clone(), sidecar(&copy, "-wal"), sidecar(&copy, "-shm")] {
                    let _ = std::fs::remove_file(f);
                }
                refusals.push(format!("{} {problem}", backup.path.display()));
            }
        }
    }
    Err(Error::refused(format!("no backup could be restored: {}", refusals.join("; "))))
}

fn available(all: &[Backup]) -> String {
    if all.is_empty() {
        return "there are no backups yet".into();
    }
    let days: Vec<String> = all.iter().map(|b| b.day.to_string()).collect();
    format!("give one of {} or a backup file's path", days.join(", "))
}

/// Copies `backup` to `copy`, brings it to this build's schema and checks
/// it whole; says what is wrong otherwise.
fn verified_copy(backup: &Path, copy: &Path) -> std::result::Result<(), String> {
    std::fs::copy(backup, copy).map_err(|e| format!("cannot be read ({e})"))?;
    let store = SqliteStore::open_existing(copy).map_err(|e| format!("cannot be used ({e})"))?;
    let problems = Maintenance::problems(&store, true).map_err(|e| format!("cannot be checked ({e})"))?;
    if let Some(problem) = problems.first() {
        return Err(format!("is damaged too ({problem})"));
    }
    Ok(())
}

/// Moves the database and its WAL files aside and the verified copy in.
fn swap_in(copy: &Path, database: &Path) -> Result<Vec<PathBuf>> {
    let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut kept_aside = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let from = sidecar(database, suffix);
        if from.exists() {
            let to = sidecar(&database.with_file_name(format!("afterview.db.replaced-{stamp}")), suffix);
            std::fs::rename(&from, &to).map_err(|e| Error::Storage(afterview_store::Error::io(&from, e)))?;
            kept_aside.push(to);
        }
    }
    std::fs::rename(copy, database).map_err(|e| Error::Storage(afterview_store::Error::io(database, e)))?;
    Ok(kept_aside)
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

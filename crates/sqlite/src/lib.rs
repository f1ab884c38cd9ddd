//! The SQLite backend of afterview's storage traits: one user's facts in
//! one file (WAL, foreign keys, versioned migrations). Reads go straight
//! through `&SqliteStore`; every write goes through [`Store::write`], one
//! `BEGIN IMMEDIATE` transaction that commits only when the closure
//! succeeds, so a failed command or a crash mid-write leaves the database
//! exactly as it was.
//!
//! The file is split by concern: `schema` (migrations), `rows` (rows to and
//! from records, by column name), `reads`, `writes` and `facts` (the
//! planner's lean load).

mod facts;
mod reads;
mod rows;
mod schema;
mod writes;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use afterview_core::agenda::Facts;
use afterview_core::calendar::Holiday;
use afterview_core::ics::ExportedEvent;
use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_core::model::{
    Application, Interview, Involvement, Message, Outcome, Person, Record, TaskState,
};
use afterview_core::plan::TaskId;
use afterview_store::{Error, Result, Store, UserId};
use jiff::civil::Date;
use rusqlite::{Connection, TransactionBehavior};

pub use writes::SqliteTx;

/// The user's database file, open.
pub struct SqliteStore {
    conn: Connection,
    path: Option<PathBuf>,
}

impl SqliteStore {
    /// Opens (creating when needed) the database at `path`, readable by its
    /// owner only, and brings its schema up to date. The folder must exist.
    pub fn open(path: &Path) -> Result<Self> {
        if !path.exists() {
            create_private_file(path)?;
        }
        let conn = Connection::open(path).map_err(rows::error)?;
        Self::init(conn, Some(path.to_path_buf()))
    }

    /// A private database in memory, for tests.
    pub fn open_in_memory() -> Result<Self> {
        Self::init(Connection::open_in_memory().map_err(rows::error)?, None)
    }

    fn init(mut conn: Connection, path: Option<PathBuf>) -> Result<Self> {
        (|| -> rusqlite::Result<()> {
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            conn.pragma_update(None, "foreign_keys", true)
        })()
        .map_err(rows::error)?;
        let found = schema::current(&conn)?;
        if found > schema::latest() {
            return Err(Error::NewerSchema {
                location: path.map(|p| p.display().to_string()).unwrap_or_default(),
                found,
                known: schema::latest(),
            });
        }
        // WAL lets the agenda read while another command writes; NORMAL sync
        // is durable across application crashes, which is what we promise.
        (|| -> rusqlite::Result<()> {
            conn.pragma_update(None, "journal_mode", "wal")?;
            conn.pragma_update(None, "synchronous", "normal")
        })()
        .map_err(rows::error)?;
        schema::migrate(&mut conn)?;
        Ok(Self { conn, path })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        schema::current(&self.conn)
    }

    /// The schema version this build writes.
    pub fn latest_schema_version() -> i64 {
        schema::latest()
    }

    /// A consistent copy of the whole database at `dest`, made with SQLite's
    /// online backup while other readers and writers carry on. The copy is
    /// written beside `dest` and renamed into place, so `dest` is never half
    /// written.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        let partial = dest.with_extension("partial");
        let _ = std::fs::remove_file(&partial);
        create_private_file(&partial)?;
        let result = (|| {
            let copy = || -> rusqlite::Result<()> {
                let mut target = Connection::open(&partial)?;
                {
                    let backup = rusqlite::backup::Backup::new(&self.conn, &mut target)?;
                    backup.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
                }
                target.pragma_update(None, "journal_mode", "delete")
            };
            copy().map_err(rows::error)?;
            std::fs::rename(&partial, dest).map_err(|e| Error::io(dest, e))
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        result
    }
}

impl Store for SqliteStore {
    type Tx<'a> = SqliteTx<'a>;

    /// A local file holds exactly one user's data.
    fn user(&self) -> UserId {
        UserId::LOCAL
    }

    fn write<T>(&mut self, f: impl FnOnce(&mut SqliteTx<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(rows::error)?;
        let mut tx = SqliteTx::new(tx);
        let value = f(&mut tx)?;
        tx.commit()?;
        Ok(value)
    }

    fn application(&self, id: ApplicationId) -> Result<Record<ApplicationId, Application>> {
        reads::application(&self.conn, id)
    }

    fn applications(&self) -> Result<Vec<Record<ApplicationId, Application>>> {
        reads::applications(&self.conn)
    }

    fn application_count(&self) -> Result<u64> {
        reads::count(&self.conn, "applications")
    }

    fn person(&self, id: PersonId) -> Result<Record<PersonId, Person>> {
        reads::person(&self.conn, id)
    }

    fn people(&self) -> Result<Vec<Record<PersonId, Person>>> {
        reads::people(&self.conn)
    }

    fn involvements(&self, application: Option<ApplicationId>) -> Result<Vec<Involvement>> {
        reads::involvements(&self.conn, application)
    }

    fn interview(&self, id: InterviewId) -> Result<Record<InterviewId, Interview>> {
        reads::interview(&self.conn, id)
    }

    fn interviews(&self, application: Option<ApplicationId>) -> Result<Vec<Record<InterviewId, Interview>>> {
        reads::interviews(&self.conn, application)
    }

    fn message(&self, id: MessageId) -> Result<Record<MessageId, Message>> {
        reads::message(&self.conn, id)
    }

    fn messages(&self, application: Option<ApplicationId>) -> Result<Vec<Record<MessageId, Message>>> {
        reads::messages(&self.conn, application)
    }

    fn outcome(&self, id: OutcomeId) -> Result<Record<OutcomeId, Outcome>> {
        reads::outcome(&self.conn, id)
    }

    fn outcomes(&self, application: Option<ApplicationId>) -> Result<Vec<Record<OutcomeId, Outcome>>> {
        reads::outcomes(&self.conn, application)
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        reads::meta(&self.conn, key)
    }

    fn holidays(&self) -> Result<Vec<Holiday>> {
        reads::holidays(&self.conn)
    }

    fn task_states(&self) -> Result<HashMap<TaskId, TaskState>> {
        reads::task_states(&self.conn)
    }

    fn exported_events(&self) -> Result<Vec<ExportedEvent>> {
        reads::exported_events(&self.conn)
    }

    fn facts(&self, closed_since: Date) -> Result<Facts> {
        facts::load(&self.conn, self.path.as_deref(), closed_since)
    }
}

/// Creates an empty file readable and writable by its owner only.
fn create_private_file(path: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop).map_err(|e| Error::io(path, e))
}

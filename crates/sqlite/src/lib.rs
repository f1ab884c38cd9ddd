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
use afterview_store::{Error, Notification, Result, Store, UserId};
use jiff::civil::Date;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use writes::SqliteTx;

/// The user's database file, open.
pub struct SqliteStore {
    conn: Connection,
    path: Option<PathBuf>,
    /// Why writes are refused, when the file could be opened only to read.
    read_only: Option<String>,
    /// Whether the whole file was checked since this handle's last write.
    checked: bool,
    /// A private copy being read in place of the file (see [`Snapshot`]).
    _snapshot: Option<Snapshot>,
}

impl SqliteStore {
    /// Opens (creating when needed) the database at `path`, readable by its
    /// owner only, and brings its schema up to date. The folder must exist.
    ///
    /// A file that cannot be changed here (a read-only file or folder, or a
    /// WAL index left behind by another user) is opened for reading: reads
    /// work and every write is refused with [`Error::ReadOnly`]. A file that
    /// is empty or does not look like a database is refused with
    /// [`Error::Damaged`]; afterview never leaves its own file empty,
    /// because it creates it whole (see [`SqliteStore::create`]).
    pub fn open(path: &Path) -> Result<Self> {
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Self::create(path),
            Err(e) => Err(Error::io(path, e)),
            Ok(_) => Self::open_existing(path),
        }
    }

    /// Opens a database that must already exist (see [`SqliteStore::open`]).
    pub fn open_existing(path: &Path) -> Result<Self> {
        check_header(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut file_writable = false;
        for attempt in 0..2 {
            let conn = Connection::open_with_flags(path, flags).map_err(|e| located(rows::error(e), path))?;
            // SQLite opens a file it may not write for reading, silently.
            file_writable = !conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true);
            match conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)) {
                Ok(_) if file_writable => match Self::init(conn, Some(path.to_path_buf()), None) {
                    Ok(store) => return Ok(store),
                    // Readable, but the WAL index refuses writes.
                    Err(Error::ReadOnly { .. }) => {}
                    Err(e) => return Err(located(e, path)),
                },
                Ok(_) => return Self::open_read_only(conn, path, "the file is read-only".into()),
                Err(e) if !is_wal_access(&e) => return Err(located(rows::error(e), path)),
                // Closed before the index is rebuilt: an open connection
                // of this process would keep it in use.
                Err(_) => drop(conn),
            }
            // The WAL index beside the file (`-shm`) cannot be used or made.
            // When the file itself is ours to write, a left-over index
            // (another user's, or read-only) is rebuilt, once.
            if !file_writable || attempt > 0 || reset_wal_index(path).is_err() {
                break;
            }
        }
        if file_writable {
            let reason = format!(
                "{} is not writable by you; remove it while no afterview is running",
                sidecar(path, "-shm").display()
            );
            let ro = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            if let Ok(conn) = Connection::open_with_flags(path, ro)
                && conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).is_ok()
            {
                return Self::open_read_only(conn, path, reason);
            }
            return Self::open_snapshot(path, reason);
        }
        Self::open_unwritable(path)
    }

    /// Reads a database whose WAL index cannot be made beside it (a
    /// read-only folder): without a WAL to apply, the file itself is read
    /// as immutable; with one, a private copy of both is read instead, so
    /// that the last writes are never hidden.
    fn open_unwritable(path: &Path) -> Result<Self> {
        let reason = "its folder is read-only".to_string();
        let wal = sidecar(path, "-wal");
        let wal_len = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        if wal_len == 0 {
            let uri = format!("file:{}?immutable=1", uri_path(path));
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            if let Ok(conn) = Connection::open_with_flags(uri, flags)
                && conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).is_ok()
            {
                return Self::open_read_only(conn, path, reason);
            }
        }
        Self::open_snapshot(path, reason)
    }

    /// Reads a private copy of the file (and its WAL) made in the system's
    /// temporary folder, brought up to this build's schema there.
    fn open_snapshot(path: &Path, reason: String) -> Result<Self> {
        let snapshot = Snapshot::of(path)?;
        let conn = Connection::open(&snapshot.db).map_err(|e| located(rows::error(e), path))?;
        let mut store = Self::init(conn, Some(path.to_path_buf()), None)?;
        store.read_only = Some(reason);
        store._snapshot = Some(snapshot);
        Ok(store)
    }

    /// A read-only handle on `conn`: its schema must be current, since it
    /// cannot be migrated in place; an older one is read from a migrated
    /// private copy.
    fn open_read_only(conn: Connection, path: &Path, reason: String) -> Result<Self> {
        let found = schema::current(&conn)?;
        if found > schema::latest() {
            return Err(newer(Some(path), found));
        }
        if found < schema::latest() {
            drop(conn);
            return Self::open_snapshot(path, reason);
        }
        (|| -> rusqlite::Result<()> {
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            conn.pragma_update(None, "foreign_keys", true)
        })()
        .map_err(rows::error)?;
        Ok(Self {
            conn,
            path: Some(path.to_path_buf()),
            read_only: Some(reason),
            checked: true,
            _snapshot: None,
        })
    }

    /// Creates the database at `path` whole: it is made and migrated under a
    /// private temporary name beside `path`, then linked into place, so that
    /// another afterview starting at the same moment finds either no file or
    /// a complete one, never an empty one.
    fn create(path: &Path) -> Result<Self> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let fresh = path.with_file_name(format!(".{name}.new-{}", unique()));
        create_private_file(&fresh)?;
        let made = (|| {
            let conn = Connection::open(&fresh).map_err(rows::error)?;
            drop(Self::init(conn, None, None)?);
            match std::fs::hard_link(&fresh, path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
                // A file system without hard links: rename, unless another
                // afterview got there first.
                Err(_) if !path.exists() => std::fs::rename(&fresh, path).map_err(|e| Error::io(path, e)),
                Err(_) => Ok(()),
            }
        })();
        for leftover in [fresh.clone(), sidecar(&fresh, "-wal"), sidecar(&fresh, "-shm")] {
            let _ = std::fs::remove_file(leftover);
        }
        made?;
        Self::open_existing(path)
    }

    /// For the fixture generator of `tests/migrations.rs` only: a new
    /// database at `path` with migrations `1..=version` applied and no
    /// others, as a build of that version would have left it.
    #[doc(hidden)]
    pub fn create_at_version(path: &Path, version: i64) -> Result<Connection> {
        create_private_file(path)?;
        let mut conn = Connection::open(path).map_err(rows::error)?;
        conn.pragma_update(None, "journal_mode", "wal").map_err(rows::error)?;
        schema::migrate_to(&mut conn, version).map_err(rows::error)?;
        Ok(conn)
    }

    /// For the fixture generator only: applies the migrations after the
    /// connection's version up to `version`, so each migration's seed rows
    /// are written into the tables as that version had them.
    #[doc(hidden)]
    pub fn migrate_connection_to(conn: &mut Connection, version: i64) -> Result<()> {
        schema::migrate_to(conn, version).map_err(rows::error)
    }

    /// A private database in memory, for tests.
    pub fn open_in_memory() -> Result<Self> {
        Self::init(Connection::open_in_memory().map_err(rows::error)?, None, None)
    }

    fn init(mut conn: Connection, path: Option<PathBuf>, read_only: Option<String>) -> Result<Self> {
        (|| -> rusqlite::Result<()> {
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            conn.pragma_update(None, "foreign_keys", true)
        })()
        .map_err(rows::error)?;
        let found = schema::current(&conn)?;
        if found > schema::latest() {
            return Err(newer(path.as_deref(), found));
        }
        // WAL lets the agenda read while another command writes; NORMAL sync
        // is durable across application crashes, which is what we promise.
        (|| -> rusqlite::Result<()> {
            conn.pragma_update(None, "journal_mode", "wal")?;
            conn.pragma_update(None, "synchronous", "normal")
        })()
        .map_err(rows::error)?;
        schema::migrate(&mut conn)?;
        Ok(Self { conn, path, read_only, checked: false, _snapshot: None })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Why this handle cannot write, when it cannot.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// A number that changes whenever another connection, of this process
    /// or another, commits to the database (SQLite's `PRAGMA
    /// data_version`): what was read through other handles can be reused
    /// until it changes. Only this handle's own commits leave it as it is.
    pub fn data_version(&self) -> Result<i64> {
        self.conn.query_row("PRAGMA data_version", [], |r| r.get(0)).map_err(rows::error)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        schema::current(&self.conn)
    }

    /// The schema version this build writes.
    pub fn latest_schema_version() -> i64 {
        schema::latest()
    }

    /// What SQLite finds wrong with the file: nothing when it is whole.
    /// `thorough` is `PRAGMA integrity_check` plus the foreign keys (every
    /// index against its table); otherwise `quick_check`, which still reads
    /// every page and costs milliseconds on a user's database.
    pub fn problems(&self, thorough: bool) -> Result<Vec<String>> {
        let pragma = if thorough { "PRAGMA integrity_check(100)" } else { "PRAGMA quick_check(100)" };
        let read = || -> rusqlite::Result<Vec<String>> {
            let mut stmt = self.conn.prepare(pragma)?;
            let rows: Vec<String> =
                stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?;
            // One problem a line, without SQLite's "*** in database main ***".
            let mut found: Vec<String> = rows
                .iter()
                .flat_map(|row| row.lines())
                .map(str::trim)
                .filter(|l| !l.is_empty() && *l != "ok" && !l.starts_with("*** in database"))
                .map(str::to_owned)
                .collect();
            if thorough && found.is_empty() {
                let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
                let broken = stmt.query_map([], |r| {
                    Ok(format!(
                        "a row of {} points at a missing row of {}",
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(2)?
                    ))
                })?;
                for b in broken.take(100) {
                    found.push(b?);
                }
            }
            Ok(found)
        };
        match read() {
            Ok(found) => Ok(found),
            // Damage bad enough to stop the check is itself the finding.
            Err(e) => match rows::error(e) {
                Error::Damaged { problem, .. } => Ok(vec![problem]),
                other => Err(other),
            },
        }
    }

    /// A consistent copy of the whole database at `dest`, made with SQLite's
    /// online backup while other readers and writers carry on, after a
    /// [`quick check`](Self::problems): a damaged database is refused rather
    /// than copied over a good backup. The copy is written beside `dest`
    /// under a name of its own and renamed into place, so `dest` is never
    /// half written and two backups at once do not collide.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        self.refuse_if_damaged()?;
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let partial = dest.with_file_name(format!(".{name}.{}.partial", unique()));
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

    /// [`Error::Damaged`] with the first problem a quick check finds.
    fn refuse_if_damaged(&self) -> Result<()> {
        let problems = self.problems(false)?;
        match problems.first() {
            None => Ok(()),
            Some(first) if problems.len() == 1 => Err(Error::damaged(self.location(), first.clone())),
            Some(first) => Err(Error::damaged(
                self.location(),
                format!("{first} (and {} more problems)", problems.len() - 1),
            )),
        }
    }

    fn location(&self) -> String {
        self.path.as_deref().map(|p| p.display().to_string()).unwrap_or_default()
    }
}

impl afterview_store::Maintenance for SqliteStore {
    fn problems(&self, thorough: bool) -> Result<Vec<String>> {
        SqliteStore::problems(self, thorough)
    }
}

fn newer(path: Option<&Path>, found: i64) -> Error {
    Error::NewerSchema {
        location: path.map(|p| p.display().to_string()).unwrap_or_default(),
        found,
        known: schema::latest(),
    }
}

/// An error about the database, naming the file.
fn located(e: Error, path: &Path) -> Error {
    match e {
        Error::Damaged { problem, .. } => Error::damaged(path.display(), problem),
        Error::ReadOnly { reason, .. } => Error::ReadOnly { location: path.display().to_string(), reason },
        other => other,
    }
}

/// The file beside `path` that SQLite keeps with it (`-wal`, `-shm`).
fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// A name no other afterview process is using at this moment.
fn unique() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!("{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

/// `path` as the path part of a `file:` URI.
fn uri_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::new();
    for b in absolute.to_string_lossy().bytes() {
        match b {
            b'?' | b'#' | b'%' => out.push_str(&format!("%{b:02X}")),
            _ => out.push(b as char),
        }
    }
    out
}

/// Whether a first read failed because the WAL index or the WAL itself
/// could not be opened or made (rather than the file being damaged).
fn is_wal_access(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if matches!(f.code, rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly))
}

/// Rebuilds a WAL index (`-shm`) this process cannot use, left behind by a
/// process of another user or made read-only. A connection in exclusive
/// locking mode uses no index and takes the file's exclusive lock, which it
/// gets only when no other connection has the database open: then the WAL
/// is folded into the file, and the index, which nobody is using, removed.
fn reset_wal_index(path: &Path) -> rusqlite::Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_millis(500))?;
    conn.pragma_update(None, "locking_mode", "exclusive")?;
    conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let shm = sidecar(path, "-shm");
    match std::fs::remove_file(&shm) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(_) => Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
            Some(format!("cannot remove {}", shm.display())),
        )),
    }
}

/// The cheap checks of a file before SQLite reads it: not empty, the
/// SQLite header, a sane page size and, when no WAL adds pages, as long as
/// its header says. They catch a truncated or replaced file without reading
/// more than 100 bytes.
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let damaged = |problem: String| Err(Error::damaged(path.display(), problem));
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    if len == 0 {
        return damaged(
            "it is 0 bytes long, and afterview never leaves its database empty: it was truncated or replaced"
                .into(),
        );
    }
    let mut header = [0u8; 100];
    if len < 100 || file.read_exact(&mut header).is_err() {
        return damaged(format!("it is {len} bytes long, too short to be a database"));
    }
    if &header[..16] != b"SQLite format 3\0" {
        return damaged(
            "it does not start like a SQLite database: it was overwritten, or is not afterview's".into(),
        );
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65536,
        n => u64::from(n),
    };
    if !(512..=65536).contains(&page_size) || !page_size.is_power_of_two() {
        return damaged(format!("its header gives an impossible page size ({page_size})"));
    }
    let wal_len = std::fs::metadata(sidecar(path, "-wal")).map(|m| m.len()).unwrap_or(0);
    if wal_len == 0 {
        let pages = u64::from(u32::from_be_bytes([header[28], header[29], header[30], header[31]]));
        let valid = header[24..28] == header[92..96];
        if len % page_size != 0 || (valid && pages > 0 && len < pages * page_size) {
            return damaged(format!(
                "it is {len} bytes long, but its header says {pages} pages of {page_size} bytes: it was cut short"
            ));
        }
    }
    Ok(())
}

/// A private copy of a database and its WAL in the system's temporary
/// folder, removed when the store that reads it is dropped.
struct Snapshot {
    dir: PathBuf,
    db: PathBuf,
}

impl Snapshot {
    fn of(path: &Path) -> Result<Self> {
        let dir = std::env::temp_dir().join(format!("afterview-read-{}", unique()));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&dir).map_err(|e| Error::io(&dir, e))?;
        let snapshot = Self { db: dir.join("afterview.db"), dir };
        std::fs::copy(path, &snapshot.db).map_err(|e| Error::io(path, e))?;
        let wal = sidecar(path, "-wal");
        match std::fs::copy(&wal, sidecar(&snapshot.db, "-wal")) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(wal, e)),
        }
        Ok(snapshot)
    }
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Store for SqliteStore {
    type Tx<'a> = SqliteTx<'a>;

    /// A local file holds exactly one user's data.
    fn user(&self) -> UserId {
        UserId::LOCAL
    }

    /// Refused on a read-only handle. A handle's first write is preceded
    /// by a quick check of the whole file (milliseconds), so that nothing
    /// is added to a damaged database.
    fn write<T>(&mut self, f: impl FnOnce(&mut SqliteTx<'_>) -> Result<T>) -> Result<T> {
        if let Some(reason) = &self.read_only {
            return Err(Error::ReadOnly { location: self.location(), reason: reason.clone() });
        }
        if !self.checked {
            self.refuse_if_damaged()?;
            self.checked = true;
        }
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

    fn notifications(&self, day: Date) -> Result<Vec<Notification>> {
        reads::notifications(&self.conn, day)
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

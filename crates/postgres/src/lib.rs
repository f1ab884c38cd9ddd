//! The PostgreSQL backend of afterview's storage traits: many users' facts
//! in one database a server shares. [`PgPool`] connects (a pool of
//! connections with the sync `postgres` client) and migrates the schema
//! once; [`PgStore::open`] takes a connection for one user, and every
//! read and write through it names that user, so another user's ids are
//! not found, exactly like ids never given.
//!
//! Every write goes through [`Store::write`], one transaction that commits
//! only when the closure succeeds (an error or a panic rolls it back). A
//! user's write transactions take turns, behind a transaction-scoped
//! advisory lock on the user's id, as a SQLite file's writers do: the use
//! cases read, decide and write inside one transaction and were written for
//! exactly that; different users never wait for each other.
//!
//! The crate is split by concern: `schema` (migrations), `pool` (the
//! connections and their prepared statements), `rows` (rows to and from
//! records), `reads` (with the planner's load), `writes`, and `accounts`
//! (the server's accounts, links, sessions and login failures, through
//! [`afterview_store::accounts::Accounts`] on the pool), and `coaching`
//! ([`afterview_store::coaching::Coaching`] on the pool: a person's consent
//! to a coach spans two users, so it is no one user's handle).

mod accounts;
mod coaching;
mod error;
mod jobs;
mod pool;
mod reads;
mod rows;
mod schema;
#[doc(hidden)]
pub mod testing;
mod uploads;
mod writes;

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;

use afterview_core::agenda::Facts;
use afterview_core::calendar::Holiday;
use afterview_core::ics::ExportedEvent;
use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_core::model::{
    Application, Interview, Involvement, Message, Outcome, Person, Record, TaskState,
};
use afterview_core::plan::TaskId;
use afterview_store::{Error, Notification, RecordKind, Result, Store, UserId};
use jiff::civil::Date;
use postgres::{Client, IsolationLevel, NoTls};

use crate::error::error;
use crate::pool::{Db, Manager};

pub use jobs::{Job, JobLock};
pub use uploads::Upload;
pub use writes::PgTx;

// A pool is shared by a server's threads; a handle moves to the blocking
// thread that runs its request.
const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    fn sent<T: Send>() {}
    shared::<PgPool>();
    sent::<PgStore>();
};

/// How long a write waits for another write of the same user (or any lock)
/// before it gives up as [`Error::Busy`], as SQLite's busy timeout does.
const LOCK_WAIT: &str = "5s";

/// Connections to one afterview database, shared by every user and handle.
/// Cheap to clone (the pool is shared).
#[derive(Clone)]
pub struct PgPool {
    pool: r2d2::Pool<Manager>,
    location: String,
    /// For a connection outside the pool (a job's lock, see `jobs`).
    config: postgres::Config,
}

impl std::fmt::Debug for PgPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgPool").field("location", &self.location).finish_non_exhaustive()
    }
}

impl PgPool {
    /// Connects to the database at `url` (`postgres://user@host:port/db`, or
    /// the `key=value` form), brings its schema up to date and keeps up to
    /// 16 connections. A database a newer afterview wrote is refused with
    /// [`Error::NewerSchema`], untouched.
    pub fn connect(url: &str) -> Result<Self> {
        let config: postgres::Config = url.parse().map_err(|e| Error::Invalid {
            reason: format!("the database address is not one PostgreSQL understands ({e})"),
        })?;
        Self::with_config(config, 16)
    }

    /// [`PgPool::connect`] with a parsed configuration and a pool size.
    /// Connections are made as they are needed; this one connection first
    /// migrates, so an address that does not answer fails here, with the
    /// server's own words.
    pub fn with_config(config: postgres::Config, max_size: u32) -> Result<Self> {
        let location = describe(&config);
        let mut client = config.connect(NoTls).map_err(|e| connect_error(&location, e))?;
        schema::migrate(&mut client, &location)?;
        drop(client);
        let pool = r2d2::Pool::builder()
            .max_size(max_size.max(1))
            .min_idle(Some(0))
            // The user check of every `PgStore::open` is the test: no
            // round trip of its own on each checkout.
            .test_on_check_out(false)
            .connection_timeout(Duration::from_secs(10))
            .build(Manager::new(config.clone()))
            .map_err(error::pool)?;
        Ok(Self { pool, location, config })
    }

    /// A new user, with nothing recorded yet.
    pub fn add_user(&self) -> Result<UserId> {
        let mut conn = self.pool.get().map_err(error::pool)?;
        let row =
            conn.client.query_one("INSERT INTO users DEFAULT VALUES RETURNING id", &[]).map_err(error)?;
        row.try_get(0).map(UserId).map_err(error)
    }

    /// Makes sure user `id` exists (a local user moved onto a server keeps
    /// the id it had); returns whether it was new.
    pub fn ensure_user(&self, id: UserId) -> Result<bool> {
        let mut conn = self.pool.get().map_err(error::pool)?;
        let client = &mut conn.client;
        let n = client
            .execute(
                "INSERT INTO users (id) OVERRIDING SYSTEM VALUE VALUES ($1) ON CONFLICT DO NOTHING",
                &[&id.0],
            )
            .map_err(error)?;
        // The identity must not hand this id out again.
        client
            .execute(
                "SELECT setval(pg_get_serial_sequence('users', 'id'), greatest($1, (SELECT max(id) FROM users)))",
                &[&id.0],
            )
            .map_err(error)?;
        Ok(n == 1)
    }

    /// A store handle for `user` (see [`PgStore::open`]).
    pub fn open(&self, user: UserId) -> Result<PgStore> {
        PgStore::open(self, user)
    }

    /// The schema version of the database.
    pub fn schema_version(&self) -> Result<i64> {
        let mut conn = self.pool.get().map_err(error::pool)?;
        schema::current(&mut conn.client)
    }

    /// The schema version this build writes.
    pub fn latest_schema_version() -> i64 {
        schema::latest()
    }

    /// For the migration tests only: applies the migrations after the
    /// database's version up to `version` on `client`, so rows can be
    /// written into the tables as an older version had them.
    #[doc(hidden)]
    pub fn migrate_client_to(client: &mut Client, version: i64) -> Result<()> {
        schema::migrate_to(client, version, "the test database")
    }

    /// The database, as errors name it (never with a password).
    pub fn location(&self) -> &str {
        &self.location
    }
}

/// "the PostgreSQL database afterview on 127.0.0.1:5432", for errors.
fn describe(config: &postgres::Config) -> String {
    let host = config
        .get_hosts()
        .first()
        .map(|h| match h {
            postgres::config::Host::Tcp(name) => name.clone(),
            #[cfg(unix)]
            postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .unwrap_or_else(|| "localhost".into());
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let db = config.get_dbname().or(config.get_user()).unwrap_or("postgres");
    format!("the PostgreSQL database {db} on {host}:{port}")
}

fn connect_error(location: &str, e: postgres::Error) -> Error {
    match error(e) {
        Error::Backend(inner) => Error::Backend(format!("cannot connect to {location}: {inner}").into()),
        other => other,
    }
}

/// One user's facts in the shared database, through one pooled connection
/// (given back when the handle is dropped).
pub struct PgStore {
    // Every call of the client needs it mutably; reads take `&self`.
    conn: RefCell<r2d2::PooledConnection<Manager>>,
    user: UserId,
}

impl PgStore {
    /// A handle for `user`, who must exist ([`Error::NotFound`] of a
    /// [`RecordKind::User`] otherwise).
    ///
    /// That check also tests the connection: one the server closed while it
    /// sat in the pool (a restart) is thrown away and another one taken.
    pub fn open(pool: &PgPool, user: UserId) -> Result<Self> {
        let mut attempt = 0;
        loop {
            let mut conn = pool.pool.get().map_err(error::pool)?;
            let found = {
                let pool::Conn { client, statements } = &mut **conn;
                Db { client, statements }.query_opt("SELECT 1 AS one FROM users WHERE id = $1", &[&user.0])
            };
            match found {
                Ok(Some(_)) => return Ok(Self { conn: RefCell::new(conn), user }),
                Ok(None) => return Err(Error::not_found(RecordKind::User, user)),
                // The pool drops a closed connection when it is given back.
                Err(_) if conn.client.is_closed() && attempt < 2 => attempt += 1,
                Err(e) => return Err(e),
            }
        }
    }

    fn db<T>(&self, f: impl FnOnce(&mut Db<'_, Client>) -> Result<T>) -> Result<T> {
        let mut conn = self.conn.borrow_mut();
        let pool::Conn { client, statements } = &mut ***conn;
        f(&mut Db { client, statements })
    }

    /// What is wrong with this user's stored data: a schema this build does
    /// not know, and (when `thorough`) every stored value that does not read
    /// back. PostgreSQL itself keeps the links between records whole (they
    /// are foreign keys) and its pages checksummed when the cluster is.
    pub fn problems(&self, thorough: bool) -> Result<Vec<String>> {
        let mut found = Vec::new();
        let version = schema::current(&mut self.conn.borrow_mut().client)?;
        if version != schema::latest() {
            found.push(format!(
                "the database is at schema version {version}, and this afterview writes {}",
                schema::latest()
            ));
        }
        if thorough {
            let u = self.user;
            let checks: [(&str, &dyn Fn() -> Result<()>); 9] = [
                ("applications", &|| self.db(|db| reads::applications(db, u)).map(drop)),
                ("people", &|| self.db(|db| reads::people(db, u)).map(drop)),
                ("involvements", &|| self.db(|db| reads::involvements(db, u, None)).map(drop)),
                ("interviews", &|| self.db(|db| reads::interviews(db, u, None)).map(drop)),
                ("messages", &|| self.db(|db| reads::messages(db, u, None)).map(drop)),
                ("outcomes", &|| self.db(|db| reads::outcomes(db, u, None)).map(drop)),
                ("task states", &|| self.db(|db| reads::task_states(db, u)).map(drop)),
                ("imported closure days", &|| self.db(|db| reads::holidays(db, u)).map(drop)),
                ("exported events", &|| self.db(|db| reads::exported_events(db, u)).map(drop)),
            ];
            for (what, check) in checks {
                match check() {
                    Ok(()) => {}
                    Err(Error::Corrupt(why)) => found.push(format!("{what}: {why}")),
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(found)
    }
}

impl afterview_store::Maintenance for PgStore {
    fn problems(&self, thorough: bool) -> Result<Vec<String>> {
        PgStore::problems(self, thorough)
    }
}

impl Store for PgStore {
    type Tx<'a> = PgTx<'a>;

    fn user(&self) -> UserId {
        self.user
    }

    /// One transaction, after this user's other writes (see the crate's
    /// documentation); waits at most [`LOCK_WAIT`] for them.
    fn write<T>(&mut self, f: impl FnOnce(&mut PgTx<'_>) -> Result<T>) -> Result<T> {
        let user = self.user;
        let conn = self.conn.get_mut();
        let pool::Conn { client, statements } = &mut ***conn;
        let mut tx = client.transaction().map_err(error)?;
        // One round trip; the id is an integer, so nothing is quoted.
        tx.batch_execute(&format!(
            "SET LOCAL lock_timeout = '{LOCK_WAIT}'; SELECT pg_advisory_xact_lock({})",
            user.0
        ))
        .map_err(error)?;
        let mut tx = PgTx::new(tx, statements, user);
        let value = f(&mut tx)?;
        tx.commit()?;
        Ok(value)
    }

    fn application(&self, id: ApplicationId) -> Result<Record<ApplicationId, Application>> {
        self.db(|db| reads::application(db, self.user, id))
    }

    fn applications(&self) -> Result<Vec<Record<ApplicationId, Application>>> {
        self.db(|db| reads::applications(db, self.user))
    }

    fn application_count(&self) -> Result<u64> {
        self.db(|db| reads::count(db, self.user, "applications"))
    }

    fn person(&self, id: PersonId) -> Result<Record<PersonId, Person>> {
        self.db(|db| reads::person(db, self.user, id))
    }

    fn people(&self) -> Result<Vec<Record<PersonId, Person>>> {
        self.db(|db| reads::people(db, self.user))
    }

    fn involvements(&self, application: Option<ApplicationId>) -> Result<Vec<Involvement>> {
        self.db(|db| reads::involvements(db, self.user, application))
    }

    fn interview(&self, id: InterviewId) -> Result<Record<InterviewId, Interview>> {
        self.db(|db| reads::interview(db, self.user, id))
    }

    fn interviews(&self, application: Option<ApplicationId>) -> Result<Vec<Record<InterviewId, Interview>>> {
        self.db(|db| reads::interviews(db, self.user, application))
    }

    fn message(&self, id: MessageId) -> Result<Record<MessageId, Message>> {
        self.db(|db| reads::message(db, self.user, id))
    }

    fn messages(&self, application: Option<ApplicationId>) -> Result<Vec<Record<MessageId, Message>>> {
        self.db(|db| reads::messages(db, self.user, application))
    }

    fn outcome(&self, id: OutcomeId) -> Result<Record<OutcomeId, Outcome>> {
        self.db(|db| reads::outcome(db, self.user, id))
    }

    fn outcomes(&self, application: Option<ApplicationId>) -> Result<Vec<Record<OutcomeId, Outcome>>> {
        self.db(|db| reads::outcomes(db, self.user, application))
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        self.db(|db| reads::meta(db, self.user, key))
    }

    fn holidays(&self) -> Result<Vec<Holiday>> {
        self.db(|db| reads::holidays(db, self.user))
    }

    fn task_states(&self) -> Result<HashMap<TaskId, TaskState>> {
        self.db(|db| reads::task_states(db, self.user))
    }

    fn exported_events(&self) -> Result<Vec<ExportedEvent>> {
        self.db(|db| reads::exported_events(db, self.user))
    }

    fn notifications(&self, day: Date) -> Result<Vec<Notification>> {
        self.db(|db| reads::notifications(db, self.user, day))
    }

    /// Read in one read-only, repeatable-read transaction: every list comes
    /// from the same moment, even while another process writes.
    fn facts(&self, closed_since: Date) -> Result<Facts> {
        let mut conn = self.conn.borrow_mut();
        let pool::Conn { client, statements } = &mut ***conn;
        let mut tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(error)?;
        let facts = reads::facts(&mut Db { client: &mut tx, statements }, self.user, closed_since)?;
        tx.commit().map_err(error)?;
        Ok(facts)
    }
}

/// A user's words and templates, kept in their rows. Words match in any
/// ASCII capitalisation, as the local word list does, so the same words
/// are accepted on either backend; each change takes the user's write
/// lock, so two sessions adding at once keep both.
impl afterview_store::Profile for PgStore {
    fn words(&self) -> Result<Vec<String>> {
        let mut conn = self.conn.borrow_mut();
        let rows = conn
            .client
            .query("SELECT word FROM words WHERE user_id = $1 ORDER BY position", &[&self.user.0])
            .map_err(error)?;
        rows.iter().map(|r| r.try_get::<_, String>(0).map_err(error)).collect()
    }

    fn add_words(&self, new: &[String]) -> Result<Vec<String>> {
        self.change_words(|words| {
            let mut added: Vec<String> = Vec::new();
            for w in new {
                let known = |x: &String| x.eq_ignore_ascii_case(w);
                if !words.iter().any(known) && !added.iter().any(known) {
                    added.push(w.clone());
                }
            }
            (added.clone(), Vec::new(), added)
        })
    }

    fn remove_words(&self, gone: &[String]) -> Result<Vec<String>> {
        self.change_words(|words| {
            let removed: Vec<String> =
                words.iter().filter(|w| gone.iter().any(|g| g.eq_ignore_ascii_case(w))).cloned().collect();
            (Vec::new(), removed.clone(), removed)
        })
    }

    fn template(
        &self,
        kind: afterview_core::kinds::MessageKind,
    ) -> Result<Option<afterview_store::OwnTemplate>> {
        let mut conn = self.conn.borrow_mut();
        let row = conn
            .client
            .query_opt(
                "SELECT text FROM templates WHERE user_id = $1 AND kind = $2",
                &[&self.user.0, &kind.as_str()],
            )
            .map_err(error)?;
        row.map(|r| {
            Ok(afterview_store::OwnTemplate {
                source: format!("your template for {kind} (kept on the server)"),
                text: r.try_get(0).map_err(error)?,
            })
        })
        .transpose()
    }

    fn set_template(&self, kind: afterview_core::kinds::MessageKind, text: Option<&str>) -> Result<()> {
        PgStore::set_template(self, kind, text)
    }
}

impl PgStore {
    /// Changes the word list in one transaction under the user's write
    /// lock: `change` gets the words as they are and returns those to add,
    /// those to remove, and what to answer.
    fn change_words(
        &self,
        change: impl FnOnce(&[String]) -> (Vec<String>, Vec<String>, Vec<String>),
    ) -> Result<Vec<String>> {
        let mut conn = self.conn.borrow_mut();
        let mut tx = conn.client.transaction().map_err(error)?;
        tx.batch_execute(&format!(
            "SET LOCAL lock_timeout = '{LOCK_WAIT}'; SELECT pg_advisory_xact_lock({})",
            self.user.0
        ))
        .map_err(error)?;
        let rows = tx
            .query("SELECT word FROM words WHERE user_id = $1 ORDER BY position", &[&self.user.0])
            .map_err(error)?;
        let words =
            rows.iter().map(|r| r.try_get::<_, String>(0).map_err(error)).collect::<Result<Vec<_>>>()?;
        let (add, remove, answer) = change(&words);
        for w in &remove {
            tx.execute("DELETE FROM words WHERE user_id = $1 AND word = $2", &[&self.user.0, w])
                .map_err(error)?;
        }
        for w in &add {
            tx.execute(
                "INSERT INTO words (user_id, position, word)
                 SELECT $1, coalesce(max(position), 0) + 1, $2 FROM words WHERE user_id = $1",
                &[&self.user.0, w],
            )
            .map_err(error)?;
        }
        tx.commit().map_err(error)?;
        Ok(answer)
    }

    /// Keeps (or, with `None`, drops) the user's own template of a kind:
    /// on a server there is no settings folder to put a file in.
    pub fn set_template(&self, kind: afterview_core::kinds::MessageKind, text: Option<&str>) -> Result<()> {
        let client = &mut self.conn.borrow_mut().client;
        match text {
            Some(t) => client.execute(
                "INSERT INTO templates (user_id, kind, text) VALUES ($1, $2, $3)
                 ON CONFLICT (user_id, kind) DO UPDATE SET text = excluded.text",
                &[&self.user.0, &kind.as_str(), &t],
            ),
            None => client.execute(
                "DELETE FROM templates WHERE user_id = $1 AND kind = $2",
                &[&self.user.0, &kind.as_str()],
            ),
        }
        .map_err(error)?;
        Ok(())
    }
}

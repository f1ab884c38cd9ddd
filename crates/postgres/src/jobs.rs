//! What a server does on its own, beside answering requests: the reads a
//! round of morning digests needs (every account with its settings text;
//! one user's settings text with their account's email), and a lock that
//! lets exactly one of a server's processes do a job at a time.
//!
//! The lock is a session-level advisory lock held on a connection of its
//! own, not one from the pool: PostgreSQL lets go of it when that
//! connection ends, so a process that dies mid-job (or is killed) never
//! leaves it taken, and a pooled connection never goes back to the pool
//! still holding it. A transaction-level lock would not do: the job
//! sends mail for many users and commits each user's record as it goes,
//! so it spans many transactions.

use afterview_store::accounts::Account;
use afterview_store::{Result, UserId};

use crate::PgPool;
use crate::error::error;
use crate::pool::Pooled;
use crate::rows::get;

/// Work only one process of a server does at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Job {
    /// A round of morning digests: two processes sending at once would
    /// both read "not sent yet" and both send.
    Digests,
}

impl Job {
    /// Its advisory lock's second key, in the two-key space: the per-user
    /// write locks use the one-key space, and the migrations hold
    /// ("aftv", 1), so a job's (n ≥ 2) is never theirs.
    fn number(self) -> i32 {
        match self {
            Self::Digests => 2,
        }
    }
}

/// The first key: the hash of the schema's name. Advisory locks belong to
/// the database, and one database can hold several afterview schemas (a
/// test run's, or installations side by side); each does its jobs apart.
const FIRST_KEY: &str = "hashtext('afterview ' || current_schema())";

/// A [`Job`]'s lock, held until this is dropped (its connection then
/// closes, and PostgreSQL lets the lock go with it).
pub struct JobLock {
    conn: Pooled,
    job: Job,
}

impl std::fmt::Debug for JobLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobLock").field("job", &self.job).finish_non_exhaustive()
    }
}

impl JobLock {
    /// Whether the lock is still held: its connection answers. Asked
    /// before each send, so that a process whose connection was cut (and
    /// whose lock another process may have taken since) sends no more.
    pub fn held(&mut self) -> bool {
        !self.conn.client.is_closed() && self.conn.client.simple_query("").is_ok()
    }
}

impl PgPool {
    /// Takes `job`'s lock if no process (this one included) holds it, on a
    /// connection of its own, without waiting; `None` when another holds
    /// it (it is doing the job now).
    pub fn try_lock_job(&self, job: Job) -> Result<Option<JobLock>> {
        let mut conn = r2d2::ManageConnection::connect(&crate::pool::Manager::new(self.config.clone()))
            .map_err(|e| crate::connect_error(&self.location, e))?;
        let sql = format!("SELECT pg_try_advisory_lock({FIRST_KEY}, $1) AS got");
        let row = conn.client.query_one(&sql, &[&job.number()]).map_err(error)?;
        let got: bool = get(&row, "got")?;
        Ok(got.then_some(JobLock { conn, job }))
    }

    /// Every account (users without an email, made by tests or an import
    /// in progress, are not accounts) with its settings text, by id: what
    /// a round of digests reads once.
    pub fn accounts_with_settings(&self) -> Result<Vec<(Account, Option<String>)>> {
        let sql = format!(
            "SELECT {}, users.settings FROM users WHERE email IS NOT NULL ORDER BY id",
            crate::accounts::ACCOUNT
        );
        self.with_db(|db| {
            db.query(&sql, &[])?
                .iter()
                .map(|r| Ok((crate::accounts::account(r)?, get(r, "settings")?)))
                .collect()
        })
    }

    /// A user's settings text and their account's email (`None` for a
    /// user without an account), in one query: a request's settings are
    /// made of both on a server.
    pub fn settings_and_email(&self, user: UserId) -> Result<(Option<String>, Option<String>)> {
        self.with_db(|db| {
            let row = db
                .query_opt("SELECT settings, email FROM users WHERE id = $1", &[&user.0])?
                .ok_or_else(|| afterview_store::Error::not_found(afterview_store::RecordKind::User, user))?;
            Ok((get(&row, "settings")?, get(&row, "email")?))
        })
    }
}

//! The connection pool (r2d2 over the sync `postgres` client) and [`Db`],
//! a connection or a transaction with the statements it has prepared.
//!
//! Each pooled connection keeps its own prepared statements by SQL text:
//! the `postgres` client would otherwise prepare every statement afresh,
//! one round trip more for every query, and a use case is a handful of
//! short queries.

use std::collections::HashMap;

use afterview_store::Result;
use postgres::types::ToSql;
use postgres::{Client, GenericClient, NoTls, Row, Statement};

use crate::error::error;

/// A statement each SQL text was prepared as, on one connection.
pub(crate) type Statements = HashMap<String, Statement>;

/// One pooled connection with its prepared statements.
pub struct Conn {
    pub(crate) client: Client,
    pub(crate) statements: Statements,
}

/// A [`Conn`] as the pool keeps it, closed off the async runtime.
///
/// The sync client closes its connection by blocking on a runtime of its
/// own, which panics on a thread that drives a tokio runtime, and a web
/// server drops its pool (and a handle may be dropped) on such a thread.
/// There, the connection is handed to a thread of its own to close.
pub struct Pooled(Option<Conn>);

impl std::ops::Deref for Pooled {
    type Target = Conn;

    fn deref(&self) -> &Conn {
        // Empty only inside `drop`.
        self.0.as_ref().expect("a pooled connection is there until it is dropped")
    }
}

impl std::ops::DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut Conn {
        self.0.as_mut().expect("a pooled connection is there until it is dropped")
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        let Some(conn) = self.0.take() else { return };
        if tokio::runtime::Handle::try_current().is_ok() {
            let _ = std::thread::Builder::new().name("afterview-pg-close".into()).spawn(move || drop(conn));
        }
    }
}

/// Makes and checks the pool's connections.
#[derive(Debug)]
pub struct Manager {
    config: postgres::Config,
}

impl Manager {
    pub(crate) fn new(config: postgres::Config) -> Self {
        Self { config }
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = Pooled;
    type Error = postgres::Error;

    fn connect(&self) -> Result<Pooled, postgres::Error> {
        let client = self.config.connect(NoTls)?;
        Ok(Pooled(Some(Conn { client, statements: Statements::new() })))
    }

    fn is_valid(&self, conn: &mut Pooled) -> Result<(), postgres::Error> {
        conn.client.simple_query("").map(drop)
    }

    fn has_broken(&self, conn: &mut Pooled) -> bool {
        conn.client.is_closed()
    }
}

/// A client (a connection, or a transaction on one) and the statements its
/// connection has prepared.
pub(crate) struct Db<'a, C: GenericClient> {
    pub(crate) client: &'a mut C,
    pub(crate) statements: &'a mut Statements,
}

impl<C: GenericClient> Db<'_, C> {
    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql).map_err(error)?;
        self.statements.insert(sql.to_owned(), s.clone());
        Ok(s)
    }

    pub(crate) fn query(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        let s = self.statement(sql)?;
        self.client.query(&s, params).map_err(error)
    }

    pub(crate) fn query_opt(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>> {
        let s = self.statement(sql)?;
        self.client.query_opt(&s, params).map_err(error)
    }

    pub(crate) fn execute(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64> {
        let s = self.statement(sql)?;
        self.client.execute(&s, params).map_err(error)
    }
}

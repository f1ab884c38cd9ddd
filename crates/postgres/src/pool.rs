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
    type Connection = Conn;
    type Error = postgres::Error;

    fn connect(&self) -> Result<Conn, postgres::Error> {
        let client = self.config.connect(NoTls)?;
        Ok(Conn { client, statements: Statements::new() })
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), postgres::Error> {
        conn.client.simple_query("").map(drop)
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
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

//! For tests only (of this crate and of the crates above it): a schema of
//! its own on the test server, so that tests run in parallel and leave
//! nothing behind. The server is `AFTERVIEW_TEST_POSTGRES`
//! (`postgres://postgres@127.0.0.1:PORT/postgres`; `.ci/run` and
//! `.ci/postgres.sh` start a throw-away one). Without it a test is skipped,
//! saying so, except with `CI=true`, where it fails: CI never skips them.
//!
//! Nothing here runs in afterview itself; it panics freely, as tests do.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::PgPool;

/// The test server's address, or `None` (saying so) when none was given.
///
/// # Panics
/// With `CI=true` and no server.
pub fn server() -> Option<String> {
    match std::env::var("AFTERVIEW_TEST_POSTGRES") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => panic!(
            "AFTERVIEW_TEST_POSTGRES is not set, and in CI the PostgreSQL tests never skip: \
             run them through .ci/run, which starts a throw-away server"
        ),
        _ => {
            eprintln!(
                "skipped: set AFTERVIEW_TEST_POSTGRES=postgres://USER@HOST:PORT/DB to run the PostgreSQL tests"
            );
            None
        }
    }
}

/// A schema of its own on the test server, dropped (with everything in it)
/// when this is dropped, after a failed test too.
pub struct TestSchema {
    /// The server's address, as given.
    pub server: String,
    /// The schema's name.
    pub name: String,
}

impl TestSchema {
    /// A new, empty schema, or `None` when there is no test server (see [`server`]).
    pub fn new() -> Option<Self> {
        static N: AtomicU64 = AtomicU64::new(0);
        let server = server()?;
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        let name =
            format!("afterview_test_{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
        let mut admin = postgres::Client::connect(&server, postgres::NoTls).expect("the test server answers");
        admin.batch_execute(&format!("CREATE SCHEMA {name}")).unwrap();
        Some(Self { server, name })
    }

    /// The server's configuration, with this schema as the only one searched.
    pub fn config(&self) -> postgres::Config {
        let mut config: postgres::Config = self.server.parse().unwrap();
        config.options(&format!("-c search_path={}", self.name)).application_name(&self.name);
        config
    }

    /// The address of this schema, for a program started by a test
    /// (`--database URL`).
    pub fn url(&self) -> String {
        let joint = if self.server.contains('?') { '&' } else { '?' };
        format!("{}{joint}options=-c%20search_path%3D{}", self.server, self.name)
    }

    /// A migrated pool of up to 4 connections.
    pub fn pool(&self) -> PgPool {
        PgPool::with_config(self.config(), 4).unwrap()
    }

    /// One connection, for reading the tables directly.
    pub fn client(&self) -> postgres::Client {
        self.config().connect(postgres::NoTls).unwrap()
    }
}

impl Drop for TestSchema {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.server, postgres::NoTls) {
            let _ = admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

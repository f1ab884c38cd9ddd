//! For other crates' tests (the `testing` feature): a schema of its own on
//! the test server, so tests of the use cases and the web pages over
//! PostgreSQL run in parallel, each on an empty database, as this crate's
//! own tests do.
//!
//! The server is `AFTERVIEW_TEST_POSTGRES`. Without it [`TestDb::new`]
//! says the test was skipped and gives `None`, except with `CI=true`,
//! where it panics: CI never skips the PostgreSQL tests.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::PgPool;

/// A schema on the test server, dropped (with everything in it) when this
/// is dropped, after a failed test too.
pub struct TestDb {
    url: String,
    name: String,
}

impl TestDb {
    /// A new, empty schema, or `None` (said on stderr) without a server.
    pub fn new() -> Option<Self> {
        static N: AtomicU64 = AtomicU64::new(0);
        let url = match std::env::var("AFTERVIEW_TEST_POSTGRES") {
            Ok(url) if !url.trim().is_empty() => url,
            _ if std::env::var("CI").is_ok_and(|v| v == "true") => panic!(
                "AFTERVIEW_TEST_POSTGRES is not set, and in CI the PostgreSQL tests never skip: \
                 run them through .ci/run, which starts a throw-away server"
            ),
            _ => {
                eprintln!(
                    "skipped: set AFTERVIEW_TEST_POSTGRES=postgres://USER@HOST:PORT/DB to run the PostgreSQL tests"
                );
                return None;
            }
        };
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        let name =
            format!("afterview_test_{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
        let mut admin = postgres::Client::connect(&url, postgres::NoTls).expect("the test server answers");
        admin.batch_execute(&format!("CREATE SCHEMA {name}")).expect("a schema for the test");
        Some(Self { url, name })
    }

    /// The server's configuration, with this schema as the only one searched.
    pub fn config(&self) -> postgres::Config {
        let mut config: postgres::Config = self.url.parse().expect("AFTERVIEW_TEST_POSTGRES is an address");
        config.options(&format!("-c search_path={}", self.name)).application_name(&self.name);
        config
    }

    /// A migrated pool of four connections on the schema.
    pub fn pool(&self) -> PgPool {
        PgPool::with_config(self.config(), 4).expect("the test schema migrates")
    }

    /// A connection of its own on the schema, to look at the tables.
    pub fn client(&self) -> postgres::Client {
        self.config().connect(postgres::NoTls).expect("the test server answers")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.url, postgres::NoTls) {
            let _ = admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

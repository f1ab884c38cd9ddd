//! What the PostgreSQL test files share: the test server's address (or a
//! skip, except in CI), a database of a test's own on it, and the folder of
//! the server's own programs (`pg_dump`, `pg_restore`).

#![allow(dead_code)] // each test file uses its own part of this

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

/// The server's address, or `None` (saying so) when no server was given.
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

/// A name no other test (of this run or another) holds.
pub fn unique(prefix: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    format!("{prefix}_{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

/// `url` with its database name replaced by `db` (the URL form only, which
/// is what `AFTERVIEW_TEST_POSTGRES` holds).
pub fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..].find('/').map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{db}", &base[..host_end]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// `url` with `user` (and no password) as the role that connects.
pub fn with_user(url: &str, user: &str) -> String {
    let scheme_end = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[scheme_end..];
    let host_start = match rest.find('@') {
        // An '@' after the host would be in the path or query: not a user.
        Some(at) if !rest[..at].contains('/') => at + 1,
        _ => 0,
    };
    format!("{}{user}@{}", &url[..scheme_end], &rest[host_start..])
}

/// A database of its own on the test server (for what a schema cannot
/// hold: a whole `pg_dump` and its restore), dropped when this is dropped,
/// after a failed test too.
pub struct Database {
    server: String,
    pub name: String,
    pub url: String,
}

impl Database {
    /// A new, empty database owned by `owner` (from `template0`, as
    /// `docs/deploy.md` makes one); its `url` connects as the owner.
    pub fn create(server: &str, prefix: &str, owner: &Role) -> Self {
        let name = unique(prefix);
        let mut admin = postgres::Client::connect(server, postgres::NoTls).expect("the test server answers");
        admin
            .batch_execute(&format!(
                "CREATE DATABASE {name} OWNER {} TEMPLATE template0 ENCODING 'UTF8'",
                owner.name
            ))
            .unwrap();
        let url = with_user(&with_database(server, &name), &owner.name);
        Self { server: server.to_owned(), url, name }
    }

    /// This database, as the server's administrator (`AFTERVIEW_TEST_POSTGRES`'s
    /// user) reaches it: the user backups run as.
    pub fn admin_url(&self) -> String {
        with_database(&self.server, &self.name)
    }

    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).unwrap()
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.server, postgres::NoTls) {
            // FORCE: a pool this test left open must not keep it.
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

/// A role of its own on the test server (roles are the whole cluster's, so
/// the name is unique), which may log in; dropped when this is dropped. Drop
/// the databases it owns first (declare it before them).
pub struct Role {
    server: String,
    pub name: String,
}

impl Role {
    pub fn create(server: &str, prefix: &str) -> Self {
        let name = unique(prefix);
        let mut admin = postgres::Client::connect(server, postgres::NoTls).expect("the test server answers");
        admin.batch_execute(&format!("CREATE ROLE {name} LOGIN")).unwrap();
        Self { server: server.to_owned(), name }
    }
}

impl Drop for Role {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.server, postgres::NoTls) {
            let _ = admin.batch_execute(&format!("DROP ROLE IF EXISTS {}", self.name));
        }
    }
}

/// The folder of the server's programs: `AFTERVIEW_TEST_POSTGRES_BIN` (which
/// `.ci/postgres.sh` exports: the same version as the server it started, as
/// `pg_dump` refuses a server newer than itself), else the folder of
/// `pg_dump` on `PATH`, else the newest of Debian's `/usr/lib/postgresql/NN/bin`.
pub fn postgres_bin() -> PathBuf {
    let has_both = |d: &PathBuf| d.join("pg_dump").is_file() && d.join("pg_restore").is_file();
    let given = std::env::var_os("AFTERVIEW_TEST_POSTGRES_BIN").filter(|d| !d.is_empty()).map(PathBuf::from);
    let on_path =
        std::env::var_os("PATH").into_iter().flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>());
    if let Some(dir) = given.into_iter().chain(on_path).find(has_both) {
        return dir;
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let n = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("pg_dump").is_file().then_some((n, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).expect(
        "no pg_dump and pg_restore: not on PATH, nor in /usr/lib/postgresql/*/bin; \
         install PostgreSQL's client programs (apt-get install postgresql-client)",
    )
}

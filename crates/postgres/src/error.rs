//! PostgreSQL's errors in the store's terms, by SQLSTATE: what a front end
//! can word (busy, disk full, damaged) apart from the rest.

use afterview_store::Error;
use postgres::error::SqlState;

/// A client or server error in the store's terms.
pub(crate) fn error(e: postgres::Error) -> Error {
    let Some(code) = e.code() else {
        // No SQLSTATE: the connection (closed, refused, a protocol error) or a
        // value that could not be converted.
        return Error::Backend(Box::new(e));
    };
    let text = e.as_db_error().map(|d| d.message().to_owned()).unwrap_or_else(|| e.to_string());
    // Another writer, a lock wait given up, a cancelled statement, a server
    // that is starting or full: trying again in a moment can succeed.
    let busy = [
        SqlState::T_R_SERIALIZATION_FAILURE,
        SqlState::T_R_DEADLOCK_DETECTED,
        SqlState::LOCK_NOT_AVAILABLE,
        SqlState::QUERY_CANCELED,
        SqlState::TOO_MANY_CONNECTIONS,
        SqlState::CANNOT_CONNECT_NOW,
        // A server restarting ends its sessions with these.
        SqlState::ADMIN_SHUTDOWN,
        SqlState::CRASH_SHUTDOWN,
    ];
    if busy.contains(code) {
        Error::Busy(text)
    } else if *code == SqlState::DISK_FULL {
        Error::Disk(format!("the database server's disk is full ({text})"))
    } else if *code == SqlState::IO_ERROR {
        Error::Disk(format!("the database server could not write ({text})"))
    } else if [SqlState::DATA_CORRUPTED, SqlState::INDEX_CORRUPTED].contains(code) {
        Error::damaged("", text)
    } else {
        Error::Backend(Box::new(e))
    }
}

/// A stored value this build cannot read: the column and why.
pub(crate) fn corrupt(column: &str, problem: impl std::fmt::Display) -> Error {
    Error::Corrupt(format!("{column}: {problem}"))
}

/// A connection the pool could not give: the server's own error when there
/// was one, else busy (every connection in use for longer than the wait).
pub(crate) fn pool(e: r2d2::Error) -> Error {
    let text = e.to_string();
    // r2d2 adds the last connection error after a colon, when there was one.
    match text.split_once(": ") {
        Some((_, why)) => Error::Backend(format!("cannot connect to the database server: {why}").into()),
        None => Error::Busy(format!("no database connection came free ({text})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The server the tests use (see `tests/postgres.rs`), or `None`, said so.
    fn client() -> Option<postgres::Client> {
        match std::env::var("AFTERVIEW_TEST_POSTGRES") {
            Ok(url) if !url.trim().is_empty() => {
                Some(postgres::Client::connect(&url, postgres::NoTls).unwrap())
            }
            _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!("AFTERVIEW_TEST_POSTGRES is not set, and in CI the PostgreSQL tests never skip")
            }
            _ => {
                eprintln!("skipped: set AFTERVIEW_TEST_POSTGRES to run the PostgreSQL tests");
                None
            }
        }
    }

    /// The server raises each SQLSTATE for real; the store's error follows.
    #[test]
    fn server_errors_become_the_stores() {
        let Some(mut client) = client() else { return };
        let mut raised = |code: &str| {
            let sql =
                format!("DO $$ BEGIN RAISE EXCEPTION 'raised %', '{code}' USING ERRCODE = '{code}'; END $$");
            error(client.batch_execute(&sql).unwrap_err())
        };
        for busy in ["40001", "40P01", "55P03", "57014", "53300"] {
            assert!(matches!(raised(busy), Error::Busy(ref m) if m.contains(busy)), "{busy}");
        }
        assert!(matches!(raised("53100"), Error::Disk(ref m) if m.contains("disk is full")));
        assert!(matches!(raised("XX001"), Error::Damaged { .. }));
        assert!(matches!(raised("XX002"), Error::Damaged { .. }));
        assert!(matches!(raised("22012"), Error::Backend(_)));
    }

    #[test]
    fn a_server_that_does_not_answer_is_named() {
        // A port nothing listens on: connecting fails at once.
        let config: postgres::Config = "postgres://nobody@127.0.0.1:1/none".parse().unwrap();
        let e = crate::PgPool::with_config(config, 1).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("cannot connect to the PostgreSQL database none on 127.0.0.1:1"), "{text}");
    }
}

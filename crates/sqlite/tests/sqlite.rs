//! The SQLite backend: the shared storage contract, on a file and in
//! memory, and what only a file can show: a newer database refused
//! untouched, migrations recorded and replayed, privacy, backups, and two
//! writers at once.

use afterview_core::demo::{showcase, synthetic};
use afterview_core::model::Person;
use afterview_sqlite::SqliteStore;
use afterview_store::{Error, Store, Tx};
use jiff::civil::date;

fn today() -> jiff::civil::Date {
    date(2026, 11, 20)
}

fn counts(store: &SqliteStore) -> (usize, usize, usize, usize, usize) {
    let f = store.facts(date(1970, 1, 1)).unwrap();
    (f.applications.len(), f.people.len(), f.interviews.len(), f.messages.len(), f.outcomes.len())
}

mod in_memory {
    afterview_store::storage_tests!(afterview_sqlite::SqliteStore::open_in_memory().unwrap());
}

mod on_disk {
    fn fresh() -> afterview_sqlite::SqliteStore {
        // The folder outlives the store, under the target folder that `cargo clean` empties.
        let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap().keep();
        afterview_sqlite::SqliteStore::open(&dir.join("afterview.db")).unwrap()
    }
    afterview_store::storage_tests!(fresh());
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("afterview.db");
    drop(SqliteStore::open(&path).unwrap());
    {
        let conn = rusqlite_connection(&path);
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match SqliteStore::open(&path) {
        Err(Error::NewerSchema { found: 99, known: 3, .. }) => {}
        Err(other) => panic!("wrong error: {other}"),
        Ok(_) => panic!("a newer database was opened"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

fn rusqlite_connection(path: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

#[test]
fn migrations_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("afterview.db");
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 3);
    drop(store);
    let conn = rusqlite_connection(&path);
    let versions: Vec<i64> = conn
        .prepare("SELECT version FROM schema_migrations ORDER BY version")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(versions, [1, 2, 3]);
    // Opening again applies nothing twice.
    drop(SqliteStore::open(&path).unwrap());
}

#[cfg(unix)]
#[test]
fn the_database_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("afterview.db");
    drop(SqliteStore::open(&path).unwrap());
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn backup_is_a_consistent_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("afterview.db")).unwrap();
    store.write(|tx| synthetic(200, today()).iter().try_for_each(|b| tx.import_bundle(b).map(drop))).unwrap();
    let copy = dir.path().join("copy.db");
    store.backup(&copy).unwrap();
    let restored = SqliteStore::open(&copy).unwrap();
    assert_eq!(counts(&restored), counts(&store));
}

#[test]
fn two_writers_at_once_both_land() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("afterview.db");
    drop(SqliteStore::open(&path).unwrap());
    let handles: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = SqliteStore::open(&path).unwrap();
                for i in 0..50 {
                    store
                        .write(|tx| tx.add_person(&Person::new(format!("writer {w} person {i}"))).map(drop))
                        .unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(SqliteStore::open(&path).unwrap().people().unwrap().len(), 100);
}

/// A database written by the first release (schema 1) is brought up to date
/// when opened, and keeps everything in it.
#[test]
fn an_older_database_is_migrated_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("afterview.db");
    {
        let mut store = SqliteStore::open(&path).unwrap();
        store.write(|tx| showcase(today()).iter().try_for_each(|b| tx.import_bundle(b).map(drop))).unwrap();
    }
    // Turn it back into a schema-1 database, as the first release left it.
    {
        let conn = rusqlite_connection(&path);
        conn.execute_batch(
            "DROP TABLE holidays; DROP TABLE exported_events; DELETE FROM schema_migrations WHERE version >= 2;
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 3);
    assert_eq!(store.applications().unwrap().len(), 8, "the data survived");
    assert!(store.holidays().unwrap().is_empty(), "migration 2 made its table");
    assert!(store.exported_events().unwrap().is_empty(), "migration 3 made its table");
}

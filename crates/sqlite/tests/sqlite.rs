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
        Err(Error::NewerSchema { found: 99, known: 5, .. }) => {}
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
    assert_eq!(store.schema_version().unwrap(), 5);
    drop(store);
    let conn = rusqlite_connection(&path);
    let versions: Vec<i64> = conn
        .prepare("SELECT version FROM schema_migrations ORDER BY version")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(versions, [1, 2, 3, 4, 5]);
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
            "DROP TABLE holidays; DROP TABLE exported_events; DROP TABLE notifications;
             DROP INDEX interviews_invite; DROP INDEX messages_source;
             ALTER TABLE applications DROP COLUMN applied_on; ALTER TABLE interviews DROP COLUMN location;
             ALTER TABLE interviews DROP COLUMN invite_uid; ALTER TABLE interviews DROP COLUMN invite_sequence;
             ALTER TABLE messages DROP COLUMN source_id;
             DELETE FROM schema_migrations WHERE version >= 2; PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 5);
    assert_eq!(store.applications().unwrap().len(), 8, "the data survived");
    assert!(store.holidays().unwrap().is_empty(), "migration 2 made its table");
    assert!(store.exported_events().unwrap().is_empty(), "migration 3 made its table");
    assert!(store.notifications(today()).unwrap().is_empty(), "migration 5 made its table");
}

/// A database with the showcase in it, and its path.
fn with_showcase(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("afterview.db");
    let mut store = SqliteStore::open(&path).unwrap();
    for b in showcase(today()) {
        store.write(|tx| tx.import_bundle(&b)).unwrap();
    }
    path
}

fn damaged(result: afterview_store::Result<SqliteStore>) -> String {
    match result {
        Err(e @ Error::Damaged { .. }) => e.to_string(),
        Err(other) => panic!("wrong error: {other}"),
        Ok(_) => panic!("a damaged database was opened"),
    }
}

#[test]
fn an_empty_file_is_refused_untouched_not_taken_for_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("afterview.db");
    std::fs::write(&path, b"").unwrap();
    let text = damaged(SqliteStore::open(&path));
    assert!(text.contains("0 bytes") && text.contains("afterview.db"), "{text}");
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 0, "left as it was");
}

#[test]
fn a_file_that_is_not_a_database_or_was_cut_short_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("afterview.db");
    std::fs::write(&path, "BEGIN:VCALENDAR\n".repeat(100)).unwrap();
    assert!(damaged(SqliteStore::open(&path)).contains("does not start like a SQLite database"));
    std::fs::remove_file(&path).unwrap();
    let path = with_showcase(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    assert!(damaged(SqliteStore::open(&path)).contains("cut short"));
}

#[test]
fn a_database_with_overwritten_pages_takes_no_writes_and_no_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = with_showcase(dir.path());
    {
        use std::io::{Seek, Write};
        let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        f.seek(std::io::SeekFrom::Start(4096 * 3)).unwrap();
        f.write_all(&[0xA5; 8192]).unwrap();
    }
    let mut store = SqliteStore::open(&path).expect("the header is fine");
    assert!(!store.problems(false).unwrap().is_empty());
    assert!(!store.problems(true).unwrap().is_empty());
    let before = std::fs::read(&path).unwrap();
    let write = store.write(|tx| tx.set_meta("k", "v"));
    assert!(matches!(write, Err(Error::Damaged { .. })), "{write:?}");
    let backup = dir.path().join("copy.db");
    assert!(matches!(store.backup(&backup), Err(Error::Damaged { .. })));
    assert!(!backup.exists(), "no copy of the damage");
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing was added to the damaged file");
}

#[test]
fn a_whole_database_checks_out_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&with_showcase(dir.path())).unwrap();
    assert_eq!(store.problems(true).unwrap(), Vec::<String>::new());
    assert_eq!(store.problems(false).unwrap(), Vec::<String>::new());
}

/// Eight processes' worth of first opens at once: each finds no file or a
/// whole one, never the empty file a plain create would show the others.
#[test]
fn a_new_database_is_created_whole_even_by_many_at_once() {
    for _ in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("afterview.db");
        let opened: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8).map(|_| s.spawn(|| SqliteStore::open(&path).map(drop))).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for result in opened {
            result.unwrap();
        }
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(left.is_empty(), "no temporary files left: {left:?}");
    }
}

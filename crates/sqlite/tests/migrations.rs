//! A database of every schema version ever released, opened by this build:
//! migrated in place and read back whole. The databases are committed in
//! `tests/fixtures/vN.sqlite`, one per version, so an upgrade is tested on
//! files made the way an old build made them.
//!
//! **A new migration needs a new fixture**, or `every_version_has_a_fixture`
//! fails: add the rows that use its tables to [`SEEDS`] (entry N for
//! migration N; never edit an earlier one) and the checks of them to
//! `reads_back`, then run the generator, which writes only the missing
//! files (delete one to remake it):
//!
//! ```sh
//! cargo test -p afterview-sqlite --test migrations -- --ignored write_fixtures
//! ```
//!
//! It applies migrations `1..=N` only (`SqliteStore::create_at_version`)
//! and inserts `SEEDS[..N]`, the rows a build of version N could have
//! written, in the formats it wrote them.

use std::path::PathBuf;

use afterview_core::ids::{ApplicationId, InterviewId, PersonId};
use afterview_sqlite::SqliteStore;
use afterview_store::Store;
use jiff::civil::date;

/// The rows of fixture N: `SEEDS[..N]`, entry k for the tables of migration k+1.
const SEEDS: &[&str] = &[
    // 1: the facts, and task states.
    r#"
    INSERT INTO applications VALUES
        (1, 'Acme Robotics', 'Platform Engineer', 'active', 'startup', NULL, 'email',
         'https://acme-robotics.example/careers/platform', 'Met at the meetup'),
        (2, 'Globex', 'Senior Backend Developer', 'offer', 'corporate', 'uk', 'recruiter', NULL, NULL);
    INSERT INTO people VALUES
        (1, 'María López', 'Engineering Manager', 'maria@acme-robotics.example', NULL, NULL,
         'Acme Robotics', 'America/New_York', NULL),
        (2, 'Sam Patel', 'Recruiter', 'sam@agency.example', '+44 20 7946 0000', NULL, 'Hire Co', 'Europe/London', NULL);
    INSERT INTO involvements VALUES (1, 1, 'hiring-manager'), (2, 2, 'recruiter');
    INSERT INTO interviews VALUES
        (1, 1, '2026-11-30T14:00:00-05:00[America/New_York]', 90, 'panel',
         '["the fleet dashboard","on-call load"]', '["a link to my portfolio"]',
         'Maria said we should decide in two to three weeks', 0, 1, NULL),
        (2, 2, '2026-11-19T10:00:00+00:00[Europe/London]', 60, 'final', '[]', '[]', NULL, 1, 0, 'went well');
    INSERT INTO interview_people VALUES (1, 1, 0), (2, 2, 0);
    INSERT INTO messages VALUES
        (1, 2, 2, 'thank-you', 'out', '2026-11-19', 'email', 'Thank you for today', 'Dear Sam, …'),
        (2, 2, 2, 'other', 'in', '2026-11-30', 'email', 'Offer from Globex', NULL);
    INSERT INTO outcomes VALUES (1, 2, 'offer', '2026-11-30', '2026-12-07', NULL);
    INSERT INTO meta VALUES ('note', 'made by the fixture generator');
    INSERT INTO task_states VALUES
        ('thank-you:a1:p1', 'done', '2026-11-30'),
        ('status-check:a2:1', 'snoozed', '2026-12-04');
    "#,
    // 2: imported closure days.
    r#"
    INSERT INTO holidays VALUES ('2026-12-24', 'Office closed', 'closures.ics');
    "#,
    // 3: what the last calendar export held; a fingerprint with its top bit
    // set is stored as a negative integer.
    r#"
    INSERT INTO exported_events VALUES
        ('thank-you:a1:p1', -8446744073709551617, 2, '2026-11-30', 'Acme Robotics: thank-you note', 1),
        ('status-check:a2:1', 42, 0, '2026-12-04', 'Globex: status check', 0);
    "#,
    // 4: what importers bring.
    r#"
    UPDATE applications SET applied_on = '2026-11-02' WHERE id = 1;
    UPDATE interviews SET location = 'https://meet.example/abc-defg-hij',
        invite_uid = '7kq2m@google.example', invite_sequence = 3 WHERE id = 1;
    UPDATE messages SET source_id = '<CAF=offer-1@globex.example>' WHERE id = 2;
    "#,
    // 5: the reminders `afterview notify` sent.
    r#"
    INSERT INTO notifications VALUES
        ('2026-12-04', 'status-check:a2:1', 'email', '2026-12-04T13:00:02.5Z'),
        ('2026-12-04', 'status-check:a2:1', 'ntfy', '2026-12-04T13:00:03Z'),
        ('2026-12-05', 'connect:a1', 'email', '2026-12-05T13:00:00Z');
    "#,
];

fn fixture(version: usize) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/v{version}.sqlite"))
}

#[test]
fn every_version_has_a_fixture() {
    let latest = SqliteStore::latest_schema_version() as usize;
    assert_eq!(
        SEEDS.len(),
        latest,
        "migration {} has no rows in SEEDS: add them, and its checks to reads_back, then run the generator \
         (see this file's header)",
        SEEDS.len() + 1
    );
    for v in 1..=latest {
        assert!(
            fixture(v).is_file(),
            "{} is missing: run `cargo test -p afterview-sqlite --test migrations -- --ignored write_fixtures` \
             and commit it",
            fixture(v).display()
        );
    }
}

#[test]
fn every_released_version_opens_migrates_and_reads_back() {
    for v in 1..=SqliteStore::latest_schema_version() as usize {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("afterview.db");
        std::fs::copy(fixture(v), &path).unwrap_or_else(|e| panic!("{}: {e}", fixture(v).display()));
        let store = SqliteStore::open(&path).unwrap_or_else(|e| panic!("v{v} does not open: {e}"));
        assert_eq!(store.schema_version().unwrap(), SqliteStore::latest_schema_version(), "v{v} migrated");
        assert!(store.problems(true).unwrap().is_empty(), "v{v} is whole after migrating");
        reads_back(&store, v);
    }
}

/// The seeded rows of fixture `v`, read through the store as records.
fn reads_back(store: &SqliteStore, v: usize) {
    let apps = store.applications().unwrap();
    assert_eq!(apps.len(), 2, "v{v}");
    assert_eq!(apps[0].value.company, "Acme Robotics");
    assert_eq!(apps[0].value.notes.as_deref(), Some("Met at the meetup"));
    assert_eq!(apps[1].value.status.to_string(), "offer");
    assert_eq!(store.person(PersonId(1)).unwrap().value.name, "María López");
    assert_eq!(store.involvements(Some(ApplicationId(2))).unwrap().len(), 1);
    let iv = store.interview(InterviewId(1)).unwrap().value;
    assert_eq!(iv.start.to_string(), "2026-11-30T14:00:00-05:00[America/New_York]", "v{v}");
    assert_eq!(iv.duration_minutes, 90);
    assert_eq!(iv.topics.len(), 2);
    assert!(iv.follow_ups_invited);
    assert_eq!(store.messages(None).unwrap().len(), 2);
    let offer = &store.outcomes(Some(ApplicationId(2))).unwrap()[0].value;
    assert_eq!(offer.deadline, Some(date(2026, 12, 7)));
    assert_eq!(store.meta("note").unwrap().as_deref(), Some("made by the fixture generator"));
    assert_eq!(store.task_states().unwrap().len(), 2);
    let holidays = store.holidays().unwrap();
    if v >= 2 {
        assert_eq!(holidays.len(), 1, "v{v}");
        assert_eq!(holidays[0].date, date(2026, 12, 24));
    } else {
        assert!(holidays.is_empty(), "a v1 database had no imported days");
    }
    let mut exported = store.exported_events().unwrap();
    exported.sort_by(|a, b| a.task.cmp(&b.task));
    if v >= 3 {
        assert_eq!(exported.len(), 2, "v{v}");
        assert_eq!(
            (exported[1].fingerprint, exported[1].sequence, exported[1].cancelled),
            (9_999_999_999_999_999_999, 2, true)
        );
        assert_eq!((exported[0].day, exported[0].cancelled), (date(2026, 12, 4), false));
    } else {
        assert!(exported.is_empty(), "a v{v} database had no export recorded");
    }
    let first = store.interview(InterviewId(1)).unwrap().value;
    let msg = store.message(afterview_core::ids::MessageId(2)).unwrap().value;
    if v >= 4 {
        assert_eq!(apps[0].value.applied_on, Some(date(2026, 11, 2)), "v{v}");
        assert_eq!(first.location.as_deref(), Some("https://meet.example/abc-defg-hij"));
        let invite = first.invite.expect("the invite survives");
        assert_eq!((invite.uid.as_str(), invite.sequence), ("7kq2m@google.example", 3));
        assert_eq!(msg.source_id.as_deref(), Some("<CAF=offer-1@globex.example>"));
    } else {
        assert_eq!((apps[0].value.applied_on, first.location, first.invite), (None, None, None), "v{v}");
        assert_eq!(msg.source_id, None);
    }
    let sent = store.notifications(date(2026, 12, 4)).unwrap();
    if v >= 5 {
        let channels: Vec<_> = sent.iter().map(|n| (n.task.to_string(), n.channel.as_str())).collect();
        assert_eq!(
            channels,
            [("status-check:a2:1".into(), "email"), ("status-check:a2:1".into(), "ntfy")],
            "v{v}"
        );
        assert_eq!(sent[0].sent_at, "2026-12-04T13:00:02.5Z".parse::<jiff::Timestamp>().unwrap());
        assert_eq!(store.notifications(date(2026, 12, 5)).unwrap().len(), 1);
    } else {
        assert!(sent.is_empty(), "a v{v} database had sent no reminders");
    }
    // The planner's load reads the same facts.
    let facts = store.facts(date(1970, 1, 1)).unwrap();
    assert_eq!((facts.applications.len(), facts.interviews.len()), (2, 2));
}

/// The generator: writes each missing `vN.sqlite` (see this file's header).
#[test]
#[ignore = "the fixture generator; run it by name when a migration is added"]
fn write_fixtures() {
    for v in 1..=SEEDS.len() {
        let path = fixture(v);
        if path.exists() {
            continue;
        }
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        // Each seed is written at its own version, so its rows fit the
        // tables as they were then (a later migration may add columns).
        let mut conn = SqliteStore::create_at_version(&path, 1).unwrap();
        for (k, seed) in SEEDS[..v].iter().enumerate() {
            SqliteStore::migrate_connection_to(&mut conn, k as i64 + 1).unwrap();
            conn.execute_batch(seed).unwrap();
        }
        // One self-contained file: the WAL folded in, rollback journal mode,
        // as small as it can be, its applied_at times fixed.
        conn.execute_batch(
            "UPDATE schema_migrations SET applied_at = '2026-01-01T00:00:00Z';
             PRAGMA journal_mode = delete; VACUUM;",
        )
        .unwrap();
        drop(conn);
        println!("wrote {}", path.display());
    }
}

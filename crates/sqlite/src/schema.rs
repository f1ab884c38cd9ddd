//! The schema as an append-only list of migrations. Each runs in its own
//! transaction and is recorded in `schema_migrations` and `user_version`.
//! Never edit a migration that has shipped: add the next one.

use rusqlite::Connection;

use afterview_store::Result;

use crate::rows::error;

/// Migration `n` (1-based) is `MIGRATIONS[n - 1]`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: the facts a user records, and the state of planned tasks.
    r#"
    CREATE TABLE applications (
        id            INTEGER PRIMARY KEY,
        company       TEXT NOT NULL,
        role          TEXT NOT NULL,
        status        TEXT NOT NULL,
        culture       TEXT NOT NULL,
        region        TEXT,
        first_contact TEXT NOT NULL,
        posting_url   TEXT,
        notes         TEXT
    );
    CREATE TABLE people (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL,
        title        TEXT,
        email        TEXT,
        phone        TEXT,
        linkedin     TEXT,
        organisation TEXT,
        time_zone    TEXT,
        notes        TEXT
    );
    CREATE TABLE involvements (
        application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        person_id      INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        role           TEXT NOT NULL,
        PRIMARY KEY (application_id, person_id)
    ) WITHOUT ROWID;
    CREATE INDEX involvements_person ON involvements(person_id);
    CREATE TABLE interviews (
        id                   INTEGER PRIMARY KEY,
        application_id       INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        start                TEXT NOT NULL,
        duration_minutes     INTEGER NOT NULL,
        stage                TEXT NOT NULL,
        topics               TEXT NOT NULL DEFAULT '[]',
        promised             TEXT NOT NULL DEFAULT '[]',
        next_steps           TEXT,
        references_requested INTEGER NOT NULL DEFAULT 0,
        follow_ups_invited   INTEGER NOT NULL DEFAULT 0,
        notes                TEXT
    );
    CREATE INDEX interviews_application ON interviews(application_id);
    CREATE TABLE interview_people (
        interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
        person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        position     INTEGER NOT NULL,
        PRIMARY KEY (interview_id, person_id)
    ) WITHOUT ROWID;
    CREATE INDEX interview_people_person ON interview_people(person_id);
    CREATE TABLE messages (
        id             INTEGER PRIMARY KEY,
        application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        person_id      INTEGER REFERENCES people(id) ON DELETE SET NULL,
        kind           TEXT NOT NULL,
        direction      TEXT NOT NULL,
        date           TEXT NOT NULL,
        channel        TEXT NOT NULL,
        subject        TEXT,
        body           TEXT
    );
    CREATE INDEX messages_application ON messages(application_id);
    CREATE TABLE outcomes (
        id             INTEGER PRIMARY KEY,
        application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        kind           TEXT NOT NULL,
        date           TEXT NOT NULL,
        deadline       TEXT,
        feedback       TEXT
    );
    CREATE INDEX outcomes_application ON outcomes(application_id);
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE task_states (
        task_id TEXT PRIMARY KEY,
        state   TEXT NOT NULL,
        day     TEXT NOT NULL
    ) WITHOUT ROWID;
    "#,
    // 2: closure days imported from .ics files, on top of the region's holidays.
    r#"
    CREATE TABLE holidays (
        date   TEXT PRIMARY KEY,
        name   TEXT NOT NULL,
        source TEXT NOT NULL
    ) WITHOUT ROWID;
    "#,
    // 3: what the last calendar export held, so the next one raises the
    // SEQUENCE of what changed and cancels what is gone.
    r#"
    CREATE TABLE exported_events (
        task_id     TEXT PRIMARY KEY,
        fingerprint INTEGER NOT NULL,
        sequence    INTEGER NOT NULL,
        day         TEXT NOT NULL,
        summary     TEXT NOT NULL,
        cancelled   INTEGER NOT NULL
    ) WITHOUT ROWID;
    "#,
    // 4: what importers bring: the day of applying, an interview's place
    // and the invitation it came from, an imported email's Message-ID.
    r#"
    ALTER TABLE applications ADD COLUMN applied_on TEXT;
    ALTER TABLE interviews ADD COLUMN location TEXT;
    ALTER TABLE interviews ADD COLUMN invite_uid TEXT;
    ALTER TABLE interviews ADD COLUMN invite_sequence INTEGER;
    CREATE INDEX interviews_invite ON interviews(invite_uid) WHERE invite_uid IS NOT NULL;
    ALTER TABLE messages ADD COLUMN source_id TEXT;
    CREATE INDEX messages_source ON messages(source_id) WHERE source_id IS NOT NULL;
    "#,
    // 5: the reminders `afterview notify` sent, so a task goes out once a
    // day per channel.
    r#"
    CREATE TABLE notifications (
        day     TEXT NOT NULL,
        task_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        PRIMARY KEY (day, task_id, channel)
    ) WITHOUT ROWID;
    "#,
];

/// The schema version this build writes.
pub(crate) fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

pub(crate) fn current(conn: &Connection) -> Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(error)
}

/// Applies every migration after the database's version, each in its own
/// immediate transaction, so a crash between two leaves a consistent version.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, latest()).map_err(error)
}

/// Applies the migrations after the database's version up to `upto`.
pub(crate) fn migrate_to(conn: &mut Connection, upto: i64) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             applied_at TEXT NOT NULL
         )",
    )?;
    loop {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let Some(sql) = MIGRATIONS.get(version as usize).filter(|_| version < upto) else {
            return Ok(());
        };
        tx.execute_batch(sql)?;
        let next = version + 1;
        tx.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
            rusqlite::params![next, jiff::Timestamp::now().to_string()],
        )?;
        tx.pragma_update(None, "user_version", next)?;
        tx.commit()?;
    }
}

//! The PostgreSQL backend against a real server: the shared storage
//! contract, two users on one database who never see each other's rows,
//! migrations (recorded once, a newer schema refused, several processes at
//! once), rollback on a panic, and one user's writers taking turns.
//!
//! The server is `AFTERVIEW_TEST_POSTGRES` (`postgres://postgres@127.0.0.1:PORT/postgres`;
//! `.ci/run` starts a throw-away one). Each test works in a schema of its
//! own, dropped at its end, so the tests run in parallel. Without the
//! variable the tests say they were skipped, except with `CI=true`, where
//! they fail: CI never skips them.

mod common;

use std::sync::atomic::{AtomicU64, Ordering};

use afterview_core::demo::showcase;
use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_core::kinds::{Channel, Direction, MessageKind, PersonRole, Stage};
use afterview_core::model::{Application, Interview, Message, Person, TaskState};
use afterview_postgres::{PgPool, PgStore, PgTx};
use afterview_store::{Error, RecordKind, Store, Tx, UserId};
use common::server;
use jiff::civil::{Date, date};

fn today() -> Date {
    date(2026, 11, 20)
}

/// A reminder sent this morning.
fn sent_today() -> afterview_store::Notification {
    afterview_store::Notification {
        day: today(),
        task: "connect:a1".parse().unwrap(),
        channel: "email".into(),
        sent_at: "2026-11-20T08:00:00Z".parse().unwrap(),
    }
}

/// A schema of its own on the test server, dropped when this is dropped
/// (after a failed test too).
struct Schema {
    url: String,
    name: String,
}

impl Schema {
    fn new() -> Option<Self> {
        static N: AtomicU64 = AtomicU64::new(0);
        let url = server()?;
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        let name =
            format!("afterview_test_{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
        let mut admin = postgres::Client::connect(&url, postgres::NoTls).expect("the test server answers");
        admin.batch_execute(&format!("CREATE SCHEMA {name}")).unwrap();
        Some(Self { url, name })
    }

    /// The server's configuration, with this schema as the only one searched.
    fn config(&self) -> postgres::Config {
        let mut config: postgres::Config = self.url.parse().unwrap();
        config.options(&format!("-c search_path={}", self.name)).application_name(&self.name);
        config
    }

    fn pool(&self) -> PgPool {
        PgPool::with_config(self.config(), 4).unwrap()
    }

    fn client(&self) -> postgres::Client {
        self.config().connect(postgres::NoTls).unwrap()
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.url, postgres::NoTls) {
            let _ = admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

/// A store of a new user in a schema of its own, which goes with it.
struct Scratch {
    store: PgStore,
    _schema: Schema,
}

fn scratch() -> Option<Scratch> {
    let schema = Schema::new()?;
    let pool = schema.pool();
    let user = pool.add_user().unwrap();
    Some(Scratch { store: pool.open(user).unwrap(), _schema: schema })
}

/// Every call goes to the store; the schema is dropped after it.
impl Store for Scratch {
    type Tx<'a> = PgTx<'a>;

    fn user(&self) -> UserId {
        self.store.user()
    }
    fn write<T>(
        &mut self,
        f: impl FnOnce(&mut PgTx<'_>) -> afterview_store::Result<T>,
    ) -> afterview_store::Result<T> {
        self.store.write(f)
    }
    fn application(
        &self,
        id: ApplicationId,
    ) -> afterview_store::Result<afterview_core::model::Record<ApplicationId, Application>> {
        self.store.application(id)
    }
    fn applications(
        &self,
    ) -> afterview_store::Result<Vec<afterview_core::model::Record<ApplicationId, Application>>> {
        self.store.applications()
    }
    fn application_count(&self) -> afterview_store::Result<u64> {
        self.store.application_count()
    }
    fn person(
        &self,
        id: PersonId,
    ) -> afterview_store::Result<afterview_core::model::Record<PersonId, Person>> {
        self.store.person(id)
    }
    fn people(&self) -> afterview_store::Result<Vec<afterview_core::model::Record<PersonId, Person>>> {
        self.store.people()
    }
    fn involvements(
        &self,
        a: Option<ApplicationId>,
    ) -> afterview_store::Result<Vec<afterview_core::model::Involvement>> {
        self.store.involvements(a)
    }
    fn interview(
        &self,
        id: InterviewId,
    ) -> afterview_store::Result<afterview_core::model::Record<InterviewId, Interview>> {
        self.store.interview(id)
    }
    fn interviews(
        &self,
        a: Option<ApplicationId>,
    ) -> afterview_store::Result<Vec<afterview_core::model::Record<InterviewId, Interview>>> {
        self.store.interviews(a)
    }
    fn message(
        &self,
        id: MessageId,
    ) -> afterview_store::Result<afterview_core::model::Record<MessageId, Message>> {
        self.store.message(id)
    }
    fn messages(
        &self,
        a: Option<ApplicationId>,
    ) -> afterview_store::Result<Vec<afterview_core::model::Record<MessageId, Message>>> {
        self.store.messages(a)
    }
    fn outcome(
        &self,
        id: OutcomeId,
    ) -> afterview_store::Result<afterview_core::model::Record<OutcomeId, afterview_core::model::Outcome>>
    {
        self.store.outcome(id)
    }
    fn outcomes(
        &self,
        a: Option<ApplicationId>,
    ) -> afterview_store::Result<Vec<afterview_core::model::Record<OutcomeId, afterview_core::model::Outcome>>>
    {
        self.store.outcomes(a)
    }
    fn meta(&self, key: &str) -> afterview_store::Result<Option<String>> {
        self.store.meta(key)
    }
    fn holidays(&self) -> afterview_store::Result<Vec<afterview_core::calendar::Holiday>> {
        self.store.holidays()
    }
    fn task_states(
        &self,
    ) -> afterview_store::Result<std::collections::HashMap<afterview_core::plan::TaskId, TaskState>> {
        self.store.task_states()
    }
    fn exported_events(&self) -> afterview_store::Result<Vec<afterview_core::ics::ExportedEvent>> {
        self.store.exported_events()
    }
    fn notifications(&self, day: Date) -> afterview_store::Result<Vec<afterview_store::Notification>> {
        self.store.notifications(day)
    }
    fn facts(&self, closed_since: Date) -> afterview_store::Result<afterview_core::agenda::Facts> {
        self.store.facts(closed_since)
    }
}

mod conformance {
    use super::scratch;

    afterview_store::storage_tests!({
        let Some(store) = scratch() else { return };
        store
    });
}

/// A user's words and templates live in their rows (migration 4), as the
/// local ones live in files beside the settings; one user's are not
/// another's, and deleting the user takes them.
#[test]
fn a_users_words_and_templates_are_their_own() {
    use afterview_core::kinds::MessageKind;
    use afterview_store::Profile;
    let Some(schema) = Schema::new() else { return };
    let pool = schema.pool();
    let (ann, bob) = (pool.add_user().unwrap(), pool.add_user().unwrap());
    let a = pool.open(ann).unwrap();
    afterview_store::conformance::a_profile_keeps_words_once_in_order(&a);
    let b = pool.open(bob).unwrap();
    assert!(b.words().unwrap().is_empty(), "Ann's words are not Bob's");
    a.set_template(MessageKind::ThankYou, Some("Dear {{ to.first_name }},")).unwrap();
    assert_eq!(a.template(MessageKind::ThankYou).unwrap().unwrap().text, "Dear {{ to.first_name }},");
    assert!(b.template(MessageKind::ThankYou).unwrap().is_none());
    a.set_template(MessageKind::ThankYou, None).unwrap();
    assert!(a.template(MessageKind::ThankYou).unwrap().is_none(), "dropped");
}

/// The use cases give the same answers on PostgreSQL as on SQLite: a demo
/// loaded (with its "kept up" marks planned inside the transaction), the
/// agenda on several days, the list of applications, a task marked.
#[test]
fn the_use_cases_answer_alike_on_both_backends() {
    use afterview_app::agenda::{self, Mark};
    use afterview_app::setup::{Demo, load_demo};
    use afterview_core::settings::Settings;
    let settings = Settings::default();
    let days = [today(), date(2026, 11, 23), date(2026, 12, 4), date(2027, 1, 15)];
    let compare = |pg: &PgStore, lite: &afterview_sqlite::SqliteStore| {
        for day in days {
            let (a, b) =
                (agenda::agenda(pg, &settings, day).unwrap(), agenda::agenda(lite, &settings, day).unwrap());
            assert_eq!(a.agenda, b.agenda, "the agenda of {day}");
            let (a, b) = (
                agenda::applications(pg, &settings, day, None).unwrap(),
                agenda::applications(lite, &settings, day, None).unwrap(),
            );
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "the applications on {day}");
        }
    };
    for demo in [Demo::Showcase, Demo::Synthetic(80)] {
        // A database of its own, so the ids start at 1 as in a new file.
        let Some(schema) = Schema::new() else { return };
        let pool = schema.pool();
        let mut pg = pool.open(pool.add_user().unwrap()).unwrap();
        let mut lite = afterview_sqlite::SqliteStore::open_in_memory().unwrap();
        let n = load_demo(&mut pg, &settings, today(), demo).unwrap();
        assert_eq!(load_demo(&mut lite, &settings, today(), demo).unwrap(), n);
        compare(&pg, &lite);
        let task = agenda::agenda(&pg, &settings, today()).unwrap().agenda.task_ids().next().cloned();
        let task = task.expect("the demo has a task today");
        agenda::mark(&mut pg, &settings, today(), task.as_str(), Mark::Done).unwrap();
        agenda::mark(&mut lite, &settings, today(), task.as_str(), Mark::Done).unwrap();
        compare(&pg, &lite);
    }
}

/// Two users on one database: each sees only their own rows, and the
/// other's ids are not found, for reads and for writes alike.
#[test]
fn users_never_see_each_others_rows() {
    let Some(schema) = Schema::new() else { return };
    let pool = schema.pool();
    let (ann, bob) = (pool.add_user().unwrap(), pool.add_user().unwrap());
    let mut a = pool.open(ann).unwrap();
    let mut b = pool.open(bob).unwrap();
    let apps = a
        .write(|tx| showcase(today()).iter().map(|x| tx.import_bundle(x)).collect::<Result<Vec<_>, _>>())
        .unwrap();
    a.write(|tx| {
        tx.set_meta("demo", "yes")?;
        tx.set_task_state(&"connect:a1".parse().unwrap(), TaskState::Done { on: today() })?;
        tx.record_notifications(&[sent_today()])?;
        tx.add_holidays(
            &[afterview_core::calendar::Holiday { date: today(), name: "Closed".into() }],
            "a.ics",
        )
        .map(drop)
    })
    .unwrap();
    let bobs = b.write(|tx| tx.add_application(&Application::new("Bob's", "Dev"))).unwrap();

    // Bob sees nothing of Ann's.
    assert_eq!(b.application_count().unwrap(), 1);
    assert_eq!(b.applications().unwrap().iter().map(|r| r.id).collect::<Vec<_>>(), [bobs]);
    assert!(b.people().unwrap().is_empty());
    assert!(b.involvements(None).unwrap().is_empty());
    assert!(b.interviews(None).unwrap().is_empty());
    assert!(b.messages(None).unwrap().is_empty());
    assert!(b.outcomes(None).unwrap().is_empty());
    assert!(b.task_states().unwrap().is_empty());
    assert!(b.holidays().unwrap().is_empty());
    assert_eq!(b.meta("demo").unwrap(), None);
    assert!(b.notifications(today()).unwrap().is_empty());
    let f = b.facts(date(1970, 1, 1)).unwrap();
    assert_eq!((f.applications.len(), f.people.len(), f.interviews.len(), f.messages.len()), (1, 0, 0, 0));

    // Ann's ids answer not found to Bob, the same as ids never given.
    let person = a.people().unwrap()[0].id;
    let interview = a.interviews(None).unwrap()[0].id;
    let message = a.messages(None).unwrap()[0].id;
    let outcome = a.outcomes(None).unwrap()[0].id;
    let not_found = |r: Result<(), Error>, kind: RecordKind| match r {
        Err(Error::NotFound { kind: k, .. }) => assert_eq!(k, kind),
        other => panic!("expected a {kind} not found, got {other:?}"),
    };
    not_found(b.application(apps[0]).map(drop), RecordKind::Application);
    not_found(b.person(person).map(drop), RecordKind::Person);
    not_found(b.interview(interview).map(drop), RecordKind::Interview);
    not_found(b.message(message).map(drop), RecordKind::Message);
    not_found(b.outcome(outcome).map(drop), RecordKind::Outcome);
    assert!(b.involvements(Some(apps[0])).unwrap().is_empty());
    assert!(b.interviews(Some(apps[0])).unwrap().is_empty());

    let ann_app = a.application(apps[0]).unwrap().value;
    not_found(b.write(|tx| tx.update_application(apps[0], &ann_app)), RecordKind::Application);
    not_found(b.write(|tx| tx.remove_application(apps[0])), RecordKind::Application);
    not_found(b.write(|tx| tx.update_person(person, &Person::new("Mallory"))), RecordKind::Person);
    not_found(b.write(|tx| tx.remove_person(person)), RecordKind::Person);
    not_found(b.write(|tx| tx.involve(bobs, person, PersonRole::Reference)), RecordKind::Person);
    not_found(b.write(|tx| tx.involve(apps[0], PersonId(0), PersonRole::Reference)), RecordKind::Application);
    let iv = |application| {
        Interview::new(application, "2026-11-20T14:00-05:00[America/New_York]".parse().unwrap(), Stage::Video)
    };
    not_found(b.write(|tx| tx.add_interview(&iv(apps[0])).map(drop)), RecordKind::Application);
    not_found(
        b.write(|tx| tx.add_interview(&Interview { interviewers: vec![person], ..iv(bobs) }).map(drop)),
        RecordKind::Person,
    );
    not_found(b.write(|tx| tx.update_interview(interview, &iv(bobs))), RecordKind::Interview);
    not_found(b.write(|tx| tx.remove_interview(interview)), RecordKind::Interview);
    let m = Message {
        application: bobs,
        person: Some(person),
        kind: MessageKind::ThankYou,
        direction: Direction::Out,
        date: today(),
        channel: Channel::Email,
        subject: None,
        body: None,
        source_id: None,
    };
    not_found(b.write(|tx| tx.add_message(&m).map(drop)), RecordKind::Person);
    not_found(
        b.write(|tx| tx.update_message(message, &Message { person: None, ..m.clone() })),
        RecordKind::Message,
    );
    not_found(b.write(|tx| tx.remove_message(message)), RecordKind::Message);
    not_found(b.write(|tx| tx.remove_outcome(outcome)), RecordKind::Outcome);
    not_found(b.write(|tx| tx.remove_holiday(today())), RecordKind::Holiday);

    // Bob clearing his data leaves Ann's whole.
    let before = a.facts(date(1970, 1, 1)).unwrap();
    b.write(|tx| tx.clear_all()).unwrap();
    assert_eq!(b.application_count().unwrap(), 0);
    let after = a.facts(date(1970, 1, 1)).unwrap();
    assert_eq!(after.applications, before.applications);
    assert_eq!(after.messages, before.messages);
    assert_eq!(after.interviews, before.interviews);
    assert_eq!(a.meta("demo").unwrap().as_deref(), Some("yes"));
    assert_eq!(a.task_states().unwrap().len(), 1);
    assert_eq!(a.holidays().unwrap().len(), 1);
    assert_eq!(a.notifications(today()).unwrap(), [sent_today()]);

    // Ids are each user's own: Bob restoring a snapshot may store a record
    // under an id Ann has, and each reads their own.
    let restored = Application::new("Bob restored", "Dev");
    b.write(|tx| tx.insert_application(apps[0], &restored)).unwrap();
    assert_eq!(b.application(apps[0]).unwrap().value, restored);
    assert_eq!(a.application(apps[0]).unwrap().value, ann_app);
    not_found(
        b.write(|tx| {
            tx.insert_interview(
                InterviewId(interview.0 + 1000),
                &Interview { interviewers: vec![person], ..iv(apps[0]) },
            )
        }),
        RecordKind::Person,
    );
}

/// The schema lets a user's row go with everything of theirs (messages
/// point at people without a cascade of their own), and nobody else's.
#[test]
fn removing_a_user_removes_every_row_of_theirs() {
    let Some(schema) = Schema::new() else { return };
    let pool = schema.pool();
    let (ann, bob) = (pool.add_user().unwrap(), pool.add_user().unwrap());
    for user in [ann, bob] {
        pool.open(user)
            .unwrap()
            .write(|tx| {
                showcase(today()).iter().try_for_each(|b| tx.import_bundle(b).map(drop))?;
                tx.set_meta("demo", "yes")?;
                tx.record_notifications(&[sent_today()])?;
                tx.set_task_state(&"connect:a1".parse().unwrap(), TaskState::Done { on: today() })
            })
            .unwrap();
    }
    let mut client = schema.client();
    client.execute("DELETE FROM users WHERE id = $1", &[&ann.0]).unwrap();
    let tables = [
        "applications",
        "people",
        "involvements",
        "interviews",
        "interview_people",
        "messages",
        "outcomes",
        "meta",
        "task_states",
        "holidays",
        "exported_events",
        "notifications",
    ];
    for table in tables {
        let sql = format!("SELECT count(*) FROM {table} WHERE user_id = $1");
        let n: i64 = client.query_one(&sql, &[&ann.0]).unwrap().get(0);
        assert_eq!(n, 0, "{table}");
    }
    assert_eq!(pool.open(bob).unwrap().application_count().unwrap(), showcase(today()).len() as u64);
}

/// A pooled connection the server closed (a restart, an administrator)
/// is replaced when a handle is opened, not given to it.
#[test]
fn a_connection_the_server_closed_is_replaced() {
    let Some(schema) = Schema::new() else { return };
    let pool = PgPool::with_config(schema.config(), 1).unwrap();
    let user = pool.add_user().unwrap();
    drop(pool.open(user).unwrap());
    let mut admin = postgres::Client::connect(&schema.url, postgres::NoTls).unwrap();
    let killed: i64 = admin
        .query_one(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1",
            &[&schema.name],
        )
        .unwrap()
        .get(0);
    assert_eq!(killed, 1, "the pool's one connection");
    std::thread::sleep(std::time::Duration::from_millis(100));
    let mut store = pool.open(user).unwrap();
    store.write(|tx| tx.add_application(&Application::new("Acme", "Dev"))).unwrap();
    assert_eq!(store.application_count().unwrap(), 1);
}

/// An id the identity would give next, already held by this user (stored
/// under the id it had), is passed over, not a failed write.
#[test]
fn an_id_already_held_is_passed_over() {
    let Some(schema) = Schema::new() else { return };
    let pool = schema.pool();
    let user = pool.add_user().unwrap();
    let mut store = pool.open(user).unwrap();
    let first = store.write(|tx| tx.add_application(&Application::new("Acme", "Dev"))).unwrap();
    schema
        .client()
        .execute(
            "INSERT INTO applications (user_id, id, company, role, status, culture, first_contact)
             VALUES ($1, $2, 'Restored', 'Dev', 'active', 'unknown', 'other')",
            &[&user.0, &(first.0 + 1)],
        )
        .unwrap();
    let next = store.write(|tx| tx.add_application(&Application::new("Globex", "Dev"))).unwrap();
    assert_eq!(next.0, first.0 + 2);
    assert_eq!(store.application(ApplicationId(first.0 + 1)).unwrap().value.company, "Restored");
}

#[test]
fn an_unknown_user_is_not_found() {
    let Some(schema) = Schema::new() else { return };
    match PgStore::open(&schema.pool(), UserId(404)) {
        Err(Error::NotFound { kind: RecordKind::User, id }) => assert_eq!(id, "u404"),
        Err(other) => panic!("wrong error: {other}"),
        Ok(_) => panic!("a store for nobody"),
    }
}

#[test]
fn a_user_moved_in_keeps_their_id() {
    let Some(schema) = Schema::new() else { return };
    let pool = schema.pool();
    assert!(pool.ensure_user(UserId(7)).unwrap());
    assert!(!pool.ensure_user(UserId(7)).unwrap(), "already there");
    assert_eq!(pool.open(UserId(7)).unwrap().user(), UserId(7));
    // New users are given other ids.
    assert!(pool.add_user().unwrap().0 > 7);
}

#[test]
fn migrations_are_recorded_once() {
    let Some(schema) = Schema::new() else { return };
    let pool = schema.pool();
    let latest = PgPool::latest_schema_version();
    assert_eq!(pool.schema_version().unwrap(), latest);
    drop(schema.pool());
    let versions: Vec<i64> = schema
        .client()
        .query("SELECT version FROM schema_migrations ORDER BY version", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(versions, (1..=latest).collect::<Vec<_>>());
}

/// A database of every earlier version, with rows in it, is brought up to
/// date and its rows read back, the new fields empty.
#[test]
fn every_earlier_version_is_migrated_with_its_rows() {
    for version in 1..PgPool::latest_schema_version() {
        let Some(schema) = Schema::new() else { return };
        let mut client = schema.client();
        PgPool::migrate_client_to(&mut client, version).unwrap();
        client
            .batch_execute(
                "INSERT INTO users (id) VALUES (1);
                 INSERT INTO applications (user_id, id, company, role, status, culture, first_contact)
                     VALUES (1, 1, 'Acme', 'Dev', 'active', 'unknown', 'other');
                 INSERT INTO people (user_id, id, name) VALUES (1, 1, 'Ann Lee');
                 INSERT INTO interviews (user_id, id, application_id, start, starts_at, duration_minutes, stage)
                     VALUES (1, 1, 1, '2026-11-20T14:00:00-05:00[America/New_York]', '2026-11-20T19:00:00Z', 45, 'video');
                 INSERT INTO interview_people (user_id, interview_id, person_id, position) VALUES (1, 1, 1, 0);
                 INSERT INTO messages (user_id, id, application_id, person_id, kind, direction, date, channel)
                     VALUES (1, 1, 1, 1, 'thank-you', 'out', '2026-11-20', 'email');",
            )
            .unwrap();
        let pool = schema.pool();
        assert_eq!(pool.schema_version().unwrap(), PgPool::latest_schema_version(), "from {version}");
        let store = pool.open(UserId(1)).unwrap();
        let app = store.application(ApplicationId(1)).unwrap().value;
        assert_eq!((app.company.as_str(), app.applied_on), ("Acme", None));
        let iv = store.interview(InterviewId(1)).unwrap().value;
        assert_eq!((iv.interviewers, iv.location, iv.invite), (vec![PersonId(1)], None, None));
        assert_eq!(store.message(MessageId(1)).unwrap().value.source_id, None);
    }
}

/// Several afterview processes starting at once on a new database: the
/// advisory lock lets exactly one apply each migration.
#[test]
fn processes_starting_at_once_migrate_once() {
    let Some(schema) = Schema::new() else { return };
    let config = schema.config();
    std::thread::scope(|s| {
        let starts: Vec<_> =
            (0..6).map(|_| s.spawn(|| PgPool::with_config(config.clone(), 1).map(drop))).collect();
        for start in starts {
            start.join().unwrap().unwrap();
        }
    });
    let n: i64 = schema.client().query_one("SELECT count(*) FROM schema_migrations", &[]).unwrap().get(0);
    assert_eq!(n, PgPool::latest_schema_version());
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let Some(schema) = Schema::new() else { return };
    drop(schema.pool());
    schema.client().batch_execute("INSERT INTO schema_migrations (version) VALUES (99)").unwrap();
    match PgPool::with_config(schema.config(), 1) {
        Err(Error::NewerSchema { found: 99, known, .. }) => {
            assert_eq!(known, PgPool::latest_schema_version())
        }
        Err(other) => panic!("wrong error: {other}"),
        Ok(_) => panic!("a newer database was opened"),
    }
    let n: i64 = schema.client().query_one("SELECT count(*) FROM schema_migrations", &[]).unwrap().get(0);
    assert_eq!(n, PgPool::latest_schema_version() + 1);
}

/// A panic inside a write rolls it back, and the connection goes back to
/// the pool fit for the next handle.
#[test]
fn a_panic_in_a_write_changes_nothing() {
    let Some(schema) = Schema::new() else { return };
    let pool = schema.pool();
    let user = pool.add_user().unwrap();
    let mut store = pool.open(user).unwrap();
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        store.write(|tx| -> afterview_store::Result<()> {
            tx.add_application(&Application::new("Halfway", "Dev"))?;
            panic!("a bug in the middle of a write");
        })
    }));
    assert!(panicked.is_err());
    assert_eq!(store.application_count().unwrap(), 0);
    store.write(|tx| tx.add_application(&Application::new("Next", "Dev"))).unwrap();
    drop(store);
    assert_eq!(pool.open(user).unwrap().application_count().unwrap(), 1);
}

/// One user's writers take turns, as on a SQLite file: each reads what the
/// one before wrote. Another user's writes do not wait for them.
#[test]
fn one_users_writes_take_turns() {
    let Some(schema) = Schema::new() else { return };
    let pool = PgPool::with_config(schema.config(), 8).unwrap();
    let user = pool.add_user().unwrap();
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                let mut store = pool.open(user).unwrap();
                for _ in 0..10 {
                    store
                        .write(|tx| {
                            // Read, decide, write: a lost update would repeat a number.
                            let n = tx.facts(date(1970, 1, 1))?.applications.len();
                            tx.add_application(&Application::new(format!("Company {n}"), "Dev")).map(drop)
                        })
                        .unwrap();
                }
            });
        }
    });
    let store = pool.open(user).unwrap();
    let mut names: Vec<String> = store.applications().unwrap().into_iter().map(|a| a.value.company).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 40, "every write saw the ones before it");

    // While one of this user's writes is open, another user writes freely.
    let other = pool.add_user().unwrap();
    let (held, release) = (std::sync::Barrier::new(2), std::sync::Barrier::new(2));
    std::thread::scope(|s| {
        s.spawn(|| {
            let mut store = pool.open(user).unwrap();
            store
                .write(|_| {
                    held.wait();
                    release.wait();
                    Ok(())
                })
                .unwrap();
        });
        held.wait();
        let mut store = pool.open(other).unwrap();
        store.write(|tx| tx.add_application(&Application::new("Elsewhere", "Dev"))).unwrap();
        release.wait();
    });
}

/// Values the store cannot read are named by the thorough check.
#[test]
fn a_value_that_does_not_read_is_a_problem() {
    let Some(schema) = Schema::new() else { return };
    let pool = schema.pool();
    let user = pool.add_user().unwrap();
    let mut store = pool.open(user).unwrap();
    store.write(|tx| tx.add_application(&Application::new("Acme", "Dev"))).unwrap();
    assert!(store.problems(true).unwrap().is_empty());
    schema.client().batch_execute("UPDATE applications SET status = 'lost in the post'").unwrap();
    let problems = store.problems(true).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("applications: status:"), "{problems:?}");
    assert!(store.problems(false).unwrap().is_empty(), "the quick check reads no rows");
    assert!(matches!(store.applications(), Err(Error::Corrupt(_))));
}

/// What the basics cost on the test server (not a check: run it with
/// `cargo test -p afterview-postgres --release --test postgres -- --ignored --nocapture timings`).
#[test]
#[ignore]
fn timings() {
    let Some(schema) = Schema::new() else { return };
    let pool = PgPool::with_config(schema.config(), 24).unwrap();
    let users: Vec<UserId> = (0..20).map(|_| pool.add_user().unwrap()).collect();
    for user in &users {
        pool.open(*user)
            .unwrap()
            .write(|tx| {
                afterview_core::demo::synthetic(30, today())
                    .iter()
                    .try_for_each(|b| tx.import_bundle(b).map(drop))
            })
            .unwrap();
    }
    let time = |what: &str, n: u32, mut f: Box<dyn FnMut(u32) + '_>| {
        let started = std::time::Instant::now();
        for i in 0..n {
            f(i);
        }
        let each = started.elapsed() / n;
        println!("{what:<48} {:>8.1} µs", each.as_secs_f64() * 1e6);
    };
    let pick = |i: u32| users[i as usize % users.len()];
    time("open a handle (pool + user check)", 500, Box::new(|i| drop(pool.open(pick(i)).unwrap())));
    let stores: Vec<PgStore> = users.iter().map(|u| pool.open(*u).unwrap()).collect();
    let first: Vec<ApplicationId> = stores.iter().map(|s| s.applications().unwrap()[0].id).collect();
    time(
        "one application by id",
        2000,
        Box::new(|i| {
            drop(stores[i as usize % stores.len()].application(first[i as usize % first.len()]).unwrap())
        }),
    );
    time(
        "applications (30)",
        500,
        Box::new(|i| drop(stores[i as usize % stores.len()].applications().unwrap())),
    );
    time(
        "facts (30 applications, one snapshot)",
        200,
        Box::new(|i| drop(stores[i as usize % stores.len()].facts(date(2026, 1, 1)).unwrap())),
    );
    let mut stores = stores;
    time(
        "a write: one task state",
        500,
        Box::new(|i| {
            let n = stores.len();
            stores[i as usize % n]
                .write(|tx| {
                    tx.set_task_state(&"connect:a1".parse().unwrap(), TaskState::Done { on: today() })
                })
                .unwrap()
        }),
    );
    time(
        "a write: one application added",
        500,
        Box::new(|i| {
            let n = stores.len();
            stores[i as usize % n]
                .write(|tx| tx.add_application(&Application::new("Acme", "Dev")).map(drop))
                .unwrap()
        }),
    );
}

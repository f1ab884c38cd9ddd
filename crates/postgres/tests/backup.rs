//! A backup made with `pg_dump` and restored with `pg_restore` into a new,
//! empty database gives back every user's data exactly: the same agendas,
//! application lists, task states, words and templates, accounts and their
//! sessions (nobody is signed out), the same schema version, every table's
//! rows, and identity sequences that go on where they were, so a user or
//! record added after the restore takes no id already given. The commands are the ones `docs/deploy.md` gives.
//!
//! As on a real server, the data belongs to an ordinary role (afterview's
//! own, which migrates and uses it), the dump and the restore are made by
//! the server's administrator, and the restore hands every object to that
//! role again (`--no-owner --role`), so afterview can use the restored
//! database as it used the first.
//!
//! The server is `AFTERVIEW_TEST_POSTGRES` (see `postgres.rs`); the test
//! makes a role and two databases of its own and drops them at its end.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use afterview_app::accounts::{self, Role as AccountRole};
use afterview_app::agenda::{self, Mark};
use afterview_app::setup::{Demo, load_demo};
use afterview_core::kinds::MessageKind;
use afterview_core::model::Application;
use afterview_core::settings::Settings;
use afterview_postgres::PgPool;
use afterview_store::{Notification, Profile, Store, Tx, UserId};
use common::{Database, Role, postgres_bin, server};
use jiff::civil::{Date, date};

fn today() -> Date {
    date(2026, 11, 20)
}

/// The days each agenda is compared on: today, next week, next month, and
/// after the holidays (snoozes and later checks come due).
const DAYS: [Date; 4] = [date(2026, 11, 20), date(2026, 11, 27), date(2026, 12, 21), date(2027, 1, 15)];

/// Everything a user sees, as comparable text.
fn seen(pool: &PgPool, user: UserId) -> Vec<String> {
    let settings = Settings::default();
    let store = pool.open(user).unwrap();
    let mut seen = Vec::new();
    for day in DAYS {
        seen.push(format!("agenda of {day}: {:?}", agenda::agenda(&store, &settings, day).unwrap().agenda));
        seen.push(format!(
            "applications on {day}: {:?}",
            agenda::applications(&store, &settings, day, None).unwrap()
        ));
    }
    let states: BTreeMap<String, String> = store
        .task_states()
        .unwrap()
        .into_iter()
        .map(|(k, v)| (k.as_str().to_owned(), format!("{v:?}")))
        .collect();
    seen.push(format!("task states: {states:?}"));
    seen.push(format!("people: {:?}", store.people().unwrap()));
    seen.push(format!("messages: {:?}", store.messages(None).unwrap()));
    seen.push(format!("notifications: {:?}", store.notifications(today()).unwrap()));
    seen.push(format!("words: {:?}", store.words().unwrap()));
    seen.push(format!("thank-you template: {:?}", store.template(MessageKind::ThankYou).unwrap()));
    assert!(store.problems(true).unwrap().is_empty(), "every stored value reads back");
    seen
}

/// Every table's rows and every sequence's position, whatever tables later
/// migrations add: a digest of each table's rows in a fixed order.
fn contents(db: &Database) -> BTreeMap<String, String> {
    let mut client = db.client();
    let tables: Vec<String> = client
        .query(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(tables.iter().any(|t| t == "applications"), "the schema is in public: {tables:?}");
    let mut out = BTreeMap::new();
    for table in tables {
        let row = client
            .query_one(
                &format!(
                    "SELECT count(*)::text || ' rows, ' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))
                     FROM {table} t"
                ),
                &[],
            )
            .unwrap();
        out.insert(format!("table {table}"), row.get(0));
    }
    for row in client
        .query(
            "SELECT sequencename::text, coalesce(last_value, 0)::text FROM pg_sequences WHERE schemaname = 'public'",
            &[],
        )
        .unwrap()
    {
        out.insert(format!("sequence {}", row.get::<_, String>(0)), row.get(1));
    }
    out
}

/// Runs one of the server's programs, failing with what it said.
fn run(program: &Path, args: &[&str]) {
    let out =
        Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    assert!(
        out.status.success(),
        "{} {args:?} failed ({}):\n{}",
        program.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_dump_restored_into_an_empty_database_gives_every_user_back() {
    let Some(server) = server() else { return };
    let settings = Settings::default();
    // Declared first, dropped last: after the databases it owns.
    let role = Role::create(&server, "afterview_backup_role");
    let source = Database::create(&server, "afterview_backup_source", &role);
    let pool = PgPool::connect(&source.url).unwrap();

    // Two users: Ann, an account who joined by invitation and is signed in,
    // with the showcase, tasks marked, words and a template of her own and
    // a reminder sent; and Bob, 30 synthetic applications with a task
    // skipped.
    let now: jiff::Timestamp = "2026-11-20T09:00:00Z".parse().unwrap();
    let from = std::net::IpAddr::from([127, 0, 0, 1]);
    let link = accounts::invite(&pool, None, "ann@example.edu", AccountRole::Admin, now).unwrap();
    let token = link.url_path.rsplit('/').next().unwrap().to_owned();
    let signed_in =
        accounts::join(&pool, &token, "Ann Example", "a long and unlikely passphrase", from, now).unwrap();
    let (ann, bob) = (signed_in.account.id, pool.add_user().unwrap());
    let mut a = pool.open(ann).unwrap();
    load_demo(&mut a, &settings, today(), Demo::Showcase).unwrap();
    let tasks: Vec<String> = agenda::agenda(&a, &settings, today())
        .unwrap()
        .agenda
        .task_ids()
        .map(|t| t.as_str().to_owned())
        .collect();
    assert!(tasks.len() >= 2, "the showcase has tasks today: {tasks:?}");
    agenda::mark(&mut a, &settings, today(), &tasks[0], Mark::Done).unwrap();
    agenda::mark(&mut a, &settings, today(), &tasks[1], Mark::Snooze { until: date(2026, 12, 1) }).unwrap();
    a.add_words(&["Zyntrix".into(), "Okonkwo".into()]).unwrap();
    a.set_template(MessageKind::ThankYou, Some("Dear {{ to.first_name }}, thank you.")).unwrap();
    a.write(|tx| {
        tx.record_notifications(&[Notification {
            day: today(),
            task: tasks[0].parse().unwrap(),
            channel: "email".into(),
            sent_at: "2026-11-20T08:00:00Z".parse().unwrap(),
        }])
    })
    .unwrap();
    drop(a);
    let mut b = pool.open(bob).unwrap();
    load_demo(&mut b, &settings, today(), Demo::Synthetic(30)).unwrap();
    let task = agenda::agenda(&b, &settings, today()).unwrap().agenda.task_ids().next().cloned();
    agenda::mark(&mut b, &settings, today(), task.expect("a task today").as_str(), Mark::Skip).unwrap();
    drop(b);

    let before = (seen(&pool, ann), seen(&pool, bob), pool.schema_version().unwrap(), contents(&source));
    let highest_application: i64 =
        source.client().query_one("SELECT max(id) FROM applications", &[]).unwrap().get(0);

    // The backup, with the pool still open (pg_dump reads one snapshot),
    // and the restore into a new, empty database: docs/deploy.md's commands.
    let bin = postgres_bin();
    let folder = tempfile::tempdir().unwrap();
    let dump = folder.path().join("afterview.dump");
    let dump = dump.to_str().unwrap();
    run(&bin.join("pg_dump"), &["--format=custom", "--file", dump, "--dbname", &source.admin_url()]);
    let restored = Database::create(&server, "afterview_backup_restored", &role);
    let as_role = format!("--role={}", role.name);
    run(
        &bin.join("pg_restore"),
        &[
            "--exit-on-error",
            "--single-transaction",
            "--no-owner",
            &as_role,
            "--dbname",
            &restored.admin_url(),
            dump,
        ],
    );
    // The source may go now: the restore must stand on its own.
    drop(pool);
    drop(source);

    let pool = PgPool::connect(&restored.url).unwrap();
    assert_eq!(pool.schema_version().unwrap(), before.2, "the schema version");
    assert_eq!(pool.schema_version().unwrap(), PgPool::latest_schema_version());
    assert_eq!(contents(&restored), before.3, "every table's rows and every sequence");
    assert_eq!(seen(&pool, ann), before.0, "the first user's data");
    assert_eq!(seen(&pool, bob), before.1, "the second user's data");
    // Ann is still signed in: her session, its CSRF token and her account
    // came back, and her password still signs her in.
    let later = now + jiff::SignedDuration::from_hours(1);
    let session = accounts::session(&pool, &signed_in.token, later).unwrap().expect("her session");
    assert_eq!(
        (session.account.id, session.account.role, &session.csrf),
        (ann, AccountRole::Admin, &signed_in.csrf)
    );
    accounts::log_in(&pool, "ann@example.edu", "a long and unlikely passphrase", from, later).unwrap();

    // The identity sequences came back where they were: a new user and
    // their first record take ids never given before.
    let carol = pool.add_user().unwrap();
    assert!(
        carol.0 > ann.0.max(bob.0),
        "a new user after the restore is {carol:?}, after {ann:?} and {bob:?}"
    );
    let mut c = pool.open(carol).unwrap();
    let first = c.write(|tx| tx.add_application(&Application::new("Acme", "Analyst"))).unwrap();
    assert!(
        first.0 > highest_application,
        "the new user's first application is {first:?}, after every id given ({highest_application})"
    );
    // The users restored write on as before.
    let mut a = pool.open(ann).unwrap();
    let had = a.application_count().unwrap();
    let next = a.write(|tx| tx.add_application(&Application::new("Globex", "Engineer"))).unwrap();
    assert!(next.0 > first.0, "{next:?} after {first:?}");
    assert_eq!(a.application_count().unwrap(), had + 1);
}

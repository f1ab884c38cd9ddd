//! A job only one process of a server does at a time (`PgPool::try_lock_job`),
//! on a real PostgreSQL server (`AFTERVIEW_TEST_POSTGRES`; skipped
//! without one, except with `CI=true`): one holder per database schema,
//! let go when dropped or when its connection is cut, and the reads a
//! round of digests makes.

use afterview_postgres::Job;
use afterview_postgres::testing::TestSchema;
use afterview_store::accounts::{Accounts, NewAccount, Role};
use afterview_store::{Error, UserId};

#[test]
fn one_holder_per_schema_until_dropped() {
    let Some(schema) = TestSchema::new() else { return };
    let Some(elsewhere) = TestSchema::new() else { return };
    let (a, b) = (schema.pool(), schema.pool());
    let held = a.try_lock_job(Job::Digests).unwrap().expect("nobody holds it yet");
    assert!(b.try_lock_job(Job::Digests).unwrap().is_none(), "another process");
    assert!(a.try_lock_job(Job::Digests).unwrap().is_none(), "the same pool again");
    // Another afterview schema in the same database does its own.
    let theirs = elsewhere.pool().try_lock_job(Job::Digests).unwrap();
    assert!(theirs.is_some());
    drop(held);
    assert!(b.try_lock_job(Job::Digests).unwrap().is_some(), "let go when dropped");
}

#[test]
fn a_cut_connection_lets_the_lock_go_and_says_so() {
    let Some(schema) = TestSchema::new() else { return };
    let pool = schema.pool();
    let mut held = pool.try_lock_job(Job::Digests).unwrap().unwrap();
    assert!(held.held());
    // The server ends the session holding it (a restart, a network cut,
    // an administrator).
    let mut admin = schema.client();
    let cut = admin
        .query_one(
            "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_locks
             WHERE locktype = 'advisory' AND objsubid = 2 AND objid = 2 AND pid <> pg_backend_pid()
               AND classid::int = hashtext('afterview ' || current_schema())::oid::int",
            &[],
        )
        .unwrap()
        .get::<_, i64>("n");
    assert_eq!(cut, 1);
    assert!(!held.held(), "the holder knows");
    let mut again = None;
    for _ in 0..50 {
        again = pool.try_lock_job(Job::Digests).unwrap();
        if again.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(again.is_some(), "and another may take it");
}

#[test]
fn the_accounts_with_their_settings_and_one_users_settings_and_email() {
    let Some(schema) = TestSchema::new() else { return };
    let pool = schema.pool();
    let now = jiff::Timestamp::now();
    let new = |email| NewAccount { email, name: "A", role: Role::Member, password_hash: None };
    let ann = pool.create_account(&new("ann@example.com"), now).unwrap().unwrap();
    let bob = pool.create_account(&new("bob@example.com"), now).unwrap().unwrap();
    let bare = pool.add_user().unwrap();
    pool.edit_settings_text(ann.id, |_| Ok::<_, Error>(("[notify]\nchannel = \"email\"\n".to_owned(), ())))
        .unwrap();
    let all = pool.accounts_with_settings().unwrap();
    let shown: Vec<(UserId, Option<&str>)> = all.iter().map(|(a, t)| (a.id, t.as_deref())).collect();
    assert_eq!(shown, [(ann.id, Some("[notify]\nchannel = \"email\"\n")), (bob.id, None)], "no bare user");
    assert_eq!(
        pool.settings_and_email(ann.id).unwrap(),
        (Some("[notify]\nchannel = \"email\"\n".to_owned()), Some("ann@example.com".to_owned()))
    );
    assert_eq!(pool.settings_and_email(bare).unwrap(), (None, None));
    assert!(matches!(pool.settings_and_email(UserId(bare.0 + 100)), Err(Error::NotFound { .. })));
}

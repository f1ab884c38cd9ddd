//! The accounts storage (migration 5) on a real server: accounts found in
//! any capitalisation, links taken once (also by two clicks at once),
//! sessions with their idle and absolute ends, the login failures the rate
//! limits count, the server's and each user's settings, and erasure: a
//! removed user leaves no row in any table that has a `user_id`, and
//! nobody else loses one.
//!
//! The server is `AFTERVIEW_TEST_POSTGRES` (see `tests/postgres.rs`); each
//! test works in a schema of its own.

use afterview_core::demo::showcase;
use afterview_core::kinds::MessageKind;
use afterview_core::model::TaskState;
use afterview_postgres::testing::TestSchema;
use afterview_store::accounts::{
    Account, Accounts, FailureScope, Invitation, NewAccount, Purpose, Redeem, Role, Taken, TokenHash,
};
use afterview_store::coaching::{Coaching, NewGrant, Viewed};
use afterview_store::{Error, Profile, RecordKind, Store, Tx, UserId};
use jiff::{SignedDuration, Timestamp};

fn now() -> Timestamp {
    "2026-11-20T09:00:00Z".parse().unwrap()
}

fn hours(n: i64) -> SignedDuration {
    SignedDuration::from_hours(n)
}

fn token(n: u8) -> TokenHash {
    TokenHash([n; 32])
}

fn new(email: &str) -> NewAccount<'_> {
    NewAccount { email, name: "Ann Lee", role: Role::Member, password_hash: Some("$argon2id$stand-in") }
}

fn join_link(email: &str, expires_at: Timestamp) -> Invitation {
    Invitation {
        purpose: Purpose::Join,
        email: email.into(),
        role: Role::Admin,
        user: None,
        created_by: None,
        created_at: now(),
        expires_at,
        used_at: None,
    }
}

#[test]
fn an_account_is_found_in_any_capitalisation_and_made_once() {
    let Some(schema) = TestSchema::new() else { return };
    let pool = schema.pool();
    let ann = pool.create_account(&new("Ann.Lee@Example.org"), now()).unwrap().unwrap();
    assert_eq!(
        (ann.email.as_str(), ann.name.as_str(), ann.role, ann.disabled, ann.created_at),
        ("Ann.Lee@Example.org", "Ann Lee", Role::Member, false, now())
    );
    assert_eq!(pool.account_by_email(" ann.lee@example.ORG ").unwrap(), Some(ann.clone()));
    assert_eq!(pool.account(ann.id).unwrap(), Some(ann.clone()));
    assert!(pool.create_account(&new("ann.lee@example.org"), now()).unwrap().is_none(), "taken");
    assert_eq!(pool.password_hash(ann.id).unwrap().as_deref(), Some("$argon2id$stand-in"));
    pool.set_password_hash(ann.id, "$argon2id$other").unwrap();
    assert_eq!(pool.password_hash(ann.id).unwrap().as_deref(), Some("$argon2id$other"));
    pool.set_name(ann.id, "Ann Smith").unwrap();
    // A store user of before accounts is no account, and cannot be given a password.
    let bare = pool.add_user().unwrap();
    assert_eq!(pool.account(bare).unwrap(), None);
    assert!(pool.set_password_hash(bare, "$argon2id$x").unwrap_err().is_not_found());
    let all: Vec<Account> = pool.accounts().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].name, "Ann Smith");
    assert!(pool.account(UserId(9999)).unwrap().is_none());
}

#[test]
fn a_link_is_taken_once_and_not_after_it_expires() {
    let Some(schema) = TestSchema::new() else { return };
    let pool = schema.pool();
    pool.create_invitation(&token(1), &join_link("bo@example.org", now() + hours(24))).unwrap();
    let stored = pool.invitation(&token(1), Purpose::Join).unwrap().unwrap();
    assert_eq!(stored, join_link("bo@example.org", now() + hours(24)));
    assert!(pool.invitation(&token(1), Purpose::Reset).unwrap().is_none(), "not a reset link");
    let join = Redeem::Join { name: "Bo", password_hash: "$argon2id$bo" };
    let Taken::Done(bo) = pool.take_invitation(&token(1), Purpose::Join, join, now()).unwrap() else {
        panic!("a fresh link is taken")
    };
    assert_eq!((bo.email.as_str(), bo.name.as_str(), bo.role), ("bo@example.org", "Bo", Role::Admin));
    assert_eq!(pool.take_invitation(&token(1), Purpose::Join, join, now()).unwrap(), Taken::Used(now()));
    assert_eq!(pool.take_invitation(&token(2), Purpose::Join, join, now()).unwrap(), Taken::Unknown);

    pool.create_invitation(&token(3), &join_link("cy@example.org", now() + hours(1))).unwrap();
    let late = now() + hours(1);
    assert_eq!(pool.take_invitation(&token(3), Purpose::Join, join, late).unwrap(), Taken::Expired(late));
    assert!(pool.account_by_email("cy@example.org").unwrap().is_none(), "nothing made");

    // A join link for an email that has an account by now is left unused.
    pool.create_invitation(&token(4), &join_link("BO@example.org", now() + hours(1))).unwrap();
    assert_eq!(pool.take_invitation(&token(4), Purpose::Join, join, now()).unwrap(), Taken::EmailTaken);
    assert_eq!(pool.invitation(&token(4), Purpose::Join).unwrap().unwrap().used_at, None);
}

/// Two clicks of one link at the same moment, on two connections: one
/// makes the account, the other finds the link used.
#[test]
fn a_link_followed_twice_at_once_works_once() {
    let Some(schema) = TestSchema::new() else { return };
    let pool = schema.pool();
    for round in 0..10u8 {
        let email = format!("race{round}@example.org");
        pool.create_invitation(&token(100 + round), &join_link(&email, now() + hours(1))).unwrap();
        let barrier = std::sync::Barrier::new(2);
        let taken: Vec<Taken> = std::thread::scope(|s| {
            let clicks: Vec<_> = (0..2)
                .map(|_| {
                    s.spawn(|| {
                        barrier.wait();
                        let join = Redeem::Join { name: "Racer", password_hash: "$argon2id$r" };
                        pool.take_invitation(&token(100 + round), Purpose::Join, join, now()).unwrap()
                    })
                })
                .collect();
            clicks.into_iter().map(|c| c.join().unwrap()).collect()
        });
        let done = taken.iter().filter(|t| matches!(t, Taken::Done(_))).count();
        assert_eq!(done, 1, "{taken:?}");
        assert!(taken.contains(&Taken::Used(now())), "{taken:?}");
    }
}

#[test]
fn a_reset_link_sets_the_password_and_ends_every_session() {
    let Some(schema) = TestSchema::new() else { return };
    let pool = schema.pool();
    let ann = pool.create_account(&new("ann@example.org"), now()).unwrap().unwrap();
    pool.create_session(&token(7), ann.id, "csrf", now(), now() + hours(48)).unwrap();
    let link = Invitation {
        purpose: Purpose::Reset,
        user: Some(ann.id),
        ..join_link("ann@example.org", now() + hours(24))
    };
    pool.create_invitation(&token(8), &link).unwrap();
    let reset = Redeem::Reset { password_hash: "$argon2id$new" };
    assert_eq!(pool.take_invitation(&token(8), Purpose::Join, reset, now()).unwrap(), Taken::Unknown);
    let Taken::Done(back) = pool.take_invitation(&token(8), Purpose::Reset, reset, now()).unwrap() else {
        panic!("taken")
    };
    assert_eq!(back.id, ann.id);
    assert_eq!(back.role, Role::Member, "a reset keeps the account's role");
    assert_eq!(pool.password_hash(ann.id).unwrap().as_deref(), Some("$argon2id$new"));
    assert!(pool.touch_session(&token(7), now(), now() - hours(1)).unwrap().is_none(), "ended");
}

#[test]
fn a_session_ends_when_idle_at_its_end_or_when_its_account_is_disabled() {
    let Some(schema) = TestSchema::new() else { return };
    let pool = schema.pool();
    let ann = pool.create_account(&new("ann@example.org"), now()).unwrap().unwrap();
    pool.create_session(&token(1), ann.id, "the-csrf", now(), now() + hours(100)).unwrap();
    let idle = hours(10);
    let seen = |at: Timestamp| pool.touch_session(&token(1), at, at - idle).unwrap();
    let s = seen(now() + hours(9)).unwrap();
    assert_eq!(
        (s.account.id, s.csrf.as_str(), s.created_at, s.expires_at),
        (ann.id, "the-csrf", now(), now() + hours(100))
    );
    // Seen at +9h, so alive at +18h (idle 9h), and so on, until its end.
    assert!(seen(now() + hours(18)).is_some());
    assert!(seen(now() + hours(27)).is_some());
    assert!(seen(now() + hours(100)).is_none(), "its absolute end");
    // Idle too long.
    pool.create_session(&token(2), ann.id, "c", now(), now() + hours(100)).unwrap();
    assert!(pool.touch_session(&token(2), now() + hours(11), now() + hours(1)).unwrap().is_none());
    assert!(pool.touch_session(&token(9), now(), now()).unwrap().is_none(), "unknown");

    pool.create_session(&token(3), ann.id, "c", now(), now() + hours(100)).unwrap();
    pool.create_session(&token(4), ann.id, "c", now(), now() + hours(100)).unwrap();
    pool.delete_session(&token(3)).unwrap();
    assert!(pool.touch_session(&token(3), now(), now()).unwrap().is_none(), "logged out");
    assert!(pool.touch_session(&token(4), now(), now()).unwrap().is_some());
    pool.set_disabled(ann.id, true).unwrap();
    assert!(pool.account(ann.id).unwrap().unwrap().disabled);
    assert!(pool.touch_session(&token(4), now(), now()).unwrap().is_none(), "disabled");
    pool.set_disabled(ann.id, false).unwrap();
    assert!(pool.touch_session(&token(4), now(), now()).unwrap().is_none(), "disabling ended it");
    pool.create_session(&token(5), ann.id, "c", now(), now() + hours(100)).unwrap();
    pool.create_session(&token(6), ann.id, "c", now(), now() + hours(100)).unwrap();
    // The sessions that had ended (1, 2) were dropped as new ones were made.
    assert_eq!(pool.delete_sessions(ann.id).unwrap(), 2);
    assert!(pool.touch_session(&token(5), now(), now()).unwrap().is_none());
}

#[test]
fn failures_are_counted_in_their_window_and_pruned() {
    let Some(schema) = TestSchema::new() else { return };
    let pool = schema.pool();
    let window = hours(1);
    for m in 0..4 {
        let at = now() + SignedDuration::from_mins(m * 25);
        pool.record_failure(FailureScope::Account, "k", at, at - window).unwrap();
    }
    pool.record_failure(FailureScope::Address, "k", now(), now() - window).unwrap();
    let since = now() + SignedDuration::from_mins(10);
    let times = pool.failures_since(FailureScope::Account, "k", since).unwrap();
    assert_eq!(times, [25, 50, 75].map(|m| now() + SignedDuration::from_mins(m)));
    let rows: i64 = schema.client().query_one("SELECT count(*) FROM login_failures", &[]).unwrap().get(0);
    assert_eq!(rows, 4, "the first one, over an hour before the last, is forgotten");
    pool.clear_failures(FailureScope::Account, "k").unwrap();
    assert!(pool.failures_since(FailureScope::Account, "k", now()).unwrap().is_empty());
}

#[test]
fn server_and_user_settings_are_kept() {
    let Some(schema) = TestSchema::new() else { return };
    let pool = schema.pool();
    assert_eq!(pool.server_setting("open_sign_up").unwrap(), None);
    pool.set_server_setting("open_sign_up", "true").unwrap();
    pool.set_server_setting("open_sign_up", "false").unwrap();
    assert_eq!(pool.server_setting("open_sign_up").unwrap().as_deref(), Some("false"));

    let ann = pool.create_account(&new("ann@example.org"), now()).unwrap().unwrap();
    assert_eq!(pool.settings_text(ann.id).unwrap(), None);
    let answer: Result<u8, Error> = pool.edit_settings_text(ann.id, |was| {
        assert_eq!(was, None);
        Ok(("[calendar]\nregion = \"UK\"\n".to_owned(), 7))
    });
    assert_eq!(answer.unwrap(), 7);
    let refused: Result<(), Error> = pool.edit_settings_text(ann.id, |was| {
        assert_eq!(was, Some("[calendar]\nregion = \"UK\"\n"));
        Err(Error::Invalid { reason: "no".into() })
    });
    assert!(refused.is_err());
    assert_eq!(pool.settings_text(ann.id).unwrap().as_deref(), Some("[calendar]\nregion = \"UK\"\n"));
    assert!(pool.settings_text(UserId(999)).unwrap_err().is_not_found());
}

/// Every table with a `user_id` column, from the database's own catalogue,
/// so a table added later is covered without this test knowing of it.
fn user_tables(client: &mut postgres::Client) -> Vec<String> {
    client
        .query(
            "SELECT table_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND column_name = 'user_id'
             ORDER BY table_name",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

fn rows_of(client: &mut postgres::Client, tables: &[String], user: UserId) -> Vec<(String, i64)> {
    tables
        .iter()
        .map(|t| {
            let n: i64 = client
                .query_one(&format!("SELECT count(*) FROM {t} WHERE user_id = $1"), &[&user.0])
                .unwrap()
                .get(0);
            (t.clone(), n)
        })
        .collect()
}

/// Everything a user can have on the server, for the erasure test.
fn fill(pool: &afterview_postgres::PgPool, email: &str, n: u8) -> Account {
    let today = jiff::civil::date(2026, 11, 20);
    let who = pool.create_account(&new(email), now()).unwrap().unwrap();
    let mut store = pool.open(who.id).unwrap();
    store
        .write(|tx| {
            showcase(today).iter().try_for_each(|b| tx.import_bundle(b).map(drop))?;
            tx.set_meta("feed_secret", "s")?;
            tx.add_holidays(
                &[afterview_core::calendar::Holiday { date: today, name: "Closed".into() }],
                "x.ics",
            )?;
            tx.record_notifications(&[afterview_store::Notification {
                day: today,
                task: "connect:a1".parse().unwrap(),
                channel: "email".into(),
                sent_at: now(),
            }])?;
            tx.set_exported_events(&[afterview_core::ics::ExportedEvent {
                task: "connect:a1".into(),
                fingerprint: 1,
                sequence: 0,
                day: today,
                summary: "Connect".into(),
                cancelled: false,
            }])?;
            tx.set_task_state(&"connect:a1".parse().unwrap(), TaskState::Done { on: today })
        })
        .unwrap();
    store.add_words(&["Kubernetes".into()]).unwrap();
    store.set_template(MessageKind::ThankYou, Some("Dear {{ to.first_name }},")).unwrap();
    let _: Result<(), Error> = pool.edit_settings_text(who.id, |_| Ok(("[user]\nname = \"x\"\n".into(), ())));
    pool.create_session(&token(n), who.id, "c", now(), now() + hours(1)).unwrap();
    let upload = afterview_postgres::Upload {
        name: "apps.csv".into(),
        kind: "csv".into(),
        bytes: b"Company\n".to_vec(),
    };
    pool.keep_upload(who.id, "up1", &upload, now(), hours(1), 8).unwrap();
    let subject =
        afterview_store::accounts::Subject { issuer: "https://idp.test".into(), subject: email.into() };
    assert!(pool.set_subject(who.id, &subject).unwrap());
    let reset =
        Invitation { purpose: Purpose::Reset, user: Some(who.id), ..join_link(email, now() + hours(1)) };
    pool.create_invitation(&token(n + 1), &reset).unwrap();
    // A link they made for someone else, which outlives them.
    let made =
        Invitation { created_by: Some(who.id), ..join_link(&format!("friend-of-{email}"), now() + hours(1)) };
    pool.create_invitation(&token(n + 2), &made).unwrap();
    // A coach they invited, who looked and left a comment.
    let coach = pool.create_account(&new(&format!("coach-of-{email}")), now()).unwrap().unwrap();
    let grant = pool
        .add_grant(&NewGrant {
            person: who.id,
            coach_email: &coach.email,
            token_sha256: [n + 3; 32],
            share_bodies: false,
            created_at: now(),
        })
        .unwrap();
    pool.accept_grant(grant.id, coach.id, now()).unwrap().unwrap();
    assert!(pool.record_view(coach.id, grant.id, Viewed::Agenda, now()).unwrap());
    let application = store.applications().unwrap()[0].id;
    pool.add_comment(coach.id, grant.id, application, "Well done", now()).unwrap().unwrap();
    who
}

#[test]
fn removing_a_user_erases_every_row_of_theirs_and_only_theirs() {
    let Some(schema) = TestSchema::new() else { return };
    let pool = schema.pool();
    let ann = fill(&pool, "ann@example.org", 10);
    let bob = fill(&pool, "bob@example.org", 20);
    // A join link for Ann's address, made before she joined.
    pool.create_invitation(&token(30), &join_link("ANN@example.org", now() + hours(1))).unwrap();
    let mut client = schema.client();
    let tables = user_tables(&mut client);
    for t in ["applications", "messages", "sessions", "invitations", "words", "templates", "notifications"] {
        assert!(tables.iter().any(|x| x == t), "{t} has a user_id: {tables:?}");
    }
    let bobs = rows_of(&mut client, &tables, bob.id);
    let anns = rows_of(&mut client, &tables, ann.id);
    for (table, n) in anns.iter().chain(&bobs) {
        assert!(*n > 0 || table == "invitations", "the test fills {table}");
    }

    pool.remove_user(ann.id).unwrap();

    for (table, n) in rows_of(&mut client, &tables, ann.id) {
        assert_eq!(n, 0, "{table} still holds rows of the removed user");
    }
    assert_eq!(rows_of(&mut client, &tables, bob.id), bobs, "nothing of Bob's went");
    let ann_links: i64 = client
        .query_one(
            "SELECT count(*) FROM invitations WHERE lower(email) = 'ann@example.org' OR created_by = $1",
            &[&ann.id.0],
        )
        .unwrap()
        .get(0);
    assert_eq!(ann_links, 0, "the links for her address went, and those she made are nobody's");
    let kept: i64 = client
        .query_one("SELECT count(*) FROM invitations WHERE email = 'friend-of-ann@example.org'", &[])
        .unwrap()
        .get(0);
    assert_eq!(kept, 1, "her friend's invitation still works");
    let users: i64 =
        client.query_one("SELECT count(*) FROM users WHERE id = $1", &[&ann.id.0]).unwrap().get(0);
    assert_eq!(users, 0);
    assert!(pool.account_by_email("ann@example.org").unwrap().is_none());
    assert!(pool.touch_session(&token(20), now(), now()).unwrap().is_some(), "Bob is still signed in");
    assert!(matches!(pool.remove_user(ann.id), Err(Error::NotFound { kind: RecordKind::User, .. })));
}

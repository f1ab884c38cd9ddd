//! The coaching tables on a real server (`afterview_store::coaching` on
//! `PgPool`): a grant stored and found by its token's hash, accepted once,
//! revoked; only the grant's own coach sees it live; views and comments
//! recorded only through a live grant, each answering for its own person;
//! and erasure: the person's removal takes every row of theirs, the
//! coach's leaves the person's record with the coach's name in it.
//!
//! Skipped without `AFTERVIEW_TEST_POSTGRES`, failed without it under
//! `CI=true` (see `afterview_postgres::testing`).

use afterview_core::ids::ApplicationId;
use afterview_core::model::Application;
use afterview_postgres::PgPool;
use afterview_postgres::testing::TestSchema;
use afterview_store::accounts::{Accounts, NewAccount, Role};
use afterview_store::coaching::{Coach, Coaching, Grant, GrantId, NewGrant, Viewed};
use afterview_store::{Error, RecordKind, Store, Tx, UserId};
use jiff::{Timestamp, ToSpan};

fn at(minutes: i64) -> Timestamp {
    "2026-11-20T09:00:00Z".parse::<Timestamp>().unwrap() + minutes.minutes()
}

/// A pending grant from `person` to Casey's address, with token `[n; 32]`.
fn invite(pool: &PgPool, person: UserId, n: u8, share_bodies: bool) -> Grant {
    pool.add_grant(&NewGrant {
        person,
        coach_email: "casey@example.edu",
        token_sha256: [n; 32],
        share_bodies,
        created_at: at(0),
    })
    .unwrap()
}

/// An account on the server.
fn account(pool: &PgPool, email: &str, name: &str) -> UserId {
    let new = NewAccount { email, name, role: Role::Member, password_hash: None };
    pool.create_account(&new, at(0)).unwrap().unwrap().id
}

/// Pat Doe, who looks for work; Casey Coach; Dana Diaz.
fn people(pool: &PgPool) -> (UserId, UserId, UserId) {
    (
        account(pool, "pat@example.org", "Pat Doe"),
        account(pool, "casey@example.edu", "Casey Coach"),
        account(pool, "dana@example.org", "Dana Diaz"),
    )
}

fn application(pool: &PgPool, user: UserId, company: &str) -> ApplicationId {
    pool.open(user).unwrap().write(|tx| tx.add_application(&Application::new(company, "Analyst"))).unwrap()
}

fn grant_not_found<T: std::fmt::Debug>(r: afterview_store::Result<T>) {
    match r {
        Err(Error::NotFound { kind: RecordKind::Grant, .. }) => {}
        other => panic!("expected a grant not found, got {other:?}"),
    }
}

fn count(db: &TestSchema, sql: &str, user: UserId) -> i64 {
    db.client().query_one(sql, &[&user.0]).unwrap().get(0)
}

#[test]
fn a_grant_is_found_by_its_hash_and_only_by_its_person() {
    let Some(db) = TestSchema::new() else { return };
    let pool = db.pool();
    let (pat, _, other) = people(&pool);
    let g = invite(&pool, pat, 1, false);
    assert_eq!(
        (g.person, g.person_name.as_str(), g.coach_email.as_str(), g.share_bodies),
        (pat, "Pat Doe", "casey@example.edu", false)
    );
    assert_eq!((g.coach.clone(), g.accepted_at, g.revoked_at, g.created_at), (None, None, None, at(0)));
    assert_eq!(pool.grant_by_token(&[1; 32]).unwrap(), Some(g.clone()));
    // The person's name is their account's, now.
    pool.set_name(pat, "Pat Q. Doe").unwrap();
    let g = pool.grant(pat, g.id).unwrap();
    assert_eq!(g.person_name, "Pat Q. Doe");
    assert_eq!(pool.grant_by_token(&[2; 32]).unwrap(), None);
    assert_eq!(pool.grant(pat, g.id).unwrap(), g);
    grant_not_found(pool.grant(other, g.id));
    grant_not_found(pool.grant(pat, GrantId(g.id.0 + 1000)));
    grant_not_found(pool.revoke_grant(other, g.id, at(1)));
    grant_not_found(pool.set_share_bodies(other, g.id, true));
    assert_eq!(pool.grant(pat, g.id).unwrap(), g, "another person's calls changed nothing");

    // A token's hash is unique: a second grant with it is refused.
    let again = pool.add_grant(&NewGrant {
        person: other,
        coach_email: "x@example.edu",
        token_sha256: [1; 32],
        share_bodies: false,
        created_at: at(0),
    });
    assert!(again.is_err());

    let newer = invite(&pool, pat, 3, true);
    let given: Vec<GrantId> = pool.grants_given(pat).unwrap().iter().map(|g| g.id).collect();
    assert_eq!(given, [newer.id, g.id], "newest first");
    assert!(pool.grants_given(other).unwrap().is_empty());
    assert!(pool.set_share_bodies(pat, g.id, true).unwrap().share_bodies);
}

#[test]
fn a_link_is_accepted_once_never_by_its_own_person_and_not_after_revoking() {
    let Some(db) = TestSchema::new() else { return };
    let pool = db.pool();
    let (pat, casey, dana) = people(&pool);
    let g = invite(&pool, pat, 1, false);
    assert_eq!(pool.accept_grant(g.id, pat, at(1)).unwrap(), None, "no one coaches themselves");
    let accepted = pool.accept_grant(g.id, casey, at(2)).unwrap().unwrap();
    assert_eq!(accepted.coach, Some(Coach { id: Some(casey), name: "Casey Coach".into() }));
    assert_eq!(accepted.accepted_at, Some(at(2)));
    assert!(accepted.is_live_for(casey) && !accepted.is_live_for(dana));
    assert_eq!(pool.accept_grant(g.id, dana, at(3)).unwrap(), None, "used");
    assert_eq!(pool.accept_grant(g.id, casey, at(3)).unwrap(), None, "used, even by its coach");

    let revoked = invite(&pool, pat, 2, false);
    pool.revoke_grant(pat, revoked.id, at(4)).unwrap();
    assert_eq!(pool.accept_grant(revoked.id, dana, at(5)).unwrap(), None, "revoked");
    let again = pool.revoke_grant(pat, revoked.id, at(9)).unwrap();
    assert_eq!(again.revoked_at, Some(at(4)), "revoking again keeps the first time");

    assert_eq!(pool.grants_held(casey).unwrap(), std::slice::from_ref(&accepted));
    assert!(pool.grants_held(dana).unwrap().is_empty());
    pool.revoke_grant(pat, g.id, at(6)).unwrap();
    assert!(pool.grants_held(casey).unwrap().is_empty(), "revoked at once");
}

#[test]
fn views_and_comments_go_only_through_a_live_grant_of_the_coachs_own() {
    let Some(db) = TestSchema::new() else { return };
    let pool = db.pool();
    let (pat, casey, dana) = people(&pool);
    let acme = application(&pool, pat, "Acme");
    let danas_own = application(&pool, dana, "Dana's");
    let g = invite(&pool, pat, 1, false);

    // Pending: nothing is live, nothing recorded.
    assert_eq!(pool.live_grant(casey, g.id).unwrap(), None);
    assert!(!pool.record_view(casey, g.id, Viewed::Agenda, at(1)).unwrap());
    assert_eq!(pool.add_comment(casey, g.id, acme, "Hi", at(1)).unwrap(), None);

    pool.accept_grant(g.id, casey, at(2)).unwrap().unwrap();
    assert_eq!(pool.live_grant(casey, g.id).unwrap().map(|g| g.person), Some(pat));
    assert_eq!(pool.live_grant(dana, g.id).unwrap(), None, "another coach");
    assert!(!pool.record_view(dana, g.id, Viewed::Agenda, at(3)).unwrap());
    assert_eq!(pool.add_comment(dana, g.id, acme, "Hi", at(3)).unwrap(), None);

    assert!(pool.record_view(casey, g.id, Viewed::Agenda, at(3)).unwrap());
    assert!(pool.record_view(casey, g.id, Viewed::Application(acme), at(4)).unwrap());
    let views = pool.views(pat).unwrap();
    assert_eq!(
        views.iter().map(|v| (v.what, v.at, v.grant)).collect::<Vec<_>>(),
        [(Viewed::Application(acme), at(4), g.id), (Viewed::Agenda, at(3), g.id)],
        "newest first"
    );
    assert!(views.iter().all(|v| v.coach == Coach { id: Some(casey), name: "Casey Coach".into() }));
    // A grant names the coach as their account does now; a view keeps the
    // name they had when they looked.
    pool.set_name(casey, "Casey C. Coach").unwrap();
    assert_eq!(pool.grant(pat, g.id).unwrap().coach.unwrap().name, "Casey C. Coach");
    assert_eq!(pool.views(pat).unwrap()[0].coach.name, "Casey Coach");
    assert!(pool.views(casey).unwrap().is_empty() && pool.views(dana).unwrap().is_empty());

    let c = pool.add_comment(casey, g.id, acme, "Follow up Friday.", at(5)).unwrap().unwrap();
    assert_eq!((c.application, c.body.as_str(), c.at), (acme, "Follow up Friday.", at(5)));
    assert_eq!(pool.comments(pat, acme).unwrap(), std::slice::from_ref(&c));
    // An application of someone else's, or one never made: nothing stored.
    assert_eq!(pool.add_comment(casey, g.id, danas_own, "x", at(6)).unwrap(), None);
    assert_eq!(pool.add_comment(casey, g.id, ApplicationId(acme.0 + 1000), "x", at(6)).unwrap(), None);
    assert!(pool.comments(dana, danas_own).unwrap().is_empty());
    assert!(pool.comments(dana, acme).unwrap().is_empty(), "scoped by person");

    pool.revoke_grant(pat, g.id, at(7)).unwrap();
    assert_eq!(pool.live_grant(casey, g.id).unwrap(), None);
    assert!(!pool.record_view(casey, g.id, Viewed::Agenda, at(8)).unwrap(), "revoked at once");
    assert_eq!(pool.add_comment(casey, g.id, acme, "x", at(8)).unwrap(), None);
    assert_eq!(pool.views(pat).unwrap().len(), 2);
    assert_eq!(pool.comments(pat, acme).unwrap().len(), 1, "the person keeps what was said");
}

#[test]
fn removing_the_person_erases_every_row_of_theirs() {
    let Some(db) = TestSchema::new() else { return };
    let pool = db.pool();
    let (pat, casey, _) = people(&pool);
    let acme = application(&pool, pat, "Acme");
    let g = invite(&pool, pat, 1, true);
    invite(&pool, pat, 2, false);
    pool.accept_grant(g.id, casey, at(1)).unwrap().unwrap();
    assert!(pool.record_view(casey, g.id, Viewed::Applications, at(2)).unwrap());
    pool.add_comment(casey, g.id, acme, "Nice", at(3)).unwrap().unwrap();

    pool.remove_user(pat).unwrap();
    for table in ["coach_grants", "coach_views", "coach_comments"] {
        let sql = format!("SELECT count(*) FROM {table} WHERE user_id = $1");
        assert_eq!(count(&db, &sql, pat), 0, "{table}");
        let sql = format!("SELECT count(*) FROM {table} WHERE coach_id = $1");
        assert_eq!(count(&db, &sql, casey), 0, "{table}: nothing of the person's left under the coach");
    }
    assert_eq!(pool.live_grant(casey, g.id).unwrap(), None);
    assert!(!pool.record_view(casey, g.id, Viewed::Agenda, at(4)).unwrap());
    assert!(pool.grants_held(casey).unwrap().is_empty());
    assert_eq!(pool.grant_by_token(&[1; 32]).unwrap(), None);
}

#[test]
fn removing_the_coach_keeps_the_persons_record_with_the_coachs_name() {
    let Some(db) = TestSchema::new() else { return };
    let pool = db.pool();
    let (pat, casey, _) = people(&pool);
    let acme = application(&pool, pat, "Acme");
    let g = invite(&pool, pat, 1, false);
    pool.accept_grant(g.id, casey, at(1)).unwrap().unwrap();
    assert!(pool.record_view(casey, g.id, Viewed::Agenda, at(2)).unwrap());
    pool.add_comment(casey, g.id, acme, "Nice", at(3)).unwrap().unwrap();

    pool.remove_user(casey).unwrap();
    let gone = Coach { id: None, name: "Casey Coach".into() };
    let g = pool.grant(pat, g.id).unwrap();
    assert_eq!(g.coach, Some(gone.clone()));
    assert!(!g.is_live_for(casey));
    assert_eq!(
        pool.views(pat).unwrap().iter().map(|v| v.coach.clone()).collect::<Vec<_>>(),
        std::slice::from_ref(&gone)
    );
    assert_eq!(pool.comments(pat, acme).unwrap()[0].coach, gone);
    // A new account given the same id (it cannot be: identities move on)
    // would not inherit anything: the grant names no account any more.
    assert_eq!(pool.live_grant(casey, g.id).unwrap(), None);
}

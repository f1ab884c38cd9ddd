//! Signing in through an identity provider, as the account use cases see
//! it (`accounts::log_in_verified`, against a real PostgreSQL server; see
//! `afterview_postgres::testing`): the account found by the verified email
//! in any capitalisation, made only when an invitation is pending, open
//! sign-up is on or the domain is allowed; a disabled account refused; the
//! provider's subject recorded, and another subject for the same email
//! refused.

use std::net::IpAddr;

use afterview_app::Error;
use afterview_app::accounts::{self, Role, Subject, Verified};
use afterview_postgres::testing::TestSchema;
use afterview_store::accounts::Accounts;
use jiff::{SignedDuration, Timestamp};

const ISSUER: &str = "https://login.example.edu";

fn t0() -> Timestamp {
    "2026-11-20T09:00:00Z".parse().unwrap()
}

fn ip() -> IpAddr {
    "192.0.2.1".parse().unwrap()
}

fn who(email: &str, sub: &str) -> Verified {
    Verified {
        email: email.to_owned(),
        name: "Ann Lee".to_owned(),
        subject: Subject { issuer: ISSUER.to_owned(), subject: sub.to_owned() },
    }
}

fn refused(e: Error) -> String {
    match e {
        Error::Refused { reason } => reason,
        other => panic!("not refused: {other:?}"),
    }
}

fn domains(list: &[&str]) -> Vec<String> {
    list.iter().map(|d| (*d).to_owned()).collect()
}

#[test]
fn no_account_is_made_unless_the_admin_allows_it() {
    let Some(schema) = TestSchema::new() else { return };
    let pool = schema.pool();
    let e = accounts::log_in_verified(&pool, &who("ann@example.edu", "s1"), &[], ip(), t0()).unwrap_err();
    let e = refused(e);
    assert!(e.contains("no account here for ann@example.edu"), "{e}");
    assert!(e.contains("ask your career service for an invitation"), "{e}");
    // Another domain than the allowed one is refused the same way.
    let e = accounts::log_in_verified(
        &pool,
        &who("ann@other.test", "s1"),
        &domains(&["example.edu"]),
        ip(),
        t0(),
    )
    .unwrap_err();
    assert!(refused(e).contains("ask your career service for an invitation"));
    assert!(accounts::users(&pool).unwrap().is_empty(), "nothing was made");
}

#[test]
fn an_allowed_domain_makes_a_member_with_the_providers_name() {
    let Some(schema) = TestSchema::new() else { return };
    let pool = schema.pool();
    let allowed = domains(&["Example.edu"]);
    let opened =
        accounts::log_in_verified(&pool, &who("Ann@example.EDU", "s1"), &allowed, ip(), t0()).unwrap();
    assert_eq!(opened.account.email, "Ann@example.EDU");
    assert_eq!((opened.account.name.as_str(), opened.account.role), ("Ann Lee", Role::Member));
    assert_eq!(opened.expires_at, t0() + SignedDuration::from_hours(14 * 24));
    let seen = accounts::session(&pool, &opened.token, t0()).unwrap().unwrap();
    assert_eq!(seen.account.id, opened.account.id);
    assert_eq!(pool.subject(opened.account.id, ISSUER).unwrap().as_deref(), Some("s1"));
    // No password: the password form does not let anyone in.
    let e = accounts::log_in(&pool, "ann@example.edu", "", ip(), t0()).unwrap_err();
    assert_eq!(refused(e), accounts::NO_MATCH);
    // The next sign-in finds the same account, in any capitalisation.
    let again = accounts::log_in_verified(&pool, &who("ANN@example.edu", "s1"), &[], ip(), t0()).unwrap();
    assert_eq!(again.account.id, opened.account.id);
    assert_ne!(again.token, opened.token);
    assert_eq!(accounts::users(&pool).unwrap().len(), 1);
}

#[test]
fn a_name_the_provider_does_not_give_is_the_emails_first_part() {
    let Some(schema) = TestSchema::new() else { return };
    let pool = schema.pool();
    accounts::set_open_sign_up(&pool, true).unwrap();
    let mut nameless = who("bo.kim@anywhere.test", "s2");
    nameless.name = "  ".into();
    let opened = accounts::log_in_verified(&pool, &nameless, &[], ip(), t0()).unwrap();
    assert_eq!(opened.account.name, "bo.kim");
}

#[test]
fn a_pending_invitation_is_used_up_with_its_role() {
    let Some(schema) = TestSchema::new() else { return };
    let pool = schema.pool();
    let link = accounts::invite(&pool, None, "Cy@Example.org", Role::Admin, t0()).unwrap();
    let opened = accounts::log_in_verified(&pool, &who("cy@example.org", "s3"), &[], ip(), t0()).unwrap();
    assert_eq!((opened.account.email.as_str(), opened.account.role), ("Cy@Example.org", Role::Admin));
    let token = link.url_path.strip_prefix("/join/").unwrap();
    let e = accounts::pending(&pool, accounts::Purpose::Join, token, t0()).unwrap_err();
    assert!(refused(e).contains("was used already"));
    // An expired invitation makes nothing.
    accounts::invite(&pool, None, "dee@example.org", Role::Member, t0()).unwrap();
    let late = t0() + SignedDuration::from_hours(8 * 24);
    let e = accounts::log_in_verified(&pool, &who("dee@example.org", "s4"), &[], ip(), late).unwrap_err();
    assert!(refused(e).contains("ask your career service for an invitation"));
}

#[test]
fn a_disabled_account_is_refused() {
    let Some(schema) = TestSchema::new() else { return };
    let pool = schema.pool();
    accounts::invite(&pool, None, "ann@example.edu", Role::Member, t0()).unwrap();
    accounts::log_in_verified(&pool, &who("ann@example.edu", "s1"), &[], ip(), t0()).unwrap();
    accounts::set_disabled(&pool, "ann@example.edu", true).unwrap();
    let e = accounts::log_in_verified(&pool, &who("ann@example.edu", "s1"), &[], ip(), t0()).unwrap_err();
    assert!(refused(e).contains("this account is disabled"));
}

#[test]
fn an_email_given_to_someone_new_does_not_open_the_old_account() {
    let Some(schema) = TestSchema::new() else { return };
    let pool = schema.pool();
    let allowed = domains(&["example.edu"]);
    let first =
        accounts::log_in_verified(&pool, &who("ann@example.edu", "old-ann"), &allowed, ip(), t0()).unwrap();
    let e = accounts::log_in_verified(&pool, &who("ann@example.edu", "new-ann"), &allowed, ip(), t0())
        .unwrap_err();
    let e = refused(e);
    assert!(e.contains("someone your identity provider knows as another person"), "{e}");
    // Her address changed at the provider: no second account is made.
    let e = accounts::log_in_verified(&pool, &who("ann.lee@example.edu", "old-ann"), &allowed, ip(), t0())
        .unwrap_err();
    assert!(refused(e).contains("made under another email address"));
    assert_eq!(accounts::users(&pool).unwrap().len(), 1);
    // An account that had a password first takes the subject once.
    let link = accounts::invite(&pool, None, "bo@example.edu", Role::Member, t0()).unwrap();
    let token = link.url_path.strip_prefix("/join/").unwrap();
    accounts::join(&pool, token, "Bo", "correct horse battery", ip(), t0()).unwrap();
    let e = accounts::log_in_verified(&pool, &who("bo@example.edu", "old-ann"), &allowed, ip(), t0())
        .unwrap_err();
    assert!(refused(e).contains("belongs to another account here"));
    accounts::log_in_verified(&pool, &who("bo@example.edu", "bo"), &allowed, ip(), t0()).unwrap();
    // Removing the account forgets its subject with it.
    accounts::remove(&pool, "ann@example.edu").unwrap();
    assert!(pool.account_by_subject(&who("", "old-ann").subject).unwrap().is_none());
    let _ = first;
}

#[test]
fn too_many_failed_tries_from_an_address_are_refused() {
    let Some(schema) = TestSchema::new() else { return };
    let pool = schema.pool();
    for _ in 0..accounts::TRIES_PER_ADDRESS {
        accounts::may_try_from(&pool, ip(), t0()).unwrap();
        accounts::failed_try_from(&pool, ip(), t0()).unwrap();
    }
    let e = accounts::may_try_from(&pool, ip(), t0()).unwrap_err();
    assert!(refused(e).starts_with("too many tries"));
    let e = accounts::log_in_verified(
        &pool,
        &who("ann@example.edu", "s1"),
        &domains(&["example.edu"]),
        ip(),
        t0(),
    )
    .unwrap_err();
    assert!(refused(e).starts_with("too many tries"));
    accounts::may_try_from(&pool, ip(), t0() + SignedDuration::from_mins(16)).unwrap();
}

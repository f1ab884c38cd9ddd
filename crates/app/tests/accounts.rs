//! The account use cases against a real PostgreSQL server (see
//! `afterview_postgres::testing`: skipped without `AFTERVIEW_TEST_POSTGRES`,
//! except with `CI=true`): logins and their one answer to a wrong email
//! or password, the rate limits with time moved rather than waited for,
//! links used twice or too late, resets, disabling, logging out, the
//! password policy; and the server's per-user settings.

use std::net::IpAddr;

use afterview_app::Error;
use afterview_app::accounts::{self, NO_MATCH, Purpose};
use afterview_app::server::{self, Server};
use afterview_postgres::testing::TestSchema;
use afterview_store::accounts::Role;
use jiff::{SignedDuration, Timestamp};

fn t0() -> Timestamp {
    "2026-11-20T09:00:00Z".parse().unwrap()
}

fn mins(n: i64) -> SignedDuration {
    SignedDuration::from_mins(n)
}

fn days(n: i64) -> SignedDuration {
    SignedDuration::from_hours(24 * n)
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

const PASSWORD: &str = "correct horse battery";

/// A server in a schema of its own, with Ann (a member) signed up through
/// an invitation.
struct World {
    server: Server,
    _schema: TestSchema,
}

fn world() -> Option<World> {
    let schema = TestSchema::new()?;
    Some(World { server: Server::new(schema.pool()), _schema: schema })
}

impl World {
    fn acc(&self) -> &afterview_postgres::PgPool {
        &self.server.pool
    }

    /// Invites `email` and follows the link: the session it opens.
    fn join(&self, email: &str) -> accounts::Opened {
        let link = accounts::invite(self.acc(), None, email, Role::Member, t0()).unwrap();
        let token = link.url_path.strip_prefix("/join/").unwrap();
        accounts::join(self.acc(), token, "Ann Lee", PASSWORD, ip("192.0.2.1"), t0()).unwrap()
    }
}

fn refused(e: Error) -> String {
    match e {
        Error::Refused { reason } => reason,
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn an_invitation_opens_a_session_the_cookie_finds() {
    let Some(w) = world() else { return };
    let link = accounts::invite(w.acc(), None, "Ann@Example.org", Role::Admin, t0()).unwrap();
    assert_eq!((link.purpose, link.email.as_str()), (Purpose::Join, "Ann@Example.org"));
    assert_eq!(link.expires_at, t0() + days(7));
    let token = link.url_path.strip_prefix("/join/").unwrap();
    assert_eq!(token.len(), 64);
    let p = accounts::pending(w.acc(), Purpose::Join, token, t0()).unwrap();
    assert_eq!((p.email.as_str(), p.role), ("Ann@Example.org", Role::Admin));
    let opened = accounts::join(w.acc(), token, " Ann Lee ", PASSWORD, ip("192.0.2.1"), t0()).unwrap();
    assert_eq!((opened.account.name.as_str(), opened.account.role), ("Ann Lee", Role::Admin));
    assert_eq!(opened.expires_at, t0() + days(14));
    let seen = accounts::session(w.acc(), &opened.token, t0() + days(1)).unwrap().unwrap();
    assert_eq!((seen.account.id, seen.csrf.as_str()), (opened.account.id, opened.csrf.as_str()));
    assert_eq!(seen.expires_at, t0() + days(15), "the idle end slides");
    // Nothing else opens it.
    assert!(accounts::session(w.acc(), &opened.csrf, t0()).unwrap().is_none());
    assert!(accounts::session(w.acc(), "not a token", t0()).unwrap().is_none());
    // Already an account: an invitation is refused.
    let e = refused(accounts::invite(w.acc(), None, "ann@example.org", Role::Member, t0()).unwrap_err());
    assert!(e.contains("reset link"), "{e}");
    assert!(matches!(
        accounts::invite(w.acc(), None, "not an email", Role::Member, t0()),
        Err(Error::Invalid { field: Some(f), .. }) if f == "email"
    ));
}

#[test]
fn a_session_ends_idle_after_14_days_and_at_30_whatever_happens() {
    let Some(w) = world() else { return };
    let opened = w.join("ann@example.org");
    let at = |d: i64| accounts::session(w.acc(), &opened.token, t0() + days(d)).unwrap();
    for d in [13, 26] {
        assert!(at(d).is_some(), "day {d}");
    }
    let last = at(29).unwrap();
    assert_eq!(last.expires_at, t0() + days(30), "never after the absolute end");
    assert!(at(30).is_none(), "30 days old");
    let other = accounts::log_in(w.acc(), "ann@example.org", PASSWORD, ip("192.0.2.1"), t0()).unwrap();
    assert!(accounts::session(w.acc(), &other.token, t0() + days(14) + mins(1)).unwrap().is_none(), "idle");
}

#[test]
fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let Some(w) = world() else { return };
    w.join("ann@example.org");
    let from = ip("192.0.2.9");
    let wrong =
        refused(accounts::log_in(w.acc(), "ann@example.org", "not her password", from, t0()).unwrap_err());
    let unknown = refused(accounts::log_in(w.acc(), "bob@example.org", PASSWORD, from, t0()).unwrap_err());
    let nonsense = refused(accounts::log_in(w.acc(), "", "", from, t0()).unwrap_err());
    assert_eq!(wrong, NO_MATCH);
    assert_eq!(unknown, NO_MATCH);
    assert_eq!(nonsense, NO_MATCH);
    let opened = accounts::log_in(w.acc(), " ANN@example.org", PASSWORD, from, t0()).unwrap();
    assert_eq!(opened.account.email, "ann@example.org");
}

/// The costs of the two refusals, measured: one argon2 check each, so
/// they differ by far less than one check takes.
#[test]
fn an_unknown_email_costs_what_a_wrong_password_does() {
    let Some(w) = world() else { return };
    w.join("ann@example.org");
    let time = |email: &str, n: u8| {
        let from = ip(&format!("192.0.2.{n}"));
        let start = std::time::Instant::now();
        let _ = accounts::log_in(w.acc(), email, "not the password", from, t0());
        start.elapsed()
    };
    let (mut wrong, mut unknown) = (Vec::new(), Vec::new());
    for n in 0..4 {
        wrong.push(time("ann@example.org", 10 + n));
        unknown.push(time(&format!("nobody{n}@example.org"), 20 + n));
    }
    wrong.sort();
    unknown.sort();
    let (w_mid, u_mid) = (wrong[2].as_secs_f64(), unknown[2].as_secs_f64());
    assert!((w_mid - u_mid).abs() < 0.5 * w_mid.max(u_mid), "wrong {wrong:?}, unknown {unknown:?}");
}

#[test]
fn the_sixth_try_is_refused_then_allowed_after_the_window() {
    let Some(w) = world() else { return };
    w.join("ann@example.org");
    let from = ip("198.51.100.4");
    for n in 0..5 {
        let e =
            accounts::log_in(w.acc(), "ann@example.org", "wrong guess!", from, t0() + mins(n)).unwrap_err();
        assert_eq!(refused(e), NO_MATCH, "try {n}");
    }
    // Even the right password waits: the limit is checked first.
    let sixth =
        refused(accounts::log_in(w.acc(), "ann@example.org", PASSWORD, from, t0() + mins(5)).unwrap_err());
    assert_eq!(sixth, "too many tries; try again in 10 minutes");
    let e = refused(
        accounts::log_in(w.acc(), "ANN@example.org", PASSWORD, ip("203.0.113.1"), t0() + mins(14))
            .unwrap_err(),
    );
    assert_eq!(e, "too many tries; try again in 1 minute", "per account, from any address");
    // The first failure leaves the window at +15 minutes.
    accounts::log_in(w.acc(), "ann@example.org", PASSWORD, from, t0() + mins(15)).unwrap();
    // A login that worked forgets the account's failures.
    for n in 0..4 {
        let _ = accounts::log_in(w.acc(), "ann@example.org", "wrong again!", from, t0() + mins(16 + n));
    }
    accounts::log_in(w.acc(), "ann@example.org", PASSWORD, from, t0() + mins(20)).unwrap();
}

#[test]
fn thirty_one_tries_from_one_address_across_accounts_are_refused() {
    let Some(w) = world() else { return };
    w.join("ann@example.org");
    let from = ip("2001:db8:5:6::1");
    for n in 0..30 {
        let e = accounts::log_in(w.acc(), &format!("user{n}@example.org"), "some guess here", from, t0())
            .unwrap_err();
        assert_eq!(refused(e), NO_MATCH, "try {n}");
    }
    // The same /64: the same machine.
    let e = accounts::log_in(w.acc(), "ann@example.org", PASSWORD, ip("2001:db8:5:6::99"), t0() + mins(1))
        .unwrap_err();
    assert_eq!(refused(e), "too many tries; try again in 14 minutes");
    // Another address is not held up, and Ann's own tries were never counted.
    accounts::log_in(w.acc(), "ann@example.org", PASSWORD, ip("192.0.2.50"), t0() + mins(1)).unwrap();
    // A process of its own (another pool on the same database) counts the same tries.
    let other = Server::new(w._schema.pool());
    let e = accounts::log_in(&other.pool, "ann@example.org", PASSWORD, from, t0() + mins(2)).unwrap_err();
    assert!(refused(e).starts_with("too many tries"));
    accounts::log_in(&other.pool, "ann@example.org", PASSWORD, from, t0() + mins(15)).unwrap();
}

#[test]
fn an_invitation_works_once_and_not_after_a_week() {
    let Some(w) = world() else { return };
    let link = accounts::invite(w.acc(), None, "bo@example.org", Role::Member, t0()).unwrap();
    let token = link.url_path.strip_prefix("/join/").unwrap().to_owned();
    let from = ip("192.0.2.1");
    accounts::join(w.acc(), &token, "Bo", PASSWORD, from, t0()).unwrap();
    let again = refused(accounts::join(w.acc(), &token, "Bo", PASSWORD, from, t0() + mins(1)).unwrap_err());
    assert_eq!(
        again,
        "this link was used already (2026-11-20 09:00 UTC); log in, or ask whoever invited you for a new invitation"
    );
    assert!(
        refused(accounts::pending(w.acc(), Purpose::Join, &token, t0()).unwrap_err())
            .contains("used already")
    );

    let late = accounts::invite(w.acc(), None, "cy@example.org", Role::Member, t0()).unwrap();
    let late = late.url_path.strip_prefix("/join/").unwrap().to_owned();
    let e = refused(accounts::join(w.acc(), &late, "Cy", PASSWORD, from, t0() + days(7)).unwrap_err());
    assert_eq!(e, "this link expired on 2026-11-27 09:00 UTC; ask whoever invited you for a new invitation");
    let e = refused(accounts::pending(w.acc(), Purpose::Join, &"0".repeat(64), t0()).unwrap_err());
    assert!(e.starts_with("this link is not one this server made"), "{e}");
    // A join link is no reset link.
    assert!(accounts::pending(w.acc(), Purpose::Reset, &late, t0()).is_err());
}

#[test]
fn a_password_the_policy_refuses_leaves_the_link_unused() {
    let Some(w) = world() else { return };
    let link = accounts::invite(w.acc(), None, "dee@example.org", Role::Member, t0()).unwrap();
    let token = link.url_path.strip_prefix("/join/").unwrap();
    let from = ip("192.0.2.1");
    let problem = |pw: &str| match accounts::join(w.acc(), token, "Dee", pw, from, t0()) {
        Err(Error::Invalid { field: Some(f), problem, .. }) if f == "password" => problem,
        other => panic!("{other:?}"),
    };
    assert!(problem("short").contains("at least 10 characters"));
    assert!(problem("dee@example.org").contains("email"));
    assert!(problem("qwertyuiop").contains("most common"));
    assert!(matches!(
        accounts::join(w.acc(), token, "  ", PASSWORD, from, t0()),
        Err(Error::Invalid { field: Some(f), .. }) if f == "name"
    ));
    accounts::join(w.acc(), token, "Dee", PASSWORD, from, t0()).unwrap();
}

#[test]
fn a_reset_link_ends_every_other_session() {
    let Some(w) = world() else { return };
    let first = w.join("ann@example.org");
    let second = accounts::log_in(w.acc(), "ann@example.org", PASSWORD, ip("192.0.2.2"), t0()).unwrap();
    let link = accounts::reset_link(w.acc(), "ANN@example.org", t0()).unwrap();
    assert_eq!((link.purpose, link.expires_at), (Purpose::Reset, t0() + SignedDuration::from_hours(24)));
    let token = link.url_path.strip_prefix("/reset/").unwrap();
    let p = accounts::pending(w.acc(), Purpose::Reset, token, t0()).unwrap();
    assert_eq!(p.email, "ann@example.org");
    let opened =
        accounts::reset(w.acc(), token, "a brand new passphrase", ip("192.0.2.3"), t0() + mins(1)).unwrap();
    for old in [&first, &second] {
        assert!(accounts::session(w.acc(), &old.token, t0() + mins(2)).unwrap().is_none(), "ended");
    }
    assert!(accounts::session(w.acc(), &opened.token, t0() + mins(2)).unwrap().is_some());
    assert_eq!(
        refused(
            accounts::log_in(w.acc(), "ann@example.org", PASSWORD, ip("192.0.2.3"), t0() + mins(3))
                .unwrap_err()
        ),
        NO_MATCH,
        "the old password is gone"
    );
    accounts::log_in(w.acc(), "ann@example.org", "a brand new passphrase", ip("192.0.2.3"), t0() + mins(3))
        .unwrap();
    assert!(
        accounts::reset(w.acc(), token, "another new passphrase", ip("192.0.2.3"), t0() + mins(4)).is_err(),
        "once"
    );
    assert!(matches!(accounts::reset_link(w.acc(), "nobody@example.org", t0()), Err(Error::NotFound { .. })));
}

#[test]
fn a_disabled_accounts_session_is_gone() {
    let Some(w) = world() else { return };
    let opened = w.join("ann@example.org");
    let ann = accounts::set_disabled(w.acc(), "ann@example.org", true).unwrap();
    assert!(ann.disabled);
    assert!(accounts::session(w.acc(), &opened.token, t0()).unwrap().is_none());
    let e =
        refused(accounts::log_in(w.acc(), "ann@example.org", PASSWORD, ip("192.0.2.1"), t0()).unwrap_err());
    assert!(e.contains("disabled"), "{e}");
    assert!(
        refused(accounts::reset_link(w.acc(), "ann@example.org", t0()).unwrap_err())
            .contains("enable it first")
    );
    assert!(!accounts::set_disabled(w.acc(), "ann@example.org", false).unwrap().disabled);
    assert!(accounts::session(w.acc(), &opened.token, t0()).unwrap().is_none(), "it stays ended");
    accounts::log_in(w.acc(), "ann@example.org", PASSWORD, ip("192.0.2.1"), t0()).unwrap();
}

#[test]
fn logging_out_everywhere_ends_every_session() {
    let Some(w) = world() else { return };
    let a = w.join("ann@example.org");
    let b = accounts::log_in(w.acc(), "ann@example.org", PASSWORD, ip("192.0.2.1"), t0()).unwrap();
    let c = accounts::log_in(w.acc(), "ann@example.org", PASSWORD, ip("192.0.2.1"), t0()).unwrap();
    accounts::log_out(w.acc(), &a.token).unwrap();
    assert!(accounts::session(w.acc(), &a.token, t0()).unwrap().is_none(), "a stolen cookie after logout");
    assert!(accounts::session(w.acc(), &b.token, t0()).unwrap().is_some());
    assert_eq!(accounts::log_out_everywhere(w.acc(), b.account.id).unwrap(), 2);
    for s in [&b, &c] {
        assert!(accounts::session(w.acc(), &s.token, t0()).unwrap().is_none());
    }
    accounts::log_out(w.acc(), "garbage").unwrap();
}

#[test]
fn sign_up_only_when_the_server_takes_it() {
    let Some(w) = world() else { return };
    let from = ip("192.0.2.1");
    assert!(!accounts::open_sign_up(w.acc()).unwrap());
    let e = refused(accounts::sign_up(w.acc(), "eve@example.org", "Eve", PASSWORD, from, t0()).unwrap_err());
    assert!(e.contains("invitation"), "{e}");
    accounts::set_open_sign_up(w.acc(), true).unwrap();
    assert!(accounts::open_sign_up(w.acc()).unwrap());
    let eve = accounts::sign_up(w.acc(), "eve@example.org", "Eve", PASSWORD, from, t0()).unwrap();
    assert_eq!(eve.account.role, Role::Member);
    let e = refused(accounts::sign_up(w.acc(), "EVE@example.org", "Eve", PASSWORD, from, t0()).unwrap_err());
    assert!(e.contains("already an account"), "{e}");
    accounts::set_open_sign_up(w.acc(), false).unwrap();
    assert!(accounts::sign_up(w.acc(), "fay@example.org", "Fay", PASSWORD, from, t0()).is_err());
}

#[test]
fn a_password_changes_given_the_current_one() {
    let Some(w) = world() else { return };
    let ann = w.join("ann@example.org").account;
    assert!(matches!(
        accounts::change_password(w.acc(), ann.id, "not it at all", "a brand new passphrase", t0()),
        Err(Error::Invalid { field: Some(f), .. }) if f == "current"
    ));
    assert!(accounts::change_password(w.acc(), ann.id, PASSWORD, "short", t0()).is_err());
    accounts::change_password(w.acc(), ann.id, PASSWORD, "a brand new passphrase", t0()).unwrap();
    accounts::log_in(w.acc(), "ann@example.org", "a brand new passphrase", ip("192.0.2.1"), t0()).unwrap();
    assert_eq!(accounts::set_name(w.acc(), ann.id, "Ann Smith").unwrap().name, "Ann Smith");
}

#[test]
fn removing_an_account_takes_it_and_its_sessions() {
    let Some(w) = world() else { return };
    let ann = w.join("ann@example.org");
    let bob = w.join("bob@example.org");
    assert_eq!(accounts::users(w.acc()).unwrap().len(), 2);
    assert!(accounts::remove_self(w.acc(), ann.account.id, "not my password").is_err());
    accounts::remove_self(w.acc(), ann.account.id, PASSWORD).unwrap();
    assert!(accounts::session(w.acc(), &ann.token, t0()).unwrap().is_none());
    let gone = accounts::remove(w.acc(), "BOB@example.org").unwrap();
    assert_eq!(gone.id, bob.account.id);
    assert!(accounts::users(w.acc()).unwrap().is_empty());
    assert!(matches!(accounts::remove(w.acc(), "bob@example.org"), Err(Error::NotFound { .. })));
    // The email may be invited again.
    w.join("bob@example.org");
}

#[test]
fn a_users_settings_are_the_defaults_then_their_own() {
    let Some(w) = world() else { return };
    let ann = w.join("ann@example.org").account.id;
    let bob = w.join("bob@example.org").account.id;
    server::config_set(&w.server, ann, "calendar.region", "UK").unwrap();
    server::config_set(&w.server, ann, "notify.smtp_password", "hunter2hunter2").unwrap();
    assert_eq!(w.server.home(ann).unwrap().settings.calendar.region, "UK");
    assert_eq!(w.server.home(bob).unwrap().settings.calendar.region, "US", "Bob's are his own");
    let (settings, rows) = server::config_list(&w.server, ann).unwrap();
    assert_eq!(settings.calendar.region, "UK");
    let row = |k: &str| rows.iter().find(|r| r.key == k).unwrap().clone();
    assert_eq!(
        (row("calendar.region").value.as_str(), row("calendar.region").source.as_str()),
        ("UK", "yours")
    );
    assert_eq!(row("calendar.date_order").source, "default");
    assert_eq!(row("notify.smtp_password").value, "(set)");
    // A bad value changes nothing, and says what is wrong.
    let before = w.server.pool.settings_text(ann);
    use afterview_store::accounts::Accounts;
    let before = before.unwrap();
    let e = server::config_set(&w.server, ann, "calendar.region", "Mars").unwrap_err();
    assert!(e.to_string().contains("calendar.region"), "{e}");
    assert!(
        server::config_set(&w.server, ann, "calendar.regon", "UK")
            .unwrap_err()
            .to_string()
            .contains("did you mean")
    );
    assert_eq!(w.server.pool.settings_text(ann).unwrap(), before);
    // The text is a settings file's, holding only what was set.
    assert_eq!(
        before.unwrap(),
        "[calendar]\nregion = \"UK\"\n\n[notify]\nsmtp_password = \"hunter2hunter2\"\n"
    );
    let home = w.server.home(ann).unwrap();
    assert_eq!(home.today(Some(jiff::civil::date(2026, 1, 2))), jiff::civil::date(2026, 1, 2));
}

//! The server mode's "bad input and abuse" of issue 13, in-process over
//! the router, on a PostgreSQL schema of its own (the server
//! `AFTERVIEW_TEST_POSTGRES` names; skipped without one, except with
//! `CI=true`): 10,000 login tries, a reused and an expired invitation, a
//! stolen session cookie, CSRF attempts, a huge upload and a huge form,
//! and a user erasing their account while another of their sessions is
//! open. Each gets a clear answer; nothing is leaked, nothing is lost.
//!
//! The handlers read the clock themselves (`jiff::Timestamp::now()`), so
//! what depends on time passing (the end of a rate limit's window, an
//! invitation's expiry) is reached through the use cases, which take `now`.

mod common;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use afterview_app::accounts::{self, Purpose, Role};
use afterview_store::UserId;
use afterview_web::{ServerOptions, Web, options_in, router};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Browser, Reply, Schema, send};
use jiff::{SignedDuration, Timestamp};

const HOST: &str = "127.0.0.1:7979";
const PASSWORD: &str = "correct horse battery staple";

struct Site {
    router: Router,
    schema: Schema,
    server: Arc<afterview_app::server::Server>,
}

impl Site {
    async fn new() -> Option<Self> {
        tokio::task::spawn_blocking(Self::make).await.unwrap()
    }

    fn make() -> Option<Self> {
        let schema = Schema::new()?;
        let dir = std::env::temp_dir();
        let mut options = options_in(dir, HOST.parse().unwrap(), Some(jiff::civil::date(2026, 11, 19)));
        options.server = Some(ServerOptions { database: schema.url(), public_url: None, oidc: None });
        let web: Arc<Web> = Web::new(&options).expect("server mode starts");
        let server = Arc::new(afterview_app::server::Server::connect(&schema.url()).unwrap());
        Some(Self { router: router(web), schema, server })
    }

    /// Runs `f` on the accounts, off the async threads (the sync client blocks).
    async fn accounts<T: Send + 'static>(
        &self,
        f: impl FnOnce(&afterview_postgres::PgPool) -> T + Send + 'static,
    ) -> T {
        let server = Arc::clone(&self.server);
        tokio::task::spawn_blocking(move || f(&server.pool)).await.unwrap()
    }

    /// One number from SQL on this test's schema.
    async fn count(&self, sql: &str, user: Option<UserId>) -> i64 {
        self.counts(&[sql.to_owned()], user).await[0]
    }

    async fn counts(&self, sqls: &[String], user: Option<UserId>) -> Vec<i64> {
        let (url, sqls) = (self.schema.url(), sqls.to_vec());
        tokio::task::spawn_blocking(move || {
            let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            sqls.iter()
                .map(|sql| match user {
                    Some(u) => c.query_one(sql.as_str(), &[&u.0]).unwrap().get::<_, i64>(0),
                    None => c.query_one(sql.as_str(), &[]).unwrap().get::<_, i64>(0),
                })
                .collect()
        })
        .await
        .unwrap()
    }

    /// Every table with a `user_id` column, from the database's own
    /// catalogue (so a table added later is covered), and how many rows
    /// each holds of `user`.
    async fn rows_of(&self, user: UserId) -> Vec<(String, i64)> {
        let url = self.schema.url();
        tokio::task::spawn_blocking(move || {
            let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            let tables: Vec<String> = c
                .query(
                    "SELECT table_name::text FROM information_schema.columns
                     WHERE table_schema = current_schema() AND column_name = 'user_id'
                     ORDER BY table_name",
                    &[],
                )
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
            assert!(tables.len() > 10, "the catalogue lists the user tables: {tables:?}");
            tables
                .into_iter()
                .map(|t| {
                    let n: i64 = c
                        .query_one(&format!("SELECT count(*) FROM {t} WHERE user_id = $1"), &[&user.0])
                        .unwrap()
                        .get(0);
                    (t, n)
                })
                .collect()
        })
        .await
        .unwrap()
    }

    fn request(&self, method: &str, path: &str, b: &Browser) -> axum::http::request::Builder {
        Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, HOST)
            .header(header::COOKIE, b.cookie_header())
    }

    async fn get(&self, b: &mut Browser, path: &str) -> Reply {
        let r = send(&self.router, self.request("GET", path, b).body(Body::empty()).unwrap()).await;
        b.keep(&r);
        r
    }

    /// A form posted with the session's CSRF token.
    async fn post(&self, b: &mut Browser, path: &str, fields: &[(&str, &str)]) -> Reply {
        let mut all = vec![("csrf", b.csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_body(b, path, serde_urlencoded::to_string(&all).unwrap(), &[]).await
    }

    /// A form body as given, with extra headers.
    async fn post_body(
        &self,
        b: &mut Browser,
        path: &str,
        body: String,
        extra: &[(header::HeaderName, &str)],
    ) -> Reply {
        let mut req =
            self.request("POST", path, b).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (name, value) in extra {
            req = req.header(name, *value);
        }
        let r = send(&self.router, req.body(Body::from(body)).unwrap()).await;
        b.keep(&r);
        r
    }

    /// A sign-in form's fields posted with its own double-submit token.
    async fn post_form(&self, b: &mut Browser, form_page: &str, fields: &[(&str, &str)]) -> Reply {
        let page = self.get(b, form_page).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let token = page.field("form");
        let mut all = vec![("form", token.as_str())];
        all.extend_from_slice(fields);
        let action = if form_page.starts_with("/login") { "/login" } else { form_page };
        self.post_body(b, action, serde_urlencoded::to_string(&all).unwrap(), &[]).await
    }

    /// A login as a script sends it: its own double-submit token in the
    /// cookie and the field (the only way one is checked), from `from`
    /// (believed from a loopback peer, as from a proxy on this machine).
    async fn scripted_login(&self, email: &str, password: &str, from: &str) -> Reply {
        let form = "f".repeat(64);
        let body =
            serde_urlencoded::to_string([("form", form.as_str()), ("email", email), ("password", password)])
                .unwrap();
        let req = Request::post("/login")
            .header(header::HOST, HOST)
            .header(header::COOKIE, format!("afterview_form={form}"))
            .header("x-forwarded-for", from)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        send(&self.router, req).await
    }

    async fn invite(&self, email: &str, now: Timestamp) -> String {
        let email = email.to_owned();
        self.accounts(move |pool| accounts::invite(pool, None, &email, Role::Member, now).unwrap().url_path)
            .await
    }

    /// A new account joined by invitation, signed in, with its CSRF token.
    async fn join(&self, email: &str, name: &str) -> Browser {
        let mut b = Browser::default();
        let link = self.invite(email, Timestamp::now()).await;
        let r = self.post_form(&mut b, &link, &[("name", name), ("password", PASSWORD)]).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"), "{}", r.body);
        self.with_csrf(b).await
    }

    /// Another session of an account, from a sign-in of its own.
    async fn sign_in(&self, email: &str) -> Browser {
        let mut b = Browser::default();
        let r = self.post_form(&mut b, "/login", &[("email", email), ("password", PASSWORD)]).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"), "{}", r.body);
        self.with_csrf(b).await
    }

    async fn with_csrf(&self, mut b: Browser) -> Browser {
        let page = self.get(&mut b, "/settings").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        b.csrf = page.field("csrf");
        b
    }

    async fn user(&self, email: &str) -> UserId {
        let email = email.to_owned();
        self.accounts(move |pool| {
            use afterview_store::accounts::Accounts;
            pool.account_by_email(&email).unwrap().expect("the account is there").id
        })
        .await
    }

    async fn applications_of(&self, user: UserId) -> i64 {
        self.count("SELECT count(*) FROM applications WHERE user_id = $1", Some(user)).await
    }
}

/// What a login answer is: the same words for a wrong email and a wrong
/// password, and "too many tries" once limited.
fn is_no_match(r: &Reply) -> bool {
    r.status == StatusCode::UNAUTHORIZED && r.problem() == accounts::NO_MATCH
}

fn is_limited(r: &Reply) -> bool {
    r.status == StatusCode::UNAUTHORIZED && r.problem().starts_with("too many tries; try again in ")
}

/// 10,000 wrong passwords for one account from one address: after the
/// limit every answer is the refusal, no password is hashed any more (so
/// the whole run takes seconds, not the hours 10,000 argon2 checks would),
/// the right password is refused too until the window has passed, and the
/// failures kept stay a handful of rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_login_tries_are_refused_quickly() {
    let Some(site) = Site::new().await else { return };
    let _owner = site.join("ann@example.edu", "Ann Lee").await;
    let from = "203.0.113.9";

    // The tries that are checked: each costs one argon2 verification.
    let checked = Instant::now();
    for n in 0..accounts::TRIES_PER_ACCOUNT {
        let r = site.scripted_login("ann@example.edu", &format!("guess number {n}"), from).await;
        assert!(is_no_match(&r), "try {n}: {} {}", r.status, r.problem());
    }
    let per_checked = checked.elapsed() / accounts::TRIES_PER_ACCOUNT as u32;

    let tries = 10_000;
    let started = Instant::now();
    for n in 0..tries {
        let r = site.scripted_login("ann@example.edu", &format!("guess number {n}"), from).await;
        assert!(is_limited(&r), "try {n} after the limit: {} {}", r.status, r.problem());
    }
    let took = started.elapsed();
    let per_limited = took / tries;
    eprintln!(
        "{tries} limited login tries: {took:.2?} in all, {per_limited:.2?} each; \
         a checked try (one argon2 verification): {per_checked:.2?}"
    );
    // No argon2 work once limited: a refused try costs a fraction of a checked one.
    assert!(
        per_limited * 4 < per_checked,
        "a limited try ({per_limited:?}) costs about what a checked one does ({per_checked:?}): is the password still hashed?"
    );
    assert!(took < Duration::from_secs(120), "{tries} refused tries took {took:?}");

    // The owner's own right password is refused while the account is limited.
    let r = site.scripted_login("ann@example.edu", PASSWORD, "198.51.100.4").await;
    assert!(is_limited(&r), "the right password while limited: {} {}", r.status, r.problem());

    // The failures kept: the five that counted, under the account and the
    // address; the refused ones are not recorded.
    let kept = site.count("SELECT count(*) FROM login_failures", None).await;
    assert_eq!(kept, 2 * accounts::TRIES_PER_ACCOUNT as i64, "failures kept after {tries} tries");

    // The window is time. The handler reads the clock, so the window's end
    // is reached through the use case, which is given `now`.
    let now = Timestamp::now();
    let (right, wrong) = site
        .accounts(move |pool| {
            let from: IpAddr = "203.0.113.9".parse().unwrap();
            let before = now + accounts::TRIES_WINDOW - SignedDuration::from_mins(2);
            let still = accounts::log_in(pool, "ann@example.edu", PASSWORD, from, before).map(drop);
            let after = now + accounts::TRIES_WINDOW + SignedDuration::from_secs(1);
            // A wrong password after the window is counted afresh, and
            // sweeps the old failures out.
            let wrong = accounts::log_in(pool, "ann@example.edu", "not it at all", from, after).map(drop);
            let right = accounts::log_in(pool, "ann@example.edu", PASSWORD, from, after).map(drop);
            (vec![still, right], wrong)
        })
        .await;
    let still = right[0].as_ref().unwrap_err().to_string();
    assert!(still.contains("too many tries; try again in 2 minutes"), "{still}");
    assert!(wrong.unwrap_err().to_string().contains(accounts::NO_MATCH));
    assert!(right[1].is_ok(), "the right password after the window: {:?}", right[1]);
    // Left: the address's one new failure (the account's were cleared by
    // the sign-in that worked).
    let kept = site.count("SELECT count(*) FROM login_failures", None).await;
    assert_eq!(kept, 1, "the failures table is swept as the window moves");
}

/// A script trying many emails from one address is stopped by the
/// address's limit, and one trying one account from many addresses by the
/// account's: either way the failures kept stay bounded, and someone else
/// signs in from their own address all the while.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_accounts_or_many_addresses_are_limited_too() {
    let Some(site) = Site::new().await else { return };
    let _bea = site.join("bea@example.edu", "Bea Ruiz").await;
    let started = Instant::now();
    for n in 0..1_000 {
        let r = site.scripted_login(&format!("user{n}@example.edu"), "some guess here", "203.0.113.50").await;
        if n < accounts::TRIES_PER_ADDRESS {
            assert!(is_no_match(&r), "try {n}: {}", r.problem());
        } else {
            assert!(is_limited(&r), "try {n}: {}", r.problem());
        }
    }
    for n in 0..1_000 {
        let r = site
            .scripted_login("bea@example.edu", "some guess here", &format!("198.18.{}.{}", n / 250, n % 250))
            .await;
        if n < accounts::TRIES_PER_ACCOUNT {
            assert!(is_no_match(&r), "try {n}: {}", r.problem());
        } else {
            assert!(is_limited(&r), "try {n}: {}", r.problem());
        }
    }
    eprintln!("2,000 login tries over many emails and many addresses: {:.2?}", started.elapsed());
    let kept = site.count("SELECT count(*) FROM login_failures", None).await;
    let most = 2 * (accounts::TRIES_PER_ADDRESS + accounts::TRIES_PER_ACCOUNT) as i64;
    assert!(kept <= most, "{kept} failures kept, more than {most}");
    // Someone else, from an address of their own, is not held up.
    let _cy = site.join("cy@example.edu", "Cy Park").await;
    let r = site.scripted_login("cy@example.edu", PASSWORD, "192.0.2.200").await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"), "{}", r.problem());
}

/// An invitation followed twice, and one past its week: each page says
/// which, and no account is made.
#[tokio::test]
async fn a_reused_or_expired_invitation_says_which() {
    let Some(site) = Site::new().await else { return };
    let mut first = Browser::default();
    let link = site.invite("dee@example.edu", Timestamp::now()).await;
    let r = site.post_form(&mut first, &link, &[("name", "Dee Rivera"), ("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The same link again, from another browser, to see the form and to post it.
    let mut other = Browser::default();
    let again = site.get(&mut other, &link).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert!(again.body.contains("this link was used already"), "{}", again.body);
    assert!(again.body.contains("log in, or ask whoever invited you for a new invitation"), "{}", again.body);
    let body = serde_urlencoded::to_string([
        ("form", "x".repeat(64).as_str()),
        ("name", "Mallory"),
        ("password", "another long password"),
    ])
    .unwrap();
    let cookie = Browser { cookies: vec![format!("afterview_form={}", "x".repeat(64))], csrf: String::new() };
    let r = site.post_body(&mut cookie.clone(), &link, body, &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("this link was used already"), "{}", r.body);
    assert!(!r.cookies().iter().any(|c| c.starts_with("afterview_session=")), "no session");
    let names = site.count("SELECT count(*) FROM users WHERE name = 'Mallory'", None).await;
    assert_eq!(names, 0, "the used link made nothing");

    // Made eight days ago (through the use case, which is given `now`): a week has passed.
    let old = site.invite("eve@example.edu", Timestamp::now() - SignedDuration::from_hours(8 * 24)).await;
    let mut b = Browser::default();
    let page = site.get(&mut b, &old).await;
    assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.body);
    assert!(page.body.contains("this link expired on "), "{}", page.body);
    assert!(page.body.contains("ask whoever invited you for a new invitation"), "{}", page.body);
    let r = site
        .post_body(
            &mut cookie.clone(),
            &old,
            serde_urlencoded::to_string([
                ("form", "x".repeat(64).as_str()),
                ("name", "Eve"),
                ("password", PASSWORD),
            ])
            .unwrap(),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("this link expired on "), "{}", r.body);
    let made = site.count("SELECT count(*) FROM users WHERE email = 'eve@example.edu'", None).await;
    assert_eq!(made, 0, "the expired link made nothing");
    // A link nobody made, and one cut short: the same words, naming the fix.
    for bad in [format!("/join/{}", "0".repeat(64)), link[..link.len() - 3].to_owned()] {
        let r = site.get(&mut b, &bad).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("copy the whole link"), "{bad}: {}", r.body);
    }
    // And the expired one's use case says when, as the page does.
    let token = old.trim_start_matches("/join/").to_owned();
    let pending =
        site.accounts(move |pool| accounts::pending(pool, Purpose::Join, &token, Timestamp::now())).await;
    assert!(pending.unwrap_err().to_string().contains("expired"));
}

/// The paths a thief would try with a cookie.
const PRIVATE: [&str; 5] = ["/", "/applications", "/export/snapshot.json", "/settings", "/account"];

/// A session cookie copied before its owner logged out, or before "log
/// out everywhere", opens nothing and changes nothing.
#[tokio::test]
async fn a_stolen_session_cookie_opens_nothing_after_logout() {
    let Some(site) = Site::new().await else { return };
    let mut owner = site.join("fay@example.edu", "Fay Moreau").await;
    let r = site.post(&mut owner, "/applications", &[("company", "Umbrella"), ("role", "Chemist")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let user = site.user("fay@example.edu").await;

    let copied = owner.clone();
    let r = site.post(&mut owner, "/logout", &[]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/login"));
    thief(&site, copied).await;

    // Two new sessions; one says "log out everywhere"; the other's cookie,
    // and the one saying it, are dead.
    let mut phone = site.sign_in("fay@example.edu").await;
    let laptop = site.sign_in("fay@example.edu").await;
    let sessions = "SELECT count(*) FROM sessions WHERE user_id = $1";
    assert_eq!(site.count(sessions, Some(user)).await, 2);
    let copied_phone = phone.clone();
    let r = site.post(&mut phone, "/logout/everywhere", &[]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/login"));
    assert_eq!(site.count(sessions, Some(user)).await, 0, "no session of the account is left");
    for copied in [laptop, copied_phone] {
        thief(&site, copied).await;
    }
    assert_eq!(site.applications_of(user).await, 1, "the thief recorded nothing");
}

/// A dead cookie: every page sends it to sign in, every form is refused.
async fn thief(site: &Site, mut b: Browser) {
    for path in PRIVATE {
        let r = site.get(&mut b, path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert!(r.location().starts_with("/login"), "{path}: {}", r.location());
        assert!(!r.body.contains("Umbrella"));
    }
    for (path, fields) in [
        ("/applications", &[("company", "Evil Corp"), ("role", "x")][..]),
        ("/account/remove", &[("password", PASSWORD)][..]),
        ("/logout/everywhere", &[][..]),
        ("/settings", &[("key", "user.name"), ("value", "Owned")][..]),
    ] {
        let r = site.post(&mut b, path, fields).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "POST {path}: {}", r.body);
        assert!(r.body.contains("Your session has ended; nothing was changed"), "{}", r.body);
    }
}

/// A form posted with the right cookie but without the CSRF token (as
/// another site's page would), or with the token but from another site's
/// `Origin`, changes nothing.
#[tokio::test]
async fn csrf_attempts_change_nothing() {
    let Some(site) = Site::new().await else { return };
    let mut b = site.join("gus@example.edu", "Gus Tan").await;
    let user = site.user("gus@example.edu").await;
    let forms: [(&str, Vec<(&str, &str)>); 5] = [
        ("/applications", vec![("company", "Evil Corp"), ("role", "Mule")]),
        ("/settings", vec![("key", "user.name"), ("value", "Owned")]),
        ("/account/password", vec![("current", PASSWORD), ("password", "the attacker's choice")]),
        ("/account/remove", vec![("password", PASSWORD)]),
        ("/logout/everywhere", vec![]),
    ];
    for (path, fields) in &forms {
        let no_token = serde_urlencoded::to_string(fields).unwrap();
        let r = site.post_body(&mut b, path, no_token, &[]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "no token, {path}: {}", r.body);
        assert!(r.body.contains("nothing was changed"), "{}", r.body);
        let zeros = "0".repeat(64);
        let mut wrong = vec![("csrf", zeros.as_str())];
        wrong.extend_from_slice(fields);
        let r = site.post_body(&mut b, path, serde_urlencoded::to_string(&wrong).unwrap(), &[]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "a wrong token, {path}: {}", r.body);
        let mut with_token = vec![("csrf", b.csrf.as_str())];
        with_token.extend_from_slice(fields);
        let body = serde_urlencoded::to_string(&with_token).unwrap();
        let r = site.post_body(&mut b, path, body, &[(header::ORIGIN, "https://evil.example")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "a foreign Origin, {path}: {}", r.body);
        assert!(r.body.contains("came from another site; nothing was changed"), "{}", r.body);
    }
    // htmx's header carries the token too; a wrong one there is refused the same.
    let body = serde_urlencoded::to_string([("company", "Evil Corp"), ("role", "Mule")]).unwrap();
    let r = site
        .post_body(
            &mut b,
            "/applications",
            body,
            &[(header::HeaderName::from_static("x-csrf-token"), "nope")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Signing in from another site's page is refused as well (login CSRF).
    let r = site
        .post_body(
            &mut Browser { cookies: vec![format!("afterview_form={}", "f".repeat(64))], csrf: String::new() },
            "/login",
            serde_urlencoded::to_string([
                ("form", "f".repeat(64).as_str()),
                ("email", "gus@example.edu"),
                ("password", PASSWORD),
            ])
            .unwrap(),
            &[(header::ORIGIN, "https://evil.example")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    // Nothing changed: no application, the name, the password and the session as they were.
    assert_eq!(site.applications_of(user).await, 0);
    let account = site.get(&mut b, "/account").await;
    assert_eq!(account.status, StatusCode::OK, "still signed in");
    assert!(account.body.contains("Gus Tan"));
    let settings = site.get(&mut b, "/settings").await.body;
    assert!(!settings.contains("Owned"), "the setting is unchanged");
    let _again = site.sign_in("gus@example.edu").await;
    // And with the token, from this site's own page, the same form works.
    let r = site.post(&mut b, "/applications", &[("company", "Honest Co"), ("role", "Analyst")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(site.applications_of(user).await, 1);
}

/// A multipart upload of one file, as a browser's file field sends it.
fn multipart(name: &str, content: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----afterviewtestboundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A spreadsheet of 26 MB to `/import` is refused with 413 before it is
/// read, and nothing is recorded; a form over 1 MB anywhere else, signed
/// in or signing in, is refused the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huge_uploads_and_forms_are_refused() {
    let Some(site) = Site::new().await else { return };
    let mut b = site.join("hal@example.edu", "Hal Berg").await;
    let user = site.user("hal@example.edu").await;

    let mut sheet = b"Company,Role,Status,Applied\n".to_vec();
    let mut n = 0;
    while sheet.len() <= 26 << 20 {
        sheet.extend_from_slice(format!("Company {n},Engineer,Applied,2026-11-02\n").as_bytes());
        n += 1;
    }
    let (kind, body) = multipart("huge.csv", &sheet);
    let path = format!("/import?csrf={}", b.csrf);
    let req = site.request("POST", &path, &b).header(header::CONTENT_TYPE, kind.as_str());
    let started = Instant::now();
    let r = send(&site.router, req.body(Body::from(body)).unwrap()).await;
    eprintln!("a {} MB upload refused in {:.2?}", sheet.len() >> 20, started.elapsed());
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert!(r.body.contains("more than afterview accepts at once (25 MB)"), "{}", r.body);
    assert_eq!(site.applications_of(user).await, 0, "nothing recorded");
    // Just under the limit, the same sheet is read and previewed (nothing recorded yet).
    let lines: Vec<&[u8]> = sheet.split_inclusive(|&c| c == b'\n').collect();
    let mut small = Vec::new();
    for line in lines.iter().take(2_000) {
        small.extend_from_slice(line);
    }
    let (kind, body) = multipart("some.csv", &small);
    let req = site.request("POST", &path, &b).header(header::CONTENT_TYPE, kind.as_str());
    let r = send(&site.router, req.body(Body::from(body)).unwrap()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(site.applications_of(user).await, 0, "a preview records nothing");

    // A form over 1 MB: a signed-in one, and each form that signs in.
    let notes = "x".repeat((1 << 20) + 1);
    let r = site
        .post(&mut b, "/applications", &[("company", "Big Notes"), ("role", "x"), ("notes", &notes)])
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert!(r.body.contains("(1 MB)"), "{}", r.body);
    assert_eq!(site.applications_of(user).await, 0, "nothing recorded");
    let link = site.invite("ivy@example.edu", Timestamp::now()).await;
    let form = "f".repeat(64);
    let signer = Browser { cookies: vec![format!("afterview_form={form}")], csrf: String::new() };
    for (path, fields) in [
        ("/login", vec![("email", "hal@example.edu"), ("password", notes.as_str())]),
        (link.as_str(), vec![("name", "Ivy"), ("password", notes.as_str())]),
        ("/login", vec![("email", notes.as_str()), ("password", PASSWORD)]),
    ] {
        let mut all = vec![("form", form.as_str())];
        all.extend(fields);
        let r =
            site.post_body(&mut signer.clone(), path, serde_urlencoded::to_string(&all).unwrap(), &[]).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{path}: {} {}", r.status, r.body);
    }
    // The invitation is still good after the refused post.
    let mut ivy = Browser::default();
    let r = site.post_form(&mut ivy, &link, &[("name", "Ivy Chen"), ("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

/// A user erasing their account (with its password) while another session
/// of theirs is open: that session is dead at once, and no row of theirs is
/// left in any table; another user's rows are all still there.
#[tokio::test]
async fn erasing_an_account_ends_its_other_sessions_and_leaves_nothing() {
    let Some(site) = Site::new().await else { return };
    let mut other = site.join("kim@example.edu", "Kim Ode").await;
    let r = site.post(&mut other, "/applications", &[("company", "Kept Co"), ("role", "Analyst")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let kim = site.user("kim@example.edu").await;
    let kims_before = site.rows_of(kim).await;

    let mut laptop = site.join("jo@example.edu", "Jo March").await;
    let jo = site.user("jo@example.edu").await;
    // Something in every kind of row: an application with a person, an
    // interview, a message and an outcome, a setting, the feed's secret and
    // what it served, a file waiting to be imported.
    let r =
        site.post(&mut laptop, "/applications", &[("company", "Acme Robotics"), ("role", "Engineer")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let app = r.location().trim_start_matches("/applications/").trim_end_matches("/people").to_owned();
    let r = site
        .post(
            &mut laptop,
            &format!("/applications/{app}/people"),
            &[("name", "Maria Lopez"), ("email", "maria@acme.example"), ("role", "interviewer")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = site.get(&mut laptop, &format!("/applications/{app}")).await.body;
    let marker = format!("/applications/{app}/people/");
    let at = page.find(&marker).unwrap() + marker.len();
    let person = page[at..].split(['/', '"']).next().unwrap().to_owned();
    for (what, fields) in [
        (
            "interviews",
            vec![
                ("start", "2026-11-18T10:00"),
                ("stage", "panel"),
                ("duration", "45"),
                ("interviewers", person.as_str()),
            ],
        ),
        (
            "messages",
            vec![
                ("direction", "out"),
                ("kind", "thank-you"),
                ("person", person.as_str()),
                ("date", "2026-11-18"),
                ("body", "Thank you"),
            ],
        ),
        ("outcomes", vec![("kind", "rejection"), ("date", "2026-11-19")]),
    ] {
        let r = site.post(&mut laptop, &format!("/applications/{app}/{what}"), &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{what}: {}", r.body);
    }
    let r =
        site.post(&mut laptop, "/settings", &[("key", "user.time_zone"), ("value", "Europe/Berlin")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let settings = site.get(&mut laptop, "/settings").await;
    let feed = settings.field_value("feed-url");
    let feed_path = feed.split_once(HOST).map(|(_, p)| p.to_owned()).unwrap();
    assert_eq!(site.get(&mut Browser::default(), &feed_path).await.status, StatusCode::OK);
    // A spreadsheet previewed, waiting for its button.
    let (kind, body) = multipart("apps.csv", b"Company,Role\nContoso,Analyst\n");
    let req = site
        .request("POST", &format!("/import?csrf={}", laptop.csrf), &laptop)
        .header(header::CONTENT_TYPE, kind.as_str());
    let r = send(&site.router, req.body(Body::from(body)).unwrap()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut phone = site.sign_in("jo@example.edu").await;
    assert_eq!(site.get(&mut phone, "/applications").await.status, StatusCode::OK);
    let jos_before = site.rows_of(jo).await;
    let filled: Vec<_> = jos_before.iter().filter(|(_, n)| *n > 0).map(|(t, _)| t.as_str()).collect();
    for table in
        ["applications", "people", "interviews", "messages", "outcomes", "sessions", "meta", "uploads"]
    {
        assert!(filled.contains(&table), "{table} holds nothing of Jo's to erase: {jos_before:?}");
    }
    // A wrong password erases nothing.
    let r = site.post(&mut laptop, "/account/remove", &[("password", "not my password")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("nothing was removed"), "{}", r.body);
    assert_eq!(site.rows_of(jo).await, jos_before);

    let r = site.post(&mut laptop, "/account/remove", &[("password", PASSWORD)]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/login"), "{}", r.body);
    // The phone's session is dead at once: pages send it to sign in, forms are refused.
    let r = site.get(&mut phone, "/applications").await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/login?next=%2Fapplications"));
    let r = site.post(&mut phone, "/applications", &[("company", "Ghost"), ("role", "x")]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    // The feed of the account that is gone is not found, like any wrong address.
    assert_eq!(site.get(&mut Browser::default(), &feed_path).await.status, StatusCode::NOT_FOUND);
    // Nothing of Jo's in any table with a user_id, nor the account, nor a link for its email.
    let left: Vec<_> = site.rows_of(jo).await.into_iter().filter(|(_, n)| *n > 0).collect();
    assert!(left.is_empty(), "rows of the erased user left: {left:?}");
    let sqls = [
        "SELECT count(*) FROM users WHERE id = $1".to_owned(),
        "SELECT count(*) FROM invitations WHERE user_id = $1 OR email = 'jo@example.edu'".to_owned(),
    ];
    assert_eq!(site.counts(&sqls, Some(jo)).await, [0, 0]);
    // Signing in as Jo now is the answer for an unknown email.
    let r = site.scripted_login("jo@example.edu", PASSWORD, "192.0.2.77").await;
    assert!(is_no_match(&r), "{}", r.problem());
    // Kim's rows are all there, and Kim is still signed in.
    assert_eq!(site.rows_of(kim).await, kims_before);
    let r = site.get(&mut other, "/applications").await;
    assert!(r.status == StatusCode::OK && r.body.contains("Kept Co"));
}

impl Reply {
    /// The value of the input with this id.
    fn field_value(&self, id: &str) -> String {
        let marker = format!("id=\"{id}\"");
        let at = self.body.find(&marker).unwrap_or_else(|| panic!("no #{id} in {}", self.body));
        let rest = &self.body[at..];
        let v = rest.find("value=\"").unwrap() + "value=\"".len();
        rest[v..].split('"').next().unwrap().to_owned()
    }
}

/// Everything the server writes to its log in this test binary.
static LOG: std::sync::Mutex<Vec<u8>> = std::sync::Mutex::new(Vec::new());

struct Capture;

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        LOG.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The log, at its most talkative, after a join, a wrong and a right
/// password, a message, an upload and the calendar feed: no password, no
/// email, nothing typed, no token of a link, a session, a CSRF form or the
/// feed is in it.
#[tokio::test]
async fn nothing_typed_and_no_secret_reaches_the_log() {
    let _ =
        tracing_subscriber::fmt().with_writer(|| Capture).with_max_level(tracing::Level::TRACE).try_init();
    let Some(site) = Site::new().await else { return };
    let mut b = Browser::default();
    let link = site.invite("lou@example.edu", Timestamp::now()).await;
    let r = site.post_form(&mut b, &link, &[("name", "Lou Secretname"), ("password", "weak")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = site.post_form(&mut b, &link, &[("name", "Lou Secretname"), ("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mut b = site.with_csrf(b).await;
    let wrong = "a wrong password typed here";
    let r = site.scripted_login("lou@example.edu", wrong, "192.0.2.1").await;
    assert!(is_no_match(&r));
    let r = site.post(&mut b, "/applications", &[("company", "Confidential Corp"), ("role", "Spy")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let (kind, body) = multipart("apps.csv", b"Company,Role\nHush Hush Inc,Analyst\n");
    let req = site
        .request("POST", &format!("/import?csrf={}", b.csrf), &b)
        .header(header::CONTENT_TYPE, kind.as_str());
    assert_eq!(send(&site.router, req.body(Body::from(body)).unwrap()).await.status, StatusCode::OK);
    let feed = site.get(&mut b, "/settings").await.field_value("feed-url");
    let feed_path = feed.split_once(HOST).map(|(_, p)| p.to_owned()).unwrap();
    assert_eq!(site.get(&mut Browser::default(), &feed_path).await.status, StatusCode::OK);
    let _ = site.get(&mut b, &link).await;

    let log = String::from_utf8_lossy(&LOG.lock().unwrap()).into_owned();
    assert!(
        log.contains("/join/(secret)") && log.contains("/feed/(secret)"),
        "the requests are logged: {log}"
    );
    let session = b.cookies.iter().find_map(|c| c.strip_prefix("afterview_session=")).unwrap().to_owned();
    let link_token = link.trim_start_matches("/join/").to_owned();
    let feed_secret = feed_path.trim_start_matches("/feed/").trim_end_matches(".ics").to_owned();
    for secret in [
        PASSWORD,
        wrong,
        "weak",
        "lou@example.edu",
        "Secretname",
        "Confidential",
        "Hush Hush",
        &session,
        &b.csrf,
        &link_token,
        &feed_secret,
    ] {
        assert!(!log.contains(secret), "the log holds {secret:?}");
    }
}

/// Where a sign-in goes on to (`next`, carried from the page that asked
/// for it) is only ever a page of this server: a link to `/login?next=…`
/// naming another site, however spelled, signs in and goes home. A
/// browser drops tabs and newlines from an address before reading it, so
/// `/<TAB>/evil.example` is `//evil.example`, another site.
#[tokio::test]
async fn signing_in_never_goes_on_to_another_site() {
    let Some(site) = Site::new().await else { return };
    let _mo = site.join("mo@example.edu", "Mo Salah").await;
    for next in [
        "//evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r/evil.example",
        "\t//evil.example",
        "https://evil.example/",
        "/ /evil.example",
        "javascript:alert(1)",
    ] {
        let mut b = Browser::default();
        let form = site
            .get(&mut b, &format!("/login?{}", serde_urlencoded::to_string([("next", next)]).unwrap()))
            .await;
        assert_eq!(form.status, StatusCode::OK);
        let token = form.field("form");
        let body = serde_urlencoded::to_string([
            ("form", token.as_str()),
            ("email", "mo@example.edu"),
            ("password", PASSWORD),
            ("next", next),
        ])
        .unwrap();
        let r = site.post_body(&mut b, "/login", body, &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{next:?}: {}", r.body);
        // What a browser makes of the address: tabs and newlines dropped.
        let read: String = r.location().chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
        assert!(
            read.starts_with('/') && !read.starts_with("//") && !read.starts_with("/\\"),
            "next={next:?} went on to {:?}",
            r.location()
        );
    }
    // A page of this server is gone on to.
    let mut b = Browser::default();
    let form = site.get(&mut b, "/login?next=%2Fapplications%3Fstatus%3Dapplied").await;
    let body = serde_urlencoded::to_string([
        ("form", form.field("form").as_str()),
        ("email", "mo@example.edu"),
        ("password", PASSWORD),
        ("next", "/applications?status=applied"),
    ])
    .unwrap();
    let r = site.post_body(&mut b, "/login", body, &[]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/applications?status=applied"));
}

//! Server mode in a real browser (headless Chromium through chromedriver,
//! as `browser.rs`): a server on a PostgreSQL schema of its own listens on
//! a loopback port; an invitation is made through the accounts' use case;
//! Chromium opens the join link, is told the password rule (its name kept),
//! joins, lands on the welcome page, records an application through the
//! form, signs out from the account page, is sent to sign in when it opens
//! the agenda, is told a wrong password is wrong, signs in and sees the
//! application. Then a coach, in a second browser with an account of their
//! own, is invited by the person, accepts, sees the person's agenda and
//! applications with nothing on them that changes anything; the person sees
//! the view recorded and withdraws, and the coach's next visit is "not
//! found". The sign-in, join and coach pages are photographed into
//! `docs/screenshots`, and every page is checked for console errors, form
//! controls without a label and links to nowhere.
//!
//! It needs chromedriver and a PostgreSQL server (`AFTERVIEW_TEST_POSTGRES`);
//! without either it says why and passes, except in CI (`CI=true`).

mod chromium;
mod common;

use std::net::SocketAddr;
use std::sync::Arc;

use afterview_app::accounts::{self, Role};
use afterview_web::{ServerOptions, Web, options_in, router};
use chromium::{Driver, browser, check_page, fill, shot, start_driver, submit, value, wait_path, wait_text};
use common::Schema;
use fantoccini::{Client, Locator};

const PASSWORD: &str = "correct horse battery staple";

/// A server in server mode on a loopback port, as `afterview serve
/// --database` runs it (each request's peer address known).
struct Site {
    base: String,
    server: Arc<afterview_app::server::Server>,
    _schema: Schema,
    serving: tokio::task::JoinHandle<()>,
}

impl Drop for Site {
    fn drop(&mut self) {
        self.serving.abort();
    }
}

impl Site {
    async fn start() -> Option<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        // PostgreSQL's sync client blocks: off the async threads.
        let made = tokio::task::spawn_blocking(move || {
            let schema = Schema::new()?;
            let mut options = options_in(std::env::temp_dir(), addr, None);
            options.server = Some(ServerOptions { database: schema.url(), public_url: None, oidc: None });
            let web = Web::new(&options).expect("server mode starts");
            let server = afterview_app::server::Server::connect(&schema.url()).unwrap();
            Some((schema, web, server))
        })
        .await
        .unwrap();
        let (schema, web, server) = made?;
        let app = router(web).into_make_service_with_connect_info::<SocketAddr>();
        let serving = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Some(Self { base: format!("http://{addr}"), server: Arc::new(server), _schema: schema, serving })
    }

    fn at(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// An invitation, as `afterview admin invite EMAIL` makes it: its address.
    async fn invite(&self, email: &str) -> String {
        let (server, email) = (Arc::clone(&self.server), email.to_owned());
        let path = tokio::task::spawn_blocking(move || {
            let now = jiff::Timestamp::now();
            accounts::invite(&server.pool, None, &email, Role::Member, now).unwrap().url_path
        })
        .await
        .unwrap();
        self.at(&path)
    }
}

/// The text of the page's problem (`role="alert"`), once there is one.
async fn alert(c: &Client) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        if let Ok(e) = c.find(Locator::Css("[role=alert]")).await {
            let text = e.text().await.unwrap_or_default();
            if !text.is_empty() {
                return text;
            }
        }
        assert!(std::time::Instant::now() < deadline, "the page never said what is wrong");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joining_signing_out_and_in_again_in_the_browser() {
    let Some(driver) = start_driver() else { return };
    let Some(site) = Site::start().await else { return };
    let profile = tempfile::tempdir().unwrap();
    let c = browser(&driver, profile.path(), false).await;
    walk(&c, &driver, &site).await;
    c.close().await.unwrap();
}

async fn walk(c: &Client, driver: &Driver, site: &Site) {
    // The invitation's page names whose it is.
    let link = site.invite("maya@example.edu").await;
    c.goto(&link).await.unwrap();
    wait_text(c, "main", "maya@example.edu").await;
    check_page(c, driver, &[]).await;
    shot(c, "join").await;

    // A weak password first: the page says the rule, keeps the name, not the password.
    fill(c, "f-name", "Maya Patel").await;
    fill(c, "f-password", "short").await;
    submit(c).await;
    let problem = alert(c).await;
    assert!(problem.contains("at least 10 characters"), "{problem}");
    assert_eq!(value(c, "f-name").await, "Maya Patel", "the name is kept");
    assert_eq!(value(c, "f-password").await, "", "a password is never sent back");
    check_page(c, driver, &[422]).await;

    // A good one: the welcome page.
    fill(c, "f-password", PASSWORD).await;
    submit(c).await;
    wait_text(c, "main", "Record your first interview").await;
    wait_path(c, "/").await;
    check_page(c, driver, &[]).await;

    // An application, through the form.
    c.goto(&site.at("/applications/new")).await.unwrap();
    check_page(c, driver, &[]).await;
    fill(c, "f-company", "Acme Robotics").await;
    fill(c, "f-role", "Platform Engineer").await;
    submit(c).await;
    wait_text(c, "h1", "Add a person").await;
    check_page(c, driver, &[]).await;

    // Signing out, from the account page.
    c.goto(&site.at("/account")).await.unwrap();
    wait_text(c, "main", "maya@example.edu").await;
    check_page(c, driver, &[]).await;
    c.find(Locator::Css("form[action='/logout'] button")).await.unwrap().click().await.unwrap();
    wait_path(c, "/login").await;

    // Signed out, the agenda sends to sign in.
    c.goto(&site.at("/")).await.unwrap();
    wait_path(c, "/login").await;
    wait_text(c, "h1", "Sign in").await;
    check_page(c, driver, &[]).await;
    shot(c, "sign-in").await;

    // A wrong password: the page says so and keeps the email.
    fill(c, "f-email", "maya@example.edu").await;
    fill(c, "f-password", "not my password at all").await;
    submit(c).await;
    let problem = alert(c).await;
    assert_eq!(problem, accounts::NO_MATCH);
    assert_eq!(value(c, "f-email").await, "maya@example.edu");
    check_page(c, driver, &[401]).await;

    // The right one: home, and the application is there.
    fill(c, "f-password", PASSWORD).await;
    submit(c).await;
    wait_path(c, "/").await;
    check_page(c, driver, &[]).await;
    c.goto(&site.at("/applications")).await.unwrap();
    wait_text(c, "main", "Acme Robotics").await;
    check_page(c, driver, &[]).await;
}

/// Joins by an invitation in this browser, straight to the welcome page.
async fn join(c: &Client, driver: &Driver, site: &Site, email: &str, name: &str) {
    c.goto(&site.invite(email).await).await.unwrap();
    wait_text(c, "main", email).await;
    fill(c, "f-name", name).await;
    fill(c, "f-password", PASSWORD).await;
    submit(c).await;
    wait_text(c, "main", "Record your first interview").await;
    check_page(c, driver, &[]).await;
}

/// What on the page could change something: every form that posts, every
/// button outside a form that only reads, and every link in the content
/// that leaves the coach's own pages (`/coaching…`, the rules).
async fn changes_offered(c: &Client) -> Vec<String> {
    let v = c
        .execute(
            "const out = [];
             for (const f of document.querySelectorAll('form')) {
               if ((f.getAttribute('method') || 'get').toLowerCase() !== 'get') out.push('form ' + f.action);
             }
             for (const b of document.querySelectorAll('button')) {
               const f = b.closest('form');
               if (!f || (f.getAttribute('method') || 'get').toLowerCase() !== 'get') out.push('button ' + b.textContent.trim());
             }
             for (const a of document.querySelectorAll('main a[href]')) {
               const h = a.getAttribute('href');
               if (!(h.startsWith('/coaching') || h.startsWith('/rules') || h.startsWith('#'))) out.push('link ' + h);
             }
             return out;",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(v).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coach_is_invited_sees_read_only_and_is_withdrawn() {
    let Some(driver) = start_driver() else { return };
    let Some(site) = Site::start().await else { return };
    let (p_profile, k_profile) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // Two people, two browsers: the job seeker and the coach.
    let person = browser(&driver, p_profile.path(), false).await;
    let coach = browser(&driver, k_profile.path(), false).await;
    coaching(&person, &coach, &driver, &site).await;
    person.close().await.unwrap();
    coach.close().await.unwrap();
}

async fn coaching(p: &Client, k: &Client, driver: &Driver, site: &Site) {
    join(p, driver, site, "nia@example.edu", "Nia Brooks").await;
    join(k, driver, site, "coach.omar@example.edu", "Omar Haddad").await;
    p.goto(&site.at("/applications/new")).await.unwrap();
    fill(p, "f-company", "Acme Robotics").await;
    fill(p, "f-role", "Platform Engineer").await;
    submit(p).await;
    wait_text(p, "h1", "Add a person").await;

    // The person invites the coach: the link is shown once.
    p.goto(&site.at("/account/coaches")).await.unwrap();
    wait_text(p, "main", "You have invited no one.").await;
    check_page(p, driver, &[]).await;
    fill(p, "f-email", "coach.omar@example.edu").await;
    submit(p).await;
    wait_text(p, "main", "Send this link to coach.omar@example.edu").await;
    check_page(p, driver, &[]).await;
    let link = value(p, "coach-link").await;
    assert!(link.starts_with(&site.at("/coach/accept/")), "{link}");

    // The coach accepts, and sees the person's agenda.
    k.goto(&link).await.unwrap();
    wait_text(k, "h1", "Coach Nia Brooks").await;
    check_page(k, driver, &[]).await;
    submit(k).await;
    wait_text(k, "h1", "Nia Brooks's agenda").await;
    let agenda = k.current_url().await.unwrap();
    assert!(agenda.path().starts_with("/coaching/"), "{agenda}");
    check_page(k, driver, &[]).await;
    let offered = changes_offered(k).await;
    assert!(offered.is_empty(), "the coach's agenda offers changes: {offered:?}");
    shot(k, "coached-agenda").await;
    k.find(Locator::Css("nav.record a[href$='/applications']")).await.unwrap().click().await.unwrap();
    wait_text(k, "main", "Acme Robotics").await;
    check_page(k, driver, &[]).await;
    let offered = changes_offered(k).await;
    assert!(offered.is_empty(), "the coach's list offers changes: {offered:?}");
    k.goto(&site.at("/coaching")).await.unwrap();
    wait_text(k, "main", "Nia Brooks").await;
    check_page(k, driver, &[]).await;

    // The person sees what the coach opened, and withdraws.
    p.goto(&site.at("/account/coaches")).await.unwrap();
    let page = wait_text(p, "main", "your agenda").await;
    assert!(page.contains("Omar Haddad") && page.contains("your applications"), "{page}");
    check_page(p, driver, &[]).await;
    shot(p, "coaches").await;
    p.find(Locator::Css("form[action$='/revoke'] button")).await.unwrap().click().await.unwrap();
    wait_text(p, "[role=status]", "Omar Haddad no longer sees your pages.").await;
    check_page(p, driver, &[]).await;

    // The coach's next visit: not found, and no one left to coach.
    k.goto(agenda.as_str()).await.unwrap();
    wait_text(k, "h1", "Not found").await;
    let text = k.find(Locator::Css("main")).await.unwrap().text().await.unwrap();
    assert!(!text.contains("Acme") && !text.contains("Nia"), "{text}");
    check_page(k, driver, &[404]).await;
    k.goto(&site.at("/coaching")).await.unwrap();
    wait_text(k, "main", "No one yet.").await;
}

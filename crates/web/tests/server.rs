//! The web app in server mode, in-process, on a PostgreSQL database of its
//! own (a schema per test on the server `AFTERVIEW_TEST_POSTGRES` names;
//! skipped without one, except with `CI=true`): joining by invitation,
//! signing in and out, the sign-in forms' protections, and isolation: a
//! second user trying every route with the first one's ids gets "not
//! found" each time, and nothing of the first user's in any answer.

mod common;

use std::sync::Arc;

use afterview_app::accounts::{self, Role};
use afterview_web::{ServerOptions, Web, options_in, router};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Browser, Reply, Schema, send};

const HOST: &str = "127.0.0.1:7979";
const PASSWORD: &str = "correct horse battery staple";

struct Site {
    router: Router,
    /// A second server on the same database: another process behind the
    /// same proxy.
    other: Router,
    _schema: Schema,
    server: afterview_app::server::Server,
}

impl Site {
    /// A server on a schema of its own. PostgreSQL's sync client blocks, so
    /// what calls it runs off the test's runtime, as the server's own
    /// requests do.
    async fn new() -> Option<Self> {
        tokio::task::spawn_blocking(Self::make).await.unwrap()
    }

    fn make() -> Option<Self> {
        let schema = Schema::new()?;
        let dir = std::env::temp_dir();
        let mut options = options_in(dir, HOST.parse().unwrap(), Some(jiff::civil::date(2026, 11, 19)));
        options.server = Some(ServerOptions { database: schema.url(), public_url: None, oidc: None });
        let web: Arc<Web> = Web::new(&options).expect("server mode starts");
        let other: Arc<Web> = Web::new(&options).expect("a second server starts");
        let server = afterview_app::server::Server::connect(&schema.url()).unwrap();
        Some(Self { router: router(web), other: router(other), _schema: schema, server })
    }

    async fn get(&self, b: &mut Browser, path: &str) -> Reply {
        let req = Request::get(path).header(header::HOST, HOST).header(header::COOKIE, b.cookie_header());
        let r = send(&self.router, req.body(Body::empty()).unwrap()).await;
        b.keep(&r);
        r
    }

    async fn post(&self, b: &mut Browser, path: &str, fields: &[(&str, &str)]) -> Reply {
        let mut all = vec![("csrf", b.csrf.as_str())];
        all.extend_from_slice(fields);
        let body = serde_urlencoded::to_string(&all).unwrap();
        let req = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::COOKIE, b.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
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
        let body = serde_urlencoded::to_string(&all).unwrap();
        let req = Request::post(action)
            .header(header::HOST, HOST)
            .header(header::COOKIE, b.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        let r = send(&self.router, req.body(Body::from(body)).unwrap()).await;
        b.keep(&r);
        r
    }

    async fn invite(&self, email: &str) -> String {
        let (pool, email) = (self.server.pool.clone(), email.to_owned());
        tokio::task::spawn_blocking(move || {
            accounts::invite(&pool, None, &email, Role::Member, jiff::Timestamp::now()).unwrap().url_path
        })
        .await
        .unwrap()
    }

    /// A new account joined by invitation, signed in, with its CSRF token.
    async fn join(&self, email: &str, name: &str) -> Browser {
        let mut b = Browser::default();
        let link = self.invite(email).await;
        let r = self.post_form(&mut b, &link, &[("name", name), ("password", PASSWORD)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.location(), "/");
        let page = self.get(&mut b, "/settings").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        b.csrf = page.field("csrf");
        b
    }
}

#[tokio::test]
async fn joining_by_invitation_signs_in_and_the_link_works_once() {
    let Some(site) = Site::new().await else { return };
    let mut nobody = Browser::default();
    let r = site.get(&mut nobody, "/").await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/login"), "signed out goes to sign in");

    let link = site.invite("ana@example.edu").await;
    let mut b = Browser::default();
    let form = site.get(&mut b, &link).await;
    assert!(form.body.contains("ana@example.edu"), "the page names whose invitation it is");
    let r = site.post_form(&mut b, &link, &[("name", "Ana Silva"), ("password", "short")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a weak password is refused, the link kept");
    assert!(r.body.contains("10 characters"), "{}", r.body);
    let r = site.post_form(&mut b, &link, &[("name", "Ana Silva"), ("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let session = r.cookies().into_iter().find(|c| c.starts_with("afterview_session=")).expect("a session");
    assert!(!session.ends_with('='));
    let set = r
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect::<Vec<_>>();
    assert!(
        set.iter().any(|c| c.starts_with("afterview_session=")
            && c.contains("HttpOnly")
            && c.contains("SameSite=Lax")),
        "{set:?}"
    );
    let home = site.get(&mut b, "/").await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    assert!(home.body.contains("href=\"/account\""), "the menu offers the account");

    // The same link again, from another browser: refused, saying why.
    let mut other = Browser::default();
    let again = site.get(&mut other, &link).await;
    assert_ne!(again.status, StatusCode::OK);
    assert!(again.body.to_lowercase().contains("used"), "{}", again.body);
}

#[tokio::test]
async fn sign_in_out_and_a_session_after_logout_is_dead() {
    let Some(site) = Site::new().await else { return };
    let mut first = site.join("ben@example.edu", "Ben Okafor").await;
    let stolen = first.clone();
    let r = site.post(&mut first, "/logout", &[]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/login"));
    let mut thief = stolen;
    let r = site.get(&mut thief, "/applications").await;
    assert_eq!(
        (r.status, r.location()),
        (StatusCode::SEE_OTHER, "/login?next=%2Fapplications"),
        "the old cookie opens nothing"
    );
    let r = site.post(&mut thief, "/applications", &[("company", "Evil"), ("role", "x")]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    // A wrong password and an unknown email get the same answer.
    let mut b = Browser::default();
    let wrong = site
        .post_form(&mut b, "/login", &[("email", "ben@example.edu"), ("password", "not the password")])
        .await;
    let unknown = site
        .post_form(&mut b, "/login", &[("email", "nobody@example.edu"), ("password", "not the password")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    let problem = |r: &Reply| {
        r.body
            .split("role=\"alert\">")
            .nth(1)
            .unwrap_or_default()
            .split('<')
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(problem(&wrong), problem(&unknown));
    assert!(!problem(&wrong).is_empty());

    let r = site.post_form(&mut b, "/login", &[("email", "BEN@example.edu"), ("password", PASSWORD)]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"), "{}", r.body);
    // Signing in from a page that asked for it goes back there, and only
    // ever to a page of this server.
    let mut c = Browser::default();
    let form = site.get(&mut c, "/login?next=%2Fapplications").await;
    assert!(form.body.contains("name=\"next\" value=\"/applications\""), "{}", form.body);
    let r = site
        .post_form(
            &mut c,
            "/login?next=%2Fapplications",
            &[("email", "ben@example.edu"), ("password", PASSWORD), ("next", "/applications")],
        )
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/applications"), "{}", r.body);
    let mut d = Browser::default();
    let r = site
        .post_form(
            &mut d,
            "/login",
            &[("email", "ben@example.edu"), ("password", PASSWORD), ("next", "//evil.example/")],
        )
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"), "never to another site");

    // A sign-in form posted without its token (another site's form) is refused.
    let body = serde_urlencoded::to_string([("email", "ben@example.edu"), ("password", PASSWORD)]).unwrap();
    let req = Request::post("/login")
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    assert_eq!(send(&site.router, req).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn log_out_everywhere_ends_every_session() {
    let Some(site) = Site::new().await else { return };
    let mut phone = site.join("cy@example.edu", "Cy Park").await;
    let mut laptop = Browser::default();
    let r =
        site.post_form(&mut laptop, "/login", &[("email", "cy@example.edu"), ("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = site.post(&mut phone, "/logout/everywhere", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(site.get(&mut laptop, "/").await.location(), "/login");
}

/// A sign-in form stays good while another is drawn in the same browser
/// (a second tab, or the browser's own request for `/favicon.ico`, which
/// is sent to `/login` and draws its form): each drawing used to set a new
/// double-submit cookie, so the form already open was refused.
#[tokio::test]
async fn a_form_stays_good_while_another_sign_in_form_is_drawn() {
    let Some(site) = Site::new().await else { return };
    let link = site.invite("jan@example.edu").await;
    let mut b = Browser::default();
    let form = site.get(&mut b, &link).await;
    let token = form.field("form");
    // The favicon, signed out: sent to sign in, which draws that form.
    let icon = site.get(&mut b, "/favicon.ico").await;
    assert!(icon.location().starts_with("/login"), "{}", icon.location());
    let login = site.get(&mut b, icon.location()).await;
    assert_eq!(login.status, StatusCode::OK);
    let body = serde_urlencoded::to_string([
        ("form", token.as_str()),
        ("name", "Jan Kowalski"),
        ("password", PASSWORD),
    ])
    .unwrap();
    let req = Request::post(link.as_str())
        .header(header::HOST, HOST)
        .header(header::COOKIE, b.cookie_header())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    let r = send(&site.router, req.body(Body::from(body)).unwrap()).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"), "{}", r.body);
    // And the sign-in form drawn meanwhile works too (after signing out).
    let mut other = Browser::default();
    let first = site.get(&mut other, "/login").await.field("form");
    let second = site.get(&mut other, "/login").await.field("form");
    assert_eq!(first, second, "one browser, one double-submit token");
}

/// Every page and form of the app, with the ids of what `a` recorded.
fn routes(
    app: &str,
    person: &str,
    interview: &str,
    outcome: &str,
    message: &str,
    task: &str,
) -> Vec<(bool, String)> {
    let get = |p: String| (false, p);
    let post = |p: String| (true, p);
    vec![
        get(format!("/applications/{app}")),
        get(format!("/applications/{app}/edit")),
        post(format!("/applications/{app}/edit")),
        get(format!("/applications/{app}/people")),
        post(format!("/applications/{app}/people")),
        get(format!("/applications/{app}/interviews")),
        post(format!("/applications/{app}/interviews")),
        get(format!("/applications/{app}/outcomes")),
        post(format!("/applications/{app}/outcomes")),
        get(format!("/applications/{app}/messages")),
        post(format!("/applications/{app}/messages")),
        get(format!("/applications/{app}/people/{person}/edit")),
        post(format!("/applications/{app}/people/{person}/edit")),
        get(format!("/applications/{app}/interviews/{interview}/edit")),
        post(format!("/applications/{app}/interviews/{interview}/edit")),
        get(format!("/applications/{app}/outcomes/{outcome}/edit")),
        post(format!("/applications/{app}/outcomes/{outcome}/edit")),
        get(format!("/applications/{app}/messages/{message}/edit")),
        post(format!("/applications/{app}/messages/{message}/edit")),
        get(format!("/applications/{app}/remove")),
        post(format!("/applications/{app}/remove")),
        get(format!("/applications/{app}/people/{person}/remove")),
        post(format!("/applications/{app}/people/{person}/remove")),
        get(format!("/applications/{app}/interviews/{interview}/remove")),
        post(format!("/applications/{app}/interviews/{interview}/remove")),
        get(format!("/applications/{app}/thanks")),
        post(format!("/applications/{app}/thanks")),
        post(format!("/applications/{app}/thanks/check")),
        get(format!("/write/{task}")),
        post(format!("/write/{task}")),
        post(format!("/write/{task}/check")),
        post(format!("/tasks/mark?task={task}")),
    ]
}

#[tokio::test]
async fn another_users_ids_are_not_found_on_every_route() {
    let Some(site) = Site::new().await else { return };
    let mut a = site.join("dee@example.edu", "Dee Rivera").await;
    let mut b = site.join("eli@example.edu", "Eli Novak").await;

    // Dee records an application with a person, an interview, a message and an outcome.
    let r = site.post(&mut a, "/applications", &[("company", "Initech Secret"), ("role", "Analyst")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let app = r.location().trim_start_matches("/applications/").trim_end_matches("/people").to_owned();
    let r = site
        .post(
            &mut a,
            &format!("/applications/{app}/people"),
            &[("name", "Quinn Hidden"), ("email", "quinn@initech.example"), ("role", "interviewer")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = site.get(&mut a, &format!("/applications/{app}")).await;
    let id_after = |marker: &str| {
        let at =
            page.body.find(marker).unwrap_or_else(|| panic!("no {marker} in {}", page.body)) + marker.len();
        page.body[at..].split(['/', '"']).next().unwrap().to_owned()
    };
    let person = id_after(&format!("/applications/{app}/people/"));
    let r = site
        .post(
            &mut a,
            &format!("/applications/{app}/interviews"),
            &[
                ("application", &app),
                ("start", "2026-11-18T10:00"),
                ("stage", "panel"),
                ("duration", "45"),
                ("interviewers", &person),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = site
        .post(
            &mut a,
            &format!("/applications/{app}/messages"),
            &[
                ("direction", "out"),
                ("kind", "thank-you"),
                ("person", &person),
                ("date", "2026-11-18"),
                ("body", "Private words"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = site
        .post(
            &mut a,
            &format!("/applications/{app}/outcomes"),
            &[("kind", "rejection"), ("date", "2026-11-19")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = site.get(&mut a, &format!("/applications/{app}")).await;
    let id_of = |what: &str| {
        let marker = format!("/applications/{app}/{what}/");
        let at =
            page.body.find(&marker).unwrap_or_else(|| panic!("no {marker} in {}", page.body)) + marker.len();
        page.body[at..].split(['/', '"']).next().unwrap().to_owned()
    };
    let (interview, outcome, message) = (id_of("interviews"), id_of("outcomes"), id_of("messages"));
    let task = format!("thank-you:{app}:{person}");

    // Every route, with Dee's ids and with ids nobody has: Eli gets the
    // same answer for both (so nothing says Dee's exist), never a page of
    // Dee's, and "not found" for every page and every well-formed form.
    let nobodys = routes("a999999", "p999999", "i999999", "o999999", "m999999", "thank-you:a999999:p999999");
    let fields = [
        ("task", task.as_str()),
        ("action", "done"),
        ("company", "X"),
        ("role", "interviewer"),
        ("name", "Z"),
    ];
    for ((is_post, path), (_, unknown)) in
        routes(&app, &person, &interview, &outcome, &message, &task).into_iter().zip(nobodys)
    {
        let (r, u) = if is_post {
            (site.post(&mut b, &path, &fields).await, site.post(&mut b, &unknown, &fields).await)
        } else {
            (site.get(&mut b, &path).await, site.get(&mut b, &unknown).await)
        };
        let method = if is_post { "POST" } else { "GET" };
        assert_eq!(r.status, u.status, "{method} {path} answers unlike {unknown}: {}", r.body);
        assert!(
            r.status == StatusCode::NOT_FOUND || (is_post && r.status == StatusCode::UNPROCESSABLE_ENTITY),
            "{method} {path}: {} {}",
            r.status,
            r.body
        );
        for secret in ["Initech", "Quinn", "Private words"] {
            assert!(!r.body.contains(secret), "{path} showed {secret}");
        }
    }
    // Eli's own pages hold nothing of Dee's.
    for path in ["/", "/applications", "/export/applications.csv", "/export/snapshot.json", "/settings"] {
        let r = site.get(&mut b, path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        assert!(!r.body.contains("Initech") && !r.body.contains("Quinn"), "{path} leaked");
    }
    // And Dee's are all still there.
    let r = site.get(&mut a, &format!("/applications/{app}")).await;
    assert!(r.body.contains("Initech Secret") && r.body.contains("Quinn Hidden"));
}

/// The property behind the route-by-route test: over random routes and
/// random ids, a user who has recorded nothing gets "not found" for every
/// record of another user, and never a page with their words in it.
#[test]
fn random_routes_and_ids_of_another_user_are_never_found() {
    use proptest::prelude::*;
    let Some(site) = Site::make() else { return };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (b, ids) = runtime.block_on(async {
        let mut a = site.join("fay@example.edu", "Fay Moreau").await;
        let mut ids = Vec::new();
        for n in 0..3 {
            let company = format!("Umbrella Hidden {n}");
            let r = site.post(&mut a, "/applications", &[("company", &company), ("role", "Chemist")]).await;
            let app =
                r.location().trim_start_matches("/applications/").trim_end_matches("/people").to_owned();
            let r = site
                .post(
                    &mut a,
                    &format!("/applications/{app}/people"),
                    &[("name", "Gus Secretive"), ("role", "recruiter")],
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
            ids.push(app);
        }
        (site.join("gil@example.edu", "Gil Tan").await, ids)
    });
    // Ids near the ones taken (the sequences are shared by all users).
    let numbers: Vec<i64> = ids.iter().filter_map(|a| a.trim_start_matches('a').parse().ok()).collect();
    let low = numbers.iter().min().copied().unwrap_or(1).saturating_sub(2).max(1);
    let high = numbers.iter().max().copied().unwrap_or(1) + 3;
    let shapes = [
        "/applications/a{n}",
        "/applications/a{n}/edit",
        "/applications/a{n}/people",
        "/applications/a{n}/thanks",
        "/applications/a{n}/remove",
        "/applications/a{n}/people/p{n}/edit",
        "/applications/a{n}/interviews/i{n}/edit",
        "/write/thank-you:a{n}:p{n}",
    ];
    let config = ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() };
    proptest!(config, |(shape in 0..shapes.len(), n in low..high, post in any::<bool>())| {
        let path = shapes[shape].replace("{n}", &n.to_string());
        // Each case in a browser of its own with the same session.
        let mut b = b.clone();
        let unknown = shapes[shape].replace("{n}", "999999");
        let fields = [("company", "X"), ("role", "recruiter"), ("name", "Z")];
        let (r, u) = runtime.block_on(async {
            if post {
                (site.post(&mut b, &path, &fields).await, site.post(&mut b, &unknown, &fields).await)
            } else {
                (site.get(&mut b, &path).await, site.get(&mut b, &unknown).await)
            }
        });
        prop_assert_eq!(r.status, u.status, "{} answers unlike {}", path, unknown);
        prop_assert!(
            r.status == StatusCode::NOT_FOUND || r.status == StatusCode::METHOD_NOT_ALLOWED || (post && r.status == StatusCode::UNPROCESSABLE_ENTITY),
            "{} {path}: {} {}", if post { "POST" } else { "GET" }, r.status, r.body
        );
        prop_assert!(!r.body.contains("Umbrella") && !r.body.contains("Gus"), "{path} leaked");
    });
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

/// Two server processes on one database: a session opened through one is
/// good on the other, a file previewed through one is recorded through the
/// other, and what one records the other shows.
#[tokio::test]
async fn two_servers_share_sessions_uploads_and_data() {
    let Some(site) = Site::new().await else { return };
    let mut b = site.join("hal@example.edu", "Hal Jordan").await;
    let (kind, body) = multipart("apps.csv", b"Company,Role\nStark Industries,Engineer\n");
    let req = Request::post(format!("/import?csrf={}", b.csrf))
        .header(header::HOST, HOST)
        .header(header::COOKIE, b.cookie_header())
        .header(header::CONTENT_TYPE, kind);
    let preview = send(&site.router, req.body(Body::from(body)).unwrap()).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let action = preview.body.split("action=\"/import/").nth(1).and_then(|r| r.split('"').next()).unwrap();

    let other = |path: String| {
        let fields = serde_urlencoded::to_string([("csrf", b.csrf.as_str())]).unwrap();
        Request::post(path)
            .header(header::HOST, HOST)
            .header(header::COOKIE, b.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(fields))
            .unwrap()
    };
    let r = send(&site.other, other(format!("/import/{action}"))).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/applications"), "{}", r.body);
    let list =
        Request::get("/applications").header(header::HOST, HOST).header(header::COOKIE, b.cookie_header());
    let list = send(&site.router, list.body(Body::empty()).unwrap()).await;
    assert!(list.body.contains("Stark Industries"), "{}", list.body);
    // The file was used: neither server has it any more.
    let r = send(&site.router, other(format!("/import/{action}"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let _ = site.get(&mut b, "/").await;
}

/// Words, templates and settings are each account's own on a server.
#[tokio::test]
async fn words_templates_and_settings_are_each_accounts_own() {
    let Some(site) = Site::new().await else { return };
    let mut a = site.join("ivy@example.edu", "Ivy Chen").await;
    let mut b = site.join("jon@example.edu", "Jon Berg").await;
    let r = site.post(&mut a, "/settings/words", &[("add", "Grafanix")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mine = "Dear {{ to.first_name }},\n\nIvy's own words of thanks.\n";
    let r = site.post(&mut a, "/settings/templates/thank-you", &[("action", "save"), ("text", mine)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = site.post(&mut a, "/settings", &[("key", "user.time_zone"), ("value", "Asia/Tokyo")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let own = site.get(&mut a, "/settings").await.body;
    assert!(own.contains(">Grafanix<") && own.contains("Asia/Tokyo"), "{own}");
    assert!(site.get(&mut a, "/settings/templates/thank-you").await.body.contains("Ivy&#39;s own words"));
    let theirs = site.get(&mut b, "/settings").await.body;
    assert!(!theirs.contains(">Grafanix<") && !theirs.contains("Asia/Tokyo"), "{theirs}");
    assert!(site.get(&mut b, "/settings/templates/thank-you").await.body.contains("built-in template"));
}

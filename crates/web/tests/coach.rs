//! The coach's pages in server mode, in-process, on a PostgreSQL schema of
//! their own (skipped without `AFTERVIEW_TEST_POSTGRES`, except with
//! `CI=true`): a person invites a coach, the coach accepts the link and sees
//! the agenda, the list and an application read-only, message notes only
//! once shared, and leaves a comment the person sees; the person sees every
//! page the coach opened, and withdraws at once. A coach without a live
//! grant of their own gets "not found" on every coach route, the same
//! answer as for a grant nobody made, and nothing of the person's in any
//! answer; a person who erases their account leaves the coach nothing.

use std::sync::Arc;

use afterview_app::accounts::{self, Role};
use afterview_postgres::testing::TestSchema;
use afterview_web::{ServerOptions, Web, options_in, router};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

const HOST: &str = "127.0.0.1:7979";
const PASSWORD: &str = "correct horse battery staple";

/// The schema, dropped on a thread of its own: the sync client cannot
/// block on the test's runtime thread.
struct Schema(Option<TestSchema>);

impl Drop for Schema {
    fn drop(&mut self) {
        if let Some(s) = self.0.take() {
            let _ = std::thread::spawn(move || drop(s)).join();
        }
    }
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Reply {
    fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// A hidden field's value.
    fn field(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let at = self.body.find(&marker).unwrap_or_else(|| panic!("no {name} field in {}", self.body))
            + marker.len();
        self.body[at..].split('"').next().unwrap().to_owned()
    }

    /// The path of the first link that starts so, up to its closing quote.
    fn link(&self, start: &str) -> String {
        let at = self.body.find(start).unwrap_or_else(|| panic!("no {start} in {}", self.body));
        self.body[at..].split(['"', '<', ' ']).next().unwrap().to_owned()
    }
}

/// One browser: its cookies and its CSRF token.
#[derive(Default, Clone)]
struct Browser {
    cookies: Vec<String>,
    csrf: String,
}

impl Browser {
    fn keep(&mut self, r: &Reply) {
        for v in r.headers.get_all(header::SET_COOKIE) {
            let c = v.to_str().unwrap().split(';').next().unwrap().to_owned();
            let name = c.split('=').next().unwrap().to_owned();
            self.cookies.retain(|k| !k.starts_with(&format!("{name}=")));
            if !c.ends_with('=') {
                self.cookies.push(c);
            }
        }
    }
}

struct Site {
    router: Router,
    server: afterview_app::server::Server,
    _schema: Schema,
}

impl Site {
    async fn new() -> Option<Self> {
        tokio::task::spawn_blocking(|| {
            let schema = TestSchema::new()?;
            let mut options = options_in(
                std::env::temp_dir(),
                HOST.parse().unwrap(),
                Some(jiff::civil::date(2026, 11, 19)),
            );
            options.server = Some(ServerOptions { database: schema.url(), public_url: None, oidc: None });
            let web: Arc<Web> = Web::new(&options).expect("server mode starts");
            let server = afterview_app::server::Server::new(schema.pool());
            Some(Self { router: router(web), server, _schema: Schema(Some(schema)) })
        })
        .await
        .unwrap()
    }

    async fn send(&self, b: &mut Browser, req: axum::http::request::Builder, body: Body) -> Reply {
        let req = req.header(header::HOST, HOST).header(header::COOKIE, b.cookies.join("; "));
        let res = self.router.clone().oneshot(req.body(body).unwrap()).await.unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let r = Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() };
        b.keep(&r);
        r
    }

    async fn get(&self, b: &mut Browser, path: &str) -> Reply {
        self.send(b, Request::get(path), Body::empty()).await
    }

    async fn post(&self, b: &mut Browser, path: &str, fields: &[(&str, &str)]) -> Reply {
        let mut all = vec![("csrf", b.csrf.clone())];
        all.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
        let body = serde_urlencoded::to_string(&all).unwrap();
        let req = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        self.send(b, req, Body::from(body)).await
    }

    /// A new account joined by an admin's invitation, signed in.
    async fn join(&self, email: &str, name: &str) -> Browser {
        let (pool, e) = (self.server.pool.clone(), email.to_owned());
        let link = tokio::task::spawn_blocking(move || {
            accounts::invite(&pool, None, &e, Role::Member, jiff::Timestamp::now()).unwrap().url_path
        })
        .await
        .unwrap();
        let mut b = Browser::default();
        let form = self.get(&mut b, &link).await;
        let fields = [("form", form.field("form")), ("name", name.into()), ("password", PASSWORD.into())];
        let body = serde_urlencoded::to_string(fields).unwrap();
        let req = Request::post(&link).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        let r = self.send(&mut b, req, Body::from(body)).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"), "{}", r.body);
        b.csrf = self.get(&mut b, "/settings").await.field("csrf");
        b
    }
}

/// Pat, who looks for work, with an application and a message with notes;
/// Casey, the coach Pat invites; the application's id.
async fn pat_and_casey(site: &Site) -> (Browser, Browser, String) {
    let mut pat = site.join("pat@example.org", "Pat Doe").await;
    let casey = site.join("casey@example.edu", "Casey Coach").await;
    let r = site.post(&mut pat, "/applications", &[("company", "Initech Secret"), ("role", "Analyst")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let app = r.location().trim_start_matches("/applications/").trim_end_matches("/people").to_owned();
    let r = site
        .post(
            &mut pat,
            &format!("/applications/{app}/messages"),
            &[("direction", "in"), ("kind", "other"), ("date", "2026-11-18"), ("body", "Private words")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    (pat, casey, app)
}

/// Pat invites Casey; the link shown once.
async fn invite(site: &Site, pat: &mut Browser, email: &str) -> String {
    let r = site.post(pat, "/account/coaches", &[("email", email)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let url = r.link("http://127.0.0.1:7979/coach/accept/");
    url.trim_start_matches("http://127.0.0.1:7979").to_owned()
}

/// Casey accepts; the grant's pages start here.
async fn accept(site: &Site, casey: &mut Browser, link: &str) -> String {
    let page = site.get(casey, link).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Pat Doe invites you"), "{}", page.body);
    let r = site.post(casey, link, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().starts_with("/coaching/g"), "{}", r.location());
    r.location().to_owned()
}

#[tokio::test]
async fn a_coach_invited_sees_read_only_comments_and_is_withdrawn_at_once() {
    let Some(site) = Site::new().await else { return };
    let (mut pat, mut casey, app) = pat_and_casey(&site).await;
    let link = invite(&site, &mut pat, "casey@example.edu").await;
    assert_eq!(link.len(), "/coach/accept/".len() + 64);
    let home = accept(&site, &mut casey, &link).await;
    let again = site.post(&mut casey, &link, &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "a link works once: {}", again.body);

    let list = site.get(&mut casey, "/coaching").await;
    assert!(list.body.contains("Pat Doe") && list.body.contains(&home), "{}", list.body);

    let agenda = site.get(&mut casey, &home).await;
    assert_eq!(agenda.status, StatusCode::OK, "{}", agenda.body);
    assert!(agenda.body.contains("<h1>Pat Doe's agenda"), "{}", agenda.body);
    let apps = site.get(&mut casey, &format!("{home}/applications")).await;
    assert_eq!(apps.status, StatusCode::OK, "{}", apps.body);
    let page_path = format!("{home}/applications/{app}");
    assert!(apps.body.contains(&page_path), "{}", apps.body);
    let page = site.get(&mut casey, &page_path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Initech Secret"));
    assert!(!page.body.contains("Private words"), "the notes are not shared");
    for change in ["/edit", "/tasks/mark", "/remove", "/write/"] {
        assert!(!page.body.contains(change) && !agenda.body.contains(change), "read-only: {change}");
    }

    // A comment, which Pat sees on the application with who and when.
    let empty = site.post(&mut casey, &format!("{page_path}/comments"), &[("comment", "  ")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", empty.body);
    let once = page.field("once");
    let fields = [("comment", "Ask about <the team>."), ("once", once.as_str())];
    let r = site.post(&mut casey, &format!("{page_path}/comments"), &fields).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, page_path.as_str()), "{}", r.body);
    let twice = site.post(&mut casey, &format!("{page_path}/comments"), &fields).await;
    assert_eq!(twice.status, StatusCode::SEE_OTHER, "the same form again: {}", twice.body);
    let own = site.get(&mut pat, &format!("/applications/{app}")).await;
    assert!(own.body.contains("Ask about &#60;the team&#62;."), "on Pat's page: {}", own.body);
    assert!(!own.body.contains("<the team>"), "escaped");
    assert!(own.body.contains("Casey Coach"));
    assert_eq!(own.body.matches("Ask about").count(), 1, "sent twice, left once");

    // Pat sees every page Casey opened.
    let coaches = site.get(&mut pat, "/account/coaches").await;
    assert_eq!(coaches.status, StatusCode::OK, "{}", coaches.body);
    for seen in ["your agenda", "your applications", "Initech Secret (Analyst)", "Casey Coach"] {
        assert!(coaches.body.contains(seen), "{seen} in {}", coaches.body);
    }
    let grant = home.trim_start_matches("/coaching/");
    let r = site.post(&mut pat, &format!("/account/coaches/{grant}/share"), &[("share", "yes")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(site.get(&mut casey, &page_path).await.body.contains("Private words"), "shared now");

    // Withdrawn: not found at once, everywhere.
    let r = site.post(&mut pat, &format!("/account/coaches/{grant}/revoke"), &[]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/account/coaches"));
    assert!(site.get(&mut pat, "/account/coaches").await.body.contains("no longer sees your pages"));
    for path in [home.clone(), format!("{home}/applications"), page_path.clone()] {
        let r = site.get(&mut casey, &path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.body);
        assert!(!r.body.contains("Initech"));
    }
    let r = site.post(&mut casey, &format!("{page_path}/comments"), &[("comment", "Still here?")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!site.get(&mut casey, "/coaching").await.body.contains("Pat Doe"));
}

#[tokio::test]
async fn a_coach_without_a_grant_of_their_own_finds_nothing() {
    let Some(site) = Site::new().await else { return };
    let (mut pat, mut casey, app) = pat_and_casey(&site).await;
    let mut dana = site.join("dana@example.org", "Dana Diaz").await;
    let link = invite(&site, &mut pat, "casey@example.edu").await;
    // Dana holds the link, but it is Casey's.
    let r = site.post(&mut dana, &link, &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("this invitation is for casey@example.edu"), "{}", r.body);
    let home = accept(&site, &mut casey, &link).await;
    let grant = home.trim_start_matches("/coaching/").to_owned();

    let routes = |grant: &str, app: &str| {
        vec![
            (false, format!("/coaching/{grant}")),
            (false, format!("/coaching/{grant}/applications")),
            (false, format!("/coaching/{grant}/applications/{app}")),
            (true, format!("/coaching/{grant}/applications/{app}/comments")),
            (true, format!("/account/coaches/{grant}/revoke")),
            (true, format!("/account/coaches/{grant}/share")),
        ]
    };
    let fields = [("comment", "Hello"), ("share", "yes")];
    for ((post, path), (_, unknown)) in routes(&grant, &app).into_iter().zip(routes("g999999", "a999999")) {
        let (r, u) = if post {
            (site.post(&mut dana, &path, &fields).await, site.post(&mut dana, &unknown, &fields).await)
        } else {
            (site.get(&mut dana, &path).await, site.get(&mut dana, &unknown).await)
        };
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.body);
        assert_eq!(r.status, u.status, "{path} answers unlike {unknown}");
        for secret in ["Initech", "Private words", "Pat Doe"] {
            assert!(!r.body.contains(secret), "{path} showed {secret}");
        }
    }
    // Casey's own grant does not reach Dana's applications.
    let r = site.post(&mut dana, "/applications", &[("company", "Dana's Own"), ("role", "Designer")]).await;
    let danas = r.location().trim_start_matches("/applications/").trim_end_matches("/people").to_owned();
    let r = site.get(&mut casey, &format!("{home}/applications/{danas}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert!(!r.body.contains("Dana&#39;s Own") && !r.body.contains("Dana's Own"));
    // Dana's record of coach views is empty: nothing of Pat's there either.
    let r = site.get(&mut dana, "/account/coaches").await;
    assert!(!r.body.contains("Casey") && !r.body.contains("Initech"), "{}", r.body);
}

#[tokio::test]
async fn a_person_who_erases_their_account_while_coached_leaves_the_coach_nothing() {
    let Some(site) = Site::new().await else { return };
    let (mut pat, mut casey, app) = pat_and_casey(&site).await;
    let link = invite(&site, &mut pat, "casey@example.edu").await;
    let home = accept(&site, &mut casey, &link).await;
    assert_eq!(site.get(&mut casey, &home).await.status, StatusCode::OK);
    let r = site.post(&mut pat, "/account/remove", &[("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    for path in [home.clone(), format!("{home}/applications"), format!("{home}/applications/{app}")] {
        let r = site.get(&mut casey, &path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.body);
    }
    assert!(!site.get(&mut casey, "/coaching").await.body.contains("Pat Doe"));
}

#[tokio::test]
async fn inviting_refuses_a_bad_address_and_a_second_invitation_beside_the_form() {
    let Some(site) = Site::new().await else { return };
    let (mut pat, _, _) = pat_and_casey(&site).await;
    let r = site.post(&mut pat, "/account/coaches", &[("email", "not an address")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("role=\"alert\"") && r.body.contains("value=\"not an address\""), "{}", r.body);
    invite(&site, &mut pat, "casey@example.edu").await;
    let r = site.post(&mut pat, "/account/coaches", &[("email", "casey@example.edu")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(!r.body.contains("/coach/accept/"), "no second link: {}", r.body);
    let unknown = site.get(&mut pat, &format!("/coach/accept/{}", "ab".repeat(32))).await;
    assert_eq!(unknown.status, StatusCode::CONFLICT);
    assert!(unknown.body.contains("not one afterview made"), "{}", unknown.body);
}

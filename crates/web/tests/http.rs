//! The web app over HTTP, called in-process (axum's router as a tower
//! service): every route, its errors, and the security checks: no cookie,
//! a wrong Host, a missing or wrong CSRF token or a foreign Origin are
//! refused and change nothing; hostile text renders as text.

use std::sync::Arc;

use afterview_web::{Web, options_in, router};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

const HOST: &str = "127.0.0.1:7878";

struct App {
    router: Router,
    web: Arc<Web>,
    cookie: String,
    csrf: String,
    _dir: tempfile::TempDir,
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
}

fn encode(fields: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(fields).unwrap()
}

async fn send(router: &Router, req: Request<Body>) -> Reply {
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

/// A signed-in app over an empty data folder, on Thu 19 Nov 2026.
async fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let today = jiff::civil::date(2026, 11, 19);
    let web = Web::new(&options_in(dir.path(), HOST.parse().unwrap(), Some(today))).unwrap();
    let router = router(Arc::clone(&web));
    let login = web.security.login_path().unwrap();
    let r = send(&router, Request::get(login).header(header::HOST, HOST).body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let set = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().to_owned();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"), "{set}");
    let cookie = set.split(';').next().unwrap().to_owned();
    let mut app = App { router, web, cookie, csrf: String::new(), _dir: dir };
    let page = app.get("/settings").await;
    let at = page.body.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    app.csrf = page.body[at..at + 64].to_owned();
    app
}

impl App {
    async fn get(&self, path: &str) -> Reply {
        let req = Request::get(path).header(header::HOST, HOST).header(header::COOKIE, &self.cookie);
        send(&self.router, req.body(Body::empty()).unwrap()).await
    }

    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &encode(&all), HOST, Some(&self.cookie), None).await
    }

    async fn post_raw(
        &self,
        path: &str,
        body: &str,
        host: &str,
        cookie: Option<&str>,
        origin: Option<&str>,
    ) -> Reply {
        let mut req = Request::post(path)
            .header(header::HOST, host)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        if let Some(o) = origin {
            req = req.header(header::ORIGIN, o);
        }
        send(&self.router, req.body(Body::from(body.to_owned())).unwrap()).await
    }

    /// Records an application, Maria Lopez and Tom Chen on it, and their
    /// panel interview on the day; returns the application's page.
    async fn acme(&self) -> Reply {
        let r =
            self.post("/applications", &[("company", "Acme Robotics"), ("role", "Platform Engineer")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.location(), "/applications/a1/people");
        for (name, title, email) in [
            ("Maria Lopez", "Engineering Manager", "maria@acme.example"),
            ("Tom Chen", "Staff Engineer", "tom@acme.example"),
        ] {
            let r = self
                .post(
                    "/applications/a1/people",
                    &[
                        ("name", name),
                        ("title", title),
                        ("email", email),
                        ("time_zone", "America/New_York"),
                        ("role", "interviewer"),
                    ],
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        }
        let r = self
            .post(
                "/applications/a1/interviews",
                &[
                    ("application", "a1"),
                    ("start", "2026-11-19T13:00"),
                    ("stage", "panel"),
                    ("duration", "60"),
                    ("interviewers", "p1"),
                    ("interviewers", "p2"),
                    ("topics", "the warehouse-robot fleet dashboard\non-call load"),
                    ("promised", "a link to my portfolio"),
                    ("next_steps", "we should decide in two to three weeks"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        self.get("/applications/a1").await
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = app().await;
    for path in ["/", "/applications", "/rules", "/settings", "/assets/style.css", "/nope"] {
        let r = app.get(path).await;
        let csp = r.headers.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(r.headers[header::REFERRER_POLICY], "no-referrer", "{path}");
    }
    let page = app.get("/").await;
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store", "private pages are not cached");
    assert!(!page.body.contains("<script>"), "no inline script");
    assert!(!page.body.contains(" style="), "no inline style");
}

#[tokio::test]
async fn the_login_link_works_once() {
    let app = app().await;
    assert!(app.web.security.login_path().is_none(), "spent by the sign-in");
    let r = send(
        &app.router,
        Request::get("/login?token=0000").header(header::HOST, HOST).body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.headers.get(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn without_the_cookie_nothing_is_shown_or_changed() {
    let app = app().await;
    let r =
        send(&app.router, Request::get("/").header(header::HOST, HOST).body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("sign-in link"));
    let body = encode(&[("csrf", &app.csrf), ("company", "Acme"), ("role", "Dev")]);
    let r = app.post_raw("/applications", &body, HOST, None, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = app.post_raw("/applications", &body, HOST, Some("afterview_7878=forged"), None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(app.get("/applications").await.body.contains("Nothing recorded yet"), "nothing was recorded");
}

#[tokio::test]
async fn a_wrong_host_is_refused() {
    let app = app().await;
    for host in ["evil.example:7878", "127.0.0.1:80", "localhost.evil.example:7878"] {
        let req = Request::get("/").header(header::HOST, host).header(header::COOKIE, &app.cookie);
        let r = send(&app.router, req.body(Body::empty()).unwrap()).await;
        assert_eq!(r.status, StatusCode::MISDIRECTED_REQUEST, "{host}");
        let body = encode(&[("csrf", &app.csrf), ("company", "Acme"), ("role", "Dev")]);
        let r = app.post_raw("/applications", &body, host, Some(&app.cookie), None).await;
        assert_eq!(r.status, StatusCode::MISDIRECTED_REQUEST, "{host}");
    }
    let req = Request::get("/").header(header::COOKIE, &app.cookie);
    assert_eq!(
        send(&app.router, req.body(Body::empty()).unwrap()).await.status,
        StatusCode::MISDIRECTED_REQUEST
    );
    assert!(app.get("/applications").await.body.contains("Nothing recorded yet"));
    let req = Request::get("/").header(header::HOST, "localhost:7878").header(header::COOKIE, &app.cookie);
    assert_eq!(send(&app.router, req.body(Body::empty()).unwrap()).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_post_without_the_csrf_token_changes_nothing() {
    let app = app().await;
    let fields = [("company", "Acme"), ("role", "Dev")];
    let r = app.post_raw("/applications", &encode(&fields), HOST, Some(&app.cookie), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let wrong = "0".repeat(64);
    let with_wrong = encode(&[("csrf", wrong.as_str()), ("company", "Acme"), ("role", "Dev")]);
    let r = app.post_raw("/applications", &with_wrong, HOST, Some(&app.cookie), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The right token from another site's page is still refused.
    let right = encode(&[("csrf", app.csrf.as_str()), ("company", "Acme"), ("role", "Dev")]);
    let r = app.post_raw("/applications", &right, HOST, Some(&app.cookie), Some("http://evil.example")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(app.get("/applications").await.body.contains("Nothing recorded yet"));
    // The same request done right goes through.
    let r =
        app.post_raw("/applications", &right, HOST, Some(&app.cookie), Some(&format!("http://{HOST}"))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // htmx sends the token as a header.
    let req = Request::post("/reading")
        .header(header::HOST, HOST)
        .header(header::COOKIE, &app.cookie)
        .header("x-csrf-token", &app.csrf)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(encode(&[
            ("next_steps", "we will decide by Friday"),
            ("start", "2026-11-19T10:00"),
        ])))
        .unwrap();
    let r = send(&app.router, req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("decision expected"), "{}", r.body);
}

#[tokio::test]
async fn a_get_changes_nothing() {
    let app = app().await;
    app.acme().await;
    let before = app.get("/").await.body;
    let r = app.get("/tasks/mark?task=thank-you:a1:p1&action=done").await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    // Regression: the answer was an empty page.
    assert!(r.body.contains("nothing was changed"), "{}", r.body);
    let r = app.get("/settings/feed").await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(app.get("/").await.body, before);
}

#[tokio::test]
async fn hostile_text_renders_as_text() {
    let app = app().await;
    let script = "<script>alert(1)</script>";
    let attr = "\"><img src=x onerror=alert(1)>";
    let rtl = "\u{202e}gnp.exe \u{5e9}\u{5dc}\u{5d5}\u{5dd}".repeat(2000);
    let r = app
        .post(
            "/applications",
            &[("company", script), ("role", attr), ("posting_url", "javascript:alert(1)"), ("notes", &rtl)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r =
        app.post("/applications/a1/people", &[("name", attr), ("title", script), ("notes", script)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .post(
            "/applications/a1/interviews",
            &[
                ("start", "2026-11-18T10:00"),
                ("stage", "video"),
                ("interviewers", "p1"),
                ("topics", script),
                ("promised", attr),
                ("next_steps", script),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .post(
            "/applications/a1/messages",
            &[("direction", "in"), ("kind", "other"), ("person", "p1"), ("subject", attr), ("body", script)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // A bad value comes back in its field, escaped too.
    let r = app.post("/applications/a1/people", &[("name", "x"), ("email", attr)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let pages = [
        "/",
        "/applications",
        "/applications/a1",
        "/applications/a1/interviews",
        "/applications/a1/messages",
    ];
    let mut bodies: Vec<(String, String)> = Vec::new();
    for p in pages {
        let r = app.get(p).await;
        assert_eq!(r.status, StatusCode::OK, "{p}");
        bodies.push((p.to_owned(), r.body));
    }
    bodies.push(("people form".into(), r.body));
    for (p, body) in &bodies {
        assert!(!body.contains("<script>alert"), "{p}");
        assert!(!body.contains("<img src=x"), "{p}");
        assert!(!body.contains("href=\"javascript:"), "{p}");
        assert!(!body.to_ascii_lowercase().contains("onerror=alert(1)>"), "{p}");
    }
    let page = &bodies[2].1;
    assert!(
        page.contains("&#60;script&#62;alert(1)&#60;/script&#62;") || page.contains("&lt;script&gt;"),
        "{page}"
    );
    assert!(page.contains("javascript:alert(1)"), "the URL is shown as text");
    assert!(page.contains("\u{202e}gnp.exe"), "right-to-left text is kept as text");
    // The live reading quotes what was typed, escaped.
    let r = app
        .post("/reading", &[("next_steps", "<script>alert(1)</script> by Friday"), ("start", "2026-11-18")])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("decision expected") && !r.body.contains("<script>"), "{}", r.body);
    // The draft of a task to that person escapes the names it fills in.
    let agenda = &bodies[0].1;
    let at = agenda.find("/write/thank-you:a1:p1").expect("a thank-you task");
    assert!(at > 0);
    let w = app.get("/write/thank-you:a1:p1").await;
    assert_eq!(w.status, StatusCode::OK);
    assert!(!w.body.contains("<img src=x") && !w.body.contains("<script>alert"));
}

#[tokio::test]
async fn errors_come_back_beside_their_field_with_what_was_typed() {
    let app = app().await;
    let r = app.post("/applications", &[("company", ""), ("role", "Platform Engineer")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("id=\"company-error\">is required; give the company&#39;s name")
            || r.body.contains("id=\"company-error\">is required"),
        "{}",
        r.body
    );
    assert!(r.body.contains("value=\"Platform Engineer\""), "what was typed is kept");
    app.post("/applications", &[("company", "Acme"), ("role", "Dev")]).await;
    let r =
        app.post("/applications/a1/interviews", &[("start", "next tuesday-ish"), ("stage", "panel")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"start-error\""), "{}", r.body);
    let r = app
        .post(
            "/applications/a1/outcomes",
            &[("kind", "offer"), ("date", "2026-11-19"), ("deadline", "2026-11-01")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"deadline-error\""), "{}", r.body);
    let r = app.post("/applications/a1/people", &[("name", "Ann"), ("time_zone", "Mars/Olympus")]).await;
    assert!(r.body.contains("id=\"time_zone-error\""), "{}", r.body);
    let r = app.post("/applications/a1/messages", &[("kind", "other"), ("date", "2027-01-01")]).await;
    assert!(r.body.contains("id=\"date-error\""), "a message from the future: {}", r.body);
}

#[tokio::test]
async fn missing_things_are_not_found() {
    let app = app().await;
    assert_eq!(app.get("/applications/a9").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/applications/zz").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get("/write/thank-you:a9:p1").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/no/such/page").await.status, StatusCode::NOT_FOUND);
    let r = app.post("/tasks/mark", &[("task", "thank-you:a9:p1"), ("action", "done")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/applications?status=nonsense").await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_first_run_is_welcomed() {
    let app = app().await;
    let r = app.get("/").await;
    assert!(r.body.contains("Record your first interview"), "{}", r.body);
    // "Load the demo" fills the empty folder, as `afterview demo` does.
    assert!(r.body.contains(r#"action="/demo""#), "{}", r.body);
    let r = app.post("/demo", &[]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"), "{}", r.body);
    let agenda = app.get("/").await.body;
    assert!(agenda.contains("Acme Robotics") && agenda.contains("Globex"), "{agenda}");
    let list = app.get("/applications").await.body;
    assert!(list.contains("Contoso"), "{list}");
}

#[tokio::test]
async fn the_demo_never_mixes_into_real_data() {
    let app = app().await;
    app.acme().await;
    let r = app.post("/demo", &[]).await;
    assert!(r.body.contains("the demo will not mix into real data"), "{}: {}", r.status, r.body);
    assert!(!app.get("/applications").await.body.contains("Globex"));
}

#[tokio::test]
async fn the_agenda_explains_each_task_and_links_its_rules() {
    let app = app().await;
    let page = app.acme().await;
    assert!(page.body.contains("decision expected between"), "the reading is shown: {}", page.body);
    let agenda = app.get("/").await.body;
    assert!(agenda.contains("thank-you note to Maria Lopez by email"), "{agenda}");
    assert!(agenda.contains("thank-you note to Tom Chen by email"));
    assert!(agenda.contains("href=\"/rules#T2\""));
    assert!(agenda.contains("href=\"/write/thank-you:a1:p1\""));
    assert!(agenda.contains("name=\"until\""), "a snooze date picker");
    let rules = app.get("/rules").await.body;
    for id in ["T2", "T9", "T11", "F8"] {
        assert!(rules.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(agenda.contains("Waiting on them") || agenda.contains("Coming up"));
    // Done, skip and snooze post and come back.
    let r = app.post("/tasks/mark", &[("task", "save-contacts:a1"), ("action", "done"), ("back", "/")]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"));
    let r = app
        .post("/tasks/mark", &[("task", "thank-you:a1:p2"), ("action", "snooze"), ("until", "2026-11-20")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r =
        app.post("/tasks/mark", &[("task", "send-promised:a1"), ("action", "snooze"), ("until", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post("/tasks/mark", &[("task", "send-promised:a1"), ("action", "skip"), ("back", "//evil.example")])
        .await;
    assert_eq!(r.location(), "/", "never back to another site");
    let agenda = app.get("/").await.body;
    assert!(!agenda.contains("save the interviewers"), "done");
    let coming_up = agenda.find("id=\"h-coming-up\"").expect("a coming-up section");
    assert!(
        agenda.find("thank-you note to Tom Chen").is_some_and(|at| at > coming_up),
        "snoozed to tomorrow"
    );
    assert!(!agenda.contains("send what you promised"), "skipped");
    assert!(agenda.contains("thank-you note to Maria Lopez"));
}

#[tokio::test]
async fn write_check_send_then_a_rejection_changes_the_agenda() {
    let app = app().await;
    app.acme().await;
    app.post("/applications", &[("company", "Contoso"), ("role", "SRE")]).await;
    let w = app.get("/write/thank-you:a1:p2").await;
    assert_eq!(w.status, StatusCode::OK);
    assert!(w.body.contains("Tom"), "{}", w.body);
    assert!(w.body.contains("No problems found"), "a good draft has no findings: {}", w.body);
    assert!(w.body.contains("href=\"mailto:tom@acme.example?subject="));
    let bad = "Dear Tom,\n\nThank you for talking with me about the on-call load. I am excited about Contoso and the compensaton.\n\nBest,\nMaya";
    let r = app.post("/write/thank-you:a1:p2/check", &[("subject", "Thank you"), ("body", bad)]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("<mark class=\"error\"") || r.body.contains("<mark class=\"warning\""),
        "{}",
        r.body
    );
    assert!(r.body.contains(">Contoso</mark>") && r.body.contains(">compensaton</mark>"), "{}", r.body);
    assert!(r.body.contains("class=\"severity\">error"), "severity as a word: {}", r.body);
    // Without JavaScript: the Check button renders the page with the findings.
    let r = app
        .post("/write/thank-you:a1:p2", &[("action", "check"), ("subject", "Thank you"), ("body", bad)])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(">Contoso</mark>"));
    let eml = app
        .post("/write/thank-you:a1:p2", &[("action", "eml"), ("subject", "Thank you"), ("body", "Hello Tom")])
        .await;
    assert_eq!(eml.headers[header::CONTENT_TYPE], "message/rfc822");
    assert!(eml.body.contains("Hello Tom") && eml.body.contains("tom@acme.example"), "{}", eml.body);
    let r = app
        .post(
            "/write/thank-you:a1:p2",
            &[("action", "sent"), ("subject", "Thank you"), ("body", "Dear Tom, thanks.")],
        )
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"), "{}", r.body);
    let agenda = app.get("/").await.body;
    assert!(!agenda.contains("thank-you note to Tom Chen"), "sent ticks the task off");
    let page = app.get("/applications/a1").await.body;
    assert!(page.contains("Dear Tom, thanks."), "the message is on the time line");
    // A rejection from Contoso: the agenda proposes a gracious reply.
    let r = app.post("/applications/a2/outcomes", &[("kind", "rejection"), ("date", "2026-11-19")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = app.get("/applications?status=rejected").await.body;
    assert!(list.contains("Contoso") && !list.contains("Acme Robotics"), "{list}");
    let list = app.get("/applications").await.body;
    assert!(list.contains("Contoso") && list.contains("Acme Robotics"));
}

#[tokio::test]
async fn a_received_reply_replans_at_once() {
    let app = app().await;
    app.acme().await;
    let r = app
        .post(
            "/applications/a1/messages",
            &[
                ("direction", "in"),
                ("kind", "other"),
                ("person", "p1"),
                ("date", "2026-11-19"),
                ("body", "Thanks! We need another week."),
            ],
        )
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/applications/a1"), "{}", r.body);
    let page = app.get("/applications/a1").await.body;
    assert!(page.contains("We need another week"), "{page}");
    // What the plan now says, against what it said, once.
    let notice = page
        .split("<p class=\"notice\" role=\"status\">")
        .nth(1)
        .expect("a notice")
        .split("</p>")
        .next()
        .unwrap();
    assert!(
        notice.starts_with("The next check: ") && notice.ends_with("on Fri 27 Nov (it was on Fri 11 Dec)."),
        "{notice}"
    );
    assert!(!app.get("/applications/a1").await.body.contains("class=\"notice\""), "shown once");
}

#[tokio::test]
async fn the_calendar_feed_needs_its_secret_and_can_be_rotated() {
    let app = app().await;
    app.acme().await;
    let settings = app.get("/settings").await.body;
    let start = settings.find("http://127.0.0.1:7878/feed/").unwrap();
    let url = &settings[start..settings[start..].find(".ics").unwrap() + start + 4];
    let path = url.strip_prefix("http://127.0.0.1:7878").unwrap().to_owned();
    assert!(settings.contains("webcal://127.0.0.1:7878/feed/"));
    // No cookie: calendar programs send none.
    let fetch = |p: String| {
        let router = app.router.clone();
        async move { send(&router, Request::get(p).header(header::HOST, HOST).body(Body::empty()).unwrap()).await }
    };
    let feed = fetch(path.clone()).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/calendar"));
    assert!(feed.body.contains("BEGIN:VCALENDAR") && feed.body.contains("Maria Lopez"), "{}", feed.body);
    assert_eq!(fetch("/feed/wrong.ics".into()).await.status, StatusCode::NOT_FOUND);
    app.post("/tasks/mark", &[("task", "thank-you:a1:p1"), ("action", "done")]).await;
    let feed = fetch(path.clone()).await;
    assert!(feed.body.contains("STATUS:CANCELLED"), "a done task is cancelled: {}", feed.body);
    let r = app.post("/settings/feed", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(fetch(path.clone()).await.status, StatusCode::NOT_FOUND, "the old address stops");
    let settings = app.get("/settings").await.body;
    assert!(!settings.contains(&path));
    let r = app.post_raw(&path, "", HOST, None, None).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn settings_change_through_the_same_validation() {
    let app = app().await;
    let r = app.post("/settings", &[("key", "planner.thank_you_hours"), ("value", "72")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get("/settings").await.body;
    assert!(page.contains("<td>72</td>"));
    // Regression: keys stood bare, and the page's title held a copy of a section.
    assert!(page.contains("Thank-you notes are due within this many hours"), "{page}");
    assert!(page.contains("<title>Settings"), "{page}");
    assert!(!page.split("</title>").next().unwrap().contains("<section"), "{page}");
    let r = app.post("/settings", &[("key", "planner.thank_you_hours"), ("value", "soon")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("class=\"problem\""));
}

#[tokio::test]
async fn a_password_set_on_the_settings_page_is_never_shown() {
    let app = app().await;
    let r = app.post("/settings", &[("key", "notify.smtp_password"), ("value", "hunter2-secret")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get("/settings").await.body;
    assert!(!page.contains("hunter2"), "{page}");
    let row = |key: &str| {
        let at = page.find(&format!("<td><code>{key}</code>")).expect("the setting is listed");
        page[at..].split("</tr>").next().unwrap_or_default().to_owned()
    };
    assert!(row("notify.smtp_password").contains("<td>(set)</td>"), "{page}");
    assert!(row("notify.ntfy_token").contains("<td>(unset)</td>"), "{page}");
}

#[tokio::test]
async fn assets_are_embedded() {
    let app = app().await;
    let r = app.get("/assets/htmx.min.js").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/javascript"));
    assert!(r.body.contains("htmx"));
    assert!(app.get("/assets/style.css").await.body.contains("prefers-color-scheme: dark"));
    assert!(app.get("/assets/app.js").await.body.contains("clipboard"));
}

#[tokio::test]
async fn a_change_made_beside_the_server_shows_at_once() {
    let app = app().await;
    app.acme().await;
    let first = app.get("/").await.body;
    assert!(first.contains("thank-you note to Maria Lopez"));
    assert_eq!(app.get("/").await.body, first, "nothing changed: the same page");
    // The command line, on the same file, marks the task done.
    let mut cli = afterview_sqlite::SqliteStore::open(&app._dir.path().join("afterview.db")).unwrap();
    let settings = afterview_core::settings::Settings::default();
    let today = jiff::civil::date(2026, 11, 19);
    afterview_app::agenda::mark(
        &mut cli,
        &settings,
        today,
        "thank-you:a1:p1",
        afterview_app::agenda::Mark::Done,
    )
    .unwrap();
    let after = app.get("/").await.body;
    assert!(!after.contains("thank-you note to Maria Lopez"), "the CLI's change shows");
    // And a change of setting shows too.
    std::fs::write(app._dir.path().join("config.toml"), "[planner]\nthank_you_hours = 24\n").unwrap();
    assert_ne!(app.get("/").await.body, after, "a new setting, a new page");
}

#[tokio::test]
async fn an_application_can_be_changed_and_a_field_cleared() {
    let app = app().await;
    app.post("/applications", &[("company", "Acme"), ("role", "Dev"), ("notes", "met at a fair")]).await;
    let form = app.get("/applications/a1/edit").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("value=\"Acme\"") && form.body.contains("met at a fair"), "{}", form.body);
    let r = app
        .post(
            "/applications/a1/edit",
            &[("company", "Acme Robotics"), ("role", "Dev"), ("status", "withdrawn"), ("notes", "")],
        )
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/applications/a1"), "{}", r.body);
    let page = app.get("/applications/a1").await.body;
    assert!(page.contains("Acme Robotics") && page.contains("withdrawn") && !page.contains("met at a fair"));
    let r = app.post("/applications/a1/edit", &[("company", ""), ("role", "Dev")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"company-error\""), "{}", r.body);
}

#[tokio::test]
async fn the_list_sorts_and_the_settings_show_the_templates() {
    let app = app().await;
    app.post("/applications", &[("company", "Zeta"), ("role", "Dev")]).await;
    app.post("/applications", &[("company", "Acme"), ("role", "SRE")]).await;
    let list = app.get("/applications").await.body;
    assert!(list.find("Zeta").unwrap() < list.find("Acme").unwrap(), "as recorded");
    let sorted = app.get("/applications?sort=company").await.body;
    assert!(sorted.find("Acme").unwrap() < sorted.find("Zeta").unwrap(), "by company");
    assert!(sorted.contains("href=\"/applications?sort=role\""));
    let settings = app.get("/settings").await.body;
    assert!(settings.contains("<td>thank-you</td><td>built in"), "{settings}");
}

#[tokio::test]
async fn the_list_shows_last_contact_next_task_and_days_waiting() {
    let app = app().await;
    app.post("/applications", &[("company", "Acme"), ("role", "Dev")]).await;
    app.post("/applications/a1/people", &[("name", "Maria Lopez"), ("role", "interviewer")]).await;
    let r = app
        .post(
            "/applications/a1/interviews",
            &[
                ("application", "a1"),
                ("start", "2026-11-12T10:00"),
                ("stage", "video"),
                ("interviewers", "p1"),
                ("next_steps", "we will decide in three weeks"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .post(
            "/applications/a1/messages",
            &[("direction", "out"), ("kind", "thank-you"), ("person", "p1"), ("date", "2026-11-16")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.post("/applications", &[("company", "Zeta"), ("role", "Dev")]).await;
    let list = app.get("/applications").await.body;
    assert!(list.contains("<th scope=\"col\">Last contact</th>"), "{list}");
    let acme = &list[list.find("Acme").unwrap()..list.find("Zeta").unwrap()];
    assert!(acme.contains("<td>Mon 16 Nov</td>"), "the latest message's day: {acme}");
    assert!(acme.contains("<td>7 days</td>"), "a week since the interview: {acme}");
    assert!(
        acme.contains("<td>Thu 12 Nov: save the interviewers to your contacts</td>"),
        "the next task: {acme}"
    );
}

#[tokio::test]
async fn a_person_an_interview_an_outcome_and_a_message_can_be_changed() {
    let app = app().await;
    let page = app.acme().await.body;
    assert!(page.contains("href=\"/applications/a1/people/p2/edit\""), "{page}");
    assert!(page.contains("href=\"/applications/a1/interviews/i1/edit\""), "{page}");
    // A person: filled from the record; an error beside its field; saved.
    let form = app.get("/applications/a1/people/p2/edit").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("value=\"Tom Chen\"") && form.body.contains("value=\"tom@acme.example\""));
    let r =
        app.post("/applications/a1/people/p2/edit", &[("name", "Tom Chen"), ("email", "not an email")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"email-error\"") && r.body.contains("value=\"not an email\""), "{}", r.body);
    let r = app
        .post(
            "/applications/a1/people/p2/edit",
            &[("name", "Thomas Chen"), ("role", "hiring-manager"), ("email", "")],
        )
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/applications/a1"), "{}", r.body);
    let page = app.get("/applications/a1").await.body;
    assert!(
        page.contains("Thomas Chen</strong>, hiring manager") && !page.contains("tom@acme.example"),
        "{page}"
    );
    // An interview: its next steps changed, read back on the page.
    let form = app.get("/applications/a1/interviews/i1/edit").await.body;
    assert!(form.contains("value=\"2026-11-19T13:00\"") && form.contains("two to three weeks"), "{form}");
    let mut fields = vec![("start", "2026-11-19T13:00"), ("stage", "panel"), ("duration", "0")];
    let r = app.post("/applications/a1/interviews/i1/edit", &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"duration-error\""), "{}", r.body);
    fields[2] = ("duration", "60");
    fields.push(("next_steps", "we will decide by Friday 4 December"));
    let r = app.post("/applications/a1/interviews/i1/edit", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get("/applications/a1").await.body;
    assert!(page.contains("decide by Friday 4 December") && !page.contains("two to three weeks"), "{page}");
    // A message and an outcome.
    let r = app
        .post(
            "/applications/a1/messages",
            &[("direction", "in"), ("kind", "other"), ("date", "2026-11-19"), ("body", "Thanks!")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let form = app.get("/applications/a1/messages/m1/edit").await.body;
    assert!(form.contains(">Thanks!</textarea>"), "{form}");
    let r = app.post("/applications/a1/messages/m1/edit", &[("date", "2030-01-01")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"date-error\""), "{}", r.body);
    let r = app.post("/applications/a1/messages/m1/edit", &[("body", "Thank you, Maya!")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(app.get("/applications/a1").await.body.contains("Thank you, Maya!"));
    app.post("/applications/a1/outcomes", &[("kind", "offer"), ("date", "2026-11-19")]).await;
    let r = app.post("/applications/a1/outcomes/o1/edit", &[("deadline", "2026-11-01")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"deadline-error\""), "{}", r.body);
    let r = app.post("/applications/a1/outcomes/o1/edit", &[("deadline", "2026-11-30")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(app.get("/applications/a1").await.body.contains("answer by Mon 30 Nov"));
    // A record under another application's address is not there.
    app.post("/applications", &[("company", "Zeta"), ("role", "Dev")]).await;
    assert_eq!(app.get("/applications/a2/interviews/i1/edit").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/applications/a2/people/p1/edit").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_panels_notes_are_checked_side_by_side() {
    let app = app().await;
    let page = app.acme().await.body;
    assert!(page.contains("href=\"/applications/a1/thanks\""), "{page}");
    let p = app.get("/applications/a1/thanks").await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert!(p.body.contains("id=\"f-body-0\"") && p.body.contains("id=\"f-body-1\""), "{}", p.body);
    assert!(p.body.contains("value=\"thank-you:a1:p1\"") && p.body.contains("value=\"thank-you:a1:p2\""));
    assert!(p.body.contains("hx-post=\"/applications/a1/thanks/check\""));
    // The same note to both but for the name: too similar; live (htmx) and with the Check button.
    let same = "Dear Maria,\n\nThank you for the conversation about the on-call load.\n\nBest,\nMaya";
    let other = "Dear Tom,\n\nThank you for the conversation about the on-call load.\n\nBest,\nMaya";
    let fields = [("task", "thank-you:a1:p1"), ("body", same), ("task", "thank-you:a1:p2"), ("body", other)];
    let r = app.post("/applications/a1/thanks/check", &fields).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("id=\"findings-0\"") && r.body.contains("id=\"findings-1\""), "{}", r.body);
    assert!(r.body.contains("hx-swap-oob=\"true\""));
    assert!(r.body.contains("<a href=\"/rules#too-similar\">too-similar</a>"), "{}", r.body);
    let r = app.post("/applications/a1/thanks", &fields).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("too-similar") && r.body.contains(">Dear Tom,"), "{}", r.body);
    // The drafts as written are not alike.
    assert!(!p.body.contains("too-similar"), "{}", p.body);
    let r = app.post("/applications/a1/thanks/check", &[("task", "thank-you:a9:p1"), ("body", "x")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // "Finish and send it" takes that note, as typed, to its write page
    // (regression: it was a link, and what was typed on the panel was lost).
    assert!(p.body.contains(r#"formaction="/write/thank-you:a1:p2""#), "{}", p.body);
    let mine = "Dear Tom,\n\nMY OWN WORDS, typed on the panel page. Thank you!\n\nBest,\nMaya";
    let fields = [
        ("task", "thank-you:a1:p1"),
        ("subject", "Thanks, Maria"),
        ("body", same),
        ("task", "thank-you:a1:p2"),
        ("subject", "Thanks, Tom"),
        ("body", mine),
        ("action", "check"),
    ];
    let r = app.post("/write/thank-you:a1:p2", &fields).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("MY OWN WORDS, typed on the panel page.") && !r.body.contains("Dear Maria"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Thanks, Tom"), "{}", r.body);
}

/// Regression (issue 9 leftover): a form sent twice (a double click, or
/// sent again from a page left open) recorded twice. Each drawing of a form
/// carries its own `once` value; the second post of it is sent where the
/// first went and writes nothing.
#[tokio::test]
async fn a_form_sent_twice_is_saved_once() {
    let app = app().await;
    let form = app.get("/applications/new").await.body;
    let once = form
        .split("name=\"once\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the form carries its once value")
        .to_owned();
    let fields = [("company", "Acme"), ("role", "Dev"), ("once", once.as_str())];
    let first = app.post("/applications", &fields).await;
    let second = app.post("/applications", &fields).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    assert!(first.location().starts_with("/applications/a1"), "{}", first.location());
    assert_eq!((second.status, second.location()), (StatusCode::SEE_OTHER, first.location()));
    let list = app.get("/applications").await.body;
    assert_eq!(list.matches("/applications/a2").count(), 0, "one application, not two: {list}");
    // A new drawing of the form is a new form.
    let again = app.get("/applications/new").await.body;
    assert!(!again.contains(&once), "each drawing has its own value");
    let third = app.post("/applications", &[("company", "Acme"), ("role", "Dev")]).await;
    assert!(third.location().starts_with("/applications/a2"), "a form without the value is saved as before");
}

/// Regression (issue 9 leftover): a note typed for a task ticked off in
/// another window was lost behind a "not found" page. It comes back in the
/// form that records a sent message, filled in.
#[tokio::test]
async fn a_note_for_a_task_done_meanwhile_is_kept() {
    let app = app().await;
    app.acme().await;
    let r = app.post("/tasks/mark", &[("task", "thank-you:a1:p2"), ("action", "done"), ("back", "/")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let note = "Dear Tom, thank you for the talk about the on-call load.";
    for action in ["sent", "check"] {
        let r = app
            .post("/write/thank-you:a1:p2", &[("action", action), ("subject", "Thank you"), ("body", note)])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {}", r.body);
        assert!(r.body.contains("no longer on your agenda"), "{}", r.body);
        assert!(
            r.body.contains(note) && r.body.contains("value=\"Thank you\""),
            "the note is kept: {}",
            r.body
        );
        assert!(r.body.contains("action=\"/applications/a1/messages\""), "{}", r.body);
        assert!(r.body.contains("<option value=\"thank-you\" selected"), "{}", r.body);
    }
}

/// Regression (issue 9 leftover): nothing recorded by mistake could be
/// removed in the browser. Each edit form links to a page that says what
/// goes with it; only its button removes, and only what is on the
/// application in the address.
#[tokio::test]
async fn a_mistake_can_be_removed_after_saying_what_goes_with_it() {
    let app = app().await;
    app.acme().await;
    app.post("/applications", &[("company", "Contoso"), ("role", "SRE")]).await;
    let edit = app.get("/applications/a1/interviews/i1/edit").await.body;
    assert!(edit.contains("href=\"/applications/a1/interviews/i1/remove\""), "{edit}");
    let confirm = app.get("/applications/a1/interviews/i1/remove").await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(
        confirm.body.contains("Remove the panel interview of") && confirm.body.contains("leave the agenda")
    );
    assert!(app.get("/applications/a1").await.body.contains("/interviews/i1/edit"), "a GET removes nothing");
    // Another application's record is not found, and stays.
    let r = app.post("/applications/a2/interviews/i1/remove", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.post("/applications/a1/interviews/i1/remove", &[]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/applications/a1"), "{}", r.body);
    let page = app.get("/applications/a1").await.body;
    assert!(!page.contains("/interviews/i1/edit") && page.contains("Removed the panel interview"), "{page}");
    // The application, with what is on it.
    let confirm = app.get("/applications/a1/remove").await.body;
    assert!(confirm.contains("Remove Acme Robotics (Platform Engineer)?"), "{confirm}");
    let r = app.post("/applications/a1/remove", &[]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/applications"));
    let list = app.get("/applications").await.body;
    assert!(list.contains("Removed Acme Robotics (Platform Engineer)."), "the notice says what went: {list}");
    assert!(!list.contains("href=\"/applications/a1\"") && list.contains("Contoso"), "{list}");
    assert_eq!(app.get("/applications/a1/people/p1/remove").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/applications/a2/nonsense/x1/remove").await.status, StatusCode::NOT_FOUND);
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

impl App {
    async fn upload(&self, path: &str, name: &str, content: &[u8]) -> Reply {
        let (kind, body) = multipart(name, content);
        let req = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::COOKIE, &self.cookie)
            .header(header::CONTENT_TYPE, kind);
        send(&self.router, req.body(Body::from(body)).unwrap()).await
    }
}

/// Issue 12: a spreadsheet dropped in the browser shows what it would
/// record, and records it only when its button is pressed.
#[tokio::test]
async fn a_spreadsheet_is_previewed_then_imported_in_the_browser() {
    let app = app().await;
    let form = app.get("/import").await;
    assert!(form.body.contains("enctype=\"multipart/form-data\"") && form.body.contains("type=\"file\""));
    let sheet = b"Company,Role,Status,Applied\nAcme Robotics,Platform Engineer,Applied,2026-11-02\nContoso,SRE,Interviewing,2026-11-05\n";
    let path = format!("/import?csrf={}", app.csrf);
    // Without the token in its address, nothing is read.
    assert_eq!(app.upload("/import", "apps.csv", sheet).await.status, StatusCode::FORBIDDEN);
    let preview = app.upload(&path, "apps.csv", sheet).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(
        preview.body.contains("Record 2 applications") && preview.body.contains("Contoso"),
        "{}",
        preview.body
    );
    assert!(
        app.get("/applications").await.body.contains("Nothing recorded yet"),
        "a preview records nothing"
    );
    let action = preview.body.split("action=\"/import/").nth(1).and_then(|r| r.split('"').next()).unwrap();
    let r = app.post(&format!("/import/{action}"), &[]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/applications"), "{}", r.body);
    let list = app.get("/applications").await.body;
    assert!(list.contains("Acme Robotics") && list.contains("Contoso"), "{list}");
    assert!(list.contains("Recorded 2 applications"), "the notice says what came in: {list}");
    // The same preview twice records nothing more: the file was used.
    let r = app.post(&format!("/import/{action}"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choose the file again"), "{}", r.body);
    // Again: everything is recorded already.
    let again = app.upload(&path, "apps.csv", sheet).await.body;
    assert!(again.contains("Nothing to record"), "{again}");
    // A file of another kind, and a broken sheet: a clear page, nothing recorded.
    let r = app.upload(&path, "photo.png", b"\x89PNG").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("photo.png is not a kind of file"), "{}", r.body);
    let r = app.upload(&path, "bad.csv", b"Company,Role,Applied\nInitech,Analyst,not a day at all\n").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("cannot be imported") && r.body.contains("line 2"), "{}", r.body);
    assert!(!app.get("/applications").await.body.contains("Initech"));
}

/// Issue 12: every export of the command line is a download in the
/// browser too; only the contacts (which tick tasks off) need a button.
#[tokio::test]
async fn the_data_comes_out_as_downloads() {
    let app = app().await;
    app.acme().await;
    let page = app.get("/import").await.body;
    assert!(
        page.contains("href=\"/export/applications.csv\"") && page.contains("action=\"/export/contacts\"")
    );
    let csv = app.get("/export/applications.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains("afterview-applications.csv")
    );
    assert!(csv.body.starts_with("Company,Role") && csv.body.contains("Acme Robotics"), "{}", csv.body);
    let json = app.get("/export/snapshot.json").await;
    assert!(
        json.body.contains("\"format\": \"afterview-snapshot\"")
            || json.body.contains("\"format\":\"afterview-snapshot\""),
        "{}",
        json.body
    );
    assert!(app.get("/").await.body.contains("save the interviewers"), "the task is there before");
    assert_eq!(
        app.get("/export/contacts").await.status,
        StatusCode::METHOD_NOT_ALLOWED,
        "a link changes nothing"
    );
    let cards = app.post("/export/contacts", &[]).await;
    assert_eq!(cards.headers[header::CONTENT_TYPE], "text/vcard; charset=utf-8");
    assert!(cards.body.starts_with("BEGIN:VCARD") && cards.body.contains("Maria Lopez"), "{}", cards.body);
    assert!(!app.get("/").await.body.contains("save the interviewers"), "the contacts export did that task");
    let report = app.get("/export/report?from=2026-11-01&to=2026-11-30&format=html").await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert!(report.body.contains("Acme Robotics") && report.body.contains("<style"), "{}", report.body);
    let r = app.get("/export/report?from=2026-11-01&to=2026-11-30&format=pdf").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.get("/export/report?to=2026-11-30").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("the first and the last day"), "{}", r.body);
}

/// Issue 12: an invitation and then an email dropped in the browser,
/// previewed and recorded through the same importers as the command line.
#[tokio::test]
async fn an_invite_and_an_email_are_imported_in_the_browser() {
    let app = app().await;
    let r = app.post("/settings", &[("key", "user.email"), ("value", "maya.patel@gmail.com")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let path = format!("/import?csrf={}", app.csrf);
    let ics = include_bytes!("../../core/tests/fixtures/invites/google.ics");
    let preview = app.upload(&path, "invite.ics", ics).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(
        preview.body.contains("Acme Robotics") && preview.body.contains("Priya Raman"),
        "{}",
        preview.body
    );
    assert!(!preview.body.contains("maya.patel@gmail.com ("), "the user is no interviewer: {}", preview.body);
    let action = preview.body.split("action=\"/import/").nth(1).and_then(|r| r.split('"').next()).unwrap();
    let r = app.post(&format!("/import/{action}"), &[]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/applications"), "{}", r.body);
    assert!(app.get("/applications").await.body.contains("1 interview added"));
    let again = app.upload(&path, "invite.ics", ics).await.body;
    assert!(again.contains("already recorded") && again.contains("Nothing to record"), "{again}");

    let mail = "Message-ID: <m1@acme-robotics.com>\r\nDate: Wed, 18 Nov 2026 10:00:00 -0800\r\n\
        From: Jordan Lee <jordan.lee@acme-robotics.com>\r\nTo: Maya Patel <maya.patel@gmail.com>\r\n\
        Subject: Next steps\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
        Hi Maya,\r\n\r\nThanks again. We expect to make a decision by December 11.\r\n\r\nJordan\r\n";
    let preview = app.upload(&path, "next-steps.eml", mail.as_bytes()).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(
        preview.body.contains("log on Acme Robotics") && preview.body.contains("Record 1 message"),
        "{}",
        preview.body
    );
    let action = preview.body.split("action=\"/import/").nth(1).and_then(|r| r.split('"').next()).unwrap();
    let r = app.post(&format!("/import/{action}"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(app.get("/applications").await.body.contains("Logged 1 message"));
    let again = app.upload(&path, "next-steps.eml", mail.as_bytes()).await.body;
    assert!(again.contains("already recorded"), "by its Message-ID: {again}");
}

/// Issue 13 (operations): the health checks answer without a session and
/// show nothing of the data; readiness fails when the data cannot be read.
#[tokio::test]
async fn health_checks_answer_without_a_session() {
    let app = app().await;
    for (path, body) in [("/healthz", "ok\n"), ("/readyz", "ready\n")] {
        let req = Request::get(path).header(header::HOST, HOST).body(Body::empty()).unwrap();
        let r = send(&app.router, req).await;
        assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, body), "{path}");
    }
    // A wrong Host is still refused: the checks are no way around it.
    let req = Request::get("/readyz").header(header::HOST, "evil.example").body(Body::empty()).unwrap();
    assert_ne!(send(&app.router, req).await.status, StatusCode::OK);
    // The data folder's database replaced by a directory: not ready, and why in a word.
    let db = app._dir.path().join("afterview.db");
    for end in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{end}", db.display()));
    }
    std::fs::create_dir(&db).unwrap();
    let req = Request::get("/readyz").header(header::HOST, HOST).body(Body::empty()).unwrap();
    let r = send(&app.router, req).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert!(r.body.starts_with("not ready: ") && !r.body.contains('/'), "{}", r.body);
}

/// A computer of one's own has no coaches: every coaching route is not
/// found, and an application's page has no comments section.
#[tokio::test]
async fn the_local_app_has_no_coaching_pages() {
    let app = app().await;
    for path in
        ["/account/coaches", "/coaching", "/coaching/g1", "/coaching/g1/applications", "/coach/accept/ab"]
    {
        assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    for path in ["/account/coaches", "/account/coaches/g1/revoke", "/coaching/g1/applications/a1/comments"] {
        assert_eq!(
            app.post(path, &[("email", "c@example.edu")]).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

/// The word list and the draft templates are changed from the settings
/// page (on a server there are no files to edit): a word added is accepted
/// by the check, a template that would not render is refused with its
/// problem and changes nothing, a good one becomes the draft's start.
#[tokio::test]
async fn words_and_templates_are_changed_from_the_settings_page() {
    let app = app().await;
    let r = app.post("/settings/words", &[("add", "Grafanix, kubectl")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get("/settings").await.body;
    assert!(page.contains(">Grafanix<") && page.contains(">kubectl<"), "{page}");
    let r = app.post("/settings/words", &[("add", "not/a word")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("not a single word") && r.body.contains("value=\"not/a word\""), "{}", r.body);
    let r = app.post("/settings/words", &[("remove", "kubectl")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(!app.get("/settings").await.body.contains(">kubectl<"));

    let editor = app.get("/settings/templates/thank-you").await;
    assert_eq!(editor.status, StatusCode::OK);
    assert!(editor.body.contains("built-in template"), "{}", editor.body);
    assert_eq!(app.get("/settings/templates/no-such-kind").await.status, StatusCode::NOT_FOUND);
    let r = app
        .post("/settings/templates/thank-you", &[("action", "save"), ("text", "Dear {{ to.first_name ")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("role=\"alert\""), "{}", r.body);
    assert!(!app.get("/settings").await.body.contains("thank-you.txt"), "a bad template changes nothing");
    let mine = "Dear {{ to.first_name }},\n\nThank you for your time today.\n";
    let r = app.post("/settings/templates/thank-you", &[("action", "save"), ("text", mine)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(app.get("/settings").await.body.contains("thank-you.txt"), "the settings name the file");
    let editor = app.get("/settings/templates/thank-you").await.body;
    assert!(
        editor.contains("Thank you for your time today.") && editor.contains("your own template"),
        "{editor}"
    );
    let r = app.post("/settings/templates/thank-you", &[("action", "reset")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(app.get("/settings/templates/thank-you").await.body.contains("built-in template"));
}

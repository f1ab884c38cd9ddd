//! What the server-mode tests share: the test PostgreSQL server
//! (`AFTERVIEW_TEST_POSTGRES`; skipped without it, except with `CI=true`),
//! a schema of its own per test, a reply read whole, and a browser's
//! cookies. Each test file uses what it needs of it.
#![allow(dead_code)]

use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The test server's address, or `None` (saying so).
pub fn server_url() -> Option<String> {
    match std::env::var("AFTERVIEW_TEST_POSTGRES") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("AFTERVIEW_TEST_POSTGRES is not set, and in CI the PostgreSQL tests never skip")
        }
        _ => {
            eprintln!("skipped: set AFTERVIEW_TEST_POSTGRES=postgres://USER@HOST:PORT/DB to run this test");
            None
        }
    }
}

/// A schema of its own, dropped after the test.
pub struct Schema {
    pub admin_url: String,
    pub name: String,
}

impl Schema {
    pub fn new() -> Option<Self> {
        static N: AtomicU64 = AtomicU64::new(0);
        let admin_url = server_url()?;
        let name = format!("afterview_web_{}_{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
        let mut admin =
            postgres::Client::connect(&admin_url, postgres::NoTls).expect("the test server answers");
        admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}")).unwrap();
        Some(Self { admin_url, name })
    }

    /// The database address with this schema as the only one searched.
    pub fn url(&self) -> String {
        let sep = if self.admin_url.contains('?') { '&' } else { '?' };
        format!("{}{sep}options=-csearch_path%3D{}", self.admin_url, self.name)
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        // On a thread of its own: the sync client cannot block on the
        // test's runtime thread.
        let (url, name) = (self.admin_url.clone(), self.name.clone());
        let _ = std::thread::spawn(move || {
            if let Ok(mut admin) = postgres::Client::connect(&url, postgres::NoTls) {
                let _ = admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"));
            }
        })
        .join();
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// The `name=value` of each cookie set.
    pub fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or_default().to_owned())
            .collect()
    }

    /// A hidden field's value.
    pub fn field(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let at = self.body.find(&marker).unwrap_or_else(|| panic!("no {name} field in {}", self.body))
            + marker.len();
        self.body[at..].split('"').next().unwrap().to_owned()
    }

    /// The text of the page's problem (`role="alert"`), or "", with the
    /// apostrophes askama escapes read back.
    pub fn problem(&self) -> String {
        let alert = self.body.split("role=\"alert\">").nth(1).unwrap_or_default();
        alert.split('<').next().unwrap_or_default().replace("&#39;", "'").replace("&#x27;", "'")
    }
}

/// One browser: its cookies, and the CSRF token of its session.
#[derive(Default, Clone)]
pub struct Browser {
    pub cookies: Vec<String>,
    pub csrf: String,
}

impl Browser {
    /// Whether it holds a server session's cookie.
    pub fn has_session(&self) -> bool {
        self.cookies.iter().any(|c| c.starts_with("afterview_session="))
    }

    pub fn cookie_header(&self) -> String {
        self.cookies.join("; ")
    }

    pub fn keep(&mut self, r: &Reply) {
        for c in r.cookies() {
            let name = c.split('=').next().unwrap_or_default().to_owned();
            self.cookies.retain(|k| !k.starts_with(&format!("{name}=")));
            if !c.ends_with('=') {
                self.cookies.push(c);
            }
        }
    }
}

pub async fn send(router: &Router, req: Request<Body>) -> Reply {
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

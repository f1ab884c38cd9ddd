//! What keeps a job seeker's private data to themselves while a server
//! runs on their machine:
//!
//! - **A session from a one-time login link.** `serve` prints a link with a
//!   random token (as Jupyter does); opening it once sets an HttpOnly,
//!   SameSite=Strict cookie, and the token is spent. Every page needs that
//!   cookie. The calendar feed is the one exception: calendar programs send
//!   no cookie, so its own random secret, in its URL, is its key.
//! - **The Host header** must name this server by an address (or
//!   `localhost`) and its port: a web page whose domain was re-pointed at
//!   this machine (DNS rebinding) sends its own name and is refused.
//! - **CSRF**: every request that may change something (anything but GET
//!   and HEAD) carries the session's token, as the `csrf` form field or the
//!   `X-CSRF-Token` header (htmx), and any `Origin` it carries is this
//!   server; GET never changes data.
//! - **Headers** on every response: a Content-Security-Policy allowing only
//!   this server's own scripts and styles (no inline script),
//!   `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, no
//!   framing, and `Cache-Control: no-store` on pages.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::Web;

/// The largest request body read (a pasted note is a few kilobytes).
const BODY_LIMIT: usize = 1 << 20;

/// The policy every response carries: scripts, styles and images from this
/// server only, forms posting only to it, no framing, no plugins.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
     connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// 32 random bytes as 64 hex digits: a login token, a session, a CSRF
/// token or the feed's secret.
pub fn token() -> String {
    let mut bytes = [0u8; 32];
    // The operating system's generator; without one there is no safe token
    // to make, and no server should start.
    getrandom::fill(&mut bytes).expect("the operating system's random number generator failed");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// One signed-in browser.
#[derive(Debug, Clone)]
pub struct Session {
    /// The token every state-changing request of this session must carry.
    pub csrf: String,
}

/// The server's login token, sessions, and the address it answers to.
pub struct Security {
    listen: SocketAddr,
    /// Spent (taken) by its first use.
    login: Mutex<Option<String>>,
    sessions: Mutex<HashMap<String, Session>>,
    /// The forms posted, so a form sent twice is saved once.
    once: crate::once::Once,
    /// The cookie's name carries the port: two servers on one machine
    /// (cookies ignore ports) do not sign each other out.
    cookie: String,
}

impl Security {
    pub fn new(listen: SocketAddr) -> Self {
        Self {
            listen,
            login: Mutex::new(Some(token())),
            sessions: Mutex::new(HashMap::new()),
            once: crate::once::Once::default(),
            cookie: format!("afterview_{}", listen.port()),
        }
    }

    /// The address to show in links: the listening one, or this computer's
    /// loopback when it listens on every address.
    fn origin_host(&self) -> String {
        let ip = match self.listen.ip() {
            ip if ip.is_unspecified() => IpAddr::from([127, 0, 0, 1]),
            ip => ip,
        };
        SocketAddr::new(ip, self.listen.port()).to_string()
    }

    /// The one-time login link (empty token once spent).
    pub fn login_url(&self) -> String {
        let token = self.login.lock().map(|t| t.clone().unwrap_or_default()).unwrap_or_default();
        format!("http://{}/login?token={token}", self.origin_host())
    }

    /// The login path with its token, for tests that sign in in-process.
    pub fn login_path(&self) -> Option<String> {
        let token = self.login.lock().ok()?.clone()?;
        Some(format!("/login?token={token}"))
    }

    /// The cookie's name.
    pub fn cookie_name(&self) -> &str {
        &self.cookie
    }

    /// Is this Host header this server? An address (the one listened on,
    /// loopback, or any when listening on all of them) or `localhost`, with
    /// the port; a DNS name is what a rebinding attack sends, and is refused.
    pub fn host_allowed(&self, host: &str) -> bool {
        let (name, port) = match host.rsplit_once(':') {
            Some((n, p)) if !n.ends_with(':') && (n.starts_with('[') || !n.contains(':')) => {
                (n, p.parse::<u16>().ok())
            }
            _ => (host, Some(80)),
        };
        if port != Some(self.listen.port()) {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let Ok(ip) = name.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() else {
            return false;
        };
        ip.is_loopback() || ip == self.listen.ip() || self.listen.ip().is_unspecified()
    }

    /// The session whose cookie the request carries.
    pub fn session(&self, headers: &HeaderMap) -> Option<Session> {
        let id = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .find(|(name, _)| *name == self.cookie)
            .map(|(_, value)| value.to_owned())?;
        let sessions = self.sessions.lock().ok()?;
        sessions.iter().find(|(k, _)| same(k.as_bytes(), id.as_bytes())).map(|(_, s)| s.clone())
    }

    /// Spends the login token when `given` is it, and opens a session: its
    /// id for the cookie.
    fn sign_in(&self, given: &str) -> Option<String> {
        let mut login = self.login.lock().ok()?;
        let ok = login.as_deref().is_some_and(|t| same(t.as_bytes(), given.as_bytes()));
        if !ok {
            return None;
        }
        *login = None;
        let id = token();
        self.sessions.lock().ok()?.insert(id.clone(), Session { csrf: token() });
        Some(id)
    }
}

/// A refusal, as a short page that says what to do. The texts are fixed:
/// nothing from the request is echoed.
pub(crate) fn refuse(status: StatusCode, title: &str, what: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <link rel=\"stylesheet\" href=\"/assets/style.css\"></head><body><main class=\"narrow\">\
         <h1>{title}</h1><p>{what}</p></main></body></html>"
    );
    (status, Html(body)).into_response()
}

/// Checks every request (see the module's text), and hands the session to
/// the handler.
pub async fn guard(State(web): State<Arc<Web>>, mut req: Request, next: Next) -> Response {
    let security = &web.security;
    let host_ok = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|h| security.host_allowed(h));
    if !host_ok {
        return refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "Wrong address",
            "afterview answers only to the address it printed when it started (such as 127.0.0.1 and its port).",
        );
    }
    let path = req.uri().path();
    // The health checks say nothing about anyone's data: a supervisor or a
    // proxy asks them without a session.
    let health = path == "/healthz" || path == "/readyz";
    let open = path.starts_with("/assets/") || path.starts_with("/feed/") || path == "/login" || health;
    if open {
        if path.starts_with("/feed/") && req.method() != Method::GET && req.method() != Method::HEAD {
            return refuse(
                StatusCode::METHOD_NOT_ALLOWED,
                "Read only",
                "The calendar feed can only be read.",
            );
        }
        return next.run(req).await;
    }
    let Some(session) = security.session(req.headers()) else {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "Please sign in",
            "Open the sign-in link that <code>afterview serve</code> printed when it started. \
             Each link works once; restart <code>afterview serve</code> for a new one.",
        );
    };
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
        let origin = req.headers().get(header::ORIGIN).and_then(|h| h.to_str().ok());
        // With `Referrer-Policy: no-referrer` browsers send `Origin: null`
        // on their own forms' posts; the CSRF token is checked all the same.
        if origin.is_some_and(|o| o != "null" && o != format!("http://{host}")) {
            return refuse(
                StatusCode::FORBIDDEN,
                "Refused",
                "This request came from another site; nothing was changed.",
            );
        }
        // A file upload is a multipart body, read by its handler: its form
        // carries the token in its address instead (pages::import).
        let upload = req.uri().path() == "/import";
        let (parts, body) = req.into_parts();
        let limit = if upload { crate::pages::import::UPLOAD_LIMIT } else { BODY_LIMIT };
        let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
            return refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Too long",
                &format!("That is more than afterview accepts at once ({} MB).", limit >> 20),
            );
        };
        let query_token = upload
            .then(|| parts.uri.query().map(|q| form_pairs(q.as_bytes())))
            .flatten()
            .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "csrf").map(|(_, v)| v));
        let header_token = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .or(query_token);
        let pairs = form_pairs(&bytes);
        let field = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let given = header_token.or_else(|| field("csrf"));
        if !given.is_some_and(|g| same(g.as_bytes(), session.csrf.as_bytes())) {
            return refuse(
                StatusCode::FORBIDDEN,
                "Refused",
                "This form had no valid security token (it may be from an older page); nothing was changed. \
                 Go back, reload the page and try again.",
            );
        }
        let once = field("once").filter(|k| !k.is_empty());
        // Keyed by the session too: one browser's form is its own.
        let once = once.map(|k| format!("{}:{k}", session.csrf));
        let mut req = Request::from_parts(parts, Body::from(bytes));
        req.extensions_mut().insert(session);
        return match once {
            Some(key) => security.once.run(&key, next.run(req)).await,
            None => next.run(req).await,
        };
    }
    req.extensions_mut().insert(session);
    next.run(req).await
}

/// The fields of a form body (`application/x-www-form-urlencoded`).
pub(crate) fn form_pairs(bytes: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(bytes).unwrap_or_default()
}

#[derive(Deserialize)]
pub(crate) struct LoginQuery {
    token: Option<String>,
}

/// `GET /login?token=…`: the one-time link. It changes no data: it opens a
/// session, then sends the browser home.
pub(crate) async fn login(
    State(web): State<Arc<Web>>,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Response {
    let security = &web.security;
    // A browser signed in already (a second click on the link) just goes home.
    if security.session(&headers).is_some() {
        return Redirect::to("/").into_response();
    }
    match q.token.as_deref().and_then(|t| security.sign_in(t)) {
        Some(id) => {
            let cookie = format!("{}={id}; HttpOnly; SameSite=Strict; Path=/", security.cookie);
            let mut response = Redirect::to("/").into_response();
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(header::SET_COOKIE, v);
            }
            response
        }
        None => refuse(
            StatusCode::FORBIDDEN,
            "This link has been used",
            "Each sign-in link works once. Restart <code>afterview serve</code> for a new one.",
        ),
    }
}

/// The headers of every response (see the module's text).
pub async fn headers(req: Request, next: Next) -> Response {
    let asset = req.uri().path().starts_with("/assets/");
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !asset && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_addresses_with_the_port() {
        let s = Security::new("127.0.0.1:7878".parse().unwrap());
        for ok in ["127.0.0.1:7878", "localhost:7878", "LOCALHOST:7878", "[::1]:7878"] {
            assert!(s.host_allowed(ok), "{ok}");
        }
        for bad in ["evil.example:7878", "127.0.0.1:80", "127.0.0.1", "192.168.1.4:7878", "", "[::1]"] {
            assert!(!s.host_allowed(bad), "{bad}");
        }
        let all = Security::new("0.0.0.0:7878".parse().unwrap());
        assert!(all.host_allowed("192.168.1.4:7878"));
        assert!(!all.host_allowed("attacker.example:7878"), "a name is what DNS rebinding sends");
    }

    #[test]
    fn the_login_token_works_once() {
        let s = Security::new("127.0.0.1:7878".parse().unwrap());
        let path = s.login_path().unwrap();
        let token = path.rsplit('=').next().unwrap().to_owned();
        assert_eq!(token.len(), 64);
        assert!(s.sign_in("wrong").is_none());
        let id = s.sign_in(&token).expect("first use");
        assert!(s.sign_in(&token).is_none(), "spent");
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, format!("other=1; afterview_7878={id}").parse().unwrap());
        assert!(s.session(&h).is_some());
        h.insert(header::COOKIE, "afterview_7878=forged".parse().unwrap());
        assert!(s.session(&h).is_none());
    }
}

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
//! - **In server mode** (`serve --database`) there is no login link:
//!   people sign in with an email and a password (or join by an admin's
//!   invitation), their session lives in PostgreSQL (so any of several
//!   processes serves it; the cookie holds a random token, the database
//!   only its hash), and each request's user is set here, once, for the
//!   whole request ([`user`]): every store handle the request opens is
//!   that user's. The forms that sign in carry a token that must equal a
//!   cookie set with the form (a double-submit token), so another site
//!   cannot sign a browser into an account of its choosing.
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

use afterview_store::UserId;

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
    /// Whose session it is, in server mode; `None` for the local app's one user.
    pub account: Option<afterview_app::accounts::Account>,
    /// When a server's session ends at the latest.
    pub expires: Option<jiff::Timestamp>,
}

tokio::task_local! {
    /// The signed-in user of the request being served (server mode).
    static USER: UserId;
}

/// The user the current request was signed in as, in server mode: the
/// only way a handler's store handle gets a user ([`Web::run`]).
pub(crate) fn user() -> Option<UserId> {
    USER.try_with(|u| *u).ok()
}

/// Whether the page being made is for a signed-in account (the menu then
/// offers the account page).
pub fn signed_in() -> bool {
    user().is_some()
}

/// The address people reach a server at (see [`crate::ServerOptions`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    secure: bool,
    /// `host` or `host:port`, lowercase.
    host: String,
}

impl std::str::FromStr for PublicUrl {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let problem = |why: &str| format!("{s} is not a public address afterview can use: {why}");
        let (secure, rest) = if let Some(rest) = s.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = s.strip_prefix("http://") {
            (false, rest)
        } else {
            return Err(problem("it should start with https:// (or http://)"));
        };
        let host = rest.strip_suffix('/').unwrap_or(rest);
        if host.is_empty() {
            return Err(problem("it names no host; give one such as https://jobs.example.edu"));
        }
        if host.contains(['/', '?', '#', '@', ' ']) {
            return Err(problem(
                "give only the scheme and the host (and a port), such as https://jobs.example.edu: \
                 afterview is served at the root of its address",
            ));
        }
        Ok(Self { secure, host: host.to_ascii_lowercase() })
    }
}

impl PublicUrl {
    /// `https://host`: what a browser sends as `Origin`, and what links start with.
    pub fn origin(&self) -> String {
        format!("{}://{}", if self.secure { "https" } else { "http" }, self.host)
    }

    /// Whether the session cookie may travel only over TLS.
    pub fn secure(&self) -> bool {
        self.secure
    }
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
    /// Server mode, and the public address when one was given.
    server: bool,
    public: Option<PublicUrl>,
}

/// The cookie of the sign-in forms' double-submit token (server mode).
pub(crate) const FORM_COOKIE: &str = "afterview_form";

impl Security {
    pub fn new(listen: SocketAddr) -> Self {
        Self {
            listen,
            login: Mutex::new(Some(token())),
            sessions: Mutex::new(HashMap::new()),
            once: crate::once::Once::default(),
            cookie: format!("afterview_{}", listen.port()),
            server: false,
            public: None,
        }
    }

    /// A server's: no login link, sessions kept by the accounts. The cookie
    /// is `__Host-` prefixed behind https (only ever set `Secure`, for this
    /// host and path `/`, so no other subdomain can plant one).
    pub fn server(listen: SocketAddr, public: Option<PublicUrl>) -> Self {
        let secure = public.as_ref().is_some_and(PublicUrl::secure);
        Self {
            login: Mutex::new(None),
            cookie: if secure { "__Host-afterview".to_owned() } else { "afterview_session".to_owned() },
            server: true,
            public,
            ..Self::new(listen)
        }
    }

    /// Whether this is a server many people sign in to.
    pub fn is_server(&self) -> bool {
        self.server
    }

    /// The start of the links this server shows (a feed's address): the
    /// public address, else the Host the request came to.
    pub fn origin(&self, host: &str) -> String {
        match &self.public {
            Some(p) => p.origin(),
            None => format!("http://{host}"),
        }
    }

    /// The `Set-Cookie` value that starts a session.
    pub(crate) fn session_cookie(&self, id: &str) -> String {
        let secure = if self.public.as_ref().is_some_and(PublicUrl::secure) { "; Secure" } else { "" };
        // Lax on a server, so a link to it from a mail opens signed in;
        // every change needs the CSRF token all the same.
        let same_site = if self.server { "Lax" } else { "Strict" };
        format!("{}={id}; HttpOnly; SameSite={same_site}; Path=/{secure}", self.cookie)
    }

    /// The `Set-Cookie` value that ends one.
    pub(crate) fn cleared_cookie(&self) -> String {
        format!("{}; Max-Age=0", self.session_cookie(""))
    }

    /// The `Set-Cookie` of a sign-in form's double-submit token.
    pub(crate) fn form_cookie(&self, value: &str) -> String {
        let secure = if self.public.as_ref().is_some_and(PublicUrl::secure) { "; Secure" } else { "" };
        format!("{FORM_COOKIE}={value}; HttpOnly; SameSite=Strict; Path=/{secure}")
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
        if self.public.as_ref().is_some_and(|p| p.host.eq_ignore_ascii_case(host)) {
            return true;
        }
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

    /// The session cookie's value, if the request carries one.
    pub(crate) fn session_token(&self, headers: &HeaderMap) -> Option<String> {
        cookie(headers, &self.cookie)
    }

    /// The local app's session whose cookie the request carries.
    pub fn session(&self, headers: &HeaderMap) -> Option<Session> {
        let id = self.session_token(headers)?;
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
        self.sessions
            .lock()
            .ok()?
            .insert(id.clone(), Session { csrf: token(), account: None, expires: None });
        Some(id)
    }
}

/// A cookie's value by its name.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_owned())
}

/// Is a sign-in form's double-submit token (`form` field) the one its
/// cookie holds? Compared in constant time; both must be there.
pub(crate) fn form_token_ok(headers: &HeaderMap, given: Option<&str>) -> bool {
    match (cookie(headers, FORM_COOKIE), given) {
        (Some(c), Some(g)) => !c.is_empty() && same(c.as_bytes(), g.as_bytes()),
        _ => false,
    }
}

/// The paths a server answers without a session: signing in (with a
/// password or through the identity provider), joining by an invitation,
/// a password reset, open sign-up.
fn account_path(path: &str) -> bool {
    path == "/login"
        || path == "/signup"
        || path.starts_with("/join/")
        || path.starts_with("/reset/")
        || path == "/login/oidc"
        || path == "/login/oidc/callback"
}

/// The session of a server's request, from the accounts; `Err` is a page
/// saying the accounts cannot be read.
async fn server_session(web: &Arc<Web>, headers: &HeaderMap) -> Result<Option<Session>, Response> {
    let (Some(server), Some(token)) = (web.server(), web.security.session_token(headers)) else {
        return Ok(None);
    };
    let server = Arc::clone(server);
    let found = crate::blocking(move || {
        afterview_app::accounts::session(&server.pool, &token, jiff::Timestamp::now())
    })
    .await;
    match found {
        Ok(signed) => Ok(signed.map(|s| Session {
            csrf: s.csrf,
            account: Some(s.account),
            expires: Some(s.expires_at),
        })),
        Err(e) => {
            tracing::error!(problem = %e, "the sessions cannot be read");
            Err(refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "Busy",
                "afterview cannot reach its database just now; nothing was changed. Try again in a minute.",
            ))
        }
    }
}

/// A refusal, as a short page that says what to do. The texts are fixed:
/// nothing from the request is echoed.
pub(crate) fn refuse(status: StatusCode, title: &str, what: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <link rel=\"icon\" href=\"/assets/icon.svg\" type=\"image/svg+xml\">\
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
    let client = client_address(&req);
    req.extensions_mut().insert(client);
    let path = req.uri().path();
    // The health checks say nothing about anyone's data: a supervisor or a
    // proxy asks them without a session.
    let health = path == "/healthz" || path == "/readyz";
    let open = path.starts_with("/assets/") || path.starts_with("/feed/") || path == "/login" || health;
    let server = security.is_server();
    if server && account_path(path) {
        // Signing in changes who the browser is: the request must come from
        // a page of this server (its form's token is checked by the handler).
        if req.method() == Method::GET || req.method() == Method::HEAD {
            return next.run(req).await;
        }
        if !origin_ok(security, req.headers()) {
            return foreign();
        }
        // Read here, under the same limit as every other form (the
        // handler's own extractor would take twice as much).
        let (parts, body) = req.into_parts();
        return match read_body(body, BODY_LIMIT).await {
            Ok(bytes) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
            Err(refused) => refused,
        };
    }
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
    let session = if server {
        match server_session(&web, req.headers()).await {
            Ok(s) => s,
            Err(page) => return page,
        }
    } else {
        security.session(req.headers())
    };
    let Some(session) = session else {
        if server {
            // A person who is not signed in is sent to sign in (a form
            // posted after the session ended is refused: it is not redone).
            if req.method() == Method::GET {
                // Back here once signed in (a coach's invitation link).
                let here = req.uri().path();
                if here == "/" {
                    return Redirect::to("/login").into_response();
                }
                let next = serde_urlencoded::to_string([("next", here)]).unwrap_or_default();
                return Redirect::to(&format!("/login?{next}")).into_response();
            }
            return refuse(
                StatusCode::UNAUTHORIZED,
                "Please sign in",
                "Your session has ended; nothing was changed. <a href=\"/login\">Sign in</a> and try again.",
            );
        }
        return refuse(
            StatusCode::UNAUTHORIZED,
            "Please sign in",
            "Open the sign-in link that <code>afterview serve</code> printed when it started. \
             Each link works once; restart <code>afterview serve</code> for a new one.",
        );
    };
    let user = session.account.as_ref().map(|a| a.id);
    let next = |req| async move {
        match user {
            Some(user) => USER.scope(user, next.run(req)).await,
            None => next.run(req).await,
        }
    };
    if req.method() != Method::GET && req.method() != Method::HEAD {
        if !origin_ok(security, req.headers()) {
            return foreign();
        }
        // A file upload is a multipart body, read by its handler: its form
        // carries the token in its address instead (pages::import).
        let upload = req.uri().path() == "/import";
        let (parts, body) = req.into_parts();
        let limit = if upload { crate::pages::import::UPLOAD_LIMIT } else { BODY_LIMIT };
        let bytes = match read_body(body, limit).await {
            Ok(bytes) => bytes,
            Err(refused) => return refused,
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
            Some(key) => security.once.run(&key, next(req)).await,
            None => next(req).await,
        };
    }
    req.extensions_mut().insert(session);
    next(req).await
}

/// A request's body, refused as too long past `limit` bytes.
async fn read_body(body: Body, limit: usize) -> Result<axum::body::Bytes, Response> {
    axum::body::to_bytes(body, limit).await.map_err(|_| {
        refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Too long",
            &format!("That is more than afterview accepts at once ({} MB).", limit >> 20),
        )
    })
}

/// The address a request came from, as the sign-in rate limits count it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClientAddr(pub IpAddr);

/// The peer's address; behind a reverse proxy on this machine (a loopback
/// peer), the last address of `X-Forwarded-For`, the one the proxy itself
/// saw. A header from anyone else is not believed: it is theirs to write.
fn client_address(req: &Request) -> ClientAddr {
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([127, 0, 0, 1]), |c| c.0.ip());
    let forwarded = || {
        req.headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .last()
            .and_then(|a| a.trim().parse::<IpAddr>().ok())
    };
    ClientAddr(if peer.is_loopback() { forwarded().unwrap_or(peer) } else { peer })
}

/// Does a request that may change something come from this server's own
/// pages? Any `Origin` it carries must be this server (the Host it came
/// to, or the public address). With `Referrer-Policy: no-referrer`
/// browsers send `Origin: null` on their own forms' posts; the CSRF token
/// is checked all the same.
fn origin_ok(security: &Security, headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    let Some(origin) = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok()) else {
        return true;
    };
    origin == "null"
        || origin == format!("http://{host}")
        || security.public.as_ref().is_some_and(|p| origin == p.origin())
}

fn foreign() -> Response {
    refuse(StatusCode::FORBIDDEN, "Refused", "This request came from another site; nothing was changed.")
}

/// The fields of a form body (`application/x-www-form-urlencoded`).
pub(crate) fn form_pairs(bytes: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(bytes).unwrap_or_default()
}

#[derive(Deserialize)]
pub(crate) struct LoginQuery {
    token: Option<String>,
    /// On a server: the page to go on to once signed in.
    next: Option<String>,
}

/// `GET /login?token=…`: the one-time link. It changes no data: it opens a
/// session, then sends the browser home.
pub(crate) async fn login(
    State(web): State<Arc<Web>>,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Response {
    if web.security.is_server() {
        return crate::pages::account::login_form(&web, &headers, q.next).await;
    }
    let security = &web.security;
    // A browser signed in already (a second click on the link) just goes home.
    if security.session(&headers).is_some() {
        return Redirect::to("/").into_response();
    }
    match q.token.as_deref().and_then(|t| security.sign_in(t)) {
        Some(id) => {
            let cookie = security.session_cookie(&id);
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

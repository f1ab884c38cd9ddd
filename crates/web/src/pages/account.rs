//! Accounts, in server mode: signing in and out, joining by an admin's
//! invitation, a password reset by an admin's link, open sign-up when the
//! admin allows it, and the account page (password, sessions, erasure).
//! Every rule (the password policy, rate limits, what a used link means)
//! is the accounts' use cases'; these handlers parse, call and render.
//!
//! The sign-in forms are sent before there is a session, so they carry a
//! double-submit token instead of the CSRF token: the form's `form` field
//! must equal the `afterview_form` cookie set with it.

use std::net::IpAddr;
use std::sync::Arc;

use afterview_app::accounts::{self, Opened, Purpose};
use afterview_app::{Error, feed};
use askama::Template;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::{PageError, PageResult, csrf, html};
use crate::form::FormData;
use crate::security::{ClientAddr, FORM_COOKIE, Session, cookie, form_token_ok, token};
use crate::{Web, blocking};

/// What a sign-in form shows.
pub struct SignInView {
    pub title: &'static str,
    pub intro: Option<String>,
    pub error: Option<String>,
    pub action: String,
    /// Set by `form_page`, from the browser's cookie.
    pub form_token: String,
    pub ask_email: bool,
    pub ask_name: bool,
    /// A password being chosen (join, reset, sign-up), not typed again.
    pub new_password: bool,
    pub email: String,
    pub name: String,
    pub submit: &'static str,
    /// Other ways in: (path, text); an empty path is a hint, not a link.
    pub links: Vec<(String, String)>,
    /// The page to go on to once signed in (empty: home).
    pub next: String,
    /// The identity provider's name, for its "Sign in with …" button.
    pub oidc: Option<String>,
}

impl SignInView {
    /// The "Sign in with …" button's link, going on to `next` afterwards.
    pub fn oidc_href(&self) -> String {
        if self.next.is_empty() {
            return "/login/oidc".to_owned();
        }
        let query = serde_urlencoded::to_string([("next", self.next.as_str())]).unwrap_or_default();
        format!("/login/oidc?{query}")
    }
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    csrf: String,
    nav: &'static str,
    page: SignInView,
}

/// The browser's double-submit token: the one its cookie holds already,
/// else a new one. One per browser, not per drawing: a form drawn anew
/// (a second tab, or the browser's own `/favicon.ico`, which a signed-out
/// browser is sent to `/login` for) must not void the one already open.
fn form_token(headers: &HeaderMap) -> String {
    cookie(headers, FORM_COOKIE)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap_or_else(token)
}

/// A sign-in form, with the browser's double-submit token and its cookie.
pub(crate) fn form_page(
    web: &Web,
    headers: &HeaderMap,
    status: StatusCode,
    mut page: SignInView,
) -> Response {
    page.form_token = form_token(headers);
    let cookie = web.security.form_cookie(&page.form_token);
    let body = match (SignInPage { csrf: String::new(), nav: "", page }).render() {
        Ok(b) => b,
        Err(e) => return PageError::from(e).into_response(),
    };
    let mut response = (status, Html(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// The server's accounts; a local app has none, and these pages are not there.
fn server(web: &Web) -> Result<Arc<afterview_app::server::Server>, PageError> {
    web.server().cloned().ok_or_else(|| PageError {
        status: StatusCode::NOT_FOUND,
        message: "there is no such page here".into(),
    })
}

/// After a sign-in that worked: the session's cookie, the account's
/// calendar-feed secret made if it has none (a POST, so no GET ever
/// writes it), and home.
pub(crate) async fn signed_in(web: &Arc<Web>, opened: Opened, next: Option<&str>) -> PageResult {
    let user = Some(opened.account.id);
    web.run_as(user, |c| feed::ensure_secret(&mut c.store, token).map(drop)).await?;
    // Back to the page that asked to sign in (a coach's invitation), when
    // it is one of this server's.
    let mut response = super::back_to(next, "/");
    let h = response.headers_mut();
    for cookie in
        [web.security.session_cookie(&opened.token), format!("{}; Max-Age=0", web.security.form_cookie(""))]
    {
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            h.append(header::SET_COOKIE, v);
        }
    }
    Ok(response)
}

/// The form's fields, once its double-submit token is checked.
fn checked_form(headers: &HeaderMap, body: &[u8]) -> Result<FormData, PageError> {
    let form = FormData::parse(body);
    if form_token_ok(headers, form.get("form")) {
        return Ok(form);
    }
    Err(PageError {
        status: StatusCode::FORBIDDEN,
        message:
            "this form had no valid security token (it may be from an older page); nothing was changed. \
                  Go back, reload the page and try again"
                .into(),
    })
}

pub(crate) fn login_view(web: &Web, error: Option<String>, email: String, open_sign_up: bool) -> SignInView {
    let mut links = Vec::new();
    if open_sign_up {
        links.push(("/signup".to_owned(), "New here? Make an account".to_owned()));
    }
    links.push((String::new(), "Forgot your password? Ask your career service for a reset link.".to_owned()));
    SignInView {
        title: "Sign in",
        intro: None,
        error,
        action: "/login".into(),
        form_token: String::new(),
        ask_email: true,
        ask_name: false,
        new_password: false,
        email,
        name: String::new(),
        submit: "Sign in",
        links,
        oidc: web.oidc.as_ref().map(|p| p.name.clone()),
        next: String::new(),
    }
}

async fn open_sign_up(server: &Arc<afterview_app::server::Server>) -> bool {
    let server = Arc::clone(server);
    blocking(move || accounts::open_sign_up(&server.pool)).await.unwrap_or(false)
}

/// `GET /login?next=PATH` on a server: the form (home, when signed in
/// already); `next` is where a sign-in goes on to.
pub async fn login_form(web: &Arc<Web>, headers: &HeaderMap, next: Option<String>) -> Response {
    let Ok(server) = server(web) else {
        return Redirect::to("/").into_response();
    };
    if let Some(token) = web.security.session_token(headers) {
        let s = Arc::clone(&server);
        let now = jiff::Timestamp::now();
        if let Ok(Some(_)) = blocking(move || accounts::session(&s.pool, &token, now)).await {
            return Redirect::to("/").into_response();
        }
    }
    let open = open_sign_up(&server).await;
    let mut view = login_view(web, None, String::new(), open);
    view.next = next.unwrap_or_default();
    form_page(web, headers, StatusCode::OK, view)
}

/// `POST /login`: `email`, `password`.
pub async fn login(
    State(web): State<Arc<Web>>,
    Extension(ClientAddr(from)): Extension<ClientAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let server = server(&web)?;
    let form = checked_form(&headers, &body)?;
    let email = form.text("email").unwrap_or_default();
    let password = form.get("password").unwrap_or_default().to_owned();
    let (s, e) = (Arc::clone(&server), email.clone());
    let now = jiff::Timestamp::now();
    let next = form.text("next");
    match blocking(move || accounts::log_in(&s.pool, &e, &password, from, now)).await {
        Ok(opened) => signed_in(&web, opened, next.as_deref()).await,
        Err(err @ (Error::Refused { .. } | Error::Invalid { .. } | Error::NotFound { .. })) => {
            let open = open_sign_up(&server).await;
            let status = StatusCode::UNAUTHORIZED;
            let mut view = login_view(&web, Some(err.to_string()), email, open);
            view.next = next.unwrap_or_default();
            Ok(form_page(&web, &headers, status, view))
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /logout`: this session ends.
pub async fn logout(State(web): State<Arc<Web>>, headers: HeaderMap) -> PageResult {
    let server = server(&web)?;
    if let Some(token) = web.security.session_token(&headers) {
        blocking(move || accounts::log_out(&server.pool, &token)).await?;
    }
    Ok(signed_out(&web))
}

/// `POST /logout/everywhere`: every session of the account ends.
pub async fn logout_everywhere(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
) -> PageResult {
    let server = server(&web)?;
    let account = session.account.ok_or_else(|| Error::refused("sign in first"))?;
    blocking(move || accounts::log_out_everywhere(&server.pool, account.id)).await?;
    Ok(signed_out(&web))
}

fn signed_out(web: &Web) -> Response {
    let mut response = Redirect::to("/login").into_response();
    if let Ok(v) = HeaderValue::from_str(&web.security.cleared_cookie()) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// What a join or reset link's page says.
fn link_view(
    purpose: Purpose,
    token: &str,
    email: String,
    error: Option<String>,
    name: String,
) -> SignInView {
    let (title, intro, submit, prefix) = match purpose {
        Purpose::Join => (
            "Join afterview",
            "You were invited to keep your job applications here. Choose your name and a password; \
             only you see what you record.",
            "Make my account",
            "/join/",
        ),
        Purpose::Reset => {
            ("Choose a new password", "Your other sessions end when you do.", "Save the password", "/reset/")
        }
    };
    SignInView {
        title,
        intro: Some(intro.to_owned()),
        error,
        action: format!("{prefix}{token}"),
        form_token: String::new(),
        ask_email: false,
        ask_name: purpose == Purpose::Join,
        new_password: true,
        email,
        name,
        submit,
        links: Vec::new(),
        oidc: None,
        next: String::new(),
    }
}

async fn link_form(web: Arc<Web>, purpose: Purpose, token: String, headers: HeaderMap) -> PageResult {
    let server = server(&web)?;
    let t = token.clone();
    let now = jiff::Timestamp::now();
    let pending = blocking(move || accounts::pending(&server.pool, purpose, &t, now)).await?;
    let view = link_view(purpose, &token, pending.email, None, String::new());
    Ok(form_page(&web, &headers, StatusCode::OK, view))
}

async fn link_post(
    web: Arc<Web>,
    purpose: Purpose,
    token: String,
    from: IpAddr,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let server = server(&web)?;
    let form = checked_form(&headers, &body)?;
    let name = form.text("name").unwrap_or_default();
    let password = form.get("password").unwrap_or_default().to_owned();
    let (s, t, n) = (Arc::clone(&server), token.clone(), name.clone());
    let now = jiff::Timestamp::now();
    let opened = blocking(move || match purpose {
        Purpose::Join => accounts::join(&s.pool, &t, &n, &password, from, now),
        Purpose::Reset => accounts::reset(&s.pool, &t, &password, from, now),
    })
    .await;
    match opened {
        Ok(opened) => signed_in(&web, opened, None).await,
        // A password refused: the same form again, the link still unused.
        Err(err @ Error::Invalid { .. }) => {
            let (s, t) = (Arc::clone(&server), token.clone());
            let pending = blocking(move || accounts::pending(&s.pool, purpose, &t, now)).await?;
            let view = link_view(purpose, &token, pending.email, Some(err.to_string()), name);
            Ok(form_page(&web, &headers, StatusCode::UNPROCESSABLE_ENTITY, view))
        }
        Err(other) => Err(other.into()),
    }
}

/// `GET /join/{token}`: an invitation's form.
pub async fn join_form(
    State(web): State<Arc<Web>>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    link_form(web, Purpose::Join, token, headers).await
}

/// `POST /join/{token}`: `name`, `password`.
pub async fn join(
    State(web): State<Arc<Web>>,
    Path(token): Path<String>,
    Extension(ClientAddr(from)): Extension<ClientAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    link_post(web, Purpose::Join, token, from, headers, body).await
}

/// `GET /reset/{token}`: a reset link's form.
pub async fn reset_form(
    State(web): State<Arc<Web>>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    link_form(web, Purpose::Reset, token, headers).await
}

/// `POST /reset/{token}`: `password`.
pub async fn reset(
    State(web): State<Arc<Web>>,
    Path(token): Path<String>,
    Extension(ClientAddr(from)): Extension<ClientAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    link_post(web, Purpose::Reset, token, from, headers, body).await
}

fn sign_up_view(error: Option<String>, email: String, name: String) -> SignInView {
    SignInView {
        title: "Make an account",
        intro: Some(
            "Keep your job applications and what to do after each interview. Only you see what you record."
                .into(),
        ),
        error,
        action: "/signup".into(),
        form_token: String::new(),
        ask_email: true,
        ask_name: true,
        new_password: true,
        email,
        name,
        submit: "Make my account",
        links: vec![("/login".into(), "Have an account? Sign in".into())],
        oidc: None,
        next: String::new(),
    }
}

/// `GET /signup`: the form, when the admin allows open sign-up (not found
/// otherwise: the server does not say more).
pub async fn sign_up_form(State(web): State<Arc<Web>>, headers: HeaderMap) -> PageResult {
    let server = server(&web)?;
    if !open_sign_up(&server).await {
        return Err(super::not_found().await);
    }
    Ok(form_page(&web, &headers, StatusCode::OK, sign_up_view(None, String::new(), String::new())))
}

/// `POST /signup`: `email`, `name`, `password`.
pub async fn sign_up(
    State(web): State<Arc<Web>>,
    Extension(ClientAddr(from)): Extension<ClientAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let server = server(&web)?;
    let form = checked_form(&headers, &body)?;
    let email = form.text("email").unwrap_or_default();
    let name = form.text("name").unwrap_or_default();
    let password = form.get("password").unwrap_or_default().to_owned();
    let (s, e, n) = (Arc::clone(&server), email.clone(), name.clone());
    let now = jiff::Timestamp::now();
    match blocking(move || accounts::sign_up(&s.pool, &e, &n, &password, from, now)).await {
        Ok(opened) => signed_in(&web, opened, None).await,
        Err(err @ (Error::Invalid { .. } | Error::Conflict { .. })) => Ok(form_page(
            &web,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            sign_up_view(Some(err.to_string()), email, name),
        )),
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    csrf: String,
    nav: &'static str,
    name: String,
    email: String,
    role: String,
    expires: String,
    notice: Option<String>,
    error: Option<String>,
}

fn account_page(
    session: &Session,
    notice: Option<String>,
    error: Option<String>,
) -> Result<AccountPage, PageError> {
    let account = session.account.as_ref().ok_or_else(|| Error::refused("sign in first"))?;
    Ok(AccountPage {
        csrf: csrf(session),
        nav: "account",
        name: account.name.clone(),
        email: account.email.clone(),
        role: account.role.to_string(),
        expires: session.expires.map(|t| t.strftime("%a %-d %b %Y").to_string()).unwrap_or_default(),
        notice,
        error,
    })
}

/// `GET /account`.
pub async fn page(State(web): State<Arc<Web>>, Extension(session): Extension<Session>) -> PageResult {
    server(&web)?;
    let notice = web.notice(&session.csrf, "/account");
    html(&account_page(&session, notice, None)?)
}

/// `POST /account/password`: `current`, `password`.
pub async fn password(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    body: Bytes,
) -> PageResult {
    let server = server(&web)?;
    let account = session.account.clone().ok_or_else(|| Error::refused("sign in first"))?;
    let form = FormData::parse(&body);
    let current = form.get("current").unwrap_or_default().to_owned();
    let new = form.get("password").unwrap_or_default().to_owned();
    let now = jiff::Timestamp::now();
    match blocking(move || accounts::change_password(&server.pool, account.id, &current, &new, now)).await {
        Ok(()) => {
            web.notify(&session.csrf, "/account", "Your password was changed.".into());
            Ok(Redirect::to("/account").into_response())
        }
        Err(err @ (Error::Invalid { .. } | Error::Refused { .. })) => {
            let page = account_page(&session, None, Some(err.to_string()))?;
            super::invalid(&page)
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /account/remove`: `password`. Everything of the account is erased.
pub async fn remove(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    body: Bytes,
) -> PageResult {
    let server = server(&web)?;
    let account = session.account.clone().ok_or_else(|| Error::refused("sign in first"))?;
    let form = FormData::parse(&body);
    let password = form.get("password").unwrap_or_default().to_owned();
    match blocking(move || accounts::remove_self(&server.pool, account.id, &password)).await {
        Ok(()) => Ok(signed_out(&web)),
        Err(err @ (Error::Invalid { .. } | Error::Refused { .. })) => {
            let page = account_page(&session, None, Some(err.to_string()))?;
            super::invalid(&page)
        }
        Err(other) => Err(other.into()),
    }
}

//! Signing in through the institution's identity provider, in server mode
//! with `--oidc-issuer`: `GET /login/oidc` sends the browser there (a link
//! on the sign-in page, not a form: a form's redirect to another site is
//! what `form-action 'self'` forbids), `GET /login/oidc/callback` is where
//! it comes back. The protocol is `crate::oidc`'s; who the verified email
//! belongs to is `accounts::log_in_verified`'s. Every refusal is the sign-in
//! page again with what went wrong, and no session.

use std::sync::Arc;

use afterview_app::Error;
use afterview_app::accounts;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::account::{form_page, login_view, signed_in};
use crate::oidc::Refusal;
use crate::security::ClientAddr;
use crate::{Web, blocking};

/// Where a sign-in goes on to once done (`/login/oidc?next=PATH`).
#[derive(Deserialize)]
pub struct Start {
    next: Option<String>,
}

/// `GET /login/oidc?next=PATH`: off to the provider, with a sign-in started.
pub async fn start(State(web): State<Arc<Web>>, Query(q): Query<Start>) -> Response {
    let Some(provider) = web.oidc.as_ref() else {
        return super::not_found().await.into_response();
    };
    let (url, cookie) = provider.start(jiff::Timestamp::now(), q.next.as_deref());
    let mut response = Redirect::to(&url).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// What the provider sends back: a code and the state, or an error.
#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// The sign-in page again, saying why nothing was opened, with the
/// sign-in in progress forgotten.
async fn refused(web: &Arc<Web>, status: StatusCode, message: String) -> Response {
    let open = match web.server() {
        Some(server) => {
            let server = Arc::clone(server);
            blocking(move || accounts::open_sign_up(&server.pool)).await.unwrap_or(false)
        }
        None => false,
    };
    // A fresh sign-in form: its token and cookie are made anew.
    let mut response =
        form_page(web, &HeaderMap::new(), status, login_view(web, Some(message), String::new(), open));
    if let Some(p) = web.oidc.as_ref()
        && let Ok(v) = HeaderValue::from_str(&p.cleared_cookie())
    {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// `GET /login/oidc/callback?code&state`: the provider's answer checked,
/// the account found (or made, when the admin allows it), signed in.
pub async fn callback(
    State(web): State<Arc<Web>>,
    Extension(ClientAddr(from)): Extension<ClientAddr>,
    headers: HeaderMap,
    Query(q): Query<Callback>,
) -> Response {
    let (Some(provider), Some(server)) = (web.oidc.as_ref(), web.server().cloned()) else {
        return super::not_found().await.into_response();
    };
    let now = jiff::Timestamp::now();
    if let Some(error) = q.error {
        // The provider's own word (access_denied, login_required…): shown
        // only when it is one, never as any text a link could carry.
        let code = Some(error).filter(|e| {
            !e.is_empty() && e.len() <= 40 && e.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        });
        let said = code.map(|c| format!(" ({c})")).unwrap_or_default();
        let message = format!(
            "{} did not sign you in{said}: you may have cancelled, or it does not let you use afterview; \
             nothing was opened",
            provider.name
        );
        return refused(&web, StatusCode::FORBIDDEN, message).await;
    }
    let (Some(code), Some(state)) = (q.code, q.state) else {
        let message = "this address is where your identity provider sends you back after signing in; \
                       nothing was opened. Start with the button below";
        return refused(&web, StatusCode::BAD_REQUEST, message.to_owned()).await;
    };
    let started = match provider.started(&headers, &state, now) {
        Ok(s) => s,
        Err(r) => return refusal(&web, r).await,
    };
    let started_next = started.next.clone();
    let w = Arc::clone(&web);
    let pool = server.pool.clone();
    let verified = blocking(move || {
        accounts::may_try_from(&pool, from, now)?;
        let Some(provider) = w.oidc.as_ref() else {
            return Err(Error::refused("this server does not sign in through an identity provider"));
        };
        Ok(provider.finish(&started, &code, now).inspect_err(|r| {
            if r.counts {
                let _ = accounts::failed_try_from(&pool, from, now);
            }
        }))
    })
    .await;
    let who = match verified {
        Ok(Ok(who)) => who,
        Ok(Err(r)) => return refusal(&web, r).await,
        Err(e) => return refused(&web, status_of(&e), e.to_string()).await,
    };
    let pool = server.pool.clone();
    let domains = provider.allowed_domains.clone();
    match blocking(move || accounts::log_in_verified(&pool, &who, &domains, from, now)).await {
        Ok(opened) => {
            let mut response = match signed_in(&web, opened, started_next.as_deref()).await {
                Ok(r) => r,
                Err(e) => return e.into_response(),
            };
            if let Ok(v) = HeaderValue::from_str(&provider.cleared_cookie()) {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
            response
        }
        Err(e) => refused(&web, status_of(&e), e.to_string()).await,
    }
}

/// A refusal of the accounts (no invitation, disabled, too many tries) is
/// forbidden; the database not answering is the error's own status.
fn status_of(e: &Error) -> StatusCode {
    match e {
        Error::Refused { .. } | Error::Invalid { .. } | Error::NotFound { .. } | Error::Conflict { .. } => {
            StatusCode::FORBIDDEN
        }
        other => StatusCode::from_u16(other.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

async fn refusal(web: &Arc<Web>, r: Refusal) -> Response {
    if let Some(detail) = &r.detail {
        tracing::warn!(problem = %detail, "a sign-in through the identity provider was refused");
    }
    refused(web, r.status, r.message).await
}

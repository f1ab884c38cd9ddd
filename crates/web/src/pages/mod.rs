//! The pages, one module per family: each handler parses the request,
//! calls one use case through [`Web::run`], and renders a template. A use
//! case's error becomes a page with its `http_status()`.

pub(crate) mod account;
mod agenda;
mod applications;
mod coach;
mod edit;
mod export;
mod health;
pub(crate) mod import;
mod oidc;
mod panel;
mod record;
mod remove;
mod rules;
mod settings;
mod write;

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use crate::Web;
use crate::security::{self, Session};

pub fn routes() -> Router<Arc<Web>> {
    Router::new()
        .route("/", get(agenda::page))
        .route("/login", get(security::login).post(account::login))
        .route("/login/oidc", get(oidc::start))
        .route("/login/oidc/callback", get(oidc::callback))
        .route("/logout", post(account::logout))
        .route("/logout/everywhere", post(account::logout_everywhere))
        .route("/join/{token}", get(account::join_form).post(account::join))
        .route("/reset/{token}", get(account::reset_form).post(account::reset))
        .route("/signup", get(account::sign_up_form).post(account::sign_up))
        .route("/account", get(account::page))
        .route("/account/password", post(account::password))
        .route("/account/remove", post(account::remove))
        .route("/account/coaches", get(coach::coaches).post(coach::invite))
        .route("/account/coaches/{grant}/revoke", post(coach::revoke))
        .route("/account/coaches/{grant}/share", post(coach::share))
        .route("/coach/accept/{token}", get(coach::accept_form).post(coach::accept))
        .route("/coaching", get(coach::coaching))
        .route("/coaching/{grant}", get(coach::agenda_page))
        .route("/coaching/{grant}/applications", get(coach::applications_page))
        .route("/coaching/{grant}/applications/{id}", get(coach::application_page))
        .route("/coaching/{grant}/applications/{id}/comments", post(coach::comment))
        .route("/tasks/mark", post(agenda::mark))
        .route("/demo", post(agenda::demo))
        .route("/rules", get(rules::page))
        .route("/healthz", get(health::live))
        .route("/readyz", get(health::ready))
        .route(
            "/import",
            get(import::form)
                .post(import::upload)
                .layer(axum::extract::DefaultBodyLimit::max(import::UPLOAD_LIMIT)),
        )
        .route("/import/{upload}", post(import::record))
        .route("/export/applications.csv", get(export::applications))
        .route("/export/snapshot.json", get(export::snapshot))
        .route("/export/contacts", post(export::contacts))
        .route("/export/report", get(export::report))
        .route("/applications", get(applications::list).post(record::add_application))
        .route("/applications/new", get(record::new_application))
        .route("/applications/{id}", get(applications::page))
        .route("/applications/{id}/edit", get(record::edit_application_form).post(record::edit_application))
        .route("/applications/{id}/people", get(record::new_person).post(record::add_person))
        .route("/applications/{id}/interviews", get(record::new_interview).post(record::add_interview))
        .route("/applications/{id}/outcomes", get(record::new_outcome).post(record::add_outcome))
        .route("/applications/{id}/messages", get(record::new_message).post(record::add_message))
        .route("/applications/{id}/people/{person}/edit", get(edit::person_form_page).post(edit::edit_person))
        .route(
            "/applications/{id}/interviews/{interview}/edit",
            get(edit::interview_form_page).post(edit::edit_interview),
        )
        .route(
            "/applications/{id}/outcomes/{outcome}/edit",
            get(edit::outcome_form_page).post(edit::edit_outcome),
        )
        .route(
            "/applications/{id}/messages/{message}/edit",
            get(edit::message_form_page).post(edit::edit_message),
        )
        .route("/applications/{id}/remove", get(remove::application_page).post(remove::application))
        .route("/applications/{id}/{what}/{rid}/remove", get(remove::record_page).post(remove::record))
        .route("/applications/{id}/thanks", get(panel::show).post(panel::check_page))
        .route("/applications/{id}/thanks/check", post(panel::check))
        .route("/reading", post(record::reading))
        .route("/write/{task}", get(write::page).post(write::act))
        .route("/write/{task}/check", post(write::check))
        .route("/settings", get(settings::page).post(settings::set))
        .route("/settings/feed", post(settings::rotate_feed))
        .route("/settings/words", post(settings::words))
        .route("/settings/templates/{kind}", get(settings::template).post(settings::set_template))
        .route("/feed/{file}", get(settings::feed))
        .fallback(not_found)
        .method_not_allowed_fallback(not_allowed)
}

/// A failed request, as a page that says what went wrong and what to do.
#[derive(Debug)]
pub struct PageError {
    status: StatusCode,
    message: String,
}

impl PageError {
    /// The page of a use case's error, with the status it calls for.
    pub fn of(e: &afterview_app::Error) -> Self {
        let status = StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Self { status, message: e.to_string() }
    }
}

impl From<afterview_app::Error> for PageError {
    fn from(e: afterview_app::Error) -> Self {
        Self::of(&e)
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> Self {
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: format!("the page could not be made: {e}"),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    csrf: &'a str,
    nav: &'static str,
    title: &'a str,
    message: &'a str,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let title = match self.status {
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::UNPROCESSABLE_ENTITY => "That value cannot be used",
            StatusCode::CONFLICT => "Not done",
            StatusCode::SERVICE_UNAVAILABLE => "Busy",
            _ => "Something went wrong",
        };
        let page = ErrorPage { csrf: "", nav: "", title, message: &self.message };
        let body = page.render().unwrap_or_else(|_| self.message.clone());
        (self.status, Html(body)).into_response()
    }
}

pub type PageResult = Result<Response, PageError>;

/// A rendered template as a page.
pub fn html(t: &impl Template) -> PageResult {
    Ok(Html(t.render()?).into_response())
}

/// A form page sent back with its errors: 422, so a client can tell.
pub fn invalid(t: &impl Template) -> PageResult {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(t.render()?)).into_response())
}

/// After a change, back to a page of this site (never elsewhere: `back`
/// comes from the form, or a link's `next`).
pub fn back_to(back: Option<&str>, default: &str) -> Response {
    Redirect::to(back.filter(|b| is_own_path(b)).unwrap_or(default)).into_response()
}

/// Is this a path of this server, as a browser reads it? A browser drops
/// tabs and newlines from an address and reads `\` as `/`, so `/<TAB>/x`
/// and `/\x` are `//x`, another site: no control character, space or
/// backslash is allowed anywhere.
fn is_own_path(b: &str) -> bool {
    b.starts_with('/')
        && !b.starts_with("//")
        && !b.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace())
}

pub(crate) async fn not_found() -> PageError {
    PageError { status: StatusCode::NOT_FOUND, message: "there is no such page here".into() }
}

/// A link followed to what only a button does (marking a task done, a new
/// feed address): a page saying so, where there was an empty answer.
async fn not_allowed() -> PageError {
    PageError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        message: "this address only takes a form's button, not a link: nothing was changed. \
                  Go back and use the button on the page"
            .into(),
    }
}

/// The session's CSRF token, for the forms of a page.
pub fn csrf(session: &Session) -> String {
    session.csrf.clone()
}

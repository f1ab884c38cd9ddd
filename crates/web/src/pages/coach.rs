//! Coaching with consent, in server mode: a job seeker invites a coach
//! (`/account/coaches`: the invitation link shown once, the grants with
//! where each stands, withdrawing one, sharing the notes of messages, and
//! every page a coach opened); the coach accepts the link
//! (`/coach/accept/TOKEN`), lists the people they coach (`/coaching`) and
//! sees each one's agenda, application list and application pages
//! read-only (`/coaching/GRANT`, `…/applications`, `…/applications/ID`),
//! where they may leave a comment. Every rule (who may see what, what is
//! hidden, what is recorded) is `afterview_app::coach`'s; these handlers
//! parse, call and render. Locally there are no coaches: every route here
//! is not found.
//!
//! A coach's pages open the other person's home only through the coach use
//! cases, which check the grant first; a grant that is not the coach's,
//! or no longer live, is not found, like one never made.

use std::collections::HashMap;
use std::sync::Arc;

use afterview_app::coach::{self, GrantState, Seen};
use afterview_app::server::Server;
use afterview_app::{Error, agenda};
use afterview_core::ids::ApplicationId;
use afterview_core::kinds::ApplicationStatus;
use afterview_core::settings::Settings;
use afterview_postgres::PgStore;
use afterview_store::UserId;
use afterview_store::coaching::{Coach, GrantId, Viewed};
use askama::Template;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::agenda::{Section, TaskView, WaitView, sections, waiting};
use super::applications::{
    CommentView, InterviewView, ListQuery, MessageView, OutcomeView, Parts, PersonView, Row, list_rows,
    parts, plan_tasks,
};
use super::{PageError, PageResult, csrf, html};
use crate::form::{Choice, FormData};
use crate::security::{self, Session};
use crate::view::{moment, web_link};
use crate::{Web, blocking};

/// The server, or not found: a local app has no coaches.
fn server(web: &Web) -> Result<Arc<Server>, PageError> {
    web.server().cloned().ok_or_else(|| PageError {
        status: StatusCode::NOT_FOUND,
        message: "there is no such page here".into(),
    })
}

/// The signed-in account of this request (read on the request's own task:
/// the blocking thread a use case runs on does not have it).
fn me() -> Result<UserId, PageError> {
    security::user().ok_or_else(|| Error::refused("sign in first").into())
}

fn grant_id(raw: &str) -> Result<GrantId, PageError> {
    raw.parse().map_err(|e| Error::invalid("grant", e).into())
}

fn application_id(raw: &str) -> Result<ApplicationId, PageError> {
    raw.parse().map_err(|e| Error::invalid("application", e).into())
}

/// A coach as the person's page names them.
fn coach_name(c: &Coach) -> String {
    match c.id {
        Some(_) => c.name.clone(),
        None => format!("{} (account removed)", c.name),
    }
}

// The person's side: /account/coaches.

/// The link just made, shown once.
pub struct LinkView {
    pub email: String,
    pub url: String,
    pub expires: String,
}

pub struct GrantView {
    pub id: String,
    pub who: String,
    pub email: String,
    pub state: String,
    pub share_bodies: bool,
    /// Pending or live: it can be withdrawn, its sharing changed.
    pub open: bool,
    pub live: bool,
}

pub struct ViewRow {
    pub when: String,
    pub who: String,
    pub what: String,
    /// The person's own page of what was seen, while it exists.
    pub href: Option<String>,
}

#[derive(Template)]
#[template(path = "coaches.html")]
struct CoachesPage {
    csrf: String,
    nav: &'static str,
    notice: Option<String>,
    link: Option<LinkView>,
    error: Option<String>,
    email: String,
    share_bodies: bool,
    grants: Vec<GrantView>,
    views: Vec<ViewRow>,
}

/// The person's grants and the views recorded, as the page lists them.
async fn coaches_lists(web: &Arc<Web>) -> Result<(Vec<GrantView>, Vec<ViewRow>, TimeZone), PageError> {
    let now = Timestamp::now();
    Ok(web
        .run(move |c| {
            let (server, user) = c.on_server()?;
            let zone = c.zone();
            let grants = coach::grants_given(&server.pool, user)?
                .into_iter()
                .map(|g| {
                    let st = coach::state(&g, now);
                    let state = match st {
                        GrantState::Pending { expires_at } => {
                            format!("waiting to be accepted, until {}", moment(expires_at, &zone))
                        }
                        GrantState::Expired { at } => format!("not accepted in time ({})", moment(at, &zone)),
                        GrantState::Live => match g.accepted_at {
                            Some(at) => format!("sees your pages since {}", moment(at, &zone)),
                            None => "sees your pages".to_owned(),
                        },
                        GrantState::Revoked { at } => format!("withdrawn {}", moment(at, &zone)),
                        GrantState::Ended => "their account was removed".to_owned(),
                    };
                    GrantView {
                        id: g.id.to_string(),
                        who: g.coach.as_ref().map_or_else(|| g.coach_email.clone(), coach_name),
                        email: g.coach_email.clone(),
                        state,
                        share_bodies: g.share_bodies,
                        open: matches!(st, GrantState::Pending { .. } | GrantState::Live),
                        live: st == GrantState::Live,
                    }
                })
                .collect();
            // What was seen, by the names the person's own pages have.
            let names: HashMap<ApplicationId, String> = afterview_store::Store::applications(&c.store)?
                .into_iter()
                .map(|a| (a.id, format!("{} ({})", a.value.company, a.value.role)))
                .collect();
            let views = coach::views(&server.pool, user)?
                .into_iter()
                .map(|v| {
                    let (what, href) = match v.what {
                        Viewed::Agenda => ("your agenda".to_owned(), Some("/".to_owned())),
                        Viewed::Applications => {
                            ("your applications".to_owned(), Some("/applications".to_owned()))
                        }
                        Viewed::Application(id) => match names.get(&id) {
                            Some(name) => (name.clone(), Some(format!("/applications/{id}"))),
                            None => (format!("application {id}, since removed"), None),
                        },
                    };
                    ViewRow { when: moment(v.at, &zone), who: coach_name(&v.coach), what, href }
                })
                .collect();
            Ok((grants, views, zone))
        })
        .await?)
}

/// `GET /account/coaches`.
pub async fn coaches(State(web): State<Arc<Web>>, Extension(session): Extension<Session>) -> PageResult {
    server(&web)?;
    let (grants, views, _) = coaches_lists(&web).await?;
    html(&CoachesPage {
        csrf: csrf(&session),
        nav: "account",
        notice: web.notice(&session.csrf, "/account/coaches"),
        link: None,
        error: None,
        email: String::new(),
        share_bodies: false,
        grants,
        views,
    })
}

/// `POST /account/coaches`: `email`, `share_bodies`. The link is shown on
/// the page this answers with, once: it is kept nowhere else.
pub async fn invite(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let server = server(&web)?;
    let user = me()?;
    let form = FormData::parse(&body);
    let email = form.text("email").unwrap_or_default();
    let share_bodies = form.checked("share_bodies");
    let (s, e) = (Arc::clone(&server), email.clone());
    let now = Timestamp::now();
    let made = blocking(move || coach::invite_coach(&s.pool, user, &e, share_bodies, now)).await;
    let (grants, views, zone) = coaches_lists(&web).await?;
    let (link, error, status) = match made {
        Ok(l) => {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
            let view = LinkView {
                url: format!("{}{}", web.security.origin(host), l.url_path),
                expires: moment(l.expires_at, &zone),
                email: l.email,
            };
            (Some(view), None, StatusCode::OK)
        }
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            let status = StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
            (None, Some(e.to_string()), status)
        }
        Err(e) => return Err(e.into()),
    };
    let kept = if link.is_some() { String::new() } else { email };
    let page = CoachesPage {
        csrf: csrf(&session),
        nav: "account",
        notice: None,
        link,
        error,
        email: kept,
        share_bodies,
        grants,
        views,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// `POST /account/coaches/GRANT/revoke`: the coach sees nothing from now on.
pub async fn revoke(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(grant): Path<String>,
) -> PageResult {
    let server = server(&web)?;
    let (user, grant) = (me()?, grant_id(&grant)?);
    let now = Timestamp::now();
    let g = blocking(move || coach::revoke(&server.pool, user, grant, now)).await?;
    let who = g.coach.as_ref().map_or_else(|| g.coach_email.clone(), coach_name);
    let text = match g.accepted_at {
        Some(_) => format!("{who} no longer sees your pages."),
        None => format!("The invitation to {who} was withdrawn; its link no longer works."),
    };
    web.notify(&session.csrf, "/account/coaches", text);
    Ok(Redirect::to("/account/coaches").into_response())
}

/// `POST /account/coaches/GRANT/share`: `share` = `yes` or `no`.
pub async fn share(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(grant): Path<String>,
    body: Bytes,
) -> PageResult {
    let server = server(&web)?;
    let (user, grant) = (me()?, grant_id(&grant)?);
    let share = match FormData::parse(&body).get("share") {
        Some("yes") => true,
        Some("no") => false,
        _ => return Err(Error::invalid_with_fix("share", "is not yes or no", "use the buttons").into()),
    };
    let g = blocking(move || coach::set_share_bodies(&server.pool, user, grant, share)).await?;
    let who = g.coach.as_ref().map_or_else(|| g.coach_email.clone(), coach_name);
    let text = if share {
        format!("{who} can now read the notes of your messages.")
    } else {
        format!("{who} no longer sees the notes of your messages.")
    };
    web.notify(&session.csrf, "/account/coaches", text);
    Ok(Redirect::to("/account/coaches").into_response())
}

// The coach's side.

#[derive(Template)]
#[template(path = "coach_accept.html")]
struct AcceptPage {
    csrf: String,
    nav: &'static str,
    person: String,
    email: String,
    share_bodies: bool,
    action: String,
    expires: String,
}

/// `GET /coach/accept/TOKEN`: whose invitation it is, and the button.
pub async fn accept_form(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(token): Path<String>,
) -> PageResult {
    let server = server(&web)?;
    let now = Timestamp::now();
    let t = token.clone();
    let g = blocking(move || coach::pending(&server.pool, &t, now)).await?;
    html(&AcceptPage {
        csrf: csrf(&session),
        nav: "coaching",
        person: g.person_name.clone(),
        email: g.coach_email.clone(),
        share_bodies: g.share_bodies,
        action: format!("/coach/accept/{token}"),
        expires: moment(coach::expires_at(&g), &TimeZone::UTC) + " UTC",
    })
}

/// `POST /coach/accept/TOKEN`: the signed-in account accepts; on to the
/// person's agenda.
pub async fn accept(State(web): State<Arc<Web>>, Path(token): Path<String>) -> PageResult {
    let server = server(&web)?;
    let user = me()?;
    let now = Timestamp::now();
    let g = blocking(move || coach::accept(&server.pool, user, &token, now)).await?;
    Ok(Redirect::to(&format!("/coaching/{}", g.id)).into_response())
}

pub struct CoachedView {
    pub grant: String,
    pub name: String,
    pub since: String,
    pub share_bodies: bool,
}

#[derive(Template)]
#[template(path = "coaching.html")]
struct CoachingPage {
    csrf: String,
    nav: &'static str,
    people: Vec<CoachedView>,
}

/// `GET /coaching`: the people the signed-in account coaches.
pub async fn coaching(State(web): State<Arc<Web>>, Extension(session): Extension<Session>) -> PageResult {
    server(&web)?;
    let people = web
        .run(|c| {
            let (server, user) = c.on_server()?;
            let zone = c.zone();
            Ok(coach::coaching(&server.pool, user)?
                .into_iter()
                .map(|p| CoachedView {
                    grant: p.grant.id.to_string(),
                    since: p.grant.accepted_at.map(|at| moment(at, &zone)).unwrap_or_default(),
                    share_bodies: p.grant.share_bodies,
                    name: p.person_name,
                })
                .collect())
        })
        .await?;
    html(&CoachingPage { csrf: csrf(&session), nav: "coaching", people })
}

/// A person's home on the server: their store and their settings.
type HomeOf<'a> = dyn Fn(UserId) -> afterview_app::Result<(PgStore, Settings)> + 'a;

/// Runs one of the coach's views on a blocking thread: the grant is the
/// signed-in coach's to use, the person's home opened by the use case once
/// it has checked it.
async fn as_coach<T, F>(web: &Arc<Web>, f: F) -> Result<T, PageError>
where
    T: Send + 'static,
    F: FnOnce(&Server, UserId, &HomeOf<'_>, Option<jiff::civil::Date>) -> afterview_app::Result<T>
        + Send
        + 'static,
{
    let server = server(web)?;
    let coach = me()?;
    let today = web.today;
    Ok(blocking(move || {
        let home = |person| server.home(person).map(|h| (h.store, h.settings));
        f(&server, coach, &home, today)
    })
    .await?)
}

#[derive(Template)]
#[template(path = "coached_agenda.html")]
struct CoachedAgendaPage {
    csrf: String,
    nav: &'static str,
    grant: String,
    person: String,
    share_bodies: bool,
    today: String,
    empty: bool,
    sections: Vec<Section>,
    nothing_today: bool,
    waiting: Vec<WaitView>,
    keep_searching: Option<String>,
}

/// `GET /coaching/GRANT`: the person's agenda, read-only.
pub async fn agenda_page(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(grant): Path<String>,
) -> PageResult {
    let grant = grant_id(&grant)?;
    let now = Timestamp::now();
    let seen: Seen<agenda::AgendaView> = as_coach(&web, move |server, coach, home, today| {
        coach::coached_agenda(&server.pool, coach, grant, home, today, now)
    })
    .await?;
    let a = &seen.page.agenda;
    html(&CoachedAgendaPage {
        csrf: csrf(&session),
        nav: "coaching",
        grant: grant.to_string(),
        person: seen.coached.person_name.clone(),
        share_bodies: seen.coached.grant.share_bodies,
        today: afterview_core::calendar::long_day(a.today),
        empty: seen.page.empty,
        sections: sections(a, &seen.zone),
        nothing_today: a.due_today.is_empty() && a.overdue.is_empty(),
        waiting: waiting(a),
        keep_searching: a.keep_searching.clone(),
    })
}

#[derive(Template)]
#[template(path = "coached_applications.html")]
struct CoachedListPage {
    csrf: String,
    nav: &'static str,
    grant: String,
    person: String,
    share_bodies: bool,
    rows: Vec<Row>,
    statuses: Vec<Choice>,
    filtered: bool,
    status_query: String,
}

/// `GET /coaching/GRANT/applications?status=&sort=`: the person's list.
pub async fn applications_page(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(grant): Path<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let grant = grant_id(&grant)?;
    let status = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(s.parse::<ApplicationStatus>().map_err(|e| Error::invalid("status", e))?),
        None => None,
    };
    let now = Timestamp::now();
    let seen = as_coach(&web, move |server, coach, home, today| {
        coach::coached_applications(&server.pool, coach, grant, home, today, status, now)
    })
    .await?;
    let picked = status.map(|s| s.as_str()).unwrap_or_default();
    html(&CoachedListPage {
        csrf: csrf(&session),
        nav: "coaching",
        grant: grant.to_string(),
        person: seen.coached.person_name.clone(),
        share_bodies: seen.coached.grant.share_bodies,
        rows: list_rows(seen.page, q.sort.as_deref()),
        statuses: ApplicationStatus::NAMES
            .iter()
            .map(|n| Choice { value: (*n).to_owned(), label: n.replace('-', " "), selected: *n == picked })
            .collect(),
        filtered: status.is_some(),
        status_query: status.map(|s| format!("status={s}&")).unwrap_or_default(),
    })
}

#[derive(Template)]
#[template(path = "coached_application.html")]
struct CoachedAppPage {
    csrf: String,
    /// The comment form's: a double click leaves one comment.
    once: String,
    nav: &'static str,
    grant: String,
    person: String,
    share_bodies: bool,
    id: String,
    company: String,
    role: String,
    status: String,
    posting: Option<String>,
    posting_text: Option<String>,
    notes: Option<String>,
    tasks: Vec<TaskView>,
    people: Vec<PersonView>,
    interviews: Vec<InterviewView>,
    messages: Vec<MessageView>,
    outcomes: Vec<OutcomeView>,
    comments: Vec<CommentView>,
    notice: Option<String>,
    error: Option<String>,
    draft: String,
    max: usize,
}

/// The application's page as the coach sees it (the view recorded).
async fn application_page_of(
    web: &Arc<Web>,
    session: &Session,
    grant: GrantId,
    id: ApplicationId,
    error: Option<String>,
    draft: String,
) -> Result<CoachedAppPage, PageError> {
    let now = Timestamp::now();
    let seen = as_coach(web, move |server, coach, home, today| {
        coach::coached_application(&server.pool, coach, grant, home, today, id, now)
    })
    .await?;
    let p = &seen.page;
    let Parts { people, interviews, messages, outcomes } =
        parts(&p.view, |iv, _| p.readings.get(&iv).cloned());
    let a = &p.view.application.value;
    let path = format!("/coaching/{grant}/applications/{id}");
    Ok(CoachedAppPage {
        csrf: csrf(session),
        once: security::token(),
        nav: "coaching",
        grant: grant.to_string(),
        person: seen.coached.person_name.clone(),
        share_bodies: seen.coached.grant.share_bodies,
        id: id.to_string(),
        company: a.company.clone(),
        role: a.role.clone(),
        status: a.status.to_string(),
        posting: a.posting_url.as_deref().and_then(web_link),
        posting_text: a.posting_url.clone(),
        notes: a.notes.clone(),
        tasks: plan_tasks(&p.agenda, id, &seen.zone),
        people,
        interviews,
        messages,
        outcomes,
        comments: p.comments.iter().map(|c| CommentView::new(c, &seen.zone)).collect(),
        notice: web.notice(&session.csrf, &path),
        error,
        draft,
        max: coach::COMMENT_MAX,
    })
}

/// `GET /coaching/GRANT/applications/ID`: one application, read-only, with
/// the coach's comments and the form for another.
pub async fn application_page(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path((grant, id)): Path<(String, String)>,
) -> PageResult {
    let (grant, id) = (grant_id(&grant)?, application_id(&id)?);
    html(&application_page_of(&web, &session, grant, id, None, String::new()).await?)
}

/// `POST /coaching/GRANT/applications/ID/comments`: `comment`. A refused
/// comment comes back in its form with the problem.
pub async fn comment(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path((grant, id)): Path<(String, String)>,
    body: Bytes,
) -> PageResult {
    let server = server(&web)?;
    let (coach_id, grant, id) = (me()?, grant_id(&grant)?, application_id(&id)?);
    let text = FormData::parse(&body).raw("comment").unwrap_or_default();
    let (t, now) = (text.clone(), Timestamp::now());
    match blocking(move || coach::comment(&server.pool, coach_id, grant, id, &t, now)).await {
        Ok(c) => {
            let path = format!("/coaching/{grant}/applications/{id}");
            let text = format!(
                "Your comment is on the application for them, as of {}.",
                moment(c.at, &TimeZone::UTC)
            );
            web.notify(&session.csrf, &path, text + " UTC");
            Ok(Redirect::to(&path).into_response())
        }
        Err(e @ Error::Invalid { .. }) => {
            let page = application_page_of(&web, &session, grant, id, Some(e.to_string()), text).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

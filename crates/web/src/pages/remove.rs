//! Removing what was recorded by mistake: an application with everything
//! on it, a person, an interview, an outcome or a message. Each edit form
//! links to a page that says what will go and what it takes with it, and
//! only its button (a POST, with the CSRF token and a `once` value)
//! removes anything; the daily backup (`afterview doctor`) still holds
//! yesterday's data. A record not on the application in the address is
//! not found, as on the edit pages.

use std::sync::Arc;

use afterview_app::{Error, Kind, record};
use afterview_core::calendar::short_day;
use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_store::RecordKind;
use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};

use super::record::app_id;
use super::{PageResult, csrf, html};
use crate::Web;
use crate::security::{Session, token};

/// What an address names for removal.
#[derive(Debug, Clone, Copy)]
enum What {
    Application,
    Person(PersonId),
    Interview(InterviewId),
    Outcome(OutcomeId),
    Message(MessageId),
}

impl What {
    fn parse(what: &str, id: &str) -> Result<Self, Error> {
        let bad = |e| Error::invalid(what, e);
        Ok(match what {
            "people" => Self::Person(id.parse().map_err(bad)?),
            "interviews" => Self::Interview(id.parse().map_err(bad)?),
            "outcomes" => Self::Outcome(id.parse().map_err(bad)?),
            "messages" => Self::Message(id.parse().map_err(bad)?),
            _ => return Err(Error::not_found(Kind::Record(RecordKind::Application), format!("{what}/{id}"))),
        })
    }
}

#[derive(Template)]
#[template(path = "remove.html")]
struct ConfirmPage {
    csrf: String,
    once: String,
    nav: &'static str,
    title: String,
    /// What goes with it.
    takes: String,
    action: String,
    back: String,
}

/// The record's name and what removing it takes along, after checking it
/// is the application's; `back` is where Cancel (and the removal) lead.
fn describe(
    store: &impl afterview_store::Store,
    app: ApplicationId,
    what: What,
) -> Result<(String, String), Error> {
    let a = record::application(store, app)?.value;
    let not_here = |kind, id: String| Err(Error::not_found(Kind::Record(kind), id));
    Ok(match what {
        What::Application => (
            format!("Remove {} ({})?", a.company, a.role),
            "Its people's part on it, its interviews, messages and outcomes go with it, \
             and its tasks leave the agenda. People who are on other applications stay."
                .into(),
        ),
        What::Person(p) => {
            let on = record::application_view(store, app)?.people.iter().any(|x| x.person.id == p);
            if !on {
                return not_here(RecordKind::Person, p.to_string());
            }
            let name = record::person(store, p)?.value.name;
            (
                format!("Remove {name}?"),
                format!(
                    "{name} leaves afterview: from every application they are on and every panel. \
                     Messages with them stay, with no one named."
                ),
            )
        }
        What::Interview(i) => {
            let iv = record::interview_view(store, i)?.interview.value;
            if iv.application != app {
                return not_here(RecordKind::Interview, i.to_string());
            }
            (
                format!("Remove the {} interview of {} at {}?", iv.stage, short_day(iv.day()), a.company),
                "The thank-you notes and checks planned after it leave the agenda.".into(),
            )
        }
        What::Outcome(o) => {
            let out = record::outcome(store, o)?.value;
            if out.application != app {
                return not_here(RecordKind::Outcome, o.to_string());
            }
            (
                format!("Remove the {} of {} from {}?", out.kind, short_day(out.date), a.company),
                "The application's status goes back to what the outcomes left say.".into(),
            )
        }
        What::Message(m) => {
            let msg = record::message(store, m)?.value;
            if msg.application != app {
                return not_here(RecordKind::Message, m.to_string());
            }
            (
                format!("Remove the {} message of {}?", msg.kind, short_day(msg.date)),
                "The agenda is planned again without it.".into(),
            )
        }
    })
}

fn remove(store: &mut impl afterview_store::Store, what: What, app: ApplicationId) -> Result<(), Error> {
    match what {
        What::Application => record::remove_application(store, app),
        What::Person(p) => record::remove_person(store, p),
        What::Interview(i) => record::remove_interview(store, i),
        What::Outcome(o) => record::remove_outcome(store, o),
        What::Message(m) => record::remove_message(store, m),
    }
}

fn address(app: ApplicationId, what: What) -> String {
    match what {
        What::Application => format!("/applications/{app}/remove"),
        What::Person(p) => format!("/applications/{app}/people/{p}/remove"),
        What::Interview(i) => format!("/applications/{app}/interviews/{i}/remove"),
        What::Outcome(o) => format!("/applications/{app}/outcomes/{o}/remove"),
        What::Message(m) => format!("/applications/{app}/messages/{m}/remove"),
    }
}

async fn confirm(web: Arc<Web>, session: Session, app: ApplicationId, what: What) -> PageResult {
    let (title, takes) = web.run(move |c| describe(&c.store, app, what)).await?;
    let back = match what {
        What::Application => format!("/applications/{app}/edit"),
        _ => format!("/applications/{app}"),
    };
    html(&ConfirmPage {
        csrf: csrf(&session),
        once: token(),
        nav: "applications",
        title,
        takes,
        action: address(app, what),
        back,
    })
}

async fn removed(web: Arc<Web>, session: Session, app: ApplicationId, what: What) -> PageResult {
    let title = web
        .run(move |c| {
            let (title, _) = describe(&c.store, app, what)?;
            remove(&mut c.store, what, app)?;
            Ok(title)
        })
        .await?;
    let to = match what {
        What::Application => "/applications".to_owned(),
        _ => format!("/applications/{app}"),
    };
    let done = title.trim_start_matches("Remove ").trim_end_matches('?');
    web.notify(&session.csrf, &to, format!("Removed {done}."));
    Ok(Redirect::to(&to).into_response())
}

/// `GET /applications/ID/remove`: what removing the application takes.
pub async fn application_page(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> PageResult {
    confirm(web, session, app_id(&id)?, What::Application).await
}

/// `POST /applications/ID/remove`.
pub async fn application(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> PageResult {
    removed(web, session, app_id(&id)?, What::Application).await
}

/// `GET /applications/ID/KIND/RID/remove` (people, interviews, outcomes, messages).
pub async fn record_page(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path((id, what, rid)): Path<(String, String, String)>,
) -> PageResult {
    confirm(web, session, app_id(&id)?, What::parse(&what, &rid)?).await
}

/// `POST /applications/ID/KIND/RID/remove`.
pub async fn record(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path((id, what, rid)): Path<(String, String, String)>,
) -> PageResult {
    removed(web, session, app_id(&id)?, What::parse(&what, &rid)?).await
}

//! The applications: a list with where each stands (filtered by status),
//! and a page per application with its plan, people, interviews (with what
//! afterview read in their next steps), messages newest first, and outcomes.

use std::sync::Arc;

use afterview_app::record::ApplicationView;
use afterview_app::{agenda, calendar, record};
use afterview_core::agenda::Agenda;
use afterview_core::ids::{ApplicationId, InterviewId};
use afterview_core::kinds::ApplicationStatus;
use afterview_core::model::Interview;
use afterview_core::settings::parse_region;
use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use jiff::tz::TimeZone;
use serde::Deserialize;

use super::agenda::TaskView;
use super::{PageResult, csrf, html};
use crate::Web;
use crate::form::Choice;
use crate::security::Session;
use crate::view::{short_day, web_link};

pub struct Row {
    pub id: String,
    pub company: String,
    pub role: String,
    pub standing: String,
    pub note: String,
    pub last_contact: String,
    pub next_day: String,
    pub next_what: String,
    pub waiting: String,
}

#[derive(Template)]
#[template(path = "applications.html")]
struct ListPage {
    csrf: String,
    nav: &'static str,
    rows: Vec<Row>,
    statuses: Vec<Choice>,
    filtered: bool,
    /// The filter, for the sorting links to keep.
    status_query: String,
    /// What the last change did (an import, a removal), once.
    notice: Option<String>,
}

#[derive(Deserialize)]
pub struct ListQuery {
    pub status: Option<String>,
    /// company, role or standing; default: as recorded.
    pub sort: Option<String>,
}

pub async fn list(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let status = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => {
            Some(s.parse::<ApplicationStatus>().map_err(|e| afterview_app::Error::invalid("status", e))?)
        }
        None => None,
    };
    let rows = web.run(move |c| agenda::applications(&c.store, &c.settings, c.today, status)).await?;
    let rows = list_rows(rows, q.sort.as_deref());
    let status_query = status.map(|s| format!("status={s}&")).unwrap_or_default();
    let picked = status.map(|s| s.as_str()).unwrap_or_default();
    let statuses = ApplicationStatus::NAMES
        .iter()
        .map(|n| Choice { value: (*n).to_owned(), label: n.replace('-', " "), selected: *n == picked })
        .collect();
    html(&ListPage {
        csrf: csrf(&session),
        nav: "applications",
        rows,
        statuses,
        filtered: status.is_some(),
        status_query,
        notice: web.notice(&session.csrf, "/applications"),
    })
}

/// The list's rows, sorted as asked (company, role or standing; default:
/// as recorded).
pub fn list_rows(rows: Vec<agenda::ApplicationRow>, sort: Option<&str>) -> Vec<Row> {
    let mut rows: Vec<Row> = rows
        .into_iter()
        .map(|r| Row {
            id: r.application.id.to_string(),
            company: r.application.value.company,
            role: r.application.value.role,
            standing: r.standing.to_string(),
            note: r.offer_expired.map(|d| format!("offer expired {}", short_day(d))).unwrap_or_default(),
            last_contact: r.last_contact.map(short_day).unwrap_or_default(),
            next_day: r.next_task.as_ref().map(|n| short_day(n.due)).unwrap_or_default(),
            next_what: r.next_task.as_ref().map(|n| n.what.clone()).unwrap_or_default(),
            waiting: r.days_waiting.map(days).unwrap_or_default(),
        })
        .collect();
    match sort {
        Some("company") => rows.sort_by_key(|r| r.company.to_lowercase()),
        Some("role") => rows.sort_by_key(|r| r.role.to_lowercase()),
        Some("standing") => rows.sort_by(|a, b| a.standing.cmp(&b.standing)),
        _ => {}
    }
    rows
}

/// A number of days in words.
fn days(n: i32) -> String {
    match n {
        0 => "since today".to_owned(),
        1 => "1 day".to_owned(),
        n => format!("{n} days"),
    }
}

pub struct PersonView {
    /// Its edit form's address.
    pub edit: String,
    pub name: String,
    pub role: String,
    pub details: Vec<String>,
}

pub struct InterviewView {
    pub edit: String,
    pub when: String,
    pub stage: String,
    pub panel: String,
    pub topics: String,
    pub promised: String,
    pub next_steps: Option<String>,
    pub reading: Option<String>,
}

pub struct MessageView {
    pub edit: String,
    pub day: String,
    pub direction: String,
    pub kind: String,
    pub channel: String,
    pub person: String,
    pub subject: Option<String>,
    pub body: Option<String>,
}

pub struct OutcomeView {
    pub edit: String,
    pub kind: String,
    pub day: String,
    pub deadline: Option<String>,
    pub feedback: Option<String>,
}

#[derive(Template)]
#[template(path = "application.html")]
struct AppPage {
    csrf: String,
    nav: &'static str,
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
    /// Coaches' comments on it (server mode), oldest first.
    comments: Vec<CommentView>,
    back: String,
    tomorrow: String,
    week: String,
    /// What the change just made did to the plan, once.
    notice: Option<String>,
    /// Several thank-you notes are due: they can be written side by side.
    panel: bool,
}

/// What an application's page lists of it: its people, its interviews
/// (newest first, each with what afterview read in its next steps, as
/// `reading` words it), its messages (newest first) and its outcomes, each
/// with the address of its edit form.
pub struct Parts {
    pub people: Vec<PersonView>,
    pub interviews: Vec<InterviewView>,
    pub messages: Vec<MessageView>,
    pub outcomes: Vec<OutcomeView>,
}

pub fn parts(v: &ApplicationView, reading: impl Fn(InterviewId, &Interview) -> Option<String>) -> Parts {
    let id = v.application.id;
    let interviews = v
        .interviews
        .iter()
        .rev()
        .map(|iv| {
            let i = &iv.value;
            InterviewView {
                edit: format!("/applications/{id}/interviews/{}/edit", iv.id),
                when: format!("{} {}", short_day(i.day()), i.start.strftime("%H:%M %Z")),
                stage: i.stage.to_string(),
                panel: i.interviewers.iter().map(|p| v.name_of(*p)).collect::<Vec<_>>().join(", "),
                topics: i.topics.join("; "),
                promised: i.promised.join("; "),
                next_steps: i.next_steps.clone(),
                reading: reading(iv.id, i),
            }
        })
        .collect();
    let people = v
        .people
        .iter()
        .map(|p| {
            let x = &p.person.value;
            let details = [
                x.title.clone(),
                x.email.as_ref().map(ToString::to_string),
                x.phone.clone(),
                x.time_zone.as_ref().map(ToString::to_string),
            ]
            .into_iter()
            .flatten()
            .collect();
            PersonView {
                edit: format!("/applications/{id}/people/{}/edit", p.person.id),
                name: x.name.clone(),
                role: p.role.to_string().replace('-', " "),
                details,
            }
        })
        .collect();
    let mut messages: Vec<_> = v.messages.iter().collect();
    messages.sort_by(|x, y| y.value.date.cmp(&x.value.date).then(y.id.cmp(&x.id)));
    let messages = messages
        .into_iter()
        .map(|m| {
            let x = &m.value;
            MessageView {
                edit: format!("/applications/{id}/messages/{}/edit", m.id),
                day: short_day(x.date),
                direction: if x.direction == afterview_core::kinds::Direction::In {
                    "received"
                } else {
                    "sent"
                }
                .to_owned(),
                kind: x.kind.to_string().replace('-', " "),
                channel: x.channel.to_string(),
                person: x.person.map(|p| v.name_of(p)).unwrap_or_default(),
                subject: x.subject.clone(),
                body: x.body.clone(),
            }
        })
        .collect();
    let outcomes = v
        .outcomes
        .iter()
        .map(|o| OutcomeView {
            edit: format!("/applications/{id}/outcomes/{}/edit", o.id),
            kind: o.value.kind.to_string(),
            day: short_day(o.value.date),
            deadline: o.value.deadline.map(short_day),
            feedback: o.value.feedback.clone(),
        })
        .collect();
    Parts { people, interviews, messages, outcomes }
}

/// One application's tasks on the agenda: overdue, today, coming up.
pub fn plan_tasks(a: &Agenda, id: ApplicationId, zone: &TimeZone) -> Vec<TaskView> {
    let mut tasks = Vec::new();
    for (key, items) in [("overdue", &a.overdue), ("today", &a.due_today), ("coming-up", &a.coming_up)] {
        tasks.extend(
            items.iter().filter(|i| i.application == id).map(|i| TaskView::new(i, key, a.today, zone)),
        );
    }
    tasks
}

/// A coach's comment as an application's page shows it.
pub struct CommentView {
    pub who: String,
    pub when: String,
    pub body: String,
}

impl CommentView {
    pub fn new(c: &afterview_store::coaching::Comment, zone: &TimeZone) -> Self {
        Self { who: c.coach.name.clone(), when: crate::view::moment(c.at, zone), body: c.body.clone() }
    }
}

pub async fn page(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> PageResult {
    let id: ApplicationId = id.parse().map_err(|e| afterview_app::Error::invalid("application", e))?;
    let page = web
        .run(move |c| {
            let v = record::application_view(&c.store, id)?;
            let a = agenda::agenda(&c.store, &c.settings, c.today)?.agenda;
            let zone = c.zone();
            let a_today = a.today;
            let tasks = plan_tasks(&a, id, &zone);
            let panel = tasks.iter().filter(|t| t.id.starts_with("thank-you:")).count() > 1;
            let region = v.application.value.region.as_deref().and_then(|r| parse_region(r).ok());
            let Parts { people, interviews, messages, outcomes } = parts(&v, |_, i| {
                i.next_steps.as_deref().map(|said| {
                    let r = calendar::when(&c.settings, said, i.day(), region);
                    calendar::describe(said, i.day(), &r)
                })
            });
            let comments = c.coach_comments(id)?.iter().map(|x| CommentView::new(x, &zone)).collect();
            let a = &v.application.value;
            Ok(AppPage {
                csrf: String::new(),
                nav: "applications",
                id: id.to_string(),
                company: a.company.clone(),
                role: a.role.clone(),
                status: a.status.to_string(),
                posting: a.posting_url.as_deref().and_then(web_link),
                posting_text: a.posting_url.clone(),
                notes: a.notes.clone(),
                tasks,
                people,
                interviews,
                messages,
                outcomes,
                comments,
                back: format!("/applications/{id}"),
                tomorrow: crate::view::iso(a_today.tomorrow().unwrap_or(a_today)),
                week: crate::view::iso(a_today.checked_add(jiff::ToSpan::days(7)).unwrap_or(a_today)),
                notice: None,
                panel,
            })
        })
        .await?;
    let notice = web.notice(&session.csrf, &page.back);
    html(&AppPage { csrf: csrf(&session), notice, ..page })
}

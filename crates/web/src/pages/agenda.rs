//! The home page: the agenda (today, overdue, coming up, waiting, keep
//! searching), each task with its why, its rules linked to their
//! explanations, its channel and call windows, and Done / Skip / Snooze
//! forms; a first run with nothing recorded gets the welcome page instead.

use std::sync::Arc;

use afterview_app::agenda::{self, Mark};
use afterview_core::agenda::{Agenda, Item};
use askama::Template;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{Html, IntoResponse};

use super::{PageResult, back_to, csrf, html};
use crate::Web;
use crate::form::FormData;
use crate::security::Session;
use crate::view::{call_windows, iso, short_day};

/// A task as the page shows it.
pub struct TaskView {
    pub id: String,
    pub application: String,
    pub company: String,
    pub what: String,
    /// "latest Wed 2 Dec", "was due by Mon 30 Nov", "Fri 11 Dec".
    pub when: String,
    pub why: String,
    pub rules: Vec<String>,
    pub call: Option<String>,
    /// It calls for a message: "write it" links to its draft.
    pub write: bool,
}

impl TaskView {
    pub fn new(i: &Item, section: &str, today: jiff::civil::Date, zone: &jiff::tz::TimeZone) -> Self {
        let when = match section {
            "overdue" => format!("was due by {}", short_day(i.latest)),
            "coming-up" if i.latest > i.due => {
                format!("{}, latest {}", short_day(i.due), short_day(i.latest))
            }
            "coming-up" => short_day(i.due),
            _ if i.latest > today => format!("latest {}", short_day(i.latest)),
            _ => String::new(),
        };
        Self {
            id: i.task.as_ref().map(|t| t.as_str().to_owned()).unwrap_or_default(),
            application: i.application.to_string(),
            company: i.company.to_string(),
            what: i.what.clone(),
            when,
            why: i.why.clone(),
            rules: i.rules.iter().map(ToString::to_string).collect(),
            call: (!i.call_windows.is_empty()).then(|| call_windows(&i.call_windows, zone)),
            write: i.task.as_ref().is_some_and(|t| t.kind().message_kind().is_some()),
        }
    }
}

pub struct Section {
    pub key: &'static str,
    pub title: &'static str,
    pub tasks: Vec<TaskView>,
}

pub struct WaitView {
    pub application: String,
    pub company: String,
    pub role: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "agenda.html")]
struct AgendaPage {
    csrf: String,
    nav: &'static str,
    today: String,
    sections: Vec<Section>,
    nothing_today: bool,
    waiting: Vec<WaitView>,
    keep_searching: Option<String>,
    tomorrow: String,
    week: String,
}

#[derive(Template)]
#[template(path = "welcome.html")]
struct Welcome {
    csrf: String,
    nav: &'static str,
}

/// The agenda's lists as the page shows them: today, overdue, coming up.
pub fn sections(a: &Agenda, zone: &jiff::tz::TimeZone) -> Vec<Section> {
    let section = |key, title, items: &[Item]| Section {
        key,
        title,
        tasks: items.iter().map(|i| TaskView::new(i, key, a.today, zone)).collect(),
    };
    vec![
        section("today", "Today", &a.due_today),
        section("overdue", "Overdue", &a.overdue),
        section("coming-up", "Coming up", &a.coming_up),
    ]
}

/// The applications waiting on the employer, each in one line.
pub fn waiting(a: &Agenda) -> Vec<WaitView> {
    a.waiting
        .iter()
        .map(|w| {
            let until = w.until_text();
            let said = w.said_text('\u{201c}', '\u{201d}').unwrap_or_default();
            let text = [until, format!("last interview {}", short_day(w.since)), said]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            WaitView {
                application: w.application.to_string(),
                company: w.company.clone(),
                role: w.role.clone(),
                text,
            }
        })
        .collect()
}

pub async fn page(State(web): State<Arc<Web>>, Extension(session): Extension<Session>) -> PageResult {
    // Nothing changed since the last time: the same page (see `cache`).
    let token = csrf(&session);
    let key = web.cache_key(token).await?;
    if let Some(page) = key.as_ref().and_then(|k| web.agenda_cache.get(k)) {
        return Ok(Html(page).into_response());
    }
    let (view, zone) = web.run(|c| Ok((agenda::agenda(&c.store, &c.settings, c.today)?, c.zone()))).await?;
    if view.empty {
        return html(&Welcome { csrf: csrf(&session), nav: "agenda" });
    }
    let a = view.agenda;
    let sections = sections(&a, &zone);
    let waiting = waiting(&a);
    let tomorrow = a.today.tomorrow().unwrap_or(a.today);
    let week = a.today.checked_add(jiff::ToSpan::days(7)).unwrap_or(tomorrow);
    let page = Bytes::from(
        AgendaPage {
            csrf: csrf(&session),
            nav: "agenda",
            today: afterview_core::calendar::long_day(a.today),
            nothing_today: a.due_today.is_empty() && a.overdue.is_empty(),
            sections,
            waiting,
            keep_searching: a.keep_searching.clone(),
            tomorrow: iso(tomorrow),
            week: iso(week),
        }
        .render()?,
    );
    if let Some(k) = key {
        web.agenda_cache.put(k, page.clone());
    }
    Ok(Html(page).into_response())
}

/// `POST /tasks/mark`: `task`, `action` (done, skip, snooze), `until` for
/// a snooze, and `back`, the page to return to.
/// The welcome page's "Load the demo": the same use case as `afterview
/// demo`, which refuses to mix into real data.
pub async fn demo(State(web): State<Arc<Web>>) -> PageResult {
    web.run(|c| {
        afterview_app::setup::load_demo(
            &mut c.store,
            &c.settings,
            c.today,
            afterview_app::setup::Demo::Showcase,
        )
    })
    .await?;
    Ok(back_to(None, "/"))
}

pub async fn mark(State(web): State<Arc<Web>>, body: Bytes) -> PageResult {
    let form = FormData::parse(&body);
    let task = form.text("task").unwrap_or_default();
    let how = match form.get("action") {
        Some("done") => Ok(Mark::Done),
        Some("skip") => Ok(Mark::Skip),
        Some("snooze") => match form.day("until") {
            Ok(Some(until)) => Ok(Mark::Snooze { until }),
            Ok(None) => Err(afterview_app::Error::invalid_with_fix(
                "until",
                "is required",
                "pick the day to bring it back",
            )),
            Err(e) => Err(e),
        },
        _ => Err(afterview_app::Error::invalid_with_fix(
            "action",
            "is not done, skip or snooze",
            "use the buttons",
        )),
    }?;
    web.run(move |c| agenda::mark(&mut c.store, &c.settings, c.today, &task, how)).await?;
    Ok(back_to(form.get("back"), "/"))
}

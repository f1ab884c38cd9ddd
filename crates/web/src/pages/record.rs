//! The record forms: an application, a person on it, an interview (its
//! next steps read back as they are typed), an outcome, a message sent or
//! received. Each posts to the use case that records it; its error comes
//! back beside the field it names, with everything typed kept.

use std::sync::Arc;

use afterview_app::{Error, calendar, record};
use afterview_core::ids::{ApplicationId, PersonId};
use afterview_core::kinds::{
    ApplicationStatus, Channel, Culture, Direction, FirstContact, MessageKind, OutcomeKind, PersonRole, Stage,
};
use afterview_core::settings::parse_region;
use afterview_core::values::{Email, TimeZoneName};
use askama::Template;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect};

use super::{PageResult, csrf, html, invalid};
use crate::Web;
use crate::form::{Choice, Field, FormData, FormView};
use crate::security::{Session, token};
use crate::view::iso;

#[derive(Template)]
#[template(path = "form.html")]
struct FormPage {
    csrf: String,
    /// This drawing of the form: a second post of it is not saved again.
    once: String,
    nav: &'static str,
    form: FormView,
}

pub(super) fn app_id(id: &str) -> Result<ApplicationId, Error> {
    id.parse().map_err(|e| Error::invalid("application", e))
}

/// Renders a form fresh, or sent back with what was posted and its error.
pub(super) fn show(session: &Session, mut form: FormView, posted: Option<(&FormData, &Error)>) -> PageResult {
    match posted {
        None => html(&FormPage { csrf: csrf(session), once: token(), nav: "record", form }),
        Some((data, e)) => {
            form.fill(data);
            form.place(e);
            // A missing application is not the form's fault: its own page,
            // with its own status (a record of another account's is "not
            // found", as a link to it would be).
            if matches!(e, Error::NotFound { .. } | Error::Storage(_)) {
                return Err(super::PageError::of(e));
            }
            invalid(&FormPage { csrf: csrf(session), once: token(), nav: "record", form })
        }
    }
}

// ----- application -------------------------------------------------------------

fn application_form() -> FormView {
    FormView {
        title: "Record an application".into(),
        intro: Some("The company and the role are all afterview needs; the rest sharpens its advice.".into()),
        action: "/applications".into(),
        fields: vec![
            Field::text("company", "Company").required(),
            Field::text("role", "Role").required(),
            Field::select("status", "Status", ApplicationStatus::NAMES, "active"),
            Field::select("culture", "Company culture", Culture::NAMES, "unknown").hint(
                "Traditional and creative companies also get a paper card when the decision is some way off.",
            ),
            Field::text("region", "Holiday region")
                .hint("US, UK, none, or a country code such as DE; empty: yours"),
            Field::select("first_contact", "How it started", FirstContact::NAMES, "other"),
            Field::new("applied_on", "Applied on", "date"),
            Field::new("posting_url", "Job posting (web address)", "url"),
            Field::new("notes", "Notes", "textarea"),
        ],
        error: None,
        submit: "Save the application",
        back: "/applications".into(),
        remove: None,
    }
}

/// The application form filled from the record, posting to its edit.
fn edit_form(id: ApplicationId, a: &afterview_core::model::Application) -> FormView {
    let mut form = application_form();
    form.title = format!("Change {}", a.company);
    form.intro = Some("Empty a field to clear it; the company and the role cannot be empty.".into());
    form.action = format!("/applications/{id}/edit");
    form.submit = "Save the changes";
    form.back = format!("/applications/{id}");
    form.remove = Some(format!("/applications/{id}/remove"));
    let values = [
        ("company", a.company.clone()),
        ("role", a.role.clone()),
        ("status", a.status.to_string()),
        ("culture", a.culture.to_string()),
        ("region", a.region.clone().unwrap_or_default()),
        ("first_contact", a.first_contact.to_string()),
        ("applied_on", a.applied_on.map(|d| d.to_string()).unwrap_or_default()),
        ("posting_url", a.posting_url.clone().unwrap_or_default()),
        ("notes", a.notes.clone().unwrap_or_default()),
    ];
    let pairs: Vec<(String, String)> = values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    form.fill(&FormData::from_pairs(pairs));
    form
}

pub async fn edit_application_form(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> PageResult {
    let app = app_id(&id)?;
    let a = web.run(move |c| record::application(&c.store, app)).await?;
    show(&session, edit_form(app, &a.value), None)
}

/// `POST /applications/ID/edit`: every field as the form shows it; an
/// empty optional field clears it.
pub async fn edit_application(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let app = app_id(&id)?;
    let data = FormData::parse(&body);
    let field = |name: &str| Some(data.get(name).unwrap_or_default().trim().to_owned());
    let changes = (|| {
        Ok(record::ApplicationChanges {
            company: field("company"),
            role: field("role"),
            status: data.parsed("status")?,
            culture: data.parsed("culture")?,
            region: field("region"),
            first_contact: data.parsed("first_contact")?,
            posting_url: field("posting_url"),
            notes: Some(data.get("notes").unwrap_or_default().replace("\r\n", "\n")),
            applied_on: Some(data.day("applied_on")?),
        })
    })();
    let result = match changes {
        Ok(changes) => web.run(move |c| record::edit_application(&mut c.store, app, changes)).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/applications/{app}")).into_response()),
        Err(e) => {
            let mut form = application_form();
            form.title = "Change the application".into();
            form.action = format!("/applications/{app}/edit");
            form.submit = "Save the changes";
            form.back = format!("/applications/{app}");
            show(&session, form, Some((&data, &e)))
        }
    }
}

pub async fn new_application(Extension(session): Extension<Session>) -> PageResult {
    show(&session, application_form(), None)
}

pub async fn add_application(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    body: Bytes,
) -> PageResult {
    let data = FormData::parse(&body);
    let changes = (|| {
        Ok(record::ApplicationChanges {
            company: data.text("company"),
            role: data.text("role"),
            status: data.parsed("status")?,
            culture: data.parsed("culture")?,
            region: data.text("region"),
            first_contact: data.parsed("first_contact")?,
            posting_url: data.text("posting_url"),
            notes: data.raw("notes"),
            applied_on: data.day("applied_on")?.map(Some),
        })
    })();
    let result = match changes {
        Ok(changes) => web.run(move |c| record::add_application(&mut c.store, changes)).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(a) => Ok(Redirect::to(&format!("/applications/{}/people", a.id)).into_response()),
        Err(e) => show(&session, application_form(), Some((&data, &e))),
    }
}

// ----- person ------------------------------------------------------------------

pub(super) fn person_form(app: &str) -> FormView {
    FormView {
        title: "Add a person to this application".into(),
        intro: Some("An interviewer, a recruiter, a hiring manager or a reference. Add each interviewer before recording the interview.".into()),
        action: format!("/applications/{app}/people"),
        fields: vec![
            Field::text("name", "Name").required(),
            Field::select("role", "Their part", PersonRole::NAMES, "interviewer"),
            Field::text("title", "Job title"),
            Field::new("email", "Email", "email"),
            Field::text("phone", "Phone"),
            Field::text("linkedin", "LinkedIn"),
            Field::text("organisation", "Organisation").hint("For an agency recruiter: the agency"),
            Field::text("time_zone", "Time zone").hint("Such as America/New_York; calls are suggested in their hours"),
            Field::new("notes", "Notes", "textarea"),
        ],
        error: None,
        submit: "Save the person",
        back: format!("/applications/{app}"),
        remove: None,
    }
}

/// The application a form adds to must be there (and be this user's):
/// otherwise the form is "not found", as the application's page is.
async fn exists(web: &Arc<Web>, app: ApplicationId) -> Result<(), Error> {
    web.run(move |c| Ok(afterview_store::Store::application(&c.store, app).map(drop)?)).await
}

pub async fn new_person(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> PageResult {
    let app = app_id(&id)?;
    exists(&web, app).await?;
    show(&session, person_form(&app.to_string()), None)
}

pub async fn add_person(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let app = app_id(&id)?;
    let data = FormData::parse(&body);
    let parsed = (|| {
        let changes = record::PersonChanges {
            name: data.text("name"),
            title: data.text("title"),
            email: data.parsed::<Email>("email")?.map(Some),
            phone: data.text("phone"),
            linkedin: data.text("linkedin"),
            organisation: data.text("organisation"),
            time_zone: data.parsed::<TimeZoneName>("time_zone")?.map(Some),
            notes: data.raw("notes"),
        };
        let link = record::PersonLink { application: Some(app), role: data.parsed::<PersonRole>("role")? };
        Ok((changes, link))
    })();
    let result = web
        .run_parsed(parsed, move |c, (changes, link)| record::add_person(&mut c.store, changes, link))
        .await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/applications/{app}")).into_response()),
        Err(e) => show(&session, person_form(&app.to_string()), Some((&data, &e))),
    }
}

// ----- interview ---------------------------------------------------------------

/// The interviewers ticked on an interview form.
pub(super) fn interviewers(data: &FormData) -> Result<Vec<PersonId>, Error> {
    data.all("interviewers")
        .into_iter()
        .map(|p| p.parse::<PersonId>().map_err(|e| Error::invalid("interviewers", e)))
        .collect()
}

pub(super) fn interview_form(app: &str, people: Vec<Choice>) -> FormView {
    let mut next = Field::text("next_steps", "What did they say about next steps?")
        .hint("Their words, such as \u{201c}we should decide in two to three weeks\u{201d}; afterview reads them back to you.");
    next.reading = true;
    let panel = Field::new("interviewers", "Interviewers", "checkboxes").choices(people);
    FormView {
        title: "Record an interview".into(),
        intro: None,
        action: format!("/applications/{app}/interviews"),
        fields: vec![
            Field::new("application", "", "hidden").value(app),
            Field::new("start", "Started at", "datetime-local")
                .required()
                .hint("In the interview's time zone"),
            Field::text("time_zone", "Time zone").hint("Empty: the first interviewer's, else yours"),
            Field::new("duration", "Minutes", "number").value("45"),
            Field::select("stage", "Stage", Stage::NAMES, "video"),
            Field::text("location", "Where").hint("The video link or the address"),
            panel,
            Field::new("topics", "What you talked about", "textarea")
                .hint("One topic a line; the thank-you notes mention them"),
            Field::new("promised", "What you promised to send", "textarea")
                .hint("One a line, such as a link to your portfolio"),
            next,
            Field::new("references_requested", "They asked for references", "checkbox"),
            Field::new("follow_ups_invited", "They invited you to keep in touch", "checkbox"),
            Field::new("notes", "Notes", "textarea"),
        ],
        error: None,
        submit: "Save the interview",
        back: format!("/applications/{app}"),
        remove: None,
    }
}

/// The people on an application, as checkboxes (interviewers ticked).
pub(super) async fn people(web: &Arc<Web>, app: ApplicationId) -> Result<Vec<Choice>, Error> {
    web.run(move |c| {
        let v = record::application_view(&c.store, app)?;
        Ok(v.people
            .iter()
            .map(|p| Choice {
                value: p.person.id.to_string(),
                label: format!("{} ({})", p.person.value.name, p.role.as_str().replace('-', " ")),
                selected: p.role == PersonRole::Interviewer || p.role == PersonRole::HiringManager,
            })
            .collect())
    })
    .await
}

pub async fn new_interview(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> PageResult {
    let app = app_id(&id)?;
    let people = people(&web, app).await?;
    show(&session, interview_form(&app.to_string(), people), None)
}

pub async fn add_interview(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let app = app_id(&id)?;
    let data = FormData::parse(&body);
    let parsed = (|| {
        let interviewers = interviewers(&data)?;
        let duration = minutes(&data)?;
        Ok(record::InterviewChanges {
            application: Some(app),
            start: data.text("start"),
            time_zone: data.parsed("time_zone")?,
            duration_minutes: duration,
            stage: data.parsed("stage")?,
            interviewers,
            topics: data.lines("topics"),
            promised: data.lines("promised"),
            next_steps: data.text("next_steps"),
            references_requested: Some(data.checked("references_requested")),
            follow_ups_invited: Some(data.checked("follow_ups_invited")),
            notes: data.raw("notes"),
            location: data.text("location"),
        })
    })();
    let result = web
        .run_parsed(parsed, move |c, changes| {
            let zone = c.zone();
            record::add_interview(&mut c.store, &zone, changes)
        })
        .await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/applications/{app}")).into_response()),
        Err(e) => {
            let people = people(&web, app).await?;
            show(&session, interview_form(&app.to_string(), people), Some((&data, &e)))
        }
    }
}

/// The interview's length as typed; whether it is a length an interview
/// has is the use case's to say.
pub(super) fn minutes(data: &FormData) -> Result<Option<u32>, Error> {
    data.text("duration")
        .map(|d| {
            d.parse::<u32>().map_err(|_| {
                Error::invalid_with_fix(
                    "duration",
                    format!("\"{d}\" is not a number of minutes"),
                    "give 1 to 1440",
                )
            })
        })
        .transpose()
}

#[derive(Template)]
#[template(path = "reading.html")]
struct Reading {
    text: String,
}

/// `POST /reading` (htmx, as the next-steps field is typed): what afterview
/// reads in it, from the interview's day, on the application's holidays.
pub async fn reading(State(web): State<Arc<Web>>, body: Bytes) -> PageResult {
    let data = FormData::parse(&body);
    let said = data.get("next_steps").unwrap_or_default().to_owned();
    let start = data.get("start").unwrap_or_default().get(..10).unwrap_or_default().to_owned();
    let app = data.text("application").and_then(|a| a.parse::<ApplicationId>().ok());
    let text = web
        .run(move |c| {
            let from = afterview_core::values::parse_day(&start).unwrap_or(c.today);
            let region = match app {
                Some(a) => record::application(&c.store, a)?.value.region.and_then(|r| parse_region(&r).ok()),
                None => None,
            };
            if said.trim().is_empty() {
                return Ok(String::new());
            }
            let r = calendar::when(&c.settings, &said, from, region);
            Ok(calendar::describe(&said, from, &r))
        })
        .await?;
    Ok(Html(Reading { text }.render()?).into_response())
}

// ----- outcome -----------------------------------------------------------------

pub(super) fn outcome_form(app: &str, today: &str) -> FormView {
    FormView {
        title: "Record an outcome".into(),
        intro: Some(
            "An offer, a rejection, your withdrawal or your acceptance: the agenda re-plans around it."
                .into(),
        ),
        action: format!("/applications/{app}/outcomes"),
        fields: vec![
            Field::select("kind", "What happened", OutcomeKind::NAMES, "offer"),
            Field::new("date", "On", "date").value(today),
            Field::new("deadline", "Answer needed by (an offer)", "date"),
            Field::new("feedback", "What they said", "textarea")
                .hint("Their feedback, if any, in their words"),
        ],
        error: None,
        submit: "Save the outcome",
        back: format!("/applications/{app}"),
        remove: None,
    }
}

async fn today(web: &Arc<Web>) -> Result<String, Error> {
    web.run(|c| Ok(iso(c.today))).await
}

pub async fn new_outcome(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> PageResult {
    let app = app_id(&id)?;
    exists(&web, app).await?;
    show(&session, outcome_form(&app.to_string(), &today(&web).await?), None)
}

pub async fn add_outcome(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let app = app_id(&id)?;
    let data = FormData::parse(&body);
    let parsed = (|| {
        Ok(record::OutcomeChanges {
            application: Some(app),
            kind: data.parsed("kind")?,
            date: data.day("date")?,
            deadline: data.day("deadline")?,
            feedback: data.raw("feedback"),
        })
    })();
    let result =
        web.run_parsed(parsed, move |c, changes| record::add_outcome(&mut c.store, c.today, changes)).await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/applications/{app}")).into_response()),
        Err(e) => show(&session, outcome_form(&app.to_string(), ""), Some((&data, &e))),
    }
}

// ----- message -----------------------------------------------------------------

pub(super) fn message_form(app: &str, today: &str, people: Vec<Choice>) -> FormView {
    let mut person = Field::new("person", "With", "select");
    person.options =
        std::iter::once(Choice { value: String::new(), label: "nobody recorded".into(), selected: false })
            .chain(people.into_iter().map(|c| Choice { selected: false, ..c }))
            .collect();
    FormView {
        title: "Record a message".into(),
        intro: Some("A note you sent, or a reply they sent you: paste a reply and afterview re-plans from what it says.".into()),
        action: format!("/applications/{app}/messages"),
        fields: vec![
            Field::select("direction", "Direction", &["out", "in"], "in").hint("out: you sent it; in: they sent it"),
            Field::select("kind", "Kind", MessageKind::NAMES, "other"),
            person,
            Field::new("date", "On", "date").value(today),
            Field::select("channel", "By", Channel::NAMES, "email"),
            Field::text("subject", "Subject"),
            Field::new("body", "What it says", "textarea"),
        ],
        error: None,
        submit: "Save the message",
        back: format!("/applications/{app}"),
        remove: None,
    }
}

pub async fn new_message(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> PageResult {
    let app = app_id(&id)?;
    let people = people(&web, app).await?;
    show(&session, message_form(&app.to_string(), &today(&web).await?, people), None)
}

pub async fn add_message(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let app = app_id(&id)?;
    let data = FormData::parse(&body);
    let parsed = (|| {
        Ok(record::NewMessage {
            application: Some(app),
            person: data.parsed::<PersonId>("person")?,
            kind: data.parsed::<MessageKind>("kind")?,
            direction: data.parsed::<Direction>("direction")?.unwrap_or(Direction::In),
            date: data.day("date")?,
            channel: data.parsed::<Channel>("channel")?.unwrap_or(Channel::Email),
            subject: data.text("subject"),
            body: data.raw("body"),
        })
    })();
    let result = web
        .run_parsed(parsed, move |c, m| {
            afterview_app::agenda::log_message_replanned(&mut c.store, &c.settings, c.today, m)
        })
        .await;
    match result {
        Ok(r) => {
            // What the plan says now, against what it said: a reply re-plans at once (F4).
            let to = format!("/applications/{app}");
            web.notify(&session.csrf, &to, r.describe());
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let people = people(&web, app).await?;
            show(&session, message_form(&app.to_string(), "", people), Some((&data, &e)))
        }
    }
}

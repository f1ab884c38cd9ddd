//! The edit forms for what an application's page lists: a person on it, an
//! interview, an outcome and a message. Each opens filled from the record,
//! posts to the use case that edits it (`record::edit_*`), comes back with
//! its error beside the field, and redirects to the application's page.
//! An empty optional field clears it; a record that is not the
//! application's in the address is not found.

use std::sync::Arc;

use afterview_app::{Error, Kind, record};
use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_core::kinds::{Channel, Direction, MessageKind, PersonRole};
use afterview_core::values::{Email, TimeZoneName};
use afterview_store::RecordKind;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};

use super::PageResult;
use super::record::{
    app_id, interview_form, interviewers, message_form, minutes, outcome_form, people, person_form, show,
};
use crate::Web;
use crate::form::{FormData, FormView};
use crate::security::Session;
use crate::view::iso;

fn parse<T: std::str::FromStr>(what: &str, id: &str) -> Result<T, Error>
where
    T::Err: std::fmt::Display,
{
    id.parse().map_err(|e| Error::invalid(what, e))
}

/// A record shown under an application it is not on: not found, as if the
/// address named nothing.
fn owned(ok: bool, kind: RecordKind, id: impl std::fmt::Display) -> Result<(), Error> {
    if ok { Ok(()) } else { Err(Error::not_found(Kind::Record(kind), id)) }
}

/// A form turned into its record's edit form.
fn editing(mut form: FormView, title: String, action: String, app: ApplicationId) -> FormView {
    form.title = title;
    form.intro = Some("Empty a field to clear it.".into());
    form.submit = "Save the changes";
    form.back = format!("/applications/{app}");
    form.remove = action.strip_suffix("/edit").map(|a| format!("{a}/remove"));
    form.action = action;
    form
}

fn pairs(values: Vec<(&str, String)>) -> FormData {
    FormData::from_pairs(values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

/// A field as posted, trimmed; empty clears it.
fn given(data: &FormData, name: &str) -> Option<String> {
    Some(data.get(name).unwrap_or_default().trim().to_owned())
}

/// A text area as posted (its spacing kept); empty clears it.
fn given_text(data: &FormData, name: &str) -> Option<String> {
    Some(data.get(name).unwrap_or_default().replace("\r\n", "\n"))
}

fn back(app: ApplicationId) -> PageResult {
    Ok(Redirect::to(&format!("/applications/{app}")).into_response())
}

// ----- person ------------------------------------------------------------------

fn person_edit_form(app: ApplicationId, person: PersonId, name: &str) -> FormView {
    let form = person_form(&app.to_string());
    editing(form, format!("Change {name}"), format!("/applications/{app}/people/{person}/edit"), app)
}

pub async fn person_form_page(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path((id, person)): Path<(String, String)>,
) -> PageResult {
    let app = app_id(&id)?;
    let pid: PersonId = parse("person", &person)?;
    let on = web
        .run(move |c| {
            let v = record::application_view(&c.store, app)?;
            let on = v.people.into_iter().find(|p| p.person.id == pid);
            on.ok_or_else(|| Error::not_found(Kind::Record(RecordKind::Person), pid))
        })
        .await?;
    let p = &on.person.value;
    let mut form = person_edit_form(app, pid, &p.name);
    form.fill(&pairs(vec![
        ("name", p.name.clone()),
        ("role", on.role.to_string()),
        ("title", p.title.clone().unwrap_or_default()),
        ("email", p.email.as_ref().map(ToString::to_string).unwrap_or_default()),
        ("phone", p.phone.clone().unwrap_or_default()),
        ("linkedin", p.linkedin.clone().unwrap_or_default()),
        ("organisation", p.organisation.clone().unwrap_or_default()),
        ("time_zone", p.time_zone.as_ref().map(ToString::to_string).unwrap_or_default()),
        ("notes", p.notes.clone().unwrap_or_default()),
    ]));
    show(&session, form, None)
}

pub async fn edit_person(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path((id, person)): Path<(String, String)>,
    body: Bytes,
) -> PageResult {
    let app = app_id(&id)?;
    let pid: PersonId = parse("person", &person)?;
    let data = FormData::parse(&body);
    let parsed = (|| {
        let changes = record::PersonChanges {
            name: given(&data, "name"),
            title: given(&data, "title"),
            email: Some(data.parsed::<Email>("email")?),
            phone: given(&data, "phone"),
            linkedin: given(&data, "linkedin"),
            organisation: given(&data, "organisation"),
            time_zone: Some(data.parsed::<TimeZoneName>("time_zone")?),
            notes: given_text(&data, "notes"),
        };
        let link = record::PersonLink { application: Some(app), role: data.parsed::<PersonRole>("role")? };
        Ok((changes, link))
    })();
    let result = web
        .run_parsed(parsed, move |c, (changes, link)| {
            let on = record::application_view(&c.store, app)?.people.iter().any(|p| p.person.id == pid);
            owned(on, RecordKind::Person, pid)?;
            record::edit_person(&mut c.store, pid, changes, link)
        })
        .await;
    match result {
        Ok(_) => back(app),
        Err(e) => show(&session, person_edit_form(app, pid, "the person"), Some((&data, &e))),
    }
}

// ----- interview ---------------------------------------------------------------

async fn interview_edit_form(web: &Arc<Web>, app: ApplicationId, iv: InterviewId) -> Result<FormView, Error> {
    let form = interview_form(&app.to_string(), people(web, app).await?);
    let mut form = editing(
        form,
        "Change the interview".into(),
        format!("/applications/{app}/interviews/{iv}/edit"),
        app,
    );
    form.intro = Some(
        "Empty a field to clear it; topics, promises and interviewers left empty stay as they are.".into(),
    );
    Ok(form)
}

pub async fn interview_form_page(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path((id, interview)): Path<(String, String)>,
) -> PageResult {
    let app = app_id(&id)?;
    let iid: InterviewId = parse("interview", &interview)?;
    let iv = web.run(move |c| record::interview_view(&c.store, iid)).await?.interview.value;
    owned(iv.application == app, RecordKind::Interview, iid)?;
    let mut form = interview_edit_form(&web, app, iid).await?;
    let mut values = vec![
        ("application", app.to_string()),
        ("start", iv.start.strftime("%Y-%m-%dT%H:%M").to_string()),
        ("time_zone", iv.start.time_zone().iana_name().unwrap_or_default().to_owned()),
        ("duration", iv.duration_minutes.to_string()),
        ("stage", iv.stage.to_string()),
        ("topics", iv.topics.join("\n")),
        ("promised", iv.promised.join("\n")),
        ("next_steps", iv.next_steps.clone().unwrap_or_default()),
        ("notes", iv.notes.clone().unwrap_or_default()),
        ("location", iv.location.clone().unwrap_or_default()),
    ];
    values.extend(iv.interviewers.iter().map(|p| ("interviewers", p.to_string())));
    if iv.references_requested {
        values.push(("references_requested", "on".into()));
    }
    if iv.follow_ups_invited {
        values.push(("follow_ups_invited", "on".into()));
    }
    form.fill(&pairs(values));
    show(&session, form, None)
}

pub async fn edit_interview(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path((id, interview)): Path<(String, String)>,
    body: Bytes,
) -> PageResult {
    let app = app_id(&id)?;
    let iid: InterviewId = parse("interview", &interview)?;
    let data = FormData::parse(&body);
    let parsed = (|| {
        let interviewers = interviewers(&data)?;
        Ok(record::InterviewChanges {
            application: None,
            start: data.text("start"),
            time_zone: data.parsed("time_zone")?,
            duration_minutes: minutes(&data)?,
            stage: data.parsed("stage")?,
            interviewers,
            topics: data.lines("topics"),
            promised: data.lines("promised"),
            next_steps: given(&data, "next_steps"),
            references_requested: Some(data.checked("references_requested")),
            follow_ups_invited: Some(data.checked("follow_ups_invited")),
            notes: given_text(&data, "notes"),
            location: given(&data, "location"),
        })
    })();
    let result = web
        .run_parsed(parsed, move |c, changes| {
            let iv = record::interview_view(&c.store, iid)?.interview.value;
            owned(iv.application == app, RecordKind::Interview, iid)?;
            {
                let zone = c.zone();
                record::edit_interview(&mut c.store, &zone, iid, changes)
            }
        })
        .await;
    match result {
        Ok(_) => back(app),
        Err(e) => show(&session, interview_edit_form(&web, app, iid).await?, Some((&data, &e))),
    }
}

// ----- outcome -----------------------------------------------------------------

fn outcome_edit_form(app: ApplicationId, o: OutcomeId) -> FormView {
    let mut form = editing(
        outcome_form(&app.to_string(), ""),
        "Change the outcome".into(),
        format!("/applications/{app}/outcomes/{o}/edit"),
        app,
    );
    form.intro = Some("Empty the feedback to clear it; a deadline left empty stays as it is.".into());
    form
}

pub async fn outcome_form_page(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path((id, outcome)): Path<(String, String)>,
) -> PageResult {
    let app = app_id(&id)?;
    let oid: OutcomeId = parse("outcome", &outcome)?;
    let o = web.run(move |c| record::outcome(&c.store, oid)).await?.value;
    owned(o.application == app, RecordKind::Outcome, oid)?;
    let mut form = outcome_edit_form(app, oid);
    form.fill(&pairs(vec![
        ("kind", o.kind.to_string()),
        ("date", iso(o.date)),
        ("deadline", o.deadline.map(iso).unwrap_or_default()),
        ("feedback", o.feedback.clone().unwrap_or_default()),
    ]));
    show(&session, form, None)
}

pub async fn edit_outcome(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path((id, outcome)): Path<(String, String)>,
    body: Bytes,
) -> PageResult {
    let app = app_id(&id)?;
    let oid: OutcomeId = parse("outcome", &outcome)?;
    let data = FormData::parse(&body);
    let parsed = (|| {
        Ok(record::OutcomeChanges {
            application: None,
            kind: data.parsed("kind")?,
            date: data.day("date")?,
            deadline: data.day("deadline")?,
            feedback: given_text(&data, "feedback"),
        })
    })();
    let result = web
        .run_parsed(parsed, move |c, changes| {
            let o = record::outcome(&c.store, oid)?.value;
            owned(o.application == app, RecordKind::Outcome, oid)?;
            record::edit_outcome(&mut c.store, oid, changes)
        })
        .await;
    match result {
        Ok(_) => back(app),
        Err(e) => show(&session, outcome_edit_form(app, oid), Some((&data, &e))),
    }
}

// ----- message -----------------------------------------------------------------

async fn message_edit_form(web: &Arc<Web>, app: ApplicationId, m: MessageId) -> Result<FormView, Error> {
    let form = message_form(&app.to_string(), "", people(web, app).await?);
    Ok(editing(form, "Change the message".into(), format!("/applications/{app}/messages/{m}/edit"), app))
}

pub async fn message_form_page(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path((id, message)): Path<(String, String)>,
) -> PageResult {
    let app = app_id(&id)?;
    let mid: MessageId = parse("message", &message)?;
    let m = web.run(move |c| record::message(&c.store, mid)).await?.value;
    owned(m.application == app, RecordKind::Message, mid)?;
    let mut form = message_edit_form(&web, app, mid).await?;
    form.fill(&pairs(vec![
        ("direction", m.direction.to_string()),
        ("kind", m.kind.to_string()),
        ("person", m.person.map(|p| p.to_string()).unwrap_or_default()),
        ("date", iso(m.date)),
        ("channel", m.channel.to_string()),
        ("subject", m.subject.clone().unwrap_or_default()),
        ("body", m.body.clone().unwrap_or_default()),
    ]));
    show(&session, form, None)
}

pub async fn edit_message(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path((id, message)): Path<(String, String)>,
    body: Bytes,
) -> PageResult {
    let app = app_id(&id)?;
    let mid: MessageId = parse("message", &message)?;
    let data = FormData::parse(&body);
    let parsed = (|| {
        Ok(record::MessageChanges {
            person: data.parsed::<PersonId>("person")?,
            kind: data.parsed::<MessageKind>("kind")?,
            direction: data.parsed::<Direction>("direction")?,
            date: data.day("date")?,
            channel: data.parsed::<Channel>("channel")?,
            subject: given(&data, "subject"),
            body: given_text(&data, "body"),
        })
    })();
    let result = web
        .run_parsed(parsed, move |c, changes| {
            let m = record::message(&c.store, mid)?.value;
            owned(m.application == app, RecordKind::Message, mid)?;
            record::edit_message(&mut c.store, c.today, mid, changes)
        })
        .await;
    match result {
        Ok(_) => back(app),
        Err(e) => show(&session, message_edit_form(&web, app, mid).await?, Some((&data, &e))),
    }
}

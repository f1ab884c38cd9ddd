//! Rows to records and records to rows, by column name: a record's columns
//! are named beside its values when written, and read by name, so a
//! SELECT may leave out columns it does not need (they read as `None`)
//! without anything having to line up by position.

use std::fmt::Display;
use std::str::FromStr;

use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_core::model::{Application, Interview, Involvement, Message, Outcome, Person, Record};
use afterview_store::Error;
use rusqlite::types::{FromSql, Type, Value};
use rusqlite::{ErrorCode, Row};

/// One column of a row to write.
pub(crate) type Column = (&'static str, Value);

/// A backend error in the store's terms.
pub(crate) fn error(e: rusqlite::Error) -> Error {
    match e {
        rusqlite::Error::FromSqlConversionFailure(_, _, inner) => Error::Corrupt(inner.to_string()),
        rusqlite::Error::SqliteFailure(f, ref message)
            if matches!(f.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) =>
        {
            Error::Busy(message.clone().unwrap_or_else(|| f.to_string()))
        }
        other => Error::Backend(Box::new(other)),
    }
}

fn conversion(column: &str, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, Type::Text, format!("{column}: {message}").into())
}

/// A column the statement may have left out: absent reads as `None`.
fn maybe<T: FromSql>(r: &Row<'_>, column: &str) -> rusqlite::Result<Option<T>> {
    match r.as_ref().column_index(column) {
        Ok(i) => r.get(i),
        Err(_) => Ok(None),
    }
}

/// A text column parsed into a typed value.
pub(crate) fn parsed<T: FromStr>(r: &Row<'_>, column: &str) -> rusqlite::Result<T>
where
    T::Err: Display,
{
    let text: String = r.get(column)?;
    text.parse().map_err(|e: T::Err| conversion(column, e.to_string()))
}

fn parsed_opt<T: FromStr>(r: &Row<'_>, column: &str) -> rusqlite::Result<Option<T>>
where
    T::Err: Display,
{
    match maybe::<String>(r, column)? {
        None => Ok(None),
        Some(text) => text.parse().map(Some).map_err(|e: T::Err| conversion(column, e.to_string())),
    }
}

/// A JSON list of strings; a column left out reads as an empty list.
fn list(r: &Row<'_>, column: &str) -> rusqlite::Result<Vec<String>> {
    match maybe::<String>(r, column)? {
        None => Ok(Vec::new()),
        Some(text) => serde_json::from_str(&text).map_err(|e| conversion(column, e.to_string())),
    }
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

fn optional(s: Option<impl Into<String>>) -> Value {
    s.map_or(Value::Null, text)
}

fn json_list(items: &[String]) -> Value {
    text(serde_json::to_string(items).unwrap_or_else(|_| "[]".to_owned()))
}

// ----- records to rows -------------------------------------------------------

pub(crate) fn application_row(a: &Application) -> Vec<Column> {
    vec![
        ("company", text(a.company.as_str())),
        ("role", text(a.role.as_str())),
        ("status", text(a.status.as_str())),
        ("culture", text(a.culture.as_str())),
        ("region", optional(a.region.as_deref())),
        ("first_contact", text(a.first_contact.as_str())),
        ("posting_url", optional(a.posting_url.as_deref())),
        ("notes", optional(a.notes.as_deref())),
    ]
}

pub(crate) fn person_row(p: &Person) -> Vec<Column> {
    vec![
        ("name", text(p.name.as_str())),
        ("title", optional(p.title.as_deref())),
        ("email", optional(p.email.as_ref().map(|e| e.as_str()))),
        ("phone", optional(p.phone.as_deref())),
        ("linkedin", optional(p.linkedin.as_deref())),
        ("organisation", optional(p.organisation.as_deref())),
        ("time_zone", optional(p.time_zone.as_ref().map(|z| z.as_str()))),
        ("notes", optional(p.notes.as_deref())),
    ]
}

pub(crate) fn interview_row(iv: &Interview) -> Vec<Column> {
    vec![
        ("application_id", Value::Integer(iv.application.0)),
        ("start", text(iv.start.to_string())),
        ("duration_minutes", Value::Integer(i64::from(iv.duration_minutes))),
        ("stage", text(iv.stage.as_str())),
        ("topics", json_list(&iv.topics)),
        ("promised", json_list(&iv.promised)),
        ("next_steps", optional(iv.next_steps.as_deref())),
        ("references_requested", Value::Integer(i64::from(iv.references_requested))),
        ("follow_ups_invited", Value::Integer(i64::from(iv.follow_ups_invited))),
        ("notes", optional(iv.notes.as_deref())),
    ]
}

pub(crate) fn message_row(m: &Message) -> Vec<Column> {
    vec![
        ("application_id", Value::Integer(m.application.0)),
        ("person_id", m.person.map_or(Value::Null, |p| Value::Integer(p.0))),
        ("kind", text(m.kind.as_str())),
        ("direction", text(m.direction.as_str())),
        ("date", text(m.date.to_string())),
        ("channel", text(m.channel.as_str())),
        ("subject", optional(m.subject.as_deref())),
        ("body", optional(m.body.as_deref())),
    ]
}

pub(crate) fn outcome_row(o: &Outcome) -> Vec<Column> {
    vec![
        ("application_id", Value::Integer(o.application.0)),
        ("kind", text(o.kind.as_str())),
        ("date", text(o.date.to_string())),
        ("deadline", optional(o.deadline.map(|d| d.to_string()))),
        ("feedback", optional(o.feedback.as_deref())),
    ]
}

// ----- rows to records -------------------------------------------------------

pub(crate) fn application(r: &Row<'_>) -> rusqlite::Result<Record<ApplicationId, Application>> {
    Ok(Record {
        id: ApplicationId(r.get("id")?),
        value: Application {
            company: r.get("company")?,
            role: r.get("role")?,
            status: parsed(r, "status")?,
            culture: parsed(r, "culture")?,
            region: maybe(r, "region")?,
            first_contact: parsed(r, "first_contact")?,
            posting_url: maybe(r, "posting_url")?,
            notes: maybe(r, "notes")?,
        },
    })
}

pub(crate) fn involvement(r: &Row<'_>) -> rusqlite::Result<Involvement> {
    Ok(Involvement {
        application: ApplicationId(r.get("application_id")?),
        person: PersonId(r.get("person_id")?),
        role: parsed(r, "role")?,
    })
}

pub(crate) fn person(r: &Row<'_>) -> rusqlite::Result<Record<PersonId, Person>> {
    Ok(Record {
        id: PersonId(r.get("id")?),
        value: Person {
            name: r.get("name")?,
            title: maybe(r, "title")?,
            email: parsed_opt(r, "email")?,
            phone: maybe(r, "phone")?,
            linkedin: maybe(r, "linkedin")?,
            organisation: maybe(r, "organisation")?,
            time_zone: parsed_opt(r, "time_zone")?,
            notes: maybe(r, "notes")?,
        },
    })
}

/// An interview without its panel, which lives in its own table.
pub(crate) fn interview(r: &Row<'_>) -> rusqlite::Result<Record<InterviewId, Interview>> {
    Ok(Record {
        id: InterviewId(r.get("id")?),
        value: Interview {
            application: ApplicationId(r.get("application_id")?),
            start: parsed(r, "start")?,
            duration_minutes: r.get("duration_minutes")?,
            stage: parsed(r, "stage")?,
            interviewers: Vec::new(),
            topics: list(r, "topics")?,
            promised: list(r, "promised")?,
            next_steps: maybe(r, "next_steps")?,
            references_requested: r.get("references_requested")?,
            follow_ups_invited: r.get("follow_ups_invited")?,
            notes: maybe(r, "notes")?,
        },
    })
}

pub(crate) fn message(r: &Row<'_>) -> rusqlite::Result<Record<MessageId, Message>> {
    Ok(Record {
        id: MessageId(r.get("id")?),
        value: Message {
            application: ApplicationId(r.get("application_id")?),
            person: r.get::<_, Option<i64>>("person_id")?.map(PersonId),
            kind: parsed(r, "kind")?,
            direction: parsed(r, "direction")?,
            date: parsed(r, "date")?,
            channel: parsed(r, "channel")?,
            subject: maybe(r, "subject")?,
            body: maybe(r, "body")?,
        },
    })
}

pub(crate) fn outcome(r: &Row<'_>) -> rusqlite::Result<Record<OutcomeId, Outcome>> {
    Ok(Record {
        id: OutcomeId(r.get("id")?),
        value: Outcome {
            application: ApplicationId(r.get("application_id")?),
            kind: parsed(r, "kind")?,
            date: parsed(r, "date")?,
            deadline: parsed_opt(r, "deadline")?,
            feedback: maybe(r, "feedback")?,
        },
    })
}

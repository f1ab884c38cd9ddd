//! Rows to records and records to rows, by column name. A record's columns
//! are named once beside its values ([`Columns`]), so an insert and an
//! update cannot disagree about them, and a read looks each column up by
//! name: a value that does not read is [`Error::Corrupt`] naming its column.

use std::fmt::Display;
use std::str::FromStr;

use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_core::model::{
    Application, Interview, InviteRef, Involvement, Message, Outcome, Person, Record,
};
use afterview_store::Result;
use jiff::Zoned;
use postgres::Row;
use postgres::types::{FromSql, ToSql};

use crate::error::corrupt;

/// The columns of one row to write, by name (`user_id` and `id` aside).
pub(crate) type Columns<'a> = Vec<(&'static str, Box<dyn ToSql + Sync + 'a>)>;

/// The value of a column; one the statement lacks or that does not convert
/// is corrupt.
pub(crate) fn get<'r, T: FromSql<'r>>(row: &'r Row, name: &str) -> Result<T> {
    row.try_get(name).map_err(|e| corrupt(name, e))
}

/// A text column parsed into a typed value.
pub(crate) fn parsed<T: FromStr>(row: &Row, name: &str) -> Result<T>
where
    T::Err: Display,
{
    get::<&str>(row, name)?.parse().map_err(|e: T::Err| corrupt(name, e))
}

fn parsed_opt<T: FromStr>(row: &Row, name: &str) -> Result<Option<T>>
where
    T::Err: Display,
{
    get::<Option<&str>>(row, name)?.map(|t| t.parse().map_err(|e: T::Err| corrupt(name, e))).transpose()
}

/// A count or a number of minutes kept as `BIGINT`.
pub(crate) fn unsigned(row: &Row, name: &str) -> Result<u32> {
    let n: i64 = get(row, name)?;
    u32::try_from(n).map_err(|_| corrupt(name, format!("{n} is out of range")))
}

// ----- records to rows -------------------------------------------------------

pub(crate) fn application_row(a: &Application) -> Columns<'_> {
    vec![
        ("company", Box::new(a.company.as_str())),
        ("role", Box::new(a.role.as_str())),
        ("status", Box::new(a.status.as_str())),
        ("culture", Box::new(a.culture.as_str())),
        ("region", Box::new(a.region.as_deref())),
        ("first_contact", Box::new(a.first_contact.as_str())),
        ("posting_url", Box::new(a.posting_url.as_deref())),
        ("notes", Box::new(a.notes.as_deref())),
        ("applied_on", Box::new(a.applied_on)),
    ]
}

pub(crate) fn person_row(p: &Person) -> Columns<'_> {
    vec![
        ("name", Box::new(p.name.as_str())),
        ("title", Box::new(p.title.as_deref())),
        ("email", Box::new(p.email.as_ref().map(|e| e.as_str()))),
        ("phone", Box::new(p.phone.as_deref())),
        ("linkedin", Box::new(p.linkedin.as_deref())),
        ("organisation", Box::new(p.organisation.as_deref())),
        ("time_zone", Box::new(p.time_zone.as_ref().map(|z| z.as_str()))),
        ("notes", Box::new(p.notes.as_deref())),
    ]
}

pub(crate) fn interview_row(iv: &Interview) -> Columns<'_> {
    vec![
        ("application_id", Box::new(iv.application.0)),
        ("start", Box::new(iv.start.to_string())),
        ("starts_at", Box::new(iv.start.timestamp())),
        ("duration_minutes", Box::new(i64::from(iv.duration_minutes))),
        ("stage", Box::new(iv.stage.as_str())),
        ("topics", Box::new(iv.topics.as_slice())),
        ("promised", Box::new(iv.promised.as_slice())),
        ("next_steps", Box::new(iv.next_steps.as_deref())),
        ("references_requested", Box::new(iv.references_requested)),
        ("follow_ups_invited", Box::new(iv.follow_ups_invited)),
        ("notes", Box::new(iv.notes.as_deref())),
        ("location", Box::new(iv.location.as_deref())),
        ("invite_uid", Box::new(iv.invite.as_ref().map(|i| i.uid.as_str()))),
        ("invite_sequence", Box::new(iv.invite.as_ref().map(|i| i64::from(i.sequence)))),
    ]
}

pub(crate) fn message_row(m: &Message) -> Columns<'_> {
    vec![
        ("application_id", Box::new(m.application.0)),
        ("person_id", Box::new(m.person.map(|p| p.0))),
        ("kind", Box::new(m.kind.as_str())),
        ("direction", Box::new(m.direction.as_str())),
        ("date", Box::new(m.date)),
        ("channel", Box::new(m.channel.as_str())),
        ("subject", Box::new(m.subject.as_deref())),
        ("body", Box::new(m.body.as_deref())),
        ("source_id", Box::new(m.source_id.as_deref())),
    ]
}

pub(crate) fn outcome_row(o: &Outcome) -> Columns<'_> {
    vec![
        ("application_id", Box::new(o.application.0)),
        ("kind", Box::new(o.kind.as_str())),
        ("date", Box::new(o.date)),
        ("deadline", Box::new(o.deadline)),
        ("feedback", Box::new(o.feedback.as_deref())),
    ]
}

// ----- rows to records -------------------------------------------------------

/// The columns every read of applications selects.
pub(crate) const APPLICATION: &str =
    "id, company, role, status, culture, region, first_contact, applied_on, posting_url, notes";

pub(crate) fn application(r: &Row) -> Result<Record<ApplicationId, Application>> {
    Ok(Record {
        id: ApplicationId(get(r, "id")?),
        value: Application {
            company: get(r, "company")?,
            role: get(r, "role")?,
            status: parsed(r, "status")?,
            culture: parsed(r, "culture")?,
            region: get(r, "region")?,
            first_contact: parsed(r, "first_contact")?,
            posting_url: get(r, "posting_url")?,
            applied_on: get(r, "applied_on")?,
            notes: get(r, "notes")?,
        },
    })
}

pub(crate) const PERSON: &str = "id, name, title, email, phone, linkedin, organisation, time_zone, notes";

pub(crate) fn person(r: &Row) -> Result<Record<PersonId, Person>> {
    Ok(Record {
        id: PersonId(get(r, "id")?),
        value: Person {
            name: get(r, "name")?,
            title: get(r, "title")?,
            email: parsed_opt(r, "email")?,
            phone: get(r, "phone")?,
            linkedin: get(r, "linkedin")?,
            organisation: get(r, "organisation")?,
            time_zone: parsed_opt(r, "time_zone")?,
            notes: get(r, "notes")?,
        },
    })
}

pub(crate) fn involvement(r: &Row) -> Result<Involvement> {
    Ok(Involvement {
        application: ApplicationId(get(r, "application_id")?),
        person: PersonId(get(r, "person_id")?),
        role: parsed(r, "role")?,
    })
}

/// The columns of an interview, with its panel in order as `interviewers`
/// (on `interviews i`).
pub(crate) const INTERVIEW: &str = "i.id, i.application_id, i.start, i.duration_minutes, i.stage, i.topics,
     i.promised, i.next_steps, i.references_requested, i.follow_ups_invited, i.notes, i.location,
     i.invite_uid, i.invite_sequence,
     ARRAY(SELECT ip.person_id FROM interview_people ip
           WHERE ip.user_id = i.user_id AND ip.interview_id = i.id
           ORDER BY ip.position) AS interviewers";

pub(crate) fn interview(r: &Row) -> Result<Record<InterviewId, Interview>> {
    let start: Zoned = parsed(r, "start")?;
    Ok(Record {
        id: InterviewId(get(r, "id")?),
        value: Interview {
            application: ApplicationId(get(r, "application_id")?),
            start,
            duration_minutes: unsigned(r, "duration_minutes")?,
            stage: parsed(r, "stage")?,
            interviewers: get::<Vec<i64>>(r, "interviewers")?.into_iter().map(PersonId).collect(),
            topics: get(r, "topics")?,
            promised: get(r, "promised")?,
            next_steps: get(r, "next_steps")?,
            references_requested: get(r, "references_requested")?,
            follow_ups_invited: get(r, "follow_ups_invited")?,
            notes: get(r, "notes")?,
            location: get(r, "location")?,
            invite: invite(r)?,
        },
    })
}

/// The invitation an interview came from: its UID with the SEQUENCE last read.
fn invite(r: &Row) -> Result<Option<InviteRef>> {
    let Some(uid) = get::<Option<String>>(r, "invite_uid")? else { return Ok(None) };
    let sequence = match get::<Option<i64>>(r, "invite_sequence")? {
        None => 0,
        Some(n) => {
            u32::try_from(n).map_err(|_| corrupt("invite_sequence", format!("{n} is out of range")))?
        }
    };
    Ok(Some(InviteRef { uid, sequence }))
}

pub(crate) const MESSAGE: &str =
    "id, application_id, person_id, kind, direction, date, channel, subject, body, source_id";

pub(crate) fn message(r: &Row) -> Result<Record<MessageId, Message>> {
    Ok(Record {
        id: MessageId(get(r, "id")?),
        value: Message {
            application: ApplicationId(get(r, "application_id")?),
            person: get::<Option<i64>>(r, "person_id")?.map(PersonId),
            kind: parsed(r, "kind")?,
            direction: parsed(r, "direction")?,
            date: get(r, "date")?,
            channel: parsed(r, "channel")?,
            subject: get(r, "subject")?,
            body: get(r, "body")?,
            source_id: get(r, "source_id")?,
        },
    })
}

pub(crate) const OUTCOME: &str = "id, application_id, kind, date, deadline, feedback";

pub(crate) fn outcome(r: &Row) -> Result<Record<OutcomeId, Outcome>> {
    Ok(Record {
        id: OutcomeId(get(r, "id")?),
        value: Outcome {
            application: ApplicationId(get(r, "application_id")?),
            kind: parsed(r, "kind")?,
            date: get(r, "date")?,
            deadline: get(r, "deadline")?,
            feedback: get(r, "feedback")?,
        },
    })
}

/// Every row read into a record; the first that does not read is the error.
pub(crate) fn all<T>(rows: Vec<Row>, read: impl Fn(&Row) -> Result<T>) -> Result<Vec<T>> {
    rows.iter().map(read).collect()
}

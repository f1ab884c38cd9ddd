//! Rows to records and records to rows, by column name. A record's columns
//! are named beside its values when written; when read, each statement's
//! columns are looked up by name once ([`FromRow::columns`]) and every row is
//! then read by the positions found, so a SELECT may leave out columns it
//! does not need (they read as empty) without anything having to line up,
//! and a long read pays no per-row name lookups.

use std::cell::RefCell;
use std::fmt::Display;
use std::str::FromStr;

use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_core::kinds::Exact;
use afterview_core::model::{
    Application, Interview, InviteRef, Involvement, Message, Outcome, Person, Record,
};
use afterview_core::values::TimeZoneName;
use afterview_store::Error;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use rusqlite::types::{FromSql, Type, Value, ValueRef};
use rusqlite::{ErrorCode, Row, Statement};

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
        rusqlite::Error::SqliteFailure(f, ref message) => {
            // SQLite's own wording, once: never "Error code 1544: …" beside it.
            let text = message.clone().unwrap_or_else(|| f.to_string());
            match f.code {
                ErrorCode::ReadOnly => Error::ReadOnly { location: "the database".into(), reason: text },
                ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => Error::damaged("", text),
                ErrorCode::DiskFull => Error::Disk(format!("the disk is full ({text})")),
                // A write the system refused (a file size limit, a failing
                // disk) comes back as an I/O error.
                ErrorCode::SystemIoFailure => Error::Disk(format!("the disk refused a write ({text})")),
                _ => Error::Backend(Box::new(e)),
            }
        }
        other => Error::Backend(Box::new(other)),
    }
}

fn conversion(column: &str, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, Type::Text, format!("{column}: {message}").into())
}

/// A record that can be read from the rows of any SELECT that has its
/// required columns.
pub(crate) trait FromRow: Sized {
    /// Where this record's columns are in one statement's rows.
    type Columns;
    fn columns(stmt: &Statement<'_>) -> rusqlite::Result<Self::Columns>;
    fn read(r: &Row<'_>, c: &Self::Columns) -> rusqlite::Result<Self>;
}

/// A column the record needs: the statement must have it.
fn need(stmt: &Statement<'_>, name: &str) -> rusqlite::Result<usize> {
    stmt.column_index(name)
}

/// A column the statement may leave out.
fn may(stmt: &Statement<'_>, name: &'static str) -> Col {
    Col { name, at: stmt.column_index(name).ok() }
}

/// An optional column, by name, and where the statement has it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Col {
    name: &'static str,
    at: Option<usize>,
}

impl Col {
    fn get<T: FromSql>(self, r: &Row<'_>) -> rusqlite::Result<Option<T>> {
        match self.at {
            Some(i) => r.get(i),
            None => Ok(None),
        }
    }

    fn parsed<T: FromStr>(self, r: &Row<'_>) -> rusqlite::Result<Option<T>>
    where
        T::Err: Display,
    {
        match self.at {
            Some(i) => parsed_opt(r, i, self.name),
            None => Ok(None),
        }
    }

    /// A JSON list of strings; a column left out reads as an empty list.
    fn list(self, r: &Row<'_>) -> rusqlite::Result<Vec<String>> {
        match self.at.map(|i| text_ref(r, i, self.name)).transpose()?.flatten() {
            None | Some("[]") => Ok(Vec::new()),
            Some(text) => serde_json::from_str(text).map_err(|e| conversion(self.name, e.to_string())),
        }
    }
}

/// A text column, borrowed from the row; NULL is `None`.
fn text_ref<'r>(r: &'r Row<'_>, i: usize, name: &str) -> rusqlite::Result<Option<&'r str>> {
    match r.get_ref(i)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(t) => std::str::from_utf8(t).map(Some).map_err(|e| conversion(name, e.to_string())),
        _ => Err(conversion(name, "is not text".to_owned())),
    }
}

/// A text column parsed into a typed value, without copying the text.
pub(crate) fn parsed<T: FromStr>(r: &Row<'_>, i: usize, name: &str) -> rusqlite::Result<T>
where
    T::Err: Display,
{
    match parsed_opt(r, i, name)? {
        Some(v) => Ok(v),
        None => Err(conversion(name, "is empty".to_owned())),
    }
}

fn parsed_opt<T: FromStr>(r: &Row<'_>, i: usize, name: &str) -> rusqlite::Result<Option<T>>
where
    T::Err: Display,
{
    match text_ref(r, i, name)? {
        None => Ok(None),
        Some(text) => text.parse().map(Some).map_err(|e: T::Err| conversion(name, e.to_string())),
    }
}

/// A column holding one of a closed set's spellings: recognised from the
/// row's bytes as written, else parsed (which also names a bad value).
pub(crate) fn spelled<T: Exact + FromStr>(r: &Row<'_>, i: usize, name: &str) -> rusqlite::Result<T>
where
    T::Err: Display,
{
    if let ValueRef::Text(bytes) = r.get_ref(i)?
        && let Some(v) = T::exact(bytes)
    {
        return Ok(v);
    }
    parsed(r, i, name)
}

/// Values found by name once per read: the rows of a read name a handful
/// of time zones, and finding a zone by name costs more than reading a row.
pub(crate) struct ByName<T>(RefCell<Vec<(String, T)>>);

impl<T> Default for ByName<T> {
    fn default() -> Self {
        Self(RefCell::new(Vec::new()))
    }
}

impl<T: Clone> ByName<T> {
    /// The value named so, found with `find` the first time only.
    fn get<E>(&self, name: &str, find: impl FnOnce(&str) -> Result<T, E>) -> Result<T, E> {
        if let Some((_, v)) = self.0.borrow().iter().find(|(n, _)| n == name) {
            return Ok(v.clone());
        }
        let v = find(name)?;
        self.0.borrow_mut().push((name.to_owned(), v.clone()));
        Ok(v)
    }
}

/// The zones the starts of one read name: a start is stored as
/// `2026-11-20T14:00:00-05:00[America/New_York]`, read as its instant and
/// its zone.
#[derive(Default)]
pub(crate) struct Zones(ByName<TimeZone>);

impl Zones {
    fn start(&self, r: &Row<'_>, i: usize) -> rusqlite::Result<Zoned> {
        let Some(text) = text_ref(r, i, "start")? else {
            return Err(conversion("start", "is empty".to_owned()));
        };
        // The instant and the zone's name; anything else takes the long way.
        let quick = text.strip_suffix(']').and_then(|t| t.split_once('[')).and_then(|(instant, name)| {
            let instant: Timestamp = instant.parse().ok()?;
            Some(instant.to_zoned(self.zone(name)?))
        });
        match quick {
            Some(z) => Ok(z),
            None => text.parse().map_err(|e: jiff::Error| conversion("start", e.to_string())),
        }
    }

    fn zone(&self, name: &str) -> Option<TimeZone> {
        self.0.get(name, TimeZone::get).ok()
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
        ("applied_on", optional(a.applied_on.map(|d| d.to_string()))),
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
        ("location", optional(iv.location.as_deref())),
        ("invite_uid", optional(iv.invite.as_ref().map(|i| i.uid.as_str()))),
        (
            "invite_sequence",
            iv.invite.as_ref().map_or(Value::Null, |i| Value::Integer(i64::from(i.sequence))),
        ),
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
        ("source_id", optional(m.source_id.as_deref())),
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

pub(crate) struct ApplicationColumns {
    id: usize,
    company: usize,
    role: usize,
    status: usize,
    culture: usize,
    first_contact: usize,
    region: Col,
    posting_url: Col,
    notes: Col,
    applied_on: Col,
}

impl FromRow for Record<ApplicationId, Application> {
    type Columns = ApplicationColumns;

    fn columns(s: &Statement<'_>) -> rusqlite::Result<ApplicationColumns> {
        Ok(ApplicationColumns {
            id: need(s, "id")?,
            company: need(s, "company")?,
            role: need(s, "role")?,
            status: need(s, "status")?,
            culture: need(s, "culture")?,
            first_contact: need(s, "first_contact")?,
            region: may(s, "region"),
            posting_url: may(s, "posting_url"),
            notes: may(s, "notes"),
            applied_on: may(s, "applied_on"),
        })
    }

    fn read(r: &Row<'_>, c: &ApplicationColumns) -> rusqlite::Result<Self> {
        Ok(Record {
            id: ApplicationId(r.get(c.id)?),
            value: Application {
                company: r.get(c.company)?,
                role: r.get(c.role)?,
                status: spelled(r, c.status, "status")?,
                culture: spelled(r, c.culture, "culture")?,
                region: c.region.get(r)?,
                first_contact: spelled(r, c.first_contact, "first_contact")?,
                posting_url: c.posting_url.get(r)?,
                notes: c.notes.get(r)?,
                applied_on: c.applied_on.parsed(r)?,
            },
        })
    }
}

pub(crate) struct InvolvementColumns {
    application: usize,
    person: usize,
    role: usize,
}

impl FromRow for Involvement {
    type Columns = InvolvementColumns;

    fn columns(s: &Statement<'_>) -> rusqlite::Result<InvolvementColumns> {
        Ok(InvolvementColumns {
            application: need(s, "application_id")?,
            person: need(s, "person_id")?,
            role: need(s, "role")?,
        })
    }

    fn read(r: &Row<'_>, c: &InvolvementColumns) -> rusqlite::Result<Self> {
        Ok(Involvement {
            application: ApplicationId(r.get(c.application)?),
            person: PersonId(r.get(c.person)?),
            role: spelled(r, c.role, "role")?,
        })
    }
}

pub(crate) struct PersonColumns {
    id: usize,
    name: usize,
    title: Col,
    email: Col,
    phone: Col,
    linkedin: Col,
    organisation: Col,
    time_zone: Col,
    notes: Col,
    /// People share a handful of zones: each is looked up once per read.
    zones: ByName<TimeZoneName>,
}

impl PersonColumns {
    fn time_zone(&self, r: &Row<'_>) -> rusqlite::Result<Option<TimeZoneName>> {
        let Some(i) = self.time_zone.at else { return Ok(None) };
        let Some(text) = text_ref(r, i, "time_zone")? else { return Ok(None) };
        let zone = self.zones.get(text, |name| {
            name.parse::<TimeZoneName>().map_err(|e| conversion("time_zone", e.to_string()))
        })?;
        Ok(Some(zone))
    }
}

impl FromRow for Record<PersonId, Person> {
    type Columns = PersonColumns;

    fn columns(s: &Statement<'_>) -> rusqlite::Result<PersonColumns> {
        Ok(PersonColumns {
            id: need(s, "id")?,
            name: need(s, "name")?,
            title: may(s, "title"),
            email: may(s, "email"),
            phone: may(s, "phone"),
            linkedin: may(s, "linkedin"),
            organisation: may(s, "organisation"),
            time_zone: may(s, "time_zone"),
            notes: may(s, "notes"),
            zones: ByName::default(),
        })
    }

    fn read(r: &Row<'_>, c: &PersonColumns) -> rusqlite::Result<Self> {
        Ok(Record {
            id: PersonId(r.get(c.id)?),
            value: Person {
                name: r.get(c.name)?,
                title: c.title.get(r)?,
                email: c.email.parsed(r)?,
                phone: c.phone.get(r)?,
                linkedin: c.linkedin.get(r)?,
                organisation: c.organisation.get(r)?,
                time_zone: c.time_zone(r)?,
                notes: c.notes.get(r)?,
            },
        })
    }
}

pub(crate) struct InterviewColumns {
    id: usize,
    application: usize,
    start: usize,
    duration_minutes: usize,
    stage: usize,
    references_requested: usize,
    follow_ups_invited: usize,
    topics: Col,
    promised: Col,
    next_steps: Col,
    notes: Col,
    location: Col,
    invite_uid: Col,
    invite_sequence: Col,
    zones: Zones,
}

impl InterviewColumns {
    /// The invitation an interview came from: its UID with the SEQUENCE
    /// last read (0 when a file predates the column's use).
    fn invite(&self, r: &Row<'_>) -> rusqlite::Result<Option<InviteRef>> {
        let Some(uid) = self.invite_uid.get(r)? else { return Ok(None) };
        let sequence = self.invite_sequence.get(r)?.unwrap_or(0);
        Ok(Some(InviteRef { uid, sequence }))
    }
}

/// An interview without its panel, which lives in its own table.
impl FromRow for Record<InterviewId, Interview> {
    type Columns = InterviewColumns;

    fn columns(s: &Statement<'_>) -> rusqlite::Result<InterviewColumns> {
        Ok(InterviewColumns {
            id: need(s, "id")?,
            application: need(s, "application_id")?,
            start: need(s, "start")?,
            duration_minutes: need(s, "duration_minutes")?,
            stage: need(s, "stage")?,
            references_requested: need(s, "references_requested")?,
            follow_ups_invited: need(s, "follow_ups_invited")?,
            topics: may(s, "topics"),
            promised: may(s, "promised"),
            next_steps: may(s, "next_steps"),
            notes: may(s, "notes"),
            location: may(s, "location"),
            invite_uid: may(s, "invite_uid"),
            invite_sequence: may(s, "invite_sequence"),
            zones: Zones::default(),
        })
    }

    fn read(r: &Row<'_>, c: &InterviewColumns) -> rusqlite::Result<Self> {
        Ok(Record {
            id: InterviewId(r.get(c.id)?),
            value: Interview {
                application: ApplicationId(r.get(c.application)?),
                start: c.zones.start(r, c.start)?,
                duration_minutes: r.get(c.duration_minutes)?,
                stage: spelled(r, c.stage, "stage")?,
                interviewers: Vec::new(),
                topics: c.topics.list(r)?,
                promised: c.promised.list(r)?,
                next_steps: c.next_steps.get(r)?,
                references_requested: r.get(c.references_requested)?,
                follow_ups_invited: r.get(c.follow_ups_invited)?,
                notes: c.notes.get(r)?,
                location: c.location.get(r)?,
                invite: c.invite(r)?,
            },
        })
    }
}

pub(crate) struct MessageColumns {
    id: usize,
    application: usize,
    person: usize,
    kind: usize,
    direction: usize,
    date: usize,
    channel: usize,
    subject: Col,
    body: Col,
    source_id: Col,
}

impl FromRow for Record<MessageId, Message> {
    type Columns = MessageColumns;

    fn columns(s: &Statement<'_>) -> rusqlite::Result<MessageColumns> {
        Ok(MessageColumns {
            id: need(s, "id")?,
            application: need(s, "application_id")?,
            person: need(s, "person_id")?,
            kind: need(s, "kind")?,
            direction: need(s, "direction")?,
            date: need(s, "date")?,
            channel: need(s, "channel")?,
            subject: may(s, "subject"),
            body: may(s, "body"),
            source_id: may(s, "source_id"),
        })
    }

    fn read(r: &Row<'_>, c: &MessageColumns) -> rusqlite::Result<Self> {
        Ok(Record {
            id: MessageId(r.get(c.id)?),
            value: Message {
                application: ApplicationId(r.get(c.application)?),
                person: r.get::<_, Option<i64>>(c.person)?.map(PersonId),
                kind: spelled(r, c.kind, "kind")?,
                direction: spelled(r, c.direction, "direction")?,
                date: parsed(r, c.date, "date")?,
                channel: spelled(r, c.channel, "channel")?,
                subject: c.subject.get(r)?,
                body: c.body.get(r)?,
                source_id: c.source_id.get(r)?,
            },
        })
    }
}

pub(crate) struct OutcomeColumns {
    id: usize,
    application: usize,
    kind: usize,
    date: usize,
    deadline: Col,
    feedback: Col,
}

impl FromRow for Record<OutcomeId, Outcome> {
    type Columns = OutcomeColumns;

    fn columns(s: &Statement<'_>) -> rusqlite::Result<OutcomeColumns> {
        Ok(OutcomeColumns {
            id: need(s, "id")?,
            application: need(s, "application_id")?,
            kind: need(s, "kind")?,
            date: need(s, "date")?,
            deadline: may(s, "deadline"),
            feedback: may(s, "feedback"),
        })
    }

    fn read(r: &Row<'_>, c: &OutcomeColumns) -> rusqlite::Result<Self> {
        Ok(Record {
            id: OutcomeId(r.get(c.id)?),
            value: Outcome {
                application: ApplicationId(r.get(c.application)?),
                kind: spelled(r, c.kind, "kind")?,
                date: parsed(r, c.date, "date")?,
                deadline: c.deadline.parsed(r)?,
                feedback: c.feedback.get(r)?,
            },
        })
    }
}

//! Reads of one user's records, whole, for the commands that list and show
//! them, and the planner's load ([`facts`]). Every query names `user_id`:
//! another user's id reads as not found, exactly like an id never given.

use std::collections::{HashMap, HashSet};

use afterview_core::agenda::Facts;
use afterview_core::calendar::Holiday;
use afterview_core::ics::ExportedEvent;
use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_core::model::{
    Application, Interview, Involvement, Message, Outcome, Person, Record, TaskState,
};
use afterview_core::plan::TaskId;
use afterview_store::{Error, Notification, RecordKind, Result, UserId};
use jiff::civil::Date;
use postgres::GenericClient;

use crate::pool::Db;
use crate::rows::{self, all, get, unsigned};

type Rd<'a, 'b, C> = &'a mut Db<'b, C>;

pub(crate) fn count<C: GenericClient>(db: Rd<'_, '_, C>, user: UserId, table: &str) -> Result<u64> {
    let sql = format!("SELECT count(*) FROM {table} WHERE user_id = $1");
    let row = db.query_opt(&sql, &[&user.0])?;
    let n: i64 = row.as_ref().map(|r| get(r, "count")).transpose()?.unwrap_or(0);
    Ok(u64::try_from(n).unwrap_or(0))
}

pub(crate) fn application<C: GenericClient>(
    db: Rd<'_, '_, C>,
    user: UserId,
    id: ApplicationId,
) -> Result<Record<ApplicationId, Application>> {
    let sql = format!("SELECT {} FROM applications WHERE user_id = $1 AND id = $2", rows::APPLICATION);
    match db.query_opt(&sql, &[&user.0, &id.0])? {
        Some(r) => rows::application(&r),
        None => Err(Error::not_found(RecordKind::Application, id)),
    }
}

pub(crate) fn applications<C: GenericClient>(
    db: Rd<'_, '_, C>,
    user: UserId,
) -> Result<Vec<Record<ApplicationId, Application>>> {
    let sql = format!("SELECT {} FROM applications WHERE user_id = $1 ORDER BY id", rows::APPLICATION);
    all(db.query(&sql, &[&user.0])?, rows::application)
}

pub(crate) fn person<C: GenericClient>(
    db: Rd<'_, '_, C>,
    user: UserId,
    id: PersonId,
) -> Result<Record<PersonId, Person>> {
    let sql = format!("SELECT {} FROM people WHERE user_id = $1 AND id = $2", rows::PERSON);
    match db.query_opt(&sql, &[&user.0, &id.0])? {
        Some(r) => rows::person(&r),
        None => Err(Error::not_found(RecordKind::Person, id)),
    }
}

pub(crate) fn people<C: GenericClient>(
    db: Rd<'_, '_, C>,
    user: UserId,
) -> Result<Vec<Record<PersonId, Person>>> {
    let sql = format!("SELECT {} FROM people WHERE user_id = $1 ORDER BY id", rows::PERSON);
    all(db.query(&sql, &[&user.0])?, rows::person)
}

pub(crate) fn involvements<C: GenericClient>(
    db: Rd<'_, '_, C>,
    user: UserId,
    application: Option<ApplicationId>,
) -> Result<Vec<Involvement>> {
    let sql = "SELECT application_id, person_id, role FROM involvements
               WHERE user_id = $1 AND ($2::bigint IS NULL OR application_id = $2)
               ORDER BY application_id, person_id";
    all(db.query(sql, &[&user.0, &application.map(|a| a.0)])?, rows::involvement)
}

pub(crate) fn interview<C: GenericClient>(
    db: Rd<'_, '_, C>,
    user: UserId,
    id: InterviewId,
) -> Result<Record<InterviewId, Interview>> {
    let sql = format!("SELECT {} FROM interviews i WHERE i.user_id = $1 AND i.id = $2", rows::INTERVIEW);
    match db.query_opt(&sql, &[&user.0, &id.0])? {
        Some(r) => rows::interview(&r),
        None => Err(Error::not_found(RecordKind::Interview, id)),
    }
}

/// Interviews oldest first (by their instant), each with its panel in order.
pub(crate) fn interviews<C: GenericClient>(
    db: Rd<'_, '_, C>,
    user: UserId,
    application: Option<ApplicationId>,
) -> Result<Vec<Record<InterviewId, Interview>>> {
    let sql = format!(
        "SELECT {} FROM interviews i WHERE i.user_id = $1 AND ($2::bigint IS NULL OR i.application_id = $2)
         ORDER BY i.starts_at, i.id",
        rows::INTERVIEW
    );
    all(db.query(&sql, &[&user.0, &application.map(|a| a.0)])?, rows::interview)
}

pub(crate) fn message<C: GenericClient>(
    db: Rd<'_, '_, C>,
    user: UserId,
    id: MessageId,
) -> Result<Record<MessageId, Message>> {
    let sql = format!("SELECT {} FROM messages WHERE user_id = $1 AND id = $2", rows::MESSAGE);
    match db.query_opt(&sql, &[&user.0, &id.0])? {
        Some(r) => rows::message(&r),
        None => Err(Error::not_found(RecordKind::Message, id)),
    }
}

pub(crate) fn messages<C: GenericClient>(
    db: Rd<'_, '_, C>,
    user: UserId,
    application: Option<ApplicationId>,
) -> Result<Vec<Record<MessageId, Message>>> {
    let sql = format!(
        "SELECT {} FROM messages WHERE user_id = $1 AND ($2::bigint IS NULL OR application_id = $2)
         ORDER BY date, id",
        rows::MESSAGE
    );
    all(db.query(&sql, &[&user.0, &application.map(|a| a.0)])?, rows::message)
}

pub(crate) fn outcome<C: GenericClient>(
    db: Rd<'_, '_, C>,
    user: UserId,
    id: OutcomeId,
) -> Result<Record<OutcomeId, Outcome>> {
    let sql = format!("SELECT {} FROM outcomes WHERE user_id = $1 AND id = $2", rows::OUTCOME);
    match db.query_opt(&sql, &[&user.0, &id.0])? {
        Some(r) => rows::outcome(&r),
        None => Err(Error::not_found(RecordKind::Outcome, id)),
    }
}

pub(crate) fn outcomes<C: GenericClient>(
    db: Rd<'_, '_, C>,
    user: UserId,
    application: Option<ApplicationId>,
) -> Result<Vec<Record<OutcomeId, Outcome>>> {
    let sql = format!(
        "SELECT {} FROM outcomes WHERE user_id = $1 AND ($2::bigint IS NULL OR application_id = $2)
         ORDER BY date, id",
        rows::OUTCOME
    );
    all(db.query(&sql, &[&user.0, &application.map(|a| a.0)])?, rows::outcome)
}

pub(crate) fn meta<C: GenericClient>(db: Rd<'_, '_, C>, user: UserId, key: &str) -> Result<Option<String>> {
    let row = db.query_opt("SELECT value FROM meta WHERE user_id = $1 AND key = $2", &[&user.0, &key])?;
    row.map(|r| get(&r, "value")).transpose()
}

pub(crate) fn holidays<C: GenericClient>(db: Rd<'_, '_, C>, user: UserId) -> Result<Vec<Holiday>> {
    let rows = db.query("SELECT date, name FROM holidays WHERE user_id = $1 ORDER BY date", &[&user.0])?;
    all(rows, |r| Ok(Holiday { date: get(r, "date")?, name: get(r, "name")? }))
}

pub(crate) fn exported_events<C: GenericClient>(
    db: Rd<'_, '_, C>,
    user: UserId,
) -> Result<Vec<ExportedEvent>> {
    let sql = "SELECT task_id, fingerprint, sequence, day, summary, cancelled FROM exported_events
               WHERE user_id = $1";
    all(db.query(sql, &[&user.0])?, |r| {
        Ok(ExportedEvent {
            task: get(r, "task_id")?,
            // Stored as the signed integer with the same 64 bits.
            fingerprint: get::<i64>(r, "fingerprint")? as u64,
            sequence: unsigned(r, "sequence")?,
            day: get(r, "day")?,
            summary: get(r, "summary")?,
            cancelled: get(r, "cancelled")?,
        })
    })
}

/// The reminders sent on `day`, by task id then channel, compared as bytes
/// (`COLLATE "C"`), as SQLite orders text, whatever the database's locale.
pub(crate) fn notifications<C: GenericClient>(
    db: Rd<'_, '_, C>,
    user: UserId,
    day: Date,
) -> Result<Vec<Notification>> {
    let sql = "SELECT day, task_id, channel, sent_at FROM notifications WHERE user_id = $1 AND day = $2
               ORDER BY task_id COLLATE \"C\", channel COLLATE \"C\"";
    all(db.query(sql, &[&user.0, &day])?, |r| {
        Ok(Notification {
            day: get(r, "day")?,
            task: rows::parsed(r, "task_id")?,
            channel: get(r, "channel")?,
            sent_at: get(r, "sent_at")?,
        })
    })
}

pub(crate) fn task_states<C: GenericClient>(
    db: Rd<'_, '_, C>,
    user: UserId,
) -> Result<HashMap<TaskId, TaskState>> {
    let rows = db.query("SELECT task_id, state, day FROM task_states WHERE user_id = $1", &[&user.0])?;
    rows.iter()
        .map(|r| {
            let id: &str = get(r, "task_id")?;
            let day: Date = get(r, "day")?;
            let state = match get::<&str>(r, "state")? {
                "done" => TaskState::Done { on: day },
                "skipped" => TaskState::Skipped { on: day },
                "snoozed" => TaskState::Snoozed { until: day },
                other => return Err(Error::Corrupt(format!("task {id} has an unknown state {other:?}"))),
            };
            let id: TaskId = id.parse().map_err(|e| Error::Corrupt(format!("task_states: {e}")))?;
            Ok((id, state))
        })
        .collect()
}

/// The planner's load (see [`afterview_store::Store::facts`]): every open
/// application and those closed on or after `closed_since`, each list
/// ordered by application. Sent messages' bodies, subjects and notes are
/// left out; a received message's text is kept (F4 reads it). Meant to run
/// inside one transaction, so every list comes from the same snapshot.
pub(crate) fn facts<C: GenericClient>(db: Rd<'_, '_, C>, user: UserId, closed_since: Date) -> Result<Facts> {
    let u = &user.0;
    let mut outcomes = all(
        db.query(
            &format!(
                "SELECT {} FROM outcomes WHERE user_id = $1 ORDER BY application_id, date, id",
                rows::OUTCOME
            ),
            &[u],
        )?,
        rows::outcome,
    )?;
    let recent: HashSet<i64> =
        outcomes.iter().filter(|o| o.value.date >= closed_since).map(|o| o.value.application.0).collect();
    let mut applications = all(
        db.query(
            "SELECT id, company, role, status, culture, region, first_contact, applied_on,
                    NULL::text AS posting_url, NULL::text AS notes
             FROM applications WHERE user_id = $1 ORDER BY id",
            &[u],
        )?,
        rows::application,
    )?;
    applications.retain(|a| a.value.status.is_open() || recent.contains(&a.id.0));
    let live: HashSet<i64> = applications.iter().map(|a| a.id.0).collect();
    outcomes.retain(|o| live.contains(&o.value.application.0));
    let mut involvements = involvements(db, user, None)?;
    involvements.retain(|i| live.contains(&i.application.0));
    let mut messages = all(
        db.query(
            "SELECT id, application_id, person_id, kind, direction, date, channel, NULL::text AS subject,
                    CASE direction WHEN 'in' THEN substr(body, 1, 2000) END AS body, NULL::text AS source_id
             FROM messages WHERE user_id = $1 ORDER BY application_id, id",
            &[u],
        )?,
        rows::message,
    )?;
    messages.retain(|m| live.contains(&m.value.application.0));
    let wanted: HashSet<i64> = involvements
        .iter()
        .map(|i| i.person.0)
        .chain(messages.iter().filter_map(|m| m.value.person.map(|p| p.0)))
        .collect();
    let mut people = all(
        db.query(
            "SELECT id, name, NULL::text AS title, email, NULL::text AS phone, NULL::text AS linkedin,
                    NULL::text AS organisation, time_zone, NULL::text AS notes
             FROM people WHERE user_id = $1 ORDER BY id",
            &[u],
        )?,
        rows::person,
    )?;
    people.retain(|p| wanted.contains(&p.id.0));
    let mut interviews = all(
        db.query(
            &format!(
                "SELECT {} FROM interviews i WHERE i.user_id = $1 ORDER BY i.application_id, i.id",
                rows::INTERVIEW
            ),
            &[u],
        )?,
        rows::interview,
    )?;
    interviews.retain(|i| live.contains(&i.value.application.0));
    Ok(Facts {
        applications,
        people,
        involvements,
        interviews,
        messages,
        outcomes,
        task_states: task_states(db, user)?,
        holidays: holidays(db, user)?.into_iter().map(|h| h.date).collect(),
    })
}

//! Reads of records, whole, for the commands that list and show them.

use std::collections::HashMap;

use afterview_core::calendar::Holiday;
use afterview_core::ics::ExportedEvent;
use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_core::model::{
    Application, Interview, Involvement, Message, Outcome, Person, Record, TaskState,
};
use afterview_core::plan::TaskId;
use afterview_store::{Error, Notification, RecordKind, Result};
use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, Params, Row, ToSql};

use crate::rows::{FromRow, error, parsed};

/// Every row of `sql` read with a closure (for rows that are not records).
pub(crate) fn collect<T, P: Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql).map_err(error)?;
    let rows = stmt.query_map(params, f).map_err(error)?;
    rows.collect::<rusqlite::Result<Vec<T>>>().map_err(error)
}

/// Every row of `sql` as a record, its columns found by name once.
pub(crate) fn records<T: FromRow, P: Params>(conn: &Connection, sql: &str, params: P) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql).map_err(error)?;
    let columns = T::columns(&stmt).map_err(error)?;
    let mut rows = stmt.query(params).map_err(error)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next().map_err(error)? {
        out.push(T::read(r, &columns).map_err(error)?);
    }
    Ok(out)
}

/// The one record with this id.
fn one<T: FromRow>(
    conn: &Connection,
    sql: &str,
    id: i64,
    kind: RecordKind,
    shown: impl std::fmt::Display,
) -> Result<T> {
    records(conn, sql, [id])?.pop().ok_or_else(|| Error::not_found(kind, shown))
}

pub(crate) fn count(conn: &Connection, table: &str) -> Result<u64> {
    let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).map_err(error)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

pub(crate) fn application(
    conn: &Connection,
    id: ApplicationId,
) -> Result<Record<ApplicationId, Application>> {
    one(conn, "SELECT * FROM applications WHERE id = ?1", id.0, RecordKind::Application, id)
}

pub(crate) fn applications(conn: &Connection) -> Result<Vec<Record<ApplicationId, Application>>> {
    records(conn, "SELECT * FROM applications ORDER BY id", [])
}

pub(crate) fn person(conn: &Connection, id: PersonId) -> Result<Record<PersonId, Person>> {
    one(conn, "SELECT * FROM people WHERE id = ?1", id.0, RecordKind::Person, id)
}

pub(crate) fn people(conn: &Connection) -> Result<Vec<Record<PersonId, Person>>> {
    records(conn, "SELECT * FROM people ORDER BY id", [])
}

pub(crate) fn involvements(
    conn: &Connection,
    application: Option<ApplicationId>,
) -> Result<Vec<Involvement>> {
    let sql = "SELECT application_id, person_id, role FROM involvements
               WHERE ?1 IS NULL OR application_id = ?1 ORDER BY application_id, person_id";
    records(conn, sql, [application.map(|a| a.0)])
}

pub(crate) fn interview(conn: &Connection, id: InterviewId) -> Result<Record<InterviewId, Interview>> {
    let mut found = interviews_where(conn, "i.id = ?1", id.0)?;
    found.pop().ok_or_else(|| Error::not_found(RecordKind::Interview, id))
}

pub(crate) fn interviews(
    conn: &Connection,
    application: Option<ApplicationId>,
) -> Result<Vec<Record<InterviewId, Interview>>> {
    interviews_where(conn, "?1 IS NULL OR i.application_id = ?1", application.map(|a| a.0))
}

/// Interviews matching `filter` (on `interviews i`, with one parameter),
/// oldest first, each with its panel in order.
fn interviews_where(
    conn: &Connection,
    filter: &str,
    arg: impl ToSql,
) -> Result<Vec<Record<InterviewId, Interview>>> {
    let mut panel: HashMap<i64, Vec<PersonId>> = HashMap::new();
    let sql = format!(
        "SELECT ip.interview_id, ip.person_id FROM interview_people ip
         JOIN interviews i ON i.id = ip.interview_id WHERE {filter} ORDER BY ip.interview_id, ip.position"
    );
    for (interview, person) in collect(conn, &sql, [&arg], |r| Ok((r.get(0)?, PersonId(r.get(1)?))))? {
        panel.entry(interview).or_default().push(person);
    }
    let sql = format!("SELECT i.* FROM interviews i WHERE {filter} ORDER BY i.start, i.id");
    let mut found: Vec<Record<InterviewId, Interview>> = records(conn, &sql, [&arg])?;
    for rec in &mut found {
        rec.value.interviewers = panel.remove(&rec.id.0).unwrap_or_default();
    }
    Ok(found)
}

pub(crate) fn message(conn: &Connection, id: MessageId) -> Result<Record<MessageId, Message>> {
    one(conn, "SELECT * FROM messages WHERE id = ?1", id.0, RecordKind::Message, id)
}

pub(crate) fn messages(
    conn: &Connection,
    application: Option<ApplicationId>,
) -> Result<Vec<Record<MessageId, Message>>> {
    let sql = "SELECT * FROM messages WHERE ?1 IS NULL OR application_id = ?1 ORDER BY date, id";
    records(conn, sql, [application.map(|a| a.0)])
}

pub(crate) fn outcome(conn: &Connection, id: OutcomeId) -> Result<Record<OutcomeId, Outcome>> {
    one(conn, "SELECT * FROM outcomes WHERE id = ?1", id.0, RecordKind::Outcome, id)
}

pub(crate) fn outcomes(
    conn: &Connection,
    application: Option<ApplicationId>,
) -> Result<Vec<Record<OutcomeId, Outcome>>> {
    let sql = "SELECT * FROM outcomes WHERE ?1 IS NULL OR application_id = ?1 ORDER BY date, id";
    records(conn, sql, [application.map(|a| a.0)])
}

pub(crate) fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional().map_err(error)
}

pub(crate) fn holidays(conn: &Connection) -> Result<Vec<Holiday>> {
    collect(conn, "SELECT date, name FROM holidays ORDER BY date", [], |r| {
        Ok(Holiday { date: parsed(r, 0, "date")?, name: r.get(1)? })
    })
}

pub(crate) fn exported_events(conn: &Connection) -> Result<Vec<ExportedEvent>> {
    let sql = "SELECT task_id, fingerprint, sequence, day, summary, cancelled FROM exported_events";
    collect(conn, sql, [], |r| {
        Ok(ExportedEvent {
            task: r.get(0)?,
            // Stored as the signed integer SQLite holds: the same 64 bits.
            fingerprint: r.get::<_, i64>(1)? as u64,
            sequence: r.get(2)?,
            day: parsed(r, 3, "day")?,
            summary: r.get(4)?,
            cancelled: r.get(5)?,
        })
    })
}

pub(crate) fn notifications(conn: &Connection, day: Date) -> Result<Vec<Notification>> {
    let sql =
        "SELECT day, task_id, channel, sent_at FROM notifications WHERE day = ?1 ORDER BY task_id, channel";
    collect(conn, sql, [day.to_string()], |r| {
        Ok((parsed(r, 0, "day")?, r.get::<_, String>(1)?, r.get(2)?, parsed(r, 3, "sent_at")?))
    })?
    .into_iter()
    .map(|(day, task, channel, sent_at)| {
        let task = task.parse().map_err(|e| Error::Corrupt(format!("notifications: {e}")))?;
        Ok(Notification { day, task, channel, sent_at })
    })
    .collect()
}

pub(crate) fn task_states(conn: &Connection) -> Result<HashMap<TaskId, TaskState>> {
    let rows = collect(conn, "SELECT task_id, state, day FROM task_states", [], |r| {
        let day = parsed(r, 2, "day")?;
        let state: String = r.get(1)?;
        Ok((r.get::<_, String>(0)?, state, day))
    })?;
    rows.into_iter()
        .map(|(id, state, day)| {
            let state = match state.as_str() {
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

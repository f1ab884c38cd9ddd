//! The planner's load: only the rows and the columns planning reads, each
//! list ordered by application and sized exactly. The agenda reads this on
//! every run, over thousands of applications, so it must stay small and
//! quick: no message bodies sent, notes, topics or phone numbers.

use std::collections::{HashMap, HashSet};

use afterview_core::agenda::Facts;
use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_core::model::{Application, Interview, Involvement, Message, Outcome, Person, Record};
use afterview_store::Result;
use jiff::civil::Date;
use rusqlite::Connection;

use crate::reads::{self, count};
use crate::rows::{FromRow, error};

/// Reads `sql` row by row, keeping only what `keep` accepts (so rows that
/// are not wanted never accumulate), into a vector of the given capacity.
fn collect_where<T: FromRow>(
    conn: &Connection,
    sql: &str,
    capacity: u64,
    keep: impl Fn(&T) -> bool,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare(sql).map_err(error)?;
    let columns = T::columns(&stmt).map_err(error)?;
    let mut rows = stmt.query([]).map_err(error)?;
    let mut out = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    while let Some(r) = rows.next().map_err(error)? {
        let item = T::read(r, &columns).map_err(error)?;
        if keep(&item) {
            out.push(item);
        }
    }
    Ok(out)
}

pub(crate) fn load(conn: &Connection, closed_since: Date) -> Result<Facts> {
    // A plan is read once, front to back: a small page cache is enough.
    conn.pragma_update(None, "cache_size", -512).map_err(error)?;
    // Every list is sized from its table's row count before it is read:
    // growing a large vector by doubling holds the old and the new buffer
    // at once, which is what a peak-memory budget notices.
    let outcomes = collect_where(
        conn,
        "SELECT * FROM outcomes ORDER BY application_id, date, id",
        count(conn, "outcomes")?,
        |_: &Record<OutcomeId, Outcome>| true,
    )?;
    let recent: HashSet<ApplicationId> =
        outcomes.iter().filter(|o| o.value.date >= closed_since).map(|o| o.value.application).collect();
    let applications = collect_where(
        conn,
        "SELECT id, company, role, status, culture, region, first_contact FROM applications ORDER BY id",
        count(conn, "applications")?,
        |a: &Record<ApplicationId, Application>| a.value.status.is_open() || recent.contains(&a.id),
    )?;
    let live: HashSet<ApplicationId> = applications.iter().map(|a| a.id).collect();
    let keep = |app: ApplicationId| live.contains(&app);
    let involvements = collect_where(
        conn,
        "SELECT application_id, person_id, role FROM involvements ORDER BY application_id, person_id",
        count(conn, "involvements")?,
        |i: &Involvement| keep(i.application),
    )?;
    let messages = collect_where(
        conn,
        // A reply's text may hold a new timeline (F4); what was sent is not needed.
        "SELECT id, application_id, person_id, kind, direction, date, channel,
                CASE direction WHEN 'in' THEN substr(body, 1, 2000) END AS body
         FROM messages ORDER BY application_id",
        count(conn, "messages")?,
        |m: &Record<MessageId, Message>| keep(m.value.application),
    )?;
    let wanted: HashSet<PersonId> =
        involvements.iter().map(|i| i.person).chain(messages.iter().filter_map(|m| m.value.person)).collect();
    let people = collect_where(
        conn,
        // Planning reads a person's name, whether they have an email, and their time zone.
        "SELECT id, name, email, time_zone FROM people ORDER BY id",
        // Only the wanted people are kept, and we know how many.
        wanted.len() as u64,
        |p: &Record<PersonId, Person>| wanted.contains(&p.id),
    )?;
    let mut panel: HashMap<i64, Vec<PersonId>> =
        HashMap::with_capacity(usize::try_from(count(conn, "interviews")?).unwrap_or(0));
    for (interview, person) in reads::collect(
        conn,
        "SELECT interview_id, person_id FROM interview_people ORDER BY interview_id, position",
        [],
        |r| Ok((r.get(0)?, PersonId(r.get(1)?))),
    )? {
        panel.entry(interview).or_default().push(person);
    }
    let mut interviews = collect_where(
        conn,
        "SELECT id, application_id, start, duration_minutes, stage, promised, next_steps,
                references_requested, follow_ups_invited FROM interviews ORDER BY application_id",
        count(conn, "interviews")?,
        |i: &Record<InterviewId, Interview>| keep(i.value.application),
    )?;
    for rec in &mut interviews {
        rec.value.interviewers = panel.remove(&rec.id.0).unwrap_or_default();
    }
    drop(panel);
    let mut outcomes = outcomes;
    outcomes.retain(|o| keep(o.value.application));
    Ok(Facts {
        applications,
        people,
        involvements,
        interviews,
        messages,
        outcomes,
        task_states: reads::task_states(conn)?,
        holidays: reads::holidays(conn)?.into_iter().map(|h| h.date).collect(),
    })
}

//! The planner's load: only the rows and the columns planning reads, each
//! list ordered by application and sized exactly. The agenda reads this on
//! every run, over thousands of applications, so it must stay small and
//! quick: no message bodies sent, notes, topics or phone numbers.

use afterview_core::agenda::Facts;
use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_core::model::{Application, Interview, Involvement, Message, Outcome, Person, Record};
use afterview_store::Result;
use jiff::civil::Date;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::reads::{self, count};
use crate::rows::{FromRow, error};

/// Reads `sql` row by row into a vector of the given capacity, keeping only
/// the rows whose `key` column (the first one) is in `wanted`, and of those
/// what `keep` accepts. Rows that are not wanted are never decoded.
fn collect_where<T: FromRow>(
    conn: &Connection,
    sql: &str,
    capacity: u64,
    wanted: Option<&Ids>,
    keep: impl Fn(&T) -> bool,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare(sql).map_err(error)?;
    let columns = T::columns(&stmt).map_err(error)?;
    let mut rows = stmt.query([]).map_err(error)?;
    let mut out = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    while let Some(r) = rows.next().map_err(error)? {
        if let Some(ids) = wanted
            && !ids.contains(r.get(0).map_err(error)?)
        {
            continue;
        }
        let item = T::read(r, &columns).map_err(error)?;
        if keep(&item) {
            out.push(item);
        }
    }
    Ok(out)
}

/// A set of row ids, as one flag per id: ids are small and dense, and the
/// load asks "is this one wanted?" once per row of every table.
#[derive(Default)]
struct Ids(Vec<bool>);

impl Ids {
    fn insert(&mut self, id: i64) {
        let Ok(n) = usize::try_from(id) else { return };
        if n >= self.0.len() {
            self.0.resize(n + 1, false);
        }
        self.0[n] = true;
    }

    fn contains(&self, id: i64) -> bool {
        usize::try_from(id).ok().and_then(|n| self.0.get(n).copied()).unwrap_or(false)
    }

    fn len(&self) -> usize {
        self.0.iter().filter(|b| **b).count()
    }
}

/// How many applications make a second reader worth its start.
const PARALLEL_FROM: u64 = 2_000;

/// What does not depend on which applications are live: the interviews
/// with their panels (filtered afterwards), the task states and the
/// imported holidays.
struct Side {
    interviews: Vec<Record<InterviewId, Interview>>,
    task_states: std::collections::HashMap<afterview_core::plan::TaskId, afterview_core::model::TaskState>,
    holidays: Vec<Date>,
}

fn side(conn: &Connection) -> Result<Side> {
    Ok(Side {
        interviews: interviews(conn, None)?,
        task_states: reads::task_states(conn)?,
        holidays: reads::holidays(conn)?.into_iter().map(|h| h.date).collect(),
    })
}

/// A second, read-only connection to the same file, for the side reads.
fn side_on(path: &Path) -> Result<Side> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(error)?;
    conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(error)?;
    conn.pragma_update(None, "cache_size", -512).map_err(error)?;
    side(&conn)
}

/// Loads the facts; on a file with many applications, the side reads run
/// on a second connection on another core meanwhile. (The two reads are
/// two snapshots: a write landing between them can at worst leave out, or
/// let in, what that very write recorded, and the next read sees it.)
pub(crate) fn load(conn: &Connection, path: Option<&Path>, closed_since: Date) -> Result<Facts> {
    // A plan is read once, front to back: a small page cache is enough.
    conn.pragma_update(None, "cache_size", -512).map_err(error)?;
    let parallel = match path {
        Some(p) if count(conn, "applications")? >= PARALLEL_FROM => Some(p),
        _ => None,
    };
    let (mut facts, live, side) = match parallel {
        None => {
            let (facts, live) = main_reads(conn, closed_since)?;
            (facts, live, side(conn)?)
        }
        Some(path) => std::thread::scope(|s| {
            let other = s.spawn(|| side_on(path));
            let main = main_reads(conn, closed_since);
            let side = other.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            let (facts, live) = main?;
            Ok::<_, afterview_store::Error>((facts, live, side?))
        })?,
    };
    facts.interviews = side.interviews;
    facts.interviews.retain(|i| live.contains(i.value.application.0));
    facts.task_states = side.task_states;
    facts.holidays = side.holidays;
    Ok(facts)
}

/// Everything that depends on which applications are live, and that set.
fn main_reads(conn: &Connection, closed_since: Date) -> Result<(Facts, Ids)> {
    // Every list is sized from its table's row count before it is read:
    // growing a large vector by doubling holds the old and the new buffer
    // at once, which is what a peak-memory budget notices.
    let outcomes = collect_where(
        conn,
        "SELECT * FROM outcomes ORDER BY application_id, date, id",
        count(conn, "outcomes")?,
        None,
        |_: &Record<OutcomeId, Outcome>| true,
    )?;
    let mut recent = Ids::default();
    for o in outcomes.iter().filter(|o| o.value.date >= closed_since) {
        recent.insert(o.value.application.0);
    }
    let applications = collect_where(
        conn,
        "SELECT id, company, role, status, culture, region, first_contact FROM applications ORDER BY id",
        count(conn, "applications")?,
        None,
        |a: &Record<ApplicationId, Application>| a.value.status.is_open() || recent.contains(a.id.0),
    )?;
    let mut live = Ids::default();
    for a in &applications {
        live.insert(a.id.0);
    }
    // The key column comes first, so unwanted rows are skipped undecoded.
    let involvements = collect_where(
        conn,
        "SELECT application_id, person_id, role FROM involvements ORDER BY application_id, person_id",
        count(conn, "involvements")?,
        Some(&live),
        |_: &Involvement| true,
    )?;
    // Messages (and interviews) are read in the table's own order, which
    // costs SQLite no index lookups, then ordered by application here; the
    // sort is stable, so each application's share stays in id order, as an
    // index scan would give it.
    let mut messages = collect_where(
        conn,
        // A reply's text may hold a new timeline (F4); what was sent is not needed.
        "SELECT application_id, id, person_id, kind, direction, date, channel,
                CASE direction WHEN 'in' THEN substr(body, 1, 2000) END AS body
         FROM messages ORDER BY id",
        count(conn, "messages")?,
        Some(&live),
        |_: &Record<MessageId, Message>| true,
    )?;
    messages.sort_by_key(|m| m.value.application);
    let mut wanted = Ids::default();
    for p in involvements.iter().map(|i| i.person).chain(messages.iter().filter_map(|m| m.value.person)) {
        wanted.insert(p.0);
    }
    let people = collect_where(
        conn,
        // Planning reads a person's name, whether they have an email, and their time zone.
        "SELECT id, name, email, time_zone FROM people ORDER BY id",
        // Only the wanted people are kept, and we know how many.
        wanted.len() as u64,
        Some(&wanted),
        |_: &Record<PersonId, Person>| true,
    )?;
    let mut outcomes = outcomes;
    outcomes.retain(|o| live.contains(o.value.application.0));
    let facts = Facts { applications, people, involvements, messages, outcomes, ..Facts::default() };
    Ok((facts, live))
}

/// The interviews (of the live applications only, when known), ordered by
/// application, each with its panel in order.
fn interviews(conn: &Connection, live: Option<&Ids>) -> Result<Vec<Record<InterviewId, Interview>>> {
    // Each interview's panel, by interview id (ids are dense), read in the
    // table's key order (no sort in SQLite) and put in panel order here.
    let last: i64 = conn
        .query_row("SELECT coalesce(max(interview_id), 0) FROM interview_people", [], |r| r.get(0))
        .map_err(error)?;
    let mut panel: Vec<Vec<(i64, PersonId)>> = vec![Vec::new(); usize::try_from(last).unwrap_or(0) + 1];
    let mut stmt =
        conn.prepare("SELECT interview_id, person_id, position FROM interview_people").map_err(error)?;
    let mut rows = stmt.query([]).map_err(error)?;
    while let Some(r) = rows.next().map_err(error)? {
        let interview: i64 = r.get(0).map_err(error)?;
        if let Some(list) = usize::try_from(interview).ok().and_then(|n| panel.get_mut(n)) {
            list.push((r.get(2).map_err(error)?, PersonId(r.get(1).map_err(error)?)));
        }
    }
    let mut interviews = collect_where(
        conn,
        "SELECT application_id, id, start, duration_minutes, stage, promised, next_steps,
                references_requested, follow_ups_invited FROM interviews ORDER BY id",
        count(conn, "interviews")?,
        live,
        |_: &Record<InterviewId, Interview>| true,
    )?;
    // In application order, as the planner takes each one's share; stable,
    // so an application's interviews stay in id order.
    interviews.sort_by_key(|i| i.value.application);
    for rec in &mut interviews {
        if let Some(list) = usize::try_from(rec.id.0).ok().and_then(|n| panel.get_mut(n)) {
            list.sort_unstable();
            rec.value.interviewers = list.iter().map(|(_, p)| *p).collect();
        }
    }
    Ok(interviews)
}

//! The SQLite store. Reads go straight through `&Store`; every write goes
//! through [`Store::write`], one `BEGIN IMMEDIATE` transaction that commits
//! only when the closure succeeds, so a failed command or a crash mid-write
//! leaves the database exactly as it was.

use std::collections::{HashMap, HashSet};
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use afterview_core::agenda::Facts;
use afterview_core::calendar::Holiday;
use afterview_core::demo::Bundle;
use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_core::kinds::PersonRole;
use afterview_core::model::{
    Application, Interview, Involvement, Message, Outcome, Person, Record, TaskState,
};
use afterview_core::plan::TaskId;
use rusqlite::types::{Type, Value};
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};

use crate::error::{Error, Result};
use crate::paths::{Paths, create_private_dir};
use crate::schema;

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

/// A write transaction. Dropping it without [`Store::write`] committing
/// rolls everything back.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
}

impl Store {
    /// Opens (creating when needed) the database in the data folder.
    pub fn open(paths: &Paths) -> Result<Self> {
        create_private_dir(&paths.data_dir)?;
        Self::open_at(&paths.database())
    }

    /// Opens (creating when needed) the database at `path`, readable by its
    /// owner only, and brings its schema up to date.
    pub fn open_at(path: &Path) -> Result<Self> {
        if !path.exists() {
            create_private_file(path)?;
        }
        let conn = Connection::open(path)?;
        Self::init(conn, Some(path.to_path_buf()))
    }

    /// A private database in memory, for tests and stateless commands.
    pub fn open_in_memory() -> Result<Self> {
        Self::init(Connection::open_in_memory()?, None)
    }

    fn init(mut conn: Connection, path: Option<PathBuf>) -> Result<Self> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let found = schema::current(&conn)?;
        if found > schema::latest() {
            return Err(Error::NewerSchema {
                path: path.unwrap_or_default(),
                found,
                known: schema::latest(),
            });
        }
        // WAL lets the agenda read while another command writes; NORMAL sync
        // is durable across application crashes, which is what we promise.
        conn.pragma_update(None, "journal_mode", "wal")?;
        conn.pragma_update(None, "synchronous", "normal")?;
        schema::migrate(&mut conn)?;
        Ok(Self { conn, path })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        schema::current(&self.conn)
    }

    /// Runs `f` in one immediate transaction: all of it lands, or none.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut tx = Tx { tx };
        let value = f(&mut tx)?;
        tx.tx.commit()?;
        Ok(value)
    }

    /// A consistent copy of the whole database at `dest`, made with SQLite's
    /// online backup while other readers and writers carry on. The copy is
    /// written beside `dest` and renamed into place, so `dest` is never half
    /// written.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        let partial = dest.with_extension("partial");
        let _ = std::fs::remove_file(&partial);
        create_private_file(&partial)?;
        let result = (|| {
            let mut target = Connection::open(&partial)?;
            {
                let backup = rusqlite::backup::Backup::new(&self.conn, &mut target)?;
                backup.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
            }
            target.pragma_update(None, "journal_mode", "delete")?;
            drop(target);
            std::fs::rename(&partial, dest).map_err(|e| Error::io(dest, e))
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        result
    }

    // ----- reads -------------------------------------------------------------

    pub fn application(&self, id: ApplicationId) -> Result<Record<ApplicationId, Application>> {
        self.conn
            .query_row(
                &format!("SELECT {APP_COLS} FROM applications WHERE id = ?1"),
                [id.0],
                read_application,
            )
            .optional()?
            .ok_or_else(|| not_found("application", id, "application"))
    }

    pub fn applications(&self) -> Result<Vec<Record<ApplicationId, Application>>> {
        collect(&self.conn, &format!("SELECT {APP_COLS} FROM applications ORDER BY id"), [], read_application)
    }

    pub fn person(&self, id: PersonId) -> Result<Record<PersonId, Person>> {
        self.conn
            .query_row(&format!("SELECT {PERSON_COLS} FROM people WHERE id = ?1"), [id.0], read_person)
            .optional()?
            .ok_or_else(|| not_found("person", id, "person"))
    }

    pub fn people(&self) -> Result<Vec<Record<PersonId, Person>>> {
        collect(&self.conn, &format!("SELECT {PERSON_COLS} FROM people ORDER BY id"), [], read_person)
    }

    /// The people on one application, with their roles.
    pub fn involvements(&self, application: Option<ApplicationId>) -> Result<Vec<Involvement>> {
        let sql = "SELECT application_id, person_id, role FROM involvements
                   WHERE ?1 IS NULL OR application_id = ?1 ORDER BY application_id, person_id";
        collect(&self.conn, sql, [application.map(|a| a.0)], read_involvement)
    }

    pub fn interview(&self, id: InterviewId) -> Result<Record<InterviewId, Interview>> {
        let mut found = self.interviews_where("i.id = ?1", id.0)?;
        found.pop().ok_or_else(|| not_found("interview", id, "interview"))
    }

    /// Interviews, oldest first; of one application when given.
    pub fn interviews(
        &self,
        application: Option<ApplicationId>,
    ) -> Result<Vec<Record<InterviewId, Interview>>> {
        match application {
            Some(a) => self.interviews_where("i.application_id = ?1", a.0),
            None => self.interviews_where("?1 IS NULL", rusqlite::types::Null),
        }
    }

    fn interviews_where(
        &self,
        filter: &str,
        arg: impl rusqlite::ToSql,
    ) -> Result<Vec<Record<InterviewId, Interview>>> {
        let mut panel: HashMap<i64, Vec<PersonId>> = HashMap::new();
        let sql = format!(
            "SELECT ip.interview_id, ip.person_id FROM interview_people ip
             JOIN interviews i ON i.id = ip.interview_id WHERE {filter} ORDER BY ip.interview_id, ip.position"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([&arg])?;
        while let Some(r) = rows.next()? {
            panel.entry(r.get(0)?).or_default().push(PersonId(r.get(1)?));
        }
        let sql = format!("SELECT {INTERVIEW_COLS} FROM interviews i WHERE {filter} ORDER BY i.start, i.id");
        collect(&self.conn, &sql, [&arg], |r| {
            let mut rec = read_interview(r)?;
            rec.value.interviewers = panel.remove(&rec.id.0).unwrap_or_default();
            Ok(rec)
        })
    }

    pub fn messages(&self, application: Option<ApplicationId>) -> Result<Vec<Record<MessageId, Message>>> {
        let sql = format!(
            "SELECT {MESSAGE_COLS} FROM messages WHERE ?1 IS NULL OR application_id = ?1 ORDER BY date, id"
        );
        collect(&self.conn, &sql, [application.map(|a| a.0)], read_message)
    }

    pub fn outcome(&self, id: OutcomeId) -> Result<Record<OutcomeId, Outcome>> {
        self.conn
            .query_row(&format!("SELECT {OUTCOME_COLS} FROM outcomes WHERE id = ?1"), [id.0], read_outcome)
            .optional()?
            .ok_or_else(|| not_found("outcome", id, "outcome"))
    }

    pub fn outcomes(&self, application: Option<ApplicationId>) -> Result<Vec<Record<OutcomeId, Outcome>>> {
        let sql = format!(
            "SELECT {OUTCOME_COLS} FROM outcomes WHERE ?1 IS NULL OR application_id = ?1 ORDER BY date, id"
        );
        collect(&self.conn, &sql, [application.map(|a| a.0)], read_outcome)
    }

    /// A value from the `meta` table (facts about the database itself).
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    /// How many applications are stored.
    pub fn application_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM applications", [], |r| r.get(0))?)
    }

    /// Closure days imported from `.ics` files.
    pub fn holidays(&self) -> Result<Vec<Holiday>> {
        collect(&self.conn, "SELECT date, name FROM holidays ORDER BY date", [], |r| {
            Ok(Holiday { date: parse_col(r, 0)?, name: r.get(1)? })
        })
    }

    pub fn task_states(&self) -> Result<HashMap<TaskId, TaskState>> {
        let rows = collect(&self.conn, "SELECT task_id, state, day FROM task_states", [], |r| {
            let id: TaskId = parse_col(r, 0)?;
            let state: String = r.get(1)?;
            let day: jiff::civil::Date = parse_col(r, 2)?;
            let state = match state.as_str() {
                "done" => TaskState::Done { on: day },
                "skipped" => TaskState::Skipped { on: day },
                "snoozed" => TaskState::Snoozed { until: day },
                other => return Err(conversion(1, format!("unknown task state {other:?}"))),
            };
            Ok((id, state))
        })?;
        Ok(rows.into_iter().collect())
    }

    /// What the planner and the agenda need: every application still open,
    /// and those closed (accepted, withdrawn, rejected) with an outcome on or
    /// after `closed_since`, with their people, interviews, messages and
    /// outcomes. Only the fields planning reads are loaded (no message
    /// bodies, notes, topics or phone numbers): they are the bulk of a long
    /// history, and the agenda must stay small and quick with thousands of
    /// applications.
    pub fn facts(&self, closed_since: jiff::civil::Date) -> Result<Facts> {
        // A plan is read once, front to back: a small page cache is enough.
        self.conn.pragma_update(None, "cache_size", -512)?;
        // Every list is sized from its table's row count before it is read:
        // growing a large vector by doubling holds the old and the new buffer
        // at once, which is what a peak-memory budget notices.
        let count = |table: &str| -> Result<usize> {
            let n: i64 = self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(usize::try_from(n).unwrap_or(0))
        };
        // And every list comes ordered by application, so the planner can
        // take each application's share as a slice.
        let outcomes = collect_where(
            &self.conn,
            &format!("SELECT {OUTCOME_COLS} FROM outcomes ORDER BY application_id, date, id"),
            count("outcomes")?,
            read_outcome,
            |_| true,
        )?;
        let recent: HashSet<ApplicationId> =
            outcomes.iter().filter(|o| o.value.date >= closed_since).map(|o| o.value.application).collect();
        let applications = collect_where(
            &self.conn,
            "SELECT id, company, role, status, culture, region, first_contact, NULL, NULL FROM applications ORDER BY id",
            count("applications")?,
            read_application,
            |a| a.value.status.is_open() || recent.contains(&a.id),
        )?;
        let live: HashSet<ApplicationId> = applications.iter().map(|a| a.id).collect();
        let keep = |app: ApplicationId| live.contains(&app);
        let involvements = collect_where(
            &self.conn,
            "SELECT application_id, person_id, role FROM involvements ORDER BY application_id, person_id",
            count("involvements")?,
            read_involvement,
            |i| keep(i.application),
        )?;
        let messages = collect_where(
            &self.conn,
            // A reply's text may hold a new timeline (F4); what was sent is not needed.
            "SELECT id, application_id, person_id, kind, direction, date, channel, NULL,
                    CASE direction WHEN 'in' THEN substr(body, 1, 2000) END FROM messages ORDER BY application_id",
            count("messages")?,
            read_message,
            |m| keep(m.value.application),
        )?;
        let wanted: HashSet<PersonId> = involvements
            .iter()
            .map(|i| i.person)
            .chain(messages.iter().filter_map(|m| m.value.person))
            .collect();
        let people = collect_where(
            &self.conn,
            // Planning reads a person's name, whether they have an email, and their time zone.
            "SELECT id, name, NULL, email, NULL, NULL, NULL, time_zone, NULL FROM people ORDER BY id",
            // Only the wanted people are kept, and we know how many.
            wanted.len(),
            read_person,
            |p| wanted.contains(&p.id),
        )?;
        let mut panel: HashMap<i64, Vec<PersonId>> = HashMap::with_capacity(count("interviews")?);
        let mut stmt = self.conn.prepare(
            "SELECT interview_id, person_id FROM interview_people ORDER BY interview_id, position",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            panel.entry(r.get(0)?).or_default().push(PersonId(r.get(1)?));
        }
        let interviews = collect_where(
            &self.conn,
            "SELECT id, application_id, start, duration_minutes, stage, '[]', promised, next_steps,
                    references_requested, follow_ups_invited, NULL FROM interviews ORDER BY application_id",
            count("interviews")?,
            |r| {
                let mut rec = read_interview(r)?;
                rec.value.interviewers = panel.remove(&rec.id.0).unwrap_or_default();
                Ok(rec)
            },
            |i| keep(i.value.application),
        )?;
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
            task_states: self.task_states()?,
            holidays: self.holidays()?.into_iter().map(|h| h.date).collect(),
        })
    }
}

impl Tx<'_> {
    /// Inserts one row of `fields` (a fixed list of column names) and
    /// returns its id.
    fn insert(&mut self, table: &str, fields: &[&str], values: Vec<Value>) -> Result<i64> {
        let slots: Vec<String> = (1..=fields.len()).map(|n| format!("?{n}")).collect();
        let sql = format!("INSERT INTO {table} ({}) VALUES ({})", fields.join(", "), slots.join(", "));
        self.tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values))?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Rewrites row `id`'s `fields`; returns how many rows changed.
    fn update(&mut self, table: &str, fields: &[&str], id: i64, values: Vec<Value>) -> Result<usize> {
        let sets: Vec<String> = fields.iter().enumerate().map(|(n, f)| format!("{f} = ?{}", n + 2)).collect();
        let sql = format!("UPDATE {table} SET {} WHERE id = ?1", sets.join(", "));
        let all = std::iter::once(Value::Integer(id)).chain(values);
        Ok(self.tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(all))?)
    }

    fn require(&self, table: &str, id: i64) -> Result<bool> {
        let sql = format!("SELECT 1 FROM {table} WHERE id = ?1");
        Ok(self.tx.query_row(&sql, [id], |_| Ok(())).optional()?.is_some())
    }

    fn require_application(&self, id: ApplicationId) -> Result<()> {
        if self.require("applications", id.0)? {
            Ok(())
        } else {
            Err(not_found("application", id, "application"))
        }
    }

    fn require_person(&self, id: PersonId) -> Result<()> {
        if self.require("people", id.0)? { Ok(()) } else { Err(not_found("person", id, "person")) }
    }

    pub fn add_application(&mut self, a: &Application) -> Result<ApplicationId> {
        self.insert("applications", APPLICATION_FIELDS, application_values(a)).map(ApplicationId)
    }

    pub fn update_application(&mut self, id: ApplicationId, a: &Application) -> Result<()> {
        let n = self.update("applications", APPLICATION_FIELDS, id.0, application_values(a))?;
        one_row(n, || not_found("application", id, "application"))
    }

    /// Removes an application with its interviews, messages and outcomes.
    /// The people stay: they may be on other applications.
    pub fn remove_application(&mut self, id: ApplicationId) -> Result<()> {
        let n = self.tx.execute("DELETE FROM applications WHERE id = ?1", [id.0])?;
        one_row(n, || not_found("application", id, "application"))
    }

    pub fn add_person(&mut self, p: &Person) -> Result<PersonId> {
        self.insert("people", PERSON_FIELDS, person_values(p)).map(PersonId)
    }

    pub fn update_person(&mut self, id: PersonId, p: &Person) -> Result<()> {
        let n = self.update("people", PERSON_FIELDS, id.0, person_values(p))?;
        one_row(n, || not_found("person", id, "person"))
    }

    pub fn remove_person(&mut self, id: PersonId) -> Result<()> {
        let n = self.tx.execute("DELETE FROM people WHERE id = ?1", [id.0])?;
        one_row(n, || not_found("person", id, "person"))
    }

    /// Records (or changes) the part a person plays on an application.
    pub fn involve(&mut self, application: ApplicationId, person: PersonId, role: PersonRole) -> Result<()> {
        self.require_application(application)?;
        self.require_person(person)?;
        self.tx.execute(
            "INSERT INTO involvements (application_id, person_id, role) VALUES (?1, ?2, ?3)
             ON CONFLICT (application_id, person_id) DO UPDATE SET role = excluded.role",
            params![application.0, person.0, role.as_str()],
        )?;
        Ok(())
    }

    pub fn add_interview(&mut self, iv: &Interview) -> Result<InterviewId> {
        self.require_application(iv.application)?;
        let id = InterviewId(self.insert("interviews", INTERVIEW_FIELDS, interview_values(iv))?);
        self.set_panel(id, iv)?;
        Ok(id)
    }

    pub fn update_interview(&mut self, id: InterviewId, iv: &Interview) -> Result<()> {
        self.require_application(iv.application)?;
        let n = self.update("interviews", INTERVIEW_FIELDS, id.0, interview_values(iv))?;
        one_row(n, || not_found("interview", id, "interview"))?;
        self.tx.execute("DELETE FROM interview_people WHERE interview_id = ?1", [id.0])?;
        self.set_panel(id, iv)
    }

    /// Records the interviewers in order, and makes each an interviewer on
    /// the application unless they already play another part there.
    fn set_panel(&mut self, id: InterviewId, iv: &Interview) -> Result<()> {
        for (position, person) in iv.interviewers.iter().enumerate() {
            self.require_person(*person)?;
            self.tx.execute(
                "INSERT OR IGNORE INTO interview_people (interview_id, person_id, position) VALUES (?1, ?2, ?3)",
                params![id.0, person.0, position as i64],
            )?;
            self.tx.execute(
                "INSERT OR IGNORE INTO involvements (application_id, person_id, role) VALUES (?1, ?2, ?3)",
                params![iv.application.0, person.0, PersonRole::Interviewer.as_str()],
            )?;
        }
        Ok(())
    }

    pub fn remove_interview(&mut self, id: InterviewId) -> Result<()> {
        let n = self.tx.execute("DELETE FROM interviews WHERE id = ?1", [id.0])?;
        one_row(n, || not_found("interview", id, "interview"))
    }

    pub fn add_message(&mut self, m: &Message) -> Result<MessageId> {
        self.require_application(m.application)?;
        if let Some(p) = m.person {
            self.require_person(p)?;
        }
        self.tx.execute(
            "INSERT INTO messages (application_id, person_id, kind, direction, date, channel, subject, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                m.application.0,
                m.person.map(|p| p.0),
                m.kind.as_str(),
                m.direction.as_str(),
                m.date.to_string(),
                m.channel.as_str(),
                m.subject,
                m.body
            ],
        )?;
        Ok(MessageId(self.tx.last_insert_rowid()))
    }

    /// Records an outcome and moves the application to the status it implies.
    pub fn add_outcome(&mut self, o: &Outcome) -> Result<OutcomeId> {
        self.require_application(o.application)?;
        let id = OutcomeId(self.insert("outcomes", OUTCOME_FIELDS, outcome_values(o))?);
        self.tx.execute(
            "UPDATE applications SET status = ?2 WHERE id = ?1",
            params![o.application.0, o.kind.resulting_status().as_str()],
        )?;
        Ok(id)
    }

    pub fn update_outcome(&mut self, id: OutcomeId, o: &Outcome) -> Result<()> {
        self.require_application(o.application)?;
        let n = self.update("outcomes", OUTCOME_FIELDS, id.0, outcome_values(o))?;
        one_row(n, || not_found("outcome", id, "outcome"))
    }

    pub fn remove_outcome(&mut self, id: OutcomeId) -> Result<()> {
        let n = self.tx.execute("DELETE FROM outcomes WHERE id = ?1", [id.0])?;
        one_row(n, || not_found("outcome", id, "outcome"))
    }

    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Removes every recorded fact and task state (used to reload a demo).
    pub fn clear_all(&mut self) -> Result<()> {
        self.tx.execute_batch(
            "DELETE FROM interview_people; DELETE FROM involvements; DELETE FROM messages;
             DELETE FROM outcomes; DELETE FROM interviews; DELETE FROM applications;
             DELETE FROM people; DELETE FROM task_states; DELETE FROM meta; DELETE FROM holidays;",
        )?;
        Ok(())
    }

    /// Adds imported closure days; a day already there takes the new name.
    /// Returns how many days were new.
    pub fn add_holidays(&mut self, days: &[Holiday], source: &str) -> Result<usize> {
        let mut added = 0;
        for h in days {
            let existed: bool = self
                .tx
                .query_row("SELECT 1 FROM holidays WHERE date = ?1", [h.date.to_string()], |_| Ok(()))
                .optional()?
                .is_some();
            self.tx.execute(
                "INSERT INTO holidays (date, name, source) VALUES (?1, ?2, ?3)
                 ON CONFLICT (date) DO UPDATE SET name = excluded.name, source = excluded.source",
                params![h.date.to_string(), h.name, source],
            )?;
            added += usize::from(!existed);
        }
        Ok(added)
    }

    /// Removes one imported closure day.
    pub fn remove_holiday(&mut self, date: jiff::civil::Date) -> Result<()> {
        let n = self.tx.execute("DELETE FROM holidays WHERE date = ?1", [date.to_string()])?;
        one_row(n, || {
            Error::Refused(format!(
                "{date} is not an imported closure day; `afterview holidays list` shows them"
            ))
        })
    }

    pub fn set_task_state(&mut self, task: &str, state: TaskState) -> Result<()> {
        let (name, day) = match state {
            TaskState::Done { on } => ("done", on),
            TaskState::Skipped { on } => ("skipped", on),
            TaskState::Snoozed { until } => ("snoozed", until),
        };
        self.tx.execute(
            "INSERT INTO task_states (task_id, state, day) VALUES (?1, ?2, ?3)
             ON CONFLICT (task_id) DO UPDATE SET state = excluded.state, day = excluded.day",
            params![task, name, day.to_string()],
        )?;
        Ok(())
    }

    /// Stores one demo or imported application with everything recorded
    /// about it, mapping the bundle's local person ids to stored ones.
    pub fn import_bundle(&mut self, b: &Bundle) -> Result<ApplicationId> {
        let app = self.add_application(&b.application)?;
        let mut ids = Vec::with_capacity(b.people.len());
        for (person, role) in &b.people {
            let id = self.add_person(person)?;
            self.involve(app, id, *role)?;
            ids.push(id);
        }
        let map = |p: PersonId| -> Result<PersonId> {
            usize::try_from(p.0).ok().and_then(|n| ids.get(n).copied()).ok_or_else(|| {
                Error::Refused(format!(
                    "the bundle for {} names person #{} it does not have",
                    b.application.company, p.0
                ))
            })
        };
        for iv in &b.interviews {
            let mut iv = iv.clone();
            iv.application = app;
            iv.interviewers = iv.interviewers.iter().map(|p| map(*p)).collect::<Result<_>>()?;
            self.add_interview(&iv)?;
        }
        for m in &b.messages {
            let mut m = m.clone();
            m.application = app;
            m.person = m.person.map(map).transpose()?;
            self.add_message(&m)?;
        }
        for o in &b.outcomes {
            let mut o = o.clone();
            o.application = app;
            self.add_outcome(&o)?;
        }
        // The bundle's own status wins over what its outcomes implied.
        self.update_application(app, &b.application)?;
        Ok(app)
    }
}

// ----- rows to write -----------------------------------------------------------

const APPLICATION_FIELDS: &[&str] =
    &["company", "role", "status", "culture", "region", "first_contact", "posting_url", "notes"];
const PERSON_FIELDS: &[&str] =
    &["name", "title", "email", "phone", "linkedin", "organisation", "time_zone", "notes"];
const INTERVIEW_FIELDS: &[&str] = &[
    "application_id",
    "start",
    "duration_minutes",
    "stage",
    "topics",
    "promised",
    "next_steps",
    "references_requested",
    "follow_ups_invited",
    "notes",
];
const OUTCOME_FIELDS: &[&str] = &["application_id", "kind", "date", "deadline", "feedback"];

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

fn optional(s: Option<impl Into<String>>) -> Value {
    s.map_or(Value::Null, text)
}

fn application_values(a: &Application) -> Vec<Value> {
    vec![
        text(a.company.as_str()),
        text(a.role.as_str()),
        text(a.status.as_str()),
        text(a.culture.as_str()),
        optional(a.region.as_deref()),
        text(a.first_contact.as_str()),
        optional(a.posting_url.as_deref()),
        optional(a.notes.as_deref()),
    ]
}

fn person_values(p: &Person) -> Vec<Value> {
    vec![
        text(p.name.as_str()),
        optional(p.title.as_deref()),
        optional(p.email.as_ref().map(|e| e.as_str())),
        optional(p.phone.as_deref()),
        optional(p.linkedin.as_deref()),
        optional(p.organisation.as_deref()),
        optional(p.time_zone.as_ref().map(|z| z.as_str())),
        optional(p.notes.as_deref()),
    ]
}

fn interview_values(iv: &Interview) -> Vec<Value> {
    vec![
        Value::Integer(iv.application.0),
        text(iv.start.to_string()),
        Value::Integer(i64::from(iv.duration_minutes)),
        text(iv.stage.as_str()),
        text(json_list(&iv.topics)),
        text(json_list(&iv.promised)),
        optional(iv.next_steps.as_deref()),
        Value::Integer(i64::from(iv.references_requested)),
        Value::Integer(i64::from(iv.follow_ups_invited)),
        optional(iv.notes.as_deref()),
    ]
}

fn outcome_values(o: &Outcome) -> Vec<Value> {
    vec![
        Value::Integer(o.application.0),
        text(o.kind.as_str()),
        text(o.date.to_string()),
        optional(o.deadline.map(|d| d.to_string())),
        optional(o.feedback.as_deref()),
    ]
}

// ----- row mapping -------------------------------------------------------------

const APP_COLS: &str = "id, company, role, status, culture, region, first_contact, posting_url, notes";
const PERSON_COLS: &str = "id, name, title, email, phone, linkedin, organisation, time_zone, notes";
const INTERVIEW_COLS: &str = "i.id, i.application_id, i.start, i.duration_minutes, i.stage, i.topics, i.promised, \
                              i.next_steps, i.references_requested, i.follow_ups_invited, i.notes";
const MESSAGE_COLS: &str = "id, application_id, person_id, kind, direction, date, channel, subject, body";
const OUTCOME_COLS: &str = "id, application_id, kind, date, deadline, feedback";

fn read_application(r: &Row<'_>) -> rusqlite::Result<Record<ApplicationId, Application>> {
    Ok(Record {
        id: ApplicationId(r.get(0)?),
        value: Application {
            company: r.get(1)?,
            role: r.get(2)?,
            status: parse_col(r, 3)?,
            culture: parse_col(r, 4)?,
            region: r.get(5)?,
            first_contact: parse_col(r, 6)?,
            posting_url: r.get(7)?,
            notes: r.get(8)?,
        },
    })
}

fn read_involvement(r: &Row<'_>) -> rusqlite::Result<Involvement> {
    Ok(Involvement {
        application: ApplicationId(r.get(0)?),
        person: PersonId(r.get(1)?),
        role: parse_col(r, 2)?,
    })
}

fn read_person(r: &Row<'_>) -> rusqlite::Result<Record<PersonId, Person>> {
    Ok(Record {
        id: PersonId(r.get(0)?),
        value: Person {
            name: r.get(1)?,
            title: r.get(2)?,
            email: parse_opt(r, 3)?,
            phone: r.get(4)?,
            linkedin: r.get(5)?,
            organisation: r.get(6)?,
            time_zone: parse_opt(r, 7)?,
            notes: r.get(8)?,
        },
    })
}

fn read_interview(r: &Row<'_>) -> rusqlite::Result<Record<InterviewId, Interview>> {
    Ok(Record {
        id: InterviewId(r.get(0)?),
        value: Interview {
            application: ApplicationId(r.get(1)?),
            start: parse_col(r, 2)?,
            duration_minutes: r.get(3)?,
            stage: parse_col(r, 4)?,
            interviewers: Vec::new(),
            topics: parse_list(r, 5)?,
            promised: parse_list(r, 6)?,
            next_steps: r.get(7)?,
            references_requested: r.get(8)?,
            follow_ups_invited: r.get(9)?,
            notes: r.get(10)?,
        },
    })
}

fn read_message(r: &Row<'_>) -> rusqlite::Result<Record<MessageId, Message>> {
    Ok(Record {
        id: MessageId(r.get(0)?),
        value: Message {
            application: ApplicationId(r.get(1)?),
            person: r.get::<_, Option<i64>>(2)?.map(PersonId),
            kind: parse_col(r, 3)?,
            direction: parse_col(r, 4)?,
            date: parse_col(r, 5)?,
            channel: parse_col(r, 6)?,
            subject: r.get(7)?,
            body: r.get(8)?,
        },
    })
}

fn read_outcome(r: &Row<'_>) -> rusqlite::Result<Record<OutcomeId, Outcome>> {
    Ok(Record {
        id: OutcomeId(r.get(0)?),
        value: Outcome {
            application: ApplicationId(r.get(1)?),
            kind: parse_col(r, 2)?,
            date: parse_col(r, 3)?,
            deadline: parse_opt(r, 4)?,
            feedback: r.get(5)?,
        },
    })
}

fn collect<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, f)?;
    rows.collect::<rusqlite::Result<Vec<T>>>().map_err(into_store_error)
}

/// Like [`collect`], but keeps only the rows `keep` accepts, so rows that
/// are not wanted never accumulate, into a vector of the given capacity.
fn collect_where<T>(
    conn: &Connection,
    sql: &str,
    capacity: usize,
    mut read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    keep: impl Fn(&T) -> bool,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::with_capacity(capacity);
    while let Some(r) = rows.next()? {
        let item = read(r).map_err(into_store_error)?;
        if keep(&item) {
            out.push(item);
        }
    }
    Ok(out)
}

fn into_store_error(e: rusqlite::Error) -> Error {
    match e {
        rusqlite::Error::FromSqlConversionFailure(_, _, inner) => Error::Corrupt(inner.to_string()),
        other => Error::Sqlite(other),
    }
}

fn conversion(col: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, Type::Text, message.into())
}

fn parse_col<T: FromStr>(r: &Row<'_>, col: usize) -> rusqlite::Result<T>
where
    T::Err: Display,
{
    let text: String = r.get(col)?;
    text.parse().map_err(|e: T::Err| conversion(col, e.to_string()))
}

fn parse_opt<T: FromStr>(r: &Row<'_>, col: usize) -> rusqlite::Result<Option<T>>
where
    T::Err: Display,
{
    match r.get::<_, Option<String>>(col)? {
        None => Ok(None),
        Some(text) => text.parse().map(Some).map_err(|e: T::Err| conversion(col, e.to_string())),
    }
}

fn parse_list(r: &Row<'_>, col: usize) -> rusqlite::Result<Vec<String>> {
    let text: String = r.get(col)?;
    serde_json::from_str(&text).map_err(|e| conversion(col, e.to_string()))
}

fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".to_owned())
}

/// A write meant for one row: none changed means it was not there.
fn one_row(changed: usize, missing: impl FnOnce() -> Error) -> Result<()> {
    if changed == 0 { Err(missing()) } else { Ok(()) }
}

fn not_found(what: &'static str, id: impl Display, command: &'static str) -> Error {
    Error::NotFound { what, id: id.to_string(), command }
}

/// Creates an empty file readable and writable by its owner only.
fn create_private_file(path: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop).map_err(|e| Error::io(path, e))
}

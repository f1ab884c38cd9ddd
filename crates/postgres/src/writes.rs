//! Writes, inside one transaction ([`PgTx`]): dropping it without
//! committing (an error, a panic) rolls everything back. Every statement
//! names the user, and every id a write is given is first looked up for
//! that user, so another user's id is [`Error::NotFound`], never a change
//! to their rows.

use std::cell::RefCell;

use afterview_core::agenda::Facts;
use afterview_core::calendar::Holiday;
use afterview_core::ics::ExportedEvent;
use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_core::kinds::PersonRole;
use afterview_core::model::{Application, Interview, Message, Outcome, Person, TaskState};
use afterview_core::plan::TaskId;
use afterview_store::{Error, Notification, RecordKind, Result, Tx, UserId};
use jiff::civil::Date;
use postgres::Transaction;
use postgres::types::ToSql;

use crate::error::error;
use crate::pool::{Db, Statements};
use crate::reads;
use crate::rows::{self, Columns, get};

/// A write transaction on the PostgreSQL store, for one user.
pub struct PgTx<'a> {
    // Reads through `&self` (`facts`, `exported_events`) need the
    // transaction mutably, as the client's every call does.
    inner: RefCell<Inner<'a>>,
    user: UserId,
}

struct Inner<'a> {
    tx: Transaction<'a>,
    statements: &'a mut Statements,
}

impl<'a> PgTx<'a> {
    pub(crate) fn new(tx: Transaction<'a>, statements: &'a mut Statements, user: UserId) -> Self {
        Self { inner: RefCell::new(Inner { tx, statements }), user }
    }

    pub(crate) fn commit(self) -> Result<()> {
        self.inner.into_inner().tx.commit().map_err(error)
    }

    fn db<T>(&self, f: impl FnOnce(&mut Db<'_, Transaction<'a>>) -> Result<T>) -> Result<T> {
        let mut inner = self.inner.borrow_mut();
        let Inner { tx, statements } = &mut *inner;
        f(&mut Db { client: tx, statements })
    }

    fn execute(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64> {
        self.db(|db| db.execute(sql, params))
    }

    /// Inserts one row of this user and returns its id.
    ///
    /// The id comes from the table's identity, shared by every user; one
    /// this user already holds (a record stored under an id it had, beyond
    /// where the identity was) is passed over for the next, rather than
    /// failing the whole transaction on the key.
    fn insert(&self, table: &str, row: Columns<'_>) -> Result<i64> {
        let names: Vec<&str> = row.iter().map(|(n, _)| *n).collect();
        let slots: Vec<String> = (2..=row.len() + 1).map(|n| format!("${n}")).collect();
        let sql = format!(
            "INSERT INTO {table} (user_id, {}) VALUES ($1, {})
             ON CONFLICT (user_id, id) DO NOTHING RETURNING id",
            names.join(", "),
            slots.join(", ")
        );
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&self.user.0];
        params.extend(row.iter().map(|(_, v)| v.as_ref() as &(dyn ToSql + Sync)));
        for _ in 0..1000 {
            if let Some(r) = self.db(|db| db.query_opt(&sql, &params))? {
                return get(&r, "id");
            }
        }
        Err(Error::Invalid {
            reason: format!(
                "the next ids of {table} are all taken by this user's records: \
                 move the identity past them (SELECT setval(pg_get_serial_sequence('{table}', 'id'), …))"
            ),
        })
    }

    /// Inserts one row of this user under a given id, refusing one that is
    /// not positive or taken, and moves the table's identity past it, so
    /// the next [`PgTx::insert`] gives a higher one.
    fn insert_with_id(&self, table: &str, kind: RecordKind, id: i64, mut row: Columns<'_>) -> Result<()> {
        if id <= 0 {
            return Err(Error::Invalid {
                reason: format!("{id} cannot be the id of a {kind} (ids start at 1)"),
            });
        }
        if self.exists(table, id)? {
            return Err(Error::Invalid { reason: format!("there is already a {kind} with id {id}") });
        }
        row.push(("id", Box::new(id)));
        let names: Vec<&str> = row.iter().map(|(n, _)| *n).collect();
        let slots: Vec<String> = (2..=row.len() + 1).map(|n| format!("${n}")).collect();
        let sql =
            format!("INSERT INTO {table} (user_id, {}) VALUES ($1, {})", names.join(", "), slots.join(", "));
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&self.user.0];
        params.extend(row.iter().map(|(_, v)| v.as_ref() as &(dyn ToSql + Sync)));
        self.execute(&sql, &params)?;
        // The identity is every user's: it only ever moves forward here. A
        // value another session takes meanwhile may be given twice, which
        // `insert` passes over if the same user holds it.
        let sql = format!(
            "SELECT setval(s, greatest($1, nextval(s)))
             FROM (SELECT pg_get_serial_sequence('{table}', 'id')::regclass AS s) q"
        );
        self.execute(&sql, &[&id])?;
        Ok(())
    }

    /// Rewrites row `id` of this user; a row that is not there is `missing`.
    fn update(&self, table: &str, id: i64, row: Columns<'_>, missing: Error) -> Result<()> {
        let sets: Vec<String> =
            row.iter().enumerate().map(|(n, (f, _))| format!("{f} = ${}", n + 3)).collect();
        let sql = format!("UPDATE {table} SET {} WHERE user_id = $1 AND id = $2", sets.join(", "));
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&self.user.0, &id];
        params.extend(row.iter().map(|(_, v)| v.as_ref() as &(dyn ToSql + Sync)));
        one_row(self.execute(&sql, &params)?, missing)
    }

    fn delete(&self, table: &str, id: i64, missing: Error) -> Result<()> {
        let sql = format!("DELETE FROM {table} WHERE user_id = $1 AND id = $2");
        one_row(self.execute(&sql, &[&self.user.0, &id])?, missing)
    }

    /// Removes the states of the tasks that `of` picks: a removed record's
    /// tasks must not come back if its id is ever given again (a restore).
    fn forget_tasks(&self, of: impl Fn(&TaskId) -> bool) -> Result<()> {
        let rows =
            self.db(|db| db.query("SELECT task_id FROM task_states WHERE user_id = $1", &[&self.user.0]))?;
        let gone: Vec<String> = rows
            .iter()
            .map(|r| get::<String>(r, "task_id"))
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .filter(|id| id.parse::<TaskId>().is_ok_and(|t| of(&t)))
            .collect();
        if !gone.is_empty() {
            self.execute(
                "DELETE FROM task_states WHERE user_id = $1 AND task_id = ANY($2)",
                &[&self.user.0, &gone],
            )?;
        }
        Ok(())
    }

    fn exists(&self, table: &str, id: i64) -> Result<bool> {
        let sql = format!("SELECT 1 AS one FROM {table} WHERE user_id = $1 AND id = $2");
        Ok(self.db(|db| db.query_opt(&sql, &[&self.user.0, &id]))?.is_some())
    }

    fn require_application(&self, id: ApplicationId) -> Result<()> {
        if self.exists("applications", id.0)? {
            Ok(())
        } else {
            Err(Error::not_found(RecordKind::Application, id))
        }
    }

    fn require_person(&self, id: PersonId) -> Result<()> {
        if self.exists("people", id.0)? { Ok(()) } else { Err(Error::not_found(RecordKind::Person, id)) }
    }

    /// Records the interviewers in order, and makes each an interviewer on
    /// the application unless they already play another part there.
    fn set_panel(&self, id: InterviewId, iv: &Interview) -> Result<()> {
        for (position, person) in iv.interviewers.iter().enumerate() {
            self.require_person(*person)?;
            self.execute(
                "INSERT INTO interview_people (user_id, interview_id, person_id, position)
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                &[&self.user.0, &id.0, &person.0, &(position as i64)],
            )?;
            self.execute(
                "INSERT INTO involvements (user_id, application_id, person_id, role)
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                &[&self.user.0, &iv.application.0, &person.0, &PersonRole::Interviewer.as_str()],
            )?;
        }
        Ok(())
    }
}

/// A write meant for one row: none changed means it was not there.
fn one_row(changed: u64, missing: Error) -> Result<()> {
    if changed == 0 { Err(missing) } else { Ok(()) }
}

impl Tx for PgTx<'_> {
    fn add_application(&mut self, a: &Application) -> Result<ApplicationId> {
        self.insert("applications", rows::application_row(a)).map(ApplicationId)
    }

    fn update_application(&mut self, id: ApplicationId, a: &Application) -> Result<()> {
        self.update(
            "applications",
            id.0,
            rows::application_row(a),
            Error::not_found(RecordKind::Application, id),
        )
    }

    fn remove_application(&mut self, id: ApplicationId) -> Result<()> {
        self.delete("applications", id.0, Error::not_found(RecordKind::Application, id))?;
        let key = id.to_string();
        self.forget_tasks(|t| t.key() == key)
    }

    fn add_person(&mut self, p: &Person) -> Result<PersonId> {
        self.insert("people", rows::person_row(p)).map(PersonId)
    }

    fn update_person(&mut self, id: PersonId, p: &Person) -> Result<()> {
        self.update("people", id.0, rows::person_row(p), Error::not_found(RecordKind::Person, id))
    }

    fn remove_person(&mut self, id: PersonId) -> Result<()> {
        // Their messages stay, to nobody (see the schema).
        self.execute(
            "UPDATE messages SET person_id = NULL WHERE user_id = $1 AND person_id = $2",
            &[&self.user.0, &id.0],
        )?;
        self.delete("people", id.0, Error::not_found(RecordKind::Person, id))?;
        let key = id.to_string();
        self.forget_tasks(|t| t.detail() == Some(key.as_str()))
    }

    fn involve(&mut self, application: ApplicationId, person: PersonId, role: PersonRole) -> Result<()> {
        self.require_application(application)?;
        self.require_person(person)?;
        self.execute(
            "INSERT INTO involvements (user_id, application_id, person_id, role) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id, application_id, person_id) DO UPDATE SET role = excluded.role",
            &[&self.user.0, &application.0, &person.0, &role.as_str()],
        )?;
        Ok(())
    }

    fn add_interview(&mut self, iv: &Interview) -> Result<InterviewId> {
        self.require_application(iv.application)?;
        let id = InterviewId(self.insert("interviews", rows::interview_row(iv))?);
        self.set_panel(id, iv)?;
        Ok(id)
    }

    fn update_interview(&mut self, id: InterviewId, iv: &Interview) -> Result<()> {
        self.require_application(iv.application)?;
        self.update(
            "interviews",
            id.0,
            rows::interview_row(iv),
            Error::not_found(RecordKind::Interview, id),
        )?;
        self.execute(
            "DELETE FROM interview_people WHERE user_id = $1 AND interview_id = $2",
            &[&self.user.0, &id.0],
        )?;
        self.set_panel(id, iv)
    }

    fn remove_interview(&mut self, id: InterviewId) -> Result<()> {
        self.delete("interviews", id.0, Error::not_found(RecordKind::Interview, id))
    }

    fn add_message(&mut self, m: &Message) -> Result<MessageId> {
        self.require_application(m.application)?;
        if let Some(p) = m.person {
            self.require_person(p)?;
        }
        self.insert("messages", rows::message_row(m)).map(MessageId)
    }

    fn update_message(&mut self, id: MessageId, m: &Message) -> Result<()> {
        self.require_application(m.application)?;
        if let Some(p) = m.person {
            self.require_person(p)?;
        }
        self.update("messages", id.0, rows::message_row(m), Error::not_found(RecordKind::Message, id))
    }

    fn remove_message(&mut self, id: MessageId) -> Result<()> {
        self.delete("messages", id.0, Error::not_found(RecordKind::Message, id))
    }

    fn add_outcome(&mut self, o: &Outcome) -> Result<OutcomeId> {
        self.require_application(o.application)?;
        let id = OutcomeId(self.insert("outcomes", rows::outcome_row(o))?);
        self.execute(
            "UPDATE applications SET status = $3 WHERE user_id = $1 AND id = $2",
            &[&self.user.0, &o.application.0, &o.kind.resulting_status().as_str()],
        )?;
        Ok(id)
    }

    fn update_outcome(&mut self, id: OutcomeId, o: &Outcome) -> Result<()> {
        self.require_application(o.application)?;
        self.update("outcomes", id.0, rows::outcome_row(o), Error::not_found(RecordKind::Outcome, id))
    }

    fn remove_outcome(&mut self, id: OutcomeId) -> Result<()> {
        self.delete("outcomes", id.0, Error::not_found(RecordKind::Outcome, id))
    }

    fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.execute(
            "INSERT INTO meta (user_id, key, value) VALUES ($1, $2, $3)
             ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value",
            &[&self.user.0, &key, &value],
        )?;
        Ok(())
    }

    fn clear_all(&mut self) -> Result<()> {
        // Children first: messages point at people without a cascade.
        for table in [
            "interview_people",
            "involvements",
            "messages",
            "outcomes",
            "interviews",
            "applications",
            "people",
            "task_states",
            "meta",
            "holidays",
            "notifications",
        ] {
            self.execute(&format!("DELETE FROM {table} WHERE user_id = $1"), &[&self.user.0])?;
        }
        Ok(())
    }

    fn add_holidays(&mut self, days: &[Holiday], source: &str) -> Result<usize> {
        let mut added = 0;
        for h in days {
            // `xmax = 0` only on a row this statement inserted, not one it updated.
            let row = self.db(|db| {
                db.query_opt(
                    "INSERT INTO holidays (user_id, date, name, source) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (user_id, date) DO UPDATE SET name = excluded.name, source = excluded.source
                     RETURNING (xmax = 0) AS inserted",
                    &[&self.user.0, &h.date, &h.name, &source],
                )
            })?;
            if let Some(r) = row
                && get::<bool>(&r, "inserted")?
            {
                added += 1;
            }
        }
        Ok(added)
    }

    fn remove_holiday(&mut self, date: Date) -> Result<()> {
        let n =
            self.execute("DELETE FROM holidays WHERE user_id = $1 AND date = $2", &[&self.user.0, &date])?;
        one_row(n, Error::not_found(RecordKind::Holiday, date))
    }

    fn set_task_state(&mut self, task: &TaskId, state: TaskState) -> Result<()> {
        let (name, day) = match state {
            TaskState::Done { on } => ("done", on),
            TaskState::Skipped { on } => ("skipped", on),
            TaskState::Snoozed { until } => ("snoozed", until),
        };
        self.execute(
            "INSERT INTO task_states (user_id, task_id, state, day) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id, task_id) DO UPDATE SET state = excluded.state, day = excluded.day",
            &[&self.user.0, &task.as_str(), &name, &day],
        )?;
        Ok(())
    }

    fn exported_events(&self) -> Result<Vec<ExportedEvent>> {
        self.db(|db| reads::exported_events(db, self.user))
    }

    fn insert_application(&mut self, id: ApplicationId, a: &Application) -> Result<()> {
        self.insert_with_id("applications", RecordKind::Application, id.0, rows::application_row(a))
    }

    fn insert_person(&mut self, id: PersonId, p: &Person) -> Result<()> {
        self.insert_with_id("people", RecordKind::Person, id.0, rows::person_row(p))
    }

    fn insert_interview(&mut self, id: InterviewId, iv: &Interview) -> Result<()> {
        self.require_application(iv.application)?;
        self.insert_with_id("interviews", RecordKind::Interview, id.0, rows::interview_row(iv))?;
        self.set_panel(id, iv)
    }

    fn insert_message(&mut self, id: MessageId, m: &Message) -> Result<()> {
        self.require_application(m.application)?;
        if let Some(p) = m.person {
            self.require_person(p)?;
        }
        self.insert_with_id("messages", RecordKind::Message, id.0, rows::message_row(m))
    }

    fn insert_outcome(&mut self, id: OutcomeId, o: &Outcome) -> Result<()> {
        self.require_application(o.application)?;
        self.insert_with_id("outcomes", RecordKind::Outcome, id.0, rows::outcome_row(o))
    }

    fn set_exported_events(&mut self, events: &[ExportedEvent]) -> Result<()> {
        self.execute("DELETE FROM exported_events WHERE user_id = $1", &[&self.user.0])?;
        for e in events {
            self.execute(
                "INSERT INTO exported_events (user_id, task_id, fingerprint, sequence, day, summary, cancelled)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    &self.user.0,
                    &e.task,
                    &(e.fingerprint as i64),
                    &i64::from(e.sequence),
                    &e.day,
                    &e.summary,
                    &e.cancelled,
                ],
            )?;
        }
        Ok(())
    }

    fn record_notifications(&mut self, sent: &[Notification]) -> Result<()> {
        for n in sent {
            self.execute(
                "INSERT INTO notifications (user_id, day, task_id, channel, sent_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (user_id, day, task_id, channel) DO NOTHING",
                &[&self.user.0, &n.day, &n.task.as_str(), &n.channel, &n.sent_at],
            )?;
        }
        Ok(())
    }

    fn facts(&self, closed_since: Date) -> Result<Facts> {
        self.db(|db| reads::facts(db, self.user, closed_since))
    }
}

/// What a user keeps beside their facts, written inside this transaction,
/// so a data folder moved onto the server (its snapshot restored) lands
/// whole with its words, templates and settings, or not at all.
impl PgTx<'_> {
    /// Replaces the user's word list with these words, in this order.
    pub fn replace_words(&mut self, words: &[String]) -> Result<()> {
        self.execute("DELETE FROM words WHERE user_id = $1", &[&self.user.0])?;
        for (n, w) in words.iter().enumerate() {
            let position = i64::try_from(n + 1).unwrap_or(i64::MAX);
            self.execute(
                "INSERT INTO words (user_id, position, word) VALUES ($1, $2, $3)",
                &[&self.user.0, &position, w],
            )?;
        }
        Ok(())
    }

    /// Keeps (or, with `None`, drops) the user's own template of a kind.
    pub fn set_template(
        &mut self,
        kind: afterview_core::kinds::MessageKind,
        text: Option<&str>,
    ) -> Result<()> {
        match text {
            Some(t) => self.execute(
                "INSERT INTO templates (user_id, kind, text) VALUES ($1, $2, $3)
                 ON CONFLICT (user_id, kind) DO UPDATE SET text = excluded.text",
                &[&self.user.0, &kind.as_str(), &t],
            ),
            None => self.execute(
                "DELETE FROM templates WHERE user_id = $1 AND kind = $2",
                &[&self.user.0, &kind.as_str()],
            ),
        }
        .map(drop)
    }

    /// Replaces the user's settings text (`None`: the defaults).
    pub fn set_settings_text(&mut self, text: Option<&str>) -> Result<()> {
        let n = self.execute("UPDATE users SET settings = $2 WHERE id = $1", &[&self.user.0, &text])?;
        one_row(n, Error::not_found(RecordKind::User, self.user))
    }
}

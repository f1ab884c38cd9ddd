//! Writes, inside one transaction ([`SqliteTx`]): dropping it without
//! committing rolls everything back.

use afterview_core::calendar::Holiday;
use afterview_core::ics::ExportedEvent;
use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_core::kinds::PersonRole;
use afterview_core::model::{Application, Interview, Message, Outcome, Person, TaskState};
use afterview_core::plan::TaskId;
use afterview_store::{Error, Notification, RecordKind, Result, Tx};
use jiff::civil::Date;
use rusqlite::{OptionalExtension, params};

use crate::rows::{self, Column, error};

/// A write transaction on the SQLite store.
pub struct SqliteTx<'a> {
    tx: rusqlite::Transaction<'a>,
}

impl<'a> SqliteTx<'a> {
    pub(crate) fn new(tx: rusqlite::Transaction<'a>) -> Self {
        Self { tx }
    }

    pub(crate) fn commit(self) -> Result<()> {
        self.tx.commit().map_err(error)
    }

    /// Inserts one row and returns its id.
    fn insert(&mut self, table: &str, row: Vec<Column>) -> Result<i64> {
        let names: Vec<&str> = row.iter().map(|(n, _)| *n).collect();
        let slots: Vec<String> = (1..=row.len()).map(|n| format!("?{n}")).collect();
        let sql = format!("INSERT INTO {table} ({}) VALUES ({})", names.join(", "), slots.join(", "));
        let values = row.into_iter().map(|(_, v)| v);
        self.tx
            .prepare_cached(&sql)
            .and_then(|mut s| s.execute(rusqlite::params_from_iter(values)))
            .map_err(error)?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Inserts one row under a given id, refusing one that is taken.
    fn insert_with_id(&mut self, table: &str, kind: RecordKind, id: i64, mut row: Vec<Column>) -> Result<()> {
        if id <= 0 {
            return Err(Error::Invalid {
                reason: format!("{id} cannot be the id of a {kind} (ids start at 1)"),
            });
        }
        if self.exists(table, id)? {
            return Err(Error::Invalid { reason: format!("there is already a {kind} with id {id}") });
        }
        row.push(("id", rusqlite::types::Value::Integer(id)));
        self.insert(table, row).map(drop)
    }

    /// Rewrites row `id`; a row that is not there is `missing`.
    fn update(&mut self, table: &str, id: i64, row: Vec<Column>, missing: Error) -> Result<()> {
        let sets: Vec<String> =
            row.iter().enumerate().map(|(n, (f, _))| format!("{f} = ?{}", n + 2)).collect();
        let sql = format!("UPDATE {table} SET {} WHERE id = ?1", sets.join(", "));
        let all = std::iter::once(rusqlite::types::Value::Integer(id)).chain(row.into_iter().map(|(_, v)| v));
        let n = self
            .tx
            .prepare_cached(&sql)
            .and_then(|mut s| s.execute(rusqlite::params_from_iter(all)))
            .map_err(error)?;
        one_row(n, missing)
    }

    fn delete(&mut self, table: &str, id: i64, missing: Error) -> Result<()> {
        let n = self.tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id]).map_err(error)?;
        one_row(n, missing)
    }

    /// Removes the states of the tasks that `of` picks: SQLite may give a
    /// removed record's id to the next one, which must not inherit them.
    fn forget_tasks(&mut self, of: impl Fn(&TaskId) -> bool) -> Result<()> {
        let ids: Vec<String> = {
            let mut stmt = self.tx.prepare("SELECT task_id FROM task_states").map_err(error)?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(error)?;
            rows.collect::<rusqlite::Result<_>>().map_err(error)?
        };
        for id in ids {
            if id.parse::<TaskId>().is_ok_and(|t| of(&t)) {
                self.tx.execute("DELETE FROM task_states WHERE task_id = ?1", [&id]).map_err(error)?;
            }
        }
        Ok(())
    }

    fn exists(&self, table: &str, id: i64) -> Result<bool> {
        let sql = format!("SELECT 1 FROM {table} WHERE id = ?1");
        Ok(self.tx.query_row(&sql, [id], |_| Ok(())).optional().map_err(error)?.is_some())
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
    fn set_panel(&mut self, id: InterviewId, iv: &Interview) -> Result<()> {
        for (position, person) in iv.interviewers.iter().enumerate() {
            self.require_person(*person)?;
            self.tx
                .execute(
                    "INSERT OR IGNORE INTO interview_people (interview_id, person_id, position) VALUES (?1, ?2, ?3)",
                    params![id.0, person.0, position as i64],
                )
                .map_err(error)?;
            self.tx
                .execute(
                    "INSERT OR IGNORE INTO involvements (application_id, person_id, role) VALUES (?1, ?2, ?3)",
                    params![iv.application.0, person.0, PersonRole::Interviewer.as_str()],
                )
                .map_err(error)?;
        }
        Ok(())
    }
}

/// A write meant for one row: none changed means it was not there.
fn one_row(changed: usize, missing: Error) -> Result<()> {
    if changed == 0 { Err(missing) } else { Ok(()) }
}

impl Tx for SqliteTx<'_> {
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
        self.delete("people", id.0, Error::not_found(RecordKind::Person, id))?;
        let key = id.to_string();
        self.forget_tasks(|t| t.detail() == Some(key.as_str()))
    }

    fn involve(&mut self, application: ApplicationId, person: PersonId, role: PersonRole) -> Result<()> {
        self.require_application(application)?;
        self.require_person(person)?;
        self.tx
            .execute(
                "INSERT INTO involvements (application_id, person_id, role) VALUES (?1, ?2, ?3)
                 ON CONFLICT (application_id, person_id) DO UPDATE SET role = excluded.role",
                params![application.0, person.0, role.as_str()],
            )
            .map_err(error)?;
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
        self.tx.execute("DELETE FROM interview_people WHERE interview_id = ?1", [id.0]).map_err(error)?;
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
        self.tx
            .execute(
                "UPDATE applications SET status = ?2 WHERE id = ?1",
                params![o.application.0, o.kind.resulting_status().as_str()],
            )
            .map_err(error)?;
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
        self.tx
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map_err(error)?;
        Ok(())
    }

    fn clear_all(&mut self) -> Result<()> {
        self.tx
            .execute_batch(
                "DELETE FROM interview_people; DELETE FROM involvements; DELETE FROM messages;
                 DELETE FROM outcomes; DELETE FROM interviews; DELETE FROM applications;
                 DELETE FROM people; DELETE FROM task_states; DELETE FROM meta; DELETE FROM holidays;
                 DELETE FROM notifications;",
            )
            .map_err(error)
    }

    fn add_holidays(&mut self, days: &[Holiday], source: &str) -> Result<usize> {
        let mut added = 0;
        for h in days {
            let existed = self
                .tx
                .query_row("SELECT 1 FROM holidays WHERE date = ?1", [h.date.to_string()], |_| Ok(()))
                .optional()
                .map_err(error)?
                .is_some();
            self.tx
                .execute(
                    "INSERT INTO holidays (date, name, source) VALUES (?1, ?2, ?3)
                     ON CONFLICT (date) DO UPDATE SET name = excluded.name, source = excluded.source",
                    params![h.date.to_string(), h.name, source],
                )
                .map_err(error)?;
            added += usize::from(!existed);
        }
        Ok(added)
    }

    fn remove_holiday(&mut self, date: Date) -> Result<()> {
        let n = self.tx.execute("DELETE FROM holidays WHERE date = ?1", [date.to_string()]).map_err(error)?;
        one_row(n, Error::not_found(RecordKind::Holiday, date))
    }

    fn facts(&self, closed_since: Date) -> Result<afterview_core::agenda::Facts> {
        // No second connection: it could not see this transaction's writes.
        crate::facts::load(&self.tx, None, closed_since)
    }

    fn exported_events(&self) -> Result<Vec<ExportedEvent>> {
        crate::reads::exported_events(&self.tx)
    }

    // `INTEGER PRIMARY KEY` without AUTOINCREMENT: the next id SQLite gives
    // is one above the largest there, so inserted ids are never given again.

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
        self.tx.execute("DELETE FROM exported_events", []).map_err(error)?;
        let mut insert = self
            .tx
            .prepare_cached(
                "INSERT INTO exported_events (task_id, fingerprint, sequence, day, summary, cancelled)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(error)?;
        for e in events {
            insert
                .execute(params![
                    e.task,
                    e.fingerprint as i64,
                    e.sequence,
                    e.day.to_string(),
                    e.summary,
                    e.cancelled
                ])
                .map_err(error)?;
        }
        Ok(())
    }

    fn record_notifications(&mut self, sent: &[Notification]) -> Result<()> {
        let mut insert = self
            .tx
            .prepare_cached(
                "INSERT INTO notifications (day, task_id, channel, sent_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (day, task_id, channel) DO NOTHING",
            )
            .map_err(error)?;
        for n in sent {
            insert
                .execute(params![n.day.to_string(), n.task.as_str(), n.channel, n.sent_at.to_string()])
                .map_err(error)?;
        }
        Ok(())
    }

    fn set_task_state(&mut self, task: &TaskId, state: TaskState) -> Result<()> {
        let (name, day) = match state {
            TaskState::Done { on } => ("done", on),
            TaskState::Skipped { on } => ("skipped", on),
            TaskState::Snoozed { until } => ("snoozed", until),
        };
        self.tx
            .execute(
                "INSERT INTO task_states (task_id, state, day) VALUES (?1, ?2, ?3)
                 ON CONFLICT (task_id) DO UPDATE SET state = excluded.state, day = excluded.day",
                params![task.as_str(), name, day.to_string()],
            )
            .map_err(error)?;
        Ok(())
    }
}

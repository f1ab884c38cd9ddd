//! The storage seam: what afterview's use cases need from a place that
//! keeps one user's facts, as traits. A backend (SQLite now, PostgreSQL for
//! a multi-user server next) implements [`Store`] and [`Tx`]; the use cases
//! in `afterview-app` are written against the traits only, and every backend
//! must pass the shared [`conformance`] suite.
//!
//! A store handle is opened *for one user* ([`UserId`]): every read and
//! write through it sees that user's rows only. The local SQLite file holds
//! exactly one user, [`UserId::LOCAL`].
//!
//! The traits are synchronous. SQLite is in-process and its calls are
//! short; a web server runs each use case on a blocking thread with a handle
//! of its own (see ARCHITECTURE.md for why).
//!
//! [`coaching`] is what only a server keeps: a person's consent to a coach,
//! the pages the coach saw and their comments, across two users.

mod error;

pub mod accounts;
pub mod coaching;
pub mod conformance;

use std::collections::HashMap;
use std::fmt;

use afterview_core::agenda::Facts;
use afterview_core::calendar::Holiday;
use afterview_core::demo::Bundle;
use afterview_core::ics::ExportedEvent;
use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_core::kinds::PersonRole;
use afterview_core::model::{
    Application, Interview, Involvement, Message, Outcome, Person, Record, TaskState,
};
use afterview_core::plan::TaskId;
use jiff::civil::Date;

pub use error::{Error, RecordKind, Result};

/// Whose facts a store handle reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(pub i64);

impl UserId {
    /// The one user of a local, single-user data folder.
    pub const LOCAL: UserId = UserId(1);
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "u{}", self.0)
    }
}

/// Reads of one user's facts, and the way to write them.
pub trait Store {
    /// A write transaction: everything done through it lands together when
    /// [`Store::write`]'s closure succeeds, and nothing when it fails.
    type Tx<'a>: Tx
    where
        Self: 'a;

    /// The user this handle was opened for.
    fn user(&self) -> UserId;

    /// Runs `f` in one transaction: all of it lands, or none.
    fn write<T>(&mut self, f: impl FnOnce(&mut Self::Tx<'_>) -> Result<T>) -> Result<T>;

    fn application(&self, id: ApplicationId) -> Result<Record<ApplicationId, Application>>;
    /// Every application, by id.
    fn applications(&self) -> Result<Vec<Record<ApplicationId, Application>>>;
    fn application_count(&self) -> Result<u64>;
    fn person(&self, id: PersonId) -> Result<Record<PersonId, Person>>;
    /// Every person, by id.
    fn people(&self) -> Result<Vec<Record<PersonId, Person>>>;
    /// The people's parts on one application (or on every one).
    fn involvements(&self, application: Option<ApplicationId>) -> Result<Vec<Involvement>>;
    fn interview(&self, id: InterviewId) -> Result<Record<InterviewId, Interview>>;
    /// Interviews, oldest first; of one application when given.
    fn interviews(&self, application: Option<ApplicationId>) -> Result<Vec<Record<InterviewId, Interview>>>;
    fn message(&self, id: MessageId) -> Result<Record<MessageId, Message>>;
    /// Messages in the order they were recorded (by day, then id).
    fn messages(&self, application: Option<ApplicationId>) -> Result<Vec<Record<MessageId, Message>>>;
    fn outcome(&self, id: OutcomeId) -> Result<Record<OutcomeId, Outcome>>;
    /// Outcomes by day, then id.
    fn outcomes(&self, application: Option<ApplicationId>) -> Result<Vec<Record<OutcomeId, Outcome>>>;
    /// A fact about the data itself (such as "this is demo data").
    fn meta(&self, key: &str) -> Result<Option<String>>;
    /// Closure days imported from `.ics` files, by day.
    fn holidays(&self) -> Result<Vec<Holiday>>;
    /// The done / skipped / snoozed state of planned tasks, by task id.
    fn task_states(&self) -> Result<HashMap<TaskId, TaskState>>;
    /// What the last calendar export held, in no particular order.
    fn exported_events(&self) -> Result<Vec<ExportedEvent>>;
    /// The reminders `afterview notify` sent on `day`, through any
    /// channel, ordered by task id (as text), then channel.
    fn notifications(&self, day: Date) -> Result<Vec<Notification>>;

    /// What the planner and the agenda need: every application still open,
    /// and those closed with an outcome on or after `closed_since`, with
    /// their people, interviews, messages and outcomes. Every list comes
    /// ordered by application id (people by id), as
    /// [`afterview_core::agenda::build`] expects. A backend may leave out
    /// what planning never reads (message bodies sent, notes, topics, phone
    /// numbers); it must keep a received message's text (F4 reads it).
    fn facts(&self, closed_since: Date) -> Result<Facts>;
}

/// The writes of one transaction. Each refuses ids that are not there with
/// [`Error::NotFound`].
pub trait Tx {
    fn add_application(&mut self, a: &Application) -> Result<ApplicationId>;
    fn update_application(&mut self, id: ApplicationId, a: &Application) -> Result<()>;
    /// Removes an application with its interviews, messages, outcomes and
    /// the states of its tasks (an id may be given again to a new record).
    /// The people stay: they may be on other applications.
    fn remove_application(&mut self, id: ApplicationId) -> Result<()>;
    fn add_person(&mut self, p: &Person) -> Result<PersonId>;
    fn update_person(&mut self, id: PersonId, p: &Person) -> Result<()>;
    /// Removes a person with their parts and the states of the tasks to them.
    fn remove_person(&mut self, id: PersonId) -> Result<()>;
    /// Records (or changes) the part a person plays on an application.
    fn involve(&mut self, application: ApplicationId, person: PersonId, role: PersonRole) -> Result<()>;
    /// Records an interview with its panel in order; each interviewer
    /// becomes an interviewer on the application unless they already play
    /// another part there.
    fn add_interview(&mut self, iv: &Interview) -> Result<InterviewId>;
    fn update_interview(&mut self, id: InterviewId, iv: &Interview) -> Result<()>;
    fn remove_interview(&mut self, id: InterviewId) -> Result<()>;
    fn add_message(&mut self, m: &Message) -> Result<MessageId>;
    fn update_message(&mut self, id: MessageId, m: &Message) -> Result<()>;
    fn remove_message(&mut self, id: MessageId) -> Result<()>;
    /// Records an outcome and moves the application to the status it implies.
    fn add_outcome(&mut self, o: &Outcome) -> Result<OutcomeId>;
    fn update_outcome(&mut self, id: OutcomeId, o: &Outcome) -> Result<()>;
    fn remove_outcome(&mut self, id: OutcomeId) -> Result<()>;
    fn set_meta(&mut self, key: &str, value: &str) -> Result<()>;
    /// Removes every fact, task state, imported holiday, meta value and
    /// sent reminder of this user (used to reload a demo).
    fn clear_all(&mut self) -> Result<()>;
    /// Adds imported closure days; a day already there takes the new name.
    /// Returns how many days were new.
    fn add_holidays(&mut self, days: &[Holiday], source: &str) -> Result<usize>;
    /// Removes one imported closure day.
    fn remove_holiday(&mut self, date: Date) -> Result<()>;
    fn set_task_state(&mut self, task: &TaskId, state: TaskState) -> Result<()>;
    /// What [`Store::exported_events`] gives, read inside this transaction.
    fn exported_events(&self) -> Result<Vec<ExportedEvent>>;
    /// Replaces what the last calendar export held.
    fn set_exported_events(&mut self, events: &[ExportedEvent]) -> Result<()>;
    /// Records reminders as sent. One already recorded (the same day, task
    /// and channel) is kept as it was, with its first `sent_at`. Reminders
    /// are not facts: `clear_all` forgets them, removing an application
    /// does not (they only matter on their day).
    fn record_notifications(&mut self, sent: &[Notification]) -> Result<()>;

    /// What [`Store::facts`] gives, read inside this transaction, so it
    /// sees the transaction's own writes.
    fn facts(&self, closed_since: Date) -> Result<Facts>;

    // Restoring a snapshot: records stored under the ids they had, since
    // task ids (`thank-you:a1:p1`) and the records themselves refer to
    // them. Each checks what the matching `add_*` checks (an unknown
    // application or person is [`Error::NotFound`]), refuses an id that is
    // not positive or already taken with [`Error::Invalid`], and leaves the
    // next id an `add_*` gives above every id inserted.

    /// Stores an application under `id`.
    fn insert_application(&mut self, id: ApplicationId, a: &Application) -> Result<()>;
    /// Stores a person under `id`.
    fn insert_person(&mut self, id: PersonId, p: &Person) -> Result<()>;
    /// Stores an interview under `id`, with its panel in order; like
    /// [`Tx::add_interview`], each interviewer becomes an interviewer on the
    /// application unless they already play another part there.
    fn insert_interview(&mut self, id: InterviewId, iv: &Interview) -> Result<()>;
    /// Stores a message under `id`.
    fn insert_message(&mut self, id: MessageId, m: &Message) -> Result<()>;
    /// Stores an outcome under `id`. Unlike [`Tx::add_outcome`], the
    /// application's status is left as it is: a restored application
    /// brings its own.
    fn insert_outcome(&mut self, id: OutcomeId, o: &Outcome) -> Result<()>;

    /// Stores one demo or imported application with everything recorded
    /// about it, mapping the bundle's local person ids (positions in
    /// `b.people`) to stored ones.
    fn import_bundle(&mut self, b: &Bundle) -> Result<ApplicationId> {
        let app = self.add_application(&b.application)?;
        let mut ids = Vec::with_capacity(b.people.len());
        for (person, role) in &b.people {
            let id = self.add_person(person)?;
            self.involve(app, id, *role)?;
            ids.push(id);
        }
        let map = |p: PersonId| -> Result<PersonId> {
            usize::try_from(p.0).ok().and_then(|n| ids.get(n).copied()).ok_or_else(|| Error::Invalid {
                reason: format!(
                    "the facts for {} name person #{} they do not have",
                    b.application.company, p.0
                ),
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

/// A transaction borrowed: what lets one front end hold either backend's
/// store behind one type (the web app's `AnyStore`, whose transaction is a
/// `&mut dyn Tx`). Every method, the provided ones too, goes to `T`'s own.
impl<T: Tx + ?Sized> Tx for &mut T {
    fn add_application(&mut self, a: &Application) -> Result<ApplicationId> {
        (**self).add_application(a)
    }
    fn update_application(&mut self, id: ApplicationId, a: &Application) -> Result<()> {
        (**self).update_application(id, a)
    }
    fn remove_application(&mut self, id: ApplicationId) -> Result<()> {
        (**self).remove_application(id)
    }
    fn add_person(&mut self, p: &Person) -> Result<PersonId> {
        (**self).add_person(p)
    }
    fn update_person(&mut self, id: PersonId, p: &Person) -> Result<()> {
        (**self).update_person(id, p)
    }
    fn remove_person(&mut self, id: PersonId) -> Result<()> {
        (**self).remove_person(id)
    }
    fn involve(&mut self, application: ApplicationId, person: PersonId, role: PersonRole) -> Result<()> {
        (**self).involve(application, person, role)
    }
    fn add_interview(&mut self, iv: &Interview) -> Result<InterviewId> {
        (**self).add_interview(iv)
    }
    fn update_interview(&mut self, id: InterviewId, iv: &Interview) -> Result<()> {
        (**self).update_interview(id, iv)
    }
    fn remove_interview(&mut self, id: InterviewId) -> Result<()> {
        (**self).remove_interview(id)
    }
    fn add_message(&mut self, m: &Message) -> Result<MessageId> {
        (**self).add_message(m)
    }
    fn update_message(&mut self, id: MessageId, m: &Message) -> Result<()> {
        (**self).update_message(id, m)
    }
    fn remove_message(&mut self, id: MessageId) -> Result<()> {
        (**self).remove_message(id)
    }
    fn add_outcome(&mut self, o: &Outcome) -> Result<OutcomeId> {
        (**self).add_outcome(o)
    }
    fn update_outcome(&mut self, id: OutcomeId, o: &Outcome) -> Result<()> {
        (**self).update_outcome(id, o)
    }
    fn remove_outcome(&mut self, id: OutcomeId) -> Result<()> {
        (**self).remove_outcome(id)
    }
    fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        (**self).set_meta(key, value)
    }
    fn clear_all(&mut self) -> Result<()> {
        (**self).clear_all()
    }
    fn add_holidays(&mut self, days: &[Holiday], source: &str) -> Result<usize> {
        (**self).add_holidays(days, source)
    }
    fn remove_holiday(&mut self, date: Date) -> Result<()> {
        (**self).remove_holiday(date)
    }
    fn set_task_state(&mut self, task: &TaskId, state: TaskState) -> Result<()> {
        (**self).set_task_state(task, state)
    }
    fn exported_events(&self) -> Result<Vec<ExportedEvent>> {
        (**self).exported_events()
    }
    fn set_exported_events(&mut self, events: &[ExportedEvent]) -> Result<()> {
        (**self).set_exported_events(events)
    }
    fn record_notifications(&mut self, sent: &[Notification]) -> Result<()> {
        (**self).record_notifications(sent)
    }
    fn facts(&self, closed_since: Date) -> Result<Facts> {
        (**self).facts(closed_since)
    }
    fn insert_application(&mut self, id: ApplicationId, a: &Application) -> Result<()> {
        (**self).insert_application(id, a)
    }
    fn insert_person(&mut self, id: PersonId, p: &Person) -> Result<()> {
        (**self).insert_person(id, p)
    }
    fn insert_interview(&mut self, id: InterviewId, iv: &Interview) -> Result<()> {
        (**self).insert_interview(id, iv)
    }
    fn insert_message(&mut self, id: MessageId, m: &Message) -> Result<()> {
        (**self).insert_message(id, m)
    }
    fn insert_outcome(&mut self, id: OutcomeId, o: &Outcome) -> Result<()> {
        (**self).insert_outcome(id, o)
    }
    fn import_bundle(&mut self, b: &Bundle) -> Result<ApplicationId> {
        (**self).import_bundle(b)
    }
}

/// One task's reminder, sent on a day through a channel: what keeps
/// `afterview notify` from sending the same task twice in a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// The user's day it was sent for.
    pub day: Date,
    pub task: TaskId,
    /// The channel it went through, as the settings spell it: `email`,
    /// `ntfy`, or `stdout` (printed for cron to mail).
    pub channel: String,
    pub sent_at: jiff::Timestamp,
}

/// A draft template the user wrote, with where it came from (for errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnTemplate {
    /// Where it lives, as the user would find it (a file's path).
    pub source: String,
    pub text: String,
}

/// What a user keeps beside their facts: their own words for the spelling
/// check and their own draft templates. Locally these are plain files in
/// the settings folder, so a user can edit them by hand.
pub trait Profile {
    /// The words, in the order they were added.
    fn words(&self) -> Result<Vec<String>>;
    /// Adds words, ignoring ones already there (any capitalisation);
    /// returns those that were new.
    fn add_words(&self, words: &[String]) -> Result<Vec<String>>;
    /// Removes words (any capitalisation); returns those that were there.
    fn remove_words(&self, words: &[String]) -> Result<Vec<String>>;
    /// The user's own template of a message kind, if they wrote one.
    fn template(&self, kind: afterview_core::kinds::MessageKind) -> Result<Option<OwnTemplate>>;
    /// Keeps the user's own template of a kind (`None`: back to the
    /// built-in one). The text is kept as given: checking it is the use
    /// case's.
    fn set_template(&self, kind: afterview_core::kinds::MessageKind, text: Option<&str>) -> Result<()>;
}

/// Looking after the stored data as a whole, beside the records.
pub trait Maintenance {
    /// What is wrong with the stored data as a whole (damaged pages,
    /// broken links between records); empty when it is whole. `thorough`
    /// checks everything; otherwise a cheaper check fit to run before every
    /// write.
    fn problems(&self, thorough: bool) -> Result<Vec<String>>;
}

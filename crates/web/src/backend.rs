//! The one store type the pages hold, whichever backend serves them: the
//! local SQLite file of `afterview serve`, or the signed-in user's rows on
//! the PostgreSQL server of `afterview serve --database`. The use cases are
//! generic over [`Store`]; the pages are not (a handler per backend would
//! be every handler twice), so this enum forwards each call to the backend
//! it holds. Its transaction is a `&mut dyn Tx`, through the store crate's
//! `impl Tx for &mut T`.

use std::collections::HashMap;

use afterview_app::local::LocalProfile;
use afterview_core::agenda::Facts;
use afterview_core::calendar::Holiday;
use afterview_core::ics::ExportedEvent;
use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_core::kinds::MessageKind;
use afterview_core::model::{
    Application, Interview, Involvement, Message, Outcome, Person, Record, TaskState,
};
use afterview_core::plan::TaskId;
use afterview_postgres::PgStore;
use afterview_sqlite::SqliteStore;
use afterview_store::{Notification, OwnTemplate, Profile, Result, Store, Tx, UserId};
use jiff::civil::Date;

/// A store handle of either backend.
// One per request, made once and never in a collection: boxing the larger
// handle would buy nothing but an allocation.
#[allow(clippy::large_enum_variant)]
pub enum AnyStore {
    Local(SqliteStore),
    Server(PgStore),
}

/// The same call on whichever backend `$store` holds.
macro_rules! each {
    ($store:expr, $s:ident => $call:expr) => {
        match $store {
            AnyStore::Local($s) => $call,
            AnyStore::Server($s) => $call,
        }
    };
}

impl Store for AnyStore {
    type Tx<'a> = &'a mut (dyn Tx + 'a);

    fn user(&self) -> UserId {
        each!(self, s => s.user())
    }

    fn write<T>(&mut self, f: impl FnOnce(&mut Self::Tx<'_>) -> Result<T>) -> Result<T> {
        each!(self, s => s.write(|tx| {
            let mut tx: &mut dyn Tx = tx;
            f(&mut tx)
        }))
    }

    fn application(&self, id: ApplicationId) -> Result<Record<ApplicationId, Application>> {
        each!(self, s => s.application(id))
    }
    fn applications(&self) -> Result<Vec<Record<ApplicationId, Application>>> {
        each!(self, s => s.applications())
    }
    fn application_count(&self) -> Result<u64> {
        each!(self, s => s.application_count())
    }
    fn person(&self, id: PersonId) -> Result<Record<PersonId, Person>> {
        each!(self, s => s.person(id))
    }
    fn people(&self) -> Result<Vec<Record<PersonId, Person>>> {
        each!(self, s => s.people())
    }
    fn involvements(&self, application: Option<ApplicationId>) -> Result<Vec<Involvement>> {
        each!(self, s => s.involvements(application))
    }
    fn interview(&self, id: InterviewId) -> Result<Record<InterviewId, Interview>> {
        each!(self, s => s.interview(id))
    }
    fn interviews(&self, application: Option<ApplicationId>) -> Result<Vec<Record<InterviewId, Interview>>> {
        each!(self, s => s.interviews(application))
    }
    fn message(&self, id: MessageId) -> Result<Record<MessageId, Message>> {
        each!(self, s => s.message(id))
    }
    fn messages(&self, application: Option<ApplicationId>) -> Result<Vec<Record<MessageId, Message>>> {
        each!(self, s => s.messages(application))
    }
    fn outcome(&self, id: OutcomeId) -> Result<Record<OutcomeId, Outcome>> {
        each!(self, s => s.outcome(id))
    }
    fn outcomes(&self, application: Option<ApplicationId>) -> Result<Vec<Record<OutcomeId, Outcome>>> {
        each!(self, s => s.outcomes(application))
    }
    fn meta(&self, key: &str) -> Result<Option<String>> {
        each!(self, s => s.meta(key))
    }
    fn holidays(&self) -> Result<Vec<Holiday>> {
        each!(self, s => s.holidays())
    }
    fn task_states(&self) -> Result<HashMap<TaskId, TaskState>> {
        each!(self, s => s.task_states())
    }
    fn exported_events(&self) -> Result<Vec<ExportedEvent>> {
        each!(self, s => s.exported_events())
    }
    fn notifications(&self, day: Date) -> Result<Vec<Notification>> {
        each!(self, s => s.notifications(day))
    }
    fn facts(&self, closed_since: Date) -> Result<Facts> {
        each!(self, s => s.facts(closed_since))
    }
}

/// The user's own words and templates: files beside the local settings,
/// or the signed-in user's rows on the server.
pub enum AnyProfile<'a> {
    Local(LocalProfile<'a>),
    Server(&'a PgStore),
}

macro_rules! each_profile {
    ($profile:expr, $p:ident => $call:expr) => {
        match $profile {
            AnyProfile::Local($p) => $call,
            AnyProfile::Server($p) => $call,
        }
    };
}

impl Profile for AnyProfile<'_> {
    fn words(&self) -> Result<Vec<String>> {
        each_profile!(self, p => p.words())
    }
    fn add_words(&self, words: &[String]) -> Result<Vec<String>> {
        each_profile!(self, p => p.add_words(words))
    }
    fn remove_words(&self, words: &[String]) -> Result<Vec<String>> {
        each_profile!(self, p => p.remove_words(words))
    }
    fn template(&self, kind: MessageKind) -> Result<Option<OwnTemplate>> {
        each_profile!(self, p => p.template(kind))
    }
    fn set_template(&self, kind: MessageKind, text: Option<&str>) -> Result<()> {
        each_profile!(self, p => p.set_template(kind, text))
    }
}

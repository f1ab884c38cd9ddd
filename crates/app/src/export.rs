//! Letting the data leave in the formats the rest of a job seeker's tools
//! read: the applications as a spreadsheet the importer reads back, the
//! people as contacts (which is how T9, "save the interviewers to your
//! contacts", gets done), and the proof-of-applications report an
//! unemployment office asks for. The writers are pure, in
//! `afterview_core::export`; these use cases load what they need and, for
//! the contacts, record what the export did. The whole-folder snapshot is
//! [`crate::snapshot`].

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

use afterview_core::export::report::{self, Report, Source};
use afterview_core::export::{csv, vcard};
use afterview_core::ids::{ApplicationId, PersonId};
use afterview_core::kinds::Stage;
use afterview_core::model::{Person, TaskState};
use afterview_core::plan::{TaskId, TaskKind};
use afterview_core::settings::Settings;
use afterview_store::{Store, Tx};
use jiff::civil::Date;
use serde::Serialize;

use crate::agenda::{self, planned_tasks};
use crate::error::{Error, Result};

/// The `meta` key of the data folder's own id, which makes the contacts'
/// UIDs (and is kept in a snapshot, so a restored folder keeps them).
pub const FOLDER_ID_KEY: &str = "folder_id";

/// Every application as one CSV row (see [`csv`]): its record, where it
/// stands on `today`, its latest interview stage, last contact and next task.
pub fn applications_csv(store: &impl Store, settings: &Settings, today: Date) -> Result<String> {
    let rows = agenda::applications(store, settings, today, None)?;
    let people: HashMap<PersonId, Person> = store.people()?.into_iter().map(|p| (p.id, p.value)).collect();
    let mut contact: HashMap<ApplicationId, (bool, PersonId)> = HashMap::new();
    for i in store.involvements(None)? {
        // A recruiter is the one to write to; else the first person on it.
        let this = (!i.role.is_recruiter(), i.person);
        contact.entry(i.application).and_modify(|c| *c = (*c).min(this)).or_insert(this);
    }
    let mut stage: HashMap<ApplicationId, (jiff::Timestamp, Stage, Date)> = HashMap::new();
    for iv in store.interviews(None)? {
        let this = (iv.value.start.timestamp(), iv.value.stage, iv.value.day());
        stage.entry(iv.value.application).and_modify(|s| *s = (*s).max(this)).or_insert(this);
    }
    // From every message: the agenda's rows leave out applications closed long ago.
    let mut last: HashMap<ApplicationId, Date> = HashMap::new();
    for m in store.messages(None)? {
        last.entry(m.value.application).and_modify(|d| *d = (*d).max(m.value.date)).or_insert(m.value.date);
    }
    let out: Vec<csv::Row<'_>> = rows
        .iter()
        .map(|r| {
            let id = r.application.id;
            csv::Row {
                application: &r.application.value,
                contact: contact.get(&id).and_then(|(_, p)| people.get(p)),
                standing: r.standing,
                latest_stage: stage.get(&id).map(|(_, s, d)| (*s, *d)),
                last_contact: last.get(&id).copied(),
                next_task: r.next_task.as_ref().map(|t| (t.what.as_str(), t.due)),
            }
        })
        .collect();
    Ok(csv::write(&out))
}

/// The contacts file, and what exporting it ticked off.
#[derive(Debug, Clone, Serialize)]
pub struct ContactsExport {
    /// The vCard 3.0 text.
    #[serde(skip)]
    pub text: String,
    pub people: usize,
    /// The planned "save the interviewers to your contacts" tasks the
    /// file does (marked done by [`tick_saved`]).
    pub ticked: Vec<Ticked>,
}

/// One task the export did.
#[derive(Debug, Clone, Serialize)]
pub struct Ticked {
    pub task: TaskId,
    pub company: String,
}

/// A fresh id for a data folder: 128 bits from the standard library's
/// randomly keyed hasher (seeded by the operating system), which is all an
/// identifier needs; it is not a secret.
fn fresh_folder_id() -> String {
    let mut out = String::new();
    for n in 0..2u8 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u8(n);
        h.write_u128(jiff::Timestamp::now().as_nanosecond() as u128);
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

/// The data folder's id, made (and kept) the first time it is needed.
pub fn folder_id(store: &mut impl Store) -> Result<String> {
    if let Some(id) = store.meta(FOLDER_ID_KEY)? {
        return Ok(id);
    }
    let id = fresh_folder_id();
    store.write(|tx| tx.set_meta(FOLDER_ID_KEY, &id))?;
    Ok(id)
}

/// Every person as a vCard (see [`vcard`]), with the planned T9 tasks
/// ("save the interviewers to your contacts") the file does, for
/// [`tick_saved`] to mark once the file is written. Makes the data
/// folder's id the first time.
pub fn contacts(store: &mut impl Store, settings: &Settings, today: Date) -> Result<ContactsExport> {
    let folder = folder_id(store)?;
    let people = store.people()?;
    let applications = store.applications()?;
    let involvements = store.involvements(None)?;
    let interviews = store.interviews(None)?;
    let ticked = planned_tasks(store, settings, today)?
        .into_iter()
        .filter_map(|i| Some((i.task?, i.company.to_string())))
        .filter(|(t, _)| t.kind() == TaskKind::SaveContacts)
        .map(|(task, company)| Ticked { task, company })
        .collect();
    let book = vcard::Book {
        folder: &folder,
        people: &people,
        applications: &applications,
        involvements: &involvements,
        interviews: &interviews,
    };
    Ok(ContactsExport { text: vcard::write(&book), people: people.len(), ticked })
}

/// Marks the tasks a contacts export did as done on `today`, in one transaction.
pub fn tick_saved(store: &mut impl Store, today: Date, done: &[Ticked]) -> Result<()> {
    if done.is_empty() {
        return Ok(());
    }
    store.write(|tx| {
        done.iter().try_for_each(|t| tx.set_task_state(&t.task, TaskState::Done { on: today }))
    })?;
    Ok(())
}

/// The proof-of-applications report of `from..=to`, under the user's name.
pub fn report(store: &impl Store, settings: &Settings, from: Date, to: Date) -> Result<Report> {
    if from > to {
        return Err(Error::invalid_with_fix(
            "from",
            format!("{from} is after the end of the period ({to})"),
            "give the first day of the period with --from and the last with --to",
        ));
    }
    let applications = store.applications()?;
    let people = store.people()?;
    let interviews = store.interviews(None)?;
    let messages = store.messages(None)?;
    let outcomes = store.outcomes(None)?;
    let source = Source {
        applications: &applications,
        people: &people,
        interviews: &interviews,
        messages: &messages,
        outcomes: &outcomes,
    };
    Ok(report::build(&source, &settings.user.name, from, to))
}

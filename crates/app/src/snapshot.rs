//! The whole data folder as one JSON document (`afterview_core::export::snapshot`,
//! documented in `docs/snapshot.md`): taken from a store and a profile, and
//! restored into an **empty** data folder only, in one transaction, every
//! record under the id it had (task ids such as `thank-you:a1:p1` refer to
//! them), so export → restore → export gives the same bytes.
//!
//! A snapshot is a backup: it holds the calendar feed's secret too, so a
//! restored folder's subscriptions keep working. Keep it as private as the
//! data folder.

use std::path::PathBuf;

use afterview_core::export::snapshot::{self, ClosureDay, Exported, Snapshot, TaskMark, Template};
use afterview_core::kinds::MessageKind;
use afterview_store::{Profile, Store, Tx};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::local::{Local, Paths, paths, settings_file, words_file};

/// The meta keys that are the user's data, and so go in a snapshot: the
/// demo mark (so a restored demo is still known as one), the calendar
/// feed's secret and the data folder's id (the contacts' UIDs).
pub const META_KEYS: &[&str] = &["demo", "feed_secret", crate::export::FOLDER_ID_KEY];

/// Everything the store and the profile hold, with the settings file's
/// text as given, sorted as the format says.
pub fn take(store: &impl Store, profile: &impl Profile, settings: Option<String>) -> Result<Snapshot> {
    let mut s = Snapshot::empty();
    s.applications = store.applications()?;
    s.people = store.people()?;
    s.involvements = store.involvements(None)?;
    s.interviews = store.interviews(None)?;
    s.messages = store.messages(None)?;
    s.outcomes = store.outcomes(None)?;
    s.task_states = store.task_states()?.into_iter().map(|(task, state)| TaskMark { task, state }).collect();
    s.closure_days = store.holidays()?.iter().map(ClosureDay::from).collect();
    s.exported_events = store.exported_events()?.iter().map(Exported::from).collect();
    for key in META_KEYS {
        if let Some(v) = store.meta(key)? {
            s.meta.insert((*key).to_owned(), v);
        }
    }
    s.settings = settings;
    s.words = profile.words()?;
    for kind in MessageKind::ALL {
        if let Some(t) = profile.template(*kind)? {
            s.templates.push(Template { kind: *kind, text: t.text });
        }
    }
    s.sort();
    Ok(s)
}

/// What a restore put back.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Restored {
    pub applications: usize,
    pub people: usize,
    pub interviews: usize,
    pub messages: usize,
    pub outcomes: usize,
    pub task_states: usize,
    pub closure_days: usize,
    /// The settings file, the word list and templates written.
    pub files: Vec<PathBuf>,
}

/// Whether the store holds anything at all a snapshot would bring.
fn store_is_empty(store: &impl Store) -> Result<bool> {
    Ok(store.application_count()? == 0
        && store.people()?.is_empty()
        && store.task_states()?.is_empty()
        && store.holidays()?.is_empty()
        && store.exported_events()?.is_empty()
        && META_KEYS
            .iter()
            .map(|k| store.meta(k))
            .collect::<Result<Vec<_>, _>>()?
            .iter()
            .all(Option::is_none))
}

fn not_empty(what: &str) -> Error {
    Error::refused(format!(
        "{what} already holds data, and a snapshot is restored into an empty data folder only; \
         nothing was changed. Restore it into a new folder (AFTERVIEW_HOME=/path/to/new/folder \
         afterview import json FILE), or move the data folder away first"
    ))
}

/// Restores the records of `s` into `store` in one transaction; `files`
/// runs last inside it (writing the profile's files), so when it fails
/// nothing is recorded. Refused unless the store is empty.
pub fn restore(
    store: &mut impl Store,
    s: &Snapshot,
    files: impl FnOnce() -> Result<Vec<PathBuf>>,
) -> Result<Restored> {
    // Whatever the files fail with is a value that cannot be restored.
    restore_with(store, s, |_| files().map_err(Error::invalid_input))
}

/// [`restore`], where what runs last inside the transaction is given the
/// transaction itself: a server writes the snapshot's words, templates and
/// settings text through it, so they land with the records or not at all.
pub fn restore_with<S: Store>(
    store: &mut S,
    s: &Snapshot,
    last: impl FnOnce(&mut S::Tx<'_>) -> Result<Vec<PathBuf>>,
) -> Result<Restored> {
    if let Some(key) = s.meta.keys().find(|k| !META_KEYS.contains(&k.as_str())) {
        return Err(Error::invalid_input(format!(
            "the snapshot's meta holds \"{key}\", which this afterview does not know (it knows {}); \
             restore an unchanged snapshot",
            META_KEYS.join(", ")
        )));
    }
    if !store_is_empty(store)? {
        return Err(not_empty("the database"));
    }
    let mut last = Some(last);
    let mut written = Vec::new();
    store.write(|tx| {
        for a in &s.applications {
            tx.insert_application(a.id, &a.value)?;
        }
        for p in &s.people {
            tx.insert_person(p.id, &p.value)?;
        }
        // Parts before interviews, so an interviewer's recorded part stays.
        for i in &s.involvements {
            tx.involve(i.application, i.person, i.role)?;
        }
        for iv in &s.interviews {
            tx.insert_interview(iv.id, &iv.value)?;
        }
        for m in &s.messages {
            tx.insert_message(m.id, &m.value)?;
        }
        for o in &s.outcomes {
            tx.insert_outcome(o.id, &o.value)?;
        }
        for t in &s.task_states {
            tx.set_task_state(&t.task, t.state)?;
        }
        let days: Vec<_> = s
            .closure_days
            .iter()
            .map(|d| afterview_core::calendar::Holiday { date: d.date, name: d.name.clone() })
            .collect();
        if !days.is_empty() {
            tx.add_holidays(&days, "afterview snapshot")?;
        }
        let events: Vec<_> = s.exported_events.iter().filter_map(Exported::to_event).collect();
        if !events.is_empty() {
            tx.set_exported_events(&events)?;
        }
        for (k, v) in &s.meta {
            tx.set_meta(k, v)?;
        }
        if let Some(f) = last.take() {
            written = f(tx).map_err(|e| match e {
                Error::Storage(e) => e,
                other => afterview_store::Error::Invalid { reason: other.to_string() },
            })?;
        }
        Ok(())
    })?;
    Ok(Restored {
        applications: s.applications.len(),
        people: s.people.len(),
        interviews: s.interviews.len(),
        messages: s.messages.len(),
        outcomes: s.outcomes.len(),
        task_states: s.task_states.len(),
        closure_days: s.closure_days.len(),
        files: written,
    })
}

/// The snapshot of the local installation: its database, settings file,
/// word list and templates, as JSON.
pub fn export_local(local: &Local) -> Result<String> {
    Ok(take_local(local)?.to_json())
}

/// The snapshot of the local installation (see [`export_local`]).
pub fn take_local(local: &Local) -> Result<Snapshot> {
    let store = local.open_store()?;
    let settings = match std::fs::read_to_string(&local.paths.config_file) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::Storage(afterview_store::Error::io(&local.paths.config_file, e))),
    };
    take(&store, &local.profile(), settings)
}

fn bad_snapshot(e: snapshot::SnapshotError) -> Error {
    Error::Invalid { field: None, problem: e.to_string(), fix: Some("nothing was restored".into()) }
}

/// Whether `path` may be written with `want` (the snapshot's text, or
/// `None` when the snapshot has no such file): a file already there must
/// hold exactly that text. Adds what is missing to `to_write`.
fn check_file(path: PathBuf, want: Option<String>, to_write: &mut Vec<(PathBuf, String)>) -> Result<()> {
    match (std::fs::read_to_string(&path), want) {
        (Ok(there), Some(want)) if there == want => Ok(()),
        (Ok(_), _) => Err(not_empty(&path.display().to_string())),
        (Err(e), Some(want)) if e.kind() == std::io::ErrorKind::NotFound => {
            to_write.push((path, want));
            Ok(())
        }
        (Err(e), None) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        (Err(e), _) => Err(Error::Storage(afterview_store::Error::io(&path, e))),
    }
}

/// Restores a snapshot's bytes into the local installation, which must be
/// empty: no record in the database, and no settings file, word list or
/// template (one with exactly the snapshot's text may be there already).
/// The database is written in one transaction and the files inside it, so
/// a failure anywhere leaves the folder as it was.
pub fn import_local(paths: &Paths, bytes: &[u8]) -> Result<Restored> {
    let s = snapshot::parse(bytes).map_err(bad_snapshot)?;
    if let Some(text) = &s.settings {
        // A settings file that cannot be loaded would stop every command.
        settings_file::load_from(Some(text), &paths.config_file, |_| None).map_err(|e| {
            Error::invalid_input(format!(
                "the snapshot's settings cannot be used ({e}); nothing was restored"
            ))
        })?;
    }
    let local = Local { paths: paths.clone(), settings: Default::default() };
    let mut to_write = Vec::new();
    check_file(paths.config_file.clone(), s.settings.clone(), &mut to_write)?;
    let words = words_file::path(paths);
    let want = (!s.words.is_empty()).then(|| words_file::text(&s.words));
    if words.exists() && words_file::load(paths)?.is_empty() {
        // A word list with no words in it (only its comment) is empty.
        to_write.extend(want.map(|w| (words, w)));
    } else {
        check_file(words, want, &mut to_write)?;
    }
    for kind in MessageKind::ALL {
        let want = s.templates.iter().find(|t| t.kind == *kind).map(|t| t.text.clone());
        check_file(local.template_path(*kind), want, &mut to_write)?;
    }
    let mut store = local.open_store()?;
    let mut created: Vec<PathBuf> = Vec::new();
    let result = restore(&mut store, &s, || {
        for (path, text) in &to_write {
            if let Some(dir) = path.parent() {
                paths::create_private_dir(dir)?;
            }
            paths::write_atomically(path, text)?;
            created.push(path.clone());
        }
        Ok(created.clone())
    });
    if result.is_err() {
        // The transaction rolled back: take back the files it wrote.
        for path in &created {
            let _ = std::fs::remove_file(path);
        }
    }
    result
}

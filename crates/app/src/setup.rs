//! Getting started and looking after an installation: the demo data set,
//! which never mixes into real data, and the settings.

use afterview_core::agenda::{self, closed_since};
use afterview_core::demo::{showcase, synthetic};
use afterview_core::model::TaskState;
use afterview_core::settings::{Secret, Settings, is_secret};
use afterview_store::{Store, Tx};
use jiff::civil::Date;

use crate::error::{Error, Kind, Result};
use crate::local::{Paths, settings_file};

/// The `meta` key that marks a store as holding only demo data.
const DEMO_MARK: &str = "demo";

/// Which demo to load.
#[derive(Debug, Clone, Copy)]
pub enum Demo {
    /// The hand-written showcase: eight realistic applications.
    Showcase,
    /// N synthetic applications, for benchmarks.
    Synthetic(usize),
}

/// Loads a demo anchored on `today`, replacing an earlier demo. A store
/// with applications of the user's own is refused untouched. Returns how
/// many applications were loaded.
pub fn load_demo(store: &mut impl Store, settings: &Settings, today: Date, demo: Demo) -> Result<usize> {
    let bundles = match demo {
        Demo::Synthetic(n) => synthetic(n, today),
        Demo::Showcase => showcase(today),
    };
    let existing = store.application_count()?;
    let is_demo = store.meta(DEMO_MARK)?.is_some();
    if existing > 0 && !is_demo {
        return Err(Error::refused(format!(
            "already holds {existing} application{} of your own; the demo will not mix into real data",
            if existing == 1 { "" } else { "s" }
        )));
    }
    // One transaction: a crash part-way leaves the store as it was, never a
    // demo without its "kept up" marks (thousands of overdue chores).
    store.write(|tx| {
        if is_demo {
            tx.clear_all()?;
        }
        for b in &bundles {
            tx.import_bundle(b)?;
        }
        tx.set_meta(DEMO_MARK, &today.to_string())?;
        // The demo user has kept up: what fell due before yesterday is done.
        // The same holds for synthetic data, so that benchmarks measure a
        // store like a real user's rather than one where nothing was ever
        // ticked off.
        let facts = tx.facts(closed_since(today))?;
        let yesterday = today.yesterday().unwrap_or(today);
        let kept_up: Vec<_> = agenda::build(&facts, settings, today)
            .overdue
            .into_iter()
            .filter(|i| i.latest < yesterday)
            .filter_map(|i| i.task)
            .collect();
        kept_up.iter().try_for_each(|id| tx.set_task_state(id, TaskState::Done { on: yesterday }))
    })?;
    Ok(bundles.len())
}

/// One setting's effective value, as text.
pub fn config_get(paths: &Paths, key: &str) -> Result<String> {
    let loaded = settings_file::load(paths)?;
    match loaded.values.get(key) {
        Some((value, _)) => Ok(shown(key, value)),
        None => {
            let near = afterview_core::suggest::closest(key, loaded.values.keys().map(String::as_str));
            let hint = near.map(|n| format!(" (did you mean \"{n}\"?)")).unwrap_or_default();
            Err(Error::NotFound { kind: Kind::Setting, id: format!("\"{key}\"{hint}") })
        }
    }
}

/// One setting as `config list` shows it.
#[derive(Debug, Clone)]
pub struct SettingRow {
    pub key: String,
    /// The value as text.
    pub value: String,
    /// Where it came from: default, file, or an environment variable.
    pub source: String,
    /// What it is for, in a sentence.
    pub about: Option<String>,
}

/// The effective settings, and every key with its value and source;
/// secrets (passwords, tokens) only as "(set)" or "(unset)".
pub fn config_list(paths: &Paths) -> Result<(Settings, Vec<SettingRow>)> {
    Ok(listing(settings_file::load(paths)?, |source| source.to_string()))
}

/// Loaded settings as a listing, each source worded by `source`.
pub(crate) fn listing(
    loaded: settings_file::Loaded,
    source: impl Fn(&settings_file::Source) -> String,
) -> (Settings, Vec<SettingRow>) {
    let rows = loaded
        .values
        .iter()
        .map(|(k, (v, from))| SettingRow {
            key: k.clone(),
            value: shown(k, v),
            source: source(from),
            about: settings_file::about(k),
        })
        .collect();
    let mut settings = loaded.settings;
    // A listing, even as JSON, says only whether a secret is set.
    for secret in [&mut settings.notify.smtp_password, &mut settings.notify.ntfy_token] {
        *secret = Secret::new(secret.shown());
    }
    (settings, rows)
}

/// A value as every listing shows it: a secret only as "(set)" or "(unset)".
fn shown(key: &str, value: &toml::Value) -> String {
    if is_secret(key) {
        let set = value.as_str().is_some_and(|s| !s.is_empty());
        Secret::new(if set { "x" } else { "" }).shown().to_owned()
    } else {
        settings_file::display_value(value)
    }
}

/// Sets one key in the settings file; a bad value changes nothing.
/// Returns the environment variable that would override it, when set.
pub fn config_set(paths: &Paths, key: &str, value: &str) -> Result<Option<String>> {
    settings_file::set(paths, key, value)?;
    let var = settings_file::env_var(key);
    Ok(std::env::var_os(&var).is_some().then_some(var))
}

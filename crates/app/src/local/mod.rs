//! The single-user installation on this computer: where its files are
//! ([`paths`]), its settings file ([`settings_file`]), the word list
//! ([`words_file`]) and own templates beside it, and the SQLite database in
//! the data folder, with its daily [`backups`]. Every front end that runs on the user's own machine (the
//! CLI, the local web app) starts from a [`Local`].

pub mod backups;
pub mod paths;
pub mod settings_file;
pub mod timer;
pub mod words_file;

use std::path::{Path, PathBuf};

use afterview_core::kinds::MessageKind;
use afterview_core::settings::Settings;
use afterview_sqlite::SqliteStore;
use afterview_store::{OwnTemplate, Profile};
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::error::{Error, Result};
pub use paths::{Paths, write_atomically, write_private};

/// One user's installation: their files and effective settings.
#[derive(Debug, Clone)]
pub struct Local {
    pub paths: Paths,
    pub settings: Settings,
}

impl Local {
    /// From `AFTERVIEW_HOME` or the platform's folders, with the settings
    /// loaded (defaults → file → environment).
    pub fn load() -> Result<Self> {
        Self::at(Paths::from_env()?)
    }

    pub fn at(paths: Paths) -> Result<Self> {
        let settings = settings_file::load(&paths)?.settings;
        Ok(Self { paths, settings })
    }

    /// Opens (creating when needed) the database in the data folder, and
    /// makes the day's backup before anything can be changed (see
    /// [`backups`]). A database that fails the backup's quick check is
    /// refused ([`afterview_store::Error::Damaged`]); a backup that cannot
    /// be written (a full disk) does not stop the command, and `doctor`
    /// shows the day of the newest one.
    pub fn open_store(&self) -> Result<SqliteStore> {
        paths::create_private_dir(&self.paths.data_dir)?;
        let store = SqliteStore::open(&self.paths.database())?;
        if store.read_only().is_none() {
            let made = backups::daily(&store, &self.paths, self.today(None));
            if let Err(e @ Error::Storage(afterview_store::Error::Damaged { .. })) = made {
                return Err(e);
            }
        }
        Ok(store)
    }

    /// The user's own time zone: the setting, else the computer's.
    pub fn zone(&self) -> TimeZone {
        user_zone(&self.settings)
    }

    /// Today in the user's time zone, unless a day was given.
    pub fn today(&self, given: Option<Date>) -> Date {
        given.unwrap_or_else(|| jiff::Timestamp::now().to_zoned(self.zone()).date())
    }

    /// The folder of the user's own draft templates (`KIND.txt`).
    pub fn templates_dir(&self) -> PathBuf {
        self.paths.config_file.with_file_name("templates")
    }

    /// Where the user's own template of a kind goes.
    pub fn template_path(&self, kind: MessageKind) -> PathBuf {
        self.templates_dir().join(format!("{kind}.txt"))
    }

    /// The words and templates kept in the settings folder.
    pub fn profile(&self) -> LocalProfile<'_> {
        LocalProfile { local: self }
    }

    /// A consistent copy of the database at `dest`, which must not exist.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(Error::invalid_input(format!(
                "{} already exists; afterview will not overwrite it. Choose a new file name.",
                dest.display()
            )));
        }
        Ok(self.open_store()?.backup(dest)?)
    }
}

/// The user's time zone from the settings; empty means the computer's.
/// The zone's rules always come from the database built into afterview.
pub fn user_zone(settings: &Settings) -> TimeZone {
    match settings.user.time_zone.as_str() {
        "" => TimeZone::system(),
        name => TimeZone::get(name).unwrap_or_else(|_| TimeZone::system()),
    }
}

/// [`Profile`] over the files beside the settings file.
pub struct LocalProfile<'a> {
    local: &'a Local,
}

fn profile_error(e: Error) -> afterview_store::Error {
    match e {
        Error::Storage(s) => s,
        other => afterview_store::Error::Invalid { reason: other.to_string() },
    }
}

impl Profile for LocalProfile<'_> {
    fn words(&self) -> afterview_store::Result<Vec<String>> {
        words_file::load(&self.local.paths).map_err(profile_error)
    }

    fn add_words(&self, words: &[String]) -> afterview_store::Result<Vec<String>> {
        words_file::add(&self.local.paths, words).map_err(profile_error)
    }

    fn remove_words(&self, words: &[String]) -> afterview_store::Result<Vec<String>> {
        words_file::remove(&self.local.paths, words).map_err(profile_error)
    }

    fn template(&self, kind: MessageKind) -> afterview_store::Result<Option<OwnTemplate>> {
        let path = self.local.template_path(kind);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some(OwnTemplate { source: path.display().to_string(), text })),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(afterview_store::Error::io(path, e)),
        }
    }

    fn set_template(&self, kind: MessageKind, text: Option<&str>) -> afterview_store::Result<()> {
        let path = self.local.template_path(kind);
        match text {
            Some(text) => {
                paths::create_private_dir(&self.local.templates_dir()).map_err(profile_error)?;
                write_atomically(&path, text).map_err(profile_error)
            }
            None => match std::fs::remove_file(&path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(e) => Err(afterview_store::Error::io(path, e)),
            },
        }
    }
}

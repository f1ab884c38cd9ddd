//! What every command that touches the user's data needs: where the files
//! are, the effective settings, the store and the user's "today".

use afterview_core::settings::Settings;
use afterview_store::{Paths, Store, settings_file};
use anyhow::{Context as _, Result};
use jiff::civil::Date;
use jiff::tz::TimeZone;

pub struct Ctx {
    pub paths: Paths,
    pub settings: Settings,
}

impl Ctx {
    pub fn load() -> Result<Self> {
        let paths = Paths::from_env()?;
        let settings = settings_file::load(&paths)?.settings;
        Ok(Self { paths, settings })
    }

    pub fn store(&self) -> Result<Store> {
        Store::open(&self.paths).with_context(|| format!("cannot open {}", self.paths.database().display()))
    }

    /// The user's own time zone: the setting, else the computer's.
    pub fn zone(&self) -> TimeZone {
        user_zone(&self.settings)
    }

    /// Today in the user's time zone, unless a command was given a day.
    pub fn today(&self, given: Option<Date>) -> Date {
        given.unwrap_or_else(|| jiff::Timestamp::now().to_zoned(self.zone()).date())
    }
}

pub fn user_zone(settings: &Settings) -> TimeZone {
    match settings.user.time_zone.as_str() {
        "" => TimeZone::system(),
        name => TimeZone::get(name).unwrap_or_else(|_| TimeZone::system()),
    }
}

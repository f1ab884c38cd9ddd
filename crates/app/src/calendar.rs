//! Dates: reading what an employer said (`when`, stateless: it never reads
//! the data) and the closure days a user imports on top of their region's
//! public holidays.

use afterview_core::calendar::{Calendar, Holiday, Region, long_day, short_day};
use afterview_core::ics::parse_holidays;
use afterview_core::settings::Settings;
use afterview_core::timeline::{self, ContactChannel, Context, Reading, ReadingKind};
use afterview_store::{Store, Tx};
use jiff::civil::Date;
use serde::Serialize;

use crate::error::{Error, Result};

/// Reads a phrase about next steps, said on `from`, on the business days of
/// `region` (default: the user's).
pub fn when(settings: &Settings, phrase: &str, from: Date, region: Option<Region>) -> Reading {
    let calendar = Calendar::new(region.unwrap_or_else(|| settings.region()));
    timeline::read(phrase, from, Context { calendar: &calendar, date_order: settings.calendar.date_order })
}

/// One line that says what was read and what it means, quoting the words
/// read: "decision expected between Fri 4 Dec and Fri 11 Dec 2026 (…)".
pub fn describe(phrase: &str, from: Date, reading: &Reading) -> String {
    let read =
        reading.span.clone().and_then(|s| phrase.get(s)).map(|s| format!("\"{s}\" ")).unwrap_or_default();
    let origin = format!("({read}from {})", short_day(from));
    match (reading.kind, reading.earliest, reading.latest, reading.date) {
        (ReadingKind::Decision, Some(a), Some(b), _) => {
            let tomorrow = from.tomorrow().unwrap_or(from);
            if a == b {
                format!("decision expected on {} {origin}", long_day(b))
            } else if a <= tomorrow {
                format!("decision expected by {} {origin}", long_day(b))
            } else {
                format!("decision expected between {} and {} {origin}", short_day(a), long_day(b))
            }
        }
        (ReadingKind::Contact, _, _, Some(d)) => {
            let how = match reading.channel {
                Some(ContactChannel::Call) => "call them",
                Some(ContactChannel::Email) => "email them",
                _ => "get in touch",
            };
            format!("{how} on {} {origin}", long_day(d))
        }
        _ => format!(
            "no date in that ({}): afterview will plan a status check a week after the interview",
            if phrase.trim().is_empty() {
                "it is empty".to_owned()
            } else {
                format!("\"{}\"", phrase.trim())
            }
        ),
    }
}

/// What an import of closure days did.
#[derive(Debug)]
pub struct HolidaysImported {
    pub days: usize,
    /// How many were not known before.
    pub new: usize,
    pub first: Date,
    pub last: Date,
}

/// Imports closure days from an iCalendar file's text; `source` names it.
/// A file that cannot be read changes nothing.
pub fn import_holidays(store: &mut impl Store, ics: &[u8], source: &str) -> Result<HolidaysImported> {
    let text = std::str::from_utf8(ics).map_err(|_| {
        Error::refused(format!("{source} is not a text file, so not an iCalendar file; nothing was imported"))
    })?;
    let days =
        parse_holidays(text).map_err(|e| Error::refused(format!("{source}: {e}; nothing was imported")))?;
    // The reader refuses a calendar without events, so both ends exist;
    // they are taken before anything is written all the same.
    let (Some(first), Some(last)) = (days.first().map(|h| h.date), days.last().map(|h| h.date)) else {
        return Err(Error::refused(format!("{source} holds no closure days; nothing was imported")));
    };
    let new = store.write(|tx| tx.add_holidays(&days, source))?;
    Ok(HolidaysImported { days: days.len(), new, first, last })
}

/// A holiday and where it comes from.
#[derive(Debug, Serialize)]
pub struct ListedHoliday {
    pub date: Date,
    pub name: String,
    /// "region" (a public holiday of the region) or "imported".
    pub source: &'static str,
}

/// The region's public holidays and the imported closure days of a year.
pub fn holidays(store: &impl Store, settings: &Settings, year: i16) -> Result<Vec<ListedHoliday>> {
    let mut rows: Vec<ListedHoliday> = Calendar::new(settings.region())
        .holidays_in(year)
        .into_iter()
        .map(|Holiday { date, name }| ListedHoliday { date, name, source: "region" })
        .collect();
    rows.extend(
        store
            .holidays()?
            .into_iter()
            .filter(|h| h.date.year() == year)
            .map(|Holiday { date, name }| ListedHoliday { date, name, source: "imported" }),
    );
    rows.sort_by_key(|r| r.date);
    Ok(rows)
}

pub fn remove_holiday(store: &mut impl Store, date: Date) -> Result<()> {
    Ok(store.write(|tx| tx.remove_holiday(date))?)
}

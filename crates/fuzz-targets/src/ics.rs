//! The iCalendar reader behind `afterview holidays import`: an `.ics` file's
//! bytes to closure days, refused whole or read whole. It is afterview's
//! only ICS reader: tasks are only ever written to `.ics`, never read back.

use afterview_core::calendar::{Calendar, Region};
use afterview_core::ics::parse_holidays;

pub fn ics(data: &[u8]) {
    // `import_holidays` refuses a file that is not UTF-8 before reading it.
    let Ok(text) = std::str::from_utf8(data) else { return };
    let days = match parse_holidays(text) {
        Ok(days) => days,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    assert!(!days.is_empty(), "a calendar read has at least one day");
    assert!(days.windows(2).all(|w| w[0].date < w[1].date), "days are sorted, each once");
    assert!(days.iter().all(|d| !d.name.trim().is_empty()), "every day has a name");
    // The days are usable as the calendar's closures.
    let calendar = Calendar::new(Region::US).with_extra(days.iter().map(|d| d.date));
    for d in &days {
        assert!(!calendar.is_business_day(d.date), "{} was imported but is still a business day", d.date);
    }
}

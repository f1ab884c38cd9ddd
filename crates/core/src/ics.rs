//! Reading closure days from an iCalendar (RFC 5545) file: every all-day
//! event (or the days a timed event covers) becomes a holiday, named by its
//! SUMMARY. A file that is not a calendar, or holds no event with a usable
//! date, is refused with a message that says what was wrong.
//!
//! And writing the planned tasks as one: each task an all-day event whose
//! SEQUENCE grows with each change of it, and a task done, skipped or gone
//! since the last export a cancelled event, so a calendar that imports the
//! new file updates or drops what it holds ([`export_tasks`]).

use jiff::ToSpan;
use jiff::civil::Date;

use crate::agenda::Item;
use crate::calendar::Holiday;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IcsError {
    #[error(
        "this is not an iCalendar file: it should start with BEGIN:VCALENDAR (export the calendar as .ics)"
    )]
    NotACalendar,
    #[error("the calendar cannot be read: {0}")]
    Malformed(String),
    #[error("the calendar holds no events with a date (DTSTART), so there is nothing to import")]
    NoEvents,
    #[error("event \"{summary}\" has a start date afterview cannot read: {value:?}")]
    BadDate { summary: String, value: String },
    #[error("this is afterview's own task export, not a list of days the employer is closed")]
    OwnExport,
    #[error("event \"{summary}\" ends ({end}) before it starts ({start}); fix the event in your calendar")]
    EndsBeforeStart { summary: String, start: Date, end: Date },
    #[error(
        "event \"{summary}\" repeats (RRULE); export the closure days as single events, one per day or span"
    )]
    Repeats { summary: String },
}

/// An event longer than this is not a closure day but a mistake (or a
/// recurring series), and is refused rather than flooding the calendar.
const MAX_EVENT_DAYS: i32 = 31;

/// Real calendars nest a few parts deep (VCALENDAR > VEVENT > VALARM). The
/// parser recurses once a level, so a file nested deeper is refused before
/// it can overflow the stack (found by fuzzing).
const MAX_NESTING: usize = 16;

/// How deep the file's BEGIN/END parts nest, counted generously: any case,
/// and an END closes only the part it names.
fn nesting(text: &str) -> usize {
    let mut open: Vec<&str> = Vec::new();
    let mut deepest = 0;
    for line in text.lines().map(str::trim) {
        let (key, name) = line.split_once(':').unwrap_or((line, ""));
        if key.eq_ignore_ascii_case("BEGIN") {
            open.push(name.trim());
            deepest = deepest.max(open.len());
        } else if key.eq_ignore_ascii_case("END")
            && open.last().is_some_and(|top| top.eq_ignore_ascii_case(name.trim()))
        {
            open.pop();
        }
    }
    deepest
}

fn ics_date(value: &str) -> Option<Date> {
    let digits = value.get(..8)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i16 = digits[..4].parse().ok()?;
    let month: i8 = digits[4..6].parse().ok()?;
    let day: i8 = digits[6..8].parse().ok()?;
    Date::new(year, month, day).ok()
}

/// The holidays in an `.ics` file's text.
pub fn parse_holidays(text: &str) -> Result<Vec<Holiday>, IcsError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if !trimmed.get(..15).is_some_and(|s| s.eq_ignore_ascii_case("BEGIN:VCALENDAR")) {
        return Err(IcsError::NotACalendar);
    }
    let unfolded = icalendar::parser::unfold(trimmed);
    if nesting(&unfolded) > MAX_NESTING {
        return Err(IcsError::Malformed(format!(
            "its parts (BEGIN: … END:) are nested more than {MAX_NESTING} deep; export the calendar again"
        )));
    }
    let calendar = icalendar::parser::read_calendar(&unfolded).map_err(|e| {
        let first_line = e.lines().find(|l| !l.trim().is_empty() && !l.starts_with("error:")).unwrap_or(&e);
        IcsError::Malformed(first_line.trim().to_owned())
    })?;
    // What afterview exports is tasks, not closures: importing it would
    // turn every follow-up day into a day off.
    // Its events' UIDs are task ids "@afterview".
    let own = calendar
        .components
        .iter()
        .any(|c| c.find_prop("UID").is_some_and(|uid| uid.val.as_str().trim().ends_with("@afterview")));
    if own {
        return Err(IcsError::OwnExport);
    }
    let mut out = Vec::new();
    for event in calendar.components.iter().filter(|c| c.name.as_str().eq_ignore_ascii_case("VEVENT")) {
        let summary = event
            .find_prop("SUMMARY")
            .map(|p| p.val.as_str().replace("\\,", ",").replace("\\;", ";"))
            // An empty SUMMARY would list as a day with no name.
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| "Closure day".to_owned());
        let Some(start) = event.find_prop("DTSTART") else { continue };
        let start_value = start.val.as_str();
        let first = ics_date(start_value)
            .ok_or_else(|| IcsError::BadDate { summary: summary.clone(), value: start_value.to_owned() })?;
        let all_day = !start_value.contains('T');
        if event.find_prop("RRULE").is_some() {
            return Err(IcsError::Repeats { summary });
        }
        // DTEND is exclusive for all-day events; a timed event covers its end day.
        let last = match event.find_prop("DTEND").and_then(|p| ics_date(p.val.as_str())) {
            Some(end) if end < first => return Err(IcsError::EndsBeforeStart { summary, start: first, end }),
            Some(end) if all_day && end > first => end.yesterday().unwrap_or(first),
            Some(end) => end,
            None => first,
        };
        if last > first.saturating_add(MAX_EVENT_DAYS.days()) {
            return Err(IcsError::Malformed(format!(
                "event \"{summary}\" lasts more than {MAX_EVENT_DAYS} days ({first} to {last}); import closure days one by one"
            )));
        }
        let mut day = first;
        while day <= last {
            out.push(Holiday { date: day, name: summary.clone() });
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
    }
    if out.is_empty() {
        return Err(IcsError::NoEvents);
    }
    out.sort();
    out.dedup_by(|a, b| a.date == b.date);
    Ok(out)
}

fn chrono_date(d: Date) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(i32::from(d.year()), d.month() as u32, d.day() as u32)
}

/// What the last export gave a calendar for one task: enough to tell
/// whether the task changed since, and to cancel it once it is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedEvent {
    /// The task id, which makes the event's UID.
    pub task: String,
    /// A digest of what the event said (day, summary, description).
    pub fingerprint: u64,
    /// The event's SEQUENCE (RFC 5545 §3.8.7.4): 0 at first, one more at
    /// each change.
    pub sequence: u32,
    /// The day the event is on.
    pub day: Date,
    pub summary: String,
    /// Exported as cancelled: the task was done, skipped or dropped.
    pub cancelled: bool,
}

/// A calendar file of the tasks, and what to remember for the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub text: String,
    /// Events for tasks to do.
    pub events: usize,
    /// Cancelled events, for tasks no longer to do.
    pub cancelled: usize,
    /// Every event the file holds, for the next export to compare with.
    pub exported: Vec<ExportedEvent>,
}

/// How long a cancelled event is repeated in later exports after its day,
/// so a calendar that missed an export still learns of it.
const KEEP_CANCELLED_DAYS: i32 = 60;

/// The tasks as an iCalendar file: one all-day event per task on its due
/// day (an overdue task on `today`), with the reason and the draft command
/// in its description and an alarm at 09:00 that day. UIDs come from task
/// ids, so importing a new export updates events instead of adding copies.
/// Against `previous` (what the last export gave): an event that changed
/// gets the next SEQUENCE, and a task exported before and no longer
/// planned (done, skipped, or its application closed) a cancelled event
/// (`STATUS:CANCELLED`, the same UID, the next SEQUENCE). `stamp` (the
/// export time) becomes DTSTAMP.
pub fn export_tasks<'a>(
    items: impl IntoIterator<Item = &'a Item>,
    today: Date,
    stamp: jiff::Timestamp,
    previous: &[ExportedEvent],
) -> Export {
    use icalendar::{Alarm, Calendar, Component, EventLike, EventStatus};
    let before: std::collections::HashMap<&str, &ExportedEvent> =
        previous.iter().map(|e| (e.task.as_str(), e)).collect();
    let mut cal = Calendar::new();
    cal.name("afterview follow-ups");
    let utc = chrono::DateTime::<chrono::Utc>::from_timestamp(stamp.as_second(), 0).unwrap_or_default();
    let event = |task: &str, day: chrono::NaiveDate, summary: &str, sequence: u32| {
        let mut e = icalendar::Event::new();
        e.uid(&format!("{task}@afterview"))
            .summary(summary)
            .all_day(day)
            // All-day DTEND is exclusive (RFC 5545 §3.6.1): the next day.
            .ends(day.succ_opt().unwrap_or(day))
            .timestamp(utc)
            .sequence(sequence);
        e
    };
    let (mut exported, mut events) = (Vec::new(), 0);
    for item in items {
        let Some(id) = &item.task else { continue };
        let on = item.due.max(today);
        let Some(day) = chrono_date(on) else { continue };
        let summary = format!("{}: {}", item.company, item.what);
        let mut description = format!("{}\n\nRules: {}", item.why, crate::kinds::Rule::list(&item.rules));
        if item.latest > item.due {
            description.push_str(&format!("\nAt the latest: {}", crate::calendar::long_day(item.latest)));
        }
        // Only a task that sends a message has a draft.
        if id.kind().message_kind().is_some() {
            description.push_str(&format!("\nDraft it: afterview draft {id}"));
        }
        description.push_str(&format!("\nMark it done: afterview done {id}"));
        let fingerprint = digest(&[&on.to_string(), &summary, &description]);
        let sequence = match before.get(id.as_str()) {
            None => 0,
            Some(e) if e.fingerprint == fingerprint && !e.cancelled => e.sequence,
            Some(e) => e.sequence.saturating_add(1),
        };
        // The alarm's UID is the task's too: the crate's default is random,
        // which would give each export an alarm of its own.
        let mut alarm = Alarm::display(&summary, chrono::Duration::hours(9));
        alarm.uid(&format!("{id}-alarm@afterview"));
        cal.push(event(id.as_str(), day, &summary, sequence).description(&description).alarm(alarm).done());
        events += 1;
        exported.push(ExportedEvent {
            task: id.as_str().to_owned(),
            fingerprint,
            sequence,
            day: on,
            summary,
            cancelled: false,
        });
    }
    // What was exported before and is not planned now: cancelled, once with
    // the next SEQUENCE, then again unchanged until well past its day.
    let planned: std::collections::HashSet<&str> = exported.iter().map(|e| e.task.as_str()).collect();
    let mut gone: Vec<ExportedEvent> = previous
        .iter()
        .filter(|e| !planned.contains(e.task.as_str()))
        .filter(|e| e.day >= today.saturating_sub(KEEP_CANCELLED_DAYS.days()))
        .map(|e| ExportedEvent {
            sequence: if e.cancelled { e.sequence } else { e.sequence.saturating_add(1) },
            cancelled: true,
            ..e.clone()
        })
        .collect();
    gone.sort_by(|a, b| (a.day, &a.task).cmp(&(b.day, &b.task)));
    for e in &gone {
        let Some(day) = chrono_date(e.day) else { continue };
        cal.push(event(&e.task, day, &e.summary, e.sequence).status(EventStatus::Cancelled).done());
    }
    let cancelled = gone.len();
    exported.extend(gone);
    Export { text: cal.done().to_string(), events, cancelled, exported }
}

/// FNV-1a over the parts, each ended by a zero byte: a digest that stays
/// the same from one build to the next (the standard hasher may not).
fn digest(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in parts.iter().flat_map(|p| p.bytes().chain([0])) {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const CAL: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Acme//Closures//EN\r\n\
BEGIN:VEVENT\r\nUID:1@acme\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:20261224\r\nDTEND;VALUE=DATE:20261225\r\nSUMMARY:Office closed\\, Christmas Eve\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:2@acme\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:20261229\r\nDTEND;VALUE=DATE:20261231\r\nSUMMARY:Winter shutdown\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

    #[test]
    fn all_day_events_become_holidays() {
        let days = parse_holidays(CAL).unwrap();
        let dates: Vec<Date> = days.iter().map(|h| h.date).collect();
        assert_eq!(dates, [date(2026, 12, 24), date(2026, 12, 29), date(2026, 12, 30)]);
        assert_eq!(days[0].name, "Office closed, Christmas Eve");
    }

    /// Regression (issue 9): afterview's own task export, an event that
    /// ends before it starts, and a repeating event were all imported.
    #[test]
    fn what_is_not_a_list_of_closure_days_is_refused() {
        let today = date(2026, 11, 20);
        let own =
            export_tasks([&item("thank-you:a1:p1", today)], today, jiff::Timestamp::UNIX_EPOCH, &[]).text;
        assert!(matches!(parse_holidays(&own), Err(IcsError::OwnExport)));
        let backwards = CAL.replace("DTEND;VALUE=DATE:20261225", "DTEND;VALUE=DATE:20261220");
        let e = parse_holidays(&backwards).unwrap_err().to_string();
        assert!(e.contains("ends (2026-12-20) before it starts (2026-12-24)"), "{e}");
        let repeating =
            CAL.replace("SUMMARY:Winter shutdown", "SUMMARY:Winter shutdown\r\nRRULE:FREQ=YEARLY");
        assert!(matches!(parse_holidays(&repeating), Err(IcsError::Repeats { .. })));
    }

    #[test]
    fn folded_lines_and_timed_events() {
        let text = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART:20270104T090000Z\nSUMMARY:Company\n  offsite\nEND:VEVENT\nEND:VCALENDAR\n";
        let days = parse_holidays(text).unwrap();
        assert_eq!(days, [Holiday { date: date(2027, 1, 4), name: "Company offsite".into() }]);
    }

    /// Regression (fuzzing): an event with an empty SUMMARY was imported
    /// as a day without a name.
    #[test]
    fn an_event_without_a_summary_is_a_closure_day() {
        for summary in ["SUMMARY:\r\n", "SUMMARY:  \r\n", ""] {
            let text = CAL.replace("SUMMARY:Winter shutdown\r\n", summary);
            let days = parse_holidays(&text).unwrap();
            assert_eq!(days[1].name, "Closure day", "{summary:?}");
        }
    }

    /// Regression (fuzzing): parts nested thousands deep overflowed the
    /// stack in the parser and aborted the process.
    #[test]
    fn a_calendar_nested_too_deep_is_refused() {
        let deep = format!("BEGIN:VCALENDAR\n{}END:VCALENDAR\n", "BEGIN:VEVENT\n".repeat(100_000));
        let e = parse_holidays(&deep).unwrap_err().to_string();
        assert!(e.contains("nested more than 16 deep"), "{e}");
        let alarm = CAL.replace(
            "END:VEVENT\r\nBEGIN:VEVENT",
            "BEGIN:VALARM\r\nEND:VALARM\r\nEND:VEVENT\r\nBEGIN:VEVENT",
        );
        assert_eq!(parse_holidays(&alarm).unwrap().len(), 3, "an alarm inside an event is fine");
    }

    fn item(task: &str, due: Date) -> Item {
        Item {
            task: Some(task.parse().unwrap()),
            kind: "thank-you",
            application: crate::ids::ApplicationId(1),
            company: "Acme".into(),
            to: Some("Maria Lopez".into()),
            what: "thank-you note to Maria Lopez by email".into(),
            due,
            latest: due.saturating_add(2.days()),
            why: "Thank Maria within 48 hours.".into(),
            rules: vec![crate::kinds::Rule::T2, crate::kinds::Rule::C2],
            call_windows: Vec::new(),
            starts: None,
        }
    }

    #[test]
    fn tasks_export_as_all_day_events_with_stable_uids_and_a_morning_alarm() {
        let stamp: jiff::Timestamp = "2026-11-20T18:00:00Z".parse().unwrap();
        let items =
            [item("thank-you:a1:p1", date(2026, 11, 20)), item("status-check:a1:1", date(2026, 12, 11))];
        let text = export_tasks(&items, date(2026, 11, 20), stamp, &[]).text;
        let unfolded = icalendar::parser::unfold(&text);
        assert!(unfolded.contains("UID:thank-you:a1:p1@afterview"), "{unfolded}");
        assert!(unfolded.contains("DTSTART;VALUE=DATE:20261211"), "{unfolded}");
        assert!(unfolded.contains("SUMMARY:Acme: thank-you note to Maria Lopez by email"));
        assert!(
            unfolded.contains("DTEND;VALUE=DATE:20261212"),
            "an all-day DTEND is the next day:\n{unfolded}"
        );
        assert!(
            unfolded.contains("BEGIN:VALARM") && unfolded.contains("TRIGGER:PT32400S"),
            "09:00:\n{unfolded}"
        );
        assert!(unfolded.contains("afterview draft thank-you:a1:p1"));
        // Saving contacts sends nothing: no draft to offer.
        let save =
            export_tasks(&[item("save-contacts:a1", date(2026, 11, 20))], date(2026, 11, 20), stamp, &[]);
        let save = icalendar::parser::unfold(&save.text);
        assert!(
            !save.contains("afterview draft") && save.contains("afterview done save-contacts:a1"),
            "{save}"
        );
        // The export reads back as a calendar, and a later export keeps the UIDs.
        let parsed = icalendar::parser::read_calendar(&unfolded).unwrap();
        assert_eq!(parsed.components.iter().filter(|c| c.name.as_str() == "VEVENT").count(), 2);
        let later = export_tasks(&items, date(2026, 11, 21), "2026-11-21T18:00:00Z".parse().unwrap(), &[]);
        assert!(icalendar::parser::unfold(&later.text).contains("UID:thank-you:a1:p1@afterview"));
        // An overdue task lands on today.
        let overdue =
            export_tasks(&[item("save-contacts:a1", date(2026, 11, 18))], date(2026, 11, 20), stamp, &[]);
        assert!(icalendar::parser::unfold(&overdue.text).contains("DTSTART;VALUE=DATE:20261120"));
    }

    /// The event of each UID in an export: its SEQUENCE and STATUS.
    fn events(text: &str) -> Vec<(String, u32, Option<String>)> {
        let unfolded = icalendar::parser::unfold(text);
        let cal = icalendar::parser::read_calendar(&unfolded).unwrap();
        cal.components
            .iter()
            .filter(|c| c.name.as_str() == "VEVENT")
            .map(|c| {
                let prop = |name: &str| {
                    c.properties.iter().find(|p| p.name.as_str() == name).map(|p| p.val.to_string())
                };
                (prop("UID").unwrap(), prop("SEQUENCE").unwrap().parse().unwrap(), prop("STATUS"))
            })
            .collect()
    }

    /// Regression (issue 9, item 18): a done task vanished from the export,
    /// so calendars kept it; SEQUENCE was minutes since 1970, the same for
    /// two exports in one minute.
    #[test]
    fn each_change_raises_the_sequence_and_a_task_gone_is_cancelled() {
        let stamp: jiff::Timestamp = "2026-11-20T18:00:00Z".parse().unwrap();
        let today = date(2026, 11, 20);
        let (thanks, check) = (item("thank-you:a1:p1", today), item("status-check:a1:1", date(2026, 12, 11)));
        let first = export_tasks([&thanks, &check], today, stamp, &[]);
        assert_eq!((first.events, first.cancelled), (2, 0));
        assert_eq!(
            events(&first.text),
            [("thank-you:a1:p1@afterview".into(), 0, None), ("status-check:a1:1@afterview".into(), 0, None)]
        );
        // The same tasks a second later: nothing changed, nothing rises.
        let again = export_tasks([&thanks, &check], today, stamp, &first.exported);
        assert_eq!(again.exported, first.exported);
        // The check moved a day: its SEQUENCE rises, the other's stays.
        let moved = Item { due: date(2026, 12, 14), ..check.clone() };
        let second = export_tasks([&thanks, &moved], today, stamp, &first.exported);
        assert_eq!(events(&second.text)[1], ("status-check:a1:1@afterview".into(), 1, None));
        assert_eq!(events(&second.text)[0].1, 0);
        // The thank-you is done: cancelled, same UID, next SEQUENCE.
        let third = export_tasks([&moved], today, stamp, &second.exported);
        assert_eq!((third.events, third.cancelled), (1, 1));
        assert!(
            events(&third.text).contains(&("thank-you:a1:p1@afterview".into(), 1, Some("CANCELLED".into()))),
            "{}",
            third.text
        );
        // Later exports repeat the cancellation unchanged, until long past its day.
        let fourth = export_tasks([&moved], today, stamp, &third.exported);
        assert!(events(&fourth.text).contains(&(
            "thank-you:a1:p1@afterview".into(),
            1,
            Some("CANCELLED".into())
        )));
        let long_after = export_tasks([&moved], date(2027, 2, 1), stamp, &fourth.exported);
        assert_eq!(long_after.cancelled, 0);
        // A task that comes back is live again, with the next SEQUENCE.
        let back = export_tasks([&thanks, &moved], today, stamp, &fourth.exported);
        assert_eq!(events(&back.text)[0], ("thank-you:a1:p1@afterview".into(), 2, None));
    }

    #[test]
    fn what_is_not_a_calendar_is_refused() {
        assert_eq!(parse_holidays("hello"), Err(IcsError::NotACalendar));
        assert_eq!(parse_holidays(""), Err(IcsError::NotACalendar));
        assert_eq!(parse_holidays("BEGIN:VCALENDAR\nEND:VCALENDAR\n"), Err(IcsError::NoEvents));
        assert!(matches!(
            parse_holidays("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:tomorrow\nEND:VEVENT\nEND:VCALENDAR\n"),
            Err(IcsError::BadDate { .. })
        ));
        assert!(parse_holidays("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261224\n").is_err());
    }
}

//! Reading interview invitations: an `.ics` file, or an `.eml` whose
//! `text/calendar` part or `.ics` attachment holds one, into [`Invite`]s,
//! one per event: the method (a request, an update, a cancellation), the
//! UID and SEQUENCE that tell them apart, the start in the zone it was set
//! in, the length, the title and the stage it names, the video link, the
//! organizer and the attendees, and the description (with the schedule of
//! several interviews when a Greenhouse invite lists them).
//!
//! The shapes read are those the calendars send: Google's (`ORGANIZER` and
//! `ATTENDEE` with `CN` and `mailto:`, `DTSTART;TZID=America/Los_Angeles`,
//! `X-GOOGLE-CONFERENCE` and the Meet link in the description), Outlook's
//! and Teams' (`METHOD:REQUEST`, Windows zone names with a VTIMEZONE,
//! `X-MICROSOFT-SKYPETEAMSMEETINGURL`, an HTML `X-ALT-DESC`), and the
//! static files of Greenhouse and Calendly (no METHOD, UTC times, the
//! email's text copied into the description). Nothing here knows what is
//! recorded: matching an invite to an application and its people is the
//! application layer's (`afterview_app::import`).

mod guess;
mod lines;
mod zones;

use std::fmt;

use jiff::Zoned;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::kinds::Stage;
use crate::values::Email;

pub use guess::{
    Slot, Title, company_from_domain, domain, employer_domain, is_public_domain, is_tool_address,
    name_from_email, stage_named, title,
};
pub use zones::{WINDOWS_ZONES, windows_zone};

/// What an invite asks of its calendar (RFC 5546 §1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// A new invite or an update of one.
    Request,
    /// The event is off (`METHOD:CANCEL`, or `STATUS:CANCELLED`).
    Cancel,
    /// A file to add to a calendar, with no reply expected: what
    /// Greenhouse and Calendly attach, and a calendar's own export.
    Publish,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Request => "request",
            Self::Cancel => "cancel",
            Self::Publish => "publish",
        }
    }
}

/// Someone an invite names: its organizer or an attendee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Party {
    /// The `CN` parameter, when the invite gives one.
    pub name: Option<String>,
    pub email: Email,
}

impl Party {
    /// The name to record: the invite's (Outlook's "Kowalski, Anna" as
    /// "Anna Kowalski"), else one made from the address.
    pub fn display_name(&self) -> String {
        match &self.name {
            Some(n) => match n.split_once(',') {
                Some((last, first))
                    if !first.contains(',')
                        && !last.trim().is_empty()
                        && !first.trim().is_empty()
                        && !last.trim().contains(' ') =>
                {
                    format!("{} {}", first.trim(), last.trim())
                }
                _ => n.clone(),
            },
            None => name_from_email(self.email.as_str()),
        }
    }
}

/// One event of an invite.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Invite {
    /// The line of its `BEGIN:VEVENT` (in the calendar part of an email).
    pub line: usize,
    pub method: Method,
    pub uid: String,
    /// 0 for a first invite; each update raises it.
    pub sequence: u32,
    /// The start, in the zone the invite was set in (see `zone_note`).
    pub start: Zoned,
    pub duration_minutes: u32,
    /// An all-day event: the invite gives a day but no time; `start` is
    /// 09:00 of that day.
    pub all_day: bool,
    /// How the zone was found, when it took more than reading an IANA name:
    /// "Pacific Standard Time (Windows) is America/Los_Angeles".
    pub zone_note: Option<String>,
    pub summary: String,
    /// The stage the title names, else what the invite suggests.
    pub stage: Stage,
    /// The video call's link (Meet, Teams, Zoom, …), if any.
    pub link: Option<String>,
    /// `LOCATION` as written (an address, a room, "Microsoft Teams Meeting").
    pub location: Option<String>,
    pub organizer: Option<Party>,
    /// Everyone invited (rooms and resources left out), the organizer too
    /// when the invite lists them.
    pub attendees: Vec<Party>,
    /// The organizer takes part: listed among the attendees (as Google
    /// lists an organizer who attends), or the invite is Outlook's, which
    /// never lists its organizer and means them to attend.
    pub organizer_attends: bool,
    /// The description as text (from HTML when only that is given).
    pub description: Option<String>,
    /// The interviews the description lists, when it lists several times.
    pub schedule: Vec<Slot>,
}

impl Invite {
    /// Where the interview is: the video link, else the location.
    pub fn place(&self) -> Option<&str> {
        self.link.as_deref().or(self.location.as_deref())
    }
}

/// How to read the times an invite leaves open.
#[derive(Debug, Clone)]
pub struct Options {
    /// The zone the user said the invite's times are in (`--time-zone`):
    /// for a zone the invite names in a way afterview does not know, for
    /// times with no zone, and the zone a UTC time is recorded in.
    pub time_zone: Option<TimeZone>,
    /// The user's own zone: for UTC and zoneless times otherwise.
    pub user_zone: TimeZone,
}

/// A file that cannot be read as an invite, with where and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteError {
    /// The line (1-based) of the calendar, or of the calendar part of an
    /// email; `None` for the file as a whole.
    pub line: Option<usize>,
    pub problem: String,
    pub fix: String,
}

impl fmt::Display for InviteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(l) = self.line {
            write!(f, "line {l}: ")?;
        }
        write!(f, "{} ({})", self.problem, self.fix)
    }
}

impl std::error::Error for InviteError {}

fn whole(problem: impl Into<String>, fix: impl Into<String>) -> InviteError {
    InviteError { line: None, problem: problem.into(), fix: fix.into() }
}

fn at(line: usize, problem: impl Into<String>, fix: impl Into<String>) -> InviteError {
    InviteError { line: Some(line), problem: problem.into(), fix: fix.into() }
}

/// An invite is a few kilobytes, an email with attachments a few
/// megabytes; a bigger file is the wrong file.
const MAX_BYTES: usize = 25 << 20;
/// More attendees than this is a mailing list, not a panel.
const MAX_ATTENDEES: usize = 100;
/// More events than this in one file is a calendar's export, not invites.
const MAX_EVENTS: usize = 50;
/// The longest an interview may be: a day of interviews on site.
const MAX_MINUTES: i64 = 12 * 60;
/// The longest a title, a name or a location may be.
const MAX_LINE: usize = 200;
/// The longest a location (a link, an address) may be.
const MAX_LINK: usize = 2_000;
/// The longest a description is kept.
const MAX_DESCRIPTION: usize = 20_000;

/// Whether `bytes` start as a calendar does (after a byte-order mark and
/// blank lines).
fn is_calendar(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    b[start..].get(..15).is_some_and(|s| s.eq_ignore_ascii_case(b"BEGIN:VCALENDAR"))
}

/// The invites in a file: an `.ics`, or an email (`.eml`) holding one.
pub fn read(bytes: &[u8], options: &Options) -> Result<Vec<Invite>, InviteError> {
    if bytes.len() > MAX_BYTES {
        return Err(whole(
            format!("the file is {} MB: an invite is a few kilobytes", bytes.len() >> 20),
            "import the invite (.ics) or the one email that holds it",
        ));
    }
    if is_calendar(bytes) {
        return read_calendar(&String::from_utf8_lossy(bytes), options);
    }
    let looks_like_mail = bytes.iter().take(4096).position(|&b| b == b'\n').is_some_and(|nl| {
        let first = String::from_utf8_lossy(&bytes[..nl]);
        first.split_once(':').is_some_and(|(name, _)| {
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
    });
    if !looks_like_mail {
        return Err(whole(
            "this is neither an invite (.ics, starting with BEGIN:VCALENDAR) nor an email (.eml) holding one",
            "save the invite from the calendar, or the email with its attachment (in most mail apps: Save as / Download message)",
        ));
    }
    let Some(mail) = mail_parser::MessageParser::default().parse(bytes) else {
        return Err(whole("the email cannot be read", "save the email again (.eml) from the mail app"));
    };
    let mut out: Vec<Invite> = Vec::new();
    let mut first_error = None;
    let mut found = false;
    for part in &mail.parts {
        use mail_parser::MimeHeaders;
        let ctype = part
            .content_type()
            .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or("")).to_ascii_lowercase());
        let named_ics = part
            .attachment_name()
            .is_some_and(|n| n.to_ascii_lowercase().trim_end_matches('"').ends_with(".ics"));
        let calendar_type = matches!(ctype.as_deref(), Some("text/calendar" | "application/ics"));
        if !(calendar_type || named_ics) || !is_calendar(part.contents()) {
            continue;
        }
        found = true;
        match read_calendar(&String::from_utf8_lossy(part.contents()), options) {
            Ok(invites) => {
                for i in invites {
                    // Outlook sends the same invite inline and attached.
                    if !out.iter().any(|o| o.uid == i.uid && o.sequence == i.sequence && o.method == i.method)
                    {
                        out.push(i);
                    }
                }
            }
            Err(e) => {
                first_error.get_or_insert(InviteError {
                    problem: format!("in the invite inside the email: {}", e.problem),
                    ..e
                });
            }
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    if !found {
        return Err(whole(
            "the email holds no invite (no text/calendar part and no .ics attachment)",
            "import the email that came with the invitation, or its .ics attachment",
        ));
    }
    Ok(out)
}

fn prop_text(event: &lines::Part, name: &str) -> Option<String> {
    let p = event.prop(name)?;
    let t = lines::unescape(&p.value);
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// A property shown on one line (a title, a location): control
/// characters and text-direction marks dropped (an escape code could
/// repaint a terminal, as in `afterview`'s own records), spaces collapsed,
/// and cut at `max` characters.
fn one_line(event: &lines::Part, name: &str, max: usize) -> Option<String> {
    let text = guess::clean_line(&prop_text(event, name)?);
    if text.is_empty() {
        return None;
    }
    if text.chars().count() <= max {
        return Some(text);
    }
    Some(text.chars().take(max - 1).chain(['…']).collect())
}

/// `YYYYMMDD` or `YYYYMMDDTHHMMSS[Z]`.
enum Stamp {
    Day(Date),
    Local(DateTime),
    Utc(DateTime),
}

fn stamp(value: &str) -> Option<Stamp> {
    let v = value.trim();
    let n = |r: std::ops::Range<usize>| -> Option<i16> {
        v.get(r).filter(|s| s.bytes().all(|b| b.is_ascii_digit()))?.parse().ok()
    };
    let year = n(0..4)?;
    if !crate::values::YEARS.contains(&year) {
        return None;
    }
    let date = Date::new(year, i8::try_from(n(4..6)?).ok()?, i8::try_from(n(6..8)?).ok()?).ok()?;
    match v.len() {
        8 => Some(Stamp::Day(date)),
        15 | 16 if v.as_bytes()[8] == b'T' => {
            let t = jiff::civil::Time::new(
                i8::try_from(n(9..11)?).ok()?,
                i8::try_from(n(11..13)?).ok()?,
                // A leap second (60) reads as 59.
                i8::try_from(n(13..15)?.min(59)).ok()?,
                0,
            )
            .ok()?;
            match v.as_bytes().get(15) {
                None => Some(Stamp::Local(date.to_datetime(t))),
                Some(b'Z' | b'z') => Some(Stamp::Utc(date.to_datetime(t))),
                Some(_) => None,
            }
        }
        _ => None,
    }
}

/// What a time with no zone of its own is read in, and how to say so.
fn fallback_zone(calendar: &lines::Part, options: &Options) -> (TimeZone, Option<String>) {
    if let Some(z) = &options.time_zone {
        return (z.clone(), None);
    }
    if let Some(p) = calendar.prop("X-WR-TIMEZONE")
        && let zones::Known::Zone(z) = zones::known(&p.value)
    {
        return (z, None);
    }
    (options.user_zone.clone(), Some("in your time zone".to_owned()))
}

/// A DTSTART or DTEND as an instant in its zone.
fn when(
    calendar: &lines::Part,
    prop: &lines::Prop,
    options: &Options,
) -> Result<(Zoned, bool, Option<String>), InviteError> {
    let bad_time = || {
        at(
            prop.line,
            format!(
                "{} \"{}\" is not a date and time afterview can read",
                prop.name,
                lines::excerpt(&prop.value)
            ),
            "it should look like 20261203T100000 (or 20261203T180000Z in UTC), in the years 1900 to 2200",
        )
    };
    let s = stamp(&prop.value).ok_or_else(bad_time)?;
    let (fallback, fallback_note) = fallback_zone(calendar, options);
    match s {
        Stamp::Day(day) => {
            let z = day.at(9, 0, 0, 0).to_zoned(fallback).map_err(|_| bad_time())?;
            Ok((z, true, None))
        }
        Stamp::Utc(dt) => {
            let ts = dt.to_zoned(TimeZone::UTC).map_err(|_| bad_time())?.timestamp();
            let note = fallback_note.map(|n| format!("a UTC time, shown {n}"));
            Ok((ts.to_zoned(fallback), false, note))
        }
        Stamp::Local(dt) => {
            let Some(tzid) = prop.param("TZID") else {
                let z = dt.to_zoned(fallback).map_err(|_| bad_time())?;
                let note = fallback_note.map(|n| format!("the invite gives no time zone; read {n}"));
                return Ok((z, false, note));
            };
            match zones::known(tzid) {
                zones::Known::Zone(tz) => {
                    let note = zones::windows_zone(tzid.trim_matches('"'))
                        .map(|iana| format!("{} (a Windows zone) is {iana}", tzid.trim_matches('"')));
                    Ok((dt.to_zoned(tz).map_err(|_| bad_time())?, false, note))
                }
                zones::Known::Unknown => {
                    if let Some(z) = &options.time_zone {
                        let note =
                            format!("\"{tzid}\" read as {}", z.iana_name().unwrap_or("the zone given"));
                        return Ok((dt.to_zoned(z.clone()).map_err(|_| bad_time())?, false, Some(note)));
                    }
                    let Some(offset) = zones::from_vtimezone(calendar, tzid, dt) else {
                        return Err(at(
                            prop.line,
                            format!(
                                "the time zone \"{tzid}\" is not one afterview knows, and the invite does not describe it exactly"
                            ),
                            "say which zone it is with --time-zone and its IANA name, such as --time-zone America/Los_Angeles",
                        ));
                    };
                    let z = dt.to_zoned(TimeZone::fixed(offset)).map_err(|_| bad_time())?;
                    let note =
                        format!("\"{tzid}\" read from the invite's own description of it: UTC{offset}");
                    Ok((z, false, Some(note)))
                }
            }
        }
    }
}

/// `PT45M`, `PT1H30M`, `P1D` (RFC 5545 §3.3.6), in minutes.
fn duration(value: &str) -> Option<i64> {
    let v = value.trim();
    let v = v.strip_prefix('+').unwrap_or(v);
    let rest = v.strip_prefix('P')?;
    let (mut total, mut number, mut in_time) = (0i64, String::new(), false);
    for c in rest.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => number.push(c),
            _ => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                total = total.checked_add(match (c, in_time) {
                    ('W', false) => n.checked_mul(7 * 24 * 60)?,
                    ('D', false) => n.checked_mul(24 * 60)?,
                    ('H', true) => n.checked_mul(60)?,
                    ('M', true) => n,
                    ('S', true) => n / 60,
                    _ => return None,
                })?;
            }
        }
    }
    number.is_empty().then_some(total)
}

fn party(p: &lines::Prop) -> Option<Party> {
    // Rooms, resources and mailing lists are not people.
    if p.param("CUTYPE")
        .is_some_and(|c| !c.eq_ignore_ascii_case("INDIVIDUAL") && !c.eq_ignore_ascii_case("UNKNOWN"))
    {
        return None;
    }
    // Nor are those only told of it, and an optional attendee of an
    // interview is a shadow or a team's shared mailbox, not an interviewer.
    if p.param("ROLE").is_some_and(|r| {
        r.eq_ignore_ascii_case("NON-PARTICIPANT") || r.eq_ignore_ascii_case("OPT-PARTICIPANT")
    }) {
        return None;
    }
    let value = p.value.trim();
    let address = match value.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => &value[7..],
        _ => value,
    };
    if address.chars().any(|c| c.is_control() || guess::is_bidi(c)) {
        return None;
    }
    let email: Email = address.trim().parse().ok()?;
    if email.as_str().len() > 254 {
        return None;
    }
    let name =
        p.param("CN").map(guess::clean_line).map(|n| n.trim_matches(['\'', '"']).to_owned()).filter(|n| {
            !n.is_empty()
                && n.chars().count() <= MAX_LINE
                && !n.eq_ignore_ascii_case(email.as_str())
                && !n.contains('@')
        });
    Some(Party { name, email })
}

/// The invites in a calendar's text.
fn read_calendar(text: &str, options: &Options) -> Result<Vec<Invite>, InviteError> {
    let text = text.trim_start_matches('\u{feff}');
    let calendar = lines::read(text)?;
    let method = match calendar.prop("METHOD").map(|p| p.value.trim().to_ascii_uppercase()) {
        None => Method::Publish,
        Some(m) if m == "PUBLISH" => Method::Publish,
        Some(m) if m == "REQUEST" => Method::Request,
        Some(m) if m == "CANCEL" => Method::Cancel,
        Some(m) => {
            let line = calendar.prop("METHOD").map_or(calendar.line, |p| p.line);
            return Err(at(
                line,
                format!("METHOD:{m} is a reply or a question about an invite, not an invite"),
                "import the invitation itself (METHOD:REQUEST or a plain .ics), its update or its cancellation",
            ));
        }
    };
    let events: Vec<&lines::Part> = calendar.parts("VEVENT").collect();
    if events.is_empty() {
        return Err(at(
            calendar.line,
            "the calendar holds no event (BEGIN:VEVENT), so there is no interview in it",
            "import the invite of the interview",
        ));
    }
    if events.len() > MAX_EVENTS {
        return Err(whole(
            format!("the calendar holds {} events: this is a calendar's export, not an invite", events.len()),
            "import the invites of the interviews one by one, or export only those events",
        ));
    }
    let mut out = Vec::new();
    for event in events {
        out.push(read_event(&calendar, event, method, options)?);
    }
    Ok(out)
}

fn read_event(
    calendar: &lines::Part,
    event: &lines::Part,
    method: Method,
    options: &Options,
) -> Result<Invite, InviteError> {
    let summary = one_line(event, "SUMMARY", MAX_LINE).unwrap_or_else(|| "Interview".to_owned());
    let uid = match event.prop("UID").map(|p| (p, p.value.trim())) {
        Some((p, uid)) if uid.len() > 1000 => {
            return Err(at(p.line, "the UID is longer than 1,000 characters", "save the invite again"));
        }
        Some((_, uid)) if !uid.is_empty() => uid.to_owned(),
        _ => {
            return Err(at(
                event.line,
                "the event has no UID, so an update or a cancellation of it could never be matched",
                "import the invite as the calendar sent it (every calendar gives its events a UID)",
            ));
        }
    };
    if uid.ends_with("@afterview") {
        return Err(at(
            event.line,
            "this is afterview's own task export, not an invite",
            "import the invites your calendar or email received",
        ));
    }
    let sequence = match event.prop("SEQUENCE") {
        None => 0,
        Some(p) => p.value.trim().parse::<u32>().map_err(|_| {
            at(
                p.line,
                format!("SEQUENCE \"{}\" is not a whole number", lines::excerpt(&p.value)),
                "save the invite again",
            )
        })?,
    };
    let cancelled = method == Method::Cancel
        || event.prop("STATUS").is_some_and(|s| s.value.trim().eq_ignore_ascii_case("CANCELLED"));
    let method = if cancelled { Method::Cancel } else { method };
    let Some(dtstart) = event.prop("DTSTART") else {
        return Err(at(
            event.line,
            "the event has no start (DTSTART)",
            "import the invite as the calendar sent it",
        ));
    };
    let (start, all_day, zone_note) = when(calendar, dtstart, options)?;
    let minutes = match (event.prop("DTEND"), event.prop("DURATION")) {
        _ if all_day => 60,
        (Some(end), _) => {
            let (end_at, _, _) = when(calendar, end, options)?;
            let minutes = (end_at.timestamp().as_second() - start.timestamp().as_second()) / 60;
            if minutes < 0 {
                return Err(at(
                    end.line,
                    format!("the event ends ({}) before it starts ({})", end_at.datetime(), start.datetime()),
                    "fix the event in the calendar and send or save it again",
                ));
            }
            minutes
        }
        (None, Some(d)) => duration(&d.value).ok_or_else(|| {
            at(
                d.line,
                format!("DURATION \"{}\" cannot be read", lines::excerpt(&d.value)),
                "it should look like PT45M or PT1H30M",
            )
        })?,
        (None, None) => 60,
    };
    if minutes > MAX_MINUTES {
        return Err(at(
            event.line,
            format!("the event lasts {} hours: that is not one interview", minutes / 60),
            "import the invite of the interview itself, or add it by hand with afterview interview add",
        ));
    }
    // An event with no length is an interview of the usual hour.
    let duration_minutes = if minutes == 0 { 60 } else { u32::try_from(minutes).unwrap_or(60) };

    let organizer = event.prop("ORGANIZER").and_then(party);
    let mut attendees: Vec<Party> = Vec::new();
    for p in event.props("ATTENDEE").filter_map(party).take(MAX_ATTENDEES) {
        if !attendees.iter().any(|a| a.email.as_str().eq_ignore_ascii_case(p.email.as_str())) {
            attendees.push(p);
        }
    }
    let outlook = calendar.prop("PRODID").is_some_and(|p| p.value.to_ascii_lowercase().contains("microsoft"))
        || event.props.iter().any(|p| p.name.starts_with("X-MICROSOFT-"));
    let organizer_attends = organizer.as_ref().is_some_and(|o| {
        outlook || attendees.iter().any(|a| a.email.as_str().eq_ignore_ascii_case(o.email.as_str()))
    });
    let html = prop_text(event, "X-ALT-DESC");
    let mut description = prop_text(event, "DESCRIPTION").or_else(|| html.as_deref().map(guess::html_text));
    if let Some(d) = &mut description
        && d.len() > MAX_DESCRIPTION
    {
        let mut cut = MAX_DESCRIPTION;
        while !d.is_char_boundary(cut) {
            cut -= 1;
        }
        d.truncate(cut);
    }
    let location = one_line(event, "LOCATION", MAX_LINK);
    let conference: Vec<String> = [
        "X-GOOGLE-CONFERENCE",
        "X-MICROSOFT-SKYPETEAMSMEETINGURL",
        "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
        "URL",
    ]
    .iter()
    .filter_map(|n| prop_text(event, n))
    .collect();
    let link = guess::video_link(
        conference
            .iter()
            .map(String::as_str)
            .chain(location.as_deref())
            .chain(description.as_deref())
            .chain(html.as_deref()),
    );
    let schedule = description.as_deref().map(guess::schedule).unwrap_or_default();
    let place = location.as_deref().is_some_and(|l| {
        guess::video_link([l]).is_none()
            && !l.to_lowercase().contains("teams")
            && !l.to_lowercase().contains("zoom")
            && !l.to_lowercase().contains("phone")
    });
    let stage = guess::stage(&summary, schedule.len(), link.is_some(), place);
    Ok(Invite {
        line: event.line,
        method,
        uid,
        sequence,
        start,
        duration_minutes,
        all_day,
        zone_note,
        summary,
        stage,
        link,
        location,
        organizer,
        attendees,
        organizer_attends,
        description,
        schedule,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        Options { time_zone: None, user_zone: TimeZone::get("Europe/London").unwrap() }
    }

    const GOOGLE: &str = "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\n\
BEGIN:VEVENT\r\nDTSTART;TZID=America/Los_Angeles:20261203T100000\r\nDTEND;TZID=America/Los_Angeles:20261203T104500\r\n\
ORGANIZER;CN=Jordan Lee:mailto:jordan@acme.com\r\nUID:7kq2@google.com\r\n\
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=maya.patel@gmail.com;X-NUM-GUESTS=0:mailto:maya.patel@gmail.com\r\n\
ATTENDEE;CUTYPE=RESOURCE;CN=Room 4:mailto:c_188@resource.calendar.google.com\r\n\
X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij\r\nSEQUENCE:0\r\nSTATUS:CONFIRMED\r\nSUMMARY:Acme <> Maya Patel\\, phone screen\r\n\
END:VEVENT\r\nEND:VCALENDAR\r\n";

    #[test]
    fn a_google_invite() {
        let invites = read(GOOGLE.as_bytes(), &opts()).unwrap();
        let i = &invites[0];
        assert_eq!((i.method, i.uid.as_str(), i.sequence), (Method::Request, "7kq2@google.com", 0));
        assert_eq!(i.start.to_string(), "2026-12-03T10:00:00-08:00[America/Los_Angeles]");
        assert_eq!(i.duration_minutes, 45);
        assert_eq!(i.summary, "Acme <> Maya Patel, phone screen");
        assert_eq!(i.stage, Stage::PhoneScreen);
        assert_eq!(i.link.as_deref(), Some("https://meet.google.com/abc-defg-hij"));
        assert_eq!(i.organizer.as_ref().map(Party::display_name).as_deref(), Some("Jordan Lee"));
        assert_eq!(i.attendees.len(), 1, "the room is not a person");
        assert_eq!(i.attendees[0].name, None, "a CN that is the address is no name");
        assert_eq!(i.zone_note, None);
    }

    #[test]
    fn utc_floating_and_all_day_times() {
        let utc = GOOGLE
            .replace("DTSTART;TZID=America/Los_Angeles:20261203T100000", "DTSTART:20261203T180000Z")
            .replace("DTEND;TZID=America/Los_Angeles:20261203T104500", "DURATION:PT30M");
        let i = &read(utc.as_bytes(), &opts()).unwrap()[0];
        assert_eq!(i.start.to_string(), "2026-12-03T18:00:00+00:00[Europe/London]");
        assert_eq!(i.duration_minutes, 30);
        assert!(i.zone_note.as_deref().is_some_and(|n| n.contains("UTC")), "{:?}", i.zone_note);
        let given = Options { time_zone: Some(TimeZone::get("America/New_York").unwrap()), ..opts() };
        let i = &read(utc.as_bytes(), &given).unwrap()[0];
        assert_eq!(i.start.to_string(), "2026-12-03T13:00:00-05:00[America/New_York]");
        let day = GOOGLE
            .replace("DTSTART;TZID=America/Los_Angeles:20261203T100000", "DTSTART;VALUE=DATE:20261203")
            .replace("DTEND;TZID=America/Los_Angeles:20261203T104500", "DTEND;VALUE=DATE:20261204");
        let i = &read(day.as_bytes(), &opts()).unwrap()[0];
        assert!(i.all_day);
        assert_eq!(i.start.to_string(), "2026-12-03T09:00:00+00:00[Europe/London]");
    }

    #[test]
    fn an_unknown_zone_is_refused_with_the_fix() {
        let odd = GOOGLE.replace("TZID=America/Los_Angeles", "TZID=Mars Standard Time");
        let e = read(odd.as_bytes(), &opts()).unwrap_err();
        assert_eq!(e.line, Some(6));
        assert!(e.problem.contains("\"Mars Standard Time\""), "{e}");
        assert!(e.fix.contains("--time-zone"), "{e}");
        let given = Options { time_zone: Some(TimeZone::get("America/Denver").unwrap()), ..opts() };
        let i = &read(odd.as_bytes(), &given).unwrap()[0];
        assert_eq!(i.start.to_string(), "2026-12-03T10:00:00-07:00[America/Denver]");
    }

    #[test]
    fn what_is_not_an_invite_is_refused() {
        let e = read(b"hello", &opts()).unwrap_err();
        assert!(e.problem.contains("neither an invite"), "{e}");
        let e = read(b"Subject: hi\r\n\r\nno invite here\r\n", &opts()).unwrap_err();
        assert!(e.problem.contains("holds no invite"), "{e}");
        let e = read(GOOGLE.replace("UID:7kq2@google.com\r\n", "").as_bytes(), &opts()).unwrap_err();
        assert!(e.problem.contains("no UID"), "{e}");
        let e = read(GOOGLE.replace("METHOD:REQUEST", "METHOD:REPLY").as_bytes(), &opts()).unwrap_err();
        assert_eq!(e.line, Some(4));
        let e = read(GOOGLE.replace("20261203T104500", "20261203T090000").as_bytes(), &opts()).unwrap_err();
        assert!(e.problem.contains("ends"), "{e}");
        let e = read(GOOGLE.replace("20261203T100000", "2026-12-03 10:00").as_bytes(), &opts()).unwrap_err();
        assert_eq!(e.line, Some(6), "{e}");
        let e = read(GOOGLE.replace("SEQUENCE:0", "SEQUENCE:one").as_bytes(), &opts()).unwrap_err();
        assert!(e.to_string().starts_with("line 13: SEQUENCE"), "{e}");
    }

    #[test]
    fn a_cancelled_event_is_a_cancellation() {
        let c = GOOGLE
            .replace("STATUS:CONFIRMED", "STATUS:CANCELLED")
            .replace("METHOD:REQUEST", "METHOD:PUBLISH");
        assert_eq!(read(c.as_bytes(), &opts()).unwrap()[0].method, Method::Cancel);
    }

    #[test]
    fn durations() {
        assert_eq!(duration("PT45M"), Some(45));
        assert_eq!(duration("PT1H30M"), Some(90));
        assert_eq!(duration("P1D"), Some(1440));
        assert_eq!(duration("PT"), Some(0));
        assert_eq!(duration("P1X"), None);
        assert_eq!(duration("P99999999999999999999D"), None);
    }
}

//! The invite reader on the fixtures of `tests/fixtures/invites`, one shape
//! each, written for this project: Google Calendar's invite, its update and
//! its cancellation, an Outlook/Teams email (Windows zone with a VTIMEZONE,
//! an HTML description, base64 and quoted-printable parts), Greenhouse's
//! static file of a virtual onsite, and Calendly's.

use afterview_core::import::invite::{self, Invite, Method, Options};
use afterview_core::kinds::Stage;
use jiff::tz::TimeZone;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/invites/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn one(name: &str) -> Invite {
    let options = Options { time_zone: None, user_zone: TimeZone::get("America/New_York").unwrap() };
    let mut invites = invite::read(&fixture(name), &options).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(invites.len(), 1, "{name}");
    invites.remove(0)
}

fn emails(i: &Invite) -> Vec<&str> {
    i.attendees.iter().map(|a| a.email.as_str()).collect()
}

#[test]
fn google_calendar() {
    let i = one("google.ics");
    assert_eq!(i.method, Method::Request);
    assert_eq!((i.uid.as_str(), i.sequence), ("3f9kq2vb7n1mtc0a8sd5ljh4ue@google.com", 0));
    assert_eq!(i.start.to_string(), "2026-12-03T10:00:00-08:00[America/Los_Angeles]");
    assert_eq!(i.duration_minutes, 60);
    assert_eq!(i.summary, "Acme Robotics <> Maya Patel - Technical Interview");
    assert_eq!(i.stage, Stage::Video);
    assert_eq!(i.link.as_deref(), Some("https://meet.google.com/xsd-qpwe-rtk"));
    assert_eq!(i.location, None, "an empty LOCATION is none");
    let organizer = i.organizer.as_ref().unwrap();
    assert_eq!(
        (organizer.name.as_deref(), organizer.email.as_str()),
        (Some("Jordan Lee"), "jordan.lee@acme-robotics.com")
    );
    // Folded in the middle of a CN and of an address; the room left out.
    assert_eq!(
        emails(&i),
        ["jordan.lee@acme-robotics.com", "priya.raman@acme-robotics.com", "maya.patel@gmail.com"]
    );
    assert_eq!(i.attendees[0].name.as_deref(), Some("Jordan Lee"));
    assert!(i.organizer_attends);
    let d = i.description.as_deref().unwrap();
    assert!(d.starts_with("Hi Maya,\n\nLooking forward"), "{d}");
    assert!(d.contains("coding exercise, so"), "escaped commas: {d}");
    assert!(i.schedule.is_empty());
}

#[test]
fn google_update_and_cancel() {
    let u = one("google-update.ics");
    assert_eq!((u.method, u.sequence), (Method::Request, 1));
    assert_eq!(u.start.to_string(), "2026-12-04T13:30:00-08:00[America/Los_Angeles]");
    assert_eq!(u.duration_minutes, 45);
    let c = one("google-cancel.ics");
    assert_eq!((c.method, c.sequence, c.uid.as_str()), (Method::Cancel, 2, u.uid.as_str()));
}

#[test]
fn outlook_teams_email() {
    let i = one("outlook-teams.eml");
    assert_eq!(i.method, Method::Request);
    assert_eq!(i.start.to_string(), "2026-12-09T09:30:00-08:00[America/Los_Angeles]");
    assert_eq!(i.zone_note.as_deref(), Some("Pacific Standard Time (a Windows zone) is America/Los_Angeles"));
    assert_eq!(i.duration_minutes, 45);
    assert_eq!(i.summary, "Globex: Data Engineer - Hiring Manager Interview");
    assert_eq!(i.stage, Stage::Video);
    assert!(
        i.link
            .as_deref()
            .is_some_and(|l| l.starts_with("https://teams.microsoft.com/l/meetup-join/19%3ameeting_")),
        "{:?}",
        i.link
    );
    assert_eq!(i.location.as_deref(), Some("Microsoft Teams Meeting"));
    let organizer = i.organizer.as_ref().unwrap();
    assert_eq!(organizer.name.as_deref(), Some("Kowalski, Anna"));
    assert_eq!(organizer.display_name(), "Anna Kowalski");
    assert!(i.organizer_attends, "Outlook never lists its organizer, who attends");
    // The optional shared mailbox is no interviewer.
    assert_eq!(emails(&i), ["maya.patel@gmail.com", "ben.okafor@globex-corp.com"]);
    assert!(i.description.as_deref().is_some_and(|d| d.contains("45-minute conversation")));
}

/// Outlook's zone set by hand: "Customized Time Zone", read from the
/// VTIMEZONE beside it, exactly; with no VTIMEZONE, refused with the fix.
#[test]
fn outlook_customized_time_zone() {
    let options = Options { time_zone: None, user_zone: TimeZone::get("America/New_York").unwrap() };
    let eml = String::from_utf8(fixture("outlook-teams.eml")).unwrap();
    // The calendar part, decoded, with the zone renamed.
    let start = eml.find("Content-Type: text/calendar").unwrap();
    let body = &eml[start..];
    let b64: String =
        body.split("\r\n\r\n").nth(1).unwrap().split("--").next().unwrap().split_whitespace().collect();
    let cal =
        String::from_utf8(base64(&b64)).unwrap().replace("Pacific Standard Time", "Customized Time Zone");
    let i = &invite::read(cal.as_bytes(), &options).unwrap()[0];
    assert_eq!(i.start.timestamp().to_string(), "2026-12-09T17:30:00Z");
    assert!(i.zone_note.as_deref().is_some_and(|n| n.contains("UTC-08")), "{:?}", i.zone_note);
    // With only the HTML description (X-ALT-DESC), the text and the link come from it.
    let lines: Vec<&str> = cal.split("\r\n").collect();
    let mut html_only = Vec::new();
    let mut skipping = false;
    for l in &lines {
        if l.starts_with("DESCRIPTION") || l.starts_with("X-MICROSOFT-SKYPETEAMSMEETINGURL") {
            skipping = true;
        } else if !l.starts_with(' ') {
            skipping = false;
        }
        if !skipping {
            html_only.push(*l);
        }
    }
    let i = &invite::read(html_only.join("\r\n").as_bytes(), &options).unwrap()[0];
    let d = i.description.as_deref().unwrap();
    assert!(d.starts_with("Hi Maya,\n\nThank you for your time so far."), "{d}");
    assert!(!d.contains("<") && !d.contains("MsoNormal"), "{d}");
    assert!(
        i.link.as_deref().is_some_and(|l| l.starts_with("https://teams.microsoft.com/l/meetup-join/")),
        "{:?}",
        i.link
    );
    let without = cal.replace("TZID:Customized Time Zone", "TZID:Another Zone");
    let e = invite::read(without.as_bytes(), &options).unwrap_err();
    assert!(e.problem.contains("\"Customized Time Zone\""), "{e}");
    assert!(e.fix.contains("--time-zone"), "{e}");
}

fn base64(s: &str) -> Vec<u8> {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes().filter(|&c| c != b'=') {
        let v = alphabet.iter().position(|&a| a == c).unwrap() as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[test]
fn greenhouse_virtual_onsite() {
    let i = one("greenhouse.ics");
    assert_eq!(i.method, Method::Publish);
    // A UTC time, in the user's zone.
    assert_eq!(i.start.to_string(), "2026-12-08T12:00:00-05:00[America/New_York]");
    assert_eq!(i.duration_minutes, 210);
    assert_eq!(i.stage, Stage::Onsite);
    assert_eq!(i.link.as_deref(), Some("https://initech.zoom.us/j/83112345678?pwd=Q2xhc3NpY1JvY2s"));
    assert_eq!(i.organizer.as_ref().and_then(|o| o.name.as_deref()), Some("Ortiz, Sam"));
    assert_eq!(emails(&i), ["maya.patel@gmail.com"]);
    assert!(!i.organizer_attends, "the coordinator sends it");
    let titles: Vec<&str> = i.schedule.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "SQL and Data Modeling",
            "Pipeline Design",
            "Break",
            "Hiring Manager Conversation",
            "Values Interview"
        ]
    );
    let names: Vec<&str> = i.schedule.iter().flat_map(|s| &s.interviewers).map(String::as_str).collect();
    assert_eq!(names, ["Priya Shah", "Tom Becker", "Ana Li", "Rachel Green", "Luis Moreno"]);
}

#[test]
fn calendly() {
    let i = one("calendly.ics");
    assert_eq!(i.start.to_string(), "2026-12-02T10:00:00-05:00[America/New_York]");
    assert_eq!(i.duration_minutes, 30);
    assert_eq!(i.stage, Stage::PhoneScreen);
    assert_eq!(i.link, None, "Calendly's own links are not the call");
    assert_eq!(i.place(), Some("Phone call"));
    assert_eq!(i.organizer.as_ref().map(|o| o.email.as_str()), Some("dana@hooli.xyz"));
}

fn base64_encode(bytes: &[u8]) -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(alphabet[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Greenhouse's and Calendly's emails carry the invite as an attachment,
/// often typed application/octet-stream: its name says it is one.
#[test]
fn an_email_with_an_ics_attachment() {
    let ics = base64_encode(&fixture("greenhouse.ics"));
    let wrapped: Vec<&str> = ics.as_bytes().chunks(76).map(|c| std::str::from_utf8(c).unwrap()).collect();
    let eml = format!(
        "From: Sam Ortiz <no-reply@greenhouse.io>\r\nTo: maya.patel@gmail.com\r\nSubject: Your interview with Initech\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Hi Maya, your schedule is attached.\r\n--b1\r\nContent-Type: application/octet-stream; name=\"interview.ics\"\r\n\
Content-Disposition: attachment; filename=\"interview.ics\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--b1--\r\n",
        wrapped.join("\r\n")
    );
    let options = Options { time_zone: None, user_zone: TimeZone::get("America/New_York").unwrap() };
    let invites = invite::read(eml.as_bytes(), &options).unwrap();
    assert_eq!(invites.len(), 1);
    assert_eq!(invites[0].uid, "gh-interview-4410297-candidate@greenhouse.io");
    assert_eq!(invites[0].schedule.len(), 5);
}

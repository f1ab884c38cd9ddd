//! The proof-of-applications report some unemployment offices ask job
//! seekers for (Germany's Arbeitsagentur among them): every application
//! with something done in a period, its applied day, its interviews, the
//! contacts made (each message with its day and channel) and how it ended.
//! [`build`] picks and orders what goes in; [`to_csv`] writes one row per
//! activity (what an office's own form lists), [`to_html`] a self-contained
//! page (inline CSS, no scripts, no external assets) that prints cleanly
//! to PDF.

use std::collections::HashMap;
use std::fmt::Write as _;

use jiff::civil::Date;
use serde::Serialize;

use crate::calendar::short_day;
use crate::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use crate::kinds::{ApplicationStatus, Direction, FirstContact, OutcomeKind};
use crate::model::{Application, Interview, Message, Outcome, Person, Record};

/// What the report is made from: the record, as loaded.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub applications: &'a [Record<ApplicationId, Application>],
    pub people: &'a [Record<PersonId, Person>],
    pub interviews: &'a [Record<InterviewId, Interview>],
    pub messages: &'a [Record<MessageId, Message>],
    pub outcomes: &'a [Record<OutcomeId, Outcome>],
}

/// The report: whose, which period, and the applications in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The user's name, from the settings (may be empty).
    pub name: String,
    pub from: Date,
    pub to: Date,
    pub entries: Vec<Entry>,
}

/// One application with activity in the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub application: ApplicationId,
    pub company: String,
    pub role: String,
    pub posting_url: Option<String>,
    pub applied: Option<Date>,
    pub first_contact: FirstContact,
    /// What was done in the period, by day.
    pub activities: Vec<Activity>,
    /// The latest outcome on or before the period's end.
    pub outcome: Option<(OutcomeKind, Date)>,
    pub status: ApplicationStatus,
}

/// One thing done on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    pub date: Date,
    /// "Applied", "Interview (panel, 60 min)", "Sent: thank-you", "Offer".
    pub what: String,
    /// How: email, call, card, LinkedIn; an interview's place; empty when unknown.
    pub channel: String,
    /// Who with, by name.
    pub with: String,
}

/// The applications with anything in `from..=to` (applied, an interview,
/// a message, an outcome), by their first day of activity in it, then by
/// company. `from` after `to` is the caller's to refuse.
pub fn build(source: &Source<'_>, name: &str, from: Date, to: Date) -> Report {
    let inside = |d: Date| from <= d && d <= to;
    let names: HashMap<PersonId, &str> =
        source.people.iter().map(|p| (p.id, p.value.name.as_str())).collect();
    let name_of = |p: &PersonId| names.get(p).copied().unwrap_or("someone removed").to_owned();
    let mut entries = Vec::new();
    for a in source.applications {
        let applied = a.value.applied_on;
        let mut activities = Vec::new();
        if let Some(d) = applied.filter(|d| inside(*d)) {
            let how = match a.value.first_contact {
                FirstContact::Other => String::new(),
                f => f.to_string(),
            };
            activities.push(Activity { date: d, what: "Applied".into(), channel: how, with: String::new() });
        }
        for iv in source.interviews.iter().filter(|iv| iv.value.application == a.id) {
            let day = iv.value.day();
            if !inside(day) {
                continue;
            }
            activities.push(Activity {
                date: day,
                what: format!("Interview ({}, {} min)", iv.value.stage, iv.value.duration_minutes),
                channel: String::new(),
                with: iv.value.interviewers.iter().map(name_of).collect::<Vec<_>>().join(", "),
            });
        }
        for m in source.messages.iter().filter(|m| m.value.application == a.id && inside(m.value.date)) {
            let verb = match m.value.direction {
                Direction::Out => "Sent",
                Direction::In => "Received",
            };
            activities.push(Activity {
                date: m.value.date,
                what: format!("{verb}: {}", m.value.kind),
                channel: m.value.channel.to_string(),
                with: m.value.person.as_ref().map(name_of).unwrap_or_default(),
            });
        }
        for o in source.outcomes.iter().filter(|o| o.value.application == a.id && inside(o.value.date)) {
            activities.push(Activity {
                date: o.value.date,
                what: capitalised(o.value.kind.as_str()),
                channel: String::new(),
                with: String::new(),
            });
        }
        if activities.is_empty() {
            continue;
        }
        activities.sort_by_key(|a| a.date);
        let outcome = source
            .outcomes
            .iter()
            .filter(|o| o.value.application == a.id && o.value.date <= to)
            .max_by_key(|o| (o.value.date, o.id))
            .map(|o| (o.value.kind, o.value.date));
        entries.push(Entry {
            application: a.id,
            company: a.value.company.clone(),
            role: a.value.role.clone(),
            posting_url: a.value.posting_url.clone(),
            applied,
            first_contact: a.value.first_contact,
            activities,
            outcome,
            status: a.value.status,
        });
    }
    entries.sort_by(|x, y| {
        (x.activities[0].date, &x.company, x.application).cmp(&(
            y.activities[0].date,
            &y.company,
            y.application,
        ))
    });
    Report { name: name.trim().to_owned(), from, to, entries }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// "Thu 19 Nov 2026".
fn long_day(d: Date) -> String {
    format!("{} {}", short_day(d), d.year())
}

fn outcome_text(e: &Entry, day: impl Fn(Date) -> String) -> String {
    match e.outcome {
        Some((kind, d)) => format!("{} ({})", capitalised(kind.as_str()), day(d)),
        None => "Open".to_owned(),
    }
}

/// One row per activity: Date, Company, Role, Activity, Channel, With,
/// Applied, Posting, Outcome.
pub fn to_csv(r: &Report) -> String {
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let _ = w.write_record([
        "Date", "Company", "Role", "Activity", "Channel", "With", "Applied", "Posting", "Outcome",
    ]);
    for e in &r.entries {
        for a in &e.activities {
            let _ = w.write_record([
                a.date.to_string(),
                e.company.clone(),
                e.role.clone(),
                a.what.clone(),
                a.channel.clone(),
                a.with.clone(),
                e.applied.map(|d| d.to_string()).unwrap_or_default(),
                e.posting_url.clone().unwrap_or_default(),
                outcome_text(e, |d| d.to_string()),
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Escapes text for HTML element content and quoted attributes.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page's style: plain on screen, and on paper A4 or Letter with
/// margins, no row or heading split from what follows it.
const STYLE: &str = "\
body{font:11pt/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#111;max-width:48rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .25rem}
.who{margin:0 0 1.5rem;color:#333}
section{margin:0 0 1.5rem;border-top:1px solid #999;padding-top:.5rem}
h2{font-size:1.1rem;margin:.25rem 0;break-after:avoid;page-break-after:avoid}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.25rem 0 .5rem}
dt{color:#555}dd{margin:0;overflow-wrap:anywhere}
table{width:100%;border-collapse:collapse;table-layout:fixed}
col.date{width:22%}col.what{width:36%}col.how{width:14%}col.with{width:28%}
th,td{text-align:left;vertical-align:top;padding:.2rem .4rem;border-bottom:1px solid #ddd}
th{font-weight:600;border-bottom:1px solid #999}
tr,dl{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
.none{color:#555}
@page{margin:18mm 15mm}
@media print{body{margin:0;max-width:none;font-size:10pt}a{color:inherit;text-decoration:none}}
";

/// The report as one HTML page with nothing to fetch.
pub fn to_html(r: &Report) -> String {
    let mut h = String::new();
    let period = format!("{} to {}", long_day(r.from), long_day(r.to));
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Applications {}{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        esc(&period),
        if r.name.is_empty() { String::new() } else { format!(" — {}", esc(&r.name)) },
    );
    let _ = writeln!(h, "<h1>Proof of applications</h1>");
    let who =
        if r.name.is_empty() { String::new() } else { format!("<strong>{}</strong> · ", esc(&r.name)) };
    let _ = writeln!(
        h,
        "<p class=\"who\">{who}{} · {} application{} with activity</p>",
        esc(&period),
        r.entries.len(),
        if r.entries.len() == 1 { "" } else { "s" }
    );
    if r.entries.is_empty() {
        let _ = writeln!(h, "<p class=\"none\">Nothing was recorded in this period.</p>");
    }
    for e in &r.entries {
        let _ = writeln!(h, "<section>\n<h2>{} — {}</h2>\n<dl>", esc(&e.company), esc(&e.role));
        let applied = e.applied.map_or_else(|| "not recorded".to_owned(), long_day);
        let _ = writeln!(h, "<dt>Applied</dt><dd>{}</dd>", esc(&applied));
        if let Some(url) = &e.posting_url {
            let _ = writeln!(h, "<dt>Posting</dt><dd>{}</dd>", esc(url));
        }
        let _ = writeln!(h, "<dt>Outcome</dt><dd>{}</dd>\n</dl>", esc(&outcome_text(e, long_day)));
        let _ = writeln!(
            h,
            "<table>\n<colgroup><col class=\"date\"><col class=\"what\"><col class=\"how\"><col class=\"with\"></colgroup>\n<thead><tr><th>Date</th><th>Activity</th><th>Channel</th><th>With</th></tr></thead>\n<tbody>"
        );
        for a in &e.activities {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&long_day(a.date)),
                esc(&a.what),
                esc(&a.channel),
                esc(&a.with)
            );
        }
        let _ = writeln!(h, "</tbody>\n</table>\n</section>");
    }
    h.push_str("</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::{Channel, MessageKind, Stage};

    fn day(d: i8) -> Date {
        Date::new(2026, 11, d).unwrap()
    }

    #[test]
    fn the_period_picks_the_applications_and_their_activities() {
        let mut acme = Application::new("Acme <Robotics>", "Data Engineer");
        acme.first_contact = FirstContact::JobBoard;
        acme.applied_on = Some(day(3));
        let mut beta = Application::new("Beta", "Lead");
        beta.applied_on = Some(Date::new(2026, 9, 1).unwrap());
        let apps = vec![
            Record { id: ApplicationId(1), value: acme },
            Record { id: ApplicationId(2), value: Application::new("Quiet", "Dev") },
            Record { id: ApplicationId(3), value: beta },
        ];
        let people = vec![Record { id: PersonId(1), value: Person::new("Maria Lopez") }];
        let mut iv = Interview::new(
            ApplicationId(1),
            "2026-11-19T14:00-05:00[America/New_York]".parse().unwrap(),
            Stage::Panel,
        );
        iv.interviewers = vec![PersonId(1)];
        let interviews = vec![Record { id: InterviewId(1), value: iv }];
        let msg = |app, date, kind, dir| Message {
            application: ApplicationId(app),
            person: Some(PersonId(1)),
            kind,
            direction: dir,
            date,
            channel: Channel::Email,
            subject: None,
            body: None,
            source_id: None,
        };
        let messages = vec![
            Record { id: MessageId(1), value: msg(1, day(20), MessageKind::ThankYou, Direction::Out) },
            Record { id: MessageId(2), value: msg(3, day(2), MessageKind::StatusCheck, Direction::Out) },
            Record {
                id: MessageId(3),
                value: msg(2, Date::new(2026, 10, 2).unwrap(), MessageKind::Other, Direction::In),
            },
        ];
        let outcomes = vec![Record {
            id: OutcomeId(1),
            value: Outcome {
                application: ApplicationId(1),
                kind: OutcomeKind::Rejection,
                date: day(27),
                deadline: None,
                feedback: None,
            },
        }];
        let source = Source {
            applications: &apps,
            people: &people,
            interviews: &interviews,
            messages: &messages,
            outcomes: &outcomes,
        };
        let r = build(&source, " Sam Rivera ", day(1), day(30));
        let companies: Vec<&str> = r.entries.iter().map(|e| e.company.as_str()).collect();
        assert_eq!(companies, ["Beta", "Acme <Robotics>"], "by first activity; Quiet had none in the period");
        let acme = &r.entries[1];
        let what: Vec<&str> = acme.activities.iter().map(|a| a.what.as_str()).collect();
        assert_eq!(what, ["Applied", "Interview (panel, 60 min)", "Sent: thank-you", "Rejection"]);
        assert_eq!(acme.activities[1].with, "Maria Lopez");
        assert_eq!(acme.outcome, Some((OutcomeKind::Rejection, day(27))));

        let csv = to_csv(&r);
        assert_eq!(csv.lines().count(), 1 + 1 + 4);
        assert!(csv.contains("2026-11-20,Acme <Robotics>,Data Engineer,Sent: thank-you,email,Maria Lopez,2026-11-03,,Rejection (2026-11-27)"), "{csv}");

        let html = to_html(&r);
        assert!(html.contains("<strong>Sam Rivera</strong> · Sun 1 Nov 2026 to Mon 30 Nov 2026"), "{html}");
        assert!(html.contains("Acme &lt;Robotics&gt;"));
        assert!(!html.contains("<Robotics>"));
        assert!(
            !html.contains("<script") && !html.contains("<link") && !html.contains("src="),
            "self-contained"
        );
        assert!(html.contains("@media print") && html.contains("break-inside:avoid"));

        // A period with nothing in it still makes a page that says so.
        let empty = build(&source, "", Date::new(2025, 1, 1).unwrap(), Date::new(2025, 1, 31).unwrap());
        assert!(empty.entries.is_empty());
        assert!(to_html(&empty).contains("Nothing was recorded in this period."));
    }
}

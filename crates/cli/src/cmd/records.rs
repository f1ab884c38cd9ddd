//! Recording facts: add / edit / list / show / remove for applications,
//! people, interviews and outcomes, and `log` for messages.

use std::io::Write;

use afterview_app::local::Local;
use afterview_app::record::{
    self, ApplicationChanges, InterviewChanges, MessageChanges, NewMessage, OutcomeChanges, PersonChanges,
    PersonLink, PersonSaved,
};
use afterview_core::ids::ApplicationId;
use afterview_core::kinds::Direction;
use afterview_store::Store;
use anyhow::{Context as _, Result};
use jiff::tz::TimeZone;

use crate::cli::{
    ApplicationCmd, ApplicationFields, InterviewCmd, InterviewFields, LogArgs, MessageCmd, MessageFields,
    OutcomeCmd, OutcomeFields, PersonCmd, PersonFields,
};
use crate::prompt;
use crate::render::{day, or_dash, print_json, short_day, table};

/// An application id typed at a prompt: one that parses and names an
/// application, by the use case's own lookup.
fn application_answer(store: &impl Store, s: &str) -> prompt::Checked<ApplicationId> {
    match s.parse::<ApplicationId>() {
        Ok(id) => prompt::verdict(record::application(store, id).map(|_| id), "application"),
        Err(e) => Ok(Err(e.to_string())),
    }
}

fn application_asked(store: &impl Store, given: Option<ApplicationId>) -> Result<ApplicationId> {
    prompt::required_checked(given, "--application", "Application id (e.g. a1)", |s| {
        application_answer(store, s)
    })
}

/// A new interview's start typed at a prompt, read as `interview add` will
/// read it with the other answers and flags in `c`.
fn start_answer(
    store: &impl Store,
    zone: &TimeZone,
    c: &InterviewChanges,
    s: &str,
) -> prompt::Checked<String> {
    let probe = InterviewChanges { start: Some(s.to_owned()), ..c.clone() };
    prompt::verdict(record::new_interview_start(store, zone, &probe).map(|_| s.to_owned()), "start")
}

// ----- applications ------------------------------------------------------------

impl From<ApplicationFields> for ApplicationChanges {
    fn from(f: ApplicationFields) -> Self {
        Self {
            company: f.company,
            role: f.role,
            status: f.status,
            culture: f.culture,
            region: f.region,
            first_contact: f.first_contact,
            applied_on: f.applied.map(Some),
            posting_url: f.posting_url,
            notes: f.notes,
        }
    }
}

pub fn application(local: &Local, cmd: ApplicationCmd, out: &mut dyn Write) -> Result<()> {
    let mut store = super::open(local)?;
    match cmd {
        ApplicationCmd::Add(mut f) => {
            f.company = Some(prompt::required(f.company.take(), "--company", "Company")?);
            f.role = Some(prompt::required(f.role.take(), "--role", "Role")?);
            let a = record::add_application(&mut store, f.into())?;
            writeln!(out, "Added application {}: {} — {}", a.id, a.value.company, a.value.role)?;
        }
        ApplicationCmd::Edit { id, fields } => {
            let a = record::edit_application(&mut store, id, fields.into())?.value;
            writeln!(out, "Updated application {id}: {} — {} ({})", a.company, a.role, a.status)?;
        }
        ApplicationCmd::List { status, today, list } => {
            let apps =
                afterview_app::agenda::applications(&store, &local.settings, local.today(today), status)?;
            if list.json {
                return print_json(out, &apps);
            }
            if apps.is_empty() {
                match status {
                    Some(s) => {
                        writeln!(out, "No application is {s}; `afterview application list` shows them all.")?
                    }
                    None => writeln!(
                        out,
                        "No applications yet. Add one with `afterview application add`, or try `afterview demo`."
                    )?,
                }
                return Ok(());
            }
            let rows: Vec<Vec<String>> = apps
                .iter()
                .map(|a| {
                    vec![
                        a.application.id.to_string(),
                        a.application.value.company.clone(),
                        a.application.value.role.clone(),
                        match a.offer_expired {
                            Some(d) => format!("{}, expired {}", a.standing, short_day(d)),
                            None => a.standing.to_string(),
                        },
                    ]
                })
                .collect();
            write!(out, "{}", table(&["ID", "COMPANY", "ROLE", "STATUS"], &rows))?;
        }
        ApplicationCmd::Show { id, list } => show_application(&store, id, list.json, out)?,
        ApplicationCmd::Remove { id, remove } => {
            let a = record::application(&store, id)?.value;
            let question = format!(
                "Remove {id} ({} — {}) with its interviews, messages and outcomes?",
                a.company, a.role
            );
            if prompt::confirm(&question, remove.yes)? {
                record::remove_application(&mut store, id)?;
                writeln!(out, "Removed application {id}.")?;
            }
        }
    }
    Ok(())
}

fn show_application(
    store: &impl afterview_store::Store,
    id: afterview_core::ids::ApplicationId,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let view = record::application_view(store, id)?;
    if json {
        return print_json(out, &view);
    }
    let a = &view.application.value;
    writeln!(out, "{} {} — {} ({})", view.application.id, a.company, a.role, a.status)?;
    writeln!(
        out,
        "  culture: {}, first contact: {}, region: {}",
        a.culture,
        a.first_contact,
        a.region.as_deref().unwrap_or("your setting")
    )?;
    if let Some(d) = a.applied_on {
        writeln!(out, "  applied: {}", day(d))?;
    }
    if let Some(url) = &a.posting_url {
        writeln!(out, "  posting: {url}")?;
    }
    if let Some(notes) = &a.notes {
        writeln!(out, "  notes: {notes}")?;
    }
    if !view.people.is_empty() {
        writeln!(out, "People")?;
        for p in &view.people {
            let title = p.person.value.title.as_deref().map(|t| format!(", {t}")).unwrap_or_default();
            writeln!(out, "  {} {}{title} ({})", p.person.id, p.person.value.name, p.role)?;
        }
    }
    if !view.interviews.is_empty() {
        writeln!(out, "Interviews")?;
        for iv in &view.interviews {
            let v = &iv.value;
            let with: Vec<String> = v.interviewers.iter().map(|p| view.name_of(*p)).collect();
            writeln!(
                out,
                "  {} {} {} at {}{}",
                iv.id,
                day(v.day()),
                v.stage,
                v.start.strftime("%H:%M %Z"),
                if with.is_empty() { String::new() } else { format!(" with {}", with.join(", ")) }
            )?;
            if !v.topics.is_empty() {
                writeln!(out, "      topics: {}", v.topics.join("; "))?;
            }
            if !v.promised.is_empty() {
                writeln!(out, "      promised: {}", v.promised.join("; "))?;
            }
            if let Some(n) = &v.next_steps {
                writeln!(out, "      next steps: \"{n}\"")?;
            }
        }
    }
    if !view.messages.is_empty() {
        writeln!(out, "Messages")?;
        for m in &view.messages {
            let v = &m.value;
            let who = v.person.map(|p| view.name_of(p)).unwrap_or_default();
            let arrow = if v.direction == Direction::Out { "to" } else { "from" };
            writeln!(
                out,
                "  {} {} {} ({}) {arrow} {who}: {}",
                m.id,
                day(v.date),
                v.kind,
                v.channel,
                or_dash(v.subject.as_deref())
            )?;
        }
    }
    if !view.outcomes.is_empty() {
        writeln!(out, "Outcomes")?;
        for o in &view.outcomes {
            let v = &o.value;
            let deadline = v.deadline.map(|d| format!(", answer by {}", day(d))).unwrap_or_default();
            writeln!(out, "  {} {} {}{deadline}", o.id, day(v.date), v.kind)?;
            if let Some(f) = &v.feedback {
                writeln!(out, "      feedback: {f}")?;
            }
        }
    }
    Ok(())
}

// ----- people ------------------------------------------------------------------

impl From<PersonFields> for PersonChanges {
    fn from(f: PersonFields) -> Self {
        Self {
            name: f.name,
            title: f.title,
            email: f.email.map(crate::cli::Clearable::into_option),
            phone: f.phone,
            linkedin: f.linkedin,
            organisation: f.organisation,
            time_zone: f.time_zone.map(crate::cli::Clearable::into_option),
            notes: f.notes,
        }
    }
}

fn linked(out: &mut dyn Write, saved: &PersonSaved) -> Result<()> {
    if let Some((app, role)) = saved.linked {
        writeln!(out, "{} is {role} on {app}.", saved.person.id)?;
    }
    Ok(())
}

pub fn person(local: &Local, cmd: PersonCmd, out: &mut dyn Write) -> Result<()> {
    let mut store = super::open(local)?;
    match cmd {
        PersonCmd::Add { mut fields, link } => {
            fields.name = Some(prompt::required(fields.name.take(), "--name", "Name")?);
            let link = PersonLink { application: link.application, role: link.role };
            let saved = record::add_person(&mut store, fields.into(), link)?;
            writeln!(out, "Added person {}: {}", saved.person.id, saved.person.value.name)?;
            linked(out, &saved)?;
        }
        PersonCmd::Edit { id, fields, link } => {
            let link = PersonLink { application: link.application, role: link.role };
            let saved = record::edit_person(&mut store, id, fields.into(), link)?;
            writeln!(out, "Updated person {id}: {}", saved.person.value.name)?;
            linked(out, &saved)?;
        }
        PersonCmd::List { application, list } => {
            let people = record::people(&store, application)?;
            if list.json {
                return print_json(out, &people);
            }
            let rows: Vec<Vec<String>> = people
                .iter()
                .map(|p| {
                    let v = &p.value;
                    vec![
                        p.id.to_string(),
                        v.name.clone(),
                        or_dash(v.title.as_deref()),
                        or_dash(v.organisation.as_deref()),
                        or_dash(v.email.as_ref().map(|e| e.as_str())),
                    ]
                })
                .collect();
            write!(out, "{}", table(&["ID", "NAME", "TITLE", "ORGANISATION", "EMAIL"], &rows))?;
        }
        PersonCmd::Show { id, list } => {
            let p = record::person(&store, id)?;
            if list.json {
                return print_json(out, &p);
            }
            let v = &p.value;
            writeln!(out, "{} {}", p.id, v.name)?;
            let fields = [
                ("title", v.title.clone()),
                ("organisation", v.organisation.clone()),
                ("email", v.email.as_ref().map(ToString::to_string)),
                ("phone", v.phone.clone()),
                ("linkedin", v.linkedin.clone()),
                ("time zone", v.time_zone.as_ref().map(ToString::to_string)),
                ("notes", v.notes.clone()),
            ];
            for (label, value) in fields {
                if let Some(value) = value {
                    writeln!(out, "  {label}: {value}")?;
                }
            }
        }
        PersonCmd::Remove { id, remove } => {
            let p = record::person(&store, id)?.value;
            if prompt::confirm(&format!("Remove {id} ({})?", p.name), remove.yes)? {
                record::remove_person(&mut store, id)?;
                writeln!(out, "Removed person {id}.")?;
            }
        }
    }
    Ok(())
}

// ----- interviews --------------------------------------------------------------

impl From<InterviewFields> for InterviewChanges {
    fn from(f: InterviewFields) -> Self {
        Self {
            application: f.application,
            start: f.start,
            time_zone: f.time_zone,
            duration_minutes: f.duration,
            stage: f.stage,
            interviewers: f.interviewers,
            topics: f.topics,
            promised: f.promised,
            next_steps: f.next_steps,
            references_requested: f.references_requested,
            follow_ups_invited: f.follow_ups_invited,
            notes: f.notes,
            location: f.location,
        }
    }
}

pub fn interview(local: &Local, cmd: InterviewCmd, out: &mut dyn Write) -> Result<()> {
    let mut store = super::open(local)?;
    match cmd {
        InterviewCmd::Add(f) => {
            let zone = local.zone();
            let mut c = InterviewChanges::from(f);
            c.application = Some(application_asked(&store, c.application)?);
            // A start typed at the prompt is read as the use case will read
            // it (in the zone it picks), so a bad one is asked again alone.
            let given = c.start.take().filter(|s| !s.trim().is_empty());
            let start = prompt::required_checked(given, "--start", "Start (YYYY-MM-DDTHH:MM)", |s| {
                start_answer(&store, &zone, &c, s)
            })?;
            c.start = Some(start);
            c.stage = Some(prompt::required_parsed(
                c.stage.take(),
                "--stage",
                "Stage (phone-screen, video, onsite, panel, final)",
            )?);
            let iv = record::add_interview(&mut store, &zone, c)?;
            let v = &iv.value;
            writeln!(
                out,
                "Added interview {}: {} {} at {}",
                iv.id,
                v.stage,
                day(v.day()),
                v.start.strftime("%H:%M %Z")
            )?;
        }
        InterviewCmd::Edit { id, fields } => {
            record::edit_interview(&mut store, &local.zone(), id, fields.into())?;
            writeln!(out, "Updated interview {id}.")?;
        }
        InterviewCmd::List { application, list } => {
            let interviews = record::interviews(&store, application)?;
            if list.json {
                let records: Vec<_> = interviews.iter().map(|row| &row.interview).collect();
                return print_json(out, &records);
            }
            let rows: Vec<Vec<String>> = interviews
                .iter()
                .map(|row| {
                    let (i, v) = (&row.interview, &row.interview.value);
                    vec![
                        i.id.to_string(),
                        day(v.day()),
                        v.start.strftime("%H:%M %Z").to_string(),
                        v.stage.to_string(),
                        row.company.clone(),
                    ]
                })
                .collect();
            write!(out, "{}", table(&["ID", "DAY", "TIME", "STAGE", "COMPANY"], &rows))?;
        }
        InterviewCmd::Show { id, list } => {
            let view = record::interview_view(&store, id)?;
            if list.json {
                return print_json(out, &view.interview);
            }
            let (iv, v, app) = (&view.interview, &view.interview.value, &view.application);
            writeln!(
                out,
                "{} {} interview at {} for {} — {}",
                iv.id, v.stage, app.company, app.role, v.application
            )?;
            writeln!(
                out,
                "  {} at {} ({} minutes)",
                day(v.day()),
                v.start.strftime("%H:%M %Z"),
                v.duration_minutes
            )?;
            for p in &view.panel {
                let title = p.value.title.as_deref().map(|t| format!(", {t}")).unwrap_or_default();
                writeln!(out, "  with {} {}{title}", p.id, p.value.name)?;
            }
            if let Some(place) = &v.location {
                writeln!(out, "  where: {place}")?;
            }
            for (label, items) in [("topics", &v.topics), ("promised", &v.promised)] {
                if !items.is_empty() {
                    writeln!(out, "  {label}: {}", items.join("; "))?;
                }
            }
            if let Some(n) = &v.next_steps {
                writeln!(out, "  next steps: \"{n}\"")?;
            }
            if v.references_requested {
                writeln!(out, "  references requested")?;
            }
            if v.follow_ups_invited {
                writeln!(out, "  follow-ups invited")?;
            }
        }
        InterviewCmd::Remove { id, remove } => {
            record::interview_view(&store, id)?;
            if prompt::confirm(&format!("Remove interview {id}?"), remove.yes)? {
                record::remove_interview(&mut store, id)?;
                writeln!(out, "Removed interview {id}.")?;
            }
        }
    }
    Ok(())
}

// ----- outcomes ----------------------------------------------------------------

impl From<OutcomeFields> for OutcomeChanges {
    fn from(f: OutcomeFields) -> Self {
        Self {
            application: f.application,
            kind: f.kind,
            date: f.date,
            deadline: f.deadline,
            feedback: f.feedback,
        }
    }
}

pub fn outcome(local: &Local, cmd: OutcomeCmd, out: &mut dyn Write) -> Result<()> {
    let mut store = super::open(local)?;
    match cmd {
        OutcomeCmd::Add(mut f) => {
            f.application = Some(application_asked(&store, f.application.take())?);
            f.kind = Some(prompt::required_parsed(
                f.kind.take(),
                "--kind",
                "Outcome (offer, rejection, withdrawal, acceptance)",
            )?);
            let o = record::add_outcome(&mut store, local.today(None), f.into())?;
            writeln!(
                out,
                "Recorded {} for {} as {}; the application is now {}.",
                o.value.kind,
                o.value.application,
                o.id,
                o.value.kind.resulting_status()
            )?;
        }
        OutcomeCmd::Edit { id, fields } => {
            record::edit_outcome(&mut store, id, fields.into())?;
            writeln!(out, "Updated outcome {id}.")?;
        }
        OutcomeCmd::List { application, list } => {
            let outcomes = record::outcomes(&store, application)?;
            if list.json {
                return print_json(out, &outcomes);
            }
            let rows: Vec<Vec<String>> = outcomes
                .iter()
                .map(|o| {
                    let v = &o.value;
                    vec![
                        o.id.to_string(),
                        v.application.to_string(),
                        v.kind.to_string(),
                        day(v.date),
                        v.deadline.map(day).unwrap_or_else(|| "-".into()),
                    ]
                })
                .collect();
            write!(out, "{}", table(&["ID", "APPLICATION", "OUTCOME", "DAY", "DEADLINE"], &rows))?;
        }
        OutcomeCmd::Show { id, list } => {
            let o = record::outcome(&store, id)?;
            if list.json {
                return print_json(out, &o);
            }
            let v = &o.value;
            writeln!(out, "{} {} for {} on {}", o.id, v.kind, v.application, day(v.date))?;
            if let Some(d) = v.deadline {
                writeln!(out, "  answer by {}", day(d))?;
            }
            if let Some(f) = &v.feedback {
                writeln!(out, "  feedback: {f}")?;
            }
        }
        OutcomeCmd::Remove { id, remove } => {
            record::outcome(&store, id)?;
            if prompt::confirm(&format!("Remove outcome {id}?"), remove.yes)? {
                record::remove_outcome(&mut store, id)?;
                writeln!(
                    out,
                    "Removed outcome {id}. The application's status stays as it is; change it with `afterview application edit`."
                )?;
            }
        }
    }
    Ok(())
}

// ----- messages ----------------------------------------------------------------

pub fn log(local: &Local, args: LogArgs, out: &mut dyn Write) -> Result<()> {
    let mut store = super::open(local)?;
    let application = application_asked(&store, args.application)?;
    let kind = prompt::required_parsed(args.kind, "--kind", "Kind (thank-you, status-check, …, other)")?;
    let body = match (args.body, args.body_file) {
        (Some(b), _) => Some(b),
        (None, Some(path)) => Some(
            std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read the message text from {}", path.display()))?,
        ),
        (None, None) => None,
    };
    let message = NewMessage {
        application: Some(application),
        person: args.person,
        kind: Some(kind),
        direction: args.direction,
        date: args.date,
        channel: args.channel,
        subject: args.subject,
        body,
    };
    let m = record::log_message(&mut store, local.today(None), message)?;
    let v = &m.value;
    let verb = if v.direction == Direction::Out { "sent" } else { "received" };
    writeln!(out, "Logged {}: {} {verb} on {} by {}.", m.id, v.kind, day(v.date), v.channel)?;
    Ok(())
}

impl From<MessageFields> for MessageChanges {
    fn from(f: MessageFields) -> Self {
        Self {
            person: f.person,
            kind: f.kind,
            direction: f.direction,
            date: f.date,
            channel: f.channel,
            subject: f.subject,
            body: f.body,
        }
    }
}

pub fn message(local: &Local, cmd: MessageCmd, out: &mut dyn Write) -> Result<()> {
    let mut store = super::open(local)?;
    match cmd {
        MessageCmd::List { application, list } => {
            let messages = record::messages(&store, application)?;
            if list.json {
                return print_json(out, &messages);
            }
            let rows: Vec<Vec<String>> = messages
                .iter()
                .map(|m| {
                    let v = &m.value;
                    vec![
                        m.id.to_string(),
                        day(v.date),
                        v.application.to_string(),
                        v.kind.to_string(),
                        v.direction.to_string(),
                        v.channel.to_string(),
                        or_dash(v.subject.as_deref()),
                    ]
                })
                .collect();
            write!(
                out,
                "{}",
                table(&["ID", "DAY", "APPLICATION", "KIND", "DIRECTION", "CHANNEL", "SUBJECT"], &rows)
            )?;
        }
        MessageCmd::Show { id, list } => {
            let m = record::message(&store, id)?;
            if list.json {
                return print_json(out, &m);
            }
            let v = &m.value;
            let arrow = if v.direction == Direction::Out { "to" } else { "from" };
            let who = v.person.map(|p| format!(" {arrow} {p}")).unwrap_or_default();
            writeln!(out, "{} {} {} ({}){who}, {}", m.id, v.kind, day(v.date), v.channel, v.application)?;
            if let Some(s) = &v.subject {
                writeln!(out, "  subject: {s}")?;
            }
            if let Some(b) = &v.body {
                writeln!(out, "\n{b}")?;
            }
        }
        MessageCmd::Edit { id, fields } => {
            let m = record::edit_message(&mut store, local.today(None), id, fields.into())?;
            writeln!(out, "Updated message {id}: {} on {}.", m.value.kind, day(m.value.date))?;
        }
        MessageCmd::Remove { id, remove } => {
            let m = record::message(&store, id)?.value;
            if prompt::confirm(&format!("Remove message {id} ({} on {})?", m.kind, day(m.date)), remove.yes)?
            {
                record::remove_message(&mut store, id)?;
                writeln!(out, "Removed message {id}.")?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! The questions `interview add` asks, answered from a string instead
    //! of a terminal: each bad answer is asked again with the use case's
    //! reason, the others are kept, end of input stops as a usage error.

    use afterview_sqlite::SqliteStore;

    use super::*;

    fn store_with_acme() -> SqliteStore {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let acme = ApplicationChanges {
            company: Some("Acme".into()),
            role: Some("Dev".into()),
            ..ApplicationChanges::default()
        };
        record::add_application(&mut store, acme).unwrap();
        store
    }

    /// Regression (issue 9): a bad answer threw away everything typed.
    #[test]
    fn a_bad_answer_is_asked_again_alone() {
        let store = store_with_acme();
        let zone = TimeZone::get("America/New_York").unwrap();
        let mut typed =
            std::io::Cursor::new("a9\nx1\na1\n0001-01-01T10:00\n2026-03-08T02:30\n\n2026-11-20T14:00\n");
        let mut shown = Vec::new();
        let app = prompt::ask(&mut typed, &mut shown, "--application", "Application id", |s| {
            application_answer(&store, s)
        })
        .unwrap();
        let c = InterviewChanges { application: Some(app), ..InterviewChanges::default() };
        let start =
            prompt::ask(&mut typed, &mut shown, "--start", "Start", |s| start_answer(&store, &zone, &c, s))
                .unwrap();
        assert_eq!((app.to_string().as_str(), start.as_str()), ("a1", "2026-11-20T14:00"));
        let shown = String::from_utf8(shown).unwrap();
        for reason in [
            "there is no application a9; `afterview application list` shows the ones there are",
            "\"x1\" is not an application id such as a12",
            "Start: \"0001-01-01T10:00\" is not a date from 1900 to 2200 (check the year)",
            "Start: \"2026-03-08T02:30\" is not a time that exists once in America/New_York",
        ] {
            assert!(shown.contains(reason), "{reason}: {shown}");
        }
        assert_eq!(shown.matches("Application id: ").count(), 3, "{shown}");
        assert_eq!(shown.matches("Start: ").count(), 4, "an empty answer is asked again: {shown}");
    }

    #[test]
    fn end_of_input_stops_as_a_missing_flag() {
        let store = store_with_acme();
        let mut typed = std::io::Cursor::new("a9\n");
        let mut shown = Vec::new();
        let err = prompt::ask(&mut typed, &mut shown, "--application", "Application id", |s| {
            application_answer(&store, s)
        })
        .unwrap_err();
        assert_eq!(crate::errors::exit_code(&err), 2);
        assert_eq!(err.to_string(), "--application is required: Application id");
        assert!(String::from_utf8(shown).unwrap().ends_with("Application id: \n"), "the prompt's line ends");
    }

    #[test]
    fn a_problem_the_answer_cannot_fix_stops_at_once() {
        let store = store_with_acme();
        let zone = TimeZone::UTC;
        let c = InterviewChanges {
            application: "a1".parse().ok(),
            interviewers: vec!["p99".parse().unwrap()],
            ..InterviewChanges::default()
        };
        let mut typed = std::io::Cursor::new("2026-11-20T14:00\n");
        let err = prompt::ask(&mut typed, &mut Vec::new(), "--start", "Start", |s| {
            start_answer(&store, &zone, &c, s)
        })
        .unwrap_err();
        assert_eq!(
            crate::errors::describe(&err),
            "there is no person p99; `afterview person list` shows the ones there are"
        );
    }
}

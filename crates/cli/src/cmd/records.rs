//! Recording facts: add / edit / list / show / remove for applications,
//! people, interviews and outcomes, and `log` for messages.

use afterview_core::ids::ApplicationId;
use afterview_core::kinds::PersonRole;
use afterview_core::model::{Application, Interview, Message, Outcome, Person, Record};
use afterview_core::settings::parse_region;
use afterview_core::values::parse_start;
use afterview_store::Store;
use anyhow::{Context as _, Result};
use serde::Serialize;

use crate::cli::{
    ApplicationCmd, ApplicationFields, InterviewCmd, InterviewFields, LogArgs, OutcomeCmd, OutcomeFields,
    PersonCmd, PersonFields, PersonLink,
};
use crate::context::Ctx;
use crate::render::{day, or_dash, print_json, table};
use crate::{UsageError, prompt};

/// Sets an optional text field: a value sets it, an empty value clears it.
fn set_text(target: &mut Option<String>, given: Option<String>) {
    if let Some(v) = given {
        *target = (!v.trim().is_empty()).then_some(v);
    }
}

fn region(given: Option<String>) -> Result<Option<Option<String>>> {
    match given {
        None => Ok(None),
        Some(r) if r.trim().is_empty() => Ok(Some(None)),
        Some(r) => {
            Ok(Some(Some(parse_region(&r).map_err(|e| UsageError(format!("--region: {e}")))?.to_string())))
        }
    }
}

// ----- applications ------------------------------------------------------------

fn apply_application(a: &mut Application, f: ApplicationFields) -> Result<()> {
    if let Some(v) = f.company.filter(|v| !v.trim().is_empty()) {
        a.company = v;
    }
    if let Some(v) = f.role.filter(|v| !v.trim().is_empty()) {
        a.role = v;
    }
    if let Some(v) = f.status {
        a.status = v;
    }
    if let Some(v) = f.culture {
        a.culture = v;
    }
    if let Some(v) = region(f.region)? {
        a.region = v;
    }
    if let Some(v) = f.first_contact {
        a.first_contact = v;
    }
    set_text(&mut a.posting_url, f.posting_url);
    set_text(&mut a.notes, f.notes);
    Ok(())
}

pub fn application(ctx: &Ctx, cmd: ApplicationCmd) -> Result<()> {
    let mut store = ctx.store()?;
    match cmd {
        ApplicationCmd::Add(mut f) => {
            let company = prompt::required(f.company.take(), "--company", "Company")?;
            let role = prompt::required(f.role.take(), "--role", "Role")?;
            let mut a = Application::new(company, role);
            apply_application(&mut a, f)?;
            let id = store.write(|tx| tx.add_application(&a))?;
            println!("Added application {id}: {} — {}", a.company, a.role);
        }
        ApplicationCmd::Edit { id, fields } => {
            let mut a = store.application(id)?.value;
            apply_application(&mut a, fields)?;
            store.write(|tx| tx.update_application(id, &a))?;
            println!("Updated application {id}: {} — {} ({})", a.company, a.role, a.status);
        }
        ApplicationCmd::List { status, list } => {
            let apps: Vec<_> = store
                .applications()?
                .into_iter()
                .filter(|a| status.is_none_or(|s| a.value.status == s))
                .collect();
            if list.json {
                return print_json(&apps);
            }
            if apps.is_empty() {
                println!(
                    "No applications yet. Add one with `afterview application add`, or try `afterview demo`."
                );
                return Ok(());
            }
            let rows: Vec<Vec<String>> = apps
                .iter()
                .map(|a| {
                    vec![
                        a.id.to_string(),
                        a.value.company.clone(),
                        a.value.role.clone(),
                        a.value.status.to_string(),
                    ]
                })
                .collect();
            print!("{}", table(&["ID", "COMPANY", "ROLE", "STATUS"], &rows));
        }
        ApplicationCmd::Show { id, list } => show_application(&store, id, list.json)?,
        ApplicationCmd::Remove { id, remove } => {
            let a = store.application(id)?.value;
            let question = format!(
                "Remove {id} ({} — {}) with its interviews, messages and outcomes?",
                a.company, a.role
            );
            if prompt::confirm(&question, remove.yes)? {
                store.write(|tx| tx.remove_application(id))?;
                println!("Removed application {id}.");
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct ApplicationView {
    #[serde(flatten)]
    application: Record<ApplicationId, Application>,
    people: Vec<PersonOnApplication>,
    interviews: Vec<Record<afterview_core::ids::InterviewId, Interview>>,
    messages: Vec<Record<afterview_core::ids::MessageId, Message>>,
    outcomes: Vec<Record<afterview_core::ids::OutcomeId, Outcome>>,
}

#[derive(Serialize)]
struct PersonOnApplication {
    role: PersonRole,
    #[serde(flatten)]
    person: Record<afterview_core::ids::PersonId, Person>,
}

fn show_application(store: &Store, id: ApplicationId, json: bool) -> Result<()> {
    let application = store.application(id)?;
    let people = store
        .involvements(Some(id))?
        .into_iter()
        .map(|i| Ok(PersonOnApplication { role: i.role, person: store.person(i.person)? }))
        .collect::<Result<Vec<_>>>()?;
    let view = ApplicationView {
        application,
        people,
        interviews: store.interviews(Some(id))?,
        messages: store.messages(Some(id))?,
        outcomes: store.outcomes(Some(id))?,
    };
    if json {
        return print_json(&view);
    }
    let a = &view.application.value;
    println!("{} {} — {} ({})", view.application.id, a.company, a.role, a.status);
    println!(
        "  culture: {}, first contact: {}, region: {}",
        a.culture,
        a.first_contact,
        a.region.as_deref().unwrap_or("your setting")
    );
    if let Some(url) = &a.posting_url {
        println!("  posting: {url}");
    }
    if let Some(notes) = &a.notes {
        println!("  notes: {notes}");
    }
    let name_of = |p: afterview_core::ids::PersonId| {
        view.people
            .iter()
            .find(|x| x.person.id == p)
            .map_or_else(|| p.to_string(), |x| x.person.value.name.clone())
    };
    if !view.people.is_empty() {
        println!("People");
        for p in &view.people {
            let title = p.person.value.title.as_deref().map(|t| format!(", {t}")).unwrap_or_default();
            println!("  {} {}{title} ({})", p.person.id, p.person.value.name, p.role);
        }
    }
    if !view.interviews.is_empty() {
        println!("Interviews");
        for iv in &view.interviews {
            let v = &iv.value;
            let with: Vec<String> = v.interviewers.iter().map(|p| name_of(*p)).collect();
            println!(
                "  {} {} {} at {}{}",
                iv.id,
                day(v.day()),
                v.stage,
                v.start.strftime("%H:%M %Z"),
                if with.is_empty() { String::new() } else { format!(" with {}", with.join(", ")) }
            );
            if !v.topics.is_empty() {
                println!("      topics: {}", v.topics.join("; "));
            }
            if !v.promised.is_empty() {
                println!("      promised: {}", v.promised.join("; "));
            }
            if let Some(n) = &v.next_steps {
                println!("      next steps: \"{n}\"");
            }
        }
    }
    if !view.messages.is_empty() {
        println!("Messages");
        for m in &view.messages {
            let v = &m.value;
            let who = v.person.map(name_of).unwrap_or_default();
            let arrow = if v.direction == afterview_core::kinds::Direction::Out { "to" } else { "from" };
            println!(
                "  {} {} {} ({}) {arrow} {who}: {}",
                m.id,
                day(v.date),
                v.kind,
                v.channel,
                or_dash(v.subject.as_deref())
            );
        }
    }
    if !view.outcomes.is_empty() {
        println!("Outcomes");
        for o in &view.outcomes {
            let v = &o.value;
            let deadline = v.deadline.map(|d| format!(", answer by {}", day(d))).unwrap_or_default();
            println!("  {} {} {}{deadline}", o.id, day(v.date), v.kind);
            if let Some(f) = &v.feedback {
                println!("      feedback: {f}");
            }
        }
    }
    Ok(())
}

// ----- people ------------------------------------------------------------------

fn apply_person(p: &mut Person, f: PersonFields) {
    if let Some(v) = f.name.filter(|v| !v.trim().is_empty()) {
        p.name = v;
    }
    set_text(&mut p.title, f.title);
    if let Some(v) = f.email {
        p.email = v.into_option();
    }
    set_text(&mut p.phone, f.phone);
    set_text(&mut p.linkedin, f.linkedin);
    set_text(&mut p.organisation, f.organisation);
    if let Some(v) = f.time_zone {
        p.time_zone = v.into_option();
    }
    set_text(&mut p.notes, f.notes);
}

fn link(store: &mut Store, person: afterview_core::ids::PersonId, link: PersonLink) -> Result<()> {
    if let Some(app) = link.application {
        let role = link.role.unwrap_or(PersonRole::Interviewer);
        store.write(|tx| tx.involve(app, person, role))?;
        println!("{person} is {role} on {app}.");
    }
    Ok(())
}

pub fn person(ctx: &Ctx, cmd: PersonCmd) -> Result<()> {
    let mut store = ctx.store()?;
    match cmd {
        PersonCmd::Add { mut fields, link: l } => {
            let name = prompt::required(fields.name.take(), "--name", "Name")?;
            let mut p = Person::new(name);
            apply_person(&mut p, fields);
            if let Some(app) = l.application {
                store.application(app)?;
            }
            let id = store.write(|tx| tx.add_person(&p))?;
            println!("Added person {id}: {}", p.name);
            link(&mut store, id, l)?;
        }
        PersonCmd::Edit { id, fields, link: l } => {
            let mut p = store.person(id)?.value;
            apply_person(&mut p, fields);
            store.write(|tx| tx.update_person(id, &p))?;
            println!("Updated person {id}: {}", p.name);
            link(&mut store, id, l)?;
        }
        PersonCmd::List { application, list } => {
            let people = match application {
                None => store.people()?,
                Some(app) => {
                    store.application(app)?;
                    store
                        .involvements(Some(app))?
                        .into_iter()
                        .map(|i| store.person(i.person))
                        .collect::<Result<_, _>>()?
                }
            };
            if list.json {
                return print_json(&people);
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
            print!("{}", table(&["ID", "NAME", "TITLE", "ORGANISATION", "EMAIL"], &rows));
        }
        PersonCmd::Show { id, list } => {
            let p = store.person(id)?;
            if list.json {
                return print_json(&p);
            }
            let v = &p.value;
            println!("{} {}", p.id, v.name);
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
                    println!("  {label}: {value}");
                }
            }
        }
        PersonCmd::Remove { id, remove } => {
            let p = store.person(id)?.value;
            if prompt::confirm(&format!("Remove {id} ({})?", p.name), remove.yes)? {
                store.write(|tx| tx.remove_person(id))?;
                println!("Removed person {id}.");
            }
        }
    }
    Ok(())
}

// ----- interviews --------------------------------------------------------------

fn apply_interview(
    ctx: &Ctx,
    store: &Store,
    iv: &mut Interview,
    f: InterviewFields,
    editing: bool,
) -> Result<()> {
    if let Some(app) = f.application {
        store.application(app)?;
        iv.application = app;
    }
    if !f.interviewers.is_empty() || !editing {
        for p in &f.interviewers {
            store.person(*p)?;
        }
        iv.interviewers = f.interviewers;
    }
    // The zone: as given, else the first interviewer's, else the user's.
    let zone = match &f.time_zone {
        Some(z) => z.zone(),
        None if editing && f.start.is_none() => iv.start.time_zone().clone(),
        None => iv
            .interviewers
            .first()
            .and_then(|p| store.person(*p).ok())
            .and_then(|p| p.value.time_zone)
            .map_or_else(|| ctx.zone(), |z| z.zone()),
    };
    match f.start {
        Some(s) => iv.start = parse_start(&s, &zone).map_err(|e| UsageError(format!("--start: {e}")))?,
        None if f.time_zone.is_some() => iv.start = iv.start.with_time_zone(zone),
        None => {}
    }
    if let Some(d) = f.duration {
        iv.duration_minutes = d;
    }
    if let Some(s) = f.stage {
        iv.stage = s;
    }
    if !f.topics.is_empty() {
        iv.topics = f.topics;
    }
    if !f.promised.is_empty() {
        iv.promised = f.promised;
    }
    set_text(&mut iv.next_steps, f.next_steps);
    if let Some(b) = f.references_requested {
        iv.references_requested = b;
    }
    if let Some(b) = f.follow_ups_invited {
        iv.follow_ups_invited = b;
    }
    set_text(&mut iv.notes, f.notes);
    Ok(())
}

pub fn interview(ctx: &Ctx, cmd: InterviewCmd) -> Result<()> {
    let mut store = ctx.store()?;
    match cmd {
        InterviewCmd::Add(mut f) => {
            let application =
                prompt::required_parsed(f.application.take(), "--application", "Application id (e.g. a1)")?;
            store.application(application)?;
            let start_text = prompt::required(f.start.take(), "--start", "Start (YYYY-MM-DDTHH:MM)")?;
            let stage = prompt::required_parsed(
                f.stage.take(),
                "--stage",
                "Stage (phone-screen, video, onsite, panel, final)",
            )?;
            let mut iv = Interview::new(application, jiff::Zoned::default(), stage);
            f.start = Some(start_text);
            apply_interview(ctx, &store, &mut iv, f, false)?;
            let id = store.write(|tx| tx.add_interview(&iv))?;
            println!(
                "Added interview {id}: {} {} at {}",
                iv.stage,
                day(iv.day()),
                iv.start.strftime("%H:%M %Z")
            );
        }
        InterviewCmd::Edit { id, fields } => {
            let mut iv = store.interview(id)?.value;
            apply_interview(ctx, &store, &mut iv, fields, true)?;
            store.write(|tx| tx.update_interview(id, &iv))?;
            println!("Updated interview {id}.");
        }
        InterviewCmd::List { application, list } => {
            if let Some(app) = application {
                store.application(app)?;
            }
            let interviews = store.interviews(application)?;
            if list.json {
                return print_json(&interviews);
            }
            let companies: std::collections::HashMap<_, _> =
                store.applications()?.into_iter().map(|a| (a.id, a.value.company)).collect();
            let rows: Vec<Vec<String>> = interviews
                .iter()
                .map(|i| {
                    let v = &i.value;
                    let company = companies.get(&v.application).cloned().unwrap_or_default();
                    vec![
                        i.id.to_string(),
                        day(v.day()),
                        v.start.strftime("%H:%M %Z").to_string(),
                        v.stage.to_string(),
                        company,
                    ]
                })
                .collect();
            print!("{}", table(&["ID", "DAY", "TIME", "STAGE", "COMPANY"], &rows));
        }
        InterviewCmd::Show { id, list } => {
            let iv = store.interview(id)?;
            if list.json {
                return print_json(&iv);
            }
            let v = &iv.value;
            let app = store.application(v.application)?.value;
            println!(
                "{} {} interview at {} for {} — {}",
                iv.id, v.stage, app.company, app.role, v.application
            );
            println!(
                "  {} at {} ({} minutes)",
                day(v.day()),
                v.start.strftime("%H:%M %Z"),
                v.duration_minutes
            );
            for p in &v.interviewers {
                let person = store.person(*p)?.value;
                println!(
                    "  with {} {}{}",
                    p,
                    person.name,
                    person.title.map(|t| format!(", {t}")).unwrap_or_default()
                );
            }
            let lists = [("topics", &v.topics), ("promised", &v.promised)];
            for (label, items) in lists {
                if !items.is_empty() {
                    println!("  {label}: {}", items.join("; "));
                }
            }
            if let Some(n) = &v.next_steps {
                println!("  next steps: \"{n}\"");
            }
            if v.references_requested {
                println!("  references requested");
            }
            if v.follow_ups_invited {
                println!("  follow-ups invited");
            }
        }
        InterviewCmd::Remove { id, remove } => {
            store.interview(id)?;
            if prompt::confirm(&format!("Remove interview {id}?"), remove.yes)? {
                store.write(|tx| tx.remove_interview(id))?;
                println!("Removed interview {id}.");
            }
        }
    }
    Ok(())
}

// ----- outcomes ----------------------------------------------------------------

fn apply_outcome(o: &mut Outcome, f: OutcomeFields) {
    if let Some(a) = f.application {
        o.application = a;
    }
    if let Some(k) = f.kind {
        o.kind = k;
    }
    if let Some(d) = f.date {
        o.date = d;
    }
    if f.deadline.is_some() {
        o.deadline = f.deadline;
    }
    set_text(&mut o.feedback, f.feedback);
}

pub fn outcome(ctx: &Ctx, cmd: OutcomeCmd) -> Result<()> {
    let mut store = ctx.store()?;
    match cmd {
        OutcomeCmd::Add(mut f) => {
            let application =
                prompt::required_parsed(f.application.take(), "--application", "Application id (e.g. a1)")?;
            let kind = prompt::required_parsed(
                f.kind.take(),
                "--kind",
                "Outcome (offer, rejection, withdrawal, acceptance)",
            )?;
            store.application(application)?;
            let mut o = Outcome { application, kind, date: ctx.today(None), deadline: None, feedback: None };
            apply_outcome(&mut o, f);
            if let Some(deadline) = o.deadline.filter(|d| *d < o.date) {
                return Err(UsageError(format!(
                    "--deadline {deadline} is before the outcome's day {}",
                    o.date
                ))
                .into());
            }
            let id = store.write(|tx| tx.add_outcome(&o))?;
            println!(
                "Recorded {} for {application} as {id}; the application is now {}.",
                o.kind,
                o.kind.resulting_status()
            );
        }
        OutcomeCmd::Edit { id, fields } => {
            let mut o = store.outcome(id)?.value;
            apply_outcome(&mut o, fields);
            store.write(|tx| tx.update_outcome(id, &o))?;
            println!("Updated outcome {id}.");
        }
        OutcomeCmd::List { application, list } => {
            let outcomes = store.outcomes(application)?;
            if list.json {
                return print_json(&outcomes);
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
            print!("{}", table(&["ID", "APPLICATION", "OUTCOME", "DAY", "DEADLINE"], &rows));
        }
        OutcomeCmd::Show { id, list } => {
            let o = store.outcome(id)?;
            if list.json {
                return print_json(&o);
            }
            let v = &o.value;
            println!("{} {} for {} on {}", o.id, v.kind, v.application, day(v.date));
            if let Some(d) = v.deadline {
                println!("  answer by {}", day(d));
            }
            if let Some(f) = &v.feedback {
                println!("  feedback: {f}");
            }
        }
        OutcomeCmd::Remove { id, remove } => {
            store.outcome(id)?;
            if prompt::confirm(&format!("Remove outcome {id}?"), remove.yes)? {
                store.write(|tx| tx.remove_outcome(id))?;
                println!(
                    "Removed outcome {id}. The application's status stays as it is; change it with `afterview application edit`."
                );
            }
        }
    }
    Ok(())
}

// ----- messages ----------------------------------------------------------------

pub fn log(ctx: &Ctx, args: LogArgs) -> Result<()> {
    let mut store = ctx.store()?;
    let application = prompt::required_parsed(args.application, "--application", "Application id (e.g. a1)")?;
    let kind = prompt::required_parsed(args.kind, "--kind", "Kind (thank-you, status-check, …, other)")?;
    store.application(application)?;
    if let Some(p) = args.person {
        store.person(p)?;
    }
    let body = match (args.body, args.body_file) {
        (Some(b), _) => Some(b),
        (None, Some(path)) => Some(
            std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read the message text from {}", path.display()))?,
        ),
        (None, None) => None,
    };
    let m = Message {
        application,
        person: args.person,
        kind,
        direction: args.direction,
        date: ctx.today(args.date),
        channel: args.channel,
        subject: args.subject,
        body,
    };
    let id = store.write(|tx| tx.add_message(&m))?;
    let verb = if m.direction == afterview_core::kinds::Direction::Out { "sent" } else { "received" };
    println!("Logged {id}: {} {verb} on {} by {}.", m.kind, day(m.date), m.channel);
    Ok(())
}

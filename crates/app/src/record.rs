//! Recording facts: applications, people and their parts, interviews,
//! outcomes and messages. Each use case validates what it was given, then
//! writes in one transaction. Edits follow one rule everywhere: a field not
//! given stays as it is, an empty text clears an optional field.

use std::collections::HashMap;

use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_core::kinds::{
    ApplicationStatus, Channel, Culture, Direction, FirstContact, MessageKind, OutcomeKind, PersonRole, Stage,
};
use afterview_core::model::{Application, Interview, Message, Outcome, Person, Record};
use afterview_core::settings::parse_region;
use afterview_core::values::{Email, TimeZoneName, parse_start};
use afterview_store::{Store, Tx};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::error::{Error, Result};

/// Sets an optional text field: a value sets it, an empty value clears it.
fn set_text(target: &mut Option<String>, given: Option<String>) {
    if let Some(v) = given {
        *target = (!v.trim().is_empty()).then_some(v);
    }
}

/// The longest a name, company, role or title may be.
const MAX_LINE: usize = 200;
/// The longest a link may be.
const MAX_LINK: usize = 2_000;

/// A value shown on one line (a name, a company, a subject): no line
/// break or control character (an escape code could repaint a terminal,
/// a line break start a new paragraph in a draft), and not endless.
fn one_line(value: &str, field: &str, max: usize) -> Result<()> {
    // Bidirectional overrides and isolates count too: "\u{202e}Acme"
    // turns every sentence that names it backwards.
    let bidi = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if value.chars().any(|c| c.is_control() || bidi(c)) {
        return Err(Error::invalid_with_fix(
            field,
            "holds a line break, a control character or a text-direction mark",
            "give it on one line, as plain text",
        ));
    }
    let n = value.chars().count();
    if n > max {
        return Err(Error::invalid_with_fix(
            field,
            format!("is {n} characters long; at most {max} fit"),
            "shorten it, and put the rest in the notes",
        ));
    }
    Ok(())
}

/// [`set_text`] for a value shown on one line.
fn set_line(target: &mut Option<String>, given: Option<String>, field: &str, max: usize) -> Result<()> {
    if let Some(v) = &given {
        one_line(v, field, max)?;
    }
    set_text(target, given);
    Ok(())
}

/// Sets a required text field; an empty value is refused (it cannot be
/// cleared), rather than quietly leaving the field as it was.
fn set_required(target: &mut String, given: Option<String>, field: &str, what: &str) -> Result<()> {
    match given {
        Some(v) if v.trim().is_empty() => {
            Err(Error::invalid_with_fix(field, "cannot be empty", format!("give {what}, or leave it out")))
        }
        Some(v) => {
            one_line(&v, field, MAX_LINE)?;
            *target = v;
            Ok(())
        }
        None => Ok(()),
    }
}

fn required<T>(value: Option<T>, field: &str, what: &str) -> Result<T> {
    value.ok_or_else(|| Error::invalid_with_fix(field, "is required", format!("give {what}")))
}

fn required_text(value: Option<String>, field: &str, what: &str) -> Result<String> {
    let v = required(value.filter(|v| !v.trim().is_empty()), field, what)?;
    one_line(&v, field, MAX_LINE)?;
    Ok(v)
}

// ----- applications ------------------------------------------------------------

/// Fields of an application to set; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ApplicationChanges {
    pub company: Option<String>,
    pub role: Option<String>,
    pub status: Option<ApplicationStatus>,
    pub culture: Option<Culture>,
    /// A holiday region (US, UK, none, a country); empty clears it.
    pub region: Option<String>,
    pub first_contact: Option<FirstContact>,
    /// The day of applying or first contact; `Some(None)` clears it.
    pub applied_on: Option<Option<Date>>,
    pub posting_url: Option<String>,
    pub notes: Option<String>,
}

impl ApplicationChanges {
    fn apply(self, a: &mut Application) -> Result<()> {
        set_required(&mut a.company, self.company, "company", "the company's name")?;
        set_required(&mut a.role, self.role, "role", "the role you applied for")?;
        if let Some(v) = self.status {
            a.status = v;
        }
        if let Some(v) = self.culture {
            a.culture = v;
        }
        if let Some(r) = self.region {
            a.region = match r.trim() {
                "" => None,
                r => Some(parse_region(r).map_err(|e| Error::invalid("region", e))?.to_string()),
            };
        }
        if let Some(v) = self.first_contact {
            a.first_contact = v;
        }
        if let Some(v) = self.applied_on {
            a.applied_on = v;
        }
        set_line(&mut a.posting_url, self.posting_url, "posting-url", MAX_LINK)?;
        set_text(&mut a.notes, self.notes);
        Ok(())
    }
}

pub fn add_application(
    store: &mut impl Store,
    mut changes: ApplicationChanges,
) -> Result<Record<ApplicationId, Application>> {
    let company = required_text(changes.company.take(), "company", "the company's name")?;
    let role = required_text(changes.role.take(), "role", "the role you applied for")?;
    let mut a = Application::new(company, role);
    changes.apply(&mut a)?;
    let id = store.write(|tx| tx.add_application(&a))?;
    Ok(Record { id, value: a })
}

pub fn edit_application(
    store: &mut impl Store,
    id: ApplicationId,
    changes: ApplicationChanges,
) -> Result<Record<ApplicationId, Application>> {
    let mut a = store.application(id)?.value;
    changes.apply(&mut a)?;
    store.write(|tx| tx.update_application(id, &a))?;
    Ok(Record { id, value: a })
}

pub fn application(store: &impl Store, id: ApplicationId) -> Result<Record<ApplicationId, Application>> {
    Ok(store.application(id)?)
}

/// One application with everything recorded about it.
#[derive(Debug, Serialize)]
pub struct ApplicationView {
    #[serde(flatten)]
    pub application: Record<ApplicationId, Application>,
    pub people: Vec<PersonOnApplication>,
    pub interviews: Vec<Record<InterviewId, Interview>>,
    pub messages: Vec<Record<MessageId, Message>>,
    pub outcomes: Vec<Record<OutcomeId, Outcome>>,
}

#[derive(Debug, Serialize)]
pub struct PersonOnApplication {
    pub role: PersonRole,
    #[serde(flatten)]
    pub person: Record<PersonId, Person>,
}

impl ApplicationView {
    /// A person's name on this application, or their id when unknown.
    pub fn name_of(&self, p: PersonId) -> String {
        self.people
            .iter()
            .find(|x| x.person.id == p)
            .map_or_else(|| p.to_string(), |x| x.person.value.name.clone())
    }
}

pub fn application_view(store: &impl Store, id: ApplicationId) -> Result<ApplicationView> {
    let application = store.application(id)?;
    let people = store
        .involvements(Some(id))?
        .into_iter()
        .map(|i| Ok(PersonOnApplication { role: i.role, person: store.person(i.person)? }))
        .collect::<Result<Vec<_>>>()?;
    Ok(ApplicationView {
        application,
        people,
        interviews: store.interviews(Some(id))?,
        messages: store.messages(Some(id))?,
        outcomes: store.outcomes(Some(id))?,
    })
}

/// Removes an application with its interviews, messages and outcomes.
pub fn remove_application(store: &mut impl Store, id: ApplicationId) -> Result<()> {
    Ok(store.write(|tx| tx.remove_application(id))?)
}

// ----- people ------------------------------------------------------------------

/// Fields of a person to set; `None` leaves a field as it is, and
/// `Some(None)` clears an email or time zone.
#[derive(Debug, Clone, Default)]
pub struct PersonChanges {
    pub name: Option<String>,
    pub title: Option<String>,
    pub email: Option<Option<Email>>,
    pub phone: Option<String>,
    pub linkedin: Option<String>,
    pub organisation: Option<String>,
    pub time_zone: Option<Option<TimeZoneName>>,
    pub notes: Option<String>,
}

impl PersonChanges {
    fn apply(self, p: &mut Person) -> Result<()> {
        set_required(&mut p.name, self.name, "name", "the person's name")?;
        set_line(&mut p.title, self.title, "title", MAX_LINE)?;
        if let Some(v) = self.email {
            p.email = v;
        }
        set_line(&mut p.phone, self.phone, "phone", MAX_LINE)?;
        set_line(&mut p.linkedin, self.linkedin, "linkedin", MAX_LINK)?;
        set_line(&mut p.organisation, self.organisation, "organisation", MAX_LINE)?;
        if let Some(v) = self.time_zone {
            p.time_zone = v;
        }
        set_text(&mut p.notes, self.notes);
        Ok(())
    }
}

/// A person's part on an application, to record with them.
#[derive(Debug, Clone, Copy, Default)]
pub struct PersonLink {
    pub application: Option<ApplicationId>,
    /// Default: interviewer.
    pub role: Option<PersonRole>,
}

/// A person as recorded, with the part recorded for them, if any.
#[derive(Debug)]
pub struct PersonSaved {
    pub person: Record<PersonId, Person>,
    pub linked: Option<(ApplicationId, PersonRole)>,
}

fn link(
    tx: &mut impl Tx,
    person: PersonId,
    link: PersonLink,
) -> afterview_store::Result<Option<(ApplicationId, PersonRole)>> {
    match link.application {
        None => Ok(None),
        Some(app) => {
            let role = link.role.unwrap_or(PersonRole::Interviewer);
            tx.involve(app, person, role)?;
            Ok(Some((app, role)))
        }
    }
}

pub fn add_person(store: &mut impl Store, mut changes: PersonChanges, l: PersonLink) -> Result<PersonSaved> {
    let name = required_text(changes.name.take(), "name", "the person's name")?;
    let mut p = Person::new(name);
    changes.apply(&mut p)?;
    let (id, linked) = store.write(|tx| {
        let id = tx.add_person(&p)?;
        Ok((id, link(tx, id, l)?))
    })?;
    Ok(PersonSaved { person: Record { id, value: p }, linked })
}

pub fn edit_person(
    store: &mut impl Store,
    id: PersonId,
    changes: PersonChanges,
    l: PersonLink,
) -> Result<PersonSaved> {
    let mut p = store.person(id)?.value;
    changes.apply(&mut p)?;
    let linked = store.write(|tx| {
        tx.update_person(id, &p)?;
        link(tx, id, l)
    })?;
    Ok(PersonSaved { person: Record { id, value: p }, linked })
}

/// Everyone, or the people on one application.
pub fn people(
    store: &impl Store,
    application: Option<ApplicationId>,
) -> Result<Vec<Record<PersonId, Person>>> {
    match application {
        None => Ok(store.people()?),
        Some(app) => {
            store.application(app)?;
            store.involvements(Some(app))?.into_iter().map(|i| Ok(store.person(i.person)?)).collect()
        }
    }
}

pub fn person(store: &impl Store, id: PersonId) -> Result<Record<PersonId, Person>> {
    Ok(store.person(id)?)
}

pub fn remove_person(store: &mut impl Store, id: PersonId) -> Result<()> {
    Ok(store.write(|tx| tx.remove_person(id))?)
}

// ----- interviews --------------------------------------------------------------

/// Fields of an interview to set. Lists replace the whole list when given
/// (not empty); the interviewers are set whenever an interview is added.
#[derive(Debug, Clone, Default)]
pub struct InterviewChanges {
    pub application: Option<ApplicationId>,
    /// Local start time, e.g. `2026-11-20T14:00`, in `time_zone`.
    pub start: Option<String>,
    /// The interview's zone; default: the first interviewer's, else the user's.
    pub time_zone: Option<TimeZoneName>,
    pub duration_minutes: Option<u32>,
    pub stage: Option<Stage>,
    pub interviewers: Vec<PersonId>,
    pub topics: Vec<String>,
    pub promised: Vec<String>,
    pub next_steps: Option<String>,
    pub references_requested: Option<bool>,
    pub follow_ups_invited: Option<bool>,
    pub notes: Option<String>,
    /// A video link or an address; empty clears it.
    pub location: Option<String>,
}

impl InterviewChanges {
    fn apply(
        self,
        store: &impl Store,
        user_zone: &TimeZone,
        iv: &mut Interview,
        editing: bool,
    ) -> Result<()> {
        if let Some(app) = self.application {
            store.application(app)?;
            iv.application = app;
        }
        if !self.interviewers.is_empty() || !editing {
            let parts = store.involvements(None)?;
            for p in &self.interviewers {
                store.person(*p)?;
                // Someone of another application here is a slip of the id:
                // the plan would write to them about this company's news.
                let here = parts.iter().any(|i| i.person == *p && i.application == iv.application);
                if !here && parts.iter().any(|i| i.person == *p) {
                    return Err(Error::invalid_with_fix(
                        "interviewer",
                        format!("{p} has a part on another application, not on {}", iv.application),
                        format!(
                            "check the id, or record their part here first: afterview person edit {p} --application {} --role interviewer",
                            iv.application
                        ),
                    ));
                }
            }
            iv.interviewers = self.interviewers;
        }
        // The zone: as given; when editing, the interview's own (the one
        // `show` prints its start in, so a start typed as seen stays in
        // it); else the first interviewer's, else the user's.
        let zone = match &self.time_zone {
            Some(z) => z.zone(),
            None if editing => iv.start.time_zone().clone(),
            None => panel_zone(store, &iv.interviewers, user_zone)?,
        };
        match self.start {
            Some(s) => {
                iv.start = parse_start(&s, &zone, self.time_zone.is_some())
                    .map_err(|e| Error::invalid("start", e))?
            }
            None if self.time_zone.is_some() => iv.start = iv.start.with_time_zone(zone),
            None => {}
        }
        if let Some(d) = self.duration_minutes {
            if !(1..=1440).contains(&d) {
                return Err(Error::invalid_with_fix(
                    "duration",
                    format!("{d} minutes is not a length an interview has"),
                    "give 1 to 1440 minutes",
                ));
            }
            iv.duration_minutes = d;
        }
        if let Some(s) = self.stage {
            iv.stage = s;
        }
        if !self.topics.is_empty() {
            iv.topics = self.topics;
        }
        if !self.promised.is_empty() {
            iv.promised = self.promised;
        }
        set_text(&mut iv.next_steps, self.next_steps);
        if let Some(b) = self.references_requested {
            iv.references_requested = b;
        }
        if let Some(b) = self.follow_ups_invited {
            iv.follow_ups_invited = b;
        }
        set_text(&mut iv.notes, self.notes);
        set_line(&mut iv.location, self.location, "location", MAX_LINK)?;
        Ok(())
    }
}

/// The zone of a new interview without one given: its first
/// interviewer's, else the user's.
fn panel_zone(store: &impl Store, interviewers: &[PersonId], user_zone: &TimeZone) -> Result<TimeZone> {
    Ok(match interviewers.first() {
        Some(p) => store.person(*p)?.value.time_zone.map_or_else(|| user_zone.clone(), |z| z.zone()),
        None => user_zone.clone(),
    })
}

/// The start [`add_interview`] would record for `changes`, read in the zone
/// it would pick, by the same rules; nothing is written. A front end that
/// asks for the start checks each answer with it, so a bad one is asked
/// again on its own. An error about the start has the field `start`; any
/// other (an interviewer that does not exist) is not the answer's fault.
pub fn new_interview_start(
    store: &impl Store,
    user_zone: &TimeZone,
    changes: &InterviewChanges,
) -> Result<jiff::Zoned> {
    let start = required_text(changes.start.clone(), "start", "when it starts, such as 2026-11-20T14:00")?;
    let zone = match &changes.time_zone {
        Some(z) => z.zone(),
        None => panel_zone(store, &changes.interviewers, user_zone)?,
    };
    parse_start(&start, &zone, changes.time_zone.is_some()).map_err(|e| Error::invalid("start", e))
}

pub fn add_interview(
    store: &mut impl Store,
    user_zone: &TimeZone,
    mut changes: InterviewChanges,
) -> Result<Record<InterviewId, Interview>> {
    let application = required(changes.application, "application", "the application's id, such as a1")?;
    store.application(application)?;
    required_text(changes.start.clone(), "start", "when it starts, such as 2026-11-20T14:00")?;
    let stage = required(changes.stage.take(), "stage", "phone-screen, video, onsite, panel or final")?;
    let mut iv = Interview::new(application, jiff::Zoned::default(), stage);
    changes.apply(store, user_zone, &mut iv, false)?;
    let id = store.write(|tx| tx.add_interview(&iv))?;
    Ok(Record { id, value: iv })
}

pub fn edit_interview(
    store: &mut impl Store,
    user_zone: &TimeZone,
    id: InterviewId,
    changes: InterviewChanges,
) -> Result<Record<InterviewId, Interview>> {
    let mut iv = store.interview(id)?.value;
    changes.apply(store, user_zone, &mut iv, true)?;
    store.write(|tx| tx.update_interview(id, &iv))?;
    Ok(Record { id, value: iv })
}

/// An interview with the company it is for.
#[derive(Debug)]
pub struct InterviewRow {
    pub interview: Record<InterviewId, Interview>,
    pub company: String,
}

pub fn interviews(store: &impl Store, application: Option<ApplicationId>) -> Result<Vec<InterviewRow>> {
    if let Some(app) = application {
        store.application(app)?;
    }
    let companies: HashMap<_, _> =
        store.applications()?.into_iter().map(|a| (a.id, a.value.company)).collect();
    Ok(store
        .interviews(application)?
        .into_iter()
        .map(|interview| {
            let company = companies.get(&interview.value.application).cloned().unwrap_or_default();
            InterviewRow { interview, company }
        })
        .collect())
}

/// One interview with its application and panel.
#[derive(Debug)]
pub struct InterviewView {
    pub interview: Record<InterviewId, Interview>,
    pub application: Application,
    pub panel: Vec<Record<PersonId, Person>>,
}

pub fn interview_view(store: &impl Store, id: InterviewId) -> Result<InterviewView> {
    let interview = store.interview(id)?;
    let application = store.application(interview.value.application)?.value;
    let panel = interview.value.interviewers.iter().map(|p| Ok(store.person(*p)?)).collect::<Result<_>>()?;
    Ok(InterviewView { interview, application, panel })
}

pub fn remove_interview(store: &mut impl Store, id: InterviewId) -> Result<()> {
    Ok(store.write(|tx| tx.remove_interview(id))?)
}

// ----- outcomes ----------------------------------------------------------------

#[derive(Debug, Clone, Default)]
pub struct OutcomeChanges {
    pub application: Option<ApplicationId>,
    pub kind: Option<OutcomeKind>,
    /// The day it happened; default: today.
    pub date: Option<Date>,
    /// For an offer: the day they need an answer by.
    pub deadline: Option<Date>,
    pub feedback: Option<String>,
}

impl OutcomeChanges {
    fn apply(self, o: &mut Outcome) -> Result<()> {
        if let Some(a) = self.application {
            o.application = a;
        }
        if let Some(k) = self.kind {
            o.kind = k;
        }
        let date_moved = self.date.is_some() && self.deadline.is_none();
        if let Some(d) = self.date {
            o.date = d;
        }
        if self.deadline.is_some() {
            o.deadline = self.deadline;
        }
        set_text(&mut o.feedback, self.feedback);
        if let Some(deadline) = o.deadline.filter(|d| *d < o.date) {
            // The field named is the one this change set: moving the day of
            // an offer past its recorded deadline is the day's problem.
            if date_moved {
                return Err(Error::invalid_with_fix(
                    "date",
                    format!("{} is after the deadline recorded for it, {deadline}", o.date),
                    "give the day it happened, or a new deadline with it",
                ));
            }
            return Err(Error::invalid_with_fix(
                "deadline",
                format!("{deadline} is before the outcome's day {}", o.date),
                "give the day they need your answer by, on or after it",
            ));
        }
        Ok(())
    }
}

/// Records an outcome; the application's status follows it.
pub fn add_outcome(
    store: &mut impl Store,
    today: Date,
    mut changes: OutcomeChanges,
) -> Result<Record<OutcomeId, Outcome>> {
    let application =
        required(changes.application.take(), "application", "the application's id, such as a1")?;
    let kind = required(changes.kind.take(), "kind", "offer, rejection, withdrawal or acceptance")?;
    store.application(application)?;
    let mut o = Outcome { application, kind, date: today, deadline: None, feedback: None };
    changes.apply(&mut o)?;
    let id = store.write(|tx| tx.add_outcome(&o))?;
    Ok(Record { id, value: o })
}

pub fn edit_outcome(
    store: &mut impl Store,
    id: OutcomeId,
    changes: OutcomeChanges,
) -> Result<Record<OutcomeId, Outcome>> {
    let mut o = store.outcome(id)?.value;
    changes.apply(&mut o)?;
    store.write(|tx| tx.update_outcome(id, &o))?;
    Ok(Record { id, value: o })
}

pub fn outcomes(
    store: &impl Store,
    application: Option<ApplicationId>,
) -> Result<Vec<Record<OutcomeId, Outcome>>> {
    Ok(store.outcomes(application)?)
}

pub fn outcome(store: &impl Store, id: OutcomeId) -> Result<Record<OutcomeId, Outcome>> {
    Ok(store.outcome(id)?)
}

/// Removes an outcome; the application's status stays as it is.
pub fn remove_outcome(store: &mut impl Store, id: OutcomeId) -> Result<()> {
    Ok(store.write(|tx| tx.remove_outcome(id))?)
}

// ----- messages ----------------------------------------------------------------

/// A message sent or received, to record.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub application: Option<ApplicationId>,
    pub person: Option<PersonId>,
    pub kind: Option<MessageKind>,
    pub direction: Direction,
    /// Default: today.
    pub date: Option<Date>,
    pub channel: Channel,
    pub subject: Option<String>,
    pub body: Option<String>,
}

/// Checks what a message says against the record: its person has a part on
/// its application, and its day has come. `today` is the user's, in their
/// own time zone (a message's day is a day of the user's calendar).
pub(crate) fn check_message(store: &impl Store, today: Date, m: &Message) -> Result<()> {
    if let Some(subject) = &m.subject {
        one_line(subject, "subject", MAX_LINE)?;
    }
    if let Some(p) = m.person {
        store.person(p)?;
        // A message on one application to someone of another is a slip
        // that would tick off (or re-plan) the wrong task.
        let application = m.application;
        if !store.involvements(Some(application))?.iter().any(|i| i.person == p) {
            return Err(Error::invalid_with_fix(
                "person",
                format!("{p} has no part on {application}"),
                format!(
                    "check the ids, or record their part first: afterview person edit {p} --application {application}"
                ),
            ));
        }
    }
    // A message sent or received later than today has not been: a slip in
    // the day, which would tick off a task that is still to do.
    if m.date > today {
        return Err(Error::invalid_with_fix(
            "date",
            format!("{} is after today ({})", m.date, today),
            "give the day it was sent or received, as a day in your own time zone (today at the latest)",
        ));
    }
    Ok(())
}

/// Records a message. Logging a sent note ticks its task off, and a reply
/// re-plans at once: tasks are computed from the record, never stored.
pub fn log_message(store: &mut impl Store, today: Date, m: NewMessage) -> Result<Record<MessageId, Message>> {
    let application = required(m.application, "application", "the application's id, such as a1")?;
    let kind = required(m.kind, "kind", "thank-you, status-check, …, other")?;
    store.application(application)?;
    let message = Message {
        application,
        person: m.person,
        kind,
        direction: m.direction,
        date: m.date.unwrap_or(today),
        channel: m.channel,
        subject: m.subject,
        body: m.body,
        source_id: None,
    };
    check_message(store, today, &message)?;
    let id = store.write(|tx| tx.add_message(&message))?;
    Ok(Record { id, value: message })
}

/// Fields of a recorded message to correct; `None` leaves a field as it is,
/// an empty subject or text clears it.
#[derive(Debug, Clone, Default)]
pub struct MessageChanges {
    pub person: Option<PersonId>,
    pub kind: Option<MessageKind>,
    pub direction: Option<Direction>,
    pub date: Option<Date>,
    pub channel: Option<Channel>,
    pub subject: Option<String>,
    pub body: Option<String>,
}

/// Messages, of one application or all, in the order they were recorded.
pub fn messages(
    store: &impl Store,
    application: Option<ApplicationId>,
) -> Result<Vec<Record<MessageId, Message>>> {
    if let Some(app) = application {
        store.application(app)?;
    }
    Ok(store.messages(application)?)
}

pub fn message(store: &impl Store, id: MessageId) -> Result<Record<MessageId, Message>> {
    Ok(store.message(id)?)
}

/// Corrects a message logged by mistake, by the rules of [`log_message`];
/// the agenda re-plans from it.
pub fn edit_message(
    store: &mut impl Store,
    today: Date,
    id: MessageId,
    c: MessageChanges,
) -> Result<Record<MessageId, Message>> {
    let mut m = store.message(id)?.value;
    if let Some(p) = c.person {
        m.person = Some(p);
    }
    if let Some(v) = c.kind {
        m.kind = v;
    }
    if let Some(v) = c.direction {
        m.direction = v;
    }
    if let Some(v) = c.date {
        m.date = v;
    }
    if let Some(v) = c.channel {
        m.channel = v;
    }
    set_text(&mut m.subject, c.subject);
    set_text(&mut m.body, c.body);
    check_message(store, today, &m)?;
    store.write(|tx| tx.update_message(id, &m))?;
    Ok(Record { id, value: m })
}

pub fn remove_message(store: &mut impl Store, id: MessageId) -> Result<()> {
    Ok(store.write(|tx| tx.remove_message(id))?)
}

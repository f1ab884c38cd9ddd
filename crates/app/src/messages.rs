//! Messages: checking a note against the record (RULEBOOK §6), drafting
//! the message a task calls for, the personal word list and the user's own
//! templates.

use afterview_core::agenda::{ApplicationFacts, Facts, Feedback, application_facts, closed_since};
use afterview_core::calendar::short_day;
use afterview_core::check::{self, Context, Finding};
use afterview_core::draft::{self, DraftContext, OfferElsewhere, Recipient, Sender};
use afterview_core::ids::MessageId;
use afterview_core::ids::{ApplicationId, PersonId};
use afterview_core::kinds::{Channel, Direction, MessageKind, OutcomeKind, PersonRole};
use afterview_core::model::{Interview, Message, Record, TaskState};
use afterview_core::plan::{TaskId, TaskKind};
use afterview_core::settings::Settings;
use afterview_core::timeline::{self, ReadingKind};
use afterview_store::{Profile, Store, Tx};
use jiff::civil::Date;

use crate::agenda::{planned_in, task_in};
use crate::error::{Error, Kind, Result};

// ----- checking ----------------------------------------------------------------

/// What a check knows beyond the note itself.
#[derive(Debug, Clone, Default)]
pub struct CheckRequest {
    pub kind: Option<MessageKind>,
    /// The recipient of each note, in order; one name serves them all.
    pub to: Vec<String>,
    pub company: Option<String>,
    pub role: Option<String>,
    pub other_companies: Vec<String>,
    pub topics: Vec<String>,
    /// Take the company, role, other companies, topics and names from this
    /// recorded application.
    pub application: Option<ApplicationId>,
}

/// What every check knows: the user's own name and signature, and their words.
fn base_context(settings: &Settings, profile: &impl Profile) -> Result<Context> {
    let user = &settings.user;
    let mut names: Vec<String> = Vec::new();
    if !user.name.is_empty() {
        names.push(user.name.clone());
    }
    names.extend(user.signature.lines().map(str::to_owned).filter(|l| !l.trim().is_empty()));
    Ok(Context { names, words: profile.words()?, ..Context::default() })
}

/// Fills the context from an application in the store.
fn application_context(store: &impl Store, app: ApplicationId, c: &mut Context) -> Result<()> {
    let a = store.application(app)?.value;
    c.company.get_or_insert(a.company.clone());
    c.role.get_or_insert(a.role.clone());
    for other in store.applications()? {
        if other.id != app && !other.value.company.eq_ignore_ascii_case(&a.company) {
            c.other_companies.push(other.value.company);
        }
    }
    if c.topics.is_empty()
        && let Some(iv) =
            store.interviews(Some(app))?.into_iter().max_by(|x, y| x.value.start.cmp(&y.value.start))
    {
        c.topics = iv.value.topics;
    }
    for inv in store.involvements(Some(app))? {
        c.names.push(store.person(inv.person)?.value.name);
    }
    // Money talk is fine once this employer has made an offer (§6 salary):
    // the application's latest outcome, as the planner reads it, is their
    // offer or the user's acceptance of it.
    c.offer_made = store
        .outcomes(Some(app))?
        .into_iter()
        .max_by_key(|o| o.value.date)
        .is_some_and(|o| matches!(o.value.kind, OutcomeKind::Offer | OutcomeKind::Acceptance));
    Ok(())
}

/// Checks one note, or a panel's notes together (which also catches notes
/// that differ only in the greeting). `store` is needed only when the
/// request names an application.
pub fn check_notes<S: Store>(
    store: Option<&S>,
    profile: &impl Profile,
    settings: &Settings,
    notes: &[&str],
    req: CheckRequest,
) -> Result<Vec<Vec<Finding>>> {
    let kind =
        req.kind.ok_or_else(|| Error::invalid_with_fix("kind", "is required", "give the kind of message"))?;
    if req.to.len() > 1 && req.to.len() != notes.len() {
        return Err(Error::invalid(
            "to",
            format!(
                "{} notes but {} names: give one name per note, in the same order",
                notes.len(),
                req.to.len()
            ),
        ));
    }
    let mut base = base_context(settings, profile)?;
    base.company = req.company;
    base.role = req.role;
    base.other_companies = req.other_companies;
    base.topics = req.topics;
    if let Some(app) = req.application {
        let store = store.ok_or_else(|| Error::refused("checking against an application needs the data"))?;
        application_context(store, app, &mut base)?;
    }
    let batch: Vec<(&str, Context)> = notes
        .iter()
        .enumerate()
        .map(|(i, text)| {
            (*text, Context { recipient: req.to.get(i).or(req.to.first()).cloned(), ..base.clone() })
        })
        .collect();
    Ok(check::check_batch(&batch, kind, &settings.checker))
}

// ----- drafting ----------------------------------------------------------------

/// What to draft: the message a task calls for, or one of a kind to
/// someone on an application.
#[derive(Debug, Clone)]
pub enum DraftTarget {
    Task(String),
    Direct { kind: MessageKind, to: String, application: ApplicationId },
}

/// A first draft, checked, with what a mail program needs.
#[derive(Debug, Clone)]
pub struct Drafted {
    pub kind: MessageKind,
    pub subject: String,
    pub body: String,
    pub context: DraftContext,
    /// What the checker found in the draft (a good one has nothing).
    pub findings: Vec<Finding>,
}

/// The message kind a task calls for, or why it calls for none.
fn message_kind(task: TaskKind) -> Result<MessageKind> {
    match task {
        TaskKind::DebriefRecruiter => Err(Error::refused(
            "a debrief is a call, not a message: tell the recruiter how it went and what they asked",
        )),
        TaskKind::SaveContacts => {
            Err(Error::refused("saving contacts needs no message: add the interviewers to your address book"))
        }
        other => other.message_kind().ok_or_else(|| {
            Error::refused(format!("there is nothing to draft for a {} task", other.as_str()))
        }),
    }
}

pub fn draft(
    store: &impl Store,
    profile: &impl Profile,
    settings: &Settings,
    today: Date,
    target: DraftTarget,
) -> Result<Drafted> {
    // Loaded once: the task is found in them, and the draft reads its
    // application the way the agenda does.
    let facts = store.facts(closed_since(today))?;
    let (kind, app, to) = match target {
        DraftTarget::Task(id) => {
            let item = task_in(&facts, settings, today, &id)?;
            let kind =
                item.task.as_ref().map(TaskId::kind).ok_or_else(|| Error::not_found(Kind::Task, &id))?;
            (message_kind(kind)?, item.application, item.to.clone())
        }
        DraftTarget::Direct { kind, to, application } => (kind, application, Some(to)),
    };
    let (dc, check_ctx) = draft_context(store, &facts, profile, settings, app, to.as_deref(), today)?;
    let own = profile.template(kind)?;
    let d = draft::render(kind, &dc, own.as_ref().map(|t| t.text.as_str())).map_err(|e| {
        let source = own.as_ref().map_or_else(|| "the built-in template".to_owned(), |t| t.source.clone());
        Error::refused(format!("{source}: {e}"))
    })?;
    let findings = check::check(&d.body, kind, &check_ctx, &settings.checker);
    Ok(Drafted { kind, subject: d.subject, body: d.body, context: dc, findings })
}

/// One of a panel's thank-you notes: its task, its draft, the text as it
/// stands (the draft's, or as typed), and what checking every note of the
/// panel together found in it.
#[derive(Debug, Clone)]
pub struct PanelNote {
    pub task: TaskId,
    pub draft: Drafted,
    pub body: String,
    pub findings: Vec<Finding>,
}

/// The thank-you notes still planned for an application's panel, one per
/// interviewer, in task order, each drafted; `typed` gives notes as edited,
/// by task id (a task it leaves out keeps its draft). All the notes are
/// checked together, so notes too alike across the panel are found
/// (`too-similar`), besides each note's own findings.
pub fn panel_notes(
    store: &impl Store,
    profile: &impl Profile,
    settings: &Settings,
    today: Date,
    application: ApplicationId,
    typed: &[(String, String)],
) -> Result<Vec<PanelNote>> {
    store.application(application)?;
    let facts = store.facts(closed_since(today))?;
    let mut tasks: Vec<TaskId> = planned_in(&facts, settings, today)
        .into_iter()
        .filter(|i| i.application == application)
        .filter_map(|i| i.task)
        .filter(|t| t.kind() == TaskKind::ThankYou)
        .collect();
    tasks.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    tasks.dedup();
    if tasks.is_empty() {
        return Err(Error::refused(
            "no thank-you note is planned for this application now: record its interview, with the interviewers",
        ));
    }
    if let Some((t, _)) = typed.iter().find(|(t, _)| !tasks.iter().any(|x| x.as_str() == t)) {
        return Err(Error::not_found(Kind::Task, t));
    }
    let mut notes = Vec::with_capacity(tasks.len());
    for task in tasks {
        let draft = draft(store, profile, settings, today, DraftTarget::Task(task.as_str().to_owned()))?;
        let body = typed
            .iter()
            .find(|(t, _)| t == task.as_str())
            .map_or_else(|| draft.body.clone(), |(_, b)| b.clone());
        notes.push(PanelNote { task, draft, body, findings: Vec::new() });
    }
    let texts: Vec<&str> = notes.iter().map(|n| n.body.as_str()).collect();
    let req = CheckRequest {
        kind: Some(MessageKind::ThankYou),
        to: notes.iter().map(|n| n.draft.context.to.name.clone()).collect(),
        application: Some(application),
        ..CheckRequest::default()
    };
    let found = check_notes(Some(store), profile, settings, &texts, req)?;
    for (n, f) in notes.iter_mut().zip(found) {
        n.findings = f;
    }
    Ok(notes)
}

/// Records that the message a task calls for went out today by email, to
/// the task's recipient, with what was sent; the task is marked done in the
/// same transaction (a front end's "I sent it"). The message is checked by
/// the rules of [`crate::record::log_message`].
pub fn log_sent(
    store: &mut impl Store,
    settings: &Settings,
    today: Date,
    task: &str,
    subject: Option<String>,
    body: Option<String>,
) -> Result<Record<MessageId, Message>> {
    let facts = store.facts(closed_since(today))?;
    let item = task_in(&facts, settings, today, task)?;
    let id = item.task.clone().ok_or_else(|| Error::not_found(Kind::Task, task))?;
    let kind = message_kind(id.kind())?;
    let person = match item.to.as_deref() {
        Some(to) => recipient(store, item.application, Some(to))?.1,
        None => None,
    };
    let message = Message {
        application: item.application,
        person,
        kind,
        direction: Direction::Out,
        date: today,
        channel: Channel::Email,
        subject: subject.filter(|s| !s.trim().is_empty()),
        body: body.filter(|b| !b.trim().is_empty()),
        source_id: None,
    };
    crate::record::check_message(store, today, &message)?;
    let mid = store.write(|tx| {
        let mid = tx.add_message(&message)?;
        tx.set_task_state(&id, TaskState::Done { on: today })?;
        Ok(mid)
    })?;
    Ok(Record { id: mid, value: message })
}

/// Whether a weekday alone names `day` ("Friday"): it is within the week.
fn within_the_week(day: Date, today: Date) -> bool {
    day >= today.saturating_sub(jiff::ToSpan::days(6))
}

/// "today", "yesterday", "on Monday" within the week, else "on Fri 20 Nov".
fn when(day: Date, today: Date) -> String {
    if day == today {
        "today".to_owned()
    } else if today.yesterday().ok() == Some(day) {
        "yesterday".to_owned()
    } else if within_the_week(day, today) {
        format!("on {}", day.strftime("%A"))
    } else {
        format!("on {}", short_day(day))
    }
}

/// Who a draft goes to: a person id, or a name on the application (or a
/// name of someone not recorded), with the person's id when recorded.
fn recipient(
    store: &impl Store,
    app: ApplicationId,
    to: Option<&str>,
) -> Result<(Recipient, Option<PersonId>)> {
    let person = match to {
        Some(t) => match t.parse::<PersonId>() {
            Ok(id) if t.trim_start().starts_with(['p', 'P']) => Some(store.person(id)?),
            _ => store
                .involvements(Some(app))?
                .into_iter()
                .map(|i| store.person(i.person))
                .find(|p| p.as_ref().is_ok_and(|p| p.value.name.eq_ignore_ascii_case(t)))
                .transpose()?,
        },
        None => None,
    };
    let name = person.as_ref().map(|p| p.value.name.clone()).or(to.map(str::to_owned)).unwrap_or_default();
    if name.is_empty() {
        return Err(Error::refused(
            "this task has no recipient to write to; name the kind, recipient and application",
        ));
    }
    let mut recipient = Recipient::new(&name);
    if let Some(p) = &person {
        recipient.title = p.value.title.clone();
        recipient.email = p.value.email.as_ref().map(ToString::to_string);
        recipient.organisation = p.value.organisation.clone();
        recipient.agency = store
            .involvements(Some(app))?
            .iter()
            .any(|i| i.person == p.id && i.role == PersonRole::AgencyRecruiter);
    }
    Ok((recipient, person.map(|p| p.id)))
}

/// The candidate, from the settings.
fn sender(settings: &Settings) -> Sender {
    let user = &settings.user;
    Sender {
        name: user.name.clone(),
        first_name: user.name.split_whitespace().next().unwrap_or_default().to_owned(),
        email: user.email.clone(),
        signature: user.signature.replace("\\n", "\n"),
        profile: user.profile.clone(),
    }
}

/// The last day of the decision they said they would make, read from what
/// they said on the interview day on the application's calendar.
fn decision_day(iv: &Interview, read: &ApplicationFacts<'_>, settings: &Settings) -> Option<Date> {
    let said = iv.next_steps.as_deref()?;
    let cal = read.calendar();
    let reading = timeline::read(
        said,
        iv.day(),
        timeline::Context { calendar: &cal, date_order: settings.calendar.date_order },
    );
    if reading.kind == ReadingKind::Decision { reading.latest } else { None }
}

/// The draft's context from the record, and the checker's for checking it.
fn draft_context(
    store: &impl Store,
    facts: &Facts,
    profile: &impl Profile,
    settings: &Settings,
    app: ApplicationId,
    to: Option<&str>,
    today: Date,
) -> Result<(DraftContext, Context)> {
    let a = store.application(app)?.value;
    let interview = store
        .interviews(Some(app))?
        .into_iter()
        .filter(|i| i.value.day() <= today)
        .max_by(|x, y| x.value.start.cmp(&y.value.start))
        .map(|r| r.value);
    let (recipient, person) = recipient(store, app, to)?;
    // A panel's notes differ: each interviewer gets the variant of their place.
    let variant = match (&interview, person) {
        (Some(iv), Some(p)) => iv.interviewers.iter().position(|x| *x == p).unwrap_or(0),
        _ => 0,
    };
    // The offer elsewhere (F5), the feedback (F7), the calendar and the
    // stated timeline, exactly as the agenda reads them for this task.
    let read = application_facts(facts, settings, today, app);
    let (when, interview_day, topics, promised, decision) = match &interview {
        Some(iv) => {
            let day = iv.day();
            let decision = read.as_ref().and_then(|r| decision_day(iv, r, settings)).map(short_day);
            (
                when(day, today),
                // "Friday" only within the week; before it, the date too,
                // or "on Friday" reads as the last one.
                if within_the_week(day, today) {
                    day.strftime("%A").to_string()
                } else {
                    day.strftime("%A %-d %B").to_string()
                },
                iv.topics.clone(),
                iv.promised.clone(),
                decision,
            )
        }
        None => ("recently".to_owned(), "our call".to_owned(), Vec::new(), Vec::new(), None),
    };
    let offer = read
        .as_ref()
        .and_then(|r| r.other_offer)
        .map(|o| OfferElsewhere { company: o.company.to_owned(), deadline: short_day(o.deadline) });
    // F10: this employer's own offer, answered by its deadline.
    let answer_by =
        read.as_ref().and_then(|r| r.offer()).map(|o| o.deadline.map(short_day).unwrap_or_default());
    let feedback = read.as_ref().and_then(|r| match r.feedback()? {
        Feedback::Own(text) => Some(text.to_owned()),
        Feedback::Elsewhere { .. } => None,
    });
    let dc = DraftContext {
        to: recipient,
        user: sender(settings),
        company: a.company.clone(),
        role: a.role.clone(),
        topic: (!topics.is_empty()).then(|| topics[variant % topics.len()].clone()),
        topics,
        // What was promised goes with the first interviewer's note (T11).
        promised: if variant == 0 { promised } else { Vec::new() },
        when,
        interview_day,
        decision,
        offer,
        answer_by,
        feedback,
        variant,
    };
    let mut check_ctx = base_context(settings, profile)?;
    check_ctx.recipient = Some(dc.to.name.clone());
    application_context(store, app, &mut check_ctx)?;
    Ok((dc, check_ctx))
}

// ----- words and templates -----------------------------------------------------

/// Checks that a word is one word a note could contain.
fn validate_word(word: &str) -> Result<()> {
    let ok = !word.is_empty()
        && word.chars().count() <= 64
        && word.chars().all(|c| c.is_alphanumeric() || matches!(c, '\'' | '-' | '\u{2019}'))
        && word.chars().any(char::is_alphabetic);
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "word",
            format!("\"{word}\" is not a single word (letters, digits, ' and - only, up to 64)"),
        ))
    }
}

/// Adds words to the personal list; returns those that were new.
pub fn add_words(profile: &impl Profile, words: &[String]) -> Result<Vec<String>> {
    words.iter().try_for_each(|w| validate_word(w))?;
    Ok(profile.add_words(words)?)
}

/// Removes words; none of them being there is refused.
pub fn remove_words(profile: &impl Profile, words: &[String]) -> Result<Vec<String>> {
    let removed = profile.remove_words(words)?;
    if removed.is_empty() {
        return Err(Error::not_found(Kind::Word, words.join(", ")));
    }
    Ok(removed)
}

pub fn words(profile: &impl Profile) -> Result<Vec<String>> {
    Ok(profile.words()?)
}

/// Keeps the user's own template of a kind, checked whole first (one that
/// would not render is refused, with its line and problem, and nothing is
/// changed); `None` goes back to the built-in one.
pub fn set_template(profile: &impl Profile, kind: MessageKind, text: Option<&str>) -> Result<()> {
    if let Some(text) = text {
        if text.trim().is_empty() {
            return Err(Error::invalid_with_fix(
                "template",
                "is empty",
                "write the message, or use the built-in one",
            ));
        }
        draft::validate(text).map_err(|e| Error::invalid("template", e.to_string()))?;
    }
    Ok(profile.set_template(kind, text)?)
}

/// The text a template editor starts from: the user's own, else the
/// built-in one; and whether it is the user's own.
pub fn template_text(profile: &impl Profile, kind: MessageKind) -> Result<(String, bool)> {
    Ok(match profile.template(kind)? {
        Some(own) => (own.text, true),
        None => (draft::builtin(kind), false),
    })
}

/// Each message kind's template: the built-in one, or the user's own and
/// whether it can be used.
pub struct TemplateStatus {
    pub kind: MessageKind,
    /// The user's own, where it lives; `None` is the built-in one.
    pub source: Option<String>,
    /// Why the user's own cannot be used (its line and problem).
    pub problem: Option<String>,
}

pub fn check_templates(profile: &impl Profile) -> Result<Vec<TemplateStatus>> {
    MessageKind::ALL
        .iter()
        .map(|kind| {
            Ok(match profile.template(*kind)? {
                None => TemplateStatus { kind: *kind, source: None, problem: None },
                Some(t) => TemplateStatus {
                    kind: *kind,
                    problem: draft::validate(&t.text).err().map(|e| e.to_string()),
                    source: Some(t.source),
                },
            })
        })
        .collect()
}

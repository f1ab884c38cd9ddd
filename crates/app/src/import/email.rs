//! Importing saved emails: each message read by `core::import::email` is
//! matched to an application by its addresses, its direction found from
//! `user.email`, its kind recognised, and it is logged as a `Message`
//! whose `source_id` is its Message-ID, so the same email imported twice
//! changes nothing. A rejection or an offer also proposes the outcome; a
//! received reply re-plans (the planner reads its new text, F4), and a sent
//! thank-you or status check ticks off what it answers, as any logged
//! message does.
//!
//! Matching never guesses: a recorded person's email first, then the
//! domain of the people on an application (never a public one such as
//! gmail.com or a hiring system's); a message that fits no application, or
//! several, is listed as unmatched with its sender and subject.
//! [`email_preview`] writes nothing; [`email_import`] writes what it shows
//! in one transaction.

use std::collections::{HashMap, HashSet};

use afterview_core::agenda::{Facts, closed_since};
use afterview_core::calendar::Calendar;
use afterview_core::ids::{ApplicationId, MessageId, OutcomeId, PersonId};
use afterview_core::import::email::{
    Address, Classified, EmailError, EmailKind, Mail, Reader, classify, is_shared_domain,
};
use afterview_core::kinds::{ApplicationStatus, Channel, Direction, OutcomeKind};
use afterview_core::model::{Message, Outcome, Record};
use afterview_core::settings::Settings;
use afterview_core::timeline::Context;
use afterview_store::{Store, Tx};
use jiff::civil::Date;
use serde::Serialize;

use crate::agenda::{Outlook, describe_change, outlook_in};
use crate::error::{Error, Result};

/// How a message was matched to its application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "kebab-case")]
pub enum MatchedBy {
    /// The address of a person recorded on the application.
    Person { email: String },
    /// The domain of people recorded on the application.
    Domain { domain: String },
    /// `--application` said so.
    Forced,
}

/// What importing one message would do.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum Action {
    /// Log it (and, for a rejection or an offer, the outcome).
    Log {
        matched_by: MatchedBy,
        company: String,
        /// Boxed: the other actions are small.
        message: Box<Message>,
        /// The person's name, when the message is to or from one recorded.
        person_name: Option<String>,
        outcome: Option<Outcome>,
    },
    /// Its Message-ID is already recorded (or came earlier in the files).
    Already { message: Option<MessageId> },
    /// No application fits: listed, not guessed.
    Unmatched { reason: String },
    /// It cannot be logged as it is (no date, dated after today).
    Skip { reason: String },
}

/// One message and what would be done with it.
#[derive(Debug, Clone, Serialize)]
pub struct MessagePlan {
    /// Its place in the messages given (0 for the first).
    pub index: usize,
    pub message_id: String,
    pub date: Option<Date>,
    pub from: Option<Address>,
    pub subject: Option<String>,
    pub direction: Direction,
    /// Its kind and why: read only for a message that will be logged.
    #[serde(flatten)]
    pub classified: Option<Classified>,
    /// It carries a calendar invite: `afterview import invite` records the
    /// interview.
    pub invite: bool,
    #[serde(flatten)]
    pub action: Action,
}

/// One application's plan before and after the import.
#[derive(Debug, Clone, Serialize)]
pub struct Replan {
    pub application: ApplicationId,
    pub company: String,
    pub before: Outlook,
    pub after: Outlook,
    /// The change in a sentence ([`describe_change`]).
    pub change: String,
}

/// What importing the messages would do; nothing is written.
#[derive(Debug, Clone, Serialize)]
pub struct EmailPlan {
    /// `user.email` is not set: how to set it, and how direction was told.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub messages: Vec<MessagePlan>,
    pub replans: Vec<Replan>,
}

impl EmailPlan {
    pub fn to_log(&self) -> usize {
        self.messages.iter().filter(|m| matches!(m.action, Action::Log { .. })).count()
    }

    pub fn unmatched(&self) -> usize {
        self.messages.iter().filter(|m| matches!(m.action, Action::Unmatched { .. })).count()
    }
}

/// What an import recorded.
#[derive(Debug, Clone, Serialize)]
pub struct EmailImported {
    pub messages: Vec<MessageId>,
    pub outcomes: Vec<OutcomeId>,
    pub replans: Vec<Replan>,
}

/// The note when `user.email` is empty.
pub const NO_USER_EMAIL: &str = "user.email is not set, so a message counts as sent only when it is to a recorded person and not from one; set it with `afterview config set user.email you@example.com`";

/// The recorded addresses and domains, by application: what a message is
/// matched against.
pub struct Recorded {
    /// A person's email → the person, their name and their applications.
    people: HashMap<String, (PersonId, String, Vec<ApplicationId>)>,
    /// A company domain → the applications with people there.
    domains: HashMap<String, Vec<ApplicationId>>,
    applications: HashMap<ApplicationId, (String, ApplicationStatus)>,
    /// Who has a part on which application.
    involved: HashSet<(ApplicationId, PersonId)>,
}

impl Recorded {
    pub fn load(store: &impl Store) -> Result<Self> {
        let applications: HashMap<ApplicationId, (String, ApplicationStatus)> =
            store.applications()?.into_iter().map(|a| (a.id, (a.value.company, a.value.status))).collect();
        let involvements = store.involvements(None)?;
        let mut people = HashMap::new();
        let mut domains: HashMap<String, Vec<ApplicationId>> = HashMap::new();
        for p in store.people()? {
            let Some(email) = p.value.email else { continue };
            let email = email.as_str().to_lowercase();
            let apps: Vec<ApplicationId> =
                involvements.iter().filter(|i| i.person == p.id).map(|i| i.application).collect();
            if let Some((_, domain)) = email.rsplit_once('@')
                && !is_shared_domain(domain)
            {
                let list = domains.entry(domain.to_owned()).or_default();
                for a in &apps {
                    if !list.contains(a) {
                        list.push(*a);
                    }
                }
            }
            people.insert(email, (p.id, p.value.name, apps));
        }
        let involved = involvements.iter().map(|i| (i.application, i.person)).collect();
        Ok(Self { people, domains, applications, involved })
    }

    /// Whether any address of `mail` is a recorded person's or at a
    /// company domain: only such a message can be matched, so only its
    /// text needs keeping.
    pub fn may_match(&self, mail: &Mail) -> bool {
        mail.from.iter().chain(&mail.to).any(|a| {
            self.people.contains_key(&a.email)
                || (!is_shared_domain(a.domain()) && self.domains.contains_key(a.domain()))
        })
    }

    fn is_person(&self, a: &Address) -> bool {
        self.people.contains_key(&a.email)
    }

    /// Of several applications, the open ones; one left is the match.
    fn one_of(&self, apps: &[ApplicationId]) -> std::result::Result<ApplicationId, Vec<ApplicationId>> {
        let open: Vec<ApplicationId> = apps
            .iter()
            .copied()
            .filter(|a| {
                self.applications.get(a).is_some_and(|(_, s)| {
                    matches!(
                        s,
                        ApplicationStatus::Active | ApplicationStatus::Offer | ApplicationStatus::Stalled
                    )
                })
            })
            .collect();
        match (apps, open.as_slice()) {
            ([one], _) | (_, [one]) => Ok(*one),
            _ => Err(apps.to_vec()),
        }
    }

    /// The application the addresses (the other side, in order) point to.
    fn find(&self, others: &[&Address]) -> std::result::Result<(ApplicationId, MatchedBy), String> {
        let ids =
            |apps: &[ApplicationId]| apps.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        for a in others {
            if let Some((_, name, apps)) = self.people.get(&a.email)
                && !apps.is_empty()
            {
                return self
                    .one_of(apps)
                    .map(|id| (id, MatchedBy::Person { email: a.email.clone() }))
                    .map_err(|all| {
                        format!("{name} <{}> is on {}: give --application to say which", a.email, ids(&all))
                    });
            }
        }
        for a in others {
            let domain = a.domain();
            if is_shared_domain(domain) {
                continue;
            }
            if let Some(apps) = self.domains.get(domain) {
                return self
                    .one_of(apps)
                    .map(|id| (id, MatchedBy::Domain { domain: domain.to_owned() }))
                    .map_err(|all| {
                        format!("people at {domain} are on {}: give --application to say which", ids(&all))
                    });
            }
        }
        let shown: Vec<&str> = others.iter().map(|a| a.email.as_str()).collect();
        Err(if shown.is_empty() {
            "it names nobody but you".to_owned()
        } else {
            format!("no recorded person or company domain fits {}", shown.join(", "))
        })
    }

    /// The recorded person on `application` among the addresses.
    fn person_on(&self, application: ApplicationId, others: &[&Address]) -> Option<(PersonId, String)> {
        others.iter().find_map(|a| {
            let (id, name, _) = self.people.get(&a.email)?;
            self.involved.contains(&(application, *id)).then(|| (*id, name.clone()))
        })
    }
}

/// Sent or received: from `user.email` when it is set; else sent when the
/// sender is no recorded person while someone it went to is.
fn direction(mail: &Mail, user: &str, book: &Recorded) -> Direction {
    let from = mail.from.as_ref();
    if !user.is_empty() {
        return if from.is_some_and(|f| f.email == user) { Direction::Out } else { Direction::In };
    }
    let to_person = mail.to.iter().any(|a| book.is_person(a));
    if from.is_none_or(|f| !book.is_person(f)) && to_person { Direction::Out } else { Direction::In }
}

/// Every message of one file (an `.eml` or an mbox), read one at a time
/// so a large mailbox is never held whole; days are the user's (`zone`).
/// A file that is not mail, or a message that is not, is `Invalid`,
/// naming the message and its line. With `recorded`, the text of a message
/// that cannot match (no address is a recorded person's or at a company
/// domain) is dropped as it is read: it is only listed, by its sender and
/// subject, so a large mailbox keeps little.
pub fn read_mails(
    reader: impl std::io::BufRead,
    zone: jiff::tz::TimeZone,
    recorded: Option<&Recorded>,
) -> Result<Vec<Mail>> {
    let bad = |e: EmailError| {
        let at = match (e.message, e.line) {
            (Some(m), Some(l)) => format!("message {m} (line {l}): "),
            (Some(m), None) => format!("message {m}: "),
            (None, Some(l)) => format!("line {l}: "),
            (None, None) => String::new(),
        };
        Error::Invalid {
            field: None,
            problem: format!("{at}{}", e.problem),
            fix: Some(format!("{}; nothing was recorded", e.fix)),
        }
    };
    Reader::new(reader, zone)
        .map_err(bad)?
        .map(|m| {
            let mut m = m.map_err(bad)?;
            if recorded.is_some_and(|r| !r.may_match(&m)) {
                m.body = String::new();
            }
            Ok(m)
        })
        .collect()
}

/// What importing `messages` would record, read on `today` with the
/// user's settings (their address, region and date order); nothing is
/// written. `application` forces every message onto that application.
pub fn email_preview(
    store: &impl Store,
    messages: &[Mail],
    settings: &Settings,
    today: Date,
    application: Option<ApplicationId>,
) -> Result<EmailPlan> {
    if let Some(app) = application {
        store.application(app)?;
    }
    let book = Recorded::load(store)?;
    let user = settings.user.email.trim().to_lowercase();
    let calendar = Calendar::new(settings.region());
    let ctx = Context { calendar: &calendar, date_order: settings.calendar.date_order };
    let mut seen: HashMap<String, Option<MessageId>> = store
        .messages(None)?
        .into_iter()
        .filter_map(|m| m.value.source_id.map(|s| (s, Some(m.id))))
        .collect();
    let outcomes = store.outcomes(None)?;
    // An outcome of the same kind already recorded is not proposed again.
    let mut decided: HashSet<(ApplicationId, OutcomeKind)> =
        outcomes.iter().map(|o| (o.value.application, o.value.kind)).collect();
    let mut plans = Vec::with_capacity(messages.len());
    for (index, mail) in messages.iter().enumerate() {
        let direction = direction(mail, &user, &book);
        let mut classified = None;
        let mut others: Vec<&Address> = match direction {
            Direction::Out => mail.to.iter().collect(),
            Direction::In => mail.from.iter().collect(),
        };
        others.retain(|a| a.email != user);
        let action = if let Some(&message) = seen.get(&mail.message_id) {
            Action::Already { message }
        } else {
            seen.insert(mail.message_id.clone(), None);
            let found = match application {
                Some(app) => Ok((app, MatchedBy::Forced)),
                None => book.find(&others),
            };
            match (found, mail.date) {
                (Err(reason), _) => Action::Unmatched { reason },
                (Ok(_), None) => {
                    Action::Skip { reason: "it has no Date header, so its day is unknown".to_owned() }
                }
                (Ok(_), Some(d)) if d > today => {
                    Action::Skip { reason: format!("it is dated {d}, after today ({today})") }
                }
                (Ok((app, matched_by)), Some(date)) => {
                    let classified = classified.insert(classify(mail, direction, ctx));
                    let person = book.person_on(app, &others);
                    let company = book.applications.get(&app).map(|(c, _)| c.clone()).unwrap_or_default();
                    let outcome = proposed_outcome(classified, direction, app, date)
                        .filter(|o| decided.insert((app, o.kind)));
                    let message = Message {
                        application: app,
                        person: person.as_ref().map(|(id, _)| *id),
                        kind: classified.kind.message_kind(),
                        direction,
                        date,
                        channel: Channel::Email,
                        subject: mail.subject.clone().filter(|s| !s.trim().is_empty()),
                        body: Some(mail.body.clone()).filter(|b| !b.trim().is_empty()),
                        source_id: Some(mail.message_id.clone()),
                    };
                    Action::Log {
                        matched_by,
                        company,
                        message: Box::new(message),
                        person_name: person.map(|(_, n)| n),
                        outcome,
                    }
                }
            }
        };
        plans.push(MessagePlan {
            index,
            message_id: mail.message_id.clone(),
            date: mail.date,
            from: mail.from.clone(),
            subject: mail.subject.clone(),
            direction,
            classified,
            invite: mail.invite,
            action,
        });
    }
    let replans = replans(store, settings, today, &plans)?;
    let note = user.is_empty().then(|| NO_USER_EMAIL.to_owned());
    Ok(EmailPlan { note, messages: plans, replans })
}

/// A received rejection or offer proposes its outcome on the message's
/// day; an offer's deadline is the day the message asks for an answer by.
fn proposed_outcome(c: &Classified, direction: Direction, app: ApplicationId, date: Date) -> Option<Outcome> {
    let kind = match (direction, c.kind) {
        (Direction::In, EmailKind::Rejection) => OutcomeKind::Rejection,
        (Direction::In, EmailKind::Offer) => OutcomeKind::Offer,
        _ => return None,
    };
    let deadline = c.deadline().filter(|d| kind == OutcomeKind::Offer && *d >= date);
    Some(Outcome { application: app, kind, date, deadline, feedback: None })
}

/// Each application the messages touch, planned before and after them:
/// the new messages and outcomes are added to the loaded facts in memory.
fn replans(
    store: &impl Store,
    settings: &Settings,
    today: Date,
    plans: &[MessagePlan],
) -> Result<Vec<Replan>> {
    let mut touched: Vec<(ApplicationId, String)> = Vec::new();
    for p in plans {
        if let Action::Log { message, company, .. } = &p.action
            && !touched.iter().any(|(a, _)| *a == message.application)
        {
            touched.push((message.application, company.clone()));
        }
    }
    if touched.is_empty() {
        return Ok(Vec::new());
    }
    let before = store.facts(closed_since(today))?;
    let mut after = before.clone();
    add_planned(&mut after, plans);
    Ok(touched
        .into_iter()
        .map(|(application, company)| {
            let b = outlook_in(&before, settings, today, application);
            let a = outlook_in(&after, settings, today, application);
            Replan { application, company, change: describe_change(&b, &a), before: b, after: a }
        })
        .collect())
}

/// The facts with the planned messages and outcomes added, each list kept
/// ordered by application (and in recorded order within one).
fn add_planned(facts: &mut Facts, plans: &[MessagePlan]) {
    let mut next = i64::MAX / 2;
    for p in plans {
        let Action::Log { message, outcome, .. } = &p.action else { continue };
        let app = message.application;
        let at = facts.messages.partition_point(|m| m.value.application <= app);
        facts.messages.insert(at, Record { id: MessageId(next), value: (**message).clone() });
        if let Some(o) = outcome {
            let at = facts.outcomes.partition_point(|m| m.value.application <= app);
            facts.outcomes.insert(at, Record { id: OutcomeId(next), value: o.clone() });
            if let Some(a) = facts.applications.iter_mut().find(|a| a.id == app) {
                a.value.status = o.kind.resulting_status();
            }
        }
        next += 1;
    }
}

/// Records what [`email_preview`] shows, in one transaction: every
/// matched message with its Message-ID, and the outcomes proposed; when
/// anything fails, nothing.
pub fn email_import(
    store: &mut impl Store,
    messages: &[Mail],
    settings: &Settings,
    today: Date,
    application: Option<ApplicationId>,
) -> Result<EmailImported> {
    let plan = email_preview(store, messages, settings, today, application)?;
    for p in &plan.messages {
        if let Action::Log { message, .. } = &p.action {
            crate::record::check_message(store, today, message).map_err(|e| at_message(e, p))?;
        }
    }
    let (ids, outcomes) = store.write(|tx| {
        let mut ids = Vec::new();
        let mut outcomes = Vec::new();
        for p in &plan.messages {
            let Action::Log { message, outcome, .. } = &p.action else { continue };
            ids.push(tx.add_message(message)?);
            if let Some(o) = outcome {
                outcomes.push(tx.add_outcome(o)?);
            }
        }
        Ok((ids, outcomes))
    })?;
    Ok(EmailImported { messages: ids, outcomes, replans: plan.replans })
}

/// An error about one message, saying which and that nothing was recorded.
fn at_message(e: Error, p: &MessagePlan) -> Error {
    let which = format!("the message {} ({})", p.message_id, p.subject.as_deref().unwrap_or("no subject"));
    match e {
        Error::Invalid { field, problem, fix } => Error::Invalid {
            field,
            problem: format!("{which}: {problem}"),
            fix: Some(format!("{}; nothing was recorded", fix.unwrap_or_else(|| "correct it".to_owned()))),
        },
        other => other,
    }
}

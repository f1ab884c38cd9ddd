//! The facts a user records: applications, people and their roles,
//! interviews, messages and outcomes. Plain data with serde, so the CLI can
//! print any of them as JSON and the store can keep them.

use jiff::Zoned;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::ids::{ApplicationId, PersonId};
use crate::kinds::{
    ApplicationStatus, Channel, Culture, Direction, FirstContact, MessageKind, OutcomeKind, PersonRole, Stage,
};
use crate::values::{Email, TimeZoneName};

/// A stored value with its id, printed as one flat JSON object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record<Id, T> {
    pub id: Id,
    #[serde(flatten)]
    pub value: T,
}

/// An application to one role at one company.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Application {
    pub company: String,
    pub role: String,
    pub status: ApplicationStatus,
    pub culture: Culture,
    /// Holiday region for this employer; `None` uses the user's setting.
    pub region: Option<String>,
    pub first_contact: FirstContact,
    /// The day the user applied or was first in touch, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied_on: Option<Date>,
    pub posting_url: Option<String>,
    pub notes: Option<String>,
}

impl Application {
    pub fn new(company: impl Into<String>, role: impl Into<String>) -> Self {
        Self {
            company: company.into(),
            role: role.into(),
            status: ApplicationStatus::Active,
            culture: Culture::Unknown,
            region: None,
            first_contact: FirstContact::Other,
            applied_on: None,
            posting_url: None,
            notes: None,
        }
    }
}

/// Someone the candidate deals with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub title: Option<String>,
    pub email: Option<Email>,
    pub phone: Option<String>,
    pub linkedin: Option<String>,
    pub organisation: Option<String>,
    pub time_zone: Option<TimeZoneName>,
    pub notes: Option<String>,
}

impl Person {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            title: None,
            email: None,
            phone: None,
            linkedin: None,
            organisation: None,
            time_zone: None,
            notes: None,
        }
    }
}

/// The part a person plays on an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Involvement {
    pub application: ApplicationId,
    pub person: PersonId,
    pub role: PersonRole,
}

/// One interview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interview {
    pub application: ApplicationId,
    /// The start, an instant with the zone it happens in.
    pub start: Zoned,
    pub duration_minutes: u32,
    pub stage: Stage,
    pub interviewers: Vec<PersonId>,
    pub topics: Vec<String>,
    /// Things the candidate promised to send (a portfolio link, references).
    pub promised: Vec<String>,
    /// What the employer said about next steps, in the user's words.
    pub next_steps: Option<String>,
    pub references_requested: bool,
    /// The employer invited further follow-ups ("feel free to check in").
    pub follow_ups_invited: bool,
    pub notes: Option<String>,
    /// Where it happens: a video link or an address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The calendar invitation it was imported from, so a later update of
    /// the same invitation moves it instead of adding another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite: Option<InviteRef>,
}

/// A calendar invitation's identity: its UID and the SEQUENCE last read.
/// An update carries the same UID and a higher SEQUENCE (RFC 5545 §3.8.7.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteRef {
    pub uid: String,
    pub sequence: u32,
}

impl Interview {
    /// An interview of an hour with nothing else recorded yet.
    pub fn new(application: ApplicationId, start: Zoned, stage: Stage) -> Self {
        Self {
            application,
            start,
            duration_minutes: 60,
            stage,
            interviewers: Vec::new(),
            topics: Vec::new(),
            promised: Vec::new(),
            next_steps: None,
            references_requested: false,
            follow_ups_invited: false,
            notes: None,
            location: None,
            invite: None,
        }
    }

    /// The interview day `R` of the rulebook: the local day of its start.
    pub fn day(&self) -> Date {
        self.start.date()
    }
}

/// A message sent or received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub application: ApplicationId,
    pub person: Option<PersonId>,
    pub kind: MessageKind,
    pub direction: Direction,
    pub date: Date,
    pub channel: Channel,
    pub subject: Option<String>,
    pub body: Option<String>,
    /// An imported email's Message-ID, so importing it again adds nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
}

/// How an application ended, or an offer on the way to its end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub application: ApplicationId,
    pub kind: OutcomeKind,
    pub date: Date,
    /// For an offer: the day the employer needs an answer by.
    pub deadline: Option<Date>,
    /// Feedback the employer gave (RULEBOOK F7).
    pub feedback: Option<String>,
}

/// What the user decided about a planned task, keyed by the planner's
/// stable task id. Tasks are computed; only this is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum TaskState {
    Done { on: Date },
    Skipped { on: Date },
    Snoozed { until: Date },
}

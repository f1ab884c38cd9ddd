//! The follow-up planner (RULEBOOK §3–§5): one interview's facts in, dated
//! tasks out. Pure: no clock, no store. Each task carries a stable id (so a
//! done / skipped / snoozed state sticks across runs), the rules that
//! produced it and one sentence a job seeker understands.
//!
//! [`plan`] runs one function per group of rules, each in its own module
//! with its tests beside it: `thanks` (T2, C2, T11, T9), `recruiter` (T3,
//! T10), `first_check` (T1, T4–T6, T8), `later_checks` (F1–F4 and the
//! check's channel, C1, C3, C4), `season` (T7, F5) and `outcomes` (F6, F10).
//! A new rule goes into its group's module; `task_id` owns the id format.
//!
//! [`plan`] plans one interview whole. The agenda plans thousands with
//! [`plan_with`]: the settings prepared once ([`Prepared`]), and a
//! [`Reader`] that sees each task as it is planned, so that no `why` is
//! written for a task it will not show. A rule group therefore adds a task
//! with its `why` as a closure (`Ctx::add`).

use std::borrow::Cow;

use jiff::Zoned;
use jiff::civil::{Date, Time};
use serde::Serialize;

use crate::calendar::{Calendar, ShortDay};
use crate::kinds::{Culture, DateOrder, Direction, FirstContact, MessageKind, OutcomeKind, Stage};
use crate::settings::{Planner, parse_call_window};
use crate::timeline::{self, PartOfDay, Reading};

mod first_check;
mod later_checks;
mod outcomes;
mod recruiter;
mod season;
mod task_id;
mod thanks;

pub use crate::kinds::Rule;
pub use task_id::TaskId;

/// Someone a task may go to. The texts borrow from the loaded records when
/// the agenda builds the facts (`'a`), and own them when read from JSON
/// (`'static`): the agenda builds a contact for every person of every
/// application.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Contact<'a> {
    /// A stable key for task ids: a person id (`p3`) or a name slug.
    pub key: String,
    pub name: Cow<'a, str>,
    pub title: Option<Cow<'a, str>>,
    pub email: Option<Cow<'a, str>>,
    pub time_zone: Option<jiff::tz::TimeZone>,
}

/// One message sent or received, as the planner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent<'a> {
    pub kind: MessageKind,
    pub direction: Direction,
    pub date: Date,
    /// The person's key, when known.
    pub to: Option<String>,
    /// How it went, when known: a call to a recruiter is the debrief (T3).
    pub channel: Option<crate::kinds::Channel>,
    /// For a reply: what it said about next steps, if anything (F4).
    pub timeline: Option<Cow<'a, str>>,
}

/// An offer from another company (F5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherOffer<'a> {
    pub company: Cow<'a, str>,
    pub deadline: Date,
    pub recorded: Date,
}

/// What the employer decided, as the planner sees it (F6, F10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decided {
    pub kind: OutcomeKind,
    /// The day it was recorded.
    pub date: Date,
    /// For an offer: the day they need an answer by, if they said.
    pub deadline: Option<Date>,
}

/// Everything the planner needs about one interview. Like [`Contact`], it
/// borrows its texts from the records when the agenda builds it.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    /// A stable key for task ids (see [`TaskId`]). The agenda plans only an
    /// application's latest interview and keys it by the application id
    /// (`a12`), so that ids stay put when facts are edited; the stateless
    /// `plan` keys by the interview's start day (`20261120`).
    pub key: String,
    pub start: Zoned,
    pub duration_minutes: u32,
    pub stage: Stage,
    pub company: Cow<'a, str>,
    pub culture: Culture,
    pub first_contact: FirstContact,
    pub interviewers: Vec<Contact<'a>>,
    pub recruiter: Option<(Contact<'a>, bool)>,
    pub references: Vec<Contact<'a>>,
    pub references_requested: bool,
    pub follow_ups_invited: bool,
    pub promised: Cow<'a, [String]>,
    pub timeline: Option<Cow<'a, str>>,
    pub history: Vec<Sent<'a>>,
    pub other_offer: Option<OtherOffer<'a>>,
    /// The latest outcome recorded, if any.
    pub outcome: Option<Decided>,
}

impl<'a> Facts<'a> {
    /// The main contact (T7): the recruiter when there is one, else the
    /// first interviewer.
    fn main_contact(&self) -> Option<&Contact<'a>> {
        self.recruiter.as_ref().map(|(c, _)| c).or_else(|| self.interviewers.first())
    }

    /// The recruiter, when an agency arranged the interview (T3, C3).
    fn agency_recruiter(&self) -> Option<&Contact<'a>> {
        self.recruiter.as_ref().filter(|(_, agency)| *agency).map(|(c, _)| c)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskKind {
    ThankYou,
    DebriefRecruiter,
    StatusCheck,
    ContactAsInstructed,
    HolidayGreeting,
    SaveContacts,
    AlertReferences,
    SendPromised,
    OfferNotice,
    OfferReply,
    RejectionReply,
    Connect,
}

impl TaskKind {
    /// Every kind, in declaration order (which is also the order of tasks
    /// due on the same days).
    pub const ALL: &'static [TaskKind] = &[
        Self::ThankYou,
        Self::DebriefRecruiter,
        Self::StatusCheck,
        Self::ContactAsInstructed,
        Self::HolidayGreeting,
        Self::SaveContacts,
        Self::AlertReferences,
        Self::SendPromised,
        Self::OfferNotice,
        Self::OfferReply,
        Self::RejectionReply,
        Self::Connect,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ThankYou => "thank-you",
            Self::DebriefRecruiter => "debrief-recruiter",
            Self::StatusCheck => "status-check",
            Self::ContactAsInstructed => "contact-as-instructed",
            Self::HolidayGreeting => "holiday-greeting",
            Self::SaveContacts => "save-contacts",
            Self::AlertReferences => "alert-references",
            Self::SendPromised => "send-promised",
            Self::OfferNotice => "offer-notice",
            Self::OfferReply => "offer-reply",
            Self::RejectionReply => "rejection-reply",
            Self::Connect => "connect",
        }
    }

    /// Tasks that chase the employer, which an outcome ends (F6).
    pub fn is_chasing(self) -> bool {
        matches!(
            self,
            Self::StatusCheck | Self::ContactAsInstructed | Self::HolidayGreeting | Self::OfferNotice
        )
    }

    /// The kind of message a draft for this task is; none for a task that
    /// is not a message (a debrief call, saving contacts). What was promised
    /// goes with the thank-you note (T11); a LinkedIn connection request is
    /// a short note of its own.
    pub fn message_kind(self) -> Option<MessageKind> {
        Some(match self {
            Self::ThankYou | Self::SendPromised => MessageKind::ThankYou,
            Self::Connect => MessageKind::Connect,
            Self::StatusCheck | Self::ContactAsInstructed => MessageKind::StatusCheck,
            Self::HolidayGreeting => MessageKind::HolidayGreeting,
            Self::OfferNotice => MessageKind::OfferNotice,
            Self::OfferReply => MessageKind::OfferReply,
            Self::RejectionReply => MessageKind::RejectionReply,
            Self::AlertReferences => MessageKind::ReferenceAlert,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskChannel {
    Email,
    Call,
    Card,
    Linkedin,
    None,
}

impl TaskChannel {
    /// The channel as a sentence says it ("LinkedIn"); empty for none.
    pub fn label(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Call => "call",
            Self::Card => "card",
            Self::Linkedin => "LinkedIn",
            Self::None => "",
        }
    }
}

/// A suggested time to call, in the contact's time zone (C4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallWindow {
    pub from: Zoned,
    pub to: Zoned,
}

impl CallWindow {
    /// The same hours on another day, in the same zone (the date is the
    /// recipient's; a day on which a DST change removes the hour has none).
    pub fn moved_to(&self, day: Date) -> Option<CallWindow> {
        let at = |z: &Zoned| day.to_datetime(z.time()).to_zoned(z.time_zone().clone()).ok();
        Some(CallWindow { from: at(&self.from)?, to: at(&self.to)? })
    }
}

/// The hours to call in the recipient's zone, with the same hours on the
/// user's own clock beside them when the zones differ, as every front end
/// shows them: "16:30–17:30 EST (21:30–22:30 your time)".
pub fn call_windows_text(windows: &[CallWindow], user: &jiff::tz::TimeZone) -> String {
    let mut parts = Vec::with_capacity(windows.len());
    for w in windows {
        let mut part =
            format!("{}–{} {}", w.from.strftime("%H:%M"), w.to.strftime("%H:%M"), w.from.strftime("%Z"));
        if let Some(mine) = your_time(&w.from, &w.to, user) {
            part.push_str(&format!(" ({mine})"));
        }
        parts.push(part);
    }
    parts.join(" or ")
}

/// `from` (to `to`) on the user's own clock, when their zone's offset
/// differs: "21:30–22:30 your time", "10:00 on Wed 2 Dec your time".
pub fn your_time(from: &Zoned, to: &Zoned, user: &jiff::tz::TimeZone) -> Option<String> {
    let (mine, mine_to) = (from.with_time_zone(user.clone()), to.with_time_zone(user.clone()));
    if mine.offset() == from.offset() {
        return None;
    }
    let mut out = mine.strftime("%H:%M").to_string();
    if to != from {
        out.push_str(&format!("–{}", mine_to.strftime("%H:%M")));
    }
    if mine.date() != from.date() {
        out.push_str(&format!(" on {}", day(mine.date())));
    }
    out.push_str(" your time");
    Some(out)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    pub id: TaskId,
    pub kind: TaskKind,
    /// The recipient's name, for tasks with one.
    pub to: Option<String>,
    pub due: Date,
    /// Never before `due`.
    pub latest: Date,
    pub channel: TaskChannel,
    pub also: Vec<TaskChannel>,
    /// When a call is suggested (`channel` or `also`), the hours to call (C4).
    pub call_windows: Vec<CallWindow>,
    pub rules: Vec<Rule>,
    pub why: String,
    /// The day the task's reason arose: the interview, the employer's last
    /// reply (a check), the outcome or the offer. A done or skipped mark
    /// from before it was made on an earlier task of the same id (the first
    /// interview's thank-you, a check before the reply) and does not apply.
    #[serde(skip)]
    pub since: Date,
}

impl Task {
    /// The channel and its alternatives: "email or card"; empty for none.
    pub fn channels(&self) -> String {
        let mut out = String::new();
        self.push_channels(&mut out);
        out
    }

    /// Writes [`Task::channels`] onto `out`.
    pub fn push_channels(&self, out: &mut String) {
        out.push_str(self.channel.label());
        for c in &self.also {
            out.push_str(" or ");
            out.push_str(c.label());
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Plan {
    pub tasks: Vec<Task>,
    pub notes: Vec<String>,
    /// F2: the status checks went unanswered; the planner stopped chasing.
    #[serde(skip)]
    pub stalled: bool,
    /// F2: how many status checks went unanswered when it stalled.
    #[serde(skip)]
    pub unanswered: u32,
    /// The timeline as read, for the interface.
    #[serde(skip)]
    pub reading: Option<Reading>,
    /// F4: when the employer's last reply set the timeline, its day and the
    /// sentence of it that was read ("We hope to decide by the 18th.").
    #[serde(skip)]
    pub reply_said: Option<(Date, String)>,
}

/// The planner's settings made ready for planning many interviews (the
/// agenda plans thousands): the call windows are parsed once.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    pub settings: &'a Planner,
    /// How the user writes 12/4, for reading timelines.
    pub date_order: DateOrder,
    /// The call windows of the settings that parse (settings are checked
    /// when saved; one that does not parse is left out).
    windows: Vec<(Time, Time)>,
}

impl<'a> Prepared<'a> {
    pub fn new(settings: &'a Planner, date_order: DateOrder) -> Self {
        let windows = settings.call_windows.iter().filter_map(|w| parse_call_window(w).ok()).collect();
        Self { settings, date_order, windows }
    }
}

/// How much of a planned task its reader needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// The whole task, with its `why`.
    Whole,
    /// The task without its `why` (left empty): its days still count, but
    /// it will not be shown (the agenda's status check beyond "coming up").
    Bare,
    /// Not at all: it is done, skipped or long past.
    Drop,
}

/// What the caller reads of a plan, so that the planner writes no sentence
/// nobody reads: the agenda plans some 30,000 tasks over 10,000
/// applications and shows fewer than half. [`Everything`] reads it all.
pub trait Reader {
    /// Sees each task as planned, before its `why` is written; may move
    /// its days (a snooze) and says how much of it to keep.
    fn task(&mut self, task: &mut Task) -> Keep;
    /// Whether the plan's notes are read.
    fn notes(&self) -> bool;
}

/// The reader of a whole plan: every task, with its `why`, and the notes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Everything;

impl Reader for Everything {
    fn task(&mut self, _: &mut Task) -> Keep {
        Keep::Whole
    }

    fn notes(&self) -> bool {
        true
    }
}

/// Plans the follow-up of one interview.
pub fn plan(f: &Facts<'_>, settings: &Planner, cal: &Calendar, date_order: DateOrder) -> Plan {
    plan_with(f, &Prepared::new(settings, date_order), cal, &mut Everything)
}

/// Plans the follow-up of one interview, with the settings prepared once
/// for many, keeping of each task what `reader` reads. The tasks kept are
/// those [`plan`] plans, each as `reader` left it; the notes are none
/// unless it reads them.
pub fn plan_with(f: &Facts<'_>, prepared: &Prepared<'_>, cal: &Calendar, reader: &mut dyn Reader) -> Plan {
    let Prepared { settings, date_order, ref windows } = *prepared;
    let r = f.start.date();
    let mut cx = Ctx { f, cal, s: settings, r, plan: Plan::default(), windows, date_order, reader };
    let reading = f.timeline.as_deref().filter(|t| !t.trim().is_empty()).map(|t| cx.read(t, cx.r));

    // The order of the groups is the order of the notes (T1, F2, F5); tasks
    // are sorted by day at the end.
    first_check::note_missing_timeline(&mut cx, reading.as_ref());
    recruiter::debrief(&mut cx);
    thanks::after_the_interview(&mut cx, reading.as_ref());
    recruiter::alert_references(&mut cx);
    let chase = later_checks::since_last_reply(&cx, reading.as_ref());
    let first = first_check::first_check(&cx, &chase);
    later_checks::next_check(&mut cx, &chase, first);
    cx.plan.reply_said = chase.said.clone();
    season::holiday_greeting(&mut cx, chase.reading.as_ref());
    season::offer_notice(&mut cx);
    outcomes::after_outcome(&mut cx);

    cx.plan.reading = reading;
    // Stable: a panel's notes keep the interviewers' order.
    cx.plan.tasks.sort_by_key(|t| (t.due, t.latest, t.kind));
    cx.plan
}

/// What every rule group reads, and the plan they fill.
struct Ctx<'a> {
    f: &'a Facts<'a>,
    cal: &'a Calendar,
    s: &'a Planner,
    /// The interview day, R.
    r: Date,
    plan: Plan,
    /// The call windows of the settings, parsed once.
    windows: &'a [(Time, Time)],
    /// How the user writes 12/4, for reading timelines in replies too.
    date_order: DateOrder,
    reader: &'a mut dyn Reader,
}

impl Ctx<'_> {
    /// Messages of `kind` the candidate sent on or after `since`.
    fn sent(&self, kind: MessageKind, since: Date) -> impl Iterator<Item = &Sent<'_>> {
        self.f
            .history
            .iter()
            .filter(move |m| m.kind == kind && m.direction == Direction::Out && m.date >= since)
    }

    /// Reads a timeline said on `day`.
    fn read(&self, text: &str, day: Date) -> Reading {
        timeline::read(text, day, timeline::Context { calendar: self.cal, date_order: self.date_order })
    }

    /// C4: the hours to call `to` on `due`, in their time zone (else the
    /// interview's), when `channel` or `also` is a call; none otherwise.
    fn call_windows(
        &self,
        due: Date,
        to: Option<&Contact>,
        channel: TaskChannel,
        also: &[TaskChannel],
    ) -> Vec<CallWindow> {
        self.call_windows_in(due, to, channel, also, None)
    }

    /// [`Ctx::call_windows`] within the part of the day they asked for
    /// (T6: "call me Tuesday afternoon"): the settings' windows that fall in
    /// it, else a polite hour or two of it.
    fn call_windows_in(
        &self,
        due: Date,
        to: Option<&Contact>,
        channel: TaskChannel,
        also: &[TaskChannel],
        part: Option<PartOfDay>,
    ) -> Vec<CallWindow> {
        if channel != TaskChannel::Call && !also.contains(&TaskChannel::Call) {
            return Vec::new();
        }
        let zone = to.and_then(|c| c.time_zone.clone()).unwrap_or_else(|| self.f.start.time_zone().clone());
        let window = |(a, b): (Time, Time)| {
            Some(CallWindow {
                from: due.to_datetime(a).to_zoned(zone.clone()).ok()?,
                to: due.to_datetime(b).to_zoned(zone.clone()).ok()?,
            })
        };
        let Some(part) = part else { return self.windows.iter().filter_map(|&w| window(w)).collect() };
        let (start, end) = part.hours();
        let within: Vec<CallWindow> =
            self.windows.iter().filter(|&&(a, _)| a >= start && a < end).filter_map(|&w| window(w)).collect();
        if within.is_empty() { window(part.suggested()).into_iter().collect() } else { within }
    }

    /// Adds a task (its `why` left empty) as the reader wants it, writing
    /// the `why` only if it is read. A latest day before the due day (a
    /// holiday-heavy calendar can roll one past the other) becomes the due
    /// day.
    fn add(&mut self, mut task: Task, why: impl FnOnce() -> String) {
        debug_assert_eq!(task.id.kind(), task.kind, "{}", task.id);
        debug_assert!(task.why.is_empty(), "{}: the why is written here", task.id);
        task.latest = task.latest.max(task.due);
        match self.reader.task(&mut task) {
            Keep::Whole => {
                task.why = why();
                self.plan.tasks.push(task);
            }
            Keep::Bare => self.plan.tasks.push(task),
            Keep::Drop => {}
        }
    }

    /// Adds a note, written only if the reader reads notes.
    fn note(&mut self, note: impl FnOnce() -> String) {
        if self.reader.notes() {
            self.plan.notes.push(note());
        }
    }
}

/// A day as a sentence writes it ("Fri 4 Dec"), formatted in place.
fn day(d: Date) -> ShortDay {
    ShortDay(d)
}

fn slug(s: &str) -> String {
    fn push(out: &mut String, c: char) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        // ASCII first: char::to_lowercase is a table search for every
        // character, and this runs for every offer notice on the agenda.
        if c.is_ascii() {
            push(&mut out, c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(|c| push(&mut out, c));
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A key for a contact from its name, for facts without ids.
pub fn name_key(name: &str) -> String {
    slug(name)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The interviewers' names as a sentence lists them.
fn interviewer_names(f: &Facts) -> String {
    let names: Vec<&str> = f.interviewers.iter().map(|c| &*c.name).collect();
    join_names(&names)
}

#[cfg(test)]
mod tests;

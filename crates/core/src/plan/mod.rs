//! The follow-up planner (RULEBOOK §3–§5): one interview's facts in, dated
//! tasks out. Pure: no clock, no store. Each task carries a stable id (so a
//! done / skipped / snoozed state sticks across runs), the rules that
//! produced it and one sentence a job seeker understands.

use jiff::civil::{Date, Time};
use jiff::{ToSpan, Zoned};
use serde::Serialize;

use crate::calendar::Calendar;
use crate::kinds::{Culture, Direction, FirstContact, MessageKind, OutcomeKind, PhonePolicy, Stage};
use crate::settings::{Planner, parse_call_window};
use crate::timeline::{self, ContactChannel, Reading, ReadingKind};

/// Someone a task may go to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Contact {
    /// A stable key for task ids: a person id (`p3`) or a name slug.
    pub key: String,
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub time_zone: Option<jiff::tz::TimeZone>,
}

/// One message sent or received, as the planner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub kind: MessageKind,
    pub direction: Direction,
    pub date: Date,
    /// The person's key, when known.
    pub to: Option<String>,
    /// For a reply: what it said about next steps, if anything (F4).
    pub timeline: Option<String>,
}

/// An offer from another company (F5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherOffer {
    pub company: String,
    pub deadline: Date,
    pub recorded: Date,
}

/// Everything the planner needs about one interview.
#[derive(Debug, Clone)]
pub struct Facts {
    /// A stable key for task ids: an interview id (`i12`) or the start day.
    pub key: String,
    pub start: Zoned,
    pub duration_minutes: u32,
    pub stage: Stage,
    pub company: String,
    pub culture: Culture,
    pub first_contact: FirstContact,
    pub interviewers: Vec<Contact>,
    pub recruiter: Option<(Contact, bool)>,
    pub references: Vec<Contact>,
    pub references_requested: bool,
    pub follow_ups_invited: bool,
    pub promised: Vec<String>,
    pub timeline: Option<String>,
    pub history: Vec<Sent>,
    pub other_offer: Option<OtherOffer>,
    pub outcome: Option<(OutcomeKind, Date)>,
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
    RejectionReply,
    Connect,
}

impl TaskKind {
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

    /// The message kind that, once sent, does this task.
    pub fn message_kind(self) -> Option<MessageKind> {
        Some(match self {
            Self::ThankYou => MessageKind::ThankYou,
            Self::StatusCheck | Self::ContactAsInstructed => MessageKind::StatusCheck,
            Self::HolidayGreeting => MessageKind::HolidayGreeting,
            Self::OfferNotice => MessageKind::OfferNotice,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    pub id: String,
    pub kind: TaskKind,
    pub to: Option<String>,
    pub due: Date,
    pub latest: Date,
    pub channel: TaskChannel,
    pub also: Vec<TaskChannel>,
    pub call_windows: Vec<CallWindow>,
    pub rules: Vec<&'static str>,
    pub why: String,
}

impl Task {
    /// The channel and its alternatives: "email or card"; empty for none.
    pub fn channels(&self) -> String {
        std::iter::once(self.channel)
            .chain(self.also.iter().copied())
            .map(TaskChannel::label)
            .collect::<Vec<_>>()
            .join(" or ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Plan {
    pub tasks: Vec<Task>,
    pub notes: Vec<String>,
    /// F2: the status checks went unanswered; the planner stopped chasing.
    #[serde(skip)]
    pub stalled: bool,
    /// The timeline as read, for the interface.
    #[serde(skip)]
    pub reading: Option<Reading>,
}

use crate::calendar::short_day as day;

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// A key for a contact from its name, for facts without ids.
pub fn name_key(name: &str) -> String {
    slug(name)
}

struct Ctx<'a> {
    f: &'a Facts,
    cal: &'a Calendar,
    s: &'a Planner,
    r: Date,
    plan: Plan,
    /// The call windows of the settings, parsed once.
    windows: Vec<(Time, Time)>,
    /// How the user writes 12/4, for reading timelines in replies too.
    date_order: crate::kinds::DateOrder,
}

impl Ctx<'_> {
    fn sent(&self, kind: MessageKind, since: Date) -> impl Iterator<Item = &Sent> {
        self.f
            .history
            .iter()
            .filter(move |m| m.kind == kind && m.direction == Direction::Out && m.date >= since)
    }

    fn call_windows(&self, due: Date, zone: Option<&jiff::tz::TimeZone>) -> Vec<CallWindow> {
        let zone = zone.cloned().unwrap_or_else(|| self.f.start.time_zone().clone());
        self.windows
            .iter()
            .filter_map(|&(a, b)| {
                Some(CallWindow {
                    from: due.to_datetime(a).to_zoned(zone.clone()).ok()?,
                    to: due.to_datetime(b).to_zoned(zone.clone()).ok()?,
                })
            })
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        id: String,
        kind: TaskKind,
        to: Option<&Contact>,
        (due, latest): (Date, Date),
        channel: TaskChannel,
        also: Vec<TaskChannel>,
        rules: Vec<&'static str>,
        why: String,
    ) {
        let calls = channel == TaskChannel::Call || also.contains(&TaskChannel::Call);
        let call_windows =
            if calls { self.call_windows(due, to.and_then(|c| c.time_zone.as_ref())) } else { Vec::new() };
        self.plan.tasks.push(Task {
            id,
            kind,
            to: to.map(|c| c.name.clone()),
            due,
            latest: latest.max(due),
            channel,
            also,
            call_windows,
            rules,
            why,
        });
    }

    fn main_contact(&self) -> Option<&Contact> {
        self.f.recruiter.as_ref().map(|(c, _)| c).or_else(|| self.f.interviewers.first())
    }

    /// C1 and C3: how a status check goes, and why. (An instruction to call
    /// is honoured by the caller before this is asked.)
    fn check_channel(&self) -> (TaskChannel, Vec<TaskChannel>, Vec<&'static str>, String) {
        let agency = matches!(self.f.recruiter, Some((_, true)));
        let mut rules = vec!["C1"];
        if agency {
            rules.push("C3");
        }
        let (channel, also, note) = match (self.s.phone_policy, agency) {
            (PhonePolicy::Allowed, _) => (
                TaskChannel::Call,
                vec![TaskChannel::Email],
                " A brief call is suggested (planner.phone_policy is allowed; some advice prefers email).",
            ),
            (PhonePolicy::WhenInvited, true) => (
                TaskChannel::Call,
                vec![TaskChannel::Email],
                " A call to the recruiter is fine: that is their job.",
            ),
            (PhonePolicy::WhenInvited, false) => (
                TaskChannel::Email,
                vec![],
                " By email: advice differs on calling, and planner.phone_policy is when-invited.",
            ),
        };
        (channel, also, rules, note.to_owned())
    }
}

/// Plans the follow-up of one interview.
pub fn plan(f: &Facts, settings: &Planner, cal: &Calendar, date_order: crate::kinds::DateOrder) -> Plan {
    let r = f.start.date();
    let windows = settings.call_windows.iter().filter_map(|w| parse_call_window(w).ok()).collect();
    let mut cx = Ctx { f, cal, s: settings, r, plan: Plan::default(), windows, date_order };
    let reading = f
        .timeline
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| timeline::read(t, r, timeline::Context { calendar: cal, date_order }));

    // T1: no timeline recorded.
    match (&f.timeline, &reading) {
        (None, _) | (Some(_), None) => cx.plan.notes.push(
            "T1: no timeline was recorded. Next time, ask at the end: \"What is the next step, and when do you expect to decide?\" Meanwhile afterview assumes a week."
                .to_owned(),
        ),
        (Some(t), Some(rd)) if rd.kind == ReadingKind::None => cx.plan.notes.push(format!(
            "T1: \"{}\" gives no date. Next time, ask when they expect to decide. Meanwhile afterview assumes a week.",
            t.trim()
        )),
        _ => {}
    }

    let end = f.start.saturating_add((f.duration_minutes as i64).minutes());
    let thank_latest = end.saturating_add((settings.thank_you_hours as i64).hours()).date();
    let decision_latest = reading.as_ref().filter(|x| x.kind == ReadingKind::Decision).and_then(|x| x.latest);
    let agency = f.recruiter.as_ref().filter(|(_, agency)| *agency).map(|(c, _)| c);

    // T3: debrief the agency recruiter first.
    if let Some(rec) = agency {
        cx.push(
            format!("debrief-recruiter:{}:{}", f.key, rec.key),
            TaskKind::DebriefRecruiter,
            Some(rec),
            (r, r),
            TaskChannel::Call,
            vec![],
            vec!["T3"],
            format!(
                "{} arranged this interview: call them today with how it went, before the thank-you notes.",
                rec.name
            ),
        );
    }

    // T2 and C2: a thank-you note to each interviewer.
    let card = matches!(f.culture, Culture::Traditional | Culture::Creative)
        && decision_latest.is_none_or(|d| cal.business_days_between(r, d) >= settings.card_min_business_days);
    for (n, iv) in f.interviewers.iter().enumerate() {
        let done = cx.sent(MessageKind::ThankYou, r).any(|m| m.to.as_deref().is_none_or(|k| k == iv.key));
        if done {
            continue;
        }
        let linkedin = f.first_contact == FirstContact::Linkedin && iv.email.is_none();
        let channel = if linkedin { TaskChannel::Linkedin } else { TaskChannel::Email };
        let also = if card { vec![TaskChannel::Card] } else { vec![] };
        let mut rules = vec!["T2", "C2"];
        let mut why = format!(
            "Thank {} within {} hours of the interview, by {}; one note each, varied.",
            iv.name,
            settings.thank_you_hours,
            day(thank_latest)
        );
        if n == 0 && agency.is_some() {
            why.push_str(" Debrief the recruiter first.");
        }
        if card {
            why.push_str(&format!(
                " {} culture with a decision some way off: a handwritten card is worth it too.",
                capitalise(f.culture.as_str())
            ));
        }
        if linkedin {
            why.push_str(" No email known and you met through LinkedIn: send it there.");
        }
        if n == 0 && !f.promised.is_empty() {
            rules.push("T11");
        }
        cx.push(
            format!("thank-you:{}:{}", f.key, iv.key),
            TaskKind::ThankYou,
            Some(iv),
            (r, thank_latest),
            channel,
            also,
            rules,
            why,
        );
    }

    // T11: what was promised goes with the first thank-you.
    if !f.promised.is_empty() {
        let to = f.interviewers.first();
        let done = to.is_some_and(|c| {
            cx.sent(MessageKind::ThankYou, r).any(|m| m.to.as_deref().is_none_or(|k| k == c.key))
        });
        if !done {
            cx.push(
                format!("send-promised:{}", f.key),
                TaskKind::SendPromised,
                to,
                (r, thank_latest),
                TaskChannel::Email,
                vec![],
                vec!["T11"],
                format!("You promised to send: {}. Send it with the thank-you note.", f.promised.join("; ")),
            );
        }
    }

    // T9: save the interviewers to contacts.
    if !f.interviewers.is_empty() {
        let names: Vec<&str> = f.interviewers.iter().map(|c| c.name.as_str()).collect();
        cx.push(
            format!("save-contacts:{}", f.key),
            TaskKind::SaveContacts,
            None,
            (r, r.saturating_add(1.day())),
            TaskChannel::None,
            vec![],
            vec!["T9"],
            format!("Add {} to your contacts while the names are fresh.", join_names(&names)),
        );
    }

    // T10: alert the references.
    if f.references_requested && cx.sent(MessageKind::ReferenceAlert, r).next().is_none() {
        let due = (r, cal.next_business_day(r));
        let why =
            "They asked for references: tell your references to expect a call, and what the role is about."
                .to_owned();
        if f.references.is_empty() {
            cx.push(
                format!("alert-references:{}", f.key),
                TaskKind::AlertReferences,
                None,
                due,
                TaskChannel::Email,
                vec![TaskChannel::Call],
                vec!["T10"],
                why.clone(),
            );
        }
        for rf in &f.references {
            cx.push(
                format!("alert-references:{}:{}", f.key, rf.key),
                TaskKind::AlertReferences,
                Some(rf),
                due,
                TaskChannel::Email,
                vec![TaskChannel::Call],
                vec!["T10"],
                why.clone(),
            );
        }
    }

    chase(&mut cx, reading.as_ref());

    // F6: an outcome ends the chasing.
    if let Some((kind, on)) = f.outcome {
        if matches!(
            kind,
            OutcomeKind::Rejection | OutcomeKind::Acceptance | OutcomeKind::Withdrawal | OutcomeKind::Offer
        ) {
            cx.plan.tasks.retain(|t| !t.kind.is_chasing());
        }
        if kind == OutcomeKind::Rejection {
            let to = cx.main_contact().cloned();
            if cx.sent(MessageKind::RejectionReply, on).next().is_none() {
                cx.push(
                    format!("rejection-reply:{}", f.key),
                    TaskKind::RejectionReply,
                    to.as_ref(),
                    (on, cal.add_business_days(on, 2)),
                    TaskChannel::Email,
                    vec![],
                    vec!["F6"],
                    format!("{} said no. A short, gracious reply keeps the door open: thank them, say you'd welcome future roles, and ask for feedback if you like.", f.company),
                );
            }
            let connect = cal.next_business_day(on);
            let names: Vec<&str> = f.interviewers.iter().map(|c| c.name.as_str()).collect();
            let who = if names.is_empty() { "the people you met".to_owned() } else { join_names(&names) };
            cx.push(
                format!("connect:{}", f.key),
                TaskKind::Connect,
                None,
                // Optional, so it keeps for a week rather than turning overdue.
                (connect, cal.add_business_days(connect, 5)),
                TaskChannel::Linkedin,
                vec![],
                vec!["F6", "C5"],
                format!("Optional: connect with {who} on LinkedIn, with a line of thanks; your network outlasts this role."),
            );
        }
    }

    cx.plan.reading = reading;
    // Stable: a panel's notes keep the interviewers' order.
    cx.plan.tasks.sort_by_key(|t| (t.due, t.latest, t.kind));
    cx.plan
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

/// T4–T8 and F1–F5: status checks, instructed contacts, the holiday
/// greeting and the offer notice.
fn chase(cx: &mut Ctx<'_>, reading: Option<&Reading>) {
    let f = cx.f;
    let (cal, s, r) = (cx.cal, cx.s, cx.r);
    let company = f.company.clone();
    let to = cx.main_contact().cloned();
    let check_to = f.recruiter.as_ref().filter(|(_, a)| *a).map(|(c, _)| c.clone()).or(to.clone());

    // F4: the last reply from the employer restarts the count, and a new
    // timeline in it re-plans from its day.
    let last_reply =
        f.history.iter().filter(|m| m.direction == Direction::In && m.date >= r).max_by_key(|m| m.date);
    let (base, reading) = match last_reply {
        Some(reply) => {
            let new = reply
                .timeline
                .as_deref()
                .map(|t| {
                    timeline::read(
                        t,
                        reply.date,
                        timeline::Context { calendar: cal, date_order: cx.date_order },
                    )
                })
                .filter(|x| x.kind != ReadingKind::None);
            (reply.date, new)
        }
        None => (r, reading.cloned()),
    };
    let checks: Vec<Date> = {
        let mut v: Vec<Date> = cx.sent(MessageKind::StatusCheck, base).map(|m| m.date).collect();
        v.sort();
        v
    };
    let reply_note = last_reply
        .map(|m| format!(" They replied on {}, so the count starts again.", day(m.date)))
        .unwrap_or_default();

    // The first check, from the timeline (T4, T5, T6, T8).
    let (first_due, first_latest, kind, rules, why, instructed) = match reading.as_ref().map(|x| (x.kind, x))
    {
        Some((ReadingKind::Contact, x)) => {
            let d = x.date.unwrap_or(base);
            let how = match x.channel {
                Some(ContactChannel::Call) => "call",
                Some(ContactChannel::Email) => "email",
                _ => "get in touch",
            };
            (
                d,
                d,
                TaskKind::ContactAsInstructed,
                vec!["T6"],
                format!("{company} asked you to {how} on {}: do exactly that, that day.", day(d)),
                x.channel,
            )
        }
        Some((ReadingKind::Decision, x)) if x.after_holidays => {
            let jan = Date::new(x.latest.map_or(r.year() + 1, |d| d.year()), 1, 1).unwrap_or(r);
            let due = cal.nth_business_day_of_month(jan.year(), 1, 3).unwrap_or(jan);
            let latest = cal.previous_business_day(Date::new(jan.year(), 1, 10).unwrap_or(jan));
            (
                due,
                latest,
                TaskKind::StatusCheck,
                vec!["T8"],
                format!(
                    "{company} said after the holidays: give them a few days back, then check in on {}.",
                    day(due)
                ),
                None,
            )
        }
        Some((ReadingKind::Decision, x)) => {
            let latest = x.latest.unwrap_or(base);
            let due = cal.next_business_day(latest);
            (
                due,
                cal.add_business_days(due, s.status_check_grace_business_days),
                TaskKind::StatusCheck,
                vec!["T4"],
                format!(
                    "{company} said they'd decide by {}; check in the next business day, {}.",
                    day(latest),
                    day(due)
                ),
                None,
            )
        }
        _ => {
            let due = cal.roll_forward(base.saturating_add((s.status_check_after_days as i32).days()));
            let latest = base.saturating_add((s.status_check_latest_days as i32).days());
            let from = if last_reply.is_some() { "their reply" } else { "the interview" };
            (
                due,
                latest,
                TaskKind::StatusCheck,
                vec!["T5"],
                format!(
                    "No date to wait for: a polite status check about a week after {from}, on {}.",
                    day(due)
                ),
                None,
            )
        }
    };

    // F1–F3: later checks when earlier ones went unanswered.
    let invited = f.follow_ups_invited;
    let unanswered = checks.len() as u32;
    let mut due = first_due;
    let mut latest = first_latest;
    let mut rules = rules;
    let mut why = why;
    let mut kind = kind;
    if let Some(last) = checks.last() {
        if !invited && unanswered >= s.max_unanswered_checks {
            cx.plan.stalled = true;
            cx.plan.notes.push(format!(
                "F2: {unanswered} status checks to {company} went unanswered, so afterview stops chasing and marks it stalled. One last gracious note is optional; put your energy into other applications."
            ));
            return offer_and_greeting(cx, reading.as_ref(), to.as_ref());
        }
        due = cal.roll_forward(last.saturating_add((s.follow_up_gap_days as i32).days()));
        latest = cal.add_business_days(due, s.status_check_grace_business_days);
        kind = TaskKind::StatusCheck;
        rules = if invited { vec!["F3"] } else { vec!["F1"] };
        why = if invited {
            format!(
                "{company} invited you to keep in touch: check in again on {}, {} days after the last.",
                day(due),
                s.follow_up_gap_days
            )
        } else {
            format!(
                "No answer to your status check of {}: one more, {} days later, on {}.",
                day(*last),
                s.follow_up_gap_days,
                day(due)
            )
        };
    }
    // F1: never two messages to one company within a few business days.
    let last_out = f
        .history
        .iter()
        .filter(|m| m.direction == Direction::Out && m.kind != MessageKind::ThankYou)
        .map(|m| m.date)
        .max();
    // F3: an invitation's cadence replaces F1, its gap included.
    if let Some(prev) = last_out.filter(|_| !invited) {
        let earliest = cal.add_business_days(prev, s.min_gap_business_days);
        if due < earliest {
            due = earliest;
            latest = latest.max(cal.add_business_days(due, s.status_check_grace_business_days));
            if !rules.contains(&"F1") {
                rules.push("F1");
            }
            why.push_str(&format!(" Moved to {}: you wrote to them on {}.", day(due), day(prev)));
        }
    }
    why.push_str(&reply_note);
    // An instruction to call or to write decides the channel; otherwise C1/C3.
    let (channel, also, channel_rules, channel_note) = match (kind, instructed) {
        (TaskKind::ContactAsInstructed, Some(ContactChannel::Call)) => {
            (TaskChannel::Call, vec![], vec!["C1"], String::new())
        }
        (TaskKind::ContactAsInstructed, Some(ContactChannel::Email)) => {
            (TaskChannel::Email, vec![], vec![], String::new())
        }
        _ => cx.check_channel(),
    };
    rules.extend(channel_rules);
    why.push_str(&channel_note);
    let n = checks.len() + 1;
    let target = if kind == TaskKind::ContactAsInstructed { to.clone() } else { check_to.clone() };
    cx.push(
        format!("{}:{}:{n}", kind.as_str(), f.key),
        kind,
        target.as_ref(),
        (due, latest),
        channel,
        also,
        rules,
        why,
    );
    offer_and_greeting(cx, reading.as_ref(), to.as_ref());
}

/// T7 (the holiday greeting) and F5 (the offer notice).
fn offer_and_greeting(cx: &mut Ctx<'_>, reading: Option<&Reading>, to: Option<&Contact>) {
    let f = cx.f;
    let (cal, s, r) = (cx.cal, cx.s, cx.r);
    // T7: the decision reaches past Christmas Eve, or "after the holidays".
    let greeting = reading.is_some_and(|x| {
        let past_eve = x.kind == ReadingKind::Decision
            && x.latest.is_some_and(|l| Date::new(r.year(), 12, 24).is_ok_and(|eve| l > eve && r <= eve));
        past_eve || (x.after_holidays && r.month() >= 11)
    });
    if greeting && cx.sent(MessageKind::HolidayGreeting, r).next().is_none() {
        let from = Date::new(r.year(), 12, s.holiday_greeting_from_day as i8).unwrap_or(r);
        let until = Date::new(r.year(), 12, s.holiday_greeting_until_day as i8).unwrap_or(r);
        let due = cal.roll_forward(from.max(r.saturating_add(1.day())));
        if due <= until {
            cx.push(
                format!("holiday-greeting:{}", f.key),
                TaskKind::HolidayGreeting,
                to,
                (due, until),
                TaskChannel::Card,
                vec![TaskChannel::Email],
                vec!["T7"],
                format!("{} will decide over the holidays: a short seasonal greeting keeps you in mind without asking for anything.", f.company),
            );
        }
    }
    // F5: an offer elsewhere with a deadline.
    if let Some(offer) = &f.other_offer
        && cx.sent(MessageKind::OfferNotice, offer.recorded).next().is_none()
    {
        let latest = cal.next_business_day(offer.recorded).min(cal.previous_business_day(offer.deadline));
        if offer.recorded < offer.deadline && latest >= offer.recorded {
            cx.push(
                format!("offer-notice:{}:{}", f.key, slug(&offer.company)),
                TaskKind::OfferNotice,
                to,
                (offer.recorded, latest),
                TaskChannel::Email,
                if matches!(f.recruiter, Some((_, true))) { vec![TaskChannel::Call] } else { vec![] },
                vec!["F5"],
                format!(
                    "{} made you an offer with an answer due {}. Tell {} honestly, name the deadline, and say they are your preferred choice if they are.",
                    offer.company,
                    day(offer.deadline),
                    f.company
                ),
            );
        } else {
            cx.plan.notes.push(format!(
                "F5: the offer from {} is due {}; there is no business day left to tell {} before it.",
                offer.company,
                day(offer.deadline),
                f.company
            ));
        }
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;

//! The agenda: from every recorded fact and a `today`, what to do today, what
//! is overdue, what is coming up, and which applications are simply waiting.
//! Pure: the caller loads the facts and supplies the day.
//!
//! [`build_with`] goes in three steps: read each application's facts the
//! way the planner needs them (`application`: [`Index`], shared with
//! drafting), plan its latest interview (RULEBOOK §3–§5) applying the
//! user's done / skipped / snoozed marks as each task is planned (as
//! [`apply_states`] does to a plan), then sort every item into its list
//! ([`bucket`]). The planner writes a task's `why` only when the agenda
//! will list it.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use crate::calendar::{Calendar, Region};
use crate::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use crate::kinds::{ApplicationStatus, OutcomeKind};
use crate::model::{Application, Interview, Involvement, Message, Outcome, Person, Record, TaskState};
use crate::plan::{self, CallWindow, Plan, Rule, Task, TaskId, TaskKind};
use crate::settings::Settings;

mod application;

use application::person;
pub use application::{ApplicationFacts, Feedback, Index, OfferElsewhere, application_facts};

/// Everything recorded, as loaded from the store. `build` expects every
/// list ordered by application id, as the store loads them.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub applications: Vec<Record<ApplicationId, Application>>,
    pub people: Vec<Record<PersonId, Person>>,
    pub involvements: Vec<Involvement>,
    pub interviews: Vec<Record<InterviewId, Interview>>,
    pub messages: Vec<Record<MessageId, Message>>,
    pub outcomes: Vec<Record<OutcomeId, Outcome>>,
    pub task_states: HashMap<TaskId, TaskState>,
    /// Closure days imported from .ics files.
    pub holidays: Vec<Date>,
}

/// One thing to do (or to attend), on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The stable id to pass to `done`, `skip` or `snooze`; none for events
    /// such as an interview, which are not tasks.
    pub task: Option<TaskId>,
    /// The task's kind (`thank-you`, `status-check`, …), or `interview`.
    pub kind: &'static str,
    pub application: ApplicationId,
    /// Shared by every item of one application.
    pub company: Arc<str>,
    /// Who the task's message goes to, when it has one.
    pub to: Option<String>,
    pub what: String,
    pub due: Date,
    pub latest: Date,
    pub why: String,
    pub rules: Vec<Rule>,
    /// When a call is suggested, the hours to call, in the recipient's
    /// time zone (C4).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub call_windows: Vec<CallWindow>,
    /// For an interview: when it starts, in its own time zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starts: Option<jiff::Zoned>,
}

/// An application where the next move is the employer's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waiting {
    pub application: ApplicationId,
    pub company: String,
    pub role: String,
    /// The day of the last interview.
    pub since: Date,
    /// The day the candidate's next step becomes due (F9).
    pub until: Option<Date>,
    /// What the employer said about next steps: at the interview, as
    /// recorded, or in the reply that set the date (F4).
    pub next_steps: Option<String>,
    /// The day of the reply whose words `next_steps` quotes, if it does.
    pub replied: Option<Date>,
    /// F2: the status checks went unanswered and the planner stopped chasing.
    pub stalled: bool,
    /// How many went unanswered (the `max_unanswered_checks` setting's cap).
    pub unanswered: u32,
}

impl Waiting {
    /// How long it waits, as every front end says it: "until Fri 11 Dec",
    /// "stalled: no answer to two status checks" (as many as went
    /// unanswered), or nothing without a day.
    pub fn until_text(&self) -> String {
        match (self.stalled, self.until) {
            (true, _) => {
                let n = self.unanswered;
                let count = ["no", "one", "two", "three", "four", "five", "six"]
                    .get(n as usize)
                    .map_or_else(|| n.to_string(), |w| (*w).to_owned());
                format!("stalled: no answer to {count} status check{}", if n == 1 { "" } else { "s" })
            }
            (false, Some(d)) => format!("until {}", crate::calendar::short_day(d)),
            (false, None) => String::new(),
        }
    }

    /// What they said about next steps, quoted between `open` and `close`,
    /// with the day of the reply it came from: "they replied on Wed 25 Nov:
    /// “…”".
    pub fn said_text(&self, open: char, close: char) -> Option<String> {
        let said = self.next_steps.as_deref()?;
        Some(match self.replied {
            Some(d) => format!("they replied on {}: {open}{said}{close}", crate::calendar::short_day(d)),
            None => format!("{open}{said}{close}"),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agenda {
    pub today: Date,
    pub due_today: Vec<Item>,
    pub overdue: Vec<Item>,
    pub coming_up: Vec<Item>,
    /// Planned tasks beyond "coming up": status checks not yet due (F9) and
    /// anything past the horizon. Exported to calendars, not listed.
    pub later: Vec<Item>,
    pub waiting: Vec<Waiting>,
    /// RULEBOOK F8: said when fewer applications are active than the setting.
    pub keep_searching: Option<String>,
}

impl Agenda {
    /// Every task id on the agenda, for `done`, `skip` and `snooze` to check.
    pub fn task_ids(&self) -> impl Iterator<Item = &TaskId> {
        self.due_today.iter().chain(&self.overdue).chain(&self.coming_up).filter_map(|i| i.task.as_ref())
    }
}

/// How long a closed application (accepted, withdrawn, rejected) stays in
/// the plan: long enough for the reply to a rejection and the connect task
/// after it (RULEBOOK F6). The store loads facts from this day on.
pub const CLOSED_DAYS: i32 = 30;

/// The first day whose closed applications still matter on `today`.
pub fn closed_since(today: Date) -> Date {
    today.saturating_sub(CLOSED_DAYS.days())
}

/// How far ahead "coming up" looks.
pub const HORIZON_DAYS: i32 = 14;
/// How long a missed task stays overdue before the agenda lets it go.
pub const OVERDUE_DAYS: i32 = 14;

fn describe(t: &Task) -> String {
    let what = match t.kind {
        TaskKind::ThankYou => "thank-you note",
        TaskKind::DebriefRecruiter => "debrief",
        TaskKind::StatusCheck => "status check",
        TaskKind::ContactAsInstructed => "get in touch as asked",
        TaskKind::HolidayGreeting => "holiday greeting",
        TaskKind::SaveContacts => "save the interviewers to your contacts",
        TaskKind::AlertReferences => "alert your reference",
        TaskKind::SendPromised => "send what you promised",
        TaskKind::OfferNotice => "offer notice (your offer from elsewhere)",
        TaskKind::OfferReply => "answer their offer",
        TaskKind::RejectionReply => "gracious reply to the rejection",
        TaskKind::Connect => "connect on LinkedIn",
    };
    // Written piece by piece: this runs for every task listed.
    let mut out = String::with_capacity(64);
    out.push_str(what);
    if let Some(n) = &t.to {
        out.push_str(" to ");
        out.push_str(n);
    }
    if t.kind != TaskKind::Connect {
        let before = out.len();
        out.push_str(" by ");
        t.push_channels(&mut out);
        if out.len() == before + " by ".len() {
            // No channel to name.
            out.truncate(before);
        }
    }
    out
}

/// Whether the agenda keeps the tasks beyond "coming up" in its `later`
/// list. Listing the agenda does not show them, so it need not build them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Later {
    /// `later` stays empty: the agenda as `afterview agenda` shows it.
    Drop,
    /// `later` holds every task beyond "coming up": for calendar export,
    /// and for finding any planned task by its id.
    Keep,
}

/// Builds the agenda for `today`, without the `later` list.
pub fn build(facts: &Facts, settings: &Settings, today: Date) -> Agenda {
    build_with(facts, settings, today, Later::Drop)
}

/// Builds the agenda for `today`: each application's facts are read
/// ([`Index`]), its latest interview planned with the user's marks applied
/// ([`apply_states`]) and every item sorted into its list ([`bucket`]).
pub fn build_with(facts: &Facts, settings: &Settings, today: Date, later: Later) -> Agenda {
    // A long list is planned in runs on the machine's cores; each run's
    // items are appended in application order, and every list is sorted
    // on a full key afterwards, so the agenda is the same either way.
    let n = facts.applications.len();
    let threads = if n < PARALLEL_FROM {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |p| p.get()).clamp(1, MAX_THREADS)
    };
    build_on(facts, settings, today, later, threads)
}

/// [`build_with`] on this many threads.
fn build_on(facts: &Facts, settings: &Settings, today: Date, later: Later, threads: usize) -> Agenda {
    let mut agenda = Agenda::empty(today);
    let index = Index::new(facts, settings, today);
    let planner = plan::Prepared::new(&settings.planner, settings.calendar.date_order);
    let days = Days::new(today);
    let part = |agenda: &mut Agenda, range: std::ops::Range<usize>| {
        plan_applications(agenda, &index, range, &planner, &facts.people, &facts.task_states, days, later);
    };
    let n = facts.applications.len();
    if threads <= 1 {
        part(&mut agenda, 0..n);
    } else {
        let size = n.div_ceil(threads);
        let runs: Vec<_> = (0..threads).map(|t| (t * size).min(n)..((t + 1) * size).min(n)).collect();
        let parts: Vec<Agenda> = std::thread::scope(|s| {
            let handles: Vec<_> = runs[1..]
                .iter()
                .map(|r| {
                    let r = r.clone();
                    s.spawn(move || {
                        let mut a = Agenda::empty(today);
                        part(&mut a, r);
                        a
                    })
                })
                .collect();
            part(&mut agenda, runs[0].clone());
            handles.into_iter().map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
        });
        for p in parts {
            agenda.due_today.extend(p.due_today);
            agenda.overdue.extend(p.overdue);
            agenda.coming_up.extend(p.coming_up);
            agenda.later.extend(p.later);
            agenda.waiting.extend(p.waiting);
        }
    }
    agenda.keep_searching = keep_searching(&standings(facts, &agenda), settings);
    sort(&mut agenda);
    agenda
}

/// Where an application stands on the agenda's day: its recorded status,
/// made precise by what planning found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Standing {
    pub application: ApplicationId,
    /// The recorded status, or `stalled` when two status checks went
    /// unanswered (F2).
    pub status: ApplicationStatus,
    /// F10: the day an offer was to be answered by, when it has passed
    /// with the offer still unanswered.
    pub offer_expired: Option<Date>,
}

impl Standing {
    /// Still in play (F8): waiting on the employer without having stalled,
    /// or an offer still open.
    pub fn is_active(&self) -> bool {
        match self.status {
            ApplicationStatus::Active => true,
            ApplicationStatus::Offer => self.offer_expired.is_none(),
            _ => false,
        }
    }
}

/// Where each application stands on the day of `agenda`, which was built
/// from `facts`: in the order of `facts.applications`.
pub fn standings(facts: &Facts, agenda: &Agenda) -> Vec<Standing> {
    let stalled: std::collections::HashSet<ApplicationId> =
        agenda.waiting.iter().filter(|w| w.stalled).map(|w| w.application).collect();
    // The outcomes are ordered by application: each one's latest, once.
    let mut expired: HashMap<ApplicationId, Date> = HashMap::new();
    for group in facts.outcomes.chunk_by(|a, b| a.value.application == b.value.application) {
        let offer = application::latest_outcome(group).filter(|o| o.kind == OutcomeKind::Offer);
        if let Some((o, d)) = offer.and_then(|o| Some((o, o.deadline.filter(|d| *d < agenda.today)?))) {
            expired.insert(o.application, d);
        }
    }
    facts
        .applications
        .iter()
        .map(|a| {
            let mut status = a.value.status;
            if status == ApplicationStatus::Active && stalled.contains(&a.id) {
                status = ApplicationStatus::Stalled;
            }
            let offer_expired =
                (status == ApplicationStatus::Offer).then(|| expired.get(&a.id).copied()).flatten();
            Standing { application: a.id, status, offer_expired }
        })
        .collect()
}

/// How many applications make planning worth a second thread.
const PARALLEL_FROM: usize = 2_000;
/// Planning threads at most.
const MAX_THREADS: usize = 4;

/// Plans the applications at these positions into `agenda`.
#[allow(clippy::too_many_arguments)]
fn plan_applications(
    agenda: &mut Agenda,
    index: &Index<'_>,
    range: std::ops::Range<usize>,
    planner: &plan::Prepared<'_>,
    people: &[Record<PersonId, Person>],
    states: &HashMap<TaskId, TaskState>,
    days: Days,
    later: Later,
) {
    // One calendar per region, so each year's holidays are computed once.
    let mut calendars: HashMap<Region, Calendar> = HashMap::new();
    for app in index.applications_in(range) {
        if app.interviews.is_empty() {
            continue;
        }
        let company: Arc<str> = Arc::from(app.application.company.as_str());
        interviews_to_come(agenda, &app, &company, people, days);
        let Some(f) = &app.plan else { continue };
        let cal = calendars.entry(app.region).or_insert_with(|| app.calendar());
        let mut marks = Marks { states, days, later };
        let p = plan::plan_with(f, planner, cal, &mut marks);
        add_plan(agenda, &app, &company, p, days, later, cal);
    }
}

/// The user's marks on planned tasks: done and skipped ones drop out, and
/// a snoozed one comes back on its day (neither due nor latest before it).
pub fn apply_states(tasks: &mut Vec<Task>, states: &HashMap<TaskId, TaskState>) {
    tasks.retain_mut(|t| apply_state(t, states))
}

/// The user's mark on one task: false when it is done or skipped; a
/// snoozed one moves to its day. A mark made before the task's reason
/// arose ([`Task::since`]) was made on an earlier task of the same id: a
/// second interview's thank-you to the same person, a check after a reply.
fn apply_state(t: &mut Task, states: &HashMap<TaskId, TaskState>) -> bool {
    match states.get(&t.id) {
        Some(TaskState::Done { on } | TaskState::Skipped { on }) => *on < t.since,
        Some(TaskState::Snoozed { until }) => {
            t.due = t.due.max(*until);
            t.latest = t.latest.max(*until);
            true
        }
        None => true,
    }
}

/// The agenda as the planner's reader: it applies the user's marks as each
/// task is planned, and wants the `why` only of a task it will list. A task
/// the agenda lets go ([`Bucket::Forgotten`]) is dropped: it never waits,
/// since a forgotten task was due long before `today`.
struct Marks<'a> {
    states: &'a HashMap<TaskId, TaskState>,
    days: Days,
    later: Later,
}

impl plan::Reader for Marks<'_> {
    fn task(&mut self, t: &mut Task) -> plan::Keep {
        if !apply_state(t, self.states) {
            return plan::Keep::Drop;
        }
        match self.days.bucket(t.due, t.latest, waits(t, self.days.today)) {
            Bucket::Forgotten => plan::Keep::Drop,
            Bucket::Later if self.later == Later::Drop => plan::Keep::Bare,
            _ => plan::Keep::Whole,
        }
    }

    /// The agenda shows no plan's notes.
    fn notes(&self) -> bool {
        false
    }
}

/// F9: a check (or an instructed contact) not yet due waits: the
/// application shows as waiting rather than the task as coming up.
fn waits(t: &Task, today: Date) -> bool {
    matches!(t.kind, TaskKind::StatusCheck | TaskKind::ContactAsInstructed) && t.due > today
}

/// The list an item belongs in on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Today,
    Overdue,
    ComingUp,
    /// Beyond "coming up": past the horizon, or a check not yet due (F9).
    Later,
    /// Missed for longer than [`OVERDUE_DAYS`]: the agenda lets it go.
    Forgotten,
}

/// Sorts an item due `due` … `latest` into its list on `today`. `waits` is
/// true for a check (or an instructed contact) not yet due, which is never
/// listed ahead of its day: the application shows as waiting instead (F9).
pub fn bucket(due: Date, latest: Date, waits: bool, today: Date) -> Bucket {
    Days::new(today).bucket(due, latest, waits)
}

/// The days [`bucket`] compares with, worked out once per agenda rather
/// than for each of its tens of thousands of tasks.
#[derive(Debug, Clone, Copy)]
struct Days {
    today: Date,
    /// Missed before this day, a task is let go.
    let_go_before: Date,
    /// The last day of "coming up".
    horizon: Date,
}

impl Days {
    fn new(today: Date) -> Self {
        Self {
            today,
            let_go_before: today.saturating_sub(OVERDUE_DAYS.days()),
            horizon: today.saturating_add(HORIZON_DAYS.days()),
        }
    }

    fn bucket(&self, due: Date, latest: Date, waits: bool) -> Bucket {
        if latest < self.let_go_before {
            Bucket::Forgotten
        } else if waits || due > self.horizon {
            Bucket::Later
        } else if latest < self.today {
            Bucket::Overdue
        } else if due <= self.today {
            Bucket::Today
        } else {
            Bucket::ComingUp
        }
    }
}

impl Agenda {
    /// An agenda with nothing on it yet.
    fn empty(today: Date) -> Self {
        Agenda {
            today,
            due_today: Vec::new(),
            overdue: Vec::new(),
            coming_up: Vec::new(),
            later: Vec::new(),
            waiting: Vec::new(),
            keep_searching: None,
        }
    }

    fn place(&mut self, bucket: Bucket, item: Item) {
        match bucket {
            Bucket::Today => self.due_today.push(item),
            Bucket::Overdue => self.overdue.push(item),
            Bucket::ComingUp => self.coming_up.push(item),
            Bucket::Later => self.later.push(item),
            Bucket::Forgotten => {}
        }
    }
}

/// Interviews to come within the horizon are events on the agenda, with
/// what to prepare (F7).
fn interviews_to_come(
    agenda: &mut Agenda,
    app: &ApplicationFacts<'_>,
    company: &Arc<str>,
    people: &[Record<PersonId, Person>],
    days: Days,
) {
    let (today, horizon) = (days.today, days.horizon);
    if !app.application.status.is_open() {
        return;
    }
    for iv in app.interviews.iter().map(|r| &r.value).filter(|iv| iv.day() >= today && iv.day() <= horizon) {
        let a = app.application;
        let with: Vec<&str> =
            iv.interviewers.iter().filter_map(|p| person(people, *p).map(|p| p.name.as_str())).collect();
        let time = iv.start.strftime("%H:%M %Z");
        let what = if with.is_empty() {
            format!("{} interview for {} at {time}", iv.stage, a.role)
        } else {
            format!("{} interview for {} at {time} with {}", iv.stage, a.role, with.join(" and "))
        };
        let (why, rules) = prepare(app.feedback());
        let item = Item {
            task: None,
            kind: "interview",
            application: app.id,
            company: company.clone(),
            to: None,
            what,
            due: iv.day(),
            latest: iv.day(),
            why,
            rules,
            call_windows: Vec::new(),
            starts: Some(iv.start.clone()),
        };
        agenda.place(days.bucket(iv.day(), iv.day(), false), item);
    }
}

/// T1 and F7: what to prepare for an interview, with feedback in mind.
fn prepare(feedback: Option<Feedback<'_>>) -> (String, Vec<Rule>) {
    let ask = "at the end ask what the next step is and when they will decide.";
    match feedback {
        Some(Feedback::Own(f)) => {
            (format!("Prepare, with their feedback in mind (\"{f}\"); {ask}"), vec![Rule::T1, Rule::F7])
        }
        Some(Feedback::Elsewhere { company, text }) => (
            format!("Prepare, with {company}'s feedback in mind (\"{text}\"); {ask}"),
            vec![Rule::T1, Rule::F7],
        ),
        None => (format!("Prepare, and {ask}"), vec![Rule::T1]),
    }
}

/// A plan's tasks onto the agenda, and the application among those
/// waiting when its next check is not yet due or it stalled (F9, F2).
fn add_plan(
    agenda: &mut Agenda,
    app: &ApplicationFacts<'_>,
    company: &Arc<str>,
    p: Plan,
    days: Days,
    later: Later,
    cal: &Calendar,
) {
    let today = days.today;
    // An overdue call is made from today on: its hours move to the first
    // business day from today, instead of a day already gone.
    let callable = cal.next_business_day(today);
    let mut next_check: Option<Date> = None;
    for t in p.tasks {
        let waits = waits(&t, today);
        if waits {
            next_check = Some(next_check.map_or(t.due, |d| d.min(t.due)));
        }
        let bucket = days.bucket(t.due, t.latest, waits);
        if bucket == Bucket::Forgotten || (bucket == Bucket::Later && later == Later::Drop) {
            continue;
        }
        let item = Item {
            what: describe(&t),
            task: Some(t.id),
            kind: t.kind.as_str(),
            application: app.id,
            company: company.clone(),
            to: t.to,
            due: t.due,
            latest: t.latest,
            why: t.why,
            rules: t.rules,
            call_windows: if bucket == Bucket::Overdue {
                t.call_windows.iter().filter_map(|w| w.moved_to(callable)).collect()
            } else {
                t.call_windows
            },
            starts: None,
        };
        agenda.place(bucket, item);
    }
    let (a, Some(iv)) = (app.application, app.latest) else { return };
    if a.status.is_open() && (next_check.is_some() || p.stalled) {
        agenda.waiting.push(Waiting {
            application: app.id,
            company: a.company.clone(),
            role: a.role.clone(),
            since: iv.day(),
            until: next_check,
            next_steps: p.reply_said.as_ref().map(|(_, s)| s.clone()).or_else(|| iv.next_steps.clone()),
            replied: p.reply_said.as_ref().map(|(d, _)| *d),
            stalled: p.stalled,
            unanswered: p.unanswered,
        });
    }
}

/// F8: said when fewer applications are active than the setting wants: a
/// stalled one (F2) or an offer left past its deadline (F10) is not.
fn keep_searching(standings: &[Standing], settings: &Settings) -> Option<String> {
    let active = standings.iter().filter(|s| s.is_active()).count();
    let wanted = settings.planner.min_active_applications as usize;
    (active < wanted).then(|| {
        let how_many = match active {
            0 => "No application is".to_owned(),
            1 => "Only 1 application is".to_owned(),
            n => format!("Only {n} applications are"),
        };
        format!(
            "{how_many} still active: keep applying, so that no single answer carries too much weight. (F8)"
        )
    })
}

/// Each list in the order it is read: by day, then company, then task.
fn sort(agenda: &mut Agenda) {
    // Unstable sorts need no scratch buffer (a stable one allocates half the
    // list); the keys end in the task id and text, so the order is still
    // fully determined.
    let order = |a: &Item, b: &Item| {
        (a.due, a.latest, &a.company, &a.task, &a.what).cmp(&(b.due, b.latest, &b.company, &b.task, &b.what))
    };
    agenda.due_today.sort_unstable_by(|a, b| {
        (a.latest, &a.company, &a.task, &a.what).cmp(&(b.latest, &b.company, &b.task, &b.what))
    });
    agenda.overdue.sort_unstable_by(order);
    agenda.coming_up.sort_unstable_by(order);
    agenda.later.sort_unstable_by(order);
    agenda.waiting.sort_by(|a, b| {
        (a.stalled, a.until, a.since, &a.company).cmp(&(b.stalled, b.until, b.since, &b.company))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::showcase;

    /// Planning in runs on several threads gives the very agenda one
    /// thread gives, whatever the number of runs.
    #[test]
    fn threads_change_nothing() {
        let today = jiff::civil::date(2026, 11, 20);
        let facts = crate::demo::facts(&crate::demo::synthetic(300, today));
        let settings = Settings::default();
        let one = build_on(&facts, &settings, today, Later::Keep, 1);
        assert!(one.due_today.len() + one.coming_up.len() + one.waiting.len() > 100);
        for threads in [2, 3, 7] {
            assert_eq!(build_on(&facts, &settings, today, Later::Keep, threads), one, "{threads} threads");
        }
    }

    /// Facts from bundles with ids assigned as a store would, without
    /// their messages and outcomes.
    pub(crate) fn facts_from(bundles: &[crate::demo::Bundle]) -> Facts {
        let mut f = crate::demo::facts(bundles);
        f.messages.clear();
        f.outcomes.clear();
        f
    }

    /// Like [`facts_from`], with the bundles' messages and outcomes too.
    pub(crate) fn facts_with_history(bundles: &[crate::demo::Bundle]) -> Facts {
        crate::demo::facts(bundles)
    }

    fn today() -> Date {
        jiff::civil::date(2026, 11, 20)
    }

    #[test]
    fn marks_drop_done_and_skipped_tasks_and_move_snoozed_ones() {
        let facts = facts_with_history(&showcase(today()));
        let app = application_facts(&facts, &Settings::default(), today(), ApplicationId(1)).unwrap();
        let settings = Settings::default();
        let (planner, order) = (&settings.planner, settings.calendar.date_order);
        let p = plan::plan(app.plan.as_ref().unwrap(), planner, &app.calendar(), order);
        let [first, second, third, ..] = p.tasks.as_slice() else { panic!("{:#?}", p.tasks) };
        let until = jiff::civil::date(2030, 1, 1);
        let states = HashMap::from([
            (first.id.clone(), TaskState::Done { on: today() }),
            (second.id.clone(), TaskState::Skipped { on: today() }),
            (third.id.clone(), TaskState::Snoozed { until }),
        ]);
        let mut tasks = p.tasks.clone();
        apply_states(&mut tasks, &states);
        assert_eq!(tasks.len(), p.tasks.len() - 2);
        assert!(!tasks.iter().any(|t| t.id == first.id || t.id == second.id));
        let snoozed = tasks.iter().find(|t| t.id == third.id).unwrap();
        assert_eq!((snoozed.due, snoozed.latest), (until, until));
    }

    #[test]
    fn buckets_by_day_horizon_and_patience() {
        let d = |m, day| jiff::civil::date(2026, m, day);
        let today = d(11, 20);
        assert_eq!(bucket(today, d(11, 22), false, today), Bucket::Today);
        assert_eq!(bucket(d(11, 18), d(11, 19), false, today), Bucket::Overdue);
        assert_eq!(bucket(d(11, 21), d(11, 23), false, today), Bucket::ComingUp);
        // F9: a check not yet due waits, however near.
        assert_eq!(bucket(d(11, 21), d(11, 23), true, today), Bucket::Later);
        // The horizon is 14 days; a task missed by more than 14 days is let go.
        assert_eq!(bucket(d(12, 4), d(12, 4), false, today), Bucket::ComingUp);
        assert_eq!(bucket(d(12, 5), d(12, 5), false, today), Bucket::Later);
        assert_eq!(bucket(d(11, 1), d(11, 6), false, today), Bucket::Overdue);
        assert_eq!(bucket(d(11, 1), d(11, 5), false, today), Bucket::Forgotten);
    }

    #[test]
    fn the_later_list_is_filled_only_when_kept() {
        let facts = facts_with_history(&crate::demo::synthetic(100, today()));
        let shown = build_with(&facts, &Settings::default(), today(), Later::Drop);
        let kept = build_with(&facts, &Settings::default(), today(), Later::Keep);
        assert!(shown.later.is_empty());
        assert!(!kept.later.is_empty());
        assert!(kept.later.iter().all(|i| i.task.is_some() && i.due > today()));
        assert_eq!(Agenda { later: Vec::new(), ..kept }, shown, "nothing else changes");
    }

    #[test]
    fn demo_agenda_shows_the_coming_interview_and_who_is_waiting() {
        let today = jiff::civil::date(2026, 11, 20);
        let facts = facts_from(&showcase(today));
        let agenda = build(&facts, &Settings::default(), today);
        assert_eq!(agenda.coming_up.len(), 1);
        let next = &agenda.coming_up[0];
        assert_eq!(&*next.company, "Umbrella Health");
        assert_eq!(next.due, jiff::civil::date(2026, 11, 23));
        assert!(next.what.contains("with James Okafor"), "{}", next.what);
        let waiting: Vec<&str> = agenda.waiting.iter().map(|w| w.company.as_str()).collect();
        assert!(waiting.contains(&"Acme Robotics"));
        assert!(!waiting.contains(&"Contoso"), "rejected applications do not wait");
        assert!(agenda.keep_searching.is_none(), "six applications are active");
    }

    #[test]
    fn few_active_applications_prompt_to_keep_searching() {
        let today = jiff::civil::date(2026, 11, 20);
        let facts = facts_from(&showcase(today)[..2]);
        let agenda = build(&facts, &Settings::default(), today);
        assert_eq!(
            agenda.keep_searching.as_deref(),
            Some(
                "Only 2 applications are still active: keep applying, so that no single answer carries too much weight. (F8)"
            )
        );
        let none = build(&Facts::default(), &Settings::default(), today);
        assert!(none.keep_searching.unwrap().starts_with("No application is still active: keep applying"));
    }

    /// F2 and F10: a stalled application and an offer left past its
    /// deadline are not active, and stand as such; the nudge to keep
    /// searching counts neither.
    #[test]
    fn stalled_applications_and_expired_offers_are_not_active() {
        use crate::ids::MessageId;
        use crate::kinds::{Channel, Direction, MessageKind};
        let mut facts = facts_with_history(&showcase(today()));
        let by = |facts: &Facts, company: &str| {
            facts.applications.iter().find(|a| a.value.company == company).unwrap().id
        };
        let (initech, globex) = (by(&facts, "Initech"), by(&facts, "Globex"));
        // A second unanswered check to Initech, a week after the first.
        let first = facts
            .messages
            .iter()
            .find(|m| m.value.application == initech && m.value.kind == MessageKind::StatusCheck)
            .unwrap()
            .value
            .clone();
        let second = Message { date: first.date.saturating_add(7.days()), channel: Channel::Email, ..first };
        assert_eq!(second.direction, Direction::Out);
        facts.messages.push(Record { id: MessageId(900), value: second });
        facts.messages.sort_by_key(|m| m.value.application);
        let deadline = facts.outcomes.iter().find(|o| o.value.application == globex).unwrap().value.deadline;
        let deadline = deadline.expect("the demo's offer has a deadline");

        let stand = |facts: &Facts, day: Date| {
            let agenda = build(facts, &Settings::default(), day);
            (standings(facts, &agenda), agenda)
        };
        let (on_deadline, agenda) = stand(&facts, deadline);
        let of = |all: &[Standing], id| *all.iter().find(|s| s.application == id).unwrap();
        assert_eq!(of(&on_deadline, initech).status, ApplicationStatus::Stalled);
        assert!(!of(&on_deadline, initech).is_active());
        assert!(of(&on_deadline, globex).is_active(), "the offer is open on its last day");
        assert!(agenda.waiting.iter().any(|w| w.application == initech && w.stalled));
        let waits = agenda.waiting.iter().find(|w| w.application == initech).unwrap();
        assert_eq!(waits.until_text(), "stalled: no answer to two status checks");
        // Regression: the words said "two" whatever `max_unanswered_checks` was.
        let mut patient = Settings::default();
        patient.planner.max_unanswered_checks = 3;
        let third = Message {
            date: facts
                .messages
                .iter()
                .find(|m| m.id == MessageId(900))
                .unwrap()
                .value
                .date
                .saturating_add(7.days()),
            ..facts.messages.iter().find(|m| m.id == MessageId(900)).unwrap().value.clone()
        };
        let mut three = facts.clone();
        three.messages.push(Record { id: MessageId(901), value: third });
        three.messages.sort_by_key(|m| m.value.application);
        let agenda3 = build(&three, &patient, deadline.saturating_add(14.days()));
        let waits = agenda3.waiting.iter().find(|w| w.application == initech).unwrap();
        assert_eq!(waits.until_text(), "stalled: no answer to three status checks");

        let after = deadline.tomorrow().unwrap();
        let (later, agenda) = stand(&facts, after);
        let expired = of(&later, globex);
        assert_eq!((expired.status, expired.offer_expired), (ApplicationStatus::Offer, Some(deadline)));
        assert!(!expired.is_active());
        // The offer's answer is now overdue, not forgotten.
        assert!(
            agenda.overdue.iter().any(|i| i.application == globex && i.kind == "offer-reply"),
            "{:#?}",
            agenda.overdue
        );
        let active = later.iter().filter(|s| s.is_active()).count();
        let recorded = facts
            .applications
            .iter()
            .filter(|a| matches!(a.value.status, ApplicationStatus::Active | ApplicationStatus::Offer))
            .count();
        assert_eq!(active, recorded - 2);
    }

    /// Regression (issue 9 leftover): an overdue call listed the hours of
    /// its due day, a day already gone. They move to the first business
    /// day from today, at the same hours in the recipient's zone.
    #[test]
    fn an_overdue_call_offers_hours_from_today() {
        let facts = facts_with_history(&showcase(today()));
        let settings = Settings::default();
        let overdue_call = |day: Date| {
            build(&facts, &settings, day).overdue.into_iter().find(|i| !i.call_windows.is_empty())
        };
        let (day, item) = (1..20)
            .map(|n| today().saturating_add(n.days()))
            .find_map(|d| overdue_call(d).map(|i| (d, i)))
            .expect("the showcase has a call that falls overdue");
        let cal = Calendar::new(Region::US);
        let callable = cal.next_business_day(day);
        for w in &item.call_windows {
            assert_eq!(w.from.date(), callable, "{} on {day}", item.what);
            assert!(w.from < w.to);
        }
        assert!(item.due < day);
    }

    /// Regression (issue 9): task ids are the application's, so a second
    /// interview's thank-you to the same person has the first one's id; a
    /// mark made before the task arose belongs to that earlier task.
    #[test]
    fn a_mark_from_before_the_task_arose_does_not_hide_it() {
        let facts = facts_from(&showcase(today()));
        let settings = Settings::default();
        let acme = application_facts(&facts, &settings, today(), ApplicationId(1)).unwrap();
        let interview_day = acme.latest.unwrap().day();
        let agenda = build(&facts, &settings, today());
        let thanks = agenda
            .due_today
            .iter()
            .chain(&agenda.overdue)
            .chain(&agenda.coming_up)
            .find(|i| i.kind == "thank-you" && i.application == acme.id)
            .unwrap();
        let id = thanks.task.clone().unwrap();
        let with = |on: Date| {
            let mut f = facts.clone();
            f.task_states.insert(id.clone(), TaskState::Done { on });
            let a = build(&f, &settings, today());
            a.task_ids().any(|t| *t == id)
        };
        assert!(with(interview_day.yesterday().unwrap()), "marked for an earlier interview");
        assert!(!with(interview_day), "marked after this one");
    }
}

//! The agenda and its tasks: what to do today, marking a task done, skipped
//! or snoozed, the calendar export, and planning one interview described
//! as JSON (stateless). Tasks are computed from the record on every call,
//! never stored: only their states are.

use std::collections::HashMap;

use afterview_core::agenda::{self, Agenda, Facts, Item, Later, Standing, closed_since};
use afterview_core::calendar::Calendar;
use afterview_core::calendar::short_day;
use afterview_core::ics::{self, Export};
use afterview_core::ids::{ApplicationId, MessageId};
use afterview_core::kinds::ApplicationStatus;
use afterview_core::model::TaskState;
use afterview_core::model::{Application, Message, Record};
use afterview_core::plan::{self, Plan};
use afterview_core::plan::{TaskId, TaskKind};
use afterview_core::plan_input::{self, PlanRequest};
use afterview_core::settings::Settings;
use afterview_store::{Store, Tx};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::error::{Error, Kind, Result};
use crate::record::{self, NewMessage};

/// The agenda of everything recorded, on `today`.
#[derive(Debug)]
pub struct AgendaView {
    pub agenda: Agenda,
    /// Nothing is recorded yet (the agenda then says how to start).
    pub empty: bool,
}

pub fn agenda(store: &impl Store, settings: &Settings, today: Date) -> Result<AgendaView> {
    let facts = store.facts(closed_since(today))?;
    let agenda = agenda::build(&facts, settings, today);
    Ok(AgendaView { empty: facts.applications.is_empty(), agenda })
}

/// An application as a list shows it: the record, and where it stands on
/// the day (stalled, an offer past its deadline).
#[derive(Debug, Serialize)]
pub struct ApplicationRow {
    #[serde(flatten)]
    pub application: Record<ApplicationId, Application>,
    /// The recorded status, or `stalled` when the status checks went
    /// unanswered (F2).
    pub standing: ApplicationStatus,
    /// F10: the day an unanswered offer was to be answered by, once passed.
    pub offer_expired: Option<Date>,
    /// The day of the latest message, sent or received. Applications
    /// closed long ago are not loaded for planning and show none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_contact: Option<Date>,
    /// The earliest task still planned for it (overdue ones included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_task: Option<NextTask>,
    /// Days since the last interview, when the next move is the employer's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_waiting: Option<i32>,
}

/// The next planned task of an application, as a list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct NextTask {
    pub task: TaskId,
    pub due: Date,
    pub what: String,
}

/// Every application, with where it stands on `today`, its last contact, its
/// next task and how long it has waited; with `status`, only those that
/// stand so (`stalled` finds the ones the planner gave up on).
pub fn applications(
    store: &impl Store,
    settings: &Settings,
    today: Date,
    status: Option<ApplicationStatus>,
) -> Result<Vec<ApplicationRow>> {
    let facts = store.facts(closed_since(today))?;
    // One agenda, with the tasks beyond "coming up" kept: the standings, the
    // next tasks and the waiting all come from it.
    let agenda = agenda::build_with(&facts, settings, today, Later::Keep);
    // Applications closed long ago are not in the facts: they stand as recorded.
    let standings: HashMap<ApplicationId, Standing> =
        agenda::standings(&facts, &agenda).into_iter().map(|s| (s.application, s)).collect();
    let mut last_contact: HashMap<ApplicationId, Date> = HashMap::new();
    for m in &facts.messages {
        let day = last_contact.entry(m.value.application).or_insert(m.value.date);
        *day = (*day).max(m.value.date);
    }
    let mut next_task = next_tasks(&agenda);
    let waiting: HashMap<ApplicationId, i32> = agenda
        .waiting
        .iter()
        .map(|w| (w.application, w.since.until(today).map_or(0, |s| s.get_days())))
        .collect();
    let mut rows: Vec<ApplicationRow> = store
        .applications()?
        .into_iter()
        .map(|a| {
            let s = standings.get(&a.id);
            ApplicationRow {
                standing: s.map_or(a.value.status, |s| s.status),
                offer_expired: s.and_then(|s| s.offer_expired),
                last_contact: last_contact.get(&a.id).copied(),
                next_task: next_task.remove(&a.id),
                days_waiting: waiting.get(&a.id).copied(),
                application: a,
            }
        })
        .collect();
    rows.retain(|r| status.is_none_or(|s| r.standing == s));
    Ok(rows)
}

/// What one application's plan says on a day: its next task, its next
/// check on the employer (what a reply moves), and, while it waits on the
/// employer, the day the candidate's next step comes due.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Outlook {
    pub next_task: Option<NextTask>,
    /// The earliest status check or contact-as-instructed task.
    pub next_check: Option<NextTask>,
    pub waiting_until: Option<Date>,
}

/// A message logged, and its application's plan before and after it (a
/// reply re-plans at once, F4).
#[derive(Debug)]
pub struct Replanned {
    pub message: Record<MessageId, Message>,
    pub before: Outlook,
    pub after: Outlook,
}

impl Replanned {
    /// The change in a sentence: the next check first (what a reply
    /// moves), else the next task, such as "The next check: a status
    /// check on Fri 11 Dec (it was on Fri 4 Dec)."; or that the plan is as
    /// it was.
    pub fn describe(&self) -> String {
        describe_change(&self.before, &self.after)
    }
}

/// The change from one outlook to another in a sentence (see
/// [`Replanned::describe`]).
pub fn describe_change(b: &Outlook, a: &Outlook) -> String {
    let on = |n: &NextTask| format!("{} on {}", n.what, short_day(n.due));
    let same = |a: &NextTask, b: &NextTask| (a.due, &a.what) == (b.due, &b.what);
    match (&b.next_check, &a.next_check) {
        (Some(was), Some(now)) if !same(was, now) => {
            return format!("The next check: {} (it was on {}).", on(now), short_day(was.due));
        }
        (None, Some(now)) => return format!("Now planned: {}.", on(now)),
        (Some(was), None) => return format!("No check is planned any more (it was {}).", on(was)),
        _ => {}
    }
    match (&b.next_task, &a.next_task) {
        (Some(was), Some(now)) if same(was, now) => format!("The plan is as it was: next, {}.", on(now)),
        (Some(was), Some(now)) => format!("Next: {} (it was {}).", on(now), on(was)),
        (None, Some(now)) => format!("Next: {}.", on(now)),
        (Some(was), None) => format!("Nothing more is planned for it (it was {}).", on(was)),
        (None, None) => match a.waiting_until {
            Some(d) => format!("Waiting on them until {}.", short_day(d)),
            None => "Nothing is planned for it.".to_owned(),
        },
    }
}

/// Each application's earliest planned task (overdue ones included; an
/// interview is an event, not a task), ties broken by task id.
fn next_tasks(agenda: &Agenda) -> HashMap<ApplicationId, NextTask> {
    let mut next: HashMap<ApplicationId, NextTask> = HashMap::new();
    let tasks = agenda.overdue.iter().chain(&agenda.due_today).chain(&agenda.coming_up).chain(&agenda.later);
    for (item, task) in tasks.filter_map(|i| Some((i, i.task.as_ref()?))) {
        let this = NextTask { task: task.clone(), due: item.due, what: item.what.clone() };
        next.entry(item.application)
            .and_modify(|n| {
                if (this.due, this.task.as_str()) < (n.due, n.task.as_str()) {
                    *n = this.clone();
                }
            })
            .or_insert(this);
    }
    next
}

/// One application's outlook, from facts already loaded.
pub(crate) fn outlook_in(
    facts: &Facts,
    settings: &Settings,
    today: Date,
    application: ApplicationId,
) -> Outlook {
    let agenda = agenda::build_with(facts, settings, today, Later::Keep);
    let next_task = next_tasks(&agenda).remove(&application);
    let checks = [TaskKind::StatusCheck.as_str(), TaskKind::ContactAsInstructed.as_str()];
    let next_check = agenda
        .overdue
        .iter()
        .chain(&agenda.due_today)
        .chain(&agenda.coming_up)
        .chain(&agenda.later)
        .filter(|i| i.application == application && checks.contains(&i.kind))
        .filter_map(|i| Some((i, i.task.as_ref()?)))
        .min_by(|(a, x), (b, y)| (a.due, x.as_str()).cmp(&(b.due, y.as_str())))
        .map(|(i, t)| NextTask { task: t.clone(), due: i.due, what: i.what.clone() });
    let waiting_until = agenda.waiting.iter().find(|w| w.application == application).and_then(|w| w.until);
    Outlook { next_task, next_check, waiting_until }
}

/// Logs a message (by the rules of [`record::log_message`]) and says what
/// its application's plan said before and says now.
pub fn log_message_replanned(
    store: &mut impl Store,
    settings: &Settings,
    today: Date,
    m: NewMessage,
) -> Result<Replanned> {
    let before = match m.application {
        Some(app) => outlook_in(&store.facts(closed_since(today))?, settings, today, app),
        None => Outlook::default(),
    };
    let message = record::log_message(store, today, m)?;
    let after = outlook_in(&store.facts(closed_since(today))?, settings, today, message.value.application);
    Ok(Replanned { message, before, after })
}

/// Every planned task from `today` on, listed or not (status checks not yet
/// due included), oldest first: what a calendar should hold.
pub fn planned_tasks(store: &impl Store, settings: &Settings, today: Date) -> Result<Vec<Item>> {
    Ok(planned_in(&store.facts(closed_since(today))?, settings, today))
}

/// [`planned_tasks`], from facts already loaded.
pub(crate) fn planned_in(facts: &Facts, settings: &Settings, today: Date) -> Vec<Item> {
    let a = agenda::build_with(facts, settings, today, Later::Keep);
    a.overdue.into_iter().chain(a.due_today).chain(a.coming_up).chain(a.later).collect()
}

/// One task of the plan, by its id, from facts already loaded (as
/// `store.facts(closed_since(today))` gives them).
pub fn task_in(facts: &Facts, settings: &Settings, today: Date, id: &str) -> Result<Item> {
    planned_in(facts, settings, today)
        .into_iter()
        .find(|i| i.task.as_ref().is_some_and(|t| t.as_str() == id))
        .ok_or_else(|| Error::not_found(Kind::Task, id))
}

/// The calendar file of every planned task, with a cancelled event for each
/// task the last export held that is done, skipped or gone.
pub struct CalendarExport {
    pub export: Export,
    /// Why what the file holds could not be recorded (a read-only
    /// database): the next export then compares with the one before.
    pub unrecorded: Option<String>,
}

/// What the file holds is recorded in the same transaction, so the next
/// export can tell what changed. A read-only database still gets its file,
/// compared with the last recorded export, and says it was not recorded.
pub fn export_ics(
    store: &mut impl Store,
    settings: &Settings,
    today: Date,
    now: jiff::Timestamp,
) -> Result<CalendarExport> {
    let tasks = planned_tasks(store, settings, today)?;
    let recorded = store.write(|tx| {
        let export = ics::export_tasks(tasks.iter(), today, now, &tx.exported_events()?);
        tx.set_exported_events(&export.exported)?;
        Ok(export)
    });
    match recorded {
        Ok(export) => Ok(CalendarExport { export, unrecorded: None }),
        Err(afterview_store::Error::ReadOnly { reason, .. }) => {
            let export = ics::export_tasks(tasks.iter(), today, now, &store.exported_events()?);
            Ok(CalendarExport { export, unrecorded: Some(reason) })
        }
        Err(e) => Err(e.into()),
    }
}

/// The furthest a task may be snoozed, in days from today.
pub const MAX_SNOOZE_DAYS: i32 = 90;

/// What to do with a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Done,
    Skip,
    Snooze { until: Date },
}

/// Marks a task that is on the agenda (or was marked before). Returns the
/// state recorded.
pub fn mark(
    store: &mut impl Store,
    settings: &Settings,
    today: Date,
    id: &str,
    mark: Mark,
) -> Result<TaskState> {
    let facts = store.facts(closed_since(today))?;
    let agenda = agenda::build(&facts, settings, today);
    // An id that does not even parse names no task either.
    let known = agenda
        .task_ids()
        .find(|t| t.as_str() == id)
        .or_else(|| facts.task_states.keys().find(|t| t.as_str() == id));
    let Some(task) = known.cloned() else {
        return Err(Error::not_found(Kind::Task, id));
    };
    let state = match mark {
        Mark::Done => TaskState::Done { on: today },
        Mark::Skip => TaskState::Skipped { on: today },
        Mark::Snooze { until } if until <= today => {
            return Err(Error::refused(format!(
                "{until} is not after today ({today}); pick a later day to bring it back"
            )));
        }
        // A follow-up put off for more than a season is lost, not snoozed
        // (a year typed 2062 for 2026): skipping says so plainly.
        Mark::Snooze { until } if until > today.saturating_add(jiff::ToSpan::days(MAX_SNOOZE_DAYS)) => {
            return Err(Error::refused(format!(
                "{until} is more than {MAX_SNOOZE_DAYS} days away; snooze to a nearer day, or skip the task if it no longer matters"
            )));
        }
        Mark::Snooze { until } => TaskState::Snoozed { until },
    };
    store.write(|tx| tx.set_task_state(&task, state))?;
    Ok(state)
}

/// A plan for one interview described as RULEBOOK §7 JSON, touching no
/// stored data. `zone` reads start times that carry none.
pub fn plan_one(settings: &Settings, json: &str, zone: &TimeZone) -> Result<(PlanRequest, Plan)> {
    let request = plan_input::parse(json, zone).map_err(Error::invalid_input)?;
    let mut planner = settings.planner.clone();
    if let Some(p) = request.phone_policy {
        planner.phone_policy = p;
    }
    let calendar = Calendar::new(request.region.unwrap_or_else(|| settings.region()));
    let plan = plan::plan(&request.facts, &planner, &calendar, settings.calendar.date_order);
    Ok((request, plan))
}

//! The agenda: from every recorded fact and a `today`, what to do today, what
//! is overdue, what is coming up, and which applications are simply waiting.
//! Each application's latest interview is planned (RULEBOOK §3–§5) and the
//! user's done / skipped / snoozed states applied. Pure: the caller loads
//! the facts and supplies the day.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use crate::calendar::{Calendar, Region};
use crate::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use crate::kinds::{ApplicationStatus, Direction, OutcomeKind, PersonRole};
use crate::model::{Application, Interview, Involvement, Message, Outcome, Person, Record, TaskState};
use crate::plan::{self, Contact, OtherOffer, Rule, Sent, Task, TaskId, TaskKind};
use crate::settings::Settings;

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
    /// What the employer said about next steps, as recorded.
    pub next_steps: Option<String>,
    /// F2: the status checks went unanswered and the planner stopped chasing.
    pub stalled: bool,
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
        TaskKind::OfferNotice => "tell them about your other offer",
        TaskKind::RejectionReply => "gracious reply to the rejection",
        TaskKind::Connect => "connect on LinkedIn",
    };
    let to = t.to.as_deref().map(|n| format!(" to {n}")).unwrap_or_default();
    let how = t.channels();
    let by = if how.is_empty() || t.kind == TaskKind::Connect { String::new() } else { format!(" by {how}") };
    format!("{what}{to}{by}")
}

/// A person by id, from the list sorted by id.
fn person(people: &[Record<PersonId, Person>], id: PersonId) -> Option<&Person> {
    people.binary_search_by_key(&id, |p| p.id).ok().map(|n| &people[n].value)
}

fn contact(id: PersonId, people: &[Record<PersonId, Person>]) -> Option<Contact> {
    let p = person(people, id)?;
    Some(Contact {
        key: id.to_string(),
        name: p.name.clone(),
        title: p.title.clone(),
        email: p.email.as_ref().map(ToString::to_string),
        time_zone: p.time_zone.as_ref().map(|z| z.zone()),
    })
}

/// Builds the agenda for `today`.
pub fn build(facts: &Facts, settings: &Settings, today: Date) -> Agenda {
    build_with(facts, settings, today, false)
}

/// Builds the agenda, with the `later` list filled when `later` is true
/// (for calendar export; the agenda itself does not show it).
pub fn build_with(facts: &Facts, settings: &Settings, today: Date, later: bool) -> Agenda {
    let horizon = today.saturating_add(HORIZON_DAYS.days());
    let forgotten = today.saturating_sub(OVERDUE_DAYS.days());
    let people = facts.people.as_slice();
    let mut agenda = Agenda {
        today,
        due_today: Vec::new(),
        overdue: Vec::new(),
        coming_up: Vec::new(),
        later: Vec::new(),
        waiting: Vec::new(),
        keep_searching: None,
    };

    // Each application's share of the facts, as a slice of the sorted lists.
    fn share<T>(items: &[T], app: ApplicationId, of: impl Fn(&T) -> ApplicationId) -> &[T] {
        let start = items.partition_point(|x| of(x) < app);
        let end = start + items[start..].partition_point(|x| of(x) == app);
        &items[start..end]
    }
    let interviews_of = |app| share(&facts.interviews, app, |r| r.value.application);
    let messages_of = |app| share(&facts.messages, app, |r| r.value.application);
    let outcomes_of = |app| share(&facts.outcomes, app, |r| r.value.application);
    let roles_of = |app| share(&facts.involvements, app, |i| i.application);

    // F5: the latest offer elsewhere that is still open.
    // F7: feedback on this application, else the latest anyone gave, for
    // interview preparation. The latter is found once.
    let any_feedback: Option<(&str, &str)> = facts
        .outcomes
        .iter()
        .filter_map(|o| Some((o.value.date, o.value.application, o.value.feedback.as_deref()?)))
        .max_by_key(|(d, _, _)| *d)
        .and_then(|(_, a, f)| {
            let company = facts.applications.iter().find(|x| x.id == a).map(|x| x.value.company.as_str())?;
            Some((company, f))
        });
    let prep = |app: ApplicationId| -> (String, Vec<Rule>) {
        let own = outcomes_of(app)
            .iter()
            .filter_map(|o| o.value.feedback.as_deref().map(|f| (o.value.date, f)))
            .max();
        let ask = "at the end ask what the next step is and when they will decide.";
        match (own, any_feedback) {
            (Some((_, f)), _) => {
                (format!("Prepare, with their feedback in mind (\"{f}\"); {ask}"), vec![Rule::T1, Rule::F7])
            }
            (None, Some((other, f))) => (
                format!("Prepare, with {other}'s feedback in mind (\"{f}\"); {ask}"),
                vec![Rule::T1, Rule::F7],
            ),
            (None, None) => (format!("Prepare, and {ask}"), vec![Rule::T1]),
        }
    };
    let offers: Vec<(ApplicationId, &str, &Outcome)> = facts
        .applications
        .iter()
        .filter(|a| a.value.status == ApplicationStatus::Offer)
        .flat_map(|a| {
            outcomes_of(a.id)
                .iter()
                .map(|o| &o.value)
                .filter(|o| o.kind == OutcomeKind::Offer && o.deadline.is_some())
                .map(move |o| (a.id, a.value.company.as_str(), o))
        })
        .collect();

    let mut calendars: HashMap<Region, Calendar> = HashMap::new();
    let default_region = settings.region();

    for app in &facts.applications {
        let a = &app.value;
        let company: Arc<str> = Arc::from(a.company.as_str());
        let ivs: Vec<&Interview> = interviews_of(app.id).iter().map(|r| &r.value).collect();
        if ivs.is_empty() {
            continue;
        }
        // Interviews to come are events on the agenda.
        for iv in ivs.iter().filter(|iv| iv.day() >= today && iv.day() <= horizon && a.status.is_open()) {
            let with: Vec<&str> =
                iv.interviewers.iter().filter_map(|p| person(people, *p).map(|p| p.name.as_str())).collect();
            let time = iv.start.strftime("%H:%M %Z");
            let what = if with.is_empty() {
                format!("{} interview for {} at {time}", iv.stage, a.role)
            } else {
                format!("{} interview for {} at {time} with {}", iv.stage, a.role, with.join(" and "))
            };
            let (why, rules) = prep(app.id);
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
            };
            if iv.day() == today { agenda.due_today.push(item) } else { agenda.coming_up.push(item) }
        }
        // The latest interview that has happened drives the follow-up.
        let Some(iv) = ivs.iter().filter(|iv| iv.day() <= today).max_by_key(|iv| &iv.start) else { continue };
        let involved = roles_of(app.id);
        let with_role = |role: PersonRole| {
            involved.iter().filter(move |i| i.role == role).filter_map(|i| contact(i.person, people))
        };
        let recruiter = with_role(PersonRole::AgencyRecruiter)
            .next()
            .map(|c| (c, true))
            .or_else(|| with_role(PersonRole::InHouseRecruiter).next().map(|c| (c, false)));
        let history: Vec<Sent> = messages_of(app.id)
            .iter()
            .map(|m| &m.value)
            .map(|m| Sent {
                kind: m.kind,
                direction: m.direction,
                date: m.date,
                to: m.person.map(|p| p.to_string()),
                timeline: if m.direction == Direction::In { m.body.clone() } else { None },
            })
            .collect();
        let outcome =
            outcomes_of(app.id).iter().map(|o| &o.value).max_by_key(|o| o.date).map(|o| (o.kind, o.date));
        let other_offer = if a.status.is_open() && a.status != ApplicationStatus::Offer {
            offers
                .iter()
                .filter(|(id, _, o)| *id != app.id && o.deadline.is_some_and(|d| d >= today))
                .max_by_key(|(_, _, o)| o.date)
                .map(|(_, company, o)| OtherOffer {
                    company: (*company).to_owned(),
                    deadline: o.deadline.unwrap_or(o.date),
                    recorded: o.date,
                })
        } else {
            None
        };
        let f = plan::Facts {
            key: format!("a{}", app.id.0),
            start: iv.start.clone(),
            duration_minutes: iv.duration_minutes,
            stage: iv.stage,
            company: a.company.clone(),
            culture: a.culture,
            first_contact: a.first_contact,
            interviewers: iv.interviewers.iter().filter_map(|p| contact(*p, people)).collect(),
            recruiter,
            references: with_role(PersonRole::Reference).collect(),
            references_requested: iv.references_requested,
            follow_ups_invited: iv.follow_ups_invited,
            promised: iv.promised.clone(),
            timeline: iv.next_steps.clone(),
            history,
            other_offer,
            outcome,
        };
        let region = a.region.as_deref().and_then(|r| r.parse().ok()).unwrap_or(default_region);
        let cal = calendars
            .entry(region)
            .or_insert_with(|| Calendar::new(region).with_extra(facts.holidays.iter().copied()));
        let p = plan::plan(&f, &settings.planner, cal, settings.calendar.date_order);

        let mut next_check: Option<Date> = None;
        for t in p.tasks {
            let (mut due, mut latest) = (t.due, t.latest);
            match facts.task_states.get(&t.id) {
                Some(TaskState::Done { .. } | TaskState::Skipped { .. }) => continue,
                Some(TaskState::Snoozed { until }) => {
                    due = due.max(*until);
                    latest = latest.max(*until);
                }
                None => {}
            }
            let chasing_later =
                matches!(t.kind, TaskKind::StatusCheck | TaskKind::ContactAsInstructed) && due > today;
            if chasing_later {
                next_check = Some(next_check.map_or(due, |d: Date| d.min(due)));
            }
            if latest < forgotten {
                continue;
            }
            let what = describe(&t);
            let item = Item {
                task: Some(t.id),
                kind: t.kind.as_str(),
                application: app.id,
                company: company.clone(),
                to: t.to,
                what,
                due,
                latest,
                why: t.why,
                rules: t.rules,
            };
            if chasing_later || due > horizon {
                if later {
                    agenda.later.push(item);
                }
                continue;
            }
            if latest < today {
                agenda.overdue.push(item);
            } else if due <= today {
                agenda.due_today.push(item);
            } else {
                agenda.coming_up.push(item);
            }
        }
        // F9: waiting for the employer, whatever else is on today's list.
        if a.status.is_open() && (next_check.is_some() || p.stalled) {
            agenda.waiting.push(Waiting {
                application: app.id,
                company: a.company.clone(),
                role: a.role.clone(),
                since: iv.day(),
                until: next_check,
                next_steps: iv.next_steps.clone(),
                stalled: p.stalled,
            });
        }
    }

    let active = facts
        .applications
        .iter()
        .filter(|a| matches!(a.value.status, ApplicationStatus::Active | ApplicationStatus::Offer))
        .count();
    let wanted = settings.planner.min_active_applications as usize;
    if active < wanted {
        agenda.keep_searching = Some(format!(
            "Only {active} application{} still active: keep applying, so that no single answer carries too much weight. (F8)",
            if active == 1 { " is" } else { "s are" }
        ));
    }

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
    agenda
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::showcase;

    /// Facts from bundles with ids assigned as a store would.
    pub(crate) fn facts_from(bundles: &[crate::demo::Bundle]) -> Facts {
        let mut f = Facts::default();
        let mut next_person = 1;
        for (n, b) in bundles.iter().enumerate() {
            let app = ApplicationId(n as i64 + 1);
            f.applications.push(Record { id: app, value: b.application.clone() });
            let base = next_person;
            for (p, role) in &b.people {
                let id = PersonId(next_person);
                next_person += 1;
                f.people.push(Record { id, value: p.clone() });
                f.involvements.push(Involvement { application: app, person: id, role: *role });
            }
            for (k, iv) in b.interviews.iter().enumerate() {
                let mut iv = iv.clone();
                iv.application = app;
                iv.interviewers = iv.interviewers.iter().map(|p| PersonId(base + p.0)).collect();
                f.interviews.push(Record { id: InterviewId((n * 10 + k) as i64 + 1), value: iv });
            }
        }
        f
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
    }
}

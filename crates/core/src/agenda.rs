//! The agenda: from every recorded fact and a `today`, what to do today, what
//! is overdue, what is coming up, and which applications are simply waiting.
//! Pure: the caller loads the facts and supplies the day.

use std::collections::HashMap;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use crate::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use crate::kinds::ApplicationStatus;
use crate::model::{Application, Interview, Involvement, Message, Outcome, Person, Record, TaskState};
use crate::settings::Settings;

/// Everything recorded, as loaded from the store.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub applications: Vec<Record<ApplicationId, Application>>,
    pub people: Vec<Record<PersonId, Person>>,
    pub involvements: Vec<Involvement>,
    pub interviews: Vec<Record<InterviewId, Interview>>,
    pub messages: Vec<Record<MessageId, Message>>,
    pub outcomes: Vec<Record<OutcomeId, Outcome>>,
    pub task_states: HashMap<String, TaskState>,
}

/// One thing to do (or to attend), on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The stable id to pass to `done`, `skip` or `snooze`; none for events
    /// such as an interview, which are not tasks.
    pub task: Option<String>,
    pub application: ApplicationId,
    pub company: String,
    pub what: String,
    pub due: Date,
    pub latest: Date,
    pub why: String,
}

/// An application where the next move is the employer's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waiting {
    pub application: ApplicationId,
    pub company: String,
    pub role: String,
    /// The day of the last interview.
    pub since: Date,
    /// The day the candidate's next step becomes due, when one is planned.
    pub until: Option<Date>,
    /// What the employer said about next steps, as recorded.
    pub next_steps: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agenda {
    pub today: Date,
    pub due_today: Vec<Item>,
    pub overdue: Vec<Item>,
    pub coming_up: Vec<Item>,
    pub waiting: Vec<Waiting>,
    /// RULEBOOK F8: said when fewer applications are active than the setting.
    pub keep_searching: Option<String>,
}

impl Agenda {
    /// Every task id on the agenda, for `done`, `skip` and `snooze` to check.
    pub fn task_ids(&self) -> impl Iterator<Item = &str> {
        self.due_today.iter().chain(&self.overdue).chain(&self.coming_up).filter_map(|i| i.task.as_deref())
    }
}

/// How far ahead "coming up" looks.
pub const HORIZON_DAYS: i32 = 14;

/// Builds the agenda for `today`.
pub fn build(facts: &Facts, settings: &Settings, today: Date) -> Agenda {
    let horizon = today.saturating_add(HORIZON_DAYS.days());
    let people: HashMap<PersonId, &Person> = facts.people.iter().map(|p| (p.id, &p.value)).collect();
    let applications: HashMap<ApplicationId, &Application> =
        facts.applications.iter().map(|a| (a.id, &a.value)).collect();

    let mut agenda = Agenda {
        today,
        due_today: Vec::new(),
        overdue: Vec::new(),
        coming_up: Vec::new(),
        waiting: Vec::new(),
        keep_searching: None,
    };

    // The latest interview of each open application, and the ones to come.
    let mut last: HashMap<ApplicationId, &Interview> = HashMap::new();
    for rec in &facts.interviews {
        let iv = &rec.value;
        let Some(app) = applications.get(&iv.application) else {
            continue;
        };
        if !app.status.is_open() {
            continue;
        }
        let day = iv.day();
        if day >= today && day <= horizon {
            let with: Vec<&str> =
                iv.interviewers.iter().filter_map(|p| people.get(p).map(|p| p.name.as_str())).collect();
            let time = iv.start.strftime("%H:%M %Z");
            let what = if with.is_empty() {
                format!("{} interview for {} at {time}", iv.stage, app.role)
            } else {
                format!("{} interview for {} at {time} with {}", iv.stage, app.role, with.join(" and "))
            };
            let item = Item {
                task: None,
                application: iv.application,
                company: app.company.clone(),
                what,
                due: day,
                latest: day,
                why: "Prepare: reread the posting and ask at the end what the next step is and when they will decide.".into(),
            };
            if day == today { agenda.due_today.push(item) } else { agenda.coming_up.push(item) }
        }
        let entry = last.entry(iv.application).or_insert(iv);
        if iv.start > entry.start {
            *entry = iv;
        }
    }

    for (id, iv) in &last {
        let day = iv.day();
        if day < today {
            let app = applications[id];
            agenda.waiting.push(Waiting {
                application: *id,
                company: app.company.clone(),
                role: app.role.clone(),
                since: day,
                until: None,
                next_steps: iv.next_steps.clone(),
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
            "Only {active} application{} still active: keep applying, so that no single answer carries too much weight.",
            if active == 1 { " is" } else { "s are" }
        ));
    }

    agenda.due_today.sort_by(|a, b| (a.due, &a.company).cmp(&(b.due, &b.company)));
    agenda.coming_up.sort_by(|a, b| (a.due, &a.company).cmp(&(b.due, &b.company)));
    agenda.waiting.sort_by(|a, b| (a.until, a.since, &a.company).cmp(&(b.until, b.since, &b.company)));
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
        assert_eq!(next.company, "Umbrella Health");
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
                "Only 2 applications are still active: keep applying, so that no single answer carries too much weight."
            )
        );
    }
}

//! The morning digest `afterview notify` sends: from the day's agenda, the
//! tasks due today and those overdue that have not been sent yet today, in
//! the words the agenda prints (task, to whom, by which channel, the call
//! window on the user's clock), short enough for a phone's notification.
//! Pure: the caller gives the agenda, what was already sent and the zone.

use std::collections::HashSet;

use jiff::tz::TimeZone;

use crate::agenda::{Agenda, Item};
use crate::calendar::short_day;
use crate::plan::{TaskId, call_windows_text};

/// What to send: a subject, a plain-text body, and the tasks it names (to
/// record as sent once it went out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    /// "afterview: 2 things to do today (1 overdue)".
    pub subject: String,
    pub body: String,
    /// The tasks in it, today's first, then the overdue ones.
    pub tasks: Vec<TaskId>,
    /// How many of them are overdue.
    pub overdue: usize,
}

/// The digest of `agenda`'s tasks due today and overdue, leaving out those
/// in `sent` (already reminded of today); `None` when nothing is left.
/// Interviews are on the agenda but are not tasks, and are not sent.
pub fn digest(agenda: &Agenda, sent: &HashSet<TaskId>, zone: &TimeZone) -> Option<Digest> {
    let fresh = |items: &[Item]| -> Vec<Item> {
        items.iter().filter(|i| i.task.as_ref().is_some_and(|t| !sent.contains(t))).cloned().collect()
    };
    let (today, overdue) = (fresh(&agenda.due_today), fresh(&agenda.overdue));
    let total = today.len() + overdue.len();
    if total == 0 {
        return None;
    }
    let mut subject = format!("afterview: {total} thing{} to do today", if total == 1 { "" } else { "s" });
    if !overdue.is_empty() {
        subject.push_str(&format!(" ({} overdue)", overdue.len()));
    }
    let mut body = String::new();
    let mut section = |title: &str, items: &[Item]| {
        if items.is_empty() {
            return;
        }
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(title);
        body.push('\n');
        for i in items {
            body.push_str(&format!("- {}: {}", i.company, i.what));
            if i.latest < agenda.today {
                body.push_str(&format!(" (was due by {})", short_day(i.latest)));
            } else if i.latest > agenda.today {
                body.push_str(&format!(" (latest {})", short_day(i.latest)));
            }
            if let Some(t) = &i.task {
                body.push_str(&format!(" [{t}]"));
            }
            body.push('\n');
            if !i.call_windows.is_empty() {
                body.push_str(&format!("  Call {}\n", call_windows_text(&i.call_windows, zone)));
            }
        }
    };
    section("Today", &today);
    section("Overdue", &overdue);
    body.push_str(
        "\nSee why and what else is coming: afterview agenda (or afterview serve).\n\
         Write one: afterview draft TASK, with the id in brackets.\n",
    );
    let overdue_count = overdue.len();
    let tasks = today.into_iter().chain(overdue).filter_map(|i| i.task).collect();
    Some(Digest { subject, body, tasks, overdue: overdue_count })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::{self, Facts};
    use crate::settings::Settings;
    use jiff::civil::date;

    /// An agenda with nothing on it, to put items in.
    fn demo_agenda() -> Agenda {
        agenda::build(&Facts::default(), &Settings::default(), date(2026, 11, 20))
    }

    fn item(task: &str, what: &str, latest: jiff::civil::Date) -> Item {
        Item {
            task: Some(task.parse().unwrap()),
            kind: "status-check",
            application: crate::ids::ApplicationId(1),
            company: "Acme Robotics".into(),
            to: Some("Maria Lopez".into()),
            what: what.into(),
            due: latest,
            latest,
            why: "a long why that the digest leaves out".into(),
            rules: vec![],
            call_windows: vec![],
            starts: None,
        }
    }

    #[test]
    fn nothing_due_is_no_digest() {
        assert_eq!(digest(&demo_agenda(), &HashSet::new(), &TimeZone::UTC), None);
    }

    #[test]
    fn today_and_overdue_in_the_agendas_words() {
        let today = date(2026, 11, 20);
        let mut a = demo_agenda();
        a.due_today = vec![
            item("thank-you:a1:p1", "thank-you note to Maria Lopez by email", date(2026, 11, 23)),
            Item { task: None, kind: "interview", ..item("thank-you:a9:p9", "interview", today) },
        ];
        a.overdue = vec![Item {
            company: "Globex".into(),
            ..item("status-check:a2:1", "status check to Sam Patel by email", date(2026, 11, 18))
        }];
        let d = digest(&a, &HashSet::new(), &TimeZone::UTC).unwrap();
        assert_eq!(d.subject, "afterview: 2 things to do today (1 overdue)");
        assert_eq!(d.overdue, 1);
        assert_eq!(
            d.tasks.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["thank-you:a1:p1", "status-check:a2:1"]
        );
        assert_eq!(
            d.body,
            "Today\n\
             - Acme Robotics: thank-you note to Maria Lopez by email (latest Mon 23 Nov) [thank-you:a1:p1]\n\
             \n\
             Overdue\n\
             - Globex: status check to Sam Patel by email (was due by Wed 18 Nov) [status-check:a2:1]\n\
             \n\
             See why and what else is coming: afterview agenda (or afterview serve).\n\
             Write one: afterview draft TASK, with the id in brackets.\n"
        );
        assert!(!d.body.contains("long why"), "short: the why stays on the agenda");

        // What was sent already today is left out; all of it: no digest.
        let sent: HashSet<TaskId> = [d.tasks[1].clone()].into();
        let d2 = digest(&a, &sent, &TimeZone::UTC).unwrap();
        assert_eq!(d2.subject, "afterview: 1 thing to do today");
        assert!(!d2.body.contains("Overdue"));
        let sent: HashSet<TaskId> = d.tasks.iter().cloned().collect();
        assert_eq!(digest(&a, &sent, &TimeZone::UTC), None);
    }

    #[test]
    fn a_call_window_is_on_the_users_clock() {
        let mut a = demo_agenda();
        let from = date(2026, 11, 20).at(8, 0, 0, 0).in_tz("America/New_York").unwrap();
        let to = date(2026, 11, 20).at(9, 30, 0, 0).in_tz("America/New_York").unwrap();
        a.due_today = vec![Item {
            call_windows: vec![crate::plan::CallWindow { from, to }],
            ..item("status-check:a1:1", "status check to Maria Lopez by phone", a.today)
        }];
        let d = digest(&a, &HashSet::new(), &TimeZone::get("Europe/London").unwrap()).unwrap();
        assert!(d.body.contains("  Call 08:00–09:30 EST (13:00–14:30 your time)\n"), "{}", d.body);
    }
}

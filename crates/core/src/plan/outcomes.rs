//! When the employer has decided (F6): an outcome ends every chasing task,
//! and a rejection gets a gracious reply and, optionally, a LinkedIn
//! connection with the people met (C5: LinkedIn, never personal networks).

use jiff::civil::Date;

use super::{Ctx, Rule, Task, TaskChannel, TaskId, TaskKind, interviewer_names};
use crate::kinds::{MessageKind, OutcomeKind};

/// F6: the chase ends with any outcome; a rejection adds its two tasks.
pub(super) fn after_outcome(cx: &mut Ctx<'_>) {
    let Some((kind, on)) = cx.f.outcome else { return };
    if matches!(
        kind,
        OutcomeKind::Rejection | OutcomeKind::Acceptance | OutcomeKind::Withdrawal | OutcomeKind::Offer
    ) {
        cx.plan.tasks.retain(|t| !t.kind.is_chasing());
    }
    if kind == OutcomeKind::Rejection {
        rejection_reply(cx, on);
        connect(cx, on);
    }
}

/// F6: a short, gracious reply to the main contact within two business days.
fn rejection_reply(cx: &mut Ctx<'_>, on: Date) {
    let f = cx.f;
    if cx.sent(MessageKind::RejectionReply, on).next().is_some() {
        return;
    }
    let task = Task {
        id: TaskId::new(TaskKind::RejectionReply, &f.key),
        kind: TaskKind::RejectionReply,
        to: f.main_contact().map(|c| c.name.to_string()),
        due: on,
        latest: cx.cal.add_business_days(on, 2),
        channel: TaskChannel::Email,
        also: vec![],
        call_windows: Vec::new(),
        rules: vec![Rule::F6],
        why: String::new(),
    };
    cx.add(task, || {
        format!(
            "{} said no. A short, gracious reply keeps the door open: thank them, say you'd welcome future roles, and ask for feedback if you like.",
            f.company
        )
    });
}

/// F6 and C5: connect with the interviewers on LinkedIn, from the next
/// business day. Optional, so it keeps for a week rather than turning overdue.
fn connect(cx: &mut Ctx<'_>, on: Date) {
    let f = cx.f;
    let due = cx.cal.next_business_day(on);
    let task = Task {
        id: TaskId::new(TaskKind::Connect, &f.key),
        kind: TaskKind::Connect,
        to: None,
        due,
        latest: cx.cal.add_business_days(due, 5),
        channel: TaskChannel::Linkedin,
        also: vec![],
        call_windows: Vec::new(),
        rules: vec![Rule::F6, Rule::C5],
        why: String::new(),
    };
    cx.add(task, || {
        let who = if f.interviewers.is_empty() { "the people you met".to_owned() } else { interviewer_names(f) };
        format!("Optional: connect with {who} on LinkedIn, with a line of thanks; your network outlasts this role.")
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::tests::*;
    use super::{Rule, TaskChannel, TaskKind};

    #[test]
    fn f6_a_rejection_ends_the_chase_and_asks_for_a_gracious_reply() {
        // Rejected Fri 8 Jan 2027: reply 8 … Tue 12 Jan; connect due Mon 11 Jan,
        // optional until five business days later: 12, 13, 14, 15, (18 is MLK Day) 19 Jan.
        let p = run(&with(
            base(),
            json!({"timeline": "in 4-5 weeks",
            "other_offer": {"company": "Globex", "deadline": "2026-12-18", "recorded": "2026-12-10"},
            "outcome": {"kind": "rejected", "date": "2027-01-08"}}),
        ));
        assert!(p.tasks.iter().all(|t| !t.kind.is_chasing()), "{:#?}", p.tasks);
        assert_eq!(window(one(&p, TaskKind::RejectionReply)), w("2027-01-08", "2027-01-12"));
        let c = one(&p, TaskKind::Connect);
        assert_eq!((window(c), c.channel), (w("2027-01-11", "2027-01-19"), TaskChannel::Linkedin));
        assert_eq!(c.rules, [Rule::F6, Rule::C5]);
        // A withdrawal ends the chase without a reply.
        let p = run(&with(base(), json!({"outcome": {"kind": "withdrawal", "date": "2026-12-01"}})));
        assert!(
            tasks(&p, TaskKind::StatusCheck).is_empty() && tasks(&p, TaskKind::RejectionReply).is_empty()
        );
    }
}

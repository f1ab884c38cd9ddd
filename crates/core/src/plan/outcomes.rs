//! When the employer has decided (F6): an outcome ends every chasing task,
//! and a rejection gets a gracious reply and, optionally, a LinkedIn
//! connection with the people met (C5: LinkedIn, never personal networks).
//! An offer gets an answer before its deadline (F10).

use jiff::civil::Date;

use super::{Ctx, Decided, Rule, Task, TaskChannel, TaskId, TaskKind, day, interviewer_names};
use crate::kinds::{MessageKind, OutcomeKind};

/// F6: the chase ends with any outcome; a rejection adds its two tasks,
/// an offer its answer (F10).
pub(super) fn after_outcome(cx: &mut Ctx<'_>) {
    let Some(Decided { kind, date: on, deadline }) = cx.f.outcome else { return };
    if matches!(
        kind,
        OutcomeKind::Rejection | OutcomeKind::Acceptance | OutcomeKind::Withdrawal | OutcomeKind::Offer
    ) {
        cx.plan.tasks.retain(|t| !t.kind.is_chasing());
    }
    match kind {
        OutcomeKind::Rejection => {
            // The reply thanks them: no thank-you note (or what was
            // promised with it) on top, to the person who just said no.
            cx.plan.tasks.retain(|t| !matches!(t.kind, TaskKind::ThankYou | TaskKind::SendPromised));
            rejection_reply(cx, on);
            connect(cx, on);
        }
        OutcomeKind::Offer => offer_reply(cx, on, deadline),
        OutcomeKind::Acceptance | OutcomeKind::Withdrawal => {}
    }
}

/// F10: answer the offer (accept, decline, negotiate, or ask for more time)
/// by its deadline: its last business day on or before it. Without a
/// deadline, within two business days, asking when they need the answer.
/// Answered by a reply logged since the offer; an acceptance or a withdrawal
/// recorded later ends it, being the latest outcome.
fn offer_reply(cx: &mut Ctx<'_>, on: Date, deadline: Option<Date>) {
    let f = cx.f;
    if cx.sent(MessageKind::OfferReply, on).next().is_some() {
        return;
    }
    let latest = match deadline {
        // A deadline on a weekend is answered the business day before it.
        Some(d) if cx.cal.is_business_day(d) => d,
        Some(d) => cx.cal.previous_business_day(d),
        None => cx.cal.add_business_days(on, 2),
    };
    let to = f.recruiter.as_ref().map(|(c, _)| c).or_else(|| f.interviewers.first());
    let task = Task {
        id: TaskId::new(TaskKind::OfferReply, &f.key),
        kind: TaskKind::OfferReply,
        to: to.map(|c| c.name.to_string()),
        due: on,
        latest,
        channel: TaskChannel::Email,
        also: vec![TaskChannel::Call],
        call_windows: cx.call_windows(on, to, TaskChannel::Email, &[TaskChannel::Call]),
        rules: vec![Rule::F10],
        why: String::new(),
        since: on,
    };
    cx.add(task, || match deadline {
        Some(d) => format!(
            "{} made you an offer and needs your answer by {}. Thank them, then accept, decline or negotiate before then; if you need more time, ask for it now, not on the day.",
            f.company,
            day(d)
        ),
        None => format!(
            "{} made you an offer. Thank them within two business days, and ask when they need your answer if they did not say.",
            f.company
        ),
    });
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
        since: on,
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
        since: on,
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
        // The gracious reply replaces any thank-you still to write.
        let same_day = run(&with(base(), json!({"outcome": {"kind": "rejected", "date": "2026-11-20"}})));
        assert!(
            tasks(&same_day, TaskKind::ThankYou).is_empty()
                && tasks(&same_day, TaskKind::SendPromised).is_empty()
        );
        assert_eq!(tasks(&same_day, TaskKind::RejectionReply).len(), 1);
        // A withdrawal ends the chase without a reply.
        let p = run(&with(base(), json!({"outcome": {"kind": "withdrawal", "date": "2026-12-01"}})));
        assert!(
            tasks(&p, TaskKind::StatusCheck).is_empty() && tasks(&p, TaskKind::RejectionReply).is_empty()
        );
    }

    #[test]
    fn f10_an_offer_is_answered_by_its_deadline() {
        // Offered Tue 8 Dec, answer by Tue 15 Dec: due 8 … 15 Dec, to the
        // recruiter, by email or a call, and the chase is over.
        let offer = |extra: serde_json::Value| {
            with(
                base(),
                json!({"timeline": "in 4-5 weeks", "recruiter": {"name": "Sam Reed"}, "outcome": extra}),
            )
        };
        let p = run(&offer(json!({"kind": "offer", "date": "2026-12-08", "deadline": "2026-12-15"})));
        assert!(p.tasks.iter().all(|t| !t.kind.is_chasing()), "{:#?}", p.tasks);
        let t = one(&p, TaskKind::OfferReply);
        assert_eq!(window(t), w("2026-12-08", "2026-12-15"));
        assert_eq!(
            (t.to.as_deref(), t.channel, &t.also[..]),
            (Some("Sam Reed"), TaskChannel::Email, &[TaskChannel::Call][..])
        );
        assert_eq!(t.rules, [Rule::F10]);
        assert!(t.why.contains("by Tue 15 Dec") && t.why.contains("more time"), "{}", t.why);
        assert!(!t.call_windows.is_empty(), "a call is offered, so its hours are too");
        // A deadline on a Saturday is answered by the Friday.
        let p = run(&offer(json!({"kind": "offer", "date": "2026-12-08", "deadline": "2026-12-19"})));
        assert_eq!(window(one(&p, TaskKind::OfferReply)), w("2026-12-08", "2026-12-18"));
        // No deadline: thank them and ask for one within two business days.
        let p = run(&offer(json!({"kind": "offer", "date": "2026-12-11"})));
        let t = one(&p, TaskKind::OfferReply);
        assert_eq!(window(t), w("2026-12-11", "2026-12-15"));
        assert!(t.why.contains("ask when they need your answer"), "{}", t.why);
        // A reply logged since the offer answers it; one from before does not.
        let answered = with(
            offer(json!({"kind": "offer", "date": "2026-12-08", "deadline": "2026-12-15"})),
            json!({"history": [{"kind": "offer-reply", "direction": "out", "date": "2026-12-09"}]}),
        );
        assert!(tasks(&run(&answered), TaskKind::OfferReply).is_empty());
        let before = with(
            offer(json!({"kind": "offer", "date": "2026-12-08", "deadline": "2026-12-15"})),
            json!({"history": [{"kind": "offer-reply", "direction": "out", "date": "2026-12-07"}]}),
        );
        assert_eq!(tasks(&run(&before), TaskKind::OfferReply).len(), 1);
        // Accepted: nothing left to answer.
        let p = run(&offer(json!({"kind": "accepted", "date": "2026-12-10"})));
        assert!(tasks(&p, TaskKind::OfferReply).is_empty());
    }
}

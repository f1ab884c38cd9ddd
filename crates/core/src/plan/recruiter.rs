//! The people around the interview: the agency recruiter who arranged it
//! hears how it went first (T3), and references the employer asked for are
//! told to expect a call (T10).

use super::{Contact, Ctx, Rule, Task, TaskChannel, TaskId, TaskKind};
use crate::kinds::{Channel, Direction, MessageKind};

/// T3: call the agency recruiter today, before the thank-you notes.
pub(super) fn debrief(cx: &mut Ctx<'_>) {
    let f = cx.f;
    let Some(rec) = f.agency_recruiter() else { return };
    // A call to them logged since the interview is the debrief, done.
    let called = f.history.iter().any(|m| {
        m.direction == Direction::Out
            && m.channel == Some(Channel::Call)
            && m.date >= cx.r
            && m.to.as_deref() == Some(rec.key.as_ref())
    });
    if called {
        return;
    }
    let task = Task {
        id: TaskId::for_person(TaskKind::DebriefRecruiter, &f.key, &rec.key),
        kind: TaskKind::DebriefRecruiter,
        to: Some(rec.name.to_string()),
        due: cx.r,
        latest: cx.r,
        channel: TaskChannel::Call,
        also: vec![],
        call_windows: cx.call_windows(cx.r, Some(rec), TaskChannel::Call, &[]),
        rules: vec![Rule::T3],
        why: String::new(),
        since: cx.r,
    };
    cx.add(task, || {
        format!(
            "{} arranged this interview: call them today with how it went, before the thank-you notes.",
            rec.name
        )
    });
}

/// T10: when the employer asked for references and no alert went out, one
/// task per recorded reference (or one for all, when none is recorded).
pub(super) fn alert_references(cx: &mut Ctx<'_>) {
    let f = cx.f;
    if !f.references_requested || cx.sent(MessageKind::ReferenceAlert, cx.r).next().is_some() {
        return;
    }
    if f.references.is_empty() {
        let task = reference_alert(cx, None);
        cx.add(task, reference_why);
    }
    for rf in &f.references {
        let task = reference_alert(cx, Some(rf));
        cx.add(task, reference_why);
    }
}

fn reference_alert(cx: &Ctx<'_>, to: Option<&Contact>) -> Task {
    let key = &cx.f.key;
    let also = vec![TaskChannel::Call];
    Task {
        id: match to {
            Some(rf) => TaskId::for_person(TaskKind::AlertReferences, key, &rf.key),
            None => TaskId::new(TaskKind::AlertReferences, key),
        },
        kind: TaskKind::AlertReferences,
        to: to.map(|c| c.name.to_string()),
        due: cx.r,
        latest: cx.cal.next_business_day(cx.r),
        channel: TaskChannel::Email,
        call_windows: cx.call_windows(cx.r, to, TaskChannel::Email, &also),
        also,
        rules: vec![Rule::T10],
        why: String::new(),
        since: cx.r,
    }
}

fn reference_why() -> String {
    "They asked for references: tell your references to expect a call, and what the role is about.".to_owned()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::tests::*;
    use super::{TaskChannel, TaskKind};

    #[test]
    fn t3_debrief_the_agency_recruiter_first() {
        let p = run(&with(base(), json!({"recruiter": {"name": "Sam Reed", "agency": true}})));
        let t = one(&p, TaskKind::DebriefRecruiter);
        assert_eq!(
            (window(t), t.channel, t.to.as_deref()),
            (w("2026-11-20", "2026-11-20"), TaskChannel::Call, Some("Sam Reed"))
        );
        assert!(one(&p, TaskKind::ThankYou).why.contains("Debrief the recruiter first"));
        // An in-house recruiter needs no debrief.
        let p = run(&with(base(), json!({"recruiter": {"name": "Sam Reed", "agency": false}})));
        assert!(tasks(&p, TaskKind::DebriefRecruiter).is_empty());
    }

    #[test]
    fn t10_references_unnamed_get_one_alert_and_a_sent_alert_ends_it() {
        // No reference recorded: one task for all of them, email or call.
        let p = run(&with(base(), json!({"interview": {"references_requested": true}})));
        let t = one(&p, TaskKind::AlertReferences);
        assert_eq!((t.id.as_str(), t.to.as_deref()), ("alert-references:20261120", None));
        assert_eq!((t.channel, t.also.clone()), (TaskChannel::Email, vec![TaskChannel::Call]));
        assert_eq!(t.call_windows.len(), 2, "a call is one way to do it");
        let p = run(&with(
            base(),
            json!({"interview": {"references_requested": true},
            "history": [{"kind": "reference-alert", "direction": "out", "date": "2026-11-20"}]}),
        ));
        assert!(tasks(&p, TaskKind::AlertReferences).is_empty());
    }
}

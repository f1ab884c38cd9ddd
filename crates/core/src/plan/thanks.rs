//! Right after the interview: a thank-you note to each interviewer (T2, by
//! the channel C2 picks), what was promised with the first of them (T11),
//! and saving the interviewers to contacts (T9).

use jiff::ToSpan;
use jiff::civil::Date;

use super::{
    Contact, Ctx, Facts, Rule, Task, TaskChannel, TaskId, TaskKind, capitalise, day, interviewer_names,
};
use crate::kinds::{Culture, FirstContact, MessageKind};
use crate::settings::Planner;
use crate::timeline::{Reading, ReadingKind};

/// T2: the local day on which the interview's end plus the setting's hours
/// (48) falls, in the interview's time zone.
fn thank_you_by(cx: &Ctx<'_>) -> Date {
    let end = cx.f.start.saturating_add((cx.f.duration_minutes as i64).minutes());
    end.saturating_add((cx.s.thank_you_hours as i64).hours()).date()
}

/// Whether a thank-you to `c` went out since the interview (one to nobody
/// in particular counts for everyone).
fn thanked(cx: &Ctx<'_>, c: &Contact) -> bool {
    cx.sent(MessageKind::ThankYou, cx.r).any(|m| m.to.as_deref().is_none_or(|k| k == c.key))
}

/// T2, C2, T11 and T9: the thank-you notes, what was promised with them,
/// and the contacts to save.
pub(super) fn after_the_interview(cx: &mut Ctx<'_>, reading: Option<&Reading>) {
    let by = thank_you_by(cx);
    thank_yous(cx, reading, by);
    send_promised(cx, by);
    save_contacts(cx);
}

/// T2 and C2: a thank-you note to each interviewer not yet thanked, by
/// `latest`.
fn thank_yous(cx: &mut Ctx<'_>, reading: Option<&Reading>, latest: Date) {
    let (f, r) = (cx.f, cx.r);
    // C2: a card too, for a culture that values one, when the post can
    // arrive before the decision.
    let decision = reading.filter(|x| x.kind == ReadingKind::Decision).and_then(|x| x.latest);
    let card = matches!(f.culture, Culture::Traditional | Culture::Creative)
        && decision.is_none_or(|d| cx.cal.business_days_between(r, d) >= cx.s.card_min_business_days);
    for (n, iv) in f.interviewers.iter().enumerate() {
        if thanked(cx, iv) {
            continue;
        }
        let linkedin = f.first_contact == FirstContact::Linkedin && iv.email.is_none();
        let mut rules = vec![Rule::T2, Rule::C2];
        if n == 0 && !f.promised.is_empty() {
            rules.push(Rule::T11);
        }
        let task = Task {
            id: TaskId::for_person(TaskKind::ThankYou, &f.key, &iv.key),
            kind: TaskKind::ThankYou,
            to: Some(iv.name.to_string()),
            due: r,
            latest,
            channel: if linkedin { TaskChannel::Linkedin } else { TaskChannel::Email },
            also: if card { vec![TaskChannel::Card] } else { vec![] },
            call_windows: Vec::new(),
            rules,
            why: String::new(),
            since: cx.r,
        };
        let s = cx.s;
        cx.add(task, || thank_you_why(f, s, iv, n == 0, latest, card, linkedin));
    }
}

fn thank_you_why(
    f: &Facts,
    s: &Planner,
    iv: &Contact,
    first: bool,
    latest: Date,
    card: bool,
    linkedin: bool,
) -> String {
    let mut why = format!(
        "Thank {} within {} hours of the interview, by {}; one note each, varied.",
        iv.name,
        s.thank_you_hours,
        day(latest)
    );
    if first && f.agency_recruiter().is_some() {
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
    why
}

/// T11: what was promised goes with the first thank-you, until that is sent.
fn send_promised(cx: &mut Ctx<'_>, latest: Date) {
    let f = cx.f;
    if f.promised.is_empty() {
        return;
    }
    let to = f.interviewers.first();
    if to.is_some_and(|c| thanked(cx, c)) {
        return;
    }
    let task = Task {
        id: TaskId::new(TaskKind::SendPromised, &f.key),
        kind: TaskKind::SendPromised,
        to: to.map(|c| c.name.to_string()),
        due: cx.r,
        latest,
        channel: TaskChannel::Email,
        also: vec![],
        call_windows: Vec::new(),
        rules: vec![Rule::T11],
        why: String::new(),
        since: cx.r,
    };
    cx.add(task, || {
        format!("You promised to send: {}. Send it with the thank-you note.", f.promised.join("; "))
    });
}

/// T9: save the interviewers to contacts while the names are fresh.
fn save_contacts(cx: &mut Ctx<'_>) {
    let f = cx.f;
    if f.interviewers.is_empty() {
        return;
    }
    let task = Task {
        id: TaskId::new(TaskKind::SaveContacts, &f.key),
        kind: TaskKind::SaveContacts,
        to: None,
        due: cx.r,
        latest: cx.r.saturating_add(1.day()),
        channel: TaskChannel::None,
        also: vec![],
        call_windows: Vec::new(),
        rules: vec![Rule::T9],
        why: String::new(),
        since: cx.r,
    };
    cx.add(task, || format!("Add {} to your contacts while the names are fresh.", interviewer_names(f)));
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::TaskChannel;
    use super::super::tests::*;
    use super::TaskKind;

    #[test]
    fn t2_one_thank_you_per_interviewer_within_48_hours() {
        let p = run(&with(
            base(),
            json!({"interviewers": [
            {"name": "Maria Lopez", "email": "maria@acme.example"},
            {"name": "Tom Chen", "email": "tom@acme.example"},
            {"name": "Ana Diaz", "email": "ana@acme.example"}]}),
        ));
        let notes = tasks(&p, TaskKind::ThankYou);
        assert_eq!(notes.len(), 3);
        // Ends 15:00 Fri 20 Nov; + 48 hours = 15:00 Sun 22 Nov.
        for t in &notes {
            assert_eq!(window(t), w("2026-11-20", "2026-11-22"));
            assert_eq!(t.channel, TaskChannel::Email);
        }
        let ids: std::collections::HashSet<_> = notes.iter().map(|t| &t.id).collect();
        assert_eq!(ids.len(), 3, "distinct, stable ids");
        assert_eq!(
            notes.iter().map(|t| t.to.clone().unwrap()).collect::<Vec<_>>(),
            ["Maria Lopez", "Tom Chen", "Ana Diaz"]
        );
    }

    #[test]
    fn t2_late_evening_in_another_zone_counts_in_the_interview_zone() {
        // 22:30 Los Angeles for 90 minutes ends 00:00 Sat 21 Nov there;
        // + 48 h = 00:00 Mon 23 Nov, Los Angeles time.
        let p = run(&with(
            base(),
            json!({"interview": {"start": "2026-11-20T22:30", "duration_minutes": 90, "time_zone": "America/Los_Angeles"}}),
        ));
        assert_eq!(window(one(&p, TaskKind::ThankYou)), w("2026-11-20", "2026-11-23"));
    }

    #[test]
    fn t2_sent_notes_are_left_out() {
        let p = run(&with(
            base(),
            json!({"interviewers": [{"name": "Maria Lopez"}, {"name": "Tom Chen"}],
            "history": [{"kind": "thank-you", "direction": "out", "date": "2026-11-20", "to": "Tom Chen"}]}),
        ));
        let left: Vec<_> = tasks(&p, TaskKind::ThankYou).iter().map(|t| t.to.clone().unwrap()).collect();
        assert_eq!(left, ["Maria Lopez"]);
    }

    #[test]
    fn t9_t10_t11_contacts_references_and_promises() {
        let p = run(&with(
            base(),
            json!({
            "interview": {"references_requested": true, "promised": ["portfolio link", "two references"]},
            "references": [{"name": "Ruth Adams"}]}),
        ));
        let save = one(&p, TaskKind::SaveContacts);
        assert_eq!(
            (window(save), save.channel, save.to.clone()),
            (w("2026-11-20", "2026-11-21"), TaskChannel::None, None)
        );
        // References: due R, latest the next business day after Fri 20 Nov = Mon 23 Nov.
        let refs = one(&p, TaskKind::AlertReferences);
        assert_eq!((window(refs), refs.to.as_deref()), (w("2026-11-20", "2026-11-23"), Some("Ruth Adams")));
        let promised = one(&p, TaskKind::SendPromised);
        assert_eq!(window(promised), w("2026-11-20", "2026-11-22"), "with the thank-you");
        assert!(promised.why.contains("portfolio link; two references"));
    }

    #[test]
    fn c2_cards_for_traditional_cultures_and_linkedin_without_email() {
        // 14 business days to 11 Dec: at least 5, so a card too.
        let p = run(&with(base(), json!({"company": {"name": "Acme", "culture": "traditional"}})));
        assert_eq!(one(&p, TaskKind::ThankYou).also, [TaskChannel::Card]);
        let p = run(&with(
            base(),
            json!({"company": {"name": "Acme", "culture": "traditional"}, "timeline": "tomorrow"}),
        ));
        assert!(one(&p, TaskKind::ThankYou).also.is_empty(), "the decision is too close for the post");
        let p = run(&with(
            base(),
            json!({"first_contact": "linkedin", "interviewers": [{"name": "Maria Lopez"}]}),
        ));
        assert_eq!(one(&p, TaskKind::ThankYou).channel, TaskChannel::Linkedin);
    }
}

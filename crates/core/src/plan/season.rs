//! Moments outside the check cadence: a seasonal greeting when the decision
//! waits past Christmas Eve or until after the holidays (T7), and an honest
//! notice when an offer from elsewhere comes with a deadline (F5).

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Ctx, Rule, Task, TaskChannel, TaskId, TaskKind, day};
use crate::kinds::{Direction, MessageKind};
use crate::timeline::{Reading, ReadingKind};

/// T7: the decision reaches past Christmas Eve, or "after the holidays"
/// was said in November or December: a greeting to the main contact, from
/// the setting's day in December (or tomorrow) until its last day. F1: it
/// keeps its distance from the last message to them, sent or planned (an
/// offer notice); when no day is left for it, a note says why.
pub(super) fn holiday_greeting(cx: &mut Ctx<'_>, reading: Option<&Reading>) {
    let (f, s, r) = (cx.f, cx.s, cx.r);
    let greeting = reading.is_some_and(|x| {
        let past_eve = x.kind == ReadingKind::Decision
            && x.latest.is_some_and(|l| Date::new(r.year(), 12, 24).is_ok_and(|eve| l > eve && r <= eve));
        past_eve || (x.after_holidays && r.month() >= 11)
    });
    if !greeting || cx.sent(MessageKind::HolidayGreeting, r).next().is_some() {
        return;
    }
    let from = Date::new(r.year(), 12, s.holiday_greeting_from_day as i8).unwrap_or(r);
    let until = Date::new(r.year(), 12, s.holiday_greeting_until_day as i8).unwrap_or(r);
    let mut due = cx.cal.roll_forward(from.max(r.saturating_add(1.day())));
    if due > until {
        return;
    }
    let mut moved = None;
    if let Some((prev, what)) = last_message(cx).filter(|_| !f.follow_ups_invited) {
        let earliest = cx.cal.add_business_days(prev, s.min_gap_business_days);
        if earliest > until {
            cx.note(|| {
                format!(
                    "T7, F1: no holiday greeting to {}: {what} already keeps you in touch, and a greeting days after it would crowd them.",
                    f.company
                )
            });
            return;
        }
        if earliest > due {
            (due, moved) = (earliest, Some(what));
        }
    }
    let task = Task {
        id: TaskId::new(TaskKind::HolidayGreeting, &f.key),
        kind: TaskKind::HolidayGreeting,
        to: f.main_contact().map(|c| c.name.to_string()),
        due,
        latest: until,
        channel: TaskChannel::Card,
        also: vec![TaskChannel::Email],
        call_windows: Vec::new(),
        rules: if moved.is_some() { vec![Rule::T7, Rule::F1] } else { vec![Rule::T7] },
        why: String::new(),
        since: r,
    };
    cx.add(task, || {
        let mut why = format!(
            "{} will decide over the holidays: a short seasonal greeting keeps you in mind without asking for anything.",
            f.company
        );
        if let Some(what) = moved {
            why.push_str(&format!(" Not before {}: {what} comes first.", day(due)));
        }
        why
    });
}

/// F1: the last message to the employer that a greeting keeps clear of,
/// thank-you notes aside: the last one sent, or the offer notice still to
/// send (at its latest), whichever is later; and how a sentence names it.
fn last_message(cx: &Ctx<'_>) -> Option<(Date, String)> {
    let sent =
        cx.f.history.iter().filter(|m| m.direction == Direction::Out && m.kind != MessageKind::ThankYou);
    let sent = sent.map(|m| m.date).max();
    match (sent, notice_window(cx).map(|(_, by)| by)) {
        (Some(d), by) if by.is_none_or(|by| d > by) => Some((d, format!("your message of {}", day(d)))),
        (_, Some(by)) => Some((by, format!("the offer notice to send by {}", day(by)))),
        _ => None,
    }
}

/// F5: the days to send the offer notice, when one is still to send and
/// a business day is left for it before the deadline.
fn notice_window(cx: &Ctx<'_>) -> Option<(Date, Date)> {
    let offer = cx.f.other_offer.as_ref()?;
    if cx.sent(MessageKind::OfferNotice, offer.recorded).next().is_some() {
        return None;
    }
    let latest = cx.cal.next_business_day(offer.recorded).min(cx.cal.previous_business_day(offer.deadline));
    (offer.recorded < offer.deadline && latest >= offer.recorded).then_some((offer.recorded, latest))
}

/// F5: an offer elsewhere with a deadline: tell the main contact the day it
/// is recorded or the next business day, and before the deadline; when no
/// business day is left, a note says so.
pub(super) fn offer_notice(cx: &mut Ctx<'_>) {
    let f = cx.f;
    let Some(offer) = &f.other_offer else { return };
    if cx.sent(MessageKind::OfferNotice, offer.recorded).next().is_some() {
        return;
    }
    let Some((_, latest)) = notice_window(cx) else {
        cx.note(|| {
            format!(
                "F5: the offer from {} is due {}; there is no business day left to tell {} before it.",
                offer.company,
                day(offer.deadline),
                f.company
            )
        });
        return;
    };
    let to = f.main_contact();
    let also = if f.agency_recruiter().is_some() { vec![TaskChannel::Call] } else { vec![] };
    let task = Task {
        id: TaskId::offer_notice(&f.key, &offer.company),
        kind: TaskKind::OfferNotice,
        to: to.map(|c| c.name.to_string()),
        due: offer.recorded,
        latest,
        channel: TaskChannel::Email,
        call_windows: cx.call_windows(offer.recorded, to, TaskChannel::Email, &also),
        also,
        rules: vec![Rule::F5],
        why: String::new(),
        since: offer.recorded,
    };
    cx.add(task, || {
        format!(
            "{} made you an offer with an answer due {}. Tell {} honestly, name the deadline, and say they are your preferred choice if they are.",
            offer.company,
            day(offer.deadline),
            f.company
        )
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::tests::*;
    use super::{Rule, TaskChannel, TaskKind};

    #[test]
    fn t7_holiday_greeting_when_the_decision_reaches_past_christmas_eve() {
        // 4-5 weeks from Fri 20 Nov: latest Fri 25 Dec, past the 24th.
        // Due max(R + 1, 15 Dec) = Tue 15 Dec, latest Tue 22 Dec.
        let p = run(&with(base(), json!({"timeline": "in 4-5 weeks"})));
        let t = one(&p, TaskKind::HolidayGreeting);
        assert_eq!(
            (window(t), t.channel, t.also.clone()),
            (w("2026-12-15", "2026-12-22"), TaskChannel::Card, vec![TaskChannel::Email])
        );
        assert_eq!(t.to.as_deref(), Some("Maria Lopez"));
        // With a recruiter, the recruiter is the main contact.
        let p = run(&with(base(), json!({"timeline": "in 4-5 weeks", "recruiter": {"name": "Sam Reed"}})));
        assert_eq!(one(&p, TaskKind::HolidayGreeting).to.as_deref(), Some("Sam Reed"));
        // A decision before Christmas needs no greeting.
        assert!(tasks(&run(&base()), TaskKind::HolidayGreeting).is_empty());
    }

    #[test]
    fn f5_an_offer_elsewhere_means_an_honest_notice_before_its_deadline() {
        // Recorded Thu 10 Dec, deadline Fri 18 Dec: due 10 Dec … next business day Fri 11 Dec.
        let p = run(&with(
            base(),
            json!({"other_offer": {"company": "Globex", "deadline": "2026-12-18", "recorded": "2026-12-10"}}),
        ));
        let t = one(&p, TaskKind::OfferNotice);
        assert_eq!(window(t), w("2026-12-10", "2026-12-11"));
        assert!(t.why.contains("Globex") && t.why.contains("Fri 18 Dec"));
        assert_eq!(t.id.as_str(), "offer-notice:20261120:globex");
        // A near deadline: recorded Thu 17 Dec, due Fri 18 Dec: it must go on the 17th.
        let p = run(&with(
            base(),
            json!({"other_offer": {"company": "Globex", "deadline": "2026-12-18", "recorded": "2026-12-17"}}),
        ));
        assert_eq!(window(one(&p, TaskKind::OfferNotice)), w("2026-12-17", "2026-12-17"));
        // Recorded on the deadline: too late, said in a note.
        let p = run(&with(
            base(),
            json!({"other_offer": {"company": "Globex", "deadline": "2026-12-18", "recorded": "2026-12-18"}}),
        ));
        assert!(tasks(&p, TaskKind::OfferNotice).is_empty());
        assert!(p.notes.iter().any(|n| n.starts_with("F5:")));
    }

    /// F1 holds for the greeting too: never within five business days of
    /// the offer notice to the same company, or of a message sent.
    #[test]
    fn t7_the_greeting_keeps_clear_of_the_offer_notice_and_the_last_message() {
        // Offer recorded Mon 14 Dec: the notice is due 14 … Tue 15 Dec, so
        // the greeting moves from Tue 15 Dec to five business days after
        // the 15th: Tue 22 Dec, its last day.
        let offer = json!({"company": "Globex", "deadline": "2026-12-21", "recorded": "2026-12-14"});
        let p = run(&with(base(), json!({"timeline": "in 4-5 weeks", "other_offer": offer})));
        assert_eq!(window(one(&p, TaskKind::OfferNotice)), w("2026-12-14", "2026-12-15"));
        let t = one(&p, TaskKind::HolidayGreeting);
        assert_eq!((window(t), &t.rules[..]), (w("2026-12-22", "2026-12-22"), &[Rule::T7, Rule::F1][..]));
        assert!(
            t.why.ends_with("Not before Tue 22 Dec: the offer notice to send by Tue 15 Dec comes first."),
            "{}",
            t.why
        );
        // Recorded a day later, no day is left: a note says why.
        let offer = json!({"company": "Globex", "deadline": "2026-12-21", "recorded": "2026-12-15"});
        let p = run(&with(base(), json!({"timeline": "in 4-5 weeks", "other_offer": offer})));
        assert!(tasks(&p, TaskKind::HolidayGreeting).is_empty());
        assert!(
            p.notes
                .iter()
                .any(|n| n.starts_with("T7, F1:") && n.contains("offer notice to send by Wed 16 Dec")),
            "{:?}",
            p.notes
        );
        // A status check sent Fri 11 Dec: the greeting waits until Fri 18 Dec.
        let sent = json!([{"kind": "status-check", "direction": "out", "date": "2026-12-11"}]);
        let p = run(&with(base(), json!({"timeline": "in 4-5 weeks", "history": sent})));
        assert_eq!(window(one(&p, TaskKind::HolidayGreeting)), w("2026-12-18", "2026-12-22"));
        // Invited to keep in touch (F3): their cadence, not the gap.
        let invited = json!({"follow_ups_invited": true});
        let p =
            run(&with(base(), json!({"timeline": "in 4-5 weeks", "history": sent, "interview": invited})));
        assert_eq!(window(one(&p, TaskKind::HolidayGreeting)), w("2026-12-15", "2026-12-22"));
    }
}

//! The first move towards the employer, from what they said about next
//! steps: a status check after their decision window (T4), a week on when
//! they gave no date (T5, with T1's note to ask next time), exactly what
//! they asked for (T6), or early January after the holidays (T8).

use jiff::ToSpan;
use jiff::civil::Date;

use super::later_checks::Chase;
use super::{Ctx, Rule, TaskKind, day};
use crate::timeline::{ContactChannel, PartOfDay, Reading, ReadingKind};

/// The check the timeline calls for, before F1–F3 and the channel have
/// their say (`later_checks`).
pub(super) struct Check<'a> {
    pub kind: TaskKind,
    pub due: Date,
    pub latest: Date,
    pub rules: Vec<Rule>,
    /// Writes the `why`, once the task is known to be read.
    pub why: Why<'a>,
    /// T6: the channel the employer asked for, which decides the task's.
    pub instructed: Option<ContactChannel>,
    /// T6: the part of the day they asked to be called in.
    pub part_of_day: Option<PartOfDay>,
}

/// A check's `why`, written only when read.
pub(super) type Why<'a> = Box<dyn FnOnce() -> String + 'a>;

/// T1: no timeline recorded, or one without a date: ask next time.
pub(super) fn note_missing_timeline(cx: &mut Ctx<'_>, reading: Option<&Reading>) {
    let f = cx.f;
    match (&f.timeline, reading) {
        (None, _) | (Some(_), None) => cx.note(|| {
            "T1: no timeline was recorded. Next time, ask at the end: \"What is the next step, and when do you expect to decide?\" Meanwhile afterview assumes a week."
                .to_owned()
        }),
        (Some(t), Some(rd)) if rd.kind == ReadingKind::None => cx.note(|| {
            format!(
                "T1: \"{}\" gives no date. Next time, ask when they expect to decide. Meanwhile afterview assumes a week.",
                t.trim()
            )
        }),
        _ => {}
    }
}

/// T4, T5, T6, T8: the first check, counted from the interview or from
/// the employer's last reply (F4).
pub(super) fn first_check<'a>(cx: &Ctx<'a>, chase: &Chase) -> Check<'a> {
    match chase.reading.as_ref() {
        Some(x) if x.kind == ReadingKind::Contact => as_instructed(cx, chase, x),
        Some(x) if x.kind == ReadingKind::Decision && x.after_holidays => after_the_holidays(cx, x),
        Some(x) if x.kind == ReadingKind::Decision => after_the_decision(cx, chase, x),
        _ => a_week_on(cx, chase),
    }
}

/// T6: exactly the day, and the channel, they asked for.
fn as_instructed<'a>(cx: &Ctx<'a>, chase: &Chase, x: &Reading) -> Check<'a> {
    let f = cx.f;
    let d = x.date.unwrap_or(chase.base);
    let how = match x.channel {
        Some(ContactChannel::Call) => "call",
        Some(ContactChannel::Email) => "email",
        _ => "get in touch",
    };
    Check {
        kind: TaskKind::ContactAsInstructed,
        due: d,
        latest: d,
        rules: vec![Rule::T6],
        why: Box::new(move || {
            format!("{} asked you to {how} on {}: do exactly that, that day.", f.company, day(d))
        }),
        instructed: x.channel,
        part_of_day: x.part_of_day,
    }
}

/// T8: the third business day of January, after a few days back; at the
/// latest the last business day before the 10th.
fn after_the_holidays<'a>(cx: &Ctx<'a>, x: &Reading) -> Check<'a> {
    let (f, cal, r) = (cx.f, cx.cal, cx.r);
    let jan = Date::new(x.latest.map_or(r.year() + 1, |d| d.year()), 1, 1).unwrap_or(r);
    let due = cal.nth_business_day_of_month(jan.year(), 1, 3).unwrap_or(jan);
    Check {
        kind: TaskKind::StatusCheck,
        due,
        latest: cal.previous_business_day(Date::new(jan.year(), 1, 10).unwrap_or(jan)),
        rules: vec![Rule::T8],
        why: Box::new(move || {
            format!(
                "{} said after the holidays: give them a few days back, then check in on {}.",
                f.company,
                day(due)
            )
        }),
        instructed: None,
        part_of_day: None,
    }
}

/// T4: the business day after the decision window, with a few days' grace.
fn after_the_decision<'a>(cx: &Ctx<'a>, chase: &Chase, x: &Reading) -> Check<'a> {
    let f = cx.f;
    let latest = x.latest.unwrap_or(chase.base);
    let due = cx.cal.next_business_day(latest);
    Check {
        kind: TaskKind::StatusCheck,
        due,
        latest: cx.cal.add_business_days(due, cx.s.status_check_grace_business_days),
        rules: vec![Rule::T4],
        why: Box::new(move || {
            format!(
                "{} said they'd decide by {}; check in the next business day, {}.",
                f.company,
                day(latest),
                day(due)
            )
        }),
        instructed: None,
        part_of_day: None,
    }
}

/// T5: no date to wait for: about a week after the interview (or their
/// reply), rolled forward to a business day.
fn a_week_on<'a>(cx: &Ctx<'a>, chase: &Chase) -> Check<'a> {
    let (base, s) = (chase.base, cx.s);
    let due = cx.cal.roll_forward(base.saturating_add((s.status_check_after_days as i32).days()));
    let from = if chase.replied.is_some() { "their reply" } else { "the interview" };
    Check {
        kind: TaskKind::StatusCheck,
        due,
        latest: base.saturating_add((s.status_check_latest_days as i32).days()),
        rules: vec![Rule::T5],
        why: Box::new(move || {
            format!("No date to wait for: a polite status check about a week after {from}, on {}.", day(due))
        }),
        instructed: None,
        part_of_day: None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::Task;
    use super::super::tests::*;
    use super::super::{Rule, TaskChannel};
    use super::TaskKind;

    #[test]
    fn t1_no_timeline_gets_a_note_and_the_t5_default() {
        let p = run(&with(base(), json!({"timeline": null})));
        assert!(p.notes.iter().any(|n| n.starts_with("T1:")), "{:?}", p.notes);
        let p = run(&with(base(), json!({"timeline": "we'll be in touch"})));
        assert!(p.notes.iter().any(|n| n.contains("\"we'll be in touch\" gives no date")), "{:?}", p.notes);
        // T5: R + 7 = Fri 27 Nov (a business day), latest R + 10 = Mon 30 Nov.
        assert_eq!(window(one(&p, TaskKind::StatusCheck)), w("2026-11-27", "2026-11-30"));
    }

    #[test]
    fn t4_status_check_the_business_day_after_the_window() {
        // 2-3 weeks: latest Fri 11 Dec; next business day Mon 14 Dec; + 2 business days Wed 16 Dec.
        let p = run(&base());
        let t = one(&p, TaskKind::StatusCheck);
        assert_eq!(window(t), w("2026-12-14", "2026-12-16"));
        assert_eq!(t.channel, TaskChannel::Email);
        assert_eq!(t.to.as_deref(), Some("Maria Lopez"));
        assert_eq!(t.rules, [Rule::T4, Rule::C1]);
        assert_eq!(
            t.why,
            "Acme said they'd decide by Fri 11 Dec; check in the next business day, Mon 14 Dec. By email: advice differs on calling, and planner.phone_policy is when-invited."
        );
        // A window ending on a Saturday (Sat 5 Dec): Mon 7 Dec … Wed 9 Dec.
        let p = run(&with(base(), json!({"timeline": "by December 5"})));
        assert_eq!(window(one(&p, TaskKind::StatusCheck)), w("2026-12-07", "2026-12-09"));
        // "in two weeks" from Fri 11 Dec ends on Christmas Day: Mon 28 … Wed 30 Dec (US).
        let v = with(base(), json!({"interview": {"start": "2026-12-11T10:00"}, "timeline": "in two weeks"}));
        assert_eq!(window(one(&run(&v), TaskKind::StatusCheck)), w("2026-12-28", "2026-12-30"));
        // In the UK Mon 28 Dec is the Boxing Day substitute: Tue 29 … Thu 31 Dec.
        let v = with(v, json!({"region": "UK", "interview": {"time_zone": "Europe/London"}}));
        assert_eq!(window(one(&run(&v), TaskKind::StatusCheck)), w("2026-12-29", "2026-12-31"));
    }

    #[test]
    fn t5_no_date_means_a_week_rolled_forward() {
        // Thu 19 Nov + 7 = Thu 26 Nov, Thanksgiving: rolled to Fri 27 Nov; latest 19 + 10 = Sun 29 Nov.
        let p = run(&with(base(), json!({"interview": {"start": "2026-11-19T10:00"}, "timeline": "soon"})));
        let t = one(&p, TaskKind::StatusCheck);
        assert_eq!(window(t), w("2026-11-27", "2026-11-29"));
        assert_eq!(t.rules[0], Rule::T5);
    }

    #[test]
    fn t6_contact_as_instructed_replaces_the_status_check() {
        // "call me Thursday" from Fri 20 Nov: Thu 26 Nov is Thanksgiving, rolled to Fri 27 Nov.
        let p = run(&with(base(), json!({"timeline": "Maria said: call me Thursday"})));
        let t = one(&p, TaskKind::ContactAsInstructed);
        assert_eq!((window(t), t.channel), (w("2026-11-27", "2026-11-27"), TaskChannel::Call));
        assert!(tasks(&p, TaskKind::StatusCheck).is_empty());
        assert_eq!(t.call_windows.len(), 2);
        assert_eq!(t.call_windows[0].from.to_string(), "2026-11-27T08:00:00-05:00[America/New_York]");
        // "Afternoon": only the afternoon's window (C4's 16:30–17:30).
        let p = run(&with(base(), json!({"timeline": "Call me next Tuesday afternoon"})));
        let t = one(&p, TaskKind::ContactAsInstructed);
        let hours = |t: &Task| -> Vec<String> {
            t.call_windows
                .iter()
                .map(|c| format!("{}–{}", c.from.strftime("%H:%M"), c.to.strftime("%H:%M")))
                .collect()
        };
        assert_eq!((window(t), hours(t)), (w("2026-11-24", "2026-11-24"), vec!["16:30–17:30".to_owned()]));
        let p = run(&with(base(), json!({"timeline": "ring me on Monday morning"})));
        assert_eq!(hours(one(&p, TaskKind::ContactAsInstructed)), ["08:00–09:30"]);
        // No window of the settings in the evening: a polite hour or two of it.
        let p = run(&with(base(), json!({"timeline": "phone me Thursday evening"})));
        assert_eq!(hours(one(&p, TaskKind::ContactAsInstructed)), ["17:30–19:00"]);
        // An email instruction goes by email.
        let p = run(&with(base(), json!({"timeline": "email me next Tuesday"})));
        let t = one(&p, TaskKind::ContactAsInstructed);
        assert_eq!((window(t), t.channel), (w("2026-11-24", "2026-11-24"), TaskChannel::Email));
    }

    #[test]
    fn t8_after_the_holidays() {
        // Said Thu 10 Dec. Greeting: max(11 Dec, 15 Dec) = Tue 15 Dec … Tue 22 Dec.
        // Check: 3rd business day of January 2027 (Fri 1 is New Year: Mon 4, Tue 5, Wed 6) = Wed 6 Jan,
        // latest the last business day before Sun 10 Jan = Fri 8 Jan.
        let p = run(&with(
            base(),
            json!({"interview": {"start": "2026-12-10T11:00"}, "timeline": "we'll pick it up after the holidays"}),
        ));
        let check = one(&p, TaskKind::StatusCheck);
        assert_eq!(window(check), w("2027-01-06", "2027-01-08"));
        assert!(check.rules.contains(&Rule::T8));
        assert_eq!(window(one(&p, TaskKind::HolidayGreeting)), w("2026-12-15", "2026-12-22"));
    }
}

//! After the first status check (RULEBOOK §4): the employer's last reply
//! restarts the count and may bring a new timeline (F4); an unanswered
//! check is followed a week later, never two messages within a few business
//! days (F1); two unanswered checks end the chase (F2) unless the employer
//! invited more (F3). Then the one check the plan holds gets its channel
//! (C1, C3; hours to call, C4) and becomes a task.

use jiff::ToSpan;
use jiff::civil::Date;

use super::first_check::{Check, Why};
use super::{Ctx, Rule, Task, TaskChannel, TaskId, TaskKind, day};
use crate::kinds::{Direction, MessageKind, PhonePolicy};
use crate::timeline::{ContactChannel, Reading, ReadingKind};

/// F4: where the chase counts from.
#[derive(Debug, Clone)]
pub(super) struct Chase {
    /// The interview day, or the day of the employer's last reply since.
    pub base: Date,
    /// The day of that reply, if there was one.
    pub replied: Option<Date>,
    /// The timeline that counts: the interview's, or the reply's (none when
    /// the reply gave no date).
    pub reading: Option<Reading>,
    /// Status checks sent since `base`, in date order.
    pub checks: Vec<Date>,
    /// When the reply gave the timeline that counts: its day, and the
    /// sentence of it that was read.
    pub said: Option<(Date, String)>,
}

/// F4: the last reply from the employer restarts the count, and a new
/// timeline in it re-plans from its day.
///
/// Messages of one day are in the order they were recorded: a check sent
/// and answered the same day is answered, and only what was sent after the
/// reply counts against it.
pub(super) fn since_last_reply(cx: &Ctx<'_>, reading: Option<&Reading>) -> Chase {
    let history = &cx.f.history;
    let at = |i: usize| (history[i].date, i);
    let last = (0..history.len())
        .filter(|&i| history[i].direction == Direction::In && history[i].date >= cx.r)
        .max_by_key(|&i| at(i));
    let last_reply = last.map(|i| &history[i]);
    let (base, reading, said) = match last_reply {
        Some(reply) => {
            let text = reply.timeline.as_deref();
            let new = text.map(|t| cx.read(t, reply.date)).filter(|x| x.kind != ReadingKind::None);
            let said = text
                .zip(new.as_ref().and_then(|x| x.span.clone()))
                .map(|(t, span)| (reply.date, sentence_around(t, span)));
            (reply.date, new, said)
        }
        None => (cx.r, reading.cloned(), None),
    };
    let after_reply = |i: usize| last.is_none_or(|r| at(i) > at(r));
    let mut checks: Vec<Date> = (0..history.len())
        .filter(|&i| {
            let m = &history[i];
            m.kind == MessageKind::StatusCheck
                && m.direction == Direction::Out
                && m.date >= base
                && after_reply(i)
        })
        .map(|i| history[i].date)
        .collect();
    checks.sort();
    Chase { base, replied: last_reply.map(|m| m.date), reading, checks, said }
}

/// The sentence of `text` around `span`, on one line, cut to a length a
/// list line can quote ("…" where cut).
pub(super) fn sentence_around(text: &str, span: std::ops::Range<usize>) -> String {
    const MAX: usize = 160;
    // A sentence ends at its stop, or at a blank line; a single line break
    // is a mail program's wrapping.
    let ends = |c: char| matches!(c, '.' | '!' | '?');
    let before = text.get(..span.start).unwrap_or_default();
    let start = [before.rfind(ends).map(|i| i + 1), before.rfind("\n\n").map(|i| i + 2)]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0);
    let after = text.get(span.end..).unwrap_or_default();
    let end = [after.find(ends).map(|i| i + 1), after.find("\n\n")]
        .into_iter()
        .flatten()
        .min()
        .map_or(text.len(), |i| span.end + i);
    let sentence = text.get(start..end).unwrap_or(text);
    let one_line: String = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(MAX - 1).collect();
    cut.push('…');
    cut
}

/// The next check: the first one, or the one after those unanswered, moved
/// clear of the last message, by its channel, to its contact.
pub(super) fn next_check<'a>(cx: &mut Ctx<'a>, chase: &Chase, first: Check<'a>) {
    let Some(mut check) = after_unanswered(cx, chase, first) else { return };
    keep_the_gap(cx, &mut check);
    let via = channel(cx, check.kind, check.instructed);
    check.rules.extend(via.rules);
    let (why, replied, note) = (check.why, chase.replied, via.note);
    let f = cx.f;
    // C3: an agency's recruiter hears the checks; an instruction names its own contact.
    let to = match check.kind {
        TaskKind::ContactAsInstructed => f.main_contact(),
        _ => f.agency_recruiter().or_else(|| f.main_contact()),
    };
    let task = Task {
        id: TaskId::nth(check.kind, &f.key, chase.checks.len() + 1),
        kind: check.kind,
        to: to.map(|c| c.name.to_string()),
        due: check.due,
        latest: check.latest,
        channel: via.channel,
        call_windows: cx.call_windows_in(check.due, to, via.channel, &via.also, check.part_of_day),
        also: via.also,
        rules: check.rules,
        why: String::new(),
        since: chase.base,
    };
    cx.add(task, || {
        let mut why = why();
        if let Some(replied) = replied {
            why.push_str(&format!(" They replied on {}, so the count starts again.", day(replied)));
        }
        why.push_str(note);
        why
    });
}

/// F1–F3: after an unanswered check, the next a week later; none after
/// the cap of unanswered ones (F2), unless they invited follow-ups (F3).
fn after_unanswered<'a>(cx: &mut Ctx<'a>, chase: &Chase, first: Check<'a>) -> Option<Check<'a>> {
    let Some(&last) = chase.checks.last() else { return Some(first) };
    let (f, s) = (cx.f, cx.s);
    let invited = f.follow_ups_invited;
    let unanswered = chase.checks.len() as u32;
    if !invited && unanswered >= s.max_unanswered_checks {
        cx.plan.stalled = true;
        cx.plan.unanswered = unanswered;
        cx.note(|| {
            format!(
                "F2: {unanswered} status checks to {} went unanswered, so afterview stops chasing and marks it stalled. One last gracious note is optional; put your energy into other applications.",
                f.company
            )
        });
        return None;
    }
    let due = cx.cal.roll_forward(last.saturating_add((s.follow_up_gap_days as i32).days()));
    let why: Why<'a> = Box::new(move || {
        if invited {
            format!(
                "{} invited you to keep in touch: check in again on {}, {} days after the last.",
                f.company,
                day(due),
                s.follow_up_gap_days
            )
        } else {
            format!(
                "No answer to your status check of {}: one more, {} days later, on {}.",
                day(last),
                s.follow_up_gap_days,
                day(due)
            )
        }
    });
    Some(Check {
        kind: TaskKind::StatusCheck,
        due,
        latest: cx.cal.add_business_days(due, s.status_check_grace_business_days),
        rules: vec![if invited { Rule::F3 } else { Rule::F1 }],
        why,
        instructed: None,
        part_of_day: None,
    })
}

/// F1: never two messages to one company within a few business days,
/// thank-you notes aside. An invitation's cadence replaces this (F3).
fn keep_the_gap<'a>(cx: &Ctx<'a>, check: &mut Check<'a>) {
    let (f, s) = (cx.f, cx.s);
    if f.follow_ups_invited {
        return;
    }
    let last_out = f
        .history
        .iter()
        .filter(|m| m.direction == Direction::Out && m.kind != MessageKind::ThankYou)
        .map(|m| m.date)
        .max();
    let Some(prev) = last_out else { return };
    let earliest = cx.cal.add_business_days(prev, s.min_gap_business_days);
    if check.due >= earliest {
        return;
    }
    check.due = earliest;
    check.latest = check.latest.max(cx.cal.add_business_days(earliest, s.status_check_grace_business_days));
    if !check.rules.contains(&Rule::F1) {
        check.rules.push(Rule::F1);
    }
    let why = std::mem::replace(&mut check.why, Box::new(String::new));
    check.why = Box::new(move || {
        let mut why = why();
        why.push_str(&format!(" Moved to {}: you wrote to them on {}.", day(earliest), day(prev)));
        why
    });
}

/// How a check goes, the rules that say so, and a sentence for `why`.
struct Via {
    channel: TaskChannel,
    also: Vec<TaskChannel>,
    rules: Vec<Rule>,
    note: &'static str,
}

/// An instruction to call or to write decides the channel (T6); otherwise
/// C1, and C3 with an agency recruiter.
fn channel(cx: &Ctx<'_>, kind: TaskKind, instructed: Option<ContactChannel>) -> Via {
    let plain = |channel, rules| Via { channel, also: vec![], rules, note: "" };
    match (kind, instructed) {
        (TaskKind::ContactAsInstructed, Some(ContactChannel::Call)) => {
            plain(TaskChannel::Call, vec![Rule::C1])
        }
        (TaskKind::ContactAsInstructed, Some(ContactChannel::Email)) => plain(TaskChannel::Email, vec![]),
        _ => check_channel(cx),
    }
}

/// C1 and C3: a status check by email, or by a call when the policy
/// allows one or the recruiter is an agency's.
fn check_channel(cx: &Ctx<'_>) -> Via {
    let agency = cx.f.agency_recruiter().is_some();
    let rules = if agency { vec![Rule::C1, Rule::C3] } else { vec![Rule::C1] };
    let (channel, also, note) = match (cx.s.phone_policy, agency) {
        (PhonePolicy::Allowed, _) => (
            TaskChannel::Call,
            vec![TaskChannel::Email],
            " A brief call is suggested (planner.phone_policy is allowed; some advice prefers email).",
        ),
        (PhonePolicy::WhenInvited, true) => (
            TaskChannel::Call,
            vec![TaskChannel::Email],
            " A call to the recruiter is fine: that is their job.",
        ),
        (PhonePolicy::WhenInvited, false) => (
            TaskChannel::Email,
            vec![],
            " By email: advice differs on calling, and planner.phone_policy is when-invited.",
        ),
    };
    Via { channel, also, rules, note }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::tests::*;
    use super::super::{Calendar, plan};
    use super::{Rule, TaskChannel, TaskKind};
    use crate::calendar::Region;
    use crate::kinds::DateOrder;
    use crate::plan_input::parse;
    use crate::settings::Planner;

    #[test]
    fn f1_an_unanswered_check_is_followed_a_week_later() {
        // Check sent Mon 14 Dec, no reply: Mon 21 Dec … Wed 23 Dec.
        let p = run(&with(
            base(),
            json!({"history": [{"kind": "status-check", "direction": "out", "date": "2026-12-14"}]}),
        ));
        let t = one(&p, TaskKind::StatusCheck);
        assert_eq!(window(t), w("2026-12-21", "2026-12-23"));
        assert_eq!(t.rules[0], Rule::F1);
        assert!(t.id.as_str().ends_with(":2"), "the second check has its own id: {}", t.id);
    }

    #[test]
    fn f1_never_two_messages_within_five_business_days() {
        // Offer notice sent Thu 17 Dec: five business days later is Thu 24 Dec
        // (18, 21, 22, 23, 24), so the check of Mon 21 Dec moves there; latest
        // + 2 business days = Tue 29 Dec (25 Dec is a holiday).
        let p = run(&with(
            base(),
            json!({"history": [
            {"kind": "status-check", "direction": "out", "date": "2026-12-14"},
            {"kind": "offer-notice", "direction": "out", "date": "2026-12-17"}]}),
        ));
        let t = one(&p, TaskKind::StatusCheck);
        assert_eq!(window(t), w("2026-12-24", "2026-12-29"));
        assert!(t.why.contains("Moved to Thu 24 Dec"), "{}", t.why);
    }

    #[test]
    fn f2_two_unanswered_checks_stop_the_chase() {
        let p = run(&with(
            base(),
            json!({"history": [
            {"kind": "status-check", "direction": "out", "date": "2026-12-14"},
            {"kind": "status-check", "direction": "out", "date": "2026-12-21"}]}),
        ));
        assert!(tasks(&p, TaskKind::StatusCheck).is_empty());
        assert!(p.stalled);
        assert!(
            p.notes.iter().any(|n| n.starts_with("F2: 2 status checks to Acme went unanswered")),
            "{:?}",
            p.notes
        );
    }

    #[test]
    fn f3_an_invitation_to_keep_in_touch_lifts_the_cap() {
        // Invited; checks on 14 and 21 Dec: the next is Mon 28 Dec.
        let p = run(&with(
            base(),
            json!({"interview": {"follow_ups_invited": true}, "history": [
            {"kind": "status-check", "direction": "out", "date": "2026-12-14"},
            {"kind": "status-check", "direction": "out", "date": "2026-12-21"}]}),
        ));
        let t = one(&p, TaskKind::StatusCheck);
        assert_eq!((window(t).0, t.rules[0]), ("2026-12-28".to_owned(), Rule::F3));
        assert!(!p.stalled);
    }

    /// Regression (issue 9): a check and its reply logged on the same day
    /// read as "no answer", the reply's timeline was ignored, and a second
    /// check was counted.
    #[test]
    fn f4_a_reply_on_the_day_of_the_check_answers_it() {
        let p = run(&with(
            base(),
            json!({"history": [
            {"kind": "status-check", "direction": "out", "date": "2026-12-16"},
            {"kind": "other", "direction": "in", "date": "2026-12-16", "timeline": "we need another week"}]}),
        ));
        let t = one(&p, TaskKind::StatusCheck);
        assert_eq!(window(t), w("2026-12-24", "2026-12-29"), "read from the reply: a week from Wed 16 Dec");
        assert!(t.id.as_str().ends_with(":1"), "the count starts again: {}", t.id);
        assert!(!t.why.contains("No answer"), "{}", t.why);
    }

    #[test]
    fn f4_a_reply_resets_the_count_and_may_bring_a_new_timeline() {
        // Reply on Wed 16 Dec: "we need another week" ends Wed 23 Dec; the check
        // is the next business day, Thu 24 Dec, latest Tue 29 Dec (25 Dec off).
        let p = run(&with(
            base(),
            json!({"history": [
            {"kind": "status-check", "direction": "out", "date": "2026-12-14"},
            {"kind": "other", "direction": "in", "date": "2026-12-16", "timeline": "we need another week"}]}),
        ));
        let t = one(&p, TaskKind::StatusCheck);
        assert_eq!(window(t), w("2026-12-24", "2026-12-29"));
        assert!(t.id.as_str().ends_with(":1"), "the count starts again: {}", t.id);
        assert!(t.why.contains("They replied on Wed 16 Dec"));
        // A reply with no date: a week after it, Wed 23 Dec … Sat 26 Dec.
        let p = run(&with(
            base(),
            json!({"history": [
            {"kind": "status-check", "direction": "out", "date": "2026-12-14"},
            {"kind": "other", "direction": "in", "date": "2026-12-16"}]}),
        ));
        assert_eq!(window(one(&p, TaskKind::StatusCheck)), w("2026-12-23", "2026-12-26"));
    }

    #[test]
    fn f4_a_replys_date_is_read_in_the_users_date_order() {
        // "by 18/12" read day-month is Fri 18 Dec; the check is Mon 21 Dec.
        let v = with(
            base(),
            json!({"history": [
            {"kind": "other", "direction": "in", "date": "2026-12-01", "timeline": "we will decide by 18/12"}]}),
        );
        let req = parse(&v.to_string(), &jiff::tz::TimeZone::UTC).unwrap();
        let p = plan(&req.facts, &Planner::default(), &Calendar::new(Region::US), DateOrder::DayMonth);
        assert_eq!(window(one(&p, TaskKind::StatusCheck)), w("2026-12-21", "2026-12-23"));
    }

    #[test]
    fn c1_phone_policy_decides_calls() {
        let p = run(&with(base(), json!({"phone_policy": "allowed"})));
        let t = one(&p, TaskKind::StatusCheck);
        assert_eq!((t.channel, t.also.clone()), (TaskChannel::Call, vec![TaskChannel::Email]));
        assert!(t.why.contains("planner.phone_policy is allowed"));
        assert_eq!(t.call_windows.len(), 2);
    }

    #[test]
    fn c3_c4_agency_checks_go_to_the_recruiter_at_their_calling_hours() {
        let p = run(&with(
            base(),
            json!({"recruiter": {"name": "Sam Reed", "agency": true, "time_zone": "Europe/London"}}),
        ));
        let t = one(&p, TaskKind::StatusCheck);
        assert_eq!((t.to.as_deref(), t.channel), (Some("Sam Reed"), TaskChannel::Call));
        assert!(t.rules.contains(&Rule::C3));
        // Mon 14 Dec, 08:00–09:30 and 16:30–17:30 London time.
        let windows: Vec<String> = t.call_windows.iter().map(|w| format!("{}/{}", w.from, w.to)).collect();
        assert_eq!(
            windows,
            [
                "2026-12-14T08:00:00+00:00[Europe/London]/2026-12-14T09:30:00+00:00[Europe/London]",
                "2026-12-14T16:30:00+00:00[Europe/London]/2026-12-14T17:30:00+00:00[Europe/London]",
            ]
        );
    }

    #[test]
    fn the_sentence_around_a_reading_is_quoted_on_one_line_and_cut() {
        use super::super::later_checks::sentence_around;
        let text = "Thanks for checking in!\nWe hope to\n  decide by the 18th. Best, Sam";
        let at = text.find("by the 18th").unwrap();
        assert_eq!(sentence_around(text, at..at + 11), "We hope to decide by the 18th.");
        let text = "Hi Maya,\n\nwe should know more next week\n\nSam";
        let at = text.find("next week").unwrap();
        assert_eq!(sentence_around(text, at..at + 9), "we should know more next week");
        let long = format!("{} by Friday", "word ".repeat(60));
        let at = long.find("by Friday").unwrap();
        let quoted = sentence_around(&long, at..long.len());
        assert_eq!(quoted.chars().count(), 160);
        assert!(quoted.ends_with('…'));
        assert_eq!(sentence_around("by Friday", 0..9), "by Friday");
    }
}

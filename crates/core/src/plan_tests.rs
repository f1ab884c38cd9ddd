//! The planner, rule by rule. Every expected day was worked out by hand
//! from the rulebook (the working is in the comments), not copied from the
//! program's output. Calendar: Fri 20 Nov 2026; Thanksgiving Thu 26 Nov;
//! Christmas Fri 25 Dec; New Year's Day Fri 1 Jan 2027.

use serde_json::{Value, json};

use super::*;
use crate::calendar::Region;
use crate::kinds::DateOrder;
use crate::plan_input::parse;
use crate::settings::Planner;

fn base() -> Value {
    json!({
        "interview": {"start": "2026-11-20T14:00", "duration_minutes": 60, "time_zone": "America/New_York", "stage": "onsite"},
        "company": {"name": "Acme", "culture": "startup"},
        "interviewers": [{"name": "Maria Lopez", "title": "Engineering Manager", "email": "maria@acme.example"}],
        "timeline": "we should decide in 2-3 weeks",
        "first_contact": "email"
    })
}

fn with(mut v: Value, patch: Value) -> Value {
    for (k, p) in patch.as_object().unwrap() {
        match (v.get_mut(k), p) {
            (Some(Value::Object(o)), Value::Object(po)) if k == "interview" => {
                for (kk, pv) in po {
                    o.insert(kk.clone(), pv.clone());
                }
            }
            _ => {
                v[k] = p.clone();
            }
        }
    }
    v
}

fn run_with(v: &Value, settings: &Planner) -> Plan {
    let req = parse(&v.to_string(), &jiff::tz::TimeZone::UTC).unwrap();
    let cal = Calendar::new(req.region.unwrap_or(Region::US));
    let mut s = settings.clone();
    if let Some(p) = req.phone_policy {
        s.phone_policy = p;
    }
    plan(&req.facts, &s, &cal, DateOrder::MonthDay)
}

fn run(v: &Value) -> Plan {
    run_with(v, &Planner::default())
}

fn tasks(p: &Plan, kind: TaskKind) -> Vec<&Task> {
    p.tasks.iter().filter(|t| t.kind == kind).collect()
}

fn one(p: &Plan, kind: TaskKind) -> &Task {
    let found = tasks(p, kind);
    assert_eq!(found.len(), 1, "expected one {kind:?} in {:#?}", p.tasks);
    found[0]
}

fn window(t: &Task) -> (String, String) {
    (t.due.to_string(), t.latest.to_string())
}

fn w(a: &str, b: &str) -> (String, String) {
    (a.to_owned(), b.to_owned())
}

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
fn t4_status_check_the_business_day_after_the_window() {
    // 2-3 weeks: latest Fri 11 Dec; next business day Mon 14 Dec; + 2 business days Wed 16 Dec.
    let p = run(&base());
    let t = one(&p, TaskKind::StatusCheck);
    assert_eq!(window(t), w("2026-12-14", "2026-12-16"));
    assert_eq!(t.channel, TaskChannel::Email);
    assert_eq!(t.to.as_deref(), Some("Maria Lopez"));
    assert_eq!(t.rules, ["T4", "C1"]);
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
    assert_eq!(t.rules[0], "T5");
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
    // An email instruction goes by email.
    let p = run(&with(base(), json!({"timeline": "email me next Tuesday"})));
    let t = one(&p, TaskKind::ContactAsInstructed);
    assert_eq!((window(t), t.channel), (w("2026-11-24", "2026-11-24"), TaskChannel::Email));
}

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
    assert!(check.rules.contains(&"T8"));
    assert_eq!(window(one(&p, TaskKind::HolidayGreeting)), w("2026-12-15", "2026-12-22"));
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
fn f1_an_unanswered_check_is_followed_a_week_later() {
    // Check sent Mon 14 Dec, no reply: Mon 21 Dec … Wed 23 Dec.
    let p = run(&with(
        base(),
        json!({"history": [{"kind": "status-check", "direction": "out", "date": "2026-12-14"}]}),
    ));
    let t = one(&p, TaskKind::StatusCheck);
    assert_eq!(window(t), w("2026-12-21", "2026-12-23"));
    assert_eq!(t.rules[0], "F1");
    assert!(t.id.ends_with(":2"), "the second check has its own id: {}", t.id);
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
    assert_eq!((window(t).0, t.rules[0]), ("2026-12-28".to_owned(), "F3"));
    assert!(!p.stalled);
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
    assert!(t.id.ends_with(":1"), "the count starts again: {}", t.id);
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
fn f5_an_offer_elsewhere_means_an_honest_notice_before_its_deadline() {
    // Recorded Thu 10 Dec, deadline Fri 18 Dec: due 10 Dec … next business day Fri 11 Dec.
    let p = run(&with(
        base(),
        json!({"other_offer": {"company": "Globex", "deadline": "2026-12-18", "recorded": "2026-12-10"}}),
    ));
    let t = one(&p, TaskKind::OfferNotice);
    assert_eq!(window(t), w("2026-12-10", "2026-12-11"));
    assert!(t.why.contains("Globex") && t.why.contains("Fri 18 Dec"));
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
    // A withdrawal ends the chase without a reply.
    let p = run(&with(base(), json!({"outcome": {"kind": "withdrawal", "date": "2026-12-01"}})));
    assert!(tasks(&p, TaskKind::StatusCheck).is_empty() && tasks(&p, TaskKind::RejectionReply).is_empty());
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
fn c2_cards_for_traditional_cultures_and_linkedin_without_email() {
    // 14 business days to 11 Dec: at least 5, so a card too.
    let p = run(&with(base(), json!({"company": {"name": "Acme", "culture": "traditional"}})));
    assert_eq!(one(&p, TaskKind::ThankYou).also, [TaskChannel::Card]);
    let p = run(&with(
        base(),
        json!({"company": {"name": "Acme", "culture": "traditional"}, "timeline": "tomorrow"}),
    ));
    assert!(one(&p, TaskKind::ThankYou).also.is_empty(), "the decision is too close for the post");
    let p =
        run(&with(base(), json!({"first_contact": "linkedin", "interviewers": [{"name": "Maria Lopez"}]})));
    assert_eq!(one(&p, TaskKind::ThankYou).channel, TaskChannel::Linkedin);
}

#[test]
fn c3_c4_agency_checks_go_to_the_recruiter_at_their_calling_hours() {
    let p = run(&with(
        base(),
        json!({"recruiter": {"name": "Sam Reed", "agency": true, "time_zone": "Europe/London"}}),
    ));
    let t = one(&p, TaskKind::StatusCheck);
    assert_eq!((t.to.as_deref(), t.channel), (Some("Sam Reed"), TaskChannel::Call));
    assert!(t.rules.contains(&"C3"));
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
fn ids_are_stable_across_runs() {
    let a: Vec<String> = run(&base()).tasks.into_iter().map(|t| t.id).collect();
    let b: Vec<String> = run(&base()).tasks.into_iter().map(|t| t.id).collect();
    assert_eq!(a, b);
}

#[test]
fn bad_input_names_the_field() {
    let e = |v: Value| parse(&v.to_string(), &jiff::tz::TimeZone::UTC).unwrap_err().to_string();
    assert!(
        e(json!({"interview": {"start": "2026-13-01"}}))
            .starts_with("interview.start: \"2026-13-01\" is not a date")
    );
    assert_eq!(e(json!({"company": {}})), "interview: required: at least {\"start\": \"2026-11-20T14:00\"}");
    assert!(
        e(json!({"interview": {"start": "2026-11-20T14:00", "stage": "lunch"}}))
            .starts_with("interview.stage: \"lunch\" is not a known interview stage")
    );
    assert!(
        e(json!({"interview": {"start": "2026-11-20T14:00"}, "interviewers": [{"title": "CTO"}]}))
            .starts_with("interviewers[0].name: a name is required")
    );
    assert!(e(json!({"interview": {"start": "2026-11-20T14:00"}, "history": [{"kind": "status-check", "date": "tomorrow"}]})).starts_with("history[0].date:"));
    assert!(
        e(json!({"interview": {"start": "2026-11-20T14:00"}, "timelin": "x"}))
            .contains("did you mean \"timeline\"?")
    );
    assert!(
        parse("{not json", &jiff::tz::TimeZone::UTC)
            .unwrap_err()
            .to_string()
            .starts_with("input: not valid JSON (line 1")
    );
}

#[test]
fn c5_no_personal_social_networks_ever() {
    // Every channel any scenario produces is email, call, card, LinkedIn or none,
    // and LinkedIn only for a thank-you without an email (C2) or to connect (F6).
    let scenarios = [
        base(),
        with(base(), json!({"first_contact": "linkedin", "interviewers": [{"name": "Maria Lopez"}]})),
        with(base(), json!({"outcome": {"kind": "rejected", "date": "2027-01-08"}})),
        with(base(), json!({"phone_policy": "allowed", "recruiter": {"name": "Sam Reed", "agency": true}})),
    ];
    for v in &scenarios {
        for t in run(v).tasks {
            for c in std::iter::once(t.channel).chain(t.also.iter().copied()) {
                if c == TaskChannel::Linkedin {
                    assert!(matches!(t.kind, TaskKind::ThankYou | TaskKind::Connect), "{t:?}");
                }
            }
            let text = t.why.to_lowercase();
            for network in ["facebook", "instagram", "friend request", "twitter", "tiktok"] {
                assert!(!text.contains(network), "{}", t.why);
            }
        }
    }
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

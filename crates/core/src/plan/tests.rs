//! What every rule group's tests share, and the tests of the planner as a
//! whole. Every expected day was worked out by hand from the rulebook (the
//! working is in the comments), not copied from the program's output.
//! Calendar: Fri 20 Nov 2026; Thanksgiving Thu 26 Nov; Christmas Fri 25
//! Dec; New Year's Day Fri 1 Jan 2027.

use serde_json::{Value, json};

use super::*;
use crate::calendar::Region;
use crate::plan_input::parse;

/// The §7 example, trimmed: an onsite at Acme with one interviewer and a
/// "2-3 weeks" timeline.
pub(super) fn base() -> Value {
    json!({
        "interview": {"start": "2026-11-20T14:00", "duration_minutes": 60, "time_zone": "America/New_York", "stage": "onsite"},
        "company": {"name": "Acme", "culture": "startup"},
        "interviewers": [{"name": "Maria Lopez", "title": "Engineering Manager", "email": "maria@acme.example"}],
        "timeline": "we should decide in 2-3 weeks",
        "first_contact": "email"
    })
}

/// `v` with the keys of `patch` replaced (`interview`'s merged key by key).
pub(super) fn with(mut v: Value, patch: Value) -> Value {
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

pub(super) fn run_with(v: &Value, settings: &Planner) -> Plan {
    let req = parse(&v.to_string(), &jiff::tz::TimeZone::UTC).unwrap();
    let cal = Calendar::new(req.region.unwrap_or(Region::US));
    let mut s = settings.clone();
    if let Some(p) = req.phone_policy {
        s.phone_policy = p;
    }
    plan(&req.facts, &s, &cal, DateOrder::MonthDay)
}

pub(super) fn run(v: &Value) -> Plan {
    run_with(v, &Planner::default())
}

pub(super) fn tasks(p: &Plan, kind: TaskKind) -> Vec<&Task> {
    p.tasks.iter().filter(|t| t.kind == kind).collect()
}

pub(super) fn one(p: &Plan, kind: TaskKind) -> &Task {
    let found = tasks(p, kind);
    assert_eq!(found.len(), 1, "expected one {kind:?} in {:#?}", p.tasks);
    found[0]
}

pub(super) fn window(t: &Task) -> (String, String) {
    (t.due.to_string(), t.latest.to_string())
}

pub(super) fn w(a: &str, b: &str) -> (String, String) {
    (a.to_owned(), b.to_owned())
}

#[test]
fn ids_are_stable_across_runs() {
    let a: Vec<TaskId> = run(&base()).tasks.into_iter().map(|t| t.id).collect();
    let b: Vec<TaskId> = run(&base()).tasks.into_iter().map(|t| t.id).collect();
    assert_eq!(a, b);
}

#[test]
fn every_id_the_planner_builds_reads_back() {
    let scenarios = [
        with(
            base(),
            json!({"interview": {"references_requested": true, "promised": ["portfolio link"]},
            "recruiter": {"name": "Sam Reed", "agency": true}, "timeline": "in 4-5 weeks",
            "references": [{"name": "Ruth Adams"}],
            "history": [{"kind": "status-check", "direction": "out", "date": "2026-12-14"}],
            "other_offer": {"company": "Globex Corp.", "deadline": "2026-12-18", "recorded": "2026-12-10"}}),
        ),
        with(base(), json!({"outcome": {"kind": "rejected", "date": "2027-01-08"}})),
        with(base(), json!({"outcome": {"kind": "offer", "date": "2026-12-08", "deadline": "2026-12-15"}})),
        with(base(), json!({"timeline": "call me Thursday", "interview": {"references_requested": true}})),
    ];
    let mut kinds = std::collections::BTreeSet::new();
    for v in &scenarios {
        for t in run(v).tasks {
            assert_eq!(t.id.as_str().parse::<TaskId>().as_ref(), Ok(&t.id));
            assert_eq!(t.id.kind(), t.kind);
            kinds.insert(t.kind);
        }
    }
    assert_eq!(kinds.len(), TaskKind::ALL.len(), "every kind was built: {kinds:?}");
}

#[test]
fn the_json_names_ids_and_rules_as_plain_strings() {
    let p = run(&with(base(), json!({"interview": {"promised": ["portfolio link"]}})));
    let json = serde_json::to_value(&p).unwrap();
    let thanks = json["tasks"].as_array().unwrap().iter().find(|t| t["kind"] == "thank-you").unwrap();
    assert_eq!(thanks["id"], "thank-you:20261120:maria-lopez");
    assert_eq!(thanks["rules"], json!(["T2", "C2", "T11"]));
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

/// Drops the thank-you notes, keeps the status check bare a day later (as
/// a snooze moves one), and reads the rest whole and the notes not at all.
#[derive(Default)]
struct Picky(Vec<Task>);

impl Reader for Picky {
    fn task(&mut self, t: &mut Task) -> Keep {
        self.0.push(t.clone());
        match t.kind {
            TaskKind::ThankYou => Keep::Drop,
            TaskKind::StatusCheck => {
                t.due = t.due.saturating_add(jiff::ToSpan::days(1));
                Keep::Bare
            }
            _ => Keep::Whole,
        }
    }

    fn notes(&self) -> bool {
        false
    }
}

#[test]
fn a_reader_gets_the_same_tasks_with_only_the_whys_it_reads() {
    let v = with(
        base(),
        json!({"interview": {"references_requested": true, "promised": ["portfolio link"]},
        "recruiter": {"name": "Sam Reed", "agency": true}, "timeline": "we'll be in touch",
        "references": [{"name": "Ruth Adams"}],
        "history": [{"kind": "status-check", "direction": "out", "date": "2026-12-14"},
            {"kind": "offer-notice", "direction": "out", "date": "2026-12-17"}],
        "other_offer": {"company": "Globex", "deadline": "2026-12-18", "recorded": "2026-12-10"}}),
    );
    let req = parse(&v.to_string(), &jiff::tz::TimeZone::UTC).unwrap();
    let (s, cal) = (Planner::default(), Calendar::new(Region::US));
    let all = plan(&req.facts, &s, &cal, DateOrder::MonthDay);
    assert!(all.tasks.len() >= 6 && !all.notes.is_empty(), "{all:#?}");
    let mut picky = Picky::default();
    let picked = plan_with(&req.facts, &Prepared::new(&s, DateOrder::MonthDay), &cal, &mut picky);
    assert!(picked.notes.is_empty());
    assert_eq!(picky.0.len(), all.tasks.len(), "the reader saw every task");
    assert!(picky.0.iter().all(|t| t.why.is_empty()), "before its why was written");
    let mut expected: Vec<Task> = all
        .tasks
        .iter()
        .filter(|t| t.kind != TaskKind::ThankYou)
        .map(|t| match t.kind {
            TaskKind::StatusCheck => {
                Task { due: t.due.saturating_add(jiff::ToSpan::days(1)), why: String::new(), ..t.clone() }
            }
            _ => t.clone(),
        })
        .collect();
    expected.sort_by_key(|t| (t.due, t.latest, t.kind));
    assert_eq!(picked.tasks, expected);
}

#[test]
fn slugs_lower_case_letters_and_digits_and_dash_the_rest() {
    // The slug as first written; the ASCII fast path must agree with it.
    let reference = |s: &str| {
        let mut out = String::new();
        for c in s.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                out.push(c);
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        out.trim_end_matches('-').to_owned()
    };
    for s in [
        "Globex Corp.",
        "  Acme -- Robotics!  ",
        "Société Générale",
        "İstanbul Ltd",
        "ÆØÅ 3",
        "",
        "--",
        "R&D (EU)",
    ] {
        assert_eq!(slug(s), reference(s), "{s:?}");
    }
    assert_eq!(slug("Globex Corp."), "globex-corp");
}

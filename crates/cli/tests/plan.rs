//! `afterview plan` (the RULEBOOK §7 contract): stateless, JSON in and out.

mod util;

use util::Home;

const FACTS: &str = r#"{
  "interview": {"start": "2026-11-20T14:00", "duration_minutes": 60,
                "time_zone": "America/New_York", "stage": "onsite",
                "references_requested": false, "promised": ["portfolio link"]},
  "company": {"name": "Acme", "culture": "startup"},
  "interviewers": [{"name": "Maria Lopez", "title": "Engineering Manager",
                    "email": "maria@acme.example"}],
  "recruiter": {"name": "Sam Reed", "agency": true},
  "timeline": "we should decide in 2-3 weeks",
  "first_contact": "email",
  "region": "US",
  "phone_policy": "when-invited",
  "history": [{"kind": "status-check", "direction": "out", "date": "2026-12-14"}],
  "other_offer": {"company": "Globex", "deadline": "2026-12-18", "recorded": "2026-12-10"}
}"#;

#[test]
fn plan_prints_the_contract() {
    let home = Home::new();
    let file = home.path().join("facts.json");
    std::fs::write(&file, FACTS).unwrap();
    let v = home.json(&["plan", "--input", file.to_str().unwrap(), "--json"]);
    // (serde_json's Value keeps keys sorted.)
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["notes", "tasks"]);
    let task_keys: Vec<&str> = v["tasks"][0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        task_keys,
        ["also", "call_windows", "channel", "due", "id", "kind", "latest", "rules", "to", "why"]
    );
    let find =
        |kind: &str| v["tasks"].as_array().unwrap().iter().find(|t| t["kind"] == kind).cloned().unwrap();
    // Ends 15:00 Fri 20 Nov; + 48 hours is Sun 22 Nov.
    let thanks = find("thank-you");
    assert_eq!(
        (thanks["to"].as_str(), thanks["due"].as_str(), thanks["latest"].as_str()),
        (Some("Maria Lopez"), Some("2026-11-20"), Some("2026-11-22"))
    );
    assert_eq!(find("debrief-recruiter")["channel"], "call");
    // A check sent Mon 14 Dec, unanswered: the next is Mon 21 Dec, to the agency recruiter.
    let check = find("status-check");
    assert_eq!(
        (check["due"].as_str(), check["to"].as_str(), check["channel"].as_str()),
        (Some("2026-12-21"), Some("Sam Reed"), Some("call"))
    );
    assert_eq!(check["rules"], serde_json::json!(["F1", "C1", "C3"]));
    let offer = find("offer-notice");
    assert_eq!((offer["due"].as_str(), offer["latest"].as_str()), (Some("2026-12-10"), Some("2026-12-11")));
    assert!(find("save-contacts")["to"].is_null());
    assert!(!home.database().exists(), "plan is stateless");
}

#[test]
fn plan_reads_standard_input_and_prints_a_readable_plan() {
    let home = Home::new();
    let out = home.cmd(&["plan", "--input", "-"]).write_stdin(FACTS).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Follow-up plan: Acme onsite interview, Fri 20 Nov 2026 14:00 EST\n"), "{text}");
    assert!(text.contains("They said: \"we should decide in 2-3 weeks\" (read: \"in 2-3 weeks\")"), "{text}");
    assert!(text.contains("[thank-you:20261120:maria-lopez]"), "{text}");
}

#[test]
fn bad_input_names_the_field_and_exits_2() {
    let home = Home::new();
    let run = |input: &str| {
        let out = home.cmd(&["plan", "--input", "-", "--json"]).write_stdin(input).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, err) = run(r#"{"interview": {"start": "2026-13-01"}}"#);
    assert_eq!(code, Some(2));
    assert!(err.contains("standard input: interview.start: \"2026-13-01\" is not a date"), "{err}");
    let (code, err) = run(
        r#"{"interview": {"start": "2026-11-20T14:00"}, "history": [{"kind": "memo", "date": "2026-12-01"}]}"#,
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("history[0].kind: \"memo\" is not a known message kind"), "{err}");
    let (code, err) = run("not json at all");
    assert_eq!(code, Some(2));
    assert!(err.contains("input: not valid JSON"), "{err}");
    let (code, err) = run("");
    assert_eq!(code, Some(2));
    assert!(err.contains("not valid JSON"), "{err}");
    let missing = home.fails(1, &["plan", "--input", "/nonexistent/facts.json"]);
    assert!(missing.contains("cannot read /nonexistent/facts.json"), "{missing}");
}

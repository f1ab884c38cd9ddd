//! `afterview when` (the RULEBOOK §7 contract) and `afterview holidays`.

mod util;

use util::Home;

#[test]
fn when_json_is_exactly_the_contract() {
    let home = Home::new();
    let cases = [
        (
            vec!["when", "we should decide in 2-3 weeks", "--from", "2026-11-20", "--json"],
            r#"{"kind":"decision","earliest":"2026-12-04","latest":"2026-12-11","date":null,"channel":null}"#,
        ),
        (
            vec!["when", "give me a ring on Monday", "--from", "2026-11-20", "--json"],
            r#"{"kind":"contact","earliest":"2026-11-23","latest":"2026-11-23","date":"2026-11-23","channel":"call"}"#,
        ),
        (
            vec!["when", "we'll be in touch", "--from", "2026-11-20", "--json"],
            r#"{"kind":"none","earliest":null,"latest":null,"date":null,"channel":null}"#,
        ),
        // UK: Fri 25 Dec and Mon 28 Dec (Boxing Day substitute) are bank holidays.
        (
            vec!["when", "within 2 business days", "--from", "2026-12-24", "--region", "UK", "--json"],
            r#"{"kind":"decision","earliest":"2026-12-25","latest":"2026-12-30","date":null,"channel":null}"#,
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(home.ok(&args), format!("{expected}\n"), "afterview {args:?}");
    }
    assert!(!home.database().exists(), "when is stateless: no database");
}

#[test]
fn when_answers_in_one_human_line() {
    let home = Home::new();
    assert_eq!(
        home.ok(&["when", "we", "should", "decide", "in", "2-3", "weeks", "--from", "2026-11-20"]),
        "decision expected between Fri 4 Dec and Fri 11 Dec 2026 (\"in 2-3 weeks\" from Fri 20 Nov)\n"
    );
    assert_eq!(
        home.ok(&["when", "Gavin said: give me a call on Monday", "--from", "2026-11-20"]),
        "call them on Mon 23 Nov 2026 (\"on Monday\" from Fri 20 Nov)\n"
    );
    assert!(home.ok(&["when", "soon", "--from", "2026-11-20"]).starts_with("no date in that (\"soon\")"));
}

#[test]
fn when_uses_the_region_setting() {
    let home = Home::new();
    home.ok(&["config", "set", "calendar.region", "UK"]);
    let out = home.ok(&["when", "within 2 business days", "--from", "2026-12-24", "--json"]);
    assert!(out.contains(r#""latest":"2026-12-30""#), "{out}");
}

#[test]
fn when_refuses_bad_input_clearly() {
    let home = Home::new();
    let err = home.fails(2, &["when", "next week", "--from", "2026-02-30"]);
    assert!(err.contains("\"2026-02-30\" is not a date that exists"), "{err}");
    let err = home.fails(2, &["when", "next week", "--from", "2026-11-20", "--region", "Atlantis"]);
    assert!(err.contains("\"Atlantis\" is not a known holiday region"), "{err}");
    home.fails(2, &["when", "--from", "2026-11-20"]);
    // Odd text is read, never a crash.
    let out = home.ok(&["when", "🎉\u{7f} ###", "--from", "2026-11-20", "--json"]);
    assert!(out.contains(r#""kind":"none""#));
}

const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Acme//EN\r\nBEGIN:VEVENT\r\nUID:a\r\n\
DTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:20261224\r\nDTEND;VALUE=DATE:20261225\r\n\
SUMMARY:Office closed\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

#[test]
fn holidays_import_list_and_remove() {
    let home = Home::new();
    let file = home.path().join("closures.ics");
    std::fs::write(&file, ICS).unwrap();
    let out = home.ok(&["holidays", "import", file.to_str().unwrap()]);
    assert_eq!(
        out,
        format!(
            "Imported 1 closure day (1 new) from {}, Thu 24 Dec 2026 to Thu 24 Dec 2026.\n",
            file.display()
        )
    );
    let list = home.ok(&["holidays", "list", "--year", "2026"]);
    assert!(list.contains("Thu 24 Dec 2026  Office closed"), "{list}");
    assert!(list.contains("Thu 26 Nov 2026  Thanksgiving Day"), "{list}");
    let json = home.json(&["holidays", "list", "--year", "2026", "--json"]);
    assert!(json.as_array().unwrap().iter().any(|h| h["source"] == "imported" && h["date"] == "2026-12-24"));
    home.ok(&["holidays", "remove", "2026-12-24"]);
    let err = home.fails(1, &["holidays", "remove", "2026-12-24"]);
    assert!(err.contains("is not an imported closure day"), "{err}");
}

#[test]
fn a_file_that_is_not_a_calendar_changes_nothing() {
    let home = Home::new();
    let bad = home.path().join("notes.txt");
    std::fs::write(&bad, "Dear Maria, thank you").unwrap();
    let err = home.fails(1, &["holidays", "import", bad.to_str().unwrap()]);
    assert!(err.contains("is not an iCalendar file") && err.contains("nothing was imported"), "{err}");
    let binary = home.path().join("photo.ics");
    std::fs::write(&binary, [0xff, 0xd8, 0xff, 0x00, 0x10]).unwrap();
    let err = home.fails(1, &["holidays", "import", binary.to_str().unwrap()]);
    assert!(err.contains("is not a text file"), "{err}");
    let err = home.fails(1, &["holidays", "import", "/nonexistent/file.ics"]);
    assert!(err.contains("cannot read /nonexistent/file.ics"), "{err}");
    let json = home.json(&["holidays", "list", "--year", "2026", "--json"]);
    assert!(json.as_array().unwrap().iter().all(|h| h["source"] == "region"));
}

/// Regression (issue 9): afterview's own task export was taken for closure
/// days, and `holidays list --year 0` was accepted.
#[test]
fn the_task_export_is_not_a_holiday_calendar() {
    let home = Home::new();
    home.ok(&["demo", "--today", "2026-11-20"]);
    let export = home.path().join("tasks.ics");
    home.ok(&["export", "ics", "--today", "2026-11-20", "--out", export.to_str().unwrap()]);
    let err = home.fails(1, &["holidays", "import", export.to_str().unwrap()]);
    assert!(err.contains("afterview's own task export"), "{err}");
    let json = home.json(&["holidays", "list", "--year", "2026", "--json"]);
    assert!(json.as_array().unwrap().iter().all(|h| h["source"] == "region"), "nothing was imported");
    home.fails(2, &["holidays", "list", "--year", "0"]);
}

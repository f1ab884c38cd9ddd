//! The `afterview` binary, run for real in a temporary data folder.

mod util;

use util::Home;

const TODAY: &str = "2026-11-20";

fn demo_home() -> Home {
    let home = Home::new();
    home.ok(&["demo", "--today", TODAY]);
    home
}

#[test]
fn demo_then_agenda_shows_a_working_product() {
    let home = demo_home();
    let out = home.ok(&["agenda", "--today", TODAY]);
    assert!(out.starts_with("Agenda for Fri 20 Nov 2026\n"), "{out}");
    // Yesterday's panel: a note to each interviewer, and the promised link.
    assert!(
        out.contains(
            "Acme Robotics: thank-you note to Maria Lopez by email (latest Sat 21 Nov)  [thank-you:a1:p1]"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "Acme Robotics: thank-you note to Tom Chen by email (latest Sat 21 Nov)  [thank-you:a1:p2]"
        ),
        "{out}"
    );
    assert!(out.contains("Acme Robotics: send what you promised to Maria Lopez"), "{out}");
    // Globex's offer: an honest notice to the others (F5).
    assert!(out.contains("Acme Robotics: offer notice (your offer from elsewhere) to Maria Lopez by email  [offer-notice:a1:globex]"), "{out}");
    // Contoso's rejection: a gracious reply (F6).
    assert!(
        out.contains("Contoso: gracious reply to the rejection to Priya Nair by email  [rejection-reply:a4]"),
        "{out}"
    );
    assert!(
        out.contains(
            "Mon 23 Nov  Umbrella Health: video interview for Backend Engineer at 10:00 GMT with James Okafor (05:00 your time)\n"
        ),
        "{out}"
    );
    // "decide in two to three weeks" from Thu 19 Nov ends Thu 10 Dec: check in Fri 11 Dec (F9).
    assert!(
        out.contains("Acme Robotics (Platform Engineer) until Fri 11 Dec: last interview Thu 19 Nov"),
        "{out}"
    );
    assert!(!out.contains("Vandelay"), "a withdrawn application has nothing to do:\n{out}");
    // F7: Contoso's feedback helps prepare the next interview.
    assert!(out.contains("Prepare, with Contoso's feedback in mind (\"strong on systems design; wanted more experience with Kotlin\")"), "{out}");
}

#[test]
fn marking_tasks_done_skipped_or_snoozed_sticks() {
    let home = demo_home();
    home.ok(&["done", "thank-you:a1:p1", "--today", TODAY]);
    home.ok(&["skip", "save-contacts:a1", "--today", TODAY]);
    home.ok(&["snooze", "send-promised:a1", "--until", "2026-11-23", "--today", TODAY]);
    let out = home.ok(&["agenda", "--today", TODAY]);
    assert!(!out.contains("[thank-you:a1:p1]") && !out.contains("[save-contacts:a1]"), "{out}");
    assert!(out.contains("[thank-you:a1:p2]"), "the other note is still to write");
    assert!(out.contains("Mon 23 Nov  Acme Robotics: send what you promised"), "snoozed to Monday:\n{out}");
    let err = home.fails(1, &["snooze", "thank-you:a1:p2", "--until", "2026-11-19", "--today", TODAY]);
    assert!(err.contains("is not after today"), "{err}");
}

#[test]
fn logging_a_sent_note_ticks_its_task_and_an_outcome_replans() {
    let home = demo_home();
    home.ok(&["log", "--application", "a1", "--person", "p2", "--kind", "thank-you", "--date", TODAY]);
    let out = home.ok(&["agenda", "--today", TODAY]);
    assert!(!out.contains("[thank-you:a1:p2]") && out.contains("[thank-you:a1:p1]"), "{out}");
    // A rejection ends the chase at once and asks for a gracious reply.
    home.ok(&["outcome", "add", "--application", "a1", "--kind", "rejection", "--date", TODAY]);
    let out = home.ok(&["agenda", "--today", TODAY]);
    assert!(!out.contains("Acme Robotics (Platform Engineer) until"), "no longer waiting:\n{out}");
    assert!(out.contains("Acme Robotics: gracious reply to the rejection"), "{out}");
}

#[test]
fn imported_closure_days_move_the_plan() {
    let home = demo_home();
    let json = home.json(&["agenda", "--today", TODAY, "--json"]);
    let until = |j: &serde_json::Value| {
        j["waiting"].as_array().unwrap().iter().find(|w| w["company"] == "Acme Robotics").unwrap()["until"]
            .clone()
    };
    assert_eq!(until(&json), "2026-12-11");
    let ics = home.path().join("closed.ics");
    std::fs::write(&ics, "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261211\nSUMMARY:Closed\nEND:VEVENT\nEND:VCALENDAR\n").unwrap();
    home.ok(&["holidays", "import", ics.to_str().unwrap()]);
    let json = home.json(&["agenda", "--today", TODAY, "--json"]);
    assert_eq!(until(&json), "2026-12-14", "Fri 11 Dec is closed: Mon 14 Dec");
}

#[test]
fn agenda_json_has_every_section() {
    let home = demo_home();
    let v = home.json(&["agenda", "--today", TODAY, "--json"]);
    for key in ["today", "due_today", "overdue", "coming_up", "waiting", "keep_searching"] {
        assert!(v.get(key).is_some(), "missing {key}: {v}");
    }
    assert_eq!(v["today"], TODAY);
    assert_eq!(v["coming_up"][0]["company"], "Umbrella Health");
}

#[test]
fn an_empty_agenda_says_how_to_start() {
    let home = Home::new();
    let out = home.ok(&["agenda", "--today", TODAY]);
    assert!(out.contains("Nothing recorded yet"), "{out}");
}

#[test]
fn demo_reloads_itself_but_never_mixes_into_real_data() {
    let home = demo_home();
    home.ok(&["demo", "--today", TODAY]);
    assert_eq!(
        home.json(&["application", "list", "--json"]).as_array().unwrap().len(),
        8,
        "reloaded, not doubled"
    );

    let real = Home::new();
    real.ok(&["application", "add", "--company", "Acme", "--role", "Dev"]);
    let err = real.fails(1, &["demo"]);
    assert!(err.contains("already holds 1 application of your own"), "{err}");
    assert!(err.contains("afterview demo --folder"), "{err}");
    assert_eq!(real.json(&["application", "list", "--json"]).as_array().unwrap().len(), 1);
}

#[test]
fn demo_into_a_named_folder() {
    let home = Home::new();
    let folder = home.path().join("elsewhere");
    let out = home.ok(&["demo", "--folder", folder.to_str().unwrap(), "--applications", "25"]);
    assert!(out.contains("Loaded 25 demo applications"), "{out}");
    assert!(folder.join("afterview.db").exists());
    assert!(!home.database().exists(), "the data folder was not touched");
}

#[test]
fn records_round_trip_through_the_command_line() {
    let home = Home::new();
    assert_eq!(
        home.ok(&[
            "application",
            "add",
            "--company",
            "Acme Robotics",
            "--role",
            "Platform Engineer",
            "--culture",
            "startup"
        ]),
        "Added application a1: Acme Robotics — Platform Engineer\n"
    );
    home.ok(&[
        "person",
        "add",
        "--name",
        "Maria Lopez",
        "--title",
        "Engineering Manager",
        "--email",
        "maria@acme.example",
        "--time-zone",
        "America/Chicago",
        "--application",
        "a1",
        "--role",
        "hiring-manager",
    ]);
    home.ok(&["person", "add", "--name", "Tom Chen", "--application", "a1"]);
    let out = home.ok(&[
        "interview",
        "add",
        "--application",
        "a1",
        "--start",
        "2026-11-19T15:00",
        "--stage",
        "panel",
        "--interviewer",
        "p1",
        "--interviewer",
        "p2",
        "--topic",
        "fleet dashboard",
        "--promised",
        "portfolio link",
        "--next-steps",
        "we should decide in two to three weeks",
        "--references-requested",
    ]);
    assert_eq!(
        out, "Added interview i1: panel Thu 19 Nov 2026 at 15:00 CST\n",
        "the first interviewer's zone"
    );

    let show = home.json(&["application", "show", "a1", "--json"]);
    assert_eq!(show["company"], "Acme Robotics");
    assert_eq!(show["people"][0]["name"], "Maria Lopez");
    assert_eq!(show["people"][0]["role"], "hiring-manager");
    assert_eq!(show["people"][1]["role"], "interviewer");
    let iv = &show["interviews"][0];
    assert_eq!(iv["start"], "2026-11-19T15:00:00-06:00[America/Chicago]");
    assert_eq!(iv["interviewers"], serde_json::json!([1, 2]));
    assert_eq!(iv["references_requested"], true);

    home.ok(&[
        "application",
        "edit",
        "a1",
        "--role",
        "Senior Platform Engineer",
        "--notes",
        "referred by Ana",
    ]);
    home.ok(&["application", "edit", "a1", "--notes", ""]);
    let a = home.json(&["application", "show", "a1", "--json"]);
    assert_eq!(a["role"], "Senior Platform Engineer");
    assert_eq!(a["notes"], serde_json::Value::Null, "an empty value clears");

    home.ok(&[
        "log",
        "--application",
        "a1",
        "--person",
        "p1",
        "--kind",
        "thank-you",
        "--date",
        "2026-11-19",
        "--subject",
        "Thank you",
    ]);
    home.ok(&[
        "outcome",
        "add",
        "--application",
        "a1",
        "--kind",
        "offer",
        "--date",
        "2026-12-02",
        "--deadline",
        "2026-12-09",
    ]);
    let a = home.json(&["application", "show", "a1", "--json"]);
    assert_eq!(a["status"], "offer", "the outcome moves the status");
    assert_eq!(a["messages"][0]["kind"], "thank-you");
    assert_eq!(a["outcomes"][0]["deadline"], "2026-12-09");

    let text = home.ok(&["application", "show", "a1"]);
    assert!(text.contains("i1 Thu 19 Nov 2026 panel at 15:00 CST with Maria Lopez, Tom Chen"), "{text}");
    assert!(text.contains("o1 Wed 2 Dec 2026 offer, answer by Wed 9 Dec 2026"), "{text}");

    home.ok(&["application", "remove", "a1", "--yes"]);
    assert_eq!(home.json(&["interview", "list", "--json"]), serde_json::json!([]));
    assert_eq!(home.json(&["person", "list", "--json"]).as_array().unwrap().len(), 2, "people stay");
}

#[test]
fn bad_values_name_the_problem_and_change_nothing() {
    let home = demo_home();
    let before = home.snapshot();
    let cases: &[(&[&str], &str)] = &[
        (
            &["application", "add", "--company", "X", "--role", "Y", "--status", "activ"],
            "a similar value exists: 'active'",
        ),
        (
            &["application", "add", "--company", "X", "--role", "Y", "--region", "Atlantis"],
            "\"Atlantis\" is not a known holiday region",
        ),
        (
            &["person", "add", "--name", "X", "--email", "maria-at-acme"],
            "\"maria-at-acme\" is not an email address like name@example.com",
        ),
        (
            &["person", "add", "--name", "X", "--time-zone", "Mars/Olympus"],
            "\"Mars/Olympus\" is not a time zone",
        ),
        (
            &["outcome", "add", "--application", "a1", "--kind", "offer", "--date", "2026-13-01"],
            "\"2026-13-01\" is not a date that exists",
        ),
        (
            &[
                "outcome",
                "add",
                "--application",
                "a1",
                "--kind",
                "offer",
                "--date",
                "2026-11-20",
                "--deadline",
                "2026-11-01",
            ],
            "--deadline: 2026-11-01 is before",
        ),
        (
            &["interview", "add", "--application", "a1", "--stage", "video", "--start", "next tuesday"],
            "\"next tuesday\" is not a start time in the form YYYY-MM-DDTHH:MM",
        ),
        // Regression (issue 9): year 0001 and messages from the future were
        // accepted.
        (
            &["outcome", "add", "--application", "a1", "--kind", "offer", "--date", "0001-01-01"],
            "\"0001-01-01\" is not a date from 1900 to 2200 (check the year)",
        ),
        (
            &["snooze", "thank-you:a1:p1", "--until", "9999-01-01"],
            "\"9999-01-01\" is not a date from 1900 to 2200",
        ),
        (
            &["interview", "add", "--application", "a1", "--stage", "video", "--start", "0001-01-01T10:00"],
            "--start: \"0001-01-01T10:00\" is not a date from 1900 to 2200",
        ),
        (
            &["log", "--application", "a1", "--kind", "thank-you", "--date", "2099-01-01"],
            "--date: 2099-01-01 is after today (",
        ),
        (&["application", "show", "x1"], "\"x1\" is not an application id such as a12"),
        (&["application", "add", "--role", "Y"], "--company is required"),
    ];
    for (args, expected) in cases {
        let err = home.fails(2, args);
        assert!(err.contains(expected), "afterview {args:?}: expected {expected:?} in\n{err}");
    }
    let missing: &[(&[&str], &str)] = &[
        (&["application", "show", "a99"], "there is no application a99"),
        (
            &["interview", "add", "--application", "a99", "--start", "2026-11-20T10:00", "--stage", "video"],
            "there is no application a99",
        ),
        (
            &[
                "interview",
                "add",
                "--application",
                "a1",
                "--start",
                "2026-11-20T10:00",
                "--stage",
                "video",
                "--interviewer",
                "p99",
            ],
            "there is no person p99",
        ),
        (&["log", "--application", "a1", "--kind", "thank-you", "--person", "p99"], "there is no person p99"),
        (&["done", "t2:i1:p1"], "there is no task \"t2:i1:p1\" on your agenda"),
    ];
    for (args, expected) in missing {
        let err = home.fails(1, args);
        assert!(err.contains(expected), "afterview {args:?}: expected {expected:?} in\n{err}");
    }
    assert_eq!(home.snapshot(), before, "nothing changed");
}

#[test]
fn removal_asks_first_when_nobody_confirms() {
    let home = demo_home();
    let err = home.fails(2, &["application", "remove", "a1"]);
    assert!(err.contains("Add --yes to confirm"), "{err}");
    home.ok(&["application", "show", "a1"]);
}

#[test]
fn settings_are_read_changed_and_validated() {
    let home = Home::new();
    assert_eq!(home.ok(&["config", "get", "calendar.region"]), "US\n");
    home.ok(&["config", "set", "calendar.region", "UK"]);
    assert_eq!(home.ok(&["config", "get", "calendar.region"]), "UK\n");
    let file = std::fs::read_to_string(home.path().join("config.toml")).unwrap();
    let err = home.fails(2, &["config", "set", "planner.thank_you_hours", "soon"]);
    assert!(err.contains("setting planner.thank_you_hours takes a whole number, not \"soon\""), "{err}");
    let err = home.fails(2, &["config", "set", "calendar.regoin", "UK"]);
    assert!(err.contains("did you mean \"calendar.region\"?"), "{err}");
    assert_eq!(
        std::fs::read_to_string(home.path().join("config.toml")).unwrap(),
        file,
        "refused values change nothing"
    );
    let list = home.ok(&["config", "list"]);
    assert!(list.contains("calendar.region"), "{list}");
    assert!(
        list.lines().any(|l| l.contains("calendar.region") && l.contains("UK") && l.ends_with("file")),
        "{list}"
    );
    let path = home.ok(&["config", "path"]);
    assert!(path.contains(home.path().to_str().unwrap()), "{path}");

    // A broken settings file is reported with its path, not silently ignored.
    std::fs::write(home.path().join("config.toml"), "[planner]\nphone_policy = \"always\"\n").unwrap();
    let err = home.fails(1, &["agenda"]);
    assert!(err.contains("setting planner.phone_policy: \"always\" is not a known phone policy"), "{err}");
}

#[test]
fn backup_copies_and_never_overwrites() {
    let home = demo_home();
    let copy = home.path().join("copy.db");
    home.ok(&["backup", copy.to_str().unwrap()]);
    let restored = Home::new();
    std::fs::copy(&copy, restored.database()).unwrap();
    assert_eq!(restored.snapshot(), home.snapshot());
    let err = home.fails(2, &["backup", copy.to_str().unwrap()]);
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn a_database_from_a_newer_afterview_is_refused() {
    let home = demo_home();
    rusqlite::Connection::open(home.database()).unwrap().pragma_update(None, "user_version", 7).unwrap();
    let err = home.fails(1, &["agenda"]);
    assert!(err.contains("was written by a newer afterview (schema version 7"), "{err}");
}

#[cfg(unix)]
#[test]
fn the_database_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let home = demo_home();
    let mode = std::fs::metadata(home.database()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn completions_and_man_pages_come_from_the_same_definitions() {
    let home = Home::new();
    let bash = home.ok(&["completions", "bash"]);
    assert!(bash.contains("agenda") && bash.contains("--first-contact"), "bash completion");
    assert!(home.ok(&["completions", "zsh"]).contains("hiring-manager"), "values are completed");
    let man = home.ok(&["man"]);
    assert!(man.contains(".TH afterview"), "{}", &man[..200.min(man.len())]);
    let dir = home.path().join("man");
    home.ok(&["man", "--out", dir.to_str().unwrap()]);
    assert!(dir.join("afterview-agenda.1").exists());
}

#[test]
fn bad_usage_exits_2() {
    let home = Home::new();
    home.fails(2, &["frobnicate"]);
    home.fails(2, &["agenda", "--today", "tomorrow"]);
    home.fails(2, &["snooze", "x"]);
}

/// A crash in the middle of a large write (kill -9) leaves the database as
/// it was before the write began.
#[cfg(unix)]
#[test]
fn a_crash_mid_write_leaves_the_database_as_it_was() {
    use std::time::{Duration, Instant};

    let home = demo_home();
    let before = home.snapshot();
    /// Kills the demo however the test ends: a failed assertion must not
    /// leave it running.
    struct Killed(std::process::Child);
    impl Drop for Killed {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("afterview"))
        .env("AFTERVIEW_HOME", home.path())
        .args(["demo", "--today", TODAY, "--applications", "300000"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(Killed)
        .unwrap();
    let child = &mut child.0;
    // Wait until the write has visibly started (the WAL grows), then kill.
    let wal = home.path().join("afterview.db-wal");
    let started = Instant::now();
    while std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) < 512 * 1024 {
        assert!(started.elapsed() < Duration::from_secs(240), "the write never started");
        assert!(child.try_wait().unwrap().is_none(), "the demo finished before it could be interrupted");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(child.try_wait().unwrap().is_none(), "still writing when killed");
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(home.snapshot(), before, "the interrupted write left no trace");
}

#[test]
fn export_ics_writes_the_upcoming_tasks_for_a_calendar() {
    let home = demo_home();
    let file = home.path().join("afterview.ics");
    let out = home.ok(&["export", "ics", "--out", file.to_str().unwrap(), "--today", TODAY]);
    assert!(out.starts_with("Wrote ") && out.contains("afterview.ics"), "{out}");
    let text = std::fs::read_to_string(&file).unwrap().replace("\r\n ", "");
    assert!(text.starts_with("BEGIN:VCALENDAR"));
    assert!(text.contains("UID:thank-you:a1:p1@afterview"), "{text}");
    // The Acme status check on Fri 11 Dec, though the agenda lists it only as waiting.
    assert!(text.contains("UID:status-check:a1:1@afterview"), "{text}");
    assert!(text.contains("DTSTART;VALUE=DATE:20261211"), "{text}");
    assert!(text.contains("BEGIN:VALARM"));
    // A second export keeps the same UIDs, so calendars update the events.
    let again = home.ok(&["export", "ics", "--today", TODAY]).replace("\r\n ", "");
    let uids = |t: &str| {
        t.lines()
            .filter(|l| l.starts_with("UID:") && l.ends_with("@afterview"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(uids(&text), uids(&again));
    // A done task is cancelled in the calendar: its UID with STATUS:CANCELLED
    // and a higher SEQUENCE, so a calendar drops the event it holds.
    let event = |text: &str, uid: &str| -> String {
        let text = text.replace("\r\n ", "");
        let start = text.find(&format!("UID:{uid}@afterview")).unwrap_or_else(|| panic!("{uid} in\n{text}"));
        let begin = text[..start].rfind("BEGIN:VEVENT").unwrap();
        let end = start + text[start..].find("END:VEVENT").unwrap();
        text[begin..end].to_owned()
    };
    assert!(event(&again, "thank-you:a1:p1").contains("SEQUENCE:0"), "{again}");
    home.ok(&["done", "thank-you:a1:p1", "--today", TODAY]);
    let out = home.ok(&["export", "ics", "--out", file.to_str().unwrap(), "--today", TODAY]);
    assert!(out.contains(", and cancelled 1 done, skipped or dropped"), "{out}");
    let after = std::fs::read_to_string(&file).unwrap();
    let done = event(&after, "thank-you:a1:p1");
    assert!(done.contains("STATUS:CANCELLED") && done.contains("SEQUENCE:1"), "{done}");
    // Two exports in the same minute: what did not change keeps its SEQUENCE.
    let twice = home.ok(&["export", "ics", "--today", TODAY]);
    assert!(event(&twice, "status-check:a1:1").contains("SEQUENCE:0"), "{twice}");
    assert!(event(&twice, "thank-you:a1:p1").contains("SEQUENCE:1"));
}

#[test]
fn a_logged_reply_with_a_new_timeline_replans_the_status_check() {
    let home = demo_home();
    let until = |home: &Home| {
        let json = home.json(&["agenda", "--today", "2026-11-26", "--json"]);
        json["waiting"].as_array().unwrap().iter().find(|w| w["company"] == "Acme Robotics").unwrap()["until"]
            .clone()
    };
    assert_eq!(until(&home), "2026-12-11");
    home.ok(&[
        "log",
        "--application",
        "a1",
        "--person",
        "p1",
        "--kind",
        "other",
        "--direction",
        "in",
        "--date",
        "2026-11-25",
        "--body",
        "Thanks for checking in! We'll decide by December 18.",
    ]);
    // F4: re-planned from the reply: Fri 18 Dec, then the next business day, Mon 21 Dec.
    assert_eq!(until(&home), "2026-12-21");
    // The waiting line quotes the reply that set the date, not the interview.
    let out = home.ok(&["agenda", "--today", "2026-11-26"]);
    assert!(
        out.contains(
            "Acme Robotics (Platform Engineer) until Mon 21 Dec: last interview Thu 19 Nov — they replied on Wed 25 Nov: \"We'll decide by December 18.\"\n"
        ),
        "{out}"
    );
}

/// Regression: `afterview application list | head -1` panicked (exit 101)
/// and `agenda | head -1` exited 1 with "Broken pipe". A reader that goes
/// away is not a failure: the command ends quietly with 0.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    let home = Home::new();
    // Every output below is far larger than a pipe's buffer (64 KiB).
    home.ok(&["demo", "--applications", "2000", "--today", TODAY]);
    let commands: &[&[&str]] = &[
        &["agenda", "--today", TODAY],
        &["agenda", "--today", TODAY, "--json"],
        &["application", "list"],
        &["person", "list", "--json"],
        &["export", "ics", "--today", TODAY],
        &["completions", "bash"],
    ];
    for args in commands {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("afterview"))
            .env("AFTERVIEW_HOME", home.path())
            .env("AFTERVIEW_USER_TIME_ZONE", "America/New_York")
            .args(*args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 1];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The read end is closed here, long before the output is done.
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "afterview {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "afterview {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// Time zone rules come from the database built into afterview, never from
/// the machine's: a zoneinfo folder that says New York is on UTC (as
/// `TZDIR` can make jiff's system database say) changes nothing.
#[test]
fn time_zones_come_from_the_bundled_database() {
    let home = Home::new();
    let fake = home.path().join("zoneinfo");
    std::fs::create_dir_all(fake.join("America")).unwrap();
    for utc in ["/usr/share/zoneinfo/UTC", "/usr/share/zoneinfo/Etc/UTC"] {
        if std::fs::copy(utc, fake.join("America/New_York")).is_ok() {
            break;
        }
    }
    home.ok(&["application", "add", "--company", "Acme", "--role", "Dev"]);
    let mut cmd = home.cmd(&[
        "interview",
        "add",
        "--application",
        "a1",
        "--stage",
        "video",
        "--start",
        "2026-11-20T14:00",
        "--time-zone",
        "America/New_York",
    ]);
    cmd.env("TZDIR", &fake).assert().success();
    let mut show = home.cmd(&["interview", "show", "i1", "--json"]);
    let out = show.env("TZDIR", &fake).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["start"], "2026-11-20T14:00:00-05:00[America/New_York]");
}

/// Regression: a huge number was accepted by `config set`, and `agenda`
/// then panicked. A number out of range is refused at `set` and at load
/// (from the file or the environment), with the range in the message.
#[test]
fn settings_out_of_range_are_refused_with_the_range() {
    let home = demo_home();
    let err = home.fails(2, &["config", "set", "planner.thank_you_hours", "200000000"]);
    assert!(err.contains("200000000 is out of range: use 1 to 336"), "{err}");
    let mut agenda = home.cmd(&["agenda", "--today", TODAY]);
    let out = agenda.env("AFTERVIEW_PLANNER_STATUS_CHECK_GRACE_BUSINESS_DAYS", "200000000").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("use 0 to 20"));
}

/// Regression (issue 9): `--start 2026-12-02T10:00-08:00` for a New York
/// interview was stored as 10:00 Eastern, and a bracketed zone silently
/// beat `--time-zone`.
#[test]
fn a_start_keeps_its_offset_and_a_conflicting_zone_is_refused() {
    let home = Home::new();
    home.ok(&["application", "add", "--company", "Acme", "--role", "Dev"]);
    let add = |start: &str| {
        home.run(&[
            "interview",
            "add",
            "--application",
            "a1",
            "--stage",
            "video",
            "--time-zone",
            "America/New_York",
            "--start",
            start,
        ])
    };
    assert_eq!(add("2026-12-02T10:00-08:00").code, 0);
    let json = home.json(&["interview", "show", "i1", "--json"]);
    assert_eq!(json["start"], "2026-12-02T13:00:00-05:00[America/New_York]");
    let refused = add("2026-12-02T10:00+09:00[Asia/Tokyo]");
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("it names Asia/Tokyo"), "{}", refused.stderr);
    let bare = add("2026-12-02");
    assert!(bare.stderr.contains("a start with its time"), "{}", bare.stderr);
}

/// Regression (issue 9): eight `config set` of different keys at once kept
/// only two to four of them, and eight `words add` five or six words.
#[test]
fn changes_made_at_once_are_all_kept() {
    let home = Home::new();
    let sets: &[(&str, &str)] = &[
        ("user.name", "Maya Patel"),
        ("user.email", "maya@mail.example"),
        ("user.profile", "running robot fleets"),
        ("user.signature", "Maya"),
        ("calendar.date_order", "day-month"),
        ("planner.thank_you_hours", "36"),
        ("checker.max_questions", "3"),
        ("planner.min_active_applications", "4"),
    ];
    let spawn = |args: &[&str]| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("afterview"))
            .env("AFTERVIEW_HOME", home.path())
            .args(args)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut children: Vec<_> = sets.iter().map(|(k, v)| spawn(&["config", "set", k, v])).collect();
    let words = ["Kubernetes", "Grafanix", "kubectl", "Terraform", "Helm", "Istio", "Prometheus", "Argo"];
    children.extend(words.iter().map(|w| spawn(&["words", "add", w])));
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    for (key, value) in sets {
        assert_eq!(home.ok(&["config", "get", key]).trim(), *value, "{key}");
    }
    let listed = home.ok(&["words", "list"]);
    for w in words {
        assert!(listed.lines().any(|l| l == w), "{w} is missing from {listed}");
    }
}

/// Regression (issue 9): a message logged by mistake could not be fixed,
/// though ids with an `m` were promised.
#[test]
fn a_mistaken_message_is_corrected_or_removed() {
    let home = demo_home();
    let out =
        home.ok(&["log", "--application", "a1", "--person", "p1", "--kind", "thank-you", "--date", TODAY]);
    let id = out.split_whitespace().nth(1).unwrap().trim_end_matches(':').to_owned();
    assert!(!home.ok(&["agenda", "--today", TODAY]).contains("[thank-you:a1:p1]"), "logged: ticked off");
    home.ok(&["message", "edit", &id, "--kind", "other", "--subject", "Hello"]);
    let json = home.json(&["message", "show", &id, "--json"]);
    assert_eq!((json["kind"].as_str(), json["subject"].as_str()), (Some("other"), Some("Hello")));
    assert!(
        home.ok(&["agenda", "--today", TODAY]).contains("[thank-you:a1:p1]"),
        "no thank-you sent after all"
    );
    assert!(home.ok(&["message", "list", "--application", "a1"]).contains(&id));
    home.ok(&["message", "remove", &id, "--yes"]);
    let err = home.fails(1, &["message", "show", &id]);
    assert!(
        err.contains(&format!("there is no message {id}; `afterview message list` shows the ones there are")),
        "{err}"
    );
}

/// Regression (issue 9): a debrief call logged to the agency recruiter did
/// not tick off the debrief task.
#[test]
fn a_logged_call_to_the_recruiter_is_the_debrief() {
    let home = Home::new();
    home.ok(&[
        "application",
        "add",
        "--company",
        "Initech",
        "--role",
        "Analyst",
        "--first-contact",
        "recruiter",
    ]);
    home.ok(&["person", "add", "--name", "Sam Reed", "--application", "a1", "--role", "agency-recruiter"]);
    home.ok(&["person", "add", "--name", "Bill Lumbergh", "--application", "a1"]);
    home.ok(&[
        "interview",
        "add",
        "--application",
        "a1",
        "--stage",
        "video",
        "--start",
        "2026-11-20T10:00",
        "--interviewer",
        "p2",
    ]);
    assert!(home.ok(&["agenda", "--today", TODAY]).contains("[debrief-recruiter:a1:p1]"));
    home.ok(&[
        "log",
        "--application",
        "a1",
        "--person",
        "p1",
        "--kind",
        "other",
        "--channel",
        "call",
        "--date",
        TODAY,
    ]);
    let out = home.ok(&["agenda", "--today", TODAY]);
    assert!(!out.contains("[debrief-recruiter:a1:p1]"), "{out}");
}

/// F10: an offer with a deadline asks for an answer before it; past the
/// deadline unanswered, the task is overdue and the offer no longer counts
/// as active. F2: two unanswered checks show the application as stalled.
#[test]
fn an_offer_is_answered_before_its_deadline_and_then_expires() {
    let home = demo_home();
    // The demo's Globex offer (a2) wants an answer by Thu 26 Nov, which is
    // Thanksgiving: answer by the Wednesday.
    let out = home.ok(&["agenda", "--today", TODAY]);
    assert!(
        out.contains(
            "Globex: answer their offer to Sam Reed by email or call (latest Wed 25 Nov)  [offer-reply:a2]"
        ),
        "{out}"
    );
    // C4: the hours to call, in the recipient's zone and on the user's
    // clock. The offer came yesterday: its hours are today's, not gone by.
    assert!(out.contains("      Call Fri 20 Nov, 08:00–09:30 EST or 16:30–17:30 EST\n"), "{out}");
    let london =
        home.cmd(&["agenda", "--today", TODAY]).env("AFTERVIEW_USER_TIME_ZONE", "Europe/London").output();
    let out = String::from_utf8(london.unwrap().stdout).unwrap();
    assert!(
        out.contains(
            "      Call Fri 20 Nov, 08:00–09:30 EST (13:00–14:30 your time) or 16:30–17:30 EST (21:30–22:30 your time)\n"
        ),
        "{out}"
    );
    let list = home.ok(&["application", "list", "--today", "2026-11-27"]);
    assert!(list.contains("offer, expired Thu 26 Nov"), "{list}");
    let late = home.ok(&["agenda", "--today", "2026-11-27"]);
    assert!(
        late.contains("Globex: answer their offer to Sam Reed by email or call (was due by Wed 25 Nov)"),
        "{late}"
    );
    // Answered: the task is gone and the offer is simply an offer.
    home.ok(&[
        "log",
        "--application",
        "a2",
        "--kind",
        "offer-reply",
        "--date",
        "2026-11-23",
        "--body",
        "Thank you!",
    ]);
    let out = home.ok(&["agenda", "--today", "2026-11-24"]);
    assert!(!out.contains("[offer-reply:a2]"), "{out}");

    // Initech's second unanswered check: stalled, in the list and by filter.
    home.ok(&[
        "log",
        "--application",
        "a3",
        "--person",
        "p5",
        "--kind",
        "status-check",
        "--date",
        "2026-11-19",
    ]);
    let stalled = home.ok(&["application", "list", "--status", "stalled", "--today", TODAY]);
    assert!(stalled.contains("a3  Initech") && !stalled.contains("Acme"), "{stalled}");
}

/// Regression (a web trial): a snooze to 2200 hid a task for good.
#[test]
fn a_snooze_has_a_horizon() {
    let home = demo_home();
    let out = home.fails(1, &["snooze", "thank-you:a1:p1", "--until", "2200-01-01", "--today", TODAY]);
    assert!(out.contains("is more than 90 days away") && out.contains("skip the task"), "{out}");
    home.ok(&["snooze", "thank-you:a1:p1", "--until", "2026-12-01", "--today", TODAY]);
}

/// Regression (a web trial): a check on an interview weeks ago said "we
/// discussed on Wednesday", which reads as the last one.
#[test]
fn a_draft_dates_an_interview_older_than_a_week() {
    let home = demo_home();
    let draft = home.ok(&["draft", "status-check:a3:2", "--today", "2026-12-01"]);
    assert!(draft.contains("the Data Engineer role we discussed on Wednesday 4 November."), "{draft}");
}

//! `afterview import invite` on the core's invite fixtures, through the real
//! binary: the plan it shows, the refusal without a terminal, --dry-run,
//! --json, a second import changing nothing, an update moving the
//! interview, a cancellation removing it, and bad files recording nothing.

mod util;

use util::Home;

fn fixture(name: &str) -> String {
    format!("{}/../core/tests/fixtures/invites/{name}", env!("CARGO_MANIFEST_DIR"))
}

const TODAY: &str = "2026-11-30";

fn home() -> Home {
    let home = Home::new();
    home.ok(&["config", "set", "user.email", "maya.patel@gmail.com"]);
    home
}

fn invite(home: &Home, files: &[&str], more: &[&str]) -> String {
    let paths: Vec<String> = files.iter().map(|f| fixture(f)).collect();
    let mut args = vec!["import", "invite"];
    args.extend(paths.iter().map(String::as_str));
    args.extend(["--today", TODAY]);
    args.extend(more);
    home.ok(&args)
}

#[test]
fn shows_the_plan_then_records_it_once() {
    let home = home();
    let before = home.snapshot();
    let dry = invite(&home, &["google.ics"], &["--dry-run"]);
    for want in [
        "google.ics: \"Acme Robotics <> Maya Patel - Technical Interview\"",
        "New interview: Thu 3 Dec 2026 10:00–11:00 America/Los_Angeles (13:00–14:00 your time)",
        "Application: new: Acme Robotics, (role unknown) (named by the title and the address domain)",
        "Where: https://meet.google.com/xsd-qpwe-rtk",
        "Person: Jordan Lee <jordan.lee@acme-robotics.com> (new, interviewer, on the panel)",
        "Person: Priya Raman <priya.raman@acme-robotics.com>",
        "Dry run: nothing was recorded.",
    ] {
        assert!(dry.contains(want), "{want:?} in:\n{dry}");
    }
    assert!(!dry.contains("maya.patel@gmail.com"), "the user is nobody:\n{dry}");
    assert_eq!(home.snapshot(), before);

    let done = invite(&home, &["google.ics"], &["--yes"]);
    assert!(done.contains("Recorded: 1 interview added, 1 new application, 2 new people."), "{done}");
    assert!(done.contains("The agenda now:") && done.contains("Acme Robotics"), "{done}");
    let interviews = home.json(&["interview", "list", "--json"]);
    assert_eq!(interviews.as_array().unwrap().len(), 1, "{interviews}");
    let iv = &interviews[0];
    assert_eq!(iv["location"], "https://meet.google.com/xsd-qpwe-rtk", "{iv}");
    assert_eq!(iv["invite"]["sequence"], 0, "{iv}");

    // The same invite again changes nothing.
    let recorded = home.snapshot();
    let again = invite(&home, &["google.ics"], &["--yes"]);
    assert!(again.contains("Already recorded as interview i1"), "{again}");
    assert!(again.contains("Nothing to record"), "{again}");
    assert_eq!(home.snapshot(), recorded);
}

#[test]
fn an_update_moves_and_a_cancellation_removes() {
    let home = home();
    invite(&home, &["google.ics"], &["--yes"]);
    let moved = invite(&home, &["google-update.ics"], &["--yes"]);
    assert!(
        moved.contains("Moves interview i1 from Thu 3 Dec 2026 10:00–11:00 America/Los_Angeles"),
        "{moved}"
    );
    assert!(
        moved.contains("to Fri 4 Dec 2026 13:30–14:15 America/Los_Angeles (16:30–17:15 your time)"),
        "{moved}"
    );
    assert!(moved.contains("Recorded: 1 interview moved."), "{moved}");
    let iv = home.json(&["interview", "list", "--json"]);
    assert!(iv[0]["start"].as_str().unwrap().starts_with("2026-12-04T13:30:00-08:00"), "{iv}");
    let gone = invite(&home, &["google-cancel.ics"], &["--yes"]);
    assert!(gone.contains("Cancelled: interview i1"), "{gone}");
    assert!(gone.contains("Recorded: 1 interview removed."), "{gone}");
    assert_eq!(home.json(&["interview", "list", "--json"]).as_array().unwrap().len(), 0);
}

#[test]
fn several_shapes_in_one_call_and_json() {
    let home = home();
    let plan: serde_json::Value = serde_json::from_str(&invite(
        &home,
        &["outlook-teams.eml", "greenhouse.ics", "calendly.ics"],
        &["--dry-run", "--json"],
    ))
    .unwrap();
    let invites = plan["invites"].as_array().unwrap();
    assert_eq!(invites.len(), 3);
    assert!(invites.iter().all(|i| i["action"] == "add"), "{plan}");
    assert_eq!(plan["new_applications"].as_array().unwrap().len(), 3);
    let done = invite(&home, &["outlook-teams.eml", "greenhouse.ics", "calendly.ics"], &["--yes"]);
    assert!(done.contains("Recorded: 3 interviews added, 3 new applications"), "{done}");
    let apps = home.ok(&["application", "list"]);
    for c in ["Globex", "Initech", "Hooli"] {
        assert!(apps.contains(c), "{c} in {apps}");
    }
}

#[test]
fn without_a_terminal_or_yes_it_refuses_and_says_the_fix() {
    let home = home();
    let before = home.snapshot();
    let out = home.run(&["import", "invite", &fixture("calendly.ics"), "--today", TODAY]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("Record this? Add --yes to confirm."), "{}", out.stderr);
    assert_eq!(home.snapshot(), before);
}

#[test]
fn without_the_users_address_it_says_how_to_set_it() {
    let home = Home::new();
    let err = home.fails(1, &["import", "invite", &fixture("google.ics"), "--yes"]);
    assert!(err.contains("afterview config set user.email"), "{err}");
}

#[test]
fn bad_files_name_the_line_and_record_nothing() {
    let home = home();
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.ics");
    let google = std::fs::read_to_string(fixture("google.ics")).unwrap();
    std::fs::write(&cut, &google[..google.find("END:VEVENT").unwrap()]).unwrap();
    let before = home.snapshot();
    let err = home.fails(
        2,
        &["import", "invite", &fixture("calendly.ics"), cut.to_str().unwrap(), "--yes", "--today", TODAY],
    );
    assert!(err.contains("cut.ics, line 24: BEGIN:VEVENT is never closed"), "{err}");
    assert!(err.contains("nothing was recorded"), "{err}");
    assert_eq!(home.snapshot(), before);

    let noise = dir.path().join("noise.ics");
    std::fs::write(&noise, [0xff_u8, 0x00, 0x1b, b'[', b'2', b'J', 0x80].repeat(100)).unwrap();
    let err = home.fails(2, &["import", "invite", noise.to_str().unwrap(), "--yes"]);
    assert!(err.contains("neither an invite"), "{err}");

    let odd = dir.path().join("odd.ics");
    std::fs::write(&odd, google.replace("TZID=America/Los_Angeles:", "TZID=Mars Standard Time:")).unwrap();
    let err = home.fails(2, &["import", "invite", odd.to_str().unwrap(), "--yes"]);
    assert!(err.contains("\"Mars Standard Time\" is not one afterview knows"), "{err}");
    assert!(err.contains("--time-zone"), "{err}");
    let ok = home.ok(&[
        "import",
        "invite",
        odd.to_str().unwrap(),
        "--time-zone",
        "America/Denver",
        "--dry-run",
        "--today",
        TODAY,
    ]);
    assert!(ok.contains("10:00–11:00 America/Denver"), "{ok}");
    assert_eq!(home.snapshot(), before);
}

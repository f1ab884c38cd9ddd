//! `afterview import email` on the fixture emails of the core: the listing
//! (match, kind and reason, what is recorded), the same file twice, the
//! outcome proposed, the refusal without a terminal, and files that are
//! not mail refused with the file and the reason.

mod util;

use util::Home;

fn fixture(name: &str) -> String {
    format!("{}/../core/tests/emails/{name}.eml", env!("CARGO_MANIFEST_DIR"))
}

const TODAY: &str = "2026-12-20";

/// Acme with Maria Lopez, Northwind with Priya Shah; the user's address set.
fn home() -> Home {
    let home = Home::new();
    home.ok(&["config", "set", "user.email", "jordan@mail.example"]);
    home.ok(&["application", "add", "--company", "Acme", "--role", "Data Engineer"]);
    home.ok(&[
        "person",
        "add",
        "--name",
        "Maria Lopez",
        "--email",
        "maria@acme.example",
        "--application",
        "a1",
    ]);
    home.ok(&["application", "add", "--company", "Northwind", "--role", "Data Engineer"]);
    home.ok(&[
        "person",
        "add",
        "--name",
        "Priya Shah",
        "--email",
        "priya.shah@northwind.example",
        "--application",
        "a2",
    ]);
    home
}

#[test]
fn lists_each_message_then_records_it_once() {
    let home = home();
    let files =
        [fixture("reply-decision-date"), fixture("reply-contact-instruction"), fixture("offer-pleased")];
    let run = |extra: &[&str]| {
        let mut args = vec!["import", "email"];
        args.extend(files.iter().map(String::as_str));
        args.extend(["--today", TODAY]);
        args.extend(extra);
        home.ok(&args)
    };
    let dry = run(&["--dry-run"]);
    assert!(dry.contains("reply-decision-date.eml: \"Re: Following up on my interview\" from Maria Lopez <maria@acme.example>, Mon 30 Nov"), "{dry}");
    assert!(dry.contains("  match: a1 Acme, Maria Lopez, by maria@acme.example"), "{dry}");
    assert!(dry.contains("  match: a1 Acme, by the domain acme.example"), "{dry}");
    assert!(dry.contains("  kind: reply (a new timeline: \"on Wednesday\")"), "{dry}");
    assert!(
        dry.contains(
            "offer-pleased.eml: from dana.kim@hooli.example, \"Offer: Senior Analyst\": no recorded person"
        ),
        "{dry}"
    );
    assert!(dry.contains("2 to record, 0 already recorded, 1 not matched, 0 left out."), "{dry}");
    assert!(dry.contains("Dry run: nothing was recorded."), "{dry}");

    let done = run(&["--yes"]);
    assert!(done.contains("Recorded 2 messages and 0 outcomes."), "{done}");
    let logged = home.json(&["message", "list", "--json"]);
    assert_eq!(logged.as_array().unwrap().len(), 2);
    assert!(logged[0]["source_id"].as_str().unwrap().ends_with("@fixture.example"), "{logged}");

    let before = home.snapshot();
    let again = run(&["--yes"]);
    assert!(again.contains("0 to record, 2 already recorded"), "{again}");
    assert!(again.contains("Nothing to import"), "{again}");
    assert_eq!(home.snapshot(), before);
}

#[test]
fn a_rejection_records_the_outcome_and_json_shows_the_plan() {
    let home = home();
    let file = fixture("rejection-other-candidates");
    let v = home.json(&["import", "email", &file, "--today", TODAY, "--dry-run", "--json"]);
    let m = &v["messages"][0];
    assert_eq!(m["kind"], "rejection");
    assert_eq!(m["action"], "log");
    assert_eq!(m["matched_by"]["by"], "person");
    assert_eq!(m["outcome"]["kind"], "rejection");
    assert!(m["reason"].as_str().unwrap().contains("move forward with other"), "{m}");
    let out = home.ok(&["import", "email", &file, "--today", TODAY, "--yes"]);
    assert!(
        out.contains("records: a received message (other), and the outcome: rejection on Thu 3 Dec"),
        "{out}"
    );
    assert!(out.contains("Recorded 1 message and 1 outcome."), "{out}");
    let apps = home.json(&["application", "list", "--json"]);
    assert_eq!(apps[1]["status"], "rejected");
}

#[test]
fn application_forces_the_match_and_no_terminal_means_no() {
    let home = home();
    let file = fixture("offer-pleased");
    let before = home.snapshot();
    let err = home.fails(2, &["import", "email", &file, "--today", TODAY, "--application", "a2"]);
    assert!(err.contains("Record 1 message and 1 outcome? Add --yes to confirm."), "{err}");
    assert_eq!(home.snapshot(), before);
    let out = home.ok(&["import", "email", &file, "--today", TODAY, "--application", "a2", "--yes"]);
    assert!(out.contains("match: a2 Northwind, as --application says"), "{out}");
    assert!(out.contains("the outcome: offer on Tue 8 Dec, to answer by Fri 11 Dec"), "{out}");
}

#[test]
fn a_file_that_is_not_mail_names_itself_and_what_is_wrong() {
    let home = home();
    let dir = home.path().join("files");
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("applications.csv");
    std::fs::write(&csv, "Company,Role\nAcme,Engineer\n").unwrap();
    let before = home.snapshot();
    let err = home.fails(2, &["import", "email", csv.to_str().unwrap(), "--yes"]);
    assert!(
        err.contains("applications.csv cannot be imported: message 1 (line 1): it is not an email"),
        "{err}"
    );
    assert!(err.contains("nothing was recorded"), "{err}");
    let empty = dir.join("empty.mbox");
    std::fs::write(&empty, "").unwrap();
    let err =
        home.fails(2, &["import", "email", &fixture("offer-pleased"), empty.to_str().unwrap(), "--yes"]);
    assert!(err.contains("empty.mbox cannot be imported: the file is empty"), "{err}");
    assert_eq!(home.snapshot(), before);
}

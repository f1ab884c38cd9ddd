//! A week in Maya's life (shared/JOURNEY.md), through the real binary, from
//! an empty data folder: every promise the journey makes is checked here.

mod util;

use util::Home;

#[test]
fn a_week_with_afterview() {
    let home = Home::new();
    home.ok(&["config", "set", "user.name", "Maya Patel"]);
    home.ok(&["config", "set", "user.profile", "running large robot fleets and keeping on-call calm"]);

    // Thursday 19 Nov, 3:40 pm: she records the panel on the bus.
    home.ok(&[
        "application",
        "add",
        "--company",
        "Acme Robotics",
        "--role",
        "Platform Engineer",
        "--culture",
        "startup",
    ]);
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
        "America/New_York",
        "--application",
        "a1",
        "--role",
        "hiring-manager",
    ]);
    home.ok(&[
        "person",
        "add",
        "--name",
        "Tom Chen",
        "--title",
        "Staff Engineer",
        "--email",
        "tom@acme.example",
        "--application",
        "a1",
    ]);
    home.ok(&[
        "interview",
        "add",
        "--application",
        "a1",
        "--start",
        "2026-11-19T14:30",
        "--duration",
        "60",
        "--stage",
        "panel",
        "--interviewer",
        "p1",
        "--interviewer",
        "p2",
        "--topic",
        "the warehouse-robot fleet dashboard",
        "--topic",
        "on-call load",
        "--promised",
        "a link to my portfolio",
        "--next-steps",
        "we should decide in two to three weeks",
    ]);
    // afterview reads the sentence back: decision expected by Thu 10 Dec.
    assert_eq!(
        home.ok(&["when", "we should decide in two to three weeks", "--from", "2026-11-19"]),
        "decision expected between Thu 3 Dec and Thu 10 Dec 2026 (\"in two to three weeks\" from Thu 19 Nov)\n"
    );

    // Thursday 3:45 pm: the agenda.
    let agenda = home.ok(&["agenda", "--today", "2026-11-19"]);
    assert!(
        agenda.contains(
            "Acme Robotics: thank-you note to Maria Lopez by email (latest Sat 21 Nov)  [thank-you:a1:p1]"
        ),
        "{agenda}"
    );
    assert!(
        agenda.contains(
            "Acme Robotics: thank-you note to Tom Chen by email (latest Sat 21 Nov)  [thank-you:a1:p2]"
        ),
        "{agenda}"
    );
    assert!(
        agenda.contains("send what you promised")
            && agenda.contains("save the interviewers to your contacts"),
        "{agenda}"
    );
    // The window closes Thu 10 Dec; the status check is the next business day, Fri 11 Dec.
    assert!(agenda.contains("Acme Robotics (Platform Engineer) until Fri 11 Dec"), "{agenda}");
    let json = home.json(&["agenda", "--today", "2026-11-19", "--json"]);
    let first = &json["due_today"][0];
    assert!(first["why"].as_str().unwrap().len() > 20 && !first["rules"].as_array().unwrap().is_empty());

    // Thursday 8 pm: drafts, each naming the right person and their topic.
    let maria = home.ok(&["draft", "thank-you:a1:p1", "--today", "2026-11-19"]);
    let tom = home.ok(&["draft", "thank-you:a1:p2", "--today", "2026-11-19"]);
    assert!(
        maria.contains("Dear Maria,") && maria.contains("the warehouse-robot fleet dashboard"),
        "{maria}"
    );
    assert!(tom.contains("Hi Tom,") && tom.contains("on-call load"), "{tom}");
    assert_ne!(maria.lines().skip(3).collect::<Vec<_>>(), tom.lines().skip(3).collect::<Vec<_>>());
    // She pastes a paragraph from an old note to Contoso into Tom's.
    home.ok(&["application", "add", "--company", "Contoso", "--role", "Software Engineer"]);
    let edited = tom.replace(
        "I think my background",
        "I have long admired Contoso's culture, and my compensaton-aware alerting work shows it. I think my background",
    );
    let note = home.path().join("tom.txt");
    std::fs::write(&note, edited.split_once("\n\n").unwrap().1).unwrap();
    let checked = home.run(&[
        "check",
        note.to_str().unwrap(),
        "--kind",
        "thank-you",
        "--to",
        "Tom Chen",
        "--application",
        "a1",
    ]);
    let findings: Vec<&str> = checked.stdout.lines().filter(|l| l.contains("]: ")).collect();
    assert_eq!(findings.len(), 2, "Contoso and compensaton, and nothing else:\n{}", checked.stdout);
    assert!(
        findings[0].contains("error[company-name]")
            && findings[1].contains("warning[spelling]: \"compensaton-aware\"")
    );
    // She fixes both and sends; logging the sent notes ticks the tasks off.
    home.ok(&["log", "--application", "a1", "--person", "p1", "--kind", "thank-you", "--date", "2026-11-19"]);
    home.ok(&["log", "--application", "a1", "--person", "p2", "--kind", "thank-you", "--date", "2026-11-19"]);
    let agenda = home.ok(&["agenda", "--today", "2026-11-19"]);
    assert!(!agenda.contains("[thank-you:a1:p1]") && !agenda.contains("[thank-you:a1:p2]"), "{agenda}");

    // Friday: into her phone's calendar; the status check rings on Fri 11 Dec.
    let ics = home.ok(&["export", "ics", "--today", "2026-11-20"]).replace("\r\n ", "");
    let event = ics
        .split("BEGIN:VEVENT")
        .find(|e| e.contains("UID:status-check:a1:1@afterview"))
        .expect("the status check");
    assert!(event.contains("DTSTART;VALUE=DATE:20261211") && event.contains("BEGIN:VALARM"), "{event}");

    // Tuesday 24 Nov: a rejection from another company.
    home.ok(&["application", "add", "--company", "Initech", "--role", "Data Engineer"]);
    home.ok(&[
        "person",
        "add",
        "--name",
        "Bill Lumbergh",
        "--email",
        "bill@initech.example",
        "--application",
        "a3",
        "--role",
        "hiring-manager",
    ]);
    home.ok(&[
        "interview",
        "add",
        "--application",
        "a3",
        "--start",
        "2026-11-16T10:00",
        "--stage",
        "video",
        "--interviewer",
        "p3",
    ]);
    home.ok(&["log", "--application", "a3", "--person", "p3", "--kind", "thank-you", "--date", "2026-11-16"]);
    home.ok(&["outcome", "add", "--application", "a3", "--kind", "rejection", "--date", "2026-11-24"]);
    home.ok(&["application", "edit", "a2", "--status", "withdrawn"]);
    let agenda = home.ok(&["agenda", "--today", "2026-11-24"]);
    // Two business days after Tue 24 Nov skip Thanksgiving (Thu 26): Fri 27 Nov.
    assert!(
        agenda.contains(
            "Initech: gracious reply to the rejection to Bill Lumbergh by email (latest Fri 27 Nov)"
        ),
        "{agenda}"
    );
    // Then, optionally, a LinkedIn connection: due Wed 25 Nov, latest five
    // business days on (27, 30 Nov, 1, 2, 3 Dec).
    assert!(agenda.contains("Wed 25 Nov  Initech: connect on LinkedIn (latest Thu 3 Dec)"), "{agenda}");
    assert!(agenda.contains("Only 1 application is still active: keep applying"), "{agenda}");

    // Wednesday 2 Dec: Globex offers, answer by the 9th.
    home.ok(&["application", "add", "--company", "Globex", "--role", "Backend Developer"]);
    home.ok(&[
        "outcome",
        "add",
        "--application",
        "a4",
        "--kind",
        "offer",
        "--date",
        "2026-12-02",
        "--deadline",
        "2026-12-09",
    ]);
    let agenda = home.ok(&["agenda", "--today", "2026-12-02"]);
    assert!(
        agenda.contains("Acme Robotics: offer notice (your offer from elsewhere) to Maria Lopez by email (latest Thu 3 Dec)  [offer-notice:a1:globex]"),
        "{agenda}"
    );
    assert!(agenda.contains("answer due Wed 9 Dec"), "{agenda}");
    let notice = home.ok(&["draft", "offer-notice:a1:globex", "--today", "2026-12-02"]);
    assert!(
        notice.contains("an offer from Globex")
            && notice.contains("by Wed 9 Dec")
            && notice.contains("I remain very interested in the role at Acme Robotics")
            && !notice.contains("first choice"),
        "{notice}"
    );
}

//! `afterview check` (the RULEBOOK §7 contract), `draft`, `words` and
//! `templates`, run for real.

mod util;

use util::Home;

const TODAY: &str = "2026-11-20";

fn demo_home() -> Home {
    let home = Home::new();
    home.ok(&["demo", "--today", TODAY]);
    home.ok(&["config", "set", "user.name", "Maya Patel"]);
    home
}

fn write(home: &Home, name: &str, text: &str) -> String {
    let path = home.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

const PASTED: &str = "Hi Tom,\n\nThank you for walking me through the fleet dashboard yesterday.\n\n\
I have long admired Contoso's engineering culture, and I believe my experience designing compensaton-aware \
alerting would let me contribute from day one. I'm excited about the chance to join.\n\nBest,\nMaya\n";

#[test]
fn the_journeys_pasted_paragraph_is_caught_and_nothing_else() {
    let home = demo_home();
    let note = write(&home, "tom.txt", PASTED);
    let out = home.run(&["check", &note, "--kind", "thank-you", "--to", "Tom Chen", "--application", "a1"]);
    assert_eq!(out.code, 1, "an error-level finding exits 1");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "{note}:5:21: error[company-name]: \"Contoso\" is another company you applied to; this note is for Acme Robotics"
        )
    );
    assert_eq!(lines[2], format!("   | {}^^^^^^^^^", " ".repeat(20)));
    assert!(lines[3].starts_with(&format!("{note}:5:90: warning[spelling]: \"compensaton-aware\" is not in the dictionary (did you mean \"compensation\"")), "{}", lines[3]);
    assert_eq!(lines.last().unwrap(), &format!("{note}: 1 error, 1 warning"));
}

#[test]
fn check_json_is_the_contract_and_stateless() {
    let home = Home::new();
    let note = write(&home, "n.txt", "Dear Maria,\n\nThank you! What is the salary range?\n\nMaya");
    let out = home.run(&[
        "check",
        &note,
        "--kind",
        "status-check",
        "--to",
        "Maria Lopez",
        "--company",
        "Acme",
        "--json",
    ]);
    assert_eq!(out.code, 1);
    // Findings come in the order they stand in the note.
    let expected = r#"{
  "findings": [
    {
      "code": "missing-interest",
      "severity": "warning",
      "line": 1,
      "column": 1,
      "excerpt": "Dear Maria,",
      "message": "say that you are still interested in the role, and what draws you to it",
      "rule": "§6 missing-interest"
    },
    {
      "code": "salary",
      "severity": "error",
      "line": 3,
      "column": 24,
      "excerpt": "salary range",
      "message": "\"salary range\": leave pay, benefits and time off until they make you an offer",
      "rule": "§6 salary"
    }
  ]
}
"#;
    assert_eq!(out.stdout, expected);
    assert!(!home.database().exists(), "check touches no database");
}

#[test]
fn a_good_note_passes_with_exit_0() {
    let home = Home::new();
    let good = "Dear Maria,\n\nThank you for meeting me about the fleet dashboard. My experience running large fleets fits \
                what you need, and I'm excited about the role.\n\nBest regards,\nMaya Patel\n";
    let out = home
        .cmd(&[
            "check",
            "-",
            "--kind",
            "thank-you",
            "--to",
            "Maria Lopez",
            "--company",
            "Acme Robotics",
            "--other-company",
            "Contoso",
            "--topic",
            "the fleet dashboard",
        ])
        .write_stdin(good)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "<stdin>: no findings: good to send.\n");
}

#[test]
fn warnings_alone_exit_0() {
    let home = Home::new();
    let note = write(
        &home,
        "w.txt",
        "Dear Maria,\n\nThank you for your time! Has anything changed? Any news? Shall I call?\n\nMaya",
    );
    let out = home.run(&["check", &note, "--kind", "status-check", "--to", "Maria Lopez"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.contains("warning[questions]"));
}

#[test]
fn what_is_not_a_note_is_refused_with_exit_2() {
    let home = Home::new();
    let empty = write(&home, "empty.txt", "  \n\n");
    let binary = home.path().join("photo.jpg");
    std::fs::write(&binary, [0xff, 0xd8, 0x00, 0x01]).unwrap();
    let latin1 = home.path().join("latin1.txt");
    std::fs::write(&latin1, b"Dear Ren\xe9e, thank you").unwrap();
    let big = home.path().join("big.txt");
    std::fs::write(&big, "word ".repeat(2_200_000)).unwrap();
    let cases = [
        (empty.as_str(), "is empty: there is nothing to check"),
        (binary.to_str().unwrap(), "looks like a binary file"),
        (latin1.to_str().unwrap(), "is not UTF-8 text (bad byte at offset 8)"),
        (big.to_str().unwrap(), "is larger than 1 MB"),
        ("/nonexistent/note.txt", "cannot read /nonexistent/note.txt"),
        // Regression (issue 9): a folder exited 1, as if the disk had failed.
        (home.path().to_str().unwrap(), "is a folder, not a note: give the note's file, or - to read"),
    ];
    for (file, expected) in cases {
        let err = home.fails(2, &["check", file, "--kind", "thank-you"]);
        assert!(err.contains(expected), "{file}: {err}");
    }
    home.fails(2, &["check", "x.txt", "--kind", "memo"]);
    home.fails(2, &["check", "--kind", "thank-you"]);
}

#[test]
fn notes_of_one_interview_are_checked_together() {
    let home = Home::new();
    let body = "Thank you for meeting me about the Platform Engineer role. I enjoyed our talk about the fleet dashboard, \
                and my experience running large fleets fits what you need. I'm excited about the role.\n\nBest,\nMaya\n";
    let a = write(&home, "maria.txt", &format!("Dear Maria,\n\n{body}"));
    let b = write(&home, "tom.txt", &format!("Hi Tom,\n\n{body}"));
    let out = home.run(&["check", &a, &b, "--kind", "thank-you", "--to", "Maria Lopez", "--to", "Tom Chen"]);
    assert!(
        out.stdout.contains(&format!(
            "{b}:1:1: warning[too-similar]: this note is the same as the one to Maria Lopez"
        )),
        "{}",
        out.stdout
    );
    let err = home.fails(2, &["check", &a, &b, "--kind", "thank-you", "--to", "A", "--to", "B", "--to", "C"]);
    assert!(err.contains("give one --to per file"), "{err}");
}

#[test]
fn the_personal_word_list_quiets_the_spelling_check() {
    let home = Home::new();
    let note = write(&home, "n.txt", "Dear Maria,\n\nThank you; the grafanix work excites me.\n\nMaya");
    let check = |home: &Home| home.run(&["check", &note, "--kind", "other", "--to", "Maria Lopez"]).stdout;
    assert!(check(&home).contains("warning[spelling]"));
    assert_eq!(home.ok(&["words", "add", "grafanix"]), "Added grafanix to your word list.\n");
    assert!(!check(&home).contains("warning[spelling]"), "{}", check(&home));
    assert_eq!(home.ok(&["words", "list"]), "grafanix\n");
    home.fails(2, &["words", "add", "two words"]);
    home.ok(&["words", "remove", "grafanix"]);
    assert!(check(&home).contains("warning[spelling]"));
}

#[test]
fn drafts_come_from_the_record_and_pass_the_check() {
    let home = demo_home();
    let out = home.run(&["draft", "thank-you:a1:p1", "--today", TODAY]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("Subject: Thank you for yesterday - Platform Engineer\n\nDear Maria,\n\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("the warehouse-robot fleet dashboard")
            && out.stdout.contains("a link to my portfolio")
    );
    assert!(out.stdout.ends_with("Best regards,\nMaya Patel\n"), "{}", out.stdout);
    assert!(
        !out.stderr.contains("warning[") && !out.stderr.contains("error["),
        "the draft passes the check: {}",
        out.stderr
    );
    // Tom's note differs, and the promise went with Maria's.
    let tom = home.ok(&["draft", "thank-you:a1:p2", "--today", TODAY]);
    assert!(tom.contains("Hi Tom,") && tom.contains("on-call load") && !tom.contains("portfolio"), "{tom}");
    // Saved, the two notes pass the checker together.
    let (m, t) = (write(&home, "m.txt", &out.stdout), write(&home, "t.txt", &tom));
    let both = home.run(&[
        "check",
        &m,
        &t,
        "--kind",
        "thank-you",
        "--to",
        "Maria Lopez",
        "--to",
        "Tom Chen",
        "--application",
        "a1",
    ]);
    assert_eq!(both.code, 0, "{}", both.stdout);
    assert!(!both.stdout.contains("warning["), "{}", both.stdout);
}

#[test]
fn drafts_to_a_file_an_email_or_a_link() {
    let home = demo_home();
    let eml = home.path().join("note.eml");
    home.ok(&["draft", "offer-notice:a1:globex", "--today", TODAY, "--eml", eml.to_str().unwrap()]);
    let text = std::fs::read_to_string(&eml).unwrap();
    assert!(text.contains("To: Maria Lopez <maria@acme-robotics.example>\r\n"), "{text}");
    assert!(
        text.contains("Subject: An update on my timeline\r\n") && text.contains("X-Unsent: 1\r\n"),
        "{text}"
    );
    assert!(text.contains("an offer from Globex and have been asked to respond by Thu 26 Nov"), "{text}");
    let err =
        home.fails(2, &["draft", "offer-notice:a1:globex", "--today", TODAY, "--eml", eml.to_str().unwrap()]);
    assert!(err.contains("already exists"), "{err}");
    let link = home.ok(&["draft", "rejection-reply:a4", "--today", TODAY, "--mailto"]);
    assert!(
        link.starts_with(
            "mailto:priya@contoso.example?subject=Thank%20you&body=Dear%20Priya%2C%0A%0AThank%20you"
        ),
        "{link}"
    );
    let out = home.path().join("draft.txt");
    home.ok(&[
        "draft",
        "--kind",
        "status-check",
        "--to",
        "Bill Lumbergh",
        "--application",
        "a3",
        "--today",
        TODAY,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("Subject: Checking in on the Data Engineer role\n\nDear Bill,")
    );
    let err = home.fails(1, &["draft", "save-contacts:a1", "--today", TODAY]);
    assert!(err.contains("needs no message"), "{err}");
    let err = home.fails(1, &["draft", "thank-you:a99:p1", "--today", TODAY]);
    assert!(err.contains("there is no task \"thank-you:a99:p1\""), "{err}");
}

#[test]
fn your_own_template_replaces_the_builtin_and_a_broken_one_names_its_line() {
    let home = demo_home();
    let dir = home.ok(&["templates", "path"]);
    let dir = std::path::Path::new(dir.trim());
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("thank-you.txt"), "Subject: Thanks!\nDear {{ to.first_name }},\n\nThank you for {{ when }}. I'm keen on the {{ role }} role; my experience fits.\n\n{{ user.name }}\n").unwrap();
    let out = home.ok(&["draft", "thank-you:a1:p1", "--today", TODAY]);
    assert!(out.starts_with("Subject: Thanks!\n\nDear Maria,\n\nThank you for yesterday."), "{out}");
    assert!(home.ok(&["templates", "check"]).contains("thank-you: "));
    std::fs::write(
        dir.join("status-check.txt"),
        "Subject: x\nDear {{ to.first_name }},\n{% if decision %}\nno end\n",
    )
    .unwrap();
    let out = home.run(&["templates", "check"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("status-check.txt: line 3: "), "{}", out.stdout);
    assert!(home.ok(&["templates", "show", "holiday-greeting"]).starts_with("Subject: Season's greetings"));
}

/// Regression: a store or file failure was wrapped as a usage error, so a
/// disk problem exited 2 ("you typed it wrong"). It is the machine's: 1.
#[test]
fn a_file_that_cannot_be_written_is_not_bad_usage() {
    let home = Home::new();
    std::fs::create_dir_all(home.path().join("words.txt")).unwrap();
    let err = home.fails(1, &["words", "add", "Kubernetes"]);
    assert!(err.contains("words.txt"), "{err}");
}

/// Regression (issue 9): a long one-line note with many findings reprinted
/// the whole line under each finding (a 750 KB note grew to 24 GB). Lines
/// are cut around the finding, and the listing stops after 200 findings.
#[test]
fn a_huge_note_gives_a_small_report() {
    let home = Home::new();
    let words = ["salary", "desperate", "recieve", "teh", "thank", "you", "[Name]", "very", "interested"];
    let body: Vec<&str> = (0..40_000).map(|n| words[n * 7 % words.len()]).collect();
    let note = write(&home, "huge.txt", &format!("Dear Maria, {}\n", body.join(" ")));
    let out = home.run(&["check", &note, "--kind", "thank-you", "--to", "Maria Lopez"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.len() < 100_000, "{} bytes of report", out.stdout.len());
    assert!(
        out.stdout.contains("more findings (`--json` lists them all)"),
        "{}",
        &out.stdout[out.stdout.len() - 300..]
    );
    assert!(out.stdout.lines().all(|l| l.chars().count() < 200), "every line is cut");
}

/// Regression (issue 9): a panelist's draft checked as a note to the other
/// panelist printed "no findings: good to send".
#[test]
fn a_draft_checked_for_the_wrong_person_is_an_error() {
    let home = demo_home();
    let p1 = home.path().join("p1.txt");
    home.ok(&["draft", "thank-you:a1:p1", "--today", TODAY, "--out", p1.to_str().unwrap()]);
    let out = home.run(&[
        "check",
        p1.to_str().unwrap(),
        "--kind",
        "thank-you",
        "--to",
        "Tom Chen",
        "--application",
        "a1",
    ]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("error[recipient-name]: the greeting names Maria Lopez, but this note is to Tom Chen"),
        "{}",
        out.stdout
    );
    let right = home.run(&[
        "check",
        p1.to_str().unwrap(),
        "--kind",
        "thank-you",
        "--to",
        "Maria Lopez",
        "--application",
        "a1",
    ]);
    assert_eq!(right.code, 0, "{}", right.stdout);
}

/// Regression (issue 9): `templates check` said "ok" to a template that
/// `draft` then refused.
#[test]
fn templates_check_refuses_what_draft_refuses() {
    let home = demo_home();
    let dir = home.ok(&["templates", "path"]);
    let dir = std::path::Path::new(dir.trim());
    std::fs::create_dir_all(dir).unwrap();
    for (template, problem) in [
        ("Subject: Hi {{ nonsense }}\nDear {{ to.first_name }},\n", "line 1: `nonsense` is undefined"),
        ("Subject: x\n{{ to.name|nosuchfilter }}\n", "line 2: filter nosuchfilter is unknown"),
    ] {
        std::fs::write(dir.join("thank-you.txt"), template).unwrap();
        let draft = home.fails(1, &["draft", "thank-you:a1:p1", "--today", TODAY]);
        assert!(draft.contains(problem), "{draft}");
        let out = home.run(&["templates", "check"]);
        assert_eq!(out.code, 1, "{}", out.stdout);
        assert!(out.stdout.contains(&format!("thank-you.txt: {problem}")), "{}", out.stdout);
    }
}

//! `afterview export csv | json | contacts | report` and `import json` run
//! as the real binary: the round trips (CSV out and in again keeps every
//! column; a snapshot restored into an empty folder exports the same bytes),
//! the refusals (a folder with data, a newer version, malformed JSON, a
//! period backwards, a path that cannot be written), each with nothing
//! written.

mod util;

use std::collections::HashMap;

use util::Home;

/// The demo, with a word, a template, a name, an .ics export and the
/// contacts export done: something in every part of a snapshot.
fn full_home() -> Home {
    let home = Home::new();
    home.ok(&["demo"]);
    home.ok(&["words", "add", "Grafanix"]);
    home.ok(&["config", "set", "user.name", "Sam Rivera"]);
    std::fs::create_dir_all(home.path().join("templates")).unwrap();
    std::fs::write(home.path().join("templates/connect.txt"), "Hi {{ name }}, good to meet you.\n").unwrap();
    home.ok(&["export", "ics"]);
    home.ok(&["export", "contacts", "--out", home.path().join("p.vcf").to_str().unwrap()]);
    home
}

fn rows(text: &str) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let heads: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    r.records()
        .map(|rec| heads.iter().cloned().zip(rec.unwrap().iter().map(str::to_owned)).collect())
        .collect()
}

#[test]
fn csv_out_and_in_again_keeps_every_column() {
    let home = full_home();
    home.ok(&[
        "application",
        "edit",
        "a1",
        "--applied",
        "2026-11-02",
        "--notes",
        "Met them at a meetup, twice; \"great\"\nsecond line",
    ]);
    let first = home.ok(&["export", "csv"]);
    assert!(first.contains(",2026-11-02,"), "{first}");
    let file = home.path().join("apps.csv");
    std::fs::write(&file, &first).unwrap();
    let other = Home::new();
    other.ok(&["import", "csv", file.to_str().unwrap(), "--yes"]);
    let second = other.ok(&["export", "csv"]);
    let (a, b) = (rows(&first), rows(&second));
    assert_eq!(a.len(), 8);
    assert_eq!(a.len(), b.len());
    const FACTS: [&str; 8] =
        ["Company", "Role", "Status", "Applied Date", "URL", "Source", "Contact Name", "Contact Email"];
    for (x, y) in a.iter().zip(&b) {
        for h in FACTS {
            assert_eq!(x[h], y[h], "{h} of {}", x["Company"]);
        }
        // What afterview worked out comes back in the notes.
        for (h, v) in
            x.iter().filter(|(h, v)| !FACTS.contains(&h.as_str()) && h.as_str() != "Notes" && !v.is_empty())
        {
            assert!(y["Notes"].contains(&format!("{h}: {v}")), "{h}: {v} in {:?}", y["Notes"]);
        }
        assert!(y["Notes"].starts_with(x["Notes"].as_str()), "the notes first");
    }
    // Out and in once more: the same notes, no line of them twice.
    let file = other.path().join("apps.csv");
    std::fs::write(&file, &second).unwrap();
    let third = Home::new();
    third.ok(&["import", "csv", file.to_str().unwrap(), "--yes"]);
    let c = rows(&third.ok(&["export", "csv"]));
    for (y, z) in b.iter().zip(&c) {
        assert_eq!(y["Notes"], z["Notes"], "{}", y["Company"]);
    }
}

#[test]
fn a_snapshot_restored_into_an_empty_folder_exports_the_same_bytes() {
    let home = full_home();
    let first = home.ok(&["export", "json"]);
    assert!(first.starts_with("{\n  \"format\": \"afterview-snapshot\",\n  \"version\": 1,"));
    for part in [
        "\"folder_id\"",
        "\"demo\"",
        "Grafanix",
        "connect",
        "Sam Rivera",
        "\"fingerprint\"",
        "save-contacts:",
    ] {
        assert!(first.contains(part), "{part}");
    }
    let file = home.path().join("snapshot.json");
    let said = home.ok(&["export", "json", "--out", file.to_str().unwrap()]);
    assert!(said.contains("keep it as private"), "{said}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), first);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "it holds the feed's secret: readable by the user only");
    }

    let other = Home::new();
    let restored = other.ok(&["import", "json", file.to_str().unwrap()]);
    assert!(restored.contains("Restored 8 applications, 13 people"), "{restored}");
    assert_eq!(other.ok(&["export", "json"]), first, "byte-identical");
    assert_eq!(other.ok(&["agenda"]), home.ok(&["agenda"]), "the same agenda, task ids and all");
    assert_eq!(other.ok(&["words", "list"]), home.ok(&["words", "list"]));

    // Again, over what is there now: refused, with the fix, nothing changed.
    let before = other.ok(&["export", "json"]);
    let err = other.fails(1, &["import", "json", file.to_str().unwrap()]);
    assert!(err.contains("restored into an empty data folder only"), "{err}");
    assert!(err.contains("AFTERVIEW_HOME="), "{err}");
    assert_eq!(other.ok(&["export", "json"]), before);
}

#[test]
fn a_folder_with_only_a_settings_file_of_its_own_is_not_empty() {
    let home = full_home();
    let file = home.path().join("snapshot.json");
    home.ok(&["export", "json", "--out", file.to_str().unwrap()]);
    let other = Home::new();
    other.ok(&["config", "set", "user.name", "Someone Else"]);
    let err = other.fails(1, &["import", "json", file.to_str().unwrap()]);
    assert!(err.contains("config.toml already holds data"), "{err}");
    assert!(other.ok(&["application", "list"]).contains("No applications"), "nothing restored");
}

#[test]
fn bad_snapshots_are_refused_with_where_and_nothing_is_written() {
    let home = full_home();
    let good = home.ok(&["export", "json"]);
    let cases = [
        (good.replacen("\"stage\": \"panel\"", "\"stage\": 7", 1), "at interviews["),
        (good.replacen("\"version\": 1", "\"version\": 2", 1), "newer than this afterview reads (up to 1)"),
        (good[..good.len() / 2].to_owned(), "the file is not JSON"),
        ("{\"hello\": 1}".to_owned(), "not an afterview snapshot"),
    ];
    for (text, says) in cases {
        let other = Home::new();
        let file = other.path().join("bad.json");
        std::fs::write(&file, &text).unwrap();
        let err = other.fails(2, &["import", "json", file.to_str().unwrap()]);
        assert!(err.contains(says), "{says} in {err}");
        assert!(err.contains("nothing was restored"), "{err}");
        assert!(!other.path().join("config.toml").exists() && !other.database().exists(), "nothing written");
    }
}

#[test]
fn contacts_tick_the_save_contacts_tasks_unless_told_not_to() {
    let home = Home::new();
    home.ok(&["demo"]);
    let agenda = home.ok(&["agenda"]);
    assert!(agenda.contains("save-contacts:"), "{agenda}");
    let kept =
        home.ok(&["export", "contacts", "--no-tick", "--out", home.path().join("a.vcf").to_str().unwrap()]);
    assert!(kept.contains("(--no-tick)"), "{kept}");
    assert!(home.ok(&["agenda"]).contains("save-contacts:"));
    let file = home.path().join("people.vcf");
    let said = home.ok(&["export", "contacts", "--out", file.to_str().unwrap()]);
    assert!(said.contains("Wrote 13 contacts to"), "{said}");
    assert!(said.contains("Marked done: save the interviewers to your contacts for Acme Robotics"), "{said}");
    assert!(!home.ok(&["agenda"]).contains("save-contacts:"));
    let cards = std::fs::read_to_string(&file).unwrap();
    assert_eq!(cards.matches("BEGIN:VCARD\r\n").count(), 13);
    assert!(cards.contains("NOTE:Interviewer on "), "{cards}");
    // To standard output: the cards alone, what was done on stderr.
    let out = home.run(&["export", "contacts"]);
    assert!(out.stdout.starts_with("BEGIN:VCARD\r\n"));
    assert_eq!(out.stdout, cards, "the same cards, the same UIDs");
}

#[test]
fn the_report_of_a_period_as_html_and_csv() {
    let home = Home::new();
    home.ok(&["demo"]);
    home.ok(&["config", "set", "user.name", "Sam Rivera"]);
    let html = home.ok(&["export", "report", "--from", "2020-01-01", "--to", "2030-12-31"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    // A period reaching past today ends today: the report tells what was done.
    assert!(html.contains("<strong>Sam Rivera</strong> · Wed 1 Jan 2020 to "), "{html}");
    assert!(!html.contains("2030"), "{html}");
    assert!(html.contains("Acme Robotics") && html.contains("@media print"));
    let csv = home.ok(&["export", "report", "--from", "2020-01-01", "--to", "2030-12-31", "--format", "csv"]);
    assert!(csv.starts_with("Date,Company,Role,Activity,Channel,With,Applied,Posting,Outcome\n"), "{csv}");
    // The user's date order: month first by default, day first when set so.
    let us = home.ok(&["export", "report", "--from", "01/01/2020", "--to", "12/31/2030", "--format", "csv"]);
    assert_eq!(us, csv);
    home.ok(&["config", "set", "calendar.date_order", "day-month"]);
    let uk = home.ok(&["export", "report", "--from", "01/01/2020", "--to", "31/12/2030", "--format", "csv"]);
    assert_eq!(uk, csv);
}

#[test]
fn bad_periods_and_paths_say_so_and_write_nothing() {
    let home = Home::new();
    home.ok(&["demo"]);
    let out = home.path().join("r.html");
    let err = home.fails(
        2,
        &["export", "report", "--from", "2026-11-30", "--to", "2026-11-01", "--out", out.to_str().unwrap()],
    );
    assert!(err.contains("--from: 2026-11-30 is after the end of the period (2026-11-01)"), "{err}");
    assert!(!out.exists());
    let err = home.fails(2, &["export", "report", "--from", "next week", "--to", "2026-11-01"]);
    assert!(err.contains("--from:") && err.contains("2026-11-20"), "{err}");
    let nowhere = home.path().join("no/such/folder/apps.csv");
    let err = home.fails(1, &["export", "csv", "--out", nowhere.to_str().unwrap()]);
    assert!(err.contains("cannot write") && err.contains("nothing was written"), "{err}");
    assert!(!home.path().join("no").exists());
}

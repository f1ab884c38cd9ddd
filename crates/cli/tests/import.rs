//! `afterview import csv` on the fixtures of the core: the preview, the
//! refusal without a terminal, --dry-run, and a bad row that records
//! nothing.

mod util;

use util::Home;

fn fixture(name: &str) -> String {
    format!("{}/../core/tests/fixtures/csv/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn previews_then_imports_each_shape() {
    let home = Home::new();
    for (file, companies) in [
        ("reactive-resume.csv", ["Brightwell Analytics", "Northgate Logistics", "Harbor & Finch"]),
        ("jobsync.csv", ["Quillstone Health", "Tessellate", "Orchard Robotics"]),
        ("linkedin.csv", ["Lumen Freight", "Cobalt Ridge Energy", "Verdant Labs"]),
    ] {
        let path = fixture(file);
        let dry = home.ok(&["import", "csv", &path, "--dry-run"]);
        assert!(dry.contains("HEADING") && dry.contains("kept in the notes"), "{dry}");
        assert!(dry.contains("Dry run: nothing was recorded."), "{dry}");
        for c in companies {
            assert!(dry.contains(c), "{c} in {dry}");
        }
        let done = home.ok(&["import", "csv", &path, "--yes"]);
        assert!(done.contains("Recorded 3 applications"), "{done}");
    }
    let apps = home.json(&["application", "list", "--json"]);
    assert_eq!(apps.as_array().unwrap().len(), 9);

    // The same file again: every row is skipped, nothing changes.
    let before = home.snapshot();
    let again = home.ok(&["import", "csv", &fixture("jobsync.csv"), "--yes"]);
    assert!(again.contains("skip: already a4"), "{again}");
    assert!(again.contains("Nothing to import"), "{again}");
    assert_eq!(home.snapshot(), before);
}

#[test]
fn without_a_terminal_or_yes_it_refuses_and_says_the_fix() {
    let home = Home::new();
    let before = home.snapshot();
    let err = home.fails(2, &["import", "csv", &fixture("linkedin.csv")]);
    assert!(err.contains("Record 3 applications? Add --yes to confirm."), "{err}");
    assert_eq!(home.snapshot(), before);
}

#[test]
fn a_bad_row_names_line_and_column_and_records_nothing() {
    let home = Home::new();
    let before = home.snapshot();
    let err = home.fails(2, &["import", "csv", &fixture("bad-date.csv"), "--yes"]);
    assert!(err.contains("line 3, column \"Stage Date\": \"next Tuesday\" is not a date"), "{err}");
    assert!(err.contains("nothing was recorded"), "{err}");
    assert_eq!(home.snapshot(), before);
}

#[test]
fn dry_run_json_is_the_preview() {
    let home = Home::new();
    let v = home.json(&["import", "csv", &fixture("reactive-resume.csv"), "--dry-run", "--json"]);
    assert_eq!(v["columns"][5]["heading"], "Salary");
    assert_eq!(v["columns"][5]["field"], serde_json::Value::Null);
    assert_eq!(v["rows"][0]["action"], "add");
    assert_eq!(v["rows"][0]["application"]["company"], "Brightwell Analytics");
    assert_eq!(v["rows"][0]["contact"]["email"], "priya.raman@brightwell.example");
}

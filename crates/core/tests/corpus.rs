//! The checker against a corpus of realistic notes (tests/corpus/*.note):
//! good notes in several tones that must raise nothing, and faulty ones
//! whose exact findings are listed in their header. Add a file for every
//! false alarm found.
//!
//! The `real-*` notes are written afresh in the shapes of sample notes
//! published by university career centres and advice sites (issue 10). Half
//! of that set is held out in `bench/notes-heldout/`: it is never tuned
//! against, only reported on (`bash bench/heldout.sh`).
//!
//! A note file starts with a header, then `---`, then the note:
//!
//! ```text
//! kind: thank-you
//! to: Maria Lopez
//! company: Acme Robotics
//! other: Contoso; Globex
//! topics: the fleet dashboard; on-call load
//! names: Maya Patel
//! offer: yes
//! expect: recipient-name 1:6; spelling 4:12
//! ---
//! Dear Mria, …
//! ```
//!
//! `offer: yes` says the application holds an offer from this employer.

use std::path::Path;

use afterview_core::check::{Context, check};
use afterview_core::kinds::MessageKind;
use afterview_core::settings::Checker;

fn list(v: &str) -> Vec<String> {
    v.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// How a directory of notes fared.
#[derive(Default)]
struct Report {
    good: usize,
    faulty: usize,
    /// Findings raised that the header does not expect.
    false_findings: usize,
    /// Expected findings not raised.
    missed: usize,
    failures: Vec<String>,
}

fn judge(dir: &Path) -> Report {
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut r = Report::default();
    for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "note")) {
        let content = std::fs::read_to_string(path).unwrap();
        let (header, note) =
            content.split_once("\n---\n").unwrap_or_else(|| panic!("{}: no --- line", path.display()));
        let mut ctx = Context::default();
        let mut kind = MessageKind::ThankYou;
        let mut expect: Vec<String> = Vec::new();
        for line in header.lines() {
            let (key, value) =
                line.split_once(':').unwrap_or_else(|| panic!("{}: bad header {line:?}", path.display()));
            let value = value.trim();
            match key.trim() {
                "kind" => kind = value.parse().unwrap(),
                "to" => ctx.recipient = Some(value.to_owned()),
                "company" => ctx.company = Some(value.to_owned()),
                "role" => ctx.role = Some(value.to_owned()),
                "other" => ctx.other_companies = list(value),
                "topics" => ctx.topics = list(value),
                "names" => ctx.names = list(value),
                "words" => ctx.words = list(value),
                "offer" => ctx.offer_made = value == "yes",
                "expect" => expect = list(value),
                other => panic!("{}: unknown header {other}", path.display()),
            }
        }
        let findings = check(note, kind, &ctx, &Checker::default());
        let got: Vec<String> =
            findings.iter().map(|f| format!("{} {}:{}", f.code, f.line, f.column)).collect();
        if expect.is_empty() {
            r.good += 1
        } else {
            r.faulty += 1
        }
        r.false_findings += got.iter().filter(|g| !expect.contains(g)).count();
        r.missed += expect.iter().filter(|e| !got.contains(e)).count();
        if got != expect {
            let detail: Vec<String> = findings
                .iter()
                .map(|f| format!("      {} {}:{} {:?}: {}", f.code, f.line, f.column, f.excerpt, f.message))
                .collect();
            r.failures.push(format!(
                "  {}: expected [{}], got [{}]\n{}",
                path.file_name().unwrap().to_string_lossy(),
                expect.join("; "),
                got.join("; "),
                detail.join("\n")
            ));
        }
    }
    r
}

#[test]
fn every_note_in_the_corpus_gets_exactly_its_findings() {
    let r = judge(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus"));
    assert!(r.good >= 12 && r.faulty >= 19, "the corpus has {} good and {} faulty notes", r.good, r.faulty);
    assert!(
        r.failures.is_empty(),
        "{} of {} notes misjudged:\n{}",
        r.failures.len(),
        r.good + r.faulty,
        r.failures.join("\n")
    );
}

/// The held-out notes, reported and never asserted on: a score to read
/// (`bash bench/heldout.sh`), not a target to tune the rules against.
#[test]
#[ignore = "a report on the held-out notes: bash bench/heldout.sh"]
fn held_out_notes_report() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/notes-heldout");
    let r = judge(&dir);
    println!(
        "held-out notes: {} ({} good, {} faulty); {} false findings, {} missed; {} notes misjudged",
        r.good + r.faulty,
        r.good,
        r.faulty,
        r.false_findings,
        r.missed,
        r.failures.len()
    );
    for f in &r.failures {
        println!("{f}");
    }
}

//! The checker against a corpus of realistic notes (tests/corpus/*.note):
//! good notes in several tones that must raise nothing, and faulty ones
//! whose exact findings are listed in their header. Add a file for every
//! false alarm found.
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
//! expect: recipient-name 1:6; spelling 4:12
//! ---
//! Dear Mria, …
//! ```

use afterview_core::check::{Context, check};
use afterview_core::kinds::MessageKind;
use afterview_core::settings::Checker;

fn list(v: &str) -> Vec<String> {
    v.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

#[test]
fn every_note_in_the_corpus_gets_exactly_its_findings() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut failures = Vec::new();
    let (mut good, mut faulty) = (0, 0);
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
                "expect" => expect = list(value),
                other => panic!("{}: unknown header {other}", path.display()),
            }
        }
        let findings = check(note, kind, &ctx, &Checker::default());
        let got: Vec<String> =
            findings.iter().map(|f| format!("{} {}:{}", f.code, f.line, f.column)).collect();
        if expect.is_empty() {
            good += 1
        } else {
            faulty += 1
        }
        if got != expect {
            let detail: Vec<String> = findings
                .iter()
                .map(|f| format!("      {} {}:{} {:?}: {}", f.code, f.line, f.column, f.excerpt, f.message))
                .collect();
            failures.push(format!(
                "  {}: expected [{}], got [{}]\n{}",
                path.file_name().unwrap().to_string_lossy(),
                expect.join("; "),
                got.join("; "),
                detail.join("\n")
            ));
        }
    }
    assert!(good >= 12 && faulty >= 19, "the corpus has {good} good and {faulty} faulty notes");
    assert!(
        failures.is_empty(),
        "{} of {} notes misjudged:\n{}",
        failures.len(),
        good + faulty,
        failures.join("\n")
    );
}

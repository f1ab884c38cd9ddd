//! Replays every kept fuzz input through its target on stable: the
//! minimised corpus under `fuzz/corpus/<target>/` and the inputs that once
//! found a bug under `fuzz/regressions/<target>/`. A target whose corpus is
//! missing or empty fails, so this test can never pass by finding nothing.

use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> =
        entries.map(|e| e.expect("a readable folder").path()).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

fn replay(name: &str) {
    let (_, target) = afterview_fuzz_targets::TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no target {name}"));
    let corpus = files(&fuzz_dir().join("corpus").join(name));
    assert!(
        !corpus.is_empty(),
        "fuzz/corpus/{name} is missing or empty: seed it and run `cargo fuzz cmin {name}`"
    );
    let regressions = files(&fuzz_dir().join("regressions").join(name));
    let mut failed = Vec::new();
    for path in corpus.iter().chain(&regressions) {
        let data = std::fs::read(path).expect("a readable file");
        if std::panic::catch_unwind(|| target(&data)).is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(failed.is_empty(), "{name}: {} inputs fail:\n{}", failed.len(), failed.join("\n"));
}

#[test]
fn every_target_has_a_test_here() {
    let names: Vec<&str> = afterview_fuzz_targets::TARGETS.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        ["timeline", "check", "plan", "ics", "settings", "csv", "snapshot", "email", "invite"],
        "add a #[test] below for a new target"
    );
    for name in names {
        let source = fuzz_dir().join("fuzz_targets").join(format!("{name}.rs"));
        assert!(source.is_file(), "{} is missing: every target runs under cargo fuzz", source.display());
    }
}

#[test]
fn timeline() {
    replay("timeline");
}

#[test]
fn check() {
    replay("check");
}

#[test]
fn plan() {
    replay("plan");
}

#[test]
fn ics() {
    replay("ics");
}

#[test]
fn csv() {
    replay("csv");
}

#[test]
fn snapshot() {
    replay("snapshot");
}

#[test]
fn settings() {
    replay("settings");
}

#[test]
fn email() {
    replay("email");
}

#[test]
fn invite() {
    replay("invite");
}

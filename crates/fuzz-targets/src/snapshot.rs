//! The snapshot reader behind `afterview import json`: a file's bytes to a
//! checked [`Snapshot`], or an error saying where and the fix. What reads
//! is written back to the same document: reading what was written gives
//! the same snapshot and the same bytes (the restore's byte-identity).

use afterview_core::export::snapshot::parse;

pub fn snapshot(data: &[u8]) {
    let s = match parse(data) {
        Ok(s) => s,
        Err(e) => {
            assert!(!e.problem.is_empty() && !e.fix.is_empty(), "an error says what and the fix: {e:?}");
            assert!(e.path.as_deref().is_none_or(|p| !p.is_empty()), "a path names something: {e:?}");
            return;
        }
    };
    let text = s.to_json();
    let again = parse(text.as_bytes()).unwrap_or_else(|e| panic!("what was written reads back: {e}\n{text}"));
    assert_eq!(again.to_json(), text, "written twice, the same bytes");
    for e in &s.exported_events {
        assert!(e.to_event().is_some(), "a checked snapshot's events all convert");
    }
}

//! The spreadsheet reader behind `afterview import csv`: a CSV file's bytes
//! to proposed applications, refused whole (with where) or read whole.

use afterview_core::import::csv::{Field, read};

pub fn csv(data: &[u8]) {
    let sheet = match read(data) {
        Ok(sheet) => sheet,
        Err(e) => {
            assert!(!e.problem.is_empty() && !e.fix.is_empty(), "an error says what and the fix: {e:?}");
            assert!(e.line.is_none_or(|l| l >= 1), "lines count from 1: {e:?}");
            return;
        }
    };
    assert!(!sheet.proposals.is_empty(), "a sheet read has at least one row");
    for need in [Field::Company, Field::Role] {
        assert_eq!(sheet.columns.iter().filter(|c| c.field == Some(need)).count(), 1, "one {need} column");
    }
    let mut last = 1;
    for p in &sheet.proposals {
        assert!(p.line > last, "rows come in file order, after the headings");
        last = p.line;
        let a = &p.application;
        for v in [&a.company, &a.role] {
            assert!(!v.trim().is_empty() && !v.chars().any(char::is_control), "{v:?}");
        }
        assert_eq!(p.applied, a.applied_on, "the applied day is the application's field");
        serde_json::to_string(p).expect("a proposal serialises");
    }
}

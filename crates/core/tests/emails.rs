//! The email classifier on fixture emails written for this project in the
//! shapes of real ones (rejections, offers, invitations, recruiters'
//! replies, the candidate's own thank-yous and status checks). Each file
//! names the kind it should get in an `X-Afterview-Expect` header; a file
//! from `jordan@mail.example`, the fixtures' user, was sent.
//!
//! `tests/emails` is the half the phrases were written against: every kind
//! must be right. `bench/emails-heldout` is the half kept out of that work
//! and only reported (`bash bench/emails-heldout.sh`).

use std::path::Path;

use afterview_core::calendar::{Calendar, Region};
use afterview_core::import::email::{self, classify};
use afterview_core::kinds::{DateOrder, Direction};
use afterview_core::timeline::Context;

const USER: &str = "jordan@mail.example";

/// Every misjudged file of `dir`, as "file: expected X, got Y (reason)".
fn judge(dir: &Path) -> (usize, Vec<String>) {
    let zone = jiff::tz::db().get("America/New_York").unwrap();
    let calendar = Calendar::new(Region::US);
    let ctx = Context { calendar: &calendar, date_order: DateOrder::MonthDay };
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut wrong = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let expect = text
            .lines()
            .find_map(|l| l.strip_prefix("X-Afterview-Expect: "))
            .unwrap_or_else(|| panic!("{} names no expected kind", path.display()))
            .trim()
            .to_owned();
        let mail = email::read(&bytes, &zone).unwrap().remove(0);
        let sent = mail.from.as_ref().is_some_and(|a| a.email == USER);
        let c = classify(&mail, if sent { Direction::Out } else { Direction::In }, ctx);
        if c.kind.as_str() != expect {
            let name = path.file_name().unwrap().to_string_lossy();
            wrong.push(format!("{name}: expected {expect}, got {} ({})", c.kind, c.reason));
        }
    }
    (files.len(), wrong)
}

#[test]
fn every_fixture_email_gets_its_kind() {
    let (n, wrong) = judge(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emails"));
    assert!(n >= 12);
    assert!(wrong.is_empty(), "{} of {n} misjudged:\n{}", wrong.len(), wrong.join("\n"));
}

/// A report, not a target to tune the phrases against.
#[test]
#[ignore = "a report on the held-out emails: bash bench/emails-heldout.sh"]
fn held_out_emails_report() {
    let (n, wrong) = judge(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/emails-heldout"));
    println!("held-out emails: {n}; {} wrong kinds", wrong.len());
    for w in &wrong {
        println!("{w}");
    }
}

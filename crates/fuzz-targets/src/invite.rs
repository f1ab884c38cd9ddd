//! The invite reader behind `afterview import invite`: an `.ics` or `.eml`
//! file's bytes to invites (`core::import::invite::read`), refused whole
//! with where and the fix, or read into values that are safe to record and
//! to print; then what the import would record (`app::import::invite_preview`,
//! on an empty database), which must refuse cleanly or propose a plan.

use std::cell::RefCell;

use afterview_app::import::{InviteAction, InviteFile, InviteOptions, invite_preview};
use afterview_core::import::invite::{Options, read};
use afterview_core::settings::Settings;
use afterview_sqlite::SqliteStore;
use jiff::tz::TimeZone;

thread_local! {
    // One empty database for every run: opening one costs more than a run.
    static STORE: RefCell<SqliteStore> = RefCell::new(SqliteStore::open_in_memory().expect("an in-memory database"));
}

/// One line of text as afterview records it: printable, not endless.
fn printable(v: &str, max: usize, what: &str) {
    let bidi = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    assert!(!v.chars().any(|c| c.is_control() || bidi(c)), "{what} is not one printable line: {v:?}");
    assert!(v.chars().count() <= max, "{what} is longer than {max}: {v:?}");
}

pub fn invite(data: &[u8]) {
    let options = Options { time_zone: None, user_zone: TimeZone::get("America/New_York").expect("a zone") };
    let invites = match read(data, &options) {
        Ok(invites) => invites,
        Err(e) => {
            assert!(!e.problem.is_empty() && !e.fix.is_empty(), "an error says what and the fix: {e:?}");
            assert!(e.line.is_none_or(|l| l >= 1), "lines count from 1: {e:?}");
            return;
        }
    };
    assert!(!invites.is_empty(), "an invite read holds an event");
    for i in &invites {
        assert!(!i.uid.trim().is_empty(), "every invite has a UID");
        assert!(
            (1..=12 * 60).contains(&i.duration_minutes),
            "a length of one interview: {}",
            i.duration_minutes
        );
        assert!(afterview_core::values::YEARS.contains(&i.start.year()), "a start in the years: {}", i.start);
        printable(&i.summary, 200, "the title");
        assert!(!i.summary.is_empty(), "a title");
        for p in i.organizer.iter().chain(&i.attendees) {
            printable(&p.display_name(), 200, "a name");
        }
        if let Some(l) = &i.link {
            assert!(
                l.starts_with("https://") && l.len() <= 2_000 && l.bytes().all(|b| b.is_ascii_graphic()),
                "{l:?}"
            );
        }
        if let Some(l) = &i.location {
            printable(l, 2_000, "the location");
        }
        for s in &i.schedule {
            printable(&s.line, 20_000, "a schedule line");
            s.interviewers.iter().for_each(|n| printable(n, 200, "a scheduled interviewer"));
        }
        serde_json::to_string(i).expect("an invite serialises");
    }
    // What the import would record of it.
    let mut settings = Settings::default();
    settings.user.email = "maya.patel@gmail.com".into();
    settings.user.time_zone = "America/New_York".into();
    let files = [InviteFile { name: "fuzz.ics".into(), bytes: data.to_vec() }];
    let today = jiff::civil::date(2026, 11, 30);
    let plan =
        STORE.with(|s| invite_preview(&*s.borrow(), &files, &InviteOptions::default(), &settings, today));
    let plan = match plan {
        Ok(plan) => plan,
        Err(e) => {
            assert!(!e.to_string().is_empty(), "a refusal says why");
            return;
        }
    };
    assert_eq!(plan.invites.len(), invites.len(), "one plan per invite");
    for item in &plan.invites {
        if item.action == InviteAction::Add {
            assert!(!item.company.trim().is_empty() && !item.role.trim().is_empty(), "{item:?}");
            printable(&item.company, 200, "a company");
            printable(&item.role, 200, "a role");
        }
        for p in &item.people {
            printable(&p.name, 200, "a person's name");
            assert!(
                !p.email.as_ref().is_some_and(|e| e.as_str().eq_ignore_ascii_case("maya.patel@gmail.com")),
                "the user is nobody"
            );
        }
    }
    serde_json::to_string(&plan).expect("a plan serialises");
}

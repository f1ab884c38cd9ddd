//! The settings file: `config.toml` text (and `AFTERVIEW_*` environment
//! values) through `settings_file::load_from`, which parses, types and
//! range-checks them. Settings that load must be inside their ranges, write
//! back to a file that loads the same, and plan and check without trouble
//! (a huge number once loaded fine and then made the agenda panic).
//!
//! Input: the file's text, optionally followed by a line `#env` and then
//! `AFTERVIEW_KEY=value` lines (a TOML comment, so a seed is still a file).

use std::path::Path;
use std::sync::OnceLock;

use afterview_app::local::settings_file::load_from;
use afterview_core::calendar::Calendar;
use afterview_core::check::{Context, check};
use afterview_core::kinds::MessageKind;
use afterview_core::plan::{self, Facts};
use afterview_core::plan_input;
use jiff::tz::TimeZone;

/// One interview with a bit of everything, to plan with the settings read.
const FACTS: &str = r#"{
  "interview": {"start": "2026-12-18T14:00", "duration_minutes": 60, "stage": "onsite",
                "promised": ["portfolio link"], "references_requested": true},
  "company": {"name": "Acme Robotics", "culture": "corporate"},
  "interviewers": [{"name": "Maria Lopez", "time_zone": "Europe/London"}, {"name": "Tom Chen"}],
  "recruiter": {"name": "Sam Reed", "agency": true},
  "references": [{"name": "Priya Shah"}],
  "timeline": "we should decide in 2-3 weeks, call me if you have not heard by then",
  "history": [{"kind": "status-check", "direction": "out", "date": "2027-01-12"}],
  "other_offer": {"company": "Globex", "deadline": "2027-01-20", "recorded": "2027-01-05"}
}"#;

const NOTE: &str = "Dear Maria,\n\nThank you for your time today. I enjoyed our talk about the fleet \
dashboard and I am excited about the role; my experience running robot fleets fits what you need.\n\n\
Could you share the timeline? And the next steps? And the team size?\n\nBest,\nMaya";

fn facts() -> &'static Facts<'static> {
    static F: OnceLock<Facts<'static>> = OnceLock::new();
    F.get_or_init(|| plan_input::parse(FACTS, &TimeZone::UTC).expect("the fixed facts read").facts)
}

pub fn settings(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (file, env) = match text.strip_prefix("#env\n") {
        Some(env) => ("", env),
        None => text.split_once("\n#env\n").unwrap_or((text, "")),
    };
    let env_value = |var: &str| {
        env.lines().find_map(|l| l.split_once('=').filter(|(k, _)| *k == var).map(|(_, v)| v.to_owned()))
    };
    let path = Path::new("config.toml");
    let loaded = match load_from(Some(file), path, env_value) {
        Ok(loaded) => loaded,
        Err(e) => {
            assert!(!e.to_string().is_empty(), "an error says what is wrong");
            return;
        }
    };
    let s = &loaded.settings;
    if let Err(e) = s.validate() {
        panic!("settings that loaded are out of range: {e}");
    }
    let all_keys = load_from(None, path, |_| None).expect("the defaults load").values.len();
    assert_eq!(loaded.values.len(), all_keys, "every key has a value and a source");

    // Written back as a file, they load the same.
    let written = toml::to_string(s).expect("settings write as TOML");
    let again = load_from(Some(&written), path, |_| None)
        .unwrap_or_else(|e| panic!("settings written back do not load: {e}\n{written}"));
    assert_eq!(&again.settings, s, "settings written back load differently:\n{written}");

    // And they work: a plan and a check with them.
    let calendar = Calendar::new(s.region());
    let planned = plan::plan(facts(), &s.planner, &calendar, s.calendar.date_order);
    for task in &planned.tasks {
        assert!(task.latest >= task.due, "{task:?}");
    }
    let ctx = Context { recipient: Some("Maria Lopez".into()), ..Context::default() };
    check(NOTE, MessageKind::ThankYou, &ctx, &s.checker);
}

//! `afterview plan --input`: the JSON of RULEBOOK §7 read into planner
//! facts, and the plan made from them, as the stateless command does it
//! (`plan_one`, with the default settings, local times read in New York).

use std::collections::HashSet;

use afterview_app::agenda::plan_one;
use afterview_core::plan::TaskId;
use afterview_core::settings::Settings;
use jiff::tz::TimeZone;

use crate::assert_span_in;

pub fn plan(data: &[u8]) {
    let Ok(json) = std::str::from_utf8(data) else { return };
    let zone = TimeZone::get("America/New_York").expect("the bundled zones hold New York");
    let (request, plan) = match plan_one(&Settings::default(), json, &zone) {
        Ok(done) => done,
        Err(e) => {
            assert!(!e.to_string().is_empty(), "an error says what is wrong");
            return;
        }
    };
    // What `plan --json` prints.
    let out = serde_json::to_string(&plan).expect("a plan serialises");
    assert!(out.starts_with("{\"tasks\":"), "{out}");
    // The text output quotes the words read.
    if let (Some(reading), Some(timeline)) = (&plan.reading, &request.facts.timeline)
        && let Some(span) = &reading.span
    {
        assert_span_in(timeline, span, "the timeline read");
    }
    let mut ids = HashSet::new();
    for task in &plan.tasks {
        assert!(task.latest >= task.due, "a task due after its latest day: {task:?}");
        assert!(ids.insert(task.id.as_str()), "two tasks with one id: {}", task.id.as_str());
        // `afterview done ID` must accept every id the planner gives.
        let back: TaskId = task.id.as_str().parse().unwrap_or_else(|e| panic!("{:?}: {e}", task.id.as_str()));
        assert_eq!(back.as_str(), task.id.as_str());
        assert_eq!(back.kind(), task.kind);
        assert!(!task.why.is_empty() && !task.rules.is_empty(), "{task:?}");
    }
}

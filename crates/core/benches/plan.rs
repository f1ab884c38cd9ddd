//! Planning one interview, reading its timeline phrase included: the
//! RULEBOOK §7 example (a panel with an agency recruiter, a promise, a
//! status check sent, an offer elsewhere). Target: under 10 µs.
//!
//! And the whole agenda over 1,000 synthetic applications (the demo's
//! generator, ids assigned as the store assigns them), with and without the
//! `later` list that calendar export fills: what planning, applying states
//! and bucketing cost once the facts are loaded.

use afterview_core::agenda;
use afterview_core::calendar::{Calendar, Region};
use afterview_core::demo::synthetic;
use afterview_core::kinds::DateOrder;
use afterview_core::plan::plan;
use afterview_core::plan_input::parse;
use afterview_core::settings::{Planner, Settings};
use criterion::{Criterion, criterion_group, criterion_main};

const INPUT: &str = r#"{
  "interview": {"start": "2026-11-20T14:00", "duration_minutes": 60, "time_zone": "America/New_York",
                "stage": "panel", "references_requested": true, "promised": ["portfolio link"]},
  "company": {"name": "Acme", "culture": "traditional"},
  "interviewers": [{"name": "Maria Lopez", "title": "Engineering Manager", "email": "maria@acme.example"},
                   {"name": "Tom Chen", "title": "Staff Engineer", "email": "tom@acme.example"}],
  "recruiter": {"name": "Sam Reed", "agency": true, "time_zone": "Europe/London"},
  "timeline": "Maria said we should decide in two to three weeks, hopefully before the holidays",
  "first_contact": "email",
  "history": [{"kind": "status-check", "direction": "out", "date": "2026-12-14"}],
  "other_offer": {"company": "Globex", "deadline": "2026-12-18", "recorded": "2026-12-10"}
}"#;

fn bench(c: &mut Criterion) {
    let request = parse(INPUT, &jiff::tz::TimeZone::UTC).expect("valid input");
    let calendar = Calendar::new(Region::US);
    let settings = Planner::default();
    // Warm the calendar's per-year holiday cache, as a long-running agenda does.
    let _ = plan(&request.facts, &settings, &calendar, DateOrder::MonthDay);
    c.bench_function("plan one interview", |b| {
        b.iter(|| plan(std::hint::black_box(&request.facts), &settings, &calendar, DateOrder::MonthDay))
    });
}

fn bench_agenda(c: &mut Criterion) {
    let today = jiff::civil::date(2026, 11, 20);
    let facts = afterview_core::demo::facts(&synthetic(1000, today));
    let settings = Settings::default();
    c.bench_function("agenda of 1000 applications", |b| {
        b.iter(|| agenda::build(std::hint::black_box(&facts), &settings, today))
    });
    c.bench_function("agenda of 1000 applications, later filled", |b| {
        b.iter(|| agenda::build_with(std::hint::black_box(&facts), &settings, today, agenda::Later::Keep))
    });
}

criterion_group!(benches, bench, bench_agenda);
criterion_main!(benches);

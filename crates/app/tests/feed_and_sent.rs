//! The use cases the web app added: the calendar feed's secret, and "I
//! sent it" (log the message a task called for and tick the task off).

use afterview_app::record::{self, ApplicationChanges, InterviewChanges, PersonChanges, PersonLink};
use afterview_app::{Error, Kind, agenda, feed, messages};
use afterview_core::kinds::{Direction, MessageKind, Stage};
use afterview_core::settings::Settings;
use afterview_sqlite::SqliteStore;
use jiff::civil::{Date, date};
use jiff::tz::TimeZone;

const TODAY: Date = date(2026, 11, 19);

/// Acme, Maria Lopez and Tom Chen, and their panel interview today.
fn acme() -> SqliteStore {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let changes = ApplicationChanges {
        company: Some("Acme Robotics".into()),
        role: Some("Platform Engineer".into()),
        ..ApplicationChanges::default()
    };
    let app = record::add_application(&mut store, changes).unwrap().id;
    let mut panel = Vec::new();
    for name in ["Maria Lopez", "Tom Chen"] {
        let changes = PersonChanges { name: Some(name.into()), ..Default::default() };
        let link = PersonLink { application: Some(app), role: None };
        panel.push(record::add_person(&mut store, changes, link).unwrap().person.id);
    }
    let iv = InterviewChanges {
        application: Some(app),
        start: Some("2026-11-19T10:00".into()),
        stage: Some(Stage::Panel),
        interviewers: panel,
        ..InterviewChanges::default()
    };
    record::add_interview(&mut store, &TimeZone::UTC, iv).unwrap();
    store
}

#[test]
fn the_feed_secret_is_made_once_and_only_it_opens_the_feed() {
    let mut store = acme();
    let settings = Settings::default();
    assert_eq!(feed::secret(&store).unwrap(), None);
    let first = feed::ensure_secret(&mut store, || "a".repeat(40)).unwrap();
    let again = feed::ensure_secret(&mut store, || "b".repeat(40)).unwrap();
    assert_eq!(first, again, "made once");
    let now = jiff::Timestamp::now();
    let cal = feed::calendar(&mut store, &settings, TODAY, now, &first).unwrap();
    assert!(cal.export.text.contains("BEGIN:VCALENDAR"));
    let Err(wrong) = feed::calendar(&mut store, &settings, TODAY, now, "nope") else {
        panic!("a wrong secret opens nothing")
    };
    assert!(matches!(wrong, Error::NotFound { kind: Kind::Feed, .. }), "{wrong:?}");
    assert_eq!(wrong.http_status(), 404);
    let short = feed::rotate(&mut store, "short".into()).unwrap_err();
    assert!(matches!(short, Error::Invalid { .. }), "a guessable secret is refused");
    feed::rotate(&mut store, "c".repeat(40)).unwrap();
    assert!(feed::calendar(&mut store, &settings, TODAY, now, &first).is_err(), "the old one stops");
}

#[test]
fn sent_logs_the_message_to_the_tasks_person_and_ticks_the_task() {
    let mut store = acme();
    let settings = Settings::default();
    let m = messages::log_sent(
        &mut store,
        &settings,
        TODAY,
        "thank-you:a1:p2",
        Some("Thank you".into()),
        Some("Dear Tom".into()),
    )
    .unwrap();
    assert_eq!(m.value.kind, MessageKind::ThankYou);
    assert_eq!(m.value.direction, Direction::Out);
    assert_eq!(m.value.person.map(|p| p.to_string()).as_deref(), Some("p2"));
    assert_eq!(m.value.body.as_deref(), Some("Dear Tom"));
    let a = agenda::agenda(&store, &settings, TODAY).unwrap().agenda;
    let ids: Vec<&str> = a.task_ids().map(|t| t.as_str()).collect();
    assert!(!ids.contains(&"thank-you:a1:p2"), "{ids:?}");
    assert!(ids.contains(&"thank-you:a1:p1"), "{ids:?}");
    let e = messages::log_sent(&mut store, &settings, TODAY, "save-contacts:a1", None, None).unwrap_err();
    assert!(matches!(e, Error::Refused { .. }), "a task that needs no message: {e:?}");
    let e = messages::log_sent(&mut store, &settings, TODAY, "thank-you:a9:p1", None, None).unwrap_err();
    assert!(matches!(e, Error::NotFound { kind: Kind::Task, .. }));
}

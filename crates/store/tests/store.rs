//! The store's contract: what goes in comes back, a failed write changes
//! nothing, and a database from a newer afterview is refused untouched.

use afterview_core::demo::{showcase, synthetic};
use afterview_core::ids::{ApplicationId, PersonId};
use afterview_core::kinds::{ApplicationStatus, OutcomeKind, PersonRole, Stage};
use afterview_core::model::{Application, Interview, Outcome, Person, TaskState};
use afterview_store::{Error, Paths, Store};
use jiff::civil::date;

fn today() -> jiff::civil::Date {
    date(2026, 11, 20)
}

fn counts(store: &Store) -> (usize, usize, usize, usize, usize) {
    let f = store.facts(date(1970, 1, 1)).unwrap();
    (f.applications.len(), f.people.len(), f.interviews.len(), f.messages.len(), f.outcomes.len())
}

/// Runs the same checks on a file database and an in-memory one.
fn both(check: impl Fn(Store)) {
    check(Store::open_in_memory().unwrap());
    let dir = tempfile::tempdir().unwrap();
    check(Store::open(&Paths::in_folder(dir.path())).unwrap());
}

#[test]
fn records_round_trip() {
    both(|mut store| {
        let ids = store
            .write(|tx| showcase(today()).iter().map(|b| tx.import_bundle(b)).collect::<Result<Vec<_>, _>>())
            .unwrap();
        let acme = store.application(ids[0]).unwrap();
        assert_eq!(acme.value.company, "Acme Robotics");
        let interviews = store.interviews(Some(ids[0])).unwrap();
        assert_eq!(interviews.len(), 1);
        let panel = &interviews[0].value;
        assert_eq!(panel.stage, Stage::Panel);
        assert_eq!(panel.interviewers.len(), 2);
        assert_eq!(store.person(panel.interviewers[0]).unwrap().value.name, "Maria Lopez");
        assert_eq!(panel.start.time_zone().iana_name(), Some("America/New_York"));
        assert_eq!(panel.topics, showcase(today())[0].interviews[0].topics);
        let roles: Vec<_> = store.involvements(Some(ids[1])).unwrap().into_iter().map(|i| i.role).collect();
        assert!(roles.contains(&PersonRole::AgencyRecruiter));
        assert_eq!(store.application(ids[1]).unwrap().value.status, ApplicationStatus::Offer);
        assert_eq!(store.application(ids[3]).unwrap().value.status, ApplicationStatus::Rejected);
    });
}

#[test]
fn outcomes_move_the_status_and_edits_stick() {
    both(|mut store| {
        let app = store.write(|tx| tx.add_application(&Application::new("Initech", "Analyst"))).unwrap();
        store
            .write(|tx| {
                tx.add_outcome(&Outcome {
                    application: app,
                    kind: OutcomeKind::Rejection,
                    date: today(),
                    deadline: None,
                    feedback: Some("more SQL".into()),
                })
            })
            .unwrap();
        assert_eq!(store.application(app).unwrap().value.status, ApplicationStatus::Rejected);
        let mut edited = store.application(app).unwrap().value;
        edited.role = "Senior Analyst".into();
        store.write(|tx| tx.update_application(app, &edited)).unwrap();
        assert_eq!(store.application(app).unwrap().value.role, "Senior Analyst");
        store.write(|tx| tx.remove_application(app)).unwrap();
        assert!(store.outcomes(None).unwrap().is_empty(), "removal cascades");
    });
}

#[test]
fn missing_ids_are_not_found_errors() {
    both(|mut store| {
        let err = store.application(ApplicationId(42)).unwrap_err();
        assert!(err.is_not_found());
        assert_eq!(
            err.to_string(),
            "there is no application a42; `afterview application list` shows the ones there are"
        );
        let iv = Interview {
            application: ApplicationId(42),
            start: "2026-11-20T14:00-05:00[America/New_York]".parse().unwrap(),
            duration_minutes: 60,
            stage: Stage::Video,
            interviewers: vec![],
            topics: vec![],
            promised: vec![],
            next_steps: None,
            references_requested: false,
            follow_ups_invited: false,
            notes: None,
        };
        assert!(store.write(|tx| tx.add_interview(&iv)).unwrap_err().is_not_found());
        assert!(store.write(|tx| tx.remove_person(PersonId(9))).unwrap_err().is_not_found());
    });
}

#[test]
fn a_failed_write_changes_nothing() {
    both(|mut store| {
        store.write(|tx| tx.add_application(&Application::new("Globex", "Dev")).map(drop)).unwrap();
        let before = counts(&store);
        let result = store.write(|tx| {
            for b in synthetic(50, today()) {
                tx.import_bundle(&b)?;
            }
            // A later step fails: everything above must roll back.
            tx.involve(ApplicationId(1), PersonId(999_999), PersonRole::Reference)
        });
        assert!(result.is_err());
        assert_eq!(counts(&store), before);
    });
}

#[test]
fn imported_holidays_are_kept_and_replaced_by_date() {
    use afterview_core::calendar::Holiday;
    both(|mut store| {
        let days = [
            Holiday { date: date(2026, 12, 24), name: "Closed".into() },
            Holiday { date: date(2026, 12, 31), name: "Closed".into() },
        ];
        assert_eq!(store.write(|tx| tx.add_holidays(&days, "a.ics")).unwrap(), 2);
        let again = [Holiday { date: date(2026, 12, 24), name: "Christmas Eve".into() }];
        assert_eq!(store.write(|tx| tx.add_holidays(&again, "b.ics")).unwrap(), 0);
        let stored = store.holidays().unwrap();
        assert_eq!(stored.len(), 2);
        assert_eq!(stored[0].name, "Christmas Eve");
        store.write(|tx| tx.remove_holiday(date(2026, 12, 31))).unwrap();
        assert!(store.write(|tx| tx.remove_holiday(date(2026, 12, 31))).is_err());
    });
}

#[test]
fn task_states_are_kept_by_id() {
    both(|mut store| {
        store.write(|tx| tx.set_task_state("thank-you:a1:p1", TaskState::Done { on: today() })).unwrap();
        store
            .write(|tx| {
                tx.set_task_state("status-check:a1:1", TaskState::Snoozed { until: date(2026, 12, 1) })
            })
            .unwrap();
        store.write(|tx| tx.set_task_state("thank-you:a1:p1", TaskState::Skipped { on: today() })).unwrap();
        let states = store.task_states().unwrap();
        assert_eq!(states.len(), 2);
        assert_eq!(states["thank-you:a1:p1"], TaskState::Skipped { on: today() });
    });
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("afterview.db");
    drop(Store::open_at(&path).unwrap());
    {
        let conn = rusqlite_connection(&path);
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match Store::open_at(&path) {
        Err(Error::NewerSchema { found: 99, known: 2, .. }) => {}
        Err(other) => panic!("wrong error: {other}"),
        Ok(_) => panic!("a newer database was opened"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

fn rusqlite_connection(path: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

#[test]
fn migrations_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("afterview.db");
    let store = Store::open_at(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 2);
    drop(store);
    let conn = rusqlite_connection(&path);
    let versions: Vec<i64> = conn
        .prepare("SELECT version FROM schema_migrations ORDER BY version")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(versions, [1, 2]);
    // Opening again applies nothing twice.
    drop(Store::open_at(&path).unwrap());
}

#[cfg(unix)]
#[test]
fn the_database_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::in_folder(dir.path().join("data"));
    drop(Store::open(&paths).unwrap());
    let mode = std::fs::metadata(paths.database()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let dir_mode = std::fs::metadata(&paths.data_dir).unwrap().permissions().mode();
    assert_eq!(dir_mode & 0o777, 0o700);
}

#[test]
fn backup_is_a_consistent_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&Paths::in_folder(dir.path())).unwrap();
    store.write(|tx| synthetic(200, today()).iter().try_for_each(|b| tx.import_bundle(b).map(drop))).unwrap();
    let copy = dir.path().join("copy.db");
    store.backup(&copy).unwrap();
    let restored = Store::open_at(&copy).unwrap();
    assert_eq!(counts(&restored), counts(&store));
}

#[test]
fn two_writers_at_once_both_land() {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::in_folder(dir.path());
    drop(Store::open(&paths).unwrap());
    let handles: Vec<_> = (0..2)
        .map(|w| {
            let paths = paths.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&paths).unwrap();
                for i in 0..50 {
                    store
                        .write(|tx| tx.add_person(&Person::new(format!("writer {w} person {i}"))).map(drop))
                        .unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(Store::open(&paths).unwrap().people().unwrap().len(), 100);
}

/// Regression: the agenda takes each application's facts as a slice of
/// lists sorted by application; outcomes once came sorted by date, and an
/// application whose rejection was older than another's lost its reply task.
#[test]
fn facts_come_sorted_by_application() {
    both(|mut store| {
        let a = store.write(|tx| tx.add_application(&Application::new("Early", "Dev"))).unwrap();
        let b = store.write(|tx| tx.add_application(&Application::new("Late", "Dev"))).unwrap();
        for (app, day) in [(b, date(2026, 11, 1)), (a, date(2026, 11, 10)), (b, date(2026, 11, 12))] {
            store
                .write(|tx| {
                    tx.add_outcome(&Outcome {
                        application: app,
                        kind: OutcomeKind::Offer,
                        date: day,
                        deadline: None,
                        feedback: None,
                    })
                })
                .unwrap();
        }
        store
            .write(|tx| synthetic(40, today()).iter().try_for_each(|x| tx.import_bundle(x).map(drop)))
            .unwrap();
        let f = store.facts(date(2026, 1, 1)).unwrap();
        let sorted = |ids: Vec<i64>| ids.windows(2).all(|w| w[0] <= w[1]);
        assert!(sorted(f.outcomes.iter().map(|o| o.value.application.0).collect()), "outcomes");
        assert!(sorted(f.interviews.iter().map(|o| o.value.application.0).collect()), "interviews");
        assert!(sorted(f.messages.iter().map(|o| o.value.application.0).collect()), "messages");
        assert!(sorted(f.involvements.iter().map(|o| o.application.0).collect()), "involvements");
        assert!(sorted(f.applications.iter().map(|o| o.id.0).collect()), "applications");
        assert!(sorted(f.people.iter().map(|o| o.id.0).collect()), "people");
    });
}

/// A database written by the first release (schema 1) is brought up to date
/// when opened, and keeps everything in it.
#[test]
fn an_older_database_is_migrated_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("afterview.db");
    {
        let mut store = Store::open_at(&path).unwrap();
        store.write(|tx| showcase(today()).iter().try_for_each(|b| tx.import_bundle(b).map(drop))).unwrap();
    }
    // Turn it back into a schema-1 database, as the first release left it.
    {
        let conn = rusqlite_connection(&path);
        conn.execute_batch(
            "DROP TABLE holidays; DELETE FROM schema_migrations WHERE version = 2; PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = Store::open_at(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 2);
    assert_eq!(store.applications().unwrap().len(), 8, "the data survived");
    assert!(store.holidays().unwrap().is_empty(), "migration 2 made its table");
}

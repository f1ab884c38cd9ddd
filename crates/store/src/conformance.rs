//! The contract every backend must keep, as one suite of checks that a
//! backend's tests run with [`storage_tests!`](crate::storage_tests):
//! what goes in comes back, ids that are not there are not-found errors, a
//! failed write changes nothing, and the planner's facts come sorted.
//!
//! ```ignore
//! afterview_store::storage_tests!(|| SqliteStore::open_in_memory().unwrap());
//! ```

use afterview_core::calendar::Holiday;
use afterview_core::demo::{showcase, synthetic};
use afterview_core::ics::ExportedEvent;
use afterview_core::ids::{ApplicationId, PersonId};
use afterview_core::kinds::{ApplicationStatus, OutcomeKind, PersonRole, Stage};
use afterview_core::model::{Application, Interview, InviteRef, Outcome, Person, TaskState};
use afterview_core::plan::TaskId;
use jiff::civil::{Date, date};

use crate::{Error, Notification, RecordKind, Store, Tx};

/// Runs every check of the suite as its own `#[test]`, each on a fresh
/// store made by the given expression.
#[macro_export]
macro_rules! storage_tests {
    ($make:expr) => {
        $crate::storage_tests!(@each $make;
            records_round_trip, outcomes_move_the_status_and_edits_stick,
            missing_ids_are_not_found_errors, a_failed_write_changes_nothing,
            imported_holidays_are_kept_and_replaced_by_date, task_states_are_kept_by_id,
            facts_come_sorted_by_application, facts_leave_out_what_is_long_closed,
            clear_all_empties_the_store, the_store_knows_its_user,
            a_transaction_reads_its_own_writes, messages_are_corrected_and_removed,
            exported_events_are_replaced_whole, removal_forgets_the_states_of_its_tasks,
            records_are_inserted_with_their_ids, what_importers_bring_is_kept,
            notifications_are_kept_by_day_task_and_channel);
    };
    (@each $make:expr; $($name:ident),*) => {
        $(
            #[test]
            fn $name() {
                $crate::conformance::$name($make);
            }
        )*
    };
}

fn id(text: &str) -> TaskId {
    text.parse().unwrap()
}

fn today() -> Date {
    date(2026, 11, 20)
}

fn counts(store: &impl Store) -> (usize, usize, usize, usize, usize) {
    let f = store.facts(date(1970, 1, 1)).unwrap();
    (f.applications.len(), f.people.len(), f.interviews.len(), f.messages.len(), f.outcomes.len())
}

fn outcome(application: ApplicationId, kind: OutcomeKind, day: Date) -> Outcome {
    Outcome { application, kind, date: day, deadline: None, feedback: None }
}

pub fn records_round_trip(mut store: impl Store) {
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
    assert_eq!(store.application_count().unwrap(), showcase(today()).len() as u64);
    // What goes in comes back whole, field by field.
    let shown = showcase(today());
    for (id, bundle) in ids.iter().zip(&shown) {
        assert_eq!(store.application(*id).unwrap().value, bundle.application);
        let messages = store.messages(Some(*id)).unwrap();
        assert_eq!(messages.len(), bundle.messages.len());
        for (got, want) in messages.iter().zip(&bundle.messages) {
            assert_eq!((got.value.kind, got.value.date, &got.value.body), (want.kind, want.date, &want.body));
        }
    }
}

pub fn outcomes_move_the_status_and_edits_stick(mut store: impl Store) {
    let app = store.write(|tx| tx.add_application(&Application::new("Initech", "Analyst"))).unwrap();
    store
        .write(|tx| {
            tx.add_outcome(&Outcome {
                feedback: Some("more SQL".into()),
                ..outcome(app, OutcomeKind::Rejection, today())
            })
        })
        .unwrap();
    assert_eq!(store.application(app).unwrap().value.status, ApplicationStatus::Rejected);
    let mut edited = store.application(app).unwrap().value;
    edited.role = "Senior Analyst".into();
    store.write(|tx| tx.update_application(app, &edited)).unwrap();
    assert_eq!(store.application(app).unwrap().value.role, "Senior Analyst");
    let person = store.write(|tx| tx.add_person(&Person::new("Ana Ruiz"))).unwrap();
    let mut p = store.person(person).unwrap().value;
    p.title = Some("Director".into());
    store.write(|tx| tx.update_person(person, &p)).unwrap();
    assert_eq!(store.person(person).unwrap().value.title.as_deref(), Some("Director"));
    store.write(|tx| tx.remove_application(app)).unwrap();
    assert!(store.outcomes(None).unwrap().is_empty(), "removal cascades");
    assert_eq!(store.people().unwrap().len(), 1, "people stay");
}

fn interview_for(application: ApplicationId) -> Interview {
    Interview::new(application, "2026-11-20T14:00-05:00[America/New_York]".parse().unwrap(), Stage::Video)
}

pub fn missing_ids_are_not_found_errors(mut store: impl Store) {
    match store.application(ApplicationId(42)) {
        Err(Error::NotFound { kind: RecordKind::Application, id }) => assert_eq!(id, "a42"),
        other => panic!("expected not found, got {other:?}"),
    }
    assert!(
        store.write(|tx| tx.add_interview(&interview_for(ApplicationId(42)))).unwrap_err().is_not_found()
    );
    assert!(store.write(|tx| tx.remove_person(PersonId(9))).unwrap_err().is_not_found());
    assert!(store.write(|tx| tx.remove_holiday(date(2026, 12, 31))).unwrap_err().is_not_found());
    let app = store.write(|tx| tx.add_application(&Application::new("Globex", "Dev"))).unwrap();
    let mut iv = interview_for(app);
    iv.interviewers = vec![PersonId(77)];
    assert!(store.write(|tx| tx.add_interview(&iv)).unwrap_err().is_not_found(), "an unknown interviewer");
}

pub fn a_failed_write_changes_nothing(mut store: impl Store) {
    store.write(|tx| tx.add_application(&Application::new("Globex", "Dev")).map(drop)).unwrap();
    let before = counts(&store);
    let result = store.write(|tx| {
        for b in synthetic(50, today()) {
            tx.import_bundle(&b)?;
        }
        tx.set_task_state(&id("thank-you:a1:p1"), TaskState::Done { on: today() })?;
        // A later step fails: everything above must roll back.
        tx.involve(ApplicationId(1), PersonId(999_999), PersonRole::Reference)
    });
    assert!(result.is_err());
    assert_eq!(counts(&store), before);
    assert!(store.task_states().unwrap().is_empty());
}

pub fn imported_holidays_are_kept_and_replaced_by_date(mut store: impl Store) {
    let days = [
        Holiday { date: date(2026, 12, 31), name: "Closed".into() },
        Holiday { date: date(2026, 12, 24), name: "Closed".into() },
    ];
    assert_eq!(store.write(|tx| tx.add_holidays(&days, "a.ics")).unwrap(), 2);
    let again = [Holiday { date: date(2026, 12, 24), name: "Christmas Eve".into() }];
    assert_eq!(store.write(|tx| tx.add_holidays(&again, "b.ics")).unwrap(), 0);
    let stored = store.holidays().unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0].name, "Christmas Eve", "sorted by day");
    assert_eq!(store.facts(today()).unwrap().holidays, [date(2026, 12, 24), date(2026, 12, 31)]);
    store.write(|tx| tx.remove_holiday(date(2026, 12, 31))).unwrap();
    assert!(store.write(|tx| tx.remove_holiday(date(2026, 12, 31))).is_err());
}

pub fn task_states_are_kept_by_id(mut store: impl Store) {
    store.write(|tx| tx.set_task_state(&id("thank-you:a1:p1"), TaskState::Done { on: today() })).unwrap();
    store
        .write(|tx| {
            tx.set_task_state(&id("status-check:a1:1"), TaskState::Snoozed { until: date(2026, 12, 1) })
        })
        .unwrap();
    store.write(|tx| tx.set_task_state(&id("thank-you:a1:p1"), TaskState::Skipped { on: today() })).unwrap();
    let states = store.task_states().unwrap();
    assert_eq!(states.len(), 2);
    assert_eq!(states["thank-you:a1:p1"], TaskState::Skipped { on: today() });
    assert_eq!(states["status-check:a1:1"], TaskState::Snoozed { until: date(2026, 12, 1) });
    assert_eq!(store.facts(today()).unwrap().task_states, states);
}

/// Regression (issue 9): SQLite gives a removed application's id to the
/// next one, which inherited its done and skipped tasks.
pub fn removal_forgets_the_states_of_its_tasks(mut store: impl Store) {
    let a1 = store.write(|tx| tx.add_application(&Application::new("Acme", "Dev"))).unwrap();
    let a2 = store.write(|tx| tx.add_application(&Application::new("Globex", "Dev"))).unwrap();
    let p1 = store.write(|tx| tx.add_person(&Person::new("Ann Lee"))).unwrap();
    let done = TaskState::Done { on: today() };
    let ids = [
        format!("thank-you:{a1}:{p1}"),
        format!("save-contacts:{a1}"),
        format!("thank-you:{a2}:{p1}"),
        format!("status-check:{a2}:1"),
        // A key that merely starts like the id.
        format!("connect:{a1}0"),
    ];
    store.write(|tx| ids.iter().try_for_each(|t| tx.set_task_state(&id(t), done))).unwrap();
    store.write(|tx| tx.remove_application(a1)).unwrap();
    let mut left: Vec<String> = store.task_states().unwrap().keys().map(|t| t.to_string()).collect();
    left.sort();
    assert_eq!(
        left,
        [format!("connect:{a1}0"), format!("status-check:{a2}:1"), format!("thank-you:{a2}:{p1}")]
    );
    store.write(|tx| tx.remove_person(p1)).unwrap();
    let mut left: Vec<String> = store.task_states().unwrap().keys().map(|t| t.to_string()).collect();
    left.sort();
    assert_eq!(left, [format!("connect:{a1}0"), format!("status-check:{a2}:1")]);
}

/// What the last calendar export held is replaced whole, and keeps every
/// bit of its fingerprint (a `u64` a backend may store as signed).
pub fn exported_events_are_replaced_whole(mut store: impl Store) {
    let event = |task: &str, fingerprint: u64, cancelled: bool| ExportedEvent {
        task: task.to_owned(),
        fingerprint,
        sequence: 3,
        day: today(),
        summary: "Acme: thank-you note to Maria Lopez by email".to_owned(),
        cancelled,
    };
    assert!(store.exported_events().unwrap().is_empty());
    let first = vec![event("thank-you:a1:p1", u64::MAX, false), event("connect:a2", 7, true)];
    store.write(|tx| tx.set_exported_events(&first)).unwrap();
    let mut read = store.exported_events().unwrap();
    read.sort_by(|a, b| b.task.cmp(&a.task));
    assert_eq!(read, first);
    let second = vec![event("status-check:a1:1", 1 << 63, false)];
    store
        .write(|tx| {
            assert_eq!(tx.exported_events()?.len(), 2);
            tx.set_exported_events(&second)
        })
        .unwrap();
    assert_eq!(store.exported_events().unwrap(), second);
}

/// What `afterview notify` sent is read back by day; the same day, task
/// and channel again keeps the first record; a failed write records none;
/// `clear_all` forgets them.
pub fn notifications_are_kept_by_day_task_and_channel(mut store: impl Store) {
    let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
    let sent = |day: Date, task: &str, channel: &str, when: &str| Notification {
        day,
        task: id(task),
        channel: channel.to_owned(),
        sent_at: at(when),
    };
    let tomorrow = date(2026, 11, 21);
    assert!(store.notifications(today()).unwrap().is_empty());
    let first = vec![
        sent(today(), "thank-you:a1:p1", "email", "2026-11-20T08:00:01Z"),
        sent(today(), "status-check:a2:1", "email", "2026-11-20T08:00:01Z"),
        sent(tomorrow, "thank-you:a1:p1", "email", "2026-11-21T08:00:00Z"),
    ];
    store.write(|tx| tx.record_notifications(&first)).unwrap();
    let again = vec![
        sent(today(), "thank-you:a1:p1", "email", "2026-11-20T09:30:00Z"),
        sent(today(), "thank-you:a1:p1", "ntfy", "2026-11-20T09:30:00Z"),
    ];
    store.write(|tx| tx.record_notifications(&again)).unwrap();
    assert_eq!(
        store.notifications(today()).unwrap(),
        [
            sent(today(), "status-check:a2:1", "email", "2026-11-20T08:00:01Z"),
            sent(today(), "thank-you:a1:p1", "email", "2026-11-20T08:00:01Z"),
            sent(today(), "thank-you:a1:p1", "ntfy", "2026-11-20T09:30:00Z"),
        ],
        "by task id, then channel; the first time sent is kept"
    );
    assert_eq!(store.notifications(tomorrow).unwrap(), [first[2].clone()]);
    let failed: Result<(), Error> = store.write(|tx| {
        tx.record_notifications(&[sent(date(2026, 11, 22), "connect:a3", "email", "2026-11-22T08:00:00Z")])?;
        Err(Error::Invalid { reason: "the send failed".into() })
    });
    assert!(failed.is_err());
    assert!(store.notifications(date(2026, 11, 22)).unwrap().is_empty(), "a failed write records nothing");
    store.write(|tx| tx.clear_all()).unwrap();
    assert!(store.notifications(today()).unwrap().is_empty());
}

/// Regression: the agenda takes each application's facts as a slice of
/// lists sorted by application; outcomes once came sorted by date, and an
/// application whose rejection was older than another's lost its reply task.
pub fn facts_come_sorted_by_application(mut store: impl Store) {
    let a = store.write(|tx| tx.add_application(&Application::new("Early", "Dev"))).unwrap();
    let b = store.write(|tx| tx.add_application(&Application::new("Late", "Dev"))).unwrap();
    for (app, day) in [(b, date(2026, 11, 1)), (a, date(2026, 11, 10)), (b, date(2026, 11, 12))] {
        store.write(|tx| tx.add_outcome(&outcome(app, OutcomeKind::Offer, day))).unwrap();
    }
    store.write(|tx| synthetic(40, today()).iter().try_for_each(|x| tx.import_bundle(x).map(drop))).unwrap();
    let f = store.facts(date(2026, 1, 1)).unwrap();
    let sorted = |ids: Vec<i64>| ids.windows(2).all(|w| w[0] <= w[1]);
    assert!(sorted(f.outcomes.iter().map(|o| o.value.application.0).collect()), "outcomes");
    assert!(sorted(f.interviews.iter().map(|o| o.value.application.0).collect()), "interviews");
    assert!(sorted(f.messages.iter().map(|o| o.value.application.0).collect()), "messages");
    assert!(sorted(f.involvements.iter().map(|o| o.application.0).collect()), "involvements");
    assert!(sorted(f.applications.iter().map(|o| o.id.0).collect()), "applications");
    assert!(sorted(f.people.iter().map(|o| o.id.0).collect()), "people");
    // The panel keeps its order.
    let all = store.interviews(None).unwrap();
    for iv in &all {
        let loaded = f.interviews.iter().find(|x| x.id == iv.id).unwrap();
        assert_eq!(loaded.value.interviewers, iv.value.interviewers);
    }
}

pub fn facts_leave_out_what_is_long_closed(mut store: impl Store) {
    let old = store.write(|tx| tx.add_application(&Application::new("Old", "Dev"))).unwrap();
    let recent = store.write(|tx| tx.add_application(&Application::new("Recent", "Dev"))).unwrap();
    let open = store.write(|tx| tx.add_application(&Application::new("Open", "Dev"))).unwrap();
    store.write(|tx| tx.add_outcome(&outcome(old, OutcomeKind::Rejection, date(2026, 9, 1)))).unwrap();
    store.write(|tx| tx.add_outcome(&outcome(recent, OutcomeKind::Rejection, date(2026, 11, 15)))).unwrap();
    let f = store.facts(date(2026, 11, 1)).unwrap();
    let ids: Vec<_> = f.applications.iter().map(|a| a.id).collect();
    assert_eq!(ids, [recent, open]);
    assert!(f.outcomes.iter().all(|o| o.value.application != old));
}

pub fn clear_all_empties_the_store(mut store: impl Store) {
    store.write(|tx| showcase(today()).iter().try_for_each(|b| tx.import_bundle(b).map(drop))).unwrap();
    store
        .write(|tx| {
            tx.set_meta("demo", "2026-11-20")?;
            tx.set_task_state(&id("thank-you:a1:p1"), TaskState::Done { on: today() })
        })
        .unwrap();
    assert_eq!(store.meta("demo").unwrap().as_deref(), Some("2026-11-20"));
    store.write(|tx| tx.clear_all()).unwrap();
    assert_eq!(counts(&store), (0, 0, 0, 0, 0));
    assert_eq!(store.application_count().unwrap(), 0);
    assert!(store.task_states().unwrap().is_empty());
    assert_eq!(store.meta("demo").unwrap(), None);
}

pub fn the_store_knows_its_user(store: impl Store) {
    assert!(store.user().0 > 0);
}

/// Inside a transaction, the planner's facts include what it wrote; a
/// transaction that fails leaves nothing of it behind.
pub fn a_transaction_reads_its_own_writes(mut store: impl Store) {
    let seen = store
        .write(|tx| {
            showcase(today()).iter().try_for_each(|b| tx.import_bundle(b).map(drop))?;
            Ok(tx.facts(date(1970, 1, 1))?.applications.len())
        })
        .unwrap();
    assert_eq!(seen, showcase(today()).len());
    let failed: Result<(), Error> = store.write(|tx| {
        tx.add_application(&Application::new("Umbrella", "Dev"))?;
        assert_eq!(tx.facts(date(1970, 1, 1))?.applications.len(), seen + 1);
        Err(Error::Invalid { reason: "stop here".into() })
    });
    assert!(failed.is_err());
    assert_eq!(store.facts(date(1970, 1, 1)).unwrap().applications.len(), seen);
}

/// A message logged by mistake can be corrected or removed.
pub fn messages_are_corrected_and_removed(mut store: impl Store) {
    use afterview_core::kinds::{Channel, Direction, MessageKind};
    use afterview_core::model::Message;
    let app = store.write(|tx| tx.add_application(&Application::new("Acme", "Dev"))).unwrap();
    let m = Message {
        application: app,
        person: None,
        kind: MessageKind::ThankYou,
        direction: Direction::Out,
        date: today(),
        channel: Channel::Email,
        subject: None,
        body: None,
        source_id: None,
    };
    let id = store.write(|tx| tx.add_message(&m)).unwrap();
    let fixed = Message { kind: MessageKind::StatusCheck, body: Some("checking in".into()), ..m.clone() };
    store.write(|tx| tx.update_message(id, &fixed)).unwrap();
    assert_eq!(store.message(id).unwrap().value, fixed);
    store.write(|tx| tx.remove_message(id)).unwrap();
    assert!(store.message(id).unwrap_err().is_not_found());
    assert!(store.write(|tx| tx.remove_message(id)).unwrap_err().is_not_found());
    let mut stray = m;
    stray.person = Some(PersonId(404));
    let id = store.write(|tx| tx.add_message(&Message { person: None, ..stray.clone() })).unwrap();
    assert!(store.write(|tx| tx.update_message(id, &stray)).unwrap_err().is_not_found(), "an unknown person");
}

/// Restoring a snapshot stores each record under the id it had; the next
/// record added gets a fresh id above them; a taken id, a bad id or a
/// missing reference is refused, and a failure leaves nothing.
pub fn records_are_inserted_with_their_ids(mut store: impl Store) {
    use afterview_core::ids::{InterviewId, MessageId, OutcomeId};
    use afterview_core::kinds::{Channel, Direction, MessageKind};
    use afterview_core::model::Message;
    let (a7, p3, p9) = (ApplicationId(7), PersonId(3), PersonId(9));
    let mut offered = Application::new("Acme", "Dev");
    offered.status = ApplicationStatus::Accepted;
    offered.applied_on = Some(date(2026, 11, 2));
    let mut iv = interview_for(a7);
    iv.interviewers = vec![p9, p3];
    iv.location = Some("https://meet.example/abc".into());
    iv.invite = Some(InviteRef { uid: "evt-1@calendar.example".into(), sequence: 2 });
    let message = Message {
        application: a7,
        person: Some(p3),
        kind: MessageKind::ThankYou,
        direction: Direction::Out,
        date: today(),
        channel: Channel::Email,
        subject: Some("Thanks".into()),
        body: None,
        source_id: Some("<abc@mail.example>".into()),
    };
    store
        .write(|tx| {
            tx.insert_application(a7, &offered)?;
            tx.insert_person(p3, &Person::new("Ann Lee"))?;
            tx.insert_person(p9, &Person::new("Bo Chan"))?;
            tx.involve(a7, p3, PersonRole::HiringManager)?;
            tx.insert_interview(InterviewId(5), &iv)?;
            tx.insert_message(MessageId(11), &message)?;
            tx.insert_outcome(OutcomeId(4), &outcome(a7, OutcomeKind::Offer, today()))
        })
        .unwrap();
    assert_eq!(store.application(a7).unwrap().value, offered, "an outcome inserted leaves the status");
    assert_eq!(store.interview(InterviewId(5)).unwrap().value, iv, "the panel in its order");
    assert_eq!(store.message(MessageId(11)).unwrap().value, message);
    assert_eq!(store.outcome(OutcomeId(4)).unwrap().value.kind, OutcomeKind::Offer);
    let mut roles: Vec<_> =
        store.involvements(Some(a7)).unwrap().into_iter().map(|i| (i.person, i.role)).collect();
    roles.sort();
    assert_eq!(
        roles,
        [(p3, PersonRole::HiringManager), (p9, PersonRole::Interviewer)],
        "a part kept, one added"
    );
    // The next ids come above the inserted ones.
    let next = store.write(|tx| tx.add_application(&Application::new("Globex", "Dev"))).unwrap();
    assert!(next.0 > 7, "{next}");
    let next = store.write(|tx| tx.add_person(&Person::new("Cy Diaz"))).unwrap();
    assert!(next.0 > 9, "{next}");
    let before = counts(&store);
    let taken = store.write(|tx| {
        tx.insert_person(PersonId(50), &Person::new("Dee"))?;
        tx.insert_application(a7, &Application::new("Again", "Dev"))
    });
    assert!(matches!(taken, Err(Error::Invalid { .. })), "{taken:?}");
    assert_eq!(counts(&store), before, "nothing of a failed restore is left");
    assert!(matches!(
        store.write(|tx| tx.insert_person(PersonId(0), &Person::new("Zero"))),
        Err(Error::Invalid { .. })
    ));
    let stray = Message { application: ApplicationId(404), ..message.clone() };
    assert!(store.write(|tx| tx.insert_message(MessageId(12), &stray)).unwrap_err().is_not_found());
    let mut lost = interview_for(a7);
    lost.interviewers = vec![PersonId(404)];
    assert!(store.write(|tx| tx.insert_interview(InterviewId(6), &lost)).unwrap_err().is_not_found());
    assert!(
        store
            .write(|tx| tx
                .insert_outcome(OutcomeId(5), &outcome(ApplicationId(404), OutcomeKind::Offer, today())))
            .unwrap_err()
            .is_not_found()
    );
}

/// The fields importers fill (migration 4 in SQLite): the day of applying,
/// an interview's place and invitation, an email's Message-ID. Written,
/// changed and read back. (The planner's load, `facts`, may leave them out:
/// planning does not read them.)
pub fn what_importers_bring_is_kept(mut store: impl Store) {
    use afterview_core::kinds::{Channel, Direction, MessageKind};
    use afterview_core::model::Message;
    let mut a = Application::new("Initech", "Analyst");
    a.applied_on = Some(date(2026, 11, 2));
    let app = store.write(|tx| tx.add_application(&a)).unwrap();
    assert_eq!(store.application(app).unwrap().value, a);
    let start = "2026-11-19T10:00:00-05:00[America/New_York]".parse().unwrap();
    let mut iv = Interview::new(app, start, Stage::Video);
    iv.location = Some("https://meet.example/abc".into());
    iv.invite = Some(InviteRef { uid: "uid-1@calendar.example".into(), sequence: 0 });
    let iid = store.write(|tx| tx.add_interview(&iv)).unwrap();
    assert_eq!(store.interview(iid).unwrap().value, iv);
    iv.invite = Some(InviteRef { uid: "uid-1@calendar.example".into(), sequence: 2 });
    iv.location = None;
    store.write(|tx| tx.update_interview(iid, &iv)).unwrap();
    assert_eq!(store.interview(iid).unwrap().value, iv, "an update moves the sequence and clears the place");
    let m = Message {
        application: app,
        person: None,
        kind: MessageKind::Other,
        direction: Direction::In,
        date: date(2026, 11, 20),
        channel: Channel::Email,
        subject: Some("Next steps".into()),
        body: None,
        source_id: Some("<abc@mail.example>".into()),
    };
    let mid = store.write(|tx| tx.add_message(&m)).unwrap();
    assert_eq!(store.message(mid).unwrap().value, m);
}

/// What every [`crate::Profile`] must do with a user's words: kept in the
/// order added, each once in any ASCII capitalisation, removed in any
/// capitalisation, and each call answering what it changed. A backend's
/// tests call it on a fresh profile (the local files, a server's rows).
pub fn a_profile_keeps_words_once_in_order(profile: &impl crate::Profile) {
    use afterview_core::kinds::MessageKind;
    assert!(profile.words().unwrap().is_empty(), "a fresh profile");
    let added = profile.add_words(&["Grafanix".into(), "kubectl".into(), "GRAFANIX".into()]).unwrap();
    assert_eq!(added, ["Grafanix", "kubectl"], "each word once, the first spelling kept");
    assert!(profile.add_words(&["grafanix".into()]).unwrap().is_empty(), "already there");
    profile.add_words(&["Zoë".into()]).unwrap();
    assert_eq!(profile.words().unwrap(), ["Grafanix", "kubectl", "Zoë"], "in the order added");
    assert_eq!(profile.remove_words(&["KUBECTL".into(), "absent".into()]).unwrap(), ["kubectl"]);
    assert_eq!(profile.words().unwrap(), ["Grafanix", "Zoë"]);
    profile.add_words(&["kubectl".into()]).unwrap();
    assert_eq!(profile.words().unwrap(), ["Grafanix", "Zoë", "kubectl"], "a word added again goes last");
    assert!(profile.template(MessageKind::ThankYou).unwrap().is_none(), "no template of one's own yet");
    profile.set_template(MessageKind::ThankYou, Some("Dear {{ to.first_name }},\n")).unwrap();
    profile.set_template(MessageKind::ThankYou, Some("Hello {{ to.first_name }},\n")).unwrap();
    let own = profile.template(MessageKind::ThankYou).unwrap().expect("kept");
    assert_eq!(own.text, "Hello {{ to.first_name }},\n", "the second replaces the first, kept as given");
    assert!(profile.template(MessageKind::Connect).unwrap().is_none(), "one kind's is not another's");
    profile.set_template(MessageKind::ThankYou, None).unwrap();
    assert!(profile.template(MessageKind::ThankYou).unwrap().is_none(), "back to the built-in one");
    profile.set_template(MessageKind::ThankYou, None).unwrap();
}

//! The use cases called directly, over a store in memory: what every front
//! end gets, without a command line in between.

use afterview_app::agenda::{self, Mark};
use afterview_app::messages::{self, CheckRequest, DraftTarget};
use afterview_app::record::{
    self, ApplicationChanges, InterviewChanges, OutcomeChanges, PersonChanges, PersonLink,
};
use afterview_app::setup::{self, Demo};
use afterview_app::{Error, Kind};
use afterview_core::kinds::{MessageKind, OutcomeKind, PersonRole, Stage};
use afterview_core::settings::Settings;
use afterview_core::values::TimeZoneName;
use afterview_sqlite::SqliteStore;
use afterview_store::{OwnTemplate, Profile, RecordKind, Store};
use jiff::civil::{Date, date};
use jiff::tz::TimeZone;

const TODAY: Date = date(2026, 11, 20);

/// A profile with no words and no templates of the user's own.
struct NoProfile;

impl Profile for NoProfile {
    fn words(&self) -> afterview_store::Result<Vec<String>> {
        Ok(Vec::new())
    }
    fn add_words(&self, words: &[String]) -> afterview_store::Result<Vec<String>> {
        Ok(words.to_vec())
    }
    fn remove_words(&self, _: &[String]) -> afterview_store::Result<Vec<String>> {
        Ok(Vec::new())
    }
    fn template(&self, _: MessageKind) -> afterview_store::Result<Option<OwnTemplate>> {
        Ok(None)
    }
    fn set_template(&self, _: MessageKind, _: Option<&str>) -> afterview_store::Result<()> {
        Ok(())
    }
}

fn store() -> SqliteStore {
    SqliteStore::open_in_memory().unwrap()
}

fn acme(store: &mut SqliteStore) -> afterview_core::ids::ApplicationId {
    application(store, "Acme Robotics", "Platform Engineer")
}

fn application(store: &mut SqliteStore, company: &str, role: &str) -> afterview_core::ids::ApplicationId {
    let changes = ApplicationChanges {
        company: Some(company.into()),
        role: Some(role.into()),
        ..ApplicationChanges::default()
    };
    record::add_application(store, changes).unwrap().id
}

/// Maria Lopez, in New York, on an application.
fn maria_in_new_york(
    store: &mut SqliteStore,
    app: afterview_core::ids::ApplicationId,
    role: Option<PersonRole>,
) -> record::PersonSaved {
    let changes = PersonChanges {
        name: Some("Maria Lopez".into()),
        time_zone: Some(Some("America/New_York".parse::<TimeZoneName>().unwrap())),
        ..Default::default()
    };
    record::add_person(store, changes, PersonLink { application: Some(app), role }).unwrap()
}

/// Someone with no part but their name, on an application.
fn person_on(
    store: &mut SqliteStore,
    app: afterview_core::ids::ApplicationId,
    name: &str,
) -> afterview_core::ids::PersonId {
    let changes = PersonChanges { name: Some(name.into()), ..Default::default() };
    record::add_person(store, changes, PersonLink { application: Some(app), role: None }).unwrap().person.id
}

#[test]
fn bad_values_name_their_field_and_store_nothing() {
    let mut s = store();
    let err = record::add_application(
        &mut s,
        ApplicationChanges {
            company: Some("X".into()),
            role: Some("Y".into()),
            region: Some("Atlantis".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    match &err {
        Error::Invalid { field: Some(f), problem, .. } => {
            assert_eq!(f, "region");
            assert!(problem.contains("\"Atlantis\" is not a known holiday region"), "{problem}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!((err.exit_code(), err.http_status()), (2, 422));
    let missing = record::add_application(&mut s, ApplicationChanges::default()).unwrap_err();
    assert!(matches!(missing, Error::Invalid { field: Some(ref f), .. } if f == "company"), "{missing:?}");
    assert_eq!(s.application_count().unwrap(), 0);
}

#[test]
fn an_interview_takes_its_first_interviewers_zone() {
    let mut s = store();
    let app = acme(&mut s);
    let maria = maria_in_new_york(&mut s, app, Some(PersonRole::HiringManager));
    assert_eq!(maria.linked, Some((app, PersonRole::HiringManager)));
    let iv = record::add_interview(
        &mut s,
        &TimeZone::get("Europe/London").unwrap(),
        InterviewChanges {
            application: Some(app),
            start: Some("2026-11-19T15:00".into()),
            stage: Some(Stage::Panel),
            interviewers: vec![maria.person.id],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(iv.value.start.to_string(), "2026-11-19T15:00:00-05:00[America/New_York]");
    // The panel's interviewer keeps the part recorded for her.
    let view = record::application_view(&s, app).unwrap();
    assert_eq!(view.people[0].role, PersonRole::HiringManager);
}

#[test]
fn an_offer_deadline_cannot_precede_the_offer() {
    let mut s = store();
    let app = acme(&mut s);
    let err = record::add_outcome(
        &mut s,
        TODAY,
        OutcomeChanges {
            application: Some(app),
            kind: Some(OutcomeKind::Offer),
            deadline: Some(date(2026, 11, 1)),
            ..Default::default()
        },
    )
    .unwrap_err();
    match &err {
        Error::Invalid { field: Some(f), fix: Some(fix), .. } => {
            assert_eq!(f, "deadline");
            assert!(fix.contains("on or after"), "{fix}");
        }
        other => panic!("{other:?}"),
    }
    assert!(record::outcomes(&s, None).unwrap().is_empty());
    // Moving the offer's day past its deadline names the day, not the
    // deadline nobody touched.
    let offer = record::add_outcome(
        &mut s,
        TODAY,
        OutcomeChanges {
            application: Some(app),
            kind: Some(OutcomeKind::Offer),
            deadline: Some(date(2026, 11, 27)),
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    let later = OutcomeChanges { date: Some(date(2026, 11, 30)), ..Default::default() };
    match record::edit_outcome(&mut s, offer, later).unwrap_err() {
        Error::Invalid { field: Some(f), problem, .. } => {
            assert_eq!(f, "date");
            assert_eq!(problem, "2026-11-30 is after the deadline recorded for it, 2026-11-27");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn ids_that_name_nothing_are_not_found_of_their_kind() {
    let mut s = store();
    let err = record::application(&s, afterview_core::ids::ApplicationId(9)).unwrap_err();
    assert!(
        matches!(err, Error::NotFound { kind: Kind::Record(RecordKind::Application), ref id } if id == "a9")
    );
    assert_eq!(err.http_status(), 404);
    let err = agenda::mark(&mut s, &Settings::default(), TODAY, "thank-you:a1:p1", Mark::Done).unwrap_err();
    assert!(matches!(err, Error::NotFound { kind: Kind::Task, .. }), "{err:?}");
}

#[test]
fn the_demo_is_planned_marked_drafted_and_checked() {
    let mut s = store();
    let settings = Settings::default();
    assert_eq!(setup::load_demo(&mut s, &settings, TODAY, Demo::Showcase).unwrap(), 8);
    let view = agenda::agenda(&s, &settings, TODAY).unwrap();
    assert!(!view.empty);
    let task = view.agenda.task_ids().find(|t| t.as_str().starts_with("thank-you:")).unwrap().to_string();
    let drafted = messages::draft(&s, &NoProfile, &settings, TODAY, DraftTarget::Task(task.clone())).unwrap();
    assert!(drafted.findings.is_empty(), "a built-in draft is clean: {:?}", drafted.findings);
    let findings = messages::check_notes(
        Some(&s),
        &NoProfile,
        &settings,
        &[drafted.body.as_str()],
        CheckRequest {
            kind: Some(MessageKind::ThankYou),
            to: vec![drafted.context.to.name.clone()],
            application: Some(
                view.agenda
                    .due_today
                    .iter()
                    .find(|i| i.task.as_ref().is_some_and(|t| t.as_str() == task))
                    .unwrap()
                    .application,
            ),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(findings[0].is_empty(), "{:?}", findings[0]);
    agenda::mark(&mut s, &settings, TODAY, &task, Mark::Done).unwrap();
    let after = agenda::agenda(&s, &settings, TODAY).unwrap();
    assert!(after.agenda.task_ids().all(|t| t.as_str() != task));
    // Snoozing to a day that is not after today is refused.
    let other = after.agenda.task_ids().next().unwrap().to_string();
    let err = agenda::mark(&mut s, &settings, TODAY, &other, Mark::Snooze { until: TODAY }).unwrap_err();
    assert!(matches!(err, Error::Refused { .. }), "{err:?}");
}

#[test]
fn the_demo_never_mixes_into_real_data() {
    let mut s = store();
    acme(&mut s);
    let err = setup::load_demo(&mut s, &Settings::default(), TODAY, Demo::Synthetic(5)).unwrap_err();
    assert!(matches!(err, Error::Refused { .. }), "{err:?}");
    assert_eq!(s.application_count().unwrap(), 1);
}

/// Regression (issue 9): editing with an empty required value said
/// "Updated" and changed nothing; a duration of 0 or 4294967295 minutes was
/// accepted; a message could be logged to someone of another application.
#[test]
fn values_that_make_no_sense_are_refused_by_field() {
    let mut s = store();
    let app = acme(&mut s);
    let field = |e: Error| match e {
        Error::Invalid { field: Some(f), .. } => f,
        other => panic!("{other:?}"),
    };
    let empty = ApplicationChanges { company: Some(" ".into()), ..Default::default() };
    assert_eq!(field(record::edit_application(&mut s, app, empty).unwrap_err()), "company");
    for minutes in [0, 4_294_967_295] {
        let changes = InterviewChanges {
            application: Some(app),
            start: Some("2026-11-19T15:00".into()),
            stage: Some(Stage::Video),
            duration_minutes: Some(minutes),
            ..Default::default()
        };
        assert_eq!(field(record::add_interview(&mut s, &TimeZone::UTC, changes).unwrap_err()), "duration");
    }
    let other = application(&mut s, "Globex", "Dev");
    let tom = person_on(&mut s, other, "Tom Chen");
    let slip = record::NewMessage {
        application: Some(app),
        person: Some(tom),
        kind: Some(MessageKind::ThankYou),
        direction: afterview_core::kinds::Direction::Out,
        date: None,
        channel: afterview_core::kinds::Channel::Email,
        subject: None,
        body: None,
    };
    assert_eq!(field(record::log_message(&mut s, TODAY, slip).unwrap_err()), "person");
    assert!(record::messages(&s, None).unwrap().is_empty());
}

/// Regression (issue 9): `log` accepted a message dated 2099, and `message
/// edit` a person of another application; both now follow one rule.
#[test]
fn a_message_is_dated_today_at_the_latest_and_goes_to_someone_on_its_application() {
    let mut s = store();
    let app = acme(&mut s);
    let maria = person_on(&mut s, app, "Maria Lopez");
    let note = |date: Option<Date>| record::NewMessage {
        application: Some(app),
        person: Some(maria),
        kind: Some(MessageKind::ThankYou),
        direction: afterview_core::kinds::Direction::Out,
        date,
        channel: afterview_core::kinds::Channel::Email,
        subject: None,
        body: None,
    };
    for future in [date(2099, 1, 1), TODAY.tomorrow().unwrap()] {
        match record::log_message(&mut s, TODAY, note(Some(future))).unwrap_err() {
            Error::Invalid { field: Some(f), problem, fix: Some(fix) } => {
                assert_eq!(f, "date");
                assert_eq!(problem, format!("{future} is after today (2026-11-20)"));
                assert!(fix.contains("today at the latest"), "{fix}");
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(record::messages(&s, None).unwrap().is_empty());
    let m = record::log_message(&mut s, TODAY, note(Some(TODAY))).unwrap().id;
    let field = |e: Error| match e {
        Error::Invalid { field: Some(f), .. } => f,
        other => panic!("{other:?}"),
    };
    let later = record::MessageChanges { date: Some(date(2099, 1, 1)), ..Default::default() };
    assert_eq!(field(record::edit_message(&mut s, TODAY, m, later).unwrap_err()), "date");
    let other = application(&mut s, "Globex", "Dev");
    let tom = person_on(&mut s, other, "Tom Chen");
    let slip = record::MessageChanges { person: Some(tom), ..Default::default() };
    assert_eq!(field(record::edit_message(&mut s, TODAY, m, slip).unwrap_err()), "person");
    let kept = record::message(&s, m).unwrap().value;
    assert_eq!((kept.person, kept.date), (Some(maria), TODAY), "nothing changed");
}

/// Regression (issue 9): editing the start of an interview recorded in
/// Tokyo read the new time in the interviewer's New York zone and moved the
/// interview there.
#[test]
fn an_edited_start_is_read_in_the_interviews_own_zone() {
    let mut s = store();
    let app = acme(&mut s);
    let maria = maria_in_new_york(&mut s, app, None).person.id;
    let iv = record::add_interview(
        &mut s,
        &TimeZone::UTC,
        InterviewChanges {
            application: Some(app),
            start: Some("2026-11-19T15:00".into()),
            time_zone: Some("Asia/Tokyo".parse().unwrap()),
            stage: Some(Stage::Video),
            interviewers: vec![maria],
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    let edit = |s: &mut SqliteStore, start: &str, zone: Option<&str>| {
        let changes = InterviewChanges {
            start: Some(start.into()),
            time_zone: zone.map(|z| z.parse().unwrap()),
            ..Default::default()
        };
        record::edit_interview(s, &TimeZone::UTC, iv, changes).map(|r| r.value.start.to_string())
    };
    assert_eq!(edit(&mut s, "2026-11-20T16:00", None).unwrap(), "2026-11-20T16:00:00+09:00[Asia/Tokyo]");
    // The same rules as adding one: an offset keeps its instant, a bracketed
    // zone against the one given is a conflict, a skipped time is refused.
    assert_eq!(
        edit(&mut s, "2026-11-20T10:00-05:00", None).unwrap(),
        "2026-11-21T00:00:00+09:00[Asia/Tokyo]"
    );
    let e =
        edit(&mut s, "2026-11-20T10:00+00:00[Europe/London]", Some("Asia/Tokyo")).unwrap_err().to_string();
    assert!(e.contains("drop one of the two"), "{e}");
    let e = edit(&mut s, "2026-03-08T02:30", Some("America/New_York")).unwrap_err().to_string();
    assert!(e.contains("exists once in America/New_York"), "{e}");
    let e = edit(&mut s, "0001-01-01T10:00", None).unwrap_err().to_string();
    assert!(e.contains("a date from 1900 to 2200"), "{e}");
    let kept = record::interview_view(&s, iv).unwrap().interview.value.start.to_string();
    assert_eq!(kept, "2026-11-21T00:00:00+09:00[Asia/Tokyo]", "refused edits change nothing");
}

/// Regression (issue 9): a line break or an escape code in a name reached
/// the terminal and the first line of a draft, and a name of 65,536
/// characters broke every listing. One-line values are refused by field.
#[test]
fn one_line_values_hold_no_control_characters_and_have_an_end() {
    let mut s = store();
    let field = |e: Error| match e {
        Error::Invalid { field: Some(f), problem, .. } => (f, problem),
        other => panic!("{other:?}"),
    };
    for (company, role, bad, problem) in [
        (
            "Acme\u{1b}[2J",
            "Dev",
            "company",
            "holds a line break, a control character or a text-direction mark",
        ),
        (
            "Acme",
            "Dev\r\nX-Injected: yes",
            "role",
            "holds a line break, a control character or a text-direction mark",
        ),
        (
            "\u{202e}Trick Co",
            "Dev",
            "company",
            "holds a line break, a control character or a text-direction mark",
        ),
    ] {
        let changes = ApplicationChanges {
            company: Some(company.into()),
            role: Some(role.into()),
            ..Default::default()
        };
        assert_eq!(
            field(record::add_application(&mut s, changes).unwrap_err()),
            (bad.into(), problem.into())
        );
    }
    let app = acme(&mut s);
    let long = PersonChanges { name: Some("B".repeat(70_000)), ..Default::default() };
    let link = PersonLink { application: Some(app), role: None };
    let (f, problem) = field(record::add_person(&mut s, long, link).unwrap_err());
    assert_eq!((f.as_str(), problem.as_str()), ("name", "is 70000 characters long; at most 200 fit"));
    assert_eq!(s.application_count().unwrap(), 1);
    assert!(s.people().unwrap().is_empty());
}

/// Issue 10: an offer acceptance checked against its application raised
/// `salary`; once the application holds this employer's offer, money talk
/// is fine in any kind of note, and before it, it is an error.
#[test]
fn money_talk_is_fine_on_an_application_holding_an_offer() {
    let mut s = store();
    let app = acme(&mut s);
    maria_in_new_york(&mut s, app, Some(PersonRole::HiringManager));
    let note = "Dear Maria,\n\nThank you for the offer. I'm happy to accept the starting salary of $78,000 a year.\n\nMaya";
    let salary = |s: &SqliteStore| {
        messages::check_notes(
            Some(s),
            &NoProfile,
            &Settings::default(),
            &[note],
            CheckRequest {
                kind: Some(MessageKind::Other),
                to: vec!["Maria Lopez".into()],
                application: Some(app),
                ..Default::default()
            },
        )
        .unwrap()[0]
            .iter()
            .filter(|f| f.code.as_str() == "salary")
            .count()
    };
    assert_eq!(salary(&s), 1, "no offer yet");
    let offer = OutcomeChanges {
        application: Some(app),
        kind: Some(OutcomeKind::Offer),
        date: Some(TODAY),
        deadline: Some(date(2026, 11, 27)),
        ..Default::default()
    };
    record::add_outcome(&mut s, TODAY, offer).unwrap();
    assert_eq!(salary(&s), 0, "their offer is on the application");
}

/// Regression (a web trial): an interviewer of another application could
/// be put on this one's interview, and the plan then wrote to Acme's
/// hiring manager about Acme's own offer.
#[test]
fn an_interviewer_from_another_application_is_refused() {
    let mut s = store();
    let acme_app = acme(&mut s);
    let maria = person_on(&mut s, acme_app, "Maria Lopez");
    let other = application(&mut s, "Trick Co", "Dev");
    let changes = InterviewChanges {
        application: Some(other),
        start: Some("2026-11-30T10:00".into()),
        stage: Some(Stage::Video),
        interviewers: vec![maria],
        ..Default::default()
    };
    match record::add_interview(&mut s, &TimeZone::UTC, changes.clone()).unwrap_err() {
        Error::Invalid { field: Some(f), problem, .. } => {
            assert_eq!(
                (f.as_str(), problem),
                ("interviewer", format!("{maria} has a part on another application, not on {other}"))
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(record::interviews(&s, Some(other)).unwrap().is_empty());
    // On her own application she is fine.
    record::add_interview(
        &mut s,
        &TimeZone::UTC,
        InterviewChanges { application: Some(acme_app), ..changes },
    )
    .unwrap();
}

/// The local word list (a file beside the settings) behaves as every
/// profile must: the same check runs on the server's rows.
#[test]
fn the_local_profile_keeps_words_once_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let local = afterview_app::local::Local::at(afterview_app::local::Paths::in_folder(dir.path())).unwrap();
    afterview_store::conformance::a_profile_keeps_words_once_in_order(&local.profile());
}

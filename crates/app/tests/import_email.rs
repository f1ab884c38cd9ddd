//! The email import as a use case: matching by a recorded person's address
//! and by a company domain (never a public one), the direction from
//! `user.email`, the same email twice changing nothing, a rejection or an
//! offer proposing its outcome, a reply re-planning, a sent thank-you
//! ticking its task off, and a failure that records nothing.

use afterview_app::import::email::{Action, MatchedBy, NO_USER_EMAIL, email_import, email_preview};
use afterview_app::record::{self, ApplicationChanges, InterviewChanges, PersonChanges, PersonLink};
use afterview_app::{agenda, import::email::EmailPlan};
use afterview_core::ids::ApplicationId;
use afterview_core::import::email::{EmailKind, Mail, read};
use afterview_core::kinds::{ApplicationStatus, Direction, MessageKind, OutcomeKind, Stage};
use afterview_core::settings::Settings;
use afterview_sqlite::SqliteStore;
use afterview_store::Store;
use jiff::civil::{Date, date};
use jiff::tz::TimeZone;

const TODAY: Date = date(2026, 12, 1);
const USER: &str = "jordan@mail.example";

fn settings() -> Settings {
    let mut s = Settings::default();
    s.user.email = USER.to_owned();
    s
}

/// An application with Maria Lopez (maria@acme.example), interviewed on
/// Thu 19 Nov.
fn application(store: &mut SqliteStore, company: &str, person: &str, email: &str) -> ApplicationId {
    let changes = ApplicationChanges {
        company: Some(company.into()),
        role: Some("Data Engineer".into()),
        ..Default::default()
    };
    let app = record::add_application(store, changes).unwrap().id;
    let changes = PersonChanges {
        name: Some(person.into()),
        email: Some(Some(email.parse().unwrap())),
        ..Default::default()
    };
    let link = PersonLink { application: Some(app), role: None };
    let p = record::add_person(store, changes, link).unwrap().person.id;
    let iv = InterviewChanges {
        application: Some(app),
        start: Some("2026-11-19T10:00".into()),
        stage: Some(Stage::Onsite),
        interviewers: vec![p],
        ..Default::default()
    };
    record::add_interview(store, &TimeZone::UTC, iv).unwrap();
    app
}

fn acme() -> (SqliteStore, ApplicationId) {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let app = application(&mut store, "Acme", "Maria Lopez", "maria@acme.example");
    (store, app)
}

fn mail(id: &str, from: &str, to: &str, date: &str, subject: &str, body: &str) -> String {
    format!("Message-ID: <{id}>\nDate: {date}\nFrom: {from}\nTo: {to}\nSubject: {subject}\n\n{body}\n")
}

fn mails(raw: &[String]) -> Vec<Mail> {
    let zone = jiff::tz::db().get("America/New_York").unwrap();
    raw.iter().flat_map(|r| read(r.as_bytes(), &zone).unwrap()).collect()
}

fn preview(store: &SqliteStore, raw: &[String]) -> EmailPlan {
    email_preview(store, &mails(raw), &settings(), TODAY, None).unwrap()
}

#[test]
fn matches_by_a_recorded_address_then_by_the_company_domain_never_a_public_one() {
    let (mut store, acme) = acme();
    let globex = application(&mut store, "Globex", "Sam Reed", "sam.reed@gmail.com");
    let plan = preview(
        &store,
        &[
            mail(
                "1@acme",
                "Maria <MARIA@acme.example>",
                USER,
                "Mon, 30 Nov 2026 10:00 -0500",
                "Hi",
                "Thanks!",
            ),
            mail("2@acme", "hr@acme.example", USER, "Mon, 30 Nov 2026 11:00 -0500", "Hi", "Noted."),
            mail("3@g", "sam.reed@gmail.com", USER, "Mon, 30 Nov 2026 12:00 -0500", "Hi", "Noted."),
            mail("4@g", "someone.else@gmail.com", USER, "Mon, 30 Nov 2026 12:00 -0500", "Hi", "Noted."),
            mail("5@i", "ana@initech.example", USER, "Mon, 30 Nov 2026 12:00 -0500", "Hello", "Noted."),
        ],
    );
    assert!(plan.note.is_none());
    let actions: Vec<&Action> = plan.messages.iter().map(|m| &m.action).collect();
    let Action::Log { matched_by, message, person_name, .. } = actions[0] else { panic!("{:?}", actions[0]) };
    assert_eq!(*matched_by, MatchedBy::Person { email: "maria@acme.example".into() });
    assert_eq!((message.application, message.direction), (acme, Direction::In));
    assert_eq!(person_name.as_deref(), Some("Maria Lopez"));
    assert_eq!(message.source_id.as_deref(), Some("1@acme"));
    let Action::Log { matched_by, message, person_name, .. } = actions[1] else { panic!("{:?}", actions[1]) };
    assert_eq!(*matched_by, MatchedBy::Domain { domain: "acme.example".into() });
    assert_eq!((message.application, message.person, person_name), (acme, None, &None));
    assert!(matches!(actions[2], Action::Log { message, .. } if message.application == globex));
    // gmail.com is Sam's, not Globex's: another gmail address is nobody.
    assert!(matches!(actions[3], Action::Unmatched { reason } if reason.contains("someone.else@gmail.com")));
    assert!(matches!(actions[4], Action::Unmatched { .. }));
    assert_eq!((plan.to_log(), plan.unmatched()), (3, 2));
    assert!(store.messages(None).unwrap().is_empty(), "a preview writes nothing");
}

#[test]
fn the_same_email_twice_changes_nothing() {
    let (mut store, _) = acme();
    let raw =
        [mail("r@acme", "maria@acme.example", USER, "Mon, 30 Nov 2026 10:00 -0500", "Re: x", "Thanks!")];
    let done = email_import(&mut store, &mails(&raw), &settings(), TODAY, None).unwrap();
    assert_eq!(done.messages.len(), 1);
    // Twice in one run, and again later: recorded once.
    let twice = [raw[0].clone(), raw[0].clone()];
    let again = email_import(&mut store, &mails(&twice), &settings(), TODAY, None).unwrap();
    assert!(again.messages.is_empty());
    assert_eq!(store.messages(None).unwrap().len(), 1);
    let plan = preview(&store, &raw);
    assert!(
        matches!(plan.messages[0].action, Action::Already { message: Some(id) } if id == done.messages[0])
    );
}

#[test]
fn a_rejection_records_its_outcome_in_the_same_import() {
    let (mut store, app) = acme();
    let raw = [mail(
        "no@acme",
        "maria@acme.example",
        USER,
        "Mon, 30 Nov 2026 10:00 -0500",
        "Your application",
        "Thank you for your time. We have decided to move forward with other candidates.",
    )];
    let plan = preview(&store, &raw);
    assert_eq!(plan.messages[0].classified.as_ref().unwrap().kind, EmailKind::Rejection);
    assert!(
        plan.messages[0].classified.as_ref().unwrap().reason.contains("move forward with other candidates")
    );
    let done = email_import(&mut store, &mails(&raw), &settings(), TODAY, None).unwrap();
    assert_eq!(done.outcomes.len(), 1);
    let o = store.outcomes(Some(app)).unwrap().remove(0).value;
    assert_eq!((o.kind, o.date), (OutcomeKind::Rejection, date(2026, 11, 30)));
    assert_eq!(store.application(app).unwrap().value.status, ApplicationStatus::Rejected);
    // The chase ends (F6), and the gracious reply is next.
    let r = &done.replans[0];
    assert!(r.change.starts_with("No check is planned any more"), "{}", r.change);
    let planned = agenda::planned_tasks(&store, &settings(), TODAY).unwrap();
    assert!(planned.iter().any(|i| i.kind == "rejection-reply"), "{planned:?}");
}

#[test]
fn an_offer_takes_its_deadline_from_the_message() {
    let (mut store, app) = acme();
    let raw = [mail(
        "yes@acme",
        "maria@acme.example",
        USER,
        "Mon, 30 Nov 2026 10:00 -0500",
        "Offer",
        "We are pleased to offer you the role. Please let us know by Friday.",
    )];
    email_import(&mut store, &mails(&raw), &settings(), TODAY, None).unwrap();
    let o = store.outcomes(Some(app)).unwrap().remove(0).value;
    assert_eq!((o.kind, o.deadline), (OutcomeKind::Offer, Some(date(2026, 12, 4))));
}

#[test]
fn a_reply_with_a_new_timeline_replans_and_says_how() {
    let (mut store, app) = acme();
    let raw = [mail(
        "t@acme",
        "maria@acme.example",
        USER,
        "Mon, 30 Nov 2026 10:00 -0500",
        "Re: Following up",
        "We expect to make a decision by December 11.\n\nOn Mon, Nov 30, 2026 Jordan wrote:\n> any news by Friday?",
    )];
    let plan = preview(&store, &raw);
    assert_eq!(plan.messages[0].classified.as_ref().unwrap().kind, EmailKind::Reply);
    let r = &plan.replans[0];
    assert_eq!(r.application, app);
    let after = r.after.next_check.as_ref().expect("a check after the decision");
    // The next business day after Fri 11 Dec (T4, from the reply, F4).
    assert_eq!(after.due, date(2026, 12, 14), "{r:?}");
    assert!(r.change.starts_with("The next check:"), "{}", r.change);
    let done = email_import(&mut store, &mails(&raw), &settings(), TODAY, None).unwrap();
    let logged = store.message(done.messages[0]).unwrap().value;
    assert_eq!(logged.body.as_deref(), Some("We expect to make a decision by December 11."));
    assert_eq!((logged.kind, logged.direction), (MessageKind::Other, Direction::In));
}

#[test]
fn a_sent_thank_you_ticks_its_task_off() {
    let (mut store, _) = acme();
    let today = date(2026, 11, 19);
    let due = |store: &SqliteStore| {
        let view = agenda::agenda(store, &settings(), today).unwrap();
        view.agenda.due_today.iter().filter(|i| i.kind == "thank-you").count()
    };
    assert_eq!(due(&store), 1);
    let raw = [mail(
        "ty@mail",
        "Jordan Lee <jordan@mail.example>",
        "maria@acme.example",
        "Thu, 19 Nov 2026 17:00 -0500",
        "Thank you",
        "Thank you for taking the time to meet with me today.",
    )];
    let done = email_import(&mut store, &mails(&raw), &settings(), today, None).unwrap();
    let m = store.message(done.messages[0]).unwrap().value;
    assert_eq!((m.kind, m.direction), (MessageKind::ThankYou, Direction::Out));
    assert!(m.person.is_some());
    assert_eq!(due(&store), 0);
}

#[test]
fn without_user_email_it_says_how_to_set_it_and_reads_direction_from_the_people() {
    let (store, _) = acme();
    let raw = [
        mail(
            "a@x",
            "jordan@mail.example",
            "maria@acme.example",
            "Mon, 30 Nov 2026 09:00 -0500",
            "Checking in",
            "I wanted to follow up on my interview.",
        ),
        mail(
            "b@x",
            "maria@acme.example",
            "jordan@mail.example",
            "Mon, 30 Nov 2026 10:00 -0500",
            "Re: Checking in",
            "Soon.",
        ),
    ];
    let plan = email_preview(&store, &mails(&raw), &Settings::default(), TODAY, None).unwrap();
    assert_eq!(plan.note.as_deref(), Some(NO_USER_EMAIL));
    assert_eq!(plan.messages[0].direction, Direction::Out);
    assert_eq!(plan.messages[0].classified.as_ref().unwrap().kind, EmailKind::StatusCheck);
    assert_eq!(plan.messages[1].direction, Direction::In);
}

#[test]
fn application_forces_the_match() {
    let (store, app) = acme();
    let raw =
        [mail("f@x", "someone@elsewhere.example", USER, "Mon, 30 Nov 2026 09:00 -0500", "Hi", "Hello.")];
    let plan = email_preview(&store, &mails(&raw), &settings(), TODAY, Some(app)).unwrap();
    assert!(
        matches!(&plan.messages[0].action, Action::Log { matched_by: MatchedBy::Forced, message, .. } if message.application == app)
    );
    let missing =
        email_preview(&store, &mails(&raw), &settings(), TODAY, Some(ApplicationId(99))).unwrap_err();
    assert!(missing.to_string().contains("a99"), "{missing}");
}

#[test]
fn a_message_that_cannot_be_recorded_stops_the_import_and_records_nothing() {
    let (mut store, _) = acme();
    let long = "x".repeat(300);
    let raw = [
        mail("ok@acme", "maria@acme.example", USER, "Mon, 30 Nov 2026 09:00 -0500", "Fine", "Thanks."),
        mail("bad@acme", "maria@acme.example", USER, "Mon, 30 Nov 2026 10:00 -0500", &long, "Thanks."),
    ];
    let e = email_import(&mut store, &mails(&raw), &settings(), TODAY, None).unwrap_err();
    let text = e.to_string();
    assert!(text.contains("bad@acme") && text.contains("nothing was recorded"), "{text}");
    assert!(store.messages(None).unwrap().is_empty());
}

#[test]
fn a_message_dated_after_today_or_undated_is_skipped_with_the_reason() {
    let (store, _) = acme();
    let raw = [
        mail("later@acme", "maria@acme.example", USER, "Fri, 4 Dec 2026 09:00 -0500", "Hi", "Later."),
        "Message-ID: <nodate@acme>\nFrom: maria@acme.example\nSubject: Hi\n\nUndated.\n".to_owned(),
    ];
    let plan = preview(&store, &raw);
    assert!(matches!(&plan.messages[0].action, Action::Skip { reason } if reason.contains("after today")));
    assert!(matches!(&plan.messages[1].action, Action::Skip { reason } if reason.contains("no Date")));
}

#[test]
fn reading_keeps_the_text_only_of_messages_that_can_match() {
    use afterview_app::import::email::{Recorded, read_mails};
    let (store, _) = acme();
    let mbox = "From x Mon Nov 30 14:00:00 2026\nMessage-ID: <1@a>\nFrom: hr@acme.example\n\nKept.\n\n\
From y Mon Nov 30 14:00:00 2026\nMessage-ID: <2@b>\nFrom: news@shop.example\nSubject: Sale\n\nDropped.\n";
    let recorded = Recorded::load(&store).unwrap();
    let all = read_mails(mbox.as_bytes(), TimeZone::UTC, Some(&recorded)).unwrap();
    assert_eq!((all[0].body.as_str(), all[1].body.as_str()), ("Kept.", ""));
    assert_eq!(all[1].subject.as_deref(), Some("Sale"), "still listed by its subject");
    let err = read_mails(&b"\x00\x01"[..], TimeZone::UTC, None).unwrap_err().to_string();
    assert!(err.contains("binary") && err.ends_with("nothing was recorded"), "{err}");
}

#[test]
fn a_sent_status_check_counts_as_sent_and_moves_the_next_check() {
    let (mut store, app) = acme();
    // No timeline: the first check is due a week after Thu 19 Nov (T5),
    // Thanksgiving, rolled forward to Fri 27 Nov.
    let raw = [mail(
        "sc@mail",
        "jordan@mail.example",
        "maria@acme.example",
        "Fri 27 Nov 2026 09:00 -0500",
        "Checking in",
        "I wanted to follow up on my interview last week.",
    )];
    let plan = preview(&store, &raw);
    let r = &plan.replans[0];
    assert_eq!(r.application, app);
    assert_eq!(r.before.next_check.as_ref().map(|n| n.due), Some(date(2026, 11, 27)), "{r:?}");
    // F1: the next one a week after the one sent.
    assert_eq!(r.after.next_check.as_ref().map(|n| n.due), Some(date(2026, 12, 4)), "{r:?}");
    let done = email_import(&mut store, &mails(&raw), &settings(), TODAY, None).unwrap();
    let m = store.message(done.messages[0]).unwrap().value;
    assert_eq!((m.kind, m.direction), (MessageKind::StatusCheck, Direction::Out));
}

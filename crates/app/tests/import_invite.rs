//! Importing interview invitations as a use case, on the core's fixtures:
//! one transaction, the user's own address left out, a second import of
//! the same invite changing nothing, an update moving the interview, a
//! cancellation removing it, and a bad file recording nothing.

use afterview_app::import::{
    AppRef, InviteAction, InviteFile, InviteOptions, PersonRef, ROLE_UNKNOWN, invite_import, invite_preview,
};
use afterview_core::kinds::{PersonRole, Stage};
use afterview_core::settings::Settings;
use afterview_sqlite::SqliteStore;
use afterview_store::{Store, Tx};
use jiff::civil::{Date, date};

const TODAY: Date = date(2026, 11, 30);

fn file(name: &str) -> InviteFile {
    let path = format!("{}/../core/tests/fixtures/invites/{name}", env!("CARGO_MANIFEST_DIR"));
    InviteFile {
        name: name.to_owned(),
        bytes: std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")),
    }
}

fn settings() -> Settings {
    let mut s = Settings::default();
    s.user.name = "Maya Patel".into();
    s.user.email = "Maya.Patel@gmail.com".into();
    s.user.time_zone = "America/New_York".into();
    s
}

fn import(store: &mut SqliteStore, names: &[&str]) -> afterview_app::import::InviteImported {
    let files: Vec<InviteFile> = names.iter().map(|n| file(n)).collect();
    invite_import(store, &files, &InviteOptions::default(), &settings(), TODAY).unwrap()
}

#[test]
fn a_google_invite_records_the_application_its_people_and_the_interview() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let preview =
        invite_preview(&store, &[file("google.ics")], &InviteOptions::default(), &settings(), TODAY).unwrap();
    assert_eq!(store.application_count().unwrap(), 0, "a preview writes nothing");
    let item = &preview.invites[0];
    assert_eq!(item.action, InviteAction::Add);
    assert_eq!((item.company.as_str(), item.role.as_str()), ("Acme Robotics", ROLE_UNKNOWN));
    assert_eq!(item.start_yours.to_string(), "2026-12-03T13:00:00-05:00[America/New_York]");
    assert!(item.notes.iter().any(|n| n.contains("(role unknown)")), "{:?}", item.notes);

    let done = import(&mut store, &["google.ics"]);
    assert_eq!((done.applications.len(), done.people.len(), done.added.len()), (1, 2, 1));
    let app = store.application(done.applications[0]).unwrap().value;
    assert_eq!((app.company.as_str(), app.role.as_str()), ("Acme Robotics", ROLE_UNKNOWN));
    let iv = store.interview(done.added[0]).unwrap().value;
    assert_eq!(iv.start.to_string(), "2026-12-03T10:00:00-08:00[America/Los_Angeles]");
    assert_eq!((iv.duration_minutes, iv.stage), (60, Stage::Video));
    assert_eq!(iv.location.as_deref(), Some("https://meet.google.com/xsd-qpwe-rtk"));
    let r = iv.invite.unwrap();
    assert_eq!((r.uid.as_str(), r.sequence), ("3f9kq2vb7n1mtc0a8sd5ljh4ue@google.com", 0));
    let names: Vec<String> = iv.interviewers.iter().map(|p| store.person(*p).unwrap().value.name).collect();
    assert_eq!(names, ["Jordan Lee", "Priya Raman"]);
    // The user's own address is nobody.
    assert!(store.people().unwrap().iter().all(|p| {
        !p.value.email.as_ref().is_some_and(|e| e.as_str().eq_ignore_ascii_case("maya.patel@gmail.com"))
    }));
}

#[test]
fn the_same_invite_twice_changes_nothing() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let first = import(&mut store, &["google.ics"]);
    let again = import(&mut store, &["google.ics"]);
    assert_eq!(again.plan.changes(), 0);
    assert_eq!(again.plan.invites[0].action, InviteAction::AlreadyRecorded { interview: first.added[0] });
    assert_eq!((again.applications.len(), again.people.len(), again.added.len()), (0, 0, 0));
    assert_eq!(store.interviews(None).unwrap().len(), 1);
    assert_eq!(store.people().unwrap().len(), 2);
    // The same file twice in one call is one invite.
    let mut fresh = SqliteStore::open_in_memory().unwrap();
    let both = import(&mut fresh, &["google.ics", "google.ics"]);
    assert_eq!(both.added.len(), 1);
    assert!(matches!(both.plan.invites[0].action, InviteAction::Superseded { .. }));
}

#[test]
fn an_update_moves_the_interview_and_a_cancellation_removes_it() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let first = import(&mut store, &["google.ics"]);
    let id = first.added[0];
    let moved = import(&mut store, &["google-update.ics"]);
    assert_eq!(moved.moved, [id]);
    assert!(matches!(&moved.plan.invites[0].action, InviteAction::Move { from, .. } if from.hour() == 10));
    let iv = store.interview(id).unwrap().value;
    assert_eq!(iv.start.to_string(), "2026-12-04T13:30:00-08:00[America/Los_Angeles]");
    assert_eq!((iv.duration_minutes, iv.invite.unwrap().sequence), (45, 1));
    assert_eq!(iv.interviewers.len(), 2, "the panel is kept");
    // The first invite again is older than what is recorded.
    assert_eq!(import(&mut store, &["google.ics"]).plan.changes(), 0);
    assert_eq!(store.interview(id).unwrap().value.start.hour(), 13);

    let cancelled = import(&mut store, &["google-cancel.ics"]);
    assert_eq!(cancelled.cancelled, [id]);
    assert!(store.interviews(None).unwrap().is_empty());
    // Neither the cancellation nor the first invite brings anything back.
    let again = import(&mut store, &["google-cancel.ics", "google.ics"]);
    assert_eq!(again.plan.changes(), 0, "{:?}", again.plan.invites);
    let first_again = import(&mut store, &["google.ics"]);
    assert_eq!(first_again.plan.invites[0].action, InviteAction::AlreadyCancelled);
    assert!(store.interviews(None).unwrap().is_empty());
}

#[test]
fn a_cancellation_of_an_invite_never_recorded_changes_nothing() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let done = import(&mut store, &["google-cancel.ics"]);
    assert_eq!(done.plan.invites[0].action, InviteAction::NotRecorded);
    assert_eq!(store.application_count().unwrap(), 0);
}

#[test]
fn an_invite_and_its_update_in_one_call_record_the_update() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let done = import(&mut store, &["google.ics", "google-update.ics"]);
    assert_eq!(done.added.len(), 1);
    assert_eq!(store.interview(done.added[0]).unwrap().value.start.day(), 4);
}

#[test]
fn outlook_greenhouse_and_calendly_in_one_transaction() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let done = import(&mut store, &["outlook-teams.eml", "greenhouse.ics", "calendly.ics"]);
    assert_eq!(done.added.len(), 3);
    let apps: Vec<(String, String)> = done
        .applications
        .iter()
        .map(|a| store.application(*a).unwrap().value)
        .map(|a| (a.company, a.role))
        .collect();
    assert_eq!(
        apps,
        [
            ("Globex".into(), "Data Engineer".into()),
            ("Initech".into(), "Senior Data Engineer".into()),
            ("Hooli".into(), ROLE_UNKNOWN.into())
        ]
    );
    let panel = |i: usize| -> Vec<String> {
        let iv = store.interview(done.added[i]).unwrap().value;
        iv.interviewers.iter().map(|p| store.person(*p).unwrap().value.name).collect()
    };
    // Outlook's organizer attends; "Kowalski, Anna" is Anna Kowalski.
    assert_eq!(panel(0), ["Anna Kowalski", "Ben Okafor"]);
    // Greenhouse's coordinator organizes; the schedule names the panel.
    assert_eq!(panel(1), ["Priya Shah", "Tom Becker", "Ana Li", "Rachel Green", "Luis Moreno"]);
    let parts = store.involvements(Some(done.applications[1])).unwrap();
    let sam = parts.iter().find(|i| store.person(i.person).unwrap().value.name == "Sam Ortiz").unwrap();
    assert_eq!(sam.role, PersonRole::InHouseRecruiter);
    let onsite = store.interview(done.added[1]).unwrap().value;
    assert_eq!(onsite.stage, Stage::Onsite);
    assert!(
        onsite.notes.as_deref().is_some_and(|n| n.contains("Pipeline Design with Tom Becker")),
        "{:?}",
        onsite.notes
    );
    // Calendly: the one who booked the call is on it, as the recruiter.
    assert_eq!(panel(2), ["Dana Whitfield"]);
    let dana = store.involvements(Some(done.applications[2])).unwrap();
    assert_eq!(dana[0].role, PersonRole::InHouseRecruiter);
    assert_eq!(store.interview(done.added[2]).unwrap().value.location.as_deref(), Some("Phone call"));
}

#[test]
fn an_application_already_recorded_is_found_by_address_domain_or_name() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let (acme, other) = store
        .write(|tx| {
            let acme = tx.add_application(&afterview_core::model::Application::new(
                "Acme Robotics",
                "Robotics Engineer",
            ))?;
            let other = tx.add_application(&afterview_core::model::Application::new("Globex", "Analyst"))?;
            let mut p = afterview_core::model::Person::new("Kim Recruiter");
            p.email = Some("kim@acme-robotics.com".parse().unwrap());
            let kim = tx.add_person(&p)?;
            tx.involve(acme, kim, PersonRole::InHouseRecruiter)?;
            Ok((acme, other))
        })
        .unwrap();
    let done = import(&mut store, &["google.ics", "outlook-teams.eml"]);
    assert!(
        done.applications.is_empty(),
        "{:?}",
        done.plan.invites.iter().map(|i| &i.matched_by).collect::<Vec<_>>()
    );
    assert_eq!(done.plan.invites[0].application, Some(AppRef::Recorded(acme)));
    assert!(
        done.plan.invites[0].matched_by.contains("acme-robotics.com"),
        "{}",
        done.plan.invites[0].matched_by
    );
    assert_eq!(done.plan.invites[1].application, Some(AppRef::Recorded(other)));
    // --application decides.
    let mut store = SqliteStore::open_in_memory().unwrap();
    let forced = store
        .write(|tx| tx.add_application(&afterview_core::model::Application::new("Zeta", "Cook")))
        .unwrap();
    let options = InviteOptions { application: Some(forced), time_zone: None };
    let done = invite_import(&mut store, &[file("calendly.ics")], &options, &settings(), TODAY).unwrap();
    assert_eq!(store.interview(done.added[0]).unwrap().value.application, forced);
}

#[test]
fn a_person_already_recorded_is_linked_not_added() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    import(&mut store, &["google.ics"]);
    let people = store.people().unwrap().len();
    let plan =
        invite_preview(&store, &[file("outlook-teams.eml")], &InviteOptions::default(), &settings(), TODAY)
            .unwrap();
    assert!(plan.invites[0].people.iter().all(|p| matches!(p.person, PersonRef::New(_))));
    assert_eq!(store.people().unwrap().len(), people);
}

#[test]
fn a_bad_file_records_nothing() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let broken = InviteFile {
        name: "broken.ics".into(),
        bytes: b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261203T100000Z\r\n".to_vec(),
    };
    let e = invite_import(
        &mut store,
        &[file("google.ics"), broken],
        &InviteOptions::default(),
        &settings(),
        TODAY,
    )
    .unwrap_err();
    let text = e.to_string();
    assert!(text.starts_with("broken.ics, line 2: BEGIN:VEVENT is never closed"), "{text}");
    assert!(text.ends_with("nothing was recorded"), "{text}");
    assert_eq!(e.exit_code(), 2);
    assert_eq!(store.application_count().unwrap(), 0);
    assert!(store.interviews(None).unwrap().is_empty());
}

#[test]
fn without_the_users_address_it_refuses() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let mut s = settings();
    s.user.email.clear();
    let e =
        invite_import(&mut store, &[file("google.ics")], &InviteOptions::default(), &s, TODAY).unwrap_err();
    assert!(e.to_string().contains("user.email"), "{e}");
    assert_eq!(store.application_count().unwrap(), 0);
}

/// Regression (left alone in the invite work): an update that invites
/// someone more moved the interview but left them off its panel.
#[test]
fn an_update_that_invites_someone_more_adds_them_to_the_panel() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let first = import(&mut store, &["google.ics"]);
    let id = first.added[0];
    let before = store.interview(id).unwrap().value.interviewers.len();
    let update = String::from_utf8(file("google-update.ics").bytes).unwrap().replacen(
        "ATTENDEE;",
        "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN=Lena Ortiz:mailto:lena.ortiz@acme-robotics.com\r\nATTENDEE;",
        1,
    );
    let files = [InviteFile { name: "update.ics".into(), bytes: update.into_bytes() }];
    let done = invite_import(&mut store, &files, &InviteOptions::default(), &settings(), TODAY).unwrap();
    assert_eq!(done.moved, [id]);
    let names: Vec<&str> = done.plan.invites[0].people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Lena Ortiz"], "only who joins is listed");
    let iv = store.interview(id).unwrap().value;
    assert_eq!(iv.interviewers.len(), before + 1, "the panel is kept, and Lena joins it");
    let lena = store.person(*iv.interviewers.last().unwrap()).unwrap().value;
    assert_eq!(lena.name, "Lena Ortiz");
    // The same update again changes nothing, and adds no one twice.
    let again = invite_import(&mut store, &files, &InviteOptions::default(), &settings(), TODAY).unwrap();
    assert_eq!(again.plan.changes(), 0);
    assert_eq!(store.people().unwrap().iter().filter(|p| p.value.name == "Lena Ortiz").count(), 1);
}

//! The coaching use cases on a real PostgreSQL server: a link accepted
//! once, by the invited address only; a coach without a live grant of
//! their own finds nothing (not found, never forbidden), at once after a
//! revocation; message bodies hidden unless shared; every view recorded and
//! shown to the person; a person who removes their account while coached
//! leaves nothing, and the coach's next view is not found.
//!
//! Skipped without `AFTERVIEW_TEST_POSTGRES`, failed without it under
//! `CI=true` (see `afterview_postgres::testing`).

use afterview_app::coach::{self, CoachLink, GrantState};
use afterview_app::setup::{Demo, load_demo};
use afterview_app::{Error, Kind, agenda, record};
use afterview_core::ids::ApplicationId;
use afterview_core::kinds::{Channel, Direction, MessageKind};
use afterview_core::settings::Settings;
use afterview_postgres::testing::TestSchema;
use afterview_postgres::{PgPool, PgStore};
use afterview_store::accounts::{Accounts, NewAccount, Role};
use afterview_store::coaching::{Coach, GrantId, Viewed};
use afterview_store::{RecordKind, Store, UserId};
use jiff::civil::{Date, date};
use jiff::{SignedDuration, Timestamp};

const TODAY: Date = date(2026, 11, 20);

fn now() -> Timestamp {
    "2026-11-20T09:00:00Z".parse().unwrap()
}

fn later(minutes: i64) -> Timestamp {
    now() + SignedDuration::from_mins(minutes)
}

/// Pat, who looks for work (the demo's applications), Casey, the coach Pat
/// invites, and Dana, another account on the server.
struct World {
    db: TestSchema,
    pool: PgPool,
    pat: UserId,
    casey: UserId,
    dana: UserId,
}

/// An account on the server.
fn account(pool: &PgPool, email: &str, name: &str) -> UserId {
    let new = NewAccount { email, name, role: Role::Member, password_hash: None };
    pool.create_account(&new, now()).unwrap().unwrap().id
}

fn world() -> Option<World> {
    let db = TestSchema::new()?;
    let pool = db.pool();
    let (pat, casey, dana) = (
        account(&pool, "pat@example.org", "Pat Doe"),
        account(&pool, "casey@example.edu", "Casey Coach"),
        account(&pool, "dana@example.org", "Dana Diaz"),
    );
    load_demo(&mut pool.open(pat).unwrap(), &Settings::default(), TODAY, Demo::Showcase).unwrap();
    load_demo(&mut pool.open(dana).unwrap(), &Settings::default(), TODAY, Demo::Showcase).unwrap();
    Some(World { db, pool, pat, casey, dana })
}

impl World {
    /// The person's store and settings, as the server's home gives them.
    fn home(&self) -> impl FnOnce(UserId) -> afterview_app::Result<(PgStore, Settings)> + '_ {
        |user| Ok((self.pool.open(user)?, Settings::default()))
    }

    fn invite(&self, share_bodies: bool) -> CoachLink {
        coach::invite_coach(&self.pool, self.pat, "Casey@Example.edu", share_bodies, now()).unwrap()
    }

    /// Pat invites Casey, who accepts.
    fn coached(&self, share_bodies: bool) -> GrantId {
        let link = self.invite(share_bodies);
        let g = coach::accept(&self.pool, self.casey, token(&link), later(1)).unwrap();
        g.id
    }

    fn pats(&self) -> PgStore {
        self.pool.open(self.pat).unwrap()
    }

    /// Pat logs a reply from the employer with what it said.
    fn log_reply(&self, app: ApplicationId, said: &str) {
        let m = record::NewMessage {
            application: Some(app),
            person: None,
            kind: Some(MessageKind::Other),
            direction: Direction::In,
            date: Some(TODAY),
            channel: Channel::Email,
            subject: Some("Re: our conversation".into()),
            body: Some(said.into()),
        };
        record::log_message(&mut self.pats(), TODAY, m).unwrap();
    }
}

fn token(link: &CoachLink) -> &str {
    link.url_path.strip_prefix("/coach/accept/").unwrap()
}

fn grant_not_found<T: std::fmt::Debug>(r: afterview_app::Result<T>) {
    match r {
        Err(e @ Error::NotFound { kind: Kind::Record(RecordKind::Grant), .. }) => {
            assert_eq!(e.http_status(), 404);
        }
        other => panic!("expected the grant not found, got {other:?}"),
    }
}

fn refused<T: std::fmt::Debug>(r: afterview_app::Result<T>, says: &str) {
    match r {
        Err(Error::Refused { reason }) => assert!(reason.contains(says), "{reason}"),
        other => panic!("expected a refusal saying {says:?}, got {other:?}"),
    }
}

/// Every view a coach may call, through `grant`, each one not found.
fn sees_nothing(w: &World, coach: UserId, grant: GrantId, application: ApplicationId) {
    let when = Some(TODAY);
    grant_not_found(coach::coached_agenda(&w.pool, coach, grant, w.home(), when, later(5)));
    grant_not_found(coach::coached_applications(&w.pool, coach, grant, w.home(), when, None, later(5)));
    grant_not_found(coach::coached_application(&w.pool, coach, grant, w.home(), when, application, later(5)));
    grant_not_found(coach::comment(&w.pool, coach, grant, application, "Hello", later(5)));
}

#[test]
fn a_link_is_made_once_and_accepted_once_by_the_address_invited() {
    let Some(w) = world() else { return };
    let link = w.invite(false);
    assert_eq!(link.email, "Casey@Example.edu");
    assert_eq!(token(&link).len(), 64);
    assert_eq!(link.expires_at, "2026-12-04T09:00:00Z".parse().unwrap(), "two weeks to accept");
    assert_eq!(coach::state(&link.grant, now()), GrantState::Pending { expires_at: link.expires_at });
    // The token is not in the database, only its SHA-256.
    let stored: Vec<u8> =
        w.db.client().query_one("SELECT token_sha256 FROM coach_grants", &[]).unwrap().get(0);
    assert_eq!(stored.len(), 32);
    assert!(!String::from_utf8_lossy(&stored).contains(token(&link)));

    let again = coach::invite_coach(&w.pool, w.pat, "casey@example.edu", true, now());
    assert!(matches!(again, Err(Error::Conflict { .. })), "{again:?}");
    assert!(matches!(
        coach::invite_coach(&w.pool, w.pat, "not an address", false, now()),
        Err(Error::Invalid { field: Some(f), .. }) if f == "email"
    ));
    let own = coach::invite_coach(&w.pool, w.pat, "PAT@example.org", false, now());
    assert!(
        matches!(&own, Err(Error::Invalid { problem, .. }) if problem.contains("your own address")),
        "{own:?}"
    );

    let t = token(&link);
    refused(coach::pending(&w.pool, "0123", now()), "not one afterview made");
    refused(coach::pending(&w.pool, &"ab".repeat(32), now()), "not one afterview made");
    assert_eq!(coach::pending(&w.pool, t, now()).unwrap().person_name, "Pat Doe");
    assert_eq!(coach::pending(&w.pool, &t.to_ascii_uppercase(), now()).unwrap().id, link.grant.id);
    refused(coach::pending(&w.pool, t, link.expires_at), "expired on 2026-12-04 09:00 UTC; ask Pat Doe");
    refused(coach::accept(&w.pool, w.casey, t, link.expires_at), "expired");
    refused(coach::accept(&w.pool, w.pat, t, now()), "your own invitation");
    refused(
        coach::accept(&w.pool, w.dana, t, now()),
        "this invitation is for Casey@Example.edu, and you are signed in as dana@example.org",
    );
    assert!(coach::coaching(&w.pool, w.dana).unwrap().is_empty(), "nothing accepted by a refusal");

    let g = coach::accept(&w.pool, w.casey, t, later(1)).unwrap();
    assert_eq!(g.coach, Some(Coach { id: Some(w.casey), name: "Casey Coach".into() }), "the account's name");
    assert_eq!(coach::state(&g, later(2)), GrantState::Live);
    refused(coach::accept(&w.pool, w.casey, t, later(2)), "you already accepted");
    refused(coach::accept(&w.pool, w.dana, t, later(2)), "already used; ask Pat Doe");
    let coached = coach::coaching(&w.pool, w.casey).unwrap();
    assert_eq!(
        coached.iter().map(|c| (c.grant.id, c.person_name.as_str())).collect::<Vec<_>>(),
        [(g.id, "Pat Doe")]
    );

    // Withdrawn before it is accepted, a link is refused as such.
    let lee = account(&w.pool, "lee@example.edu", "");
    let other = coach::invite_coach(&w.pool, w.pat, "lee@example.edu", false, now()).unwrap();
    coach::revoke(&w.pool, w.pat, other.grant.id, later(3)).unwrap();
    refused(coach::accept(&w.pool, lee, token(&other), later(4)), "Pat Doe withdrew");
    // A coach who gave no name is named by their address.
    let third = coach::invite_coach(&w.pool, w.pat, "lee@example.edu", false, later(5)).unwrap();
    let g3 = coach::accept(&w.pool, lee, token(&third), later(5)).unwrap();
    assert_eq!(g3.coach.unwrap().name, "lee@example.edu");
    coach::revoke(&w.pool, w.pat, g3.id, later(5)).unwrap();
    let states: Vec<GrantState> =
        coach::grants_given(&w.pool, w.pat).unwrap().iter().map(|g| coach::state(g, later(5))).collect();
    let revoked = |m| GrantState::Revoked { at: later(m) };
    assert_eq!(states, [revoked(5), revoked(3), GrantState::Live], "newest first");
}

#[test]
fn a_coach_with_no_grant_of_their_own_finds_nothing() {
    let Some(w) = world() else { return };
    let app = w.pats().applications().unwrap()[0].id;
    let link = w.invite(true);
    // Pending: not even the invited coach sees anything yet.
    sees_nothing(&w, w.casey, link.grant.id, app);
    let g = coach::accept(&w.pool, w.casey, token(&link), later(1)).unwrap().id;
    // Dana holds no grant: Pat's grant, and ids never given, are not found.
    sees_nothing(&w, w.dana, g, app);
    sees_nothing(&w, w.casey, GrantId(g.0 + 1000), app);
    // Casey's own grant does not reach Dana's applications.
    let danas = w.pool.open(w.dana).unwrap().applications().unwrap()[0].id;
    let r = coach::coached_application(&w.pool, w.casey, g, w.home(), Some(TODAY), danas, later(2));
    assert!(matches!(r, Err(Error::NotFound { kind: Kind::Record(RecordKind::Application), .. })), "{r:?}");
    let r = coach::comment(&w.pool, w.casey, g, danas, "Hello", later(2));
    assert!(matches!(r, Err(Error::NotFound { kind: Kind::Record(RecordKind::Application), .. })), "{r:?}");
    assert!(coach::comments(&w.pool, w.dana, danas).unwrap().is_empty());
    // The person's own grant calls answer only to them.
    for r in [
        coach::revoke(&w.pool, w.dana, g, later(3)).map(drop),
        coach::set_share_bodies(&w.pool, w.dana, g, false).map(drop),
    ] {
        grant_not_found(r);
    }
    assert!(coach::views(&w.pool, w.pat).unwrap().is_empty(), "nothing shown, nothing recorded");
    assert!(coach::views(&w.pool, w.dana).unwrap().is_empty());
}

#[test]
fn a_revoked_grant_is_not_found_at_once() {
    let Some(w) = world() else { return };
    let g = w.coached(false);
    let app = w.pats().applications().unwrap()[0].id;
    coach::coached_agenda(&w.pool, w.casey, g, w.home(), Some(TODAY), later(2)).unwrap();
    coach::revoke(&w.pool, w.pat, g, later(3)).unwrap();
    sees_nothing(&w, w.casey, g, app);
    assert!(coach::coaching(&w.pool, w.casey).unwrap().is_empty());
    assert_eq!(coach::views(&w.pool, w.pat).unwrap().len(), 1, "only the view before");
}

#[test]
fn the_coach_sees_what_the_person_sees_read_only_with_bodies_only_when_shared() {
    let Some(w) = world() else { return };
    let g = w.coached(false);
    let settings = Settings::default();
    let pat = w.pats();

    let seen = coach::coached_agenda(&w.pool, w.casey, g, w.home(), Some(TODAY), later(2)).unwrap();
    let own = agenda::agenda(&pat, &settings, TODAY).unwrap();
    assert_eq!((seen.today, seen.coached.person_name.as_str()), (TODAY, "Pat Doe"));
    assert_eq!(seen.page.agenda.due_today, own.agenda.due_today);
    assert_eq!(seen.page.agenda.overdue, own.agenda.overdue);
    assert_eq!(seen.page.agenda.coming_up, own.agenda.coming_up);

    let seen =
        coach::coached_applications(&w.pool, w.casey, g, w.home(), Some(TODAY), None, later(3)).unwrap();
    let own = agenda::applications(&pat, &settings, TODAY, None).unwrap();
    assert_eq!(format!("{:?}", seen.page), format!("{own:?}"));

    let app = pat.applications().unwrap()[0].id;
    w.log_reply(app, "Thanks, we will be in touch.");
    let seen = coach::coached_application(&w.pool, w.casey, g, w.home(), Some(TODAY), app, later(4)).unwrap();
    let own = record::application_view(&pat, app).unwrap();
    assert_eq!(seen.page.view.messages.len(), own.messages.len());
    assert!(seen.page.view.messages.iter().all(|m| m.value.body.is_none()), "not shared");
    let subjects =
        |v: &record::ApplicationView| v.messages.iter().map(|m| m.value.subject.clone()).collect::<Vec<_>>();
    assert_eq!(subjects(&seen.page.view), subjects(&own), "what was sent stays; only the notes go");
    assert!(seen.page.agenda.waiting.iter().chain([]).all(|w| w.application == app));
    let items = || {
        let a = &seen.page.agenda;
        a.overdue.iter().chain(&a.due_today).chain(&a.coming_up).chain(&a.later)
    };
    assert!(items().all(|i| i.application == app), "only this application's tasks");

    coach::set_share_bodies(&w.pool, w.pat, g, true).unwrap();
    let shared =
        coach::coached_application(&w.pool, w.casey, g, w.home(), Some(TODAY), app, later(5)).unwrap();
    let bodies =
        |v: &record::ApplicationView| v.messages.iter().map(|m| m.value.body.clone()).collect::<Vec<_>>();
    assert_eq!(bodies(&shared.page.view), bodies(&own), "shared");
}

/// The words of a reply that set the timeline (F4) are a message body: the
/// agenda quotes them only when bodies are shared.
#[test]
fn a_reply_quoted_on_the_agenda_is_hidden_unless_shared() {
    let Some(w) = world() else { return };
    let g = w.coached(false);
    let pat = w.pats();
    let settings = Settings::default();
    // An application waiting on the employer, who replies with a date.
    let waiting = agenda::agenda(&pat, &settings, TODAY).unwrap().agenda.waiting;
    let app = waiting.first().expect("the demo waits on an employer").application;
    let said = "We hope to decide by December 11.";
    w.log_reply(app, said);
    let quoted = |a: &afterview_core::agenda::Agenda| {
        a.waiting.iter().find(|x| x.application == app).and_then(|x| x.next_steps.clone())
    };
    let own = agenda::agenda(&pat, &settings, TODAY).unwrap().agenda;
    assert_eq!(quoted(&own).as_deref(), Some(said), "the person's own agenda quotes the reply");
    let seen = coach::coached_agenda(&w.pool, w.casey, g, w.home(), Some(TODAY), later(2)).unwrap();
    assert_eq!(quoted(&seen.page.agenda), None);
    let seen = coach::coached_application(&w.pool, w.casey, g, w.home(), Some(TODAY), app, later(2)).unwrap();
    assert_eq!(quoted(&seen.page.agenda), None);
    coach::set_share_bodies(&w.pool, w.pat, g, true).unwrap();
    let seen = coach::coached_agenda(&w.pool, w.casey, g, w.home(), Some(TODAY), later(3)).unwrap();
    assert_eq!(quoted(&seen.page.agenda).as_deref(), Some(said));
}

#[test]
fn every_view_is_recorded_and_comments_reach_the_person() {
    let Some(w) = world() else { return };
    let g = w.coached(false);
    let app = w.pats().applications().unwrap()[0].id;
    coach::coached_agenda(&w.pool, w.casey, g, w.home(), Some(TODAY), later(2)).unwrap();
    coach::coached_applications(&w.pool, w.casey, g, w.home(), Some(TODAY), None, later(3)).unwrap();
    coach::coached_application(&w.pool, w.casey, g, w.home(), Some(TODAY), app, later(4)).unwrap();
    // An application that is not Pat's shows nothing and records nothing.
    let missing = ApplicationId(app.0 + 100_000);
    assert!(
        coach::coached_application(&w.pool, w.casey, g, w.home(), Some(TODAY), missing, later(5)).is_err()
    );
    let views = coach::views(&w.pool, w.pat).unwrap();
    assert_eq!(
        views.iter().map(|v| (v.what, v.at)).collect::<Vec<_>>(),
        [(Viewed::Application(app), later(4)), (Viewed::Applications, later(3)), (Viewed::Agenda, later(2))]
    );
    assert!(
        views
            .iter()
            .all(|v| v.grant == g && v.coach == Coach { id: Some(w.casey), name: "Casey Coach".into() })
    );

    refused_invalid(coach::comment(&w.pool, w.casey, g, app, "   ", later(6)));
    refused_invalid(coach::comment(&w.pool, w.casey, g, app, &"x".repeat(coach::COMMENT_MAX + 1), later(6)));
    let c = coach::comment(&w.pool, w.casey, g, app, "  Send the thank-you today.\n", later(6)).unwrap();
    assert_eq!(c.body, "Send the thank-you today.");
    let on_it = coach::comments(&w.pool, w.pat, app).unwrap();
    assert_eq!(on_it.len(), 1);
    assert_eq!((on_it[0].coach.name.as_str(), on_it[0].at), ("Casey Coach", later(6)));
    let seen = coach::coached_application(&w.pool, w.casey, g, w.home(), Some(TODAY), app, later(7)).unwrap();
    assert_eq!(seen.page.comments, on_it, "the coach sees their own comments");
}

fn refused_invalid<T: std::fmt::Debug>(r: afterview_app::Result<T>) {
    assert!(matches!(r, Err(Error::Invalid { field: Some(ref f), .. }) if f == "comment"), "{r:?}");
}

#[test]
fn the_persons_day_is_their_own_time_zones() {
    let Some(w) = world() else { return };
    let g = w.coached(false);
    let mut settings = Settings::default();
    settings.user.time_zone = "Pacific/Auckland".into();
    let home = |user| Ok((w.pool.open(user)?, settings.clone()));
    // 12:00 UTC on the 20th is already the 21st in Auckland.
    let noon: Timestamp = "2026-11-20T12:00:00Z".parse().unwrap();
    let seen = coach::coached_agenda(&w.pool, w.casey, g, home, None, noon).unwrap();
    assert_eq!(seen.today, date(2026, 11, 21));
    assert_eq!(seen.page.agenda.today, date(2026, 11, 21));
}

#[test]
fn a_person_who_removes_their_account_while_coached_leaves_nothing() {
    let Some(w) = world() else { return };
    let g = w.coached(true);
    let app = w.pats().applications().unwrap()[0].id;
    coach::coached_agenda(&w.pool, w.casey, g, w.home(), Some(TODAY), later(2)).unwrap();
    coach::comment(&w.pool, w.casey, g, app, "Good luck", later(3)).unwrap();

    w.pool.remove_user(w.pat).unwrap();
    sees_nothing(&w, w.casey, g, app);
    assert!(coach::coaching(&w.pool, w.casey).unwrap().is_empty());
    // No table holds a row of Pat's, under their id or as someone's coach.
    let mut client = w.db.client();
    let columns = client
        .query(
            "SELECT table_name, column_name FROM information_schema.columns
             WHERE table_schema = current_schema() AND column_name IN ('user_id', 'coach_id')",
            &[],
        )
        .unwrap();
    assert!(columns.len() >= 3);
    for c in columns {
        let (table, column): (String, String) = (c.get(0), c.get(1));
        let n: i64 = client
            .query_one(&format!("SELECT count(*) FROM {table} WHERE {column} = $1"), &[&w.pat.0])
            .unwrap()
            .get(0);
        assert_eq!(n, 0, "{table}.{column}");
    }
}

/// The person's home is opened only once the grant is known to be live and
/// the coach's: a coach without one never reaches the person's data.
#[test]
fn the_persons_home_is_opened_only_through_a_live_grant() {
    let Some(w) = world() else { return };
    let g = w.coached(false);
    let opened = std::cell::Cell::new(false);
    let home = |user| {
        opened.set(true);
        Ok((w.pool.open(user)?, Settings::default()))
    };
    grant_not_found(coach::coached_agenda(&w.pool, w.dana, g, home, Some(TODAY), later(2)));
    assert!(!opened.get());
}

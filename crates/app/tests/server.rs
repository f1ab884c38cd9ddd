//! A single-user data folder moved onto a PostgreSQL server
//! (`server::import_user`) and taken out again (`server::export_user`):
//! the same agenda, the same snapshot bytes, and refusals that change
//! nothing. Skipped without `AFTERVIEW_TEST_POSTGRES`, except with `CI=true`.

use afterview_app::local::{Local, Paths, settings_file};
use afterview_app::server::{self, Server};
use afterview_app::setup::{self, Demo};
use afterview_app::{Error, agenda, messages, snapshot};
use afterview_postgres::testing::TestSchema;
use afterview_store::accounts::Accounts;
use jiff::Timestamp;
use jiff::civil::{Date, date};

const TODAY: Date = date(2026, 11, 20);

fn now() -> Timestamp {
    "2026-11-20T09:00:00Z".parse().unwrap()
}

/// A data folder with the demo, a setting, a word and a template of its own.
fn folder() -> (tempfile::TempDir, Local) {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::in_folder(dir.path());
    settings_file::set(&paths, "user.name", "Ann Lee").unwrap();
    settings_file::set(&paths, "calendar.region", "UK").unwrap();
    let local = Local {
        settings: settings_file::load_from(
            std::fs::read_to_string(&paths.config_file).ok().as_deref(),
            &paths.config_file,
            |_| None,
        )
        .unwrap()
        .settings,
        paths,
    };
    let mut store = local.open_store().unwrap();
    setup::load_demo(&mut store, &local.settings, TODAY, Demo::Showcase).unwrap();
    messages::add_words(&local.profile(), &["Kubernetes".into()]).unwrap();
    let template = local.template_path(afterview_core::kinds::MessageKind::ThankYou);
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    std::fs::write(&template, "Dear {{ to.first_name }},\n").unwrap();
    (dir, local)
}

#[test]
fn a_folder_moved_in_keeps_its_agenda_and_comes_out_the_same() {
    let Some(schema) = TestSchema::new() else { return };
    let server = Server::new(schema.pool());
    let (_dir, local) = folder();
    let taken = snapshot::take_local(&local).unwrap();

    let imported = server::import_user(&server, "Ann@Example.org", &taken, now()).unwrap();
    assert!(imported.created);
    assert_eq!(imported.account.name, "Ann Lee", "named from the folder's settings");
    assert_eq!(imported.restored.applications, 8);
    let link = imported.link.expect("no password yet: a reset link sets one");
    assert!(link.url_path.starts_with("/reset/"));

    let home = server.home(imported.account.id).unwrap();
    assert_eq!(home.settings, local.settings);
    let here = agenda::agenda(&local.open_store().unwrap(), &local.settings, TODAY).unwrap().agenda;
    let there = agenda::agenda(&home.store, &home.settings, TODAY).unwrap().agenda;
    assert_eq!(there, here);
    assert_eq!(messages::words(&home.store).unwrap(), ["Kubernetes"]);

    let out = server::export_user(&server, imported.account.id).unwrap();
    assert_eq!(out.to_json(), taken.to_json(), "the same snapshot, byte for byte");

    // Into an account that holds data: refused, nothing changed.
    let e = server::import_user(&server, "ann@example.org", &taken, now()).unwrap_err();
    assert!(matches!(&e, Error::Refused { reason } if reason.contains("already holds data")), "{e}");
    assert_eq!(server::export_user(&server, imported.account.id).unwrap().to_json(), taken.to_json());
}

#[test]
fn a_folder_that_cannot_move_leaves_no_account() {
    let Some(schema) = TestSchema::new() else { return };
    let server = Server::new(schema.pool());
    let (_dir, local) = folder();
    let mut bad = snapshot::take_local(&local).unwrap();
    bad.meta.insert("unheard-of".into(), "x".into());
    assert!(server::import_user(&server, "bo@example.org", &bad, now()).is_err());
    assert!(
        server.pool.account_by_email("bo@example.org").unwrap().is_none(),
        "the account made for it went"
    );

    let mut bad = snapshot::take_local(&local).unwrap();
    bad.settings = Some("[calendar]\nregion = \"Mars\"\n".into());
    let e = server::import_user(&server, "bo@example.org", &bad, now()).unwrap_err();
    assert!(e.to_string().contains("nothing was moved"), "{e}");
    assert!(server.pool.accounts().unwrap().is_empty());

    // A record that fails inside the transaction: nothing of the folder stays.
    let mut bad = snapshot::take_local(&local).unwrap();
    bad.templates.push(bad.templates[0].clone());
    let mut twice = bad.people.clone();
    bad.people.append(&mut twice);
    assert!(server::import_user(&server, "bo@example.org", &bad, now()).is_err());
    assert!(server.pool.accounts().unwrap().is_empty());
    let rows: i64 = schema.client().query_one("SELECT count(*) FROM applications", &[]).unwrap().get(0);
    assert_eq!(rows, 0);
}

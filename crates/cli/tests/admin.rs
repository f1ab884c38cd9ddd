//! `afterview admin …`, the real binary against a real PostgreSQL server
//! (`AFTERVIEW_TEST_POSTGRES`, a schema per test; skipped without it,
//! except with `CI=true`): the demo in a data folder moved into an account
//! with the same agenda, invitation and reset links printed, the list,
//! disabling, sign-up, and removal with its question.

mod util;

use afterview_app::agenda;
use afterview_app::local::{Local, Paths, settings_file};
use afterview_app::server::Server;
use afterview_postgres::testing::TestSchema;
use afterview_store::accounts::Accounts;
use jiff::civil::{Date, date};
use util::Home;

const TODAY: Date = date(2026, 11, 20);

/// A data folder holding the demo, and an empty schema for the server.
fn setup() -> Option<(Home, TestSchema)> {
    let schema = TestSchema::new()?;
    let home = Home::new();
    home.ok(&["demo", "--today", "2026-11-20"]);
    home.ok(&["config", "set", "calendar.region", "UK"]);
    home.ok(&["words", "add", "Kubernetes"]);
    Some((home, schema))
}

fn admin<'a>(schema: &'a TestSchema, args: &[&'a str]) -> Vec<String> {
    let mut all = vec!["admin".to_owned(), "--database".to_owned(), schema.url()];
    all.extend(args.iter().map(|a| (*a).to_owned()));
    all
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

#[test]
fn a_data_folder_moved_into_an_account_keeps_its_agenda() {
    let Some((home, schema)) = setup() else { return };
    let folder = home.path().to_str().unwrap().to_owned();
    let args = admin(&schema, &["import-user", "--from", &folder, "--email", "ann@example.org"]);
    let printed = home.ok(&strs(&args));
    assert!(
        printed
            .starts_with(&format!("Moved {folder} into a new account of ann@example.org: 8 applications,")),
        "{printed}"
    );
    assert!(printed.contains("It has no password yet; its owner sets one with this link"), "{printed}");
    assert!(
        printed.lines().any(|l| l.starts_with("/reset/") && l.len() == "/reset/".len() + 64),
        "{printed}"
    );

    let server = Server::new(schema.pool());
    let ann = server.pool.account_by_email("ann@example.org").unwrap().unwrap();
    let there = server.home(ann.id).unwrap();
    let paths = Paths::in_folder(home.path());
    let text = std::fs::read_to_string(&paths.config_file).unwrap();
    let settings = settings_file::load_from(Some(&text), &paths.config_file, |_| None).unwrap().settings;
    let local = Local { paths, settings };
    assert_eq!(there.settings, local.settings);
    assert_eq!(there.settings.calendar.region, "UK");
    let here = agenda::agenda(&local.open_store().unwrap(), &local.settings, TODAY).unwrap().agenda;
    assert_eq!(agenda::agenda(&there.store, &there.settings, TODAY).unwrap().agenda, here);

    // Out again: the folder's own snapshot, byte for byte.
    let file = home.path().join("ann.json");
    let args = admin(&schema, &["export-user", "ann@example.org", "--out", file.to_str().unwrap()]);
    home.ok(&strs(&args));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), home.ok(&["export", "json"]));

    // A second move into the same account is refused, and changes nothing.
    let args = admin(&schema, &["import-user", "--from", &folder, "--email", "ann@example.org"]);
    let e = home.fails(1, &strs(&args));
    assert!(e.contains("already holds data") && e.contains("nothing was changed"), "{e}");
    let nowhere =
        admin(&schema, &["import-user", "--from", "/nonexistent/folder", "--email", "bo@example.org"]);
    assert!(home.fails(2, &strs(&nowhere)).contains("holds no afterview data"));
    assert_eq!(server.pool.accounts().unwrap().len(), 1);
}

#[test]
fn an_invitation_prints_its_link_and_removal_erases_the_account() {
    let Some((home, schema)) = setup() else { return };
    let args =
        admin(&schema, &["invite", "bo@example.org", "--admin", "--public-url", "https://jobs.example.edu/"]);
    let printed = home.ok(&strs(&args));
    assert!(
        printed.starts_with("An invitation for bo@example.org to join as admin, good until "),
        "{printed}"
    );
    let link = printed.lines().nth(1).unwrap();
    let token = link.strip_prefix("https://jobs.example.edu/join/").expect(link);
    assert_eq!(token.len(), 64);
    // Without the server's address: the path, and what to put before it.
    let printed = home.ok(&strs(&admin(&schema, &["invite", "cy@example.org"])));
    assert!(printed.lines().nth(1).unwrap().starts_with("/join/"), "{printed}");
    assert!(printed.contains("Put the server's address before it"), "{printed}");
    let bad = admin(&schema, &["invite", "cy@example.org", "--public-url", "jobs.example.edu"]);
    assert!(home.fails(2, &strs(&bad)).contains("is not a web address"));

    // Bo joins through the link.
    let server = Server::new(schema.pool());
    let from = "192.0.2.1".parse().unwrap();
    let now = jiff::Timestamp::now();
    afterview_app::accounts::join(&server.pool, token, "Bo Park", "correct horse battery", from, now)
        .unwrap();
    let list = home.ok(&strs(&admin(&schema, &["user", "list"])));
    assert!(list.contains("bo@example.org") && list.contains("Bo Park") && list.contains("admin"), "{list}");
    let json: serde_json::Value =
        serde_json::from_str(&home.ok(&strs(&admin(&schema, &["user", "list", "--json"])))).unwrap();
    assert_eq!(json[0]["email"], "bo@example.org");
    assert_eq!(json[0]["disabled"], false);

    assert!(
        home.ok(&strs(&admin(&schema, &["user", "disable", "BO@example.org"])))
            .starts_with("Disabled bo@example.org")
    );
    assert!(server.pool.account_by_email("bo@example.org").unwrap().unwrap().disabled);
    home.ok(&strs(&admin(&schema, &["user", "enable", "bo@example.org"])));
    let reset = home.ok(&strs(&admin(&schema, &["reset", "bo@example.org"])));
    assert!(reset.lines().nth(1).unwrap().starts_with("/reset/"), "{reset}");

    // Nobody at the terminal and no --yes: refused, saying what would go.
    let e = home.fails(2, &strs(&admin(&schema, &["user", "remove", "bo@example.org"])));
    assert!(e.contains("Erase the account of bo@example.org (Bo Park)") && e.contains("Add --yes"), "{e}");
    assert!(server.pool.account_by_email("bo@example.org").unwrap().is_some(), "nothing removed");
    let done = home.ok(&strs(&admin(&schema, &["user", "remove", "bo@example.org", "--yes"])));
    assert_eq!(done, "Erased bo@example.org and everything it held.\n");
    assert!(server.pool.account_by_email("bo@example.org").unwrap().is_none());
    let e = home.fails(1, &strs(&admin(&schema, &["user", "remove", "bo@example.org", "--yes"])));
    assert!(e.contains("there is no account for bo@example.org; `afterview admin user list`"), "{e}");
}

#[test]
fn sign_up_opens_and_closes() {
    let Some((home, schema)) = setup() else { return };
    assert!(home.ok(&strs(&admin(&schema, &["sign-up", "status"]))).starts_with("Sign-up is closed"));
    assert!(home.ok(&strs(&admin(&schema, &["sign-up", "open"]))).starts_with("Sign-up is open"));
    assert!(home.ok(&strs(&admin(&schema, &["sign-up", "status"]))).starts_with("Sign-up is open"));
    assert!(home.ok(&strs(&admin(&schema, &["sign-up", "closed"]))).starts_with("Sign-up is closed"));
}

/// Without a database: the two ways to name one.
#[test]
fn no_database_names_both_ways_to_give_one() {
    let home = Home::new();
    let e = home.fails(2, &["admin", "user", "list"]);
    assert!(e.contains("--database") && e.contains("AFTERVIEW_DATABASE"), "{e}");
}

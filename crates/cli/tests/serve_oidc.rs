//! `afterview serve --oidc-…` as an administrator starts it: the client
//! secret is taken from the environment only, and a server that cannot
//! use its identity provider says what is missing and does not start
//! (before any database is touched, so no PostgreSQL is needed here).

mod util;

use std::process::Command;

use util::Home;

fn serve(home: &Home, args: &[&str], secret: Option<&str>) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_afterview"));
    cmd.env("AFTERVIEW_HOME", home.path()).env_remove("AFTERVIEW_OIDC_CLIENT_SECRET");
    for var in
        ["AFTERVIEW_DATABASE", "AFTERVIEW_PUBLIC_URL", "AFTERVIEW_OIDC_ISSUER", "AFTERVIEW_OIDC_CLIENT_ID"]
    {
        cmd.env_remove(var);
    }
    if let Some(s) = secret {
        cmd.env("AFTERVIEW_OIDC_CLIENT_SECRET", s);
    }
    let out = cmd.arg("serve").args(["--listen", "127.0.0.1:0"]).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

const DATABASE: [&str; 2] = ["--database", "postgres://nobody@127.0.0.1:1/none"];

#[test]
fn the_client_secret_comes_from_the_environment_only() {
    let home = Home::new();
    let issuer = ["--oidc-issuer", "https://login.example.edu", "--oidc-client-id", "afterview"];
    let (code, err) = serve(&home, &[&DATABASE[..], &issuer[..]].concat(), None);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("AFTERVIEW_OIDC_CLIENT_SECRET environment variable (never a flag"), "{err}");

    let flag = [&DATABASE[..], &issuer[..], &["--oidc-client-secret", "s"]].concat();
    let (code, err) = serve(&home, &flag, None);
    assert_eq!(code, 2, "there is no such flag: {err}");
}

#[test]
fn an_issuer_needs_a_database_a_client_id_and_the_public_url() {
    let home = Home::new();
    let (code, err) =
        serve(&home, &["--oidc-issuer", "https://login.example.edu", "--oidc-client-id", "a"], Some("s"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--database"), "{err}");

    let (code, err) =
        serve(&home, &[&DATABASE[..], &["--oidc-issuer", "https://login.example.edu"]].concat(), Some("s"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--oidc-client-id"), "{err}");

    let args =
        [&DATABASE[..], &["--oidc-issuer", "https://login.example.edu", "--oidc-client-id", "a"]].concat();
    let (code, err) = serve(&home, &args, Some("s"));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--oidc-issuer needs --public-url"), "{err}");
    assert!(err.contains("PUBLIC_URL/login/oidc/callback"), "{err}");
}

//! `afterview serve --database …` sends each account's morning digest
//! itself, through the mail server its environment names
//! (`AFTERVIEW_NOTIFY_SMTP_*`, an SMTP sink on loopback here), and stops
//! on SIGTERM; `AFTERVIEW_SERVER_NOTIFY=off` keeps a process from sending.
//! On a real PostgreSQL server (`AFTERVIEW_TEST_POSTGRES`, a schema per
//! test; skipped without it, except with `CI=true`).

#![cfg(unix)]

mod util;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use afterview_app::server::{self, Server};
use afterview_app::setup::{Demo, load_demo};
use afterview_core::settings::Settings;
use afterview_postgres::testing::TestSchema;
use afterview_store::accounts::{Accounts, NewAccount, Role};
use util::Home;

/// An SMTP server on 127.0.0.1 counting the messages it takes.
fn sink() -> (u16, Arc<Mutex<usize>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let taken = Arc::new(Mutex::new(0));
    let kept = Arc::clone(&taken);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let _ = serve_smtp(stream, &kept);
        }
    });
    (port, taken)
}

fn serve_smtp(stream: TcpStream, taken: &Mutex<usize>) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut lines = BufReader::new(stream);
    out.write_all(b"220 sink.test ESMTP\r\n")?;
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        if line.to_ascii_uppercase().starts_with("DATA") {
            out.write_all(b"354 go on\r\n")?;
            loop {
                line.clear();
                if lines.read_line(&mut line)? == 0 || line == ".\r\n" {
                    break;
                }
            }
            *taken.lock().unwrap() += 1;
        } else if line.to_ascii_uppercase().starts_with("QUIT") {
            out.write_all(b"221 bye\r\n")?;
            return Ok(());
        }
        out.write_all(b"250 OK\r\n")?;
    }
}

/// An account due whenever the test runs (email at 00:00 UTC) with the
/// demo's tasks due today.
fn due_account(schema: &TestSchema) {
    let server = Server::new(schema.pool());
    let new = NewAccount { email: "ann@example.com", name: "Ann", role: Role::Member, password_hash: None };
    let ann = server.pool.create_account(&new, jiff::Timestamp::now()).unwrap().unwrap();
    for (key, value) in [("notify.channel", "email"), ("notify.at", "00:00"), ("user.time_zone", "UTC")] {
        server::config_set(&server, ann.id, key, value).unwrap();
    }
    let today = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date();
    load_demo(&mut server.pool.open(ann.id).unwrap(), &Settings::default(), today, Demo::Showcase).unwrap();
}

fn serve(home: &Home, schema: &TestSchema, env: &[(&str, String)]) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_afterview"));
    cmd.env_clear()
        .env("AFTERVIEW_HOME", home.path())
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .args(["serve", "--database", &schema.url(), "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.spawn().expect("afterview serve starts")
}

/// Waits for the line saying it serves; `None` when it ended first. The
/// rest of what it prints is read meanwhile (a closed pipe would stop it).
fn started(child: &mut Child) -> Option<()> {
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let found = lines.by_ref().map_while(Result::ok).find(|l| l.starts_with("afterview is serving"));
    std::thread::spawn(move || lines.for_each(drop));
    found.map(drop)
}

/// SIGTERM, then its exit status and what it wrote on stderr.
fn stop(mut child: Child) -> (std::process::ExitStatus, String) {
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("afterview serve did not stop within 20 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut log = String::new();
    child.stderr.take().unwrap().read_to_string(&mut log).unwrap();
    (status, log)
}

fn relay(port: u16) -> Vec<(&'static str, String)> {
    vec![
        ("AFTERVIEW_NOTIFY_SMTP_HOST", "127.0.0.1".into()),
        ("AFTERVIEW_NOTIFY_SMTP_PORT", port.to_string()),
        ("AFTERVIEW_NOTIFY_SMTP_SECURITY", "none".into()),
    ]
}

#[test]
fn the_server_sends_a_due_digest_through_its_own_mail_server() {
    let Some(schema) = TestSchema::new() else { return };
    due_account(&schema);
    let (port, taken) = sink();
    let home = Home::new();
    let mut child = serve(&home, &schema, &relay(port));
    started(&mut child).expect("it serves");
    let start = Instant::now();
    while *taken.lock().unwrap() == 0 && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let (status, log) = stop(child);
    assert!(status.success(), "a clean exit: {status:?}\n{log}");
    assert_eq!(*taken.lock().unwrap(), 1, "{log}");
    assert!(log.contains("digest sent") && log.contains("channel=\"email\""), "{log}");
    assert!(!log.contains("ann@example.com"), "{log}");
}

#[test]
fn a_process_told_not_to_send_does_not() {
    let Some(schema) = TestSchema::new() else { return };
    due_account(&schema);
    let (port, taken) = sink();
    let home = Home::new();
    let mut env = relay(port);
    env.push(("AFTERVIEW_SERVER_NOTIFY", "off".into()));
    let mut child = serve(&home, &schema, &env);
    started(&mut child).expect("it serves");
    // A sending process sends at start, within milliseconds.
    std::thread::sleep(Duration::from_millis(1500));
    let (status, log) = stop(child);
    assert!(status.success(), "{log}");
    assert_eq!(*taken.lock().unwrap(), 0, "{log}");

    // A value it does not know, or a bad mail setting: it does not start.
    let mut env = relay(port);
    env.push(("AFTERVIEW_SERVER_NOTIFY", "sometimes".into()));
    let mut child = serve(&home, &schema, &env);
    assert!(started(&mut child).is_none());
    let (_, log) = stop_ended(child);
    assert!(log.contains("AFTERVIEW_SERVER_NOTIFY=sometimes: use on or off"), "{log}");
    let env = [("AFTERVIEW_NOTIFY_SMTP_USER", "afterview".to_owned())];
    let mut child = serve(&home, &schema, &env);
    assert!(started(&mut child).is_none());
    let (_, log) = stop_ended(child);
    assert!(
        log.contains("AFTERVIEW_NOTIFY_SMTP_USER is set, but AFTERVIEW_NOTIFY_SMTP_HOST is not"),
        "{log}"
    );
}

/// A process that ended by itself: its failing status and its stderr.
fn stop_ended(mut child: Child) -> (std::process::ExitStatus, String) {
    let status = child.wait().unwrap();
    assert!(!status.success());
    let mut log = String::new();
    child.stderr.take().unwrap().read_to_string(&mut log).unwrap();
    (status, log)
}

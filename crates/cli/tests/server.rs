//! Two `afterview serve --database …` processes on one PostgreSQL database
//! serve the same people, as two processes behind a reverse proxy do
//! (docs/deploy.md): the processes keep nothing of their own, so an
//! account joined through one signs in on the other, what is recorded
//! through one is on the other's agenda, a session opened on one is good on
//! the other, and signing out on one ends it on both.
//!
//! The server is `AFTERVIEW_TEST_POSTGRES` (as for crates/postgres; `.ci/run`
//! starts a throw-away one); the test makes a database of its own and drops
//! it. Without the variable it says it was skipped, except with `CI=true`,
//! where it fails.

#![cfg(unix)]

mod util;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use util::Home;

/// The public address both processes are given, as behind one proxy.
const PUBLIC: &str = "afterview.test";

/// The server's address, or `None` (saying so) when no server was given.
fn server() -> Option<String> {
    match std::env::var("AFTERVIEW_TEST_POSTGRES") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => panic!(
            "AFTERVIEW_TEST_POSTGRES is not set, and in CI the PostgreSQL tests never skip: \
             run them through .ci/run, which starts a throw-away server"
        ),
        _ => {
            eprintln!(
                "skipped: set AFTERVIEW_TEST_POSTGRES=postgres://USER@HOST:PORT/DB to run the two-process test"
            );
            None
        }
    }
}

/// A database of its own on the test server, dropped with this.
struct Database {
    server: String,
    name: String,
    url: String,
}

impl Database {
    fn create(server: &str) -> Self {
        static N: AtomicU64 = AtomicU64::new(0);
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        let name =
            format!("afterview_two_{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
        let mut admin = postgres::Client::connect(server, postgres::NoTls).expect("the test server answers");
        admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        // The URL form only (what AFTERVIEW_TEST_POSTGRES holds): its last
        // path segment is the database.
        let (base, _) = server.split_once('?').unwrap_or((server, ""));
        let url = format!("{}/{name}", base.rsplit_once('/').expect("a URL with a database").0);
        Self { server: server.to_owned(), name, url }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.server, postgres::NoTls) {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

/// One `afterview serve` process, killed when dropped.
struct Process {
    child: Child,
    port: u16,
}

impl Process {
    fn start(home: &Home, database: &str) -> Self {
        // A free port, given back just before the server takes it.
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(env!("CARGO_BIN_EXE_afterview"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("AFTERVIEW_HOME", home.path())
            .env("AFTERVIEW_LOG", "warn")
            .args(["serve", "--database", database, "--listen", &format!("127.0.0.1:{port}")])
            .args(["--public-url", &format!("http://{PUBLIC}")])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("afterview serve starts");
        let process = Self { child, port };
        let start = Instant::now();
        loop {
            if let Ok(r) = process.try_request("GET", "/readyz", &[], None)
                && r.status == 200
            {
                return process;
            }
            assert!(start.elapsed() < Duration::from_secs(30), "serve on port {port} was not ready in 30 s");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn try_request(
        &self,
        method: &str,
        path: &str,
        cookies: &[(&str, &str)],
        form: Option<&[(&str, &str)]>,
    ) -> std::io::Result<Answer> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {PUBLIC}\r\nConnection: close\r\n");
        if !cookies.is_empty() {
            let pairs: Vec<String> = cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            head.push_str(&format!("Cookie: {}\r\n", pairs.join("; ")));
        }
        let body = form.map(encode).unwrap_or_default();
        if form.is_some() {
            head.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        stream.write_all(head.as_bytes())?;
        stream.write_all(body.as_bytes())?;
        let mut raw = String::new();
        stream.read_to_string(&mut raw)?;
        Ok(Answer::parse(&raw))
    }

    fn request(
        &self,
        method: &str,
        path: &str,
        cookies: &[(&str, &str)],
        form: Option<&[(&str, &str)]>,
    ) -> Answer {
        self.try_request(method, path, cookies, form)
            .unwrap_or_else(|e| panic!("{method} {path} on port {}: {e}", self.port))
    }

    /// A sign-in form's page (`/login`, `/join/…`), then the form sent with
    /// its double-submit token: the session cookie it set.
    fn sign_in(&self, path: &str, fields: &[(&str, &str)]) -> String {
        let page = self.request("GET", path, &[], None);
        assert_eq!(page.status, 200, "GET {path}: {}", page.body);
        let token = page.cookie("afterview_form").expect("the form's cookie");
        assert_eq!(page.hidden("form").as_deref(), Some(token.as_str()), "the form carries its token");
        let mut form = vec![("form", token.as_str())];
        form.extend_from_slice(fields);
        let answer = self.request("POST", path, &[("afterview_form", &token)], Some(&form));
        assert_eq!(answer.status, 303, "POST {path}: {}", answer.body);
        answer.cookie("afterview_session").expect("a session cookie")
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer, as much as the test reads of it.
struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn parse(raw: &str) -> Self {
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        // Bodies come chunked; the test only looks for words in them, which
        // the chunk sizes between never split (they are whole lines).
        Self { status, head: head.to_owned(), body: body.to_owned() }
    }

    /// The value of a cookie this answer sets.
    fn cookie(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            if !k.eq_ignore_ascii_case("set-cookie") {
                return None;
            }
            let value = v.trim().strip_prefix(name)?.strip_prefix('=')?;
            Some(value.split(';').next().unwrap_or_default().to_owned())
        })
    }

    fn location(&self) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("location").then_some(v.trim())
        })
    }

    /// A hidden field's value in the page's first form that has it.
    fn hidden(&self, name: &str) -> Option<String> {
        let at = self.body.find(&format!("name=\"{name}\" value=\""))?;
        let rest = &self.body[at + name.len() + 15..];
        Some(rest[..rest.find('"')?].to_owned())
    }
}

fn encode(pairs: &[(&str, &str)]) -> String {
    let escape = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                b' ' => "+".to_owned(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs.iter().map(|(k, v)| format!("{}={}", escape(k), escape(v))).collect::<Vec<_>>().join("&")
}

#[test]
fn two_processes_on_one_database_serve_the_same_people() {
    let Some(server) = server() else { return };
    let db = Database::create(&server);
    let home = Home::new();
    // The first administrator, from the command line, as docs/deploy.md says.
    let invited = home.ok(&["admin", "invite", "ann@example.edu", "--admin", "--database", &db.url]);
    let join = invited
        .split_whitespace()
        .find_map(|w| w.find("/join/").map(|i| w[i..].to_owned()))
        .unwrap_or_else(|| panic!("an invitation link: {invited}"));

    let (a, b) = (Process::start(&home, &db.url), Process::start(&home, &db.url));
    let password = "a long and unlikely passphrase";
    // Joined through A, signed in through B: one account.
    let on_a = a.sign_in(&join, &[("name", "Ann Example"), ("password", password)]);
    let on_b = b.sign_in("/login", &[("email", "ann@example.edu"), ("password", password)]);
    assert_ne!(on_a, on_b, "two sessions");

    // An application and an interview tomorrow, recorded through A.
    let new = a.request("GET", "/applications/new", &[("afterview_session", &on_a)], None);
    assert_eq!(new.status, 200, "{}", new.body);
    let csrf = new.hidden("csrf").expect("the form's CSRF token");
    let added = a.request(
        "POST",
        "/applications",
        &[("afterview_session", &on_a)],
        Some(&[
            ("csrf", &csrf),
            ("company", "Initech Twofold"),
            ("role", "Data Analyst"),
            ("status", "active"),
            ("culture", "unknown"),
            ("first_contact", "other"),
        ]),
    );
    assert_eq!(added.status, 303, "{}", added.body);
    // "/applications/aN/people": the next form is the application's.
    let app =
        added.location().and_then(|l| l.split('/').nth(2)).expect("the new application's page").to_owned();
    let tomorrow = jiff::Zoned::now().date().tomorrow().unwrap();
    let interview = a.request(
        "POST",
        &format!("/applications/{app}/interviews"),
        &[("afterview_session", &on_a)],
        Some(&[
            ("csrf", &csrf),
            ("application", &app),
            ("start", &format!("{tomorrow}T10:00")),
            ("time_zone", "America/New_York"),
            ("duration", "45"),
            ("stage", "video"),
        ]),
    );
    assert_eq!(interview.status, 303, "{}", interview.body);

    // B shows it: in the list of applications, and on the agenda page.
    let list = b.request("GET", "/applications", &[("afterview_session", &on_b)], None);
    assert!(list.status == 200 && list.body.contains("Initech Twofold"), "B's list: {}", list.body);
    let agenda = b.request("GET", "/", &[("afterview_session", &on_b)], None);
    assert_eq!(agenda.status, 200, "{}", agenda.body);
    assert!(
        agenda.body.contains("<h1>Agenda") && agenda.body.contains("Initech Twofold"),
        "B's agenda: {}",
        agenda.body
    );

    // The session opened on A is good on B; signed out through B, it is
    // over on A too, and the other session goes on.
    let through_b = b.request("GET", "/", &[("afterview_session", &on_a)], None);
    assert!(through_b.status == 200 && through_b.body.contains("Initech Twofold"), "A's session on B");
    let out = b.request("POST", "/logout", &[("afterview_session", &on_a)], Some(&[("csrf", &csrf)]));
    assert_eq!(out.status, 303, "{}", out.body);
    let after = a.request("GET", "/", &[("afterview_session", &on_a)], None);
    assert!(
        after.status != 200 || !after.body.contains("Initech Twofold"),
        "signed out on A too: {}",
        after.status
    );
    assert_eq!(
        a.request("GET", "/", &[("afterview_session", &on_b)], None).status,
        200,
        "B's session goes on"
    );
}

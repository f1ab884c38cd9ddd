//! The server's own morning digests (`afterview_web::digests`), on a
//! PostgreSQL database of its own (`AFTERVIEW_TEST_POSTGRES`; skipped
//! without one, except with `CI=true`) and an SMTP sink on loopback: the
//! task sends what is due as it starts, writes one line for it that names
//! the account and the channel and nothing of the digest or its address,
//! and stops when told.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use afterview_app::server::{self, Server, ServerMail};
use afterview_app::setup::{Demo, load_demo};
use afterview_core::settings::Settings;
use afterview_postgres::testing::TestSchema;
use afterview_store::accounts::{Accounts, NewAccount, Role};

/// An SMTP server on 127.0.0.1 that keeps each message's data (as in
/// `crates/cli/tests/notify.rs`).
struct Sink {
    port: u16,
    mails: Arc<Mutex<Vec<String>>>,
}

impl Sink {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mails = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&mails);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let _ = serve_smtp(stream, &kept);
            }
        });
        Self { port, mails }
    }

    fn mails(&self) -> Vec<String> {
        self.mails.lock().unwrap().clone()
    }
}

fn serve_smtp(stream: TcpStream, mails: &Mutex<Vec<String>>) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut lines = BufReader::new(stream);
    out.write_all(b"220 sink.test ESMTP\r\n")?;
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            b"250 sink.test\r\n"
        } else if upper.starts_with("MAIL FROM") || upper.starts_with("RCPT TO") {
            b"250 OK\r\n"
        } else if upper.starts_with("DATA") {
            out.write_all(b"354 go on\r\n")?;
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line)? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" {
                    break;
                }
                data.push_str(&line);
            }
            mails.lock().unwrap().push(data);
            b"250 2.0.0 queued\r\n"
        } else if upper.starts_with("QUIT") {
            out.write_all(b"221 bye\r\n")?;
            return Ok(());
        } else {
            b"250 OK\r\n"
        };
        out.write_all(reply)?;
    }
}

/// The log, kept for the test to read.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<u8>>>);

impl Write for Log {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn the_server_sends_what_is_due_as_it_starts_and_stops_when_told() {
    let Some(schema) = TestSchema::new() else { return };
    let log = Log::default();
    let writer = log.clone();
    tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).init();

    let sink = Sink::start();
    let port = sink.port.to_string();
    let mail = ServerMail::from_env(|var| match var {
        "AFTERVIEW_NOTIFY_SMTP_HOST" => Some("127.0.0.1".into()),
        "AFTERVIEW_NOTIFY_SMTP_PORT" => Some(port.clone()),
        "AFTERVIEW_NOTIFY_SMTP_SECURITY" => Some("none".into()),
        _ => None,
    })
    .unwrap();
    let server = Arc::new(Server { pool: schema.pool(), mail });
    let new = NewAccount { email: "ann@example.com", name: "Ann", role: Role::Member, password_hash: None };
    let ann = server.pool.create_account(&new, jiff::Timestamp::now()).unwrap().unwrap();
    // Due whenever the test runs: past midnight, on a clock of UTC.
    for (key, value) in [("notify.channel", "email"), ("notify.at", "00:00"), ("user.time_zone", "UTC")] {
        server::config_set(&server, ann.id, key, value).unwrap();
    }
    let today = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date();
    load_demo(&mut server.pool.open(ann.id).unwrap(), &Settings::default(), today, Demo::Showcase).unwrap();

    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let task = runtime.spawn(afterview_web::digests::run(Arc::clone(&server), stopping));
    let start = Instant::now();
    while sink.mails().is_empty() && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(sink.mails().len(), 1, "sent at start");
    stop.send(true).unwrap();
    runtime
        .block_on(async { tokio::time::timeout(Duration::from_secs(10), task).await })
        .expect("the task stops when told")
        .unwrap();
    assert_eq!(sink.mails().len(), 1, "once");

    let written = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines.len(), 1, "{written}");
    assert!(lines[0].contains("digest sent"), "{written}");
    assert!(lines[0].contains(&format!("user={}", ann.id.0)), "{written}");
    assert!(lines[0].contains("channel=\"email\""), "{written}");
    for secret in ["ann@example.com", "127.0.0.1", "Subject", "["] {
        assert!(!written.contains(secret), "{secret} in {written}");
    }
    drop(runtime);
}

//! `afterview serve` as a service manager runs it: started, asked for its
//! health, and stopped by SIGTERM (what systemd sends), after which it
//! finishes and exits cleanly.

#![cfg(unix)]

mod util;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use util::Home;

/// Issue 13 (operations): SIGTERM stops the server gracefully; it used to
/// stop only on Ctrl-C.
#[test]
fn sigterm_stops_the_server_cleanly() {
    let home = Home::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_afterview"))
        .env("AFTERVIEW_HOME", home.path())
        .env("AFTERVIEW_USER_TIME_ZONE", "America/New_York")
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("afterview serve starts");
    // The sign-in link names the port it listens on.
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let link = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|l| l.contains("http://127.0.0.1:"))
        .expect("the sign-in link is printed");
    let port: u16 =
        link.split("127.0.0.1:").nth(1).and_then(|r| r.split('/').next()).unwrap().parse().unwrap();
    let get = |path: &str| {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    };
    let answer = get("/healthz");
    assert!(answer.starts_with("HTTP/1.1 200") && answer.ends_with("ok\n"), "{answer}");
    get("/feed/not-the-secret-0123.ics");
    get("/login?token=not-the-token-4567");

    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
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
    assert!(status.success(), "a clean exit, not killed by the signal: {status:?}");
    // Each request is logged on stderr, without a secret or a token.
    let mut log = String::new();
    child.stderr.take().unwrap().read_to_string(&mut log).unwrap();
    assert!(log.contains("path=/healthz status=200"), "{log}");
    assert!(log.contains("path=/feed/(secret)") && log.contains("path=/login "), "{log}");
    assert!(!log.contains("not-the-secret") && !log.contains("not-the-token"), "{log}");
}

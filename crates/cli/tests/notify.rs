//! `afterview notify` against servers the test starts on loopback: a tiny
//! SMTP sink (EHLO, AUTH, MAIL, RCPT, DATA, QUIT, recording each message)
//! and a tiny HTTP listener standing in for ntfy (recording each request).
//! A due task is sent once a day; a failing server records nothing.

mod util;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use util::{Home, Output};

/// The demo's day: it has tasks due and overdue then.
const DAY: &str = "2026-11-20";

fn demo() -> Home {
    let home = Home::new();
    home.ok(&["demo", "--today", DAY]);
    home
}

fn run(home: &Home, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = home.cmd(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("afterview runs");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// One message the sink took: the envelope, the AUTH line and the data.
#[derive(Debug, Clone, Default)]
struct Mail {
    auth: Option<String>,
    from: String,
    to: Vec<String>,
    data: String,
}

/// An SMTP server on 127.0.0.1 that takes every message, or refuses MAIL
/// with `refuse` when given.
struct Sink {
    port: u16,
    mails: Arc<Mutex<Vec<Mail>>>,
}

impl Sink {
    fn start(refuse: Option<&'static str>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mails = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&mails);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let _ = serve_smtp(stream, refuse, &kept);
            }
        });
        Self { port, mails }
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AFTERVIEW_NOTIFY_CHANNEL", "email".into()),
            ("AFTERVIEW_NOTIFY_SMTP_HOST", "127.0.0.1".into()),
            ("AFTERVIEW_NOTIFY_SMTP_PORT", self.port.to_string()),
            ("AFTERVIEW_NOTIFY_SMTP_SECURITY", "none".into()),
            ("AFTERVIEW_NOTIFY_SMTP_USER", "maya".into()),
            ("AFTERVIEW_NOTIFY_SMTP_PASSWORD", "hunter2-secret".into()),
            ("AFTERVIEW_USER_EMAIL", "maya@example.com".into()),
        ]
    }

    fn mails(&self) -> Vec<Mail> {
        self.mails.lock().unwrap().clone()
    }
}

fn serve_smtp(stream: TcpStream, refuse: Option<&str>, mails: &Mutex<Vec<Mail>>) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut lines = BufReader::new(stream);
    out.write_all(b"220 sink.test ESMTP\r\n")?;
    let mut mail = Mail::default();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            b"250-sink.test\r\n250 AUTH PLAIN LOGIN\r\n"
        } else if upper.starts_with("AUTH") {
            mail.auth = Some(line.trim().to_owned());
            b"235 2.7.0 accepted\r\n"
        } else if upper.starts_with("MAIL FROM") {
            if let Some(why) = refuse {
                out.write_all(format!("{why}\r\n").as_bytes())?;
                continue;
            }
            mail.from = line.trim().to_owned();
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO") {
            mail.to.push(line.trim().to_owned());
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
            mail.data = data;
            mails.lock().unwrap().push(std::mem::take(&mut mail));
            b"250 2.0.0 queued\r\n"
        } else if upper.starts_with("QUIT") {
            out.write_all(b"221 bye\r\n")?;
            return Ok(());
        } else if upper.starts_with("RSET") || upper.starts_with("NOOP") {
            b"250 OK\r\n"
        } else {
            b"502 not here\r\n"
        };
        out.write_all(reply)?;
    }
}

/// One HTTP request the listener took.
#[derive(Debug, Clone)]
struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// An HTTP server on 127.0.0.1 answering every request with `status` and `body`.
struct Ntfy {
    port: u16,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Ntfy {
    fn start(status: &'static str, body: &'static str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&requests);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let _ = serve_http(stream, status, body, &kept);
            }
        });
        Self { port, requests }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/maya-reminders", self.port)
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

fn serve_http(
    stream: TcpStream,
    status: &str,
    body: &str,
    requests: &Mutex<Vec<Request>>,
) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut first = String::new();
    reader.read_line(&mut first)?;
    let mut parts = first.split_whitespace();
    let (method, path) = (parts.next().unwrap_or("").to_owned(), parts.next().unwrap_or("").to_owned());
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let length = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut bytes = vec![0; length];
    reader.read_exact(&mut bytes)?;
    requests.lock().unwrap().push(Request {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    });
    write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn as_refs<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[test]
fn a_due_task_is_emailed_once_a_day_and_again_the_next_day() {
    let home = demo();
    let sink = Sink::start(None);
    let env = sink.env();
    let env = as_refs(&env);

    let out = run(&home, &env, &["notify", "--today", DAY]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.starts_with("Sent "), "{}", out.stdout);
    assert!(out.stdout.contains(" to maya@example.com: afterview: "), "{}", out.stdout);
    let mails = sink.mails();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.from, "MAIL FROM:<maya@example.com>");
    assert_eq!(mail.to, ["RCPT TO:<maya@example.com>"]);
    assert!(mail.auth.is_some(), "logged in as notify.smtp_user");
    assert!(mail.data.contains("Subject: afterview: "), "{}", mail.data);
    assert!(mail.data.contains("things to do today"), "{}", mail.data);
    assert!(mail.data.contains("Today\r\n- "), "in the agenda's words: {}", mail.data);
    assert!(mail.data.contains("afterview draft TASK"), "{}", mail.data);
    assert!(!out.stdout.contains("hunter2") && !out.stderr.contains("hunter2"));

    // The same day again: nothing new to send, nothing sent.
    let again = run(&home, &env, &["notify", "--today", DAY]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.starts_with("Nothing to send: the "), "{}", again.stdout);
    assert!(again.stdout.contains("already sent today"), "{}", again.stdout);
    assert_eq!(sink.mails().len(), 1, "never the same task twice a day");

    // The next day, what is still due (now overdue) goes out again.
    let next = run(&home, &env, &["notify", "--today", "2026-11-21"]);
    assert_eq!(next.code, 0, "{}", next.stderr);
    assert_eq!(sink.mails().len(), 2);
    assert!(sink.mails()[1].data.contains("Overdue"), "{}", sink.mails()[1].data);
}

#[test]
fn a_refusing_mail_server_records_nothing_and_says_why() {
    let home = demo();
    let refusing = Sink::start(Some("550 5.7.1 Relaying denied for maya"));
    let env = refusing.env();
    let out = run(&home, &as_refs(&env), &["notify", "--today", DAY]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("did not take the reminder"), "{}", out.stderr);
    assert!(out.stderr.contains("Relaying denied"), "the server's reason: {}", out.stderr);
    assert!(!out.stderr.contains("hunter2"), "{}", out.stderr);

    // Nothing was recorded: a working server gets all of it.
    let sink = Sink::start(None);
    let env = sink.env();
    let out = run(&home, &as_refs(&env), &["notify", "--today", DAY]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(sink.mails().len(), 1);

    // STARTTLS required, and the server offers none: refused, not sent in the clear.
    let plain = Sink::start(None);
    let env: Vec<_> = plain
        .env()
        .into_iter()
        .map(|(k, v)| if k == "AFTERVIEW_NOTIFY_SMTP_SECURITY" { (k, "starttls".to_owned()) } else { (k, v) })
        .collect();
    let out = run(&home, &as_refs(&env), &["notify", "--today", "2026-11-21"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stderr.contains(&format!("the mail server 127.0.0.1:{}", plain.port)), "{}", out.stderr);
    assert!(plain.mails().is_empty(), "nothing went out unencrypted");

    // No server at all: a clear error, still nothing recorded.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let gone = [("AFTERVIEW_NOTIFY_SMTP_PORT", port.to_string())];
    let env: Vec<_> =
        sink.env().into_iter().filter(|(k, _)| *k != "AFTERVIEW_NOTIFY_SMTP_PORT").chain(gone).collect();
    let out = run(&home, &as_refs(&env), &["notify", "--today", "2026-11-21"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stderr.contains(&format!("the mail server 127.0.0.1:{port}")), "{}", out.stderr);
}

#[test]
fn ntfy_gets_one_post_with_title_priority_and_token() {
    let home = demo();
    let ntfy = Ntfy::start("200 OK", r#"{"id":"abc","event":"message"}"#);
    let url = ntfy.url();
    let env = [
        ("AFTERVIEW_NOTIFY_CHANNEL", "ntfy"),
        ("AFTERVIEW_NOTIFY_NTFY_URL", url.as_str()),
        ("AFTERVIEW_NOTIFY_NTFY_TOKEN", "tk_secret123"),
        ("AFTERVIEW_NOTIFY_NTFY_PRIORITY", "4"),
    ];
    let out = run(&home, &env, &["notify", "--today", DAY]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("to your ntfy topic on 127.0.0.1: afterview: "), "{}", out.stdout);
    let requests = ntfy.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/maya-reminders"));
    assert!(
        r.header("Title").is_some_and(|t| t.starts_with("afterview: ") && t.contains("to do today")),
        "{r:?}"
    );
    assert_eq!(r.header("Priority"), Some("4"));
    assert_eq!(r.header("Authorization"), Some("Bearer tk_secret123"));
    assert!(r.body.starts_with("Today\n- "), "{}", r.body);
    assert!(!out.stdout.contains("tk_secret123"));

    let again = run(&home, &env, &["notify", "--today", DAY]);
    assert!(again.stdout.starts_with("Nothing to send"), "{}", again.stdout);
    assert_eq!(ntfy.requests().len(), 1);
}

#[test]
fn an_ntfy_refusal_records_nothing_and_names_the_token() {
    let home = demo();
    let ntfy = Ntfy::start("401 Unauthorized", r#"{"code":40101,"http":401,"error":"unauthorized"}"#);
    let url = ntfy.url();
    let env = [("AFTERVIEW_NOTIFY_CHANNEL", "ntfy"), ("AFTERVIEW_NOTIFY_NTFY_URL", url.as_str())];
    let out = run(&home, &env, &["notify", "--today", DAY]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("refused the reminder: HTTP 401"), "{}", out.stderr);
    assert!(
        out.stderr.contains("unauthorized") && out.stderr.contains("notify.ntfy_token"),
        "{}",
        out.stderr
    );
    assert!(ntfy.requests().len() == 1);
    // Nothing recorded: a dry run still has all of it to send.
    let dry = run(&home, &env, &["notify", "--dry-run", "--today", DAY]);
    assert!(dry.stdout.contains("Would send"), "{}", dry.stdout);
}

#[test]
fn a_dry_run_prints_and_records_nothing_and_stdout_records() {
    let home = demo();
    let dry = home.ok(&["notify", "--dry-run", "--today", DAY]);
    assert!(dry.starts_with("Reminders: none"), "{dry}");
    assert!(
        dry.contains("Would send (a dry run: nothing is sent or recorded):\n\nSubject: afterview: "),
        "{dry}"
    );
    assert_eq!(home.ok(&["notify", "--dry-run", "--today", DAY]), dry, "nothing was recorded");

    // Without a channel there is nowhere to send.
    let err = home.fails(1, &["notify", "--today", DAY]);
    assert!(err.contains("notify.channel is \"none\""), "{err}");

    // --to-stdout prints it for cron to mail, and records it.
    let printed = home.ok(&["notify", "--to-stdout", "--today", DAY]);
    assert!(printed.starts_with("Subject: afterview: "), "{printed}");
    assert_eq!(home.ok(&["notify", "--to-stdout", "--today", DAY]), "", "quiet when nothing is new");

    // An empty agenda: nothing to send, said so.
    let empty = Home::new();
    assert!(empty.ok(&["notify", "--dry-run"]).contains("Nothing to send: nothing is due today."));
}

#[test]
fn notify_settings_are_checked_at_config_set_and_secrets_never_shown() {
    let home = Home::new();
    // Keys go in one at a time, in any order: a channel before its server.
    home.ok(&["config", "set", "notify.channel", "email"]);
    home.ok(&["config", "set", "notify.channel", "none"]);
    let err = home.fails(2, &["config", "set", "notify.channel", "pigeon"]);
    assert!(err.contains("not a known notify channel"), "{err}");
    home.ok(&["config", "set", "notify.smtp_host", "smtp.example.com"]);
    let err = home.fails(2, &["config", "set", "notify.smtp_security", "none"]);
    assert!(err.contains("unencrypted") && err.contains("only to this computer"), "{err}");
    let err = home.fails(2, &["config", "set", "notify.ntfy_url", "http://ntfy.sh/topic"]);
    assert!(err.contains("use https"), "{err}");
    let err = home.fails(2, &["config", "set", "notify.at", "8am"]);
    assert!(err.contains("not a time of day like 08:00"), "{err}");

    let set = home.ok(&["config", "set", "notify.smtp_password", "hunter2-secret"]);
    assert!(set.starts_with("Set notify.smtp_password = (set) in "), "{set}");
    let list = home.ok(&["config", "list"]);
    assert!(list.contains("notify.smtp_password") && list.contains("(set)"), "{list}");
    assert!(list.contains("notify.ntfy_token") && list.contains("(unset)"), "{list}");
    assert!(!list.contains("hunter2"), "{list}");
    assert!(!home.ok(&["config", "list", "--json"]).contains("hunter2"));
    assert_eq!(home.ok(&["config", "get", "notify.smtp_password"]), "(set)\n");
    let doctor = home.ok(&["doctor"]);
    assert!(doctor.contains("Reminders: none"), "{doctor}");

    let out = run(&home, &[("AFTERVIEW_NOTIFY_CHANNEL", "email")], &["doctor"]);
    assert!(
        out.stdout.contains("Reminders: email to (no address) through smtp.example.com:587 (starttls)"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("not ready: setting notify.to"), "{}", out.stdout);
    assert!(!out.stdout.contains("hunter2"));
}

#[test]
fn install_timer_writes_the_units_and_keeps_changed_ones() {
    let home = Home::new();
    let config = tempfile::tempdir().unwrap();
    let xdg = config.path().to_str().unwrap();
    let env = [("XDG_CONFIG_HOME", xdg), ("AFTERVIEW_NOTIFY_AT", "07:45")];
    let out = run(&home, &env, &["notify", "--install-timer"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let units = config.path().join("systemd/user");
    let service = std::fs::read_to_string(units.join("afterview-notify.service")).unwrap();
    let timer = std::fs::read_to_string(units.join("afterview-notify.timer")).unwrap();
    let exe = assert_cmd::cargo::cargo_bin("afterview").canonicalize().unwrap();
    assert!(service.contains(&format!("ExecStart=\"{}\" notify\n", exe.display())), "{service}");
    let home_dir = home.path().canonicalize().unwrap();
    assert!(service.contains(&format!("Environment=\"AFTERVIEW_HOME={}\"", home_dir.display())), "{service}");
    assert!(timer.contains("OnCalendar=*-*-* 07:45:00 America/New_York\n"), "{timer}");
    assert!(timer.contains("Persistent=true"));
    assert!(
        out.stdout.contains(
            "systemctl --user daemon-reload && systemctl --user enable --now afterview-notify.timer"
        ),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("45 7 * * * AFTERVIEW_HOME="), "the cron line: {}", out.stdout);

    std::fs::write(units.join("afterview-notify.timer"), "[Timer]\nOnCalendar=daily\n").unwrap();
    let refused = run(&home, &env, &["notify", "--install-timer"]);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert_eq!(
        std::fs::read_to_string(units.join("afterview-notify.timer")).unwrap(),
        "[Timer]\nOnCalendar=daily\n"
    );
    let forced = run(&home, &env, &["notify", "--install-timer", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(std::fs::read_to_string(units.join("afterview-notify.timer")).unwrap(), timer);
}

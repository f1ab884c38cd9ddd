//! The morning digests a server sends by itself (`afterview_app::server`'s
//! `due`, `send_due`, `deliver`), against a real PostgreSQL server (see
//! `afterview_postgres::testing`: skipped without `AFTERVIEW_TEST_POSTGRES`,
//! except with `CI=true`): which accounts are due at an instant, in their
//! own time zones; the server's mail server under each user's own
//! settings; two processes sending at once, each digest once; and one
//! digest all the way to an SMTP sink on loopback, once.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Barrier, Mutex};

use afterview_app::server::{
    self, Delivery, Outcome, Pace, Round, Server, ServerMail, Step, deliver, due, send_due,
};
use afterview_app::setup::{Demo, load_demo};
use afterview_core::kinds::NotifyChannel;
use afterview_core::notify::Digest;
use afterview_core::settings::Settings;
use afterview_postgres::testing::TestSchema;
use afterview_postgres::{Job, PgPool};
use afterview_store::UserId;
use afterview_store::accounts::{Account, Accounts, NewAccount, Role};
use jiff::civil::{Date, date};
use jiff::{SignedDuration, Timestamp};

/// The demo's day: it has tasks due and overdue then.
const DAY: Date = date(2026, 11, 20);

fn at(instant: &str) -> Timestamp {
    instant.parse().unwrap()
}

/// An account with the demo anchored on [`DAY`], and these settings.
fn account(server: &Server, email: &str, settings: &[(&str, &str)]) -> UserId {
    let acc = &server.pool;
    let new = NewAccount { email, name: "Ann Lee", role: Role::Member, password_hash: None };
    let account = acc.create_account(&new, at("2026-11-01T00:00:00Z")).unwrap().unwrap();
    for (key, value) in settings {
        server::config_set(server, account.id, key, value).unwrap();
    }
    let mut store = acc.open(account.id).unwrap();
    load_demo(&mut store, &Settings::default(), DAY, Demo::Showcase).unwrap();
    account.id
}

/// Email at 08:00 on their own clock in `zone`.
fn morning(zone: &str) -> Vec<(&str, &str)> {
    vec![("notify.channel", "email"), ("notify.at", "08:00"), ("user.time_zone", zone)]
}

fn relay(port: u16) -> ServerMail {
    let env: HashMap<&str, String> = [
        ("AFTERVIEW_NOTIFY_SMTP_HOST", "127.0.0.1".to_owned()),
        ("AFTERVIEW_NOTIFY_SMTP_PORT", port.to_string()),
        ("AFTERVIEW_NOTIFY_SMTP_SECURITY", "none".to_owned()),
        ("AFTERVIEW_NOTIFY_FROM", "afterview@career.example.edu".to_owned()),
    ]
    .into_iter()
    .collect();
    ServerMail::from_env(|var| env.get(var).cloned()).unwrap()
}

/// A server with the relay's settings (on a port nothing listens on: the
/// tests that need a real one start a [`Sink`]).
fn world() -> Option<(Server, TestSchema)> {
    let schema = TestSchema::new()?;
    Some((Server { pool: schema.pool(), mail: relay(9) }, schema))
}

fn due_users(server: &Server, now: Timestamp) -> Vec<UserId> {
    due(server, now).unwrap().into_iter().map(|d| d.account.id).collect()
}

/// A sender that records who it sent to, and sends nothing.
fn recording(
    sent: &Mutex<Vec<UserId>>,
) -> impl FnMut(&Account, &Settings, &Digest) -> afterview_app::Result<String> + '_ {
    |account, _, _| {
        sent.lock().unwrap().push(account.id);
        Ok(account.email.clone())
    }
}

fn done(round: Round) -> Vec<Delivery> {
    match round {
        Round::Done(d) => d,
        Round::Elsewhere => panic!("nobody else holds the lock"),
    }
}

#[test]
fn each_account_is_due_at_its_own_morning() {
    let Some((server, _schema)) = world() else { return };
    let tokyo = account(&server, "tokyo@example.com", &morning("Asia/Tokyo"));
    let la = account(&server, "la@example.com", &morning("America/Los_Angeles"));

    // 2026-11-20 10:00 UTC: 19:00 in Tokyo, 02:00 in Los Angeles.
    assert_eq!(due_users(&server, at("2026-11-20T10:00:00Z")), [tokyo]);
    // 16:00 UTC: 08:00 in Los Angeles; 01:00 of the next day in Tokyo,
    // whose morning has not come yet.
    assert_eq!(due_users(&server, at("2026-11-20T16:00:00Z")), [la]);
    // 15:59 UTC: a minute before Los Angeles' 08:00.
    assert_eq!(due_users(&server, at("2026-11-20T15:59:00Z")), Vec::<UserId>::new());
    let d = due(&server, at("2026-11-20T10:00:00Z")).unwrap().remove(0);
    assert_eq!((d.today, d.zone.iana_name()), (DAY, Some("Asia/Tokyo")));
    assert!(!d.digest.tasks.is_empty());
}

#[test]
fn not_before_notify_at_not_twice_never_when_disabled_or_off() {
    let Some((server, _schema)) = world() else { return };
    let mut evening = morning("Asia/Tokyo");
    evening[1] = ("notify.at", "19:30");
    let ann = account(&server, "ann@example.com", &evening);
    let off = account(&server, "off@example.com", &[("user.time_zone", "Asia/Tokyo")]);
    let gone = account(&server, "gone@example.com", &morning("Asia/Tokyo"));
    afterview_app::accounts::set_disabled(&server.pool, "gone@example.com", true).unwrap();
    // Email through a server without a mail server, and no host of its own:
    // not ready, so not due (the settings page says what it lacks).
    let bare = Server::new(server.pool.clone());
    let _ = (off, gone);

    // 19:00 in Tokyo: not yet.
    assert_eq!(due_users(&server, at("2026-11-20T10:00:00Z")), Vec::<UserId>::new());
    // 19:30: due; and on the bare server nobody is.
    let now = at("2026-11-20T10:30:00Z");
    assert_eq!(due_users(&server, now), [ann]);
    assert_eq!(due_users(&bare, now), Vec::<UserId>::new());

    let sent = Mutex::new(Vec::new());
    let round = done(send_due(&server, now, &mut Pace::default(), recording(&sent)).unwrap());
    assert_eq!(round.len(), 1);
    assert!(
        matches!(round[0].outcome, Outcome::Sent { tasks, ref to } if tasks > 0 && to == "ann@example.com")
    );
    assert_eq!(round[0].channel, NotifyChannel::Email);
    assert_eq!(*sent.lock().unwrap(), [ann]);

    // Sent today: not due again that day, and a round sends nothing.
    let later = now + SignedDuration::from_hours(3);
    assert_eq!(due_users(&server, later), Vec::<UserId>::new());
    let round = done(send_due(&server, later, &mut Pace::default(), recording(&sent)).unwrap());
    assert_eq!(round, [Delivery { user: ann, channel: NotifyChannel::Email, outcome: Outcome::Nothing }]);
    assert_eq!(sent.lock().unwrap().len(), 1);

    // The next morning, what is still due (now overdue) goes out again.
    assert_eq!(due_users(&server, at("2026-11-21T10:30:00Z")), [ann]);
}

#[test]
fn a_failure_is_its_accounts_alone_and_waits_before_the_next_try() {
    let Some((server, _schema)) = world() else { return };
    let ann = account(&server, "ann@example.com", &morning("UTC"));
    let bob = account(&server, "bob@example.com", &morning("UTC"));
    let now = at("2026-11-20T09:00:00Z");
    let mut pace = Pace::default();
    let round = send_due(&server, now, &mut pace, |account, _, _| {
        if account.id == ann {
            Err(afterview_app::Error::refused("the mail server said no"))
        } else {
            Ok(account.email.clone())
        }
    });
    let round = done(round.unwrap());
    assert_eq!(
        round[0],
        Delivery {
            user: ann,
            channel: NotifyChannel::Email,
            outcome: Outcome::Failed { step: Step::Send, reason: "the mail server said no".into() },
        }
    );
    assert!(matches!(round[1], Delivery { user, outcome: Outcome::Sent { .. }, .. } if user == bob));

    // A minute later Ann waits, and Bob, sent to a minute ago, is left
    // for later; five minutes later she is tried again.
    let sent = Mutex::new(Vec::new());
    let mins = |n| now + SignedDuration::from_mins(n);
    let round = done(send_due(&server, mins(1), &mut pace, recording(&sent)).unwrap());
    assert_eq!(
        round,
        [Delivery { user: ann, channel: NotifyChannel::Email, outcome: Outcome::Waiting { until: mins(5) } }]
    );
    let round = done(send_due(&server, mins(5), &mut pace, recording(&sent)).unwrap());
    assert_eq!(round.len(), 1);
    assert!(matches!(round[0].outcome, Outcome::Sent { .. }));
    // A quarter of an hour after his digest Bob is looked at again: nothing new.
    let round = done(send_due(&server, mins(15), &mut pace, recording(&sent)).unwrap());
    assert_eq!(round, [Delivery { user: bob, channel: NotifyChannel::Email, outcome: Outcome::Nothing }]);
    assert_eq!(*sent.lock().unwrap(), [ann]);
}

#[test]
fn the_servers_mail_server_is_every_accounts_default_under_their_own() {
    let Some((server, _schema)) = world() else { return };
    let ann = account(&server, "ann@example.com", &[("notify.channel", "email")]);
    let own = account(
        &server,
        "own@example.com",
        &[("notify.smtp_host", "smtp.fastmail.com"), ("notify.to", "me@fastmail.com")],
    );

    let n = server.home(ann).unwrap().settings.notify;
    assert_eq!((n.smtp_host.as_str(), n.port()), ("127.0.0.1", 9));
    assert_eq!((n.to.as_str(), n.from.as_str()), ("ann@example.com", "afterview@career.example.edu"));
    let (_, rows) = server::config_list(&server, ann).unwrap();
    let source = |rows: &[afterview_app::setup::SettingRow], key: &str| {
        rows.iter().find(|r| r.key == key).map(|r| r.source.clone()).unwrap()
    };
    assert_eq!(source(&rows, "notify.smtp_host"), "server");
    assert_eq!(source(&rows, "notify.to"), "your account");
    assert_eq!(source(&rows, "notify.channel"), "yours");
    assert_eq!(source(&rows, "notify.smtp_user"), "default");

    // Their own mail server and address win; nothing of the server's is kept.
    let n = server.home(own).unwrap().settings.notify;
    assert_eq!((n.smtp_host.as_str(), n.port(), n.from.as_str()), ("smtp.fastmail.com", 587, ""));
    assert_eq!(n.to, "me@fastmail.com");
    let (_, rows) = server::config_list(&server, own).unwrap();
    assert_eq!(source(&rows, "notify.smtp_port"), "default");
    assert_eq!(source(&rows, "notify.to"), "yours");

    // A server with none: each names their own; the address still defaults.
    let bare = Server::new(server.pool.clone());
    let n = bare.home(ann).unwrap().settings.notify;
    assert_eq!((n.smtp_host.as_str(), n.to.as_str()), ("", "ann@example.com"));
}

#[test]
fn a_user_named_place_on_the_servers_own_network_is_refused() {
    let Some((server, _schema)) = world() else { return };
    let mut settings = Settings::default();
    settings.notify.channel = NotifyChannel::Ntfy;
    settings.notify.ntfy_url = "http://127.0.0.1:9/topic".into();
    let digest = Digest { subject: "s".into(), body: "b".into(), tasks: Vec::new(), overdue: 0 };
    let e = deliver(&server, &settings, &digest).unwrap_err().to_string();
    assert!(e.starts_with("the ntfy server 127.0.0.1 is on this server's own machine or network"), "{e}");
    settings.notify.channel = NotifyChannel::Email;
    settings.notify.smtp_host = "192.168.1.10".into();
    settings.notify.to = "ann@example.com".into();
    let e = deliver(&server, &settings, &digest).unwrap_err().to_string();
    assert!(e.contains("the mail server 192.168.1.10 is on this server's own machine"), "{e}");
    assert!(e.ends_with("or leave notify.smtp_host empty to send through the server's"), "{e}");
}

#[test]
fn the_lock_is_one_processes_at_a_time() {
    let Some((server, schema)) = world() else { return };
    let other = schema.pool();
    let held = server.pool.try_lock_job(Job::Digests).unwrap().expect("nobody holds it");
    assert!(other.try_lock_job(Job::Digests).unwrap().is_none());
    assert!(server.pool.try_lock_job(Job::Digests).unwrap().is_none(), "not even this pool again");
    let round = send_due(&Server::new(other.clone()), Timestamp::now(), &mut Pace::default(), |_, _, _| {
        unreachable!("nothing is sent without the lock")
    });
    assert_eq!(round.unwrap(), Round::Elsewhere);
    drop(held);
    assert!(other.try_lock_job(Job::Digests).unwrap().is_some(), "let go when dropped");
}

/// A process whose lock's connection is cut mid-round (another may hold
/// the lock by then) sends no more that round.
#[test]
fn a_round_that_loses_its_lock_stops() {
    let Some((server, schema)) = world() else { return };
    let ann = account(&server, "ann@example.com", &morning("UTC"));
    let _bob = account(&server, "bob@example.com", &morning("UTC"));
    let mut admin = schema.client();
    let mut sent = Vec::new();
    let round = send_due(&server, at("2026-11-20T09:00:00Z"), &mut Pace::default(), |account, _, _| {
        sent.push(account.id);
        admin
            .batch_execute(
                "SELECT pg_terminate_backend(pid) FROM pg_locks
                 WHERE locktype = 'advisory' AND objsubid = 2 AND objid = 2 AND pid <> pg_backend_pid()
                   AND classid::int = hashtext('afterview ' || current_schema())::oid::int",
            )
            .unwrap();
        Ok(account.email.clone())
    });
    let round = done(round.unwrap());
    assert_eq!(sent, [ann]);
    assert_eq!(round.len(), 1, "{round:?}");
    assert!(matches!(round[0].outcome, Outcome::Sent { .. }));
}

/// Two server processes (two pools on one database) sending at the same
/// instant, over and over: each account's digest goes out once.
#[test]
fn two_processes_at_once_send_each_digest_once() {
    let Some((server, schema)) = world() else { return };
    let users: Vec<UserId> =
        (0..6).map(|i| account(&server, &format!("u{i}@example.com"), &morning("Europe/London"))).collect();
    let now = at("2026-11-20T09:00:00Z");
    let sent = Arc::new(Mutex::new(Vec::new()));
    let start = Arc::new(Barrier::new(2));
    let pools: [PgPool; 2] = [schema.pool(), schema.pool()];
    let rounds: Vec<Vec<Round>> = std::thread::scope(|s| {
        let handles: Vec<_> = pools
            .into_iter()
            .map(|pool| {
                let (sent, start) = (Arc::clone(&sent), Arc::clone(&start));
                s.spawn(move || {
                    let process = Server { pool, mail: relay(9) };
                    let mut pace = Pace::default();
                    start.wait();
                    (0..4)
                        .map(|i| {
                            let now = now + SignedDuration::from_millis(i);
                            send_due(&process, now, &mut pace, |account, _, _| {
                                // Slow enough for the other to try meanwhile.
                                std::thread::sleep(std::time::Duration::from_millis(40));
                                sent.lock().unwrap().push(account.id);
                                Ok(account.email.clone())
                            })
                            .unwrap()
                        })
                        .collect()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut sent = sent.lock().unwrap().clone();
    sent.sort();
    assert_eq!(sent, users, "each once: {rounds:?}");
    let elsewhere = rounds.iter().flatten().filter(|r| **r == Round::Elsewhere).count();
    assert!(elsewhere > 0, "the two met at the lock: {rounds:?}");
}

/// One message the sink took: the envelope and the data.
#[derive(Debug, Clone, Default)]
struct Mail {
    from: String,
    to: Vec<String>,
    data: String,
}

/// An SMTP server on 127.0.0.1 that takes every message (as in
/// `crates/cli/tests/notify.rs`).
struct Sink {
    port: u16,
    mails: Arc<Mutex<Vec<Mail>>>,
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

    fn mails(&self) -> Vec<Mail> {
        self.mails.lock().unwrap().clone()
    }
}

fn serve_smtp(stream: TcpStream, mails: &Mutex<Vec<Mail>>) -> std::io::Result<()> {
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
        } else if upper.starts_with("MAIL FROM") {
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

/// An account with tasks due today, the server's mail server a sink on
/// loopback, a round at its morning: one mail to the account's address,
/// from the server's sender, naming the tasks; a second round sends none.
#[test]
fn a_digest_goes_through_the_servers_mail_server_once() {
    let Some(schema) = TestSchema::new() else { return };
    let sink = Sink::start();
    let server = Server { pool: schema.pool(), mail: relay(sink.port) };
    let ann = account(&server, "ann@example.com", &morning("Europe/Berlin"));
    // 08:00 in Berlin is 07:00 UTC; a minute earlier nothing is due.
    let now = at("2026-11-20T07:00:00Z");
    assert_eq!(due_users(&server, now - SignedDuration::from_mins(1)), Vec::<UserId>::new());
    let tasks = due(&server, now).unwrap().remove(0).digest.tasks;

    let mut pace = Pace::default();
    let round = done(send_due(&server, now, &mut pace, |_, s, d| deliver(&server, s, d)).unwrap());
    assert_eq!(
        round,
        [Delivery {
            user: ann,
            channel: NotifyChannel::Email,
            outcome: Outcome::Sent { tasks: tasks.len(), to: "ann@example.com".into() },
        }]
    );
    let mails = sink.mails();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, ["RCPT TO:<ann@example.com>"]);
    assert_eq!(mails[0].from, "MAIL FROM:<afterview@career.example.edu>");
    // The body is plain text (7bit or quoted-printable): compare unfolded.
    let body = mails[0].data.replace("=\r\n", "");
    for task in &tasks {
        assert!(body.contains(&format!("[{task}]")), "{task} in {body}");
    }
    assert!(body.contains("Subject: afterview: "), "{body}");

    // The next round of this process leaves Ann for later; one of a
    // process that never looked (another, or this one restarted) finds
    // her digest sent.
    let later = now + SignedDuration::from_mins(1);
    let round = done(send_due(&server, later, &mut pace, |_, s, d| deliver(&server, s, d)).unwrap());
    assert_eq!(round, []);
    let round =
        done(send_due(&server, later, &mut Pace::default(), |_, s, d| deliver(&server, s, d)).unwrap());
    assert_eq!(round[0].outcome, Outcome::Nothing);
    assert_eq!(sink.mails().len(), 1, "once");
}

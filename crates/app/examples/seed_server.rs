//! Fills a server-mode database for `bench/server.sh`: USERS accounts, each
//! invited and joined through `afterview_app::accounts` as a person would
//! (so each has a real session, hashed in the database like any other),
//! each with APPLICATIONS synthetic applications (the demo generator, with
//! its "kept up" marks), and writes one `TOKEN CSRF` line per user to OUT,
//! for wrk's script to send as their cookie and their forms' token.
//!
//!   cargo run --release -p afterview-app --example seed_server -- URL USERS APPLICATIONS OUT
//!
//! An example rather than a command: it makes accounts with a password
//! everyone knows, which no installation should be able to do by accident.

use std::io::Write;
use std::net::IpAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use afterview_app::accounts;
use afterview_app::accounts::Role;
use afterview_app::server::Server;
use afterview_app::setup::{Demo, load_demo};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, users, applications, out] = args.as_slice() else {
        eprintln!("usage: seed_server URL USERS APPLICATIONS OUT");
        std::process::exit(2);
    };
    let (users, applications): (usize, usize) = match (users.parse(), applications.parse()) {
        (Ok(u), Ok(a)) => (u, a),
        _ => {
            eprintln!("USERS and APPLICATIONS are counts, such as 1000 and 30");
            std::process::exit(2);
        }
    };
    if let Err(e) = seed(url, users, applications, out) {
        eprintln!("seed_server: {e}");
        std::process::exit(1);
    }
}

fn seed(url: &str, users: usize, applications: usize, out: &str) -> Result<(), Box<dyn std::error::Error>> {
    let server = Server::connect(url)?;
    let now = jiff::Timestamp::now();
    let from: IpAddr = [127, 0, 0, 1].into();
    let lines = Mutex::new(vec![String::new(); users]);
    let next = AtomicUsize::new(0);
    // Hashing a password (argon2id, 19 MiB) is most of an account's cost:
    // one thread per core.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= users {
                            return Ok(());
                        }
                        let email = format!("bench{i}@example.edu");
                        let link = accounts::invite(&server.pool, None, &email, Role::Member, now)?;
                        let token = link.url_path.rsplit('/').next().unwrap_or_default().to_owned();
                        let opened = accounts::join(
                            &server.pool,
                            &token,
                            &format!("Bench {i}"),
                            "benchmark password 4417",
                            from,
                            now,
                        )?;
                        let mut home = server.home(opened.account.id)?;
                        // Anchored on the user's today, as the agenda page will read it.
                        let today = home.today(None);
                        load_demo(&mut home.store, &home.settings, today, Demo::Synthetic(applications))?;
                        lines.lock().unwrap()[i] = format!("{} {}", opened.token, opened.csrf);
                    }
                })
            })
            .collect();
        for w in workers {
            w.join().expect("a seeding thread panicked")?;
        }
        Ok(())
    })
    .map_err(|e| e.to_string())?;
    let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
    for line in lines.into_inner().unwrap() {
        writeln!(file, "{line}")?;
    }
    file.flush()?;
    Ok(())
}

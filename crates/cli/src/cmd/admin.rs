//! `afterview admin …`: looking after a server's accounts from its own
//! machine: invitation and reset links, the list of accounts, disabling,
//! erasure, open sign-up, and moving a single-user data folder into an
//! account (or an account's snapshot out). Every command works on the
//! PostgreSQL database `--database` or `AFTERVIEW_DATABASE` names, through
//! the use cases of `afterview_app::accounts` and `afterview_app::server`.

use std::io::Write;
use std::path::Path;

use afterview_app::Kind;
use afterview_app::accounts::{self, Link, Purpose};
use afterview_app::local::{Local, Paths, write_private};
use afterview_app::server::{self, Server};
use afterview_app::snapshot;
use afterview_store::accounts::{Account, Role};
use afterview_store::{RecordKind, Store};
use anyhow::{Context as _, Result};
use jiff::Timestamp;

use crate::UsageError;
use crate::cli::{AdminArgs, AdminCmd, AdminUserCmd, PublicUrl, SignUpState};
use crate::prompt;
use crate::render::{print_json, table};

pub fn admin(args: AdminArgs, out: &mut dyn Write) -> Result<()> {
    let Some(url) = args.database.filter(|u| !u.trim().is_empty()) else {
        return Err(UsageError(
            "which database? Give --database postgres://USER@HOST:PORT/DB, or set AFTERVIEW_DATABASE".into(),
        )
        .into());
    };
    let server = Server::connect(&url)?;
    let acc = &server.pool;
    let now = Timestamp::now();
    match args.command {
        AdminCmd::Invite { email, admin, url } => {
            let role = if admin { Role::Admin } else { Role::Member };
            let link = accounts::invite(acc, None, &email, role, now)?;
            let what = format!("An invitation for {} to join as {role}", link.email);
            print_link(out, &what, &link, &url)
        }
        AdminCmd::Reset { email, url } => {
            let link = accounts::reset_link(acc, &email, now)?;
            let what = format!(
                "A password reset link for {} (following it ends every session of the account)",
                link.email
            );
            print_link(out, &what, &link, &url)
        }
        AdminCmd::User(cmd) => user(&server, cmd, out),
        AdminCmd::SignUp { state } => {
            match state {
                SignUpState::Open => accounts::set_open_sign_up(acc, true)?,
                SignUpState::Closed => accounts::set_open_sign_up(acc, false)?,
                SignUpState::Status => {}
            }
            if accounts::open_sign_up(acc)? {
                writeln!(out, "Sign-up is open: anyone who reaches the server can make an account.")?;
            } else {
                writeln!(
                    out,
                    "Sign-up is closed: people join by invitation (`afterview admin invite EMAIL`)."
                )?;
            }
            Ok(())
        }
        AdminCmd::ImportUser { from, email, url } => import_user(&server, &from, &email, &url, now, out),
        AdminCmd::ExportUser { email, out: file } => {
            let account = account(&server, &email)?;
            let text = server::export_user(&server, account.id)?.to_json();
            write_private(&file, &text)
                .with_context(|| format!("cannot write {}; nothing was written", file.display()))?;
            writeln!(
                out,
                "Wrote the snapshot of {} to {}. It holds the account's calendar feed secret: keep it private. \
                 `afterview import json` restores it into a data folder, `afterview admin import-user` into an account.",
                account.email,
                file.display()
            )?;
            Ok(())
        }
    }
}

/// The account with this email, or not found.
fn account(server: &Server, email: &str) -> Result<Account> {
    use afterview_store::accounts::Accounts as _;
    let found = server.pool.account_by_email(email)?;
    Ok(found.ok_or_else(|| afterview_app::Error::not_found(Kind::Record(RecordKind::User), email.trim()))?)
}

/// The whole link when the server's address is known, else its path and
/// what to put before it.
fn print_link(out: &mut dyn Write, what: &str, link: &Link, url: &PublicUrl) -> Result<()> {
    let until = link.expires_at.strftime("%Y-%m-%d %H:%M UTC");
    writeln!(out, "{what}, good until {until}:")?;
    match public_url(url)? {
        Some(base) => writeln!(out, "{base}{}", link.url_path)?,
        None => {
            writeln!(out, "{}", link.url_path)?;
            writeln!(
                out,
                "Put the server's address before it (https://jobs.example.edu{}…), or give --public-url \
                 (or AFTERVIEW_PUBLIC_URL) to print the whole link. Send it to {} only: it works once.",
                match link.purpose {
                    Purpose::Join => "/join/",
                    Purpose::Reset => "/reset/",
                },
                link.email
            )?;
        }
    }
    Ok(())
}

/// The public address, checked, without a trailing slash.
fn public_url(url: &PublicUrl) -> Result<Option<String>> {
    let Some(base) = url.public_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) else {
        return Ok(None);
    };
    if !(base.starts_with("https://") || base.starts_with("http://")) || base.contains(char::is_whitespace) {
        return Err(UsageError(format!(
            "--public-url: \"{base}\" is not a web address; give one such as https://jobs.example.edu"
        ))
        .into());
    }
    Ok(Some(base.trim_end_matches('/').to_owned()))
}

fn user(server: &Server, cmd: AdminUserCmd, out: &mut dyn Write) -> Result<()> {
    let acc = &server.pool;
    match cmd {
        AdminUserCmd::List(list) => {
            let all = accounts::users(acc)?;
            if list.json {
                let rows: Vec<serde_json::Value> = all
                    .iter()
                    .map(|a| {
                        serde_json::json!({
                            "id": a.id.0,
                            "email": a.email,
                            "name": a.name,
                            "role": a.role.as_str(),
                            "disabled": a.disabled,
                            "created_at": a.created_at.to_string(),
                        })
                    })
                    .collect();
                return print_json(out, &rows);
            }
            if all.is_empty() {
                writeln!(out, "No accounts yet. `afterview admin invite EMAIL --admin` makes the first.")?;
                return Ok(());
            }
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|a| {
                    vec![
                        a.email.clone(),
                        a.name.clone(),
                        a.role.to_string(),
                        if a.disabled { "disabled" } else { "active" }.to_owned(),
                        a.created_at.strftime("%Y-%m-%d").to_string(),
                    ]
                })
                .collect();
            write!(out, "{}", table(&["EMAIL", "NAME", "ROLE", "STATE", "SINCE"], &rows))?;
            Ok(())
        }
        AdminUserCmd::Disable { email } => {
            let a = accounts::set_disabled(acc, &email, true)?;
            writeln!(out, "Disabled {}: every session of it ended, and it cannot sign in.", a.email)?;
            Ok(())
        }
        AdminUserCmd::Enable { email } => {
            let a = accounts::set_disabled(acc, &email, false)?;
            writeln!(out, "Enabled {}: it can sign in again.", a.email)?;
            Ok(())
        }
        AdminUserCmd::Remove { email, remove } => {
            let a = account(server, &email)?;
            let store = server.pool.open(a.id)?;
            let (apps, people, messages) =
                (store.application_count()?, store.people()?.len(), store.messages(None)?.len());
            drop(store);
            let question = format!(
                "Erase the account of {} ({}) and everything it holds: {apps} application{}, {people} \
                 {}, {messages} message{}, its settings, words, templates, sessions and links? \
                 This cannot be undone (`afterview admin export-user` keeps a copy first).",
                a.email,
                if a.name.is_empty() { "no name" } else { a.name.as_str() },
                plural(apps as usize),
                if people == 1 { "person" } else { "people" },
                plural(messages),
            );
            if !prompt::confirm(&question, remove.yes)? {
                writeln!(out, "Nothing was removed.")?;
                return Ok(());
            }
            let gone = accounts::remove(acc, &a.email)?;
            writeln!(out, "Erased {} and everything it held.", gone.email)?;
            Ok(())
        }
    }
}

fn import_user(
    server: &Server,
    from: &Path,
    email: &str,
    url: &PublicUrl,
    now: Timestamp,
    out: &mut dyn Write,
) -> Result<()> {
    let paths = Paths::in_folder(from);
    if !paths.database().is_file() {
        return Err(UsageError(format!(
            "--from: {} holds no afterview data (no afterview.db); give the folder AFTERVIEW_HOME named",
            from.display()
        ))
        .into());
    }
    // Only the folder's own files are read: its settings text as written,
    // not this shell's AFTERVIEW_* overrides.
    let local = Local { paths, settings: Default::default() };
    let taken = snapshot::take_local(&local).with_context(|| format!("cannot read {}", from.display()))?;
    let public = public_url(url)?;
    let imported = server::import_user(server, email, &taken, now)?;
    let r = &imported.restored;
    writeln!(
        out,
        "Moved {} into {} account of {}: {} application{}, {} {}, {} interview{}, {} message{}, {} outcome{}.",
        from.display(),
        if imported.created { "a new" } else { "the" },
        imported.account.email,
        r.applications,
        plural(r.applications),
        r.people,
        if r.people == 1 { "person" } else { "people" },
        r.interviews,
        plural(r.interviews),
        r.messages,
        plural(r.messages),
        r.outcomes,
        plural(r.outcomes),
    )?;
    if let Some(link) = &imported.link {
        let url = PublicUrl { public_url: public };
        print_link(out, "It has no password yet; its owner sets one with this link", link, &url)?;
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

//! One module per family of commands, each parse → call → render: the
//! flags become a call of a use case in `afterview-app`, and its typed
//! result is written to `out`. `run` dispatches to them.

mod admin;
mod agenda;
mod calendar;
mod export;
mod import;
mod messages;
mod notify;
mod plan;
mod records;
mod setup;

use std::io::Write;
use std::process::ExitCode;

use afterview_app::local::Local;
use anyhow::{Context as _, Result};

use crate::cli::Command;

pub fn run(command: Command, out: &mut dyn Write) -> Result<ExitCode> {
    // Commands that need no data folder come first, so they work anywhere.
    match command {
        Command::Completions { shell } => return setup::completions(shell, out).map(|()| ExitCode::SUCCESS),
        Command::Man { out: dir } => return setup::man(dir.as_deref(), out).map(|()| ExitCode::SUCCESS),
        // A server's database, never the data folder of whoever runs it.
        Command::Admin(args) => return admin::admin(args, out).map(|()| ExitCode::SUCCESS),
        _ => {}
    }
    let local = load()?;
    match command {
        Command::Agenda(args) => agenda::agenda(&local, &args, out),
        Command::Application(cmd) => records::application(&local, cmd, out),
        Command::Person(cmd) => records::person(&local, cmd, out),
        Command::Interview(cmd) => records::interview(&local, cmd, out),
        Command::Outcome(cmd) => records::outcome(&local, cmd, out),
        Command::Log(args) => records::log(&local, args, out),
        Command::Message(cmd) => records::message(&local, cmd, out),
        Command::Export(cmd) => export::export(&local, cmd, out),
        Command::Import(cmd) => import::import(&local, cmd, out),
        Command::Notify(args) => notify::notify(&local, &args, out),
        Command::Done(args) => agenda::mark(&local, &args, None, out),
        Command::Skip(args) => agenda::mark(&local, &args, Some(None), out),
        Command::Snooze(args) => agenda::mark(&local, &args.task, Some(Some(args.until)), out),
        Command::When(args) => calendar::when(&local, &args, out),
        Command::Plan(args) => plan::plan(&local, &args, out),
        Command::Check(args) => return messages::check(&local, &args, out),
        Command::Draft(args) => messages::draft(&local, &args, out),
        Command::Words(cmd) => messages::words(&local, cmd, out),
        Command::Templates(cmd) => messages::templates(&local, cmd, out),
        Command::Holidays(cmd) => calendar::holidays(&local, cmd, out),
        Command::Demo(args) => setup::demo(&local, &args, out),
        Command::Config(cmd) => setup::config(&local, cmd, out),
        Command::Backup { file } => setup::backup(&local, &file, out),
        Command::Doctor { restore } => return setup::doctor(&local, restore.as_deref(), out),
        Command::Serve { listen, open, database, public_url, oidc } => {
            let oidc = oidc_options(oidc)?;
            let server = database.map(|database| afterview_web::ServerOptions { database, public_url, oidc });
            serve(&local, listen, open, server)
        }
        Command::Completions { .. } | Command::Man { .. } | Command::Admin(_) => {
            unreachable!("handled above")
        }
    }
    .map(|()| ExitCode::SUCCESS)
}

/// The identity provider `serve` signs people in through, if one is named;
/// its secret comes from the environment only (a flag would show in `ps`).
fn oidc_options(args: crate::cli::OidcArgs) -> Result<Option<afterview_web::oidc::OidcOptions>> {
    let (Some(issuer), Some(client_id)) = (args.oidc_issuer, args.oidc_client_id) else {
        return Ok(None);
    };
    let client_secret = std::env::var("AFTERVIEW_OIDC_CLIENT_SECRET").unwrap_or_default();
    if client_secret.trim().is_empty() {
        return Err(afterview_app::Error::refused(
            "--oidc-issuer needs the client secret the identity provider gave afterview, in the \
             AFTERVIEW_OIDC_CLIENT_SECRET environment variable (never a flag, which would show in ps)",
        )
        .into());
    }
    Ok(Some(afterview_web::oidc::OidcOptions {
        issuer,
        client_id,
        client_secret,
        name: args.oidc_name,
        allowed_domains: args.oidc_allowed_domains,
    }))
}

/// `afterview serve`: the web app runs until Ctrl-C.
fn serve(
    local: &Local,
    listen: std::net::SocketAddr,
    open: bool,
    server: Option<afterview_web::ServerOptions>,
) -> Result<()> {
    let options = afterview_web::Options { paths: local.paths.clone(), listen, today: None, server };
    afterview_web::serve_blocking(options, open)?;
    Ok(())
}

/// The installation, with its settings. A settings file that cannot be
/// used is the file's fault, not the command's: exit 1.
fn load() -> Result<Local> {
    Ok(Local::load().map_err(|e| match e {
        e @ afterview_app::Error::Invalid { field: None, .. } => afterview_app::Error::refused(e.to_string()),
        other => other,
    })?)
}

/// Opens the user's database, naming it when it cannot be opened.
fn open(local: &Local) -> Result<afterview_sqlite::SqliteStore> {
    use afterview_store::Error as S;
    match local.open_store() {
        Ok(store) => Ok(store),
        // These name the file already.
        Err(
            e @ afterview_app::Error::Storage(S::Damaged { .. } | S::ReadOnly { .. } | S::NewerSchema { .. }),
        ) => Err(e.into()),
        Err(e) => Err(e).with_context(|| format!("cannot open {}", local.paths.database().display())),
    }
}

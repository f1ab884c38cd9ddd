//! The `afterview` binary: parses the command line and hands it to the
//! command modules. Exit codes: 0 success, 1 a user-level failure (not
//! found, refused), 2 bad usage.

mod cli;
mod cmd;
mod context;
mod prompt;
mod render;

use std::process::ExitCode;

use clap::Parser;

/// A problem with how the command was called: exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cmd::run(cli.command) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("afterview: {err:#}");
            if err.downcast_ref::<UsageError>().is_some() { ExitCode::from(2) } else { ExitCode::FAILURE }
        }
    }
}

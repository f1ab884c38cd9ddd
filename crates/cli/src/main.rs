//! The `afterview` binary: parses the command line, calls the use cases of
//! `afterview-app`, and renders what they return. Exit codes: 0 success, 1
//! a user-level failure (not found, refused), 2 bad usage. A closed pipe
//! (`afterview agenda | head -1`) ends quietly with 0.

mod cli;
mod cmd;
mod errors;
mod prompt;
mod render;

use std::io::Write;
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
    // A large buffer: an agenda can run to megabytes, written in few calls.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let result = cmd::run(cli.command, &mut out).and_then(|code| {
        out.flush()?;
        Ok(code)
    });
    match result {
        Ok(code) => code,
        Err(err) if errors::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            drop(out.flush());
            let _ = writeln!(std::io::stderr(), "afterview: {}", errors::describe(&err));
            ExitCode::from(errors::exit_code(&err))
        }
    }
}

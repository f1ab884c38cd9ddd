//! Asking for what a command still needs, when a person is at the terminal;
//! when nobody is (a script, a pipe), the missing flag is a usage error.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Result;

use crate::UsageError;

fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// The given value, or one asked for at the terminal.
pub fn required(given: Option<String>, flag: &str, label: &str) -> Result<String> {
    if let Some(v) = given.filter(|v| !v.trim().is_empty()) {
        return Ok(v);
    }
    if !interactive() {
        return Err(UsageError(format!("{flag} is required: {label}")).into());
    }
    loop {
        eprint!("{label}: ");
        std::io::stderr().flush()?;
        let mut line = String::new();
        if std::io::stdin().lock().read_line(&mut line)? == 0 {
            return Err(UsageError(format!("{flag} is required: {label}")).into());
        }
        let answer = line.trim();
        if !answer.is_empty() {
            return Ok(answer.to_owned());
        }
    }
}

/// A value that must parse, asked for again at the terminal until it does.
pub fn required_parsed<T: std::str::FromStr>(given: Option<T>, flag: &str, label: &str) -> Result<T>
where
    T::Err: std::fmt::Display,
{
    if let Some(v) = given {
        return Ok(v);
    }
    loop {
        let text = required(None, flag, label)?;
        match text.parse() {
            Ok(v) => return Ok(v),
            Err(e) => eprintln!("{e}"),
        }
    }
}

/// Asks before something that cannot be undone; `--yes` or no terminal
/// without `--yes` decide without asking.
pub fn confirm(question: &str, yes: bool) -> Result<bool> {
    if yes {
        return Ok(true);
    }
    if !interactive() {
        return Err(UsageError(format!("{question} Add --yes to confirm.")).into());
    }
    eprint!("{question} [y/N] ");
    std::io::stderr().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(matches!(line.trim(), "y" | "Y" | "yes" | "Yes"))
}

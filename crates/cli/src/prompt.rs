//! Asking for what a command still needs, when a person is at the terminal;
//! when nobody is (a script, a pipe), the missing flag is a usage error.
//!
//! Each answer is checked as soon as it is typed, by the same validation the
//! use case runs (the check is given by the caller, from the application
//! layer: no rule lives here), and a bad one asks that one question again
//! with the reason, keeping the answers already given. End of input ends
//! the command as a usage error, as a missing flag does.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Result;

use crate::UsageError;

fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// What checking one answer found: the value, a reason to ask again, or a
/// failure that asking again cannot fix (the database, a flag given wrong).
pub type Checked<T> = Result<Result<T, String>>;

/// One question at `input`/`output`, asked until `check` accepts the answer.
pub fn ask<T>(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    flag: &str,
    label: &str,
    mut check: impl FnMut(&str) -> Checked<T>,
) -> Result<T> {
    loop {
        write!(output, "{label}: ")?;
        output.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            // Ctrl-D: end the prompt's line, then stop as a missing flag does.
            writeln!(output)?;
            return Err(UsageError(format!("{flag} is required: {label}")).into());
        }
        let answer = line.trim();
        if answer.is_empty() {
            continue;
        }
        match check(answer)? {
            Ok(v) => return Ok(v),
            Err(reason) => writeln!(output, "{reason}")?,
        }
    }
}

/// The given value, or one asked for at the terminal and checked by `check`.
pub fn required_checked<T>(
    given: Option<T>,
    flag: &str,
    label: &str,
    check: impl FnMut(&str) -> Checked<T>,
) -> Result<T> {
    if let Some(v) = given {
        return Ok(v);
    }
    if !interactive() {
        return Err(UsageError(format!("{flag} is required: {label}")).into());
    }
    ask(&mut std::io::stdin().lock(), &mut std::io::stderr(), flag, label, check)
}

/// The given value, or one asked for at the terminal.
pub fn required(given: Option<String>, flag: &str, label: &str) -> Result<String> {
    required_checked(given.filter(|v| !v.trim().is_empty()), flag, label, |s| Ok(Ok(s.to_owned())))
}

/// A value that must parse, asked for again at the terminal until it does.
pub fn required_parsed<T: std::str::FromStr>(given: Option<T>, flag: &str, label: &str) -> Result<T>
where
    T::Err: std::fmt::Display,
{
    required_checked(given, flag, label, parsed)
}

/// An answer that must parse as `T` (the core's parsers and their words).
pub fn parsed<T: std::str::FromStr>(s: &str) -> Checked<T>
where
    T::Err: std::fmt::Display,
{
    Ok(s.parse().map_err(|e: T::Err| e.to_string()))
}

/// A use case's verdict on the answer for `field`: an error about that
/// field, or a record of that kind that does not exist (`a99` for the
/// application), asks again, worded as the command line words it; any
/// other error (a person named by a flag, the database) stops.
pub fn verdict<T>(result: afterview_app::Result<T>, field: &str) -> Checked<T> {
    use afterview_app::Error;
    let about_answer = |e: &Error| match e {
        Error::Invalid { field: Some(f), .. } => f == field,
        Error::NotFound { kind, .. } => kind.to_string() == field,
        _ => false,
    };
    match result {
        Ok(v) => Ok(Ok(v)),
        Err(e) if about_answer(&e) => {
            // The question on the line above names the field already.
            let text = crate::errors::describe(&e.into());
            let flag = format!("--{}: ", field.replace('_', "-"));
            Ok(Err(text.strip_prefix(&flag).map_or_else(|| text.clone(), str::to_owned)))
        }
        Err(e) => Err(e.into()),
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

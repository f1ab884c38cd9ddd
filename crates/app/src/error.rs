//! The one error type of the use cases. Each variant says what kind of
//! problem it is, so that every front end can word it its own way and pick
//! its own code: [`Error::exit_code`] for the command line,
//! [`Error::http_status`] for the web app.

use std::fmt;

use afterview_store::RecordKind;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An id that names nothing (of this user's).
    #[error("there is no {kind} {id}")]
    NotFound { kind: Kind, id: String },
    /// The request is well formed, but afterview will not do it.
    #[error("{reason}")]
    Refused { reason: String },
    /// A value the user gave is wrong; `field` names it (a command-line
    /// flag without its dashes, a form field, a setting's key), `problem`
    /// says what is wrong and `fix`, when the problem does not already, what
    /// would be right.
    #[error("{}", Self::invalid_text(field.as_deref(), problem, fix.as_deref()))]
    Invalid { field: Option<String>, problem: String, fix: Option<String> },
    /// The data changed under the request, or another writer held it.
    #[error("{reason}")]
    Conflict { reason: String },
    /// The machine's side failed: a disk, a database file.
    #[error(transparent)]
    Storage(afterview_store::Error),
}

/// What a not-found id was meant to name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Record(RecordKind),
    /// A task on the agenda, by its id.
    Task,
    /// A setting, by its dotted key.
    Setting,
    /// A word in the personal word list.
    Word,
    /// The calendar feed, by its secret address.
    Feed,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Record(r) => r.fmt(f),
            Self::Task => f.write_str("task"),
            Self::Setting => f.write_str("setting"),
            Self::Word => f.write_str("word"),
            Self::Feed => f.write_str("calendar feed"),
        }
    }
}

impl Error {
    pub fn refused(reason: impl Into<String>) -> Self {
        Self::Refused { reason: reason.into() }
    }

    /// A bad value in a named field; the problem says what would be right.
    pub fn invalid(field: &str, problem: impl fmt::Display) -> Self {
        Self::Invalid { field: Some(field.to_owned()), problem: problem.to_string(), fix: None }
    }

    /// A bad value in a named field, and what to give instead.
    pub fn invalid_with_fix(field: &str, problem: impl fmt::Display, fix: impl fmt::Display) -> Self {
        Self::Invalid {
            field: Some(field.to_owned()),
            problem: problem.to_string(),
            fix: Some(fix.to_string()),
        }
    }

    /// A value that is wrong as a whole (a file, an input document).
    pub fn invalid_input(problem: impl fmt::Display) -> Self {
        Self::Invalid { field: None, problem: problem.to_string(), fix: None }
    }

    pub fn not_found(kind: Kind, id: impl fmt::Display) -> Self {
        Self::NotFound { kind, id: id.to_string() }
    }

    fn invalid_text(field: Option<&str>, problem: &str, fix: Option<&str>) -> String {
        let mut text = match field {
            Some(f) => format!("{f}: {problem}"),
            None => problem.to_owned(),
        };
        if let Some(fix) = fix {
            text.push_str("; ");
            text.push_str(fix);
        }
        text
    }

    /// The command line's exit code: 2 for a bad value (bad usage), 1 for
    /// everything else that went wrong.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Invalid { .. } => 2,
            Self::NotFound { .. } | Self::Refused { .. } | Self::Conflict { .. } | Self::Storage(_) => 1,
        }
    }

    /// The web app's HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            Self::NotFound { .. } => 404,
            Self::Invalid { .. } => 422,
            Self::Refused { .. } | Self::Conflict { .. } => 409,
            Self::Storage(afterview_store::Error::Busy(_)) => 503,
            Self::Storage(_) => 500,
        }
    }
}

impl From<afterview_store::Error> for Error {
    fn from(e: afterview_store::Error) -> Self {
        match e {
            afterview_store::Error::NotFound { kind, id } => Self::NotFound { kind: Kind::Record(kind), id },
            afterview_store::Error::Invalid { reason } => Self::invalid_input(reason),
            afterview_store::Error::Busy(reason) => Self::Conflict {
                reason: format!("the data is busy with another afterview ({reason}); try again in a moment"),
            },
            other => Self::Storage(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_codes() {
        let nf = Error::not_found(Kind::Record(RecordKind::Application), "a7");
        assert_eq!(nf.to_string(), "there is no application a7");
        assert_eq!((nf.exit_code(), nf.http_status()), (1, 404));
        let bad =
            Error::invalid_with_fix("start", "\"soon\" is not a time", "give one such as 2026-11-20T14:00");
        assert_eq!(bad.to_string(), "start: \"soon\" is not a time; give one such as 2026-11-20T14:00");
        assert_eq!((bad.exit_code(), bad.http_status()), (2, 422));
        let io = Error::from(afterview_store::Error::io("/x", std::io::Error::other("disk full")));
        assert_eq!((io.exit_code(), io.http_status()), (1, 500), "a disk failure is not bad usage");
        let refused = Error::refused("no");
        assert_eq!((refused.exit_code(), refused.http_status()), (1, 409));
    }
}

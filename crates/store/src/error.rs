//! What can go wrong when keeping data. Worded for any front end: the
//! application layer adds what to do next (which command, which page).

use std::fmt;
use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The kinds of stored things an id can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Application,
    Person,
    Interview,
    Message,
    Outcome,
    /// An imported closure day, named by its date.
    Holiday,
    /// A user of a multi-user store.
    User,
    /// A person's consent to a coach (`afterview_store::coaching`).
    Grant,
}

impl RecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Application => "application",
            Self::Person => "person",
            Self::Interview => "interview",
            Self::Message => "message",
            Self::Outcome => "outcome",
            Self::Holiday => "imported closure day",
            Self::User => "user",
            Self::Grant => "coaching grant",
        }
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("there is no {kind} {id}")]
    NotFound { kind: RecordKind, id: String },
    /// What was asked to be stored does not hold together.
    #[error("{reason}")]
    Invalid { reason: String },
    #[error(
        "{location} was written by a newer afterview (schema version {found}; this one knows up to {known}). \
         Upgrade afterview to open it; nothing was changed."
    )]
    NewerSchema { location: String, found: i64, known: i64 },
    /// Another writer held the data for longer than the backend waits.
    #[error("the data is busy with another afterview ({0}); try again in a moment")]
    Busy(String),
    #[error("the database holds a value this afterview cannot read ({0}); restore a backup or report it")]
    Corrupt(String),
    /// The data can be read but not changed here: a read-only file or
    /// folder, or another user's lock files beside it.
    #[error(
        "cannot change {location}: {reason}; make the file and its folder writable by you to change anything (nothing was changed)"
    )]
    ReadOnly { location: String, reason: String },
    /// The stored data as a whole is damaged (truncated, overwritten, not a
    /// database at all), as opposed to one value that cannot be read.
    #[error("{} is damaged: {problem}; nothing was changed", if location.is_empty() { "the database" } else { location.as_str() })]
    Damaged { location: String, problem: String },
    /// The disk refused a write: full, over a size limit, or failing.
    #[error("{0}; free some space and try again (nothing was changed)")]
    Disk(String),
    #[error("database error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("{}", io_text(path, source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io { path: path.into(), source }
    }

    pub fn not_found(kind: RecordKind, id: impl fmt::Display) -> Self {
        Self::NotFound { kind, id: id.to_string() }
    }

    pub fn damaged(location: impl fmt::Display, problem: impl Into<String>) -> Self {
        Self::Damaged { location: location.to_string(), problem: problem.into() }
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::NotFound { .. })
    }
}

/// A failed file operation, with what would fix it when the cause is one a
/// user can do something about.
fn io_text(path: &std::path::Path, e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let fix = match e.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            "; make it (and its folder) writable by you, or use another folder"
        }
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge => {
            "; free some space and try again"
        }
        _ => "",
    };
    format!("{}: {e}{fix}", path.display())
}

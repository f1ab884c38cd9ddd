//! What can go wrong when keeping data, each phrased for the user.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("there is no {what} {id}; `afterview {command} list` shows the ones there are")]
    NotFound { what: &'static str, id: String, command: &'static str },
    #[error(
        "{path} was written by a newer afterview (schema version {found}; this one knows up to {known}). \
         Upgrade afterview to open it; nothing was changed."
    )]
    NewerSchema { path: PathBuf, found: i64, known: i64 },
    #[error("{0}")]
    Refused(String),
    #[error("the database holds a value this afterview cannot read ({0}); restore a backup or report it")]
    Corrupt(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Settings(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io { path: path.into(), source }
    }

    /// Whether the fault is the user's to fix (a missing id, a refusal), as
    /// opposed to the machine's.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::NotFound { .. })
    }
}

//! afterview's local storage: where its files live, the SQLite database
//! (versioned migrations, WAL, every write one transaction) and the settings
//! file. Nothing here decides anything; it keeps facts and gives them back.

mod db;
mod error;
mod paths;
mod schema;
pub mod settings_file;
pub mod words_file;

pub use db::{Store, Tx};
pub use error::{Error, Result};
pub use paths::{Paths, write_atomically};

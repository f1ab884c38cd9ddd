//! afterview's use cases: every front end (the CLI now, the web app and
//! the importers next) turns its input into a call of one of these
//! functions and renders the typed result; none of them decides a rule.
//! Each use case is a plain function over a store handle
//! ([`afterview_store::Store`]) and, where it matters, "today", so the
//! same call works over any backend and in tests.
//!
//! - [`record`]: applications, people, interviews, outcomes, messages
//! - [`agenda`]: the agenda, marking tasks, the calendar export, `plan`
//! - [`messages`]: checking notes, drafts, the word list and templates
//! - [`calendar`]: reading timelines (`when`) and imported closure days
//! - [`feed`]: the subscribable calendar feed and its secret
//! - [`setup`]: the demo and the settings
//! - [`export`]: the applications as CSV, the people as vCards, the
//!   proof-of-applications report
//! - [`snapshot`]: the whole data folder as one JSON file, and restoring it
//! - [`import`]: files the user already has (a spreadsheet, saved emails), previewed, then
//!   recorded in one transaction
//! - [`notify`]: the day's digest sent by email or ntfy push, once a day
//!   per task
//! - [`doctor`]: checking the database file, and restoring a backup
//! - [`local`]: the single-user installation on this computer
//! - [`accounts`]: a server's accounts: invitations, sign-up, logins, sessions, resets
//! - [`server`]: the multi-user installation on PostgreSQL, one user's home at a time
//! - [`coach`]: on a server, a coach who sees a person's pages read-only,
//!   with their consent
//!
//! Errors are one [`Error`] that knows its exit code and its HTTP status.

pub mod accounts;
pub mod agenda;
pub mod calendar;
pub mod coach;
pub mod doctor;
mod error;
pub mod export;
pub mod feed;
pub mod import;
pub mod local;
pub mod messages;
pub mod notify;
pub mod record;
pub mod server;
pub mod setup;
pub mod snapshot;

pub use error::{Error, Kind, Result};

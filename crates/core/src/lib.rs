//! The pure core of afterview: what a job seeker's follow-up world is made of
//! (applications, people, interviews, messages, outcomes), and the logic that
//! turns those facts into advice. Nothing in this crate reads the clock, the
//! disk or the network: "today" and every fact come in as parameters, so each
//! piece can be tested without setup and reused by the CLI and the web server.

pub mod agenda;
pub mod calendar;
pub mod check;
pub mod demo;
pub mod draft;
pub mod error;
pub mod export;
pub mod ics;
pub mod ids;
pub mod import;
pub mod kinds;
pub mod model;
pub mod notify;
pub mod plan;
pub mod plan_input;
pub mod settings;
pub mod suggest;
pub mod timeline;
pub mod values;

pub use error::{InvalidValue, UnknownValue};
pub use ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};

//! Errors for values a user typed: each one names the bad value and says what
//! would have been accepted, so the message alone tells the user the fix.

use std::fmt;

use crate::suggest::closest;

/// A word that is not one of a fixed set (a status, a stage, a kind…).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct UnknownValue {
    /// What the value was meant to be, e.g. "application status".
    pub what: &'static str,
    /// The value as the user typed it.
    pub given: String,
    /// Every accepted spelling.
    pub accepted: &'static [&'static str],
}

impl UnknownValue {
    pub fn new(what: &'static str, given: &str, accepted: &'static [&'static str]) -> Self {
        Self { what, given: given.to_owned(), accepted }
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" is not a known {}; use one of: {}",
            self.given,
            self.what,
            self.accepted.join(", ")
        )?;
        if let Some(near) = closest(&self.given, self.accepted.iter().copied()) {
            write!(f, " (did you mean \"{near}\"?)")?;
        }
        Ok(())
    }
}

/// A free-form value that failed validation (an email, a time zone, a date).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{given}\" is not {expected}")]
pub struct InvalidValue {
    pub given: String,
    /// What a valid value looks like, phrased to follow "is not", e.g.
    /// "an email address like name@example.com".
    pub expected: String,
}

impl InvalidValue {
    pub fn new(given: &str, expected: impl Into<String>) -> Self {
        Self { given: given.to_owned(), expected: expected.into() }
    }
}

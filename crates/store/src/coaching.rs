//! Coaching with consent, as stored: a person's grant to a coach (invited
//! by email, accepted by the coach's account, revoked by the person), the
//! record of every page a coach saw, and the comments a coach left on an
//! application. [`Coaching`] holds the storage primitives a multi-user
//! backend implements; the rules (who may see what, when a link expires,
//! what is hidden) are the use cases' in `afterview_app::coach`.
//!
//! Every primitive is scoped the way its caller must be: a person's calls
//! name the person, a coach's calls name the coach, and a grant that is
//! not theirs answers as one that does not exist.

use std::fmt;
use std::str::FromStr;

use afterview_core::ids::ApplicationId;
use jiff::Timestamp;

use crate::{Result, UserId};

/// One grant a person made to a coach. It prints as `g12` and parses with
/// or without the `g`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GrantId(pub i64);

impl GrantId {
    pub const PREFIX: char = 'g';
}

impl fmt::Display for GrantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", Self::PREFIX, self.0)
    }
}

/// A grant id that is not one (`"x7"`, `"0"`), with the form it takes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a coaching grant id such as g12")]
pub struct BadGrantId(pub String);

impl FromStr for GrantId {
    type Err = BadGrantId;

    fn from_str(s: &str) -> Result<Self, BadGrantId> {
        let t = s.trim();
        let digits = t.strip_prefix(['g', 'G']).unwrap_or(t);
        match digits.parse::<i64>() {
            Ok(n) if n > 0 => Ok(Self(n)),
            _ => Err(BadGrantId(s.to_owned())),
        }
    }
}

/// A coach as a grant, a view or a comment names them: their account while
/// it exists, and their name (a grant's the account's now; a view's or a
/// comment's the one they had then), kept after the account is removed, so
/// the person's record of who looked stays whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coach {
    /// `None` once the coach's account is gone.
    pub id: Option<UserId>,
    pub name: String,
}

/// A person's consent to one coach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub id: GrantId,
    /// Whose agenda and applications the coach sees.
    pub person: UserId,
    /// The person's name as their account has it now (their email when
    /// they gave no name).
    pub person_name: String,
    /// Whom the person invited.
    pub coach_email: String,
    /// Who accepted, once someone did.
    pub coach: Option<Coach>,
    /// Whether the coach sees message bodies (the notes of messages logged).
    pub share_bodies: bool,
    pub created_at: Timestamp,
    pub accepted_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

impl Grant {
    /// Whether `coach` may see the person's pages through this grant now:
    /// accepted by that coach's account, and not revoked.
    pub fn is_live_for(&self, coach: UserId) -> bool {
        self.accepted_at.is_some()
            && self.revoked_at.is_none()
            && self.coach.as_ref().is_some_and(|c| c.id == Some(coach))
    }
}

/// What a grant is made of when the person invites a coach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGrant<'a> {
    pub person: UserId,
    pub coach_email: &'a str,
    /// The SHA-256 of the link's token: the token itself is never stored.
    pub token_sha256: [u8; 32],
    pub share_bodies: bool,
    pub created_at: Timestamp,
}

/// What a coach saw. A persisted format: `agenda`, `applications`,
/// `application:a12`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Viewed {
    Agenda,
    Applications,
    Application(ApplicationId),
}

impl fmt::Display for Viewed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Agenda => f.write_str("agenda"),
            Self::Applications => f.write_str("applications"),
            Self::Application(id) => write!(f, "application:{id}"),
        }
    }
}

/// A stored `what` this build does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a page a coach sees (agenda, applications, application:a12)")]
pub struct BadViewed(pub String);

impl FromStr for Viewed {
    type Err = BadViewed;

    fn from_str(s: &str) -> Result<Self, BadViewed> {
        match s {
            "agenda" => Ok(Self::Agenda),
            "applications" => Ok(Self::Applications),
            _ => s
                .strip_prefix("application:")
                .and_then(|id| id.strip_prefix(ApplicationId::PREFIX))
                .and_then(|n| n.parse::<i64>().ok())
                .filter(|n| *n > 0)
                .map(|n| Self::Application(ApplicationId(n)))
                .ok_or_else(|| BadViewed(s.to_owned())),
        }
    }
}

/// One page a coach saw, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoachView {
    pub grant: GrantId,
    pub coach: Coach,
    pub at: Timestamp,
    pub what: Viewed,
}

/// A coach's comment on one of the person's applications.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: i64,
    pub application: ApplicationId,
    pub coach: Coach,
    pub body: String,
    pub at: Timestamp,
}

/// The storage of grants, views and comments. Every call is its own
/// transaction (nothing here spans two calls), and each answers only for
/// the person or coach it names.
pub trait Coaching {
    /// Stores a new, pending grant.
    fn add_grant(&self, new: &NewGrant<'_>) -> Result<Grant>;
    /// The grant whose link's token has this SHA-256, in any state.
    fn grant_by_token(&self, token_sha256: &[u8; 32]) -> Result<Option<Grant>>;
    /// One of the person's grants; another person's is
    /// [`crate::Error::NotFound`].
    fn grant(&self, person: UserId, id: GrantId) -> Result<Grant>;
    /// Every grant the person made, in any state, newest first.
    fn grants_given(&self, person: UserId) -> Result<Vec<Grant>>;
    /// The grants accepted by `coach` and not revoked, oldest first.
    fn grants_held(&self, coach: UserId) -> Result<Vec<Grant>>;
    /// Fills in the coach of a grant that is still pending (not accepted,
    /// not revoked, not the coach's own), keeping the coach's name as their
    /// account has it; `None` when it no longer is, so a link is used once
    /// even by two coaches at once.
    fn accept_grant(&self, id: GrantId, coach: UserId, at: Timestamp) -> Result<Option<Grant>>;
    /// Revokes one of the person's grants (one already revoked keeps its
    /// first time); another person's is [`crate::Error::NotFound`].
    fn revoke_grant(&self, person: UserId, id: GrantId, at: Timestamp) -> Result<Grant>;
    /// Whether the coach sees message bodies; another person's grant is
    /// [`crate::Error::NotFound`].
    fn set_share_bodies(&self, person: UserId, id: GrantId, share: bool) -> Result<Grant>;
    /// The grant, when it is live for `coach` (see [`Grant::is_live_for`]).
    fn live_grant(&self, coach: UserId, id: GrantId) -> Result<Option<Grant>>;
    /// Records that `coach` saw `what` through the grant, in the same
    /// statement that checks the grant is still live for them; `false`
    /// (nothing recorded) when it is not.
    fn record_view(&self, coach: UserId, id: GrantId, what: Viewed, at: Timestamp) -> Result<bool>;
    /// Every view of the person's pages, newest first.
    fn views(&self, person: UserId) -> Result<Vec<CoachView>>;
    /// Stores a comment by `coach` on the grant's person's application,
    /// checking in the same statement that the grant is live for the coach
    /// and the application the person's; `None` (nothing stored) otherwise.
    fn add_comment(
        &self,
        coach: UserId,
        id: GrantId,
        application: ApplicationId,
        body: &str,
        at: Timestamp,
    ) -> Result<Option<Comment>>;
    /// The comments on one of the person's applications, oldest first.
    fn comments(&self, person: UserId, application: ApplicationId) -> Result<Vec<Comment>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grant_ids_print_with_prefix_and_parse_either_way() {
        assert_eq!(GrantId(12).to_string(), "g12");
        assert_eq!("g12".parse(), Ok(GrantId(12)));
        assert_eq!(" 12".parse(), Ok(GrantId(12)));
        assert_eq!("G3".parse(), Ok(GrantId(3)));
        for bad in ["x7", "0", "-4", "g", ""] {
            assert!(bad.parse::<GrantId>().is_err(), "{bad}");
        }
        assert_eq!(
            "a1".parse::<GrantId>().unwrap_err().to_string(),
            "\"a1\" is not a coaching grant id such as g12"
        );
    }

    #[test]
    fn what_a_coach_saw_round_trips() {
        for v in [Viewed::Agenda, Viewed::Applications, Viewed::Application(ApplicationId(42))] {
            assert_eq!(v.to_string().parse(), Ok(v));
        }
        assert_eq!(Viewed::Application(ApplicationId(42)).to_string(), "application:a42");
        for bad in ["", "Agenda", "application:", "application:42", "application:a0", "application:a-1"] {
            assert!(bad.parse::<Viewed>().is_err(), "{bad}");
        }
    }
}

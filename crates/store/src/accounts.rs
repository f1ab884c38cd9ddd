//! The accounts of a multi-user server, as a storage trait: who may sign
//! in (an email, a name, a password hash, a role, whether disabled), the
//! links made for someone (an invitation to join, a password reset), the
//! sessions a browser holds, the failed logins the rate limits count, the
//! server's own settings, each user's settings text, and who an account's
//! owner is at an OpenID Connect provider ([`Subject`]).
//!
//! Only storage primitives live here; every rule (how long a link lasts,
//! how many tries are allowed, what a good password is) is a use case in
//! `afterview_app::accounts`. The store never sees a secret: links and
//! session tokens reach it as their SHA-256 ([`TokenHash`]), passwords as
//! their argon2id PHC string.
//!
//! Like [`crate::Store`], the trait is synchronous; every method is its own
//! transaction unless it says otherwise, and the few that must be atomic
//! (taking a link, removing a user) are one method each.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;

use crate::{Result, UserId};

/// What an account may do on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Role {
    /// Keeps their own job search.
    #[default]
    Member,
    /// Also invites people, resets passwords, disables and removes accounts.
    Admin,
}

impl Role {
    pub const ALL: [Role; 2] = [Role::Member, Role::Admin];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role that is neither `member` nor `admin`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a role; use member or admin")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, UnknownRole> {
        match s.trim().to_ascii_lowercase().as_str() {
            "member" => Ok(Self::Member),
            "admin" => Ok(Self::Admin),
            _ => Err(UnknownRole(s.to_owned())),
        }
    }
}

/// Someone who can sign in to the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: UserId,
    /// As it was given; found again in any capitalisation.
    pub email: String,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: Timestamp,
}

/// An account to create. `password_hash` is `None` for an account whose
/// owner has yet to set a password through a reset link (one an
/// administrator moved a data folder into): it cannot sign in until then.
#[derive(Debug, Clone, Copy)]
pub struct NewAccount<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub password_hash: Option<&'a str>,
}

/// The SHA-256 of a secret given to someone once (a session token, a
/// link's token): all the store ever keeps of it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TokenHash(pub [u8; 32]);

impl fmt::Debug for TokenHash {
    // Not a secret, but nothing a log needs either.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenHash(…)")
    }
}

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// An invitation: following it makes a new account.
    Join,
    /// A password reset for an account that exists.
    Reset,
}

impl Purpose {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Join => "join",
            Self::Reset => "reset",
        }
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A link as it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub purpose: Purpose,
    pub email: String,
    /// The role a join link gives (a reset link keeps the account's).
    pub role: Role,
    /// Whose password a reset link sets; `None` for a join link.
    pub user: Option<UserId>,
    pub created_by: Option<UserId>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub used_at: Option<Timestamp>,
}

/// What following a link does, done in the same transaction as taking it.
#[derive(Debug, Clone, Copy)]
pub enum Redeem<'a> {
    /// A join link: the account it invites, with this name and password.
    Join { name: &'a str, password_hash: &'a str },
    /// A reset link: the account's new password; every session it had ends.
    Reset { password_hash: &'a str },
}

/// What came of taking a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Taken {
    /// Taken now, and its account made or its password set.
    Done(Account),
    /// No link of that purpose has this token.
    Unknown,
    /// Taken before (perhaps a moment ago, by a click racing this one).
    Used(Timestamp),
    Expired(Timestamp),
    /// A join link for an email that has an account by now.
    EmailTaken,
}

/// Who someone is at an OpenID Connect provider: its issuer and the
/// subject (`sub`) it names them by, which it never gives anyone else
/// (an email address may be given to a new person; a subject is not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub issuer: String,
    pub subject: String,
}

/// A session as a request finds it: whose, its CSRF token and when it ends
/// at the latest. (Its `Debug` leaves the CSRF token out.)
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    pub account: Account,
    pub csrf: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("account", &self.account)
            .field("created_at", &self.created_at)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// What a failed login counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailureScope {
    /// One account, by its email (known to the server or not).
    Account,
    /// One network address.
    Address,
}

impl FailureScope {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Account => "account",
            Self::Address => "address",
        }
    }
}

/// The storage of accounts, links, sessions, login failures and the
/// server's settings (see the module's documentation).
pub trait Accounts {
    /// Makes an account; `None` when the email already has one (in any
    /// capitalisation).
    fn create_account(&self, new: &NewAccount<'_>, now: Timestamp) -> Result<Option<Account>>;
    /// The account of a user; `None` for a user that is no account (one
    /// made before accounts existed) or none at all.
    fn account(&self, user: UserId) -> Result<Option<Account>>;
    /// The account with this email, in any capitalisation.
    fn account_by_email(&self, email: &str) -> Result<Option<Account>>;
    /// Every account, by id.
    fn accounts(&self) -> Result<Vec<Account>>;
    /// The account's password as its PHC string, if it has one.
    fn password_hash(&self, user: UserId) -> Result<Option<String>>;
    /// Sets an account's password hash (not found when there is no such account).
    fn set_password_hash(&self, user: UserId, hash: &str) -> Result<()>;
    fn set_name(&self, user: UserId, name: &str) -> Result<()>;
    /// Disables an account (its sessions end in the same transaction; the
    /// moment is the database's own), or enables it again.
    fn set_disabled(&self, user: UserId, disabled: bool) -> Result<()>;
    /// Erases a user: every row of every table that is theirs, their
    /// sessions and links, the links made for their email and the failed
    /// logins counted against it, in one transaction. Links they made for
    /// others stay, made by nobody.
    fn remove_user(&self, user: UserId) -> Result<()>;

    /// Keeps a link made for someone.
    fn create_invitation(&self, token: &TokenHash, invitation: &Invitation) -> Result<()>;
    /// A link of this purpose, as stored (used or not).
    fn invitation(&self, token: &TokenHash, purpose: Purpose) -> Result<Option<Invitation>>;
    /// Takes a link, if it is unused and unexpired at `now`, and does what
    /// it is for, all in one transaction: of two takings at once, exactly
    /// one is [`Taken::Done`].
    fn take_invitation(
        &self,
        token: &TokenHash,
        purpose: Purpose,
        redeem: Redeem<'_>,
        now: Timestamp,
    ) -> Result<Taken>;

    /// Takes the newest unused, unexpired join link made for this email
    /// (in any capitalisation) for someone an identity provider vouches
    /// for: the account it invites, with this name and no password, and
    /// every pending join link for the email used, in one transaction.
    /// [`Taken::Unknown`] when no such link is pending.
    fn take_invitation_for(&self, email: &str, name: &str, now: Timestamp) -> Result<Taken>;

    /// The subject (`sub`) an identity provider (its issuer) names the
    /// account's owner by, when one was recorded.
    fn subject(&self, user: UserId, issuer: &str) -> Result<Option<String>>;
    /// The account a provider's subject is recorded beside.
    fn account_by_subject(&self, subject: &Subject) -> Result<Option<Account>>;
    /// Records a provider's subject beside an account, in place of any
    /// other of that issuer; `false` (and nothing changed) when another
    /// account holds it already; not found when there is no such account.
    fn set_subject(&self, user: UserId, subject: &Subject) -> Result<bool>;

    /// Opens a session until `expires_at` at the latest (the user's
    /// sessions that have ended are dropped on the way).
    fn create_session(
        &self,
        token: &TokenHash,
        user: UserId,
        csrf: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<()>;
    /// The session of a token, if it was seen at or after `idle_since`,
    /// ends after `now` and its account is not disabled; it is seen now.
    fn touch_session(
        &self,
        token: &TokenHash,
        now: Timestamp,
        idle_since: Timestamp,
    ) -> Result<Option<Session>>;
    fn delete_session(&self, token: &TokenHash) -> Result<()>;
    /// Ends every session of a user; returns how many there were.
    fn delete_sessions(&self, user: UserId) -> Result<usize>;

    /// Records a failed login at `at`, and forgets those before `forget_before`.
    fn record_failure(
        &self,
        scope: FailureScope,
        key: &str,
        at: Timestamp,
        forget_before: Timestamp,
    ) -> Result<()>;
    /// The failed logins of a key after `since` (a window's start is out
    /// of it), oldest first.
    fn failures_since(&self, scope: FailureScope, key: &str, since: Timestamp) -> Result<Vec<Timestamp>>;
    /// Forgets a key's failed logins (after a login that worked).
    fn clear_failures(&self, scope: FailureScope, key: &str) -> Result<()>;

    /// One of the server's own settings (such as whether anyone may sign up).
    fn server_setting(&self, key: &str) -> Result<Option<String>>;
    fn set_server_setting(&self, key: &str, value: &str) -> Result<()>;

    /// A user's own settings, as the text of a settings file.
    fn settings_text(&self, user: UserId) -> Result<Option<String>>;
    /// Changes a user's settings text in one transaction that holds it
    /// against other changes: `edit` gets the text as it is and returns the
    /// new text and an answer; when it fails, nothing changes.
    fn edit_settings_text<T, E: From<crate::Error>>(
        &self,
        user: UserId,
        edit: impl FnOnce(Option<&str>) -> Result<(String, T), E>,
    ) -> Result<T, E>;
}

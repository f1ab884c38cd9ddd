//! The accounts of a multi-user server, as use cases: invitations and open
//! sign-up, logging in (rate-limited per account and per address, in the
//! database so every server process counts the same tries), sessions with
//! an idle and an absolute end, password resets by a link an administrator
//! makes, and the administrator's list, disabling and erasure.
//!
//! Secrets are made here and given out once: a session token or a link's
//! token is 32 random bytes as 64 hex digits, and the store keeps only
//! their SHA-256. Passwords are hashed with argon2id at its default
//! (OWASP's) parameters; a login for an email nobody has is checked against
//! a fixed hash all the same, so it costs the same time as a wrong
//! password, and both get the same answer.
//!
//! An institution's identity provider may vouch for people instead
//! ([`log_in_verified`]): the web app checks the provider's signed answer,
//! and the account is found by the email it verified, or made when the
//! administrator allows it.
//!
//! No clock is read here: `now` is a parameter, so tests move time instead
//! of waiting.

use std::net::IpAddr;

use afterview_core::values::Email;
use afterview_store::accounts::{Accounts, FailureScope, Invitation, NewAccount, Redeem, Taken, TokenHash};
use afterview_store::{RecordKind, UserId};
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use jiff::{SignedDuration, Timestamp};
use sha2::{Digest, Sha256};

pub use afterview_store::accounts::{Account, Purpose, Role, Subject};

use crate::error::{Error, Kind, Result};

/// How long an invitation to join stays good.
pub const INVITATION_LASTS: SignedDuration = SignedDuration::from_hours(7 * 24);
/// How long a password reset link stays good.
pub const RESET_LASTS: SignedDuration = SignedDuration::from_hours(24);
/// A session not used for this long has ended.
pub const IDLE_END: SignedDuration = SignedDuration::from_hours(14 * 24);
/// A session ends this long after it was opened, however much it is used.
pub const ABSOLUTE_END: SignedDuration = SignedDuration::from_hours(30 * 24);
/// The window the login rate limits count failures in.
pub const TRIES_WINDOW: SignedDuration = SignedDuration::from_mins(15);
/// Failed logins allowed per account (by its email) in [`TRIES_WINDOW`].
pub const TRIES_PER_ACCOUNT: usize = 5;
/// Failed logins allowed per network address in [`TRIES_WINDOW`].
pub const TRIES_PER_ADDRESS: usize = 30;
/// The fewest and most characters of a password.
pub const PASSWORD_CHARS: (usize, usize) = (10, 200);

/// The server setting that lets anyone make an account.
const OPEN_SIGN_UP: &str = "open_sign_up";

/// The one answer to a wrong email and to a wrong password.
pub const NO_MATCH: &str = "that email and password do not match an account";

/// A session just opened: `token` goes into the cookie and is never shown again.
/// (Its `Debug` leaves the token and the CSRF token out, so no log holds them.)
#[derive(Clone)]
pub struct Opened {
    pub account: Account,
    pub token: String,
    pub csrf: String,
    /// When it ends unless used again (the idle end; never after the absolute one).
    pub expires_at: Timestamp,
}

/// The session a cookie names.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub account: Account,
    pub csrf: String,
    /// When it ends unless used again (the idle end; never after the absolute one).
    pub expires_at: Timestamp,
}

/// A link made for someone: `url_path` is "/join/TOKEN" or "/reset/TOKEN".
#[derive(Clone)]
pub struct Link {
    pub purpose: Purpose,
    pub email: String,
    pub url_path: String,
    pub expires_at: Timestamp,
}

/// What a link is for, checked (a used, expired or unknown one is
/// [`Error::Refused`] saying which and what to do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub purpose: Purpose,
    pub email: String,
    pub role: Role,
    pub expires_at: Timestamp,
}

impl std::fmt::Debug for Opened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opened")
            .field("account", &self.account)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn")
            .field("account", &self.account)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Link")
            .field("purpose", &self.purpose)
            .field("email", &self.email)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

// ----- secrets ---------------------------------------------------------------

/// 32 random bytes from the operating system.
fn random_bytes() -> Result<[u8; 32]> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::Storage(afterview_store::Error::Backend(
            format!("the system's random number source failed ({e}); try again").into(),
        ))
    })?;
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new secret: the text given out, and the hash kept.
fn new_secret() -> Result<(String, TokenHash)> {
    let bytes = random_bytes()?;
    Ok((hex(&bytes), TokenHash(Sha256::digest(bytes).into())))
}

/// The hash a secret given out is kept as; `None` when it cannot be one
/// of ours (not 64 hex digits), so nothing needs looking up.
fn token_hash(token: &str) -> Option<TokenHash> {
    let t = token.trim().as_bytes();
    if t.len() != 64 {
        return None;
    }
    let mut bytes = [0u8; 32];
    for (i, pair) in t.chunks(2).enumerate() {
        let text = std::str::from_utf8(pair).ok()?;
        bytes[i] = u8::from_str_radix(text, 16).ok()?;
    }
    Some(TokenHash(Sha256::digest(bytes).into()))
}

// ----- passwords -------------------------------------------------------------

/// A hash of a password nobody has, made with the same parameters as every
/// real one: a login for an email without an account (or without a
/// password yet) is checked against it, so it takes as long as a real one.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdC1mb3Itbm8tb25lLXJlYWw$BCbJ+2HqNpZbFKdzKhDxmgbEhRNjgsD5iyTPjZNUNsQ";

/// The passwords tried first (of at least [`PASSWORD_CHARS`]`.0`
/// characters; shorter ones are refused anyway), in lower case.
const COMMON_PASSWORDS: &[&str] = &[
    "1234567890",
    "0987654321",
    "12345678910",
    "123456789a",
    "1234567890a",
    "a123456789",
    "123123123123",
    "1111111111",
    "0000000000",
    "1q2w3e4r5t",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "zaq12wsxcde3",
    "qazwsxedcrfv",
    "qwertyuiop",
    "qwerty1234",
    "qwerty12345",
    "qwerty123456",
    "asdfghjkl1",
    "password12",
    "password123",
    "password1234",
    "password12345",
    "passw0rd123",
    "p@ssw0rd123",
    "iloveyou12",
    "iloveyou123",
    "letmein123",
    "welcome123",
    "welcome1234",
    "changeme123",
    "administrator",
    "abcdefghij",
    "abcd123456",
    "abc1234567",
    "a1b2c3d4e5",
    "princess123",
    "football123",
    "baseball123",
    "sunshine123",
    "trustno1234",
    "monkey12345",
    "dragon12345",
    "michael123",
    "superman123",
    "starwars123",
    "1234qwerty",
    "afterview123",
];

fn argon2() -> argon2::Argon2<'static> {
    argon2::Argon2::default()
}

/// The PHC string of a password, with a new random salt.
fn hash_password(password: &str) -> Result<String> {
    let salt = random_bytes()?;
    argon2().hash_password_with_salt(password.as_bytes(), &salt[..16]).map(|h| h.to_string()).map_err(|e| {
        Error::Storage(afterview_store::Error::Backend(format!("hashing a password failed ({e})").into()))
    })
}

/// Whether `password` is the one `hash` was made of; checked against the
/// dummy hash when there is none, so it costs the same either way.
fn password_matches(password: &str, hash: Option<&str>) -> bool {
    let matched = argon2().verify_password(password.as_bytes(), hash.unwrap_or(DUMMY_HASH)).is_ok();
    matched && hash.is_some()
}

/// The password policy: [`PASSWORD_CHARS`] characters, not the email, not
/// one of the most common passwords.
pub fn check_password(password: &str, email: &str) -> Result<()> {
    let (fewest, most) = PASSWORD_CHARS;
    let chars = password.chars().count();
    if chars < fewest {
        return Err(Error::invalid(
            "password",
            format!(
                "a password needs at least {fewest} characters (this one has {chars}); a few words make a good one"
            ),
        ));
    }
    if chars > most {
        return Err(Error::invalid("password", format!("a password can have at most {most} characters")));
    }
    let lower = password.to_lowercase();
    let email = email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or("");
    if lower == email || lower == local {
        return Err(Error::invalid("password", "a password cannot be your email address; choose another"));
    }
    let mut distinct: Vec<char> = lower.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if COMMON_PASSWORDS.contains(&lower.as_str()) || distinct.len() < 3 {
        return Err(Error::invalid(
            "password",
            "that password is one of the most common ones, which are tried first; choose another",
        ));
    }
    Ok(())
}

fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", "give your name, as your messages are signed"));
    }
    if name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(Error::invalid("name", "a name is one line of at most 200 characters"));
    }
    Ok(name.to_owned())
}

fn check_email(email: &str) -> Result<String> {
    email.parse::<Email>().map(|e| e.as_str().to_owned()).map_err(|e| Error::invalid("email", e))
}

// ----- rate limits -----------------------------------------------------------

/// What an account's failures are counted under: the SHA-256 of its email
/// in lower case, so an address typed at the login form is not kept.
fn account_key(email: &str) -> String {
    hex(&Sha256::digest(email.trim().to_lowercase().as_bytes()))
}

/// What an address's failures are counted under: an IPv4 address, or an
/// IPv6 one's /64 (one machine is usually given a whole /64).
fn address_key(from: IpAddr) -> String {
    match from {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// Refused when `key` has `limit` failures in the window before `now`,
/// saying how long until one of them falls out of it.
fn within_limit(
    acc: &impl Accounts,
    scope: FailureScope,
    key: &str,
    limit: usize,
    now: Timestamp,
) -> Result<()> {
    let times = acc.failures_since(scope, key, now - TRIES_WINDOW)?;
    if times.len() < limit {
        return Ok(());
    }
    // The try is allowed again when all but `limit - 1` have left the window.
    let frees_at = times[times.len() - limit] + TRIES_WINDOW;
    let secs = frees_at.duration_since(now).as_secs().max(1);
    let minutes = (secs + 59) / 60;
    Err(Error::refused(format!(
        "too many tries; try again in {minutes} minute{}",
        if minutes == 1 { "" } else { "s" }
    )))
}

fn record_failure(acc: &impl Accounts, scope: FailureScope, key: &str, now: Timestamp) -> Result<()> {
    Ok(acc.record_failure(scope, key, now, now - TRIES_WINDOW)?)
}

// ----- sessions --------------------------------------------------------------

fn open_session(acc: &impl Accounts, account: Account, now: Timestamp) -> Result<Opened> {
    let (token, hash) = new_secret()?;
    let (csrf, _) = new_secret()?;
    acc.create_session(&hash, account.id, &csrf, now, now + ABSOLUTE_END)?;
    Ok(Opened { account, token, csrf, expires_at: now + IDLE_END.min(ABSOLUTE_END) })
}

/// The session a cookie's token names, seen now: `None` when there is
/// none, it has been idle for [`IDLE_END`], it is [`ABSOLUTE_END`] old, or
/// its account is disabled.
pub fn session(acc: &impl Accounts, token: &str, now: Timestamp) -> Result<Option<SignedIn>> {
    let Some(hash) = token_hash(token) else { return Ok(None) };
    Ok(acc.touch_session(&hash, now, now - IDLE_END)?.map(|s| SignedIn {
        account: s.account,
        csrf: s.csrf,
        expires_at: (now + IDLE_END).min(s.expires_at),
    }))
}

/// Ends the session a token names (nothing when there is none).
pub fn log_out(acc: &impl Accounts, token: &str) -> Result<()> {
    match token_hash(token) {
        Some(hash) => Ok(acc.delete_session(&hash)?),
        None => Ok(()),
    }
}

/// Ends every session of a user, this one too; returns how many ended.
pub fn log_out_everywhere(acc: &impl Accounts, user: UserId) -> Result<usize> {
    Ok(acc.delete_sessions(user)?)
}

/// Opens a session for the account with this email and password.
///
/// Refused with [`NO_MATCH`] for an unknown email and for a wrong password
/// alike (both cost one argon2 check), and with "too many tries" after
/// [`TRIES_PER_ACCOUNT`] failures for one email or [`TRIES_PER_ADDRESS`]
/// from one address in [`TRIES_WINDOW`]; a refused try is not counted, so
/// the wait it names is the real one.
pub fn log_in(
    acc: &impl Accounts,
    email: &str,
    password: &str,
    from: IpAddr,
    now: Timestamp,
) -> Result<Opened> {
    let (account_key, address_key) = (account_key(email), address_key(from));
    within_limit(acc, FailureScope::Address, &address_key, TRIES_PER_ADDRESS, now)?;
    within_limit(acc, FailureScope::Account, &account_key, TRIES_PER_ACCOUNT, now)?;
    let account = acc.account_by_email(email)?;
    let hash = match &account {
        Some(a) => acc.password_hash(a.id)?,
        None => None,
    };
    // One argon2 check whether or not the account exists (a missing one
    // is checked against the dummy hash).
    let matched = password_matches(password, hash.as_deref());
    let account = match account {
        Some(a) if matched => a,
        _ => {
            record_failure(acc, FailureScope::Account, &account_key, now)?;
            record_failure(acc, FailureScope::Address, &address_key, now)?;
            return Err(Error::refused(NO_MATCH));
        }
    };
    if account.disabled {
        return Err(Error::refused(
            "this account is disabled; ask the server's administrator to enable it again",
        ));
    }
    acc.clear_failures(FailureScope::Account, &account_key)?;
    open_session(acc, account, now)
}

// ----- identity providers ----------------------------------------------------

/// Someone an OpenID Connect provider vouches for, its signature checked:
/// the email it says it verified, the name it gives (perhaps empty), and
/// who they are there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub email: String,
    pub name: String,
    pub subject: Subject,
}

/// Refused when the address has had [`TRIES_PER_ADDRESS`] failed tries in
/// [`TRIES_WINDOW`] (a front end asks before it spends work on a try).
pub fn may_try_from(acc: &impl Accounts, from: IpAddr, now: Timestamp) -> Result<()> {
    within_limit(acc, FailureScope::Address, &address_key(from), TRIES_PER_ADDRESS, now)
}

/// Counts a failed try against the address: a sign-in a provider's answer
/// did not bear out (a wrong code, a token that is not the provider's).
pub fn failed_try_from(acc: &impl Accounts, from: IpAddr, now: Timestamp) -> Result<()> {
    record_failure(acc, FailureScope::Address, &address_key(from), now)
}

/// Whether the email's domain is one of `domains` (exactly, in any
/// capitalisation; a leading `@` in one is ignored).
fn domain_allowed(email: &str, domains: &[String]) -> bool {
    let Some((_, domain)) = email.trim().rsplit_once('@') else { return false };
    domains.iter().any(|d| {
        let d = d.trim().trim_start_matches('@');
        !d.is_empty() && d.eq_ignore_ascii_case(domain)
    })
}

/// Opens a session for someone an identity provider vouches for, found
/// by the email it verified (in any capitalisation).
///
/// An account that does not exist yet is made: by an invitation still
/// pending for the email (with its role; the invitation is used up), or
/// as a member when open sign-up is on or the email's domain is one of
/// `allowed_domains`; otherwise refused, saying to ask for an invitation.
/// A disabled account is refused. The provider's subject is recorded
/// beside the account the first time; a later sign-in for the same email
/// under another subject (the address given to someone new) is refused.
pub fn log_in_verified(
    acc: &impl Accounts,
    who: &Verified,
    allowed_domains: &[String],
    from: IpAddr,
    now: Timestamp,
) -> Result<Opened> {
    may_try_from(acc, from, now)?;
    let email = check_email(&who.email)?;
    let account = match acc.account_by_email(&email)? {
        Some(account) => account,
        None => match new_verified_account(acc, who, &email, allowed_domains, now)? {
            Some(account) => account,
            // Made by a sign-in racing this one: theirs is found now.
            None => acc.account_by_email(&email)?.ok_or_else(|| no_account(&email))?,
        },
    };
    if account.disabled {
        return Err(Error::refused(
            "this account is disabled; ask the server's administrator to enable it again",
        ));
    }
    match acc.subject(account.id, &who.subject.issuer)? {
        Some(known) if known == who.subject.subject => {}
        Some(_) => {
            return Err(Error::refused(format!(
                "the account for {} here was made by someone your identity provider knows as another \
                 person (was this address given to someone new?); nothing was opened: ask your career \
                 service to sort it out",
                account.email
            )));
        }
        None => {
            if !acc.set_subject(account.id, &who.subject)? {
                return Err(Error::refused(
                    "your sign-in at the identity provider belongs to another account here already; \
                     ask your career service to sort it out",
                ));
            }
        }
    }
    open_session(acc, account, now)
}

fn no_account(email: &str) -> Error {
    Error::refused(format!(
        "there is no account here for {email}, and this server does not make one by itself; \
         ask your career service for an invitation"
    ))
}

/// The account a first sign-in through the provider makes, if it may;
/// `None` when the email got one meanwhile.
fn new_verified_account(
    acc: &impl Accounts,
    who: &Verified,
    email: &str,
    allowed_domains: &[String],
    now: Timestamp,
) -> Result<Option<Account>> {
    if acc.account_by_subject(&who.subject)?.is_some() {
        // The person has an account under the address the provider gave
        // before; a second one would split their job search in two.
        return Err(Error::refused(format!(
            "your account here was made under another email address than {email}; \
             ask your career service to change it to this one"
        )));
    }
    let name = check_name(&who.name).unwrap_or_else(|_| email.split('@').next().unwrap_or(email).to_owned());
    match acc.take_invitation_for(email, &name, now)? {
        Taken::Done(account) => return Ok(Some(account)),
        Taken::EmailTaken => return Ok(None),
        Taken::Unknown | Taken::Used(_) | Taken::Expired(_) => {}
    }
    if !open_sign_up(acc)? && !domain_allowed(email, allowed_domains) {
        return Err(no_account(email));
    }
    let new = NewAccount { email, name: &name, role: Role::Member, password_hash: None };
    acc.create_account(&new, now).map_err(Into::into)
}

// ----- links -----------------------------------------------------------------

fn when(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// What is wrong with a link that cannot be followed, and what to do.
fn link_refused(purpose: Purpose, taken: &Taken) -> Error {
    let again = match purpose {
        Purpose::Join => "ask whoever invited you for a new invitation",
        Purpose::Reset => "ask the server's administrator for a new reset link",
    };
    Error::refused(match taken {
        Taken::Unknown | Taken::Done(_) => format!(
            "this link is not one this server made (it may be cut short: copy the whole link), or its account is gone; {again}"
        ),
        Taken::Used(at) => format!("this link was used already ({}); log in, or {again}", when(*at)),
        Taken::Expired(at) => format!("this link expired on {}; {again}", when(*at)),
        Taken::EmailTaken => "there is already an account with this link's email; log in instead".to_owned(),
    })
}

fn make_link(
    acc: &impl Accounts,
    purpose: Purpose,
    email: &str,
    role: Role,
    user: Option<UserId>,
    by: Option<UserId>,
    now: Timestamp,
) -> Result<Link> {
    let (token, hash) = new_secret()?;
    let lasts = match purpose {
        Purpose::Join => INVITATION_LASTS,
        Purpose::Reset => RESET_LASTS,
    };
    let invitation = Invitation {
        purpose,
        email: email.to_owned(),
        role,
        user,
        created_by: by,
        created_at: now,
        expires_at: now + lasts,
        used_at: None,
    };
    acc.create_invitation(&hash, &invitation)?;
    Ok(Link {
        purpose,
        email: email.to_owned(),
        url_path: format!("/{purpose}/{token}"),
        expires_at: now + lasts,
    })
}

/// An invitation to join with this role, good for [`INVITATION_LASTS`].
/// Refused for an email that has an account (a reset link lets its owner
/// back in).
pub fn invite(
    acc: &impl Accounts,
    by: Option<UserId>,
    email: &str,
    role: Role,
    now: Timestamp,
) -> Result<Link> {
    let email = check_email(email)?;
    if acc.account_by_email(&email)?.is_some() {
        return Err(Error::refused(format!(
            "there is already an account for {email}; make a password reset link for it instead"
        )));
    }
    make_link(acc, Purpose::Join, &email, role, None, by, now)
}

/// What the link with this token is for, if it can be followed at `now`.
pub fn pending(acc: &impl Accounts, purpose: Purpose, token: &str, now: Timestamp) -> Result<Pending> {
    let found = match token_hash(token) {
        Some(hash) => acc.invitation(&hash, purpose)?,
        None => None,
    };
    let Some(i) = found else { return Err(link_refused(purpose, &Taken::Unknown)) };
    if let Some(at) = i.used_at {
        return Err(link_refused(purpose, &Taken::Used(at)));
    }
    if i.expires_at <= now {
        return Err(link_refused(purpose, &Taken::Expired(i.expires_at)));
    }
    Ok(Pending { purpose, email: i.email, role: i.role, expires_at: i.expires_at })
}

/// Checks a link before its password is hashed (which takes a while); an
/// unknown token counts as a failed try of the address.
fn pending_from(
    acc: &impl Accounts,
    purpose: Purpose,
    token: &str,
    from: IpAddr,
    now: Timestamp,
) -> Result<Pending> {
    let address = address_key(from);
    within_limit(acc, FailureScope::Address, &address, TRIES_PER_ADDRESS, now)?;
    pending(acc, purpose, token, now).inspect_err(|_| {
        let _ = record_failure(acc, FailureScope::Address, &address, now);
    })
}

/// Follows an invitation: the account it invites, with this name and
/// password, signed in. The link works once, even clicked twice at once.
pub fn join(
    acc: &impl Accounts,
    token: &str,
    name: &str,
    password: &str,
    from: IpAddr,
    now: Timestamp,
) -> Result<Opened> {
    let p = pending_from(acc, Purpose::Join, token, from, now)?;
    let name = check_name(name)?;
    check_password(password, &p.email)?;
    let password_hash = hash_password(password)?;
    let hash = token_hash(token).ok_or_else(|| link_refused(Purpose::Join, &Taken::Unknown))?;
    let redeem = Redeem::Join { name: &name, password_hash: &password_hash };
    match acc.take_invitation(&hash, Purpose::Join, redeem, now)? {
        Taken::Done(account) => open_session(acc, account, now),
        other => Err(link_refused(Purpose::Join, &other)),
    }
}

/// Whether anyone may make an account without an invitation.
pub fn open_sign_up(acc: &impl Accounts) -> Result<bool> {
    Ok(acc.server_setting(OPEN_SIGN_UP)?.as_deref() == Some("true"))
}

pub fn set_open_sign_up(acc: &impl Accounts, open: bool) -> Result<()> {
    Ok(acc.set_server_setting(OPEN_SIGN_UP, if open { "true" } else { "false" })?)
}

/// Makes a member's account without an invitation, signed in; refused
/// unless open sign-up is on. An email already taken counts as a failed
/// try of the address (so the form cannot list who has an account quickly).
pub fn sign_up(
    acc: &impl Accounts,
    email: &str,
    name: &str,
    password: &str,
    from: IpAddr,
    now: Timestamp,
) -> Result<Opened> {
    if !open_sign_up(acc)? {
        return Err(Error::refused(
            "this server does not take sign-ups; ask its administrator for an invitation",
        ));
    }
    let address = address_key(from);
    within_limit(acc, FailureScope::Address, &address, TRIES_PER_ADDRESS, now)?;
    let email = check_email(email)?;
    let name = check_name(name)?;
    check_password(password, &email)?;
    let password_hash = hash_password(password)?;
    let new =
        NewAccount { email: &email, name: &name, role: Role::Member, password_hash: Some(&password_hash) };
    match acc.create_account(&new, now)? {
        Some(account) => open_session(acc, account, now),
        None => {
            record_failure(acc, FailureScope::Address, &address, now)?;
            Err(Error::refused(
                "there is already an account with that email; log in, or ask the administrator for a reset link",
            ))
        }
    }
}

fn by_email(acc: &impl Accounts, email: &str) -> Result<Account> {
    acc.account_by_email(email)?.ok_or_else(|| Error::not_found(Kind::Record(RecordKind::User), email.trim()))
}

fn by_id(acc: &impl Accounts, user: UserId) -> Result<Account> {
    acc.account(user)?.ok_or_else(|| Error::not_found(Kind::Record(RecordKind::User), user))
}

/// A password reset link for an account, good for [`RESET_LASTS`];
/// refused for a disabled one (enable it first).
pub fn reset_link(acc: &impl Accounts, email: &str, now: Timestamp) -> Result<Link> {
    let account = by_email(acc, email)?;
    if account.disabled {
        return Err(Error::refused(format!(
            "the account of {} is disabled; enable it first, then make its reset link",
            account.email
        )));
    }
    make_link(acc, Purpose::Reset, &account.email, account.role, Some(account.id), None, now)
}

/// Follows a reset link: the account's new password, every session it had
/// ended, and a new one opened.
pub fn reset(
    acc: &impl Accounts,
    token: &str,
    password: &str,
    from: IpAddr,
    now: Timestamp,
) -> Result<Opened> {
    let p = pending_from(acc, Purpose::Reset, token, from, now)?;
    check_password(password, &p.email)?;
    let password_hash = hash_password(password)?;
    let hash = token_hash(token).ok_or_else(|| link_refused(Purpose::Reset, &Taken::Unknown))?;
    match acc.take_invitation(&hash, Purpose::Reset, Redeem::Reset { password_hash: &password_hash }, now)? {
        Taken::Done(account) if account.disabled => Err(Error::refused(
            "the password is set, but this account is disabled; ask the server's administrator to enable it again",
        )),
        Taken::Done(account) => {
            acc.clear_failures(FailureScope::Account, &account_key(&account.email))?;
            open_session(acc, account, now)
        }
        other => Err(link_refused(Purpose::Reset, &other)),
    }
}

/// Changes a signed-in user's password, given the current one (a wrong
/// one counts against the account's tries, as a login's does).
pub fn change_password(
    acc: &impl Accounts,
    user: UserId,
    current: &str,
    new: &str,
    now: Timestamp,
) -> Result<()> {
    let account = by_id(acc, user)?;
    let key = account_key(&account.email);
    within_limit(acc, FailureScope::Account, &key, TRIES_PER_ACCOUNT, now)?;
    if !password_matches(current, acc.password_hash(user)?.as_deref()) {
        record_failure(acc, FailureScope::Account, &key, now)?;
        return Err(Error::invalid("current", "that is not your current password"));
    }
    check_password(new, &account.email)?;
    Ok(acc.set_password_hash(user, &hash_password(new)?)?)
}

/// Changes the name an account goes by.
pub fn set_name(acc: &impl Accounts, user: UserId, name: &str) -> Result<Account> {
    let name = check_name(name)?;
    acc.set_name(user, &name)?;
    by_id(acc, user)
}

/// Every account, by id.
pub fn users(acc: &impl Accounts) -> Result<Vec<Account>> {
    Ok(acc.accounts()?)
}

/// Disables an account (its sessions end at once) or enables it again.
pub fn set_disabled(acc: &impl Accounts, email: &str, disabled: bool) -> Result<Account> {
    let account = by_email(acc, email)?;
    acc.set_disabled(account.id, disabled)?;
    by_id(acc, account.id)
}

/// Erases an account and every row of it; returns what it was.
pub fn remove(acc: &impl Accounts, email: &str) -> Result<Account> {
    let account = by_email(acc, email)?;
    erase(acc, &account)?;
    Ok(account)
}

fn erase(acc: &impl Accounts, account: &Account) -> Result<()> {
    // Counted failures are not rows of the user; they go too (a quarter of
    // an hour later they would anyway).
    acc.clear_failures(FailureScope::Account, &account_key(&account.email))?;
    Ok(acc.remove_user(account.id)?)
}

/// Erases the signed-in user's own account, given its password.
pub fn remove_self(acc: &impl Accounts, user: UserId, password: &str) -> Result<()> {
    let account = by_id(acc, user)?;
    if !password_matches(password, acc.password_hash(user)?.as_deref()) {
        return Err(Error::invalid("password", "that is not your password; nothing was removed"));
    }
    erase(acc, &account)
}

/// An account made without a password (an administrator moving a data
/// folder in), to be set through a reset link; `None` when the email has
/// an account already.
pub(crate) fn create_without_password(
    acc: &impl Accounts,
    email: &str,
    name: &str,
    now: Timestamp,
) -> Result<Option<Account>> {
    let email = check_email(email)?;
    let new = NewAccount { email: &email, name: name.trim(), role: Role::Member, password_hash: None };
    Ok(acc.create_account(&new, now)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_does() {
        let dummy = argon2::PasswordHash::new(DUMMY_HASH).unwrap();
        let real = hash_password("a real password here").unwrap();
        let real = argon2::PasswordHash::new(&real).unwrap();
        assert_eq!(dummy.algorithm, real.algorithm);
        assert_eq!(dummy.version, real.version);
        assert_eq!(dummy.params.to_string(), real.params.to_string());
        assert_eq!(real.params.to_string(), "m=19456,t=2,p=1", "OWASP's argon2id parameters");
        assert!(!password_matches("anything at all", None));
    }

    #[test]
    fn no_debug_output_holds_a_secret() {
        let account = Account {
            id: UserId(1),
            email: "ann@example.org".into(),
            name: "Ann".into(),
            role: Role::Member,
            disabled: false,
            created_at: Timestamp::UNIX_EPOCH,
        };
        let (token, csrf) = ("a".repeat(64), "b".repeat(64));
        let opened = Opened {
            account: account.clone(),
            token: token.clone(),
            csrf: csrf.clone(),
            expires_at: Timestamp::UNIX_EPOCH,
        };
        let signed = SignedIn { account, csrf: csrf.clone(), expires_at: Timestamp::UNIX_EPOCH };
        let link = Link {
            purpose: Purpose::Join,
            email: "ann@example.org".into(),
            url_path: format!("/join/{token}"),
            expires_at: Timestamp::UNIX_EPOCH,
        };
        for shown in [format!("{opened:?}"), format!("{signed:?}"), format!("{link:?}")] {
            assert!(!shown.contains(&token) && !shown.contains(&csrf), "{shown}");
            assert!(shown.contains("ann@example.org"), "{shown}");
        }
    }

    #[test]
    fn a_secret_is_64_hex_digits_and_its_hash_is_found_again() {
        let (token, hash) = new_secret().unwrap();
        assert_eq!(token.len(), 64);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(token_hash(&token), Some(hash));
        assert_eq!(token_hash(&token.to_uppercase()), Some(hash));
        assert_eq!(token_hash(&token[1..]), None);
        assert_eq!(token_hash(&format!("{}zz", &token[2..])), None);
        assert_ne!(new_secret().unwrap().0, token);
    }

    #[test]
    fn the_password_policy_says_its_rule() {
        let e = |pw: &str| check_password(pw, "ann.lee@example.org").unwrap_err().to_string();
        assert_eq!(
            e("short"),
            "password: a password needs at least 10 characters (this one has 5); a few words make a good one"
        );
        assert_eq!(e(&"long horse ".repeat(20)), "password: a password can have at most 200 characters");
        assert!(e("Ann.Lee@example.org").contains("cannot be your email address"));
        assert!(e("ann.lee@example.org").contains("cannot be your email address"));
        assert!(e("Password123").contains("most common"));
        assert!(e("aaaaaaaaaaaa").contains("most common"));
        assert!(check_password("correct horse battery", "ann.lee@example.org").is_ok());
        // Characters, not bytes.
        assert!(check_password("ééééééé日本語", "x@example.org").is_ok());
    }

    #[test]
    fn a_domain_is_allowed_exactly() {
        let allowed = ["example.edu".to_owned(), "@Alumni.Example.edu".to_owned()];
        assert!(domain_allowed("ann@example.edu", &allowed));
        assert!(domain_allowed("Ann@EXAMPLE.EDU", &allowed));
        assert!(domain_allowed("bo@alumni.example.edu", &allowed));
        assert!(!domain_allowed("ann@staff.example.edu", &allowed), "no subdomains but those given");
        assert!(!domain_allowed("ann@example.edu.evil.test", &allowed));
        assert!(!domain_allowed("example.edu", &allowed));
        assert!(!domain_allowed("ann@example.edu", &[]));
        assert!(!domain_allowed("ann@", &["".to_owned()]));
    }

    #[test]
    fn addresses_are_counted_by_machine() {
        assert_eq!(address_key("192.0.2.7".parse().unwrap()), "192.0.2.7");
        assert_eq!(address_key("::ffff:192.0.2.7".parse().unwrap()), "192.0.2.7");
        assert_eq!(address_key("2001:db8:1:2:3:4:5:6".parse().unwrap()), "2001:db8:1:2::/64");
        assert_eq!(account_key("Ann@Example.org "), account_key("ann@example.org"));
    }
}

//! Coaching with consent, on a server: a job seeker invites a career coach
//! by email, the coach's account accepts the link, and from then on the
//! coach sees that person's agenda, application list and application
//! pages read-only (message bodies only when the person shares them), and
//! may comment on an application. The person revokes at any time, at once,
//! and sees every page a coach viewed, and when.
//!
//! The rules live here, over the storage primitives of
//! [`afterview_store::coaching::Coaching`]: a link is 32 random bytes given
//! once and stored only as its SHA-256, good for [`ACCEPT_WITHIN`]; every
//! coach's call checks the grant is live and the coach's own, and a grant
//! that is not (revoked, another coach's, never made, its person gone)
//! answers [`Error::NotFound`], exactly like an id never given, so nothing
//! says whether someone exists. A view is recorded in the same call that
//! shows it: what the coach was shown is always in the person's record.
//! No clock is read: `now` is a parameter.

use std::collections::HashMap;

use afterview_core::agenda::Agenda;
use afterview_core::ids::{ApplicationId, InterviewId};
use afterview_core::kinds::ApplicationStatus;
use afterview_core::settings::{Settings, parse_region};
use afterview_core::values::Email;
use afterview_store::accounts::Accounts;
use afterview_store::coaching::{CoachView, Coaching, Comment, Grant, GrantId, NewGrant, Viewed};
use afterview_store::{RecordKind, Store, UserId};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use sha2::{Digest, Sha256};

use crate::agenda::{self, AgendaView, ApplicationRow};
use crate::calendar;
use crate::error::{Error, Kind, Result};
use crate::local::user_zone;
use crate::record::{self, ApplicationView};

/// How long an invitation link can be accepted: two weeks.
pub const ACCEPT_WITHIN: SignedDuration = SignedDuration::from_hours(14 * 24);

/// The longest comment, in characters: a note, not a letter.
pub const COMMENT_MAX: usize = 2000;

/// An invitation just made: `url_path` ("/coach/accept/TOKEN") is given to
/// the person once, to send to their coach; it is never shown again.
#[derive(Debug, Clone)]
pub struct CoachLink {
    pub grant: Grant,
    /// Whom it invites.
    pub email: String,
    pub url_path: String,
    pub expires_at: Timestamp,
}

/// Where a grant stands, for the person's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantState {
    /// Not yet accepted; the link works until `expires_at`.
    Pending {
        expires_at: Timestamp,
    },
    /// Not accepted in time.
    Expired {
        at: Timestamp,
    },
    /// The coach sees the person's pages.
    Live,
    Revoked {
        at: Timestamp,
    },
    /// The coach's account was removed.
    Ended,
}

/// The day a grant's link stops working.
pub fn expires_at(g: &Grant) -> Timestamp {
    g.created_at.checked_add(ACCEPT_WITHIN).unwrap_or(Timestamp::MAX)
}

/// Where `g` stands at `now`.
pub fn state(g: &Grant, now: Timestamp) -> GrantState {
    let expires = expires_at(g);
    match (g.revoked_at, g.accepted_at, &g.coach) {
        (Some(at), _, _) => GrantState::Revoked { at },
        (None, Some(_), Some(c)) if c.id.is_some() => GrantState::Live,
        (None, Some(_), _) => GrantState::Ended,
        (None, None, _) if now >= expires => GrantState::Expired { at: expires },
        (None, None, _) => GrantState::Pending { expires_at: expires },
    }
}

/// A person someone coaches, as the coach's list shows them.
#[derive(Debug, Clone)]
pub struct Coached {
    pub grant: Grant,
    pub person_name: String,
}

/// A page of the person's, as their coach is shown it: whose it is, the
/// person's own day and time zone (their agenda is planned on their today),
/// and the page itself, the same typed result the person's own page uses,
/// with message bodies blanked unless the person shares them.
#[derive(Debug)]
pub struct Seen<T> {
    pub coached: Coached,
    pub today: Date,
    pub zone: TimeZone,
    pub page: T,
}

/// One application as its page shows it to a coach.
#[derive(Debug)]
pub struct CoachedApplication {
    pub view: ApplicationView,
    /// The person's agenda, cut to this application's tasks and waiting.
    pub agenda: Agenda,
    /// What afterview read in each interview's next steps, worded by
    /// [`calendar::describe`], by interview.
    pub readings: HashMap<InterviewId, String>,
    /// The coach's own comments on it, oldest first.
    pub comments: Vec<Comment>,
}

fn grant_not_found(id: GrantId) -> Error {
    Error::not_found(Kind::Record(RecordKind::Grant), id)
}

/// A new link's token (64 hex digits) and its SHA-256.
fn new_token() -> Result<(String, [u8; 32])> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::Conflict {
        reason: format!(
            "no link could be made: the operating system's random number generator failed ({e}); try again"
        ),
    })?;
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let hash = sha256(&token);
    Ok((token, hash))
}

fn sha256(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// The person invites a coach: a pending grant and the link to send them.
/// Their own address is refused, and a second invitation to the same
/// address while one is pending or live is a conflict (withdraw that one
/// first).
pub fn invite_coach(
    c: &(impl Coaching + Accounts),
    person: UserId,
    coach_email: &str,
    share_bodies: bool,
    now: Timestamp,
) -> Result<CoachLink> {
    let email: Email = coach_email.parse().map_err(|e| Error::invalid("email", e))?;
    let email = email.as_str();
    if c.account(person)?.is_some_and(|a| a.email.eq_ignore_ascii_case(email)) {
        return Err(Error::invalid(
            "email",
            "that is your own address; give the address of the coach you want to invite",
        ));
    }
    for g in c.grants_given(person)? {
        if !g.coach_email.eq_ignore_ascii_case(email) {
            continue;
        }
        match state(&g, now) {
            GrantState::Pending { .. } => {
                return Err(Error::Conflict {
                    reason: format!(
                        "you already invited {email} and the link is still waiting to be accepted; \
                         withdraw that invitation first to make a new link"
                    ),
                });
            }
            GrantState::Live => {
                return Err(Error::Conflict {
                    reason: format!("{email} already coaches you; there is nothing to accept again"),
                });
            }
            _ => {}
        }
    }
    let (token, token_sha256) = new_token()?;
    let grant =
        c.add_grant(&NewGrant { person, coach_email: email, token_sha256, share_bodies, created_at: now })?;
    Ok(CoachLink {
        expires_at: expires_at(&grant),
        email: email.to_owned(),
        url_path: format!("/coach/accept/{token}"),
        grant,
    })
}

/// The grant a link names, while it can still be accepted: a used,
/// expired, withdrawn or unknown link is [`Error::Refused`] saying which
/// and what to do.
pub fn pending(c: &impl Coaching, token: &str, now: Timestamp) -> Result<Grant> {
    let token = token.trim();
    let unknown = || {
        Error::refused(
            "this coaching link is not one afterview made (it may be cut short or mistyped); \
             ask the person who sent it for a new one",
        )
    };
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(unknown());
    }
    let g = c.grant_by_token(&sha256(&token.to_ascii_lowercase()))?.ok_or_else(unknown)?;
    let who = &g.person_name;
    match state(&g, now) {
        GrantState::Pending { .. } => Ok(g),
        GrantState::Expired { at } => Err(Error::refused(format!(
            "this coaching link expired on {}; ask {who} for a new one",
            at.strftime("%Y-%m-%d %H:%M UTC")
        ))),
        GrantState::Revoked { .. } => Err(Error::refused(format!(
            "{who} withdrew this invitation; ask them for a new link if they still want you as their coach"
        ))),
        GrantState::Live | GrantState::Ended => Err(Error::refused(format!(
            "this coaching link was already used; ask {who} for a new one if you are to coach them"
        ))),
    }
}

/// The coach's account accepts a link. Refused: a link [`pending`]
/// refuses, the person's own link, and a link for another address than the
/// coach's account has (the person invited someone by their address). The
/// grant names the coach by their account's name.
pub fn accept(c: &(impl Coaching + Accounts), coach: UserId, token: &str, now: Timestamp) -> Result<Grant> {
    let g = match pending(c, token, now) {
        Ok(g) => g,
        Err(e @ Error::Refused { .. }) => {
            return Err(if already_accepted_by(c, token, coach)? {
                Error::refused("you already accepted this invitation; they are on your coaching page")
            } else {
                e
            });
        }
        Err(e) => return Err(e),
    };
    let who = &g.person_name;
    if g.person == coach {
        return Err(Error::refused(
            "this is your own invitation: send the link to your coach, who accepts it signed in as themselves",
        ));
    }
    let account = c.account(coach)?.ok_or_else(|| {
        Error::refused("only an account on this server can accept a coaching link; sign in to accept it")
    })?;
    let mine = &account.email;
    if !g.coach_email.eq_ignore_ascii_case(mine) {
        let invited = &g.coach_email;
        return Err(Error::refused(format!(
            "this invitation is for {invited}, and you are signed in as {mine}; sign in as {invited} \
             to accept it, or ask {who} to invite {mine}"
        )));
    }
    if c.grants_held(coach)?.iter().any(|h| h.person == g.person) {
        return Err(Error::Conflict {
            reason: format!("you already coach {who}; this second invitation is not needed"),
        });
    }
    c.accept_grant(g.id, coach, now)?.ok_or_else(|| {
        Error::refused(format!(
            "this coaching link was used or withdrawn a moment ago; ask {who} for a new one"
        ))
    })
}

/// Whether the link is one `coach` already accepted (to word the refusal).
fn already_accepted_by(c: &impl Coaching, token: &str, coach: UserId) -> Result<bool> {
    let token = token.trim().to_ascii_lowercase();
    Ok(c.grant_by_token(&sha256(&token))?.is_some_and(|g| g.is_live_for(coach)))
}

/// The person withdraws a grant, pending or live: the coach's next call
/// is not found. Revoking again changes nothing.
pub fn revoke(c: &impl Coaching, person: UserId, grant: GrantId, now: Timestamp) -> Result<Grant> {
    Ok(c.revoke_grant(person, grant, now)?)
}

/// Whether the coach sees the bodies of the person's messages.
pub fn set_share_bodies(c: &impl Coaching, person: UserId, grant: GrantId, share: bool) -> Result<Grant> {
    Ok(c.set_share_bodies(person, grant, share)?)
}

/// Every grant the person made, newest first (see [`state`]).
pub fn grants_given(c: &impl Coaching, person: UserId) -> Result<Vec<Grant>> {
    Ok(c.grants_given(person)?)
}

/// The people `coach` coaches now.
pub fn coaching(c: &impl Coaching, coach: UserId) -> Result<Vec<Coached>> {
    Ok(c.grants_held(coach)?
        .into_iter()
        .map(|grant| Coached { person_name: grant.person_name.clone(), grant })
        .collect())
}

/// Every page a coach saw of the person's, newest first.
pub fn views(c: &impl Coaching, person: UserId) -> Result<Vec<CoachView>> {
    Ok(c.views(person)?)
}

/// The comments coaches left on one of the person's applications, oldest
/// first (none for an id that is not theirs).
pub fn comments(c: &impl Coaching, person: UserId, application: ApplicationId) -> Result<Vec<Comment>> {
    Ok(c.comments(person, application)?)
}

/// A coach comments on an application of the person they coach.
pub fn comment(
    c: &impl Coaching,
    coach: UserId,
    grant: GrantId,
    application: ApplicationId,
    body: &str,
    now: Timestamp,
) -> Result<Comment> {
    let body = body.trim();
    if body.is_empty() {
        return Err(Error::invalid("comment", "the comment is empty; write what you want them to read"));
    }
    let n = body.chars().count();
    if n > COMMENT_MAX {
        return Err(Error::invalid(
            "comment",
            format!("the comment is {n} characters long; keep it to {COMMENT_MAX}"),
        ));
    }
    c.live_grant(coach, grant)?.ok_or_else(|| grant_not_found(grant))?;
    match c.add_comment(coach, grant, application, body, now)? {
        Some(comment) => Ok(comment),
        // Revoked a moment ago, or not one of the person's applications.
        None if c.live_grant(coach, grant)?.is_none() => Err(grant_not_found(grant)),
        None => Err(Error::not_found(Kind::Record(RecordKind::Application), application)),
    }
}

/// The person's agenda, as their coach sees it.
///
/// `home` opens the person's store and reads their settings; it is called
/// only once the grant is known to be live and the coach's. `today` is
/// the person's day (their time zone's, at `now`) unless given.
pub fn coached_agenda<S: Store>(
    c: &impl Coaching,
    coach: UserId,
    grant: GrantId,
    home: impl FnOnce(UserId) -> Result<(S, Settings)>,
    today: Option<Date>,
    now: Timestamp,
) -> Result<Seen<AgendaView>> {
    seen(c, coach, grant, home, today, now, Viewed::Agenda, |g, store, settings, today| {
        let mut view = agenda::agenda(store, settings, today)?;
        if !g.share_bodies {
            hide_replies(&mut view.agenda);
        }
        Ok(view)
    })
}

/// The person's applications (those standing so, with `status`), as their
/// coach sees them.
pub fn coached_applications<S: Store>(
    c: &impl Coaching,
    coach: UserId,
    grant: GrantId,
    home: impl FnOnce(UserId) -> Result<(S, Settings)>,
    today: Option<Date>,
    status: Option<ApplicationStatus>,
    now: Timestamp,
) -> Result<Seen<Vec<ApplicationRow>>> {
    seen(c, coach, grant, home, today, now, Viewed::Applications, |_, store, settings, today| {
        agenda::applications(store, settings, today, status)
    })
}

/// One of the person's applications, as their coach sees it: what
/// `/applications/ID` shows the person, read-only, with the coach's own
/// comments.
pub fn coached_application<S: Store>(
    c: &impl Coaching,
    coach: UserId,
    grant: GrantId,
    home: impl FnOnce(UserId) -> Result<(S, Settings)>,
    today: Option<Date>,
    application: ApplicationId,
    now: Timestamp,
) -> Result<Seen<CoachedApplication>> {
    let what = Viewed::Application(application);
    seen(c, coach, grant, home, today, now, what, |g, store, settings, today| {
        let mut view = record::application_view(store, application)?;
        let mut agenda = agenda::agenda(store, settings, today)?.agenda;
        let region = view.application.value.region.as_deref().and_then(|r| parse_region(r).ok());
        let readings = view
            .interviews
            .iter()
            .filter_map(|iv| {
                let said = iv.value.next_steps.as_deref()?;
                let day = iv.value.day();
                Some((iv.id, calendar::describe(said, day, &calendar::when(settings, said, day, region))))
            })
            .collect();
        let mine = |i: &afterview_core::agenda::Item| i.application == application;
        agenda.due_today.retain(mine);
        agenda.overdue.retain(mine);
        agenda.coming_up.retain(mine);
        agenda.later.retain(mine);
        agenda.waiting.retain(|w| w.application == application);
        agenda.keep_searching = None;
        if !g.share_bodies {
            hide_replies(&mut agenda);
            for m in &mut view.messages {
                m.value.body = None;
            }
        }
        let comments =
            c.comments(g.person, application)?.into_iter().filter(|x| x.coach.id == Some(coach)).collect();
        Ok(CoachedApplication { view, agenda, readings, comments })
    })
}

/// What the coach's views share: the grant checked live and the coach's,
/// the person's home opened, the page read, and the view recorded (in a
/// statement that checks the grant again, so a revocation that landed
/// meanwhile shows nothing); any not-found on the way is the grant's.
#[allow(clippy::too_many_arguments)]
fn seen<S: Store, T>(
    c: &impl Coaching,
    coach: UserId,
    grant: GrantId,
    home: impl FnOnce(UserId) -> Result<(S, Settings)>,
    today: Option<Date>,
    now: Timestamp,
    what: Viewed,
    read: impl FnOnce(&Grant, &S, &Settings, Date) -> Result<T>,
) -> Result<Seen<T>> {
    let g = c.live_grant(coach, grant)?.ok_or_else(|| grant_not_found(grant))?;
    // The person removed their account a moment ago: no such grant.
    let gone = |e: Error| match e {
        Error::NotFound { kind: Kind::Record(RecordKind::User), .. } => grant_not_found(grant),
        e => e,
    };
    let (store, settings) = home(g.person).map_err(gone)?;
    let zone = user_zone(&settings);
    let today = today.unwrap_or_else(|| now.to_zoned(zone.clone()).date());
    let page = read(&g, &store, &settings, today).map_err(gone)?;
    if !c.record_view(coach, grant, what, now)? {
        return Err(grant_not_found(grant));
    }
    Ok(Seen { coached: Coached { person_name: g.person_name.clone(), grant: g }, today, zone, page })
}

/// Blanks what the agenda quotes of a message body: the words of a reply
/// that set the timeline (F4). What the person recorded of an interview
/// stays.
fn hide_replies(agenda: &mut Agenda) {
    for w in &mut agenda.waiting {
        if w.replied.is_some() {
            w.next_steps = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(created: &str) -> Grant {
        Grant {
            id: GrantId(1),
            person: UserId(1),
            person_name: "Pat".into(),
            coach_email: "c@example.edu".into(),
            coach: None,
            share_bodies: false,
            created_at: created.parse().unwrap(),
            accepted_at: None,
            revoked_at: None,
        }
    }

    #[test]
    fn a_link_waits_two_weeks() {
        let g = grant("2026-11-20T09:00:00Z");
        let expires: Timestamp = "2026-12-04T09:00:00Z".parse().unwrap();
        assert_eq!(expires_at(&g), expires);
        let before = expires - SignedDuration::from_secs(1);
        assert_eq!(state(&g, before), GrantState::Pending { expires_at: expires });
        assert_eq!(state(&g, expires), GrantState::Expired { at: expires });
    }

    #[test]
    fn tokens_are_64_hex_digits_and_hash_as_sha256() {
        let (token, hash) = new_token().unwrap();
        assert_eq!(token.len(), 64);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert_eq!(hash, sha256(&token));
        assert_ne!(new_token().unwrap().0, token);
        // The SHA-256 of "abc", as FIPS 180-2 gives it.
        assert_eq!(
            sha256("abc").iter().map(|b| format!("{b:02x}")).collect::<String>(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

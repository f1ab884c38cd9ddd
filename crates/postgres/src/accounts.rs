//! [`Accounts`] on PostgreSQL: accounts are rows of `users` (migration 5),
//! beside `invitations`, `sessions`, `login_failures` and
//! `server_settings`, and who their owners are at an identity provider,
//! `oidc_subjects` (migration 8). Every server process shares them, so a session
//! opened through one is seen by all, and so are the rate limits.
//!
//! The few things that must not half happen are one transaction each:
//! taking a link (its row is locked, so of two clicks at once one wins),
//! disabling an account with its sessions, erasing a user.

use afterview_store::accounts::{
    Account, Accounts, FailureScope, Invitation, NewAccount, Purpose, Redeem, Role, Session, Subject, Taken,
    TokenHash,
};
use afterview_store::{Error, RecordKind, Result, UserId};
use postgres::{GenericClient, Row};

use crate::PgPool;
use crate::error::{self, corrupt, error};
use crate::pool::{self, Db};
use crate::rows::{get, parsed};

/// The columns of an account, as [`account`] reads them.
pub(crate) const ACCOUNT: &str =
    "users.id, users.email, users.name, users.role, users.disabled_at, users.created_at";

/// A session is seen again at most once a minute: a request does not
/// write (and wait for the disk) on every page, and the idle expiry of
/// days loses nothing by it.
const TOUCH_EVERY: &str = "1 minute";

pub(crate) fn account(r: &Row) -> Result<Account> {
    Ok(Account {
        id: UserId(get(r, "id")?),
        email: get::<Option<String>>(r, "email")?
            .ok_or_else(|| corrupt("email", "an account without one"))?,
        name: get(r, "name")?,
        role: parsed::<Role>(r, "role")?,
        disabled: get::<Option<jiff::Timestamp>>(r, "disabled_at")?.is_some(),
        created_at: get(r, "created_at")?,
    })
}

fn purpose(r: &Row) -> Result<Purpose> {
    match get::<&str>(r, "purpose")? {
        "join" => Ok(Purpose::Join),
        "reset" => Ok(Purpose::Reset),
        other => Err(corrupt("purpose", format!("\"{other}\" is not join or reset"))),
    }
}

fn invitation(r: &Row) -> Result<Invitation> {
    Ok(Invitation {
        purpose: purpose(r)?,
        email: get(r, "email")?,
        role: parsed::<Role>(r, "role")?,
        user: get::<Option<i64>>(r, "user_id")?.map(UserId),
        created_by: get::<Option<i64>>(r, "created_by")?.map(UserId),
        created_at: get(r, "created_at")?,
        expires_at: get(r, "expires_at")?,
        used_at: get(r, "used_at")?,
    })
}

impl PgPool {
    /// Runs `f` on a pooled connection, with its prepared statements.
    pub(crate) fn with_db<T>(&self, f: impl FnOnce(&mut Db<'_, postgres::Client>) -> Result<T>) -> Result<T> {
        let mut conn = self.pool.get().map_err(error::pool)?;
        let pool::Conn { client, statements } = &mut **conn;
        f(&mut Db { client, statements })
    }

    /// Runs `f` in one transaction on a pooled connection: it commits when
    /// `f` succeeds, and rolls back otherwise.
    pub(crate) fn in_tx<T, E: From<Error>>(
        &self,
        f: impl FnOnce(&mut Db<'_, postgres::Transaction<'_>>) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = self.pool.get().map_err(error::pool)?;
        let pool::Conn { client, statements } = &mut **conn;
        let mut tx = client.transaction().map_err(error)?;
        let value = f(&mut Db { client: &mut tx, statements })?;
        tx.commit().map_err(error)?;
        Ok(value)
    }
}

fn one_account<C: GenericClient>(
    db: &mut Db<'_, C>,
    sql: &str,
    param: &(dyn postgres::types::ToSql + Sync),
) -> Result<Option<Account>> {
    db.query_opt(sql, &[param])?.as_ref().map(account).transpose()
}

impl Accounts for PgPool {
    fn create_account(&self, new: &NewAccount<'_>, now: jiff::Timestamp) -> Result<Option<Account>> {
        self.with_db(|db| {
            let sql = format!(
                "INSERT INTO users (email, name, role, password_hash, created_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING {ACCOUNT}"
            );
            let row =
                db.query_opt(&sql, &[&new.email, &new.name, &new.role.as_str(), &new.password_hash, &now])?;
            row.as_ref().map(account).transpose()
        })
    }

    fn account(&self, user: UserId) -> Result<Option<Account>> {
        let sql = format!("SELECT {ACCOUNT} FROM users WHERE id = $1 AND email IS NOT NULL");
        self.with_db(|db| one_account(db, &sql, &user.0))
    }

    fn account_by_email(&self, email: &str) -> Result<Option<Account>> {
        let sql = format!("SELECT {ACCOUNT} FROM users WHERE lower(email) = lower($1)");
        self.with_db(|db| one_account(db, &sql, &email.trim()))
    }

    fn accounts(&self) -> Result<Vec<Account>> {
        let sql = format!("SELECT {ACCOUNT} FROM users WHERE email IS NOT NULL ORDER BY id");
        self.with_db(|db| db.query(&sql, &[])?.iter().map(account).collect())
    }

    fn password_hash(&self, user: UserId) -> Result<Option<String>> {
        self.with_db(|db| {
            let row = db.query_opt("SELECT password_hash FROM users WHERE id = $1", &[&user.0])?;
            Ok(row.map(|r| get::<Option<String>>(&r, "password_hash")).transpose()?.flatten())
        })
    }

    fn set_password_hash(&self, user: UserId, hash: &str) -> Result<()> {
        self.with_db(|db| {
            let n = db.execute(
                "UPDATE users SET password_hash = $2 WHERE id = $1 AND email IS NOT NULL",
                &[&user.0, &hash],
            )?;
            found(n, user)
        })
    }

    fn set_name(&self, user: UserId, name: &str) -> Result<()> {
        self.with_db(|db| {
            let n = db.execute(
                "UPDATE users SET name = $2 WHERE id = $1 AND email IS NOT NULL",
                &[&user.0, &name],
            )?;
            found(n, user)
        })
    }

    fn set_disabled(&self, user: UserId, disabled: bool) -> Result<()> {
        self.in_tx(|db| {
            // Disabling again keeps the first moment.
            let n = db.execute(
                "UPDATE users SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) END
                 WHERE id = $1 AND email IS NOT NULL",
                &[&user.0, &disabled],
            )?;
            found(n, user)?;
            if disabled {
                db.execute("DELETE FROM sessions WHERE user_id = $1", &[&user.0])?;
            }
            Ok(())
        })
    }

    fn remove_user(&self, user: UserId) -> Result<()> {
        self.in_tx(|db| {
            let row = db
                .query_opt("SELECT email FROM users WHERE id = $1 FOR UPDATE", &[&user.0])?
                .ok_or_else(|| Error::not_found(RecordKind::User, user))?;
            let email: Option<String> = get(&row, "email")?;
            // The links made for this person: their email is theirs.
            db.execute(
                "DELETE FROM invitations WHERE user_id = $1 OR lower(email) = lower($2)",
                &[&user.0, &email],
            )?;
            // Every table of theirs refers to the user with ON DELETE
            // CASCADE (messages through their application), and links they
            // made for others with ON DELETE SET NULL.
            db.execute("DELETE FROM users WHERE id = $1", &[&user.0])?;
            Ok(())
        })
    }

    fn create_invitation(&self, token: &TokenHash, i: &Invitation) -> Result<()> {
        self.with_db(|db| {
            db.execute(
                "INSERT INTO invitations
                     (token_hash, purpose, email, role, user_id, created_by, created_at, expires_at, used_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    &token.0.as_slice(),
                    &i.purpose.as_str(),
                    &i.email,
                    &i.role.as_str(),
                    &i.user.map(|u| u.0),
                    &i.created_by.map(|u| u.0),
                    &i.created_at,
                    &i.expires_at,
                    &i.used_at,
                ],
            )
            .map(drop)
        })
    }

    fn invitation(&self, token: &TokenHash, purpose: Purpose) -> Result<Option<Invitation>> {
        self.with_db(|db| {
            db.query_opt(
                "SELECT * FROM invitations WHERE token_hash = $1 AND purpose = $2",
                &[&token.0.as_slice(), &purpose.as_str()],
            )?
            .as_ref()
            .map(invitation)
            .transpose()
        })
    }

    fn take_invitation(
        &self,
        token: &TokenHash,
        purpose: Purpose,
        redeem: Redeem<'_>,
        now: jiff::Timestamp,
    ) -> Result<Taken> {
        self.in_tx(|db| {
            // Locked: a second taking waits here, then sees it used.
            let Some(row) = db.query_opt(
                "SELECT * FROM invitations WHERE token_hash = $1 AND purpose = $2 FOR UPDATE",
                &[&token.0.as_slice(), &purpose.as_str()],
            )?
            else {
                return Ok(Taken::Unknown);
            };
            let link = invitation(&row)?;
            if let Some(at) = link.used_at {
                return Ok(Taken::Used(at));
            }
            if link.expires_at <= now {
                return Ok(Taken::Expired(link.expires_at));
            }
            let done = match (redeem, link.user) {
                (Redeem::Join { name, password_hash }, None) => {
                    let sql = format!(
                        "INSERT INTO users (email, name, role, password_hash, created_at)
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING {ACCOUNT}"
                    );
                    match db.query_opt(&sql, &[&link.email, &name, &link.role.as_str(), &password_hash, &now])?
                    {
                        Some(r) => account(&r)?,
                        None => return Ok(Taken::EmailTaken),
                    }
                }
                (Redeem::Reset { password_hash }, Some(user)) => {
                    let sql = format!(
                        "UPDATE users SET password_hash = $2 WHERE id = $1 AND email IS NOT NULL RETURNING {ACCOUNT}"
                    );
                    let Some(r) = db.query_opt(&sql, &[&user.0, &password_hash])? else {
                        return Ok(Taken::Unknown);
                    };
                    db.execute("DELETE FROM sessions WHERE user_id = $1", &[&user.0])?;
                    account(&r)?
                }
                _ => {
                    return Err(Error::Invalid {
                        reason: format!("a {purpose} link was followed as another kind of link"),
                    });
                }
            };
            db.execute(
                "UPDATE invitations SET used_at = $2 WHERE token_hash = $1",
                &[&token.0.as_slice(), &now],
            )?;
            Ok(Taken::Done(done))
        })
    }

    fn take_invitation_for(&self, email: &str, name: &str, now: jiff::Timestamp) -> Result<Taken> {
        self.in_tx(|db| {
            // Locked, as a link's own taking does: of two sign-ins at once,
            // the second waits here and then finds the links used.
            let Some(row) = db.query_opt(
                "SELECT * FROM invitations
                 WHERE purpose = 'join' AND lower(email) = lower($1) AND used_at IS NULL AND expires_at > $2
                 ORDER BY created_at DESC LIMIT 1 FOR UPDATE",
                &[&email.trim(), &now],
            )?
            else {
                return Ok(Taken::Unknown);
            };
            let link = invitation(&row)?;
            let sql = format!(
                "INSERT INTO users (email, name, role, created_at)
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING {ACCOUNT}"
            );
            let Some(r) = db.query_opt(&sql, &[&link.email, &name, &link.role.as_str(), &now])? else {
                return Ok(Taken::EmailTaken);
            };
            db.execute(
                "UPDATE invitations SET used_at = $2
                 WHERE purpose = 'join' AND lower(email) = lower($1) AND used_at IS NULL",
                &[&link.email, &now],
            )?;
            Ok(Taken::Done(account(&r)?))
        })
    }

    fn subject(&self, user: UserId, issuer: &str) -> Result<Option<String>> {
        self.with_db(|db| {
            db.query_opt(
                "SELECT subject FROM oidc_subjects WHERE user_id = $1 AND issuer = $2",
                &[&user.0, &issuer],
            )?
            .map(|r| get(&r, "subject"))
            .transpose()
        })
    }

    fn account_by_subject(&self, subject: &Subject) -> Result<Option<Account>> {
        let sql = format!(
            "SELECT {ACCOUNT} FROM oidc_subjects o JOIN users ON users.id = o.user_id
             WHERE o.issuer = $1 AND o.subject = $2 AND users.email IS NOT NULL"
        );
        self.with_db(|db| {
            db.query_opt(&sql, &[&subject.issuer, &subject.subject])?.as_ref().map(account).transpose()
        })
    }

    fn set_subject(&self, user: UserId, subject: &Subject) -> Result<bool> {
        self.in_tx(|db| {
            db.query_opt("SELECT 1 FROM users WHERE id = $1 AND email IS NOT NULL FOR UPDATE", &[&user.0])?
                .ok_or_else(|| Error::not_found(RecordKind::User, user))?;
            let (issuer, sub) = (&subject.issuer, &subject.subject);
            let holder = db.query_opt(
                "SELECT user_id FROM oidc_subjects WHERE issuer = $1 AND subject = $2",
                &[issuer, sub],
            )?;
            if let Some(holder) = holder {
                return Ok(get::<i64>(&holder, "user_id")? == user.0);
            }
            db.execute("DELETE FROM oidc_subjects WHERE user_id = $1 AND issuer = $2", &[&user.0, issuer])?;
            // The key decides a race: of two accounts given one subject at
            // once, the first keeps it; the other's transaction rolls back
            // (its old subject kept), and trying again finds the holder.
            let n = db.execute(
                "INSERT INTO oidc_subjects (issuer, subject, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                &[issuer, sub, &user.0],
            )?;
            if n == 0 {
                return Err(Error::Busy("another account was given this sign-in at the same moment".into()));
            }
            Ok(true)
        })
    }

    fn create_session(
        &self,
        token: &TokenHash,
        user: UserId,
        csrf: &str,
        now: jiff::Timestamp,
        expires_at: jiff::Timestamp,
    ) -> Result<()> {
        self.in_tx(|db| {
            db.execute("DELETE FROM sessions WHERE user_id = $1 AND expires_at <= $2", &[&user.0, &now])?;
            db.execute(
                "INSERT INTO sessions (token_hash, user_id, csrf, created_at, last_seen, expires_at)
                 VALUES ($1, $2, $3, $4, $4, $5)",
                &[&token.0.as_slice(), &user.0, &csrf, &now, &expires_at],
            )
            .map(drop)
        })
    }

    fn touch_session(
        &self,
        token: &TokenHash,
        now: jiff::Timestamp,
        idle_since: jiff::Timestamp,
    ) -> Result<Option<Session>> {
        let sql = format!(
            "WITH live AS (
                 SELECT s.token_hash, s.csrf, s.created_at AS session_created, s.expires_at, {ACCOUNT}
                 FROM sessions s JOIN users ON users.id = s.user_id
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen >= $3
                   AND users.disabled_at IS NULL AND users.email IS NOT NULL
             ), seen AS (
                 UPDATE sessions SET last_seen = $2
                 WHERE token_hash IN (SELECT token_hash FROM live) AND last_seen < $2::timestamptz - interval '{TOUCH_EVERY}'
             )
             SELECT * FROM live"
        );
        self.with_db(|db| {
            let Some(r) = db.query_opt(&sql, &[&token.0.as_slice(), &now, &idle_since])? else {
                return Ok(None);
            };
            Ok(Some(Session {
                account: account(&r)?,
                csrf: get(&r, "csrf")?,
                created_at: get(&r, "session_created")?,
                expires_at: get(&r, "expires_at")?,
            }))
        })
    }

    fn delete_session(&self, token: &TokenHash) -> Result<()> {
        self.with_db(|db| {
            db.execute("DELETE FROM sessions WHERE token_hash = $1", &[&token.0.as_slice()]).map(drop)
        })
    }

    fn delete_sessions(&self, user: UserId) -> Result<usize> {
        self.with_db(|db| {
            let n = db.execute("DELETE FROM sessions WHERE user_id = $1", &[&user.0])?;
            Ok(usize::try_from(n).unwrap_or(usize::MAX))
        })
    }

    fn record_failure(
        &self,
        scope: FailureScope,
        key: &str,
        at: jiff::Timestamp,
        forget_before: jiff::Timestamp,
    ) -> Result<()> {
        self.with_db(|db| {
            // One statement, so the pruning costs no round trip of its own.
            db.execute(
                "WITH gone AS (DELETE FROM login_failures WHERE at < $4)
                 INSERT INTO login_failures (scope, key, at) VALUES ($1, $2, $3)",
                &[&scope.as_str(), &key, &at, &forget_before],
            )
            .map(drop)
        })
    }

    fn failures_since(
        &self,
        scope: FailureScope,
        key: &str,
        since: jiff::Timestamp,
    ) -> Result<Vec<jiff::Timestamp>> {
        self.with_db(|db| {
            db.query(
                "SELECT at FROM login_failures WHERE scope = $1 AND key = $2 AND at > $3 ORDER BY at",
                &[&scope.as_str(), &key, &since],
            )?
            .iter()
            .map(|r| get(r, "at"))
            .collect()
        })
    }

    fn clear_failures(&self, scope: FailureScope, key: &str) -> Result<()> {
        self.with_db(|db| {
            db.execute("DELETE FROM login_failures WHERE scope = $1 AND key = $2", &[&scope.as_str(), &key])
                .map(drop)
        })
    }

    fn server_setting(&self, key: &str) -> Result<Option<String>> {
        self.with_db(|db| {
            db.query_opt("SELECT value FROM server_settings WHERE key = $1", &[&key])?
                .map(|r| get(&r, "value"))
                .transpose()
        })
    }

    fn set_server_setting(&self, key: &str, value: &str) -> Result<()> {
        self.with_db(|db| {
            db.execute(
                "INSERT INTO server_settings (key, value) VALUES ($1, $2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[&key, &value],
            )
            .map(drop)
        })
    }

    fn settings_text(&self, user: UserId) -> Result<Option<String>> {
        self.with_db(|db| {
            let row = db
                .query_opt("SELECT settings FROM users WHERE id = $1", &[&user.0])?
                .ok_or_else(|| Error::not_found(RecordKind::User, user))?;
            get(&row, "settings")
        })
    }

    fn edit_settings_text<T, E: From<Error>>(
        &self,
        user: UserId,
        edit: impl FnOnce(Option<&str>) -> Result<(String, T), E>,
    ) -> Result<T, E> {
        self.in_tx(|db| {
            let row = db
                .query_opt("SELECT settings FROM users WHERE id = $1 FOR UPDATE", &[&user.0])?
                .ok_or_else(|| Error::not_found(RecordKind::User, user))?;
            let text: Option<String> = get(&row, "settings")?;
            let (new, answer) = edit(text.as_deref())?;
            db.execute("UPDATE users SET settings = $2 WHERE id = $1", &[&user.0, &new])?;
            Ok(answer)
        })
    }
}

/// An update that found no account is not found.
fn found(n: u64, user: UserId) -> Result<()> {
    if n == 0 { Err(Error::not_found(RecordKind::User, user)) } else { Ok(()) }
}

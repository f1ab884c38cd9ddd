//! [`Coaching`] on PostgreSQL (migration 7's `coach_grants`, `coach_views`
//! and `coach_comments`). Each call is one statement on a pooled
//! connection; a check and the change it guards are the same statement
//! (`UPDATE … WHERE accepted_at IS NULL`, `INSERT … SELECT … WHERE` the
//! grant is live), so a revocation that commits first is seen by every
//! coach's next call, on any process, and a link is accepted once.

use afterview_core::ids::ApplicationId;
use afterview_store::coaching::{Coach, CoachView, Coaching, Comment, Grant, GrantId, NewGrant, Viewed};
use afterview_store::{Error, RecordKind, Result, UserId};
use jiff::Timestamp;
use postgres::types::ToSql;
use postgres::{Client, Row};

use crate::PgPool;
use crate::error::{corrupt, pool};
use crate::pool::{Conn, Db};
use crate::rows::get;

/// The columns a [`Grant`] is read from, in every query that returns one,
/// over [`FROM`]: the person's name and the coach's as their accounts have
/// them now (the email when no name was given), the coach's as they
/// accepted once their account is gone.
const GRANT: &str = "g.id, g.user_id, coalesce(nullif(p.name, ''), p.email, '') AS person_name, \
                     g.coach_email, g.coach_id, \
                     CASE WHEN g.accepted_at IS NOT NULL \
                          THEN coalesce(nullif(c.name, ''), c.email, g.coach_name) END AS coach_name, \
                     g.share_bodies, g.created_at, g.accepted_at, g.revoked_at";

/// The grants `g` with their person `p` and coach `c`.
const FROM: &str = "g JOIN users p ON p.id = g.user_id LEFT JOIN users c ON c.id = g.coach_id";

/// A coach's name as a view or a comment keeps it: the account's now.
const COACH_NAME: &str = "coalesce(nullif(c.name, ''), c.email, g.coach_name)";

/// A grant is live when it was accepted, is not revoked, and its coach's
/// account still exists (`coach_id` is then set).
const LIVE: &str = "g.accepted_at IS NOT NULL AND g.revoked_at IS NULL";

impl PgPool {
    fn db<T>(&self, f: impl FnOnce(&mut Db<'_, Client>) -> Result<T>) -> Result<T> {
        let mut conn = self.pool.get().map_err(pool)?;
        let Conn { client, statements } = &mut **conn;
        f(&mut Db { client, statements })
    }

    fn grants(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Grant>> {
        self.db(|db| db.query(sql, params)?.iter().map(grant).collect())
    }

    fn one_grant(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Grant>> {
        self.db(|db| db.query_opt(sql, params)?.as_ref().map(grant).transpose())
    }
}

fn grant(r: &Row) -> Result<Grant> {
    let coach_name: Option<String> = get(r, "coach_name")?;
    let coach_id: Option<i64> = get(r, "coach_id")?;
    Ok(Grant {
        id: GrantId(get(r, "id")?),
        person: UserId(get(r, "user_id")?),
        person_name: get(r, "person_name")?,
        coach_email: get(r, "coach_email")?,
        coach: coach_name.map(|name| Coach { id: coach_id.map(UserId), name }),
        share_bodies: get(r, "share_bodies")?,
        created_at: get(r, "created_at")?,
        accepted_at: get(r, "accepted_at")?,
        revoked_at: get(r, "revoked_at")?,
    })
}

fn coach(r: &Row) -> Result<Coach> {
    Ok(Coach { id: get::<Option<i64>>(r, "coach_id")?.map(UserId), name: get(r, "coach_name")? })
}

fn comment(r: &Row) -> Result<Comment> {
    Ok(Comment {
        id: get(r, "id")?,
        application: ApplicationId(get(r, "application_id")?),
        coach: coach(r)?,
        body: get(r, "body")?,
        at: get(r, "at")?,
    })
}

fn not_found(id: GrantId) -> Error {
    Error::not_found(RecordKind::Grant, id)
}

impl Coaching for PgPool {
    fn add_grant(&self, new: &NewGrant<'_>) -> Result<Grant> {
        let sql = format!(
            "WITH g AS (
                 INSERT INTO coach_grants (user_id, coach_email, token_sha256, share_bodies, created_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING *)
             SELECT {GRANT} FROM {FROM}"
        );
        let token: &[u8] = &new.token_sha256;
        self.one_grant(&sql, &[&new.person.0, &new.coach_email, &token, &new.share_bodies, &new.created_at])?
            .ok_or_else(|| Error::Invalid { reason: "the grant was not stored".into() })
    }

    fn grant_by_token(&self, token_sha256: &[u8; 32]) -> Result<Option<Grant>> {
        let token: &[u8] = token_sha256;
        self.one_grant(
            &format!("SELECT {GRANT} FROM coach_grants {FROM} WHERE g.token_sha256 = $1"),
            &[&token],
        )
    }

    fn grant(&self, person: UserId, id: GrantId) -> Result<Grant> {
        self.one_grant(
            &format!("SELECT {GRANT} FROM coach_grants {FROM} WHERE g.id = $1 AND g.user_id = $2"),
            &[&id.0, &person.0],
        )?
        .ok_or_else(|| not_found(id))
    }

    fn grants_given(&self, person: UserId) -> Result<Vec<Grant>> {
        self.grants(
            &format!("SELECT {GRANT} FROM coach_grants {FROM} WHERE g.user_id = $1 ORDER BY g.created_at DESC, g.id DESC"),
            &[&person.0],
        )
    }

    fn grants_held(&self, coach: UserId) -> Result<Vec<Grant>> {
        self.grants(
            &format!(
                "SELECT {GRANT} FROM coach_grants {FROM} WHERE g.coach_id = $1 AND {LIVE}
                 ORDER BY g.accepted_at, g.id"
            ),
            &[&coach.0],
        )
    }

    fn accept_grant(&self, id: GrantId, coach: UserId, at: Timestamp) -> Result<Option<Grant>> {
        self.one_grant(
            &format!(
                "WITH g AS (
                     UPDATE coach_grants SET coach_id = $2, accepted_at = $3,
                         coach_name = (SELECT coalesce(nullif(name, ''), email, '') FROM users WHERE id = $2)
                     WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND user_id <> $2
                     RETURNING *)
                 SELECT {GRANT} FROM {FROM}"
            ),
            &[&id.0, &coach.0, &at],
        )
    }

    fn revoke_grant(&self, person: UserId, id: GrantId, at: Timestamp) -> Result<Grant> {
        self.one_grant(
            &format!(
                "WITH g AS (
                     UPDATE coach_grants SET revoked_at = coalesce(revoked_at, $3)
                     WHERE id = $1 AND user_id = $2 RETURNING *)
                 SELECT {GRANT} FROM {FROM}"
            ),
            &[&id.0, &person.0, &at],
        )?
        .ok_or_else(|| not_found(id))
    }

    fn set_share_bodies(&self, person: UserId, id: GrantId, share: bool) -> Result<Grant> {
        self.one_grant(
            &format!(
                "WITH g AS (
                     UPDATE coach_grants SET share_bodies = $3 WHERE id = $1 AND user_id = $2 RETURNING *)
                 SELECT {GRANT} FROM {FROM}"
            ),
            &[&id.0, &person.0, &share],
        )?
        .ok_or_else(|| not_found(id))
    }

    fn live_grant(&self, coach: UserId, id: GrantId) -> Result<Option<Grant>> {
        self.one_grant(
            &format!(
                "SELECT {GRANT} FROM coach_grants {FROM} WHERE g.id = $1 AND g.coach_id = $2 AND {LIVE}"
            ),
            &[&id.0, &coach.0],
        )
    }

    fn record_view(&self, coach: UserId, id: GrantId, what: Viewed, at: Timestamp) -> Result<bool> {
        let n = self.db(|db| {
            db.execute(
                &format!(
                    "INSERT INTO coach_views (grant_id, user_id, coach_id, coach_name, at, what)
                     SELECT g.id, g.user_id, g.coach_id, {COACH_NAME}, $3, $4
                     FROM coach_grants g JOIN users c ON c.id = g.coach_id
                     WHERE g.id = $1 AND g.coach_id = $2 AND {LIVE}"
                ),
                &[&id.0, &coach.0, &at, &what.to_string()],
            )
        })?;
        Ok(n == 1)
    }

    fn views(&self, person: UserId) -> Result<Vec<CoachView>> {
        self.db(|db| {
            let rows = db.query(
                "SELECT grant_id, coach_id, coach_name, at, what FROM coach_views
                 WHERE user_id = $1 ORDER BY at DESC, grant_id DESC",
                &[&person.0],
            )?;
            rows.iter()
                .map(|r| {
                    let what: String = get(r, "what")?;
                    Ok(CoachView {
                        grant: GrantId(get(r, "grant_id")?),
                        coach: coach(r)?,
                        at: get(r, "at")?,
                        what: what.parse().map_err(|e| corrupt("what", e))?,
                    })
                })
                .collect()
        })
    }

    fn add_comment(
        &self,
        coach: UserId,
        id: GrantId,
        application: ApplicationId,
        body: &str,
        at: Timestamp,
    ) -> Result<Option<Comment>> {
        self.db(|db| {
            let row = db.query_opt(
                &format!(
                    "INSERT INTO coach_comments (user_id, application_id, coach_id, coach_name, body, at)
                     SELECT g.user_id, a.id, g.coach_id, {COACH_NAME}, $4, $5
                     FROM coach_grants g JOIN users c ON c.id = g.coach_id
                     JOIN applications a ON a.user_id = g.user_id AND a.id = $3
                     WHERE g.id = $1 AND g.coach_id = $2 AND {LIVE}
                     RETURNING id, application_id, coach_id, coach_name, body, at"
                ),
                &[&id.0, &coach.0, &application.0, &body, &at],
            )?;
            row.as_ref().map(comment).transpose()
        })
    }

    fn comments(&self, person: UserId, application: ApplicationId) -> Result<Vec<Comment>> {
        self.db(|db| {
            db.query(
                "SELECT id, application_id, coach_id, coach_name, body, at FROM coach_comments
                 WHERE user_id = $1 AND application_id = $2 ORDER BY at, id",
                &[&person.0, &application.0],
            )?
            .iter()
            .map(comment)
            .collect()
        })
    }
}

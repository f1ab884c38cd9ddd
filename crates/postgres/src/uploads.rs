//! Files waiting between their preview and their import, for the web app
//! in server mode: several processes serve the same people, so a file
//! previewed through one must be there for the next request, whichever
//! process gets it. Each is the user's own, under a random id, for a while.

use afterview_store::{Result, UserId};
use jiff::{SignedDuration, Timestamp};

use crate::PgPool;
use crate::pool::Db;

/// A file kept for a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub name: String,
    /// What the web app took it for (its own word: `csv`, `invite`, `mail`).
    pub kind: String,
    pub bytes: Vec<u8>,
}

impl PgPool {
    /// Keeps `upload` for `user` under `id`, replacing one kept under it.
    /// The user's files older than `keep_for` go first, then the oldest
    /// until fewer than `at_most` are left: a user cannot fill the disk.
    pub fn keep_upload(
        &self,
        user: UserId,
        id: &str,
        upload: &Upload,
        now: Timestamp,
        keep_for: SignedDuration,
        at_most: usize,
    ) -> Result<()> {
        let since = now - keep_for;
        let keep = i64::try_from(at_most.saturating_sub(1)).unwrap_or(i64::MAX);
        self.in_tx(|db: &mut Db<'_, postgres::Transaction<'_>>| {
            db.execute("DELETE FROM uploads WHERE user_id = $1 AND (created_at <= $2 OR id = $3)", &[
                &user.0, &since, &id,
            ])?;
            db.execute(
                "DELETE FROM uploads WHERE user_id = $1 AND id IN (
                     SELECT id FROM uploads WHERE user_id = $1 ORDER BY created_at DESC OFFSET $2)",
                &[&user.0, &keep],
            )?;
            db.execute(
                "INSERT INTO uploads (user_id, id, name, kind, bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                &[&user.0, &id, &upload.name, &upload.kind, &upload.bytes, &now],
            )?;
            Ok(())
        })
    }

    /// The user's file under `id`, taken out (an import uses it once), if
    /// it was kept after `since`.
    pub fn take_upload(&self, user: UserId, id: &str, since: Timestamp) -> Result<Option<Upload>> {
        self.with_db(|db| {
            let row = db.query_opt(
                "DELETE FROM uploads WHERE user_id = $1 AND id = $2 RETURNING name, kind, bytes, created_at",
                &[&user.0, &id],
            )?;
            let Some(row) = row else { return Ok(None) };
            let at: Timestamp = row.try_get("created_at").map_err(crate::error::error)?;
            if at <= since {
                return Ok(None);
            }
            Ok(Some(Upload {
                name: row.try_get("name").map_err(crate::error::error)?,
                kind: row.try_get("kind").map_err(crate::error::error)?,
                bytes: row.try_get("bytes").map_err(crate::error::error)?,
            }))
        })
    }
}

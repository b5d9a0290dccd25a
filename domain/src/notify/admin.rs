//! AUTO-6/AUTO-7: the operators' view of the outbox (ADMIN only):
//! statistics per kind, the list of notifications, and the two repairs, a
//! retry of a `FAILED` notification and cancelling one not yet sent. The
//! repairs are written to the audit log (entity `NOTIFICATION`).

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::{INBOX_SUFFIX, NoticeKind, Notification};
use crate::Ctx;
use crate::audit::{self, FieldChange};
use crate::error::{DomainError, DomainResult};
use crate::org::{Actor, Role};
use crate::page::{self, Keyed, Page, PageRequest, SortKey};

/// The statuses a notification can have, as stored.
pub const STATUSES: &[&str] = &["PENDING", "SENDING", "SENT", "FAILED", "CANCELLED"];

/// Only an ADMIN signed in as a person administers the outbox and the
/// queues; API tokens (read-only) and every other role are refused.
pub fn require_ops_admin(actor: &Actor) -> DomainResult<()> {
    if actor.read_only || !actor.has_role(Role::Admin) {
        return Err(DomainError::Forbidden(
            "only an ADMIN may administer notifications and job queues".into(),
        ));
    }
    Ok(())
}

/// Counts of one kind on one channel, by status.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct KindStats {
    pub kind: String,
    /// `EMAIL` or `INBOX`.
    pub channel: String,
    pub pending: i64,
    pub sending: i64,
    pub sent: i64,
    pub failed: i64,
    pub cancelled: i64,
    /// `PENDING` after at least one failed attempt: waiting in backoff or
    /// due again.
    pub retrying: i64,
}

/// Failed delivery attempts of one kind for one reason, since the start.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct FailureCount {
    pub kind: String,
    /// One of [`FAILURE_REASONS`].
    pub reason: String,
    pub attempts: i64,
    pub last_at: DateTime<Utc>,
}

/// Why a delivery attempt failed, as counted: a 4xx reply, no connection
/// or a timeout, a 5xx refusal, a suppressed address, a template or
/// message that cannot be built, anything else.
pub const FAILURE_REASONS: [&str; 6] = [
    "smtp_transient",
    "connection",
    "smtp_permanent",
    "suppressed",
    "render",
    "other",
];

/// The outbox at one moment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutboxStats {
    /// Sorted by kind, then channel.
    pub kinds: Vec<KindStats>,
    /// Seconds since the oldest `PENDING` notification first became due
    /// (`due_at`, kept through retries: rows waiting in backoff count);
    /// `None` when none is due.
    pub oldest_pending_age_secs: Option<i64>,
    /// Failed attempts per kind and reason, sorted.
    pub failures: Vec<FailureCount>,
}

/// Counts one failed delivery attempt of `kind` (a metric, outside the
/// attempt's own transaction). An unknown reason counts as `other`.
pub async fn count_failure(
    pool: &PgPool,
    kind: NoticeKind,
    reason: &str,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let reason = if FAILURE_REASONS.contains(&reason) {
        reason
    } else {
        "other"
    };
    sqlx::query(
        "INSERT INTO notification_failures (kind, reason, attempts, last_at) VALUES ($1, $2, 1, $3)
         ON CONFLICT (kind, reason) DO UPDATE
            SET attempts = notification_failures.attempts + 1, last_at = EXCLUDED.last_at",
    )
    .bind(kind)
    .bind(reason)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

/// Outbox statistics at `now` (one grouped scan and one indexed lookup).
pub async fn stats(pool: &PgPool, now: DateTime<Utc>) -> DomainResult<OutboxStats> {
    let kinds = sqlx::query_as(
        "SELECT kind, channel,
                count(*) FILTER (WHERE status = 'PENDING') AS pending,
                count(*) FILTER (WHERE status = 'SENDING') AS sending,
                count(*) FILTER (WHERE status = 'SENT') AS sent,
                count(*) FILTER (WHERE status = 'FAILED') AS failed,
                count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled,
                count(*) FILTER (WHERE status = 'PENDING' AND attempts > 0) AS retrying
         FROM notifications GROUP BY kind, channel ORDER BY kind, channel",
    )
    .fetch_all(pool)
    .await?;
    let oldest: Option<DateTime<Utc>> = sqlx::query_scalar(
        "SELECT min(due_at) FROM notifications WHERE status = 'PENDING' AND due_at <= $1",
    )
    .bind(now)
    .fetch_one(pool)
    .await?;
    let failures = sqlx::query_as(
        "SELECT kind, reason, attempts, last_at FROM notification_failures ORDER BY kind, reason",
    )
    .fetch_all(pool)
    .await?;
    Ok(OutboxStats {
        kinds,
        oldest_pending_age_secs: oldest.map(|t| (now - t).num_seconds().max(0)),
        failures,
    })
}

/// What the operators' list shows.
#[derive(Clone, Debug, Default)]
pub struct NotificationFilter {
    /// One of [`STATUSES`].
    pub status: Option<String>,
    pub kind: Option<String>,
}

/// A page of the outbox, newest first (by `created_at`, then id).
pub async fn list(
    pool: &PgPool,
    filter: &NotificationFilter,
    req: &PageRequest,
) -> DomainResult<Page<Notification>> {
    if let Some(s) = &filter.status
        && !STATUSES.contains(&s.as_str())
    {
        return Err(DomainError::validation(
            "status",
            format!("must be one of {}", STATUSES.join(", ")),
        ));
    }
    let sort = SortKey {
        expr: "n.created_at",
        sql_type: "timestamptz",
        descending: true,
    };
    let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(
        "SELECT n.*, n.created_at::text AS sort_key FROM notifications n WHERE TRUE",
    );
    if let Some(s) = &filter.status {
        qb.push(" AND n.status = ");
        qb.push_bind(s.clone());
    }
    if let Some(k) = &filter.kind {
        qb.push(" AND n.kind = ");
        qb.push_bind(k.clone());
    }
    page::push_keyset(&mut qb, "n.id", sort, req);
    let rows: Vec<Keyed<Notification>> = qb.build_query_as().fetch_all(pool).await?;
    Ok(page::into_page(rows, |n| n.id, req))
}

/// One notification, for an operator.
pub async fn get(pool: &PgPool, id: Uuid) -> DomainResult<Notification> {
    sqlx::query_as("SELECT * FROM notifications WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(DomainError::NotFound)
}

fn status_change(old: &str, new: &str) -> FieldChange {
    FieldChange {
        field: "status".into(),
        old: old.into(),
        new: new.into(),
    }
}

/// AUTO-6: an operator sends a `FAILED` notification again: it becomes
/// `PENDING`, due at once, with a fresh round of attempts (so an outage
/// longer than the backoff, once over, is replayed with the full retry
/// bound). The failed round stays on record: the audit entry keeps the
/// old attempt count, `last_error` keeps the last error until a send
/// succeeds. Any other status is a conflict. Audited as `RETRY`.
pub async fn retry(pool: &PgPool, ctx: &Ctx, id: Uuid) -> DomainResult<Notification> {
    require_ops_admin(&ctx.actor)?;
    let mut tx = pool.begin().await?;
    let (status, attempts): (String, i32) =
        sqlx::query_as("SELECT status, attempts FROM notifications WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(DomainError::NotFound)?;
    if status != "FAILED" {
        return Err(DomainError::conflict(format!(
            "only a FAILED notification can be retried; this one is {status}"
        )));
    }
    let n: Notification = sqlx::query_as(
        "UPDATE notifications SET status = 'PENDING', next_attempt_at = $2, due_at = $2, attempts = 0,
                claimed_at = NULL, claimed_by = NULL
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        "NOTIFICATION",
        id,
        "RETRY",
        &[
            status_change(&status, "PENDING"),
            audit::FieldChange {
                field: "attempts".into(),
                old: attempts.into(),
                new: 0.into(),
            },
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(n)
}

/// AUTO-6: an operator cancels a notification not yet sent (`PENDING` or
/// `FAILED`): it becomes `CANCELLED` and is never sent; its in-app twin
/// (`{key}:inbox`) is cancelled too, so it leaves the recipient's inbox.
/// One being sent right now, or already sent or cancelled, is a conflict.
/// Audited as `CANCEL`.
pub async fn cancel(pool: &PgPool, ctx: &Ctx, id: Uuid) -> DomainResult<Notification> {
    require_ops_admin(&ctx.actor)?;
    let mut tx = pool.begin().await?;
    let status: String =
        sqlx::query_scalar("SELECT status FROM notifications WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(DomainError::NotFound)?;
    match status.as_str() {
        "PENDING" | "FAILED" => {}
        "SENDING" => {
            return Err(DomainError::conflict(
                "the notification is being sent right now; try again in a minute",
            ));
        }
        _ => {
            return Err(DomainError::conflict(format!(
                "only a PENDING or FAILED notification can be cancelled; this one is {status}"
            )));
        }
    }
    let reason = format!("cancelled by {}", ctx.actor.label);
    let n: Notification = sqlx::query_as(
        "UPDATE notifications SET status = 'CANCELLED', last_error = $2
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(&reason)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE notifications SET status = 'CANCELLED', last_error = $2
         WHERE dedup_key = $1 AND channel = 'INBOX' AND status <> 'CANCELLED'",
    )
    .bind(format!("{}{INBOX_SUFFIX}", n.dedup_key))
    .bind(&reason)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        "NOTIFICATION",
        id,
        "CANCEL",
        &[status_change(&status, "CANCELLED")],
    )
    .await?;
    tx.commit().await?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(roles: Vec<Role>, read_only: bool) -> Actor {
        Actor {
            user_id: (!read_only).then(Uuid::now_v7),
            label: "t".into(),
            roles,
            subtree: Vec::new(),
            read_only,
            token_units: None,
        }
    }

    #[test]
    fn auto7_only_a_signed_in_admin_administers_the_outbox() {
        assert!(require_ops_admin(&actor(vec![Role::Admin], false)).is_ok());
        assert!(require_ops_admin(&actor(vec![Role::Admin], true)).is_err());
        assert!(require_ops_admin(&actor(vec![Role::GeneralManager], false)).is_err());
        assert!(require_ops_admin(&actor(Vec::new(), true)).is_err());
    }
}

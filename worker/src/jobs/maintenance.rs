//! Handler of the Redis `maintenance` queue.

use std::time::Duration;

use apalis::prelude::{BoxDynError, Data};
use chrono::Utc;
use sqlx::PgPool;

use super::{JobContext, decode};
use crate::client::{MaintenanceJob, QUEUES, keys::QueueKeys};
use crate::queue_gc;

/// Finished jobs stay visible in queue statistics this long.
const KEEP_DONE: Duration = Duration::from_secs(24 * 3600);
/// Dead jobs stay longer: someone may want to look at them.
const KEEP_DEAD: Duration = Duration::from_secs(7 * 24 * 3600);

/// Handles one maintenance job.
pub async fn handle(payload: serde_json::Value, ctx: Data<JobContext>) -> Result<(), BoxDynError> {
    let started = std::time::Instant::now();
    let result = run(payload, &ctx).await;
    ctx.status.record_outcome(
        crate::client::MAINTENANCE_QUEUE,
        result.is_ok(),
        started.elapsed(),
    );
    result
}

async fn run(payload: serde_json::Value, ctx: &JobContext) -> Result<(), BoxDynError> {
    match decode::<MaintenanceJob>(payload)? {
        MaintenanceJob::Housekeeping { tick, requested_by } => {
            let sessions = purge_sessions(&ctx.pool).await?;
            let notifications = purge_notifications(&ctx.pool).await?;
            let heartbeats = purge_stale_heartbeats(&ctx.pool).await?;
            let mut redis = ctx.redis.clone();
            let pruned = prune_all_queues(&mut redis, &ctx.namespace).await?;
            tracing::debug!(
                tick, %requested_by, sessions, notifications, heartbeats, pruned,
                "housekeeping done"
            );
        }
    }
    ctx.status.record_job(Utc::now());
    Ok(())
}

/// Deletes sessions that expired, or were revoked, more than a day ago.
/// The day of grace keeps "your session expired" answerable for a while.
pub async fn purge_sessions(pool: &PgPool) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "DELETE FROM sessions
          WHERE expires_at < now() - interval '1 day'
             OR revoked_at < now() - interval '1 day'",
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// Days a sent or cancelled notification is kept. The scans look back at
/// most a few weeks, so an older key can never be recorded again; failed
/// ones stay until an operator deals with them.
pub const NOTIFICATION_RETENTION_DAYS: i32 = 400;

/// Deletes sent and cancelled notifications older than the retention, at
/// most 10 000 per run so one run never holds locks for long.
pub async fn purge_notifications(pool: &PgPool) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "DELETE FROM notifications WHERE id IN (
             SELECT id FROM notifications
             WHERE status IN ('SENT', 'CANCELLED') AND created_at < now() - make_interval(days => $1)
             LIMIT 10000)",
    )
    .bind(NOTIFICATION_RETENTION_DAYS)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// Deletes heartbeat rows of workers silent for a week: every process start
/// has its own name (host-pid), so rows of past processes would pile up.
pub async fn purge_stale_heartbeats(pool: &PgPool) -> sqlx::Result<u64> {
    let done =
        sqlx::query("DELETE FROM worker_heartbeats WHERE last_tick_at < now() - interval '7 days'")
            .execute(pool)
            .await?;
    Ok(done.rows_affected())
}

async fn prune_all_queues(
    conn: &mut redis::aio::ConnectionManager,
    namespace: &str,
) -> redis::RedisResult<u64> {
    let mut pruned = 0;
    for queue in QUEUES {
        let keys = QueueKeys::new(namespace, queue);
        pruned += queue_gc::prune_finished(conn, &keys, KEEP_DONE, KEEP_DEAD).await?;
    }
    Ok(pruned)
}

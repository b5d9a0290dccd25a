//! The heartbeat cron job: proves this process is alive and asks the
//! maintenance queue for housekeeping.
//!
//! It runs in every worker process (apalis-cron schedules are per process).
//! The heartbeat row is per process, so that is right; the housekeeping job it
//! enqueues carries an idempotency key per tick, so N processes still make
//! one job per tick.

use apalis::prelude::{BoxDynError, Data};
use apalis_cron::Tick;
use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::JobContext;
use crate::client::{self, MaintenanceJob};

/// Handles one cron tick.
pub async fn on_tick(tick: Tick<chrono_tz::Tz>, ctx: Data<JobContext>) -> Result<(), BoxDynError> {
    let now = Utc::now();
    let started_at = ctx.status.started_at().unwrap_or(now);
    let ticks = record_heartbeat(&ctx.pool, &ctx.worker_name, started_at).await?;
    ctx.status.record_tick(now);
    let job = MaintenanceJob::Housekeeping {
        tick: tick.get_timestamp(),
        requested_by: ctx.worker_name.clone(),
    };
    let key = format!("housekeeping:{}", tick.get_timestamp());
    let added = client::enqueue_maintenance(&ctx.redis, &ctx.namespace, &job, Some(&key)).await?;
    tracing::debug!(worker = %ctx.worker_name, ticks, housekeeping_enqueued = added, "heartbeat");
    Ok(())
}

/// Upserts this worker's row in `worker_heartbeats`; returns its tick count.
pub async fn record_heartbeat(
    pool: &PgPool,
    worker_name: &str,
    started_at: DateTime<Utc>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO worker_heartbeats (worker_name, started_at, last_tick_at, ticks)
         VALUES ($1, $2, now(), 1)
         ON CONFLICT (worker_name) DO UPDATE
            SET started_at = EXCLUDED.started_at,
                last_tick_at = now(),
                ticks = worker_heartbeats.ticks + 1
         RETURNING ticks",
    )
    .bind(worker_name)
    .bind(started_at)
    .fetch_one(pool)
    .await
}

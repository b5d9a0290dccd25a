//! What other processes (the API) may use of the worker: queue names, job
//! contracts, enqueueing, and queue statistics read from Redis.
//!
//! Nothing here starts a worker. Every queue lives under the deployment's
//! namespace: apalis-redis has no namespace of its own, its queue name *is*
//! the key prefix, so queue `maintenance` in namespace `salesd` uses keys
//! `salesd:maintenance:*` (layout in [`keys`] and `docs/worker.md`).

use std::time::Duration;

use apalis::prelude::TaskBuilder;
use redis::aio::ConnectionManager;
use serde::{Deserialize, Serialize};

use crate::config::redact_url;

pub mod admin;
pub mod keys;
mod stats;

pub use stats::{QueueStats, queue_stats, queue_stats_all};

/// Housekeeping: session purge, pruning finished jobs.
pub const MAINTENANCE_QUEUE: &str = "maintenance";

/// Reminder scans: find in PostgreSQL what has become due (follow-ups,
/// revisits, pool reclaim, complaints, care) and record notifications.
pub const SCAN_QUEUE: &str = "scan";
/// Delivery: claim due notifications from the outbox and send them.
pub const NOTIFY_QUEUE: &str = "notify";

/// AUTO-4: the periodic assessment runs (long: minutes for a month of
/// thousands of people), on a queue of their own so they never hold up
/// the scans.
pub const ASSESS_QUEUE: &str = "assess";

/// Every Redis queue the worker consumes, for statistics.
pub const QUEUES: &[&str] = &[MAINTENANCE_QUEUE, SCAN_QUEUE, NOTIFY_QUEUE, ASSESS_QUEUE];

/// How long an idempotency key blocks a duplicate enqueue. apalis-redis
/// deletes the key at once when no TTL is set (it runs `EXPIRE key 0`), so
/// idempotency only works with a TTL.
pub const IDEMPOTENCY_TTL: Duration = Duration::from_secs(24 * 3600);

/// Jobs of the maintenance queue. Payloads carry ids and facts, never state
/// a handler could re-read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MaintenanceJob {
    /// Purge old sessions and prune old finished jobs. `tick` is the cron
    /// tick (unix seconds) that asked for it; every worker process ticks, and
    /// the idempotency key `housekeeping:{tick}` keeps it to one job per tick.
    Housekeeping { tick: u64, requested_by: String },
}

/// Jobs of the scan queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScanJob {
    /// Run one scan. `tick` (unix seconds) is the cron tick that asked for
    /// it: the idempotency key `scan:{scan}:{tick}` keeps N worker processes
    /// to one job per scan and tick.
    Scan {
        scan: salesd_domain::notify::scan::ScanKind,
        tick: u64,
    },
}

/// Jobs of the notify queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NotifyJob {
    /// Send what is due in the outbox until nothing is left (or the round's
    /// time is up). Carries no ids: the outbox in PostgreSQL is the work
    /// list, so a lost job loses nothing and a duplicate sends nothing twice.
    Drain { tick: u64, reason: String },
}

/// Jobs of the assess queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AssessJob {
    /// Run the assessment periods due at `tick` (the cron tick's scheduled
    /// instant, unix seconds) that need it (AUTO-4). The idempotency key
    /// `assess:{tick}` keeps N worker processes to one job per tick.
    Due { tick: u64 },
}

/// The apalis-redis queue name (and key prefix) of `queue` in `namespace`.
pub fn queue_name(namespace: &str, queue: &str) -> String {
    format!("{namespace}:{queue}")
}

/// The apalis-redis configuration of a queue; workers add their heartbeat.
pub fn queue_config(namespace: &str, queue: &str) -> apalis_redis::Config {
    apalis_redis::Config::default()
        .queue(queue_name(namespace, queue))
        .idempotency_ttl(Some(IDEMPOTENCY_TTL))
}

/// Why a Redis operation of this module failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("REDIS_URL {url} is not a valid Redis URL: {source}")]
    BadUrl {
        url: String,
        source: redis::RedisError,
    },
    #[error(
        "cannot reach Redis at {url}: {reason} — start it (scripts/services.sh) or set REDIS_URL"
    )]
    Unreachable { url: String, reason: String },
    #[error("encoding the {queue} job failed: {0}", queue = .1)]
    Encode(serde_json::Error, String),
    #[error("enqueueing to {queue} failed: {source}")]
    Enqueue {
        queue: String,
        source: apalis_redis::Error,
    },
}

/// Connects to Redis, failing within seconds when it is not there.
///
/// One probe connection with short timeouts comes first: the connection
/// manager alone would retry with backoff for several seconds before giving
/// up. Once connected, the manager reconnects by itself after a blip.
pub async fn connect(redis_url: &str) -> Result<ConnectionManager, ClientError> {
    let url = redact_url(redis_url);
    let client = redis::Client::open(redis_url).map_err(|source| ClientError::BadUrl {
        url: url.clone(),
        source,
    })?;
    let unreachable = |reason: String| ClientError::Unreachable {
        url: url.clone(),
        reason,
    };
    let probe_cfg = redis::AsyncConnectionConfig::new()
        .set_connection_timeout(Some(Duration::from_secs(2)))
        .set_response_timeout(Some(Duration::from_secs(2)));
    let probe = async {
        let mut conn = client
            .get_multiplexed_async_connection_with_config(&probe_cfg)
            .await?;
        redis::cmd("PING").query_async::<String>(&mut conn).await
    };
    match tokio::time::timeout(Duration::from_secs(5), probe).await {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => return Err(unreachable(e.to_string())),
        Err(_) => return Err(unreachable("no answer within 5 s".to_owned())),
    }
    let cfg = redis::aio::ConnectionManagerConfig::new()
        .set_connection_timeout(Some(Duration::from_secs(3)))
        .set_response_timeout(Some(Duration::from_secs(5)));
    client
        .get_connection_manager_with_config(cfg)
        .await
        .map_err(|e| unreachable(e.to_string()))
}

/// Enqueues `job` on `queue` for immediate processing.
///
/// With an `idempotency_key`, a second enqueue with the same key within
/// [`IDEMPOTENCY_TTL`] is dropped. Returns whether the job was added.
pub async fn enqueue<T: Serialize>(
    conn: &ConnectionManager,
    namespace: &str,
    queue: &str,
    job: &T,
    idempotency_key: Option<&str>,
) -> Result<bool, ClientError> {
    let payload = serde_json::to_vec(job).map_err(|e| ClientError::Encode(e, queue.to_owned()))?;
    let mut task = TaskBuilder::new(payload);
    if let Some(key) = idempotency_key {
        task = task.idempotency_key(key);
    }
    let cfg = queue_config(namespace, queue);
    let mut conn = conn.clone();
    let (enqueued, scheduled) = apalis_redis::queries::push_tasks(&mut conn, &cfg, &[task.build()])
        .await
        .map_err(|source| ClientError::Enqueue {
            queue: queue.to_owned(),
            source,
        })?;
    Ok(enqueued + scheduled > 0)
}

/// Enqueues a [`ScanJob`].
pub async fn enqueue_scan(
    conn: &ConnectionManager,
    namespace: &str,
    job: &ScanJob,
    idempotency_key: Option<&str>,
) -> Result<bool, ClientError> {
    enqueue(conn, namespace, SCAN_QUEUE, job, idempotency_key).await
}

/// Enqueues a [`NotifyJob`].
pub async fn enqueue_notify(
    conn: &ConnectionManager,
    namespace: &str,
    job: &NotifyJob,
    idempotency_key: Option<&str>,
) -> Result<bool, ClientError> {
    enqueue(conn, namespace, NOTIFY_QUEUE, job, idempotency_key).await
}

/// Enqueues an [`AssessJob`].
pub async fn enqueue_assess(
    conn: &ConnectionManager,
    namespace: &str,
    job: &AssessJob,
    idempotency_key: Option<&str>,
) -> Result<bool, ClientError> {
    enqueue(conn, namespace, ASSESS_QUEUE, job, idempotency_key).await
}

/// Enqueues a [`MaintenanceJob`].
pub async fn enqueue_maintenance(
    conn: &ConnectionManager,
    namespace: &str,
    job: &MaintenanceJob,
    idempotency_key: Option<&str>,
) -> Result<bool, ClientError> {
    enqueue(conn, namespace, MAINTENANCE_QUEUE, job, idempotency_key).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maintenance_job_wire_format_is_stable() {
        let job = MaintenanceJob::Housekeeping {
            tick: 60,
            requested_by: "h-1".into(),
        };
        let json = serde_json::to_string(&job).expect("encode");
        assert_eq!(
            json,
            r#"{"kind":"housekeeping","tick":60,"requested_by":"h-1"}"#
        );
    }

    #[test]
    fn assess_job_wire_format_is_stable() {
        let json = serde_json::to_string(&AssessJob::Due { tick: 60 }).expect("encode");
        assert_eq!(json, r#"{"kind":"due","tick":60}"#);
    }

    #[test]
    fn queue_names_carry_the_namespace() {
        assert_eq!(
            queue_name("salesd", MAINTENANCE_QUEUE),
            "salesd:maintenance"
        );
        let cfg = queue_config("t1", MAINTENANCE_QUEUE);
        assert_eq!(cfg.active_jobs_list(), "t1:maintenance:active");
        assert_eq!(cfg.idempotency_ttl, Some(IDEMPOTENCY_TTL));
    }
}

//! Queue statistics read straight from apalis-redis's keys.
//!
//! apalis-redis 1.0.0's own `Metrics::fetch_by_queue` / `global` /
//! `list_queues` fail or return zeros: their Lua calls `ZCARD` on `done` and
//! `dead`, which are SETs, and look for queues under a key nothing writes.

use chrono::{DateTime, Utc};
use redis::aio::ConnectionManager;

use super::keys::QueueKeys;

/// Counts of one queue at one moment.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct QueueStats {
    /// The queue's short name (`maintenance`), without the namespace.
    pub name: String,
    /// Waiting in the scheduled set: future jobs, retries, and freshly pushed
    /// jobs (apalis-redis 1.0.0 schedules every push; a worker's next fetch
    /// moves the due ones on).
    pub scheduled: u64,
    /// Due and waiting for a worker.
    pub active: u64,
    /// Fetched by a live worker, not yet finished.
    pub running: u64,
    /// Finished successfully (until pruned).
    pub done: u64,
    /// Given up: killed, or failed on every attempt.
    pub dead: u64,
    /// Registered workers and their last heartbeat.
    pub workers: Vec<(String, DateTime<Utc>)>,
}

impl QueueStats {
    /// Jobs not yet started: `scheduled + active`.
    pub fn waiting(&self) -> u64 {
        self.scheduled + self.active
    }
}

/// Reads the statistics of `queue` in `namespace`.
pub async fn queue_stats(
    conn: &mut ConnectionManager,
    namespace: &str,
    queue: &str,
) -> redis::RedisResult<QueueStats> {
    let k = QueueKeys::new(namespace, queue);
    let (scheduled, active, done, dead, workers): (u64, u64, u64, u64, Vec<(String, f64)>) =
        redis::pipe()
            .cmd("ZCARD")
            .arg(k.scheduled())
            .cmd("LLEN")
            .arg(k.active())
            .cmd("SCARD")
            .arg(k.done())
            .cmd("SCARD")
            .arg(k.dead())
            .cmd("ZRANGE")
            .arg(k.workers())
            .arg(0)
            .arg(-1)
            .arg("WITHSCORES")
            .query_async(conn)
            .await?;
    let running: Vec<u64> = if workers.is_empty() {
        Vec::new()
    } else {
        let mut pipe = redis::pipe();
        for (name, _) in &workers {
            pipe.cmd("SCARD").arg(k.inflight(name));
        }
        pipe.query_async(conn).await?
    };
    let workers = workers
        .into_iter()
        .map(|(name, score)| {
            let at = DateTime::from_timestamp(score as i64, 0).unwrap_or_default();
            (name, at)
        })
        .collect();
    Ok(QueueStats {
        name: queue.to_owned(),
        scheduled,
        active,
        running: running.iter().sum(),
        done,
        dead,
        workers,
    })
}

/// Statistics of every queue in [`super::QUEUES`].
pub async fn queue_stats_all(
    conn: &mut ConnectionManager,
    namespace: &str,
) -> redis::RedisResult<Vec<QueueStats>> {
    let mut all = Vec::with_capacity(super::QUEUES.len());
    for queue in super::QUEUES {
        all.push(queue_stats(conn, namespace, queue).await?);
    }
    Ok(all)
}

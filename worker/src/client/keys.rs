//! The Redis key layout of apalis-redis 1.0.0, read from its source
//! (`src/config.rs`, `lua/*.lua`), for one queue `q` = `{namespace}:{queue}`.
//!
//! | key | type | holds |
//! |---|---|---|
//! | `q:scheduled` | ZSET id → run-at (unix s) | every pushed job until fetched; 1.0.0 puts *all* pushes here, even "now" ones, and retries |
//! | `q:active` | LIST of ids | due jobs promoted from `scheduled`, or re-enqueued orphans, waiting for a worker |
//! | `q:inflight:{worker}` | SET of ids | jobs a worker has fetched and not yet acknowledged |
//! | `q:done` | SET of ids | finished jobs (never trimmed by apalis) |
//! | `q:dead` | SET of ids | jobs killed (`AbortError`, panic) or failed 25 times |
//! | `q:failed` | — | named in the config, never written |
//! | `q:data` | HASH id → payload | job arguments (JSON) |
//! | `q:meta:{id}` | HASH | `attempts`, `max_attempts`, `status`, `result`, `done_at`, `locked_by`, `locked_at`, `idempotency_key` |
//! | `q:workers` | ZSET worker → last heartbeat (unix s) | registered workers |
//! | `q:workers:metadata:{worker}` | HASH | `backend_name`, `service`; apalis never deletes it |
//! | `q:signal` | LIST | a "jobs available" flag |
//! | `q:idempotency:{key}` | STRING → id | claimed idempotency keys (TTL) |
//! | `core:apalis:queues:list` | ZSET | *global*, outside any namespace: member `q:workers` per queue ever registered |
//!
//! Pub/sub channels `tasks:q:active:available`, `tasks:q:done`, … carry
//! events when `emit_events` is on; nothing here listens to them.

/// The global queue registry apalis-redis writes outside any namespace.
pub const GLOBAL_QUEUE_LIST: &str = "core:apalis:queues:list";

/// Key names of one queue; `queue` is the full name `{namespace}:{queue}`.
#[derive(Clone, Debug)]
pub struct QueueKeys {
    pub queue: String,
}

impl QueueKeys {
    pub fn new(namespace: &str, queue: &str) -> Self {
        Self {
            queue: super::queue_name(namespace, queue),
        }
    }

    pub fn scheduled(&self) -> String {
        format!("{}:scheduled", self.queue)
    }

    pub fn active(&self) -> String {
        format!("{}:active", self.queue)
    }

    pub fn inflight(&self, worker: &str) -> String {
        format!("{}:inflight:{worker}", self.queue)
    }

    pub fn done(&self) -> String {
        format!("{}:done", self.queue)
    }

    pub fn dead(&self) -> String {
        format!("{}:dead", self.queue)
    }

    pub fn data(&self) -> String {
        format!("{}:data", self.queue)
    }

    /// Prefix of the per-job meta hashes: `{prefix}:{id}`.
    pub fn meta_prefix(&self) -> String {
        format!("{}:meta", self.queue)
    }

    pub fn workers(&self) -> String {
        format!("{}:workers", self.queue)
    }

    pub fn worker_metadata(&self, worker: &str) -> String {
        format!("{}:workers:metadata:{worker}", self.queue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::queue_config;

    /// The layout above must match what apalis-redis computes itself.
    #[test]
    fn matches_apalis_redis_config() {
        let k = QueueKeys::new("ns", "maintenance");
        let c = queue_config("ns", "maintenance");
        assert_eq!(k.scheduled(), c.scheduled_jobs_set());
        assert_eq!(k.active(), c.active_jobs_list());
        assert_eq!(k.done(), c.done_jobs_set());
        assert_eq!(k.dead(), c.dead_jobs_set());
        assert_eq!(k.data(), c.job_data_hash());
        assert_eq!(k.meta_prefix(), c.job_meta_hash());
        assert_eq!(k.workers(), c.workers_set());
        assert_eq!(k.inflight("w1"), format!("{}:w1", c.inflight_jobs_set()));
        let ctx = apalis::prelude::WorkerContext::new("w1");
        assert_eq!(k.worker_metadata("w1"), c.worker_metadata_key(&ctx));
        assert_eq!(k.inflight("w1"), c.inflight_set_for(&ctx));
    }
}

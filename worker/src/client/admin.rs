//! AUTO-7: operators' repairs on apalis-redis queues, done on its keys
//! directly (layout in [`super::keys`]) the way apalis-redis's own Lua
//! scripts move jobs, each change as one atomic script.
//!
//! - **Dead jobs** (`q:dead`): killed (`AbortError`, panic) or failed 25
//!   times. Their meta hash keeps `attempts`, `status` (`Killed`/`Failed`),
//!   `done_at` and `result`, the serialised `Result` of the last run
//!   (`{"Err": "..."}`), which is where the last error is.
//! - **Retry** does what `release_leases.lua` does for a job handed back:
//!   status `Pending` and no lock in the meta hash, the id pushed onto
//!   `q:active` and the signal list raised. It also leaves `q:dead`, and
//!   `attempts` goes back to 0 (apalis reads them from the meta hash on fetch
//!   and kills the job at 25), and `done_at`/`result` go (the job is not
//!   finished any more, and the maintenance prune reads `done_at`).
//! - **Cancel** deletes a waiting (`q:scheduled`, `q:active`) or dead job:
//!   its id leaves those keys and its payload and meta hash are deleted, so
//!   no worker can fetch it. A job a worker is running (in an inflight set)
//!   is not cancelled: the handler is already under way.

use chrono::{DateTime, Utc};
use redis::aio::ConnectionManager;
use serde_json::Value;

use super::QUEUES;
use super::keys::QueueKeys;

/// The queue a caller named, if it is one of ours.
pub fn known_queue(name: &str) -> Option<&'static str> {
    QUEUES.iter().copied().find(|q| *q == name)
}

/// A job apalis gave up on.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FailedJob {
    /// The apalis task id (a ULID).
    pub id: String,
    /// The queue's short name.
    pub queue: String,
    /// `Killed` (aborted, panicked) or `Failed` (25 failed attempts).
    pub status: Option<String>,
    pub attempts: u32,
    /// The last run's error, from the meta hash's `result`.
    pub error: Option<String>,
    /// The job's arguments, when they are still stored (JSON; not JSON is
    /// returned as a string).
    pub payload: Option<Value>,
    /// When it was given up on (`done_at`).
    pub failed_at: Option<DateTime<Utc>>,
}

/// What a repair found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobChange {
    /// Done.
    Changed,
    /// No such job in the states the repair applies to.
    NotFound,
    /// A worker is running it right now (cancel only).
    Running,
    /// Its payload is gone (pruned), so it cannot run again (retry only).
    PayloadGone,
}

/// The error text of apalis's serialised `Result<T, String>`.
fn error_of(result: Option<&str>) -> Option<String> {
    let v: Value = serde_json::from_str(result?).ok()?;
    match v.get("Err")? {
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The dead jobs of `queue`, most recently failed first, at most `limit`.
pub async fn failed_jobs(
    conn: &mut ConnectionManager,
    namespace: &str,
    queue: &str,
    limit: usize,
) -> redis::RedisResult<Vec<FailedJob>> {
    let k = QueueKeys::new(namespace, queue);
    let ids: Vec<String> = redis::cmd("SMEMBERS")
        .arg(k.dead())
        .query_async(conn)
        .await?;
    if ids.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let mut pipe = redis::pipe();
    for id in &ids {
        pipe.cmd("HGET")
            .arg(format!("{}:{id}", k.meta_prefix()))
            .arg("done_at");
    }
    let done_at: Vec<Option<i64>> = pipe.query_async(conn).await?;
    let mut order: Vec<(Option<i64>, String)> = done_at.into_iter().zip(ids).collect();
    // Newest first; ids (ULIDs) break ties the same way.
    order.sort_by(|a, b| b.cmp(a));
    order.truncate(limit);
    let mut pipe = redis::pipe();
    for (_, id) in &order {
        pipe.cmd("HMGET")
            .arg(format!("{}:{id}", k.meta_prefix()))
            .arg(&["status", "attempts", "result"]);
        pipe.cmd("HGET").arg(k.data()).arg(id);
    }
    let replies: Vec<redis::Value> = pipe.query_async(conn).await?;
    let mut jobs = Vec::with_capacity(order.len());
    for ((done_at, id), pair) in order.into_iter().zip(replies.chunks(2)) {
        let (status, attempts, result): (Option<String>, Option<u32>, Option<String>) =
            redis::from_redis_value(pair[0].clone())?;
        let data: Option<Vec<u8>> = redis::from_redis_value(pair[1].clone())?;
        let payload = data.map(|d| {
            serde_json::from_slice(&d)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&d).into_owned()))
        });
        jobs.push(FailedJob {
            id,
            queue: queue.to_owned(),
            status,
            attempts: attempts.unwrap_or_default(),
            error: error_of(result.as_deref()),
            payload,
            failed_at: done_at.and_then(|s| DateTime::from_timestamp(s, 0)),
        });
    }
    Ok(jobs)
}

/// KEYS: dead, active, signal, data; ARGV: id, meta key.
/// Returns 1 retried, 0 not dead, -1 payload gone.
const RETRY_DEAD: &str = r#"
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('HEXISTS', KEYS[4], ARGV[1]) == 0 then return -1 end
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('HSET', ARGV[2], 'status', 'Pending', 'attempts', 0)
redis.call('HDEL', ARGV[2], 'locked_at', 'locked_by', 'done_at', 'result')
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[3])
redis.call('LPUSH', KEYS[3], 1)
return 1
"#;

/// Puts a dead job of `queue` back to be run by the next free worker.
pub async fn retry_job(
    conn: &mut ConnectionManager,
    namespace: &str,
    queue: &str,
    id: &str,
) -> redis::RedisResult<JobChange> {
    let k = QueueKeys::new(namespace, queue);
    let r: i64 = redis::Script::new(RETRY_DEAD)
        .key(k.dead())
        .key(k.active())
        .key(format!("{}:signal", k.queue))
        .key(k.data())
        .arg(id)
        .arg(format!("{}:{id}", k.meta_prefix()))
        .invoke_async(conn)
        .await?;
    Ok(match r {
        1 => JobChange::Changed,
        -1 => JobChange::PayloadGone,
        _ => JobChange::NotFound,
    })
}

/// KEYS: scheduled, active, dead, data, workers; ARGV: id, meta key,
/// inflight key prefix. Returns 1 removed, 0 not found, -1 running.
const CANCEL: &str = r#"
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
  + redis.call('LREM', KEYS[2], 0, ARGV[1])
  + redis.call('SREM', KEYS[3], ARGV[1])
if removed == 0 then
  for _, w in ipairs(redis.call('ZRANGE', KEYS[5], 0, -1)) do
    if redis.call('SISMEMBER', ARGV[3] .. ':' .. w, ARGV[1]) == 1 then return -1 end
  end
  return 0
end
redis.call('HDEL', KEYS[4], ARGV[1])
redis.call('DEL', ARGV[2])
return 1
"#;

/// Removes a waiting or dead job of `queue` so that it never runs.
pub async fn cancel_job(
    conn: &mut ConnectionManager,
    namespace: &str,
    queue: &str,
    id: &str,
) -> redis::RedisResult<JobChange> {
    let k = QueueKeys::new(namespace, queue);
    let r: i64 = redis::Script::new(CANCEL)
        .key(k.scheduled())
        .key(k.active())
        .key(k.dead())
        .key(k.data())
        .key(k.workers())
        .arg(id)
        .arg(format!("{}:{id}", k.meta_prefix()))
        .arg(format!("{}:inflight", k.queue))
        .invoke_async(conn)
        .await?;
    Ok(match r {
        1 => JobChange::Changed,
        -1 => JobChange::Running,
        _ => JobChange::NotFound,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto7_the_last_error_comes_from_the_serialised_result() {
        assert_eq!(
            error_of(Some(r#"{"Err":"smtp down"}"#)).as_deref(),
            Some("smtp down")
        );
        assert_eq!(error_of(Some(r#"{"Ok":null}"#)), None);
        assert_eq!(error_of(Some("not json")), None);
        assert_eq!(error_of(None), None);
    }

    #[test]
    fn auto7_only_our_queues_are_known() {
        assert_eq!(known_queue("maintenance"), Some("maintenance"));
        assert_eq!(known_queue("nope"), None);
    }
}

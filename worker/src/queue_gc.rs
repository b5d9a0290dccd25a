//! Clean-up apalis-redis 1.0.0 leaves undone, so Redis keeps holding only
//! work in flight:
//!
//! - finished jobs stay forever (`done`/`dead` sets, `data`, `meta:{id}`);
//!   its own `vacuum` would also delete jobs waiting for a retry and never
//!   touches the sets, so we prune by `done_at` from the sets instead;
//! - registering a worker whose name is taken by a live worker is not
//!   reliably refused: apalis first treats a same-named worker whose last
//!   heartbeat is one interval old as dead, re-enqueues its in-flight jobs
//!   and unregisters it (the live one then dies at its next heartbeat), so
//!   we check the name ourselves first ([`name_in_use`]);
//! - a stopping worker's `poll_close` removes the wrong member from the
//!   workers set (it passes the inflight key, not the worker name), so the
//!   worker looks alive until others time it out, and its metadata hash is
//!   never deleted.

use std::time::Duration;

use redis::aio::ConnectionManager;

use crate::client::keys::QueueKeys;

/// Removes ids in `set` whose job finished before `cutoff` (or whose meta is
/// gone), with their data and meta. Examines at most `limit` ids per call.
const PRUNE_FINISHED: &str = r#"
local cursor, examined, removed = "0", 0, 0
local cutoff, limit = tonumber(ARGV[2]), tonumber(ARGV[3])
repeat
  local page = redis.call('SSCAN', KEYS[1], cursor, 'COUNT', 200)
  cursor = page[1]
  for _, id in ipairs(page[2]) do
    examined = examined + 1
    local meta = ARGV[1] .. ':' .. id
    local done_at = tonumber(redis.call('HGET', meta, 'done_at'))
    if done_at == nil or done_at <= cutoff then
      redis.call('SREM', KEYS[1], id)
      redis.call('HDEL', KEYS[2], id)
      redis.call('DEL', meta)
      removed = removed + 1
    end
  end
until cursor == "0" or examined >= limit
return removed
"#;

/// Puts a stopping worker's unfinished jobs back on the queue and
/// unregisters it (what apalis's `poll_close` means to do).
const RELEASE_WORKER: &str = r#"
local ids = redis.call('SMEMBERS', KEYS[1])
for _, id in ipairs(ids) do
  redis.call('RPUSH', KEYS[2], id)
  local meta = ARGV[2] .. ':' .. id
  redis.call('HSET', meta, 'status', 'Pending')
  redis.call('HDEL', meta, 'locked_at', 'locked_by')
end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('DEL', KEYS[4])
return #ids
"#;

/// Prunes done jobs older than `done_for` and dead ones older than `dead_for`.
/// Returns how many were removed.
pub(crate) async fn prune_finished(
    conn: &mut ConnectionManager,
    keys: &QueueKeys,
    done_for: Duration,
    dead_for: Duration,
) -> redis::RedisResult<u64> {
    let now = chrono::Utc::now().timestamp();
    let mut removed = 0;
    for (set, age) in [(keys.done(), done_for), (keys.dead(), dead_for)] {
        let cutoff = now - i64::try_from(age.as_secs()).unwrap_or(i64::MAX / 2);
        let n: u64 = redis::Script::new(PRUNE_FINISHED)
            .key(set)
            .key(keys.data())
            .arg(keys.meta_prefix())
            .arg(cutoff)
            .arg(5_000)
            .invoke_async(conn)
            .await?;
        removed += n;
    }
    Ok(removed)
}

/// Re-enqueues `worker`'s in-flight jobs and unregisters it. Returns how many
/// jobs went back on the queue (non-zero only after a forced shutdown).
pub(crate) async fn release_worker(
    conn: &mut ConnectionManager,
    keys: &QueueKeys,
    worker: &str,
) -> redis::RedisResult<u64> {
    redis::Script::new(RELEASE_WORKER)
        .key(keys.inflight(worker))
        .key(keys.active())
        .key(keys.workers())
        .key(keys.worker_metadata(worker))
        .arg(worker)
        .arg(keys.meta_prefix())
        .invoke_async(conn)
        .await
}

/// Deletes metadata hashes of workers no longer registered (crashed
/// processes; each process has its own name, so they would pile up).
pub(crate) async fn sweep_worker_metadata(
    conn: &mut ConnectionManager,
    keys: &QueueKeys,
) -> redis::RedisResult<u64> {
    let prefix = keys.worker_metadata("");
    let pattern = format!("{prefix}*");
    let mut cursor: u64 = 0;
    let mut removed = 0;
    loop {
        let (next, found): (u64, Vec<String>) = redis::cmd("SCAN")
            .arg(cursor)
            .arg("MATCH")
            .arg(&pattern)
            .arg("COUNT")
            .arg(500)
            .query_async(conn)
            .await?;
        for key in found {
            let worker = &key[prefix.len()..];
            let score: Option<f64> = redis::cmd("ZSCORE")
                .arg(keys.workers())
                .arg(worker)
                .query_async(conn)
                .await?;
            if score.is_none() {
                let n: u64 = redis::cmd("DEL").arg(&key).query_async(conn).await?;
                removed += n;
            }
        }
        if next == 0 {
            return Ok(removed);
        }
        cursor = next;
    }
}

/// Seconds since `worker`'s last heartbeat on this queue, when that is less
/// than `window`: the name belongs to a live process.
pub(crate) async fn name_in_use(
    conn: &mut ConnectionManager,
    keys: &QueueKeys,
    worker: &str,
    window: Duration,
) -> redis::RedisResult<Option<u64>> {
    let last: Option<f64> = redis::cmd("ZSCORE")
        .arg(keys.workers())
        .arg(worker)
        .query_async(conn)
        .await?;
    let now = chrono::Utc::now().timestamp();
    Ok(last
        .map(|at| u64::try_from(now - at as i64).unwrap_or(0))
        .filter(|age| *age < window.as_secs()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    async fn hset(conn: &mut ConnectionManager, key: &str, fields: &[(&str, String)]) {
        let mut cmd = redis::cmd("HSET");
        cmd.arg(key);
        for (f, v) in fields {
            cmd.arg(*f).arg(v);
        }
        let _: u64 = cmd.query_async(conn).await.expect("HSET");
    }

    async fn sismember(conn: &mut ConnectionManager, key: &str, id: &str) -> bool {
        redis::cmd("SISMEMBER")
            .arg(key)
            .arg(id)
            .query_async(conn)
            .await
            .expect("SISMEMBER")
    }

    #[tokio::test]
    async fn prune_release_and_sweep_touch_only_what_they_should() {
        let mut conn = testing::connect().await;
        let ns = testing::unique_namespace();
        let k = QueueKeys::new(&ns, "q");
        let now = chrono::Utc::now().timestamp();
        let old = (now - 2 * 86_400).to_string();
        for (set, id, done_at) in [
            (k.done(), "old-done", old.clone()),
            (k.done(), "new-done", now.to_string()),
            (k.dead(), "old-dead", old.clone()),
        ] {
            let _: u64 = redis::cmd("SADD")
                .arg(&set)
                .arg(id)
                .query_async(&mut conn)
                .await
                .expect("SADD");
            hset(&mut conn, &k.data(), &[(id, "{}".into())]).await;
            hset(
                &mut conn,
                &format!("{}:{id}", k.meta_prefix()),
                &[("done_at", done_at)],
            )
            .await;
        }
        let day = Duration::from_secs(86_400);
        let removed = prune_finished(&mut conn, &k, day, 7 * day)
            .await
            .expect("prune");
        assert_eq!(removed, 1);
        assert!(!sismember(&mut conn, &k.done(), "old-done").await);
        assert!(sismember(&mut conn, &k.done(), "new-done").await);
        assert!(
            sismember(&mut conn, &k.dead(), "old-dead").await,
            "dead jobs are kept longer"
        );
        let data: Option<String> = redis::cmd("HGET")
            .arg(k.data())
            .arg("old-done")
            .query_async(&mut conn)
            .await
            .expect("HGET");
        assert_eq!(data, None);

        // A worker stopped with a job in flight, and a crashed one's metadata.
        let _: u64 = redis::cmd("SADD")
            .arg(k.inflight("w"))
            .arg("j1")
            .query_async(&mut conn)
            .await
            .expect("SADD");
        let _: u64 = redis::cmd("ZADD")
            .arg(k.workers())
            .arg(now)
            .arg("w")
            .query_async(&mut conn)
            .await
            .expect("ZADD");
        hset(
            &mut conn,
            &format!("{}:j1", k.meta_prefix()),
            &[("status", "Running".into()), ("locked_by", "w".into())],
        )
        .await;
        hset(
            &mut conn,
            &k.worker_metadata("w"),
            &[("service", "x".into())],
        )
        .await;
        hset(
            &mut conn,
            &k.worker_metadata("ghost"),
            &[("service", "x".into())],
        )
        .await;
        assert_eq!(
            sweep_worker_metadata(&mut conn, &k).await.expect("sweep"),
            1,
            "only the ghost"
        );
        assert_eq!(
            release_worker(&mut conn, &k, "w").await.expect("release"),
            1
        );
        let active: Vec<String> = redis::cmd("LRANGE")
            .arg(k.active())
            .arg(0)
            .arg(-1)
            .query_async(&mut conn)
            .await
            .expect("LRANGE");
        assert_eq!(active, vec!["j1".to_owned()]);
        let status: Option<String> = redis::cmd("HGET")
            .arg(format!("{}:j1", k.meta_prefix()))
            .arg("status")
            .query_async(&mut conn)
            .await
            .expect("HGET");
        assert_eq!(status.as_deref(), Some("Pending"));
        let left = name_in_use(&mut conn, &k, "w", Duration::from_secs(15))
            .await
            .expect("zscore");
        assert_eq!(left, None, "unregistered");

        testing::purge_namespace(&mut conn, &ns)
            .await
            .expect("purge");
    }
}

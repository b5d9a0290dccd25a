//! `run` end to end: cron tick → PostgreSQL heartbeat → Redis job → handler,
//! graceful shutdown, and failing fast without Redis.

use std::time::{Duration, Instant};

use salesd_domain::testing::TestDb;
use salesd_worker::client::{self, MAINTENANCE_QUEUE};
use salesd_worker::{WorkerStatus, testing};
use sqlx::PgPool;

use crate::{temp_dir, test_config};

/// Polls `f` every 100 ms until it yields `Some` or `timeout` passes.
pub async fn wait_until<T>(timeout: Duration, mut f: impl AsyncFnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = f().await {
            return Some(v);
        }
        if Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Four sessions: expired 2 days ago, revoked 2 days ago (both purged),
/// expired an hour ago and still valid (both kept).
async fn seed_sessions(pool: &PgPool) {
    sqlx::query(
        "WITH unit AS (
             INSERT INTO org_units (id, name, kind) VALUES (gen_random_uuid(), 'HQ', 'COMPANY')
             RETURNING id),
         usr AS (
             INSERT INTO users (id, email, display_name, unit_id, primary_role)
             SELECT gen_random_uuid(), 'a@salesd.test', 'A', id, 'SALES_REP' FROM unit
             RETURNING id)
         INSERT INTO sessions (id, user_id, token_hash, expires_at, revoked_at)
         SELECT gen_random_uuid(), usr.id, decode(md5(v.tag), 'hex'), v.expires_at, v.revoked_at
           FROM usr, (VALUES
             ('old-expired', now() - interval '2 days', NULL::timestamptz),
             ('old-revoked', now() + interval '5 days', now() - interval '2 days'),
             ('just-expired', now() - interval '1 hour', NULL),
             ('valid', now() + interval '5 days', NULL)) AS v(tag, expires_at, revoked_at)",
    )
    .execute(pool)
    .await
    .expect("seed sessions");
}

async fn ticks_of(pool: &PgPool, worker: &str) -> Option<i64> {
    sqlx::query_scalar("SELECT ticks FROM worker_heartbeats WHERE worker_name = $1")
        .bind(worker)
        .fetch_optional(pool)
        .await
        .expect("read heartbeat")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_heartbeats_processes_the_redis_job_and_shuts_down_promptly() {
    let db = TestDb::new().await;
    seed_sessions(&db.pool).await;
    let outbox = temp_dir("run");
    let cfg = test_config(outbox.clone());
    let (ns, name) = (cfg.namespace.clone(), cfg.worker_name.clone());
    let mut redis = testing::connect().await;
    let status = WorkerStatus::new();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(salesd_worker::run(
        db.pool.clone(),
        cfg,
        status.clone(),
        async {
            let _ = stopped.await;
        },
    ));

    // Cron every second → worker_heartbeats row, ticking.
    let ticks = wait_until(Duration::from_secs(10), async || {
        ticks_of(&db.pool, &name).await.filter(|t| *t >= 2)
    })
    .await;
    assert!(ticks.is_some(), "heartbeat row ticks within seconds");
    assert!(status.is_running() && status.last_tick_at().is_some());

    // The tick enqueued housekeeping on Redis; the queue worker ran it.
    let job_at = wait_until(Duration::from_secs(10), async || status.last_job_at()).await;
    assert!(job_at.is_some(), "the maintenance job ran through Redis");
    let tags: Vec<i64> = sqlx::query_scalar("SELECT count(*) FROM sessions")
        .fetch_all(&db.pool)
        .await
        .expect("count sessions");
    assert_eq!(
        tags,
        vec![2],
        "old expired and old revoked sessions are purged"
    );

    let stats = client::queue_stats(&mut redis, &ns, MAINTENANCE_QUEUE)
        .await
        .expect("stats");
    assert!(stats.workers.iter().any(|(w, _)| *w == name), "{stats:?}");
    assert!(stats.done >= 1 && stats.dead == 0, "{stats:?}");

    let asked = Instant::now();
    stop.send(()).expect("worker still listening");
    let result = tokio::time::timeout(Duration::from_secs(10), worker)
        .await
        .expect("shutdown completes")
        .expect("run task joins");
    result.expect("run ends cleanly");
    assert!(
        asked.elapsed() < Duration::from_secs(5),
        "shutdown took {:?}",
        asked.elapsed()
    );
    assert!(!status.is_running());

    let stats = client::queue_stats(&mut redis, &ns, MAINTENANCE_QUEUE)
        .await
        .expect("stats");
    assert!(
        stats.workers.iter().all(|(w, _)| *w != name),
        "unregistered: {stats:?}"
    );
    assert_eq!(stats.running, 0, "{stats:?}");

    testing::purge_namespace(&mut redis, &ns)
        .await
        .expect("purge");
    let _ = std::fs::remove_dir_all(outbox);
}

#[tokio::test]
async fn unreachable_redis_fails_fast_with_an_actionable_message() {
    let pool = sqlx::postgres::PgPoolOptions::new()
        .connect_lazy(&salesd_domain::testing::database_url())
        .expect("lazy pool");
    let outbox = temp_dir("noredis");
    let mut cfg = test_config(outbox.clone());
    cfg.redis_url = "redis://127.0.0.1:1".to_owned();
    let status = WorkerStatus::new();
    let started = Instant::now();
    let err = tokio::time::timeout(
        Duration::from_secs(10),
        salesd_worker::run(pool, cfg, status.clone(), std::future::pending()),
    )
    .await
    .expect("fails within seconds")
    .expect_err("no Redis, no worker");
    let message = format!("{err:#}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        message.starts_with("cannot reach Redis at redis://127.0.0.1:1"),
        "{message}"
    );
    assert!(
        message.contains("scripts/services.sh") && message.contains("REDIS_URL"),
        "{message}"
    );
    assert!(!message.contains('\n'), "one line: {message}");
    assert!(!status.is_running());
    let _ = std::fs::remove_dir_all(outbox);
}

#[tokio::test]
async fn invalid_cron_is_refused_before_connecting() {
    let pool = sqlx::postgres::PgPoolOptions::new()
        .connect_lazy(&salesd_domain::testing::database_url())
        .expect("lazy pool");
    let mut cfg = test_config(temp_dir("badcron"));
    cfg.heartbeat_cron = "every minute".to_owned();
    let err = salesd_worker::run(pool, cfg, WorkerStatus::new(), std::future::pending())
        .await
        .expect_err("bad cron");
    assert!(
        err.to_string()
            .contains("heartbeat cron `every minute` is invalid"),
        "{err}"
    );
}

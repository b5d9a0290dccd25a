//! Graceful shutdown: jobs in flight finish; past the timeout they go back
//! on the queue. A PostgreSQL table lock holds the housekeeping job in flight.

use std::time::Duration;

use salesd_domain::testing::TestDb;
use salesd_worker::client::{self, MAINTENANCE_QUEUE};
use salesd_worker::{WorkerStatus, testing};

use crate::run::wait_until;
use crate::{temp_dir, test_config};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_the_job_in_flight_finish() {
    let db = TestDb::new().await;
    let outbox = temp_dir("inflight");
    let mut cfg = test_config(outbox.clone());
    cfg.heartbeat_cron = "0 0 0 1 1 *".to_owned();
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

    // Hold a lock the housekeeping DELETE needs, so the job stays in flight.
    let mut lock = db.pool.begin().await.expect("begin");
    sqlx::query("LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE")
        .execute(&mut *lock)
        .await
        .expect("lock sessions");
    let job = client::MaintenanceJob::Housekeeping {
        tick: 9,
        requested_by: "test".into(),
    };
    client::enqueue_maintenance(&redis, &ns, &job, None)
        .await
        .expect("enqueue");
    let mut conn = redis.clone();
    let running = wait_until(Duration::from_secs(10), async || {
        let s = client::queue_stats(&mut conn, &ns, MAINTENANCE_QUEUE)
            .await
            .ok()?;
        (s.running == 1).then_some(())
    })
    .await;
    assert!(running.is_some(), "the job is in flight");

    stop.send(()).expect("listening");
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert!(
        !worker.is_finished(),
        "shutdown waits for the job in flight"
    );
    lock.commit().await.expect("release the lock");

    tokio::time::timeout(Duration::from_secs(10), worker)
        .await
        .expect("shutdown completes")
        .expect("join")
        .expect("clean stop");
    assert!(status.last_job_at().is_some(), "the job finished");
    let stats = client::queue_stats(&mut redis, &ns, MAINTENANCE_QUEUE)
        .await
        .expect("stats");
    assert_eq!(
        (stats.done, stats.running, stats.waiting()),
        (1, 0, 0),
        "{stats:?}"
    );
    assert!(stats.workers.iter().all(|(w, _)| *w != name), "{stats:?}");
    testing::purge_namespace(&mut redis, &ns)
        .await
        .expect("purge");
    let _ = std::fs::remove_dir_all(outbox);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_outliving_the_shutdown_timeout_goes_back_on_the_queue() {
    let db = TestDb::new().await;
    let outbox = temp_dir("forced");
    let mut cfg = test_config(outbox.clone());
    cfg.heartbeat_cron = "0 0 0 1 1 *".to_owned();
    cfg.shutdown_timeout = Duration::from_millis(500);
    let ns = cfg.namespace.clone();
    let mut redis = testing::connect().await;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(salesd_worker::run(
        db.pool.clone(),
        cfg,
        WorkerStatus::new(),
        async {
            let _ = stopped.await;
        },
    ));

    let mut lock = db.pool.begin().await.expect("begin");
    sqlx::query("LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE")
        .execute(&mut *lock)
        .await
        .expect("lock sessions");
    let job = client::MaintenanceJob::Housekeeping {
        tick: 10,
        requested_by: "test".into(),
    };
    client::enqueue_maintenance(&redis, &ns, &job, None)
        .await
        .expect("enqueue");
    let mut conn = redis.clone();
    let running = wait_until(Duration::from_secs(10), async || {
        let s = client::queue_stats(&mut conn, &ns, MAINTENANCE_QUEUE)
            .await
            .ok()?;
        (s.running == 1).then_some(())
    })
    .await;
    assert!(running.is_some(), "the job is in flight");

    stop.send(()).expect("listening");
    tokio::time::timeout(Duration::from_secs(5), worker)
        .await
        .expect("the timeout forces the stop")
        .expect("join")
        .expect("run ends");
    let stats = client::queue_stats(&mut redis, &ns, MAINTENANCE_QUEUE)
        .await
        .expect("stats");
    assert_eq!(
        (stats.active, stats.running, stats.done),
        (1, 0, 0),
        "{stats:?}"
    );
    assert!(stats.workers.is_empty(), "{stats:?}");
    lock.commit().await.expect("release the lock");
    testing::purge_namespace(&mut redis, &ns)
        .await
        .expect("purge");
    let _ = std::fs::remove_dir_all(outbox);
}

//! The Redis queue contract: enqueueing, idempotency, statistics, poison
//! payloads and worker names.

use std::time::Duration;

use salesd_domain::testing::TestDb;
use salesd_worker::client::{self, MAINTENANCE_QUEUE, MaintenanceJob};
use salesd_worker::{WorkerStatus, testing};

use crate::run::wait_until;
use crate::{temp_dir, test_config};

/// Yearly: the cron never fires during the test, only our jobs run.
const NEVER: &str = "0 0 0 1 1 *";

fn housekeeping(tick: u64) -> MaintenanceJob {
    MaintenanceJob::Housekeeping {
        tick,
        requested_by: "test".to_owned(),
    }
}

#[tokio::test]
async fn enqueue_is_idempotent_by_key_and_counted_as_waiting() {
    let mut redis = testing::connect().await;
    let ns = testing::unique_namespace();

    let job = housekeeping(1);
    assert!(
        client::enqueue_maintenance(&redis, &ns, &job, Some("hk:1"))
            .await
            .expect("first")
    );
    assert!(
        !client::enqueue_maintenance(&redis, &ns, &job, Some("hk:1"))
            .await
            .expect("dup")
    );
    assert!(
        client::enqueue_maintenance(&redis, &ns, &job, None)
            .await
            .expect("no key")
    );

    let stats = client::queue_stats(&mut redis, &ns, MAINTENANCE_QUEUE)
        .await
        .expect("stats");
    assert_eq!(stats.name, MAINTENANCE_QUEUE);
    // apalis-redis 1.0.0 schedules every push (run-at = now); a worker's
    // fetch moves due jobs to `active`. This pins that behaviour down.
    assert_eq!(
        (stats.scheduled, stats.active, stats.waiting()),
        (2, 0, 2),
        "{stats:?}"
    );
    assert_eq!(
        (stats.running, stats.done, stats.dead),
        (0, 0, 0),
        "{stats:?}"
    );
    assert!(stats.workers.is_empty(), "{stats:?}");

    let deleted = testing::purge_namespace(&mut redis, &ns)
        .await
        .expect("purge");
    assert!(
        deleted >= 4,
        "data, meta ×2, scheduled, idempotency: {deleted}"
    );
    let stats = client::queue_stats(&mut redis, &ns, MAINTENANCE_QUEUE)
        .await
        .expect("stats");
    assert_eq!(stats.waiting(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn poison_payload_goes_dead_and_the_worker_keeps_working() {
    let db = TestDb::new().await;
    let outbox = temp_dir("poison");
    let mut cfg = test_config(outbox.clone());
    cfg.heartbeat_cron = NEVER.to_owned();
    let ns = cfg.namespace.clone();
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

    let bogus = serde_json::json!({ "kind": "no_such_job" });
    client::enqueue(&redis, &ns, MAINTENANCE_QUEUE, &bogus, None)
        .await
        .expect("enqueue bogus");
    let mut conn = redis.clone();
    let dead = wait_until(Duration::from_secs(10), async || {
        let s = client::queue_stats(&mut conn, &ns, MAINTENANCE_QUEUE)
            .await
            .ok()?;
        (s.dead == 1).then_some(s)
    })
    .await;
    assert!(
        dead.is_some(),
        "an undecodable job is killed at once, not retried 25 times"
    );

    client::enqueue_maintenance(&redis, &ns, &housekeeping(2), None)
        .await
        .expect("enqueue");
    assert!(
        wait_until(Duration::from_secs(10), async || status.last_job_at())
            .await
            .is_some()
    );
    // The handler records its job before apalis acknowledges it in Redis:
    // wait for the acknowledgement rather than race it.
    let mut conn = redis.clone();
    let settled = wait_until(Duration::from_secs(10), async || {
        let s = client::queue_stats(&mut conn, &ns, MAINTENANCE_QUEUE)
            .await
            .ok()?;
        (s.done == 1).then_some(s)
    })
    .await
    .expect("the good job is acknowledged");
    assert_eq!(
        (settled.done, settled.dead, settled.waiting()),
        (1, 1, 0),
        "{settled:?}"
    );

    stop.send(()).expect("listening");
    worker.await.expect("join").expect("clean stop");
    testing::purge_namespace(&mut redis, &ns)
        .await
        .expect("purge");
    let _ = std::fs::remove_dir_all(outbox);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_process_with_the_same_worker_name_is_refused_and_harms_nothing() {
    let db = TestDb::new().await;
    let outbox = temp_dir("dupname");
    let mut cfg = test_config(outbox.clone());
    cfg.heartbeat_cron = NEVER.to_owned();
    let (ns, name) = (cfg.namespace.clone(), cfg.worker_name.clone());
    let mut redis = testing::connect().await;
    let status = WorkerStatus::new();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let first = tokio::spawn(salesd_worker::run(
        db.pool.clone(),
        cfg.clone(),
        status.clone(),
        async {
            let _ = stopped.await;
        },
    ));
    let mut conn = redis.clone();
    let registered = wait_until(Duration::from_secs(10), async || {
        let s = client::queue_stats(&mut conn, &ns, MAINTENANCE_QUEUE)
            .await
            .ok()?;
        s.workers.iter().any(|(w, _)| *w == name).then_some(())
    })
    .await;
    assert!(registered.is_some(), "first worker registers");

    let err = tokio::time::timeout(
        Duration::from_secs(10),
        salesd_worker::run(
            db.pool.clone(),
            cfg,
            WorkerStatus::new(),
            std::future::pending(),
        ),
    )
    .await
    .expect("the duplicate gives up")
    .expect_err("same name is refused");
    assert!(
        err.to_string()
            .contains("give each process a unique worker name"),
        "{err}"
    );

    // The first worker is still registered and still takes jobs.
    client::enqueue_maintenance(&redis, &ns, &housekeeping(3), None)
        .await
        .expect("enqueue");
    assert!(
        wait_until(Duration::from_secs(10), async || status.last_job_at())
            .await
            .is_some()
    );
    let stats = client::queue_stats(&mut redis, &ns, MAINTENANCE_QUEUE)
        .await
        .expect("stats");
    assert!(stats.workers.iter().any(|(w, _)| *w == name), "{stats:?}");

    stop.send(()).expect("listening");
    first.await.expect("join").expect("clean stop");
    testing::purge_namespace(&mut redis, &ns)
        .await
        .expect("purge");
    let _ = std::fs::remove_dir_all(outbox);
}

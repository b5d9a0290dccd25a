//! AUTO-7: queue monitoring and outbox administration for operators, against
//! the real Redis (the test's own namespace) and PostgreSQL.

use std::net::SocketAddr;
use std::sync::Arc;

use chrono::{Duration, Utc};
use salesd_domain::customers::scans::followups::FollowupDue;
use salesd_domain::notify::{self, NewNotification};
use salesd_worker::client::{self, MaintenanceJob, QueueStats, keys::QueueKeys};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, assert_code, assert_ok};

const QUEUES: &str =
    "{ jobQueues { name scheduled active running done dead workers { name lastHeartbeat } } }";
const FAILED: &str = "query($q: String!) { failedJobs(queue: $q) { id queue status attempts error payload failedAt } }";
const RETRY: &str = "mutation($q: String!, $id: ID!) { retryJob(queue: $q, id: $id) }";
const CANCEL: &str = "mutation($q: String!, $id: ID!) { cancelJob(queue: $q, id: $id) }";

/// Pushes a maintenance job and returns its id.
async fn push(app: &TestApp, tick: u64) -> String {
    let mut conn = app.state.redis.clone();
    let k = QueueKeys::new(&app.prefix, client::MAINTENANCE_QUEUE);
    let ids = |mut conn: redis::aio::ConnectionManager| {
        let key = k.data();
        async move {
            redis::cmd("HKEYS")
                .arg(key)
                .query_async::<Vec<String>>(&mut conn)
                .await
                .unwrap()
        }
    };
    let before = ids(conn.clone()).await;
    let job = MaintenanceJob::Housekeeping {
        tick,
        requested_by: "test".into(),
    };
    assert!(
        client::enqueue(&conn, &app.prefix, client::MAINTENANCE_QUEUE, &job, None)
            .await
            .unwrap()
    );
    let after = ids(conn.clone()).await;
    let _ = &mut conn;
    after
        .into_iter()
        .find(|id| !before.contains(id))
        .expect("pushed job")
}

/// Puts a waiting job into the state apalis-redis leaves a job it gave up
/// on: `fetch_next.lua` takes it off `scheduled`, and `handle_results.lua`
/// with status `Killed` (an `AbortError`) adds it to `dead` and writes the
/// serialised `Result` (`{"Err": …}`), status, attempts and `done_at` into
/// its meta hash.
async fn kill(app: &TestApp, id: &str, error: &str) {
    let mut conn = app.state.redis.clone();
    let k = QueueKeys::new(&app.prefix, client::MAINTENANCE_QUEUE);
    let result = json!({ "Err": error }).to_string();
    let () = redis::pipe()
        .atomic()
        .cmd("ZREM")
        .arg(k.scheduled())
        .arg(id)
        .ignore()
        .cmd("SADD")
        .arg(k.dead())
        .arg(id)
        .ignore()
        .cmd("HSET")
        .arg(format!("{}:{id}", k.meta_prefix()))
        .arg(&[
            ("result", result.as_str()),
            ("status", "Killed"),
            ("attempts", "1"),
            ("done_at", &Utc::now().timestamp().to_string()),
        ])
        .ignore()
        .query_async(&mut conn)
        .await
        .unwrap();
}

async fn stats(app: &TestApp) -> QueueStats {
    let mut conn = app.state.redis.clone();
    client::queue_stats(&mut conn, &app.prefix, client::MAINTENANCE_QUEUE)
        .await
        .unwrap()
}

fn maintenance(r: &Value) -> Value {
    r["data"]["jobQueues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == "maintenance")
        .cloned()
        .unwrap()
}

#[tokio::test]
async fn auto7_queue_monitoring_is_admin_only() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let sup = app.login("supervisor.east1@example.com").await;
    let vars = json!({"q": "maintenance", "id": "01J0000000000000000000000"});
    for token in [&rep, &sup] {
        for (q, v) in [
            (QUEUES, json!({})),
            (FAILED, vars.clone()),
            (RETRY, vars.clone()),
            (CANCEL, vars.clone()),
            (
                "{ notificationStats { oldestPendingAgeSeconds } }",
                json!({}),
            ),
            ("{ notifications { nodes { id } } }", json!({})),
            (
                "mutation($id: ID!) { retryNotification(id: $id) { id } }",
                json!({"id": Uuid::now_v7()}),
            ),
            (
                "mutation($id: ID!) { cancelNotification(id: $id) { id } }",
                json!({"id": Uuid::now_v7()}),
            ),
        ] {
            assert_code(&app.gql(Some(token), q, v).await, "FORBIDDEN");
        }
    }
}

#[tokio::test]
async fn auto7_job_queues_count_failed_jobs_retry_and_cancel() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin@example.com").await;
    let a = push(&app, 1).await;
    let b = push(&app, 2).await;
    let c = push(&app, 3).await;

    let r = app.gql(Some(&admin), QUEUES, json!({})).await;
    assert_ok(&r);
    let names: Vec<&str> = r["data"]["jobQueues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["maintenance", "scan", "notify", "assess"]);
    let m = maintenance(&r);
    assert_eq!(
        (m["scheduled"].as_i64(), m["dead"].as_i64()),
        (Some(3), Some(0))
    );

    kill(&app, &a, "handler gave up: boom").await;
    let m = maintenance(&app.gql(Some(&admin), QUEUES, json!({})).await);
    assert_eq!(
        (m["scheduled"].as_i64(), m["dead"].as_i64()),
        (Some(2), Some(1))
    );
    let r = app
        .gql(Some(&admin), FAILED, json!({"q": "maintenance"}))
        .await;
    assert_ok(&r);
    let jobs = r["data"]["failedJobs"].as_array().unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0]["id"], a.as_str());
    assert_eq!(jobs[0]["error"], "handler gave up: boom");
    assert_eq!(jobs[0]["status"], "Killed");
    assert_eq!(jobs[0]["attempts"], 1);
    assert_eq!(jobs[0]["payload"]["kind"], "housekeeping");
    assert!(jobs[0]["failedAt"].is_string());

    // Retry: out of `dead`, onto `active`, as a fresh pending job.
    assert_ok(
        &app.gql(Some(&admin), RETRY, json!({"q": "maintenance", "id": a}))
            .await,
    );
    let s = stats(&app).await;
    assert_eq!((s.dead, s.active, s.scheduled), (0, 1, 2));
    let mut conn = app.state.redis.clone();
    let k = QueueKeys::new(&app.prefix, client::MAINTENANCE_QUEUE);
    let (status, attempts): (String, u32) = redis::cmd("HMGET")
        .arg(format!("{}:{a}", k.meta_prefix()))
        .arg(&["status", "attempts"])
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!((status.as_str(), attempts), ("Pending", 0));
    let r = app
        .gql(Some(&admin), RETRY, json!({"q": "maintenance", "id": a}))
        .await;
    assert_code(&r, "NOT_FOUND");

    // Cancel a waiting job (scheduled) and an active one: gone for good.
    for id in [&b, &a] {
        assert_ok(
            &app.gql(Some(&admin), CANCEL, json!({"q": "maintenance", "id": id}))
                .await,
        );
    }
    let s = stats(&app).await;
    assert_eq!((s.scheduled, s.active, s.dead), (1, 0, 0));
    let data: bool = redis::cmd("HEXISTS")
        .arg(k.data())
        .arg(&b)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(!data, "the cancelled job's payload is deleted");
    let r = app
        .gql(Some(&admin), CANCEL, json!({"q": "maintenance", "id": b}))
        .await;
    assert_code(&r, "NOT_FOUND");

    // A job a worker is running is not cancelled.
    let () = redis::pipe()
        .cmd("ZREM")
        .arg(k.scheduled())
        .arg(&c)
        .ignore()
        .cmd("ZADD")
        .arg(k.workers())
        .arg(Utc::now().timestamp())
        .arg("w1")
        .ignore()
        .cmd("SADD")
        .arg(k.inflight("w1"))
        .arg(&c)
        .ignore()
        .query_async(&mut conn)
        .await
        .unwrap();
    let r = app
        .gql(Some(&admin), CANCEL, json!({"q": "maintenance", "id": c}))
        .await;
    assert_code(&r, "CONFLICT");
    let m = maintenance(&app.gql(Some(&admin), QUEUES, json!({})).await);
    assert_eq!(m["running"], 1);
    assert_eq!(m["workers"][0]["name"], "w1");

    // Bad arguments.
    let r = app.gql(Some(&admin), FAILED, json!({"q": "nope"})).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(r["errors"][0]["extensions"]["field"], "queue");
    let r = app
        .gql(Some(&admin), RETRY, json!({"q": "nope", "id": a}))
        .await;
    assert_eq!(r["errors"][0]["extensions"]["field"], "queue");
    let r = app
        .gql(Some(&admin), CANCEL, json!({"q": "scan", "id": "x y"}))
        .await;
    assert_eq!(r["errors"][0]["extensions"]["field"], "id");
}

fn email(key: &str, user: Uuid, due: chrono::DateTime<Utc>) -> [NewNotification; 2] {
    let notice = FollowupDue {
        recipient_name: "r".into(),
        follow_up_id: Uuid::now_v7(),
        customer_id: Uuid::now_v7(),
        customer_name: "c".into(),
        due_date: due.date_naive(),
        note: None,
    };
    NewNotification::to_user(key.to_owned(), &notice, user, "zh-CN", due)
}

async fn id_of(app: &TestApp, key: &str) -> String {
    sqlx::query_scalar::<_, Uuid>("SELECT id FROM notifications WHERE dedup_key = $1")
        .bind(key)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .to_string()
}

async fn status_of(app: &TestApp, key: &str) -> (String, i32) {
    sqlx::query_as("SELECT status, attempts FROM notifications WHERE dedup_key = $1")
        .bind(key)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn auto6_outbox_stats_retry_and_cancel_rules() {
    let app = TestApp::spawn().await;
    let rep: Uuid = app.user_id("rep01@example.com").await.parse().unwrap();
    let now = Utc::now();
    let mut items = Vec::new();
    items.extend(email("due", rep, now - Duration::minutes(30)));
    items.extend(email("later", rep, now + Duration::hours(3)));
    items.extend(email("broken", rep, now - Duration::hours(2)));
    let mut conn = app.db.pool.acquire().await.unwrap();
    notify::enqueue_many(&mut conn, &items, now).await.unwrap();
    // `broken` failed for good after three attempts.
    sqlx::query(
        "UPDATE notifications SET status = 'FAILED', attempts = 3, last_error = '550 no such user'
         WHERE dedup_key = 'broken'",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    let admin = app.login("admin@example.com").await;

    let r = app
        .gql(
            Some(&admin),
            "{ notificationStats { oldestPendingAgeSeconds kinds { kind channel pending sending sent failed cancelled } } }",
            json!({}),
        )
        .await;
    assert_ok(&r);
    let s = &r["data"]["notificationStats"];
    let age = s["oldestPendingAgeSeconds"].as_i64().unwrap();
    assert!(
        (29 * 60..=40 * 60).contains(&age),
        "oldest due is `due`: {age}"
    );
    assert_eq!(
        s["kinds"],
        json!([
            {"kind": "followup_due", "channel": "EMAIL", "pending": 2, "sending": 0, "sent": 0, "failed": 1, "cancelled": 0},
            {"kind": "followup_due", "channel": "INBOX", "pending": 0, "sending": 0, "sent": 3, "failed": 0, "cancelled": 0},
        ])
    );

    let list = "query($s: NotificationStatus) { notifications(status: $s) { nodes { dedupKey status attempts lastError channel recipient { displayName } } } }";
    let r = app.gql(Some(&admin), list, json!({"s": "FAILED"})).await;
    assert_ok(&r);
    let nodes = r["data"]["notifications"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 1);
    assert_eq!(nodes[0]["lastError"], "550 no such user");
    assert_eq!(nodes[0]["channel"], "EMAIL");
    let r = app.gql(Some(&admin), list, json!({})).await;
    assert_eq!(
        r["data"]["notifications"]["nodes"]
            .as_array()
            .unwrap()
            .len(),
        6
    );

    let retry =
        "mutation($id: ID!) { retryNotification(id: $id) { status attempts nextAttemptAt } }";
    let cancel = "mutation($id: ID!) { cancelNotification(id: $id) { status lastError } }";
    // Retry: FAILED only, attempts kept.
    let r = app
        .gql(
            Some(&admin),
            retry,
            json!({"id": id_of(&app, "broken").await}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["retryNotification"]["status"], "PENDING");
    assert_eq!(
        r["data"]["retryNotification"]["attempts"], 0,
        "a fresh round of attempts; the audit keeps the old count"
    );
    for key in ["broken", "due", "due:inbox"] {
        let r = app
            .gql(Some(&admin), retry, json!({"id": id_of(&app, key).await}))
            .await;
        assert_code(&r, "CONFLICT");
    }
    // Cancel: PENDING/FAILED only, and the inbox twin goes too.
    let r = app
        .gql(
            Some(&admin),
            cancel,
            json!({"id": id_of(&app, "later").await}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["cancelNotification"]["status"], "CANCELLED");
    assert_eq!(status_of(&app, "later:inbox").await.0, "CANCELLED");
    for key in ["later", "due:inbox"] {
        let r = app
            .gql(Some(&admin), cancel, json!({"id": id_of(&app, key).await}))
            .await;
        assert_code(&r, "CONFLICT");
    }
    let r = app
        .gql(Some(&admin), cancel, json!({"id": Uuid::now_v7()}))
        .await;
    assert_code(&r, "NOT_FOUND");
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'NOTIFICATION'")
            .await,
        2,
        "one RETRY and one CANCEL"
    );
    let trail =
        "query($id: ID!) { auditTrail(entity: NOTIFICATION, id: $id) { nodes { action } } }";
    let r = app
        .gql(
            Some(&admin),
            trail,
            json!({"id": id_of(&app, "later").await}),
        )
        .await;
    assert_eq!(r["data"]["auditTrail"]["nodes"][0]["action"], "CANCEL");
}

#[tokio::test]
async fn auto7_metrics_carry_queue_outbox_and_job_series() {
    let app = TestApp::spawn().await;
    push(&app, 1).await;
    let rep: Uuid = app.user_id("rep01@example.com").await.parse().unwrap();
    let mut conn = app.db.pool.acquire().await.unwrap();
    notify::enqueue_many(&mut conn, &email("m", rep, Utc::now()), Utc::now())
        .await
        .unwrap();

    // The ops endpoint of a process that runs a worker.
    let worker = salesd_worker::status::WorkerStatus::new();
    worker.record_outcome("notify", true, std::time::Duration::from_millis(250));
    worker.record_outcome("notify", false, std::time::Duration::from_millis(50));
    let state = Arc::new(salesd_api::AppState::new(
        app.db.pool.clone(),
        app.state.redis.clone(),
        app.state.config.clone(),
        app.state.clock.clone(),
        Some(worker),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let ops = salesd_api::ops_router(state);
    let server = tokio::spawn(async move {
        let _ = axum_serve(listener, ops).await;
    });
    let body = app
        .http
        .get(format!("http://{addr}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    server.abort();
    for series in [
        r#"salesd_queue_jobs{queue="maintenance",state="scheduled"} 1"#,
        r#"salesd_queue_jobs{queue="notify",state="dead"} 0"#,
        r#"salesd_queue_workers{queue="scan"} 0"#,
        r#"salesd_notifications{channel="EMAIL",kind="followup_due",status="PENDING"} 1"#,
        r#"salesd_notifications{channel="INBOX",kind="followup_due",status="SENT"} 1"#,
        "salesd_notifications_oldest_pending_seconds ",
        r#"salesd_jobs_total{outcome="ok",queue="notify"} 1"#,
        r#"salesd_jobs_total{outcome="error",queue="notify"} 1"#,
        r#"salesd_job_seconds_sum{outcome="ok",queue="notify"} 0.25"#,
    ] {
        assert!(body.contains(series), "missing {series} in\n{body}");
    }
    // The API process without a worker has the queue series, no job totals.
    let body = app
        .http
        .get(format!("http://{}/metrics", app.addr))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("salesd_queue_jobs{"));
    assert!(!body.contains("salesd_jobs_total"));
}

async fn axum_serve(
    listener: tokio::net::TcpListener,
    router: axum::Router,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}

/// Polls `f` every 100 ms until it gives a value or `secs` pass.
async fn wait_for<T>(secs: u64, mut f: impl AsyncFnMut() -> Option<T>) -> Option<T> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        if let Some(v) = f().await {
            return Some(v);
        }
        if std::time::Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Against a running apalis worker: a job apalis itself killed shows its
/// real error, and a dead job put back by `retryJob` is fetched and run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto7_a_retried_dead_job_runs_on_a_real_worker() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin@example.com").await;
    // A good job, killed before any worker sees it.
    let good = push(&app, 7).await;
    kill(&app, &good, "killed for the test").await;

    let outbox = std::env::temp_dir().join(format!("salesd-e2e-{}", app.prefix));
    let mut cfg = salesd_worker::config::WorkerConfig::new(
        salesd_worker::testing::redis_url(),
        salesd_worker::config::MailConfig::File {
            dir: outbox.clone(),
        },
    );
    cfg.namespace = app.prefix.clone();
    cfg.worker_name = format!("w-{}", app.prefix);
    cfg.heartbeat_cron = "0 0 0 1 1 *".to_owned();
    cfg.scan_cron = "0 0 0 1 1 *".to_owned();
    cfg.heartbeat_interval = std::time::Duration::from_secs(1);
    cfg.poll_interval = std::time::Duration::from_millis(100);
    cfg.shutdown_timeout = std::time::Duration::from_secs(5);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(salesd_worker::run(
        app.db.pool.clone(),
        cfg,
        salesd_worker::status::WorkerStatus::new(),
        async {
            let _ = stopped.await;
        },
    ));

    // A payload no handler decodes: apalis kills it (AbortError).
    let mut conn = app.state.redis.clone();
    client::enqueue(
        &conn,
        &app.prefix,
        client::MAINTENANCE_QUEUE,
        &json!({"kind": "no_such_job"}),
        None,
    )
    .await
    .unwrap();
    let dead = wait_for(10, async || {
        let s = stats(&app).await;
        (s.dead == 2).then_some(s)
    })
    .await;
    assert!(dead.is_some(), "{:?}", stats(&app).await);
    let r = app
        .gql(Some(&admin), FAILED, json!({"q": "maintenance"}))
        .await;
    assert_ok(&r);
    let jobs = r["data"]["failedJobs"].as_array().unwrap().clone();
    let poison = jobs.iter().find(|j| j["id"] != good.as_str()).unwrap();
    assert_eq!(poison["status"], "Killed");
    assert_eq!(poison["payload"]["kind"], "no_such_job");
    assert!(
        poison["error"].as_str().is_some_and(|e| !e.is_empty()),
        "apalis's own error text: {poison}"
    );

    assert_ok(
        &app.gql(Some(&admin), RETRY, json!({"q": "maintenance", "id": good}))
            .await,
    );
    let done = wait_for(10, async || {
        let s = stats(&app).await;
        (s.done == 1).then_some(s)
    })
    .await;
    assert!(
        done.is_some(),
        "the retried job ran: {:?}",
        stats(&app).await
    );
    let s = stats(&app).await;
    assert_eq!((s.dead, s.waiting()), (1, 0), "{s:?}");
    let _ = &mut conn;

    stop.send(()).unwrap();
    worker.await.unwrap().unwrap();
    let _ = std::fs::remove_dir_all(outbox);
}

//! The `salesd` binary itself: configuration from the environment, fail-fast
//! start-up, the ADMIN bootstrap, `work`'s readiness and shutdown on SIGTERM.

use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use salesd_domain::testing::TestDb;

fn salesd() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_salesd"));
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn run_to_end(mut c: Command) -> (Output, Duration) {
    let started = Instant::now();
    let out = c.output().expect("run salesd");
    (out, started.elapsed())
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn schema_command_prints_the_committed_sdl() {
    let (out, _) = run_to_end({
        let mut c = salesd();
        c.arg("schema");
        c
    });
    assert!(out.status.success());
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql")).unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), committed);
}

#[test]
fn unreachable_services_and_bad_settings_fail_fast_with_one_actionable_line() {
    let cases = [
        (
            vec![(
                "DATABASE_URL",
                "postgres://salesd:salesd@127.0.0.1:1/salesd",
            )],
            "cannot reach PostgreSQL",
        ),
        (
            vec![("REDIS_URL", "redis://127.0.0.1:1")],
            "cannot reach Redis",
        ),
        (vec![("SALESD_ENV", "staging")], "SALESD_ENV"),
        (
            vec![("DATABASE_MAX_CONNECTIONS", "many")],
            "DATABASE_MAX_CONNECTIONS",
        ),
        (
            vec![("SALESD_ADMIN_EMAIL", "a@example.com")],
            "SALESD_ADMIN_PASSWORD",
        ),
        (vec![("MAIL_TRANSPORT", "pigeon")], "MAIL_TRANSPORT"),
    ];
    for (env, expected) in cases {
        let mut c = salesd();
        c.arg("serve")
            .env("BIND_ADDR", format!("127.0.0.1:{}", free_port()));
        for (k, v) in &env {
            c.env(k, v);
        }
        let (out, took) = run_to_end(c);
        let err = stderr(&out);
        assert!(!out.status.success(), "{env:?} must fail");
        assert!(err.contains(expected), "{env:?}: {err}");
        assert_eq!(
            err.trim()
                .lines()
                .filter(|l| l.starts_with("salesd: error"))
                .count(),
            1,
            "{err}"
        );
        assert!(took < Duration::from_secs(15), "{env:?} took {took:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn production_refuses_an_unmigrated_database() {
    let db = TestDb::new().await;
    sqlx::query("DELETE FROM _sqlx_migrations")
        .execute(&db.pool)
        .await
        .unwrap();
    let mut c = salesd();
    c.args(["serve"])
        .env("DATABASE_URL", &db.url)
        .env("SALESD_ENV", "production");
    let (out, _) = tokio::task::spawn_blocking(move || run_to_end(c))
        .await
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("not migrated") && stderr(&out).contains("salesd migrate"),
        "{}",
        stderr(&out)
    );
}

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn wait_ready(url: &str) -> serde_json::Value {
    let client = reqwest::Client::new();
    for _ in 0..150 {
        if let Ok(r) = client.get(url).send().await
            && r.status() == 200
        {
            return r.json().await.unwrap();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{url} never became ready");
}

fn terminate(child: &Child) {
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

async fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    for _ in 0..150 {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("salesd did not stop within 15 s of SIGTERM");
}

#[tokio::test(flavor = "multi_thread")]
async fn all_bootstraps_the_admin_serves_and_stops_cleanly_on_sigterm() {
    let db = TestDb::new().await;
    let ns = salesd_worker::testing::unique_namespace();
    let api = free_port();
    let outbox = std::env::temp_dir().join(&ns);
    let child = salesd()
        .arg("all")
        .env("DATABASE_URL", &db.url)
        .env("REDIS_PREFIX", &ns)
        .env("BIND_ADDR", format!("127.0.0.1:{api}"))
        .env("MAIL_OUTBOX_DIR", &outbox)
        .env("SALESD_ADMIN_EMAIL", "root@example.com")
        .env("SALESD_ADMIN_PASSWORD", "bootstrap-password")
        .spawn()
        .unwrap();
    let mut child = Running(child);
    let ready = wait_ready(&format!("http://127.0.0.1:{api}/readyz")).await;
    assert_eq!(ready["worker"]["running"], true, "{ready}");

    let r: serde_json::Value = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{api}/graphql"))
        .json(&serde_json::json!({"query": "mutation { login(email: \"root@example.com\", password: \"bootstrap-password\") { user { primaryRole } } }"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["data"]["login"]["user"]["primaryRole"], "ADMIN", "{r}");
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE entity = 'USER' AND actor_id IS NULL",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1, "the bootstrap is audited");

    terminate(&child.0);
    let status = wait_exit(&mut child.0).await;
    assert!(status.success(), "exit {status:?}: {}", {
        let mut s = String::new();
        use std::io::Read;
        let _ = child.0.stderr.take().map(|mut e| e.read_to_string(&mut s));
        s
    });
    let mut conn = salesd_worker::testing::connect().await;
    let _ = salesd_worker::testing::purge_namespace(&mut conn, &ns).await;
    let _ = std::fs::remove_dir_all(outbox);
}

#[tokio::test(flavor = "multi_thread")]
async fn work_reports_readiness_on_its_own_port() {
    let db = TestDb::new().await;
    let ns = salesd_worker::testing::unique_namespace();
    let ops = free_port();
    let child = salesd()
        .arg("work")
        .env("DATABASE_URL", &db.url)
        .env("REDIS_PREFIX", &ns)
        .env("WORKER_BIND_ADDR", format!("127.0.0.1:{ops}"))
        .env("MAIL_OUTBOX_DIR", std::env::temp_dir().join(&ns))
        .spawn()
        .unwrap();
    let mut child = Running(child);
    let ready = wait_ready(&format!("http://127.0.0.1:{ops}/readyz")).await;
    assert_eq!(ready["postgres"], "ok");
    assert_eq!(ready["redis"], "ok");
    assert_eq!(ready["worker"]["running"], true);
    terminate(&child.0);
    assert!(wait_exit(&mut child.0).await.success());
    let mut conn = salesd_worker::testing::connect().await;
    let _ = salesd_worker::testing::purge_namespace(&mut conn, &ns).await;
}

/// A Redis server of the test's own, on its own port, without persistence.
fn redis_server(port: u16) -> Running {
    let child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", "", "--appendonly", "no"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("redis-server (Debian's redis-server; scripts/services.sh installs it)");
    let server = Running(child);
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return server;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("redis-server on port {port} did not start");
}

/// `/readyz` until `pred` holds for its status and body, or panics.
async fn wait_readyz(
    url: &str,
    secs: u64,
    what: &str,
    pred: impl Fn(u16, &serde_json::Value) -> bool,
) -> serde_json::Value {
    let client = reqwest::Client::new();
    let until = Instant::now() + Duration::from_secs(secs);
    let mut last = serde_json::Value::Null;
    while Instant::now() < until {
        if let Ok(r) = client.get(url).send().await {
            let code = r.status().as_u16();
            last = r.json().await.unwrap_or_default();
            if pred(code, &last) {
                return last;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{what} within {secs} s; last /readyz: {last}");
}

/// Issue 14 item 22: a worker that loses Redis keeps running, reports
/// not-ready meanwhile, and starts its workers again when Redis is back.
#[tokio::test(flavor = "multi_thread")]
async fn work_survives_losing_redis_and_resumes_when_it_is_back() {
    let db = TestDb::new().await;
    let port = free_port();
    let redis = redis_server(port);
    let ops = free_port();
    let outbox = std::env::temp_dir().join(format!("salesd-redis-loss-{port}"));
    let child = salesd()
        .arg("work")
        .env("DATABASE_URL", &db.url)
        .env("REDIS_URL", format!("redis://127.0.0.1:{port}"))
        .env("WORKER_BIND_ADDR", format!("127.0.0.1:{ops}"))
        .env("MAIL_OUTBOX_DIR", &outbox)
        .spawn()
        .unwrap();
    let mut child = Running(child);
    let url = format!("http://127.0.0.1:{ops}/readyz");
    let ready = wait_ready(&url).await;
    assert_eq!(ready["worker"]["restarts"], 0);

    // Redis goes away: not ready, the process stays up.
    drop(redis);
    let down = wait_readyz(&url, 60, "not ready after Redis went away", |code, body| {
        code == 503 && body["worker"]["running"] == false
    })
    .await;
    assert_ne!(down["redis"], "ok");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        child.0.try_wait().unwrap().is_none(),
        "the worker exited without Redis"
    );

    // Redis is back (empty, as after a restart without persistence): the
    // old run's worker is unknown to it, so that run ends ("worker not
    // registered"); the workers start again and the process is ready.
    let _redis = redis_server(port);
    let back = wait_readyz(
        &url,
        120,
        "ready again after Redis came back",
        |code, body| {
            code == 200
                && body["worker"]["running"] == true
                && body["worker"]["restarts"].as_u64() >= Some(1)
        },
    )
    .await;
    assert!(back["worker"]["restarts"].as_u64().unwrap() >= 1, "{back}");
    assert_eq!(back["redis"], "ok");
    terminate(&child.0);
    assert!(wait_exit(&mut child.0).await.success());
    let _ = std::fs::remove_dir_all(outbox);
}

// ---- AUTO-6 reliability with real `salesd work` processes -----------------

mod reliability {
    use std::collections::HashMap;

    use chrono::{Days, Utc};
    use salesd_demo::{self as demo, DemoOptions};
    use salesd_domain::clock::company_date;
    use salesd_domain::notify::scan::{ScanKind, ScanOptions};
    use salesd_domain::registry::run_scan;
    use salesd_domain::testing::TestDb;
    use salesd_worker::client::{self, NotifyJob};
    use salesd_worker::smtp_sink::{ReceivedMail, SmtpSink, Stage};
    use uuid::Uuid;

    use super::{Duration, Running, free_port, salesd};

    /// A demo company with `n` open follow-ups that fell due yesterday
    /// (company time): each is due its reminder at once.
    async fn company_with_due_follow_ups(n: usize) -> TestDb {
        let db = TestDb::new().await;
        demo::load(
            &db.pool,
            &DemoOptions {
                reps: 4,
                ..DemoOptions::default()
            },
        )
        .await
        .expect("demo company");
        let yesterday = company_date(Utc::now()) - Days::new(1);
        for i in 0..n {
            let customer = Uuid::now_v7();
            sqlx::query(
                "INSERT INTO customers (id, name, name_norm, owner_id, owner_unit_id, owned_since)
                 SELECT $1, $2, $2, id, unit_id, now() FROM users WHERE email = $3",
            )
            .bind(customer)
            .bind(format!("客户{i:03}"))
            .bind(format!("rep{:02}@example.com", i % 4 + 1))
            .execute(&db.pool)
            .await
            .unwrap();
            sqlx::query(
                "INSERT INTO follow_up_tasks (id, customer_id, assignee_id, due_date)
                 SELECT $1, c.id, c.owner_id, $3 FROM customers c WHERE c.id = $2",
            )
            .bind(Uuid::now_v7())
            .bind(customer)
            .bind(yesterday)
            .execute(&db.pool)
            .await
            .unwrap();
        }
        db
    }

    fn work(db: &TestDb, ns: &str, sink: &SmtpSink) -> Running {
        let child = salesd()
            .arg("work")
            .env("DATABASE_URL", &db.url)
            .env("REDIS_PREFIX", ns)
            .env("WORKER_BIND_ADDR", format!("127.0.0.1:{}", free_port()))
            .env("MAIL_TRANSPORT", "smtp")
            .env("SMTP_URL", sink.url())
            .env("SCAN_CRON", "* * * * * *")
            .env("NOTIFY_LEASE_SECS", "2")
            .spawn()
            .expect("start salesd work");
        Running(child)
    }

    /// [`work`] against the Redis server at `redis_url`, its operations
    /// endpoints on `ops`.
    fn work_on(db: &TestDb, ns: &str, sink: &SmtpSink, redis_url: &str, ops: u16) -> Running {
        let child = salesd()
            .arg("work")
            .env("DATABASE_URL", &db.url)
            .env("REDIS_URL", redis_url)
            .env("REDIS_PREFIX", ns)
            .env("WORKER_BIND_ADDR", format!("127.0.0.1:{ops}"))
            .env("MAIL_TRANSPORT", "smtp")
            .env("SMTP_URL", sink.url())
            .env("SCAN_CRON", "* * * * * *")
            .env("NOTIFY_LEASE_SECS", "2")
            .spawn()
            .expect("start salesd work");
        Running(child)
    }

    /// Mails per Message-ID.
    fn by_message_id(mails: &[ReceivedMail]) -> HashMap<String, usize> {
        let mut m = HashMap::new();
        for mail in mails {
            *m.entry(mail.message_id().expect("Message-ID")).or_insert(0) += 1;
        }
        m
    }

    async fn wait_for(sink: &SmtpSink, n: usize, secs: u64) -> Vec<ReceivedMail> {
        match sink.wait_for(n, Duration::from_secs(secs)).await {
            Ok(m) => m,
            Err(m) => panic!("{} of {n} mails arrived within {secs} s", m.len()),
        }
    }

    /// Enough time for a duplicate to show up if there were one: several
    /// scan ticks and drains.
    async fn settle() {
        tokio::time::sleep(Duration::from_secs(4)).await;
    }

    async fn cleanup(ns: &str) {
        let mut conn = salesd_worker::testing::connect().await;
        let _ = salesd_worker::testing::purge_namespace(&mut conn, ns).await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn auto6_two_worker_processes_send_each_reminder_exactly_once() {
        let db = company_with_due_follow_ups(20).await;
        let ns = salesd_worker::testing::unique_namespace();
        let sink = SmtpSink::start().await.unwrap();
        let _a = work(&db, &ns, &sink);
        let _b = work(&db, &ns, &sink);
        wait_for(&sink, 20, 60).await;
        settle().await;
        let mails = sink.messages();
        let ids = by_message_id(&mails);
        let debug: Vec<(String, i32, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT dedup_key, attempts, claimed_by, last_error FROM notifications WHERE channel = 'EMAIL' ORDER BY dedup_key",
        )
        .fetch_all(&db.pool)
        .await
        .unwrap();
        assert_eq!(mails.len(), 20, "no duplicates: {ids:?} {debug:#?}");
        assert_eq!(ids.len(), 20);
        let recorded: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM notifications WHERE kind = 'followup_due' AND channel = 'EMAIL' AND status = 'SENT' AND attempts = 1",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(recorded, 20);
        cleanup(&ns).await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn auto6_worker_killed_mid_batch_then_restarted_delivers_each_reminder_once() {
        let db = company_with_due_follow_ups(6).await;
        let ns = salesd_worker::testing::unique_namespace();
        let sink = SmtpSink::start().await.unwrap();
        // Each transaction waits at MAIL FROM, so a kill lands there, before
        // any message content was handed over.
        sink.delay(Stage::MailFrom, Duration::from_millis(800));
        let mut first = work(&db, &ns, &sink);
        wait_for(&sink, 2, 60).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        first.0.kill().expect("SIGKILL");
        first.0.wait().unwrap();
        let before = sink.messages().len();
        assert!(before < 6, "the kill came mid-batch ({before} sent)");
        let stuck: i64 =
            sqlx::query_scalar("SELECT count(*) FROM notifications WHERE status = 'SENDING'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert!(stuck > 0, "the killed worker left claimed rows behind");

        sink.clear_delay();
        let _second = work(&db, &ns, &sink);
        wait_for(&sink, 6, 60).await;
        settle().await;
        let mails = sink.messages();
        let ids = by_message_id(&mails);
        assert_eq!(mails.len(), 6, "each delivered exactly once: {ids:?}");
        assert_eq!(ids.len(), 6);
        let unsent: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM notifications WHERE channel = 'EMAIL' AND status <> 'SENT'",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(unsent, 0);
        cleanup(&ns).await;
    }

    /// Issue 20: `kill -9` after the SMTP server had the whole message (it
    /// waits before its final reply) and before SENT was recorded: that one
    /// message, and only it, goes out again after the lease — the one
    /// duplicate at-least-once delivery cannot avoid (docs/operations.md).
    #[tokio::test(flavor = "multi_thread")]
    async fn auto6_kill_9_after_acceptance_duplicates_only_the_message_in_hand() {
        let db = company_with_due_follow_ups(6).await;
        let ns = salesd_worker::testing::unique_namespace();
        let sink = SmtpSink::start().await.unwrap();
        sink.delay(Stage::Data, Duration::from_millis(1500));
        let mut first = work(&db, &ns, &sink);
        // The first message is complete at the server, its reply pending.
        let until = std::time::Instant::now() + Duration::from_secs(60);
        while sink.data_complete() == 0 {
            assert!(
                std::time::Instant::now() < until,
                "no message reached the server"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        first.0.kill().expect("SIGKILL");
        first.0.wait().unwrap();
        let at_kill = sink.data_complete();
        sink.clear_delay();
        let _second = work(&db, &ns, &sink);
        wait_for(&sink, 6 + at_kill, 60).await;
        settle().await;
        let ids = by_message_id(&sink.messages());
        assert_eq!(ids.len(), 6, "all delivered: {ids:?}");
        let twice: Vec<_> = ids.values().filter(|n| **n > 1).collect();
        assert_eq!(
            twice.len(),
            at_kill,
            "exactly the messages the server had at the kill: {ids:?}"
        );
        assert!(ids.values().all(|n| *n <= 2), "{ids:?}");
        cleanup(&ns).await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn auto6_redis_flushed_between_scan_and_send_loses_and_doubles_nothing() {
        let db = company_with_due_follow_ups(5).await;
        let ns = salesd_worker::testing::unique_namespace();
        let sink = SmtpSink::start().await.unwrap();
        // A scan recorded the reminders and asked for a drain…
        let report = run_scan(
            &db.pool,
            ScanKind::FollowUps,
            Utc::now(),
            ScanOptions::default(),
        )
        .await
        .unwrap();
        assert_eq!(report.created, 10);
        let redis = salesd_worker::testing::connect().await;
        let job = NotifyJob::Drain {
            tick: 1,
            reason: "test".into(),
        };
        assert!(
            client::enqueue_notify(&redis, &ns, &job, Some("drain:test:1"))
                .await
                .unwrap()
        );
        // …then Redis lost everything before any worker ran it.
        cleanup(&ns).await;
        let _w = work(&db, &ns, &sink);
        wait_for(&sink, 5, 60).await;
        settle().await;
        assert_eq!(sink.messages().len(), 5);
        assert_eq!(by_message_id(&sink.messages()).len(), 5);
        let notifications: i64 = sqlx::query_scalar("SELECT count(*) FROM notifications")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(
            notifications, 10,
            "the scans ran again and recorded nothing twice"
        );
        cleanup(&ns).await;
    }

    /// Issue 20: Redis dies while messages are in the SMTP server's hands (the
    /// server waits 400 ms before each reply): the drain finishes the
    /// send in hand and records it, the workers come back with Redis, and
    /// every reminder arrives exactly once (counted by Message-ID at the
    /// server), although a 2-second lease would resend anything abandoned.
    #[tokio::test(flavor = "multi_thread")]
    async fn auto6_redis_killed_mid_delivery_sends_each_mail_once() {
        let db = company_with_due_follow_ups(12).await;
        let ns = salesd_worker::testing::unique_namespace();
        let sink = SmtpSink::start().await.unwrap();
        sink.delay(Stage::Data, Duration::from_millis(400));
        let port = free_port();
        let redis = super::redis_server(port);
        let url = format!("redis://127.0.0.1:{port}");
        let ops = free_port();
        let _w = work_on(&db, &ns, &sink, &url, ops);
        wait_for(&sink, 2, 60).await;
        drop(redis);
        tokio::time::sleep(Duration::from_secs(3)).await;
        let _redis = super::redis_server(port);
        wait_for(&sink, 12, 120).await;
        settle().await;
        let ids = by_message_id(&sink.messages());
        assert_eq!(ids.len(), 12, "{ids:?}");
        assert!(ids.values().all(|n| *n == 1), "a mail twice: {ids:?}");
        // Every SENT was timed from the server's acceptance (issue 20).
        let metrics = reqwest::get(format!("http://127.0.0.1:{ops}/metrics"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            metrics.contains("salesd_notification_sent_window_seconds_count 12"),
            "{metrics}"
        );
    }
}

/// `salesd scan KIND --as-of DAY` runs a missed day's scan as of that day
/// (its report names the day); a future day is refused with one line.
#[tokio::test(flavor = "multi_thread")]
async fn scan_as_of_runs_a_missed_day_and_refuses_the_future() {
    let db = TestDb::new().await;
    let today = salesd_domain::clock::company_date(chrono::Utc::now());
    let run = |day: chrono::NaiveDate| {
        let mut c = salesd();
        c.args(["scan", "pool", "--as-of", &day.to_string()])
            .env("DATABASE_URL", &db.url);
        c
    };
    let missed = today - chrono::Duration::days(3);
    let (out, _) = tokio::task::spawn_blocking({
        let c = run(missed);
        move || run_to_end(c)
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["day"], missed.to_string(), "{report}");
    assert_eq!(report["kind"], "pool");
    let (out, _) = tokio::task::spawn_blocking({
        let c = run(today + chrono::Duration::days(1));
        move || run_to_end(c)
    })
    .await
    .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--as-of"), "{}", stderr(&out));
}

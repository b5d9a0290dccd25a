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

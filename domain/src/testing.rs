//! Test support: a fresh, migrated PostgreSQL database per test.
//!
//! Each [`TestDb`] creates `salesd_test_<pid>_<n>` from `DATABASE_URL`'s server,
//! migrates it, and drops it when dropped. Databases left behind by a test
//! process that died are dropped by the next process that starts.

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool};

use crate::db::{self, DbConfig};

static COUNTER: AtomicU32 = AtomicU32::new(0);
static SWEEP: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();

/// The server URL the tests use (`DATABASE_URL` or the local default).
pub fn database_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://salesd:salesd@127.0.0.1:5432/salesd".to_owned())
}

/// A migrated database of its own, dropped on drop.
pub struct TestDb {
    pub name: String,
    pub url: String,
    pub pool: PgPool,
    admin: PgConnectOptions,
}

impl TestDb {
    pub async fn new() -> Self {
        let base: PgConnectOptions = database_url().parse().expect("DATABASE_URL parses");
        let admin = base.clone().database("postgres");
        SWEEP
            .get_or_init(|| async {
                sweep_orphans(&admin).await;
            })
            .await;
        let name = format!(
            "salesd_test_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let mut conn = PgConnection::connect_with(&admin).await.expect(
            "connect to PostgreSQL for tests (run scripts/services.sh, or set DATABASE_URL)",
        );
        sqlx::query(sqlx::AssertSqlSafe(format!(r#"CREATE DATABASE "{name}""#)))
            .execute(&mut conn)
            .await
            .expect("create test database");
        conn.close().await.ok();
        let url = base.clone().database(&name).to_url_lossy().to_string();
        let mut cfg = DbConfig::new(url.clone());
        cfg.max_connections = 8;
        let pool = db::connect(&cfg).await.expect("connect test database");
        db::migrate(&pool).await.expect("migrate test database");
        Self {
            name,
            url,
            pool,
            admin,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let admin = self.admin.clone();
        let name = self.name.clone();
        // Drop runs inside the test's runtime, which is blocked while we wait:
        // the pool's connections belong to it and cannot be closed from here.
        // FORCE ends them server-side; the clean-up runs on a thread of its
        // own so it completes before the test process moves on.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(drop_database(&admin, &name));
        })
        .join();
    }
}

async fn drop_database(admin: &PgConnectOptions, name: &str) {
    if let Ok(mut conn) = PgConnection::connect_with(admin).await {
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#
        )))
        .execute(&mut conn)
        .await;
        let _ = conn.close().await;
    }
}

/// Drops test databases whose creating process is gone.
async fn sweep_orphans(admin: &PgConnectOptions) {
    let Ok(mut conn) = PgConnection::connect_with(admin).await else {
        return;
    };
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT datname FROM pg_database WHERE datname LIKE 'salesd\\_test\\_%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap_or_default();
    let _ = conn.close().await;
    for name in names {
        let pid = name.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| std::path::Path::new(&format!("/proc/{p}")).exists());
        if !alive {
            drop_database(admin, &name).await;
        }
    }
}

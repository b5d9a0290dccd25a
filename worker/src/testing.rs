//! Test support for the shared Redis: a namespace of its own per test, and
//! deleting exactly that namespace's keys afterwards (never FLUSHDB).

use std::sync::atomic::{AtomicU32, Ordering};

use redis::aio::ConnectionManager;

use crate::client::keys::GLOBAL_QUEUE_LIST;

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Prefix of every test namespace: `salesd-test-{pid}-…`.
const TEST_PREFIX: &str = "salesd-test-";

/// `REDIS_URL` or the local default.
pub fn redis_url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned())
}

/// A namespace no other test (or test process) uses.
pub fn unique_namespace() -> String {
    let nanos = chrono::Utc::now().timestamp_subsec_nanos();
    format!(
        "{TEST_PREFIX}{}-{}-{nanos:x}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

static SWEEP: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();

/// Connects to the test Redis, with the error message of
/// [`crate::client::connect`]. The first call in a test process also purges
/// namespaces of test processes that died.
pub async fn connect() -> ConnectionManager {
    let conn = crate::client::connect(&redis_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    SWEEP
        .get_or_init(|| async {
            if let Err(e) = sweep_orphaned_namespaces(&mut conn.clone()).await {
                tracing::warn!(error = %e, "sweeping orphaned test namespaces failed");
            }
        })
        .await;
    conn
}

/// Deletes every key of `namespace` and its entries in apalis's global queue
/// list. Returns the number of keys deleted.
pub async fn purge_namespace(
    conn: &mut ConnectionManager,
    namespace: &str,
) -> redis::RedisResult<u64> {
    assert!(
        !namespace.is_empty() && !namespace.contains(['*', '?', '[', ']']),
        "refusing to purge namespace {namespace:?}"
    );
    let prefix = format!("{namespace}:");
    let mut cursor: u64 = 0;
    let mut deleted = 0;
    loop {
        let (next, keys): (u64, Vec<String>) = redis::cmd("SCAN")
            .arg(cursor)
            .arg("MATCH")
            .arg(format!("{prefix}*"))
            .arg("COUNT")
            .arg(1000)
            .query_async(conn)
            .await?;
        if !keys.is_empty() {
            let n: u64 = redis::cmd("DEL").arg(&keys).query_async(conn).await?;
            deleted += n;
        }
        if next == 0 {
            break;
        }
        cursor = next;
    }
    let members: Vec<String> = redis::cmd("ZRANGE")
        .arg(GLOBAL_QUEUE_LIST)
        .arg(0)
        .arg(-1)
        .query_async(conn)
        .await?;
    let ours: Vec<&String> = members.iter().filter(|m| m.starts_with(&prefix)).collect();
    if !ours.is_empty() {
        let _: u64 = redis::cmd("ZREM")
            .arg(GLOBAL_QUEUE_LIST)
            .arg(ours)
            .query_async(conn)
            .await?;
    }
    Ok(deleted)
}

/// Purges namespaces left by test processes that died before cleaning up:
/// keys named `salesd-test-{pid}-…:…` whose process is gone.
pub async fn sweep_orphaned_namespaces(conn: &mut ConnectionManager) -> redis::RedisResult<()> {
    let mut orphans = std::collections::BTreeSet::new();
    let mut cursor: u64 = 0;
    loop {
        let (next, keys): (u64, Vec<String>) = redis::cmd("SCAN")
            .arg(cursor)
            .arg("MATCH")
            .arg(format!("{TEST_PREFIX}*"))
            .arg("COUNT")
            .arg(1000)
            .query_async(conn)
            .await?;
        for key in keys {
            let Some(ns) = key.split(':').next() else {
                continue;
            };
            let pid = ns[TEST_PREFIX.len()..]
                .split('-')
                .next()
                .and_then(|p| p.parse::<u32>().ok());
            if pid.is_some_and(|p| !std::path::Path::new(&format!("/proc/{p}")).exists()) {
                orphans.insert(ns.to_owned());
            }
        }
        if next == 0 {
            break;
        }
        cursor = next;
    }
    for ns in orphans {
        purge_namespace(conn, &ns).await?;
    }
    Ok(())
}

/// A [`crate::jobs::JobContext`] for calling handlers directly in tests:
/// this namespace, mail through `mail`, a 2-second lease.
pub async fn job_context(
    pool: sqlx::PgPool,
    namespace: &str,
    mail: crate::MailConfig,
) -> crate::jobs::JobContext {
    crate::jobs::JobContext {
        delivery_pool: pool.clone(),
        pool,
        redis: connect().await,
        namespace: namespace.to_owned(),
        worker_name: format!("{namespace}-worker"),
        status: crate::WorkerStatus::new(),
        mailer: crate::Mailer::new(&mail).expect("mailer"),
        mail_from: "销售部 <sales@salesd.test>".parse().expect("mailbox"),
        notify_lease: std::time::Duration::from_secs(2),
        notify_batch: 5,
        scan_options: salesd_domain::notify::scan::ScanOptions::default(),
        run_stopped: Default::default(),
    }
}

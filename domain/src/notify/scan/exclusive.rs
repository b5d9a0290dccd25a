//! One run per scan kind at a time, across every worker process, and the
//! record operators read of what each scan is doing (`scan_state`).
//!
//! A run holds a PostgreSQL session advisory lock, keyed by the scan, on a
//! connection of its own for as long as it runs. A run that cannot take it
//! skips and counts the skip. If the process dies, PostgreSQL ends the
//! session and the lock goes with it; if the run is dropped half-way (a job
//! timeout), the connection is closed rather than returned to the pool
//! still holding the lock.

use chrono::{DateTime, Utc};
use sqlx::pool::PoolConnection;
use sqlx::{PgPool, Postgres};

use super::ScanKind;
use crate::error::DomainResult;

/// First key of the scans' advisory locks (the second is [`ScanKind::index`]).
pub const LOCK_CLASS: i32 = 0x5ca1;

/// The held lock of one scan run.
pub(super) struct ScanLock {
    conn: Option<PoolConnection<Postgres>>,
    kind: ScanKind,
}

impl ScanLock {
    /// The lock of `kind`, or `None` when another run holds it.
    pub(super) async fn try_acquire(pool: &PgPool, kind: ScanKind) -> DomainResult<Option<Self>> {
        // The guard exists before the lock is asked for: a run cancelled
        // while asking closes the connection rather than pooling it locked.
        let mut lock = ScanLock {
            conn: Some(pool.acquire().await?),
            kind,
        };
        let Some(conn) = lock.conn.as_mut() else {
            return Ok(None);
        };
        let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1, $2)")
            .bind(LOCK_CLASS)
            .bind(kind.index())
            .fetch_one(&mut **conn)
            .await?;
        if !got {
            // Not held: the connection goes back to the pool as it is.
            drop(lock.conn.take());
            return Ok(None);
        }
        Ok(Some(lock))
    }

    /// Releases the lock; a connection that cannot say so is closed.
    pub(super) async fn release(mut self) {
        let Some(mut conn) = self.conn.take() else {
            return;
        };
        let unlocked = sqlx::query("SELECT pg_advisory_unlock($1, $2)")
            .bind(LOCK_CLASS)
            .bind(self.kind.index())
            .execute(&mut *conn)
            .await;
        if unlocked.is_err() {
            drop(conn.detach());
        }
    }
}

impl Drop for ScanLock {
    fn drop(&mut self) {
        // Dropped without `release` (the run was cancelled): close the
        // session, which frees the lock, instead of pooling it locked.
        if let Some(conn) = self.conn.take() {
            drop(conn.detach());
        }
    }
}

/// A run of `kind` started at `at`.
pub(super) async fn record_start(
    pool: &PgPool,
    kind: ScanKind,
    at: DateTime<Utc>,
) -> DomainResult<()> {
    sqlx::query(
        "INSERT INTO scan_state (kind, running_since, last_started_at) VALUES ($1, $2, $2)
         ON CONFLICT (kind) DO UPDATE SET running_since = $2, last_started_at = $2",
    )
    .bind(kind.as_str())
    .bind(at)
    .execute(pool)
    .await?;
    Ok(())
}

/// The run of `kind` ended at `at`, with `error` if it failed.
pub(super) async fn record_end(
    pool: &PgPool,
    kind: ScanKind,
    at: DateTime<Utc>,
    error: Option<&str>,
) -> DomainResult<()> {
    let error: Option<String> = error.map(|e| e.chars().take(2000).collect());
    sqlx::query(
        "UPDATE scan_state SET running_since = NULL, last_finished_at = $2, last_error = $3, runs = runs + 1
         WHERE kind = $1",
    )
    .bind(kind.as_str())
    .bind(at)
    .bind(error)
    .execute(pool)
    .await?;
    Ok(())
}

/// A run of `kind` asked for at `at` found another still going.
pub(super) async fn record_busy(
    pool: &PgPool,
    kind: ScanKind,
    at: DateTime<Utc>,
) -> DomainResult<()> {
    sqlx::query(
        "INSERT INTO scan_state (kind, skips, last_skipped_at) VALUES ($1, 1, $2)
         ON CONFLICT (kind) DO UPDATE SET skips = scan_state.skips + 1, last_skipped_at = $2",
    )
    .bind(kind.as_str())
    .bind(at)
    .execute(pool)
    .await?;
    Ok(())
}

/// What a scan is doing, for operators (`/metrics`).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ScanState {
    pub kind: String,
    /// A run holds the lock now (read from `pg_locks`, so a run whose
    /// process died does not show as running).
    #[sqlx(skip)]
    pub running: bool,
    pub last_started_at: Option<DateTime<Utc>>,
    pub last_finished_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub runs: i64,
    pub skips: i64,
}

/// The state of every scan that has run or been skipped.
pub async fn states(pool: &PgPool) -> DomainResult<Vec<ScanState>> {
    let held: Vec<i64> = sqlx::query_scalar(
        "SELECT objid::int8 FROM pg_locks
          WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid::int8 = $1",
    )
    .bind(i64::from(LOCK_CLASS))
    .fetch_all(pool)
    .await?;
    let mut rows: Vec<ScanState> = sqlx::query_as(
        "SELECT kind, last_started_at, last_finished_at, last_error, runs, skips
           FROM scan_state ORDER BY kind",
    )
    .fetch_all(pool)
    .await?;
    for r in &mut rows {
        r.running = r
            .kind
            .parse::<ScanKind>()
            .is_ok_and(|k| held.contains(&i64::from(k.index())));
    }
    Ok(rows)
}

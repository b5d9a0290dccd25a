//! In-process view of the worker's health, for `/readyz` in the processes
//! that run the worker (`salesd all`, and `salesd work` on `WORKER_BIND_ADDR`).
//!
//! A clone is handed to [`crate::run`], which updates it; `/readyz` reads it.
//! A separate `salesd serve` process has none: its `/readyz` reports
//! `"worker": null` and checks only PostgreSQL and Redis.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

/// Shared, cloneable handle on the worker's state.
#[derive(Clone, Debug, Default)]
pub struct WorkerStatus {
    inner: Arc<Inner>,
}

/// Upper bounds (seconds) of the acceptance → SENT window histogram.
pub const SENT_WINDOW_BUCKETS: [f64; 10] =
    [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0];

#[derive(Debug, Default)]
struct Inner {
    running: AtomicBool,
    stopping: AtomicBool,
    /// Longest silence between heartbeat ticks of a healthy worker.
    tick_budget: Mutex<Option<chrono::Duration>>,
    times: Mutex<Snapshot>,
    outcomes: Mutex<BTreeMap<(String, bool), JobTotals>>,
    /// Seconds between the SMTP server's acceptance of a message and the
    /// commit of its SENT record: the window in which a crash duplicates.
    sent_window: std::sync::OnceLock<prometheus::Histogram>,
    /// Drains running in tasks of their own ([`WorkerStatus::drain_started`]).
    drains: std::sync::atomic::AtomicUsize,
}

/// Held by a running drain; dropping it counts the drain out.
pub struct DrainGuard(WorkerStatus);

impl Drop for DrainGuard {
    fn drop(&mut self) {
        self.0.inner.drains.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Jobs of one queue with one outcome, since the process started.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct JobTotals {
    pub count: u64,
    /// Sum of the jobs' run times, in seconds (for a mean or a rate).
    pub seconds: f64,
}

/// A consistent copy of the status at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Snapshot {
    pub running: bool,
    /// When `run` connected to Redis and started its workers.
    pub started_at: Option<DateTime<Utc>>,
    /// Last heartbeat cron tick handled by this process.
    pub last_tick_at: Option<DateTime<Utc>>,
    /// Last Redis job this process finished successfully.
    pub last_job_at: Option<DateTime<Utc>>,
    pub ticks: u64,
    pub jobs: u64,
    /// Times the workers were started again after losing Redis
    /// ([`crate::runner::run_until_stopped`]); failed attempts in between
    /// do not count.
    pub restarts: u64,
}

impl WorkerStatus {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn is_running(&self) -> bool {
        self.inner.running.load(Ordering::Acquire)
    }

    pub fn snapshot(&self) -> Snapshot {
        let mut s = *self.lock();
        s.running = self.is_running();
        s
    }

    pub fn started_at(&self) -> Option<DateTime<Utc>> {
        self.lock().started_at
    }

    pub fn last_tick_at(&self) -> Option<DateTime<Utc>> {
        self.lock().last_tick_at
    }

    pub fn last_job_at(&self) -> Option<DateTime<Utc>> {
        self.lock().last_job_at
    }

    /// Running and ticked within `max_age` (or started within it, before the
    /// first tick). What a readiness probe wants to know.
    pub fn is_live(&self, now: DateTime<Utc>, max_age: chrono::Duration) -> bool {
        let s = self.snapshot();
        let last = s.last_tick_at.or(s.started_at);
        s.running && last.is_some_and(|t| now - t <= max_age)
    }

    /// The workers run (again): a stop asked of the run before, for a
    /// Redis fault, does not carry over to this one.
    pub(crate) fn mark_started(&self, at: DateTime<Utc>) {
        {
            let mut s = self.lock();
            if s.started_at.is_some() {
                s.restarts += 1;
            }
            s.started_at = Some(at);
            // A tick from before a restart says nothing about this run.
            s.last_tick_at = None;
        }
        self.inner.stopping.store(false, Ordering::Release);
        self.inner.running.store(true, Ordering::Release);
    }

    /// Sets how long the heartbeat may stay silent before the worker counts
    /// as stuck (the runner uses three heartbeat periods).
    pub fn set_tick_budget(&self, budget: chrono::Duration) {
        *self
            .inner
            .tick_budget
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(budget);
    }

    /// Running and, once a tick budget is set, ticking within it: what
    /// `/readyz` reports. A worker whose cron stopped ticking (a wedged
    /// runtime, a dead scheduler) is not ready although still "running".
    pub fn is_healthy(&self, now: DateTime<Utc>) -> bool {
        let budget = *self
            .inner
            .tick_budget
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match budget {
            Some(b) => self.is_live(now, b),
            None => self.is_running(),
        }
    }

    /// Asks long-running jobs to stop at their next safe point: shutdown
    /// (or a restart after a Redis fault) has begun. Cleared when the
    /// workers start again.
    pub fn mark_stopping(&self) {
        self.inner.stopping.store(true, Ordering::Release);
    }

    /// Whether shutdown has begun (see [`WorkerStatus::mark_stopping`]).
    pub fn is_stopping(&self) -> bool {
        self.inner.stopping.load(Ordering::Acquire)
    }

    pub(crate) fn mark_stopped(&self) {
        self.inner.running.store(false, Ordering::Release);
    }

    pub(crate) fn record_tick(&self, at: DateTime<Utc>) {
        let mut s = self.lock();
        s.last_tick_at = Some(at);
        s.ticks += 1;
    }

    pub(crate) fn record_job(&self, at: DateTime<Utc>) {
        let mut s = self.lock();
        s.last_job_at = Some(at);
        s.jobs += 1;
    }

    /// Counts a finished job of `queue` (`ok` or failed) that ran `took`.
    pub fn record_outcome(&self, queue: &str, ok: bool, took: std::time::Duration) {
        let mut m = self
            .inner
            .outcomes
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let t = m.entry((queue.to_owned(), ok)).or_default();
        t.count += 1;
        t.seconds += took.as_secs_f64();
    }

    /// Counts a drain in until the guard is dropped: the process waits for
    /// it before exiting ([`WorkerStatus::wait_for_drains`]).
    pub fn drain_started(&self) -> DrainGuard {
        self.inner.drains.fetch_add(1, Ordering::AcqRel);
        DrainGuard(self.clone())
    }

    /// Waits until no drain runs, at most `max`: a drain asked to stop
    /// finishes the send in hand and records it before it ends.
    pub async fn wait_for_drains(&self, max: std::time::Duration) {
        let until = std::time::Instant::now() + max;
        while self.inner.drains.load(Ordering::Acquire) > 0 && std::time::Instant::now() < until {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// The acceptance → SENT window histogram of this process
    /// (`salesd_notification_sent_window_seconds` on `/metrics`).
    pub fn sent_window(&self) -> &prometheus::Histogram {
        self.inner.sent_window.get_or_init(|| {
            let opts = prometheus::HistogramOpts::new(
                "notification_sent_window_seconds",
                "seconds from the SMTP server's acceptance of a message to the commit of its SENT record (a crash in between sends it again)",
            )
            .buckets(SENT_WINDOW_BUCKETS.to_vec());
            prometheus::Histogram::with_opts(opts)
                .expect("constant histogram options with increasing buckets")
        })
    }

    /// Job totals per (queue, ok), for `/metrics`.
    pub fn outcomes(&self) -> Vec<(String, bool, JobTotals)> {
        let m = self
            .inner
            .outcomes
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        m.iter().map(|((q, ok), t)| (q.clone(), *ok, *t)).collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Snapshot> {
        // A panic while holding this lock cannot leave the plain data half
        // written in a way that matters; keep serving it.
        self.inner.times.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Marks the status stopped when `run` returns, however it returns.
pub(crate) struct StopGuard(pub WorkerStatus);

impl Drop for StopGuard {
    fn drop(&mut self) {
        self.0.mark_stopped();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn liveness_follows_ticks() {
        let s = WorkerStatus::new();
        let t0 = Utc::now();
        let max = chrono::Duration::seconds(120);
        assert!(!s.is_live(t0, max));
        s.mark_started(t0);
        assert!(s.is_live(t0, max));
        assert!(!s.is_live(t0 + chrono::Duration::seconds(121), max));
        s.record_tick(t0 + chrono::Duration::seconds(100));
        assert!(s.is_live(t0 + chrono::Duration::seconds(121), max));
        assert_eq!(s.snapshot().ticks, 1);
        drop(StopGuard(s.clone()));
        assert!(!s.is_live(t0, max));
    }

    #[test]
    fn healthy_needs_ticks_within_the_budget_once_set() {
        let s = WorkerStatus::new();
        let t0 = Utc::now();
        s.mark_started(t0);
        assert!(
            s.is_healthy(t0 + chrono::Duration::hours(5)),
            "no budget: running is enough"
        );
        s.set_tick_budget(chrono::Duration::minutes(3));
        assert!(s.is_healthy(t0 + chrono::Duration::minutes(2)));
        assert!(
            !s.is_healthy(t0 + chrono::Duration::minutes(4)),
            "the cron stopped ticking"
        );
        s.record_tick(t0 + chrono::Duration::minutes(3));
        assert!(s.is_healthy(t0 + chrono::Duration::minutes(4)));
    }
}

//! [`run`]: the worker role of the process — cron schedules and Redis queue
//! workers under one apalis `Monitor`, until shutdown or a fatal error.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use apalis::prelude::*;
use apalis_cron::CronScheduler;
use apalis_redis::RedisStorage;
use chrono::Utc;
use sqlx::PgPool;
use tokio::sync::Notify;

use crate::client::{
    self, ASSESS_QUEUE, MAINTENANCE_QUEUE, NOTIFY_QUEUE, QUEUES, SCAN_QUEUE, keys::QueueKeys,
};
use crate::config::{MISSED_HEARTBEATS, WorkerConfig};
use crate::jobs::{self, JobContext};
use crate::mail::Mailer;
use crate::queue_gc;
use crate::status::{StopGuard, WorkerStatus};
use salesd_domain::notify::scan::ScanOptions;

/// Longest a maintenance job may run before it counts as failed.
const MAINTENANCE_JOB_TIMEOUT: Duration = Duration::from_secs(300);
/// Longest a scan may run (a first pool reclaim over a large book is long).
const SCAN_JOB_TIMEOUT: Duration = Duration::from_secs(1800);
/// Longest a drain may run: its own budget plus one slow SMTP send.
const NOTIFY_JOB_TIMEOUT: Duration = Duration::from_secs(300);
/// Longest an assessment job may run (AUTO-4): two hours, see
/// [`jobs::assess::JOB_TIMEOUT`].
const ASSESS_JOB_TIMEOUT: Duration = jobs::assess::JOB_TIMEOUT;

/// Registers the Redis worker of one queue: the same pattern for every
/// queue (this process's unique worker name, short heartbeat, interval
/// polling, panics caught, a job timeout). A macro because the handler
/// types differ and apalis's `register` bounds are long.
macro_rules! register_queue {
    ($monitor:expr, $cfg:expr, $ctx:expr, $queue:expr, $timeout:expr, $handler:path) => {{
        let config = client::queue_config(&$cfg.namespace, $queue)
            .heartbeat_interval($cfg.heartbeat_interval)
            .missed_heartbeats(MISSED_HEARTBEATS);
        let name = $cfg.worker_name.clone();
        let poll = $cfg.poll_interval;
        let ctx = $ctx.clone();
        $monitor.register(move |_restarts| {
            let storage = RedisStorage::<serde_json::Value>::new(ctx.redis.clone())
                .with_config(config.clone())
                .poll_with_interval(poll);
            WorkerBuilder::new(name.as_str())
                .backend(storage)
                .catch_panic()
                .timeout($timeout)
                .data(ctx.clone())
                .build($handler)
        })
    }};
}
/// Times a failed cron worker is restarted before `run` gives up.
const CRON_RESTARTS: usize = 5;

/// Connections of delivery's own pool ([`JobContext::delivery_pool`]): one
/// drain at a time per queue worker, plus room for a lease recovery.
pub const DELIVERY_CONNECTIONS: u32 = 3;

/// Delivery's own small pool, with the settings of `pool` (server, user,
/// `statement_timeout`); connections are opened when first needed.
pub fn delivery_pool(pool: &PgPool) -> PgPool {
    sqlx::postgres::PgPoolOptions::new()
        .max_connections(DELIVERY_CONNECTIONS)
        .acquire_timeout(Duration::from_secs(10))
        .connect_lazy_with((*pool.connect_options()).clone())
}

/// How long the process waits, before it returns, for drains that run on
/// after their job ended: one SMTP command's timeout and a margin.
const DRAIN_GRACE: std::time::Duration = std::time::Duration::from_secs(35);

/// The first wait before starting the workers again after a Redis fault.
const RECONNECT_FIRST: std::time::Duration = std::time::Duration::from_secs(1);
/// The longest wait between two attempts.
const RECONNECT_MAX: std::time::Duration = std::time::Duration::from_secs(30);
/// A run that lasted this long was healthy: the next fault waits
/// [`RECONNECT_FIRST`] again.
const RECONNECT_RESET: std::time::Duration = std::time::Duration::from_secs(60);

/// Runs the workers until `stop` turns true, surviving the loss of Redis
/// (issue 14, item 22): when a run ends with a Redis fault after the workers
/// had started (Redis lost or flushed, the worker declared dead), they are
/// started again after 1 s, 2 s, 4 s … up to 30 s, for as long as it takes.
/// Meanwhile the status is not running, so `/readyz` answers 503. A
/// failure before the first start (invalid config, Redis unreachable at
/// start-up) is returned at once, as [`run`] does: that is a deployment
/// fault, not a blip.
pub async fn run_until_stopped(
    pool: PgPool,
    cfg: WorkerConfig,
    status: WorkerStatus,
    stop: tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let result = run_until_stopped_inner(pool, cfg, status.clone(), stop).await;
    // A drain cut loose from its job (a Redis fault) finishes the send in
    // hand and records it before the process may exit.
    status.wait_for_drains(DRAIN_GRACE).await;
    result
}

/// [`run_until_stopped`] without the final wait for drains.
async fn run_until_stopped_inner(
    pool: PgPool,
    cfg: WorkerConfig,
    status: WorkerStatus,
    stop: tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|v| *v).await;
    };
    let mut delay = RECONNECT_FIRST;
    loop {
        let began = std::time::Instant::now();
        let result = run(
            pool.clone(),
            cfg.clone(),
            status.clone(),
            stopped(stop.clone()),
        )
        .await;
        if *stop.borrow() {
            // Asked to stop, possibly while Redis was away: a clean stop.
            if let Err(e) = result {
                tracing::warn!(error = %format!("{e:#}"), "workers stopped on shutdown");
            }
            return Ok(());
        }
        let error = match result {
            Ok(()) => return Ok(()),
            Err(e) if status.started_at().is_none() || !redis_fault(&e) => return Err(e),
            Err(e) => e,
        };
        if began.elapsed() >= RECONNECT_RESET {
            delay = RECONNECT_FIRST;
        }
        tracing::error!(
            error = %format!("{error:#}"), retry_in_s = delay.as_secs(),
            "workers stopped; starting them again when Redis answers"
        );
        tokio::select! {
            () = tokio::time::sleep(delay) => {}
            () = stopped(stop.clone()) => return Ok(()),
        }
        delay = (delay * 2).min(RECONNECT_MAX);
    }
}

/// Whether a run ended because of Redis (lost, flushed, the worker declared
/// dead or its name still held): what [`run_until_stopped`] waits out. Any
/// other failure (the mail outbox gone, a cron job failing for good) ends
/// the process, for the operator and the supervisor to see.
fn redis_fault(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<RedisFault>().is_some() || c.downcast_ref::<redis::RedisError>().is_some()
    }) || format!("{e:#}").contains("Redis")
}

/// Runs the workers until `shutdown` resolves (then lets in-flight jobs
/// finish, up to `cfg.shutdown_timeout`) or a worker fails for good.
///
/// Fails fast, with a one-line message saying what to do, when the config is
/// invalid, the mail outbox cannot be created or Redis cannot be reached.
/// Returns an error when a Redis worker stops (Redis lost, worker declared
/// dead); [`run_until_stopped`] then starts it again.
pub async fn run(
    pool: PgPool,
    cfg: WorkerConfig,
    status: WorkerStatus,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    cfg.validate()?;
    let schedule = cfg.heartbeat_schedule()?;
    let scan_schedule = cfg.scan_schedule()?;
    let assessment_schedule = cfg.assessment_schedule()?;
    let mail_from: lettre::message::Mailbox = cfg
        .mail_from
        .parse()
        .context("MAIL_FROM is not a mailbox")?;
    let mailer = Mailer::new(&cfg.mail)?;
    let redis = client::connect(&cfg.redis_url).await?;
    let keys = QueueKeys::new(&cfg.namespace, MAINTENANCE_QUEUE);
    ensure_name_free(&redis, &keys, &cfg).await?;
    for queue in QUEUES {
        let keys = QueueKeys::new(&cfg.namespace, queue);
        if let Err(e) = queue_gc::sweep_worker_metadata(&mut redis.clone(), &keys).await {
            tracing::warn!(queue, error = %e, "sweeping stale worker metadata failed");
        }
    }
    let delivery_pool = delivery_pool(&pool);
    let ctx = JobContext {
        pool,
        delivery_pool,
        redis: redis.clone(),
        namespace: cfg.namespace.clone(),
        worker_name: cfg.worker_name.clone(),
        status: status.clone(),
        mailer,
        mail_from,
        notify_lease: cfg.notify_lease,
        notify_batch: cfg.notify_batch,
        scan_options: ScanOptions {
            reminder_hour: cfg.reminder_hour,
            ..ScanOptions::default()
        },
        run_stopped: Arc::new(AtomicBool::new(false)),
    };
    status.set_tick_budget(tick_budget(&schedule));
    status.mark_started(Utc::now());
    let _stopped = StopGuard(status.clone());
    tracing::info!(
        worker = %cfg.worker_name, namespace = %cfg.namespace,
        mail = %ctx.mailer.describe(), heartbeat_cron = %cfg.heartbeat_cron,
        "worker started"
    );

    let failure = Failure::default();
    // Set once the Redis worker has registered: only then is the clean-up
    // ours to do (a refused duplicate must not unregister the live one).
    let registered = Arc::new(AtomicBool::new(false));
    let monitor = Monitor::new();
    let monitor = register_cron(monitor, &cfg, schedule, ctx.clone());
    let monitor = register_scan_cron(monitor, &cfg, scan_schedule, ctx.clone());
    let monitor = register_assessment_cron(monitor, &cfg, assessment_schedule, ctx.clone());
    let monitor = register_queue!(
        monitor,
        cfg,
        ctx,
        SCAN_QUEUE,
        SCAN_JOB_TIMEOUT,
        jobs::scan::handle
    );
    let monitor = register_queue!(
        monitor,
        cfg,
        ctx,
        NOTIFY_QUEUE,
        NOTIFY_JOB_TIMEOUT,
        jobs::notify::handle
    );
    let monitor = register_queue!(
        monitor,
        cfg,
        ctx,
        ASSESS_QUEUE,
        ASSESS_JOB_TIMEOUT,
        jobs::assess::handle
    );
    let monitor = register_queue!(
        monitor,
        cfg,
        ctx,
        MAINTENANCE_QUEUE,
        MAINTENANCE_JOB_TIMEOUT,
        jobs::maintenance::handle
    )
    .on_event(event_handler(cfg.worker_name.clone(), registered.clone()))
    .should_restart(restart_policy(failure.clone(), &cfg))
    .shutdown_timeout(cfg.shutdown_timeout);
    let signal = {
        let failure = failure.clone();
        let status = status.clone();
        let run_stopped = ctx.run_stopped.clone();
        async move {
            tokio::select! {
                () = shutdown => {}
                // A worker failed for good (Redis lost): not ready from now
                // on, while the others wind down.
                () = failure.notify.notified() => status.mark_stopped(),
            }
            // Long jobs (a drain) stop at their next safe point.
            run_stopped.store(true, Ordering::Release);
            status.mark_stopping();
            Ok(())
        }
    };
    let outcome = monitor.run_with_signal(signal).await;

    if registered.load(Ordering::Acquire) {
        // After a Redis fault the clean-up is best effort and brief: the
        // next run sweeps what is left (`sweep_worker_metadata`).
        let budget = if failure.is_set() {
            Duration::from_secs(2)
        } else {
            Duration::from_secs(30)
        };
        for queue in QUEUES {
            let keys = QueueKeys::new(&cfg.namespace, queue);
            let mut conn = redis.clone();
            let release = queue_gc::release_worker(&mut conn, &keys, &cfg.worker_name);
            match tokio::time::timeout(budget, release).await {
                Ok(Ok(0)) => {}
                Ok(Ok(n)) => {
                    tracing::warn!(queue, jobs = n, "unfinished jobs put back on the queue")
                }
                Ok(Err(e)) => {
                    tracing::warn!(queue, error = %e, "unregistering the Redis worker failed")
                }
                Err(_) => tracing::warn!(queue, "unregistering the Redis worker timed out"),
            }
        }
    }
    match failure.take() {
        Some((message, true)) => return Err(RedisFault(message).into()),
        Some((message, false)) => anyhow::bail!(message),
        None => {}
    }
    outcome.context("the worker monitor failed")?;
    tracing::info!(worker = %cfg.worker_name, "worker stopped");
    Ok(())
}

/// Refuses a worker name a live process holds. apalis-redis would not refuse
/// it reliably: it may instead evict the live worker (see `queue_gc`).
async fn ensure_name_free(
    redis: &redis::aio::ConnectionManager,
    keys: &QueueKeys,
    cfg: &WorkerConfig,
) -> anyhow::Result<()> {
    let orphan_window = cfg.heartbeat_interval * MISSED_HEARTBEATS as u32;
    let in_use = queue_gc::name_in_use(&mut redis.clone(), keys, &cfg.worker_name, orphan_window)
        .await
        .context("reading the Redis worker registry")?;
    if let Some(age) = in_use {
        anyhow::bail!(
            "Redis worker name `{}` is in use: a worker of that name sent a heartbeat {age} s ago — give each process a unique worker name (WORKER_NAME), or, if the old process crashed, wait {} s",
            cfg.worker_name,
            orphan_window.as_secs()
        );
    }
    Ok(())
}

/// The heartbeat cron job, in the company time zone.
fn register_cron(
    monitor: Monitor,
    cfg: &WorkerConfig,
    schedule: cron::Schedule,
    ctx: JobContext,
) -> Monitor {
    let name = cron_worker_name(&cfg.worker_name);
    let tz = cfg.timezone;
    monitor.register(move |_restarts| {
        WorkerBuilder::new(name.as_str())
            .backend(CronScheduler::new(schedule.clone()).with_timezone(tz))
            .catch_panic()
            .data(ctx.clone())
            .build(jobs::heartbeat::on_tick)
    })
}

/// The scan cron: asks for every scan and an outbox drain on each tick.
fn register_scan_cron(
    monitor: Monitor,
    cfg: &WorkerConfig,
    schedule: cron::Schedule,
    ctx: JobContext,
) -> Monitor {
    let name = format!("{}:cron:scan", cfg.worker_name);
    let tz = cfg.timezone;
    monitor.register(move |_restarts| {
        WorkerBuilder::new(name.as_str())
            .backend(CronScheduler::new(schedule.clone()).with_timezone(tz))
            .catch_panic()
            .data(ctx.clone())
            .build(jobs::scan::on_tick)
    })
}

/// The AUTO-4 assessment cron: asks for a run of the due periods on each
/// tick (default daily at 00:05, company time).
fn register_assessment_cron(
    monitor: Monitor,
    cfg: &WorkerConfig,
    schedule: cron::Schedule,
    ctx: JobContext,
) -> Monitor {
    let name = format!("{}:cron:assess", cfg.worker_name);
    let tz = cfg.timezone;
    monitor.register(move |_restarts| {
        WorkerBuilder::new(name.as_str())
            .backend(CronScheduler::new(schedule.clone()).with_timezone(tz))
            .catch_panic()
            .data(ctx.clone())
            .build(jobs::assess::on_tick)
    })
}

/// Three heartbeat periods (at least a minute): longer without a tick and
/// the worker is not ready.
fn tick_budget(schedule: &cron::Schedule) -> chrono::Duration {
    let mut next = schedule.upcoming(Utc);
    let period = match (next.next(), next.next()) {
        (Some(a), Some(b)) => b - a,
        _ => chrono::Duration::minutes(1),
    };
    (period * 3).max(chrono::Duration::minutes(1))
}

fn cron_worker_name(worker_name: &str) -> String {
    format!("{worker_name}:cron:heartbeat")
}

fn is_cron_worker(worker: &str, worker_name: &str) -> bool {
    worker
        .strip_prefix(worker_name)
        .is_some_and(|rest| rest.starts_with(":cron:"))
}

/// The first fatal worker error, and a wake-up for the shutdown signal.
/// `redis`: the failed worker was a Redis queue worker.
#[derive(Clone, Default)]
struct Failure {
    message: Arc<Mutex<Option<(String, bool)>>>,
    notify: Arc<Notify>,
}

/// A run ended because a Redis queue worker stopped (Redis lost or flushed,
/// the worker declared dead or its name still held): what
/// [`run_until_stopped`] waits out.
#[derive(Debug)]
pub struct RedisFault(pub String);

impl std::fmt::Display for RedisFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RedisFault {}

impl Failure {
    fn record(&self, message: String, redis: bool) {
        let mut slot = self.message.lock().unwrap_or_else(|e| e.into_inner());
        slot.get_or_insert((message, redis));
        self.notify.notify_one();
    }

    fn is_set(&self) -> bool {
        self.message
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
    }

    fn take(&self) -> Option<(String, bool)> {
        self.message
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }
}

/// Cron workers hold no remote state: restart them a few times. A Redis
/// worker that stopped ends the run, since restarting it under the same name
/// is refused and a Redis outage would make restarts spin.
fn restart_policy(
    failure: Failure,
    cfg: &WorkerConfig,
) -> impl Fn(&WorkerContext, &WorkerError) -> bool + Send + Sync + 'static {
    let worker_name = cfg.worker_name.clone();
    let orphan_secs = (cfg.heartbeat_interval * MISSED_HEARTBEATS as u32).as_secs();
    move |worker, error| {
        let cron = is_cron_worker(worker.name(), &worker_name);
        if cron && worker.restarts() < CRON_RESTARTS {
            tracing::warn!(worker = worker.name(), %error, "cron worker failed; restarting");
            return true;
        }
        failure.record(describe_failure(worker.name(), error, orphan_secs), !cron);
        false
    }
}

fn describe_failure(worker: &str, error: &WorkerError, orphan_secs: u64) -> String {
    let text = error.to_string();
    if text.contains("still active within threshold") {
        format!(
            "Redis worker `{worker}` could not register: a worker of that name was alive less than {orphan_secs} s ago — give each process a unique worker name"
        )
    } else if text.contains("worker not registered") {
        format!(
            "Redis no longer knows worker `{worker}`: Redis restarted empty or was flushed, or other workers declared it dead after {orphan_secs} s without heartbeats (its jobs were re-enqueued); the workers start again"
        )
    } else {
        format!("worker `{worker}` stopped: {}", text.replace('\n', " "))
    }
}

/// Logs worker events and notes when the Redis worker has registered (its
/// first `HeartBeat` event follows a successful registration).
fn event_handler(
    redis_worker: String,
    registered: Arc<AtomicBool>,
) -> impl Fn(&WorkerContext, &Event) + Send + Sync + 'static {
    move |worker, event| {
        if matches!(event, Event::HeartBeat) && worker.name() == redis_worker {
            registered.store(true, Ordering::Release);
        }
        log_event(worker, event);
    }
}

fn log_event(worker: &WorkerContext, event: &Event) {
    match event {
        Event::Error(error) => tracing::warn!(worker = worker.name(), %error, "job failed"),
        Event::Start | Event::Stop | Event::Exit => {
            tracing::debug!(worker = worker.name(), %event, "worker event");
        }
        _ => tracing::trace!(worker = worker.name(), %event, "worker event"),
    }
}

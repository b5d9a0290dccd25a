//! Operations endpoints: `/healthz`, `/readyz`, `/metrics`.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use prometheus::{Encoder, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder};
use serde_json::json;

use crate::metrics::unreachable_metric;
use crate::state::AppState;

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(st): State<Arc<AppState>>) -> Response {
    let pg = tokio::time::timeout(
        Duration::from_secs(2),
        sqlx::query("SELECT 1").execute(&st.pool),
    )
    .await
    .map_err(|_| "timeout".to_owned())
    .and_then(|r| r.map(|_| ()).map_err(|e| e.to_string()));
    let mut conn = st.redis.clone();
    let redis = tokio::time::timeout(
        Duration::from_secs(2),
        redis::cmd("PING").query_async::<String>(&mut conn),
    )
    .await
    .map_err(|_| "timeout".to_owned())
    .and_then(|r| r.map(|_| ()).map_err(|e| e.to_string()));
    let worker = st.worker.as_ref().map(|w| w.snapshot());
    // Running and ticking: a worker whose heartbeat stopped is not ready.
    let worker_ok = st
        .worker
        .as_ref()
        .is_none_or(|w| w.is_healthy(chrono::Utc::now()));
    let ok = pg.is_ok() && redis.is_ok() && worker_ok;
    let show = |r: &Result<(), String>| match r {
        Ok(()) => json!("ok"),
        Err(e) => json!(e),
    };
    let body = json!({
        "status": if ok { "ready" } else { "unavailable" },
        "postgres": show(&pg),
        "redis": show(&redis),
        "worker": worker,
    });
    let code = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, axum::Json(body)).into_response()
}

pub async fn metrics(State(st): State<Arc<AppState>>) -> Response {
    let idle = st.pool.num_idle() as i64;
    st.metrics.db_pool.with_label_values(&["idle"]).set(idle);
    st.metrics
        .db_pool
        .with_label_values(&["in_use"])
        .set(i64::from(st.pool.size()) - idle);
    let mut families = st.metrics.registry.gather();
    families.extend(scrape_time_metrics(&st).await);
    let mut buf = Vec::new();
    if let Err(e) = TextEncoder::new().encode(&families, &mut buf) {
        tracing::error!(error = %e, "metrics encoding");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], buf).into_response()
}

/// How long a scrape waits for Redis or PostgreSQL before it leaves their
/// series out.
const SCRAPE_SOURCE_TIMEOUT: Duration = Duration::from_secs(2);

/// AUTO-7 series read when scraped, in a registry of their own so that a
/// queue or kind that disappears leaves no stale series behind:
///
/// - `salesd_queue_jobs{queue,state}` and `salesd_queue_workers{queue}` from
///   apalis-redis's keys;
/// - `salesd_notifications{kind,channel,status}` and
///   `salesd_notifications_oldest_pending_seconds` (since first due, rows in
///   backoff included), `salesd_notifications_retrying{kind,channel}` and
///   `salesd_notification_failed_attempts_total{kind,reason}` from the outbox;
/// - `salesd_jobs_total{queue,outcome}` and
///   `salesd_job_seconds_sum{queue,outcome}` from this process's worker,
///   when it runs one.
///
/// A source that fails or is slow is skipped (logged at debug): the scrape
/// itself never fails because Redis or PostgreSQL is down.
async fn scrape_time_metrics(st: &AppState) -> Vec<prometheus::proto::MetricFamily> {
    let registry = Registry::new_custom(Some("salesd".into()), None).unwrap_or_default();
    let mut conn = st.redis.clone();
    let queues = tokio::time::timeout(
        SCRAPE_SOURCE_TIMEOUT,
        salesd_worker::client::queue_stats_all(&mut conn, &st.config.redis_prefix),
    )
    .await;
    match queues {
        Ok(Ok(all)) => {
            let jobs = gauge_vec(
                &registry,
                "queue_jobs",
                "jobs per queue and state",
                &["queue", "state"],
            );
            let workers = gauge_vec(
                &registry,
                "queue_workers",
                "workers registered per queue",
                &["queue"],
            );
            for q in all {
                for (state, n) in [
                    ("scheduled", q.scheduled),
                    ("active", q.active),
                    ("running", q.running),
                    ("done", q.done),
                    ("dead", q.dead),
                ] {
                    jobs.with_label_values(&[q.name.as_str(), state])
                        .set(i64::try_from(n).unwrap_or(i64::MAX));
                }
                workers
                    .with_label_values(&[q.name.as_str()])
                    .set(q.workers.len() as i64);
            }
        }
        Ok(Err(e)) => tracing::debug!(error = %e, "metrics: queue statistics skipped"),
        Err(_) => tracing::debug!("metrics: queue statistics skipped (Redis timeout)"),
    }
    let outbox = tokio::time::timeout(
        SCRAPE_SOURCE_TIMEOUT,
        salesd_domain::notify::admin::stats(&st.pool, st.clock.now()),
    )
    .await;
    match outbox {
        Ok(Ok(stats)) => {
            let by_status = gauge_vec(
                &registry,
                "notifications",
                "outbox notifications per kind, channel and status",
                &["kind", "channel", "status"],
            );
            let retrying = gauge_vec(
                &registry,
                "notifications_retrying",
                "pending notifications after a failed attempt (in backoff or due again)",
                &["kind", "channel"],
            );
            for k in &stats.kinds {
                for (status, n) in [
                    ("PENDING", k.pending),
                    ("SENDING", k.sending),
                    ("SENT", k.sent),
                    ("FAILED", k.failed),
                    ("CANCELLED", k.cancelled),
                ] {
                    by_status
                        .with_label_values(&[k.kind.as_str(), k.channel.as_str(), status])
                        .set(n);
                }
                retrying
                    .with_label_values(&[k.kind.as_str(), k.channel.as_str()])
                    .set(k.retrying);
            }
            if let Ok(failed) = IntCounterVec::new(
                Opts::new(
                    "notification_failed_attempts_total",
                    "failed delivery attempts by kind and reason class (smtp_transient, connection, smtp_permanent, suppressed, render, other)",
                ),
                &["kind", "reason"],
            ) {
                for f in &stats.failures {
                    failed
                        .with_label_values(&[f.kind.as_str(), f.reason.as_str()])
                        .inc_by(u64::try_from(f.attempts).unwrap_or(0));
                }
                let _ = registry.register(Box::new(failed));
            }
            if let Ok(g) = prometheus::IntGauge::new(
                "notifications_oldest_pending_seconds",
                "seconds since the oldest pending notification first became due, retries included (0: none due)",
            ) {
                g.set(stats.oldest_pending_age_secs.unwrap_or(0));
                let _ = registry.register(Box::new(g));
            }
        }
        Ok(Err(e)) => tracing::debug!(error = ?e, "metrics: outbox statistics skipped"),
        Err(_) => tracing::debug!("metrics: outbox statistics skipped (PostgreSQL timeout)"),
    }
    let scans = tokio::time::timeout(
        SCRAPE_SOURCE_TIMEOUT,
        salesd_domain::notify::scan::exclusive::states(&st.pool),
    )
    .await;
    match scans {
        Ok(Ok(states)) => {
            let running = gauge_vec(
                &registry,
                "scan_running",
                "1 while a run of the scan holds its lock (one run per scan at a time)",
                &["scan"],
            );
            let skipped = gauge_vec(
                &registry,
                "scan_skipped_total",
                "ticks that found the scan still running and skipped it",
                &["scan"],
            );
            for s in &states {
                running
                    .with_label_values(&[s.kind.as_str()])
                    .set(i64::from(s.running));
                skipped.with_label_values(&[s.kind.as_str()]).set(s.skips);
            }
        }
        Ok(Err(e)) => tracing::debug!(error = ?e, "metrics: scan states skipped"),
        Err(_) => tracing::debug!("metrics: scan states skipped (PostgreSQL timeout)"),
    }
    if let Some(worker) = &st.worker {
        let _ = registry.register(Box::new(worker.sent_window().clone()));
        let opts = |name: &str, help: &str| Opts::new(name, help);
        if let (Ok(total), Ok(seconds)) = (
            IntCounterVec::new(
                opts(
                    "jobs_total",
                    "jobs this process finished, by queue and outcome",
                ),
                &["queue", "outcome"],
            ),
            prometheus::CounterVec::new(
                opts(
                    "job_seconds_sum",
                    "run time of the jobs this process finished, by queue and outcome",
                ),
                &["queue", "outcome"],
            ),
        ) {
            for (queue, ok, t) in worker.outcomes() {
                let outcome = if ok { "ok" } else { "error" };
                total
                    .with_label_values(&[queue.as_str(), outcome])
                    .inc_by(t.count);
                seconds
                    .with_label_values(&[queue.as_str(), outcome])
                    .inc_by(t.seconds);
            }
            let _ = registry.register(Box::new(total));
            let _ = registry.register(Box::new(seconds));
        }
    }
    registry.gather()
}

/// A gauge vector registered in `registry` (the definitions are constants;
/// one that failed would only be missing from the scrape).
fn gauge_vec(registry: &Registry, name: &str, help: &str, labels: &[&str]) -> IntGaugeVec {
    let g =
        IntGaugeVec::new(Opts::new(name, help), labels).unwrap_or_else(|_| unreachable_metric());
    let _ = registry.register(Box::new(g.clone()));
    g
}

//! The scan cron tick and the scan queue's handler.
//!
//! Every worker process ticks (apalis-cron schedules are per process); each
//! tick enqueues one job per scan and one outbox drain, under idempotency
//! keys per tick, so N processes still make one job each. The scans
//! themselves record keyed notifications, so even a scan run twice (a key
//! expired, Redis was flushed) records nothing twice.

use std::time::Instant;

use apalis::prelude::{BoxDynError, Data};
use apalis_cron::Tick;
use chrono::Utc;
use salesd_domain::notify::scan::ScanKind;

use super::{JobContext, decode};
use crate::client::{self, NotifyJob, SCAN_QUEUE, ScanJob};

/// Handles one scan cron tick: asks for every scan and a drain.
pub async fn on_tick(tick: Tick<chrono_tz::Tz>, ctx: Data<JobContext>) -> Result<(), BoxDynError> {
    let t = tick.get_timestamp();
    for scan in ScanKind::ALL {
        let key = format!("scan:{}:{t}", scan.as_str());
        client::enqueue_scan(
            &ctx.redis,
            &ctx.namespace,
            &ScanJob::Scan { scan, tick: t },
            Some(&key),
        )
        .await?;
    }
    request_drain(&ctx, t, "tick").await?;
    Ok(())
}

/// Enqueues an outbox drain, once per `(tick, reason)`.
pub async fn request_drain(ctx: &JobContext, tick: u64, reason: &str) -> Result<bool, BoxDynError> {
    let key = format!("drain:{reason}:{tick}");
    let job = NotifyJob::Drain {
        tick,
        reason: reason.to_owned(),
    };
    Ok(client::enqueue_notify(&ctx.redis, &ctx.namespace, &job, Some(&key)).await?)
}

/// Handles one job of the scan queue.
pub async fn handle(payload: serde_json::Value, ctx: Data<JobContext>) -> Result<(), BoxDynError> {
    let started = Instant::now();
    let result = run(payload, &ctx).await;
    ctx.status
        .record_outcome(SCAN_QUEUE, result.is_ok(), started.elapsed());
    result
}

async fn run(payload: serde_json::Value, ctx: &JobContext) -> Result<(), BoxDynError> {
    let ScanJob::Scan { scan, tick } = decode(payload)?;
    let report =
        salesd_domain::registry::run_scan(&ctx.pool, scan, Utc::now(), ctx.scan_options).await?;
    if report.created > 0 {
        request_drain(ctx, tick, &format!("scan-{}", scan.as_str())).await?;
    }
    if report.busy {
        tracing::info!(
            scan = scan.as_str(),
            "scan still running (here or in another worker); this tick skipped it"
        );
    } else if !report.skipped {
        tracing::info!(
            scan = scan.as_str(),
            found = report.found,
            created = report.created,
            reclaimed = report.reclaimed,
            "scan done"
        );
    }
    ctx.status.record_job(Utc::now());
    Ok(())
}

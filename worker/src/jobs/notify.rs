//! The notify queue: delivers what is due in the outbox (AUTO-6).
//!
//! A drain claims due notifications in small batches (`FOR UPDATE SKIP
//! LOCKED`, so concurrent drains in any number of processes never get the
//! same row), re-checks each one's cause, sends it and records the outcome
//! in PostgreSQL. Retries are the outbox's (exponential backoff, bounded),
//! not apalis's: a failed send finishes the job and leaves the row `PENDING`
//! with its next attempt time, which a later drain picks up.
//!
//! A drain runs in a task of its own, not in the Redis job's future: when
//! the job is dropped (its Redis worker failed, the job was cancelled) the
//! drain still finishes the message in hand and records it, then gives its
//! other claims back ([`JobContext::stopping`]) — a send is never abandoned
//! between the SMTP server's acceptance and the SENT record (issue 20).

use std::time::{Duration, Instant};

use apalis::prelude::{BoxDynError, Data};
use chrono::Utc;
use salesd_domain::clock::company_date;
use salesd_domain::notify::{self, Notification, delivery};

use super::{JobContext, decode};
use crate::client::{NOTIFY_QUEUE, NotifyJob};
use crate::compose::compose;
use crate::mail::{MailError, message_id_for};
use salesd_domain::notify::render::render;

/// A drain stops claiming after this long, and asks for another drain, so
/// one job never runs into the job timeout.
const DRAIN_BUDGET: Duration = Duration::from_secs(120);

/// What a drain did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DrainReport {
    pub sent: u64,
    pub failed: u64,
    pub cancelled: u64,
    /// Rows of senders that died mid-send, given back to be sent.
    pub recovered: u64,
}

/// Handles one job of the notify queue.
pub async fn handle(payload: serde_json::Value, ctx: Data<JobContext>) -> Result<(), BoxDynError> {
    let started = Instant::now();
    let result = async {
        let NotifyJob::Drain { tick, .. } = decode(payload)?;
        let detached = (*ctx).clone();
        let running = ctx.status.drain_started();
        let report = tokio::spawn(async move {
            let _running = running;
            drain(&detached).await
        })
        .await
        .map_err(|e| Box::new(e) as BoxDynError)??;
        if started.elapsed() >= DRAIN_BUDGET {
            super::scan::request_drain(&ctx, tick, "continue").await?;
        }
        if report != DrainReport::default() {
            tracing::info!(
                sent = report.sent,
                failed = report.failed,
                cancelled = report.cancelled,
                recovered = report.recovered,
                "outbox drained"
            );
        }
        ctx.status.record_job(Utc::now());
        Ok::<_, BoxDynError>(())
    }
    .await;
    ctx.status
        .record_outcome(NOTIFY_QUEUE, result.is_ok(), started.elapsed());
    result
}

/// Sends due notifications until none is left or the budget is spent.
pub async fn drain(ctx: &JobContext) -> Result<DrainReport, BoxDynError> {
    let started = Instant::now();
    let lease = chrono::Duration::from_std(ctx.notify_lease)?;
    // Each drain claims under its own name: two drains of one process must
    // not take each other's rows for their own after a lease ran out.
    let claimer = format!("{}#{}", ctx.worker_name, uuid::Uuid::now_v7());
    let mut report = DrainReport {
        recovered: notify::release_expired_leases(&ctx.delivery_pool, Utc::now(), lease).await?,
        ..DrainReport::default()
    };
    'rounds: while started.elapsed() < DRAIN_BUDGET && !ctx.stopping() {
        let batch =
            notify::claim_due(&ctx.delivery_pool, &claimer, Utc::now(), ctx.notify_batch).await?;
        if batch.is_empty() {
            break;
        }
        for n in batch {
            // Shutdown: finish the send in hand, give the rest back now.
            if ctx.stopping() {
                break 'rounds;
            }
            match deliver(ctx, &claimer, &n).await? {
                Delivered::Sent => report.sent += 1,
                Delivered::Failed => report.failed += 1,
                Delivered::Cancelled => report.cancelled += 1,
                Delivered::Lost => {}
            }
        }
    }
    // Every started row has its outcome; whatever this drain still holds
    // was never started.
    notify::release_claims(&ctx.delivery_pool, &claimer).await?;
    Ok(report)
}

/// What became of one claimed notification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivered {
    Sent,
    /// Rescheduled with backoff, or failed for good.
    Failed,
    Cancelled,
    /// The claim ran out before its turn (another sender has it now).
    Lost,
}

/// Delivers one notification `claimer` claimed and records the outcome.
/// Errors are PostgreSQL errors only: every mail failure is recorded.
pub async fn deliver(
    ctx: &JobContext,
    claimer: &str,
    n: &Notification,
) -> Result<Delivered, BoxDynError> {
    let pool = &ctx.delivery_pool;
    let now = Utc::now();
    // The batch was claimed at once; the attempt and the lease count from here.
    if !notify::start_send(pool, n.id, claimer, now).await? {
        return Ok(Delivered::Lost);
    }
    if let Some(reason) = salesd_domain::registry::cancel_reason(pool, n, company_date(now)).await?
    {
        notify::cancel_with_twin(pool, n, &reason).await?;
        tracing::debug!(key = %n.dedup_key, %reason, "notification cancelled");
        return Ok(Delivered::Cancelled);
    }
    let Some(to) = delivery::address_of(pool, n).await? else {
        notify::cancel(pool, n.id, "the recipient has no email address").await?;
        return Ok(Delivered::Cancelled);
    };
    let fail = |error: String, permanent: bool, reason: &'static str| async move {
        let recorded = notify::mark_failed(pool, n.id, Utc::now(), &error, permanent).await?;
        // The counter is a metric: it never fails the send's outcome.
        if recorded.is_some()
            && let Err(e) = notify::admin::count_failure(pool, n.kind, reason, Utc::now()).await
        {
            tracing::warn!(error = %e, "counting a failed attempt failed");
        }
        tracing::warn!(key = %n.dedup_key, permanent, reason, %error, "notification not sent");
        Ok::<_, BoxDynError>(Delivered::Failed)
    };
    if let Some(since) = delivery::suppressed_since(pool, &to.email).await? {
        return fail(
            format!(
                "{} is suppressed since {since} after a permanent refusal",
                to.email
            ),
            true,
            "suppressed",
        )
        .await;
    }
    // Amounts that may have changed since recording (a partly paid
    // dunning item) are re-read now.
    let fresh = salesd_domain::registry::refresh_payload(pool, n, company_date(now)).await?;
    let payload = fresh.as_ref().unwrap_or(&n.payload);
    let rendered = match render(&n.template, &n.locale, payload, &n.dedup_key) {
        Ok(r) => r,
        Err(e) => return fail(e.to_string(), true, "render").await,
    };
    // A bad address or an unbuildable message will not get better.
    let message = match compose(&n.dedup_key, &ctx.mail_from, &to.name, &to.email, &rendered) {
        Ok(m) => m,
        Err(e) => return fail(e.to_string(), true, "render").await,
    };
    let message_id = message_id_for(&n.dedup_key, ctx.mail_from.email.domain());
    match ctx.mailer.send(message).await {
        Ok(()) => {
            let accepted = Instant::now();
            notify::mark_sent(pool, n.id, Utc::now(), Some(&message_id)).await?;
            ctx.status
                .sent_window()
                .observe(accepted.elapsed().as_secs_f64());
            Ok(Delivered::Sent)
        }
        Err(e @ MailError::Permanent { code, .. }) => {
            if delivery::refuses_mailbox(code, &e.to_string()) {
                delivery::suppress(pool, &to.email, &e.to_string(), n.id, Utc::now()).await?;
            }
            fail(e.to_string(), true, "smtp_permanent").await
        }
        Err(e) => {
            let reason = match &e {
                MailError::Transient { code: Some(_), .. } => "smtp_transient",
                MailError::Transient { code: None, .. } => "connection",
                _ => "other",
            };
            fail(e.to_string(), false, reason).await
        }
    }
}

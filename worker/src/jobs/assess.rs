//! AUTO-4: the assessment cron tick and the assess queue's handler.
//!
//! Every worker process ticks on `assessment_cron` (default 00:05:00 every
//! day, company time); each tick enqueues one [`AssessJob::Due`] under the
//! idempotency key `assess:{tick}`, so N processes make one job. The job
//! runs `kpi::schedule::run_due` at the tick's scheduled instant, not at
//! the time a worker picks it up: the due periods are those of the tick's
//! company day. `run_due` only runs what has not been run since the period
//! ended, so a retried or duplicated job (a key expired, Redis flushed)
//! runs nothing twice, and a daily tick catches up a missed 1st.

use std::time::{Duration, Instant};

use apalis::prelude::{AbortError, BoxDynError, Data};
use apalis_cron::Tick;
use chrono::{DateTime, Utc};
use salesd_domain::DomainError;
use salesd_domain::kpi::schedule::{self, DueOutcome, DueRun};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use super::{JobContext, decode};
use crate::client::{self, ASSESS_QUEUE, AssessJob};

/// Longest an assessment job may run, and the statement timeout of its
/// database connections. A monthly run for 5 000 people takes minutes
/// (BENCHMARKS.md); on 1 January one job runs December, Q4 and the year.
/// Two hours leaves a wide margin; a job cut off is retried and runs only
/// the periods not yet run.
pub const JOB_TIMEOUT: Duration = Duration::from_secs(2 * 3600);

/// Handles one assessment cron tick: asks for one run of what is due.
pub async fn on_tick(tick: Tick<chrono_tz::Tz>, ctx: Data<JobContext>) -> Result<(), BoxDynError> {
    request(&ctx, tick.get_timestamp()).await?;
    Ok(())
}

/// Enqueues the job of the tick at `tick` (unix seconds), once per tick.
/// Returns whether it was added (false: another process already did).
pub async fn request(ctx: &JobContext, tick: u64) -> Result<bool, BoxDynError> {
    let key = format!("assess:{tick}");
    Ok(client::enqueue_assess(
        &ctx.redis,
        &ctx.namespace,
        &AssessJob::Due { tick },
        Some(&key),
    )
    .await?)
}

/// Handles one job of the assess queue.
pub async fn handle(payload: serde_json::Value, ctx: Data<JobContext>) -> Result<(), BoxDynError> {
    let started = Instant::now();
    let result = match decode::<AssessJob>(payload) {
        Ok(job) => run(&ctx, job).await.map(|_| ()),
        Err(e) => Err(e),
    };
    ctx.status
        .record_outcome(ASSESS_QUEUE, result.is_ok(), started.elapsed());
    result
}

/// Runs one job: the periods due at its tick that need it. Logs each due
/// period's outcome and returns them. An error that a retry cannot fix
/// (a refused run) is an [`AbortError`]; a database error is retried.
pub async fn run(ctx: &JobContext, job: AssessJob) -> Result<Vec<DueRun>, BoxDynError> {
    let AssessJob::Due { tick } = job;
    let at = i64::try_from(tick)
        .ok()
        .and_then(|t| DateTime::<Utc>::from_timestamp(t, 0))
        .ok_or_else(|| {
            Box::new(AbortError::new(format!("tick {tick} is not a time"))) as BoxDynError
        })?;
    let pool = long_pool(&ctx.pool).await?;
    let outcome = schedule::run_due(&pool, at).await;
    pool.close().await;
    let runs = outcome.map_err(|e| match e {
        DomainError::Internal(e) => BoxDynError::from(e),
        e @ DomainError::Unavailable(_) => BoxDynError::from(e.to_string()),
        other => {
            Box::new(AbortError::new(format!("assessment run refused: {other}"))) as BoxDynError
        }
    })?;
    for due in &runs {
        let period = format!("{} {}/{}", due.period.kind, due.period.year, due.period.no);
        match &due.outcome {
            DueOutcome::Ran { report } => tracing::info!(
                tick, %period, people = report.people, results = report.results,
                facts = report.facts, "assessment run"
            ),
            DueOutcome::AlreadyRun { last_run_at } => {
                tracing::debug!(tick, %period, %last_run_at, "assessment already run");
            }
            DueOutcome::Finalized => tracing::info!(tick, %period, "assessment finalised; skipped"),
        }
    }
    ctx.status.record_job(Utc::now());
    Ok(runs)
}

/// A small pool on the same database whose statements may run up to
/// [`JOB_TIMEOUT`]: the workers' pool cuts every statement off after
/// `DATABASE_STATEMENT_TIMEOUT_MS` (10 s by default), which a run's fact
/// queries over a large company exceed (`salesd assess` lifts the limit for
/// the same reason). Opened per job and closed after it.
pub async fn long_pool(pool: &PgPool) -> Result<PgPool, sqlx::Error> {
    let ms = JOB_TIMEOUT.as_millis().to_string();
    PgPoolOptions::new()
        .max_connections(2)
        .after_connect(move |conn, _meta| {
            let ms = ms.clone();
            Box::pin(async move {
                sqlx::query("SELECT set_config('statement_timeout', $1, false)")
                    .bind(ms)
                    .execute(conn)
                    .await
                    .map(|_| ())
            })
        })
        .connect_with((*pool.connect_options()).clone())
        .await
}

//! AUTO-4: the monthly, quarterly and yearly assessments fire from the
//! default cron schedule with a moved clock: the tick's instant comes from
//! the schedule, the tick enqueues one job per tick on the assess queue
//! (Redis), and the job runs what is due at that instant. Real PostgreSQL
//! (the demo company, the default schemes) and Redis.

use chrono::{DateTime, TimeZone, Utc};
use salesd_demo::{self as demo, DemoOptions};
use salesd_domain::Ctx;
use salesd_domain::kpi::schedule::{DueOutcome, DueRun};
use salesd_domain::kpi::{runs, schemes};
use salesd_domain::org::Actor;
use salesd_domain::targets::{Period, PeriodKind};
use salesd_domain::testing::TestDb;
use salesd_worker::client::{self, ASSESS_QUEUE, AssessJob};
use salesd_worker::jobs::{JobContext, assess};
use salesd_worker::{MailConfig, WorkerConfig, testing};
use sqlx::PgPool;

use crate::temp_dir;

fn system(now: DateTime<Utc>) -> Ctx {
    Ctx {
        actor: Actor::system("test"),
        request_id: "test".to_owned(),
        now,
    }
}

fn period(kind: PeriodKind, year: i32, no: i32) -> Period {
    Period::new(kind, year, no).expect("period")
}

/// (status, runs) of a period's row, None when it was never run.
async fn period_row(pool: &PgPool, p: Period) -> Option<(String, i32)> {
    sqlx::query_as(
        "SELECT status, runs FROM assessment_periods WHERE period_kind = $1 AND year = $2 AND period_no = $3",
    )
    .bind(p.kind.as_str())
    .bind(p.year)
    .bind(p.no)
    .fetch_optional(pool)
    .await
    .expect("read period")
}

async fn results(pool: &PgPool, p: Period) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM assessment_results WHERE period_kind = $1 AND year = $2 AND period_no = $3",
    )
    .bind(p.kind.as_str())
    .bind(p.year)
    .bind(p.no)
    .fetch_one(pool)
    .await
    .expect("count results")
}

/// The next tick of the default schedule after `after` (company time),
/// fired the way the cron does it: `on_tick` enqueues (once per tick, even
/// when two processes tick), then the queue's job runs at the tick.
async fn fire(
    ctx: &JobContext,
    cfg: &WorkerConfig,
    after: DateTime<chrono_tz::Tz>,
) -> (DateTime<Utc>, Vec<DueRun>) {
    let schedule = cfg.assessment_schedule().expect("default schedule");
    let at = schedule.after(&after).next().expect("a next tick");
    let tick = at.timestamp() as u64;
    assert!(
        assess::request(ctx, tick).await.expect("enqueue"),
        "first process enqueues"
    );
    assert!(
        !assess::request(ctx, tick).await.expect("enqueue"),
        "a second process's tick adds no second job"
    );
    let runs = assess::run(ctx, AssessJob::Due { tick })
        .await
        .expect("assessment job");
    (at.with_timezone(&Utc), runs)
}

/// (kind, year, no, outcome) of each due period.
fn outcomes(runs: &[DueRun]) -> Vec<(PeriodKind, i32, i32, &'static str)> {
    runs.iter()
        .map(|r| {
            let o = match r.outcome {
                DueOutcome::Ran { .. } => "RAN",
                DueOutcome::AlreadyRun { .. } => "ALREADY_RUN",
                DueOutcome::Finalized => "FINALIZED",
            };
            (r.period.kind, r.period.year, r.period.no, o)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto4_assessments_fire_from_the_default_cron_with_a_moved_clock() {
    let db = TestDb::new().await;
    let pool = db.pool.clone();
    demo::load(
        &pool,
        &DemoOptions {
            reps: 4,
            ..DemoOptions::default()
        },
    )
    .await
    .expect("demo company");
    let seeded = schemes::seed_default_schemes(&pool, &system(Utc::now()))
        .await
        .expect("default schemes");
    let outbox = temp_dir("assess");
    let cfg = WorkerConfig::new(
        testing::redis_url(),
        MailConfig::File {
            dir: outbox.clone(),
        },
    );
    let ns = testing::unique_namespace();
    let ctx = testing::job_context(
        pool.clone(),
        &ns,
        MailConfig::File {
            dir: outbox.clone(),
        },
    )
    .await;
    let tz = cfg.timezone;
    let local = |y, m, d, h, min| {
        tz.with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .expect("time")
    };
    let (oct, q4, dec, nov, y2026) = (
        period(PeriodKind::Month, 2026, 10),
        period(PeriodKind::Quarter, 2026, 4),
        period(PeriodKind::Month, 2026, 12),
        period(PeriodKind::Month, 2026, 11),
        period(PeriodKind::Year, 2026, 1),
    );

    // 2026-10-31 23:59 → the next tick is 2026-11-01 00:05 company time.
    let (at, ran) = fire(&ctx, &cfg, local(2026, 10, 31, 23, 59)).await;
    assert_eq!(at, local(2026, 11, 1, 0, 5).with_timezone(&Utc));
    assert_eq!(outcomes(&ran), vec![(PeriodKind::Month, 2026, 10, "RAN")]);
    assert_eq!(period_row(&pool, oct).await, Some(("OPEN".to_owned(), 1)));
    assert_eq!(
        period_row(&pool, q4).await,
        None,
        "Q4 is not due in November"
    );
    let people = results(&pool, oct).await;
    assert!(
        seeded > 0 && people > 0,
        "the demo people are assessed: {seeded} schemes, {people} results"
    );
    // One job went through the assess queue.
    let mut redis = testing::connect().await;
    let stats = client::queue_stats(&mut redis, &ns, ASSESS_QUEUE)
        .await
        .expect("stats");
    assert_eq!(stats.waiting(), 1, "{stats:?}");

    // The next day's tick: October has been run since it ended.
    let (_, again) = fire(&ctx, &cfg, local(2026, 11, 1, 0, 5)).await;
    assert_eq!(
        outcomes(&again),
        vec![(PeriodKind::Month, 2026, 10, "ALREADY_RUN")]
    );
    assert_eq!(period_row(&pool, oct).await, Some(("OPEN".to_owned(), 1)));

    // A preview of November during November does not count: 1 December
    // runs it again.
    runs::run_period(
        &pool,
        &system(local(2026, 11, 20, 10, 0).with_timezone(&Utc)),
        nov,
    )
    .await
    .expect("preview run");
    let (_, december) = fire(&ctx, &cfg, local(2026, 11, 30, 23, 59)).await;
    assert_eq!(
        outcomes(&december),
        vec![(PeriodKind::Month, 2026, 11, "RAN")]
    );
    assert_eq!(period_row(&pool, nov).await, Some(("OPEN".to_owned(), 2)));

    // Q4 previewed and finalised in December: on 1 January December and
    // the year run, Q4 is skipped (not an error).
    let mid_dec = system(local(2026, 12, 15, 10, 0).with_timezone(&Utc));
    runs::run_period(&pool, &mid_dec, q4)
        .await
        .expect("Q4 preview");
    // Finalised directly: finalizeAssessment's own rules (every result
    // with its targets) are the runs' tests, not this one's.
    sqlx::query(
        "UPDATE assessment_periods SET status = 'FINALIZED', finalized_at = $1
          WHERE period_kind = 'QUARTER' AND year = 2026 AND period_no = 4",
    )
    .bind(mid_dec.now)
    .execute(&pool)
    .await
    .expect("finalise Q4");
    let (at, new_year) = fire(&ctx, &cfg, local(2026, 12, 31, 23, 59)).await;
    assert_eq!(at, local(2027, 1, 1, 0, 5).with_timezone(&Utc));
    assert_eq!(
        outcomes(&new_year),
        vec![
            (PeriodKind::Month, 2026, 12, "RAN"),
            (PeriodKind::Quarter, 2026, 4, "FINALIZED"),
            (PeriodKind::Year, 2026, 1, "RAN"),
        ]
    );
    assert_eq!(period_row(&pool, dec).await, Some(("OPEN".to_owned(), 1)));
    assert_eq!(
        period_row(&pool, q4).await,
        Some(("FINALIZED".to_owned(), 1))
    );
    assert_eq!(period_row(&pool, y2026).await, Some(("OPEN".to_owned(), 1)));
    assert!(results(&pool, y2026).await > 0);
    assert_eq!(
        results(&pool, q4).await,
        results(&pool, oct).await,
        "Q4 kept its preview's results"
    );

    // The job's connections may run a statement for the whole job timeout
    // (the workers' pool stops them after 10 s).
    let long = assess::long_pool(&pool).await.expect("long pool");
    let limit: String = sqlx::query_scalar("SHOW statement_timeout")
        .fetch_one(&long)
        .await
        .expect("show");
    assert_eq!(limit, "2h");
    long.close().await;

    testing::purge_namespace(&mut redis, &ns)
        .await
        .expect("purge");
    let _ = std::fs::remove_dir_all(outbox);
}

//! AUTO-1: where follow-up tasks come from besides an interaction's
//! next-follow-up date — an approved visit plan whose visit was not logged
//! by its day (TGT-3), and an opportunity not moved for
//! `stalled_opportunity_days` (default 14). Each source makes one task,
//! keyed (`follow_up_tasks.source_key`), so the scan may run on every tick
//! and after an outage without making a task twice; the reminders and the
//! escalation of `followups` then treat them like any other task.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::clock::COMPANY_TZ;
use crate::error::DomainResult;

/// The settings key of the days after which an opportunity is stalled.
pub const STALLED_SETTING: &str = "stalled_opportunity_days";
/// How far back a missed planned visit still makes a task.
pub const PLAN_LOOKBACK_DAYS: i64 = 14;
/// A stall is noticed within this many days of crossing the threshold: a
/// first run over an old book does not task (and mail) every deal that
/// stalled long ago — they are in the pipeline's stalled filter.
pub const STALL_WINDOW_DAYS: i64 = 7;
/// The most tasks of one source a run makes; the next tick goes on.
pub const BATCH: i64 = 1000;

/// A task to make, with what made it.
#[derive(Debug, sqlx::FromRow)]
struct Candidate {
    customer_id: Uuid,
    assignee_id: Uuid,
    opportunity_id: Option<Uuid>,
    source: String,
    source_key: String,
    note: String,
}

/// Validates `stalled_opportunity_days`: 1 to 365.
pub fn validate_stalled_days(v: &i64) -> DomainResult<()> {
    if !(1..=365).contains(v) {
        return Err(crate::error::DomainError::validation(
            "value",
            "stalled_opportunity_days is 1 to 365 days",
        ));
    }
    Ok(())
}

/// Approved plans' visits before `today` (within the lookback) with no
/// interaction of the planner on that customer from the plan's week start
/// to the visit's day.
async fn missed_visits(pool: &PgPool, today: NaiveDate) -> DomainResult<Vec<Candidate>> {
    let mut qb = sqlx::QueryBuilder::new(format!(
        "SELECT i.customer_id, p.user_id AS assignee_id, NULL::uuid AS opportunity_id,
                'PLAN_VISIT' AS source,
                'plan:' || p.id || ':' || i.position AS source_key,
                left('计划拜访未完成（' || i.day || '）：' || i.title, 2000) AS note
           FROM sales_plans p JOIN sales_plan_items i ON i.plan_id = p.id
           JOIN customers c ON c.id = i.customer_id AND c.owner_id = p.user_id
          WHERE p.status = 'APPROVED' AND i.kind = 'VISIT'
            AND NOT EXISTS (
                SELECT 1 FROM interactions x
                 WHERE x.customer_id = i.customer_id AND x.created_by = p.user_id
                   AND (x.occurred_at AT TIME ZONE '{tz}')::date BETWEEN p.week_start AND i.day)
            AND NOT EXISTS (SELECT 1 FROM follow_up_tasks f
                             WHERE f.source_key = 'plan:' || p.id || ':' || i.position)
            AND i.day < ",
        tz = COMPANY_TZ.name()
    ));
    qb.push_bind(today)
        .push(" AND i.day >= ")
        .push_bind(today - Duration::days(PLAN_LOOKBACK_DAYS))
        .push(" ORDER BY i.day LIMIT ")
        .push_bind(BATCH);
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// Open opportunities whose stage has not changed for `days` company days,
/// having crossed that threshold within the last [`STALL_WINDOW_DAYS`]:
/// one task per stall (the key carries the moment of the last move).
async fn stalled(pool: &PgPool, today: NaiveDate, days: i64) -> DomainResult<Vec<Candidate>> {
    let before: DateTime<Utc> = crate::clock::start_of_day(today - Duration::days(days - 1));
    let since: DateTime<Utc> =
        crate::clock::start_of_day(today - Duration::days(days - 1 + STALL_WINDOW_DAYS));
    Ok(sqlx::query_as(
        "SELECT o.customer_id, o.owner_id AS assignee_id, o.id AS opportunity_id,
                'STALLED_OPPORTUNITY' AS source,
                'stalled:' || o.id || ':' || extract(epoch FROM o.stage_changed_at)::bigint AS source_key,
                left('商机「' || o.name || '」停留在 ' || o.stage || ' 阶段已超过 ' || $2 || ' 天，请推进或更新', 2000) AS note
           FROM opportunities o JOIN users u ON u.id = o.owner_id AND u.active
          WHERE o.stage NOT IN ('WON', 'LOST') AND o.stage_changed_at < $1 AND o.stage_changed_at >= $3
            AND NOT EXISTS (SELECT 1 FROM follow_up_tasks f
                             WHERE f.source_key = 'stalled:' || o.id || ':' || extract(epoch FROM o.stage_changed_at)::bigint)
          ORDER BY o.stage_changed_at LIMIT $4",
    )
    .bind(before)
    .bind(days as i32)
    .bind(since)
    .bind(BATCH)
    .fetch_all(pool)
    .await?)
}

/// Makes the follow-up tasks the two sources call for, due `today`;
/// returns how many were new.
pub(super) async fn make_tasks(
    pool: &PgPool,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> DomainResult<u64> {
    let days: i64 = crate::customers::settings::get(pool, STALLED_SETTING).await?;
    let mut all = missed_visits(pool, today).await?;
    all.extend(stalled(pool, today, days).await?);
    if all.is_empty() {
        return Ok(0);
    }
    let ids: Vec<Uuid> = all.iter().map(|_| Uuid::now_v7()).collect();
    let col = |f: fn(&Candidate) -> Uuid| all.iter().map(f).collect::<Vec<Uuid>>();
    let inserted = sqlx::query(
        "INSERT INTO follow_up_tasks (id, customer_id, assignee_id, opportunity_id, due_date, note,
                                      source, source_key, created_at)
         SELECT t.id, t.customer_id, t.assignee_id, t.opportunity_id, $7, t.note, t.source, t.source_key, $8
           FROM UNNEST($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $9::text[])
                AS t(id, customer_id, assignee_id, opportunity_id, note, source, source_key)
         ON CONFLICT (source_key) WHERE source_key IS NOT NULL DO NOTHING",
    )
    .bind(&ids)
    .bind(col(|c| c.customer_id))
    .bind(col(|c| c.assignee_id))
    .bind(all.iter().map(|c| c.opportunity_id).collect::<Vec<_>>())
    .bind(all.iter().map(|c| c.note.clone()).collect::<Vec<_>>())
    .bind(all.iter().map(|c| c.source.clone()).collect::<Vec<_>>())
    .bind(today)
    .bind(now)
    .bind(all.iter().map(|c| c.source_key.clone()).collect::<Vec<_>>())
    .execute(pool)
    .await?;
    Ok(inserted.rows_affected())
}

//! TGT-4: weekly reports (周工作表: the week's summary and next week's
//! plan) and monthly summaries (the month's summary and next month's
//! plan), written by the person and reviewed once by their supervisor
//! chain. Both live in `work_reports`, told apart by [`ReportKind`].

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use super::{
    ReportKind, author, chain_of, check_decider, check_week_start, push_scope, required_text,
};
use crate::Ctx;
use crate::audit;
use crate::clock::company_date;
use crate::error::{DomainError, DomainResult, unique_violation};
use crate::org::Actor;
use crate::versioned::{check_version, lock_in_scope, versioned};

/// A stored weekly report or monthly summary.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct WorkReport {
    pub id: Uuid,
    pub kind: String,
    pub user_id: Uuid,
    /// The Monday of the week, the 1st of the month.
    pub period_start: NaiveDate,
    pub summary: String,
    /// Next week's or next month's plan.
    pub next_plan: String,
    /// SUBMITTED or REVIEWED.
    pub status: String,
    pub submitted_at: DateTime<Utc>,
    pub reviewed_by: Option<Uuid>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: Option<String>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

versioned!(WorkReport);

/// The API field of the next period's plan.
fn next_field(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::Week => "nextWeekPlan",
        ReportKind::Month => "nextMonthPlan",
    }
}

fn name(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::Week => "weekly report",
        ReportKind::Month => "monthly summary",
    }
}

/// The first day of a month (VALIDATION `month` outside 1–12, `year`
/// outside 2000–2100).
pub fn month_start(year: i32, month: u32) -> DomainResult<NaiveDate> {
    crate::calendar::admin::check_year("year", year)?;
    NaiveDate::from_ymd_opt(year, month, 1)
        .ok_or_else(|| DomainError::validation("month", "a month is numbered 1 to 12"))
}

/// VALIDATION for a period that has not started yet (company time).
fn check_period(kind: ReportKind, start: NaiveDate, today: NaiveDate) -> DomainResult<NaiveDate> {
    let field = match kind {
        ReportKind::Week => check_week_start("weekStart", start).map(|_| "weekStart")?,
        ReportKind::Month => "month",
    };
    if start > today {
        return Err(DomainError::validation(
            field,
            format!("the {} of a period that has not started yet", name(kind)),
        ));
    }
    Ok(start)
}

/// `submitWeeklyReport` / `submitMonthlySummary`: the caller's report of
/// the period starting `start` (a Monday, the 1st). VALIDATION for a
/// period not started yet, an empty or too long summary or plan (8 000);
/// CONFLICT when the caller has one for the period. Audited CREATE.
pub async fn submit_report(
    pool: &PgPool,
    ctx: &Ctx,
    kind: ReportKind,
    start: NaiveDate,
    summary: &str,
    next_plan: &str,
) -> DomainResult<WorkReport> {
    let me = author(&ctx.actor)?;
    let start = check_period(kind, start, company_date(ctx.now))?;
    let summary = required_text("summary", summary, 8000)?;
    let next_plan = required_text(next_field(kind), next_plan, 8000)?;
    let mut tx = pool.begin().await?;
    let r = sqlx::query_as(
        "INSERT INTO work_reports (id, kind, user_id, period_start, summary, next_plan, submitted_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(kind.as_str())
    .bind(me)
    .bind(start)
    .bind(&summary)
    .bind(&next_plan)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await;
    let new: WorkReport = match r {
        Ok(w) => w,
        Err(e) if unique_violation(&e) == Some("work_reports_one_per_period") => {
            return Err(DomainError::conflict(format!(
                "you have a {} for the period starting {start} already: change it instead",
                name(kind)
            )));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &mut tx,
        ctx,
        kind.entity(),
        new.id,
        "CREATE",
        &audit::created(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

async fn lock(
    tx: &mut sqlx::PgConnection,
    actor: &Actor,
    kind: ReportKind,
    id: Uuid,
) -> DomainResult<WorkReport> {
    let mut qb = QueryBuilder::new(
        "SELECT w.* FROM work_reports w JOIN users u ON u.id = w.user_id WHERE w.id = ",
    );
    qb.push_bind(id)
        .push(" AND w.kind = ")
        .push_bind(kind.as_str());
    push_scope(&mut qb, actor, "w.user_id", "u.unit_id");
    qb.push(" FOR UPDATE OF w");
    lock_in_scope(tx, &mut qb).await
}

/// `updateWeeklyReport` / `updateMonthlySummary`: the author changes the
/// summary and plan until it is reviewed (CONFLICT after). FORBIDDEN for
/// anyone else, the stale error for another version. Audited UPDATE.
pub async fn update_report(
    pool: &PgPool,
    ctx: &Ctx,
    kind: ReportKind,
    id: Uuid,
    version: i32,
    summary: &str,
    next_plan: &str,
) -> DomainResult<WorkReport> {
    let me = author(&ctx.actor)?;
    let summary = required_text("summary", summary, 8000)?;
    let next_plan = required_text(next_field(kind), next_plan, 8000)?;
    let mut tx = pool.begin().await?;
    let old = lock(&mut tx, &ctx.actor, kind, id).await?;
    if old.user_id != me {
        return Err(DomainError::Forbidden(format!(
            "only the author changes a {}",
            name(kind)
        )));
    }
    check_version(&old, version, name(kind))?;
    if old.status == "REVIEWED" {
        return Err(DomainError::conflict(format!(
            "the {} is reviewed already and can no longer change",
            name(kind)
        )));
    }
    let new: WorkReport = sqlx::query_as(
        "UPDATE work_reports SET summary = $2, next_plan = $3, version = version + 1, updated_at = $4
          WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(&summary)
    .bind(&next_plan)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, kind.entity(), id, "UPDATE", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// `reviewWeeklyReport` / `reviewMonthlySummary`: the author's direct head
/// or a supervisor, manager, director or GM who sees the author records
/// their comment (required, at most 2 000 characters); never the author
/// (FORBIDDEN). NOT_FOUND out of scope, the stale error for another
/// version, CONFLICT when reviewed already. Audited REVIEW.
pub async fn review_report(
    pool: &PgPool,
    ctx: &Ctx,
    kind: ReportKind,
    id: Uuid,
    version: i32,
    comment: &str,
) -> DomainResult<WorkReport> {
    let comment = required_text("comment", comment, 2000)?;
    let mut tx = pool.begin().await?;
    let old = lock(&mut tx, &ctx.actor, kind, id).await?;
    let chain = chain_of(pool, old.user_id).await?;
    check_decider(&ctx.actor, old.user_id, &chain, name(kind))?;
    check_version(&old, version, name(kind))?;
    if old.status == "REVIEWED" {
        return Err(DomainError::conflict(format!(
            "the {} is reviewed already",
            name(kind)
        )));
    }
    let new: WorkReport = sqlx::query_as(
        "UPDATE work_reports SET status = 'REVIEWED', reviewed_by = $2, reviewed_at = $3, review_comment = $4,
                version = version + 1, updated_at = $3
          WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(ctx.actor.user_id)
    .bind(ctx.now)
    .bind(&comment)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, kind.entity(), id, "REVIEW", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// The filter of `weeklyReports(...)` / `monthlySummaries(...)`: periods
/// starting in `[from, to]`.
#[derive(Clone, Debug, Default)]
pub struct ReportFilter {
    pub user_id: Option<Uuid>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub reviewed: Option<bool>,
}

/// The reports of `kind` the actor sees that match, newest first, at most
/// 1 000.
pub async fn list_reports(
    pool: &PgPool,
    actor: &Actor,
    kind: ReportKind,
    f: &ReportFilter,
) -> DomainResult<Vec<WorkReport>> {
    let mut qb = QueryBuilder::new(
        "SELECT w.* FROM work_reports w JOIN users u ON u.id = w.user_id WHERE w.kind = ",
    );
    qb.push_bind(kind.as_str());
    if let Some(u) = f.user_id {
        qb.push(" AND w.user_id = ").push_bind(u);
    }
    if let Some(d) = f.from {
        qb.push(" AND w.period_start >= ").push_bind(d);
    }
    if let Some(d) = f.to {
        qb.push(" AND w.period_start <= ").push_bind(d);
    }
    if let Some(r) = f.reviewed {
        qb.push(" AND (w.status = 'REVIEWED') = ").push_bind(r);
    }
    push_scope(&mut qb, actor, "w.user_id", "u.unit_id");
    qb.push(" ORDER BY w.period_start DESC, u.display_name, w.id LIMIT 1000");
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// A report of `kind` by id within the actor's scope.
pub async fn get_report(
    pool: &PgPool,
    actor: &Actor,
    kind: ReportKind,
    id: Uuid,
) -> DomainResult<Option<WorkReport>> {
    let mut qb = QueryBuilder::new(
        "SELECT w.* FROM work_reports w JOIN users u ON u.id = w.user_id WHERE w.id = ",
    );
    qb.push_bind(id)
        .push(" AND w.kind = ")
        .push_bind(kind.as_str());
    push_scope(&mut qb, actor, "w.user_id", "u.unit_id");
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// What the logs of a person's month add up to (shown with the monthly
/// summary): computed from `work_logs` when read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct MonthLogStats {
    pub logs: i64,
    pub late_logs: i64,
    /// Σ visited customers over the month's logs.
    pub visits: i64,
    /// Σ contacted customers over the month's logs.
    pub contacts: i64,
}

/// [`MonthLogStats`] of `user` for the month starting `start` (the caller
/// has checked the person is in sight).
pub async fn month_stats(
    pool: &PgPool,
    user: Uuid,
    start: NaiveDate,
) -> DomainResult<MonthLogStats> {
    let end = start
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(start);
    debug_assert_eq!(start.day(), 1);
    Ok(sqlx::query_as(
        "SELECT count(*) AS logs, count(*) FILTER (WHERE late) AS late_logs,
                COALESCE(sum(cardinality(visited_customer_ids)), 0)::bigint AS visits,
                COALESCE(sum(cardinality(contacted_customer_ids)), 0)::bigint AS contacts
           FROM work_logs WHERE user_id = $1 AND day >= $2 AND day < $3",
    )
    .bind(user)
    .bind(start)
    .bind(end)
    .fetch_one(pool)
    .await?)
}

/// ORG-4 for WEEKLY_REPORT.
pub mod weekly {
    use super::*;

    /// The trail of a WEEKLY_REPORT is visible to whoever sees the report.
    pub async fn audit_visible(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<bool> {
        Ok(get_report(pool, actor, ReportKind::Week, id)
            .await?
            .is_some())
    }
}

/// ORG-4 for MONTHLY_SUMMARY.
pub mod monthly {
    use super::*;

    /// The trail of a MONTHLY_SUMMARY is visible to whoever sees it.
    pub async fn audit_visible(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<bool> {
        Ok(get_report(pool, actor, ReportKind::Month, id)
            .await?
            .is_some())
    }
}

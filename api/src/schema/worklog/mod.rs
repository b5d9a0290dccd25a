//! TGT-3 sales plans and TGT-4 work logs, weekly reports and monthly
//! summaries over GraphQL (docs/worklog.md). Reads follow ORG-3 like a
//! person's record: a rep their own, a supervisor or manager their units'
//! people, director / GM / admin everything; the rest is NOT_FOUND (or
//! absent from lists). Only the person writes their own records; their
//! supervisor chain approves, returns and reviews them, never the person.

pub mod types;

use async_graphql::{Context, ID, Object};
use salesd_domain::DomainError;
use salesd_domain::worklog::{ReportKind, logs, plans, reports};

use crate::context::{actor, domain_ctx, state};
use crate::error::ApiResult;
use crate::scalars::Date;
use crate::schema::common::uuid;
use crate::schema::worklog::types::*;

fn opt_uuid(field: &str, v: &Option<ID>) -> ApiResult<Option<uuid::Uuid>> {
    v.as_ref().map(|v| uuid(field, v)).transpose()
}

#[derive(Default)]
pub struct WorkLogQuery;

#[Object]
impl WorkLogQuery {
    /// The caller's own morning as of the company day: the last working
    /// day and whether its work log is in, and this week's plan. For a
    /// person only (VALIDATION for a system token).
    async fn my_day(&self, ctx: &Context<'_>) -> ApiResult<MyDay> {
        let st = state(ctx);
        let today = salesd_domain::clock::company_date(st.clock.now());
        let d = salesd_domain::worklog::day::my_day(&st.pool, actor(ctx)?, today).await?;
        Ok(d.into())
    }

    /// TGT-3: the plans the caller sees, of weeks starting in
    /// [`from`, `to`], optionally of one person or state; newest week
    /// first, at most 1 000.
    async fn sales_plans(
        &self,
        ctx: &Context<'_>,
        user_id: Option<ID>,
        from: Option<Date>,
        to: Option<Date>,
        status: Option<SalesPlanStatus>,
    ) -> ApiResult<Vec<SalesPlan>> {
        let f = plans::PlanFilter {
            user_id: opt_uuid("userId", &user_id)?,
            from: from.map(|d| d.0),
            to: to.map(|d| d.0),
            status: status.map(Into::into),
        };
        let list = plans::list_plans(&state(ctx).pool, actor(ctx)?, &f).await?;
        Ok(list.into_iter().map(Into::into).collect())
    }

    /// TGT-3: one plan; NOT_FOUND out of sight.
    async fn sales_plan(&self, ctx: &Context<'_>, id: ID) -> ApiResult<SalesPlan> {
        let p = plans::get_plan(&state(ctx).pool, actor(ctx)?, uuid("id", &id)?)
            .await?
            .ok_or(DomainError::NotFound)?;
        Ok(p.into())
    }

    /// TGT-4: the work logs the caller sees of days in [`from`, `to`],
    /// optionally of one person, only the late ones; newest day first, at
    /// most 2 000.
    async fn work_logs(
        &self,
        ctx: &Context<'_>,
        user_id: Option<ID>,
        from: Option<Date>,
        to: Option<Date>,
        late: Option<bool>,
    ) -> ApiResult<Vec<WorkLog>> {
        let f = logs::LogFilter {
            user_id: opt_uuid("userId", &user_id)?,
            from: from.map(|d| d.0),
            to: to.map(|d| d.0),
            late,
        };
        let list = logs::list_logs(&state(ctx).pool, actor(ctx)?, &f).await?;
        Ok(list.into_iter().map(Into::into).collect())
    }

    /// TGT-4: one work log; NOT_FOUND out of sight.
    async fn work_log(&self, ctx: &Context<'_>, id: ID) -> ApiResult<WorkLog> {
        let l = logs::get_log(&state(ctx).pool, actor(ctx)?, uuid("id", &id)?)
            .await?
            .ok_or(DomainError::NotFound)?;
        Ok(l.into())
    }

    /// TGT-4: the weekly reports the caller sees, of weeks starting in
    /// [`from`, `to`]; newest first, at most 1 000.
    async fn weekly_reports(
        &self,
        ctx: &Context<'_>,
        user_id: Option<ID>,
        from: Option<Date>,
        to: Option<Date>,
        reviewed: Option<bool>,
    ) -> ApiResult<Vec<WeeklyReport>> {
        let f = reports::ReportFilter {
            user_id: opt_uuid("userId", &user_id)?,
            from: from.map(|d| d.0),
            to: to.map(|d| d.0),
            reviewed,
        };
        let list =
            reports::list_reports(&state(ctx).pool, actor(ctx)?, ReportKind::Week, &f).await?;
        Ok(list.into_iter().map(Into::into).collect())
    }

    /// TGT-4: the monthly summaries the caller sees (of one year when
    /// given); newest first, at most 1 000.
    async fn monthly_summaries(
        &self,
        ctx: &Context<'_>,
        user_id: Option<ID>,
        year: Option<i32>,
        reviewed: Option<bool>,
    ) -> ApiResult<Vec<MonthlySummary>> {
        let (from, to) = match year {
            Some(y) => (
                Some(reports::month_start(y, 1)?),
                Some(reports::month_start(y, 12)?),
            ),
            None => (None, None),
        };
        let f = reports::ReportFilter {
            user_id: opt_uuid("userId", &user_id)?,
            from,
            to,
            reviewed,
        };
        let list =
            reports::list_reports(&state(ctx).pool, actor(ctx)?, ReportKind::Month, &f).await?;
        Ok(list.into_iter().map(Into::into).collect())
    }
}

#[derive(Default)]
pub struct WorkLogMutation;

#[Object]
impl WorkLogMutation {
    /// TGT-3: the caller's plan for a week, as a DRAFT. Audited SALES_PLAN.
    async fn create_sales_plan(
        &self,
        ctx: &Context<'_>,
        input: CreateSalesPlanInput,
    ) -> ApiResult<SalesPlan> {
        let dctx = domain_ctx(ctx)?;
        let its = items(input.items)?;
        let p = plans::create_plan(
            &state(ctx).pool,
            &dctx,
            input.week_start.0,
            input.note.as_deref(),
            &its,
        )
        .await?;
        Ok(p.into())
    }

    /// TGT-3: replaces the note and items of the caller's DRAFT or RETURNED
    /// plan.
    async fn update_sales_plan(
        &self,
        ctx: &Context<'_>,
        input: UpdateSalesPlanInput,
    ) -> ApiResult<SalesPlan> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &input.id)?;
        let its = items(input.items)?;
        let p = plans::update_plan(
            &state(ctx).pool,
            &dctx,
            id,
            input.version,
            input.note.as_deref(),
            &its,
        )
        .await?;
        Ok(p.into())
    }

    /// TGT-3: the author submits a DRAFT or RETURNED plan.
    async fn submit_sales_plan(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
    ) -> ApiResult<SalesPlan> {
        let dctx = domain_ctx(ctx)?;
        let p = plans::submit_plan(&state(ctx).pool, &dctx, uuid("id", &id)?, version).await?;
        Ok(p.into())
    }

    /// TGT-3: the author's supervisor chain approves a SUBMITTED plan;
    /// never the author (FORBIDDEN).
    async fn approve_sales_plan(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        comment: Option<String>,
    ) -> ApiResult<SalesPlan> {
        let dctx = domain_ctx(ctx)?;
        let p = plans::decide_plan(
            &state(ctx).pool,
            &dctx,
            uuid("id", &id)?,
            version,
            true,
            comment.as_deref(),
        )
        .await?;
        Ok(p.into())
    }

    /// TGT-3: the author's supervisor chain returns a SUBMITTED plan with a
    /// reason; never the author (FORBIDDEN).
    async fn return_sales_plan(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        reason: String,
    ) -> ApiResult<SalesPlan> {
        let dctx = domain_ctx(ctx)?;
        let p = plans::decide_plan(
            &state(ctx).pool,
            &dctx,
            uuid("id", &id)?,
            version,
            false,
            Some(&reason),
        )
        .await?;
        Ok(p.into())
    }

    /// TGT-4: the caller's log of a day (today or earlier, company time);
    /// CONFLICT when the day is logged already. Audited WORK_LOG.
    async fn submit_work_log(
        &self,
        ctx: &Context<'_>,
        day: Date,
        input: WorkLogContentInput,
    ) -> ApiResult<WorkLog> {
        let dctx = domain_ctx(ctx)?;
        let l = logs::submit_log(&state(ctx).pool, &dctx, day.0, &input.parse()?).await?;
        Ok(l.into())
    }

    /// TGT-4: the author changes their log (day, submission time and late
    /// flag stay).
    async fn update_work_log(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        input: WorkLogContentInput,
    ) -> ApiResult<WorkLog> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let l = logs::update_log(&state(ctx).pool, &dctx, id, version, &input.parse()?).await?;
        Ok(l.into())
    }

    /// TGT-4: the caller's weekly report. Audited WEEKLY_REPORT.
    async fn submit_weekly_report(
        &self,
        ctx: &Context<'_>,
        input: SubmitWeeklyReportInput,
    ) -> ApiResult<WeeklyReport> {
        let dctx = domain_ctx(ctx)?;
        let r = reports::submit_report(
            &state(ctx).pool,
            &dctx,
            ReportKind::Week,
            input.week_start.0,
            &input.summary,
            &input.next_week_plan,
        )
        .await?;
        Ok(r.into())
    }

    /// TGT-4: the author changes their weekly report until it is reviewed.
    async fn update_weekly_report(
        &self,
        ctx: &Context<'_>,
        input: UpdateWeeklyReportInput,
    ) -> ApiResult<WeeklyReport> {
        let dctx = domain_ctx(ctx)?;
        let r = reports::update_report(
            &state(ctx).pool,
            &dctx,
            ReportKind::Week,
            uuid("id", &input.id)?,
            input.version,
            &input.summary,
            &input.next_week_plan,
        )
        .await?;
        Ok(r.into())
    }

    /// TGT-4: the supervisor's review of a weekly report (once; never the
    /// author's own).
    async fn review_weekly_report(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        comment: String,
    ) -> ApiResult<WeeklyReport> {
        let dctx = domain_ctx(ctx)?;
        let r = reports::review_report(
            &state(ctx).pool,
            &dctx,
            ReportKind::Week,
            uuid("id", &id)?,
            version,
            &comment,
        )
        .await?;
        Ok(r.into())
    }

    /// TGT-4: the caller's monthly summary. Audited MONTHLY_SUMMARY.
    async fn submit_monthly_summary(
        &self,
        ctx: &Context<'_>,
        input: SubmitMonthlySummaryInput,
    ) -> ApiResult<MonthlySummary> {
        let dctx = domain_ctx(ctx)?;
        let month = u32::try_from(input.month).unwrap_or(0);
        let start = reports::month_start(input.year, month)?;
        let r = reports::submit_report(
            &state(ctx).pool,
            &dctx,
            ReportKind::Month,
            start,
            &input.summary,
            &input.next_month_plan,
        )
        .await?;
        Ok(r.into())
    }

    /// TGT-4: the author changes their monthly summary until it is reviewed.
    async fn update_monthly_summary(
        &self,
        ctx: &Context<'_>,
        input: UpdateMonthlySummaryInput,
    ) -> ApiResult<MonthlySummary> {
        let dctx = domain_ctx(ctx)?;
        let r = reports::update_report(
            &state(ctx).pool,
            &dctx,
            ReportKind::Month,
            uuid("id", &input.id)?,
            input.version,
            &input.summary,
            &input.next_month_plan,
        )
        .await?;
        Ok(r.into())
    }

    /// TGT-4: the supervisor's review of a monthly summary.
    async fn review_monthly_summary(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        comment: String,
    ) -> ApiResult<MonthlySummary> {
        let dctx = domain_ctx(ctx)?;
        let r = reports::review_report(
            &state(ctx).pool,
            &dctx,
            ReportKind::Month,
            uuid("id", &id)?,
            version,
            &comment,
        )
        .await?;
        Ok(r.into())
    }
}

//! KPI-2..KPI-5 over GraphQL (docs/assessments.md): schemes per role,
//! runs and finalisation of a period, results with their KPIs and facts,
//! underperformance flags. Results follow ORG-3 like a person's record: a
//! rep their own, a supervisor or manager their units' subtree, director /
//! GM / admin everything; another unit's result is NOT_FOUND.

pub mod dashboards;
pub mod types;

use async_graphql::MergedObject;
use std::collections::HashMap;

use async_graphql::connection::{Connection, EmptyFields};
use async_graphql::{Context, ID, Object};
use salesd_domain::kpi::results::ResultKpi;
use salesd_domain::kpi::schemes::{SchemeInput, SchemeKpiInput};
use salesd_domain::kpi::{flags, results, runs, schemes};
use salesd_domain::targets::Period;
use uuid::Uuid;

use crate::context::{actor, domain_ctx, state};
use crate::error::{ApiError, ApiResult};
use crate::schema::common::paging::{connection, page_complexity, page_request};
use crate::schema::common::uuid;
use crate::schema::kpi::types::{
    AssessmentPeriod, AssessmentPeriodStatus, AssessmentResult, AssessmentRunReport,
    AssessmentScheme, SetAssessmentSchemeInput, UnderperformanceFlag,
};
use crate::schema::targets::TargetPeriodKind;

fn period(kind: TargetPeriodKind, year: i32, no: i32) -> ApiResult<Period> {
    Ok(Period::new(kind.into(), year, no)?)
}

#[derive(Default)]
pub struct AssessmentQuery;

#[Object]
impl AssessmentQuery {
    /// KPI-2: the scheme of every role that has one (anyone signed in).
    async fn assessment_schemes(&self, ctx: &Context<'_>) -> ApiResult<Vec<AssessmentScheme>> {
        actor(ctx)?;
        let list = schemes::list_schemes(&state(ctx).pool).await?;
        Ok(list.into_iter().map(Into::into).collect())
    }

    /// KPI-3: the state of a period's assessment (OPEN with 0 runs when it
    /// was never run).
    async fn assessment_period(
        &self,
        ctx: &Context<'_>,
        period_kind: TargetPeriodKind,
        year: i32,
        #[graphql(default = 1)] period_no: i32,
    ) -> ApiResult<AssessmentPeriod> {
        actor(ctx)?;
        let p = period(period_kind, year, period_no)?;
        Ok(match runs::get_period(&state(ctx).pool, p).await? {
            Some(row) => row.into(),
            None => AssessmentPeriod {
                id: None,
                period_kind,
                year,
                period_no,
                status: AssessmentPeriodStatus::Open,
                runs: 0,
                last_run_at: None,
                last_run_by_id: None,
                finalized_at: None,
                finalized_by_id: None,
            },
        })
    }

    /// KPI-3: results within the caller's scope, best total first;
    /// optionally of one period (`periodKind` + `year` [+ `periodNo`]), of
    /// the people assessed in a unit or below it, or of one person.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn assessment_results(
        &self,
        ctx: &Context<'_>,
        period_kind: Option<TargetPeriodKind>,
        year: Option<i32>,
        #[graphql(default = 1)] period_no: i32,
        unit_id: Option<ID>,
        user_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, AssessmentResult, EmptyFields>> {
        let req = page_request(first, after, last, before)?;
        let period = match (period_kind, year) {
            (Some(k), Some(y)) => Some(period(k, y, period_no)?),
            (None, None) => None,
            (Some(_), None) => return Err(ApiError::validation("year", "give the period's year")),
            (None, Some(_)) => {
                return Err(ApiError::validation("periodKind", "give the period's kind"));
            }
        };
        let filter = results::ResultFilter {
            period,
            unit_id: unit_id.as_ref().map(|v| uuid("unitId", v)).transpose()?,
            user_id: user_id.as_ref().map(|v| uuid("userId", v)).transpose()?,
        };
        let pool = &state(ctx).pool;
        let page = results::list_results(pool, actor(ctx)?, &filter, &req).await?;
        // The KPIs of the whole page in one query when they are asked for.
        let wants_kpis = ctx
            .look_ahead()
            .field("edges")
            .field("node")
            .field("kpis")
            .exists();
        let mut kpis: HashMap<Uuid, Vec<ResultKpi>> = HashMap::new();
        if wants_kpis {
            let ids: Vec<Uuid> = page.items.iter().map(|(_, r)| r.id).collect();
            for k in results::kpis_of(pool, &ids).await? {
                kpis.entry(k.result_id).or_default().push(k);
            }
        }
        Ok(connection(
            page,
            |r| {
                let id = r.id;
                let mut node = AssessmentResult::from(r);
                if wants_kpis {
                    node.preloaded = Some(kpis.get(&id).cloned().unwrap_or_default());
                }
                node
            },
            EmptyFields,
        ))
    }

    /// KPI-3: one result, by id or by (userId, period); NOT_FOUND when it
    /// does not exist or is outside the caller's scope (ORG-3).
    async fn assessment_result(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        user_id: Option<ID>,
        period_kind: Option<TargetPeriodKind>,
        year: Option<i32>,
        #[graphql(default = 1)] period_no: i32,
    ) -> ApiResult<AssessmentResult> {
        let pool = &state(ctx).pool;
        let a = actor(ctx)?;
        let found = match (id, user_id, period_kind, year) {
            (Some(id), None, None, None) => results::get_result(pool, a, uuid("id", &id)?).await?,
            (None, Some(u), Some(k), Some(y)) => {
                let p = period(k, y, period_no)?;
                results::result_of(pool, a, uuid("userId", &u)?, p).await?
            }
            _ => {
                return Err(ApiError::validation(
                    "id",
                    "give either the id, or userId with periodKind and year",
                ));
            }
        };
        found.map(Into::into).ok_or_else(ApiError::not_found)
    }

    /// KPI-5: people flagged for a coaching plan or a role review (`open`:
    /// true = unresolved only, false = resolved only, null = all). The
    /// sales director, the GM and admins only (FORBIDDEN otherwise).
    async fn underperformers(
        &self,
        ctx: &Context<'_>,
        open: Option<bool>,
    ) -> ApiResult<Vec<UnderperformanceFlag>> {
        let list = flags::list_flags(&state(ctx).pool, actor(ctx)?, open).await?;
        Ok(list.into_iter().map(Into::into).collect())
    }
}

#[derive(Default)]
pub struct AssessmentMutation;

#[Object]
impl AssessmentMutation {
    /// KPI-2: sets a role's scheme: creates it (without `version`) or
    /// replaces name, commission rate and KPIs as a whole (with the version
    /// read). Sales director, GM and admins. Audited (ASSESSMENT_SCHEME).
    async fn set_assessment_scheme(
        &self,
        ctx: &Context<'_>,
        input: SetAssessmentSchemeInput,
        version: Option<i32>,
    ) -> ApiResult<AssessmentScheme> {
        let dctx = domain_ctx(ctx)?;
        let input = SchemeInput {
            role: input.role.into(),
            name: input.name,
            commission_rate: input.commission_rate.0,
            kpis: input
                .kpis
                .into_iter()
                .map(|k| SchemeKpiInput {
                    kpi: k.kpi.into(),
                    weight: k.weight.0,
                    target: k.target.map(|t| t.0),
                    basis: k.basis.into(),
                })
                .collect(),
            version,
        };
        Ok(schemes::set_scheme(&state(ctx).pool, &dctx, input)
            .await?
            .into())
    }

    /// KPI-3: runs (or re-runs) a period's assessment for everyone with a
    /// scheme; CONFLICT once the period is finalised. Sales director, GM
    /// and admins. Audited (ASSESSMENT_PERIOD RUN).
    async fn run_assessment(
        &self,
        ctx: &Context<'_>,
        period_kind: TargetPeriodKind,
        year: i32,
        #[graphql(default = 1)] period_no: i32,
    ) -> ApiResult<AssessmentRunReport> {
        let dctx = domain_ctx(ctx)?;
        let p = period(period_kind, year, period_no)?;
        Ok(runs::run_period(&state(ctx).pool, &dctx, p).await?.into())
    }

    /// KPI-3: locks a period (later runs are refused) and emails the
    /// results and unit summaries. VALIDATION while a result is incomplete
    /// (naming the people) or before the first run; CONFLICT when already
    /// finalised. Sales director, GM and admins. Audited (ASSESSMENT_PERIOD
    /// FINALIZE).
    async fn finalize_assessment(
        &self,
        ctx: &Context<'_>,
        period_kind: TargetPeriodKind,
        year: i32,
        #[graphql(default = 1)] period_no: i32,
    ) -> ApiResult<AssessmentPeriod> {
        let dctx = domain_ctx(ctx)?;
        let p = period(period_kind, year, period_no)?;
        Ok(runs::finalize_period(&state(ctx).pool, &dctx, p)
            .await?
            .period
            .into())
    }

    /// KPI-5: closes a flag with a note (1–2 000 characters). Sales
    /// director, GM and admins. Audited (ASSESSMENT_FLAG RESOLVE).
    async fn resolve_underperformance_flag(
        &self,
        ctx: &Context<'_>,
        id: ID,
        note: String,
    ) -> ApiResult<UnderperformanceFlag> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(flags::resolve_flag(&state(ctx).pool, &dctx, id, &note)
            .await?
            .into())
    }
}

/// The KPI context's queries: assessments (KPI-1..5) and their dashboards.
#[derive(MergedObject, Default)]
pub struct KpiQuery(AssessmentQuery, dashboards::DashboardQuery);

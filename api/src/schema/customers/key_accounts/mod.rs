//! KA-1..4 key-account queries and mutations.

pub mod types;

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object};
use salesd_domain::customers::key_accounts::{self as store, Criteria, PlanContent};

use crate::context::{actor, domain_ctx, state};
use crate::error::{ApiError, ApiResult};
use crate::schema::common::paging::NoTotal;
use crate::schema::common::paging::{connection, page_complexity, page_request};
use crate::schema::common::uuid;
use crate::schema::customers::enums::KaClass;
use crate::schema::customers::key_accounts::types::{
    ApplyForKeyAccountInput, EvaluateKeyAccountInput, KaApplicationNode, KaEvaluationNode,
    KaPlanNode, KeyAccountApplicationStatus, ResubmitKeyAccountPlanInput,
    SubmitKeyAccountPlanInput,
};

#[derive(Default)]
pub struct KeyAccountQuery;

#[Object]
impl KeyAccountQuery {
    /// A key-account application; NOT_FOUND outside the caller's scope on
    /// its customer.
    async fn key_account_application(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> ApiResult<KaApplicationNode> {
        let id = uuid("id", &id)?;
        store::get_ka_application(&state(ctx).pool, actor(ctx)?, id)
            .await?
            .map(KaApplicationNode)
            .ok_or_else(ApiError::not_found)
    }

    /// Applications on customers within scope (director/GM: all), newest first.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn key_account_applications(
        &self,
        ctx: &Context<'_>,
        status: Option<KeyAccountApplicationStatus>,
        customer_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, KaApplicationNode, NoTotal>> {
        let req = page_request(first, after, last, before)?;
        let customer = customer_id
            .as_ref()
            .map(|c| uuid("customerId", c))
            .transpose()?;
        let page = store::list_ka_applications(
            &state(ctx).pool,
            actor(ctx)?,
            status.map(Into::into),
            customer,
            &req,
        )
        .await?;
        Ok(connection(
            page,
            KaApplicationNode,
            NoTotal { total_count: None },
        ))
    }

    /// A key-account plan; NOT_FOUND outside scope.
    async fn key_account_plan(&self, ctx: &Context<'_>, id: ID) -> ApiResult<KaPlanNode> {
        let id = uuid("id", &id)?;
        store::get_ka_plan(&state(ctx).pool, actor(ctx)?, id)
            .await?
            .map(KaPlanNode)
            .ok_or_else(ApiError::not_found)
    }

    /// A customer's annual plans, newest year first (empty outside scope).
    async fn key_account_plans(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
    ) -> ApiResult<Vec<KaPlanNode>> {
        let id = uuid("customerId", &customer_id)?;
        let rows = store::ka_plans(&state(ctx).pool, actor(ctx)?, id).await?;
        Ok(rows.into_iter().map(KaPlanNode).collect())
    }

    /// A customer's quarterly evaluations, newest first; NOT_FOUND when the
    /// customer is outside scope.
    async fn key_account_evaluations(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
    ) -> ApiResult<Vec<KaEvaluationNode>> {
        let id = uuid("customerId", &customer_id)?;
        let rows = store::ka_evaluations(&state(ctx).pool, actor(ctx)?, id).await?;
        Ok(rows.into_iter().map(KaEvaluationNode).collect())
    }
}

#[derive(Default)]
pub struct KeyAccountMutation;

#[Object]
impl KeyAccountMutation {
    /// KA-1: applies for key-account admission of a customer you may change.
    async fn apply_for_key_account(
        &self,
        ctx: &Context<'_>,
        input: ApplyForKeyAccountInput,
    ) -> ApiResult<KaApplicationNode> {
        let c = domain_ctx(ctx)?;
        let new = store::NewKaApplication {
            customer_id: uuid("customerId", &input.customer_id)?,
            cooperation_intent: input.cooperation_intent,
            expected_annual_revenue: input.expected_annual_revenue.0,
            requested_class: input.requested_class.into(),
            criteria: Criteria {
                good_credit: input.good_credit,
                clear_needs: input.clear_needs,
                agrees_with_offering: input.agrees_with_offering,
                fits_strategy: input.fits_strategy,
            },
        };
        Ok(KaApplicationNode(
            store::apply_for_key_account(&state(ctx).pool, &c, new).await?,
        ))
    }

    /// KA-2 pre-review by the sales department head (the sales manager of the
    /// customer's region, or the sales director). Rejecting needs a reason.
    async fn prereview_key_account(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        approve: bool,
        reason: Option<String>,
    ) -> ApiResult<KaApplicationNode> {
        let c = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let a = store::prereview_key_account(
            &state(ctx).pool,
            &c,
            id,
            version,
            approve,
            reason.as_deref(),
        )
        .await?;
        Ok(KaApplicationNode(a))
    }

    /// KA-2 decision by the sales director or general manager at
    /// PENDING_APPROVAL. Approval makes the customer a key account of
    /// `kaClass` (default: the requested class).
    async fn decide_key_account(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        approve: bool,
        reason: Option<String>,
        ka_class: Option<KaClass>,
    ) -> ApiResult<KaApplicationNode> {
        let c = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let class = ka_class.map(Into::into);
        let a = store::decide_key_account(
            &state(ctx).pool,
            &c,
            id,
            version,
            approve,
            reason.as_deref(),
            class,
        )
        .await?;
        Ok(KaApplicationNode(a))
    }

    /// KA-3: a key account's plan for a year (one per year).
    async fn submit_key_account_plan(
        &self,
        ctx: &Context<'_>,
        input: SubmitKeyAccountPlanInput,
    ) -> ApiResult<KaPlanNode> {
        let c = domain_ctx(ctx)?;
        let customer = uuid("customerId", &input.customer_id)?;
        let plan = PlanContent {
            target_revenue: input.target_revenue.0,
            strategy: input.strategy,
            actions: input.actions,
        };
        Ok(KaPlanNode(
            store::submit_ka_plan(&state(ctx).pool, &c, customer, input.year, plan).await?,
        ))
    }

    /// KA-3: changes a RETURNED plan and submits it again.
    async fn resubmit_key_account_plan(
        &self,
        ctx: &Context<'_>,
        input: ResubmitKeyAccountPlanInput,
    ) -> ApiResult<KaPlanNode> {
        let c = domain_ctx(ctx)?;
        let id = uuid("id", &input.id)?;
        let plan = PlanContent {
            target_revenue: input.target_revenue.0,
            strategy: input.strategy,
            actions: input.actions,
        };
        Ok(KaPlanNode(
            store::resubmit_ka_plan(&state(ctx).pool, &c, id, input.version, plan).await?,
        ))
    }

    /// KA-3 review by the department head: SUBMITTED → REVIEWED or RETURNED.
    async fn review_key_account_plan(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        approve: bool,
        reason: Option<String>,
    ) -> ApiResult<KaPlanNode> {
        let c = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let p = store::judge_ka_plan(
            &state(ctx).pool,
            &c,
            id,
            version,
            approve,
            reason.as_deref(),
            false,
        )
        .await?;
        Ok(KaPlanNode(p))
    }

    /// KA-3 approval by the director or GM: REVIEWED → APPROVED or RETURNED.
    async fn approve_key_account_plan(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        approve: bool,
        reason: Option<String>,
    ) -> ApiResult<KaPlanNode> {
        let c = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let p = store::judge_ka_plan(
            &state(ctx).pool,
            &c,
            id,
            version,
            approve,
            reason.as_deref(),
            true,
        )
        .await?;
        Ok(KaPlanNode(p))
    }

    /// KA-4: a quarterly relationship evaluation of a key account.
    async fn evaluate_key_account(
        &self,
        ctx: &Context<'_>,
        input: EvaluateKeyAccountInput,
    ) -> ApiResult<KaEvaluationNode> {
        let c = domain_ctx(ctx)?;
        let e = store::NewKaEvaluation {
            customer_id: uuid("customerId", &input.customer_id)?,
            year: input.year,
            quarter: input.quarter,
            satisfaction: input.satisfaction,
            loyalty: input.loyalty,
            progress: input.progress,
            revenue: input.revenue,
            note: input.note,
        };
        Ok(KaEvaluationNode(
            store::evaluate_key_account(&state(ctx).pool, &c, e).await?,
        ))
    }
}

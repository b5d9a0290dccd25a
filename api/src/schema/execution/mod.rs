//! CON-6 milestones, CON-7 acceptance and CON-9 after-sales requests:
//! queries and mutations.

pub mod types;

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object};
use salesd_domain::execution::{self as store, AfterSalesFilter as DomainFilter, AfterSalesStep};
use salesd_domain::org::Actor;

use crate::context::{actor, domain_ctx, state};
use crate::error::{ApiError, ApiResult};
use crate::schema::common::paging::{connection, page_complexity, page_request};
use crate::schema::common::uuid;
use crate::schema::execution::types::{
    AcceptanceNode, AddMilestoneInput, AfterSalesFilter, AfterSalesHandling, AfterSalesNode,
    CreateAfterSalesInput, MilestoneNode, RecordAcceptanceInput, UpdateMilestoneInput,
};

/// The extra fields of an after-sales connection.
pub struct AfterSalesConnectionFields {
    actor: Actor,
    filter: DomainFilter,
}

#[Object]
impl AfterSalesConnectionFields {
    /// How many requests match the filter (all pages), within scope.
    async fn total_count(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        Ok(store::count_after_sales(&state(ctx).pool, &self.actor, &self.filter).await?)
    }
}

fn opt_uuid(field: &str, v: &Option<ID>) -> ApiResult<Option<uuid::Uuid>> {
    v.as_ref().map(|i| uuid(field, i)).transpose()
}

#[derive(Default)]
pub struct ExecutionQuery;

#[Object]
impl ExecutionQuery {
    /// CON-6: a contract's milestones in plan order; NOT_FOUND outside scope.
    async fn contract_milestones(
        &self,
        ctx: &Context<'_>,
        contract_id: ID,
    ) -> ApiResult<Vec<MilestoneNode>> {
        let c = uuid("contractId", &contract_id)?;
        let rows = store::contract_milestones(&state(ctx).pool, actor(ctx)?, c).await?;
        Ok(rows.into_iter().map(MilestoneNode).collect())
    }

    /// CON-6: one milestone; NOT_FOUND outside scope.
    async fn milestone(&self, ctx: &Context<'_>, id: ID) -> ApiResult<MilestoneNode> {
        let id = uuid("id", &id)?;
        store::get_milestone(&state(ctx).pool, actor(ctx)?, id)
            .await?
            .map(MilestoneNode)
            .ok_or_else(ApiError::not_found)
    }

    /// CON-7: a contract's acceptances, oldest first; NOT_FOUND outside scope.
    async fn contract_acceptances(
        &self,
        ctx: &Context<'_>,
        contract_id: ID,
    ) -> ApiResult<Vec<AcceptanceNode>> {
        let c = uuid("contractId", &contract_id)?;
        let rows = store::contract_acceptances(&state(ctx).pool, actor(ctx)?, c).await?;
        Ok(rows.into_iter().map(AcceptanceNode).collect())
    }

    /// CON-9: an after-sales request; NOT_FOUND outside scope (ORG-3).
    async fn after_sales_request(&self, ctx: &Context<'_>, id: ID) -> ApiResult<AfterSalesNode> {
        let id = uuid("id", &id)?;
        store::get_after_sales(&state(ctx).pool, actor(ctx)?, id)
            .await?
            .map(AfterSalesNode)
            .ok_or_else(ApiError::not_found)
    }

    /// CON-9: after-sales requests within scope, newest first.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn after_sales_requests(
        &self,
        ctx: &Context<'_>,
        filter: Option<AfterSalesFilter>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, AfterSalesNode, AfterSalesConnectionFields>> {
        let req = page_request(first, after, last, before)?;
        let actor = actor(ctx)?.clone();
        let f = filter.unwrap_or_default();
        let filter = DomainFilter {
            customer_id: opt_uuid("customerId", &f.customer_id)?,
            contract_id: opt_uuid("contractId", &f.contract_id)?,
            status: f.status.map(Into::into),
            overdue: f.overdue,
            now: Some(state(ctx).clock.now()),
        };
        let page = store::list_after_sales(&state(ctx).pool, &actor, &filter, &req).await?;
        Ok(connection(
            page,
            AfterSalesNode,
            AfterSalesConnectionFields { actor, filter },
        ))
    }
}

#[derive(Default)]
pub struct ExecutionMutation;

async fn step(
    ctx: &Context<'_>,
    id: ID,
    version: i32,
    s: AfterSalesStep,
) -> ApiResult<AfterSalesNode> {
    let c = domain_ctx(ctx)?;
    let id = uuid("id", &id)?;
    Ok(AfterSalesNode(
        store::step_after_sales(&state(ctx).pool, &c, id, version, s).await?,
    ))
}

#[Object]
impl ExecutionMutation {
    /// CON-6: adds a milestone at the end of an APPROVED, SIGNED or EXECUTING
    /// contract's plan.
    async fn add_milestone(
        &self,
        ctx: &Context<'_>,
        input: AddMilestoneInput,
    ) -> ApiResult<MilestoneNode> {
        let c = domain_ctx(ctx)?;
        let new = store::NewMilestone {
            contract_id: uuid("contractId", &input.contract_id)?,
            name: input.name,
            planned_date: input.planned_date.0,
            note: input.note,
        };
        Ok(MilestoneNode(
            store::add_milestone(&state(ctx).pool, &c, new).await?,
        ))
    }

    /// CON-6: changes a milestone; an actual date marks it done (100 %).
    async fn update_milestone(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        input: UpdateMilestoneInput,
    ) -> ApiResult<MilestoneNode> {
        let c = domain_ctx(ctx)?;
        let patch = store::MilestonePatch {
            name: input.name,
            planned_date: input.planned_date.map(|d| d.0),
            percent_done: input.percent_done,
            actual_date: input.actual_date.map(|d| d.0),
            note: input.note,
        };
        let id = uuid("id", &id)?;
        Ok(MilestoneNode(
            store::update_milestone(&state(ctx).pool, &c, id, version, patch).await?,
        ))
    }

    /// CON-7: records an acceptance of an EXECUTING contract whose delivery
    /// is done; PASSED makes it ACCEPTED and its acceptance-linked
    /// installments due.
    async fn record_acceptance(
        &self,
        ctx: &Context<'_>,
        input: RecordAcceptanceInput,
    ) -> ApiResult<AcceptanceNode> {
        let c = domain_ctx(ctx)?;
        let new = store::NewAcceptance {
            contract_id: uuid("contractId", &input.contract_id)?,
            accepted_on: input.accepted_on.0,
            result: input.result.into(),
            report: input.report,
            issues: input.issues,
        };
        Ok(AcceptanceNode(
            store::record_acceptance(&state(ctx).pool, &c, new).await?,
        ))
    }

    /// CON-9: records an after-sales request; `respondBy` follows from the
    /// priority.
    async fn create_after_sales_request(
        &self,
        ctx: &Context<'_>,
        input: CreateAfterSalesInput,
    ) -> ApiResult<AfterSalesNode> {
        let c = domain_ctx(ctx)?;
        let new = store::NewAfterSales {
            customer_id: uuid("customerId", &input.customer_id)?,
            contract_id: opt_uuid("contractId", &input.contract_id)?,
            subject: input.subject,
            description: input.description,
            priority: input.priority.into(),
        };
        Ok(AfterSalesNode(
            store::create_after_sales(&state(ctx).pool, &c, new).await?,
        ))
    }

    /// CON-9: OPEN → IN_PROGRESS, the first response; the assignee defaults
    /// to the responder.
    async fn respond_after_sales(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        handling: AfterSalesHandling,
        assignee_id: Option<ID>,
    ) -> ApiResult<AfterSalesNode> {
        let s = AfterSalesStep::Respond {
            handling: handling.into(),
            assignee_id: opt_uuid("assigneeId", &assignee_id)?,
        };
        step(ctx, id, version, s).await
    }

    /// CON-9: IN_PROGRESS → RESOLVED with the resolution.
    async fn resolve_after_sales(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        resolution: String,
    ) -> ApiResult<AfterSalesNode> {
        step(ctx, id, version, AfterSalesStep::Resolve { resolution }).await
    }

    /// CON-9: RESOLVED → CLOSED, only with the customer's confirmation: the
    /// name of the contact person who confirmed.
    async fn close_after_sales(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        confirmed_by: String,
    ) -> ApiResult<AfterSalesNode> {
        step(ctx, id, version, AfterSalesStep::Close { confirmed_by }).await
    }

    /// CON-9: RESOLVED → IN_PROGRESS when the customer does not confirm.
    async fn reopen_after_sales(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        reason: String,
    ) -> ApiResult<AfterSalesNode> {
        step(ctx, id, version, AfterSalesStep::Reopen { reason }).await
    }
}

//! CUS-9 complaint queries and mutations.

pub mod types;

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use salesd_domain::customers::complaints::{
    self as store, ComplaintFilter as DomainFilter, TransitionFields,
};
use salesd_domain::org::Actor;

use crate::context::{actor, domain_ctx, state};
use crate::error::{ApiError, ApiResult};
use crate::schema::common::paging::{connection, page_complexity, page_request};
use crate::schema::common::uuid;
use crate::schema::customers::complaints::types::{
    ComplaintChannel, ComplaintNode, ComplaintSeverity, ComplaintStatus,
};

#[derive(InputObject, Default)]
pub struct ComplaintFilter {
    pub customer_id: Option<ID>,
    pub status: Option<ComplaintStatus>,
    pub severity: Option<ComplaintSeverity>,
    /// Open and past the deadline now (true), or not (false).
    pub overdue: Option<bool>,
}

#[derive(InputObject)]
pub struct RecordComplaintInput {
    pub customer_id: ID,
    pub channel: ComplaintChannel,
    /// When the customer complained; not in the future.
    pub received_at: DateTime<Utc>,
    /// 1..100 characters.
    pub category: String,
    pub severity: ComplaintSeverity,
    /// 1..5000 characters.
    pub description: String,
    pub responsible_unit_id: Option<ID>,
}

/// The extra fields of a complaint connection.
pub struct ComplaintConnectionFields {
    actor: Actor,
    filter: DomainFilter,
}

impl ComplaintConnectionFields {
    pub fn new(actor: Actor, filter: DomainFilter) -> Self {
        Self { actor, filter }
    }
}

#[Object]
impl ComplaintConnectionFields {
    /// How many complaints match the filter (all pages), within scope.
    async fn total_count(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        Ok(store::count_complaints(&state(ctx).pool, &self.actor, &self.filter).await?)
    }
}

#[derive(Default)]
pub struct ComplaintQuery;

#[Object]
impl ComplaintQuery {
    /// A complaint; NOT_FOUND outside the caller's scope (ORG-3).
    async fn complaint(&self, ctx: &Context<'_>, id: ID) -> ApiResult<ComplaintNode> {
        let id = uuid("id", &id)?;
        store::get_complaint(&state(ctx).pool, actor(ctx)?, id)
            .await?
            .map(ComplaintNode)
            .ok_or_else(ApiError::not_found)
    }

    /// Complaints within scope, newest received first.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn complaints(
        &self,
        ctx: &Context<'_>,
        filter: Option<ComplaintFilter>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, ComplaintNode, ComplaintConnectionFields>> {
        let req = page_request(first, after, last, before)?;
        let actor = actor(ctx)?.clone();
        let f = filter.unwrap_or_default();
        let filter = DomainFilter {
            customer_id: f
                .customer_id
                .as_ref()
                .map(|c| uuid("customerId", c))
                .transpose()?,
            status: f.status.map(Into::into),
            severity: f.severity.map(Into::into),
            overdue: f.overdue,
            now: Some(state(ctx).clock.now()),
        };
        let page = store::list_complaints(&state(ctx).pool, &actor, &filter, &req).await?;
        Ok(connection(
            page,
            ComplaintNode,
            ComplaintConnectionFields { actor, filter },
        ))
    }

    /// CUS-9 escalation list: open complaints (RECEIVED, INVESTIGATING) whose
    /// deadline is before `asOf`, earliest deadline first, within scope.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn overdue_complaints(
        &self,
        ctx: &Context<'_>,
        as_of: DateTime<Utc>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, ComplaintNode, ComplaintConnectionFields>> {
        let req = page_request(first, after, last, before)?;
        let actor = actor(ctx)?.clone();
        let page = store::overdue_complaints(&state(ctx).pool, &actor, as_of, &req).await?;
        let filter = DomainFilter {
            overdue: Some(true),
            now: Some(as_of),
            ..Default::default()
        };
        Ok(connection(
            page,
            ComplaintNode,
            ComplaintConnectionFields { actor, filter },
        ))
    }
}

#[derive(Default)]
pub struct ComplaintMutation;

async fn step(
    ctx: &Context<'_>,
    id: ID,
    version: i32,
    to: store::ComplaintStatus,
    fields: TransitionFields,
    unit: Option<ID>,
) -> ApiResult<ComplaintNode> {
    let c = domain_ctx(ctx)?;
    let step = store::ComplaintStep {
        id: uuid("id", &id)?,
        version,
        to,
        fields,
        responsible_unit_id: unit
            .as_ref()
            .map(|u| uuid("responsibleUnitId", u))
            .transpose()?,
    };
    Ok(ComplaintNode(
        store::step_complaint(&state(ctx).pool, &c, step).await?,
    ))
}

#[Object]
impl ComplaintMutation {
    /// CUS-9: records a complaint; its deadline follows from the severity.
    async fn record_complaint(
        &self,
        ctx: &Context<'_>,
        input: RecordComplaintInput,
    ) -> ApiResult<ComplaintNode> {
        let c = domain_ctx(ctx)?;
        let new = store::NewComplaint {
            customer_id: uuid("customerId", &input.customer_id)?,
            channel: input.channel.into(),
            received_at: input.received_at,
            category: input.category,
            severity: input.severity.into(),
            description: input.description,
            responsible_unit_id: input
                .responsible_unit_id
                .as_ref()
                .map(|u| uuid("responsibleUnitId", u))
                .transpose()?,
        };
        Ok(ComplaintNode(
            store::record_complaint(&state(ctx).pool, &c, new).await?,
        ))
    }

    /// RECEIVED → INVESTIGATING, optionally (re)assigning the responsible unit.
    async fn start_complaint_investigation(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        responsible_unit_id: Option<ID>,
    ) -> ApiResult<ComplaintNode> {
        let to = store::ComplaintStatus::Investigating;
        step(
            ctx,
            id,
            version,
            to,
            TransitionFields::default(),
            responsible_unit_id,
        )
        .await
    }

    /// INVESTIGATING → RESOLVED; cause and solution are required.
    async fn resolve_complaint(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        cause: Option<String>,
        solution: Option<String>,
    ) -> ApiResult<ComplaintNode> {
        let fields = TransitionFields {
            cause,
            solution,
            ..Default::default()
        };
        step(
            ctx,
            id,
            version,
            store::ComplaintStatus::Resolved,
            fields,
            None,
        )
        .await
    }

    /// RESOLVED → CLOSED; the reply to the customer and the satisfaction
    /// follow-up (1..5) are required.
    async fn close_complaint(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        reply: Option<String>,
        outcome_satisfaction: Option<i32>,
    ) -> ApiResult<ComplaintNode> {
        let fields = TransitionFields {
            reply,
            outcome_satisfaction,
            ..Default::default()
        };
        step(
            ctx,
            id,
            version,
            store::ComplaintStatus::Closed,
            fields,
            None,
        )
        .await
    }
}

//! PIP-1 queries and mutations: leads, their scores, qualification.

pub mod types;

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object};
use salesd_domain::org::Actor;
use salesd_domain::pipeline::leads::{
    self as store, LeadCustomer, LeadFilter as DFilter, LeadOpportunity, LeadOrder as DOrder,
    LeadPatch, NewLead, NewLeadCustomer,
};

use crate::context::{actor, domain_ctx, state};
use crate::error::{ApiError, ApiResult};
use crate::schema::common::paging::{connection, page_complexity, page_request};
use crate::schema::common::uuid;
use crate::schema::customers::inputs::opt;
use crate::schema::pipeline::leads::types::*;

/// The extra fields of a lead connection.
pub struct LeadConnectionFields {
    actor: Actor,
    filter: DFilter,
}

#[Object]
impl LeadConnectionFields {
    /// How many leads match the filter (all pages), within scope.
    async fn total_count(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        Ok(store::count_leads(&state(ctx).pool, &self.actor, &self.filter).await?)
    }
}

#[derive(Default)]
pub struct LeadQuery;

#[Object]
#[allow(clippy::too_many_arguments)]
impl LeadQuery {
    /// A lead; NOT_FOUND outside the caller's scope (ORG-3).
    async fn lead(&self, ctx: &Context<'_>, id: ID) -> ApiResult<LeadNode> {
        let id = uuid("id", &id)?;
        store::get_lead(&state(ctx).pool, actor(ctx)?, id)
            .await?
            .map(LeadNode)
            .ok_or_else(ApiError::not_found)
    }

    /// Leads within the caller's scope, highest score (default) or newest first.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn leads(
        &self,
        ctx: &Context<'_>,
        filter: Option<LeadFilter>,
        order_by: Option<LeadOrder>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, LeadNode, LeadConnectionFields>> {
        let actor = actor(ctx)?.clone();
        let req = page_request(first, after, last, before)?;
        let f = filter.unwrap_or_default();
        let min_score = f
            .min_score
            .map(|s| {
                i16::try_from(s)
                    .ok()
                    .filter(|s| (0..=100).contains(s))
                    .ok_or_else(|| ApiError::validation("minScore", "must be 0 to 100"))
            })
            .transpose()?;
        let filter = DFilter {
            status: f.status.map(Into::into),
            min_score,
            owner_id: f
                .owner_id
                .as_ref()
                .map(|u| uuid("ownerId", u))
                .transpose()?,
        };
        let order = match order_by.unwrap_or_default() {
            LeadOrder::Score => DOrder::Score,
            LeadOrder::CreatedAt => DOrder::CreatedAt,
        };
        let page = store::list_leads(&state(ctx).pool, &actor, &filter, order, &req).await?;
        Ok(connection(
            page,
            LeadNode,
            LeadConnectionFields { actor, filter },
        ))
    }
}

#[derive(Default)]
pub struct LeadMutation;

#[Object]
impl LeadMutation {
    /// PIP-1: captures a lead owned by the caller (sales staff), scored at once.
    async fn create_lead(&self, ctx: &Context<'_>, input: CreateLeadInput) -> ApiResult<LeadNode> {
        let dctx = domain_ctx(ctx)?;
        let i = input;
        let new = NewLead {
            source: i.source.map(Into::into),
            company_name: i.company_name,
            contact_name: i.contact_name,
            contact_phone: i.contact_phone,
            contact_email: i.contact_email,
            needs: i.needs,
            industry: i.industry,
            size_class: i.size_class.map(Into::into),
            budget: i.budget.map(|d| d.0),
            region: i.region,
            expected_close_date: i.expected_close_date.map(|d| d.0),
        };
        Ok(LeadNode(
            store::create_lead(&state(ctx).pool, &dctx, new).await?,
        ))
    }

    /// PIP-1: changes a NEW lead (owner or a manager over its unit) and re-scores it.
    async fn update_lead(&self, ctx: &Context<'_>, input: UpdateLeadInput) -> ApiResult<LeadNode> {
        let dctx = domain_ctx(ctx)?;
        let i = input;
        let patch = LeadPatch {
            id: uuid("id", &i.id)?,
            version: i.version,
            source: i.source.map(Into::into),
            company_name: i.company_name,
            contact_name: opt(i.contact_name, |v| v),
            contact_phone: opt(i.contact_phone, |v| v),
            contact_email: opt(i.contact_email, |v| v),
            needs: opt(i.needs, |v| v),
            industry: opt(i.industry, |v| v),
            size_class: opt(i.size_class, Into::into),
            budget: opt(i.budget, |d| d.0),
            region: opt(i.region, |v| v),
            expected_close_date: opt(i.expected_close_date, |d| d.0),
        };
        Ok(LeadNode(
            store::update_lead(&state(ctx).pool, &dctx, patch).await?,
        ))
    }

    /// PIP-1: disqualifies a NEW lead; `reason` is required.
    async fn disqualify_lead(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
        version: i32,
    ) -> ApiResult<LeadNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(LeadNode(
            store::disqualify_lead(&state(ctx).pool, &dctx, id, &reason, version).await?,
        ))
    }

    /// PIP-1: qualifies a NEW lead into a customer — new (`customer`, with the
    /// CUS-2 duplicate check) or existing (`existingCustomerId`), exactly one —
    /// and an opportunity, in one transaction; any refusal creates nothing.
    async fn qualify_lead(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        customer: Option<LeadCustomerInput>,
        existing_customer_id: Option<ID>,
        opportunity: LeadOpportunityInput,
    ) -> ApiResult<QualifyLeadPayload> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let choice = match (customer, existing_customer_id) {
            (Some(c), None) => LeadCustomer::New(NewLeadCustomer {
                name: c.name,
                credit_code: c.credit_code,
                industry: c.industry,
                size_class: c.size_class.map(Into::into),
                region: c.region,
                address: c.address,
                confirm_distinct: c.confirm_distinct,
            }),
            (None, Some(e)) => LeadCustomer::Existing(uuid("existingCustomerId", &e)?),
            _ => {
                return Err(ApiError::validation(
                    "customer",
                    "give either customer or existingCustomerId",
                ));
            }
        };
        let opp = LeadOpportunity {
            name: opportunity.name,
            amount: opportunity.amount.map(|d| d.0),
            expected_close_date: opportunity.expected_close_date.map(|d| d.0),
        };
        let q = store::qualify_lead(&state(ctx).pool, &dctx, id, version, choice, opp).await?;
        Ok(QualifyLeadPayload {
            lead: q.lead,
            opportunity_id: q.opportunity.id,
        })
    }
}

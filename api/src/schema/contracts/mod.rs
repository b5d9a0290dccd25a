//! CON-1/CON-2 contracts over GraphQL: creation from an accepted quote or
//! directly, edits while DRAFT, the review (finance, director, REC-8 credit
//! excess), signing (wins the opportunity), execution, close, termination.
//! Reads are scoped by ORG-3 (finance reads all).

pub mod credit;
pub mod types;

use async_graphql::MergedObject;
use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object};
use salesd_domain::contracts::query::{self as q, ContractFilter as DFilter};
use salesd_domain::contracts::review;
use salesd_domain::contracts::store::{self, NewDirect, NewFromQuote};
use salesd_domain::org::Actor;

use crate::context::{actor, domain_ctx, state};
use crate::error::{ApiError, ApiResult};
use crate::scalars::{Date, Decimal};
use crate::schema::common::paging::{connection, page_complexity, page_request};
use crate::schema::common::uuid;
use crate::schema::contracts::types::*;

fn opt_uuid(field: &str, v: &Option<ID>) -> ApiResult<Option<uuid::Uuid>> {
    v.as_ref().map(|i| uuid(field, i)).transpose()
}

/// The extra fields of a contract connection.
pub struct ContractConnectionFields {
    actor: Actor,
    filter: DFilter,
}

#[Object]
impl ContractConnectionFields {
    /// How many contracts match the filter (all pages), within scope.
    async fn total_count(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        Ok(q::count(&state(ctx).pool, &self.actor, &self.filter).await?)
    }
}

#[derive(Default)]
pub struct ContractQuery;

#[Object]
impl ContractQuery {
    /// A contract; NOT_FOUND outside the caller's scope (ORG-3).
    async fn contract(&self, ctx: &Context<'_>, id: ID) -> ApiResult<ContractNode> {
        let id = uuid("id", &id)?;
        q::get(&state(ctx).pool, actor(ctx)?, id)
            .await?
            .map(ContractNode)
            .ok_or_else(ApiError::not_found)
    }

    /// Contracts within the caller's scope, filtered, newest first.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn contracts(
        &self,
        ctx: &Context<'_>,
        filter: Option<ContractFilter>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, ContractNode, ContractConnectionFields>> {
        let actor = actor(ctx)?.clone();
        let req = page_request(first, after, last, before)?;
        let f = filter.unwrap_or_default();
        let filter = DFilter {
            status: f.status.map(Into::into),
            customer_id: opt_uuid("customerId", &f.customer_id)?,
            opportunity_id: opt_uuid("opportunityId", &f.opportunity_id)?,
            year: f.year,
            search: f.search,
        }
        .check()?;
        let page = q::list(&state(ctx).pool, &actor, &filter, &req).await?;
        Ok(connection(
            page,
            ContractNode,
            ContractConnectionFields { actor, filter },
        ))
    }

    /// REC-8: would `amount` more for this customer need the director's
    /// approval? NOT_FOUND unless the caller can see the customer.
    async fn credit_check(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        amount: Decimal,
    ) -> ApiResult<CreditCheckNode> {
        let customer = uuid("customerId", &customer_id)?;
        Ok(
            q::credit_check(&state(ctx).pool, actor(ctx)?, customer, amount.0)
                .await?
                .into(),
        )
    }
}

#[derive(Default)]
pub struct ContractMutation;

#[Object]
impl ContractMutation {
    /// CON-1: a DRAFT contract from an ACCEPTED quote of an opportunity in
    /// CONTRACT that the caller may change; amount and currency from the
    /// quote. One live contract per quote (CONFLICT).
    async fn create_contract_from_quote(
        &self,
        ctx: &Context<'_>,
        input: CreateContractFromQuoteInput,
    ) -> ApiResult<ContractNode> {
        let dctx = domain_ctx(ctx)?;
        let new = NewFromQuote {
            quote_id: uuid("quoteId", &input.quote_id)?,
            terms: terms(input.terms),
        };
        let (c, _) = store::create_from_quote(&state(ctx).pool, &dctx, &new).await?;
        Ok(ContractNode(c))
    }

    /// CON-1: a DRAFT contract entered directly by a sales assistant (or
    /// the director, the GM, an admin) for a customer in their scope.
    async fn create_contract(
        &self,
        ctx: &Context<'_>,
        input: CreateContractInput,
    ) -> ApiResult<ContractNode> {
        let dctx = domain_ctx(ctx)?;
        let new = NewDirect {
            customer_id: uuid("customerId", &input.customer_id)?,
            opportunity_id: opt_uuid("opportunityId", &input.opportunity_id)?,
            amount: input.amount.0,
            currency: input.currency,
            terms: terms(input.terms),
        };
        let (c, _) = store::create_direct(&state(ctx).pool, &dctx, &new).await?;
        Ok(ContractNode(c))
    }

    /// CON-1: replaces the terms and the payment plan of a DRAFT contract.
    async fn update_contract(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        input: UpdateContractInput,
    ) -> ApiResult<ContractNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let (c, _) = store::update(
            &state(ctx).pool,
            &dctx,
            id,
            version,
            input.amount.map(|a| a.0),
            &terms(input.terms),
        )
        .await?;
        Ok(ContractNode(c))
    }

    /// CON-2: DRAFT → IN_REVIEW; fixes the finance step (terms over 90
    /// days) and runs the REC-8 credit check.
    async fn submit_contract(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
    ) -> ApiResult<ContractNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(ContractNode(
            review::submit(&state(ctx).pool, &dctx, id, version).await?,
        ))
    }

    /// CON-2: finance gives the finance step, the sales director (or GM)
    /// the final one, which needs `creditExcessApproved: true` when REC-8
    /// asks for it. Never one's own contract.
    async fn approve_contract(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        #[graphql(default = false)] credit_excess_approved: bool,
    ) -> ApiResult<ContractNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(ContractNode(
            review::approve(&state(ctx).pool, &dctx, id, version, credit_excess_approved).await?,
        ))
    }

    /// CON-2: IN_REVIEW → DRAFT with a reason (1 to 2000 characters),
    /// clearing the approvals.
    async fn return_contract(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        reason: String,
    ) -> ApiResult<ContractNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(ContractNode(
            review::return_to_draft(&state(ctx).pool, &dctx, id, version, &reason).await?,
        ))
    }

    /// CON-2: APPROVED → SIGNED on `signedDate` (not in the future); SIGNING
    /// installments fall due and the opportunity becomes WON.
    async fn sign_contract(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        signed_date: Date,
    ) -> ApiResult<ContractNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(ContractNode(
            review::sign(&state(ctx).pool, &dctx, id, version, signed_date.0).await?,
        ))
    }

    /// CON-2: SIGNED → EXECUTING.
    async fn start_contract_execution(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
    ) -> ApiResult<ContractNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(ContractNode(
            review::start_execution(&state(ctx).pool, &dctx, id, version).await?,
        ))
    }

    /// CON-2: ACCEPTED → CLOSED.
    async fn close_contract(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
    ) -> ApiResult<ContractNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(ContractNode(
            review::close(&state(ctx).pool, &dctx, id, version).await?,
        ))
    }

    /// CON-2: any non-final state → TERMINATED with a reason; the sales
    /// director, the GM or an admin only.
    async fn terminate_contract(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        reason: String,
    ) -> ApiResult<ContractNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(ContractNode(
            review::terminate(&state(ctx).pool, &dctx, id, version, &reason).await?,
        ))
    }
}

/// The contracts context's queries: contracts (CON) and credit (REC-8).
#[derive(MergedObject, Default)]
pub struct ContractsQuery(ContractQuery, credit::CreditQuery);

#[derive(MergedObject, Default)]
pub struct ContractsMutation(ContractMutation, credit::CreditMutation);

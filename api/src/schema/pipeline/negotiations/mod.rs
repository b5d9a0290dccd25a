//! PIP-7 over GraphQL: negotiation records, competitor notes (and the
//! competitor summary), tenders with submission before the deadline and a
//! final result. Each is visible exactly when its opportunity is (ORG-3);
//! see docs/pipeline.md, "Negotiations, competitors and tenders".

pub mod types;

use async_graphql::{Context, ID, Object};
use salesd_domain::pipeline::negotiations::{self as store, NewNegotiation, NewTenderResult};

use crate::context::{actor, domain_ctx, state};
use crate::error::{ApiError, ApiResult};
use crate::schema::common::uuid;
use crate::schema::pipeline::negotiations::types::*;

#[derive(Default)]
pub struct NegotiationQuery;

#[Object]
impl NegotiationQuery {
    /// PIP-7: the negotiation records of an opportunity the caller can see,
    /// the latest negotiation first; NOT_FOUND otherwise.
    async fn negotiations(
        &self,
        ctx: &Context<'_>,
        opportunity_id: ID,
    ) -> ApiResult<Vec<NegotiationNode>> {
        let id = uuid("opportunityId", &opportunity_id)?;
        let rows = store::negotiations(&state(ctx).pool, actor(ctx)?, id).await?;
        Ok(rows.into_iter().map(NegotiationNode).collect())
    }

    /// PIP-7: the competitor notes of an opportunity the caller can see,
    /// HIGH threat first, then by name; NOT_FOUND otherwise.
    async fn competitors(
        &self,
        ctx: &Context<'_>,
        opportunity_id: ID,
    ) -> ApiResult<Vec<CompetitorNode>> {
        let id = uuid("opportunityId", &opportunity_id)?;
        let rows = store::competitors(&state(ctx).pool, actor(ctx)?, id).await?;
        Ok(rows.into_iter().map(CompetitorNode).collect())
    }

    /// PIP-7: the top competitors over the opportunities the caller can
    /// see: most lost deals naming them (`lostCompetitor`) first, then most
    /// opportunities with a note on them. `limit` 1 to 100.
    async fn competitor_summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20)] limit: i32,
    ) -> ApiResult<Vec<CompetitorSummaryRow>> {
        let rows =
            store::competitor_summary(&state(ctx).pool, actor(ctx)?, i64::from(limit)).await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// PIP-7: the tenders of an opportunity the caller can see, the latest
    /// deadline first; NOT_FOUND otherwise.
    async fn tenders(&self, ctx: &Context<'_>, opportunity_id: ID) -> ApiResult<Vec<TenderNode>> {
        let id = uuid("opportunityId", &opportunity_id)?;
        let rows = store::tenders(&state(ctx).pool, actor(ctx)?, id).await?;
        Ok(rows.into_iter().map(TenderNode).collect())
    }

    /// One tender; NOT_FOUND unless its opportunity is visible.
    async fn tender(&self, ctx: &Context<'_>, id: ID) -> ApiResult<TenderNode> {
        let id = uuid("id", &id)?;
        store::get_tender(&state(ctx).pool, actor(ctx)?, id)
            .await?
            .map(TenderNode)
            .ok_or_else(ApiError::not_found)
    }
}

#[derive(Default)]
pub struct NegotiationMutation;

#[Object]
impl NegotiationMutation {
    /// PIP-7: records a negotiation on an open opportunity; the owner, a
    /// manager over its unit or a project team member.
    async fn record_negotiation(
        &self,
        ctx: &Context<'_>,
        input: RecordNegotiationInput,
    ) -> ApiResult<NegotiationNode> {
        let dctx = domain_ctx(ctx)?;
        let new = NewNegotiation {
            opportunity_id: uuid("opportunityId", &input.opportunity_id)?,
            occurred_on: input.occurred_on.0,
            price: input.price.map(|d| d.0),
            payment_method: input.payment_method,
            delivery_terms: input.delivery_terms,
            after_sales_terms: input.after_sales_terms,
            notes: input.notes,
            participants: input.participants,
        };
        let n = store::record_negotiation(&state(ctx).pool, &dctx, &new).await?;
        Ok(NegotiationNode(n))
    }

    /// PIP-7: adds a competitor note to an open opportunity; the owner, a
    /// manager over its unit or a project team member. CONFLICT when the
    /// opportunity already has a note on that name.
    async fn add_competitor(
        &self,
        ctx: &Context<'_>,
        opportunity_id: ID,
        input: CompetitorInput,
    ) -> ApiResult<CompetitorNode> {
        let dctx = domain_ctx(ctx)?;
        let opportunity = uuid("opportunityId", &opportunity_id)?;
        let c = store::add_competitor(&state(ctx).pool, &dctx, opportunity, &input.into()).await?;
        Ok(CompetitorNode(c))
    }

    /// PIP-7: replaces a competitor note's fields at `version`; the same
    /// writers.
    async fn update_competitor(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        input: CompetitorInput,
    ) -> ApiResult<CompetitorNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let c =
            store::update_competitor(&state(ctx).pool, &dctx, id, version, &input.into()).await?;
        Ok(CompetitorNode(c))
    }

    /// PIP-7: removes a competitor note at `version`; the same writers.
    /// True when removed.
    async fn remove_competitor(&self, ctx: &Context<'_>, id: ID, version: i32) -> ApiResult<bool> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        store::remove_competitor(&state(ctx).pool, &dctx, id, version).await?;
        Ok(true)
    }

    /// PIP-7: creates a tender on an open opportunity, its deadline in the
    /// future; the owner or a manager over its unit.
    async fn create_tender(
        &self,
        ctx: &Context<'_>,
        opportunity_id: ID,
        input: TenderInput,
    ) -> ApiResult<TenderNode> {
        let dctx = domain_ctx(ctx)?;
        let opportunity = uuid("opportunityId", &opportunity_id)?;
        let t = store::create_tender(&state(ctx).pool, &dctx, opportunity, &input.into()).await?;
        Ok(TenderNode(t))
    }

    /// PIP-7: replaces a tender's fields at `version` until it is submitted
    /// (then CONFLICT); a changed deadline must be in the future.
    async fn update_tender(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        input: TenderInput,
    ) -> ApiResult<TenderNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let t = store::update_tender(&state(ctx).pool, &dctx, id, version, &input.into()).await?;
        Ok(TenderNode(t))
    }

    /// PIP-7: submits a tender at `version`: once, strictly before its
    /// deadline (after it: CONFLICT), with a bid amount (VALIDATION on
    /// `bidAmount` without one).
    async fn submit_tender(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
    ) -> ApiResult<TenderNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let t = store::submit_tender(&state(ctx).pool, &dctx, id, version).await?;
        Ok(TenderNode(t))
    }

    /// PIP-7: records the final result of a submitted tender at `version`
    /// (before submission or a second time: CONFLICT). The winner and their
    /// price only for LOST; WON records our bid as the winning price. Does
    /// not move the opportunity.
    #[allow(clippy::too_many_arguments)]
    async fn record_tender_result(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        result: TenderResult,
        note: Option<String>,
        winning_competitor: Option<String>,
        winning_price: Option<crate::scalars::Decimal>,
    ) -> ApiResult<TenderNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let input = NewTenderResult {
            result: result.into(),
            note,
            winning_competitor,
            winning_price: winning_price.map(|d| d.0),
        };
        let t = store::record_tender_result(&state(ctx).pool, &dctx, id, version, &input).await?;
        Ok(TenderNode(t))
    }
}

//! PIP-6 quotes over GraphQL: create and edit versions with line items,
//! submit for the approval their margin requires, approve or reject, send
//! (only once approved), record the customer's answer. Reads follow the
//! opportunity's ORG-3 scope.

pub mod types;

use async_graphql::{Context, ID, Object};
use salesd_domain::pipeline::quotes::{self as store, NewQuote, QuotePatch};

use crate::context::{actor, domain_ctx, state};
use crate::error::{ApiError, ApiResult};
use crate::schema::common::uuid;
use crate::schema::pipeline::quotes::types::*;

#[derive(Default)]
pub struct QuoteQuery;

#[Object]
impl QuoteQuery {
    /// A quote; NOT_FOUND unless the caller can see its opportunity.
    async fn quote(&self, ctx: &Context<'_>, id: ID) -> ApiResult<QuoteNode> {
        let id = uuid("id", &id)?;
        store::get(&state(ctx).pool, actor(ctx)?, id)
            .await?
            .map(QuoteNode)
            .ok_or_else(ApiError::not_found)
    }

    /// PIP-6: the quotes waiting for the caller's decision: pending
    /// approval, of an open opportunity, and decidable by the caller under
    /// the rule `approveQuote` applies (a stricter approver may decide a
    /// looser band, so a manager also sees their units' DIRECT_HEAD quotes
    /// and the director all). Oldest submission first, at most 500. The
    /// approvals inbox of the console.
    async fn quotes_awaiting_my_decision(&self, ctx: &Context<'_>) -> ApiResult<Vec<QuoteNode>> {
        let quotes = store::awaiting_decision(&state(ctx).pool, actor(ctx)?).await?;
        Ok(quotes.into_iter().map(QuoteNode).collect())
    }
}

#[derive(Default)]
pub struct QuoteMutation;

#[Object]
impl QuoteMutation {
    /// PIP-6: a new DRAFT quote, the next version of the opportunity; by
    /// the opportunity's owner or a manager over its unit.
    async fn create_quote(
        &self,
        ctx: &Context<'_>,
        input: CreateQuoteInput,
    ) -> ApiResult<QuoteNode> {
        let dctx = domain_ctx(ctx)?;
        let new = NewQuote {
            opportunity_id: uuid("opportunityId", &input.opportunity_id)?,
            terms: terms(
                input.title,
                input.valid_until,
                input.payment_terms,
                input.delivery_terms,
                input.note,
            ),
            lines: line_inputs(input.lines),
        };
        Ok(QuoteNode(
            store::create(&state(ctx).pool, &dctx, new).await?,
        ))
    }

    /// Replaces a DRAFT or REJECTED quote's terms and lines.
    async fn update_quote(
        &self,
        ctx: &Context<'_>,
        input: UpdateQuoteInput,
    ) -> ApiResult<QuoteNode> {
        let dctx = domain_ctx(ctx)?;
        let patch = QuotePatch {
            id: uuid("id", &input.id)?,
            row_version: input.row_version,
            terms: terms(
                input.title,
                input.valid_until,
                input.payment_terms,
                input.delivery_terms,
                input.note,
            ),
            lines: line_inputs(input.lines),
        };
        Ok(QuoteNode(
            store::update(&state(ctx).pool, &dctx, patch).await?,
        ))
    }

    /// PIP-6: submits a DRAFT or REJECTED quote; the approver is set by its
    /// margin (`requiredApproverRole`).
    async fn submit_quote(
        &self,
        ctx: &Context<'_>,
        id: ID,
        row_version: i32,
    ) -> ApiResult<QuoteNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(QuoteNode(
            store::submit(&state(ctx).pool, &dctx, id, row_version).await?,
        ))
    }

    /// PIP-6: approves a pending quote — by the approver its margin
    /// requires (or a stricter one); never by its own author (FORBIDDEN).
    async fn approve_quote(
        &self,
        ctx: &Context<'_>,
        id: ID,
        row_version: i32,
    ) -> ApiResult<QuoteNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(QuoteNode(
            store::approve(&state(ctx).pool, &dctx, id, row_version).await?,
        ))
    }

    /// Rejects a pending quote with a reason (1 to 2000 characters); same
    /// approvers as `approveQuote`.
    async fn reject_quote(
        &self,
        ctx: &Context<'_>,
        id: ID,
        row_version: i32,
        reason: String,
    ) -> ApiResult<QuoteNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(QuoteNode(
            store::reject(&state(ctx).pool, &dctx, id, row_version, &reason).await?,
        ))
    }

    /// PIP-6 "不得擅自对外报价": sends an APPROVED quote to the customer;
    /// any other state is CONFLICT.
    async fn send_quote(
        &self,
        ctx: &Context<'_>,
        id: ID,
        row_version: i32,
    ) -> ApiResult<QuoteNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(QuoteNode(
            store::send(&state(ctx).pool, &dctx, id, row_version).await?,
        ))
    }

    /// Records the customer's answer to a SENT quote: ACCEPTED or DECLINED,
    /// with an optional note (at most 2000 characters).
    async fn record_quote_decision(
        &self,
        ctx: &Context<'_>,
        id: ID,
        row_version: i32,
        accepted: bool,
        note: Option<String>,
    ) -> ApiResult<QuoteNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(QuoteNode(
            store::decide(
                &state(ctx).pool,
                &dctx,
                id,
                row_version,
                accepted,
                note.as_deref(),
            )
            .await?,
        ))
    }
}

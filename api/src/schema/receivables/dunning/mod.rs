//! REC-6/7 dunning over GraphQL (docs/dunning.md): promises to pay and
//! payment disputes (finance or the owner's line; outside the receivable
//! scope NOT_FOUND, readable but not writable FORBIDDEN), and
//! `dunningStatus`. The levels are the company setting `dunning_levels`
//! (`updateCompanySetting`).

pub mod types;

use async_graphql::{Context, ID, Object};
use salesd_domain::receivables::dunning::{pauses, status};

use crate::context::{actor, domain_ctx, state};
use crate::error::ApiResult;
use crate::schema::common::uuid;
use crate::schema::receivables::dunning::types::*;

#[derive(Default)]
pub struct DunningQuery;

#[Object]
impl DunningQuery {
    /// REC-6: the dunning of one item (`itemId`) or of a customer's items
    /// with an open amount or a level reached (`customerId`): levels due
    /// and reached with their notifications, pauses, credit hold, risks.
    /// Exactly one argument (VALIDATION); outside scope NOT_FOUND.
    async fn dunning_status(
        &self,
        ctx: &Context<'_>,
        item_id: Option<ID>,
        customer_id: Option<ID>,
    ) -> ApiResult<DunningStatus> {
        let item = item_id.as_ref().map(|v| uuid("itemId", v)).transpose()?;
        let customer = customer_id
            .as_ref()
            .map(|v| uuid("customerId", v))
            .transpose()?;
        let now = state(ctx).clock.now();
        let s = status::status(&state(ctx).pool, actor(ctx)?, item, customer, now).await?;
        Ok(s.into())
    }
}

#[derive(Default)]
pub struct DunningMutation;

#[Object]
impl DunningMutation {
    /// REC-6: records a customer's promise to pay by a date; dunning of the
    /// item (or of all the customer's items) waits through that date. An
    /// overlapping active promise → VALIDATION `promisedDate`.
    async fn record_promise_to_pay(
        &self,
        ctx: &Context<'_>,
        input: RecordPromiseToPayInput,
    ) -> ApiResult<PromiseToPay> {
        let dctx = domain_ctx(ctx)?;
        let new = pauses::NewPromise {
            customer_id: uuid("input.customerId", &input.customer_id)?,
            item_id: input
                .item_id
                .as_ref()
                .map(|v| uuid("input.itemId", v))
                .transpose()?,
            promised_date: input.promised_date.0,
            amount: input.amount.0,
            note: input.note,
        };
        Ok(pauses::record_promise(&state(ctx).pool, &dctx, &new)
            .await?
            .into())
    }

    /// REC-6: cancels a promise to pay; dunning resumes on the next scan.
    async fn cancel_promise_to_pay(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: Option<String>,
    ) -> ApiResult<PromiseToPay> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(
            pauses::cancel_promise(&state(ctx).pool, &dctx, id, reason.as_deref())
                .await?
                .into(),
        )
    }

    /// REC-6: opens a payment dispute on an item (reason required); its
    /// dunning waits until the dispute is closed.
    async fn open_payment_dispute(
        &self,
        ctx: &Context<'_>,
        item_id: ID,
        reason: Option<String>,
    ) -> ApiResult<PaymentDispute> {
        let dctx = domain_ctx(ctx)?;
        let item = uuid("itemId", &item_id)?;
        Ok(
            pauses::open_dispute(&state(ctx).pool, &dctx, item, reason.as_deref())
                .await?
                .into(),
        )
    }

    /// REC-6: closes a payment dispute; dunning resumes on the next scan.
    async fn close_payment_dispute(
        &self,
        ctx: &Context<'_>,
        id: ID,
        resolution: Option<String>,
    ) -> ApiResult<PaymentDispute> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(
            pauses::close_dispute(&state(ctx).pool, &dctx, id, resolution.as_deref())
                .await?
                .into(),
        )
    }
}

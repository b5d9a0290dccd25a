//! REC-9, the rep's side, over GraphQL: declarations of money collected in
//! person, pending until finance confirms the handover
//! (domain `receivables::cash_collections`, docs/receivables.md "REC-9").

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use salesd_domain::receivables::cash_collections::{
    self as cc, CashCollection as DCollection, CollectionFilter, NewCashCollection,
};

use crate::schema::common::id;

use crate::context::{domain_ctx, state};
use crate::error::ApiResult;
use crate::scalars::{Date, Decimal};
use crate::schema::common::uuid;
use crate::schema::receivables::types::Receipt;
use chrono::{DateTime, Utc};

/// How money collected in person came (REC-9).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum CashMethod {
    Cash,
    /// 支票.
    Cheque,
    /// 承兑汇票.
    AcceptanceBill,
}

impl CashMethod {
    fn as_str(self) -> &'static str {
        match self {
            CashMethod::Cash => "CASH",
            CashMethod::Cheque => "CHEQUE",
            CashMethod::AcceptanceBill => "ACCEPTANCE_BILL",
        }
    }

    fn of(s: &str) -> Self {
        match s {
            "CHEQUE" => CashMethod::Cheque,
            "ACCEPTANCE_BILL" => CashMethod::AcceptanceBill,
            _ => CashMethod::Cash,
        }
    }
}

/// Where a declaration stands.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum CashCollectionStatus {
    /// Declared by the rep; finance does not have the money yet.
    Pending,
    /// Finance confirmed the handover; `receiptId` is its receipt.
    Confirmed,
    /// Finance rejected it (`rejectReason`).
    Rejected,
}

impl CashCollectionStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Confirmed => "CONFIRMED",
            Self::Rejected => "REJECTED",
        }
    }

    fn of(s: &str) -> Self {
        match s {
            "CONFIRMED" => Self::Confirmed,
            "REJECTED" => Self::Rejected,
            _ => Self::Pending,
        }
    }
}

/// A rep's declaration of money collected in person (REC-9).
#[derive(SimpleObject)]
pub struct CashCollection {
    pub id: ID,
    pub customer_id: ID,
    pub amount: Decimal,
    pub collected_on: Date,
    pub method: CashMethod,
    pub reference: Option<String>,
    pub note: Option<String>,
    /// The rep who declared it.
    pub collected_by: ID,
    pub created_at: DateTime<Utc>,
    pub status: CashCollectionStatus,
    /// The last day in time: collectedOn + 90 days.
    pub handover_due: Date,
    /// Pending and more than 90 days since the collection.
    pub overdue: bool,
    /// The finance user who confirmed or rejected it.
    pub decided_by: Option<ID>,
    pub decided_at: Option<DateTime<Utc>>,
    pub handed_over_on: Option<Date>,
    /// The receipt finance recorded when confirming.
    pub receipt_id: Option<ID>,
    pub reject_reason: Option<String>,
    /// Give it back to `confirmCashHandover` / `rejectCashCollection`.
    pub version: i32,
}

fn node(c: DCollection, today: chrono::NaiveDate) -> CashCollection {
    CashCollection {
        id: id(c.id),
        customer_id: id(c.customer_id),
        handover_due: Date(c.handover_due()),
        overdue: c.overdue(today),
        amount: Decimal(c.amount),
        collected_on: Date(c.collected_on),
        method: CashMethod::of(&c.method),
        reference: c.reference,
        note: c.note,
        collected_by: id(c.collected_by),
        created_at: c.created_at,
        status: CashCollectionStatus::of(&c.status),
        decided_by: c.decided_by.map(id),
        decided_at: c.decided_at,
        handed_over_on: c.handed_over_on.map(Date),
        receipt_id: c.receipt_id.map(id),
        reject_reason: c.reject_reason,
        version: c.version,
    }
}

/// `declareCashCollection`.
#[derive(InputObject)]
pub struct DeclareCashCollectionInput {
    pub customer_id: ID,
    /// > 0, 2 places.
    pub amount: Decimal,
    /// The day the customer paid the rep; not after today.
    pub collected_on: Date,
    pub method: CashMethod,
    /// Cheque or bill number; at most 100 characters.
    pub reference: Option<String>,
    /// At most 2000 characters.
    pub note: Option<String>,
}

/// What a confirmation made.
#[derive(SimpleObject)]
pub struct CashHandoverResult {
    pub collection: CashCollection,
    pub receipt: Receipt,
}

#[derive(Default)]
pub struct CashCollectionQuery;

#[Object]
impl CashCollectionQuery {
    /// REC-9: declarations of money collected in person, oldest collection
    /// first (at most 1000). Finance, the sales director and the general
    /// manager see all; others those of customers in their receivable
    /// scope and their own. `overdueOnly`: pending more than 90 days.
    async fn cash_collections(
        &self,
        ctx: &Context<'_>,
        status: Option<CashCollectionStatus>,
        customer_id: Option<ID>,
        #[graphql(default = false)] overdue_only: bool,
    ) -> ApiResult<Vec<CashCollection>> {
        let dctx = domain_ctx(ctx)?;
        let today = salesd_domain::clock::company_date(dctx.now);
        let filter = CollectionFilter {
            status: status.map(|s| s.as_str().to_owned()),
            customer_id: customer_id.map(|c| uuid("customerId", &c)).transpose()?,
            overdue_only,
        };
        let list = cc::list(&state(ctx).pool, &dctx.actor, &filter, today).await?;
        Ok(list.into_iter().map(|c| node(c, today)).collect())
    }

    /// One declaration (null when missing or out of scope, ORG-3).
    async fn cash_collection(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> ApiResult<Option<CashCollection>> {
        let dctx = domain_ctx(ctx)?;
        let today = salesd_domain::clock::company_date(dctx.now);
        let found = cc::get(&state(ctx).pool, &dctx.actor, uuid("id", &id)?).await?;
        Ok(found.map(|c| node(c, today)))
    }
}

#[derive(Default)]
pub struct CashCollectionMutation;

#[Object]
impl CashCollectionMutation {
    /// REC-9: the caller declares money they collected in person from a
    /// customer in their receivable scope. Pending until finance confirms
    /// the handover; the ledger is unchanged until then; due to finance
    /// within 90 days of `collectedOn`. Audited as CASH_COLLECTION CREATE.
    async fn declare_cash_collection(
        &self,
        ctx: &Context<'_>,
        input: DeclareCashCollectionInput,
    ) -> ApiResult<CashCollection> {
        let dctx = domain_ctx(ctx)?;
        let new = NewCashCollection {
            customer_id: uuid("customerId", &input.customer_id)?,
            amount: input.amount.0,
            collected_on: input.collected_on.0,
            method: input.method.as_str().into(),
            reference: input.reference,
            note: input.note,
        };
        let c = cc::declare(&state(ctx).pool, &dctx, &new).await?;
        Ok(node(c, salesd_domain::clock::company_date(dctx.now)))
    }

    /// REC-9: finance has the declared money since `handedOverOn`: records
    /// its receipt (allocated oldest due first) and confirms the
    /// declaration. Finance only; `version` guards against a concurrent
    /// decision. Audited as CASH_COLLECTION CONFIRM and RECEIPT CREATE.
    async fn confirm_cash_handover(
        &self,
        ctx: &Context<'_>,
        id: ID,
        handed_over_on: Date,
        version: i32,
    ) -> ApiResult<CashHandoverResult> {
        let dctx = domain_ctx(ctx)?;
        let (c, r) = cc::confirm(
            &state(ctx).pool,
            &dctx,
            uuid("id", &id)?,
            handed_over_on.0,
            version,
        )
        .await?;
        Ok(CashHandoverResult {
            collection: node(c, salesd_domain::clock::company_date(dctx.now)),
            receipt: r.into(),
        })
    }

    /// REC-9: finance rejects a declaration that does not match the money
    /// (reason required, at most 500 characters). Audited as
    /// CASH_COLLECTION REJECT.
    async fn reject_cash_collection(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
        version: i32,
    ) -> ApiResult<CashCollection> {
        let dctx = domain_ctx(ctx)?;
        let c = cc::reject(
            &state(ctx).pool,
            &dctx,
            uuid("id", &id)?,
            Some(&reason),
            version,
        )
        .await?;
        Ok(node(c, salesd_domain::clock::company_date(dctx.now)))
    }
}

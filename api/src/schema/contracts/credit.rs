//! REC-8 credit terms and status, REC-9 cash handover over GraphQL
//! (docs/contracts.md "REC-8 credit", docs/receivables.md REC-8/REC-9).

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use salesd_domain::contracts::credit::{self, Commitment, CreditStatus as DStatus};
use salesd_domain::receivables::handover::{self, PendingHandover};

use crate::context::{actor, domain_ctx, state};
use crate::error::ApiResult;
use crate::scalars::{Date, Decimal};
use crate::schema::common::id;
use crate::schema::common::uuid;
use crate::schema::contracts::types::CreditLimitSource;
use crate::schema::receivables::types::Receipt;

/// A committed contract or an open order outside a contract, and what of it
/// is not posted to the ledger yet (REC-8).
#[derive(SimpleObject)]
pub struct CreditCommitment {
    /// The contract's or the order's id.
    pub id: ID,
    pub number: String,
    pub status: String,
    /// The contract amount or the order total.
    pub amount: Decimal,
    /// Σ of its SALE ledger entries (installments or delivery notes).
    pub posted: Decimal,
    /// max(amount − posted, 0): what counts besides the ledger balance.
    pub unposted: Decimal,
}

impl From<Commitment> for CreditCommitment {
    fn from(c: Commitment) -> Self {
        Self {
            id: id(c.id),
            number: c.number,
            status: c.status,
            amount: Decimal(c.amount),
            posted: Decimal(c.posted),
            unposted: Decimal(c.unposted),
        }
    }
}

/// REC-8: a customer's credit terms and exposure. outstanding =
/// ledgerBalance + unpostedContracts + unshippedOrders, each sale once.
#[derive(SimpleObject)]
pub struct CreditStatus {
    pub customer_id: ID,
    pub customer_name: String,
    /// The limit that applies: the customer's own, or the default of its
    /// grade; null when "no limit" was set explicitly (see `limitSource`).
    pub limit: Option<Decimal>,
    pub limit_source: CreditLimitSource,
    pub rating: Option<String>,
    pub on_hold: bool,
    /// Since when the customer is on credit hold (REC-6 L3), if it is.
    pub on_hold_since: Option<DateTime<Utc>>,
    /// Σ of the customer's ledger: posted sales net of receipts, credit
    /// and write-offs (negative: the customer has credit).
    pub ledger_balance: Decimal,
    /// Σ unposted of the committed contracts (APPROVED to ACCEPTED).
    pub unposted_contracts: Decimal,
    /// Σ unposted of the confirmed orders outside a contract not yet
    /// shipped (CONFIRMED, IN_PRODUCTION, READY).
    pub unshipped_orders: Decimal,
    pub outstanding: Decimal,
    /// limit − outstanding (negative: over the limit); null without a limit.
    pub available: Option<Decimal>,
    /// A new deal of any amount needs the director now: on hold, or the
    /// outstanding already above a set limit.
    pub needs_director_approval: bool,
    pub contracts: Vec<CreditCommitment>,
    pub orders: Vec<CreditCommitment>,
    /// The customer's version (optional guard of `setCustomerCredit`).
    pub version: i32,
}

impl From<DStatus> for CreditStatus {
    fn from(s: DStatus) -> Self {
        let outstanding = s.outstanding();
        let available = s.available();
        let on_hold = s.on_hold_since.is_some();
        let e = s.exposure;
        Self {
            customer_id: id(s.customer_id),
            customer_name: s.customer_name,
            limit: s.limit.map(Decimal),
            limit_source: s.limit_source.into(),
            rating: s.rating,
            on_hold,
            on_hold_since: s.on_hold_since,
            ledger_balance: Decimal(cents(e.ledger_balance)),
            unposted_contracts: Decimal(cents(e.unposted_contracts)),
            unshipped_orders: Decimal(cents(e.unshipped_orders)),
            outstanding: Decimal(outstanding),
            available: available.map(Decimal),
            needs_director_approval: on_hold
                || available.is_some_and(|a| a < rust_decimal::Decimal::ZERO),
            contracts: e.contracts.into_iter().map(Into::into).collect(),
            orders: e.orders.into_iter().map(Into::into).collect(),
            version: s.version,
        }
    }
}

fn cents(mut d: rust_decimal::Decimal) -> rust_decimal::Decimal {
    d.rescale(2);
    d
}

/// REC-9: a receipt collected in person by a rep, not handed over yet.
#[derive(SimpleObject)]
pub struct PendingCashHandover {
    pub receipt_id: ID,
    pub customer_id: ID,
    pub customer_name: String,
    pub amount: Decimal,
    /// CASH, CHEQUE or ACCEPTANCE_BILL.
    pub method: String,
    pub reference: Option<String>,
    pub collected_by: ID,
    pub collector_name: String,
    pub collected_on: Date,
    /// The last day in time: collectedOn + 90 days.
    pub handover_due: Date,
    /// Days since the collection (company calendar).
    pub days_since: i64,
    /// More than 90 days since the collection.
    pub overdue: bool,
}

fn pending_node(p: PendingHandover, today: chrono::NaiveDate) -> PendingCashHandover {
    PendingCashHandover {
        receipt_id: id(p.receipt_id),
        customer_id: id(p.customer_id),
        handover_due: Date(p.due()),
        days_since: p.days_since(today),
        overdue: p.overdue(today),
        customer_name: p.customer_name,
        amount: Decimal(p.amount),
        method: p.method,
        reference: p.reference,
        collected_by: id(p.collected_by),
        collector_name: p.collector_name,
        collected_on: Date(p.collected_on),
    }
}

#[derive(Default)]
pub struct CreditQuery;

#[Object]
impl CreditQuery {
    /// REC-8: the customer's limit, rating, hold and exposure with its
    /// breakdown; NOT_FOUND outside the caller's receivable scope.
    async fn credit_status(&self, ctx: &Context<'_>, customer_id: ID) -> ApiResult<CreditStatus> {
        let customer = uuid("customerId", &customer_id)?;
        Ok(
            credit::credit_status(&state(ctx).pool, actor(ctx)?, customer)
                .await?
                .into(),
        )
    }

    /// REC-9: receipts collected in person, not reversed and not handed
    /// over, oldest first (at most 1000); `overdueOnly` (default false):
    /// more than 90 days since collection. Finance, the sales director and the general
    /// manager.
    async fn pending_cash_handovers(
        &self,
        ctx: &Context<'_>,
        overdue_only: Option<bool>,
    ) -> ApiResult<Vec<PendingCashHandover>> {
        let overdue_only = overdue_only.unwrap_or(false);
        let dctx = domain_ctx(ctx)?;
        let today = salesd_domain::clock::company_date(dctx.now);
        let list = handover::pending(&state(ctx).pool, &dctx.actor, overdue_only, today).await?;
        Ok(list.into_iter().map(|p| pending_node(p, today)).collect())
    }
}

#[derive(Default)]
pub struct CreditMutation;

#[Object]
impl CreditMutation {
    /// REC-8: sets the customer's credit limit and rating (≤ 20
    /// characters; empty or null clears it). `limit`: an amount ≥ 0 with 2
    /// places (0: no credit at all); `unlimited: true`: "no limit"
    /// (without `limit`); neither: back to the company default for the
    /// customer's grade. Finance, the sales director or the general
    /// manager; `version` guards against a concurrent change. Audited as
    /// CUSTOMER CREDIT.
    async fn set_customer_credit(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        limit: Option<Decimal>,
        #[graphql(default = false)] unlimited: bool,
        rating: Option<String>,
        version: Option<i32>,
    ) -> ApiResult<CreditStatus> {
        let dctx = domain_ctx(ctx)?;
        let customer = uuid("customerId", &customer_id)?;
        let choice = match (limit, unlimited) {
            (Some(_), true) => {
                return Err(crate::error::ApiError::validation(
                    "unlimited",
                    "give a limit or \"no limit\", not both",
                ));
            }
            (Some(l), false) => credit::LimitChoice::Amount(l.0),
            (None, true) => credit::LimitChoice::Unlimited,
            (None, false) => credit::LimitChoice::GradeDefault,
        };
        Ok(credit::set_customer_credit(
            &state(ctx).pool,
            &dctx,
            customer,
            choice,
            rating.as_deref(),
            version,
        )
        .await?
        .into())
    }

    /// REC-9: the money of a receipt collected in person reached finance on
    /// `handedOverOn` (not before the collection, not in the future).
    /// Finance only. Audited as RECEIPT HANDOVER.
    async fn record_cash_handover(
        &self,
        ctx: &Context<'_>,
        receipt_id: ID,
        handed_over_on: Date,
    ) -> ApiResult<Receipt> {
        let dctx = domain_ctx(ctx)?;
        let receipt = uuid("receiptId", &receipt_id)?;
        Ok(
            handover::record_handover(&state(ctx).pool, &dctx, receipt, handed_over_on.0)
                .await?
                .into(),
        )
    }
}

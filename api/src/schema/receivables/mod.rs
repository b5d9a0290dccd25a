//! REC-1..4 receivables and CON-8 contract performance over GraphQL
//! (docs/receivables.md). Reads follow the receivable scope of ORG-3;
//! money is recorded by finance only.

pub mod cash_collections;
pub mod dunning;
pub mod statements;
pub mod types;

use async_graphql::MergedObject;
use async_graphql::{Context, ID, Object};
use salesd_domain::DomainError;
use salesd_domain::org::Role;
use salesd_domain::receivables::{invoices, ledger, receipts, reports};

use crate::context::{actor, domain_ctx, state};
use crate::error::{ApiError, ApiResult};
use crate::scalars::{Date, Decimal};
use crate::schema::common::uuid;
use crate::schema::receivables::types::*;

fn opt(field: &str, v: &Option<ID>) -> ApiResult<Option<uuid::Uuid>> {
    v.as_ref().map(|v| uuid(field, v)).transpose()
}

#[derive(Default)]
pub struct ReceivableQuery;

#[Object]
impl ReceivableQuery {
    /// REC-3: open posted items as of `asOf` in the buckets current (not
    /// yet due), 1–30, 31–60, 61–90, 91–180, >180 days overdue, per
    /// customer, owner or unit (optionally a unit's subtree), with the
    /// unapplied credit and the balance (= Σ ledger), and grand totals.
    async fn ar_aging(
        &self,
        ctx: &Context<'_>,
        as_of: Date,
        #[graphql(default_with = "AgingGroupBy::Customer")] group_by: AgingGroupBy,
        unit_id: Option<ID>,
    ) -> ApiResult<ArAging> {
        let unit = opt("unitId", &unit_id)?;
        let a = reports::aging(
            &state(ctx).pool,
            actor(ctx)?,
            as_of.0,
            group_by.into(),
            unit,
        )
        .await?;
        Ok(ArAging {
            as_of: Date(a.as_of),
            rows: a.rows.into_iter().map(Into::into).collect(),
            total: a.total.into(),
        })
    }

    /// REC-3: posted items still open as of `asOf` and at least `minDays`
    /// (default 1) days past their due date, oldest due first, at most
    /// `first` (1–1000, default 200).
    #[allow(clippy::too_many_arguments)]
    async fn overdue_items(
        &self,
        ctx: &Context<'_>,
        as_of: Date,
        customer_id: Option<ID>,
        owner_id: Option<ID>,
        unit_id: Option<ID>,
        min_days: Option<i32>,
        #[graphql(default = 200)] first: i32,
    ) -> ApiResult<Vec<OpenItem>> {
        let filter = reports::OverdueFilter {
            customer_id: opt("customerId", &customer_id)?,
            owner_id: opt("ownerId", &owner_id)?,
            unit_id: opt("unitId", &unit_id)?,
            min_days,
        };
        let list = reports::overdue_items(
            &state(ctx).pool,
            actor(ctx)?,
            as_of.0,
            &filter,
            first.into(),
        )
        .await?;
        Ok(list
            .into_iter()
            .map(|o| OpenItem::new(o, as_of.0))
            .collect())
    }

    /// REC-4: Σ received by `to` on the items due within [from, to] ÷ Σ
    /// due within it (null when nothing was due), with the items.
    async fn collection_rate(
        &self,
        ctx: &Context<'_>,
        from: Date,
        to: Date,
        unit_id: Option<ID>,
        owner_id: Option<ID>,
    ) -> ApiResult<CollectionRate> {
        let r = reports::collection_rate(
            &state(ctx).pool,
            actor(ctx)?,
            from.0,
            to.0,
            opt("unitId", &unit_id)?,
            opt("ownerId", &owner_id)?,
        )
        .await?;
        Ok(r.into())
    }

    /// CON-8: amount, delivered, invoiced, posted, received, written off
    /// and outstanding of a contract; NOT_FOUND outside scope.
    async fn contract_performance(
        &self,
        ctx: &Context<'_>,
        contract_id: ID,
    ) -> ApiResult<ContractPerformance> {
        let id = uuid("contractId", &contract_id)?;
        reports::contract_performance(&state(ctx).pool, actor(ctx)?, id)
            .await?
            .map(Into::into)
            .ok_or_else(ApiError::not_found)
    }

    /// CON-8: per month, quarter or year from the period containing `from`
    /// to the one containing `to` (at most 240): Σ contract amounts signed,
    /// delivered, invoiced and received.
    async fn contract_performance_totals(
        &self,
        ctx: &Context<'_>,
        group_by: PerformancePeriod,
        from: Date,
        to: Date,
        unit_id: Option<ID>,
    ) -> ApiResult<Vec<PerformancePeriodTotals>> {
        let period: reports::Period = group_by.into();
        let rows = reports::performance_totals(
            &state(ctx).pool,
            actor(ctx)?,
            period,
            from.0,
            to.0,
            opt("unitId", &unit_id)?,
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| PerformancePeriodTotals {
                start: Date(r.start),
                label: period.label(r.start),
                signed: Decimal(r.signed),
                delivered: Decimal(r.delivered),
                invoiced: Decimal(r.invoiced),
                received: Decimal(r.received),
            })
            .collect())
    }

    /// REC-1: a customer's ledger (optionally one contract's entries) with
    /// the balances derived from it; NOT_FOUND outside scope.
    async fn customer_ledger(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        contract_id: Option<ID>,
    ) -> ApiResult<CustomerLedger> {
        let customer = uuid("customerId", &customer_id)?;
        let pool = &state(ctx).pool;
        let entries = ledger::customer_ledger(
            pool,
            actor(ctx)?,
            customer,
            opt("contractId", &contract_id)?,
        )
        .await?;
        let b = ledger::balance(pool, customer).await?;
        Ok(CustomerLedger {
            customer_id,
            entries: entries.into_iter().map(Into::into).collect(),
            balance: Decimal(b.balance),
            open_items: Decimal(b.open_items),
            unapplied_credit: Decimal(b.unapplied_credit),
        })
    }

    /// A receipt; NOT_FOUND outside scope.
    async fn receipt(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Receipt> {
        let id = uuid("id", &id)?;
        receipts::get(&state(ctx).pool, actor(ctx)?, id)
            .await?
            .map(Into::into)
            .ok_or_else(ApiError::not_found)
    }

    /// A customer's receipts, newest first (at most 1000).
    async fn receipts(&self, ctx: &Context<'_>, customer_id: ID) -> ApiResult<Vec<Receipt>> {
        let customer = uuid("customerId", &customer_id)?;
        let list = receipts::of_customer(&state(ctx).pool, actor(ctx)?, customer).await?;
        Ok(list.into_iter().map(Into::into).collect())
    }

    /// Invoices by customer, contract or item, newest first (at most 1000).
    async fn invoices(
        &self,
        ctx: &Context<'_>,
        customer_id: Option<ID>,
        contract_id: Option<ID>,
        item_id: Option<ID>,
    ) -> ApiResult<Vec<Invoice>> {
        let list = invoices::list(
            &state(ctx).pool,
            actor(ctx)?,
            opt("customerId", &customer_id)?,
            opt("contractId", &contract_id)?,
            opt("itemId", &item_id)?,
        )
        .await?;
        Ok(list.into_iter().map(Into::into).collect())
    }
}

#[derive(Default)]
pub struct ReceivableMutation;

#[Object]
impl ReceivableMutation {
    /// REC-2: records a tax invoice against an item (finance); posts the
    /// SALE debit of what is newly invoiced and not yet posted.
    async fn record_invoice(
        &self,
        ctx: &Context<'_>,
        input: RecordInvoiceInput,
    ) -> ApiResult<Invoice> {
        let dctx = domain_ctx(ctx)?;
        let new = invoices::NewInvoice {
            number: input.number,
            item_id: uuid("input.itemId", &input.item_id)?,
            amount: input.amount.0,
            issue_date: input.issue_date.0,
            note: input.note,
        };
        Ok(invoices::record_invoice(&state(ctx).pool, &dctx, &new)
            .await?
            .into())
    }

    /// REC-2: records a receipt (finance), allocated oldest due first or
    /// explicitly; the rest becomes customer credit.
    async fn record_receipt(
        &self,
        ctx: &Context<'_>,
        input: RecordReceiptInput,
    ) -> ApiResult<Receipt> {
        let dctx = domain_ctx(ctx)?;
        let allocations = match input.allocations {
            None => None,
            Some(list) => Some(
                list.iter()
                    .enumerate()
                    .map(|(i, a)| {
                        Ok(receipts::AllocationInput {
                            item_id: uuid(&format!("allocations.{i}.itemId"), &a.item_id)?,
                            amount: a.amount.0,
                        })
                    })
                    .collect::<ApiResult<Vec<_>>>()?,
            ),
        };
        let new = receipts::NewReceipt {
            customer_id: uuid("customerId", &input.customer_id)?,
            amount: input.amount.0,
            received_on: input.received_on.0,
            method: input.method.as_str().into(),
            reference: input.reference,
            note: input.note,
            allocations,
        };
        let collected_by = opt("collectedBy", &input.collected_by)?;
        let (r, _) =
            receipts::record_collected_receipt(&state(ctx).pool, &dctx, &new, collected_by).await?;
        Ok(r.into())
    }

    /// REC-2: reverses a wrongly recorded receipt (finance; reason
    /// required): its items reopen, its credit goes.
    async fn reverse_receipt(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: Option<String>,
    ) -> ApiResult<Receipt> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(
            receipts::reverse_receipt(&state(ctx).pool, &dctx, id, reason.as_deref())
                .await?
                .into(),
        )
    }

    /// REC-1: a ± correction with a reason (finance), on an item of the
    /// customer or on the customer's credit.
    async fn record_adjustment(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        item_id: Option<ID>,
        amount: Decimal,
        reason: Option<String>,
    ) -> ApiResult<LedgerEntry> {
        let dctx = domain_ctx(ctx)?;
        let customer = uuid("customerId", &customer_id)?;
        let item = opt("itemId", &item_id)?;
        Ok(ledger::record_adjustment(
            &state(ctx).pool,
            &dctx,
            customer,
            item,
            amount.0,
            reason.as_deref(),
        )
        .await?
        .into())
    }

    /// REC-1: writes off part or all of an item's open amount (finance;
    /// reason required; at most the open amount).
    async fn write_off(
        &self,
        ctx: &Context<'_>,
        item_id: ID,
        amount: Decimal,
        reason: Option<String>,
    ) -> ApiResult<LedgerEntry> {
        let dctx = domain_ctx(ctx)?;
        let item = uuid("itemId", &item_id)?;
        Ok(
            ledger::write_off(&state(ctx).pool, &dctx, item, amount.0, reason.as_deref())
                .await?
                .into(),
        )
    }

    /// REC-1 (ADMIN): posts every item due by `asOf` (not after today) and
    /// not yet posted, as the daily job does.
    async fn post_due_receivables(
        &self,
        ctx: &Context<'_>,
        as_of: Date,
    ) -> ApiResult<PostingSummary> {
        let dctx = domain_ctx(ctx)?;
        if !dctx.actor.has_role(Role::Admin) {
            return Err(DomainError::Forbidden("administrators only".into()).into());
        }
        let today = salesd_domain::clock::company_date(dctx.now);
        if as_of.0 > today {
            return Err(ApiError::validation("asOf", "must not be after today"));
        }
        let s = ledger::post_due_receivables(&state(ctx).pool, as_of.0, dctx.now).await?;
        Ok(PostingSummary {
            items: s.items,
            amount: Decimal(s.amount),
        })
    }
}

/// The receivables context's queries: ledger, invoices, receipts and aging
/// (REC-1..4), statements (REC-5), dunning (REC-6) and cash (REC-9).
#[derive(MergedObject, Default)]
pub struct ReceivablesQuery(
    ReceivableQuery,
    statements::StatementQuery,
    dunning::DunningQuery,
    cash_collections::CashCollectionQuery,
);

#[derive(MergedObject, Default)]
pub struct ReceivablesMutation(
    ReceivableMutation,
    statements::StatementMutation,
    dunning::DunningMutation,
    cash_collections::CashCollectionMutation,
);

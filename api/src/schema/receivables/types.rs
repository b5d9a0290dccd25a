//! GraphQL types of receivables (REC-1..4) and contract performance
//! (CON-8): ledger entries, invoices, receipts with allocations, aging,
//! overdue items, collection rate, performance.

use async_graphql::{ComplexObject, Context, Enum, ID, InputObject, SimpleObject};
use chrono::{DateTime, Utc};
use salesd_domain::receivables::invoices::Invoice as DInvoice;
use salesd_domain::receivables::receipts::{Allocation as DAllocation, Receipt as DReceipt};
use salesd_domain::receivables::reports::{self, AgingRow as DAgingRow};
use salesd_domain::receivables::{Item, LedgerEntry as DLedgerEntry};
use uuid::Uuid;

use crate::context::state;
use crate::error::ApiResult;
use crate::scalars::{Date, Decimal};
use crate::schema::common::id;

fn oid(v: Option<Uuid>) -> Option<ID> {
    v.map(id)
}

fn dec(v: rust_decimal::Decimal) -> Decimal {
    Decimal(v)
}

/// How `arAging` groups its rows.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum AgingGroupBy {
    /// One row per customer.
    Customer,
    /// Per owner: items by their contract's (order's) owner, unapplied
    /// credit by the customer's owner.
    Owner,
    /// Per owner unit, likewise.
    Unit,
}

impl From<AgingGroupBy> for reports::AgingGroup {
    fn from(g: AgingGroupBy) -> Self {
        match g {
            AgingGroupBy::Customer => reports::AgingGroup::Customer,
            AgingGroupBy::Owner => reports::AgingGroup::Owner,
            AgingGroupBy::Unit => reports::AgingGroup::Unit,
        }
    }
}

/// The period of `contractPerformanceTotals`.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum PerformancePeriod {
    Month,
    Quarter,
    Year,
}

impl From<PerformancePeriod> for reports::Period {
    fn from(g: PerformancePeriod) -> Self {
        match g {
            PerformancePeriod::Month => reports::Period::Month,
            PerformancePeriod::Quarter => reports::Period::Quarter,
            PerformancePeriod::Year => reports::Period::Year,
        }
    }
}

/// REC-2 receipt methods.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptMethod {
    BankTransfer,
    /// 承兑汇票.
    AcceptanceBill,
    Cash,
    /// 支票 (REC-9).
    Cheque,
    Other,
}

impl ReceiptMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            ReceiptMethod::BankTransfer => "BANK_TRANSFER",
            ReceiptMethod::AcceptanceBill => "ACCEPTANCE_BILL",
            ReceiptMethod::Cash => "CASH",
            ReceiptMethod::Cheque => "CHEQUE",
            ReceiptMethod::Other => "OTHER",
        }
    }
}

/// One REC-1 ledger entry. Debit > 0, credit < 0.
#[derive(SimpleObject)]
pub struct LedgerEntry {
    pub id: ID,
    /// Posting order.
    pub seq: i64,
    pub customer_id: ID,
    pub contract_id: Option<ID>,
    /// The installment or delivery note the entry concerns; none for
    /// customer credit (PREPAYMENT, the used side of CREDIT_APPLIED,
    /// customer-level ADJUSTMENT).
    pub item_id: Option<ID>,
    pub receipt_id: Option<ID>,
    pub invoice_id: Option<ID>,
    pub reversal_of: Option<ID>,
    /// SALE, RECEIPT, PREPAYMENT, CREDIT_APPLIED, ADJUSTMENT, WRITE_OFF, REVERSAL.
    pub kind: String,
    pub amount: Decimal,
    pub entry_date: Date,
    pub reason: Option<String>,
    pub created_by: Option<ID>,
    pub created_at: DateTime<Utc>,
}

impl From<DLedgerEntry> for LedgerEntry {
    fn from(e: DLedgerEntry) -> Self {
        LedgerEntry {
            id: id(e.id),
            seq: e.seq,
            customer_id: id(e.customer_id),
            contract_id: oid(e.contract_id),
            item_id: oid(e.item_id),
            receipt_id: oid(e.receipt_id),
            invoice_id: oid(e.invoice_id),
            reversal_of: oid(e.reversal_of),
            kind: e.kind,
            amount: dec(e.amount),
            entry_date: Date(e.entry_date),
            reason: e.reason,
            created_by: oid(e.created_by),
            created_at: e.created_at,
        }
    }
}

/// A customer's ledger with its derived balances.
#[derive(SimpleObject)]
pub struct CustomerLedger {
    pub customer_id: ID,
    /// Oldest first.
    pub entries: Vec<LedgerEntry>,
    /// Σ of all entries (of the customer, whatever the contract filter).
    pub balance: Decimal,
    /// Σ of the open amounts of its items.
    pub open_items: Decimal,
    /// Credit not applied to any item.
    pub unapplied_credit: Decimal,
}

/// A receivable item: an installment or a delivery note.
#[derive(SimpleObject)]
pub struct ReceivableItem {
    /// The installment's or the shipment's id.
    pub id: ID,
    /// INSTALLMENT or SHIPMENT.
    pub kind: String,
    pub customer_id: ID,
    pub contract_id: Option<ID>,
    pub label: String,
    pub amount: Decimal,
    pub due_date: Date,
    pub owner_id: ID,
    pub owner_unit_id: ID,
}

impl From<Item> for ReceivableItem {
    fn from(i: Item) -> Self {
        ReceivableItem {
            id: id(i.id),
            kind: i.kind,
            customer_id: id(i.customer_id),
            contract_id: oid(i.contract_id),
            label: i.label,
            amount: dec(i.amount),
            due_date: Date(i.due_date),
            owner_id: id(i.owner_id),
            owner_unit_id: id(i.owner_unit_id),
        }
    }
}

/// An open posted item (REC-3).
#[derive(SimpleObject)]
pub struct OpenItem {
    pub item: ReceivableItem,
    pub posted: Decimal,
    pub open: Decimal,
    /// Company days after the due date as of the report date.
    pub days_overdue: i64,
    /// CURRENT, D1_30, D31_60, D61_90, D91_180 or OVER_180.
    pub bucket: String,
}

impl OpenItem {
    pub fn new(o: reports::OpenItem, as_of: chrono::NaiveDate) -> Self {
        let days = (as_of - o.item.due_date).num_days();
        OpenItem {
            item: o.item.into(),
            posted: dec(o.posted),
            open: dec(o.open),
            days_overdue: days.max(0),
            bucket: reports::BUCKETS[reports::bucket(days)].into(),
        }
    }
}

/// One row of the aging (REC-3).
#[derive(SimpleObject)]
pub struct AgingRow {
    /// The customer, owner or unit; none for the total or pool customers.
    pub key: Option<ID>,
    pub label: String,
    /// Not yet due (or due today).
    pub current: Decimal,
    #[graphql(name = "overdue1To30")]
    pub days1_30: Decimal,
    #[graphql(name = "overdue31To60")]
    pub days31_60: Decimal,
    #[graphql(name = "overdue61To90")]
    pub days61_90: Decimal,
    #[graphql(name = "overdue91To180")]
    pub days91_180: Decimal,
    #[graphql(name = "overdueOver180")]
    pub over180: Decimal,
    /// Σ of the buckets.
    pub open_total: Decimal,
    /// Customer credit not applied to any item (positive).
    pub unapplied_credit: Decimal,
    /// openTotal − unappliedCredit = Σ of the ledger.
    pub balance: Decimal,
}

impl From<DAgingRow> for AgingRow {
    fn from(r: DAgingRow) -> Self {
        AgingRow {
            key: oid(r.key),
            label: r.label,
            current: dec(r.buckets[0]),
            days1_30: dec(r.buckets[1]),
            days31_60: dec(r.buckets[2]),
            days61_90: dec(r.buckets[3]),
            days91_180: dec(r.buckets[4]),
            over180: dec(r.buckets[5]),
            open_total: dec(r.open_total),
            unapplied_credit: dec(r.unapplied_credit),
            balance: dec(r.balance),
        }
    }
}

/// `arAging`.
#[derive(SimpleObject)]
pub struct ArAging {
    pub as_of: Date,
    /// Largest balance first.
    pub rows: Vec<AgingRow>,
    pub total: AgingRow,
}

/// One item behind a collection rate.
#[derive(SimpleObject)]
pub struct CollectionRateItem {
    pub item: ReceivableItem,
    pub due: Decimal,
    /// Received by the end of the period.
    pub received: Decimal,
    /// due − received.
    pub open: Decimal,
}

/// REC-4.
#[derive(SimpleObject)]
pub struct CollectionRate {
    pub from: Date,
    pub to: Date,
    pub due: Decimal,
    pub received: Decimal,
    /// received ÷ due with 4 places (0.9000 = 90 %); null when nothing was due.
    pub rate: Option<Decimal>,
    pub items: Vec<CollectionRateItem>,
}

impl From<reports::CollectionRate> for CollectionRate {
    fn from(r: reports::CollectionRate) -> Self {
        CollectionRate {
            from: Date(r.from),
            to: Date(r.to),
            due: dec(r.due),
            received: dec(r.received),
            rate: r.rate.map(dec),
            items: r
                .items
                .into_iter()
                .map(|i| {
                    let open = i.open();
                    CollectionRateItem {
                        due: dec(i.item.amount),
                        received: dec(i.received),
                        open: dec(open),
                        item: i.item.into(),
                    }
                })
                .collect(),
        }
    }
}

/// CON-8 for one contract.
#[derive(SimpleObject)]
pub struct ContractPerformance {
    pub contract_id: ID,
    pub number: String,
    pub status: String,
    pub amount: Decimal,
    /// Σ of its orders' shipments received by the customer.
    pub delivered: Decimal,
    pub invoiced: Decimal,
    /// Posted to the ledger (invoiced, or due and not invoiced).
    pub posted: Decimal,
    pub received: Decimal,
    pub written_off: Decimal,
    /// Ledger balance of its installments.
    pub outstanding: Decimal,
}

impl From<reports::ContractPerformance> for ContractPerformance {
    fn from(p: reports::ContractPerformance) -> Self {
        ContractPerformance {
            contract_id: id(p.contract_id),
            number: p.number,
            status: p.status,
            amount: dec(p.amount),
            delivered: dec(p.delivered),
            invoiced: dec(p.invoiced),
            posted: dec(p.posted),
            received: dec(p.received),
            written_off: dec(p.written_off),
            outstanding: dec(p.outstanding),
        }
    }
}

/// CON-8 totals of one period.
#[derive(SimpleObject)]
pub struct PerformancePeriodTotals {
    pub start: Date,
    /// "2026-03", "2026-Q1" or "2026".
    pub label: String,
    pub signed: Decimal,
    pub delivered: Decimal,
    pub invoiced: Decimal,
    pub received: Decimal,
}

/// An invoice (REC-2).
#[derive(SimpleObject)]
pub struct Invoice {
    pub id: ID,
    pub number: String,
    pub customer_id: ID,
    pub contract_id: Option<ID>,
    /// The installment or delivery note invoiced.
    pub item_id: ID,
    pub amount: Decimal,
    pub issue_date: Date,
    pub note: Option<String>,
    pub created_by: ID,
    pub created_at: DateTime<Utc>,
}

impl From<DInvoice> for Invoice {
    fn from(i: DInvoice) -> Self {
        Invoice {
            id: id(i.id),
            number: i.number,
            customer_id: id(i.customer_id),
            contract_id: oid(i.contract_id),
            item_id: id(i.installment_id.or(i.shipment_id).unwrap_or_default()),
            amount: dec(i.amount),
            issue_date: Date(i.issue_date),
            note: i.note,
            created_by: id(i.created_by),
            created_at: i.created_at,
        }
    }
}

/// What a receipt paid.
#[derive(SimpleObject)]
pub struct ReceiptAllocation {
    pub id: ID,
    pub item_id: Option<ID>,
    pub amount: Decimal,
    pub ledger_entry_id: ID,
    pub created_at: DateTime<Utc>,
}

impl From<DAllocation> for ReceiptAllocation {
    fn from(a: DAllocation) -> Self {
        ReceiptAllocation {
            id: id(a.id),
            item_id: oid(a.item_id),
            amount: dec(a.amount),
            ledger_entry_id: id(a.ledger_entry_id),
            created_at: a.created_at,
        }
    }
}

/// A receipt (REC-2).
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Receipt {
    pub id: ID,
    pub customer_id: ID,
    pub amount: Decimal,
    pub received_on: Date,
    /// BANK_TRANSFER, ACCEPTANCE_BILL, CASH or OTHER.
    pub method: String,
    pub reference: Option<String>,
    pub note: Option<String>,
    pub created_by: ID,
    pub created_at: DateTime<Utc>,
    pub reversed_at: Option<DateTime<Utc>>,
    pub reversed_by: Option<ID>,
    pub reversal_reason: Option<String>,
    /// REC-9: the rep who collected the money in person (null: received
    /// by the company directly).
    pub collected_by: Option<ID>,
    /// REC-9: the day it was collected (= receivedOn).
    pub collected_on: Option<Date>,
    /// REC-9: the day the money reached finance (`recordCashHandover`).
    pub handed_over_on: Option<Date>,
    /// REC-9: the finance user who recorded the handover.
    pub handed_over_to: Option<ID>,
    #[graphql(skip)]
    pub uuid: Uuid,
}

#[ComplexObject]
impl Receipt {
    /// Its allocations: direct ones and those from its credit applied
    /// later (kept after a reversal, which the ledger records).
    async fn allocations(&self, ctx: &Context<'_>) -> ApiResult<Vec<ReceiptAllocation>> {
        let list =
            salesd_domain::receivables::receipts::allocations(&state(ctx).pool, self.uuid).await?;
        Ok(list.into_iter().map(Into::into).collect())
    }
}

impl From<DReceipt> for Receipt {
    fn from(r: DReceipt) -> Self {
        Receipt {
            id: id(r.id),
            customer_id: id(r.customer_id),
            amount: dec(r.amount),
            received_on: Date(r.received_on),
            method: r.method,
            reference: r.reference,
            note: r.note,
            created_by: id(r.created_by),
            created_at: r.created_at,
            reversed_at: r.reversed_at,
            reversed_by: oid(r.reversed_by),
            reversal_reason: r.reversal_reason,
            collected_by: oid(r.collected_by),
            collected_on: r.collected_on.map(Date),
            handed_over_on: r.handed_over_on.map(Date),
            handed_over_to: oid(r.handed_over_to),
            uuid: r.id,
        }
    }
}

/// An explicit allocation of a receipt.
#[derive(InputObject)]
pub struct AllocationInput {
    /// An open posted item of the receipt's customer (installment or
    /// delivery note id).
    pub item_id: ID,
    /// > 0, 2 places, at most the item's open amount.
    pub amount: Decimal,
}

/// `recordReceipt`.
#[derive(InputObject)]
pub struct RecordReceiptInput {
    pub customer_id: ID,
    /// > 0, 2 places.
    pub amount: Decimal,
    /// Not after today.
    pub received_on: Date,
    pub method: ReceiptMethod,
    /// At most 100 characters.
    pub reference: Option<String>,
    /// At most 2000 characters.
    pub note: Option<String>,
    /// Omitted: oldest due first. Given: exactly these (Σ ≤ amount); the
    /// rest becomes customer credit.
    pub allocations: Option<Vec<AllocationInput>>,
    /// REC-9: the rep who collected the money in person (CASH, CHEQUE or
    /// ACCEPTANCE_BILL only); it must then reach finance within 90 days of
    /// `receivedOn` (`recordCashHandover`).
    pub collected_by: Option<ID>,
}

/// `recordInvoice`.
#[derive(InputObject)]
pub struct RecordInvoiceInput {
    /// The tax invoice number, 1–40 characters, unique.
    pub number: String,
    /// An installment (of a signed contract, with a due date) or a delivery
    /// note outside a contract.
    pub item_id: ID,
    /// > 0, 2 places, at most the item's amount not yet invoiced.
    pub amount: Decimal,
    /// Not after today.
    pub issue_date: Date,
    /// At most 2000 characters.
    pub note: Option<String>,
}

/// What `postDueReceivables` posted.
#[derive(SimpleObject)]
pub struct PostingSummary {
    pub items: i64,
    pub amount: Decimal,
}

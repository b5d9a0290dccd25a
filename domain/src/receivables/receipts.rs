//! REC-2: receipts, their allocation to open posted items (oldest due
//! first, or explicit), the remainder as customer credit, and reversal.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::ledger::{NewEntry, allocate_row, append, open_amount, open_items, past_or_today};
use super::{
    LedgerEntry, RECEIPT, check_amount, finance, lock_customer, optional_text, push_customer_scope,
    required_text, visible_item,
};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::Actor;

/// The methods of REC-2 (CHEQUE since REC-9, migration 0020).
pub const METHODS: [&str; 5] = [
    "BANK_TRANSFER",
    "ACCEPTANCE_BILL",
    "CASH",
    "CHEQUE",
    "OTHER",
];

/// A receipt (REC-2).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Receipt {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub amount: Decimal,
    pub received_on: NaiveDate,
    pub method: String,
    pub reference: Option<String>,
    pub note: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub reversed_at: Option<DateTime<Utc>>,
    pub reversed_by: Option<Uuid>,
    pub reversal_reason: Option<String>,
    /// REC-9 (handover.rs): the rep who collected the money in person.
    #[sqlx(default)]
    pub collected_by: Option<Uuid>,
    /// REC-9: the day it was collected (= `received_on`).
    #[sqlx(default)]
    pub collected_on: Option<NaiveDate>,
    /// REC-9: the day the money reached finance.
    #[sqlx(default)]
    pub handed_over_on: Option<NaiveDate>,
    /// REC-9: the finance user who recorded the handover.
    #[sqlx(default)]
    pub handed_over_to: Option<Uuid>,
}

/// What a receipt paid, directly or later from its credit.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Allocation {
    pub id: Uuid,
    pub receipt_id: Uuid,
    pub item_id: Option<Uuid>,
    pub amount: Decimal,
    pub ledger_entry_id: Uuid,
    pub created_at: DateTime<Utc>,
}

/// An explicit allocation.
#[derive(Clone, Debug)]
pub struct AllocationInput {
    pub item_id: Uuid,
    pub amount: Decimal,
}

/// A receipt as entered (`recordReceipt`).
#[derive(Clone, Debug)]
pub struct NewReceipt {
    pub customer_id: Uuid,
    /// > 0, 2 places.
    pub amount: Decimal,
    /// Not after today.
    pub received_on: NaiveDate,
    /// One of [`METHODS`].
    pub method: String,
    /// At most 100 characters (bank reference, bill number).
    pub reference: Option<String>,
    /// At most 2000 characters.
    pub note: Option<String>,
    /// None: oldest due first. Some: exactly these (Σ ≤ amount).
    pub allocations: Option<Vec<AllocationInput>>,
}

#[derive(Serialize)]
struct Audited<'a> {
    #[serde(flatten)]
    receipt: &'a Receipt,
    allocations: Vec<(Uuid, Decimal)>,
    credit: Decimal,
}

/// Records a receipt (mutation `recordReceipt`). The customer must be in
/// the caller's receivable scope (NOT_FOUND), the caller finance
/// (FORBIDDEN). Allocates to the customer's open posted items oldest due
/// first (due date, then id), or exactly as `allocations` say: each item
/// visible, the customer's, at most once, amount > 0 and at most its open
/// amount (VALIDATION `allocations.<i>.…`), their sum at most the receipt
/// (VALIDATION `allocations`). The remainder becomes customer credit
/// (PREPAYMENT). Audited as RECEIPT CREATE.
pub async fn record_receipt(
    pool: &PgPool,
    ctx: &Ctx,
    input: &NewReceipt,
) -> DomainResult<(Receipt, Vec<Allocation>)> {
    record_collected_receipt(pool, ctx, input, None).await
}

/// [`record_receipt`] of money a rep collected in person (REC-9,
/// handover.rs): `collected_by` an existing user (VALIDATION `collectedBy`)
/// and the method CASH, CHEQUE or ACCEPTANCE_BILL (VALIDATION
/// `collectedBy`); the collection day is `received_on`. `None`: money
/// received by the company directly.
pub async fn record_collected_receipt(
    pool: &PgPool,
    ctx: &Ctx,
    input: &NewReceipt,
    collected_by: Option<Uuid>,
) -> DomainResult<(Receipt, Vec<Allocation>)> {
    let mut tx = pool.begin().await?;
    let out = record_in(&mut tx, ctx, input, collected_by).await?;
    tx.commit().await?;
    Ok(out)
}

/// [`record_collected_receipt`] inside the caller's transaction (REC-9:
/// confirming a rep's declared collection records its receipt with it).
pub(crate) async fn record_in(
    tx: &mut PgConnection,
    ctx: &Ctx,
    input: &NewReceipt,
    collected_by: Option<Uuid>,
) -> DomainResult<(Receipt, Vec<Allocation>)> {
    let amount = check_amount("amount", input.amount)?;
    past_or_today("receivedOn", input.received_on, ctx.now)?;
    if !METHODS.contains(&input.method.as_str()) {
        return Err(DomainError::validation(
            "method",
            "BANK_TRANSFER, ACCEPTANCE_BILL, CASH, CHEQUE or OTHER",
        ));
    }
    if collected_by.is_some()
        && !super::handover::IN_PERSON_METHODS.contains(&input.method.as_str())
    {
        return Err(DomainError::validation(
            "collectedBy",
            "only money collected in person: CASH, CHEQUE or ACCEPTANCE_BILL",
        ));
    }
    let reference = optional_text("reference", input.reference.as_deref(), 100)?;
    let note = optional_text("note", input.note.as_deref(), 2000)?;
    let mut explicit = Vec::new();
    if let Some(list) = &input.allocations {
        let mut seen = HashSet::new();
        let mut sum = Decimal::ZERO;
        for (i, a) in list.iter().enumerate() {
            let x = check_amount(&format!("allocations.{i}.amount"), a.amount)?;
            if !seen.insert(a.item_id) {
                return Err(DomainError::validation(
                    format!("allocations.{i}.itemId"),
                    "each item at most once",
                ));
            }
            sum += x;
            explicit.push((a.item_id, x));
        }
        if sum > amount {
            return Err(DomainError::validation(
                "allocations",
                format!("the allocations ({sum}) exceed the receipt ({amount})"),
            ));
        }
    }
    lock_customer(&mut *tx, &ctx.actor, input.customer_id).await?;
    let me = finance(&ctx.actor)?;
    if let Some(rep) = collected_by {
        let known = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM users WHERE id = $1) AS "known!""#,
            rep
        )
        .fetch_one(&mut *tx)
        .await?;
        if !known {
            return Err(DomainError::validation("collectedBy", "unknown user"));
        }
    }
    // The plan: (item, amount) pairs, validated before anything is written.
    let mut plan = Vec::new();
    if input.allocations.is_some() {
        for (i, (id, x)) in explicit.into_iter().enumerate() {
            let field = format!("allocations.{i}.itemId");
            let item = visible_item(&mut *tx, &ctx.actor, &field, id).await?;
            if item.customer_id != input.customer_id {
                return Err(DomainError::validation(
                    field,
                    "not an item of this customer",
                ));
            }
            let open = open_amount(&mut *tx, id).await?;
            if x > open {
                return Err(DomainError::validation(
                    format!("allocations.{i}.amount"),
                    format!("more than the item's open amount, {open}"),
                ));
            }
            plan.push((item, x));
        }
    } else {
        let mut left = amount;
        for (item, open) in open_items(&mut *tx, input.customer_id).await? {
            if left.is_zero() {
                break;
            }
            let x = open.min(left);
            left -= x;
            plan.push((item, x));
        }
    }
    let receipt: Receipt = sqlx::query_as(
        "INSERT INTO receipts (id, customer_id, amount, received_on, method, reference, note, created_by,
             created_at, collected_by, collected_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $10::uuid IS NOT NULL THEN $4::date END)
         RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(input.customer_id)
    .bind(amount)
    .bind(input.received_on)
    .bind(&input.method)
    .bind(&reference)
    .bind(&note)
    .bind(me)
    .bind(ctx.now)
    .bind(collected_by)
    .fetch_one(&mut *tx)
    .await?;
    let mut allocated = Decimal::ZERO;
    for (item, x) in &plan {
        let mut e = NewEntry::on(item, "RECEIPT", -*x, input.received_on);
        e.receipt_id = Some(receipt.id);
        e.created_by = Some(me);
        let entry = append(&mut *tx, &e, ctx.now).await?;
        allocate_row(&mut *tx, receipt.id, item, *x, entry.id, ctx.now).await?;
        allocated += *x;
    }
    let credit = amount - allocated;
    if credit > Decimal::ZERO {
        let e = NewEntry {
            customer_id: input.customer_id,
            receipt_id: Some(receipt.id),
            kind: "PREPAYMENT",
            amount: -credit,
            entry_date: Some(input.received_on),
            created_by: Some(me),
            ..NewEntry::default()
        };
        append(&mut *tx, &e, ctx.now).await?;
    }
    let changes = audit::created(&Audited {
        receipt: &receipt,
        allocations: plan.iter().map(|(i, x)| (i.id, *x)).collect(),
        credit,
    });
    audit::record(&mut *tx, ctx, RECEIPT, receipt.id, "CREATE", &changes).await?;
    // REC-7: paying off the last overdue item lifts the credit hold at once.
    super::dunning::lift_hold_if_clear(&mut *tx, ctx, input.customer_id).await?;
    let allocations = allocations_of(&mut *tx, receipt.id).await?;
    Ok((receipt, allocations))
}

/// Reverses a wrongly recorded receipt (mutation `reverseReceipt`, finance
/// only): a REVERSAL entry for each of its entries (the direct allocations,
/// the credit, and the credit applied later), so its items reopen and its
/// credit disappears. A reason is required (VALIDATION `reason`); a
/// receipt reversed already → CONFLICT. Audited as RECEIPT REVERSE.
pub async fn reverse_receipt(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    reason: Option<&str>,
) -> DomainResult<Receipt> {
    let reason = required_text("reason", reason, 2000)?;
    let mut tx = pool.begin().await?;
    let customer: Uuid = sqlx::query_scalar!("SELECT customer_id FROM receipts WHERE id = $1", id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    lock_customer(&mut tx, &ctx.actor, customer).await?;
    let me = finance(&ctx.actor)?;
    let old: Receipt = sqlx::query_as("SELECT * FROM receipts WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if old.reversed_at.is_some() {
        return Err(DomainError::conflict("the receipt is already reversed"));
    }
    let entries: Vec<LedgerEntry> = sqlx::query_as(
        "SELECT * FROM ledger_entries le
          WHERE le.receipt_id = $1 AND le.kind IN ('RECEIPT', 'PREPAYMENT', 'CREDIT_APPLIED')
            AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reversal_of = le.id)
          ORDER BY le.seq",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let today = crate::clock::company_date(ctx.now);
    for e in &entries {
        let r = NewEntry {
            customer_id: e.customer_id,
            contract_id: e.contract_id,
            installment_id: e.installment_id,
            shipment_id: e.shipment_id,
            receipt_id: e.receipt_id,
            invoice_id: None,
            reversal_of: Some(e.id),
            kind: "REVERSAL",
            amount: -e.amount,
            entry_date: Some(today),
            reason: Some(reason.clone()),
            created_by: Some(me),
        };
        append(&mut tx, &r, ctx.now).await?;
    }
    let new: Receipt = sqlx::query_as(
        "UPDATE receipts SET reversed_at = $2, reversed_by = $3, reversal_reason = $4 WHERE id = $1
         RETURNING *",
    )
    .bind(id)
    .bind(ctx.now)
    .bind(me)
    .bind(&reason)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, RECEIPT, id, "REVERSE", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

pub(crate) async fn allocations_of(
    conn: &mut PgConnection,
    receipt: Uuid,
) -> DomainResult<Vec<Allocation>> {
    Ok(sqlx::query_as(
        "SELECT id, receipt_id, item_id, amount, ledger_entry_id, created_at
           FROM receipt_allocations WHERE receipt_id = $1 ORDER BY created_at, id",
    )
    .bind(receipt)
    .fetch_all(conn)
    .await?)
}

/// One receipt within the actor's scope (over the customer's owner).
pub async fn get(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<Option<Receipt>> {
    let mut qb = QueryBuilder::new(
        "SELECT r.* FROM receipts r JOIN customers cu ON cu.id = r.customer_id WHERE r.id = ",
    );
    qb.push_bind(id);
    push_customer_scope(&mut qb, actor);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// A customer's receipts, newest first (NOT_FOUND outside scope).
pub async fn of_customer(
    pool: &PgPool,
    actor: &Actor,
    customer: Uuid,
) -> DomainResult<Vec<Receipt>> {
    let mut qb = QueryBuilder::new("SELECT cu.id FROM customers cu WHERE cu.id = ");
    qb.push_bind(customer);
    push_customer_scope(&mut qb, actor);
    let found: Option<Uuid> = qb.build_query_scalar().fetch_optional(pool).await?;
    if found.is_none() {
        return Err(DomainError::NotFound);
    }
    Ok(sqlx::query_as(
        "SELECT * FROM receipts WHERE customer_id = $1 ORDER BY received_on DESC, id DESC LIMIT 1000",
    )
    .bind(customer)
    .fetch_all(pool)
    .await?)
}

/// The allocations of a receipt (visibility checked by the caller).
pub async fn allocations(pool: &PgPool, receipt: Uuid) -> DomainResult<Vec<Allocation>> {
    let mut conn = pool.acquire().await?;
    allocations_of(&mut conn, receipt).await
}

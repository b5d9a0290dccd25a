//! REC-2: tax invoices against receivable items. Invoicing posts the SALE
//! debit of what is invoiced and not yet posted (REC-1).

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use super::ledger::{past_or_today, post_sale, posted_amount};
use super::{
    INVOICE, check_amount, finance, lock_customer_unscoped, optional_text, push_item_scope,
    required_text, visible_item,
};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult, unique_violation};
use crate::org::Actor;

/// An invoice (REC-2).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Invoice {
    pub id: Uuid,
    /// The tax invoice number as printed; unique.
    pub number: String,
    pub customer_id: Uuid,
    pub contract_id: Option<Uuid>,
    pub installment_id: Option<Uuid>,
    pub shipment_id: Option<Uuid>,
    pub amount: Decimal,
    pub issue_date: NaiveDate,
    pub note: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
}

/// An invoice as entered (`recordInvoice`).
#[derive(Clone, Debug)]
pub struct NewInvoice {
    /// 1–40 characters, unique (CONFLICT).
    pub number: String,
    /// An installment or a delivery note that is a receivable item.
    pub item_id: Uuid,
    /// > 0, 2 places, at most the item's not-yet-invoiced amount.
    pub amount: Decimal,
    /// Not after today.
    pub issue_date: NaiveDate,
    pub note: Option<String>,
}

/// Records an invoice (mutation `recordInvoice`, finance only). The item
/// must be visible (NOT_FOUND) and a receivable item (VALIDATION
/// `itemId`); the amount at most what of the item is not invoiced yet
/// (VALIDATION `amount`; an item may be invoiced in parts). Posts the SALE
/// debit of (Σ invoiced − Σ posted) when positive, dated the issue date,
/// then applies unapplied credit. Audited as INVOICE CREATE.
pub async fn record_invoice(pool: &PgPool, ctx: &Ctx, input: &NewInvoice) -> DomainResult<Invoice> {
    let number = required_text("number", Some(&input.number), 40)?;
    let amount = check_amount("amount", input.amount)?;
    let note = optional_text("note", input.note.as_deref(), 2000)?;
    past_or_today("issueDate", input.issue_date, ctx.now)?;
    let mut tx = pool.begin().await?;
    let item = visible_item(&mut tx, &ctx.actor, "itemId", input.item_id).await?;
    lock_customer_unscoped(&mut tx, item.customer_id).await?;
    let me = finance(&ctx.actor)?;
    let invoiced: Decimal = sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM invoices WHERE COALESCE(installment_id, shipment_id) = $1",
    )
    .bind(item.id)
    .fetch_one(&mut *tx)
    .await?;
    if invoiced + amount > item.amount {
        return Err(DomainError::validation(
            "amount",
            format!(
                "at most the item's amount not yet invoiced, {}",
                item.amount - invoiced
            ),
        ));
    }
    let inserted = sqlx::query_as::<_, Invoice>(
        "INSERT INTO invoices (id, number, customer_id, contract_id, installment_id, shipment_id, amount,
             issue_date, note, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(&number)
    .bind(item.customer_id)
    .bind(item.contract_id)
    .bind(item.installment_id)
    .bind(item.shipment_id)
    .bind(amount)
    .bind(input.issue_date)
    .bind(&note)
    .bind(me)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await;
    let invoice = match inserted {
        Ok(i) => i,
        Err(e) if unique_violation(&e).is_some() => {
            return Err(DomainError::conflict(format!(
                "an invoice numbered {number} is already recorded"
            )));
        }
        Err(e) => return Err(e.into()),
    };
    let posted = posted_amount(&mut tx, item.id).await?;
    let rest = invoiced + amount - posted;
    if rest > Decimal::ZERO {
        post_sale(
            &mut tx,
            &item,
            rest,
            input.issue_date,
            Some(invoice.id),
            Some(me),
            ctx.now,
        )
        .await?;
    }
    audit::record(
        &mut tx,
        ctx,
        INVOICE,
        invoice.id,
        "CREATE",
        &audit::created(&invoice),
    )
    .await?;
    tx.commit().await?;
    Ok(invoice)
}

/// The invoices of a customer or of an item, newest first, within the
/// actor's scope over the invoiced items.
pub async fn list(
    pool: &PgPool,
    actor: &Actor,
    customer: Option<Uuid>,
    contract: Option<Uuid>,
    item: Option<Uuid>,
) -> DomainResult<Vec<Invoice>> {
    let mut qb = QueryBuilder::new(
        "SELECT i.* FROM invoices i
           JOIN receivable_items ri ON ri.id = COALESCE(i.installment_id, i.shipment_id) WHERE TRUE",
    );
    if let Some(c) = customer {
        qb.push(" AND i.customer_id = ").push_bind(c);
    }
    if let Some(c) = contract {
        qb.push(" AND i.contract_id = ").push_bind(c);
    }
    if let Some(c) = item {
        qb.push(" AND ri.id = ").push_bind(c);
    }
    push_item_scope(&mut qb, actor);
    qb.push(" ORDER BY i.issue_date DESC, i.id DESC LIMIT 1000");
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

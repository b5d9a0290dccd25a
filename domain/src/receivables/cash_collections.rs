//! REC-9, the rep's side: money collected in person (cash, cheque,
//! acceptance bill) is declared by the rep who took it, with the day it
//! was collected, and stays PENDING until finance confirms the handover.
//!
//! - `declareCashCollection` (the collector: anyone not read-only with the
//!   customer in their receivable scope, ORG-3 NOT_FOUND otherwise) writes
//!   a PENDING declaration. It does not touch the ledger: finance's books
//!   hold only money finance has in hand. An identical pending declaration
//!   (customer, collector, day, amount, method, reference) is CONFLICT.
//! - `confirmCashHandover` (finance) records the receipt of the
//!   declaration, collected by the rep on the declared day and handed over
//!   on `handedOverOn`, allocated oldest due first (receipts.rs), and marks
//!   the declaration CONFIRMED. `rejectCashCollection` (finance) closes a
//!   declaration that was wrong, with a reason. Both take the declaration's
//!   `version` (stale: CONFLICT) and are audited as CASH_COLLECTION.
//! - The 90-day clock of REC-9 runs from `collected_on`: the daily
//!   `cash_handover` scan (handover.rs) flags pending declarations more
//!   than 90 days old exactly like receipts not handed over.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use super::handover::{IN_PERSON_METHODS, handover_due, handover_overdue};
use super::receipts::{NewReceipt, Receipt, record_in};
use super::{
    check_amount, finance, lock_customer, not_future, optional_text, push_customer_scope,
    required_text,
};
use crate::Ctx;
use crate::audit;
use crate::clock::company_date;
use crate::error::{DomainError, DomainResult};
use crate::org::{Actor, Role};
use crate::versioned::{check_version, versioned};

/// Audit entity of declarations (CREATE, CONFIRM, REJECT).
pub const CASH_COLLECTION: &str = "CASH_COLLECTION";

/// Who sees every declaration (others: those of customers in their
/// receivable scope, and their own).
const READ_ALL: [Role; 3] = [Role::Finance, Role::SalesDirector, Role::GeneralManager];

/// A rep's declaration of money collected in person.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct CashCollection {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub amount: Decimal,
    pub collected_on: NaiveDate,
    pub method: String,
    pub reference: Option<String>,
    pub note: Option<String>,
    pub collected_by: Uuid,
    pub created_at: DateTime<Utc>,
    /// PENDING, CONFIRMED or REJECTED.
    pub status: String,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub handed_over_on: Option<NaiveDate>,
    pub receipt_id: Option<Uuid>,
    pub reject_reason: Option<String>,
    pub version: i32,
}

versioned!(CashCollection);

impl CashCollection {
    /// The last day the money may reach finance (collected_on + 90 days).
    pub fn handover_due(&self) -> NaiveDate {
        handover_due(self.collected_on)
    }

    /// Pending and past the 90 days on `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.status == "PENDING" && handover_overdue(self.collected_on, today)
    }
}

/// A declaration as entered.
#[derive(Clone, Debug)]
pub struct NewCashCollection {
    pub customer_id: Uuid,
    /// > 0, 2 places.
    pub amount: Decimal,
    /// Not after today.
    pub collected_on: NaiveDate,
    /// CASH, CHEQUE or ACCEPTANCE_BILL.
    pub method: String,
    /// At most 100 characters (cheque or bill number).
    pub reference: Option<String>,
    /// At most 2000 characters.
    pub note: Option<String>,
}

/// `declareCashCollection`: see the module docs.
pub async fn declare(
    pool: &PgPool,
    ctx: &Ctx,
    input: &NewCashCollection,
) -> DomainResult<CashCollection> {
    let me = match ctx.actor.user_id {
        Some(me) if !ctx.actor.read_only => me,
        _ => {
            return Err(DomainError::Forbidden(
                "a read-only session cannot declare money".into(),
            ));
        }
    };
    let amount = check_amount("amount", input.amount)?;
    not_future("collectedOn", input.collected_on, company_date(ctx.now))?;
    if !IN_PERSON_METHODS.contains(&input.method.as_str()) {
        return Err(DomainError::validation(
            "method",
            "money collected in person: CASH, CHEQUE or ACCEPTANCE_BILL",
        ));
    }
    let reference = optional_text("reference", input.reference.as_deref(), 100)?;
    let note = optional_text("note", input.note.as_deref(), 2000)?;
    let mut tx = pool.begin().await?;
    lock_customer(&mut tx, &ctx.actor, input.customer_id).await?;
    let twin: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM cash_collections
          WHERE status = 'PENDING' AND customer_id = $1 AND collected_by = $2
            AND collected_on = $3 AND amount = $4 AND method = $5
            AND reference IS NOT DISTINCT FROM $6)",
    )
    .bind(input.customer_id)
    .bind(me)
    .bind(input.collected_on)
    .bind(amount)
    .bind(&input.method)
    .bind(&reference)
    .fetch_one(&mut *tx)
    .await?;
    if twin {
        return Err(DomainError::conflict(
            "the same collection (customer, day, amount, method, reference) is declared already and pending",
        ));
    }
    let row: CashCollection = sqlx::query_as(
        "INSERT INTO cash_collections (id, customer_id, amount, collected_on, method, reference,
             note, collected_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(input.customer_id)
    .bind(amount)
    .bind(input.collected_on)
    .bind(&input.method)
    .bind(&reference)
    .bind(&note)
    .bind(me)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        CASH_COLLECTION,
        row.id,
        "CREATE",
        &audit::created(&row),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Locks a declaration for finance's decision: outside the caller's
/// receivable scope NOT_FOUND, not finance FORBIDDEN, decided already
/// CONFLICT, `version` not the stored one CONFLICT (stale).
async fn lock_pending(
    tx: &mut sqlx::PgConnection,
    actor: &Actor,
    id: Uuid,
    version: i32,
) -> DomainResult<CashCollection> {
    let customer: Uuid =
        sqlx::query_scalar("SELECT customer_id FROM cash_collections WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(DomainError::NotFound)?;
    lock_customer(&mut *tx, actor, customer).await?;
    finance(actor)?;
    let row: CashCollection =
        sqlx::query_as("SELECT * FROM cash_collections WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    if row.status != "PENDING" {
        return Err(DomainError::conflict(format!(
            "the declaration is {} already",
            row.status.to_lowercase()
        )));
    }
    check_version(&row, version, "cash collection")?;
    Ok(row)
}

/// `confirmCashHandover`: the declared money reached finance on
/// `handed_over_on` (not in the future, not before the collection day:
/// VALIDATION `handedOverOn`). Records its receipt (REC-2 allocation,
/// REC-7 hold lift) and returns the confirmed declaration with it.
pub async fn confirm(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    handed_over_on: NaiveDate,
    version: i32,
) -> DomainResult<(CashCollection, Receipt)> {
    not_future("handedOverOn", handed_over_on, company_date(ctx.now))?;
    let mut tx = pool.begin().await?;
    let old = lock_pending(&mut tx, &ctx.actor, id, version).await?;
    if handed_over_on < old.collected_on {
        return Err(DomainError::validation(
            "handedOverOn",
            format!(
                "must not be before the day the money was collected, {}",
                old.collected_on
            ),
        ));
    }
    // Finance may have recorded the same money with `recordReceipt
    // (collectedBy)` already: confirming would count it twice.
    let twin: Option<Uuid> = sqlx::query_scalar(
        "SELECT id FROM receipts
          WHERE customer_id = $1 AND collected_by = $2 AND collected_on = $3 AND amount = $4
            AND method = $5 AND reversed_at IS NULL LIMIT 1",
    )
    .bind(old.customer_id)
    .bind(old.collected_by)
    .bind(old.collected_on)
    .bind(old.amount)
    .bind(&old.method)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(receipt) = twin {
        return Err(DomainError::conflict(format!(
            "receipt {receipt} records the same money (customer, collector, day, amount, method): reject this declaration, or reverse that receipt first"
        )));
    }
    let input = NewReceipt {
        customer_id: old.customer_id,
        amount: old.amount,
        received_on: old.collected_on,
        method: old.method.clone(),
        reference: old.reference.clone(),
        note: old.note.clone(),
        allocations: None,
    };
    let (recorded, _) = record_in(&mut tx, ctx, &input, Some(old.collected_by)).await?;
    let me = finance(&ctx.actor)?;
    let receipt: Receipt = sqlx::query_as(
        "UPDATE receipts SET handed_over_on = $2, handed_over_to = $3 WHERE id = $1 RETURNING *",
    )
    .bind(recorded.id)
    .bind(handed_over_on)
    .bind(me)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(
        &mut tx,
        ctx,
        super::RECEIPT,
        receipt.id,
        super::handover::HANDOVER,
        &recorded,
        &receipt,
    )
    .await?;
    let new: CashCollection = sqlx::query_as(
        "UPDATE cash_collections SET status = 'CONFIRMED', decided_by = $2, decided_at = $3,
             handed_over_on = $4, receipt_id = $5, version = version + 1
          WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(me)
    .bind(ctx.now)
    .bind(handed_over_on)
    .bind(receipt.id)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, CASH_COLLECTION, id, "CONFIRM", &old, &new).await?;
    tx.commit().await?;
    Ok((new, receipt))
}

/// `rejectCashCollection`: finance closes a declaration that does not match
/// the money handed over (declared twice, wrong amount: the rep declares
/// again). A reason is required (VALIDATION `reason`, at most 500
/// characters).
pub async fn reject(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    reason: Option<&str>,
    version: i32,
) -> DomainResult<CashCollection> {
    let reason = required_text("reason", reason, 500)?;
    let mut tx = pool.begin().await?;
    let old = lock_pending(&mut tx, &ctx.actor, id, version).await?;
    let me = finance(&ctx.actor)?;
    let new: CashCollection = sqlx::query_as(
        "UPDATE cash_collections SET status = 'REJECTED', decided_by = $2, decided_at = $3,
             reject_reason = $4, version = version + 1
          WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(me)
    .bind(ctx.now)
    .bind(&reason)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, CASH_COLLECTION, id, "REJECT", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// Appends who sees a declaration (alias `cc`, customer `cu`): finance,
/// the sales director and the general manager all; others those of
/// customers in their receivable scope and their own.
fn push_visible(qb: &mut QueryBuilder<sqlx::Postgres>, actor: &Actor) {
    if actor.has_any(&READ_ALL) {
        return;
    }
    qb.push(" AND (cc.collected_by = ");
    qb.push_bind(actor.user_id);
    qb.push(" OR (true");
    push_customer_scope(qb, actor);
    qb.push("))");
}

/// Which declarations a list shows.
#[derive(Clone, Debug, Default)]
pub struct CollectionFilter {
    /// PENDING, CONFIRMED or REJECTED; None: all.
    pub status: Option<String>,
    pub customer_id: Option<Uuid>,
    /// Only those pending more than 90 days.
    pub overdue_only: bool,
}

/// `cashCollections`: finance, the sales director and the general manager
/// see all; others the declarations of customers in their receivable scope
/// and their own. Oldest collection first, at most 1000.
pub async fn list(
    pool: &PgPool,
    actor: &Actor,
    filter: &CollectionFilter,
    today: NaiveDate,
) -> DomainResult<Vec<CashCollection>> {
    if let Some(s) = &filter.status
        && !["PENDING", "CONFIRMED", "REJECTED"].contains(&s.as_str())
    {
        return Err(DomainError::validation(
            "status",
            "PENDING, CONFIRMED or REJECTED",
        ));
    }
    let mut qb = QueryBuilder::new(
        "SELECT cc.* FROM cash_collections cc JOIN customers cu ON cu.id = cc.customer_id WHERE true",
    );
    push_visible(&mut qb, actor);
    if let Some(s) = &filter.status {
        qb.push(" AND cc.status = ").push_bind(s.clone());
    }
    if let Some(c) = filter.customer_id {
        qb.push(" AND cc.customer_id = ").push_bind(c);
    }
    if filter.overdue_only {
        qb.push(" AND cc.status = 'PENDING' AND cc.collected_on < ")
            .push_bind(today - chrono::Duration::days(super::handover::HANDOVER_DAYS));
    }
    qb.push(" ORDER BY cc.collected_on, cc.id LIMIT 1000");
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// One declaration the caller may see (as [`list`]); None otherwise.
pub async fn get(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<Option<CashCollection>> {
    let mut qb = QueryBuilder::new(
        "SELECT cc.* FROM cash_collections cc JOIN customers cu ON cu.id = cc.customer_id WHERE cc.id = ",
    );
    qb.push_bind(id);
    push_visible(&mut qb, actor);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

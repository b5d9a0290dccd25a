//! REC-6 pauses: promises to pay (a date by which the customer says it will
//! pay: dunning of the item, or of all the customer's items, waits through
//! that date) and payment disputes (dunning of the item waits until the
//! dispute is closed).
//!
//! Who: finance, or the owner line of the item (customer-wide promises: of
//! the customer) — the owner, their supervisor, manager, the director, the
//! general manager (ORG-3 write scope, project teams excluded). Outside the
//! caller's receivable read scope → NOT_FOUND; readable but not writable →
//! FORBIDDEN. Every change is audited (PROMISE_TO_PAY CREATE/CANCEL,
//! PAYMENT_DISPUTE OPEN/CLOSE) under the customer row lock.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::{MAX_PROMISE_DAYS, PAYMENT_DISPUTE, PROMISE_TO_PAY};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::{Access, Actor, Resource, Role, Scope};
use crate::receivables::ledger::{open_amount, posted_amount};
use crate::receivables::{
    Item, check_amount, lock_customer, lock_customer_unscoped, optional_text, push_customer_scope,
    required_text, visible_item,
};

/// A promise to pay (REC-6).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Promise {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub item_id: Option<Uuid>,
    pub promised_date: NaiveDate,
    pub amount: Decimal,
    pub note: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancelled_by: Option<Uuid>,
    pub cancel_reason: Option<String>,
}

/// A payment dispute (REC-6).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Dispute {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub item_id: Option<Uuid>,
    pub reason: String,
    pub opened_by: Uuid,
    pub opened_at: DateTime<Utc>,
    pub closed_by: Option<Uuid>,
    pub closed_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
}

/// A promise as entered (`recordPromiseToPay`).
#[derive(Clone, Debug)]
pub struct NewPromise {
    pub customer_id: Uuid,
    /// None: all the customer's items.
    pub item_id: Option<Uuid>,
    /// Today or later, at most [`MAX_PROMISE_DAYS`] ahead.
    pub promised_date: NaiveDate,
    /// > 0, 2 places.
    pub amount: Decimal,
    pub note: Option<String>,
}

fn writer(actor: &Actor) -> DomainResult<Uuid> {
    match actor.user_id {
        Some(me) if !actor.read_only => Ok(me),
        _ => Err(DomainError::Forbidden(
            "only a signed-in user may record promises to pay and disputes".into(),
        )),
    }
}

/// FORBIDDEN unless the actor is finance or in the owner line of the row
/// (`table` aliased with owner/unit columns), checked with the write scope.
async fn may_write(
    conn: &mut PgConnection,
    actor: &Actor,
    from: &str,
    owner_col: &str,
    unit_col: &str,
    id: Uuid,
) -> DomainResult<Uuid> {
    let me = writer(actor)?;
    if actor.has_role(Role::Finance) {
        return Ok(me);
    }
    let mut qb = QueryBuilder::new(format!("SELECT EXISTS (SELECT 1 FROM {from} = "));
    qb.push_bind(id);
    Scope::of(actor, Resource::Receivable, Access::Write)
        .push_filter(&mut qb, owner_col, unit_col, None);
    qb.push(")");
    let ok: bool = qb.build_query_scalar().fetch_one(&mut *conn).await?;
    if !ok {
        return Err(DomainError::Forbidden(
            "only finance or the owner's line may record promises to pay and disputes".into(),
        ));
    }
    Ok(me)
}

async fn writable_item(
    conn: &mut PgConnection,
    actor: &Actor,
    field: &str,
    id: Uuid,
) -> DomainResult<(Item, Uuid)> {
    let item = visible_item(conn, actor, field, id).await?;
    lock_customer_unscoped(conn, item.customer_id).await?;
    let me = may_write(
        conn,
        actor,
        "receivable_items ri WHERE ri.id",
        "ri.owner_id",
        "ri.owner_unit_id",
        id,
    )
    .await?;
    Ok((item, me))
}

/// Records a promise to pay (mutation `recordPromiseToPay`). VALIDATION:
/// `amount` (> 0, 2 places), `note` (≤ 2000), `promisedDate` (today or
/// later, at most a year ahead; overlapping an active promise of the same
/// item, or either one customer-wide), `itemId` (not the customer's, or
/// nothing open). Audited as PROMISE_TO_PAY CREATE.
pub async fn record_promise(pool: &PgPool, ctx: &Ctx, input: &NewPromise) -> DomainResult<Promise> {
    let amount = check_amount("amount", input.amount)?;
    let note = optional_text("note", input.note.as_deref(), 2000)?;
    let today = crate::clock::company_date(ctx.now);
    if input.promised_date < today {
        return Err(DomainError::validation(
            "promisedDate",
            "must not be in the past",
        ));
    }
    if input.promised_date > today + Duration::days(MAX_PROMISE_DAYS) {
        return Err(DomainError::validation(
            "promisedDate",
            format!("at most {MAX_PROMISE_DAYS} days ahead"),
        ));
    }
    let mut tx = pool.begin().await?;
    let me = match input.item_id {
        Some(id) => {
            let (item, me) = writable_item(&mut tx, &ctx.actor, "itemId", id).await?;
            if item.customer_id != input.customer_id {
                return Err(DomainError::validation(
                    "itemId",
                    "not an item of this customer",
                ));
            }
            // Paid (or written off) in full; an item not posted yet has
            // nothing open in the ledger but is still owed.
            if open_amount(&mut tx, id).await? <= Decimal::ZERO
                && posted_amount(&mut tx, id).await? >= item.amount
            {
                return Err(DomainError::validation(
                    "itemId",
                    "the item has nothing open",
                ));
            }
            me
        }
        None => {
            lock_customer(&mut tx, &ctx.actor, input.customer_id).await?;
            may_write(
                &mut tx,
                &ctx.actor,
                "customers cu WHERE cu.id",
                "cu.owner_id",
                "cu.owner_unit_id",
                input.customer_id,
            )
            .await?
        }
    };
    let overlap: Option<NaiveDate> = sqlx::query_scalar(
        "SELECT promised_date FROM promises_to_pay
          WHERE customer_id = $1 AND cancelled_at IS NULL AND promised_date >= $3
            AND ($2::uuid IS NULL OR item_id IS NULL OR item_id = $2)
          ORDER BY promised_date LIMIT 1",
    )
    .bind(input.customer_id)
    .bind(input.item_id)
    .bind(today)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(d) = overlap {
        return Err(DomainError::validation(
            "promisedDate",
            format!(
                "overlaps the active promise to pay by {d}; cancel it first or wait until it has passed"
            ),
        ));
    }
    let (inst, ship) = match input.item_id {
        Some(id) => {
            let kind: Option<String> =
                sqlx::query_scalar("SELECT kind FROM receivable_items WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if kind.as_deref() == Some("SHIPMENT") {
                (None, Some(id))
            } else {
                (Some(id), None)
            }
        }
        None => (None, None),
    };
    let p: Promise = sqlx::query_as(
        "INSERT INTO promises_to_pay (id, customer_id, installment_id, shipment_id, promised_date, amount, note,
             created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(input.customer_id)
    .bind(inst)
    .bind(ship)
    .bind(input.promised_date)
    .bind(amount)
    .bind(&note)
    .bind(me)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        PROMISE_TO_PAY,
        p.id,
        "CREATE",
        &audit::created(&p),
    )
    .await?;
    tx.commit().await?;
    Ok(p)
}

/// Cancels a promise (mutation `cancelPromiseToPay`): dunning resumes on
/// the next scan. Cancelled already → CONFLICT. Audited as PROMISE_TO_PAY
/// CANCEL.
pub async fn cancel_promise(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    reason: Option<&str>,
) -> DomainResult<Promise> {
    let reason = optional_text("reason", reason, 2000)?;
    let mut tx = pool.begin().await?;
    let found: Option<(Uuid, Option<Uuid>)> =
        sqlx::query_as("SELECT customer_id, item_id FROM promises_to_pay WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let (customer, item) = found.ok_or(DomainError::NotFound)?;
    let me = match item {
        Some(item) => writable_item(&mut tx, &ctx.actor, "id", item).await?.1,
        None => {
            lock_customer(&mut tx, &ctx.actor, customer).await?;
            may_write(
                &mut tx,
                &ctx.actor,
                "customers cu WHERE cu.id",
                "cu.owner_id",
                "cu.owner_unit_id",
                customer,
            )
            .await?
        }
    };
    let old: Promise = sqlx::query_as("SELECT * FROM promises_to_pay WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if old.cancelled_at.is_some() {
        return Err(DomainError::conflict("the promise is already cancelled"));
    }
    let new: Promise = sqlx::query_as(
        "UPDATE promises_to_pay SET cancelled_at = $2, cancelled_by = $3, cancel_reason = $4 WHERE id = $1
         RETURNING *",
    )
    .bind(id)
    .bind(ctx.now)
    .bind(me)
    .bind(&reason)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, PROMISE_TO_PAY, id, "CANCEL", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// Opens a payment dispute on an item (mutation `openPaymentDispute`):
/// `reason` required (VALIDATION); an open dispute on the item already →
/// CONFLICT. Audited as PAYMENT_DISPUTE OPEN.
pub async fn open_dispute(
    pool: &PgPool,
    ctx: &Ctx,
    item_id: Uuid,
    reason: Option<&str>,
) -> DomainResult<Dispute> {
    let reason = required_text("reason", reason, 2000)?;
    let mut tx = pool.begin().await?;
    let (item, me) = writable_item(&mut tx, &ctx.actor, "itemId", item_id).await?;
    let open: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM payment_disputes WHERE item_id = $1 AND closed_at IS NULL)",
    )
    .bind(item_id)
    .fetch_one(&mut *tx)
    .await?;
    if open {
        return Err(DomainError::conflict(
            "the item already has an open payment dispute",
        ));
    }
    let d: Dispute = sqlx::query_as(
        "INSERT INTO payment_disputes (id, customer_id, installment_id, shipment_id, reason, opened_by, opened_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(item.customer_id)
    .bind(item.installment_id)
    .bind(item.shipment_id)
    .bind(&reason)
    .bind(me)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        PAYMENT_DISPUTE,
        d.id,
        "OPEN",
        &audit::created(&d),
    )
    .await?;
    tx.commit().await?;
    Ok(d)
}

/// Closes a dispute (mutation `closePaymentDispute`) with an optional
/// resolution: dunning of the item resumes on the next scan. Closed
/// already → CONFLICT. Audited as PAYMENT_DISPUTE CLOSE.
pub async fn close_dispute(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    resolution: Option<&str>,
) -> DomainResult<Dispute> {
    let resolution = optional_text("resolution", resolution, 2000)?;
    let mut tx = pool.begin().await?;
    let item: Option<Option<Uuid>> =
        sqlx::query_scalar("SELECT item_id FROM payment_disputes WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let item = item.flatten().ok_or(DomainError::NotFound)?;
    let (_, me) = writable_item(&mut tx, &ctx.actor, "id", item).await?;
    let old: Dispute = sqlx::query_as("SELECT * FROM payment_disputes WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if old.closed_at.is_some() {
        return Err(DomainError::conflict("the dispute is already closed"));
    }
    let new: Dispute = sqlx::query_as(
        "UPDATE payment_disputes SET closed_at = $2, closed_by = $3, resolution = $4 WHERE id = $1
         RETURNING *",
    )
    .bind(id)
    .bind(ctx.now)
    .bind(me)
    .bind(&resolution)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, PAYMENT_DISPUTE, id, "CLOSE", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// The customer's promises (newest first) and disputes (newest first),
/// optionally of one item (customer-wide promises included). Scope is the
/// caller's.
pub(crate) async fn of_customer(
    conn: &mut PgConnection,
    customer: Uuid,
    item: Option<Uuid>,
) -> DomainResult<(Vec<Promise>, Vec<Dispute>)> {
    let promises = sqlx::query_as(
        "SELECT * FROM promises_to_pay
          WHERE customer_id = $1 AND ($2::uuid IS NULL OR item_id IS NULL OR item_id = $2)
          ORDER BY created_at DESC, id DESC LIMIT 500",
    )
    .bind(customer)
    .bind(item)
    .fetch_all(&mut *conn)
    .await?;
    let disputes = sqlx::query_as(
        "SELECT * FROM payment_disputes
          WHERE customer_id = $1 AND ($2::uuid IS NULL OR item_id = $2)
          ORDER BY opened_at DESC, id DESC LIMIT 500",
    )
    .bind(customer)
    .bind(item)
    .fetch_all(&mut *conn)
    .await?;
    Ok((promises, disputes))
}

/// Whether the actor may read the audit trail (ORG-4) of a promise to pay
/// or a payment dispute: through its customer's receivable scope.
pub async fn audit_visible(
    pool: &PgPool,
    actor: &Actor,
    entity: &str,
    id: Uuid,
) -> DomainResult<bool> {
    let table = match entity {
        PROMISE_TO_PAY => "promises_to_pay",
        PAYMENT_DISPUTE => "payment_disputes",
        _ => return Ok(false),
    };
    let mut qb = QueryBuilder::new(format!(
        "SELECT EXISTS (SELECT 1 FROM {table} r JOIN customers cu ON cu.id = r.customer_id WHERE r.id = "
    ));
    qb.push_bind(id);
    push_customer_scope(&mut qb, actor);
    qb.push(")");
    Ok(qb.build_query_scalar().fetch_one(pool).await?)
}

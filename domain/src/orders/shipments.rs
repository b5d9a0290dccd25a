//! CON-5 shipments (发送登记簿): what left, when, by which carrier, and when
//! the customer received it. A shipment locks its order (within the
//! actor's write scope), so concurrent shipments of one order queue and
//! never ship more than was ordered.
//!
//! `shipments.amount` (Σ shipped quantity × unit price, each line rounded
//! to the cent) is the sale the delivery note posts to the receivables
//! ledger (REC-1); the posting itself belongs to the receivables work.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::store::{fetch, load_lines};
use super::{
    MAX_LINES, ORDER, Order, OrderStatus, SHIPMENT, check_quantity, lock_order, next_number,
    optional, push_order_scope, writer,
};
use crate::Ctx;
use crate::audit::{self, FieldChange};
use crate::error::{DomainError, DomainResult, unique_violation};
use crate::org::{Access, Actor};
use crate::pipeline::quotes::cents;

/// A shipment (CON-5).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Shipment {
    pub id: Uuid,
    /// FH-<year>-<5 digits> unless given.
    pub number: String,
    pub order_id: Uuid,
    pub shipped_date: NaiveDate,
    pub carrier: Option<String>,
    pub tracking_no: Option<String>,
    /// The sale the delivery note posts (REC-1).
    pub amount: Decimal,
    pub delivered_date: Option<NaiveDate>,
    pub note: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
}

/// One line of a shipment.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct ShipmentLine {
    #[serde(skip)]
    pub shipment_id: Uuid,
    pub order_line_id: Uuid,
    pub quantity: Decimal,
}

/// A shipment line as entered.
#[derive(Clone, Debug)]
pub struct NewShipmentLine {
    pub order_line_id: Uuid,
    /// > 0, at most 3 places, at most what remains to ship of the line.
    pub quantity: Decimal,
}

/// A shipment as entered (`recordShipment`).
#[derive(Clone, Debug)]
pub struct NewShipment {
    pub order_id: Uuid,
    /// 1–40 characters, unique; default FH-<year>-<seq>.
    pub number: Option<String>,
    /// Not after today (company calendar).
    pub shipped_date: NaiveDate,
    /// At most 100 characters.
    pub carrier: Option<String>,
    /// At most 100 characters.
    pub tracking_no: Option<String>,
    /// At most 2000 characters.
    pub note: Option<String>,
    /// 1 to 200, each order line at most once.
    pub lines: Vec<NewShipmentLine>,
}

#[derive(Serialize)]
struct Audited<'a> {
    #[serde(flatten)]
    shipment: &'a Shipment,
    lines: &'a [ShipmentLine],
}

/// Records a shipment (mutation `recordShipment`) of a CONFIRMED,
/// IN_PRODUCTION or READY order (partly shipped ones included; anything
/// else is CONFLICT). Each quantity must not exceed what remains of its
/// line (VALIDATION `lines.<i>.quantity`); a line of another order is
/// VALIDATION `lines.<i>.orderLineId`. The shipped quantities grow; when
/// every line is fully shipped the order becomes SHIPPED (ORDER STATUS).
/// Audited as SHIPMENT CREATE.
pub async fn record_shipment(
    pool: &PgPool,
    ctx: &Ctx,
    input: &NewShipment,
) -> DomainResult<(Shipment, Vec<ShipmentLine>)> {
    let me = writer(&ctx.actor)?;
    let number = optional("number", input.number.as_deref(), 40)?;
    let carrier = optional("carrier", input.carrier.as_deref(), 100)?;
    let tracking_no = optional("trackingNo", input.tracking_no.as_deref(), 100)?;
    let note = optional("note", input.note.as_deref(), 2000)?;
    let today = crate::clock::company_date(ctx.now);
    if input.shipped_date > today {
        return Err(DomainError::validation(
            "shippedDate",
            "must not be in the future",
        ));
    }
    if input.lines.is_empty() || input.lines.len() > MAX_LINES {
        return Err(DomainError::validation(
            "lines",
            format!("a shipment has 1 to {MAX_LINES} lines"),
        ));
    }
    let mut seen = HashSet::new();
    let mut quantities = Vec::with_capacity(input.lines.len());
    for (i, l) in input.lines.iter().enumerate() {
        if !seen.insert(l.order_line_id) {
            return Err(DomainError::validation(
                format!("lines.{i}.orderLineId"),
                "each order line at most once per shipment",
            ));
        }
        quantities.push(check_quantity(&format!("lines.{i}.quantity"), l.quantity)?);
    }
    let mut tx = pool.begin().await?;
    let old = lock_order(&mut tx, &ctx.actor, input.order_id, None).await?;
    if !old.status.is_open() {
        return Err(DomainError::conflict(format!(
            "the order is {}; shipments are recorded for confirmed orders not yet fully shipped",
            old.status
        )));
    }
    if old
        .confirmed_at
        .is_some_and(|c| input.shipped_date < crate::clock::company_date(c))
    {
        return Err(DomainError::validation(
            "shippedDate",
            "must not be before the order was confirmed",
        ));
    }
    let order_lines = load_lines(&mut tx, old.id).await?;
    let mut amount = Decimal::ZERO;
    for (i, (l, q)) in input.lines.iter().zip(&quantities).enumerate() {
        let Some(ol) = order_lines.iter().find(|ol| ol.id == l.order_line_id) else {
            return Err(DomainError::validation(
                format!("lines.{i}.orderLineId"),
                "not a line of this order",
            ));
        };
        if *q > ol.remaining() {
            return Err(DomainError::validation(
                format!("lines.{i}.quantity"),
                format!(
                    "only {} of line {} ({}) remain to ship",
                    ol.remaining(),
                    ol.position,
                    ol.product
                ),
            ));
        }
        amount += cents(*q * ol.unit_price);
    }
    let number = match number {
        Some(n) => n,
        None => {
            let year = crate::clock::company_date(ctx.now).year();
            next_number(&mut tx, "SHIPMENT", "FH", "shipments", year).await?
        }
    };
    let id = Uuid::now_v7();
    let inserted = sqlx::query_as::<_, Shipment>(
        "INSERT INTO shipments (id, number, order_id, shipped_date, carrier, tracking_no, amount, note,
             created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *",
    )
    .bind(id)
    .bind(&number)
    .bind(old.id)
    .bind(input.shipped_date)
    .bind(&carrier)
    .bind(&tracking_no)
    .bind(cents(amount))
    .bind(&note)
    .bind(me)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await;
    let shipment = match inserted {
        Ok(s) => s,
        Err(e) if unique_violation(&e).is_some() => {
            return Err(DomainError::conflict(format!(
                "a shipment numbered {number} already exists"
            )));
        }
        Err(e) => return Err(e.into()),
    };
    let mut qb =
        QueryBuilder::new("INSERT INTO shipment_lines (shipment_id, order_line_id, quantity) ");
    qb.push_values(input.lines.iter().zip(&quantities), |mut b, (l, q)| {
        b.push_bind(id).push_bind(l.order_line_id).push_bind(*q);
    });
    qb.build().execute(&mut *tx).await?;
    sqlx::query(
        "UPDATE order_lines ol SET shipped_qty = ol.shipped_qty + sl.quantity
         FROM shipment_lines sl WHERE sl.shipment_id = $1 AND sl.order_line_id = ol.id",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let fully: bool = sqlx::query_scalar(
        "SELECT NOT EXISTS (SELECT 1 FROM order_lines WHERE order_id = $1 AND shipped_qty < quantity)",
    )
    .bind(old.id)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE orders SET status = CASE WHEN $2 THEN 'SHIPPED' ELSE status END, updated_at = $3,
             version = version + 1
         WHERE id = $1",
    )
    .bind(old.id)
    .bind(fully)
    .bind(ctx.now)
    .execute(&mut *tx)
    .await?;
    if fully {
        let new = fetch(&mut tx, old.id).await?;
        audit::record_diff(&mut tx, ctx, ORDER, old.id, "STATUS", &old, &new).await?;
    }
    let lines = lines_of(&mut tx, &[id]).await?;
    let changes = audit::created(&Audited {
        shipment: &shipment,
        lines: &lines,
    });
    audit::record(&mut tx, ctx, SHIPMENT, id, "CREATE", &changes).await?;
    // CON-5 / REC-1: the delivery note of an order outside a contract posts
    // its sale (within a contract the installments are the claim).
    crate::receivables::post_delivery(&mut tx, id, ctx).await?;
    tx.commit().await?;
    Ok((shipment, lines))
}

/// Records that the customer received a shipment (mutation
/// `confirmDelivery`): once (again → CONFLICT), not before it shipped and
/// not after today (VALIDATION `deliveredDate`). Audited as SHIPMENT
/// DELIVERED. When its order is fully shipped and every shipment of it
/// delivered, the order becomes DELIVERED (ORDER DELIVERED); when then
/// every non-cancelled order of its contract is DELIVERED, the contract's
/// DELIVERY-triggered installments without a due date get the last
/// delivery date + their offset (CONTRACT DELIVERY_DUE).
pub async fn confirm_delivery(
    pool: &PgPool,
    ctx: &Ctx,
    shipment_id: Uuid,
    delivered: NaiveDate,
) -> DomainResult<Shipment> {
    writer(&ctx.actor)?;
    let mut tx = pool.begin().await?;
    let order_id: Uuid = sqlx::query_scalar("SELECT order_id FROM shipments WHERE id = $1")
        .bind(shipment_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    let order = lock_order(&mut tx, &ctx.actor, order_id, None).await?;
    let old: Shipment = sqlx::query_as("SELECT * FROM shipments WHERE id = $1 FOR UPDATE")
        .bind(shipment_id)
        .fetch_one(&mut *tx)
        .await?;
    if old.delivered_date.is_some() {
        return Err(DomainError::conflict(
            "the shipment's delivery is already recorded",
        ));
    }
    let today = crate::clock::company_date(ctx.now);
    if delivered < old.shipped_date || delivered > today {
        return Err(DomainError::validation(
            "deliveredDate",
            "must be between the shipped date and today",
        ));
    }
    let new: Shipment =
        sqlx::query_as("UPDATE shipments SET delivered_date = $2 WHERE id = $1 RETURNING *")
            .bind(shipment_id)
            .bind(delivered)
            .fetch_one(&mut *tx)
            .await?;
    audit::record_diff(&mut tx, ctx, SHIPMENT, shipment_id, "DELIVERED", &old, &new).await?;
    let all_delivered: bool = sqlx::query_scalar(
        "SELECT NOT EXISTS (SELECT 1 FROM shipments WHERE order_id = $1 AND delivered_date IS NULL)",
    )
    .bind(order_id)
    .fetch_one(&mut *tx)
    .await?;
    if order.status == OrderStatus::Shipped && all_delivered {
        deliver_order(&mut tx, ctx, &order).await?;
    }
    tx.commit().await?;
    Ok(new)
}

async fn deliver_order(conn: &mut PgConnection, ctx: &Ctx, old: &Order) -> DomainResult<()> {
    let new: Order = sqlx::query_as(
        "UPDATE orders SET status = 'DELIVERED', delivered_at = $2, updated_at = $2, version = version + 1
         WHERE id = $1 RETURNING *",
    )
    .bind(old.id)
    .bind(ctx.now)
    .fetch_one(&mut *conn)
    .await?;
    audit::record_diff(conn, ctx, ORDER, old.id, "DELIVERED", old, &new).await?;
    let Some(contract) = old.contract_id else {
        return Ok(());
    };
    // Serialises the last deliveries of one contract's orders: each waits
    // for the other, then sees it DELIVERED.
    sqlx::query("SELECT id FROM contracts WHERE id = $1 FOR UPDATE")
        .bind(contract)
        .execute(&mut *conn)
        .await?;
    let last: Option<NaiveDate> = sqlx::query_scalar(
        "SELECT CASE WHEN bool_and(o.status = 'DELIVERED') THEN max(s.delivered_date) END
         FROM orders o LEFT JOIN shipments s ON s.order_id = o.id
         WHERE o.contract_id = $1 AND o.status <> 'CANCELLED'",
    )
    .bind(contract)
    .fetch_one(&mut *conn)
    .await?;
    let Some(last) = last else {
        return Ok(());
    };
    let set: Vec<(i32, NaiveDate)> = sqlx::query_as(
        "UPDATE contract_installments SET due_date = $2 + offset_days
         WHERE contract_id = $1 AND trigger = 'DELIVERY' AND due_date IS NULL
         RETURNING position, due_date",
    )
    .bind(contract)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?;
    if !set.is_empty() {
        let changes: Vec<FieldChange> = set
            .iter()
            .map(|(pos, due)| FieldChange {
                field: format!("installments.{pos}.due_date"),
                old: serde_json::Value::Null,
                new: due.to_string().into(),
            })
            .collect();
        audit::record(conn, ctx, "CONTRACT", contract, "DELIVERY_DUE", &changes).await?;
    }
    Ok(())
}

/// The lines of shipments, by shipment then order line position.
pub(crate) async fn lines_of(
    conn: &mut PgConnection,
    shipments: &[Uuid],
) -> DomainResult<Vec<ShipmentLine>> {
    Ok(sqlx::query_as(
        "SELECT sl.* FROM shipment_lines sl JOIN order_lines ol ON ol.id = sl.order_line_id
         WHERE sl.shipment_id = ANY($1) ORDER BY sl.shipment_id, ol.position",
    )
    .bind(shipments)
    .fetch_all(conn)
    .await?)
}

/// One shipment if the actor may read its order.
pub async fn get(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<Option<Shipment>> {
    let mut qb = QueryBuilder::new(
        "SELECT s.* FROM shipments s JOIN orders o ON o.id = s.order_id WHERE s.id = ",
    );
    qb.push_bind(id);
    push_order_scope(&mut qb, actor, Access::Read);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// The shipments of many orders, by order and shipped date. The caller has
/// checked that the orders are visible.
pub async fn of_orders(pool: &PgPool, orders: &[Uuid]) -> DomainResult<Vec<Shipment>> {
    Ok(sqlx::query_as(
        "SELECT * FROM shipments WHERE order_id = ANY($1) ORDER BY order_id, shipped_date, number",
    )
    .bind(orders)
    .fetch_all(pool)
    .await?)
}

/// The lines of many shipments (visibility checked by the caller).
pub async fn lines_of_shipments(
    pool: &PgPool,
    shipments: &[Uuid],
) -> DomainResult<Vec<ShipmentLine>> {
    let mut conn = pool.acquire().await?;
    lines_of(&mut conn, shipments).await
}

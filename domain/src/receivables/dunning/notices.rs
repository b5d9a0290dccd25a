//! The dunning notifications (AUTO-3, AUTO-6):
//!
//! | kind | to | key |
//! |---|---|---|
//! | `dunning_notice` | the customer's billing contacts (email, their language) | `dunning:{item}:L{n}:contact:{contact}` |
//! | `dunning_alert` | the level's people (email + in-app twin) | `dunning:{item}:L{n}:user:{user}` |
//!
//! The payload is recorded at scan time and re-read at send time
//! ([`refresh_payload`]): the email states the item's open amount and the
//! customer's overdue items as they are when it is sent. A notice of an item
//! paid since, or paused since by a promise to pay or an open dispute, is
//! cancelled ([`cancel_reason`]).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Value, json};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::error::DomainResult;
use crate::notify::Notification;

/// The kinds of dunning notifications.
pub const KINDS: [&str; 2] = ["dunning_notice", "dunning_alert"];

/// One overdue item of a customer as shown in the emails.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct OverdueLine {
    pub item_id: Uuid,
    pub label: String,
    pub due_date: NaiveDate,
    pub amount: Decimal,
    pub open: Decimal,
    pub days_overdue: i32,
}

/// The customer's items with an open amount whose due date is before
/// `today`, oldest due first.
pub(crate) async fn overdue_lines(
    conn: &mut PgConnection,
    customer: Uuid,
    today: NaiveDate,
) -> DomainResult<Vec<OverdueLine>> {
    Ok(sqlx::query_as(
        "SELECT ri.id AS item_id, ri.label, ri.due_date, ri.amount, ri.open_amount AS open,
                ($2::date - ri.due_date) AS days_overdue
           FROM receivable_items ri
          WHERE ri.customer_id = $1 AND ri.due_date < $2 AND ri.open_amount > 0
          ORDER BY ri.due_date, ri.id",
    )
    .bind(customer)
    .bind(today)
    .fetch_all(conn)
    .await?)
}

/// The overdue list and its total as payload fields.
pub(crate) fn list_fields(lines: &[OverdueLine]) -> (Value, String) {
    let items: Vec<Value> = lines
        .iter()
        .map(|l| {
            json!({
                "label": l.label,
                "due_date": l.due_date.to_string(),
                "amount": money(l.amount),
                "open": money(l.open),
                "days_overdue": l.days_overdue,
            })
        })
        .collect();
    let total: Decimal = lines.iter().map(|l| l.open).sum();
    (Value::Array(items), money(total))
}

/// An amount with exactly 2 decimal places.
pub(crate) fn money(v: Decimal) -> String {
    let mut v = v.round_dp(2);
    v.rescale(2);
    v.to_string()
}

/// Why the item is paused on `today`, if it is: a promise to pay not
/// cancelled whose date is today or later (on the item, or customer-wide),
/// or an open dispute on the item.
pub(crate) async fn pause_of(
    conn: &mut PgConnection,
    customer: Uuid,
    item: Uuid,
    today: NaiveDate,
) -> DomainResult<Option<String>> {
    let promised: Option<NaiveDate> = sqlx::query_scalar(
        "SELECT max(promised_date) FROM promises_to_pay
          WHERE customer_id = $1 AND (item_id IS NULL OR item_id = $2)
            AND cancelled_at IS NULL AND promised_date >= $3",
    )
    .bind(customer)
    .bind(item)
    .bind(today)
    .fetch_one(&mut *conn)
    .await?;
    if let Some(d) = promised {
        return Ok(Some(format!("paused by a promise to pay by {d}")));
    }
    let disputed: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM payment_disputes WHERE item_id = $1 AND closed_at IS NULL)",
    )
    .bind(item)
    .fetch_one(&mut *conn)
    .await?;
    Ok(disputed.then(|| "paused by an open payment dispute".to_owned()))
}

fn payload_ids(p: &Value) -> Option<(Uuid, Uuid)> {
    let get = |f: &str| p.get(f)?.as_str()?.parse::<Uuid>().ok();
    Some((get("customer_id")?, get("item_id")?))
}

async fn open_of(conn: &mut PgConnection, item: Uuid) -> DomainResult<Decimal> {
    Ok(
        sqlx::query_scalar(
            "SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE item_id = $1",
        )
        .bind(item)
        .fetch_one(conn)
        .await?,
    )
}

/// AUTO-6 re-check of a dunning notification at send time: cancelled when
/// the item is paid (open amount ≤ 0: "paid") or paused (a promise to pay
/// or an open dispute). REC-7: paid in full ends dunning.
pub async fn cancel_reason(
    pool: &PgPool,
    n: &Notification,
    today: NaiveDate,
) -> DomainResult<Option<String>> {
    let Some((customer, item)) = payload_ids(&n.payload) else {
        return Ok(None);
    };
    let mut conn = pool.acquire().await?;
    if open_of(&mut conn, item).await? <= Decimal::ZERO {
        return Ok(Some("paid".to_owned()));
    }
    pause_of(&mut conn, customer, item, today).await
}

/// The payload of a dunning notification re-read at send time (`None` for
/// other kinds): the item's open and paid amounts, days overdue, and the
/// customer's overdue items with their open amounts as of `today`, so a
/// partly paid item's email states what remains.
pub async fn refresh_payload(
    pool: &PgPool,
    n: &Notification,
    today: NaiveDate,
) -> DomainResult<Option<Value>> {
    if !KINDS.contains(&n.kind.as_str()) {
        return Ok(None);
    }
    let Some((customer, item)) = payload_ids(&n.payload) else {
        return Ok(None);
    };
    let mut conn = pool.acquire().await?;
    let open = open_of(&mut conn, item).await?;
    let lines = overdue_lines(&mut conn, customer, today).await?;
    let (items, total) = list_fields(&lines);
    let mut p = n.payload.clone();
    let Some(obj) = p.as_object_mut() else {
        return Ok(None);
    };
    let amount: Decimal = obj
        .get("item_amount")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .unwrap_or(open);
    let due: Option<NaiveDate> = obj
        .get("due_date")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok());
    obj.insert("open_amount".into(), money(open).into());
    obj.insert("paid_amount".into(), money(amount - open).into());
    obj.insert("items".into(), items);
    obj.insert("total_open".into(), total.into());
    if let Some(d) = due {
        obj.insert("days_overdue".into(), (today - d).num_days().into());
    }
    Ok(Some(p))
}

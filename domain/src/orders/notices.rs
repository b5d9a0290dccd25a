//! The notifications of orders (AUTO-5, AUTO-6), recorded on the business
//! transaction with keys that name their cause:
//!
//! | kind | when | to | key |
//! |---|---|---|---|
//! | `order_confirmed` | CON-3 confirmation (一式四份) | setting `order_confirmation_recipients` (email + inbox) | `order:{id}:confirmed:{user}` |
//! | `delivery_slip` | CON-4 expected date set past the promised one | the order's contact (email, their language) and the owner (email + inbox) | `order:{id}:slip:{expected}:{contact or user}` |
//! | `order_due_soon` | CON-4 daily scan `deliveries` | the owner (email + inbox) | `order:{id}:due-soon:{promised}` |
//!
//! At send time ([`cancel_reason`]) a notice whose cause went away is
//! cancelled: a confirmation of an order cancelled since; a slip notice of
//! an order delivered or cancelled since; a due-soon warning of an order
//! that became READY, shipped, delivered or was cancelled since.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::Order;
use crate::Ctx;
use crate::error::DomainResult;
use crate::notify::{NewNotification, Notice, NoticeKind, Notification, enqueue_many};

/// The setting naming the recipients of confirmed orders.
pub const RECIPIENTS_KEY: &str = "order_confirmation_recipients";

/// `order_confirmation_recipients`: every active user holding one of
/// `roles`, plus the active `users` listed (production).
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, PartialEq, Eq)]
pub struct ConfirmationRecipients {
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub users: Vec<Uuid>,
}

#[derive(sqlx::FromRow)]
struct Person {
    id: Uuid,
    display_name: String,
    locale: String,
}

#[derive(sqlx::FromRow)]
struct Names {
    customer_name: String,
    owner_name: Option<String>,
    contract_number: Option<String>,
}

async fn names(conn: &mut PgConnection, o: &Order) -> DomainResult<Names> {
    Ok(sqlx::query_as(
        "SELECT c.name AS customer_name,
                (SELECT display_name FROM users WHERE id = $2) AS owner_name,
                (SELECT number FROM contracts WHERE id = $3) AS contract_number
         FROM customers c WHERE c.id = $1",
    )
    .bind(o.customer_id)
    .bind(o.owner_id)
    .bind(o.contract_id)
    .fetch_one(conn)
    .await?)
}

/// `order_confirmed`: CON-3, an order was confirmed.
#[derive(Clone, Debug, Serialize)]
pub struct OrderConfirmed {
    pub recipient_name: String,
    pub order_id: Uuid,
    pub order_number: String,
    pub customer_name: String,
    pub owner_name: Option<String>,
    pub total_amount: Decimal,
    pub currency: String,
    pub promised_date: NaiveDate,
    pub required_date: Option<NaiveDate>,
    pub delivery_place: Option<String>,
    pub contract_number: Option<String>,
    /// How many lines the order has.
    pub line_count: i64,
}

impl Notice for OrderConfirmed {
    const KIND: NoticeKind = NoticeKind::OrderConfirmed;
}

/// `delivery_slip`: CON-4, the expected delivery date slipped past the
/// promised one.
#[derive(Clone, Debug, Serialize)]
pub struct DeliverySlip {
    pub recipient_name: String,
    pub order_id: Uuid,
    pub order_number: String,
    pub customer_name: String,
    pub promised_date: NaiveDate,
    pub expected_date: NaiveDate,
    pub days_late: i64,
    pub reason: String,
    pub owner_name: Option<String>,
}

impl Notice for DeliverySlip {
    const KIND: NoticeKind = NoticeKind::DeliverySlip;
}

/// `order_due_soon`: CON-4, an order not yet ready is due within
/// [`super::DUE_SOON_DAYS`] days, or overdue.
#[derive(Clone, Debug, Serialize)]
pub struct OrderDueSoon {
    pub recipient_name: String,
    pub order_id: Uuid,
    pub order_number: String,
    pub customer_name: String,
    /// The order status (CONFIRMED or IN_PRODUCTION).
    pub status: String,
    pub promised_date: NaiveDate,
    pub expected_date: Option<NaiveDate>,
    /// Negative once the promised date has passed.
    pub days_until: i64,
}

impl Notice for OrderDueSoon {
    const KIND: NoticeKind = NoticeKind::OrderDueSoon;
}

/// CON-3 four-copy rule: `order_confirmed` to each recipient of the
/// setting, on the confirming transaction.
pub(crate) async fn order_confirmed(
    conn: &mut PgConnection,
    ctx: &Ctx,
    o: &Order,
    promised: NaiveDate,
) -> DomainResult<u64> {
    let setting: Option<Value> =
        sqlx::query_scalar("SELECT value FROM company_settings WHERE key = $1")
            .bind(RECIPIENTS_KEY)
            .fetch_optional(&mut *conn)
            .await?;
    let r: ConfirmationRecipients = setting
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_else(|| ConfirmationRecipients {
            roles: vec!["FINANCE".into(), "GENERAL_MANAGER".into()],
            users: Vec::new(),
        });
    let people: Vec<Person> = sqlx::query_as(
        "SELECT id, display_name, locale FROM users
         WHERE active AND (primary_role = ANY($1) OR extra_roles && $1 OR id = ANY($2))
         ORDER BY id",
    )
    .bind(&r.roles)
    .bind(&r.users)
    .fetch_all(&mut *conn)
    .await?;
    let n = names(conn, o).await?;
    let lines: i64 = sqlx::query_scalar("SELECT count(*) FROM order_lines WHERE order_id = $1")
        .bind(o.id)
        .fetch_one(&mut *conn)
        .await?;
    let mut out = Vec::new();
    for p in &people {
        let notice = OrderConfirmed {
            recipient_name: p.display_name.clone(),
            order_id: o.id,
            order_number: o.number.clone(),
            customer_name: n.customer_name.clone(),
            owner_name: n.owner_name.clone(),
            total_amount: o.total_amount,
            currency: o.currency.clone(),
            promised_date: promised,
            required_date: o.required_date,
            delivery_place: o.delivery_place.clone(),
            contract_number: n.contract_number.clone(),
            line_count: lines,
        };
        out.extend(NewNotification::to_user(
            format!("order:{}:confirmed:{}", o.id, p.id),
            &notice,
            p.id,
            &p.locale,
            ctx.now,
        ));
    }
    enqueue_many(conn, &out, ctx.now).await
}

/// CON-4: tells the order's contact (email in their language) and its
/// owner (email + inbox) that the delivery slips from the promised date
/// to the expected one. Each expected date is told once per recipient.
pub(crate) async fn delivery_slip(
    conn: &mut PgConnection,
    ctx: &Ctx,
    o: &Order,
    reason: &str,
) -> DomainResult<u64> {
    let (Some(promised), Some(expected)) = (o.promised_date, o.expected_date) else {
        return Ok(0);
    };
    let n = names(conn, o).await?;
    let owner: Option<Person> =
        sqlx::query_as("SELECT id, display_name, locale FROM users WHERE id = $1 AND active")
            .bind(o.owner_id)
            .fetch_optional(&mut *conn)
            .await?;
    let contact: Option<Person> =
        match o.contact_id {
            Some(c) => sqlx::query_as(
                "SELECT id, name AS display_name, locale FROM contacts WHERE id = $1 AND active",
            )
            .bind(c)
            .fetch_optional(&mut *conn)
            .await?,
            None => None,
        };
    let notice = |recipient: &str| DeliverySlip {
        recipient_name: recipient.to_owned(),
        order_id: o.id,
        order_number: o.number.clone(),
        customer_name: n.customer_name.clone(),
        promised_date: promised,
        expected_date: expected,
        days_late: (expected - promised).num_days(),
        reason: reason.to_owned(),
        owner_name: n.owner_name.clone(),
    };
    let mut out = Vec::new();
    if let Some(c) = &contact {
        out.push(NewNotification::to_contact(
            format!("order:{}:slip:{expected}:{}", o.id, c.id),
            &notice(&c.display_name),
            c.id,
            &c.locale,
            ctx.now,
        ));
    }
    if let Some(p) = &owner {
        out.extend(NewNotification::to_user(
            format!("order:{}:slip:{expected}:{}", o.id, p.id),
            &notice(&p.display_name),
            p.id,
            &p.locale,
            ctx.now,
        ));
    }
    enqueue_many(conn, &out, ctx.now).await
}

#[derive(sqlx::FromRow)]
struct DueSoon {
    id: Uuid,
    number: String,
    status: String,
    promised_date: NaiveDate,
    expected_date: Option<NaiveDate>,
    customer_name: String,
    owner_id: Uuid,
    owner_name: String,
    owner_locale: String,
}

/// CON-4 scan `deliveries`: every CONFIRMED or IN_PRODUCTION order (not
/// yet READY, nothing fully shipped) whose promised date is within
/// [`super::DUE_SOON_DAYS`] days or has passed warns its owner once per
/// promised date, due at `not_before`. Returns (found, created).
pub async fn due_soon_scan(
    pool: &PgPool,
    now: DateTime<Utc>,
    today: NaiveDate,
    not_before: DateTime<Utc>,
) -> DomainResult<(u64, u64)> {
    let rows: Vec<DueSoon> = sqlx::query_as(
        "SELECT o.id, o.number, o.status, o.promised_date, o.expected_date, c.name AS customer_name,
                o.owner_id, u.display_name AS owner_name, u.locale AS owner_locale
         FROM orders o JOIN customers c ON c.id = o.customer_id JOIN users u ON u.id = o.owner_id
         WHERE o.status IN ('CONFIRMED', 'IN_PRODUCTION') AND o.promised_date <= $1 AND u.active
         ORDER BY o.promised_date, o.id",
    )
    .bind(today + chrono::Duration::days(super::DUE_SOON_DAYS))
    .fetch_all(pool)
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let notice = OrderDueSoon {
            recipient_name: r.owner_name.clone(),
            order_id: r.id,
            order_number: r.number.clone(),
            customer_name: r.customer_name.clone(),
            status: r.status.clone(),
            promised_date: r.promised_date,
            expected_date: r.expected_date,
            days_until: (r.promised_date - today).num_days(),
        };
        out.extend(NewNotification::to_user(
            format!("order:{}:due-soon:{}", r.id, r.promised_date),
            &notice,
            r.owner_id,
            &r.owner_locale,
            not_before,
        ));
    }
    let mut conn = pool.acquire().await?;
    let created = enqueue_many(&mut conn, &out, now).await?;
    Ok((rows.len() as u64, created))
}

/// AUTO-6 send-time re-check of an order notice (see the module docs):
/// `Some(reason)` to cancel it.
pub async fn cancel_reason(pool: &PgPool, n: &Notification) -> DomainResult<Option<String>> {
    let Some(order) = n
        .payload
        .get("order_id")
        .and_then(Value::as_str)
        .and_then(|s| s.parse::<Uuid>().ok())
    else {
        return Ok(None);
    };
    let status: Option<String> = sqlx::query_scalar("SELECT status FROM orders WHERE id = $1")
        .bind(order)
        .fetch_optional(pool)
        .await?;
    let Some(status) = status else {
        return Ok(Some("the order no longer exists".into()));
    };
    let gone = match n.kind {
        NoticeKind::OrderConfirmed => status == "CANCELLED",
        NoticeKind::DeliverySlip => matches!(status.as_str(), "DELIVERED" | "CANCELLED"),
        NoticeKind::OrderDueSoon => !matches!(status.as_str(), "CONFIRMED" | "IN_PRODUCTION"),
        _ => false,
    };
    Ok(gone.then(|| format!("the order is {status} now")))
}

/// Changes `order_confirmation_recipients` (for `updateCompanySetting`):
/// `{"roles": [role names], "users": [user ids]}`, every role a known one,
/// at most 100 users. Audited as `SETTING`.
pub async fn update_recipients(
    pool: &PgPool,
    ctx: &Ctx,
    value: Value,
    version: i32,
) -> DomainResult<crate::customers::settings::Setting> {
    crate::customers::settings::update::<ConfirmationRecipients>(
        pool,
        ctx,
        RECIPIENTS_KEY,
        value,
        version,
        |r| {
            for role in &r.roles {
                role.parse::<crate::org::Role>().map_err(|_| {
                    crate::DomainError::validation("value", format!("unknown role `{role}`"))
                })?;
            }
            if r.users.len() > 100 {
                return Err(crate::DomainError::validation("value", "at most 100 users"));
            }
            Ok(())
        },
    )
    .await
}

/// Order confirmations, delivery slips and due-soon warnings.
pub struct OrderNotices;

impl crate::notify::notices::Notices for OrderNotices {
    fn owns(kind: NoticeKind) -> bool {
        matches!(
            kind,
            NoticeKind::OrderConfirmed | NoticeKind::DeliverySlip | NoticeKind::OrderDueSoon
        )
    }

    async fn cancel_reason(
        pool: &PgPool,
        n: &Notification,
        _today: chrono::NaiveDate,
    ) -> DomainResult<Option<String>> {
        cancel_reason(pool, n).await
    }
}

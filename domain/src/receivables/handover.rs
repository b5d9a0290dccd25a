//! REC-9: money collected in person by a rep (cash, cheque, acceptance
//! bill) must reach finance within [`HANDOVER_DAYS`] days of the day it
//! was collected ("外欠款三个月内上交").
//!
//! - A receipt recorded with `collectedBy` (receipts.rs) carries the
//!   collector and `collected_on` (= its `received_on`: the customer paid
//!   the day the rep took the money).
//! - `recordCashHandover(receiptId, handedOverOn)` (finance) records the
//!   day the money reached finance; `handed_over_to` is the finance user
//!   recording it. Audited as RECEIPT HANDOVER.
//! - The daily scan `cash_handover` flags every receipt collected in
//!   person, not reversed and not handed over more than 90 days after its
//!   collection day: one `cash_handover_overdue` to each finance user and
//!   each sales director (email + inbox), key
//!   `cash_handover:{receipt}:{recipient}`, due at the reminder hour. At
//!   send time a receipt handed over or reversed since cancels it.
//! - `pendingCashHandovers(overdueOnly)` lists what is still out.
//! - A rep's own declaration (cash_collections.rs) pending more than 90
//!   days is flagged the same way, key `cash_collection:{declaration}:{recipient}`,
//!   payload `collection_id` instead of `receipt_id`.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use super::receipts::Receipt;
use super::{RECEIPT, finance, lock_customer, not_future};
use crate::Ctx;
use crate::audit;
use crate::clock::company_date;
use crate::error::{DomainError, DomainResult};
use crate::notify::scan::{ScanOptions, ScanReport, at_hour};
use crate::notify::{NewNotification, Notice, NoticeKind, Notification, enqueue_many};
use crate::org::{Actor, Role};

/// Days within which collected money must be handed over (REC-9).
pub const HANDOVER_DAYS: i64 = 90;
/// The methods of money a rep collects in person (REC-9).
pub const IN_PERSON_METHODS: [&str; 3] = ["CASH", "CHEQUE", "ACCEPTANCE_BILL"];
/// Audit action of a handover (entity RECEIPT).
pub const HANDOVER: &str = "HANDOVER";
/// Who sees the pending handovers.
pub const READERS: [Role; 3] = [Role::Finance, Role::SalesDirector, Role::GeneralManager];

/// The last day the money may reach finance.
pub fn handover_due(collected_on: NaiveDate) -> NaiveDate {
    collected_on + Duration::days(HANDOVER_DAYS)
}

/// REC-9: not handed over by `today` and more than 90 days since
/// collection (day 90 itself is still in time).
pub fn handover_overdue(collected_on: NaiveDate, today: NaiveDate) -> bool {
    today > handover_due(collected_on)
}

/// `recordCashHandover`: the money of a receipt collected in person reached
/// finance on `handed_over_on` (not in the future, not before the
/// collection day: VALIDATION `handedOverOn`). Finance only (FORBIDDEN);
/// a receipt outside the receivable scope NOT_FOUND; a receipt not
/// collected in person VALIDATION `receiptId`; a reversed one or one
/// handed over already CONFLICT. Audited as RECEIPT HANDOVER.
pub async fn record_handover(
    pool: &PgPool,
    ctx: &Ctx,
    receipt_id: Uuid,
    handed_over_on: NaiveDate,
) -> DomainResult<Receipt> {
    not_future("handedOverOn", handed_over_on, company_date(ctx.now))?;
    let mut tx = pool.begin().await?;
    let customer: Uuid = sqlx::query_scalar("SELECT customer_id FROM receipts WHERE id = $1")
        .bind(receipt_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    lock_customer(&mut tx, &ctx.actor, customer).await?;
    let me = finance(&ctx.actor)?;
    let old: Receipt = sqlx::query_as("SELECT * FROM receipts WHERE id = $1 FOR UPDATE")
        .bind(receipt_id)
        .fetch_one(&mut *tx)
        .await?;
    let Some(collected_on) = old.collected_on else {
        return Err(DomainError::validation(
            "receiptId",
            "the receipt was not collected in person by a rep (no collectedBy)",
        ));
    };
    if old.reversed_at.is_some() {
        return Err(DomainError::conflict("the receipt is reversed"));
    }
    if let Some(on) = old.handed_over_on {
        return Err(DomainError::conflict(format!(
            "the money was handed over already, on {on}"
        )));
    }
    if handed_over_on < collected_on {
        return Err(DomainError::validation(
            "handedOverOn",
            format!("must not be before the day the money was collected, {collected_on}"),
        ));
    }
    let new: Receipt = sqlx::query_as(
        "UPDATE receipts SET handed_over_on = $2, handed_over_to = $3 WHERE id = $1 RETURNING *",
    )
    .bind(receipt_id)
    .bind(handed_over_on)
    .bind(me)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, RECEIPT, receipt_id, HANDOVER, &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// A receipt collected in person and not handed over yet.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct PendingHandover {
    pub receipt_id: Uuid,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub amount: Decimal,
    pub method: String,
    pub reference: Option<String>,
    pub collected_by: Uuid,
    pub collector_name: String,
    pub collected_on: NaiveDate,
    /// A rep's declaration still pending (cash_collections.rs): `receipt_id`
    /// is then the declaration's id.
    #[sqlx(default)]
    #[serde(skip)]
    pub declared: bool,
}

impl PendingHandover {
    pub fn due(&self) -> NaiveDate {
        handover_due(self.collected_on)
    }
    pub fn days_since(&self, today: NaiveDate) -> i64 {
        (today - self.collected_on).num_days()
    }
    pub fn overdue(&self, today: NaiveDate) -> bool {
        handover_overdue(self.collected_on, today)
    }
}

const PENDING_SQL: &str =
    "SELECT r.id AS receipt_id, r.customer_id, cu.name AS customer_name, r.amount, r.method,
        r.reference, r.collected_by, u.display_name AS collector_name, r.collected_on
   FROM receipts r JOIN customers cu ON cu.id = r.customer_id JOIN users u ON u.id = r.collected_by
  WHERE r.collected_by IS NOT NULL AND r.handed_over_on IS NULL AND r.reversed_at IS NULL
    AND ($1::date IS NULL OR r.collected_on <= $1)
  ORDER BY r.collected_on, r.id
  LIMIT 1000";

/// The declarations of [`super::cash_collections`] still pending, in the
/// shape of [`PENDING_SQL`].
const DECLARED_SQL: &str =
    "SELECT cc.id AS receipt_id, cc.customer_id, cu.name AS customer_name, cc.amount, cc.method,
        cc.reference, cc.collected_by, u.display_name AS collector_name, cc.collected_on,
        true AS declared
   FROM cash_collections cc JOIN customers cu ON cu.id = cc.customer_id
   JOIN users u ON u.id = cc.collected_by
  WHERE cc.status = 'PENDING' AND cc.collected_on <= $1
  ORDER BY cc.collected_on, cc.id
  LIMIT 1000";

/// `pendingCashHandovers(overdueOnly)`: receipts collected in person, not
/// reversed and not handed over, oldest collection first (at most 1000);
/// with `overdue_only` those more than 90 days old. Finance, the sales
/// director and the general manager (others FORBIDDEN).
pub async fn pending(
    pool: &PgPool,
    actor: &Actor,
    overdue_only: bool,
    today: NaiveDate,
) -> DomainResult<Vec<PendingHandover>> {
    if !actor.has_any(&READERS) {
        return Err(DomainError::Forbidden(
            "only finance, the sales director and the general manager see pending cash handovers"
                .into(),
        ));
    }
    let upto = overdue_only.then(|| today - Duration::days(HANDOVER_DAYS + 1));
    Ok(sqlx::query_as(PENDING_SQL)
        .bind(upto)
        .fetch_all(pool)
        .await?)
}

#[derive(sqlx::FromRow)]
struct Recipient {
    id: Uuid,
    display_name: String,
    locale: String,
}

/// `cash_handover_overdue`: REC-9, money collected in person was not
/// handed over to finance within 90 days (to finance and the sales
/// directors). Exactly one of `receipt_id` and `collection_id` is present.
#[derive(Clone, Debug, Serialize)]
pub struct CashHandoverOverdue {
    pub recipient_name: String,
    /// A receipt collected in person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receipt_id: Option<Uuid>,
    /// A rep's declaration still pending.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collection_id: Option<Uuid>,
    pub declared: bool,
    pub customer_name: String,
    pub amount: Decimal,
    pub currency: &'static str,
    pub method: String,
    pub reference: Option<String>,
    pub collector_name: String,
    pub collected_on: NaiveDate,
    pub handover_due: NaiveDate,
    pub days_since: i64,
}

impl Notice for CashHandoverOverdue {
    const KIND: NoticeKind = NoticeKind::CashHandoverOverdue;
}

/// REC-9 scan `cash_handover` (daily): see the module docs.
pub async fn scan(
    pool: &PgPool,
    now: DateTime<Utc>,
    today: NaiveDate,
    opts: ScanOptions,
) -> DomainResult<ScanReport> {
    let upto = today - Duration::days(HANDOVER_DAYS + 1);
    let mut rows: Vec<PendingHandover> = sqlx::query_as(PENDING_SQL)
        .bind(upto)
        .fetch_all(pool)
        .await?;
    rows.extend(
        sqlx::query_as::<_, PendingHandover>(DECLARED_SQL)
            .bind(upto)
            .fetch_all(pool)
            .await?,
    );
    if rows.is_empty() {
        return Ok(ScanReport::default());
    }
    let roles = vec![
        Role::Finance.as_str().to_owned(),
        Role::SalesDirector.as_str().to_owned(),
    ];
    let people: Vec<Recipient> = sqlx::query_as(
        "SELECT id, display_name, locale FROM users
          WHERE active AND (primary_role = ANY($1) OR extra_roles && $1) ORDER BY id",
    )
    .bind(&roles)
    .fetch_all(pool)
    .await?;
    let due = at_hour(today, opts.reminder_hour).max(now);
    let mut out = Vec::new();
    for r in &rows {
        for p in &people {
            let source = if r.declared {
                "cash_collection"
            } else {
                "cash_handover"
            };
            out.extend(NewNotification::to_user(
                format!("{source}:{}:{}", r.receipt_id, p.id),
                &notice(r, &p.display_name, today),
                p.id,
                &p.locale,
                due,
            ));
        }
    }
    let mut conn = pool.acquire().await?;
    let created = enqueue_many(&mut conn, &out, now).await?;
    Ok(ScanReport {
        found: rows.len() as u64,
        created,
        ..ScanReport::default()
    })
}

fn notice(r: &PendingHandover, recipient: &str, today: NaiveDate) -> CashHandoverOverdue {
    let (receipt_id, collection_id) = if r.declared {
        (None, Some(r.receipt_id))
    } else {
        (Some(r.receipt_id), None)
    };
    CashHandoverOverdue {
        recipient_name: recipient.to_owned(),
        receipt_id,
        collection_id,
        declared: r.declared,
        customer_name: r.customer_name.clone(),
        amount: r.amount,
        currency: "CNY",
        method: r.method.clone(),
        reference: r.reference.clone(),
        collector_name: r.collector_name.clone(),
        collected_on: r.collected_on,
        handover_due: r.due(),
        days_since: r.days_since(today),
    }
}

/// AUTO-6 send-time re-check of a `cash_handover_overdue`: `Some(reason)`
/// when the money was handed over or the receipt reversed since.
pub async fn cancel_reason(pool: &PgPool, n: &Notification) -> DomainResult<Option<String>> {
    if let Some(collection) = n
        .payload
        .get("collection_id")
        .and_then(Value::as_str)
        .and_then(|s| s.parse::<Uuid>().ok())
    {
        let status: Option<(String, Option<NaiveDate>)> =
            sqlx::query_as("SELECT status, handed_over_on FROM cash_collections WHERE id = $1")
                .bind(collection)
                .fetch_optional(pool)
                .await?;
        return Ok(match status {
            None => Some("the declaration no longer exists".into()),
            Some((_, Some(on))) => Some(format!("the money was handed over on {on}")),
            Some((s, None)) if s != "PENDING" => Some("finance rejected the declaration".into()),
            Some(_) => None,
        });
    }
    let Some(receipt) = n
        .payload
        .get("receipt_id")
        .and_then(Value::as_str)
        .and_then(|s| s.parse::<Uuid>().ok())
    else {
        return Ok(None);
    };
    let row: Option<(Option<NaiveDate>, bool)> = sqlx::query_as(
        "SELECT handed_over_on, reversed_at IS NOT NULL FROM receipts WHERE id = $1",
    )
    .bind(receipt)
    .fetch_optional(pool)
    .await?;
    Ok(match row {
        None => Some("the receipt no longer exists".into()),
        Some((Some(on), _)) => Some(format!("the money was handed over on {on}")),
        Some((None, true)) => Some("the receipt was reversed".into()),
        Some((None, false)) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rec9_ninety_days_are_in_time_the_ninety_first_is_not() {
        let collected = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(
            handover_due(collected),
            NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()
        );
        assert!(!handover_overdue(collected, collected + Duration::days(90)));
        assert!(handover_overdue(collected, collected + Duration::days(91)));
    }
}

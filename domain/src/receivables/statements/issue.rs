//! REC-5 issuing: the statement-day scan, the recipients, the emails and
//! their send-time re-check (docs/statements.md).

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use super::{BATCH, Statement, generate, month_label};
use crate::error::DomainResult;
use crate::notify::scan::{ScanOptions, ScanReport, at_hour};
use crate::notify::{NewNotification, Notice, NoticeKind, enqueue_many};

/// `statement`: REC-5, a customer's monthly statement (to the sales manager
/// and, if so set, the billing contacts).
#[derive(Clone, Debug, Serialize)]
pub struct StatementNotice {
    pub recipient_name: String,
    /// MANAGER (a person) or CUSTOMER (a billing contact).
    pub audience: &'static str,
    pub statement_id: Uuid,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub month: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub opening_balance: Decimal,
    pub sales: Decimal,
    pub receipts: Decimal,
    pub other: Decimal,
    pub closing_balance: Decimal,
    /// How many ledger entries the statement lists.
    pub lines: usize,
    /// The statement document, attached to the email; absent from the
    /// in-app twin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement_html: Option<String>,
}

impl Notice for StatementNotice {
    const KIND: NoticeKind = NoticeKind::Statement;
}

/// The `statement_day` setting (1–28, default 1).
pub async fn statement_day(pool: &PgPool) -> DomainResult<u32> {
    let v: Option<serde_json::Value> =
        sqlx::query_scalar!("SELECT value FROM company_settings WHERE key = 'statement_day'")
            .fetch_optional(pool)
            .await?;
    Ok(v.and_then(|v| v.as_u64())
        .map(|d| d.clamp(1, 28) as u32)
        .unwrap_or(1))
}

/// Whether statements also go to the customers' billing contacts.
async fn to_billing_contacts(pool: &PgPool) -> DomainResult<bool> {
    let v: Option<serde_json::Value> = sqlx::query_scalar!(
        "SELECT value FROM company_settings WHERE key = 'statement_billing_contact'"
    )
    .fetch_optional(pool)
    .await?;
    Ok(v.and_then(|v| v.as_bool()).unwrap_or(false))
}

/// Someone a statement goes to, per customer.
#[derive(Clone, Debug, sqlx::FromRow)]
struct StatementRecipient {
    customer_id: Uuid,
    user_id: Option<Uuid>,
    contact_id: Option<Uuid>,
    name: String,
    locale: String,
}

/// The sales manager of each customer: walking up from the owner's unit,
/// the first unit head (active) holding SALES_MANAGER, else the first
/// holding SALES_DIRECTOR; a customer without one (public pool, no manager
/// on the chain) gets every active SALES_DIRECTOR. Plus, when
/// `billing`, each active billing contact with an email (their language).
async fn recipients(
    pool: &PgPool,
    customers: &[Uuid],
    billing: bool,
) -> DomainResult<Vec<StatementRecipient>> {
    let has = |role: &str| format!("(u.primary_role = '{role}' OR '{role}' = ANY (u.extra_roles))");
    let sql = format!(
        "WITH RECURSIVE chain AS (
             SELECT cu.id AS customer_id, o.head_user_id, o.parent_id, 0 AS depth
               FROM customers cu JOIN org_units o ON o.id = cu.owner_unit_id
              WHERE cu.id = ANY($1)
             UNION ALL
             SELECT c.customer_id, p.head_user_id, p.parent_id, c.depth + 1
               FROM chain c JOIN org_units p ON p.id = c.parent_id),
         managers AS (
             SELECT DISTINCT ON (c.customer_id) c.customer_id, u.id, u.display_name, u.locale
               FROM chain c JOIN users u ON u.id = c.head_user_id AND u.active
              WHERE {m} OR {d}
              ORDER BY c.customer_id, {m} DESC, c.depth)
         SELECT m.customer_id, m.id AS user_id, NULL::uuid AS contact_id, m.display_name AS name, m.locale
           FROM managers m
         UNION ALL
         SELECT cu.id, u.id, NULL, u.display_name, u.locale
           FROM customers cu JOIN users u ON u.active AND {d}
          WHERE cu.id = ANY($1) AND NOT EXISTS (SELECT 1 FROM managers m WHERE m.customer_id = cu.id)
         UNION ALL
         SELECT ct.customer_id, NULL, ct.id, ct.name, ct.locale
           FROM contacts ct
          WHERE $2 AND ct.customer_id = ANY($1) AND ct.is_billing AND ct.active
            AND btrim(COALESCE(ct.email, '')) <> ''",
        m = has("SALES_MANAGER"),
        d = has("SALES_DIRECTOR"),
    );
    // Only the two role names above are formatted in; every value is bound.
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(customers)
        .bind(billing)
        .fetch_all(pool)
        .await?)
}

/// `ScanKind::Statements`: on the company day equal to `statement_day`
/// (or any day with `opts.force`), generates the previous month and sends
/// every statement of it not sent yet: one email per statement and
/// recipient (`statement:{customer}:{yyyy-mm}:{recipient}`), the sales
/// manager's with an in-app twin; the statement is marked sent (and
/// frozen) in the same transaction. `found` counts statements, `created`
/// notifications.
pub async fn scan(
    pool: &PgPool,
    now: DateTime<Utc>,
    today: NaiveDate,
    opts: ScanOptions,
) -> DomainResult<ScanReport> {
    if today.day() != statement_day(pool).await? && !opts.force {
        return Ok(ScanReport::default());
    }
    let this_month = today.with_day(1).unwrap_or(today);
    let period = this_month - Months::new(1);
    generate(pool, period, now).await?;
    let billing = to_billing_contacts(pool).await?;
    let at = at_hour(today, opts.reminder_hour);
    let mut report = ScanReport::default();
    let mut after = Uuid::nil();
    loop {
        let mut tx = pool.begin().await?;
        let batch: Vec<Statement> = sqlx::query_as(
            "SELECT s.*, cu.name AS customer_name FROM statements s JOIN customers cu ON cu.id = s.customer_id
              WHERE s.period_start = $1 AND s.sent_at IS NULL AND s.customer_id > $2
              ORDER BY s.customer_id LIMIT $3 FOR UPDATE OF s",
        )
        .bind(period)
        .bind(after)
        .bind(BATCH as i64)
        .fetch_all(&mut *tx)
        .await?;
        let Some(last) = batch.last() else { break };
        after = last.customer_id;
        let ids: Vec<Uuid> = batch.iter().map(|s| s.customer_id).collect();
        let mut to: HashMap<Uuid, Vec<StatementRecipient>> = HashMap::new();
        for r in recipients(pool, &ids, billing).await? {
            to.entry(r.customer_id).or_default().push(r);
        }
        let mut out = Vec::new();
        let mut sent = Vec::new();
        for s in &batch {
            report.found += 1;
            let Some(rs) = to.get(&s.customer_id) else {
                continue;
            };
            for r in rs {
                out.extend(notification(s, r, at));
            }
            sent.push(s.id);
        }
        report.created += enqueue_many(&mut tx, &out, now).await?;
        sqlx::query("UPDATE statements SET sent_at = $2 WHERE id = ANY($1) AND sent_at IS NULL")
            .bind(&sent)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok(report)
}

/// The email (and, for a person, its in-app twin) of statement `s` to `r`.
fn notification(s: &Statement, r: &StatementRecipient, at: DateTime<Utc>) -> Vec<NewNotification> {
    let month = month_label(s.period_start);
    let recipient = r.user_id.or(r.contact_id).unwrap_or_default();
    let key = format!(
        "{}:{}:{month}:{recipient}",
        NoticeKind::Statement,
        s.customer_id
    );
    let mut notice = StatementNotice {
        recipient_name: r.name.clone(),
        audience: if r.user_id.is_some() {
            "MANAGER"
        } else {
            "CUSTOMER"
        },
        statement_id: s.id,
        customer_id: s.customer_id,
        customer_name: s.customer_name.clone(),
        month,
        period_start: s.period_start,
        period_end: s.period_end,
        opening_balance: s.opening_balance,
        sales: s.sales,
        receipts: s.receipts,
        other: s.other,
        closing_balance: s.closing_balance,
        lines: s.lines.0.len(),
        statement_html: None,
    };
    match (r.user_id, r.contact_id) {
        (Some(user), _) => {
            let [_, inbox] = NewNotification::to_user(key.clone(), &notice, user, &r.locale, at);
            // Only the email carries the document (its attachment).
            notice.statement_html = Some(s.html.clone());
            let [email, _] = NewNotification::to_user(key, &notice, user, &r.locale, at);
            vec![email, inbox]
        }
        (None, Some(contact)) => {
            notice.statement_html = Some(s.html.clone());
            vec![NewNotification::to_contact(
                key, &notice, contact, &r.locale, at,
            )]
        }
        (None, None) => Vec::new(),
    }
}

/// AUTO-6 re-check of a statement email at send time: a billing contact
/// who left, is no longer the billing contact, or whose company switched
/// statements to contacts off, does not get it. The sales manager's copy
/// is always sent (the statement is issued and frozen).
pub async fn cancel_reason(
    pool: &PgPool,
    n: &crate::notify::Notification,
) -> DomainResult<Option<String>> {
    let Some(contact) = n.recipient_contact_id else {
        return Ok(None);
    };
    let billing: Option<bool> = sqlx::query_scalar!(
        r#"SELECT active AND is_billing AS "billing!" FROM contacts WHERE id = $1"#,
        contact
    )
    .fetch_optional(pool)
    .await?;
    if billing != Some(true) {
        return Ok(Some(
            "the contact is no longer the billing contact".to_owned(),
        ));
    }
    if !to_billing_contacts(pool).await? {
        return Ok(Some(
            "statements are no longer sent to billing contacts".to_owned(),
        ));
    }
    Ok(None)
}

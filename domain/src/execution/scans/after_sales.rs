//! CON-9 fast response: an after-sales request still OPEN (not responded)
//! past its `respond_by` escalates, once, to the owner's direct head
//! (ORG-5) and to the head of each customer-service unit (a unit with an
//! active CUSTOMER_SERVICE user), without duplicates (docs/execution.md).

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use crate::clock::COMPANY_TZ;
use crate::error::DomainResult;
use crate::notify::scan::{ESCALATION_LOOKBACK_DAYS, Person, ScanReport, heads, people};
use crate::notify::{NewNotification, Notice, NoticeKind, enqueue_many};

/// `after_sales_overdue`: CON-9, an after-sales request was not responded
/// to in time (to the owner's head and the customer-service heads).
#[derive(Clone, Debug, Serialize)]
pub struct AfterSalesOverdue {
    pub recipient_name: String,
    pub after_sales_id: Uuid,
    pub customer_name: String,
    pub request_subject: String,
    pub priority: String,
    /// Company time, `YYYY-MM-DD HH:MM`.
    pub created_at: String,
    /// Company time, `YYYY-MM-DD HH:MM`.
    pub respond_by: String,
    pub hours_late: i64,
    pub owner_name: Option<String>,
}

impl Notice for AfterSalesOverdue {
    const KIND: NoticeKind = NoticeKind::AfterSalesOverdue;
}

#[derive(sqlx::FromRow)]
struct Late {
    id: Uuid,
    subject: String,
    priority: String,
    created_at: DateTime<Utc>,
    respond_by: DateTime<Utc>,
    customer_name: String,
    owner_id: Uuid,
}

fn local(at: DateTime<Utc>) -> String {
    at.with_timezone(&COMPANY_TZ)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

pub async fn scan(pool: &PgPool, now: DateTime<Utc>) -> DomainResult<ScanReport> {
    let rows: Vec<Late> = sqlx::query_as(
        "SELECT r.id, r.subject, r.priority, r.created_at, r.respond_by, cu.name AS customer_name, r.owner_id
         FROM after_sales_requests r JOIN customers cu ON cu.id = r.customer_id
         WHERE r.responded_at IS NULL AND r.status = 'OPEN'
           AND r.respond_by < $1 AND r.respond_by >= $2
         ORDER BY r.respond_by, r.id",
    )
    .bind(now)
    .bind(now - Duration::days(ESCALATION_LOOKBACK_DAYS))
    .fetch_all(pool)
    .await?;
    if rows.is_empty() {
        return Ok(ScanReport::default());
    }
    let service_heads: Vec<Uuid> = sqlx::query_scalar(
        "SELECT DISTINCT o.head_user_id FROM users u JOIN org_units o ON o.id = u.unit_id
         WHERE u.active AND o.active AND o.head_user_id IS NOT NULL
           AND (u.primary_role = 'CUSTOMER_SERVICE' OR 'CUSTOMER_SERVICE' = ANY(u.extra_roles))
         ORDER BY 1",
    )
    .fetch_all(pool)
    .await?;
    let owners: Vec<Uuid> = rows.iter().map(|r| r.owner_id).collect();
    let owner_heads = heads(pool, &owners).await?;
    let mut ids = service_heads.clone();
    ids.extend(owners.iter().copied());
    let persons = people(pool, &ids).await?;

    let mut out = Vec::new();
    let mut found = 0;
    for r in &rows {
        let mut recipients: Vec<Person> = Vec::new();
        if let Some(h) = owner_heads.get(&r.owner_id) {
            recipients.push(h.clone());
        }
        for h in service_heads.iter().filter_map(|h| persons.get(h)) {
            if !recipients.iter().any(|p| p.id == h.id) {
                recipients.push(h.clone());
            }
        }
        let owner_name = persons.get(&r.owner_id).map(|p| p.display_name.clone());
        for p in recipients {
            found += 1;
            let notice = AfterSalesOverdue {
                recipient_name: p.display_name.clone(),
                after_sales_id: r.id,
                customer_name: r.customer_name.clone(),
                request_subject: r.subject.clone(),
                priority: r.priority.clone(),
                created_at: local(r.created_at),
                respond_by: local(r.respond_by),
                hours_late: (now - r.respond_by).num_hours(),
                owner_name: owner_name.clone(),
            };
            out.extend(NewNotification::to_user(
                format!("after_sales:{}:late:{}", r.id, p.id),
                &notice,
                p.id,
                &p.locale,
                now,
            ));
        }
    }
    let mut conn = pool.acquire().await?;
    let created = enqueue_many(&mut conn, &out, now).await?;
    Ok(ScanReport {
        found,
        created,
        ..ScanReport::default()
    })
}

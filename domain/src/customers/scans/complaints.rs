//! CUS-9: an open complaint past its deadline escalates to the responsible
//! department's head and to the owner's manager — the direct head (ORG-5)
//! of the owner's direct head: for a rep, the regional sales manager, as
//! `Complaint.escalateTo` shows (docs/customers.md).

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use crate::clock::COMPANY_TZ;
use crate::error::DomainResult;
use crate::notify::scan::{ESCALATION_LOOKBACK_DAYS, ScanReport, heads, people};
use crate::notify::{NewNotification, Notice, NoticeKind, enqueue_many};

/// `complaint_escalation`: CUS-9, an open complaint is past its deadline
/// (to the responsible department's head and the owner's manager).
#[derive(Clone, Debug, Serialize)]
pub struct ComplaintEscalation {
    pub recipient_name: String,
    pub complaint_id: Uuid,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub category: String,
    pub severity: String,
    /// Company time, `YYYY-MM-DD HH:MM`.
    pub received_at: String,
    /// Company time, `YYYY-MM-DD HH:MM`.
    pub deadline_at: String,
    pub hours_overdue: i64,
    pub owner_name: Option<String>,
}

impl Notice for ComplaintEscalation {
    const KIND: NoticeKind = NoticeKind::ComplaintEscalation;
}

#[derive(sqlx::FromRow)]
struct Overdue {
    id: Uuid,
    category: String,
    severity: String,
    received_at: DateTime<Utc>,
    deadline_at: DateTime<Utc>,
    customer_id: Uuid,
    customer_name: String,
    owner_id: Option<Uuid>,
    unit_head: Option<Uuid>,
}

fn local(at: DateTime<Utc>) -> String {
    at.with_timezone(&COMPANY_TZ)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

pub async fn scan(pool: &PgPool, now: DateTime<Utc>) -> DomainResult<ScanReport> {
    let rows: Vec<Overdue> = sqlx::query_as(
        "SELECT k.id, k.category, k.severity, k.received_at, k.deadline_at,
                c.id AS customer_id, c.name AS customer_name, c.owner_id, u.head_user_id AS unit_head
         FROM complaints k JOIN customers c ON c.id = k.customer_id
              LEFT JOIN org_units u ON u.id = k.responsible_unit_id
         WHERE k.status IN ('RECEIVED', 'INVESTIGATING') AND k.deadline_at < $1 AND k.deadline_at >= $2
         ORDER BY k.deadline_at, k.id",
    )
    .bind(now)
    .bind(now - Duration::days(ESCALATION_LOOKBACK_DAYS))
    .fetch_all(pool)
    .await?;
    let owners: Vec<Uuid> = rows.iter().filter_map(|r| r.owner_id).collect();
    let supervisors = heads(pool, &owners).await?;
    let supervisor_ids: Vec<Uuid> = supervisors.values().map(|p| p.id).collect();
    let above = heads(pool, &supervisor_ids).await?;
    let managers: std::collections::HashMap<Uuid, crate::notify::scan::Person> = supervisors
        .iter()
        .filter_map(|(owner, sup)| above.get(&sup.id).map(|m| (*owner, m.clone())))
        .collect();
    let mut ids: Vec<Uuid> = rows.iter().filter_map(|r| r.unit_head).collect();
    ids.extend(owners.iter().copied());
    let persons = people(pool, &ids).await?;

    let mut out = Vec::new();
    let mut found = 0;
    for r in &rows {
        let mut recipients = Vec::new();
        if let Some(h) = r.unit_head.and_then(|h| persons.get(&h)) {
            recipients.push(h.clone());
        }
        if let Some(m) = r.owner_id.and_then(|o| managers.get(&o))
            && !recipients.iter().any(|p| p.id == m.id)
        {
            recipients.push(m.clone());
        }
        let owner_name = r
            .owner_id
            .and_then(|o| persons.get(&o))
            .map(|p| p.display_name.clone());
        for p in recipients {
            found += 1;
            let notice = ComplaintEscalation {
                recipient_name: p.display_name.clone(),
                complaint_id: r.id,
                customer_id: r.customer_id,
                customer_name: r.customer_name.clone(),
                category: r.category.clone(),
                severity: r.severity.clone(),
                received_at: local(r.received_at),
                deadline_at: local(r.deadline_at),
                hours_overdue: (now - r.deadline_at).num_hours(),
                owner_name: owner_name.clone(),
            };
            out.extend(NewNotification::to_user(
                format!("complaint:{}:escalate:{}", r.id, p.id),
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

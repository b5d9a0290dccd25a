//! CON-6: an overdue milestone (no actual date, planned before today) of an
//! APPROVED, SIGNED or EXECUTING contract alerts the project leader — the
//! LEADER of the contract's opportunity team, else the contract's owner —
//! once per planned date: re-planning to a new date can alert again
//! (docs/execution.md). Due at the reminder hour of the day.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::DomainResult;
use crate::execution::overdue_days;
use crate::notify::scan::{ScanOptions, ScanReport, at_hour, people};
use crate::notify::{NewNotification, Notice, NoticeKind, enqueue_many};

/// `milestone_overdue`: CON-6, a contract milestone is past its planned
/// date (to the project leader).
#[derive(Clone, Debug, Serialize)]
pub struct MilestoneOverdue {
    pub recipient_name: String,
    pub milestone_id: Uuid,
    pub milestone_name: String,
    pub planned_date: NaiveDate,
    pub days_overdue: i64,
    pub percent_done: i16,
    pub contract_id: Uuid,
    pub contract_number: String,
    pub contract_title: String,
    pub customer_name: String,
}

impl Notice for MilestoneOverdue {
    const KIND: NoticeKind = NoticeKind::MilestoneOverdue;
}

#[derive(sqlx::FromRow)]
struct Overdue {
    id: Uuid,
    name: String,
    planned_date: NaiveDate,
    percent_done: i16,
    contract_id: Uuid,
    contract_number: String,
    contract_title: String,
    customer_name: String,
    leader: Uuid,
}

pub async fn scan(
    pool: &PgPool,
    now: DateTime<Utc>,
    today: NaiveDate,
    opts: ScanOptions,
) -> DomainResult<ScanReport> {
    let rows: Vec<Overdue> = sqlx::query_as(
        "SELECT m.id, m.name, m.planned_date, m.percent_done, c.id AS contract_id,
                c.number AS contract_number, c.title AS contract_title, cu.name AS customer_name,
                COALESCE((SELECT t.user_id FROM opportunity_team_members t JOIN users u ON u.id = t.user_id
                          WHERE t.opportunity_id = c.opportunity_id AND t.role = 'LEADER' AND u.active
                          ORDER BY t.added_at, t.user_id LIMIT 1), c.owner_id) AS leader
         FROM contract_milestones m JOIN contracts c ON c.id = m.contract_id
              JOIN customers cu ON cu.id = c.customer_id
         WHERE m.actual_date IS NULL AND m.planned_date < $1
           AND c.status IN ('APPROVED', 'SIGNED', 'EXECUTING')
         ORDER BY m.planned_date, m.id",
    )
    .bind(today)
    .fetch_all(pool)
    .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.leader).collect();
    let persons = people(pool, &ids).await?;
    let due = at_hour(today, opts.reminder_hour).max(now);
    let mut out = Vec::new();
    let mut found = 0;
    for r in &rows {
        let Some(p) = persons.get(&r.leader) else {
            continue;
        };
        found += 1;
        let notice = MilestoneOverdue {
            recipient_name: p.display_name.clone(),
            milestone_id: r.id,
            milestone_name: r.name.clone(),
            planned_date: r.planned_date,
            days_overdue: overdue_days(r.planned_date, None, today),
            percent_done: r.percent_done,
            contract_id: r.contract_id,
            contract_number: r.contract_number.clone(),
            contract_title: r.contract_title.clone(),
            customer_name: r.customer_name.clone(),
        };
        out.extend(NewNotification::to_user(
            format!("milestone:{}:overdue:{}", r.id, r.planned_date),
            &notice,
            p.id,
            &p.locale,
            due,
        ));
    }
    let mut conn = pool.acquire().await?;
    let created = enqueue_many(&mut conn, &out, now).await?;
    Ok(ScanReport {
        found,
        created,
        ..ScanReport::default()
    })
}

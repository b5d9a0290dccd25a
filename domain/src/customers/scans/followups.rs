//! AUTO-1: follow-up tasks — from interactions, missed planned visits and
//! stalled opportunities (`followup_sources`) — remind their assignee on
//! the due day and escalate to the supervisor (the assignee's direct head,
//! ORG-5) once they are 3 working days (TGT-5) overdue.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use crate::calendar;
use crate::error::DomainResult;
use crate::notify::scan::{
    CATCH_UP_DAYS, ESCALATION_LOOKBACK_DAYS, ScanOptions, ScanReport, at_hour, heads, people,
};
use crate::notify::{NewNotification, Notice, NoticeKind, enqueue_many};

/// Working days overdue at which a follow-up escalates.
pub const ESCALATE_AFTER_WORKING_DAYS: i64 = 3;

/// `followup_due`: AUTO-1, a follow-up task is due today (to its assignee).
#[derive(Clone, Debug, Serialize)]
pub struct FollowupDue {
    pub recipient_name: String,
    pub follow_up_id: Uuid,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub due_date: NaiveDate,
    pub note: Option<String>,
}

impl Notice for FollowupDue {
    const KIND: NoticeKind = NoticeKind::FollowupDue;
}

/// `followup_escalation`: AUTO-1, a follow-up task is overdue (to the
/// assignee's supervisor).
#[derive(Clone, Debug, Serialize)]
pub struct FollowupEscalation {
    pub recipient_name: String,
    pub follow_up_id: Uuid,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub due_date: NaiveDate,
    pub assignee_name: String,
    pub working_days_overdue: i64,
    pub note: Option<String>,
}

impl Notice for FollowupEscalation {
    const KIND: NoticeKind = NoticeKind::FollowupEscalation;
}

#[derive(sqlx::FromRow)]
struct Task {
    id: Uuid,
    due_date: NaiveDate,
    note: Option<String>,
    assignee_id: Uuid,
    customer_id: Uuid,
    customer_name: String,
}

async fn open_tasks(pool: &PgPool, from: NaiveDate, to: NaiveDate) -> DomainResult<Vec<Task>> {
    Ok(sqlx::query_as(
        "SELECT f.id, f.due_date, f.note, f.assignee_id, c.id AS customer_id, c.name AS customer_name
         FROM follow_up_tasks f JOIN customers c ON c.id = f.customer_id
         WHERE f.status = 'OPEN' AND f.due_date BETWEEN $1 AND $2
         ORDER BY f.due_date, f.id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?)
}

pub async fn scan(
    pool: &PgPool,
    now: DateTime<Utc>,
    today: NaiveDate,
    opts: ScanOptions,
) -> DomainResult<ScanReport> {
    let cal = calendar::load(
        pool,
        today - Days::new(ESCALATION_LOOKBACK_DAYS as u64 + 366),
        today,
    )
    .await?;
    // AUTO-1: tasks from missed planned visits and stalled opportunities
    // first, so today's reminders include them. A failure there must not
    // stop the reminders of the tasks that exist.
    if let Err(e) = super::followup_sources::make_tasks(pool, now, today).await {
        tracing::warn!(error = %e, "follow-up tasks from plans and stalled deals not made");
    }
    let mut out = Vec::new();
    let mut found = 0;

    let due = open_tasks(pool, today - Days::new(CATCH_UP_DAYS as u64), today).await?;
    let assignees: Vec<Uuid> = due.iter().map(|t| t.assignee_id).collect();
    let persons = people(pool, &assignees).await?;
    for t in &due {
        let Some(p) = persons.get(&t.assignee_id) else {
            continue;
        };
        found += 1;
        let notice = FollowupDue {
            recipient_name: p.display_name.clone(),
            follow_up_id: t.id,
            customer_id: t.customer_id,
            customer_name: t.customer_name.clone(),
            due_date: t.due_date,
            note: t.note.clone(),
        };
        out.extend(NewNotification::to_user(
            format!("followup:{}:due", t.id),
            &notice,
            p.id,
            &p.locale,
            at_hour(t.due_date, opts.reminder_hour),
        ));
    }

    let cutoff = cal.overdue_cutoff(today, ESCALATE_AFTER_WORKING_DAYS);
    let late = open_tasks(
        pool,
        today - Days::new(ESCALATION_LOOKBACK_DAYS as u64),
        cutoff,
    )
    .await?;
    let assignees: Vec<Uuid> = late.iter().map(|t| t.assignee_id).collect();
    let supervisors = heads(pool, &assignees).await?;
    let persons = people(pool, &assignees).await?;
    for t in &late {
        let Some(head) = supervisors.get(&t.assignee_id) else {
            continue;
        };
        found += 1;
        let assignee = persons
            .get(&t.assignee_id)
            .map(|p| p.display_name.clone())
            .unwrap_or_default();
        let notice = FollowupEscalation {
            recipient_name: head.display_name.clone(),
            follow_up_id: t.id,
            customer_id: t.customer_id,
            customer_name: t.customer_name.clone(),
            due_date: t.due_date,
            assignee_name: assignee,
            working_days_overdue: cal.working_days_between(t.due_date, today),
            note: t.note.clone(),
        };
        out.extend(NewNotification::to_user(
            format!("followup:{}:escalate", t.id),
            &notice,
            head.id,
            &head.locale,
            at_hour(today, opts.reminder_hour),
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

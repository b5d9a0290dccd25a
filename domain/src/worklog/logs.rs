//! TGT-4: daily work logs — one per person per company day, due by the end
//! of the next working day (TGT-5); a log submitted later is marked late.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use super::{
    MAX_ITEMS, WORK_LOG, author, check_customers, log_due, log_late, optional_text, push_scope,
    required_text,
};
use crate::Ctx;
use crate::audit;
use crate::calendar;
use crate::clock::company_date;
use crate::error::{DomainError, DomainResult, unique_violation};
use crate::org::Actor;
use crate::versioned::{check_version, lock_in_scope, versioned};

/// A stored work log.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct WorkLog {
    pub id: Uuid,
    pub user_id: Uuid,
    pub day: NaiveDate,
    pub visited_customer_ids: Vec<Uuid>,
    pub contacted_customer_ids: Vec<Uuid>,
    pub outcome: String,
    pub notes: Option<String>,
    pub due_on: NaiveDate,
    pub submitted_at: DateTime<Utc>,
    pub late: bool,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

versioned!(WorkLog);

/// What a log says.
#[derive(Clone, Debug, Default)]
pub struct LogContent {
    pub visited_customer_ids: Vec<Uuid>,
    pub contacted_customer_ids: Vec<Uuid>,
    pub outcome: String,
    pub notes: Option<String>,
}

/// VALIDATION for more than [`MAX_ITEMS`] customers in a list, an empty or
/// too long outcome (4 000) or notes (4 000). Duplicates in a list are
/// dropped.
fn check_content(c: &LogContent) -> DomainResult<LogContent> {
    let dedup = |field: &str, ids: &[Uuid]| {
        if ids.len() > MAX_ITEMS {
            return Err(DomainError::validation(
                field,
                format!("at most {MAX_ITEMS} customers"),
            ));
        }
        let mut out: Vec<Uuid> = Vec::with_capacity(ids.len());
        for id in ids {
            if !out.contains(id) {
                out.push(*id);
            }
        }
        Ok(out)
    };
    Ok(LogContent {
        visited_customer_ids: dedup("visitedCustomerIds", &c.visited_customer_ids)?,
        contacted_customer_ids: dedup("contactedCustomerIds", &c.contacted_customer_ids)?,
        outcome: required_text("outcome", &c.outcome, 4000)?,
        notes: optional_text("notes", c.notes.as_deref(), 4000)?,
    })
}

fn customers(c: &LogContent) -> Vec<Uuid> {
    c.visited_customer_ids
        .iter()
        .chain(&c.contacted_customer_ids)
        .copied()
        .collect()
}

/// TGT-4 `submitWorkLog`: the caller's log of company day `day`. Due by
/// the end of the next working day; `late` when submitted after that.
/// VALIDATION for a day after today (company time) or more than a year
/// back, bad content; NOT_FOUND for a customer outside the caller's scope;
/// CONFLICT when the day is logged already (change it with
/// [`update_log`]). Audited WORK_LOG CREATE.
pub async fn submit_log(
    pool: &PgPool,
    ctx: &Ctx,
    day: NaiveDate,
    content: &LogContent,
) -> DomainResult<WorkLog> {
    let me = author(&ctx.actor)?;
    let today = company_date(ctx.now);
    if day > today {
        return Err(DomainError::validation(
            "day",
            format!("a work log is written for today or a past day, not {day} (today is {today})"),
        ));
    }
    if day < today - Days::new(366) {
        return Err(DomainError::validation(
            "day",
            "a work log is written within a year of its day",
        ));
    }
    let c = check_content(content)?;
    let cal = calendar::load(pool, day, day + Days::new(400)).await?;
    let due_on = log_due(&cal, day);
    let mut tx = pool.begin().await?;
    check_customers(&mut tx, &ctx.actor, &customers(&c)).await?;
    let r = sqlx::query_as(
        "INSERT INTO work_logs (id, user_id, day, visited_customer_ids, contacted_customer_ids, outcome, notes,
                due_on, submitted_at, late, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(me)
    .bind(day)
    .bind(&c.visited_customer_ids)
    .bind(&c.contacted_customer_ids)
    .bind(&c.outcome)
    .bind(&c.notes)
    .bind(due_on)
    .bind(ctx.now)
    .bind(log_late(due_on, today))
    .fetch_one(&mut *tx)
    .await;
    let new: WorkLog = match r {
        Ok(l) => l,
        Err(e) if unique_violation(&e) == Some("work_logs_one_per_day") => {
            return Err(DomainError::conflict(format!(
                "you have logged {day} already: change that log instead"
            )));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &mut tx,
        ctx,
        WORK_LOG,
        new.id,
        "CREATE",
        &audit::created(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// TGT-4 `updateWorkLog`: the author changes their log (the day, the
/// submission time and the late flag stay). FORBIDDEN for anyone else who
/// sees it, the stale error for another version. Audited WORK_LOG UPDATE.
pub async fn update_log(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    content: &LogContent,
) -> DomainResult<WorkLog> {
    let me = author(&ctx.actor)?;
    let c = check_content(content)?;
    let mut tx = pool.begin().await?;
    let mut qb = QueryBuilder::new(
        "SELECT l.* FROM work_logs l JOIN users u ON u.id = l.user_id WHERE l.id = ",
    );
    qb.push_bind(id);
    push_scope(&mut qb, &ctx.actor, "l.user_id", "u.unit_id");
    qb.push(" FOR UPDATE OF l");
    let old: WorkLog = lock_in_scope(&mut tx, &mut qb).await?;
    if old.user_id != me {
        return Err(DomainError::Forbidden(
            "only the log's author changes it".into(),
        ));
    }
    check_version(&old, version, "work log")?;
    check_customers(&mut tx, &ctx.actor, &customers(&c)).await?;
    let new: WorkLog = sqlx::query_as(
        "UPDATE work_logs SET visited_customer_ids = $2, contacted_customer_ids = $3, outcome = $4, notes = $5,
                version = version + 1, updated_at = $6
          WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(&c.visited_customer_ids)
    .bind(&c.contacted_customer_ids)
    .bind(&c.outcome)
    .bind(&c.notes)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, WORK_LOG, id, "UPDATE", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// The filter of `workLogs(...)`: days in `[from, to]`.
#[derive(Clone, Debug, Default)]
pub struct LogFilter {
    pub user_id: Option<Uuid>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub late: Option<bool>,
}

/// The logs the actor sees that match, newest day first, at most 2 000.
pub async fn list_logs(pool: &PgPool, actor: &Actor, f: &LogFilter) -> DomainResult<Vec<WorkLog>> {
    let mut qb = QueryBuilder::new(
        "SELECT l.* FROM work_logs l JOIN users u ON u.id = l.user_id WHERE TRUE",
    );
    if let Some(u) = f.user_id {
        qb.push(" AND l.user_id = ").push_bind(u);
    }
    if let Some(d) = f.from {
        qb.push(" AND l.day >= ").push_bind(d);
    }
    if let Some(d) = f.to {
        qb.push(" AND l.day <= ").push_bind(d);
    }
    if let Some(late) = f.late {
        qb.push(" AND l.late = ").push_bind(late);
    }
    push_scope(&mut qb, actor, "l.user_id", "u.unit_id");
    qb.push(" ORDER BY l.day DESC, u.display_name, l.id LIMIT 2000");
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// A log by id within the actor's scope.
pub async fn get_log(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<Option<WorkLog>> {
    let mut qb = QueryBuilder::new(
        "SELECT l.* FROM work_logs l JOIN users u ON u.id = l.user_id WHERE l.id = ",
    );
    qb.push_bind(id);
    push_scope(&mut qb, actor, "l.user_id", "u.unit_id");
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// ORG-4: the trail of a WORK_LOG is visible to whoever sees the log.
pub async fn audit_visible(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<bool> {
    Ok(get_log(pool, actor, id).await?.is_some())
}

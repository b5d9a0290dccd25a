//! AUTO-1 follow-up tasks: created by CUS-5 interactions (later by plans
//! and opportunities), listed per assignee and per customer, completed by
//! the assignee or their supervisor/manager. The worker reminds on them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::interactions::{customer_head, opt_text};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::model::text_enum;
use crate::org::{Access, Actor, Resource, Scope};
use crate::page::{self, Keyed, Page, PageRequest, SortKey};
use crate::versioned::{check_version, lock_in_scope, versioned};

text_enum! {
    FollowUpStatus { Open => "OPEN", Done => "DONE", Cancelled => "CANCELLED" }
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct FollowUp {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub interaction_id: Option<Uuid>,
    pub assignee_id: Uuid,
    pub due_date: NaiveDate,
    pub note: Option<String>,
    pub status: FollowUpStatus,
    pub completed_at: Option<DateTime<Utc>>,
    pub completed_by: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

versioned!(FollowUp);

pub(crate) async fn create(
    tx: &mut PgConnection,
    ctx: &Ctx,
    customer: Uuid,
    interaction: Option<Uuid>,
    assignee: Uuid,
    due: NaiveDate,
    note: Option<String>,
) -> DomainResult<FollowUp> {
    let row: FollowUp = sqlx::query_as(
        "INSERT INTO follow_up_tasks (id, customer_id, interaction_id, assignee_id, due_date, note, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(customer)
    .bind(interaction)
    .bind(assignee)
    .bind(due)
    .bind(note)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        tx,
        ctx,
        "FOLLOW_UP",
        row.id,
        "CREATE",
        &audit::created(&row),
    )
    .await?;
    Ok(row)
}

#[derive(Clone, Debug, Default)]
pub struct FollowUpFilter {
    pub assignee: Option<Uuid>,
    pub customer: Option<Uuid>,
    pub status: Option<FollowUpStatus>,
    /// Due strictly before this day.
    pub due_before: Option<NaiveDate>,
}

async fn list(
    pool: &PgPool,
    f: &FollowUpFilter,
    req: &PageRequest,
) -> DomainResult<Page<FollowUp>> {
    let sort = SortKey {
        expr: "f.due_date",
        sql_type: "date",
        descending: false,
    };
    let mut qb = QueryBuilder::new(
        "SELECT f.*, f.due_date::text AS sort_key FROM follow_up_tasks f WHERE TRUE",
    );
    if let Some(a) = f.assignee {
        qb.push(" AND f.assignee_id = ").push_bind(a);
    }
    if let Some(c) = f.customer {
        qb.push(" AND f.customer_id = ").push_bind(c);
    }
    if let Some(s) = f.status {
        qb.push(" AND f.status = ").push_bind(s.as_str());
    }
    if let Some(d) = f.due_before {
        qb.push(" AND f.due_date < ").push_bind(d);
    }
    page::push_keyset(&mut qb, "f.id", sort, req);
    let rows: Vec<Keyed<FollowUp>> = qb.build_query_as().fetch_all(pool).await?;
    Ok(page::into_page(rows, |f| f.id, req))
}

/// The actor's own tasks, earliest due first.
pub async fn my_follow_ups(
    pool: &PgPool,
    actor: &Actor,
    mut f: FollowUpFilter,
    req: &PageRequest,
) -> DomainResult<Page<FollowUp>> {
    let Some(me) = actor.user_id else {
        return Ok(Page {
            items: Vec::new(),
            has_previous_page: false,
            has_next_page: false,
        });
    };
    f.assignee = Some(me);
    f.customer = None;
    list(pool, &f, req).await
}

/// A customer's tasks; the customer must be within read scope.
pub async fn customer_follow_ups(
    pool: &PgPool,
    actor: &Actor,
    customer: Uuid,
    mut f: FollowUpFilter,
    req: &PageRequest,
) -> DomainResult<Page<FollowUp>> {
    customer_head(pool, actor, customer, Access::Read)
        .await?
        .ok_or(DomainError::NotFound)?;
    f.customer = Some(customer);
    f.assignee = None;
    list(pool, &f, req).await
}

/// The task created by an interaction, if any.
pub async fn by_interaction(pool: &PgPool, interaction: Uuid) -> DomainResult<Option<FollowUp>> {
    Ok(sqlx::query_as(
        "SELECT * FROM follow_up_tasks WHERE interaction_id = $1 ORDER BY id LIMIT 1",
    )
    .bind(interaction)
    .fetch_optional(pool)
    .await?)
}

/// Completes a task: its assignee, or whoever's ORG-3 write scope reaches
/// the assignee (their supervisor, manager, the director); anyone else gets
/// NOT_FOUND. A task no longer OPEN is a CONFLICT; a stale version too.
pub async fn complete(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    note: Option<String>,
) -> DomainResult<FollowUp> {
    let me = ctx
        .actor
        .user_id
        .ok_or_else(|| DomainError::Forbidden("API tokens are read-only".into()))?;
    let note = opt_text("note", note, 2000)?;
    let scope = Scope::of(&ctx.actor, Resource::Customer, Access::Write);
    let mut tx = pool.begin().await?;
    let mut qb = QueryBuilder::new(
        "SELECT f.* FROM follow_up_tasks f JOIN users u ON u.id = f.assignee_id WHERE f.id = ",
    );
    qb.push_bind(id);
    scope.push_filter(&mut qb, "f.assignee_id", "u.unit_id", None);
    qb.push(" FOR UPDATE OF f");
    let old: FollowUp = lock_in_scope(&mut tx, &mut qb).await?;
    if old.status != FollowUpStatus::Open {
        return Err(DomainError::conflict("the follow-up is no longer open"));
    }
    check_version(&old, version, "follow-up")?;
    let new: FollowUp = sqlx::query_as(
        "UPDATE follow_up_tasks SET status = 'DONE', completed_at = $2, completed_by = $3,
                note = coalesce($4, note), version = version + 1
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(ctx.now)
    .bind(me)
    .bind(note)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, "FOLLOW_UP", id, "UPDATE", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

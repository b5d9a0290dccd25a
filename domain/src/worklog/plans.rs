//! TGT-3: weekly sales plans of visits and activities, submitted by their
//! author and approved or returned by the author's supervisor chain.

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::{
    ActivityKind, MAX_ITEMS, PlanStatus, SALES_PLAN, author, chain_of, check_customers,
    check_decider, check_week_start, optional_text, push_scope, required_text,
};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult, unique_violation};
use crate::org::Actor;
use crate::versioned::{check_version, lock_in_scope, versioned};

/// A stored plan (without its items).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct SalesPlan {
    pub id: Uuid,
    pub user_id: Uuid,
    pub week_start: NaiveDate,
    pub note: Option<String>,
    pub status: PlanStatus,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

versioned!(SalesPlan);

/// One visit or activity of a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct PlanItem {
    #[serde(skip)]
    pub plan_id: Uuid,
    pub position: i32,
    /// VISIT or ACTIVITY.
    pub kind: String,
    pub day: NaiveDate,
    pub customer_id: Option<Uuid>,
    pub activity_kind: Option<String>,
    /// A visit's purpose, an activity's title.
    pub title: String,
    pub description: Option<String>,
}

/// A plan with its items, as read and as audited.
#[derive(Clone, Debug, Serialize)]
pub struct PlanWithItems {
    #[serde(flatten)]
    pub plan: SalesPlan,
    pub items: Vec<PlanItem>,
}

/// A visit (`customer_id`, no activity kind; `title` its purpose) or an
/// activity (`activity_kind`, no customer).
#[derive(Clone, Debug)]
pub struct NewItem {
    pub day: NaiveDate,
    pub customer_id: Option<Uuid>,
    pub activity_kind: Option<ActivityKind>,
    pub title: String,
    pub description: Option<String>,
}

/// VALIDATION for more than [`MAX_ITEMS`] items, an item dated outside the
/// week, a visit without a customer or with an activity kind, an activity
/// without a kind or with a customer, an empty or too long title (200) or
/// description (2 000). Field names `items.{i}.{field}`.
pub fn check_items(week_start: NaiveDate, items: &[NewItem]) -> DomainResult<Vec<PlanItem>> {
    if items.len() > MAX_ITEMS {
        return Err(DomainError::validation(
            "items",
            format!("at most {MAX_ITEMS} visits and activities"),
        ));
    }
    let week_end = week_start + Days::new(6);
    items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let f = |name: &str| format!("items.{i}.{name}");
            if it.day < week_start || it.day > week_end {
                return Err(DomainError::validation(
                    f("day"),
                    format!("must be in the plan's week, {week_start} to {week_end}"),
                ));
            }
            let kind = match (it.customer_id, it.activity_kind) {
                (Some(_), None) => "VISIT",
                (None, Some(_)) => "ACTIVITY",
                _ => {
                    return Err(DomainError::validation(
                        f("customerId"),
                        "a visit names a customer, an activity its kind: exactly one of the two",
                    ));
                }
            };
            Ok(PlanItem {
                plan_id: Uuid::nil(),
                position: i as i32,
                kind: kind.to_owned(),
                day: it.day,
                customer_id: it.customer_id,
                activity_kind: it.activity_kind.map(|k| k.as_str().to_owned()),
                title: required_text(&f("title"), &it.title, 200)?,
                description: optional_text(&f("description"), it.description.as_deref(), 2000)?,
            })
        })
        .collect()
}

fn visit_customers(items: &[PlanItem]) -> Vec<Uuid> {
    items.iter().filter_map(|i| i.customer_id).collect()
}

async fn insert_items(conn: &mut PgConnection, plan: Uuid, items: &[PlanItem]) -> DomainResult<()> {
    sqlx::query("DELETE FROM sales_plan_items WHERE plan_id = $1")
        .bind(plan)
        .execute(&mut *conn)
        .await?;
    if items.is_empty() {
        return Ok(());
    }
    let mut qb = QueryBuilder::new(
        "INSERT INTO sales_plan_items (plan_id, position, kind, day, customer_id, activity_kind, title, description) ",
    );
    qb.push_values(items, |mut b, it| {
        b.push_bind(plan)
            .push_bind(it.position)
            .push_bind(&it.kind)
            .push_bind(it.day)
            .push_bind(it.customer_id)
            .push_bind(&it.activity_kind)
            .push_bind(&it.title)
            .push_bind(&it.description);
    });
    qb.build().execute(&mut *conn).await?;
    Ok(())
}

async fn items_of(conn: &mut PgConnection, plans: &[Uuid]) -> DomainResult<Vec<PlanItem>> {
    Ok(sqlx::query_as(
        "SELECT * FROM sales_plan_items WHERE plan_id = ANY($1) ORDER BY plan_id, position",
    )
    .bind(plans)
    .fetch_all(&mut *conn)
    .await?)
}

async fn with_items(
    conn: &mut PgConnection,
    plans: Vec<SalesPlan>,
) -> DomainResult<Vec<PlanWithItems>> {
    let ids: Vec<Uuid> = plans.iter().map(|p| p.id).collect();
    let mut by_plan: HashMap<Uuid, Vec<PlanItem>> = HashMap::new();
    for it in items_of(conn, &ids).await? {
        by_plan.entry(it.plan_id).or_default().push(it);
    }
    Ok(plans
        .into_iter()
        .map(|plan| PlanWithItems {
            items: by_plan.remove(&plan.id).unwrap_or_default(),
            plan,
        })
        .collect())
}

/// TGT-3 `createSalesPlan`: the caller's plan for the week starting
/// `week_start` (a Monday), as a DRAFT. VALIDATION for a day that is not a
/// Monday or bad items, NOT_FOUND for a visited customer outside the
/// caller's scope, CONFLICT when the caller has a plan for that week.
/// Audited SALES_PLAN CREATE.
pub async fn create_plan(
    pool: &PgPool,
    ctx: &Ctx,
    week_start: NaiveDate,
    note: Option<&str>,
    items: &[NewItem],
) -> DomainResult<PlanWithItems> {
    let me = author(&ctx.actor)?;
    let week_start = check_week_start("weekStart", week_start)?;
    let note = optional_text("note", note, 2000)?;
    let items = check_items(week_start, items)?;
    let mut tx = pool.begin().await?;
    check_customers(&mut tx, &ctx.actor, &visit_customers(&items)).await?;
    let r = sqlx::query_as(
        "INSERT INTO sales_plans (id, user_id, week_start, note, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(me)
    .bind(week_start)
    .bind(&note)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await;
    let plan: SalesPlan = match r {
        Ok(p) => p,
        Err(e) if unique_violation(&e) == Some("sales_plans_one_per_week") => {
            return Err(DomainError::conflict(format!(
                "you already have a plan for the week of {week_start}"
            )));
        }
        Err(e) => return Err(e.into()),
    };
    insert_items(&mut tx, plan.id, &items).await?;
    let new = with_items(&mut tx, vec![plan]).await?.remove(0);
    audit::record(
        &mut tx,
        ctx,
        SALES_PLAN,
        new.plan.id,
        "CREATE",
        &audit::created(&new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// The plan `id` within the actor's scope, locked (NOT_FOUND otherwise).
async fn lock(conn: &mut PgConnection, actor: &Actor, id: Uuid) -> DomainResult<PlanWithItems> {
    let mut qb = QueryBuilder::new(
        "SELECT p.* FROM sales_plans p JOIN users u ON u.id = p.user_id WHERE p.id = ",
    );
    qb.push_bind(id);
    push_scope(&mut qb, actor, "p.user_id", "u.unit_id");
    qb.push(" FOR UPDATE OF p");
    let plan: SalesPlan = lock_in_scope(conn, &mut qb).await?;
    Ok(with_items(conn, vec![plan]).await?.remove(0))
}

/// The author's own plan for a change: FORBIDDEN for anyone else who sees
/// it, the stale error for another version.
async fn lock_own(
    conn: &mut PgConnection,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
) -> DomainResult<PlanWithItems> {
    let me = author(&ctx.actor)?;
    let old = lock(conn, &ctx.actor, id).await?;
    if old.plan.user_id != me {
        return Err(DomainError::Forbidden(
            "only the plan's author changes or submits it".into(),
        ));
    }
    check_version(&old.plan, version, "plan")?;
    Ok(old)
}

async fn save(
    conn: &mut PgConnection,
    ctx: &Ctx,
    old: &PlanWithItems,
    action: &str,
    new: SalesPlan,
) -> DomainResult<PlanWithItems> {
    let new = with_items(conn, vec![new]).await?.remove(0);
    audit::record_diff(conn, ctx, SALES_PLAN, new.plan.id, action, old, &new).await?;
    Ok(new)
}

/// TGT-3 `updateSalesPlan`: replaces the note and the items of the
/// caller's DRAFT or RETURNED plan (CONFLICT once submitted or approved).
/// Audited SALES_PLAN UPDATE.
pub async fn update_plan(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    note: Option<&str>,
    items: &[NewItem],
) -> DomainResult<PlanWithItems> {
    let note = optional_text("note", note, 2000)?;
    let mut tx = pool.begin().await?;
    let old = lock_own(&mut tx, ctx, id, version).await?;
    if !matches!(old.plan.status, PlanStatus::Draft | PlanStatus::Returned) {
        return Err(DomainError::conflict(format!(
            "the plan is {}: only a draft or a returned plan is edited",
            old.plan.status
        )));
    }
    let items = check_items(old.plan.week_start, items)?;
    check_customers(&mut tx, &ctx.actor, &visit_customers(&items)).await?;
    insert_items(&mut tx, id, &items).await?;
    let plan: SalesPlan = sqlx::query_as(
        "UPDATE sales_plans SET note = $2, version = version + 1, updated_at = $3 WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(&note)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    let new = save(&mut tx, ctx, &old, "UPDATE", plan).await?;
    tx.commit().await?;
    Ok(new)
}

/// TGT-3 `submitSalesPlan`: the author submits a DRAFT or RETURNED plan
/// with at least one item (VALIDATION `items`); CONFLICT otherwise.
/// Audited SALES_PLAN SUBMIT.
pub async fn submit_plan(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
) -> DomainResult<PlanWithItems> {
    let mut tx = pool.begin().await?;
    let old = lock_own(&mut tx, ctx, id, version).await?;
    if !matches!(old.plan.status, PlanStatus::Draft | PlanStatus::Returned) {
        return Err(DomainError::conflict(format!(
            "the plan is {} already",
            old.plan.status
        )));
    }
    if old.items.is_empty() {
        return Err(DomainError::validation(
            "items",
            "a plan needs at least one visit or activity to be submitted",
        ));
    }
    let plan: SalesPlan = sqlx::query_as(
        "UPDATE sales_plans SET status = 'SUBMITTED', submitted_at = $2, decided_by = NULL,
                decided_at = NULL, decision_note = NULL, version = version + 1, updated_at = $2
          WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    let new = save(&mut tx, ctx, &old, "SUBMIT", plan).await?;
    tx.commit().await?;
    Ok(new)
}

/// TGT-3 `approveSalesPlan` (`approve`) / `returnSalesPlan`: a SUBMITTED
/// plan of someone the caller sees (NOT_FOUND otherwise) is approved
/// (optional comment) or returned (reason required, VALIDATION `reason`)
/// by the author's direct head or a supervisor, manager, director or GM;
/// never by the author (FORBIDDEN). CONFLICT for a plan not SUBMITTED, the
/// stale error for another version. Audited SALES_PLAN APPROVE / RETURN.
pub async fn decide_plan(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    approve: bool,
    note: Option<&str>,
) -> DomainResult<PlanWithItems> {
    let field = if approve { "comment" } else { "reason" };
    let note = optional_text(field, note, 1000)?;
    if !approve && note.is_none() {
        return Err(DomainError::validation(
            "reason",
            "say why the plan is returned",
        ));
    }
    let mut tx = pool.begin().await?;
    let old = lock(&mut tx, &ctx.actor, id).await?;
    let chain = chain_of(pool, old.plan.user_id).await?;
    check_decider(&ctx.actor, old.plan.user_id, &chain, "plan")?;
    check_version(&old.plan, version, "plan")?;
    if old.plan.status != PlanStatus::Submitted {
        return Err(DomainError::conflict(format!(
            "the plan is {}: only a submitted plan is approved or returned",
            old.plan.status
        )));
    }
    let (status, action) = if approve {
        ("APPROVED", "APPROVE")
    } else {
        ("RETURNED", "RETURN")
    };
    let plan: SalesPlan = sqlx::query_as(
        "UPDATE sales_plans SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5,
                version = version + 1, updated_at = $4
          WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(status)
    .bind(ctx.actor.user_id)
    .bind(ctx.now)
    .bind(&note)
    .fetch_one(&mut *tx)
    .await?;
    let new = save(&mut tx, ctx, &old, action, plan).await?;
    tx.commit().await?;
    Ok(new)
}

/// The filter of `salesPlans(...)`: weeks starting in `[from, to]`.
#[derive(Clone, Debug, Default)]
pub struct PlanFilter {
    pub user_id: Option<Uuid>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub status: Option<PlanStatus>,
}

/// The plans the actor sees that match, newest week first, at most 1 000.
pub async fn list_plans(
    pool: &PgPool,
    actor: &Actor,
    f: &PlanFilter,
) -> DomainResult<Vec<PlanWithItems>> {
    let mut qb = QueryBuilder::new(
        "SELECT p.* FROM sales_plans p JOIN users u ON u.id = p.user_id WHERE TRUE",
    );
    if let Some(u) = f.user_id {
        qb.push(" AND p.user_id = ").push_bind(u);
    }
    if let Some(d) = f.from {
        qb.push(" AND p.week_start >= ").push_bind(d);
    }
    if let Some(d) = f.to {
        qb.push(" AND p.week_start <= ").push_bind(d);
    }
    if let Some(s) = f.status {
        qb.push(" AND p.status = ").push_bind(s.as_str());
    }
    push_scope(&mut qb, actor, "p.user_id", "u.unit_id");
    qb.push(" ORDER BY p.week_start DESC, u.display_name, p.id LIMIT 1000");
    let plans: Vec<SalesPlan> = qb.build_query_as().fetch_all(pool).await?;
    let mut conn = pool.acquire().await?;
    with_items(&mut conn, plans).await
}

/// A plan by id within the actor's scope.
pub async fn get_plan(
    pool: &PgPool,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<Option<PlanWithItems>> {
    let mut qb = QueryBuilder::new(
        "SELECT p.* FROM sales_plans p JOIN users u ON u.id = p.user_id WHERE p.id = ",
    );
    qb.push_bind(id);
    push_scope(&mut qb, actor, "p.user_id", "u.unit_id");
    let Some(plan) = qb
        .build_query_as::<SalesPlan>()
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    let mut conn = pool.acquire().await?;
    Ok(with_items(&mut conn, vec![plan]).await?.pop())
}

/// ORG-4: the trail of a SALES_PLAN is visible to whoever sees the plan.
pub async fn audit_visible(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<bool> {
    Ok(get_plan(pool, actor, id).await?.is_some())
}

//! KA-3: annual key-account plans: submitted, reviewed by the department
//! head, approved by the executive; either may return it with a reason.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::KaPlanStatus;
use crate::Ctx;
use crate::audit;
use crate::customers::complaints::push_record_scope;
use crate::error::{DomainError, DomainResult};
use crate::org::{Access, Actor, Resource};
use crate::versioned::{check_version, lock_in_scope, versioned};

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct KaPlan {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub year: i32,
    pub target_revenue: Decimal,
    pub strategy: String,
    pub actions: String,
    pub status: crate::customers::key_accounts::KaPlanStatus,
    pub submitted_by: Uuid,
    pub reviewed_by: Option<Uuid>,
    pub approved_by: Option<Uuid>,
    pub return_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

versioned!(KaPlan);

pub struct PlanContent {
    pub target_revenue: Decimal,
    pub strategy: String,
    pub actions: String,
}

fn content(c: &PlanContent) -> DomainResult<(Decimal, String, String)> {
    Ok((
        super::money("targetRevenue", c.target_revenue)?,
        super::text("strategy", &c.strategy, 5000)?,
        super::text("actions", &c.actions, 5000)?,
    ))
}

fn key_account(c: &super::CustomerFacts) -> DomainResult<()> {
    if !c.key_account {
        return Err(DomainError::validation(
            "customerId",
            "the customer is not a key account",
        ));
    }
    Ok(())
}

/// KA-3: submits a key account's plan for a year (one per year).
pub async fn submit_ka_plan(
    pool: &PgPool,
    ctx: &Ctx,
    customer_id: Uuid,
    year: i32,
    plan: PlanContent,
) -> DomainResult<KaPlan> {
    let year = super::year(year)?;
    let (revenue, strategy, actions) = content(&plan)?;
    let me = ctx
        .actor
        .user_id
        .ok_or_else(|| DomainError::Forbidden("API tokens are read-only".into()))?;
    let mut tx = pool.begin().await?;
    let c = super::writable_customer(&mut tx, &ctx.actor, customer_id).await?;
    key_account(&c)?;
    let row: KaPlan = sqlx::query_as(
        "INSERT INTO ka_plans (id, customer_id, year, target_revenue, strategy, actions, submitted_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(c.id)
    .bind(year)
    .bind(revenue)
    .bind(&strategy)
    .bind(&actions)
    .bind(me)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match crate::error::unique_violation(&e) {
        Some(_) => DomainError::conflict("the customer already has a plan for this year"),
        None => e.into(),
    })?;
    audit::record(
        &mut tx,
        ctx,
        "KA_PLAN",
        row.id,
        "CREATE",
        &audit::created(&row),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

async fn lock(
    tx: &mut PgConnection,
    actor: &Actor,
    id: Uuid,
    version: i32,
) -> DomainResult<(KaPlan, super::CustomerFacts)> {
    let mut qb = QueryBuilder::new(
        "SELECT p.* FROM ka_plans p JOIN customers c ON c.id = p.customer_id WHERE p.id = ",
    );
    qb.push_bind(id);
    push_record_scope(&mut qb, actor, Resource::Customer, Access::Read);
    qb.push(" FOR UPDATE OF p");
    let plan: KaPlan = lock_in_scope(tx, &mut qb).await?;
    let c = super::customer(tx, actor, plan.customer_id, false).await?;
    check_version(&plan, version, "key-account plan")?;
    Ok((plan, c))
}

fn at_step(plan: &KaPlan, step: KaPlanStatus) -> DomainResult<()> {
    if plan.status != step {
        return Err(DomainError::conflict(format!(
            "the plan is {}, not {step}",
            plan.status
        )));
    }
    Ok(())
}

async fn save(
    tx: &mut PgConnection,
    ctx: &Ctx,
    old: &KaPlan,
    new: KaPlan,
    action: &str,
) -> DomainResult<KaPlan> {
    audit::record_diff(tx, ctx, "KA_PLAN", new.id, action, old, &new).await?;
    Ok(new)
}

/// KA-3: a RETURNED plan, changed and submitted again.
pub async fn resubmit_ka_plan(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    plan: PlanContent,
) -> DomainResult<KaPlan> {
    let (revenue, strategy, actions) = content(&plan)?;
    let mut tx = pool.begin().await?;
    let (old, c) = lock(&mut tx, &ctx.actor, id, version).await?;
    if !c.writable {
        return Err(DomainError::NotFound);
    }
    at_step(&old, KaPlanStatus::Returned)?;
    let new: KaPlan = sqlx::query_as(
        "UPDATE ka_plans SET target_revenue = $2, strategy = $3, actions = $4, status = 'SUBMITTED',
                submitted_by = $5, reviewed_by = NULL, approved_by = NULL, return_reason = NULL,
                version = version + 1
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(revenue)
    .bind(&strategy)
    .bind(&actions)
    .bind(ctx.actor.user_id)
    .fetch_one(&mut *tx)
    .await?;
    let new = save(&mut tx, ctx, &old, new, "RESUBMIT").await?;
    tx.commit().await?;
    Ok(new)
}

/// KA-3 review (department head) at SUBMITTED → REVIEWED or RETURNED, and
/// approval (executive) at REVIEWED → APPROVED or RETURNED.
pub async fn judge_ka_plan(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    approve: bool,
    reason: Option<&str>,
    final_approval: bool,
) -> DomainResult<KaPlan> {
    let reason = super::reason(approve, reason)?;
    let mut tx = pool.begin().await?;
    let (old, c) = lock(&mut tx, &ctx.actor, id, version).await?;
    if final_approval {
        super::require_executive(&ctx.actor)?;
    } else {
        super::require_department_head(&ctx.actor, &c)?;
    }
    super::not_own(&ctx.actor, old.submitted_by)?;
    let (from, to) = match (final_approval, approve) {
        (false, true) => (KaPlanStatus::Submitted, KaPlanStatus::Reviewed),
        (false, false) => (KaPlanStatus::Submitted, KaPlanStatus::Returned),
        (true, true) => (KaPlanStatus::Reviewed, KaPlanStatus::Approved),
        (true, false) => (KaPlanStatus::Reviewed, KaPlanStatus::Returned),
    };
    at_step(&old, from)?;
    let sql = if final_approval {
        "UPDATE ka_plans SET status = $2, approved_by = $3, return_reason = $4, version = version + 1
         WHERE id = $1 RETURNING *"
    } else {
        "UPDATE ka_plans SET status = $2, reviewed_by = $3, return_reason = $4, version = version + 1
         WHERE id = $1 RETURNING *"
    };
    let new: KaPlan = sqlx::query_as(sql)
        .bind(id)
        .bind(to.as_str())
        .bind(ctx.actor.user_id)
        .bind(if approve { None } else { reason })
        .fetch_one(&mut *tx)
        .await?;
    let action = if final_approval { "APPROVE" } else { "REVIEW" };
    let new = save(&mut tx, ctx, &old, new, action).await?;
    tx.commit().await?;
    Ok(new)
}

/// A key account's plans within read scope, newest year first.
pub async fn ka_plans(
    pool: &PgPool,
    actor: &Actor,
    customer_id: Uuid,
) -> DomainResult<Vec<KaPlan>> {
    let mut qb = QueryBuilder::new(
        "SELECT p.* FROM ka_plans p JOIN customers c ON c.id = p.customer_id WHERE p.customer_id = ",
    );
    qb.push_bind(customer_id);
    push_record_scope(&mut qb, actor, Resource::Customer, Access::Read);
    qb.push(" ORDER BY p.year DESC");
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// One plan within read scope.
pub async fn get_ka_plan(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<Option<KaPlan>> {
    let mut qb = QueryBuilder::new(
        "SELECT p.* FROM ka_plans p JOIN customers c ON c.id = p.customer_id WHERE p.id = ",
    );
    qb.push_bind(id);
    push_record_scope(&mut qb, actor, Resource::Customer, Access::Read);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

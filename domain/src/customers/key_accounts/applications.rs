//! KA-1/KA-2: admission applications, pre-review and decision.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::{Criteria, KaApplicationStatus, THRESHOLD_SETTING};
use crate::Ctx;
use crate::audit;
use crate::customers::complaints::push_record_scope;
use crate::customers::model::{Customer, KaClass};
use crate::customers::settings;
use crate::error::{DomainError, DomainResult};
use crate::org::{Access, Actor, Resource};
use crate::page::{self, Keyed, Page, PageRequest, SortKey};
use crate::versioned::{check_version, lock_in_scope, versioned};

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct KaApplication {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub applicant_id: Uuid,
    pub cooperation_intent: String,
    pub expected_annual_revenue: Decimal,
    pub requested_class: String,
    pub good_credit: bool,
    pub clear_needs: bool,
    pub agrees_with_offering: bool,
    pub fits_strategy: bool,
    pub status: crate::customers::key_accounts::KaApplicationStatus,
    pub prereviewed_by: Option<Uuid>,
    pub prereviewed_at: Option<DateTime<Utc>>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub rejection_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

versioned!(KaApplication);

pub struct NewKaApplication {
    pub customer_id: Uuid,
    pub cooperation_intent: String,
    pub expected_annual_revenue: Decimal,
    pub requested_class: KaClass,
    pub criteria: Criteria,
}

/// KA-1: applies for admission of a customer the actor may change.
pub async fn apply_for_key_account(
    pool: &PgPool,
    ctx: &Ctx,
    input: NewKaApplication,
) -> DomainResult<KaApplication> {
    let intent = super::text("cooperationIntent", &input.cooperation_intent, 5000)?;
    let revenue = super::money("expectedAnnualRevenue", input.expected_annual_revenue)?;
    let threshold: String = settings::get(pool, THRESHOLD_SETTING).await?;
    let threshold: Decimal = threshold
        .trim()
        .parse()
        .map_err(|e| anyhow::anyhow!("ka_revenue_threshold: {e}"))?;
    let me = ctx
        .actor
        .user_id
        .ok_or_else(|| DomainError::Forbidden("API tokens are read-only".into()))?;
    let mut tx = pool.begin().await?;
    let c = super::writable_customer(&mut tx, &ctx.actor, input.customer_id).await?;
    super::check_admission(&input.criteria, revenue, threshold)?;
    if c.key_account {
        return Err(DomainError::conflict(
            "the customer is already a key account",
        ));
    }
    let a = input.criteria;
    let row: KaApplication = sqlx::query_as(
        "INSERT INTO ka_applications (id, customer_id, applicant_id, cooperation_intent, expected_annual_revenue,
                requested_class, good_credit, clear_needs, agrees_with_offering, fits_strategy, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(c.id)
    .bind(me)
    .bind(&intent)
    .bind(revenue)
    .bind(input.requested_class.as_str())
    .bind(a.good_credit)
    .bind(a.clear_needs)
    .bind(a.agrees_with_offering)
    .bind(a.fits_strategy)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match crate::error::unique_violation(&e) {
        Some("ka_applications_one_pending") => {
            DomainError::conflict("the customer already has a pending key-account application")
        }
        _ => e.into(),
    })?;
    audit::record(
        &mut tx,
        ctx,
        "KA_APPLICATION",
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
) -> DomainResult<(KaApplication, super::CustomerFacts)> {
    let mut qb = QueryBuilder::new(
        "SELECT a.* FROM ka_applications a JOIN customers c ON c.id = a.customer_id WHERE a.id = ",
    );
    qb.push_bind(id);
    push_record_scope(&mut qb, actor, Resource::Customer, Access::Read);
    qb.push(" FOR UPDATE OF a");
    let app: KaApplication = lock_in_scope(tx, &mut qb).await?;
    let c = super::customer(tx, actor, app.customer_id, true).await?;
    check_version(&app, version, "key-account application")?;
    Ok((app, c))
}

fn at_step(app: &KaApplication, step: KaApplicationStatus) -> DomainResult<()> {
    if app.status != step {
        return Err(DomainError::conflict(format!(
            "the application is {}, not {step}",
            app.status
        )));
    }
    Ok(())
}

/// KA-2 pre-review by the sales department head: to PENDING_APPROVAL or REJECTED.
pub async fn prereview_key_account(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    approve: bool,
    reason: Option<&str>,
) -> DomainResult<KaApplication> {
    let reason = super::reason(approve, reason)?;
    let mut tx = pool.begin().await?;
    let (old, c) = lock(&mut tx, &ctx.actor, id, version).await?;
    super::require_department_head(&ctx.actor, &c)?;
    super::not_own(&ctx.actor, old.applicant_id)?;
    at_step(&old, KaApplicationStatus::PendingPrereview)?;
    let to = if approve {
        KaApplicationStatus::PendingApproval
    } else {
        KaApplicationStatus::Rejected
    };
    let new: KaApplication = sqlx::query_as(
        "UPDATE ka_applications SET status = $2, prereviewed_by = $3, prereviewed_at = $4,
                rejection_reason = $5, version = version + 1
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(to.as_str())
    .bind(ctx.actor.user_id)
    .bind(ctx.now)
    .bind(if approve { None } else { reason })
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, "KA_APPLICATION", id, "PREREVIEW", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// KA-2 decision by director or GM at PENDING_APPROVAL, never by whoever
/// pre-reviewed it. Approval makes the customer a key account of the
/// requested (or overriding) class.
pub async fn decide_key_account(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    approve: bool,
    reason: Option<&str>,
    class: Option<KaClass>,
) -> DomainResult<KaApplication> {
    let reason = super::reason(approve, reason)?;
    let mut tx = pool.begin().await?;
    let (old, _) = lock(&mut tx, &ctx.actor, id, version).await?;
    super::require_executive(&ctx.actor)?;
    super::not_own(&ctx.actor, old.applicant_id)?;
    at_step(&old, KaApplicationStatus::PendingApproval)?;
    if old.prereviewed_by.is_some() && old.prereviewed_by == ctx.actor.user_id {
        return Err(DomainError::Forbidden(
            "the pre-review and the approval are made by two different people (KA-2)".into(),
        ));
    }
    let to = if approve {
        KaApplicationStatus::Approved
    } else {
        KaApplicationStatus::Rejected
    };
    let new: KaApplication = sqlx::query_as(
        "UPDATE ka_applications SET status = $2, decided_by = $3, decided_at = $4,
                rejection_reason = $5, version = version + 1
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(to.as_str())
    .bind(ctx.actor.user_id)
    .bind(ctx.now)
    .bind(if approve { None } else { reason })
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, "KA_APPLICATION", id, "DECIDE", &old, &new).await?;
    if approve {
        let class = class.map_or(old.requested_class.clone(), |c| c.as_str().to_owned());
        let before: Customer = sqlx::query_as("SELECT * FROM customers WHERE id = $1")
            .bind(old.customer_id)
            .fetch_one(&mut *tx)
            .await?;
        let after: Customer = sqlx::query_as(
            "UPDATE customers SET key_account = true, ka_class = $2, version = version + 1, updated_at = $3
             WHERE id = $1 RETURNING *",
        )
        .bind(old.customer_id)
        .bind(class)
        .bind(ctx.now)
        .fetch_one(&mut *tx)
        .await?;
        audit::record_diff(
            &mut tx, ctx, "CUSTOMER", after.id, "UPDATE", &before, &after,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(new)
}

/// One application within the actor's read scope on its customer.
pub async fn get_ka_application(
    pool: &PgPool,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<Option<KaApplication>> {
    let mut qb = QueryBuilder::new(
        "SELECT a.* FROM ka_applications a JOIN customers c ON c.id = a.customer_id WHERE a.id = ",
    );
    qb.push_bind(id);
    push_record_scope(&mut qb, actor, Resource::Customer, Access::Read);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// Applications within scope (director/GM: all), newest first.
pub async fn list_ka_applications(
    pool: &PgPool,
    actor: &Actor,
    status: Option<KaApplicationStatus>,
    customer_id: Option<Uuid>,
    req: &PageRequest,
) -> DomainResult<Page<KaApplication>> {
    let sort = SortKey {
        expr: "a.created_at",
        sql_type: "timestamptz",
        descending: true,
    };
    let mut qb = QueryBuilder::new(format!(
        "SELECT a.*, {}::text AS sort_key FROM ka_applications a JOIN customers c ON c.id = a.customer_id WHERE TRUE",
        sort.expr
    ));
    push_record_scope(&mut qb, actor, Resource::Customer, Access::Read);
    if let Some(s) = status {
        qb.push(" AND a.status = ").push_bind(s.as_str());
    }
    if let Some(c) = customer_id {
        qb.push(" AND a.customer_id = ").push_bind(c);
    }
    page::push_keyset(&mut qb, "a.id", sort, req);
    let rows: Vec<Keyed<KaApplication>> = qb.build_query_as().fetch_all(pool).await?;
    Ok(page::into_page(rows, |a| a.id, req))
}

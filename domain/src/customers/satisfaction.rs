//! CUS-8 satisfaction surveys (1–5) and their averages.
//!
//! Who records: whoever may change the customer (owner, supervisor/manager
//! in scope, director…) and CUSTOMER_SERVICE for any owned or pooled
//! customer, since customer service runs the surveys (docs/customers.md).

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use super::interactions::{customer_head, opt_text};
use super::push_customer_scope;
use super::revisit::company_date;
use super::revisit_store::require_unit_in_scope;
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::{Access, Actor, Role};

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Survey {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub score: i16,
    pub surveyed_on: NaiveDate,
    pub note: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
}

pub struct NewSurvey {
    pub customer_id: Uuid,
    pub score: i32,
    pub surveyed_on: NaiveDate,
    pub note: Option<String>,
}

/// CUS-8: records a survey score. Audited (entity SATISFACTION).
pub async fn record_satisfaction(
    pool: &PgPool,
    ctx: &Ctx,
    input: NewSurvey,
) -> DomainResult<Survey> {
    let me = ctx
        .actor
        .user_id
        .ok_or_else(|| DomainError::Forbidden("API tokens are read-only".into()))?;
    if !(1..=5).contains(&input.score) {
        return Err(DomainError::validation("score", "must be 1 to 5"));
    }
    if input.surveyed_on > company_date(ctx.now) {
        return Err(DomainError::validation(
            "surveyedOn",
            "must not be in the future",
        ));
    }
    let note = opt_text("note", input.note, 2000)?;
    let mut qb = QueryBuilder::new("SELECT c.id FROM customers c WHERE c.id = ");
    qb.push_bind(input.customer_id);
    if !ctx.actor.has_role(Role::CustomerService) {
        push_customer_scope(&mut qb, &ctx.actor, Access::Write);
    }
    let mut tx = pool.begin().await?;
    qb.push(" FOR SHARE OF c");
    let _: Uuid = qb
        .build_query_scalar()
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    let row: Survey = sqlx::query_as(
        "INSERT INTO satisfaction_surveys (id, customer_id, score, surveyed_on, note, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(input.customer_id)
    .bind(input.score as i16)
    .bind(input.surveyed_on)
    .bind(note)
    .bind(me)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        "SATISFACTION",
        row.id,
        "CREATE",
        &audit::created(&row),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// An average of scores.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SatisfactionFigure {
    /// 2 places; `None` when there is no survey.
    pub average: Option<Decimal>,
    pub count: i64,
}

/// A customer's average, count and latest survey (read scope, else NOT_FOUND).
pub async fn customer_satisfaction(
    pool: &PgPool,
    actor: &Actor,
    customer: Uuid,
) -> DomainResult<(SatisfactionFigure, Option<Survey>)> {
    customer_head(pool, actor, customer, Access::Read)
        .await?
        .ok_or(DomainError::NotFound)?;
    let fig: SatisfactionFigure = sqlx::query_as(
        "SELECT round(avg(score), 2) AS average, count(*) AS count FROM satisfaction_surveys WHERE customer_id = $1",
    )
    .bind(customer)
    .fetch_one(pool)
    .await?;
    let latest: Option<Survey> =
        sqlx::query_as("SELECT * FROM satisfaction_surveys WHERE customer_id = $1 ORDER BY surveyed_on DESC, id DESC LIMIT 1")
            .bind(customer)
            .fetch_optional(pool)
            .await?;
    Ok((fig, latest))
}

/// The average over the surveys dated in `[from, to]` of the customers
/// owned in the unit's subtree (which must be within scope, else NOT_FOUND).
pub async fn satisfaction_summary(
    pool: &PgPool,
    actor: &Actor,
    unit: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> DomainResult<SatisfactionFigure> {
    if from > to {
        return Err(DomainError::validation("to", "must not be before from"));
    }
    require_unit_in_scope(pool, actor, unit).await?;
    Ok(sqlx::query_as(
        "SELECT round(avg(s.score), 2) AS average, count(*) AS count
         FROM satisfaction_surveys s JOIN customers c ON c.id = s.customer_id
         WHERE c.owner_unit_id IN (SELECT unit_subtree($1)) AND s.surveyed_on BETWEEN $2 AND $3",
    )
    .bind(unit)
    .bind(from)
    .bind(to)
    .fetch_one(pool)
    .await?)
}

//! KA-4: quarterly relationship evaluations of key accounts.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::Actor;

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct KaEvaluation {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub year: i32,
    pub quarter: i16,
    pub satisfaction: i16,
    pub loyalty: i16,
    pub progress: i16,
    pub revenue: i16,
    pub score: Decimal,
    pub level: String,
    pub note: Option<String>,
    pub evaluated_by: Uuid,
    pub created_at: DateTime<Utc>,
}

pub struct NewKaEvaluation {
    pub customer_id: Uuid,
    pub year: i32,
    pub quarter: i32,
    pub satisfaction: i32,
    pub loyalty: i32,
    pub progress: i32,
    pub revenue: i32,
    pub note: Option<String>,
}

/// KA-4: evaluates a key account for a quarter (one per quarter).
pub async fn evaluate_key_account(
    pool: &PgPool,
    ctx: &Ctx,
    e: NewKaEvaluation,
) -> DomainResult<KaEvaluation> {
    let year = super::year(e.year)?;
    if !(1..=4).contains(&e.quarter) {
        return Err(DomainError::validation("quarter", "must be 1 to 4"));
    }
    let (score, level) =
        super::relationship_score(e.satisfaction, e.loyalty, e.progress, e.revenue)?;
    let note = e
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    if note.as_ref().is_some_and(|n| n.chars().count() > 2000) {
        return Err(DomainError::validation(
            "note",
            "must be at most 2000 characters",
        ));
    }
    let me = ctx
        .actor
        .user_id
        .ok_or_else(|| DomainError::Forbidden("API tokens are read-only".into()))?;
    let mut tx = pool.begin().await?;
    let c = super::writable_customer(&mut tx, &ctx.actor, e.customer_id).await?;
    if !c.key_account {
        return Err(DomainError::validation(
            "customerId",
            "the customer is not a key account",
        ));
    }
    let row: KaEvaluation = sqlx::query_as(
        "INSERT INTO ka_evaluations (id, customer_id, year, quarter, satisfaction, loyalty, progress, revenue,
                                     score, level, note, evaluated_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(c.id)
    .bind(year)
    .bind(e.quarter as i16)
    .bind(e.satisfaction as i16)
    .bind(e.loyalty as i16)
    .bind(e.progress as i16)
    .bind(e.revenue as i16)
    .bind(score)
    .bind(level.as_str())
    .bind(note)
    .bind(me)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await
    .map_err(|err| match crate::error::unique_violation(&err) {
        Some(_) => DomainError::conflict("this quarter has been evaluated already"),
        None => err.into(),
    })?;
    audit::record(
        &mut tx,
        ctx,
        "KA_EVALUATION",
        row.id,
        "CREATE",
        &audit::created(&row),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// A customer's evaluations, newest quarter first; NOT_FOUND when the
/// customer is outside the actor's read scope.
pub async fn ka_evaluations(
    pool: &PgPool,
    actor: &Actor,
    customer_id: Uuid,
) -> DomainResult<Vec<KaEvaluation>> {
    let mut conn = pool.acquire().await?;
    super::customer(&mut conn, actor, customer_id, false).await?;
    let mut qb = QueryBuilder::new("SELECT e.* FROM ka_evaluations e WHERE e.customer_id = ");
    qb.push_bind(customer_id);
    qb.push(" ORDER BY e.year DESC, e.quarter DESC");
    Ok(qb.build_query_as().fetch_all(&mut *conn).await?)
}

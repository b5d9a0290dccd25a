//! PIP-3 feasibility evaluations (可行性评估): background, needs, budget,
//! competition, cycle and a go/no-go decision. Each evaluation is a new
//! row (the newest is current), so earlier judgements stay readable.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use super::{open, optional, readable, required};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::model::text_enum;
use crate::pipeline::opportunities::{check_amount, lock_or_forbid};

text_enum! {
    /// PIP-3: pursue the opportunity or not.
    EvaluationDecision { Go => "GO", NoGo => "NO_GO" }
}

/// One evaluation of an opportunity (PIP-3).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Evaluation {
    pub id: Uuid,
    pub opportunity_id: Uuid,
    pub background: String,
    pub needs: String,
    pub budget: Option<Decimal>,
    pub competition: Option<String>,
    pub cycle: Option<String>,
    pub decision: EvaluationDecision,
    pub decided_by: Uuid,
    pub created_at: DateTime<Utc>,
}

impl Evaluation {
    /// A NO_GO suggests marking the opportunity LOST; it does not do so.
    pub fn suggests_lost(&self) -> bool {
        self.decision == EvaluationDecision::NoGo
    }
}

/// A new evaluation; the text limits are those of the table.
#[derive(Clone, Debug)]
pub struct NewEvaluation {
    pub opportunity_id: Uuid,
    /// 1–5000 characters.
    pub background: String,
    /// 1–5000 characters.
    pub needs: String,
    /// The customer's budget: not negative, 2 decimals.
    pub budget: Option<Decimal>,
    /// At most 5000 characters.
    pub competition: Option<String>,
    /// The expected sales cycle in words ("6 个月", "Q3 决策"), at most 500.
    pub cycle: Option<String>,
    pub decision: EvaluationDecision,
}

/// Records an evaluation (mutation `recordEvaluation`): the owner or a
/// manager over the unit, on an open opportunity. Validation runs before
/// any read, so bad input changes nothing; audited as EVALUATION CREATE.
pub async fn record_evaluation(
    pool: &PgPool,
    ctx: &Ctx,
    input: &NewEvaluation,
) -> DomainResult<Evaluation> {
    let background = required("background", &input.background, 5000)?;
    let needs = required("needs", &input.needs, 5000)?;
    let budget = input
        .budget
        .map(|b| {
            check_amount(b).map_err(|_| {
                DomainError::validation("budget", "not negative, at most 14 digits and 2 decimals")
            })
        })
        .transpose()?;
    let competition = optional("competition", input.competition.as_deref(), 5000)?;
    let cycle = optional("cycle", input.cycle.as_deref(), 500)?;
    let me = ctx
        .actor
        .user_id
        .ok_or_else(|| DomainError::Forbidden("API tokens are read-only".into()))?;
    let mut tx = pool.begin().await?;
    let o = lock_or_forbid(&mut tx, ctx, input.opportunity_id, None).await?;
    open(&o, "evaluation")?;
    let e: Evaluation = sqlx::query_as(
        "INSERT INTO opportunity_evaluations (id, opportunity_id, background, needs, budget, competition,
             cycle, decision, decided_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(o.id)
    .bind(&background)
    .bind(&needs)
    .bind(budget)
    .bind(&competition)
    .bind(&cycle)
    .bind(input.decision.as_str())
    .bind(me)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        "EVALUATION",
        e.id,
        "CREATE",
        &audit::created(&e),
    )
    .await?;
    tx.commit().await?;
    Ok(e)
}

/// The evaluations of an opportunity the actor can see, newest first;
/// NOT_FOUND when it cannot.
pub async fn evaluations(
    pool: &PgPool,
    actor: &crate::org::Actor,
    opportunity: Uuid,
) -> DomainResult<Vec<Evaluation>> {
    let mut conn = pool.acquire().await?;
    readable(&mut conn, actor, opportunity, false).await?;
    Ok(sqlx::query_as(
        "SELECT * FROM opportunity_evaluations WHERE opportunity_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(opportunity)
    .fetch_all(&mut *conn)
    .await?)
}

//! PIP-2 stage moves: forward past gates, backward by a manager, `LOST`;
//! each writes a history row (who, when, why) and an audit entry on the
//! transaction that holds the opportunity's row lock.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{Opportunity, lock_or_forbid};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::pipeline::stages::{self, Artefacts, Stage};

/// One stage change (PIP-2).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StageHistoryRow {
    pub id: Uuid,
    pub opportunity_id: Uuid,
    pub from_stage: Option<String>,
    pub to_stage: String,
    pub changed_by: Option<Uuid>,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

/// Total time spent in one stage, over every visit.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StageTime {
    pub stage: String,
    /// Whole seconds; the current stage counts up to `now`.
    pub seconds: i64,
    /// How many times the opportunity entered the stage.
    pub visits: i64,
}

pub(super) async fn write_history(
    conn: &mut PgConnection,
    ctx: &Ctx,
    opportunity: Uuid,
    from: Option<Stage>,
    to: Stage,
    reason: Option<&str>,
) -> DomainResult<()> {
    sqlx::query(
        "INSERT INTO opportunity_stage_history (id, opportunity_id, from_stage, to_stage, changed_by, reason, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(Uuid::now_v7())
    .bind(opportunity)
    .bind(from.map(Stage::as_str))
    .bind(to.as_str())
    .bind(ctx.actor.user_id)
    .bind(reason)
    .bind(ctx.now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Which gate artefacts exist, read on the locking transaction.
async fn artefacts(conn: &mut PgConnection, id: Uuid) -> DomainResult<Artefacts> {
    let (approved_initiation, requirements_report, quote_sent, quote_accepted): (bool, bool, bool, bool) =
        sqlx::query_as(
            "SELECT EXISTS (SELECT 1 FROM opportunity_initiations WHERE opportunity_id = $1 AND status = 'APPROVED'),
                    EXISTS (SELECT 1 FROM requirements_reports WHERE opportunity_id = $1),
                    EXISTS (SELECT 1 FROM quotes WHERE opportunity_id = $1 AND status IN ('SENT', 'ACCEPTED')),
                    EXISTS (SELECT 1 FROM quotes WHERE opportunity_id = $1 AND status = 'ACCEPTED')",
        )
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(Artefacts {
        approved_initiation,
        requirements_report,
        quote_sent,
        quote_accepted,
    })
}

fn check_reason(reason: Option<&str>, required: bool) -> DomainResult<Option<String>> {
    let r = reason.map(str::trim).filter(|r| !r.is_empty());
    if r.is_some_and(|r| r.chars().count() > 2000) {
        return Err(DomainError::validation(
            "reason",
            "must be at most 2000 characters",
        ));
    }
    if required && r.is_none() {
        return Err(DomainError::validation(
            "reason",
            "a backward move needs a reason",
        ));
    }
    Ok(r.map(str::to_owned))
}

/// Moves an opportunity to `to` (mutation `moveOpportunityStage`) under
/// [`stages::check_move`]. A backward move needs a reason. The stage change
/// clears a probability override (it was set for the old stage).
pub async fn move_stage(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    to: Stage,
    version: i32,
    reason: Option<&str>,
) -> DomainResult<Opportunity> {
    let mut tx = pool.begin().await?;
    let old = lock_or_forbid(&mut tx, ctx, id, Some(version)).await?;
    let from = old.stage();
    let backward = !from.is_final()
        && to != Stage::Lost
        && to.order().unwrap_or(0) < from.order().unwrap_or(0);
    let found = artefacts(&mut tx, id).await?;
    stages::check_move(from, to, &found, stages::may_move_back(&ctx.actor))?;
    let reason = check_reason(reason, backward)?;
    let new: Opportunity = sqlx::query_as(
        "UPDATE opportunities SET stage = $2, probability = NULL, stage_changed_at = $3,
            closed_at = CASE WHEN $2 = 'WON' THEN $3 END, version = version + 1, updated_at = $3
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(to.as_str())
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    write_history(&mut tx, ctx, id, Some(from), to, reason.as_deref()).await?;
    let action = if backward { "STAGE_BACK" } else { "STAGE" };
    audit::record(
        &mut tx,
        ctx,
        "OPPORTUNITY",
        id,
        action,
        &audit::diff(&old, &new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Marks an opportunity `LOST` (mutation `markOpportunityLost`) from any
/// open stage, with a reason and optionally the competitor who won.
pub async fn lost(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    reason: &str,
    competitor: Option<&str>,
    version: i32,
) -> DomainResult<Opportunity> {
    let mut tx = pool.begin().await?;
    let old = lock_or_forbid(&mut tx, ctx, id, Some(version)).await?;
    let from = old.stage();
    let (reason, competitor) = stages::check_lost(from, reason, competitor)?;
    let new: Opportunity = sqlx::query_as(
        "UPDATE opportunities SET stage = 'LOST', probability = NULL, lost_reason = $2, lost_competitor = $3,
            stage_changed_at = $4, closed_at = $4, version = version + 1, updated_at = $4
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(&reason)
    .bind(&competitor)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    write_history(&mut tx, ctx, id, Some(from), Stage::Lost, Some(&reason)).await?;
    audit::record(
        &mut tx,
        ctx,
        "OPPORTUNITY",
        id,
        "LOST",
        &audit::diff(&old, &new),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Stage histories of opportunities, oldest first. The caller has checked
/// the opportunities are visible.
pub async fn stage_history(pool: &PgPool, ids: &[Uuid]) -> DomainResult<Vec<StageHistoryRow>> {
    Ok(sqlx::query_as(
        "SELECT * FROM opportunity_stage_history WHERE opportunity_id = ANY($1) ORDER BY opportunity_id, at, id",
    )
    .bind(ids.to_vec())
    .fetch_all(pool)
    .await?)
}

/// PIP-2 time in stages: per open stage, the total of the gaps from each
/// entry to the next history row (the current stage up to `now`), in stage
/// order. Final stages have no duration. The caller has checked visibility.
pub async fn time_in_stages(
    pool: &PgPool,
    id: Uuid,
    now: DateTime<Utc>,
) -> DomainResult<Vec<StageTime>> {
    Ok(sqlx::query_as(
        "SELECT h.to_stage AS stage,
                SUM(GREATEST(EXTRACT(EPOCH FROM COALESCE(h.next_at, $2) - h.at), 0))::bigint AS seconds,
                COUNT(*) AS visits
         FROM (SELECT to_stage, at, lead(at) OVER (ORDER BY at, id) AS next_at
               FROM opportunity_stage_history WHERE opportunity_id = $1) h
         WHERE h.to_stage NOT IN ('WON', 'LOST')
         GROUP BY h.to_stage
         ORDER BY array_position(ARRAY['EVALUATION', 'INITIATION', 'REQUIREMENTS', 'PROPOSAL',
                                       'NEGOTIATION', 'CONTRACT'], h.to_stage)",
    )
    .bind(id)
    .bind(now)
    .fetch_all(pool)
    .await?)
}

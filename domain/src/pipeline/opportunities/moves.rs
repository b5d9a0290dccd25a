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
    let (approved_initiation, requirements_report, quote_sent, quote_accepted, contract_signed): (
        bool,
        bool,
        bool,
        bool,
        bool,
    ) = sqlx::query_as(
            "SELECT EXISTS (SELECT 1 FROM opportunity_initiations WHERE opportunity_id = $1 AND status = 'APPROVED'),
                    EXISTS (SELECT 1 FROM requirements_reports WHERE opportunity_id = $1),
                    EXISTS (SELECT 1 FROM quotes WHERE opportunity_id = $1 AND status IN ('SENT', 'ACCEPTED')),
                    EXISTS (SELECT 1 FROM quotes WHERE opportunity_id = $1 AND status = 'ACCEPTED'),
                    EXISTS (SELECT 1 FROM contracts WHERE opportunity_id = $1
                             AND status IN ('SIGNED', 'EXECUTING', 'ACCEPTED', 'CLOSED'))",
        )
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(Artefacts {
        approved_initiation,
        requirements_report,
        quote_sent,
        quote_accepted,
        contract_signed,
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
    let from = old.stage;
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
    // PIP-4 for the life of the deal: a forward move (out of EVALUATION
    // after an amount raised there, say) needs the full team too.
    if !backward {
        super::team::require_complete_team(&mut tx, &new, "to").await?;
    }
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

/// PIP-2 / CON-2: signing a contract wins its opportunity. On the signing
/// transaction: locks the opportunity (no scope — whoever may sign the
/// contract may close the sale) and, if it is in CONTRACT, moves it to WON
/// with a history row giving `reason`, a version bump and an `OPPORTUNITY`
/// audit entry. An opportunity in any other stage is left as it is.
pub(crate) async fn won_by_contract(
    conn: &mut PgConnection,
    ctx: &Ctx,
    id: Uuid,
    reason: &str,
) -> DomainResult<Option<Opportunity>> {
    let old: Option<Opportunity> =
        sqlx::query_as("SELECT * FROM opportunities WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(old) = old.filter(|o| o.stage == Stage::Contract) else {
        return Ok(None);
    };
    let new: Opportunity = sqlx::query_as(
        "UPDATE opportunities SET stage = 'WON', probability = NULL, stage_changed_at = $2,
            closed_at = $2, version = version + 1, updated_at = $2
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(ctx.now)
    .fetch_one(&mut *conn)
    .await?;
    write_history(
        conn,
        ctx,
        id,
        Some(Stage::Contract),
        Stage::Won,
        Some(reason),
    )
    .await?;
    audit::record(
        conn,
        ctx,
        "OPPORTUNITY",
        id,
        "STAGE",
        &audit::diff(&old, &new),
    )
    .await?;
    Ok(Some(new))
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
    let from = old.stage;
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

/// The open stages in PIP-2 order, the order of [`time_in_stages`].
const OPEN_STAGES: [&str; 6] = [
    "EVALUATION",
    "INITIATION",
    "REQUIREMENTS",
    "PROPOSAL",
    "NEGOTIATION",
    "CONTRACT",
];

/// PIP-2 time in stages of one opportunity worked out from its history
/// rows (as [`stage_history`] loads them) instead of by a statement, so a
/// page of opportunities derives it from one batched history load. The same
/// figures as [`time_in_stages`]: per open stage, the gaps from each entry
/// to the next row (the last one up to `now`, a negative gap counting 0),
/// summed in microseconds and rounded to whole seconds (half away from
/// zero, as PostgreSQL casts), with the number of entries; in stage order.
pub fn stage_times(history: &[StageHistoryRow], now: DateTime<Utc>) -> Vec<StageTime> {
    let mut rows: Vec<&StageHistoryRow> = history.iter().collect();
    rows.sort_by_key(|h| (h.at, h.id));
    // (stage, microseconds, visits) in first-seen order, sorted below.
    let mut totals: Vec<(&str, i128, i64)> = Vec::new();
    for (i, h) in rows.iter().enumerate() {
        if !OPEN_STAGES.contains(&h.to_stage.as_str()) {
            continue;
        }
        let end = rows.get(i + 1).map_or(now, |n| n.at);
        let micros = (end - h.at).num_microseconds().unwrap_or(i64::MAX).max(0);
        match totals.iter_mut().find(|t| t.0 == h.to_stage) {
            Some(t) => {
                t.1 += i128::from(micros);
                t.2 += 1;
            }
            None => totals.push((&h.to_stage, i128::from(micros), 1)),
        }
    }
    totals.sort_by_key(|t| OPEN_STAGES.iter().position(|s| *s == t.0));
    totals
        .into_iter()
        .map(|(stage, micros, visits)| StageTime {
            stage: stage.to_owned(),
            seconds: i64::try_from((micros + 500_000) / 1_000_000).unwrap_or(i64::MAX),
            visits,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn row(to: &str, at: DateTime<Utc>) -> StageHistoryRow {
        StageHistoryRow {
            id: Uuid::now_v7(),
            opportunity_id: Uuid::nil(),
            from_stage: None,
            to_stage: to.into(),
            changed_by: None,
            reason: None,
            at,
        }
    }

    fn figures(t: &[StageTime]) -> Vec<(&str, i64, i64)> {
        t.iter()
            .map(|t| (t.stage.as_str(), t.seconds, t.visits))
            .collect()
    }

    #[test]
    fn pip2_time_in_stages_sums_visits_in_stage_order() {
        let t0: DateTime<Utc> = "2026-01-05T02:00:00Z".parse().unwrap();
        let day = Duration::days(1);
        // Given out of order: the history is sorted by time first.
        let history = [
            row("INITIATION", t0 + day * 4),
            row("EVALUATION", t0),
            row("REQUIREMENTS", t0 + day * 3),
            row("INITIATION", t0 + day),
            row("LOST", t0 + day * 6),
        ];
        assert_eq!(
            figures(&stage_times(&history, t0 + day * 100)),
            [
                ("EVALUATION", 86_400, 1),
                ("INITIATION", 4 * 86_400, 2),
                ("REQUIREMENTS", 86_400, 1),
            ]
        );
    }

    #[test]
    fn pip2_current_stage_counts_up_to_now_rounded_like_postgres() {
        let t0: DateTime<Utc> = "2026-01-05T02:00:00Z".parse().unwrap();
        let history = [
            row("EVALUATION", t0),
            row("PROPOSAL", t0 + Duration::milliseconds(1_500)),
        ];
        let now = t0 + Duration::milliseconds(4_000);
        // 1.5 s rounds up to 2 (half away from zero), 2.5 s to 3.
        assert_eq!(
            figures(&stage_times(&history, now)),
            [("EVALUATION", 2, 1), ("PROPOSAL", 3, 1)]
        );
        // A clock behind the last row counts the current stage as 0.
        assert_eq!(
            figures(&stage_times(&history, t0)),
            [("EVALUATION", 2, 1), ("PROPOSAL", 0, 1)]
        );
        assert!(stage_times(&[], now).is_empty());
    }
}

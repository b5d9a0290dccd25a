//! PIP-1: changing the scoring model re-scores every NEW lead in the same
//! transaction, so no lead is ever shown with a score of old weights.
//! Qualified and disqualified leads keep the score they were decided on.

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::super::scoring::{LeadFacts, ScoringModel, score_lead, validate_lead_scoring};
use crate::Ctx;
use crate::audit;
use crate::customers::settings::{LOCK_SQL, Setting, require_settings_editor};
use crate::error::{DomainError, DomainResult};
use crate::versioned::lock_current_by;

/// Leads re-scored per UPDATE statement.
const BATCH: usize = 1000;

/// The facts of a NEW lead, as re-scoring reads them.
#[derive(sqlx::FromRow)]
struct Facts {
    id: Uuid,
    industry: Option<String>,
    size_class: Option<String>,
    budget: Option<rust_decimal::Decimal>,
    region: Option<String>,
    expected_close_date: Option<chrono::NaiveDate>,
}

/// Re-scores every NEW lead under `model` on the company day of `ctx.now`;
/// returns how many. Bookkeeping only: versions and `updated_at` stay, so
/// nobody's open edit turns stale because the weights changed.
pub async fn rescore_new_leads(
    conn: &mut PgConnection,
    ctx: &Ctx,
    model: &ScoringModel,
) -> DomainResult<usize> {
    let rows: Vec<Facts> = sqlx::query_as(
        "SELECT id, industry, size_class, budget, region, expected_close_date
         FROM leads WHERE status = 'NEW' ORDER BY id FOR UPDATE",
    )
    .fetch_all(&mut *conn)
    .await?;
    let today = crate::clock::company_date(ctx.now);
    for chunk in rows.chunks(BATCH) {
        let mut ids = Vec::with_capacity(chunk.len());
        let mut scores = Vec::with_capacity(chunk.len());
        let mut factors = Vec::with_capacity(chunk.len());
        for r in chunk {
            let card = score_lead(
                model,
                &LeadFacts {
                    industry: r.industry.as_deref(),
                    size_class: r.size_class.as_deref(),
                    budget: r.budget,
                    region: r.region.as_deref(),
                    expected_close_date: r.expected_close_date,
                },
                today,
            );
            ids.push(r.id);
            scores.push(card.score);
            factors.push(card.factors_json());
        }
        sqlx::query(
            "UPDATE leads l SET score = u.score, score_factors = u.factors
             FROM UNNEST($1::uuid[], $2::smallint[], $3::jsonb[]) AS u(id, score, factors)
             WHERE l.id = u.id",
        )
        .bind(ids)
        .bind(scores)
        .bind(factors)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len())
}

/// PIP-1: replaces the setting `lead_scoring` (validated: weights ≥ 0
/// summing to 100) and re-scores all NEW leads, in one transaction. Like
/// the generic settings update (version, audit entry `SETTING`), plus the
/// re-scoring and the number of leads re-scored in the audit entry.
pub async fn update_lead_scoring(
    pool: &PgPool,
    ctx: &Ctx,
    value: serde_json::Value,
    version: i32,
) -> DomainResult<Setting> {
    const KEY: &str = "lead_scoring";
    require_settings_editor(ctx)?;
    let model: ScoringModel = serde_json::from_value(value)
        .map_err(|e| DomainError::validation("value", format!("not a valid {KEY}: {e}")))?;
    validate_lead_scoring(&model)?;
    let value = serde_json::to_value(&model).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut tx = pool.begin().await?;
    let old: Setting = lock_current_by(&mut tx, LOCK_SQL, KEY, version, "setting").await?;
    let new: Setting = sqlx::query_as(
        "UPDATE company_settings SET value = $2, version = version + 1, updated_at = $3, updated_by = $4
         WHERE key = $1 RETURNING key, value, version, updated_at",
    )
    .bind(KEY)
    .bind(&value)
    .bind(ctx.now)
    .bind(ctx.actor.user_id)
    .fetch_one(&mut *tx)
    .await?;
    let rescored = rescore_new_leads(&mut tx, ctx, &model).await?;
    let changes = [
        audit::FieldChange {
            field: KEY.to_owned(),
            old: old.value.clone(),
            new: new.value.clone(),
        },
        audit::FieldChange {
            field: "leads_rescored".to_owned(),
            old: serde_json::Value::Null,
            new: rescored.into(),
        },
    ];
    let id = Uuid::new_v5(&Uuid::NAMESPACE_OID, KEY.as_bytes());
    audit::record(&mut tx, ctx, "SETTING", id, "UPDATE", &changes).await?;
    tx.commit().await?;
    Ok(new)
}

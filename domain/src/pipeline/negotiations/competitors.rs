//! PIP-7 competitor notes: per opportunity, one live note per competitor
//! (name compared case-insensitively) with strengths, weaknesses, an
//! estimated price, a threat level and a note. Kept up to date with a
//! version; removal is soft so the audit trail stays readable. The summary
//! counts, over the caller's visible opportunities, where each competitor
//! appears and how many lost deals name it.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::{Writers, amount, lock_for, writer};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::model::text_enum;
use crate::org::{Access, Actor};
use crate::pipeline::opportunities::push_opportunity_scope;
use crate::pipeline::project::{optional, readable, required};
use crate::versioned::{lock_current_by, versioned};

text_enum! {
    /// PIP-7: how dangerous a competitor is on this opportunity.
    ThreatLevel { Low => "LOW", Medium => "MEDIUM", High => "HIGH" }
}

/// A competitor note of an opportunity.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Competitor {
    pub id: Uuid,
    pub opportunity_id: Uuid,
    pub name: String,
    pub strengths: Option<String>,
    pub weaknesses: Option<String>,
    /// Their expected price, in the opportunity's currency.
    pub estimated_price: Option<Decimal>,
    pub threat_level: ThreatLevel,
    pub note: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set once removed; a removed note is no longer listed.
    pub removed_at: Option<DateTime<Utc>>,
    pub removed_by: Option<Uuid>,
    /// Optimistic lock; bookkeeping, not audited.
    #[serde(skip)]
    pub row_version: i32,
}

versioned!(row_version: Competitor);

/// The fields of a note, for adding and (all replaced) updating.
#[derive(Clone, Debug)]
pub struct CompetitorFields {
    /// 1–200 characters; unique per opportunity, case-insensitively.
    pub name: String,
    /// At most 2000 characters.
    pub strengths: Option<String>,
    /// At most 2000 characters.
    pub weaknesses: Option<String>,
    /// Not negative, 2 decimals.
    pub estimated_price: Option<Decimal>,
    pub threat_level: ThreatLevel,
    /// At most 5000 characters.
    pub note: Option<String>,
}

struct Checked {
    name: String,
    strengths: Option<String>,
    weaknesses: Option<String>,
    estimated_price: Option<Decimal>,
    threat_level: ThreatLevel,
    note: Option<String>,
}

fn check(f: &CompetitorFields) -> DomainResult<Checked> {
    Ok(Checked {
        name: required("name", &f.name, 200)?,
        strengths: optional("strengths", f.strengths.as_deref(), 2000)?,
        weaknesses: optional("weaknesses", f.weaknesses.as_deref(), 2000)?,
        estimated_price: amount("estimatedPrice", f.estimated_price)?,
        threat_level: f.threat_level,
        note: optional("note", f.note.as_deref(), 5000)?,
    })
}

fn duplicate(e: sqlx::Error) -> DomainError {
    match crate::error::unique_violation(&e) {
        Some("opportunity_competitors_one_live") => DomainError::conflict(
            "the opportunity already has a note on this competitor; update that one",
        ),
        _ => e.into(),
    }
}

/// Adds a competitor note (mutation `addCompetitor`): the owner, a manager
/// over the unit or a project team member, on an open opportunity. A
/// second live note on the same name is CONFLICT. Audited as COMPETITOR
/// CREATE.
pub async fn add_competitor(
    pool: &PgPool,
    ctx: &Ctx,
    opportunity: Uuid,
    fields: &CompetitorFields,
) -> DomainResult<Competitor> {
    let f = check(fields)?;
    let me = writer(ctx)?;
    let mut tx = pool.begin().await?;
    let o = lock_for(
        &mut tx,
        ctx,
        opportunity,
        Writers::OwnersAndTeam,
        "competitor notes",
        true,
    )
    .await?;
    let c: Competitor = sqlx::query_as(
        "INSERT INTO opportunity_competitors (id, opportunity_id, name, strengths, weaknesses, estimated_price,
             threat_level, note, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(o.id)
    .bind(&f.name)
    .bind(&f.strengths)
    .bind(&f.weaknesses)
    .bind(f.estimated_price)
    .bind(f.threat_level.as_str())
    .bind(&f.note)
    .bind(me)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await
    .map_err(duplicate)?;
    audit::record(
        &mut tx,
        ctx,
        "COMPETITOR",
        c.id,
        "CREATE",
        &audit::created(&c),
    )
    .await?;
    tx.commit().await?;
    Ok(c)
}

/// The live note `id`, locked, after its opportunity (locked and checked
/// for the writer); a removed or invisible note is NOT_FOUND, a stale
/// `version` CONFLICT.
async fn lock_note(
    conn: &mut PgConnection,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
) -> DomainResult<Competitor> {
    let opp: Uuid = sqlx::query_scalar(
        "SELECT opportunity_id FROM opportunity_competitors WHERE id = $1 AND removed_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(DomainError::NotFound)?;
    lock_for(
        conn,
        ctx,
        opp,
        Writers::OwnersAndTeam,
        "competitor notes",
        true,
    )
    .await?;
    let sql =
        "SELECT * FROM opportunity_competitors WHERE id = $1 AND removed_at IS NULL FOR UPDATE";
    lock_current_by(conn, sql, id, version, "competitor note").await
}

/// Replaces a note's fields (mutation `updateCompetitor`) at `version`; the
/// same writers as adding. Renaming onto another live note is CONFLICT.
/// Audited as COMPETITOR UPDATE with the diff.
pub async fn update_competitor(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    fields: &CompetitorFields,
) -> DomainResult<Competitor> {
    let f = check(fields)?;
    writer(ctx)?;
    let mut tx = pool.begin().await?;
    let old = lock_note(&mut tx, ctx, id, version).await?;
    let new: Competitor = sqlx::query_as(
        "UPDATE opportunity_competitors SET name = $2, strengths = $3, weaknesses = $4, estimated_price = $5,
             threat_level = $6, note = $7, updated_at = $8, row_version = row_version + 1
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(&f.name)
    .bind(&f.strengths)
    .bind(&f.weaknesses)
    .bind(f.estimated_price)
    .bind(f.threat_level.as_str())
    .bind(&f.note)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await
    .map_err(duplicate)?;
    audit::record_diff(&mut tx, ctx, "COMPETITOR", id, "UPDATE", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// Removes a note (mutation `removeCompetitor`) at `version`: it is no
/// longer listed and its name is free again; the row stays for the audit
/// trail. Audited as COMPETITOR REMOVE.
pub async fn remove_competitor(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
) -> DomainResult<()> {
    let me = writer(ctx)?;
    let mut tx = pool.begin().await?;
    let old = lock_note(&mut tx, ctx, id, version).await?;
    let new: Competitor = sqlx::query_as(
        "UPDATE opportunity_competitors SET removed_at = $2, removed_by = $3, updated_at = $2,
             row_version = row_version + 1
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(ctx.now)
    .bind(me)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, "COMPETITOR", id, "REMOVE", &old, &new).await?;
    tx.commit().await?;
    Ok(())
}

/// The live competitor notes of an opportunity the actor can see, the
/// most threatening first, then by name; NOT_FOUND when it cannot.
pub async fn competitors(
    pool: &PgPool,
    actor: &Actor,
    opportunity: Uuid,
) -> DomainResult<Vec<Competitor>> {
    let mut conn = pool.acquire().await?;
    readable(&mut conn, actor, opportunity, false).await?;
    Ok(sqlx::query_as(
        "SELECT * FROM opportunity_competitors WHERE opportunity_id = $1 AND removed_at IS NULL
         ORDER BY CASE threat_level WHEN 'HIGH' THEN 0 WHEN 'MEDIUM' THEN 1 ELSE 2 END, lower(name), id",
    )
    .bind(opportunity)
    .fetch_all(&mut *conn)
    .await?)
}

/// One competitor across the caller's visible opportunities.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CompetitorSummary {
    /// One spelling of it (names are grouped case-insensitively; the least
    /// spelling when they differ in case).
    pub name: String,
    /// Visible opportunities with a live note on it.
    pub opportunities: i64,
    /// Of those, the notes rating it HIGH.
    pub high_threat: i64,
    /// Visible LOST opportunities whose `lostCompetitor` names it.
    pub lost_deals: i64,
}

/// The top `limit` (1–100) competitors over the opportunities the actor
/// can see (ORG-3): most lost deals first, then most opportunities, then
/// by name (query `competitorSummary`).
pub async fn competitor_summary(
    pool: &PgPool,
    actor: &Actor,
    limit: i64,
) -> DomainResult<Vec<CompetitorSummary>> {
    if !(1..=100).contains(&limit) {
        return Err(DomainError::validation("limit", "must be 1 to 100"));
    }
    let mut qb = QueryBuilder::new(
        "WITH vis AS (SELECT o.id, o.stage, btrim(o.lost_competitor) AS lost_to FROM opportunities o WHERE TRUE",
    );
    push_opportunity_scope(&mut qb, actor, Access::Read);
    qb.push(
        "), noted AS (
             SELECT lower(c.name) AS k, min(c.name) AS name, count(DISTINCT c.opportunity_id) AS n,
                    count(*) FILTER (WHERE c.threat_level = 'HIGH') AS high
             FROM opportunity_competitors c JOIN vis ON vis.id = c.opportunity_id
             WHERE c.removed_at IS NULL GROUP BY 1),
         lost AS (
             SELECT lower(lost_to) AS k, min(lost_to) AS name, count(*) AS n
             FROM vis WHERE stage = 'LOST' AND lost_to <> '' GROUP BY 1)
         SELECT COALESCE(noted.name, lost.name) AS name, COALESCE(noted.n, 0) AS opportunities,
                COALESCE(noted.high, 0) AS high_threat, COALESCE(lost.n, 0) AS lost_deals
         FROM noted FULL JOIN lost ON lost.k = noted.k
         ORDER BY lost_deals DESC, opportunities DESC, name LIMIT ",
    );
    qb.push_bind(limit);
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> CompetitorFields {
        CompetitorFields {
            name: " 西门子 ".into(),
            strengths: Some("品牌".into()),
            weaknesses: None,
            estimated_price: Some("980000.00".parse().unwrap()),
            threat_level: ThreatLevel::High,
            note: Some("  ".into()),
        }
    }

    #[test]
    fn fields_are_trimmed_and_bounded() {
        let c = check(&fields()).unwrap();
        assert_eq!((c.name.as_str(), c.note), ("西门子", None));
        let bad = |f: CompetitorFields, field: &str| {
            assert!(
                matches!(check(&f), Err(DomainError::Validation { field: got, .. }) if got == field),
                "{field}"
            );
        };
        bad(
            CompetitorFields {
                name: " ".into(),
                ..fields()
            },
            "name",
        );
        bad(
            CompetitorFields {
                strengths: Some("长".repeat(2001)),
                ..fields()
            },
            "strengths",
        );
        bad(
            CompetitorFields {
                estimated_price: Some("-1".parse().unwrap()),
                ..fields()
            },
            "estimatedPrice",
        );
        assert_eq!(
            "MEDIUM".parse::<ThreatLevel>().unwrap(),
            ThreatLevel::Medium
        );
    }
}

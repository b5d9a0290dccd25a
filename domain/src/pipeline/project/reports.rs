//! PIP-5 requirements reports (需求调研报告): functional needs, quality
//! standards, delivery time, service needs and how they were gathered. Any
//! report opens the PROPOSAL gate (PIP-2); an opportunity may hold several
//! (one per survey round), each kept up to date with a version.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::{open, optional, readable, required, writable};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::model::text_enum;
use crate::org::{Access, Actor};
use crate::pipeline::opportunities::{Opportunity, push_opportunity_scope};
use crate::versioned::{check_version, versioned};

text_enum! {
    /// PIP-5: how the requirements were gathered.
    GatheredBy { SiteVisit => "SITE_VISIT", Survey => "SURVEY", Meeting => "MEETING", Other => "OTHER" }
}

/// A requirements report. Rows written before this feature (the gate
/// tests) have no texts.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct RequirementsReport {
    pub id: Uuid,
    pub opportunity_id: Uuid,
    pub functional_needs: Option<String>,
    pub quality_standards: Option<String>,
    pub delivery_time: Option<String>,
    pub service_needs: Option<String>,
    pub gathered_by: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    #[serde(skip)]
    pub updated_at: Option<DateTime<Utc>>,
    /// Optimistic lock; bookkeeping, not audited.
    #[serde(skip)]
    pub row_version: i32,
}

versioned!(row_version: RequirementsReport);

/// The fields of a report, for recording and (all replaced) updating.
#[derive(Clone, Debug)]
pub struct ReportFields {
    /// 1–10000 characters.
    pub functional_needs: String,
    /// At most 5000.
    pub quality_standards: Option<String>,
    /// When the customer needs delivery, in words or a date; at most 500.
    pub delivery_time: Option<String>,
    /// At most 5000.
    pub service_needs: Option<String>,
    pub gathered_by: GatheredBy,
}

struct Checked {
    functional_needs: String,
    quality_standards: Option<String>,
    delivery_time: Option<String>,
    service_needs: Option<String>,
    gathered_by: GatheredBy,
}

fn check(f: &ReportFields) -> DomainResult<Checked> {
    Ok(Checked {
        functional_needs: required("functionalNeeds", &f.functional_needs, 10_000)?,
        quality_standards: optional("qualityStandards", f.quality_standards.as_deref(), 5000)?,
        delivery_time: optional("deliveryTime", f.delivery_time.as_deref(), 500)?,
        service_needs: optional("serviceNeeds", f.service_needs.as_deref(), 5000)?,
        gathered_by: f.gathered_by,
    })
}

/// The opportunity, locked, if the actor may write its reports: whoever may
/// change it, or a member of its project team. Visible otherwise:
/// FORBIDDEN; invisible: NOT_FOUND.
async fn lock_for_report(
    conn: &mut PgConnection,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<Opportunity> {
    let o = readable(conn, actor, id, true).await?;
    let member: bool = match actor.user_id {
        Some(me) => sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM opportunity_team_members WHERE opportunity_id = $1 AND user_id = $2)",
        )
        .bind(id)
        .bind(me)
        .fetch_one(&mut *conn)
        .await?,
        None => false,
    };
    if !member && !writable(conn, actor, id).await? {
        return Err(DomainError::Forbidden(
            "only the owner, a manager over the unit or a project team member may write requirements reports".into(),
        ));
    }
    open(&o, "requirements reports")?;
    Ok(o)
}

/// Records a report (mutation `recordRequirementsReport`); audited as
/// REQUIREMENTS_REPORT CREATE.
pub async fn record_report(
    pool: &PgPool,
    ctx: &Ctx,
    opportunity: Uuid,
    fields: &ReportFields,
) -> DomainResult<RequirementsReport> {
    let f = check(fields)?;
    let me = ctx
        .actor
        .user_id
        .ok_or_else(|| DomainError::Forbidden("API tokens are read-only".into()))?;
    let mut tx = pool.begin().await?;
    let o = lock_for_report(&mut tx, &ctx.actor, opportunity).await?;
    let r: RequirementsReport = sqlx::query_as(
        "INSERT INTO requirements_reports (id, opportunity_id, functional_needs, quality_standards, delivery_time,
             service_needs, gathered_by, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(o.id)
    .bind(&f.functional_needs)
    .bind(&f.quality_standards)
    .bind(&f.delivery_time)
    .bind(&f.service_needs)
    .bind(f.gathered_by.as_str())
    .bind(me)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        "REQUIREMENTS_REPORT",
        r.id,
        "CREATE",
        &audit::created(&r),
    )
    .await?;
    tx.commit().await?;
    Ok(r)
}

/// Replaces a report's fields (mutation `updateRequirementsReport`) at
/// `version`; the same writers as recording. Audited as UPDATE with the diff.
pub async fn update_report(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    fields: &ReportFields,
) -> DomainResult<RequirementsReport> {
    let f = check(fields)?;
    let mut tx = pool.begin().await?;
    let opp: Uuid =
        sqlx::query_scalar("SELECT opportunity_id FROM requirements_reports WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(DomainError::NotFound)?;
    let o = lock_for_report(&mut tx, &ctx.actor, opp).await?;
    let old: RequirementsReport =
        sqlx::query_as("SELECT * FROM requirements_reports WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    check_version(&old, version, "requirements report")?;
    let new: RequirementsReport = sqlx::query_as(
        "UPDATE requirements_reports SET functional_needs = $2, quality_standards = $3, delivery_time = $4,
             service_needs = $5, gathered_by = $6, row_version = row_version + 1, updated_at = $7
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(&f.functional_needs)
    .bind(&f.quality_standards)
    .bind(&f.delivery_time)
    .bind(&f.service_needs)
    .bind(f.gathered_by.as_str())
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    debug_assert_eq!(new.opportunity_id, o.id);
    audit::record_diff(
        &mut tx,
        ctx,
        "REQUIREMENTS_REPORT",
        id,
        "UPDATE",
        &old,
        &new,
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// The reports of an opportunity the actor can see, newest first;
/// NOT_FOUND when it cannot.
pub async fn reports(
    pool: &PgPool,
    actor: &Actor,
    opportunity: Uuid,
) -> DomainResult<Vec<RequirementsReport>> {
    let mut conn = pool.acquire().await?;
    readable(&mut conn, actor, opportunity, false).await?;
    Ok(sqlx::query_as(
        "SELECT * FROM requirements_reports WHERE opportunity_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(opportunity)
    .fetch_all(&mut *conn)
    .await?)
}

/// One report if the actor can see its opportunity.
pub async fn get_report(
    pool: &PgPool,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<Option<RequirementsReport>> {
    let mut qb = QueryBuilder::new(
        "SELECT r.* FROM requirements_reports r JOIN opportunities o ON o.id = r.opportunity_id WHERE r.id = ",
    );
    qb.push_bind(id);
    push_opportunity_scope(&mut qb, actor, Access::Read);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

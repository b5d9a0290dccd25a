//! The unit tree (ORG-1). Everyone signed in may read it: the organisation
//! chart is company-wide knowledge; only ADMIN changes it.

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::require_admin;
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::model::{OrgUnit, UnitKind};
use crate::org::rules;
use crate::page::{self, Keyed, Page, PageRequest, SortKey};
use crate::versioned::lock_current_by;

pub struct NewUnit {
    pub parent_id: Uuid,
    pub name: String,
    pub kind: UnitKind,
    pub head_user_id: Option<Uuid>,
}

/// Changes to a unit; `None` leaves a field as it is.
#[derive(Default)]
pub struct UnitPatch {
    pub id: Uuid,
    pub version: i32,
    pub name: Option<String>,
    pub kind: Option<UnitKind>,
    pub parent_id: Option<Uuid>,
    /// `Some(None)` removes the head.
    pub head_user_id: Option<Option<Uuid>>,
}

pub async fn get_unit(pool: &PgPool, id: Uuid) -> DomainResult<Option<OrgUnit>> {
    Ok(sqlx::query_as("SELECT * FROM org_units WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

pub async fn root_unit(pool: &PgPool) -> DomainResult<Option<OrgUnit>> {
    Ok(
        sqlx::query_as("SELECT * FROM org_units WHERE parent_id IS NULL")
            .fetch_optional(pool)
            .await?,
    )
}

pub async fn units_by_ids(pool: &PgPool, ids: &[Uuid]) -> DomainResult<Vec<OrgUnit>> {
    Ok(sqlx::query_as("SELECT * FROM org_units WHERE id = ANY($1)")
        .bind(ids)
        .fetch_all(pool)
        .await?)
}

/// The children of each given unit, by name.
pub async fn children_of(pool: &PgPool, parents: &[Uuid]) -> DomainResult<Vec<OrgUnit>> {
    Ok(
        sqlx::query_as("SELECT * FROM org_units WHERE parent_id = ANY($1) ORDER BY name, id")
            .bind(parents)
            .fetch_all(pool)
            .await?,
    )
}

/// All units by name, paged.
pub async fn list_units(
    pool: &PgPool,
    active: Option<bool>,
    req: &PageRequest,
) -> DomainResult<Page<OrgUnit>> {
    let sort = SortKey {
        expr: "o.name",
        sql_type: "text",
        descending: false,
    };
    let mut qb =
        sqlx::QueryBuilder::new("SELECT o.*, o.name AS sort_key FROM org_units o WHERE TRUE");
    if let Some(a) = active {
        qb.push(" AND o.active = ").push_bind(a);
    }
    page::push_keyset(&mut qb, "o.id", sort, req);
    let rows: Vec<Keyed<OrgUnit>> = qb.build_query_as().fetch_all(pool).await?;
    Ok(page::into_page(rows, |u| u.id, req))
}

async fn lock(tx: &mut PgConnection, id: Uuid, version: i32) -> DomainResult<OrgUnit> {
    let sql = "SELECT * FROM org_units WHERE id = $1 FOR UPDATE";
    lock_current_by(tx, sql, id, version, "unit").await
}

async fn check_parent(tx: &mut PgConnection, parent: Uuid) -> DomainResult<()> {
    let ok: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM org_units WHERE id = $1 AND active)")
            .bind(parent)
            .fetch_one(&mut *tx)
            .await?;
    if !ok {
        return Err(DomainError::validation("parentId", "no such active unit"));
    }
    Ok(())
}

async fn check_head(tx: &mut PgConnection, head: Option<Uuid>) -> DomainResult<()> {
    let Some(head) = head else { return Ok(()) };
    let ok: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND active)")
            .bind(head)
            .fetch_one(&mut *tx)
            .await?;
    if !ok {
        return Err(DomainError::validation("headUserId", "no such active user"));
    }
    Ok(())
}

fn name_conflict(e: sqlx::Error) -> DomainError {
    match crate::error::unique_violation(&e) {
        Some("org_units_sibling_name") => {
            DomainError::conflict("a unit with this name already exists under the same parent")
        }
        _ => e.into(),
    }
}

pub async fn create_unit(pool: &PgPool, ctx: &Ctx, input: NewUnit) -> DomainResult<OrgUnit> {
    require_admin(&ctx.actor)?;
    let name = rules::display_name("name", &input.name)?;
    if input.kind == UnitKind::Company {
        return Err(DomainError::validation(
            "kind",
            "there is one company unit, the root",
        ));
    }
    let mut tx = pool.begin().await?;
    check_parent(&mut tx, input.parent_id).await?;
    check_head(&mut tx, input.head_user_id).await?;
    let unit: OrgUnit = sqlx::query_as(
        "INSERT INTO org_units (id, parent_id, name, kind, head_user_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(input.parent_id)
    .bind(&name)
    .bind(input.kind.as_str())
    .bind(input.head_user_id)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await
    .map_err(name_conflict)?;
    audit::record(
        &mut tx,
        ctx,
        "ORG_UNIT",
        unit.id,
        "CREATE",
        &audit::created(&unit),
    )
    .await?;
    tx.commit().await?;
    Ok(unit)
}

pub async fn update_unit(pool: &PgPool, ctx: &Ctx, patch: UnitPatch) -> DomainResult<OrgUnit> {
    require_admin(&ctx.actor)?;
    let mut tx = pool.begin().await?;
    // Moves are serialised so two concurrent moves cannot build a cycle.
    if patch.parent_id.is_some() {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext('org_units.tree'))")
            .execute(&mut *tx)
            .await?;
    }
    let old = lock(&mut tx, patch.id, patch.version).await?;
    let name = patch
        .name
        .as_deref()
        .map(|n| rules::display_name("name", n))
        .transpose()?;
    if let Some(kind) = patch.kind
        && (kind == UnitKind::Company) != old.parent_id.is_none()
    {
        return Err(DomainError::validation(
            "kind",
            "only the root unit is the company",
        ));
    }
    if let Some(parent) = patch.parent_id {
        if old.parent_id.is_none() {
            return Err(DomainError::validation(
                "parentId",
                "the company unit cannot be moved",
            ));
        }
        check_parent(&mut tx, parent).await?;
        let subtree: Vec<Uuid> = sqlx::query_scalar("SELECT unit_subtree($1)")
            .bind(old.id)
            .fetch_all(&mut *tx)
            .await?;
        rules::check_no_cycle(old.id, parent, &subtree)?;
    }
    if let Some(head) = patch.head_user_id {
        check_head(&mut tx, head).await?;
    }
    let new: OrgUnit = sqlx::query_as(
        "UPDATE org_units SET name = $2, kind = $3, parent_id = $4, head_user_id = $5,
                version = version + 1, updated_at = $6
         WHERE id = $1 RETURNING *",
    )
    .bind(old.id)
    .bind(name.unwrap_or_else(|| old.name.clone()))
    .bind(
        patch
            .kind
            .map_or(old.kind.clone(), |k| k.as_str().to_owned()),
    )
    .bind(patch.parent_id.or(old.parent_id))
    .bind(patch.head_user_id.unwrap_or(old.head_user_id))
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await
    .map_err(name_conflict)?;
    audit::record_diff(&mut tx, ctx, "ORG_UNIT", new.id, "UPDATE", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// Deactivates an empty unit: no active sub-units, no active members.
pub async fn deactivate_unit(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
) -> DomainResult<OrgUnit> {
    require_admin(&ctx.actor)?;
    let mut tx = pool.begin().await?;
    let old = lock(&mut tx, id, version).await?;
    if !old.active {
        return Err(DomainError::conflict("the unit is already inactive"));
    }
    if old.parent_id.is_none() {
        return Err(DomainError::validation(
            "id",
            "the company unit cannot be deactivated",
        ));
    }
    let (units, members): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM org_units WHERE parent_id = $1 AND active),
                (SELECT count(*) FROM users WHERE unit_id = $1 AND active)",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    if units > 0 || members > 0 {
        return Err(DomainError::validation(
            "id",
            format!("move its {units} active sub-unit(s) and {members} active member(s) first"),
        ));
    }
    let new: OrgUnit = sqlx::query_as(
        "UPDATE org_units SET active = false, head_user_id = NULL, version = version + 1, updated_at = $2
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, "ORG_UNIT", id, "DEACTIVATE", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

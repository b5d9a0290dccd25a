//! Read-only API tokens for dashboard apps (ADMIN only).

use sqlx::PgPool;
use uuid::Uuid;

use super::require_admin;
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::auth::{self, ApiToken};
use crate::org::rules;

/// Creates a named token, optionally limited to a unit's subtree; returns
/// the plaintext once.
pub async fn create_api_token(
    pool: &PgPool,
    ctx: &Ctx,
    name: &str,
    unit_id: Option<Uuid>,
) -> DomainResult<(String, ApiToken)> {
    require_admin(&ctx.actor)?;
    let name = rules::display_name("name", name)?;
    let creator = ctx.actor.user_id.ok_or(DomainError::Unauthenticated)?;
    let mut tx = pool.begin().await?;
    if let Some(unit) = unit_id {
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM org_units WHERE id = $1 AND active)")
                .bind(unit)
                .fetch_one(&mut *tx)
                .await?;
        if !exists {
            return Err(DomainError::validation("unitId", "no such active unit"));
        }
    }
    let (token, row) = auth::insert_api_token(&mut tx, &name, unit_id, creator, ctx.now).await?;
    audit::record(
        &mut tx,
        ctx,
        "API_TOKEN",
        row.id,
        "CREATE",
        &audit::created(&row),
    )
    .await?;
    tx.commit().await?;
    Ok((token, row))
}

/// Revokes a token; revoking twice is refused with CONFLICT.
pub async fn revoke_api_token(pool: &PgPool, ctx: &Ctx, id: Uuid) -> DomainResult<ApiToken> {
    require_admin(&ctx.actor)?;
    let mut tx = pool.begin().await?;
    let old: ApiToken = sqlx::query_as(
        "SELECT id, name, unit_id, created_by, created_at, revoked_at, last_used_at
         FROM api_tokens WHERE id = $1 FOR UPDATE",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(DomainError::NotFound)?;
    if old.revoked_at.is_some() {
        return Err(DomainError::conflict("the token is already revoked"));
    }
    let new: ApiToken = sqlx::query_as(
        "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1
         RETURNING id, name, unit_id, created_by, created_at, revoked_at, last_used_at",
    )
    .bind(id)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, "API_TOKEN", id, "REVOKE", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// Every token, newest first (ADMIN only).
pub async fn list_api_tokens(pool: &PgPool, ctx: &Ctx) -> DomainResult<Vec<ApiToken>> {
    require_admin(&ctx.actor)?;
    Ok(sqlx::query_as(
        "SELECT id, name, unit_id, created_by, created_at, revoked_at, last_used_at
         FROM api_tokens ORDER BY created_at DESC, id DESC",
    )
    .fetch_all(pool)
    .await?)
}

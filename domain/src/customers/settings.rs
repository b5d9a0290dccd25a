//! Company settings (one JSON value per key, `company_settings`), edited by
//! ADMIN, the general manager or the sales director; audited (ORG-4) and
//! versioned like every record. Each context defines the typed view and the
//! validation of its own keys and reads them through [`get`].

use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::PgPool;

use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::Role;
use crate::versioned::{lock_current_by, versioned};

/// A setting as stored.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Setting {
    pub key: String,
    pub value: serde_json::Value,
    pub version: i32,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

versioned!(Setting);

/// A setting locked for a change (`$1`: its key).
pub(crate) const LOCK_SQL: &str =
    "SELECT key, value, version, updated_at FROM company_settings WHERE key = $1 FOR UPDATE";

/// Reads a setting as `T`. A missing or malformed row is an internal error:
/// the migration creates every key and [`update`] validates every write.
pub async fn get<T: DeserializeOwned>(pool: &PgPool, key: &str) -> DomainResult<T> {
    let value: serde_json::Value =
        sqlx::query_scalar("SELECT value FROM company_settings WHERE key = $1")
            .bind(key)
            .fetch_optional(pool)
            .await?
            .ok_or_else(|| anyhow::anyhow!("setting {key} is missing"))?;
    serde_json::from_value(value)
        .map_err(|e| anyhow::anyhow!("setting {key} is malformed: {e}").into())
}

pub async fn get_raw(pool: &PgPool, key: &str) -> DomainResult<Option<Setting>> {
    Ok(sqlx::query_as(
        "SELECT key, value, version, updated_at FROM company_settings WHERE key = $1",
    )
    .bind(key)
    .fetch_optional(pool)
    .await?)
}

/// Who may change company settings.
pub fn require_settings_editor(ctx: &Ctx) -> DomainResult<()> {
    if ctx.actor.read_only
        || !ctx
            .actor
            .has_any(&[Role::Admin, Role::GeneralManager, Role::SalesDirector])
    {
        return Err(DomainError::Forbidden(
            "only an ADMIN, the general manager or the sales director may change company settings"
                .into(),
        ));
    }
    Ok(())
}

/// One requested change of a company setting: the key, the new value as
/// JSON and the `version` the caller read.
pub struct SettingChange<'a> {
    pub pool: &'a PgPool,
    pub ctx: &'a Ctx,
    pub key: &'a str,
    pub value: serde_json::Value,
    pub version: i32,
}

impl SettingChange<'_> {
    /// Stores the value as a `T` once `validate` accepted it ([`update`]).
    pub async fn validated<T: DeserializeOwned + Serialize>(
        &self,
        validate: impl FnOnce(&T) -> DomainResult<()>,
    ) -> DomainResult<Setting> {
        update(
            self.pool,
            self.ctx,
            self.key,
            self.value.clone(),
            self.version,
            validate,
        )
        .await
    }
}

/// Replaces a setting after `validate` accepted the new value; refuses a
/// stale `version`.
pub async fn update<T: DeserializeOwned + Serialize>(
    pool: &PgPool,
    ctx: &Ctx,
    key: &str,
    value: serde_json::Value,
    version: i32,
    validate: impl FnOnce(&T) -> DomainResult<()>,
) -> DomainResult<Setting> {
    require_settings_editor(ctx)?;
    let typed: T = serde_json::from_value(value.clone())
        .map_err(|e| DomainError::validation("value", format!("not a valid {key}: {e}")))?;
    validate(&typed)?;
    let value = serde_json::to_value(&typed).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut tx = pool.begin().await?;
    let old: Setting = lock_current_by(&mut tx, LOCK_SQL, key, version, "setting").await?;
    let new: Setting = sqlx::query_as(
        "UPDATE company_settings SET value = $2, version = version + 1, updated_at = $3, updated_by = $4
         WHERE key = $1 RETURNING key, value, version, updated_at",
    )
    .bind(key)
    .bind(&value)
    .bind(ctx.now)
    .bind(ctx.actor.user_id)
    .fetch_one(&mut *tx)
    .await?;
    let change = audit::FieldChange {
        field: key.to_owned(),
        old: old.value.clone(),
        new: new.value.clone(),
    };
    // Settings have no uuid of their own: the audit entity id is derived from the key.
    let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, key.as_bytes());
    audit::record(&mut tx, ctx, "SETTING", id, "UPDATE", &[change]).await?;
    tx.commit().await?;
    Ok(new)
}

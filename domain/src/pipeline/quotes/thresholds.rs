//! PIP-6 settings `quote_margin_manager` and `quote_margin_director`
//! (percent as decimal strings, defaults "20" and "10"). They are two keys
//! but one rule (0 ≤ director < manager ≤ 100), so a change of either locks
//! both rows, in key order, and validates the pair.

use rust_decimal::Decimal;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{Thresholds, check_thresholds};
use crate::Ctx;
use crate::audit;
use crate::customers::settings::{Setting, require_settings_editor};
use crate::error::{DomainError, DomainResult};
use crate::versioned::check_version;

/// The key of the DIRECT_HEAD / SALES_MANAGER boundary.
pub const MANAGER_KEY: &str = "quote_margin_manager";
/// The key of the SALES_MANAGER / SALES_DIRECTOR boundary.
pub const DIRECTOR_KEY: &str = "quote_margin_director";

fn parse(key: &str, v: &serde_json::Value) -> DomainResult<Decimal> {
    v.as_str()
        .and_then(|s| s.trim().parse::<Decimal>().ok())
        .ok_or_else(|| {
            DomainError::validation("value", format!("{key} is a decimal string such as \"20\""))
        })
}

/// The thresholds as stored, on a connection (a submission reads them on
/// its transaction).
pub(crate) async fn read(conn: &mut PgConnection) -> DomainResult<Thresholds> {
    let rows: Vec<(String, serde_json::Value)> =
        sqlx::query_as("SELECT key, value FROM company_settings WHERE key = ANY($1)")
            .bind([MANAGER_KEY, DIRECTOR_KEY])
            .fetch_all(conn)
            .await?;
    from_rows(&rows)
}

fn from_rows(rows: &[(String, serde_json::Value)]) -> DomainResult<Thresholds> {
    let get = |key: &str| -> DomainResult<Decimal> {
        let v = rows
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .ok_or_else(|| anyhow::anyhow!("setting {key} is missing"))?;
        parse(key, v).map_err(|_| anyhow::anyhow!("setting {key} is malformed").into())
    };
    Ok(Thresholds {
        manager: get(MANAGER_KEY)?,
        director: get(DIRECTOR_KEY)?,
    })
}

/// The current thresholds.
pub async fn thresholds(pool: &PgPool) -> DomainResult<Thresholds> {
    let mut conn = pool.acquire().await?;
    read(&mut conn).await
}

/// Changes one threshold (`updateCompanySetting` for either key): a JSON
/// string decimal, 0–100 with at most 2 places, the director threshold
/// strictly below the manager one after the change. Audited as `SETTING`.
pub async fn update_threshold(
    pool: &PgPool,
    ctx: &Ctx,
    key: &str,
    value: serde_json::Value,
    version: i32,
) -> DomainResult<Setting> {
    require_settings_editor(ctx)?;
    if key != MANAGER_KEY && key != DIRECTOR_KEY {
        return Err(DomainError::validation("key", "unknown setting"));
    }
    let v = parse(key, &value)?;
    let mut tx = pool.begin().await?;
    let rows: Vec<Setting> = sqlx::query_as(
        "SELECT key, value, version, updated_at FROM company_settings WHERE key = ANY($1)
         ORDER BY key FOR UPDATE",
    )
    .bind([MANAGER_KEY, DIRECTOR_KEY])
    .fetch_all(&mut *tx)
    .await?;
    let old = rows
        .iter()
        .find(|s| s.key == key)
        .ok_or(DomainError::NotFound)?;
    check_version(old, version, "setting")?;
    let pairs: Vec<(String, serde_json::Value)> = rows
        .iter()
        .map(|s| (s.key.clone(), s.value.clone()))
        .collect();
    let mut t = from_rows(&pairs)?;
    if key == MANAGER_KEY {
        t.manager = v;
    } else {
        t.director = v;
    }
    check_thresholds(&t)?;
    let stored = serde_json::Value::String(v.normalize().to_string());
    let new: Setting = sqlx::query_as(
        "UPDATE company_settings SET value = $2, version = version + 1, updated_at = $3, updated_by = $4
         WHERE key = $1 RETURNING key, value, version, updated_at",
    )
    .bind(key)
    .bind(&stored)
    .bind(ctx.now)
    .bind(ctx.actor.user_id)
    .fetch_one(&mut *tx)
    .await?;
    let change = audit::FieldChange {
        field: key.to_owned(),
        old: old.value.clone(),
        new: new.value.clone(),
    };
    let id = Uuid::new_v5(&Uuid::NAMESPACE_OID, key.as_bytes());
    audit::record(&mut tx, ctx, "SETTING", id, "UPDATE", &[change]).await?;
    tx.commit().await?;
    Ok(new)
}

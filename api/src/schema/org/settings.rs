//! Company settings over GraphQL: read by anyone signed in, changed by an
//! ADMIN, the general manager or the sales director. Each key belongs to a
//! context, which validates it (`update_setting` in the context's domain
//! module, listed in `salesd_domain::registry`).

use async_graphql::{Context, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use salesd_domain::customers::settings::{self, Setting};

use crate::context::{actor, domain_ctx, state};
use crate::error::{ApiError, ApiResult};

#[derive(Default)]
pub struct SettingsQuery;

#[Object]
impl SettingsQuery {
    /// A company setting; NOT_FOUND for an unknown key.
    async fn company_setting(&self, ctx: &Context<'_>, key: String) -> ApiResult<CompanySetting> {
        actor(ctx)?;
        settings::get_raw(&state(ctx).pool, &key)
            .await?
            .map(Into::into)
            .ok_or_else(ApiError::not_found)
    }
}

#[derive(Default)]
pub struct SettingsMutation;

#[Object]
impl SettingsMutation {
    /// Replaces a setting's value after its key's validation; `version` as read.
    async fn update_company_setting(
        &self,
        ctx: &Context<'_>,
        key: String,
        value: Json<serde_json::Value>,
        version: i32,
    ) -> ApiResult<CompanySetting> {
        let dctx = domain_ctx(ctx)?;
        let s = salesd_domain::registry::update_company_setting(
            &state(ctx).pool,
            &dctx,
            &key,
            value.0,
            version,
        )
        .await?;
        Ok(s.into())
    }
}

/// A company setting (one JSON value per key).
#[derive(SimpleObject)]
pub struct CompanySetting {
    pub key: String,
    pub value: Json<serde_json::Value>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

impl From<Setting> for CompanySetting {
    fn from(s: Setting) -> Self {
        Self {
            key: s.key,
            value: Json(s.value),
            version: s.version,
            updated_at: s.updated_at,
        }
    }
}

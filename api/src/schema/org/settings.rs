//! Company settings over GraphQL: read by anyone signed in, changed by an
//! ADMIN, the general manager or the sales director. Each key has its own
//! typed validator in [`update_setting`]; other contexts add theirs there.

use async_graphql::{Context, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use salesd_domain::customers::pool::ReclaimThresholds;
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
        settings::require_settings_editor(&dctx)?;
        let pool = &state(ctx).pool;
        let value = value.0;
        let s = match key.as_str() {
            // CUS-4
            "pool_reclaim_days" => {
                settings::update::<ReclaimThresholds>(
                    pool,
                    &dctx,
                    &key,
                    value,
                    version,
                    ReclaimThresholds::validate,
                )
                .await?
            }
            // CUS-6
            "revisit_interval_days" => {
                settings::update::<salesd_domain::customers::revisit::RevisitPolicy>(
                    pool,
                    &dctx,
                    &key,
                    value,
                    version,
                    salesd_domain::customers::revisit::validate_revisit_policy,
                )
                .await?
            }
            // CUS-7
            "care_holidays" => {
                settings::update::<salesd_domain::customers::care::CareHolidays>(
                    pool,
                    &dctx,
                    &key,
                    value,
                    version,
                    salesd_domain::customers::care::validate_care_holidays,
                )
                .await?
            }
            // REC-8
            "credit_limit_defaults" => {
                settings::update::<salesd_domain::contracts::credit_limit::LimitDefaults>(
                    pool,
                    &dctx,
                    &key,
                    value,
                    version,
                    salesd_domain::contracts::credit_limit::validate_defaults,
                )
                .await?
            }
            // AUTO-1
            "stalled_opportunity_days" => {
                settings::update::<i64>(
                    pool,
                    &dctx,
                    &key,
                    value,
                    version,
                    salesd_domain::customers::scans::followup_sources::validate_stalled_days,
                )
                .await?
            }
            "care_festivals" => {
                settings::update::<salesd_domain::customers::festivals::CareFestivals>(
                    pool,
                    &dctx,
                    &key,
                    value,
                    version,
                    salesd_domain::customers::festivals::validate_care_festivals,
                )
                .await?
            }
            // CUS-9
            "complaint_deadline_hours" => {
                settings::update::<salesd_domain::customers::complaints::DeadlineHours>(
                    pool,
                    &dctx,
                    &key,
                    value,
                    version,
                    salesd_domain::customers::complaints::validate_complaint_deadline_hours,
                )
                .await?
            }
            // CON-9 fast response
            "after_sales_response_hours" => {
                settings::update::<salesd_domain::execution::ResponseHours>(
                    pool,
                    &dctx,
                    &key,
                    value,
                    version,
                    salesd_domain::execution::validate_response_hours,
                )
                .await?
            }
            // KA-1
            "ka_revenue_threshold" => {
                settings::update::<String>(pool, &dctx, &key, value, version, |v: &String| {
                    salesd_domain::customers::key_accounts::validate_ka_revenue_threshold(v)
                })
                .await?
            }
            // PIP-1: re-scores every NEW lead in the same transaction.
            "lead_scoring" => {
                salesd_domain::pipeline::leads::update_lead_scoring(pool, &dctx, value, version)
                    .await?
            }
            // PIP-2: default probability per open stage.
            "stage_probabilities" => {
                settings::update::<salesd_domain::pipeline::stages::StageProbabilities>(
                    pool,
                    &dctx,
                    &key,
                    value,
                    version,
                    salesd_domain::pipeline::stages::validate_probabilities,
                )
                .await?
            }
            // CON-3: who gets the four copies of a confirmed order.
            "order_confirmation_recipients" => {
                salesd_domain::orders::notices::update_recipients(pool, &dctx, value, version)
                    .await?
            }
            // PIP-6: the two margin thresholds, validated as a pair.
            "quote_margin_manager" | "quote_margin_director" => {
                salesd_domain::pipeline::quotes::update_threshold(pool, &dctx, &key, value, version)
                    .await?
            }
            // REC-6: dunning levels, validated (1–4 levels, days in order).
            salesd_domain::receivables::dunning::LEVELS_KEY => {
                salesd_domain::receivables::dunning::update_levels(pool, &dctx, value, version)
                    .await?
            }
            // REC-5: the company day of the month statements go out (1–28).
            "statement_day" => {
                settings::update::<u32>(
                    pool,
                    &dctx,
                    &key,
                    value,
                    version,
                    salesd_domain::receivables::statements::validate_statement_day,
                )
                .await?
            }
            // REC-5: statements also to the customers' billing contacts.
            "statement_billing_contact" => {
                settings::update::<bool>(pool, &dctx, &key, value, version, |_| Ok(())).await?
            }
            _ => return Err(ApiError::validation("key", "unknown setting")),
        };
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

//! The pipeline context's loaders: stage history, project teams and quotes
//! of opportunities the caller has loaded in scope.

use std::collections::HashMap;
use std::time::Duration;

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, Loader};
use salesd_domain::pipeline::opportunities::{self, StageHistoryRow, TeamMember};
use salesd_domain::pipeline::quotes::{self, Quote};
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::ApiError;
use crate::schema::common::loaders::{batched, group_by};

pub struct PipelineLoaders {
    pub stage_history: DataLoader<StageHistoryLoader>,
    pub teams: DataLoader<TeamLoader>,
    pub quotes: DataLoader<QuotesByOpportunity>,
}

impl PipelineLoaders {
    pub fn new(pool: &PgPool, window: Duration) -> Self {
        Self {
            stage_history: batched(StageHistoryLoader(pool.clone()), window),
            teams: batched(TeamLoader(pool.clone()), window),
            quotes: batched(QuotesByOpportunity(pool.clone()), window),
        }
    }
}

pub fn pipeline_loaders<'a>(ctx: &Context<'a>) -> &'a PipelineLoaders {
    ctx.data_unchecked::<PipelineLoaders>()
}

/// The PIP-2 stage history of each opportunity, oldest first (the caller
/// has loaded the opportunity in scope). `timeInStages` derives from it.
pub struct StageHistoryLoader(PgPool);

impl Loader<Uuid> for StageHistoryLoader {
    type Value = Vec<StageHistoryRow>;
    type Error = ApiError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<StageHistoryRow>>, ApiError> {
        Ok(group_by(
            keys,
            opportunities::stage_history(&self.0, keys).await?,
            |h| h.opportunity_id,
        ))
    }
}

/// The PIP-4 project team of each opportunity, by role then time added (the
/// caller has loaded the opportunity in scope).
pub struct TeamLoader(PgPool);

impl Loader<Uuid> for TeamLoader {
    type Value = Vec<TeamMember>;
    type Error = ApiError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<TeamMember>>, ApiError> {
        Ok(group_by(
            keys,
            opportunities::team(&self.0, keys).await?,
            |m| m.opportunity_id,
        ))
    }
}

/// The PIP-6 quotes of each opportunity, newest version first. A quote is
/// visible exactly when its opportunity is, and the caller has loaded the
/// opportunity in scope.
pub struct QuotesByOpportunity(PgPool);

impl Loader<Uuid> for QuotesByOpportunity {
    type Value = Vec<Quote>;
    type Error = ApiError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<Quote>>, ApiError> {
        Ok(group_by(
            keys,
            quotes::by_opportunities(&self.0, keys).await?,
            |q| q.opportunity_id,
        ))
    }
}

//! The pipeline context's loaders: stage history, project teams and quotes
//! of opportunities the caller has loaded in scope.

use std::time::Duration;

use async_graphql::Context;
use async_graphql::dataloader::DataLoader;
use salesd_domain::pipeline::opportunities::{self, StageHistoryRow, TeamMember};
use salesd_domain::pipeline::quotes::{self, Quote};
use sqlx::PgPool;

use crate::schema::common::loaders::batched;
use crate::schema::common::loaders::rows_by_parent;

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

rows_by_parent!(
    /// The PIP-2 stage history of each opportunity, oldest first (the caller
    /// has loaded the opportunity in scope). `timeInStages` derives from it.
    StageHistoryLoader, StageHistoryRow, opportunities::stage_history, |h| h.opportunity_id,
);

rows_by_parent!(
    /// The PIP-4 project team of each opportunity, by role then time added (the
    /// caller has loaded the opportunity in scope).
    TeamLoader, TeamMember, opportunities::team, |m| m.opportunity_id,
);

rows_by_parent!(
    /// The PIP-6 quotes of each opportunity, newest version first. A quote is
    /// visible exactly when its opportunity is, and the caller has loaded the
    /// opportunity in scope.
    QuotesByOpportunity, Quote, quotes::by_opportunities, |q| q.opportunity_id,
);

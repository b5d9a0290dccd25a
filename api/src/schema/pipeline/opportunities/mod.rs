//! PIP-2 opportunities over GraphQL: create, update, stage moves past their
//! gates, LOST, the project team (PIP-4), and the PIP-8 pipeline summary
//! and forecast. Reads are scoped by ORG-3 (team members included).

pub mod types;

use std::sync::Arc;

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object};
use salesd_domain::org::Actor;
use salesd_domain::pipeline::forecast::{self, SummaryFilter};
use salesd_domain::pipeline::opportunities::{
    self as store, NewOpportunity, OpportunityFilter as DFilter, OpportunityOrder, OpportunityPatch,
};
use salesd_domain::pipeline::stages::StageProbabilities;

use crate::context::{actor, domain_ctx, state};
use crate::error::{ApiError, ApiResult};
use crate::schema::common::paging::{connection, page_complexity, page_request};
use crate::schema::common::uuid;
use crate::schema::pipeline::opportunities::types::*;

async fn probabilities(ctx: &Context<'_>) -> ApiResult<Arc<StageProbabilities>> {
    Ok(Arc::new(store::probabilities(&state(ctx).pool).await?))
}

pub(crate) async fn node(ctx: &Context<'_>, o: store::Opportunity) -> ApiResult<OpportunityNode> {
    Ok(OpportunityNode {
        o,
        probabilities: probabilities(ctx).await?,
    })
}

/// The extra fields of an opportunity connection.
pub struct OpportunityConnectionFields {
    actor: Actor,
    filter: DFilter,
}

#[Object]
impl OpportunityConnectionFields {
    /// How many opportunities match the filter (all pages), within scope.
    async fn total_count(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        let s = state(ctx);
        Ok(store::count(&s.pool, &self.actor, &self.filter, s.clock.now()).await?)
    }
}

#[derive(Default)]
pub struct OpportunityQuery;

#[Object]
#[allow(clippy::too_many_arguments)]
impl OpportunityQuery {
    /// An opportunity; NOT_FOUND outside the caller's scope (ORG-3).
    async fn opportunity(&self, ctx: &Context<'_>, id: ID) -> ApiResult<OpportunityNode> {
        let id = uuid("id", &id)?;
        let o = store::get(&state(ctx).pool, actor(ctx)?, id)
            .await?
            .ok_or_else(ApiError::not_found)?;
        node(ctx, o).await
    }

    /// Opportunities within the caller's scope, filtered; newest first or
    /// by expected close.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn opportunities(
        &self,
        ctx: &Context<'_>,
        filter: Option<OpportunityFilter>,
        order_by: Option<OpportunityOrderBy>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, OpportunityNode, OpportunityConnectionFields>> {
        let actor = actor(ctx)?.clone();
        let req = page_request(first, after, last, before)?;
        let f = filter.unwrap_or_default();
        if f.stalled_for_days
            .is_some_and(|d| !(0..=36_500).contains(&d))
        {
            return Err(ApiError::validation(
                "stalledForDays",
                "must be between 0 and 36500",
            ));
        }
        let filter = DFilter {
            stage: f.stage.map(Into::into),
            owner_id: opt_uuid("ownerId", &f.owner_id)?,
            customer_id: opt_uuid("customerId", &f.customer_id)?,
            stalled_for_days: f.stalled_for_days,
            closing_from: f.closing_from.map(|d| d.0),
            closing_to: f.closing_to.map(|d| d.0),
        };
        let order = match order_by.unwrap_or_default() {
            OpportunityOrderBy::CreatedAt => OpportunityOrder::CreatedAt,
            OpportunityOrderBy::ExpectedClose => OpportunityOrder::ExpectedClose,
        };
        let s = state(ctx);
        let page = store::list(&s.pool, &actor, &filter, order, s.clock.now(), &req).await?;
        let probabilities = probabilities(ctx).await?;
        Ok(connection(
            page,
            |o| OpportunityNode {
                o,
                probabilities: probabilities.clone(),
            },
            OpportunityConnectionFields { actor, filter },
        ))
    }

    /// The project team of an opportunity the caller can see (PIP-4).
    async fn opportunity_team(
        &self,
        ctx: &Context<'_>,
        opportunity_id: ID,
    ) -> ApiResult<Vec<TeamMemberNode>> {
        let id = uuid("opportunityId", &opportunity_id)?;
        let pool = &state(ctx).pool;
        store::get(pool, actor(ctx)?, id)
            .await?
            .ok_or_else(ApiError::not_found)?;
        Ok(store::team(pool, &[id])
            .await?
            .into_iter()
            .map(TeamMemberNode)
            .collect())
    }

    /// PIP-8: per stage the count, amount and weighted amount of the
    /// opportunities the caller can see, and the conversion between
    /// consecutive stages. `unitId`: owned in that unit's subtree;
    /// `from`/`to`: created on those company days (inclusive).
    async fn pipeline_summary(
        &self,
        ctx: &Context<'_>,
        unit_id: Option<ID>,
        from: Option<crate::scalars::Date>,
        to: Option<crate::scalars::Date>,
    ) -> ApiResult<PipelineSummary> {
        let actor = actor(ctx)?;
        let f = SummaryFilter {
            unit_id: opt_uuid("unitId", &unit_id)?,
            from: from.map(|d| d.0),
            to: to.map(|d| d.0),
        };
        let s = forecast::pipeline_summary(&state(ctx).pool, actor, &f).await?;
        Ok(PipelineSummary {
            stages: s
                .stages
                .into_iter()
                .map(PipelineStage::try_from)
                .collect::<ApiResult<_>>()?,
            conversions: s
                .conversions
                .into_iter()
                .map(StageConversion::try_from)
                .collect::<ApiResult<_>>()?,
        })
    }

    /// PIP-8: the weighted pipeline of open opportunities expected to close
    /// from `from` to `to` (inclusive, at most 120 months), by month, owner
    /// or unit.
    async fn forecast(
        &self,
        ctx: &Context<'_>,
        group_by: ForecastGroupBy,
        from: crate::scalars::Date,
        to: crate::scalars::Date,
    ) -> ApiResult<Vec<ForecastEntry>> {
        let actor = actor(ctx)?;
        let rows =
            forecast::forecast(&state(ctx).pool, actor, group_by.into(), from.0, to.0).await?;
        Ok(rows.into_iter().map(ForecastEntry).collect())
    }
}

#[derive(Default)]
pub struct OpportunityMutation;

#[Object]
impl OpportunityMutation {
    /// PIP-2: a new opportunity in EVALUATION, owned by the caller.
    async fn create_opportunity(
        &self,
        ctx: &Context<'_>,
        input: CreateOpportunityInput,
    ) -> ApiResult<OpportunityNode> {
        let dctx = domain_ctx(ctx)?;
        let new = NewOpportunity {
            customer_id: uuid("customerId", &input.customer_id)?,
            name: input.name,
            amount: input.amount.0,
            currency: input.currency,
            expected_close_date: input.expected_close_date.map(|d| d.0),
            complex: input.complex,
            source_lead_id: None,
            owner_id: None,
        };
        let o = store::create(&state(ctx).pool, &dctx, &new).await?;
        node(ctx, o).await
    }

    /// Changes an open opportunity's fields (not its stage); the owner or a
    /// manager over its unit.
    async fn update_opportunity(
        &self,
        ctx: &Context<'_>,
        input: UpdateOpportunityInput,
    ) -> ApiResult<OpportunityNode> {
        let dctx = domain_ctx(ctx)?;
        let patch = OpportunityPatch {
            id: uuid("id", &input.id)?,
            version: input.version,
            name: input.name,
            amount: input.amount.map(|d| d.0),
            expected_close_date: maybe(input.expected_close_date).map(|d| d.map(|d| d.0)),
            complex: input.complex,
            probability: maybe(input.probability),
        };
        let o = store::update(&state(ctx).pool, &dctx, patch).await?;
        node(ctx, o).await
    }

    /// PIP-2: moves to another stage. Forward past each gate only with its
    /// artefact (CONFLICT otherwise); backward only by a manager, with a
    /// reason (FORBIDDEN otherwise); never out of WON/LOST.
    async fn move_opportunity_stage(
        &self,
        ctx: &Context<'_>,
        id: ID,
        to: OpportunityStage,
        version: i32,
        reason: Option<String>,
    ) -> ApiResult<OpportunityNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let o = store::move_stage(
            &state(ctx).pool,
            &dctx,
            id,
            to.into(),
            version,
            reason.as_deref(),
        )
        .await?;
        node(ctx, o).await
    }

    /// PIP-2: LOST from any open stage, with a reason and optionally the
    /// competitor who won.
    async fn mark_opportunity_lost(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
        competitor: Option<String>,
        version: i32,
    ) -> ApiResult<OpportunityNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let o = store::lost(
            &state(ctx).pool,
            &dctx,
            id,
            &reason,
            competitor.as_deref(),
            version,
        )
        .await?;
        node(ctx, o).await
    }

    /// PIP-4: adds a team member or changes their role and duties; the
    /// owner or a manager over the unit.
    async fn set_opportunity_team_member(
        &self,
        ctx: &Context<'_>,
        opportunity_id: ID,
        user_id: ID,
        role: OpportunityTeamRole,
        duties: Option<String>,
    ) -> ApiResult<TeamMemberNode> {
        let dctx = domain_ctx(ctx)?;
        let m = store::set_team_member(
            &state(ctx).pool,
            &dctx,
            uuid("opportunityId", &opportunity_id)?,
            uuid("userId", &user_id)?,
            role.into(),
            duties.as_deref(),
        )
        .await?;
        Ok(TeamMemberNode(m))
    }

    /// Removes a team member; NOT_FOUND if they are not on the team.
    async fn remove_opportunity_team_member(
        &self,
        ctx: &Context<'_>,
        opportunity_id: ID,
        user_id: ID,
    ) -> ApiResult<bool> {
        let dctx = domain_ctx(ctx)?;
        store::remove_team_member(
            &state(ctx).pool,
            &dctx,
            uuid("opportunityId", &opportunity_id)?,
            uuid("userId", &user_id)?,
        )
        .await?;
        Ok(true)
    }
}

fn maybe<T>(v: async_graphql::MaybeUndefined<T>) -> Option<Option<T>> {
    match v {
        async_graphql::MaybeUndefined::Undefined => None,
        async_graphql::MaybeUndefined::Null => Some(None),
        async_graphql::MaybeUndefined::Value(v) => Some(Some(v)),
    }
}

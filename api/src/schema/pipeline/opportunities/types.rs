//! GraphQL types of opportunities (PIP-2), their project team (PIP-4) and
//! the pipeline summary and forecast (PIP-8).

use crate::schema::customers::loaders::customer_node;
use crate::schema::org::loaders::org_loaders;
use crate::schema::pipeline::loaders::pipeline_loaders;
use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, Utc};
use salesd_domain::pipeline::forecast::{Conversion, ForecastRow, StageSummary, money};
use salesd_domain::pipeline::opportunities::{
    self as store, Opportunity, StageHistoryRow, StageTime, TeamMember,
};
use salesd_domain::pipeline::stages::{self, StageProbabilities};
use uuid::Uuid;

use crate::schema::customers::types::CustomerNode;

use crate::context::state;
use crate::error::ApiResult;
use crate::scalars::{Date, Decimal};
use crate::schema::common::id;
use crate::schema::common::parse;
use crate::schema::org::types::{OrgUnitNode, PersonNode, person};

/// PIP-2 stages in order; `WON` and `LOST` are final.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::pipeline::stages::Stage")]
pub enum OpportunityStage {
    Evaluation,
    Initiation,
    Requirements,
    Proposal,
    Negotiation,
    Contract,
    Won,
    Lost,
}

/// A member's role in a project team (PIP-4).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::pipeline::opportunities::TeamRole")]
pub enum OpportunityTeamRole {
    Leader,
    SalesManager,
    SalesRep,
    TechLead,
    Member,
}

/// How `forecast` groups (PIP-8).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::pipeline::forecast::ForecastGroup")]
pub enum ForecastGroupBy {
    /// By expected close month.
    Month,
    /// By owner (rep).
    Owner,
    /// By the owner's unit (for reps: their team).
    Unit,
}

/// The order of `opportunities`.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum OpportunityOrderBy {
    /// Newest first.
    #[default]
    CreatedAt,
    /// Soonest expected close first, undated last.
    ExpectedClose,
}

/// A new opportunity (PIP-2), owned by the caller, in EVALUATION.
#[derive(InputObject)]
pub struct CreateOpportunityInput {
    /// A customer the caller can see.
    pub customer_id: ID,
    /// 1 to 200 characters.
    pub name: String,
    /// At least 0, two decimal places.
    pub amount: Decimal,
    /// ISO 4217 code; CNY when omitted.
    pub currency: Option<String>,
    pub expected_close_date: Option<Date>,
    /// PIP-4: a complex project needs a full team whatever its amount.
    #[graphql(default)]
    pub complex: bool,
}

/// Field changes; an omitted field stays, `null` clears it.
#[derive(InputObject)]
pub struct UpdateOpportunityInput {
    pub id: ID,
    pub version: i32,
    pub name: Option<String>,
    pub amount: Option<Decimal>,
    pub expected_close_date: MaybeUndefined<Date>,
    pub complex: Option<bool>,
    /// 0 to 100 overrides the stage default; `null` returns to it.
    pub probability: MaybeUndefined<i32>,
}

/// Filter of `opportunities`; all given conditions apply.
#[derive(InputObject, Default)]
pub struct OpportunityFilter {
    pub stage: Option<OpportunityStage>,
    pub owner_id: Option<ID>,
    pub customer_id: Option<ID>,
    /// Open and not moved for at least this many company days.
    pub stalled_for_days: Option<i32>,
    /// Expected close on or after.
    pub closing_from: Option<Date>,
    /// Expected close on or before.
    pub closing_to: Option<Date>,
}

/// An opportunity (PIP-2), visible to its owner, its project team, managers
/// over its unit and the top roles (ORG-3).
pub struct OpportunityNode {
    pub o: Opportunity,
    /// The `stage_probabilities` setting, read once per request.
    pub probabilities: Arc<StageProbabilities>,
}

#[Object(name = "Opportunity")]
impl OpportunityNode {
    async fn id(&self) -> ID {
        id(self.o.id)
    }
    async fn name(&self) -> &str {
        &self.o.name
    }
    async fn customer_id(&self) -> ID {
        id(self.o.customer_id)
    }
    /// Null when the caller may see the opportunity (as a team member) but
    /// not the customer.
    async fn customer(&self, ctx: &Context<'_>) -> ApiResult<Option<CustomerNode>> {
        customer_node(ctx, self.o.customer_id).await
    }
    async fn owner(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.o.owner_id)).await
    }
    async fn owner_unit(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnitNode>> {
        Ok(org_loaders(ctx)
            .units
            .load_one(self.o.owner_unit_id)
            .await?
            .map(OrgUnitNode))
    }
    async fn stage(&self) -> OpportunityStage {
        self.o.stage.into()
    }
    /// The per-opportunity override; null: the stage default applies.
    async fn probability(&self) -> Option<i32> {
        self.o.probability.map(i32::from)
    }
    /// The override or the stage default (`WON` 100, `LOST` 0), percent.
    async fn effective_probability(&self) -> i32 {
        self.o.effective_probability(&self.probabilities).into()
    }
    async fn amount(&self) -> Decimal {
        Decimal(self.o.amount)
    }
    /// amount × effectiveProbability / 100, exact.
    async fn weighted_amount(&self) -> Decimal {
        let p = self.o.effective_probability(&self.probabilities);
        Decimal(money(
            self.o.amount * rust_decimal::Decimal::from(p) / rust_decimal::Decimal::ONE_HUNDRED,
        ))
    }
    async fn currency(&self) -> &str {
        &self.o.currency
    }
    async fn expected_close_date(&self) -> Option<Date> {
        self.o.expected_close_date.map(Date)
    }
    async fn complex(&self) -> bool {
        self.o.complex
    }
    /// The lead it was qualified from.
    async fn source_lead_id(&self) -> Option<ID> {
        self.o.source_lead_id.map(id)
    }
    async fn lost_reason(&self) -> Option<&str> {
        self.o.lost_reason.as_deref()
    }
    async fn lost_competitor(&self) -> Option<&str> {
        self.o.lost_competitor.as_deref()
    }
    async fn stage_changed_at(&self) -> DateTime<Utc> {
        self.o.stage_changed_at
    }
    /// Days (company calendar) since the last stage change; null once closed.
    async fn stalled_days(&self, ctx: &Context<'_>) -> Option<i64> {
        self.o.stalled_days(state(ctx).clock.now())
    }
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.o.closed_at
    }
    async fn version(&self) -> i32 {
        self.o.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.o.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.o.updated_at
    }
    // The list fields below go through the request's loaders: a page costs
    // one statement per field, not one per opportunity (docs/api.md).

    /// Every stage change, oldest first (PIP-2).
    async fn stage_history(&self, ctx: &Context<'_>) -> ApiResult<Vec<StageChangeNode>> {
        Ok(self
            .history(ctx)
            .await?
            .into_iter()
            .map(StageChangeNode)
            .collect())
    }
    /// Total time in each stage visited, in stage order (PIP-2).
    async fn time_in_stages(&self, ctx: &Context<'_>) -> ApiResult<Vec<StageTimeNode>> {
        let rows = store::stage_times(&self.history(ctx).await?, state(ctx).clock.now());
        rows.into_iter().map(StageTimeNode::try_from).collect()
    }
    /// The project team (PIP-4).
    async fn team(&self, ctx: &Context<'_>) -> ApiResult<Vec<TeamMemberNode>> {
        Ok(self
            .members(ctx)
            .await?
            .into_iter()
            .map(TeamMemberNode)
            .collect())
    }
    /// PIP-6: the quotes, newest version first.
    async fn quotes(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<crate::schema::pipeline::quotes::types::QuoteNode>> {
        crate::schema::pipeline::quotes::types::quotes_of(ctx, self.o.id).await
    }
    /// PIP-4: whether the team has the roles a project of ≥ 1 000 000 or a
    /// complex one needs (leader, sales manager, rep, technical lead).
    /// Informational now; enforced at initiation approval later.
    async fn team_requirements_met(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        Ok(self.missing_roles(ctx).await?.is_empty())
    }
    /// The roles the team still lacks under PIP-4 (empty when met).
    async fn team_missing_roles(&self, ctx: &Context<'_>) -> ApiResult<Vec<OpportunityTeamRole>> {
        Ok(self
            .missing_roles(ctx)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}

impl OpportunityNode {
    /// The stage history through the request's loader: one statement per
    /// page, shared by `stageHistory` and `timeInStages`.
    async fn history(&self, ctx: &Context<'_>) -> ApiResult<Vec<StageHistoryRow>> {
        Ok(pipeline_loaders(ctx)
            .stage_history
            .load_one(self.o.id)
            .await?
            .unwrap_or_default())
    }

    /// The team through the request's loader: one statement per page,
    /// shared by `team`, `teamRequirementsMet` and `teamMissingRoles`.
    async fn members(&self, ctx: &Context<'_>) -> ApiResult<Vec<TeamMember>> {
        Ok(pipeline_loaders(ctx)
            .teams
            .load_one(self.o.id)
            .await?
            .unwrap_or_default())
    }

    async fn missing_roles(&self, ctx: &Context<'_>) -> ApiResult<Vec<store::TeamRole>> {
        let roles = self
            .members(ctx)
            .await?
            .iter()
            .map(|m| m.role)
            .collect::<Vec<_>>();
        Ok(store::team_complete(self.o.amount, self.o.complex, &roles)
            .err()
            .unwrap_or_default())
    }
}

/// One stage change.
pub struct StageChangeNode(pub StageHistoryRow);

#[Object(name = "OpportunityStageChange")]
impl StageChangeNode {
    /// Null for the creation.
    async fn from_stage(&self) -> ApiResult<Option<OpportunityStage>> {
        self.0
            .from_stage
            .as_deref()
            .map(|s| parse::<stages::Stage>(s).map(Into::into))
            .transpose()
    }
    async fn to_stage(&self) -> ApiResult<OpportunityStage> {
        parse::<stages::Stage>(&self.0.to_stage).map(Into::into)
    }
    async fn changed_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.changed_by).await
    }
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
}

/// Total time spent in a stage.
#[derive(SimpleObject)]
#[graphql(name = "OpportunityStageTime")]
pub struct StageTimeNode {
    pub stage: OpportunityStage,
    /// Whole seconds, over every visit; the current stage up to now.
    pub seconds: i64,
    /// How many times the stage was entered.
    pub visits: i64,
}

impl TryFrom<StageTime> for StageTimeNode {
    type Error = crate::error::ApiError;
    fn try_from(t: StageTime) -> ApiResult<Self> {
        Ok(Self {
            stage: parse::<stages::Stage>(&t.stage)?.into(),
            seconds: t.seconds,
            visits: t.visits,
        })
    }
}

/// A project team member (PIP-4).
pub struct TeamMemberNode(pub TeamMember);

#[Object(name = "OpportunityTeamMember")]
impl TeamMemberNode {
    async fn user(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.user_id)).await
    }
    async fn user_id(&self) -> ID {
        id(self.0.user_id)
    }
    async fn role(&self) -> OpportunityTeamRole {
        self.0.role.into()
    }
    async fn duties(&self) -> Option<&str> {
        self.0.duties.as_deref()
    }
    async fn added_at(&self) -> DateTime<Utc> {
        self.0.added_at
    }
}

/// One stage of the pipeline summary.
#[derive(SimpleObject)]
pub struct PipelineStage {
    pub stage: OpportunityStage,
    /// Opportunities now in the stage.
    pub count: i64,
    pub amount: Decimal,
    /// Σ amount × effective probability / 100, exact.
    pub weighted_amount: Decimal,
}

impl TryFrom<StageSummary> for PipelineStage {
    type Error = crate::error::ApiError;
    fn try_from(s: StageSummary) -> ApiResult<Self> {
        Ok(Self {
            stage: parse::<stages::Stage>(&s.stage)?.into(),
            count: s.count,
            amount: Decimal(s.amount),
            weighted_amount: Decimal(s.weighted),
        })
    }
}

/// Conversion between consecutive stages: of those that reached `fromStage`,
/// how many went on to reach `toStage`.
#[derive(SimpleObject)]
pub struct StageConversion {
    pub from_stage: OpportunityStage,
    pub to_stage: OpportunityStage,
    pub reached: i64,
    pub advanced: i64,
    /// advanced / reached, 4 places; null when none reached `fromStage`.
    pub rate: Option<Decimal>,
}

impl TryFrom<Conversion> for StageConversion {
    type Error = crate::error::ApiError;
    fn try_from(c: Conversion) -> ApiResult<Self> {
        Ok(Self {
            rate: c.rate().map(Decimal),
            from_stage: parse::<stages::Stage>(&c.from_stage)?.into(),
            to_stage: parse::<stages::Stage>(&c.to_stage)?.into(),
            reached: c.reached,
            advanced: c.advanced,
        })
    }
}

/// The pipeline summary (PIP-8).
#[derive(SimpleObject)]
pub struct PipelineSummary {
    /// Every stage in order, `LOST` last, zero rows included.
    pub stages: Vec<PipelineStage>,
    /// EVALUATION→INITIATION … CONTRACT→WON.
    pub conversions: Vec<StageConversion>,
}

/// One group of the forecast; the key matching `groupBy` is set.
pub struct ForecastEntry(pub ForecastRow);

#[Object]
impl ForecastEntry {
    /// First day of the expected close month (groupBy MONTH).
    async fn month(&self) -> Option<Date> {
        self.0.month.map(Date)
    }
    /// groupBy OWNER.
    async fn owner(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.owner_id).await
    }
    /// groupBy UNIT.
    async fn unit(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnitNode>> {
        let Some(u) = self.0.unit_id else {
            return Ok(None);
        };
        Ok(org_loaders(ctx).units.load_one(u).await?.map(OrgUnitNode))
    }
    async fn count(&self) -> i64 {
        self.0.count
    }
    async fn amount(&self) -> Decimal {
        Decimal(self.0.amount)
    }
    async fn weighted_amount(&self) -> Decimal {
        Decimal(self.0.weighted)
    }
}

/// Parses an optional ID argument.
pub fn opt_uuid(field: &str, v: &Option<ID>) -> ApiResult<Option<Uuid>> {
    v.as_ref()
        .map(|i| crate::schema::common::uuid(field, i))
        .transpose()
}

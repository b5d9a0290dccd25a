//! GraphQL types of the project artefacts: PIP-3 evaluations, PIP-4
//! initiation applications with their proposed team, PIP-5 requirements
//! reports.

use async_graphql::{Context, Enum, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use salesd_domain::pipeline::opportunities::TeamRole;
use salesd_domain::pipeline::project::{
    self as store, Evaluation, InitiationApplication, ProposedMember, RequirementsReport,
};

use crate::error::ApiResult;
use crate::scalars::Decimal;
use crate::schema::common::id;
use crate::schema::common::parse;
use crate::schema::org::types::{PersonNode, person};
use crate::schema::pipeline::opportunities::types::OpportunityTeamRole;

/// PIP-3: pursue the opportunity or not.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::pipeline::project::EvaluationDecision")]
pub enum EvaluationDecision {
    Go,
    /// Advice to mark the opportunity LOST; the stage does not move by itself.
    NoGo,
}

/// PIP-4: SUBMITTED is open; APPROVED opens the INITIATION gate; RETURNED
/// ends the application (submit a new one).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::pipeline::project::InitiationStatus")]
pub enum InitiationStatus {
    Submitted,
    Approved,
    Returned,
}

/// PIP-5: how the requirements were gathered.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::pipeline::project::GatheredBy")]
pub enum GatheredBy {
    SiteVisit,
    Survey,
    Meeting,
    Other,
}

/// A new PIP-3 evaluation.
#[derive(InputObject)]
pub struct RecordEvaluationInput {
    pub opportunity_id: ID,
    /// 1 to 5000 characters.
    pub background: String,
    /// 1 to 5000 characters.
    pub needs: String,
    /// The customer's budget: at least 0, two decimal places.
    pub budget: Option<Decimal>,
    /// At most 5000 characters.
    pub competition: Option<String>,
    /// The expected sales cycle in words; at most 500 characters.
    pub cycle: Option<String>,
    pub decision: EvaluationDecision,
}

/// One proposed member of the project team.
#[derive(InputObject)]
pub struct ProposedMemberInput {
    /// An active user.
    pub user_id: ID,
    pub role: OpportunityTeamRole,
    /// At most 1000 characters.
    pub duties: Option<String>,
}

/// A PIP-4 initiation application.
#[derive(InputObject)]
pub struct SubmitInitiationInput {
    pub opportunity_id: ID,
    /// 1 to 5000 characters each.
    pub basic_facts: String,
    pub sales_strategy: String,
    pub expected_goals: String,
    /// Up to 50 distinct users; created as the project team on approval.
    #[graphql(default)]
    pub team: Vec<ProposedMemberInput>,
}

/// A new PIP-5 requirements report.
#[derive(InputObject)]
pub struct RecordRequirementsReportInput {
    pub opportunity_id: ID,
    /// 1 to 10000 characters.
    pub functional_needs: String,
    /// At most 5000 characters.
    pub quality_standards: Option<String>,
    /// When the customer needs delivery, in words or a date; at most 500.
    pub delivery_time: Option<String>,
    /// At most 5000 characters.
    pub service_needs: Option<String>,
    pub gathered_by: GatheredBy,
}

/// A report's new fields, all replaced, at `version`.
#[derive(InputObject)]
pub struct UpdateRequirementsReportInput {
    pub id: ID,
    pub version: i32,
    pub functional_needs: String,
    pub quality_standards: Option<String>,
    pub delivery_time: Option<String>,
    pub service_needs: Option<String>,
    pub gathered_by: GatheredBy,
}

/// A PIP-3 feasibility evaluation; visible with its opportunity.
pub struct EvaluationNode(pub Evaluation);

#[Object(name = "OpportunityEvaluation")]
impl EvaluationNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn opportunity_id(&self) -> ID {
        id(self.0.opportunity_id)
    }
    async fn background(&self) -> &str {
        &self.0.background
    }
    async fn needs(&self) -> &str {
        &self.0.needs
    }
    async fn budget(&self) -> Option<Decimal> {
        self.0.budget.map(Decimal)
    }
    async fn competition(&self) -> Option<&str> {
        self.0.competition.as_deref()
    }
    async fn cycle(&self) -> Option<&str> {
        self.0.cycle.as_deref()
    }
    async fn decision(&self) -> EvaluationDecision {
        self.0.decision.into()
    }
    /// True for NO_GO: the owner should mark the opportunity LOST.
    async fn suggests_lost(&self) -> bool {
        self.0.suggests_lost()
    }
    async fn decided_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.decided_by)).await
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A proposed member of an application's team.
pub struct ProposedMemberNode(pub ProposedMember);

#[Object(name = "ProposedTeamMember")]
impl ProposedMemberNode {
    async fn user_id(&self) -> ID {
        id(self.0.user_id)
    }
    async fn user(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.user_id)).await
    }
    async fn role(&self) -> OpportunityTeamRole {
        self.0.role.into()
    }
    async fn duties(&self) -> Option<&str> {
        self.0.duties.as_deref()
    }
}

/// A PIP-4 initiation application (《项目立项申请表》); visible with its
/// opportunity.
pub struct InitiationNode(pub InitiationApplication);

#[Object(name = "InitiationApplication")]
impl InitiationNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn opportunity_id(&self) -> ID {
        id(self.0.opportunity_id)
    }
    async fn status(&self) -> InitiationStatus {
        self.0.status.into()
    }
    async fn basic_facts(&self) -> Option<&str> {
        self.0.basic_facts.as_deref()
    }
    async fn sales_strategy(&self) -> Option<&str> {
        self.0.sales_strategy.as_deref()
    }
    async fn expected_goals(&self) -> Option<&str> {
        self.0.expected_goals.as_deref()
    }
    /// The team the approval creates.
    async fn proposed_team(&self) -> Vec<ProposedMemberNode> {
        self.0
            .proposed_team
            .0
            .iter()
            .cloned()
            .map(ProposedMemberNode)
            .collect()
    }
    /// The roles of the proposed team alone (PIP-4 also counts current
    /// members at approval).
    async fn proposed_roles(&self) -> Vec<OpportunityTeamRole> {
        let mut roles: Vec<TeamRole> = self.0.proposed_team.0.iter().map(|m| m.role).collect();
        roles.sort();
        roles.dedup();
        roles.into_iter().map(Into::into).collect()
    }
    async fn submitted_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.submitted_by).await
    }
    async fn decided_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.decided_by).await
    }
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    async fn return_reason(&self) -> Option<&str> {
        self.0.return_reason.as_deref()
    }
    /// For `approveInitiation` / `returnInitiation`.
    async fn version(&self) -> i32 {
        self.0.row_version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> Option<DateTime<Utc>> {
        self.0.updated_at
    }
}

/// A PIP-5 requirements report; visible with its opportunity.
pub struct RequirementsReportNode(pub RequirementsReport);

#[Object(name = "RequirementsReport")]
impl RequirementsReportNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn opportunity_id(&self) -> ID {
        id(self.0.opportunity_id)
    }
    async fn functional_needs(&self) -> Option<&str> {
        self.0.functional_needs.as_deref()
    }
    async fn quality_standards(&self) -> Option<&str> {
        self.0.quality_standards.as_deref()
    }
    async fn delivery_time(&self) -> Option<&str> {
        self.0.delivery_time.as_deref()
    }
    async fn service_needs(&self) -> Option<&str> {
        self.0.service_needs.as_deref()
    }
    async fn gathered_by(&self) -> ApiResult<Option<GatheredBy>> {
        self.0
            .gathered_by
            .as_deref()
            .map(|g| parse::<store::GatheredBy>(g).map(Into::into))
            .transpose()
    }
    async fn created_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.created_by).await
    }
    /// For `updateRequirementsReport`.
    async fn version(&self) -> i32 {
        self.0.row_version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> Option<DateTime<Utc>> {
        self.0.updated_at
    }
}

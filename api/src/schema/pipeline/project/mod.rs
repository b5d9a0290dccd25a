//! The project artefacts over GraphQL: PIP-3 evaluations, PIP-4 initiation
//! applications (submit, approve — which checks the team rule and creates
//! the project team — and return), PIP-5 requirements reports. Each is
//! visible exactly when its opportunity is (ORG-3); see docs/pipeline.md.

pub mod types;

use async_graphql::{Context, ID, Object};
use salesd_domain::pipeline::project::{
    self as store, NewEvaluation, NewInitiation, ProposedMember, ReportFields,
};

use crate::context::{actor, domain_ctx, state};
use crate::error::{ApiError, ApiResult};
use crate::schema::common::uuid;
use crate::schema::pipeline::project::types::*;

#[derive(Default)]
pub struct ProjectQuery;

#[Object]
impl ProjectQuery {
    /// PIP-3: the evaluations of an opportunity the caller can see, newest
    /// first (the first is current); NOT_FOUND otherwise.
    async fn evaluations(
        &self,
        ctx: &Context<'_>,
        opportunity_id: ID,
    ) -> ApiResult<Vec<EvaluationNode>> {
        let id = uuid("opportunityId", &opportunity_id)?;
        let rows = store::evaluations(&state(ctx).pool, actor(ctx)?, id).await?;
        Ok(rows.into_iter().map(EvaluationNode).collect())
    }

    /// PIP-4: the initiation applications of an opportunity the caller can
    /// see, newest first; NOT_FOUND otherwise.
    async fn initiations(
        &self,
        ctx: &Context<'_>,
        opportunity_id: ID,
    ) -> ApiResult<Vec<InitiationNode>> {
        let id = uuid("opportunityId", &opportunity_id)?;
        let rows = store::initiations(&state(ctx).pool, actor(ctx)?, id).await?;
        Ok(rows.into_iter().map(InitiationNode).collect())
    }

    /// One initiation application; NOT_FOUND unless its opportunity is visible.
    async fn initiation(&self, ctx: &Context<'_>, id: ID) -> ApiResult<InitiationNode> {
        let id = uuid("id", &id)?;
        store::get_initiation(&state(ctx).pool, actor(ctx)?, id)
            .await?
            .map(InitiationNode)
            .ok_or_else(ApiError::not_found)
    }

    /// PIP-4: the applications waiting for the caller's decision (not their
    /// own), oldest first, at most 200.
    async fn pending_initiations(&self, ctx: &Context<'_>) -> ApiResult<Vec<InitiationNode>> {
        let rows = store::pending_initiations(&state(ctx).pool, actor(ctx)?).await?;
        Ok(rows.into_iter().map(InitiationNode).collect())
    }

    /// PIP-5: the requirements reports of an opportunity the caller can
    /// see, newest first; NOT_FOUND otherwise.
    async fn requirements_reports(
        &self,
        ctx: &Context<'_>,
        opportunity_id: ID,
    ) -> ApiResult<Vec<RequirementsReportNode>> {
        let id = uuid("opportunityId", &opportunity_id)?;
        let rows = store::reports(&state(ctx).pool, actor(ctx)?, id).await?;
        Ok(rows.into_iter().map(RequirementsReportNode).collect())
    }

    /// One requirements report; NOT_FOUND unless its opportunity is visible.
    async fn requirements_report(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> ApiResult<RequirementsReportNode> {
        let id = uuid("id", &id)?;
        store::get_report(&state(ctx).pool, actor(ctx)?, id)
            .await?
            .map(RequirementsReportNode)
            .ok_or_else(ApiError::not_found)
    }
}

#[derive(Default)]
pub struct ProjectMutation;

#[Object]
impl ProjectMutation {
    /// PIP-3: records an evaluation of an open opportunity; the owner or a
    /// manager over its unit. NO_GO does not move the stage (mark it LOST).
    async fn record_evaluation(
        &self,
        ctx: &Context<'_>,
        input: RecordEvaluationInput,
    ) -> ApiResult<EvaluationNode> {
        let dctx = domain_ctx(ctx)?;
        let new = NewEvaluation {
            opportunity_id: uuid("opportunityId", &input.opportunity_id)?,
            background: input.background,
            needs: input.needs,
            budget: input.budget.map(|d| d.0),
            competition: input.competition,
            cycle: input.cycle,
            decision: input.decision.into(),
        };
        let e = store::record_evaluation(&state(ctx).pool, &dctx, &new).await?;
        Ok(EvaluationNode(e))
    }

    /// PIP-4: submits an initiation application with the proposed team;
    /// the owner or a manager over the unit. CONFLICT while another is
    /// SUBMITTED or one is APPROVED.
    async fn submit_initiation(
        &self,
        ctx: &Context<'_>,
        input: SubmitInitiationInput,
    ) -> ApiResult<InitiationNode> {
        let dctx = domain_ctx(ctx)?;
        let team = input
            .team
            .into_iter()
            .map(|m| {
                Ok(ProposedMember {
                    user_id: uuid("team", &m.user_id)?,
                    role: m.role.into(),
                    duties: m.duties,
                })
            })
            .collect::<ApiResult<Vec<_>>>()?;
        let new = NewInitiation {
            opportunity_id: uuid("opportunityId", &input.opportunity_id)?,
            basic_facts: input.basic_facts,
            sales_strategy: input.sales_strategy,
            expected_goals: input.expected_goals,
            team,
        };
        let a = store::submit_initiation(&state(ctx).pool, &dctx, &new).await?;
        Ok(InitiationNode(a))
    }

    /// PIP-4: approves a SUBMITTED application (the sales manager over the
    /// opportunity's unit, the sales director or the general manager; never
    /// the submitter). A project of ≥ 1 000 000 or complex needs a leader, a
    /// sales manager, a rep and a technical lead (VALIDATION on `team`
    /// naming the missing roles). Creates the project team.
    async fn approve_initiation(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
    ) -> ApiResult<InitiationNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let a = store::approve_initiation(&state(ctx).pool, &dctx, id, version).await?;
        Ok(InitiationNode(a))
    }

    /// PIP-4: returns a SUBMITTED application with a reason (1 to 2000
    /// characters); the same deciders as approval. Submit a new one after.
    async fn return_initiation(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
        version: i32,
    ) -> ApiResult<InitiationNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let a = store::return_initiation(&state(ctx).pool, &dctx, id, &reason, version).await?;
        Ok(InitiationNode(a))
    }

    /// PIP-5: records a requirements report (opens the PROPOSAL gate); the
    /// owner, a manager over the unit or a project team member.
    async fn record_requirements_report(
        &self,
        ctx: &Context<'_>,
        input: RecordRequirementsReportInput,
    ) -> ApiResult<RequirementsReportNode> {
        let dctx = domain_ctx(ctx)?;
        let opportunity = uuid("opportunityId", &input.opportunity_id)?;
        let fields = ReportFields {
            functional_needs: input.functional_needs,
            quality_standards: input.quality_standards,
            delivery_time: input.delivery_time,
            service_needs: input.service_needs,
            gathered_by: input.gathered_by.into(),
        };
        let r = store::record_report(&state(ctx).pool, &dctx, opportunity, &fields).await?;
        Ok(RequirementsReportNode(r))
    }

    /// PIP-5: replaces a report's fields at `version`; the same writers.
    async fn update_requirements_report(
        &self,
        ctx: &Context<'_>,
        input: UpdateRequirementsReportInput,
    ) -> ApiResult<RequirementsReportNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &input.id)?;
        let fields = ReportFields {
            functional_needs: input.functional_needs,
            quality_standards: input.quality_standards,
            delivery_time: input.delivery_time,
            service_needs: input.service_needs,
            gathered_by: input.gathered_by.into(),
        };
        let r = store::update_report(&state(ctx).pool, &dctx, id, input.version, &fields).await?;
        Ok(RequirementsReportNode(r))
    }
}

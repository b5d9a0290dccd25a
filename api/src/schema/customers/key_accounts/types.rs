//! GraphQL types of KA-1..4 key accounts.

use async_graphql::{Context, Enum, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use salesd_domain::customers::key_accounts::{self as ka, KaApplication, KaEvaluation, KaPlan};
use salesd_domain::customers::model;

use crate::error::ApiResult;
use crate::scalars::Decimal;
use crate::schema::common::id;
use crate::schema::customers::enums::KaClass;
use crate::schema::org::types::{PersonNode, person};

/// KA-2 admission states.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::customers::key_accounts::KaApplicationStatus")]
pub enum KeyAccountApplicationStatus {
    PendingPrereview,
    PendingApproval,
    Approved,
    Rejected,
}

/// KA-3 plan states.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::customers::key_accounts::KaPlanStatus")]
pub enum KeyAccountPlanStatus {
    Submitted,
    Reviewed,
    Approved,
    Returned,
}

/// KA-4 level: CORE ≥ 80, STABLE ≥ 60, WATCH ≥ 40, else AT_RISK.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::customers::key_accounts::RelationshipLevel")]
pub enum RelationshipLevel {
    Core,
    Stable,
    Watch,
    AtRisk,
}

fn class(s: &str) -> KaClass {
    s.parse::<model::KaClass>()
        .unwrap_or(model::KaClass::General)
        .into()
}

/// A key-account admission application (KA-1, KA-2).
pub struct KaApplicationNode(pub KaApplication);

#[Object(name = "KeyAccountApplication")]
impl KaApplicationNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn customer_id(&self) -> ID {
        id(self.0.customer_id)
    }
    async fn applicant(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.applicant_id)).await
    }
    async fn cooperation_intent(&self) -> &str {
        &self.0.cooperation_intent
    }
    async fn expected_annual_revenue(&self) -> Decimal {
        Decimal(self.0.expected_annual_revenue)
    }
    async fn requested_class(&self) -> KaClass {
        class(&self.0.requested_class)
    }
    /// Good credit, no major legal disputes.
    async fn good_credit(&self) -> bool {
        self.0.good_credit
    }
    /// Clear needs and purchasing power.
    async fn clear_needs(&self) -> bool {
        self.0.clear_needs
    }
    async fn agrees_with_offering(&self) -> bool {
        self.0.agrees_with_offering
    }
    async fn fits_strategy(&self) -> bool {
        self.0.fits_strategy
    }
    async fn status(&self) -> KeyAccountApplicationStatus {
        self.0.status.into()
    }
    async fn prereviewed_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.prereviewed_by).await
    }
    async fn prereviewed_at(&self) -> Option<DateTime<Utc>> {
        self.0.prereviewed_at
    }
    async fn decided_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.decided_by).await
    }
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    /// Why it was rejected, at either step.
    async fn rejection_reason(&self) -> Option<&str> {
        self.0.rejection_reason.as_deref()
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// An annual key-account plan (KA-3).
pub struct KaPlanNode(pub KaPlan);

#[Object(name = "KeyAccountPlan")]
impl KaPlanNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn customer_id(&self) -> ID {
        id(self.0.customer_id)
    }
    async fn year(&self) -> i32 {
        self.0.year
    }
    async fn target_revenue(&self) -> Decimal {
        Decimal(self.0.target_revenue)
    }
    async fn strategy(&self) -> &str {
        &self.0.strategy
    }
    async fn actions(&self) -> &str {
        &self.0.actions
    }
    async fn status(&self) -> KeyAccountPlanStatus {
        self.0.status.into()
    }
    async fn submitted_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.submitted_by)).await
    }
    async fn reviewed_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.reviewed_by).await
    }
    async fn approved_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.approved_by).await
    }
    /// Why it was returned (RETURNED only).
    async fn return_reason(&self) -> Option<&str> {
        self.0.return_reason.as_deref()
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A quarterly relationship evaluation (KA-4).
pub struct KaEvaluationNode(pub KaEvaluation);

#[Object(name = "KeyAccountEvaluation")]
impl KaEvaluationNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn customer_id(&self) -> ID {
        id(self.0.customer_id)
    }
    async fn year(&self) -> i32 {
        self.0.year
    }
    async fn quarter(&self) -> i32 {
        self.0.quarter.into()
    }
    async fn satisfaction(&self) -> i32 {
        self.0.satisfaction.into()
    }
    async fn loyalty(&self) -> i32 {
        self.0.loyalty.into()
    }
    async fn progress(&self) -> i32 {
        self.0.progress.into()
    }
    async fn revenue(&self) -> i32 {
        self.0.revenue.into()
    }
    /// 0..100: weights satisfaction 30%, loyalty 25%, progress 20%, revenue
    /// 25%; (weighted average − 1) / 4 × 100.
    async fn score(&self) -> Decimal {
        Decimal(self.0.score)
    }
    async fn level(&self) -> RelationshipLevel {
        self.0
            .level
            .parse::<ka::RelationshipLevel>()
            .unwrap_or(ka::RelationshipLevel::AtRisk)
            .into()
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn evaluated_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.evaluated_by)).await
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(InputObject)]
pub struct ApplyForKeyAccountInput {
    pub customer_id: ID,
    /// 1..5000 characters.
    pub cooperation_intent: String,
    /// At least the threshold (setting `ka_revenue_threshold`, default 500000).
    pub expected_annual_revenue: Decimal,
    pub requested_class: KaClass,
    /// Good credit and no major legal disputes.
    pub good_credit: bool,
    /// Clear needs and purchasing power.
    pub clear_needs: bool,
    pub agrees_with_offering: bool,
    pub fits_strategy: bool,
}

#[derive(InputObject)]
pub struct SubmitKeyAccountPlanInput {
    pub customer_id: ID,
    pub year: i32,
    pub target_revenue: Decimal,
    pub strategy: String,
    pub actions: String,
}

#[derive(InputObject)]
pub struct ResubmitKeyAccountPlanInput {
    pub id: ID,
    pub version: i32,
    pub target_revenue: Decimal,
    pub strategy: String,
    pub actions: String,
}

#[derive(InputObject)]
pub struct EvaluateKeyAccountInput {
    pub customer_id: ID,
    pub year: i32,
    /// 1..4
    pub quarter: i32,
    /// Each 1..5.
    pub satisfaction: i32,
    pub loyalty: i32,
    pub progress: i32,
    pub revenue: i32,
    pub note: Option<String>,
}

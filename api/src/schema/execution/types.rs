//! GraphQL types of CON-6 milestones, CON-7 acceptances and CON-9
//! after-sales requests.

use async_graphql::{Context, Enum, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use salesd_domain::clock::company_date;
use salesd_domain::execution::{self as ex, Acceptance, AfterSalesView, Milestone};

use crate::schema::org::types::{PersonNode, person};

use crate::context::state;
use crate::error::ApiResult;
use crate::scalars::Date;
use crate::schema::common::id;

/// CON-7: the outcome of an acceptance.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::execution::AcceptanceResult")]
pub enum AcceptanceResult {
    Passed,
    Failed,
}

/// CON-9 priority; each has its response time (setting `after_sales_response_hours`).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::execution::Priority")]
pub enum AfterSalesPriority {
    Urgent,
    High,
    Normal,
    Low,
}

/// CON-9: OPEN → IN_PROGRESS → RESOLVED → CLOSED (RESOLVED → IN_PROGRESS on reopen).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::execution::AfterSalesStatus")]
pub enum AfterSalesStatus {
    Open,
    InProgress,
    Resolved,
    Closed,
}

/// CON-9: remotely or on site.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::execution::Handling")]
pub enum AfterSalesHandling {
    Remote,
    OnSite,
}

#[derive(InputObject)]
pub struct AddMilestoneInput {
    pub contract_id: ID,
    /// 1..200 characters.
    pub name: String,
    /// Within ten years of today.
    pub planned_date: Date,
    /// Up to 2000 characters.
    pub note: Option<String>,
}

/// Absent fields stay as they are.
#[derive(InputObject)]
pub struct UpdateMilestoneInput {
    pub name: Option<String>,
    pub planned_date: Option<Date>,
    /// 0..100; a done milestone stays at 100.
    pub percent_done: Option<i32>,
    /// Not in the future; marks the milestone done (100 %).
    pub actual_date: Option<Date>,
    /// Blank clears it.
    pub note: Option<String>,
}

#[derive(InputObject)]
pub struct RecordAcceptanceInput {
    pub contract_id: ID,
    /// Not in the future, not before the signing date.
    pub accepted_on: Date,
    pub result: AcceptanceResult,
    /// 1..10000 characters.
    pub report: String,
    /// Required when FAILED; up to 10000 characters.
    pub issues: Option<String>,
}

#[derive(InputObject)]
pub struct CreateAfterSalesInput {
    pub customer_id: ID,
    /// A signed contract of the same customer.
    pub contract_id: Option<ID>,
    /// 1..200 characters.
    pub subject: String,
    /// 1..10000 characters.
    pub description: String,
    pub priority: AfterSalesPriority,
}

#[derive(InputObject, Default)]
pub struct AfterSalesFilter {
    pub customer_id: Option<ID>,
    pub contract_id: Option<ID>,
    pub status: Option<AfterSalesStatus>,
    /// Not responded to and past `respondBy` now (true), or not (false).
    pub overdue: Option<bool>,
}

/// A project milestone of a contract (CON-6).
pub struct MilestoneNode(pub Milestone);

#[Object(name = "Milestone")]
impl MilestoneNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn contract_id(&self) -> ID {
        id(self.0.contract_id)
    }
    /// 1, 2, … in plan order.
    async fn position(&self) -> i32 {
        self.0.position
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn planned_date(&self) -> Date {
        Date(self.0.planned_date)
    }
    /// Set when the milestone is done.
    async fn actual_date(&self) -> Option<Date> {
        self.0.actual_date.map(Date)
    }
    async fn percent_done(&self) -> i32 {
        i32::from(self.0.percent_done)
    }
    async fn done(&self) -> bool {
        self.0.actual_date.is_some()
    }
    /// Days past the planned date while not done (0 otherwise; company day).
    async fn overdue_days(&self, ctx: &Context<'_>) -> i64 {
        self.0.overdue_days(company_date(state(ctx).clock.now()))
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// An acceptance of a contract (CON-7).
pub struct AcceptanceNode(pub Acceptance);

#[Object(name = "Acceptance")]
impl AcceptanceNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn contract_id(&self) -> ID {
        id(self.0.contract_id)
    }
    async fn accepted_on(&self) -> Date {
        Date(self.0.accepted_on)
    }
    async fn result(&self) -> AcceptanceResult {
        self.0
            .result
            .parse::<ex::AcceptanceResult>()
            .unwrap_or(ex::AcceptanceResult::Failed)
            .into()
    }
    async fn report(&self) -> &str {
        &self.0.report
    }
    async fn issues(&self) -> Option<&str> {
        self.0.issues.as_deref()
    }
    async fn recorded_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.recorded_by)).await
    }
    async fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at
    }
}

/// An after-sales request (CON-9), visible to customer service, the owner
/// and their supervisor/manager, and the top (ORG-3).
pub struct AfterSalesNode(pub AfterSalesView);

impl AfterSalesNode {
    fn r(&self) -> &ex::AfterSalesRequest {
        &self.0.request
    }
}

#[Object(name = "AfterSalesRequest")]
impl AfterSalesNode {
    async fn id(&self) -> ID {
        id(self.r().id)
    }
    async fn customer_id(&self) -> ID {
        id(self.r().customer_id)
    }
    async fn customer_name(&self) -> &str {
        &self.0.customer_name
    }
    async fn contract_id(&self) -> Option<ID> {
        self.r().contract_id.map(id)
    }
    async fn contract_number(&self) -> Option<&str> {
        self.0.contract_number.as_deref()
    }
    /// The customer's owner when created (the creator for a pool customer).
    async fn owner(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.r().owner_id)).await
    }
    async fn subject(&self) -> &str {
        &self.r().subject
    }
    async fn description(&self) -> &str {
        &self.r().description
    }
    async fn priority(&self) -> AfterSalesPriority {
        self.r()
            .priority
            .parse::<ex::Priority>()
            .unwrap_or(ex::Priority::Normal)
            .into()
    }
    async fn status(&self) -> AfterSalesStatus {
        self.r().status.into()
    }
    /// createdAt plus the priority's response hours, fixed at creation.
    async fn respond_by(&self) -> DateTime<Utc> {
        self.r().respond_by
    }
    async fn responded_at(&self) -> Option<DateTime<Utc>> {
        self.r().responded_at
    }
    /// Not responded to and past `respondBy` now.
    async fn response_overdue(&self, ctx: &Context<'_>) -> bool {
        self.r().response_overdue(state(ctx).clock.now())
    }
    /// Responded to after `respondBy`.
    async fn responded_late(&self) -> bool {
        self.r()
            .responded_at
            .is_some_and(|at| at > self.r().respond_by)
    }
    async fn handling(&self) -> Option<AfterSalesHandling> {
        self.r()
            .handling
            .as_deref()
            .and_then(|h| h.parse::<ex::Handling>().ok())
            .map(Into::into)
    }
    async fn assignee(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.r().assignee_id).await
    }
    async fn resolution(&self) -> Option<&str> {
        self.r().resolution.as_deref()
    }
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.r().resolved_at
    }
    /// The customer's contact person who confirmed the resolution (to close).
    async fn confirmed_by_customer(&self) -> Option<&str> {
        self.r().confirmed_by_customer.as_deref()
    }
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.r().closed_at
    }
    /// How often the customer did not confirm a resolution.
    async fn reopened_count(&self) -> i32 {
        self.r().reopened_count
    }
    async fn reopen_reason(&self) -> Option<&str> {
        self.r().reopen_reason.as_deref()
    }
    async fn created_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.r().created_by)).await
    }
    /// Pass it back to change the request; a stale one is refused (CONFLICT).
    async fn version(&self) -> i32 {
        self.r().version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.r().created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.r().updated_at
    }
}

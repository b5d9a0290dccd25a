//! GraphQL object types of CUS-5..8: interactions, follow-ups, revisits,
//! care events, satisfaction.

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use salesd_domain::customers::care::{CareEvent, CareKind};
use salesd_domain::customers::followups::FollowUp;
use salesd_domain::customers::interactions::Interaction;
use salesd_domain::customers::revisit_store::RevisitStatus;
use salesd_domain::customers::satisfaction::Survey;

use crate::schema::customers::loaders::customer_node;
use crate::schema::customers::types::CustomerNode;
use crate::schema::org::types::{PersonNode, person};

use crate::error::ApiResult;
use crate::scalars::{Date, Decimal};
use crate::schema::common::id;

/// CUS-5 kinds of interaction.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::customers::interactions::InteractionKind")]
pub enum InteractionKind {
    Visit,
    Phone,
    Email,
    Meeting,
    Demo,
    Seminar,
    Other,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::customers::followups::FollowUpStatus")]
pub enum FollowUpStatus {
    Open,
    Done,
    Cancelled,
}

/// A logged interaction with a customer (CUS-5).
pub struct InteractionNode(pub Interaction);

#[Object(name = "Interaction")]
impl InteractionNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn customer_id(&self) -> ID {
        id(self.0.customer_id)
    }
    async fn kind(&self) -> Option<InteractionKind> {
        Some(self.0.kind.into())
    }
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.occurred_at
    }
    async fn participants(&self) -> &[String] {
        &self.0.participants
    }
    async fn contact_ids(&self) -> Vec<ID> {
        self.0.contact_ids.iter().map(|u| id(*u)).collect()
    }
    async fn summary(&self) -> &str {
        &self.0.summary
    }
    async fn feedback(&self) -> Option<&str> {
        self.0.feedback.as_deref()
    }
    async fn next_step(&self) -> Option<&str> {
        self.0.next_step.as_deref()
    }
    async fn created_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.created_by)).await
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A follow-up task (AUTO-1): the worker reminds the assignee.
pub struct FollowUpNode(pub FollowUp);

#[Object(name = "FollowUp")]
impl FollowUpNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn customer_id(&self) -> ID {
        id(self.0.customer_id)
    }
    /// Null when the caller may see the task (as its assignee) but no
    /// longer the customer (it changed owner).
    async fn customer(&self, ctx: &Context<'_>) -> ApiResult<Option<CustomerNode>> {
        customer_node(ctx, self.0.customer_id).await
    }
    async fn interaction_id(&self) -> Option<ID> {
        self.0.interaction_id.map(id)
    }
    async fn assignee(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.assignee_id)).await
    }
    async fn due_date(&self) -> Date {
        Date(self.0.due_date)
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn status(&self) -> Option<FollowUpStatus> {
        Some(self.0.status.into())
    }
    async fn completed_at(&self) -> Option<DateTime<Utc>> {
        self.0.completed_at
    }
    async fn completed_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.completed_by).await
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(SimpleObject)]
pub struct LogInteractionPayload {
    pub interaction: InteractionNode,
    /// The task created for `nextFollowUpDate`, if one was given.
    pub follow_up: Option<FollowUpNode>,
}

/// Where a customer stands with the revisit policy (CUS-6).
pub struct RevisitStatusNode(pub RevisitStatus);

#[Object(name = "RevisitStatus")]
impl RevisitStatusNode {
    async fn customer_id(&self) -> ID {
        id(self.0.customer_id)
    }
    async fn customer_name(&self) -> &str {
        &self.0.name
    }
    async fn owner(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.owner_id).await
    }
    /// The last interaction that counts as a revisit for this customer's grade.
    async fn last_qualifying_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_qualifying_at
    }
    async fn interval_days(&self) -> i64 {
        self.0.interval_days
    }
    async fn next_due(&self) -> Date {
        Date(self.0.next_due)
    }
    /// Days past `nextDue` (0 when not yet due).
    async fn days_overdue(&self) -> i64 {
        self.0.days_overdue
    }
}

/// CUS-6 compliance: revisits due in the period and those done by their due date.
#[derive(SimpleObject)]
pub struct RevisitCompliance {
    pub due: i64,
    pub done_on_time: i64,
    /// done / due (4 places); null when nothing was due.
    pub ratio: Option<Decimal>,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum CareEventKind {
    Birthday,
    Holiday,
}

#[derive(SimpleObject)]
pub struct CareEventContact {
    pub id: ID,
    pub name: String,
    pub email: Option<String>,
    /// `zh-CN` or `en`.
    pub locale: String,
}

#[derive(SimpleObject)]
pub struct CareEventCustomer {
    pub id: ID,
    pub name: String,
}

/// A birthday or holiday greeting due to a key-account contact (CUS-7).
pub struct CareEventNode(pub CareEvent);

#[Object(name = "CareEvent")]
impl CareEventNode {
    async fn kind(&self) -> CareEventKind {
        match self.0.kind {
            CareKind::Birthday => CareEventKind::Birthday,
            CareKind::Holiday => CareEventKind::Holiday,
        }
    }
    async fn date(&self) -> Date {
        Date(self.0.date)
    }
    /// The holiday's name; null for a birthday.
    async fn holiday_name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }
    async fn contact(&self) -> CareEventContact {
        let c = &self.0.contact;
        CareEventContact {
            id: id(c.contact_id),
            name: c.contact_name.clone(),
            email: c.email.clone(),
            locale: c.locale.clone(),
        }
    }
    async fn customer(&self) -> CareEventCustomer {
        let c = &self.0.contact;
        CareEventCustomer {
            id: id(c.customer_id),
            name: c.customer_name.clone(),
        }
    }
    async fn owner(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.contact.owner_id).await
    }
}

/// A satisfaction survey score (CUS-8).
pub struct SurveyNode(pub Survey);

#[Object(name = "SatisfactionSurvey")]
impl SurveyNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn customer_id(&self) -> ID {
        id(self.0.customer_id)
    }
    async fn score(&self) -> i32 {
        i32::from(self.0.score)
    }
    async fn surveyed_on(&self) -> Date {
        Date(self.0.surveyed_on)
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn created_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.created_by)).await
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A customer's satisfaction (CUS-8).
#[derive(SimpleObject)]
pub struct CustomerSatisfaction {
    /// 2 places; null without surveys.
    pub average: Option<Decimal>,
    pub count: i64,
    pub latest: Option<SurveyNode>,
}

/// The average over a unit subtree's customers in a period (CUS-8).
#[derive(SimpleObject)]
pub struct SatisfactionSummary {
    pub average: Option<Decimal>,
    pub count: i64,
}

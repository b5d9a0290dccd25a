//! GraphQL types of CUS-9 complaints.

use crate::schema::org::loaders::org_loaders;
use async_graphql::{Context, Enum, ID, Object};
use chrono::{DateTime, Utc};
use salesd_domain::customers::complaints::{self, ComplaintView};
use uuid::Uuid;

use crate::context::state;
use crate::error::ApiResult;
use crate::schema::common::id;
use crate::schema::org::types::{OrgUnitNode, PersonNode, person};

/// How a complaint reached us.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::customers::complaints::Channel")]
pub enum ComplaintChannel {
    Hotline,
    Email,
    Visit,
    Other,
}

/// Severity; each has its deadline (setting `complaint_deadline_hours`).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::customers::complaints::Severity")]
pub enum ComplaintSeverity {
    High,
    Medium,
    Low,
}

/// CUS-9: RECEIVED → INVESTIGATING → RESOLVED → CLOSED.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::customers::complaints::ComplaintStatus")]
pub enum ComplaintStatus {
    Received,
    Investigating,
    Resolved,
    Closed,
}

/// A customer complaint (CUS-9), visible to customer service, the
/// customer's owner and their supervisor/manager, and the top (ORG-3).
pub struct ComplaintNode(pub ComplaintView);

impl ComplaintNode {
    fn c(&self) -> &complaints::Complaint {
        &self.0.complaint
    }
}

#[Object(name = "Complaint")]
impl ComplaintNode {
    async fn id(&self) -> ID {
        id(self.c().id)
    }
    async fn customer_id(&self) -> ID {
        id(self.c().customer_id)
    }
    async fn customer_name(&self) -> &str {
        &self.0.customer_name
    }
    /// The customer's owner (null for a pool customer).
    async fn owner(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.owner_id).await
    }
    async fn channel(&self) -> ComplaintChannel {
        self.c().channel.into()
    }
    async fn received_at(&self) -> DateTime<Utc> {
        self.c().received_at
    }
    async fn category(&self) -> &str {
        &self.c().category
    }
    async fn severity(&self) -> ComplaintSeverity {
        self.c().severity.into()
    }
    async fn description(&self) -> &str {
        &self.c().description
    }
    /// receivedAt plus the severity's hours, fixed when recorded.
    async fn deadline_at(&self) -> DateTime<Utc> {
        self.c().deadline_at
    }
    /// Open (RECEIVED or INVESTIGATING) and past `deadlineAt` now.
    async fn is_overdue(&self, ctx: &Context<'_>) -> bool {
        self.c().is_overdue(state(ctx).clock.now())
    }
    async fn responsible_unit(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnitNode>> {
        let Some(u) = self.c().responsible_unit_id else {
            return Ok(None);
        };
        Ok(org_loaders(ctx).units.load_one(u).await?.map(OrgUnitNode))
    }
    async fn status(&self) -> ComplaintStatus {
        self.c().status.into()
    }
    async fn cause(&self) -> Option<&str> {
        self.c().cause.as_deref()
    }
    async fn solution(&self) -> Option<&str> {
        self.c().solution.as_deref()
    }
    /// The reply to the customer (required to close).
    async fn reply(&self) -> Option<&str> {
        self.c().reply.as_deref()
    }
    /// The customer's satisfaction with the outcome, 1..5 (required to close).
    async fn outcome_satisfaction(&self) -> Option<i32> {
        self.c().outcome_satisfaction.map(i32::from)
    }
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.c().resolved_at
    }
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.c().closed_at
    }
    async fn created_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.c().created_by)).await
    }
    /// Who an overdue complaint escalates to: the head of the responsible
    /// unit and the owner's manager (ORG-5 direct head of the owner's direct
    /// head: for a rep, the regional sales manager), without duplicates.
    async fn escalate_to(&self, ctx: &Context<'_>) -> ApiResult<Vec<PersonNode>> {
        let l = org_loaders(ctx);
        let mut ids: Vec<Uuid> = Vec::new();
        if let Some(u) = self.c().responsible_unit_id
            && let Some(head) = l.units.load_one(u).await?.and_then(|u| u.head_user_id)
        {
            ids.push(head);
        }
        if let Some(owner) = self.0.owner_id
            && let Some(head) = l.direct_heads.load_one(owner).await?
            && let Some(manager) = l.direct_heads.load_one(head).await?
            && !ids.contains(&manager)
        {
            ids.push(manager);
        }
        let mut out = Vec::new();
        for i in ids {
            if let Some(p) = person(ctx, Some(i)).await? {
                out.push(p);
            }
        }
        Ok(out)
    }
    /// Pass it back to change the complaint; a stale one is refused (CONFLICT).
    async fn version(&self) -> i32 {
        self.c().version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.c().created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.c().updated_at
    }
}

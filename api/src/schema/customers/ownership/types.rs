//! GraphQL object types of CUS-3 disputes and the CUS-4 pool preview.

use crate::schema::customers::loaders::{customer_loaders, customer_node};
use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use salesd_domain::customers::disputes::{self, Dispute};
use salesd_domain::customers::pool::PoolCandidate;

use crate::schema::customers::types::{CustomerNode, DisputeStatus};

use crate::error::ApiResult;
use crate::scalars::{Date, Decimal};
use crate::schema::common::id;
use crate::schema::org::types::{PersonNode, person};

/// One share of the performance credit (CUS-3).
pub struct ShareNode(pub disputes::Share);

#[Object(name = "PerformanceShare")]
impl ShareNode {
    async fn user(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.user_id)).await
    }
    async fn share(&self) -> Decimal {
        Decimal(self.0.share)
    }
}

/// CUS-3 ownership dispute.
pub struct DisputeNode(pub Dispute);

#[Object(name = "OwnershipDispute")]
impl DisputeNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn customer_id(&self) -> ID {
        id(self.0.customer_id)
    }
    /// Null when the customer is outside the caller's scope.
    async fn customer(&self, ctx: &Context<'_>) -> ApiResult<Option<CustomerNode>> {
        customer_node(ctx, self.0.customer_id).await
    }
    async fn opened_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.opened_by)).await
    }
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    async fn status(&self) -> DisputeStatus {
        if self.0.status == "OPEN" {
            DisputeStatus::Open
        } else {
            DisputeStatus::Decided
        }
    }
    async fn decided_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.decided_by).await
    }
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    async fn owner(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.owner_id).await
    }
    async fn decision(&self) -> Option<&str> {
        self.0.decision.as_deref()
    }
    async fn shares(&self, ctx: &Context<'_>) -> ApiResult<Vec<ShareNode>> {
        let rows = customer_loaders(ctx)
            .dispute_shares
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(ShareNode).collect())
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// CUS-4: a customer that would return to the pool, or whose owner is due
/// the warning.
pub struct PoolReclaimItem(pub PoolCandidate);

#[Object]
impl PoolReclaimItem {
    async fn customer(&self, ctx: &Context<'_>) -> ApiResult<Option<CustomerNode>> {
        customer_node(ctx, self.0.id).await
    }
    async fn customer_id(&self) -> ID {
        id(self.0.id)
    }
    async fn customer_name(&self) -> &str {
        &self.0.name
    }
    async fn owner(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.owner_id).await
    }
    async fn days_since_last_interaction(&self) -> i64 {
        self.0.reason.map_or(0, |r| r.days_idle)
    }
    async fn threshold_days(&self) -> i64 {
        self.0.reason.map_or(0, |r| r.threshold)
    }
    async fn last_interaction_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_interaction_at
    }
}

#[derive(SimpleObject)]
pub struct PoolReclaimPreview {
    pub as_of: Date,
    /// Would return to the pool on `asOf`.
    pub returning: Vec<PoolReclaimItem>,
    /// Their owners are due the 7-day warning.
    pub warnings: Vec<PoolReclaimItem>,
}

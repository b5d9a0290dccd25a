//! CUS-3 ownership (claim, release, transfer, disputes) and the CUS-4
//! pool preview over GraphQL.

pub mod types;

use async_graphql::{Context, ID, Object};
use salesd_domain::customers::disputes::{self, Share};
use salesd_domain::customers::{ownership, pool};

use crate::context::{actor, domain_ctx, state};
use crate::error::ApiResult;
use crate::scalars::Date;
use crate::schema::common::uuid;
use crate::schema::customers::inputs::ShareInput;
use crate::schema::customers::ownership::types::*;
use crate::schema::customers::types::*;

#[derive(Default)]
pub struct OwnershipQuery;

#[Object]
impl OwnershipQuery {
    /// CUS-3 disputes the caller opened or whose customer is in their scope.
    async fn ownership_disputes(
        &self,
        ctx: &Context<'_>,
        status: Option<DisputeStatus>,
    ) -> ApiResult<Vec<DisputeNode>> {
        let status = status.map(|s| {
            if s == DisputeStatus::Open {
                "OPEN"
            } else {
                "DECIDED"
            }
        });
        let rows = disputes::list_disputes(&state(ctx).pool, actor(ctx)?, status).await?;
        Ok(rows.into_iter().map(DisputeNode).collect())
    }

    /// CUS-4: customers that would return to the pool on `asOf`, and owners
    /// due the 7-day warning, each list longest idle first and at most
    /// `limit` (1..2000) long. Managers see their units, directors all.
    async fn pool_reclaim_preview(
        &self,
        ctx: &Context<'_>,
        as_of: Date,
        #[graphql(default = 200)] limit: i32,
    ) -> ApiResult<PoolReclaimPreview> {
        let p =
            pool::pool_reclaim_preview(&state(ctx).pool, actor(ctx)?, as_of.0, i64::from(limit))
                .await?;
        Ok(PoolReclaimPreview {
            as_of,
            returning: p.returning.into_iter().map(PoolReclaimItem).collect(),
            warnings: p.warnings.into_iter().map(PoolReclaimItem).collect(),
        })
    }
}

#[derive(Default)]
pub struct OwnershipMutation;

#[Object]
impl OwnershipMutation {
    /// CUS-3: claim a pool customer; the first claim wins, others get CONFLICT.
    async fn claim_customer(&self, ctx: &Context<'_>, id: ID) -> ApiResult<CustomerNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(CustomerNode(
            ownership::claim_customer(&state(ctx).pool, &dctx, id).await?,
        ))
    }

    /// CUS-3/4: return a customer to the pool; its owner cannot claim it back for 30 days.
    async fn release_customer(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
    ) -> ApiResult<CustomerNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(CustomerNode(
            ownership::release_customer(&state(ctx).pool, &dctx, id, version).await?,
        ))
    }

    /// CUS-3: a manager gives the customer to another active user.
    async fn transfer_customer(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        to_user_id: ID,
    ) -> ApiResult<CustomerNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let to = uuid("toUserId", &to_user_id)?;
        Ok(CustomerNode(
            ownership::transfer_customer(&state(ctx).pool, &dctx, id, version, to).await?,
        ))
    }

    async fn open_ownership_dispute(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        reason: String,
    ) -> ApiResult<DisputeNode> {
        let dctx = domain_ctx(ctx)?;
        let customer = uuid("customerId", &customer_id)?;
        Ok(DisputeNode(
            disputes::open_dispute(&state(ctx).pool, &dctx, customer, &reason).await?,
        ))
    }

    /// CUS-3: the sales manager decides the owner and the performance shares (sum 100).
    async fn decide_ownership_dispute(
        &self,
        ctx: &Context<'_>,
        id: ID,
        owner_id: ID,
        shares: Vec<ShareInput>,
        decision: Option<String>,
    ) -> ApiResult<DisputeNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let owner = uuid("ownerId", &owner_id)?;
        let shares = shares
            .into_iter()
            .map(|s| {
                Ok(Share {
                    user_id: uuid("shares", &s.user_id)?,
                    share: s.share.0,
                })
            })
            .collect::<ApiResult<Vec<_>>>()?;
        Ok(DisputeNode(
            disputes::decide_dispute(&state(ctx).pool, &dctx, id, owner, shares, decision).await?,
        ))
    }
}

//! CON-3 orders, CON-4 expected dates and CON-5 shipments over GraphQL.
//! Reads and writes follow the contract scope of ORG-3 (docs/orders.md).

pub mod types;

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Object};
use salesd_domain::orders::{self as store, query, shipments};
use salesd_domain::org::Actor;

use crate::context::{actor, domain_ctx, state};
use crate::error::{ApiError, ApiResult};
use crate::scalars::Date;
use crate::schema::common::paging::{connection, page_complexity, page_request};
use crate::schema::common::uuid;
use crate::schema::orders::types::*;

/// The extra fields of an order connection.
pub struct OrderConnectionFields {
    actor: Actor,
    filter: query::OrderFilter,
}

#[Object]
impl OrderConnectionFields {
    /// How many orders match the filter (all pages), within scope.
    async fn total_count(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        Ok(query::count(&state(ctx).pool, &self.actor, &self.filter).await?)
    }
}

#[derive(Default)]
pub struct OrderQuery;

#[Object]
impl OrderQuery {
    /// An order; NOT_FOUND outside the caller's scope (ORG-3).
    async fn order(&self, ctx: &Context<'_>, id: ID) -> ApiResult<OrderNode> {
        let id = uuid("id", &id)?;
        query::get(&state(ctx).pool, actor(ctx)?, id)
            .await?
            .map(OrderNode)
            .ok_or_else(ApiError::not_found)
    }

    /// Orders within the caller's scope, newest first; per customer as
    /// delivered / undelivered with `filter.delivered` (CON-3).
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn orders(
        &self,
        ctx: &Context<'_>,
        filter: Option<OrderFilter>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, OrderNode, OrderConnectionFields>> {
        let actor = actor(ctx)?.clone();
        let req = page_request(first, after, last, before)?;
        let filter = filter.unwrap_or_default().into_domain()?;
        let page = query::list(&state(ctx).pool, &actor, &filter, &req).await?;
        Ok(connection(
            page,
            OrderNode,
            OrderConnectionFields { actor, filter },
        ))
    }

    /// A shipment; NOT_FOUND unless the caller can see its order.
    async fn shipment(&self, ctx: &Context<'_>, id: ID) -> ApiResult<ShipmentNode> {
        let id = uuid("id", &id)?;
        shipments::get(&state(ctx).pool, actor(ctx)?, id)
            .await?
            .map(ShipmentNode)
            .ok_or_else(ApiError::not_found)
    }
}

#[derive(Default)]
pub struct OrderMutation;

#[Object]
impl OrderMutation {
    /// CON-3: a new DRAFT order numbered DD-<year>-<seq>, for a customer in
    /// the caller's contract scope, optionally against a SIGNED or
    /// EXECUTING contract of that customer.
    async fn create_order(
        &self,
        ctx: &Context<'_>,
        input: CreateOrderInput,
    ) -> ApiResult<OrderNode> {
        let dctx = domain_ctx(ctx)?;
        let (customer, contract, fields) = input.into_domain()?;
        let (o, _) =
            store::create_order(&state(ctx).pool, &dctx, customer, contract, &fields).await?;
        Ok(OrderNode(o))
    }

    /// Replaces a DRAFT order's fields and lines at `version`.
    async fn update_order(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        input: UpdateOrderInput,
    ) -> ApiResult<OrderNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let fields = input.into_domain()?;
        let (o, _) = store::update_order(&state(ctx).pool, &dctx, id, version, &fields).await?;
        Ok(OrderNode(o))
    }

    /// CON-3: DRAFT → CONFIRMED (promised date required). Outside a
    /// contract the REC-8 credit check runs: an excess or a credit hold
    /// needs a SALES_DIRECTOR or GENERAL_MANAGER with
    /// `creditExcessApproved: true` (else CONFLICT). A SIGNED contract
    /// starts EXECUTING. Production, finance and the executive are
    /// notified (`order_confirmed`).
    async fn confirm_order(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        #[graphql(default = false)] credit_excess_approved: bool,
    ) -> ApiResult<OrderNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(OrderNode(
            store::confirm_order(&state(ctx).pool, &dctx, id, version, credit_excess_approved)
                .await?,
        ))
    }

    /// CON-3 production progress: CONFIRMED → IN_PRODUCTION → READY,
    /// forward only.
    async fn set_order_status(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        status: OrderStatus,
    ) -> ApiResult<OrderNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(OrderNode(
            store::set_status(&state(ctx).pool, &dctx, id, version, status.into()).await?,
        ))
    }

    /// Cancels an order with nothing shipped; reason 1 to 2000 characters.
    async fn cancel_order(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        reason: String,
    ) -> ApiResult<OrderNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(OrderNode(
            store::cancel_order(&state(ctx).pool, &dctx, id, version, &reason).await?,
        ))
    }

    /// CON-4: the expected delivery date of an open order, with a reason
    /// (1 to 2000 characters). Later than the promised date: the contact
    /// and the owner are told at once (`delivery_slip`, once per date).
    async fn set_order_expected_date(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        expected_date: Date,
        reason: String,
    ) -> ApiResult<OrderNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(OrderNode(
            store::set_expected_date(
                &state(ctx).pool,
                &dctx,
                id,
                version,
                expected_date.0,
                &reason,
            )
            .await?,
        ))
    }

    /// CON-5: records a shipment of a confirmed order; quantities at most
    /// what remains of each line. Fully shipped → SHIPPED.
    async fn record_shipment(
        &self,
        ctx: &Context<'_>,
        input: RecordShipmentInput,
    ) -> ApiResult<ShipmentNode> {
        let dctx = domain_ctx(ctx)?;
        let input = input.into_domain()?;
        let (s, _) = shipments::record_shipment(&state(ctx).pool, &dctx, &input).await?;
        Ok(ShipmentNode(s))
    }

    /// CON-5: the customer received the shipment (once). Every shipment of
    /// a fully shipped order delivered → DELIVERED; every order of a
    /// contract delivered → its DELIVERY installments fall due.
    async fn confirm_delivery(
        &self,
        ctx: &Context<'_>,
        shipment_id: ID,
        delivered_date: Date,
    ) -> ApiResult<ShipmentNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("shipmentId", &shipment_id)?;
        Ok(ShipmentNode(
            shipments::confirm_delivery(&state(ctx).pool, &dctx, id, delivered_date.0).await?,
        ))
    }
}

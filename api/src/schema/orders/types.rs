//! GraphQL types of orders and shipments (CON-3, CON-4, CON-5): the nodes
//! with their lines and shipments (batched per request), the inputs and the
//! status enum.

use crate::schema::common::loaders::rows_by_parent;
use crate::schema::customers::loaders::{customer_loaders, customer_node};
use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use salesd_domain::orders::{
    self as domain, LineInput, NewShipmentLine, Order, OrderFields, OrderLine, Shipment,
    ShipmentLine, query, shipments,
};
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::scalars::{Date, Decimal};
use crate::schema::common::id;
use crate::schema::common::uuid;
use crate::schema::customers::contacts::ContactNode;
use crate::schema::customers::types::CustomerNode;
use crate::schema::org::types::{PersonNode, person};

/// CON-3 order states.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::orders::OrderStatus")]
pub enum OrderStatus {
    /// Being written; editable.
    Draft,
    /// Confirmed (the four-copy notifications went out).
    Confirmed,
    /// In production.
    InProduction,
    /// Ready to ship.
    Ready,
    /// Every line fully shipped.
    Shipped,
    /// Every shipment received by the customer.
    Delivered,
    /// Cancelled before anything shipped.
    Cancelled,
}

/// One line of an order.
#[derive(InputObject)]
pub struct OrderLineInput {
    /// 1 to 200 characters.
    pub product: String,
    /// Greater than 0, at most 3 decimal places.
    pub quantity: Decimal,
    /// At least 0, at most 2 decimal places.
    pub unit_price: Decimal,
}

/// A new DRAFT order.
#[derive(InputObject)]
pub struct CreateOrderInput {
    /// A customer within the caller's contract scope.
    pub customer_id: ID,
    /// A SIGNED or EXECUTING contract of the same customer.
    pub contract_id: Option<ID>,
    pub required_date: Option<Date>,
    /// The delivery date promised to the customer; required to confirm.
    pub promised_date: Option<Date>,
    /// At most 300 characters.
    pub delivery_place: Option<String>,
    /// At most 300 characters.
    pub packaging: Option<String>,
    /// At most 100 characters.
    pub shipping_method: Option<String>,
    /// An active contact of the customer (told of delivery slips, CON-4).
    pub contact_id: Option<ID>,
    /// ISO code; default the contract's currency, else CNY.
    pub currency: Option<String>,
    /// At most 2000 characters.
    pub note: Option<String>,
    /// 1 to 200 lines.
    pub lines: Vec<OrderLineInput>,
}

/// The new content of a DRAFT order: every field is replaced (an omitted
/// optional one is cleared), the lines as a whole.
#[derive(InputObject)]
pub struct UpdateOrderInput {
    pub required_date: Option<Date>,
    pub promised_date: Option<Date>,
    pub delivery_place: Option<String>,
    pub packaging: Option<String>,
    pub shipping_method: Option<String>,
    pub contact_id: Option<ID>,
    /// Omitted: unchanged.
    pub currency: Option<String>,
    pub note: Option<String>,
    pub lines: Vec<OrderLineInput>,
}

/// The filter of `orders`.
#[derive(InputObject, Default)]
pub struct OrderFilter {
    pub customer_id: Option<ID>,
    pub contract_id: Option<ID>,
    pub status: Option<OrderStatus>,
    /// CON-3: true = DELIVERED orders; false = the undelivered ones
    /// (neither DELIVERED nor CANCELLED).
    pub delivered: Option<bool>,
}

/// One line of a shipment.
#[derive(InputObject)]
pub struct ShipmentLineInput {
    /// A line of the shipment's order.
    pub order_line_id: ID,
    /// Greater than 0, at most 3 decimal places, at most what remains.
    pub quantity: Decimal,
}

/// A shipment (CON-5).
#[derive(InputObject)]
pub struct RecordShipmentInput {
    pub order_id: ID,
    /// 1 to 40 characters, unique; default FH-<year>-<5 digits>.
    pub number: Option<String>,
    /// Not after today.
    pub shipped_date: Date,
    /// At most 100 characters.
    pub carrier: Option<String>,
    /// At most 100 characters.
    pub tracking_no: Option<String>,
    /// At most 2000 characters.
    pub note: Option<String>,
    /// 1 to 200, each order line at most once.
    pub lines: Vec<ShipmentLineInput>,
}

fn opt_id(field: &str, v: &Option<ID>) -> ApiResult<Option<Uuid>> {
    v.as_ref().map(|v| uuid(field, v)).transpose()
}

fn lines(v: Vec<OrderLineInput>) -> Vec<LineInput> {
    v.into_iter()
        .map(|l| LineInput {
            product: l.product,
            quantity: l.quantity.0,
            unit_price: l.unit_price.0,
        })
        .collect()
}

impl CreateOrderInput {
    /// (customer, contract, fields).
    pub fn into_domain(self) -> ApiResult<(Uuid, Option<Uuid>, OrderFields)> {
        Ok((
            uuid("customerId", &self.customer_id)?,
            opt_id("contractId", &self.contract_id)?,
            OrderFields {
                required_date: self.required_date.map(|d| d.0),
                promised_date: self.promised_date.map(|d| d.0),
                delivery_place: self.delivery_place,
                packaging: self.packaging,
                shipping_method: self.shipping_method,
                contact_id: opt_id("contactId", &self.contact_id)?,
                currency: self.currency,
                note: self.note,
                lines: lines(self.lines),
            },
        ))
    }
}

impl UpdateOrderInput {
    pub fn into_domain(self) -> ApiResult<OrderFields> {
        Ok(OrderFields {
            required_date: self.required_date.map(|d| d.0),
            promised_date: self.promised_date.map(|d| d.0),
            delivery_place: self.delivery_place,
            packaging: self.packaging,
            shipping_method: self.shipping_method,
            contact_id: opt_id("input.contactId", &self.contact_id)?,
            currency: self.currency,
            note: self.note,
            lines: lines(self.lines),
        })
    }
}

impl OrderFilter {
    pub fn into_domain(self) -> ApiResult<query::OrderFilter> {
        Ok(query::OrderFilter {
            customer_id: opt_id("customerId", &self.customer_id)?,
            contract_id: opt_id("contractId", &self.contract_id)?,
            status: self.status.map(Into::into),
            delivered: self.delivered,
        })
    }
}

impl RecordShipmentInput {
    pub fn into_domain(self) -> ApiResult<domain::NewShipment> {
        let lines = self
            .lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                Ok(NewShipmentLine {
                    order_line_id: uuid(&format!("lines.{i}.orderLineId"), &l.order_line_id)?,
                    quantity: l.quantity.0,
                })
            })
            .collect::<ApiResult<Vec<_>>>()?;
        Ok(domain::NewShipment {
            order_id: uuid("orderId", &self.order_id)?,
            number: self.number,
            shipped_date: self.shipped_date.0,
            carrier: self.carrier,
            tracking_no: self.tracking_no,
            note: self.note,
            lines,
        })
    }
}

/// The contract an order is placed against.
#[derive(SimpleObject, Clone)]
pub struct OrderContract {
    pub id: ID,
    /// HT-<year>-<seq>.
    pub number: String,
    pub status: String,
}

/// An order (CON-3), visible within the caller's contract scope (ORG-3).
pub struct OrderNode(pub Order);

#[Object(name = "Order")]
impl OrderNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// DD-<year>-<5 digits>.
    async fn number(&self) -> &str {
        &self.0.number
    }
    /// The optimistic-locking counter: pass it back to change the order.
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn status(&self) -> OrderStatus {
        self.0.status.into()
    }
    async fn customer_id(&self) -> ID {
        id(self.0.customer_id)
    }
    /// The customer, when the caller may see it (finance sees every order
    /// but not every customer record).
    async fn customer(&self, ctx: &Context<'_>) -> ApiResult<Option<CustomerNode>> {
        customer_node(ctx, self.0.customer_id).await
    }
    async fn contract(&self, ctx: &Context<'_>) -> ApiResult<Option<OrderContract>> {
        let Some(c) = self.0.contract_id else {
            return Ok(None);
        };
        Ok(ctx
            .data_unchecked::<OrderLoaders>()
            .contracts
            .load_one(c)
            .await?)
    }
    async fn owner(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.owner_id)).await
    }
    /// The customer contact told of delivery slips (CON-4).
    async fn contact(&self, ctx: &Context<'_>) -> ApiResult<Option<ContactNode>> {
        let Some(contact) = self.0.contact_id else {
            return Ok(None);
        };
        let all = customer_loaders(ctx)
            .contacts
            .load_one(self.0.customer_id)
            .await?
            .unwrap_or_default();
        Ok(all.into_iter().find(|c| c.id == contact).map(ContactNode))
    }
    async fn required_date(&self) -> Option<Date> {
        self.0.required_date.map(Date)
    }
    /// The delivery date promised to the customer.
    async fn promised_date(&self) -> Option<Date> {
        self.0.promised_date.map(Date)
    }
    /// The current expectation (CON-4: later than promised = a slip).
    async fn expected_date(&self) -> Option<Date> {
        self.0.expected_date.map(Date)
    }
    async fn delivery_place(&self) -> Option<&str> {
        self.0.delivery_place.as_deref()
    }
    async fn packaging(&self) -> Option<&str> {
        self.0.packaging.as_deref()
    }
    async fn shipping_method(&self) -> Option<&str> {
        self.0.shipping_method.as_deref()
    }
    /// Σ line amounts (each quantity × unit price rounded to the cent).
    async fn total_amount(&self) -> Decimal {
        Decimal(self.0.total_amount)
    }
    async fn currency(&self) -> &str {
        &self.0.currency
    }
    async fn confirmed_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.confirmed_by).await
    }
    async fn confirmed_at(&self) -> Option<DateTime<Utc>> {
        self.0.confirmed_at
    }
    async fn delivered_at(&self) -> Option<DateTime<Utc>> {
        self.0.delivered_at
    }
    async fn cancelled_reason(&self) -> Option<&str> {
        self.0.cancelled_reason.as_deref()
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// The lines in order.
    #[graphql(complexity = 10)]
    async fn lines(&self, ctx: &Context<'_>) -> ApiResult<Vec<OrderLineNode>> {
        let rows = ctx
            .data_unchecked::<OrderLoaders>()
            .lines
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(OrderLineNode).collect())
    }
    /// The shipments, oldest first.
    #[graphql(complexity = 10)]
    async fn shipments(&self, ctx: &Context<'_>) -> ApiResult<Vec<ShipmentNode>> {
        let rows = ctx
            .data_unchecked::<OrderLoaders>()
            .shipments
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(ShipmentNode).collect())
    }
    async fn created_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.created_by)).await
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// One line of an order.
pub struct OrderLineNode(pub OrderLine);

#[Object(name = "OrderLine")]
impl OrderLineNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// 1-based.
    async fn position(&self) -> i32 {
        self.0.position
    }
    async fn product(&self) -> &str {
        &self.0.product
    }
    async fn quantity(&self) -> Decimal {
        Decimal(self.0.quantity.normalize())
    }
    async fn unit_price(&self) -> Decimal {
        Decimal(self.0.unit_price)
    }
    /// quantity × unit price, rounded to the cent (half up).
    async fn amount(&self) -> Decimal {
        Decimal(self.0.amount())
    }
    async fn shipped_qty(&self) -> Decimal {
        Decimal(self.0.shipped_qty.normalize())
    }
    async fn remaining_qty(&self) -> Decimal {
        Decimal(self.0.remaining())
    }
}

/// A shipment (CON-5), visible with its order.
pub struct ShipmentNode(pub Shipment);

#[Object(name = "Shipment")]
impl ShipmentNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// FH-<year>-<5 digits> unless given.
    async fn number(&self) -> &str {
        &self.0.number
    }
    async fn order_id(&self) -> ID {
        id(self.0.order_id)
    }
    async fn shipped_date(&self) -> Date {
        Date(self.0.shipped_date)
    }
    async fn carrier(&self) -> Option<&str> {
        self.0.carrier.as_deref()
    }
    async fn tracking_no(&self) -> Option<&str> {
        self.0.tracking_no.as_deref()
    }
    /// Σ shipped quantity × unit price (each line to the cent): the sale
    /// the delivery note posts to the receivables ledger (REC-1).
    async fn amount(&self) -> Decimal {
        Decimal(self.0.amount)
    }
    /// When the customer received it.
    async fn delivered_date(&self) -> Option<Date> {
        self.0.delivered_date.map(Date)
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    #[graphql(complexity = 10)]
    async fn lines(&self, ctx: &Context<'_>) -> ApiResult<Vec<ShipmentLineNode>> {
        let rows = ctx
            .data_unchecked::<OrderLoaders>()
            .shipment_lines
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(ShipmentLineNode).collect())
    }
    async fn created_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.created_by)).await
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// One line of a shipment.
pub struct ShipmentLineNode(pub ShipmentLine);

#[Object(name = "ShipmentLine")]
impl ShipmentLineNode {
    async fn order_line_id(&self) -> ID {
        id(self.0.order_line_id)
    }
    async fn quantity(&self) -> Decimal {
        Decimal(self.0.quantity.normalize())
    }
}

/// The per-request loaders of orders (the caller has loaded the orders or
/// shipments within scope).
pub struct OrderLoaders {
    pub lines: DataLoader<LinesByOrder>,
    pub shipments: DataLoader<ShipmentsByOrder>,
    pub shipment_lines: DataLoader<LinesByShipment>,
    pub contracts: DataLoader<ContractRefLoader>,
}

impl OrderLoaders {
    pub fn new(pool: &PgPool, window: std::time::Duration) -> Self {
        Self {
            lines: DataLoader::new(LinesByOrder(pool.clone()), tokio::spawn).delay(window),
            shipments: DataLoader::new(ShipmentsByOrder(pool.clone()), tokio::spawn).delay(window),
            shipment_lines: DataLoader::new(LinesByShipment(pool.clone()), tokio::spawn)
                .delay(window),
            contracts: DataLoader::new(ContractRefLoader(pool.clone()), tokio::spawn).delay(window),
        }
    }
}

rows_by_parent!(
    /// The lines of each order.
    LinesByOrder, OrderLine, query::lines_of, |l| l.order_id,
);

rows_by_parent!(
    /// The shipments of each order.
    ShipmentsByOrder, Shipment, shipments::of_orders, |s| s.order_id,
);

rows_by_parent!(
    /// The lines of each shipment.
    LinesByShipment, ShipmentLine, shipments::lines_of_shipments, |l| l.shipment_id,
);

/// Contract number and status by id (the reference shown on an order).
pub struct ContractRefLoader(PgPool);

impl Loader<Uuid> for ContractRefLoader {
    type Value = OrderContract;
    type Error = ApiError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, OrderContract>, ApiError> {
        Ok(query::contract_refs(&self.0, keys)
            .await?
            .into_iter()
            .map(|(cid, number, status)| {
                (
                    cid,
                    OrderContract {
                        id: id(cid),
                        number,
                        status,
                    },
                )
            })
            .collect())
    }
}

//! CON-3 orders (订单), CON-4 delivery-slip notices and CON-5 shipments
//! (发送登记簿).
//!
//! An order belongs to a customer and, optionally, to a SIGNED or EXECUTING
//! contract of that customer. It is written as a DRAFT, confirmed
//! (`DRAFT → CONFIRMED`, REC-8 credit check for orders outside a contract,
//! the four-copy notifications), moved through production
//! (`CONFIRMED → IN_PRODUCTION → READY`), shipped in one or more shipments
//! (`SHIPPED` once every line is fully shipped) and `DELIVERED` when every
//! shipment has been confirmed delivered. It may be CANCELLED before
//! anything has shipped.
//!
//! Scope (ORG-3): `Resource::Contract` over the order's owner and unit,
//! plus the project team of the contract's opportunity. The rules are plain
//! functions here; the stores are [`store`] (orders), [`shipments`] and
//! [`query`] (reads); [`notices`] builds the notifications.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::error::{DomainError, DomainResult};
use crate::money::money_limit;
use crate::org::model::text_enum;
use crate::org::{Access, Actor, Resource, Scope};
use crate::pipeline::quotes::cents;
use crate::versioned::{check_version, versioned};

pub mod notices;
pub mod query;
pub mod scan;
pub mod shipments;
pub mod store;

pub use shipments::{NewShipment, NewShipmentLine, Shipment, ShipmentLine};
pub use store::{
    OrderFields, cancel_order, confirm_order, create_order, set_expected_date, set_status,
    update_order,
};

/// At most this many lines per order (and per shipment).
pub const MAX_LINES: usize = 200;
/// The audit entity of orders.
pub const ORDER: &str = "ORDER";
/// The audit entity of shipments.
pub const SHIPMENT: &str = "SHIPMENT";
/// CON-4: the due-soon scan warns this many days before the promised date.
pub const DUE_SOON_DAYS: i64 = 3;

text_enum! {
    /// CON-3 order states; DELIVERED and CANCELLED are final.
    OrderStatus {
        Draft => "DRAFT",
        Confirmed => "CONFIRMED",
        InProduction => "IN_PRODUCTION",
        Ready => "READY",
        Shipped => "SHIPPED",
        Delivered => "DELIVERED",
        Cancelled => "CANCELLED",
    }
}

impl OrderStatus {
    /// Confirmed and not yet fully shipped: production may move it, a
    /// shipment may be recorded, its expected date may change.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            OrderStatus::Confirmed | OrderStatus::InProduction | OrderStatus::Ready
        )
    }
}

/// An order (CON-3).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Order {
    pub id: Uuid,
    /// DD-<year>-<5 digits>.
    pub number: String,
    pub customer_id: Uuid,
    pub contract_id: Option<Uuid>,
    pub owner_id: Uuid,
    pub owner_unit_id: Uuid,
    pub status: OrderStatus,
    pub required_date: Option<NaiveDate>,
    pub promised_date: Option<NaiveDate>,
    pub expected_date: Option<NaiveDate>,
    pub delivery_place: Option<String>,
    pub packaging: Option<String>,
    pub shipping_method: Option<String>,
    pub contact_id: Option<Uuid>,
    pub total_amount: Decimal,
    pub currency: String,
    pub confirmed_by: Option<Uuid>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub cancelled_reason: Option<String>,
    pub note: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

versioned!(Order);

/// One line of an order.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct OrderLine {
    pub id: Uuid,
    #[serde(skip)]
    pub order_id: Uuid,
    pub position: i32,
    pub product: String,
    pub quantity: Decimal,
    pub unit_price: Decimal,
    pub shipped_qty: Decimal,
}

impl OrderLine {
    /// quantity × unit price, rounded to the cent (half up).
    pub fn amount(&self) -> Decimal {
        cents(self.quantity * self.unit_price)
    }

    /// What is still to ship.
    pub fn remaining(&self) -> Decimal {
        (self.quantity - self.shipped_qty).normalize()
    }
}

/// A line as entered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineInput {
    /// 1 to 200 characters.
    pub product: String,
    /// > 0, at most 3 decimal places.
    pub quantity: Decimal,
    /// ≥ 0, at most 2 decimal places.
    pub unit_price: Decimal,
}

/// Largest quantity a `numeric(14, 3)` column holds, exclusive.
fn quantity_limit() -> Decimal {
    Decimal::from(100_000_000_000i64)
}

/// A quantity named `field`: > 0, at most 3 places and 11 integer digits.
pub fn check_quantity(field: &str, q: Decimal) -> DomainResult<Decimal> {
    if q <= Decimal::ZERO {
        return Err(DomainError::validation(field, "must be greater than 0"));
    }
    if q.scale() > 3 || q >= quantity_limit() {
        return Err(DomainError::validation(
            field,
            "at most 11 digits and 3 decimal places",
        ));
    }
    Ok(q.normalize())
}

/// CON-3 lines: 1 to 200; product 1–200 characters; quantity > 0 with at
/// most 3 places; unit price ≥ 0 with at most 2 places; the total below
/// 10^14.
pub fn check_lines(lines: &[LineInput]) -> DomainResult<Vec<LineInput>> {
    if lines.is_empty() {
        return Err(DomainError::validation(
            "lines",
            "an order needs at least one line",
        ));
    }
    if lines.len() > MAX_LINES {
        return Err(DomainError::validation(
            "lines",
            format!("an order has at most {MAX_LINES} lines"),
        ));
    }
    let mut out = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let f = |name: &str| format!("lines.{i}.{name}");
        let product = l.product.trim();
        if product.is_empty() || product.chars().count() > 200 {
            return Err(DomainError::validation(
                f("product"),
                "must be 1 to 200 characters",
            ));
        }
        let quantity = check_quantity(&f("quantity"), l.quantity)?;
        if l.unit_price.is_sign_negative() && !l.unit_price.is_zero() {
            return Err(DomainError::validation(
                f("unitPrice"),
                "must not be negative",
            ));
        }
        if l.unit_price.scale() > 2 || l.unit_price >= money_limit() {
            return Err(DomainError::validation(
                f("unitPrice"),
                "at most 14 digits and 2 decimal places",
            ));
        }
        out.push(LineInput {
            product: product.to_owned(),
            quantity,
            unit_price: l.unit_price,
        });
    }
    if total(&out) >= money_limit() {
        return Err(DomainError::validation(
            "lines",
            "the order's total must be below 100 000 000 000 000",
        ));
    }
    Ok(out)
}

/// CON-3: Σ round(quantity × unit price, 2) — each line rounded on its own.
pub fn total(lines: &[LineInput]) -> Decimal {
    cents(lines.iter().map(|l| cents(l.quantity * l.unit_price)).sum())
}

/// Optional text: trimmed, blank as none, at most `max` characters.
pub(crate) fn optional(field: &str, v: Option<&str>, max: usize) -> DomainResult<Option<String>> {
    crate::pipeline::quotes::opt_text(field, v, max)
}

/// Required text: 1 to `max` characters after trimming.
pub(crate) fn required(field: &str, v: &str, max: usize) -> DomainResult<String> {
    optional(field, Some(v), max)?
        .ok_or_else(|| DomainError::validation(field, format!("must be 1 to {max} characters")))
}

/// CON-1: the company currency only ([`crate::money::check_currency`]).
pub(crate) fn check_currency(v: &str) -> DomainResult<String> {
    crate::money::check_currency(Some(v))
}

/// CON-3 `setOrderStatus`: production moves forward only, from CONFIRMED
/// or IN_PRODUCTION to a later one of IN_PRODUCTION and READY (skipping is
/// allowed). SHIPPED and DELIVERED come from shipments, CANCELLED from
/// `cancelOrder`.
pub fn check_status_move(from: OrderStatus, to: OrderStatus) -> DomainResult<()> {
    if !matches!(to, OrderStatus::InProduction | OrderStatus::Ready) {
        return Err(DomainError::validation(
            "status",
            "production sets IN_PRODUCTION or READY; shipments and cancellation set the others",
        ));
    }
    let rank = |s: OrderStatus| match s {
        OrderStatus::Confirmed => 1,
        OrderStatus::InProduction => 2,
        OrderStatus::Ready => 3,
        _ => 0,
    };
    if rank(from) == 0 || rank(to) <= rank(from) {
        return Err(DomainError::conflict(format!(
            "an order moves forward only: {from} cannot become {to}"
        )));
    }
    Ok(())
}

/// An order is cancelled only before anything has shipped, and not twice.
pub fn check_cancel(status: OrderStatus, shipped_anything: bool) -> DomainResult<()> {
    if matches!(
        status,
        OrderStatus::Shipped | OrderStatus::Delivered | OrderStatus::Cancelled
    ) || shipped_anything
    {
        return Err(DomainError::conflict(format!(
            "the order is {status}{}; only an order with nothing shipped can be cancelled",
            if shipped_anything {
                " and partly shipped"
            } else {
                ""
            }
        )));
    }
    Ok(())
}

/// ORG-3 project-team clause for orders (alias `o`): members of the team
/// of the opportunity of the order's contract.
pub const ORDER_TEAM_EXISTS: &str = "EXISTS (SELECT 1 FROM contracts tc JOIN opportunity_team_members m \
     ON m.opportunity_id = tc.opportunity_id WHERE tc.id = o.contract_id AND m.user_id = {member})";

/// Appends the ORG-3 predicate over orders aliased `o`.
pub fn push_order_scope(qb: &mut QueryBuilder<Postgres>, actor: &Actor, access: Access) {
    Scope::of(actor, Resource::Contract, access).push_filter(
        qb,
        "o.owner_id",
        "o.owner_unit_id",
        Some(ORDER_TEAM_EXISTS),
    );
}

/// The order `id` locked within the actor's write scope. Missing or out of
/// read scope → NOT_FOUND; readable but not writable → FORBIDDEN; a stale
/// `version` → CONFLICT.
pub(crate) async fn lock_order(
    conn: &mut PgConnection,
    actor: &Actor,
    id: Uuid,
    version: Option<i32>,
) -> DomainResult<Order> {
    let mut qb = QueryBuilder::new("SELECT o.* FROM orders o WHERE o.id = ");
    qb.push_bind(id);
    push_order_scope(&mut qb, actor, Access::Write);
    qb.push(" FOR UPDATE");
    let found: Option<Order> = qb.build_query_as().fetch_optional(&mut *conn).await?;
    let Some(o) = found else {
        let mut qb = QueryBuilder::new("SELECT EXISTS (SELECT 1 FROM orders o WHERE o.id = ");
        qb.push_bind(id);
        push_order_scope(&mut qb, actor, Access::Read);
        qb.push(")");
        let readable: bool = qb.build_query_scalar().fetch_one(&mut *conn).await?;
        return Err(if readable {
            DomainError::Forbidden("you may read this order but not change it".into())
        } else {
            DomainError::NotFound
        });
    };
    check_version(&o, version, "order")?;
    Ok(o)
}

/// The signed-in user making a change.
pub(crate) fn writer(actor: &Actor) -> DomainResult<Uuid> {
    match actor.user_id {
        Some(me) if !actor.read_only => Ok(me),
        _ => Err(DomainError::Forbidden(
            "only a signed-in user may change orders".into(),
        )),
    }
}

/// Takes the next gapless number of `kind` (ORDER or SHIPMENT) for `year`
/// on the caller's transaction: the counter row stays locked until it
/// commits, so concurrent creators queue and a rollback gives the number
/// back. Numbers already taken (a shipment numbered by hand) are skipped.
pub(crate) async fn next_number(
    conn: &mut PgConnection,
    kind: &str,
    prefix: &str,
    table: &str,
    year: i32,
) -> DomainResult<String> {
    loop {
        let seq: i32 = sqlx::query_scalar(
            "INSERT INTO order_number_counters (kind, year, last) VALUES ($1, $2, 1)
             ON CONFLICT (kind, year) DO UPDATE SET last = order_number_counters.last + 1
             RETURNING last",
        )
        .bind(kind)
        .bind(year)
        .fetch_one(&mut *conn)
        .await?;
        let number = format!("{prefix}-{year}-{seq:05}");
        let sql = if table == "shipments" {
            "SELECT EXISTS (SELECT 1 FROM shipments WHERE number = $1)"
        } else {
            "SELECT EXISTS (SELECT 1 FROM orders WHERE number = $1)"
        };
        let taken: bool = sqlx::query_scalar(sql)
            .bind(&number)
            .fetch_one(&mut *conn)
            .await?;
        if !taken {
            return Ok(number);
        }
    }
}

/// ORG-4: whether the asker may read the audit trail of this context's
/// record (the record's own read scope); `None` when the entity is another
/// context's. `crate::registry::audit_visible` asks every context.
pub async fn audit_visibility(
    q: crate::org::TrailRequest<'_>,
) -> crate::error::DomainResult<Option<bool>> {
    let crate::org::TrailRequest {
        pool,
        actor,
        entity,
        id,
    } = q;
    Ok(Some(match entity {
        "ORDER" => query::get(pool, actor, id).await?.is_some(),
        "SHIPMENT" => shipments::get(pool, actor, id).await?.is_some(),
        _ => return Ok(None),
    }))
}

/// Company settings this context owns: validates and stores the change;
/// `None` when the key is another context's.
/// `crate::registry::update_company_setting` asks every context.
pub async fn update_setting(
    c: &crate::customers::settings::SettingChange<'_>,
) -> crate::error::DomainResult<Option<crate::customers::settings::Setting>> {
    Ok(match c.key {
        // CON-3: who gets the four copies of a confirmed order.
        notices::RECIPIENTS_KEY => {
            Some(notices::update_recipients(c.pool, c.ctx, c.value.clone(), c.version).await?)
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn line(q: &str, p: &str) -> LineInput {
        LineInput {
            product: " 伺服电机 ".into(),
            quantity: d(q),
            unit_price: d(p),
        }
    }

    fn field<T: std::fmt::Debug>(r: DomainResult<T>) -> String {
        match r {
            Err(DomainError::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn con3_total_is_the_sum_of_rounded_lines() {
        // 1.005 × 1.00 = 1.005 → 1.01 (half up) per line; two lines 2.02.
        let lines = check_lines(&[line("1.005", "1.00"), line("1.005", "1.00")]).unwrap();
        assert_eq!(total(&lines), d("2.02"));
        assert_eq!(lines[0].product, "伺服电机");
        assert_eq!(total(&[line("3", "0.333")]), d("1.00"));
    }

    #[test]
    fn con3_lines_are_validated() {
        assert_eq!(field(check_lines(&[])), "lines");
        assert_eq!(field(check_lines(&vec![line("1", "1"); 201])), "lines");
        assert_eq!(field(check_lines(&[line("0", "1")])), "lines.0.quantity");
        assert_eq!(field(check_lines(&[line("-1", "1")])), "lines.0.quantity");
        assert_eq!(
            field(check_lines(&[line("1", "1"), line("1.0001", "1")])),
            "lines.1.quantity"
        );
        assert_eq!(
            field(check_lines(&[line("1", "-0.01")])),
            "lines.0.unitPrice"
        );
        assert_eq!(
            field(check_lines(&[line("1", "0.001")])),
            "lines.0.unitPrice"
        );
        let mut long = line("1", "1");
        long.product = "x".repeat(201);
        assert_eq!(field(check_lines(&[long])), "lines.0.product");
        assert!(check_lines(&[line("1", "0")]).is_ok());
    }

    #[test]
    fn con3_production_moves_forward_only() {
        use OrderStatus::*;
        assert!(check_status_move(Confirmed, InProduction).is_ok());
        assert!(check_status_move(Confirmed, Ready).is_ok());
        assert!(check_status_move(InProduction, Ready).is_ok());
        for (from, to) in [
            (Ready, InProduction),
            (InProduction, InProduction),
            (Draft, InProduction),
            (Shipped, Ready),
            (Cancelled, Ready),
        ] {
            assert!(
                matches!(
                    check_status_move(from, to),
                    Err(DomainError::Conflict { .. })
                ),
                "{from} → {to}"
            );
        }
        assert_eq!(field(check_status_move(Confirmed, Shipped)), "status");
    }

    #[test]
    fn con3_cancel_only_before_anything_shipped() {
        assert!(check_cancel(OrderStatus::Draft, false).is_ok());
        assert!(check_cancel(OrderStatus::Ready, false).is_ok());
        assert!(check_cancel(OrderStatus::Ready, true).is_err());
        assert!(check_cancel(OrderStatus::Shipped, false).is_err());
        assert!(check_cancel(OrderStatus::Cancelled, false).is_err());
    }
}

//! REC-8: the credit check a contract (CON-2) or an order (CON-3) runs
//! before it commits the company to a customer, the customer's credit
//! terms (`setCustomerCredit`) and its credit status (`creditStatus`).
//!
//! Decisions (docs/contracts.md, "REC-8 credit"):
//! - **outstanding** is the customer's whole exposure, each sale counted
//!   once: the ledger balance (everything posted, net of receipts, credit
//!   and write-offs; a customer's credit lowers it) + the part of each
//!   committed contract not yet posted + the part of each confirmed order
//!   outside a contract not yet posted by a delivery note. A sale moves
//!   from the second or third term into the first when it is posted, so
//!   invoicing or delivering never changes the total;
//! - committed = contracts APPROVED, SIGNED, EXECUTING or ACCEPTED (approval
//!   is already a commitment); DRAFT, IN_REVIEW, CLOSED and TERMINATED add
//!   nothing unposted (what they posted is in the ledger);
//! - open orders = orders outside a contract CONFIRMED, IN_PRODUCTION or
//!   READY (SHIPPED and DELIVERED are fully shipped, hence posted);
//! - the limit is the customer's own, or "no limit" when set explicitly,
//!   or else the company default for its grade (`credit_limit`): an unset
//!   limit never switches credit control off;
//! - a customer on credit hold (`credit_hold_since` set) always needs the
//!   director's explicit approval.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::credit_limit::{self, EffectiveLimit, LimitSource};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::{Access, Actor, Resource, Scope};
use crate::versioned::{check_version, versioned};

/// The contract statuses whose unposted amount counts as outstanding (REC-8).
pub const COMMITTED_STATUSES: [&str; 4] = ["APPROVED", "SIGNED", "EXECUTING", "ACCEPTED"];
/// The statuses of orders outside a contract whose unposted amount counts.
pub const OPEN_ORDER_STATUSES: [&str; 3] = ["CONFIRMED", "IN_PRODUCTION", "READY"];
/// Who sets a customer's credit limit and rating (segregation of duties:
/// not the people who sell to the customer).
pub use crate::customers::checks::CREDIT_ROLES;
/// Audit entity and action of `setCustomerCredit` (the customer's trail).
pub const AUDIT_ENTITY: &str = "CUSTOMER";
pub const AUDIT_ACTION: &str = "CREDIT";

/// The outcome of a credit check (REC-8).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CreditCheck {
    pub customer_id: Uuid,
    /// The limit that applies; `None`: "no limit", set explicitly.
    pub limit: Option<Decimal>,
    /// Where the limit comes from. Checks stored before REC-8 had
    /// defaults lack it (`None`); their limit of 0 meant "none set".
    #[serde(default)]
    pub limit_source: Option<LimitSource>,
    /// What the customer owes or is committed to:
    /// ledger_balance + unposted_contracts + unshipped_orders.
    pub outstanding: Decimal,
    /// The amount being checked.
    pub new_amount: Decimal,
    /// The customer is on credit hold (REC-6/7).
    pub on_hold: bool,
    /// outstanding + new_amount > limit (never without a limit).
    pub exceeds_limit: bool,
    /// The director must approve explicitly: on hold or over the limit.
    pub needs_director_approval: bool,
    /// Σ of the customer's ledger (checks stored before REC-8 was complete
    /// lack the breakdown: 0).
    #[serde(default)]
    pub ledger_balance: Decimal,
    /// Σ (amount − posted) of the committed contracts.
    #[serde(default)]
    pub unposted_contracts: Decimal,
    /// Σ (total − posted) of the open orders outside a contract.
    #[serde(default)]
    pub unshipped_orders: Decimal,
}

/// A committed contract or an open order and what of it is not posted yet.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Commitment {
    pub id: Uuid,
    pub number: String,
    pub status: String,
    /// The contract amount or the order total.
    pub amount: Decimal,
    /// Σ of its SALE entries (installments, or the order's delivery notes).
    pub posted: Decimal,
    /// max(amount − posted, 0): what counts besides the ledger.
    pub unposted: Decimal,
}

/// The exposure of a customer (REC-8), with what it is made of.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Exposure {
    pub ledger_balance: Decimal,
    pub unposted_contracts: Decimal,
    pub unshipped_orders: Decimal,
    pub contracts: Vec<Commitment>,
    pub orders: Vec<Commitment>,
}

impl Exposure {
    /// ledger balance + unposted contracts + unshipped orders.
    pub fn total(&self) -> Decimal {
        self.ledger_balance + self.unposted_contracts + self.unshipped_orders
    }
}

/// The exposure of `customer`, leaving out `exclude_contract` and
/// `exclude_order` (the deal being checked). No scope check.
pub async fn exposure(
    conn: &mut PgConnection,
    customer: Uuid,
    exclude_contract: Option<Uuid>,
    exclude_order: Option<Uuid>,
) -> DomainResult<Exposure> {
    let ledger_balance: Decimal = sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE customer_id = $1",
    )
    .bind(customer)
    .fetch_one(&mut *conn)
    .await?;
    let contracts: Vec<Commitment> = sqlx::query_as(
        "SELECT c.id, c.number, c.status, c.amount, p.posted, GREATEST(c.amount - p.posted, 0) AS unposted
           FROM contracts c
           CROSS JOIN LATERAL (SELECT COALESCE(SUM(le.amount), 0) AS posted FROM ledger_entries le
                                WHERE le.contract_id = c.id AND le.kind = 'SALE') p
          WHERE c.customer_id = $1 AND c.status = ANY($2) AND ($3::uuid IS NULL OR c.id <> $3)
          ORDER BY c.number",
    )
    .bind(customer)
    .bind(&COMMITTED_STATUSES[..])
    .bind(exclude_contract)
    .fetch_all(&mut *conn)
    .await?;
    let orders: Vec<Commitment> = sqlx::query_as(
        "SELECT o.id, o.number, o.status, o.total_amount AS amount, p.posted,
                GREATEST(o.total_amount - p.posted, 0) AS unposted
           FROM orders o
           CROSS JOIN LATERAL (SELECT COALESCE(SUM(le.amount), 0) AS posted
                                 FROM shipments s JOIN ledger_entries le ON le.shipment_id = s.id
                                WHERE s.order_id = o.id AND le.kind = 'SALE') p
          WHERE o.customer_id = $1 AND o.contract_id IS NULL AND o.status = ANY($2)
            AND ($3::uuid IS NULL OR o.id <> $3)
          ORDER BY o.number",
    )
    .bind(customer)
    .bind(&OPEN_ORDER_STATUSES[..])
    .bind(exclude_order)
    .fetch_all(&mut *conn)
    .await?;
    // Money shows with its two places (PostgreSQL's 0 comes without them).
    let cents_of = |list: Vec<Commitment>| -> Vec<Commitment> {
        list.into_iter()
            .map(|c| Commitment {
                amount: cents(c.amount),
                posted: cents(c.posted),
                unposted: cents(c.unposted),
                ..c
            })
            .collect()
    };
    let (contracts, orders) = (cents_of(contracts), cents_of(orders));
    Ok(Exposure {
        ledger_balance: cents(ledger_balance),
        unposted_contracts: contracts.iter().map(|c| c.unposted).sum(),
        unshipped_orders: orders.iter().map(|o| o.unposted).sum(),
        contracts,
        orders,
    })
}

/// Runs the REC-8 check of `new_amount` for `customer_id`, leaving out
/// `exclude_contract` / `exclude_order` (the deal being checked, when it
/// already counts). No scope check: callers decide who may see the customer.
pub async fn check(
    conn: &mut PgConnection,
    customer_id: Uuid,
    new_amount: Decimal,
    exclude_contract: Option<Uuid>,
    exclude_order: Option<Uuid>,
) -> DomainResult<CreditCheck> {
    let row: Option<(Option<Decimal>, bool, String, bool)> = sqlx::query_as(
        "SELECT credit_limit, credit_unlimited, grade, credit_hold_since IS NOT NULL
           FROM customers WHERE id = $1",
    )
    .bind(customer_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((own, unlimited, grade, on_hold)) = row else {
        return Err(DomainError::NotFound);
    };
    let defaults = credit_limit::defaults(conn).await?;
    let limit = credit_limit::effective_limit(own, unlimited, grade.parse()?, &defaults);
    let e = exposure(conn, customer_id, exclude_contract, exclude_order).await?;
    let mut c = evaluate(customer_id, limit, e.total(), new_amount, on_hold);
    c.ledger_balance = cents(e.ledger_balance);
    c.unposted_contracts = cents(e.unposted_contracts);
    c.unshipped_orders = cents(e.unshipped_orders);
    Ok(c)
}

/// Money shows with its two places ("0.00"), however the value was read.
fn cents(mut d: Decimal) -> Decimal {
    d.rescale(2);
    d
}

/// The pure rule of [`check`].
pub fn evaluate(
    customer_id: Uuid,
    limit: EffectiveLimit,
    outstanding: Decimal,
    new_amount: Decimal,
    on_hold: bool,
) -> CreditCheck {
    let (outstanding, new_amount) = (cents(outstanding), cents(new_amount));
    let amount = limit.amount.map(cents);
    let exceeds_limit = amount.is_some_and(|l| outstanding + new_amount > l);
    CreditCheck {
        customer_id,
        limit: amount,
        limit_source: Some(limit.source),
        outstanding,
        new_amount,
        on_hold,
        exceeds_limit,
        needs_director_approval: on_hold || exceeds_limit,
        ledger_balance: Decimal::ZERO,
        unposted_contracts: Decimal::ZERO,
        unshipped_orders: Decimal::ZERO,
    }
}

/// A credit limit: ≥ 0, at most 2 decimal places (trailing zeros are
/// fine), fits numeric(16,2). 0 is a limit of 0 (no credit at all).
pub fn check_limit(field: &str, v: Decimal) -> DomainResult<Decimal> {
    if v.is_sign_negative() && !v.is_zero() {
        return Err(DomainError::validation(field, "must not be negative"));
    }
    let v = v.normalize();
    if v.scale() > 2 || v >= Decimal::from(100_000_000_000_000i64) {
        return Err(DomainError::validation(
            field,
            "at most 14 digits and 2 decimal places",
        ));
    }
    Ok(cents(v.abs()))
}

/// A customer's credit status (`creditStatus`).
#[derive(Clone, Debug, Serialize)]
pub struct CreditStatus {
    pub customer_id: Uuid,
    pub customer_name: String,
    /// The limit that applies; `None`: "no limit", set explicitly.
    pub limit: Option<Decimal>,
    pub limit_source: LimitSource,
    pub rating: Option<String>,
    pub on_hold_since: Option<DateTime<Utc>>,
    pub exposure: Exposure,
    /// The customer's version (for `setCustomerCredit`).
    pub version: i32,
}

impl CreditStatus {
    pub fn outstanding(&self) -> Decimal {
        cents(self.exposure.total())
    }

    /// limit − outstanding (negative: over the limit by that much); `None`
    /// without a limit.
    pub fn available(&self) -> Option<Decimal> {
        self.limit.map(|l| cents(l - self.exposure.total()))
    }
}

#[derive(sqlx::FromRow, Serialize)]
struct Terms {
    #[serde(skip)]
    name: String,
    credit_limit: Option<Decimal>,
    credit_unlimited: bool,
    #[serde(skip)]
    grade: String,
    credit_rating: Option<String>,
    #[serde(skip)]
    credit_hold_since: Option<DateTime<Utc>>,
    version: i32,
}

versioned!(Terms);

/// The customer's credit terms within the actor's receivable read scope
/// (NOT_FOUND outside it), locked when `lock`.
async fn terms(
    conn: &mut PgConnection,
    actor: &Actor,
    customer: Uuid,
    lock: bool,
) -> DomainResult<Terms> {
    let mut qb = QueryBuilder::new(
        "SELECT cu.name, cu.credit_limit, cu.credit_unlimited, cu.grade, cu.credit_rating,
                cu.credit_hold_since, cu.version
           FROM customers cu WHERE cu.id = ",
    );
    qb.push_bind(customer);
    Scope::of(actor, Resource::Receivable, Access::Read).push_filter(
        &mut qb,
        "cu.owner_id",
        "cu.owner_unit_id",
        None,
    );
    if lock {
        qb.push(" FOR UPDATE OF cu");
    }
    qb.build_query_as()
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// NOT_FOUND unless the actor sees the customer's receivables (ORG-3): the
/// scope of `creditStatus` and `creditCheck`.
pub(crate) async fn require_receivable_scope(
    conn: &mut PgConnection,
    actor: &Actor,
    customer: Uuid,
) -> DomainResult<()> {
    terms(conn, actor, customer, false).await.map(|_| ())
}

async fn status_of(
    conn: &mut PgConnection,
    customer: Uuid,
    t: Terms,
) -> DomainResult<CreditStatus> {
    let exposure = exposure(conn, customer, None, None).await?;
    let defaults = credit_limit::defaults(conn).await?;
    let limit = credit_limit::effective_limit(
        t.credit_limit,
        t.credit_unlimited,
        t.grade.parse()?,
        &defaults,
    );
    Ok(CreditStatus {
        customer_id: customer,
        customer_name: t.name,
        limit: limit.amount.map(cents),
        limit_source: limit.source,
        rating: t.credit_rating,
        on_hold_since: t.credit_hold_since,
        exposure,
        version: t.version,
    })
}

/// `creditStatus(customerId)`: limit, rating, hold and the exposure with
/// its breakdown, for anyone who sees the customer's receivables (ORG-3;
/// NOT_FOUND otherwise).
pub async fn credit_status(
    pool: &PgPool,
    actor: &Actor,
    customer: Uuid,
) -> DomainResult<CreditStatus> {
    let mut conn = pool.acquire().await?;
    let t = terms(&mut conn, actor, customer, false).await?;
    status_of(&mut conn, customer, t).await
}

/// The credit limit `setCustomerCredit` sets (REC-8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitChoice {
    /// This amount (0: no credit at all).
    Amount(Decimal),
    /// "No limit", explicitly.
    Unlimited,
    /// Back to the company default for the customer's grade.
    GradeDefault,
}

/// `setCustomerCredit`: sets the customer's credit limit (an amount ≥ 0 with
/// 2 places, "no limit" explicitly, or back to the grade default) and rating
/// (trimmed, ≤ 20 characters; empty clears it), at
/// `version` when given (stale → CONFLICT). The customer must be in the
/// caller's receivable scope (NOT_FOUND), the caller finance, the sales
/// director or the general manager (FORBIDDEN). Bumps the customer's
/// version; audited as CUSTOMER CREDIT with the old and new values.
pub async fn set_customer_credit(
    pool: &PgPool,
    ctx: &Ctx,
    customer: Uuid,
    limit: LimitChoice,
    rating: Option<&str>,
    version: Option<i32>,
) -> DomainResult<CreditStatus> {
    let (limit, unlimited) = match limit {
        LimitChoice::Amount(a) => (Some(check_limit("limit", a)?), false),
        LimitChoice::Unlimited => (None, true),
        LimitChoice::GradeDefault => (None, false),
    };
    let rating = crate::text::optional("rating", rating, 20)?;
    let mut tx = pool.begin().await?;
    let old = terms(&mut tx, &ctx.actor, customer, true).await?;
    if ctx.actor.read_only || !ctx.actor.has_any(&CREDIT_ROLES) {
        return Err(DomainError::Forbidden(
            "only finance, the sales director or the general manager set credit terms".into(),
        ));
    }
    check_version(&old, version, "customer")?;
    let new: Terms = sqlx::query_as(
        "UPDATE customers SET credit_limit = $2, credit_unlimited = $3, credit_rating = $4,
                version = version + 1, updated_at = $5
          WHERE id = $1
         RETURNING name, credit_limit, credit_unlimited, grade, credit_rating, credit_hold_since, version",
    )
    .bind(customer)
    .bind(limit)
    .bind(unlimited)
    .bind(&rating)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    let changes = audit::diff(&old, &new);
    audit::record(&mut tx, ctx, AUDIT_ENTITY, customer, AUDIT_ACTION, &changes).await?;
    let status = status_of(&mut tx, customer, new).await?;
    tx.commit().await?;
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn limit(a: &str) -> EffectiveLimit {
        EffectiveLimit {
            amount: Some(d(a)),
            source: LimitSource::Customer,
        }
    }

    const UNLIMITED: EffectiveLimit = EffectiveLimit {
        amount: None,
        source: LimitSource::Unlimited,
    };

    #[test]
    fn rec8_only_an_explicit_no_limit_is_never_an_excess() {
        let c = evaluate(Uuid::nil(), UNLIMITED, d("1000000"), d("5"), false);
        assert!(!c.exceeds_limit && !c.needs_director_approval);
        assert_eq!(
            (c.limit, c.limit_source),
            (None, Some(LimitSource::Unlimited))
        );
        // A limit of 0 is no credit: any deal needs the director.
        let c = evaluate(Uuid::nil(), limit("0"), d("0"), d("0.01"), false);
        assert!(c.exceeds_limit && c.needs_director_approval);
    }

    #[test]
    fn excess_and_hold_need_the_director() {
        assert!(!evaluate(Uuid::nil(), limit("100"), d("60"), d("40"), false).exceeds_limit);
        let c = evaluate(Uuid::nil(), limit("100"), d("60"), d("40.01"), false);
        assert!(c.exceeds_limit && c.needs_director_approval);
        let c = evaluate(Uuid::nil(), UNLIMITED, d("0"), d("1"), true);
        assert!(!c.exceeds_limit && c.needs_director_approval);
    }

    #[test]
    fn rec8_customer_credit_lowers_the_exposure() {
        // −30000 credit + 100000 committed: 70000 + 30000 = the limit.
        let c = evaluate(Uuid::nil(), limit("100000"), d("70000"), d("30000"), false);
        assert!(!c.exceeds_limit);
        assert_eq!(c.outstanding.to_string(), "70000.00");
    }

    #[test]
    fn rec8_limits_are_non_negative_cents() {
        assert_eq!(check_limit("limit", d("1.50")).unwrap().to_string(), "1.50");
        assert_eq!(check_limit("limit", d("0")).unwrap().to_string(), "0.00");
        assert_eq!(
            check_limit("limit", d("2.000")).unwrap().to_string(),
            "2.00"
        );
        assert!(check_limit("limit", d("-0.01")).is_err());
        assert!(check_limit("limit", d("1.005")).is_err());
        assert!(check_limit("limit", d("100000000000000")).is_err());
    }
}

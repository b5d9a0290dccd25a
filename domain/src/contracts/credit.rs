//! REC-8 interface: the credit check a contract (CON-2) or an order (CON-3)
//! runs before it commits the company to a customer. The receivables work
//! completes the outstanding figure (open receivables); until then it is the
//! amount of the customer's committed contracts.
//!
//! Decisions (docs/contracts.md):
//! - committed = contracts APPROVED, SIGNED, EXECUTING or ACCEPTED (approval
//!   is already a commitment); DRAFT, IN_REVIEW, CLOSED and TERMINATED do not
//!   count;
//! - a credit limit of 0 means "no limit set": never an excess;
//! - a customer on credit hold (`credit_hold_since` set) always needs the
//!   director's explicit approval.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::{DomainError, DomainResult};

/// The contract statuses whose amount counts as outstanding (REC-8).
pub const COMMITTED_STATUSES: [&str; 4] = ["APPROVED", "SIGNED", "EXECUTING", "ACCEPTED"];

/// The outcome of a credit check (REC-8).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CreditCheck {
    pub customer_id: Uuid,
    /// The customer's credit limit; 0 = no limit set.
    pub limit: Decimal,
    /// What the customer already owes or is committed to.
    pub outstanding: Decimal,
    /// The amount being checked.
    pub new_amount: Decimal,
    /// The customer is on credit hold (REC-6/7).
    pub on_hold: bool,
    /// outstanding + new_amount > limit (never when limit is 0).
    pub exceeds_limit: bool,
    /// The director must approve explicitly: on hold or over the limit.
    pub needs_director_approval: bool,
}

/// Runs the REC-8 check of `new_amount` for `customer_id`, leaving out
/// `exclude_contract` (the contract being checked, when it already counts).
/// No scope check: callers decide who may see the customer.
pub async fn check(
    conn: &mut PgConnection,
    customer_id: Uuid,
    new_amount: Decimal,
    exclude_contract: Option<Uuid>,
) -> DomainResult<CreditCheck> {
    let row: Option<(Decimal, bool)> = sqlx::query_as(
        "SELECT credit_limit, credit_hold_since IS NOT NULL FROM customers WHERE id = $1",
    )
    .bind(customer_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((limit, on_hold)) = row else {
        return Err(DomainError::NotFound);
    };
    let outstanding: Decimal = sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM contracts
          WHERE customer_id = $1 AND status = ANY($2)
            AND ($3::uuid IS NULL OR id <> $3)",
    )
    .bind(customer_id)
    .bind(&COMMITTED_STATUSES[..])
    .bind(exclude_contract)
    .fetch_one(&mut *conn)
    .await?;
    Ok(evaluate(
        customer_id,
        limit,
        outstanding,
        new_amount,
        on_hold,
    ))
}

/// The pure rule of [`check`].
pub fn evaluate(
    customer_id: Uuid,
    limit: Decimal,
    outstanding: Decimal,
    new_amount: Decimal,
    on_hold: bool,
) -> CreditCheck {
    // Money shows with its two places ("0.00"), however the value was read.
    let cents = |mut d: Decimal| {
        d.rescale(2);
        d
    };
    let (limit, outstanding, new_amount) = (cents(limit), cents(outstanding), cents(new_amount));
    let exceeds_limit = limit > Decimal::ZERO && outstanding + new_amount > limit;
    CreditCheck {
        customer_id,
        limit,
        outstanding,
        new_amount,
        on_hold,
        exceeds_limit,
        needs_director_approval: on_hold || exceeds_limit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn zero_limit_is_no_limit() {
        let c = evaluate(Uuid::nil(), d("0"), d("1000000"), d("5"), false);
        assert!(!c.exceeds_limit);
        assert!(!c.needs_director_approval);
    }

    #[test]
    fn excess_and_hold_need_the_director() {
        assert!(!evaluate(Uuid::nil(), d("100"), d("60"), d("40"), false).exceeds_limit);
        let c = evaluate(Uuid::nil(), d("100"), d("60"), d("40.01"), false);
        assert!(c.exceeds_limit && c.needs_director_approval);
        let c = evaluate(Uuid::nil(), d("0"), d("0"), d("1"), true);
        assert!(!c.exceeds_limit && c.needs_director_approval);
    }
}

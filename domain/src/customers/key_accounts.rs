//! KA-1..4 key accounts: admission, annual plans, quarterly evaluations.
//! The rules are plain functions here; the stores are the submodules.
//!
//! Decisions (docs/customers.md, "Key accounts"):
//! - Applicant, plan submitter, evaluator: whoever may change the customer
//!   (ORG-3 write scope on `Resource::Customer`: owner, their supervisor and
//!   manager, director/GM/admin); anyone else gets NOT_FOUND.
//! - "Sales department head" (pre-review, plan review): a SALES_MANAGER whose
//!   write scope covers the customer, or the SALES_DIRECTOR.
//! - Executive (decision, plan approval): SALES_DIRECTOR or GENERAL_MANAGER.
//! - A step taken at the wrong status is CONFLICT (as for complaints); nobody
//!   reviews or decides their own application or plan (FORBIDDEN).

pub mod applications;
pub mod evaluations;
pub mod plans;

use rust_decimal::Decimal;
use sqlx::{PgConnection, QueryBuilder};
use uuid::Uuid;

use crate::customers::complaints::push_record_scope;
use crate::error::{DomainError, DomainResult};
use crate::money::Sign;
use crate::org::model::text_enum;
use crate::org::{Access, Actor, Resource, Role};

pub use applications::*;
pub use evaluations::*;
pub use plans::*;

text_enum! {
    /// KA-2 admission states.
    KaApplicationStatus {
        PendingPrereview => "PENDING_PREREVIEW",
        PendingApproval => "PENDING_APPROVAL",
        Approved => "APPROVED",
        Rejected => "REJECTED",
    }
}

text_enum! {
    /// KA-3 plan states.
    KaPlanStatus { Submitted => "SUBMITTED", Reviewed => "REVIEWED", Approved => "APPROVED", Returned => "RETURNED" }
}

text_enum! {
    /// KA-4 relationship level from the score.
    RelationshipLevel { Core => "CORE", Stable => "STABLE", Watch => "WATCH", AtRisk => "AT_RISK" }
}

pub const THRESHOLD_SETTING: &str = "ka_revenue_threshold";

/// The four KA-1 admission criteria.
#[derive(Clone, Copy, Debug)]
pub struct Criteria {
    pub good_credit: bool,
    pub clear_needs: bool,
    pub agrees_with_offering: bool,
    pub fits_strategy: bool,
}

/// KA-1: every criterion met and the expected revenue at least the
/// threshold; VALIDATION naming the first that fails.
pub fn check_admission(c: &Criteria, revenue: Decimal, threshold: Decimal) -> DomainResult<()> {
    for (field, ok) in [
        ("goodCredit", c.good_credit),
        ("clearNeeds", c.clear_needs),
        ("agreesWithOffering", c.agrees_with_offering),
        ("fitsStrategy", c.fits_strategy),
    ] {
        if !ok {
            return Err(DomainError::validation(
                field,
                "every admission criterion must be met",
            ));
        }
    }
    if revenue < threshold {
        return Err(DomainError::validation(
            "expectedAnnualRevenue",
            format!("must be at least the key-account threshold of {threshold} CNY"),
        ));
    }
    Ok(())
}

/// Money as `numeric(16, 2)` holds it: 0 or more, at most 2 decimals.
pub fn money(field: &str, v: Decimal) -> DomainResult<Decimal> {
    crate::money::check_amount(field, v, Sign::NonNegative)
}

/// The validator of `ka_revenue_threshold` (a JSON string decimal); for
/// `settings::update::<String>` pass `|v: &String| validate_ka_revenue_threshold(v)`.
pub fn validate_ka_revenue_threshold(v: &str) -> DomainResult<()> {
    let d: Decimal = v
        .trim()
        .parse()
        .map_err(|_| DomainError::validation("value", "not a decimal"))?;
    money("value", d).map(|_| ())
}

/// KA-4 weights (percent): satisfaction 30, loyalty 25, progress 20, revenue 25.
pub const WEIGHTS: [u32; 4] = [30, 25, 20, 25];

/// KA-4: each part 1..=5; the weighted average mapped to 0..=100 as
/// `(avg − 1) / 4 × 100`, rounded to 2 places; level CORE ≥ 80, STABLE ≥ 60,
/// WATCH ≥ 40, else AT_RISK.
pub fn relationship_score(
    s: i32,
    l: i32,
    p: i32,
    r: i32,
) -> DomainResult<(Decimal, RelationshipLevel)> {
    for (field, v) in [
        ("satisfaction", s),
        ("loyalty", l),
        ("progress", p),
        ("revenue", r),
    ] {
        if !(1..=5).contains(&v) {
            return Err(DomainError::validation(field, "must be 1 to 5"));
        }
    }
    let weighted: i64 = [s, l, p, r]
        .iter()
        .zip(WEIGHTS)
        .map(|(v, w)| i64::from(*v) * i64::from(w))
        .sum();
    // weighted / 100 is the average; (avg - 1) / 4 * 100 = (weighted - 100) / 4.
    let score = (Decimal::from(weighted - 100) / Decimal::from(4)).round_dp(2);
    let level = if score >= Decimal::from(80) {
        RelationshipLevel::Core
    } else if score >= Decimal::from(60) {
        RelationshipLevel::Stable
    } else if score >= Decimal::from(40) {
        RelationshipLevel::Watch
    } else {
        RelationshipLevel::AtRisk
    };
    Ok((score, level))
}

/// Text of 1..=max characters, trimmed.
pub(crate) use crate::text::required as text;

/// A rejection or return needs a reason (1..=2000); an approval may carry none.
pub(crate) fn reason(approve: bool, reason: Option<&str>) -> DomainResult<Option<String>> {
    match (approve, reason.map(str::trim).filter(|r| !r.is_empty())) {
        (false, None) => Err(DomainError::validation(
            "reason",
            "a rejection needs a reason",
        )),
        (_, Some(r)) if r.chars().count() > 2000 => Err(DomainError::validation(
            "reason",
            "must be at most 2000 characters",
        )),
        (_, r) => Ok(r.map(str::to_owned)),
    }
}

pub(crate) fn year(y: i32) -> DomainResult<i32> {
    if !(2000..=2100).contains(&y) {
        return Err(DomainError::validation("year", "must be 2000 to 2100"));
    }
    Ok(y)
}

/// The customer facts the KA rules need.
#[derive(Clone, Debug, sqlx::FromRow)]
pub(crate) struct CustomerFacts {
    pub id: Uuid,
    pub key_account: bool,
    /// Within the actor's write scope.
    pub writable: bool,
}

/// The customer if the actor may read it (NOT_FOUND otherwise); `lock`
/// takes the row lock.
pub(crate) async fn customer(
    conn: &mut PgConnection,
    actor: &Actor,
    id: Uuid,
    lock: bool,
) -> DomainResult<CustomerFacts> {
    let mut qb = QueryBuilder::new("SELECT c.id, c.key_account, (TRUE");
    push_record_scope(&mut qb, actor, Resource::Customer, Access::Write);
    qb.push(") AS writable FROM customers c WHERE c.id = ")
        .push_bind(id);
    push_record_scope(&mut qb, actor, Resource::Customer, Access::Read);
    if lock {
        qb.push(" FOR UPDATE");
    }
    qb.build_query_as()
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// The customer if the actor may change it (NOT_FOUND otherwise).
pub(crate) async fn writable_customer(
    conn: &mut PgConnection,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<CustomerFacts> {
    let c = customer(conn, actor, id, true).await?;
    if !c.writable {
        return Err(DomainError::NotFound);
    }
    Ok(c)
}

/// The sales department head for this customer (pre-review, plan review).
pub(crate) fn require_department_head(actor: &Actor, c: &CustomerFacts) -> DomainResult<()> {
    let manager = actor.has_role(Role::SalesManager) && c.writable;
    if manager || actor.has_role(Role::SalesDirector) {
        return Ok(());
    }
    Err(DomainError::Forbidden(
        "only the sales manager of the customer's region or the sales director may review".into(),
    ))
}

/// Director or general manager (KA-2 decision, KA-3 approval).
pub(crate) fn require_executive(actor: &Actor) -> DomainResult<()> {
    if actor.has_any(&[Role::SalesDirector, Role::GeneralManager]) {
        return Ok(());
    }
    Err(DomainError::Forbidden(
        "only the sales director or the general manager may decide".into(),
    ))
}

pub(crate) fn not_own(actor: &Actor, author: Uuid) -> DomainResult<()> {
    if actor.user_id == Some(author) {
        return Err(DomainError::Forbidden(
            "nobody reviews or approves their own submission".into(),
        ));
    }
    Ok(())
}

/// ORG-4: may the actor read the audit trail of this CUS-9/KA record? The
/// same scope as reading the record itself.
pub async fn audit_visible(
    pool: &sqlx::PgPool,
    actor: &Actor,
    entity: &str,
    id: Uuid,
) -> DomainResult<bool> {
    Ok(match entity {
        "COMPLAINT" => crate::customers::complaints::get_complaint(pool, actor, id)
            .await?
            .is_some(),
        "KA_APPLICATION" => get_ka_application(pool, actor, id).await?.is_some(),
        "KA_PLAN" => get_ka_plan(pool, actor, id).await?.is_some(),
        "KA_EVALUATION" => {
            let owner: Option<Uuid> =
                sqlx::query_scalar("SELECT customer_id FROM ka_evaluations WHERE id = $1")
                    .bind(id)
                    .fetch_optional(pool)
                    .await?;
            match owner {
                Some(c) => {
                    let mut conn = pool.acquire().await?;
                    match customer(&mut conn, actor, c, false).await {
                        Ok(_) => true,
                        Err(DomainError::NotFound) => false,
                        Err(e) => return Err(e),
                    }
                }
                None => false,
            }
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests;

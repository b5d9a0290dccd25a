//! TGT-1, TGT-2: sales targets per metric, period and scope, their
//! decomposition check and their attainment from the facts. The
//! definitions are written down in docs/targets.md.
//!
//! - A **target** is an amount for one metric, one period (a year, one of
//!   its quarters or months) and one scope (the company, a unit, a user).
//! - **Decomposition** (分解): the children of a target — the targets of the
//!   scope's child units and direct sellers for the same period, and the
//!   targets of the same scope for the period's quarters or months — must
//!   add up to at least the parent; the gap is reported ([`decomposition`]).
//! - **Attainment** = actual ÷ target, the actual computed from the facts
//!   with the ids of the facts listed ([`attainment`]).
//!
//! Access: a rep sees their own targets, a supervisor or manager those of
//! their unit's subtree and its people, director / GM / admin everything
//! (ORG-3, the `User` resource); the rest is NOT_FOUND. Directors, the GM
//! and admins set every target; a unit head sets those of the units below
//! theirs and of the people in their units (not their own).

pub mod attainment;
pub mod decomposition;
pub mod store;
pub mod tree;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use uuid::Uuid;

use crate::error::{DomainError, DomainResult};
use crate::org::model::text_enum;

pub use attainment::{Attainment, Fact, attainment};
pub use decomposition::{Dimension, Gap, Missing, decomposition};
pub use store::{NewTarget, TargetFilter, list_targets, set_target};

/// Audit entity of targets (CREATE, UPDATE).
pub const TARGET: &str = "TARGET";

text_enum! {
    /// TGT-1 metrics.
    Metric {
        SignedRevenue => "SIGNED_REVENUE",
        Collections => "COLLECTIONS",
        GrossProfit => "GROSS_PROFIT",
        NewCustomers => "NEW_CUSTOMERS",
    }
}

text_enum! {
    /// TGT-1 period kinds.
    PeriodKind { Year => "YEAR", Quarter => "QUARTER", Month => "MONTH" }
}

text_enum! {
    /// TGT-1 scopes.
    ScopeKind { Company => "COMPANY", Unit => "UNIT", User => "USER" }
}

/// A period of a year: the year itself (number 1), a quarter (1..=4) or a
/// month (1..=12). Built only by [`Period::new`], so it always exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub year: i32,
    pub no: i32,
}

impl Period {
    /// VALIDATION `year` outside 2000..=2100, `periodNo` for a period that
    /// does not exist (month 13, quarter 5, year number ≠ 1).
    pub fn new(kind: PeriodKind, year: i32, no: i32) -> DomainResult<Period> {
        crate::calendar::admin::check_year("year", year)?;
        let max = match kind {
            PeriodKind::Year => 1,
            PeriodKind::Quarter => 4,
            PeriodKind::Month => 12,
        };
        if !(1..=max).contains(&no) {
            return Err(DomainError::validation(
                "periodNo",
                format!("a {kind} period is numbered 1 to {max}"),
            ));
        }
        Ok(Period { kind, year, no })
    }

    /// The first and last day of the period.
    pub fn range(&self) -> (NaiveDate, NaiveDate) {
        let (first, months) = match self.kind {
            PeriodKind::Year => (1, 12),
            PeriodKind::Quarter => (3 * self.no as u32 - 2, 3),
            PeriodKind::Month => (self.no as u32, 1),
        };
        let start = NaiveDate::from_ymd_opt(self.year, first, 1).unwrap_or(NaiveDate::MIN);
        let end = start
            .checked_add_months(chrono::Months::new(months))
            .and_then(|d| d.pred_opt())
            .unwrap_or(start);
        (start, end)
    }

    /// The periods one level down: a year's quarters, a quarter's months.
    pub fn children(&self) -> Vec<Period> {
        let (kind, nos) = match self.kind {
            PeriodKind::Year => (PeriodKind::Quarter, 1..=4),
            PeriodKind::Quarter => (PeriodKind::Month, (3 * self.no - 2)..=(3 * self.no)),
            PeriodKind::Month => return Vec::new(),
        };
        nos.map(|no| Period {
            kind,
            year: self.year,
            no,
        })
        .collect()
    }
}

/// Whose target: the company, a unit or a user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum TargetScope {
    Company,
    Unit(Uuid),
    User(Uuid),
}

impl TargetScope {
    /// VALIDATION when the ids do not fit the kind: COMPANY takes none,
    /// UNIT a `unitId` (`scopeId`), USER a `userId` (`scopeId`).
    pub fn new(kind: ScopeKind, id: Option<Uuid>) -> DomainResult<TargetScope> {
        match (kind, id) {
            (ScopeKind::Company, None) => Ok(TargetScope::Company),
            (ScopeKind::Company, Some(_)) => Err(DomainError::validation(
                "scopeId",
                "the company scope takes no id",
            )),
            (ScopeKind::Unit, Some(u)) => Ok(TargetScope::Unit(u)),
            (ScopeKind::User, Some(u)) => Ok(TargetScope::User(u)),
            (_, None) => Err(DomainError::validation(
                "scopeId",
                format!(
                    "a {kind} scope needs the id of its {}",
                    kind.as_str().to_lowercase()
                ),
            )),
        }
    }

    pub fn kind(&self) -> ScopeKind {
        match self {
            TargetScope::Company => ScopeKind::Company,
            TargetScope::Unit(_) => ScopeKind::Unit,
            TargetScope::User(_) => ScopeKind::User,
        }
    }

    pub fn unit_id(&self) -> Option<Uuid> {
        match self {
            TargetScope::Unit(u) => Some(*u),
            _ => None,
        }
    }

    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            TargetScope::User(u) => Some(*u),
            _ => None,
        }
    }
}

/// A stored target.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Target {
    pub id: Uuid,
    pub metric: Metric,
    pub period_kind: PeriodKind,
    pub year: i32,
    pub period_no: i32,
    pub scope: String,
    pub unit_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    pub amount: Decimal,
    pub version: i32,
    pub created_by: Option<Uuid>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_by: Option<Uuid>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl Target {
    pub fn period(&self) -> Period {
        Period {
            kind: self.period_kind,
            year: self.year,
            no: self.period_no,
        }
    }

    pub fn target_scope(&self) -> TargetScope {
        match (self.unit_id, self.user_id) {
            (Some(u), _) => TargetScope::Unit(u),
            (_, Some(u)) => TargetScope::User(u),
            _ => TargetScope::Company,
        }
    }
}

/// TGT-1: a target amount is ≥ 0 with at most 2 decimal places (below
/// 10¹⁴); NEW_CUSTOMERS counts customers, so it is a whole number.
pub fn check_amount(metric: Metric, amount: Decimal) -> DomainResult<Decimal> {
    crate::money::check_amount("amount", amount, crate::money::Sign::NonNegative)?;
    if metric == Metric::NewCustomers && !amount.fract().is_zero() {
        return Err(DomainError::validation(
            "amount",
            "NEW_CUSTOMERS counts customers: a whole number",
        ));
    }
    Ok(amount.round_dp(2))
}

/// actual ÷ target, 4 places (1.0500 = 105 %); None when the target is
/// missing or zero.
pub fn rate(actual: Decimal, target: Option<Decimal>) -> Option<Decimal> {
    target.and_then(|t| crate::money::ratio(actual, t))
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
    Ok(match entity {
        "TARGET" => Some(store::audit_visible(pool, actor, id).await?),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn tgt1_periods_exist_or_are_refused() {
        assert!(Period::new(PeriodKind::Month, 2026, 12).is_ok());
        for (kind, no) in [
            (PeriodKind::Month, 13),
            (PeriodKind::Month, 0),
            (PeriodKind::Quarter, 5),
            (PeriodKind::Year, 2),
        ] {
            match Period::new(kind, 2026, no) {
                Err(DomainError::Validation { field, .. }) => assert_eq!(field, "periodNo"),
                other => panic!("{kind} {no}: {other:?}"),
            }
        }
        assert!(Period::new(PeriodKind::Year, 1999, 1).is_err());
    }

    #[test]
    fn tgt1_period_ranges_and_children() {
        let p = |k, n| Period::new(k, 2028, n).unwrap();
        assert_eq!(
            p(PeriodKind::Year, 1).range(),
            (d("2028-01-01"), d("2028-12-31"))
        );
        assert_eq!(
            p(PeriodKind::Quarter, 1).range(),
            (d("2028-01-01"), d("2028-03-31"))
        );
        assert_eq!(
            p(PeriodKind::Quarter, 4).range(),
            (d("2028-10-01"), d("2028-12-31"))
        );
        assert_eq!(
            p(PeriodKind::Month, 2).range(),
            (d("2028-02-01"), d("2028-02-29"))
        );
        assert_eq!(
            p(PeriodKind::Month, 12).range(),
            (d("2028-12-01"), d("2028-12-31"))
        );
        let q3: Vec<i32> = p(PeriodKind::Quarter, 3)
            .children()
            .iter()
            .map(|c| c.no)
            .collect();
        assert_eq!(q3, vec![7, 8, 9]);
        assert_eq!(p(PeriodKind::Year, 1).children().len(), 4);
        assert!(p(PeriodKind::Month, 5).children().is_empty());
    }

    #[test]
    fn tgt1_amounts_are_non_negative_cents_and_whole_customers() {
        let a = |s: &str| s.parse::<Decimal>().unwrap();
        assert!(check_amount(Metric::SignedRevenue, a("0")).is_ok());
        assert!(check_amount(Metric::SignedRevenue, a("1000.50")).is_ok());
        assert!(check_amount(Metric::SignedRevenue, a("-0.01")).is_err());
        assert!(check_amount(Metric::SignedRevenue, a("1.001")).is_err());
        assert!(check_amount(Metric::NewCustomers, a("12")).is_ok());
        assert!(check_amount(Metric::NewCustomers, a("12.00")).is_ok());
        assert!(check_amount(Metric::NewCustomers, a("1.5")).is_err());
    }

    #[test]
    fn tgt2_rate_is_null_without_a_target() {
        let a = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(rate(a("50"), Some(a("200"))), Some(a("0.25")));
        assert_eq!(rate(a("50"), Some(a("0"))), None);
        assert_eq!(rate(a("50"), None), None);
        assert_eq!(rate(a("1"), Some(a("3"))), Some(a("0.3333")));
    }
}

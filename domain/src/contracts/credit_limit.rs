//! REC-8: which credit limit applies to a customer. Finance (or the
//! director, the general manager) sets an amount or, explicitly, "no
//! limit"; until then the company default for the customer's grade applies
//! (setting `credit_limit_defaults`). Credit control is never switched off
//! by a limit nobody set.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::customers::model::Grade;
use crate::error::{DomainError, DomainResult};

/// The settings key of the company default limits per grade.
pub const SETTING: &str = "credit_limit_defaults";

/// `credit_limit_defaults`: grade → limit (all three grades).
pub type LimitDefaults = BTreeMap<Grade, Decimal>;

/// Where the limit that applies comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LimitSource {
    /// Set for this customer.
    Customer,
    /// Not set: the company default for the customer's grade.
    GradeDefault,
    /// "No limit", set explicitly for this customer.
    Unlimited,
}

impl LimitSource {
    pub fn as_str(self) -> &'static str {
        match self {
            LimitSource::Customer => "CUSTOMER",
            LimitSource::GradeDefault => "GRADE_DEFAULT",
            LimitSource::Unlimited => "UNLIMITED",
        }
    }
}

/// The limit that applies: an amount (from the customer or its grade's
/// default), or none when "no limit" was set explicitly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EffectiveLimit {
    pub amount: Option<Decimal>,
    pub source: LimitSource,
}

/// REC-8: the customer's own limit when set; "no limit" only when set
/// explicitly; otherwise the default of its grade. A grade missing from
/// the defaults (never: the validator requires all three) counts as 0, so
/// every deal needs the director rather than none.
pub fn effective_limit(
    own: Option<Decimal>,
    unlimited: bool,
    grade: Grade,
    defaults: &LimitDefaults,
) -> EffectiveLimit {
    if unlimited {
        return EffectiveLimit {
            amount: None,
            source: LimitSource::Unlimited,
        };
    }
    match own {
        Some(a) => EffectiveLimit {
            amount: Some(a),
            source: LimitSource::Customer,
        },
        None => EffectiveLimit {
            amount: Some(defaults.get(&grade).copied().unwrap_or(Decimal::ZERO)),
            source: LimitSource::GradeDefault,
        },
    }
}

/// Validates `credit_limit_defaults`: a limit for every grade, each ≥ 0
/// with at most 2 places.
pub fn validate_defaults(v: &LimitDefaults) -> DomainResult<()> {
    for g in Grade::ALL {
        let Some(limit) = v.get(g) else {
            return Err(DomainError::validation(
                "value",
                format!("{g} needs a default credit limit"),
            ));
        };
        super::credit::check_limit("value", *limit)?;
    }
    Ok(())
}

/// The company defaults.
pub async fn defaults(conn: &mut sqlx::PgConnection) -> DomainResult<LimitDefaults> {
    let v: serde_json::Value =
        sqlx::query_scalar("SELECT value FROM company_settings WHERE key = $1")
            .bind(SETTING)
            .fetch_one(conn)
            .await?;
    serde_json::from_value(v).map_err(|e| anyhow::anyhow!("{SETTING}: {e}").into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> LimitDefaults {
        [
            (Grade::Strategic, Decimal::from(5_000_000)),
            (Grade::Important, Decimal::from(2_000_000)),
            (Grade::General, Decimal::from(500_000)),
        ]
        .into()
    }

    #[test]
    fn rec8_an_unset_limit_is_the_grade_default_never_no_limit() {
        let d = defaults();
        let e = effective_limit(None, false, Grade::General, &d);
        assert_eq!(e.amount, Some(Decimal::from(500_000)));
        assert_eq!(e.source, LimitSource::GradeDefault);
        let e = effective_limit(None, false, Grade::Strategic, &d);
        assert_eq!(e.amount, Some(Decimal::from(5_000_000)));
        // A limit of 0 set for the customer is a limit of 0: no credit.
        let e = effective_limit(Some(Decimal::ZERO), false, Grade::General, &d);
        assert_eq!(
            (e.amount, e.source),
            (Some(Decimal::ZERO), LimitSource::Customer)
        );
        // "No limit" only when set explicitly.
        let e = effective_limit(Some(Decimal::ONE), true, Grade::General, &d);
        assert_eq!((e.amount, e.source), (None, LimitSource::Unlimited));
    }

    #[test]
    fn rec8_defaults_cover_every_grade() {
        assert!(validate_defaults(&defaults()).is_ok());
        let mut missing = defaults();
        missing.remove(&Grade::Important);
        assert!(validate_defaults(&missing).is_err());
        let mut negative = defaults();
        negative.insert(Grade::General, Decimal::from(-1));
        assert!(validate_defaults(&negative).is_err());
    }
}

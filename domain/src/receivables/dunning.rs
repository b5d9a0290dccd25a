//! REC-6, REC-7, AUTO-3: dunning (催款). The daily scan ([`scan`]) posts what
//! fell due, then, for every overdue item with an open amount, records the
//! level now due (at most once per item and level, `dunning_steps`) with one
//! keyed notification per recipient, sets the credit hold (L3) and signals a
//! HIGH bad-debt risk (L4); it lifts the hold of customers with nothing
//! overdue (REC-7). Promises to pay and open payment disputes pause an item
//! ([`pauses`]). At send time a notice of a paid or paused item is cancelled
//! and the amounts are re-read ([`notices`]). The model is in docs/dunning.md.

pub mod notices;
pub mod pauses;
pub mod risk;
pub mod scan;
pub mod status;

use serde::{Deserialize, Serialize};

use crate::error::{DomainError, DomainResult};

pub use notices::{cancel_reason, refresh_payload};
pub use scan::{lift_hold_if_clear, scan};

/// The setting holding the levels.
pub const LEVELS_KEY: &str = "dunning_levels";
/// Audit entity of promises to pay (CREATE, CANCEL).
pub const PROMISE_TO_PAY: &str = "PROMISE_TO_PAY";
/// Audit entity of payment disputes (OPEN, CLOSE).
pub const PAYMENT_DISPUTE: &str = "PAYMENT_DISPUTE";
/// A promise may pause dunning at most this many days ahead.
pub const MAX_PROMISE_DAYS: i64 = 366;

/// Who a level notifies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RecipientKind {
    /// The customer's active billing contacts with an email (`is_billing`),
    /// in their language.
    BillingContact,
    /// The item's owner (the contract's, or the order's).
    Owner,
    /// The owner's direct head (ORG-5).
    Supervisor,
    /// The first head up the owner's unit chain holding SALES_MANAGER.
    SalesManager,
    /// Every active user holding FINANCE.
    Finance,
    /// Every active user holding SALES_DIRECTOR.
    SalesDirector,
}

/// What a level does besides notifying.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LevelAction {
    /// `customers.credit_hold_since` is set (REC-6 L3).
    CreditHold,
    /// A HIGH bad-debt risk is signalled (REC-6 L4, RISK-1).
    HighRisk,
}

/// One level of the `dunning_levels` setting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// 1..=4, in order.
    pub level: i16,
    /// Calendar days after the due date.
    pub days: i32,
    pub recipients: Vec<RecipientKind>,
    #[serde(default)]
    pub actions: Vec<LevelAction>,
}

/// The `dunning_levels` setting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Levels {
    pub levels: Vec<Level>,
}

impl Levels {
    /// The days of each level, in order.
    pub fn days(&self) -> Vec<i32> {
        self.levels.iter().map(|l| l.days).collect()
    }

    /// The level with number `n`.
    pub fn get(&self, n: i16) -> Option<&Level> {
        self.levels.iter().find(|l| l.level == n)
    }
}

/// Validates `dunning_levels`: 1 to 4 levels numbered 1, 2, … in order,
/// days from 1 to 3650 strictly increasing, at least one recipient each,
/// no recipient or action twice (VALIDATION `value.levels…`).
pub fn validate_levels(v: &Levels) -> DomainResult<()> {
    if v.levels.is_empty() || v.levels.len() > 4 {
        return Err(DomainError::validation("value.levels", "1 to 4 levels"));
    }
    let mut prev = 0;
    for (i, l) in v.levels.iter().enumerate() {
        let f = |name: &str| format!("value.levels.{i}.{name}");
        if usize::try_from(l.level).ok() != Some(i + 1) {
            return Err(DomainError::validation(
                f("level"),
                format!("levels are numbered 1, 2, … in order; expected {}", i + 1),
            ));
        }
        if !(1..=3650).contains(&l.days) {
            return Err(DomainError::validation(f("days"), "1 to 3650 days"));
        }
        if l.days <= prev {
            return Err(DomainError::validation(
                f("days"),
                "levels out of order: each level's days must be greater than the previous level's",
            ));
        }
        prev = l.days;
        if l.recipients.is_empty() {
            return Err(DomainError::validation(
                f("recipients"),
                "at least one recipient",
            ));
        }
        let mut seen = std::collections::HashSet::new();
        if !l.recipients.iter().all(|r| seen.insert(*r)) {
            return Err(DomainError::validation(
                f("recipients"),
                "each recipient at most once",
            ));
        }
        let mut seen = std::collections::HashSet::new();
        if !l.actions.iter().all(|a| seen.insert(*a)) {
            return Err(DomainError::validation(
                f("actions"),
                "each action at most once",
            ));
        }
    }
    Ok(())
}

/// REC-6: the highest level due `days_overdue` calendar days after the due
/// date (0: none). `days` are the levels' days, strictly increasing.
pub fn dunning_level_due(days: &[i32], days_overdue: i64) -> i16 {
    days.iter()
        .filter(|d| i64::from(**d) <= days_overdue)
        .count() as i16
}

/// Updates `dunning_levels` (settings mutation arm): validated, versioned,
/// audited as SETTING UPDATE.
pub async fn update_levels(
    pool: &sqlx::PgPool,
    ctx: &crate::Ctx,
    value: serde_json::Value,
    version: i32,
) -> DomainResult<crate::customers::settings::Setting> {
    crate::customers::settings::update::<Levels>(
        pool,
        ctx,
        LEVELS_KEY,
        value,
        version,
        validate_levels,
    )
    .await
}

/// Reads the levels.
pub async fn levels(pool: &sqlx::PgPool) -> DomainResult<Levels> {
    crate::customers::settings::get(pool, LEVELS_KEY).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lv(level: i16, days: i32) -> Level {
        Level {
            level,
            days,
            recipients: vec![RecipientKind::Owner],
            actions: vec![],
        }
    }

    fn field(e: DomainError) -> String {
        match e {
            DomainError::Validation { field, .. } => field,
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn rec6_level_due_counts_calendar_days_after_the_due_date() {
        let days = [3, 15, 30, 90];
        assert_eq!(dunning_level_due(&days, 0), 0);
        assert_eq!(dunning_level_due(&days, 2), 0);
        assert_eq!(dunning_level_due(&days, 3), 1);
        assert_eq!(dunning_level_due(&days, 14), 1);
        assert_eq!(dunning_level_due(&days, 15), 2);
        assert_eq!(dunning_level_due(&days, 30), 3);
        assert_eq!(dunning_level_due(&days, 89), 3);
        assert_eq!(dunning_level_due(&days, 90), 4);
        assert_eq!(dunning_level_due(&days, 4000), 4);
    }

    #[test]
    fn rec6_levels_must_be_in_order() {
        let ok = Levels {
            levels: vec![lv(1, 3), lv(2, 15)],
        };
        assert!(validate_levels(&ok).is_ok());
        let out_of_order = Levels {
            levels: vec![lv(1, 15), lv(2, 3)],
        };
        assert_eq!(
            field(validate_levels(&out_of_order).unwrap_err()),
            "value.levels.1.days"
        );
        let same = Levels {
            levels: vec![lv(1, 3), lv(2, 3)],
        };
        assert!(validate_levels(&same).is_err());
        let numbering = Levels {
            levels: vec![lv(2, 3)],
        };
        assert_eq!(
            field(validate_levels(&numbering).unwrap_err()),
            "value.levels.0.level"
        );
        assert!(validate_levels(&Levels { levels: vec![] }).is_err());
        let five = Levels {
            levels: (1..=5).map(|i| lv(i, i32::from(i) * 10)).collect(),
        };
        assert!(validate_levels(&five).is_err());
        let mut none = lv(1, 3);
        none.recipients.clear();
        assert!(validate_levels(&Levels { levels: vec![none] }).is_err());
    }

    #[test]
    fn rec6_default_setting_is_valid() {
        let sql = include_str!("../../../migrations/20261122000018_dunning.sql");
        let start = sql.find("'{\"levels\"").unwrap() + 1;
        let end = sql[start..].find("}'").unwrap() + start + 1;
        let v: Levels = serde_json::from_str(&sql[start..end]).unwrap();
        validate_levels(&v).unwrap();
        assert_eq!(v.days(), vec![3, 15, 30, 90]);
    }
}

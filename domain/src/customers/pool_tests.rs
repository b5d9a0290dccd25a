//! CUS-4 unit tests of the reclaim rule.

use super::*;

const T: ReclaimThresholds = ReclaimThresholds {
    general: 90,
    important: 180,
};

fn at(d: &str) -> DateTime<Utc> {
    format!("{d}T04:00:00Z").parse().unwrap()
}

fn day(d: &str) -> NaiveDate {
    d.parse().unwrap()
}

#[test]
fn cus4_general_returns_after_90_idle_days() {
    let created = at("2026-01-01");
    let last = Some(at("2026-03-01"));
    assert_eq!(
        pool_reclaim_due(
            Grade::General,
            false,
            last,
            None,
            created,
            false,
            day("2026-05-29"),
            &T
        ),
        None
    );
    assert_eq!(
        pool_reclaim_due(
            Grade::General,
            false,
            last,
            None,
            created,
            false,
            day("2026-05-30"),
            &T
        ),
        Some(ReclaimReason {
            days_idle: 90,
            threshold: 90
        })
    );
    assert!(
        pool_reclaim_due(
            Grade::Important,
            false,
            last,
            None,
            created,
            false,
            day("2026-05-30"),
            &T
        )
        .is_none()
    );
}

#[test]
fn cus4_strategic_key_accounts_and_open_opportunities_never_return() {
    let old = at("2020-01-01");
    let asof = day("2026-01-01");
    assert!(
        pool_reclaim_due(
            Grade::Strategic,
            false,
            None,
            Some(old),
            old,
            false,
            asof,
            &T
        )
        .is_none()
    );
    assert!(
        pool_reclaim_due(Grade::General, true, None, Some(old), old, false, asof, &T).is_none()
    );
    assert!(
        pool_reclaim_due(Grade::General, false, None, Some(old), old, true, asof, &T).is_none()
    );
    assert!(
        pool_reclaim_due(Grade::General, false, None, Some(old), old, false, asof, &T).is_some()
    );
}

#[test]
fn cus4_without_interaction_counts_from_owned_since() {
    let created = at("2020-01-01");
    let owned = Some(at("2026-01-01"));
    assert!(
        pool_reclaim_due(
            Grade::General,
            false,
            None,
            owned,
            created,
            false,
            day("2026-03-01"),
            &T
        )
        .is_none()
    );
    assert_eq!(
        pool_reclaim_due(
            Grade::General,
            false,
            None,
            owned,
            created,
            false,
            day("2026-04-01"),
            &T
        )
        .map(|r| r.days_idle),
        Some(90)
    );
}

#[test]
fn cus4_a_new_owner_starts_a_fresh_idle_period() {
    // Last contacted by the previous owner a year ago; transferred on 1 March.
    let created = at("2025-01-01");
    let last = Some(at("2025-03-01"));
    let owned = Some(at("2026-03-01"));
    let due = |d| {
        pool_reclaim_due(
            Grade::General,
            false,
            last,
            owned,
            created,
            false,
            day(d),
            &T,
        )
    };
    let warn = |d| {
        pool_warning_due(
            Grade::General,
            false,
            last,
            owned,
            created,
            false,
            day(d),
            &T,
        )
    };
    assert_eq!(due("2026-03-02"), None, "not idle for the new owner");
    assert_eq!(warn("2026-03-02"), None);
    assert_eq!(warn("2026-05-23").map(|r| r.days_idle), Some(83));
    assert_eq!(due("2026-05-30").map(|r| r.days_idle), Some(90));
    assert_eq!(idle_since(last, owned, created), at("2026-03-01"));
    // An interaction after the change of owner counts from itself.
    let later = Some(at("2026-04-01"));
    assert_eq!(idle_since(later, owned, created), at("2026-04-01"));
    assert_eq!(idle_since(None, None, created), created);
}

#[test]
fn cus4_warning_in_the_seven_days_before() {
    let owned = Some(at("2026-01-01"));
    let c = at("2026-01-01");
    let w = |d| pool_warning_due(Grade::General, false, None, owned, c, false, day(d), &T);
    assert!(w("2026-03-24").is_none()); // 82 days
    assert_eq!(w("2026-03-25").map(|r| r.days_idle), Some(83));
    assert_eq!(w("2026-03-31").map(|r| r.days_idle), Some(89));
    assert!(w("2026-04-01").is_none()); // 90: returning, not warned
}

#[test]
fn cus4_thresholds_validate() {
    assert!(T.validate().is_ok());
    assert!(
        ReclaimThresholds {
            general: 0,
            important: 5
        }
        .validate()
        .is_err()
    );
    assert!(
        ReclaimThresholds {
            general: 3651,
            important: 5
        }
        .validate()
        .is_err()
    );
}

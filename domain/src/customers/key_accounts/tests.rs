//! Unit tests of the KA rules.

use super::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn ka4_relationship_score_weights_and_levels() {
    assert_eq!(
        relationship_score(5, 5, 5, 5).unwrap(),
        (d("100"), RelationshipLevel::Core)
    );
    assert_eq!(
        relationship_score(1, 1, 1, 1).unwrap(),
        (d("0"), RelationshipLevel::AtRisk)
    );
    // 0.30*5 + 0.25*4 + 0.20*4 + 0.25*4 = 4.30 → 82.5
    assert_eq!(
        relationship_score(5, 4, 4, 4).unwrap(),
        (d("82.5"), RelationshipLevel::Core)
    );
    // all 4 → 75
    assert_eq!(
        relationship_score(4, 4, 4, 4).unwrap().1,
        RelationshipLevel::Stable
    );
    // all 3 → 50
    assert_eq!(
        relationship_score(3, 3, 3, 3).unwrap(),
        (d("50"), RelationshipLevel::Watch)
    );
    // 0.6 + 1.0 + 0.8 + 1.0 = 3.4 → 60 exactly: STABLE at the boundary
    assert_eq!(
        relationship_score(2, 4, 4, 4).unwrap(),
        (d("60"), RelationshipLevel::Stable)
    );
    assert_eq!(
        relationship_score(2, 2, 2, 2).unwrap(),
        (d("25"), RelationshipLevel::AtRisk)
    );
    assert!(relationship_score(0, 3, 3, 3).is_err());
    assert!(relationship_score(3, 3, 3, 6).is_err());
}

#[test]
fn ka1_admission_needs_all_criteria_and_threshold() {
    let all = Criteria {
        good_credit: true,
        clear_needs: true,
        agrees_with_offering: true,
        fits_strategy: true,
    };
    let t = d("500000");
    assert!(check_admission(&all, d("500000"), t).is_ok());
    let e = check_admission(&all, d("499999.99"), t).unwrap_err();
    assert!(matches!(e, DomainError::Validation { field, .. } if field == "expectedAnnualRevenue"));
    let e = check_admission(
        &Criteria {
            fits_strategy: false,
            ..all
        },
        d("900000"),
        t,
    )
    .unwrap_err();
    assert!(matches!(e, DomainError::Validation { field, .. } if field == "fitsStrategy"));
    assert!(money("x", d("-1")).is_err());
    assert!(money("x", d("1.005")).is_err());
    assert!(validate_ka_revenue_threshold("500000").is_ok());
    assert!(validate_ka_revenue_threshold("abc").is_err());
}

#[test]
fn ka2_rejection_needs_a_reason() {
    assert!(reason(false, None).is_err());
    assert!(reason(false, Some("  ")).is_err());
    assert_eq!(reason(true, None).unwrap(), None);
    assert_eq!(reason(false, Some(" no ")).unwrap().as_deref(), Some("no"));
}

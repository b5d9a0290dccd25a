//! Unit tests of the CUS-9 rules.

use super::ComplaintStatus::*;
use super::*;

fn is_conflict(r: DomainResult<()>) -> bool {
    matches!(r, Err(DomainError::Conflict { .. }))
}

fn field(r: DomainResult<()>) -> String {
    match r {
        Err(DomainError::Validation { field, .. }) => field,
        other => panic!("expected validation, got {other:?}"),
    }
}

#[test]
fn cus9_only_forward_single_steps() {
    let all = TransitionFields {
        cause: Some("c".into()),
        solution: Some("s".into()),
        reply: Some("r".into()),
        outcome_satisfaction: Some(4),
    };
    for from in ComplaintStatus::ALL {
        for to in ComplaintStatus::ALL {
            let legal = matches!(
                (from, to),
                (Received, Investigating) | (Investigating, Resolved) | (Resolved, Closed)
            );
            let r = complaint_transition(*from, *to, &all);
            assert_eq!(r.is_ok(), legal, "{from} -> {to}");
            if !legal {
                assert!(is_conflict(r));
            }
        }
    }
}

#[test]
fn cus9_steps_need_their_fields() {
    let none = TransitionFields::default();
    assert_eq!(
        field(complaint_transition(Investigating, Resolved, &none)),
        "cause"
    );
    let cause = TransitionFields {
        cause: Some("c".into()),
        solution: Some("  ".into()),
        ..none.clone()
    };
    assert_eq!(
        field(complaint_transition(Investigating, Resolved, &cause)),
        "solution"
    );
    assert_eq!(
        field(complaint_transition(Resolved, Closed, &none)),
        "reply"
    );
    let reply = TransitionFields {
        reply: Some("ok".into()),
        ..none.clone()
    };
    assert_eq!(
        field(complaint_transition(Resolved, Closed, &reply)),
        "outcomeSatisfaction"
    );
    let bad = TransitionFields {
        outcome_satisfaction: Some(6),
        ..reply.clone()
    };
    assert_eq!(
        field(complaint_transition(Resolved, Closed, &bad)),
        "outcomeSatisfaction"
    );
    let long = TransitionFields {
        reply: Some("x".repeat(5001)),
        outcome_satisfaction: Some(3),
        ..none
    };
    assert_eq!(
        field(complaint_transition(Resolved, Closed, &long)),
        "reply"
    );
}

#[test]
fn cus9_deadline_per_severity_and_overdue() {
    let h = DeadlineHours {
        high: 24,
        medium: 72,
        low: 168,
    };
    let t = DateTime::parse_from_rfc3339("2026-11-02T08:00:00Z")
        .unwrap()
        .to_utc();
    assert_eq!(deadline(t, Severity::High, &h), t + Duration::hours(24));
    assert_eq!(deadline(t, Severity::Low, &h), t + Duration::days(7));
    let d = deadline(t, Severity::Medium, &h);
    assert!(
        !is_overdue(Received, d, d),
        "at the deadline is not yet overdue"
    );
    assert!(is_overdue(Investigating, d, d + Duration::seconds(1)));
    assert!(!is_overdue(Resolved, d, d + Duration::days(9)));
}

#[test]
fn cus9_deadline_setting_validator() {
    assert!(
        validate_complaint_deadline_hours(&DeadlineHours {
            high: 1,
            medium: 72,
            low: 720
        })
        .is_ok()
    );
    assert!(
        validate_complaint_deadline_hours(&DeadlineHours {
            high: 0,
            medium: 72,
            low: 168
        })
        .is_err()
    );
    assert!(
        validate_complaint_deadline_hours(&DeadlineHours {
            high: 24,
            medium: 72,
            low: 721
        })
        .is_err()
    );
    let missing: Result<DeadlineHours, _> = serde_json::from_str(r#"{"HIGH": 1, "MEDIUM": 2}"#);
    assert!(missing.is_err());
    let extra: Result<DeadlineHours, _> =
        serde_json::from_str(r#"{"HIGH": 1, "MEDIUM": 2, "LOW": 3, "X": 4}"#);
    assert!(extra.is_err());
}

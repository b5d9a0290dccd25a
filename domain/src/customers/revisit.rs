//! CUS-6 revisit policy as plain functions; the stores are in
//! `revisit_store` (docs/customers.md, "Revisits").

use std::collections::BTreeMap;

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::interactions::InteractionKind;
use super::model::{Grade, Tier};

pub use crate::clock::{COMPANY_TZ, company_date, start_of_day};

/// The settings key of the intervals.
pub const SETTING: &str = "revisit_interval_days";

/// `revisit_interval_days`: days per grade and per tier.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RevisitPolicy {
    pub grade: BTreeMap<Grade, i64>,
    pub tier: BTreeMap<Tier, i64>,
}

/// Validates a `revisit_interval_days` value: every grade and tier has an
/// interval of 1 to 366 days.
pub fn validate_revisit_policy(p: &RevisitPolicy) -> crate::error::DomainResult<()> {
    let bad = |what: &str| {
        crate::error::DomainError::validation(
            "value",
            format!("{what} needs an interval of 1 to 366 days"),
        )
    };
    for g in Grade::ALL {
        if !p.grade.get(g).is_some_and(|n| (1..=366).contains(n)) {
            return Err(bad(g.as_str()));
        }
    }
    for t in Tier::ALL {
        if !p.tier.get(t).is_some_and(|n| (1..=366).contains(n)) {
            return Err(bad(t.as_str()));
        }
    }
    Ok(())
}

/// The defaults of DOMAIN.md, used for a grade or tier the setting lacks.
fn default_grade(g: Grade) -> i64 {
    match g {
        Grade::Strategic | Grade::Important => 30,
        Grade::General => 90,
    }
}

fn default_tier(t: Tier) -> i64 {
    match t {
        Tier::A => 30,
        Tier::B => 60,
        Tier::C => 90,
    }
}

/// CUS-6: the interval of a customer, the shorter of its grade's and tier's.
pub fn revisit_interval(grade: Grade, tier: Tier, policy: &RevisitPolicy) -> i64 {
    let g = policy
        .grade
        .get(&grade)
        .copied()
        .unwrap_or_else(|| default_grade(grade));
    let t = policy
        .tier
        .get(&tier)
        .copied()
        .unwrap_or_else(|| default_tier(tier));
    g.min(t).max(1)
}

/// Face-to-face kinds: what a STRATEGIC customer's revisit must be.
pub const FACE_TO_FACE: &[InteractionKind] = &[InteractionKind::Visit, InteractionKind::Meeting];

/// CUS-6: whether an interaction of `kind` counts as a revisit of a customer
/// of `grade`. STRATEGIC: VISIT or MEETING only (a seminar or demo is not a
/// meeting with the account). Others: every kind except OTHER.
/// The trigger of migration 20261122000004 encodes the same rule.
pub fn qualifies(kind: InteractionKind, grade: Grade) -> bool {
    match grade {
        Grade::Strategic => FACE_TO_FACE.contains(&kind),
        Grade::Important | Grade::General => kind != InteractionKind::Other,
    }
}

/// CUS-6: `interval` days after the last qualifying interaction's day, or
/// after the day the customer was created if there was none.
pub fn next_revisit_due(
    last_qualifying: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    interval: i64,
) -> NaiveDate {
    let from = company_date(last_qualifying.unwrap_or(created_at));
    from.checked_add_days(Days::new(interval.max(0) as u64))
        .unwrap_or(from)
}

/// Days past `due` on `today` (0 when not yet due).
pub fn days_overdue(due: NaiveDate, today: NaiveDate) -> i64 {
    (today - due).num_days().max(0)
}

/// Due dates counted and met, for CUS-6 compliance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Compliance {
    pub due: i64,
    pub done: i64,
}

/// CUS-6 compliance of one customer: walks the chain of due dates (created
/// day + interval, then each qualifying interaction's day + interval). A due
/// date in `[from, to]` that has fully passed (`< today`) counts as due; it
/// is met when the next qualifying interaction after the previous anchor
/// falls on or before it. `qualifying` are the days of the qualifying
/// interactions, any order.
pub fn compliance(
    created: NaiveDate,
    qualifying: &[NaiveDate],
    interval: i64,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Compliance {
    let mut days: Vec<NaiveDate> = qualifying
        .iter()
        .copied()
        .filter(|d| *d > created)
        .collect();
    days.sort_unstable();
    let step = Days::new(interval.max(1) as u64);
    let mut out = Compliance::default();
    let mut anchor = created;
    let mut next = days.into_iter().peekable();
    while let Some(due) = anchor.checked_add_days(step) {
        if due > to || due >= today {
            break;
        }
        while next.peek().is_some_and(|q| *q <= anchor) {
            next.next();
        }
        let visit = next.next();
        if due >= from {
            out.due += 1;
            if visit.is_some_and(|q| q <= due) {
                out.done += 1;
            }
        }
        match visit {
            Some(q) => anchor = q,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn policy() -> RevisitPolicy {
        serde_json::from_value(serde_json::json!({"grade": {"STRATEGIC": 30, "IMPORTANT": 30, "GENERAL": 90}, "tier": {"A": 30, "B": 60, "C": 90}})).unwrap()
    }

    #[test]
    fn cus6_interval_is_the_shorter_of_grade_and_tier() {
        let p = policy();
        assert_eq!(revisit_interval(Grade::General, Tier::B, &p), 60);
        assert_eq!(revisit_interval(Grade::General, Tier::C, &p), 90);
        assert_eq!(revisit_interval(Grade::Important, Tier::C, &p), 30);
        assert_eq!(
            revisit_interval(Grade::General, Tier::A, &RevisitPolicy::default()),
            30
        );
        assert!(validate_revisit_policy(&p).is_ok());
        assert!(validate_revisit_policy(&RevisitPolicy::default()).is_err());
        let mut zero = p.clone();
        zero.tier.insert(Tier::B, 0);
        assert!(validate_revisit_policy(&zero).is_err());
    }

    #[test]
    fn cus6_strategic_needs_face_to_face() {
        use InteractionKind::*;
        assert!(qualifies(Visit, Grade::Strategic));
        assert!(qualifies(Meeting, Grade::Strategic));
        for k in [Phone, Email, Demo, Seminar, Other] {
            assert!(!qualifies(k, Grade::Strategic), "{k}");
        }
        for k in [Visit, Phone, Email, Meeting, Demo, Seminar] {
            assert!(qualifies(k, Grade::General) && qualifies(k, Grade::Important));
        }
        assert!(!qualifies(Other, Grade::General));
    }

    #[test]
    fn cus6_next_due_counts_from_last_qualifying_or_creation_in_company_days() {
        let created: DateTime<Utc> = "2026-01-01T02:00:00Z".parse().unwrap();
        assert_eq!(next_revisit_due(None, created, 30), d("2026-01-31"));
        // 2026-03-01 17:00 UTC is 03-02 01:00 in Shanghai.
        let last: DateTime<Utc> = "2026-03-01T17:00:00Z".parse().unwrap();
        assert_eq!(next_revisit_due(Some(last), created, 30), d("2026-04-01"));
        assert_eq!(days_overdue(d("2026-04-01"), d("2026-04-05")), 4);
        assert_eq!(days_overdue(d("2026-04-01"), d("2026-03-05")), 0);
        assert_eq!(
            start_of_day(d("2026-04-01")),
            "2026-03-31T16:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }

    #[test]
    fn cus6_compliance_walks_the_chain_of_due_dates() {
        let today = d("2026-12-31");
        // Created 01-01, interval 30: due 01-31 (met 01-20), due 02-19 (missed,
        // late visit 03-01), due 03-31 (no visit: missed, chain ends).
        let visits = [d("2026-01-20"), d("2026-03-01")];
        let c = compliance(
            d("2026-01-01"),
            &visits,
            30,
            d("2026-01-01"),
            d("2026-06-30"),
            today,
        );
        assert_eq!(c, Compliance { due: 3, done: 1 });
        // Only due dates in the period count.
        let c = compliance(
            d("2026-01-01"),
            &visits,
            30,
            d("2026-02-01"),
            d("2026-02-28"),
            today,
        );
        assert_eq!(c, Compliance { due: 1, done: 0 });
        // Not yet passed: not counted.
        let c = compliance(
            d("2026-01-01"),
            &[],
            30,
            d("2026-01-01"),
            d("2026-12-31"),
            d("2026-01-31"),
        );
        assert_eq!(c, Compliance::default());
        // Two visits the same day count once.
        let c = compliance(
            d("2026-01-01"),
            &[d("2026-01-10"), d("2026-01-10")],
            30,
            d("2026-01-01"),
            d("2026-02-28"),
            today,
        );
        assert_eq!(c, Compliance { due: 2, done: 1 });
    }
}

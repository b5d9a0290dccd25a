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

/// `revisit_interval_days`: days per grade and per tier, and the longest
/// interval of a key account (`key_account`, default 30).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisitPolicy {
    pub grade: BTreeMap<Grade, i64>,
    pub tier: BTreeMap<Tier, i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_account: Option<i64>,
}

/// CUS-6: every key account needs a face-to-face revisit at least this often.
pub const KEY_ACCOUNT_INTERVAL: i64 = 30;

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
    if p.key_account.is_some_and(|n| !(1..=366).contains(&n)) {
        return Err(bad("key_account"));
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

/// What CUS-6 asks of a customer depends on its grade, its tier and whether
/// it is a key account: the revisit class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RevisitClass {
    pub grade: Grade,
    pub tier: Tier,
    pub key_account: bool,
}

/// Face-to-face kinds: what a STRATEGIC customer's or a key account's
/// revisit must be.
pub const FACE_TO_FACE: &[InteractionKind] = &[InteractionKind::Visit, InteractionKind::Meeting];

impl RevisitClass {
    /// Every class: each a branch of the SQL of the stores and the scan.
    pub fn all() -> impl Iterator<Item = RevisitClass> {
        Grade::ALL.iter().flat_map(|&grade| {
            Tier::ALL.iter().flat_map(move |&tier| {
                [false, true].map(|key_account| RevisitClass {
                    grade,
                    tier,
                    key_account,
                })
            })
        })
    }

    /// Unknown grade or tier text (never stored: CHECK constraints) reads as
    /// the least demanding class.
    pub fn parse(grade: &str, tier: &str, key_account: bool) -> Self {
        RevisitClass {
            grade: grade.parse().unwrap_or(Grade::General),
            tier: tier.parse().unwrap_or(Tier::C),
            key_account,
        }
    }

    /// STRATEGIC customers and every key account (the flag, whatever the
    /// grade) are revisited face to face.
    pub fn face_to_face(self) -> bool {
        self.grade == Grade::Strategic || self.key_account
    }

    /// The interval: the shorter of the grade's and the tier's, and for a
    /// key account at most the key-account interval (default 30 days).
    pub fn interval(self, policy: &RevisitPolicy) -> i64 {
        let g = policy
            .grade
            .get(&self.grade)
            .copied()
            .unwrap_or_else(|| default_grade(self.grade));
        let t = policy
            .tier
            .get(&self.tier)
            .copied()
            .unwrap_or_else(|| default_tier(self.tier));
        let mut n = g.min(t);
        if self.key_account {
            n = n.min(policy.key_account.unwrap_or(KEY_ACCOUNT_INTERVAL));
        }
        n.max(1)
    }

    /// Whether an interaction of `kind` counts as a revisit: face to face
    /// (VISIT or MEETING: a seminar or demo is not a meeting with the
    /// account) where [`Self::face_to_face`], otherwise every kind except
    /// OTHER. The trigger of migration 20261122000004 keeps one column per
    /// answer (`last_face_to_face_at`, `last_revisit_at`).
    pub fn qualifies(self, kind: InteractionKind) -> bool {
        if self.face_to_face() {
            FACE_TO_FACE.contains(&kind)
        } else {
            kind != InteractionKind::Other
        }
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

    fn class(grade: Grade, tier: Tier) -> RevisitClass {
        RevisitClass {
            grade,
            tier,
            key_account: false,
        }
    }

    #[test]
    fn cus6_interval_is_the_shorter_of_grade_and_tier() {
        let p = policy();
        assert_eq!(class(Grade::General, Tier::B).interval(&p), 60);
        assert_eq!(class(Grade::General, Tier::C).interval(&p), 90);
        assert_eq!(class(Grade::Important, Tier::C).interval(&p), 30);
        assert_eq!(
            class(Grade::General, Tier::A).interval(&RevisitPolicy::default()),
            30
        );
        assert!(validate_revisit_policy(&p).is_ok());
        assert!(validate_revisit_policy(&RevisitPolicy::default()).is_err());
        let mut zero = p.clone();
        zero.tier.insert(Tier::B, 0);
        assert!(validate_revisit_policy(&zero).is_err());
        let mut ka = p.clone();
        ka.key_account = Some(400);
        assert!(validate_revisit_policy(&ka).is_err());
        assert_eq!(RevisitClass::all().count(), 18);
    }

    #[test]
    fn cus6_strategic_needs_face_to_face() {
        use InteractionKind::*;
        let strategic = class(Grade::Strategic, Tier::C);
        assert!(strategic.qualifies(Visit));
        assert!(strategic.qualifies(Meeting));
        for k in [Phone, Email, Demo, Seminar, Other] {
            assert!(!strategic.qualifies(k), "{k}");
        }
        for k in [Visit, Phone, Email, Meeting, Demo, Seminar] {
            assert!(
                class(Grade::General, Tier::C).qualifies(k)
                    && class(Grade::Important, Tier::C).qualifies(k)
            );
        }
        assert!(!class(Grade::General, Tier::C).qualifies(Other));
    }

    #[test]
    fn cus6_every_key_account_needs_face_to_face_at_least_every_30_days() {
        use InteractionKind::*;
        let p = policy();
        let ka = RevisitClass {
            grade: Grade::General,
            tier: Tier::C,
            key_account: true,
        };
        assert!(ka.face_to_face());
        assert_eq!(ka.interval(&p), 30, "not the GENERAL/C 90 days");
        assert!(ka.qualifies(Visit) && ka.qualifies(Meeting));
        for k in [Phone, Email, Demo, Seminar, Other] {
            assert!(!ka.qualifies(k), "{k}");
        }
        // The key-account interval is configurable, and never lengthens
        // a shorter grade or tier interval.
        let mut p2 = p.clone();
        p2.key_account = Some(14);
        assert_eq!(ka.interval(&p2), 14);
        p2.key_account = Some(60);
        assert_eq!(ka.interval(&p2), 60);
        let ka_a = RevisitClass {
            tier: Tier::A,
            ..ka
        };
        assert_eq!(ka_a.interval(&p2), 30);
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

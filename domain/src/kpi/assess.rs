//! KPI-2..KPI-5 for one person, as a plain function of the sums of their
//! facts, their targets and their scheme; and the ranks within a unit.
//! The runs ([`super::runs`]) read the inputs set-based and write the
//! outputs in bulk.

use std::collections::HashMap;

use rust_decimal::Decimal;
use uuid::Uuid;

use super::scoring::{self, round};
use super::{Kpi, schemes::SchemeKpi};
use crate::targets::{Metric, PeriodKind};

/// Σ num, Σ den and the number of facts of one KPI of one person.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sums {
    pub num: Decimal,
    pub den: Decimal,
    pub count: i64,
}

/// One KPI of a result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KpiOutcome {
    pub kpi: Kpi,
    pub position: i16,
    pub weight: Decimal,
    pub numerator: Decimal,
    pub denominator: Decimal,
    pub actual: Option<Decimal>,
    pub target: Option<Decimal>,
    pub score: Option<Decimal>,
    pub weighted: Option<Decimal>,
    pub fact_count: i64,
}

/// A person's result before its rank is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub kpis: Vec<KpiOutcome>,
    pub total: Decimal,
    pub grade: &'static str,
    pub complete: bool,
    pub completion: Option<Decimal>,
    pub met: Option<bool>,
    pub collected: Decimal,
    pub commission_rate: Decimal,
    pub bonus_multiplier: Decimal,
    pub bonus: Option<Decimal>,
}

/// What one person's assessment is computed from.
pub struct Inputs<'a> {
    pub period_kind: PeriodKind,
    pub scheme: &'a [SchemeKpi],
    pub commission_rate: Decimal,
    /// Σ per KPI (absent: no facts).
    pub sums: &'a HashMap<Kpi, Sums>,
    /// The person's TGT-1 targets of the period.
    pub targets: &'a HashMap<Metric, Decimal>,
}

/// KPI-2..KPI-5 of one person (docs/assessments.md).
pub fn assess(i: &Inputs<'_>) -> Outcome {
    let sums = |k: Kpi| i.sums.get(&k).copied().unwrap_or_default();
    let mut kpis = Vec::with_capacity(i.scheme.len());
    for sk in i.scheme {
        let kpi = sk.kpi();
        let s = sums(kpi);
        let actual = kpi.value(s.num, s.den);
        let target = sk
            .target
            .or_else(|| kpi.target_metric().and_then(|m| i.targets.get(&m).copied()));
        let score = scoring::score(kpi, actual, target);
        kpis.push(KpiOutcome {
            kpi,
            position: sk.position,
            weight: sk.weight,
            numerator: round(s.num, 4),
            denominator: round(s.den, 4),
            actual,
            target,
            score,
            weighted: score.map(|sc| scoring::weighted(sc, sk.weight)),
            fact_count: s.count,
        });
    }
    let total: Decimal = kpis.iter().filter_map(|k| k.weighted).sum();
    let complete = kpis.iter().all(|k| k.score.is_some());
    let signed = sums(Kpi::SignedRevenue).num;
    let signed_target = i.targets.get(&Metric::SignedRevenue).copied();
    let completion = scoring::completion(signed, signed_target);
    let collected = round(sums(Kpi::CollectionAmount).num, 2);
    let bonus_multiplier = scoring::bonus_multiplier(signed, signed_target);
    let bonus = (i.period_kind == PeriodKind::Month)
        .then(|| scoring::bonus(i.commission_rate, collected, bonus_multiplier));
    Outcome {
        kpis,
        total,
        grade: scoring::grade(total),
        complete,
        completion,
        met: scoring::met(signed, signed_target),
        collected,
        commission_rate: i.commission_rate,
        bonus_multiplier,
        bonus,
    }
}

/// KPI-3: rank (`rank()` by total, best first) and size of each result's
/// group of (unit, scheme). `keys[i]` = (unit, scheme) of result `i`.
pub fn rank_in_units(keys: &[(Uuid, Uuid)], totals: &[Decimal]) -> Vec<(i32, i32)> {
    let mut groups: HashMap<(Uuid, Uuid), Vec<usize>> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        groups.entry(*k).or_default().push(i);
    }
    let mut out = vec![(1, 1); keys.len()];
    for members in groups.values() {
        let t: Vec<Decimal> = members.iter().map(|i| totals[*i]).collect();
        let size = members.len() as i32;
        for (rank, i) in scoring::ranks(&t).into_iter().zip(members) {
            out[*i] = (rank, size);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn sk(kpi: Kpi, position: i16, weight: &str, target: Option<&str>) -> SchemeKpi {
        SchemeKpi {
            kpi: kpi.as_str().to_owned(),
            position,
            weight: d(weight),
            target: target.map(d),
        }
    }

    fn sums(num: &str, den: &str, count: i64) -> Sums {
        Sums {
            num: d(num),
            den: d(den),
            count,
        }
    }

    #[test]
    fn kpi2_to_kpi5_one_person_by_hand() {
        let scheme = vec![
            sk(Kpi::SignedRevenue, 1, "50", None),
            sk(Kpi::CollectionRate, 2, "30", Some("0.9")),
            sk(Kpi::ComplaintRate, 3, "20", Some("0.02")),
        ];
        let s: HashMap<Kpi, Sums> = [
            (Kpi::SignedRevenue, sums("110000", "0", 2)),
            (Kpi::CollectionRate, sums("45000", "60000", 3)),
            (Kpi::ComplaintRate, sums("1", "25", 25)),
            (Kpi::CollectionAmount, sums("45000.005", "0", 2)),
        ]
        .into();
        let t: HashMap<Metric, Decimal> = [(Metric::SignedRevenue, d("100000"))].into();
        let o = assess(&Inputs {
            period_kind: PeriodKind::Month,
            scheme: &scheme,
            commission_rate: d("0.02"),
            sums: &s,
            targets: &t,
        });
        // Revenue 110 000 ÷ 100 000 → 110 × 50 % = 55; collection rate
        // 0.75 ÷ 0.9 → 83.33 × 30 % = 25.00 (24.999); complaints 0.04 vs
        // 0.02 → 50 × 20 % = 10. Total 90.00, B.
        let sc: Vec<_> = o.kpis.iter().map(|k| (k.score, k.weighted)).collect();
        assert_eq!(
            sc,
            vec![
                (Some(d("110")), Some(d("55"))),
                (Some(d("83.33")), Some(d("25.00"))),
                (Some(d("50")), Some(d("10"))),
            ]
        );
        assert_eq!(o.total, d("90.00"));
        assert_eq!(o.grade, "B");
        assert!(o.complete);
        assert_eq!(o.completion, Some(d("1.1")));
        assert_eq!(o.met, Some(true));
        // 45 000.01 collected × 2 % × 1.2 = 1 080.0002 → 1 080.00.
        assert_eq!(o.collected, d("45000.01"));
        assert_eq!(o.bonus_multiplier, d("1.2"));
        assert_eq!(o.bonus, Some(d("1080.00")));
    }

    #[test]
    fn kpi2_missing_target_leaves_the_kpi_unscored_and_the_result_incomplete() {
        let scheme = vec![
            sk(Kpi::SignedRevenue, 1, "60", None),
            sk(Kpi::CollectionRate, 2, "40", Some("0.9")),
        ];
        let s = HashMap::new();
        let o = assess(&Inputs {
            period_kind: PeriodKind::Quarter,
            scheme: &scheme,
            commission_rate: d("0.02"),
            sums: &s,
            targets: &HashMap::new(),
        });
        assert_eq!(o.kpis[0].score, None);
        assert_eq!(o.kpis[0].weighted, None);
        // No receipts: the collection rate is undefined and scores 100.
        assert_eq!(o.kpis[1].actual, None);
        assert_eq!(o.kpis[1].score, Some(d("100")));
        assert_eq!(o.total, d("40"));
        assert!(!o.complete);
        assert_eq!((o.completion, o.met), (None, None));
        // Quarterly results carry no bonus.
        assert_eq!(o.bonus, None);
        assert_eq!(o.bonus_multiplier, d("1"));
    }

    #[test]
    fn kpi3_ranks_per_unit_and_scheme() {
        let (u1, u2, s) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let keys = [(u1, s), (u1, s), (u2, s), (u1, s)];
        let totals = [d("90"), d("95"), d("10"), d("90")];
        assert_eq!(
            rank_in_units(&keys, &totals),
            vec![(2, 3), (1, 3), (1, 1), (2, 3)]
        );
    }
}

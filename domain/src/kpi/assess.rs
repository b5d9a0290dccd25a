//! KPI-2..KPI-5 for one person, as a plain function of the sums of their
//! facts, their targets and their scheme; and the ranks within a unit.
//! The runs ([`super::runs`]) read the inputs set-based and write the
//! outputs in bulk.

use std::collections::HashMap;

use rust_decimal::Decimal;
use uuid::Uuid;

use super::scoring::{self, round};
use super::{Basis, Kpi, schemes::SchemeKpi};
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
    pub basis: Basis,
    pub position: i16,
    /// The scheme's weight.
    pub weight: Decimal,
    pub numerator: Decimal,
    pub denominator: Decimal,
    pub actual: Option<Decimal>,
    pub target: Option<Decimal>,
    /// KPI-2: no data (no denominator): left out of the total, never
    /// scored by default.
    pub excluded: bool,
    /// The weight it counted with: the scheme's weight renormalised over
    /// the KPIs not left out (weight × 100 ÷ their Σ weight), 4 places;
    /// `None` when left out.
    pub effective_weight: Option<Decimal>,
    pub score: Option<Decimal>,
    pub weighted: Option<Decimal>,
    pub fact_count: i64,
}

/// A person's result before its rank is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub kpis: Vec<KpiOutcome>,
    pub total: Decimal,
    /// `None` when nothing could be assessed (every KPI left out).
    pub grade: Option<&'static str>,
    /// At least one KPI had data.
    pub assessable: bool,
    /// Some KPI was left out and the others' weights renormalised.
    pub renormalised: bool,
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
    /// Σ per (KPI, basis) (absent: no facts). The bonus and the completion
    /// read COLLECTION_AMOUNT and SIGNED_REVENUE on the person's own facts.
    pub sums: &'a HashMap<(Kpi, Basis), Sums>,
    /// The person's TGT-1 targets of the period.
    pub targets: &'a HashMap<Metric, Decimal>,
    /// The TGT-1 targets of the person's unit (for UNIT lines).
    pub unit_targets: &'a HashMap<Metric, Decimal>,
}

/// KPI-2..KPI-5 of one person (docs/assessments.md).
pub fn assess(i: &Inputs<'_>) -> Outcome {
    let sums = |k: Kpi, b: Basis| i.sums.get(&(k, b)).copied().unwrap_or_default();
    let mut kpis = Vec::with_capacity(i.scheme.len());
    for sk in i.scheme {
        let (kpi, basis) = (sk.kpi(), sk.basis());
        let s = sums(kpi, basis);
        let actual = kpi.value(s.num, s.den);
        let targets = match basis {
            Basis::Own => i.targets,
            Basis::Unit => i.unit_targets,
        };
        let target = sk
            .target
            .or_else(|| kpi.target_metric().and_then(|m| targets.get(&m).copied()));
        kpis.push(KpiOutcome {
            kpi,
            basis,
            position: sk.position,
            weight: sk.weight,
            numerator: round(s.num, 4),
            denominator: round(s.den, 4),
            actual,
            target,
            excluded: actual.is_none(),
            effective_weight: None,
            score: scoring::score(kpi, actual, target),
            weighted: None,
            fact_count: s.count,
        });
    }
    // KPI-2: the weights of the KPIs with data, renormalised to 100.
    let counted: Decimal = kpis.iter().filter(|k| !k.excluded).map(|k| k.weight).sum();
    for k in kpis.iter_mut().filter(|k| !k.excluded) {
        k.effective_weight = Some(scoring::renormalised(k.weight, counted));
        k.weighted = k
            .score
            .map(|sc| scoring::weighted_of(sc, k.weight, counted));
    }
    let assessable = kpis.iter().any(|k| !k.excluded);
    let renormalised = assessable && kpis.iter().any(|k| k.excluded);
    let total: Decimal = kpis.iter().filter_map(|k| k.weighted).sum();
    let complete = kpis.iter().all(|k| k.excluded || k.score.is_some());
    let signed = sums(Kpi::SignedRevenue, Basis::Own).num;
    let signed_target = i.targets.get(&Metric::SignedRevenue).copied();
    let completion = scoring::completion(signed, signed_target);
    let collected = round(sums(Kpi::CollectionAmount, Basis::Own).num, 2);
    let bonus_multiplier = scoring::bonus_multiplier(signed, signed_target);
    let bonus = (i.period_kind == PeriodKind::Month)
        .then(|| scoring::bonus(i.commission_rate, collected, bonus_multiplier));
    Outcome {
        kpis,
        total,
        grade: assessable.then(|| scoring::grade(total)),
        renormalised,
        assessable,
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
            basis: "OWN".into(),
        }
    }

    fn sums(num: &str, den: &str, count: i64) -> Sums {
        Sums {
            num: d(num),
            den: d(den),
            count,
        }
    }

    fn own(list: Vec<(Kpi, Sums)>) -> HashMap<(Kpi, Basis), Sums> {
        list.into_iter()
            .map(|(k, s)| ((k, Basis::Own), s))
            .collect()
    }

    fn run(
        scheme: &[SchemeKpi],
        s: &HashMap<(Kpi, Basis), Sums>,
        t: &HashMap<Metric, Decimal>,
    ) -> Outcome {
        assess(&Inputs {
            period_kind: PeriodKind::Month,
            scheme,
            commission_rate: d("0.02"),
            sums: s,
            targets: t,
            unit_targets: &HashMap::new(),
        })
    }

    #[test]
    fn kpi2_to_kpi5_one_person_by_hand() {
        let scheme = vec![
            sk(Kpi::SignedRevenue, 1, "50", None),
            sk(Kpi::CollectionRate, 2, "30", Some("0.9")),
            sk(Kpi::ComplaintRate, 3, "20", Some("0.02")),
        ];
        let s = own(vec![
            (Kpi::SignedRevenue, sums("110000", "0", 2)),
            (Kpi::CollectionRate, sums("45000", "60000", 3)),
            (Kpi::ComplaintRate, sums("1", "25", 25)),
            (Kpi::CollectionAmount, sums("45000.005", "0", 2)),
        ]);
        let t: HashMap<Metric, Decimal> = [(Metric::SignedRevenue, d("100000"))].into();
        let o = run(&scheme, &s, &t);
        // Revenue 110 000 ÷ 100 000 → 110 × 50 % = 55; collection rate
        // 0.75 ÷ 0.9 → 83.33 × 30 % = 25.00 (24.999); complaints 0.04 vs
        // 0.02 → 50 × 20 % = 10. Total 90.00, B. Nothing left out: the
        // weights count as given.
        let sc: Vec<_> = o.kpis.iter().map(|k| (k.score, k.weighted)).collect();
        assert_eq!(
            sc,
            vec![
                (Some(d("110")), Some(d("55"))),
                (Some(d("83.33")), Some(d("25.00"))),
                (Some(d("50")), Some(d("10"))),
            ]
        );
        assert!(o.kpis.iter().all(|k| !k.excluded));
        assert_eq!(o.kpis[1].effective_weight, Some(d("30")));
        assert_eq!(o.total, d("90.00"));
        assert_eq!(o.grade, Some("B"));
        assert!(o.complete && o.assessable);
        assert_eq!(o.completion, Some(d("1.1")));
        assert_eq!(o.met, Some(true));
        // 45 000.01 collected × 2 % × 1.2 = 1 080.0002 → 1 080.00.
        assert_eq!(o.collected, d("45000.01"));
        assert_eq!(o.bonus_multiplier, d("1.2"));
        assert_eq!(o.bonus, Some(d("1080.00")));
    }

    /// KPI-2: a KPI without a denominator is left out and the other
    /// weights renormalised to 100 — never a silent 100.
    #[test]
    fn kpi2_no_data_is_left_out_and_the_weights_renormalised() {
        let scheme = vec![
            sk(Kpi::SignedRevenue, 1, "60", None),
            sk(Kpi::CollectionRate, 2, "30", Some("0.9")),
            sk(Kpi::ComplaintRate, 3, "10", Some("0.02")),
        ];
        // Revenue at 80 % of target; no receivables due (no collection
        // rate); no active customers (no complaint rate).
        let s = own(vec![(Kpi::SignedRevenue, sums("80000", "0", 1))]);
        let t: HashMap<Metric, Decimal> = [(Metric::SignedRevenue, d("100000"))].into();
        let o = run(&scheme, &s, &t);
        assert!(!o.kpis[0].excluded);
        assert!(o.kpis[1].excluded && o.kpis[2].excluded);
        assert_eq!((o.kpis[1].score, o.kpis[1].weighted), (None, None));
        assert_eq!(o.kpis[1].effective_weight, None);
        // 60 of the 60 that count → 100 %; 80 × 100 % = 80 (before: 80 ×
        // 60 % + 100 × 30 % + 100 × 10 % = 88, 40 of it for no data).
        assert_eq!(o.kpis[0].effective_weight, Some(d("100")));
        assert_eq!(o.total, d("80.00"));
        assert_eq!(o.grade, Some("C"));
        assert!(o.complete, "left out is not missing");

        // Two of three counting: 30 and 10 of 40 → 75 % and 25 %.
        let s = own(vec![
            (Kpi::CollectionRate, sums("90", "100", 1)),
            (Kpi::ComplaintRate, sums("1", "25", 25)),
        ]);
        let scheme = vec![
            sk(Kpi::AverageSatisfaction, 1, "60", Some("4.5")),
            sk(Kpi::CollectionRate, 2, "30", Some("0.9")),
            sk(Kpi::ComplaintRate, 3, "10", Some("0.02")),
        ];
        let o = run(&scheme, &s, &HashMap::new());
        assert!(o.kpis[0].excluded);
        assert_eq!(o.kpis[1].effective_weight, Some(d("75")));
        assert_eq!(o.kpis[2].effective_weight, Some(d("25")));
        // 100 × 30/40 = 75; 50 × 10/40 = 12.50.
        assert_eq!(o.kpis[1].weighted, Some(d("75.00")));
        assert_eq!(o.kpis[2].weighted, Some(d("12.50")));
        assert_eq!(o.total, d("87.50"));

        // Nothing to assess: no total to grade.
        let o = run(&scheme[1..], &HashMap::new(), &HashMap::new());
        assert!(!o.assessable);
        assert_eq!((o.total, o.grade), (Decimal::ZERO, None));
    }

    #[test]
    fn kpi2_missing_target_leaves_the_kpi_unscored_and_the_result_incomplete() {
        let scheme = vec![
            sk(Kpi::SignedRevenue, 1, "60", None),
            sk(Kpi::CollectionRate, 2, "40", Some("0.9")),
        ];
        let s = own(vec![(Kpi::CollectionRate, sums("45", "50", 1))]);
        let o = assess(&Inputs {
            period_kind: PeriodKind::Quarter,
            scheme: &scheme,
            commission_rate: d("0.02"),
            sums: &s,
            targets: &HashMap::new(),
            unit_targets: &HashMap::new(),
        });
        assert_eq!(o.kpis[0].score, None);
        assert_eq!(o.kpis[0].weighted, None);
        assert!(!o.kpis[0].excluded, "revenue 0 is data");
        assert_eq!(o.kpis[1].score, Some(d("100")));
        assert_eq!(o.total, d("40"));
        assert!(!o.complete);
        assert_eq!((o.completion, o.met), (None, None));
        // Quarterly results carry no bonus.
        assert_eq!(o.bonus, None);
        assert_eq!(o.bonus_multiplier, d("1"));
    }

    /// KPI-2: a UNIT line reads the unit's sums and the unit's target; the
    /// bonus stays on the person's own collections.
    #[test]
    fn kpi2_unit_lines_read_the_units_sums_and_target() {
        let mut line = sk(Kpi::SignedRevenue, 1, "100", None);
        line.basis = "UNIT".into();
        let s: HashMap<(Kpi, Basis), Sums> = [
            ((Kpi::SignedRevenue, Basis::Unit), sums("300000", "0", 5)),
            ((Kpi::SignedRevenue, Basis::Own), sums("0", "0", 0)),
            ((Kpi::CollectionAmount, Basis::Own), sums("1000", "0", 1)),
        ]
        .into();
        let unit: HashMap<Metric, Decimal> = [(Metric::SignedRevenue, d("250000"))].into();
        let o = assess(&Inputs {
            period_kind: PeriodKind::Month,
            scheme: &[line],
            commission_rate: d("0.01"),
            sums: &s,
            targets: &HashMap::new(),
            unit_targets: &unit,
        });
        assert_eq!(o.kpis[0].basis, Basis::Unit);
        assert_eq!(o.kpis[0].target, Some(d("250000")));
        assert_eq!(o.kpis[0].score, Some(d("120")));
        assert_eq!(o.total, d("120.00"));
        assert_eq!(o.collected, d("1000"));
        assert_eq!(o.bonus, Some(d("10.00")));
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

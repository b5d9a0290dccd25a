//! KPI-2..KPI-5 as plain functions: the capped linear score of one KPI,
//! the weighted score, the grade, the bonus and "met". No I/O; the runs
//! ([`super::runs`]) feed them the sums and targets they read.
//!
//! Rounding (docs/assessments.md): a KPI's actual is [`super::Kpi::value`]
//! (4 places); its score is rounded to 2 places (half away from zero); the
//! weighted score is computed from that rounded score and rounded to 2
//! places; the total is the sum of the rounded weighted scores, so it is
//! exactly what the result shows. Completion is stored rounded to 4 places,
//! but the bonus and "met" thresholds compare signed revenue with the
//! target exactly; collected revenue to cents before the bonus is computed
//! from it, and the bonus to cents (half away from zero).

use rust_decimal::{Decimal, RoundingStrategy};

use super::{Direction, Kpi};

/// The score cap of KPI-2: 120 (1.2 × 100).
pub const CAP: Decimal = Decimal::from_parts(120, 0, 0, false, 0);
const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// Rounds to `dp` places, half away from zero (commercial rounding).
pub fn round(v: Decimal, dp: u32) -> Decimal {
    v.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// KPI-2: the score of one KPI, 2 places; `None` when the target is
/// missing (the KPI cannot be scored; the result is incomplete).
///
/// - higher is better: 100 × min(actual ÷ target, 1.2); a target of 0 is
///   met by any actual (120 when actual > 0, 100 when it is 0);
/// - lower is better: 100 × min(target ÷ actual, 1.2), 120 when actual is
///   0 or below;
/// - an undefined actual (zero denominator: no data) has no score: the
///   KPI is left out and the other weights renormalised (KPI-2,
///   [`renormalised`]), never scored by default;
/// - a score is never below 0 (a negative actual, e.g. a revenue drop).
pub fn score(kpi: Kpi, actual: Option<Decimal>, target: Option<Decimal>) -> Option<Decimal> {
    let target = target?;
    let actual = actual?;
    let raw = match kpi.direction() {
        Direction::HigherIsBetter if target <= Decimal::ZERO => {
            if actual > Decimal::ZERO {
                CAP
            } else {
                HUNDRED
            }
        }
        Direction::HigherIsBetter => (HUNDRED * actual / target).min(CAP),
        Direction::LowerIsBetter if actual <= Decimal::ZERO => CAP,
        Direction::LowerIsBetter => (HUNDRED * target / actual).min(CAP),
    };
    Some(round(raw.max(Decimal::ZERO), 2))
}

/// KPI-2: weighted score = score × weight ÷ 100, 2 places.
pub fn weighted(score: Decimal, weight: Decimal) -> Decimal {
    round(score * weight / HUNDRED, 2)
}

/// KPI-2: the weight a KPI counts with when only KPIs weighing `counted`
/// in all have data: weight × 100 ÷ counted, 4 places (the weight itself
/// when nothing is left out).
pub fn renormalised(weight: Decimal, counted: Decimal) -> Decimal {
    if counted.is_zero() {
        return Decimal::ZERO;
    }
    round(weight * HUNDRED / counted, 4)
}

/// KPI-2: the weighted score with renormalised weights, score × weight ÷
/// counted, 2 places, from the exact weights (not the rounded
/// [`renormalised`] one); equal to [`weighted`] when `counted` is 100.
pub fn weighted_of(score: Decimal, weight: Decimal, counted: Decimal) -> Decimal {
    if counted.is_zero() {
        return Decimal::ZERO;
    }
    round(score * weight / counted, 2)
}

/// KPI-3 grades.
pub fn grade(total: Decimal) -> &'static str {
    let at_least = |n: i64| total >= Decimal::from(n);
    if at_least(110) {
        "S"
    } else if at_least(100) {
        "A"
    } else if at_least(85) {
        "B"
    } else if at_least(70) {
        "C"
    } else {
        "D"
    }
}

/// KPI-4/KPI-5: signed revenue ÷ its target, 4 places; `None` without a
/// target (or a target of 0).
pub fn completion(signed: Decimal, target: Option<Decimal>) -> Option<Decimal> {
    target
        .filter(|t| *t > Decimal::ZERO)
        .map(|t| round(signed / t, 4))
}

/// The signed-revenue target when it can be compared against (> 0).
fn positive(target: Option<Decimal>) -> Option<Decimal> {
    target.filter(|t| *t > Decimal::ZERO)
}

/// KPI-4: signed ≥ 120 % of the target ⇒ 1.3, ≥ 100 % ⇒ 1.2, else (or
/// without a target) 1.0. Compared exactly (signed against target × 1.2),
/// never through the rounded completion: 99 995 of 100 000 is not 100 %.
pub fn bonus_multiplier(signed: Decimal, target: Option<Decimal>) -> Decimal {
    match positive(target) {
        Some(t) if signed >= t * Decimal::new(12, 1) => Decimal::new(13, 1),
        Some(t) if signed >= t => Decimal::new(12, 1),
        _ => Decimal::ONE,
    }
}

/// KPI-4: commission rate × collected × multiplier, in cents.
pub fn bonus(rate: Decimal, collected: Decimal, multiplier: Decimal) -> Decimal {
    round(rate * collected * multiplier, 2)
}

/// KPI-5: met = signed ≥ 80 % of the target, compared exactly; `None`
/// without a target.
pub fn met(signed: Decimal, target: Option<Decimal>) -> Option<bool> {
    positive(target).map(|t| signed >= t * Decimal::new(8, 1))
}

/// KPI-3: `rank()` over totals, best first: equal totals share a rank and
/// the next rank skips (1, 1, 3). Returns the rank of each total in input
/// order.
pub fn ranks(totals: &[Decimal]) -> Vec<i32> {
    totals
        .iter()
        .map(|t| 1 + totals.iter().filter(|o| *o > t).count() as i32)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn some(s: &str) -> Option<Decimal> {
        Some(d(s))
    }

    #[test]
    fn kpi2_higher_is_better_is_capped_linear() {
        let k = Kpi::SignedRevenue;
        assert_eq!(score(k, some("80000"), some("100000")), some("80"));
        assert_eq!(score(k, some("100000"), some("100000")), some("100"));
        assert_eq!(score(k, some("119000"), some("100000")), some("119"));
        assert_eq!(score(k, some("500000"), some("100000")), some("120"));
        assert_eq!(score(k, some("1"), some("3")), some("33.33"));
        assert_eq!(score(k, some("2"), some("3")), some("66.67"));
        assert_eq!(score(k, some("0"), some("100")), some("0"));
        // Never below 0.
        assert_eq!(
            score(Kpi::KeyAccountRevenueGrowth, some("-0.2"), some("0.1")),
            some("0")
        );
        // A TGT-1 target of 0 is met by anything.
        assert_eq!(score(k, some("5"), some("0")), some("120"));
        assert_eq!(score(k, some("0"), some("0")), some("100"));
    }

    #[test]
    fn kpi2_lower_is_better_is_inverse_and_120_at_zero() {
        let k = Kpi::ComplaintRate;
        assert_eq!(score(k, some("0.04"), some("0.02")), some("50"));
        assert_eq!(score(k, some("0.02"), some("0.02")), some("100"));
        assert_eq!(score(k, some("0.0175"), some("0.02")), some("114.29"));
        assert_eq!(score(k, some("0.01"), some("0.02")), some("120"));
        assert_eq!(score(k, some("0"), some("0.02")), some("120"));
        assert_eq!(score(Kpi::ChurnRate, some("0.3"), some("0")), some("0"));
    }

    #[test]
    fn kpi2_undefined_actual_and_missing_target_have_no_score() {
        // No data is not full marks (KPI-2): left out, not 100.
        assert_eq!(score(Kpi::CollectionRate, None, some("0.9")), None);
        assert_eq!(score(Kpi::ComplaintRate, None, some("0.02")), None);
        assert_eq!(score(Kpi::SignedRevenue, some("10"), None), None);
        assert_eq!(score(Kpi::CollectionRate, None, None), None);
    }

    #[test]
    fn kpi2_renormalised_weights() {
        assert_eq!(renormalised(d("30"), d("100")), d("30"));
        assert_eq!(renormalised(d("30"), d("90")), d("33.3333"));
        assert_eq!(renormalised(d("60"), d("90")), d("66.6667"));
        // From the exact weight: 100 × 30 ÷ 90 = 33.333… → 33.33.
        assert_eq!(weighted_of(d("100"), d("30"), d("90")), d("33.33"));
        assert_eq!(
            weighted_of(d("80"), d("30"), d("100")),
            weighted(d("80"), d("30"))
        );
        assert_eq!(renormalised(d("30"), Decimal::ZERO), Decimal::ZERO);
    }

    #[test]
    fn kpi2_weighted_and_rounding() {
        assert_eq!(weighted(d("80"), d("30")), d("24"));
        assert_eq!(weighted(d("33.33"), d("15")), d("5.00"));
        assert_eq!(weighted(d("114.29"), d("10")), d("11.43"));
        // 66.67 × 25 ÷ 100 = 16.6675 → 16.67 (half away from zero).
        assert_eq!(weighted(d("66.67"), d("25")), d("16.67"));
        assert_eq!(round(d("0.125"), 2), d("0.13"));
        assert_eq!(round(d("-0.125"), 2), d("-0.13"));
    }

    #[test]
    fn kpi3_grades_at_their_bounds() {
        assert_eq!(grade(d("120")), "S");
        assert_eq!(grade(d("110")), "S");
        assert_eq!(grade(d("109.99")), "A");
        assert_eq!(grade(d("100")), "A");
        assert_eq!(grade(d("99.99")), "B");
        assert_eq!(grade(d("85")), "B");
        assert_eq!(grade(d("84.99")), "C");
        assert_eq!(grade(d("70")), "C");
        assert_eq!(grade(d("69.99")), "D");
        assert_eq!(grade(d("0")), "D");
    }

    #[test]
    fn kpi3_rank_ties_share_and_skip() {
        let r = ranks(&[d("90"), d("95"), d("90"), d("70")]);
        assert_eq!(r, vec![2, 1, 2, 4]);
        assert!(ranks(&[]).is_empty());
    }

    #[test]
    fn kpi4_bonus_multiplier_steps() {
        let t = some("100000");
        assert_eq!(bonus_multiplier(d("500000"), None), d("1"));
        assert_eq!(bonus_multiplier(d("500000"), some("0")), d("1"));
        assert_eq!(bonus_multiplier(d("99999.99"), t), d("1"));
        // 0.99995 would round to 1.0000: the threshold is compared exactly.
        assert_eq!(bonus_multiplier(d("99995"), t), d("1"));
        assert_eq!(bonus_multiplier(d("100000"), t), d("1.2"));
        assert_eq!(bonus_multiplier(d("119999.99"), t), d("1.2"));
        assert_eq!(bonus_multiplier(d("119995"), t), d("1.2"));
        assert_eq!(bonus_multiplier(d("120000"), t), d("1.3"));
        assert_eq!(bonus_multiplier(d("300000"), t), d("1.3"));
        assert_eq!(bonus(d("0.02"), d("60000"), d("1.2")), d("1440"));
        // 0.015 × 333.33 × 1.3 = 6.4999… → 6.50.
        assert_eq!(bonus(d("0.015"), d("333.33"), d("1.3")), d("6.50"));
        assert_eq!(bonus(d("0.02"), d("0.25"), d("1")), d("0.01"));
    }

    #[test]
    fn kpi5_met_is_completion_of_at_least_80_percent() {
        assert_eq!(completion(d("80000"), some("100000")), some("0.8"));
        assert_eq!(completion(d("1"), some("3")), some("0.3333"));
        assert_eq!(completion(d("1"), some("0")), None);
        assert_eq!(completion(d("1"), None), None);
        let t = some("100000");
        assert_eq!(met(d("80000"), t), Some(true));
        assert_eq!(met(d("79999.99"), t), Some(false));
        // 0.79995 rounds to 0.8000 but is not 80 %.
        assert_eq!(met(d("79995"), t), Some(false));
        assert_eq!(met(d("80000"), None), None);
        assert_eq!(met(d("80000"), some("0")), None);
    }
}

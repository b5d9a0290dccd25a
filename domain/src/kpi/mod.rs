//! KPI-1..KPI-5, AUTO-4: the KPI catalogue, assessment schemes per role,
//! periodic assessment runs with the facts behind every value, bonuses and
//! underperformance flags. The definitions are written down in
//! docs/kpis.md; the runs, finalisation and access in docs/assessments.md.
//!
//! - [`catalogue`]: each KPI of KPI-1 as an SQL query over the facts of a
//!   period, one row per fact and person with what it adds to the KPI's
//!   numerator and denominator ([`catalogue::push_facts`]).
//! - [`Measure`] turns the sums into the KPI's value.
//! - Schemes, runs, scoring, bonus and flags build on these.

pub mod assess;
pub mod catalogue;
pub mod dashboards;
pub mod explain;
pub mod flags;
pub mod notices;
pub mod results;
pub mod runs;
pub mod schedule;
pub mod schemes;
pub mod scoring;

use rust_decimal::Decimal;

use crate::org::model::text_enum;
use crate::targets::Metric;

text_enum! {
    /// KPI-1: the catalogue.
    Kpi {
        SignedRevenue => "SIGNED_REVENUE",
        GrossProfit => "GROSS_PROFIT",
        CollectionAmount => "COLLECTION_AMOUNT",
        CollectionRate => "COLLECTION_RATE",
        NewCustomers => "NEW_CUSTOMERS",
        RetentionRate => "RETENTION_RATE",
        ChurnRate => "CHURN_RATE",
        AverageSatisfaction => "AVERAGE_SATISFACTION",
        ComplaintRate => "COMPLAINT_RATE",
        RevisitCompliance => "REVISIT_COMPLIANCE",
        KeyAccountRevenueGrowth => "KEY_ACCOUNT_REVENUE_GROWTH",
        TargetCompletion => "TARGET_COMPLETION",
    }
}

text_enum! {
    /// KPI-2: whose facts a scheme line measures — the person's own, or
    /// those of everyone in the person's unit and the units below it.
    Basis {
        Own => "OWN",
        Unit => "UNIT",
    }
}

/// KPI-2: which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

/// How a KPI's value comes from Σ num and Σ den over its facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// value = Σ num (amounts, counts).
    Sum,
    /// value = Σ num ÷ Σ den; undefined when Σ den = 0.
    Ratio,
    /// value = (Σ num − Σ den) ÷ Σ den (num this period, den the one
    /// before); undefined when Σ den = 0.
    Growth,
}

impl Kpi {
    pub fn direction(self) -> Direction {
        match self {
            Kpi::ChurnRate | Kpi::ComplaintRate => Direction::LowerIsBetter,
            _ => Direction::HigherIsBetter,
        }
    }

    pub fn measure(self) -> Measure {
        match self {
            Kpi::SignedRevenue | Kpi::GrossProfit | Kpi::CollectionAmount | Kpi::NewCustomers => {
                Measure::Sum
            }
            Kpi::KeyAccountRevenueGrowth => Measure::Growth,
            _ => Measure::Ratio,
        }
    }

    /// The TGT-1 metric whose target a scheme may use for this KPI.
    pub fn target_metric(self) -> Option<Metric> {
        match self {
            Kpi::SignedRevenue => Some(Metric::SignedRevenue),
            Kpi::GrossProfit => Some(Metric::GrossProfit),
            Kpi::CollectionAmount => Some(Metric::Collections),
            Kpi::NewCustomers => Some(Metric::NewCustomers),
            _ => None,
        }
    }

    /// The KPI's value from the sums of its facts, 4 places (half away
    /// from zero, like every rounding of the assessments); None when
    /// undefined (a zero denominator).
    pub fn value(self, num: Decimal, den: Decimal) -> Option<Decimal> {
        let round = |v: Decimal| scoring::round(v, 4);
        match self.measure() {
            Measure::Sum => Some(round(num)),
            Measure::Ratio if den.is_zero() => None,
            Measure::Ratio => Some(round(num / den)),
            Measure::Growth if den.is_zero() => None,
            Measure::Growth => Some(round((num - den) / den)),
        }
    }
}

/// ORG-4: whether the asker may read the audit trail of this context's
/// record (the record's own read scope); `None` when the entity is another
/// context's. `crate::registry::audit_visible` asks every context.
pub async fn audit_visibility(
    q: crate::org::TrailRequest<'_>,
) -> crate::error::DomainResult<Option<bool>> {
    let crate::org::TrailRequest {
        pool,
        actor,
        entity,
        id,
    } = q;
    Ok(Some(match entity {
        "ASSESSMENT_SCHEME" => schemes::audit_visible(pool, actor, id).await?,
        "ASSESSMENT_PERIOD" => runs::audit_visible(pool, actor, id).await?,
        "ASSESSMENT_FLAG" => flags::audit_visible(pool, actor, id).await?,
        _ => return Ok(None),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn kpi1_values_from_sums() {
        assert_eq!(
            Kpi::SignedRevenue.value(d("100.5"), d("0")),
            Some(d("100.5"))
        );
        assert_eq!(Kpi::CollectionRate.value(d("1"), d("3")), Some(d("0.3333")));
        assert_eq!(Kpi::CollectionRate.value(d("1"), d("0")), None);
        // 1 ÷ 32 = 0.03125: half away from zero, not to even.
        assert_eq!(Kpi::ComplaintRate.value(d("1"), d("32")), Some(d("0.0313")));
        assert_eq!(
            Kpi::KeyAccountRevenueGrowth.value(d("150"), d("100")),
            Some(d("0.5"))
        );
        assert_eq!(Kpi::KeyAccountRevenueGrowth.value(d("150"), d("0")), None);
        assert_eq!(Kpi::ChurnRate.direction(), Direction::LowerIsBetter);
        assert_eq!(Kpi::ALL.len(), 12);
    }
}

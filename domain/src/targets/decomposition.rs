//! TGT-1 decomposition (目标分解): a target's children must add up to at
//! least the target; the gap and the missing children are reported.
//!
//! - **By organisation**: the company's target → the targets of the units
//!   directly below the company's root unit; a unit's target → the targets
//!   of its child units and of the people whose unit it is. Same metric and
//!   period. A child unit with sellers (active reps or key account
//!   managers) somewhere below it, or a seller of the unit, without a
//!   target is a missing child; other people (a supervisor, an assistant)
//!   count when they have a target and are not missing otherwise.
//! - **By time**: a year's target → the same scope's four quarter targets;
//!   a quarter's → its three month targets. Every one is expected.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use super::store::{TargetFilter, can_read, query_targets};
use super::tree::OrgTree;
use super::{Metric, Period, Target, TargetScope};
use crate::error::{DomainError, DomainResult};
use crate::org::Actor;

/// Which way a target is decomposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Dimension {
    /// To the child units and the unit's people, same period.
    Org,
    /// To the quarters of a year or the months of a quarter, same scope.
    Time,
}

/// A child without a target: a unit, a person, or a period of the scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub unit_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    pub period: Option<Period>,
}

/// One parent target and how far its children cover it.
#[derive(Clone, Debug, Serialize)]
pub struct Gap {
    pub parent: Target,
    pub dimension: Dimension,
    /// The children's targets.
    pub children: Vec<Target>,
    pub children_sum: Decimal,
    /// parent − Σ children when positive, else 0.
    pub gap: Decimal,
    pub missing: Vec<Missing>,
}

impl Gap {
    /// Σ children ≥ parent.
    pub fn covered(&self) -> bool {
        self.gap.is_zero()
    }
}

type Key = (Metric, Period, TargetScope);

fn key(t: &Target) -> Key {
    (t.metric, t.period(), t.target_scope())
}

fn gap(parent: &Target, dimension: Dimension, children: Vec<Target>, missing: Vec<Missing>) -> Gap {
    let children_sum: Decimal = children.iter().map(|c| c.amount).sum();
    Gap {
        parent: parent.clone(),
        dimension,
        gap: (parent.amount - children_sum).max(Decimal::ZERO),
        children_sum,
        children,
        missing,
    }
}

/// TGT-1 as a plain function over the organisation and a set of targets:
/// one [`Gap`] per parent target and dimension that has children or
/// expects some, company first, then units, then people; years before
/// quarters before months.
pub fn decompose(tree: &OrgTree, targets: &[Target]) -> Vec<Gap> {
    let by_key: HashMap<Key, &Target> = targets.iter().map(|t| (key(t), t)).collect();
    let find = |metric: Metric, period: Period, scope: TargetScope| {
        by_key.get(&(metric, period, scope)).copied()
    };
    let mut out = Vec::new();
    for t in targets {
        let (metric, period) = (t.metric, t.period());
        // By organisation.
        let unit = match t.target_scope() {
            TargetScope::Company => tree.root(),
            TargetScope::Unit(u) => Some(u),
            TargetScope::User(_) => None,
        };
        if let Some(unit) = unit {
            let (mut children, mut missing) = (Vec::new(), Vec::new());
            for c in tree.child_units(unit) {
                match find(metric, period, TargetScope::Unit(c)) {
                    Some(ct) => children.push(ct.clone()),
                    None if tree.has_sellers(c) => missing.push(Missing {
                        unit_id: Some(c),
                        user_id: None,
                        period: None,
                    }),
                    None => {}
                }
            }
            for m in tree.members(unit) {
                match find(metric, period, TargetScope::User(m)) {
                    Some(ct) => children.push(ct.clone()),
                    None if tree.sellers.contains(&m) => missing.push(Missing {
                        unit_id: None,
                        user_id: Some(m),
                        period: None,
                    }),
                    None => {}
                }
            }
            if !children.is_empty() || !missing.is_empty() {
                out.push(gap(t, Dimension::Org, children, missing));
            }
        }
        // By time.
        let periods = period.children();
        if !periods.is_empty() {
            let (mut children, mut missing) = (Vec::new(), Vec::new());
            for p in periods {
                match find(metric, p, t.target_scope()) {
                    Some(ct) => children.push(ct.clone()),
                    None => missing.push(Missing {
                        unit_id: None,
                        user_id: None,
                        period: Some(p),
                    }),
                }
            }
            out.push(gap(t, Dimension::Time, children, missing));
        }
    }
    out.sort_by(|a, b| {
        (a.parent.target_scope(), a.parent.period(), a.dimension).cmp(&(
            b.parent.target_scope(),
            b.parent.period(),
            b.dimension,
        ))
    });
    out
}

/// TGT-1 `targetDecomposition(year, metric, unitId)`: the decomposition of
/// the targets the actor sees for a year and metric; with `unit`, only the
/// targets of that unit, the units below it and their people (NOT_FOUND
/// for a unit out of sight).
pub async fn decomposition(
    pool: &PgPool,
    actor: &Actor,
    year: i32,
    metric: Metric,
    unit: Option<Uuid>,
) -> DomainResult<Vec<Gap>> {
    let tree = OrgTree::load(pool).await?;
    if let Some(u) = unit
        && (!tree.parent.contains_key(&u) || !can_read(actor, &tree, TargetScope::Unit(u)))
    {
        return Err(DomainError::NotFound);
    }
    let filter = TargetFilter {
        year,
        metric: Some(metric),
        ..TargetFilter::default()
    };
    let targets = query_targets(pool, actor, &filter, None).await?;
    let mut gaps = decompose(&tree, &targets);
    if let Some(u) = unit {
        gaps.retain(|g| match g.parent.target_scope() {
            TargetScope::Company => false,
            TargetScope::Unit(x) => tree.is_within(x, u),
            TargetScope::User(p) => tree.unit_of.get(&p).is_some_and(|x| tree.is_within(*x, u)),
        });
    }
    Ok(gaps)
}

#[cfg(test)]
mod tests {
    use super::super::tree::tests::demo;
    use super::super::{PeriodKind, ScopeKind};
    use super::*;

    fn target(scope: TargetScope, kind: PeriodKind, no: i32, amount: &str) -> Target {
        let now = chrono::Utc::now();
        Target {
            id: Uuid::now_v7(),
            metric: Metric::SignedRevenue,
            period_kind: kind,
            year: 2027,
            period_no: no,
            scope: scope.kind().as_str().into(),
            unit_id: scope.unit_id(),
            user_id: scope.user_id(),
            amount: amount.parse().unwrap(),
            version: 1,
            created_by: None,
            created_at: now,
            updated_by: None,
            updated_at: now,
        }
    }

    #[test]
    fn tgt1_org_gap_and_missing_children() {
        let d = demo();
        let y = PeriodKind::Year;
        let ts = vec![
            target(TargetScope::Company, y, 1, "1000"),
            target(TargetScope::Unit(d.sales), y, 1, "1000"),
            target(TargetScope::Unit(d.east), y, 1, "900"),
            target(TargetScope::Unit(d.team1), y, 1, "500"),
            // team2 has none: missing, east is 400 short.
            target(TargetScope::User(d.r1), y, 1, "300"),
            target(TargetScope::User(d.sup1), y, 1, "250"),
        ];
        let gaps: Vec<Gap> = decompose(&d.tree, &ts)
            .into_iter()
            .filter(|g| g.dimension == Dimension::Org)
            .collect();
        let of = |s: TargetScope| gaps.iter().find(|g| g.parent.target_scope() == s).unwrap();
        let company = of(TargetScope::Company);
        // The finance department has no sellers: not missing.
        assert!(company.covered() && company.missing.is_empty());
        let sales = of(TargetScope::Unit(d.sales));
        assert_eq!(sales.gap, "100".parse().unwrap());
        let east = of(TargetScope::Unit(d.east));
        assert_eq!(east.children_sum, "500".parse().unwrap());
        assert_eq!(east.gap, "400".parse().unwrap());
        assert_eq!(
            east.missing,
            vec![Missing {
                unit_id: Some(d.team2),
                user_id: None,
                period: None
            }]
        );
        // 300 + 250 ≥ 500: covered, the supervisor counts.
        let team1 = of(TargetScope::Unit(d.team1));
        assert!(team1.covered());
        assert_eq!(team1.children.len(), 2);
        // A person's target has no organisational children.
        assert!(
            gaps.iter()
                .all(|g| g.parent.scope != ScopeKind::User.as_str())
        );
    }

    #[test]
    fn tgt1_time_gap_years_to_quarters_to_months() {
        let d = demo();
        let s = TargetScope::User(d.r1);
        let ts = vec![
            target(s, PeriodKind::Year, 1, "1200"),
            target(s, PeriodKind::Quarter, 1, "300"),
            target(s, PeriodKind::Quarter, 2, "300"),
            target(s, PeriodKind::Quarter, 3, "300"),
            target(s, PeriodKind::Month, 1, "100"),
            target(s, PeriodKind::Month, 2, "100"),
            target(s, PeriodKind::Month, 3, "150"),
        ];
        let gaps = decompose(&d.tree, &ts);
        let year = &gaps[0];
        assert_eq!(
            (year.dimension, year.parent.period_no),
            (Dimension::Time, 1)
        );
        assert_eq!(year.gap, "300".parse().unwrap());
        assert_eq!(year.missing.len(), 1);
        assert_eq!(year.missing[0].period.unwrap().no, 4);
        let q1 = gaps
            .iter()
            .find(|g| g.parent.period_kind == PeriodKind::Quarter && g.parent.period_no == 1)
            .unwrap();
        assert!(q1.covered(), "350 ≥ 300");
        let q2 = gaps
            .iter()
            .find(|g| g.parent.period_kind == PeriodKind::Quarter && g.parent.period_no == 2)
            .unwrap();
        assert_eq!(q2.gap, "300".parse().unwrap());
        assert_eq!(q2.missing.len(), 3);
        // Months have no children.
        assert!(
            gaps.iter()
                .all(|g| g.parent.period_kind != PeriodKind::Month)
        );
    }
}

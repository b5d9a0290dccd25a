//! Dashboard aggregates over the assessment results and the TGT-2 facts
//! (docs/dashboards.md):
//!
//! - [`leaderboard`]: the results of a period ordered by total, ranked;
//! - [`attainment_tree`]: target, actual, rate and gap of a unit's subtree,
//!   unit by unit and person by person, from one read of the facts;
//! - [`kpi_trend`]: one KPI month by month from the MONTH results.
//!
//! Access is ORG-3's `User` resource, as for targets
//! ([`crate::targets::store::read_scope`]): a rep sees their own results, a
//! supervisor or manager their unit's subtree and its people, director / GM
//! / admin everything. A unit or person out of sight is NOT_FOUND.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::Kpi;
use crate::clock::company_date;
use crate::error::{DomainError, DomainResult};
use crate::org::Actor;
use crate::targets::attainment::{RawFact, ShareRow, credit, facts_sql};
use crate::targets::store::{can_read, read_scope};
use crate::targets::tree::OrgTree;
use crate::targets::{Metric, Period, TargetScope, rate};

/// One line of [`leaderboard`].
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct LeaderboardEntry {
    pub result_id: Uuid,
    pub scheme_id: Uuid,
    pub user_id: Uuid,
    /// The person's unit when assessed.
    pub unit_id: Uuid,
    pub total: Decimal,
    /// `None` when nothing could be assessed (KPI-2).
    pub grade: Option<String>,
    /// Within the list: 1 + the number of entries with a higher total
    /// (ties share a rank: 1, 2, 2, 4).
    pub rank: i64,
    /// Within the person's unit, as the run stored it (KPI-3).
    pub rank_in_unit: i32,
    pub unit_size: i32,
    pub complete: bool,
}

/// Resolves an optional unit argument: the unit when it exists and the
/// actor may read it, else NOT_FOUND.
fn visible_unit(actor: &Actor, tree: &OrgTree, unit: Uuid) -> DomainResult<Uuid> {
    if tree.parent.contains_key(&unit) && can_read(actor, tree, TargetScope::Unit(unit)) {
        Ok(unit)
    } else {
        Err(DomainError::NotFound)
    }
}

/// The leaderboard of `period`: the results of the people assessed in
/// `unit`'s subtree (their unit when assessed), or without a unit of every
/// result the actor may see (a rep: their own), ordered by total
/// descending, then name. NOT_FOUND for a unit out of sight.
pub async fn leaderboard(
    pool: &PgPool,
    actor: &Actor,
    period: Period,
    unit: Option<Uuid>,
) -> DomainResult<Vec<LeaderboardEntry>> {
    let mut qb = QueryBuilder::new(
        "SELECT r.id AS result_id, r.scheme_id, r.user_id, r.unit_id, r.total, r.grade,
                rank() OVER (ORDER BY r.total DESC) AS rank, r.rank_in_unit, r.unit_size, r.complete
           FROM assessment_results r JOIN users u ON u.id = r.user_id
          WHERE r.period_kind = ",
    );
    qb.push_bind(period.kind.as_str());
    qb.push(" AND r.year = ");
    qb.push_bind(period.year);
    qb.push(" AND r.period_no = ");
    qb.push_bind(period.no);
    match unit {
        Some(u) => {
            let tree = OrgTree::load(pool).await?;
            let u = visible_unit(actor, &tree, u)?;
            qb.push(" AND r.unit_id = ANY(");
            qb.push_bind(tree.subtree(u));
            qb.push(")");
        }
        None => read_scope(actor).push_filter(&mut qb, "r.user_id", "r.unit_id", None),
    }
    qb.push(" ORDER BY r.total DESC, u.display_name, r.user_id, r.scheme_id");
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// Target, actual, rate and gap of a unit or a person.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    /// The TGT-1 target of the unit (UNIT scope) or person; None when unset.
    pub target: Option<Decimal>,
    /// As `attainment(scope, period, metric)` computes it.
    pub actual: Decimal,
    /// actual ÷ target, 4 places; None without a (non-zero) target.
    pub rate: Option<Decimal>,
    /// target − actual when positive, else 0; None without a target.
    pub gap: Option<Decimal>,
}

impl Figures {
    fn new(target: Option<Decimal>, actual: Decimal) -> Self {
        Figures {
            target,
            actual,
            rate: rate(actual, target),
            gap: target.map(|t| (t - actual).max(Decimal::ZERO)),
        }
    }
}

/// A person directly in a node's unit.
#[derive(Clone, Debug, Serialize)]
pub struct PersonFigures {
    pub user_id: Uuid,
    #[serde(flatten)]
    pub figures: Figures,
}

/// One unit of [`attainment_tree`] with its subtree's figures.
#[derive(Clone, Debug, Serialize)]
pub struct TreeNode {
    pub unit_id: Uuid,
    #[serde(flatten)]
    pub figures: Figures,
    /// The people whose unit is this one: the active sellers, and anyone
    /// with a target or a non-zero actual; by id.
    pub people: Vec<PersonFigures>,
    /// The child units, by id.
    pub children: Vec<TreeNode>,
}

/// The amounts credited per unit (the unit kept on the credit) and per
/// person, and the targets per unit and person.
#[derive(Default)]
struct Totals {
    by_unit: HashMap<Uuid, Decimal>,
    by_user: HashMap<Uuid, Decimal>,
    unit_targets: HashMap<Uuid, Decimal>,
    user_targets: HashMap<Uuid, Decimal>,
}

/// TGT-2 by unit tree: the subtree of `unit` (default: the company for
/// director / GM / admin, else the caller's own unit) with, per unit and
/// per person directly in it, target, actual, rate and gap of `metric` in
/// `period`. The facts are read and credited (CUS-3) once for the whole
/// subtree and summed up the tree, so each node equals
/// `attainment(UNIT u)` and each person `attainment(USER p)`. NOT_FOUND
/// for a unit out of sight (a rep has no unit in sight).
pub async fn attainment_tree(
    pool: &PgPool,
    actor: &Actor,
    metric: Metric,
    period: Period,
    unit: Option<Uuid>,
) -> DomainResult<TreeNode> {
    let tree = OrgTree::load(pool).await?;
    let root = match unit {
        Some(u) => u,
        None if read_scope(actor).is_everything() => tree.root().ok_or(DomainError::NotFound)?,
        None => actor
            .user_id
            .and_then(|me| tree.unit_of.get(&me).copied())
            .ok_or(DomainError::NotFound)?,
    };
    let root = visible_unit(actor, &tree, root)?;
    let units = tree.subtree(root);
    let unit_set: HashSet<Uuid> = units.iter().copied().collect();
    let mut members: Vec<Uuid> = tree
        .unit_of
        .iter()
        .filter(|(_, u)| unit_set.contains(u))
        .map(|(p, _)| *p)
        .collect();
    members.sort();
    let whole_company = units.len() == tree.parent.len();
    let mut totals = Totals::default();
    credit_facts(
        pool,
        metric,
        period,
        &units,
        &members,
        whole_company,
        &mut totals,
    )
    .await?;
    load_targets(pool, metric, period, &units, &members, &mut totals).await?;
    Ok(build_node(&tree, root, &totals))
}

/// Reads the facts of `metric` in `period` that may count for the subtree
/// (owned in its units or by its people, or with a share holder among its
/// people) and adds each credit to its unit and its person.
async fn credit_facts(
    pool: &PgPool,
    metric: Metric,
    period: Period,
    units: &[Uuid],
    members: &[Uuid],
    whole_company: bool,
    totals: &mut Totals,
) -> DomainResult<()> {
    let (from, to) = period.range();
    let sql = facts_sql(metric);
    let (before, rest) = sql.split_once("{from}").unwrap_or((sql, ""));
    let (middle, after) = rest.split_once("{to}").unwrap_or((rest, ""));
    let mut qb = QueryBuilder::new("SELECT f.* FROM (");
    qb.push(before);
    qb.push_bind(from);
    qb.push(middle);
    qb.push_bind(to);
    qb.push(after);
    qb.push(") f WHERE TRUE");
    if !whole_company {
        qb.push(" AND (f.owner_unit_id = ANY(");
        qb.push_bind(units.to_vec());
        qb.push(") OR f.owner_id = ANY(");
        qb.push_bind(members.to_vec());
        qb.push(
            ") OR EXISTS (SELECT 1 FROM performance_shares ps
                 WHERE ps.customer_id = f.customer_id AND ps.user_id = ANY(",
        );
        qb.push_bind(members.to_vec());
        qb.push(")))");
    }
    let raw: Vec<RawFact> = qb.build_query_as().fetch_all(pool).await?;
    let customers: Vec<Uuid> = raw.iter().map(|f| f.customer_id).collect();
    let shares: Vec<ShareRow> = sqlx::query_as(
        "SELECT ps.customer_id, ps.dispute_id, ps.valid_from, ps.user_id, ps.share, u.unit_id
           FROM performance_shares ps JOIN users u ON u.id = ps.user_id WHERE ps.customer_id = ANY($1)",
    )
    .bind(&customers)
    .fetch_all(pool)
    .await?;
    // CUS-3: money is split by the shares; a new customer is not.
    let split = metric != Metric::NewCustomers;
    for f in &raw {
        let credits = if split {
            credit(f, &shares)
        } else {
            credit(f, &[])
        };
        for c in credits {
            *totals.by_unit.entry(c.unit_id).or_default() += c.amount;
            *totals.by_user.entry(c.user_id).or_default() += c.amount;
        }
    }
    Ok(())
}

/// The UNIT and USER targets of the subtree's units and people, in one
/// query.
async fn load_targets(
    pool: &PgPool,
    metric: Metric,
    period: Period,
    units: &[Uuid],
    members: &[Uuid],
    totals: &mut Totals,
) -> DomainResult<()> {
    let rows: Vec<(Option<Uuid>, Option<Uuid>, Decimal)> = sqlx::query_as(
        "SELECT unit_id, user_id, amount FROM targets
          WHERE metric = $1 AND period_kind = $2 AND year = $3 AND period_no = $4
            AND ((scope = 'UNIT' AND unit_id = ANY($5)) OR (scope = 'USER' AND user_id = ANY($6)))",
    )
    .bind(metric.as_str())
    .bind(period.kind.as_str())
    .bind(period.year)
    .bind(period.no)
    .bind(units)
    .bind(members)
    .fetch_all(pool)
    .await?;
    for (unit, user, amount) in rows {
        match (unit, user) {
            (Some(u), _) => totals.unit_targets.insert(u, amount),
            (None, Some(p)) => totals.user_targets.insert(p, amount),
            (None, None) => None,
        };
    }
    Ok(())
}

/// The node of `unit`: its people, its children (recursively), and the sum
/// of its own credits and its children's actuals.
fn build_node(tree: &OrgTree, unit: Uuid, totals: &Totals) -> TreeNode {
    let children: Vec<TreeNode> = tree
        .child_units(unit)
        .into_iter()
        .map(|c| build_node(tree, c, totals))
        .collect();
    let own = totals.by_unit.get(&unit).copied().unwrap_or_default();
    let actual = own + children.iter().map(|c| c.figures.actual).sum::<Decimal>();
    let people = tree
        .members(unit)
        .into_iter()
        .filter_map(|p| {
            let target = totals.user_targets.get(&p).copied();
            let actual = totals.by_user.get(&p).copied().unwrap_or_default();
            let shown = tree.sellers.contains(&p) || target.is_some() || !actual.is_zero();
            shown.then(|| PersonFigures {
                user_id: p,
                figures: Figures::new(target, actual),
            })
        })
        .collect();
    TreeNode {
        unit_id: unit,
        figures: Figures::new(totals.unit_targets.get(&unit).copied(), actual),
        people,
        children,
    }
}

/// Whose trend: a person's, or a unit subtree's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrendSubject {
    User(Uuid),
    Unit(Uuid),
}

/// One month of [`kpi_trend`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TrendPoint {
    pub year: i32,
    pub month: u32,
    /// A person's stored actual; a unit's `Kpi::value(Σ num, Σ den)`. None
    /// for a month without results (or with a zero denominator).
    pub value: Option<Decimal>,
    /// Σ numerator and Σ denominator of the results; None without results.
    pub numerator: Option<Decimal>,
    pub denominator: Option<Decimal>,
    /// How many people's results the month has.
    pub people: i64,
}

/// (year, month, stored actual, Σ numerator, Σ denominator, people).
type TrendRow = (
    i32,
    i32,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
    i64,
);

/// Months a trend may span.
pub const MAX_TREND_MONTHS: i32 = 36;

/// The default last month of a trend: the month before the company month
/// of `now` (the last one the monthly run has covered).
pub fn default_trend_end(now: DateTime<Utc>) -> (i32, u32) {
    let today = company_date(now);
    let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
    let prev = first.pred_opt().unwrap_or(first);
    (prev.year(), prev.month())
}

/// The trend of `kpi` over the `months` months ending with `end` (year,
/// month), oldest first, from the MONTH results: for a person their stored
/// actual; for a unit `Kpi::value(Σ num, Σ den)` over the latest result of
/// each person assessed in its subtree, from the lines measured on the
/// person's own facts (a head's UNIT line repeats their people's facts). A month without results has null
/// values, not zero. VALIDATION for `months` outside 1–36 or a month that
/// does not exist; NOT_FOUND for a person or unit out of sight.
pub async fn kpi_trend(
    pool: &PgPool,
    actor: &Actor,
    kpi: Kpi,
    subject: TrendSubject,
    months: i32,
    end: (i32, u32),
) -> DomainResult<Vec<TrendPoint>> {
    if !(1..=MAX_TREND_MONTHS).contains(&months) {
        return Err(DomainError::validation(
            "months",
            format!("between 1 and {MAX_TREND_MONTHS}"),
        ));
    }
    let last = Period::new(crate::targets::PeriodKind::Month, end.0, end.1 as i32)
        .map_err(|_| DomainError::validation("endMonth", "not a month (YYYY-MM, 2000–2100)"))?;
    let end_idx = last.year * 12 + last.no - 1;
    let start_idx = end_idx - months + 1;
    let tree = OrgTree::load(pool).await?;
    let rows: Vec<TrendRow> = match subject {
        TrendSubject::User(p) => {
            let scope = TargetScope::User(p);
            if !tree.unit_of.contains_key(&p) || !can_read(actor, &tree, scope) {
                return Err(DomainError::NotFound);
            }
            // ORG-3 on the results themselves: a person's months in a unit
            // out of the caller's sight (their previous team) stay hidden,
            // as in `assessmentResults`.
            let mut qb = QueryBuilder::<Postgres>::new(
                "SELECT DISTINCT ON (r.year, r.period_no) r.year, r.period_no, k.actual,
                        k.numerator, k.denominator, 1::bigint
                   FROM assessment_results r
                   JOIN assessment_kpis k ON k.result_id = r.id AND k.kpi = ",
            );
            qb.push_bind(kpi.as_str());
            qb.push(" WHERE r.period_kind = 'MONTH' AND r.user_id = ");
            qb.push_bind(p);
            qb.push(" AND r.year * 12 + r.period_no - 1 BETWEEN ");
            qb.push_bind(start_idx);
            qb.push(" AND ");
            qb.push_bind(end_idx);
            read_scope(actor).push_filter(&mut qb, "r.user_id", "r.unit_id", None);
            qb.push(" ORDER BY r.year, r.period_no, r.computed_at DESC, r.id");
            qb.build_query_as().fetch_all(pool).await?
        }
        TrendSubject::Unit(u) => {
            let u = visible_unit(actor, &tree, u)?;
            sqlx::query_as(
                "SELECT year, period_no, NULL::numeric, sum(numerator), sum(denominator), count(*)
                       FROM (SELECT DISTINCT ON (r.user_id, r.year, r.period_no)
                                    r.year, r.period_no, k.numerator, k.denominator
                               FROM assessment_results r
                               JOIN assessment_kpis k ON k.result_id = r.id AND k.kpi = $2
                                AND k.basis = 'OWN'
                              WHERE r.unit_id = ANY($1) AND r.period_kind = 'MONTH'
                                AND r.year * 12 + r.period_no - 1 BETWEEN $3 AND $4
                              ORDER BY r.user_id, r.year, r.period_no, r.computed_at DESC, r.id) x
                      GROUP BY year, period_no",
            )
            .bind(tree.subtree(u))
            .bind(kpi.as_str())
            .bind(start_idx)
            .bind(end_idx)
            .fetch_all(pool)
            .await?
        }
    };
    let by_month: HashMap<i32, _> = rows
        .into_iter()
        .map(|(y, m, actual, num, den, n)| (y * 12 + m - 1, (actual, num, den, n)))
        .collect();
    Ok((start_idx..=end_idx)
        .map(|idx| {
            let (year, month) = (idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1);
            let Some((actual, num, den, people)) = by_month.get(&idx).cloned() else {
                return TrendPoint {
                    year,
                    month,
                    value: None,
                    numerator: None,
                    denominator: None,
                    people: 0,
                };
            };
            let value = match subject {
                TrendSubject::User(_) => actual,
                TrendSubject::Unit(_) => {
                    kpi.value(num.unwrap_or_default(), den.unwrap_or_default())
                }
            };
            TrendPoint {
                year,
                month,
                value,
                numerator: num,
                denominator: den,
                people,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn gap_is_what_is_left_of_the_target() {
        let f = Figures::new(Some(dec("1000")), dec("250"));
        assert_eq!(f.gap, Some(dec("750")));
        assert_eq!(f.rate, Some(dec("0.25")));
        let over = Figures::new(Some(dec("100")), dec("150"));
        assert_eq!(over.gap, Some(Decimal::ZERO));
        let none = Figures::new(None, dec("5"));
        assert_eq!((none.gap, none.rate), (None, None));
    }

    #[test]
    fn default_trend_end_is_the_previous_company_month() {
        // 2027-01-01 01:00 Shanghai is still 2026-12-31 in UTC.
        let at: DateTime<Utc> = "2026-12-31T17:00:00Z".parse().unwrap();
        assert_eq!(default_trend_end(at), (2026, 12));
        let at: DateTime<Utc> = "2026-12-31T15:00:00Z".parse().unwrap();
        assert_eq!(default_trend_end(at), (2026, 11));
    }
}

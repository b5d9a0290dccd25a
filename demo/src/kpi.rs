//! Demo targets and assessments (issue 7) for `salesd demo`:
//!
//! - **Targets** (TGT-1) for the current company year, all four metrics,
//!   every month, quarter and the year, for the company, every sales unit
//!   with sellers, every seller and every other person a scheme assesses
//!   (supervisors and managers: KPI-3 finalises only results whose KPIs
//!   have their targets, so they carry a quarter of a seller's quota).
//!   They are built bottom-up: a seller's month targets come from the
//!   demo's own volume (the facts of the last 365 days ÷ sellers ÷ 12,
//!   +10 %, a personal factor of 0.75–1.25 and a seasonal curve; round
//!   thousands, at least one new customer a month); each unit's target is
//!   the sum of its child units' and its people's targets, the company's
//!   that of the units below the root, and quarters and years are the sums
//!   of their months. So everything is exactly covered (TGT-1
//!   decomposition) **except one unit on purpose**: [`UNDER_COVERED_UNIT`]'s
//!   SIGNED_REVENUE team target is 10 % (at least 10 000) above what its
//!   people carry in every month, hence in every quarter and the year too;
//!   its region and the company carry the inflated figure, so
//!   `targetDecomposition` reports the gap at that team (17 rows: the
//!   year, 4 quarters, 12 months, dimension ORG) and nowhere else. Inserted
//!   in bulk in one transaction (no audit entries), with the checks of
//!   `set_target` (≥ 0, 2 places, whole customers, no unit target on the
//!   root unit); existing targets are kept.
//! - **Assessments** (KPI-2, KPI-3): the default schemes
//!   ([`salesd_domain::kpi::schemes::seed_default_schemes`], first, so that the targets
//!   cover the people they assess), then every month of the current year
//!   before the current one run and finalised in order, each quarter after
//!   its last month, as the system actor. The year itself is not over, so
//!   it is not assessed.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use salesd_domain::Ctx;
use salesd_domain::clock::company_date;
use salesd_domain::error::DomainResult;
use salesd_domain::org::Actor;
use salesd_domain::targets::tree::OrgTree;
use salesd_domain::targets::{Metric, Period, PeriodKind};

/// The team whose SIGNED_REVENUE target its reps do not cover.
pub const UNDER_COVERED_UNIT: &str = "深圳二组";
/// The metric of that gap.
pub const UNDER_COVERED_METRIC: Metric = Metric::SignedRevenue;

/// Seasonal weight of each month in tenths (sums to 12.0): a slow start
/// after the Spring Festival, the year-end push.
const SEASON: [i64; 12] = [7, 6, 10, 10, 10, 11, 9, 9, 10, 11, 12, 15];

/// What was loaded.
#[derive(Clone, Debug, Default, Serialize)]
pub struct KpiDemoStats {
    pub year: i32,
    /// Targets inserted (existing ones are kept).
    pub targets: u64,
    /// Default schemes created.
    pub schemes: u64,
    /// Periods run and finalised.
    pub periods: Vec<Period>,
    /// Results written by those runs.
    pub results: u64,
}

/// Targets, schemes and the finalised past periods of the year of `now`.
pub async fn load(pool: &PgPool, seed: u64, now: DateTime<Utc>) -> DomainResult<KpiDemoStats> {
    let today = company_date(now);
    let ctx = Ctx {
        actor: Actor::system("demo: assessments"),
        request_id: "demo-assessments".into(),
        now,
    };
    let schemes = salesd_domain::kpi::schemes::seed_default_schemes(pool, &ctx).await?;
    let mut stats = KpiDemoStats {
        year: today.year(),
        schemes,
        targets: load_targets(pool, seed, now).await?,
        ..KpiDemoStats::default()
    };
    for period in past_periods(today) {
        let report = salesd_domain::kpi::runs::run_period(pool, &ctx, period).await?;
        salesd_domain::kpi::runs::finalize_period(pool, &ctx, period).await?;
        stats.results += report.results;
        stats.periods.push(period);
    }
    Ok(stats)
}

/// The months of `today`'s year before its month, each followed (after a
/// quarter's last month) by that quarter.
pub fn past_periods(today: NaiveDate) -> Vec<Period> {
    let year = today.year();
    let mut out = Vec::new();
    for m in 1..today.month() as i32 {
        out.extend(Period::new(PeriodKind::Month, year, m).ok());
        if m % 3 == 0 {
            out.extend(Period::new(PeriodKind::Quarter, year, m / 3).ok());
        }
    }
    out
}

/// One target row to insert.
struct Row {
    metric: Metric,
    kind: PeriodKind,
    no: i32,
    unit: Option<Uuid>,
    user: Option<Uuid>,
    amount: Decimal,
}

/// Month amounts (index 0 = January) per metric of one scope.
type Months = [[Decimal; 12]; 4];

/// TGT-1 targets for the year of `now` (see the module comment); returns
/// how many were inserted. Existing targets are left as they are.
pub async fn load_targets(pool: &PgPool, seed: u64, now: DateTime<Utc>) -> DomainResult<u64> {
    let today = company_date(now);
    let tree = OrgTree::load(pool).await?;
    let Some(root) = tree.root() else {
        return Ok(0);
    };
    let per_seller = per_seller_month(pool, today, tree.sellers.len()).await?;
    // Sellers, and the people a scheme assesses (supervisors, managers):
    // KPI-3 finalises only results whose KPIs all have their targets.
    let assessed: Vec<Uuid> = sqlx::query_scalar(
        "SELECT id FROM users WHERE active AND primary_role IN (SELECT role FROM assessment_schemes)",
    )
    .fetch_all(pool)
    .await?;
    let mut people: Vec<Uuid> = tree.sellers.iter().copied().chain(assessed).collect();
    people.sort();
    people.dedup();
    let mut rng = StdRng::seed_from_u64(seed ^ 0x07A2_6E75);
    let mut months: HashMap<Uuid, Months> = HashMap::new();
    for p in &people {
        // A personal factor of 0.75–1.25 (in hundredths, exact decimals).
        let factor = Decimal::new(rng.random_range(75..125), 2);
        // A unit head who is no seller carries a small personal quota.
        let factor = if tree.sellers.contains(p) {
            factor
        } else {
            factor / Decimal::from(4)
        };
        months.insert(*p, seller_months(&per_seller, factor));
    }
    let under: Option<Uuid> =
        sqlx::query_scalar("SELECT id FROM org_units WHERE name = $1 ORDER BY id LIMIT 1")
            .bind(UNDER_COVERED_UNIT)
            .fetch_optional(pool)
            .await?;
    let mut rows = Vec::new();
    let mut units = Vec::new();
    let company = unit_months(&tree, root, under, &months, &mut units);
    push_periods(&mut rows, None, None, &company);
    for (unit, m) in &units {
        push_periods(&mut rows, Some(*unit), None, m);
    }
    for p in &people {
        push_periods(&mut rows, None, Some(*p), &months[p]);
    }
    insert(pool, today.year(), now, &rows).await
}

/// A seller's month targets per metric: the base × their factor × the
/// season, rounded (money to thousands, at least 10 000; customers whole,
/// at least 1).
fn seller_months(base: &[Decimal; 4], factor: Decimal) -> Months {
    let mut out = [[Decimal::ZERO; 12]; 4];
    for (mi, metric) in Metric::ALL.iter().enumerate() {
        for (m, season) in SEASON.iter().enumerate() {
            let v = base[mi] * factor * Decimal::new(*season, 1);
            out[mi][m] = if *metric == Metric::NewCustomers {
                v.round().max(Decimal::ONE)
            } else {
                ((v / Decimal::from(1000)).round() * Decimal::from(1000)).max(Decimal::from(10_000))
            };
        }
    }
    out
}

/// The month targets of `unit`: Σ its child units with sellers and its
/// own people with targets, plus the deliberate shortfall at the under-covered unit.
/// Pushes every unit below the root (the root's figure is the company's).
fn unit_months(
    tree: &OrgTree,
    unit: Uuid,
    under: Option<Uuid>,
    people: &HashMap<Uuid, Months>,
    out: &mut Vec<(Uuid, Months)>,
) -> Months {
    let mut sum = [[Decimal::ZERO; 12]; 4];
    let add = |sum: &mut Months, m: &Months| {
        for (s, x) in sum.iter_mut().zip(m) {
            for (a, b) in s.iter_mut().zip(x) {
                *a += *b;
            }
        }
    };
    let mut children = tree.child_units(unit);
    children.sort();
    for c in children {
        if tree.has_sellers(c) {
            let m = unit_months(tree, c, under, people, out);
            add(&mut sum, &m);
            out.push((c, m));
        }
    }
    for m in tree.members(unit) {
        if let Some(x) = people.get(&m) {
            add(&mut sum, x);
        }
    }
    if Some(unit) == under {
        let mi = Metric::ALL
            .iter()
            .position(|m| *m == UNDER_COVERED_METRIC)
            .unwrap_or(0);
        for v in sum[mi].iter_mut() {
            let extra = (*v / Decimal::from(10_000)).round() * Decimal::from(1000);
            *v += extra.max(Decimal::from(10_000));
        }
    }
    sum
}

/// The 12 months, 4 quarters and the year of one scope, all metrics.
fn push_periods(rows: &mut Vec<Row>, unit: Option<Uuid>, user: Option<Uuid>, months: &Months) {
    for (mi, metric) in Metric::ALL.iter().enumerate() {
        let m = &months[mi];
        let mut push = |kind, no, amount| {
            rows.push(Row {
                metric: *metric,
                kind,
                no,
                unit,
                user,
                amount,
            })
        };
        for (i, a) in m.iter().enumerate() {
            push(PeriodKind::Month, i as i32 + 1, *a);
        }
        for q in 0..4 {
            push(
                PeriodKind::Quarter,
                q as i32 + 1,
                m[3 * q..3 * q + 3].iter().sum(),
            );
        }
        push(PeriodKind::Year, 1, m.iter().sum());
    }
}

/// A seller's average month per metric (SIGNED_REVENUE, COLLECTIONS,
/// GROSS_PROFIT, NEW_CUSTOMERS, the order of [`Metric::ALL`]): the facts of
/// the 365 days up to `today` (TGT-2 definitions, without CUS-3 splits)
/// ÷ sellers ÷ 12, +10 %. Without facts: 200 000, 170 000, 60 000 and 2.
async fn per_seller_month(
    pool: &PgPool,
    today: NaiveDate,
    sellers: usize,
) -> DomainResult<[Decimal; 4]> {
    let from = today - chrono::Days::new(365);
    let (signed, profit, collected, won): (Decimal, Decimal, Decimal, i64) = sqlx::query_as(
        "SELECT
           (SELECT COALESCE(SUM(amount), 0) FROM contracts
             WHERE signed_date > $1 AND signed_date <= $2 AND status <> 'TERMINATED'),
           (SELECT COALESCE(SUM(c.amount - q.total_cost), 0) FROM contracts c JOIN quotes q ON q.id = c.quote_id
             WHERE c.signed_date > $1 AND c.signed_date <= $2 AND c.status <> 'TERMINATED'),
           (SELECT COALESCE(-SUM(amount), 0) FROM ledger_entries
             WHERE kind IN ('RECEIPT', 'CREDIT_APPLIED') AND item_id IS NOT NULL
               AND entry_date > $1 AND entry_date <= $2),
           (SELECT count(*) FROM (SELECT customer_id FROM contracts
             WHERE signed_date IS NOT NULL AND status <> 'TERMINATED'
             GROUP BY customer_id HAVING min(signed_date) > $1 AND min(signed_date) <= $2) f)",
    )
    .bind(from)
    .bind(today)
    .fetch_one(pool)
    .await?;
    let n = Decimal::from(sellers.max(1) as u64 * 12);
    let lift = Decimal::new(11, 1);
    let or = |v: Decimal, default: i64| {
        if v > Decimal::ZERO {
            (v / n * lift).round_dp(2)
        } else {
            Decimal::from(default)
        }
    };
    Ok([
        or(signed, 200_000),
        or(collected, 170_000),
        or(profit.min(signed), 60_000),
        or(Decimal::from(won), 2),
    ])
}

/// Inserts the rows of `year` in one statement; keeps existing targets.
async fn insert(pool: &PgPool, year: i32, now: DateTime<Utc>, rows: &[Row]) -> DomainResult<u64> {
    let mut tx = pool.begin().await?;
    let director: Option<Uuid> = sqlx::query_scalar(
        "SELECT id FROM users WHERE primary_role = 'SALES_DIRECTOR' AND active ORDER BY created_at, id LIMIT 1",
    )
    .fetch_optional(&mut *tx)
    .await?;
    let done = sqlx::query(
        "INSERT INTO targets (id, metric, period_kind, year, period_no, scope, unit_id, user_id, amount,
                             created_by, created_at, updated_by, updated_at)
         SELECT gen_random_uuid(), m, k, $1, n,
                CASE WHEN un IS NOT NULL THEN 'UNIT' WHEN us IS NOT NULL THEN 'USER' ELSE 'COMPANY' END,
                un, us, a, $8, $9, $8, $9
           FROM UNNEST($2::text[], $3::text[], $4::int4[], $5::uuid[], $6::uuid[], $7::numeric[])
                AS t(m, k, n, un, us, a)
         ON CONFLICT ON CONSTRAINT targets_one_per_key DO NOTHING",
    )
    .bind(year)
    .bind(rows.iter().map(|r| r.metric.as_str()).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.no).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.unit).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.user).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.amount).collect::<Vec<_>>())
    .bind(director)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn past_periods_are_the_months_before_this_one_and_the_quarters_they_close() {
        let p = |k, n| Period::new(k, 2026, n).unwrap();
        assert!(past_periods(d("2026-01-20")).is_empty());
        assert_eq!(
            past_periods(d("2026-04-01")),
            vec![
                p(PeriodKind::Month, 1),
                p(PeriodKind::Month, 2),
                p(PeriodKind::Month, 3),
                p(PeriodKind::Quarter, 1),
            ]
        );
        let nov = past_periods(d("2026-11-23"));
        assert_eq!(nov.len(), 10 + 3);
        assert_eq!(nov.last(), Some(&p(PeriodKind::Month, 10)));
    }

    #[test]
    fn tgt1_seller_months_are_rounded_and_positive() {
        let base = [
            Decimal::from(123_456),
            Decimal::from(100_000),
            Decimal::from(3),
            Decimal::new(4, 1),
        ];
        let m = seller_months(&base, Decimal::ONE);
        for (mi, metric) in Metric::ALL.iter().enumerate() {
            for v in m[mi] {
                assert!(v > Decimal::ZERO, "{metric}");
                assert!(
                    salesd_domain::targets::check_amount(*metric, v).is_ok(),
                    "{metric} {v}"
                );
                if *metric == Metric::NewCustomers {
                    assert!(v.fract().is_zero());
                } else {
                    assert!((v % Decimal::from(1000)).is_zero());
                }
            }
        }
        let total: i64 = SEASON.iter().sum();
        assert_eq!(total, 120);
    }
}

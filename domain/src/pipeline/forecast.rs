//! PIP-8: the pipeline summary (count, amount and weighted amount per stage,
//! conversion between consecutive stages) and the weighted forecast by
//! expected close month, owner or unit. Both are SQL aggregates over the
//! opportunities the actor may read (ORG-3, including project teams).
//!
//! Weighted amount = amount × effective probability / 100, where the
//! effective probability is the opportunity's override, else the stage
//! default of `stage_probabilities`; `WON` counts 100, `LOST` 0. It is
//! exact (`amount × pct × 0.01` in numeric): no rounding.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::opportunities::push_opportunity_scope;
use crate::clock::start_of_day;
use crate::error::{DomainError, DomainResult};
use crate::org::{Access, Actor};

/// One stage of the pipeline summary.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StageSummary {
    pub stage: String,
    /// Opportunities currently in the stage.
    pub count: i64,
    pub amount: Decimal,
    pub weighted: Decimal,
}

/// Conversion from one stage to the next: of the opportunities that reached
/// `from`, how many reached `to` (at any time, by their history).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Conversion {
    pub from_stage: String,
    pub to_stage: String,
    pub reached: i64,
    pub advanced: i64,
}

impl Conversion {
    /// `advanced / reached` rounded half-up to 4 places (`"0.6667"`,
    /// `"1.0000"`); `None` when no
    /// opportunity reached `from`.
    pub fn rate(&self) -> Option<Decimal> {
        (self.reached > 0).then(|| {
            let mut r = (Decimal::from(self.advanced) / Decimal::from(self.reached))
                .round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            r.rescale(4);
            r
        })
    }
}

/// The pipeline summary (PIP-8).
#[derive(Clone, Debug)]
pub struct PipelineSummary {
    /// Every stage, in order, `LOST` last; zero rows included.
    pub stages: Vec<StageSummary>,
    /// EVALUATION→INITIATION … CONTRACT→WON.
    pub conversions: Vec<Conversion>,
}

/// Which opportunities a summary covers.
#[derive(Clone, Copy, Debug, Default)]
pub struct SummaryFilter {
    /// Owned in this unit or below it (ORG-1 subtree).
    pub unit_id: Option<Uuid>,
    /// Created on or after this company day.
    pub from: Option<NaiveDate>,
    /// Created on or before this company day.
    pub to: Option<NaiveDate>,
}

/// Money as the API shows it: exact, trailing zeros trimmed but at least
/// two places (`"1234.50"`, `"123.4567"`).
pub fn money(d: Decimal) -> Decimal {
    let mut n = d.normalize();
    if n.scale() < 2 {
        n.rescale(2);
    }
    n
}

/// The effective probability in percent of a group `g` of opportunities
/// sharing `stage` and `probability` (the override), with `s.p` the
/// setting: the override, else the stage default; `WON` 100, `LOST` 0.
/// Applied once per group instead of once per row: Σ (amount × pct) =
/// (Σ amount) × pct, exactly.
const GROUP_PCT: &str = "CASE g.stage WHEN 'WON' THEN 100 WHEN 'LOST' THEN 0 \
     ELSE COALESCE(g.probability::int, (s.p ->> g.stage)::int, 0) END";

/// `WITH s AS (setting), g AS (visible opportunities matching f, counted
/// and summed per stage, probability override and furthest stage)`.
fn push_grouped(qb: &mut QueryBuilder<Postgres>, actor: &Actor, f: &SummaryFilter) {
    qb.push(
        "WITH s AS (SELECT value AS p FROM company_settings WHERE key = 'stage_probabilities'),
         g AS (SELECT o.stage, o.probability, o.furthest_stage, count(*) AS n, sum(o.amount) AS amount
               FROM opportunities o WHERE TRUE",
    );
    push_opportunity_scope(qb, actor, Access::Read);
    if let Some(u) = f.unit_id {
        qb.push(
            " AND o.owner_unit_id IN (WITH RECURSIVE sub AS (SELECT id FROM org_units WHERE id = ",
        )
        .push_bind(u)
        .push(
            " UNION ALL SELECT c.id FROM org_units c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)",
        );
    }
    if let Some(d) = f.from {
        qb.push(" AND o.created_at >= ").push_bind(start_of_day(d));
    }
    if let Some(d) = f.to {
        qb.push(" AND o.created_at < ")
            .push_bind(start_of_day(d + chrono::Duration::days(1)));
    }
    qb.push(" GROUP BY o.stage, o.probability, o.furthest_stage)");
}

/// One (stage, furthest stage) cell of the summary query.
#[derive(sqlx::FromRow)]
struct Cell {
    stage: String,
    furthest: i16,
    count: i64,
    amount: Decimal,
    weighted: Decimal,
}

/// The stages of the line, in order (`WON` last).
const LINE_STAGES: [&str; 7] = [
    "EVALUATION",
    "INITIATION",
    "REQUIREMENTS",
    "PROPOSAL",
    "NEGOTIATION",
    "CONTRACT",
    "WON",
];

/// Folds the cells into the stage rows (every stage, `LOST` last) and the
/// six conversions: an opportunity whose furthest stage is at position `k`
/// (1-based) reached every stage up to `k`, skipped ones included.
fn fold(cells: &[Cell]) -> PipelineSummary {
    let stages = LINE_STAGES
        .iter()
        .chain(std::iter::once(&"LOST"))
        .map(|stage| {
            let mut row = StageSummary {
                stage: (*stage).to_owned(),
                count: 0,
                amount: Decimal::ZERO,
                weighted: Decimal::ZERO,
            };
            for c in cells.iter().filter(|c| c.stage == *stage) {
                row.count += c.count;
                row.amount += c.amount;
                row.weighted += c.weighted;
            }
            row.amount = money(row.amount);
            row.weighted = money(row.weighted);
            row
        })
        .collect();
    let reached_at = |k: i16| -> i64 {
        cells
            .iter()
            .filter(|c| c.furthest >= k)
            .map(|c| c.count)
            .sum()
    };
    let conversions = (1..LINE_STAGES.len())
        .map(|n| Conversion {
            from_stage: LINE_STAGES[n - 1].to_owned(),
            to_stage: LINE_STAGES[n].to_owned(),
            reached: reached_at(n as i16),
            advanced: reached_at(n as i16 + 1),
        })
        .collect();
    PipelineSummary {
        stages,
        conversions,
    }
}

fn check_range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> DomainResult<()> {
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        return Err(DomainError::validation("to", "must not be before from"));
    }
    Ok(())
}

/// PIP-8 `pipelineSummary`.
pub async fn pipeline_summary(
    pool: &PgPool,
    actor: &Actor,
    f: &SummaryFilter,
) -> DomainResult<PipelineSummary> {
    check_range(f.from, f.to)?;
    // One pass over the visible opportunities (the furthest stage is kept on
    // the row, migration 0016), a few dozen cells out.
    let mut qb = QueryBuilder::new("");
    push_grouped(&mut qb, actor, f);
    qb.push(format_args!(
        " SELECT g.stage, g.furthest_stage AS furthest, sum(g.n)::bigint AS count,
                 sum(g.amount) AS amount, sum(g.amount * ({GROUP_PCT}) * 0.01) AS weighted
          FROM g LEFT JOIN s ON TRUE
          GROUP BY g.stage, g.furthest_stage"
    ));
    let cells: Vec<Cell> = qb.build_query_as().fetch_all(pool).await?;
    Ok(fold(&cells))
}

/// How `forecast` groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ForecastGroup {
    /// By expected close month (every month of the range, zeros included).
    Month,
    /// By owner (the rep).
    Owner,
    /// By the owner's unit (for reps, their team).
    Unit,
}

/// One group of the forecast; exactly one of `month`, `owner_id`, `unit_id`
/// is set, by the grouping.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ForecastRow {
    /// The first day of the month.
    pub month: Option<NaiveDate>,
    pub owner_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    pub count: i64,
    pub amount: Decimal,
    pub weighted: Decimal,
}

/// PIP-8 `forecast`: open opportunities with an expected close date in
/// `from..=to`, grouped; months in order, owners and units by weighted
/// amount (largest first). At most 120 months.
pub async fn forecast(
    pool: &PgPool,
    actor: &Actor,
    group: ForecastGroup,
    from: NaiveDate,
    to: NaiveDate,
) -> DomainResult<Vec<ForecastRow>> {
    check_range(Some(from), Some(to))?;
    let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if months >= 120 {
        return Err(DomainError::validation("to", "at most 120 months"));
    }
    // Counted and summed per (key, stage, probability override) first, the
    // probability applied once per group (exact: Σ amount × pct).
    let key = match group {
        ForecastGroup::Month => "date_trunc('month', o.expected_close_date)::date",
        ForecastGroup::Owner => "o.owner_id",
        ForecastGroup::Unit => "o.owner_unit_id",
    };
    let mut qb = QueryBuilder::new(format!(
        "WITH s AS (SELECT value AS p FROM company_settings WHERE key = 'stage_probabilities'),
         g AS (SELECT {key} AS k, o.stage, o.probability, count(*) AS n, sum(o.amount) AS amount
               FROM opportunities o
               WHERE o.stage NOT IN ('WON', 'LOST') AND o.expected_close_date BETWEEN "
    ));
    qb.push_bind(from).push(" AND ").push_bind(to);
    push_opportunity_scope(&mut qb, actor, Access::Read);
    qb.push(format_args!(
        " GROUP BY 1, o.stage, o.probability),
         w AS (SELECT g.k, sum(g.n)::bigint AS count, sum(g.amount) AS amount,
                      sum(g.amount * ({GROUP_PCT}) * 0.01) AS weighted
               FROM g LEFT JOIN s ON TRUE GROUP BY g.k) "
    ));
    let sums = "COALESCE(w.count, 0) AS count, COALESCE(w.amount, 0) AS amount,
                COALESCE(w.weighted, 0) AS weighted";
    match group {
        ForecastGroup::Month => {
            qb.push(format_args!(
                "SELECT m.month::date AS month, NULL::uuid AS owner_id, NULL::uuid AS unit_id, {sums}
                 FROM generate_series(date_trunc('month', "
            ))
            .push_bind(from)
            .push("::date), ")
            .push_bind(to)
            .push(
                "::date, interval '1 month') AS m(month)
                 LEFT JOIN w ON w.k = m.month::date
                 ORDER BY m.month",
            );
        }
        ForecastGroup::Owner => {
            qb.push(format_args!(
                "SELECT NULL::date AS month, w.k AS owner_id, NULL::uuid AS unit_id, {sums}
                 FROM w ORDER BY weighted DESC, w.k"
            ));
        }
        ForecastGroup::Unit => {
            qb.push(format_args!(
                "SELECT NULL::date AS month, NULL::uuid AS owner_id, w.k AS unit_id, {sums}
                 FROM w ORDER BY weighted DESC, w.k"
            ));
        }
    }
    let mut rows: Vec<ForecastRow> = qb.build_query_as().fetch_all(pool).await?;
    for r in &mut rows {
        r.amount = money(r.amount);
        r.weighted = money(r.weighted);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pip8_money_is_exact_with_two_places_at_least() {
        assert_eq!(money(Decimal::new(4500000, 4)).to_string(), "450.00");
        assert_eq!(money(Decimal::new(1234567, 4)).to_string(), "123.4567");
        assert_eq!(money(Decimal::ZERO).to_string(), "0.00");
    }

    #[test]
    fn pip8_fold_sums_stages_and_counts_reached_by_furthest_stage() {
        let cell = |stage: &str, furthest, count, amount, weighted| Cell {
            stage: stage.into(),
            furthest,
            count,
            amount: Decimal::new(amount, 2),
            weighted: Decimal::new(weighted, 2),
        };
        // Two in PROPOSAL (one moved back there from NEGOTIATION), one WON,
        // one LOST after reaching REQUIREMENTS.
        let s = fold(&[
            cell("PROPOSAL", 4, 1, 10000, 5000),
            cell("PROPOSAL", 5, 1, 20000, 10000),
            cell("WON", 7, 1, 30000, 30000),
            cell("LOST", 3, 1, 40000, 0),
        ]);
        assert_eq!(s.stages.len(), 8);
        assert_eq!(s.stages[3].stage, "PROPOSAL");
        assert_eq!(s.stages[3].count, 2);
        assert_eq!(s.stages[3].amount.to_string(), "300.00");
        assert_eq!(s.stages[3].weighted.to_string(), "150.00");
        assert_eq!(s.stages[0].amount.to_string(), "0.00");
        assert_eq!(s.stages[7].stage, "LOST");
        let reached: Vec<(i64, i64)> = s
            .conversions
            .iter()
            .map(|c| (c.reached, c.advanced))
            .collect();
        assert_eq!(reached, [(4, 4), (4, 4), (4, 3), (3, 2), (2, 1), (1, 1)]);
    }

    #[test]
    fn pip8_conversion_rate_rounds_to_four_places() {
        let c = |reached, advanced| Conversion {
            from_stage: "EVALUATION".into(),
            to_stage: "INITIATION".into(),
            reached,
            advanced,
        };
        assert_eq!(c(3, 2).rate(), Some(Decimal::new(6667, 4)));
        assert_eq!(c(0, 0).rate(), None);
        assert_eq!(c(4, 4).rate().unwrap().to_string(), "1.0000");
    }
}

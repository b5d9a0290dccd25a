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

/// The stages in order as an SQL array literal (`WON` last; `LOST` is off
/// the line).
const LINE: &str = "ARRAY['EVALUATION', 'INITIATION', 'REQUIREMENTS', 'PROPOSAL', 'NEGOTIATION', 'CONTRACT', 'WON']";

/// The effective probability of `o` in percent, with `s.p` the setting.
const PCT: &str = "CASE o.stage WHEN 'WON' THEN 100 WHEN 'LOST' THEN 0 \
     ELSE COALESCE(o.probability::int, (s.p ->> o.stage)::int, 0) END";

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

/// `WITH s AS (setting), scoped AS (visible opportunities matching f)`.
fn push_scoped(qb: &mut QueryBuilder<Postgres>, actor: &Actor, f: &SummaryFilter) {
    qb.push(
        "WITH s AS (SELECT value AS p FROM company_settings WHERE key = 'stage_probabilities'),
         scoped AS (SELECT o.id, o.stage, o.amount, ",
    );
    qb.push(PCT);
    qb.push(" AS pct FROM opportunities o LEFT JOIN s ON TRUE WHERE TRUE");
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
    qb.push(")");
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
    let mut qb = QueryBuilder::new("");
    push_scoped(&mut qb, actor, f);
    qb.push(format_args!(
        " SELECT st.stage, count(scoped.id) AS count, COALESCE(sum(scoped.amount), 0) AS amount,
                 COALESCE(sum(scoped.amount * scoped.pct * 0.01), 0) AS weighted
          FROM unnest({LINE} || ARRAY['LOST']) WITH ORDINALITY AS st(stage, n)
          LEFT JOIN scoped ON scoped.stage = st.stage
          GROUP BY st.stage, st.n ORDER BY st.n"
    ));
    let mut stages: Vec<StageSummary> = qb.build_query_as().fetch_all(pool).await?;
    for s in &mut stages {
        s.amount = money(s.amount);
        s.weighted = money(s.weighted);
    }
    // The furthest stage each opportunity ever reached (LOST is not on the
    // line); it reached every stage up to that one, skipped ones included.
    let mut qb = QueryBuilder::new("");
    push_scoped(&mut qb, actor, f);
    qb.push(format_args!(
        ", r AS (SELECT h.opportunity_id, max(array_position({LINE}, h.to_stage)) AS furthest
                 FROM opportunity_stage_history h JOIN scoped ON scoped.id = h.opportunity_id
                 GROUP BY h.opportunity_id)
          SELECT ({LINE})[n] AS from_stage, ({LINE})[n + 1] AS to_stage,
                 count(r.opportunity_id) FILTER (WHERE r.furthest >= n) AS reached,
                 count(r.opportunity_id) FILTER (WHERE r.furthest >= n + 1) AS advanced
          FROM generate_series(1, 6) AS n LEFT JOIN r ON TRUE
          GROUP BY n ORDER BY n"
    ));
    let conversions = qb.build_query_as().fetch_all(pool).await?;
    Ok(PipelineSummary {
        stages,
        conversions,
    })
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
    let mut qb = QueryBuilder::new(
        "WITH s AS (SELECT value AS p FROM company_settings WHERE key = 'stage_probabilities'),
         scoped AS (SELECT o.owner_id, o.owner_unit_id, o.amount, o.expected_close_date, ",
    );
    qb.push(PCT);
    qb.push(
        " AS pct FROM opportunities o LEFT JOIN s ON TRUE
          WHERE o.stage NOT IN ('WON', 'LOST') AND o.expected_close_date BETWEEN ",
    )
    .push_bind(from)
    .push(" AND ")
    .push_bind(to);
    push_opportunity_scope(&mut qb, actor, Access::Read);
    qb.push(") ");
    let sums = "count(scoped.amount) AS count, COALESCE(sum(scoped.amount), 0) AS amount,
                COALESCE(sum(scoped.amount * scoped.pct * 0.01), 0) AS weighted";
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
                 LEFT JOIN scoped ON date_trunc('month', scoped.expected_close_date) = m.month
                 GROUP BY m.month ORDER BY m.month",
            );
        }
        ForecastGroup::Owner => {
            qb.push(format_args!(
                "SELECT NULL::date AS month, scoped.owner_id, NULL::uuid AS unit_id, {sums}
                 FROM scoped GROUP BY scoped.owner_id ORDER BY weighted DESC, scoped.owner_id"
            ));
        }
        ForecastGroup::Unit => {
            qb.push(format_args!(
                "SELECT NULL::date AS month, NULL::uuid AS owner_id, scoped.owner_unit_id AS unit_id, {sums}
                 FROM scoped GROUP BY scoped.owner_unit_id ORDER BY weighted DESC, scoped.owner_unit_id"
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

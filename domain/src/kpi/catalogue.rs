//! KPI-1: each KPI as one SQL query over the facts of a period.
//!
//! [`push_facts`] appends a SELECT yielding one row per (person, fact) with
//! the columns `user_id uuid, kind text, fact_id uuid, fact_date date,
//! num numeric, den numeric`: who the fact counts for, what it is, the day
//! it counts on and what it adds to the KPI's numerator and denominator.
//! The KPI's value is [`super::Kpi::value`] of Σ num and Σ den. The queries
//! are set-based (joins, window functions, no per-person work) so that one
//! statement covers thousands of people; docs/kpis.md has the definitions.
//!
//! - [`money`]: SIGNED_REVENUE, GROSS_PROFIT, COLLECTION_AMOUNT,
//!   NEW_CUSTOMERS (TGT-2's facts and CUS-3 credit shares, in SQL),
//!   KEY_ACCOUNT_REVENUE_GROWTH and TARGET_COMPLETION.
//! - [`portfolio`]: COLLECTION_RATE (REC-4 per owner) and the KPIs of the
//!   customers a person owns: RETENTION_RATE, CHURN_RATE,
//!   AVERAGE_SATISFACTION, COMPLAINT_RATE, REVISIT_COMPLIANCE (CUS-6).
//!
//! The SQL is written as templates with `{name}` placeholders, each pushed
//! as a bind parameter ([`Params::push`]); no value is ever spliced into
//! the text.

mod money;
mod portfolio;

use chrono::{DateTime, Days, NaiveDate, Utc};
use sqlx::{Postgres, QueryBuilder};
use uuid::Uuid;

use super::Kpi;
use crate::clock::{COMPANY_TZ, start_of_day};
use crate::targets::{Period, PeriodKind};

/// The longest CUS-6 revisit interval the settings accept (days): revisit
/// anchors further back than this before the period cannot produce a due
/// date in it.
pub const MAX_REVISIT_INTERVAL: u64 = 366;

/// The period of the same kind just before `p`: the month, quarter or year
/// before (January → December of the year before, Q1 → Q4).
pub fn previous_period(p: Period) -> Period {
    let (year, no) = match p.kind {
        PeriodKind::Year => (p.year - 1, 1),
        PeriodKind::Quarter if p.no <= 1 => (p.year - 1, 4),
        PeriodKind::Month if p.no <= 1 => (p.year - 1, 12),
        PeriodKind::Quarter | PeriodKind::Month => (p.year, p.no - 1),
    };
    Period {
        kind: p.kind,
        year,
        no,
    }
}

/// Appends the fact query of `kpi` for `period`, restricted to `people`.
/// The period is taken as over: CUS-6 due dates up to its last day count
/// (see [`push_facts_as_of`] for a period still running).
pub fn push_facts(qb: &mut QueryBuilder<Postgres>, kpi: Kpi, period: Period, people: &[Uuid]) {
    let (_, to) = period.range();
    let as_of = to.checked_add_days(Days::new(1)).unwrap_or(to);
    push_facts_as_of(qb, kpi, period, people, as_of);
}

/// [`push_facts`] evaluated on company day `today`: only REVISIT_COMPLIANCE
/// depends on it (a due date counts once it has passed, `due < today`, as
/// in CUS-6 `revisitCompliance`); the other KPIs read what is recorded.
pub fn push_facts_as_of(
    qb: &mut QueryBuilder<Postgres>,
    kpi: Kpi,
    period: Period,
    people: &[Uuid],
    today: NaiveDate,
) {
    let p = Params::new(period, people, today);
    qb.push("SELECT f.user_id, f.kind, f.fact_id, f.fact_date, f.num, f.den FROM (");
    match kpi {
        Kpi::SignedRevenue => money::push_money(qb, &p, money::Money::SignedRevenue),
        Kpi::GrossProfit => money::push_money(qb, &p, money::Money::GrossProfit),
        Kpi::CollectionAmount => money::push_money(qb, &p, money::Money::Collections),
        Kpi::NewCustomers => p.push(qb, money::NEW_CUSTOMERS),
        Kpi::KeyAccountRevenueGrowth => money::push_money(qb, &p, money::Money::KeyAccountGrowth),
        Kpi::TargetCompletion => money::push_target_completion(qb, &p),
        Kpi::CollectionRate => p.push(qb, portfolio::COLLECTION_RATE),
        Kpi::RetentionRate => portfolio::push_retention(qb, &p, false),
        Kpi::ChurnRate => portfolio::push_retention(qb, &p, true),
        Kpi::AverageSatisfaction => p.push(qb, portfolio::SATISFACTION),
        Kpi::ComplaintRate => portfolio::push_complaints(qb, &p),
        Kpi::RevisitCompliance => p.push(qb, portfolio::REVISIT),
    }
    qb.push(") f");
}

/// The values a template may name.
struct Params<'a> {
    period: Period,
    people: &'a [Uuid],
    /// The period's first and last day.
    from: NaiveDate,
    to: NaiveDate,
    /// The previous period's.
    prev_from: NaiveDate,
    prev_to: NaiveDate,
    /// The company day the facts are evaluated on (CUS-6).
    today: NaiveDate,
}

impl<'a> Params<'a> {
    fn new(period: Period, people: &'a [Uuid], today: NaiveDate) -> Self {
        let (from, to) = period.range();
        let (prev_from, prev_to) = previous_period(period).range();
        Params {
            period,
            people,
            from,
            to,
            prev_from,
            prev_to,
            today,
        }
    }

    fn day_after(d: NaiveDate) -> NaiveDate {
        d.checked_add_days(Days::new(1)).unwrap_or(d)
    }

    fn instant(d: NaiveDate) -> DateTime<Utc> {
        start_of_day(d)
    }

    /// Pushes `sql`, each `{name}` replaced by a bind of its value:
    /// `from`, `to`, `pfrom`, `pto` (days); `from_at`, `pfrom_at`, `end_at`
    /// (the first instants of the period, of the previous period and of the
    /// day after the period); `win_at` (the first instant of
    /// [`MAX_REVISIT_INTERVAL`] days before the period); `today`; `tz`
    /// (the company time zone); `people` (uuid[]); `pkind`, `pyear`, `pno`
    /// (the period's identity). Unknown names are pushed as they are.
    fn push(&self, qb: &mut QueryBuilder<Postgres>, sql: &str) {
        let mut rest = sql;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            qb.push(&rest[..start]);
            let name = &rest[start + 1..start + len];
            match name {
                "from" => qb.push_bind(self.from),
                "to" => qb.push_bind(self.to),
                "pfrom" => qb.push_bind(self.prev_from),
                "pto" => qb.push_bind(self.prev_to),
                "today" => qb.push_bind(self.today),
                "from_at" => qb.push_bind(Self::instant(self.from)),
                "pfrom_at" => qb.push_bind(Self::instant(self.prev_from)),
                "end_at" => qb.push_bind(Self::instant(Self::day_after(self.to))),
                "win_at" => qb.push_bind(Self::instant(
                    self.from
                        .checked_sub_days(Days::new(MAX_REVISIT_INTERVAL))
                        .unwrap_or(self.from),
                )),
                "tz" => qb.push_bind(COMPANY_TZ.name()),
                "people" => qb.push_bind(self.people.to_vec()),
                "pkind" => qb.push_bind(self.period.kind.as_str()),
                "pyear" => qb.push_bind(self.period.year),
                "pno" => qb.push_bind(self.period.no),
                other => qb.push(format_args!("{{{other}}}")),
            };
            rest = &rest[start + len + 1..];
        }
        qb.push(rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(kind: PeriodKind, year: i32, no: i32) -> Period {
        Period::new(kind, year, no).unwrap()
    }

    #[test]
    fn kpi1_previous_period_is_the_same_kind_just_before() {
        assert_eq!(
            previous_period(p(PeriodKind::Month, 2027, 1)),
            p(PeriodKind::Month, 2026, 12)
        );
        assert_eq!(
            previous_period(p(PeriodKind::Month, 2027, 3)),
            p(PeriodKind::Month, 2027, 2)
        );
        assert_eq!(
            previous_period(p(PeriodKind::Quarter, 2027, 1)),
            p(PeriodKind::Quarter, 2026, 4)
        );
        assert_eq!(
            previous_period(p(PeriodKind::Quarter, 2027, 3)),
            p(PeriodKind::Quarter, 2027, 2)
        );
        assert_eq!(
            previous_period(p(PeriodKind::Year, 2027, 1)),
            p(PeriodKind::Year, 2026, 1)
        );
    }

    #[test]
    fn kpi1_every_kpi_is_one_select_with_bound_values() {
        let people = [Uuid::now_v7()];
        for kpi in Kpi::ALL {
            let mut qb = QueryBuilder::<Postgres>::new("");
            push_facts(&mut qb, *kpi, p(PeriodKind::Month, 2027, 3), &people);
            let sql = qb.sql().as_str().to_owned();
            assert!(sql.starts_with("SELECT f.user_id, f.kind"), "{kpi}");
            assert!(!sql.contains('{') && !sql.contains(';'), "{kpi}: {sql}");
            assert!(!sql.contains("2027"), "{kpi}: values are bound");
        }
    }
}

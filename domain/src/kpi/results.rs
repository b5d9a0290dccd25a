//! KPI-3: reading assessment results, their KPIs and the facts behind
//! them, within ORG-3: the `User` resource — a rep their own results, a
//! supervisor or manager those of their units' subtree (by the unit the
//! person was assessed in), director / GM / admin everything. A result out
//! of scope is NOT_FOUND exactly like a missing one.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use super::Kpi;
use crate::error::DomainResult;
use crate::org::{Access, Actor, Resource, Scope};
use crate::page::{Keyed, Page, PageRequest, SortKey, into_page, push_keyset};
use crate::targets::{Period, PeriodKind};

/// A stored result.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct AssessmentResult {
    pub id: Uuid,
    pub scheme_id: Uuid,
    pub user_id: Uuid,
    pub unit_id: Uuid,
    pub period_kind: String,
    pub year: i32,
    pub period_no: i32,
    pub total: Decimal,
    /// KPI-3 grade; `None` when nothing could be assessed.
    pub grade: Option<String>,
    pub rank_in_unit: i32,
    pub unit_size: i32,
    pub complete: bool,
    pub completion: Option<Decimal>,
    pub met: Option<bool>,
    pub collected: Decimal,
    pub commission_rate: Decimal,
    pub bonus_multiplier: Decimal,
    pub bonus: Option<Decimal>,
    pub run_no: i32,
    pub computed_at: DateTime<Utc>,
    /// At least one KPI had data (KPI-2).
    pub assessable: bool,
    /// Some KPI was left out and the others' weights renormalised.
    pub renormalised: bool,
}

impl AssessmentResult {
    pub fn period(&self) -> Period {
        Period {
            kind: self.period_kind.parse().unwrap_or(PeriodKind::Month),
            year: self.year,
            no: self.period_no,
        }
    }
}

/// One KPI of a result.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct ResultKpi {
    pub result_id: Uuid,
    pub kpi: String,
    pub position: i16,
    pub weight: Decimal,
    pub numerator: Decimal,
    pub denominator: Decimal,
    pub actual: Option<Decimal>,
    pub target: Option<Decimal>,
    pub score: Option<Decimal>,
    pub weighted: Option<Decimal>,
    pub fact_count: i32,
    /// OWN or UNIT (KPI-2).
    pub basis: String,
    /// No data: left out, the other weights renormalised (KPI-2).
    pub excluded: bool,
    /// The weight it counted with (None when left out).
    pub effective_weight: Option<Decimal>,
}

/// A fact behind a KPI value.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct ResultFact {
    pub kpi: String,
    pub kind: String,
    pub fact_id: Uuid,
    pub fact_date: NaiveDate,
    pub num: Decimal,
    pub den: Decimal,
}

/// The filter of `assessmentResults`.
#[derive(Clone, Debug, Default)]
pub struct ResultFilter {
    pub period: Option<Period>,
    /// Results of people assessed in this unit or below it.
    pub unit_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
}

fn scope(actor: &Actor) -> Scope {
    Scope::of(actor, Resource::User, Access::Read)
}

/// The results the actor may see that match the filter, best total first
/// (keyset-paged).
pub async fn list_results(
    pool: &PgPool,
    actor: &Actor,
    filter: &ResultFilter,
    req: &PageRequest,
) -> DomainResult<Page<AssessmentResult>> {
    let sort = SortKey {
        expr: "r.total",
        sql_type: "numeric",
        descending: true,
    };
    let mut qb = QueryBuilder::new(
        "SELECT r.*, r.total::text AS sort_key FROM assessment_results r WHERE TRUE",
    );
    if let Some(p) = filter.period {
        qb.push(" AND r.period_kind = ").push_bind(p.kind.as_str());
        qb.push(" AND r.year = ").push_bind(p.year);
        qb.push(" AND r.period_no = ").push_bind(p.no);
    }
    if let Some(u) = filter.unit_id {
        qb.push(" AND r.unit_id IN (WITH RECURSIVE s AS (SELECT id FROM org_units WHERE id = ");
        qb.push_bind(u);
        qb.push(" UNION ALL SELECT o.id FROM org_units o JOIN s ON o.parent_id = s.id) SELECT id FROM s)");
    }
    if let Some(u) = filter.user_id {
        qb.push(" AND r.user_id = ").push_bind(u);
    }
    scope(actor).push_filter(&mut qb, "r.user_id", "r.unit_id", None);
    push_keyset(&mut qb, "r.id", sort, req);
    let rows: Vec<Keyed<AssessmentResult>> = qb.build_query_as().fetch_all(pool).await?;
    Ok(into_page(rows, |r| r.id, req))
}

/// A result by id, within the actor's scope.
pub async fn get_result(
    pool: &PgPool,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<Option<AssessmentResult>> {
    let mut qb = QueryBuilder::new("SELECT r.* FROM assessment_results r WHERE r.id = ");
    qb.push_bind(id);
    scope(actor).push_filter(&mut qb, "r.user_id", "r.unit_id", None);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// A person's result of a period, within the actor's scope.
pub async fn result_of(
    pool: &PgPool,
    actor: &Actor,
    user: Uuid,
    period: Period,
) -> DomainResult<Option<AssessmentResult>> {
    let mut qb = QueryBuilder::new("SELECT r.* FROM assessment_results r WHERE r.user_id = ");
    qb.push_bind(user);
    qb.push(" AND r.period_kind = ")
        .push_bind(period.kind.as_str());
    qb.push(" AND r.year = ").push_bind(period.year);
    qb.push(" AND r.period_no = ").push_bind(period.no);
    scope(actor).push_filter(&mut qb, "r.user_id", "r.unit_id", None);
    qb.push(" ORDER BY r.computed_at DESC LIMIT 1");
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// The KPIs of results (already checked to be visible), in position order.
pub async fn kpis_of(pool: &PgPool, results: &[Uuid]) -> DomainResult<Vec<ResultKpi>> {
    Ok(sqlx::query_as(
        "SELECT * FROM assessment_kpis WHERE result_id = ANY($1) ORDER BY result_id, position",
    )
    .bind(results)
    .fetch_all(pool)
    .await?)
}

/// The facts behind one KPI of a result (already checked to be visible),
/// by day; at most `limit`.
pub async fn facts_of(
    pool: &PgPool,
    result: Uuid,
    kpi: Kpi,
    limit: i64,
) -> DomainResult<Vec<ResultFact>> {
    let key = FactsKey {
        result_id: result,
        kpi: kpi.as_str(),
        limit,
    };
    Ok(facts_of_many(pool, &[key])
        .await?
        .into_iter()
        .map(|(_, f)| f)
        .collect())
}

/// Which facts to read: one KPI of one result, at most `limit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FactsKey {
    pub result_id: Uuid,
    pub kpi: &'static str,
    pub limit: i64,
}

/// The facts of many (result, KPI) pairs in one statement (a page of
/// results × their KPIs), each list ordered by day, kind, id and cut at
/// its key's limit.
pub async fn facts_of_many(
    pool: &PgPool,
    keys: &[FactsKey],
) -> DomainResult<Vec<(FactsKey, ResultFact)>> {
    let ids: Vec<Uuid> = keys.iter().map(|k| k.result_id).collect();
    let kpis: Vec<&str> = keys.iter().map(|k| k.kpi).collect();
    let limits: Vec<i64> = keys.iter().map(|k| k.limit).collect();
    let rows: Vec<FactRow> = sqlx::query_as(
        "SELECT k.ord::int AS ord, f.kpi, f.kind, f.fact_id, f.fact_date, f.num, f.den
           FROM UNNEST($1::uuid[], $2::text[], $3::bigint[]) WITH ORDINALITY AS k(result_id, kpi, lim, ord)
           CROSS JOIN LATERAL (
                SELECT kpi, kind, fact_id, fact_date, num, den FROM assessment_facts
                 WHERE result_id = k.result_id AND kpi = k.kpi
                 ORDER BY fact_date, kind, fact_id LIMIT k.lim) f
          ORDER BY k.ord, f.fact_date, f.kind, f.fact_id",
    )
    .bind(&ids)
    .bind(&kpis)
    .bind(&limits)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let key = *keys.get(usize::try_from(r.ord).ok()?.checked_sub(1)?)?;
            Some((key, r.fact))
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct FactRow {
    ord: i32,
    #[sqlx(flatten)]
    fact: ResultFact,
}

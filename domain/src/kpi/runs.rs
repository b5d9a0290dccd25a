//! KPI-3, AUTO-4: assessment runs and their finalisation.
//!
//! A run of a period is one transaction, serialised per period with
//! `pg_advisory_xact_lock`, so two workers running the same period at once
//! queue up and the second recomputes what the first wrote: there is never
//! more than one result per (scheme, person, period). It is set-based:
//!
//! 1. the people: active users whose primary role has a scheme;
//! 2. whose facts each line measures (`run_basis`: the person for an OWN
//!    line, everyone in the person's unit subtree for a UNIT line, KPI-2;
//!    the person for COLLECTION_AMOUNT and SIGNED_REVENUE, the bonus and
//!    the completion); the facts of those people for every KPI needed go
//!    into a temporary table with one `INSERT … SELECT` per KPI over the
//!    catalogue;
//! 3. Σ num / Σ den per (person, KPI, basis) are aggregated in SQL and
//!    scored in Rust ([`super::assess`]) with the people's and their units'
//!    TGT-1 targets;
//! 4. results are upserted (ids stable across re-runs), their KPIs and
//!    facts replaced in bulk, the period's flags recomputed ([`super::flags`]).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::json;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::assess::{self, Inputs, Outcome, Sums};
use super::schemes::{Scheme, require_director, scheme_kpis};
use super::{Basis, Kpi, catalogue, flags, notices};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::targets::{Metric, Period, PeriodKind};

/// Audit entity of assessment periods (RUN, FINALIZE).
pub const ASSESSMENT_PERIOD: &str = "ASSESSMENT_PERIOD";
/// The `statement_timeout` of a run's transaction (PostgreSQL interval).
pub const RUN_STATEMENT_TIMEOUT: &str = "30min";

/// What one run did.
#[derive(Clone, Debug, Serialize)]
pub struct RunReport {
    pub period: Period,
    /// People assessed (one result each per scheme).
    pub people: u64,
    /// Results written (created or recomputed).
    pub results: u64,
    /// Facts recorded behind the KPI values.
    pub facts: u64,
    /// KPI-5 flags raised for the period.
    pub flags: u64,
    /// The period's run number.
    pub run_no: i32,
}

/// A period's assessment state (KPI-3).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct AssessmentPeriod {
    pub id: Uuid,
    pub period_kind: crate::targets::PeriodKind,
    pub year: i32,
    pub period_no: i32,
    pub status: String,
    pub runs: i32,
    pub last_run_at: Option<DateTime<Utc>>,
    pub last_run_by: Option<Uuid>,
    pub finalized_at: Option<DateTime<Utc>>,
    pub finalized_by: Option<Uuid>,
    pub version: i32,
}

impl AssessmentPeriod {
    pub fn is_finalized(&self) -> bool {
        self.status == "FINALIZED"
    }
}

/// What finalising did.
#[derive(Clone, Debug, Serialize)]
pub struct Finalized {
    pub period: AssessmentPeriod,
    /// Notifications recorded (emails and their in-app twins).
    pub notifications: u64,
}

#[derive(sqlx::FromRow)]
struct Person {
    user_id: Uuid,
    unit_id: Uuid,
    scheme_id: Uuid,
}

/// Serialises every run and finalisation of `period` (transaction-scoped).
/// A run or finalisation is a batch over the whole company (millions of
/// facts): it may take minutes, and a second worker may wait that long for
/// the period's lock, so the pool's `statement_timeout` (seconds, meant for
/// requests) is lifted to [`RUN_STATEMENT_TIMEOUT`] for the transaction.
/// JIT compilation is turned off for it: on a misestimated join PostgreSQL
/// spent ~0.8 s compiling a KPI query that runs in ~20 ms (docs/kpis.md).
async fn lock_period(conn: &mut PgConnection, period: Period) -> DomainResult<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SET LOCAL statement_timeout = '{RUN_STATEMENT_TIMEOUT}'"
    )))
    .execute(&mut *conn)
    .await?;
    sqlx::query("SET LOCAL jit = off")
        .execute(&mut *conn)
        .await?;
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind(format!(
            "assessment:{}:{}:{}",
            period.kind, period.year, period.no
        ))
        .execute(conn)
        .await?;
    Ok(())
}

async fn period_row(
    conn: &mut PgConnection,
    period: Period,
    create: bool,
) -> DomainResult<Option<AssessmentPeriod>> {
    if create {
        sqlx::query(
            "INSERT INTO assessment_periods (id, period_kind, year, period_no) VALUES ($1, $2, $3, $4)
             ON CONFLICT (period_kind, year, period_no) DO NOTHING",
        )
        .bind(Uuid::now_v7())
        .bind(period.kind.as_str())
        .bind(period.year)
        .bind(period.no)
        .execute(&mut *conn)
        .await?;
    }
    Ok(sqlx::query_as(
        "SELECT * FROM assessment_periods WHERE period_kind = $1 AND year = $2 AND period_no = $3 FOR UPDATE",
    )
    .bind(period.kind.as_str())
    .bind(period.year)
    .bind(period.no)
    .fetch_optional(conn)
    .await?)
}

/// The period's state, if it was ever run.
pub async fn get_period(pool: &PgPool, period: Period) -> DomainResult<Option<AssessmentPeriod>> {
    Ok(sqlx::query_as(
        "SELECT * FROM assessment_periods WHERE period_kind = $1 AND year = $2 AND period_no = $3",
    )
    .bind(period.kind.as_str())
    .bind(period.year)
    .bind(period.no)
    .fetch_optional(pool)
    .await?)
}

fn finalized_conflict(period: Period) -> DomainError {
    DomainError::conflict(format!(
        "the {} {}/{} assessment is finalised",
        period.kind, period.year, period.no
    ))
}

/// Runs (or re-runs) the assessment of `period` for every person with a
/// scheme. FORBIDDEN for anyone but director / GM / admin (and the
/// service's own system actor); CONFLICT when the period is finalised.
/// Audited as one ASSESSMENT_PERIOD RUN.
pub async fn run_period(pool: &PgPool, ctx: &Ctx, period: Period) -> DomainResult<RunReport> {
    require_director(&ctx.actor, "assessments are run")?;
    let mut tx = pool.begin().await?;
    lock_period(&mut tx, period).await?;
    let Some(row) = period_row(&mut tx, period, true).await? else {
        return Err(DomainError::NotFound);
    };
    if row.is_finalized() {
        return Err(finalized_conflict(period));
    }
    let run_no = row.runs + 1;
    let schemes = load_schemes(&mut tx).await?;
    // Only the schemes read (and share-locked) above: a scheme created
    // meanwhile waits for the next run.
    let scheme_ids: Vec<Uuid> = schemes.keys().copied().collect();
    let people: Vec<Person> = sqlx::query_as(
        "SELECT u.id AS user_id, u.unit_id, s.id AS scheme_id
           FROM users u JOIN assessment_schemes s ON s.role = u.primary_role
          WHERE u.active AND s.id = ANY($1) ORDER BY u.id",
    )
    .bind(&scheme_ids)
    .fetch_all(&mut *tx)
    .await?;
    drop_stale_results(&mut tx, period, &people).await?;
    map_bases(&mut tx, &people).await?;
    collect_facts(&mut tx, period).await?;
    let sums = aggregate(&mut tx).await?;
    let targets = user_targets(&mut tx, period, &people).await?;
    let unit_targets = unit_targets(&mut tx, period, &people).await?;
    let outcomes: Vec<Outcome> = people
        .iter()
        .map(|p| {
            let s = &schemes[&p.scheme_id];
            assess::assess(&Inputs {
                period_kind: period.kind,
                scheme: &s.kpis,
                commission_rate: s.commission_rate,
                sums: sums.get(&p.user_id).unwrap_or(&HashMap::new()),
                targets: targets.get(&p.user_id).unwrap_or(&HashMap::new()),
                unit_targets: unit_targets.get(&p.unit_id).unwrap_or(&HashMap::new()),
            })
        })
        .collect();
    let results = write_results(&mut tx, ctx, period, run_no, &people, &outcomes).await?;
    let stored_facts = write_facts(&mut tx, period).await?;
    let flags = flags::recompute(&mut tx, ctx, period).await?;
    recompute_later_flags(&mut tx, ctx, period).await?;
    sqlx::query(
        "UPDATE assessment_periods SET runs = $2, last_run_at = $3, last_run_by = $4, version = version + 1
          WHERE id = $1",
    )
    .bind(row.id)
    .bind(run_no)
    .bind(ctx.now)
    .bind(ctx.actor.user_id)
    .execute(&mut *tx)
    .await?;
    let report = RunReport {
        period,
        people: people.len() as u64,
        results,
        facts: stored_facts,
        flags,
        run_no,
    };
    let changes = audit::diff(
        &json!({"runs": row.runs}),
        &json!({"runs": run_no, "people": report.people, "results": report.results,
                "facts": report.facts, "flags": report.flags}),
    );
    audit::record(&mut tx, ctx, ASSESSMENT_PERIOD, row.id, "RUN", &changes).await?;
    tx.commit().await?;
    Ok(report)
}

/// KPI-5 streaks run forward: re-running a month changes whether it was
/// met, and so the flags of the months after it. Recomputes the flags of
/// each following period of the same kind that has been run and is still
/// OPEN, up to the first one that is not (a finalised period keeps its
/// flags, as it keeps its results).
async fn recompute_later_flags(
    conn: &mut PgConnection,
    ctx: &Ctx,
    period: Period,
) -> DomainResult<()> {
    let per_year = match period.kind {
        PeriodKind::Year => return Ok(()),
        PeriodKind::Quarter => 4,
        PeriodKind::Month => 12,
    };
    let mut next = period;
    loop {
        let (year, no) = if next.no == per_year {
            (next.year + 1, 1)
        } else {
            (next.year, next.no + 1)
        };
        let Ok(p) = Period::new(next.kind, year, no) else {
            return Ok(());
        };
        let open: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM assessment_periods
                             WHERE period_kind = $1 AND year = $2 AND period_no = $3
                               AND status = 'OPEN' AND runs > 0)",
        )
        .bind(p.kind.as_str())
        .bind(p.year)
        .bind(p.no)
        .fetch_one(&mut *conn)
        .await?;
        if !open {
            return Ok(());
        }
        flags::recompute(conn, ctx, p).await?;
        next = p;
    }
}

/// The schemes and their KPIs, share-locked for the run: a scheme edit
/// (which locks its row for update) waits until the run commits, so a run
/// never mixes a scheme's old rate with its new KPIs.
async fn load_schemes(conn: &mut PgConnection) -> DomainResult<HashMap<Uuid, Scheme>> {
    let list: Vec<Scheme> = sqlx::query_as("SELECT * FROM assessment_schemes FOR SHARE")
        .fetch_all(&mut *conn)
        .await?;
    let kpis = scheme_kpis(&mut *conn).await?;
    let mut map: HashMap<Uuid, Scheme> = list.into_iter().map(|s| (s.id, s)).collect();
    for (id, k) in kpis {
        if let Some(s) = map.get_mut(&id) {
            s.kpis.push(k);
        }
    }
    Ok(map)
}

/// Results of the period whose (scheme, person) is no longer assessed (a
/// person left or changed role) go; their KPIs (cascade) and facts (no
/// foreign key, see the migration) with them.
async fn drop_stale_results(
    conn: &mut PgConnection,
    period: Period,
    people: &[Person],
) -> DomainResult<()> {
    let users: Vec<Uuid> = people.iter().map(|p| p.user_id).collect();
    let schemes: Vec<Uuid> = people.iter().map(|p| p.scheme_id).collect();
    sqlx::query(
        "WITH gone AS (
             DELETE FROM assessment_results r
              WHERE r.period_kind = $1 AND r.year = $2 AND r.period_no = $3
                AND NOT EXISTS (SELECT 1 FROM UNNEST($4::uuid[], $5::uuid[]) AS p(user_id, scheme_id)
                                 WHERE p.user_id = r.user_id AND p.scheme_id = r.scheme_id)
             RETURNING r.id)
         DELETE FROM assessment_facts f USING gone WHERE f.result_id = gone.id",
    )
    .bind(period.kind.as_str())
    .bind(period.year)
    .bind(period.no)
    .bind(&users)
    .bind(&schemes)
    .execute(conn)
    .await?;
    Ok(())
}

/// Fills the temporary `run_basis` (assessed, kpi, basis, member, line):
/// whose facts count for each line of each person's scheme — the person
/// for an OWN line, every user whose unit is the person's unit or below it
/// for a UNIT line (KPI-2) — plus the person's own COLLECTION_AMOUNT (the
/// KPI-4 bonus) and SIGNED_REVENUE (the KPI-5 completion), `line` false
/// when no line of the scheme asks for them. The schemes are share-locked
/// by [`load_schemes`].
async fn map_bases(conn: &mut PgConnection, people: &[Person]) -> DomainResult<()> {
    sqlx::query(
        "CREATE TEMPORARY TABLE run_basis (assessed uuid NOT NULL, kpi text NOT NULL,
             basis text NOT NULL, member uuid NOT NULL, line boolean NOT NULL,
             PRIMARY KEY (assessed, kpi, basis, member))
         ON COMMIT DROP",
    )
    .execute(&mut *conn)
    .await?;
    let users: Vec<Uuid> = people.iter().map(|p| p.user_id).collect();
    let units: Vec<Uuid> = people.iter().map(|p| p.unit_id).collect();
    let schemes: Vec<Uuid> = people.iter().map(|p| p.scheme_id).collect();
    sqlx::query(
        "INSERT INTO run_basis (assessed, kpi, basis, member, line)
         SELECT p.user_id, k.kpi, k.basis, m.member, true
           FROM UNNEST($1::uuid[], $2::uuid[], $3::uuid[]) AS p(user_id, unit_id, scheme_id)
           JOIN assessment_scheme_kpis k ON k.scheme_id = p.scheme_id
          CROSS JOIN LATERAL (
                SELECT p.user_id AS member WHERE k.basis = 'OWN'
                UNION
                SELECT u.id FROM users u
                 WHERE k.basis = 'UNIT' AND u.unit_id IN (SELECT unit_subtree(p.unit_id))) m",
    )
    .bind(&users)
    .bind(&units)
    .bind(&schemes)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO run_basis (assessed, kpi, basis, member, line)
         SELECT p.user_id, x.kpi, 'OWN', p.user_id, false
           FROM UNNEST($1::uuid[]) AS p(user_id)
          CROSS JOIN (VALUES ('COLLECTION_AMOUNT'), ('SIGNED_REVENUE')) AS x(kpi)
         ON CONFLICT DO NOTHING",
    )
    .bind(&users)
    .execute(&mut *conn)
    .await?;
    sqlx::query("ANALYZE run_basis").execute(conn).await?;
    Ok(())
}

/// Fills the temporary `run_facts` with the facts of every KPI needed, for
/// every member `run_basis` names once; returns how many.
async fn collect_facts(conn: &mut PgConnection, period: Period) -> DomainResult<u64> {
    sqlx::query(
        "CREATE TEMPORARY TABLE run_facts (user_id uuid NOT NULL, kpi text NOT NULL, kind text NOT NULL,
             fact_id uuid NOT NULL, fact_date date NOT NULL, num numeric NOT NULL, den numeric NOT NULL)
         ON COMMIT DROP",
    )
    .execute(&mut *conn)
    .await?;
    let needed: Vec<(String, Vec<Uuid>)> = sqlx::query_as(
        "SELECT kpi, array_agg(DISTINCT member ORDER BY member) FROM run_basis GROUP BY kpi ORDER BY kpi",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut n = 0;
    for (name, who) in needed {
        let Ok(kpi) = name.parse::<Kpi>() else {
            continue;
        };
        let mut qb = QueryBuilder::new(
            "INSERT INTO run_facts (user_id, kpi, kind, fact_id, fact_date, num, den)
             SELECT f.user_id, ",
        );
        qb.push_bind(kpi.as_str());
        qb.push(", f.kind, f.fact_id, f.fact_date, COALESCE(f.num, 0), COALESCE(f.den, 0) FROM (");
        catalogue::push_facts(&mut qb, kpi, period, &who);
        qb.push(") f WHERE f.user_id IS NOT NULL");
        n += qb.build().execute(&mut *conn).await?.rows_affected();
    }
    // Statistics for the joins that follow (a temporary table has none).
    sqlx::query("ANALYZE run_facts").execute(&mut *conn).await?;
    Ok(n)
}

/// The sums of one person: per (KPI, basis).
type PersonSums = HashMap<(Kpi, Basis), Sums>;

/// Σ num, Σ den, count per (person, KPI, basis): the facts of the members
/// each person's lines measure.
async fn aggregate(conn: &mut PgConnection) -> DomainResult<HashMap<Uuid, PersonSums>> {
    let rows: Vec<(Uuid, String, String, Decimal, Decimal, i64)> = sqlx::query_as(
        "SELECT b.assessed, b.kpi, b.basis, sum(f.num), sum(f.den), count(*)
           FROM run_facts f JOIN run_basis b ON b.member = f.user_id AND b.kpi = f.kpi
          GROUP BY b.assessed, b.kpi, b.basis",
    )
    .fetch_all(conn)
    .await?;
    let mut out: HashMap<Uuid, PersonSums> = HashMap::new();
    for (user, kpi, basis, num, den, count) in rows {
        if let (Ok(k), Ok(b)) = (kpi.parse::<Kpi>(), basis.parse::<Basis>()) {
            out.entry(user)
                .or_default()
                .insert((k, b), Sums { num, den, count });
        }
    }
    Ok(out)
}

/// Targets by owner (a person or a unit) and metric.
type TargetsOf = HashMap<Uuid, HashMap<Metric, Decimal>>;

/// The people's own TGT-1 targets of the period.
async fn user_targets(
    conn: &mut PgConnection,
    period: Period,
    people: &[Person],
) -> DomainResult<TargetsOf> {
    let users: Vec<Uuid> = people.iter().map(|p| p.user_id).collect();
    targets_of(
        conn,
        period,
        "SELECT user_id, metric, amount FROM targets
          WHERE scope = 'USER' AND period_kind = $1 AND year = $2 AND period_no = $3 AND user_id = ANY($4)",
        &users,
    )
    .await
}

/// The TGT-1 targets of the people's units (UNIT lines without a fixed
/// target).
async fn unit_targets(
    conn: &mut PgConnection,
    period: Period,
    people: &[Person],
) -> DomainResult<TargetsOf> {
    let units: Vec<Uuid> = people.iter().map(|p| p.unit_id).collect();
    targets_of(
        conn,
        period,
        "SELECT unit_id, metric, amount FROM targets
          WHERE scope = 'UNIT' AND period_kind = $1 AND year = $2 AND period_no = $3 AND unit_id = ANY($4)",
        &units,
    )
    .await
}

/// Runs `sql` (owner, metric, amount of the period's targets of `owners`).
async fn targets_of(
    conn: &mut PgConnection,
    period: Period,
    sql: &'static str,
    owners: &[Uuid],
) -> DomainResult<TargetsOf> {
    let rows: Vec<(Uuid, String, Decimal)> = sqlx::query_as(sql)
        .bind(period.kind.as_str())
        .bind(period.year)
        .bind(period.no)
        .bind(owners)
        .fetch_all(conn)
        .await?;
    let mut out: TargetsOf = HashMap::new();
    for (owner, metric, amount) in rows {
        if let Ok(m) = metric.parse::<Metric>() {
            out.entry(owner).or_default().insert(m, amount);
        }
    }
    Ok(out)
}

/// Upserts the results (ids kept across re-runs) and replaces their KPIs;
/// returns how many results were written.
async fn write_results(
    conn: &mut PgConnection,
    ctx: &Ctx,
    period: Period,
    run_no: i32,
    people: &[Person],
    outcomes: &[Outcome],
) -> DomainResult<u64> {
    let keys: Vec<(Uuid, Uuid)> = people.iter().map(|p| (p.unit_id, p.scheme_id)).collect();
    let totals: Vec<Decimal> = outcomes.iter().map(|o| o.total).collect();
    let ranks = assess::rank_in_units(&keys, &totals);
    let col = |f: fn(&Outcome) -> Option<Decimal>| outcomes.iter().map(f).collect::<Vec<_>>();
    let ids: Vec<Uuid> = people.iter().map(|_| Uuid::now_v7()).collect();
    let rows: Vec<(Uuid, Uuid)> = sqlx::query_as(
        "INSERT INTO assessment_results AS r (id, scheme_id, user_id, unit_id, period_kind, year, period_no,
             total, grade, rank_in_unit, unit_size, complete, completion, met, collected, commission_rate,
             bonus_multiplier, bonus, run_no, computed_at, assessable, renormalised)
         SELECT t.id, t.scheme_id, t.user_id, t.unit_id, $1, $2, $3, t.total, t.grade, t.rank_in_unit,
                t.unit_size, t.complete, t.completion, t.met, t.collected, t.commission_rate,
                t.bonus_multiplier, t.bonus, $4, $5, t.assessable, t.renormalised
           FROM UNNEST($6::uuid[], $7::uuid[], $8::uuid[], $9::uuid[], $10::numeric[], $11::text[],
                       $12::int[], $13::int[], $14::bool[], $15::numeric[], $16::bool[], $17::numeric[],
                       $18::numeric[], $19::numeric[], $20::numeric[], $21::bool[], $22::bool[])
                AS t(id, scheme_id, user_id, unit_id, total, grade, rank_in_unit, unit_size, complete,
                     completion, met, collected, commission_rate, bonus_multiplier, bonus, assessable,
                     renormalised)
         ON CONFLICT ON CONSTRAINT assessment_results_one_per_key DO UPDATE SET
             unit_id = EXCLUDED.unit_id, total = EXCLUDED.total, grade = EXCLUDED.grade,
             assessable = EXCLUDED.assessable, renormalised = EXCLUDED.renormalised,
             rank_in_unit = EXCLUDED.rank_in_unit, unit_size = EXCLUDED.unit_size,
             complete = EXCLUDED.complete, completion = EXCLUDED.completion, met = EXCLUDED.met,
             collected = EXCLUDED.collected, commission_rate = EXCLUDED.commission_rate,
             bonus_multiplier = EXCLUDED.bonus_multiplier, bonus = EXCLUDED.bonus,
             run_no = EXCLUDED.run_no, computed_at = EXCLUDED.computed_at
         RETURNING r.id, r.user_id",
    )
    .bind(period.kind.as_str())
    .bind(period.year)
    .bind(period.no)
    .bind(run_no)
    .bind(ctx.now)
    .bind(&ids)
    .bind(people.iter().map(|p| p.scheme_id).collect::<Vec<_>>())
    .bind(people.iter().map(|p| p.user_id).collect::<Vec<_>>())
    .bind(people.iter().map(|p| p.unit_id).collect::<Vec<_>>())
    .bind(&totals)
    .bind(outcomes.iter().map(|o| o.grade).collect::<Vec<_>>())
    .bind(ranks.iter().map(|r| r.0).collect::<Vec<_>>())
    .bind(ranks.iter().map(|r| r.1).collect::<Vec<_>>())
    .bind(outcomes.iter().map(|o| o.complete).collect::<Vec<_>>())
    .bind(col(|o| o.completion))
    .bind(outcomes.iter().map(|o| o.met).collect::<Vec<_>>())
    .bind(col(|o| Some(o.collected)))
    .bind(col(|o| Some(o.commission_rate)))
    .bind(col(|o| Some(o.bonus_multiplier)))
    .bind(col(|o| o.bonus))
    .bind(outcomes.iter().map(|o| o.assessable).collect::<Vec<_>>())
    .bind(outcomes.iter().map(|o| o.renormalised).collect::<Vec<_>>())
    .fetch_all(&mut *conn)
    .await?;
    let result_of: HashMap<Uuid, Uuid> = rows.iter().map(|(id, user)| (*user, *id)).collect();
    write_kpis(conn, period, people, outcomes, &result_of).await?;
    Ok(rows.len() as u64)
}

async fn write_kpis(
    conn: &mut PgConnection,
    period: Period,
    people: &[Person],
    outcomes: &[Outcome],
    result_of: &HashMap<Uuid, Uuid>,
) -> DomainResult<()> {
    sqlx::query(
        "DELETE FROM assessment_kpis k USING assessment_results r
          WHERE k.result_id = r.id AND r.period_kind = $1 AND r.year = $2 AND r.period_no = $3",
    )
    .bind(period.kind.as_str())
    .bind(period.year)
    .bind(period.no)
    .execute(&mut *conn)
    .await?;
    let mut result = Vec::new();
    let mut kpi = Vec::new();
    let mut position = Vec::new();
    let mut weight = Vec::new();
    let mut num = Vec::new();
    let mut den = Vec::new();
    let mut actual = Vec::new();
    let mut target = Vec::new();
    let mut score = Vec::new();
    let mut weighted = Vec::new();
    let mut count = Vec::new();
    let mut basis = Vec::new();
    let mut excluded = Vec::new();
    let mut effective = Vec::new();
    for (p, o) in people.iter().zip(outcomes) {
        let Some(id) = result_of.get(&p.user_id) else {
            continue;
        };
        for k in &o.kpis {
            result.push(*id);
            kpi.push(k.kpi.as_str());
            position.push(k.position);
            weight.push(k.weight);
            num.push(k.numerator);
            den.push(k.denominator);
            actual.push(k.actual);
            target.push(k.target);
            score.push(k.score);
            weighted.push(k.weighted);
            count.push(k.fact_count as i32);
            basis.push(k.basis.as_str());
            excluded.push(k.excluded);
            effective.push(k.effective_weight);
        }
    }
    sqlx::query(
        "INSERT INTO assessment_kpis (result_id, kpi, position, weight, numerator, denominator, actual,
             target, score, weighted, fact_count, basis, excluded, effective_weight)
         SELECT * FROM UNNEST($1::uuid[], $2::text[], $3::smallint[], $4::numeric[], $5::numeric[],
             $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[], $10::numeric[], $11::int[],
             $12::text[], $13::bool[], $14::numeric[])",
    )
    .bind(&result)
    .bind(&kpi)
    .bind(&position)
    .bind(&weight)
    .bind(&num)
    .bind(&den)
    .bind(&actual)
    .bind(&target)
    .bind(&score)
    .bind(&weighted)
    .bind(&count)
    .bind(&basis)
    .bind(&excluded)
    .bind(&effective)
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces the facts behind the period's results with `run_facts`.
async fn write_facts(conn: &mut PgConnection, period: Period) -> DomainResult<u64> {
    sqlx::query(
        "DELETE FROM assessment_facts f USING assessment_results r
          WHERE f.result_id = r.id AND r.period_kind = $1 AND r.year = $2 AND r.period_no = $3",
    )
    .bind(period.kind.as_str())
    .bind(period.year)
    .bind(period.no)
    .execute(&mut *conn)
    .await?;
    let r = sqlx::query(
        "INSERT INTO assessment_facts (result_id, kpi, kind, fact_id, fact_date, num, den)
         SELECT r.id, f.kpi, f.kind, f.fact_id, f.fact_date, f.num, f.den
           FROM run_facts f
           JOIN run_basis b ON b.member = f.user_id AND b.kpi = f.kpi
           JOIN assessment_results r ON r.user_id = b.assessed
            AND r.period_kind = $1 AND r.year = $2 AND r.period_no = $3
          WHERE b.line OR NOT EXISTS (SELECT 1 FROM run_basis l
                                       WHERE l.assessed = b.assessed AND l.kpi = b.kpi AND l.line)",
    )
    .bind(period.kind.as_str())
    .bind(period.year)
    .bind(period.no)
    .execute(conn)
    .await?;
    Ok(r.rows_affected())
}

/// KPI-3 `finalizeAssessment`: locks `period` — later runs are refused —
/// and records the result emails (KPI-3, [`notices`]) in the same
/// transaction. FORBIDDEN for anyone but director / GM / admin;
/// VALIDATION `period` when it was never run, has not ended, was last run
/// before it ended, or while any of its results is incomplete (naming the
/// people); CONFLICT when already finalised.
/// Audited as ASSESSMENT_PERIOD FINALIZE.
pub async fn finalize_period(pool: &PgPool, ctx: &Ctx, period: Period) -> DomainResult<Finalized> {
    require_director(&ctx.actor, "assessments are finalised")?;
    let mut tx = pool.begin().await?;
    lock_period(&mut tx, period).await?;
    let Some(old) = period_row(&mut tx, period, false).await? else {
        return Err(DomainError::validation(
            "period",
            "the period has not been run yet",
        ));
    };
    if old.is_finalized() {
        return Err(finalized_conflict(period));
    }
    if old.runs == 0 {
        return Err(DomainError::validation(
            "period",
            "the period has not been run yet",
        ));
    }
    // Results computed before the period was over are a preview: locking
    // them would make them final and the AUTO-4 run would skip the period.
    let end = super::schedule::period_end(period);
    if ctx.now < end {
        return Err(DomainError::validation(
            "period",
            "the period is not over yet: it can be finalised once it has ended and been run",
        ));
    }
    if old.last_run_at.is_none_or(|at| at < end) {
        return Err(DomainError::validation(
            "period",
            "the period was last run before it ended: run it again, then finalise",
        ));
    }
    let incomplete: Vec<String> = sqlx::query_scalar(
        "SELECT u.display_name FROM assessment_results r JOIN users u ON u.id = r.user_id
          WHERE r.period_kind = $1 AND r.year = $2 AND r.period_no = $3 AND NOT r.complete
          ORDER BY u.display_name LIMIT 21",
    )
    .bind(period.kind.as_str())
    .bind(period.year)
    .bind(period.no)
    .fetch_all(&mut *tx)
    .await?;
    if !incomplete.is_empty() {
        let more = if incomplete.len() > 20 { ", …" } else { "" };
        return Err(DomainError::validation(
            "period",
            format!(
                "results without a target (set their TGT-1 targets and run again): {}{more}",
                incomplete
                    .iter()
                    .take(20)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let new: AssessmentPeriod = sqlx::query_as(
        "UPDATE assessment_periods SET status = 'FINALIZED', finalized_at = $2, finalized_by = $3,
                version = version + 1
          WHERE id = $1 RETURNING *",
    )
    .bind(old.id)
    .bind(ctx.now)
    .bind(ctx.actor.user_id)
    .fetch_one(&mut *tx)
    .await?;
    let notifications = notices::enqueue_finalized(pool, &mut tx, ctx, period).await?;
    audit::record_diff(
        &mut tx,
        ctx,
        ASSESSMENT_PERIOD,
        new.id,
        "FINALIZE",
        &old,
        &new,
    )
    .await?;
    tx.commit().await?;
    Ok(Finalized {
        period: new,
        notifications,
    })
}

/// ORG-4: a period's trail (runs, finalisation) is visible to those who
/// run and finalise assessments.
pub async fn audit_visible(
    pool: &PgPool,
    actor: &crate::org::Actor,
    id: Uuid,
) -> DomainResult<bool> {
    if !actor.has_any(&super::schemes::DIRECTORS) {
        return Ok(false);
    }
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM assessment_periods WHERE id = $1)")
            .bind(id)
            .fetch_one(pool)
            .await?,
    )
}

/// Whether `kind` is assessed with a bonus (monthly results only).
pub fn has_bonus(kind: PeriodKind) -> bool {
    kind == PeriodKind::Month
}

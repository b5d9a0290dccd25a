//! `salesd assess --explain`: the plans of the KPI fact queries, for
//! operators and the assessment benchmark.

use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::DomainResult;
use crate::targets::Period;

/// One KPI's fact query under EXPLAIN ANALYZE.
#[derive(Clone, Debug, Serialize)]
pub struct FactPlan {
    pub kpi: super::Kpi,
    /// Rows the query returned (facts).
    pub rows: u64,
    /// `Execution Time` of the plan, milliseconds.
    pub execution_ms: f64,
    /// The plan as PostgreSQL prints it.
    pub plan: Vec<String>,
}

/// For operators and the benchmark (`salesd assess --explain`): each KPI's
/// fact query ([`super::catalogue::push_facts`]) of `period` for everyone
/// a scheme assesses — what a run's `INSERT … SELECT` reads — under
/// `EXPLAIN (ANALYZE, BUFFERS)`, in a transaction rolled back.
pub async fn explain_facts(pool: &PgPool, period: Period) -> DomainResult<Vec<FactPlan>> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET LOCAL statement_timeout = 0")
        .execute(&mut *tx)
        .await?;
    let people: Vec<Uuid> = sqlx::query_scalar(
        "SELECT u.id FROM users u JOIN assessment_schemes s ON s.role = u.primary_role
          WHERE u.active ORDER BY u.id",
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut out = Vec::new();
    for kpi in super::Kpi::ALL {
        let mut qb = sqlx::QueryBuilder::new("EXPLAIN (ANALYZE, BUFFERS) ");
        super::catalogue::push_facts(&mut qb, *kpi, period, &people);
        let plan: Vec<String> = qb.build_query_scalar().fetch_all(&mut *tx).await?;
        let number = |prefix: &str| {
            plan.iter()
                .find_map(|l| l.trim().strip_prefix(prefix))
                .and_then(|r| r.split_whitespace().next())
                .and_then(|n| n.parse::<f64>().ok())
        };
        let rows = plan
            .first()
            .and_then(|l| l.split("rows=").nth(2))
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0);
        out.push(FactPlan {
            kpi: *kpi,
            rows,
            execution_ms: number("Execution Time:").unwrap_or(0.0),
            plan,
        });
    }
    tx.rollback().await?;
    Ok(out)
}

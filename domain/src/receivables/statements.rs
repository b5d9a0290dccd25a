//! REC-5: monthly statements (对账单), docs/statements.md.
//!
//! **Public entry point** (also used by the year-long reconciliation test):
//! [`generate`]`(pool, period_start, now) -> DomainResult<StatementRunReport>`
//! stores the statement of every customer with ledger activity in the month
//! starting `period_start` (the 1st, not after the company day of `now`) or
//! a non-zero balance at its start or end. All figures come from one grouped
//! SQL over `ledger_entries` (REC-1), exact decimals:
//!
//! - `opening` = Σ entries dated before the month; `closing` = Σ entries
//!   dated up to its last day (= the ledger balance at period end);
//! - `sales` = Σ SALE; `receipts` = −Σ (RECEIPT + PREPAYMENT), the money
//!   received, as a positive number;
//! - `other` = Σ of every other entry of the month (ADJUSTMENT, WRITE_OFF,
//!   REVERSAL, and CREDIT_APPLIED, whose pairs net to 0);
//! - so `opening + sales − receipts + other = closing` exactly (a CHECK of
//!   the table), and `lines` lists the month's entries behind the figures.
//!
//! Re-running is idempotent: an unchanged statement is left alone, an
//! unsent one whose ledger changed is replaced in place (same id), a sent
//! one is never touched (the table's trigger refuses it). The daily scan
//! [`scan`] (`ScanKind::Statements`) runs on the company day equal to the
//! `statement_day` setting: it generates the previous month and records one
//! email per statement and recipient, then marks the statement sent.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::types::Json;
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use crate::clock::company_date;
use crate::error::{DomainError, DomainResult};
use crate::org::Actor;
use crate::page::{self, Keyed, Page, PageRequest, SortKey};

mod document;
mod issue;

pub use issue::{StatementNotice, cancel_reason, scan, statement_day};

/// Customers handled per transaction.
const BATCH: usize = 500;

/// One ledger entry of the month on a statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementLine {
    pub entry_id: Uuid,
    pub seq: i64,
    pub date: NaiveDate,
    /// The ledger kind (SALE, RECEIPT, …).
    pub kind: String,
    /// Which figure it counts in: SALES, RECEIPTS or OTHER (CREDIT_APPLIED:
    /// NONE — its pair nets to 0).
    pub column: String,
    /// Invoice, item, receipt reference, reason.
    pub document: String,
    /// Signed, as in the ledger (debit > 0).
    pub amount: Decimal,
}

/// A stored statement.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Statement {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub opening_balance: Decimal,
    pub sales: Decimal,
    pub receipts: Decimal,
    pub other: Decimal,
    pub closing_balance: Decimal,
    pub lines: Json<Vec<StatementLine>>,
    pub html: String,
    pub generated_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// What a generation run did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StatementRunReport {
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// Customers with activity or a balance: one statement each.
    pub customers: u64,
    pub created: u64,
    /// Unsent statements whose figures changed, replaced in place.
    pub replaced: u64,
    pub unchanged: u64,
    /// Already sent: kept as they are (immutable).
    pub already_sent: u64,
}

/// The figures of one customer for one month (one row of the grouped SQL).
#[derive(Clone, Debug, sqlx::FromRow)]
struct Figures {
    customer_id: Uuid,
    customer_name: String,
    opening: Decimal,
    sales: Decimal,
    receipts: Decimal,
    other: Decimal,
    closing: Decimal,
}

/// `YYYY-MM` of a period.
pub fn month_label(period_start: NaiveDate) -> String {
    period_start.format("%Y-%m").to_string()
}

/// The last day of the month starting `period_start`.
pub fn period_end(period_start: NaiveDate) -> NaiveDate {
    period_start + Months::new(1) - chrono::Duration::days(1)
}

/// REC-5: `period_start` must be the 1st of a month not after `today`.
pub fn check_period(field: &str, period_start: NaiveDate, today: NaiveDate) -> DomainResult<()> {
    if period_start.day() != 1 {
        return Err(DomainError::validation(
            field,
            "must be the first day of a month",
        ));
    }
    if period_start > today {
        return Err(DomainError::validation(field, "must not be in the future"));
    }
    Ok(())
}

/// REC-5: the statement day is 1–28, so every month has it.
pub fn validate_statement_day(day: &u32) -> DomainResult<()> {
    if !(1..=28).contains(day) {
        return Err(DomainError::validation("value", "must be between 1 and 28"));
    }
    Ok(())
}

/// The column a ledger kind counts in.
fn column_of(kind: &str) -> &'static str {
    match kind {
        "SALE" => "SALES",
        "RECEIPT" | "PREPAYMENT" => "RECEIPTS",
        "CREDIT_APPLIED" => "NONE",
        _ => "OTHER",
    }
}

/// Generates (or refreshes the unsent) statements of the month starting
/// `period_start` for every customer with activity in it or a balance at
/// its start or end. See the module documentation.
pub async fn generate(
    pool: &PgPool,
    period_start: NaiveDate,
    now: DateTime<Utc>,
) -> DomainResult<StatementRunReport> {
    check_period("month", period_start, company_date(now))?;
    let end = period_end(period_start);
    // One grouped pass over the ledger up to the period end.
    let figures: Vec<Figures> = sqlx::query_as(
        "WITH agg AS (
             SELECT customer_id,
                    COALESCE(SUM(amount) FILTER (WHERE entry_date < $1), 0) AS opening,
                    COALESCE(SUM(amount) FILTER (WHERE entry_date >= $1 AND kind = 'SALE'), 0) AS sales,
                    COALESCE(-SUM(amount) FILTER (WHERE entry_date >= $1
                                                    AND kind IN ('RECEIPT', 'PREPAYMENT')), 0) AS receipts,
                    COALESCE(SUM(amount) FILTER (WHERE entry_date >= $1
                                                   AND kind NOT IN ('SALE', 'RECEIPT', 'PREPAYMENT')), 0) AS other,
                    SUM(amount) AS closing,
                    count(*) FILTER (WHERE entry_date >= $1) AS entries
               FROM ledger_entries WHERE entry_date <= $2
              GROUP BY customer_id)
         SELECT a.customer_id, cu.name AS customer_name, a.opening, a.sales, a.receipts, a.other, a.closing
           FROM agg a JOIN customers cu ON cu.id = a.customer_id
          WHERE a.entries > 0 OR a.opening <> 0 OR a.closing <> 0
          ORDER BY a.customer_id",
    )
    .bind(period_start)
    .bind(end)
    .fetch_all(pool)
    .await?;
    let mut report = StatementRunReport {
        period_start,
        period_end: end,
        customers: figures.len() as u64,
        ..StatementRunReport::default()
    };
    for chunk in figures.chunks(BATCH) {
        let (created, replaced) = store_batch(pool, chunk, period_start, end, now).await?;
        report.created += created;
        report.replaced += replaced;
    }
    report.already_sent = sqlx::query_scalar::<_, i64>(
        "SELECT count(*) FROM statements WHERE period_start = $1 AND sent_at IS NOT NULL",
    )
    .bind(period_start)
    .fetch_one(pool)
    .await? as u64;
    report.unchanged = report
        .customers
        .saturating_sub(report.created + report.replaced + report.already_sent);
    Ok(report)
}

/// Reads the month's lines of `chunk` and upserts their statements in one
/// transaction: (created, replaced).
async fn store_batch(
    pool: &PgPool,
    chunk: &[Figures],
    start: NaiveDate,
    end: NaiveDate,
    now: DateTime<Utc>,
) -> DomainResult<(u64, u64)> {
    let ids: Vec<Uuid> = chunk.iter().map(|f| f.customer_id).collect();
    let rows: Vec<(Uuid, Uuid, i64, NaiveDate, String, Decimal, String)> = sqlx::query_as(
        "SELECT le.customer_id, le.id, le.seq, le.entry_date, le.kind, le.amount,
                concat_ws(' · ', ri.label, 'INV ' || inv.number,
                          CASE WHEN r.id IS NOT NULL THEN 'RCPT ' || r.received_on || ' '
                               || r.method || COALESCE(' ' || r.reference, '') END,
                          CASE WHEN le.reversal_of IS NOT NULL THEN 'REV ' || o.kind || ' #' || o.seq END,
                          le.reason)
           FROM ledger_entries le
           LEFT JOIN receivable_items ri ON ri.id = le.item_id
           LEFT JOIN invoices inv ON inv.id = le.invoice_id
           LEFT JOIN receipts r ON r.id = le.receipt_id
           LEFT JOIN ledger_entries o ON o.id = le.reversal_of
          WHERE le.customer_id = ANY($1) AND le.entry_date BETWEEN $2 AND $3
          ORDER BY le.customer_id, le.entry_date, le.seq",
    )
    .bind(&ids)
    .bind(start)
    .bind(end)
    .fetch_all(pool)
    .await?;
    let mut lines: HashMap<Uuid, Vec<StatementLine>> = HashMap::new();
    for (customer, entry_id, seq, date, kind, amount, document) in rows {
        lines.entry(customer).or_default().push(StatementLine {
            entry_id,
            seq,
            date,
            column: column_of(&kind).to_owned(),
            kind,
            document,
            amount,
        });
    }
    let mut new_ids = Vec::with_capacity(chunk.len());
    let mut line_values = Vec::with_capacity(chunk.len());
    let mut htmls = Vec::with_capacity(chunk.len());
    for f in chunk {
        let l = lines.remove(&f.customer_id).unwrap_or_default();
        htmls.push(document::html(f, start, end, &l));
        line_values.push(serde_json::to_value(&l).map_err(|e| anyhow::anyhow!("lines: {e}"))?);
        new_ids.push(Uuid::now_v7());
    }
    let col = |g: fn(&Figures) -> Decimal| chunk.iter().map(g).collect::<Vec<Decimal>>();
    let mut tx = pool.begin().await?;
    let results: Vec<bool> = sqlx::query_scalar(
        "INSERT INTO statements AS s (id, customer_id, period_start, period_end, opening_balance, sales,
                                      receipts, other, closing_balance, lines, html, generated_at)
         SELECT u.id, u.customer_id, $3, $4, u.opening, u.sales, u.receipts, u.other, u.closing,
                u.lines, u.html, $5
           FROM unnest($1::uuid[], $2::uuid[], $6::numeric[], $7::numeric[], $8::numeric[],
                       $9::numeric[], $10::numeric[], $11::jsonb[], $12::text[])
                AS u(id, customer_id, opening, sales, receipts, other, closing, lines, html)
         ON CONFLICT (customer_id, period_start) DO UPDATE
            SET opening_balance = EXCLUDED.opening_balance, sales = EXCLUDED.sales,
                receipts = EXCLUDED.receipts, other = EXCLUDED.other,
                closing_balance = EXCLUDED.closing_balance, lines = EXCLUDED.lines,
                html = EXCLUDED.html, generated_at = EXCLUDED.generated_at
          WHERE s.sent_at IS NULL
            AND (s.opening_balance, s.sales, s.receipts, s.other, s.closing_balance, s.lines, s.html)
                IS DISTINCT FROM (EXCLUDED.opening_balance, EXCLUDED.sales, EXCLUDED.receipts,
                                  EXCLUDED.other, EXCLUDED.closing_balance, EXCLUDED.lines, EXCLUDED.html)
         RETURNING (xmax = 0)",
    )
    .bind(&new_ids)
    .bind(&ids)
    .bind(start)
    .bind(end)
    .bind(now)
    .bind(col(|f| f.opening))
    .bind(col(|f| f.sales))
    .bind(col(|f| f.receipts))
    .bind(col(|f| f.other))
    .bind(col(|f| f.closing))
    .bind(&line_values)
    .bind(&htmls)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let created = results.iter().filter(|i| **i).count() as u64;
    Ok((created, results.len() as u64 - created))
}

/// Sort of `statements`: newest month first.
const SORT: SortKey = SortKey {
    expr: "s.period_start",
    sql_type: "date",
    descending: true,
};

fn push_from(
    qb: &mut QueryBuilder<sqlx::Postgres>,
    actor: &Actor,
    customer: Option<Uuid>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) {
    qb.push(" FROM statements s JOIN customers cu ON cu.id = s.customer_id WHERE TRUE");
    super::push_customer_scope(qb, actor);
    if let Some(c) = customer {
        qb.push(" AND s.customer_id = ").push_bind(c);
    }
    if let Some(f) = from {
        qb.push(" AND s.period_end >= ").push_bind(f);
    }
    if let Some(t) = to {
        qb.push(" AND s.period_start <= ").push_bind(t);
    }
}

/// Statements the actor may read (the customer's receivable scope, ORG-3),
/// of one customer or all, overlapping [from, to], newest month first. A
/// customer out of scope → NOT_FOUND.
pub async fn list(
    pool: &PgPool,
    actor: &Actor,
    customer: Option<Uuid>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    req: &PageRequest,
) -> DomainResult<Page<Statement>> {
    if let Some(c) = customer {
        let mut qb = QueryBuilder::new("SELECT EXISTS (SELECT 1 FROM customers cu WHERE cu.id = ");
        qb.push_bind(c);
        super::push_customer_scope(&mut qb, actor);
        qb.push(")");
        let visible: bool = qb.build_query_scalar().fetch_one(pool).await?;
        if !visible {
            return Err(DomainError::NotFound);
        }
    }
    let mut qb = QueryBuilder::new(format!(
        "SELECT s.*, cu.name AS customer_name, ({})::text AS sort_key",
        SORT.expr
    ));
    push_from(&mut qb, actor, customer, from, to);
    page::push_keyset(&mut qb, "s.id", SORT, req);
    let rows: Vec<Keyed<Statement>> = qb.build_query_as().fetch_all(pool).await?;
    Ok(page::into_page(rows, |s| s.id, req))
}

/// How many statements [`list`] matches.
pub async fn count(
    pool: &PgPool,
    actor: &Actor,
    customer: Option<Uuid>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> DomainResult<i64> {
    let mut qb = QueryBuilder::new("SELECT count(*)");
    push_from(&mut qb, actor, customer, from, to);
    Ok(qb.build_query_scalar().fetch_one(pool).await?)
}

/// One statement if the actor may read its customer's receivables.
pub async fn get(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<Option<Statement>> {
    let mut qb = QueryBuilder::new(
        "SELECT s.*, cu.name AS customer_name FROM statements s JOIN customers cu ON cu.id = s.customer_id
          WHERE s.id = ",
    );
    qb.push_bind(id);
    super::push_customer_scope(&mut qb, actor);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// Audit entity of an on-demand statement run (GENERATE); its id is derived
/// from the month (`statements:YYYY-MM`).
pub const STATEMENT_RUN: &str = "STATEMENT_RUN";

/// The audit id of the run of a month.
pub fn run_id(period_start: NaiveDate) -> Uuid {
    Uuid::new_v5(
        &Uuid::NAMESPACE_OID,
        format!("statements:{}", month_label(period_start)).as_bytes(),
    )
}

/// `generateStatements(month)`: ADMIN or FINANCE generate a month on
/// demand (not in the future; nothing is sent). A month already sent keeps
/// its statements (reported as `already_sent`). Audited.
pub async fn generate_on_demand(
    pool: &PgPool,
    ctx: &crate::Ctx,
    period_start: NaiveDate,
) -> DomainResult<StatementRunReport> {
    use crate::org::Role;
    if ctx.actor.read_only || !ctx.actor.has_any(&[Role::Admin, Role::Finance]) {
        return Err(DomainError::Forbidden(
            "only an ADMIN or finance generates statements".into(),
        ));
    }
    check_period("month", period_start, company_date(ctx.now))?;
    let report = generate(pool, period_start, ctx.now).await?;
    let mut conn = pool.acquire().await?;
    let changes = vec![crate::audit::FieldChange {
        field: "report".to_owned(),
        old: serde_json::Value::Null,
        new: serde_json::to_value(&report).map_err(|e| anyhow::anyhow!("{e}"))?,
    }];
    crate::audit::record(
        &mut conn,
        ctx,
        STATEMENT_RUN,
        run_id(period_start),
        "GENERATE",
        &changes,
    )
    .await?;
    Ok(report)
}

//! REC-3 aging and overdue items, REC-4 collection rate, CON-8 contract
//! performance. All read the ledger as of a date (entries dated on or
//! before it), within the actor's receivable scope (ORG-3).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::{Item, push_contract_scope, push_customer_scope, push_item_scope};
use crate::error::{DomainError, DomainResult};
use crate::org::Actor;

/// The SQL of "the unit and every unit below it" for a bound unit id,
/// closed by the caller with `)`.
const SUBTREE: &str = "(WITH RECURSIVE t AS (SELECT id FROM org_units WHERE id = ";
const SUBTREE_REST: &str =
    " UNION ALL SELECT u.id FROM org_units u JOIN t ON u.parent_id = t.id) SELECT id FROM t)";

fn push_unit(qb: &mut QueryBuilder<Postgres>, col: &str, unit: Option<Uuid>) {
    if let Some(u) = unit {
        qb.push(format_args!(" AND {col} IN "));
        qb.push(SUBTREE);
        qb.push_bind(u);
        qb.push(SUBTREE_REST);
    }
}

/// REC-3 buckets by days overdue (company calendar days after the due
/// date): current (not yet due or due today), 1–30, 31–60, 61–90, 91–180,
/// over 180.
pub fn bucket(days_overdue: i64) -> usize {
    match days_overdue {
        i64::MIN..=0 => 0,
        1..=30 => 1,
        31..=60 => 2,
        61..=90 => 3,
        91..=180 => 4,
        _ => 5,
    }
}

pub const BUCKETS: [&str; 6] = [
    "CURRENT", "D1_30", "D31_60", "D61_90", "D91_180", "OVER_180",
];

/// How `arAging` groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgingGroup {
    Customer,
    Owner,
    Unit,
}

/// One row of the aging: a group or the grand total.
#[derive(Clone, Debug, Default, Serialize)]
pub struct AgingRow {
    /// The customer, owner or unit; None for the grand total (or a
    /// customer without owner, in the public pool).
    pub key: Option<Uuid>,
    pub label: String,
    /// Open amounts of posted items by bucket (see [`BUCKETS`]).
    pub buckets: [Decimal; 6],
    /// Σ of the buckets.
    pub open_total: Decimal,
    /// Customer credit not applied to any item (a credit, shown positive).
    pub unapplied_credit: Decimal,
    /// open_total − unapplied_credit = the ledger balance.
    pub balance: Decimal,
}

impl AgingRow {
    fn add(&mut self, b: usize, v: Decimal) {
        self.buckets[b] += v;
        self.open_total += v;
        self.balance += v;
    }

    fn credit(&mut self, v: Decimal) {
        self.unapplied_credit += v;
        self.balance -= v;
    }
}

/// The aging report.
#[derive(Clone, Debug, Serialize)]
pub struct Aging {
    pub as_of: NaiveDate,
    pub rows: Vec<AgingRow>,
    pub total: AgingRow,
}

/// REC-3 `arAging`: the open amounts of posted items as of `as_of` in the
/// buckets, per group, with the unapplied credit and the balance, plus
/// grand totals. Items are grouped by their own owner (the contract's or
/// the order's) and unit; credit by the customer's owner and unit.
/// `unit`: that unit's subtree only.
pub async fn aging(
    pool: &PgPool,
    actor: &Actor,
    as_of: NaiveDate,
    group: AgingGroup,
    unit: Option<Uuid>,
) -> DomainResult<Aging> {
    let (item_key, cust_key) = match group {
        AgingGroup::Customer => ("ri.customer_id", "cu.id"),
        AgingGroup::Owner => ("ri.owner_id", "cu.owner_id"),
        AgingGroup::Unit => ("ri.owner_unit_id", "cu.owner_unit_id"),
    };
    // The buckets are summed in SQL, one row per group and bucket (not one
    // per open item: 470 000 rows at 3 000 000 installments, BENCHMARKS.md).
    // Bucket b holds the items due on or after edge[b] (edge[0] = as_of:
    // not yet due or due today; then 30, 60, 90, 180 days before), the
    // same edges as [`bucket`].
    let edges: Vec<NaiveDate> = [0i64, 30, 60, 90, 180]
        .iter()
        .map(|d| as_of - chrono::Duration::days(*d))
        .collect();
    let mut qb = QueryBuilder::new(format!("SELECT {item_key} AS key, CASE"));
    for (b, edge) in edges.iter().enumerate() {
        qb.push(" WHEN ri.due_date >= ");
        qb.push_bind(*edge);
        qb.push(format_args!(" THEN {b}"));
    }
    // When no ledger entry is dated after `as_of`, every item's open amount
    // as of that day is its cached `open_amount` (migration 0022, the Σ of
    // its entries kept by a trigger), and the partial index finds the open
    // items; an aging of an earlier day sums the ledger up to that day.
    if cache_is_current(pool, as_of).await? {
        qb.push(
            " ELSE 5 END::int4 AS bucket, SUM(ri.open_amount) FROM receivable_items ri
               WHERE ri.open_amount <> 0",
        );
    } else {
        qb.push(
            " ELSE 5 END::int4 AS bucket, SUM(o.open) FROM (
                 SELECT item_id, SUM(amount) AS open FROM ledger_entries
                  WHERE item_id IS NOT NULL AND entry_date <= ",
        );
        qb.push_bind(as_of);
        qb.push(
            " GROUP BY item_id HAVING SUM(amount) <> 0) o
               JOIN receivable_items ri ON ri.id = o.item_id WHERE TRUE",
        );
    }
    push_item_scope(&mut qb, actor);
    push_unit(&mut qb, "ri.owner_unit_id", unit);
    qb.push(" GROUP BY 1, 2");
    let items: Vec<(Option<Uuid>, i32, Decimal)> = qb.build_query_as().fetch_all(pool).await?;
    let mut qb = QueryBuilder::new(format!(
        "SELECT {cust_key} AS key, -SUM(le.amount) FROM ledger_entries le
           JOIN customers cu ON cu.id = le.customer_id
          WHERE le.item_id IS NULL AND le.entry_date <= "
    ));
    qb.push_bind(as_of);
    push_customer_scope(&mut qb, actor);
    push_unit(&mut qb, "cu.owner_unit_id", unit);
    qb.push(format_args!(
        " GROUP BY {cust_key} HAVING SUM(le.amount) <> 0"
    ));
    let credits: Vec<(Option<Uuid>, Decimal)> = qb.build_query_as().fetch_all(pool).await?;

    let mut groups: BTreeMap<Option<Uuid>, AgingRow> = BTreeMap::new();
    let mut total = AgingRow {
        label: "Total".into(),
        ..AgingRow::default()
    };
    for (key, b, open) in items {
        let b = b as usize;
        groups.entry(key).or_default().add(b, open);
        total.add(b, open);
    }
    for (key, credit) in credits {
        groups.entry(key).or_default().credit(credit);
        total.credit(credit);
    }
    let keys: Vec<Uuid> = groups.keys().flatten().copied().collect();
    let labels: Vec<(Uuid, String)> = sqlx::query_as(match group {
        AgingGroup::Customer => "SELECT id, name FROM customers WHERE id = ANY($1)",
        AgingGroup::Owner => "SELECT id, display_name FROM users WHERE id = ANY($1)",
        AgingGroup::Unit => "SELECT id, name FROM org_units WHERE id = ANY($1)",
    })
    .bind(&keys)
    .fetch_all(pool)
    .await?;
    let labels: BTreeMap<Uuid, String> = labels.into_iter().collect();
    let mut rows: Vec<AgingRow> = groups
        .into_iter()
        .map(|(key, mut row)| {
            row.key = key;
            row.label = key
                .and_then(|k| labels.get(&k).cloned())
                .unwrap_or_else(|| "(no owner)".into());
            row
        })
        .collect();
    rows.sort_by(|a, b| b.balance.cmp(&a.balance).then(a.label.cmp(&b.label)));
    Ok(Aging { as_of, rows, total })
}

/// An open posted item as of a date.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct OpenItem {
    #[sqlx(flatten)]
    pub item: Item,
    /// Σ of its SALE entries (as of the date).
    pub posted: Decimal,
    /// Σ of all its entries (as of the date).
    pub open: Decimal,
}

/// The filter of `overdueItems`.
#[derive(Clone, Debug, Default)]
pub struct OverdueFilter {
    pub customer_id: Option<Uuid>,
    pub owner_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    /// Only items at least this many days overdue (default 1).
    pub min_days: Option<i32>,
}

/// Whether the items' cached `open_amount` / `posted_amount` (migration
/// 0022: Σ of all their ledger entries, kept by a trigger) are their figures
/// as of `as_of`: no ledger entry is dated after it.
async fn cache_is_current(pool: &PgPool, as_of: NaiveDate) -> DomainResult<bool> {
    let latest: Option<NaiveDate> =
        sqlx::query_scalar("SELECT max(entry_date) FROM ledger_entries")
            .fetch_one(pool)
            .await?;
    Ok(latest.is_none_or(|d| d <= as_of))
}

/// REC-3 `overdueItems`: posted items with an open amount as of `as_of`
/// whose due date is before it, oldest due first, at most `limit` (≤ 1000).
pub async fn overdue_items(
    pool: &PgPool,
    actor: &Actor,
    as_of: NaiveDate,
    filter: &OverdueFilter,
    limit: i64,
) -> DomainResult<Vec<OpenItem>> {
    if !(1..=1000).contains(&limit) {
        return Err(DomainError::validation(
            "first",
            "must be between 1 and 1000",
        ));
    }
    let min_days = filter.min_days.unwrap_or(1);
    if min_days < 1 {
        return Err(DomainError::validation("minDays", "must be at least 1"));
    }
    let mut qb = if cache_is_current(pool, as_of).await? {
        QueryBuilder::new(
            "SELECT ri.*, ri.posted_amount AS posted, ri.open_amount AS open
               FROM receivable_items ri
              WHERE ri.open_amount <> 0 AND ri.open_amount > 0 AND ri.due_date <= ",
        )
    } else {
        let mut qb = QueryBuilder::new(
            "SELECT ri.*, o.posted, o.open FROM (
                 SELECT item_id, SUM(amount) AS open,
                        COALESCE(SUM(amount) FILTER (WHERE kind = 'SALE'), 0) AS posted
                   FROM ledger_entries WHERE item_id IS NOT NULL AND entry_date <= ",
        );
        qb.push_bind(as_of);
        qb.push(
            " GROUP BY item_id HAVING SUM(amount) > 0) o
               JOIN receivable_items ri ON ri.id = o.item_id WHERE ri.due_date <= ",
        );
        qb
    };
    qb.push_bind(as_of);
    qb.push(" - ");
    qb.push_bind(min_days);
    if let Some(c) = filter.customer_id {
        qb.push(" AND ri.customer_id = ").push_bind(c);
    }
    if let Some(o) = filter.owner_id {
        qb.push(" AND ri.owner_id = ").push_bind(o);
    }
    push_unit(&mut qb, "ri.owner_unit_id", filter.unit_id);
    push_item_scope(&mut qb, actor);
    qb.push(" ORDER BY ri.due_date, ri.id LIMIT ");
    qb.push_bind(limit);
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// One item behind a collection rate.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct RateItem {
    #[sqlx(flatten)]
    pub item: Item,
    /// What was received on it by the end of the period (receipts and
    /// credit applied, not reversed).
    pub received: Decimal,
}

impl RateItem {
    /// amount − received.
    pub fn open(&self) -> Decimal {
        self.item.amount - self.received
    }
}

/// REC-4 for one period.
#[derive(Clone, Debug, Serialize)]
pub struct CollectionRate {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub due: Decimal,
    pub received: Decimal,
    /// received ÷ due, 4 places; None when nothing was due.
    pub rate: Option<Decimal>,
    pub items: Vec<RateItem>,
}

/// The rate, 4 places (0.9000 = 90 %); None for a zero denominator.
pub fn rate(received: Decimal, due: Decimal) -> Option<Decimal> {
    crate::money::ratio(received, due)
}

/// REC-4 `collectionRate`: the items due within [from, to] (installments
/// of signed contracts not TERMINATED-and-unposted, delivery notes by their
/// due date), Σ their amounts, Σ received on them (entries dated ≤ to,
/// receipts later reversed do not count; write-offs are not receipts).
pub async fn collection_rate(
    pool: &PgPool,
    actor: &Actor,
    from: NaiveDate,
    to: NaiveDate,
    unit: Option<Uuid>,
    owner: Option<Uuid>,
) -> DomainResult<CollectionRate> {
    if to < from {
        return Err(DomainError::validation("to", "must not be before from"));
    }
    let mut qb = QueryBuilder::new(
        "SELECT ri.*, COALESCE((SELECT -SUM(le.amount) FROM ledger_entries le
                   WHERE le.item_id = ri.id AND le.kind IN ('RECEIPT', 'CREDIT_APPLIED') AND le.entry_date <= ",
    );
    qb.push_bind(to);
    qb.push(
        " AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reversal_of = le.id)), 0) AS received
           FROM receivable_items ri WHERE ri.due_date BETWEEN ",
    );
    qb.push_bind(from);
    qb.push(" AND ");
    qb.push_bind(to);
    qb.push(
        " AND (ri.contract_status IS DISTINCT FROM 'TERMINATED'
               OR EXISTS (SELECT 1 FROM ledger_entries s WHERE s.item_id = ri.id AND s.kind = 'SALE'))",
    );
    if let Some(o) = owner {
        qb.push(" AND ri.owner_id = ").push_bind(o);
    }
    push_unit(&mut qb, "ri.owner_unit_id", unit);
    push_item_scope(&mut qb, actor);
    qb.push(" ORDER BY ri.due_date, ri.id");
    let items: Vec<RateItem> = qb.build_query_as().fetch_all(pool).await?;
    let due: Decimal = items.iter().map(|i| i.item.amount).sum();
    let received: Decimal = items.iter().map(|i| i.received).sum();
    Ok(CollectionRate {
        from,
        to,
        due,
        received,
        rate: rate(received, due),
        items,
    })
}

/// CON-8 for one contract.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct ContractPerformance {
    pub contract_id: Uuid,
    pub number: String,
    pub status: String,
    pub amount: Decimal,
    /// Σ of its orders' shipments the customer received (delivered date set).
    pub delivered: Decimal,
    /// Σ of its invoices.
    pub invoiced: Decimal,
    /// Σ of the SALE entries of its installments (invoiced or due).
    pub posted: Decimal,
    /// Σ received on its installments (receipts and credit applied, not reversed).
    pub received: Decimal,
    /// Σ written off.
    pub written_off: Decimal,
    /// The ledger balance of its installments: posted − received −
    /// written off ± adjustments.
    pub outstanding: Decimal,
}

const PERFORMANCE: &str = "SELECT c.id AS contract_id, c.number, c.status, c.amount,
    COALESCE((SELECT SUM(s.amount) FROM shipments s JOIN orders o ON o.id = s.order_id
               WHERE o.contract_id = c.id AND o.status <> 'CANCELLED' AND s.delivered_date IS NOT NULL), 0)
        AS delivered,
    COALESCE((SELECT SUM(i.amount) FROM invoices i WHERE i.contract_id = c.id), 0) AS invoiced,
    COALESCE((SELECT SUM(le.amount) FROM ledger_entries le WHERE le.contract_id = c.id AND le.kind = 'SALE'), 0)
        AS posted,
    COALESCE((SELECT -SUM(le.amount) FROM ledger_entries le
               WHERE le.contract_id = c.id AND le.kind IN ('RECEIPT', 'CREDIT_APPLIED')
                 AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reversal_of = le.id)), 0) AS received,
    COALESCE((SELECT -SUM(le.amount) FROM ledger_entries le WHERE le.contract_id = c.id AND le.kind = 'WRITE_OFF'), 0)
        AS written_off,
    COALESCE((SELECT SUM(le.amount) FROM ledger_entries le WHERE le.contract_id = c.id), 0) AS outstanding
  FROM contracts c WHERE c.id = ";

/// CON-8 `contractPerformance`; None outside the actor's scope.
pub async fn contract_performance(
    pool: &PgPool,
    actor: &Actor,
    contract: Uuid,
) -> DomainResult<Option<ContractPerformance>> {
    let mut qb = QueryBuilder::new(PERFORMANCE);
    qb.push_bind(contract);
    push_contract_scope(&mut qb, actor);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// The period of `contractPerformanceTotals`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Month,
    Quarter,
    Year,
}

impl Period {
    fn sql(self) -> (&'static str, &'static str) {
        match self {
            Period::Month => ("month", "1 month"),
            Period::Quarter => ("quarter", "3 months"),
            Period::Year => ("year", "1 year"),
        }
    }

    /// "2026-03", "2026-Q1", "2026".
    pub fn label(self, start: NaiveDate) -> String {
        match self {
            Period::Month => start.format("%Y-%m").to_string(),
            Period::Quarter => format!("{}-Q{}", start.year(), start.month0() / 3 + 1),
            Period::Year => start.year().to_string(),
        }
    }
}

/// CON-8 totals of one period.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct PeriodTotals {
    pub start: NaiveDate,
    /// Σ amounts of contracts signed in the period (signed_date).
    pub signed: Decimal,
    /// Σ shipments of contract orders delivered in the period (delivered_date).
    pub delivered: Decimal,
    /// Σ contract invoices issued in the period (issue_date).
    pub invoiced: Decimal,
    /// Σ received on contract installments in the period (ledger date:
    /// received_on, or the day credit was applied), reversed receipts not counted.
    pub received: Decimal,
}

/// CON-8 `contractPerformanceTotals`: every period from the one containing
/// `from` to the one containing `to` (at most 240), over the contracts in
/// the actor's scope (optionally a unit's subtree).
pub async fn performance_totals(
    pool: &PgPool,
    actor: &Actor,
    period: Period,
    from: NaiveDate,
    to: NaiveDate,
    unit: Option<Uuid>,
) -> DomainResult<Vec<PeriodTotals>> {
    if to < from {
        return Err(DomainError::validation("to", "must not be before from"));
    }
    let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    let periods = match period {
        Period::Month => months + 1,
        Period::Quarter => months / 3 + 2,
        Period::Year => to.year() - from.year() + 1,
    };
    if periods > 240 {
        return Err(DomainError::validation("to", "at most 240 periods"));
    }
    let (unit_sql, step) = period.sql();
    let mut qb = QueryBuilder::new(
        "WITH sc AS (SELECT c.id, c.amount, c.signed_date FROM contracts c WHERE TRUE",
    );
    push_contract_scope(&mut qb, actor);
    push_unit(&mut qb, "c.owner_unit_id", unit);
    qb.push("), p AS (SELECT g::date AS start FROM generate_series(date_trunc(");
    qb.push_bind(unit_sql);
    qb.push(", ");
    qb.push_bind(from);
    qb.push("::timestamp), ");
    qb.push_bind(to);
    qb.push("::timestamp, ");
    qb.push_bind(step);
    qb.push("::interval) g) SELECT p.start,");
    let trunc = |col: &str| format!("date_trunc('{unit_sql}', {col})::date = p.start");
    qb.push(format!(
        " COALESCE((SELECT SUM(sc.amount) FROM sc WHERE {}), 0) AS signed,",
        trunc("sc.signed_date")
    ));
    qb.push(format!(
        " COALESCE((SELECT SUM(s.amount) FROM shipments s JOIN orders o ON o.id = s.order_id
             JOIN sc ON sc.id = o.contract_id WHERE o.status <> 'CANCELLED' AND {}), 0) AS delivered,",
        trunc("s.delivered_date")
    ));
    qb.push(format!(
        " COALESCE((SELECT SUM(i.amount) FROM invoices i JOIN sc ON sc.id = i.contract_id WHERE {}), 0)
             AS invoiced,",
        trunc("i.issue_date")
    ));
    qb.push(format!(
        " COALESCE((SELECT -SUM(le.amount) FROM ledger_entries le JOIN sc ON sc.id = le.contract_id
             WHERE le.kind IN ('RECEIPT', 'CREDIT_APPLIED')
               AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reversal_of = le.id) AND {}), 0)
             AS received",
        trunc("le.entry_date")
    ));
    qb.push(" FROM p ORDER BY p.start");
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rec3_bucket_edges() {
        let cases = [
            (-5, 0),
            (0, 0),
            (1, 1),
            (30, 1),
            (31, 2),
            (60, 2),
            (61, 3),
            (90, 3),
            (91, 4),
            (180, 4),
            (181, 5),
        ];
        for (days, b) in cases {
            assert_eq!(bucket(days), b, "{days} days overdue");
        }
    }

    #[test]
    fn rec4_rate_is_null_without_anything_due() {
        assert_eq!(rate(Decimal::ZERO, Decimal::ZERO), None);
        assert_eq!(
            rate(Decimal::new(2, 0), Decimal::new(3, 0)),
            Some(Decimal::new(6667, 4))
        );
    }

    #[test]
    fn con8_period_labels() {
        let d = NaiveDate::from_ymd_opt(2026, 8, 15).unwrap();
        assert_eq!(Period::Month.label(d), "2026-08");
        assert_eq!(Period::Quarter.label(d), "2026-Q3");
        assert_eq!(Period::Year.label(d), "2026");
    }
}

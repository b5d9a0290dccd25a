//! The money KPIs: TGT-2's facts credited per CUS-3, in SQL.
//!
//! The raw facts are exactly those of `targets::attainment` (same filters,
//! same amounts); crediting: a fact goes to its owner unless a decided
//! dispute on the customer is in force on the fact's day — the latest
//! decision whose company day is on or before it — and then it is split
//! among that dispute's share holders, each share rounded to the cent
//! (half away from zero), the remainder to the largest share (ties: the
//! smallest user id). Each raw row (a contract, or one ledger entry of a
//! receipt) is split on its own; the parts of one person are then summed
//! per (fact id, day), as `targets::attainment::credited_facts` does.

use sqlx::{Postgres, QueryBuilder};

use super::Params;

/// Which money KPI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Money {
    SignedRevenue,
    GrossProfit,
    Collections,
    /// Signed revenue on key-account customers, this period (num) and the
    /// previous one (den).
    KeyAccountGrowth,
}

/// Raw facts: `row_id` (what is split: a contract, a ledger entry), `id`
/// (the fact), `customer_id`, `date`, `amount`, `owner_id`, `cur` (counts
/// in the numerator, else in the denominator).
const SIGNED: &str =
    "SELECT c.id AS row_id, c.id, c.customer_id, c.signed_date AS date, c.amount, c.owner_id,
            TRUE AS cur
       FROM contracts c
      WHERE c.signed_date BETWEEN {from} AND {to} AND c.status <> 'TERMINATED'";

const GROSS: &str = "SELECT c.id AS row_id, c.id, c.customer_id, c.signed_date AS date,
            c.amount - q.total_cost AS amount, c.owner_id, TRUE AS cur
       FROM contracts c JOIN quotes q ON q.id = c.quote_id
      WHERE c.signed_date BETWEEN {from} AND {to} AND c.status <> 'TERMINATED'";

const COLLECTED: &str =
    "SELECT le.id AS row_id, le.receipt_id AS id, ri.customer_id, le.entry_date AS date,
            -le.amount AS amount, ri.owner_id, TRUE AS cur
       FROM ledger_entries le JOIN receivable_items ri ON ri.id = le.item_id
      WHERE le.kind IN ('RECEIPT', 'CREDIT_APPLIED') AND le.item_id IS NOT NULL
        AND le.receipt_id IS NOT NULL AND le.entry_date BETWEEN {from} AND {to}
        AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reversal_of = le.id)";

const KEY_ACCOUNT: &str =
    "SELECT c.id AS row_id, c.id, c.customer_id, c.signed_date AS date, c.amount, c.owner_id,
            c.signed_date >= {from} AS cur
       FROM contracts c JOIN customers k ON k.id = c.customer_id AND k.key_account
      WHERE c.signed_date BETWEEN {pfrom} AND {to} AND c.status <> 'TERMINATED'";

/// From `raw` to the credited rows. `cand`: the raw facts that may count
/// for one of the people (owned by one, or of a customer where one holds a
/// share); `decided`: per customer, the day range in which each decided
/// dispute is the latest (an empty range when a later one was decided the
/// same day); `in_force`: the dispute splitting a raw row.
const CREDIT: &str = "),
    cand AS (
        SELECT r.* FROM raw r
         WHERE r.owner_id = ANY({people})
            OR r.customer_id IN (SELECT ps.customer_id FROM performance_shares ps WHERE ps.user_id = ANY({people}))
    ),
    decided AS (
        SELECT d.customer_id, d.dispute_id, d.day AS from_day,
               lead(d.day) OVER (PARTITION BY d.customer_id ORDER BY d.valid_from, d.dispute_id) AS until_day
          FROM (SELECT ps.customer_id, ps.dispute_id, min(ps.valid_from) AS valid_from,
                       (min(ps.valid_from) AT TIME ZONE {tz})::date AS day
                  FROM performance_shares ps
                 WHERE ps.customer_id IN (SELECT customer_id FROM cand)
                 GROUP BY ps.customer_id, ps.dispute_id) d
    ),
    in_force AS (
        SELECT c.row_id, c.id, c.date, c.cur, c.amount, g.dispute_id
          FROM cand c JOIN decided g ON g.customer_id = c.customer_id
           AND c.date >= g.from_day AND (g.until_day IS NULL OR c.date < g.until_day)
    ),
    parts AS (
        SELECT f.id, f.date, f.cur, f.amount, ps.user_id,
               round(f.amount * ps.share / 100, 2) AS part,
               row_number() OVER (PARTITION BY f.row_id ORDER BY ps.share DESC, ps.user_id) AS rn,
               sum(round(f.amount * ps.share / 100, 2)) OVER (PARTITION BY f.row_id) AS parts_sum
          FROM in_force f JOIN performance_shares ps ON ps.dispute_id = f.dispute_id
    ),
    credits AS (
        SELECT c.id, c.date, c.cur, c.owner_id AS user_id, c.amount
          FROM cand c WHERE NOT EXISTS (SELECT 1 FROM in_force f WHERE f.row_id = c.row_id)
        UNION ALL
        SELECT p.id, p.date, p.cur, p.user_id,
               p.part + CASE WHEN p.rn = 1 THEN p.amount - p.parts_sum ELSE 0 END
          FROM parts p
    )
    SELECT cr.user_id, ";

const GROUPED: &str = " AS kind, cr.id AS fact_id, cr.date AS fact_date,
           (CASE WHEN cr.cur THEN sum(cr.amount) ELSE 0 END)::numeric AS num,
           (CASE WHEN cr.cur THEN 0 ELSE sum(cr.amount) END)::numeric AS den
      FROM credits cr WHERE cr.user_id = ANY({people})
     GROUP BY cr.user_id, cr.id, cr.date, cr.cur";

/// Pushes the credited facts of a money KPI (one SELECT with CTEs).
pub(super) fn push_money(qb: &mut QueryBuilder<Postgres>, p: &Params<'_>, m: Money) {
    let (raw, kind) = match m {
        Money::SignedRevenue => (SIGNED, "'CONTRACT'::text"),
        Money::GrossProfit => (GROSS, "'CONTRACT'::text"),
        Money::Collections => (COLLECTED, "'RECEIPT'::text"),
        Money::KeyAccountGrowth => (KEY_ACCOUNT, "'CONTRACT'::text"),
    };
    qb.push("WITH raw AS (");
    p.push(qb, raw);
    p.push(qb, CREDIT);
    qb.push(kind);
    p.push(qb, GROUPED);
}

/// NEW_CUSTOMERS: a customer whose first signed, not TERMINATED contract
/// (by signed date, then creation, then id — TGT-2's order) was signed in
/// the period; one fact for that contract's owner, never split.
pub(super) const NEW_CUSTOMERS: &str = "SELECT c.owner_id AS user_id, 'CUSTOMER'::text AS kind, c.customer_id AS fact_id,
            c.signed_date AS fact_date, 1::numeric AS num, 0::numeric AS den
       FROM contracts c
      WHERE c.signed_date BETWEEN {from} AND {to} AND c.status <> 'TERMINATED'
        AND c.owner_id = ANY({people})
        AND NOT EXISTS (
            SELECT 1 FROM contracts e
             WHERE e.customer_id = c.customer_id AND e.signed_date IS NOT NULL AND e.status <> 'TERMINATED'
               AND (e.signed_date, e.created_at, e.id) < (c.signed_date, c.created_at, c.id))";

/// TARGET_COMPLETION: SIGNED_REVENUE's facts (num) and the person's TGT-1
/// SIGNED_REVENUE target of exactly this period (den, one TARGET row dated
/// the period's first day).
pub(super) fn push_target_completion(qb: &mut QueryBuilder<Postgres>, p: &Params<'_>) {
    qb.push("SELECT * FROM (");
    push_money(qb, p, Money::SignedRevenue);
    p.push(
        qb,
        ") s UNION ALL
     SELECT t.user_id, 'TARGET'::text, t.id, {from}, 0::numeric, t.amount::numeric
       FROM targets t
      WHERE t.metric = 'SIGNED_REVENUE' AND t.scope = 'USER' AND t.period_kind = {pkind}
        AND t.year = {pyear} AND t.period_no = {pno} AND t.user_id = ANY({people})",
    );
}

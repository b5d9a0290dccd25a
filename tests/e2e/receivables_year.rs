//! A generated year of receivables (`domain/src/receivables/demo.rs`,
//! `salesd demo --receivables-installments N`) held to the cent: for every
//! customer Σ ledger = the derived balance (REC-1) = the aging total
//! (REC-3) = the closing balance of the monthly statement (REC-5), the
//! statements chain (opening of a month = closing of the one before), and
//! the demo populates every aging bucket (REC-3) and every dunning lateness
//! band (REC-6: 3, 15, 30, 90 days overdue). The bulk path (used above
//! 5 000 installments) is held to the same invariants.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate, Utc};
use rust_decimal::Decimal;
use salesd_demo::receivables::{self as rdemo, Mode};
use salesd_demo::{self as demo, DemoOptions};
use salesd_domain::clock::company_date;
use salesd_domain::org::Actor;
use salesd_domain::receivables::ledger;
use salesd_domain::receivables::reports::{self, AgingGroup, OverdueFilter};
use salesd_domain::receivables::statements;
use salesd_domain::testing::TestDb;
use sqlx::PgPool;
use uuid::Uuid;

/// A demo company with a pipeline and `installments` service installments;
/// the ledger written through the stores (Direct) or in bulk.
async fn year(installments: usize, mode: Mode) -> TestDb {
    let db = TestDb::new().await;
    demo::load(
        &db.pool,
        &DemoOptions {
            reps: 8,
            customers: 60,
            opportunities: 120,
            receivables_installments: if mode == Mode::Direct {
                installments
            } else {
                0
            },
            ..DemoOptions::default()
        },
    )
    .await
    .expect("demo with receivables");
    if mode == Mode::Bulk {
        rdemo::load_with(&db.pool, 20_261_122, installments, Utc::now(), Mode::Bulk)
            .await
            .expect("bulk receivables");
    }
    db
}

fn everyone() -> Actor {
    Actor::system("test: receivables year")
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT ({sql})::int8")))
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Σ ledger per customer of the entries dated on or before `as_of`.
async fn ledger_sums(pool: &PgPool, as_of: NaiveDate) -> HashMap<Uuid, Decimal> {
    let rows: Vec<(Uuid, Decimal)> = sqlx::query_as(
        "SELECT customer_id, SUM(amount) FROM ledger_entries WHERE entry_date <= $1 GROUP BY customer_id",
    )
    .bind(as_of)
    .fetch_all(pool)
    .await
    .expect("ledger sums");
    rows.into_iter().collect()
}

/// REC-1 + REC-3: for every customer Σ ledger (customerLedger) = the
/// derived balance (open items − unapplied credit) = the aging row as of
/// `today`; per item 0 ≤ open ≤ amount; the aging total = Σ ledger.
async fn held_to_the_cent(pool: &PgPool, today: NaiveDate) {
    let actor = everyone();
    let aging = reports::aging(pool, &actor, today, AgingGroup::Customer, None)
        .await
        .expect("arAging");
    let rows: HashMap<Uuid, &reports::AgingRow> = aging
        .rows
        .iter()
        .map(|r| (r.key.expect("a customer"), r))
        .collect();
    let customers: Vec<Uuid> =
        sqlx::query_scalar("SELECT DISTINCT customer_id FROM ledger_entries ORDER BY 1")
            .fetch_all(pool)
            .await
            .unwrap();
    assert!(
        customers.len() >= 5,
        "customers with a ledger: {}",
        customers.len()
    );
    let mut grand = Decimal::ZERO;
    for c in &customers {
        let entries = ledger::customer_ledger(pool, &actor, *c, None)
            .await
            .expect("customerLedger");
        let sum: Decimal = entries.iter().map(|e| e.amount).sum();
        let bal = ledger::balance(pool, *c).await.expect("balance");
        assert_eq!(sum, bal.balance, "REC-1 customer {c}: Σ ledger = balance");
        assert_eq!(
            bal.balance,
            bal.open_items - bal.unapplied_credit,
            "REC-1 customer {c}: balance = open items − unapplied credit"
        );
        let (open, credit, balance) = rows
            .get(c)
            .map(|r| (r.open_total, r.unapplied_credit, r.balance))
            .unwrap_or_default();
        assert_eq!(balance, sum, "REC-3 customer {c}: aging balance = Σ ledger");
        assert_eq!(open, bal.open_items, "REC-3 customer {c}: aging open total");
        assert_eq!(credit, bal.unapplied_credit, "REC-3 customer {c}: credit");
        let row_sum: Decimal = rows
            .get(c)
            .map(|r| r.buckets.iter().copied().sum::<Decimal>())
            .unwrap_or_default();
        assert_eq!(row_sum, open, "REC-3 customer {c}: Σ buckets = open total");
        grand += sum;
    }
    assert_eq!(aging.total.balance, grand, "REC-3: aging total = Σ ledger");
    // REC-1/2: no item is paid below zero or posted above its amount.
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM (SELECT ri.id FROM receivable_items ri JOIN ledger_entries le ON le.item_id = ri.id
              GROUP BY ri.id, ri.amount HAVING SUM(le.amount) < 0 OR SUM(le.amount) > ri.amount
                 OR SUM(le.amount) FILTER (WHERE le.kind = 'SALE') > ri.amount) x"
        )
        .await,
        0,
        "REC-1: every item's open amount lies in [0, amount]"
    );
    // REC-2: each allocation row is its ledger credit; each receipt is
    // what its entries credit (allocated + credit), reversed ones net 0.
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM receipt_allocations a JOIN ledger_entries le ON le.id = a.ledger_entry_id
              WHERE le.amount <> -a.amount OR le.item_id <> a.item_id OR le.receipt_id <> a.receipt_id"
        )
        .await,
        0,
        "REC-2: allocations match their ledger entries"
    );
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM receipts r WHERE (SELECT -SUM(le.amount) FROM ledger_entries le
               WHERE le.receipt_id = r.id AND le.kind IN ('RECEIPT', 'PREPAYMENT', 'REVERSAL', 'CREDIT_APPLIED'))
               <> CASE WHEN r.reversed_at IS NULL THEN r.amount ELSE 0 END"
        )
        .await,
        0,
        "REC-2: every receipt is fully in the ledger (reversed ones net 0)"
    );
    // Migration 0022: each item's cached posted and open amounts (kept by
    // the ledger's insert trigger, read by the daily posting, dunning and the
    // current aging) equal Σ SALE and Σ of its ledger entries, to the cent.
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM receivable_items ri
              WHERE ri.posted_amount <> (SELECT COALESCE(SUM(le.amount) FILTER (WHERE le.kind = 'SALE'), 0)
                                           FROM ledger_entries le WHERE le.item_id = ri.id)
                 OR ri.open_amount <> (SELECT COALESCE(SUM(le.amount), 0)
                                         FROM ledger_entries le WHERE le.item_id = ri.id)"
        )
        .await,
        0,
        "REC-1: the cached item balances equal the ledger"
    );
    assert!(
        count(
            pool,
            "SELECT count(*) FROM receivable_items WHERE open_amount <> 0"
        )
        .await
            > 0,
        "some items are open"
    );
    // No money event after today.
    assert_eq!(
        count(
            pool,
            &format!("SELECT count(*) FROM ledger_entries WHERE entry_date > '{today}'")
        )
        .await,
        0
    );
}

/// REC-3 / REC-6: every bucket and every dunning band is populated.
async fn every_bucket_and_band(pool: &PgPool, today: NaiveDate) {
    let actor = everyone();
    let aging = reports::aging(pool, &actor, today, AgingGroup::Customer, None)
        .await
        .expect("arAging");
    for (i, name) in reports::BUCKETS.iter().enumerate() {
        assert!(
            aging.total.buckets[i] > Decimal::ZERO,
            "REC-3: bucket {name} is empty: {:?}",
            aging.total.buckets
        );
    }
    assert!(
        aging.total.unapplied_credit > Decimal::ZERO,
        "REC-2: an overpayment left customer credit"
    );
    // Dunning bands: L1 3–14, L2 15–29, L3 30–89, L4 ≥ 90 days overdue.
    let mut counts = Vec::new();
    for min in [3, 15, 30, 90] {
        let items = reports::overdue_items(
            pool,
            &actor,
            today,
            &OverdueFilter {
                min_days: Some(min),
                ..OverdueFilter::default()
            },
            1000,
        )
        .await
        .expect("overdueItems");
        assert!(items.len() < 1000, "the demo is small");
        counts.push(items.len());
    }
    assert!(
        counts[0] > counts[1] && counts[1] > counts[2] && counts[2] > counts[3] && counts[3] > 0,
        "REC-6: items at least 3/15/30/90 days overdue: {counts:?} (each band populated)"
    );
    // Partly paid items: open between 0 and the amount, with a receipt.
    assert!(
        count(
            pool,
            "SELECT count(*) FROM (SELECT ri.id FROM receivable_items ri JOIN ledger_entries le ON le.item_id = ri.id
              GROUP BY ri.id, ri.amount HAVING SUM(le.amount) > 0 AND SUM(le.amount) < ri.amount
                 AND bool_or(le.kind = 'RECEIPT')) x"
        )
        .await
            > 0,
        "REC-2: partly paid items"
    );
    for kind in ["SALE", "RECEIPT", "PREPAYMENT", "WRITE_OFF", "REVERSAL"] {
        assert!(
            count(
                pool,
                &format!("SELECT count(*) FROM ledger_entries WHERE kind = '{kind}'")
            )
            .await
                > 0,
            "REC-1: a {kind} entry"
        );
    }
    assert!(
        count(
            pool,
            "SELECT count(*) FROM receipts WHERE reversed_at IS NOT NULL"
        )
        .await
            > 0
    );
    assert!(count(pool, "SELECT count(*) FROM invoices").await > 0);
    // A year of activity: receipts in at least 12 distinct months.
    assert!(
        count(
            pool,
            "SELECT count(DISTINCT date_trunc('month', received_on)) FROM receipts"
        )
        .await
            >= 12,
        "a year of receipts"
    );
    // Late payments in every lateness band (paid 1–30 … > 180 days late).
    for (lo, hi) in [(1, 30), (31, 60), (61, 90), (91, 180), (181, 100_000)] {
        assert!(
            count(
                pool,
                &format!(
                    "SELECT count(*) FROM ledger_entries le JOIN receivable_items ri ON ri.id = le.item_id
                      WHERE le.kind = 'RECEIPT' AND le.entry_date - ri.due_date BETWEEN {lo} AND {hi}"
                )
            )
            .await
                > 0,
            "a payment {lo}–{hi} days late"
        );
    }
}

#[tokio::test]
async fn rec1_rec3_rec5_a_generated_year_holds_to_the_cent() {
    let db = year(240, Mode::Direct).await;
    let p = &db.pool;
    let now = Utc::now();
    let today = company_date(now);
    held_to_the_cent(p, today).await;
    // The stores wrote it: invoices and receipts are audited.
    assert!(count(p, "SELECT count(*) FROM audit_log WHERE entity = 'RECEIPT'").await > 0);
    // REC-5: the statements of the last 12 months and of this one.
    let this_month = today.with_day(1).unwrap();
    let first = this_month - Months::new(12);
    let mut month = first;
    let mut closing_before = ledger_sums(p, first.pred_opt().unwrap()).await;
    while month <= this_month {
        statements::generate(p, month, now)
            .await
            .expect("statements");
        let rows: Vec<(Uuid, Decimal, Decimal, Decimal, Decimal, Decimal)> = sqlx::query_as(
            "SELECT customer_id, opening_balance, sales, receipts, other, closing_balance
               FROM statements WHERE period_start = $1",
        )
        .bind(month)
        .fetch_all(p)
        .await
        .expect("stored statements");
        let end = statements::period_end(month).min(today);
        let sums = ledger_sums(p, end).await;
        let aging = reports::aging(p, &everyone(), end, AgingGroup::Customer, None)
            .await
            .expect("arAging at the month end");
        let aged: HashMap<Uuid, Decimal> = aging
            .rows
            .iter()
            .map(|r| (r.key.unwrap(), r.balance))
            .collect();
        let stated: HashMap<Uuid, Decimal> = rows.iter().map(|r| (r.0, r.5)).collect();
        for (c, opening, sales, receipts, other, closing) in &rows {
            let before = closing_before.get(c).copied().unwrap_or_default();
            assert_eq!(
                *opening, before,
                "REC-5 {month} customer {c}: opening = the closing of the month before"
            );
            assert_eq!(
                *closing,
                opening + sales - receipts + other,
                "REC-5 {month} customer {c}: opening + sales − receipts + other = closing"
            );
        }
        // Every customer with a balance has a statement, and its closing
        // balance = Σ ledger = the aging balance at the month end.
        for (c, sum) in &sums {
            let closing = stated.get(c).copied().unwrap_or_default();
            assert_eq!(
                closing, *sum,
                "REC-5 {month} customer {c}: closing = Σ ledger"
            );
            assert_eq!(
                aged.get(c).copied().unwrap_or_default(),
                *sum,
                "REC-3 {month} customer {c}: aging at the month end = Σ ledger"
            );
        }
        closing_before = stated;
        month = month + Months::new(1);
    }
    // The current month's closing balance is today's ledger balance.
    let now_sums = ledger_sums(p, today).await;
    for (c, sum) in &now_sums {
        assert_eq!(
            closing_before.get(c).copied().unwrap_or_default(),
            *sum,
            "REC-5 customer {c}: this month's closing = the ledger balance"
        );
    }
}

#[tokio::test]
async fn rec3_rec6_the_demo_populates_every_aging_bucket_and_dunning_band() {
    let db = year(240, Mode::Direct).await;
    let today = company_date(Utc::now());
    every_bucket_and_band(&db.pool, today).await;
}

#[tokio::test]
async fn rec1_rec3_the_bulk_generator_holds_to_the_cent_too() {
    let db = year(600, Mode::Bulk).await;
    let today = company_date(Utc::now());
    assert_eq!(
        count(&db.pool, "SELECT count(*) FROM contract_installments WHERE trigger = 'FIXED_DATE' AND label LIKE '%服务费'").await,
        600
    );
    held_to_the_cent(&db.pool, today).await;
    every_bucket_and_band(&db.pool, today).await;
}

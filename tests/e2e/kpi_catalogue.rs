//! KPI-1: the KPI catalogue (`kpi::catalogue::push_facts`). Facts are
//! inserted with SQL on fixed dates for two reps, A (rep01) and B (rep02);
//! the period is March 2026 (the previous one February 2026). Every
//! expected number is worked out by hand in the comments. The money KPIs
//! are also checked against TGT-2 `targets::attainment` (USER scope), the
//! collection rate against REC-4 `collection_rate`, and revisit compliance
//! against CUS-6 `revisit::compliance` over generated chains.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use salesd_domain::customers::{revisit, revisit_store};
use salesd_domain::kpi::Kpi;
use salesd_domain::kpi::catalogue::{push_facts, push_facts_as_of};
use salesd_domain::org::Actor;
use salesd_domain::targets::{Metric, Period, PeriodKind, TargetScope, attainment};
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use crate::common::TestApp;
use crate::e2e::opportunities::customer;
use crate::e2e::targets::{entry, shares};

const A: &str = "rep01@example.com";
const B: &str = "rep02@example.com";

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn march() -> Period {
    Period::new(PeriodKind::Month, 2026, 3).unwrap()
}

/// One fact row of `push_facts`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, sqlx::FromRow)]
struct Row {
    user_id: Uuid,
    kind: String,
    fact_id: Uuid,
    fact_date: NaiveDate,
    num: Decimal,
    den: Decimal,
}

async fn rows_as_of(
    pool: &PgPool,
    kpi: Kpi,
    period: Period,
    people: &[Uuid],
    today: Option<NaiveDate>,
) -> Vec<Row> {
    let mut qb = QueryBuilder::new("SELECT * FROM (");
    match today {
        Some(t) => push_facts_as_of(&mut qb, kpi, period, people, t),
        None => push_facts(&mut qb, kpi, period, people),
    }
    qb.push(") k ORDER BY user_id, fact_date, kind, fact_id");
    let mut rows: Vec<Row> = qb
        .build_query_as()
        .fetch_all(pool)
        .await
        .unwrap_or_else(|e| panic!("{kpi}: {e}"));
    for r in &mut rows {
        r.num = r.num.normalize();
        r.den = r.den.normalize();
    }
    rows.sort();
    rows
}

async fn rows(pool: &PgPool, kpi: Kpi, period: Period, people: &[Uuid]) -> Vec<Row> {
    rows_as_of(pool, kpi, period, people, None).await
}

/// (kind, fact id, day, num, den) of one person's rows.
type Mine = Vec<(String, Uuid, NaiveDate, Decimal, Decimal)>;

fn of(rows: &[Row], user: Uuid) -> Mine {
    let mut v: Mine = rows
        .iter()
        .filter(|r| r.user_id == user)
        .map(|r| (r.kind.clone(), r.fact_id, r.fact_date, r.num, r.den))
        .collect();
    v.sort();
    v
}

fn fact(
    kind: &str,
    id: Uuid,
    date: &str,
    num: &str,
    den: &str,
) -> (String, Uuid, NaiveDate, Decimal, Decimal) {
    (
        kind.to_owned(),
        id,
        day(date),
        dec(num).normalize(),
        dec(den).normalize(),
    )
}

fn sorted(mut v: Mine) -> Mine {
    v.sort();
    v
}

/// Σ num, Σ den and the KPI's value of one person.
fn value(kpi: Kpi, rows: &[Row], user: Uuid) -> (Decimal, Decimal, Option<Decimal>) {
    let mine = rows.iter().filter(|r| r.user_id == user);
    let (n, d) = mine.fold((Decimal::ZERO, Decimal::ZERO), |(n, d), r| {
        (n + r.num, d + r.den)
    });
    (n, d, kpi.value(n, d))
}

// ---- building facts --------------------------------------------------------

/// Sets grade, tier and the key-account flag of a customer.
async fn classify(pool: &PgPool, customer: Uuid, grade: &str, tier: &str, key_account: bool) {
    sqlx::query(
        "UPDATE customers SET grade = $2, tier = $3, key_account = $4,
            ka_class = CASE WHEN $4 THEN 'IMPORTANT' END WHERE id = $1",
    )
    .bind(customer)
    .bind(grade)
    .bind(tier)
    .bind(key_account)
    .execute(pool)
    .await
    .expect("classify customer");
}

/// A contract of `owner`, with an accepted quote costing `cost` when given.
async fn contract(
    app: &TestApp,
    customer: Uuid,
    owner: &str,
    amount: &str,
    status: &str,
    signed: &str,
    cost: Option<&str>,
) -> Uuid {
    let pool = &app.db.pool;
    let quote = match cost {
        None => None,
        Some(cost) => {
            let (o, q) = (Uuid::now_v7(), Uuid::now_v7());
            sqlx::query(
                "INSERT INTO opportunities (id, customer_id, name, owner_id, owner_unit_id, stage, amount,
                    stage_changed_at, created_by, created_at, updated_at)
                 SELECT $1, $2, 'KPI 项目', u.id, u.unit_id, 'CONTRACT', $4::numeric, now(), u.id, now(), now()
                 FROM users u WHERE u.email = $3",
            )
            .bind(o)
            .bind(customer)
            .bind(owner)
            .bind(amount)
            .execute(pool)
            .await
            .expect("insert opportunity");
            sqlx::query(
                "INSERT INTO quotes (id, opportunity_id, status, total_amount, total_cost, currency, created_at)
                 VALUES ($1, $2, 'ACCEPTED', $3::numeric, $4::numeric, 'CNY', now())",
            )
            .bind(q)
            .bind(o)
            .bind(amount)
            .bind(cost)
            .execute(pool)
            .await
            .expect("insert quote");
            Some((o, q))
        }
    };
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO contracts (id, number, number_year, number_seq, customer_id, opportunity_id, quote_id, title,
            owner_id, owner_unit_id, customer_party, our_party, amount, status, signed_date, termination_reason,
            created_by, created_at, updated_at)
         SELECT $1, 'HT-2026-' || s.seq, 2026, s.seq, $2, $3, $4, 'KPI 合同', u.id, u.unit_id, 'customer', 'us',
            $5::numeric, $6, $7::date, CASE WHEN $6 = 'TERMINATED' THEN 'test' END, u.id, now(), now()
         FROM users u, (SELECT COALESCE(max(number_seq), 9000) + 1 AS seq FROM contracts WHERE number_year = 2026) s
         WHERE u.email = $8",
    )
    .bind(id)
    .bind(customer)
    .bind(quote.map(|q| q.0))
    .bind(quote.map(|q| q.1))
    .bind(amount)
    .bind(status)
    .bind(signed)
    .bind(owner)
    .execute(pool)
    .await
    .expect("insert contract");
    id
}

async fn installment(
    app: &TestApp,
    contract: Uuid,
    position: i32,
    amount: &str,
    due: &str,
) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO contract_installments (id, contract_id, position, label, amount, trigger, due_date)
         VALUES ($1, $2, $3, '分期', $4::numeric, 'FIXED_DATE', $5::date)",
    )
    .bind(id)
    .bind(contract)
    .bind(position)
    .bind(amount)
    .bind(due)
    .execute(&app.db.pool)
    .await
    .expect("insert installment");
    id
}

/// A receipt; `reversed` marks it reversed (the ledger reversal is posted
/// separately).
async fn receipt(app: &TestApp, customer: Uuid, amount: &str, on: &str, reversed: bool) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO receipts (id, customer_id, amount, received_on, method, created_by, created_at,
            reversed_at, reversed_by, reversal_reason)
         SELECT $1, $2, $3::numeric, $4::date, 'BANK_TRANSFER', u.id, now(),
            CASE WHEN $5 THEN now() END, CASE WHEN $5 THEN u.id END, CASE WHEN $5 THEN 'wrong' END
           FROM users u WHERE u.email = 'finance@example.com'",
    )
    .bind(id)
    .bind(customer)
    .bind(amount)
    .bind(on)
    .bind(reversed)
    .execute(&app.db.pool)
    .await
    .expect("insert receipt");
    id
}

async fn interaction(pool: &PgPool, customer: Uuid, kind: &str, when: &str) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO interactions (id, customer_id, kind, occurred_at, summary, created_by)
         SELECT $1, $2, $3, $4::timestamptz, '拜访', c.owner_id FROM customers c WHERE c.id = $2",
    )
    .bind(id)
    .bind(customer)
    .bind(kind)
    .bind(when)
    .execute(pool)
    .await
    .expect("insert interaction");
    id
}

async fn survey(pool: &PgPool, customer: Uuid, score: i16, on: &str) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO satisfaction_surveys (id, customer_id, score, surveyed_on, created_by)
         SELECT $1, $2, $3, $4::date, u.id FROM users u WHERE u.email = 'service@example.com'",
    )
    .bind(id)
    .bind(customer)
    .bind(score)
    .bind(on)
    .execute(pool)
    .await
    .expect("insert survey");
    id
}

async fn complaint(pool: &PgPool, customer: Uuid, received: &str) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO complaints (id, customer_id, channel, received_at, category, severity, description,
            deadline_at, created_by)
         SELECT $1, $2, 'HOTLINE', $3::timestamptz, '交付', 'MEDIUM', '延迟交付',
            $3::timestamptz + interval '72 hours', u.id FROM users u WHERE u.email = 'service@example.com'",
    )
    .bind(id)
    .bind(customer)
    .bind(received)
    .execute(pool)
    .await
    .expect("insert complaint");
    id
}

async fn target(pool: &PgPool, user: Uuid, kind: &str, no: i32, amount: &str) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO targets (id, metric, period_kind, year, period_no, scope, user_id, amount, created_at, updated_at)
         VALUES ($1, 'SIGNED_REVENUE', $2, 2026, $3, 'USER', $4, $5::numeric, now(), now())",
    )
    .bind(id)
    .bind(kind)
    .bind(no)
    .bind(user)
    .bind(amount)
    .execute(pool)
    .await
    .expect("insert target");
    id
}

/// The hand-built world of the tests (ids by name).
struct World {
    a: Uuid,
    b: Uuid,
    ids: HashMap<&'static str, Uuid>,
}

impl World {
    fn id(&self, name: &str) -> Uuid {
        *self.ids.get(name).unwrap_or_else(|| panic!("no {name}"))
    }
}

/// Customers (A owns cA1..cA5 and cS, B owns cB1 and cB2; created on the
/// day given, GENERAL / tier C = 90-day revisits unless said):
///
/// - cA1 (tier A: 30 days, created 2026-01-01): contract k0 300.00 signed
///   2025-12-01 (so not new in March), k1 1000.00 signed 03-05 with a quote
///   costing 600.00, k2 500.00 signed 03-20 TERMINATED; installment i1 of
///   k1 1000.00 due 03-25; receipt r1 600.00 on 03-12 allocated to i1;
///   receipt r2 200.00 on 03-28 allocated to i1 and reversed.
/// - cS (key account, created 2025-12-02): k3 100.01 signed 03-09 (A),
///   k4 100.01 signed 03-10 (A) with a quote costing 40.00; dispute decided
///   2026-03-10 10:00 Shanghai: A 66.67 %, B 33.33 %; installment i2 of k4
///   100.01 due 03-31, receipt r3 100.01 on 03-15 allocated to it.
/// - cB1 (key account, B): k5 2000.00 signed 2026-02-15; installment i3
///   2000.00 due 04-10; receipt r4 500.00 on 03-05 allocated to i3.
/// - cB2 (B): k6 10.00 signed 03-31.
/// - Activity for retention: cA1 interaction 02-10 (and k1 in March); cA2
///   interaction 02-20 only; cA3 receipt r5 on 02-27 and a reversed receipt
///   r6 on 03-02; cA4 interactions at 2026-01-31 17:00Z (= 02-01 in
///   Shanghai) and 2026-02-28 17:00Z (= 03-01).
async fn world(app: &TestApp) -> World {
    let pool = &app.db.pool;
    let a: Uuid = app.user_id(A).await.parse().unwrap();
    let b: Uuid = app.user_id(B).await.parse().unwrap();
    let mut ids = HashMap::new();
    let old = at("2025-06-01T02:00:00Z");
    let ca1 = customer(app, A, "KPI 甲一", at("2026-01-01T02:00:00Z")).await;
    let ca2 = customer(app, A, "KPI 甲二", old).await;
    let ca3 = customer(app, A, "KPI 甲三", old).await;
    let ca4 = customer(app, A, "KPI 甲四", old).await;
    let ca5 = customer(app, A, "KPI 甲五", at("2026-01-15T02:00:00Z")).await;
    let cs = customer(app, A, "KPI 共享", at("2025-12-02T02:00:00Z")).await;
    let cb1 = customer(app, B, "KPI 乙一", old).await;
    let cb2 = customer(app, B, "KPI 乙二", old).await;
    for (k, v) in [
        ("cA1", ca1),
        ("cA2", ca2),
        ("cA3", ca3),
        ("cA4", ca4),
        ("cA5", ca5),
    ] {
        ids.insert(k, v);
    }
    ids.insert("cS", cs);
    ids.insert("cB1", cb1);
    ids.insert("cB2", cb2);
    classify(pool, ca1, "GENERAL", "A", false).await;
    classify(pool, ca5, "STRATEGIC", "C", false).await;
    classify(pool, cs, "GENERAL", "C", true).await;
    classify(pool, cb1, "GENERAL", "C", true).await;

    contract(app, ca1, A, "300.00", "SIGNED", "2025-12-01", None).await;
    let k1 = contract(
        app,
        ca1,
        A,
        "1000.00",
        "SIGNED",
        "2026-03-05",
        Some("600.00"),
    )
    .await;
    let k2 = contract(app, ca1, A, "500.00", "TERMINATED", "2026-03-20", None).await;
    let k3 = contract(app, cs, A, "100.01", "SIGNED", "2026-03-09", None).await;
    let k4 = contract(
        app,
        cs,
        A,
        "100.01",
        "EXECUTING",
        "2026-03-10",
        Some("40.00"),
    )
    .await;
    let k5 = contract(app, cb1, B, "2000.00", "SIGNED", "2026-02-15", None).await;
    let k6 = contract(app, cb2, B, "10.00", "SIGNED", "2026-03-31", None).await;
    for (k, v) in [
        ("k1", k1),
        ("k2", k2),
        ("k3", k3),
        ("k4", k4),
        ("k5", k5),
        ("k6", k6),
    ] {
        ids.insert(k, v);
    }
    shares(
        app,
        cs,
        a,
        &[(a, "66.67"), (b, "33.33")],
        "2026-03-10T02:00:00Z",
    )
    .await;

    let i1 = installment(app, k1, 1, "1000.00", "2026-03-25").await;
    let i2 = installment(app, k4, 1, "100.01", "2026-03-31").await;
    let i3 = installment(app, k5, 1, "2000.00", "2026-04-10").await;
    let r1 = receipt(app, ca1, "600.00", "2026-03-12", false).await;
    entry(
        app,
        ca1,
        Some(i1),
        r1,
        "RECEIPT",
        "-600.00",
        "2026-03-12",
        None,
    )
    .await;
    let r2 = receipt(app, ca1, "200.00", "2026-03-28", true).await;
    let e2 = entry(
        app,
        ca1,
        Some(i1),
        r2,
        "RECEIPT",
        "-200.00",
        "2026-03-28",
        None,
    )
    .await;
    entry(
        app,
        ca1,
        Some(i1),
        r2,
        "REVERSAL",
        "200.00",
        "2026-03-29",
        Some(e2),
    )
    .await;
    let r3 = receipt(app, cs, "100.01", "2026-03-15", false).await;
    entry(
        app,
        cs,
        Some(i2),
        r3,
        "RECEIPT",
        "-100.01",
        "2026-03-15",
        None,
    )
    .await;
    let r4 = receipt(app, cb1, "500.00", "2026-03-05", false).await;
    entry(
        app,
        cb1,
        Some(i3),
        r4,
        "RECEIPT",
        "-500.00",
        "2026-03-05",
        None,
    )
    .await;
    receipt(app, ca3, "50.00", "2026-02-27", false).await;
    receipt(app, ca3, "50.00", "2026-03-02", true).await;
    for (k, v) in [
        ("i1", i1),
        ("i2", i2),
        ("i3", i3),
        ("r1", r1),
        ("r3", r3),
        ("r4", r4),
    ] {
        ids.insert(k, v);
    }

    // Interactions (retention, complaints' activity and revisits).
    interaction(pool, ca1, "VISIT", "2026-01-20T02:00:00Z").await;
    interaction(pool, ca1, "PHONE", "2026-02-10T02:00:00Z").await;
    interaction(pool, ca1, "VISIT", "2026-03-10T02:00:00Z").await;
    interaction(pool, ca2, "PHONE", "2026-02-20T02:00:00Z").await;
    interaction(pool, ca4, "EMAIL", "2026-01-31T17:00:00Z").await;
    interaction(pool, ca4, "EMAIL", "2026-02-28T17:00:00Z").await;
    interaction(pool, ca5, "PHONE", "2026-02-10T02:00:00Z").await;
    interaction(pool, ca5, "MEETING", "2026-02-20T02:00:00Z").await;
    World { a, b, ids }
}

// ---- the money KPIs ---------------------------------------------------------

#[tokio::test]
async fn kpi1_money_kpis_credit_cus3_shares_to_the_cent() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let pool = &app.db.pool;
    let people = [w.a, w.b];
    let (a, b) = (w.a, w.b);

    // SIGNED_REVENUE: k1 1000.00 and k3 100.01 (signed 03-09, the day
    // before the decision) to A; k4 100.01 split: A 66.67 % = 66.676667 →
    // 66.68, B 33.33 % = 33.333333 → 33.33 (together 100.01); k2 is
    // TERMINATED. B also has k6 10.00.
    let r = rows(pool, Kpi::SignedRevenue, march(), &people).await;
    assert_eq!(
        of(&r, a),
        sorted(vec![
            fact("CONTRACT", w.id("k1"), "2026-03-05", "1000.00", "0"),
            fact("CONTRACT", w.id("k3"), "2026-03-09", "100.01", "0"),
            fact("CONTRACT", w.id("k4"), "2026-03-10", "66.68", "0"),
        ])
    );
    assert_eq!(
        of(&r, b),
        sorted(vec![
            fact("CONTRACT", w.id("k4"), "2026-03-10", "33.33", "0"),
            fact("CONTRACT", w.id("k6"), "2026-03-31", "10.00", "0"),
        ])
    );
    assert_eq!(value(Kpi::SignedRevenue, &r, a).2, Some(dec("1166.69")));
    assert_eq!(value(Kpi::SignedRevenue, &r, b).2, Some(dec("43.33")));
    // Restricted to the people asked for: only B's rows.
    let only_b = rows(pool, Kpi::SignedRevenue, march(), &[b]).await;
    assert!(only_b.iter().all(|x| x.user_id == b) && only_b.len() == 2);

    // GROSS_PROFIT: k1 1000 − 600 = 400.00 (A); k4 100.01 − 40.00 = 60.01
    // split: A 60.01 × 66.67 % = 40.008667 → 40.01, B × 33.33 % =
    // 20.001333 → 20.00. k3 and k6 have no quote: no known cost, left out.
    let r = rows(pool, Kpi::GrossProfit, march(), &people).await;
    assert_eq!(
        of(&r, a),
        sorted(vec![
            fact("CONTRACT", w.id("k1"), "2026-03-05", "400.00", "0"),
            fact("CONTRACT", w.id("k4"), "2026-03-10", "40.01", "0"),
        ])
    );
    assert_eq!(
        of(&r, b),
        vec![fact("CONTRACT", w.id("k4"), "2026-03-10", "20.00", "0")]
    );

    // COLLECTION_AMOUNT: r1 600.00 to A (owner of i1); r2 reversed: out;
    // r3 100.01 on cS after the decision: A 66.68, B 33.33; r4 500.00 to B.
    let r = rows(pool, Kpi::CollectionAmount, march(), &people).await;
    assert_eq!(
        of(&r, a),
        sorted(vec![
            fact("RECEIPT", w.id("r1"), "2026-03-12", "600.00", "0"),
            fact("RECEIPT", w.id("r3"), "2026-03-15", "66.68", "0"),
        ])
    );
    assert_eq!(
        of(&r, b),
        sorted(vec![
            fact("RECEIPT", w.id("r4"), "2026-03-05", "500.00", "0"),
            fact("RECEIPT", w.id("r3"), "2026-03-15", "33.33", "0"),
        ])
    );
    assert_eq!(value(Kpi::CollectionAmount, &r, a).2, Some(dec("666.68")));

    // NEW_CUSTOMERS: cS (first contract k3 on 03-09, A's, not split); cA1's
    // first contract was in December; B: cB2 (k6 on 03-31); cB1's first was
    // in February.
    let r = rows(pool, Kpi::NewCustomers, march(), &people).await;
    assert_eq!(
        of(&r, a),
        vec![fact("CUSTOMER", w.id("cS"), "2026-03-09", "1", "0")]
    );
    assert_eq!(
        of(&r, b),
        vec![fact("CUSTOMER", w.id("cB2"), "2026-03-31", "1", "0")]
    );

    // KEY_ACCOUNT_REVENUE_GROWTH (cS and cB1 are key accounts): A: March
    // k3 100.01 + k4 66.68 = 166.69, February nothing → den 0: undefined.
    // B: March k4 33.33, February k5 2000.00 → (33.33 − 2000) ÷ 2000 =
    // −0.983335 → −0.9833.
    let r = rows(pool, Kpi::KeyAccountRevenueGrowth, march(), &people).await;
    assert_eq!(
        of(&r, a),
        sorted(vec![
            fact("CONTRACT", w.id("k3"), "2026-03-09", "100.01", "0"),
            fact("CONTRACT", w.id("k4"), "2026-03-10", "66.68", "0"),
        ])
    );
    assert_eq!(
        value(Kpi::KeyAccountRevenueGrowth, &r, a),
        (dec("166.69"), dec("0"), None)
    );
    assert_eq!(
        of(&r, b),
        sorted(vec![
            fact("CONTRACT", w.id("k5"), "2026-02-15", "0", "2000.00"),
            fact("CONTRACT", w.id("k4"), "2026-03-10", "33.33", "0"),
        ])
    );
    assert_eq!(
        value(Kpi::KeyAccountRevenueGrowth, &r, b).2,
        Some(dec("-0.9833"))
    );

    // TARGET_COMPLETION: A's March SIGNED_REVENUE target 2000.00 → 1166.69
    // ÷ 2000 = 0.583345 → 0.5833. B has only a Q1 target: no TARGET row,
    // den 0, undefined.
    let ta = target(pool, a, "MONTH", 3, "2000.00").await;
    target(pool, b, "QUARTER", 1, "100.00").await;
    target(pool, a, "MONTH", 4, "9999.00").await;
    let r = rows(pool, Kpi::TargetCompletion, march(), &people).await;
    assert_eq!(
        of(&r, a),
        sorted(vec![
            fact("CONTRACT", w.id("k1"), "2026-03-05", "1000.00", "0"),
            fact("CONTRACT", w.id("k3"), "2026-03-09", "100.01", "0"),
            fact("CONTRACT", w.id("k4"), "2026-03-10", "66.68", "0"),
            fact("TARGET", ta, "2026-03-01", "0", "2000.00"),
        ])
    );
    assert_eq!(value(Kpi::TargetCompletion, &r, a).2, Some(dec("0.5833")));
    assert_eq!(
        value(Kpi::TargetCompletion, &r, b),
        (dec("43.33"), dec("0"), None)
    );
}

/// The per-person sums and facts of the money KPIs equal TGT-2
/// `attainment` for the USER scope, month and quarter.
#[tokio::test]
async fn kpi1_money_kpis_equal_tgt2_attainment_per_user() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let pool = &app.db.pool;
    // A second dispute on cS decided the same day later (B 50 / A 50 from
    // 2026-03-20) and a third on cA1 (A 40 / B 60 from 2026-03-01): more
    // rounding and "latest decision" cases.
    shares(
        &app,
        w.id("cS"),
        w.a,
        &[(w.a, "50.00"), (w.b, "50.00")],
        "2026-03-20T01:00:00Z",
    )
    .await;
    shares(
        &app,
        w.id("cA1"),
        w.a,
        &[(w.a, "40.00"), (w.b, "60.00")],
        "2026-03-01T00:00:00Z",
    )
    .await;
    let k7 = contract(&app, w.id("cS"), A, "0.05", "SIGNED", "2026-03-21", None).await;
    let i = installment(&app, k7, 1, "0.05", "2026-03-21").await;
    let r = receipt(&app, w.id("cS"), "0.05", "2026-03-22", false).await;
    entry(
        &app,
        w.id("cS"),
        Some(i),
        r,
        "RECEIPT",
        "-0.03",
        "2026-03-22",
        None,
    )
    .await;
    entry(
        &app,
        w.id("cS"),
        Some(i),
        r,
        "RECEIPT",
        "-0.02",
        "2026-03-23",
        None,
    )
    .await;
    let system = Actor::system("test");
    let periods = [
        march(),
        Period::new(PeriodKind::Month, 2026, 2).unwrap(),
        Period::new(PeriodKind::Quarter, 2026, 1).unwrap(),
    ];
    let mut checked = 0;
    for (kpi, metric) in [
        (Kpi::SignedRevenue, Metric::SignedRevenue),
        (Kpi::GrossProfit, Metric::GrossProfit),
        (Kpi::CollectionAmount, Metric::Collections),
        (Kpi::NewCustomers, Metric::NewCustomers),
    ] {
        for period in periods {
            let r = rows(pool, kpi, period, &[w.a, w.b]).await;
            for user in [w.a, w.b] {
                let t = attainment(pool, &system, TargetScope::User(user), period, metric)
                    .await
                    .expect("attainment");
                let mine: BTreeMap<(Uuid, NaiveDate), Decimal> = r
                    .iter()
                    .filter(|x| x.user_id == user)
                    .map(|x| ((x.fact_id, x.fact_date), x.num))
                    .collect();
                let theirs: BTreeMap<(Uuid, NaiveDate), Decimal> = t
                    .facts
                    .iter()
                    .map(|f| ((f.id, f.date), f.amount.normalize()))
                    .collect();
                assert_eq!(mine, theirs, "{kpi} {period:?} {user}");
                assert_eq!(value(kpi, &r, user).0, t.actual, "{kpi} {period:?}");
                assert!(r.iter().all(|x| x.den.is_zero()));
                checked += mine.len();
            }
        }
    }
    assert!(checked >= 20, "{checked} facts compared");
}

// ---- collection rate, customers ------------------------------------------

#[tokio::test]
async fn kpi1_collection_rate_is_rec4_per_owner() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let pool = &app.db.pool;
    // A: i1 1000.00 due 03-25, received by 03-31: r1 600.00 (r2 reversed);
    // i2 100.01 due 03-31 received in full (REC-4 is per owner: no split).
    // 700.01 ÷ 1100.01 = 0.63636 → 0.6364. B: i3 is due in April: nothing
    // due in March, undefined.
    let r = rows(pool, Kpi::CollectionRate, march(), &[w.a, w.b]).await;
    assert_eq!(
        of(&r, w.a),
        sorted(vec![
            fact("INSTALLMENT", w.id("i1"), "2026-03-25", "600.00", "1000.00"),
            fact("INSTALLMENT", w.id("i2"), "2026-03-31", "100.01", "100.01"),
        ])
    );
    assert_eq!(value(Kpi::CollectionRate, &r, w.a).2, Some(dec("0.6364")));
    assert_eq!(
        value(Kpi::CollectionRate, &r, w.b),
        (dec("0"), dec("0"), None)
    );
    let april = Period::new(PeriodKind::Month, 2026, 4).unwrap();
    let r = rows(pool, Kpi::CollectionRate, april, &[w.b]).await;
    assert_eq!(
        of(&r, w.b),
        vec![fact(
            "INSTALLMENT",
            w.id("i3"),
            "2026-04-10",
            "500.00",
            "2000.00"
        )]
    );
    // The same figures as REC-4 collectionRate with the owner filter.
    let system = Actor::system("test");
    for (user, period) in [(w.a, march()), (w.b, march()), (w.b, april)] {
        let (from, to) = period.range();
        let rec4 = salesd_domain::receivables::reports::collection_rate(
            pool,
            &system,
            from,
            to,
            None,
            Some(user),
        )
        .await
        .expect("collection rate");
        let r = rows(pool, Kpi::CollectionRate, period, &[user]).await;
        let (n, d, v) = value(Kpi::CollectionRate, &r, user);
        assert_eq!((n, d, v), (rec4.received, rec4.due, rec4.rate));
    }
}

#[tokio::test]
async fn kpi1_retention_churn_satisfaction_and_complaints_of_owned_customers() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let pool = &app.db.pool;
    let people = [w.a, w.b];
    let c = |n: &str| w.id(n);

    // Active in February (the previous month): cA1 (interaction 02-10),
    // cA2 (02-20), cA3 (receipt 02-27), cA4 (2026-01-31 17:00Z = 02-01 in
    // Shanghai), cA5 (02-10, 02-20); cB1 (k5 02-15). Active in March: cA1
    // (k1 03-05), cA4 (2026-02-28 17:00Z = 03-01), cS, cB1 (r4 03-05), cB2
    // — not cA2, cA5, nor cA3 (its March receipt was reversed). Retention
    // A: 2 of 5 = 0.4; B: 1 of 1.
    let r = rows(pool, Kpi::RetentionRate, march(), &people).await;
    assert_eq!(
        of(&r, w.a),
        sorted(vec![
            fact("CUSTOMER", c("cA1"), "2026-03-05", "1", "1"),
            fact("CUSTOMER", c("cA2"), "2026-02-20", "0", "1"),
            fact("CUSTOMER", c("cA3"), "2026-02-27", "0", "1"),
            fact("CUSTOMER", c("cA4"), "2026-03-01", "1", "1"),
            fact("CUSTOMER", c("cA5"), "2026-02-20", "0", "1"),
        ])
    );
    assert_eq!(value(Kpi::RetentionRate, &r, w.a).2, Some(dec("0.4")));
    assert_eq!(
        of(&r, w.b),
        vec![fact("CUSTOMER", c("cB1"), "2026-03-05", "1", "1")]
    );
    // CHURN_RATE: the same rows, num = not active now: A 3 of 5, B 0 of 1.
    let ch = rows(pool, Kpi::ChurnRate, march(), &people).await;
    assert_eq!(value(Kpi::ChurnRate, &ch, w.a).2, Some(dec("0.6")));
    assert_eq!(value(Kpi::ChurnRate, &ch, w.b).2, Some(dec("0")));
    let ids = |v: &[Row]| v.iter().map(|x| (x.user_id, x.fact_id)).collect::<Vec<_>>();
    assert_eq!(ids(&ch), ids(&r));
    // January: only cA1 was active in December (k0 on 2025-12-01) and it
    // is in January (visit 01-20): churn 0 of 1 for A; B: no customer
    // active in December, den 0 → undefined.
    let jan = Period::new(PeriodKind::Month, 2026, 1).unwrap();
    let ch = rows(pool, Kpi::ChurnRate, jan, &people).await;
    assert_eq!(
        of(&ch, w.a),
        vec![fact("CUSTOMER", c("cA1"), "2026-01-20", "0", "1")]
    );
    assert_eq!(value(Kpi::ChurnRate, &ch, w.a).2, Some(dec("0")));
    assert_eq!(value(Kpi::ChurnRate, &ch, w.b), (dec("0"), dec("0"), None));

    // AVERAGE_SATISFACTION: A's March surveys 4 (cA1 03-03) and 2 (cA2
    // 03-31) → 3; the February one does not count; B has none: undefined.
    let s1 = survey(pool, c("cA1"), 4, "2026-03-03").await;
    let s2 = survey(pool, c("cA2"), 2, "2026-03-31").await;
    survey(pool, c("cA1"), 5, "2026-02-28").await;
    let r = rows(pool, Kpi::AverageSatisfaction, march(), &people).await;
    assert_eq!(
        of(&r, w.a),
        sorted(vec![
            fact("SURVEY", s1, "2026-03-03", "4", "1"),
            fact("SURVEY", s2, "2026-03-31", "2", "1"),
        ])
    );
    assert_eq!(value(Kpi::AverageSatisfaction, &r, w.a).2, Some(dec("3")));
    assert_eq!(
        value(Kpi::AverageSatisfaction, &r, w.b),
        (dec("0"), dec("0"), None)
    );

    // COMPLAINT_RATE: A's complaints received in March (company days):
    // cA2 03-15 and cA1 2026-02-28 16:30Z (= 03-01 00:30 Shanghai); the one
    // at 2026-03-31 16:00Z is 04-01 in Shanghai. A's customers active in
    // March: cA1 (first 03-05), cA4 (03-01), cS (03-09) → 2 ÷ 3 = 0.6667.
    // B: no complaint, cB1 (03-05) and cB2 (03-31) active → 0.
    let p1 = complaint(pool, c("cA2"), "2026-03-15T02:00:00Z").await;
    let p2 = complaint(pool, c("cA1"), "2026-02-28T16:30:00Z").await;
    complaint(pool, c("cA1"), "2026-03-31T16:00:00Z").await;
    let r = rows(pool, Kpi::ComplaintRate, march(), &people).await;
    assert_eq!(
        of(&r, w.a),
        sorted(vec![
            fact("COMPLAINT", p1, "2026-03-15", "1", "0"),
            fact("COMPLAINT", p2, "2026-03-01", "1", "0"),
            fact("CUSTOMER", c("cA1"), "2026-03-05", "0", "1"),
            fact("CUSTOMER", c("cA4"), "2026-03-01", "0", "1"),
            fact("CUSTOMER", c("cS"), "2026-03-09", "0", "1"),
        ])
    );
    assert_eq!(value(Kpi::ComplaintRate, &r, w.a).2, Some(dec("0.6667")));
    assert_eq!(
        of(&r, w.b),
        sorted(vec![
            fact("CUSTOMER", c("cB1"), "2026-03-05", "0", "1"),
            fact("CUSTOMER", c("cB2"), "2026-03-31", "0", "1"),
        ])
    );
    assert_eq!(value(Kpi::ComplaintRate, &r, w.b).2, Some(dec("0")));
}

#[tokio::test]
async fn kpi1_revisit_compliance_follows_the_cus6_chain() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let pool = &app.db.pool;
    let people = [w.a, w.b];
    // cA1 (tier A, 30 days, created 01-01): anchors 01-01, 01-20 (VISIT),
    // 02-10 (PHONE), 03-10 (VISIT): due 01-31 met by 01-20, 02-19 met by
    // 02-10, 03-12 met by the 03-10 visit; 03-10 + 30 = 04-09 (April).
    // cA5 (STRATEGIC, 30 days, created 01-15): the 02-10 PHONE does not
    // count; 02-14 missed (MEETING 02-20 is late), 02-20 + 30 = 03-22 with
    // no later meeting: missed. cS (GENERAL/C but a key account: CUS-6
    // face to face every 30 days, created 2025-12-02): due 2026-01-01, no
    // interaction: missed, the chain ends in January. cB1 likewise ends in
    // 2025. A: 1 of 2; B: nothing due (den 0, undefined).
    let r = rows(pool, Kpi::RevisitCompliance, march(), &people).await;
    assert_eq!(
        value(Kpi::RevisitCompliance, &r, w.b),
        (dec("0"), dec("0"), None)
    );
    // A visit on the due date itself meets it: B's cB3 (tier A, created
    // 01-31) is due 03-02 and visited 03-02 (10:00 Shanghai) → 1 of 1.
    let cb3 = customer(&app, B, "KPI 乙三", at("2026-01-31T02:00:00Z")).await;
    classify(pool, cb3, "IMPORTANT", "A", false).await;
    interaction(pool, cb3, "VISIT", "2026-03-02T02:00:00Z").await;
    let r = rows(pool, Kpi::RevisitCompliance, march(), &people).await;
    assert_eq!(
        of(&r, w.b),
        vec![fact("REVISIT_DUE", cb3, "2026-03-02", "1", "1")]
    );
    assert_eq!(
        of(&r, w.a),
        sorted(vec![
            fact("REVISIT_DUE", w.id("cA1"), "2026-03-12", "1", "1"),
            fact("REVISIT_DUE", w.id("cA5"), "2026-03-22", "0", "1"),
        ])
    );
    assert_eq!(value(Kpi::RevisitCompliance, &r, w.a).2, Some(dec("0.5")));
    // Evaluated on 03-20 (a run during the month): 03-22 has not passed.
    let r = rows_as_of(
        pool,
        Kpi::RevisitCompliance,
        march(),
        &people,
        Some(day("2026-03-20")),
    )
    .await;
    assert_eq!(value(Kpi::RevisitCompliance, &r, w.a).2, Some(dec("1")));
    // January: the key account cS was due 01-01 (30 days, not 90).
    let jan = Period::new(PeriodKind::Month, 2026, 1).unwrap();
    let r = rows(pool, Kpi::RevisitCompliance, jan, &people).await;
    assert!(
        of(&r, w.a).contains(&fact("REVISIT_DUE", w.id("cS"), "2026-01-01", "0", "1")),
        "{:?}",
        of(&r, w.a)
    );
    // February: cA1 01-20 + 30 = 02-19, met by 02-10; cA5 02-14 missed.
    let feb = Period::new(PeriodKind::Month, 2026, 2).unwrap();
    let r = rows(pool, Kpi::RevisitCompliance, feb, &people).await;
    assert_eq!(
        of(&r, w.a),
        sorted(vec![
            fact("REVISIT_DUE", w.id("cA5"), "2026-02-14", "0", "1"),
            fact("REVISIT_DUE", w.id("cA1"), "2026-02-19", "1", "1"),
        ])
    );
}

/// A small deterministic generator (no extra dependency).
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// The set-based revisit chain equals `revisit::compliance` walked per
/// customer, over generated customers and interactions, for every month
/// of a year and several evaluation days.
#[tokio::test]
async fn kpi1_revisit_compliance_equals_cus6_compliance_on_generated_chains() {
    let app = TestApp::spawn().await;
    let pool = &app.db.pool;
    let owners = [A, B, "rep03@example.com"];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let grades = ["STRATEGIC", "IMPORTANT", "GENERAL"];
    let tiers = ["A", "B", "C"];
    let kinds = [
        "VISIT", "PHONE", "EMAIL", "MEETING", "DEMO", "SEMINAR", "OTHER",
    ];
    let base = at("2025-01-01T00:00:00Z");
    for n in 0..40 {
        let owner = owners[rng.next(3) as usize];
        let created = base + chrono::Duration::hours(rng.next(24 * 500) as i64);
        let c = customer(&app, owner, &format!("链 {n}"), created).await;
        let (g, t) = (grades[rng.next(3) as usize], tiers[rng.next(3) as usize]);
        // CUS-6: one in four is a key account (face to face, at most 30 days).
        classify(pool, c, g, t, rng.next(4) == 0).await;
        for _ in 0..rng.next(14) {
            let when = created + chrono::Duration::hours(rng.next(24 * 420) as i64);
            let kind = kinds[rng.next(7) as usize];
            interaction(pool, c, kind, &when.to_rfc3339()).await;
        }
    }
    let mut people = Vec::new();
    for o in owners {
        people.push(app.user_id(o).await.parse::<Uuid>().unwrap());
    }
    // What CUS-6 says, per owner, walking each chain in Rust.
    let policy = revisit_store::policy(pool).await.expect("policy");
    let customers: Vec<(Uuid, Uuid, String, String, bool, DateTime<Utc>)> = sqlx::query_as(
        "SELECT id, owner_id, grade, tier, key_account, created_at FROM customers WHERE owner_id = ANY($1)",
    )
    .bind(&people)
    .fetch_all(pool)
    .await
    .expect("customers");
    let visits: Vec<(Uuid, String, DateTime<Utc>)> =
        sqlx::query_as("SELECT customer_id, kind, occurred_at FROM interactions")
            .fetch_all(pool)
            .await
            .expect("interactions");
    let mut compared = 0;
    for (year, no) in [
        (2025, 3),
        (2025, 6),
        (2025, 9),
        (2025, 12),
        (2026, 1),
        (2026, 2),
        (2026, 5),
    ] {
        let period = Period::new(PeriodKind::Month, year, no).unwrap();
        let (from, to) = period.range();
        for today in [to.succ_opt().unwrap(), from + chrono::Days::new(10)] {
            let r = rows_as_of(pool, Kpi::RevisitCompliance, period, &people, Some(today)).await;
            for user in &people {
                let mut want = revisit::Compliance::default();
                for (id, owner, grade, tier, key_account, created) in &customers {
                    if owner != user {
                        continue;
                    }
                    let class = revisit::RevisitClass::parse(grade, tier, *key_account);
                    let days: Vec<NaiveDate> = visits
                        .iter()
                        .filter(|v| v.0 == *id)
                        .filter(|v| class.qualifies(v.1.parse().unwrap()))
                        .map(|v| revisit::company_date(v.2))
                        .filter(|d| *d <= to)
                        .collect();
                    let n = class.interval(&policy);
                    let c = revisit::compliance(
                        revisit::company_date(*created),
                        &days,
                        n,
                        from,
                        to,
                        today,
                    );
                    want.due += c.due;
                    want.done += c.done;
                }
                let (num, den, _) = value(Kpi::RevisitCompliance, &r, *user);
                assert_eq!(
                    (num, den),
                    (Decimal::from(want.done), Decimal::from(want.due)),
                    "{period:?} on {today} for {user}"
                );
                compared += want.due;
            }
        }
    }
    assert!(compared > 20, "only {compared} due dates compared");
}

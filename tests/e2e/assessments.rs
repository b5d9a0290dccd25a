//! KPI-2..KPI-5, AUTO-4: schemes, runs, results with their facts, bonus,
//! underperformance flags, finalisation and its emails, the ORG-3 scope of
//! results and the bad inputs that must change nothing (docs/assessments.md).
//!
//! The key test builds a small team by hand (a new team under 华东 with a
//! new supervisor and three reps), inserts one month's facts with SQL on
//! fixed dates of October 2026, sets the reps' TGT-1 targets through the
//! API, runs the month and checks every number against values worked out
//! by hand in the comments. Demo org: 销售部 → 华东区域销售部 (上海一组
//! rep01, 杭州二组 rep02) and 华南区域销售部 (广州一组 rep03, 深圳二组 rep04).

use std::time::Duration as StdDuration;

use chrono::Utc;
use rust_decimal::Decimal;
use salesd_domain::Ctx;
use salesd_domain::kpi::runs;
use salesd_domain::org::Actor;
use salesd_domain::targets::{Period, PeriodKind};
use salesd_worker::MailConfig;
use salesd_worker::jobs::notify::drain;
use salesd_worker::smtp_sink::SmtpSink;
use serde_json::{Value, json};
use sqlx::PgPool;
use uuid::Uuid;

use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::opportunities::customer;
use crate::e2e::targets::shares;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A decimal field (a string) or None for null.
fn dv(v: &Value) -> Option<Decimal> {
    v.as_str().map(|s| s.parse().unwrap())
}

fn field(r: &Value) -> Option<&str> {
    r["errors"][0]["extensions"]["field"].as_str()
}

async fn user(app: &TestApp, email: &str) -> Uuid {
    app.user_id(email).await.parse().unwrap()
}

// ---- facts, inserted with SQL ------------------------------------------

async fn contract(app: &TestApp, customer: Uuid, owner: &str, amount: &str, signed: &str) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO contracts (id, number, number_year, number_seq, customer_id, title,
            owner_id, owner_unit_id, customer_party, our_party, amount, status, signed_date,
            created_by, created_at, updated_at)
         SELECT $1, 'HT-2026-' || s.seq, 2026, s.seq, $2, '考核合同', u.id, u.unit_id, 'customer', 'us',
            $3::numeric, 'SIGNED', $4::date, u.id, now(), now()
         FROM users u, (SELECT COALESCE(max(number_seq), 9000) + 1 AS seq FROM contracts WHERE number_year = 2026) s
         WHERE u.email = $5",
    )
    .bind(id)
    .bind(customer)
    .bind(amount)
    .bind(signed)
    .bind(owner)
    .execute(&app.db.pool)
    .await
    .expect("insert contract");
    id
}

async fn installment(app: &TestApp, contract: Uuid, amount: &str, due: &str) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO contract_installments (id, contract_id, position, label, amount, trigger, due_date)
         VALUES ($1, $2, 1, '全款', $3::numeric, 'FIXED_DATE', $4::date)",
    )
    .bind(id)
    .bind(contract)
    .bind(amount)
    .bind(due)
    .execute(&app.db.pool)
    .await
    .expect("insert installment");
    id
}

/// A receipt of `amount` on `on`, applied to `item` the same day.
async fn paid(app: &TestApp, customer: Uuid, item: Uuid, amount: &str, on: &str) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO receipts (id, customer_id, amount, received_on, method, created_by, created_at)
         SELECT $1, $2, $3::numeric, $4::date, 'BANK_TRANSFER', u.id, now() FROM users u
          WHERE u.email = 'finance@example.com'",
    )
    .bind(id)
    .bind(customer)
    .bind(amount)
    .bind(on)
    .execute(&app.db.pool)
    .await
    .expect("insert receipt");
    sqlx::query(
        "INSERT INTO ledger_entries (id, customer_id, contract_id, installment_id, receipt_id, kind, amount,
            entry_date, created_at)
         VALUES ($1, $2, (SELECT contract_id FROM contract_installments WHERE id = $3), $3, $4, 'RECEIPT',
            -($5::numeric), $6::date, now())",
    )
    .bind(Uuid::now_v7())
    .bind(customer)
    .bind(item)
    .bind(id)
    .bind(amount)
    .bind(on)
    .execute(&app.db.pool)
    .await
    .expect("insert ledger entry");
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

/// A new active user in `unit`.
async fn person(pool: &PgPool, email: &str, name: &str, unit: Uuid, role: &str) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO users (id, email, display_name, unit_id, primary_role) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(email)
    .bind(name)
    .bind(unit)
    .bind(role)
    .execute(pool)
    .await
    .expect("insert user");
    id
}

// ---- the API -------------------------------------------------------------

const SCHEME_FIELDS: &str =
    "id role name commissionRate version kpis { kpi position weight target targetMetric basis }";

async fn try_scheme(app: &TestApp, token: &str, input: Value, version: Option<i32>) -> Value {
    let q = format!(
        "mutation($i: SetAssessmentSchemeInput!, $v: Int) {{
           setAssessmentScheme(input: $i, version: $v) {{ {SCHEME_FIELDS} }} }}"
    );
    app.gql(Some(token), &q, json!({"i": input, "v": version}))
        .await
}

async fn set_scheme(app: &TestApp, token: &str, input: Value) -> Value {
    let r = try_scheme(app, token, input, None).await;
    assert_ok(&r);
    r["data"]["setAssessmentScheme"].clone()
}

async fn set_target(
    app: &TestApp,
    token: &str,
    metric: &str,
    period: (&str, i32, i32),
    who: Uuid,
    amount: &str,
) {
    let r = app
        .gql(
            Some(token),
            "mutation($i: SetTargetInput!) { setTarget(input: $i) { id } }",
            json!({"i": {"metric": metric, "periodKind": period.0, "year": period.1, "periodNo": period.2,
                         "scopeKind": "USER", "scopeId": who, "amount": amount}}),
        )
        .await;
    assert_ok(&r);
}

async fn run(app: &TestApp, token: &str, kind: &str, year: i32, no: i32) -> Value {
    app.gql(
        Some(token),
        "mutation($k: TargetPeriodKind!, $y: Int!, $n: Int!) {
           runAssessment(periodKind: $k, year: $y, periodNo: $n) { runNo people results facts flags } }",
        json!({"k": kind, "y": year, "n": no}),
    )
    .await
}

async fn finalize(app: &TestApp, token: &str, kind: &str, year: i32, no: i32) -> Value {
    app.gql(
        Some(token),
        "mutation($k: TargetPeriodKind!, $y: Int!, $n: Int!) {
           finalizeAssessment(periodKind: $k, year: $y, periodNo: $n) { id status runs finalizedAt } }",
        json!({"k": kind, "y": year, "n": no}),
    )
    .await
}

const RESULT_FIELDS: &str =
    "id userId unitId total grade rankInUnit unitSize complete completion met
    collected commissionRate bonusMultiplier bonus runNo assessable renormalised
    kpis { kpi weight basis excluded effectiveWeight numerator denominator actual target score
           weightedScore factCount
           facts { kind id date num den } }";

/// A person's result of a month as `token` sees it (the raw answer).
async fn result_of(app: &TestApp, token: &str, who: Uuid, no: i32) -> Value {
    let q = format!(
        "query($u: ID!, $n: Int!) {{ assessmentResult(userId: $u, periodKind: MONTH, year: 2026, periodNo: $n) {{
           {RESULT_FIELDS} }} }}"
    );
    app.gql(Some(token), &q, json!({"u": who, "n": no})).await
}

/// (actual, target, score, weighted) of every KPI, in scheme order.
type Kpis = Vec<(
    String,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
)>;

fn kpis(r: &Value) -> Kpis {
    r["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["kpi"].as_str().unwrap().to_owned(),
                dv(&k["actual"]),
                dv(&k["target"]),
                dv(&k["score"]),
                dv(&k["weightedScore"]),
            )
        })
        .collect()
}

#[allow(clippy::type_complexity)]
fn k(
    kpi: &str,
    actual: Option<&str>,
    target: &str,
    score: &str,
    weighted: &str,
) -> (
    String,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
) {
    (
        kpi.to_owned(),
        actual.map(dec),
        Some(dec(target)),
        Some(dec(score)),
        Some(dec(weighted)),
    )
}

/// The facts of one KPI of a result: (kind, id, num) sorted by id.
fn facts_of(r: &Value, kpi: &str) -> Vec<(String, Uuid, Decimal)> {
    let k = r["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kpi"] == kpi)
        .unwrap_or_else(|| panic!("no {kpi} in {r}"));
    let mut v: Vec<(String, Uuid, Decimal)> = k["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_owned(),
                f["id"].as_str().unwrap().parse().unwrap(),
                dv(&f["num"]).unwrap(),
            )
        })
        .collect();
    v.sort_by_key(|f| f.1);
    v
}

fn sorted(mut v: Vec<(String, Uuid, Decimal)>) -> Vec<(String, Uuid, Decimal)> {
    v.sort_by_key(|f| f.1);
    v
}

fn fact(kind: &str, id: Uuid, num: &str) -> (String, Uuid, Decimal) {
    (kind.to_owned(), id, dec(num))
}

/// The scheme of the key test: six KPIs, 2 % commission.
fn rep_scheme() -> Value {
    json!({"role": "SALES_REP", "name": "销售代表月度考核", "commissionRate": "0.02", "kpis": [
        {"kpi": "SIGNED_REVENUE", "weight": "30"},
        {"kpi": "COLLECTION_AMOUNT", "weight": "25"},
        {"kpi": "COLLECTION_RATE", "weight": "15", "target": "0.9"},
        {"kpi": "NEW_CUSTOMERS", "weight": "10"},
        {"kpi": "COMPLAINT_RATE", "weight": "10", "target": "0.25"},
        {"kpi": "AVERAGE_SATISFACTION", "weight": "10", "target": "4.5"},
    ]})
}

/// KPI-2..KPI-5 / KPI-3 "done when": one month of a hand-built team,
/// every KPI, score, grade, rank and bonus worked out by hand.
#[tokio::test]
async fn kpi3_one_month_of_a_hand_built_team_to_the_cent() {
    let app = TestApp::spawn().await;
    let pool = &app.db.pool;
    let director = app.login("director@example.com").await;
    // The team: 考核七组 under 华东, head 赵主管, reps 甲, 乙, 丙.
    let team = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO org_units (id, parent_id, name, kind) VALUES ($1, $2, '考核七组', 'TEAM')",
    )
    .bind(team)
    .bind(app.demo.unit("华东区域销售部"))
    .execute(pool)
    .await
    .unwrap();
    let head = person(pool, "t7.head@example.com", "赵主管", team, "SUPERVISOR").await;
    sqlx::query("UPDATE org_units SET head_user_id = $2 WHERE id = $1")
        .bind(team)
        .bind(head)
        .execute(pool)
        .await
        .unwrap();
    let (ea, eb, ec) = ("t7.a@example.com", "t7.b@example.com", "t7.c@example.com");
    let a = person(pool, ea, "甲", team, "SALES_REP").await;
    let b = person(pool, eb, "乙", team, "SALES_REP").await;
    let c = person(pool, ec, "丙", team, "SALES_REP").await;
    let old = "2025-01-01T00:00:00Z".parse().unwrap();

    // 甲: A1 is new (first contract 10 Oct, 120 000, installment 120 000
    // due 20 Oct, 60 000 received 15 Oct); A2 is an old customer (a
    // contract of 2025) with a new contract of 30 000 on 20 Oct whose
    // installment is due 15 Nov (12 000 received 25 Oct: collected in
    // October, not in October's collection rate).
    let a1 = customer(&app, ea, "考核客户A1", old).await;
    let a2 = customer(&app, ea, "考核客户A2", old).await;
    let ca1 = contract(&app, a1, ea, "120000.00", "2026-10-10").await;
    let ia1 = installment(&app, ca1, "120000.00", "2026-10-20").await;
    let ra1 = paid(&app, a1, ia1, "60000.00", "2026-10-15").await;
    contract(&app, a2, ea, "10000.00", "2025-05-01").await;
    let ca2 = contract(&app, a2, ea, "30000.00", "2026-10-20").await;
    let ia2 = installment(&app, ca2, "30000.00", "2026-11-15").await;
    let ra2 = paid(&app, a2, ia2, "12000.00", "2026-10-25").await;
    let pa1 = complaint(pool, a1, "2026-10-12T03:00:00Z").await;
    let sa1 = survey(pool, a1, 4, "2026-10-18").await;
    let sa2 = survey(pool, a2, 5, "2026-10-28").await;

    // 乙: B1 is new (90 000 on 5 Oct, due 25 Oct, 81 000 received 24 Oct),
    // no complaint, one survey scoring 3.
    let b1 = customer(&app, eb, "考核客户B1", old).await;
    let cb1 = contract(&app, b1, eb, "90000.00", "2026-10-05").await;
    let ib1 = installment(&app, cb1, "90000.00", "2026-10-25").await;
    let rb1 = paid(&app, b1, ib1, "81000.00", "2026-10-24").await;
    survey(pool, b1, 3, "2026-10-08").await;

    // 丙: C1 is new (40 000 on 15 Oct, due 30 Oct, nothing received, two
    // complaints); C2 is an old customer, split 50/50 with 甲 by a dispute
    // decided 1 Sep (CUS-3), paying 20 000 on 3 Oct for an installment of
    // its 2025 contract due 30 Sep. No survey.
    let c1 = customer(&app, ec, "考核客户C1", old).await;
    let c2 = customer(&app, ec, "考核客户C2", old).await;
    let cc1 = contract(&app, c1, ec, "40000.00", "2026-10-15").await;
    installment(&app, cc1, "40000.00", "2026-10-30").await;
    complaint(pool, c1, "2026-10-16T03:00:00Z").await;
    complaint(pool, c1, "2026-10-20T03:00:00Z").await;
    let cc2 = contract(&app, c2, ec, "20000.00", "2025-06-01").await;
    let ic2 = installment(&app, cc2, "20000.00", "2026-09-30").await;
    shares(&app, c2, c, &[(c, "50"), (a, "50")], "2026-09-01T02:00:00Z").await;
    let rc2 = paid(&app, c2, ic2, "20000.00", "2026-10-03").await;

    // Targets of October (TGT-1), through the API.
    let oct = ("MONTH", 2026, 10);
    for (who, sr, coll, new) in [
        (a, "100000", "50000", "2"),
        (b, "100000", "50000", "1"),
        (c, "80000", "40000", "2"),
    ] {
        set_target(&app, &director, "SIGNED_REVENUE", oct, who, sr).await;
        set_target(&app, &director, "COLLECTIONS", oct, who, coll).await;
        set_target(&app, &director, "NEW_CUSTOMERS", oct, who, new).await;
    }
    set_scheme(&app, &director, rep_scheme()).await;

    let r = run(&app, &director, "MONTH", 2026, 10).await;
    assert_ok(&r);
    assert_eq!(r["data"]["runAssessment"]["runNo"], 1);

    // 甲 (scores: 100 × min(actual ÷ target, 1.2), 2 places; weighted =
    // score × weight ÷ 100, 2 places):
    // - signed 120 000 + 30 000 = 150 000 ÷ 100 000 → 120 (capped) × 30 % = 36.00
    // - collected 60 000 + 12 000 + half of C2's 20 000 = 82 000 ÷ 50 000
    //   → 120 × 25 % = 30.00
    // - collection rate: A1's installment due 20 Oct, 60 000 of 120 000
    //   = 0.5 ÷ 0.9 → 55.56 × 15 % = 8.334 → 8.33
    // - new customers: A1 only (A2 signed in 2025) = 1 ÷ 2 → 50 × 10 % = 5.00
    // - complaint rate: 1 complaint ÷ 2 active customers = 0.5; lower is
    //   better: 0.25 ÷ 0.5 → 50 × 10 % = 5.00
    // - satisfaction (4 + 5) ÷ 2 = 4.5 ÷ 4.5 → 100 × 10 % = 10.00
    // total 94.33 → B. Completion 1.5 ≥ 1.2 → multiplier 1.3, met;
    // bonus 0.02 × 82 000 × 1.3 = 2 132.00.
    let ra = result_of(&app, &director, a, 10).await;
    assert_ok(&ra);
    let ra = &ra["data"]["assessmentResult"];
    assert_eq!(
        kpis(ra),
        vec![
            k("SIGNED_REVENUE", Some("150000"), "100000", "120", "36"),
            k("COLLECTION_AMOUNT", Some("82000"), "50000", "120", "30"),
            k("COLLECTION_RATE", Some("0.5"), "0.9", "55.56", "8.33"),
            k("NEW_CUSTOMERS", Some("1"), "2", "50", "5"),
            k("COMPLAINT_RATE", Some("0.5"), "0.25", "50", "5"),
            k("AVERAGE_SATISFACTION", Some("4.5"), "4.5", "100", "10"),
        ]
    );
    assert_eq!(dv(&ra["total"]), Some(dec("94.33")));
    assert_eq!(ra["grade"], "B");
    assert_eq!(
        (ra["rankInUnit"].as_i64(), ra["unitSize"].as_i64()),
        (Some(2), Some(3))
    );
    assert_eq!(ra["complete"], true);
    assert_eq!(dv(&ra["completion"]), Some(dec("1.5")));
    assert_eq!(ra["met"], true);
    assert_eq!(dv(&ra["collected"]), Some(dec("82000")));
    assert_eq!(dv(&ra["bonusMultiplier"]), Some(dec("1.3")));
    assert_eq!(dv(&ra["bonus"]), Some(dec("2132.00")));
    assert_eq!(ra["unitId"], team.to_string());
    // The facts behind the values.
    assert_eq!(
        facts_of(ra, "COLLECTION_AMOUNT"),
        sorted(vec![
            fact("RECEIPT", ra1, "60000"),
            fact("RECEIPT", ra2, "12000"),
            fact("RECEIPT", rc2, "10000"),
        ])
    );
    assert_eq!(
        facts_of(ra, "SIGNED_REVENUE"),
        sorted(vec![
            fact("CONTRACT", ca1, "120000"),
            fact("CONTRACT", ca2, "30000")
        ])
    );
    assert_eq!(
        facts_of(ra, "NEW_CUSTOMERS"),
        vec![fact("CUSTOMER", a1, "1")]
    );
    assert_eq!(
        facts_of(ra, "COLLECTION_RATE"),
        vec![fact("INSTALLMENT", ia1, "60000")]
    );
    assert!(facts_of(ra, "COMPLAINT_RATE").contains(&fact("COMPLAINT", pa1, "1")));
    assert_eq!(
        facts_of(ra, "AVERAGE_SATISFACTION"),
        sorted(vec![fact("SURVEY", sa1, "4"), fact("SURVEY", sa2, "5")])
    );

    // 乙: signed 90 000 ÷ 100 000 → 90 × 30 % = 27.00; collected 81 000 ÷
    // 50 000 → 120 × 25 % = 30.00; rate 81 000 ÷ 90 000 = 0.9 ÷ 0.9 → 100
    // × 15 % = 15.00; new 1 ÷ 1 → 100 × 10 % = 10.00; complaints 0 ÷ 1 = 0
    // → 120 × 10 % = 12.00; satisfaction 3 ÷ 4.5 → 66.67 × 10 % = 6.667 →
    // 6.67. Total 100.67 → A, rank 1. Completion 0.9: multiplier 1.0, met;
    // bonus 0.02 × 81 000 = 1 620.00.
    let rb = result_of(&app, &director, b, 10).await;
    let rb = &rb["data"]["assessmentResult"];
    assert_eq!(
        kpis(rb),
        vec![
            k("SIGNED_REVENUE", Some("90000"), "100000", "90", "27"),
            k("COLLECTION_AMOUNT", Some("81000"), "50000", "120", "30"),
            k("COLLECTION_RATE", Some("0.9"), "0.9", "100", "15"),
            k("NEW_CUSTOMERS", Some("1"), "1", "100", "10"),
            k("COMPLAINT_RATE", Some("0"), "0.25", "120", "12"),
            k("AVERAGE_SATISFACTION", Some("3"), "4.5", "66.67", "6.67"),
        ]
    );
    assert_eq!(dv(&rb["total"]), Some(dec("100.67")));
    assert_eq!(rb["grade"], "A");
    assert_eq!(rb["rankInUnit"], 1);
    assert_eq!(dv(&rb["completion"]), Some(dec("0.9")));
    assert_eq!(rb["met"], true);
    assert_eq!(dv(&rb["bonusMultiplier"]), Some(dec("1")));
    assert_eq!(dv(&rb["bonus"]), Some(dec("1620.00")));
    assert_eq!(
        facts_of(rb, "COLLECTION_AMOUNT"),
        vec![fact("RECEIPT", rb1, "81000")]
    );

    // 丙: no survey, so AVERAGE_SATISFACTION has no data: it is left out
    // and the other weights count out of 90 (KPI-2), never a silent 100.
    // Signed 40 000 ÷ 80 000 → 50 × 30/90 = 16.67; collected half of
    // 20 000 = 10 000 ÷ 40 000 → 25 × 25/90 = 6.94; rate 0 ÷ 40 000 → 0;
    // new 1 ÷ 2 → 50 × 10/90 = 5.56; complaints 2 ÷ 2 active (C1 signed,
    // C2 paid) = 1 → 0.25 ÷ 1 → 25 × 10/90 = 2.78. Total 31.95 → D, rank
    // 3 (it was 38.75 with 10 points for the missing survey). Completion
    // 0.5: not met; bonus 0.02 × 10 000 = 200.00.
    let rc = result_of(&app, &director, c, 10).await;
    let rc = &rc["data"]["assessmentResult"];
    assert_eq!(
        kpis(rc),
        vec![
            k("SIGNED_REVENUE", Some("40000"), "80000", "50", "16.67"),
            k("COLLECTION_AMOUNT", Some("10000"), "40000", "25", "6.94"),
            k("COLLECTION_RATE", Some("0"), "0.9", "0", "0"),
            k("NEW_CUSTOMERS", Some("1"), "2", "50", "5.56"),
            k("COMPLAINT_RATE", Some("1"), "0.25", "25", "2.78"),
            (
                "AVERAGE_SATISFACTION".to_owned(),
                None,
                Some(dec("4.5")),
                None,
                None
            ),
        ]
    );
    let sat = &rc["kpis"][5];
    assert_eq!(
        (&sat["excluded"], &sat["effectiveWeight"]),
        (&json!(true), &Value::Null)
    );
    assert_eq!(dv(&rc["kpis"][0]["effectiveWeight"]), Some(dec("33.3333")));
    assert_eq!(rc["kpis"][0]["basis"], "OWN");
    assert_eq!(
        (&rc["renormalised"], &rc["assessable"]),
        (&json!(true), &json!(true))
    );
    assert_eq!(dv(&rc["total"]), Some(dec("31.95")));
    assert_eq!(rc["grade"], "D");
    assert_eq!(rc["rankInUnit"], 3);
    assert_eq!(rc["met"], false);
    assert_eq!(dv(&rc["bonus"]), Some(dec("200.00")));
    let c_id = rc["id"].as_str().unwrap().to_owned();

    // KPI-3: a re-run recomputes: a survey of 5 for C1 on 29 Oct makes 丙's
    // satisfaction 5 ÷ 4.5 → 111.11 × 10 % = 11.11 and nothing is left out:
    // 15 + 6.25 + 0 + 5 + 2.5 + 11.11 = 39.86; the result keeps its id.
    survey(pool, c1, 5, "2026-10-29").await;
    let r = run(&app, &director, "MONTH", 2026, 10).await;
    assert_eq!(r["data"]["runAssessment"]["runNo"], 2);
    let rc = result_of(&app, &director, c, 10).await;
    let rc = &rc["data"]["assessmentResult"];
    assert_eq!(rc["id"], c_id.as_str());
    assert_eq!(rc["runNo"], 2);
    assert_eq!(dv(&rc["total"]), Some(dec("39.86")));
    assert_eq!(
        kpis(rc)[5],
        k("AVERAGE_SATISFACTION", Some("5"), "4.5", "111.11", "11.11")
    );
    // One result per (scheme, person, period), one audit entry per run.
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM assessment_results WHERE user_id = ANY($1) AND period_kind = 'MONTH'
            AND year = 2026 AND period_no = 10",
    )
    .bind(vec![a, b, c])
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(n, 3);
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE entity = 'ASSESSMENT_PERIOD' AND action = 'RUN'"
        )
        .await,
        2
    );
    // Someone who left is not assessed by the next run: their result and
    // the facts behind it go, and the unit's ranks close up.
    sqlx::query("UPDATE users SET active = false WHERE id = $1")
        .bind(c)
        .execute(pool)
        .await
        .unwrap();
    assert_ok(&run(&app, &director, "MONTH", 2026, 10).await);
    assert_code(&result_of(&app, &director, c, 10).await, "NOT_FOUND");
    let left: i64 =
        sqlx::query_scalar("SELECT count(*) FROM assessment_facts WHERE result_id = $1::uuid")
            .bind(&c_id)
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(left, 0);
    let ra = result_of(&app, &director, a, 10).await;
    assert_eq!(ra["data"]["assessmentResult"]["unitSize"], 2);
    sqlx::query("UPDATE users SET active = true WHERE id = $1")
        .bind(c)
        .execute(pool)
        .await
        .unwrap();
    assert_ok(&run(&app, &director, "MONTH", 2026, 10).await);
    // The whole result as the list shows it, and the bonus facts.
    let r = app
        .gql(
            Some(&director),
            "query($u: ID!) { assessmentResults(periodKind: MONTH, year: 2026, periodNo: 10, unitId: $u) {
               edges { node { rankInUnit person { displayName } kpis { kpi weightedScore }
                              facts(kpi: COLLECTION_AMOUNT) { id num } } } } }",
            json!({"u": team}),
        )
        .await;
    assert_ok(&r);
    let names: Vec<&str> = r["data"]["assessmentResults"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["person"]["displayName"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["乙", "甲", "丙"]);
    // The KPIs of a listed result (loaded for the whole page at once).
    let first = &r["data"]["assessmentResults"]["edges"][0]["node"];
    assert_eq!(first["kpis"][0]["kpi"], "SIGNED_REVENUE");
    assert_eq!(dv(&first["kpis"][0]["weightedScore"]), Some(dec("27")));
    assert_eq!(first["kpis"].as_array().unwrap().len(), 6);
    assert_eq!(
        first["facts"].as_array().unwrap()[0]["id"],
        rb1.to_string().as_str()
    );
}

/// KPI-2: the scheme rules; every bad input changes nothing.
#[tokio::test]
async fn kpi2_weights_must_sum_to_100_and_bad_schemes_change_nothing() {
    let app = TestApp::spawn().await;
    let director = app.login("director@example.com").await;
    let rep = app.login("rep01@example.com").await;
    let base = rep_scheme();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = base.clone();
        f(&mut v);
        v
    };
    let cases: Vec<(Value, &str)> = vec![
        (with(&|v| v["kpis"][0]["weight"] = json!("29.99")), "kpis"),
        (
            with(&|v| v["kpis"][0]["weight"] = json!("0")),
            "kpis.0.weight",
        ),
        (
            with(&|v| v["kpis"][1]["kpi"] = json!("SIGNED_REVENUE")),
            "kpis.1.kpi",
        ),
        (
            with(&|v| v["kpis"][2]["target"] = json!("-0.1")),
            "kpis.2.target",
        ),
        (
            with(&|v| v["kpis"][2]["target"] = Value::Null),
            "kpis.2.target",
        ),
        (
            with(&|v| v["kpis"][0]["target"] = json!("0")),
            "kpis.0.target",
        ),
        (with(&|v| v["role"] = json!("FINANCE")), "role"),
        (with(&|v| v["name"] = json!("  ")), "name"),
        (with(&|v| v["name"] = json!("名".repeat(201))), "name"),
        (
            with(&|v| v["commissionRate"] = json!("1.5")),
            "commissionRate",
        ),
        (
            with(&|v| v["commissionRate"] = json!("-0.01")),
            "commissionRate",
        ),
        (with(&|v| v["kpis"] = json!([])), "kpis"),
    ];
    for (input, f) in cases {
        let r = try_scheme(&app, &director, input.clone(), None).await;
        assert_code(&r, "VALIDATION");
        assert_eq!(field(&r), Some(f), "{input}: {r}");
    }
    let r = try_scheme(&app, &rep, base.clone(), None).await;
    assert_code(&r, "FORBIDDEN");
    assert_eq!(
        app.count("SELECT count(*) FROM assessment_schemes").await,
        0
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'ASSESSMENT_SCHEME'")
            .await,
        0
    );

    // Created, then replaced as a whole with the version read.
    let s = set_scheme(&app, &director, base.clone()).await;
    assert_eq!(s["version"], 1);
    assert_eq!(s["kpis"].as_array().unwrap().len(), 6);
    assert_eq!(s["kpis"][0]["targetMetric"], "SIGNED_REVENUE");
    // A second create, or a stale version, is a CONFLICT.
    assert_code(
        &try_scheme(&app, &director, base.clone(), None).await,
        "CONFLICT",
    );
    let two = json!({"role": "SALES_REP", "name": "简化方案", "commissionRate": "0.015", "kpis": [
        {"kpi": "COLLECTION_RATE", "weight": "60", "target": "0.85"},
        {"kpi": "CHURN_RATE", "weight": "40", "target": "0.1"},
    ]});
    assert_code(
        &try_scheme(&app, &director, two.clone(), Some(7)).await,
        "CONFLICT",
    );
    let gm = app.login("gm@example.com").await;
    let r = try_scheme(&app, &gm, two, Some(1)).await;
    assert_ok(&r);
    let s = &r["data"]["setAssessmentScheme"];
    assert_eq!(s["version"], 2);
    assert_eq!(
        s["kpis"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["kpi"].as_str().unwrap())
            .collect::<Vec<_>>(),
        vec!["COLLECTION_RATE", "CHURN_RATE"]
    );
    assert_eq!(
        app.count("SELECT count(*) FROM assessment_scheme_kpis")
            .await,
        2
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'ASSESSMENT_SCHEME'")
            .await,
        2
    );
    // Everyone signed in reads the schemes.
    let r = app
        .gql(
            Some(&rep),
            "{ assessmentSchemes { role name kpis { kpi weight } } }",
            json!({}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["assessmentSchemes"][0]["name"], "简化方案");
}

/// A scheme that needs no TGT-1 target (so every result is complete).
fn fixed_scheme() -> Value {
    json!({"role": "SALES_REP", "name": "固定目标方案", "commissionRate": "0.01", "kpis": [
        {"kpi": "COLLECTION_RATE", "weight": "50", "target": "0.9"},
        {"kpi": "COMPLAINT_RATE", "weight": "50", "target": "0.02"},
    ]})
}

/// KPI-3: who runs and finalises, month 13, incomplete results, finalising
/// twice and re-running a finalised period; nothing changes on a refusal.
#[tokio::test]
async fn kpi3_run_and_finalize_refusals_change_nothing() {
    let app = TestApp::spawn().await;
    let director = app.login("director@example.com").await;
    let rep = app.login("rep01@example.com").await;
    let manager = app.login("manager.east@example.com").await;
    set_scheme(&app, &director, rep_scheme()).await;

    let r = run(&app, &director, "MONTH", 2026, 13).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("periodNo"));
    assert_code(&run(&app, &rep, "MONTH", 2026, 9).await, "FORBIDDEN");
    assert_code(&run(&app, &manager, "MONTH", 2026, 9).await, "FORBIDDEN");
    let r = finalize(&app, &director, "MONTH", 2026, 9).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(
        app.count("SELECT count(*) FROM assessment_periods").await,
        0
    );
    assert_eq!(
        app.count("SELECT count(*) FROM assessment_results").await,
        0
    );

    // Without TGT-1 targets the TGT KPIs are unscored: finalising is
    // refused and names the people.
    let r = run(&app, &director, "MONTH", 2026, 9).await;
    assert_ok(&r);
    assert_eq!(r["data"]["runAssessment"]["people"], 4);
    let r = finalize(&app, &director, "MONTH", 2026, 9).await;
    assert_code(&r, "VALIDATION");
    let msg = r["errors"][0]["message"].as_str().unwrap().to_owned();
    let rep01: String =
        sqlx::query_scalar("SELECT display_name FROM users WHERE email = 'rep01@example.com'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(msg.contains(&rep01), "{msg}");
    let res = result_of(&app, &director, user(&app, "rep01@example.com").await, 9).await;
    assert_eq!(res["data"]["assessmentResult"]["complete"], false);
    assert_eq!(
        res["data"]["assessmentResult"]["kpis"][0]["score"],
        Value::Null
    );

    // A scheme with fixed targets: complete; finalised once.
    let v = app
        .gql(
            Some(&director),
            "{ assessmentSchemes { version } }",
            json!({}),
        )
        .await["data"]["assessmentSchemes"][0]["version"]
        .as_i64();
    let r = try_scheme(&app, &director, fixed_scheme(), v.map(|v| v as i32)).await;
    assert_ok(&r);
    assert_ok(&run(&app, &director, "MONTH", 2026, 9).await);
    assert_code(&finalize(&app, &rep, "MONTH", 2026, 9).await, "FORBIDDEN");
    let r = finalize(&app, &director, "MONTH", 2026, 9).await;
    assert_ok(&r);
    assert_eq!(r["data"]["finalizeAssessment"]["status"], "FINALIZED");
    assert_eq!(r["data"]["finalizeAssessment"]["runs"], 2);
    let before = app
        .count("SELECT count(*) FROM audit_log WHERE entity = 'ASSESSMENT_PERIOD'")
        .await;
    assert_code(
        &finalize(&app, &director, "MONTH", 2026, 9).await,
        "CONFLICT",
    );
    assert_code(&run(&app, &director, "MONTH", 2026, 9).await, "CONFLICT");
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'ASSESSMENT_PERIOD'")
            .await,
        before
    );
    assert_eq!(
        app.count("SELECT max(run_no)::bigint FROM assessment_results")
            .await,
        2
    );
    let r = app
        .gql(
            Some(&rep),
            "{ assessmentPeriod(periodKind: MONTH, year: 2026, periodNo: 9) { status runs } }",
            json!({}),
        )
        .await;
    assert_eq!(
        r["data"]["assessmentPeriod"],
        json!({"status": "FINALIZED", "runs": 2})
    );
}

/// KPI-3 / ORG-3: a rep sees their own result, a supervisor their team's,
/// the director everything; another unit's result is NOT_FOUND exactly
/// like a missing id.
#[tokio::test]
async fn kpi3_another_units_result_is_not_found() {
    let app = TestApp::spawn().await;
    let director = app.login("director@example.com").await;
    set_scheme(&app, &director, fixed_scheme()).await;
    assert_ok(&run(&app, &director, "MONTH", 2026, 9).await);
    let (r1, r2) = (
        user(&app, "rep01@example.com").await,
        user(&app, "rep02@example.com").await,
    );
    let rep01 = app.login("rep01@example.com").await;
    let own = result_of(&app, &rep01, r1, 9).await;
    assert_ok(&own);
    let other = result_of(&app, &director, r2, 9).await["data"]["assessmentResult"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let by_id = |token: String, id: String| {
        let app = &app;
        async move {
            app.gql(
                Some(&token),
                "query($i: ID!) { assessmentResult(id: $i) { id total } }",
                json!({"i": id}),
            )
            .await
        }
    };
    let hidden = by_id(rep01.clone(), other.clone()).await;
    let missing = by_id(rep01.clone(), Uuid::now_v7().to_string()).await;
    assert_code(&hidden, "NOT_FOUND");
    assert_eq!(
        hidden["errors"][0]["message"],
        missing["errors"][0]["message"]
    );
    assert_code(&result_of(&app, &rep01, r2, 9).await, "NOT_FOUND");
    // The list keeps to the scope: rep01 sees one result; 上海一组's
    // supervisor not 杭州二组's; the director all four.
    let list = |token: String| {
        let app = &app;
        async move {
            let r = app
                .gql(
                    Some(&token),
                    "{ assessmentResults(periodKind: MONTH, year: 2026, periodNo: 9) { edges { node { userId } } } }",
                    json!({}),
                )
                .await;
            assert_ok(&r);
            r["data"]["assessmentResults"]["edges"]
                .as_array()
                .unwrap()
                .len()
        }
    };
    assert_eq!(list(rep01).await, 1);
    assert_eq!(list(director.clone()).await, 4);
    let sup = app.login("supervisor.east1@example.com").await;
    assert_eq!(list(sup.clone()).await, 1);
    assert_code(&by_id(sup, other).await, "NOT_FOUND");
}

/// KPI-3: a period is finalised only once it is over and was run after
/// it ended; a mid-period preview never becomes final (nothing changes on
/// a refusal).
#[tokio::test]
async fn kpi3_a_period_is_finalised_only_after_it_ended_and_was_run_since() {
    let app = TestApp::spawn().await;
    let director = app.login("director@example.com").await;
    set_scheme(&app, &director, fixed_scheme()).await;
    let pool = &app.db.pool;
    let at = |s: &str| s.parse::<chrono::DateTime<Utc>>().unwrap();
    let ctx = |now| Ctx {
        now,
        ..system_ctx()
    };
    let october = Period::new(PeriodKind::Month, 2026, 10).unwrap();
    // 20 October (Shanghai): a preview run of the month in progress.
    runs::run_period(pool, &ctx(at("2026-10-20T02:00:00Z")), october)
        .await
        .unwrap();
    let err = runs::finalize_period(pool, &ctx(at("2026-10-20T03:00:00Z")), october)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not over yet"), "{err}");
    // 31 October 23:59 Shanghai is still October.
    let err = runs::finalize_period(pool, &ctx(at("2026-10-31T15:59:00Z")), october)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not over yet"), "{err}");
    // 1 November: over, but the last run was the preview.
    let err = runs::finalize_period(pool, &ctx(at("2026-11-01T02:00:00Z")), october)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("run it again"), "{err}");
    assert_eq!(
        app.count("SELECT count(*) FROM assessment_periods WHERE status = 'FINALIZED'")
            .await,
        0
    );
    // Run after the end (00:00 Shanghai = 16:00 UTC the day before), then
    // finalise.
    runs::run_period(pool, &ctx(at("2026-10-31T16:00:00Z")), october)
        .await
        .unwrap();
    runs::finalize_period(pool, &ctx(at("2026-11-01T02:00:00Z")), october)
        .await
        .unwrap();
    assert_eq!(
        app.count("SELECT count(*) FROM assessment_periods WHERE status = 'FINALIZED'")
            .await,
        1
    );
    // Through the API the current month is never over yet.
    let today = salesd_domain::clock::company_date(Utc::now());
    let (y, m) = (
        chrono::Datelike::year(&today),
        chrono::Datelike::month(&today),
    );
    assert_ok(&run(&app, &director, "MONTH", y, m as i32).await);
    let r = finalize(&app, &director, "MONTH", y, m as i32).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("period"));
}

fn system_ctx() -> Ctx {
    Ctx {
        actor: Actor::system("test: assessments"),
        request_id: "t".into(),
        now: Utc::now(),
    }
}

/// AUTO-4 / KPI-3: two workers running the same period at once produce
/// exactly one result per (scheme, person, period).
#[tokio::test]
async fn kpi3_two_concurrent_runs_write_one_result_each() {
    let app = TestApp::spawn().await;
    let director = app.login("director@example.com").await;
    set_scheme(&app, &director, fixed_scheme()).await;
    let pool = app.db.pool.clone();
    let period = Period::new(PeriodKind::Month, 2026, 8).unwrap();
    let (ctx1, ctx2) = (system_ctx(), system_ctx());
    let (x, y) = tokio::join!(
        runs::run_period(&pool, &ctx1, period),
        runs::run_period(&pool, &ctx2, period)
    );
    let (x, y) = (x.unwrap(), y.unwrap());
    let mut nos = vec![x.run_no, y.run_no];
    nos.sort();
    assert_eq!(nos, vec![1, 2]);
    assert_eq!(
        app.count(
            "SELECT count(*) FROM (SELECT 1 FROM assessment_results GROUP BY scheme_id, user_id, period_kind, year, period_no HAVING count(*) > 1) d"
        )
        .await,
        0
    );
    assert_eq!(
        app.count("SELECT count(*) FROM assessment_results").await,
        4
    );
    assert_eq!(
        app.count("SELECT runs::bigint FROM assessment_periods")
            .await,
        2
    );
}

/// KPI-5: two months not met flag a coaching plan with the streak and the
/// completions; a re-run recomputes the period's open flags; a resolved
/// flag stays resolved; two quarters not met flag a role review.
#[tokio::test]
async fn kpi5_flags_over_two_months_and_two_quarters() {
    let app = TestApp::spawn().await;
    let director = app.login("director@example.com").await;
    let rep = app.login("rep01@example.com").await;
    let r1 = user(&app, "rep01@example.com").await;
    let r2 = user(&app, "rep02@example.com").await;
    let pool = &app.db.pool;
    set_scheme(
        &app,
        &director,
        json!({"role": "SALES_REP", "name": "方案", "commissionRate": "0.02", "kpis": [
            {"kpi": "SIGNED_REVENUE", "weight": "60"},
            {"kpi": "COLLECTION_RATE", "weight": "40", "target": "0.9"},
        ]}),
    )
    .await;
    // rep01: 50 000 of 100 000 in July (0.5, not met), nothing of 100 000
    // in August (0, not met). rep02: 90 000 of 100 000 in August (met).
    let cust = customer(
        &app,
        "rep01@example.com",
        "考核客户F",
        "2025-01-01T00:00:00Z".parse().unwrap(),
    )
    .await;
    contract(&app, cust, "rep01@example.com", "50000.00", "2026-07-10").await;
    let cust2 = customer(
        &app,
        "rep02@example.com",
        "考核客户G",
        "2025-01-01T00:00:00Z".parse().unwrap(),
    )
    .await;
    contract(&app, cust2, "rep02@example.com", "90000.00", "2026-08-10").await;
    for no in [7, 8] {
        set_target(
            &app,
            &director,
            "SIGNED_REVENUE",
            ("MONTH", 2026, no),
            r1,
            "100000",
        )
        .await;
        set_target(
            &app,
            &director,
            "SIGNED_REVENUE",
            ("MONTH", 2026, no),
            r2,
            "100000",
        )
        .await;
    }
    let r = run(&app, &director, "MONTH", 2026, 7).await;
    assert_eq!(
        r["data"]["runAssessment"]["flags"], 0,
        "one month is no streak"
    );
    let r = run(&app, &director, "MONTH", 2026, 8).await;
    assert_eq!(r["data"]["runAssessment"]["flags"], 1);
    let q = "query($o: Boolean) { underperformers(open: $o) { id userId kind periodKind year periodNo streak
               unitName resolvedAt note completions { year periodNo completion } } }";
    let r = app.gql(Some(&director), q, json!({"o": true})).await;
    assert_ok(&r);
    let flags = r["data"]["underperformers"].as_array().unwrap().clone();
    assert_eq!(flags.len(), 1);
    let f = &flags[0];
    assert_eq!(f["userId"], r1.to_string());
    assert_eq!(f["kind"], "COACHING_PLAN");
    assert_eq!(
        (f["periodNo"].as_i64(), f["streak"].as_i64()),
        (Some(8), Some(2))
    );
    let comps: Vec<(i64, Option<Decimal>)> = f["completions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["periodNo"].as_i64().unwrap(), dv(&c["completion"])))
        .collect();
    assert_eq!(comps, vec![(7, Some(dec("0.5"))), (8, Some(dec("0")))]);
    assert_code(
        &app.gql(Some(&rep), q, json!({"o": true})).await,
        "FORBIDDEN",
    );

    // A re-run recomputes the open flag (a new id, the same content).
    assert_ok(&run(&app, &director, "MONTH", 2026, 8).await);
    let r = app.gql(Some(&director), q, json!({"o": true})).await;
    let again = r["data"]["underperformers"][0].clone();
    assert_eq!(
        (again["streak"].as_i64(), again["kind"].as_str()),
        (Some(2), Some("COACHING_PLAN"))
    );
    let id = again["id"].as_str().unwrap().to_owned();

    // Resolving: a note is required; FORBIDDEN for a rep; twice CONFLICT.
    let resolve = "mutation($i: ID!, $n: String!) { resolveUnderperformanceFlag(id: $i, note: $n) { id resolvedAt note } }";
    let r = app
        .gql(Some(&director), resolve, json!({"i": id, "n": " "}))
        .await;
    assert_code(&r, "VALIDATION");
    assert_code(
        &app.gql(Some(&rep), resolve, json!({"i": id, "n": "ok"}))
            .await,
        "FORBIDDEN",
    );
    assert_code(
        &app.gql(
            Some(&director),
            resolve,
            json!({"i": Uuid::now_v7(), "n": "ok"}),
        )
        .await,
        "NOT_FOUND",
    );
    let r = app
        .gql(
            Some(&director),
            resolve,
            json!({"i": id, "n": "辅导计划已制定"}),
        )
        .await;
    assert_ok(&r);
    assert_code(
        &app.gql(Some(&director), resolve, json!({"i": id, "n": "x"}))
            .await,
        "CONFLICT",
    );
    // A re-run keeps the resolved flag and raises no second one.
    let r = run(&app, &director, "MONTH", 2026, 8).await;
    assert_eq!(r["data"]["runAssessment"]["flags"], 0);
    let r = app.gql(Some(&director), q, json!({"o": null})).await;
    let all = r["data"]["underperformers"].as_array().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["note"], "辅导计划已制定");
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE entity = 'ASSESSMENT_FLAG' AND action = 'RESOLVE'"
        )
        .await,
        1
    );

    // Quarters: not met in Q2 (no revenue of 100 000) and Q3 (50 000 of
    // 100 000 = 0.5) → ROLE_REVIEW with streak 2.
    for no in [2, 3] {
        set_target(
            &app,
            &director,
            "SIGNED_REVENUE",
            ("QUARTER", 2026, no),
            r1,
            "100000",
        )
        .await;
    }
    assert_eq!(
        run(&app, &director, "QUARTER", 2026, 2).await["data"]["runAssessment"]["flags"],
        0
    );
    assert_eq!(
        run(&app, &director, "QUARTER", 2026, 3).await["data"]["runAssessment"]["flags"],
        1
    );
    let kind: String = sqlx::query_scalar(
        "SELECT kind || ':' || streak FROM assessment_flags WHERE period_kind = 'QUARTER' AND user_id = $1",
    )
    .bind(r1)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(kind, "ROLE_REVIEW:2");

    // A late fact makes Q2 met: re-running Q2 recomputes the flags of the
    // open Q3 after it, and the streak (so the flag) is gone.
    contract(&app, cust, "rep01@example.com", "100000.00", "2026-05-10").await;
    assert_ok(&run(&app, &director, "QUARTER", 2026, 2).await);
    assert_eq!(
        app.count("SELECT count(*) FROM assessment_flags WHERE period_kind = 'QUARTER'")
            .await,
        0
    );
}

/// KPI-3 / AUTO-6: finalising records one result email per person and a
/// unit summary per (unit, head); they go out through SMTP; finalising is
/// the only trigger (a run sends nothing).
#[tokio::test]
async fn kpi3_finalising_emails_results_and_unit_summaries_through_smtp() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start().await.expect("sink");
    let jobs = salesd_worker::testing::job_context(
        app.db.pool.clone(),
        &app.prefix,
        MailConfig::smtp(&sink.url()).expect("smtp url"),
    )
    .await;
    let director = app.login("director@example.com").await;
    set_scheme(&app, &director, fixed_scheme()).await;
    assert_ok(&run(&app, &director, "MONTH", 2026, 9).await);
    assert_eq!(
        app.count("SELECT count(*) FROM notifications WHERE kind LIKE 'assessment%'")
            .await,
        0
    );
    assert_ok(&finalize(&app, &director, "MONTH", 2026, 9).await);
    // Four reps in four teams: 4 result emails + 4 summaries to the four
    // supervisors, each with its in-app twin.
    assert_eq!(
        app.count("SELECT count(*) FROM notifications WHERE kind = 'assessment_result' AND channel = 'EMAIL'")
            .await,
        4
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM notifications WHERE kind = 'assessment_unit_summary' AND channel = 'EMAIL'"
        )
        .await,
        4
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM notifications WHERE kind LIKE 'assessment%' AND channel = 'INBOX'"
        )
        .await,
        8
    );
    let r1 = user(&app, "rep01@example.com").await;
    let key: String = sqlx::query_scalar(
        "SELECT n.dedup_key FROM notifications n WHERE n.kind = 'assessment_result' AND n.channel = 'EMAIL'
            AND n.recipient_user_id = $1",
    )
    .bind(r1)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let result_id: Uuid =
        sqlx::query_scalar("SELECT id FROM assessment_results WHERE user_id = $1")
            .bind(r1)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(key, format!("assessment_result:{result_id}"));
    // The payload carries the KPIs, total, grade, rank and bonus: no
    // receivable item and no complaint → both KPIs without data, left out
    // (KPI-2: never a silent 100) → nothing to assess: total 0.00, no
    // grade; nothing collected → bonus 0.00.
    let payload: Value =
        sqlx::query_scalar("SELECT payload FROM notifications WHERE dedup_key = $1")
            .bind(&key)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(payload["total"], "0.00");
    assert_eq!(payload["grade"], Value::Null);
    assert_eq!(
        (
            payload["rank_in_unit"].as_i64(),
            payload["unit_size"].as_i64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(payload["bonus"], "0.00");
    assert_eq!(payload["kpis"].as_array().unwrap().len(), 2);
    assert_eq!(payload["kpis"][0]["kpi"], "COLLECTION_RATE");
    assert_eq!(payload["kpis"][0]["actual"], Value::Null);
    assert_eq!(payload["kpis"][0]["score"], Value::Null);
    assert_eq!(payload["kpis"][0]["excluded"], true);
    let sup = user(&app, "supervisor.east1@example.com").await;
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM notifications WHERE kind = 'assessment_unit_summary' AND recipient_user_id = $1
            AND dedup_key LIKE '%:MONTH:2026:9:' || $1::text",
    )
    .bind(sup)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(n, 1);

    assert_eq!(drain(&jobs).await.unwrap().sent, 8);
    let mails = sink.wait_for(8, StdDuration::from_secs(5)).await.unwrap();
    let to_rep: Vec<_> = mails
        .iter()
        .filter(|m| m.rcpt_to.iter().any(|r| r == "rep01@example.com"))
        .collect();
    assert_eq!(to_rep.len(), 1);
    let to_sup: Vec<_> = mails
        .iter()
        .filter(|m| {
            m.rcpt_to
                .iter()
                .any(|r| r == "supervisor.east1@example.com")
        })
        .collect();
    assert_eq!(to_sup.len(), 1);
}

/// KPI-2: a UNIT line measures everyone in the person's unit and below it,
/// against the unit's TGT-1 target when it has no fixed one; on the head's
/// own facts (none) it would score 0.
#[tokio::test]
async fn kpi2_a_supervisor_is_assessed_on_the_units_facts() {
    let app = TestApp::spawn().await;
    let pool = &app.db.pool;
    let director = app.login("director@example.com").await;
    let team = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO org_units (id, parent_id, name, kind) VALUES ($1, $2, '考核八组', 'TEAM')",
    )
    .bind(team)
    .bind(app.demo.unit("华东区域销售部"))
    .execute(pool)
    .await
    .unwrap();
    let head = person(pool, "t8.head@example.com", "钱主管", team, "SUPERVISOR").await;
    sqlx::query("UPDATE org_units SET head_user_id = $2 WHERE id = $1")
        .bind(team)
        .bind(head)
        .execute(pool)
        .await
        .unwrap();
    let (ex, ey) = ("t8.x@example.com", "t8.y@example.com");
    person(pool, ex, "孙", team, "SALES_REP").await;
    person(pool, ey, "李", team, "SALES_REP").await;
    let old = "2025-01-01T00:00:00Z".parse().unwrap();
    let cx = customer(&app, ex, "八组客户X", old).await;
    let cy = customer(&app, ey, "八组客户Y", old).await;
    let kx = contract(&app, cx, ex, "120000.00", "2026-10-05").await;
    let ky = contract(&app, cy, ey, "100000.00", "2026-10-12").await;
    // The unit's October target of signed revenue (TGT-1).
    sqlx::query(
        "INSERT INTO targets (id, metric, period_kind, year, period_no, scope, unit_id, amount,
             created_at, updated_at)
         VALUES ($1, 'SIGNED_REVENUE', 'MONTH', 2026, 10, 'UNIT', $2, 200000, now(), now())",
    )
    .bind(Uuid::now_v7())
    .bind(team)
    .execute(pool)
    .await
    .unwrap();
    let scheme = set_scheme(
        &app,
        &director,
        json!({"role": "SUPERVISOR", "name": "主管方案", "commissionRate": "0.01", "kpis": [
            {"kpi": "SIGNED_REVENUE", "weight": "60", "basis": "UNIT"},
            {"kpi": "NEW_CUSTOMERS", "weight": "40", "target": "4", "basis": "UNIT"},
        ]}),
    )
    .await;
    assert_eq!(scheme["kpis"][0]["basis"], "UNIT");
    assert_ok(&run(&app, &director, "MONTH", 2026, 10).await);
    let r = result_of(&app, &director, head, 10).await;
    let r = &r["data"]["assessmentResult"];
    // Signed 120 000 + 100 000 = 220 000 ÷ 200 000 → 110 × 60 % = 66;
    // two new customers ÷ 4 → 50 × 40 % = 20. Total 86.00, B.
    assert_eq!(
        kpis(r),
        vec![
            k("SIGNED_REVENUE", Some("220000"), "200000", "110", "66"),
            k("NEW_CUSTOMERS", Some("2"), "4", "50", "20"),
        ]
    );
    assert_eq!(r["kpis"][0]["basis"], "UNIT");
    assert_eq!(dv(&r["total"]), Some(dec("86.00")));
    assert_eq!(r["grade"], "B");
    assert_eq!(
        facts_of(r, "SIGNED_REVENUE"),
        sorted(vec![
            fact("CONTRACT", kx, "120000"),
            fact("CONTRACT", ky, "100000")
        ])
    );
    // The bonus stays on the head's own collections: none.
    assert_eq!(dv(&r["collected"]), Some(dec("0")));
}

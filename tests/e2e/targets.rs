//! TGT-1 targets and their decomposition, TGT-2 attainment from the facts
//! (with the CUS-3 performance-credit shares), the ORG-3 scope of both,
//! and the bad inputs that must change nothing. Facts (contracts, quotes,
//! receipts, ledger entries, dispute shares) are inserted with SQL on fixed
//! dates, so every expected number is worked out by hand below.

use rust_decimal::Decimal;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::opportunities::customer;

const T_FIELDS: &str = "id metric periodKind year periodNo scopeKind unitId userId amount version";

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn dv(v: &Value) -> Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("not a decimal: {v}"))
        .parse()
        .unwrap()
}

fn field(r: &Value) -> Option<&str> {
    r["errors"][0]["extensions"]["field"].as_str()
}

async fn try_set(app: &TestApp, token: &str, input: Value) -> Value {
    let q = format!("mutation($i: SetTargetInput!) {{ setTarget(input: $i) {{ {T_FIELDS} }} }}");
    app.gql(Some(token), &q, json!({"i": input})).await
}

/// Sets a SIGNED_REVENUE-style target for 2027 and returns it.
async fn set(
    app: &TestApp,
    token: &str,
    metric: &str,
    period: (&str, i32),
    scope: (&str, Option<Uuid>),
    amount: &str,
) -> Value {
    let r = try_set(
        app,
        token,
        json!({"metric": metric, "periodKind": period.0, "year": 2027, "periodNo": period.1,
               "scopeKind": scope.0, "scopeId": scope.1, "amount": amount}),
    )
    .await;
    assert_ok(&r);
    r["data"]["setTarget"].clone()
}

async fn user(app: &TestApp, email: &str) -> Uuid {
    app.user_id(email).await.parse().unwrap()
}

async fn decomposition(app: &TestApp, token: &str, unit: Option<Uuid>) -> Value {
    let q = "query($u: ID) { targetDecomposition(year: 2027, metric: SIGNED_REVENUE, unitId: $u) {
        parent { id scopeKind unitId userId periodKind periodNo amount }
        dimension childrenSum gap covered children { id amount }
        missing { unitId userId periodKind periodNo } } }";
    app.gql(Some(token), q, json!({"u": unit})).await
}

/// The row of a parent (scope id or "COMPANY", period) and dimension.
fn row<'a>(rows: &'a Value, scope: &str, period: (&str, i64), dim: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| {
            let p = &r["parent"];
            let id = p["unitId"]
                .as_str()
                .or(p["userId"].as_str())
                .unwrap_or("COMPANY");
            id == scope
                && p["periodKind"] == period.0
                && p["periodNo"] == period.1
                && r["dimension"] == dim
        })
        .unwrap_or_else(|| panic!("no row {scope} {period:?} {dim} in {rows}"))
}

#[tokio::test]
async fn tgt1_decomposition_reports_the_gap_of_an_under_covered_unit() {
    let app = TestApp::spawn().await;
    let director = app.login("director@example.com").await;
    let u = |n: &str| app.demo.unit(n);
    let (sales, east, south) = (u("销售部"), u("华东区域销售部"), u("华南区域销售部"));
    let (sh, hz, gz, sz) = (u("上海一组"), u("杭州二组"), u("广州一组"), u("深圳二组"));
    let (rep01, rep02, rep03) = (
        user(&app, "rep01@example.com").await,
        user(&app, "rep02@example.com").await,
        user(&app, "rep03@example.com").await,
    );
    let y = ("YEAR", 1);
    let m = "SIGNED_REVENUE";
    set(&app, &director, m, y, ("COMPANY", None), "1000000.00").await;
    set(&app, &director, m, y, ("UNIT", Some(sales)), "1000000.00").await;
    set(&app, &director, m, y, ("UNIT", Some(east)), "600000.00").await;
    // 华南 is the deliberately under-covered unit: 深圳二组 has no target.
    set(&app, &director, m, y, ("UNIT", Some(south)), "350000.00").await;
    set(&app, &director, m, y, ("UNIT", Some(sh)), "300000.00").await;
    set(&app, &director, m, y, ("UNIT", Some(hz)), "300000.00").await;
    set(&app, &director, m, y, ("UNIT", Some(gz)), "200000.00").await;
    set(&app, &director, m, y, ("USER", Some(rep01)), "300000.00").await;
    set(&app, &director, m, y, ("USER", Some(rep02)), "250000.00").await;
    // 华南 by time: quarters cover the year, Q1's months do not (March
    // missing): 20 000 + 30 000 = 50 000 of 80 000.
    for (q, a) in [
        (1, "80000.00"),
        (2, "90000.00"),
        (3, "90000.00"),
        (4, "90000.00"),
    ] {
        set(&app, &director, m, ("QUARTER", q), ("UNIT", Some(south)), a).await;
    }
    set(
        &app,
        &director,
        m,
        ("MONTH", 1),
        ("UNIT", Some(south)),
        "20000.00",
    )
    .await;
    set(
        &app,
        &director,
        m,
        ("MONTH", 2),
        ("UNIT", Some(south)),
        "30000.00",
    )
    .await;

    let r = decomposition(&app, &director, None).await;
    assert_ok(&r);
    let rows = &r["data"]["targetDecomposition"];
    let s = |id: Uuid| id.to_string();
    // Company → 销售部: covered; finance and service have no sellers, so
    // they are not missing.
    let company = row(rows, "COMPANY", ("YEAR", 1), "ORG");
    assert_eq!(company["covered"], true);
    assert_eq!(company["missing"], json!([]));
    // Company by time: no quarter targets at all → the whole amount.
    let company_t = row(rows, "COMPANY", ("YEAR", 1), "TIME");
    assert_eq!(dv(&company_t["gap"]), dec("1000000.00"));
    assert_eq!(company_t["missing"].as_array().unwrap().len(), 4);
    // 销售部 1 000 000 → 600 000 + 350 000: 50 000 short.
    let sales_row = row(rows, &s(sales), ("YEAR", 1), "ORG");
    assert_eq!(dv(&sales_row["childrenSum"]), dec("950000.00"));
    assert_eq!(dv(&sales_row["gap"]), dec("50000.00"));
    assert_eq!(sales_row["covered"], false);
    // 华东 = 300 000 + 300 000: covered exactly.
    let east_row = row(rows, &s(east), ("YEAR", 1), "ORG");
    assert_eq!(dv(&east_row["gap"]), dec("0"));
    assert_eq!(east_row["covered"], true);
    // 华南 350 000 → 广州一组 200 000 only: gap 150 000, 深圳二组 missing.
    let south_row = row(rows, &s(south), ("YEAR", 1), "ORG");
    assert_eq!(dv(&south_row["childrenSum"]), dec("200000.00"));
    assert_eq!(dv(&south_row["gap"]), dec("150000.00"));
    assert_eq!(
        south_row["missing"],
        json!([{"unitId": s(sz), "userId": null, "periodKind": null, "periodNo": null}])
    );
    // 杭州二组 300 000 → rep02 250 000: 50 000 short; 广州一组 → rep03 has
    // no target: all 200 000 short, rep03 missing.
    let hz_row = row(rows, &s(hz), ("YEAR", 1), "ORG");
    assert_eq!(dv(&hz_row["gap"]), dec("50000.00"));
    let gz_row = row(rows, &s(gz), ("YEAR", 1), "ORG");
    assert_eq!(dv(&gz_row["gap"]), dec("200000.00"));
    assert_eq!(gz_row["missing"][0]["userId"], s(rep03).as_str());
    assert_eq!(row(rows, &s(sh), ("YEAR", 1), "ORG")["covered"], true);
    // 华南 by time: the quarters add up to the year; Q1's months do not.
    assert_eq!(row(rows, &s(south), ("YEAR", 1), "TIME")["covered"], true);
    let q1 = row(rows, &s(south), ("QUARTER", 1), "TIME");
    assert_eq!(dv(&q1["gap"]), dec("30000.00"));
    assert_eq!(
        q1["missing"],
        json!([{"unitId": null, "userId": null, "periodKind": "MONTH", "periodNo": 3}])
    );
    assert_eq!(
        dv(&row(rows, &s(south), ("QUARTER", 2), "TIME")["gap"]),
        dec("90000.00")
    );

    // The south manager sees their region only, with or without unitId.
    let manager = app.login("manager.south@example.com").await;
    let r = decomposition(&app, &manager, Some(south)).await;
    assert_ok(&r);
    let mine = r["data"]["targetDecomposition"].as_array().unwrap();
    assert!(!mine.is_empty());
    for g in mine {
        let unit = g["parent"]["unitId"].as_str().unwrap_or_default();
        assert!([s(south), s(gz), s(sz)].contains(&unit.to_owned()), "{g}");
    }
    let r = decomposition(&app, &manager, None).await;
    assert_eq!(
        r["data"]["targetDecomposition"].as_array().unwrap().len(),
        mine.len()
    );
    // Another unit's decomposition is NOT_FOUND.
    assert_code(
        &decomposition(&app, &manager, Some(east)).await,
        "NOT_FOUND",
    );
    // A rep sees their own targets only (no unit, no company rows).
    let rep = app.login("rep01@example.com").await;
    let r = decomposition(&app, &rep, None).await;
    let own = r["data"]["targetDecomposition"].as_array().unwrap();
    assert_eq!(own.len(), 1, "{r}");
    assert_eq!(own[0]["parent"]["userId"], s(rep01).as_str());
    assert_eq!(own[0]["dimension"], "TIME");
}

// ---- TGT-2 attainment from hand-built facts -------------------------------

/// A contract of `owner` for `customer`, signed on `signed` (status as
/// given), with an accepted quote costing `cost` when given.
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
            let o = Uuid::now_v7();
            sqlx::query(
                "INSERT INTO opportunities (id, customer_id, name, owner_id, owner_unit_id, stage, amount,
                    stage_changed_at, created_by, created_at, updated_at)
                 SELECT $1, $2, '目标项目', u.id, u.unit_id, 'CONTRACT', $4::numeric, now(), u.id, now(), now()
                 FROM users u WHERE u.email = $3",
            )
            .bind(o)
            .bind(customer)
            .bind(owner)
            .bind(amount)
            .execute(pool)
            .await
            .expect("insert opportunity");
            let q = Uuid::now_v7();
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
         SELECT $1, 'HT-2026-' || s.seq, 2026, s.seq, $2, $3, $4, '目标合同', u.id, u.unit_id, 'customer', 'us',
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

async fn receipt(app: &TestApp, customer: Uuid, amount: &str, on: &str) -> Uuid {
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
    id
}

/// A ledger entry; `amount` signed (credit < 0).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn entry(
    app: &TestApp,
    customer: Uuid,
    installment: Option<Uuid>,
    receipt: Uuid,
    kind: &str,
    amount: &str,
    on: &str,
    reversal_of: Option<Uuid>,
) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO ledger_entries (id, customer_id, contract_id, installment_id, receipt_id, reversal_of, kind,
            amount, entry_date, reason, created_at)
         VALUES ($1, $2, (SELECT contract_id FROM contract_installments WHERE id = $3), $3, $4, $5, $6,
            $7::numeric, $8::date, CASE WHEN $6 = 'REVERSAL' THEN 'wrong receipt' END, now())",
    )
    .bind(id)
    .bind(customer)
    .bind(installment)
    .bind(receipt)
    .bind(reversal_of)
    .bind(kind)
    .bind(amount)
    .bind(on)
    .execute(&app.db.pool)
    .await
    .expect("insert ledger entry");
    id
}

/// CUS-3: a decided dispute splitting the customer's credit, valid from
/// `at`.
pub(crate) async fn shares(
    app: &TestApp,
    customer: Uuid,
    owner: Uuid,
    split: &[(Uuid, &str)],
    at: &str,
) {
    let pool = &app.db.pool;
    let d = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO ownership_disputes (id, customer_id, opened_by, reason, status, decided_at, owner_id, created_at)
         VALUES ($1, $2, $3, '共同跟进', 'DECIDED', $4::timestamptz, $3, $4::timestamptz)",
    )
    .bind(d)
    .bind(customer)
    .bind(owner)
    .bind(at)
    .execute(pool)
    .await
    .expect("insert dispute");
    for (u, s) in split {
        sqlx::query(
            "INSERT INTO performance_shares (customer_id, user_id, share, dispute_id, valid_from)
             VALUES ($1, $2, $3::numeric, $4, $5::timestamptz)",
        )
        .bind(customer)
        .bind(u)
        .bind(s)
        .bind(d)
        .bind(at)
        .execute(pool)
        .await
        .expect("insert share");
    }
}

async fn attainment(
    app: &TestApp,
    token: &str,
    scope: (&str, Option<Uuid>),
    period: (&str, i32),
    metric: &str,
) -> Value {
    app.gql(
        Some(token),
        "query($k: TargetScopeKind!, $id: ID, $p: TargetPeriodKind!, $n: Int!, $m: TargetMetric!) {
           attainment(scopeKind: $k, scopeId: $id, periodKind: $p, year: 2026, periodNo: $n, metric: $m) {
             actual target rate from to facts { kind id date amount } } }",
        json!({"k": scope.0, "id": scope.1, "p": period.0, "n": period.1, "m": metric}),
    )
    .await
}

/// (actual, target, rate, [(kind, id, amount)]) of an answer.
type Summary = (
    Decimal,
    Option<Decimal>,
    Option<Decimal>,
    Vec<(String, Uuid, Decimal)>,
);

fn summary(r: &Value) -> Summary {
    assert_ok(r);
    let a = &r["data"]["attainment"];
    let opt = |v: &Value| v.as_str().map(|s| s.parse::<Decimal>().unwrap());
    let facts = a["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_owned(),
                f["id"].as_str().unwrap().parse().unwrap(),
                dv(&f["amount"]),
            )
        })
        .collect();
    (dv(&a["actual"]), opt(&a["target"]), opt(&a["rate"]), facts)
}

fn f(kind: &str, id: Uuid, amount: &str) -> (String, Uuid, Decimal) {
    (kind.to_owned(), id, dec(amount))
}

#[tokio::test]
async fn tgt2_attainment_from_hand_built_facts_to_the_cent_with_the_facts() {
    let app = TestApp::spawn().await;
    let (r1, r2, r3) = (
        "rep01@example.com",
        "rep02@example.com",
        "rep03@example.com",
    );
    let (rep01, rep02, rep03) = (
        user(&app, r1).await,
        user(&app, r2).await,
        user(&app, r3).await,
    );
    let at = "2026-01-01T00:00:00Z".parse().unwrap();
    let a = customer(&app, r1, "目标客户甲", at).await;
    let b = customer(&app, r2, "目标客户乙", at).await;
    let c = customer(&app, r3, "目标客户丙", at).await;
    // September 2026.
    // A: its first contract, signed 5 Sep, 100 000.00, quote cost 60 000.00.
    let a1 = contract(
        &app,
        a,
        r1,
        "100000.00",
        "SIGNED",
        "2026-09-05",
        Some("60000.00"),
    )
    .await;
    // A: another one signed 1 Oct: outside the month.
    contract(
        &app,
        a,
        r1,
        "10000.50",
        "SIGNED",
        "2026-10-01",
        Some("1.00"),
    )
    .await;
    // B: a customer since March; 30 Sep 50 000.25 without a quote (no gross
    // profit); a TERMINATED one of 10 Sep does not count at all.
    contract(&app, b, r2, "8000.00", "CLOSED", "2026-03-01", None).await;
    let b1 = contract(&app, b, r2, "50000.25", "EXECUTING", "2026-09-30", None).await;
    contract(
        &app,
        b,
        r2,
        "99999.00",
        "TERMINATED",
        "2026-09-10",
        Some("1.00"),
    )
    .await;
    // C: rep03's, split 60 / 40 with rep01 by a dispute decided 1 Sep
    // (10:00 Shanghai); 15 Sep 30 000.01, quote cost 10 000.00.
    shares(
        &app,
        c,
        rep03,
        &[(rep03, "60"), (rep01, "40")],
        "2026-09-01T02:00:00Z",
    )
    .await;
    let c1 = contract(
        &app,
        c,
        r3,
        "30000.01",
        "ACCEPTED",
        "2026-09-15",
        Some("10000.00"),
    )
    .await;

    // Receipts.
    let ia = installment(&app, a1, "100000.00", "2026-09-10").await;
    let ic = installment(&app, c1, "30000.01", "2026-09-20").await;
    // R1: 60 000.00 on A's installment, 12 Sep.
    let rc1 = receipt(&app, a, "60000.00", "2026-09-12").await;
    entry(
        &app,
        a,
        Some(ia),
        rc1,
        "RECEIPT",
        "-60000.00",
        "2026-09-12",
        None,
    )
    .await;
    // R2: 5 000.00 on 20 Sep, reversed on 21 Sep: never counts.
    let rc2 = receipt(&app, a, "5000.00", "2026-09-20").await;
    let e2 = entry(
        &app,
        a,
        Some(ia),
        rc2,
        "RECEIPT",
        "-5000.00",
        "2026-09-20",
        None,
    )
    .await;
    entry(
        &app,
        a,
        Some(ia),
        rc2,
        "REVERSAL",
        "5000.00",
        "2026-09-21",
        Some(e2),
    )
    .await;
    // R3: a prepayment of 25 Aug applied to the installment on 11 Sep:
    // counts in September, when it paid the item.
    let rc3 = receipt(&app, a, "10000.00", "2026-08-25").await;
    entry(
        &app,
        a,
        None,
        rc3,
        "PREPAYMENT",
        "-10000.00",
        "2026-08-25",
        None,
    )
    .await;
    entry(
        &app,
        a,
        None,
        rc3,
        "CREDIT_APPLIED",
        "10000.00",
        "2026-09-11",
        None,
    )
    .await;
    entry(
        &app,
        a,
        Some(ia),
        rc3,
        "CREDIT_APPLIED",
        "-10000.00",
        "2026-09-11",
        None,
    )
    .await;
    // R4: 1 000.00 on C's installment, 16 Sep: split 600.00 / 400.00.
    let rc4 = receipt(&app, c, "1000.00", "2026-09-16").await;
    entry(
        &app,
        c,
        Some(ic),
        rc4,
        "RECEIPT",
        "-1000.00",
        "2026-09-16",
        None,
    )
    .await;
    // R5: 2 Oct: outside the month.
    let rc5 = receipt(&app, c, "7000.00", "2026-10-02").await;
    entry(
        &app,
        c,
        Some(ic),
        rc5,
        "RECEIPT",
        "-7000.00",
        "2026-10-02",
        None,
    )
    .await;

    // Targets for September 2026 (the director sets them).
    let director = app.login("director@example.com").await;
    for (metric, scope, amount) in [
        ("SIGNED_REVENUE", ("USER", Some(rep01)), "100000.00"),
        ("SIGNED_REVENUE", ("COMPANY", None), "200000.00"),
        ("NEW_CUSTOMERS", ("COMPANY", None), "4"),
        ("COLLECTIONS", ("USER", Some(rep01)), "0"),
    ] {
        let r = try_set(
            &app,
            &director,
            json!({"metric": metric, "periodKind": "MONTH", "year": 2026, "periodNo": 9,
                   "scopeKind": scope.0, "scopeId": scope.1, "amount": amount}),
        )
        .await;
        assert_ok(&r);
    }
    let sep = ("MONTH", 9);
    let u = |n: &str| app.demo.unit(n);
    let (sh, east, south) = (u("上海一组"), u("华东区域销售部"), u("华南区域销售部"));

    // SIGNED_REVENUE. rep01: A1 100 000.00 + 40 % of C1 (30 000.01 × 0.4 =
    // 12 000.004 → 12 000.00) = 112 000.00; rate 112 000 / 100 000 = 1.12.
    let s = summary(
        &attainment(
            &app,
            &director,
            ("USER", Some(rep01)),
            sep,
            "SIGNED_REVENUE",
        )
        .await,
    );
    assert_eq!(s.0, dec("112000.00"));
    assert_eq!((s.1, s.2), (Some(dec("100000.00")), Some(dec("1.1200"))));
    assert_eq!(
        s.3,
        vec![
            f("CONTRACT", a1, "100000.00"),
            f("CONTRACT", c1, "12000.00")
        ]
    );
    // rep03: 60 % of C1 = 18 000.006 → 18 000.01 (the remainder goes to the
    // largest share: 30 000.01 − 12 000.00); no target → no rate.
    let s = summary(
        &attainment(
            &app,
            &director,
            ("USER", Some(rep03)),
            sep,
            "SIGNED_REVENUE",
        )
        .await,
    );
    assert_eq!((s.0, s.1, s.2), (dec("18000.01"), None, None));
    // rep02: B1 only (the TERMINATED one and March's do not count).
    let s = summary(
        &attainment(
            &app,
            &director,
            ("USER", Some(rep02)),
            sep,
            "SIGNED_REVENUE",
        )
        .await,
    );
    assert_eq!(s.3, vec![f("CONTRACT", b1, "50000.25")]);
    // Units: 上海一组 = rep01's 112 000.00; 华东 = 112 000.00 + 50 000.25;
    // 华南 = 18 000.01. Company = 100 000.00 + 50 000.25 + 30 000.01 =
    // 180 000.26; rate 180 000.26 / 200 000 = 0.9000013 → 0.9000.
    let s = summary(&attainment(&app, &director, ("UNIT", Some(sh)), sep, "SIGNED_REVENUE").await);
    assert_eq!(s.0, dec("112000.00"));
    let s =
        summary(&attainment(&app, &director, ("UNIT", Some(east)), sep, "SIGNED_REVENUE").await);
    assert_eq!(s.0, dec("162000.25"));
    let s = summary(
        &attainment(
            &app,
            &director,
            ("UNIT", Some(south)),
            sep,
            "SIGNED_REVENUE",
        )
        .await,
    );
    assert_eq!(s.0, dec("18000.01"));
    let s = summary(&attainment(&app, &director, ("COMPANY", None), sep, "SIGNED_REVENUE").await);
    assert_eq!((s.0, s.2), (dec("180000.26"), Some(dec("0.9000"))));
    assert_eq!(
        s.3,
        vec![
            f("CONTRACT", a1, "100000.00"),
            f("CONTRACT", c1, "30000.01"),
            f("CONTRACT", b1, "50000.25"),
        ]
    );

    // GROSS_PROFIT: A1 100 000.00 − 60 000.00 = 40 000.00; C1 30 000.01 −
    // 10 000.00 = 20 000.01, 40 % = 8 000.004 → 8 000.00 for rep01; B1 has
    // no quote. rep01 48 000.00, company 60 000.01.
    let s = summary(&attainment(&app, &director, ("USER", Some(rep01)), sep, "GROSS_PROFIT").await);
    assert_eq!(s.0, dec("48000.00"));
    assert_eq!(
        s.3,
        vec![f("CONTRACT", a1, "40000.00"), f("CONTRACT", c1, "8000.00")]
    );
    let s = summary(&attainment(&app, &director, ("COMPANY", None), sep, "GROSS_PROFIT").await);
    assert_eq!(s.0, dec("60000.01"));

    // COLLECTIONS: rep01 R1 60 000.00 + R3 10 000.00 + 40 % of R4 400.00 =
    // 70 400.00 (R2 reversed, R5 in October); target 0 → no rate.
    let s = summary(&attainment(&app, &director, ("USER", Some(rep01)), sep, "COLLECTIONS").await);
    assert_eq!(s.0, dec("70400.00"));
    assert_eq!((s.1, s.2), (Some(dec("0")), None));
    let mut facts = s.3.clone();
    facts.sort_by_key(|x| x.1);
    let mut expected = vec![
        f("RECEIPT", rc1, "60000.00"),
        f("RECEIPT", rc3, "10000.00"),
        f("RECEIPT", rc4, "400.00"),
    ];
    expected.sort_by_key(|x| x.1);
    assert_eq!(facts, expected);
    let s = summary(&attainment(&app, &director, ("COMPANY", None), sep, "COLLECTIONS").await);
    assert_eq!(s.0, dec("71000.00"));
    let s = summary(&attainment(&app, &director, ("USER", Some(rep03)), sep, "COLLECTIONS").await);
    assert_eq!(s.3, vec![f("RECEIPT", rc4, "600.00")]);
    // October: R5 7 000.00, 60 % to rep03.
    let s = summary(
        &attainment(
            &app,
            &director,
            ("USER", Some(rep03)),
            ("MONTH", 10),
            "COLLECTIONS",
        )
        .await,
    );
    assert_eq!(s.3, vec![f("RECEIPT", rc5, "4200.00")]);

    // NEW_CUSTOMERS: A (first contract 5 Sep) for rep01, C for rep03, not
    // split; B is a customer since March. Company 2 of 4 = 0.5.
    let s = summary(&attainment(&app, &director, ("COMPANY", None), sep, "NEW_CUSTOMERS").await);
    assert_eq!((s.0, s.2), (dec("2"), Some(dec("0.5000"))));
    let s =
        summary(&attainment(&app, &director, ("USER", Some(rep01)), sep, "NEW_CUSTOMERS").await);
    assert_eq!(s.3, vec![f("CUSTOMER", a, "1")]);
    let s =
        summary(&attainment(&app, &director, ("USER", Some(rep02)), sep, "NEW_CUSTOMERS").await);
    assert_eq!(s.0, dec("0"));
    // The quarter and the year hold the month's facts too.
    let s = summary(
        &attainment(
            &app,
            &director,
            ("COMPANY", None),
            ("QUARTER", 3),
            "SIGNED_REVENUE",
        )
        .await,
    );
    assert_eq!(s.0, dec("180000.26"));
    let s = summary(
        &attainment(
            &app,
            &director,
            ("COMPANY", None),
            ("YEAR", 1),
            "SIGNED_REVENUE",
        )
        .await,
    );
    assert_eq!(
        s.0,
        dec("198000.76"),
        "+ March 8 000.00 + October 10 000.50"
    );

    // ORG-3: a rep reads their own attainment only; a manager their region.
    let rep = app.login(r1).await;
    let s = summary(&attainment(&app, &rep, ("USER", Some(rep01)), sep, "SIGNED_REVENUE").await);
    assert_eq!(s.0, dec("112000.00"));
    assert_code(
        &attainment(&app, &rep, ("USER", Some(rep02)), sep, "SIGNED_REVENUE").await,
        "NOT_FOUND",
    );
    assert_code(
        &attainment(&app, &rep, ("UNIT", Some(sh)), sep, "SIGNED_REVENUE").await,
        "NOT_FOUND",
    );
    assert_code(
        &attainment(&app, &rep, ("COMPANY", None), sep, "SIGNED_REVENUE").await,
        "NOT_FOUND",
    );
    let manager = app.login("manager.south@example.com").await;
    let s =
        summary(&attainment(&app, &manager, ("UNIT", Some(south)), sep, "SIGNED_REVENUE").await);
    assert_eq!(s.0, dec("18000.01"));
    assert_code(
        &attainment(&app, &manager, ("UNIT", Some(east)), sep, "SIGNED_REVENUE").await,
        "NOT_FOUND",
    );
    assert_code(
        &attainment(&app, &manager, ("USER", Some(rep01)), sep, "SIGNED_REVENUE").await,
        "NOT_FOUND",
    );
    // Bad periods.
    let r = attainment(
        &app,
        &director,
        ("COMPANY", None),
        ("MONTH", 13),
        "SIGNED_REVENUE",
    )
    .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("periodNo"));
    let r = attainment(&app, &director, ("UNIT", None), sep, "SIGNED_REVENUE").await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("scopeId"));
}

// ---- TGT-1 who sets what, and bad inputs ----------------------------------

/// (targets, Σ versions, TARGET audit entries).
async fn snapshot(app: &TestApp) -> (i64, i64, i64) {
    (
        app.count("SELECT count(*) FROM targets").await,
        app.count("SELECT COALESCE(SUM(version), 0)::bigint FROM targets")
            .await,
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'TARGET'")
            .await,
    )
}

#[tokio::test]
async fn tgt1_who_sets_targets_and_bad_inputs_change_nothing() {
    let app = TestApp::spawn().await;
    let u = |n: &str| app.demo.unit(n);
    let (sh, gz, east) = (u("上海一组"), u("广州一组"), u("华东区域销售部"));
    let root = u("华东智能装备有限公司");
    let rep01 = user(&app, "rep01@example.com").await;
    let rep03 = user(&app, "rep03@example.com").await;
    let sup1 = user(&app, "supervisor.east1@example.com").await;
    let input = |scope: &str, id: Option<Uuid>, amount: &str| {
        json!({"metric": "SIGNED_REVENUE", "periodKind": "YEAR", "year": 2027, "periodNo": 1,
               "scopeKind": scope, "scopeId": id, "amount": amount})
    };

    // A unit head sets their people's targets and their sub-units'.
    let supervisor = app.login("supervisor.east1@example.com").await;
    let r = try_set(&app, &supervisor, input("USER", Some(rep01), "300000.00")).await;
    assert_ok(&r);
    let t = r["data"]["setTarget"].clone();
    assert_eq!(
        (t["version"].as_i64(), t["amount"].as_str()),
        (Some(1), Some("300000.00"))
    );
    let manager = app.login("manager.east@example.com").await;
    assert_ok(&try_set(&app, &manager, input("UNIT", Some(sh), "500000.00")).await);
    // Changing it needs the version read; the change is audited.
    let mut change = input("USER", Some(rep01), "320000.00");
    change["version"] = json!(1);
    let r = try_set(&app, &manager, change.clone()).await;
    assert_ok(&r);
    assert_eq!(r["data"]["setTarget"]["version"], 2);
    assert_eq!(r["data"]["setTarget"]["id"], t["id"]);
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE entity = 'TARGET' AND entity_id = $1::uuid ORDER BY at, id",
    )
    .bind(t["id"].as_str().unwrap())
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(actions, ["CREATE", "UPDATE"]);
    let before = snapshot(&app).await;
    assert_eq!(before, (2, 3, 3));

    // A rep sets no target, not even their own: FORBIDDEN.
    let rep = app.login("rep01@example.com").await;
    assert_code(
        &try_set(&app, &rep, input("USER", Some(rep01), "1.00")).await,
        "FORBIDDEN",
    );
    // A supervisor: not their own target, not their own team's
    // (FORBIDDEN: they see it), not another region's people (NOT_FOUND).
    assert_code(
        &try_set(&app, &supervisor, input("USER", Some(sup1), "1.00")).await,
        "FORBIDDEN",
    );
    assert_code(
        &try_set(&app, &supervisor, input("UNIT", Some(sh), "1.00")).await,
        "FORBIDDEN",
    );
    assert_code(
        &try_set(&app, &supervisor, input("USER", Some(rep03), "1.00")).await,
        "NOT_FOUND",
    );
    // A manager: not their own region, not another region's team.
    assert_code(
        &try_set(&app, &manager, input("UNIT", Some(east), "1.00")).await,
        "FORBIDDEN",
    );
    assert_code(
        &try_set(&app, &manager, input("UNIT", Some(gz), "1.00")).await,
        "NOT_FOUND",
    );
    assert_code(
        &try_set(&app, &manager, input("COMPANY", None, "1.00")).await,
        "NOT_FOUND",
    );
    // The head of finance sets the targets of finance people at most: a
    // rep is out of their sight.
    let finance = app.login("finance@example.com").await;
    assert_code(
        &try_set(&app, &finance, input("USER", Some(rep01), "1.00")).await,
        "NOT_FOUND",
    );
    // The service staff (no unit head) set none.
    let service_head: Option<Uuid> =
        sqlx::query_scalar("SELECT head_user_id FROM org_units WHERE name = '客服部'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    sqlx::query("UPDATE org_units SET head_user_id = NULL WHERE name = '客服部'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let service = app.login("service@example.com").await;
    assert_code(
        &try_set(&app, &service, input("USER", Some(rep01), "1.00")).await,
        "FORBIDDEN",
    );
    assert!(service_head.is_some());

    let director = app.login("director@example.com").await;
    // Negative, more than 2 places, fractional customers.
    for (i, fld) in [
        (input("USER", Some(rep03), "-0.01"), "amount"),
        (input("USER", Some(rep03), "1.001"), "amount"),
        (
            json!({"metric": "NEW_CUSTOMERS", "periodKind": "YEAR", "year": 2027, "periodNo": 1,
                   "scopeKind": "USER", "scopeId": rep03, "amount": "1.5"}),
            "amount",
        ),
        // Month 13, quarter 5, month 0, year number 2, year 1999.
        (
            json!({"metric": "SIGNED_REVENUE", "periodKind": "MONTH", "year": 2027, "periodNo": 13,
                   "scopeKind": "USER", "scopeId": rep03, "amount": "1.00"}),
            "periodNo",
        ),
        (
            json!({"metric": "SIGNED_REVENUE", "periodKind": "QUARTER", "year": 2027, "periodNo": 5,
                   "scopeKind": "USER", "scopeId": rep03, "amount": "1.00"}),
            "periodNo",
        ),
        (
            json!({"metric": "SIGNED_REVENUE", "periodKind": "MONTH", "year": 2027, "periodNo": 0,
                   "scopeKind": "USER", "scopeId": rep03, "amount": "1.00"}),
            "periodNo",
        ),
        (
            json!({"metric": "SIGNED_REVENUE", "periodKind": "YEAR", "year": 2027, "periodNo": 2,
                   "scopeKind": "USER", "scopeId": rep03, "amount": "1.00"}),
            "periodNo",
        ),
        (
            json!({"metric": "SIGNED_REVENUE", "periodKind": "YEAR", "year": 1999, "periodNo": 1,
                   "scopeKind": "USER", "scopeId": rep03, "amount": "1.00"}),
            "year",
        ),
        // Scope ids that do not fit the kind; the company's root unit.
        (input("COMPANY", Some(rep03), "1.00"), "scopeId"),
        (input("USER", None, "1.00"), "scopeId"),
        (input("UNIT", Some(root), "1.00"), "scopeId"),
    ] {
        let r = try_set(&app, &director, i.clone()).await;
        assert_code(&r, "VALIDATION");
        assert_eq!(field(&r), Some(fld), "{i} → {r}");
    }
    // An unknown person: NOT_FOUND.
    assert_code(
        &try_set(&app, &director, input("USER", Some(Uuid::now_v7()), "1.00")).await,
        "NOT_FOUND",
    );
    // A stale version, a create of an existing target: CONFLICT.
    assert_code(&try_set(&app, &director, change).await, "CONFLICT");
    assert_code(
        &try_set(&app, &director, input("USER", Some(rep01), "1.00")).await,
        "CONFLICT",
    );
    let mut ghost = input("USER", Some(rep03), "1.00");
    ghost["version"] = json!(1);
    assert_code(&try_set(&app, &director, ghost).await, "CONFLICT");
    assert_eq!(snapshot(&app).await, before);

    // Reading: the rep sees their own target; another region's manager
    // does not see 上海一组's or rep01's.
    let list = |token: String, unit: Option<Uuid>| {
        let app = &app;
        async move {
            let q = format!("query($u: ID) {{ targets(year: 2027, unitId: $u) {{ {T_FIELDS} }} }}");
            let r = app.gql(Some(&token), &q, json!({"u": unit})).await;
            assert_ok(&r);
            r["data"]["targets"].as_array().unwrap().clone()
        }
    };
    let own = list(rep.clone(), None).await;
    assert_eq!(own.len(), 1);
    assert_eq!(own[0]["userId"], rep01.to_string().as_str());
    assert_eq!(own[0]["amount"], "320000.00");
    let south = app.login("manager.south@example.com").await;
    assert!(list(south.clone(), None).await.is_empty());
    assert!(list(south.clone(), Some(sh)).await.is_empty());
    assert_eq!(list(manager.clone(), Some(east)).await.len(), 2);
    assert_eq!(list(director.clone(), None).await.len(), 2);
    // Another unit's attainment and decomposition: NOT_FOUND.
    let r = app
        .gql(
            Some(&south),
            "query($u: ID!) { attainment(scopeKind: UNIT, scopeId: $u, periodKind: YEAR, year: 2027,
               metric: SIGNED_REVENUE) { actual } }",
            json!({"u": sh}),
        )
        .await;
    assert_code(&r, "NOT_FOUND");
    assert_code(&decomposition(&app, &south, Some(sh)).await, "NOT_FOUND");
}

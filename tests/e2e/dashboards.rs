//! Dashboards: the assessment leaderboard, attainment by unit tree and the
//! KPI trend (docs/dashboards.md), with their ORG-3 scope. Assessment
//! results are inserted with SQL (period, result, KPI rows) and contracts
//! on fixed dates of 2031, so every expected number is worked out by hand
//! below. Demo org: 销售部 → 华东 (上海一组 rep01, 杭州二组 rep02) and 华南
//! (广州一组 rep03, 深圳二组 rep04).

use chrono::Utc;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::opportunities::customer;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn dv(v: &Value) -> Option<Decimal> {
    v.as_str().map(|s| s.parse().unwrap())
}

async fn user(app: &TestApp, email: &str) -> Uuid {
    app.user_id(email).await.parse().unwrap()
}

/// The SALES_REP scheme every seeded result belongs to.
async fn scheme(app: &TestApp) -> Uuid {
    sqlx::query_scalar(
        "INSERT INTO assessment_schemes (id, role, name, created_at, updated_at)
         VALUES (gen_random_uuid(), 'SALES_REP', '销售代表考核', now(), now())
         ON CONFLICT (role) DO UPDATE SET name = EXCLUDED.name RETURNING id",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("insert scheme")
}

/// One result of `email` for (kind, year, no) with its KPI rows
/// (kpi, numerator, denominator, actual).
#[allow(clippy::too_many_arguments)]
async fn result(
    app: &TestApp,
    email: &str,
    period: (&str, i32, i32),
    total: &str,
    grade: &str,
    rank_in_unit: i32,
    kpis: &[(&str, &str, &str, Option<&str>)],
) -> Uuid {
    let pool = &app.db.pool;
    let scheme = scheme(app).await;
    sqlx::query(
        "INSERT INTO assessment_periods (id, period_kind, year, period_no, runs, last_run_at)
         VALUES (gen_random_uuid(), $1, $2, $3, 1, now()) ON CONFLICT DO NOTHING",
    )
    .bind(period.0)
    .bind(period.1)
    .bind(period.2)
    .execute(pool)
    .await
    .expect("insert period");
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO assessment_results (id, scheme_id, user_id, unit_id, period_kind, year, period_no,
            total, grade, rank_in_unit, unit_size, complete, collected, commission_rate,
            bonus_multiplier, run_no, computed_at)
         SELECT $1, $2, u.id, u.unit_id, $4, $5, $6, $7::numeric, $8, $9, $9, true, 0, 0, 1, 1, now()
           FROM users u WHERE u.email = $3",
    )
    .bind(id)
    .bind(scheme)
    .bind(email)
    .bind(period.0)
    .bind(period.1)
    .bind(period.2)
    .bind(total)
    .bind(grade)
    .bind(rank_in_unit)
    .execute(pool)
    .await
    .expect("insert result");
    for (i, (kpi, num, den, actual)) in kpis.iter().enumerate() {
        sqlx::query(
            "INSERT INTO assessment_kpis (result_id, kpi, position, weight, numerator, denominator,
                actual, fact_count)
             VALUES ($1, $2, $3, 10, $4::numeric, $5::numeric, $6::numeric, 1)",
        )
        .bind(id)
        .bind(kpi)
        .bind(i as i16)
        .bind(num)
        .bind(den)
        .bind(actual)
        .execute(pool)
        .await
        .expect("insert kpi");
    }
    id
}

const LEADERBOARD: &str = "query($k: TargetPeriodKind!, $y: Int!, $n: Int!, $u: ID) {
    assessmentLeaderboard(periodKind: $k, year: $y, periodNo: $n, unitId: $u) {
      resultId rank rankInUnit unitSize grade total complete
      person { id displayName } unit { id name } } }";

async fn leaderboard(app: &TestApp, token: &str, no: i32, unit: Option<Uuid>) -> Value {
    let vars = json!({"k": "MONTH", "y": 2031, "n": no, "u": unit});
    app.gql(Some(token), LEADERBOARD, vars).await
}

/// (person id, rank, total) of each line.
fn lines(r: &Value) -> Vec<(String, i64, Decimal)> {
    assert_ok(r);
    r["data"]["assessmentLeaderboard"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["person"]["id"].as_str().unwrap().to_owned(),
                l["rank"].as_i64().unwrap(),
                dv(&l["total"]).unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn dashboards_leaderboard_orders_by_total_ranks_ties_and_keeps_to_the_scope() {
    let app = TestApp::spawn().await;
    let m3 = ("MONTH", 2031, 3);
    result(&app, "rep01@example.com", m3, "95.50", "B", 1, &[]).await;
    result(&app, "rep02@example.com", m3, "112.00", "S", 1, &[]).await;
    result(&app, "rep03@example.com", m3, "95.50", "B", 1, &[]).await;
    result(&app, "rep04@example.com", m3, "60.00", "D", 1, &[]).await;
    // Another period's result never shows in March.
    result(
        &app,
        "rep04@example.com",
        ("QUARTER", 2031, 1),
        "150.00",
        "S",
        1,
        &[],
    )
    .await;
    let (r1, r2, r3, r4) = (
        user(&app, "rep01@example.com").await.to_string(),
        user(&app, "rep02@example.com").await.to_string(),
        user(&app, "rep03@example.com").await.to_string(),
        user(&app, "rep04@example.com").await.to_string(),
    );
    let u = |n: &str| app.demo.unit(n);
    let (east, south, sh) = (u("华东区域销售部"), u("华南区域销售部"), u("上海一组"));

    // Director, whole company: 112 first, the two 95.50 share rank 2
    // (in name order), 60 is 4th.
    let director = app.login("director@example.com").await;
    let all = lines(&leaderboard(&app, &director, 3, None).await);
    assert_eq!(all.len(), 4, "{all:?}");
    assert_eq!(all[0], (r2.clone(), 1, dec("112.00")));
    let mut tied = vec![all[1].clone(), all[2].clone()];
    tied.sort();
    let mut want = vec![(r1.clone(), 2, dec("95.50")), (r3.clone(), 2, dec("95.50"))];
    want.sort();
    assert_eq!(tied, want);
    assert_eq!(all[3], (r4.clone(), 4, dec("60.00")));
    let r = leaderboard(&app, &director, 3, Some(east)).await;
    let line = &r["data"]["assessmentLeaderboard"][0];
    assert_eq!(line["grade"], "S");
    assert_eq!(line["rankInUnit"], 1);
    assert_eq!(line["unit"]["name"], "杭州二组");
    // By unit: 华东's subtree only, ranked within the list.
    assert_eq!(
        lines(&r),
        vec![
            (r2.clone(), 1, dec("112.00")),
            (r1.clone(), 2, dec("95.50"))
        ]
    );
    // No results in April: an empty list.
    assert!(lines(&leaderboard(&app, &director, 4, None).await).is_empty());

    // ORG-3: the east manager sees 华东 with or without unitId; 华南 and a
    // unit that does not exist are NOT_FOUND alike.
    let manager = app.login("manager.east@example.com").await;
    let mine = lines(&leaderboard(&app, &manager, 3, None).await);
    assert_eq!(
        mine,
        lines(&leaderboard(&app, &manager, 3, Some(east)).await)
    );
    assert_code(
        &leaderboard(&app, &manager, 3, Some(south)).await,
        "NOT_FOUND",
    );
    assert_code(
        &leaderboard(&app, &manager, 3, Some(Uuid::now_v7())).await,
        "NOT_FOUND",
    );
    // A supervisor sees their team.
    let sup = app.login("supervisor.east1@example.com").await;
    assert_eq!(
        lines(&leaderboard(&app, &sup, 3, None).await),
        vec![(r1.clone(), 1, dec("95.50"))]
    );
    // A rep sees their own line only; any unit is NOT_FOUND, even theirs.
    let rep = app.login("rep03@example.com").await;
    assert_eq!(
        lines(&leaderboard(&app, &rep, 3, None).await),
        vec![(r3.clone(), 1, dec("95.50"))]
    );
    assert_code(&leaderboard(&app, &rep, 3, Some(sh)).await, "NOT_FOUND");
    assert_code(
        &leaderboard(&app, &rep, 3, Some(u("广州一组"))).await,
        "NOT_FOUND",
    );
    // Bad input.
    assert_code(&leaderboard(&app, &director, 13, None).await, "VALIDATION");
    let r = app
        .gql(
            Some(&director),
            LEADERBOARD,
            json!({"k": "MONTH", "y": 2031, "n": 3, "u": "nope"}),
        )
        .await;
    assert_code(&r, "VALIDATION");
}

/// A contract of `owner` signed on `signed`.
async fn contract(
    app: &TestApp,
    customer: Uuid,
    owner: &str,
    amount: &str,
    status: &str,
    signed: &str,
) {
    sqlx::query(
        "INSERT INTO contracts (id, number, number_year, number_seq, customer_id, title,
            owner_id, owner_unit_id, customer_party, our_party, amount, status, signed_date, termination_reason,
            created_by, created_at, updated_at)
         SELECT $1, 'HT-2031-' || s.seq, 2031, s.seq, $2, '看板合同', u.id, u.unit_id, 'customer', 'us',
            $3::numeric, $4, $5::date, CASE WHEN $4 = 'TERMINATED' THEN 'test' END, u.id, now(), now()
         FROM users u, (SELECT COALESCE(max(number_seq), 9000) + 1 AS seq FROM contracts WHERE number_year = 2031) s
         WHERE u.email = $6",
    )
    .bind(Uuid::now_v7())
    .bind(customer)
    .bind(amount)
    .bind(status)
    .bind(signed)
    .bind(owner)
    .execute(&app.db.pool)
    .await
    .expect("insert contract");
}

/// CUS-3: a decided dispute splitting `customer`'s credit from `at`.
async fn shares(app: &TestApp, customer: Uuid, owner: Uuid, split: &[(Uuid, &str)], at: &str) {
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

async fn set_target(app: &TestApp, token: &str, scope: (&str, Uuid), amount: &str) {
    let r = app
        .gql(
            Some(token),
            "mutation($i: SetTargetInput!) { setTarget(input: $i) { id } }",
            json!({"i": {"metric": "SIGNED_REVENUE", "periodKind": "MONTH", "year": 2031,
                "periodNo": 3, "scopeKind": scope.0, "scopeId": scope.1, "amount": amount}}),
        )
        .await;
    assert_ok(&r);
}

const TREE: &str = "query($u: ID) {
    attainmentTree(metric: SIGNED_REVENUE, periodKind: MONTH, year: 2031, periodNo: 3, unitId: $u) {
      ...F children { ...F children { ...F children { ...F } } } } }
    fragment F on AttainmentNode { unitId target actual rate gap unit { name }
      people { target actual rate gap person { id } } }";

async fn tree(app: &TestApp, token: &str, unit: Option<Uuid>) -> Value {
    app.gql(Some(token), TREE, json!({"u": unit})).await
}

/// (actual, target, rate) of `attainment(scope)` for March 2031.
async fn attainment(
    app: &TestApp,
    token: &str,
    kind: &str,
    id: &str,
) -> (Decimal, Option<Decimal>, Option<Decimal>) {
    let r = app
        .gql(
            Some(token),
            "query($k: TargetScopeKind!, $id: ID) { attainment(scopeKind: $k, scopeId: $id,
               periodKind: MONTH, year: 2031, periodNo: 3, metric: SIGNED_REVENUE) { actual target rate } }",
            json!({"k": kind, "id": id}),
        )
        .await;
    assert_ok(&r);
    let a = &r["data"]["attainment"];
    (dv(&a["actual"]).unwrap(), dv(&a["target"]), dv(&a["rate"]))
}

/// Every node of the tree and every person in it equals `attainment` of
/// that unit or person; returns the nodes visited by unit name.
async fn check_against_attainment(
    app: &TestApp,
    token: &str,
    node: &Value,
    seen: &mut Vec<String>,
) {
    let (actual, target, rate) =
        attainment(app, token, "UNIT", node["unitId"].as_str().unwrap()).await;
    assert_eq!(dv(&node["actual"]).unwrap(), actual, "{node}");
    assert_eq!(dv(&node["target"]), target, "{node}");
    assert_eq!(dv(&node["rate"]), rate, "{node}");
    let none = Vec::new();
    // The query stops at the teams (4 levels): their children are not asked.
    let children = node["children"].as_array().unwrap_or(&none);
    let kids: Decimal = children.iter().map(|c| dv(&c["actual"]).unwrap()).sum();
    assert!(kids <= actual, "children within the node: {node}");
    for p in node["people"].as_array().unwrap() {
        let (actual, target, rate) =
            attainment(app, token, "USER", p["person"]["id"].as_str().unwrap()).await;
        assert_eq!(dv(&p["actual"]).unwrap(), actual, "{p}");
        assert_eq!((dv(&p["target"]), dv(&p["rate"])), (target, rate), "{p}");
    }
    seen.push(node["unit"]["name"].as_str().unwrap().to_owned());
    for c in children {
        Box::pin(check_against_attainment(app, token, c, seen)).await;
    }
}

fn find<'a>(node: &'a Value, name: &str) -> Option<&'a Value> {
    if node["unit"]["name"] == name {
        return Some(node);
    }
    node["children"]
        .as_array()?
        .iter()
        .find_map(|c| find(c, name))
}

#[tokio::test]
async fn dashboards_attainment_tree_rolls_the_facts_up_and_matches_attainment_per_unit() {
    let app = TestApp::spawn().await;
    let director = app.login("director@example.com").await;
    let (rep01, rep03) = (
        user(&app, "rep01@example.com").await,
        user(&app, "rep03@example.com").await,
    );
    let now = Utc::now();
    let c1 = customer(&app, "rep01@example.com", "看板客户一", now).await;
    let c2 = customer(&app, "rep02@example.com", "看板客户二", now).await;
    let c3 = customer(&app, "rep03@example.com", "看板客户三", now).await;
    let c4 = customer(&app, "rep01@example.com", "看板客户四", now).await;
    // March 2031: rep01 10 000, rep02 20 000, rep03 5 000; a terminated
    // contract and an April one do not count.
    contract(
        &app,
        c1,
        "rep01@example.com",
        "10000.00",
        "SIGNED",
        "2031-03-05",
    )
    .await;
    contract(
        &app,
        c2,
        "rep02@example.com",
        "20000.00",
        "SIGNED",
        "2031-03-10",
    )
    .await;
    contract(
        &app,
        c3,
        "rep03@example.com",
        "5000.00",
        "SIGNED",
        "2031-03-15",
    )
    .await;
    contract(
        &app,
        c1,
        "rep01@example.com",
        "7000.00",
        "TERMINATED",
        "2031-03-06",
    )
    .await;
    contract(
        &app,
        c3,
        "rep04@example.com",
        "3000.00",
        "SIGNED",
        "2031-04-01",
    )
    .await;
    // CUS-3: c4 is shared 50/50 between rep01 (华东) and rep03 (华南)
    // since February: its 1 000 splits across the regions.
    shares(
        &app,
        c4,
        rep01,
        &[(rep01, "50"), (rep03, "50")],
        "2031-02-01T02:00:00Z",
    )
    .await;
    contract(
        &app,
        c4,
        "rep01@example.com",
        "1000.00",
        "SIGNED",
        "2031-03-20",
    )
    .await;
    let u = |n: &str| app.demo.unit(n);
    let (east, south, sh) = (u("华东区域销售部"), u("华南区域销售部"), u("上海一组"));
    set_target(&app, &director, ("UNIT", east), "40000.00").await;
    set_target(&app, &director, ("USER", rep01), "8000.00").await;

    let r = tree(&app, &director, None).await;
    assert_ok(&r);
    let root = &r["data"]["attainmentTree"];
    // The company: 10 000 + 20 000 + 5 000 + 1 000 = 36 000.
    assert_eq!(root["unit"]["name"], "华东智能装备有限公司");
    assert_eq!(dv(&root["actual"]), Some(dec("36000.00")));
    assert_eq!(root["target"], Value::Null);
    assert_eq!(
        (root["rate"].clone(), root["gap"].clone()),
        (Value::Null, Value::Null)
    );
    // 华东 = 10 000 + 20 000 + 500 = 30 500 of 40 000: 76.25 %, 9 500 short.
    let e = find(root, "华东区域销售部").unwrap();
    assert_eq!(dv(&e["actual"]), Some(dec("30500.00")));
    assert_eq!(dv(&e["rate"]), Some(dec("0.7625")));
    assert_eq!(dv(&e["gap"]), Some(dec("9500.00")));
    // 华南 = 5 000 + 500.
    assert_eq!(
        dv(&find(root, "华南区域销售部").unwrap()["actual"]),
        Some(dec("5500.00"))
    );
    // rep01 in 上海一组: 10 500 of 8 000: 131.25 %, no gap. The team's
    // supervisor (no target, no facts, not a seller) is not listed.
    let team = find(root, "上海一组").unwrap();
    let people = team["people"].as_array().unwrap();
    assert_eq!(people.len(), 1, "{team}");
    assert_eq!(people[0]["person"]["id"], rep01.to_string().as_str());
    assert_eq!(dv(&people[0]["actual"]), Some(dec("10500.00")));
    assert_eq!(dv(&people[0]["rate"]), Some(dec("1.3125")));
    assert_eq!(dv(&people[0]["gap"]), Some(dec("0")));
    // Every node and person equals TGT-2 attainment of that scope.
    let mut seen = Vec::new();
    check_against_attainment(&app, &director, root, &mut seen).await;
    for unit in ["销售部", "财务部", "客服部", "华东区域销售部", "深圳二组"] {
        assert!(seen.iter().any(|s| s == unit), "{unit} in {seen:?}");
    }

    // A subtree by unitId: the same figures.
    let r = tree(&app, &director, Some(east)).await;
    assert_ok(&r);
    assert_eq!(
        dv(&r["data"]["attainmentTree"]["actual"]),
        Some(dec("30500.00"))
    );
    // ORG-3: the south manager gets 华南 by default and the same with its
    // id; 华东 and a unit that does not exist are NOT_FOUND.
    let manager = app.login("manager.south@example.com").await;
    let r = tree(&app, &manager, None).await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["attainmentTree"]["unitId"],
        south.to_string().as_str()
    );
    let mut seen = Vec::new();
    check_against_attainment(&app, &manager, &r["data"]["attainmentTree"], &mut seen).await;
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert_code(&tree(&app, &manager, Some(east)).await, "NOT_FOUND");
    assert_code(
        &tree(&app, &manager, Some(Uuid::now_v7())).await,
        "NOT_FOUND",
    );
    // A rep has no unit in sight, not even their own.
    let rep = app.login("rep01@example.com").await;
    assert_code(&tree(&app, &rep, None).await, "NOT_FOUND");
    assert_code(&tree(&app, &rep, Some(sh)).await, "NOT_FOUND");
}

const TREND: &str = "query($k: AssessmentKpi!, $user: ID, $unit: ID, $m: Int! = 12, $end: String) {
    kpiTrend(kpi: $k, userId: $user, unitId: $unit, months: $m, endMonth: $end) {
      year month value numerator denominator people } }";

async fn trend(app: &TestApp, token: &str, vars: Value) -> Value {
    app.gql(Some(token), TREND, vars).await
}

/// (year, month, value, people) of each point.
fn points(r: &Value) -> Vec<(i64, i64, Option<Decimal>, i64)> {
    assert_ok(r);
    r["data"]["kpiTrend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["year"].as_i64().unwrap(),
                p["month"].as_i64().unwrap(),
                dv(&p["value"]),
                p["people"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn dashboards_kpi_trend_per_person_and_unit_with_nulls_for_missing_months() {
    let app = TestApp::spawn().await;
    let rate = "COLLECTION_RATE";
    // January: rep01 80/100, rep02 30/60. February: no results. March:
    // rep01 0/0 (no value), rep02 45/50. rep03 (华南) 1/1 in March.
    for (email, no, num, den, actual) in [
        ("rep01@example.com", 1, "80", "100", Some("0.8")),
        ("rep02@example.com", 1, "30", "60", Some("0.5")),
        ("rep01@example.com", 3, "0", "0", None),
        ("rep02@example.com", 3, "45", "50", Some("0.9")),
        ("rep03@example.com", 3, "1", "1", Some("1")),
    ] {
        let kpis = [
            (rate, num, den, actual),
            ("SIGNED_REVENUE", "1000", "0", Some("1000")),
        ];
        result(&app, email, ("MONTH", 2031, no), "90", "B", 1, &kpis).await;
    }
    // A quarterly result is not a month of the trend.
    let q = [(rate, "1", "2", Some("0.5"))];
    result(
        &app,
        "rep01@example.com",
        ("QUARTER", 2031, 1),
        "90",
        "B",
        1,
        &q,
    )
    .await;
    let (rep01, rep02) = (
        user(&app, "rep01@example.com").await,
        user(&app, "rep02@example.com").await,
    );
    let east = app.demo.unit("华东区域销售部");
    let director = app.login("director@example.com").await;
    let v = |s: &str| Some(dec(s));

    // rep01: January 0.8; February no results; March 0/0 → null too.
    let r = trend(
        &app,
        &director,
        json!({"k": rate, "user": rep01, "m": 3, "end": "2031-03"}),
    )
    .await;
    assert_eq!(
        points(&r),
        vec![
            (2031, 1, v("0.8"), 1),
            (2031, 2, None, 0),
            (2031, 3, None, 1)
        ]
    );
    assert_eq!(r["data"]["kpiTrend"][1]["numerator"], Value::Null);
    // 华东: January (80 + 30) ÷ (100 + 60) = 0.6875; March 45 ÷ 50 = 0.9
    // (rep01's 0/0 adds nothing); 华南's rep03 is not in it.
    let r = trend(
        &app,
        &director,
        json!({"k": rate, "unit": east, "m": 3, "end": "2031-03"}),
    )
    .await;
    assert_eq!(
        points(&r),
        vec![
            (2031, 1, v("0.6875"), 2),
            (2031, 2, None, 0),
            (2031, 3, v("0.9"), 2)
        ]
    );
    // A sum KPI adds up: 2 × 1 000 in January.
    let r = trend(
        &app,
        &director,
        json!({"k": "SIGNED_REVENUE", "unit": east, "m": 1, "end": "2031-01"}),
    )
    .await;
    assert_eq!(points(&r), vec![(2031, 1, v("2000"), 2)]);
    // Default 12 months, across a year end: 2030-04 … 2031-03.
    let r = trend(
        &app,
        &director,
        json!({"k": rate, "user": rep02, "end": "2031-03"}),
    )
    .await;
    let p = points(&r);
    assert_eq!(p.len(), 12);
    assert_eq!((p[0].0, p[0].1), (2030, 4));
    assert_eq!(p[11], (2031, 3, v("0.9"), 1));
    assert!(p[..9].iter().all(|x| x.2.is_none() && x.3 == 0), "{p:?}");
    // Without endMonth: the months before the current one (no results).
    let r = trend(&app, &director, json!({"k": rate, "user": rep02, "m": 2})).await;
    assert_eq!(points(&r).len(), 2);

    // ORG-3: a rep sees their own trend only; the east manager theirs.
    let rep = app.login("rep01@example.com").await;
    assert_ok(
        &trend(
            &app,
            &rep,
            json!({"k": rate, "user": rep01, "end": "2031-03"}),
        )
        .await,
    );
    assert_code(
        &trend(
            &app,
            &rep,
            json!({"k": rate, "user": rep02, "end": "2031-03"}),
        )
        .await,
        "NOT_FOUND",
    );
    assert_code(
        &trend(
            &app,
            &rep,
            json!({"k": rate, "unit": east, "end": "2031-03"}),
        )
        .await,
        "NOT_FOUND",
    );
    let south = app.login("manager.south@example.com").await;
    assert_code(
        &trend(
            &app,
            &south,
            json!({"k": rate, "unit": east, "end": "2031-03"}),
        )
        .await,
        "NOT_FOUND",
    );
    assert_code(
        &trend(
            &app,
            &south,
            json!({"k": rate, "user": rep01, "end": "2031-03"}),
        )
        .await,
        "NOT_FOUND",
    );
    let manager = app.login("manager.east@example.com").await;
    assert_ok(
        &trend(
            &app,
            &manager,
            json!({"k": rate, "unit": east, "end": "2031-03"}),
        )
        .await,
    );

    // Bad input.
    for (vars, field) in [
        (json!({"k": rate, "user": rep01, "m": 0}), "months"),
        (json!({"k": rate, "user": rep01, "m": 37}), "months"),
        (
            json!({"k": rate, "user": rep01, "end": "2031-13"}),
            "endMonth",
        ),
        (json!({"k": rate, "user": rep01, "unit": east}), "userId"),
        (json!({"k": rate}), "userId"),
        (json!({"k": rate, "user": "x"}), "userId"),
    ] {
        let r = trend(&app, &director, vars.clone()).await;
        assert_code(&r, "VALIDATION");
        assert_eq!(r["errors"][0]["extensions"]["field"], field, "{vars}");
    }

    // ORG-3 on the results themselves: rep01 moves to 广州一组 (south). The
    // south manager now sees rep01, but not the months rep01 was assessed
    // in the east (as `assessmentResults` does not show them either).
    sqlx::query("UPDATE users SET unit_id = $1 WHERE id = $2")
        .bind(app.demo.unit("广州一组"))
        .bind(rep01)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let south = app.login("manager.south@example.com").await;
    let r = trend(
        &app,
        &south,
        json!({"k": rate, "user": rep01, "m": 3, "end": "2031-03"}),
    )
    .await;
    assert_ok(&r);
    assert_eq!(
        points(&r),
        vec![(2031, 1, None, 0), (2031, 2, None, 0), (2031, 3, None, 0)]
    );
    // The director still sees them.
    let r = trend(
        &app,
        &director,
        json!({"k": rate, "user": rep01, "m": 1, "end": "2031-01"}),
    )
    .await;
    assert_eq!(points(&r), vec![(2031, 1, v("0.8"), 1)]);
}

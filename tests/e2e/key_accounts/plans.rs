//! KA-3 annual plans and KA-4 quarterly evaluations through GraphQL.

use serde_json::{Value, json};

use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::complaints::insert_customer;

async fn make_key_account(app: &TestApp, name: &str, owner: &str) -> String {
    let id = insert_customer(app, name, Some(owner)).await;
    sqlx::query(
        "UPDATE customers SET key_account = true, ka_class = 'IMPORTANT' WHERE id = $1::uuid",
    )
    .bind(&id)
    .execute(&app.db.pool)
    .await
    .unwrap();
    id
}

const SUBMIT: &str = "mutation($i: SubmitKeyAccountPlanInput!) { submitKeyAccountPlan(input: $i) { id status version } }";
const RESUBMIT: &str = "mutation($i: ResubmitKeyAccountPlanInput!) { resubmitKeyAccountPlan(input: $i) { status version } }";
const REVIEW: &str = "mutation($id: ID!, $v: Int!, $ok: Boolean!, $r: String) {
    reviewKeyAccountPlan(id: $id, version: $v, approve: $ok, reason: $r) { status version returnReason } }";
const APPROVE: &str = "mutation($id: ID!, $v: Int!, $ok: Boolean!, $r: String) {
    approveKeyAccountPlan(id: $id, version: $v, approve: $ok, reason: $r) { status version } }";

async fn refused(
    app: &TestApp,
    token: &str,
    q: &str,
    vars: Value,
    code: &str,
    field: Option<&str>,
) {
    let sql = "SELECT count(*) + coalesce(sum(version), 0) * 1000 FROM ka_plans";
    let before = (
        app.count(sql).await,
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'KA_PLAN'")
            .await,
    );
    let r = app.gql(Some(token), q, vars).await;
    assert_code(&r, code);
    if let Some(f) = field {
        assert_eq!(r["errors"][0]["extensions"]["field"], f, "{r}");
    }
    let after = (
        app.count(sql).await,
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'KA_PLAN'")
            .await,
    );
    assert_eq!(after, before, "nothing changed");
}

#[tokio::test]
async fn ka3_annual_plan_submit_review_approve() {
    let app = TestApp::spawn().await;
    let plain = insert_customer(&app, "普通客户", Some("rep01@example.com")).await;
    let ka = make_key_account(&app, "大客户", "rep01@example.com").await;
    let rep01 = app.login("rep01@example.com").await;
    let rep03 = app.login("rep03@example.com").await;
    let east = app.login("manager.east@example.com").await;
    let gm = app.login("gm@example.com").await;
    let plan = |c: &str| {
        json!({"i": {"customerId": c, "year": 2027, "targetRevenue": "1200000.00",
                                       "strategy": "深耕华东", "actions": "季度拜访"}})
    };
    refused(
        &app,
        &rep01,
        SUBMIT,
        plan(&plain),
        "VALIDATION",
        Some("customerId"),
    )
    .await;
    refused(&app, &rep03, SUBMIT, plan(&ka), "NOT_FOUND", None).await;
    let mut bad = plan(&ka);
    bad["i"]["year"] = json!(1999);
    refused(&app, &rep01, SUBMIT, bad, "VALIDATION", Some("year")).await;
    let mut bad = plan(&ka);
    bad["i"]["strategy"] = json!("x".repeat(5001));
    refused(&app, &rep01, SUBMIT, bad, "VALIDATION", Some("strategy")).await;
    let r = app.gql(Some(&rep01), SUBMIT, plan(&ka)).await;
    assert_ok(&r);
    let id = r["data"]["submitKeyAccountPlan"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    refused(&app, &rep01, SUBMIT, plan(&ka), "CONFLICT", None).await;
    let v = |v: i32, ok: bool, r: Option<&str>| json!({"id": id, "v": v, "ok": ok, "r": r});
    // Out of order; wrong roles; a return needs a reason; stale version.
    refused(&app, &gm, APPROVE, v(1, true, None), "CONFLICT", None).await;
    refused(&app, &rep01, REVIEW, v(1, true, None), "FORBIDDEN", None).await;
    refused(&app, &east, APPROVE, v(1, true, None), "FORBIDDEN", None).await;
    refused(
        &app,
        &east,
        REVIEW,
        v(1, false, None),
        "VALIDATION",
        Some("reason"),
    )
    .await;
    refused(&app, &east, REVIEW, v(9, true, None), "CONFLICT", None).await;
    let r = app
        .gql(Some(&east), REVIEW, v(1, false, Some("目标偏低")))
        .await;
    assert_eq!(
        r["data"]["reviewKeyAccountPlan"]["status"], "RETURNED",
        "{r}"
    );
    let re = json!({"i": {"id": id, "version": 2, "targetRevenue": "1500000", "strategy": "深耕华东", "actions": "月度拜访"}});
    refused(&app, &rep03, RESUBMIT, re.clone(), "NOT_FOUND", None).await;
    let r = app.gql(Some(&rep01), RESUBMIT, re.clone()).await;
    assert_eq!(
        r["data"]["resubmitKeyAccountPlan"]["status"], "SUBMITTED",
        "{r}"
    );
    refused(&app, &rep01, RESUBMIT, json!({"i": {"id": id, "version": 3, "targetRevenue": "1", "strategy": "s", "actions": "a"}}), "CONFLICT", None).await;
    let r = app.gql(Some(&east), REVIEW, v(3, true, None)).await;
    assert_eq!(
        r["data"]["reviewKeyAccountPlan"]["status"], "REVIEWED",
        "{r}"
    );
    refused(&app, &east, REVIEW, v(4, true, None), "CONFLICT", None).await;
    let r = app.gql(Some(&gm), APPROVE, v(4, true, None)).await;
    assert_eq!(
        r["data"]["approveKeyAccountPlan"]["status"], "APPROVED",
        "{r}"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'KA_PLAN'")
            .await,
        5
    );
    // The manager cannot review a plan they submitted themselves.
    let mut p2 = plan(&ka);
    p2["i"]["year"] = json!(2028);
    let r = app.gql(Some(&east), SUBMIT, p2).await;
    let id2 = r["data"]["submitKeyAccountPlan"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    refused(
        &app,
        &east,
        REVIEW,
        json!({"id": id2, "v": 1, "ok": true}),
        "FORBIDDEN",
        None,
    )
    .await;
    let q = "query($c: ID!) { keyAccountPlans(customerId: $c) { year status } }";
    let r = app.gql(Some(&rep01), q, json!({"c": ka})).await;
    assert_eq!(
        r["data"]["keyAccountPlans"].as_array().map(Vec::len),
        Some(2)
    );
    let r = app.gql(Some(&rep03), q, json!({"c": ka})).await;
    assert_eq!(r["data"]["keyAccountPlans"], json!([]));
}

const EVALUATE: &str = "mutation($i: EvaluateKeyAccountInput!) { evaluateKeyAccount(input: $i) { score level quarter } }";

#[tokio::test]
async fn ka4_quarterly_evaluation_scores_and_levels() {
    let app = TestApp::spawn().await;
    let plain = insert_customer(&app, "普通客户", Some("rep01@example.com")).await;
    let ka = make_key_account(&app, "大客户", "rep01@example.com").await;
    let rep01 = app.login("rep01@example.com").await;
    let rep03 = app.login("rep03@example.com").await;
    let eval = |c: &str, q: i32, s: i32| {
        json!({"i": {"customerId": c, "year": 2026, "quarter": q,
        "satisfaction": s, "loyalty": 4, "progress": 4, "revenue": 4, "note": "季度会议"}})
    };
    let count = || app.count("SELECT count(*) FROM ka_evaluations");
    for (vars, token, code, field) in [
        (eval(&plain, 1, 5), &rep01, "VALIDATION", Some("customerId")),
        (eval(&ka, 5, 5), &rep01, "VALIDATION", Some("quarter")),
        (eval(&ka, 1, 0), &rep01, "VALIDATION", Some("satisfaction")),
        (eval(&ka, 1, 6), &rep01, "VALIDATION", Some("satisfaction")),
        (eval(&ka, 1, 5), &rep03, "NOT_FOUND", None),
    ] {
        let r = app.gql(Some(token), EVALUATE, vars).await;
        assert_code(&r, code);
        if let Some(f) = field {
            assert_eq!(r["errors"][0]["extensions"]["field"], f, "{r}");
        }
        assert_eq!(count().await, 0);
    }
    // 0.30×5 + 0.25×4 + 0.20×4 + 0.25×4 = 4.3 → (4.3 − 1) / 4 × 100 = 82.5
    let r = app.gql(Some(&rep01), EVALUATE, eval(&ka, 1, 5)).await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["evaluateKeyAccount"],
        json!({"score": "82.50", "level": "CORE", "quarter": 1})
    );
    let r = app.gql(Some(&rep01), EVALUATE, eval(&ka, 1, 3)).await;
    assert_code(&r, "CONFLICT");
    let manager = app.login("manager.east@example.com").await;
    // 0.30 + 1.0 + 0.8 + 1.0 = 3.1 → 52.5: WATCH.
    let r = app.gql(Some(&manager), EVALUATE, eval(&ka, 2, 1)).await;
    assert_eq!(
        r["data"]["evaluateKeyAccount"],
        json!({"score": "52.50", "level": "WATCH", "quarter": 2}),
        "{r}"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'KA_EVALUATION'")
            .await,
        2
    );
    let q = "query($c: ID!) { keyAccountEvaluations(customerId: $c) { quarter score } }";
    let r = app.gql(Some(&rep01), q, json!({"c": ka})).await;
    assert_eq!(r["data"]["keyAccountEvaluations"][0]["quarter"], 2, "{r}");
    assert_code(
        &app.gql(Some(&rep03), q, json!({"c": ka})).await,
        "NOT_FOUND",
    );
}

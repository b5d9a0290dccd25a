//! CUS-3 ownership (claim, release, transfer, disputes) and CUS-4 pool.

use salesd_api::state::ApiConfig;
use serde_json::{Value, json};

use crate::common::{TestApp, assert_code, assert_ok, code};
use crate::e2e::customers::create;

const CLAIM: &str = "mutation($id: ID!) { claimCustomer(id: $id) { id version owner { id } } }";
const RELEASE: &str = "mutation($id: ID!, $v: Int!) { releaseCustomer(id: $id, version: $v) { version inPool reclaimBlockedUntil } }";
const TRANSFER: &str = "mutation($id: ID!, $v: Int!, $to: ID!) { transferCustomer(id: $id, version: $v, toUserId: $to) { version owner { id } } }";

async fn pool_customer(app: &TestApp, name: &str) -> Value {
    let m = app.login("manager.east@example.com").await;
    create(app, &m, json!({"name": name, "ownerId": null})).await
}

#[tokio::test]
async fn cus3_ten_parallel_claims_exactly_one_wins() {
    let app = TestApp::with_reps(ApiConfig::default(), 10).await;
    let c = pool_customer(&app, "广州天成医疗器械").await;
    let mut tokens = Vec::new();
    for i in 1..=10 {
        tokens.push(app.login(&format!("rep{i:02}@example.com")).await);
    }
    let futures = tokens
        .iter()
        .map(|t| app.gql(Some(t), CLAIM, json!({"id": c["id"]})));
    let results = futures::future::join_all(futures).await;
    let oks = results.iter().filter(|r| r.get("errors").is_none()).count();
    let conflicts = results
        .iter()
        .filter(|r| code(r) == Some("CONFLICT"))
        .count();
    assert_eq!((oks, conflicts), (1, 9), "{results:?}");
    assert_eq!(
        app.count("SELECT count(*) FROM customer_owner_history WHERE reason = 'CLAIMED'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE action = 'CLAIM'")
            .await,
        1
    );
}

#[tokio::test]
async fn org3_claim_of_a_customer_owned_outside_scope_answers_like_a_missing_one() {
    let app = TestApp::spawn().await;
    let rep1 = app.login("rep01@example.com").await;
    let rep2 = app.login("rep02@example.com").await;
    let rep3 = app.login("rep03@example.com").await;
    let owned = create(&app, &rep1, json!({"name": "宁波港联物流"})).await;
    let missing = app
        .gql(Some(&rep3), CLAIM, json!({"id": uuid::Uuid::now_v7()}))
        .await;
    assert_code(&missing, "NOT_FOUND");
    for token in [&rep2, &rep3] {
        let r = app
            .gql(Some(token), CLAIM, json!({"id": owned["id"]}))
            .await;
        assert_eq!(r["errors"], missing["errors"], "identical to a missing id");
    }
    // CUS-3: a claimer who lost the race for a pool customer is told so ...
    let p = pool_customer(&app, "温州瓯江电器").await;
    assert_ok(&app.gql(Some(&rep2), CLAIM, json!({"id": p["id"]})).await);
    let r = app.gql(Some(&rep3), CLAIM, json!({"id": p["id"]})).await;
    assert_code(&r, "CONFLICT");
    // ... but once the claim is a minute old, the customer is simply rep02's.
    sqlx::query(
        "UPDATE customer_owner_history SET at = at - interval '2 minutes' WHERE customer_id = $1::uuid",
    )
    .bind(p["id"].as_str().unwrap())
    .execute(&app.db.pool)
    .await
    .unwrap();
    let r = app.gql(Some(&rep3), CLAIM, json!({"id": p["id"]})).await;
    assert_eq!(r["errors"], missing["errors"]);
    assert_eq!(
        app.count("SELECT count(*) FROM customer_owner_history WHERE reason = 'CLAIMED'")
            .await,
        1,
        "nothing changed"
    );
}

#[tokio::test]
async fn cus3_cus4_claim_release_and_reclaim_block() {
    let app = TestApp::spawn().await;
    let rep1 = app.login("rep01@example.com").await;
    let rep2 = app.login("rep02@example.com").await;
    let owned = create(&app, &rep1, json!({"name": "杭州汇通物流"})).await;
    // ORG-3: rep02 cannot see rep01's customer, so it is not found.
    let r = app
        .gql(Some(&rep2), CLAIM, json!({"id": owned["id"]}))
        .await;
    assert_code(&r, "NOT_FOUND");
    let r = app
        .gql(Some(&rep2), RELEASE, json!({"id": owned["id"], "v": 1}))
        .await;
    assert_code(&r, "NOT_FOUND");
    let r = app
        .gql(Some(&rep1), RELEASE, json!({"id": owned["id"], "v": 9}))
        .await;
    assert_code(&r, "CONFLICT");
    let r = app
        .gql(Some(&rep1), RELEASE, json!({"id": owned["id"], "v": 1}))
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["releaseCustomer"]["inPool"], true);
    let until = r["data"]["releaseCustomer"]["reclaimBlockedUntil"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app
        .gql(Some(&rep1), CLAIM, json!({"id": owned["id"]}))
        .await;
    assert_code(&r, "CONFLICT");
    assert!(
        r["errors"][0]["message"].as_str().unwrap().contains(&until),
        "{r}"
    );
    let r = app
        .gql(Some(&rep2), CLAIM, json!({"id": owned["id"]}))
        .await;
    assert_ok(&r);
    let fin = app.login("finance@example.com").await;
    let p = pool_customer(&app, "苏州新元纺织").await;
    assert_code(
        &app.gql(Some(&fin), CLAIM, json!({"id": p["id"]})).await,
        "FORBIDDEN",
    );
    let reasons: Vec<String> = sqlx::query_scalar(
        "SELECT reason FROM customer_owner_history WHERE customer_id = $1::uuid ORDER BY at, id",
    )
    .bind(owned["id"].as_str().unwrap())
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(reasons, ["CREATED", "RELEASED", "CLAIMED"]);
}

#[tokio::test]
async fn cus3_transfer_by_managers_only_to_active_users() {
    let app = TestApp::spawn().await;
    let rep1 = app.login("rep01@example.com").await;
    let c = create(&app, &rep1, json!({"name": "宁波宏达机械"})).await;
    let rep2 = app.user_id("rep02@example.com").await;
    let rep3 = app.user_id("rep03@example.com").await;
    let v = |v: i32, to: &str| json!({"id": c["id"], "v": v, "to": to});
    assert_code(
        &app.gql(Some(&rep1), TRANSFER, v(1, &rep2)).await,
        "FORBIDDEN",
    );
    let south = app.login("manager.south@example.com").await;
    assert_code(
        &app.gql(Some(&south), TRANSFER, v(1, &rep3)).await,
        "NOT_FOUND",
    );
    let east = app.login("manager.east@example.com").await;
    sqlx::query("UPDATE users SET active = false WHERE email = 'rep04@example.com'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let rep4 = app.user_id("rep04@example.com").await;
    let director = app.login("director@example.com").await;
    let r = app.gql(Some(&director), TRANSFER, v(1, &rep4)).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(r["errors"][0]["extensions"]["field"], "toUserId");
    let r = app.gql(Some(&east), TRANSFER, v(1, &rep3)).await;
    assert_code(&r, "VALIDATION");
    let r = app.gql(Some(&east), TRANSFER, v(1, &rep2)).await;
    assert_ok(&r);
    assert_eq!(r["data"]["transferCustomer"]["owner"]["id"], rep2);
    assert_code(
        &app.gql(Some(&east), TRANSFER, v(1, &rep2)).await,
        "CONFLICT",
    );
    assert_eq!(
        app.count("SELECT count(*) FROM customer_owner_history WHERE reason = 'TRANSFERRED'")
            .await,
        1
    );
}

#[tokio::test]
async fn cus3_disputes_decide_owner_and_shares_summing_to_100() {
    let app = TestApp::spawn().await;
    let rep1 = app.login("rep01@example.com").await;
    let rep2 = app.login("rep02@example.com").await;
    let c = create(&app, &rep1, json!({"name": "上海金桥电子"})).await;
    let open = "mutation($c: ID!, $r: String!) { openOwnershipDispute(customerId: $c, reason: $r) { id status } }";
    assert_code(
        &app.gql(Some(&rep2), open, json!({"c": c["id"], "r": " "}))
            .await,
        "VALIDATION",
    );
    let r = app
        .gql(
            Some(&rep2),
            open,
            json!({"c": c["id"], "r": "我先拜访过这家客户"}),
        )
        .await;
    assert_ok(&r);
    let d = r["data"]["openOwnershipDispute"]["id"].clone();
    assert_code(
        &app.gql(Some(&rep1), open, json!({"c": c["id"], "r": "不对"}))
            .await,
        "CONFLICT",
    );
    let (u1, u2) = (
        app.user_id("rep01@example.com").await,
        app.user_id("rep02@example.com").await,
    );
    let fin = app.user_id("finance@example.com").await;
    let decide = "mutation($id: ID!, $o: ID!, $s: [ShareInput!]!) { decideOwnershipDispute(id: $id, ownerId: $o, shares: $s) {
        status owner { id } shares { user { id } share } } }";
    let mgr = app.login("manager.east@example.com").await;
    let south = app.login("manager.south@example.com").await;
    let shares = |a: &str, b: &str| json!([{"userId": u1, "share": a}, {"userId": u2, "share": b}]);
    let cases = [
        (json!({"id": d, "o": u2, "s": shares("60", "30")}), "shares"),
        (json!({"id": d, "o": u2, "s": shares("100", "0")}), "shares"),
        (
            json!({"id": d, "o": u2, "s": [{"userId": u2, "share": "50"}, {"userId": fin, "share": "50"}]}),
            "shares",
        ),
        (
            json!({"id": d, "o": fin, "s": shares("60", "40")}),
            "ownerId",
        ),
    ];
    for (vars, f) in cases {
        let r = app.gql(Some(&mgr), decide, vars).await;
        assert_code(&r, "VALIDATION");
        assert_eq!(r["errors"][0]["extensions"]["field"], f, "{r}");
    }
    assert_code(
        &app.gql(
            Some(&rep1),
            decide,
            json!({"id": d, "o": u2, "s": shares("40", "60")}),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &app.gql(
            Some(&south),
            decide,
            json!({"id": d, "o": u2, "s": shares("40", "60")}),
        )
        .await,
        "NOT_FOUND",
    );
    assert_eq!(
        app.count("SELECT count(*) FROM performance_shares").await,
        0
    );
    let r = app
        .gql(
            Some(&mgr),
            decide,
            json!({"id": d, "o": u2, "s": shares("40", "60")}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["decideOwnershipDispute"]["status"], "DECIDED");
    assert_eq!(r["data"]["decideOwnershipDispute"]["owner"]["id"], u2);
    assert_eq!(
        app.count("SELECT count(*) FROM performance_shares").await,
        2
    );
    assert_eq!(
        app.count("SELECT count(*) FROM customer_owner_history WHERE reason = 'DISPUTE'")
            .await,
        1
    );
    assert_code(
        &app.gql(
            Some(&mgr),
            decide,
            json!({"id": d, "o": u2, "s": shares("40", "60")}),
        )
        .await,
        "CONFLICT",
    );
    let r = app
        .gql(
            Some(&mgr),
            "{ ownershipDisputes(status: DECIDED) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(
        r["data"]["ownershipDisputes"].as_array().map(Vec::len),
        Some(1)
    );
    let r = app
        .gql(Some(&south), "{ ownershipDisputes { id } }", json!({}))
        .await;
    assert_eq!(
        r["data"]["ownershipDisputes"].as_array().map(Vec::len),
        Some(0)
    );
}

#[tokio::test]
async fn cus4_pool_reclaim_preview_lists_returning_and_warnings() {
    let app = TestApp::spawn().await;
    let rep1 = app.login("rep01@example.com").await;
    let rep3 = app.login("rep03@example.com").await;
    for (name, grade) in [
        ("闲置一般客户", "GENERAL"),
        ("临近客户", "GENERAL"),
        ("战略客户", "STRATEGIC"),
        ("重要客户", "IMPORTANT"),
        ("活跃客户", "GENERAL"),
    ] {
        let c = create(&app, &rep1, json!({"name": name})).await;
        // CUS-1: the grade is the supervisor's to set.
        sqlx::query("UPDATE customers SET grade = $2 WHERE id = $1::uuid")
            .bind(c["id"].as_str().unwrap())
            .bind(grade)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    create(&app, &rep3, json!({"name": "南区闲置客户"})).await;
    for sql in [
        "UPDATE customers SET owned_since = now() - interval '100 days', created_at = now() - interval '100 days' WHERE name IN ('闲置一般客户', '战略客户', '重要客户', '南区闲置客户')",
        "UPDATE customers SET owned_since = now() - interval '200 days', created_at = now() - interval '200 days', last_interaction_at = now() - interval '85 days' WHERE name = '临近客户'",
        "UPDATE customers SET owned_since = now() - interval '300 days', created_at = now() - interval '300 days', last_interaction_at = now() - interval '3 days' WHERE name = '活跃客户'",
    ] {
        sqlx::query(sql).execute(&app.db.pool).await.unwrap();
    }
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive()
        .to_string();
    let q = "query($d: Date!) { poolReclaimPreview(asOf: $d) { returning { customerName daysSinceLastInteraction thresholdDays owner { id } }
        warnings { customerName thresholdDays } } }";
    assert_code(
        &app.gql(Some(&rep1), q, json!({"d": today})).await,
        "FORBIDDEN",
    );
    let names = |r: &Value, list: &str| -> Vec<String> {
        r["data"]["poolReclaimPreview"][list]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["customerName"].as_str().unwrap().to_owned())
            .collect()
    };
    let east = app.login("manager.east@example.com").await;
    let r = app.gql(Some(&east), q, json!({"d": today})).await;
    assert_ok(&r);
    assert_eq!(names(&r, "returning"), ["闲置一般客户"]);
    assert_eq!(
        r["data"]["poolReclaimPreview"]["returning"][0]["thresholdDays"],
        90
    );
    assert_eq!(names(&r, "warnings"), ["临近客户"]);
    let d = app.login("director@example.com").await;
    let r = app.gql(Some(&d), q, json!({"d": today})).await;
    assert_eq!(names(&r, "returning").len(), 2);
}

#[tokio::test]
async fn cus4_many_idle_customers_do_not_crowd_out_the_warnings() {
    let app = TestApp::spawn().await;
    let rep1 = app.login("rep01@example.com").await;
    for i in 0..6 {
        create(&app, &rep1, json!({"name": format!("长期闲置客户{i}号")})).await;
    }
    create(&app, &rep1, json!({"name": "将到期客户"})).await;
    for sql in [
        "UPDATE customers SET owned_since = now() - interval '300 days', created_at = now() - interval '300 days' WHERE name LIKE '长期闲置客户%'",
        "UPDATE customers SET owned_since = now() - interval '86 days', created_at = now() - interval '86 days' WHERE name = '将到期客户'",
    ] {
        sqlx::query(sql).execute(&app.db.pool).await.unwrap();
    }
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive()
        .to_string();
    let q = "query($d: Date!, $n: Int!) { poolReclaimPreview(asOf: $d, limit: $n) {
        returning { customerName } warnings { customerName daysSinceLastInteraction } } }";
    let director = app.login("director@example.com").await;
    let r = app
        .gql(Some(&director), q, json!({"d": today, "n": 3}))
        .await;
    assert_ok(&r);
    let p = &r["data"]["poolReclaimPreview"];
    assert_eq!(p["returning"].as_array().unwrap().len(), 3, "limited: {r}");
    assert_eq!(p["warnings"][0]["customerName"], "将到期客户", "{r}");
    assert_eq!(p["warnings"][0]["daysSinceLastInteraction"], 86);
    for bad in [0, 2001] {
        let r = app
            .gql(Some(&director), q, json!({"d": today, "n": bad}))
            .await;
        assert_code(&r, "VALIDATION");
        assert_eq!(r["errors"][0]["extensions"]["field"], "limit");
    }
}

#[tokio::test]
async fn cus4_reclaim_scan_uses_its_partial_index() {
    let app = TestApp::spawn().await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    sqlx::query("SET enable_seqscan = off")
        .execute(&mut *conn)
        .await
        .unwrap();
    let plan: Vec<String> = sqlx::query_scalar(
        "EXPLAIN SELECT c.id FROM customers c
         WHERE c.owner_id IS NOT NULL AND NOT c.key_account AND c.grade <> 'STRATEGIC'
           AND GREATEST(c.last_interaction_at, c.owned_since, c.created_at) < now()",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    assert!(
        plan.join("\n").contains("customers_pool_idle_idx"),
        "{plan:?}"
    );
}
